/*
 * test_store_pg.c — the PostgreSQL store (issue 12) against store.h: a
 * fresh database gets the schema with every migration recorded by name,
 * init on it again is refused, records/accounts/audit rows/blobs round
 * trip, a natural key taken is 409 duplicate, two stores on one database
 * (two "nodes") never lose an update under racing read-modify-writes,
 * store_begin_try answers busy while another node writes, the bulk load
 * (COPY) round trips and fails whole on a refused row, and a database
 * that recorded a migration this program does not know is refused.
 *
 * Needs a PostgreSQL cluster: QUPIYA_TEST_PG is the URL of one of its
 * databases (scripts/pg-cluster.sh prints it); the test creates a database
 * of its own there and drops it at the end. Without QUPIYA_TEST_PG it is
 * SKIPPED (exit 77, ctest SKIP_RETURN_CODE), saying so.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "store/store.h"
#include "store/store_table.h"
#include "store/tables_carriers.h"
#include "store/tables_movements.h"
#include "pg_scratch.h"
#include "tap.h"

static char url[1024];

/* ---- bulk load ------------------------------------------------------------ */

struct copy_got {
	int n;
	char entry[256];
	size_t len;
};

static int
copy_collect(void *ctx, int64_t seq, const char *entry, size_t len,
             const uint8_t leaf[STORE_HASH_SIZE])
{
	struct copy_got *g = ctx;

	(void)seq;
	(void)leaf;
	g->n++;
	g->len = len < sizeof g->entry ? len : sizeof g->entry;
	memcpy(g->entry, entry, g->len);
	return 0;
}

/* ---- two nodes, racing read-modify-writes ------------------------------- */

#define RACE_N 150

struct racer {
	struct store *s;
	int failures;
};

static void *
race(void *arg)
{
	struct racer *r = arg;

	for (int i = 0; i < RACE_N; i++) {
		struct store_tx *tx;
		struct qerr e = {0};
		char buf[32];

		if (store_begin(r->s, true, &tx, &e) != 0 ||
		    store_meta_get(tx, "race", buf, sizeof buf, &e) != 0) {
			store_rollback(tx);
			r->failures++;
			continue;
		}
		snprintf(buf, sizeof buf, "%ld", strtol(buf, NULL, 10) + 1);
		if (store_meta_set(tx, "race", buf, &e) != 0) {
			store_rollback(tx);
			r->failures++;
			continue;
		}
		if (store_commit(tx, &e) != 0)
			r->failures++;
	}
	return NULL;
}

/* In a store_begin() of s (inside the thread's batch: a savepoint): the
 * audit state is want, then becomes put (NULL: unchanged); kept or undone. */
static void
batch_step(struct store *s, const char *want, const char *put, bool keep)
{
	struct store_tx *tx;
	struct qerr e = {0};
	uint8_t buf[16];
	size_t len = 99;

	CHECK(store_begin(s, true, &tx, &e) == 0);
	if (tx == NULL)
		return;
	CHECK(store_audit_state_get(tx, buf, sizeof buf, &len, &e) == 0);
	CHECK(len == strlen(want) && memcmp(buf, want, len) == 0);
	if (put != NULL)
		CHECK(store_audit_state_put(tx, (const uint8_t *)put, strlen(put), &e) == 0);
	if (keep)
		CHECK(store_commit(tx, &e) == 0);
	else
		store_rollback(tx);
}

int
main(void)
{
	const char *base = getenv("QUPIYA_TEST_PG");
	char dbname[64];
	struct store *s = NULL, *s2 = NULL, *s3 = NULL;
	struct store_tx *tx = NULL, *tx2 = NULL;
	struct qerr e = {0};

	if (base == NULL || base[0] == '\0') {
		printf("SKIP: QUPIYA_TEST_PG is not set (the URL of a PostgreSQL cluster's"
		       " database; scripts/pg-cluster.sh)\n");
		return 77;
	}
	if (crypto_init() != 0)
		return 1;
	if (pg_scratch_create(base, "qt_unit", dbname, sizeof dbname, url, sizeof url) != 0)
		return 1;

	/* a fresh database: the schema, every step recorded */
	CHECK(store_open(url, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL) {
		fprintf(stderr, "open: %s %s\n", e.code, e.detail);
		goto drop;
	}
	{
		/* a schema with no account and no audit entry (an init that
		 * never committed) is taken as empty: init can be retried */
		struct store *again = NULL;
		struct qerr e2 = {0};

		CHECK(store_open(url, STORE_OPEN_CREATE, &again, &e2) == 0);
		store_close(again);
	}
	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		char v[32];

		CHECK(store_meta_get(tx, "schema_version", v, sizeof v, &e) == 0);
		CHECK(atoi(v) >= 16);
		CHECK(store_meta_get(tx, "database_id", v, sizeof v, &e) == 0);
		CHECK(strncmp(v, "db_", 3) == 0);
	}
	store_rollback(tx);

	/* records and accounts */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	{
		struct store_rec r = {0}, got = {0}, dup = {0};
		struct store_user u = {0};
		int64_t seq = 0;

		q_strlcpy(r.kind, "org", sizeof r.kind);
		store_id_new("org", r.id);
		q_strlcpy(r.ref, "123456789012", sizeof r.ref);
		r.doc = json_pack("{s:s}", "name", "Министерство");
		CHECK(store_rec_insert(tx, &r, &e) == 0);
		CHECK(r.seq > 0);
		CHECK(store_rec_get(tx, "org", r.id, &got, &e) == 0);
		CHECK_STR(json_string_value(json_object_get(got.doc, "name")), "Министерство");
		store_rec_clear(&got);
		CHECK(store_rec_find(tx, "org", NULL, "123456789012", &got, &e) == 0);
		CHECK_STR(got.id, r.id);
		store_rec_clear(&got);

		dup = r;
		dup.doc = r.doc;
		store_id_new("org", dup.id);
		CHECK(store_rec_insert(tx, &dup, &e) != 0);
		CHECK(e.status == QERR_CONFLICT);
		CHECK_STR(e.code, "duplicate");
		store_rec_clear(&r);
		/* a failed statement aborts a PostgreSQL tx: roll back */
		store_rollback(tx);
		CHECK(store_begin(s, true, &tx, &e) == 0);

		q_strlcpy(u.login, "officer", sizeof u.login);
		store_id_new("user", u.id);
		q_strlcpy(u.pwhash, "$argon2id$x", sizeof u.pwhash);
		q_strlcpy(u.roles, "security_officer", sizeof u.roles);
		CHECK(store_user_insert(tx, &u, &e) == 0);
		CHECK(u.seq > 0);
		CHECK(store_seq_next(tx, &seq, &e) == 0);
		CHECK(seq > 0);
	}
	CHECK(store_commit(tx, &e) == 0);
	{
		/* with an account it is an initialized database: refused */
		struct store *again = NULL;
		struct qerr e2 = {0};

		CHECK(store_open(url, STORE_OPEN_CREATE, &again, &e2) != 0);
		CHECK(e2.status == QERR_CONFLICT);
		CHECK_STR(e2.code, "duplicate");
		store_close(again);
	}

	/* audit rows and blobs (a zero-length state is not NULL) */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	{
		uint8_t leaf[STORE_HASH_SIZE], back[STORE_HASH_SIZE], st[8];
		const char entry[] = "{\"action\":\"x\",\"actor\":\"a\",\"time\":\"2025-01-01T00:00:00Z\"}";
		int64_t size = -1;
		size_t len = 99;

		for (size_t i = 0; i < sizeof leaf; i++)
			leaf[i] = (uint8_t)(i * 7 + 1);
		leaf[3] = 0;
		CHECK(store_audit_size(tx, &size, &e) == 0);
		CHECK(store_audit_insert(tx, size, entry, strlen(entry), leaf, &e) == 0);
		CHECK(store_audit_leaf(tx, size, back, &e) == 0);
		CHECK(memcmp(leaf, back, sizeof leaf) == 0);
		CHECK(store_audit_state_put(tx, st, 0, &e) == 0);
		CHECK(store_audit_state_get(tx, st, sizeof st, &len, &e) == 0);
		CHECK(len == 0);
	}
	CHECK(store_commit(tx, &e) == 0);

	/* a batch keeps the audit frontier in memory and writes it at its
	 * commit: a savepoint rolled back undoes it, one released keeps it,
	 * a batch rolled back leaves the row as it was */
	CHECK(store_batch_begin(s, "import", &e) == 0);
	batch_step(s, "", "A", true);
	batch_step(s, "A", "B", false);
	batch_step(s, "A", NULL, true);
	{
		struct store_tx *outer;

		CHECK(store_begin(s, true, &outer, &e) == 0);   /* nested twice */
		batch_step(s, "A", "C", true);
		batch_step(s, "C", "D", false);
		CHECK(store_commit(outer, &e) == 0);
		CHECK(store_begin(s, true, &outer, &e) == 0);
		batch_step(s, "C", "E", true);
		store_rollback(outer);                       /* E goes with it */
	}
	batch_step(s, "C", "F", true);
	CHECK(store_batch_end(s, true, &e) == 0);
	batch_step(s, "F", NULL, false);
	CHECK(store_batch_begin(s, "import", &e) == 0);
	batch_step(s, "F", "G", true);
	CHECK(store_batch_end(s, false, &e) == 0);
	batch_step(s, "F", NULL, false);

	/* two nodes: no lost update, and begin_try does not wait */
	CHECK(store_open(url, STORE_OPEN_EXISTING, &s2, &e) == 0);
	if (s2 != NULL) {
		struct racer a = {s, 0}, b = {s2, 0};
		pthread_t ta, tb;
		char v[32] = "";

		pthread_create(&ta, NULL, race, &a);
		pthread_create(&tb, NULL, race, &b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		CHECK(a.failures == 0 && b.failures == 0);
		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_meta_get(tx, "race", v, sizeof v, &e) == 0);
		store_rollback(tx);
		CHECK(atoi(v) == 2 * RACE_N);

		/* the lock is taken with the write's first statement */
		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(store_meta_get(tx, "race", v, sizeof v, &e) == 0);
		CHECK(store_begin_try(s2, &tx2, &e) != 0);
		CHECK(e.status == QERR_CONFLICT);
		CHECK_STR(e.code, "busy");
		store_rollback(tx);
		CHECK(store_begin_try(s2, &tx2, &e) == 0);
		store_rollback(tx2);
		store_close(s2);
	}

	/* the bulk load (qupiya migrate) streams each table in one COPY:
	 * text with the characters COPY escapes and blobs with NUL and
	 * backslash bytes round trip; the next statement ends the COPY; a
	 * row the server refuses fails the commit and nothing of the tx stays */
	{
		static const char *const cols[] = {"seq", "entry", "leaf"};
		static const char text[] = "{\"a\":\"tab\there\\back\nline\rcr Қазақ\"}";
		uint8_t leaf[STORE_HASH_SIZE] = {0}, back[STORE_HASH_SIZE];
		struct store_val v[3] = {
			{.type = STORE_VAL_INT, .i = 1000},
			{.type = STORE_VAL_TEXT, .p = text, .len = sizeof text - 1},
			{.type = STORE_VAL_BLOB, .p = leaf, .len = sizeof leaf},
		};
		struct store_dump_row row = {"audit_entry", cols, v, 3};
		struct copy_got got = {0};

		leaf[1] = '\\';
		leaf[2] = '\t';
		leaf[31] = 0xff;
		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(store_load_row(tx, &row, &e) == 0);
		v[0].i = 1001;
		CHECK(store_load_row(tx, &row, &e) == 0);
		CHECK(store_audit_leaf(tx, 1001, back, &e) == 0);   /* ends the COPY */
		CHECK(memcmp(leaf, back, sizeof leaf) == 0);
		CHECK(store_audit_read(tx, 1000, 1, copy_collect, &got, &e) == 0);
		CHECK(got.n == 1 && got.len == sizeof text - 1 &&
		      memcmp(got.entry, text, got.len) == 0);
		CHECK(store_commit(tx, &e) == 0);

		CHECK(store_begin(s, true, &tx, &e) == 0);
		v[0].i = 1002;
		CHECK(store_load_row(tx, &row, &e) == 0);
		v[0].i = 1000;                                     /* taken */
		CHECK(store_load_row(tx, &row, &e) == 0);          /* buffered */
		CHECK(store_commit(tx, &e) != 0);
		CHECK(e.status == QERR_CONFLICT);
		CHECK_STR(e.code, "duplicate");
		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_audit_leaf(tx, 1002, back, &e) != 0);  /* rolled back */
		CHECK(e.status == QERR_NOT_FOUND);
		store_rollback(tx);
	}

	/* 0026_carrier_columns in PostgreSQL's dialect: the fields of the
	 * acts an older build kept whole in extra (a carrier's with every one
	 * of them, a journal entry's) move into their columns when the step
	 * runs; a field no column names stays */
	store_close(s);
	s = NULL;
	CHECK(admin_sql(url,
	      /* the organizations they name (0028_carrier_fks) */
	      "INSERT INTO organization(id, seq, name, kind, foreign_participation, state,"
	      " registered_on) VALUES ('org_1', 900003, 'O1', 'organization', 0, 'active',"
	      " '2024-01-01'), ('org_2', 900004, 'O2', 'organization', 0, 'active', '2024-01-01')"
	      " ON CONFLICT DO NOTHING;"
	      "INSERT INTO carrier(id, seq, org_id, account_number, state, fields, extra)"
	      " VALUES ('carrier_pg26', 900001, 'org_1', 'PG-26', 'archived', 15,"
	      " '{\"owner\":{\"kind\":\"citizen\",\"name\":\"\u0410\",\"iin\":\"900101300123\"},"
	      "\"alienation\":{\"contract_ref\":\"C\",\"compensation\":1000,"
	      "\"non_disclosure_signed_on\":\"2025-01-02\"},\"court_ref\":\"K\","
	      "\"archive\":{\"archive_ref\":\"F\",\"archive_org_id\":null,\"date\":\"2025-02-03\","
	      "\"by\":\"u\"},\"destruction\":null,\"declassification\":{\"ground\":null,"
	      "\"court_ref\":\"K2\",\"effective_date\":\"2025-04-05\",\"by\":\"u\"},"
	      "\"declassified_on\":\"2025-04-05\",\"review_required\":false,\"review_due_on\":"
	      "\"2025-05-06\",\"review_reason\":\"list_changed\",\"reviews\":[{\"kind\":\"resolved\","
	      "\"how\":\"x\",\"effective_date\":\"2025-04-05\",\"by\":\"u\",\"z\":[1]}],\"lost_on\":"
	      "\"2025-06-07\",\"incident_id\":\"inc_1\",\"joint_work_id\":\"jw_1\",\"note\":1}');"
	      "INSERT INTO movement(id, seq, parent_id, org_id, fields, extra) VALUES"
	      " ('movement_pg26', 900002, 'carrier_pg26', 'org_1', 0,"
	      " '{\"from_org_id\":\"org_1\",\"to_org_id\":\"org_2\",\"found\":true,"
	      "\"copy_numbers\":[2,1],\"basis\":\"art25\",\"note\":2}');"
	      "DELETE FROM schema_migration WHERE name = '0026_carrier_columns'") == 0);
	memset(&e, 0, sizeof e);
	CHECK(store_open(url, STORE_OPEN_EXISTING, &s, &e) == 0);
	if (s != NULL) {
		struct carrier_rec c;
		struct movement_rec m;

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_carrier_get(tx, "carrier_pg26", &c, &e) == 0);
		CHECK(c.more == (CARRIER_M_ALL & ~(unsigned)(CARRIER_M_OWNER_BIN |
		                                             CARRIER_M_DESTR_OBJ)));
		CHECK(strcmp(c.owner_iin, "900101300123") == 0 && c.alien_compensation == 1000.0);
		CHECK(c.n_reviews == 1 && strcmp(c.reviews[0].how, "x") == 0 &&
		      c.reviews[0].extra != NULL);
		CHECK(c.extra != NULL && strstr(c.extra, "note") != NULL &&
		      strstr(c.extra, "owner") == NULL);
		carrier_rec_clear(&c);
		CHECK(store_movement_get(tx, "movement_pg26", &m, &e) == 0);
		CHECK(m.more == (MOVE_M_FROM_ORG | MOVE_M_TO_ORG | MOVE_M_FOUND | MOVE_M_BASIS |
		                 MOVE_M_COPY_NUMBERS));
		CHECK(m.n_copy_numbers == 2 && m.copy_numbers[0] == 2 && m.found == 1);
		CHECK(m.extra != NULL && strstr(m.extra, "note") != NULL);
		movement_rec_clear(&m);
		store_rollback(tx);
	}

	/* a migration this program does not know: refused */
	store_close(s);
	s = NULL;
	CHECK(admin_sql(url, "INSERT INTO schema_migration(name, applied_at)"
	                     " VALUES ('9999_from_the_future', 'now')") == 0);
	memset(&e, 0, sizeof e);
	CHECK(store_open(url, STORE_OPEN_EXISTING, &s3, &e) != 0);
	CHECK(strstr(e.detail, "9999_from_the_future") != NULL);
	CHECK(strstr(e.detail, "newer") != NULL);
	store_close(s3);

drop:
	store_close(s);
	CHECK(pg_scratch_drop(base, dbname) == 0);
	return tap_done();
}
