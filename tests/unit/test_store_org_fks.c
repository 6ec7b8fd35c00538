/*
 * test_store_org_fks.c — migration 0027_org_fks (store/org_fks.h): every
 * listed column of a new database REFERENCES organization(id) or
 * person(id), and SQLite enforces it (foreign_keys on); a database whose
 * rows name an organization or a person that is not there (an orphan id)
 * upgrades all the same: the rows stay, each orphan id gets its
 * placeholder row with a seq past every other, and no key is broken
 * afterwards. The table keeps its columns, indexes and CREATE text apart
 * from the keys.
 *
 * The same on PostgreSQL when QUPIYA_TEST_PG names a cluster (the keys
 * are constraints there, added in place; orphans are made by dropping
 * two of them and running the step again).
 *
 * The database is edited directly (sqlite3, libpq) to make the orphans;
 * everything else goes through store.h.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/org_fks.h"
#include "store/store.h"
#include "store/store_table.h"
#include "store/tables_classify.h"
#include "store/tables_clearances.h"
#include "store/tables_org.h"
#include "store/tables_persons.h"
#include "store/tables_transfers.h"
#include "store/tables_trips.h"
#include "pg_scratch.h"
#include "sqlite_file.h"
#include "tap.h"

static char dir[256];

/* An organization, a person of an organization that is not there and a
 * trip of a person who is not there (both backends' SQL). */
#define ORPHAN_ROWS                                                                    \
	"INSERT INTO organization(id, seq, name, kind, foreign_participation, state,"      \
	" registered_on) VALUES ('org_a', 9001, 'A', 'organization', 0, 'active',"         \
	" '2024-01-01');"                                                                  \
	"INSERT INTO person(id, seq, org_id, full_name, citizenship, position,"            \
	" employment_state, registered_on) VALUES ('person_1', 9002, 'org_gone', 'One',"   \
	" 'KZ', 'clerk', 'employed', '2024-01-02');"                                       \
	"INSERT INTO trip(id, seq, person_id, org_id, country, depart_on, return_on, state," \
	" requested_on) VALUES ('trip_1', 9003, 'person_gone', 'org_a', 'FR', '2024-02-01'," \
	" '2024-02-10', 'requested', '2024-01-20');"

static void
has_key(const char *db, const char *table, const char *col, const char *parent)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_foreign_key_list('%s')"
	         " WHERE \"from\" = '%s' AND \"table\" = '%s' AND \"to\" = 'id'", table, col,
	         parent);
	if (query_int(db, sql) != 1)
		fprintf(stderr, "# no key %s.%s -> %s\n", table, col, parent);
	CHECK(query_int(db, sql) == 1);
}

#define KEY_P(t, c, org) has_key(db, t, c, "person");
#define KEY_O(t, c) has_key(db, t, c, "organization");

/* The descriptions (store_table.h) say the same keys: described once. */
static const struct store_table *const tables[] = {
	&store_person_table, &store_ground_table, &store_emergency_mode_org_table,
	&store_classifier_table, &store_list_table, &store_list_item_table,
	&store_clearance_table, &store_permit_table, &store_permit_mark_table,
	&store_certificate_table, &store_delegation_table, &store_transfer_table,
	&store_foreign_table, &store_foreign_org_table, &store_jw_table,
	&store_jw_addendum_table, &store_trip_table, &store_violation_table,
	&store_incident_table,
};

static void
described(const char *table, const char *col, const char *parent)
{
	char want[64];
	const char *got = NULL;
	bool found = false;

	snprintf(want, sizeof want, "%s(id)", parent);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		if (strcmp(tables[i]->name, table) != 0)
			continue;
		for (size_t k = 0; k < tables[i]->ncols; k++)
			if (strcmp(tables[i]->cols[k].name, col) == 0) {
				found = true;
				got = tables[i]->cols[k].references;
			}
	}
	if (!found)
		fprintf(stderr, "# no description of %s.%s\n", table, col);
	CHECK(found);
	CHECK_STR(got, want);
}

#define DESC_P(t, c, org) described(t, c, "person");
#define DESC_O(t, c) described(t, c, "organization");

/* A new database: every key, no leftover table, the schema whole. */
static void
test_new(const char *db)
{
	struct store *s = NULL;
	struct qerr e = {0};

	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	store_close(s);
	STORE_PERSON_FKS(KEY_P)
	STORE_ORG_FKS(KEY_O)
	STORE_PERSON_FKS(DESC_P)
	STORE_ORG_FKS(DESC_O)
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name = '0027_org_fks'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%fk_old%'") == 0);
	/* the CREATE text is unquoted (not ALTER TABLE RENAME's "person"),
	 * and the indexes came back */
	CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'person' AND"
	                    " sql LIKE 'CREATE TABLE person(%org_id TEXT NOT NULL REFERENCES"
	                    " organization(id),%'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN"
	                    " ('person_org_id', 'person_iin', 'clearance_due_org', 'list_item_list_code',"
	                    " 'trip_person_id', 'permit_org_number')") == 6);
	/* the references other tables held to a rebuilt one are intact */
	has_key(db, "ground", "person_id", "person");
	has_key(db, "clearance_replaced", "clearance_id", "clearance");
	has_key(db, "permit_change", "permit_id", "permit");
	CHECK(query_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
	                    " integrity_check <> 'ok'") == 0);
}

/* Orphans: rows naming an organization and a person that are not there.
 * The step is run again on them (its record removed): each orphan gets
 * its placeholder, the rows stay as they were, no key is broken. */
static void
test_orphans(const char *db)
{
	struct store *s = NULL;
	struct qerr e = {0};
	int64_t seq0;

	CHECK(exec_sql(db,
	               "PRAGMA foreign_keys=OFF;"
	               ORPHAN_ROWS
	               "INSERT INTO list(id, seq, org_id, title, state, list_version) VALUES"
	               " ('list_1', 9004, 'org_gone', 'L', 'draft', 1);"
	               "UPDATE sqlite_sequence SET seq = 9004 WHERE name = 'record';"
	               "DELETE FROM schema_migration WHERE name = '0027_org_fks';"
	               "UPDATE meta SET value = CAST(value AS INTEGER) - 1"
	               " WHERE key = 'schema_version';") == 0);
	CHECK(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check") == 3);
	seq0 = query_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 'record'");

	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	store_close(s);
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name = '0027_org_fks'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
	/* the rows as they were */
	CHECK(query_int(db, "SELECT count(*) FROM person WHERE id = 'person_1' AND seq = 9002"
	                    " AND org_id = 'org_gone' AND full_name = 'One'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM trip WHERE id = 'trip_1' AND"
	                    " person_id = 'person_gone'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM list WHERE id = 'list_1'") == 1);
	/* one placeholder each, named by its id, its seq past the others */
	CHECK(query_int(db, "SELECT count(*) FROM organization WHERE id = 'org_gone' AND"
	                    " name = 'org_gone' AND state = 'active'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM person WHERE id = 'person_gone' AND"
	                    " org_id = 'org_a' AND full_name = 'person_gone'") == 1);
	CHECK(query_int(db, "SELECT min(seq) FROM organization WHERE id = 'org_gone'") > seq0);
	CHECK(query_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 'record'") >=
	      query_int(db, "SELECT max(seq) FROM organization"));
	/* the key holds now: SQLite refuses a row naming no organization */
	CHECK(exec_sql(db, "PRAGMA foreign_keys=ON;"
	                   "INSERT INTO list(id, seq, org_id, title, state, list_version) VALUES"
	                   " ('list_2', 9100, 'org_nowhere', 'L', 'draft', 1);") == -1);
	CHECK(exec_sql(db, "PRAGMA foreign_keys=ON;"
	                   "INSERT INTO list(id, seq, org_id, title, state, list_version) VALUES"
	                   " ('list_2', 9100, 'org_a', 'L', 'draft', 1);") == 0);
}

/* One value of a query on PostgreSQL, as an integer (-1 on an error). */
static int64_t
pg_int(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	int64_t v = -1;

	if (r != NULL && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	else
		fprintf(stderr, "# %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return v;
}

static void
pg_key(const char *url, const char *table, const char *col, const char *parent)
{
	char sql[512];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND"
	         " convalidated AND conrelid = '%s'::regclass AND conname = '%s_%s_fkey' AND"
	         " confrelid = '%s'::regclass", table, table, col, parent);
	if (pg_int(url, sql) != 1)
		fprintf(stderr, "# no key %s.%s -> %s\n", table, col, parent);
	CHECK(pg_int(url, sql) == 1);
}

#define PGKEY_P(t, c, org) pg_key(url, t, c, "person");
#define PGKEY_O(t, c) pg_key(url, t, c, "organization");

static void
test_pg(const char *base)
{
	char dbname[64], url[1024];
	struct store *s = NULL;
	struct qerr e = {0};

	if (pg_scratch_create(base, "qt_fks", dbname, sizeof dbname, url, sizeof url) != 0) {
		CHECK(false);
		return;
	}
	CHECK(store_open(url, STORE_OPEN_CREATE, &s, &e) == 0);
	store_close(s);
	s = NULL;
	STORE_PERSON_FKS(PGKEY_P)
	STORE_ORG_FKS(PGKEY_O)
	/* orphans: two keys dropped, rows naming nothing, the step again */
	CHECK(admin_sql(url,
	                "ALTER TABLE person DROP CONSTRAINT person_org_id_fkey;"
	                "ALTER TABLE trip DROP CONSTRAINT trip_person_id_fkey;"
	                ORPHAN_ROWS
	                "SELECT setval('record_seq_seq', 9003);"
	                "DELETE FROM schema_migration WHERE name = '0027_org_fks';") == 0);
	CHECK(store_open(url, STORE_OPEN_EXISTING, &s, &e) == 0);
	store_close(s);
	STORE_PERSON_FKS(PGKEY_P)
	STORE_ORG_FKS(PGKEY_O)
	CHECK(pg_int(url, "SELECT count(*) FROM person WHERE id = 'person_1' AND"
	                  " org_id = 'org_gone'") == 1);
	CHECK(pg_int(url, "SELECT count(*) FROM organization WHERE id = 'org_gone' AND"
	                  " name = 'org_gone' AND seq > 9003") == 1);
	CHECK(pg_int(url, "SELECT count(*) FROM person WHERE id = 'person_gone' AND"
	                  " org_id = 'org_a' AND seq > 9003") == 1);
	CHECK(pg_int(url, "SELECT count(*) FROM schema_migration WHERE name = '0027_org_fks'") == 1);
	/* the key holds: a row naming no organization is refused */
	CHECK(admin_sql(url, "INSERT INTO list(id, seq, version, org_id, title, state, list_version)"
	                     " VALUES ('list_2', 9100, 1, 'org_nowhere', 'L', 'draft', 1)") == -1);
	CHECK(pg_scratch_drop(base, dbname) == 0);
}

int
main(void)
{
	const char *base = getenv("QUPIYA_TEST_PG");

	char db[300];

	if (crypto_init() != 0)
		return 1;
	snprintf(dir, sizeof dir, "/tmp/qupiya-fks-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof db, "%s/q.db", dir);
	test_new(db);
	test_orphans(db);
	if (base != NULL && base[0] != '\0')
		test_pg(base);
	else
		printf("# PostgreSQL part skipped: QUPIYA_TEST_PG is not set\n");
	unlink(db);
	snprintf(db, sizeof db, "%s/q.db-wal", dir);
	unlink(db);
	snprintf(db, sizeof db, "%s/q.db-shm", dir);
	unlink(db);
	rmdir(dir);
	return tap_done();
}
