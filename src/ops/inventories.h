/*
 * inventories.h — the procedures of an inventory (SPEC.md §2 "Inventory";
 * records and workflow in core/inventory.h, tables in
 * store/tables_inventory.h), each one whole step: load, scope, the core
 * decision, the rows written, the audit entry, commit — or a rollback
 * leaving nothing.
 *
 *   ops_inventory_open   POST /v1/inventories              "inventory.create"
 *   ops_inventory_mark   POST /v1/inventories/{id}/marks   "inventory.mark"
 *   ops_inventory_close  POST /v1/inventories/{id}/close   "inventory.close"
 *
 * Errors in SPEC.md §5 order: 403 forbidden_org (another organization's
 * inventory, or org_id of another for the open), 404 (the inventory; the
 * organization naming org_id; the carrier naming carrier_id), 400 (a copy
 * number the carrier does not have), 409 invalid_state (closed), 500.
 *
 * Reads: ops_inventory_get (its own transaction), ops_inventory_load
 * (inside the caller's).
 *
 * Ownership: results are the caller's: inventory_rec_free(); a mark has no
 * heap strings.
 */
#ifndef QUPIYA_OPS_INVENTORIES_H
#define QUPIYA_OPS_INVENTORIES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/inventory.h"
#include "ops/ops.h"
#include "store/store_table.h"

struct ops_inventory_mark_args {
	const char *inventory_id;
	const char *carrier_id;
	int64_t copy_number;
	bool found;
};

/* Opens an inventory of org_id (state open, nothing checked yet). */
int ops_inventory_open(const struct ops_ctx *c, const char *org_id, struct inventory_rec *out,
                       struct qerr *e);
/* Marks a copy found or not; *created: the copy's first mark (else its
 * mark is replaced: date, by and found are the new ones). */
int ops_inventory_mark(const struct ops_ctx *c, const struct ops_inventory_mark_args *a,
                       struct inventory_mark_rec *out, bool *created, struct qerr *e);
/* Closes the inventory: counts the copies the organization holds (custody
 * per copy, carriers registered or issued), records the discrepancies and
 * opens one incident loss_suspected per carrier with copies missing. *out
 * is the closed inventory with its children. */
int ops_inventory_close(const struct ops_ctx *c, const char *inventory_id,
                        struct inventory_rec *out, struct qerr *e);

/* 404 / 403 of the inventory in a read transaction of its own: a handler's
 * precedence check before it reports a malformed body (SPEC.md §5). */
int ops_inventory_check(const struct ops_ctx *c, const char *inventory_id, struct qerr *e);
/* GET: the inventory (404, 403 another organization's) in a read
 * transaction of its own. */
int ops_inventory_get(const struct ops_ctx *c, const char *inventory_id,
                      struct inventory_rec *out, struct qerr *e);
/* The inventory with its discrepancies and incidents; 404 when absent. */
int ops_inventory_load(struct store_tx *tx, const char *inventory_id,
                       struct inventory_rec *out, struct qerr *e);

#endif
