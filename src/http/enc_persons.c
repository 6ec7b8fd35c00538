/*
 * enc_persons.c — persons, grounds and the person's view as the API shows
 * them (POST/GET /v1/persons, /v1/persons/{id}/grounds, /v1/grounds/{id}/
 * lift, /v1/persons/{id}/employment; enc.h). The records are ops/persons.h's
 * typed rows; the view's clearances and violations are read through
 * ops/clearances.h and ops/trips.h.
 */
#include "http/enc.h"

#include <stdlib.h>

#include "core/clearance.h"
#include "core/ground.h"
#include "http/util.h"
#include "ops/clearances.h"
#include "ops/persons.h"

/* s, or JSON null for NULL or "". */
static json_t *
str_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

/* doc[key] = v (stolen); false when v is NULL or the set failed. */
static bool
put(json_t *doc, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(doc, key, v) == 0;
}

json_t *
enc_person(const struct person_rec *p)
{
	json_t *j = json_object();
	bool ok = j != NULL && put(j, "id", json_string(p->h.id)) &&
	          put(j, "iin", str_or_null(p->iin)) &&
	          put(j, "passport", str_or_null(p->passport)) &&
	          put(j, "full_name", json_string(p->full_name ? p->full_name : "")) &&
	          put(j, "citizenship", json_string(person_citizenship_names[p->citizenship])) &&
	          put(j, "org_id", json_string(p->org_id)) &&
	          put(j, "position", json_string(p->position ? p->position : "")) &&
	          put(j, "employment_state",
	              json_string(person_employment_names[p->employment])) &&
	          put(j, "registered_on", json_date(p->registered_on));

	if (ok && p->event != PERSON_EVENT_NONE)
		ok = put(j, "employment_event",
		         json_pack("{s:s, s:o, s:s}", "event", person_event_names[p->event], "date",
		                   json_date(p->event_date), "by", p->event_by));
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
enc_ground(const struct ground_rec *g)
{
	json_t *j = json_object();
	bool ok = j != NULL && put(j, "id", json_string(g->h.id)) &&
	          put(j, "person_id", json_string(g->person_id)) &&
	          put(j, "ground", json_string(clearance_ground_names[g->ground])) &&
	          put(j, "noted_on", json_date(g->noted_on)) &&
	          put(j, "details", str_or_null(g->details)) &&
	          put(j, "exception", json_boolean(g->exception)) &&
	          put(j, "state", json_string(ground_state_name((enum ground_state)g->state))) &&
	          put(j, "lifted_on", json_date(g->lifted_on)) &&
	          put(j, "article", json_string(g->article)) &&
	          put(j, "by", json_string(g->noted_by));

	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
enc_ids(const char (*v)[STORE_ID_MAX], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* ---- the view ------------------------------------------------------------ */

static int
ground_cb(void *ctx, const void *row)
{
	return json_array_append_new(ctx, enc_ground(row)) == 0 ? 0 : -1;
}

static int
clearance_cb(void *ctx, const void *row)
{
	return json_array_append_new(ctx, enc_clearance(row)) == 0 ? 0 : -1;
}

/* The array of one part of the view (0: clearances, 1: grounds, 2:
 * violations); NULL with e set. */
static json_t *
view_part(struct store_tx *tx, const char *person_id, int part, struct qerr *e)
{
	struct ops_clearance_query q = {.person_id = person_id, .children = true};
	struct violation_rec *v = NULL;
	size_t nv = 0;
	json_t *a = json_array();
	int rc = a != NULL ? 0 : -1;

	if (rc == 0 && part == 0)
		rc = ops_clearances_each(tx, &q, 0, 0, clearance_cb, a, e) < 0 ? -1 : 0;
	else if (rc == 0 && part == 1)
		rc = ops_grounds_each(tx, person_id, 0, 0, ground_cb, a, e) < 0 ? -1 : 0;
	else if (rc == 0)
		rc = ops_violations_of_person(tx, person_id, &v, &nv, e);
	for (size_t i = 0; rc == 0 && i < nv; i++)
		if (json_array_append_new(a, enc_violation(&v[i])) != 0)
			rc = -1;
	ops_violations_free(v, nv);
	if (rc != 0) {
		json_decref(a);
		if (e->status == 0)
			qerr_internal(e, "person view: out of memory");
		return NULL;
	}
	return a;
}

json_t *
enc_person_view(struct store_tx *tx, const struct person_rec *p, struct qerr *e)
{
	static const char *const keys[] = {"clearances", "grounds", "violations"};
	json_t *doc = enc_person(p);

	if (doc == NULL) {
		qerr_internal(e, "person view: out of memory");
		return NULL;
	}
	for (int i = 0; i < 3; i++) {
		struct qerr we = {0};
		json_t *a = view_part(tx, p->h.id, i, &we);

		if (a == NULL || json_object_set_new(doc, keys[i], a) != 0) {
			json_decref(doc);
			if (we.status != 0)
				*e = we;
			else
				qerr_internal(e, "person view");
			return NULL;
		}
	}
	return doc;
}
