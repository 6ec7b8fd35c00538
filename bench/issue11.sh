#!/bin/sh
# bench/issue11.sh [BEFORE_REV [AFTER_REV]] — the four measures of issue 11,
# before -> after in one run, on the same generated data: builds qupiya of
# BEFORE_REV (default 9b22556, the 0.1.0 binary) and of AFTER_REV (default
# HEAD: commit what you measure) each in a temporary git worktree under
# /tmp (both RelWithDebInfo), then
# runs bench/issue11.py: a 0.1.0 database of BENCH_I11_N carriers (default
# 1,000,000) in one organization, 100 of them carrying the items of the
# list item that changes, served by each binary in turn (the after binary
# upgrades its copy), measuring
#   - the list-item change cascade (the request's time bounds the write lock),
#   - GET /v1/deadlines for that organization,
#   - GET /v1/access/check throughput (wrk),
#   - audited writes per second (wrk POST /v1/lists),
# and prints one before/after table with the load average. Not part of
# `make test` (the 1,000,000-carrier run takes tens of minutes). Needs wrk,
# python3, cmake and the build dependencies.
#
#   BENCH_I11_N          carriers (default 1000000)
#   BENCH_I11_SECS       seconds of each wrk run (default 10)
#   BENCH_I11_READS      GET /v1/deadlines calls (default 7)
#   BENCH_I11_CASCADES   list-item changes (default 5)
#   BENCH_I11_BEFORE_BIN, BENCH_I11_AFTER_BIN  a qupiya already built so
#                        (skips that build)
#   BENCH_I11_KEEP       1 keeps the temporary directory (printed)
#   JOBS                 build parallelism (default 2)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rev=$(git rev-parse --verify "${1:-9b22556}^{commit}")
arev=$(git rev-parse --verify "${2:-HEAD}^{commit}")
command -v wrk >/dev/null 2>&1 || { echo "issue11: wrk is missing" >&2; exit 1; }
tmp=$(mktemp -d /tmp/qupiya-issue11-XXXXXX)
cleanup() {
	for w in before after; do
		git -C "$root" worktree remove --force "$tmp/$w-src" >/dev/null 2>&1 || true
	done
	if [ "${BENCH_I11_KEEP:-0}" = 1 ]; then
		echo "issue11: kept $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT INT TERM
jobs=${JOBS:-2}

build() {   # build SRC_DIR BUILD_DIR
	cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo --log-level=WARNING >/dev/null
	cmake --build "$2" -j "$jobs" --target qupiya >/dev/null
}

# built_at WHICH REV: the path of qupiya of REV (built unless given)
built_at() {
	given=$(eval echo "\${BENCH_I11_$(echo "$1" | tr a-z A-Z)_BIN:-}")
	if [ -n "$given" ]; then
		echo "$given"
		return
	fi
	echo "issue11: building $1: $(git log -1 --format='%h %s' "$2" | cut -c1-70)" >&2
	git worktree add --detach "$tmp/$1-src" "$2" >/dev/null 2>&1
	build "$tmp/$1-src" "$tmp/$1-build"
	echo "$tmp/$1-build/qupiya"
}
before=$(built_at before "$rev")
after=$(built_at after "$arev")
python3 "$root/bench/issue11.py" "$before" "$after" "$tmp/work"
