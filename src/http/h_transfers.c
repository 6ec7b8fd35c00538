/*
 * h_transfers.c — the HTTP edge of transfers of carriers between state
 * bodies and organizations (Art. 25, 26.1; R743 p.11) and of the
 * liquidation of an organization (Art. 28; R743 p.10). The procedures are
 * src/ops/transfers.h (issue 11); this file decodes the body into their
 * arguments, calls them and encodes the record as the API answers it.
 *
 * POST /v1/transfers {carrier_ids[] | carriers:[{carrier_id, copy_numbers}],
 * to_org_id, sanction_ref?, successor_ref?, authorized_body_ref?,
 * act_number?}: 201 with the act. POST /v1/orgs/{id}/liquidate
 * {successor_org_id?}: 200 with the organization, or 422
 * liquidation_blocked with error.carriers and error.joint_works.
 *
 * SECURITY: bodies validated by field tables (nested entries too).
 */
#include "http/http.h"

#include "core/carrier.h"
#include "core/roles.h"
#include "core/transfer.h"
#include "http/jsonv.h"
#include "http/transfer_ops.h"
#include "http/permit_ops.h"
#include "http/util.h"
#include "ops/transfers.h"

/* The act as the API answers it (NULL: out of memory); copies listed
 * only on acts that recorded them (0.1.0's did not). */
static json_t *
transfer_json(const void *row)
{
	const struct transfer_full *f = row;
	const struct transfer_rec *t = &f->t;
	json_t *ids = json_array(), *cars = t->carriers_listed ? json_array() : NULL, *j;

	if (ids == NULL || (t->carriers_listed && cars == NULL))
		goto oom;
	for (size_t i = 0; i < f->nitems; i++) {
		json_t *nums = json_array();

		if (json_array_append_new(ids, json_string(f->items[i].carrier_id)) != 0 ||
		    nums == NULL) {
			json_decref(nums);
			goto oom;
		}
		for (size_t k = 0; k < f->items[i].n; k++)
			if (json_array_append_new(nums, json_integer(f->items[i].numbers[k])) != 0) {
				json_decref(nums);
				goto oom;
			}
		if (cars == NULL)
			json_decref(nums);
		else if (json_array_append_new(cars, json_pack("{s:s, s:o}", "carrier_id",
		                                               f->items[i].carrier_id,
		                                               "copy_numbers", nums)) != 0)
			goto oom;
	}
	j = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:s, s:s}",
	              "id", t->h.id, "from_org_id", t->from_org_id, "to_org_id", t->to_org_id,
	              "carrier_ids", ids, "basis", transfer_basis_names[t->basis],
	              "sanction_ref", t->sanction_ref, "successor_ref", t->successor_ref,
	              "authorized_body_ref", t->authorized_body_ref, "act_number", t->act_number,
	              "joint_work_id", t->joint_work_id[0] ? t->joint_work_id : NULL,
	              "date", json_date(t->date), "by", t->by,
	              "state", transfer_state_names[t->state]);
	ids = NULL;
	if (j != NULL && cars != NULL && json_object_set_new(j, "carriers", cars) != 0) {
		json_decref(j);
		return NULL;
	}
	if (j == NULL)
		json_decref(cars);
	return j;
oom:
	json_decref(ids);
	json_decref(cars);
	return NULL;
}

/* Answers an act (status), or 500 out of memory. */
static int
transfer_answer(struct resp *out, int status, struct transfer_full *f, struct qerr *e)
{
	json_t *j = transfer_json(f);

	transfer_full_free(f);
	if (j == NULL)
		return qerr_internal(e, "transfer: out of memory");
	resp_json(out, status, j);
	return 0;
}

#define TRANSFER_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_NSC_OFFICER | \
                          ROLE_AUTHORIZED_BODY | ROLE_AUDITOR)

static const struct jfield transfer_fields[] = {
	{"carrier_ids", JF_STRINGS, 0, NULL, 0, TRANSFER_CARRIERS_MAX},
	{"carriers", JF_ARRAY, 0, NULL, 0, TRANSFER_CARRIERS_MAX},
	{"to_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"sanction_ref", JF_STRING, 0, NULL, 0, 200},
	{"successor_ref", JF_STRING, 0, NULL, 0, 200},
	{"authorized_body_ref", JF_STRING, 0, NULL, 0, 200},
	{"act_number", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield transfer_carrier_fields[] = {
	{"carrier_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"copy_numbers", JF_ARRAY, JF_REQUIRED, NULL, 0, CARRIER_COPIES_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield liquidate_fields[] = {
	{"successor_org_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{NULL, 0, 0, NULL, 0, 0},
};

/* The carriers of the body: carrier_ids[] (every copy the sender holds)
 * or carriers:[{carrier_id, copy_numbers[]}] (the copies named). 400 for
 * neither, both, or a malformed entry. */
static int
transfer_args(struct req *r, struct ops_transfer_args *a, struct hx_picks *p, struct qerr *e)
{
	const json_t *cids = json_object_get(r->json, "carrier_ids");
	const json_t *cars = json_object_get(r->json, "carriers");

	a->to_org_id = jsonv_str(r->json, "to_org_id");
	a->sanction_ref = jsonv_str(r->json, "sanction_ref");
	a->successor_ref = jsonv_str(r->json, "successor_ref");
	a->authorized_body_ref = jsonv_str(r->json, "authorized_body_ref");
	a->act_number = jsonv_str(r->json, "act_number");
	if (cids == NULL && cars == NULL)
		return qerr_input(e, "missing_field", "carrier_ids");
	if (cids != NULL && cars != NULL) {
		qerr_input(e, "invalid_value", "carriers");
		qerr_detail(e, "carrier_ids or carriers, not both");
		return -1;
	}
	if (cids != NULL)
		return hx_ids(cids, &a->carrier_ids, e);
	if (hx_picks(cars, transfer_carrier_fields, false, p, e) != 0)
		return -1;
	a->selection = true;
	a->carriers = p->v;
	a->ncarriers = p->n;
	a->carrier_ids.v = p->ids;
	a->carrier_ids.n = p->n;
	return 0;
}

/* POST /v1/transfers */
static int
h_transfer_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_transfer_args a = {0};
	struct hx_picks p = {0};
	struct transfer_full rec = {0};
	struct ops_ctx c;
	int rc = -1;

	if (req_json(r, transfer_fields, e) != 0)
		return -1;
	if (transfer_args(r, &a, &p, e) == 0) {
		req_ops_ctx(r, &c);
		rc = ops_transfer_create(&c, &a, &rec, e);
	}
	if (rc == 0)
		rc = transfer_answer(out, 201, &rec, e);
	if (!a.selection)
		hx_ids_free(&a.carrier_ids);
	hx_picks_free(&p);
	return rc;
}

/* GET /v1/transfers/{id}: the sender, the recipient, or across. */
static int
h_transfer_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct transfer_full rec;
	struct ops_ctx c;

	req_ops_ctx(r, &c);
	if (ops_transfer_get(&c, r->params[0], &rec, e) != 0)
		return -1;
	return transfer_answer(out, 200, &rec, e);
}

/* GET /v1/transfers?org_id=&to_org_id= — the acts a sender made (what left). */
static int
h_transfer_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_transfer_query q = {.from_org_id = http_query(r, "org_id"),
	                               .to_org_id = http_query(r, "to_org_id")};

	if (req_org_filter(r, &q.from_org_id, e) != 0)
		return -1;
	return list_rows(r, out, ops_transfers_each, &q, transfer_json, e);
}

/* The string, or null for "". */
static json_t *
str_or_null(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

/* {carriers: [{id, account_number, label, state, joint_work_id}],
 *  joint_works: [{id, state}]}; NULL out of memory. */
static json_t *
liquidate_blocks_json(const struct ops_liquidate_result *res)
{
	json_t *cars = json_array(), *jws = json_array();
	bool ok = cars != NULL && jws != NULL;

	for (size_t i = 0; ok && i < res->ncarriers; i++) {
		const struct ops_liq_carrier *v = &res->carriers[i];

		ok = json_array_append_new(cars, json_pack("{s:s, s:s, s:o, s:s, s:o}", "id", v->id,
		                                           "account_number", v->account_number,
		                                           "label", str_or_null(v->label), "state",
		                                           v->state, "joint_work_id",
		                                           str_or_null(v->joint_work_id))) == 0;
	}
	for (size_t i = 0; ok && i < res->njoint_works; i++)
		ok = json_array_append_new(jws, json_pack("{s:s, s:s}", "id", res->joint_works[i].id,
		                                          "state", res->joint_works[i].state)) == 0;
	if (!ok) {
		json_decref(cars);
		json_decref(jws);
		return NULL;
	}
	return json_pack("{s:o, s:o}", "carriers", cars, "joint_works", jws);
}

/* POST /v1/orgs/{id}/liquidate {successor_org_id?} (Art. 28) */
static int
h_org_liquidate(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_liquidate_args a = {.org_id = r->params[0]};
	struct ops_liquidate_result res;
	struct qerr in = {0};
	struct ops_ctx c;
	int rc;

	if (req_json(r, liquidate_fields, &in) == 0)
		a.successor_org_id = jsonv_str(r->json, "successor_org_id");
	a.input = &in;
	req_ops_ctx(r, &c);
	rc = ops_org_liquidate(&c, &a, &res, e);
	if (rc == 0) {
		json_t *v = org_json(&res.org);

		if (v == NULL)
			rc = qerr_internal(e, "org: out of memory");
		else
			resp_json(out, 200, v);
	} else if (e->status == QERR_RULE && e->audited && res.blocked) {
		/* liquidation_blocked lists what blocks it (recorded already) */
		rc = hx_refusal_with(r, out, e, liquidate_blocks_json(&res));
	}
	ops_liquidate_result_clear(&res);
	return rc;
}

const struct route h_transfers_routes[] = {
	{"POST", "/v1/transfers", ROLE_SECURITY_OFFICER, 0, h_transfer_create},
	{"GET", "/v1/transfers", TRANSFER_READERS, 0, h_transfer_list},
	{"GET", "/v1/transfers/{}", TRANSFER_READERS, 0, h_transfer_get},
	{"POST", "/v1/orgs/{}/liquidate", ROLE_ADMIN | ROLE_HEAD, 0, h_org_liquidate},
	{NULL, NULL, 0, 0, NULL},
};
