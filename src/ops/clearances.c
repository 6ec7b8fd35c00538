/*
 * clearances.c — the clearance procedures, the steps on a person's
 * clearances and their typed reads (see clearances.h).
 *
 * Clearances are jansson records until their typed table lands (issue 11;
 * ops/docs.h): every jansson call is checked and a failure rolls the
 * step back. SECURITY: ids from the caller are only looked up; the
 * person's organization scopes who may act (403 forbidden_org).
 */
#include "ops/clearances.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "ops/emergency.h"
#include "ops/docs.h"

const char *const ops_clearance_prereq_dates[OPS_PREREQ_DATES] = {
	"commitment_on", "consent_restrictions_on", "consent_verification_on", "familiarized_on",
};

/* A date field of a stored doc; QDATE_NONE when absent or malformed. */
static qdate
doc_date(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	qdate d;

	if (s == NULL || date_parse(s, &d) != 0)
		return QDATE_NONE;
	return d;
}

struct load {
	struct access_clearance *v;
	size_t n, cap;
	access_key person;
	qdate on;
	struct store_tx *tx;
	struct qerr *e;
};

static int
clearance_cb(void *ctx, const struct store_rec *rec)
{
	struct load *c = ctx;
	struct access_clearance *cl;
	const json_t *doc = rec->doc;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		void *v = realloc(c->v, cap * sizeof *c->v);

		if (v == NULL)
			return qerr_internal(c->e, "clearances: out of memory");
		c->v = v;
		c->cap = cap;
	}
	cl = &c->v[c->n++];
	cl->person = c->person;   /* selected by parent_id = person */
	cl->form = degree_parse(json_string_value(json_object_get(doc, "form")));
	/* as it stood on the act's effective_date (SPEC.md §3) */
	cl->state = access_clearance_state_on(access_clearance_state_parse(rec->state),
	                                      doc_date(doc, "granted_on"),
	                                      doc_date(doc, "terminated_on"), c->on);
	if (cl->state == ACCESS_CLEARANCE_ACTIVE &&
	    json_is_true(json_object_get(doc, "verification_pending"))) {
		const json_t *em = json_object_get(json_object_get(doc, "decision"), "emergency");
		const char *mode = json_string_value(json_object_get(em, "id"));
		qdate end = doc_date(em, "verification_due_on");

		/* clearance_inactive, Art. 5, 29.1: the mode's end as it stands now */
		if (mode != NULL && ops_emergency_period_end(c->tx, mode, &end, c->e) != 0)
			return -1;
		if (clearance_pending_lapsed(end, c->on))
			cl->state = ACCESS_CLEARANCE_REGISTERING;
	}
	return 0;
}

int
ops_clearances_of_person(struct store_tx *tx, const char *person_id, access_key person,
                         qdate on, struct access_clearance **out, size_t *n,
                         struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id};
	struct load c = {.person = person, .on = on, .tx = tx, .e = e};

	*out = NULL;
	*n = 0;
	if (person_id == NULL || person_id[0] == '\0')
		return 0;
	if (store_rec_walk(tx, &q, clearance_cb, &c, e) != 0) {
		free(c.v);
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

/* ---- the steps on a person's clearances --------------------------------- */

/* active -> terminated with its reason; the obligations stay (Art. 31.3). */
static int
terminate_doc(struct store_rec *c, enum clearance_end reason, qdate on, const char *by,
              const char *source_id, struct qerr *e)
{
	if (ops_docs_set_state(c, clearance_state_name(CLEARANCE_TERMINATED), e) != 0 ||
	    ops_docs_set_date(c->doc, "terminated_on", on, e) != 0 ||
	    ops_docs_set(c->doc, "termination",
	                json_pack("{s:s, s:o, s:s, s:s?}", "reason", clearance_end_name(reason),
	                          "date", ops_docs_json_date(on), "by", by, "source_id", source_id),
	                e) != 0)
		return -1;
	/* Art. 31.3: termination does not relieve from non-disclosure; the
	 * restriction period of the agreement (Art. 32) stays as recorded. */
	if (ops_docs_set_str(c->doc, "non_disclosure", "continues", e) != 0 ||
	    ops_docs_set(c->doc, "termination_due", json_null(), e) != 0 ||
	    ops_docs_set(c->doc, "termination_due_on", json_null(), e) != 0)
		return -1;
	return 0;
}

int
ops_clearances_terminate_person(struct store_tx *tx, const char *person_id,
                                enum clearance_end reason, qdate on, const char *by,
                                const char *source_id, bool close_registering, json_t *ids,
                                struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id};
	struct store_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;

	if (ops_docs_load_all(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		enum clearance_state s = clearance_state_parse(cl[i].state), next;

		if (s == CLEARANCE_ACTIVE) {
			if (clearance_terminate(s, &next, e) != 0 ||
			    terminate_doc(&cl[i], reason, on, by, source_id, e) != 0)
				goto done;
		} else if (s == CLEARANCE_REGISTERING && close_registering) {
			/* The registration was for a position the person left. */
			if (ops_docs_set_state(&cl[i], clearance_state_name(CLEARANCE_REFUSED), e) != 0 ||
			    ops_docs_set(cl[i].doc, "decision",
			                json_pack("{s:s, s:s, s:o, s:s, s:s?}", "decision", "refuse",
			                          "reason", clearance_end_name(reason), "date",
			                          ops_docs_json_date(on), "by", by, "source_id", source_id),
			                e) != 0)
				goto done;
		} else {
			continue;
		}
		if (store_rec_update(tx, &cl[i], e) != 0 || ops_docs_ids_append(ids, cl[i].id, e) != 0)
			goto done;
	}
	ret = 0;
done:
	ops_docs_free_all(cl, n);
	return ret;
}

int
ops_clearances_flag_person(struct store_tx *tx, const char *person_id, const char *reason,
                           const char *code, const char *article, const char *source_id,
                           qdate noted_on, json_t *ids, struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id, .state = "active"};
	struct store_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;
	qdate due = clearance_termination_due(noted_on);

	if (ops_docs_load_all(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *old = json_object_get(cl[i].doc, "termination_due");
		qdate old_due = json_is_object(old) ? ops_docs_date(old, "due_on") : QDATE_NONE;

		if (old_due != QDATE_NONE && old_due <= due)
			continue;             /* already due, no later */
		if (ops_docs_set(cl[i].doc, "termination_due",
		                json_pack("{s:o, s:s, s:s, s:s, s:s?, s:o}", "due_on",
		                          ops_docs_json_date(due), "reason", reason, "code", code,
		                          "article", article, "source_id", source_id, "noted_on",
		                          ops_docs_json_date(noted_on)),
		                e) != 0 ||
		    /* The deadlines list reads the date (Art. 31.1, kind
		     * clearance_termination). */
		    ops_docs_set_date(cl[i].doc, "termination_due_on", due, e) != 0 ||
		    store_rec_update(tx, &cl[i], e) != 0 || ops_docs_ids_append(ids, cl[i].id, e) != 0)
			goto done;
	}
	ret = 0;
done:
	ops_docs_free_all(cl, n);
	return ret;
}

int
ops_clearances_trip_status(struct store_tx *tx, const char *person_id,
                           struct clearance_trip_status **out, size_t *n, struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id};
	struct store_rec *cl = NULL;
	size_t ncl = 0;

	*out = NULL;
	*n = 0;
	if (ops_docs_load_all(tx, &q, &cl, &ncl, e) != 0)
		return -1;
	*out = calloc(ncl + 1, sizeof **out);
	if (*out == NULL) {
		ops_docs_free_all(cl, ncl);
		return qerr_internal(e, "trip: out of memory");
	}
	for (size_t i = 0; i < ncl; i++) {
		const json_t *dec = json_object_get(cl[i].doc, "decision");
		const char *d = ops_docs_str(dec, "decision");
		bool granted = json_is_object(dec) && d != NULL && strcmp(d, "grant") == 0;
		struct clearance_trip_status *s = &(*out)[*n];

		s->state = clearance_state_parse(cl[i].state);
		if (s->state == CLEARANCE_REFUSED || s->state == CLEARANCE_REGISTERING)
			continue;             /* never admitted by this clearance */
		s->granted_on = granted ? ops_docs_date(dec, "date") : QDATE_NONE;
		s->terminated_on = ops_docs_date(cl[i].doc, "terminated_on");
		s->restriction_until = granted ? ops_docs_date(dec, "restriction_until") : QDATE_NONE;
		(*n)++;
	}
	ops_docs_free_all(cl, ncl);
	return 0;
}

/* ---- the procedures ------------------------------------------------------ */

int
ops_clearance_register(const struct ops_ctx *c, const struct ops_clearance_register_args *a,
                       json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, rec = {0};
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "person", a->person_id, &person, e) != 0 ||
	    ops_docs_org_active(tx, person.org_id, NULL, e) != 0 ||   /* org_liquidated, Art. 28 */
	    /* foreigner_needs_treaty, Art. 29.4 */
	    clearance_treaty_check(clearance_citizenship_parse(ops_docs_str(person.doc,
	                                                                   "citizenship")),
	                           a->treaty_ref, e) != 0)
		goto done;
	q_strlcpy(rec.kind, "clearance", sizeof rec.kind);
	store_id_new("clearance", rec.id);
	q_strlcpy(rec.org_id, person.org_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, person.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, "registering", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:o, s:n, s:{}, s:n, s:n, s:n,"
	                    " s:n, s:n, s:n, s:n}",
	                    "id", rec.id, "person_id", person.id, "org_id", person.org_id,
	                    "form", degree_name(a->form) ? degree_name(a->form) : "",
	                    "treaty_ref", a->treaty_ref, "state", "registering", "registered_on",
	                    ops_docs_json_date(c->effective_date), "decision", "prerequisites",
	                    "granted_on", "restriction_until", "terminated_on", "termination",
	                    "termination_due", "non_disclosure", "termination_due_on");
	if (rec.doc == NULL) {
		qerr_internal(e, "clearance doc");
		goto done;
	}
	rc = ops_docs_commit(c, &tx, &rec, true, "clearance.create", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.create", a->person_id, e);
	store_rec_clear(&person);
	store_rec_clear(&rec);
	return rc;
}

/* The prerequisites as recorded in a clearance doc. */
static void
prereqs_of(const json_t *doc, struct clearance_prereqs *p)
{
	const json_t *pr = json_object_get(doc, "prerequisites");

	p->commitment_on = ops_docs_date(pr, "commitment_on");
	p->consent_restrictions_on = ops_docs_date(pr, "consent_restrictions_on");
	p->consent_verification_on = ops_docs_date(pr, "consent_verification_on");
	p->familiarized_on = ops_docs_date(pr, "familiarized_on");
	p->verification = clearance_verification_parse(ops_docs_str(pr, "verification"));
	p->verified_on = ops_docs_date(pr, "verified_on");
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

/* Writes the given prerequisites into rec's doc. */
static int
prereqs_write(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a,
              struct store_rec *rec, struct qerr *e)
{
	json_t *pr = json_object_get(rec->doc, "prerequisites");

	if (!json_is_object(pr)) {
		pr = json_object();
		if (ops_docs_set(rec->doc, "prerequisites", pr, e) != 0)
			return -1;
	}
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		if (a->dates[i] != QDATE_NONE &&
		    ops_docs_set_date(pr, ops_clearance_prereq_dates[i], a->dates[i], e) != 0)
			return -1;
	if (a->verification != CLEARANCE_VERIFICATION_NONE &&
	    (ops_docs_set_str(pr, "verification",
	                     clearance_verification_names[a->verification - 1], e) != 0 ||
	     ops_docs_set_date(pr, "verified_on",
	                      a->verified_on != QDATE_NONE ? a->verified_on : c->effective_date,
	                      e) != 0))
		return -1;
	return 0;
}

int
ops_clearance_prereqs(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a,
                      json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct clearance_prereqs p;
	enum clearance_state s;
	bool pending, verif = a->verification != CLEARANCE_VERIFICATION_NONE;
	int rc = -1;

	*out = NULL;
	if (a->verification < CLEARANCE_VERIFICATION_NONE ||
	    a->verification > CLEARANCE_VERIFICATION_EVADED)
		return qerr_input(e, "invalid_value", "verification");
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "clearance", a->clearance_id, &rec, e) != 0 ||
	    prereqs_input(c, a, e) != 0)
		goto done;
	s = clearance_state_parse(rec.state);
	/* Art. 5: a clearance granted with its verification pending takes the
	 * verification's result afterwards, and nothing else. */
	pending = s == CLEARANCE_ACTIVE && ops_docs_bool(rec.doc, "verification_pending", false);
	if (s != CLEARANCE_REGISTERING && !(pending && verif)) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "29.1", NULL);
		qerr_detail(e, "clearance is %s", rec.state);
		goto done;
	}
	for (size_t i = 0; pending && i < OPS_PREREQ_DATES; i++)
		if (a->dates[i] != QDATE_NONE) {
			qerr_set(e, QERR_CONFLICT, "invalid_state", "29.1",
			         ops_clearance_prereq_dates[i]);
			qerr_detail(e, "clearance is active: only the verification may follow");
			goto done;
		}
	if (prereqs_write(c, a, &rec, e) != 0)
		goto done;
	prereqs_of(rec.doc, &p);
	/* prerequisites_missing, Art. 29.1: no verification before the consent. */
	if (clearance_verification_check(&p, e) != 0)
		goto done;
	if (pending) {
		if (ops_docs_set(rec.doc, "verification_pending", json_false(), e) != 0)
			goto done;
		if (p.verification != CLEARANCE_VERIFICATION_PASSED) {
			/* Art. 31.1 with 30.1: the result is a ground; the head must
			 * terminate. */
			if (store_rec_update(tx, &rec, e) != 0 ||
			    ops_clearances_flag_person(tx, rec.parent_id, "ground", "refusal_ground",
			                               "30.1", rec.id, p.verified_on, NULL, e) != 0)
				goto done;
			store_rec_clear(&rec);
			if (ops_docs_load(tx, "clearance", a->clearance_id, &rec, NULL, e) != 0)
				goto done;
		}
	}
	rc = ops_docs_commit(c, &tx, &rec, false, "clearance.prerequisites", (json_t *)a->submitted,
	                 out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.prerequisites", a->clearance_id, e);
	store_rec_clear(&rec);
	return rc;
}

/* Gathers the inputs of clearance_grant_check for the registration rec and
 * runs it. *mode gets the emergency mode whose relaxation was used (its id
 * "" when none). */
static int
grant_check(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
            struct emergency_mode_rec *mode, struct qerr *e)
{
	struct store_rec person = {0}, *grounds = NULL, *others = NULL;
	size_t ngrounds = 0, nothers = 0;
	struct clearance_ground_rec *g = NULL;
	struct clearance_past *past = NULL;
	struct clearance_grant gr = {0};
	struct store_query qg = {.kind = "ground", .parent_id = rec->parent_id};
	struct store_query qc = {.kind = "clearance", .parent_id = rec->parent_id};
	unsigned relaxed = 0;
	int ret = -1;

	memset(mode, 0, sizeof *mode);
	if (ops_docs_load(tx, "person", rec->parent_id, &person, NULL, e) != 0)
		return -1;
	if (ops_docs_load_all(tx, &qg, &grounds, &ngrounds, e) != 0 ||
	    ops_docs_load_all(tx, &qc, &others, &nothers, e) != 0)
		goto done;
	g = calloc(ngrounds + 1, sizeof *g);
	past = calloc(nothers + 1, sizeof *past);
	if (g == NULL || past == NULL) {
		qerr_internal(e, "grant: out of memory");
		goto done;
	}
	for (size_t i = 0; i < ngrounds; i++) {
		g[i].ground = clearance_ground_parse(ops_docs_str(grounds[i].doc, "ground"));
		g[i].noted_on = ops_docs_date(grounds[i].doc, "noted_on");
		g[i].lifted_on = ops_docs_date(grounds[i].doc, "lifted_on");
		g[i].exception = ops_docs_bool(grounds[i].doc, "exception", false);
	}
	for (size_t i = 0; i < nothers; i++) {
		const json_t *t = json_object_get(others[i].doc, "termination");

		if (strcmp(others[i].id, rec->id) == 0)
			continue;
		past[gr.npast].state = clearance_state_parse(others[i].state);
		past[gr.npast].reason = clearance_end_parse(ops_docs_str(t, "reason"));
		past[gr.npast].terminated_on = ops_docs_date(others[i].doc, "terminated_on");
		gr.npast++;
	}
	prereqs_of(rec->doc, &gr.prereqs);
	gr.registered_on = ops_docs_date(rec->doc, "registered_on");
	gr.decided_on = c->effective_date;
	gr.citizenship = clearance_citizenship_parse(ops_docs_str(person.doc, "citizenship"));
	gr.treaty_ref = ops_docs_str(rec->doc, "treaty_ref");
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
	ops_docs_free_all(grounds, ngrounds);
	ops_docs_free_all(others, nothers);
	store_rec_clear(&person);
	return ret;
}

/* Re-registration (Art. 29.3): the newly granted form replaces the person's
 * other active clearances. */
static int
supersede_others(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
                 json_t *ids, struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = rec->parent_id,
	                        .state = "active"};
	struct store_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;

	if (ops_docs_load_all(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(cl[i].id, rec->id) == 0)
			continue;
		if (terminate_doc(&cl[i], CLEARANCE_END_REREGISTERED, c->effective_date,
		                  c->actor.user_id, rec->id, e) != 0 ||
		    store_rec_update(tx, &cl[i], e) != 0 || ops_docs_ids_append(ids, cl[i].id, e) != 0)
			goto done;
	}
	ret = 0;
done:
	ops_docs_free_all(cl, n);
	return ret;
}

/* The decision's record: {decision, contract_number?, restriction_until,
 * date, by, emergency?}; the mode's relaxation marks the clearance. */
static json_t *
decision_doc(const struct ops_ctx *c, const struct ops_clearance_decide_args *a,
             const struct emergency_mode_rec *mode, struct store_rec *rec, struct qerr *e)
{
	json_t *dec = json_pack("{s:s, s:s?, s:o, s:o, s:s}", "decision",
	                        a->grant ? "grant" : "refuse", "contract_number",
	                        a->contract_number, "restriction_until",
	                        ops_docs_json_date(a->restriction_until), "date",
	                        ops_docs_json_date(c->effective_date), "by", c->actor.user_id);

	if (dec == NULL) {
		qerr_internal(e, "decision doc");
		return NULL;
	}
	/* Art. 5: what the emergency mode relaxed is part of the decision. */
	if (mode->h.id[0] != '\0' &&
	    (ops_docs_set(dec, "emergency",
	                 json_pack("{s:s, s:[s], s:o}", "id", mode->h.id, "relaxed",
	                           "verification_pending", "verification_due_on",
	                           ops_docs_json_date(mode->until)),
	                 e) != 0 ||
	     ops_docs_set(rec->doc, "verification_pending", json_true(), e) != 0)) {
		json_decref(dec);
		return NULL;
	}
	return dec;
}

int
ops_clearance_decide(const struct ops_ctx *c, const struct ops_clearance_decide_args *a,
                     json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct emergency_mode_rec mode = {0};
	enum clearance_state next;
	json_t *dec, *details = NULL, *replaced = NULL;
	const char *form;
	int rc = -1;

	*out = NULL;
	if ((replaced = json_array()) == NULL)
		return qerr_internal(e, "decision: out of memory");
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (ops_docs_load_scoped(c, tx, "clearance", a->clearance_id, &rec, e) != 0 ||
	    (a->grant && ops_docs_org_active(tx, rec.org_id, NULL, e) != 0) ||   /* Art. 28 */
	    clearance_decide(clearance_state_parse(rec.state), a->grant, &next, e) != 0 ||
	    (a->grant && grant_check(c, tx, &rec, &mode, e) != 0))
		goto done;
	if (ops_docs_set_state(&rec, clearance_state_name(next), e) != 0 ||
	    (dec = decision_doc(c, a, &mode, &rec, e)) == NULL ||
	    ops_docs_set(rec.doc, "decision", dec, e) != 0)
		goto done;
	if (a->grant) {
		if (ops_docs_set_date(rec.doc, "granted_on", c->effective_date, e) != 0 ||
		    ops_docs_set_date(rec.doc, "restriction_until", a->restriction_until, e) != 0 ||
		    supersede_others(c, tx, &rec, replaced, e) != 0 ||
		    (json_array_size(replaced) > 0 &&
		     ops_docs_set(rec.doc, "replaces", json_incref(replaced), e) != 0))
			goto done;
	}
	form = ops_docs_str(rec.doc, "form");
	details = json_pack("{s:s, s:s, s:O, s:O?}", "decision", a->grant ? "grant" : "refuse",
	                    "form", form ? form : "", "replaces", replaced, "emergency",
	                    json_object_get(dec, "emergency"));
	if (details == NULL) {
		qerr_internal(e, "decision: out of memory");
		goto done;
	}
	rc = ops_docs_commit(c, &tx, &rec, false, "clearance.decision", details, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.decision", a->clearance_id, e);
	json_decref(details);
	json_decref(replaced);
	emergency_mode_rec_free(&mode);
	store_rec_clear(&rec);
	return rc;
}

int
ops_clearance_terminate(const struct ops_ctx *c, const char *clearance_id,
                        enum clearance_end reason, json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	enum clearance_state next;
	json_t *details = NULL;
	int rc = -1;

	*out = NULL;
	if (clearance_end_name(reason) == NULL)
		return qerr_input(e, "invalid_value", "reason");
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "clearance", clearance_id, &rec, e) != 0 ||
	    clearance_terminate(clearance_state_parse(rec.state), &next, e) != 0 ||
	    terminate_doc(&rec, reason, c->effective_date, c->actor.user_id, NULL, e) != 0)
		goto done;
	if ((details = json_pack("{s:s}", "reason", clearance_end_name(reason))) == NULL) {
		qerr_internal(e, "terminate: out of memory");
		goto done;
	}
	rc = ops_docs_commit(c, &tx, &rec, false, "clearance.terminate", details, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "clearance.terminate", clearance_id, e);
	json_decref(details);
	store_rec_clear(&rec);
	return rc;
}
