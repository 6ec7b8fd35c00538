/*
 * foreign.c — transfer of state secrets abroad (Art. 27), one procedure
 * per step: see foreign.h.
 *
 * A proposal is a typed row with its carriers, organizations and history
 * (core/foreign_rec.h, store/tables_transfers.h); the carriers it reads
 * and hands out are struct carrier_rec (ops/carrier_store.h; custody per
 * copy: core/custody_rec.h), their journal entries typed (struct
 * movement_rec); every allocation is checked and a failure rolls the step
 * back.
 *
 * SECURITY: ids come from validated arguments and are only looked up.
 */
#include "ops/foreign.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/carrier.h"
#include "core/foreign.h"
#include "core/transfer.h"
#include "core/custody_rec.h"
#include "ops/carrier_store.h"
#include "ops/items.h"
#include "ops/moves.h"
#include "ops/orgs.h"
#include "store/store_json.h"
#include "store/tables_transfers.h"

static struct ft_dates
ft_dates_of(const struct foreign_rec *f)
{
	struct ft_dates d = {
		.proposed_on = f->proposed_on,
		.opined_on = f->opinion_positive ? f->opinion_date : QDATE_NONE,
		.decided_on = f->decision_date,
		.contracted_on = f->contract_date,
	};

	return d;
}

static const char *
ft_state_str(const struct foreign_rec *f)
{
	return foreign_state_names[f->state];
}

/* The new state and its history entry (stored with the row). */
static int
ft_set_state(const struct ops_ctx *c, struct foreign_full *x, enum ft_state next,
             const char *step, struct qerr *e)
{
	struct foreign_step_rec *h = realloc(x->history, (x->nhistory + 1) * sizeof *h);

	if (h == NULL)
		return qerr_internal(e, "foreign transfer: out of memory");
	x->history = h;
	h = &x->history[x->nhistory];
	memset(h, 0, sizeof *h);
	h->ord = (int64_t)x->nhistory++;
	q_strlcpy(h->from, ft_state_str(&x->f), sizeof h->from);
	q_strlcpy(h->to, ft_state_name(next), sizeof h->to);
	q_strlcpy(h->step, step, sizeof h->step);
	h->date = c->effective_date;
	q_strlcpy(h->by, c->actor.user_id, sizeof h->by);
	x->f.state = (int)next;
	return 0;
}

/* Appends id to the list (*v, *n) unless there; -1 out of memory. */
static int
ids_add(foreign_id **v, size_t *n, const char *id)
{
	foreign_id *g;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], id) == 0)
			return 0;
	if ((g = realloc(*v, (*n + 1) * sizeof *g)) == NULL)
		return -1;
	*v = g;
	q_strlcpy(g[(*n)++], id, sizeof g[0]);
	return 0;
}

static int
ids_copy(foreign_id **v, size_t *n, const struct ops_ids *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		foreign_id *g = realloc(*v, (*n + 1) * sizeof *g);

		if (g == NULL)
			return -1;
		*v = g;
		q_strlcpy(g[(*n)++], ids->v[i], sizeof g[0]);
	}
	return 0;
}

/* ---- rows ---------------------------------------------------------------- */

static int
history_insert(struct store_tx *tx, struct foreign_full *x, struct qerr *e)
{
	for (; x->nhistory_stored < x->nhistory; x->nhistory_stored++) {
		struct foreign_step_rec *h = &x->history[x->nhistory_stored];

		store_id_new("ftstep", h->h.id);
		q_strlcpy(h->foreign_transfer_id, x->f.h.id, sizeof h->foreign_transfer_id);
		if (store_row_insert(tx, &store_foreign_step_table, h, e) != 0)
			return -1;
	}
	return 0;
}

static int
orgs_insert(struct store_tx *tx, const char *ft, int role, const foreign_id *v, size_t n,
            struct qerr *e)
{
	for (size_t i = 0; i < n; i++) {
		struct foreign_org_rec o = {.role = role, .ord = (int64_t)i};

		store_id_new("ftorg", o.h.id);
		q_strlcpy(o.foreign_transfer_id, ft, sizeof o.foreign_transfer_id);
		q_strlcpy(o.org_id, v[i], sizeof o.org_id);
		if (store_row_insert(tx, &store_foreign_org_table, &o, e) != 0)
			return -1;
	}
	return 0;
}

int
ops_foreign_insert(struct store_tx *tx, struct foreign_full *x, struct qerr *e)
{
	if (store_row_insert(tx, &store_foreign_table, &x->f, e) != 0)
		return -1;
	for (size_t i = 0; i < x->ncarriers; i++) {
		struct foreign_carrier_rec cr = {.ord = (int64_t)i};

		store_id_new("ftcar", cr.h.id);
		q_strlcpy(cr.foreign_transfer_id, x->f.h.id, sizeof cr.foreign_transfer_id);
		q_strlcpy(cr.carrier_id, x->carrier_ids[i], sizeof cr.carrier_id);
		if (store_row_insert(tx, &store_foreign_carrier_table, &cr, e) != 0)
			return -1;
	}
	if (orgs_insert(tx, x->f.h.id, FOREIGN_AGREED_WITH, x->agreed_with, x->nagreed, e) != 0 ||
	    orgs_insert(tx, x->f.h.id, FOREIGN_DISPOSING, x->disposing, x->ndisposing, e) != 0)
		return -1;
	x->nhistory_stored = 0;
	return history_insert(tx, x, e);
}

struct load_ctx {
	struct foreign_full *x;
	bool oom, bad;
};

static int
carrier_cb(void *ctx, const void *row)
{
	struct load_ctx *l = ctx;
	const struct foreign_carrier_rec *r = row;

	if (r->ord != (int64_t)l->x->ncarriers)
		l->bad = true;
	else if (ids_add(&l->x->carrier_ids, &l->x->ncarriers, r->carrier_id) != 0)
		l->oom = true;
	return l->bad || l->oom;
}

static int
org_cb(void *ctx, const void *row)
{
	struct load_ctx *l = ctx;
	const struct foreign_org_rec *r = row;
	foreign_id **v = r->role == FOREIGN_DISPOSING ? &l->x->disposing : &l->x->agreed_with;
	size_t *n = r->role == FOREIGN_DISPOSING ? &l->x->ndisposing : &l->x->nagreed;
	struct ops_ids one = {(const char *const[]){r->org_id}, 1};

	if (r->ord != (int64_t)*n)
		l->bad = true;
	else if (ids_copy(v, n, &one) != 0)
		l->oom = true;
	return l->bad || l->oom;
}

static int
step_cb(void *ctx, const void *row)
{
	struct load_ctx *l = ctx;
	const struct foreign_step_rec *r = row;
	struct foreign_step_rec *h;

	if (r->ord != (int64_t)l->x->nhistory) {
		l->bad = true;
		return 1;
	}
	if ((h = realloc(l->x->history, (l->x->nhistory + 1) * sizeof *h)) == NULL) {
		l->oom = true;
		return 1;
	}
	l->x->history = h;
	h[l->x->nhistory++] = *r;
	return 0;
}

int
ops_foreign_load(struct store_tx *tx, const char *id, struct foreign_full *out, struct qerr *e)
{
	struct store_where w = STORE_W_STR("foreign_transfer_id", id);
	struct load_ctx l = {.x = out};

	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_foreign_table, id, &out->f, e) != 0)
		return -1;
	if (store_row_list(tx, &store_foreign_carrier_table, &w, 1, 0, 0, carrier_cb, &l, e) < 0 ||
	    (!l.oom && !l.bad &&
	     store_row_list(tx, &store_foreign_org_table, &w, 1, 0, 0, org_cb, &l, e) < 0) ||
	    (!l.oom && !l.bad &&
	     store_row_list(tx, &store_foreign_step_table, &w, 1, 0, 0, step_cb, &l, e) < 0))
		goto fail;
	if (l.oom || l.bad) {
		qerr_internal(e, l.oom ? "foreign transfer: out of memory"
		                       : "foreign transfer: rows out of order");
		goto fail;
	}
	out->nhistory_stored = out->nhistory;
	return 0;
fail:
	foreign_full_free(out);
	return -1;
}

/* A carrier of the proposal: held by the proposer with every copy at home
 * (none at an executor) and movable (409 otherwise); its disposing bodies
 * (Art. 15: the organizations of the information carried) join
 * disposers. */
static int
proposal_carrier(struct store_tx *tx, const char *pid, const char *id, struct foreign_full *x,
                 struct qerr *e)
{
	struct carrier_rec car;
	int rc = -1;

	if (ops_carrier_load(tx, id, &car, "carrier_ids", e) != 0)
		return -1;
	if (!jrec_same(car.org_id, pid) || !custody_rec_all_home(&car) ||
	    transfer_movable(carrier_state_parse(car.state), custody_rec_copies_out(&car), e) != 0) {
		if (!qerr_is_set(e)) {
			qerr_set(e, QERR_CONFLICT, "invalid_state", "27", "carrier_ids");
			qerr_detail_key(e, "not_held_by_proposer",
			                "carrier {carrier} is not held by the proposer", "carrier",
			                car.account_number[0] ? car.account_number : car.h.id, NULL);
		}
		goto done;
	}
	for (size_t k = 0; k < car.n_information; k++) {
		struct info_rec it;
		int ok;

		if (ops_info_load(tx, car.information_ids[k], &it, NULL, e) != 0)
			goto done;
		ok = ids_add(&x->disposing, &x->ndisposing, it.org_id) == 0;
		info_rec_free(&it);
		if (!ok) {
			qerr_internal(e, "foreign transfer: out of memory");
			goto done;
		}
	}
	rc = 0;
done:
	carrier_rec_clear(&car);
	return rc;
}

/* The parties: 404 each, org_liquidated (Art. 28), 400 a recipient that is
 * not foreign, 404 each body agreed with. */
static int
proposal_parties(struct store_tx *tx, const struct ops_foreign_propose_args *a,
                 struct org_rec *recip, struct qerr *e)
{
	if (ops_org_exists_in(tx, a->proposer_org_id, "proposer_org_id", e) != 0)
		return -1;
	if (ops_org_load(tx, a->recipient_org_id, recip, "recipient_org_id", e) != 0)
		return -1;
	if (ops_docs_org_active(tx, a->proposer_org_id, "proposer_org_id", e) != 0 ||  /* Art. 28 */
	    ops_docs_org_active(tx, recip->h.id, "recipient_org_id", e) != 0)
		return -1;
	if (!ops_org_foreign(recip)) {
		qerr_input(e, "invalid_value", "recipient_org_id");
		qerr_detail(e, "Art. 27 is for a foreign state or an international organization");
		return -1;
	}
	for (size_t i = 0; i < a->agreed_with.n; i++) {
		if (ops_org_exists_in(tx, a->agreed_with.v[i], "agreed_with", e) != 0)
			return -1;
	}
	return 0;
}

static bool
ids_have(const struct ops_ids *ids, const char *s)
{
	for (size_t i = 0; i < ids->n; i++)
		if (jrec_same(ids->v[i], s))
			return true;
	return false;
}

static int
propose_step(const struct ops_ctx *c, const struct ops_foreign_propose_args *a,
             struct foreign_full *x, struct qerr *e)
{
	struct foreign_rec *f = &x->f;
	struct store_tx *tx = NULL;
	struct org_rec recip = {0};
	const char *missing = NULL;
	bool oom = false;
	int ret = -1;

	if (ops_scope(c, a->proposer_org_id, e) != 0)
		return -1;
	if (a->carrier_ids.n == 0)
		return qerr_input(e, "invalid_value", "carrier_ids");
	if (ops_ids_unique(&a->carrier_ids, "carrier_ids", e) != 0)
		return -1;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (proposal_parties(tx, a, &recip, e) != 0)
		goto done;
	for (size_t i = 0; i < a->carrier_ids.n; i++)
		if (proposal_carrier(tx, a->proposer_org_id, a->carrier_ids.v[i], x, e) != 0)
			goto done;
	for (size_t i = 0; i < x->ndisposing; i++)
		if (missing == NULL && !ids_have(&a->agreed_with, x->disposing[i]))
			missing = x->disposing[i];
	/* foreign_transfer_incomplete, Art. 27.1 */
	if (ft_proposal_check(a->justification != NULL && a->justification[0] != '\0',
	                      a->agreed_with.n, missing, e) != 0)
		goto done;

	store_id_new("ftransfer", f->h.id);
	q_strlcpy(f->proposer_org_id, a->proposer_org_id, sizeof f->proposer_org_id);
	q_strlcpy(f->recipient_org_id, recip.h.id, sizeof f->recipient_org_id);
	f->justification = q_strdup_opt(a->justification, &oom);
	f->proposed_on = c->effective_date;
	q_strlcpy(f->proposed_by, c->actor.user_id, sizeof f->proposed_by);
	f->state = FT_PROPOSED;
	f->opinion_date = f->decision_date = f->contract_date = f->transferred_on = QDATE_NONE;
	if (oom || ids_copy(&x->carrier_ids, &x->ncarriers, &a->carrier_ids) != 0 ||
	    ids_copy(&x->agreed_with, &x->nagreed, &a->agreed_with) != 0) {
		qerr_internal(e, "foreign transfer: out of memory");
		goto done;
	}
	if (ops_foreign_insert(tx, x, e) != 0)
		goto done;
	ret = ops_commit(c, tx, "foreign_transfer.propose", f->h.id, NULL, e);
	tx = NULL;
done:
	store_rollback(tx);
	org_rec_free(&recip);
	return ret;
}

int
ops_foreign_propose(const struct ops_ctx *c, const struct ops_foreign_propose_args *a,
                    struct foreign_full *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (propose_step(c, a, out, e) == 0)
		return 0;
	foreign_full_free(out);
	return ops_refuse(c, "foreign_transfer.propose", NULL, e);
}

int
ops_foreign_get(const struct ops_ctx *c, const char *id, struct foreign_full *out,
                struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_foreign_load(tx, id, out, e);
	store_rollback(tx);
	if (rc == 0 && (rc = ops_scope(c, out->f.proposer_org_id, e)) != 0)
		foreign_full_free(out);
	return rc;
}

/* ================================ Steps =================================== */

/* POST /v1/foreign-transfers/{id}/expert-opinion (Art. 27.2) */
static int
step_opinion(const struct ops_ctx *c, struct store_tx *tx, struct foreign_full *x,
             const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct foreign_rec *f = &x->f;
	struct ft_dates d = ft_dates_of(f);
	bool oom = false;

	(void)tx;   /* this step writes only the foreign transfer */
	if (ft_opinion((enum ft_state)f->state, &d, c->effective_date, a->positive, next, e) != 0)
		return -1;
	free(f->opinion_ref);
	f->opinion_positive = a->positive;
	f->opinion_ref = q_strdup_opt(a->ref, &oom);
	f->opinion_date = c->effective_date;
	q_strlcpy(f->opinion_by, c->actor.user_id, sizeof f->opinion_by);
	return oom ? qerr_internal(e, "foreign transfer: out of memory") : 0;
}

/* POST /v1/foreign-transfers/{id}/government-decision {ref} | {treaty_ref}
 * (Art. 27.3) */
static int
step_decision(const struct ops_ctx *c, struct store_tx *tx, struct foreign_full *x,
              const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct foreign_rec *f = &x->f;
	struct ft_dates d = ft_dates_of(f);
	bool oom = false;

	(void)tx;   /* this step writes only the foreign transfer */
	if (a->ref != NULL && a->treaty_ref != NULL) {
		qerr_input(e, "invalid_value", "treaty_ref");
		qerr_detail(e, "a decision or a treaty that replaces it, not both");
		return -1;
	}
	if (ft_decision((enum ft_state)f->state, &d, c->effective_date, next, e) != 0)
		return -1;
	if (a->ref == NULL && a->treaty_ref == NULL) {
		/* foreign_transfer_incomplete, Art. 27.3: the decision itself. */
		qerr_set(e, QERR_RULE, "foreign_transfer_incomplete", "27", "government_decision");
		qerr_detail(e, "missing step: government_decision (its ref, or a treaty_ref)");
		return -1;
	}
	free(f->decision_ref);
	free(f->decision_treaty_ref);
	f->decision_ref = q_strdup_opt(a->ref, &oom);
	f->decision_treaty_ref = q_strdup_opt(a->treaty_ref, &oom);
	f->decision_date = c->effective_date;
	q_strlcpy(f->decision_by, c->actor.user_id, sizeof f->decision_by);
	return oom ? qerr_internal(e, "foreign transfer: out of memory") : 0;
}

/* POST /v1/foreign-transfers/{id}/contract (Art. 27.4) */
static int
step_contract(const struct ops_ctx *c, struct store_tx *tx, struct foreign_full *x,
              const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct foreign_rec *f = &x->f;
	struct ft_dates d = ft_dates_of(f);
	bool oom = false;

	(void)tx;   /* this step writes only the foreign transfer */
	if (ft_contract((enum ft_state)f->state, &d, c->effective_date, next, e) != 0)
		return -1;
	free(f->contract_ref);
	f->contract_ref = q_strdup_opt(a->ref, &oom);
	f->contract_date = c->effective_date;
	q_strlcpy(f->contract_by, c->actor.user_id, sizeof f->contract_by);
	return oom ? qerr_internal(e, "foreign transfer: out of memory") : 0;
}

/* The carrier id of ft leaves the system: state, transferred_to, and the
 * "transferred_out" journal entry. */
static int
carrier_out(const struct ops_ctx *c, struct store_tx *tx, const struct foreign_rec *ft,
            const char *id, struct qerr *e)
{
	struct carrier_rec car;
	struct movement_rec act = {.copy_number = STORE_INT_NULL, .found = STORE_INT_NULL};
	enum carrier_state cs;
	char on[QDATE_STR_SIZE];
	const char *to[][2] = {{"org_id", ft->recipient_org_id}, {"foreign_transfer_id", ft->h.id},
	                       {"date", NULL}};
	int rc = -1;

	if (ops_carrier_load(tx, id, &car, NULL, e) != 0)
		return -1;
	if (carrier_transfer_out(carrier_state_parse(car.state), custody_rec_copies_out(&car), &cs,
	                         e) != 0)
		goto done;
	q_strlcpy(car.state, carrier_state_name(cs), sizeof car.state);
	car.fields |= CARRIER_F_STATE;
	if (c->effective_date != QDATE_NONE) {
		date_format(c->effective_date, on);
		to[2][1] = on;
	}
	/* transferred_to has no column: the carrier's extra */
	if (store_json_extra_put(&car.extra, "transferred_to", false,
	                         (const char *const (*)[2])to, 3) != 0) {
		qerr_internal(e, "foreign transfer: out of memory");
		goto done;
	}
	act.more = MOVE_M_TO_ORG | MOVE_M_FOREIGN | MOVE_M_BASIS;
	q_strlcpy(act.to_org_id, ft->recipient_org_id, sizeof act.to_org_id);
	q_strlcpy(act.foreign_transfer_id, ft->h.id, sizeof act.foreign_transfer_id);
	q_strlcpy(act.basis, "art27", sizeof act.basis);
	if (ops_movement_add_rec(c, tx, &car, car.org_id, "transferred_out", &act, e) == 0)
		rc = ops_carrier_save(tx, &car, e);
done:
	carrier_rec_clear(&car);
	return rc;
}

/* POST /v1/foreign-transfers/{id}/transfer — the carriers leave the system. */
static int
step_transfer(const struct ops_ctx *c, struct store_tx *tx, struct foreign_full *x,
              const struct ops_foreign_step_args *a, enum ft_state *next, struct qerr *e)
{
	struct foreign_rec *ft = &x->f;
	struct ft_dates d = ft_dates_of(ft);
	int rc;

	(void)a;
	/* 409 for the carriers comes before the 422 of a missing step. */
	for (size_t i = 0; i < x->ncarriers; i++) {
		struct carrier_rec car;

		if (ops_carrier_load(tx, x->carrier_ids[i], &car, NULL, e) != 0)
			return -1;
		rc = !jrec_same(car.org_id, ft->proposer_org_id)
		   ? qerr_set(e, QERR_CONFLICT, "invalid_state", "27", "carrier_ids")
		   : transfer_movable(carrier_state_parse(car.state), custody_rec_copies_out(&car), e);
		if (rc == 0)   /* a whole-carrier act waits while a copy is away */
			rc = custody_rec_home_check(&car, e);
		carrier_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	if (ft_transfer((enum ft_state)ft->state, &d, c->effective_date, next, e) != 0)
		return -1;
	for (size_t i = 0; i < x->ncarriers; i++)
		if (carrier_out(c, tx, ft, x->carrier_ids[i], e) != 0)
			return -1;
	ft->transferred_on = c->effective_date;
	return 0;
}

/* ============================ The step frame ============================== */

typedef int (*ft_apply_fn)(const struct ops_ctx *c, struct store_tx *tx, struct foreign_full *x,
                           const struct ops_foreign_step_args *a, enum ft_state *next,
                           struct qerr *e);

/* The flow every step shares: 404, 403 (the proposer's, or a role acting
 * across), the body's decode error, the step, its new state with the
 * history entry, update, commit with the audit entry; a refusal rolls
 * back and is recorded. */
static int
ft_step(const struct ops_ctx *c, const struct ops_foreign_step_args *a, const char *name,
        const char *action, ft_apply_fn fn, struct foreign_full *x, struct qerr *e)
{
	struct store_tx *tx = NULL;
	enum ft_state next = FT_UNKNOWN;

	memset(x, 0, sizeof *x);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_foreign_load(tx, a->id, x, e) != 0 || ops_scope(c, x->f.proposer_org_id, e) != 0)
		goto fail;
	if (a->input != NULL && qerr_is_set(a->input)) {
		*e = *a->input;
		goto fail;
	}
	if (fn(c, tx, x, a, &next, e) != 0 || ft_set_state(c, x, next, name, e) != 0 ||
	    store_row_update(tx, &store_foreign_table, &x->f, e) != 0 ||
	    history_insert(tx, x, e) != 0)
		goto fail;
	if (ops_commit(c, tx, action, x->f.h.id, NULL, e) != 0) {
		foreign_full_free(x);
		return -1;
	}
	return 0;
fail:
	store_rollback(tx);
	foreign_full_free(x);
	return ops_refuse(c, action, NULL, e);
}

int
ops_foreign_opinion(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                    struct foreign_full *out, struct qerr *e)
{
	return ft_step(c, a, "expert_opinion", "foreign_transfer.expert_opinion", step_opinion,
	               out, e);
}

int
ops_foreign_decision(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                     struct foreign_full *out, struct qerr *e)
{
	return ft_step(c, a, "government_decision", "foreign_transfer.government_decision",
	               step_decision, out, e);
}

int
ops_foreign_contract(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                     struct foreign_full *out, struct qerr *e)
{
	return ft_step(c, a, "contract", "foreign_transfer.contract", step_contract, out, e);
}

int
ops_foreign_transfer(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                     struct foreign_full *out, struct qerr *e)
{
	return ft_step(c, a, "transfer", "foreign_transfer.transfer", step_transfer, out, e);
}
