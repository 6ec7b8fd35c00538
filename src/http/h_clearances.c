/*
 * h_clearances.c — the clearance of a person (access to state secrets,
 * Art. 29-31; SPEC.md §3 "Clearances"): registration of a form, the five
 * prerequisites of Art. 29.1, the head's decision, re-registration to
 * another form, termination. The rules are core/clearance.c, the
 * procedures ops/clearances.c (typed rows, core/clearance_rec.h); this
 * file decodes the body into their arguments and answers the clearance
 * (http/enc_clearances.c).
 *
 *   POST /v1/persons/{id}/clearances  h_clearance_create     -> registering
 *        (foreigner_needs_treaty, Art. 29.4: the treaty is a field of the
 *        registration, so its absence is refused here, SPEC.md §5)
 *   POST /v1/clearances/{id}/prerequisites  h_clearance_prereqs
 *        (registering; or active under the Art. 5 relaxation, for the
 *        verification that was allowed to follow the decision)
 *   POST /v1/clearances/{id}/decision h_clearance_decision
 *        registering --grant--> active   (clearance_grant_check: 
 *                                          prerequisites_missing, refusal_ground,
 *                                          foreigner_needs_treaty,
 *                                          readmission_too_early)
 *                    the person's other active clearances --> terminated
 *                    (reason "reregistered": re-registration to another form)
 *        registering --refuse--> refused
 *   POST /v1/clearances/{id}/terminate h_clearance_terminate  active -> terminated
 *   GET  /v1/clearances/{id}, GET /v1/persons/{id}/clearances
 *
 * Order in each handler (SPEC.md §5): 404 path id, 403 organization, 400
 * body (clearance_body), 409 state, 422 rules (recorded by ops_refuse).
 *
 * SECURITY: bodies validated by field tables; the person's organization
 * scopes who may act (403 forbidden_org).
 */
#include "http/http.h"

#include <string.h>

#include "core/degree.h"
#include "core/roles.h"
#include "http/enc.h"
#include "http/util.h"
#include "ops/clearances.h"

#define CLEARANCE_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)

static const char *const decisions[] = {"grant", "refuse", NULL};

static const struct jfield clearance_fields[] = {
	{"form", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	/* foreigner_needs_treaty (Art. 29.4) needs it for a non-citizen: its
	 * absence is that rule's 422, not a 400. */
	{"treaty_ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield prereq_fields[] = {
	{"commitment_on", JF_DATE, 0, NULL, 0, 0},
	{"consent_restrictions_on", JF_DATE, 0, NULL, 0, 0},
	{"consent_verification_on", JF_DATE, 0, NULL, 0, 0},
	{"familiarized_on", JF_DATE, 0, NULL, 0, 0},
	{"verification", JF_ENUM, 0, clearance_verification_names, 0, 0},
	{"verified_on", JF_DATE, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield decision_fields[] = {
	{"decision", JF_ENUM, JF_REQUIRED, decisions, 0, 0},
	{"contract_number", JF_STRING, 0, NULL, 0, 100},
	{"restriction_until", JF_DATE, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield terminate_fields[] = {
	{"reason", JF_ENUM, JF_REQUIRED, clearance_end_names, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* ============================== Procedures ================================ */

/* req_json() for a step on the clearance the path names: when the body is
 * bad, an unknown clearance (404) or one outside the caller's organization
 * (403) is answered instead (SPEC.md §5). Then *c is the procedure's
 * context with the body's effective_date. */
static int
clearance_body(struct req *r, const struct jfield *fields, struct ops_ctx *c, struct qerr *e)
{
	return req_json_at(r, fields, ops_clearance_exists_scoped, c, e);
}

/* Answers the clearance a procedure gave (and releases it). */
static int
answer(struct resp *out, int status, struct clearance_rec *rec, struct qerr *e)
{
	json_t *j = enc_clearance(rec);

	clearance_rec_free(rec);
	if (j == NULL)
		return qerr_internal(e, "clearance: out of memory");
	resp_json(out, status, j);
	return 0;
}


/* POST /v1/persons/{id}/clearances {form, treaty_ref?} */
static int
h_clearance_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_clearance_register_args a = {.person_id = r->params[0]};
	struct clearance_rec doc;

	if (req_json_on(r, clearance_fields, "person", &c, e) != 0)
		return -1;
	a.form = degree_parse(jsonv_str(r->json, "form"));
	a.treaty_ref = jsonv_str(r->json, "treaty_ref");
	if (ops_clearance_register(&c, &a, &doc, e) != 0)
		return -1;
	return answer(out, 201, &doc, e);
}

/* POST /v1/clearances/{id}/prerequisites — any of the five, with dates. */
static int
h_clearance_prereqs(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_clearance_prereqs_args a = {.clearance_id = r->params[0]};
	struct clearance_rec doc;

	if (clearance_body(r, prereq_fields, &c, e) != 0)
		return -1;
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		a.dates[i] = jsonv_has(r->json, ops_clearance_prereq_dates[i])
		           ? jsonv_date(r->json, ops_clearance_prereq_dates[i]) : QDATE_NONE;
	a.verification = clearance_verification_parse(jsonv_str(r->json, "verification"));
	a.verified_on = jsonv_has(r->json, "verified_on") ? jsonv_date(r->json, "verified_on")
	                                                  : QDATE_NONE;
	if (ops_clearance_prereqs(&c, &a, &doc, e) != 0)
		return -1;
	return answer(out, 200, &doc, e);
}

/* POST /v1/clearances/{id}/decision {decision, contract_number?, restriction_until?} */
static int
h_clearance_decision(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_clearance_decide_args a = {.clearance_id = r->params[0]};
	struct clearance_rec doc;

	if (clearance_body(r, decision_fields, &c, e) != 0)
		return -1;
	a.grant = strcmp(jsonv_str(r->json, "decision"), "grant") == 0;
	a.contract_number = jsonv_str(r->json, "contract_number");
	a.restriction_until = jsonv_date(r->json, "restriction_until");
	if (ops_clearance_decide(&c, &a, &doc, e) != 0)
		return -1;
	return answer(out, 200, &doc, e);
}

/* POST /v1/clearances/{id}/terminate {reason} (Art. 31.1, 33.3) */
static int
h_clearance_terminate(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct clearance_rec doc;

	if (clearance_body(r, terminate_fields, &c, e) != 0 ||
	    ops_clearance_terminate(&c, r->params[0],
	                            clearance_end_parse(jsonv_str(r->json, "reason")), &doc,
	                            e) != 0)
		return -1;
	return answer(out, 200, &doc, e);
}

/* ================================ Reads =================================== */

/* GET /v1/clearances/{id} */
static int
h_clearance_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct store_tx *tx = NULL;
	struct clearance_rec rec;
	int rc;

	req_ops_ctx(r, &c);
	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = ops_clearance_load_scoped(&c, tx, r->params[0], &rec, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	return answer(out, 200, &rec, e);
}

static json_t *
clearance_enc(const void *row)
{
	return enc_clearance(row);
}

/* GET /v1/persons/{id}/clearances: the person's (404, 403 as the person),
 * a page in seq order. */
static int
h_person_clearances(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct ops_clearance_query q = {.person_id = r->params[0], .children = true};
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = rec_load_scoped(r, tx, "person", &rec, e);
	store_rollback(tx);
	store_rec_clear(&rec);
	if (rc != 0)
		return -1;
	return list_rows(r, out, ops_clearances_each, &q, clearance_enc, e);
}

const struct route h_clearances_routes[] = {
	{"POST", "/v1/persons/{}/clearances", ROLE_SECURITY_OFFICER, 0, h_clearance_create},
	{"GET", "/v1/persons/{}/clearances", CLEARANCE_READERS, 0, h_person_clearances},
	{"POST", "/v1/clearances/{}/prerequisites", ROLE_SECURITY_OFFICER, 0,
	 h_clearance_prereqs},
	{"POST", "/v1/clearances/{}/decision", ROLE_HEAD, 0, h_clearance_decision},
	{"POST", "/v1/clearances/{}/terminate", ROLE_HEAD, 0, h_clearance_terminate},
	{"GET", "/v1/clearances/{}", CLEARANCE_READERS, 0, h_clearance_get},
	{NULL, NULL, 0, 0, NULL},
};
