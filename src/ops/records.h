/*
 * records.h — the loads every procedure of the carriers slice starts with,
 * on the JSON `record` rows (store.h) that carriers, persons, information
 * items and organizations still are until their typed tables land:
 *
 * The record loads, the org-active check and the doc readers and checked
 * setters are ops/docs.h (ops_docs_load, ops_docs_org_active, ...).
 *
 *   ops_info_visible      404 unless the actor sees the information item
 *                         (ops/scope.h: SPEC.md §3, invisible is unknown)
 *   ops_info_ids_visible  every item id of a list, loaded and seen (404 field)
 *
 * All inside the caller's transaction. Errors: -1 with e set.
 */
#ifndef QUPIYA_OPS_RECORDS_H
#define QUPIYA_OPS_RECORDS_H

#include <stddef.h>

#include "ops/docs.h"
#include "ops/ops.h"

struct info_rec;
int ops_info_visible(const struct ops_ctx *c, struct store_tx *tx, const struct info_rec *r,
                     const char *field, struct qerr *e);
/* Information item ids[0..n); each unknown or unseen one is 404 naming
 * field. */
int ops_info_ids_visible(const struct ops_ctx *c, struct store_tx *tx, const char *const *ids,
                         size_t n, const char *field, struct qerr *e);
/* The organization's permits as the rule org_permit_missing (Art. 34,
 * core/carrier.h) reads them, with their state as it stood on `on`
 * (QDATE_NONE: as stored): a new array *out of *n (free()). */
struct carrier_permit;
int ops_carrier_permits_on(struct store_tx *tx, const char *org_id, qdate on,
                           struct carrier_permit **out, size_t *n, struct qerr *e);

#endif
