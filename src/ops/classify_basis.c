/*
 * classify_basis.c — see classify_basis.h.
 *
 * SECURITY: reads records only by the ids it is given; writes nothing.
 */
#include "ops/classify_basis.h"

#include <string.h>


void
classify_ops_basis_of(struct classify_basis *b, const struct list_item_rec *item,
                      const struct list_rec *list, const char *info_org_id)
{
	b->item_given = true;
	b->item_state = list_item_state_names[item->state];
	b->list_state = list_state_names[list->state];
	b->list_org_id = list->org_id;
	b->info_org_id = info_org_id;
	/* basis_required, Art. 20.1: the dates the basis is in force. An item
	 * added to an approved list (Art. 22.3) carries list_version > 1 and is
	 * in force from its added_on; an item of the list as approved from the
	 * approval. */
	b->list_approved_on = list->approved_on;
	b->item_added_on = item->list_version > 1 ? item->added_on : QDATE_NONE;
	b->item_removed_on = item->removed_on;
}
