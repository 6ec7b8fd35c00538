/*
 * records.h — the loads every procedure of the carriers slice starts with,
 * on the JSON `record` rows (store.h) that carriers, persons, information
 * items and organizations still are until their typed tables land:
 *
 *   ops_rec_load        a record by id; 404 naming the field that gave it
 *   ops_rec_visible     404 unless the actor sees the carrier or item
 *                       (ops/scope.h: SPEC.md §3, invisible is unknown)
 *   ops_ids_visible     every id of a list, loaded and seen (404 field)
 *   ops_org_active      org_liquidated (Art. 28): 404 naming field when the
 *                       organization does not exist, 422 when liquidated
 *
 * All inside the caller's transaction. Errors: -1 with e set.
 */
#ifndef QUPIYA_OPS_RECORDS_H
#define QUPIYA_OPS_RECORDS_H

#include <stddef.h>

#include "ops/ops.h"

int ops_rec_load(struct store_tx *tx, const char *kind, const char *id,
                 struct store_rec *out, const char *field, struct qerr *e);
int ops_rec_visible(const struct ops_ctx *c, struct store_tx *tx,
                    const struct store_rec *rec, const char *field, struct qerr *e);
/* ids[0..n) of kind; each unknown or unseen one is 404 naming field. */
int ops_ids_visible(const struct ops_ctx *c, struct store_tx *tx, const char *kind,
                    const char *const *ids, size_t n, const char *field, struct qerr *e);
int ops_org_active(struct store_tx *tx, const char *org_id, const char *field,
                   struct qerr *e);

/* "YYYY-MM-DD" as a new JSON string, JSON null for QDATE_NONE; NULL when
 * out of memory. */
struct json_t *ops_json_date(qdate d);
/* A date member of a record's doc; QDATE_NONE when absent or malformed. */
qdate ops_doc_date(const struct json_t *doc, const char *key);
/* A string member of a record's doc, or NULL. */
const char *ops_doc_str(const struct json_t *doc, const char *key);
/* Sets doc[key] = v (stolen, also on failure); appends v (stolen) to the
 * array doc[key], made when absent. 0, or -1 with a 500 (v NULL counts as
 * out of memory). */
int ops_doc_set(struct json_t *doc, const char *key, struct json_t *v, struct qerr *e);
int ops_doc_append(struct json_t *doc, const char *key, struct json_t *v, struct qerr *e);

/* The organization's permits as the rule org_permit_missing (Art. 34,
 * core/carrier.h) reads them, with their state as it stood on `on`
 * (QDATE_NONE: as stored): a new array *out of *n (free()). */
struct carrier_permit;
int ops_carrier_permits_on(struct store_tx *tx, const char *org_id, qdate on,
                           struct carrier_permit **out, size_t *n, struct qerr *e);

#endif
