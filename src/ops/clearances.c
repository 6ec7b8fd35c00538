/*
 * clearances.c — the typed reads of clearances (see clearances.h).
 */
#include "ops/clearances.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "ops/emergency.h"

/* A date field of a stored doc; QDATE_NONE when absent or malformed. */
static qdate
doc_date(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	qdate d;

	if (s == NULL || date_parse(s, &d) != 0)
		return QDATE_NONE;
	return d;
}

struct load {
	struct access_clearance *v;
	size_t n, cap;
	access_key person;
	qdate on;
	struct store_tx *tx;
	struct qerr *e;
};

static int
clearance_cb(void *ctx, const struct store_rec *rec)
{
	struct load *c = ctx;
	struct access_clearance *cl;
	const json_t *doc = rec->doc;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		void *v = realloc(c->v, cap * sizeof *c->v);

		if (v == NULL)
			return qerr_internal(c->e, "clearances: out of memory");
		c->v = v;
		c->cap = cap;
	}
	cl = &c->v[c->n++];
	cl->person = c->person;   /* selected by parent_id = person */
	cl->form = degree_parse(json_string_value(json_object_get(doc, "form")));
	/* as it stood on the act's effective_date (SPEC.md §3) */
	cl->state = access_clearance_state_on(access_clearance_state_parse(rec->state),
	                                      doc_date(doc, "granted_on"),
	                                      doc_date(doc, "terminated_on"), c->on);
	if (cl->state == ACCESS_CLEARANCE_ACTIVE &&
	    json_is_true(json_object_get(doc, "verification_pending"))) {
		const json_t *em = json_object_get(json_object_get(doc, "decision"), "emergency");
		const char *mode = json_string_value(json_object_get(em, "id"));
		qdate end = doc_date(em, "verification_due_on");

		/* clearance_inactive, Art. 5, 29.1: the mode's end as it stands now */
		if (mode != NULL && ops_emergency_period_end(c->tx, mode, &end, c->e) != 0)
			return -1;
		if (clearance_pending_lapsed(end, c->on))
			cl->state = ACCESS_CLEARANCE_REGISTERING;
	}
	return 0;
}

int
ops_clearances_of_person(struct store_tx *tx, const char *person_id, access_key person,
                         qdate on, struct access_clearance **out, size_t *n,
                         struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id};
	struct load c = {.person = person, .on = on, .tx = tx, .e = e};

	*out = NULL;
	*n = 0;
	if (person_id == NULL || person_id[0] == '\0')
		return 0;
	if (store_rec_walk(tx, &q, clearance_cb, &c, e) != 0) {
		free(c.v);
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}
