/*
 * scope.c — visibility and the granting organization (see scope.h).
 *
 * Invariants:
 *   1. Fail closed: a record of another kind, a missing org, a copy whose
 *      holder cannot be read is not held and not seen.
 *   2. The holder of a copy is read in one place, ops_scope_carrier_may_grant().
 *
 * Cost: seeing or granting on an information item that the organization
 * does not dispose of reads the carriers of that item (carrier_information)
 * until one of which it holds a copy, wherever it is registered.
 *
 * Untrusted input: ids in request bodies are only looked up.
 */
#include "ops/scope.h"
#include "ops/orgs.h"

#include <string.h>

#include "core/carrier_rec.h"
#include "core/custody_rec.h"
#include "core/declassify.h"
#include "ops/items.h"
#include "store/tables_carriers.h"

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] != '\0' && strcmp(a, b) == 0;
}

/* Whether org disposes of the item id (NULL or no item: false). */
static int
disposes_item(struct store_tx *tx, const char *id, const char *org, bool *out,
              struct qerr *e)
{
	struct info_rec info;
	struct qerr le = {0};

	*out = false;
	if (id == NULL)
		return 0;
	if (ops_info_load(tx, id, &info, NULL, &le) != 0) {
		if (le.status == QERR_NOT_FOUND)
			return 0;
		*e = le;
		return -1;
	}
	*out = same(info_rec_disposer(&info), org);
	info_rec_free(&info);
	return 0;
}

struct holds_ctx {
	const char *org;
};

/* A carrier of the item of which org holds a copy, wherever the carrier
 * is registered (custody per copy, not the carrier's org_id). */
static int
holds_info_cb(void *ctx, const struct carrier_rec *car)
{
	const struct holds_ctx *c = ctx;

	return ops_scope_carrier_may_grant(car, c->org) ? 1 : 0;
}

/* Whether org holds a copy of a carrier of the information item (the
 * carriers of the item through carrier_information; stops at the first). */
static int
holds_info(struct store_tx *tx, const char *info_id, const char *org, bool *out,
           struct qerr *e)
{
	struct holds_ctx c = {.org = org};
	int rc;

	*out = false;
	if (org == NULL || org[0] == '\0')
		return 0;
	rc = store_carrier_naming_each(tx, info_id, holds_info_cb, &c, e);
	if (rc < 0)
		return -1;
	*out = rc == 1;
	return 0;
}

/* Whether org may grant on the item id disposed of by disposer. */
static int
info_may_grant(struct store_tx *tx, const char *id, const char *disposer, const char *org,
               bool *out, struct qerr *e)
{
	*out = false;
	if (org == NULL || org[0] == '\0')
		return 0;
	if (same(disposer, org)) {
		*out = true;
		return 0;
	}
	return holds_info(tx, id, org, out, e);
}

int
ops_scope_info_may_grant(struct store_tx *tx, const struct info_rec *r, const char *org,
                         bool *out, struct qerr *e)
{
	return info_may_grant(tx, r->h.id, info_rec_disposer(r), org, out, e);
}

int
ops_scope_info_sees(struct store_tx *tx, const struct info_rec *r, const char *org,
                    bool cross_org, bool *out, struct qerr *e)
{
	*out = cross_org;
	if (cross_org)
		return 0;
	return ops_scope_info_may_grant(tx, r, org, out, e);
}

bool
ops_scope_carrier_may_grant(const struct carrier_rec *c, const char *org)
{
	return custody_rec_scope_holds(c, org);
}

int
ops_scope_carrier_sees(struct store_tx *tx, const struct carrier_rec *c, const char *org,
                       bool cross_org, bool *out, struct qerr *e)
{
	*out = cross_org;
	if (cross_org || org == NULL || org[0] == '\0')
		return 0;
	if (same(c->org_id, org) || custody_rec_scope_holds(c, org)) {
		*out = true;
		return 0;
	}
	/* disposing_org_id where recorded (null: as absent), else the
	 * disposing bodies of the information it carries */
	if (c->disposing_org_id[0] != '\0') {
		*out = same(c->disposing_org_id, org);
		return 0;
	}
	for (size_t i = 0; i < c->n_information; i++) {
		if (disposes_item(tx, c->information_ids[i], org, out, e) != 0)
			return -1;
		if (*out)
			return 0;
	}
	return 0;
}

int
ops_scope_in_subordination(struct store_tx *tx, const char *org_id, const char *root,
                           bool *out, struct qerr *e)
{
	char cur[STORE_ID_MAX];

	*out = false;
	if (org_id == NULL || root == NULL || root[0] == '\0')
		return 0;
	q_strlcpy(cur, org_id, sizeof cur);
	for (int hop = 0; hop <= DECLASSIFY_ANCESTORS_MAX && cur[0] != '\0'; hop++) {
		struct org_rec org = {0};
		struct qerr le = {0};

		if (strcmp(cur, root) == 0) {
			*out = true;
			return 0;
		}
		if (ops_org_load(tx, cur, &org, NULL, &le) != 0) {
			if (le.status == QERR_NOT_FOUND)
				return 0;
			*e = le;
			return -1;
		}
		q_strlcpy(cur, org.parent_id, sizeof cur);
		org_rec_free(&org);
	}
	return 0;
}
