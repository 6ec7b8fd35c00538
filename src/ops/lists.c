/*
 * lists.c — lists, list items, information items and the list-change
 * cascade (see lists.h).
 *
 * Lists, items and information items are jansson records until their
 * typed tables land (issue 11; ops/docs.h): every jansson call is checked
 * and a failure rolls the step back.
 *
 * SECURITY: ids from the caller are only looked up; the organization of
 * the list (or information item) scopes who may act (403 forbidden_org).
 * The cascade finds carriers of every organization (they move between
 * organizations) through the carrier_information link table: only those
 * that carry an affected item are read.
 */
#include "ops/lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "ops/classify.h"
#include "ops/classify_basis.h"
#include "ops/docs.h"
#include "ops/orgs.h"
#include "store/tables_carriers.h"

/* ---- shared -------------------------------------------------------------- */

static int
append_doc_cb(void *ctx, const struct store_rec *rec)
{
	return json_array_append(ctx, rec->doc) == 0 ? 0 : -1;
}

json_t *
ops_list_view(struct store_tx *tx, const struct store_rec *list, struct qerr *e)
{
	struct store_query q = {.kind = "list_item", .parent_id = list->id};
	json_t *doc = json_deep_copy(list->doc), *items = json_array();
	struct qerr we = {0};

	if (doc == NULL || items == NULL || store_rec_walk(tx, &q, append_doc_cb, items, &we) != 0) {
		if (we.status != 0)
			*e = we;
		else
			qerr_internal(e, "list view: out of memory");
		json_decref(items);
		json_decref(doc);
		return NULL;
	}
	if (ops_docs_set_str(doc, "state", list->state, e) != 0 ||
	    ops_docs_set(doc, "items", items, e) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* Loads a list item and the list it belongs to (404 naming field, may be
 * NULL). */
static int
item_load(struct store_tx *tx, const char *id, struct store_rec *item, struct store_rec *list,
          const char *field, struct qerr *e)
{
	if (ops_docs_load(tx, "list_item", id, item, field, e) != 0)
		return -1;
	if (ops_docs_load(tx, "list", item->parent_id, list, NULL, e) != 0)
		return qerr_internal(e, "list item without its list");
	return 0;
}

/* The coordination as recorded: both references, or null. */
static json_t *
coordination_json(const struct ops_coordination *k)
{
	if (k->authorized_body_ref == NULL || k->nsc_ref == NULL)
		return json_null();
	return json_pack("{s:s, s:s}", "authorized_body_ref", k->authorized_body_ref, "nsc_ref",
	                 k->nsc_ref);
}

static json_int_t
list_version(const struct store_rec *list)
{
	return json_integer_value(json_object_get(list->doc, "version"));
}

/* Bumps the list's version for a change of an approved list (Art. 22.3)
 * and records it in the list's history. */
static int
list_bump(const struct ops_ctx *c, struct store_rec *list, const char *what,
          const char *item_id, const char *change_id, struct qerr *e)
{
	json_int_t v = list_version(list) + 1;

	if (ops_docs_set(list->doc, "version", json_integer(v), e) != 0)
		return -1;
	return ops_docs_append(list->doc, "history",
	                       json_pack("{s:s, s:I, s:s, s:s?, s:o, s:s}", "action", what,
	                                 "version", v, "item_id", item_id, "change_id", change_id,
	                                 "effective_date", ops_docs_json_date(c->effective_date),
	                                 "by", c->actor.user_id),
	                       e);
}

/* ---- lists (Art. 15.2, 22.2, 22.3) --------------------------------------- */

int
ops_list_create(const struct ops_ctx *c, const struct ops_list_args *a, json_t **out,
                struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct org_rec org = {0};
	int rc = -1;

	*out = NULL;
	if (ops_scope(c, a->org_id, e) != 0 || ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    ops_docs_org_active(tx, org.h.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto done;
	q_strlcpy(rec.kind, "list", sizeof rec.kind);
	store_id_new("list", rec.id);
	q_strlcpy(rec.org_id, org.h.id, sizeof rec.org_id);
	q_strlcpy(rec.state, LIST_DRAFT, sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:n, s:n, s:n, s:o, s:s, s:[]}", "id",
	                    rec.id, "org_id", org.h.id, "title", a->title ? a->title : "", "state",
	                    LIST_DRAFT, "version", 1, "approved_on", "next_review_on",
	                    "reviewed_on", "created_on", ops_docs_json_date(c->effective_date),
	                    "created_by", c->actor.user_id, "history");
	if (rec.doc == NULL) {
		qerr_internal(e, "list doc");
		goto done;
	}
	/* Stored without its items; answered with none. */
	if (store_rec_insert(tx, &rec, e) != 0 ||
	    ops_docs_set(rec.doc, "items", json_array(), e) != 0)
		goto done;
	rc = ops_commit(c, tx, "list.create", rec.id, NULL, e);
	tx = NULL;
	if (rc == 0)
		*out = json_incref(rec.doc);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "list.create", NULL, e);
	org_rec_free(&org);
	store_rec_clear(&rec);
	return rc;
}

int
ops_list_item_add(const struct ops_ctx *c, const struct ops_list_item_args *a, json_t **out,
                  struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec list = {0}, rec = {0};
	bool approved;
	int n, rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "list", a->list_id, &list, e) != 0)
		goto done;
	/* Art. 15.2: lists are developed "on the basis of Articles 11, 12, 13
	 * and 14": the basis is an item of the statutory catalogue. */
	if (!a->basis_known || a->code == NULL || degree_name(a->degree) == NULL) {
		qerr_input(e, "invalid_value", !a->basis_known ? "basis"
		                               : a->code == NULL ? "code" : "degree");
		if (!a->basis_known)
			qerr_detail(e, "not an item of Articles 11-14");
		goto done;
	}
	/* list_change_needs_coordination, Art. 22.3 */
	if (classify_list_change_check(list.state, a->coordination.authorized_body_ref,
	                               a->coordination.nsc_ref, e) != 0)
		goto done;
	approved = strcmp(list.state, LIST_APPROVED) == 0;
	q_strlcpy(rec.kind, "list_item", sizeof rec.kind);
	store_id_new("item", rec.id);
	q_strlcpy(rec.org_id, list.org_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, list.id, sizeof rec.parent_id);
	/* Codes are unique within a list: the natural key "<list>/<code>". */
	n = snprintf(rec.ref, sizeof rec.ref, "%s/%s", list.id, a->code);
	if (n < 0 || (size_t)n >= sizeof rec.ref) {
		qerr_input(e, "invalid_value", "code");
		goto done;
	}
	q_strlcpy(rec.state, ITEM_ACTIVE, sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:[]}",
	                    "id", rec.id, "list_id", list.id, "org_id", list.org_id, "code",
	                    a->code, "text", a->text ? a->text : "", "degree",
	                    degree_name(a->degree), "basis", a->basis, "state", ITEM_ACTIVE,
	                    "coordination", coordination_json(&a->coordination), "added_on",
	                    ops_docs_json_date(c->effective_date), "added_by", c->actor.user_id,
	                    "list_version", list_version(&list) + (approved ? 1 : 0), "changes");
	if (rec.doc == NULL) {
		qerr_internal(e, "list item doc");
		goto done;
	}
	if (store_rec_insert(tx, &rec, e) != 0) {
		q_strlcpy(e->field, "code", sizeof e->field);
		goto done;
	}
	if (approved && (list_bump(c, &list, "item_added", rec.id, NULL, e) != 0 ||
	                 store_rec_update(tx, &list, e) != 0))
		goto done;
	rc = ops_commit(c, tx, "list_item.create", rec.id, NULL, e);
	tx = NULL;
	if (rc == 0)
		*out = json_incref(rec.doc);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "list_item.create", a->list_id, e);
	store_rec_clear(&list);
	store_rec_clear(&rec);
	return rc;
}

/* approve (draft -> approved) and review (approved, new next_review_on). */
static int
list_decide(const struct ops_ctx *c, const char *list_id, bool review, json_t **out,
            struct qerr *e)
{
	const char *action = review ? "list.review" : "list.approve";
	struct store_tx *tx = NULL;
	struct store_rec list = {0};
	qdate next = QDATE_NONE;
	json_t *view = NULL;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "list", list_id, &list, e) != 0)
		goto done;
	if (review) {
		/* list_review_due, Art. 22.2 */
		if (classify_list_review(c->cal, list.state, ops_docs_date(list.doc, "approved_on"),
		                         c->effective_date, &next, e) != 0 ||
		    ops_docs_set_date(list.doc, "reviewed_on", c->effective_date, e) != 0)
			goto done;
	} else {
		/* Art. 15.2: approved by the head; list_review_due, Art. 22.2 */
		if (classify_list_approve(c->cal, list.state, c->effective_date, &next, e) != 0 ||
		    ops_docs_set_state(&list, LIST_APPROVED, e) != 0 ||
		    ops_docs_set_date(list.doc, "approved_on", c->effective_date, e) != 0 ||
		    ops_docs_set_str(list.doc, "approved_by", c->actor.user_id, e) != 0)
			goto done;
	}
	if (ops_docs_set_date(list.doc, "next_review_on", next, e) != 0 ||
	    ops_docs_append(list.doc, "history",
	                    json_pack("{s:s, s:O, s:o, s:o, s:s}", "action",
	                              review ? "reviewed" : "approved", "version",
	                              json_object_get(list.doc, "version"), "effective_date",
	                              ops_docs_json_date(c->effective_date), "next_review_on",
	                              ops_docs_json_date(next), "by", c->actor.user_id),
	                    e) != 0 ||
	    store_rec_update(tx, &list, e) != 0 || (view = ops_list_view(tx, &list, e)) == NULL)
		goto done;
	rc = ops_commit(c, tx, action, list.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		*out = view;
		view = NULL;
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, action, list_id, e);
	json_decref(view);
	store_rec_clear(&list);
	return rc;
}

int
ops_list_approve(const struct ops_ctx *c, const char *list_id, json_t **out, struct qerr *e)
{
	return list_decide(c, list_id, false, out, e);
}

int
ops_list_review(const struct ops_ctx *c, const char *list_id, json_t **out, struct qerr *e)
{
	return list_decide(c, list_id, true, out, e);
}

/* ---- the list-change cascade (Art. 22.3, 23.1) --------------------------- */

int
ops_review_flag(struct store_tx *tx, const char *kind, const char *id, const json_t *entry,
                qdate due_on, const char *reason, struct qerr *e)
{
	struct store_rec rec = {0};
	qdate cur, term;
	int ret = -1;

	if (ops_docs_load(tx, kind, id, &rec, NULL, e) != 0)
		return -1;
	/* The earliest day owed, never after the term itself (the index and
	 * core/deadlines.c then agree on the due date). */
	cur = ops_docs_date(rec.doc, "review_due_on");
	term = ops_docs_date(rec.doc, "declassify_on");
	if (cur != QDATE_NONE && cur < due_on)
		due_on = cur;
	if (term != QDATE_NONE && term < due_on)
		due_on = term;
	if (ops_docs_set(rec.doc, "review_required", json_true(), e) == 0 &&
	    ops_docs_set_date(rec.doc, "review_due_on", due_on, e) == 0 &&
	    ops_docs_set_str(rec.doc, "review_reason", reason, e) == 0 &&
	    ops_docs_append(rec.doc, "reviews", json_deep_copy(entry), e) == 0)
		ret = store_rec_update(tx, &rec, e);
	store_rec_clear(&rec);
	return ret;
}

struct cascade {
	struct store_tx *tx;
	json_t *info_ids;        /* affected information ids */
	json_t *carrier_ids;     /* affected carrier ids */
	json_t *review;          /* the flag put on each of them */
	struct qerr *e;
};

/* Every information item classified on the item (not yet declassified) is
 * affected. Collected first, flagged after the walk (no writes while the
 * store iterates). */
static int
cascade_info_cb(void *ctx, const struct store_rec *rec)
{
	struct cascade *c = ctx;

	if (strcmp(rec->state, INFO_CLASSIFIED) != 0)
		return 0;
	return ops_docs_ids_append(c->info_ids, rec->id, c->e);
}

/* Every carrier that still exists as a classified carrier and carries one
 * of the affected information items (store_carriers_carrying: through the
 * carrier_information index, never a scan of every carrier). */
static int
cascade_carrier_cb(void *ctx, const struct store_rec *rec)
{
	struct cascade *c = ctx;

	if (strcmp(rec->state, "destroyed") == 0 || strcmp(rec->state, "declassified") == 0)
		return 0;
	return ops_docs_ids_append(c->carrier_ids, rec->id, c->e);
}

static int
cascade_carriers(struct cascade *c, struct qerr *e)
{
	size_t n = json_array_size(c->info_ids), i;
	const char **ids;
	json_t *v;
	int rc;

	if (n == 0)
		return 0;
	if ((ids = calloc(n, sizeof *ids)) == NULL)
		return qerr_internal(e, "cascade: out of memory");
	json_array_foreach(c->info_ids, i, v)
		ids[i] = json_string_value(v);
	rc = store_carriers_carrying(c->tx, ids, n, cascade_carrier_cb, c, e);
	free(ids);
	return rc;
}

/* Flags each affected information item and carrier for review: it goes on
 * the deadlines list, due the day of the change (Art. 23.1: declassified
 * before the term "if the provisions of the list ... changed"), until it is
 * declassified, relabelled or reclassified on another item. Nothing else
 * about it changes (its degree, label, state and term stay until a
 * decision on it). */
static int
cascade_run(struct cascade *c, const struct store_rec *item, const struct store_rec *list,
            qdate on, struct qerr *e)
{
	struct store_query qi = {.kind = "information", .org_id = list->org_id,
	                         .parent_id = item->id};
	struct qerr we = {0};
	size_t i;
	json_t *v;

	if (store_rec_walk(c->tx, &qi, cascade_info_cb, c, &we) != 0) {
		if (!qerr_is_set(e))
			*e = we;
		return -1;
	}
	if (cascade_carriers(c, e) != 0)
		return -1;
	json_array_foreach(c->info_ids, i, v)
		if (ops_review_flag(c->tx, "information", json_string_value(v), c->review, on,
		                    "list_changed", e) != 0)
			return -1;
	json_array_foreach(c->carrier_ids, i, v)
		if (ops_review_flag(c->tx, "carrier", json_string_value(v), c->review, on,
		                    "list_changed", e) != 0)
			return -1;
	return 0;
}

/* The body's checks of a change (400), after the item's 404 and 403. */
static int
change_input(const struct ops_list_item_change_args *a, const struct store_rec *item,
             struct qerr *e)
{
	const char *degree = degree_name(a->degree), *cur = ops_docs_str(item->doc, "degree");

	if (degree == NULL && !a->removed) {
		qerr_input(e, "missing_field", "degree");
		qerr_detail(e, "give degree or removed:true");
		return -1;
	}
	if (degree != NULL && a->removed) {
		qerr_input(e, "invalid_value", "removed");
		qerr_detail(e, "give degree or removed:true, not both");
		return -1;
	}
	if (degree != NULL && cur != NULL && strcmp(degree, cur) == 0) {
		qerr_input(e, "invalid_value", "degree");
		qerr_detail(e, "the item already has this degree");
		return -1;
	}
	return 0;
}

/* The change applied to the item and its list (both written). */
static int
change_write(const struct ops_ctx *c, struct store_tx *tx, const struct ops_list_item_change_args *a,
             struct store_rec *item, struct store_rec *list, const char *kind,
             const char *change_id, json_t *change, struct qerr *e)
{
	if (ops_docs_append(item->doc, "changes", json_incref(change), e) != 0)
		return -1;
	if (a->removed) {
		if (ops_docs_set_state(item, ITEM_REMOVED, e) != 0 ||
		    ops_docs_set_date(item->doc, "removed_on", c->effective_date, e) != 0)
			return -1;
	} else if (ops_docs_set_str(item->doc, "degree", degree_name(a->degree), e) != 0) {
		return -1;
	}
	if (store_rec_update(tx, item, e) != 0)
		return -1;
	if (strcmp(list->state, LIST_APPROVED) == 0 &&
	    (list_bump(c, list, kind, item->id, change_id, e) != 0 ||
	     store_rec_update(tx, list, e) != 0))
		return -1;
	return 0;
}

int
ops_list_item_change(const struct ops_ctx *c, const struct ops_list_item_change_args *a,
                     json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec item = {0}, list = {0};
	struct cascade k = {.e = e};
	const char *kind = a->removed ? "removed" : "degree_changed";
	char change_id[STORE_ID_MAX];
	json_t *change = NULL, *details = NULL, *answer = NULL;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (item_load(tx, a->item_id, &item, &list, NULL, e) != 0 ||
	    ops_scope(c, list.org_id, e) != 0 || change_input(a, &item, e) != 0 ||
	    classify_item_change_state(item.state, e) != 0 ||
	    /* list_change_needs_coordination, Art. 22.3 */
	    classify_list_change_check(list.state, a->coordination.authorized_body_ref,
	                               a->coordination.nsc_ref, e) != 0)
		goto done;
	store_id_new("chg", change_id);
	k.tx = tx;
	k.info_ids = json_array();
	k.carrier_ids = json_array();
	k.review = json_pack("{s:s, s:s, s:s, s:o}", "change_id", change_id, "list_item_id",
	                     item.id, "kind", kind, "effective_date",
	                     ops_docs_json_date(c->effective_date));
	if (k.info_ids == NULL || k.carrier_ids == NULL || k.review == NULL) {
		qerr_internal(e, "change: out of memory");
		goto done;
	}
	if (cascade_run(&k, &item, &list, c->effective_date, e) != 0)
		goto done;
	change = json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:s, s:o, s:I, s:{s:O, s:O}}", "id",
	                   change_id, "kind", kind, "from_degree", ops_docs_str(item.doc, "degree"),
	                   "to_degree", degree_name(a->degree), "effective_date",
	                   ops_docs_json_date(c->effective_date), "by", c->actor.user_id,
	                   "coordination", coordination_json(&a->coordination), "list_version",
	                   list_version(&list) + (strcmp(list.state, LIST_APPROVED) == 0 ? 1 : 0),
	                   "affected", "information", k.info_ids, "carriers", k.carrier_ids);
	if (change == NULL) {
		qerr_internal(e, "change doc");
		goto done;
	}
	if (change_write(c, tx, a, &item, &list, kind, change_id, change, e) != 0)
		goto done;
	details = json_pack("{s:s, s:s, s:I, s:I}", "change_id", change_id, "kind", kind,
	                    "information", (json_int_t)json_array_size(k.info_ids), "carriers",
	                    (json_int_t)json_array_size(k.carrier_ids));
	answer = json_pack("{s:{s:O, s:O}, s:s, s:O, s:O}", "affected", "information",
	                   k.info_ids, "carriers", k.carrier_ids, "change_id", change_id,
	                   "change", change, "item", item.doc);
	if (details == NULL || answer == NULL) {
		qerr_internal(e, "change: out of memory");
		goto done;
	}
	rc = ops_commit(c, tx, "list_item.change", item.id, details, e);
	tx = NULL;
	if (rc == 0) {
		*out = answer;
		answer = NULL;
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "list_item.change", a->item_id, e);
	json_decref(answer);
	json_decref(details);
	json_decref(change);
	json_decref(k.review);
	json_decref(k.info_ids);
	json_decref(k.carrier_ids);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return rc;
}

/* ---- information items (Art. 15-20) -------------------------------------- */

/* The body's checks of a classification (400), after the scope (403). */
static int
info_input(const struct ops_ctx *c, const struct ops_info_args *a, struct qerr *e)
{
	if (a->title == NULL || a->org_id == NULL || degree_name(a->degree) == NULL ||
	    a->ntopics > OPS_TOPICS_MAX)
		return qerr_input(e, "invalid_value", a->title == NULL ? "title"
		                                      : a->org_id == NULL ? "org_id"
		                                      : a->ntopics > OPS_TOPICS_MAX ? "topics"
		                                                                    : "degree");
	if (a->preliminary && a->list_item_id != NULL) {
		qerr_input(e, "invalid_value", "preliminary");
		qerr_detail(e, "a preliminary classification cites no list item");
		return -1;
	}
	if (a->classified_on > c->today)
		return qerr_input(e, "date_in_future", "classified_on");
	if (a->declassify_on <= a->classified_on) {
		qerr_input(e, "invalid_value", "declassify_on");
		qerr_detail(e, "declassify_on must be after classified_on");
		return -1;
	}
	return classify_topics_valid(a->topics, a->ntopics, e);
}

/* The rules, in the order of SPEC.md §3. */
static int
info_rules(const struct ops_ctx *c, struct store_tx *tx, const struct ops_info_args *a,
           const struct org_rec *org, const struct store_rec *item,
           const struct store_rec *list, struct qerr *e)
{
	struct classify_basis b = {0};
	bool cited = a->list_item_id != NULL;

	if (ops_classifier_check(tx, org->h.id, c->actor.person_id, e) != 0)   /* Art. 5.4, 15.1 */
		return -1;
	/* Art. 17, with the exceptions of 17.1.8, 17.1.9 and 17.1.11 that
	 * depend on the cited item's statutory basis. */
	if (classify_topics_check(a->topics, a->ntopics,
	                          cited ? ops_docs_str(item->doc, "basis") : NULL, e) != 0)
		return -1;
	b.preliminary = a->preliminary;
	b.info_org_id = org->h.id;
	b.on = a->classified_on;
	if (cited)
		classify_ops_basis_of(&b, item, list, org->h.id);
	if (classify_basis_check(&b, e) != 0)                        /* Art. 20.1 */
		return -1;
	if (!a->preliminary &&                                       /* Art. 15.2, 18.1 */
	    classify_degree_check(a->degree, degree_parse(ops_docs_str(item->doc, "degree")),
	                          e) != 0)
		return -1;
	return classify_term_check(a->classified_on, a->declassify_on, e);   /* Art. 20.3 */
}

static json_t *
topics_json(const struct ops_info_args *a)
{
	json_t *t = json_array();

	for (size_t i = 0; t != NULL && i < a->ntopics; i++)
		if (json_array_append_new(t, json_string(a->topics[i])) != 0) {
			json_decref(t);
			return NULL;
		}
	return t;
}

/* Classified on an item in force then but removed since (Art. 20.1
 * allows it): the removal's cascade (Art. 22.3, 23.1) has run, so the new
 * item is flagged for review as the cascade would have flagged it. */
static int
info_flag_removed(const struct ops_ctx *c, struct store_rec *rec, const struct store_rec *item,
                  struct qerr *e)
{
	if (ops_docs_set(rec->doc, "review_required", json_true(), e) != 0 ||
	    ops_docs_set_date(rec->doc, "review_due_on", c->effective_date, e) != 0 ||
	    ops_docs_set_str(rec->doc, "review_reason", "list_changed", e) != 0)
		return -1;
	return ops_docs_set(rec->doc, "reviews",
	                    json_pack("[{s:s, s:s, s:o}]", "list_item_id", item->id, "kind",
	                              "removed", "effective_date",
	                              ops_docs_json_date(c->effective_date)),
	                    e);
}

int
ops_info_classify(const struct ops_ctx *c, const struct ops_info_args *a, json_t **out,
                  struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec item = {0}, list = {0}, rec = {0};
	struct org_rec org = {0};
	bool pre = a->preliminary;
	int rc = -1;

	*out = NULL;
	if (ops_scope(c, a->org_id, e) != 0 || info_input(c, a, e) != 0 ||
	    ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    ops_docs_org_active(tx, org.h.id, "org_id", e) != 0 ||   /* org_liquidated, Art. 28 */
	    (a->list_item_id != NULL &&
	     item_load(tx, a->list_item_id, &item, &list, "list_item_id", e) != 0) ||
	    info_rules(c, tx, a, &org, &item, &list, e) != 0)
		goto done;
	q_strlcpy(rec.kind, "information", sizeof rec.kind);
	store_id_new("info", rec.id);
	q_strlcpy(rec.org_id, org.h.id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, pre ? "" : item.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, pre ? INFO_PRELIMINARY : INFO_CLASSIFIED, sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:s?, s:s?, s:s?,"
	                    " s:s, s:s, s:o, s:n, s:n, s:b}",
	                    "id", rec.id, "title", a->title, "org_id", org.h.id, "degree",
	                    degree_name(a->degree), "topics", topics_json(a), "classified_on",
	                    ops_docs_json_date(a->classified_on), "declassify_on",
	                    ops_docs_json_date(a->declassify_on), "state", rec.state,
	                    "preliminary", pre, "list_item_id", pre ? NULL : item.id, "list_id",
	                    pre ? NULL : list.id, "basis",
	                    pre ? NULL : ops_docs_str(item.doc, "basis"), "classified_by",
	                    c->actor.user_id, "classifier_person_id", c->actor.person_id,
	                    "registered_on", ops_docs_json_date(c->effective_date), "proposal_on",
	                    "decision", "review_required", false);
	if (rec.doc == NULL) {
		qerr_internal(e, "information doc");
		goto done;
	}
	if ((!pre && strcmp(item.state, ITEM_REMOVED) == 0 &&
	     info_flag_removed(c, &rec, &item, e) != 0) ||
	    /* Art. 15: the disposing body, which custody never changes. */
	    ops_docs_set_str(rec.doc, "disposing_org_id", org.h.id, e) != 0)
		goto done;
	rc = ops_docs_commit(c, &tx, &rec, true, "information.create", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "information.create", NULL, e);
	org_rec_free(&org);
	store_rec_clear(&item);
	store_rec_clear(&list);
	store_rec_clear(&rec);
	return rc;
}

int
ops_info_proposal(const struct ops_ctx *c, const char *info_id, json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "information", info_id, &rec, e) != 0 ||
	    /* preliminary_overdue, Art. 20.2 (a late proposal is accepted) */
	    classify_proposal_check(rec.state, ops_docs_date(rec.doc, "classified_on"),
	                            ops_docs_date(rec.doc, "proposal_on"), c->effective_date,
	                            e) != 0 ||
	    ops_docs_set_date(rec.doc, "proposal_on", c->effective_date, e) != 0 ||
	    ops_docs_set_str(rec.doc, "proposal_by", c->actor.user_id, e) != 0)
		goto done;
	rc = ops_docs_commit(c, &tx, &rec, false, "information.proposal", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "information.proposal", info_id, e);
	store_rec_clear(&rec);
	return rc;
}

/* add_to_list: classified on the item as of the decision's day. */
static int
decision_add(const struct ops_ctx *c, struct store_rec *rec, const struct store_rec *item,
             const struct store_rec *list, bool cited, struct qerr *e)
{
	struct classify_basis b = {0};

	b.info_org_id = rec->org_id;
	b.on = c->effective_date;   /* classified on the decision's day */
	if (cited)
		classify_ops_basis_of(&b, item, list, rec->org_id);
	if (classify_basis_check(&b, e) != 0 ||                          /* Art. 20.1 */
	    classify_degree_check(degree_parse(ops_docs_str(rec->doc, "degree")),
	                          degree_parse(ops_docs_str(item->doc, "degree")), e) != 0)
		return -1;                                                /* Art. 15.2, 18.1 */
	q_strlcpy(rec->parent_id, item->id, sizeof rec->parent_id);
	if (ops_docs_set_state(rec, INFO_CLASSIFIED, e) != 0 ||
	    ops_docs_set_str(rec->doc, "list_item_id", item->id, e) != 0 ||
	    ops_docs_set_str(rec->doc, "list_id", list->id, e) != 0 ||
	    ops_docs_set_str(rec->doc, "basis", ops_docs_str(item->doc, "basis"), e) != 0)
		return -1;
	return 0;
}

/* remove_label: the information is no secret (Art. 20.2). */
static int
decision_remove(const struct ops_ctx *c, struct store_rec *rec, struct qerr *e)
{
	if (ops_docs_set_state(rec, INFO_DECLASSIFIED, e) != 0 ||
	    ops_docs_set_date(rec->doc, "label_removed_on", c->effective_date, e) != 0 ||
	    ops_docs_set_date(rec->doc, "declassified_on", c->effective_date, e) != 0 ||
	    ops_docs_set_str(rec->doc, "declassification_ground", "label_removed", e) != 0)
		return -1;
	return 0;
}

int
ops_info_preliminary_decision(const struct ops_ctx *c, const struct ops_info_decision_args *a,
                              json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0}, item = {0}, list = {0};
	bool cited = a->list_item_id != NULL;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "information", a->info_id, &rec, e) != 0)
		goto done;
	if (!a->add && cited) {
		qerr_input(e, "invalid_value", "list_item_id");
		qerr_detail(e, "remove_label cites no list item");
		goto done;
	}
	if ((cited && item_load(tx, a->list_item_id, &item, &list, "list_item_id", e) != 0) ||
	    classify_decision_check(rec.state, ops_docs_date(rec.doc, "proposal_on"),
	                            c->effective_date, e) != 0 ||
	    (a->add ? decision_add(c, &rec, &item, &list, cited, e)
	            : decision_remove(c, &rec, e)) != 0 ||
	    ops_docs_set(rec.doc, "decision",
	                 json_pack("{s:s, s:o, s:s, s:s?}", "decision",
	                           a->add ? "add_to_list" : "remove_label", "effective_date",
	                           ops_docs_json_date(c->effective_date), "by", c->actor.user_id,
	                           "list_item_id", a->add ? item.id : NULL),
	                 e) != 0)
		goto done;
	rc = ops_docs_commit(c, &tx, &rec, false, "information.preliminary_decision", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "information.preliminary_decision", a->info_id, e);
	store_rec_clear(&rec);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return rc;
}
