/*
 * clearances.c — the clearance procedures, the steps on a person's
 * clearances and their typed reads (see clearances.h).
 *
 * Clearances are typed rows (core/clearance_rec.h, store/tables_clearances.h)
 * with two child tables (the clearances a grant replaced, the relaxations
 * its decision used); persons and grounds are read as typed rows
 * (ops/persons.h). SECURITY: ids from the caller are only
 * looked up; the person's organization scopes who may act (403
 * forbidden_org).
 */
#include "ops/clearances.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "core/person_rec.h"
#include "ops/docs.h"
#include "ops/emergency.h"
#include "ops/persons.h"
#include "store/tables_clearances.h"

const char *const ops_clearance_prereq_dates[OPS_PREREQ_DATES] = {
	"commitment_on", "consent_restrictions_on", "consent_verification_on", "familiarized_on",
};

#define T (&store_clearance_table)

/* The prerequisite dates of c in the order of ops_clearance_prereq_dates. */
static qdate *
prereq_date(struct clearance_rec *c, size_t i)
{
	qdate *const f[OPS_PREREQ_DATES] = {
		&c->commitment_on, &c->consent_restrictions_on, &c->consent_verification_on,
		&c->familiarized_on,
	};

	return f[i];
}

static const char *
state_name(int s)
{
	return s > 0 && s <= CLEARANCE_TERMINATED ? clearance_rec_state_names[s] : "";
}

/* ---- the typed rows ------------------------------------------------------ */

static int
dup_str(char **dst, const char *src, struct qerr *e)
{
	*dst = NULL;
	if (src != NULL && (*dst = strdup(src)) == NULL)
		return qerr_internal(e, "clearance: out of memory");
	return 0;
}

/* *dst = a copy of the row src (its strings duplicated; no children). */
static int
rec_copy(struct clearance_rec *dst, const struct clearance_rec *src, struct qerr *e)
{
	*dst = *src;
	dst->replaces = NULL;
	dst->nreplaces = 0;
	dst->relaxed = NULL;
	dst->nrelaxed = 0;
	if (dup_str(&dst->treaty_ref, src->treaty_ref, e) != 0)
		return -1;
	if (dup_str(&dst->contract_number, src->contract_number, e) != 0) {
		free(dst->treaty_ref);
		dst->treaty_ref = NULL;
		return -1;
	}
	return 0;
}

static int
replaced_cb(void *ctx, const void *row)
{
	struct clearance_rec *c = ctx;
	const struct clearance_replaced_rec *r = row;
	void *v = realloc(c->replaces, (c->nreplaces + 1) * sizeof *c->replaces);

	if (v == NULL)
		return -1;
	c->replaces = v;
	q_strlcpy(c->replaces[c->nreplaces++], r->replaced_id, STORE_ID_MAX);
	return 0;
}

static int
relaxed_cb(void *ctx, const void *row)
{
	struct clearance_rec *c = ctx;
	const struct clearance_relaxed_rec *r = row;
	void *v = realloc(c->relaxed, (c->nrelaxed + 1) * sizeof *c->relaxed);

	if (v == NULL)
		return -1;
	c->relaxed = v;
	c->relaxed[c->nrelaxed++] = r->relaxation;
	return 0;
}

/* The child rows of c, in seq order. */
static int
children_load(struct store_tx *tx, struct clearance_rec *c, struct qerr *e)
{
	struct store_where w = STORE_W_STR("clearance_id", c->h.id);

	if (store_row_list(tx, &store_clearance_replaced_table, &w, 1, 0, 0, replaced_cb, c, e) < 0 ||
	    store_row_list(tx, &store_clearance_relaxed_table, &w, 1, 0, 0, relaxed_cb, c, e) < 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "clearance: out of memory");
		return -1;
	}
	return 0;
}

int
ops_clearance_load(struct store_tx *tx, const char *id, struct clearance_rec *out,
                   const char *field, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (id == NULL || id[0] == '\0' || strlen(id) >= STORE_ID_MAX) {
		qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
		return -1;
	}
	if (store_row_get(tx, T, id, out, e) != 0) {
		if (e != NULL && e->status == QERR_NOT_FOUND && field != NULL)
			q_strlcpy(e->field, field, sizeof e->field);
		return -1;
	}
	if (children_load(tx, out, e) != 0) {
		clearance_rec_free(out);
		return -1;
	}
	return 0;
}

int
ops_clearance_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                          struct clearance_rec *out, struct qerr *e)
{
	if (ops_clearance_load(tx, id, out, NULL, e) != 0)
		return -1;
	if (ops_scope(c, out->org_id, e) != 0) {
		clearance_rec_free(out);
		return -1;
	}
	return 0;
}

int
ops_clearance_exists_scoped(const struct ops_ctx *c, const char *id, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct clearance_rec rec;
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = ops_clearance_load_scoped(c, tx, id, &rec, e);
	store_rollback(tx);
	if (rc == 0)
		clearance_rec_free(&rec);
	return rc;
}

void
ops_clearances_free(struct clearance_rec *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		clearance_rec_free(&v[i]);
	free(v);
}

struct vec {
	struct clearance_rec *v;
	size_t n, cap;
	struct qerr *e;
};

static int
collect_cb(void *ctx, const void *row)
{
	struct vec *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		void *v = realloc(c->v, cap * sizeof *c->v);

		if (v == NULL)
			return qerr_internal(c->e, "clearances: out of memory");
		c->v = v;
		c->cap = cap;
	}
	if (rec_copy(&c->v[c->n], row, c->e) != 0)
		return -1;
	c->n++;
	return 0;
}

/* The conditions of q; *nw of them in w[4]. */
static size_t
query_where(const struct ops_clearance_query *q, struct store_where w[4])
{
	size_t nw = 0;

	if (q->person_id != NULL)
		w[nw++] = STORE_W_STR("person_id", q->person_id);
	if (q->org_id != NULL)
		w[nw++] = STORE_W_STR("org_id", q->org_id);
	if (q->state != 0)
		w[nw++] = STORE_W_NUM("state", STORE_EQ, q->state);
	return nw;
}

/* A page of the clearances of q (after_seq, limit as store_row_list) into
 * a new array, with their children when q->children. */
static int
list_page(struct store_tx *tx, const struct ops_clearance_query *q, int64_t after_seq,
          int limit, struct clearance_rec **out, size_t *n, struct qerr *e)
{
	struct store_where w[4];
	size_t nw = query_where(q, w);
	struct vec c = {.e = e};

	*out = NULL;
	*n = 0;
	if (store_row_list(tx, T, w, nw, after_seq, limit, collect_cb, &c, e) < 0)
		goto fail;
	for (size_t i = 0; q->children && i < c.n; i++)
		if (children_load(tx, &c.v[i], e) != 0)
			goto fail;
	*out = c.v;
	*n = c.n;
	return 0;
fail:
	ops_clearances_free(c.v, c.n);
	return -1;
}

int
ops_clearances_list(struct store_tx *tx, const struct ops_clearance_query *q,
                    struct clearance_rec **out, size_t *n, struct qerr *e)
{
	return list_page(tx, q, 0, 0, out, n, e);
}

int64_t
ops_clearances_each(struct store_tx *tx, const void *query, int64_t after_seq, int limit,
                    int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct ops_clearance_query *q = query;
	struct clearance_rec *v;
	size_t n, i;
	int stop = 0;

	if (!q->children) {   /* streamed: no copy of a registry's clearances */
		struct store_where w[4];
		size_t nw = query_where(q, w);

		return store_row_list(tx, T, w, nw, after_seq, limit, fn, ctx, e);
	}
	if (list_page(tx, q, after_seq, limit, &v, &n, e) != 0)
		return -1;
	for (i = 0; i < n && stop == 0; i++)
		stop = fn(ctx, &v[i]);
	ops_clearances_free(v, n);
	if (stop < 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "clearances: out of memory");
		return -1;
	}
	return (int64_t)i;
}

/* Inserts rec with its children. */
static int
rec_insert(struct store_tx *tx, struct clearance_rec *rec, struct qerr *e)
{
	return store_row_insert(tx, T, rec, e);
}

static int
add_replaced(struct store_tx *tx, const char *id, const char *replaced, struct qerr *e)
{
	struct clearance_replaced_rec r = {0};

	store_id_new(store_clearance_replaced_table.id_prefix, r.h.id);
	q_strlcpy(r.clearance_id, id, sizeof r.clearance_id);
	q_strlcpy(r.replaced_id, replaced, sizeof r.replaced_id);
	return store_row_insert(tx, &store_clearance_replaced_table, &r, e);
}

static int
add_relaxed(struct store_tx *tx, const char *id, int relaxation, struct qerr *e)
{
	struct clearance_relaxed_rec r = {0};

	store_id_new(store_clearance_relaxed_table.id_prefix, r.h.id);
	q_strlcpy(r.clearance_id, id, sizeof r.clearance_id);
	r.relaxation = relaxation;
	return store_row_insert(tx, &store_clearance_relaxed_table, &r, e);
}

/* ---- the audit details ---------------------------------------------------- */

/* The decision's emergency in the clearance.decision entry: {id, relaxed,
 * verification_due_on}; NULL out of memory. */
static json_t *
emergency_details(const struct clearance_rec *c)
{
	json_t *o = ops_details_new(), *relaxed = json_array();
	size_t nnames = 0;

	while (clearance_relax_names[nnames] != NULL)
		nnames++;
	for (size_t i = 0; relaxed != NULL && i < c->nrelaxed; i++) {
		int r = c->relaxed[i];

		if (json_array_append_new(relaxed, r >= 0 && (size_t)r < nnames
		                                   ? json_string(clearance_relax_names[r])
		                                   : json_null()) != 0) {
			json_decref(relaxed);
			relaxed = NULL;
		}
	}
	if (ops_details_str(o, "id", c->emergency_id) != 0 ||
	    ops_details_set(o, "relaxed", relaxed) != 0 ||
	    ops_details_date(o, "verification_due_on", c->verification_due_on) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The act as submitted to POST /v1/clearances/{id}/prerequisites, in the
 * order of its fields: the clearance.prerequisites entry's details. */
static json_t *
prereqs_details(const struct ops_clearance_prereqs_args *a)
{
	json_t *o = ops_details_new();
	int bad = o == NULL;

	for (size_t i = 0; !bad && i < OPS_PREREQ_DATES; i++)
		bad = a->dates[i] != QDATE_NONE &&
		      ops_details_date(o, ops_clearance_prereq_dates[i], a->dates[i]) != 0;
	if (!bad && a->verification != CLEARANCE_VERIFICATION_NONE)
		bad = ops_details_str(o, "verification",
		                      clearance_verification_names[a->verification]) != 0;
	if (!bad && a->verified_on != QDATE_NONE)
		bad = ops_details_date(o, "verified_on", a->verified_on) != 0;
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- the typed reads ----------------------------------------------------- */

int
ops_clearances_of_person(struct store_tx *tx, const char *person_id, access_key person,
                         qdate on, struct access_clearance **out, size_t *n,
                         struct qerr *e)
{
	struct ops_clearance_query q = {.person_id = person_id};
	struct clearance_rec *v = NULL;
	size_t nv = 0;

	*out = NULL;
	*n = 0;
	if (person_id == NULL || person_id[0] == '\0')
		return 0;
	if (ops_clearances_list(tx, &q, &v, &nv, e) != 0)
		return -1;
	if (nv > 0 && (*out = calloc(nv, sizeof **out)) == NULL) {
		ops_clearances_free(v, nv);
		return qerr_internal(e, "clearances: out of memory");
	}
	for (size_t i = 0; i < nv; i++) {
		struct access_clearance *cl = &(*out)[i];

		cl->person = person;   /* selected by person_id */
		cl->form = (enum degree)v[i].form;
		/* as it stood on the act's effective_date (SPEC.md §3) */
		cl->state = access_clearance_state_on(
			access_clearance_state_parse(state_name(v[i].state)), v[i].granted_on,
			v[i].terminated_on, on);
		if (cl->state == ACCESS_CLEARANCE_ACTIVE && v[i].verification_pending) {
			qdate end = v[i].verification_due_on;

			/* clearance_inactive, Art. 5, 29.1: the mode's end as it stands now */
			if (ops_emergency_period_end(tx, v[i].emergency_id, &end, e) != 0) {
				ops_clearances_free(v, nv);
				free(*out);
				*out = NULL;
				return -1;
			}
			if (clearance_pending_lapsed(end, on))
				cl->state = ACCESS_CLEARANCE_REGISTERING;
		}
	}
	*n = nv;
	ops_clearances_free(v, nv);
	return 0;
}

int
ops_clearances_trip_status(struct store_tx *tx, const char *person_id,
                           struct clearance_trip_status **out, size_t *n, struct qerr *e)
{
	struct ops_clearance_query q = {.person_id = person_id};
	struct clearance_rec *cl = NULL;
	size_t ncl = 0;

	*out = NULL;
	*n = 0;
	if (ops_clearances_list(tx, &q, &cl, &ncl, e) != 0)
		return -1;
	*out = calloc(ncl + 1, sizeof **out);
	if (*out == NULL) {
		ops_clearances_free(cl, ncl);
		return qerr_internal(e, "trip: out of memory");
	}
	for (size_t i = 0; i < ncl; i++) {
		bool granted = cl[i].decision == CLEARANCE_DECISION_GRANT && cl[i].decision_reason == 0;
		struct clearance_trip_status *s = &(*out)[*n];

		s->state = (enum clearance_state)cl[i].state;
		if (s->state == CLEARANCE_REFUSED || s->state == CLEARANCE_REGISTERING)
			continue;             /* never admitted by this clearance */
		s->granted_on = granted ? cl[i].decided_on : QDATE_NONE;
		s->terminated_on = cl[i].terminated_on;
		s->restriction_until = granted ? cl[i].restriction_until : QDATE_NONE;
		(*n)++;
	}
	ops_clearances_free(cl, ncl);
	return 0;
}

int
ops_clearances_due_each(struct store_tx *tx, const char *org_id, ops_clearance_due_fn fn,
                        void *ctx, struct qerr *e)
{
	struct store_where w[5];
	size_t nw = 0;
	struct clearance_rec *v = NULL;
	size_t n = 0;
	struct vec c = {.e = e};
	int ret = -1;

	/* the flagged (Art. 31.1) and, not flagged, those whose verification an
	 * Art. 5 mode let follow: two index reads, no clearance twice */
	w[nw++] = STORE_W_NUM("state", STORE_EQ, CLEARANCE_ACTIVE);
	if (org_id != NULL)
		w[nw++] = STORE_W_STR("org_id", org_id);
	w[nw++] = (struct store_where){.col = "termination_due_on", .op = STORE_NE};
	if (store_row_list(tx, T, w, nw, 0, 0, collect_cb, &c, e) < 0)
		goto done;
	w[nw - 1] = (struct store_where){.col = "termination_due_on", .op = STORE_EQ};
	w[nw++] = (struct store_where){.col = "verification_due_on", .op = STORE_NE};
	w[nw++] = STORE_W_NUM("verification_pending", STORE_EQ, 1);
	if (store_row_list(tx, T, w, nw, 0, 0, collect_cb, &c, e) < 0)
		goto done;
	v = c.v;
	n = c.n;
	c.v = NULL;
	for (size_t i = 0; i < n; i++) {
		qdate due = v[i].due_reason[0] != '\0' ? v[i].termination_due_on : QDATE_NONE;

		/* Art. 5, 29.1: a clearance granted with its verification pending
		 * is owed its verification (or its termination) by the end of the
		 * modified procedure's period as it stands now. */
		if (v[i].verification_pending) {
			qdate end = v[i].verification_due_on;

			if (ops_emergency_period_end(tx, v[i].emergency_id, &end, e) != 0)
				goto done;
			if (end != QDATE_NONE && (due == QDATE_NONE || end < due))
				due = end;
		}
		if (due != QDATE_NONE && fn(ctx, &v[i], due) != 0) {
			if (!qerr_is_set(e))
				qerr_internal(e, "deadlines: out of memory");
			goto done;
		}
	}
	ret = 0;
done:
	ops_clearances_free(c.v, c.n);
	ops_clearances_free(v, n);
	return ret;
}

/* ---- the steps on a person's clearances --------------------------------- */

/* active -> terminated with its reason; the obligations stay (Art. 31.3:
 * non_disclosure "continues"); the restriction period of the agreement
 * (Art. 32) stays as recorded; the flag for termination is cleared. */
static void
terminate_rec(struct clearance_rec *c, enum clearance_end reason, qdate on, const char *by,
              const char *source_id)
{
	c->state = CLEARANCE_TERMINATED;
	c->terminated_on = on;
	c->end_reason = (int)reason;
	q_strlcpy(c->terminated_by, by ? by : "", sizeof c->terminated_by);
	q_strlcpy(c->termination_source_id, source_id ? source_id : "",
	          sizeof c->termination_source_id);
	c->termination_due_on = QDATE_NONE;
	c->due_reason[0] = c->due_code[0] = c->due_article[0] = c->due_source_id[0] = '\0';
	c->due_noted_on = QDATE_NONE;
}

int
ops_clearances_terminate_person(struct store_tx *tx, const char *person_id,
                                enum clearance_end reason, qdate on, const char *by,
                                const char *source_id, bool close_registering,
                                struct rec_ids *ids, struct qerr *e)
{
	struct ops_clearance_query q = {.person_id = person_id};
	struct clearance_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;

	if (clearance_end_name(reason) == NULL)
		return qerr_internal(e, "terminate: no reason");
	if (ops_clearances_list(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		enum clearance_state s = (enum clearance_state)cl[i].state, next;

		if (s == CLEARANCE_ACTIVE) {
			if (clearance_terminate(s, &next, e) != 0)
				goto done;
			terminate_rec(&cl[i], reason, on, by, source_id);
		} else if (s == CLEARANCE_REGISTERING && close_registering) {
			/* The registration was for a position the person left. */
			cl[i].state = CLEARANCE_REFUSED;
			cl[i].decision = CLEARANCE_DECISION_REFUSE;
			cl[i].decision_reason = (int)reason;
			cl[i].decided_on = on;
			q_strlcpy(cl[i].decided_by, by ? by : "", sizeof cl[i].decided_by);
			q_strlcpy(cl[i].decision_source_id, source_id ? source_id : "",
			          sizeof cl[i].decision_source_id);
		} else {
			continue;
		}
		if (store_row_update(tx, T, &cl[i], e) != 0)
			goto done;
		if (ids != NULL && rec_ids_add(ids, cl[i].h.id) != 0) {
			qerr_internal(e, "clearances: out of memory");
			goto done;
		}
	}
	ret = 0;
done:
	ops_clearances_free(cl, n);
	return ret;
}

int
ops_clearances_flag_person(struct store_tx *tx, const char *person_id, const char *reason,
                           const char *code, const char *article, const char *source_id,
                           qdate noted_on, struct rec_ids *ids, struct qerr *e)
{
	struct ops_clearance_query q = {.person_id = person_id, .state = CLEARANCE_ACTIVE};
	struct clearance_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;
	qdate due = clearance_termination_due(noted_on);

	if (ops_clearances_list(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		qdate old_due = cl[i].due_reason[0] != '\0' ? cl[i].termination_due_on : QDATE_NONE;

		if (old_due != QDATE_NONE && old_due <= due)
			continue;             /* already due, no later */
		/* The deadlines list reads the date (Art. 31.1, kind
		 * clearance_termination). */
		cl[i].termination_due_on = due;
		q_strlcpy(cl[i].due_reason, reason, sizeof cl[i].due_reason);
		q_strlcpy(cl[i].due_code, code, sizeof cl[i].due_code);
		q_strlcpy(cl[i].due_article, article, sizeof cl[i].due_article);
		q_strlcpy(cl[i].due_source_id, source_id ? source_id : "", sizeof cl[i].due_source_id);
		cl[i].due_noted_on = noted_on;
		if (store_row_update(tx, T, &cl[i], e) != 0)
			goto done;
		if (ids != NULL && rec_ids_add(ids, cl[i].h.id) != 0) {
			qerr_internal(e, "clearances: out of memory");
			goto done;
		}
	}
	ret = 0;
done:
	ops_clearances_free(cl, n);
	return ret;
}

/* ---- the procedures ------------------------------------------------------ */

/* The end of a step on rec: updated (or inserted), the audit entry
 * (action, rec's id, details borrowed), the commit. *tx is NULL once the
 * commit was tried; a failed write leaves it open for the caller. */
static int
commit_rec(const struct ops_ctx *c, struct store_tx **tx, struct clearance_rec *rec,
           bool insert, const char *action, json_t *details, struct qerr *e)
{
	int rc = insert ? rec_insert(*tx, rec, e) : store_row_update(*tx, T, rec, e);

	if (rc != 0)
		return -1;
	rc = ops_commit(c, *tx, action, rec->h.id, details, e);
	*tx = NULL;
	return rc;
}

/* The person's citizenship as core/clearance.h reads it (Art. 29.4). */
static enum clearance_citizenship
citizenship_of(const struct person_rec *p)
{
	const char *name = p->citizenship >= PERSON_KZ && p->citizenship <= PERSON_STATELESS
	                 ? person_citizenship_names[p->citizenship] : NULL;

	return clearance_citizenship_parse(name);
}

int
ops_clearance_register(const struct ops_ctx *c, const struct ops_clearance_register_args *a,
                       struct clearance_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec person = {0};
	struct clearance_rec rec = {0};
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_person_load_scoped(c, tx, a->person_id, &person, e) != 0 ||
	    ops_docs_org_active(tx, person.org_id, NULL, e) != 0 ||   /* org_liquidated, Art. 28 */
	    /* foreigner_needs_treaty, Art. 29.4 */
	    clearance_treaty_check(citizenship_of(&person), a->treaty_ref, e) != 0)
		goto done;
	clearance_rec_init(&rec);
	store_id_new(T->id_prefix, rec.h.id);
	q_strlcpy(rec.org_id, person.org_id, sizeof rec.org_id);
	q_strlcpy(rec.person_id, person.h.id, sizeof rec.person_id);
	rec.form = (int)a->form;
	rec.state = CLEARANCE_REGISTERING;
	rec.registered_on = c->effective_date;
	if (dup_str(&rec.treaty_ref, a->treaty_ref, e) != 0)
		goto done;
	rc = commit_rec(c, &tx, &rec, true, "clearance.create", NULL, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.create", a->person_id, e);
	else
		*out = rec;
	if (rc != 0)
		clearance_rec_free(&rec);
	person_rec_free(&person);
	return rc;
}

/* The prerequisites as recorded. */
static void
prereqs_of(const struct clearance_rec *c, struct clearance_prereqs *p)
{
	p->commitment_on = c->commitment_on;
	p->consent_restrictions_on = c->consent_restrictions_on;
	p->consent_verification_on = c->consent_verification_on;
	p->familiarized_on = c->familiarized_on;
	p->verification = (enum clearance_verification)c->verification;
	p->verified_on = c->verified_on;
}

/* The body's checks of a prerequisites step (400), after the clearance's
 * 404 and 403: no date in the future, no result date without its result. */
static int
prereqs_input(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a,
              struct qerr *e)
{
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		if (a->dates[i] != QDATE_NONE && a->dates[i] > c->today)
			return qerr_input(e, "date_in_future", ops_clearance_prereq_dates[i]);
	if (a->verified_on != QDATE_NONE && a->verified_on > c->today)
		return qerr_input(e, "date_in_future", "verified_on");
	if (a->verified_on != QDATE_NONE && a->verification == CLEARANCE_VERIFICATION_NONE)
		return qerr_input(e, "missing_field", "verification");
	return 0;
}

/* Writes the given prerequisites into rec. */
static void
prereqs_write(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a,
              struct clearance_rec *rec)
{
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		if (a->dates[i] != QDATE_NONE)
			*prereq_date(rec, i) = a->dates[i];
	if (a->verification != CLEARANCE_VERIFICATION_NONE) {
		rec->verification = (int)a->verification;
		rec->verified_on = a->verified_on != QDATE_NONE ? a->verified_on : c->effective_date;
	}
}

int
ops_clearance_prereqs(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a,
                      struct clearance_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct clearance_rec rec = {0};
	struct clearance_prereqs p;
	enum clearance_state s;
	bool pending, verif = a->verification != CLEARANCE_VERIFICATION_NONE;
	json_t *details = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (a->verification < CLEARANCE_VERIFICATION_NONE ||
	    a->verification > CLEARANCE_VERIFICATION_EVADED)
		return qerr_input(e, "invalid_value", "verification");
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_clearance_load_scoped(c, tx, a->clearance_id, &rec, e) != 0 ||
	    prereqs_input(c, a, e) != 0)
		goto done;
	s = (enum clearance_state)rec.state;
	/* Art. 5: a clearance granted with its verification pending takes the
	 * verification's result afterwards, and nothing else. */
	pending = s == CLEARANCE_ACTIVE && rec.verification_pending;
	if (s != CLEARANCE_REGISTERING && !(pending && verif)) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "29.1", NULL);
		qerr_detail(e, "clearance is %s", state_name(rec.state));
		goto done;
	}
	for (size_t i = 0; pending && i < OPS_PREREQ_DATES; i++)
		if (a->dates[i] != QDATE_NONE) {
			qerr_set(e, QERR_CONFLICT, "invalid_state", "29.1",
			         ops_clearance_prereq_dates[i]);
			qerr_detail(e, "clearance is active: only the verification may follow");
			goto done;
		}
	prereqs_write(c, a, &rec);
	prereqs_of(&rec, &p);
	/* prerequisites_missing, Art. 29.1: no verification before the consent. */
	if (clearance_verification_check(&p, e) != 0)
		goto done;
	if (pending) {
		rec.verification_pending = false;
		if (p.verification != CLEARANCE_VERIFICATION_PASSED) {
			/* Art. 31.1 with 30.1: the result is a ground; the head must
			 * terminate. */
			if (store_row_update(tx, T, &rec, e) != 0 ||
			    ops_clearances_flag_person(tx, rec.person_id, "ground", "refusal_ground",
			                               "30.1", rec.h.id, p.verified_on, NULL, e) != 0)
				goto done;
			clearance_rec_free(&rec);
			if (ops_clearance_load(tx, a->clearance_id, &rec, NULL, e) != 0)
				goto done;
		}
	}
	if ((details = prereqs_details(a)) == NULL) {
		qerr_internal(e, "prerequisites: out of memory");
		goto done;
	}
	rc = commit_rec(c, &tx, &rec, false, "clearance.prerequisites", details, e);
done:
	json_decref(details);
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.prerequisites", a->clearance_id, e);
	if (rc == 0)
		*out = rec;
	else
		clearance_rec_free(&rec);
	return rc;
}

/* Gathers the inputs of clearance_grant_check for the registration rec and
 * runs it. *mode gets the emergency mode whose relaxation was used (its id
 * "" when none). */
static int
grant_check(const struct ops_ctx *c, struct store_tx *tx, const struct clearance_rec *rec,
            struct emergency_mode_rec *mode, struct qerr *e)
{
	struct person_rec person = {0};
	struct clearance_rec *others = NULL;
	size_t ngrounds = 0, nothers = 0;
	struct clearance_ground_rec *g = NULL;
	struct clearance_past *past = NULL;
	struct clearance_grant gr = {0};
	struct ops_clearance_query qc = {.person_id = rec->person_id};
	unsigned relaxed = 0;
	int ret = -1;

	memset(mode, 0, sizeof *mode);
	if (ops_person_load(tx, rec->person_id, &person, NULL, e) != 0)
		return -1;
	if (ops_person_grounds(tx, rec->person_id, &g, &ngrounds, e) != 0 ||
	    ops_clearances_list(tx, &qc, &others, &nothers, e) != 0)
		goto done;
	past = calloc(nothers + 1, sizeof *past);
	if (past == NULL) {
		qerr_internal(e, "grant: out of memory");
		goto done;
	}
	for (size_t i = 0; i < nothers; i++) {
		if (strcmp(others[i].h.id, rec->h.id) == 0)
			continue;
		past[gr.npast].state = (enum clearance_state)others[i].state;
		past[gr.npast].reason = (enum clearance_end)others[i].end_reason;
		past[gr.npast].terminated_on = others[i].terminated_on;
		gr.npast++;
	}
	prereqs_of(rec, &gr.prereqs);
	gr.registered_on = rec->registered_on;
	gr.decided_on = c->effective_date;
	gr.citizenship = citizenship_of(&person);
	gr.treaty_ref = rec->treaty_ref;
	gr.grounds = g;
	gr.ngrounds = ngrounds;
	gr.past = past;
	if (ops_emergency_in_force(tx, person.org_id, c->effective_date, &gr.relax, mode, e) != 0)
		goto done;
	ret = clearance_grant_check(&gr, &relaxed, e);
	if (ret != 0 || relaxed == 0) {
		emergency_mode_rec_free(mode);
		memset(mode, 0, sizeof *mode);
	}
done:
	free(g);
	free(past);
	ops_clearances_free(others, nothers);
	person_rec_free(&person);
	return ret;
}

/* Re-registration (Art. 29.3): the newly granted form replaces the person's
 * other active clearances; each is recorded as a child row of rec. */
static int
supersede_others(const struct ops_ctx *c, struct store_tx *tx, struct clearance_rec *rec,
                 struct qerr *e)
{
	struct ops_clearance_query q = {.person_id = rec->person_id, .state = CLEARANCE_ACTIVE};
	struct clearance_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;

	if (ops_clearances_list(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		void *v;

		if (strcmp(cl[i].h.id, rec->h.id) == 0)
			continue;
		terminate_rec(&cl[i], CLEARANCE_END_REREGISTERED, c->effective_date,
		              c->actor.user_id, rec->h.id);
		if (store_row_update(tx, T, &cl[i], e) != 0 ||
		    add_replaced(tx, rec->h.id, cl[i].h.id, e) != 0)
			goto done;
		if ((v = realloc(rec->replaces, (rec->nreplaces + 1) * sizeof *rec->replaces)) == NULL) {
			qerr_internal(e, "decision: out of memory");
			goto done;
		}
		rec->replaces = v;
		q_strlcpy(rec->replaces[rec->nreplaces++], cl[i].h.id, STORE_ID_MAX);
	}
	ret = 0;
done:
	ops_clearances_free(cl, n);
	return ret;
}

/* The decision recorded in rec; the mode's relaxation marks the clearance
 * (its verification follows, Art. 5). */
static int
decision_write(const struct ops_ctx *c, struct store_tx *tx,
               const struct ops_clearance_decide_args *a,
               const struct emergency_mode_rec *mode, struct clearance_rec *rec,
               struct qerr *e)
{
	rec->decision = a->grant ? CLEARANCE_DECISION_GRANT : CLEARANCE_DECISION_REFUSE;
	rec->decided_on = c->effective_date;
	q_strlcpy(rec->decided_by, c->actor.user_id, sizeof rec->decided_by);
	free(rec->contract_number);
	if (dup_str(&rec->contract_number, a->contract_number, e) != 0)
		return -1;
	rec->restriction_until = a->restriction_until;
	rec->decision_reason = 0;
	rec->decision_source_id[0] = '\0';
	if (mode->h.id[0] == '\0')
		return 0;
	/* Art. 5: what the emergency mode relaxed is part of the decision. */
	q_strlcpy(rec->emergency_id, mode->h.id, sizeof rec->emergency_id);
	rec->verification_due_on = mode->until;
	rec->verification_pending = true;
	free(rec->relaxed);
	if ((rec->relaxed = malloc(sizeof *rec->relaxed)) == NULL) {
		rec->nrelaxed = 0;
		return qerr_internal(e, "decision: out of memory");
	}
	rec->relaxed[0] = 0;   /* clearance_relax_names: "verification_pending" */
	rec->nrelaxed = 1;
	return add_relaxed(tx, rec->h.id, rec->relaxed[0], e);
}

int
ops_clearance_decide(const struct ops_ctx *c, const struct ops_clearance_decide_args *a,
                     struct clearance_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct clearance_rec rec = {0};
	struct emergency_mode_rec mode = {0};
	enum clearance_state next;
	json_t *details = NULL;
	size_t first = 0;   /* rec.replaces[first...]: the ones this grant replaced */
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (ops_clearance_load_scoped(c, tx, a->clearance_id, &rec, e) != 0 ||
	    (a->grant && ops_docs_org_active(tx, rec.org_id, NULL, e) != 0) ||   /* Art. 28 */
	    clearance_decide((enum clearance_state)rec.state, a->grant, &next, e) != 0 ||
	    (a->grant && grant_check(c, tx, &rec, &mode, e) != 0))
		goto done;
	rec.state = (int)next;
	if (decision_write(c, tx, a, &mode, &rec, e) != 0)
		goto done;
	if (a->grant) {
		rec.granted_on = c->effective_date;
		first = rec.nreplaces;
		if (supersede_others(c, tx, &rec, e) != 0)
			goto done;
	}
	details = ops_details_new();
	if (ops_details_set(details, "decision", json_string(a->grant ? "grant" : "refuse")) != 0 ||
	    ops_details_set(details, "form", json_string(degree_name((enum degree)rec.form)
	                                                 ? degree_name((enum degree)rec.form)
	                                                 : "")) != 0 ||
	    ops_details_ids(details, "replaces", rec.nreplaces > first ? rec.replaces + first : NULL,
	                    rec.nreplaces - first) != 0 ||
	    ops_details_set(details, "emergency", rec.emergency_id[0] != '\0'
	                                          ? emergency_details(&rec) : json_null()) != 0) {
		qerr_internal(e, "decision: out of memory");
		goto done;
	}
	rc = commit_rec(c, &tx, &rec, false, "clearance.decision", details, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.decision", a->clearance_id, e);
	if (rc == 0)
		*out = rec;
	else
		clearance_rec_free(&rec);
	json_decref(details);
	emergency_mode_rec_free(&mode);
	return rc;
}

int
ops_clearance_terminate(const struct ops_ctx *c, const char *clearance_id,
                        enum clearance_end reason, struct clearance_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct clearance_rec rec = {0};
	enum clearance_state next;
	json_t *details = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (clearance_end_name(reason) == NULL)
		return qerr_input(e, "invalid_value", "reason");
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_clearance_load_scoped(c, tx, clearance_id, &rec, e) != 0 ||
	    clearance_terminate((enum clearance_state)rec.state, &next, e) != 0)
		goto done;
	terminate_rec(&rec, reason, c->effective_date, c->actor.user_id, NULL);
	if ((details = json_pack("{s:s}", "reason", clearance_end_name(reason))) == NULL) {
		qerr_internal(e, "terminate: out of memory");
		goto done;
	}
	rc = commit_rec(c, &tx, &rec, false, "clearance.terminate", details, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.terminate", clearance_id, e);
	if (rc == 0)
		*out = rec;
	else
		clearance_rec_free(&rec);
	json_decref(details);
	return rc;
}
