/*
 * h_grounds.c — grounds for refusal and employment changes of persons
 * (Art. 30, 31, 33.3).
 *
 *   POST /v1/persons/{id}/grounds     {ground, noted_on, details?, exception?}
 *        records a ground of Art. 30.1 (the names of API.md) with its date.
 *        A person with an active clearance who acquires a ground has it
 *        flagged for termination (Art. 31.1: "arising the circumstances
 *        that constitute grounds for refusal"): doc.termination_due, which
 *        the deadlines list shows as "clearance_termination". exception
 *        (corruption_admin_penalty only) marks the Art. 30.1 exception: the
 *        first penalty of an official for hiring a person who did not
 *        submit an asset declaration; such a penalty refuses nothing.
 *   GET  /v1/persons/{id}/grounds
 *   POST /v1/grounds/{id}/lift        {}: the ground ceased (a conviction
 *        expunged, a contraindication gone) as of effective_date; Art. 31.1
 *        re-admission needs "the absence of grounds".
 *   POST /v1/persons/{id}/employment  {event: dismissal|contract_end|transfer,
 *        position?}: Art. 33.3 — the person's active clearances end with the
 *        event as their reason (no five-year wait, Art. 31.1 applies only to
 *        violations and grounds); a registration in progress is closed as
 *        refused. Art. 31.3: the non-disclosure obligation and the
 *        restriction period of the agreement stay (kept on the clearance).
 *        "transfer" is a transfer to a position unrelated to state secrets
 *        (position names it); a related transfer is no event here.
 *
 * Order (SPEC.md §5): 404 path id, 403 organization, 400 body, 409 state.
 * SECURITY: bodies validated by field tables; details capped at 2000 bytes.
 */
#include "http/clearance_ops.h"

#include <string.h>

#include "core/ground.h"
#include "core/roles.h"
#include "http/util.h"

#define GROUND_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)

static const char *const employment_events[] = {"dismissal", "contract_end", "transfer",
                                                NULL};

static const struct jfield ground_fields[] = {
	{"ground", JF_ENUM, JF_REQUIRED, clearance_ground_names, 0, 0},
	{"noted_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"details", JF_TEXT, 0, NULL, 0, 2000},
	{"exception", JF_BOOL, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield lift_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

static const struct jfield employment_fields[] = {
	{"event", JF_ENUM, JF_REQUIRED, employment_events, 0, 0},
	{"position", JF_STRING, 0, NULL, 0, 300},
	{NULL, 0, 0, NULL, 0, 0},
};

/* POST /v1/persons/{id}/grounds */
static int
h_ground_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0}, g = {0};
	json_t *flagged = json_array();
	const char *ground;
	qdate noted;
	bool exception;

	if (tx_write(r, &tx, e) != 0)
		goto fail;
	if (rec_load_scoped(r, tx, "person", &person, e) != 0 || req_json(r, ground_fields, e) != 0)
		goto fail;
	ground = jsonv_str(r->json, "ground");
	noted = jsonv_date(r->json, "noted_on");
	exception = jsonv_bool(r->json, "exception", false);
	if (noted > r->today) {
		qerr_input(e, "date_in_future", "noted_on");
		goto fail;
	}
	if (exception &&
	    clearance_ground_parse(ground) != CLEARANCE_GROUND_CORRUPTION_ADMIN_PENALTY) {
		qerr_input(e, "invalid_value", "exception");
		qerr_detail(e, "the exception concerns corruption_admin_penalty only");
		goto fail;
	}
	q_strlcpy(g.kind, "ground", sizeof g.kind);
	store_id_new("ground", g.id);
	q_strlcpy(g.org_id, person.org_id, sizeof g.org_id);
	q_strlcpy(g.parent_id, person.id, sizeof g.parent_id);
	q_strlcpy(g.state, ground_state_name(GROUND_IN_FORCE), sizeof g.state);
	g.doc = json_pack("{s:s, s:s, s:s, s:o, s:s?, s:b, s:s, s:n, s:s, s:s}", "id", g.id,
	                  "person_id", person.id, "ground", ground, "noted_on", json_date(noted),
	                  "details", jsonv_str(r->json, "details"), "exception", exception,
	                  "state", "in_force", "lifted_on", "article", "30.1", "by", r->user.id);
	if (g.doc == NULL) {
		qerr_internal(e, "ground doc");
		goto fail;
	}
	if (store_rec_insert(tx, &g, e) != 0)
		goto fail;
	/* Art. 31.1: an admitted person who acquires a ground is to be
	 * terminated; flag the active clearances (the exception refuses
	 * nothing, so it flags nothing). */
	if (!exception &&
	    clearance_flag_person(tx, person.id, "ground", "refusal_ground", "31.1", g.id, noted,
	                          flagged, e) != 0)
		goto fail;
	json_object_set(g.doc, "flagged_clearances", flagged);
	if (tx_commit_audited(r, tx, "ground.create", g.id, g.doc, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 201, json_incref(g.doc));
	json_decref(flagged);
	store_rec_clear(&person);
	store_rec_clear(&g);
	return 0;
fail:
	store_rollback(tx);
	json_decref(flagged);
	store_rec_clear(&person);
	store_rec_clear(&g);
	return -1;
}

/* GET /v1/persons/{id}/grounds */
static int
h_ground_list(struct req *r, struct resp *out, struct qerr *e)
{
	return list_children_scoped(r, out, "person", "ground", e);
}

/* POST /v1/grounds/{id}/lift */
static int
h_ground_lift(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec g = {0};
	enum ground_state next;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, "ground", &g, e) != 0 || req_json(r, lift_fields, e) != 0)
		goto fail;
	/* invalid_state, Art. 30.1 */
	if (ground_lift_check(g.state, jsonv_date(g.doc, "noted_on"), r->effective_date, &next,
	                      e) != 0)
		goto fail;
	q_strlcpy(g.state, ground_state_name(next), sizeof g.state);
	json_object_set_new(g.doc, "state", json_string(ground_state_name(next)));
	json_object_set_new(g.doc, "lifted_on", json_date(r->effective_date));
	if (rec_update_commit(r, out, &tx, &g, "ground.lift", NULL, e) != 0)
		goto fail;
	store_rec_clear(&g);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&g);
	return -1;
}

/* POST /v1/persons/{id}/employment */
static int
h_employment(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec person = {0};
	json_t *ended = json_array(), *details = NULL;
	const char *event, *position, *estate;
	enum clearance_end reason;

	if (tx_write(r, &tx, e) != 0)
		goto fail;
	if (rec_load_scoped(r, tx, "person", &person, e) != 0 || req_json(r, employment_fields, e) != 0)
		goto fail;
	event = jsonv_str(r->json, "event");
	position = jsonv_str(r->json, "position");
	reason = clearance_end_parse(event);
	estate = reason == CLEARANCE_END_DISMISSAL ? "dismissed"
	       : reason == CLEARANCE_END_CONTRACT_END ? "contract_ended" : "employed";
	q_strlcpy(person.state, estate, sizeof person.state);
	json_object_set_new(person.doc, "employment_state", json_string(estate));
	if (position != NULL)
		json_object_set_new(person.doc, "position", json_string(position));
	json_object_set_new(person.doc, "employment_event",
	                    json_pack("{s:s, s:o, s:s}", "event", event, "date",
	                              json_date(r->effective_date), "by", r->user.id));
	if (store_rec_update(tx, &person, e) != 0)
		goto fail;
	/* Art. 33.3: access ends; Art. 31.3: the obligations stay. */
	if (clearance_terminate_person(tx, person.id, reason, r->effective_date, r->user.id,
	                               NULL, true, ended, e) != 0)
		goto fail;
	details = json_pack("{s:s, s:O}", "event", event, "clearances", ended);
	if (tx_commit_audited(r, tx, "person.employment", person.id, details, e) != 0) {
		tx = NULL;
		goto fail;
	}
	json_object_set(person.doc, "terminated_clearances", ended);
	resp_json(out, 200, json_incref(person.doc));
	json_decref(details);
	json_decref(ended);
	store_rec_clear(&person);
	return 0;
fail:
	store_rollback(tx);
	json_decref(details);
	json_decref(ended);
	store_rec_clear(&person);
	return -1;
}

const struct route h_grounds_routes[] = {
	{"POST", "/v1/persons/{}/grounds", ROLE_SECURITY_OFFICER, 0, h_ground_create},
	{"GET", "/v1/persons/{}/grounds", GROUND_READERS, 0, h_ground_list},
	{"POST", "/v1/grounds/{}/lift", ROLE_SECURITY_OFFICER, 0, h_ground_lift},
	{"POST", "/v1/persons/{}/employment", ROLE_SECURITY_OFFICER | ROLE_HEAD, 0, h_employment},
	{NULL, NULL, 0, 0, NULL},
};
