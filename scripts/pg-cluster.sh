#!/bin/sh
# pg-cluster.sh — a throwaway PostgreSQL cluster for the tests (issue 12).
#
#   scripts/pg-cluster.sh start DIR   initdb in DIR/data, start it, print the
#                                     base connection URL on stdout
#   scripts/pg-cluster.sh stop DIR    stop it (immediate) and remove DIR
#   scripts/pg-cluster.sh url DIR     print the URL without starting anything
#   scripts/pg-cluster.sh standby PRIMARY DIR
#                                     a hot standby of the cluster in
#                                     PRIMARY (streaming, pg_basebackup -R)
#                                     in DIR/data, started; prints its URL
#   scripts/pg-cluster.sh tls DIR     as start, and also TCP on 127.0.0.1 port
#                                     $QUPIYA_PG_PORT with ssl = on: a
#                                     self-signed certificate for localhost
#                                     and 127.0.0.1 (openssl) in
#                                     DIR/server.crt (the client's
#                                     sslrootcert), DIR/other.crt another
#                                     one (a root that must not verify);
#                                     pg_hba accepts TCP only over TLS
#                                     (hostnossl ... reject)
#
# The cluster listens on a unix socket in DIR only (listen_addresses = '':
# no TCP port to collide with another run or to expose); the "port" only
# names the socket file, so any fixed number is free. Authentication is
# `trust` for the local socket (initdb -A trust); DIR is 0711 (searchable:
# a server that drops to another user, serve --user, still reaches the
# socket), so every local user may connect: a test cluster only, never
# data. PostgreSQL refuses to run as
# root: when run as root (CI) the cluster belongs to the `postgres` user
# (created by Debian's postgresql-common) and every server program runs
# through runuser; an unprivileged user runs it as itself.
#
# Throwaway settings for speed on a loaded 2-core machine: fsync off,
# full_page_writes off (a crash of the machine loses the cluster; a kill
# -9 of a process loses nothing acknowledged). Never use them for data.
#
# start removes a leftover cluster in DIR first (a run killed before its
# stop); stop is safe to call when nothing runs. Exit status 0, or 1 with
# the reason (and the server log's tail) on stderr.
set -eu

PORT="${QUPIYA_PG_PORT:-5432}"
PGBIN="${PGBIN:-}"
if [ -z "$PGBIN" ]; then
	for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
		if [ -x "$d/initdb" ]; then
			PGBIN="$d"
			break
		fi
	done
fi

die() {
	echo "pg-cluster: $*" >&2
	exit 1
}

primary=""
if [ $# -eq 3 ] && [ "$1" = standby ]; then
	primary="$2"
	set -- standby "$3"
fi
[ $# -eq 2 ] || die "usage: pg-cluster.sh start|stop|url|tls DIR | standby PRIMARY DIR"
cmd="$1"
dir="$2"
case "$dir" in
/*) ;;
*) dir="$(pwd)/$dir" ;;
esac

url() {
	# libpq URI: the socket directory as host, percent-encoded.
	host="$(printf '%s' "${1:-$dir}" | sed 's,%,%25,g; s,/,%2F,g')"
	echo "postgresql://postgres@$host:$PORT/postgres"
}

# as_owner CMD...: the command as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

stop() {
	if [ -f "$dir/data/postmaster.pid" ] && [ -n "$PGBIN" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	# a postmaster pg_ctl could not stop (its pid file gone): by its pid only
	if [ -f "$dir/postmaster.pid.saved" ]; then
		pid="$(head -n 1 "$dir/postmaster.pid.saved")"
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	rm -rf "$dir"
}

# prepare: a fresh DIR the cluster's owner reaches.
prepare() {
	stop
	mkdir -p "$dir"
	# searchable (not listable) by others: a server that drops to another
	# user (serve --user) still reaches the socket; data/ stays 0700
	chmod 0711 "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir"
		# the owner must reach DIR through its parents
		runuser -u postgres -- test -x "$dir" ||
			die "user postgres cannot reach $dir (a parent directory is not searchable)"
	fi
}

# launch: starts DIR/data; prints the URL.
launch() {
	if ! as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
		tail -n 30 "$dir/server.log" >&2 || true
		stop
		die "the server did not start"
	fi
	cp "$dir/data/postmaster.pid" "$dir/postmaster.pid.saved"
	url
}

# tls_setup: certificates (openssl) and settings of the tls command.
tls_setup() {
	command -v openssl >/dev/null 2>&1 || die "openssl not found (apt-get install openssl)"
	for name in server other; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout "$dir/$name.key" -out "$dir/$name.crt" -days 2 \
			-subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
			>"$dir/openssl.log" 2>&1 || {
			cat "$dir/openssl.log" >&2
			die "openssl failed"
		}
	done
	chmod 0600 "$dir/server.key"
	chmod 0644 "$dir/server.crt" "$dir/other.crt"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres: "$dir/server.key" "$dir/server.crt"
	fi
	cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
ssl = on
ssl_cert_file = '$dir/server.crt'
ssl_key_file = '$dir/server.key'
EOF
	cat >"$dir/data/pg_hba.conf" <<EOF
# pg-cluster.sh tls: the socket for the tests' psql; TCP over TLS only
local all all trust
hostssl all all 127.0.0.1/32 trust
hostnossl all all 127.0.0.1/32 reject
EOF
}

case "$cmd" in
standby)
	[ -n "$PGBIN" ] || die "PostgreSQL server programs not found (apt-get install postgresql-15)"
	case "$primary" in
	/*) ;;
	*) primary="$(pwd)/$primary" ;;
	esac
	prepare
	# a base backup that writes its own primary_conninfo and standby.signal
	if ! as_owner "$PGBIN/pg_basebackup" -D "$dir/data" -R -X stream -c fast --no-sync \
		-d "$(url "$primary")" >"$dir/basebackup.log" 2>&1; then
		cat "$dir/basebackup.log" >&2
		stop
		die "pg_basebackup failed"
	fi
	cat >>"$dir/data/postgresql.conf" <<EOF
# pg-cluster.sh: hot standby of $primary
unix_socket_directories = '$dir'
hot_standby = on
EOF
	launch
	;;
url)
	url
	;;
stop)
	stop
	;;
start | tls)
	[ -n "$PGBIN" ] || die "PostgreSQL server programs not found (apt-get install postgresql-15)"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "running as root needs the user 'postgres' (postgresql-common)"
	fi
	prepare
	if ! as_owner "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		stop
		die "initdb failed"
	fi
	cat >>"$dir/data/postgresql.conf" <<EOF
# pg-cluster.sh: throwaway test cluster
listen_addresses = ''
unix_socket_directories = '$dir'
port = $PORT
fsync = off
full_page_writes = off
synchronous_commit = on
max_connections = 200
shared_buffers = 64MB
log_min_messages = warning
log_line_prefix = '%m [%p] %d '
EOF
	if [ "$cmd" = tls ]; then
		tls_setup
	fi
	launch
	;;
*)
	die "usage: pg-cluster.sh start|stop|url|tls DIR | standby PRIMARY DIR"
	;;
esac
