#!/bin/sh
# Starts qupiya on a demo database (used by `make run`).
#   scripts/run-demo.sh BIN DB LISTEN
# On first use it creates DB with `qupiya init`, starts the server, fills in
# sample organizations, permits, persons and users through the API
# (scripts/demo-seed.py) and writes their logins to DB's folder (LOGINS.txt,
# mode 0600). Every run prints the logins, then serves in the foreground until
# Ctrl-C.
#
# It seeds only a server it started itself: when LISTEN is already taken it
# stops before creating anything, naming the port. When the first seeding
# fails it removes what it made (the database, its key files, LOGINS.txt),
# says why, and exits non-zero, so the next `make run` starts afresh.
set -eu
BIN=$1 DB=$2 LISTEN=$3
DIR=$(dirname "$DB")
LOGINS="$DIR/LOGINS.txt"
HOST=${LISTEN%:*} PORT=${LISTEN##*:}

port_taken() {
	python3 - "$HOST" "$PORT" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind((sys.argv[1].strip("[]"), int(sys.argv[2])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}

if port_taken; then
	echo "run-demo: port $PORT on $HOST is already in use; stop what holds it or choose another (make run LISTEN=127.0.0.1:PORT)" >&2
	exit 1
fi

if [ ! -f "$DB" ]; then
	mkdir -p "$DIR"
	pid=
	cleanup() {
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
		rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal" "$LOGINS" \
			"$DIR/audit-signing.key" "$DIR/content-master.key" "$DIR/audit-public.key" \
			"$DIR/witness.key"
	}
	fail() {
		echo "run-demo: $1; removed the half-made demo database, its keys and LOGINS.txt (server log: $DIR/seed.log)" >&2
		cleanup
		exit 1
	}
	trap 'fail "interrupted"' INT TERM
	ADMIN_PW=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	QUPIYA_ADMIN_PASSWORD=$ADMIN_PW "$BIN" init --db "$DB" >/dev/null || fail "qupiya init failed"
	"$BIN" serve --db "$DB" --listen "$LISTEN" >"$DIR/seed.log" 2>&1 &
	pid=$!
	( umask 077 && : >"$LOGINS" ) && chmod 600 "$LOGINS"
	python3 "$(dirname "$0")/demo-seed.py" "http://$LISTEN" "$ADMIN_PW" "$pid" >"$LOGINS" \
		|| fail "seeding the demo data failed"
	kill "$pid"
	wait "$pid" || true
	pid=
	trap - INT TERM
fi

echo "qupiya demo database: $DB"
echo "web interface and API: http://$LISTEN/"
echo "demo logins (login / password / roles):"
cat "$LOGINS"
exec "$BIN" serve --db "$DB" --listen "$LISTEN"
