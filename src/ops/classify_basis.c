/*
 * classify_basis.c — see classify_basis.h.
 *
 * SECURITY: reads records only by the ids it is given; writes nothing.
 */
#include "ops/classify_basis.h"

#include <string.h>

#include "ops/docs.h"

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

int
classify_ops_topics_check(const json_t *topics, const char *basis, struct qerr *e)
{
	const char *codes[64];
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(topics, i, v) {
		if (!json_is_string(v))
			continue;
		codes[n++] = json_string_value(v);
		if (n == sizeof codes / sizeof codes[0]) {
			if (classify_topics_check(codes, n, basis, e) != 0)
				return -1;
			n = 0;
		}
	}
	return classify_topics_check(codes, n, basis, e);
}
