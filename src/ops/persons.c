/*
 * persons.c — persons, grounds and employment changes (see persons.h).
 *
 * Persons and grounds are jansson records until their typed tables land
 * (issue 11; ops/docs.h): every jansson call is checked and a failure
 * rolls the step back. SECURITY: ids from the caller are only looked up;
 * the person's organization scopes who may act (403 forbidden_org).
 */
#include "ops/persons.h"

#include <string.h>

#include "core/ground.h"
#include "core/ident.h"
#include "ops/clearances.h"
#include "ops/docs.h"
#include "ops/orgs.h"

/* The body's checks of a registration (400), after the scope (403). */
static int
person_input(const struct ops_person_args *a, struct qerr *e)
{
	if (a->full_name == NULL || a->position == NULL || a->citizenship == NULL)
		return qerr_input(e, "missing_field", a->full_name == NULL ? "full_name"
		                                      : a->position == NULL ? "position"
		                                                            : "citizenship");
	if (strcmp(a->citizenship, "KZ") == 0 && a->iin == NULL)
		return qerr_input(e, "missing_field", "iin");
	if (a->iin == NULL && a->passport == NULL)
		return qerr_input(e, "missing_field", "passport");
	if (a->iin != NULL && !ident_valid(a->iin))
		return qerr_input(e, "invalid_check_digit", "iin");
	return 0;
}

int
ops_person_register(const struct ops_ctx *c, const struct ops_person_args *a, json_t **out,
                    struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct org_rec org = {0};
	int rc = -1;

	*out = NULL;
	/* 403 before 400 (SPEC.md §5): the organization is known once the body
	 * parses, so another organization's officer learns nothing more. */
	if (ops_scope(c, a->org_id, e) != 0 || person_input(a, e) != 0)
		return -1;
	q_strlcpy(rec.kind, "person", sizeof rec.kind);
	store_id_new("person", rec.id);
	q_strlcpy(rec.org_id, a->org_id, sizeof rec.org_id);
	/* IIN unique nationwide: the natural key lives outside any org scope. */
	q_strlcpy(rec.ref, a->iin ? a->iin : "", sizeof rec.ref);
	q_strlcpy(rec.state, "employed", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:o}", "id", rec.id,
	                    "iin", a->iin, "passport", a->passport, "full_name", a->full_name,
	                    "citizenship", a->citizenship, "org_id", a->org_id, "position",
	                    a->position, "employment_state", "employed", "registered_on",
	                    ops_docs_json_date(c->effective_date));
	if (rec.doc == NULL)
		return qerr_internal(e, "person doc");
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (ops_org_load(tx, a->org_id, &org, "org_id", e) != 0 ||
	    ops_docs_org_active(tx, org.h.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto done;
	/* Uniqueness of the IIN across organizations. */
	if (a->iin != NULL) {
		struct store_query q = {.kind = "person", .ref = a->iin, .limit = 1};
		int64_t n = 0;

		if (store_rec_count(tx, &q, &n, e) != 0)
			goto done;
		if (n > 0) {
			qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "iin");
			goto done;
		}
	}
	rc = ops_docs_commit(c, &tx, &rec, true, "person.create", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "person.create", NULL, e);
	org_rec_free(&org);
	store_rec_clear(&rec);
	return rc;
}

static int
append_doc_cb(void *ctx, const struct store_rec *rec)
{
	return json_array_append(ctx, rec->doc) == 0 ? 0 : -1;
}

json_t *
ops_person_view(struct store_tx *tx, const struct store_rec *person, struct qerr *e)
{
	static const struct {
		const char *kind, *key;
	} parts[] = {
		{"clearance", "clearances"}, {"ground", "grounds"}, {"violation", "violations"},
	};
	json_t *doc = json_deep_copy(person->doc);

	if (doc == NULL) {
		qerr_internal(e, "person view");
		return NULL;
	}
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		struct store_query q = {.kind = parts[i].kind, .parent_id = person->id};
		json_t *a = json_array();
		struct qerr we = {0};

		if (a == NULL || store_rec_walk(tx, &q, append_doc_cb, a, &we) != 0) {
			json_decref(a);
			json_decref(doc);
			if (we.status != 0)
				*e = we;
			else
				qerr_internal(e, "person view");
			return NULL;
		}
		if (ops_docs_set(doc, parts[i].key, a, e) != 0) {
			json_decref(doc);
			return NULL;
		}
	}
	return doc;
}

int
ops_ground_note(const struct ops_ctx *c, const struct ops_ground_args *a, json_t **out,
                struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, g = {0};
	json_t *flagged = NULL;
	const char *ground = NULL;
	int rc = -1;

	*out = NULL;
	if (a->ground > CLEARANCE_GROUND_UNKNOWN)
		ground = clearance_ground_names[a->ground - 1];
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "person", a->person_id, &person, e) != 0)
		goto done;
	if (ground == NULL) {
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
	if ((flagged = json_array()) == NULL) {
		qerr_internal(e, "ground: out of memory");
		goto done;
	}
	q_strlcpy(g.kind, "ground", sizeof g.kind);
	store_id_new("ground", g.id);
	q_strlcpy(g.org_id, person.org_id, sizeof g.org_id);
	q_strlcpy(g.parent_id, person.id, sizeof g.parent_id);
	q_strlcpy(g.state, ground_state_name(GROUND_IN_FORCE), sizeof g.state);
	g.doc = json_pack("{s:s, s:s, s:s, s:o, s:s?, s:b, s:s, s:n, s:s, s:s}", "id", g.id,
	                  "person_id", person.id, "ground", ground, "noted_on",
	                  ops_docs_json_date(a->noted_on), "details", a->details, "exception",
	                  a->exception, "state", "in_force", "lifted_on", "article", "30.1", "by",
	                  c->actor.user_id);
	if (g.doc == NULL) {
		qerr_internal(e, "ground doc");
		goto done;
	}
	if (store_rec_insert(tx, &g, e) != 0)
		goto done;
	/* Art. 31.1: an admitted person who acquires a ground is to be
	 * terminated; flag the active clearances (the exception refuses
	 * nothing, so it flags nothing). */
	if (!a->exception &&
	    ops_clearances_flag_person(tx, person.id, "ground", "refusal_ground", "31.1", g.id,
	                               a->noted_on, flagged, e) != 0)
		goto done;
	if (ops_docs_set(g.doc, "flagged_clearances", json_incref(flagged), e) != 0)
		goto done;
	rc = ops_commit(c, tx, "ground.create", g.id, g.doc, e);
	tx = NULL;
	if (rc == 0)
		*out = json_incref(g.doc);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "ground.create", a->person_id, e);
	json_decref(flagged);
	store_rec_clear(&person);
	store_rec_clear(&g);
	return rc;
}

int
ops_ground_lift(const struct ops_ctx *c, const char *ground_id, json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec g = {0};
	enum ground_state next;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "ground", ground_id, &g, e) != 0 ||
	    /* invalid_state, Art. 30.1 */
	    ground_lift_check(g.state, ops_docs_date(g.doc, "noted_on"), c->effective_date, &next,
	                      e) != 0 ||
	    ops_docs_set_state(&g, ground_state_name(next), e) != 0 ||
	    ops_docs_set_date(g.doc, "lifted_on", c->effective_date, e) != 0)
		goto done;
	rc = ops_docs_commit(c, &tx, &g, false, "ground.lift", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "ground.lift", ground_id, e);
	store_rec_clear(&g);
	return rc;
}

int
ops_person_employment(const struct ops_ctx *c, const struct ops_employment_args *a,
                      json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0};
	json_t *ended = NULL, *details = NULL, *answer = NULL;
	const char *event = NULL, *estate;
	int rc = -1;

	*out = NULL;
	if (a->event == CLEARANCE_END_DISMISSAL || a->event == CLEARANCE_END_CONTRACT_END ||
	    a->event == CLEARANCE_END_TRANSFER)
		event = clearance_end_name(a->event);
	if ((ended = json_array()) == NULL)
		return qerr_internal(e, "employment: out of memory");
	if (ops_begin(c, true, &tx, e) != 0)
		goto done;
	if (ops_docs_load_scoped(c, tx, "person", a->person_id, &person, e) != 0)
		goto done;
	if (event == NULL) {
		qerr_input(e, "invalid_value", "event");
		goto done;
	}
	estate = a->event == CLEARANCE_END_DISMISSAL ? "dismissed"
	       : a->event == CLEARANCE_END_CONTRACT_END ? "contract_ended" : "employed";
	q_strlcpy(person.state, estate, sizeof person.state);
	if (ops_docs_set_str(person.doc, "employment_state", estate, e) != 0 ||
	    (a->position != NULL && ops_docs_set_str(person.doc, "position", a->position, e) != 0) ||
	    ops_docs_set(person.doc, "employment_event",
	                json_pack("{s:s, s:o, s:s}", "event", event, "date",
	                          ops_docs_json_date(c->effective_date), "by", c->actor.user_id),
	                e) != 0 ||
	    store_rec_update(tx, &person, e) != 0 ||
	    /* Art. 33.3: access ends; Art. 31.3: the obligations stay. */
	    ops_clearances_terminate_person(tx, person.id, a->event, c->effective_date,
	                                    c->actor.user_id, NULL, true, ended, e) != 0)
		goto done;
	if ((details = json_pack("{s:s, s:O}", "event", event, "clearances", ended)) == NULL ||
	    /* The answer: the ids ended, not stored with the person. */
	    (answer = json_deep_copy(person.doc)) == NULL ||
	    json_object_set(answer, "terminated_clearances", ended) != 0) {
		qerr_internal(e, "employment: out of memory");
		goto done;
	}
	rc = ops_commit(c, tx, "person.employment", person.id, details, e);
	tx = NULL;
	if (rc == 0) {
		*out = answer;
		answer = NULL;
	}
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "person.employment", a->person_id, e);
	json_decref(answer);
	json_decref(details);
	json_decref(ended);
	store_rec_clear(&person);
	return rc;
}
