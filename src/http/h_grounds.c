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
 * The procedures are ops/persons.c; this file decodes and answers.
 * Order (SPEC.md §5): 404 path id, 403 organization, 400 body, 409 state.
 * SECURITY: bodies validated by field tables; details capped at 2000 bytes.
 */
#include "http/http.h"

#include "core/clearance.h"
#include "core/roles.h"
#include "http/enc.h"
#include "http/util.h"
#include "ops/persons.h"

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
	struct ops_ctx c;
	struct ops_ground_args a = {.person_id = r->params[0]};
	struct ground_rec g;
	struct rec_ids flagged;
	json_t *doc;

	if (req_json_on(r, ground_fields, "person", &c, e) != 0)
		return -1;
	a.ground = clearance_ground_parse(jsonv_str(r->json, "ground"));
	a.noted_on = jsonv_date(r->json, "noted_on");
	a.details = jsonv_str(r->json, "details");
	a.exception = jsonv_bool(r->json, "exception", false);
	if (ops_ground_note(&c, &a, &g, &flagged, e) != 0)
		return -1;
	doc = enc_ground(&g);
	ground_rec_free(&g);
	if (doc == NULL ||
	    json_object_set_new(doc, "flagged_clearances", enc_ids(flagged.v, flagged.n)) != 0) {
		rec_ids_free(&flagged);
		json_decref(doc);
		return qerr_internal(e, "ground: out of memory");
	}
	rec_ids_free(&flagged);
	resp_json(out, 201, doc);
	return 0;
}

static int64_t
grounds_each(struct store_tx *tx, const void *person_id, int64_t after_seq, int limit,
             int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	return ops_grounds_each(tx, person_id, after_seq, limit, fn, ctx, e);
}

static json_t *
ground_enc(const void *row)
{
	return enc_ground(row);
}

/* GET /v1/persons/{id}/grounds: 404, 403 another organization's person. */
static int
h_ground_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec p = {0};
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = ops_person_load(tx, r->params[0], &p, NULL, e);
	store_rollback(tx);
	if (rc == 0)
		rc = req_org_scope(r, p.org_id, e);
	person_rec_free(&p);
	if (rc != 0)
		return -1;
	return list_rows(r, out, grounds_each, r->params[0], ground_enc, e);
}

/* POST /v1/grounds/{id}/lift */
static int
h_ground_lift(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ground_rec g;
	json_t *doc;

	if (req_json_on(r, lift_fields, "ground", &c, e) != 0 ||
	    ops_ground_lift(&c, r->params[0], &g, e) != 0)
		return -1;
	doc = enc_ground(&g);
	ground_rec_free(&g);
	if (doc == NULL)
		return qerr_internal(e, "ground: out of memory");
	resp_json(out, 200, doc);
	return 0;
}

/* POST /v1/persons/{id}/employment */
static int
h_employment(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_employment_args a = {.person_id = r->params[0]};
	struct person_rec p;
	struct rec_ids ended;
	json_t *doc;

	if (req_json_on(r, employment_fields, "person", &c, e) != 0)
		return -1;
	a.event = clearance_end_parse(jsonv_str(r->json, "event"));
	a.position = jsonv_str(r->json, "position");
	if (ops_person_employment(&c, &a, &p, &ended, e) != 0)
		return -1;
	/* the person as stored, with the ids ended (answered, not stored) */
	doc = enc_person(&p);
	person_rec_free(&p);
	if (doc == NULL ||
	    json_object_set_new(doc, "terminated_clearances", enc_ids(ended.v, ended.n)) != 0) {
		rec_ids_free(&ended);
		json_decref(doc);
		return qerr_internal(e, "employment: out of memory");
	}
	rec_ids_free(&ended);
	resp_json(out, 200, doc);
	return 0;
}

const struct route h_grounds_routes[] = {
	{"POST", "/v1/persons/{}/grounds", ROLE_SECURITY_OFFICER, 0, h_ground_create},
	{"GET", "/v1/persons/{}/grounds", GROUND_READERS, 0, h_ground_list},
	{"POST", "/v1/grounds/{}/lift", ROLE_SECURITY_OFFICER, 0, h_ground_lift},
	{"POST", "/v1/persons/{}/employment", ROLE_SECURITY_OFFICER | ROLE_HEAD, 0, h_employment},
	{NULL, NULL, 0, 0, NULL},
};
