/*
 * classify_basis.c — see classify_basis.h.
 *
 * SECURITY: reads records only by the ids it is given; writes nothing.
 */
#include "ops/classify_basis.h"

#include <string.h>

#include "ops/docs.h"

void
classify_ops_basis_of(struct classify_basis *b, const struct store_rec *item,
                      const struct store_rec *list, const char *info_org_id)
{
	b->item_given = true;
	b->item_state = item->state;
	b->list_state = list->state;
	b->list_org_id = list->org_id;
	b->info_org_id = info_org_id;
	/* basis_required, Art. 20.1: the dates the basis is in force. An item
	 * added to an approved list (Art. 22.3) carries list_version > 1 and is
	 * in force from its added_on; an item of the list as approved from the
	 * approval. */
	b->list_approved_on = ops_docs_date(list->doc, "approved_on");
	b->item_added_on = json_integer_value(json_object_get(item->doc, "list_version")) > 1
	                           ? ops_docs_date(item->doc, "added_on")
	                           : QDATE_NONE;
	b->item_removed_on = ops_docs_date(item->doc, "removed_on");
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
