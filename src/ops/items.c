/*
 * items.c — loading, writing and flagging information items as structs
 * (see items.h).
 */
#include "ops/items.h"

#include <string.h>

#include "ops/scope.h"
#include "store/tables_items.h"

int
ops_info_load(struct store_tx *tx, const char *id, struct info_rec *out, const char *field,
              struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (id != NULL && id[0] != '\0' && store_info_get(tx, id, out, e) == 0)
		return 0;
	if (id == NULL || id[0] == '\0')
		qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (e != NULL && e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_info_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                     struct info_rec *out, struct qerr *e)
{
	if (ops_info_load(tx, id, out, NULL, e) != 0)
		return -1;
	if (ops_scope(c, out->org_id, e) == 0)
		return 0;
	info_rec_free(out);
	return -1;
}

int
ops_info_commit(const struct ops_ctx *c, struct store_tx **tx, struct info_rec *r, bool insert,
                const char *action, struct qerr *e)
{
	int rc = insert ? store_info_insert(*tx, r, e) : store_info_update(*tx, r, e);

	if (rc != 0)
		return -1;
	rc = ops_commit(c, *tx, action, r->h.id, NULL, e);
	*tx = NULL;
	return rc;
}

int
ops_info_each(struct store_tx *tx, const char *org_id, const char *state,
              const char *list_item_id, int (*fn)(void *ctx, const void *row), void *ctx,
              struct qerr *e)
{
	return store_info_scan(tx, org_id, state, list_item_id, 0, 0, fn, ctx, e) < 0 ? -1 : 0;
}

int
ops_info_flag(struct info_rec *r, const struct info_review *entry, qdate due_on,
              const char *reason, struct qerr *e)
{
	/* The earliest day owed, never after the term itself (the index and
	 * core/deadlines.c then agree on the due date). */
	if (info_rec_has(r, INFO_F_REVIEW_DUE_ON) && r->review_due_on != QDATE_NONE &&
	    r->review_due_on < due_on)
		due_on = r->review_due_on;
	if (info_rec_has(r, INFO_F_DECLASSIFY_ON) && r->declassify_on != QDATE_NONE &&
	    r->declassify_on < due_on)
		due_on = r->declassify_on;
	r->review_required = true;
	info_rec_mark(r, INFO_F_REVIEW_REQUIRED);
	r->review_due_on = due_on;
	info_rec_mark(r, INFO_F_REVIEW_DUE_ON);
	if (info_rec_set_text(r, INFO_F_REVIEW_REASON, &r->review_reason, reason) != 0 ||
	    info_rec_review_add(r, entry) != 0)
		return qerr_internal(e, "information flag: out of memory");
	return 0;
}

int
ops_info_review_clear(const struct ops_ctx *c, struct info_rec *r, const char *how,
                      struct qerr *e)
{
	struct info_review v = {.effective_date = c->effective_date};

	if (!(info_rec_has(r, INFO_F_REVIEW_REQUIRED) && r->review_required) &&
	    !info_rec_has(r, INFO_F_REVIEW_DUE_ON))
		return 0;
	r->review_required = false;
	info_rec_mark(r, INFO_F_REVIEW_REQUIRED);
	r->review_due_on = QDATE_NONE;
	info_rec_unmark(r, INFO_F_REVIEW_DUE_ON);
	free(r->review_reason);
	r->review_reason = NULL;
	info_rec_unmark(r, INFO_F_REVIEW_REASON);
	v.keys = 1 << INFO_RV_KIND | 1 << INFO_RV_HOW | 1 << INFO_RV_EFFECTIVE_DATE |
	         1 << INFO_RV_BY;
	q_strlcpy(v.kind, "resolved", sizeof v.kind);
	q_strlcpy(v.how, how, sizeof v.how);
	q_strlcpy(v.by, c->actor.user_id, sizeof v.by);
	if (info_rec_review_add(r, &v) != 0)
		return qerr_internal(e, "information review: out of memory");
	return 0;
}

int64_t
ops_info_page(struct store_tx *tx, const char *org_id, const char *state,
              const char *list_item_id, int64_t after_seq, int limit,
              int (*fn)(void *ctx, const void *row), void *ctx, struct qerr *e)
{
	return store_info_list(tx, org_id, state, list_item_id, after_seq, limit, fn, ctx, e);
}
