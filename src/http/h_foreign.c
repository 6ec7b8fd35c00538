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
#include "http/enc.h"

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

/* Sets o[key] = v (stolen); false when v is NULL or out of memory. */
static bool
put(json_t *o, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(o, key, v) == 0;
}

/* The proposal as the API answers it (NULL: out of memory): a step's
 * member only once taken. */
static json_t *
foreign_json(const struct foreign_full *x)
{
	const struct foreign_rec *f = &x->f;
	json_t *hist = json_array(), *j;
	bool ok;

	for (size_t i = 0; hist != NULL && i < x->nhistory; i++) {
		const struct foreign_step_rec *h = &x->history[i];

		if (json_array_append_new(hist, json_pack("{s:s, s:s, s:s, s:o, s:s}", "from", h->from,
		                                          "to", h->to, "step", h->step, "date",
		                                          json_date(h->date), "by", h->by)) != 0) {
			json_decref(hist);
			hist = NULL;
		}
	}
	if (hist == NULL)
		return NULL;
	j = json_pack("{s:s, s:s, s:s, s:o, s:s?, s:o, s:o, s:o, s:s, s:s, s:o}", "id", f->h.id,
	              "proposer_org_id", f->proposer_org_id, "recipient_org_id",
	              f->recipient_org_id, "carrier_ids", enc_ids(x->carrier_ids, x->ncarriers),
	              "justification", f->justification, "agreed_with",
	              enc_ids(x->agreed_with, x->nagreed), "disposing_org_ids",
	              enc_ids(x->disposing, x->ndisposing), "proposed_on",
	              json_date(f->proposed_on), "state", foreign_state_names[f->state],
	              "proposed_by", f->proposed_by, "history", hist);
	if (j == NULL)
		return NULL;
	ok = (f->opinion_date == QDATE_NONE ||
	      put(j, "expert_opinion", json_pack("{s:b, s:s?, s:o, s:s}", "positive",
	                                         f->opinion_positive, "ref", f->opinion_ref, "date",
	                                         json_date(f->opinion_date), "by", f->opinion_by))) &&
	     (f->decision_date == QDATE_NONE ||
	      put(j, "government_decision",
	          json_pack("{s:s?, s:s?, s:o, s:s}", "ref", f->decision_ref, "treaty_ref",
	                    f->decision_treaty_ref, "date", json_date(f->decision_date), "by",
	                    f->decision_by))) &&
	     (f->contract_date == QDATE_NONE ||
	      put(j, "contract", json_pack("{s:s?, s:o, s:s}", "ref", f->contract_ref, "date",
	                                   json_date(f->contract_date), "by", f->contract_by))) &&
	     (f->transferred_on == QDATE_NONE ||
	      put(j, "transferred_on", json_date(f->transferred_on)));
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Answers a proposal (status), or 500 out of memory. */
static int
foreign_answer(struct resp *out, int status, struct foreign_full *x, struct qerr *e)
{
	json_t *j = foreign_json(x);

	foreign_full_free(x);
	if (j == NULL)
		return qerr_internal(e, "foreign transfer: out of memory");
	resp_json(out, status, j);
	return 0;
}

/* POST /v1/foreign-transfers — the reasoned proposal (Art. 27.1). */
static int
h_ft_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_foreign_propose_args a = {0};
	struct foreign_full rec = {0};
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
		rc = foreign_answer(out, 201, &rec, e);
	hx_ids_free(&a.carrier_ids);
	hx_ids_free(&a.agreed_with);
	return rc;
}

/* GET /v1/foreign-transfers/{id} */
static int
h_ft_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct foreign_full rec;
	struct ops_ctx c;

	req_ops_ctx(r, &c);
	if (ops_foreign_get(&c, r->params[0], &rec, e) != 0)
		return -1;
	return foreign_answer(out, 200, &rec, e);
}

typedef int (*ft_op_fn)(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                        struct foreign_full *out, struct qerr *e);

/* A step after the proposal: the body (its decode error goes to the
 * procedure, which answers 404 and 403 first), the call, 200 with the
 * record. */
static int
ft_run(struct req *r, struct resp *out, const struct jfield *fields, ft_op_fn op,
       struct qerr *e)
{
	struct qerr in = {0};
	struct ops_foreign_step_args a = {.id = r->params[0], .input = &in};
	struct foreign_full rec;
	struct ops_ctx c;

	if (req_json(r, fields, &in) == 0) {
		a.positive = jsonv_bool(r->json, "positive", false);
		a.ref = jsonv_str(r->json, "ref");
		a.treaty_ref = jsonv_str(r->json, "treaty_ref");
	}
	req_ops_ctx(r, &c);
	if (op(&c, &a, &rec, e) != 0)
		return -1;
	return foreign_answer(out, 200, &rec, e);
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
