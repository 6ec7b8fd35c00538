/*
 * grants.c — need-to-know grants (see grants.h).
 *
 * Invariants: a grant is written only after the actor's organization is
 * shown to hold the target (ops/scope.h) and the grantee is one of its
 * persons; a revocation never widens a grant (until only moves earlier).
 *
 * Untrusted input: ids come from requests; they are only looked up.
 */
#include "ops/grants.h"

#include <stdlib.h>
#include <string.h>

#include "core/grant.h"
#include "core/transfer.h"
#include "ops/carrier_store.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/persons.h"
#include "ops/scope.h"
#include "store/tables_carriers.h"

void
grant_rec_free(struct grant_rec *g)
{
	if (g != NULL)
		store_row_free(&grant_table, g);
}

/* org_liquidated (Art. 28): the organization must still be active. */
static int
org_active(struct store_tx *tx, const char *org_id, const char *field, struct qerr *e)
{
	return ops_org_active(tx, org_id, field, e);
}

static int
create_step(const struct ops_ctx *c, const struct ops_grant_create_args *a,
            struct grant_rec *g, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec target = {0};           /* the target when a carrier */
	struct info_rec info;                      /* the target when an information item */
	bool is_info = a->carrier_id == NULL;
	struct person_rec person = {0};
	const char *field = a->carrier_id != NULL ? "carrier_id" : "information_id";
	bool ok = false;
	int rc = -1;

	info_rec_init(&info);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_person_load(tx, a->person_id, &person, "person_id", e) != 0)
		goto out;
	/* The grantee is a person of the granting organization: a grant opens
	 * only copies that organization holds (Art. 33.2). */
	if (ops_scope(c, person.org_id, e) != 0) {
		q_strlcpy(e->field, "person_id", sizeof e->field);
		goto out;
	}
	if (!is_info ? ops_carrier_load(tx, a->carrier_id, &target, field, e) != 0
	             : ops_info_load(tx, a->information_id, &info, field, e) != 0)
		goto out;
	/* 404 for a target the organization cannot see, 403 for one it sees
	 * but does not hold: need to know is granted by the holder. */
	if ((!is_info ? ops_scope_carrier_sees(tx, &target, c->actor.org_id, c->actor.cross_org,
	                                       &ok, e)
	              : ops_scope_info_sees(tx, &info, c->actor.org_id, c->actor.cross_org, &ok,
	                                    e)) != 0)
		goto out;
	if (!ok) {
		qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
		goto out;
	}
	if (!is_info)
		ok = ops_scope_carrier_may_grant(&target, c->actor.org_id);
	else if (ops_scope_info_may_grant(tx, &info, c->actor.org_id, &ok, e) != 0)
		goto out;
	if (!ok) {
		qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, field);
		qerr_detail(e, "the granting organization does not hold it");
		goto out;
	}
	if (org_active(tx, person.org_id, "person_id", e) != 0)   /* org_liquidated, Art. 28 */
		goto out;
	memset(g, 0, sizeof *g);
	store_id_new(grant_table.id_prefix, g->h.id);
	q_strlcpy(g->org_id, person.org_id, sizeof g->org_id);
	q_strlcpy(g->person_id, person.h.id, sizeof g->person_id);
	q_strlcpy(g->carrier_id, a->carrier_id ? a->carrier_id : "", sizeof g->carrier_id);
	q_strlcpy(g->information_id, a->information_id ? a->information_id : "",
	          sizeof g->information_id);
	g->from = c->effective_date;
	g->until = a->until;
	q_strlcpy(g->granted_by, c->actor.user_id, sizeof g->granted_by);
	q_strlcpy(g->granting_org_id, c->actor.org_id, sizeof g->granting_org_id);
	g->state = GRANT_ACTIVE;
	g->ended_on = QDATE_NONE;
	if (store_row_insert(tx, &grant_table, g, e) != 0)
		goto out;
	rc = ops_commit(c, tx, "grant.create", g->h.id, NULL, e);
	tx = NULL;
out:
	store_rollback(tx);
	person_rec_free(&person);
	carrier_rec_clear(&target);
	info_rec_free(&info);
	return rc;
}

int
ops_grants_create(const struct ops_ctx *c, const struct ops_grant_create_args *a,
                  struct grant_rec *out, struct qerr *e)
{
	if (create_step(c, a, out, e) == 0)
		return 0;
	grant_rec_free(out);
	if (e->status == QERR_RULE)
		return ops_refuse(c, "grant.create", NULL, e);
	return -1;
}

static int
revoke_step(const struct ops_ctx *c, const struct ops_grant_revoke_args *a,
            struct grant_rec *g, struct qerr *e)
{
	struct store_tx *tx = NULL;
	json_t *details = NULL;
	int rc = -1;

	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (store_row_get_for_update(tx, &grant_table, a->grant_id, g, e) != 0)
		goto out;
	/* Grants made before the granting organization was recorded were
	 * made within the grantee's organization. */
	if (ops_scope(c, g->granting_org_id[0] ? g->granting_org_id : g->org_id, e) != 0)
		goto out;
	if (a->input != NULL && qerr_is_set(a->input)) {   /* reason: missing or empty, 400 */
		*e = *a->input;
		goto out;
	}
	if (grant_revoke_check(grant_state_name(g->state), g->from, c->effective_date, e) != 0)
		goto out;
	if (g->until == QDATE_NONE || g->until > c->effective_date)
		g->until = c->effective_date;
	g->state = GRANT_REVOKED;
	g->ended_on = c->effective_date;
	q_strlcpy(g->revoked_by, c->actor.user_id, sizeof g->revoked_by);
	free(g->revocation_reason);
	g->revocation_reason = strdup(a->reason != NULL ? a->reason : "");
	if (g->revocation_reason == NULL) {
		qerr_internal(e, "grant revoke: out of memory");
		goto out;
	}
	if (store_row_update(tx, &grant_table, g, e) != 0)
		goto out;
	/* the act as submitted: {reason} */
	details = ops_details_new();
	if (ops_details_set(details, "reason", json_string(g->revocation_reason)) != 0) {
		qerr_internal(e, "grant revoke: out of memory");
		goto out;
	}
	rc = ops_commit(c, tx, "grant.revoke", g->h.id, details, e);
	tx = NULL;
out:
	store_rollback(tx);
	json_decref(details);
	return rc;
}

int
ops_grants_revoke(const struct ops_ctx *c, const struct ops_grant_revoke_args *a,
                  struct grant_rec *out, struct qerr *e)
{
	if (revoke_step(c, a, out, e) == 0)
		return 0;
	grant_rec_free(out);
	return -1;
}

int64_t
ops_grants_list(struct store_tx *tx, const char *org_id, const char *person_id,
                int64_t after_seq, int limit, store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w[2];
	size_t n = 0;

	if (org_id != NULL)
		w[n++] = STORE_W_STR("org_id", org_id);
	if (person_id != NULL)
		w[n++] = STORE_W_STR("person_id", person_id);
	return store_row_list(tx, &grant_table, w, n, after_seq, limit, fn, ctx, e);
}
