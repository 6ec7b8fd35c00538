/*
 * tables_movements.h — the carriers' circulation journal in its typed table
 * (issue 11, migrations 0022b_typed_movements, 0026_carrier_columns;
 * sqlite_movements.c is the only SQL). Table movement(id, seq, version,
 * parent_id, org_id, ref, state, keys, kind, date, by_user, carrier_id,
 * copy_number, person_id, extra, more and a column for each field of the
 * act of enum move_more), with copy_numbers in movement_copy(movement_id,
 * ord, number): one row per journal entry (core/movement_rec.h), indexed by
 * (parent_id, seq) — a carrier's journal in order, paged by seq — by
 * (carrier_id, seq), by (org_id, seq), and unique on (org_id, ref) where
 * ref <> '' (an inventory's mark of one copy). org_id, from_org_id,
 * to_org_id and archive_org_id REFERENCES organization(id), person_id and
 * from_person_id person(id) (0028_carrier_fks, store/org_fks.h): an entry
 * naming one that is not there is 404.
 *
 * The record form (kind "movement" of store.h) is a view of these rows:
 * store_rec_insert/update/get/find/list/count of kind "movement" land here
 * (sqlite_records.c), so every reader of the journal — the carrier's
 * answer, GET /v1/carriers/{id}/movements, inventories, import/export,
 * print — reads typed rows. New code uses the typed calls below.
 *
 * Ownership: a struct movement_rec owns its extra and copy_numbers
 * (movement_rec_clear).
 * Untrusted input: ids and refs are bound as parameters only.
 */
#ifndef QUPIYA_STORE_TABLES_MOVEMENTS_H
#define QUPIYA_STORE_TABLES_MOVEMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/movement_rec.h"
#include "core/qerr.h"
#include "store/store.h"

void movement_rec_clear(struct movement_rec *m);   /* frees extra, copy_numbers; accepts NULL */

/* Appends m to its journal: m->h.id set by the caller (store_id_new
 * "movement"), seq and version set here. 409 duplicate (field ref) when
 * (org_id, ref) exists. */
int store_movement_insert(struct store_tx *tx, struct movement_rec *m, struct qerr *e);
/* Rewrites the row m->h.id (every column but id and seq). 404 when absent. */
int store_movement_update(struct store_tx *tx, const struct movement_rec *m, struct qerr *e);
/* The row with that id (404). */
int store_movement_get(struct store_tx *tx, const char *id, struct movement_rec *out,
                       struct qerr *e);

/* The rows of a journal (parent_id) or of an organization (org_id, parent
 * NULL), seq > after_seq, in seq order, at most limit (1..STORE_PAGE_MAX;
 * clamped). cb borrows each row for the call; its non-zero return stops the
 * list and is returned. */
typedef int (*store_movement_cb)(void *ctx, const struct movement_rec *m);
int store_movement_list(struct store_tx *tx, const char *parent_id, const char *org_id,
                        int64_t after_seq, int limit, store_movement_cb cb, void *ctx,
                        struct qerr *e);

/* The entry as the API shows it: a new JSON object (NULL out of memory or
 * a malformed extra, e set) / the row from such an object and the record
 * columns of r (r->doc read; 500 when it is not an object). */
json_t *movement_rec_doc(const struct movement_rec *m, struct qerr *e);
int movement_rec_from(const struct store_rec *r, struct movement_rec *m, struct qerr *e);

/* The record form of store.h over the typed table (sqlite_records.c calls
 * these for kind "movement"). */
int store_movement_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e);
int store_movement_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e);
int store_movement_rec_get(struct store_tx *tx, const char *id, struct store_rec *out,
                           struct qerr *e);
int store_movement_rec_find(struct store_tx *tx, const char *org_id, const char *ref,
                            struct store_rec *out, struct qerr *e);
int store_movement_rec_list(struct store_tx *tx, const struct store_query *q, bool count,
                            int64_t *n, store_rec_cb cb, void *ctx, struct qerr *e);

#endif
