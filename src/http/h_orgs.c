/*
 * h_orgs.c — organizations (SPEC.md §2) and their permits (Art. 34).
 *
 * An organization's BIN is validated by its check digit (core/ident.h) and
 * unique; foreign states and international organizations have none. A permit
 * belongs to one organization; its state by date is derived on every read
 * (core/permit.h), never written by a timer. Permits are typed records: the
 * handlers decode the body, call the procedures of ops/orgs.h and encode
 * the result (permit_json).
 */
#include "http/http.h"

#include <math.h>
#include <string.h>

#include "core/degree.h"
#include "core/ident.h"
#include "core/permit.h"
#include "core/roles.h"
#include "http/permit_ops.h"
#include "http/util.h"
#include "ops/orgs.h"

static const char *const *const org_kinds = org_kind_names;
static const char *const regime_categories[] = {"special_regime", "regime", "protected", NULL};

static const struct jfield org_fields[] = {
	{"name", JF_STRING, JF_REQUIRED, NULL, 0, 500},
	{"bin", JF_STRING, 0, NULL, 0, 12},
	{"kind", JF_ENUM, JF_REQUIRED, org_kinds, 0, 0},
	{"parent_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"city", JF_STRING, 0, NULL, 0, 200},
	{"foreign_participation", JF_BOOL, 0, NULL, 0, 0},
	{"state_share", JF_NUMBER, 0, NULL, 0, 100},
	{"regime_category", JF_ENUM, 0, regime_categories, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield permit_fields[] = {
	{"degree", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{"number", JF_STRING, JF_REQUIRED, NULL, 0, 100},
	{"issued_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"valid_until", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

/* The organization as GET /v1/orgs/{id} answers it: org_json with its
 * permits (each as permit_json on r->today); NULL when out of memory. */
static json_t *
org_view(struct req *r, const struct org_rec *o, const struct permit_rec *p, size_t np)
{
	json_t *doc = org_json(o), *items = json_array();

	for (size_t i = 0; items != NULL && i < np; i++)
		if (json_array_append_new(items, permit_json(&p[i], r->today)) != 0) {
			json_decref(items);
			items = NULL;
		}
	if (doc == NULL || items == NULL || json_object_set_new(doc, "permits", items) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static int
h_org_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_org_args a = {0};
	struct org_rec o;
	const json_t *share;
	json_t *v;

	if (req_json(r, org_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.name = jsonv_str(r->json, "name");
	a.bin = jsonv_str(r->json, "bin");
	a.kind = org_enum_parse(org_kind_names, jsonv_str(r->json, "kind"));
	a.parent_id = jsonv_str(r->json, "parent_id");
	a.city = jsonv_str(r->json, "city");
	a.foreign_participation = jsonv_bool(r->json, "foreign_participation", false);
	share = json_object_get(r->json, "state_share");
	a.state_share = json_is_number(share) ? json_number_value(share) : NAN;
	a.regime_category = jsonv_has(r->json, "regime_category")
	                  ? org_enum_parse(org_regime_names, jsonv_str(r->json, "regime_category"))
	                  : ORG_REGIME_NONE;
	if (a.regime_category < 0)
		a.regime_category = ORG_REGIME_NONE;
	if (ops_org_register(&c, &a, &o, e) != 0)
		return -1;
	v = org_view(r, &o, NULL, 0);
	org_rec_free(&o);
	if (v == NULL)
		return qerr_internal(e, "org: out of memory");
	resp_json(out, 201, v);
	return 0;
}

static int
h_org_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec o = {0};
	struct permit_rec *p = NULL;
	size_t np = 0;
	json_t *v = NULL;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, r->params[0], &o, NULL, e) == 0 &&
	    ops_org_permits(tx, o.h.id, &p, &np, e) == 0 &&
	    (v = org_view(r, &o, p, np)) == NULL)
		qerr_internal(e, "org: out of memory");
	store_rollback(tx);
	ops_permits_free(p, np);
	org_rec_free(&o);
	if (v == NULL)
		return -1;
	resp_json(out, 200, v);
	return 0;
}

static int64_t
orgs_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
          int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	return ops_orgs_each(tx, q, after_seq, limit, fn, ctx, e);
}

static int
h_org_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_org_filter f = {.parent_id = http_query(r, "parent_id"),
	                           .state = http_query(r, "state"), .bin = http_query(r, "bin")};

	return list_rows(r, out, orgs_each, &f, org_json, e);
}

/* Answers a permit the procedure returned (201 or 200). */
static int
permit_answer(struct req *r, struct resp *out, int status, struct permit_rec *p,
              struct qerr *e)
{
	json_t *j = permit_json(p, r->today);

	permit_rec_free(p);
	if (j == NULL)
		return qerr_internal(e, "permit: out of memory");
	resp_json(out, status, j);
	return 0;
}

static int
h_permit_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_permit_issue_args a = {.org_id = r->params[0]};
	struct permit_rec p;

	req_ops_ctx(r, &c);
	if (req_json(r, permit_fields, e) != 0) {
		struct qerr ne = {0};

		/* An unknown organization comes before a bad body (SPEC §5). */
		if (ops_org_exists(&c, a.org_id, &ne) != 0 && ne.status != QERR_INPUT)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, &c);   /* the body's effective_date */
	a.degree = degree_parse(jsonv_str(r->json, "degree"));
	a.number = jsonv_str(r->json, "number");
	a.issued_on = jsonv_date(r->json, "issued_on");
	a.valid_until = jsonv_date(r->json, "valid_until");
	if (ops_permit_issue(&c, &a, &p, e) != 0)
		return -1;
	return permit_answer(r, out, 201, &p, e);
}

static int
h_permit_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct permit_rec p;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (ops_permit_load(tx, r->params[0], &p, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	store_rollback(tx);
	return permit_answer(r, out, 200, &p, e);
}

/* suspend / resume / cancel: the permit (404), an empty body (400), then
 * the procedure. */
static int
permit_transition(struct req *r, struct resp *out, struct qerr *e,
                  int (*step)(const struct ops_ctx *, const char *, struct permit_rec *,
                              struct qerr *))
{
	struct ops_ctx c;
	struct permit_rec p;

	req_ops_ctx(r, &c);
	if (req_json(r, empty_fields, e) != 0) {
		struct qerr ne = {0};

		if (ops_permit_exists(&c, r->params[0], &ne) != 0)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, &c);
	if (step(&c, r->params[0], &p, e) != 0)
		return -1;
	return permit_answer(r, out, 200, &p, e);
}

static int
h_permit_suspend(struct req *r, struct resp *out, struct qerr *e)
{
	return permit_transition(r, out, e, ops_permit_suspend);
}

static int
h_permit_resume(struct req *r, struct resp *out, struct qerr *e)
{
	return permit_transition(r, out, e, ops_permit_resume);
}

static int
h_permit_cancel(struct req *r, struct resp *out, struct qerr *e)
{
	return permit_transition(r, out, e, ops_permit_cancel);
}

const struct route h_orgs_routes[] = {
	{"POST", "/v1/orgs", ROLE_ADMIN | ROLE_SECURITY_OFFICER, 0, h_org_create},
	{"GET", "/v1/orgs", ROLE_ANY_USER, 0, h_org_list},
	{"GET", "/v1/orgs/{}", ROLE_ANY_USER, 0, h_org_get},
	{"POST", "/v1/orgs/{}/permits", ROLE_NSC_OFFICER, 0, h_permit_create},
	{"GET", "/v1/permits/{}", ROLE_ANY_USER, 0, h_permit_get},
	{"POST", "/v1/permits/{}/suspend", ROLE_NSC_OFFICER, 0, h_permit_suspend},
	{"POST", "/v1/permits/{}/resume", ROLE_NSC_OFFICER, 0, h_permit_resume},
	{"POST", "/v1/permits/{}/cancel", ROLE_NSC_OFFICER, 0, h_permit_cancel},
	{NULL, NULL, 0, 0, NULL},
};
