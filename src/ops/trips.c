/*
 * trips.c — trips abroad (see trips.h).
 *
 * Trips and violations are jansson records until their typed tables land
 * (issue 11; ops/docs.h): every jansson call is checked and a failure
 * rolls the step back. SECURITY: ids from the caller are only looked up;
 * the trip's organization scopes who may act (403 forbidden_org).
 */
#include "ops/trips.h"

#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "core/trip.h"
#include "ops/clearances.h"
#include "ops/docs.h"

int
ops_trip_request(const struct ops_ctx *c, const struct ops_trip_args *a, json_t **out,
                 struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, t = {0};
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "person", a->person_id, &person, e) != 0)
		goto done;
	if (a->country == NULL || a->depart_on == QDATE_NONE || a->return_on == QDATE_NONE) {
		qerr_input(e, "missing_field", a->country == NULL ? "country"
		                              : a->depart_on == QDATE_NONE ? "depart_on"
		                                                           : "return_on");
		goto done;
	}
	if (a->return_on < a->depart_on) {
		qerr_input(e, "invalid_value", "return_on");
		goto done;
	}
	q_strlcpy(t.kind, "trip", sizeof t.kind);
	store_id_new("trip", t.id);
	q_strlcpy(t.org_id, person.org_id, sizeof t.org_id);
	q_strlcpy(t.parent_id, person.id, sizeof t.parent_id);
	q_strlcpy(t.state, trip_state_name(TRIP_REQUESTED), sizeof t.state);
	t.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s?, s:s, s:o, s:n, s:n, s:n, s:n}",
	                  "id", t.id, "person_id", person.id, "org_id", person.org_id, "country",
	                  a->country, "depart_on", ops_docs_json_date(a->depart_on), "return_on",
	                  ops_docs_json_date(a->return_on), "purpose", a->purpose, "state",
	                  "requested", "requested_on", ops_docs_json_date(c->effective_date),
	                  "approval", "departed_on", "violation", "refusal");
	if (t.doc == NULL) {
		qerr_internal(e, "trip doc");
		goto done;
	}
	rc = ops_docs_commit(c, &tx, &t, true, "trip.create", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "trip.create", a->person_id, e);
	store_rec_clear(&person);
	store_rec_clear(&t);
	return rc;
}

int
ops_trip_decide(const struct ops_ctx *c, const char *trip_id, bool approve, json_t **out,
                struct qerr *e)
{
	const char *action = approve ? "trip.approve" : "trip.refuse";
	struct store_tx *tx = NULL;
	struct store_rec t = {0};
	enum trip_state next;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "trip", trip_id, &t, e) != 0 ||
	    trip_decide_check(t.state, approve, &next, e) != 0 ||   /* invalid_state, Art. 32 */
	    ops_docs_set_state(&t, trip_state_name(next), e) != 0 ||
	    ops_docs_set(t.doc, approve ? "approval" : "refusal",
	                json_pack("{s:o, s:s}", "date", ops_docs_json_date(c->effective_date), "by",
	                          c->actor.user_id),
	                e) != 0)
		goto done;
	rc = ops_docs_commit(c, &tx, &t, false, action, NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, action, trip_id, e);
	store_rec_clear(&t);
	return rc;
}

/* travel_not_approved, Art. 32: the violation recorded (ve: the rule's
 * code and article), with CAO 504.2 only for a person admitted now (news
 * 2024); *out a new reference to its doc. */
static int
violation_record(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *t,
                 const struct qerr *ve, enum clearance_admitted admitted, json_t **out,
                 struct qerr *e)
{
	const char *liability = clearance_trip_liability(admitted);
	struct store_rec v = {0};
	int rc = -1;

	q_strlcpy(v.kind, "violation", sizeof v.kind);
	store_id_new("violation", v.id);
	q_strlcpy(v.org_id, t->org_id, sizeof v.org_id);
	q_strlcpy(v.parent_id, t->parent_id, sizeof v.parent_id);
	q_strlcpy(v.state, "recorded", sizeof v.state);
	v.doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s?, s:s}", "id", v.id,
	                  "person_id", t->parent_id, "code", ve->code, "article", ve->article,
	                  "trip_id", t->id, "date", ops_docs_json_date(c->effective_date), "admitted",
	                  admitted == CLEARANCE_ADMITTED_NOW ? "now" : "previously", "country",
	                  ops_docs_str(t->doc, "country"), "liability", liability, "consequence",
	                  liability ? "administrative liability under CAO Art. 504 part 2"
	                            : "no administrative liability: CAO Art. 504 applies to "
	                              "persons admitted now only (news 2024)");
	if (v.doc == NULL) {
		qerr_internal(e, "violation doc");
		goto done;
	}
	if (store_rec_insert(tx, &v, e) != 0)
		goto done;
	/* Art. 31.1 para 1: a breach of the access agreement's obligations. */
	if (admitted == CLEARANCE_ADMITTED_NOW &&
	    ops_clearances_flag_person(tx, t->parent_id, "violation", ve->code, "31.1", v.id,
	                               c->effective_date, NULL, e) != 0)
		goto done;
	*out = json_incref(v.doc);
	rc = 0;
done:
	store_rec_clear(&v);
	return rc;
}

int
ops_trip_depart(const struct ops_ctx *c, const char *trip_id, json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec t = {0};
	struct clearance_trip_status *st = NULL;
	size_t nst = 0;
	enum clearance_admitted admitted;
	struct qerr ve = {0};
	json_t *violation = NULL, *details = NULL;
	qdate approved_on = QDATE_NONE;
	enum trip_state next;
	bool approved;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "trip", trip_id, &t, e) != 0 ||
	    trip_depart_check(t.state, &approved, &next, e) != 0)   /* invalid_state, Art. 32 */
		goto done;
	if (approved)
		approved_on = ops_docs_date(json_object_get(t.doc, "approval"), "date");
	if (ops_clearances_trip_status(tx, t.parent_id, &st, &nst, e) != 0)
		goto done;
	if (clearance_trip_check(st, nst, c->effective_date, approved_on, &admitted, &ve) != 0) {
		if (violation_record(c, tx, &t, &ve, admitted, &violation, e) != 0)
			goto done;
	} else if ((violation = json_null()) == NULL) {
		qerr_internal(e, "trip: out of memory");
		goto done;
	}
	if (ops_docs_set_state(&t, trip_state_name(next), e) != 0 ||
	    ops_docs_set_date(t.doc, "departed_on", c->effective_date, e) != 0 ||
	    ops_docs_set(t.doc, "violation", json_incref(violation), e) != 0)
		goto done;
	if ((details = json_pack("{s:O}", "violation", violation)) == NULL) {
		qerr_internal(e, "trip: out of memory");
		goto done;
	}
	rc = ops_docs_commit(c, &tx, &t, false, "trip.depart", details, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "trip.depart", trip_id, e);
	free(st);
	json_decref(details);
	json_decref(violation);
	store_rec_clear(&t);
	return rc;
}
