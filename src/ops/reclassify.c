/*
 * reclassify.c — see reclassify.h.
 */
#include "ops/reclassify.h"

#include <jansson.h>
#include <string.h>

#include "core/carrier.h"
#include "core/classify.h"
#include "core/declassify.h"
#include "core/roles.h"
#include "ops/classify.h"
#include "ops/classify_basis.h"
#include "ops/declassify.h"
#include "ops/docs.h"
#include "ops/lists.h"

/* The doc's changes for the decision: the reclassification appended, the
 * item, list, basis and degree set. 0, or -1 with a 500. */
static int
doc_reclassified(const struct ops_ctx *c, struct store_rec *rec, const struct list_item_rec *item,
                 const struct list_rec *list, enum degree from, enum degree to, struct qerr *e)
{
	json_t *entry = json_pack("{s:s?, s:s, s:s, s:s, s:o, s:s}", "from_list_item_id",
	                          rec->parent_id[0] ? rec->parent_id : NULL, "to_list_item_id",
	                          item->h.id, "from_degree", degree_name(from), "to_degree",
	                          degree_name(to), "effective_date",
	                          ops_docs_json_date(c->effective_date), "by", c->actor.user_id);

	if (ops_docs_append(rec->doc, "reclassifications", entry, e) != 0 ||   /* NULL: 500 */
	    ops_docs_set_str(rec->doc, "list_item_id", item->h.id, e) != 0 ||
	    ops_docs_set_str(rec->doc, "list_id", list->h.id, e) != 0 ||
	    ops_docs_set_str(rec->doc, "basis", item->basis, e) != 0 ||
	    ops_docs_set_str(rec->doc, "degree", degree_name(to), e) != 0)
		return -1;
	q_strlcpy(rec->parent_id, item->h.id, sizeof rec->parent_id);
	return 0;
}

int
ops_info_reclassify(const struct ops_ctx *c, const struct ops_info_reclassify_args *a,
                    json_t **doc, json_t **offers, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct list_item_rec item = {0};
	struct list_rec list = {0};
	struct classify_basis b = {0};
	const char *item_id;
	enum degree old_degree, degree;
	json_t *off = NULL;
	int rc = -1;

	*doc = *offers = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "information", a->info_id, &rec, e) != 0)
		goto done;
	if (a->input != NULL && qerr_is_set(a->input)) {
		*e = *a->input;
		goto done;
	}
	item_id = a->list_item_id != NULL ? a->list_item_id : rec.parent_id;
	if (ops_list_item_load(tx, item_id, &item, &list, "list_item_id", e) != 0 ||
	    declassify_information_state(rec.state, e) != 0)
		goto done;
	if (!(c->actor.roles & ROLE_HEAD) &&                              /* Art. 5.4, 15.1 */
	    ops_classifier_check(tx, rec.org_id, c->actor.person_id, e) != 0)
		goto done;
	old_degree = degree_parse(ops_docs_str(rec.doc, "degree"));
	degree = a->has_degree ? a->degree : old_degree;
	classify_ops_basis_of(&b, &item, &list, rec.org_id);
	b.on = c->effective_date;                                        /* in force today */
	if (classify_ops_topics_check(json_object_get(rec.doc, "topics"), /* Art. 17 */
	                              item.basis, e) != 0 ||
	    classify_basis_check(&b, e) != 0 ||                          /* Art. 20.1 */
	    classify_degree_check(degree, (enum degree)item.degree, e) != 0)
		goto done;                                               /* Art. 15.2, 18.1 */
	if (doc_reclassified(c, &rec, &item, &list, old_degree, degree, e) != 0 ||
	    ops_declassify_review_clear(c, rec.doc, "reclassified", e) != 0 ||
	    store_rec_update(tx, &rec, e) != 0)
		goto done;
	off = degree != old_degree
	      ? ops_declassify_carriers_offer(c, tx, rec.id, CARRIER_INFO_CLASSIFIED, degree,
	                                      "degree_changed", e)
	      : json_array();
	if (off == NULL) {
		if (!qerr_is_set(e))
			qerr_internal(e, "reclassify: out of memory");
		goto done;
	}
	rc = ops_commit(c, tx, "information.reclassify", rec.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		*doc = json_incref(rec.doc);
		*offers = off;
		off = NULL;
	}
done:
	store_rollback(tx);
	json_decref(off);
	store_rec_clear(&rec);
	list_item_rec_free(&item);
	list_rec_free(&list);
	return rc != 0 ? ops_refuse(c, "information.reclassify", a->info_id, e) : 0;
}
