/*
 * test_ops_review_flag.c — the review flag of carriers written by the
 * set-based store path (store_carrier_flags_carrying,
 * store_carriers_review_flag; ops_review_flag's "carrier" case) leaves every
 * carrier exactly as the whole-carrier rewrite did (the path of the cascade
 * before: the carrier's JSON form edited and stored whole with
 * store_rec_update): the same answer, byte for byte, the same version and
 * the same place on the deadlines list; carriers given no day are not
 * touched. Each carrier is made twice (A and B, the same doc); A is flagged
 * by the store path, B by the reference, then both are compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/lists.h"
#include "store/store.h"
#include "store/tables_carriers.h"
#include "org_row.h"
#include "tap.h"

#define NCAR 24

static const char *const states[] = {"registered", "issued", "archived", "transferred", "lost"};

struct pair {
	char a[STORE_ID_MAX], b[STORE_ID_MAX];
	bool flag;   /* given a day by the set path */
};
static struct pair cars[NCAR];

static json_t *
doc_of(int i)
{
	json_t *doc = json_pack("{s:[s], s:[{s:i, s:s}], s:s, s:s, s:i}", "information_ids",
	                        i % 2 ? "info_1" : "info_2", "copies", "number", 1,
	                        "holder_org_id", "org_1", "kind", "paper", "title", "Plan",
	                        "sheets", 3);

	if (i % 3 != 0)
		json_object_set_new(doc, "declassify_on", json_string(i % 3 == 1 ? "2024-02-01"
		                                                                 : "2040-01-01"));
	if (i % 4 == 1)   /* an earlier flag, owed before or after the new day */
		json_object_set_new(doc, "review_due_on",
		                    json_string(i % 8 == 1 ? "2024-01-15" : "2031-05-05"));
	if (i % 4 == 2) {   /* earlier reviews and fields of the acts (extra) */
		json_object_set_new(doc, "reviews", json_pack("[{s:s}]", "kind", "old"));
		json_object_set_new(doc, "owner", json_string("ministry"));
		json_object_set_new(doc, "review_required", json_false());
	}
	if (i % 5 == 3)
		json_object_set_new(doc, "archive", json_pack("{s:s}", "fund", "F-1"));
	return doc;
}

static void
insert(struct store_tx *tx, char id[STORE_ID_MAX], int i, const char *acct)
{
	struct store_rec r = {0};
	struct qerr e = {0};

	snprintf(r.kind, sizeof r.kind, "carrier");
	store_id_new("carrier", id);
	memcpy(r.id, id, sizeof r.id);
	snprintf(r.org_id, sizeof r.org_id, "org_1");
	snprintf(r.ref, sizeof r.ref, "%s-%d", acct, i);
	snprintf(r.state, sizeof r.state, "%s", states[i % 5]);
	r.doc = doc_of(i);
	json_object_set_new(r.doc, "account_number", json_string(r.ref));
	json_object_set_new(r.doc, "state", json_string(r.state));
	CHECK(rec_refs_ensure(tx, &r, &e) == 0);   /* 0028_carrier_fks */
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	store_rec_clear(&r);
}

/* The reference: the whole-carrier rewrite of the cascade before. */
static int
ref_flag(struct store_tx *tx, const char *id, const json_t *entry, qdate due_on,
         const char *reason, struct qerr *e)
{
	struct store_rec rec = {0};
	char buf[QDATE_STR_SIZE];
	const char *s;
	qdate cur, term;
	int ret;

	if (store_rec_get(tx, "carrier", id, &rec, e) != 0)
		return -1;
	s = json_string_value(json_object_get(rec.doc, "review_due_on"));
	if (s == NULL || date_parse(s, &cur) != 0)
		cur = QDATE_NONE;
	s = json_string_value(json_object_get(rec.doc, "declassify_on"));
	if (s == NULL || date_parse(s, &term) != 0)
		term = QDATE_NONE;
	if (cur != QDATE_NONE && cur < due_on)
		due_on = cur;
	if (term != QDATE_NONE && term < due_on)
		due_on = term;
	json_object_set_new(rec.doc, "review_required", json_true());
	json_object_set_new(rec.doc, "review_due_on", json_string(date_format(due_on, buf)));
	json_object_set_new(rec.doc, "review_reason", json_string(reason));
	if (!json_is_array(json_object_get(rec.doc, "reviews")))
		json_object_set_new(rec.doc, "reviews", json_array());
	json_array_append_new(json_object_get(rec.doc, "reviews"), json_deep_copy(entry));
	ret = store_rec_update(tx, &rec, e);
	store_rec_clear(&rec);
	return ret;
}

/* The carrier as the API answers it, without the fields A and B differ in. */
static char *
answer(struct store_tx *tx, const char *id, int64_t *version)
{
	struct carrier_rec c;
	struct store_rec r = {0};
	struct qerr e = {0};
	char *text = NULL;

	*version = -1;
	if (store_carrier_get(tx, id, &c, &e) == 0) {
		*version = c.h.version;
		carrier_rec_clear(&c);
	}
	if (store_rec_get(tx, "carrier", id, &r, &e) != 0)
		return NULL;
	json_object_del(r.doc, "id");
	json_object_del(r.doc, "account_number");
	text = json_dumps(r.doc, JSON_COMPACT);
	store_rec_clear(&r);
	return text;
}

struct due_find {
	const char *id;
	qdate due;
};

static int
due_cb(void *ctx, const struct store_carrier_due *d)
{
	struct due_find *f = ctx;

	if (strcmp(d->car->h.id, f->id) == 0)
		f->due = d->due;
	return 0;
}

static qdate
due_of(struct store_tx *tx, const char *id)
{
	struct due_find f = {.id = id, .due = QDATE_NONE};
	struct qerr e = {0};
	qdate max;

	date_parse("2099-12-31", &max);
	CHECK(store_carrier_due(tx, NULL, max, QDATE_NONE, 0, 200, due_cb, &f, &e) == 0);
	return f.due;
}

static void
compare(struct store_tx *tx, const char *what)
{
	for (int i = 0; i < NCAR; i++) {
		int64_t va, vb;
		char *ta = answer(tx, cars[i].a, &va), *tb = answer(tx, cars[i].b, &vb);

		CHECK(ta != NULL && tb != NULL);
		if (ta != NULL && tb != NULL && strcmp(ta, tb) != 0)
			fprintf(stderr, "# %s %d:\n#  A %s\n#  B %s\n", what, i, ta, tb);
		CHECK(ta != NULL && tb != NULL && strcmp(ta, tb) == 0);
		CHECK(va == vb && va >= 1);
		CHECK(due_of(tx, cars[i].a) == due_of(tx, cars[i].b));
		free(ta);
		free(tb);
	}
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-flag-XXXXXX", db[300], p[320];
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	json_t *entry = json_pack("{s:s, s:s}", "change_id", "chg_1", "kind", "degree");
	qdate on, on2;

	if (mkdtemp(dir) == NULL)
		return 2;
	snprintf(db, sizeof db, "%s/t.db", dir);
	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return tap_done();
	date_parse("2024-03-01", &on);
	date_parse("2023-12-01", &on2);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	for (int i = 0; i < NCAR; i++) {
		insert(tx, cars[i].a, i, "A");
		insert(tx, cars[i].b, i, "B");
	}
	CHECK(store_commit(tx, &e) == 0);

	/* One carrier at a time (the declassified item's offer). */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	for (int i = 0; i < NCAR; i += 2) {
		CHECK(ops_review_flag(tx, "carrier", cars[i].a, entry, on, "information_declassified",
		                      &e) == 0);
		CHECK(ref_flag(tx, cars[i].b, entry, on, "information_declassified", &e) == 0);
	}
	compare(tx, "one");
	CHECK(ops_review_flag(tx, "carrier", "carrier_0000000000000000", entry, on, "x", &e) == -1);
	CHECK(e.status == 404);
	CHECK(store_commit(tx, &e) == 0);

	/* The set: every A carrying info_1 or info_2 at once, some given no
	 * day (left alone); the B carriers by the reference one by one. */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	{
		const char *ids[] = {"info_1", "info_2"};
		struct store_carrier_flags f;
		qdate due[2 * NCAR];
		int nflag = 0;

		CHECK(store_carrier_flags_carrying(tx, ids, 2, &f, &e) == 0);
		CHECK(f.n == 2 * NCAR);
		for (size_t k = 0; k < f.n && k < 2 * NCAR; k++) {
			due[k] = QDATE_NONE;
			for (int i = 0; i < NCAR; i++)
				if (strcmp(f.v[k].id, cars[i].a) == 0 && i % 3 != 2) {
					qdate d = on2;

					if (f.v[k].review_due_on != QDATE_NONE && f.v[k].review_due_on < d)
						d = f.v[k].review_due_on;
					if (f.v[k].declassify_on != QDATE_NONE && f.v[k].declassify_on < d)
						d = f.v[k].declassify_on;
					due[k] = d;
					cars[i].flag = true;
					nflag++;
				}
			if (k > 0)
				CHECK(f.v[k].seq > f.v[k - 1].seq);
		}
		CHECK(nflag == NCAR - NCAR / 3);
		CHECK(store_carriers_review_flag(tx, &f, due, "list_changed", entry, &e) == 0);
		store_carrier_flags_free(&f);
		store_carrier_flags_free(&f);   /* twice: harmless */
	}
	for (int i = 0; i < NCAR; i++)
		if (cars[i].flag)
			CHECK(ref_flag(tx, cars[i].b, entry, on2, "list_changed", &e) == 0);
	compare(tx, "set");
	CHECK(store_commit(tx, &e) == 0);

	json_decref(entry);
	store_close(s);
	unlink(db);
	snprintf(p, sizeof p, "%s/t.db-wal", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/t.db-shm", dir);
	unlink(p);
	rmdir(dir);
	return tap_done();
}
