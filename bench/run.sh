#!/bin/sh
# bench/run.sh BUILD_DIR — runs every bench_* program in BUILD_DIR/bench/,
# one after the other, and prints what each prints. Benchmarks report
# figures, never pass/fail; the exit status is non-zero only when a program
# could not run to its end (crashed or exited non-zero), so a broken bench
# shows. New bench/bench_*.c files are picked up without editing this file.
set -u

if [ $# -ne 1 ] || [ ! -d "$1/bench" ]; then
	echo "usage: $0 BUILD_DIR   (BUILD_DIR/bench/ holds the bench_* programs)" >&2
	exit 2
fi
dir=$1/bench
# Programs that drive a real server find it here.
QUPIYA_BIN=${QUPIYA_BIN:-$(cd "$1" && pwd)/qupiya}
export QUPIYA_BIN

found=0
failed=0
for prog in "$dir"/bench_*; do
	[ -f "$prog" ] && [ -x "$prog" ] || continue
	found=$((found + 1))
	echo "== $(basename "$prog")"
	"$prog"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "== $(basename "$prog") exited with status $rc" >&2
		failed=$((failed + 1))
	fi
	echo
done

if [ "$found" -eq 0 ]; then
	echo "no bench_* programs in $dir (build them: cmake --build $1 --target <bench_name>)" >&2
	exit 1
fi
echo "== ran $found bench program(s); $failed did not finish"
[ "$failed" -eq 0 ]
