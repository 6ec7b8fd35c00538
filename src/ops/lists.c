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
#include "ops/items.h"
#include "ops/orgs.h"
#include "store/tables_carriers.h"
#include "store/tables_classify.h"
#include "store/tables_items.h"

/* ---- shared -------------------------------------------------------------- */

/* A heap copy of s (NULL stays NULL); -1 on out of memory. */
static int
dup_opt(const char *s, char **out)
{
	*out = NULL;
	if (s == NULL)
		return 0;
	return (*out = strdup(s)) == NULL ? -1 : 0;
}

/* A growing array of ids. */
struct idvec {
	char (*v)[STORE_ID_MAX];
	size_t n, cap;
};

static int
idvec_push(struct idvec *a, const char *id, struct qerr *e)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		void *p = realloc(a->v, cap * sizeof *a->v);

		if (p == NULL)
			return qerr_internal(e, "ids: out of memory");
		a->v = p;
		a->cap = cap;
	}
	q_strlcpy(a->v[a->n++], id, STORE_ID_MAX);
	return 0;
}

/* Rows of a child table collected into a growing array of structs. */
struct rows {
	void *v;
	size_t n, cap, size;
	struct qerr *e;
};

static int
rows_cb(void *ctx, const void *row)
{
	struct rows *r = ctx;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		void *p = realloc(r->v, cap * r->size);

		if (p == NULL)
			return qerr_internal(r->e, "list: out of memory");
		r->v = p;
		r->cap = cap;
	}
	/* The row's heap strings move to the array: copied whole, then the
	 * store's row (a buffer of store_row_list, written by it) is zeroed, so
	 * that the store_row_free() after this call frees nothing. */
	memcpy((char *)r->v + r->n++ * r->size, row, r->size);
	memset((void *)row, 0, r->size);
	return 0;
}

/* Every row of t whose col is id, in seq order, into *out (n rows). The
 * rows own their strings (struct rows takes them). */
static int
rows_load(struct store_tx *tx, const struct store_table *t, const char *col, const char *id,
          void **out, size_t *n, struct qerr *e)
{
	struct store_where w = STORE_W_STR(col, id);
	struct rows r = {.size = t->row_size, .e = e};

	*out = NULL;
	*n = 0;
	if (store_row_list(tx, t, &w, 1, 0, 0, rows_cb, &r, e) < 0) {
		for (size_t i = 0; i < r.n; i++)
			store_row_free(t, (char *)r.v + i * r.size);
		free(r.v);
		return -1;
	}
	*out = r.v;
	*n = r.n;
	return 0;
}

/* The n rows of t (rows_load's array, consumed: freed here) as the heads
 * of n new views of vsize bytes each (a view starts with its row: struct
 * list_item_view, struct list_change_view), into *out (NULL when n is 0). */
static int
views_of(const struct store_table *t, void *rows, size_t n, size_t vsize, void **out,
         struct qerr *e)
{
	char *v = NULL;

	*out = NULL;
	if (n > 0 && (v = calloc(n, vsize)) == NULL) {
		for (size_t i = 0; i < n; i++)
			store_row_free(t, (char *)rows + i * t->row_size);
		free(rows);
		return qerr_internal(e, "list: out of memory");
	}
	for (size_t i = 0; i < n; i++)
		memcpy(v + i * vsize, (char *)rows + i * t->row_size, t->row_size);
	free(rows);
	*out = v;
	return 0;
}

int
ops_list_load(struct store_tx *tx, const char *id, struct list_rec *out, const char *field,
              struct qerr *e)
{
	if (store_row_get(tx, &store_list_table, id != NULL ? id : "", out, e) == 0)
		return 0;
	if (e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_list_item_load(struct store_tx *tx, const char *id, struct list_item_rec *item,
                   struct list_rec *list, const char *field, struct qerr *e)
{
	memset(list, 0, sizeof *list);
	if (store_row_get(tx, &store_list_item_table, id != NULL ? id : "", item, e) != 0) {
		if (e->status == QERR_NOT_FOUND && field != NULL)
			q_strlcpy(e->field, field, sizeof e->field);
		return -1;
	}
	if (store_row_get(tx, &store_list_table, item->list_id, list, e) != 0) {
		list_item_rec_free(item);
		return qerr_internal(e, "list item without its list");
	}
	return 0;
}

/* The list id, scoped: 404, then 403 forbidden_org. */
static int
list_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                 struct list_rec *out, struct qerr *e)
{
	if (ops_list_load(tx, id, out, NULL, e) != 0)
		return -1;
	if (ops_scope(c, out->org_id, e) != 0) {
		list_rec_free(out);
		return -1;
	}
	return 0;
}

int
ops_list_exists_scoped(const struct ops_ctx *c, bool item, const char *id, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_item_rec it = {0};
	struct list_rec l = {0};
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = item ? ops_list_item_load(tx, id, &it, &l, NULL, e) : ops_list_load(tx, id, &l, NULL, e);
	if (rc == 0)
		rc = ops_scope(c, l.org_id, e);
	store_rollback(tx);
	list_item_rec_free(&it);
	list_rec_free(&l);
	return rc;
}

/* The changes of an item with the objects each flagged. */
static int
changes_load(struct store_tx *tx, struct list_item_view *v, struct qerr *e)
{
	void *rows;
	size_t n;

	if (rows_load(tx, &store_list_change_table, "item_id", v->item.h.id, &rows, &n, e) != 0 ||
	    views_of(&store_list_change_table, rows, n, sizeof *v->changes, &rows, e) != 0)
		return -1;
	v->changes = rows;
	v->nchanges = n;
	for (size_t i = 0; i < n; i++) {
		struct list_change_view *c = &v->changes[i];
		struct list_affected_rec *a;
		size_t na, ni = 0, nc = 0;

		if (rows_load(tx, &store_list_affected_table, "change_id", c->c.h.id, &rows, &na,
		              e) != 0)
			return -1;
		a = rows;
		for (size_t k = 0; k < na; k++)
			a[k].kind == AFFECTED_CARRIER ? nc++ : ni++;
		c->info_ids = ni ? calloc(ni, sizeof *c->info_ids) : NULL;
		c->carrier_ids = nc ? calloc(nc, sizeof *c->carrier_ids) : NULL;
		if ((ni && c->info_ids == NULL) || (nc && c->carrier_ids == NULL)) {
			free(rows);
			return qerr_internal(e, "list item: out of memory");
		}
		for (size_t k = 0; k < na; k++)
			if (a[k].kind == AFFECTED_CARRIER)
				q_strlcpy(c->carrier_ids[c->ncarriers++], a[k].object_id, STORE_ID_MAX);
			else
				q_strlcpy(c->info_ids[c->ninfo++], a[k].object_id, STORE_ID_MAX);
		free(rows);
	}
	return 0;
}

int
ops_list_item_get(struct store_tx *tx, const char *id, struct list_item_view *out,
                  struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_list_item_table, id != NULL ? id : "", &out->item, e) != 0)
		return -1;
	if (changes_load(tx, out, e) != 0) {
		list_item_view_free(out);
		return -1;
	}
	return 0;
}

/* The history (and, with_items, the items) of out->list, loaded. */
static int
view_fill(struct store_tx *tx, struct list_view *out, bool with_items, struct qerr *e)
{
	void *rows;
	size_t n;

	out->with_items = with_items;
	if (rows_load(tx, &store_list_history_table, "list_id", out->list.h.id, &rows, &n, e) != 0)
		return -1;
	out->history = rows;
	out->nhistory = n;
	if (!with_items)
		return 0;
	if (rows_load(tx, &store_list_item_table, "list_id", out->list.h.id, &rows, &n, e) != 0 ||
	    views_of(&store_list_item_table, rows, n, sizeof *out->items, &rows, e) != 0)
		return -1;
	out->items = rows;
	out->nitems = n;
	for (size_t i = 0; i < n; i++)
		if (changes_load(tx, &out->items[i], e) != 0)
			return -1;
	return 0;
}

int
ops_list_get(struct store_tx *tx, const char *id, bool with_items, struct list_view *out,
             struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (ops_list_load(tx, id, &out->list, NULL, e) != 0)
		return -1;
	if (view_fill(tx, out, with_items, e) != 0) {
		list_view_free(out);
		return -1;
	}
	return 0;
}

/* The conditions of a page of lists. */
static size_t
list_where(struct store_where w[2], const char *org_id, const char *state)
{
	size_t n = 0;

	if (org_id != NULL)
		w[n++] = STORE_W_STR("org_id", org_id);
	if (state != NULL)
		w[n++] = STORE_W_STR("state", state);
	return n;
}

static int
more_cb(void *ctx, const void *row)
{
	(void)row;
	*(bool *)ctx = true;
	return 1;
}

int
ops_list_page(struct store_tx *tx, const char *org_id, const char *state, int64_t after_seq,
              int limit, struct ops_list_page *out, struct qerr *e)
{
	struct store_where w[2];
	size_t nw = list_where(w, org_id, state);
	struct rows r = {.size = sizeof(struct list_rec), .e = e};
	int ask = limit < STORE_PAGE_MAX ? limit + 1 : STORE_PAGE_MAX;

	memset(out, 0, sizeof *out);
	/* One more than asked tells whether a next page exists. */
	if (store_row_list(tx, &store_list_table, w, nw, after_seq, ask, rows_cb, &r, e) < 0)
		goto fail;
	if (r.n > (size_t)limit) {
		out->more = true;
		store_row_free(&store_list_table, (struct list_rec *)r.v + limit);
		r.n = (size_t)limit;
	}
	if (r.n > 0)
		out->last = ((struct list_rec *)r.v)[r.n - 1].h.seq;
	if (!out->more && r.n == STORE_PAGE_MAX &&
	    store_row_list(tx, &store_list_table, w, nw, out->last, 1, more_cb, &out->more, e) < 0)
		goto fail;
	if (r.n > 0 && (out->v = calloc(r.n, sizeof *out->v)) == NULL) {
		qerr_internal(e, "lists: out of memory");
		goto fail;
	}
	for (size_t i = 0; i < r.n; i++)
		out->v[i].list = ((struct list_rec *)r.v)[i];
	out->n = r.n;
	free(r.v);
	for (size_t i = 0; i < out->n; i++)
		if (view_fill(tx, &out->v[i], false, e) != 0) {
			ops_list_page_free(out);
			return -1;
		}
	return 0;
fail:
	for (size_t i = 0; i < r.n; i++)
		store_row_free(&store_list_table, (struct list_rec *)r.v + i);
	free(r.v);
	return -1;
}

void
ops_list_page_free(struct ops_list_page *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		list_view_free(&p->v[i]);
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* Copies the coordination (both references, or neither). */
static int
coordination_copy(const struct ops_coordination *k, char **abr, char **nsc)
{
	*abr = *nsc = NULL;
	if (k->authorized_body_ref == NULL || k->nsc_ref == NULL)
		return 0;
	if (dup_opt(k->authorized_body_ref, abr) != 0 || dup_opt(k->nsc_ref, nsc) != 0) {
		free(*abr);
		*abr = NULL;
		return -1;
	}
	return 0;
}

/* A history row of list (its current version). */
static int
history_add(const struct ops_ctx *c, struct store_tx *tx, const struct list_rec *list,
            const char *action, const char *item_id, const char *change_id, qdate next,
            struct qerr *e)
{
	struct list_history_rec h = {0};

	store_id_new(store_list_history_table.id_prefix, h.h.id);
	q_strlcpy(h.list_id, list->h.id, sizeof h.list_id);
	q_strlcpy(h.action, action, sizeof h.action);
	h.list_version = list->list_version;
	q_strlcpy(h.item_id, item_id != NULL ? item_id : "", sizeof h.item_id);
	q_strlcpy(h.change_id, change_id != NULL ? change_id : "", sizeof h.change_id);
	h.effective_date = c->effective_date;
	h.next_review_on = next;
	q_strlcpy(h.by, c->actor.user_id, sizeof h.by);
	return store_row_insert(tx, &store_list_history_table, &h, e);
}

/* Bumps the list's version for a change of an approved list (Art. 22.3),
 * records it in the list's history and writes the list. */
static int
list_bump(const struct ops_ctx *c, struct store_tx *tx, struct list_rec *list,
          const char *what, const char *item_id, const char *change_id, struct qerr *e)
{
	list->list_version++;
	if (history_add(c, tx, list, what, item_id, change_id, QDATE_NONE, e) != 0)
		return -1;
	return store_row_update(tx, &store_list_table, list, e);
}

/* ---- lists (Art. 15.2, 22.2, 22.3) --------------------------------------- */

int
ops_list_create(const struct ops_ctx *c, const struct ops_list_args *a, struct list_view *out,
                struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec org = {0};
	struct list_rec l = {0};
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_scope(c, a->org_id, e) != 0 || ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    ops_docs_org_active(tx, org.h.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto done;
	store_id_new(store_list_table.id_prefix, l.h.id);
	q_strlcpy(l.org_id, org.h.id, sizeof l.org_id);
	if (dup_opt(a->title ? a->title : "", &l.title) != 0) {
		qerr_internal(e, "list: out of memory");
		goto done;
	}
	l.state = LIST_ST_DRAFT;
	l.list_version = 1;
	l.approved_on = l.next_review_on = l.reviewed_on = QDATE_NONE;
	l.created_on = c->effective_date;
	q_strlcpy(l.created_by, c->actor.user_id, sizeof l.created_by);
	if (store_row_insert(tx, &store_list_table, &l, e) != 0)
		goto done;
	rc = ops_commit(c, tx, "list.create", l.h.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		/* answered with its (empty) items */
		out->list = l;
		out->with_items = true;
		memset(&l, 0, sizeof l);
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "list.create", NULL, e);
	org_rec_free(&org);
	list_rec_free(&l);
	return rc;
}

int
ops_list_item_add(const struct ops_ctx *c, const struct ops_list_item_args *a,
                  struct list_item_view *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_rec list = {0};
	struct list_item_rec it = {0};
	bool approved;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (list_load_scoped(c, tx, a->list_id, &list, e) != 0)
		goto done;
	/* Art. 15.2: lists are developed "on the basis of Articles 11, 12, 13
	 * and 14": the basis is an item of the statutory catalogue. */
	if (!a->basis_known || a->code == NULL || degree_name(a->degree) == NULL ||
	    strlen(a->code) >= sizeof it.code || strlen(a->basis) >= sizeof it.basis) {
		qerr_input(e, "invalid_value", !a->basis_known ? "basis"
		                               : degree_name(a->degree) == NULL ? "degree" : "code");
		if (!a->basis_known)
			qerr_detail(e, "not an item of Articles 11-14");
		goto done;
	}
	/* list_change_needs_coordination, Art. 22.3 */
	if (classify_list_change_check(list_state_names[list.state],
	                               a->coordination.authorized_body_ref,
	                               a->coordination.nsc_ref, e) != 0)
		goto done;
	approved = list.state == LIST_ST_APPROVED;
	store_id_new(store_list_item_table.id_prefix, it.h.id);
	q_strlcpy(it.list_id, list.h.id, sizeof it.list_id);
	q_strlcpy(it.org_id, list.org_id, sizeof it.org_id);
	/* Codes are unique within a list (UNIQUE (list_id, code)). */
	q_strlcpy(it.code, a->code, sizeof it.code);
	q_strlcpy(it.basis, a->basis, sizeof it.basis);
	it.degree = a->degree;
	it.state = ITEM_ST_ACTIVE;
	it.added_on = c->effective_date;
	it.removed_on = QDATE_NONE;
	q_strlcpy(it.added_by, c->actor.user_id, sizeof it.added_by);
	it.list_version = list.list_version + (approved ? 1 : 0);
	if (dup_opt(a->text ? a->text : "", &it.text) != 0 ||
	    coordination_copy(&a->coordination, &it.coord_authorized_body_ref,
	                      &it.coord_nsc_ref) != 0) {
		qerr_internal(e, "list item: out of memory");
		goto done;
	}
	if (store_row_insert(tx, &store_list_item_table, &it, e) != 0) {
		q_strlcpy(e->field, "code", sizeof e->field);
		if (e->status == QERR_CONFLICT)
			qerr_detail(e, "record insert");   /* as before the typed table */
		goto done;
	}
	if (approved && list_bump(c, tx, &list, "item_added", it.h.id, NULL, e) != 0)
		goto done;
	rc = ops_commit(c, tx, "list_item.create", it.h.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		out->item = it;
		memset(&it, 0, sizeof it);
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "list_item.create", a->list_id, e);
	list_rec_free(&list);
	list_item_rec_free(&it);
	return rc;
}

/* approve (draft -> approved) and review (approved, new next_review_on). */
static int
list_decide(const struct ops_ctx *c, const char *list_id, bool review, struct list_view *out,
            struct qerr *e)
{
	const char *action = review ? "list.review" : "list.approve";
	struct store_tx *tx = NULL;
	struct list_view v = {0};
	struct list_rec *l = &v.list;
	qdate next = QDATE_NONE;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (list_load_scoped(c, tx, list_id, l, e) != 0)
		goto done;
	if (review) {
		/* list_review_due, Art. 22.2 */
		if (classify_list_review(c->cal, list_state_names[l->state], l->approved_on,
		                         c->effective_date, &next, e) != 0)
			goto done;
		l->reviewed_on = c->effective_date;
	} else {
		/* Art. 15.2: approved by the head; list_review_due, Art. 22.2 */
		if (classify_list_approve(c->cal, list_state_names[l->state], c->effective_date,
		                          &next, e) != 0)
			goto done;
		l->state = LIST_ST_APPROVED;
		l->approved_on = c->effective_date;
		q_strlcpy(l->approved_by, c->actor.user_id, sizeof l->approved_by);
	}
	l->next_review_on = next;
	if (history_add(c, tx, l, review ? "reviewed" : "approved", NULL, NULL, next, e) != 0 ||
	    store_row_update(tx, &store_list_table, l, e) != 0 || view_fill(tx, &v, true, e) != 0)
		goto done;
	rc = ops_commit(c, tx, action, l->h.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		*out = v;
		memset(&v, 0, sizeof v);
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, action, list_id, e);
	list_view_free(&v);
	return rc;
}

int
ops_list_approve(const struct ops_ctx *c, const char *list_id, struct list_view *out,
                 struct qerr *e)
{
	return list_decide(c, list_id, false, out, e);
}

int
ops_list_review(const struct ops_ctx *c, const char *list_id, struct list_view *out,
                struct qerr *e)
{
	return list_decide(c, list_id, true, out, e);
}

/* ---- the list-change cascade (Art. 22.3, 23.1) --------------------------- */

/* The day a flag set for `on` is owed: the earliest of on, the day the
 * object already owes (cur) and its term itself, so the index and
 * core/deadlines.c agree on the due date. */
static qdate
review_due(qdate on, qdate cur, qdate term)
{
	if (cur != QDATE_NONE && cur < on)
		on = cur;
	if (term != QDATE_NONE && term < on)
		on = term;
	return on;
}

/* Flags every carrier of f with due[i] set on `on` (review_due); due[i]
 * QDATE_NONE on entry leaves carrier i alone. */
static int
review_flag_carriers(struct store_tx *tx, const struct store_carrier_flags *f, qdate *due,
                     const json_t *entry, qdate on, const char *reason, struct qerr *e)
{
	for (size_t i = 0; i < f->n; i++)
		if (due[i] != QDATE_NONE)
			due[i] = review_due(on, f->v[i].review_due_on, f->v[i].declassify_on);
	return store_carriers_review_flag(tx, f, due, reason, entry, e);
}

int
ops_review_flag(struct store_tx *tx, const char *kind, const char *id, const json_t *entry,
                qdate due_on, const char *reason, struct qerr *e)
{
	struct store_carrier_flags f;
	qdate due = due_on;
	int ret;

	/* an information item is flagged as a struct (ops_info_flag) */
	if (strcmp(kind, "carrier") != 0)
		return qerr_internal(e, "review flag: not a carrier");
	if (store_carrier_flags_get(tx, id, &f, e) != 0)
		return -1;
	ret = review_flag_carriers(tx, &f, &due, entry, due_on, reason, e);
	store_carrier_flags_free(&f);
	return ret;
}

struct cascade {
	struct store_tx *tx;
	struct idvec info;       /* affected information ids */
	struct idvec carriers;   /* affected carrier ids */
	struct store_carrier_flags found;   /* carriers carrying an affected item */
	json_t *review;          /* the flag put on each of them */
	struct info_review ireview;   /* the same, as an item's review */
	struct qerr *e;
};

/* Every information item classified on the item (not yet declassified) is
 * affected. Collected first, flagged after the walk (no writes while the
 * store iterates). */
static int
cascade_info_cb(void *ctx, const void *row)
{
	struct cascade *c = ctx;
	const struct info_rec *r = row;

	if (r->state != INFO_ST_CLASSIFIED)
		return 0;
	return idvec_push(&c->info, r->h.id, c->e);
}

/* The flag on an item the change affects (Art. 23.1). */
static int
cascade_info_flag(struct store_tx *tx, const char *id, const struct info_review *entry,
                  qdate on, struct qerr *e)
{
	struct info_rec r;
	int rc;

	if (ops_info_load(tx, id, &r, NULL, e) != 0)
		return -1;
	rc = ops_info_flag(&r, entry, on, "list_changed", e);
	if (rc == 0)
		rc = store_info_update(tx, &r, e);
	info_rec_free(&r);
	return rc;
}

/* Every carrier that still exists as a classified carrier and carries one
 * of the affected information items (store_carrier_flags_carrying: through
 * the carrier_info index, never a scan of every carrier; only the carrier
 * rows are read), flagged with one set-based write
 * (store_carriers_review_flag): its copies and links are not rewritten. */
static int
cascade_carriers(struct cascade *c, const json_t *entry, qdate on, const char *reason,
                 struct qerr *e)
{
	size_t n = c->info.n;
	const char **ids;
	qdate *due;
	int rc;

	if (n == 0)
		return 0;
	if ((ids = calloc(n, sizeof *ids)) == NULL)
		return qerr_internal(e, "cascade: out of memory");
	for (size_t i = 0; i < n; i++)
		ids[i] = c->info.v[i];
	rc = store_carrier_flags_carrying(c->tx, ids, n, &c->found, e);
	free(ids);
	if (rc != 0 || c->found.n == 0)
		return rc;
	if ((due = calloc(c->found.n, sizeof *due)) == NULL)
		return qerr_internal(e, "cascade: out of memory");
	for (size_t i = 0; rc == 0 && i < c->found.n; i++) {
		const char *st = c->found.v[i].state;

		due[i] = QDATE_NONE;
		if (strcmp(st, "destroyed") == 0 || strcmp(st, "declassified") == 0)
			continue;
		due[i] = on;
		rc = idvec_push(&c->carriers, c->found.v[i].id, e);
	}
	if (rc == 0)
		rc = review_flag_carriers(c->tx, &c->found, due, entry, on, reason, e);
	free(due);
	return rc;
}

/* Flags each affected information item and carrier for review: it goes on
 * the deadlines list, due the day of the change (Art. 23.1: declassified
 * before the term "if the provisions of the list ... changed"), until it is
 * declassified, relabelled or reclassified on another item. Nothing else
 * about it changes (its degree, label, state and term stay until a
 * decision on it). */
static int
cascade_run(struct cascade *c, const struct list_item_rec *item, const struct list_rec *list,
            qdate on, struct qerr *e)
{
	struct qerr we = {0};

	if (ops_info_each(c->tx, list->org_id, NULL, item->h.id, cascade_info_cb, c, &we) != 0) {
		if (!qerr_is_set(e))
			*e = we;
		return -1;
	}
	for (size_t i = 0; i < c->info.n; i++)
		if (cascade_info_flag(c->tx, c->info.v[i], &c->ireview, on, e) != 0)
			return -1;
	return cascade_carriers(c, c->review, on, "list_changed", e);
}

/* The body's checks of a change (400), after the item's 404 and 403. */
static int
change_input(const struct ops_list_item_change_args *a, const struct list_item_rec *item,
             struct qerr *e)
{
	const char *degree = degree_name(a->degree);

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
	if (degree != NULL && (int)a->degree == item->degree) {
		qerr_input(e, "invalid_value", "degree");
		qerr_detail(e, "the item already has this degree");
		return -1;
	}
	return 0;
}

/* The id of the n-th object a change flagged: the change's own random part
 * and n ("laff_<hex>_000012"), so a change's rows lie side by side in the
 * id index (a random id each dirtied a page of it per object: 25 of a
 * 100-carrier cascade's 458 pages at 100,000 carriers, bench_cascade).
 * The ids are not shown; a change id of another shape gets random ones. */
static void
affected_id(const char *change_id, size_t n, char out[STORE_ID_MAX])
{
	const char *rnd = strrchr(change_id, '_');
	int len;

	rnd = rnd != NULL ? rnd + 1 : change_id;
	len = snprintf(out, STORE_ID_MAX, "%s_%s_%06zu", store_list_affected_table.id_prefix, rnd,
	               n);
	if (len < 0 || len >= STORE_ID_MAX || rnd[0] == '\0')
		store_id_new(store_list_affected_table.id_prefix, out);
}

/* The change row and the objects it flagged, in the order found. */
static int
change_insert(struct store_tx *tx, struct list_change_rec *ch, const struct cascade *k,
              struct qerr *e)
{
	const struct idvec *v[2] = {&k->info, &k->carriers};
	size_t n = 0;

	/* the seqs of every row at once (one statement, not one a row) */
	if (store_seq_reserve(tx, (int64_t)(1 + k->info.n + k->carriers.n), e) != 0 ||
	    store_row_insert(tx, &store_list_change_table, ch, e) != 0)
		return -1;
	for (int kind = 0; kind < 2; kind++)
		for (size_t i = 0; i < v[kind]->n; i++) {
			struct list_affected_rec a = {0};

			affected_id(ch->h.id, n++, a.h.id);
			q_strlcpy(a.change_id, ch->h.id, sizeof a.change_id);
			a.kind = kind == 0 ? AFFECTED_INFORMATION : AFFECTED_CARRIER;
			q_strlcpy(a.object_id, v[kind]->v[i], sizeof a.object_id);
			if (store_row_insert(tx, &store_list_affected_table, &a, e) != 0)
				return -1;
		}
	return 0;
}

/* The change applied to the item and its list (all written). */
static int
change_write(const struct ops_ctx *c, struct store_tx *tx,
             const struct ops_list_item_change_args *a, struct list_item_rec *item,
             struct list_rec *list, struct list_change_rec *ch, const struct cascade *k,
             struct qerr *e)
{
	if (change_insert(tx, ch, k, e) != 0)
		return -1;
	if (a->removed) {
		item->state = ITEM_ST_REMOVED;
		item->removed_on = c->effective_date;
	} else {
		item->degree = a->degree;
	}
	if (store_row_update(tx, &store_list_item_table, item, e) != 0)
		return -1;
	if (list->state == LIST_ST_APPROVED &&
	    list_bump(c, tx, list, list_change_kind_names[ch->kind], item->h.id, ch->h.id, e) != 0)
		return -1;
	return 0;
}

int
ops_list_item_change(const struct ops_ctx *c, const struct ops_list_item_change_args *a,
                     struct list_item_view *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_item_rec item = {0};
	struct list_rec list = {0};
	struct list_change_rec ch = {0};
	struct cascade k = {.e = e};
	char on[QDATE_STR_SIZE];
	json_t *details = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_list_item_load(tx, a->item_id, &item, &list, NULL, e) != 0 ||
	    ops_scope(c, list.org_id, e) != 0 || change_input(a, &item, e) != 0 ||
	    classify_item_change_state(list_item_state_names[item.state], e) != 0 ||
	    /* list_change_needs_coordination, Art. 22.3 */
	    classify_list_change_check(list_state_names[list.state],
	                               a->coordination.authorized_body_ref,
	                               a->coordination.nsc_ref, e) != 0)
		goto done;
	store_id_new(store_list_change_table.id_prefix, ch.h.id);
	q_strlcpy(ch.item_id, item.h.id, sizeof ch.item_id);
	ch.kind = a->removed ? CHANGE_REMOVED : CHANGE_DEGREE;
	ch.from_degree = item.degree;
	ch.to_degree = a->removed ? DEGREE_NONE : a->degree;
	ch.effective_date = c->effective_date;
	q_strlcpy(ch.by, c->actor.user_id, sizeof ch.by);
	ch.list_version = list.list_version + (list.state == LIST_ST_APPROVED ? 1 : 0);
	k.tx = tx;
	k.ireview.keys = 1 << INFO_RV_CHANGE_ID | 1 << INFO_RV_LIST_ITEM_ID | 1 << INFO_RV_KIND |
	                 1 << INFO_RV_EFFECTIVE_DATE;
	q_strlcpy(k.ireview.change_id, ch.h.id, sizeof k.ireview.change_id);
	q_strlcpy(k.ireview.list_item_id, item.h.id, sizeof k.ireview.list_item_id);
	q_strlcpy(k.ireview.kind, list_change_kind_names[ch.kind], sizeof k.ireview.kind);
	k.ireview.effective_date = c->effective_date;
	k.review = json_pack("{s:s, s:s, s:s, s:s}", "change_id", ch.h.id, "list_item_id",
	                     item.h.id, "kind", list_change_kind_names[ch.kind], "effective_date",
	                     date_format(c->effective_date, on));
	if (k.review == NULL ||
	    coordination_copy(&a->coordination, &ch.coord_authorized_body_ref,
	                      &ch.coord_nsc_ref) != 0) {
		qerr_internal(e, "change: out of memory");
		goto done;
	}
	if (cascade_run(&k, &item, &list, c->effective_date, e) != 0 ||
	    change_write(c, tx, a, &item, &list, &ch, &k, e) != 0 ||
	    ops_list_item_get(tx, item.h.id, out, e) != 0)
		goto done;
	details = json_pack("{s:s, s:s, s:I, s:I}", "change_id", ch.h.id, "kind",
	                    list_change_kind_names[ch.kind], "information", (json_int_t)k.info.n,
	                    "carriers", (json_int_t)k.carriers.n);
	if (details == NULL) {
		qerr_internal(e, "change: out of memory");
		goto done;
	}
	rc = ops_commit(c, tx, "list_item.change", item.h.id, details, e);
	tx = NULL;
done:
	if (rc != 0) {
		ops_docs_fail(c, tx, "list_item.change", a->item_id, e);
		list_item_view_free(out);
	}
	json_decref(details);
	json_decref(k.review);
	free(k.info.v);
	free(k.carriers.v);
	store_carrier_flags_free(&k.found);
	free(ch.coord_authorized_body_ref);
	free(ch.coord_nsc_ref);
	list_item_rec_free(&item);
	list_rec_free(&list);
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
           const struct org_rec *org, const struct list_item_rec *item,
           const struct list_rec *list, struct qerr *e)
{
	struct classify_basis b = {0};
	bool cited = a->list_item_id != NULL;

	if (ops_classifier_check(tx, org->h.id, c->actor.person_id, e) != 0)   /* Art. 5.4, 15.1 */
		return -1;
	/* Art. 17, with the exceptions of 17.1.8, 17.1.9 and 17.1.11 that
	 * depend on the cited item's statutory basis. */
	if (classify_topics_check(a->topics, a->ntopics,
	                          cited ? item->basis : NULL, e) != 0)
		return -1;
	b.preliminary = a->preliminary;
	b.info_org_id = org->h.id;
	b.on = a->classified_on;
	if (cited)
		classify_ops_basis_of(&b, item, list, org->h.id);
	if (classify_basis_check(&b, e) != 0)                        /* Art. 20.1 */
		return -1;
	if (!a->preliminary &&                                       /* Art. 15.2, 18.1 */
	    classify_degree_check(a->degree, (enum degree)item->degree, e) != 0)
		return -1;
	return classify_term_check(a->classified_on, a->declassify_on, e);   /* Art. 20.3 */
}

/* The item as classified (a new struct): every field the API shows,
 * preliminary ones without a list item. 0 or -1 (500). */
static int
info_new(const struct ops_ctx *c, const struct ops_info_args *a, const struct org_rec *org,
         const struct list_item_rec *item, const struct list_rec *list, struct info_rec *r,
         struct qerr *e)
{
	static const enum info_field shown[] = {
		INFO_F_ID, INFO_F_TITLE, INFO_F_ORG_ID, INFO_F_DEGREE, INFO_F_TOPICS,
		INFO_F_CLASSIFIED_ON, INFO_F_DECLASSIFY_ON, INFO_F_STATE, INFO_F_PRELIMINARY,
		INFO_F_LIST_ITEM_ID, INFO_F_LIST_ID, INFO_F_BASIS, INFO_F_CLASSIFIED_BY,
		INFO_F_CLASSIFIER_PERSON_ID, INFO_F_REGISTERED_ON, INFO_F_PROPOSAL_ON,
		INFO_F_DECISION, INFO_F_REVIEW_REQUIRED, INFO_F_DISPOSING_ORG_ID,
	};
	bool pre = a->preliminary;

	info_rec_init(r);
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
		info_rec_mark(r, shown[i]);
	store_id_new("info", r->h.id);
	q_strlcpy(r->org_id, org->h.id, sizeof r->org_id);
	r->state = pre ? INFO_ST_PRELIMINARY : INFO_ST_CLASSIFIED;
	r->preliminary = pre;
	if (!pre) {
		q_strlcpy(r->list_item_id, item->h.id, sizeof r->list_item_id);
		q_strlcpy(r->list_id, list->h.id, sizeof r->list_id);
	}
	r->degree = a->degree;
	r->classified_on = a->classified_on;
	r->declassify_on = a->declassify_on;
	q_strlcpy(r->classified_by, c->actor.user_id, sizeof r->classified_by);
	q_strlcpy(r->classifier_person_id, c->actor.person_id, sizeof r->classifier_person_id);
	r->registered_on = c->effective_date;
	r->proposal_on = QDATE_NONE;
	/* Art. 15: the disposing body, which custody never changes. */
	q_strlcpy(r->disposing_org_id, org->h.id, sizeof r->disposing_org_id);
	if ((a->title != NULL && (r->title = strdup(a->title)) == NULL) ||
	    (!pre && (r->basis = strdup(item->basis)) == NULL) ||
	    (a->ntopics > 0 && (r->topics = calloc(a->ntopics, sizeof *r->topics)) == NULL))
		return qerr_internal(e, "information: out of memory");
	for (; r->ntopics < a->ntopics; r->ntopics++)
		if ((r->topics[r->ntopics] = strdup(a->topics[r->ntopics])) == NULL)
			return qerr_internal(e, "information: out of memory");
	return 0;
}

/* Classified on an item in force then but removed since (Art. 20.1
 * allows it): the removal's cascade (Art. 22.3, 23.1) has run, so the new
 * item is flagged for review as the cascade would have flagged it. */
static int
info_flag_removed(const struct ops_ctx *c, struct info_rec *r, const struct list_item_rec *item,
                  struct qerr *e)
{
	struct info_review v = {
		.keys = 1 << INFO_RV_LIST_ITEM_ID | 1 << INFO_RV_KIND | 1 << INFO_RV_EFFECTIVE_DATE,
		.effective_date = c->effective_date,
	};

	q_strlcpy(v.list_item_id, item->h.id, sizeof v.list_item_id);
	q_strlcpy(v.kind, "removed", sizeof v.kind);
	r->review_required = true;
	info_rec_mark(r, INFO_F_REVIEW_REQUIRED);
	r->review_due_on = c->effective_date;
	info_rec_mark(r, INFO_F_REVIEW_DUE_ON);
	if (info_rec_set_text(r, INFO_F_REVIEW_REASON, &r->review_reason, "list_changed") != 0 ||
	    info_rec_review_add(r, &v) != 0)
		return qerr_internal(e, "information: out of memory");
	return 0;
}

int
ops_info_classify(const struct ops_ctx *c, const struct ops_info_args *a, struct info_rec *out,
                  struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec org = {0};
	struct list_item_rec item = {0};
	struct list_rec list = {0};
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_scope(c, a->org_id, e) != 0 || info_input(c, a, e) != 0 ||
	    ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    ops_docs_org_active(tx, org.h.id, "org_id", e) != 0 ||   /* org_liquidated, Art. 28 */
	    (a->list_item_id != NULL &&
	     ops_list_item_load(tx, a->list_item_id, &item, &list, "list_item_id", e) != 0) ||
	    info_rules(c, tx, a, &org, &item, &list, e) != 0 ||
	    info_new(c, a, &org, &item, &list, out, e) != 0 ||
	    (!a->preliminary && item.state == ITEM_ST_REMOVED &&
	     info_flag_removed(c, out, &item, e) != 0))
		goto done;
	rc = ops_info_commit(c, &tx, out, true, "information.create", e);
done:
	if (rc != 0) {
		ops_docs_fail(c, tx, "information.create", NULL, e);
		info_rec_free(out);
	}
	org_rec_free(&org);
	list_item_rec_free(&item);
	list_rec_free(&list);
	return rc;
}

int
ops_info_proposal(const struct ops_ctx *c, const char *info_id, struct info_rec *out,
                  struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_info_load_scoped(c, tx, info_id, out, e) != 0 ||
	    /* preliminary_overdue, Art. 20.2 (a late proposal is accepted) */
	    classify_proposal_check(info_state_name(out->state), out->classified_on,
	                            out->proposal_on, c->effective_date, e) != 0)
		goto done;
	out->proposal_on = c->effective_date;
	info_rec_mark(out, INFO_F_PROPOSAL_ON);
	q_strlcpy(out->proposal_by, c->actor.user_id, sizeof out->proposal_by);
	info_rec_mark(out, INFO_F_PROPOSAL_BY);
	rc = ops_info_commit(c, &tx, out, false, "information.proposal", e);
done:
	if (rc != 0) {
		ops_docs_fail(c, tx, "information.proposal", info_id, e);
		info_rec_free(out);
	}
	return rc;
}

/* add_to_list: classified on the item as of the decision's day. */
static int
decision_add(const struct ops_ctx *c, struct info_rec *r, const struct list_item_rec *item,
             const struct list_rec *list, bool cited, struct qerr *e)
{
	struct classify_basis b = {0};

	b.info_org_id = r->org_id;
	b.on = c->effective_date;   /* classified on the decision's day */
	if (cited)
		classify_ops_basis_of(&b, item, list, r->org_id);
	if (classify_basis_check(&b, e) != 0 ||                          /* Art. 20.1 */
	    classify_degree_check((enum degree)r->degree, (enum degree)item->degree, e) != 0)
		return -1;                                                /* Art. 15.2, 18.1 */
	r->state = INFO_ST_CLASSIFIED;
	info_rec_mark(r, INFO_F_STATE);
	q_strlcpy(r->list_item_id, item->h.id, sizeof r->list_item_id);
	info_rec_mark(r, INFO_F_LIST_ITEM_ID);
	q_strlcpy(r->list_id, list->h.id, sizeof r->list_id);
	info_rec_mark(r, INFO_F_LIST_ID);
	if (info_rec_set_text(r, INFO_F_BASIS, &r->basis, item->basis) != 0)
		return qerr_internal(e, "information: out of memory");
	return 0;
}

/* remove_label: the information is no secret (Art. 20.2). */
static int
decision_remove(const struct ops_ctx *c, struct info_rec *r, struct qerr *e)
{
	r->state = INFO_ST_DECLASSIFIED;
	info_rec_mark(r, INFO_F_STATE);
	r->label_removed_on = c->effective_date;
	info_rec_mark(r, INFO_F_LABEL_REMOVED_ON);
	r->declassified_on = c->effective_date;
	info_rec_mark(r, INFO_F_DECLASSIFIED_ON);
	if (info_rec_set_text(r, INFO_F_DECLASSIFICATION_GROUND, &r->declassification_ground,
	                      "label_removed") != 0)
		return qerr_internal(e, "information: out of memory");
	return 0;
}

int
ops_info_preliminary_decision(const struct ops_ctx *c, const struct ops_info_decision_args *a,
                              struct info_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_item_rec item = {0};
	struct list_rec list = {0};
	bool cited = a->list_item_id != NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_info_load_scoped(c, tx, a->info_id, out, e) != 0)
		goto done;
	if (!a->add && cited) {
		qerr_input(e, "invalid_value", "list_item_id");
		qerr_detail(e, "remove_label cites no list item");
		goto done;
	}
	if ((cited &&
	     ops_list_item_load(tx, a->list_item_id, &item, &list, "list_item_id", e) != 0) ||
	    classify_decision_check(info_state_name(out->state), out->proposal_on,
	                            c->effective_date, e) != 0 ||
	    (a->add ? decision_add(c, out, &item, &list, cited, e)
	            : decision_remove(c, out, e)) != 0)
		goto done;
	out->decision = a->add ? INFO_DECISION_ADD : INFO_DECISION_REMOVE;
	out->decision_on = c->effective_date;
	q_strlcpy(out->decision_by, c->actor.user_id, sizeof out->decision_by);
	q_strlcpy(out->decision_item_id, a->add ? item.h.id : "", sizeof out->decision_item_id);
	info_rec_mark(out, INFO_F_DECISION);
	rc = ops_info_commit(c, &tx, out, false, "information.preliminary_decision", e);
done:
	if (rc != 0) {
		ops_docs_fail(c, tx, "information.preliminary_decision", a->info_id, e);
		info_rec_free(out);
	}
	list_item_rec_free(&item);
	list_rec_free(&list);
	return rc;
}
