/*
 * h_orgs.c — organizations (SPEC.md §2) and their permits (Art. 34).
 *
 * An organization's BIN is validated by its check digit (core/ident.h) and
 * unique; foreign states and international organizations have none. A permit
 * belongs to one organization (record parent); its state by date is derived
 * on every read (core/permit.h), never written by a timer.
 */
#include "http/http.h"

#include <string.h>

#include "core/degree.h"
#include "core/ident.h"
#include "core/permit.h"
#include "core/roles.h"
#include "http/scope_ops.h"
#include "http/util.h"

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

/* The permit as shown today: stored doc plus the state by date. */
static json_t *
permit_view(const struct store_rec *rec, qdate today)
{
	json_t *v = json_deep_copy(rec->doc);

	json_object_set_new(v, "state", json_string(permit_state_on(
		rec->state, jsonv_date(rec->doc, "valid_until"), today)));
	return v;
}

struct permits_ctx {
	json_t *items;
	qdate today;
};

static int
permits_cb(void *ctx, const struct store_rec *rec)
{
	struct permits_ctx *c = ctx;

	json_array_append_new(c->items, permit_view(rec, c->today));
	return 0;
}

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
	struct store_query q = {.kind = "permit"};
	struct permits_ctx pc = {.today = r->today};
	json_t *doc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "org", r->params[0], &rec, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	doc = json_deep_copy(rec.doc);
	pc.items = json_array();
	q.parent_id = rec.id;
	/* Every permit, past one store page (store_rec_walk). */
	if (store_rec_walk(tx, &q, permits_cb, &pc, e) != 0) {
		store_rollback(tx);
		json_decref(pc.items);
		json_decref(doc);
		store_rec_clear(&rec);
		return -1;
	}
	store_rollback(tx);
	json_object_set_new(doc, "permits", pc.items);
	json_object_set_new(doc, "state", json_string(rec.state));
	store_rec_clear(&rec);
	resp_json(out, 200, doc);
	return 0;
}

static int
h_org_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "org", .parent_id = http_query(r, "parent_id"),
	                        .state = http_query(r, "state"), .ref = http_query(r, "bin")};

	return list_records(r, out, &q, e);
}

static int
h_permit_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, rec = {0};
	qdate issued, until;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "org", r->params[0], &org, e) != 0)
		goto fail;
	if (req_json(r, permit_fields, e) != 0)
		goto fail;
	issued = jsonv_date(r->json, "issued_on");
	until = jsonv_date(r->json, "valid_until");
	if (until < issued) {
		qerr_input(e, "invalid_value", "valid_until");
		qerr_detail(e, "valid_until is before issued_on");
		goto fail;
	}
	if (issued > r->today) {
		qerr_input(e, "date_in_future", "issued_on");
		goto fail;
	}
	q_strlcpy(rec.kind, "permit", sizeof rec.kind);
	store_id_new("permit", rec.id);
	q_strlcpy(rec.org_id, org.id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, org.id, sizeof rec.parent_id);
	q_strlcpy(rec.ref, jsonv_str(r->json, "number"), sizeof rec.ref);
	q_strlcpy(rec.state, "active", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o}", "id", rec.id,
	                    "org_id", org.id, "degree", jsonv_str(r->json, "degree"), "number",
	                    rec.ref, "issued_on", json_date(issued), "valid_until",
	                    json_date(until), "issuer", r->user.id, "state", "active",
	                    "history", json_array());
	if (store_rec_insert(tx, &rec, e) != 0) {
		q_strlcpy(e->field, "number", sizeof e->field);
		goto fail;
	}
	if (tx_commit_audited(r, tx, "permit.create", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 201, permit_view(&rec, r->today));
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return -1;
}

static int
h_permit_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "permit", r->params[0], &rec, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	store_rollback(tx);
	resp_json(out, 200, permit_view(&rec, r->today));
	store_rec_clear(&rec);
	return 0;
}

/* suspend / resume / cancel: one flow, the core decides the transition. */
static int
permit_transition(struct req *r, struct resp *out, struct qerr *e,
                  int (*rule)(const char *, const char **, struct qerr *), const char *action)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	const char *next;
	json_t *hist;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "permit", r->params[0], &rec, e) != 0 ||
	    req_json(r, empty_fields, e) != 0 || rule(rec.state, &next, e) != 0)
		goto fail;
	hist = json_object_get(rec.doc, "history");
	if (!json_is_array(hist)) {
		hist = json_array();
		json_object_set_new(rec.doc, "history", hist);
	}
	json_array_append_new(hist, json_pack("{s:s, s:s, s:o, s:s}", "from", rec.state, "to", next,
	                                      "effective_date", json_date(r->effective_date),
	                                      "by", r->user.id));
	q_strlcpy(rec.state, next, sizeof rec.state);
	json_object_set_new(rec.doc, "state", json_string(next));
	if (store_rec_update(tx, &rec, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, action, rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 200, permit_view(&rec, r->today));
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	return -1;
}

static int
h_permit_suspend(struct req *r, struct resp *out, struct qerr *e)
{
	return permit_transition(r, out, e, permit_suspend, "permit.suspend");
}

static int
h_permit_resume(struct req *r, struct resp *out, struct qerr *e)
{
	return permit_transition(r, out, e, permit_resume, "permit.resume");
}

static int
h_permit_cancel(struct req *r, struct resp *out, struct qerr *e)
{
	return permit_transition(r, out, e, permit_cancel, "permit.cancel");
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
