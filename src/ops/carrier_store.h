/*
 * carrier_store.h — the typed carrier API of src/ops (issue 11): carriers,
 * their copies with their holders and the circulation journal as C structs
 * (core/carrier_rec.h, core/movement_rec.h) over the typed tables
 * (store/tables_carriers.h, store/tables_movements.h). New procedures use
 * these instead of the record form (store.h kind "carrier"/"movement",
 * which reads and writes the same rows).
 *
 *   ops_carrier_load     the carrier with its copies (404 naming field)
 *   ops_carrier_save     writes it back (its copies and links replaced)
 *   ops_movement_write   adds an entry to a carrier's journal (typed)
 * Custody per copy over the struct (who holds a copy, copies at home,
 * departures) is core/custody_rec.h.
 *
 * Everything runs inside the caller's transaction; nothing commits.
 * Ownership: a loaded struct carrier_rec is the caller's
 * (carrier_rec_clear).
 */
#ifndef QUPIYA_OPS_CARRIER_STORE_H
#define QUPIYA_OPS_CARRIER_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/carrier_rec.h"
#include "core/movement_rec.h"
#include "ops/ops.h"
#include "store/tables_carriers.h"
#include "store/tables_movements.h"

/* The carrier id with its copies and links into *out (cleared first; the
 * caller's: carrier_rec_clear). 404 naming field (may be NULL). */
int ops_carrier_load(struct store_tx *tx, const char *id, struct carrier_rec *out,
                     const char *field, struct qerr *e);
/* Writes c back (write tx); c's seq and version follow the row. */
int ops_carrier_save(struct store_tx *tx, struct carrier_rec *c, struct qerr *e);

/* Appends an entry to the journal of carrier_id, in org_id's journal (not
 * ""): id (new), kind, carrier_id, org_id, copy_number (null when < 1),
 * person_id (null when NULL), date (the act's effective date), by (the
 * actor), and the fields of the act from act (may be NULL: none): its
 * `more` bits and their fields, copy_numbers and extra are written; its
 * other fields are ignored (borrowed). */
int ops_movement_write(const struct ops_ctx *c, struct store_tx *tx, const char *carrier_id,
                       const char *org_id, const char *kind, long long copy_number,
                       const char *person_id, const struct movement_rec *act, struct qerr *e);

#endif
