/*
 * enc_trips.c — trips abroad and the violations their departures recorded
 * as the API shows them (POST/GET /v1/persons/{id}/trips, /v1/trips/{id}...,
 * the person's view; enc.h), from core/trip.h's typed rows.
 */
#include "http/enc.h"

#include "http/util.h"

json_t *
enc_violation(const struct violation_rec *v)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s?, s:s?, s:s}", "id", v->h.id,
	                 "person_id", v->person_id, "code", v->code, "article", v->article,
	                 "trip_id", v->trip_id, "date", json_date(v->date), "admitted",
	                 violation_admitted_names[v->admitted == VIOLATION_ADMITTED_NOW ? 0 : 1],
	                 "country", v->country, "liability", v->liability, "consequence",
	                 v->consequence ? v->consequence : "");
}

/* {date, by} of a decision, or null. */
static json_t *
decision_json(qdate on, const char *by)
{
	if (on == QDATE_NONE)
		return json_null();
	return json_pack("{s:o, s:s?}", "date", json_date(on), "by", by[0] ? by : NULL);
}

json_t *
enc_trip(const struct ops_trip *tr)
{
	const struct trip_rec *t = &tr->t;
	json_t *v = tr->v.h.id[0] ? enc_violation(&tr->v) : json_null();

	if (v == NULL)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s?, s:s, s:o, s:o, s:o, s:o, s:o}",
	                 "id", t->h.id, "person_id", t->person_id, "org_id", t->org_id,
	                 "country", t->country ? t->country : "", "depart_on",
	                 json_date(t->depart_on), "return_on", json_date(t->return_on), "purpose",
	                 t->purpose, "state", trip_state_name(t->state), "requested_on",
	                 json_date(t->requested_on), "approval",
	                 decision_json(t->approved_on, t->approved_by), "departed_on",
	                 json_date(t->departed_on), "violation", v, "refusal",
	                 decision_json(t->refused_on, t->refused_by));
}
