#!/bin/sh
# Starts qupiya on a demo database (used by `make run`).
#   scripts/run-demo.sh BIN DB LISTEN
# On first use it creates DB with `qupiya init`, starts the server, fills in
# sample organizations, permits, persons and users through the API
# (scripts/demo-seed.py) and writes their logins to DB's folder. Every run
# prints the logins, then serves in the foreground until Ctrl-C.
set -eu
BIN=$1 DB=$2 LISTEN=$3
DIR=$(dirname "$DB")
LOGINS="$DIR/LOGINS.txt"
mkdir -p "$DIR"

if [ ! -f "$DB" ]; then
	ADMIN_PW=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	QUPIYA_ADMIN_PASSWORD=$ADMIN_PW "$BIN" init --db "$DB" >/dev/null
	"$BIN" serve --db "$DB" --listen "$LISTEN" >"$DIR/seed.log" 2>&1 &
	pid=$!
	trap 'kill $pid 2>/dev/null' EXIT
	python3 "$(dirname "$0")/demo-seed.py" "http://$LISTEN" "$ADMIN_PW" >"$LOGINS"
	kill "$pid"
	wait "$pid" || true
	trap - EXIT
fi

echo "qupiya demo database: $DB"
echo "web interface and API: http://$LISTEN/"
echo "demo logins (login / password / roles):"
cat "$LOGINS"
exec "$BIN" serve --db "$DB" --listen "$LISTEN"
