#!/bin/sh
# http_ab.sh — GET /v1/access/check before and after a change, in one run:
# for each round, each build's `qupiya serve` (set up by its own
# bench_http serve) and its bare libmicrohttpd handler (peer_mhd, the same
# bytes) under wrk, 32 connections, alternating, so both see the same load.
# Prints one line per run: build, qupiya req/s, p99, peer req/s, ratio,
# load average.
#
#   sh bench/http_ab.sh BUILD_BEFORE BUILD_AFTER [ROUNDS] [SECONDS]
set -eu
before=$1
after=$2
rounds=${3:-2}
secs=${4:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

one() {   # build label
	b=$1
	QUPIYA_BIN=$b/qupiya "$b/bench/bench_http" serve > "$tmp/env"
	# shellcheck disable=SC1091
	. "$tmp/env"
	peer_port=$((port + 1))
	curl -s -o "$tmp/check.json" -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$port$path"
	"$b/bench/peer_mhd" "$peer_port" "$tmp/check.json" &
	peer_pid=$!
	sleep 0.5
	wrk -t2 -c32 -d"${secs}s" --latency -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$port$path" > "$tmp/q.txt"
	wrk -t2 -c32 -d"${secs}s" --latency -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$peer_port$path" > "$tmp/p.txt"
	kill "$pid" "$peer_pid" 2>/dev/null || true
	wait "$peer_pid" 2>/dev/null || true
	rm -rf "$dir"
	q=$(awk '/^Requests\/sec/ {print $2}' "$tmp/q.txt")
	p=$(awk '/^Requests\/sec/ {print $2}' "$tmp/p.txt")
	q99=$(awk '$1 == "99%" {print $2}' "$tmp/q.txt")
	echo "$2 qupiya=$q p99=$q99 peer_mhd=$p ratio=$(echo "$q $p" | awk '{printf "%.2f", $1 / $2}')" \
		"load=$(cut -d' ' -f1-3 /proc/loadavg)"
}

r=1
while [ "$r" -le "$rounds" ]; do
	one "$before" "before(round $r)"
	one "$after" "after(round $r)"
	r=$((r + 1))
done
