/*
 * h_access.c — need-to-know grants (Art. 33.2) and the access check that
 * explains, rule by rule, whether a person may read or be issued a carrier
 * (SPEC.md §3 "Access to carriers"; Art. 25, 28, 29, 31, 33, 34; R743 p.9).
 *
 * Record "grant": parent_id = the person, org_id = the person's
 * organization (the granting one: a grantee is a person of the granting
 * organization), state "active" | "revoked", doc {id, person_id,
 * carrier_id | information_id, from, until, granted_by, granting_org_id;
 * once revoked: ended_on, revoked_by, revocation_reason}. A grant is
 * current from its effective_date to `until`, both inclusive
 * (core/access.h); a revoked one only before ended_on (core/grant.h).
 *
 * Who grants (Art. 33.2; SPEC.md §3 after the access table): the head or
 * the security officer of the holder (scope_ops.h: a copy held; for an
 * information item, a carrier of it held or its disposal); a target the
 * organization does not see is unknown (404), one it sees but does not
 * hold is 403.
 *
 * The check answers {allowed, checks:[{code, article, passed, message}]} in
 * the table's order; the decision is access_eval() (one function for the
 * check, the issue of a copy and the reading of content). It reveals
 * nothing about the content, not even whether there is any (SPEC.md §5).
 *
 * SECURITY: query parameters and bodies are client input: ids are only
 * looked up; the person's organization scopes who may ask (403).
 */
#include "http/http.h"

#include <string.h>

#include "core/grant.h"
#include "core/roles.h"
#include "http/access_eval.h"
#include "http/custody.h"
#include "http/scope_ops.h"
#include "http/util.h"

static const struct jfield grant_fields[] = {
	{"person_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"carrier_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"information_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"until", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* POST /v1/grants {person_id, carrier_id | information_id, until} */
static int
h_grant_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, target = {0}, rec = {0};
	const char *car, *info;
	qdate until;
	bool may = false;

	if (req_json(r, grant_fields, e) != 0)
		return -1;
	car = jsonv_str(r->json, "carrier_id");
	info = jsonv_str(r->json, "information_id");
	until = jsonv_date(r->json, "until");
	if (car == NULL && info == NULL)
		return qerr_input(e, "missing_field", "carrier_id");
	if (car != NULL && info != NULL) {
		qerr_input(e, "invalid_value", "information_id");
		qerr_detail(e, "a grant names a carrier or an information item, not both");
		return -1;
	}
	if (until < r->effective_date) {
		qerr_input(e, "invalid_value", "until");
		qerr_detail(e, "until is before the grant's effective_date");
		return -1;
	}
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "person", jsonv_str(r->json, "person_id"), &person, "person_id", e) != 0)
		goto fail;
	/* The grantee is a person of the granting organization: a grant opens
	 * only copies that organization holds (Art. 33.2). */
	if (req_org_scope(r, person.org_id, e) != 0) {
		q_strlcpy(e->field, "person_id", sizeof e->field);
		goto fail;
	}
	if (car != NULL ? rec_load_field(tx, "carrier", car, &target, "carrier_id", e)
	                : rec_load_field(tx, "information", info, &target, "information_id", e))
		goto fail;
	/* 404 for a target the organization cannot see, 403 for one it sees
	 * but does not hold: need to know is granted by the holder (Art. 33.2;
	 * SPEC.md §3 after the access table). */
	if (scope_visible(r, tx, &target, car != NULL ? "carrier_id" : "information_id", e) != 0 ||
	    scope_may_grant(tx, &target, r->user.org_id, &may, e) != 0)
		goto fail;
	if (!may) {
		qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL,
		         car != NULL ? "carrier_id" : "information_id");
		qerr_detail(e, "the granting organization does not hold it");
		goto fail;
	}
	if (org_must_be_active(tx, person.org_id, "person_id", e) != 0)  /* org_liquidated, Art. 28 */
		goto fail;
	q_strlcpy(rec.kind, "grant", sizeof rec.kind);
	store_id_new("grant", rec.id);
	q_strlcpy(rec.org_id, person.org_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, person.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, "active", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o, s:s, s:s, s:s}", "id", rec.id,
	                    "person_id", person.id, "carrier_id", car, "information_id", info,
	                    "from", json_date(r->effective_date), "until", json_date(until),
	                    "granted_by", r->user.id, "granting_org_id", r->user.org_id,
	                    "state", "active");
	if (rec.doc == NULL) {
		qerr_internal(e, "grant doc");
		goto fail;
	}
	if (rec_create_commit(r, out, &tx, &rec, "grant.create", NULL, e) != 0)
		goto fail;
	store_rec_clear(&person);
	store_rec_clear(&target);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&person);
	store_rec_clear(&target);
	store_rec_clear(&rec);
	return -1;
}

static const struct jfield revoke_fields[] = {
	{"reason", JF_STRING, JF_REQUIRED, NULL, 0, 1000},
	{NULL, 0, 0, NULL, 0, 0},
};

/* POST /v1/grants/{id}/revoke {reason} — the head or the security officer
 * of the granting organization ends a grant before its `until`, from the
 * act's effective_date (Art. 33.2). 404, 403 (another organization), 400,
 * 409 (not active; dated before the grant). */
static int
h_grant_revoke(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec g = {0};
	const char *granting;
	qdate until;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, "grant", r->params[0], &g, e) != 0)
		goto fail;
	/* Grants made before the granting organization was recorded were
	 * made within the grantee's organization. */
	granting = jsonv_str(g.doc, "granting_org_id");
	if (req_org_scope(r, granting != NULL ? granting : g.org_id, e) != 0 ||
	    req_json(r, revoke_fields, e) != 0 ||   /* reason: missing or empty, 400 */
	    grant_revoke_check(g.state, jsonv_date(g.doc, "from"), r->effective_date, e) != 0)
		goto fail;
	until = jsonv_date(g.doc, "until");
	if (until == QDATE_NONE || until > r->effective_date)
		until = r->effective_date;
	doc_set_state(&g, "revoked");
	json_object_set_new(g.doc, "until", json_date(until));
	json_object_set_new(g.doc, "ended_on", json_date(r->effective_date));
	json_object_set_new(g.doc, "revoked_by", json_string(r->user.id));
	json_object_set_new(g.doc, "revocation_reason",
	                    json_string(jsonv_str(r->json, "reason")));
	if (rec_update_commit(r, out, &tx, &g, "grant.revoke", r->json, e) != 0)
		goto fail;
	store_rec_clear(&g);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&g);
	return -1;
}

/* GET /v1/grants?person_id= — a person's grants, paged. */
static int
h_grant_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "grant", .parent_id = http_query(r, "person_id")};

	if (!r->cross_org)
		q.org_id = r->user.org_id;
	return list_records(r, out, &q, e);
}

/* GET /v1/access/check?person_id=&carrier_id= */
static int
h_access_check(struct req *r, struct resp *out, struct qerr *e)
{
	const char *pid = http_query(r, "person_id"), *cid = http_query(r, "carrier_id");
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, carrier = {0};
	struct access_decision d;
	json_t *j;
	int rc;

	if (pid == NULL || *pid == '\0')
		return qerr_input(e, "missing_field", "person_id");
	if (cid == NULL || *cid == '\0')
		return qerr_input(e, "missing_field", "carrier_id");
	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = rec_load_field(tx, "person", pid, &person, "person_id", e);
	if (rc == 0)
		rc = req_org_scope(r, person.org_id, e);
	if (rc == 0)
		rc = rec_load_field(tx, "carrier", cid, &carrier, "carrier_id", e);
	if (rc == 0)   /* an invisible carrier is unknown (404) */
		rc = scope_visible(r, tx, &carrier, "carrier_id", e);
	if (rc == 0)
		rc = access_eval(r, tx, pid, cid, &d, e);
	store_rollback(tx);
	store_rec_clear(&person);
	store_rec_clear(&carrier);
	if (rc != 0)
		return -1;
	j = access_decision_json(r, &d);
	if (j == NULL)
		return qerr_internal(e, "access check json");
	resp_json(out, 200, j);
	return 0;
}

const struct route h_access_routes[] = {
	{"POST", "/v1/grants", ROLE_HEAD | ROLE_SECURITY_OFFICER, 0, h_grant_create},
	{"POST", "/v1/grants/{}/revoke", ROLE_HEAD | ROLE_SECURITY_OFFICER, 0, h_grant_revoke},
	{"GET", "/v1/grants", ROLE_HEAD | ROLE_SECURITY_OFFICER | ROLE_AUDITOR, 0, h_grant_list},
	{"GET", "/v1/access/check", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR, 0,
	 h_access_check},
	{NULL, NULL, 0, 0, NULL},
};
