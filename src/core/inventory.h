/*
 * inventory.h — the typed records of an inventory (SPEC.md §2 "Inventory";
 * issue 11) and its pure rules: a periodic check that every copy an
 * organization holds is where the registry says, with the discrepancies it
 * found. src/store keeps the records in the tables inventory,
 * inventory_mark, inventory_discrepancy and inventory_incident
 * (src/store/tables_inventory.c); src/ops/inventories.c works on them.
 *
 *   (none) --ops_inventory_open--> open
 *   open   --ops_inventory_mark (any number; the last mark of a copy
 *            counts)--> open
 *   open   --ops_inventory_close--> closed, with its discrepancies:
 *            missing     a copy held here not marked found (one incident
 *                        "loss_suspected" per carrier)
 *            unexpected  a copy marked found that the registry does not
 *                        hold here, or whose carrier is no longer
 *                        registered or issued
 * A mark or a close on a closed inventory is 409 invalid_state
 * (inventory_open_check). No article of the Law governs the check itself:
 * R743 and the internal rules of each body set it; SPEC.md §2 asks for it.
 *
 * Ownership: a struct inventory_rec owns its children arrays and the heap
 * strings in them; release with inventory_rec_free(). Pure: no I/O.
 */
#ifndef QUPIYA_CORE_INVENTORY_H
#define QUPIYA_CORE_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/qerr.h"
#include "core/rec.h"

enum inventory_state { INVENTORY_OPEN = 0, INVENTORY_CLOSED };
extern const char *const inventory_state_names[];   /* index = value, NULL-terminated */

enum inventory_discrepancy_kind { INVENTORY_MISSING = 0, INVENTORY_UNEXPECTED };
extern const char *const inventory_discrepancy_names[];

/* One mark: copy copy_number of carrier_id was (not) found; one per copy,
 * the last mark made counts (date and by are the last mark's). */
struct inventory_mark_rec {
	struct store_row_hdr h;
	char inventory_id[STORE_ID_MAX];
	char carrier_id[STORE_ID_MAX];
	int64_t copy_number;
	bool found;
	qdate date;
	char by[STORE_ID_MAX];          /* the user who marked */
};

/* One discrepancy found at the close, in the order found (seq). missing:
 * holder (the person the copy is issued to; "" none) and label; unexpected:
 * state (the carrier's) and org_id (the carrier's registry). */
struct inventory_discrepancy_rec {
	struct store_row_hdr h;
	char inventory_id[STORE_ID_MAX];
	int kind;                       /* enum inventory_discrepancy_kind */
	char carrier_id[STORE_ID_MAX];
	char *account_number;           /* owned; NULL none */
	int64_t copy_number;
	char holder[STORE_ID_MAX];      /* missing */
	char *label;                    /* missing; owned; NULL none */
	char *state;                    /* unexpected; owned; NULL none */
	char org_id[STORE_ID_MAX];      /* unexpected */
};

/* One incident the close opened, in the order opened (seq). */
struct inventory_incident_rec {
	struct store_row_hdr h;
	char inventory_id[STORE_ID_MAX];
	char incident_id[STORE_ID_MAX];
};

struct inventory_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];      /* the organization checked */
	int state;                      /* enum inventory_state */
	qdate opened_on;
	char opened_by[STORE_ID_MAX];
	qdate closed_on;                /* QDATE_NONE while open */
	int64_t marks;                  /* copies marked (each copy once) */
	int64_t checked;                /* copies expected; STORE_INT_NULL while open */
	int64_t found;                  /* of those, marked found; STORE_INT_NULL while open */
	/* children, in seq order; owned; loaded by ops_inventory_load */
	struct inventory_discrepancy_rec *discrepancies;
	size_t ndiscrepancies;
	struct inventory_incident_rec *incidents;
	size_t nincidents;
};

/* Frees the children (and their strings) and zeroes inv. Accepts NULL. */
void inventory_rec_free(struct inventory_rec *inv);
/* Frees a discrepancy's strings and zeroes it. Accepts NULL. */
void inventory_discrepancy_free(struct inventory_discrepancy_rec *d);

/* 0 while the inventory is open; 409 invalid_state once closed (marks and
 * the close act on an open inventory only). */
int inventory_open_check(int state, struct qerr *e);

/* A copy marked found is a discrepancy ("unexpected") unless the
 * organization holds it and its carrier is registered or issued
 * (carrier_held: custody per copy; carrier_expected: the carrier's state
 * is registered or issued). */
bool inventory_found_unexpected(bool held_here, bool carrier_expected);

#endif
