/*
 * test_store_walk.c — store_rec_walk() crosses page boundaries, keeps seq
 * order, honours filters and after_seq, and stops when the callback says.
 */
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"

struct seen {
	int n;
	int64_t last;
	bool ordered;
	int stop_at;
};

static int
count_cb(void *ctx, const struct store_rec *r)
{
	struct seen *s = ctx;

	if (r->seq <= s->last)
		s->ordered = false;
	s->last = r->seq;
	s->n++;
	return s->stop_at > 0 && s->n == s->stop_at ? 7 : 0;
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-walk-XXXXXX", path[128];
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	const int total = 2 * STORE_PAGE_MAX + 345;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/w.db", dir);
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &e) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	for (int i = 0; i < total; i++) {
		struct store_rec r = {0};

		q_strlcpy(r.kind, "org", sizeof r.kind);
		store_id_new("org", r.id);
		q_strlcpy(r.state, i % 3 == 0 ? "liquidated" : "active", sizeof r.state);
		r.doc = json_object();
		CHECK(store_rec_insert(tx, &r, &e) == 0);
		store_rec_clear(&r);
	}
	CHECK(store_commit(tx, &e) == 0);

	CHECK(store_begin(s, false, &tx, &e) == 0);
	{
		struct store_query q = {.kind = "org", .limit = 5};
		struct seen sn = {.ordered = true};
		CHECK(store_rec_walk(tx, &q, count_cb, &sn, &e) == 0);
		CHECK(sn.n == total);          /* limit is ignored: every page */
		CHECK(sn.ordered);
	}
	{
		struct store_query q = {.kind = "org", .state = "liquidated"};
		struct seen sn = {.ordered = true};
		CHECK(store_rec_walk(tx, &q, count_cb, &sn, &e) == 0);
		CHECK(sn.n == (total + 2) / 3);
	}
	{
		struct store_query q = {.kind = "org", .after_seq = 100};
		struct seen sn = {.ordered = true};
		CHECK(store_rec_walk(tx, &q, count_cb, &sn, &e) == 0);
		CHECK(sn.n == total - 100);
	}
	{
		struct store_query q = {.kind = "org"};
		struct seen sn = {.ordered = true, .stop_at = STORE_PAGE_MAX + 1};
		CHECK(store_rec_walk(tx, &q, count_cb, &sn, &e) == 7);
		CHECK(sn.n == STORE_PAGE_MAX + 1);
	}
	{
		struct store_query q = {.kind = "permit"};
		struct seen sn = {.ordered = true};
		CHECK(store_rec_walk(tx, &q, count_cb, &sn, &e) == 0);
		CHECK(sn.n == 0);
	}
	store_rollback(tx);
	store_close(s);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	CHECK(system(path) == 0);
	return tap_done();
}
