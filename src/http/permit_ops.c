/*
 * permit_ops.c — see permit_ops.h (encoding only; the reads are ops/orgs.h).
 */
#include "http/permit_ops.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/permit.h"
#include "http/util.h"
#include "ops/moves.h"
#include "ops/orgs.h"
#include "ops/records.h"

/* Sets key to v (stolen) in o; false when anything failed (o is then
 * released by the caller). */
static bool
put(json_t *o, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(o, key, v) == 0;
}

json_t *
permit_json(const struct permit_rec *p, qdate today)
{
	json_t *o = json_object(), *hist = json_array(), *marks = NULL;
	bool ok = o != NULL && hist != NULL;

	for (size_t i = 0; ok && i < p->nhistory; i++) {
		const struct permit_change_rec *h = &p->history[i];

		ok = json_array_append_new(hist, json_pack("{s:s, s:o, s:s, s:s}", "by", h->by,
		                           "effective_date", json_date(h->effective_date), "from",
		                           permit_state_name(h->from), "to",
		                           permit_state_name(h->to))) == 0;
	}
	if (ok && p->nmarks > 0) {
		ok = (marks = json_array()) != NULL;
		for (size_t i = 0; ok && i < p->nmarks; i++) {
			const struct permit_mark_rec *m = &p->marks[i];

			ok = json_array_append_new(marks, json_pack("{s:s, s:s, s:o, s:s}",
			                           "agreement_ref", m->agreement_ref ? m->agreement_ref : "",
			                           "by", m->by, "date", json_date(m->date), "org_id",
			                           m->org_id)) == 0;
		}
	}
	ok = ok && put(o, "degree", json_string(degree_name((enum degree)p->degree))) &&
	     put(o, "history", json_incref(hist)) && put(o, "id", json_string(p->h.id)) &&
	     put(o, "issued_on", json_date(p->issued_on)) &&
	     put(o, "issuer", json_string(p->issuer)) &&
	     (marks == NULL || put(o, "marks", json_incref(marks))) &&
	     put(o, "number", json_string(p->number)) && put(o, "org_id", json_string(p->org_id)) &&
	     put(o, "state", json_string(permit_state_on(permit_state_name(p->state),
	                                                  p->valid_until, today))) &&
	     put(o, "valid_until", json_date(p->valid_until));
	json_decref(hist);
	json_decref(marks);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
certificate_json(const void *row)
{
	const struct certificate_rec *c = row;

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o}", "by", c->by, "degree",
	                 degree_name((enum degree)c->degree), "id", c->h.id, "means",
	                 c->means ? c->means : "", "number", c->number, "org_id", c->org_id,
	                 "registered_on", json_date(c->registered_on), "state",
	                 org_act_state_names[0], "valid_until", json_date(c->valid_until));
}

json_t *
delegation_json(const void *row)
{
	const struct delegation_rec *d = row;

	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s}", "archive_org_id",
	                 d->archive_org_id, "by", d->by, "delegated_on", json_date(d->delegated_on),
	                 "id", d->h.id, "org_id", d->org_id, "ref", d->ref ? d->ref : "", "state",
	                 org_act_state_names[0]);
}

/* A percentage as given: an integer when it is one (100, not 100.0). */
static json_t *
share_json(double v)
{
	if (isnan(v))
		return json_null();
	if (v > -1e15 && v < 1e15 && (double)(json_int_t)v == v)
		return json_integer((json_int_t)v);
	return json_real(v);
}

json_t *
org_json(const void *row)
{
	const struct org_rec *o = row;
	json_t *v;

	v = json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:s?, s:b, s:o, s:s?, s:s, s:o}", "id", o->h.id,
	              "name", o->name ? o->name : "", "bin", o->bin[0] ? o->bin : NULL, "kind",
	              org_kind_names[o->kind], "parent_id", o->parent_id[0] ? o->parent_id : NULL,
	              "city", o->city, "foreign_participation", o->foreign_participation,
	              "state_share", share_json(o->state_share), "regime_category",
	              o->regime_category != ORG_REGIME_NONE ? org_regime_names[o->regime_category]
	                                                    : NULL,
	              "state", org_state_names[o->state], "registered_on",
	              json_date(o->registered_on));
	if (v != NULL && o->liquidated_on != QDATE_NONE &&
	    (json_object_set_new(v, "liquidated_on", json_date(o->liquidated_on)) != 0 ||
	     json_object_set_new(v, "successor_org_id",
	                         o->successor_org_id[0] ? json_string(o->successor_org_id)
	                                                : json_null()) != 0)) {
		json_decref(v);
		return NULL;
	}
	return v;
}
