/*
 * inventory.c — the names and the pure rules of inventory.h.
 */
#include "core/inventory.h"

#include <stdlib.h>
#include <string.h>

const char *const inventory_state_names[] = {"open", "closed", NULL};
const char *const inventory_discrepancy_names[] = {"missing", "unexpected", NULL};

void
inventory_discrepancy_free(struct inventory_discrepancy_rec *d)
{
	if (d == NULL)
		return;
	free(d->account_number);
	free(d->label);
	free(d->state);
	memset(d, 0, sizeof *d);
}

void
inventory_rec_free(struct inventory_rec *inv)
{
	if (inv == NULL)
		return;
	for (size_t i = 0; i < inv->ndiscrepancies; i++)
		inventory_discrepancy_free(&inv->discrepancies[i]);
	free(inv->discrepancies);
	free(inv->incidents);
	memset(inv, 0, sizeof *inv);
}

int
inventory_open_check(int state, struct qerr *e)
{
	if (state == INVENTORY_OPEN)
		return 0;
	qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
	qerr_detail(e, "the inventory is %s",
	            state == INVENTORY_CLOSED ? inventory_state_names[INVENTORY_CLOSED] : "closed");
	return -1;
}

bool
inventory_found_unexpected(bool held_here, bool carrier_expected)
{
	return !held_here || !carrier_expected;
}
