/*
 * joint_works.c — joint and other work under Decree 743 (Art. 26), one
 * procedure per step: see joint_works.h.
 *
 * A joint work is a typed row with its child rows (core/joint_work_rec.h,
 * store/tables_transfers.h): a step loads it whole (ops_joint_work_load),
 * changes the struct and stores it (ops_joint_work_store: the row, and
 * the child rows appended). The carriers it reads and moves are struct
 * carrier_rec (ops/carrier_store.h; custody per copy: core/custody_rec.h),
 * their copy numbers C arrays (struct ops_nums), their journal entries
 * typed (struct movement_rec); the executor citizen a struct person_rec.
 * Every allocation is checked and a failure rolls the step back.
 *
 * Invariants: a step writes only after every check of the step passed; a
 * transfer moves only copies the customer holds outright and the request
 * named; an end returns every copy held under the work.
 *
 * SECURITY: ids come from validated arguments and are only looked up; the
 * customer's, the disposing body's or the executor's organization scopes
 * who may act or read.
 */
#include "ops/joint_works.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/carrier.h"
#include "core/clearance_rec.h"
#include "core/degree.h"
#include "core/permit.h"
#include "core/transfer.h"
#include "ops/clearances.h"
#include "core/custody_rec.h"
#include "ops/carrier_store.h"
#include "ops/disposal.h"
#include "ops/orgs.h"
#include "ops/persons.h"
#include "store/tables_transfers.h"

/* ============================== The rows ================================== */

/* A new zeroed element at the end of the array *v of *n elements of size
 * sz; NULL out of memory. */
static void *
list_push(void **v, size_t *n, size_t sz)
{
	char *p = realloc(*v, (*n + 1) * sz);

	if (p == NULL)
		return NULL;
	*v = p;
	memset(p + *n * sz, 0, sz);
	return p + (*n)++ * sz;
}

#define PUSH(l) ((__typeof__((l).v))list_push((void **)&(l).v, &(l).n, sizeof *(l).v))

static const char *
opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

struct child_load {
	const struct store_table *t;
	void **v;
	size_t *n;
	bool oom;
};

/* Appends the row, taking its heap strings (the list frees the row). */
static int
child_cb(void *ctx, const void *row)
{
	struct child_load *l = ctx;
	void *dst = list_push(l->v, l->n, l->t->row_size);

	if (dst == NULL) {
		l->oom = true;
		return 1;
	}
	memcpy(dst, row, l->t->row_size);
	for (size_t i = 0; i < l->t->ncols; i++)
		if (l->t->cols[i].type == STORE_COL_TEXT)
			*(char **)((char *)row + l->t->cols[i].offset) = NULL;
	return 0;
}

static int
child_load(struct store_tx *tx, const struct store_table *t, const char *id, void **v,
           size_t *n, size_t *stored, struct qerr *e)
{
	struct store_where w = STORE_W_STR("joint_work_id", id);
	struct child_load l = {t, v, n, false};

	if (store_row_list(tx, t, &w, 1, 0, 0, child_cb, &l, e) < 0)
		return -1;
	if (l.oom)
		return qerr_internal(e, "joint work: out of memory");
	*stored = *n;
	return 0;
}

#define LOAD(tx, t, id, l, e) child_load(tx, t, id, (void **)&(l).v, &(l).n, &(l).stored, e)

int
ops_joint_work_load(struct store_tx *tx, const char *id, struct jw_full *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_jw_table, id, &out->w, e) != 0)
		return -1;
	if (LOAD(tx, &store_jw_carrier_table, id, out->carriers, e) != 0 ||
	    LOAD(tx, &store_jw_copy_table, id, out->copies, e) != 0 ||
	    LOAD(tx, &store_jw_ref_table, id, out->refs, e) != 0 ||
	    LOAD(tx, &store_jw_transfer_table, id, out->transferred, e) != 0 ||
	    LOAD(tx, &store_jw_violation_table, id, out->violations, e) != 0 ||
	    LOAD(tx, &store_jw_addendum_table, id, out->addenda, e) != 0 ||
	    LOAD(tx, &store_jw_step_table, id, out->history, e) != 0) {
		jw_full_free(out);
		return -1;
	}
	return 0;
}

/* Inserts the rows v[*stored..n) of table t under the joint work id. */
static int
child_store(struct store_tx *tx, const struct store_table *t, const char *id, void *v,
            size_t n, size_t *stored, struct qerr *e)
{
	for (; *stored < n; (*stored)++) {
		char *row = (char *)v + *stored * t->row_size;

		store_id_new(t->id_prefix, ((struct store_row_hdr *)row)->id);
		q_strlcpy(row + t->cols[1].offset, id, STORE_ID_MAX);
		if (store_row_insert(tx, t, row, e) != 0)
			return -1;
	}
	return 0;
}

#define STORE(tx, t, id, l, e) child_store(tx, t, id, (l).v, (l).n, &(l).stored, e)

struct ids_acc {
	char (*v)[STORE_ID_MAX];
	size_t n;
	bool oom;
};

static int
ids_cb(void *ctx, const void *row)
{
	struct ids_acc *a = ctx;
	char (*p)[STORE_ID_MAX] = list_push((void **)&a->v, &a->n, sizeof *p);

	if (p == NULL) {
		a->oom = true;
		return 1;
	}
	q_strlcpy(*p, ((const struct store_row_hdr *)row)->id, sizeof *p);
	return 0;
}

/* Deletes every ref row of the joint work id (held emptied). */
static int
refs_delete(struct store_tx *tx, const char *id, struct qerr *e)
{
	struct store_where w = STORE_W_STR("joint_work_id", id);
	struct ids_acc a = {0};
	int rc = 0;

	if (store_row_list(tx, &store_jw_ref_table, &w, 1, 0, 0, ids_cb, &a, e) < 0)
		rc = -1;
	else if (a.oom)
		rc = qerr_internal(e, "joint work: out of memory");
	for (size_t i = 0; rc == 0 && i < a.n; i++)
		rc = store_row_delete(tx, &store_jw_ref_table, a.v[i], e);
	free(a.v);
	return rc;
}

int
ops_joint_work_store(struct store_tx *tx, struct jw_full *x, struct qerr *e)
{
	const char *id = x->w.h.id;

	if ((x->w.h.version == 0 ? store_row_insert(tx, &store_jw_table, &x->w, e)
	                         : store_row_update(tx, &store_jw_table, &x->w, e)) != 0)
		return -1;
	if (x->refs_replaced) {
		if (refs_delete(tx, id, e) != 0)
			return -1;
		x->refs.stored = 0;
		x->refs_replaced = false;
	}
	if (STORE(tx, &store_jw_carrier_table, id, x->carriers, e) != 0 ||
	    STORE(tx, &store_jw_copy_table, id, x->copies, e) != 0 ||
	    STORE(tx, &store_jw_ref_table, id, x->refs, e) != 0 ||
	    STORE(tx, &store_jw_transfer_table, id, x->transferred, e) != 0 ||
	    STORE(tx, &store_jw_violation_table, id, x->violations, e) != 0 ||
	    STORE(tx, &store_jw_addendum_table, id, x->addenda, e) != 0 ||
	    STORE(tx, &store_jw_step_table, id, x->history, e) != 0)
		return -1;
	return 0;
}

struct each_ctx {
	struct store_tx *tx;
	int (*fn)(void *, const void *);
	void *ctx;
	struct qerr *e;
};

static int
each_cb(void *ctx, const void *row)
{
	struct each_ctx *c = ctx;
	struct jw_full x;
	int rc;

	if (ops_joint_work_load(c->tx, ((const struct store_row_hdr *)row)->id, &x, c->e) != 0)
		return -1;
	rc = c->fn(c->ctx, &x);
	jw_full_free(&x);
	return rc;
}

int64_t
ops_joint_works_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                     int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct ops_joint_work_query *jq = q;
	struct store_where w[2];
	struct each_ctx c = {tx, fn, ctx, e};
	size_t nw = 0;

	if (jq->customer_org_id != NULL)
		w[nw++] = STORE_W_STR("customer_org_id", jq->customer_org_id);
	if (jq->state != NULL) {
		if (jw_state_parse(jq->state) == JW_UNKNOWN)
			return 0;   /* no joint work is in a state that does not exist */
		w[nw++] = STORE_W_STR("state", jq->state);
	}
	return store_row_list(tx, &store_jw_table, w, nw, after_seq, limit, each_cb, &c, e);
}

/* =============================== Helpers ================================== */

static struct jw_dates
jw_dates_of(const struct jw_rec *w)
{
	struct jw_dates d;

	d.requested_on = w->received_on;
	d.permitted_on = w->perm_decision == JW_DECISION_GRANTED ? w->perm_answered_on : QDATE_NONE;
	d.agreed_on = w->agr_number != NULL ? w->agr_signed_on : QDATE_NONE;
	d.notified_on = w->nsc_sent_on;
	return d;
}

static enum jw_state
jw_cur(const struct jw_full *x)
{
	return (enum jw_state)x->w.state;
}

/* The stored state and its history entry. */
static int
jw_set_state(const struct ops_ctx *c, struct jw_full *x, enum jw_state next,
             const char *step, struct qerr *e)
{
	struct jw_step_rec *h = PUSH(x->history);

	if (h == NULL)
		return qerr_internal(e, "joint work: out of memory");
	h->ord = (int64_t)x->history.n - 1;
	q_strlcpy(h->from, jw_rec_state_names[x->w.state], sizeof h->from);
	q_strlcpy(h->to, jw_state_name(next), sizeof h->to);
	q_strlcpy(h->step, step, sizeof h->step);
	h->date = c->effective_date;
	q_strlcpy(h->by, c->actor.user_id, sizeof h->by);
	x->w.state = (int)next;
	return 0;
}

/* The carrier ids of list l, in order, as a test. */
static bool
ref_has(const struct jw_full *x, int list, const char *id)
{
	for (size_t i = 0; i < x->refs.n; i++)
		if (x->refs.v[i].list == list && jrec_same(x->refs.v[i].carrier_id, id))
			return true;
	return false;
}

static int
ref_push(struct jw_full *x, int list, const char *id)
{
	struct jw_ref_rec *r;
	int64_t ord = 0;

	for (size_t i = 0; i < x->refs.n; i++)
		if (x->refs.v[i].list == list)
			ord++;
	if ((r = PUSH(x->refs)) == NULL)
		return -1;
	r->list = list;
	r->ord = ord;
	q_strlcpy(r->carrier_id, id, sizeof r->carrier_id);
	return 0;
}

/* copy_numbers of list/item into *out (emptied first); -1 out of memory. */
static int
copies_of(const struct jw_full *x, int list, int64_t item, struct ops_nums *out)
{
	ops_nums_free(out);
	for (size_t i = 0; i < x->copies.n; i++) {
		const struct jw_copy_rec *cp = &x->copies.v[i];

		if (cp->list == list && cp->item_ord == item &&
		    ops_nums_push(out, (int)cp->number) != 0) {
			ops_nums_free(out);
			return -1;
		}
	}
	return 0;
}

static int
copies_push(struct jw_full *x, int list, int64_t item, const struct ops_nums *nums)
{
	for (size_t k = 0; k < nums->n; k++) {
		struct jw_copy_rec *cp = PUSH(x->copies);

		if (cp == NULL)
			return -1;
		cp->list = list;
		cp->item_ord = item;
		cp->ord = (int64_t)k;
		cp->number = nums->v[k];
	}
	return 0;
}

/* The carrier's name in a detail: its account number, else its id. */
static const char *
car_name(const struct carrier_rec *car)
{
	return car->account_number[0] ? car->account_number : car->h.id;
}

bool
ops_joint_work_overdue(const struct jw_rec *w, qdate today)
{
	return w->permission_overdue ||
	       ((enum jw_state)w->state == JW_REQUESTED &&
	        jw_permission_late(w->response_due_on, today));
}

/* Reading: the customer, the executor (organization or the citizen's
 * organization), the disposing body, and the roles that act across. */
static int
jw_read_scope(const struct ops_ctx *c, struct store_tx *tx, const struct jw_full *x,
              struct qerr *e)
{
	const struct jw_rec *w = &x->w;
	const char *org = c->actor.org_id;

	(void)tx;
	if (c->actor.cross_org || jrec_same(org, opt(w->customer_org_id)) ||
	    jrec_same(org, opt(w->executor_org_id)) ||
	    jrec_same(org, opt(w->executor_person_org_id)) ||
	    jrec_same(org, opt(w->disposing_org_id)))
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

/* The disposing body's step: a body that sees the joint work or the
 * successor of the body named (Art. 28) passes here, and the step itself
 * answers permission_required to whoever is not the disposer (a competence
 * code, SPEC.md §5); any other body gets 403. */
static int
jw_disposing_scope(const struct ops_ctx *c, struct store_tx *tx, const struct jw_full *x,
                   struct qerr *e)
{
	struct disposal_fund f;

	if (jw_read_scope(c, tx, x, e) == 0)
		return 0;
	qerr_clear(e);
	if (disposal_fund_of(tx, opt(x->w.disposing_org_id), &f, e) != 0)
		return -1;
	if (c->actor.org_id[0] != '\0' && disposal_fund_has(&f, c->actor.org_id))
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

/* The customer's steps: its organization, or across. */
static int
jw_customer_scope(const struct ops_ctx *c, struct store_tx *tx, const struct jw_full *x,
                  struct qerr *e)
{
	(void)tx;
	return ops_scope(c, x->w.customer_org_id, e);
}

/* The request's carrier entry for id: its index, or -1. */
static int64_t
request_carrier(const struct jw_full *x, const char *id)
{
	for (size_t i = 0; i < x->carriers.n; i++)
		if (jrec_same(x->carriers.v[i].carrier_id, id))
			return x->carriers.v[i].ord;
	return -1;
}

/* recipient_permit_missing for the executor and one label (Art. 26.1,
 * R743 p.11): the organization's permit or the citizen's clearance. */
static int
executor_covers(const struct ops_ctx *c, struct store_tx *tx, const struct jw_rec *w,
                enum degree label, struct qerr *e)
{
	const char *org = opt(w->executor_org_id);

	if (org != NULL)
		return ops_org_permit_check(tx, org, label, c->effective_date, e);
	return ops_person_clearance_check(tx, opt(w->executor_person_id), label,
	                                  c->effective_date, e);
}

/* permission_required (R743 p.4.4): the transfer dated `date` is within the
 * permitted term; protection_arrangement_required (R743 p.8): an executor
 * organization with foreign participation has its protection arranged
 * through another organization's subdivision (protection). */
static int
jw_transfer_allowed(struct store_tx *tx, const struct jw_rec *w, qdate date, struct qerr *e)
{
	const char *exec_org = opt(w->executor_org_id);
	struct org_rec exec = {0};
	bool foreign;

	if (jw_term_check(w->term_to, date, e) != 0)
		return -1;
	if (exec_org == NULL)
		return 0;    /* a citizen works at the customer's (R743 p.8.2) */
	if (ops_org_load(tx, exec_org, &exec, NULL, e) != 0)
		return -1;
	foreign = exec.foreign_participation;
	org_rec_free(&exec);
	return jw_protection_arranged(foreign, jw_protection_parse(opt(w->prot_arrangement)), e);
}

/* ===================== Inside another procedure ========================== */

struct find_ctx {
	char id[STORE_ID_MAX];
};

static int
find_cb(void *ctx, const void *row)
{
	struct find_ctx *c = ctx;
	const struct jw_rec *w = row;
	enum jw_state s = (enum jw_state)w->state;

	if (!(s == JW_NOTIFIED || s == JW_ACTIVE || s == JW_SUSPENDED))
		return 0;
	q_strlcpy(c->id, w->h.id, sizeof c->id);
	return 1;
}

int
ops_joint_work_find(struct store_tx *tx, const char *customer, const char *executor_org,
                    struct jw_full *out, bool *found, struct qerr *e)
{
	struct store_where w[2] = {STORE_W_STR("customer_org_id", customer),
	                           STORE_W_STR("executor_org_id", executor_org)};
	struct find_ctx c = {""};

	*found = false;
	if (store_row_list(tx, &store_jw_table, w, 2, 0, 0, find_cb, &c, e) < 0)
		return -1;
	if (c.id[0] == '\0')
		return 0;
	if (ops_joint_work_load(tx, c.id, out, e) != 0)
		return -1;
	*found = true;
	return 0;
}

/* The copy numbers of carrier car to move under the joint work: those of
 * the selection when given (each must be one the request named:
 * not_in_annex), else the request's; with none named there, every copy the
 * customer holds. Into *out, or -1. */
static int
jw_copies_for(const struct jw_full *x, const struct carrier_rec *car,
              const struct ops_copy_pick *sel, size_t nsel, struct ops_nums *out,
              struct qerr *e)
{
	int64_t item = request_carrier(x, car->h.id);
	struct ops_nums named = {0};
	const struct ops_copy_pick *want = NULL;
	int rc;

	if (item >= 0 && copies_of(x, JW_COPIES_REQUEST, item, &named) != 0)
		return qerr_internal(e, "joint work copies");
	for (size_t i = 0; sel != NULL && i < nsel; i++)
		if (jrec_same(sel[i].carrier_id, car->h.id))
			want = &sel[i];
	if (want != NULL && named.n > 0) {
		for (size_t i = 0; i < want->n; i++) {
			bool found = false;

			for (size_t k = 0; k < named.n; k++)
				found = found || named.v[k] == want->numbers[i];
			/* not_in_annex, Art. 26.1, R743 p.4.2, p.6: named copies only. */
			if (!found) {
				char num[24];

				ops_nums_free(&named);
				snprintf(num, sizeof num, "%d", want->numbers[i]);
				qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "carriers");
				qerr_detail_key(e, "copy_not_in_request",
				                "copy {n} of carrier {carrier} is not in the request", "n",
				                num, "carrier", car_name(car), NULL);
				return -1;
			}
		}
	}
	if (want != NULL && want->n > 0) {
		rc = ops_nums_set(out, want->numbers, want->n);
	} else if (want == NULL && named.n > 0) {
		ops_nums_free(out);
		*out = named;
		named = (struct ops_nums){0};
		rc = 0;
	} else {
		rc = ops_copies_held_rec(car, car->org_id, out);
	}
	ops_nums_free(&named);
	if (rc != 0)
		return qerr_internal(e, "joint work copies");
	return 0;
}

struct jw_cars {
	struct carrier_rec *cars;
	struct ops_nums *nums;
	size_t n;
};

static void
jw_cars_clear(struct jw_cars *w)
{
	for (size_t i = 0; w->cars != NULL && i < w->n; i++)
		carrier_rec_clear(&w->cars[i]);
	for (size_t i = 0; w->nums != NULL && i < w->n; i++)
		ops_nums_free(&w->nums[i]);
	free(w->cars);
	free(w->nums);
}

/* 404, then 409 (the customer holds each copy to move, none issued); a
 * not_in_annex of the selection waits in *annex_err for the 409s. */
static int
jw_cars_load(struct store_tx *tx, const struct jw_full *x, const struct ops_ids *ids,
             const struct ops_copy_pick *sel, size_t nsel, struct jw_cars *w,
             struct qerr *annex_err, struct qerr *e)
{
	const char *customer = x->w.customer_org_id;

	for (size_t i = 0; i < w->n; i++)
		if (ops_carrier_load(tx, ids->v[i], &w->cars[i], "carrier_ids", e) != 0)
			return -1;
	for (size_t i = 0; i < w->n; i++) {
		enum carrier_state cs = carrier_state_parse(w->cars[i].state);
		struct qerr ne = {0};
		int out;

		/* not_in_annex is a 422: it waits for the 409s of every carrier. */
		if (jw_copies_for(x, &w->cars[i], sel, nsel, &w->nums[i], &ne) != 0) {
			if (ne.status != QERR_RULE) {
				*e = ne;
				return -1;
			}
			if (!qerr_is_set(annex_err))
				*annex_err = ne;
			continue;
		}
		out = ops_copies_check_rec(&w->cars[i], customer, NULL, w->nums[i].v, w->nums[i].n,
		                           "carrier_ids", e);
		if (out < 0)
			return -1;
		if (transfer_movable(cs == CARRIER_ISSUED && out == 0 ? CARRIER_REGISTERED : cs, out,
		                     e) != 0)
			return -1;
	}
	return 0;
}

/* The 422s of the transfer in their order: the state machine and the
 * permitted term and protection, the annex, the selection's copies, the
 * executor's permit or clearance. */
static int
jw_transfer_rules(const struct ops_ctx *c, struct store_tx *tx, const struct jw_full *x,
                  const struct jw_cars *w, const struct qerr *annex_err, enum jw_state *next,
                  struct qerr *e)
{
	struct jw_dates d = jw_dates_of(&x->w);

	/* permission_required, not_in_annex, nsc_notice_missing,
	 * joint_work_suspended (core/joint_work.h), then per carrier. */
	if (jw_transfer(jw_cur(x), &d, c->effective_date, next, e) != 0 ||
	    jw_transfer_allowed(tx, &x->w, c->effective_date, e) != 0)   /* R743 p.4.4, p.8 */
		return -1;
	for (size_t i = 0; i < w->n; i++) {
		/* not_in_annex, Art. 26.1, R743 p.6: only what the annex lists. */
		if (!ref_has(x, JW_LIST_ANNEX, w->cars[i].h.id)) {
			qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "carrier_ids");
			qerr_detail_key(e, "not_in_annex", "carrier {carrier} is not in the agreement's annex",
			                "carrier", car_name(&w->cars[i]), NULL);
			return -1;
		}
	}
	if (qerr_is_set(annex_err)) {   /* copies the request did not name */
		*e = *annex_err;
		return -1;
	}
	for (size_t i = 0; i < w->n; i++) {
		/* recipient_permit_missing, Art. 26.1, R743 p.11 */
		if (executor_covers(c, tx, &x->w, degree_parse(w->cars[i].label), e) != 0) {
			q_strlcpy(e->field, "carrier_ids", sizeof e->field);
			return -1;
		}
	}
	return 0;
}

/* Moves the copies of carrier car to the executor and notes it in x. */
static int
jw_move_one(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
            struct carrier_rec *car, const struct ops_nums *nums, struct qerr *e)
{
	const char *exec_org = opt(x->w.executor_org_id);
	const char *exec_person = opt(x->w.executor_person_id);
	struct movement_rec act = {.copy_number = STORE_INT_NULL, .found = STORE_INT_NULL,
	                           .more = MOVE_M_BASIS, .basis = "joint_work"};
	struct jw_transfer_rec *t;

	/* R743 p.4.2: exactly the copies named move; org_id stays. A citizen
	 * executor holds them as holder_person_id (p.11). */
	if (ops_copies_move_rec(c, tx, car, x->w.customer_org_id, exec_org,
	                        exec_org != NULL ? NULL : exec_person, nums->v, nums->n, x->w.h.id,
	                        &act, e) != 0)
		return -1;
	if ((t = PUSH(x->transferred)) == NULL)
		return qerr_internal(e, "joint work: out of memory");
	t->ord = (int64_t)x->transferred.n - 1;
	q_strlcpy(t->carrier_id, car->h.id, sizeof t->carrier_id);
	t->date = c->effective_date;
	t->copies_listed = true;
	if (copies_push(x, JW_COPIES_TRANSFERRED, t->ord, nums) != 0 ||
	    (!ref_has(x, JW_LIST_HELD, car->h.id) && ref_push(x, JW_LIST_HELD, car->h.id) != 0))
		return qerr_internal(e, "joint work: out of memory");
	return 0;
}

int
ops_joint_work_transfer_in(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
                           const struct ops_ids *ids, const struct ops_copy_pick *sel, size_t nsel,
                           struct qerr *e)
{
	struct jw_cars w = {.n = ids->n};
	struct qerr annex_err = {0};
	enum jw_state next;
	int ret = -1;

	if (w.n == 0)
		return qerr_input(e, "invalid_value", "carrier_ids");
	if (ops_ids_unique(ids, "carrier_ids", e) != 0)
		return -1;
	w.cars = calloc(w.n, sizeof *w.cars);
	w.nums = calloc(w.n, sizeof *w.nums);
	if (w.cars == NULL || w.nums == NULL) {
		jw_cars_clear(&w);
		return qerr_internal(e, "joint work transfer: out of memory");
	}
	if (jw_cars_load(tx, x, ids, sel, nsel, &w, &annex_err, e) != 0 ||
	    jw_transfer_rules(c, tx, x, &w, &annex_err, &next, e) != 0)
		goto done;
	for (size_t i = 0; i < w.n; i++)
		if (jw_move_one(c, tx, x, &w.cars[i], &w.nums[i], e) != 0)
			goto done;
	if (next != jw_cur(x) && jw_set_state(c, x, next, "transfer", e) != 0)
		goto done;
	ret = 0;
done:
	jw_cars_clear(&w);
	return ret;
}

/* Returns the copies of carrier id held under x to the customer. */
static int
jw_return_one(const struct ops_ctx *c, struct store_tx *tx, const struct jw_full *x,
              const char *id, const char *reason, struct qerr *e)
{
	const char *customer = x->w.customer_org_id, *jw_id = x->w.h.id;
	const char *exec_org = opt(x->w.executor_org_id);
	const char *exec_person = opt(x->w.executor_person_id);
	struct movement_rec act = {.copy_number = STORE_INT_NULL, .found = STORE_INT_NULL};
	struct carrier_rec car;
	struct ops_nums nums = {0};
	int64_t *cn = NULL;
	int rc = -1;

	if (ops_carrier_load(tx, id, &car, NULL, e) != 0)
		return -1;
	/* The copies away under this joint work (a 0.1.0 carrier moved whole:
	 * every copy, by its joint_work_id). */
	for (size_t k = 0; k < car.n_copies; k++) {
		struct carrier_copy_rec *cp = &car.copies[k];

		if (!jrec_same(custody_rec_copy_joint_work(cp), jw_id) &&
		    !jrec_same(car.joint_work_id, jw_id))
			continue;
		if (carrier_copy_state_parse(cp->state) == CARRIER_COPY_ISSUED) {
			qerr_set(e, QERR_CONFLICT, "invalid_state", "R743 p.10", NULL);
			qerr_detail_key(e, "issued_at_executor",
			                "a copy of carrier {carrier} is still issued at the executor",
			                "carrier", car_name(&car), NULL);
			goto done;
		}
		if (ops_nums_push(&nums, (int)k + 1) != 0) {
			qerr_internal(e, "copy holder");
			goto done;
		}
		custody_rec_copy_set(cp, customer, NULL, NULL);
	}
	/* the act: {joint_work_id, basis, reason, from_org_id, from_person_id,
	 * copy_numbers} */
	if (nums.n > 0 && (cn = malloc(nums.n * sizeof *cn)) == NULL) {
		qerr_internal(e, "movement extra");
		goto done;
	}
	for (size_t k = 0; k < nums.n; k++)
		cn[k] = nums.v[k];
	act.more = MOVE_M_JOINT_WORK | MOVE_M_BASIS | MOVE_M_REASON | MOVE_M_FROM_ORG |
	           MOVE_M_FROM_PERSON | MOVE_M_COPY_NUMBERS;
	q_strlcpy(act.joint_work_id, jw_id, sizeof act.joint_work_id);
	q_strlcpy(act.basis, "joint_work_return", sizeof act.basis);
	q_strlcpy(act.reason, reason, sizeof act.reason);
	q_strlcpy(act.from_org_id, exec_org != NULL ? exec_org : "", sizeof act.from_org_id);
	q_strlcpy(act.from_person_id, exec_person != NULL ? exec_person : "",
	          sizeof act.from_person_id);
	act.copy_numbers = cn;
	act.n_copy_numbers = nums.n;
	if (nums.n > 0 && exec_org != NULL &&
	    custody_rec_depart(&car, exec_org, c->effective_date) != 0) {
		qerr_internal(e, "departed");
		goto done;
	}
	car.joint_work_id[0] = '\0';   /* absent now */
	car.more &= ~(unsigned)CARRIER_M_JOINT_WORK;
	if (!jrec_same(car.org_id, customer)) {
		/* A 0.1.0 carrier moved whole to the executor comes back whole. */
		rc = ops_carrier_move_rec(c, tx, &car, customer, &act, e);
		goto done;
	}
	if (exec_org != NULL &&
	    ops_movement_add_rec(c, tx, &car, exec_org, "transferred", &act, e) != 0)
		goto done;
	if (ops_movement_add_rec(c, tx, &car, customer,
	                         exec_org != NULL ? "received" : "returned_to_customer", &act,
	                         e) != 0)
		goto done;
	rc = ops_carrier_save(tx, &car, e);
done:
	free(cn);
	ops_nums_free(&nums);
	carrier_rec_clear(&car);
	return rc;
}

int
ops_joint_work_end(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
                   enum jw_state next, const char *reason, struct qerr *e)
{
	size_t n = x->refs.n, k = 0;
	bool oom = false;

	for (size_t i = 0; i < n; i++)
		if (x->refs.v[i].list == JW_LIST_HELD &&
		    jw_return_one(c, tx, x, x->refs.v[i].carrier_id, reason, e) != 0)
			return -1;
	/* held becomes returned; held is emptied */
	for (size_t i = 0; i < n; i++) {
		struct jw_ref_rec *r = &x->refs.v[i];

		if (r->list == JW_LIST_HELD) {
			r->list = JW_LIST_RETURNED;
			r->ord = (int64_t)k++;
		}
	}
	x->refs_replaced = true;
	q_strlcpy(x->w.end_state, jw_state_name(next), sizeof x->w.end_state);
	free(x->w.end_reason);
	x->w.end_reason = q_strdup_opt(reason, &oom);
	x->w.end_date = c->effective_date;
	if (oom)
		return qerr_internal(e, "joint work: out of memory");
	return jw_set_state(c, x, next, reason, e);
}

int
ops_joint_work_violation_apply(const struct ops_ctx *c, struct jw_full *x,
                               const char *description, const char *incident_id,
                               struct qerr *e)
{
	struct jw_rec *w = &x->w;
	struct jw_violation_rec *v;
	enum jw_state next;
	bool raised, oom = false;

	if (jw_violation(jw_cur(x), (int)x->violations.n, &next, &raised, e) != 0)
		return -1;
	if ((v = PUSH(x->violations)) == NULL)
		return qerr_internal(e, "joint work: out of memory");
	v->ord = (int64_t)x->violations.n - 1;
	v->description = q_strdup_opt(description ? description : "", &oom);
	v->noted_on = c->effective_date;
	q_strlcpy(v->by, c->actor.user_id, sizeof v->by);
	q_strlcpy(v->incident_id, incident_id != NULL ? incident_id : "", sizeof v->incident_id);
	if (raised && !w->cancellation_raised) {
		/* R743 p.9: the customer raises the cancellation of the order and
		 * of the executor's permit (or clearance) with the authority. */
		w->cancellation_raised = true;
		w->canc_raised_on = c->effective_date;
		free(w->canc_reason);
		w->canc_reason = q_strdup_opt("repeated violations (R743 p.9)", &oom);
		q_strlcpy(w->canc_permit_id, w->executor_permit_ref, sizeof w->canc_permit_id);
		q_strlcpy(w->canc_clearance_id, w->executor_clearance_ref,
		          sizeof w->canc_clearance_id);
		q_strlcpy(w->canc_by, c->actor.user_id, sizeof w->canc_by);
	}
	if (oom)
		return qerr_internal(e, "joint work: out of memory");
	if (next != jw_cur(x))
		return jw_set_state(c, x, next, "violation", e);
	return 0;
}

/* =============================== Request ================================== */

/* The request's carriers: each exists (404 naming carriers[N].carrier_id)
 * with the copies named (400 carriers[N].copy_numbers); then, when a
 * disposing body is named, it disposes now of the information on every one
 * (permission_required, Art. 26.1; jw_disposer_check). */
static int
request_carriers_load(struct store_tx *tx, const struct ops_joint_work_request_args *a,
                      struct qerr *e)
{
	bool disposer = true;

	for (size_t i = 0; i < a->ncarriers; i++) {
		const struct ops_copy_pick *p = &a->carriers[i];
		struct carrier_rec car;
		char field[48];

		snprintf(field, sizeof field, "carriers[%zu].carrier_id", i);
		if (ops_carrier_load(tx, p->carrier_id, &car, field, e) != 0)
			return -1;
		for (size_t k = 0; k < p->n; k++) {
			if (p->numbers[k] > (long long)car.n_copies) {
				carrier_rec_clear(&car);
				snprintf(field, sizeof field, "carriers[%zu].copy_numbers", i);
				qerr_input(e, "invalid_value", field);
				qerr_detail(e, "no such copy");
				return -1;
			}
		}
		/* every disposing body recorded on it is (through Art. 28) the one named */
		if (a->disposing_org_id != NULL) {
			/* its recorded disposing bodies (none: no disposer) */
			if (car.n_disposing == 0)
				disposer = false;
			for (size_t nb = 0; nb < car.n_disposing; nb++) {
				bool cur = false;

				if (disposer && disposal_is_current(tx, car.disposing_ids[nb],
				                                    a->disposing_org_id, &cur, e) != 0) {
					carrier_rec_clear(&car);
					return -1;
				}
				disposer = disposer && cur;
			}
		}
		carrier_rec_clear(&car);
	}
	return jw_disposer_check(disposer, e);
}

/* 400s of the request before anything is loaded. */
static int
request_input(const struct ops_ctx *c, const struct ops_joint_work_request_args *a, qdate received,
              struct qerr *e)
{
	if (a->executor_org_id != NULL && a->executor_person_id != NULL) {
		qerr_input(e, "invalid_value", "executor_person_id");
		qerr_detail(e, "the executor is an organization or a citizen, not both");
		return -1;
	}
	if (received > c->today)
		return qerr_input(e, "date_in_future", "received_on");
	if (a->term_from != QDATE_NONE && a->term_to != QDATE_NONE && a->term_to < a->term_from) {
		qerr_input(e, "invalid_value", "term_to");
		qerr_detail(e, "term_to is before term_from");
		return -1;
	}
	if (a->input != NULL && qerr_is_set(a->input)) {
		*e = *a->input;
		return -1;
	}
	return 0;
}

/* The parties: 404 each, 400 the executor being the customer or foreign,
 * 404/400 the credential named (it must be the executor's, R743 p.4.5). */
static int
request_parties(struct store_tx *tx, const struct ops_joint_work_request_args *a,
                struct person_rec *exec, struct org_rec *exec_o, struct qerr *e)
{
	const char *exec_org = a->executor_org_id, *exec_person = a->executor_person_id;

	if (ops_org_exists_in(tx, a->customer_org_id, "customer_org_id", e) != 0)
		return -1;
	if ((exec_org != NULL && ops_org_load(tx, exec_org, exec_o, "executor_org_id", e) != 0) ||
	    (exec_person != NULL &&
	     ops_person_load(tx, exec_person, exec, "executor_person_id", e) != 0))
		return -1;
	if (a->disposing_org_id != NULL &&
	    ops_org_exists_in(tx, a->disposing_org_id, "disposing_org_id", e) != 0)
		return -1;
	if (exec_org != NULL && strcmp(exec_org, a->customer_org_id) == 0) {
		qerr_input(e, "invalid_value", "executor_org_id");
		qerr_detail(e, "the executor is the customer itself");
		return -1;
	}
	if (exec_org != NULL && ops_org_foreign(exec_o)) {
		qerr_input(e, "invalid_value", "executor_org_id");
		qerr_detail(e, "a foreign recipient is Art. 27: /v1/foreign-transfers");
		return -1;
	}
	if (exec_org != NULL && a->executor_permit_ref != NULL) {
		struct permit_rec pr;
		bool theirs;

		if (ops_permit_load(tx, a->executor_permit_ref, &pr, e) != 0) {
			if (e->status == QERR_NOT_FOUND)
				q_strlcpy(e->field, "executor_permit_ref", sizeof e->field);
			return -1;
		}
		theirs = jrec_same(pr.org_id, exec_org);
		permit_rec_free(&pr);
		if (!theirs) {
			qerr_input(e, "invalid_value", "executor_permit_ref");
			qerr_detail(e, "the permit is not the executor's");
			return -1;
		}
	}
	if (exec_person != NULL && a->executor_clearance_ref != NULL) {
		bool theirs;

		struct clearance_rec cl;

		if (ops_clearance_load(tx, a->executor_clearance_ref, &cl, "executor_clearance_ref",
		                       e) != 0)
			return -1;
		theirs = jrec_same(cl.person_id, exec_person);
		clearance_rec_free(&cl);
		if (!theirs) {
			qerr_input(e, "invalid_value", "executor_clearance_ref");
			qerr_detail(e, "the clearance is not the executor's");
			return -1;
		}
	}
	return 0;
}

/* The request's list of carriers as recorded (x->carriers and their copy
 * numbers); 409 a carrier the customer does not hold. */
static int
request_list(struct store_tx *tx, const struct ops_joint_work_request_args *a,
             struct jw_full *x, struct qerr *e)
{
	for (size_t i = 0; i < a->ncarriers; i++) {
		const struct ops_copy_pick *p = &a->carriers[i];
		struct carrier_rec car;
		struct jw_carrier_rec *cr;
		bool oom = false;
		char field[48];

		snprintf(field, sizeof field, "carriers[%zu].carrier_id", i);
		if (ops_carrier_load(tx, p->carrier_id, &car, field, e) != 0)
			return -1;
		if (!jrec_same(car.org_id, a->customer_org_id)) {
			carrier_rec_clear(&car);
			qerr_set(e, QERR_CONFLICT, "invalid_state", "26", field);
			qerr_detail(e, "the carrier is not held by the customer");
			return -1;
		}
		if ((cr = PUSH(x->carriers)) != NULL) {
			cr->ord = (int64_t)i;
			q_strlcpy(cr->carrier_id, car.h.id, sizeof cr->carrier_id);
			cr->copies_given = p->given;
			cr->title = q_strdup_opt(car.title, &oom);
			q_strlcpy(cr->label, car.label, sizeof cr->label);
			q_strlcpy(cr->account_number, car.account_number, sizeof cr->account_number);
			cr->sheets = car.fields & CARRIER_F_SHEETS ? car.sheets : STORE_INT_NULL;
		}
		for (size_t k = 0; cr != NULL && p->given && k < p->n; k++) {
			struct jw_copy_rec *cp = PUSH(x->copies);

			if (cp == NULL) {
				oom = true;
				break;
			}
			cp->list = JW_COPIES_REQUEST;
			cp->item_ord = (int64_t)i;
			cp->ord = (int64_t)k;
			cp->number = p->numbers[k];
		}
		carrier_rec_clear(&car);
		if (cr == NULL || oom)
			return qerr_internal(e, "joint work: out of memory");
	}
	return 0;
}

/* The record's row, the request's fields as given. */
static int
request_row(const struct ops_ctx *c, const struct ops_joint_work_request_args *a,
            const struct person_rec *exec, const struct org_rec *exec_o, qdate received,
            qdate due, struct jw_rec *w, struct qerr *e)
{
	bool oom = false;

	store_id_new("jw", w->h.id);
	q_strlcpy(w->customer_org_id, a->customer_org_id, sizeof w->customer_org_id);
	q_strlcpy(w->executor_org_id, a->executor_org_id ? a->executor_org_id : "",
	          sizeof w->executor_org_id);
	q_strlcpy(w->executor_person_id, a->executor_person_id ? a->executor_person_id : "",
	          sizeof w->executor_person_id);
	q_strlcpy(w->disposing_org_id, a->disposing_org_id ? a->disposing_org_id : "",
	          sizeof w->disposing_org_id);
	w->justification = q_strdup_opt(a->justification, &oom);
	w->state = JW_REQUESTED;
	w->term_from = a->term_from;
	w->term_to = a->term_to;
	q_strlcpy(w->executor_permit_ref, a->executor_permit_ref ? a->executor_permit_ref : "",
	          sizeof w->executor_permit_ref);
	q_strlcpy(w->executor_clearance_ref,
	          a->executor_clearance_ref ? a->executor_clearance_ref : "",
	          sizeof w->executor_clearance_ref);
	w->received_on = received;
	w->response_due_on = due;
	q_strlcpy(w->requested_by, c->actor.user_id, sizeof w->requested_by);
	if (a->executor_person_id != NULL)
		q_strlcpy(w->executor_person_org_id, exec->org_id, sizeof w->executor_person_org_id);
	if (a->executor_org_id != NULL)
		w->executor_city = q_strdup_opt(exec_o->city, &oom);
	w->draft_agreement_ref = q_strdup_opt(a->draft_agreement_ref, &oom);
	w->executor_address = q_strdup_opt(a->executor_address, &oom);
	w->executor_head = q_strdup_opt(a->executor_head, &oom);
	w->executor_residence = q_strdup_opt(a->executor_residence, &oom);
	w->executor_id_issuer = q_strdup_opt(a->executor_id_issuer, &oom);
	w->perm_answered_on = w->agr_signed_on = w->nsc_sent_on = w->prot_date = QDATE_NONE;
	w->canc_raised_on = w->end_date = QDATE_NONE;
	return oom ? qerr_internal(e, "joint work: out of memory") : 0;
}

static int
request_step(const struct ops_ctx *c, const struct ops_joint_work_request_args *a,
             struct jw_full *x, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec exec = {0};
	struct org_rec exec_o = {0};
	struct jw_request rq = {0};
	qdate received = a->received_on != QDATE_NONE ? a->received_on : c->effective_date;
	int ret = -1;

	if (ops_scope(c, a->customer_org_id, e) != 0 || request_input(c, a, received, e) != 0)
		return -1;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	/* 404 and 400 on the parties and each carrier, then permission_required
	 * (Art. 26.1) for a body named that does not dispose of the information
	 * on every carrier: a competence code, before anything about their
	 * state; org_liquidated (Art. 28) likewise. */
	if (request_parties(tx, a, &exec, &exec_o, e) != 0 || request_carriers_load(tx, a, e) != 0 ||
	    ops_docs_org_active(tx, a->customer_org_id, "customer_org_id", e) != 0 ||
	    (a->executor_org_id != NULL &&
	     ops_docs_org_active(tx, a->executor_org_id, "executor_org_id", e) != 0))
		goto done;
	if (request_list(tx, a, x, e) != 0)
		goto done;
	/* permission_request_incomplete, R743 p.4 */
	rq.citizen = a->executor_person_id != NULL;
	rq.ncarriers = a->ncarriers;
	for (size_t i = 0; i < a->ncarriers && rq.first_without_copies == 0; i++)
		if (a->carriers[i].n == 0)
			rq.first_without_copies = i + 1;
	rq.executor = a->executor_org_id != NULL || a->executor_person_id != NULL;
	rq.executor_ident = a->executor_org_id != NULL ? exec_o.bin[0] != '\0'
	                  : a->executor_person_id != NULL && exec.iin[0] != '\0';
	rq.disposing = a->disposing_org_id != NULL;
	rq.justification = a->justification != NULL && a->justification[0] != '\0';
	rq.term_from = a->term_from != QDATE_NONE;
	rq.term_to = a->term_to != QDATE_NONE;
	rq.permit_or_clearance = a->executor_person_id != NULL ? a->executor_clearance_ref != NULL
	                                                       : a->executor_permit_ref != NULL;
	if (jw_request_check(&rq, e) != 0)
		goto done;
	if (request_row(c, a, &exec, &exec_o, received, jw_response_due(c->cal, received), &x->w,
	                e) != 0 ||
	    ops_joint_work_store(tx, x, e) != 0)
		goto done;
	ret = ops_commit(c, tx, "joint_work.request", x->w.h.id, NULL, e);
	tx = NULL;
done:
	store_rollback(tx);
	person_rec_free(&exec);
	org_rec_free(&exec_o);
	return ret;
}

int
ops_joint_work_request(const struct ops_ctx *c, const struct ops_joint_work_request_args *a,
                       struct jw_full *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (request_step(c, a, out, e) == 0)
		return 0;
	jw_full_free(out);
	return ops_refuse(c, "joint_work.request", NULL, e);
}

int
ops_joint_work_get(const struct ops_ctx *c, const char *id, struct jw_full *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_joint_work_load(tx, id, out, e);
	if (rc == 0 && (rc = jw_read_scope(c, tx, out, e)) != 0)
		jw_full_free(out);
	store_rollback(tx);
	return rc;
}

/* ================================ Steps =================================== */

/* POST /v1/joint-works/{id}/permission — the disposing body's written
 * answer (R743 p.5): granted, or refused with its reasons. */
static int
step_permission(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
                const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	const struct ops_joint_work_permission_args *a = &sa->u.permission;
	struct jw_rec *w = &x->w;
	struct jw_dates d;
	enum jw_state next;
	bool disposer, oom = false;

	/* permission_required, Art. 26.1: only the head of the body that
	 * disposes now of the information (the one named, or its successor
	 * under Art. 28), before anything about the request's state. */
	if (disposal_is_current(tx, opt(w->disposing_org_id), c->actor.org_id, &disposer, e) != 0 ||
	    jw_disposer_check(disposer, e) != 0)
		return -1;
	/* A refusal is reasoned (R743 p.5). */
	if (!a->granted && a->reason == NULL) {
		qerr_input(e, "missing_field", "reason");
		qerr_detail(e, "a refusal states the reasons preventing the transfer (R743 p.5)");
		return -1;
	}
	d = jw_dates_of(w);
	if (jw_permission(jw_cur(x), &d, c->effective_date, a->granted, &next, e) != 0)
		return -1;
	/* permission_overdue, R743 p.5: accepted, recorded late. */
	w->perm_late = jw_permission_late(w->response_due_on, c->effective_date);
	w->perm_decision = a->granted ? JW_DECISION_GRANTED : JW_DECISION_REFUSED;
	free(w->perm_reason);
	free(w->perm_ref);
	w->perm_reason = q_strdup_opt(a->reason, &oom);
	w->perm_ref = q_strdup_opt(a->ref, &oom);
	w->perm_answered_on = c->effective_date;
	q_strlcpy(w->perm_by, c->actor.user_id, sizeof w->perm_by);
	w->permission_overdue = w->perm_late;
	if (oom)
		return qerr_internal(e, "joint work: out of memory");
	return jw_set_state(c, x, next, "permission", e);
}

/* The agreement's annex and certificate (R743 p.6, p.7): the permission
 * covers the request's carriers only; the annex lists the carriers, or
 * for the maintenance of an information system a certificate describes
 * them. */
static int
agreement_annex_check(const struct jw_full *x, const struct ops_joint_work_agreement_args *a,
                      bool maintenance, struct qerr *e)
{
	for (size_t i = 0; i < a->annex.n; i++) {
		if (request_carrier(x, a->annex.v[i]) < 0) {
			qerr_set(e, QERR_RULE, "permission_required", "R743 p.7", "annex");
			qerr_detail_key(e, "not_in_permitted_request",
			                "carrier {carrier} was not in the permitted request", "carrier",
			                a->annex.v[i], NULL);
			return -1;
		}
	}
	return jw_annex_check(maintenance, a->annex.n, a->certificate != NULL, e);
}

/* POST /v1/joint-works/{id}/agreement (R743 p.6, p.7) */
static int
step_agreement(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
               const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	const struct ops_joint_work_agreement_args *a = &sa->u.agreement;
	const char *subject = a->subject != NULL ? a->subject : "joint_work";
	struct jw_rec *w = &x->w;
	struct jw_dates d;
	enum jw_state next;
	bool oom = false;

	if (a->signed_on > c->today)
		return qerr_input(e, "date_in_future", "signed_on");
	if (ops_ids_unique(&a->annex, "annex", e) != 0)
		return -1;
	for (size_t i = 0; i < a->annex.n; i++) {
		struct carrier_rec car;

		if (ops_carrier_load(tx, a->annex.v[i], &car, "annex", e) != 0)
			return -1;
		carrier_rec_clear(&car);
	}
	d = jw_dates_of(w);
	/* permission_required (R743 p.7), or 409 */
	if (jw_agreement(jw_cur(x), &d, a->signed_on, &next, e) != 0 ||
	    jw_term_check(w->term_to, a->signed_on, e) != 0 || /* R743 p.4.4 */
	    agreement_annex_check(x, a, strcmp(subject, "information_system_maintenance") == 0,
	                          e) != 0)
		return -1;
	for (size_t i = 0; i < a->annex.n; i++)
		if (ref_push(x, JW_LIST_ANNEX, a->annex.v[i]) != 0)
			return qerr_internal(e, "joint work: out of memory");
	free(w->agr_number);
	free(w->agr_certificate);
	free(w->agr_control_procedure);
	free(w->agr_financing);
	w->agr_number = q_strdup_opt(a->number, &oom);
	w->agr_signed_on = a->signed_on;
	q_strlcpy(w->agr_subject, subject, sizeof w->agr_subject);
	w->agr_certificate = q_strdup_opt(a->certificate, &oom);
	w->agr_control_procedure = q_strdup_opt(a->control_procedure, &oom);
	w->agr_financing = q_strdup_opt(a->financing, &oom);
	q_strlcpy(w->agr_executor_permit_ref, w->executor_permit_ref,
	          sizeof w->agr_executor_permit_ref);
	q_strlcpy(w->agr_executor_clearance_ref, w->executor_clearance_ref,
	          sizeof w->agr_executor_clearance_ref);
	q_strlcpy(w->agr_by, c->actor.user_id, sizeof w->agr_by);
	if (oom || w->agr_number == NULL)
		return qerr_internal(e, "joint work: out of memory");
	return jw_set_state(c, x, next, "agreement", e);
}

/* POST /v1/joint-works/{id}/nsc-notice (R743 p.3.3) */
static int
step_notice(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
            const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	const struct ops_joint_work_notice_args *a = &sa->u.notice;
	struct jw_rec *w = &x->w;
	const char *office = a->nsc_office, *city = w->executor_city;
	struct jw_dates d;
	enum jw_state next;
	bool oom = false;
	char buf[400];

	(void)tx;   /* this step writes only the joint work */
	if (a->sent_on > c->today)
		return qerr_input(e, "date_in_future", "sent_on");
	d = jw_dates_of(w);
	if (jw_nsc_notice(jw_cur(x), &d, a->sent_on, &next, e) != 0)
		return -1;
	if (office == NULL) {
		/* At the place of the executor's activity (R743 p.3.3). */
		snprintf(buf, sizeof buf, "national security authority, %s",
		         city != NULL ? city : "the executor's location");
		office = buf;
	}
	free(w->nsc_office);
	free(w->nsc_ref);
	w->nsc_sent_on = a->sent_on;
	w->nsc_office = q_strdup_opt(office, &oom);
	w->nsc_ref = q_strdup_opt(a->ref, &oom);
	q_strlcpy(w->nsc_by, c->actor.user_id, sizeof w->nsc_by);
	if (oom)
		return qerr_internal(e, "joint work: out of memory");
	return jw_set_state(c, x, next, "nsc_notice", e);
}

/* POST /v1/joint-works/{id}/transfer (R743 p.6, p.7, p.11; Art. 26.1) */
static int
step_transfer(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
              const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	return ops_joint_work_transfer_in(c, tx, x, &sa->u.carrier_ids, NULL, 0, e);
}

/* POST /v1/joint-works/{id}/violations (Art. 26.3, R743 p.9) */
static int
step_violation(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
               const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	(void)tx;   /* this step writes only the joint work */
	return ops_joint_work_violation_apply(c, x, sa->u.description, NULL, e);
}

/* POST /v1/joint-works/{id}/resume — the violations are eliminated; the
 * executor must still hold its permit or clearance (R743 p.11). */
static int
step_resume(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
            const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	enum jw_state next;
	int rc;

	(void)sa;
	if (jw_resume(jw_cur(x), &next, e) != 0)
		return -1;
	for (size_t i = 0; i < x->refs.n; i++) {
		struct carrier_rec car;

		if (x->refs.v[i].list != JW_LIST_HELD)
			continue;
		if (ops_carrier_load(tx, x->refs.v[i].carrier_id, &car, NULL, e) != 0)
			return -1;
		rc = executor_covers(c, tx, &x->w, degree_parse(car.label), e);
		carrier_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return jw_set_state(c, x, next, "resume", e);
}

/* POST /v1/joint-works/{id}/close: every carrier held comes back. */
static int
step_close(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
           const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	enum jw_state next;

	(void)sa;
	if (jw_close(jw_cur(x), &next, e) != 0)
		return -1;
	return ops_joint_work_end(c, tx, x, next, "closed", e);
}

/* POST /v1/joint-works/{id}/cancel: likewise, once raised (R743 p.9). */
static int
step_cancel(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
            const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	enum jw_state next;

	(void)sa;
	if (jw_cancel(jw_cur(x), x->w.cancellation_raised, &next, e) != 0)
		return -1;
	return ops_joint_work_end(c, tx, x, next, "cancelled", e);
}

/* POST /v1/joint-works/{id}/addendum — the customer changes functions, form
 * of ownership, is liquidated or ends the work: the assignee, if it holds
 * the authority, takes its place; the security authority at the executor's
 * location and the disposing body are notified (R743 p.10). */
static int
step_addendum(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
              const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	const struct ops_joint_work_addendum_args *a = &sa->u.addendum;
	struct jw_rec *w = &x->w;
	struct org_rec assignee = {0};
	struct jw_addendum_rec *ad;
	bool liquidated, oom = false;

	if (a->signed_on > c->today)
		return qerr_input(e, "date_in_future", "signed_on");
	if (ops_org_load(tx, a->assignee_org_id, &assignee, "assignee_org_id", e) != 0)
		return -1;
	liquidated = assignee.state == ORG_LIQUIDATED;
	org_rec_free(&assignee);
	if (jrec_same(a->assignee_org_id, w->customer_org_id)) {
		qerr_input(e, "invalid_value", "assignee_org_id");
		qerr_detail(e, "the assignee is the customer itself");
		return -1;
	}
	if (liquidated)
		return qerr_set(e, QERR_CONFLICT, "invalid_state", "28", "assignee_org_id");
	if (jw_addendum(jw_cur(x), e) != 0)
		return -1;
	/* recipient_permit_missing: "if this assignee has the authority" */
	for (size_t i = 0; i < x->carriers.n; i++) {
		if (ops_org_permit_check(tx, a->assignee_org_id,
		                         degree_parse(opt(x->carriers.v[i].label)),
		                         c->effective_date, e) != 0) {
			q_strlcpy(e->field, "assignee_org_id", sizeof e->field);
			return -1;
		}
	}
	/* nsc_notice_missing: the authority at the executor's location (p.10). */
	if (a->nsc_notice_sent_on == QDATE_NONE)
		return qerr_set(e, QERR_RULE, "nsc_notice_missing", "R743 p.10", "nsc_notice_sent_on");
	if ((ad = PUSH(x->addenda)) == NULL)
		return qerr_internal(e, "joint work: out of memory");
	ad->ord = (int64_t)x->addenda.n - 1;
	ad->number = q_strdup_opt(a->number, &oom);
	q_strlcpy(ad->from_org_id, w->customer_org_id, sizeof ad->from_org_id);
	q_strlcpy(ad->assignee_org_id, a->assignee_org_id, sizeof ad->assignee_org_id);
	ad->signed_on = a->signed_on;
	q_strlcpy(ad->reason, a->reason, sizeof ad->reason);
	ad->nsc_notice_sent_on = a->nsc_notice_sent_on;
	ad->disposing_notice_sent_on = a->disposing_notice_sent_on;
	q_strlcpy(ad->by, c->actor.user_id, sizeof ad->by);
	if (oom || ad->number == NULL)
		return qerr_internal(e, "joint work: out of memory");
	q_strlcpy(w->customer_org_id, a->assignee_org_id, sizeof w->customer_org_id);
	return 0;
}

/* The permit marks: does an active permit of `org` mark `other`? */
static int
permit_marked(const struct ops_ctx *c, struct store_tx *tx, const char *org, const char *other,
              bool *out, struct qerr *e)
{
	struct permit_rec *p = NULL;
	size_t n = 0;

	*out = false;
	if (ops_org_permits(tx, org, &p, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!permit_valid_on(permit_state_name(p[i].state), p[i].issued_on,
		                     p[i].valid_until, c->today))
			continue;
		for (size_t k = 0; k < p[i].nmarks; k++)
			if (jrec_same(p[i].marks[k].org_id, other))
				*out = true;
	}
	ops_permits_free(p, n);
	return 0;
}

/* The facts of Art. 26.2 / R743 p.8 about the executor and the provider. */
static int
protection_facts(const struct ops_ctx *c, struct store_tx *tx, const char *exec_org,
                 const char *pid, struct jw_protection_facts *f, struct qerr *e)
{
	struct org_rec exec = {0}, prov = {0};
	int rc = -1;

	if (exec_org != NULL && ops_org_load(tx, exec_org, &exec, NULL, e) != 0)
		goto done;
	if (pid != NULL && ops_org_load(tx, pid, &prov, "provider_org_id", e) != 0)
		goto done;
	f->executor_is_org = exec_org != NULL;
	f->executor_foreign = exec_org != NULL && exec.foreign_participation;
	if (pid != NULL) {
		f->provider = true;
		f->provider_foreign = prov.foreign_participation;
		f->provider_state_share = isnan(prov.state_share) ? 0 : prov.state_share;
		f->same_city = exec_org != NULL && jrec_same(prov.city, exec.city);
		if (exec_org != NULL &&
		    (ops_subordinated(tx, exec_org, pid, &f->provider_affiliated, e) != 0 ||
		     permit_marked(c, tx, exec_org, pid, &f->executor_permit_marked, e) != 0 ||
		     permit_marked(c, tx, pid, exec_org, &f->provider_permit_marked, e) != 0))
			goto done;
	}
	rc = 0;
done:
	org_rec_free(&exec);
	org_rec_free(&prov);
	return rc;
}

/* POST /v1/joint-works/{id}/protection — who protects the secrets at the
 * executor (Art. 26.2, R743 p.8). */
static int
step_protection(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
                const struct ops_joint_work_step_args *sa, struct qerr *e)
{
	const struct ops_joint_work_protection_args *a = &sa->u.protection;
	enum jw_protection kind = jw_protection_parse(a->arrangement);
	struct jw_rec *w = &x->w;
	const char *exec_org = opt(w->executor_org_id), *pid = a->provider_org_id, *prov;
	struct jw_protection_facts f = {0};
	enum jw_state s;
	bool oom = false;

	if ((kind == JW_PROT_QUASI_PUBLIC || kind == JW_PROT_STATE_PROVIDER) && pid == NULL)
		return qerr_input(e, "missing_field", "provider_org_id");
	/* 404s of the parties before the state (SPEC.md §5) */
	if ((exec_org != NULL && ops_org_exists_in(tx, exec_org, NULL, e) != 0) ||
	    (pid != NULL && ops_org_exists_in(tx, pid, "provider_org_id", e) != 0))
		return -1;
	s = jw_cur(x);
	if (s == JW_REFUSED || s == JW_CLOSED || s == JW_CANCELLED || s == JW_UNKNOWN)
		return qerr_set(e, QERR_CONFLICT, "invalid_state", "26", NULL);
	if (protection_facts(c, tx, exec_org, pid, &f, e) != 0 ||
	    jw_protection_check(kind, &f, e) != 0)
		return -1;
	prov = kind == JW_PROT_CUSTOMER ? w->customer_org_id
	     : kind == JW_PROT_EXECUTOR_OWN ? exec_org : pid;
	q_strlcpy(w->prot_arrangement, a->arrangement, sizeof w->prot_arrangement);
	q_strlcpy(w->prot_provider_org_id, prov != NULL ? prov : "", sizeof w->prot_provider_org_id);
	free(w->prot_agreement_ref);
	w->prot_agreement_ref = q_strdup_opt(a->agreement_ref, &oom);
	w->prot_date = c->effective_date;
	q_strlcpy(w->prot_by, c->actor.user_id, sizeof w->prot_by);
	return oom ? qerr_internal(e, "joint work: out of memory") : 0;
}

/* ============================ The step frame ============================== */

typedef int (*jw_scope_fn)(const struct ops_ctx *c, struct store_tx *tx,
                           const struct jw_full *x, struct qerr *e);
typedef int (*jw_apply_fn)(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *x,
                           const struct ops_joint_work_step_args *a, struct qerr *e);

/* The flow every step shares (SPEC.md §5): 404 the joint work, 403 (the
 * customer's, or for the disposing body's step jw_disposing_scope), the
 * body's decode error, the step, store, commit with the audit entry; a
 * refusal rolls back and is recorded. */
static int
jw_step(const struct ops_ctx *c, const struct ops_joint_work_step_args *a, bool disposing,
        const char *action, jw_apply_fn apply, struct jw_full *x, struct qerr *e)
{
	jw_scope_fn scope = disposing ? jw_disposing_scope : jw_customer_scope;
	struct store_tx *tx = NULL;

	memset(x, 0, sizeof *x);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_joint_work_load(tx, a->id, x, e) != 0 || scope(c, tx, x, e) != 0)
		goto fail;
	if (a->input != NULL && qerr_is_set(a->input)) {
		*e = *a->input;
		goto fail;
	}
	if (apply(c, tx, x, a, e) != 0 || ops_joint_work_store(tx, x, e) != 0)
		goto fail;
	if (ops_commit(c, tx, action, x->w.h.id, NULL, e) != 0) {
		jw_full_free(x);
		return -1;
	}
	return 0;
fail:
	store_rollback(tx);
	jw_full_free(x);
	return ops_refuse(c, action, NULL, e);
}

int
ops_joint_work_permission(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                          struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, true, "joint_work.permission", step_permission, out, e);
}

int
ops_joint_work_agreement(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                         struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.agreement", step_agreement, out, e);
}

int
ops_joint_work_notice(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                      struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.nsc_notice", step_notice, out, e);
}

int
ops_joint_work_transfer(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                        struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.transfer", step_transfer, out, e);
}

int
ops_joint_work_protection(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                          struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.protection", step_protection, out, e);
}

int
ops_joint_work_violation(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                         struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.violation", step_violation, out, e);
}

int
ops_joint_work_resume(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                      struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.resume", step_resume, out, e);
}

int
ops_joint_work_close(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                     struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.close", step_close, out, e);
}

int
ops_joint_work_cancel(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                      struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.cancel", step_cancel, out, e);
}

int
ops_joint_work_addendum(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                        struct jw_full *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.addendum", step_addendum, out, e);
}
