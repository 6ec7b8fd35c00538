#!/bin/sh
# check.sh PEER_ACCESS [N] — correctness, never timing (ctest
# bench.peer_access_agrees): qupiya's access decision agrees with the
# harness's reference decision (data.mjs refDecide) on every one of N
# requests (default 200000) of the harness's data set. Needs node (the
# generator is data.mjs; no npm package); without it the test is skipped,
# visibly (exit 77).
set -eu
prog=$1
n=${2:-200000}
if ! command -v node >/dev/null 2>&1; then
	echo "SKIPPED: node not found: cannot generate the peers' data set (bench/peers/data.mjs)"
	exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qupiya-peer-check-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
node "$here/export.mjs" "$n" "$tmp/data.bin"
"$prog" check "$tmp/data.bin"
