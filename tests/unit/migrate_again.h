/*
 * migrate_again.h — a migration round trip for the unit tests of the typed
 * tables (issue 11): a fresh database at dbpath has the named step
 * forgotten and rows put back into the record table by the SQL `put`
 * (SQLite's dialect), then opens again, which runs the step over them.
 * The store opened again, or NULL (a CHECK failed). Include it in the test
 * program only, after tap.h.
 */
#ifndef QUPIYA_TESTS_MIGRATE_AGAIN_H
#define QUPIYA_TESTS_MIGRATE_AGAIN_H

#include <sqlite3.h>

#include "store/store.h"
#include "tap.h"

static inline struct store *
migrate_again(const char *dbpath, const char *step, const char *put)
{
	struct store *s = NULL;
	struct qerr e = {0};
	sqlite3 *db = NULL;
	char *sql;

	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return NULL;
	store_close(s);
	s = NULL;
	sql = sqlite3_mprintf("DELETE FROM schema_migration WHERE name = %Q;%s", step, put);
	CHECK(sql != NULL);
	CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
	CHECK(sql != NULL && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_free(sql);
	sqlite3_close(db);
	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	return s;
}

#endif
