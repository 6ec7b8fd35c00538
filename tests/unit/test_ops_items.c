/*
 * test_ops_items.c — information items as typed rows (issue 11;
 * core/info_rec.h, store/tables_items.h, migration 0025_typed_items):
 *
 *   - an item's object with every field a build wrote (the decision, the
 *     declassification, extensions, reviews of both shapes, topics) plus
 *     fields no column holds (an unknown one, a basis of another type, a
 *     decision of another shape) and one absent: info_rec_from() then
 *     info_rec_doc() gives it back exactly, keys in the stored order;
 *   - the same through the store (the record form of kind "information");
 *   - the migration run again by name moves such records written as the
 *     record-table builds wrote them: every field comes back, the record
 *     rows are gone, and the SQL took the same fields into columns as
 *     info_rec_from() does (same fields mask, same extra); with
 *     QUPIYA_TEST_PG, on PostgreSQL too (pg_scratch.h).
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/degree.h"
#include "core/info_rec.h"
#include "org_row.h"
#include "pg_scratch.h"
#include "rmtree.h"
#include "store/store.h"
#include "store/tables_items.h"
#include "tap.h"

#define ORG "org_00000000000000f1"
#define LIST "list_00000000000000a1"
#define ITEM "item_00000000000000b1"

/* Every field of an item classified on ITEM, its term extended twice,
 * flagged by a list change and resolved, declassified; plus three no
 * column holds. proposal_on is absent (as in an item of an old build). */
static const char full[] =
	"{\"basis\":\"11.1\",\"classified_by\":\"user_00000000000000c1\","
	"\"classified_on\":\"2024-05-10\",\"classifier_person_id\":\"person_00000000000000d1\","
	"\"decision\":{\"by\":\"user_00000000000000c2\",\"decision\":\"add_to_list\","
	"\"effective_date\":\"2024-06-01\",\"list_item_id\":\"" ITEM "\"},"
	"\"declassification\":{\"by\":\"user_00000000000000c3\",\"court_ref\":null,"
	"\"effective_date\":\"2026-01-15\",\"ground\":\"term_expired\"},"
	"\"declassification_ground\":\"label_removed\",\"declassified_on\":\"2026-01-15\","
	"\"declassify_on\":\"2049-05-10\",\"degree\":\"top_secret\",\"disposing_org_id\":null,"
	"\"extensions\":[{\"by\":\"user_00000000000000c4\",\"conclusion_ref\":null,"
	"\"effective_date\":\"2025-06-02\",\"from\":\"2044-05-10\",\"to\":\"2049-05-10\"},"
	"{\"by\":\"user_00000000000000c4\",\"conclusion_ref\":\"EX-1\","
	"\"effective_date\":\"2025-07-02\",\"from\":null,\"to\":\"2049-05-10\"}],"
	"\"id\":\"info_00000000000000e1\",\"label_removed_on\":\"2026-01-15\","
	"\"list_id\":\"" LIST "\",\"list_item_id\":\"" ITEM "\",\"org_id\":\"" ORG "\","
	"\"preliminary\":false,\"proposal_by\":\"user_00000000000000c5\","
	"\"registered_on\":\"2024-05-11\",\"review_due_on\":\"2025-01-10\","
	"\"review_reason\":\"list_changed\",\"review_required\":true,"
	"\"reviews\":[{\"change_id\":\"chg_00000000000000c1\",\"effective_date\":\"2025-01-10\","
	"\"kind\":\"degree_changed\",\"list_item_id\":\"" ITEM "\"},{\"by\":\"user_00000000000000c6\","
	"\"effective_date\":\"2026-01-15\",\"how\":\"declassified\",\"kind\":\"resolved\"}],"
	"\"state\":\"declassified\",\"title\":\"\\u041c\\u043e\\u0431\\u0438\\u043b\\u0438\","
	"\"topics\":[\"\\u049b\\u0430\\u0437\\u0430\\u049b\",\"maps\"],\"zz_unknown\":{\"a\":[1,2.5]}}";

/* A preliminary item whose fields have other shapes: each stays in extra. */
static const char odd[] =
	"{\"basis\":5,\"classified_on\":\"2024-02-30\",\"decision\":{\"by\":\"u\","
	"\"decision\":\"add_to_list\",\"effective_date\":\"2024-06-01\",\"list_item_id\":null,"
	"\"x\":1},\"degree\":\"secret\",\"extensions\":[{\"to\":\"2049-05-10\"}],"
	"\"id\":\"info_00000000000000e2\",\"list_item_id\":null,\"org_id\":\"" ORG "\","
	"\"preliminary\":true,\"reviews\":[{\"kind\":7}],\"state\":\"preliminary\","
	"\"title\":null,\"topics\":[\"a\",null]}";

static int64_t
query_count(const char *db, const char *sql)
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

static struct store_rec
rec_of(const char *text, const char *state, const char *parent)
{
	struct store_rec r = {0};
	json_error_t je;

	r.doc = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	q_strlcpy(r.kind, "information", sizeof r.kind);
	q_strlcpy(r.id, json_string_value(json_object_get(r.doc, "id")), sizeof r.id);
	q_strlcpy(r.org_id, ORG, sizeof r.org_id);
	q_strlcpy(r.parent_id, parent, sizeof r.parent_id);
	q_strlcpy(r.state, state, sizeof r.state);
	return r;
}

/* got is want exactly: equal, and its keys in the stored (sorted) order. */
static int
same_doc(const json_t *got, const json_t *want)
{
	char *a = got ? json_dumps(got, JSON_COMPACT) : NULL;
	char *b = json_dumps(want, JSON_COMPACT | JSON_SORT_KEYS);
	int ok = a != NULL && b != NULL && strcmp(a, b) == 0;

	if (!ok)
		fprintf(stderr, "got  %s\nwant %s\n", a ? a : "(null)", b ? b : "(null)");
	free(a);
	free(b);
	return ok;
}

static void
convert_round_trip(void)
{
	struct store_rec r = rec_of(full, "declassified", ITEM), o = rec_of(odd, "preliminary", "");
	struct info_rec i;
	struct qerr e = {0};
	json_t *back;

	CHECK(r.doc != NULL && o.doc != NULL);
	CHECK(info_rec_from(&r, &i, &e) == 0);
	CHECK(i.degree == DEGREE_TOP_SECRET && i.state == INFO_ST_DECLASSIFIED);
	CHECK(i.decision == INFO_DECISION_ADD && strcmp(i.decision_item_id, ITEM) == 0);
	CHECK(i.decl_ground != NULL && strcmp(i.decl_ground, "term_expired") == 0 &&
	      i.decl_court_ref == NULL);
	CHECK(i.ntopics == 2 && i.nextensions == 2 && i.nreviews == 2);
	CHECK(i.extensions[1].from == QDATE_NONE && i.extensions[1].conclusion_ref != NULL);
	CHECK(i.reviews[1].keys == (1 << INFO_RV_KIND | 1 << INFO_RV_HOW |
	                            1 << INFO_RV_EFFECTIVE_DATE | 1 << INFO_RV_BY));
	CHECK(!(i.fields & (1 << INFO_F_PROPOSAL_ON)) && (i.fields & (1 << INFO_F_DISPOSING_ORG_ID)));
	CHECK(i.extra != NULL && strcmp(i.extra, "{\"zz_unknown\":{\"a\":[1,2.5]}}") == 0);
	back = info_rec_doc(&i, &e);
	CHECK(same_doc(back, r.doc));
	json_decref(back);
	info_rec_free(&i);

	CHECK(info_rec_from(&o, &i, &e) == 0);
	CHECK(i.extra != NULL && strstr(i.extra, "\"basis\":5") != NULL &&
	      strstr(i.extra, "\"topics\"") != NULL && strstr(i.extra, "\"decision\"") != NULL &&
	      strstr(i.extra, "\"degree\"") != NULL && strstr(i.extra, "\"reviews\"") != NULL &&
	      strstr(i.extra, "\"extensions\"") != NULL &&
	      strstr(i.extra, "\"classified_on\"") != NULL);
	back = info_rec_doc(&i, &e);
	CHECK(same_doc(back, o.doc));
	json_decref(back);
	info_rec_free(&i);
	store_rec_clear(&r);
	store_rec_clear(&o);
}

/* Writes rec as the record-table builds did, behind the store's back. */
static char *
raw_insert(const struct store_rec *r, int64_t seq)
{
	char *doc = json_dumps(r->doc, JSON_COMPACT | JSON_SORT_KEYS);
	char *sql = sqlite3_mprintf("INSERT INTO record(seq, kind, id, org_id, parent_id, ref,"
	                            " state, doc) VALUES (%lld, 'information', %Q, %Q, %Q, '',"
	                            " %Q, %Q);",
	                            (long long)seq, r->id, r->org_id, r->parent_id, r->state, doc);

	free(doc);
	return sql;
}

/* The moved row: the same object back, the same columns as the C takes. */
static void
check_moved(struct store *s, const struct store_rec *want, int64_t seq)
{
	struct store_tx *tx = NULL;
	struct store_rec got = {0};
	struct info_rec row = {0}, c = {0};
	struct qerr e = {0};

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_get(tx, "information", want->id, &got, &e) == 0);
	CHECK(got.seq == seq && strcmp(got.parent_id, want->parent_id) == 0);
	CHECK(same_doc(got.doc, want->doc));
	CHECK(store_info_get(tx, want->id, &row, &e) == 0);
	CHECK(info_rec_from(want, &c, &e) == 0);
	CHECK(row.fields == c.fields);
	CHECK((row.extra == NULL) == (c.extra == NULL));
	if (row.extra != NULL && c.extra != NULL) {
		json_t *a = json_loads(row.extra, 0, NULL), *b = json_loads(c.extra, 0, NULL);

		CHECK(a != NULL && json_equal(a, b));
		json_decref(a);
		json_decref(b);
	}
	CHECK(row.ntopics == c.ntopics && row.nextensions == c.nextensions &&
	      row.nreviews == c.nreviews);
	info_rec_free(&row);
	info_rec_free(&c);
	store_rec_clear(&got);
	store_rollback(tx);
}

/* The list, its item and the two records of the record-table builds. */
static char *
old_rows(const struct store_rec *r, const struct store_rec *o)
{
	char *a = raw_insert(r, 900101), *b = raw_insert(o, 900102);
	char *sql = sqlite3_mprintf(
		"INSERT INTO list(id, seq, version, org_id, title, state, list_version)"
		" VALUES ('" LIST "', 900001, 1, '" ORG "', 'L', 'approved', 1);"
		"INSERT INTO list_item(id, seq, version, list_id, org_id, code, text, degree, basis,"
		" state, list_version) VALUES ('" ITEM "', 900002, 1, '" LIST "', '" ORG "', '1',"
		" 'T', 'top_secret', '11.1', 'active', 1);%s%s", a, b);

	sqlite3_free(a);
	sqlite3_free(b);
	return sql;
}

/* A new database with ORG: 0 or -1. */
static int
world_new(const char *db, struct store **s)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};

	if (store_open(db, STORE_OPEN_CREATE, s, &e) != 0 || store_begin(*s, true, &tx, &e) != 0)
		return -1;
	if (org_row_insert(tx, ORG, NULL, NULL, &e) != 0) {
		store_rollback(tx);
		return -1;
	}
	return store_commit(tx, &e);
}

/* Both records moved, listed through the typed rows. */
static void
check_store(struct store *s, const struct store_rec *r, const struct store_rec *o)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct store_query q = {.kind = "information", .org_id = ORG, .limit = 10};
	int64_t n = -1;

	check_moved(s, r, 900101);
	check_moved(s, o, 900102);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 2);
	q.parent_id = ITEM;
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 1);
	q.parent_id = NULL;
	q.state = "preliminary";
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 1);
	store_rollback(tx);
}

/* The same on PostgreSQL (QUPIYA_TEST_PG), the step's jsonb text. */
static void
migration_moves_items_pg(const char *base)
{
	struct store *s = NULL;
	struct store_rec r = rec_of(full, "declassified", ITEM), o = rec_of(odd, "preliminary", "");
	char dbname[64], url[512];
	char *rows = old_rows(&r, &o), *sql;

	if (pg_scratch_create(base, "qt_items", dbname, sizeof dbname, url, sizeof url) != 0) {
		CHECK(!"a scratch database");
		return;
	}
	CHECK(world_new(url, &s) == 0);
	store_close(s);
	s = NULL;
	sql = sqlite3_mprintf("DELETE FROM schema_migration WHERE name = '0025_typed_items';%s",
	                      rows);
	CHECK(admin_sql(url, sql) == 0);
	CHECK(store_open(url, STORE_OPEN_EXISTING, &s, NULL) == 0);
	if (s != NULL) {
		check_store(s, &r, &o);
		store_close(s);
	}
	CHECK(admin_sql(url, "DO $$ BEGIN IF (SELECT count(*) FROM record) <> 0 OR"
	                     " (SELECT count(*) FROM information_review) <> 2 OR"
	                     " (SELECT count(*) FROM information_extension) <> 2 OR"
	                     " (SELECT count(*) FROM information_topic) <> 2"
	                     " THEN RAISE EXCEPTION 'not moved'; END IF; END $$") == 0);
	CHECK(pg_scratch_drop(base, dbname) == 0);
	sqlite3_free(sql);
	sqlite3_free(rows);
	store_rec_clear(&r);
	store_rec_clear(&o);
}

static void
migration_moves_items(const char *db)
{
	struct store *s = NULL;
	struct store_rec r = rec_of(full, "declassified", ITEM), o = rec_of(odd, "preliminary", "");
	char *before = old_rows(&r, &o);

	CHECK(world_new(db, &s) == 0);
	CHECK(migration_rerun(&s, db, "0025_typed_items", before) == 0);
	CHECK(s != NULL);
	if (s != NULL) {
		check_store(s, &r, &o);
		store_close(s);
	}
	CHECK(query_count(db, "SELECT count(*) FROM record") == 0);
	CHECK(query_count(db, "SELECT count(*) FROM information_review") == 2);
	CHECK(query_count(db, "SELECT count(*) FROM information_extension") == 2);
	CHECK(query_count(db, "SELECT count(*) FROM information_topic") == 2);
	sqlite3_free(before);
	store_rec_clear(&r);
	store_rec_clear(&o);
}

/* The record form writes through the typed rows and reads back what it
 * wrote; an update replaces the child rows. */
static void
store_round_trip(const char *db)
{
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct store_rec r = rec_of(full, "declassified", ""), got = {0};
	struct qerr e = {0};

	/* (no list item: the parent, and so list_item_id, is null here) */
	json_object_set_new(r.doc, "list_item_id", json_null());
	json_object_set_new(r.doc, "list_id", json_null());
	json_object_set_new(json_object_get(r.doc, "decision"), "list_item_id", json_null());
	store_id_new("info", r.id);
	json_object_set_new(r.doc, "id", json_string(r.id));
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	CHECK(store_rec_get(tx, "information", r.id, &got, &e) == 0 && same_doc(got.doc, r.doc));
	store_rec_clear(&got);
	json_array_remove(json_object_get(r.doc, "topics"), 0);
	json_array_append_new(json_object_get(r.doc, "extensions"),
	                      json_deep_copy(json_array_get(json_object_get(r.doc, "extensions"), 0)));
	CHECK(store_rec_update(tx, &r, &e) == 0);
	CHECK(store_rec_get(tx, "information", r.id, &got, &e) == 0 && same_doc(got.doc, r.doc));
	CHECK(store_commit(tx, &e) == 0);
	store_rec_clear(&got);
	store_rec_clear(&r);
	store_close(s);
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-items-XXXXXX", db[64];

	if (mkdtemp(dir) == NULL)
		return 2;
	snprintf(db, sizeof db, "%s/t.db", dir);
	convert_round_trip();
	migration_moves_items(db);
	store_round_trip(db);
	if (getenv("QUPIYA_TEST_PG") != NULL)
		migration_moves_items_pg(getenv("QUPIYA_TEST_PG"));
	if (getenv("KEEP") == NULL)
		rmtree(dir);
	else
		fprintf(stderr, "kept %s\n", dir);
	return tap_done();
}
