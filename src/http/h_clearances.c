/*
 * h_clearances.c — clearances of persons (Art. 29-31), minimal: registration
 * and the head's decision. The prerequisites of Art. 29.1, the refusal
 * grounds of Art. 30 and termination (Art. 31) belong to the clearances
 * issue and are added there; until then the head's decision is the only
 * step (no prerequisites are checked yet).
 *
 * Record "clearance": parent_id = the person, org_id = the person's
 * organization, state registering|active|refused (terminated later), doc
 * {id, person_id, org_id, form, treaty_ref, state, registered_on, decision}.
 * The access decision (core/access.h, via http/access_eval.c) reads form
 * and state.
 *
 *   registering --h_clearance_decision(grant)--> active
 *   registering --h_clearance_decision(refuse)-> refused
 * Any other decision is 409 invalid_state.
 *
 * SECURITY: bodies validated by field tables; the person's organization
 * scopes who may act (403 forbidden_org).
 */
#include "http/http.h"

#include <string.h>

#include "core/degree.h"
#include "core/roles.h"
#include "http/util.h"

static const char *const decisions[] = {"grant", "refuse", NULL};

static const struct jfield clearance_fields[] = {
	{"form", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{"treaty_ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield decision_fields[] = {
	{"decision", JF_ENUM, JF_REQUIRED, decisions, 0, 0},
	{"contract_number", JF_STRING, 0, NULL, 0, 100},
	{"restriction_until", JF_DATE, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* POST /v1/persons/{id}/clearances {form, treaty_ref?} */
static int
h_clearance_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, rec = {0};

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "person", r->params[0], &person, e) != 0 ||
	    req_org_scope(r, person.org_id, e) != 0 || req_json(r, clearance_fields, e) != 0)
		goto fail;
	q_strlcpy(rec.kind, "clearance", sizeof rec.kind);
	store_id_new("clearance", rec.id);
	q_strlcpy(rec.org_id, person.org_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, person.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, "registering", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:o, s:n}", "id", rec.id,
	                    "person_id", person.id, "org_id", person.org_id, "form",
	                    jsonv_str(r->json, "form"), "treaty_ref",
	                    jsonv_str(r->json, "treaty_ref"), "state", "registering",
	                    "registered_on", json_date(r->effective_date), "decision");
	if (rec.doc == NULL) {
		qerr_internal(e, "clearance doc");
		goto fail;
	}
	if (store_rec_insert(tx, &rec, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "clearance.create", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 201, json_incref(rec.doc));
	store_rec_clear(&person);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&person);
	store_rec_clear(&rec);
	return -1;
}

/* POST /v1/clearances/{id}/decision {decision, contract_number?, restriction_until?} */
static int
h_clearance_decision(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	const char *decision, *next;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "clearance", r->params[0], &rec, e) != 0 ||
	    req_org_scope(r, rec.org_id, e) != 0 || req_json(r, decision_fields, e) != 0)
		goto fail;
	if (strcmp(rec.state, "registering") != 0) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "29.1", NULL);
		qerr_detail(e, "clearance is %s", rec.state);
		goto fail;
	}
	decision = jsonv_str(r->json, "decision");
	next = strcmp(decision, "grant") == 0 ? "active" : "refused";
	q_strlcpy(rec.state, next, sizeof rec.state);
	json_object_set_new(rec.doc, "state", json_string(next));
	json_object_set_new(rec.doc, "decision",
	                    json_pack("{s:s, s:s?, s:o, s:o, s:s}", "decision", decision,
	                              "contract_number", jsonv_str(r->json, "contract_number"),
	                              "restriction_until",
	                              json_date(jsonv_date(r->json, "restriction_until")), "date",
	                              json_date(r->effective_date), "by", r->user.id));
	if (store_rec_update(tx, &rec, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "clearance.decision", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 200, json_incref(rec.doc));
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	return -1;
}

/* GET /v1/clearances/{id} */
static int
h_clearance_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = rec_load(tx, "clearance", r->params[0], &rec, e);
	store_rollback(tx);
	if (rc == 0)
		rc = req_org_scope(r, rec.org_id, e);
	if (rc == 0)
		resp_json(out, 200, json_incref(rec.doc));
	store_rec_clear(&rec);
	return rc;
}

const struct route h_clearances_routes[] = {
	{"POST", "/v1/persons/{}/clearances", ROLE_SECURITY_OFFICER, 0, h_clearance_create},
	{"POST", "/v1/clearances/{}/decision", ROLE_HEAD, 0, h_clearance_decision},
	{"GET", "/v1/clearances/{}", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR, 0,
	 h_clearance_get},
	{NULL, NULL, 0, 0, NULL},
};
