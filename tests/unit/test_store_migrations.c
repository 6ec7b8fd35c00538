/*
 * test_store_migrations.c — migrations by name (src/store/store_sqlite.c):
 * a new database records every step by name in schema_migration; a 0.1.0
 * database (steps counted by position in meta.schema_version, no
 * schema_migration) has its steps recorded by name on first open and keeps
 * its data; a database holding a migration this program does not know is
 * refused with a clear error and left unchanged. Connection strings: a
 * SQLite path or "sqlite:" + path; "postgresql://" is not supported in this
 * build.
 *
 * The SQLite file is edited directly (sqlite3) to make the old and the newer
 * shapes; everything else goes through store.h.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "store/db.h"
#include "store/store.h"
#include "org_row.h"
#include "sqlite_file.h"
#include "tap.h"

static char dir[256];

static void
test_new(const char *db)
{
	struct store *s = NULL;
	struct qerr e = {0};

	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	store_close(s);
	/* Named, in order, one row each, with a time. */
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration") >= 4);
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name IN"
	                    " ('0001_records', '0002_record_tags', '0003_content',"
	                    " '0004_due_indexes') AND applied_at LIKE '20__-__-__T%Z'") == 4);
	/* The positional mirror for 0.1.0 binaries counts the steps. */
	CHECK(query_int(db, "SELECT CAST(value AS INTEGER) FROM meta"
	                    " WHERE key = 'schema_version'") ==
	      query_int(db, "SELECT count(*) FROM schema_migration"));
	/* Reopening runs nothing again. */
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	store_close(s);
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name = '0001_records'") == 1);
}

/* A 0.1.0 database: the same tables, schema_version "4", no schema_migration. */
static void
test_legacy(const char *db)
{
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct store_rec r;
	struct qerr e = {0};

	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	memset(&r, 0, sizeof r);
	/* an information item (a typed row since 0025_typed_items): its
	 * organization first; the field no column holds stays in extra */
	CHECK(org_row_insert(tx, "org_legacy", NULL, NULL, &e) == 0);
	q_strlcpy(r.kind, "information", sizeof r.kind);
	store_id_new("info", r.id);
	q_strlcpy(r.org_id, "org_legacy", sizeof r.org_id);
	q_strlcpy(r.state, "preliminary", sizeof r.state);
	r.doc = json_pack("{s:s}", "name", "Old body");
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	store_close(s);
	CHECK(exec_sql(db, "DROP TABLE schema_migration;"
	                   "UPDATE meta SET value = '4' WHERE key = 'schema_version';") == 0);

	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	if (s != NULL) {
		struct store_rec got;

		memset(&got, 0, sizeof got);
		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_rec_get(tx, "information", r.id, &got, &e) == 0);
		CHECK(got.doc != NULL &&
		      strcmp(json_string_value(json_object_get(got.doc, "name")), "Old body") == 0);
		store_rec_clear(&got);
		store_rollback(tx);
		store_close(s);
	}
	store_rec_clear(&r);
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name IN"
	                    " ('0001_records', '0002_record_tags', '0003_content',"
	                    " '0004_due_indexes')") == 4);

	/* A 0.1.0 database that ran only its first step gets the rest. */
	CHECK(exec_sql(db, "DROP TABLE schema_migration; DROP TABLE content_chunk;"
	                   " DROP TABLE content;"
	                   "UPDATE meta SET value = '2' WHERE key = 'schema_version';") == 0);
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	store_close(s);
	CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'content'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name = '0003_content'") == 1);
}

/* A database from a newer program: an unknown migration name. */
static void
test_newer(const char *db)
{
	struct store *s = NULL;
	struct qerr e = {0};

	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	store_close(s);
	s = NULL;
	CHECK(exec_sql(db, "INSERT INTO schema_migration VALUES"
	                   " ('0999_from_the_future', '2030-01-01T00:00:00Z')") == 0);
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == -1);
	CHECK(s == NULL);
	CHECK(e.status == QERR_INTERNAL);
	CHECK(strstr(e.detail, "0999_from_the_future") != NULL);
	CHECK(strstr(e.detail, "newer") != NULL);
	/* Left as it was. */
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name = '0999_from_the_future'") == 1);
}

/* store.h names databases by connection string, never by file. */
static void
test_conn_strings(const char *dir_)
{
	struct store *s = NULL;
	struct qerr e = {0};
	char conn[400];

	/* a PostgreSQL URL goes to that backend (issue 12): here no server
	 * listens, so the store is unavailable, not unsupported */
	CHECK(store_open("postgresql://127.0.0.1:1/qupiya?connect_timeout=5",
	                 STORE_OPEN_EXISTING, &s, &e) == -1);
	CHECK(s == NULL);
	CHECK(strstr(e.detail, "cannot connect to the PostgreSQL server") != NULL);
	CHECK_STR(e.code, "storage_unavailable");
	memset(&e, 0, sizeof e);
	CHECK(store_open("mysql://x/y", STORE_OPEN_EXISTING, &s, &e) == -1);
	snprintf(conn, sizeof conn, "sqlite:%s/conn.db", dir_);
	CHECK(store_open(conn, STORE_OPEN_CREATE, &s, &e) == 0);
	store_close(s);
	s = NULL;
	CHECK(store_open(conn + 7, STORE_OPEN_EXISTING, &s, &e) == 0);
	store_close(s);
}

/* A statement inside a transaction whose journal outgrows the store's
 * statement-journal spill threshold (set process-wide by store_open) still
 * commits: SQLite 3.40 answered SQLITE_FULL to it past 128 KiB, and so a
 * migration step that rewrote more than 8 MiB of a large database failed
 * ("database or disk is full"). About 12 MB of rows rewritten here. */
static void
test_stmt_journal(const char *db)
{
	struct store *s = NULL;
	struct qerr e = {0};

	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);   /* configures SQLite */
	store_close(s);
	CHECK(exec_sql(db, "CREATE TABLE big(id INTEGER PRIMARY KEY, v TEXT UNIQUE);"
	                   "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c"
	                   "  WHERE i < 30000)"
	                   " INSERT INTO big SELECT i, printf('%0200d', i) FROM c") == 0);
	CHECK(exec_sql(db, "BEGIN IMMEDIATE; INSERT INTO big(v) VALUES ('x');"
	                   "UPDATE big SET v = v || 'y'; COMMIT") == 0);
	CHECK(query_int(db, "SELECT count(*) FROM big WHERE v LIKE '%y'") == 30001);
}

int
main(void)
{
	char db[300];

	if (crypto_init() != 0)
		return 1;
	snprintf(dir, sizeof dir, "%s/qupiya-mig-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(db, sizeof db, "%s/new.db", dir);
	test_new(db);
	snprintf(db, sizeof db, "%s/legacy.db", dir);
	test_legacy(db);
	snprintf(db, sizeof db, "%s/newer.db", dir);
	test_newer(db);
	test_conn_strings(dir);
	snprintf(db, sizeof db, "%s/journal.db", dir);
	test_stmt_journal(db);
	/* every migration has its PostgreSQL text (pg_schema.c or pg_steps[]
	 * of pg_store.c): a step appended for SQLite alone fails here */
	{
		const char *missing = store_pg_missing_step();

		if (missing != NULL)
			fprintf(stderr, "migration %s has no PostgreSQL text (pg_steps[])\n", missing);
		CHECK(missing == NULL);
	}
	{
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return tap_done();
}
