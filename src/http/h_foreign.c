/*
 * h_foreign.c — the HTTP edge of the transfer of state secrets to a foreign
 * state or an international organization (Art. 27): the proposal, the
 * authorized body's expert opinion, the Government's decision (or a
 * treaty), the contract, the transfer. The procedures are
 * src/ops/foreign.h (issue 11); this file decodes the body into their
 * arguments, calls them and answers the record.
 *
 * SECURITY: bodies validated by field tables; ids only looked up (in ops).
 */
#include "http/http.h"

#include "core/roles.h"
#include "core/transfer.h"
#include "http/transfer_ops.h"
#include "http/util.h"
#include "ops/foreign.h"

#define FT_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_NSC_OFFICER | \
                    ROLE_AUTHORIZED_BODY | ROLE_AUDITOR)

static const struct jfield proposal_fields[] = {
	{"proposer_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"recipient_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"carrier_ids", JF_STRINGS, JF_REQUIRED, NULL, 0, TRANSFER_CARRIERS_MAX},
	/* foreign_transfer_incomplete (Art. 27.1) needs them: absent is 422. */
	{"justification", JF_TEXT, JF_REQUIRED | JF_RULE, NULL, 0, 4000},
	{"agreed_with", JF_STRINGS, JF_REQUIRED | JF_RULE, NULL, 0, 100},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield opinion_fields[] = {
	{"positive", JF_BOOL, JF_REQUIRED, NULL, 0, 0},
	{"ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield decision_fields[] = {
	{"ref", JF_STRING, 0, NULL, 0, 200},
	{"treaty_ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield contract_fields[] = {
	{"ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

/* POST /v1/foreign-transfers — the reasoned proposal (Art. 27.1). */
static int
h_ft_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_foreign_propose_args a = {0};
	struct store_rec rec = {0};
	struct ops_ctx c;
	int rc = -1;

	if (req_json(r, proposal_fields, e) != 0)
		return -1;
	a.proposer_org_id = jsonv_str(r->json, "proposer_org_id");
	a.recipient_org_id = jsonv_str(r->json, "recipient_org_id");
	a.justification = jsonv_str(r->json, "justification");
	if (hx_ids(json_object_get(r->json, "carrier_ids"), &a.carrier_ids, e) == 0 &&
	    hx_ids(json_object_get(r->json, "agreed_with"), &a.agreed_with, e) == 0) {
		req_ops_ctx(r, &c);
		rc = ops_foreign_propose(&c, &a, &rec, e);
	}
	if (rc == 0)
		resp_json(out, 201, json_incref(rec.doc));
	store_rec_clear(&rec);
	hx_ids_free(&a.carrier_ids);
	hx_ids_free(&a.agreed_with);
	return rc;
}

/* GET /v1/foreign-transfers/{id} */
static int
h_ft_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_rec rec = {0};
	struct ops_ctx c;

	req_ops_ctx(r, &c);
	if (ops_foreign_get(&c, r->params[0], &rec, e) != 0)
		return -1;
	resp_json(out, 200, json_incref(rec.doc));
	store_rec_clear(&rec);
	return 0;
}

typedef int (*ft_op_fn)(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                        struct store_rec *out, struct qerr *e);

/* A step after the proposal: the body (its decode error goes to the
 * procedure, which answers 404 and 403 first), the call, 200 with the
 * record. */
static int
ft_run(struct req *r, struct resp *out, const struct jfield *fields, ft_op_fn op,
       struct qerr *e)
{
	struct qerr in = {0};
	struct ops_foreign_step_args a = {.id = r->params[0], .input = &in};
	struct store_rec rec = {0};
	struct ops_ctx c;

	if (req_json(r, fields, &in) == 0) {
		a.positive = jsonv_bool(r->json, "positive", false);
		a.ref = jsonv_str(r->json, "ref");
		a.treaty_ref = jsonv_str(r->json, "treaty_ref");
	}
	req_ops_ctx(r, &c);
	if (op(&c, &a, &rec, e) != 0)
		return -1;
	resp_json(out, 200, json_incref(rec.doc));
	store_rec_clear(&rec);
	return 0;
}

static int
h_ft_opinion(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_run(r, out, opinion_fields, ops_foreign_opinion, e);
}

static int
h_ft_decision(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_run(r, out, decision_fields, ops_foreign_decision, e);
}

static int
h_ft_contract(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_run(r, out, contract_fields, ops_foreign_contract, e);
}

static int
h_ft_transfer(struct req *r, struct resp *out, struct qerr *e)
{
	return ft_run(r, out, empty_fields, ops_foreign_transfer, e);
}

const struct route h_foreign_routes[] = {
	{"POST", "/v1/foreign-transfers", ROLE_SECURITY_OFFICER, 0, h_ft_create},
	{"GET", "/v1/foreign-transfers/{}", FT_READERS, 0, h_ft_get},
	{"POST", "/v1/foreign-transfers/{}/expert-opinion", ROLE_AUTHORIZED_BODY, 0, h_ft_opinion},
	{"POST", "/v1/foreign-transfers/{}/government-decision", ROLE_AUTHORIZED_BODY, 0,
	 h_ft_decision},
	{"POST", "/v1/foreign-transfers/{}/contract", ROLE_SECURITY_OFFICER, 0, h_ft_contract},
	{"POST", "/v1/foreign-transfers/{}/transfer", ROLE_SECURITY_OFFICER, 0, h_ft_transfer},
	{NULL, NULL, 0, 0, NULL},
};
