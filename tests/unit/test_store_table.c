/*
 * test_store_table.c — typed tables (store_table.h) on SQLite against a test
 * description with every column type: the generated CREATE TABLE (NOT NULL,
 * CHECKs, foreign key, index, extra UNIQUE), insert/get/update with row
 * versions (409 "conflict" on a stale one), 409 "duplicate" naming the key's
 * first column, NULLs of nullable columns, paging by seq, every where
 * operator, count, find, delete, and seqs shared with the record table.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_table.h"
#include "tap.h"
#include "rmtree.h"

enum tcolor { TC_NONE = 0, TC_RED, TC_GREEN };
static const char *const tcolor_names[] = {"", "red", "green", NULL};
enum tkind { TK_A = 0, TK_B };
static const char *const tkind_names[] = {"a", "b", NULL};

struct tparent {
	struct store_row_hdr h;
	char code[16];
};

struct titem {
	struct store_row_hdr h;
	char parent_id[STORE_ID_MAX];
	char ref[32];
	char *note;
	int64_t n;
	int64_t opt_n;
	bool flag;
	qdate day;
	qdate opt_day;
	int kind;
	int color;
	double weight;
	char alt[32];
};

static const struct store_col tparent_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct tparent, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"code", STORE_COL_REF, offsetof(struct tparent, code), 16, 0, NULL, NULL},
};
static const struct store_table tparent_table = {
	"tparent", "tp", tparent_cols, 2, sizeof(struct tparent),
	"CREATE UNIQUE INDEX IF NOT EXISTS tparent_code ON tparent(code);",
};

static const struct store_col titem_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct titem, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"parent_id", STORE_COL_REF, offsetof(struct titem, parent_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "tparent(id)"},
	{"ref", STORE_COL_REF, offsetof(struct titem, ref), 32, 0, NULL, NULL},
	{"note", STORE_COL_TEXT, offsetof(struct titem, note), 0, STORE_COL_NULLABLE, NULL, NULL},
	{"n", STORE_COL_INT, offsetof(struct titem, n), 0, 0, NULL, NULL},
	{"opt_n", STORE_COL_INT, offsetof(struct titem, opt_n), 0, STORE_COL_NULLABLE, NULL, NULL},
	{"flag", STORE_COL_BOOL, offsetof(struct titem, flag), 0, 0, NULL, NULL},
	{"day", STORE_COL_DATE, offsetof(struct titem, day), 0, 0, NULL, NULL},
	{"opt_day", STORE_COL_DATE, offsetof(struct titem, opt_day), 0, STORE_COL_NULLABLE, NULL, NULL},
	{"kind", STORE_COL_ENUM, offsetof(struct titem, kind), 0, 0, tkind_names, NULL},
	{"color", STORE_COL_ENUM, offsetof(struct titem, color), 0, STORE_COL_NULLABLE, tcolor_names, NULL},
	{"weight", STORE_COL_REAL, offsetof(struct titem, weight), 0, 0, NULL, NULL},
	{"alt", STORE_COL_REF, offsetof(struct titem, alt), 32, STORE_COL_NULLABLE, NULL, NULL},
};
static const struct store_table titem_table = {
	"titem", "ti", titem_cols, sizeof titem_cols / sizeof titem_cols[0], sizeof(struct titem),
	"CREATE UNIQUE INDEX IF NOT EXISTS titem_parent_ref ON titem(parent_id, ref);",
};

static char dir[256];

static void
item_make(struct titem *it, const char *parent, const char *ref, int64_t n)
{
	memset(it, 0, sizeof *it);
	store_id_new("ti", it->h.id);
	q_strlcpy(it->parent_id, parent, sizeof it->parent_id);
	q_strlcpy(it->ref, ref, sizeof it->ref);
	it->n = n;
	it->opt_n = STORE_INT_NULL;
	it->day = date_from_ymd(2026, 1, 1) + (qdate)n;
	it->opt_day = QDATE_NONE;
	it->kind = n % 2 ? TK_B : TK_A;
	it->color = TC_NONE;
	it->weight = (double)n / 2;
}

struct collect {
	int n;
	int64_t last_seq;
	int64_t ns[64];
};

static int
collect_fn(void *ctx, const void *row)
{
	struct collect *c = ctx;
	const struct titem *it = row;

	if (c->n < 64)
		c->ns[c->n] = it->n;
	c->n++;
	c->last_seq = it->h.seq;
	return 0;
}

static int64_t
list_n(struct store_tx *tx, const struct store_where *w, size_t nw, struct collect *c)
{
	struct qerr e = {0};

	memset(c, 0, sizeof *c);
	return store_row_list(tx, &titem_table, w, nw, 0, 0, collect_fn, c, &e);
}

int
main(void)
{
	char path[300], sql[8192];
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct tparent p = {0}, p2 = {0};
	struct titem it, got, stale;
	struct collect c;
	int64_t seq_before;

	snprintf(dir, sizeof dir, "/tmp/qupiya-test-table-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/t.db", dir);

	/* The generated schema. */
	CHECK(store_table_create_sql(&titem_table, sql, sizeof sql) == 0);
	CHECK(strstr(sql, "CREATE TABLE IF NOT EXISTS titem(") != NULL);
	CHECK(strstr(sql, "parent_id TEXT NOT NULL REFERENCES tparent(id)") != NULL);
	CHECK(strstr(sql, "note TEXT,") != NULL);
	CHECK(strstr(sql, "n INTEGER NOT NULL") != NULL);
	CHECK(strstr(sql, "flag INTEGER NOT NULL CHECK (flag IN (0, 1))") != NULL);
	CHECK(strstr(sql, "kind TEXT NOT NULL CHECK (kind IN ('a', 'b'))") != NULL);
	CHECK(strstr(sql, "color TEXT CHECK (color IN ('red', 'green'))") != NULL);
	CHECK(strstr(sql, "weight REAL NOT NULL") != NULL);
	CHECK(strstr(sql, "CREATE INDEX IF NOT EXISTS titem_parent_id ON titem(parent_id, seq)") != NULL);
	CHECK(strstr(sql, "titem_parent_ref") != NULL);
	CHECK(store_table_create_sql(&titem_table, sql, 64) == -1);

	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &e) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_table_create(tx, &tparent_table, &e) == 0);
	CHECK(store_table_create(tx, &titem_table, &e) == 0);
	CHECK(store_table_create(tx, &titem_table, &e) == 0);   /* idempotent */
	CHECK(store_commit(tx, &e) == 0);

	/* Insert, with a record in between: seqs come from one sequence. */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	store_id_new("tp", p.h.id);
	q_strlcpy(p.code, "P1", sizeof p.code);
	CHECK(store_row_insert(tx, &tparent_table, &p, &e) == 0);
	CHECK(p.h.seq > 0 && p.h.version == 1);
	{
		struct store_rec r = {0};

		q_strlcpy(r.kind, "org", sizeof r.kind);
		store_id_new("org", r.id);
		r.doc = json_object();
		CHECK(store_rec_insert(tx, &r, &e) == 0);
		CHECK(r.seq == p.h.seq + 1);
		store_rec_clear(&r);
	}
	seq_before = p.h.seq;
	for (int i = 0; i < 25; i++) {
		char ref[32];

		snprintf(ref, sizeof ref, "R%02d", i);
		item_make(&it, p.h.id, ref, i);
		if (i == 3) {
			it.note = "a note";
			it.opt_n = -7;
			it.flag = true;
			it.opt_day = date_from_ymd(2030, 12, 31);
			it.color = TC_GREEN;
			q_strlcpy(it.alt, "ALT", sizeof it.alt);
		}
		CHECK(store_row_insert(tx, &titem_table, &it, &e) == 0);
		CHECK(it.h.seq > seq_before);
		seq_before = it.h.seq;
	}
	CHECK(store_commit(tx, &e) == 0);

	/* A record inserted after typed rows gets a larger seq still. */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	{
		struct store_rec r = {0};

		q_strlcpy(r.kind, "org", sizeof r.kind);
		store_id_new("org", r.id);
		r.doc = json_object();
		CHECK(store_rec_insert(tx, &r, &e) == 0);
		CHECK(r.seq == seq_before + 1);
		store_rec_clear(&r);
	}
	/* 409 duplicate naming the first column of the violated key. */
	item_make(&it, p.h.id, "R05", 99);
	CHECK(store_row_insert(tx, &titem_table, &it, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	CHECK_STR(e.field, "parent_id");
	qerr_clear(&e);
	store_id_new("tp", p2.h.id);
	q_strlcpy(p2.code, "P1", sizeof p2.code);
	CHECK(store_row_insert(tx, &tparent_table, &p2, &e) == -1);
	CHECK_STR(e.field, "code");
	qerr_clear(&e);
	/* The same id again. */
	q_strlcpy(p2.h.id, p.h.id, sizeof p2.h.id);
	q_strlcpy(p2.code, "P2", sizeof p2.code);
	CHECK(store_row_insert(tx, &tparent_table, &p2, &e) == -1);
	CHECK_STR(e.code, "duplicate");
	CHECK_STR(e.field, "id");
	qerr_clear(&e);
	/* Foreign key: an unknown parent is 404. */
	item_make(&it, "tp_nothere", "X", 1);
	CHECK(store_row_insert(tx, &titem_table, &it, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	/* No id: a programming error. */
	item_make(&it, p.h.id, "Y", 1);
	it.h.id[0] = '\0';
	CHECK(store_row_insert(tx, &titem_table, &it, &e) == -1);
	CHECK(e.status == QERR_INTERNAL);
	qerr_clear(&e);
	CHECK(store_commit(tx, &e) == 0);

	/* Get: every type round-trips, NULLs included. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_row_find(tx, &titem_table, &STORE_W_STR("ref", "R03"), 1, &got, &e) == 0);
	CHECK_STR(got.note, "a note");
	CHECK(got.n == 3 && got.opt_n == -7 && got.flag);
	CHECK(got.day == date_from_ymd(2026, 1, 4));
	CHECK(got.opt_day == date_from_ymd(2030, 12, 31));
	CHECK(got.kind == TK_B && got.color == TC_GREEN);
	CHECK(got.weight == 1.5);
	CHECK_STR(got.alt, "ALT");
	CHECK(got.h.version == 1);
	store_row_free(&titem_table, &got);
	CHECK(store_row_find(tx, &titem_table, &STORE_W_STR("ref", "R04"), 1, &got, &e) == 0);
	CHECK(got.note == NULL && got.opt_n == STORE_INT_NULL && !got.flag);
	CHECK(got.opt_day == QDATE_NONE && got.color == TC_NONE && got.alt[0] == '\0');
	{
		struct titem g2;

		CHECK(store_row_get(tx, &titem_table, got.h.id, &g2, &e) == 0);
		CHECK(g2.h.seq == got.h.seq && g2.n == 4);
		store_row_free(&titem_table, &g2);
	}
	CHECK(store_row_get(tx, &titem_table, "ti_nothere", &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	CHECK(store_row_find(tx, &titem_table, &STORE_W_STR("ref", "none"), 1, &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	/* Writes need a write transaction. */
	item_make(&it, p.h.id, "Z", 1);
	CHECK(store_row_insert(tx, &titem_table, &it, &e) == -1);
	qerr_clear(&e);

	/* Where operators. */
	CHECK(list_n(tx, NULL, 0, &c) == 25 && c.n == 25);
	CHECK(list_n(tx, &STORE_W_NUM("n", STORE_LT, 5), 1, &c) == 5);
	CHECK(list_n(tx, &STORE_W_NUM("n", STORE_LE, 5), 1, &c) == 6);
	CHECK(list_n(tx, &STORE_W_NUM("n", STORE_GT, 20), 1, &c) == 4);
	CHECK(list_n(tx, &STORE_W_NUM("n", STORE_GE, 20), 1, &c) == 5);
	CHECK(list_n(tx, &STORE_W_NUM("n", STORE_NE, 20), 1, &c) == 24);
	CHECK(list_n(tx, &STORE_W_NUM("kind", STORE_EQ, TK_B), 1, &c) == 12);
	CHECK(list_n(tx, &STORE_W_STR("kind", "a"), 1, &c) == 13);
	CHECK(list_n(tx, &STORE_W_NUM("flag", STORE_EQ, 1), 1, &c) == 1);
	CHECK(list_n(tx, &STORE_W_NUM("day", STORE_GE, date_from_ymd(2026, 1, 20)), 1, &c) == 6);
	CHECK(list_n(tx, &STORE_W_STR("day", "2026-01-02"), 1, &c) == 1 && c.ns[0] == 1);
	{
		struct store_where w[] = {
			{.col = "opt_day", .op = STORE_NE},
			STORE_W_STR("parent_id", p.h.id),
		};
		struct store_where wn = {.col = "note", .op = STORE_EQ};

		CHECK(list_n(tx, w, 2, &c) == 1 && c.ns[0] == 3);
		CHECK(list_n(tx, &wn, 1, &c) == 24);
		CHECK(store_row_count(tx, &titem_table, w, 2, &e) == 1);
	}
	CHECK(store_row_count(tx, &titem_table, NULL, 0, &e) == 25);
	CHECK(store_row_count(tx, &titem_table, &STORE_W_NUM("n", STORE_LT, 10), 1, &e) == 10);
	/* An unknown column is a programming error. */
	CHECK(store_row_count(tx, &titem_table, &STORE_W_STR("nope", "x"), 1, &e) == -1);
	CHECK(e.status == QERR_INTERNAL);
	qerr_clear(&e);

	/* Paging: limit and the seq cursor. */
	memset(&c, 0, sizeof c);
	CHECK(store_row_list(tx, &titem_table, NULL, 0, 0, 10, collect_fn, &c, &e) == 10);
	CHECK(c.ns[0] == 0 && c.ns[9] == 9);
	{
		int64_t after = c.last_seq;

		memset(&c, 0, sizeof c);
		CHECK(store_row_list(tx, &titem_table, NULL, 0, after, 10, collect_fn, &c, &e) == 10);
		CHECK(c.ns[0] == 10);
		after = c.last_seq;
		memset(&c, 0, sizeof c);
		CHECK(store_row_list(tx, &titem_table, NULL, 0, after, 10, collect_fn, &c, &e) == 5);
		CHECK(c.ns[4] == 24);
	}
	store_row_free(&titem_table, &got);
	store_rollback(tx);

	/* Update with row versions. */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_row_find(tx, &titem_table, &STORE_W_STR("ref", "R04"), 1, &got, &e) == 0);
	CHECK(store_row_get_for_update(tx, &titem_table, got.h.id, &stale, &e) == 0);
	got.note = strdup("changed");
	got.color = TC_RED;
	got.opt_n = 42;
	q_strlcpy(got.parent_id, "tp_ignored", sizeof got.parent_id);   /* immutable */
	CHECK(store_row_update(tx, &titem_table, &got, &e) == 0);
	CHECK(got.h.version == 2);
	/* The copy read before is stale: 409 conflict, nothing changed. */
	stale.n = 1000;
	CHECK(store_row_update(tx, &titem_table, &stale, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "conflict");
	qerr_clear(&e);
	store_row_free(&titem_table, &stale);
	CHECK(store_row_get(tx, &titem_table, got.h.id, &stale, &e) == 0);
	CHECK_STR(stale.note, "changed");
	CHECK(stale.color == TC_RED && stale.opt_n == 42 && stale.n == 4 && stale.h.version == 2);
	CHECK_STR(stale.parent_id, p.h.id);
	store_row_free(&titem_table, &stale);
	/* A unique key taken by another row. */
	q_strlcpy(got.ref, "R05", sizeof got.ref);
	CHECK(store_row_update(tx, &titem_table, &got, &e) == -1);
	CHECK_STR(e.code, "duplicate");
	CHECK_STR(e.field, "parent_id");
	qerr_clear(&e);
	/* Delete, then update and delete are 404. */
	CHECK(store_row_delete(tx, &titem_table, got.h.id, &e) == 0);
	q_strlcpy(got.ref, "R04", sizeof got.ref);
	CHECK(store_row_update(tx, &titem_table, &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	CHECK(store_row_delete(tx, &titem_table, got.h.id, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	store_row_free(&titem_table, &got);
	CHECK(store_row_count(tx, &titem_table, NULL, 0, &e) == 24);
	store_rollback(tx);

	/* Rolled back: the row is there again at version 1. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_row_count(tx, &titem_table, NULL, 0, &e) == 25);
	CHECK(store_row_find(tx, &titem_table, &STORE_W_STR("ref", "R04"), 1, &got, &e) == 0);
	CHECK(got.h.version == 1 && got.note == NULL);
	store_row_free(&titem_table, &got);
	store_rollback(tx);

	store_close(s);
	rmtree(dir);
	return tap_done();
}
