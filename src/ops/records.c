/*
 * records.c — loads on the JSON `record` rows (see records.h).
 *
 * Untrusted input: ids come from requests; they are only looked up.
 */
#include "ops/records.h"

#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/transfer.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/scope.h"

int
ops_info_visible(const struct ops_ctx *c, struct store_tx *tx, const struct info_rec *r,
                 const char *field, struct qerr *e)
{
	bool ok = false;

	if (ops_scope_info_sees(tx, r, c->actor.org_id, c->actor.cross_org, &ok, e) != 0)
		return -1;
	if (ok)
		return 0;
	return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
}

int
ops_info_ids_visible(const struct ops_ctx *c, struct store_tx *tx, const char *const *ids,
                     size_t n, const char *field, struct qerr *e)
{
	for (size_t i = 0; i < n; i++) {
		struct info_rec r;
		int rc;

		if (ops_info_load(tx, ids[i], &r, field, e) != 0)
			return -1;
		rc = ops_info_visible(c, tx, &r, field, e);
		info_rec_free(&r);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
ops_carrier_permits_on(struct store_tx *tx, const char *org_id, qdate on,
                       struct carrier_permit **out, size_t *n, struct qerr *e)
{
	struct permit_rec *p = NULL;
	struct carrier_permit *cp = NULL;
	size_t np = 0;

	*out = NULL;
	*n = 0;
	if (ops_org_permits(tx, org_id, &p, &np, e) != 0)
		return -1;
	if (np > 0 && (cp = calloc(np, sizeof *cp)) == NULL) {
		ops_permits_free(p, np);
		return qerr_internal(e, "permits: out of memory");
	}
	for (size_t i = 0; i < np; i++) {
		/* static state strings: the permits are freed below */
		cp[i].state = ops_permit_state_on(&p[i], on);
		cp[i].degree = (enum degree)p[i].degree;
		cp[i].issued_on = p[i].issued_on;
		cp[i].valid_until = p[i].valid_until;
	}
	ops_permits_free(p, np);
	*out = cp;
	*n = np;
	return 0;
}

