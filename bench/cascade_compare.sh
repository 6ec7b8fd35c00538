#!/bin/sh
# bench/cascade_compare.sh [BEFORE_REV] — the issue 11 measure of the
# list-item change cascade, before -> after in one run: builds
# bench_cascade of BEFORE_REV (default: the commit before migration
# 0021_typed_lists, lists and items still JSON records) and of this work
# tree, optimised, in a temporary directory, and runs them one after the
# other on a registry of BENCH_CASCADE_N carriers (default 1,000,000; 100
# carry the changed item). Prints both programs' figures (each its own
# bench_cascade's: from 0dcc6e0 on, the write lock's hold over 30 changes
# as store_group.c measures it, median and p95, with its COMMIT, fsync
# and CPU). Not part of `make test`: the two registries take minutes to
# build.
#
#   BENCH_CASCADE_N       registry size (both runs)
#   BENCH_CASCADE_BEFORE  1 also runs the walk of every carrier (slow)
#   BENCH_CASCADE_SPLIT   1 prints work / commit per run
#   JOBS                  build parallelism (default 2)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rev=${1:-}
if [ -z "$rev" ]; then
	first=$(git log --format=%H --reverse -S0021_typed_lists -- src/store/store_sqlite.c | head -n 1)
	[ -n "$first" ] || { echo "no commit adds 0021_typed_lists; give BEFORE_REV" >&2; exit 2; }
	rev=$first^
fi
rev=$(git rev-parse --verify "$rev^{commit}")
tmp=$(mktemp -d /tmp/qupiya-cascade-compare-XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
jobs=${JOBS:-2}
BENCH_CASCADE_BEFORE=${BENCH_CASCADE_BEFORE:-0}
export BENCH_CASCADE_BEFORE

build() {   # build SRC_DIR BUILD_DIR
	cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo --log-level=WARNING >/dev/null
	cmake --build "$2" -j "$jobs" --target bench_cascade >/dev/null
}

mkdir "$tmp/before"
git archive "$rev" | tar -x -C "$tmp/before"
echo "== building bench_cascade: before $(git log -1 --format='%h %s' "$rev" | cut -c1-70)"
build "$tmp/before" "$tmp/before-build"
echo "== building bench_cascade: after (this tree, $(git describe --always --dirty))"
build "$root" "$tmp/after-build"

echo "== before ($(git rev-parse --short "$rev"))"
"$tmp/before-build/bench/bench_cascade"
echo "== after (this tree)"
"$tmp/after-build/bench/bench_cascade"
