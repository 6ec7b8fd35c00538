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
 * The departure's date is its effective_date (the act's own date). The
 * procedures are ops/trips.c; this file decodes and answers.
 * SECURITY: bodies validated by field tables; country capped at 100 bytes.
 */
#include "http/http.h"

#include "core/roles.h"
#include "http/enc.h"
#include "http/util.h"
#include "ops/trips.h"

#define TRIP_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)

static const struct jfield trip_fields[] = {
	{"country", JF_STRING, JF_REQUIRED, NULL, 0, 100},
	{"depart_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"return_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"purpose", JF_TEXT, 0, NULL, 0, 1000},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

/* Answers the trip (status) and frees it. */
static int
trip_answer(struct resp *out, int status, struct ops_trip *t, struct qerr *e)
{
	json_t *j = enc_trip(t);

	ops_trip_free(t);
	if (j == NULL)
		return qerr_internal(e, "trip: out of memory");
	resp_json(out, status, j);
	return 0;
}

/* Whether the trip id is there and in the caller's scope (req_exists_fn). */
static int
trip_exists(const struct ops_ctx *c, const char *id, struct qerr *e)
{
	struct ops_trip t;
	int rc = ops_trip_get(c, id, &t, e);

	ops_trip_free(&t);
	return rc;
}

/* req_json_at() for the trip the path names. */
static int
trip_json_on(struct req *r, struct ops_ctx *c, struct qerr *e)
{
	return req_json_at(r, empty_fields, trip_exists, c, e);
}

static json_t *
trip_enc(const void *row)
{
	return enc_trip(row);
}

/* POST /v1/persons/{id}/trips */
static int
h_trip_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_trip_args a = {.person_id = r->params[0]};
	struct ops_trip t;

	if (req_json_on(r, trip_fields, "person", &c, e) != 0)
		return -1;
	a.country = jsonv_str(r->json, "country");
	a.depart_on = jsonv_date(r->json, "depart_on");
	a.return_on = jsonv_date(r->json, "return_on");
	a.purpose = jsonv_str(r->json, "purpose");
	if (ops_trip_request(&c, &a, &t, e) != 0)
		return -1;
	return trip_answer(out, 201, &t, e);
}

/* POST /v1/trips/{id}/approve and /refuse (the head, Art. 32) */
static int
trip_decide(struct req *r, struct resp *out, struct qerr *e, bool approve)
{
	struct ops_ctx c;
	struct ops_trip t;

	if (trip_json_on(r, &c, e) != 0 ||
	    ops_trip_decide(&c, r->params[0], approve, &t, e) != 0)
		return -1;
	return trip_answer(out, 200, &t, e);
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

/* POST /v1/trips/{id}/depart */
static int
h_trip_depart(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_trip t;

	if (trip_json_on(r, &c, e) != 0 ||
	    ops_trip_depart(&c, r->params[0], &t, e) != 0)
		return -1;
	return trip_answer(out, 200, &t, e);
}

/* GET /v1/trips/{id} */
static int
h_trip_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_trip t;

	req_ops_ctx(r, &c);
	if (ops_trip_get(&c, r->params[0], &t, e) != 0)
		return -1;
	return trip_answer(out, 200, &t, e);
}

/* GET /v1/persons/{id}/trips */
static int
h_person_trips(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;

	req_ops_ctx(r, &c);
	if (ops_trips_person_scoped(&c, r->params[0], e) != 0)
		return -1;
	return list_rows(r, out, ops_trips_of_person, r->params[0], trip_enc, e);
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
