/*
 * records.c — loads on the JSON `record` rows (see records.h).
 *
 * Untrusted input: ids come from requests; they are only looked up.
 */
#include "ops/records.h"

#include "core/transfer.h"
#include "ops/scope.h"

int
ops_rec_load(struct store_tx *tx, const char *kind, const char *id, struct store_rec *out,
             const char *field, struct qerr *e)
{
	if (store_rec_get(tx, kind, id, out, e) == 0)
		return 0;
	if (e != NULL && e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_rec_visible(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
                const char *field, struct qerr *e)
{
	bool ok = false;

	if (ops_scope_sees(tx, rec, c->actor.org_id, c->actor.cross_org, &ok, e) != 0)
		return -1;
	if (ok)
		return 0;
	return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
}

int
ops_ids_visible(const struct ops_ctx *c, struct store_tx *tx, const char *kind,
                const char *const *ids, size_t n, const char *field, struct qerr *e)
{
	for (size_t i = 0; i < n; i++) {
		struct store_rec rec = {0};
		int rc;

		if (ops_rec_load(tx, kind, ids[i], &rec, field, e) != 0)
			return -1;
		rc = ops_rec_visible(c, tx, &rec, field, e);
		store_rec_clear(&rec);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
ops_org_active(struct store_tx *tx, const char *org_id, const char *field, struct qerr *e)
{
	struct store_rec org = {0};
	int rc;

	if (ops_rec_load(tx, "org", org_id, &org, field, e) != 0)
		return -1;
	rc = transfer_org_active_check(org.state, e);   /* org_liquidated, Art. 28 */
	if (rc != 0 && e != NULL && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	store_rec_clear(&org);
	return rc;
}
