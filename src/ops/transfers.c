/*
 * transfers.c — transfers between state bodies and organizations (Art. 25)
 * and liquidation (Art. 28): see transfers.h.
 *
 * An act is a typed row (core/transfer_rec.h, store/tables_transfers.h)
 * with its carriers and copies; the carriers it reads and moves are
 * struct carrier_rec (ops/carrier_store.h; custody per copy:
 * core/custody_rec.h), their copy numbers C arrays (struct ops_nums).
 *
 * Invariants: nothing is written before every check of the act passed; a
 * refusal rolls the whole step back and is recorded by ops_refuse.
 *
 * SECURITY: ids come from validated arguments and are only looked up; the
 * sender's organization scopes who may transfer.
 */
#include "ops/transfers.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/carrier.h"
#include "core/degree.h"
#include "core/transfer.h"
#include "core/transfer_rec.h"
#include "core/custody_rec.h"
#include "store/tables_transfers.h"
#include "ops/carrier_store.h"
#include "ops/items.h"
#include "ops/orgs.h"
#include "store/tables_org.h"

/* *out: the recipient disposes of every information item of the carriers
 * (Art. 15: the information's organization). */
static int
recipient_disposes(struct store_tx *tx, const struct carrier_rec *cars, size_t n,
                   const char *to, bool *out, struct qerr *e)
{
	*out = true;
	for (size_t i = 0; i < n && *out; i++) {
		for (size_t k = 0; k < cars[i].n_information; k++) {
			struct info_rec info;

			if (ops_info_load(tx, cars[i].information_ids[k], &info, NULL, e) != 0)
				return -1;
			if (!jrec_same(info.org_id, to))
				*out = false;
			info_rec_free(&info);
			if (!*out)
				break;
		}
	}
	return 0;
}

/* The carrier's name in a detail: its account number, else its id. */
static const char *
car_name(const struct carrier_rec *car)
{
	return car->account_number[0] ? car->account_number : car->h.id;
}

/* The copy numbers the selection names for car into *nums, or, without a
 * selection, every copy `from` holds outright (409 when none). */
static int
transfer_copies(const struct ops_transfer_args *a, const struct carrier_rec *car,
                const char *from, struct ops_nums *nums, struct qerr *e)
{
	for (size_t i = 0; a->selection && i < a->ncarriers; i++) {
		if (jrec_same(a->carriers[i].carrier_id, car->h.id)) {
			if (ops_nums_set(nums, a->carriers[i].numbers, a->carriers[i].n) != 0)
				return qerr_internal(e, "transfer: out of memory");
			return 0;
		}
	}
	if (ops_copies_held_rec(car, from, nums) != 0)
		return qerr_internal(e, "transfer: out of memory");
	if (!a->selection && nums->n == 0) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "26", "carrier_ids");
		if (custody_rec_org_holds(car, from))
			qerr_detail_key(e, "held_under_joint_work",
			                "carrier {carrier} is held under a joint work; it returns on close",
			                "carrier", car_name(car), NULL);
		else
			qerr_detail_key(e, "sender_holds_no_copy",
			                "the sender holds no copy of carrier {carrier}", "carrier",
			                car_name(car), NULL);
		return -1;
	}
	return 0;
}

/* The sender: the actor's organization where it has to do with every
 * carrier (custody per copy); a cross-organization user sends for the
 * holder of the carriers, one holder per act. 403 otherwise. */
static int
transfer_sender(const struct ops_ctx *c, const struct carrier_rec *cars, size_t n,
                char from[STORE_ID_MAX], struct qerr *e)
{
	q_strlcpy(from, c->actor.org_id, STORE_ID_MAX);
	for (size_t i = 0; i < n; i++) {
		bool concerned = custody_rec_org_holds(&cars[i], from) ||
		                 jrec_same(cars[i].org_id, from);

		/* A sender that holds no copy (e.g. it sent them all) sees the
		 * record but may not act on it: 403. */
		if (concerned)
			continue;
		if (ops_scope(c, cars[i].org_id, e) != 0)
			return -1;
		if (i > 0) {
			qerr_input(e, "invalid_value", "carrier_ids");
			qerr_detail(e, "one act transfers carriers of one holder");
			return -1;
		}
		q_strlcpy(from, cars[0].org_id, STORE_ID_MAX);
	}
	return 0;
}

/* The recipient: 404, 400 the sender itself or a foreign recipient. */
static int
transfer_recipient(struct store_tx *tx, const char *to_id, const char *from,
                   struct org_rec *to, struct qerr *e)
{
	if (ops_org_load(tx, to_id, to, "to_org_id", e) != 0)
		return -1;
	if (jrec_same(to->h.id, from)) {
		qerr_input(e, "invalid_value", "to_org_id");
		qerr_detail(e, "the carriers are already held there");
		return -1;
	}
	if (ops_org_foreign(to)) {
		qerr_input(e, "invalid_value", "to_org_id");
		qerr_detail(e, "a foreign recipient is Art. 27: /v1/foreign-transfers");
		return -1;
	}
	return 0;
}

/* The basis without a joint work (Art. 25.1), then the recipient's permit
 * for every carrier's label (Art. 26.1, R743 p.11). */
static int
transfer_basis(const struct ops_ctx *c, struct store_tx *tx, const struct ops_transfer_args *a,
               const struct carrier_rec *cars, size_t n, const char *from, const char *to,
               struct transfer_basis *b, struct qerr *e)
{
	if (ops_subordinated(tx, from, to, &b->subordinated, e) != 0 ||
	    recipient_disposes(tx, cars, n, to, &b->recipient_disposes, e) != 0)
		return -1;
	b->successor = a->successor_ref != NULL;
	b->authorized_body = a->authorized_body_ref != NULL;
	b->sanction = a->sanction_ref != NULL;
	if (transfer_sanction_check(b, e) != 0)   /* sanction_required, Art. 25.1 */
		return -1;
	for (size_t i = 0; i < n; i++) {
		/* recipient_permit_missing, Art. 26.1, R743 p.11 (Art. 25.2, 34) */
		if (ops_org_permit_check(tx, to, degree_parse(cars[i].label),
		                         c->effective_date, e) != 0) {
			q_strlcpy(e->field, "to_org_id", sizeof e->field);
			return -1;
		}
	}
	return 0;
}

struct transfer_work {
	struct carrier_rec *cars;
	struct ops_nums *nums;
	size_t n;
};

static void
transfer_work_clear(struct transfer_work *w)
{
	for (size_t i = 0; w->cars != NULL && i < w->n; i++) {
		carrier_rec_clear(&w->cars[i]);
		if (w->nums != NULL)
			ops_nums_free(&w->nums[i]);
	}
	free(w->cars);
	free(w->nums);
}

/* The copies of each carrier to move: checked (400, 409). */
static int
transfer_pick(const struct ops_transfer_args *a, struct transfer_work *w, const char *from,
              struct qerr *e)
{
	const char *field = a->selection ? "carriers" : "carrier_ids";

	for (size_t i = 0; i < w->n; i++) {
		enum carrier_state cs = carrier_state_parse(w->cars[i].state);
		int nout;

		if (transfer_copies(a, &w->cars[i], from, &w->nums[i], e) != 0)
			return -1;
		nout = ops_copies_check_rec(&w->cars[i], from, NULL, w->nums[i].v, w->nums[i].n, field,
		                            e);
		if (nout < 0)
			return -1;
		/* Another copy issued at home does not hold these back. */
		if (transfer_movable(cs == CARRIER_ISSUED && nout == 0 ? CARRIER_REGISTERED : cs,
		                     nout, e) != 0)
			return -1;
	}
	return 0;
}

/* The act as recorded: its row and its carriers with the copies moved. */
static int
transfer_build(const struct ops_ctx *c, const struct ops_transfer_args *a,
               const struct transfer_work *w, const char *from, const char *to,
               const char *basis, const char *jw_id, struct transfer_full *f, struct qerr *e)
{
	struct transfer_rec *t = &f->t;
	bool oom = false;

	store_id_new("transfer", t->h.id);
	q_strlcpy(t->from_org_id, from, sizeof t->from_org_id);
	q_strlcpy(t->to_org_id, to, sizeof t->to_org_id);
	t->basis = transfer_basis_parse(basis);
	t->sanction_ref = q_strdup_opt(a->sanction_ref, &oom);
	t->successor_ref = q_strdup_opt(a->successor_ref, &oom);
	t->authorized_body_ref = q_strdup_opt(a->authorized_body_ref, &oom);
	t->act_number = q_strdup_opt(a->act_number, &oom);
	q_strlcpy(t->joint_work_id, jw_id != NULL ? jw_id : "", sizeof t->joint_work_id);
	t->date = c->effective_date;
	q_strlcpy(t->by, c->actor.user_id, sizeof t->by);
	t->state = 0;   /* done */
	t->carriers_listed = true;
	f->items = calloc(w->n, sizeof *f->items);
	if (oom || f->items == NULL)
		return qerr_internal(e, "transfer: out of memory");
	f->nitems = w->n;
	for (size_t i = 0; i < w->n; i++) {
		struct transfer_item *it = &f->items[i];

		q_strlcpy(it->carrier_id, w->cars[i].h.id, sizeof it->carrier_id);
		if (w->nums[i].n == 0)
			continue;
		it->numbers = calloc(w->nums[i].n, sizeof *it->numbers);
		if (it->numbers == NULL)
			return qerr_internal(e, "transfer: out of memory");
		memcpy(it->numbers, w->nums[i].v, w->nums[i].n * sizeof *it->numbers);
		it->n = w->nums[i].n;
	}
	return 0;
}

int
ops_transfer_insert(struct store_tx *tx, struct transfer_full *f, struct qerr *e)
{
	if (store_row_insert(tx, &store_transfer_table, &f->t, e) != 0)
		return -1;
	for (size_t i = 0; i < f->nitems; i++) {
		struct transfer_carrier_rec tc = {.ord = (int64_t)i};

		store_id_new("tcar", tc.h.id);
		q_strlcpy(tc.transfer_id, f->t.h.id, sizeof tc.transfer_id);
		q_strlcpy(tc.carrier_id, f->items[i].carrier_id, sizeof tc.carrier_id);
		if (store_row_insert(tx, &store_transfer_carrier_table, &tc, e) != 0)
			return -1;
		for (size_t k = 0; f->t.carriers_listed && k < f->items[i].n; k++) {
			struct transfer_copy_rec cp = {.carrier_ord = (int64_t)i, .ord = (int64_t)k,
			                               .number = f->items[i].numbers[k]};

			store_id_new("tcopy", cp.h.id);
			q_strlcpy(cp.transfer_id, f->t.h.id, sizeof cp.transfer_id);
			if (store_row_insert(tx, &store_transfer_copy_table, &cp, e) != 0)
				return -1;
		}
	}
	return 0;
}

static int
transfer_step(const struct ops_ctx *c, const struct ops_transfer_args *a,
              struct transfer_full *rec, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec to = {0};
	struct jw_full jw = {0};
	struct transfer_basis b = {0};
	struct transfer_work w = {.n = a->carrier_ids.n};
	char from[STORE_ID_MAX];
	bool jw_found = false;
	int ret = -1;

	if (w.n == 0)
		return qerr_input(e, "invalid_value", a->selection ? "carriers" : "carrier_ids");
	if (ops_ids_unique(&a->carrier_ids, "carrier_ids", e) != 0)
		return -1;
	w.cars = calloc(w.n, sizeof *w.cars);
	w.nums = calloc(w.n, sizeof *w.nums);
	if (w.cars == NULL || w.nums == NULL) {
		qerr_internal(e, "transfer: out of memory");
		goto done;
	}
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	for (size_t i = 0; i < w.n; i++)
		if (ops_carrier_load(tx, a->carrier_ids.v[i], &w.cars[i], "carrier_ids", e) != 0)
			goto done;
	/* 403: the sender's security officer transfers what its organization
	 * has to do with (custody per copy). */
	if (transfer_sender(c, w.cars, w.n, from, e) != 0 ||
	    transfer_recipient(tx, a->to_org_id, from, &to, e) != 0)
		goto done;
	/* org_liquidated (Art. 28): neither party is liquidated. */
	if (ops_docs_org_active(tx, from, "carrier_ids", e) != 0 ||
	    ops_docs_org_active(tx, to.h.id, "to_org_id", e) != 0)
		goto done;
	if (transfer_pick(a, &w, from, e) != 0)
		goto done;
	/* Under a joint work the joint work's rules decide (Art. 25.1, 26). */
	if (ops_joint_work_find(tx, from, to.h.id, &jw, &jw_found, e) != 0)
		goto done;
	if (jw_found) {
		if (ops_joint_work_transfer_in(c, tx, &jw, &a->carrier_ids, a->carriers, a->ncarriers,
		                               e) != 0 ||
		    ops_joint_work_store(tx, &jw, e) != 0)
			goto done;
		b.joint_work = true;
	} else if (transfer_basis(c, tx, a, w.cars, w.n, from, to.h.id, &b, e) != 0) {
		goto done;
	}
	if (transfer_build(c, a, &w, from, to.h.id, transfer_basis_name(&b),
	                   jw_found ? jw.w.h.id : NULL, rec, e) != 0)
		goto done;
	if (!jw_found) {
		struct movement_rec act = {.copy_number = STORE_INT_NULL, .found = STORE_INT_NULL};

		act.more = MOVE_M_TRANSFER | MOVE_M_BASIS;
		q_strlcpy(act.transfer_id, rec->t.h.id, sizeof act.transfer_id);
		q_strlcpy(act.basis, transfer_basis_name(&b), sizeof act.basis);
		for (size_t i = 0; i < w.n; i++)
			if (ops_copies_move_rec(c, tx, &w.cars[i], from, to.h.id, NULL, w.nums[i].v,
			                        w.nums[i].n, NULL, &act, e) != 0)
				goto done;
	}
	if (ops_transfer_insert(tx, rec, e) != 0)
		goto done;
	ret = ops_commit(c, tx, "transfer.create", rec->t.h.id, NULL, e);
	tx = NULL;
done:
	store_rollback(tx);
	transfer_work_clear(&w);
	org_rec_free(&to);
	jw_full_free(&jw);
	return ret;
}

int
ops_transfer_create(const struct ops_ctx *c, const struct ops_transfer_args *a,
                    struct transfer_full *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (transfer_step(c, a, out, e) == 0)
		return 0;
	transfer_full_free(out);
	return ops_refuse(c, "transfer.create", NULL, e);
}

/* ---- reading an act ---------------------------------------------------- */

struct items_ctx {
	struct transfer_full *f;
	bool oom, bad;
};

static int
carrier_cb(void *ctx, const void *row)
{
	struct items_ctx *x = ctx;
	const struct transfer_carrier_rec *tc = row;
	struct transfer_item *it;

	if (tc->ord != (int64_t)x->f->nitems) {
		x->bad = true;
		return 1;
	}
	it = realloc(x->f->items, (x->f->nitems + 1) * sizeof *it);
	if (it == NULL) {
		x->oom = true;
		return 1;
	}
	x->f->items = it;
	it = &x->f->items[x->f->nitems++];
	memset(it, 0, sizeof *it);
	q_strlcpy(it->carrier_id, tc->carrier_id, sizeof it->carrier_id);
	return 0;
}

static int
copy_cb(void *ctx, const void *row)
{
	struct items_ctx *x = ctx;
	const struct transfer_copy_rec *cp = row;
	struct transfer_item *it;
	int *v;

	if (cp->carrier_ord < 0 || cp->carrier_ord >= (int64_t)x->f->nitems) {
		x->bad = true;
		return 1;
	}
	it = &x->f->items[cp->carrier_ord];
	v = realloc(it->numbers, (it->n + 1) * sizeof *v);
	if (v == NULL) {
		x->oom = true;
		return 1;
	}
	it->numbers = v;
	it->numbers[it->n++] = (int)cp->number;
	return 0;
}

/* The carriers and copies of the act f->t (its row read already). */
static int
transfer_items_load(struct store_tx *tx, struct transfer_full *f, struct qerr *e)
{
	struct store_where w = STORE_W_STR("transfer_id", f->t.h.id);
	struct items_ctx x = {.f = f};

	if (store_row_list(tx, &store_transfer_carrier_table, &w, 1, 0, 0, carrier_cb, &x, e) < 0)
		return -1;
	if (!x.oom && !x.bad &&
	    store_row_list(tx, &store_transfer_copy_table, &w, 1, 0, 0, copy_cb, &x, e) < 0)
		return -1;
	if (x.oom)
		return qerr_internal(e, "transfer: out of memory");
	if (x.bad)
		return qerr_internal(e, "transfer: carriers out of order");
	return 0;
}

int
ops_transfer_load(struct store_tx *tx, const char *id, struct transfer_full *out,
                  struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_transfer_table, id, &out->t, e) != 0)
		return -1;
	if (transfer_items_load(tx, out, e) != 0) {
		transfer_full_free(out);
		return -1;
	}
	return 0;
}

int
ops_transfer_get(const struct ops_ctx *c, const char *id, struct transfer_full *out,
                 struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_transfer_load(tx, id, out, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	/* The act: the sender, the recipient, or across. */
	if (ops_scope(c, out->t.from_org_id, e) == 0)
		return 0;
	qerr_clear(e);
	if (ops_scope(c, out->t.to_org_id, e) == 0)
		return 0;
	transfer_full_free(out);
	return -1;
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
	struct each_ctx *x = ctx;
	const struct transfer_rec *t = row;
	struct transfer_full f = {0};
	int rc;

	bool oom = false;

	/* the row is the list's: copy it, duplicating its strings */
	f.t = *t;
	f.t.sanction_ref = q_strdup_opt(t->sanction_ref, &oom);
	f.t.successor_ref = q_strdup_opt(t->successor_ref, &oom);
	f.t.authorized_body_ref = q_strdup_opt(t->authorized_body_ref, &oom);
	f.t.act_number = q_strdup_opt(t->act_number, &oom);
	if (oom) {
		transfer_full_free(&f);
		return qerr_internal(x->e, "transfers: out of memory");
	}
	if (transfer_items_load(x->tx, &f, x->e) != 0) {
		transfer_full_free(&f);
		return -1;
	}
	rc = x->fn(x->ctx, &f);
	transfer_full_free(&f);
	return rc;
}

int64_t
ops_transfers_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                   int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct ops_transfer_query *tq = q;
	struct store_where w[2];
	size_t nw = 0;
	struct each_ctx x = {tx, fn, ctx, e};

	if (tq->from_org_id != NULL)
		w[nw++] = STORE_W_STR("from_org_id", tq->from_org_id);
	if (tq->to_org_id != NULL)
		w[nw++] = STORE_W_STR("to_org_id", tq->to_org_id);
	return store_row_list(tx, &store_transfer_table, w, nw, after_seq, limit, each_cb, &x, e);
}

/* ============================== Liquidation ================================ */

struct liq_ctx {
	const char *org;
	struct ops_liquidate_result *out;   /* carriers: held, block; joint_works: open
	                                     * as customer, block */
	carrier_id_t *as_executor;          /* joint works to end (R743 p.10) */
	size_t nexec;
	bool oom;
	int64_t last;                       /* the walk's page: the last seq seen */
	int page;
};

static bool
jw_open(const struct jw_rec *jw)
{
	enum jw_state s = (enum jw_state)jw->state;

	return !(s == JW_REFUSED || s == JW_CLOSED || s == JW_CANCELLED);
}

static bool
liq_executes(const struct liq_ctx *c, const char *jw)
{
	for (size_t i = 0; i < c->nexec; i++)
		if (strcmp(c->as_executor[i], jw) == 0)
			return true;
	return false;
}

/* Whether the organization's custody of car blocks; *jw the joint work to
 * name (the carrier's, or that of a copy that blocks). */
static bool
liq_blocks(const struct liq_ctx *c, const struct carrier_rec *car, const char **jw)
{
	bool block = false;

	*jw = car->more & CARRIER_M_JOINT_WORK && car->joint_work_id[0] ? car->joint_work_id
	                                                                 : NULL;
	/* Custody per copy: the copies the organization holds. One held as
	 * the executor of a joint work that ends now, and not issued, returns
	 * to its customer; any other blocks. Its own registry's carrier blocks
	 * even with every copy away. */
	for (size_t i = 0; i < car->n_copies; i++) {
		const struct carrier_copy_rec *cp = &car->copies[i];
		const char *cjw = custody_rec_copy_joint_work(cp);

		if (!custody_rec_copy_held_by(car, cp, c->org))
			continue;
		if (cjw != NULL && liq_executes(c, cjw) &&
		    carrier_copy_state_parse(cp->state) != CARRIER_COPY_ISSUED)
			continue;
		block = true;
		if (cjw != NULL)
			*jw = cjw;
	}
	return block || (jrec_same(car->org_id, c->org) && !custody_rec_org_holds(car, c->org));
}

static int
held_cb(void *ctx, const struct carrier_rec *car)
{
	struct liq_ctx *c = ctx;
	struct ops_liq_carrier *v;
	const char *jw;

	c->last = car->h.seq;
	c->page++;
	if (liq_blocks(c, car, &jw)) {
		v = realloc(c->out->carriers, (c->out->ncarriers + 1) * sizeof *v);
		if (v == NULL) {
			c->oom = true;
		} else {
			c->out->carriers = v;
			v = &v[c->out->ncarriers++];
			memset(v, 0, sizeof *v);
			q_strlcpy(v->id, car->h.id, sizeof v->id);
			q_strlcpy(v->account_number, car->account_number, sizeof v->account_number);
			q_strlcpy(v->label, car->label, sizeof v->label);
			q_strlcpy(v->state, car->state, sizeof v->state);
			q_strlcpy(v->joint_work_id, jw != NULL ? jw : "", sizeof v->joint_work_id);
		}
	}
	return 0;
}

static int
jw_customer_cb(void *ctx, const void *row)
{
	struct liq_ctx *c = ctx;
	const struct jw_rec *jw = row;
	struct ops_liq_jw *v;

	if (!jw_open(jw))
		return 0;
	v = realloc(c->out->joint_works, (c->out->njoint_works + 1) * sizeof *v);
	if (v == NULL) {
		c->oom = true;
		return 0;
	}
	c->out->joint_works = v;
	v = &v[c->out->njoint_works++];
	q_strlcpy(v->id, jw->h.id, sizeof v->id);
	q_strlcpy(v->state, jw_rec_state_names[jw->state], sizeof v->state);
	return 0;
}

static int
jw_executor_cb(void *ctx, const void *row)
{
	struct liq_ctx *c = ctx;
	const struct jw_rec *jw = row;
	carrier_id_t *v;

	if (!jw_open(jw))
		return 0;
	v = realloc(c->as_executor, (c->nexec + 1) * sizeof *v);
	if (v == NULL) {
		c->oom = true;
		return 0;
	}
	c->as_executor = v;
	q_strlcpy(v[c->nexec++], jw->h.id, sizeof *v);
	return 0;
}

/* What the organization still holds and orders (the lists of
 * liquidation_blocked) and the joint works it executes. */
static int
liq_survey(struct store_tx *tx, struct liq_ctx *c, struct qerr *e)
{
	static const char *const held[] = {"registered", "issued"};
	struct store_where we = STORE_W_STR("executor_org_id", c->org);
	struct store_where wc = STORE_W_STR("customer_org_id", c->org);

	if (store_row_list(tx, &store_jw_table, &we, 1, 0, 0, jw_executor_cb, c, e) < 0 ||
	    store_row_list(tx, &store_jw_table, &wc, 1, 0, 0, jw_customer_cb, c, e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof held / sizeof held[0]; i++) {
		/* Every carrier the organization registers or holds a copy of,
		 * typed, page by page. */
		struct store_query q = {.kind = "carrier", .state = held[i],
		                        .limit = STORE_PAGE_MAX};
		struct store_tag t = {STORE_TAG_PARTY, c->org};

		c->last = 0;
		do {
			q.after_seq = c->last;
			c->page = 0;
			if (store_carrier_list(tx, &q, &t, 1, held_cb, c, e) != 0)
				return -1;
		} while (c->page == STORE_PAGE_MAX);
	}
	if (c->oom)
		return qerr_internal(e, "liquidation: out of memory");
	return 0;
}

/* R743 p.10: the executor's joint works end; carriers go back. */
static int
liq_end_works(const struct ops_ctx *c, struct store_tx *tx, const struct liq_ctx *lc,
              struct qerr *e)
{
	for (size_t i = 0; i < lc->nexec; i++) {
		struct jw_full jw;
		int rc;

		if (ops_joint_work_load(tx, lc->as_executor[i], &jw, e) != 0)
			return -1;
		rc = ops_joint_work_end(c, tx, &jw, JW_CLOSED, "executor_liquidated", e);
		if (rc == 0)
			rc = ops_joint_work_store(tx, &jw, e);
		jw_full_free(&jw);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int
liquidate_step(const struct ops_ctx *c, const struct ops_liquidate_args *a,
               struct ops_liquidate_result *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct org_rec *org = &out->org;
	struct liq_ctx lc = {0};
	const char *succ_id = a->successor_org_id;
	int ret = -1;

	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_org_load(tx, a->org_id, org, NULL, e) != 0 || ops_scope(c, org->h.id, e) != 0)
		goto done;
	if (a->input != NULL && qerr_is_set(a->input)) {
		*e = *a->input;
		goto done;
	}
	if (succ_id != NULL && ops_org_exists_in(tx, succ_id, "successor_org_id", e) != 0)
		goto done;
	if (jrec_same(succ_id, org->h.id)) {
		qerr_input(e, "invalid_value", "successor_org_id");
		goto done;
	}
	if (org->state == ORG_LIQUIDATED) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "28", NULL);
		qerr_detail(e, "the organization is already liquidated");
		goto done;
	}
	lc.org = org->h.id;
	lc.out = out;
	if (liq_survey(tx, &lc, e) != 0)
		goto done;
	/* liquidation_blocked, Art. 28 (R743 p.10) */
	if (transfer_liquidation_check(out->ncarriers, out->njoint_works, e) != 0) {
		out->blocked = true;
		goto done;
	}
	if (liq_end_works(c, tx, &lc, e) != 0)
		goto done;
	org->state = ORG_LIQUIDATED;
	org->liquidated_on = c->effective_date;
	q_strlcpy(org->successor_org_id, succ_id ? succ_id : "", sizeof org->successor_org_id);
	if (store_row_update(tx, &store_org_table, org, e) != 0)
		goto done;
	ret = ops_commit(c, tx, "org.liquidate", org->h.id, NULL, e);
	tx = NULL;
done:
	store_rollback(tx);
	free(lc.as_executor);
	return ret;
}

int
ops_org_liquidate(const struct ops_ctx *c, const struct ops_liquidate_args *a,
                  struct ops_liquidate_result *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (liquidate_step(c, a, out, e) == 0)
		return 0;
	org_rec_free(&out->org);
	if (!out->blocked) {
		free(out->carriers);
		free(out->joint_works);
		out->carriers = NULL;
		out->joint_works = NULL;
		out->ncarriers = out->njoint_works = 0;
	}
	return ops_refuse(c, "org.liquidate", NULL, e);
}

void
ops_liquidate_result_clear(struct ops_liquidate_result *r)
{
	org_rec_free(&r->org);
	free(r->carriers);
	free(r->joint_works);
	r->carriers = NULL;
	r->joint_works = NULL;
	r->ncarriers = r->njoint_works = 0;
	r->blocked = false;
}
