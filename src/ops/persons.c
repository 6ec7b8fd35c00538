/*
 * persons.c — persons, grounds and employment changes (see persons.h).
 *
 * Persons and grounds are typed rows (core/person_rec.h); the only JSON
 * here is the audit entries' details (ground.create, person.employment),
 * built with the checked helpers of ops/ops.h: a failure rolls the step
 * back. The answers are src/http/enc_persons.c's. SECURITY: ids from the
 * caller are only looked up; the person's organization scopes who may act
 * (403 forbidden_org).
 */
#include "ops/persons.h"

#include <stdlib.h>
#include <jansson.h>
#include <string.h>

#include "core/ground.h"
#include "core/ident.h"
#include "ops/clearances.h"
#include "ops/docs.h"
#include "ops/orgs.h"
#include "ops/trips.h"
#include "store/tables_persons.h"

/* ---- reads --------------------------------------------------------------- */

int
ops_person_load(struct store_tx *tx, const char *id, struct person_rec *out, const char *field,
                struct qerr *e)
{
	if (store_row_get(tx, &store_person_table, id != NULL ? id : "", out, e) == 0)
		return 0;
	if (e != NULL && e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_person_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                       struct person_rec *out, struct qerr *e)
{
	if (ops_person_load(tx, id, out, NULL, e) != 0)
		return -1;
	if (ops_scope(c, out->org_id, e) != 0) {
		person_rec_free(out);
		return -1;
	}
	return 0;
}

int
ops_ground_load(struct store_tx *tx, const char *id, struct ground_rec *out, struct qerr *e)
{
	return store_row_get(tx, &store_ground_table, id != NULL ? id : "", out, e);
}

int64_t
ops_persons_each(struct store_tx *tx, const char *org_id, const char *iin, int64_t after_seq,
                 int limit, store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w[2];
	size_t n = 0;

	if (org_id != NULL)
		w[n++] = STORE_W_STR("org_id", org_id);
	if (iin != NULL)   /* "": the persons without IIN, as the record's empty ref */
		w[n++] = *iin != '\0' ? STORE_W_STR("iin", iin)
		                       : (struct store_where){.col = "iin", .op = STORE_EQ};
	return store_row_list(tx, &store_person_table, w, n, after_seq, limit, fn, ctx, e);
}

int64_t
ops_grounds_each(struct store_tx *tx, const char *person_id, int64_t after_seq, int limit,
                 store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w = STORE_W_STR("person_id", person_id);

	return store_row_list(tx, &store_ground_table, &w, person_id != NULL ? 1 : 0, after_seq,
	                      limit, fn, ctx, e);
}

/* Room in the array *v (of *cap elements of size elt) for element n:
 * doubled when full, at most OPS_DOCS_MAX; 0 or -1 (500). */
static int
grow(void **v, size_t *cap, size_t n, size_t elt, struct qerr *e)
{
	size_t c = *cap ? *cap * 2 : 8;
	void *p;

	if (n < *cap)
		return 0;
	if (c > OPS_DOCS_MAX)
		return qerr_internal(e, "grounds: too many");
	if ((p = realloc(*v, c * elt)) == NULL)
		return qerr_internal(e, "grounds: out of memory");
	*v = p;
	*cap = c;
	return 0;
}

struct grounds_in {
	struct clearance_ground_rec *v;
	size_t n, cap;
	struct qerr *e;
};

static int
grounds_in_cb(void *ctx, const void *row)
{
	struct grounds_in *gi = ctx;
	const struct ground_rec *g = row;

	if (grow((void **)&gi->v, &gi->cap, gi->n, sizeof *gi->v, gi->e) != 0)
		return -1;
	memset(&gi->v[gi->n], 0, sizeof gi->v[gi->n]);
	gi->v[gi->n].ground = (enum clearance_ground)(g->ground + 1);
	gi->v[gi->n].noted_on = g->noted_on;
	gi->v[gi->n].lifted_on = g->lifted_on;
	gi->v[gi->n].exception = g->exception;
	gi->n++;
	return 0;
}

int
ops_person_grounds(struct store_tx *tx, const char *person_id,
                   struct clearance_ground_rec **out, size_t *n, struct qerr *e)
{
	struct grounds_in gi = {.e = e};

	*out = NULL;
	*n = 0;
	if (ops_grounds_each(tx, person_id, 0, 0, grounds_in_cb, &gi, e) < 0) {
		free(gi.v);
		return -1;
	}
	*out = gi.v;
	*n = gi.n;
	return 0;
}

/* ---- the record form, for the readers not yet typed ---------------------- */

/* The record form (store.h) without a doc: its readers (the carrier steps
 * issuing and returning a copy and a joint work's executor, src/http's
 * rec_load for a path's person) read its head only: id, org_id, ref (the
 * IIN), parent_id (a ground's person) and state. */
bool
ops_persons_kind(const char *kind)
{
	return kind != NULL && (strcmp(kind, "person") == 0 || strcmp(kind, "ground") == 0);
}

int
ops_persons_as_record(struct store_tx *tx, const char *kind, const char *id,
                      struct store_rec *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	if (strcmp(kind, "ground") == 0) {
		struct ground_rec g;

		if (ops_ground_load(tx, id, &g, e) != 0)
			return -1;
		q_strlcpy(out->kind, "ground", sizeof out->kind);
		q_strlcpy(out->id, g.h.id, sizeof out->id);
		q_strlcpy(out->org_id, g.org_id, sizeof out->org_id);
		q_strlcpy(out->parent_id, g.person_id, sizeof out->parent_id);
		q_strlcpy(out->state, ground_state_name((enum ground_state)g.state),
		          sizeof out->state);
		out->seq = g.h.seq;
		ground_rec_free(&g);
	} else {
		struct person_rec p;

		if (ops_person_load(tx, id, &p, NULL, e) != 0)
			return -1;
		q_strlcpy(out->kind, "person", sizeof out->kind);
		q_strlcpy(out->id, p.h.id, sizeof out->id);
		q_strlcpy(out->org_id, p.org_id, sizeof out->org_id);
		q_strlcpy(out->ref, p.iin, sizeof out->ref);
		q_strlcpy(out->state, person_employment_names[p.employment], sizeof out->state);
		out->seq = p.h.seq;
		person_rec_free(&p);
	}
	return 0;
}

/* ---- the procedures ------------------------------------------------------ */

/* The body's checks of a registration (400), after the scope (403). */
static int
person_input(const struct ops_person_args *a, struct qerr *e)
{
	if (a->full_name == NULL || a->position == NULL || a->citizenship == NULL)
		return qerr_input(e, "missing_field", a->full_name == NULL ? "full_name"
		                                      : a->position == NULL ? "position"
		                                                            : "citizenship");
	if (person_enum_parse(person_citizenship_names, a->citizenship) < 0)
		return qerr_input(e, "invalid_value", "citizenship");
	if (strcmp(a->citizenship, "KZ") == 0 && a->iin == NULL)
		return qerr_input(e, "missing_field", "iin");
	if (a->iin == NULL && a->passport == NULL)
		return qerr_input(e, "missing_field", "passport");
	if (a->iin != NULL && (!ident_valid(a->iin) || strlen(a->iin) >= PERSON_IIN_MAX))
		return qerr_input(e, "invalid_check_digit", "iin");
	return 0;
}

/* *dst = a copy of s (NULL stays NULL); false when out of memory. */
static bool
dup_into(char **dst, const char *s)
{
	*dst = s != NULL ? strdup(s) : NULL;
	return s == NULL || *dst != NULL;
}

int
ops_person_register(const struct ops_ctx *c, const struct ops_person_args *a,
                    struct person_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec p = {0};
	int rc = -1;

	memset(out, 0, sizeof *out);
	/* 403 before 400 (SPEC.md §5): the organization is known once the body
	 * parses, so another organization's officer learns nothing more. */
	if (ops_scope(c, a->org_id, e) != 0 || person_input(a, e) != 0)
		return -1;
	store_id_new(store_person_table.id_prefix, p.h.id);
	q_strlcpy(p.org_id, a->org_id, sizeof p.org_id);
	q_strlcpy(p.iin, a->iin != NULL ? a->iin : "", sizeof p.iin);
	p.citizenship = person_enum_parse(person_citizenship_names, a->citizenship);
	p.employment = PERSON_EMPLOYED;
	p.registered_on = c->effective_date;
	p.event = PERSON_EVENT_NONE;
	p.event_date = QDATE_NONE;
	if (!dup_into(&p.passport, a->passport) || !dup_into(&p.full_name, a->full_name) ||
	    !dup_into(&p.position, a->position)) {
		person_rec_free(&p);
		return qerr_internal(e, "person: out of memory");
	}
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (ops_docs_org_active(tx, a->org_id, "org_id", e) != 0)   /* org_liquidated, Art. 28 */
		goto done;
	/* The IIN is unique nationwide (the natural key lives outside any
	 * organization's scope): the table's UNIQUE index; looked up first so
	 * that the answer is the 409 on "iin" whatever the backend says. */
	if (a->iin != NULL) {
		struct store_where w = STORE_W_STR("iin", a->iin);
		int64_t n = store_row_count(tx, &store_person_table, &w, 1, e);

		if (n < 0)
			goto done;
		if (n > 0) {
			qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "iin");
			goto done;
		}
	}
	if (store_row_insert(tx, &store_person_table, &p, e) != 0)
		goto done;
	rc = ops_commit(c, tx, "person.create", p.h.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		*out = p;
		memset(&p, 0, sizeof p);
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "person.create", NULL, e);
	person_rec_free(&p);
	return rc;
}

/* o[key] = the string s (never null); 0 or -1. */
static int
details_str(json_t *o, const char *key, const char *s)
{
	return ops_details_set(o, key, json_string(s));
}

/* The ground.create entry's details: the ground as it was answered, with
 * the clearances flagged. NULL out of memory. */
static json_t *
ground_details(const struct ground_rec *g, const struct rec_ids *flagged)
{
	json_t *o = ops_details_new();

	if (details_str(o, "id", g->h.id) != 0 || details_str(o, "person_id", g->person_id) != 0 ||
	    details_str(o, "ground", clearance_ground_names[g->ground]) != 0 ||
	    ops_details_date(o, "noted_on", g->noted_on) != 0 ||
	    ops_details_str(o, "details", g->details) != 0 ||
	    ops_details_set(o, "exception", json_boolean(g->exception)) != 0 ||
	    details_str(o, "state", ground_state_name((enum ground_state)g->state)) != 0 ||
	    ops_details_date(o, "lifted_on", g->lifted_on) != 0 ||
	    details_str(o, "article", g->article) != 0 || details_str(o, "by", g->noted_by) != 0 ||
	    ops_details_ids(o, "flagged_clearances", flagged->v, flagged->n) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
ops_ground_note(const struct ops_ctx *c, const struct ops_ground_args *a,
                struct ground_rec *out, struct rec_ids *flagged, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec person = {0};
	struct ground_rec g = {0};
	struct rec_ids ids = {0};
	json_t *details = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(flagged, 0, sizeof *flagged);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_person_load_scoped(c, tx, a->person_id, &person, e) != 0)
		goto done;
	if (a->ground <= CLEARANCE_GROUND_UNKNOWN || a->ground > CLEARANCE_GROUND_FALSE_INFORMATION) {
		qerr_input(e, "invalid_value", "ground");
		goto done;
	}
	if (a->noted_on == QDATE_NONE || a->noted_on > c->today) {
		qerr_input(e, a->noted_on == QDATE_NONE ? "missing_field" : "date_in_future",
		           "noted_on");
		goto done;
	}
	if (a->exception && a->ground != CLEARANCE_GROUND_CORRUPTION_ADMIN_PENALTY) {
		qerr_input(e, "invalid_value", "exception");
		qerr_detail(e, "the exception concerns corruption_admin_penalty only");
		goto done;
	}
	store_id_new(store_ground_table.id_prefix, g.h.id);
	q_strlcpy(g.org_id, person.org_id, sizeof g.org_id);
	q_strlcpy(g.person_id, person.h.id, sizeof g.person_id);
	g.ground = (int)a->ground - 1;
	g.noted_on = a->noted_on;
	g.exception = a->exception;
	g.state = GROUND_IN_FORCE;
	g.lifted_on = QDATE_NONE;
	q_strlcpy(g.article, "30.1", sizeof g.article);
	q_strlcpy(g.noted_by, c->actor.user_id, sizeof g.noted_by);
	if (!dup_into(&g.details, a->details)) {
		qerr_internal(e, "ground: out of memory");
		goto done;
	}
	if (store_row_insert(tx, &store_ground_table, &g, e) != 0)
		goto done;
	/* Art. 31.1: an admitted person who acquires a ground is to be
	 * terminated; flag the active clearances (the exception refuses
	 * nothing, so it flags nothing). */
	if (!a->exception &&
	    ops_clearances_flag_person(tx, person.h.id, "ground", "refusal_ground", "31.1", g.h.id,
	                               a->noted_on, &ids, e) != 0)
		goto done;
	/* the audit entry: the ground as answered, with the ids flagged */
	if ((details = ground_details(&g, &ids)) == NULL) {
		qerr_internal(e, "ground: out of memory");
		goto done;
	}
	rc = ops_commit(c, tx, "ground.create", g.h.id, details, e);
	tx = NULL;
	if (rc == 0) {
		*out = g;
		memset(&g, 0, sizeof g);
		*flagged = ids;
		memset(&ids, 0, sizeof ids);
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "ground.create", a->person_id, e);
	json_decref(details);
	rec_ids_free(&ids);
	person_rec_free(&person);
	ground_rec_free(&g);
	return rc;
}

int
ops_ground_lift(const struct ops_ctx *c, const char *ground_id, struct ground_rec *out,
                struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct ground_rec g = {0};
	enum ground_state next;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_ground_load(tx, ground_id, &g, e) != 0 || ops_scope(c, g.org_id, e) != 0 ||
	    /* invalid_state, Art. 30.1 */
	    ground_lift_check(ground_state_name((enum ground_state)g.state), g.noted_on,
	                      c->effective_date, &next, e) != 0)
		goto done;
	g.state = next;
	g.lifted_on = c->effective_date;
	if (store_row_update(tx, &store_ground_table, &g, e) != 0)
		goto done;
	rc = ops_commit(c, tx, "ground.lift", g.h.id, NULL, e);
	tx = NULL;
	if (rc == 0) {
		*out = g;
		memset(&g, 0, sizeof g);
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "ground.lift", ground_id, e);
	ground_rec_free(&g);
	return rc;
}

int
ops_person_employment(const struct ops_ctx *c, const struct ops_employment_args *a,
                      struct person_rec *out, struct rec_ids *ended, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec p = {0};
	struct rec_ids ids = {0};
	json_t *details = NULL;
	const char *event = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(ended, 0, sizeof *ended);
	if (a->event == CLEARANCE_END_DISMISSAL || a->event == CLEARANCE_END_CONTRACT_END ||
	    a->event == CLEARANCE_END_TRANSFER)
		event = clearance_end_name(a->event);
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (ops_person_load_scoped(c, tx, a->person_id, &p, e) != 0)
		goto done;
	if (event == NULL) {
		qerr_input(e, "invalid_value", "event");
		goto done;
	}
	p.employment = a->event == CLEARANCE_END_DISMISSAL      ? PERSON_DISMISSED
	             : a->event == CLEARANCE_END_CONTRACT_END ? PERSON_CONTRACT_ENDED
	                                                      : PERSON_EMPLOYED;
	p.event = person_enum_parse(person_event_names, event);
	p.event_date = c->effective_date;
	q_strlcpy(p.event_by, c->actor.user_id, sizeof p.event_by);
	if (a->position != NULL) {
		char *pos = strdup(a->position);

		if (pos == NULL) {
			qerr_internal(e, "employment: out of memory");
			goto done;
		}
		free(p.position);
		p.position = pos;
	}
	if (store_row_update(tx, &store_person_table, &p, e) != 0 ||
	    /* Art. 33.3: access ends; Art. 31.3: the obligations stay. */
	    ops_clearances_terminate_person(tx, p.h.id, a->event, c->effective_date,
	                                    c->actor.user_id, NULL, true, &ids, e) != 0)
		goto done;
	details = ops_details_new();
	if (details_str(details, "event", event) != 0 ||
	    ops_details_ids(details, "clearances", ids.v, ids.n) != 0) {
		qerr_internal(e, "employment: out of memory");
		goto done;
	}
	rc = ops_commit(c, tx, "person.employment", p.h.id, details, e);
	tx = NULL;
	if (rc == 0) {
		*out = p;
		memset(&p, 0, sizeof p);
		*ended = ids;
		memset(&ids, 0, sizeof ids);
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "person.employment", a->person_id, e);
	json_decref(details);
	rec_ids_free(&ids);
	person_rec_free(&p);
	return rc;
}
