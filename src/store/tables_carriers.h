/*
 * tables_carriers.h — the carriers' typed link tables and their queries
 * (issue 11; sqlite_carriers.c is the only SQL).
 *
 * Tables (migration 0009_carrier_links, store_sqlite.c), derived by the
 * store from each carrier as it is written (store_rec_insert/update of kind
 * "carrier", same transaction), so no caller writes them and they can
 * never disagree with the carrier:
 *   carrier_information(information_id, carrier_seq, carrier_id)
 *       one row per entry of the carrier's information_ids; key
 *       (information_id, carrier_seq): "which carriers carry this item"
 *       is an index range in carrier order (the list-change and the
 *       declassified-item cascades, Art. 22.3, 23.1).
 *   carrier_copy(carrier_id, number, holder_org_id, holder_person_id,
 *                joint_work_id, carrier_seq)
 *       one row per copy (custody per copy): who holds it, exactly one
 *       of holder_org_id | holder_person_id (CHECK), indexed by holder.
 *   carrier_due(carrier_id, org_id, due, carrier_seq)
 *       the carrier's due date while it is still classified
 *       ("registered", "issued", "archived"): review_due_on when set,
 *       else declassify_on; indexed (org_id, due, carrier_seq) and
 *       (due, carrier_seq). Replaces the expression indexes over the
 *       serialized doc.
 *
 * Untrusted input: ids and dates come from requests; they are only bound
 * as parameters.
 */
#ifndef QUPIYA_STORE_TABLES_CARRIERS_H
#define QUPIYA_STORE_TABLES_CARRIERS_H

#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/qerr.h"
#include "store/store.h"
#include "store/store_table.h"

/* Need-to-know grants (core/grant_rec.h): table access_grant, moved from
 * the record table by migration 0010_typed_grants. */
extern const struct store_table grant_table;

/* Every carrier that carries at least one of info_ids[0..n) (by its
 * information_ids), each once, in seq order, through the
 * carrier_information index: the cost is the carriers returned, never the
 * number of carriers. cb as for store_rec_list. n = 0 visits nothing. */
int store_carriers_carrying(struct store_tx *tx, const char *const *info_ids, size_t n,
                            store_rec_cb cb, void *ctx, struct qerr *e);

/* One carrier on the deadlines list (store_carrier_due). */
struct store_carrier_due {
	qdate due;                       /* review_due_on, else declassify_on */
	int64_t seq;                     /* the carrier's seq (cursor) */
	const struct store_rec *rec;     /* the carrier, borrowed for the call */
};
typedef int (*store_carrier_due_cb)(void *ctx, const struct store_carrier_due *d);

/* Carriers still classified whose due date is on or before due_max, in
 * (due, seq) order, after the cursor (after_due QDATE_NONE: from the
 * start, else rows after (after_due, after_seq)), at most limit
 * (1..STORE_PAGE_MAX; clamped). org_id NULL: every organization. Served
 * by the carrier_due indexes. cb's non-zero value stops and is returned. */
int store_carrier_due(struct store_tx *tx, const char *org_id, qdate due_max,
                      qdate after_due, int64_t after_seq, int limit,
                      store_carrier_due_cb cb, void *ctx, struct qerr *e);

/* How many copies of carriers organization org_id holds (carrier_copy's
 * holder index); for the registry and its tests. */
int store_carrier_copies_held(struct store_tx *tx, const char *org_id, int64_t *n,
                              struct qerr *e);

#endif
