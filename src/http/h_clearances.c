/*
 * h_clearances.c — the clearance of a person (access to state secrets,
 * Art. 29-31; SPEC.md §3 "Clearances"): registration of a form, the five
 * prerequisites of Art. 29.1, the head's decision, re-registration to
 * another form, termination. The rules are core/clearance.c; this file
 * loads their inputs, writes the outcome with its audit entry, and answers.
 * Records and doc fields: http/clearance_ops.h.
 *
 *   POST /v1/persons/{id}/clearances  h_clearance_create     -> registering
 *        (foreigner_needs_treaty, Art. 29.4: the treaty is a field of the
 *        registration, so its absence is refused here, SPEC.md §5)
 *   POST /v1/clearances/{id}/prerequisites  h_clearance_prereqs
 *        (registering; or active under the Art. 5 relaxation, for the
 *        verification that was allowed to follow the decision)
 *   POST /v1/clearances/{id}/decision h_clearance_decision
 *        registering --grant--> active   (clearance_grant_check: 
 *                                          prerequisites_missing, refusal_ground,
 *                                          foreigner_needs_treaty,
 *                                          readmission_too_early)
 *                    the person's other active clearances --> terminated
 *                    (reason "reregistered": re-registration to another form)
 *        registering --refuse--> refused
 *   POST /v1/clearances/{id}/terminate h_clearance_terminate  active -> terminated
 *   GET  /v1/clearances/{id}, GET /v1/persons/{id}/clearances
 *
 * Order in each handler (SPEC.md §5): 404 path id, 403 organization, 400
 * body, 409 state, 422 rules. A refusal rolls back before answering (the
 * router audits it in its own transaction).
 *
 * SECURITY: bodies validated by field tables; the person's organization
 * scopes who may act (403 forbidden_org). Docs are our own records.
 */
#include "http/clearance_ops.h"

#include <stdlib.h>
#include <string.h>

#include "core/degree.h"
#include "core/roles.h"
#include "http/util.h"

#define CLEARANCE_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)

static const char *const decisions[] = {"grant", "refuse", NULL};

static const struct jfield clearance_fields[] = {
	{"form", JF_ENUM, JF_REQUIRED, degree_names, 0, 0},
	/* foreigner_needs_treaty (Art. 29.4) needs it for a non-citizen: its
	 * absence is that rule's 422, not a 400. */
	{"treaty_ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

/* The prerequisite dates, in the order of Art. 29.1. */
static const char *const prereq_dates[] = {
	"commitment_on", "consent_restrictions_on", "consent_verification_on", "familiarized_on",
};

static const struct jfield prereq_fields[] = {
	{"commitment_on", JF_DATE, 0, NULL, 0, 0},
	{"consent_restrictions_on", JF_DATE, 0, NULL, 0, 0},
	{"consent_verification_on", JF_DATE, 0, NULL, 0, 0},
	{"familiarized_on", JF_DATE, 0, NULL, 0, 0},
	{"verification", JF_ENUM, 0, clearance_verification_names, 0, 0},
	{"verified_on", JF_DATE, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield decision_fields[] = {
	{"decision", JF_ENUM, JF_REQUIRED, decisions, 0, 0},
	{"contract_number", JF_STRING, 0, NULL, 0, 100},
	{"restriction_until", JF_DATE, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield terminate_fields[] = {
	{"reason", JF_ENUM, JF_REQUIRED, clearance_end_names, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* ============================ Shared helpers ============================= */

struct recs {
	struct store_rec *v;
	size_t n, cap;
	struct qerr *e;
};

static int
recs_cb(void *ctx, const struct store_rec *rec)
{
	struct recs *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct store_rec *p;

		if (cap > OPS_RECS_MAX) {
			qerr_internal(c->e, "records: too many");
			return -1;
		}
		p = realloc(c->v, cap * sizeof *p);
		if (p == NULL) {
			qerr_internal(c->e, "records: out of memory");
			return -1;
		}
		c->v = p;
		c->cap = cap;
	}
	c->v[c->n] = *rec;
	c->v[c->n].doc = json_incref(rec->doc);
	c->n++;
	return 0;
}

int
ops_recs_load(struct store_tx *tx, const struct store_query *q, struct store_rec **out,
              size_t *n, struct qerr *e)
{
	struct recs c = {.e = e};

	*out = NULL;
	*n = 0;
	if (store_rec_walk(tx, q, recs_cb, &c, e) != 0) {
		ops_recs_free(c.v, c.n);
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

void
ops_recs_free(struct store_rec *recs, size_t n)
{
	if (recs == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		store_rec_clear(&recs[i]);
	free(recs);
}

static void
set_state(struct store_rec *rec, enum clearance_state s)
{
	q_strlcpy(rec->state, clearance_state_name(s), sizeof rec->state);
	json_object_set_new(rec->doc, "state", json_string(rec->state));
}

/* active -> terminated with its reason; the obligations stay (Art. 31.3). */
static void
terminate_doc(struct store_rec *c, enum clearance_end reason, qdate on, const char *by,
              const char *source_id)
{
	set_state(c, CLEARANCE_TERMINATED);
	json_object_set_new(c->doc, "terminated_on", json_date(on));
	json_object_set_new(c->doc, "termination",
	                    json_pack("{s:s, s:o, s:s, s:s?}", "reason", clearance_end_name(reason),
	                              "date", json_date(on), "by", by, "source_id", source_id));
	/* Art. 31.3: termination does not relieve from non-disclosure; the
	 * restriction period of the agreement (Art. 32) stays as recorded. */
	json_object_set_new(c->doc, "non_disclosure", json_string("continues"));
	json_object_set_new(c->doc, "termination_due", json_null());
	json_object_set_new(c->doc, "termination_due_on", json_null());
}

static int
append_doc_cb(void *ctx, const struct store_rec *rec)
{
	return json_array_append(ctx, rec->doc);
}

int
clearance_person_extend(struct store_tx *tx, const char *person_id, json_t *doc,
                        struct qerr *e)
{
	static const struct {
		const char *kind, *key;
	} parts[] = {
		{"clearance", "clearances"}, {"ground", "grounds"}, {"violation", "violations"},
	};

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		struct store_query q = {.kind = parts[i].kind, .parent_id = person_id};
		json_t *a = json_array();

		if (a == NULL)
			return qerr_internal(e, "person view");
		if (store_rec_walk(tx, &q, append_doc_cb, a, e) != 0) {
			json_decref(a);
			return -1;
		}
		json_object_set_new(doc, parts[i].key, a);
	}
	return 0;
}

int
clearance_terminate_person(struct store_tx *tx, const char *person_id,
                           enum clearance_end reason, qdate on, const char *by,
                           const char *source_id, bool close_registering, json_t *ids,
                           struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id};
	struct store_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;

	if (ops_recs_load(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		enum clearance_state s = clearance_state_parse(cl[i].state), next;

		if (s == CLEARANCE_ACTIVE) {
			if (clearance_terminate(s, &next, e) != 0)
				goto done;
			terminate_doc(&cl[i], reason, on, by, source_id);
		} else if (s == CLEARANCE_REGISTERING && close_registering) {
			/* The registration was for a position the person left. */
			set_state(&cl[i], CLEARANCE_REFUSED);
			json_object_set_new(cl[i].doc, "decision",
			                    json_pack("{s:s, s:s, s:o, s:s, s:s?}", "decision", "refuse",
			                              "reason", clearance_end_name(reason), "date",
			                              json_date(on), "by", by, "source_id", source_id));
		} else {
			continue;
		}
		if (store_rec_update(tx, &cl[i], e) != 0)
			goto done;
		if (ids != NULL)
			json_array_append_new(ids, json_string(cl[i].id));
	}
	ret = 0;
done:
	ops_recs_free(cl, n);
	return ret;
}

int
clearance_flag_person(struct store_tx *tx, const char *person_id, const char *reason,
                      const char *code, const char *article, const char *source_id,
                      qdate noted_on, json_t *ids, struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = person_id,
	                        .state = "active"};
	struct store_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;
	qdate due = clearance_termination_due(noted_on);

	if (ops_recs_load(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *old = json_object_get(cl[i].doc, "termination_due");
		qdate old_due = json_is_object(old) ? jsonv_date(old, "due_on") : QDATE_NONE;

		if (old_due != QDATE_NONE && old_due <= due)
			continue;             /* already due, no later */
		json_object_set_new(cl[i].doc, "termination_due",
		                    json_pack("{s:o, s:s, s:s, s:s, s:s?, s:o}", "due_on",
		                              json_date(due), "reason", reason, "code", code,
		                              "article", article, "source_id", source_id,
		                              "noted_on", json_date(noted_on)));
		/* The deadlines list reads the date (Art. 31.1, kind
		 * clearance_termination). */
		json_object_set_new(cl[i].doc, "termination_due_on", json_date(due));
		if (store_rec_update(tx, &cl[i], e) != 0)
			goto done;
		if (ids != NULL)
			json_array_append_new(ids, json_string(cl[i].id));
	}
	ret = 0;
done:
	ops_recs_free(cl, n);
	return ret;
}

/* The prerequisites as recorded in a clearance doc. */
static void
prereqs_of(const json_t *doc, struct clearance_prereqs *p)
{
	const json_t *pr = json_object_get(doc, "prerequisites");

	p->commitment_on = jsonv_date(pr, "commitment_on");
	p->consent_restrictions_on = jsonv_date(pr, "consent_restrictions_on");
	p->consent_verification_on = jsonv_date(pr, "consent_verification_on");
	p->familiarized_on = jsonv_date(pr, "familiarized_on");
	p->verification = clearance_verification_parse(jsonv_str(pr, "verification"));
	p->verified_on = jsonv_date(pr, "verified_on");
}

/* ============================ Registration =============================== */

/* POST /v1/persons/{id}/clearances {form, treaty_ref?} */
static int
h_clearance_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, rec = {0};
	const char *treaty;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "person", &person, e) != 0 ||
	    req_json(r, clearance_fields, e) != 0 ||
	    org_must_be_active(tx, person.org_id, NULL, e) != 0)    /* org_liquidated, Art. 28 */
		goto fail;
	treaty = jsonv_str(r->json, "treaty_ref");
	/* foreigner_needs_treaty, Art. 29.4 */
	if (clearance_treaty_check(clearance_citizenship_parse(
	                               jsonv_str(person.doc, "citizenship")), treaty, e) != 0)
		goto fail;
	q_strlcpy(rec.kind, "clearance", sizeof rec.kind);
	store_id_new("clearance", rec.id);
	q_strlcpy(rec.org_id, person.org_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, person.id, sizeof rec.parent_id);
	q_strlcpy(rec.state, "registering", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:o, s:n, s:{}, s:n, s:n, s:n,"
	                    " s:n, s:n, s:n, s:n}",
	                    "id", rec.id, "person_id", person.id, "org_id", person.org_id,
	                    "form", jsonv_str(r->json, "form"), "treaty_ref", treaty, "state",
	                    "registering", "registered_on", json_date(r->effective_date),
	                    "decision", "prerequisites", "granted_on", "restriction_until",
	                    "terminated_on", "termination", "termination_due", "non_disclosure",
	                    "termination_due_on");
	if (rec.doc == NULL) {
		qerr_internal(e, "clearance doc");
		goto fail;
	}
	if (rec_create_commit(r, out, &tx, &rec, "clearance.create", NULL, e) != 0)
		goto fail;
	store_rec_clear(&person);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&person);
	store_rec_clear(&rec);
	return -1;
}

/* ============================ Prerequisites =============================== */

/* POST /v1/clearances/{id}/prerequisites — any of the five, with dates. */
static int
h_clearance_prereqs(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct clearance_prereqs p;
	enum clearance_state s;
	json_t *pr;
	const char *verif;
	bool pending;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "clearance", &rec, e) != 0 || req_json(r, prereq_fields, e) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof prereq_fields / sizeof prereq_fields[0] - 1; i++) {
		const char *f = prereq_fields[i].name;

		if (prereq_fields[i].type == JF_DATE && jsonv_has(r->json, f) &&
		    jsonv_date(r->json, f) > r->today) {
			qerr_input(e, "date_in_future", f);
			goto fail;
		}
	}
	verif = jsonv_str(r->json, "verification");
	if (jsonv_has(r->json, "verified_on") && verif == NULL) {
		qerr_input(e, "missing_field", "verification");
		goto fail;
	}
	s = clearance_state_parse(rec.state);
	/* Art. 5: a clearance granted with its verification pending takes the
	 * verification's result afterwards, and nothing else. */
	pending = s == CLEARANCE_ACTIVE && jsonv_bool(rec.doc, "verification_pending", false);
	if (s != CLEARANCE_REGISTERING && !(pending && verif != NULL)) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "29.1", NULL);
		qerr_detail(e, "clearance is %s", rec.state);
		goto fail;
	}
	if (pending) {
		for (size_t i = 0; i < sizeof prereq_dates / sizeof prereq_dates[0]; i++) {
			if (jsonv_has(r->json, prereq_dates[i])) {
				qerr_set(e, QERR_CONFLICT, "invalid_state", "29.1", prereq_dates[i]);
				qerr_detail(e, "clearance is active: only the verification may follow");
				goto fail;
			}
		}
	}
	pr = json_object_get(rec.doc, "prerequisites");
	if (!json_is_object(pr)) {
		pr = json_object();
		json_object_set_new(rec.doc, "prerequisites", pr);
	}
	for (size_t i = 0; i < sizeof prereq_dates / sizeof prereq_dates[0]; i++)
		if (jsonv_has(r->json, prereq_dates[i]))
			json_object_set(pr, prereq_dates[i], json_object_get(r->json, prereq_dates[i]));
	if (verif != NULL) {
		qdate on = jsonv_has(r->json, "verified_on") ? jsonv_date(r->json, "verified_on")
		                                             : r->effective_date;

		json_object_set_new(pr, "verification", json_string(verif));
		json_object_set_new(pr, "verified_on", json_date(on));
	}
	prereqs_of(rec.doc, &p);
	/* prerequisites_missing, Art. 29.1: no verification before the consent. */
	if (clearance_verification_check(&p, e) != 0)
		goto fail;
	if (pending) {
		json_object_set_new(rec.doc, "verification_pending", json_false());
		if (p.verification != CLEARANCE_VERIFICATION_PASSED) {
			/* Art. 31.1 with 30.1: the result is a ground; the head must
			 * terminate. */
			if (store_rec_update(tx, &rec, e) != 0 ||
			    clearance_flag_person(tx, rec.parent_id, "ground", "refusal_ground", "30.1",
			                          rec.id, p.verified_on, NULL, e) != 0)
				goto fail;
			store_rec_clear(&rec);
			if (rec_load(tx, "clearance", r->params[0], &rec, e) != 0)
				goto fail;
		}
	}
	if (rec_update_commit(r, out, &tx, &rec, "clearance.prerequisites", r->json, e) != 0)
		goto fail;
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	return -1;
}

/* ============================== Decision ================================= */

/* Gathers the inputs of clearance_grant_check and runs it. *mode gets the
 * emergency mode whose relaxation was used (new reference), or NULL. */
static int
grant_check(struct req *r, struct store_tx *tx, const struct store_rec *rec,
            unsigned *relaxed, json_t **mode, struct qerr *e)
{
	struct store_rec person = {0}, *grounds = NULL, *others = NULL;
	size_t ngrounds = 0, nothers = 0;
	struct clearance_ground_rec *g = NULL;
	struct clearance_past *past = NULL;
	struct clearance_grant gr = {0};
	int ret = -1;

	*mode = NULL;
	*relaxed = 0;
	if (rec_load(tx, "person", rec->parent_id, &person, e) != 0)
		return -1;
	{
		struct store_query q = {.kind = "ground", .parent_id = person.id};

		if (ops_recs_load(tx, &q, &grounds, &ngrounds, e) != 0)
			goto done;
	}
	{
		struct store_query q = {.kind = "clearance", .parent_id = person.id};

		if (ops_recs_load(tx, &q, &others, &nothers, e) != 0)
			goto done;
	}
	g = calloc(ngrounds + 1, sizeof *g);
	past = calloc(nothers + 1, sizeof *past);
	if (g == NULL || past == NULL) {
		qerr_internal(e, "grant: out of memory");
		goto done;
	}
	for (size_t i = 0; i < ngrounds; i++) {
		g[i].ground = clearance_ground_parse(jsonv_str(grounds[i].doc, "ground"));
		g[i].noted_on = jsonv_date(grounds[i].doc, "noted_on");
		g[i].lifted_on = jsonv_date(grounds[i].doc, "lifted_on");
		g[i].exception = jsonv_bool(grounds[i].doc, "exception", false);
	}
	gr.npast = 0;
	for (size_t i = 0; i < nothers; i++) {
		const json_t *t = json_object_get(others[i].doc, "termination");

		if (strcmp(others[i].id, rec->id) == 0)
			continue;
		past[gr.npast].state = clearance_state_parse(others[i].state);
		past[gr.npast].reason = clearance_end_parse(jsonv_str(t, "reason"));
		past[gr.npast].terminated_on = jsonv_date(others[i].doc, "terminated_on");
		gr.npast++;
	}
	prereqs_of(rec->doc, &gr.prereqs);
	gr.registered_on = jsonv_date(rec->doc, "registered_on");
	gr.decided_on = r->effective_date;
	gr.citizenship = clearance_citizenship_parse(jsonv_str(person.doc, "citizenship"));
	gr.treaty_ref = jsonv_str(rec->doc, "treaty_ref");
	gr.grounds = g;
	gr.ngrounds = ngrounds;
	gr.past = past;
	if (emergency_in_force(tx, person.org_id, r->effective_date, &gr.relax, mode, e) != 0)
		goto done;
	ret = clearance_grant_check(&gr, relaxed, e);
	if (ret == 0 && *relaxed == 0) {
		json_decref(*mode);
		*mode = NULL;
	}
done:
	if (ret != 0) {
		json_decref(*mode);
		*mode = NULL;
	}
	free(g);
	free(past);
	ops_recs_free(grounds, ngrounds);
	ops_recs_free(others, nothers);
	store_rec_clear(&person);
	return ret;
}

/* Re-registration (Art. 29.3): the newly granted form replaces the person's
 * other active clearances. */
static int
supersede_others(struct req *r, struct store_tx *tx, const struct store_rec *rec,
                 json_t *ids, struct qerr *e)
{
	struct store_query q = {.kind = "clearance", .parent_id = rec->parent_id,
	                        .state = "active"};
	struct store_rec *cl = NULL;
	size_t n = 0;
	int ret = -1;

	if (ops_recs_load(tx, &q, &cl, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(cl[i].id, rec->id) == 0)
			continue;
		terminate_doc(&cl[i], CLEARANCE_END_REREGISTERED, r->effective_date, r->user.id,
		              rec->id);
		if (store_rec_update(tx, &cl[i], e) != 0)
			goto done;
		json_array_append_new(ids, json_string(cl[i].id));
	}
	ret = 0;
done:
	ops_recs_free(cl, n);
	return ret;
}

/* POST /v1/clearances/{id}/decision {decision, contract_number?, restriction_until?} */
static int
h_clearance_decision(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	enum clearance_state next;
	json_t *mode = NULL, *dec, *details = NULL, *replaced = json_array();
	unsigned relaxed = 0;
	bool grant;

	if (tx_write(r, &tx, e) != 0)
		goto out_err;
	if (rec_load_scoped(r, tx, "clearance", &rec, e) != 0 ||
	    req_json(r, decision_fields, e) != 0)
		goto fail;
	grant = strcmp(jsonv_str(r->json, "decision"), "grant") == 0;
	if (grant && org_must_be_active(tx, rec.org_id, NULL, e) != 0)  /* org_liquidated, 28 */
		goto fail;
	if (clearance_decide(clearance_state_parse(rec.state), grant, &next, e) != 0)
		goto fail;
	if (grant && grant_check(r, tx, &rec, &relaxed, &mode, e) != 0)
		goto fail;
	set_state(&rec, next);
	dec = json_pack("{s:s, s:s?, s:o, s:o, s:s}", "decision", grant ? "grant" : "refuse",
	                "contract_number", jsonv_str(r->json, "contract_number"),
	                "restriction_until", json_date(jsonv_date(r->json, "restriction_until")),
	                "date", json_date(r->effective_date), "by", r->user.id);
	if (dec == NULL) {
		qerr_internal(e, "decision doc");
		goto fail;
	}
	if (mode != NULL) {
		/* Art. 5: what the emergency mode relaxed is part of the decision. */
		json_object_set_new(dec, "emergency",
		                    json_pack("{s:O, s:[s], s:O}", "id", json_object_get(mode, "id"),
		                              "relaxed", "verification_pending",
		                              "verification_due_on", json_object_get(mode, "until")));
		json_object_set_new(rec.doc, "verification_pending", json_true());
	}
	json_object_set_new(rec.doc, "decision", dec);
	if (grant) {
		json_object_set_new(rec.doc, "granted_on", json_date(r->effective_date));
		json_object_set_new(rec.doc, "restriction_until",
		                    json_date(jsonv_date(r->json, "restriction_until")));
		if (supersede_others(r, tx, &rec, replaced, e) != 0)
			goto fail;
		if (json_array_size(replaced) > 0)
			json_object_set(rec.doc, "replaces", replaced);
	}
	if (store_rec_update(tx, &rec, e) != 0)
		goto fail;
	details = json_pack("{s:s, s:s, s:O, s:O?}", "decision", grant ? "grant" : "refuse",
	                    "form", jsonv_str(rec.doc, "form") ? jsonv_str(rec.doc, "form") : "",
	                    "replaces", replaced, "emergency", json_object_get(dec, "emergency"));
	if (tx_commit_audited(r, tx, "clearance.decision", rec.id, details, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 200, json_incref(rec.doc));
	json_decref(details);
	json_decref(mode);
	json_decref(replaced);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	json_decref(details);
	json_decref(mode);
	store_rec_clear(&rec);
out_err:
	json_decref(replaced);
	return -1;
}

/* ============================= Termination ================================ */

/* POST /v1/clearances/{id}/terminate {reason} (Art. 31.1, 33.3) */
static int
h_clearance_terminate(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	enum clearance_state next;
	enum clearance_end reason;
	json_t *details;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "clearance", &rec, e) != 0 ||
	    req_json(r, terminate_fields, e) != 0)
		goto fail;
	reason = clearance_end_parse(jsonv_str(r->json, "reason"));
	if (clearance_terminate(clearance_state_parse(rec.state), &next, e) != 0)
		goto fail;
	terminate_doc(&rec, reason, r->effective_date, r->user.id, NULL);
	if (store_rec_update(tx, &rec, e) != 0)
		goto fail;
	details = json_pack("{s:s}", "reason", clearance_end_name(reason));
	if (tx_commit_audited(r, tx, "clearance.terminate", rec.id, details, e) != 0) {
		json_decref(details);
		tx = NULL;
		goto fail;
	}
	json_decref(details);
	resp_json(out, 200, json_incref(rec.doc));
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	return -1;
}

/* ================================ Reads =================================== */

/* GET /v1/clearances/{id} */
static int
h_clearance_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "clearance", NULL, e);
}

/* GET /v1/persons/{id}/clearances */
static int
h_person_clearances(struct req *r, struct resp *out, struct qerr *e)
{
	return list_children_scoped(r, out, "person", "clearance", e);
}

const struct route h_clearances_routes[] = {
	{"POST", "/v1/persons/{}/clearances", ROLE_SECURITY_OFFICER, 0, h_clearance_create},
	{"GET", "/v1/persons/{}/clearances", CLEARANCE_READERS, 0, h_person_clearances},
	{"POST", "/v1/clearances/{}/prerequisites", ROLE_SECURITY_OFFICER, 0,
	 h_clearance_prereqs},
	{"POST", "/v1/clearances/{}/decision", ROLE_HEAD, 0, h_clearance_decision},
	{"POST", "/v1/clearances/{}/terminate", ROLE_HEAD, 0, h_clearance_terminate},
	{"GET", "/v1/clearances/{}", CLEARANCE_READERS, 0, h_clearance_get},
	{NULL, NULL, 0, 0, NULL},
};
