/*
 * sqlite_file.h — a SQLite database file read and edited behind the
 * store's back, for the tests of its schema (test_store_migrations.c,
 * test_store_org_fks.c): query_int() is the first column of the first row
 * of a query (-1 on an error or no row), exec_sql() runs statements (0, or
 * -1 with SQLite's message on stderr). Each opens and closes the file.
 */
#ifndef QUPIYA_TESTS_SQLITE_FILE_H
#define QUPIYA_TESTS_SQLITE_FILE_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

static inline int64_t
query_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_open(db, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static inline int
exec_sql(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open(db, &h);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "# sql: %s\n", sqlite3_errmsg(h));
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

#endif
