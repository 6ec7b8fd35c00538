/*
 * test_store_deadlines.c — store_carrier_due_list and store_carrier_naming
 * (store.h "deadlines"), checked against a trivial reference: a scan of
 * every carrier's doc, filtered and sorted in C. Carriers vary in
 * organization, state, declassify_on (some null), review_due_on, and docs
 * whose strings mimic the keys; after inserts and after updates; with and
 * without an organization; paged by the (due, seq) cursor in pages of 1..7.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "org_row.h"
#include "tap.h"

#define NCAR 120
#define NORG 3

static const char *const states[] = {"registered", "issued", "archived", "destroyed",
                                     "declassified", "lost", "transferred"};

struct car {
	char id[STORE_ID_MAX];
	char org[16];
	const char *state;
	char due[16];          /* "" when not due at all */
	int64_t seq;
};

static struct car cars[NCAR];

static void
doc_of(int i, int v, struct store_rec *r)
{
	char decl[16], rev[16];
	bool has_decl = (i + v) % 9 != 0, has_rev = (i * 7 + v) % 5 == 0;
	json_t *doc;

	snprintf(decl, sizeof decl, "20%02d-%02d-%02d", 26 + (i * 13 + v) % 20, 1 + i % 12,
	         1 + (i + v) % 28);
	snprintf(rev, sizeof rev, "2025-%02d-%02d", 1 + (i + v) % 12, 1 + i % 28);
	/* a user string that tries to look like the keys (escaped quotes) */
	doc = json_pack("{s:s, s:s, s:s}", "id", r->id, "account_number",
	                "\"review_due_on\":\"1999-01-01\"", "title", "\"declassify_on\":\"1999\"");
	json_object_set_new(doc, "declassify_on", has_decl ? json_string(decl) : json_null());
	if (has_rev)
		json_object_set_new(doc, "review_due_on", json_string(rev));
	json_object_set_new(doc, "information_ids",
	                    json_pack("[s]", i % 4 == 0 ? "info_a" : "info_b"));
	json_decref(r->doc);
	r->doc = doc;
	cars[i].state = states[(i + v) % 7];
	q_strlcpy(r->state, cars[i].state, sizeof r->state);
	snprintf(cars[i].org, sizeof cars[i].org, "org_%d", (i + v) % NORG);
	q_strlcpy(r->org_id, cars[i].org, sizeof r->org_id);
	cars[i].due[0] = '\0';
	if (has_rev)
		q_strlcpy(cars[i].due, rev, sizeof cars[i].due);
	else if (has_decl)
		q_strlcpy(cars[i].due, decl, sizeof cars[i].due);
}

static bool
open_state(const char *s)
{
	return strcmp(s, "registered") == 0 || strcmp(s, "issued") == 0 ||
	       strcmp(s, "archived") == 0;
}

static int
ref_cmp(const void *a, const void *b)
{
	const struct car *x = *(struct car *const *)a, *y = *(struct car *const *)b;
	int c = strcmp(x->due, y->due);

	return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

struct got {
	const char *ids[NCAR];
	int n, page_n;
	char last_due[16];
	int64_t last_seq;
};

static int
got_cb(void *ctx, const struct store_rec *r)
{
	struct got *g = ctx;
	const char *d = json_string_value(json_object_get(r->doc, "review_due_on"));

	if (d == NULL)
		d = json_string_value(json_object_get(r->doc, "declassify_on"));
	for (int i = 0; i < NCAR; i++)
		if (strcmp(cars[i].id, r->id) == 0 && g->n < NCAR)
			g->ids[g->n++] = cars[i].id;
	q_strlcpy(g->last_due, d ? d : "", sizeof g->last_due);
	g->last_seq = r->seq;
	g->page_n++;
	return 0;
}

static void
check(struct store *s, const char *org, const char *max, int page)
{
	struct car *ref[NCAR];
	int nref = 0;
	struct got g = {0};
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	bool first = true;

	for (int i = 0; i < NCAR; i++)
		if (open_state(cars[i].state) && cars[i].due[0] != '\0' &&
		    strcmp(cars[i].due, max) <= 0 && (org == NULL || strcmp(cars[i].org, org) == 0))
			ref[nref++] = &cars[i];
	qsort(ref, (size_t)nref, sizeof ref[0], ref_cmp);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	for (;;) {
		g.page_n = 0;
		CHECK(store_carrier_due_list(tx, org, max, first ? NULL : g.last_due, g.last_seq,
		                             page, got_cb, &g, &e) == 0);
		first = false;
		if (g.page_n < page)
			break;
	}
	store_rollback(tx);
	CHECK(g.n == nref);
	for (int i = 0; i < nref && i < g.n; i++)
		CHECK(g.ids[i] == ref[i]->id);
}

static int
count_cb(void *ctx, const struct store_rec *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-test-deadlines-XXXXXX", path[128];
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	static const char *const maxes[] = {"2025-06-30", "2030-01-01", "2045-12-31", "9999-12-31"};

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/q.db", dir);
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &e) == 0);
	for (int v = 0; v < 2; v++) {
		CHECK(store_begin(s, true, &tx, &e) == 0);
		for (int i = 0; i < NCAR; i++) {
			struct store_rec r = {0};

			q_strlcpy(r.kind, "carrier", sizeof r.kind);
			if (v == 0)
				store_id_new("carrier", cars[i].id);
			q_strlcpy(r.id, cars[i].id, sizeof r.id);
			doc_of(i, v, &r);
			CHECK(rec_refs_ensure(tx, &r, &e) == 0);   /* 0028_carrier_fks */
			CHECK((v == 0 ? store_rec_insert(tx, &r, &e) : store_rec_update(tx, &r, &e)) ==
			      0);
			if (v == 0)
				cars[i].seq = r.seq;
			store_rec_clear(&r);
		}
		CHECK(store_commit(tx, &e) == 0);
		for (size_t m = 0; m < sizeof maxes / sizeof maxes[0]; m++)
			for (int page = 1; page <= 7; page += 3) {
				check(s, NULL, maxes[m], page);
				for (int o = 0; o < NORG; o++) {
					char org[16];

					snprintf(org, sizeof org, "org_%d", o);
					check(s, org, maxes[m], page);
				}
			}
	}
	/* naming: candidates for info_a are every carrier naming it */
	{
		int n = 0, want = 0;

		for (int i = 0; i < NCAR; i++)
			want += i % 4 == 0;
		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_carrier_naming(tx, "info_a", count_cb, &n, &e) == 0);
		CHECK(n == want);
		n = 0;
		CHECK(store_carrier_naming(tx, "info_", count_cb, &n, &e) == 0);   /* whole id only */
		CHECK(n == 0);
		CHECK(store_carrier_naming(tx, "bad\"id", count_cb, &n, &e) == 0);
		CHECK(n == 0);
		store_rollback(tx);
	}
	store_close(s);
	snprintf(path, sizeof path, "%s/q.db", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/q.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/q.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
