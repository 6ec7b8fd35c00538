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
 * Then migration 0028_carrier_fks (the STORE_CARRIER_* lists of the same
 * header) the same way: every key there, each one refusing a value that
 * names nothing, and an upgrade over orphans in every listed column that
 * keeps each row (placeholders; a derived due row of a carrier that is
 * not there is the one row that goes).
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
#include "core/classify_rec.h"
#include "core/grant_rec.h"
#include "store/tables_carriers.h"
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
#define KEY_C(t, c) has_key(db, t, c, "carrier");

/* The descriptions (store_table.h) say the same keys: described once. */
static const struct store_table *const tables[] = {
	&store_person_table, &store_ground_table, &store_emergency_mode_org_table,
	&store_classifier_table, &store_list_table, &store_list_item_table,
	&store_clearance_table, &store_permit_table, &store_permit_mark_table,
	&store_certificate_table, &store_delegation_table, &store_transfer_table,
	&store_foreign_table, &store_foreign_org_table, &store_jw_table,
	&store_jw_addendum_table, &store_trip_table, &store_violation_table,
	&store_incident_table, &grant_table,
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
/* of 0028's tables only access_grant has a description (grant_table) */
#define DESC_GP(t, c, org)                                                            \
	if (strcmp(t, "access_grant") == 0)                                              \
		described(t, c, "person");
#define DESC_GO(t, c)                                                                 \
	if (strcmp(t, "access_grant") == 0)                                              \
		described(t, c, "organization");

/* A new database: every key, no leftover table, the schema whole; the
 * store's own connections enforce the keys (PRAGMA foreign_keys=ON): a row
 * naming no organization is 404, nothing stored. */
static void
test_new(const char *db)
{
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct list_rec l = {0};

	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	store_id_new("list", l.h.id);
	q_strlcpy(l.org_id, "org_nowhere", sizeof l.org_id);
	l.title = (char *)"L";   /* borrowed: never freed */
	l.list_version = 1;
	l.approved_on = l.next_review_on = l.reviewed_on = l.created_on = QDATE_NONE;
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_row_insert(tx, &store_list_table, &l, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	store_rollback(tx);
	/* 0028: a carrier of no organization, a grant to no person */
	{
		struct store_rec r = {0};
		struct grant_rec g = {0};

		q_strlcpy(r.kind, "carrier", sizeof r.kind);
		store_id_new("carrier", r.id);
		q_strlcpy(r.org_id, "org_nowhere", sizeof r.org_id);
		q_strlcpy(r.ref, "N-1", sizeof r.ref);
		q_strlcpy(r.state, "registered", sizeof r.state);
		r.doc = json_pack("{s:s}", "account_number", "N-1");
		memset(&e, 0, sizeof e);
		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(store_rec_insert(tx, &r, &e) == -1 && e.status == QERR_NOT_FOUND);
		store_rollback(tx);
		store_rec_clear(&r);
		store_id_new("grant", g.h.id);
		q_strlcpy(g.org_id, "org_nowhere", sizeof g.org_id);
		q_strlcpy(g.person_id, "person_nowhere", sizeof g.person_id);
		q_strlcpy(g.information_id, "information_1", sizeof g.information_id);
		q_strlcpy(g.granted_by, "user_1", sizeof g.granted_by);
		g.from = date_from_ymd(2025, 1, 1);
		g.until = date_from_ymd(2026, 1, 1);
		g.ended_on = QDATE_NONE;
		memset(&e, 0, sizeof e);
		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(store_row_insert(tx, &grant_table, &g, &e) == -1 && e.status == QERR_NOT_FOUND);
		store_rollback(tx);
	}
	store_close(s);
	CHECK(query_int(db, "SELECT count(*) FROM list") == 0);
	CHECK(query_int(db, "SELECT count(*) FROM carrier") == 0);
	CHECK(query_int(db, "SELECT count(*) FROM access_grant") == 0);
	STORE_PERSON_FKS(KEY_P)
	STORE_ORG_FKS(KEY_O)
	STORE_PERSON_FKS(DESC_P)
	STORE_ORG_FKS(DESC_O)
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE name = '0027_org_fks'") == 1);
	STORE_CARRIER_PERSON_FKS(KEY_P)
	STORE_CARRIER_ORG_FKS(KEY_O)
	STORE_CARRIER_DERIVED_FKS(KEY_C)
	STORE_CARRIER_PERSON_FKS(DESC_GP)
	STORE_CARRIER_ORG_FKS(DESC_GO)
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE"
	                    " name = '0028_carrier_fks'") == 1);
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

/* 0028_carrier_fks: a row in every table it keys, each listed column
 * naming an organization or a person that is not there (org_g1..14,
 * person_g1..5), and a due row of a carrier that is not there (both
 * backends' SQL). */
#define CARRIER_ORPHAN_ROWS                                                            \
	"INSERT INTO carrier(id, seq, org_id, account_number, state, fields,"              \
	" disposing_org_id, archive_org_id) VALUES ('carrier_o', 9101, 'org_g1', 'O-1',"   \
	" 'registered', 0, 'org_g2', 'org_g3');"                                           \
	"INSERT INTO carrier_copies(carrier_id, number, ord, fields, holder_org_id,"       \
	" holder_person_id, holder, carrier_seq) VALUES ('carrier_o', 1, 0, 0, 'org_g4',"  \
	" NULL, 'person_g1', 9101), ('carrier_o', 2, 1, 0, NULL, 'person_g2', NULL, 9101);" \
	"INSERT INTO carrier_disposer(carrier_id, ord, org_id) VALUES ('carrier_o', 0,"    \
	" 'org_g5');"                                                                      \
	"INSERT INTO carrier_departed(carrier_id, org_id, left_on, carrier_seq) VALUES"     \
	" ('carrier_o', 'org_g6', '2024-03-01', 9101);"                                    \
	"INSERT INTO carrier_party(org_id, carrier_seq, carrier_id) VALUES ('org_g7', 9101," \
	" 'carrier_o');"                                                                   \
	"INSERT INTO carrier_due(carrier_id, org_id, due, carrier_seq) VALUES ('carrier_o'," \
	" 'org_g8', '2030-01-01', 9101), ('carrier_gone', 'org_a', '2030-01-01', 9199);"  \
	"INSERT INTO movement(id, seq, parent_id, org_id, fields, person_id, from_org_id,"  \
	" to_org_id, from_person_id, archive_org_id) VALUES ('movement_o', 9102,"          \
	" 'carrier_o', 'org_g9', 0, 'person_g3', 'org_g10', 'org_g11', 'person_g4',"       \
	" 'org_g12');"                                                                     \
	"INSERT INTO access_grant(id, seq, org_id, person_id, carrier_id, valid_from, until," \
	" granted_by, granting_org_id, state) VALUES ('grant_o', 9103, 'org_g13',"          \
	" 'person_g5', 'carrier_o', '2024-01-01', '2030-01-01', 'user_1', 'org_g14',"       \
	" 'active');"

/* After the step over CARRIER_ORPHAN_ROWS (query: one integer of a query
 * on either backend): every row stays, one placeholder per orphan id (a
 * person's in the organization of the row naming it), the due row of no
 * carrier gone. */
#define CARRIER_ORPHANS_KEPT(query, h)                                                 \
	do {                                                                               \
		CHECK(query(h, "SELECT count(*) FROM carrier WHERE id = 'carrier_o' AND"          \
		               " org_id = 'org_g1' AND disposing_org_id = 'org_g2'") == 1);      \
		CHECK(query(h, "SELECT count(*) FROM carrier_copies WHERE"                        \
		               " carrier_id = 'carrier_o'") == 2);                                \
		CHECK(query(h, "SELECT count(*) FROM carrier_disposer") == 1);                    \
		CHECK(query(h, "SELECT count(*) FROM carrier_departed") == 1);                    \
		CHECK(query(h, "SELECT count(*) FROM carrier_party") == 1);                       \
		CHECK(query(h, "SELECT count(*) FROM carrier_due WHERE"                           \
		               " carrier_id = 'carrier_o'") == 1);                                \
		CHECK(query(h, "SELECT count(*) FROM carrier_due WHERE"                           \
		               " carrier_id = 'carrier_gone'") == 0);                             \
		CHECK(query(h, "SELECT count(*) FROM movement WHERE id = 'movement_o' AND"        \
		               " person_id = 'person_g3' AND to_org_id = 'org_g11'") == 1);      \
		CHECK(query(h, "SELECT count(*) FROM access_grant WHERE id = 'grant_o' AND"       \
		               " person_id = 'person_g5' AND granting_org_id = 'org_g14'") == 1); \
		CHECK(query(h, "SELECT count(*) FROM organization WHERE id LIKE 'org_g%' AND"     \
		               " name = id AND state = 'active' AND seq > 9199") == 14);         \
		CHECK(query(h, "SELECT count(*) FROM person WHERE full_name = id AND seq > 9199"  \
		               " AND ((id IN ('person_g1', 'person_g2') AND org_id = 'org_g1')"   \
		               " OR (id = 'person_g3' AND org_id = 'org_g9')"                     \
		               " OR (id = 'person_g4' AND org_id = 'org_g10')"                    \
		               " OR (id = 'person_g5' AND org_id = 'org_g13'))") == 5);          \
	} while (0)

/* The key of table.col refuses a value that names nothing: SQLite's
 * FOREIGN KEY failure (foreign_keys on, as the store's connections). */
static void
fk_refuses(const char *db, const char *table, const char *col)
{
	char sql[256];
	sqlite3 *h = NULL;
	int rc = -1, ext = 0;

	snprintf(sql, sizeof sql, "UPDATE %s SET %s = 'x_nowhere' WHERE %s IS NOT NULL", table,
	         col, col);
	if (sqlite3_open(db, &h) == SQLITE_OK &&
	    sqlite3_exec(h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) == SQLITE_OK) {
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
		ext = sqlite3_extended_errcode(h);
	}
	sqlite3_close(h);
	if (ext != SQLITE_CONSTRAINT_FOREIGNKEY)
		fprintf(stderr, "# %s.%s: %d %d\n", table, col, rc, ext);
	CHECK(rc == SQLITE_CONSTRAINT && ext == SQLITE_CONSTRAINT_FOREIGNKEY);
}

#define REFUSES_P(t, c, org) fk_refuses(db, t, c);
#define REFUSES_O(t, c) fk_refuses(db, t, c);

/* 0028_carrier_fks over orphans in every listed column (its record
 * removed, the rows written behind the store's back): the rows stay, the
 * placeholders come, every key holds and refuses a value naming nothing. */
static void
test_carrier_orphans(const char *db)
{
	CHECK(exec_sql(db,
	               "PRAGMA foreign_keys=OFF;"
	               CARRIER_ORPHAN_ROWS
	               /* and enough rows that the rebuild's statement journal
	                * spills to a file (store_sqlite.c STORE_STMTJRNL_SPILL) */
	               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	               " WHERE i < 30000) INSERT INTO carrier(id, seq, org_id, account_number,"
	               " state, fields) SELECT 'carrier_n' || i, 20000 + i, 'org_a', 'N-' || i,"
	               " 'registered', 0 FROM n;"
	               "INSERT INTO movement(id, seq, parent_id, org_id, fields) SELECT 'm_' || id,"
	               " seq + 30000, id, org_id, 0 FROM carrier WHERE id LIKE 'carrier_n%';"
	               "UPDATE sqlite_sequence SET seq = 80000 WHERE name = 'record';"
	               "DELETE FROM schema_migration WHERE name = '0028_carrier_fks';"
	               "UPDATE meta SET value = CAST(value AS INTEGER) - 1"
	               " WHERE key = 'schema_version';") == 0);
	CHECK(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check") >= 19);
	{
		struct store *s = NULL;
		struct qerr e = {0};

		CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
		store_close(s);
	}
	CHECK(query_int(db, "SELECT count(*) FROM schema_migration WHERE"
	                    " name = '0028_carrier_fks'") == 1);
	CHECK(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
	CARRIER_ORPHANS_KEPT(query_int, db);
	CHECK(query_int(db, "SELECT count(*) FROM carrier WHERE id LIKE 'carrier_n%'") == 30000);
	CHECK(query_int(db, "SELECT count(*) FROM movement WHERE id LIKE 'm_carrier_n%'") == 30000);
	CHECK(query_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 'record'") >=
	      query_int(db, "SELECT max(seq) FROM person"));
	CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%fk_old%'") == 0);
	CHECK(query_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE"
	                    " integrity_check <> 'ok'") == 0);
	/* each key refuses a value naming nothing; carrier_due.carrier_id too */
	STORE_CARRIER_PERSON_FKS(REFUSES_P)
	STORE_CARRIER_ORG_FKS(REFUSES_O)
	STORE_CARRIER_DERIVED_FKS(REFUSES_O)
	/* the indexes came back */
	CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN"
	                    " ('carrier_org', 'carrier_copies_holder_org', 'carrier_due_org',"
	                    " 'movement_org_ref', 'access_grant_person_id',"
	                    " 'carrier_party_carrier')") == 6);
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
#define PGKEY_C(t, c) pg_key(url, t, c, "carrier");

/* As fk_refuses: PostgreSQL's foreign_key_violation (23503). */
static void
pg_refuses(const char *url, const char *table, const char *col)
{
	char sql[256];
	PGconn *c = PQconnectdb(url);
	PGresult *r = NULL;
	const char *state = NULL;

	snprintf(sql, sizeof sql, "UPDATE %s SET %s = 'x_nowhere' WHERE %s IS NOT NULL", table,
	         col, col);
	if (PQstatus(c) == CONNECTION_OK) {
		r = PQexec(c, sql);
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	}
	if (state == NULL || strcmp(state, "23503") != 0)
		fprintf(stderr, "# %s.%s: %s\n", table, col, state ? state : "accepted");
	CHECK(state != NULL && strcmp(state, "23503") == 0);
	PQclear(r);
	PQfinish(c);
}

#define PGREFUSES_P(t, c, org) pg_refuses(url, t, c);
#define PGREFUSES_O(t, c) pg_refuses(url, t, c);

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
	/* 0028_carrier_fks: its keys; then orphans in every listed column (its
	 * keys dropped), the step again */
	STORE_CARRIER_PERSON_FKS(PGKEY_P)
	STORE_CARRIER_ORG_FKS(PGKEY_O)
	STORE_CARRIER_DERIVED_FKS(PGKEY_C)
	CHECK(admin_sql(url,
#define PGDROP_P(t, c, org) "ALTER TABLE " t " DROP CONSTRAINT " t "_" c "_fkey;"
#define PGDROP_O(t, c) "ALTER TABLE " t " DROP CONSTRAINT " t "_" c "_fkey;"
	                STORE_CARRIER_PERSON_FKS(PGDROP_P) STORE_CARRIER_ORG_FKS(PGDROP_O)
	                STORE_CARRIER_DERIVED_FKS(PGDROP_O)
	                CARRIER_ORPHAN_ROWS
	                "SELECT setval('record_seq_seq', 9199);"
	                "DELETE FROM schema_migration WHERE name = '0028_carrier_fks';") == 0);
	CHECK(store_open(url, STORE_OPEN_EXISTING, &s, &e) == 0);
	store_close(s);
	STORE_CARRIER_PERSON_FKS(PGKEY_P)
	STORE_CARRIER_ORG_FKS(PGKEY_O)
	STORE_CARRIER_DERIVED_FKS(PGKEY_C)
	CARRIER_ORPHANS_KEPT(pg_int, url);
	STORE_CARRIER_PERSON_FKS(PGREFUSES_P)
	STORE_CARRIER_ORG_FKS(PGREFUSES_O)
	STORE_CARRIER_DERIVED_FKS(PGREFUSES_O)
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
	test_carrier_orphans(db);
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
