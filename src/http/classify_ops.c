/*
 * classify_ops.c — see classify_ops.h.
 *
 * SECURITY: reads records only by the ids it is given; writes nothing.
 */
#include "http/classify_ops.h"

#include <string.h>

int
classify_ops_classifier_check(struct req *r, struct store_tx *tx, const char *org_id,
                              struct qerr *e)
{
	struct store_rec cls = {0};
	struct qerr fe = {0};
	bool has_person = r->user.person_id[0] != '\0', on_list = false;

	if (has_person) {
		if (store_rec_find(tx, "classifier", org_id, r->user.person_id, &cls, &fe) == 0)
			on_list = strcmp(cls.state, "active") == 0;
		else if (fe.status != QERR_NOT_FOUND) {
			*e = fe;
			return -1;
		}
		store_rec_clear(&cls);
	}
	return classify_classifier_check(has_person, on_list, e);
}

void
classify_ops_basis_of(struct classify_basis *b, const struct store_rec *item,
                      const struct store_rec *list, const char *info_org_id)
{
	b->item_given = true;
	b->item_state = item->state;
	b->list_state = list->state;
	b->list_org_id = list->org_id;
	b->info_org_id = info_org_id;
}
