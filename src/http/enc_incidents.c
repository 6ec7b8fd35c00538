/*
 * enc_incidents.c — an incident (POST/GET /v1/incidents...; enc.h) as the
 * API shows it, from core/incident.h's typed row: {id, kind, state,
 * org_id, carrier_ids, person_ids, description, confirmed} and, by kind
 * and state, what was lost, confirmed and terminated.
 */
#include "http/enc.h"

#include <stdbool.h>

#include "http/util.h"

/* o[key] = v (stolen, NULL fails); 0 or -1. */
static int
set(json_t *o, const char *key, json_t *v)
{
	if (v == NULL)
		return -1;
	return json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

/* The ids of one role of the incident (enum incident_ref_role). */
static json_t *
role_ids(const struct incident_rec *r, int role)
{
	return enc_ids(r->ids[role].v, r->ids[role].n);
}

static json_t *
copies_json(const struct incident_rec *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < r->ncopies; i++) {
		const struct incident_copy *cp = &r->copies[i];

		if (json_array_append_new(a, json_pack("{s:I, s:s?}", "copy_number",
		                                       (json_int_t)cp->copy_number, "holder",
		                                       cp->holder[0] ? cp->holder : NULL)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *
enc_incident(const struct incident_rec *r)
{
	bool suspected = r->kind == INCIDENT_LOSS_SUSPECTED;
	bool confirmed = r->state == INCIDENT_CONFIRMED;
	const struct incident_ids *lost = &r->ids[INCIDENT_REF_LOST];
	const struct incident_ids *jws = &r->ids[INCIDENT_REF_JOINT_WORK];
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:b}", "id", r->h.id, "kind",
	                      incident_kind_name(r->kind), "state", incident_state_name(r->state),
	                      "org_id", r->org_id, "carrier_ids",
	                      role_ids(r, INCIDENT_REF_CARRIER), "person_ids",
	                      role_ids(r, INCIDENT_REF_PERSON), "description",
	                      r->description ? r->description : "", "confirmed", confirmed);
	bool bad = o == NULL;

	if (!bad && !suspected)
		bad = set(o, "damage", r->damage ? json_string(r->damage) : json_null()) ||
		      set(o, "occurred_on", json_date(r->occurred_on)) ||
		      set(o, "confirmed_on", json_date(r->confirmed_on)) ||
		      set(o, "lost_carriers", enc_ids(lost->v, lost->n)) ||
		      set(o, "terminated_clearances", role_ids(r, INCIDENT_REF_CLEARANCE)) ||
		      set(o, "by", json_string(r->by));
	if (!bad && suspected)
		bad = set(o, "copies", copies_json(r)) ||
		      set(o, "opened_on", json_date(r->opened_on)) ||
		      set(o, "inventory_id", json_string(r->inventory_id)) ||
		      (r->damage != NULL && set(o, "damage", json_string(r->damage))) ||
		      (lost->n > 0 && set(o, "lost_carriers", enc_ids(lost->v, lost->n))) ||
		      (r->confirmed_on != QDATE_NONE &&
		       set(o, "confirmed_on", json_date(r->confirmed_on))) ||
		      (confirmed &&
		       set(o, "terminated_clearances", role_ids(r, INCIDENT_REF_CLEARANCE)));
	if (!bad && jws->n > 0)
		bad = set(o, "joint_work_violations", enc_ids(jws->v, jws->n)) != 0;
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
