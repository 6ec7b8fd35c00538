/*
 * h_incidents.c — incidents: disclosure and loss of carriers (Art. 1, 26, 31, 37).
 *
 *   POST /v1/incidents {kind: loss|disclosure, carrier_ids[], person_ids[],
 *        description, confirmed, damage?}
 *        - loss: every carrier moves to "lost" (core/carrier.h carrier_lose:
 *          from registered or issued; any other state is 409 invalid_state)
 *          with a "lost" event in its movement journal naming the incident;
 *          a lost carrier fails the access check carrier_unavailable
 *          (Art. 28), so nobody reads or is issued it any more;
 *        - confirmed: the active clearances of the persons named end for
 *          "violation" (Art. 31.1 para 1), so Art. 31.1's five-year wait
 *          applies to them; their non-disclosure obligation stays (31.3).
 *          Liability itself (Art. 37) is outside this system: the incident
 *          is the record the competent bodies act on.
 *   POST /v1/incidents/{id}/confirm {damage?}: an open incident (also a
 *        "loss_suspected" one opened by an inventory) is confirmed: the same
 *        clearance consequence; a suspected loss moves its carriers to lost.
 *   GET  /v1/incidents/{id}, GET /v1/incidents?org_id=
 *
 * An incident is a typed row (core/incident.h struct incident_rec, its
 * arrays child rows): org_id = the caller's organization (cross-
 * organization roles: the first carrier's, else the first person's),
 * state open | confirmed; answered by enc_incident as {id, kind,
 * org_id, carrier_ids, person_ids, description, damage, confirmed,
 * occurred_on, confirmed_on, lost_carriers, terminated_clearances, by,
 * joint_work_violations?} (a suspected loss: copies, opened_on,
 * inventory_id instead of occurred_on and by).
 *
 * Order (SPEC.md §5): 400 body, 404 ids in the body (field named), 403
 * organization of each carrier and person, 409 carrier state. The
 * procedures are ops/incidents.c; this file decodes and answers.
 * SECURITY: bodies validated by field tables; description and damage
 * capped; ids only looked up.
 */
#include "http/http.h"

#include "core/roles.h"
#include "http/transfer_ops.h"
#include "http/enc.h"
#include "http/util.h"
#include "ops/incidents.h"

#define INCIDENT_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)
#define INCIDENT_IDS_MAX 1000

static const char *const incident_kinds[] = {"loss", "disclosure", NULL};

static const struct jfield incident_fields[] = {
	{"kind", JF_ENUM, JF_REQUIRED, incident_kinds, 0, 0},
	{"carrier_ids", JF_STRINGS, JF_REQUIRED, NULL, 0, INCIDENT_IDS_MAX},
	{"person_ids", JF_STRINGS, JF_REQUIRED, NULL, 0, INCIDENT_IDS_MAX},
	{"description", JF_STRING, JF_REQUIRED, NULL, 0, 4000},
	{"confirmed", JF_BOOL, JF_REQUIRED, NULL, 0, 0},
	{"damage", JF_TEXT, 0, NULL, 0, 4000},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield confirm_fields[] = {
	{"damage", JF_TEXT, 0, NULL, 0, 4000},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Answers the incident (status) and frees it. */
static int
incident_answer(struct resp *out, int status, struct incident_rec *inc, struct qerr *e)
{
	json_t *j = enc_incident(inc);

	incident_rec_free(inc);
	if (j == NULL)
		return qerr_internal(e, "incident: out of memory");
	resp_json(out, status, j);
	return 0;
}

static json_t *
incident_enc(const void *row)
{
	return enc_incident(row);
}

/* POST /v1/incidents */
static int
h_incident_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_incident_args a = {0};
	struct incident_rec inc;
	int rc = -1;

	if (req_json(r, incident_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.kind = incident_kind_parse(jsonv_str(r->json, "kind"));
	a.description = jsonv_str(r->json, "description");
	a.damage = jsonv_str(r->json, "damage");
	a.confirmed = jsonv_bool(r->json, "confirmed", false);
	if (hx_ids(json_object_get(r->json, "carrier_ids"), &a.carrier_ids, e) == 0 &&
	    hx_ids(json_object_get(r->json, "person_ids"), &a.person_ids, e) == 0)
		rc = ops_incident_report(&c, &a, &inc, e);
	hx_ids_free(&a.carrier_ids);
	hx_ids_free(&a.person_ids);
	if (rc != 0)
		return -1;
	return incident_answer(out, 201, &inc, e);
}

/* Whether the incident id is there and in the caller's scope
 * (req_exists_fn). */
static int
incident_exists(const struct ops_ctx *c, const char *id, struct qerr *e)
{
	struct incident_rec inc;
	int rc = ops_incident_get(c, id, &inc, e);

	incident_rec_free(&inc);
	return rc;
}

/* POST /v1/incidents/{id}/confirm */
static int
h_incident_confirm(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct incident_rec inc;

	/* an unknown or foreign incident comes before the body (SPEC §5) */
	if (req_json_at(r, confirm_fields, incident_exists, &c, e) != 0)
		return -1;
	if (ops_incident_confirm(&c, r->params[0], jsonv_str(r->json, "damage"), &inc, e) != 0)
		return -1;
	return incident_answer(out, 200, &inc, e);
}

/* GET /v1/incidents/{id} */
static int
h_incident_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct incident_rec inc;

	req_ops_ctx(r, &c);
	if (ops_incident_get(&c, r->params[0], &inc, e) != 0)
		return -1;
	return incident_answer(out, 200, &inc, e);
}

/* GET /v1/incidents?org_id=&state= */
static int
h_incident_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_incident_query q = {.org_id = http_query(r, "org_id"),
	                               .state = http_query(r, "state")};

	if (!r->cross_org)
		q.org_id = r->user.org_id;
	return list_rows(r, out, ops_incidents_each, &q, incident_enc, e);
}

const struct route h_incidents_routes[] = {
	{"POST", "/v1/incidents", ROLE_SECURITY_OFFICER, 0, h_incident_create},
	{"GET", "/v1/incidents", INCIDENT_READERS, 0, h_incident_list},
	{"GET", "/v1/incidents/{}", INCIDENT_READERS, 0, h_incident_get},
	{"POST", "/v1/incidents/{}/confirm", ROLE_SECURITY_OFFICER | ROLE_HEAD, 0,
	 h_incident_confirm},
	{NULL, NULL, 0, 0, NULL},
};
