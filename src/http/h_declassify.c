/*
 * h_declassify.c — declassification and extension of information and
 * carriers (Law "On State Secrets", Art. 15.4, 18, 20.3, 22, 23; SPEC.md §3
 * "Declassification"), the decisions that close the list-change cascade
 * (reclassification of an item, relabelling of a carrier), the archive
 * delegations of Art. 23.2 and the protection-means certificates of Art. 35.
 *
 * Each handler: load the record of the path (404) → body (400) → workflow
 * state (409) → the rules of src/core/declassify.h in the order of SPEC.md
 * §3 (422) → write with its audit entry in one transaction. A 422 is
 * audited by the router with its code.
 *
 * Competence (Art. 23.1, 23.2, 28; core/declassify.h), always checked
 * before anything about the object's state or term is answered (SPEC.md
 * §5), from the records (ops/disposal.h) —
 *   disposer    the disposing body recorded on the information (org_id,
 *               doc.disposing_org_id) or carrier (doc.disposing_org_ids);
 *               once liquidated, its successor (org doc "successor_org_id")
 *               and nobody else. Custody (the carrier's org_id, its copies'
 *               holders) confers nothing, except that an archive keeps a
 *               carrier it holds or that was archived with it
 *               (doc.archive.archive_org_id) for a delegation below
 *   superior    an organization on the disposer's parent chain (org
 *               parent_id), at most DECLASSIFY_ANCESTORS_MAX hops
 *   delegation  record "archive_delegation": org_id = the fund-forming
 *               organization, ref = the archive's organization, state active
 *   liquidated  the last of the successor chain is "liquidated" without a
 *               successor
 * A carrier is declassified or relabelled by every body whose information
 * on it is still classified (any of its disposing bodies when none is);
 * extended by any one of its disposing bodies.
 *
 * Carriers of declassified or re-degreed information (Art. 18, 23.1): every
 * carrier naming the item (store_carrier_naming, then information_ids
 * checked) that is still classified is offered: "declassify" when nothing
 * classified remains on it, "relabel" to the highest remaining label,
 * "raise" when the degree went up; "keep" otherwise. Each offer but keep
 * flags the carrier (h_declassify.h) so it stays on the deadlines list
 * until a decision on it; nothing about the carrier changes silently.
 *
 * Records written here:
 *   information  state classified -> declassified; doc.declassification,
 *                doc.extensions[], doc.reclassifications[], review flag
 *   carrier      state -> declassified; doc.declassification,
 *                doc.extensions[], doc.relabellings[], review flag;
 *                a "movement" per act in the carrier's journal
 *   archive_delegation, certificate (new)
 *
 * SECURITY: bodies are untrusted and validated by field tables (jsonv.h);
 * ids from paths and bodies are only looked up. Only metadata is read;
 * never carrier content.
 */
#include "http/h_declassify.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/declassify.h"
#include "core/degree.h"
#include "core/roles.h"
#include "http/http.h"
#include "http/permit_ops.h"
#include "http/enc.h"
#include "http/util.h"
#include "ops/carrier_store.h"
#include "ops/declassify.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/reclassify.h"

#define DCL_ACTORS     (ROLE_HEAD | ROLE_ARCHIVIST | ROLE_AUTHORIZED_BODY)
#define DCL_READERS    (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_ARCHIVIST | \
                        ROLE_AUTHORIZED_BODY | ROLE_NSC_OFFICER | ROLE_AUDITOR)
#define DCL_REF_MAX    200      /* bytes of a reference (court, conclusion, act) */

/* ---- field tables ------------------------------------------------------- */

/* declassify_ground_required (Art. 22.1): a missing ground is the rule's 422. */
static const struct jfield declassify_fields[] = {
	{"ground", JF_ENUM, JF_REQUIRED | JF_RULE, declassify_ground_names, 0, 0},
	{"court_ref", JF_STRING, 0, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

/* extension_needs_conclusion (Art. 20.3): needed only past 30 years. */
static const struct jfield info_extend_fields[] = {
	{"declassify_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"conclusion_ref", JF_STRING, JF_RULE, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

/* extension_needs_conclusion (Art. 23.1): always needed for a carrier. */
static const struct jfield carrier_extend_fields[] = {
	{"declassify_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"expert_conclusion_ref", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield reclassify_fields[] = {
	{"list_item_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"degree", JF_ENUM, 0, degree_names, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield relabel_fields[] = {
	{"label", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield delegation_fields[] = {
	{"archive_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"ref", JF_STRING, JF_REQUIRED, NULL, 0, DCL_REF_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield certificate_fields[] = {
	{"means", JF_STRING, JF_REQUIRED, NULL, 0, 500},
	{"number", JF_STRING, JF_REQUIRED, NULL, 0, 100},
	{"degree", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{"valid_until", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* ---- information ------------------------------------------------------------ */

/* The offers as answered: [{carrier_id, account_number, org_id, label,
 * offer, proposed_label}] (label and proposed_label null when none); NULL
 * out of memory. */
static json_t *
offers_json(const struct ops_carrier_offers *o)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < o->n; i++) {
		const struct ops_carrier_offer *f = &o->v[i];

		if (json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s?}", "carrier_id",
		                                       f->carrier_id, "account_number",
		                                       f->account_number, "org_id", f->org_id,
		                                       "label", degree_name(f->label), "offer",
		                                       declassify_offer_name(f->offer),
		                                       "proposed_label",
		                                       degree_name(f->proposed))) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* The record as answered (with "carriers": the offers, when given). */
static int
declassify_answer(struct resp *out, struct ops_declassify_result *res, struct qerr *e)
{
	json_t *v = res->is_info ? enc_info(&res->info, e) : carrier_rec_doc(&res->car, e);

	if (v != NULL && res->has_offers &&
	    json_object_set_new(v, "carriers", offers_json(&res->offers)) != 0) {
		json_decref(v);
		v = NULL;
	}
	ops_declassify_result_clear(res);
	if (v == NULL)
		return qerr_internal(e, "declassification: out of memory");
	resp_json(out, 200, v);
	return 0;
}

/* POST /v1/information/{id}/declassify and /v1/carriers/{id}/declassify
 * {ground, court_ref?} (Art. 22, 23): the body's 400 after the 404. */
static int
declassify_act(struct req *r, struct resp *out, struct qerr *e,
               int (*step)(const struct ops_ctx *, const struct ops_declassify_args *,
                           struct ops_declassify_result *, struct qerr *))
{
	struct ops_ctx c;
	struct qerr in = {0};
	struct ops_declassify_args a = {.id = r->params[0], .input = &in};
	struct ops_declassify_result res = {0};

	if (req_json(r, declassify_fields, &in) == 0) {
		a.ground = jsonv_str(r->json, "ground");
		a.court_ref = jsonv_str(r->json, "court_ref");
	}
	req_ops_ctx(r, &c);
	if (step(&c, &a, &res, e) != 0)
		return -1;
	return declassify_answer(out, &res, e);
}

static int
h_info_declassify(struct req *r, struct resp *out, struct qerr *e)
{
	return declassify_act(r, out, e, ops_declassify_information);
}

/* POST /v1/information/{id}/extend {declassify_on, conclusion_ref} and
 * /v1/carriers/{id}/extend {declassify_on, expert_conclusion_ref}. */
static int
extend_act(struct req *r, struct resp *out, struct qerr *e, const struct jfield *fields,
           const char *ref,
           int (*step)(const struct ops_ctx *, const struct ops_extend_args *,
                       struct ops_declassify_result *, struct qerr *))
{
	struct ops_ctx c;
	struct qerr in = {0};
	struct ops_extend_args a = {.id = r->params[0], .input = &in};
	struct ops_declassify_result res = {0};

	if (req_json(r, fields, &in) == 0) {
		a.declassify_on = jsonv_date(r->json, "declassify_on");
		a.conclusion_ref = jsonv_str(r->json, ref);
	}
	req_ops_ctx(r, &c);
	if (step(&c, &a, &res, e) != 0)
		return -1;
	return declassify_answer(out, &res, e);
}

/* Art. 20.3: the head of the disposing body (the authorized body for a body
 * liquidated without successor); past 30 years on the authorized body's
 * conclusion. */
static int
h_info_extend(struct req *r, struct resp *out, struct qerr *e)
{
	return extend_act(r, out, e, info_extend_fields, "conclusion_ref",
	                  ops_declassify_information_extend);
}

/* POST /v1/information/{id}/reclassify {list_item_id?, degree?}: the
 * decision on an item flagged by a list change (Art. 22.3, 23.1): classify
 * it on another (or the changed) item, at a degree that basis allows. By
 * the head of the disposing body or one of its classifiers. */
static int
h_info_reclassify(struct req *r, struct resp *out, struct qerr *e)
{
	struct qerr in = {0};
	struct ops_info_reclassify_args a = {.info_id = r->params[0], .input = &in};
	struct ops_ctx c;
	struct info_rec rec;
	struct ops_carrier_offers offers = {0};
	json_t *doc;

	if (req_json(r, reclassify_fields, &in) == 0) {
		a.list_item_id = jsonv_str(r->json, "list_item_id");
		a.has_degree = jsonv_has(r->json, "degree");
		a.degree = degree_parse(jsonv_str(r->json, "degree"));
	}
	req_ops_ctx(r, &c);
	if (ops_info_reclassify(&c, &a, &rec, &offers, e) != 0)
		return -1;
	doc = enc_info(&rec, e);
	info_rec_free(&rec);
	if (doc == NULL || json_object_set_new(doc, "carriers", offers_json(&offers)) != 0) {
		ops_carrier_offers_free(&offers);
		json_decref(doc);
		return qerr_internal(e, "reclassify: out of memory");
	}
	ops_carrier_offers_free(&offers);
	resp_json(out, 200, doc);
	return 0;
}

/* ---- carriers ------------------------------------------------------------- */

static int
h_carrier_declassify(struct req *r, struct resp *out, struct qerr *e)
{
	return declassify_act(r, out, e, ops_declassify_carrier);
}

/* Art. 23.1 para 2: the head of the body that disposes of what the carrier
 * carries (every such body), on the expert committee's conclusion; never
 * the holder as such. */
static int
h_carrier_extend(struct req *r, struct resp *out, struct qerr *e)
{
	return extend_act(r, out, e, carrier_extend_fields, "expert_conclusion_ref",
	                  ops_declassify_carrier_extend);
}

/* POST /v1/carriers/{id}/relabel {label}: the decision on a carrier whose
 * information was declassified or re-degreed (Art. 18, 23.1). The new
 * label must be exactly what it carries (label_mismatch, derived_label). */
static int
h_carrier_relabel(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct qerr in = {0};
	struct ops_relabel_args a = {.carrier_id = r->params[0], .input = &in};
	struct ops_declassify_result res = {0};

	if (req_json(r, relabel_fields, &in) == 0)
		a.label = degree_parse(jsonv_str(r->json, "label"));
	req_ops_ctx(r, &c);
	if (ops_declassify_carrier_relabel(&c, &a, &res, e) != 0)
		return -1;
	return declassify_answer(out, &res, e);
}

/* The body of a POST under /v1/orgs/{id} (params[0]) parsed against fields
 * and c made for the request; when the body does not parse, the
 * organization (404) and its scope (403) come first (SPEC §5). */
static int
org_body(struct req *r, const struct jfield *fields, struct ops_ctx *c, struct qerr *e)
{
	req_ops_ctx(r, c);
	if (req_json(r, fields, e) != 0) {
		struct qerr ne = {0};

		if (ops_org_exists(c, r->params[0], &ne) != 0 || ops_scope(c, r->params[0], &ne) != 0)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, c);
	return 0;
}

/* ---- archive delegations (Art. 23.2) --------------------------------------- */

/* POST /v1/orgs/{id}/archive-delegations {archive_org_id, ref}: the head of
 * the fund-forming organization (or its successor) delegates the
 * declassification of its fund to a state archive. One per archive. */
static int
h_delegation_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_delegation_args a = {.org_id = r->params[0]};
	struct delegation_rec d;
	json_t *j;

	if (org_body(r, delegation_fields, &c, e) != 0)
		return -1;
	a.archive_org_id = jsonv_str(r->json, "archive_org_id");
	a.ref = jsonv_str(r->json, "ref");
	if (ops_delegation_add(&c, &a, &d, e) != 0)
		return -1;
	j = delegation_json(&d);
	delegation_rec_free(&d);
	if (j == NULL)
		return qerr_internal(e, "delegation: out of memory");
	resp_json(out, 201, j);
	return 0;
}

struct delegation_q {
	const char *org_id, *archive_org_id;
};

static int64_t
delegations_each(struct store_tx *tx, const void *q, int64_t after, int limit,
                 int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct delegation_q *dq = q;

	return ops_delegations_each(tx, dq->org_id, dq->archive_org_id, after, limit, fn, ctx, e);
}

static int
h_delegation_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct delegation_q q = {.org_id = r->params[0]};

	/* The organization's own officers and the cross-organization readers;
	 * an archive reads the delegations given to it (Art. 23.2); anyone
	 * else 403. */
	if (req_org_scope(r, r->params[0], e) != 0) {
		if (!(r->acting_roles & ROLE_ARCHIVIST))
			return -1;
		qerr_clear(e);
		q.archive_org_id = r->user.org_id;
	}
	return list_rows(r, out, delegations_each, &q, delegation_json, e);
}

/* ---- protection-means certificates (Art. 35) -------------------------------- */

/* POST /v1/orgs/{id}/certificates {means, number, degree, valid_until} */
static int
h_certificate_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_certificate_args a = {.org_id = r->params[0]};
	struct certificate_rec cr;
	json_t *j;

	if (org_body(r, certificate_fields, &c, e) != 0)
		return -1;
	a.means = jsonv_str(r->json, "means");
	a.number = jsonv_str(r->json, "number");
	a.degree = degree_parse(jsonv_str(r->json, "degree"));
	a.valid_until = jsonv_date(r->json, "valid_until");
	if (ops_certificate_add(&c, &a, &cr, e) != 0)
		return -1;
	j = certificate_json(&cr);
	certificate_rec_free(&cr);
	if (j == NULL)
		return qerr_internal(e, "certificate: out of memory");
	resp_json(out, 201, j);
	return 0;
}

static int64_t
certificates_each(struct store_tx *tx, const void *q, int64_t after, int limit,
                  int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	return ops_certificates_each(tx, q, after, limit, fn, ctx, e);
}

static int
h_certificate_list(struct req *r, struct resp *out, struct qerr *e)
{
	if (req_org_scope(r, r->params[0], e) != 0)
		return -1;
	return list_rows(r, out, certificates_each, r->params[0], certificate_json, e);
}

const struct route h_declassify_routes[] = {
	{"POST", "/v1/information/{}/declassify", DCL_ACTORS, 0, h_info_declassify},
	{"POST", "/v1/information/{}/extend", ROLE_HEAD | ROLE_AUTHORIZED_BODY, 0, h_info_extend},
	{"POST", "/v1/information/{}/reclassify", ROLE_HEAD | ROLE_CLASSIFIER, 0,
	 h_info_reclassify},
	{"POST", "/v1/carriers/{}/declassify", DCL_ACTORS, 0, h_carrier_declassify},
	{"POST", "/v1/carriers/{}/extend", ROLE_HEAD, 0, h_carrier_extend},
	{"POST", "/v1/carriers/{}/relabel", ROLE_HEAD | ROLE_SECURITY_OFFICER, 0,
	 h_carrier_relabel},
	{"POST", "/v1/orgs/{}/archive-delegations", ROLE_HEAD, 0, h_delegation_create},
	{"GET", "/v1/orgs/{}/archive-delegations", DCL_READERS, 0, h_delegation_list},
	{"POST", "/v1/orgs/{}/certificates", ROLE_SECURITY_OFFICER, 0, h_certificate_create},
	{"GET", "/v1/orgs/{}/certificates", DCL_READERS, 0, h_certificate_list},
	{NULL, NULL, 0, 0, NULL},
};
