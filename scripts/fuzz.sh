#!/bin/sh
# fuzz.sh BUILD_DIR SECONDS [TARGET...] — runs fuzz targets under clang's
# libFuzzer (with ASan+UBSan) for SECONDS each, two at a time (JOBS).
# Builds them in BUILD_DIR (CMake, CC=clang, -DQUPIYA_LIBFUZZER=ON: every
# module with -fsanitize=fuzzer-no-link, each tests/fuzz/fuzz_*.c linked
# with libFuzzer's main instead of replay_main.c). Each target starts from
# a scratch copy of its seeds in tests/fuzz/corpus/<target>/ (never edits
# that directory); a crash, leak, timeout or sanitizer report leaves its
# reproducer in BUILD_DIR/artifacts/ and makes the script exit 1.
# Exit 77 when clang cannot build with -fsanitize=fuzzer (ctest: skipped).
# `make fuzz` runs it for FUZZ_SECONDS (default 60); `make test` for 20 s
# per target (ctest fuzz.libfuzzer). See tests/fuzz/README.md.
set -eu

src="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:?usage: fuzz.sh BUILD_DIR SECONDS [TARGET...]}"
secs="${2:?usage: fuzz.sh BUILD_DIR SECONDS [TARGET...]}"
shift 2
jobs="${JOBS:-2}"
cc="${FUZZ_CC:-clang}"

probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' > "$probe/p.c"
if ! command -v "$cc" >/dev/null 2>&1 ||
   ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
	echo "fuzz.sh: $cc cannot build with -fsanitize=fuzzer (install clang and libclang-rt-14-dev: scripts/install-deps.sh)" >&2
	exit 77
fi

if [ $# -eq 0 ]; then
	set -- $(cd "$src/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')
fi
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
      -DQUPIYA_LIBFUZZER=ON >/dev/null
cmake --build "$build" -j "$jobs" --target "$@" >/dev/null

mkdir -p "$build/artifacts" "$build/logs"
run_one() {
	t="$1"
	work="$build/corpus/$t"
	rm -rf "$work"
	mkdir -p "$work"
	if [ -d "$src/tests/fuzz/corpus/$t" ]; then
		cp -R "$src/tests/fuzz/corpus/$t/." "$work/"
	fi
	if "$build/tests/$t" -max_total_time="$secs" -max_len=4096 -timeout=25 \
	       -rss_limit_mb=4096 -print_final_stats=1 \
	       -artifact_prefix="$build/artifacts/$t-" "$work" >"$build/logs/$t.log" 2>&1; then
		echo "fuzz.sh: $t: $(grep -E '^stat::number_of_executed_units' "$build/logs/$t.log" | awk '{print $2}') runs in ${secs}s, clean"
	else
		echo "fuzz.sh: $t: FAILED (log $build/logs/$t.log); last lines:" >&2
		tail -n 30 "$build/logs/$t.log" >&2
		return 1
	fi
}

failed=""
running=0
pids=""
for t in "$@"; do
	( run_one "$t" ) &
	pids="$pids $!:$t"
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		for p in $pids; do
			wait "${p%%:*}" || failed="$failed ${p#*:}"
		done
		pids=""
		running=0
	fi
done
for p in $pids; do
	wait "${p%%:*}" || failed="$failed ${p#*:}"
done
if [ -n "$failed" ]; then
	echo "fuzz.sh: failed:$failed (reproducers in $build/artifacts/)" >&2
	exit 1
fi
echo "fuzz.sh: every target ran ${secs}s under libFuzzer, clean"
