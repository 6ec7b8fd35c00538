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

#include <string.h>

#include "core/degree.h"
#include "core/ident.h"
#include "core/permit.h"
#include "core/roles.h"
#include "http/permit_ops.h"
#include "http/scope_ops.h"
#include "http/util.h"
#include "ops/orgs.h"

static const char *const org_kinds[] = {"state_body", "organization", "foreign_state",
                                        "international_org", NULL};
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

static int
h_org_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0}, parent = {0};
	const char *bin, *kind, *parent_id;
	bool foreign;

	if (req_json(r, org_fields, e) != 0)
		return -1;
	bin = jsonv_str(r->json, "bin");
	kind = jsonv_str(r->json, "kind");
	parent_id = jsonv_str(r->json, "parent_id");
	foreign = strcmp(kind, "foreign_state") == 0 || strcmp(kind, "international_org") == 0;
	if (bin == NULL && !foreign)
		return qerr_input(e, "missing_field", "bin");
	if (bin != NULL && !ident_valid(bin))
		return qerr_input(e, "invalid_check_digit", "bin");

	q_strlcpy(rec.kind, "org", sizeof rec.kind);
	store_id_new("org", rec.id);
	q_strlcpy(rec.ref, bin ? bin : "", sizeof rec.ref);
	q_strlcpy(rec.parent_id, parent_id ? parent_id : "", sizeof rec.parent_id);
	q_strlcpy(rec.org_id, "", sizeof rec.org_id);   /* BIN unique across all */
	q_strlcpy(rec.state, "active", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:s?, s:b, s:O?, s:O?, s:s, s:o}",
	                    "id", rec.id, "name", jsonv_str(r->json, "name"), "bin", bin,
	                    "kind", kind, "parent_id", parent_id, "city",
	                    jsonv_str(r->json, "city"), "foreign_participation",
	                    jsonv_bool(r->json, "foreign_participation", false), "state_share",
	                    json_object_get(r->json, "state_share"), "regime_category",
	                    json_object_get(r->json, "regime_category"), "state", "active",
	                    "registered_on", json_date(r->effective_date));
	if (rec.doc == NULL)
		return qerr_internal(e, "org doc");
	if (tx_write(r, &tx, e) != 0)
		goto fail;
	if (parent_id != NULL && rec_load_field(tx, "org", parent_id, &parent, "parent_id", e) != 0)
		goto fail;
	/* A security officer places a new organization only within its own
	 * subordination (under its organization or one subordinate to it);
	 * the admin anywhere. */
	if (parent_id != NULL && !r->cross_org) {
		bool within;

		if (scope_in_subordination(tx, parent.id, r->user.org_id, &within, e) != 0)
			goto fail;
		if (!within) {
			qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, "parent_id");
			goto fail;
		}
	}
	if (store_rec_insert(tx, &rec, e) != 0) {
		q_strlcpy(e->field, "bin", sizeof e->field);
		goto fail;
	}
	if (tx_commit_audited(r, tx, "org.create", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	json_object_set_new(rec.doc, "permits", json_array());
	resp_json(out, 201, json_incref(rec.doc));
	store_rec_clear(&rec);
	store_rec_clear(&parent);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	store_rec_clear(&parent);
	return -1;
}

static int
h_org_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct permit_rec *p = NULL;
	size_t np = 0;
	json_t *doc = NULL, *items = NULL;
	int rc = -1;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "org", r->params[0], &rec, e) != 0 ||
	    ops_org_permits(tx, rec.id, &p, &np, e) != 0)
		goto done;
	if ((doc = json_deep_copy(rec.doc)) == NULL || (items = json_array()) == NULL)
		goto oom;
	for (size_t i = 0; i < np; i++)
		if (json_array_append_new(items, permit_json(&p[i], r->today)) != 0)
			goto oom;
	if (json_object_set_new(doc, "permits", items) != 0) {
		items = NULL;
		goto oom;
	}
	items = NULL;
	if (json_object_set_new(doc, "state", json_string(rec.state)) != 0)
		goto oom;
	resp_json(out, 200, doc);
	doc = NULL;
	rc = 0;
	goto done;
oom:
	qerr_internal(e, "org: out of memory");
done:
	store_rollback(tx);
	json_decref(items);
	json_decref(doc);
	ops_permits_free(p, np);
	store_rec_clear(&rec);
	return rc;
}

static int
h_org_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "org", .parent_id = http_query(r, "parent_id"),
	                        .state = http_query(r, "state"), .ref = http_query(r, "bin")};

	return list_records(r, out, &q, e);
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
