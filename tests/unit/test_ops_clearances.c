/*
 * test_ops_clearances.c — the procedures of clearances, persons, grounds,
 * employment changes and trips (src/ops/clearances.c, persons.c, trips.c)
 * called without HTTP: for each main step the allowed case and the
 * refused ones (404, 403, 400, 409, and the 422 rules recorded in the
 * audit log by ops_refuse, e.audited), one audit entry per step and none
 * for a failed one that is no refusal, nothing written by a failure.
 * The typed tables of clearances: made by 0019_typed_clearances as their
 * descriptions say, and the migration (run again by name) moving full
 * clearance records of every shape into them, each answered as stored
 * (nothing a user stored lost), its seq kept, the record gone.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "core/ground.h"
#include "http/enc.h"
#include "ops/clearances.h"
#include "ops/persons.h"
#include "ops/docs.h"
#include "ops/trips.h"
#include "store/tables_clearances.h"
#include "ops_world.h"
#include "tap.h"

/* The stored state of a record kind/id ("" when absent). */
static void
state_of(struct store *s, const char *kind, const char *id, char out[STORE_STATE_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};

	out[0] = '\0';
	if (strcmp(kind, "clearance") == 0) {
		struct clearance_rec c;

		if (store_begin(s, false, &tx, NULL) != 0)
			return;
		if (ops_clearance_load(tx, id, &c, NULL, NULL) == 0)
			q_strlcpy(out, clearance_rec_state_names[c.state], STORE_STATE_MAX);
		clearance_rec_free(&c);
		store_rollback(tx);
		return;
	}
	if (store_begin(s, false, &tx, NULL) != 0)
		return;
	if (ops_docs_load(tx, kind, id, &r, NULL, NULL) == 0)   /* typed persons too */
		q_strlcpy(out, r.state, STORE_STATE_MAX);
	store_rollback(tx);
	store_rec_clear(&r);
}

static const char *
str(const json_t *doc, const char *k)
{
	const char *v = json_string_value(json_object_get(doc, k));

	return v ? v : "";
}

/* The procedures answering the clearance as the API shows it. */
static int
answered(int rc, struct clearance_rec *r, json_t **doc)
{
	*doc = rc == 0 ? enc_clearance(r) : NULL;
	clearance_rec_free(r);
	return rc;
}

static int
cl_register(const struct ops_ctx *c, const struct ops_clearance_register_args *a, json_t **doc,
            struct qerr *e)
{
	struct clearance_rec r;

	return answered(ops_clearance_register(c, a, &r, e), &r, doc);
}

static int
cl_prereqs(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a, json_t **doc,
           struct qerr *e)
{
	struct clearance_rec r;

	return answered(ops_clearance_prereqs(c, a, &r, e), &r, doc);
}

static int
cl_decide(const struct ops_ctx *c, const struct ops_clearance_decide_args *a, json_t **doc,
          struct qerr *e)
{
	struct clearance_rec r;

	return answered(ops_clearance_decide(c, a, &r, e), &r, doc);
}

static int
cl_terminate(const struct ops_ctx *c, const char *id, enum clearance_end reason, json_t **doc,
             struct qerr *e)
{
	struct clearance_rec r;

	return answered(ops_clearance_terminate(c, id, reason, &r, e), &r, doc);
}

/* The clearance id as the API shows it (NULL when absent). */
static json_t *
clearance_get(struct store *s, const char *id)
{
	struct store_tx *tx;
	struct clearance_rec r;
	json_t *doc = NULL;

	if (store_begin(s, false, &tx, NULL) != 0)
		return NULL;
	if (ops_clearance_load(tx, id, &r, NULL, NULL) == 0) {
		doc = enc_clearance(&r);
		clearance_rec_free(&r);
	}
	store_rollback(tx);
	return doc;
}

/* A person of org (a citizen when iin is given, else a foreigner). */
static void
person_add(const struct ops_ctx *c, const char *org, const char *iin, char id[STORE_ID_MAX])
{
	struct ops_person_args a = {.iin = iin, .passport = iin ? NULL : "N123",
	                            .full_name = "A. B.", .citizenship = iin ? "KZ" : "foreign",
	                            .org_id = org, .position = "engineer"};
	struct qerr e = {0};
	struct person_rec p;

	CHECK(ops_person_register(c, &a, &p, &e) == 0);
	q_strlcpy(id, p.h.id, STORE_ID_MAX);
	person_rec_free(&p);
}

/* A registration of person with all the prerequisites recorded. */
static void
clearance_ready(const struct ops_ctx *c, const char *person, char id[STORE_ID_MAX])
{
	struct ops_clearance_register_args ra = {.person_id = person, .form = DEGREE_TOP_SECRET};
	struct ops_clearance_prereqs_args pa = {0};
	struct qerr e = {0};
	json_t *doc = NULL;

	CHECK(cl_register(c, &ra, &doc, &e) == 0);
	q_strlcpy(id, str(doc, "id"), STORE_ID_MAX);
	json_decref(doc);
	pa.clearance_id = id;
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		pa.dates[i] = date_from_ymd(2026, 2, 1);
	pa.verification = CLEARANCE_VERIFICATION_PASSED;
	pa.verified_on = date_from_ymd(2026, 2, 20);
	CHECK(cl_prereqs(c, &pa, &doc, &e) == 0);
	CHECK_STR(str(json_object_get(doc, "prerequisites"), "verification"), "passed");
	json_decref(doc);
}

static void
persons(struct ops_ctx *c, struct store *s, const char *org, const char *gone)
{
	struct ops_person_args a = {.full_name = "C. D.", .citizenship = "KZ", .org_id = org,
	                            .position = "clerk"};
	struct qerr e = {0};
	struct person_rec doc;
	json_t *view = NULL;
	int64_t n0 = audit_n(s);
	char id[STORE_ID_MAX];

	/* 400: a citizen needs an IIN; 400: its check digit */
	CHECK(ops_person_register(c, &a, &doc, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "iin");
	qerr_clear(&e);
	a.iin = "900101300011";
	CHECK(ops_person_register(c, &a, &doc, &e) == -1);
	CHECK_STR(e.code, "invalid_check_digit");
	qerr_clear(&e);
	/* 403 before anything else: another organization's officer */
	a.org_id = "org_elsewhere";
	a.iin = "900101300017";
	CHECK(ops_person_register(c, &a, &doc, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	CHECK(audit_n(s) == n0);
	/* allowed, then 409 duplicate for the same IIN */
	a.org_id = org;
	CHECK(ops_person_register(c, &a, &doc, &e) == 0);
	CHECK(doc.employment == PERSON_EMPLOYED);
	person_rec_free(&doc);
	CHECK(audit_n(s) == n0 + 1);
	CHECK(ops_person_register(c, &a, &doc, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	qerr_clear(&e);
	/* 422 org_liquidated (Art. 28), recorded by ops_refuse */
	c->actor.cross_org = true;
	a.org_id = gone;
	a.iin = NULL;
	a.passport = "P1";
	a.citizenship = "foreign";
	CHECK(ops_person_register(c, &a, &doc, &e) == -1 && e.status == QERR_RULE);
	CHECK_STR(e.code, "org_liquidated");
	CHECK(e.audited);
	CHECK(audit_n(s) == n0 + 2);
	qerr_clear(&e);
	c->actor.cross_org = false;
	/* the person's view has its clearances, grounds and violations */
	person_add(c, org, NULL, id);
	{
		struct store_tx *tx;
		struct person_rec p = {0};

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(ops_person_load(tx, id, &p, NULL, &e) == 0);
		view = enc_person_view(tx, &p, &e);
		store_rollback(tx);
		person_rec_free(&p);
		CHECK(json_is_array(json_object_get(view, "clearances")));
		CHECK(json_is_array(json_object_get(view, "grounds")));
		CHECK(json_is_array(json_object_get(view, "violations")));
		json_decref(view);
	}
}

static void
clearances(struct ops_ctx *c, struct store *s, const char *org)
{
	char kz[STORE_ID_MAX], alien[STORE_ID_MAX], cl[STORE_ID_MAX], cl2[STORE_ID_MAX];
	char st[STORE_STATE_MAX];
	struct ops_clearance_register_args ra = {.form = DEGREE_TOP_SECRET};
	struct ops_clearance_prereqs_args pa = {0};
	struct ops_clearance_decide_args da = {.grant = true,
	                                       .restriction_until = QDATE_NONE};
	struct qerr e = {0};
	json_t *doc = NULL;
	int64_t n0;

	person_add(c, org, "850202400020", kz);
	person_add(c, org, NULL, alien);
	n0 = audit_n(s);

	/* register: 404 an unknown person; 422 foreigner_needs_treaty
	 * (Art. 29.4, recorded); allowed with the treaty */
	ra.person_id = "person_nothere";
	CHECK(cl_register(c, &ra, &doc, &e) == -1 && e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	ra.person_id = alien;
	CHECK(cl_register(c, &ra, &doc, &e) == -1);
	CHECK_STR(e.code, "foreigner_needs_treaty");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	qerr_clear(&e);
	ra.treaty_ref = "Treaty 7";
	CHECK(cl_register(c, &ra, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "registering");
	json_decref(doc);
	CHECK(audit_n(s) == n0 + 2);
	/* 403: another organization's officer */
	q_strlcpy(c->actor.org_id, "org_elsewhere", sizeof c->actor.org_id);
	ra.person_id = kz;
	CHECK(cl_register(c, &ra, &doc, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	q_strlcpy(c->actor.org_id, org, sizeof c->actor.org_id);

	/* decision without the prerequisites: 422 prerequisites_missing
	 * (Art. 29.1), recorded, the clearance still registering */
	ra.treaty_ref = NULL;
	CHECK(cl_register(c, &ra, &doc, &e) == 0);
	q_strlcpy(cl, str(doc, "id"), sizeof cl);
	json_decref(doc);
	n0 = audit_n(s);
	da.clearance_id = cl;
	CHECK(cl_decide(c, &da, &doc, &e) == -1);
	CHECK_STR(e.code, "prerequisites_missing");
	CHECK(e.audited && audit_n(s) == n0 + 1);
	qerr_clear(&e);
	state_of(s, "clearance", cl, st);
	CHECK_STR(st, "registering");
	/* prerequisites: 400 a date in the future (nothing written); 400 a
	 * result date without its result; allowed */
	pa.clearance_id = cl;
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		pa.dates[i] = QDATE_NONE;
	pa.verified_on = QDATE_NONE;
	pa.dates[0] = date_from_ymd(2026, 3, 3);
	CHECK(cl_prereqs(c, &pa, &doc, &e) == -1);
	CHECK_STR(e.code, "date_in_future");
	CHECK_STR(e.field, "commitment_on");
	qerr_clear(&e);
	pa.dates[0] = QDATE_NONE;
	pa.verified_on = date_from_ymd(2026, 2, 1);
	CHECK(cl_prereqs(c, &pa, &doc, &e) == -1);
	CHECK_STR(e.field, "verification");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 1);
	/* a verification before the consent: 422 prerequisites_missing */
	pa.verification = CLEARANCE_VERIFICATION_PASSED;
	CHECK(cl_prereqs(c, &pa, &doc, &e) == -1);
	CHECK_STR(e.code, "prerequisites_missing");
	CHECK(e.audited);
	qerr_clear(&e);
	for (size_t i = 0; i < OPS_PREREQ_DATES; i++)
		pa.dates[i] = date_from_ymd(2026, 1, 10);
	CHECK(cl_prereqs(c, &pa, &doc, &e) == 0);
	json_decref(doc);
	/* the grant: registering -> active */
	CHECK(cl_decide(c, &da, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "active");
	CHECK_STR(str(doc, "granted_on"), "2026-03-02");
	CHECK_STR(str(json_object_get(doc, "decision"), "by"), c->actor.user_id);
	json_decref(doc);
	/* 409: decided already; the prerequisites of an active clearance */
	CHECK(cl_decide(c, &da, &doc, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);
	CHECK(cl_prereqs(c, &pa, &doc, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);

	/* re-registration (Art. 29.3): another form granted replaces it */
	clearance_ready(c, kz, cl2);
	da.clearance_id = cl2;
	CHECK(cl_decide(c, &da, &doc, &e) == 0);
	CHECK(json_array_size(json_object_get(doc, "replaces")) == 1);
	json_decref(doc);
	state_of(s, "clearance", cl, st);
	CHECK_STR(st, "terminated");

	/* a refusal decision: registering -> refused */
	clearance_ready(c, kz, cl);
	da.clearance_id = cl;
	da.grant = false;
	CHECK(cl_decide(c, &da, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "refused");
	json_decref(doc);

	/* termination: 409 for a refused clearance; allowed for the active
	 * one, the obligations staying (Art. 31.3) */
	CHECK(cl_terminate(c, cl, CLEARANCE_END_DISMISSAL, &doc, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	qerr_clear(&e);
	n0 = audit_n(s);
	CHECK(cl_terminate(c, cl2, CLEARANCE_END_DISMISSAL, &doc, &e) == 0);
	CHECK_STR(str(doc, "non_disclosure"), "continues");
	CHECK_STR(str(json_object_get(doc, "termination"), "reason"), "dismissal");
	json_decref(doc);
	CHECK(audit_n(s) == n0 + 1);
	/* readmission_too_early (Art. 31.1): none for a dismissal */
	clearance_ready(c, kz, cl);
	da.clearance_id = cl;
	da.grant = true;
	CHECK(cl_decide(c, &da, &doc, &e) == 0);
	json_decref(doc);
}

static void
grounds_employment(struct ops_ctx *c, struct store *s, const char *org)
{
	char p[STORE_ID_MAX], cl[STORE_ID_MAX], g[STORE_ID_MAX], st[STORE_STATE_MAX];
	struct ops_clearance_decide_args da = {.grant = true,
	                                       .restriction_until = QDATE_NONE};
	struct ops_ground_args ga = {.ground = CLEARANCE_GROUND_MEDICAL_CONTRAINDICATION,
	                             .noted_on = date_from_ymd(2026, 3, 1)};
	struct ops_employment_args ea = {.event = CLEARANCE_END_DISMISSAL};
	struct qerr e = {0};
	json_t *doc = NULL;
	struct rec_ids ids = {0};
	struct ground_rec gr;
	struct person_rec pr;

	person_add(c, org, "750303500035", p);
	clearance_ready(c, p, cl);
	da.clearance_id = cl;
	CHECK(cl_decide(c, &da, &doc, &e) == 0);
	json_decref(doc);
	/* a ground: 400 in the future; 400 the exception for another ground;
	 * allowed, flagging the active clearance (Art. 31.1) */
	ga.person_id = p;
	ga.noted_on = date_from_ymd(2026, 3, 9);
	CHECK(ops_ground_note(c, &ga, &gr, &ids, &e) == -1);
	CHECK_STR(e.code, "date_in_future");
	qerr_clear(&e);
	ga.noted_on = date_from_ymd(2026, 3, 1);
	ga.exception = true;
	CHECK(ops_ground_note(c, &ga, &gr, &ids, &e) == -1);
	CHECK_STR(e.field, "exception");
	qerr_clear(&e);
	ga.exception = false;
	CHECK(ops_ground_note(c, &ga, &gr, &ids, &e) == 0);
	CHECK(ids.n == 1);
	q_strlcpy(g, gr.h.id, sizeof g);
	ground_rec_free(&gr);
	rec_ids_free(&ids);
	/* the path's 404, then 403, before a bad body's 400 */
	CHECK(ops_clearance_exists_scoped(c, cl, &e) == 0);
	CHECK(ops_clearance_exists_scoped(c, "clearance_none", &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	{
		struct ops_ctx other = *c;

		q_strlcpy(other.actor.org_id, "org_elsewhere", sizeof other.actor.org_id);
		other.actor.cross_org = false;
		CHECK(ops_clearance_exists_scoped(&other, cl, &e) == -1);
		CHECK(e.status == QERR_FORBIDDEN);
		qerr_clear(&e);
	}
	doc = clearance_get(s, cl);
	CHECK_STR(str(doc, "termination_due_on"), "2026-03-01");
	CHECK_STR(str(json_object_get(doc, "termination_due"), "code"), "refusal_ground");
	json_decref(doc);
	/* lift: allowed once, then 409 */
	CHECK(ops_ground_lift(c, g, &gr, &e) == 0);
	CHECK(gr.state == GROUND_LIFTED);
	ground_rec_free(&gr);
	CHECK(ops_ground_lift(c, g, &gr, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);
	/* employment: 404, then a dismissal ends the active clearance */
	ea.person_id = "person_nothere";
	CHECK(ops_person_employment(c, &ea, &pr, &ids, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);
	qerr_clear(&e);
	ea.person_id = p;
	CHECK(ops_person_employment(c, &ea, &pr, &ids, &e) == 0);
	CHECK(pr.employment == PERSON_DISMISSED && pr.event == PERSON_EVENT_DISMISSAL);
	CHECK(ids.n == 1);
	person_rec_free(&pr);
	rec_ids_free(&ids);
	state_of(s, "clearance", cl, st);
	CHECK_STR(st, "terminated");
	state_of(s, "person", p, st);
	CHECK_STR(st, "dismissed");
}

/* The trip procedures answering the trip as the API shows it. */
static int
trip_answer_j(int rc, struct ops_trip *t, json_t **doc)
{
	*doc = rc == 0 ? enc_trip(t) : NULL;
	ops_trip_free(t);
	return rc;
}

static int
trip_request_j(struct ops_ctx *c, const struct ops_trip_args *a, json_t **doc, struct qerr *e)
{
	struct ops_trip t;

	return trip_answer_j(ops_trip_request(c, a, &t, e), &t, doc);
}

static int
trip_decide_j(struct ops_ctx *c, const char *id, bool approve, json_t **doc, struct qerr *e)
{
	struct ops_trip t;

	return trip_answer_j(ops_trip_decide(c, id, approve, &t, e), &t, doc);
}

static int
trip_depart_j(struct ops_ctx *c, const char *id, json_t **doc, struct qerr *e)
{
	struct ops_trip t;

	return trip_answer_j(ops_trip_depart(c, id, &t, e), &t, doc);
}

static void
trips(struct ops_ctx *c, struct store *s, const char *org)
{
	char p[STORE_ID_MAX], cl[STORE_ID_MAX], t[STORE_ID_MAX];
	struct ops_clearance_decide_args da = {.grant = true,
	                                       .restriction_until = QDATE_NONE};
	struct ops_trip_args ta = {.country = "TR", .depart_on = date_from_ymd(2026, 3, 10),
	                           .return_on = date_from_ymd(2026, 3, 5)};
	struct qerr e = {0};
	json_t *doc = NULL, *v;
	int64_t n0;

	person_add(c, org, "650404600042", p);
	clearance_ready(c, p, cl);
	da.clearance_id = cl;
	da.restriction_until = date_from_ymd(2030, 1, 1);
	CHECK(cl_decide(c, &da, &doc, &e) == 0);
	json_decref(doc);
	ta.person_id = p;
	/* 400: the return before the departure */
	CHECK(trip_request_j(c, &ta, &doc, &e) == -1);
	CHECK_STR(e.field, "return_on");
	qerr_clear(&e);
	ta.return_on = date_from_ymd(2026, 3, 20);
	CHECK(trip_request_j(c, &ta, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "requested");
	q_strlcpy(t, str(doc, "id"), sizeof t);
	json_decref(doc);
	/* the departure without approval: recorded with its violation
	 * (travel_not_approved, Art. 32; CAO 504.2 for a person admitted now),
	 * never refused */
	n0 = audit_n(s);
	CHECK(trip_depart_j(c, t, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "departed");
	v = json_object_get(doc, "violation");
	CHECK_STR(str(v, "code"), "travel_not_approved");
	CHECK_STR(str(v, "admitted"), "now");
	CHECK_STR(str(v, "liability"), "CAO 504.2");
	json_decref(doc);
	CHECK(audit_n(s) == n0 + 1);
	/* 409: a departed trip takes no decision */
	CHECK(trip_decide_j(c, t, true, &doc, &e) == -1 && e.status == QERR_CONFLICT);
	qerr_clear(&e);
	/* an approved trip departs without violation */
	CHECK(trip_request_j(c, &ta, &doc, &e) == 0);
	q_strlcpy(t, str(doc, "id"), sizeof t);
	json_decref(doc);
	CHECK(trip_decide_j(c, t, true, &doc, &e) == 0);
	CHECK_STR(str(doc, "state"), "approved");
	json_decref(doc);
	CHECK(trip_depart_j(c, t, &doc, &e) == 0);
	CHECK(json_is_null(json_object_get(doc, "violation")));
	json_decref(doc);
	/* 403: another organization's trip */
	q_strlcpy(c->actor.org_id, "org_elsewhere", sizeof c->actor.org_id);
	CHECK(trip_depart_j(c, t, &doc, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	q_strlcpy(c->actor.org_id, org, sizeof c->actor.org_id);
}


/* ---- the migration ---------------------------------------------------- */

#define CLEARANCE_STEP "0019_typed_clearances"

/* Clearance records as the record table held them (JSON_SORT_KEYS): a
 * re-registration under an Art. 5 mode, flagged for termination; the one
 * it replaced; a registration refused when the person left; a fresh one
 * of a foreigner with a treaty. */
static const char *const old_docs[] = {
	"{\"decision\":{\"by\":\"user_h\",\"contract_number\":\"C-1\",\"date\":\"2025-04-02\","
	"\"decision\":\"grant\",\"emergency\":{\"id\":\"emergency_00000000000000a1\","
	"\"relaxed\":[\"verification_pending\"],\"verification_due_on\":\"2025-06-30\"},"
	"\"restriction_until\":\"2030-04-02\"},\"form\":\"special_importance\","
	"\"granted_on\":\"2025-04-02\",\"id\":\"clearance_00000000000000c1\","
	"\"non_disclosure\":null,\"org_id\":\"org_00000000000000c1\","
	"\"person_id\":\"person_00000000000000c1\",\"prerequisites\":{\"commitment_on\":"
	"\"2025-03-01\",\"consent_restrictions_on\":\"2025-03-02\",\"consent_verification_on\":"
	"\"2025-03-03\",\"familiarized_on\":\"2025-03-04\"},\"registered_on\":\"2025-03-01\","
	"\"replaces\":[\"clearance_00000000000000c2\"],\"restriction_until\":\"2030-04-02\","
	"\"state\":\"active\",\"terminated_on\":null,\"termination\":null,\"termination_due\":"
	"{\"article\":\"31.1\",\"code\":\"travel_not_approved\",\"due_on\":\"2025-05-20\","
	"\"noted_on\":\"2025-05-20\",\"reason\":\"violation\",\"source_id\":"
	"\"violation_00000000000000c1\"},\"termination_due_on\":\"2025-05-20\","
	"\"treaty_ref\":null,\"verification_pending\":true}",
	"{\"decision\":{\"by\":\"user_h\",\"contract_number\":null,\"date\":\"2020-01-10\","
	"\"decision\":\"grant\",\"restriction_until\":null},\"form\":\"confidential\","
	"\"granted_on\":\"2020-01-10\",\"id\":\"clearance_00000000000000c2\","
	"\"non_disclosure\":\"continues\",\"org_id\":\"org_00000000000000c1\","
	"\"person_id\":\"person_00000000000000c1\",\"prerequisites\":{\"commitment_on\":"
	"\"2020-01-01\",\"consent_restrictions_on\":\"2020-01-01\",\"consent_verification_on\":"
	"\"2020-01-01\",\"familiarized_on\":\"2020-01-02\",\"verification\":\"passed\","
	"\"verified_on\":\"2020-01-05\"},\"registered_on\":\"2020-01-01\","
	"\"restriction_until\":null,\"state\":\"terminated\",\"terminated_on\":\"2025-04-02\","
	"\"termination\":{\"by\":\"user_h\",\"date\":\"2025-04-02\",\"reason\":\"reregistered\","
	"\"source_id\":\"clearance_00000000000000c1\"},\"termination_due\":null,"
	"\"termination_due_on\":null,\"treaty_ref\":null}",
	"{\"decision\":{\"by\":\"user_so\",\"date\":\"2025-02-01\",\"decision\":\"refuse\","
	"\"reason\":\"dismissal\",\"source_id\":null},\"form\":\"top_secret\","
	"\"granted_on\":null,\"id\":\"clearance_00000000000000c3\",\"non_disclosure\":null,"
	"\"org_id\":\"org_00000000000000c1\",\"person_id\":\"person_00000000000000c3\","
	"\"prerequisites\":{\"verification\":\"failed\",\"verified_on\":\"2025-01-20\"},"
	"\"registered_on\":\"2025-01-10\",\"restriction_until\":null,\"state\":\"refused\","
	"\"terminated_on\":null,\"termination\":null,\"termination_due\":null,"
	"\"termination_due_on\":null,\"treaty_ref\":null}",
	"{\"decision\":null,\"form\":\"top_secret\",\"granted_on\":null,"
	"\"id\":\"clearance_00000000000000c4\",\"non_disclosure\":null,"
	"\"org_id\":\"org_00000000000000c1\",\"person_id\":\"person_00000000000000c4\","
	"\"prerequisites\":{},\"registered_on\":\"2025-05-05\",\"restriction_until\":null,"
	"\"state\":\"registering\",\"terminated_on\":null,\"termination\":null,"
	"\"termination_due\":null,\"termination_due_on\":null,\"treaty_ref\":\"Treaty 9\"}",
};
#define OLD_N (sizeof old_docs / sizeof old_docs[0])

struct due_seen {
	size_t n;
	char id[STORE_ID_MAX];
	qdate due;
};

static int
due_cb(void *ctx, const struct clearance_rec *c, qdate due)
{
	struct due_seen *d = ctx;

	d->n++;
	q_strlcpy(d->id, c->h.id, sizeof d->id);
	d->due = due;
	return 0;
}

static void
migration_moves_records(const char *dbpath)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	sqlite3 *db = NULL;
	sqlite3_int64 seqs[OLD_N];

	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return;
	store_close(s);
	s = NULL;
	/* the step forgotten, the records back as 0.1.0 kept them */
	CHECK(sqlite3_open(dbpath, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "DELETE FROM schema_migration WHERE name = '" CLEARANCE_STEP "'",
	                   NULL, NULL, NULL) == SQLITE_OK);
	for (size_t i = 0; i < OLD_N; i++) {
		json_error_t jerr;
		json_t *d = json_loads(old_docs[i], 0, &jerr);
		char *sql;

		CHECK(d != NULL);
		sql = sqlite3_mprintf("INSERT INTO record(kind, id, org_id, parent_id, ref, state, doc)"
		                      " VALUES ('clearance', %Q, %Q, %Q, '', %Q, %Q)",
		                      json_string_value(json_object_get(d, "id")),
		                      json_string_value(json_object_get(d, "org_id")),
		                      json_string_value(json_object_get(d, "person_id")),
		                      json_string_value(json_object_get(d, "state")), old_docs[i]);
		CHECK(sql != NULL && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
		seqs[i] = sqlite3_last_insert_rowid(db);
		sqlite3_free(sql);
		json_decref(d);
	}
	sqlite3_close(db);

	CHECK(store_open(dbpath, 0, &s, &e) == 0);
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	for (size_t i = 0; i < OLD_N; i++) {
		json_error_t jerr;
		json_t *want = json_loads(old_docs[i], 0, &jerr), *got = NULL;
		struct clearance_rec c;
		struct store_rec r = {0};
		struct qerr ne = {0};

		CHECK(ops_clearance_load(tx, json_string_value(json_object_get(want, "id")), &c, NULL,
		                         &e) == 0);
		got = enc_clearance(&c);
		CHECK(got != NULL && json_equal(got, want));
		if (got != NULL && !json_equal(got, want)) {
			char *g = json_dumps(got, JSON_SORT_KEYS);

			fprintf(stderr, "# moved as %s\n", g ? g : "?");
			free(g);
		}
		CHECK(c.h.seq == seqs[i]);
		CHECK(store_rec_get(tx, "clearance", c.h.id, &r, &ne) == -1);
		CHECK(ne.status == QERR_NOT_FOUND);
		clearance_rec_free(&c);
		json_decref(got);
		json_decref(want);
	}
	/* every one is the organization's; only the flagged one (also
	 * pending its verification, due the earlier day) is due */
	{
		struct ops_clearance_query q = {.org_id = "org_00000000000000c1"};
		struct clearance_rec *v = NULL;
		size_t n = 0;
		struct due_seen d = {0};

		CHECK(ops_clearances_list(tx, &q, &v, &n, &e) == 0);
		CHECK(n == OLD_N);
		ops_clearances_free(v, n);
		CHECK(ops_clearances_due_each(tx, "org_00000000000000c1", due_cb, &d, &e) == 0);
		CHECK(d.n == 1);
		CHECK_STR(d.id, "clearance_00000000000000c1");
		CHECK(d.due == date_from_ymd(2025, 5, 20));
		d.n = 0;
		CHECK(ops_clearances_due_each(tx, "org_other", due_cb, &d, &e) == 0 && d.n == 0);
	}
	store_rollback(tx);
	store_close(s);
}

int
main(void)
{
	char org[STORE_ID_MAX], gone[STORE_ID_MAX], dbpath2[300];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct ops_ctx c;

	if (ops_world_open("opsclear", &keys, &s) != 0)
		return 1;
	snprintf(dbpath2, sizeof dbpath2, "%s/m.db", dir);
	migration_moves_records(dbpath2);
	if (keys == NULL || s == NULL)
		return tap_done();
	/* The migration's tables are their descriptions. */
	{
		struct store_tx *tx;
		struct qerr e = {0};

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_table_check(tx, &store_clearance_table, &e) == 0);
		CHECK(store_table_check(tx, &store_clearance_replaced_table, &e) == 0);
		CHECK(store_table_check(tx, &store_clearance_relaxed_table, &e) == 0);
		store_rollback(tx);
	}
	ops_world_ctx(&c, s, keys);
	store_id_new("org", org);
	store_id_new("org", gone);
	ops_world_put(s, "org", org, "", "", "active", json_pack("{s:s}", "kind", "organization"));
	ops_world_put(s, "org", gone, "", "", "liquidated",
	              json_pack("{s:s}", "kind", "organization"));
	q_strlcpy(c.actor.user_id, "user_so", sizeof c.actor.user_id);
	q_strlcpy(c.actor.org_id, org, sizeof c.actor.org_id);
	persons(&c, s, org, gone);
	clearances(&c, s, org);
	grounds_employment(&c, s, org);
	trips(&c, s, org);
	ops_world_close(&c, s, keys);
	return tap_done();
}
