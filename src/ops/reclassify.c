/*
 * reclassify.c — see reclassify.h.
 */
#include "ops/reclassify.h"

#include <string.h>

#include "core/carrier.h"
#include "core/classify.h"
#include "core/declassify.h"
#include "core/roles.h"
#include "ops/classify.h"
#include "ops/classify_basis.h"
#include "ops/declassify.h"
#include "ops/docs.h"
#include "ops/items.h"
#include "ops/lists.h"
#include "store/tables_items.h"

/* The item's changes for the decision: the reclassification appended, the
 * item, list, basis and degree set. 0, or -1 with a 500. */
static int
reclassified(const struct ops_ctx *c, struct info_rec *r, const struct list_item_rec *item,
             const struct list_rec *list, enum degree from, enum degree to, struct qerr *e)
{
	struct info_reclass x = {.from_degree = from, .to_degree = to,
	                         .effective_date = c->effective_date};

	q_strlcpy(x.from_item_id, r->list_item_id, sizeof x.from_item_id);
	q_strlcpy(x.to_item_id, item->h.id, sizeof x.to_item_id);
	q_strlcpy(x.by, c->actor.user_id, sizeof x.by);
	q_strlcpy(r->list_item_id, item->h.id, sizeof r->list_item_id);
	info_rec_mark(r, INFO_F_LIST_ITEM_ID);
	q_strlcpy(r->list_id, list->h.id, sizeof r->list_id);
	info_rec_mark(r, INFO_F_LIST_ID);
	r->degree = to;
	info_rec_mark(r, INFO_F_DEGREE);
	if (info_rec_reclass_add(r, &x) != 0 ||
	    info_rec_set_text(r, INFO_F_BASIS, &r->basis, item->basis) != 0)
		return qerr_internal(e, "reclassify: out of memory");
	return 0;
}

int
ops_info_reclassify(const struct ops_ctx *c, const struct ops_info_reclassify_args *a,
                    struct info_rec *out, struct ops_carrier_offers *offers, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_item_rec item = {0};
	struct list_rec list = {0};
	struct classify_basis b = {0};
	const char *item_id;
	enum degree old_degree, degree;
	struct ops_carrier_offers off = {0};
	int rc = -1;

	info_rec_init(out);
	memset(offers, 0, sizeof *offers);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_info_load_scoped(c, tx, a->info_id, out, e) != 0)
		goto done;
	if (a->input != NULL && qerr_is_set(a->input)) {
		*e = *a->input;
		goto done;
	}
	item_id = a->list_item_id != NULL ? a->list_item_id : out->list_item_id;
	if (ops_list_item_load(tx, item_id, &item, &list, "list_item_id", e) != 0 ||
	    declassify_information_state(info_state_name(out->state), e) != 0)
		goto done;
	if (!(c->actor.roles & ROLE_HEAD) &&                              /* Art. 5.4, 15.1 */
	    ops_classifier_check(tx, out->org_id, c->actor.person_id, e) != 0)
		goto done;
	old_degree = (enum degree)out->degree;
	degree = a->has_degree ? a->degree : old_degree;
	classify_ops_basis_of(&b, &item, &list, out->org_id);
	b.on = c->effective_date;                                        /* in force today */
	if (classify_topics_check((const char *const *)out->topics, out->ntopics, /* Art. 17 */
	                          item.basis, e) != 0 ||
	    classify_basis_check(&b, e) != 0 ||                          /* Art. 20.1 */
	    classify_degree_check(degree, (enum degree)item.degree, e) != 0)
		goto done;                                               /* Art. 15.2, 18.1 */
	if (reclassified(c, out, &item, &list, old_degree, degree, e) != 0 ||
	    ops_info_review_clear(c, out, "reclassified", e) != 0 ||
	    store_info_update(tx, out, e) != 0)
		goto done;
	if (degree != old_degree &&
	    ops_declassify_carriers_offer(c, tx, out->h.id, CARRIER_INFO_CLASSIFIED, degree,
	                                  "degree_changed", &off, e) != 0)
		goto done;
	rc = ops_commit(c, tx, "information.reclassify", out->h.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		*offers = off;
		memset(&off, 0, sizeof off);
	}
done:
	store_rollback(tx);
	ops_carrier_offers_free(&off);
	list_item_rec_free(&item);
	list_rec_free(&list);
	if (rc == 0)
		return 0;
	info_rec_free(out);
	return ops_refuse(c, "information.reclassify", a->info_id, e);
}
