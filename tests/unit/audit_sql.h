/*
 * audit_sql.h — helpers of the audit log tests that tamper with a database
 * behind the store's back (test_auditlog.c, test_audit_verify_jobs.c):
 * rmtree() removes a flat temporary directory, sql() runs statements on a
 * database file with sqlite3 directly (0, or -1 with the error on stderr).
 */
#ifndef QUPIYA_TESTS_AUDIT_SQL_H
#define QUPIYA_TESTS_AUDIT_SQL_H

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "rmtree.h"

static int
sql(const char *path, const char *stmt)
{
	sqlite3 *db;
	char *err = NULL;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, stmt, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sql %s: %s\n", stmt, err ? err : "?");
	sqlite3_free(err);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

#endif
