/*
 * test_store_carriers.c — carriers and their copies in typed tables
 * (store/tables_carriers.h, migration 0022_typed_carriers): carriers of
 * every shape the server writes (a 0.1.0 one, one with custody per copy,
 * departures, owner and acts) and some it never writes (a typed field of
 * the wrong type, duplicate information ids, copies with one number twice,
 * a copy with two holders) are written through the record form and read
 * back equal — absent, null and value as written, every further field
 * kept; the registry by party, label and holder; the account number's
 * uniqueness; the typed calls. Then the upgrade: the same carriers as
 * `record` rows (with their record_tag rows and content) of a database
 * whose 0022 step has not run move into the tables with their ids and
 * seqs, read back equal, and list the same; and 0026_carrier_columns
 * moves the fields of a carrier's acts (a carrier with every one of them:
 * owner, alienation, court_ref, archive, destruction, declassification,
 * review_*, reviews, lost_on, incident_id, joint_work_id) out of extra
 * into their columns, leaving in extra only what has no column's shape.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmtree.h"
#include "store/store.h"
#include "store/tables_carriers.h"
#include "org_row.h"
#include "tap.h"

#define NCAR 7

static const char *const docs[NCAR] = {
	/* 0.1.0, after the custody and disposal steps */
	"{\"account_number\":\"A-1\",\"archive\":null,\"copies\":[{\"holder\":null,\"holder_org_id\":"
	"\"org_1\",\"holder_person_id\":null,\"issued_on\":null,\"number\":1,\"state\":"
	"\"in_registry\"},{\"holder\":\"person_1\",\"holder_org_id\":\"org_1\",\"holder_person_id\":"
	"null,\"issued_on\":\"2025-06-02\",\"number\":2,\"state\":\"issued\"}],\"declassify_on\":"
	"\"2044-05-10\",\"destruction\":null,\"disposing_org_id\":\"org_1\",\"disposing_org_ids\":"
	"[\"org_1\"],\"id\":\"@\",\"information_ids\":[\"info_1\",\"info_2\"],\"kind\":\"paper\","
	"\"label\":\"top_secret\",\"org_id\":\"org_1\",\"registered_by\":\"user_1\",\"registered_on\":"
	"\"2025-06-02\",\"sheets\":12,\"source_carrier_ids\":[],\"state\":\"issued\",\"title\":"
	"\"Report 1\"}",
	/* copies away under a joint work, departures, an owner and a review */
	"{\"account_number\":\"A-2\",\"archive\":null,\"copies\":[{\"holder\":null,\"holder_org_id\":"
	"\"org_2\",\"holder_person_id\":null,\"issued_on\":null,\"joint_work_id\":\"jw_1\",\"number\":"
	"1,\"state\":\"in_registry\"},{\"holder\":null,\"holder_org_id\":null,\"holder_person_id\":"
	"\"person_7\",\"issued_on\":null,\"number\":3,\"state\":\"in_registry\"}],\"court_ref\":null,"
	"\"declassify_on\":null,\"departed\":{\"org_1\":\"2025-06-03\",\"org_3\":\"2025-01-02\"},"
	"\"destruction\":null,\"disposing_org_id\":null,\"disposing_org_ids\":[\"org_1\",\"org_4\"],"
	"\"id\":\"@\",\"information_ids\":[\"info_2\"],\"kind\":\"electronic\",\"label\":"
	"\"confidential\",\"org_id\":\"org_1\",\"owner\":{\"kind\":\"citizen\",\"name\":\"N\"},"
	"\"registered_by\":\"user_1\",\"registered_on\":\"2025-06-02\",\"review_due_on\":"
	"\"2025-09-01\",\"review_required\":true,\"sheets\":1,\"source_carrier_ids\":[\"carrier_x\","
	"\"carrier_x\"],\"state\":\"registered\",\"title\":\"Report \\\"2\\\" \\u049b\"}",
	/* never written by the server: every typed field of a wrong type */
	"{\"account_number\":\"other\",\"copies\":[{\"number\":1},{\"number\":1}],\"declassify_on\":"
	"\"soon\",\"departed\":{\"org_9\":5},\"id\":\"carrier_other\",\"information_ids\":[\"info_1\","
	"\"info_1\",7],\"kind\":\"floppy\",\"label\":\"secret\",\"org_id\":\"org_9\",\"sheets\":\"3\","
	"\"source_carrier_ids\":{},\"state\":\"lost\",\"title\":\"\",\"owner\":{\"kind\":\"citizen\","
	"\"name\":\"X\",\"other\":1},\"review_required\":\"yes\",\"archive\":{\"archive_ref\":7},"
	"\"alienation\":{\"compensation\":\"1000\"},\"reviews\":[1],\"lost_on\":\"\",\"court_ref\":5}",
	/* a copy with two holders, one with extra fields, and a minimal carrier */
	"{\"copies\":[{\"holder_org_id\":\"org_1\",\"holder_person_id\":\"person_2\",\"number\":5,"
	"\"note\":[1,{\"a\":null}]},{\"number\":2,\"state\":null}],\"id\":\"@\",\"label\":null,"
	"\"title\":null,\"sheets\":null}",
	"{}",
	"{\"id\":\"@\",\"org_id\":\"org_2\",\"label\":\"special_importance\",\"state\":\"archived\","
	"\"declassify_on\":\"2030-01-01\",\"copies\":[],\"information_ids\":[],\"departed\":{}}",
	/* every field of the acts, plus one no column names */
	"{\"id\":\"@\",\"org_id\":\"org_5\",\"account_number\":\"A-7\",\"state\":\"declassified\","
	"\"owner\":{\"kind\":\"citizen\",\"name\":\"\u0410\u0439\u0433\u0435\u0440\u0456\u043c\","
	"\"iin\":\"900101300123\"},\"alienation\":{\"contract_ref\":\"C-7\",\"compensation\":"
	"1500000,\"non_disclosure_signed_on\":\"2025-01-02\"},\"court_ref\":\"K-7\",\"archive\":"
	"{\"archive_ref\":\"F-7\",\"archive_org_id\":null,\"date\":\"2025-02-03\",\"by\":\"user_1\"},"
	"\"destruction\":{\"act_number\":\"D-7\",\"date\":\"2025-03-04\",\"by\":\"user_2\"},"
	"\"declassification\":{\"ground\":null,\"court_ref\":\"K-8\",\"effective_date\":"
	"\"2025-04-05\",\"by\":\"user_3\"},\"declassified_on\":\"2025-04-05\",\"review_required\":"
	"false,\"review_due_on\":\"2025-05-06\",\"review_reason\":\"list_changed\",\"reviews\":["
	"{\"list_item_id\":\"li_1\",\"kind\":\"changed\",\"degree\":\"secret\",\"effective_date\":"
	"\"2025-05-06\"},{\"kind\":\"resolved\",\"how\":\"declassified\",\"effective_date\":"
	"\"2025-04-05\",\"by\":\"user_3\"}],\"lost_on\":\"2025-06-07\",\"incident_id\":\"inc_7\","
	"\"joint_work_id\":\"jw_7\",\"note\":{\"free\":[1.5,true]}}",
};
static const char *const orgs[NCAR] = {"org_1", "org_1", "org_1", "org_1",
                                       "org_2", "org_2", "org_5"};
static const char *const refs[NCAR] = {"A-1", "A-2", "A-3", "A-4", "", "A-6", "A-7"};
static const char *const states[NCAR] = {"issued", "registered", "lost", "registered",
                                         "destroyed", "archived", "declassified"};

static char ids[NCAR][STORE_ID_MAX];
static int64_t seqs[NCAR];
static json_t *want[NCAR];

static json_t *
doc_of(int i)
{
	char buf[4096];
	const char *at = strchr(docs[i], '@');
	json_error_t jerr;
	json_t *d;

	if (at == NULL) {
		d = json_loads(docs[i], 0, &jerr);
	} else {
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - docs[i]), docs[i], ids[i], at + 1);
		d = json_loads(buf, 0, &jerr);
	}
	if (d == NULL)
		fprintf(stderr, "# doc %d: %s\n", i, jerr.text);
	return d;
}

static int
index_of(const char *id)
{
	for (int i = 0; i < NCAR; i++)
		if (strcmp(ids[i], id) == 0)
			return i;
	return -1;
}

struct seen {
	int n;
	int idx[NCAR];
};

static void
same(const struct store_rec *r, int i)
{
	CHECK(json_equal(r->doc, want[i]));
	if (!json_equal(r->doc, want[i])) {
		char *a = json_dumps(r->doc, JSON_SORT_KEYS), *b = json_dumps(want[i], JSON_SORT_KEYS);

		fprintf(stderr, "# got  %s\n# want %s\n", a, b);
		free(a);
		free(b);
	}
	CHECK_STR(r->org_id, orgs[i]);
	CHECK_STR(r->ref, refs[i]);
	CHECK_STR(r->state, states[i]);
	CHECK(r->seq == seqs[i]);
}

static int
seen_cb(void *ctx, const struct store_rec *r)
{
	struct seen *s = ctx;
	int i = index_of(r->id);

	CHECK(i >= 0);
	if (i >= 0 && s->n < NCAR) {
		s->idx[s->n++] = i;
		same(r, i);
	}
	return 0;
}

static struct seen
tagged(struct store_tx *tx, const char *org, const char *name, const char *value,
       const char *name2, const char *value2)
{
	struct store_query q = {.kind = "carrier", .org_id = org, .limit = 100};
	struct store_tag t[2] = {{name, value}, {name2, value2}};
	struct seen s = {0};
	struct qerr e = {0};

	CHECK(store_rec_list_tagged(tx, &q, t, name2 ? 2 : 1, seen_cb, &s, &e) == 0);
	return s;
}

static void
check_all(struct store *s)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct store_rec r;
	struct seen all = {0}, t;
	struct store_query q = {.kind = "carrier", .limit = 100};
	struct carrier_rec c;
	int64_t n = -1;

	CHECK(store_begin(s, false, &tx, &e) == 0);
	for (int i = 0; i < NCAR; i++) {
		CHECK(store_rec_get(tx, "carrier", ids[i], &r, &e) == 0);
		if (r.doc != NULL)
			same(&r, i);
		store_rec_clear(&r);
	}
	CHECK(store_rec_list(tx, &q, seen_cb, &all, &e) == 0);
	CHECK(all.n == NCAR);
	q.org_id = "org_1";
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 4);
	q.org_id = NULL;
	q.state = "registered";
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 2);
	CHECK(store_rec_find(tx, "carrier", "org_1", "A-2", &r, &e) == 0 && index_of(r.id) == 1);
	store_rec_clear(&r);
	CHECK(store_rec_find(tx, "carrier", "org_2", "A-2", &r, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);
	/* the registries: org_2 holds a copy of carrier 1 and registers 4, 5;
	 * copies of carrier 1 left org_3 */
	t = tagged(tx, NULL, STORE_TAG_PARTY, "org_2", NULL, NULL);
	CHECK(t.n == 4 && t.idx[0] == 0 && t.idx[1] == 1 && t.idx[2] == 4 && t.idx[3] == 5);
	t = tagged(tx, NULL, STORE_TAG_PARTY, "org_3", NULL, NULL);
	CHECK(t.n == 1 && t.idx[0] == 1);
	t = tagged(tx, "org_1", STORE_TAG_PARTY, "org_2", NULL, NULL);
	CHECK(t.n == 2 && t.idx[0] == 0 && t.idx[1] == 1);
	t = tagged(tx, NULL, STORE_TAG_HOLDER, "person_1", STORE_TAG_LABEL, "top_secret");
	CHECK(t.n == 1 && t.idx[0] == 0);
	t = tagged(tx, NULL, STORE_TAG_LABEL, "confidential", STORE_TAG_PARTY, "org_1");
	CHECK(t.n == 1 && t.idx[0] == 1);
	t = tagged(tx, NULL, STORE_TAG_LABEL, "top_secret", STORE_TAG_LABEL, "confidential");
	CHECK(t.n == 0);
	CHECK(store_carrier_copies_held(tx, "org_1", &n, &e) == 0 && n == 3);
	/* the typed calls */
	CHECK(store_carrier_get(tx, ids[1], &c, &e) == 0);
	CHECK(c.n_copies == 2 && c.copies[1].number == 3 &&
	      strcmp(c.copies[1].holder_person_id, "person_7") == 0 &&
	      strcmp(c.copies[0].joint_work_id, "jw_1") == 0);
	CHECK(c.n_departed == 2 && strcmp(c.departed[0].org_id, "org_1") == 0);
	CHECK(c.n_disposing == 2 && c.n_sources == 2 && c.n_information == 1);
	CHECK(strcmp(c.label, "confidential") == 0 && c.sheets == 1);
	carrier_rec_clear(&c);
	CHECK(store_carrier_get(tx, ids[2], &c, &e) == 0);
	/* information ids of a wrong shape: the links of the valid ones */
	CHECK(c.n_information == 1 && (c.fields & CARRIER_F_INFORMATION) == 0);
	carrier_rec_clear(&c);
	/* the fields of the acts in their columns */
	CHECK(store_carrier_get(tx, ids[6], &c, &e) == 0);
	CHECK(c.more == (CARRIER_M_ALL & ~(unsigned)(CARRIER_M_OWNER_BIN)));
	CHECK(strcmp(c.owner_iin, "900101300123") == 0 && strcmp(c.owner_kind, "citizen") == 0);
	CHECK(c.alien_compensation == 1500000.0 && strcmp(c.alien_contract_ref, "C-7") == 0);
	CHECK(strcmp(c.archive_ref, "F-7") == 0 && c.archive_org_id[0] == '\0' &&
	      strcmp(c.archived_on, "2025-02-03") == 0);
	CHECK(strcmp(c.destr_act_number, "D-7") == 0 && strcmp(c.decl_court_ref, "K-8") == 0 &&
	      c.decl_ground[0] == '\0' && strcmp(c.decl_by, "user_3") == 0);
	CHECK(c.review_required == 0 && strcmp(c.review_due_on, "2025-05-06") == 0);
	CHECK(c.n_reviews == 2 && strcmp(c.reviews[0].list_item_id, "li_1") == 0 &&
	      c.reviews[0].extra != NULL && strcmp(c.reviews[1].how, "declassified") == 0 &&
	      c.reviews[1].extra == NULL);
	CHECK(c.extra != NULL && strcmp(c.extra, "{\"note\":{\"free\":[1.5,true]}}") == 0);
	carrier_rec_clear(&c);
	/* a field of another shape stays in extra, whole */
	CHECK(store_carrier_get(tx, ids[2], &c, &e) == 0);
	CHECK((c.more & (CARRIER_M_OWNER | CARRIER_M_REVIEW_REQUIRED | CARRIER_M_ARCHIVE |
	                 CARRIER_M_ALIEN | CARRIER_M_REVIEWS | CARRIER_M_LOST_ON |
	                 CARRIER_M_COURT_REF)) == 0);
	CHECK(c.extra != NULL && strstr(c.extra, "\"other\":1") != NULL);
	carrier_rec_clear(&c);
	store_rollback(tx);
}

static void
write_all(struct store *s)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};

	CHECK(store_begin(s, true, &tx, &e) == 0);
	for (int i = 0; i < NCAR; i++) {
		struct store_rec r = {0};

		q_strlcpy(r.kind, "carrier", sizeof r.kind);
		q_strlcpy(r.id, ids[i], sizeof r.id);
		q_strlcpy(r.org_id, orgs[i], sizeof r.org_id);
		q_strlcpy(r.ref, refs[i], sizeof r.ref);
		q_strlcpy(r.state, states[i], sizeof r.state);
		r.doc = doc_of(i);
		CHECK(r.doc != NULL && rec_refs_ensure(tx, &r, &e) == 0);   /* 0028_carrier_fks */
		CHECK(store_rec_insert(tx, &r, &e) == 0);
		seqs[i] = r.seq;
		if (i == 0) {
			/* the account number is unique in its organization */
			struct store_rec d = r;

			store_id_new("carrier", d.id);
			CHECK(store_rec_insert(tx, &d, &e) == -1 && e.status == QERR_CONFLICT);
			memset(&e, 0, sizeof e);
		}
		store_rec_clear(&r);
	}
	/* an update rewrites it whole: copy 2 redated, a copy added */
	{
		struct store_rec r;
		json_t *c2;

		CHECK(store_rec_get(tx, "carrier", ids[0], &r, &e) == 0);
		c2 = json_array_get(json_object_get(r.doc, "copies"), 1);
		CHECK(json_object_set_new(c2, "issued_on", json_string("2025-06-04")) == 0);
		CHECK(json_array_append_new(json_object_get(r.doc, "copies"),
		                            json_pack("{s:i, s:s, s:n}", "number", 3, "holder_org_id",
		                                      "org_2", "holder_person_id")) == 0);
		CHECK(store_rec_update(tx, &r, &e) == 0);
		json_decref(want[0]);
		want[0] = json_incref(r.doc);
		store_rec_clear(&r);
		CHECK(store_rec_get(tx, "carrier", ids[0], &r, &e) == 0);
		CHECK(json_equal(r.doc, want[0]));
		store_rec_clear(&r);
	}
	CHECK(store_commit(tx, &e) == 0);
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-carriers-XXXXXX", db[300];
	struct store *s = NULL;
	struct qerr e = {0};
	sqlite3 *raw = NULL;
	char *sql = NULL;

	if (mkdtemp(dir) == NULL)
		return 2;
	snprintf(db, sizeof db, "%s/t.db", dir);
	for (int i = 0; i < NCAR; i++) {
		store_id_new("carrier", ids[i]);
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

	/* The upgrade: the carriers as record rows (same ids and seqs), a
	 * content row referring to one, the step not yet applied. */
	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "PRAGMA foreign_keys = OFF; BEGIN;"
	                   " DELETE FROM carrier_info; DELETE FROM carrier_source;"
	                   " DELETE FROM carrier_disposer; DELETE FROM carrier_copies;"
	                   " DELETE FROM carrier_departed; DELETE FROM carrier_party;"
	                   " DELETE FROM carrier_review;"
	                   " DELETE FROM carrier; DELETE FROM schema_migration"
	                   "  WHERE name IN ('0022_typed_carriers', '0026_carrier_columns'); COMMIT;",
	                   NULL, NULL, NULL) == SQLITE_OK);
	for (int i = 0; i < NCAR; i++) {
		char *d = json_dumps(want[i], JSON_COMPACT | JSON_SORT_KEYS);

		sql = sqlite3_mprintf("INSERT INTO record(seq, kind, id, org_id, parent_id, ref,"
		                      " state, doc) VALUES (%lld, 'carrier', %Q, %Q, '', %Q, %Q, %Q);"
		                      " INSERT INTO record_tag(name, value, org_id, rec_seq)"
		                      " VALUES ('label', 'x', %Q, %lld);",
		                      (long long)seqs[i], ids[i], orgs[i], refs[i], states[i], d,
		                      orgs[i], (long long)seqs[i]);
		CHECK(sql != NULL && sqlite3_exec(raw, sql, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_free(sql);
		free(d);
	}
	sql = sqlite3_mprintf("INSERT INTO content(carrier_id, version, wrapped_key, header, size,"
	                      " nchunks, sha256) VALUES (%Q, 1, x'00', x'00', 0, 0, x'00')", ids[1]);
	CHECK(sql != NULL && sqlite3_exec(raw, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_free(sql);
	sqlite3_close(raw);
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	if (s != NULL) {
		check_all(s);
		store_close(s);
	}
	CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
	{
		sqlite3_stmt *st = NULL;

		CHECK(sqlite3_prepare_v2(raw, "SELECT (SELECT count(*) FROM record WHERE kind ="
		                         " 'carrier') + (SELECT count(*) FROM record_tag)",
		                         -1, &st, NULL) == SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0);
		sqlite3_finalize(st);
		/* the content kept, now referring to the typed carrier */
		CHECK(sqlite3_prepare_v2(raw, "SELECT (SELECT count(*) FROM content) * 10 +"
		                         " (SELECT count(*) FROM pragma_foreign_key_list('content')"
		                         "  WHERE \"table\" = 'carrier')", -1, &st, NULL) == SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 11);
		sqlite3_finalize(st);
	}
	sqlite3_close(raw);
	for (int i = 0; i < NCAR; i++)
		json_decref(want[i]);
	rmtree(dir);
	return tap_done();
}
