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
 * the security officer of the holder (ops/scope.h: a copy held; for an
 * information item, a carrier of it held or its disposal); a target the
 * organization does not see is unknown (404), one it sees but does not
 * hold is 403.
 *
 * The check answers {allowed, checks:[{code, article, passed, message}]} in
 * the table's order; the decision is ops_access_decide() (one function for
 * the check, the issue of a copy and the reading of content). It reveals
 * nothing about the content, not even whether there is any (SPEC.md §5).
 *
 * SECURITY: query parameters and bodies are client input: ids are only
 * looked up; the person's organization scopes who may ask (403).
 */
#include "http/http.h"

#include <string.h>

#include "core/grant.h"
#include "core/grant_rec.h"
#include "core/roles.h"
#include "http/access_json.h"
#include "http/util.h"
#include "ops/access.h"
#include "ops/grants.h"

static const struct jfield grant_fields[] = {
	{"person_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"carrier_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"information_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"until", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* The grant as the API shows it: {id, person_id, carrier_id,
 * information_id, from, until, granted_by, granting_org_id, state; once
 * revoked: ended_on, revoked_by, revocation_reason} (granting_org_id only
 * where recorded). NULL when out of memory. */
static json_t *
grant_json(const struct grant_rec *g)
{
	json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o, s:s, s:s}", "id", g->h.id,
	                      "person_id", g->person_id, "carrier_id",
	                      g->carrier_id[0] ? g->carrier_id : NULL, "information_id",
	                      g->information_id[0] ? g->information_id : NULL, "from",
	                      json_date(g->from), "until", json_date(g->until), "granted_by",
	                      g->granted_by, "state", grant_state_name(g->state));

	if (o == NULL)
		return NULL;
	if ((g->granting_org_id[0] &&
	     json_object_set_new(o, "granting_org_id", json_string(g->granting_org_id)) != 0) ||
	    (g->ended_on != QDATE_NONE &&
	     json_object_set_new(o, "ended_on", json_date(g->ended_on)) != 0) ||
	    (g->revoked_by[0] &&
	     json_object_set_new(o, "revoked_by", json_string(g->revoked_by)) != 0) ||
	    (g->revocation_reason != NULL &&
	     json_object_set_new(o, "revocation_reason", json_string(g->revocation_reason)) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Answers status with the grant, or 500 when it cannot be encoded (the
 * step is committed: the grant stands). */
static int
grant_answer(struct resp *out, int status, struct grant_rec *g, struct qerr *e)
{
	json_t *j = grant_json(g);

	grant_rec_free(g);
	if (j == NULL)
		return qerr_internal(e, "grant json");
	resp_json(out, status, j);
	return 0;
}

/* POST /v1/grants {person_id, carrier_id | information_id, until} */
static int
h_grant_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_grant_create_args a = {0};
	struct grant_rec g = {0};

	if (req_json(r, grant_fields, e) != 0)
		return -1;
	a.person_id = jsonv_str(r->json, "person_id");
	a.carrier_id = jsonv_str(r->json, "carrier_id");
	a.information_id = jsonv_str(r->json, "information_id");
	a.until = jsonv_date(r->json, "until");
	if (a.carrier_id == NULL && a.information_id == NULL)
		return qerr_input(e, "missing_field", "carrier_id");
	if (a.carrier_id != NULL && a.information_id != NULL) {
		qerr_input(e, "invalid_value", "information_id");
		qerr_detail(e, "a grant names a carrier or an information item, not both");
		return -1;
	}
	if (a.until < r->effective_date) {
		qerr_input(e, "invalid_value", "until");
		qerr_detail(e, "until is before the grant's effective_date");
		return -1;
	}
	req_ops_ctx(r, &c);
	if (ops_grants_create(&c, &a, &g, e) != 0)
		return -1;
	return grant_answer(out, 201, &g, e);
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
	struct ops_ctx c;
	struct qerr in = {0};
	struct ops_grant_revoke_args a = {.grant_id = r->params[0], .input = &in};
	struct grant_rec g = {0};

	/* reason: missing or empty is 400, answered after 404 and 403 */
	if (req_json(r, revoke_fields, &in) == 0)
		a.reason = jsonv_str(r->json, "reason");
	req_ops_ctx(r, &c);
	if (ops_grants_revoke(&c, &a, &g, e) != 0)
		return -1;
	return grant_answer(out, 200, &g, e);
}

struct grant_page {
	json_t *items;
	int limit, n;
	int64_t last;
	bool more;
	bool oom;
};

static int
grant_page_cb(void *ctx, const void *row)
{
	struct grant_page *p = ctx;
	const struct grant_rec *g = row;
	json_t *j;

	if (p->n == p->limit) {
		p->more = true;
		return 1;
	}
	if ((j = grant_json(g)) == NULL || json_array_append_new(p->items, j) != 0) {
		p->oom = true;
		return 1;
	}
	p->last = g->h.seq;
	p->n++;
	return 0;
}

/* GET /v1/grants?person_id= — a person's grants, paged. */
static int
h_grant_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct grant_page p = {0};
	int64_t after;
	json_t *page;

	if (req_page(r, &after, &p.limit, e) != 0)
		return -1;
	if ((p.items = json_array()) == NULL)
		return qerr_internal(e, "grant list: out of memory");
	/* One more than asked tells whether a next page exists. */
	if (tx_read(r, &tx, e) != 0 ||
	    ops_grants_list(tx, r->cross_org ? NULL : r->user.org_id, http_query(r, "person_id"),
	                    after, p.limit < STORE_PAGE_MAX ? p.limit + 1 : STORE_PAGE_MAX,
	                    grant_page_cb, &p, e) < 0)
		goto fail;
	if (p.oom) {
		qerr_internal(e, "grant list: out of memory");
		goto fail;
	}
	/* A full page of STORE_PAGE_MAX had no room for the extra row. */
	if (!p.more && p.n == STORE_PAGE_MAX) {
		struct grant_page q = {.items = p.items, .limit = 0};

		if (ops_grants_list(tx, r->cross_org ? NULL : r->user.org_id,
		                    http_query(r, "person_id"), p.last, 1, grant_page_cb, &q, e) < 0)
			goto fail;
		p.more = q.more;
	}
	store_rollback(tx);
	page = page_json(p.items, p.last, p.more);
	if (page == NULL)
		return qerr_internal(e, "grant list: out of memory");
	resp_json(out, 200, page);
	return 0;
fail:
	store_rollback(tx);
	json_decref(p.items);
	return -1;
}

/* GET /v1/access/check?person_id=&carrier_id= */
static int
h_access_check(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_access_check_args a = {.person_id = http_query(r, "person_id"),
	                                  .carrier_id = http_query(r, "carrier_id")};
	struct ops_ctx c;
	struct access_decision d;
	char *text;
	size_t len;

	if (a.person_id == NULL || *a.person_id == '\0')
		return qerr_input(e, "missing_field", "person_id");
	if (a.carrier_id == NULL || *a.carrier_id == '\0')
		return qerr_input(e, "missing_field", "carrier_id");
	req_ops_ctx(r, &c);
	if (ops_access_check(&c, &a, &d, e) != 0)
		return -1;
	/* the bytes access_decision_json would dump, from encoded checks */
	if (access_decision_text(r, &d, &text, &len) != 0)
		return qerr_internal(e, "access check json");
	out->status = 200;
	out->raw = (uint8_t *)text;
	out->raw_len = len;
	out->content_type = "application/json; charset=utf-8";
	return 0;
}

const struct route h_access_routes[] = {
	{"POST", "/v1/grants", ROLE_HEAD | ROLE_SECURITY_OFFICER, 0, h_grant_create},
	{"POST", "/v1/grants/{}/revoke", ROLE_HEAD | ROLE_SECURITY_OFFICER, 0, h_grant_revoke},
	{"GET", "/v1/grants", ROLE_HEAD | ROLE_SECURITY_OFFICER | ROLE_AUDITOR, 0, h_grant_list},
	{"GET", "/v1/access/check", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR,
	 ROUTE_AUDIT_SIZE, h_access_check},
	{NULL, NULL, 0, 0, NULL},
};
