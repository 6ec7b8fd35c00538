/*
 * items.h — information items (Law "On State Secrets", Art. 15-23) as
 * the procedures load and write them: struct info_rec of core/info_rec.h,
 * kept in the typed tables of store/tables_items.h (issue 11). The
 * procedures themselves live where their Law does: classification in
 * ops/lists.c, declassification and extension in ops/declassify.c.
 *
 * Everything runs inside the caller's transaction unless said otherwise.
 */
#ifndef QUPIYA_OPS_ITEMS_H
#define QUPIYA_OPS_ITEMS_H

#include <stdbool.h>

#include "core/info_rec.h"
#include "ops/ops.h"

/* Loads the item id into *out (release with info_rec_free): 404 naming
 * field (may be NULL) when there is none. */
int ops_info_load(struct store_tx *tx, const char *id, struct info_rec *out,
                  const char *field, struct qerr *e);
/* ops_info_load, then 403 "forbidden_org" unless the item's organization
 * is the actor's (ops_scope). *out is released on failure. */
int ops_info_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                         struct info_rec *out, struct qerr *e);
/* The end of a step on an item: r inserted (insert: its id set here) or
 * updated, the audit entry (action, r's id, no details) and the commit.
 * *tx is NULL once the commit was tried. */
int ops_info_commit(const struct ops_ctx *c, struct store_tx **tx, struct info_rec *r,
                    bool insert, const char *action, struct qerr *e);
/* Each item of the organization (NULL: any) in the state (NULL: any)
 * classified on the list item (NULL: any; "": none), in seq order, every
 * page; fn as store_row_list's, its row a const struct info_rec * with
 * its own columns only (no topics, extensions, reviews nor
 * reclassifications: store_info_scan). 0 or -1. */
int ops_info_each(struct store_tx *tx, const char *org_id, const char *state,
                  const char *list_item_id, int (*fn)(void *ctx, const void *row), void *ctx,
                  struct qerr *e);
/* A page of items as ops_info_each chooses them, after after_seq, at most
 * limit, with their child rows: for the handlers' lists. Rows visited or
 * -1. */
int64_t ops_info_page(struct store_tx *tx, const char *org_id, const char *state,
                      const char *list_item_id, int64_t after_seq, int limit,
                      int (*fn)(void *ctx, const void *row), void *ctx, struct qerr *e);
/* The review flag (Art. 23.1) on r, as ops_review_flag() sets it on a
 * carrier: due on due_on (never after an earlier flag nor after the term),
 * for reason, with entry appended to its reviews. 0 or -1 (500). */
int ops_info_flag(struct info_rec *r, const struct info_review *entry, qdate due_on,
                  const char *reason, struct qerr *e);
/* Clears the review flag, recording how it was resolved (as
 * ops_declassify_review_clear() does on a carrier). 0 or -1. */
int ops_info_review_clear(const struct ops_ctx *c, struct info_rec *r, const char *how,
                          struct qerr *e);

#endif
