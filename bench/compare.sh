#!/bin/sh
# bench/compare.sh BUILD_DIR — qupiya next to its peers, in one run (make bench).
#
# Runs, one after the other on this machine (each figure's peer in the same
# run, minutes apart):
#   1. access decisions in one process: qupiya's access_decide as the server
#      calls it (BUILD/bench/peer_access) on the peers' data and requests
#      (bench/peers/export.mjs), next to the peers' engines: bare C (C1),
#      plain JS (J2), casbin (R), cedar-wasm (D); every engine is checked
#      decision by decision against the harness's reference;
#   2. GET /v1/access/check with wrk (32 connections) against `qupiya serve`,
#      and against a bare libmicrohttpd handler with qupiya's server settings
#      (BUILD/bench/peer_mhd) answering the same bytes;
#   3. audited durable writes (bench_http: POST /v1/orgs, 8 clients) next to
#      bare SQLite durable commits (bench/peers/bench_sqlite.c, S6);
#   4. audit verify (bench_audit: one thread, then one per processor) next
#      to SHA-256 of 64-byte blocks (bench/peers/bench_hash.sh: openssl speed);
#   5. registering carriers through `qupiya import` (bench/bench_import.py:
#      the carrier journal as a CSV file, with every row through the API
#      in process on BENCH_IMPORT_BEFORE rows as "before") next to bare
#      SQLite inserts of the same rows (bench_store --peer).
# Then bench/compare_table.py prints ONE table of ratios and writes
# docs/performance.md and docs/performance.svg (gnuplot).
#
# BENCH_QUICK=1: smaller sizes (a few minutes; figures less stable).
# Raw outputs stay in BUILD_DIR/bench-results/. Needs node/npm (npm ci in
# bench/peers), wrk, gnuplot, gcc, libsqlite3-dev, openssl, curl.
set -eu

if [ $# -ne 1 ] || [ ! -x "$1/bench/peer_access" ]; then
	echo "usage: $0 BUILD_DIR   (built with the bench programs: make bench)" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
peers=$src/bench/peers
out=$build/bench-results
quick=${BENCH_QUICK:-0}

if [ "$quick" = 1 ]; then
	N_REQ=500000 PASSES=4 N_C=5000000 N_JS=500000 N_CASBIN=5000 N_CEDAR=2000
	WRK_SECS=5 SQLITE_ROWS=100000 AUDIT_N=100000 CARRIERS=100000
else
	N_REQ=2000000 PASSES=10 N_C=20000000 N_JS=2000000 N_CASBIN=20000 N_CEDAR=10000
	WRK_SECS=10 SQLITE_ROWS=1000000 AUDIT_N=500000 CARRIERS=1000000
fi

for tool in node npm wrk gnuplot gcc openssl curl python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (make bench installs it)" >&2; exit 1; }
done

rm -rf "$out"
mkdir -p "$out"
started=$(date +%s)
step() { echo "bench: [$(($(date +%s) - started)) s] $*" >&2; }

{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "quick: $quick"
	echo "cpus: $(nproc)"
	lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | sed 's/^/cpu: /'
	echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "node: $(node --version)"
	echo "gcc: $(gcc -dumpversion)"
	echo "wrk: $(wrk --version 2>&1 | head -1)"
	echo "openssl: $(openssl version)"
} > "$out/machine.txt"

step "npm ci in bench/peers (cedar-wasm, casbin)"
(cd "$peers" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
step "building the peers' C programs"
gcc -O2 -o "$out/bench_c" "$peers/bench_c.c"
gcc -O2 -o "$out/bench_sqlite" "$peers/bench_sqlite.c" -lsqlite3

# ---- 1. decisions ----------------------------------------------------------
step "decisions: exporting $N_REQ requests of the peers' data set"
node "$peers/export.mjs" "$N_REQ" "$out/peers.bin" 2>>"$out/log.txt"
dec=$out/decisions.jsonl
: > "$dec"
# qupiya and bare C take seconds: three rounds, alternating, and the table
# takes each one's best (a shared machine's load varies from second to
# second); the node engines run once.
for round in 1 2 3; do
	step "decisions: qupiya (access_decide, $PASSES passes), round $round of 3"
	"$build/bench/peer_access" bench "$out/peers.bin" "$PASSES" >> "$dec"
	step "decisions: bare C, round $round of 3"
	"$out/bench_c" "$N_C" | head -1 >> "$dec"
done
step "decisions: plain JS"
(cd "$peers" && node bench_plainjs.mjs "$N_JS") | grep '"J2:' >> "$dec"
step "decisions: casbin"
(cd "$peers" && node bench_casbin.mjs "$N_CASBIN" 10 R) | grep '"R:' >> "$dec"
step "decisions: cedar-wasm"
(cd "$peers" && node bench_cedar.mjs "$N_CEDAR" D) >> "$dec"

# ---- 2. HTTP ---------------------------------------------------------------
step "http: a server with one readable carrier"
QUPIYA_BIN=$build/qupiya "$build/bench/bench_http" serve > "$out/http.env"
# shellcheck disable=SC1091
. "$out/http.env"
peer_port=$((port + 1))
cleanup_http() {
	kill "$pid" 2>/dev/null || true
	[ -n "${peer_pid:-}" ] && kill "$peer_pid" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup_http EXIT
code=$(curl -s -o "$out/check.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
	"http://127.0.0.1:$port$path")
if [ "$code" != 200 ]; then
	echo "bench: GET $path answered $code" >&2
	exit 1
fi
"$build/bench/peer_mhd" "$peer_port" "$out/check.json" &
peer_pid=$!
sleep 0.5
step "http: wrk GET /v1/access/check (32 connections, $WRK_SECS s)"
wrk -t2 -c32 -d"${WRK_SECS}s" --latency -H "Authorization: Bearer $token" \
	"http://127.0.0.1:$port$path" > "$out/wrk_qupiya.txt"
step "http: wrk against the bare libmicrohttpd handler"
wrk -t2 -c32 -d"${WRK_SECS}s" --latency -H "Authorization: Bearer $token" \
	"http://127.0.0.1:$peer_port$path" > "$out/wrk_peer.txt"
cleanup_http
trap - EXIT

# ---- 3. durable writes -------------------------------------------------------
step "writes: audited HTTP writes (bench_http)"
QUPIYA_BIN=$build/qupiya "$build/bench/bench_http" > "$out/http.txt"
step "writes: bare SQLite (bench_sqlite, $SQLITE_ROWS rows)"
"$out/bench_sqlite" "$SQLITE_ROWS" "$out" > "$out/sqlite.jsonl"

# ---- 4. audit verify ---------------------------------------------------------
step "verify: $AUDIT_N entries (bench_audit)"
"$build/bench/bench_audit" "$AUDIT_N" > "$out/audit.txt"
step "verify: SHA-256 throughput (bench_hash.sh)"
sh "$peers/bench_hash.sh" > "$out/hash.txt"

# ---- 5. carriers ------------------------------------------------------------
step "carriers: $CARRIERS through qupiya import and bare SQLite (bench_import.py)"
QUPIYA_BIN="$build/qupiya" BENCH_IMPORT_BEFORE=$((CARRIERS / 50)) \
	python3 "$src/bench/bench_import.py" "$CARRIERS" > "$out/import.txt"

echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
echo "seconds: $(($(date +%s) - started))" >> "$out/machine.txt"
step "done; the table"
python3 "$src/bench/compare_table.py" "$out" "$src/docs"
