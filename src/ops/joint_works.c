/*
 * joint_works.c — joint and other work under Decree 743 (Art. 26), one
 * procedure per step: see joint_works.h.
 *
 * The records are still JSON documents of the record table (ops/jrec.h):
 * jansson is used here as their form until the typed tables of joint works
 * land; every jansson call is checked and a failure rolls the step back.
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

#include "core/carrier.h"
#include "core/degree.h"
#include "core/permit.h"
#include "core/transfer.h"
#include "ops/custody.h"
#include "ops/disposal.h"
#include "ops/orgs.h"

/* =============================== Helpers ================================== */

static struct jw_dates
jw_dates_of(const json_t *doc)
{
	struct jw_dates d;
	const json_t *perm = json_object_get(doc, "permission");

	d.requested_on = ops_docs_date(doc, "received_on");
	d.permitted_on = jrec_same(ops_docs_str(perm, "decision"), "granted")
	               ? ops_docs_date(perm, "answered_on") : QDATE_NONE;
	d.agreed_on = ops_docs_date(json_object_get(doc, "agreement"), "signed_on");
	d.notified_on = ops_docs_date(json_object_get(doc, "nsc_notice"), "sent_on");
	return d;
}

/* The stored state and its history entry. */
static int
jw_set_state(const struct ops_ctx *c, struct store_rec *jw, enum jw_state next,
             const char *step, struct qerr *e)
{
	if (jrec_append(jrec_array(jw->doc, "history"),
	                json_pack("{s:s, s:s, s:s, s:o, s:s}", "from", jw->state, "to",
	                          jw_state_name(next), "step", step, "date",
	                          ops_docs_json_date(c->effective_date), "by",
	                          c->actor.user_id)) != 0 ||
	    ops_docs_set_state(jw, jw_state_name(next), e) != 0)
		return qerr_internal(e, "joint work: out of memory");
	return 0;
}

bool
ops_joint_work_overdue(const struct store_rec *jw, qdate today)
{
	return ops_docs_bool(jw->doc, "permission_overdue", false) ||
	       (jw_state_parse(jw->state) == JW_REQUESTED &&
	        jw_permission_late(ops_docs_date(jw->doc, "response_due_on"), today));
}

/* Reading: the customer, the executor (organization or the citizen's
 * organization), the disposing body, and the roles that act across. */
static int
jw_read_scope(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *jw,
              struct qerr *e)
{
	const json_t *d = jw->doc;
	const char *org = c->actor.org_id;

	(void)tx;
	if (c->actor.cross_org || jrec_same(org, ops_docs_str(d, "customer_org_id")) ||
	    jrec_same(org, ops_docs_str(d, "executor_org_id")) ||
	    jrec_same(org, ops_docs_str(d, "executor_person_org_id")) ||
	    jrec_same(org, ops_docs_str(d, "disposing_org_id")))
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

/* The disposing body's step: a body that sees the joint work or the
 * successor of the body named (Art. 28) passes here, and the step itself
 * answers permission_required to whoever is not the disposer (a competence
 * code, SPEC.md §5); any other body gets 403. */
static int
jw_disposing_scope(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *jw,
                   struct qerr *e)
{
	struct disposal_fund f;

	if (jw_read_scope(c, tx, jw, e) == 0)
		return 0;
	qerr_clear(e);
	if (disposal_fund_of(tx, ops_docs_str(jw->doc, "disposing_org_id"), &f, e) != 0)
		return -1;
	if (c->actor.org_id[0] != '\0' && disposal_fund_has(&f, c->actor.org_id))
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

/* The customer's steps: its organization, or across. */
static int
jw_customer_scope(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *jw,
                  struct qerr *e)
{
	(void)tx;
	return ops_scope(c, ops_docs_str(jw->doc, "customer_org_id"), e);
}

/* The request's carrier entry for id, or NULL. */
static json_t *
request_carrier(const json_t *doc, const char *id)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(doc, "carriers"), i, c)
		if (jrec_same(ops_docs_str(c, "carrier_id"), id))
			return c;
	return NULL;
}

/* recipient_permit_missing for the executor and one label (Art. 26.1,
 * R743 p.11): the organization's permit or the citizen's clearance. */
static int
executor_covers(const struct ops_ctx *c, struct store_tx *tx, const json_t *doc,
                enum degree label, struct qerr *e)
{
	const char *org = ops_docs_str(doc, "executor_org_id");

	if (org != NULL)
		return ops_org_permit_check(tx, org, label, c->effective_date, e);
	return ops_person_clearance_check(tx, ops_docs_str(doc, "executor_person_id"), label,
	                                  c->effective_date, e);
}

/* permission_required (R743 p.4.4): the transfer dated `date` is within the
 * permitted term; protection_arrangement_required (R743 p.8): an executor
 * organization with foreign participation has its protection arranged
 * through another organization's subdivision (doc.protection). */
static int
jw_transfer_allowed(struct store_tx *tx, const json_t *doc, qdate date, struct qerr *e)
{
	const char *exec_org = ops_docs_str(doc, "executor_org_id");
	struct org_rec exec = {0};
	bool foreign;

	if (jw_term_check(ops_docs_date(doc, "term_to"), date, e) != 0)
		return -1;
	if (exec_org == NULL)
		return 0;    /* a citizen works at the customer's (R743 p.8.2) */
	if (ops_org_load(tx, exec_org, &exec, NULL, e) != 0)
		return -1;
	foreign = exec.foreign_participation;
	org_rec_free(&exec);
	return jw_protection_arranged(foreign, jw_protection_parse(ops_docs_str(
	                              json_object_get(doc, "protection"), "arrangement")), e);
}

/* ===================== Inside another procedure ========================== */

struct find_ctx {
	const char *executor;
	struct store_rec *out;
	bool found;
};

static int
find_cb(void *ctx, const struct store_rec *rec)
{
	struct find_ctx *c = ctx;
	enum jw_state s = jw_state_parse(rec->state);

	if (c->found || !jrec_same(rec->parent_id, c->executor) ||
	    !(s == JW_NOTIFIED || s == JW_ACTIVE || s == JW_SUSPENDED))
		return 0;
	c->found = true;
	*c->out = *rec;
	c->out->doc = json_incref(rec->doc);
	return 0;
}

int
ops_joint_work_find(struct store_tx *tx, const char *customer, const char *executor_org,
                    struct store_rec *out, bool *found, struct qerr *e)
{
	struct store_query q = {.kind = "joint_work", .org_id = customer};
	struct find_ctx c = {.executor = executor_org, .out = out};

	if (store_rec_walk(tx, &q, find_cb, &c, e) != 0)
		return -1;
	*found = c.found;
	return 0;
}

/* The copy numbers of carrier car to move under the joint work: those of
 * the selection when given (each must be one the request named:
 * not_in_annex), else the request's; with none named there, every copy the
 * customer holds. A new array in *out, or -1. */
static int
jw_copies_for(const json_t *doc, const struct store_rec *car, const struct ops_copy_pick *sel,
              size_t nsel, json_t **out, struct qerr *e)
{
	json_t *named = json_object_get(request_carrier(doc, car->id), "copy_numbers");
	const struct ops_copy_pick *want = NULL;
	json_t *n;
	size_t k;

	*out = NULL;
	for (size_t i = 0; sel != NULL && i < nsel; i++)
		if (jrec_same(sel[i].carrier_id, car->id))
			want = &sel[i];
	if (want != NULL && json_array_size(named) > 0) {
		for (size_t i = 0; i < want->n; i++) {
			bool found = false;

			json_array_foreach(named, k, n)
				found = found || json_integer_value(n) == want->numbers[i];
			/* not_in_annex, Art. 26.1, R743 p.4.2, p.6: named copies only. */
			if (!found) {
				char num[24];

				snprintf(num, sizeof num, "%d", want->numbers[i]);
				qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "carriers");
				qerr_detail_key(e, "copy_not_in_request",
				                "copy {n} of carrier {carrier} is not in the request", "n",
				                num, "carrier", car->ref[0] ? car->ref : car->id, NULL);
				return -1;
			}
		}
	}
	if (want != NULL && want->n > 0)
		*out = jrec_ints_json(want->numbers, want->n);
	else if (want == NULL && json_array_size(named) > 0)
		*out = json_incref(named);
	else
		*out = ops_copies_held(car->doc, car->org_id);
	if (*out == NULL)
		return qerr_internal(e, "joint work copies");
	return 0;
}

struct jw_cars {
	struct store_rec *cars;
	json_t **nums;
	size_t n;
};

static void
jw_cars_clear(struct jw_cars *w)
{
	for (size_t i = 0; w->cars != NULL && i < w->n; i++)
		store_rec_clear(&w->cars[i]);
	for (size_t i = 0; w->nums != NULL && i < w->n; i++)
		json_decref(w->nums[i]);
	free(w->cars);
	free(w->nums);
}

/* 404, then 409 (the customer holds each copy to move, none issued); a
 * not_in_annex of the selection waits in *annex_err for the 409s. */
static int
jw_cars_load(struct store_tx *tx, const json_t *doc, const struct ops_ids *ids,
             const struct ops_copy_pick *sel, size_t nsel, struct jw_cars *w,
             struct qerr *annex_err, struct qerr *e)
{
	const char *customer = ops_docs_str(doc, "customer_org_id");

	for (size_t i = 0; i < w->n; i++)
		if (ops_docs_load(tx, "carrier", ids->v[i], &w->cars[i], "carrier_ids", e) != 0)
			return -1;
	for (size_t i = 0; i < w->n; i++) {
		enum carrier_state cs = carrier_state_parse(w->cars[i].state);
		struct qerr ne = {0};
		int out;

		/* not_in_annex is a 422: it waits for the 409s of every carrier. */
		if (jw_copies_for(doc, &w->cars[i], sel, nsel, &w->nums[i], &ne) != 0) {
			if (ne.status != QERR_RULE) {
				*e = ne;
				return -1;
			}
			if (!qerr_is_set(annex_err))
				*annex_err = ne;
			continue;
		}
		out = ops_copies_check(w->cars[i].doc, customer, NULL, w->nums[i], "carrier_ids", e);
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
jw_transfer_rules(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *jw,
                  const struct jw_cars *w, const struct qerr *annex_err, enum jw_state *next,
                  struct qerr *e)
{
	const json_t *annex = json_object_get(json_object_get(jw->doc, "agreement"), "annex");
	struct jw_dates d = jw_dates_of(jw->doc);

	/* permission_required, not_in_annex, nsc_notice_missing,
	 * joint_work_suspended (core/joint_work.h), then per carrier. */
	if (jw_transfer(jw_state_parse(jw->state), &d, c->effective_date, next, e) != 0 ||
	    jw_transfer_allowed(tx, jw->doc, c->effective_date, e) != 0)   /* R743 p.4.4, p.8 */
		return -1;
	for (size_t i = 0; i < w->n; i++) {
		/* not_in_annex, Art. 26.1, R743 p.6: only what the annex lists. */
		if (!jrec_has_str(annex, w->cars[i].id)) {
			qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "carrier_ids");
			qerr_detail_key(e, "not_in_annex", "carrier {carrier} is not in the agreement's annex",
			                "carrier", w->cars[i].ref[0] ? w->cars[i].ref : w->cars[i].id,
			                NULL);
			return -1;
		}
	}
	if (qerr_is_set(annex_err)) {   /* copies the request did not name */
		*e = *annex_err;
		return -1;
	}
	for (size_t i = 0; i < w->n; i++) {
		/* recipient_permit_missing, Art. 26.1, R743 p.11 */
		if (executor_covers(c, tx, jw->doc, degree_parse(ops_docs_str(w->cars[i].doc, "label")),
		                    e) != 0) {
			q_strlcpy(e->field, "carrier_ids", sizeof e->field);
			return -1;
		}
	}
	return 0;
}

/* Moves the copies of carrier i to the executor and notes it in jw. */
static int
jw_move_one(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
            struct store_rec *car, json_t *nums, struct qerr *e)
{
	const char *customer = ops_docs_str(jw->doc, "customer_org_id");
	const char *exec_org = ops_docs_str(jw->doc, "executor_org_id");
	const char *exec_person = ops_docs_str(jw->doc, "executor_person_id");
	json_t *extra = json_pack("{s:s}", "basis", "joint_work");
	int rc;

	if (extra == NULL)
		return qerr_internal(e, "movement extra");
	/* R743 p.4.2: exactly the copies named move; org_id stays. A citizen
	 * executor holds them as holder_person_id (p.11). */
	rc = ops_copies_move(c, tx, car, customer, exec_org, exec_org != NULL ? NULL : exec_person,
	                     nums, jw->id, extra, e);
	json_decref(extra);
	if (rc != 0)
		return -1;
	if (jrec_append(jrec_array(jw->doc, "transferred"),
	                json_pack("{s:s, s:o, s:O}", "carrier_id", car->id, "date",
	                          ops_docs_json_date(c->effective_date), "copy_numbers", nums)) != 0)
		return qerr_internal(e, "joint work: out of memory");
	if (!jrec_has_str(json_object_get(jw->doc, "held"), car->id) &&
	    jrec_append(jrec_array(jw->doc, "held"), json_string(car->id)) != 0)
		return qerr_internal(e, "joint work: out of memory");
	return 0;
}

int
ops_joint_work_transfer_in(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
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
	if (jw_cars_load(tx, jw->doc, ids, sel, nsel, &w, &annex_err, e) != 0 ||
	    jw_transfer_rules(c, tx, jw, &w, &annex_err, &next, e) != 0)
		goto done;
	for (size_t i = 0; i < w.n; i++)
		if (jw_move_one(c, tx, jw, &w.cars[i], w.nums[i], e) != 0)
			goto done;
	if (next != jw_state_parse(jw->state) && jw_set_state(c, jw, next, "transfer", e) != 0)
		goto done;
	ret = 0;
done:
	jw_cars_clear(&w);
	return ret;
}

/* Returns the copies of carrier id held under jw to the customer. */
static int
jw_return_one(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *jw,
              const char *id, const char *reason, struct qerr *e)
{
	const char *customer = ops_docs_str(jw->doc, "customer_org_id");
	const char *exec_org = ops_docs_str(jw->doc, "executor_org_id");
	const char *exec_person = ops_docs_str(jw->doc, "executor_person_id");
	struct store_rec car = {0};
	json_t *extra = NULL, *nums = json_array(), *cp;
	size_t k;
	int rc = -1;

	if (nums == NULL)
		return qerr_internal(e, "joint work end");
	if (store_rec_get(tx, "carrier", id, &car, e) != 0)
		goto done;
	/* The copies away under this joint work (a 0.1.0 carrier moved whole:
	 * every copy, by doc.joint_work_id). */
	json_array_foreach(json_object_get(car.doc, "copies"), k, cp) {
		if (!jrec_same(custody_copy_joint_work(cp), jw->id) &&
		    !jrec_same(ops_docs_str(car.doc, "joint_work_id"), jw->id))
			continue;
		if (carrier_copy_state_parse(ops_docs_str(cp, "state")) == CARRIER_COPY_ISSUED) {
			qerr_set(e, QERR_CONFLICT, "invalid_state", "R743 p.10", NULL);
			qerr_detail_key(e, "issued_at_executor",
			                "a copy of carrier {carrier} is still issued at the executor",
			                "carrier", car.ref[0] ? car.ref : car.id, NULL);
			goto done;
		}
		if (jrec_append(nums, json_integer((json_int_t)k + 1)) != 0 ||
		    custody_copy_set(cp, customer, NULL, NULL) != 0) {
			qerr_internal(e, "copy holder");
			goto done;
		}
	}
	extra = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:O}", "joint_work_id", jw->id, "basis",
	                  "joint_work_return", "reason", reason, "from_org_id", exec_org,
	                  "from_person_id", exec_person, "copy_numbers", nums);
	if (extra == NULL) {
		qerr_internal(e, "movement extra");
		goto done;
	}
	if (json_array_size(nums) > 0 && exec_org != NULL &&
	    custody_depart(car.doc, exec_org, c->effective_date) != 0) {
		qerr_internal(e, "departed");
		goto done;
	}
	json_object_del(car.doc, "joint_work_id");   /* absent is no failure */
	if (!jrec_same(car.org_id, customer)) {
		/* A 0.1.0 carrier moved whole to the executor comes back whole. */
		rc = ops_carrier_move(c, tx, &car, customer, extra, e);
		goto done;
	}
	if (exec_org != NULL && ops_movement_add(c, tx, &car, exec_org, "transferred", extra, e) != 0)
		goto done;
	if (ops_movement_add(c, tx, &car, customer,
	                     exec_org != NULL ? "received" : "returned_to_customer", extra, e) != 0)
		goto done;
	rc = store_rec_update(tx, &car, e);
done:
	json_decref(extra);
	json_decref(nums);
	store_rec_clear(&car);
	return rc;
}

int
ops_joint_work_end(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
                   enum jw_state next, const char *reason, struct qerr *e)
{
	json_t *held = json_object_get(jw->doc, "held"), *v;
	size_t i;

	json_array_foreach(held, i, v)
		if (jw_return_one(c, tx, jw, json_string_value(v), reason, e) != 0)
			return -1;
	/* held is replaced below: keep a reference for "returned". */
	held = held != NULL ? json_incref(held) : json_array();
	if (ops_docs_set(jw->doc, "held", json_array(), e) != 0 ||
	    ops_docs_set(jw->doc, "end",
	                 json_pack("{s:s, s:s, s:o, s:o}", "state", jw_state_name(next), "reason",
	                           reason, "date", ops_docs_json_date(c->effective_date), "returned",
	                           held), e) != 0)
		return -1;
	return jw_set_state(c, jw, next, reason, e);
}

int
ops_joint_work_violation_apply(const struct ops_ctx *c, struct store_rec *jw,
                               const char *description, const char *incident_id,
                               struct qerr *e)
{
	enum jw_state next;
	json_t *viol;
	bool raised;

	viol = jrec_array(jw->doc, "violations");
	if (viol == NULL)
		return qerr_internal(e, "joint work: out of memory");
	if (jw_violation(jw_state_parse(jw->state), (int)json_array_size(viol), &next, &raised,
	                 e) != 0)
		return -1;
	if (jrec_append(viol, json_pack("{s:s, s:o, s:s, s:s*}", "description",
	                                description ? description : "", "noted_on",
	                                ops_docs_json_date(c->effective_date), "by", c->actor.user_id,
	                                "incident_id", incident_id)) != 0)
		return qerr_internal(e, "joint work: out of memory");
	if (raised && !ops_docs_bool(jw->doc, "cancellation_raised", false)) {
		/* R743 p.9: the customer raises the cancellation of the order and
		 * of the executor's permit (or clearance) with the authority. */
		if (ops_docs_set(jw->doc, "cancellation_raised", json_true(), e) != 0 ||
		    ops_docs_set(jw->doc, "cancellation",
		                 json_pack("{s:o, s:s, s:s?, s:s?, s:s}", "raised_on",
		                           ops_docs_json_date(c->effective_date), "reason",
		                           "repeated violations (R743 p.9)", "permit_id",
		                           ops_docs_str(jw->doc, "executor_permit_ref"), "clearance_id",
		                           ops_docs_str(jw->doc, "executor_clearance_ref"), "by",
		                           c->actor.user_id), e) != 0)
			return -1;
	}
	if (next != jw_state_parse(jw->state))
		return jw_set_state(c, jw, next, "violation", e);
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
		struct store_rec car = {0};
		char field[48];
		size_t ncopies;

		snprintf(field, sizeof field, "carriers[%zu].carrier_id", i);
		if (ops_docs_load(tx, "carrier", p->carrier_id, &car, field, e) != 0)
			return -1;
		ncopies = json_array_size(json_object_get(car.doc, "copies"));
		for (size_t k = 0; k < p->n; k++) {
			if (p->numbers[k] > (long long)ncopies) {
				store_rec_clear(&car);
				snprintf(field, sizeof field, "carriers[%zu].copy_numbers", i);
				qerr_input(e, "invalid_value", field);
				qerr_detail(e, "no such copy");
				return -1;
			}
		}
		/* every disposing body recorded on it is (through Art. 28) the one named */
		if (a->disposing_org_id != NULL) {
			const json_t *bodies = disposal_carrier_of(car.doc);
			json_t *b;
			size_t nb;

			if (bodies == NULL)
				disposer = false;
			json_array_foreach(bodies, nb, b) {
				bool cur = false;

				if (disposer && disposal_is_current(tx, json_string_value(b),
				                                    a->disposing_org_id, &cur, e) != 0) {
					store_rec_clear(&car);
					return -1;
				}
				disposer = disposer && cur;
			}
		}
		store_rec_clear(&car);
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
                struct store_rec *exec, struct org_rec *exec_o, struct qerr *e)
{
	const char *exec_org = a->executor_org_id, *exec_person = a->executor_person_id;

	if (ops_org_exists_in(tx, a->customer_org_id, "customer_org_id", e) != 0)
		return -1;
	if ((exec_org != NULL && ops_org_load(tx, exec_org, exec_o, "executor_org_id", e) != 0) ||
	    (exec_person != NULL &&
	     ops_docs_load(tx, "person", exec_person, exec, "executor_person_id", e) != 0))
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
		struct store_rec other = {0};
		bool theirs;

		if (ops_docs_load(tx, "clearance", a->executor_clearance_ref, &other,
		                  "executor_clearance_ref", e) != 0)
			return -1;
		theirs = jrec_same(other.parent_id, exec_person);
		store_rec_clear(&other);
		if (!theirs) {
			qerr_input(e, "invalid_value", "executor_clearance_ref");
			qerr_detail(e, "the clearance is not the executor's");
			return -1;
		}
	}
	return 0;
}

/* The request's list of carriers as recorded; 409 a carrier the customer
 * does not hold. A new array in *out. */
static int
request_list(struct store_tx *tx, const struct ops_joint_work_request_args *a, json_t **out,
             struct qerr *e)
{
	json_t *list = json_array();

	*out = NULL;
	if (list == NULL)
		return qerr_internal(e, "joint work: out of memory");
	for (size_t i = 0; i < a->ncarriers; i++) {
		const struct ops_copy_pick *p = &a->carriers[i];
		struct store_rec car = {0};
		char field[48];
		json_t *nums;
		int rc;

		snprintf(field, sizeof field, "carriers[%zu].carrier_id", i);
		if (ops_docs_load(tx, "carrier", p->carrier_id, &car, field, e) != 0)
			goto fail;
		if (!jrec_same(car.org_id, a->customer_org_id)) {
			store_rec_clear(&car);
			qerr_set(e, QERR_CONFLICT, "invalid_state", "26", field);
			qerr_detail(e, "the carrier is not held by the customer");
			goto fail;
		}
		nums = p->given ? jrec_ints_json(p->numbers, p->n) : json_null();
		rc = nums == NULL ? -1
		   : jrec_append(list, json_pack("{s:s, s:O, s:s?, s:s?, s:s?, s:O?}", "carrier_id",
		                                 car.id, "copy_numbers", nums, "title",
		                                 ops_docs_str(car.doc, "title"), "label",
		                                 ops_docs_str(car.doc, "label"), "account_number",
		                                 car.ref, "sheets",
		                                 json_object_get(car.doc, "sheets")));
		json_decref(nums);
		store_rec_clear(&car);
		if (rc != 0) {
			qerr_internal(e, "joint work: out of memory");
			goto fail;
		}
	}
	*out = list;
	return 0;
fail:
	json_decref(list);
	return -1;
}

/* The record's document, the request's fields as given. */
static json_t *
request_doc(const struct ops_ctx *c, const struct ops_joint_work_request_args *a,
            const struct store_rec *rec, const struct store_rec *exec,
            const struct org_rec *exec_o, json_t *list,
            qdate received, qdate due)
{
	const char *const extra[][2] = {
		{"draft_agreement_ref", a->draft_agreement_ref},
		{"executor_address", a->executor_address},
		{"executor_head", a->executor_head},
		{"executor_residence", a->executor_residence},
		{"executor_id_issuer", a->executor_id_issuer},
	};
	json_t *doc = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:o, s:o, s:O, s:s?, s:s?,"
	                        " s:o, s:o, s:s, s:b, s:b}",
	                        "id", rec->id, "customer_org_id", a->customer_org_id,
	                        "executor_org_id", a->executor_org_id, "executor_person_id",
	                        a->executor_person_id, "disposing_org_id", a->disposing_org_id,
	                        "justification", a->justification, "state", rec->state,
	                        "term_from", ops_docs_json_date(a->term_from), "term_to",
	                        ops_docs_json_date(a->term_to), "carriers", list,
	                        "executor_permit_ref", a->executor_permit_ref,
	                        "executor_clearance_ref", a->executor_clearance_ref,
	                        "received_on", ops_docs_json_date(received), "response_due_on",
	                        ops_docs_json_date(due), "requested_by", c->actor.user_id,
	                        "permission_overdue", 0, "cancellation_raised", 0);
	bool ok = doc != NULL;

	if (ok && a->executor_person_id != NULL && exec->org_id[0] != '\0')
		ok = ops_docs_set_str(doc, "executor_person_org_id", exec->org_id, NULL) == 0;
	if (ok && a->executor_org_id != NULL) {
		ok = ops_details_set(doc, "executor_city", exec_o->city != NULL
		                     ? json_string(exec_o->city) : json_null()) == 0;
	}
	for (size_t i = 0; ok && i < sizeof extra / sizeof extra[0]; i++)
		if (extra[i][1] != NULL)
			ok = ops_docs_set_str(doc, extra[i][0], extra[i][1], NULL) == 0;
	if (ok)
		ok = ops_details_set(doc, "history", json_array()) == 0;
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static int
request_step(const struct ops_ctx *c, const struct ops_joint_work_request_args *a,
             struct store_rec *rec, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec exec = {0};
	struct org_rec exec_o = {0};
	struct jw_request rq = {0};
	json_t *list = NULL;
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
	if (request_list(tx, a, &list, e) != 0)
		goto done;
	/* permission_request_incomplete, R743 p.4 */
	rq.citizen = a->executor_person_id != NULL;
	rq.ncarriers = a->ncarriers;
	for (size_t i = 0; i < a->ncarriers && rq.first_without_copies == 0; i++)
		if (a->carriers[i].n == 0)
			rq.first_without_copies = i + 1;
	rq.executor = a->executor_org_id != NULL || a->executor_person_id != NULL;
	rq.executor_ident = a->executor_org_id != NULL ? exec_o.bin[0] != '\0'
	                  : a->executor_person_id != NULL && ops_docs_str(exec.doc, "iin") != NULL;
	rq.disposing = a->disposing_org_id != NULL;
	rq.justification = a->justification != NULL && a->justification[0] != '\0';
	rq.term_from = a->term_from != QDATE_NONE;
	rq.term_to = a->term_to != QDATE_NONE;
	rq.permit_or_clearance = a->executor_person_id != NULL ? a->executor_clearance_ref != NULL
	                                                       : a->executor_permit_ref != NULL;
	if (jw_request_check(&rq, e) != 0)
		goto done;

	jrec_head(rec, "joint_work", "jw", a->customer_org_id,
	          a->executor_org_id ? a->executor_org_id : a->executor_person_id,
	          jw_state_name(JW_REQUESTED));
	rec->doc = request_doc(c, a, rec, &exec, &exec_o, list, received,
	                       jw_response_due(c->cal, received));
	ret = jrec_create(c, tx, rec, "joint_work.request", e);
	tx = NULL;
done:
	store_rollback(tx);
	json_decref(list);
	store_rec_clear(&exec);
	org_rec_free(&exec_o);
	return ret;
}

int
ops_joint_work_request(const struct ops_ctx *c, const struct ops_joint_work_request_args *a,
                       struct store_rec *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (request_step(c, a, out, e) == 0)
		return 0;
	store_rec_clear(out);
	return ops_refuse(c, "joint_work.request", NULL, e);
}

int
ops_joint_work_get(const struct ops_ctx *c, const char *id, struct store_rec *out, struct qerr *e)
{
	return jrec_get(c, "joint_work", id, jw_read_scope, out, e);
}

/* ================================ Steps =================================== */

/* POST /v1/joint-works/{id}/permission — the disposing body's written
 * answer (R743 p.5): granted, or refused with its reasons. */
static int
step_permission(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
                const void *arg, struct qerr *e)
{
	const struct ops_joint_work_step_args *sa = arg;
	const struct ops_joint_work_permission_args *a = &sa->u.permission;
	struct jw_dates d;
	enum jw_state next;
	bool disposer, late;

	/* permission_required, Art. 26.1: only the head of the body that
	 * disposes now of the information (the one named, or its successor
	 * under Art. 28), before anything about the request's state. */
	if (disposal_is_current(tx, ops_docs_str(jw->doc, "disposing_org_id"), c->actor.org_id,
	                        &disposer, e) != 0 ||
	    jw_disposer_check(disposer, e) != 0)
		return -1;
	/* A refusal is reasoned (R743 p.5). */
	if (!a->granted && a->reason == NULL) {
		qerr_input(e, "missing_field", "reason");
		qerr_detail(e, "a refusal states the reasons preventing the transfer (R743 p.5)");
		return -1;
	}
	d = jw_dates_of(jw->doc);
	if (jw_permission(jw_state_parse(jw->state), &d, c->effective_date, a->granted, &next,
	                  e) != 0)
		return -1;
	/* permission_overdue, R743 p.5: accepted, recorded late. */
	late = jw_permission_late(ops_docs_date(jw->doc, "response_due_on"), c->effective_date);
	if (ops_docs_set(jw->doc, "permission",
	                 json_pack("{s:s, s:s?, s:s?, s:o, s:s, s:b}", "decision",
	                           a->granted ? "granted" : "refused", "reason", a->reason, "ref",
	                           a->ref, "answered_on", ops_docs_json_date(c->effective_date), "by",
	                           c->actor.user_id, "late", late), e) != 0 ||
	    ops_docs_set(jw->doc, "permission_overdue", json_boolean(late), e) != 0)
		return -1;
	return jw_set_state(c, jw, next, "permission", e);
}

/* The agreement's annex and certificate (R743 p.6, p.7): the permission
 * covers the request's carriers only; the annex lists the carriers, or
 * for the maintenance of an information system a certificate describes
 * them. */
static int
agreement_annex_check(const json_t *doc, const struct ops_joint_work_agreement_args *a,
                      bool maintenance, struct qerr *e)
{
	for (size_t i = 0; i < a->annex.n; i++) {
		if (request_carrier(doc, a->annex.v[i]) == NULL) {
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
step_agreement(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
               const void *arg, struct qerr *e)
{
	const struct ops_joint_work_step_args *sa = arg;
	const struct ops_joint_work_agreement_args *a = &sa->u.agreement;
	const char *subject = a->subject != NULL ? a->subject : "joint_work";
	struct jw_dates d;
	enum jw_state next;
	json_t *annex;

	if (a->signed_on > c->today)
		return qerr_input(e, "date_in_future", "signed_on");
	if (ops_ids_unique(&a->annex, "annex", e) != 0)
		return -1;
	for (size_t i = 0; i < a->annex.n; i++) {
		struct store_rec car = {0};

		if (ops_docs_load(tx, "carrier", a->annex.v[i], &car, "annex", e) != 0)
			return -1;
		store_rec_clear(&car);
	}
	d = jw_dates_of(jw->doc);
	/* permission_required (R743 p.7), or 409 */
	if (jw_agreement(jw_state_parse(jw->state), &d, a->signed_on, &next, e) != 0 ||
	    jw_term_check(ops_docs_date(jw->doc, "term_to"), a->signed_on, e) != 0 || /* R743 p.4.4 */
	    agreement_annex_check(jw->doc, a, strcmp(subject, "information_system_maintenance") == 0,
	                          e) != 0)
		return -1;
	annex = jrec_ids_json(&a->annex);
	if (ops_docs_set(jw->doc, "agreement",
	                 annex == NULL ? NULL
	                 : json_pack("{s:s, s:o, s:o, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s}",
	                             "number", a->number, "signed_on", ops_docs_json_date(a->signed_on),
	                             "annex", annex, "subject", subject, "certificate", a->certificate,
	                             "control_procedure", a->control_procedure, "financing",
	                             a->financing, "executor_permit_ref",
	                             ops_docs_str(jw->doc, "executor_permit_ref"), "executor_clearance_ref",
	                             ops_docs_str(jw->doc, "executor_clearance_ref"), "by",
	                             c->actor.user_id), e) != 0)
		return -1;
	return jw_set_state(c, jw, next, "agreement", e);
}

/* POST /v1/joint-works/{id}/nsc-notice (R743 p.3.3) */
static int
step_notice(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
            const void *arg, struct qerr *e)
{
	const struct ops_joint_work_step_args *sa = arg;
	const struct ops_joint_work_notice_args *a = &sa->u.notice;
	const char *office = a->nsc_office, *city = ops_docs_str(jw->doc, "executor_city");
	struct jw_dates d;
	enum jw_state next;
	char buf[400];

	(void)tx;   /* this step writes only the joint work */
	if (a->sent_on > c->today)
		return qerr_input(e, "date_in_future", "sent_on");
	d = jw_dates_of(jw->doc);
	if (jw_nsc_notice(jw_state_parse(jw->state), &d, a->sent_on, &next, e) != 0)
		return -1;
	if (office == NULL) {
		/* At the place of the executor's activity (R743 p.3.3). */
		snprintf(buf, sizeof buf, "national security authority, %s",
		         city != NULL ? city : "the executor's location");
		office = buf;
	}
	if (ops_docs_set(jw->doc, "nsc_notice",
	                 json_pack("{s:o, s:s, s:s?, s:s}", "sent_on", ops_docs_json_date(a->sent_on),
	                           "nsc_office", office, "ref", a->ref, "by", c->actor.user_id),
	                 e) != 0)
		return -1;
	return jw_set_state(c, jw, next, "nsc_notice", e);
}

/* POST /v1/joint-works/{id}/transfer (R743 p.6, p.7, p.11; Art. 26.1) */
static int
step_transfer(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
              const void *arg, struct qerr *e)
{
	const struct ops_joint_work_step_args *sa = arg;
	return ops_joint_work_transfer_in(c, tx, jw, &sa->u.carrier_ids, NULL, 0, e);
}

/* POST /v1/joint-works/{id}/violations (Art. 26.3, R743 p.9) */
static int
step_violation(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
               const void *arg, struct qerr *e)
{
	const struct ops_joint_work_step_args *sa = arg;
	(void)tx;   /* this step writes only the joint work */
	return ops_joint_work_violation_apply(c, jw, sa->u.description, NULL, e);
}

/* POST /v1/joint-works/{id}/resume — the violations are eliminated; the
 * executor must still hold its permit or clearance (R743 p.11). */
static int
step_resume(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
            const void *arg, struct qerr *e)
{
	enum jw_state next;
	size_t i;
	json_t *v;
	int rc;

	(void)arg;
	if (jw_resume(jw_state_parse(jw->state), &next, e) != 0)
		return -1;
	json_array_foreach(json_object_get(jw->doc, "held"), i, v) {
		struct store_rec car = {0};

		if (store_rec_get(tx, "carrier", json_string_value(v), &car, e) != 0)
			return -1;
		rc = executor_covers(c, tx, jw->doc, degree_parse(ops_docs_str(car.doc, "label")), e);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	return jw_set_state(c, jw, next, "resume", e);
}

/* POST /v1/joint-works/{id}/close: every carrier held comes back. */
static int
step_close(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
           const void *arg, struct qerr *e)
{
	enum jw_state next;

	(void)arg;
	if (jw_close(jw_state_parse(jw->state), &next, e) != 0)
		return -1;
	return ops_joint_work_end(c, tx, jw, next, "closed", e);
}

/* POST /v1/joint-works/{id}/cancel: likewise, once raised (R743 p.9). */
static int
step_cancel(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
            const void *arg, struct qerr *e)
{
	enum jw_state next;

	(void)arg;
	if (jw_cancel(jw_state_parse(jw->state), ops_docs_bool(jw->doc, "cancellation_raised", false),
	              &next, e) != 0)
		return -1;
	return ops_joint_work_end(c, tx, jw, next, "cancelled", e);
}

/* POST /v1/joint-works/{id}/addendum — the customer changes functions, form
 * of ownership, is liquidated or ends the work: the assignee, if it holds
 * the authority, takes its place; the security authority at the executor's
 * location and the disposing body are notified (R743 p.10). */
static int
step_addendum(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
              const void *arg, struct qerr *e)
{
	const struct ops_joint_work_step_args *sa = arg;
	const struct ops_joint_work_addendum_args *a = &sa->u.addendum;
	struct org_rec assignee = {0};
	size_t i;
	json_t *cr;
	bool liquidated;

	if (a->signed_on > c->today)
		return qerr_input(e, "date_in_future", "signed_on");
	if (ops_org_load(tx, a->assignee_org_id, &assignee, "assignee_org_id", e) != 0)
		return -1;
	liquidated = assignee.state == ORG_LIQUIDATED;
	org_rec_free(&assignee);
	if (jrec_same(a->assignee_org_id, ops_docs_str(jw->doc, "customer_org_id"))) {
		qerr_input(e, "invalid_value", "assignee_org_id");
		qerr_detail(e, "the assignee is the customer itself");
		return -1;
	}
	if (liquidated)
		return qerr_set(e, QERR_CONFLICT, "invalid_state", "28", "assignee_org_id");
	if (jw_addendum(jw_state_parse(jw->state), e) != 0)
		return -1;
	/* recipient_permit_missing: "if this assignee has the authority" */
	json_array_foreach(json_object_get(jw->doc, "carriers"), i, cr) {
		if (ops_org_permit_check(tx, a->assignee_org_id, degree_parse(ops_docs_str(cr, "label")),
		                         c->effective_date, e) != 0) {
			q_strlcpy(e->field, "assignee_org_id", sizeof e->field);
			return -1;
		}
	}
	/* nsc_notice_missing: the authority at the executor's location (p.10). */
	if (a->nsc_notice_sent_on == QDATE_NONE)
		return qerr_set(e, QERR_RULE, "nsc_notice_missing", "R743 p.10", "nsc_notice_sent_on");
	if (jrec_append(jrec_array(jw->doc, "addenda"),
	                json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:s}", "number", a->number,
	                          "from_org_id", jw->org_id, "assignee_org_id", a->assignee_org_id,
	                          "signed_on", ops_docs_json_date(a->signed_on), "reason", a->reason,
	                          "nsc_notice_sent_on", ops_docs_json_date(a->nsc_notice_sent_on),
	                          "disposing_notice_sent_on",
	                          ops_docs_json_date(a->disposing_notice_sent_on), "by",
	                          c->actor.user_id)) != 0 ||
	    ops_docs_set(jw->doc, "customer_org_id", json_string(a->assignee_org_id), e) != 0)
		return qerr_internal(e, "joint work: out of memory");
	q_strlcpy(jw->org_id, a->assignee_org_id, sizeof jw->org_id);
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
step_protection(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *jw,
                const void *arg, struct qerr *e)
{
	const struct ops_joint_work_step_args *sa = arg;
	const struct ops_joint_work_protection_args *a = &sa->u.protection;
	enum jw_protection kind = jw_protection_parse(a->arrangement);
	const char *exec_org = ops_docs_str(jw->doc, "executor_org_id"), *pid = a->provider_org_id;
	struct jw_protection_facts f = {0};
	enum jw_state s;

	if ((kind == JW_PROT_QUASI_PUBLIC || kind == JW_PROT_STATE_PROVIDER) && pid == NULL)
		return qerr_input(e, "missing_field", "provider_org_id");
	/* 404s of the parties before the state (SPEC.md §5) */
	if ((exec_org != NULL && ops_org_exists_in(tx, exec_org, NULL, e) != 0) ||
	    (pid != NULL && ops_org_exists_in(tx, pid, "provider_org_id", e) != 0))
		return -1;
	s = jw_state_parse(jw->state);
	if (s == JW_REFUSED || s == JW_CLOSED || s == JW_CANCELLED || s == JW_UNKNOWN)
		return qerr_set(e, QERR_CONFLICT, "invalid_state", "26", NULL);
	if (protection_facts(c, tx, exec_org, pid, &f, e) != 0 ||
	    jw_protection_check(kind, &f, e) != 0)
		return -1;
	return ops_docs_set(jw->doc, "protection",
	                    json_pack("{s:s, s:s?, s:s?, s:o, s:s}", "arrangement", a->arrangement,
	                              "provider_org_id",
	                              kind == JW_PROT_CUSTOMER ? ops_docs_str(jw->doc, "customer_org_id")
	                              : kind == JW_PROT_EXECUTOR_OWN ? exec_org : pid,
	                              "agreement_ref", a->agreement_ref, "date",
	                              ops_docs_json_date(c->effective_date), "by", c->actor.user_id),
	                    e);
}

/* ============================ The step frame ============================== */

/* The flow every step shares (jrec_step): 404 the joint work, 403 (the
 * customer's, or for the disposing body's step jw_disposing_scope), the
 * body's decode error, the step, update, commit with the audit entry; a
 * refusal rolls back and is recorded. */
static int
jw_step(const struct ops_ctx *c, const struct ops_joint_work_step_args *a, bool disposing,
        const char *action, jrec_apply_fn apply, struct store_rec *jw, struct qerr *e)
{
	return jrec_step(c, "joint_work", a->id, disposing ? jw_disposing_scope : jw_customer_scope,
	                 a->input, apply, a, action, jw, e);
}

int
ops_joint_work_permission(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                          struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, true, "joint_work.permission", step_permission, out, e);
}

int
ops_joint_work_agreement(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                         struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.agreement", step_agreement, out, e);
}

int
ops_joint_work_notice(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                      struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.nsc_notice", step_notice, out, e);
}

int
ops_joint_work_transfer(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                        struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.transfer", step_transfer, out, e);
}

int
ops_joint_work_protection(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                          struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.protection", step_protection, out, e);
}

int
ops_joint_work_violation(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                         struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.violation", step_violation, out, e);
}

int
ops_joint_work_resume(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                      struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.resume", step_resume, out, e);
}

int
ops_joint_work_close(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                     struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.close", step_close, out, e);
}

int
ops_joint_work_cancel(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                      struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.cancel", step_cancel, out, e);
}

int
ops_joint_work_addendum(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                        struct store_rec *out, struct qerr *e)
{
	return jw_step(c, a, false, "joint_work.addendum", step_addendum, out, e);
}
