/*
 * scope_ops.c — visibility and the granting organization for the handlers
 * (see scope_ops.h): the decisions are src/ops/scope.c's; this file only
 * takes the acting organization and cross-organization reading from the
 * request and answers 404 for what the caller does not see.
 *
 * Untrusted input: ids in request bodies are only looked up.
 */
#include "http/scope_ops.h"

#include "ops/scope.h"

static int
sees(const struct req *r, struct store_tx *tx, const struct store_rec *rec, bool *out,
     struct qerr *e)
{
	return ops_scope_sees(tx, rec, r->user.org_id, r->cross_org, out, e);
}

int
scope_visible(const struct req *r, struct store_tx *tx, const struct store_rec *rec,
              const char *field, struct qerr *e)
{
	bool ok;

	if (sees(r, tx, rec, &ok, e) != 0)
		return -1;
	if (ok)
		return 0;
	return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
}

int
scope_ids_visible(const struct req *r, struct store_tx *tx, const char *kind,
                  const json_t *ids, const char *field, struct qerr *e)
{
	const json_t *v;
	size_t i;

	json_array_foreach(ids, i, v) {
		struct store_rec rec = {0};
		int rc;

		if (rec_load_field(tx, kind, json_string_value(v), &rec, field, e) != 0)
			return -1;
		rc = scope_visible(r, tx, &rec, field, e);
		store_rec_clear(&rec);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
scope_get(struct req *r, struct resp *out, const char *kind, rec_view_fn view,
          struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	json_t *v = NULL;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (rec_load(tx, kind, r->params[0], &rec, e) == 0 &&
	    scope_visible(r, tx, &rec, NULL, e) == 0)
		v = view != NULL ? view(tx, &rec, e) : json_incref(rec.doc);
	store_rollback(tx);
	store_rec_clear(&rec);
	if (v == NULL)
		return -1;
	resp_json(out, 200, v);
	return 0;
}
