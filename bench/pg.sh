#!/bin/sh
# bench/pg.sh BUILD_DIR [AUDIT_ENTRIES] — the PostgreSQL figures of issue 12,
# in one run, next to SQLite's on the same machine:
#   1. bench_http on SQLite (one node): audited writes/s, access checks/s;
#   2. the same on PostgreSQL, one `qupiya serve` node;
#   3. the same on PostgreSQL, three nodes on one database (clients spread
#      over them);
#   4. an audit log of AUDIT_ENTRIES (default 1000000; the issue's figure is
#      10000000) made by bench_audit on SQLite, moved by `qupiya migrate`,
#      then `qupiya audit verify` (--jobs 1 and 2) on PostgreSQL, entries/s;
#      0 skips it.
# QUPIYA_BENCH_WRITES (default 4000) is passed on to bench_http.
# A throwaway cluster (scripts/pg-cluster.sh) in a temporary directory,
# removed at the end, also on failure or interruption. Unlike the test
# cluster, fsync and full_page_writes are on (synchronous_commit = on): a
# 2xx costs the same durable commit as on SQLite (synchronous=FULL).
# Figures only, never pass/fail; exit status non-zero when a step did not
# run to its end. make bench runs it when the PostgreSQL server programs
# are installed.
set -u

if [ $# -lt 1 ] || [ ! -x "$1/bench/bench_http" ]; then
	echo "usage: $0 BUILD_DIR [AUDIT_ENTRIES]" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
entries=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
cluster="$here/../scripts/pg-cluster.sh"
dir=/tmp/qupiya-bench-pg-$$
QUPIYA_BIN=${QUPIYA_BIN:-$build/qupiya}
export QUPIYA_BIN

cleanup() {
	sh "$cluster" stop "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

base=$(sh "$cluster" start "$dir") || exit 1
psql_run() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$base" -c "$1"
}
psql_run "ALTER SYSTEM SET fsync = on" &&
	psql_run "ALTER SYSTEM SET full_page_writes = on" &&
	psql_run "SELECT pg_reload_conf()" >/dev/null || exit 1
dburl() {
	psql_run "CREATE DATABASE $1" || exit 1
	echo "$base" | sed "s,/postgres\$,/$1,"
}

failed=0
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 1. SQLite, one node"
"$build/bench/bench_http" || failed=1
echo
echo "== 2. PostgreSQL 15, one node"
QUPIYA_BENCH_DB=$(dburl bench1) "$build/bench/bench_http" || failed=1
echo
echo "== 3. PostgreSQL 15, three nodes on one database"
QUPIYA_BENCH_DB=$(dburl bench3) QUPIYA_BENCH_NODES=3 "$build/bench/bench_http" || failed=1
echo
if [ "$entries" -gt 0 ]; then
	# The log is written where appends are cheap (SQLite, bench_audit),
	# moved with `qupiya migrate` (one COPY per table) and verified on
	# PostgreSQL with `qupiya audit verify`, as an operator moving a body
	# over would: appending 10 million entries one transaction of 1000 at
	# a time on PostgreSQL takes hours on this machine.
	echo "== 4. PostgreSQL 15, audit log of $entries entries: migrate, verify"
	work=$(mktemp -d /tmp/qupiya-bench-verify-XXXXXX)
	kept=$(TMPDIR=$work "$build/bench/bench_audit" "$entries" keep |
		sed -n 's/^database kept: //p')
	url=$(dburl audit)
	if [ -z "$kept" ] || [ ! -f "$kept" ]; then
		echo "bench_audit did not leave its database" >&2
		failed=1
	else
		keys=$(dirname "$kept")
		# the first open converts the bench's key file into the keys directory
		"$QUPIYA_BIN" audit verify --db "$kept" --quiet >/dev/null || failed=1
		# timed LABEL COMMAND...: runs it, prints LABEL: seconds, entries/s
		timed() {
			label=$1
			shift
			t0=$(date +%s.%N)
			"$@" >/dev/null || failed=1
			t1=$(date +%s.%N)
			echo "$label: $(echo "$t0 $t1 $entries" |
				awk '{printf "%.1f s, %.0f entries/s", $2-$1, $3/($2-$1)}')"
		}
		timed migrate "$QUPIYA_BIN" migrate --quiet --from "$kept" --to "$url"
		for jobs in 1 2; do
			timed "verify --jobs $jobs on PostgreSQL" \
				"$QUPIYA_BIN" audit verify --quiet --jobs $jobs --db "$url" --keys "$keys"
		done
		psql_run "SELECT 'database size: ' || pg_size_pretty(pg_database_size('audit'))"
	fi
	rm -rf "$work"
fi
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $failed
