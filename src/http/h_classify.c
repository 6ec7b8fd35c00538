/*
 * h_classify.c — classifiers, departmental lists and their items,
 * information items (Law "On State Secrets", Art. 5.4, 15-22; SPEC.md §3
 * "Classification"; API.md "Classification").
 *
 * Each handler: load the records named in the path (404) → its organization
 * in scope (403) → body (400) → workflow state (409) → the rules of
 * src/core/classify.h (422) → write with its audit entry in one transaction.
 * A 422 is audited by the router with its code, so an attempt to classify
 * an Art. 17.1 topic stays on the record (Art. 17.2).
 *
 * Records (src/store):
 *   classifier  a typed table (ops/classify.c, store/tables_classify.c)
 *   list        org_id, state draft|approved, doc: version, approved_on,
 *               next_review_on, history[]
 *   list_item   org_id = the list's, parent_id = list id, ref = "<list>/<code>"
 *               (codes unique in a list), state active|removed, doc: changes[]
 *   information org_id = the disposing body, parent_id = its list item (""
 *               while preliminary), state preliminary|classified|declassified
 *
 * The list-change cascade (Art. 22.3, 23.1): changing or removing a list
 * item lists every classified information item on it and every carrier
 * (kind "carrier", doc "information_ids") carrying one; the change and the
 * lists are kept in the item's "changes"; nothing is relabelled or
 * declassified silently: each affected item and carrier is flagged for review
 * (declassify_review_flag(), h_declassify.h) and stays on the deadlines list
 * until declassified, relabelled or reclassified (h_declassify.c). Carriers
 * are otherwise h_carriers.c's: only their review flag is written here.
 *
 * SECURITY: bodies are untrusted and validated by field tables (jsonv.h);
 * ids from paths and bodies are only looked up. The cascade finds carriers
 * of every organization (they move between organizations) through the
 * carrier_information link table (store_carriers_carrying): only those
 * that carry an affected item are read.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "core/degree.h"
#include "core/roles.h"
#include "core/classify_rec.h"
#include "http/classify_ops.h"
#include "ops/classify.h"
#include "http/h_declassify.h"
#include "http/scope_ops.h"
#include "http/util.h"
#include "store/tables_carriers.h"

/* Who may read lists and information items (their metadata). */
#define CLS_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_CLASSIFIER | ROLE_NSC_OFFICER | \
                     ROLE_AUTHORIZED_BODY | ROLE_ARCHIVIST | ROLE_AUDITOR)
#define CLS_TOPICS_MAX      32      /* topics on one information item */
#define CLS_TEXT_MAX        4000    /* bytes of a list item's text */
#define CLS_CODE_MAX        64      /* bytes of a list item's code */

/* ---- field tables ------------------------------------------------------- */

static const char *const decisions[] = {"add_to_list", "remove_label", NULL};

static const struct jfield classifier_fields[] = {
	{"person_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield list_fields[] = {
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"title", JF_STRING, JF_REQUIRED, NULL, 0, 500},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Art. 22.3: both references are what the rule needs, so their absence is
 * list_change_needs_coordination (422), not a 400. */
static const struct jfield coordination_fields[] = {
	{"authorized_body_ref", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, 200},
	{"nsc_ref", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield item_fields[] = {
	{"code", JF_STRING, JF_REQUIRED, NULL, 0, CLS_CODE_MAX},
	{"text", JF_STRING, JF_REQUIRED, NULL, 0, CLS_TEXT_MAX},
	{"degree", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{"basis", JF_STRING, JF_REQUIRED, NULL, 0, 16},
	{"coordination", JF_OBJECT, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield change_fields[] = {
	{"degree", JF_ENUM, 0, degree_names, 0, 0},
	{"removed", JF_BOOL, 0, NULL, 0, 0},
	{"coordination", JF_OBJECT, JF_REQUIRED | JF_RULE, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield info_fields[] = {
	{"title", JF_STRING, JF_REQUIRED, NULL, 0, 1000},
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"list_item_id", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, STORE_ID_MAX - 1},
	{"preliminary", JF_BOOL, 0, NULL, 0, 0},
	{"degree", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	{"topics", JF_STRINGS, 0, NULL, 0, CLS_TOPICS_MAX},
	{"classified_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"declassify_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield decision_fields[] = {
	{"decision", JF_ENUM, JF_REQUIRED, decisions, 0, 0},
	{"list_item_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

/* ---- helpers ------------------------------------------------------------ */

static int
append_doc_cb(void *ctx, const struct store_rec *rec)
{
	json_array_append(ctx, rec->doc);
	return 0;
}

/* The non-cross-organization user reads only its own organization. */
static const char *
scoped_org(const struct req *r, const char *asked)
{
	return r->cross_org ? asked : r->user.org_id;
}

/* basis (a code of the statutory catalogue, Art. 11-14) is known. */
static bool
catalog_has_item(const json_t *catalog, const char *code)
{
	size_t i;
	json_t *v;

	json_array_foreach(json_object_get(catalog, "excluded"), i, v) {
		const char *c = json_is_string(v) ? json_string_value(v)
		                                  : jsonv_str(v, "code");
		if (c != NULL && strcmp(c, code) == 0)
			return false;
	}
	json_array_foreach(json_object_get(catalog, "items"), i, v) {
		const char *c = jsonv_str(v, "code");
		if (c != NULL && strcmp(c, code) == 0)
			return true;
	}
	return false;
}

/* The coordination object of a list change (Art. 22.3): validates its
 * fields (400) and returns the two references (borrowed, NULL if absent). */
static int
coordination_parse(const json_t *body, const char **ab, const char **nsc, struct qerr *e)
{
	json_t *c = json_object_get(body, "coordination");

	*ab = *nsc = NULL;
	if (c == NULL || json_is_null(c))
		return 0;
	if (jsonv_check(c, coordination_fields, "coordination", e) != 0)
		return -1;
	*ab = jsonv_str(c, "authorized_body_ref");
	*nsc = jsonv_str(c, "nsc_ref");
	return 0;
}

static json_t *
coordination_json(const char *ab, const char *nsc)
{
	if (ab == NULL || nsc == NULL)
		return json_null();
	return json_pack("{s:s, s:s}", "authorized_body_ref", ab, "nsc_ref", nsc);
}

/* The list with its items (all, removed ones with their state). */
static json_t *
list_view(struct store_tx *tx, const struct store_rec *list, struct qerr *e)
{
	struct store_query q = {.kind = "list_item", .parent_id = list->id};
	json_t *doc = json_deep_copy(list->doc), *items = json_array();

	if (store_rec_walk(tx, &q, append_doc_cb, items, e) != 0) {
		json_decref(items);
		json_decref(doc);
		return NULL;
	}
	json_object_set_new(doc, "state", json_string(list->state));
	json_object_set_new(doc, "items", items);
	return doc;
}

/* Loads a list item and the list it belongs to. */
static int
item_load(struct store_tx *tx, const char *id, struct store_rec *item, struct store_rec *list,
          struct qerr *e)
{
	if (rec_load(tx, "list_item", id, item, e) != 0)
		return -1;
	if (rec_load(tx, "list", item->parent_id, list, e) != 0)
		return qerr_internal(e, "list item without its list");
	return 0;
}

/* Bumps the list's version for a change of an approved list (Art. 22.3)
 * and records it in the list's history. */
static void
list_bump(struct store_rec *list, const char *what, const char *item_id, const char *change_id,
          qdate on, const char *by)
{
	json_int_t v = json_integer_value(json_object_get(list->doc, "version"));

	json_object_set_new(list->doc, "version", json_integer(v + 1));
	doc_append(list->doc, "history",
	           json_pack("{s:s, s:I, s:s, s:s?, s:o, s:s}", "action", what, "version",
	                     (json_int_t)(v + 1), "item_id", item_id, "change_id", change_id,
	                     "effective_date", json_date(on), "by", by));
}

/* ---- classifiers (Art. 5.4, 15.1) --------------------------------------- */

/* A classifier as the API shows it. */
static json_t *
classifier_json(const struct classifier_rec *k)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:o, s:s}", "id", k->h.id, "person_id",
	                 k->person_id, "org_id", k->org_id, "full_name", k->full_name, "position",
	                 k->position, "state", classifier_state_name(k->state), "registered_on",
	                 json_date(k->registered_on), "registered_by", k->registered_by);
}

static int
h_classifier_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_classifier_args a;
	struct classifier_rec k;
	json_t *j;

	if (req_json(r, classifier_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.org_id = jsonv_str(r->json, "org_id");
	a.person_id = jsonv_str(r->json, "person_id");
	if (ops_classifier_register(&c, &a, &k, e) != 0)
		return -1;
	j = classifier_json(&k);
	classifier_rec_free(&k);
	if (j == NULL)
		return qerr_internal(e, "classifier: out of memory");
	resp_json(out, 201, j);
	return 0;
}

struct classifier_page {
	json_t *items;
	int64_t last;
	int n, limit;
	bool more;
};

static int
classifier_page_cb(void *ctx, const void *row)
{
	struct classifier_page *p = ctx;
	const struct classifier_rec *k = row;

	if (p->n == p->limit) {
		p->more = true;
		return 1;
	}
	if (json_array_append_new(p->items, classifier_json(k)) != 0)
		return -1;
	p->last = k->h.seq;
	p->n++;
	return 0;
}

static int
h_classifier_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_classifier_filter f = {.org_id = scoped_org(r, http_query(r, "org_id")),
	                                  .person_id = http_query(r, "person_id"),
	                                  .state = http_query(r, "state")};
	struct classifier_page p = {0};
	struct store_tx *tx = NULL;
	json_t *body;
	int64_t after;

	if (req_page(r, &after, &p.limit, e) != 0)
		return -1;
	if ((p.items = json_array()) == NULL)
		return qerr_internal(e, "classifiers: out of memory");
	/* One more than asked tells whether a next page exists (the limit is
	 * at most STORE_PAGE_MAX; the extra row is asked for on its own). */
	if (tx_read(r, &tx, e) != 0 ||
	    ops_classifier_list(tx, &f, after, p.limit, classifier_page_cb, &p, e) < 0 ||
	    (p.n == p.limit &&
	     ops_classifier_list(tx, &f, p.last, 1, classifier_page_cb, &p, e) < 0)) {
		if (!qerr_is_set(e))
			qerr_internal(e, "classifiers: out of memory");
		store_rollback(tx);
		json_decref(p.items);
		return -1;
	}
	store_rollback(tx);
	if ((body = page_json(p.items, p.last, p.more)) == NULL)
		return qerr_internal(e, "classifiers: out of memory");
	resp_json(out, 200, body);
	return 0;
}

/* ---- lists (Art. 15.2, 22.2, 22.3) -------------------------------------- */

static int
h_list_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, rec = {0};
	const char *org_id;

	if (req_json(r, list_fields, e) != 0)
		return -1;
	org_id = jsonv_str(r->json, "org_id");
	if (req_org_scope(r, org_id, e) != 0)
		return -1;
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "org", org_id, &org, "org_id", e) != 0 ||
	    org_must_be_active(tx, org.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto fail;
	q_strlcpy(rec.kind, "list", sizeof rec.kind);
	store_id_new("list", rec.id);
	q_strlcpy(rec.org_id, org.id, sizeof rec.org_id);
	q_strlcpy(rec.state, LIST_DRAFT, sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:n, s:n, s:n, s:o, s:s, s:[]}", "id",
	                    rec.id, "org_id", org.id, "title", jsonv_str(r->json, "title"),
	                    "state", LIST_DRAFT, "version", 1, "approved_on", "next_review_on",
	                    "reviewed_on", "created_on", json_date(r->effective_date),
	                    "created_by", r->user.id, "history");
	if (rec.doc == NULL) {
		qerr_internal(e, "list doc");
		goto fail;
	}
	if (store_rec_insert(tx, &rec, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "list.create", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	json_object_set_new(rec.doc, "items", json_array());
	resp_json(out, 201, json_incref(rec.doc));
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return -1;
}

static int
h_list_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "list", list_view, e);
}

static int
h_list_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "list", .org_id = scoped_org(r, http_query(r, "org_id")),
	                        .state = http_query(r, "state")};

	return list_records(r, out, &q, e);
}

/* POST /v1/lists/{id}/items: an item of a draft list, or an addition to an
 * approved list with coordination (Art. 22.3). */
static int
h_item_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec list = {0}, rec = {0};
	const char *code, *basis, *ab, *nsc;
	bool approved;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "list", &list, e) != 0 ||
	    req_json(r, item_fields, e) != 0 ||
	    coordination_parse(r->json, &ab, &nsc, e) != 0)
		goto fail;
	code = jsonv_str(r->json, "code");
	basis = jsonv_str(r->json, "basis");
	/* Art. 15.2: lists are developed "on the basis of Articles 11, 12, 13
	 * and 14": the basis is an item of the statutory catalogue. */
	if (!catalog_has_item(r->app->catalog, basis)) {
		qerr_input(e, "invalid_value", "basis");
		qerr_detail(e, "not an item of Articles 11-14");
		goto fail;
	}
	/* list_change_needs_coordination, Art. 22.3 */
	if (classify_list_change_check(list.state, ab, nsc, e) != 0)
		goto fail;
	approved = strcmp(list.state, LIST_APPROVED) == 0;

	q_strlcpy(rec.kind, "list_item", sizeof rec.kind);
	store_id_new("item", rec.id);
	q_strlcpy(rec.org_id, list.org_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, list.id, sizeof rec.parent_id);
	{
		/* Codes are unique within a list: the natural key "<list>/<code>". */
		int n = snprintf(rec.ref, sizeof rec.ref, "%s/%s", list.id, code);

		if (n < 0 || (size_t)n >= sizeof rec.ref) {
			qerr_input(e, "invalid_value", "code");
			goto fail;
		}
	}
	q_strlcpy(rec.state, ITEM_ACTIVE, sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:[]}",
	                    "id", rec.id, "list_id", list.id, "org_id", list.org_id, "code", code,
	                    "text", jsonv_str(r->json, "text"), "degree",
	                    jsonv_str(r->json, "degree"), "basis", basis, "state", ITEM_ACTIVE,
	                    "coordination", coordination_json(ab, nsc), "added_on",
	                    json_date(r->effective_date), "added_by", r->user.id, "list_version",
	                    json_integer_value(json_object_get(list.doc, "version")) +
	                            (approved ? 1 : 0),
	                    "changes");
	if (rec.doc == NULL) {
		qerr_internal(e, "list item doc");
		goto fail;
	}
	if (store_rec_insert(tx, &rec, e) != 0) {
		q_strlcpy(e->field, "code", sizeof e->field);
		goto fail;
	}
	if (approved) {
		list_bump(&list, "item_added", rec.id, NULL, r->effective_date, r->user.id);
		if (store_rec_update(tx, &list, e) != 0)
			goto fail;
	}
	if (tx_commit_audited(r, tx, "list_item.create", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 201, json_incref(rec.doc));
	store_rec_clear(&list);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&list);
	store_rec_clear(&rec);
	return -1;
}

/* approve (draft -> approved) and review (approved, new next_review_on). */
static int
list_decide(struct req *r, struct resp *out, struct qerr *e, bool review)
{
	struct store_tx *tx = NULL;
	struct store_rec list = {0};
	qdate next = QDATE_NONE;
	json_t *view;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "list", &list, e) != 0 || req_json(r, empty_fields, e) != 0)
		goto fail;
	if (review) {
		/* list_review_due, Art. 22.2 */
		if (classify_list_review(r->app->calendar, list.state,
		                         jsonv_date(list.doc, "approved_on"),
		                         r->effective_date, &next, e) != 0)
			goto fail;
		json_object_set_new(list.doc, "reviewed_on", json_date(r->effective_date));
	} else {
		/* Art. 15.2: approved by the head; list_review_due, Art. 22.2 */
		if (classify_list_approve(r->app->calendar, list.state, r->effective_date, &next,
		                          e) != 0)
			goto fail;
		doc_set_state(&list, LIST_APPROVED);
		json_object_set_new(list.doc, "approved_on", json_date(r->effective_date));
		json_object_set_new(list.doc, "approved_by", json_string(r->user.id));
	}
	json_object_set_new(list.doc, "next_review_on", json_date(next));
	doc_append(list.doc, "history",
	           json_pack("{s:s, s:O, s:o, s:o, s:s}", "action", review ? "reviewed" : "approved",
	                     "version", json_object_get(list.doc, "version"), "effective_date",
	                     json_date(r->effective_date), "next_review_on", json_date(next), "by",
	                     r->user.id));
	if (store_rec_update(tx, &list, e) != 0)
		goto fail;
	if ((view = list_view(tx, &list, e)) == NULL)
		goto fail;
	if (tx_commit_audited(r, tx, review ? "list.review" : "list.approve", list.id, NULL,
	                      e) != 0) {
		json_decref(view);
		tx = NULL;
		goto fail;
	}
	resp_json(out, 200, view);
	store_rec_clear(&list);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&list);
	return -1;
}

static int
h_list_approve(struct req *r, struct resp *out, struct qerr *e)
{
	return list_decide(r, out, e, false);
}

static int
h_list_review(struct req *r, struct resp *out, struct qerr *e)
{
	return list_decide(r, out, e, true);
}

static int
h_item_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "list_item", NULL, e);
}

/* ---- the list-change cascade (Art. 22.3, 23.1) --------------------------- */

struct cascade {
	struct store_tx *tx;
	const char *item_id;
	json_t *info_ids;        /* affected information ids */
	json_t *carrier_ids;     /* affected carrier ids */
	json_t *review;          /* the flag put on each information item (borrowed) */
	struct qerr *e;
};

/* Every information item classified on the item (not yet declassified) is
 * affected. Collected first, flagged after the walk (no writes while the
 * store iterates). */
static int
cascade_info_cb(void *ctx, const struct store_rec *rec)
{
	struct cascade *c = ctx;

	if (strcmp(rec->state, INFO_CLASSIFIED) == 0)
		json_array_append_new(c->info_ids, json_string(rec->id));
	return 0;
}

/* Flags each affected information item and carrier for review
 * (h_declassify.h): it goes on the deadlines list, due the day of the
 * change (Art. 23.1: declassified before the term "if the provisions of the
 * list ... changed"), until it is declassified, relabelled or reclassified
 * on another item. Nothing else about it changes (its degree, label, state
 * and term stay until a decision on it). */
static int
cascade_flag(struct cascade *c, qdate on)
{
	size_t i;
	json_t *v;

	json_array_foreach(c->info_ids, i, v)
		if (declassify_review_flag(c->tx, "information", json_string_value(v), c->review, on,
		                           "list_changed", c->e) != 0)
			return -1;
	json_array_foreach(c->carrier_ids, i, v)
		if (declassify_review_flag(c->tx, "carrier", json_string_value(v), c->review, on,
		                           "list_changed", c->e) != 0)
			return -1;
	return 0;
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
	if (json_array_append_new(c->carrier_ids, json_string(rec->id)) != 0)
		return qerr_internal(c->e, "cascade: out of memory");
	return 0;
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

/* POST /v1/list-items/{id}/change {degree | removed:true, coordination} */
static int
h_item_change(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec item = {0}, list = {0};
	struct cascade c = {0};
	const char *degree, *ab, *nsc, *kind;
	bool removed;
	char change_id[STORE_ID_MAX];
	json_t *change = NULL, *details = NULL;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (item_load(tx, r->params[0], &item, &list, e) != 0 ||
	    req_org_scope(r, list.org_id, e) != 0 || req_json(r, change_fields, e) != 0 ||
	    coordination_parse(r->json, &ab, &nsc, e) != 0)
		goto fail;
	degree = jsonv_str(r->json, "degree");
	removed = jsonv_bool(r->json, "removed", false);
	if (degree == NULL && !removed) {
		qerr_input(e, "missing_field", "degree");
		qerr_detail(e, "give degree or removed:true");
		goto fail;
	}
	if (degree != NULL && removed) {
		qerr_input(e, "invalid_value", "removed");
		qerr_detail(e, "give degree or removed:true, not both");
		goto fail;
	}
	if (degree != NULL && strcmp(degree, jsonv_str(item.doc, "degree")) == 0) {
		qerr_input(e, "invalid_value", "degree");
		qerr_detail(e, "the item already has this degree");
		goto fail;
	}
	if (classify_item_change_state(item.state, e) != 0 ||
	    classify_list_change_check(list.state, ab, nsc, e) != 0)   /* Art. 22.3 */
		goto fail;

	kind = removed ? "removed" : "degree_changed";
	store_id_new("chg", change_id);
	c.tx = tx;
	c.e = e;
	c.item_id = item.id;
	c.info_ids = json_array();
	c.carrier_ids = json_array();
	c.review = json_pack("{s:s, s:s, s:s, s:o}", "change_id", change_id, "list_item_id",
	                     item.id, "kind", kind, "effective_date", json_date(r->effective_date));
	{
		struct store_query qi = {.kind = "information", .org_id = list.org_id,
		                         .parent_id = item.id};

		if (store_rec_walk(tx, &qi, cascade_info_cb, &c, e) != 0 ||
		    cascade_carriers(&c, e) != 0 ||
		    cascade_flag(&c, r->effective_date) != 0)
			goto fail;
	}
	change = json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:s, s:o, s:I, s:{s:O, s:O}}", "id",
	                   change_id, "kind", kind, "from_degree", jsonv_str(item.doc, "degree"),
	                   "to_degree", degree, "effective_date", json_date(r->effective_date), "by",
	                   r->user.id, "coordination", coordination_json(ab, nsc), "list_version",
	                   json_integer_value(json_object_get(list.doc, "version")) +
	                           (strcmp(list.state, LIST_APPROVED) == 0 ? 1 : 0),
	                   "affected", "information", c.info_ids, "carriers", c.carrier_ids);
	if (change == NULL) {
		qerr_internal(e, "change doc");
		goto fail;
	}
	doc_append(item.doc, "changes", json_incref(change));
	if (removed) {
		doc_set_state(&item, ITEM_REMOVED);
		json_object_set_new(item.doc, "removed_on", json_date(r->effective_date));
	} else {
		json_object_set_new(item.doc, "degree", json_string(degree));
	}
	if (store_rec_update(tx, &item, e) != 0)
		goto fail;
	if (strcmp(list.state, LIST_APPROVED) == 0) {
		list_bump(&list, kind, item.id, change_id, r->effective_date, r->user.id);
		if (store_rec_update(tx, &list, e) != 0)
			goto fail;
	}
	details = json_pack("{s:s, s:s, s:I, s:I}", "change_id", change_id, "kind", kind,
	                    "information", (json_int_t)json_array_size(c.info_ids), "carriers",
	                    (json_int_t)json_array_size(c.carrier_ids));
	if (tx_commit_audited(r, tx, "list_item.change", item.id, details, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 200,
	          json_pack("{s:{s:O, s:O}, s:s, s:O, s:O}", "affected", "information", c.info_ids,
	                    "carriers", c.carrier_ids, "change_id", change_id, "change", change,
	                    "item", item.doc));
	json_decref(details);
	json_decref(change);
	json_decref(c.review);
	json_decref(c.info_ids);
	json_decref(c.carrier_ids);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return 0;
fail:
	store_rollback(tx);
	json_decref(details);
	json_decref(change);
	json_decref(c.review);
	json_decref(c.info_ids);
	json_decref(c.carrier_ids);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return -1;
}

/* ---- information items (Art. 15-20) ------------------------------------- */

/* The topics of the body as a C array (borrowed strings). */
static size_t
topics_array(const json_t *body, const char *out[CLS_TOPICS_MAX])
{
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(json_object_get(body, "topics"), i, v)
		if (n < CLS_TOPICS_MAX)
			out[n++] = json_string_value(v);
	return n;
}

static int
h_info_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, item = {0}, list = {0}, rec = {0};
	struct classify_basis b = {0};
	const char *org_id, *item_id, *topics[CLS_TOPICS_MAX];
	size_t ntopics;
	bool preliminary;
	qdate classified_on, declassify_on;
	enum degree degree;
	json_t *topics_json;

	if (req_json(r, info_fields, e) != 0)
		return -1;
	org_id = jsonv_str(r->json, "org_id");
	item_id = jsonv_str(r->json, "list_item_id");
	preliminary = jsonv_bool(r->json, "preliminary", false);
	degree = degree_parse(jsonv_str(r->json, "degree"));
	classified_on = jsonv_date(r->json, "classified_on");
	declassify_on = jsonv_date(r->json, "declassify_on");
	ntopics = topics_array(r->json, topics);
	if (req_org_scope(r, org_id, e) != 0)
		return -1;
	if (preliminary && item_id != NULL) {
		qerr_input(e, "invalid_value", "preliminary");
		qerr_detail(e, "a preliminary classification cites no list item");
		return -1;
	}
	if (classified_on > r->today)
		return qerr_input(e, "date_in_future", "classified_on");
	if (declassify_on <= classified_on) {
		qerr_input(e, "invalid_value", "declassify_on");
		qerr_detail(e, "declassify_on must be after classified_on");
		return -1;
	}
	if (classify_topics_valid(topics, ntopics, e) != 0)
		return -1;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "org", org_id, &org, "org_id", e) != 0 ||
	    org_must_be_active(tx, org.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto fail;
	if (item_id != NULL && item_load(tx, item_id, &item, &list, e) != 0) {
		q_strlcpy(e->field, "list_item_id", sizeof e->field);
		goto fail;
	}
	/* The rules, in the order of SPEC.md §3. */
	if (ops_classifier_check(tx, org.id, r->user.person_id, e) != 0)    /* Art. 5.4, 15.1 */
		goto fail;
	/* Art. 17, with the exceptions of 17.1.8, 17.1.9 and 17.1.11 that
	 * depend on the cited item's statutory basis. */
	if (classify_topics_check(topics, ntopics, item_id != NULL ? jsonv_str(item.doc, "basis")
	                                                           : NULL, e) != 0)
		goto fail;
	b.preliminary = preliminary;
	b.info_org_id = org.id;
	b.on = classified_on;
	if (item_id != NULL)
		classify_ops_basis_of(&b, &item, &list, org.id);
	if (classify_basis_check(&b, e) != 0)                        /* Art. 20.1 */
		goto fail;
	if (!preliminary &&                                           /* Art. 15.2, 18.1 */
	    classify_degree_check(degree, degree_parse(jsonv_str(item.doc, "degree")), e) != 0)
		goto fail;
	if (classify_term_check(classified_on, declassify_on, e) != 0)   /* Art. 20.3 */
		goto fail;

	q_strlcpy(rec.kind, "information", sizeof rec.kind);
	store_id_new("info", rec.id);
	q_strlcpy(rec.org_id, org.id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, preliminary ? "" : item.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, preliminary ? INFO_PRELIMINARY : INFO_CLASSIFIED, sizeof rec.state);
	topics_json = json_object_get(r->json, "topics");
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:s?, s:s?, s:s?,"
	                    " s:s, s:s, s:o, s:n, s:n, s:b}",
	                    "id", rec.id, "title", jsonv_str(r->json, "title"), "org_id", org.id,
	                    "degree", degree_name(degree), "topics",
	                    topics_json ? json_deep_copy(topics_json) : json_array(),
	                    "classified_on", json_date(classified_on), "declassify_on",
	                    json_date(declassify_on), "state", rec.state, "preliminary",
	                    preliminary, "list_item_id", preliminary ? NULL : item.id, "list_id",
	                    preliminary ? NULL : list.id, "basis",
	                    preliminary ? NULL : jsonv_str(item.doc, "basis"), "classified_by",
	                    r->user.id, "classifier_person_id", r->user.person_id,
	                    "registered_on", json_date(r->effective_date), "proposal_on",
	                    "decision", "review_required", false);
	if (rec.doc == NULL) {
		qerr_internal(e, "information doc");
		goto fail;
	}
	/* Classified on an item in force then but removed since (Art. 20.1
	 * allows it): the removal's cascade (Art. 22.3, 23.1) has run, so the
	 * new item is flagged for review as the cascade would have flagged it. */
	if (!preliminary && strcmp(item.state, ITEM_REMOVED) == 0 &&
	    (json_object_set_new(rec.doc, "review_required", json_true()) != 0 ||
	     json_object_set_new(rec.doc, "review_due_on", json_date(r->effective_date)) != 0 ||
	     json_object_set_new(rec.doc, "review_reason", json_string("list_changed")) != 0 ||
	     json_object_set_new(rec.doc, "reviews",
	                         json_pack("[{s:s, s:s, s:o}]", "list_item_id", item.id, "kind",
	                                   "removed", "effective_date",
	                                   json_date(r->effective_date))) != 0)) {
		qerr_internal(e, "information review flag");
		goto fail;
	}
	/* Art. 15: the disposing body, which custody never changes. */
	json_object_set_new(rec.doc, "disposing_org_id", json_string(org.id));
	if (rec_create_commit(r, out, &tx, &rec, "information.create", NULL, e) != 0)
		goto fail;
	store_rec_clear(&org);
	store_rec_clear(&item);
	store_rec_clear(&list);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&org);
	store_rec_clear(&item);
	store_rec_clear(&list);
	store_rec_clear(&rec);
	return -1;
}

static int
h_info_get(struct req *r, struct resp *out, struct qerr *e)
{
	return scope_get(r, out, "information", NULL, e);
}

static int
h_info_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "information",
	                        .org_id = scoped_org(r, http_query(r, "org_id")),
	                        .parent_id = http_query(r, "list_item_id"),
	                        .state = http_query(r, "state")};

	return list_records(r, out, &q, e);
}

/* POST /v1/information/{id}/proposal: the preliminary classification is
 * proposed to the official who approved the list (Art. 20.2). A late
 * proposal is accepted; the deadlines list shows it (preliminary_overdue). */
static int
h_info_proposal(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "information", &rec, e) != 0 ||
	    req_json(r, empty_fields, e) != 0 ||
	    classify_proposal_check(rec.state, jsonv_date(rec.doc, "classified_on"),
	                            jsonv_date(rec.doc, "proposal_on"), r->effective_date, e) != 0)
		goto fail;
	json_object_set_new(rec.doc, "proposal_on", json_date(r->effective_date));
	json_object_set_new(rec.doc, "proposal_by", json_string(r->user.id));
	if (rec_update_commit(r, out, &tx, &rec, "information.proposal", NULL, e) != 0)
		goto fail;
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	return -1;
}

/* POST /v1/information/{id}/preliminary-decision: the list approver adds
 * the information to the list (it is then classified on that item) or
 * removes the preliminary label (Art. 20.2). */
static int
h_info_decision(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0}, item = {0}, list = {0};
	struct classify_basis b = {0};
	const char *decision, *item_id;
	bool add;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "information", &rec, e) != 0 ||
	    req_json(r, decision_fields, e) != 0)
		goto fail;
	decision = jsonv_str(r->json, "decision");
	item_id = jsonv_str(r->json, "list_item_id");
	add = strcmp(decision, "add_to_list") == 0;
	if (!add && item_id != NULL) {
		qerr_input(e, "invalid_value", "list_item_id");
		qerr_detail(e, "remove_label cites no list item");
		goto fail;
	}
	if (item_id != NULL && item_load(tx, item_id, &item, &list, e) != 0) {
		q_strlcpy(e->field, "list_item_id", sizeof e->field);
		goto fail;
	}
	if (classify_decision_check(rec.state, jsonv_date(rec.doc, "proposal_on"),
	                            r->effective_date, e) != 0)
		goto fail;
	if (add) {
		b.info_org_id = rec.org_id;
		b.on = r->effective_date;   /* classified on the decision's day */
		if (item_id != NULL)
			classify_ops_basis_of(&b, &item, &list, rec.org_id);
		if (classify_basis_check(&b, e) != 0 ||                     /* Art. 20.1 */
		    classify_degree_check(degree_parse(jsonv_str(rec.doc, "degree")),
		                          degree_parse(jsonv_str(item.doc, "degree")), e) != 0)
			goto fail;                                             /* Art. 15.2, 18.1 */
		doc_set_state(&rec, INFO_CLASSIFIED);
		q_strlcpy(rec.parent_id, item.id, sizeof rec.parent_id);
		json_object_set_new(rec.doc, "list_item_id", json_string(item.id));
		json_object_set_new(rec.doc, "list_id", json_string(list.id));
		json_object_set_new(rec.doc, "basis", json_string(jsonv_str(item.doc, "basis")));
	} else {
		doc_set_state(&rec, INFO_DECLASSIFIED);
		json_object_set_new(rec.doc, "label_removed_on", json_date(r->effective_date));
		json_object_set_new(rec.doc, "declassified_on", json_date(r->effective_date));
		json_object_set_new(rec.doc, "declassification_ground", json_string("label_removed"));
	}
	json_object_set_new(rec.doc, "decision",
	                    json_pack("{s:s, s:o, s:s, s:s?}", "decision", decision,
	                              "effective_date", json_date(r->effective_date), "by",
	                              r->user.id, "list_item_id", add ? item.id : NULL));
	if (rec_update_commit(r, out, &tx, &rec, "information.preliminary_decision", NULL, e) != 0)
		goto fail;
	store_rec_clear(&rec);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	store_rec_clear(&item);
	store_rec_clear(&list);
	return -1;
}

const struct route h_classify_routes[] = {
	{"POST", "/v1/classifiers", ROLE_ADMIN, 0, h_classifier_create},
	{"GET", "/v1/classifiers", CLS_READERS | ROLE_ADMIN, 0, h_classifier_list},
	{"POST", "/v1/lists", ROLE_SECURITY_OFFICER, 0, h_list_create},
	{"GET", "/v1/lists", CLS_READERS, 0, h_list_list},
	{"GET", "/v1/lists/{}", CLS_READERS, 0, h_list_get},
	{"POST", "/v1/lists/{}/items", ROLE_SECURITY_OFFICER, 0, h_item_create},
	{"POST", "/v1/lists/{}/approve", ROLE_HEAD, 0, h_list_approve},
	{"POST", "/v1/lists/{}/review", ROLE_HEAD, 0, h_list_review},
	{"GET", "/v1/list-items/{}", CLS_READERS, 0, h_item_get},
	{"POST", "/v1/list-items/{}/change", ROLE_HEAD, 0, h_item_change},
	{"POST", "/v1/information", ROLE_CLASSIFIER, 0, h_info_create},
	{"GET", "/v1/information", CLS_READERS, 0, h_info_list},
	{"GET", "/v1/information/{}", CLS_READERS, 0, h_info_get},
	{"POST", "/v1/information/{}/proposal", ROLE_SECURITY_OFFICER, 0, h_info_proposal},
	{"POST", "/v1/information/{}/preliminary-decision", ROLE_HEAD, 0, h_info_decision},
	{NULL, NULL, 0, 0, NULL},
};
