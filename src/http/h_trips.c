/*
 * h_trips.c — trips abroad of admitted persons (Art. 32; 2024 accountability item).
 *
 * Art. 32 lets the access agreement restrict "the right to leave the
 * Republic of Kazakhstan ... for a period stipulated by the agreement" of a
 * person admitted or previously admitted. Our reading (core/clearance.h
 * "TRIPS"): the restriction binds a person admitted now, and a person whose
 * clearance ended while its restriction_until has not passed; leaving needs
 * the head's approval given no later than the departure.
 *
 * The 2024 news item: CAO Art. 504 part 2 punishes an unapproved trip only
 * of a person admitted now; for a previously admitted person the Law's
 * restriction stands but the CAO has no sanction. So the violation is
 * recorded for both, with "liability": "CAO 504.2" for the first and null
 * for the second.
 *
 *   POST /v1/persons/{id}/trips {country, depart_on, return_on} -> requested
 *   POST /v1/trips/{id}/approve   (head)             requested -> approved
 *   POST /v1/trips/{id}/refuse    (head)             requested -> refused
 *   POST /v1/trips/{id}/depart    (security officer) requested|approved|refused
 *        -> departed, answering violation null or {code: "travel_not_approved",
 *        article: "32", liability, admitted, id}. A departure is a fact: it is
 *        recorded, never refused. A violation by a person admitted now also
 *        flags the active clearance for termination (Art. 31.1 para 1: a
 *        breach of the obligations of the access agreement).
 *   GET  /v1/trips/{id}, GET /v1/persons/{id}/trips
 *
 * The departure's date is its effective_date (the act's own date).
 * SECURITY: bodies validated by field tables; country capped at 100 bytes.
 */
#include "http/clearance_ops.h"

#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "core/trip.h"
#include "http/util.h"

#define TRIP_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)

static const struct jfield trip_fields[] = {
	{"country", JF_STRING, JF_REQUIRED, NULL, 0, 100},
	{"depart_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"return_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"purpose", JF_TEXT, 0, NULL, 0, 1000},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

static void
trip_set_state(struct store_rec *t, const char *s)
{
	q_strlcpy(t->state, s, sizeof t->state);
	json_object_set_new(t->doc, "state", json_string(s));
}

/* POST /v1/persons/{id}/trips */
static int
h_trip_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, t = {0};

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "person", &person, e) != 0 || req_json(r, trip_fields, e) != 0)
		goto fail;
	if (jsonv_date(r->json, "return_on") < jsonv_date(r->json, "depart_on")) {
		qerr_input(e, "invalid_value", "return_on");
		goto fail;
	}
	q_strlcpy(t.kind, "trip", sizeof t.kind);
	store_id_new("trip", t.id);
	q_strlcpy(t.org_id, person.org_id, sizeof t.org_id);
	q_strlcpy(t.parent_id, person.id, sizeof t.parent_id);
	q_strlcpy(t.state, trip_state_name(TRIP_REQUESTED), sizeof t.state);
	t.doc = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O, s:s?, s:s, s:o, s:n, s:n, s:n, s:n}",
	                  "id", t.id, "person_id", person.id, "org_id", person.org_id, "country",
	                  jsonv_str(r->json, "country"), "depart_on",
	                  json_object_get(r->json, "depart_on"), "return_on",
	                  json_object_get(r->json, "return_on"), "purpose",
	                  jsonv_str(r->json, "purpose"), "state", "requested", "requested_on",
	                  json_date(r->effective_date), "approval", "departed_on", "violation",
	                  "refusal");
	if (t.doc == NULL) {
		qerr_internal(e, "trip doc");
		goto fail;
	}
	if (rec_create_commit(r, out, &tx, &t, "trip.create", NULL, e) != 0)
		goto fail;
	store_rec_clear(&person);
	store_rec_clear(&t);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&person);
	store_rec_clear(&t);
	return -1;
}

static int
trip_for_write(struct req *r, struct store_tx **tx, struct store_rec *t, struct qerr *e)
{
	if (tx_write(r, tx, e) != 0)
		return -1;
	if (rec_load(*tx, "trip", r->params[0], t, e) != 0 ||
	    req_org_scope(r, t->org_id, e) != 0 || req_json(r, empty_fields, e) != 0) {
		store_rollback(*tx);
		*tx = NULL;
		return -1;
	}
	return 0;
}

/* POST /v1/trips/{id}/approve and /refuse (the head, Art. 32) */
static int
trip_decide(struct req *r, struct resp *out, struct qerr *e, bool approve)
{
	struct store_tx *tx = NULL;
	struct store_rec t = {0};
	enum trip_state next;
	int rc;

	if (trip_for_write(r, &tx, &t, e) != 0) {
		store_rec_clear(&t);
		return -1;
	}
	if (trip_decide_check(t.state, approve, &next, e) != 0) {   /* invalid_state, Art. 32 */
		store_rollback(tx);
		store_rec_clear(&t);
		return -1;
	}
	trip_set_state(&t, trip_state_name(next));
	json_object_set_new(t.doc, approve ? "approval" : "refusal",
	                    json_pack("{s:o, s:s}", "date", json_date(r->effective_date), "by",
	                              r->user.id));
	rc = rec_update_commit(r, out, &tx, &t, approve ? "trip.approve" : "trip.refuse", NULL, e);
	store_rollback(tx);   /* still open only when the update failed */
	store_rec_clear(&t);
	return rc;
}

static int
h_trip_approve(struct req *r, struct resp *out, struct qerr *e)
{
	return trip_decide(r, out, e, true);
}

static int
h_trip_refuse(struct req *r, struct resp *out, struct qerr *e)
{
	return trip_decide(r, out, e, false);
}

/* The person's clearances as they bear on a trip (Art. 32). */
static int
trip_status(struct store_tx *tx, const char *person_id, struct clearance_trip_status **out,
            size_t *n, struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id};
	struct store_rec *cl = NULL;
	size_t ncl = 0;

	*out = NULL;
	*n = 0;
	if (ops_recs_load(tx, &q, &cl, &ncl, e) != 0)
		return -1;
	*out = calloc(ncl + 1, sizeof **out);
	if (*out == NULL) {
		ops_recs_free(cl, ncl);
		return qerr_internal(e, "trip: out of memory");
	}
	for (size_t i = 0; i < ncl; i++) {
		const json_t *dec = json_object_get(cl[i].doc, "decision");
		bool granted = json_is_object(dec) &&
		               strcmp(jsonv_str(dec, "decision") ? jsonv_str(dec, "decision") : "",
		                      "grant") == 0;
		struct clearance_trip_status *s = &(*out)[*n];

		s->state = clearance_state_parse(cl[i].state);
		if (s->state == CLEARANCE_REFUSED || s->state == CLEARANCE_REGISTERING)
			continue;             /* never admitted by this clearance */
		s->granted_on = granted ? jsonv_date(dec, "date") : QDATE_NONE;
		s->terminated_on = jsonv_date(cl[i].doc, "terminated_on");
		s->restriction_until = granted ? jsonv_date(dec, "restriction_until") : QDATE_NONE;
		(*n)++;
	}
	ops_recs_free(cl, ncl);
	return 0;
}

/* POST /v1/trips/{id}/depart */
static int
h_trip_depart(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec t = {0}, v = {0};
	struct clearance_trip_status *st = NULL;
	size_t nst = 0;
	enum clearance_admitted admitted;
	struct qerr ve = {0};
	json_t *violation = json_null(), *details = NULL;
	qdate approved_on = QDATE_NONE;
	enum trip_state next;
	bool approved;
	int rc = -1;

	if (trip_for_write(r, &tx, &t, e) != 0)
		goto done;
	if (trip_depart_check(t.state, &approved, &next, e) != 0)   /* invalid_state, Art. 32 */
		goto fail;
	if (approved)
		approved_on = jsonv_date(json_object_get(t.doc, "approval"), "date");
	if (trip_status(tx, t.parent_id, &st, &nst, e) != 0)
		goto fail;
	if (clearance_trip_check(st, nst, r->effective_date, approved_on, &admitted, &ve) != 0) {
		const char *liability = clearance_trip_liability(admitted);

		/* travel_not_approved, Art. 32: recorded, with CAO 504.2 only for a
		 * person admitted now (news 2024). */
		q_strlcpy(v.kind, "violation", sizeof v.kind);
		store_id_new("violation", v.id);
		q_strlcpy(v.org_id, t.org_id, sizeof v.org_id);
		q_strlcpy(v.parent_id, t.parent_id, sizeof v.parent_id);
		q_strlcpy(v.state, "recorded", sizeof v.state);
		v.doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s?, s:s}", "id", v.id,
		                  "person_id", t.parent_id, "code", ve.code, "article", ve.article,
		                  "trip_id", t.id, "date", json_date(r->effective_date), "admitted",
		                  admitted == CLEARANCE_ADMITTED_NOW ? "now" : "previously",
		                  "country", jsonv_str(t.doc, "country"), "liability", liability,
		                  "consequence",
		                  liability ? "administrative liability under CAO Art. 504 part 2"
		                            : "no administrative liability: CAO Art. 504 applies to "
		                              "persons admitted now only (news 2024)");
		if (v.doc == NULL) {
			qerr_internal(e, "violation doc");
			goto fail;
		}
		if (store_rec_insert(tx, &v, e) != 0)
			goto fail;
		if (admitted == CLEARANCE_ADMITTED_NOW &&
		    clearance_flag_person(tx, t.parent_id, "violation", ve.code, "31.1", v.id,
		                          r->effective_date, NULL, e) != 0)
			goto fail;
		violation = json_incref(v.doc);
	}
	trip_set_state(&t, trip_state_name(next));
	json_object_set_new(t.doc, "departed_on", json_date(r->effective_date));
	json_object_set(t.doc, "violation", violation);
	details = json_pack("{s:O}", "violation", violation);
	if (rec_update_commit(r, out, &tx, &t, "trip.depart", details, e) != 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(tx);
done:
	free(st);
	json_decref(details);
	json_decref(violation);
	store_rec_clear(&t);
	store_rec_clear(&v);
	return rc;
}

/* GET /v1/trips/{id} */
static int
h_trip_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "trip", NULL, e);
}

/* GET /v1/persons/{id}/trips */
static int
h_person_trips(struct req *r, struct resp *out, struct qerr *e)
{
	return list_children_scoped(r, out, "person", "trip", e);
}

const struct route h_trips_routes[] = {
	{"POST", "/v1/persons/{}/trips", ROLE_SECURITY_OFFICER, 0, h_trip_create},
	{"GET", "/v1/persons/{}/trips", TRIP_READERS, 0, h_person_trips},
	{"GET", "/v1/trips/{}", TRIP_READERS, 0, h_trip_get},
	{"POST", "/v1/trips/{}/approve", ROLE_HEAD, 0, h_trip_approve},
	{"POST", "/v1/trips/{}/refuse", ROLE_HEAD, 0, h_trip_refuse},
	{"POST", "/v1/trips/{}/depart", ROLE_SECURITY_OFFICER, 0, h_trip_depart},
	{NULL, NULL, 0, 0, NULL},
};
