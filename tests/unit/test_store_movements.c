/*
 * test_store_movements.c — the carriers' circulation journal in its typed
 * table (store/tables_movements.h, migration 0022b_typed_movements):
 * entries of every shape the server writes (and some it never writes: a
 * typed field of the wrong type, an empty string, a foreign org_id) are
 * written through the record form and read back equal (absent, null and
 * value as written, every further field of the act kept); the journal of a
 * carrier lists in seq order with paging; find by (org_id, ref) and its
 * uniqueness; the typed calls. Then the upgrade: the same entries as
 * `record` rows of a database whose 0022b step has not run move into the
 * table with their ids and seqs and read back equal, and 0026 moves the
 * fields of the act (an entry with every one) into their columns and
 * copy_numbers into movement_copy.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmtree.h"
#include "store/store.h"
#include "store/tables_movements.h"
#include "org_row.h"
#include "tap.h"

#define NDOC 10

/* The entries; %s is replaced by the id. */
static const char *const docs[NDOC] = {
	"{\"by\":\"user_1\",\"carrier_id\":\"carrier_a\",\"copy_number\":null,\"date\":\"2025-06-02\","
	"\"id\":\"%s\",\"kind\":\"registered\",\"org_id\":\"org_1\",\"person_id\":null}",
	"{\"by\":\"user_1\",\"carrier_id\":\"carrier_a\",\"copy_number\":2,\"date\":\"2025-06-03\","
	"\"id\":\"%s\",\"kind\":\"issued\",\"org_id\":\"org_1\",\"person_id\":\"person_9\"}",
	"{\"basis\":\"joint_work\",\"by\":\"user_1\",\"carrier_id\":\"carrier_a\","
	"\"copy_number\":null,\"copy_numbers\":[1,2],\"date\":\"2025-06-04\",\"from_org_id\":"
	"\"org_1\",\"id\":\"%s\",\"joint_work_id\":\"jw_1\",\"kind\":\"transferred\",\"org_id\":"
	"\"org_1\",\"person_id\":null,\"to_org_id\":\"org_2\"}",
	/* an inventory's mark: no org_id in the entry, the row's is the inventory's */
	"{\"by\":\"user_1\",\"carrier_id\":\"carrier_a\",\"copy_number\":1,\"date\":\"2025-06-05\","
	"\"found\":false,\"id\":\"%s\",\"inventory_id\":\"inv_1\",\"kind\":\"inventory_mark\"}",
	/* never written by the server: wrong types and empty strings stay whole */
	"{\"by\":\"\",\"carrier_id\":5,\"copy_number\":\"2\",\"date\":\"June\",\"id\":\"%s\","
	"\"kind\":\"lost\",\"org_id\":\"org_other\",\"person_id\":[]}",
	/* a minimal one, nothing typed but the id */
	"{\"id\":\"%s\"}",
	/* an id that is not the row's, a date of the right shape */
	"{\"id\":\"movement_other\",\"date\":\"2025-13-40\",\"copy_number\":-3,"
	"\"note\":{\"x\":[1,{\"y\":null}]}}",
	/* a string at the column's limit and one past it */
	"{\"id\":\"%s\",\"kind\":\"123456789012345678901234567890123456789\","
	"\"by\":\"1234567890123456789012345678901234567890\"}",
	"{\"id\":\"%s\",\"kind\":\"declassified\",\"org_id\":\"org_1\",\"date\":null,\"by\":null,"
	"\"carrier_id\":null,\"person_id\":null}",
	/* every field of an act (0026_carrier_columns), and one no column names */
	"{\"id\":\"%s\",\"kind\":\"transferred\",\"from_org_id\":\"org_3\",\"to_org_id\":\"org_4\","
	"\"from_person_id\":null,\"reason\":\"\u0441\u0440\u043e\u043a\",\"basis\":\"art25\","
	"\"transfer_id\":\"tr_1\",\"joint_work_id\":\"jw_1\",\"foreign_transfer_id\":\"ft_1\","
	"\"act_number\":\"A-1\",\"archive_ref\":\"F-1\",\"archive_org_id\":null,\"inventory_id\":"
	"\"inv_2\",\"incident_id\":\"inc_1\",\"ground\":\"term_expired\",\"declassify_on\":"
	"\"2030-01-01\",\"found\":true,\"copy_numbers\":[3,1],\"note\":1}",
};

static const char *const parents[NDOC] = {"carrier_a", "carrier_a", "carrier_a", "inv_1",
                                          "carrier_b", "carrier_b", "carrier_a", "carrier_a",
                                          "carrier_a", "carrier_c"};
/* (every entry's row names an organization that is there: 0028_carrier_fks) */
static const char *const orgs[NDOC] = {"org_1", "org_1", "org_1", "org_1", "org_1",
                                       "org_2", "org_1", "org_1", "org_1", "org_3"};
static const char *const refs[NDOC] = {"", "", "", "inv_1/carrier_a/1", "", "", "", "", "",
                                       ""};

static char ids[NDOC][STORE_ID_MAX];
static int64_t seqs[NDOC];
static json_t *want[NDOC];

static json_t *
doc_of(int i)
{
	char buf[1024];
	const char *at = strstr(docs[i], "%s");
	json_error_t jerr;

	if (at == NULL)
		return json_loads(docs[i], 0, &jerr);
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - docs[i]), docs[i], ids[i], at + 2);
	return json_loads(buf, 0, &jerr);
}

struct seen {
	int n;
	int64_t last;
	int idx[NDOC];
};

static int
index_of(const char *id)
{
	for (int i = 0; i < NDOC; i++)
		if (strcmp(ids[i], id) == 0)
			return i;
	return -1;
}

static int
seen_cb(void *ctx, const struct store_rec *r)
{
	struct seen *s = ctx;
	int i = index_of(r->id);

	CHECK(i >= 0 && r->seq > s->last);
	s->last = r->seq;
	if (i >= 0 && s->n < NDOC) {
		s->idx[s->n++] = i;
		CHECK(json_equal(r->doc, want[i]));
		if (!json_equal(r->doc, want[i])) {
			char *a = json_dumps(r->doc, JSON_SORT_KEYS), *b = json_dumps(want[i], JSON_SORT_KEYS);

			fprintf(stderr, "# got  %s\n# want %s\n", a, b);
			free(a);
			free(b);
		}
		CHECK_STR(r->parent_id, parents[i]);
		CHECK_STR(r->org_id, orgs[i]);
		CHECK(r->seq == seqs[i]);
	}
	return 0;
}

static int
typed_cb(void *ctx, const struct movement_rec *m)
{
	int *n = ctx;

	CHECK(strcmp(m->parent_id, "carrier_a") == 0);
	(*n)++;
	return 0;
}

static int
copies_cb(void *ctx, const struct movement_rec *m)
{
	int *n = ctx;

	CHECK(m->n_copy_numbers == 2 && m->copy_numbers[0] == 3);
	(*n)++;
	return 0;
}

/* Every entry reads back as written, by get, by list and by find. */
static void
check_all(struct store *s)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct store_rec r;
	struct seen all = {0}, page = {0};
	struct store_query q = {.kind = "movement", .parent_id = "carrier_a", .limit = 100};
	int64_t n = -1;
	int typed = 0;

	CHECK(store_begin(s, false, &tx, &e) == 0);
	for (int i = 0; i < NDOC; i++) {
		CHECK(store_rec_get(tx, "movement", ids[i], &r, &e) == 0);
		if (r.doc != NULL) {
			struct seen one = {0};

			seen_cb(&one, &r);
		}
		store_rec_clear(&r);
	}
	CHECK(store_rec_list(tx, &q, seen_cb, &all, &e) == 0);
	CHECK(all.n == 6);
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 6);
	/* paging by seq: two entries after the second */
	q.after_seq = seqs[1];
	q.limit = 2;
	CHECK(store_rec_list(tx, &q, seen_cb, &page, &e) == 0);
	CHECK(page.n == 2 && page.idx[0] == 2 && page.idx[1] == 6);
	/* the organization's entries and a state filter */
	q = (struct store_query){.kind = "movement", .org_id = "org_1", .limit = 100};
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 8);
	q.state = "none";
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);
	CHECK(store_rec_find(tx, "movement", "org_1", refs[3], &r, &e) == 0);
	CHECK(strcmp(r.id, ids[3]) == 0);
	store_rec_clear(&r);
	CHECK(store_rec_find(tx, "movement", "org_2", refs[3], &r, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);
	CHECK(store_rec_get(tx, "movement", "movement_none", &r, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);
	CHECK(store_movement_list(tx, "carrier_a", NULL, 0, 100, typed_cb, &typed, &e) == 0);
	CHECK(typed == 6);
	/* the fields of the act in their columns, copy_numbers in its rows */
	{
		struct movement_rec m;

		CHECK(store_movement_get(tx, ids[9], &m, &e) == 0);
		CHECK(m.more == (1u << 17) - 1);
		CHECK(strcmp(m.to_org_id, "org_4") == 0 && m.from_person_id[0] == '\0' &&
		      strcmp(m.ground, "term_expired") == 0 && m.found == 1);
		CHECK(m.n_copy_numbers == 2 && m.copy_numbers[0] == 3 && m.copy_numbers[1] == 1);
		CHECK(m.extra != NULL && strcmp(m.extra, "{\"note\":1}") == 0);
		movement_rec_clear(&m);
		/* the journal's rows carry theirs too */
		typed = 0;
		CHECK(store_movement_list(tx, "carrier_c", NULL, 0, 100, copies_cb, &typed, &e) == 0);
		CHECK(typed == 1);
		CHECK(store_movement_get(tx, ids[2], &m, &e) == 0);
		CHECK((m.more & MOVE_M_COPY_NUMBERS) && m.n_copy_numbers == 2 && m.extra == NULL);
		movement_rec_clear(&m);
		/* wrong shapes stay in extra */
		CHECK(store_movement_get(tx, ids[4], &m, &e) == 0);
		CHECK(m.more == 0);
		movement_rec_clear(&m);
	}
	store_rollback(tx);
}

static void
write_all(struct store *s)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};

	CHECK(store_begin(s, true, &tx, &e) == 0);
	for (int i = 0; i < NDOC; i++) {
		struct store_rec r = {0};

		q_strlcpy(r.kind, "movement", sizeof r.kind);
		q_strlcpy(r.id, ids[i], sizeof r.id);
		q_strlcpy(r.parent_id, parents[i], sizeof r.parent_id);
		q_strlcpy(r.org_id, orgs[i], sizeof r.org_id);
		q_strlcpy(r.ref, refs[i], sizeof r.ref);
		r.doc = doc_of(i);
		CHECK(r.doc != NULL && rec_refs_ensure(tx, &r, &e) == 0);   /* 0028_carrier_fks */
		CHECK(store_rec_insert(tx, &r, &e) == 0);
		seqs[i] = r.seq;
		if (i == 3) {
			/* (org_id, ref) is unique */
			struct store_rec d = r;

			store_id_new("movement", d.id);
			CHECK(store_rec_insert(tx, &d, &e) == -1 && e.status == QERR_CONFLICT);
			memset(&e, 0, sizeof e);
		}
		store_rec_clear(&r);
	}
	/* an update rewrites the entry whole */
	{
		struct store_rec r;

		CHECK(store_rec_get(tx, "movement", ids[3], &r, &e) == 0);
		CHECK(json_object_set_new(r.doc, "found", json_true()) == 0);
		CHECK(store_rec_update(tx, &r, &e) == 0);
		json_object_set_new(want[3], "found", json_true());
		store_rec_clear(&r);
	}
	CHECK(store_commit(tx, &e) == 0);
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-moves-XXXXXX", db[300], sql[16384];
	struct store *s = NULL;
	struct qerr e = {0};
	sqlite3 *raw = NULL;
	size_t off;

	if (mkdtemp(dir) == NULL)
		return 2;
	snprintf(db, sizeof db, "%s/t.db", dir);
	for (int i = 0; i < NDOC; i++) {
		store_id_new("movement", ids[i]);
		want[i] = doc_of(i);
		CHECK(want[i] != NULL);
	}
	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return tap_done();
	write_all(s);
	check_all(s);
	store_close(s);
	s = NULL;

	/* The upgrade: the entries as record rows (same ids and seqs), the
	 * step not yet applied. */
	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	off = (size_t)snprintf(sql, sizeof sql, "BEGIN; DELETE FROM movement_copy;"
	                       " DELETE FROM movement; DELETE FROM schema_migration WHERE name IN"
	                       " ('0022b_typed_movements', '0026_carrier_columns');");
	for (int i = 0; i < NDOC && off < sizeof sql; i++) {
		char *d = json_dumps(want[i], JSON_COMPACT | JSON_SORT_KEYS);
		char *q = sqlite3_mprintf("INSERT INTO record(seq, kind, id, org_id, parent_id, ref,"
		                          " state, doc) VALUES (%lld, 'movement', %Q, %Q, %Q, %Q, '',"
		                          " %Q);", (long long)seqs[i], ids[i], orgs[i], parents[i],
		                          refs[i], d);

		off += (size_t)snprintf(sql + off, sizeof sql - off, "%s", q);
		sqlite3_free(q);
		free(d);
	}
	CHECK(off < sizeof sql - 8);
	snprintf(sql + off, sizeof sql - off, "COMMIT;");
	CHECK(sqlite3_exec(raw, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	if (s != NULL) {
		check_all(s);
		store_close(s);
	}
	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	{
		sqlite3_stmt *st = NULL;

		CHECK(sqlite3_prepare_v2(raw, "SELECT count(*) FROM record WHERE kind = 'movement'",
		                         -1, &st, NULL) == SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(raw);
	for (int i = 0; i < NDOC; i++)
		json_decref(want[i]);
	rmtree(dir);
	return tap_done();
}
