/*
 * carrier_import.h — registering the carrier journal of an import in bulk
 * (docs/import.md "carriers"; issue 15: a million carriers through
 * `qupiya import`). The import (http/import.c) hands each row here first:
 *
 *   ops_carrier_bulk_row   checks the row with the rules of POST
 *                          /v1/carriers (ops_carriers_register, the same
 *                          src/core functions in the same order) and, when
 *                          it passes every one, writes the carrier, its
 *                          copies, its "registered" movement and its
 *                          "carrier.create" audit entry (as the API writes
 *                          them) in the import's batch; a row that meets
 *                          any refusal is left untouched (1) and the import
 *                          sends it through the API in process, which gives
 *                          the API's exact answer and records it.
 *   ops_carrier_bulk_end   releases (keep) or rolls back what the rows wrote.
 *
 * What a file needs once (the organization, its permits on a date, each
 * information item with its visibility) is loaded once per file, not per
 * row, and no row has a savepoint, an HTTP request or a JSON body of its
 * own: every row runs in one savepoint of the batch (store_batch_begin),
 * which commits whole or not at all with the file.
 *
 * Ownership: struct ops_carrier_bulk owns its caches and its savepoint
 * until ops_carrier_bulk_end.
 */
#ifndef QUPIYA_OPS_CARRIER_IMPORT_H
#define QUPIYA_OPS_CARRIER_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/carrier.h"
#include "core/carrier_row.h"
#include "core/org_rec.h"
#include "ops/ops.h"

struct ops_bulk_info;

struct ops_carrier_bulk {
	struct ops_ctx c;               /* the importing officer (set by the caller) */
	bool off;                       /* the bulk path does not apply: every row goes to the API */
	struct store_tx *tx;            /* the rows' savepoint, opened at the first row */
	struct org_rec org;
	struct ops_bulk_info *info;     /* information items seen so far */
	size_t ninfo, capinfo;
	qdate permits_on;               /* permits as they stood on that date */
	struct carrier_permit *permits;
	size_t npermits;
	bool permits_loaded;
	long stored;                    /* carriers written */
	uint32_t id_base, id_next;      /* the file's ids (bulk_id) */
};

/* A row: 0 stored (its id in id_out), 1 refused by some rule or check (the
 * caller sends it through the API; nothing was written), -1 failed (e). */
int ops_carrier_bulk_row(struct ops_carrier_bulk *b, const struct carrier_row *r,
                         const char *const *information_ids, size_t n_info,
                         char id_out[STORE_ID_MAX], struct qerr *e);

/* Ends the rows' savepoint: keep releases it into the batch, else rolls it
 * back; frees the caches. 0 or -1. Safe on a bulk that stored nothing. */
int ops_carrier_bulk_end(struct ops_carrier_bulk *b, bool keep, struct qerr *e);

#endif
