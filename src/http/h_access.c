/*
 * h_access.c — need-to-know grants (Art. 33.2) and the access check that
 * explains, rule by rule, whether a person may read or be issued a carrier
 * (SPEC.md §3 "Access to carriers"; Art. 25, 28, 29, 31, 33, 34; R743 p.9).
 *
 * Record "grant": parent_id = the person, org_id = the person's
 * organization, state "active", doc {id, person_id, carrier_id |
 * information_id, from, until, granted_by}. A grant is current from its
 * effective_date to `until`, both inclusive (core/access.h).
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

#include "core/roles.h"
#include "http/access_eval.h"
#include "http/custody.h"
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
	/* The head and the security officer grant within their organization. */
	if (req_org_scope(r, person.org_id, e) != 0)
		goto fail;
	if (car != NULL ? rec_load_field(tx, "carrier", car, &target, "carrier_id", e)
	                : rec_load_field(tx, "information", info, &target, "information_id", e))
		goto fail;
	/* Need to know is granted by whoever holds the carrier (Art. 33.2): a
	 * carrier of which the person's organization holds no copy (custody
	 * per copy: at home or transferred to it) is not its to open. */
	if (car != NULL && !(r->user.roles & ROLE_CROSS_ORG) &&
	    !custody_org_holds(target.doc, person.org_id)) {
		qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, "carrier_id");
		qerr_detail(e, "the carrier is held by another organization");
		goto fail;
	}
	q_strlcpy(rec.kind, "grant", sizeof rec.kind);
	store_id_new("grant", rec.id);
	q_strlcpy(rec.org_id, person.org_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, person.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, "active", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o, s:s, s:s}", "id", rec.id,
	                    "person_id", person.id, "carrier_id", car, "information_id", info,
	                    "from", json_date(r->effective_date), "until", json_date(until),
	                    "granted_by", r->user.id, "state", "active");
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

/* GET /v1/grants?person_id= — a person's grants, paged. */
static int
h_grant_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "grant", .parent_id = http_query(r, "person_id")};

	if (!(r->user.roles & ROLE_CROSS_ORG))
		q.org_id = r->user.org_id;
	return list_records(r, out, &q, e);
}

/* GET /v1/access/check?person_id=&carrier_id= */
static int
h_access_check(struct req *r, struct resp *out, struct qerr *e)
{
	const char *pid = http_query(r, "person_id"), *cid = http_query(r, "carrier_id");
	struct store_tx *tx = NULL;
	struct store_rec person = {0};
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
		rc = access_eval(r, tx, pid, cid, &d, e);
	store_rollback(tx);
	store_rec_clear(&person);
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
	{"GET", "/v1/grants", ROLE_HEAD | ROLE_SECURITY_OFFICER | ROLE_AUDITOR, 0, h_grant_list},
	{"GET", "/v1/access/check", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR, 0,
	 h_access_check},
	{NULL, NULL, 0, 0, NULL},
};
