/*
 * tables_items.h — information items in typed tables (issue 11; records
 * in core/info_rec.h; migration 0025_typed_items moves the "information"
 * records of the record table here, each keeping its id and seq):
 *
 *   information        one row per item: typed columns, `fields` (which
 *                      fields its object holds), `extra` (the others,
 *                      whole); indexed by organization, state, list item,
 *                      list and the due date of the deadlines
 *   information_topic  its topics, (info_id, ord) in order
 *
 * sqlite_items.c holds the SQL of the child rows and both conversions
 * between the struct and the item's JSON object, through which the
 * record form (store_rec_* of kind "information") reads and writes these
 * tables.
 */
#ifndef QUPIYA_STORE_TABLES_ITEMS_H
#define QUPIYA_STORE_TABLES_ITEMS_H

#include <jansson.h>

#include "core/info_rec.h"
#include "store/store.h"
#include "store/store_table.h"

extern const struct store_table store_info_table;

/* ---- the struct ------------------------------------------------------------ */

int store_info_insert(struct store_tx *tx, struct info_rec *r, struct qerr *e);
int store_info_update(struct store_tx *tx, struct info_rec *r, struct qerr *e);
/* 404 when there is no such item. */
int store_info_get(struct store_tx *tx, const char *id, struct info_rec *out,
                   struct qerr *e);
/* Each item matching (org_id, state, list_item_id: NULL any) after
 * after_seq, in seq order, at most limit (0: all); fn as store_row_list's
 * (the row is a const struct info_rec *, topics loaded). Rows visited or -1. */
int64_t store_info_list(struct store_tx *tx, const char *org_id, const char *state,
                        const char *list_item_id, int64_t after_seq, int limit,
                        store_row_fn fn, void *ctx, struct qerr *e);
int64_t store_info_count(struct store_tx *tx, const char *org_id, const char *state,
                         const char *list_item_id, struct qerr *e);

/* ---- the item's JSON object (the API's, and the record form's doc) --------- */

/* The object, keys sorted; NULL with qerr 500 out of memory or when extra
 * does not parse. */
json_t *info_rec_doc(const struct info_rec *r, struct qerr *e);
/* The struct of the record r (kind "information"): each field of its doc
 * that fits its column is taken, every other stays in extra; *out is
 * zeroed first; release with info_rec_free(). 500 out of memory. */
int info_rec_from(const struct store_rec *r, struct info_rec *out, struct qerr *e);

/* ---- the record form (sqlite_records.c dispatches kind "information") ------- */

int store_info_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e);
int store_info_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e);
int store_info_rec_get(struct store_tx *tx, const char *id, struct store_rec *out,
                       struct qerr *e);
/* q->ref: items have none, so nothing matches one. */
int store_info_rec_list(struct store_tx *tx, const struct store_query *q, bool count,
                        int64_t *n, store_rec_cb cb, void *ctx, struct qerr *e);

#endif
