/*
 * h_classify.c — classifiers, departmental lists and their items,
 * information items (Law "On State Secrets", Art. 5.4, 15-22; SPEC.md §3
 * "Classification"; API.md "Classification").
 *
 * The procedures are src/ops (classifiers ops/classify.c; lists, items,
 * information items and the list-change cascade ops/lists.c, where the
 * records are described); each handler decodes the body into their
 * arguments (400 after the path's 404 and 403, SPEC.md §5), calls, and
 * answers the document returned. A 422 is recorded by ops_refuse with its
 * code, so an attempt to classify an Art. 17.1 topic stays on the record
 * (Art. 17.2). The statutory catalogue (Art. 11-14) is the app's: the
 * handler says whether a basis is in it.
 *
 * SECURITY: bodies are untrusted and validated by field tables (jsonv.h);
 * ids from paths and bodies are only looked up.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/classify_rec.h"
#include "core/degree.h"
#include "core/roles.h"
#include "http/enc.h"
#include "http/util.h"
#include "ops/classify.h"
#include "ops/docs.h"
#include "ops/items.h"
#include "ops/lists.h"
#include "ops/scope.h"

/* Who may read lists and information items (their metadata). */
#define CLS_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_CLASSIFIER | ROLE_NSC_OFFICER | \
                     ROLE_AUTHORIZED_BODY | ROLE_ARCHIVIST | ROLE_AUDITOR)
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
	{"topics", JF_STRINGS, 0, NULL, 0, OPS_TOPICS_MAX},
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
coordination_parse(const json_t *body, struct ops_coordination *k, struct qerr *e)
{
	json_t *c = json_object_get(body, "coordination");

	k->authorized_body_ref = k->nsc_ref = NULL;
	if (c == NULL || json_is_null(c))
		return 0;
	if (jsonv_check(c, coordination_fields, "coordination", e) != 0)
		return -1;
	k->authorized_body_ref = jsonv_str(c, "authorized_body_ref");
	k->nsc_ref = jsonv_str(c, "nsc_ref");
	return 0;
}

/* req_json_on for a list (item false) or list item the path names: a bad
 * body of an unknown or foreign one answers 404 or 403 (SPEC.md §5). */
static int
list_exists(const struct ops_ctx *c, const char *id, struct qerr *e)
{
	return ops_list_exists_scoped(c, false, id, e);
}

static int
item_exists(const struct ops_ctx *c, const char *id, struct qerr *e)
{
	return ops_list_exists_scoped(c, true, id, e);
}

static int
req_json_list(struct req *r, const struct jfield *fields, bool item, struct ops_ctx *c,
              struct qerr *e)
{
	return req_json_at(r, fields, item ? item_exists : list_exists, c, e);
}

/* The body of a change of the list (item false) or list item the path
 * names, with its
 * coordination: when either is bad, an unknown or foreign record comes
 * first (404, 403; SPEC.md §5). */
static int
change_body(struct req *r, const struct jfield *fields, bool item, struct ops_ctx *c,
            struct ops_coordination *k, struct qerr *e)
{
	struct qerr ne = {0};

	if (req_json_list(r, fields, item, c, e) != 0)
		return -1;
	if (coordination_parse(r->json, k, e) != 0) {
		if (ops_list_exists_scoped(c, item, r->params[0], &ne) != 0 &&
		    (ne.status == QERR_NOT_FOUND || ne.status == QERR_FORBIDDEN))
			*e = ne;
		return -1;
	}
	return 0;
}

/* Answers the document a procedure returned. */
static int
answer(struct resp *out, int status, json_t *doc)
{
	resp_json(out, status, doc);
	return 0;
}

/* ---- lists and items as the API shows them ----------------------------- */

/* The coordination as recorded: both references, or null. */
static json_t *
coordination_json(const char *abr, const char *nsc)
{
	if (abr == NULL || nsc == NULL)
		return json_null();
	return json_pack("{s:s, s:s}", "authorized_body_ref", abr, "nsc_ref", nsc);
}

static json_t *
ids_json(const char (*ids)[STORE_ID_MAX], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(ids[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static const char *
opt(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

static json_t *
change_json(const struct list_change_view *v)
{
	const struct list_change_rec *c = &v->c;

	return json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:s?, s:o, s:I, s:{s:o, s:o}}", "id",
	                 c->h.id, "kind", list_change_kind_names[c->kind], "from_degree",
	                 degree_name((enum degree)c->from_degree), "to_degree",
	                 degree_name((enum degree)c->to_degree), "effective_date",
	                 json_date(c->effective_date), "by", opt(c->by), "coordination",
	                 coordination_json(c->coord_authorized_body_ref, c->coord_nsc_ref),
	                 "list_version", (json_int_t)c->list_version, "affected", "information",
	                 ids_json(v->info_ids, v->ninfo), "carriers",
	                 ids_json(v->carrier_ids, v->ncarriers));
}

static json_t *
item_json(const struct list_item_view *v)
{
	const struct list_item_rec *it = &v->item;
	json_t *changes = json_array(), *o;

	for (size_t i = 0; changes != NULL && i < v->nchanges; i++)
		if (json_array_append_new(changes, change_json(&v->changes[i])) != 0) {
			json_decref(changes);
			changes = NULL;
		}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:o, s:o, s:s?, s:I, s:o}", "id",
	              it->h.id, "list_id", it->list_id, "org_id", it->org_id, "code", it->code,
	              "text", it->text != NULL ? it->text : "", "degree",
	              degree_name((enum degree)it->degree), "basis", it->basis, "state",
	              list_item_state_names[it->state], "coordination",
	              coordination_json(it->coord_authorized_body_ref, it->coord_nsc_ref),
	              "added_on", json_date(it->added_on), "added_by", opt(it->added_by),
	              "list_version", (json_int_t)it->list_version, "changes", changes);
	if (o != NULL && it->removed_on != QDATE_NONE &&
	    json_object_set_new(o, "removed_on", json_date(it->removed_on)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A history entry: approved / reviewed with next_review_on; a change of
 * the approved list with the item (and the change, when one). */
static json_t *
history_json(const struct list_history_rec *h)
{
	if (strcmp(h->action, "approved") == 0 || strcmp(h->action, "reviewed") == 0)
		return json_pack("{s:s, s:I, s:o, s:o, s:s?}", "action", h->action, "version",
		                 (json_int_t)h->list_version, "effective_date",
		                 json_date(h->effective_date), "next_review_on",
		                 json_date(h->next_review_on), "by", opt(h->by));
	return json_pack("{s:s, s:I, s:s?, s:s?, s:o, s:s?}", "action", h->action, "version",
	                 (json_int_t)h->list_version, "item_id", opt(h->item_id), "change_id",
	                 opt(h->change_id), "effective_date", json_date(h->effective_date), "by",
	                 opt(h->by));
}

static json_t *
list_json(const struct list_view *v)
{
	const struct list_rec *l = &v->list;
	json_t *history = json_array(), *items = v->with_items ? json_array() : NULL, *o;

	for (size_t i = 0; history != NULL && i < v->nhistory; i++)
		if (json_array_append_new(history, history_json(&v->history[i])) != 0) {
			json_decref(history);
			history = NULL;
		}
	for (size_t i = 0; items != NULL && i < v->nitems; i++)
		if (json_array_append_new(items, item_json(&v->items[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	if (v->with_items && items == NULL) {
		json_decref(history);
		return NULL;
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:s?, s:o}", "id", l->h.id,
	              "org_id", l->org_id, "title", l->title != NULL ? l->title : "", "state",
	              list_state_names[l->state], "version", (json_int_t)l->list_version,
	              "approved_on", json_date(l->approved_on), "next_review_on",
	              json_date(l->next_review_on), "reviewed_on", json_date(l->reviewed_on),
	              "created_on", json_date(l->created_on), "created_by", opt(l->created_by),
	              "history", history);
	if (o != NULL &&
	    ((l->approved_by[0] != '\0' &&
	      json_object_set_new(o, "approved_by", json_string(l->approved_by)) != 0) ||
	     (items != NULL && json_object_set_new(o, "items", items) != 0))) {
		json_decref(o);
		return NULL;
	}
	if (o == NULL)
		json_decref(items);
	return o;
}

/* Answers a list view (freed here). */
static int
answer_list(struct resp *out, int status, struct list_view *v, struct qerr *e)
{
	json_t *j = list_json(v);

	list_view_free(v);
	if (j == NULL)
		return qerr_internal(e, "list: out of memory");
	resp_json(out, status, j);
	return 0;
}

/* Answers an item view (freed here). */
static int
answer_item(struct resp *out, int status, struct list_item_view *v, struct qerr *e)
{
	json_t *j = item_json(v);

	list_item_view_free(v);
	if (j == NULL)
		return qerr_internal(e, "list item: out of memory");
	resp_json(out, status, j);
	return 0;
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
	struct ops_ctx c;
	struct ops_list_args a;
	struct list_view v;

	if (req_json(r, list_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.org_id = jsonv_str(r->json, "org_id");
	a.title = jsonv_str(r->json, "title");
	if (ops_list_create(&c, &a, &v, e) != 0)
		return -1;
	return answer_list(out, 201, &v, e);
}

static int
h_list_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_view v;
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = ops_list_get(tx, r->params[0], true, &v, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	if (req_org_scope(r, v.list.org_id, e) != 0) {
		list_view_free(&v);
		return -1;
	}
	return answer_list(out, 200, &v, e);
}

static int
h_list_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct ops_list_page p;
	json_t *items, *body;
	int64_t after;
	int limit, rc;

	if (req_page(r, &after, &limit, e) != 0 || tx_read(r, &tx, e) != 0)
		return -1;
	rc = ops_list_page(tx, scoped_org(r, http_query(r, "org_id")), http_query(r, "state"),
	                   after, limit, &p, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	items = json_array();
	for (size_t i = 0; items != NULL && i < p.n; i++)
		if (json_array_append_new(items, list_json(&p.v[i])) != 0) {
			json_decref(items);
			items = NULL;
		}
	body = items != NULL ? page_json(items, p.last, p.more) : NULL;
	ops_list_page_free(&p);
	if (body == NULL)
		return qerr_internal(e, "lists: out of memory");
	resp_json(out, 200, body);
	return 0;
}

/* POST /v1/lists/{id}/items: an item of a draft list, or an addition to an
 * approved list with coordination (Art. 22.3). */
static int
h_item_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_list_item_args a = {.list_id = r->params[0]};
	struct list_item_view v;

	if (change_body(r, item_fields, false, &c, &a.coordination, e) != 0)
		return -1;
	a.code = jsonv_str(r->json, "code");
	a.text = jsonv_str(r->json, "text");
	a.degree = degree_parse(jsonv_str(r->json, "degree"));
	a.basis = jsonv_str(r->json, "basis");
	a.basis_known = catalog_has_item(r->app->catalog, a.basis);
	if (ops_list_item_add(&c, &a, &v, e) != 0)
		return -1;
	return answer_item(out, 201, &v, e);
}

/* approve (draft -> approved) and review (approved, new next_review_on). */
static int
list_decide(struct req *r, struct resp *out, struct qerr *e,
            int (*step)(const struct ops_ctx *, const char *, struct list_view *,
                        struct qerr *))
{
	struct ops_ctx c;
	struct list_view v;

	if (req_json_list(r, empty_fields, false, &c, e) != 0 ||
	    step(&c, r->params[0], &v, e) != 0)
		return -1;
	return answer_list(out, 200, &v, e);
}

static int
h_list_approve(struct req *r, struct resp *out, struct qerr *e)
{
	return list_decide(r, out, e, ops_list_approve);
}

static int
h_list_review(struct req *r, struct resp *out, struct qerr *e)
{
	return list_decide(r, out, e, ops_list_review);
}

static int
h_item_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_item_view v;
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = ops_list_item_get(tx, r->params[0], &v, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	if (req_org_scope(r, v.item.org_id, e) != 0) {
		list_item_view_free(&v);
		return -1;
	}
	return answer_item(out, 200, &v, e);
}

/* POST /v1/list-items/{id}/change {degree | removed:true, coordination}:
 * the cascade (Art. 22.3, 23.1) is ops_list_item_change's; the answer is
 * {affected: {information, carriers}, change_id, change, item}. */
static int
h_item_change(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_list_item_change_args a = {.item_id = r->params[0]};
	struct list_item_view v;
	const struct list_change_view *ch;
	json_t *j = NULL;

	if (change_body(r, change_fields, true, &c, &a.coordination, e) != 0)
		return -1;
	a.degree = degree_parse(jsonv_str(r->json, "degree"));
	a.removed = jsonv_bool(r->json, "removed", false);
	if (ops_list_item_change(&c, &a, &v, e) != 0)
		return -1;
	if (v.nchanges > 0) {
		ch = &v.changes[v.nchanges - 1];
		j = json_pack("{s:{s:o, s:o}, s:s, s:o, s:o}", "affected", "information",
		              ids_json(ch->info_ids, ch->ninfo), "carriers",
		              ids_json(ch->carrier_ids, ch->ncarriers), "change_id", ch->c.h.id,
		              "change", change_json(ch), "item", item_json(&v));
	}
	list_item_view_free(&v);
	if (j == NULL)
		return qerr_internal(e, "change: out of memory");
	resp_json(out, 200, j);
	return 0;
}

/* ---- information items (Art. 15-20) ------------------------------------- */

/* The item r (released here) as the API shows it, status. */
static int
answer_info(struct resp *out, int status, struct info_rec *r, struct qerr *e)
{
	json_t *doc = enc_info(r, e);

	info_rec_free(r);
	if (doc == NULL)
		return -1;
	return answer(out, status, doc);
}

/* The topics of the body as a C array (borrowed strings). */
static size_t
topics_array(const json_t *body, const char *out[OPS_TOPICS_MAX])
{
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(json_object_get(body, "topics"), i, v)
		if (n < OPS_TOPICS_MAX)
			out[n++] = json_string_value(v);
	return n;
}

static int
h_info_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_info_args a;
	const char *topics[OPS_TOPICS_MAX];
	struct info_rec doc;

	if (req_json(r, info_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.title = jsonv_str(r->json, "title");
	a.org_id = jsonv_str(r->json, "org_id");
	a.list_item_id = jsonv_str(r->json, "list_item_id");
	a.preliminary = jsonv_bool(r->json, "preliminary", false);
	a.degree = degree_parse(jsonv_str(r->json, "degree"));
	a.ntopics = topics_array(r->json, topics);
	a.topics = topics;
	a.classified_on = jsonv_date(r->json, "classified_on");
	a.declassify_on = jsonv_date(r->json, "declassify_on");
	if (ops_info_classify(&c, &a, &doc, e) != 0)
		return -1;
	return answer_info(out, 201, &doc, e);
}

/* GET /v1/information/{id}: 404 unless the caller sees it (ops/scope.h). */
static int
h_info_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct info_rec rec;
	bool seen = false;
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = ops_info_load(tx, r->params[0], &rec, NULL, e);
	if (rc == 0 &&
	    ((rc = ops_scope_info_sees(tx, &rec, r->user.org_id, r->cross_org, &seen, e)) != 0 ||
	     !seen)) {
		if (rc == 0)
			rc = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
		info_rec_free(&rec);
	}
	store_rollback(tx);
	if (rc != 0)
		return -1;
	return answer_info(out, 200, &rec, e);
}

struct info_query {
	const char *org_id, *state, *list_item_id;
};

static int64_t
info_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
          int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct info_query *iq = q;

	return ops_info_page(tx, iq->org_id, iq->state, iq->list_item_id, after_seq, limit, fn,
	                       ctx, e);
}

static json_t *
info_enc(const void *row)
{
	struct qerr e = {0};

	return enc_info(row, &e);
}

static int
h_info_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct info_query q = {scoped_org(r, http_query(r, "org_id")), http_query(r, "state"),
	                       http_query(r, "list_item_id")};

	return list_rows(r, out, info_each, &q, info_enc, e);
}

/* POST /v1/information/{id}/proposal (Art. 20.2) */
static int
h_info_proposal(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct info_rec doc;

	if (req_json_on(r, empty_fields, "information", &c, e) != 0 ||
	    ops_info_proposal(&c, r->params[0], &doc, e) != 0)
		return -1;
	return answer_info(out, 200, &doc, e);
}

/* POST /v1/information/{id}/preliminary-decision: the list approver adds
 * the information to the list (it is then classified on that item) or
 * removes the preliminary label (Art. 20.2). */
static int
h_info_decision(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_info_decision_args a = {.info_id = r->params[0]};
	struct info_rec doc;

	if (req_json_on(r, decision_fields, "information", &c, e) != 0)
		return -1;
	a.add = strcmp(jsonv_str(r->json, "decision"), "add_to_list") == 0;
	a.list_item_id = jsonv_str(r->json, "list_item_id");
	if (ops_info_preliminary_decision(&c, &a, &doc, e) != 0)
		return -1;
	return answer_info(out, 200, &doc, e);
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
