/*
 * pg_scratch.h — a scratch PostgreSQL database for a unit test: made in
 * the cluster that QUPIYA_TEST_PG names (scripts/pg-cluster.sh prints the
 * URL), dropped at the end. For the tests that run on PostgreSQL too.
 */
#ifndef QUPIYA_TEST_PG_SCRATCH_H
#define QUPIYA_TEST_PG_SCRATCH_H

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "crypto/crypto.h"

/* base with its path (the database name) replaced by name. */
static int
url_with_db(const char *base, const char *name, char *out, size_t n)
{
	const char *p = strstr(base, "://"), *slash, *q;

	if (p == NULL)
		return -1;
	slash = strchr(p + 3, '/');
	q = strchr(p + 3, '?');
	if (slash == NULL || (q != NULL && slash > q))
		return -1;
	snprintf(out, n, "%.*s/%s%s", (int)(slash - base), base, name, q ? q : "");
	return 0;
}

static int
admin_sql(const char *conn, const char *sql)
{
	PGconn *c = PQconnectdb(conn);
	PGresult *r;
	int ok;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(c));
		PQfinish(c);
		return -1;
	}
	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}

/* Creates a database "<prefix>_<12 hex>" in base's cluster: its name in
 * dbname, its URL in url. 0 or -1 (said on stderr). */
static int
pg_scratch_create(const char *base, const char *prefix, char *dbname, size_t dn, char *url,
                  size_t un)
{
	uint8_t rnd[6];
	char hex[13], sql[256];

	crypto_random(rnd, sizeof rnd);
	crypto_hex(rnd, sizeof rnd, hex);
	snprintf(dbname, dn, "%s_%s", prefix, hex);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
	if (url_with_db(base, dbname, url, un) != 0 || admin_sql(base, sql) != 0) {
		fprintf(stderr, "cannot create a database in QUPIYA_TEST_PG's cluster\n");
		return -1;
	}
	return 0;
}

static int
pg_scratch_drop(const char *base, const char *dbname)
{
	char sql[256];

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
	return admin_sql(base, sql);
}

#endif
