/*
 * store_walk.c — store_rec_walk(): every record of a query, page by page,
 * built only on store_rec_list() so that any backend gets it for free.
 */
#include "store/store.h"

struct walk {
	store_rec_cb cb;
	void *ctx;
	int64_t last;
	int n;
};

static int
walk_cb(void *ctx, const struct store_rec *rec)
{
	struct walk *w = ctx;

	w->last = rec->seq;
	w->n++;
	return w->cb(w->ctx, rec);
}

int
store_rec_walk(struct store_tx *tx, const struct store_query *q, store_rec_cb cb,
               void *ctx, struct qerr *e)
{
	struct store_query page = *q;
	struct walk w = {.cb = cb, .ctx = ctx, .last = q->after_seq};

	page.limit = STORE_PAGE_MAX;
	for (;;) {
		int rc;

		w.n = 0;
		page.after_seq = w.last;
		rc = store_rec_list(tx, &page, walk_cb, &w, e);
		if (rc != 0)
			return rc;
		if (w.n < STORE_PAGE_MAX)
			return 0;
	}
}

/* Like store_rec_walk, over store_rec_list_tagged() (store.h). */
int
store_rec_walk_tagged(struct store_tx *tx, const struct store_query *q,
                      const struct store_tag *tags, size_t ntags, store_rec_cb cb,
                      void *ctx, struct qerr *e)
{
	struct store_query page = *q;
	struct walk w = {.cb = cb, .ctx = ctx, .last = q->after_seq};

	page.limit = STORE_PAGE_MAX;
	for (;;) {
		int rc;

		w.n = 0;
		page.after_seq = w.last;
		rc = store_rec_list_tagged(tx, &page, tags, ntags, walk_cb, &w, e);
		if (rc != 0)
			return rc;
		if (w.n < STORE_PAGE_MAX)
			return 0;
	}
}
