/*
 * persons.c — persons, grounds and employment changes (see persons.h).
 *
 * Persons and grounds are typed rows (core/person_rec.h); the only jansson
 * here is the API's form (ops_person_json, ops_ground_json: the audit
 * details and the record form of the readers not yet typed) and the view,
 * whose clearances and violations are still records. Every jansson call
 * is checked and a failure rolls the step back. SECURITY: ids from the
 * caller are only looked up; the person's organization scopes who may act
 * (403 forbidden_org).
 */
#include "ops/persons.h"

#include <stdlib.h>
#include <string.h>

#include "core/ground.h"
#include "core/ident.h"
#include "ops/clearances.h"
#include "ops/docs.h"
#include "ops/orgs.h"
#include "ops/trips.h"
#include "store/tables_persons.h"

/* ---- the API's form ------------------------------------------------------ */

/* s, or JSON null for NULL or "". */
static json_t *
str_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

/* doc[key] = v (stolen); false when v is NULL or the set failed. */
static bool
put(json_t *doc, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(doc, key, v) == 0;
}

json_t *
ops_person_json(const struct person_rec *p)
{
	json_t *j = json_object();
	bool ok = j != NULL && put(j, "id", json_string(p->h.id)) &&
	          put(j, "iin", str_or_null(p->iin)) &&
	          put(j, "passport", str_or_null(p->passport)) &&
	          put(j, "full_name", json_string(p->full_name ? p->full_name : "")) &&
	          put(j, "citizenship", json_string(person_citizenship_names[p->citizenship])) &&
	          put(j, "org_id", json_string(p->org_id)) &&
	          put(j, "position", json_string(p->position ? p->position : "")) &&
	          put(j, "employment_state",
	              json_string(person_employment_names[p->employment])) &&
	          put(j, "registered_on", ops_docs_json_date(p->registered_on));

	if (ok && p->event != PERSON_EVENT_NONE)
		ok = put(j, "employment_event",
		         json_pack("{s:s, s:o, s:s}", "event", person_event_names[p->event], "date",
		                   ops_docs_json_date(p->event_date), "by", p->event_by));
	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
ops_ground_json(const struct ground_rec *g)
{
	json_t *j = json_object();
	bool ok = j != NULL && put(j, "id", json_string(g->h.id)) &&
	          put(j, "person_id", json_string(g->person_id)) &&
	          put(j, "ground", json_string(clearance_ground_names[g->ground])) &&
	          put(j, "noted_on", ops_docs_json_date(g->noted_on)) &&
	          put(j, "details", str_or_null(g->details)) &&
	          put(j, "exception", json_boolean(g->exception)) &&
	          put(j, "state", json_string(ground_state_name((enum ground_state)g->state))) &&
	          put(j, "lifted_on", ops_docs_json_date(g->lifted_on)) &&
	          put(j, "article", json_string(g->article)) &&
	          put(j, "by", json_string(g->noted_by));

	if (!ok) {
		json_decref(j);
		return NULL;
	}
	return j;
}

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

static int
append_doc_cb(void *ctx, const struct store_rec *rec)
{
	return json_array_append(ctx, rec->doc) == 0 ? 0 : -1;
}

struct ground_arr {
	json_t *a;
	struct qerr *e;
};

static int
ground_arr_cb(void *ctx, const void *row)
{
	struct ground_arr *ga = ctx;

	if (json_array_append_new(ga->a, ops_ground_json(row)) != 0)
		return qerr_internal(ga->e, "grounds: out of memory");
	return 0;
}

json_t *
ops_person_view(struct store_tx *tx, const struct person_rec *p, struct qerr *e)
{
	static const struct {
		const char *kind, *key;
	} parts[] = {
		{"clearance", "clearances"}, {"ground", "grounds"}, {"violation", "violations"},
	};
	json_t *doc = ops_person_json(p);

	if (doc == NULL) {
		qerr_internal(e, "person view");
		return NULL;
	}
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		struct store_query q = {.kind = parts[i].kind, .parent_id = p->h.id};
		struct ground_arr ga = {json_array(), e};
		struct qerr we = {0};
		int rc;

		if (ga.a == NULL)
			rc = -1;
		else if (strcmp(parts[i].kind, "ground") == 0)
			rc = ops_grounds_each(tx, p->h.id, 0, 0, ground_arr_cb, &ga, &we) < 0 ? -1 : 0;
		else if (strcmp(parts[i].kind, "violation") == 0)   /* typed rows, ops/trips.h */
			rc = ops_violations_of_person(tx, p->h.id, ga.a, &we);
		else if (strcmp(parts[i].kind, "clearance") == 0) {   /* typed rows */
			json_decref(ga.a);
			ga.a = ops_clearances_json_of_person(tx, p->h.id, &we);
			rc = ga.a == NULL ? -1 : 0;
		} else
			rc = store_rec_walk(tx, &q, append_doc_cb, ga.a, &we);
		if (rc != 0) {
			json_decref(ga.a);
			json_decref(doc);
			if (we.status != 0)
				*e = we;
			else
				qerr_internal(e, "person view");
			return NULL;
		}
		if (ops_docs_set(doc, parts[i].key, ga.a, e) != 0) {
			json_decref(doc);
			return NULL;
		}
	}
	return doc;
}

/* ---- the record form, for the readers not yet typed ---------------------- */

bool
ops_persons_kind(const char *kind)
{
	return kind != NULL && (strcmp(kind, "person") == 0 || strcmp(kind, "ground") == 0);
}

static int
ground_record(const struct ground_rec *g, struct store_rec *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	q_strlcpy(out->kind, "ground", sizeof out->kind);
	q_strlcpy(out->id, g->h.id, sizeof out->id);
	q_strlcpy(out->org_id, g->org_id, sizeof out->org_id);
	q_strlcpy(out->parent_id, g->person_id, sizeof out->parent_id);
	q_strlcpy(out->state, ground_state_name((enum ground_state)g->state), sizeof out->state);
	out->seq = g->h.seq;
	if ((out->doc = ops_ground_json(g)) == NULL)
		return qerr_internal(e, "ground: out of memory");
	return 0;
}

int
ops_persons_as_record(struct store_tx *tx, const char *kind, const char *id,
                      struct store_rec *out, struct qerr *e)
{
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (strcmp(kind, "ground") == 0) {
		struct ground_rec g;

		if (ops_ground_load(tx, id, &g, e) != 0)
			return -1;
		rc = ground_record(&g, out, e);
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
		rc = (out->doc = ops_person_json(&p)) != NULL ? 0
		                                              : qerr_internal(e, "person: out of memory");
		person_rec_free(&p);
	}
	if (rc != 0)
		store_rec_clear(out);
	return rc;
}

struct ground_recs {
	struct store_rec *v;
	size_t n, cap;
	const char *state;
	struct qerr *e;
};

static int
ground_recs_cb(void *ctx, const void *row)
{
	struct ground_recs *gr = ctx;
	const struct ground_rec *g = row;

	if (gr->state != NULL &&
	    strcmp(gr->state, ground_state_name((enum ground_state)g->state)) != 0)
		return 0;
	if (grow((void **)&gr->v, &gr->cap, gr->n, sizeof *gr->v, gr->e) != 0)
		return -1;
	if (ground_record(g, &gr->v[gr->n], gr->e) != 0)
		return -1;
	gr->n++;
	return 0;
}

int
ops_grounds_as_records(struct store_tx *tx, const struct store_query *q,
                       struct store_rec **out, size_t *n, struct qerr *e)
{
	struct ground_recs gr = {.state = q->state, .e = e};

	*out = NULL;
	*n = 0;
	if (q->org_id != NULL || q->ref != NULL)
		return qerr_internal(e, "grounds: by person and state only");
	if (ops_grounds_each(tx, q->parent_id, q->after_seq, 0, ground_recs_cb, &gr, e) < 0) {
		ops_docs_free_all(gr.v, gr.n);
		return -1;
	}
	*out = gr.v;
	*n = gr.n;
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

int
ops_ground_note(const struct ops_ctx *c, const struct ops_ground_args *a,
                struct ground_rec *out, json_t **flagged, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec person = {0};
	struct ground_rec g = {0};
	json_t *ids = NULL, *details = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	*flagged = NULL;
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
	if ((ids = json_array()) == NULL || !dup_into(&g.details, a->details)) {
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
	                               a->noted_on, ids, e) != 0)
		goto done;
	/* the audit entry: the ground as answered, with the ids flagged */
	if ((details = ops_ground_json(&g)) == NULL) {
		qerr_internal(e, "ground: out of memory");
		goto done;
	}
	if (ops_docs_set(details, "flagged_clearances", json_incref(ids), e) != 0)
		goto done;
	rc = ops_commit(c, tx, "ground.create", g.h.id, details, e);
	tx = NULL;
	if (rc == 0) {
		*out = g;
		memset(&g, 0, sizeof g);
		*flagged = ids;
		ids = NULL;
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "ground.create", a->person_id, e);
	json_decref(details);
	json_decref(ids);
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
                      struct person_rec *out, json_t **ended, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec p = {0};
	json_t *ids = NULL, *details = NULL;
	const char *event = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	*ended = NULL;
	if (a->event == CLEARANCE_END_DISMISSAL || a->event == CLEARANCE_END_CONTRACT_END ||
	    a->event == CLEARANCE_END_TRANSFER)
		event = clearance_end_name(a->event);
	if ((ids = json_array()) == NULL)
		return qerr_internal(e, "employment: out of memory");
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
	                                    c->actor.user_id, NULL, true, ids, e) != 0)
		goto done;
	if ((details = json_pack("{s:s, s:O}", "event", event, "clearances", ids)) == NULL) {
		qerr_internal(e, "employment: out of memory");
		goto done;
	}
	rc = ops_commit(c, tx, "person.employment", p.h.id, details, e);
	tx = NULL;
	if (rc == 0) {
		*out = p;
		memset(&p, 0, sizeof p);
		*ended = ids;
		ids = NULL;
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "person.employment", a->person_id, e);
	json_decref(details);
	json_decref(ids);
	person_rec_free(&p);
	return rc;
}
