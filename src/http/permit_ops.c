/*
 * permit_ops.c — see permit_ops.h.
 */
#include "http/permit_ops.h"

#include <stdlib.h>
#include <string.h>

#include "core/permit.h"
#include "http/jsonv.h"

#define PERMIT_HISTORY_MAX 64   /* transitions read; later ones count as made */

struct permits {
	struct carrier_permit *p;
	size_t n, cap;
	qdate on;
};

const char *
permit_rec_state_on(const struct store_rec *rec, qdate on)
{
	struct permit_change ch[PERMIT_HISTORY_MAX];
	const json_t *hist = json_object_get(rec->doc, "history"), *h;
	size_t i, n = 0;

	if (on == QDATE_NONE || json_array_size(hist) == 0 ||
	    json_array_size(hist) > PERMIT_HISTORY_MAX)
		return rec->state;
	json_array_foreach(hist, i, h) {
		ch[n].from = jsonv_str(h, "from");
		ch[n].to = jsonv_str(h, "to");
		ch[n].date = jsonv_date(h, "effective_date");
		n++;
	}
	return permit_stored_state_on(rec->state, ch, n, on);
}

static int
permit_cb(void *ctx, const struct store_rec *rec)
{
	struct permits *c = ctx;
	static const char *const states[] = {"active", "suspended", "cancelled"};

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		void *p = realloc(c->p, cap * sizeof *c->p);

		if (p == NULL)
			return 1;
		c->p = p;
		c->cap = cap;
	}
	/* Static state strings: the record is borrowed for this call only. */
	const char *state = permit_rec_state_on(rec, c->on);

	c->p[c->n].state = NULL;
	for (size_t i = 0; state != NULL && i < sizeof states / sizeof states[0]; i++)
		if (strcmp(state, states[i]) == 0)
			c->p[c->n].state = states[i];
	c->p[c->n].degree = degree_parse(jsonv_str(rec->doc, "degree"));
	c->p[c->n].issued_on = jsonv_date(rec->doc, "issued_on");
	c->p[c->n].valid_until = jsonv_date(rec->doc, "valid_until");
	c->n++;
	return 0;
}

int
org_permits_load(struct store_tx *tx, const char *org_id, struct carrier_permit **out,
                 size_t *n, struct qerr *e)
{
	return org_permits_load_on(tx, org_id, QDATE_NONE, out, n, e);
}

int
org_permits_load_on(struct store_tx *tx, const char *org_id, qdate on,
                    struct carrier_permit **out, size_t *n, struct qerr *e)
{
	struct store_query q = {.kind = "permit", .parent_id = org_id};
	struct permits c = {.on = on};
	int rc = store_rec_walk(tx, &q, permit_cb, &c, e);

	if (rc != 0) {
		free(c.p);
		return rc < 0 ? -1 : qerr_internal(e, "permits: out of memory");
	}
	*out = c.p;
	*n = c.n;
	return 0;
}
