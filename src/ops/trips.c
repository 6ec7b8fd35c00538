/*
 * trips.c — trips abroad (see trips.h).
 *
 * Trips and violations are typed rows (store/tables_trips.c), persons too
 * (ops/persons.h); clearances are still records (ops/docs.h). SECURITY: ids from the
 * caller are only looked up; the trip's organization scopes who may act
 * (403 forbidden_org).
 */
#include "ops/trips.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "ops/clearances.h"
#include "ops/docs.h"
#include "ops/persons.h"
#include "store/tables_trips.h"

void
ops_trip_free(struct ops_trip *t)
{
	if (t == NULL)
		return;
	trip_rec_free(&t->t);
	violation_rec_free(&t->v);
}

/* The trip.depart entry's details: {violation: the violation recorded as
 * it was answered (GET /v1/trips/{id}), or null}. NULL out of memory. */
static json_t *
depart_details(const struct violation_rec *v)
{
	json_t *o = ops_details_new(), *d = NULL;

	if (v->h.id[0] != '\0' && (d = ops_details_new()) != NULL &&
	    (ops_details_str(d, "id", v->h.id) != 0 ||
	     ops_details_str(d, "person_id", v->person_id) != 0 ||
	     ops_details_set(d, "code", json_string(v->code)) != 0 ||
	     ops_details_set(d, "article", json_string(v->article)) != 0 ||
	     ops_details_set(d, "trip_id", json_string(v->trip_id)) != 0 ||
	     ops_details_date(d, "date", v->date) != 0 ||
	     ops_details_set(d, "admitted", json_string(violation_admitted_names[
	                         v->admitted == VIOLATION_ADMITTED_NOW ? 0 : 1])) != 0 ||
	     ops_details_set(d, "country", v->country ? json_string(v->country) : json_null()) ||
	     ops_details_set(d, "liability",
	                     v->liability ? json_string(v->liability) : json_null()) != 0 ||
	     ops_details_set(d, "consequence",
	                     json_string(v->consequence ? v->consequence : "")) != 0)) {
		json_decref(d);
		d = NULL;
	}
	if (ops_details_set(o, "violation", v->h.id[0] != '\0' ? d : json_null()) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The trip id (a struct ops_trip *o) with its violation: 404 when absent. */
static int
trip_load(struct store_tx *tx, const char *id, void *o, struct qerr *e)
{
	struct ops_trip *out = o;

	memset(out, 0, sizeof *out);
	if (store_row_get(tx, &store_trip_table, id ? id : "", &out->t, e) != 0)
		return -1;
	if (out->t.violation_id[0] != '\0' &&
	    store_row_get(tx, &store_violation_table, out->t.violation_id, &out->v, e) != 0) {
		ops_trip_free(out);
		return -1;
	}
	return 0;
}

/* trip_load, then 403 unless the trip's organization is the actor's. */
static int
trip_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                 struct ops_trip *out, struct qerr *e)
{
	if (trip_load(tx, id, out, e) != 0)
		return -1;
	if (ops_scope(c, out->t.org_id, e) != 0) {
		ops_trip_free(out);
		return -1;
	}
	return 0;
}

/* The end of a step: the trip written (inserted or updated), the audit
 * entry (details borrowed, may be NULL), the commit; tx consumed. */
static int
trip_commit(const struct ops_ctx *c, struct store_tx *tx, struct ops_trip *t, bool insert,
            const char *action, json_t *details, struct qerr *e)
{
	int rc = insert ? store_row_insert(tx, &store_trip_table, &t->t, e)
	                : store_row_update(tx, &store_trip_table, &t->t, e);

	if (rc != 0) {
		store_rollback(tx);
		return -1;
	}
	return ops_commit(c, tx, action, t->t.h.id, details, e);
}

int
ops_trip_request(const struct ops_ctx *c, const struct ops_trip_args *a, struct ops_trip *out,
                 struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec person = {0};
	struct trip_rec *t = &out->t;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_person_load_scoped(c, tx, a->person_id, &person, e) != 0)
		goto fail;
	if (a->country == NULL || a->depart_on == QDATE_NONE || a->return_on == QDATE_NONE) {
		qerr_input(e, "missing_field", a->country == NULL ? "country"
		                              : a->depart_on == QDATE_NONE ? "depart_on"
		                                                           : "return_on");
		goto fail;
	}
	if (a->return_on < a->depart_on) {
		qerr_input(e, "invalid_value", "return_on");
		goto fail;
	}
	store_id_new("trip", t->h.id);
	q_strlcpy(t->person_id, person.h.id, sizeof t->person_id);
	q_strlcpy(t->org_id, person.org_id, sizeof t->org_id);
	t->country = strdup(a->country);
	t->purpose = a->purpose != NULL ? strdup(a->purpose) : NULL;
	if (t->country == NULL || (a->purpose != NULL && t->purpose == NULL)) {
		qerr_internal(e, "trip: out of memory");
		goto fail;
	}
	t->depart_on = a->depart_on;
	t->return_on = a->return_on;
	t->state = TRIP_REQUESTED;
	t->requested_on = c->effective_date;
	t->approved_on = t->refused_on = t->departed_on = QDATE_NONE;
	person_rec_free(&person);
	if (trip_commit(c, tx, out, true, "trip.create", NULL, e) != 0)
		goto out;
	return 0;
fail:
	store_rollback(tx);
	person_rec_free(&person);
out:
	ops_trip_free(out);
	return ops_refuse(c, "trip.create", a->person_id, e);
}

int
ops_trip_decide(const struct ops_ctx *c, const char *trip_id, bool approve,
                struct ops_trip *out, struct qerr *e)
{
	const char *action = approve ? "trip.approve" : "trip.refuse";
	struct store_tx *tx = NULL;
	enum trip_state next;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (trip_load_scoped(c, tx, trip_id, out, e) != 0 ||
	    /* invalid_state, Art. 32 */
	    trip_decide_check(trip_state_name(out->t.state), approve, &next, e) != 0) {
		store_rollback(tx);
		goto fail;
	}
	out->t.state = next;
	if (approve) {
		out->t.approved_on = c->effective_date;
		q_strlcpy(out->t.approved_by, c->actor.user_id, sizeof out->t.approved_by);
	} else {
		out->t.refused_on = c->effective_date;
		q_strlcpy(out->t.refused_by, c->actor.user_id, sizeof out->t.refused_by);
	}
	if (trip_commit(c, tx, out, false, action, NULL, e) == 0)
		return 0;
fail:
	ops_trip_free(out);
	return ops_refuse(c, action, trip_id, e);
}

/* travel_not_approved, Art. 32: the violation recorded into t->v (ve: the
 * rule's code and article), with CAO 504.2 only for a person admitted now
 * (news 2024). */
static int
violation_record(const struct ops_ctx *c, struct store_tx *tx, struct ops_trip *t,
                 const struct qerr *ve, enum clearance_admitted admitted, struct qerr *e)
{
	const char *liability = clearance_trip_liability(admitted);
	struct violation_rec *v = &t->v;

	store_id_new("violation", v->h.id);
	q_strlcpy(v->person_id, t->t.person_id, sizeof v->person_id);
	q_strlcpy(v->org_id, t->t.org_id, sizeof v->org_id);
	q_strlcpy(v->code, ve->code, sizeof v->code);
	q_strlcpy(v->article, ve->article, sizeof v->article);
	q_strlcpy(v->trip_id, t->t.h.id, sizeof v->trip_id);
	v->date = c->effective_date;
	v->admitted = admitted == CLEARANCE_ADMITTED_NOW ? VIOLATION_ADMITTED_NOW
	                                                 : VIOLATION_ADMITTED_PREVIOUSLY;
	v->country = t->t.country != NULL ? strdup(t->t.country) : NULL;
	v->liability = liability != NULL ? strdup(liability) : NULL;
	v->consequence = strdup(liability ? "administrative liability under CAO Art. 504 part 2"
	                                  : "no administrative liability: CAO Art. 504 applies to "
	                                    "persons admitted now only (news 2024)");
	if ((t->t.country != NULL && v->country == NULL) ||
	    (liability != NULL && v->liability == NULL) || v->consequence == NULL)
		return qerr_internal(e, "violation: out of memory");
	if (store_row_insert(tx, &store_violation_table, v, e) != 0)
		return -1;
	q_strlcpy(t->t.violation_id, v->h.id, sizeof t->t.violation_id);
	/* Art. 31.1 para 1: a breach of the access agreement's obligations. */
	if (admitted == CLEARANCE_ADMITTED_NOW &&
	    ops_clearances_flag_person(tx, t->t.person_id, "violation", ve->code, "31.1", v->h.id,
	                               c->effective_date, NULL, e) != 0)
		return -1;
	return 0;
}

int
ops_trip_depart(const struct ops_ctx *c, const char *trip_id, struct ops_trip *out,
                struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct clearance_trip_status *st = NULL;
	size_t nst = 0;
	enum clearance_admitted admitted;
	struct qerr ve = {0};
	json_t *details = NULL;
	enum trip_state next;
	bool approved;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (trip_load_scoped(c, tx, trip_id, out, e) != 0 ||
	    /* invalid_state, Art. 32 */
	    trip_depart_check(trip_state_name(out->t.state), &approved, &next, e) != 0 ||
	    ops_clearances_trip_status(tx, out->t.person_id, &st, &nst, e) != 0)
		goto fail;
	if (clearance_trip_check(st, nst, c->effective_date,
	                         approved ? out->t.approved_on : QDATE_NONE, &admitted, &ve) != 0 &&
	    violation_record(c, tx, out, &ve, admitted, e) != 0)
		goto fail;
	out->t.state = next;
	out->t.departed_on = c->effective_date;
	if ((details = depart_details(&out->v)) == NULL) {
		qerr_internal(e, "trip: out of memory");
		goto fail;
	}
	free(st);
	st = NULL;
	if (trip_commit(c, tx, out, false, "trip.depart", details, e) != 0) {
		tx = NULL;
		goto fail;
	}
	json_decref(details);
	return 0;
fail:
	store_rollback(tx);
	free(st);
	json_decref(details);
	ops_trip_free(out);
	return ops_refuse(c, "trip.depart", trip_id, e);
}

int
ops_trip_get(const struct ops_ctx *c, const char *trip_id, struct ops_trip *out,
             struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = trip_load_scoped(c, tx, trip_id, out, e);
	store_rollback(tx);
	return rc;
}

/* ---- lists ------------------------------------------------------------- */

int
ops_trips_person_scoped(const struct ops_ctx *c, const char *person_id, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec p;
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_person_load_scoped(c, tx, person_id, &p, e);
	if (rc == 0)
		person_rec_free(&p);
	store_rollback(tx);
	return rc;
}

static int
ids_cb(void *ctx, const void *row)
{
	return rec_ids_add(ctx, ((const struct store_row_hdr *)row)->id);
}

int
ops_row_ids(struct store_tx *tx, const struct store_table *t, const struct store_where *w,
            size_t nw, int64_t after_seq, int limit, struct rec_ids *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (store_row_list(tx, t, w, nw, after_seq, limit, ids_cb, out, e) < 0) {
		rec_ids_free(out);
		return e->status != 0 ? -1 : qerr_internal(e, "list: out of memory");
	}
	return 0;
}

int64_t
ops_rows_each(struct store_tx *tx, const struct store_table *t, const struct store_where *w,
              size_t nw, int64_t after_seq, int limit, ops_row_load_fn load,
              void (*release)(void *), void *buf, int (*fn)(void *, const void *), void *ctx,
              struct qerr *e)
{
	struct rec_ids ids;
	int64_t n = 0;

	if (ops_row_ids(tx, t, w, nw, after_seq, limit, &ids, e) != 0)
		return -1;
	for (size_t i = 0; i < ids.n && n >= 0; i++) {
		int rc = -1;

		if (load(tx, ids.v[i], buf, e) == 0) {
			rc = fn(ctx, buf);
			release(buf);
		}
		n = rc < 0 ? -1 : n + 1;
		if (rc > 0)
			break;
	}
	free(ids.v);
	return n;
}

static void
trip_free_v(void *t)
{
	ops_trip_free(t);
}

int64_t
ops_trips_of_person(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                    int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	struct store_where w = STORE_W_STR("person_id", (const char *)q);
	struct ops_trip t;

	return ops_rows_each(tx, &store_trip_table, &w, 1, after_seq, limit, trip_load,
	                     trip_free_v, &t, fn, ctx, e);
}

int
ops_violations_of_person(struct store_tx *tx, const char *person_id,
                         struct violation_rec **out, size_t *n, struct qerr *e)
{
	struct store_where w = STORE_W_STR("person_id", person_id);
	struct rec_ids ids;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (ops_row_ids(tx, &store_violation_table, &w, 1, 0, 0, &ids, e) != 0)
		return -1;
	if (ids.n > 0 && (*out = calloc(ids.n, sizeof **out)) == NULL) {
		rec_ids_free(&ids);
		return qerr_internal(e, "violations: out of memory");
	}
	for (; i < ids.n; i++)
		if (store_row_get(tx, &store_violation_table, ids.v[i], &(*out)[i], e) != 0)
			break;
	rec_ids_free(&ids);
	if (i < ids.n) {
		ops_violations_free(*out, i);
		*out = NULL;
		return -1;
	}
	*n = i;
	return 0;
}

void
ops_violations_free(struct violation_rec *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		violation_rec_free(&v[i]);
	free(v);
}
