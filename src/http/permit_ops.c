/*
 * permit_ops.c — see permit_ops.h.
 */
#include "http/permit_ops.h"

#include <stdlib.h>
#include <string.h>

#include "http/jsonv.h"

struct permits {
	struct carrier_permit *p;
	size_t n, cap;
};

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
	c->p[c->n].state = NULL;
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(rec->state, states[i]) == 0)
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
	struct store_query q = {.kind = "permit", .parent_id = org_id};
	struct permits c = {0};
	int rc = store_rec_walk(tx, &q, permit_cb, &c, e);

	if (rc != 0) {
		free(c.p);
		return rc < 0 ? -1 : qerr_internal(e, "permits: out of memory");
	}
	*out = c.p;
	*n = c.n;
	return 0;
}
