/*
 * h_joint_works.c — joint and other work under Decree 743 (Art. 26 of the
 * Law; "R743 p.N"): the customer's request, the disposing body's written
 * answer, the agreement with its annex (or the maintenance certificate),
 * the notice to the national security authority, the transfer of annex
 * carriers, the protection-service arrangement, violations, resume, close,
 * cancel and the customer's addendum; and the marks of such arrangements in
 * permits (Art. 26.2, R743 p.8.4). The state machine, the codes and our
 * readings of the Rules are in src/core/joint_work.h.
 *
 * Record "joint_work": org_id = the customer (changes with an addendum
 * naming an assignee, R743 p.10), parent_id = the executor organization or
 * the executor citizen (person id), state = core/joint_work.h state name,
 * doc = {id, customer_org_id, executor_org_id | executor_person_id,
 * disposing_org_id, justification, term_from, term_to, carriers:[{carrier_id,
 * copy_numbers, title, label, account_number, sheets}], executor_permit_ref |
 * executor_clearance_ref, received_on, response_due_on, permission,
 * permission_overdue, agreement, nsc_notice, transferred:[{carrier_id,date}],
 * held:[carrier ids], protection, violations:[], cancellation_raised,
 * cancellation, addenda:[], end, history:[]}.
 *
 * A transfer moves exactly the copy numbers the request named (R743 p.4.2;
 * custody per copy, http/custody.h): each gets holder_org_id = the
 * executor organization (a citizen executor: holder_person_id) and
 * joint_work_id, which the access decision reads (access_eval.c:
 * not_the_holder, joint_work_suspended unless this record is "active");
 * the carrier's org_id stays the customer's; "transferred"/"received"
 * journal entries name the copies (http/transfer_ops.h). On close or
 * cancel every copy held under it comes back to the customer and loses
 * joint_work_id (R743 p.10); a 0.1.0 carrier moved whole comes back whole.
 *
 * Disposal is not custody (Art. 26.1, R743 p.3; http/disposal_ops.h): the
 * request's disposing_org_id must be the body that disposes now of the
 * information on every carrier named (the carriers' disposing_org_ids,
 * followed to a successor under Art. 28), and only that body's head answers
 * the request; otherwise permission_required (jw_disposer_check), a
 * competence code answered before the carriers' and the request's state.
 *
 * Order in each handler (SPEC.md §5): 404 path id, 403 organization, 400
 * body, 404 body ids, competence (permission_required), 409 state, 422
 * rules. A refusal rolls back.
 *
 * SECURITY: bodies validated by field tables (nested carrier entries too);
 * ids are only looked up; the customer's, the disposing body's or the
 * executor's organization scopes who may act or read.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/carrier.h"
#include "core/degree.h"
#include "core/joint_work.h"
#include "core/permit.h"
#include "core/roles.h"
#include "core/transfer.h"
#include "http/custody.h"
#include "http/disposal_ops.h"
#include "http/transfer_ops.h"
#include "http/permit_ops.h"
#include "http/util.h"
#include "ops/orgs.h"

#define JW_CARRIERS_MAX TRANSFER_CARRIERS_MAX
#define JW_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_NSC_OFFICER | \
                    ROLE_AUTHORIZED_BODY | ROLE_AUDITOR)

static const struct jfield request_fields[] = {
	{"customer_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"executor_org_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"executor_person_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"disposing_org_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"justification", JF_TEXT, 0, NULL, 0, 4000},
	{"term_from", JF_DATE, 0, NULL, 0, 0},
	{"term_to", JF_DATE, 0, NULL, 0, 0},
	{"carriers", JF_ARRAY, 0, NULL, 0, JW_CARRIERS_MAX},
	{"executor_permit_ref", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"executor_clearance_ref", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"received_on", JF_DATE, 0, NULL, 0, 0},
	{"draft_agreement_ref", JF_STRING, 0, NULL, 0, 200},
	{"executor_address", JF_STRING, 0, NULL, 0, 500},
	{"executor_head", JF_STRING, 0, NULL, 0, 300},
	{"executor_residence", JF_STRING, 0, NULL, 0, 500},
	{"executor_id_issuer", JF_STRING, 0, NULL, 0, 300},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield request_carrier_fields[] = {
	{"carrier_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"copy_numbers", JF_ARRAY, 0, NULL, 0, CARRIER_COPIES_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const char *const decisions[] = {"granted", "refused", NULL};

static const struct jfield permission_fields[] = {
	{"decision", JF_ENUM, JF_REQUIRED, decisions, 0, 0},
	{"reason", JF_STRING, 0, NULL, 0, 4000},
	{"ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const char *const subjects[] = {"joint_work", "information_system_maintenance", NULL};

static const struct jfield agreement_fields[] = {
	{"number", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{"signed_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"annex", JF_STRINGS, 0, NULL, 0, JW_CARRIERS_MAX},
	{"subject", JF_ENUM, 0, subjects, 0, 0},
	{"certificate", JF_STRING, 0, NULL, 0, 8000},
	{"control_procedure", JF_STRING, 0, NULL, 0, 4000},
	{"financing", JF_STRING, 0, NULL, 0, 4000},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield notice_fields[] = {
	{"sent_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"nsc_office", JF_STRING, 0, NULL, 0, 300},
	{"ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield transfer_fields[] = {
	{"carrier_ids", JF_STRINGS, JF_REQUIRED, NULL, 0, JW_CARRIERS_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield violation_fields[] = {
	{"description", JF_STRING, JF_REQUIRED, NULL, 0, 4000},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield empty_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

static const char *const addendum_reasons[] = {"functions_changed", "ownership_changed",
                                               "liquidation", "work_terminated", NULL};

static const struct jfield addendum_fields[] = {
	{"assignee_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"number", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{"signed_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"reason", JF_ENUM, JF_REQUIRED, addendum_reasons, 0, 0},
	{"nsc_notice_sent_on", JF_DATE, JF_REQUIRED | JF_RULE, NULL, 0, 0},
	{"disposing_notice_sent_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield protection_fields[] = {
	{"arrangement", JF_ENUM, JF_REQUIRED, jw_protection_names, 0, 0},
	{"provider_org_id", JF_STRING, 0, NULL, 0, STORE_ID_MAX - 1},
	{"agreement_ref", JF_STRING, 0, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield mark_fields[] = {
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"agreement_ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{NULL, 0, 0, NULL, 0, 0},
};

/* =============================== Helpers ================================== */

static qdate
doc_date(const json_t *doc, const char *obj, const char *field)
{
	return jsonv_date(json_object_get(doc, obj), field);
}

static struct jw_dates
jw_dates_of(const json_t *doc)
{
	struct jw_dates d;
	const json_t *perm = json_object_get(doc, "permission");
	const char *dec = jsonv_str(perm, "decision");

	d.requested_on = jsonv_date(doc, "received_on");
	d.permitted_on = dec != NULL && strcmp(dec, "granted") == 0
	               ? jsonv_date(perm, "answered_on") : QDATE_NONE;
	d.agreed_on = doc_date(doc, "agreement", "signed_on");
	d.notified_on = doc_date(doc, "nsc_notice", "sent_on");
	return d;
}

static json_t *
doc_array(json_t *doc, const char *name)
{
	json_t *a = json_object_get(doc, name);

	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(doc, name, a);
	}
	return a;
}

/* The stored state and its history entry. */
static void
jw_set_state(struct req *r, struct store_rec *jw, enum jw_state next, const char *step)
{
	json_array_append_new(doc_array(jw->doc, "history"),
	                      json_pack("{s:s, s:s, s:s, s:o, s:s}", "from", jw->state, "to",
	                                jw_state_name(next), "step", step, "date",
	                                json_date(r->effective_date), "by", r->user.id));
	q_strlcpy(jw->state, jw_state_name(next), sizeof jw->state);
	json_object_set_new(jw->doc, "state", json_string(jw->state));
}

/* The record as answered: the doc, and whether the answer is (or was) late. */
static json_t *
jw_view(const struct req *r, const struct store_rec *jw)
{
	json_t *v = json_deep_copy(jw->doc);
	qdate due = jsonv_date(jw->doc, "response_due_on");
	bool late = jsonv_bool(jw->doc, "permission_overdue", false) ||
	            (jw_state_parse(jw->state) == JW_REQUESTED && jw_permission_late(due, r->today));

	/* permission_overdue, R743 p.5: a deadline kind, never a refusal. */
	json_object_set_new(v, "permission_overdue", json_boolean(late));
	return v;
}

static bool
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Reading: the customer, the executor (organization or the citizen's
 * organization), the disposing body, and the roles that act across. */
static int
jw_read_scope(const struct req *r, const struct store_rec *jw, struct qerr *e)
{
	const json_t *d = jw->doc;

	if (r->cross_org || same(r->user.org_id, jsonv_str(d, "customer_org_id")) ||
	    same(r->user.org_id, jsonv_str(d, "executor_org_id")) ||
	    same(r->user.org_id, jsonv_str(d, "executor_person_org_id")) ||
	    same(r->user.org_id, jsonv_str(d, "disposing_org_id")))
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

/* The disposing body's step: a body that sees the joint work (customer,
 * executor, the body named, a cross-organization role) or the successor of
 * the body named (Art. 28) passes here, and the step itself answers
 * permission_required to whoever is not the disposer (a competence code,
 * SPEC.md §5); any other body gets 403. */
static int
jw_disposing_scope(const struct req *r, struct store_tx *tx, const struct store_rec *jw,
                   struct qerr *e)
{
	struct disposal_fund f;

	if (jw_read_scope(r, jw, e) == 0)
		return 0;
	qerr_clear(e);
	if (disposal_fund_of(tx, jsonv_str(jw->doc, "disposing_org_id"), &f, e) != 0)
		return -1;
	if (r->user.org_id[0] != '\0' && disposal_fund_has(&f, r->user.org_id))
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

/* Loads the joint work of the path for a write: 404, 403 (the customer's,
 * or for the disposing body's step jw_disposing_scope()), 400 body. */
static int
jw_for_write(struct req *r, struct store_tx **tx, struct store_rec *jw,
             const struct jfield *fields, bool disposing, struct qerr *e)
{
	if (tx_write(r, tx, e) != 0)
		return -1;
	if (rec_load(*tx, "joint_work", r->params[0], jw, e) != 0 ||
	    (disposing ? jw_disposing_scope(r, *tx, jw, e)
	               : req_org_scope(r, jsonv_str(jw->doc, "customer_org_id"), e)) != 0 ||
	    req_json(r, fields, e) != 0) {
		store_rollback(*tx);
		*tx = NULL;
		return -1;
	}
	return 0;
}

/* Updates, commits with the audit entry, answers the view. */
static int
jw_commit(struct req *r, struct resp *out, struct store_tx *tx, struct store_rec *jw,
          int status, const char *action, struct qerr *e)
{
	json_t *view;

	if (store_rec_update(tx, jw, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	view = jw_view(r, jw);
	if (tx_commit_audited(r, tx, action, jw->id, NULL, e) != 0) {
		json_decref(view);
		return -1;
	}
	resp_json(out, status, view);
	return 0;
}

static bool
in_strings(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (same(json_string_value(v), s))
			return true;
	return false;
}

/* The request's carrier entry for id, or NULL. */
static json_t *
request_carrier(const json_t *doc, const char *id)
{
	size_t i;
	json_t *c;

	json_array_foreach(json_object_get(doc, "carriers"), i, c)
		if (same(jsonv_str(c, "carrier_id"), id))
			return c;
	return NULL;
}

/* recipient_permit_missing for the executor and one label (Art. 26.1,
 * R743 p.11): the organization's permit or the citizen's clearance. */
static int
executor_covers(struct req *r, struct store_tx *tx, const json_t *doc, enum degree label,
                struct qerr *e)
{
	const char *org = jsonv_str(doc, "executor_org_id");

	if (org != NULL)
		return tops_org_permit_check(r, tx, org, label, e);
	return tops_person_clearance_check_on(tx, jsonv_str(doc, "executor_person_id"), label,
	                                      r->effective_date, e);
}

/* permission_required (R743 p.4.4): the transfer dated `date` is within the
 * permitted term; protection_arrangement_required (R743 p.8): an executor
 * organization with foreign participation has its protection arranged
 * through another organization's subdivision (doc.protection). */
static int
jw_transfer_allowed(struct store_tx *tx, const json_t *doc, qdate date, struct qerr *e)
{
	const char *exec_org = jsonv_str(doc, "executor_org_id");
	struct store_rec exec = {0};
	bool foreign;

	if (jw_term_check(jsonv_date(doc, "term_to"), date, e) != 0)
		return -1;
	if (exec_org == NULL)
		return 0;    /* a citizen works at the customer's (R743 p.8.2) */
	if (rec_load(tx, "org", exec_org, &exec, e) != 0)
		return -1;
	foreign = jsonv_bool(exec.doc, "foreign_participation", false);
	store_rec_clear(&exec);
	return jw_protection_arranged(foreign, jw_protection_parse(jsonv_str(
	                              json_object_get(doc, "protection"), "arrangement")), e);
}

/* ============================ Shared (exported) ============================ */

struct find_ctx {
	const char *executor;
	struct store_rec *out;
	bool found;
};

static int
find_cb(void *ctx, const struct store_rec *rec)
{
	struct find_ctx *c = ctx;
	enum jw_state s = jw_state_parse(rec->state);

	if (c->found || !same(rec->parent_id, c->executor) ||
	    !(s == JW_NOTIFIED || s == JW_ACTIVE || s == JW_SUSPENDED))
		return 0;
	c->found = true;
	*c->out = *rec;
	c->out->doc = json_incref(rec->doc);
	return 0;
}

int
hjw_find(struct store_tx *tx, const char *customer, const char *executor_org,
         struct store_rec *out, bool *found, struct qerr *e)
{
	struct store_query q = {.kind = "joint_work", .org_id = customer};
	struct find_ctx c = {.executor = executor_org, .out = out};

	if (store_rec_walk(tx, &q, find_cb, &c, e) != 0)
		return -1;
	*found = c.found;
	return 0;
}

/* The copy numbers of carrier id to move under the joint work: those of
 * sel when given (each must be one the request named: not_in_annex), else
 * the request's; with none named there, every copy the customer holds. A
 * new reference in *out, or -1. */
static int
jw_copies_for(const json_t *doc, const struct store_rec *car, const json_t *sel,
              json_t **out, struct qerr *e)
{
	json_t *named = json_object_get(request_carrier(doc, car->id), "copy_numbers");
	json_t *want = NULL, *v;
	size_t i, k;

	*out = NULL;
	if (sel != NULL) {
		json_array_foreach(sel, i, v)
			if (same(jsonv_str(v, "carrier_id"), car->id))
				want = json_object_get(v, "copy_numbers");
	}
	if (want != NULL && json_array_size(named) > 0) {
		json_array_foreach(want, i, v) {
			bool found = false;
			json_t *n;

			json_array_foreach(named, k, n)
				found = found || json_equal(n, v);
			/* not_in_annex, Art. 26.1, R743 p.4.2, p.6: named copies only. */
			if (!found) {
				qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "carriers");
				char num[24];

				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
				qerr_detail_key(e, "copy_not_in_request",
				                "copy {n} of carrier {carrier} is not in the request", "n",
				                num, "carrier", car->ref[0] ? car->ref : car->id, NULL);
				return -1;
			}
		}
	}
	if (want == NULL)
		want = named;
	*out = json_array_size(want) > 0 ? json_incref(want)
	                                  : tops_copies_held(car->doc, car->org_id);
	if (*out == NULL)
		return qerr_internal(e, "joint work copies");
	return 0;
}

int
hjw_transfer_carriers(struct req *r, struct store_tx *tx, struct store_rec *jw,
                      const json_t *ids, const json_t *sel, struct qerr *e)
{
	const json_t *doc = jw->doc;
	const char *customer = jsonv_str(doc, "customer_org_id");
	const char *exec_org = jsonv_str(doc, "executor_org_id");
	const char *exec_person = jsonv_str(doc, "executor_person_id");
	const json_t *annex = json_object_get(json_object_get(doc, "agreement"), "annex");
	struct store_rec *cars = NULL;
	json_t **nums = NULL;
	size_t n = json_array_size(ids), i;
	struct jw_dates d = jw_dates_of(doc);
	struct qerr annex_err = {0};
	enum jw_state next;
	json_t *v;
	int ret = -1;

	if (n == 0)
		return qerr_input(e, "invalid_value", "carrier_ids");
	if (tops_ids_unique(ids, "carrier_ids", e) != 0)
		return -1;
	cars = calloc(n, sizeof *cars);
	nums = calloc(n, sizeof *nums);
	if (cars == NULL || nums == NULL) {
		free(cars);
		free(nums);
		return qerr_internal(e, "joint work transfer: out of memory");
	}
	/* 404, then 409: the customer holds each copy to move, none issued. */
	json_array_foreach(ids, i, v)
		if (rec_load_field(tx, "carrier", json_string_value(v), &cars[i], "carrier_ids", e) != 0)
			goto done;
	for (i = 0; i < n; i++) {
		struct qerr ne = {0};
		int out;

		/* not_in_annex is a 422: it waits for the 409s of every carrier. */
		if (jw_copies_for(doc, &cars[i], sel, &nums[i], &ne) != 0) {
			if (ne.status != QERR_RULE) {
				*e = ne;
				goto done;
			}
			if (!qerr_is_set(&annex_err))
				annex_err = ne;
			nums[i] = NULL;
			continue;
		}
		out = tops_copies_check(cars[i].doc, customer, NULL, nums[i], "carrier_ids", e);
		if (out < 0)
			goto done;
		if (transfer_movable(carrier_state_parse(cars[i].state) == CARRIER_ISSUED && out == 0
		                     ? CARRIER_REGISTERED : carrier_state_parse(cars[i].state),
		                     out, e) != 0)
			goto done;
	}
	/* 422: permission_required, not_in_annex, nsc_notice_missing,
	 * joint_work_suspended (core/joint_work.h), then per carrier. */
	if (jw_transfer(jw_state_parse(jw->state), &d, r->effective_date, &next, e) != 0 ||
	    jw_transfer_allowed(tx, doc, r->effective_date, e) != 0)   /* R743 p.4.4, p.8 */
		goto done;
	for (i = 0; i < n; i++) {
		/* not_in_annex, Art. 26.1, R743 p.6: only what the annex lists. */
		if (!in_strings(annex, cars[i].id)) {
			qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "carrier_ids");
			qerr_detail_key(e, "not_in_annex", "carrier {carrier} is not in the agreement's annex",
			                "carrier", cars[i].ref[0] ? cars[i].ref : cars[i].id, NULL);
			goto done;
		}
	}
	if (qerr_is_set(&annex_err)) {   /* copies the request did not name */
		*e = annex_err;
		goto done;
	}
	for (i = 0; i < n; i++) {
		/* recipient_permit_missing, Art. 26.1, R743 p.11 */
		if (executor_covers(r, tx, doc, degree_parse(jsonv_str(cars[i].doc, "label")), e) != 0) {
			q_strlcpy(e->field, "carrier_ids", sizeof e->field);
			goto done;
		}
	}
	for (i = 0; i < n; i++) {
		json_t *extra = json_pack("{s:s}", "basis", "joint_work");
		int rc;

		if (extra == NULL) {
			qerr_internal(e, "movement extra");
			goto done;
		}
		/* R743 p.4.2: exactly the copies named move; org_id stays. A
		 * citizen executor holds them as holder_person_id (p.11). */
		rc = tops_copies_move(r, tx, &cars[i], customer, exec_org,
		                      exec_org != NULL ? NULL : exec_person, nums[i], jw->id, extra, e);
		json_decref(extra);
		if (rc != 0)
			goto done;
		json_array_append_new(doc_array(jw->doc, "transferred"),
		                      json_pack("{s:s, s:o, s:O}", "carrier_id", cars[i].id, "date",
		                                json_date(r->effective_date), "copy_numbers",
		                                nums[i]));
		if (!in_strings(json_object_get(jw->doc, "held"), cars[i].id))
			json_array_append_new(doc_array(jw->doc, "held"), json_string(cars[i].id));
	}
	if (next != jw_state_parse(jw->state))
		jw_set_state(r, jw, next, "transfer");
	ret = 0;
done:
	for (i = 0; cars != NULL && i < n; i++) {
		store_rec_clear(&cars[i]);
		json_decref(nums[i]);
	}
	free(cars);
	free(nums);
	return ret;
}

int
hjw_end(struct req *r, struct store_tx *tx, struct store_rec *jw, const char *next,
        const char *reason, struct qerr *e)
{
	const char *customer = jsonv_str(jw->doc, "customer_org_id");
	const char *exec_org = jsonv_str(jw->doc, "executor_org_id");
	const char *exec_person = jsonv_str(jw->doc, "executor_person_id");
	json_t *held = json_object_get(jw->doc, "held"), *v;
	size_t i;

	json_array_foreach(held, i, v) {
		struct store_rec car = {0};
		json_t *extra, *nums = json_array(), *c;
		size_t k;
		int rc = 0;

		if (nums == NULL)
			return qerr_internal(e, "joint work end");
		if (store_rec_get(tx, "carrier", json_string_value(v), &car, e) != 0) {
			json_decref(nums);
			return -1;
		}
		/* The copies away under this joint work (a 0.1.0 carrier moved
		 * whole: every copy, by doc.joint_work_id). */
		json_array_foreach(json_object_get(car.doc, "copies"), k, c) {
			if (!same(custody_copy_joint_work(c), jw->id) &&
			    !same(jsonv_str(car.doc, "joint_work_id"), jw->id))
				continue;
			if (carrier_copy_state_parse(jsonv_str(c, "state")) == CARRIER_COPY_ISSUED) {
				store_rec_clear(&car);
				json_decref(nums);
				qerr_set(e, QERR_CONFLICT, "invalid_state", "R743 p.10", NULL);
				qerr_detail_key(e, "issued_at_executor",
				                "a copy of carrier {carrier} is still issued at the executor",
				                "carrier", car.ref[0] ? car.ref : car.id, NULL);
				return -1;
			}
			json_array_append_new(nums, json_integer((json_int_t)k + 1));
			if (custody_copy_set(c, customer, NULL, NULL) != 0)
				rc = qerr_internal(e, "copy holder");
		}
		extra = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:O}", "joint_work_id", jw->id,
		                  "basis", "joint_work_return", "reason", reason, "from_org_id",
		                  exec_org, "from_person_id", exec_person, "copy_numbers", nums);
		if (extra == NULL)
			rc = qerr_internal(e, "movement extra");
		if (rc == 0 && json_array_size(nums) > 0 && exec_org != NULL &&
		    custody_depart(car.doc, exec_org, r->effective_date) != 0)
			rc = qerr_internal(e, "departed");
		json_object_del(car.doc, "joint_work_id");
		if (rc == 0 && !same(car.org_id, customer)) {
			/* A 0.1.0 carrier moved whole to the executor comes back whole. */
			rc = tops_carrier_move(r, tx, &car, customer, extra, e);
		} else if (rc == 0) {
			if (exec_org != NULL)
				rc = tops_movement_add(r, tx, &car, exec_org, "transferred", extra, e);
			if (rc == 0)
				rc = tops_movement_add(r, tx, &car, customer,
				                       exec_org != NULL ? "received" : "returned_to_customer",
				                       extra, e);
			if (rc == 0)
				rc = store_rec_update(tx, &car, e);
		}
		json_decref(extra);
		json_decref(nums);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	/* held is replaced below: keep a reference for "returned". */
	held = held != NULL ? json_incref(held) : json_array();
	json_object_set_new(jw->doc, "held", json_array());
	json_object_set_new(jw->doc, "end", json_pack("{s:s, s:s, s:o, s:o}", "state", next,
	                                              "reason", reason, "date",
	                                              json_date(r->effective_date),
	                                              "returned", held));
	jw_set_state(r, jw, jw_state_parse(next), reason);
	return 0;
}

/* =============================== Handlers ================================= */

/* Validates the request's carrier entries (400) and fills rq. */
static int
request_carriers_check(const json_t *carriers, struct jw_request *rq, struct qerr *e)
{
	size_t i;
	json_t *c;
	char prefix[64];

	rq->ncarriers = json_array_size(carriers);
	json_array_foreach(carriers, i, c) {
		json_t *nums, *n;
		size_t k;

		snprintf(prefix, sizeof prefix, "carriers[%zu].", i);
		if (!json_is_object(c)) {
			snprintf(prefix, sizeof prefix, "carriers[%zu]", i);
			return qerr_input(e, "invalid_type", prefix);
		}
		if (jsonv_check(c, request_carrier_fields, prefix, e) != 0)
			return -1;
		nums = json_object_get(c, "copy_numbers");
		if (json_array_size(nums) == 0 && rq->first_without_copies == 0)
			rq->first_without_copies = i + 1;
		json_array_foreach(nums, k, n) {
			if (!json_is_integer(n) || json_integer_value(n) < 1 ||
			    json_integer_value(n) > CARRIER_COPIES_MAX) {
				snprintf(prefix, sizeof prefix, "carriers[%zu].copy_numbers", i);
				return qerr_input(e, "invalid_value", prefix);
			}
		}
	}
	return 0;
}

/* The request's carriers: each exists (404 naming carriers[N].carrier_id)
 * with the copies named (400 carriers[N].copy_numbers); then, when a
 * disposing body is named, it disposes now of the information on every one
 * (permission_required, Art. 26.1; jw_disposer_check). */
static int
request_carriers_load(struct store_tx *tx, const json_t *carriers, const char *disp_id,
                      struct qerr *e)
{
	bool disposer = true;
	size_t i;
	json_t *c;

	json_array_foreach(carriers, i, c) {
		struct store_rec car = {0};
		char field[48];
		json_t *nums = json_object_get(c, "copy_numbers"), *n, *b;
		size_t k, nb;

		snprintf(field, sizeof field, "carriers[%zu].carrier_id", i);
		if (rec_load_field(tx, "carrier", jsonv_str(c, "carrier_id"), &car, field, e) != 0)
			return -1;
		json_array_foreach(nums, k, n) {
			if (json_integer_value(n) > (json_int_t)json_array_size(
			                                json_object_get(car.doc, "copies"))) {
				store_rec_clear(&car);
				snprintf(field, sizeof field, "carriers[%zu].copy_numbers", i);
				qerr_input(e, "invalid_value", field);
				qerr_detail(e, "no such copy");
				return -1;
			}
		}
		/* every disposing body recorded on it is (through Art. 28) disp_id */
		if (disp_id != NULL) {
			const json_t *bodies = disposal_carrier_of(car.doc);

			if (bodies == NULL)
				disposer = false;
			json_array_foreach(bodies, nb, b) {
				bool cur = false;

				if (disposer &&
				    disposal_is_current(tx, json_string_value(b), disp_id, &cur, e) != 0) {
					store_rec_clear(&car);
					return -1;
				}
				disposer = disposer && cur;
			}
		}
		store_rec_clear(&car);
	}
	return jw_disposer_check(disposer, e);
}

/* POST /v1/joint-works — the customer's request (R743 p.4, p.5). */
static int
h_jw_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec customer = {0}, exec = {0}, disposing = {0}, cred = {0}, rec = {0};
	struct jw_request rq = {0};
	const char *cust_id, *exec_org, *exec_person, *disp_id, *permit_ref, *clear_ref, *just;
	json_t *carriers, *list = NULL, *c;
	qdate received, due, from, to;
	size_t i;

	if (req_json(r, request_fields, e) != 0)
		return -1;
	cust_id = jsonv_str(r->json, "customer_org_id");
	if (req_org_scope(r, cust_id, e) != 0)
		return -1;
	exec_org = jsonv_str(r->json, "executor_org_id");
	exec_person = jsonv_str(r->json, "executor_person_id");
	disp_id = jsonv_str(r->json, "disposing_org_id");
	permit_ref = jsonv_str(r->json, "executor_permit_ref");
	clear_ref = jsonv_str(r->json, "executor_clearance_ref");
	just = jsonv_str(r->json, "justification");
	carriers = json_object_get(r->json, "carriers");
	from = jsonv_date(r->json, "term_from");
	to = jsonv_date(r->json, "term_to");
	received = jsonv_date(r->json, "received_on");
	if (received == QDATE_NONE)
		received = r->effective_date;
	if (exec_org != NULL && exec_person != NULL) {
		qerr_input(e, "invalid_value", "executor_person_id");
		qerr_detail(e, "the executor is an organization or a citizen, not both");
		return -1;
	}
	if (received > r->today)
		return qerr_input(e, "date_in_future", "received_on");
	if (from != QDATE_NONE && to != QDATE_NONE && to < from) {
		qerr_input(e, "invalid_value", "term_to");
		qerr_detail(e, "term_to is before term_from");
		return -1;
	}
	rq.citizen = exec_person != NULL;
	if (request_carriers_check(carriers, &rq, e) != 0)
		return -1;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "org", cust_id, &customer, "customer_org_id", e) != 0 ||
	    (exec_org != NULL && rec_load_field(tx, "org", exec_org, &exec, "executor_org_id", e) != 0) ||
	    (exec_person != NULL &&
	     rec_load_field(tx, "person", exec_person, &exec, "executor_person_id", e) != 0) ||
	    (disp_id != NULL &&
	     rec_load_field(tx, "org", disp_id, &disposing, "disposing_org_id", e) != 0))
		goto fail;
	if (exec_org != NULL && strcmp(exec_org, cust_id) == 0) {
		qerr_input(e, "invalid_value", "executor_org_id");
		qerr_detail(e, "the executor is the customer itself");
		goto fail;
	}
	if (exec_org != NULL && (same(jsonv_str(exec.doc, "kind"), "foreign_state") ||
	                         same(jsonv_str(exec.doc, "kind"), "international_org"))) {
		qerr_input(e, "invalid_value", "executor_org_id");
		qerr_detail(e, "a foreign recipient is Art. 27: /v1/foreign-transfers");
		goto fail;
	}
	/* The credential named must be the executor's (R743 p.4.5). */
	if (exec_org != NULL && permit_ref != NULL) {
		struct permit_rec pr;
		bool theirs;

		if (ops_permit_load(tx, permit_ref, &pr, e) != 0) {
			if (e->status == QERR_NOT_FOUND)
				q_strlcpy(e->field, "executor_permit_ref", sizeof e->field);
			goto fail;
		}
		theirs = same(pr.org_id, exec_org);
		permit_rec_free(&pr);
		if (!theirs) {
			qerr_input(e, "invalid_value", "executor_permit_ref");
			qerr_detail(e, "the permit is not the executor's");
			goto fail;
		}
	}
	if (exec_person != NULL && clear_ref != NULL) {
		if (rec_load_field(tx, "clearance", clear_ref, &cred, "executor_clearance_ref", e) != 0)
			goto fail;
		if (!same(cred.parent_id, exec_person)) {
			qerr_input(e, "invalid_value", "executor_clearance_ref");
			qerr_detail(e, "the clearance is not the executor's");
			goto fail;
		}
	}
	/* 404 and 400 on each carrier, then permission_required (Art. 26.1)
	 * for a body named that does not dispose of the information on every
	 * carrier: a competence code, before anything about their state. */
	if (request_carriers_load(tx, carriers, disp_id, e) != 0)
		goto fail;
	if (org_must_be_active(tx, cust_id, "customer_org_id", e) != 0 ||    /* org_liquidated, */
	    (exec_org != NULL && org_must_be_active(tx, exec_org, "executor_org_id", e) != 0)) /* 28 */
		goto fail;
	list = json_array();
	json_array_foreach(carriers, i, c) {
		struct store_rec car = {0};
		char field[48];
		json_t *nums = json_object_get(c, "copy_numbers");

		snprintf(field, sizeof field, "carriers[%zu].carrier_id", i);
		if (rec_load_field(tx, "carrier", jsonv_str(c, "carrier_id"), &car, field, e) != 0)
			goto fail;
		if (!same(car.org_id, cust_id)) {
			store_rec_clear(&car);
			qerr_set(e, QERR_CONFLICT, "invalid_state", "26", field);
			qerr_detail(e, "the carrier is not held by the customer");
			goto fail;
		}
		json_array_append_new(list, json_pack("{s:s, s:O?, s:s?, s:s?, s:s?, s:O?}",
		                                      "carrier_id", car.id, "copy_numbers", nums,
		                                      "title", jsonv_str(car.doc, "title"), "label",
		                                      jsonv_str(car.doc, "label"), "account_number",
		                                      car.ref, "sheets",
		                                      json_object_get(car.doc, "sheets")));
		store_rec_clear(&car);
	}
	/* permission_request_incomplete, R743 p.4 */
	rq.executor = exec_org != NULL || exec_person != NULL;
	rq.executor_ident = exec_org != NULL ? jsonv_str(exec.doc, "bin") != NULL
	                  : exec_person != NULL && jsonv_str(exec.doc, "iin") != NULL;
	rq.disposing = disp_id != NULL;
	rq.justification = just != NULL && just[0] != '\0';
	rq.term_from = from != QDATE_NONE;
	rq.term_to = to != QDATE_NONE;
	rq.permit_or_clearance = exec_person != NULL ? clear_ref != NULL : permit_ref != NULL;
	if (jw_request_check(&rq, e) != 0)
		goto fail;
	due = jw_response_due(r->app->calendar, received);

	q_strlcpy(rec.kind, "joint_work", sizeof rec.kind);
	store_id_new("jw", rec.id);
	q_strlcpy(rec.org_id, cust_id, sizeof rec.org_id);
	q_strlcpy(rec.parent_id, exec_org ? exec_org : exec_person, sizeof rec.parent_id);
	q_strlcpy(rec.state, jw_state_name(JW_REQUESTED), sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:o, s:o, s:O, s:s?, s:s?,"
	                    " s:o, s:o, s:s, s:b, s:b}",
	                    "id", rec.id, "customer_org_id", cust_id, "executor_org_id", exec_org,
	                    "executor_person_id", exec_person, "disposing_org_id", disp_id,
	                    "justification", just, "state", rec.state, "term_from",
	                    json_date(from), "term_to", json_date(to), "carriers", list,
	                    "executor_permit_ref", permit_ref, "executor_clearance_ref", clear_ref,
	                    "received_on", json_date(received), "response_due_on", json_date(due),
	                    "requested_by", r->user.id, "permission_overdue", 0,
	                    "cancellation_raised", 0);
	if (rec.doc == NULL) {
		qerr_internal(e, "joint work doc");
		goto fail;
	}
	if (exec_person != NULL && exec.org_id[0] != '\0')
		json_object_set_new(rec.doc, "executor_person_org_id", json_string(exec.org_id));
	if (exec_org != NULL)
		json_object_set_new(rec.doc, "executor_city", json_incref(json_object_get(exec.doc, "city")
		                                               ? json_object_get(exec.doc, "city")
		                                               : json_null()));
	{
		static const char *const extra[] = {"draft_agreement_ref", "executor_address",
		                                    "executor_head", "executor_residence",
		                                    "executor_id_issuer"};

		for (i = 0; i < sizeof extra / sizeof extra[0]; i++)
			if (jsonv_has(r->json, extra[i]))
				json_object_set(rec.doc, extra[i], json_object_get(r->json, extra[i]));
	}
	json_object_set_new(rec.doc, "history", json_array());
	if (store_rec_insert(tx, &rec, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "joint_work.request", rec.id, NULL, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 201, jw_view(r, &rec));
	json_decref(list);
	store_rec_clear(&customer);
	store_rec_clear(&exec);
	store_rec_clear(&disposing);
	store_rec_clear(&cred);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	json_decref(list);
	store_rec_clear(&customer);
	store_rec_clear(&exec);
	store_rec_clear(&disposing);
	store_rec_clear(&cred);
	store_rec_clear(&rec);
	return -1;
}

/* GET /v1/joint-works/{id} */
static int
h_jw_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = rec_load(tx, "joint_work", r->params[0], &rec, e);
	store_rollback(tx);
	if (rc == 0)
		rc = jw_read_scope(r, &rec, e);
	if (rc == 0)
		resp_json(out, 200, jw_view(r, &rec));
	store_rec_clear(&rec);
	return rc;
}

/* GET /v1/joint-works?org_id=&state= — the customer's joint works. */
static int
h_jw_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "joint_work", .org_id = http_query(r, "org_id"),
	                        .state = http_query(r, "state")};

	if (req_org_filter(r, &q.org_id, e) != 0)
		return -1;
	return list_records(r, out, &q, e);
}

/* POST /v1/joint-works/{id}/permission — the disposing body's written
 * answer (R743 p.5): granted, or refused with its reasons. */
static int
step_permission(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	struct jw_dates d;
	enum jw_state next;
	const char *decision, *reason;
	bool granted, late;

	/* permission_required, Art. 26.1: only the head of the body that
	 * disposes now of the information (the one named, or its successor
	 * under Art. 28), before anything about the request's state. */
	if (disposal_is_current(tx, jsonv_str(jw->doc, "disposing_org_id"), r->user.org_id,
	                        &granted, e) != 0 ||
	    jw_disposer_check(granted, e) != 0)
		return -1;
	decision = jsonv_str(r->json, "decision");
	reason = jsonv_str(r->json, "reason");
	granted = strcmp(decision, "granted") == 0;
	/* A refusal is reasoned (R743 p.5). */
	if (!granted && reason == NULL) {
		qerr_input(e, "missing_field", "reason");
		qerr_detail(e, "a refusal states the reasons preventing the transfer (R743 p.5)");
		return -1;
	}
	d = jw_dates_of(jw->doc);
	if (jw_permission(jw_state_parse(jw->state), &d, r->effective_date, granted, &next, e) != 0)
		return -1;
	/* permission_overdue, R743 p.5: accepted, recorded late. */
	late = jw_permission_late(jsonv_date(jw->doc, "response_due_on"), r->effective_date);
	json_object_set_new(jw->doc, "permission",
	                    json_pack("{s:s, s:s?, s:s?, s:o, s:s, s:b}", "decision", decision,
	                              "reason", reason, "ref", jsonv_str(r->json, "ref"),
	                              "answered_on", json_date(r->effective_date), "by",
	                              r->user.id, "late", late));
	json_object_set_new(jw->doc, "permission_overdue", json_boolean(late));
	jw_set_state(r, jw, next, "permission");
	return 0;
}

/* POST /v1/joint-works/{id}/agreement (R743 p.6, p.7) */
static int
step_agreement(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	struct jw_dates d;
	enum jw_state next;
	const json_t *annex;
	const char *subject, *cert;
	qdate signed_on;
	size_t i;
	json_t *v;

	signed_on = jsonv_date(r->json, "signed_on");
	annex = json_object_get(r->json, "annex");
	subject = jsonv_str(r->json, "subject");
	cert = jsonv_str(r->json, "certificate");
	if (subject == NULL)
		subject = "joint_work";
	if (signed_on > r->today) {
		qerr_input(e, "date_in_future", "signed_on");
		return -1;
	}
	if (tops_ids_unique(annex, "annex", e) != 0)
		return -1;
	json_array_foreach(annex, i, v) {
		struct store_rec car = {0};

		if (rec_load_field(tx, "carrier", json_string_value(v), &car, "annex", e) != 0)
			return -1;
		store_rec_clear(&car);
	}
	d = jw_dates_of(jw->doc);
	/* permission_required (R743 p.7), or 409 */
	if (jw_agreement(jw_state_parse(jw->state), &d, signed_on, &next, e) != 0 ||
	    jw_term_check(jsonv_date(jw->doc, "term_to"), signed_on, e) != 0) /* R743 p.4.4 */
		return -1;
	/* The permission covers the request's carriers only (R743 p.3.1, p.7). */
	json_array_foreach(annex, i, v) {
		if (request_carrier(jw->doc, json_string_value(v)) == NULL) {
			qerr_set(e, QERR_RULE, "permission_required", "R743 p.7", "annex");
			qerr_detail_key(e, "not_in_permitted_request",
			                "carrier {carrier} was not in the permitted request", "carrier",
			                json_string_value(v), NULL);
			return -1;
		}
	}
	/* not_in_annex (R743 p.6): the annex lists the carriers; for the
	 * maintenance of an information system a certificate describes them. */
	if (strcmp(subject, "information_system_maintenance") == 0 && cert == NULL) {
		qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "certificate");
		qerr_detail(e, "a maintenance agreement carries a certificate of the information");
		return -1;
	}
	if (json_array_size(annex) == 0 && cert == NULL) {
		qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "annex");
		qerr_detail(e, "the agreement has no annex of carriers");
		return -1;
	}
	json_object_set_new(jw->doc, "agreement",
	                    json_pack("{s:s, s:o, s:o, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s}",
	                              "number", jsonv_str(r->json, "number"), "signed_on",
	                              json_date(signed_on), "annex",
	                              annex ? json_deep_copy(annex) : json_array(), "subject",
	                              subject, "certificate", cert, "control_procedure",
	                              jsonv_str(r->json, "control_procedure"), "financing",
	                              jsonv_str(r->json, "financing"), "executor_permit_ref",
	                              jsonv_str(jw->doc, "executor_permit_ref"),
	                              "executor_clearance_ref",
	                              jsonv_str(jw->doc, "executor_clearance_ref"), "by",
	                              r->user.id));
	jw_set_state(r, jw, next, "agreement");
	return 0;
}

/* POST /v1/joint-works/{id}/nsc-notice (R743 p.3.3) */
static int
step_notice(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	struct jw_dates d;
	enum jw_state next;
	qdate sent_on;
	const char *office;
	char buf[400];

	(void)tx;   /* this step writes only the joint work */
	sent_on = jsonv_date(r->json, "sent_on");
	if (sent_on > r->today) {
		qerr_input(e, "date_in_future", "sent_on");
		return -1;
	}
	d = jw_dates_of(jw->doc);
	if (jw_nsc_notice(jw_state_parse(jw->state), &d, sent_on, &next, e) != 0)
		return -1;
	office = jsonv_str(r->json, "nsc_office");
	if (office == NULL) {
		/* At the place of the executor's activity (R743 p.3.3). */
		snprintf(buf, sizeof buf, "national security authority, %s",
		         jsonv_str(jw->doc, "executor_city") ? jsonv_str(jw->doc, "executor_city")
		                                           : "the executor's location");
		office = buf;
	}
	json_object_set_new(jw->doc, "nsc_notice",
	                    json_pack("{s:o, s:s, s:s?, s:s}", "sent_on", json_date(sent_on),
	                              "nsc_office", office, "ref", jsonv_str(r->json, "ref"),
	                              "by", r->user.id));
	jw_set_state(r, jw, next, "nsc_notice");
	return 0;
}

/* POST /v1/joint-works/{id}/transfer (R743 p.6, p.7, p.11; Art. 26.1) */
static int
step_transfer(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	if (hjw_transfer_carriers(r, tx, jw, json_object_get(r->json, "carrier_ids"), NULL, e) != 0)
		return -1;
	return 0;
}

/* POST /v1/joint-works/{id}/violations (Art. 26.3, R743 p.9) */
static int
step_violation(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	(void)tx;   /* this step writes only the joint work */
	return hjw_violation(r, jw, jsonv_str(r->json, "description"), NULL, e);
}

int
hjw_violation(struct req *r, struct store_rec *jw, const char *description,
              const char *incident_id, struct qerr *e)
{
	enum jw_state next;
	json_t *viol;
	bool raised;

	viol = doc_array(jw->doc, "violations");
	if (jw_violation(jw_state_parse(jw->state), (int)json_array_size(viol), &next, &raised,
	                 e) != 0)
		return -1;
	json_array_append_new(viol, json_pack("{s:s, s:o, s:s, s:s*}", "description",
	                                      description ? description : "", "noted_on",
	                                      json_date(r->effective_date), "by", r->user.id,
	                                      "incident_id", incident_id));
	if (raised && !jsonv_bool(jw->doc, "cancellation_raised", false)) {
		/* R743 p.9: the customer raises the cancellation of the order and
		 * of the executor's permit (or clearance) with the authority. */
		json_object_set_new(jw->doc, "cancellation_raised", json_true());
		json_object_set_new(jw->doc, "cancellation",
		                    json_pack("{s:o, s:s, s:s?, s:s?, s:s}", "raised_on",
		                              json_date(r->effective_date), "reason",
		                              "repeated violations (R743 p.9)", "permit_id",
		                              jsonv_str(jw->doc, "executor_permit_ref"),
		                              "clearance_id",
		                              jsonv_str(jw->doc, "executor_clearance_ref"), "by",
		                              r->user.id));
	}
	if (next != jw_state_parse(jw->state))
		jw_set_state(r, jw, next, "violation");
	return 0;
}

/* POST /v1/joint-works/{id}/resume — the violations are eliminated; the
 * executor must still hold its permit or clearance (R743 p.11). */
static int
step_resume(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	enum jw_state next;
	size_t i;
	json_t *v;
	int rc;

	if (jw_resume(jw_state_parse(jw->state), &next, e) != 0)
		return -1;
	json_array_foreach(json_object_get(jw->doc, "held"), i, v) {
		struct store_rec car = {0};

		if (store_rec_get(tx, "carrier", json_string_value(v), &car, e) != 0)
			return -1;
		rc = executor_covers(r, tx, jw->doc, degree_parse(jsonv_str(car.doc, "label")), e);
		store_rec_clear(&car);
		if (rc != 0)
			return -1;
	}
	jw_set_state(r, jw, next, "resume");
	return 0;
}

/* POST /v1/joint-works/{id}/close | cancel: the core decides the
 * transition; every carrier held comes back (hjw_end). */
static int
jw_finish(struct req *r, struct store_tx *tx, struct store_rec *jw, bool cancel,
          struct qerr *e)
{
	enum jw_state next;
	int rc;

	rc = cancel ? jw_cancel(jw_state_parse(jw->state),
	                        jsonv_bool(jw->doc, "cancellation_raised", false), &next, e)
	            : jw_close(jw_state_parse(jw->state), &next, e);
	if (rc != 0)
		return -1;
	return hjw_end(r, tx, jw, jw_state_name(next), cancel ? "cancelled" : "closed", e);
}

static int
step_close(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	return jw_finish(r, tx, jw, false, e);
}

static int
step_cancel(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	return jw_finish(r, tx, jw, true, e);
}

/* POST /v1/joint-works/{id}/addendum — the customer changes functions, form
 * of ownership, is liquidated or ends the work: the assignee, if it holds
 * the authority, takes its place; the security authority at the executor's
 * location and the disposing body are notified (R743 p.10). */
static int
step_addendum(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	struct store_rec assignee = {0};
	const char *aid;
	qdate signed_on;
	size_t i;
	json_t *c;
	int rc = -1;

	aid = jsonv_str(r->json, "assignee_org_id");
	signed_on = jsonv_date(r->json, "signed_on");
	if (signed_on > r->today) {
		qerr_input(e, "date_in_future", "signed_on");
		goto done;
	}
	if (rec_load_field(tx, "org", aid, &assignee, "assignee_org_id", e) != 0)
		goto done;
	if (same(aid, jsonv_str(jw->doc, "customer_org_id"))) {
		qerr_input(e, "invalid_value", "assignee_org_id");
		qerr_detail(e, "the assignee is the customer itself");
		goto done;
	}
	if (same(assignee.state, "liquidated")) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "28", "assignee_org_id");
		goto done;
	}
	if (jw_addendum(jw_state_parse(jw->state), e) != 0)
		goto done;
	/* recipient_permit_missing: "if this assignee has the authority" */
	json_array_foreach(json_object_get(jw->doc, "carriers"), i, c) {
		if (tops_org_permit_check(r, tx, aid, degree_parse(jsonv_str(c, "label")), e) != 0) {
			q_strlcpy(e->field, "assignee_org_id", sizeof e->field);
			goto done;
		}
	}
	/* nsc_notice_missing: the authority at the executor's location (p.10). */
	if (!jsonv_has(r->json, "nsc_notice_sent_on")) {
		qerr_set(e, QERR_RULE, "nsc_notice_missing", "R743 p.10", "nsc_notice_sent_on");
		goto done;
	}
	json_array_append_new(doc_array(jw->doc, "addenda"),
	                      json_pack("{s:s, s:s, s:s, s:o, s:s, s:O, s:O, s:s}",
	                                "number", jsonv_str(r->json, "number"), "from_org_id",
	                                jw->org_id, "assignee_org_id", aid, "signed_on",
	                                json_date(signed_on), "reason",
	                                jsonv_str(r->json, "reason"), "nsc_notice_sent_on",
	                                json_object_get(r->json, "nsc_notice_sent_on"),
	                                "disposing_notice_sent_on",
	                                json_object_get(r->json, "disposing_notice_sent_on"),
	                                "by", r->user.id));
	json_object_set_new(jw->doc, "customer_org_id", json_string(aid));
	q_strlcpy(jw->org_id, aid, sizeof jw->org_id);
	rc = 0;
done:
	store_rec_clear(&assignee);
	return rc;
}

/* The permit marks: does an active permit of `org` mark `other`? */
static int
permit_marked(struct req *r, struct store_tx *tx, const char *org, const char *other,
              bool *out, struct qerr *e)
{
	struct permit_rec *p = NULL;
	size_t n = 0;

	*out = false;
	if (ops_org_permits(tx, org, &p, &n, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!permit_valid_on(permit_state_name(p[i].state), p[i].issued_on,
		                     p[i].valid_until, r->today))
			continue;
		for (size_t k = 0; k < p[i].nmarks; k++)
			if (same(p[i].marks[k].org_id, other))
				*out = true;
	}
	ops_permits_free(p, n);
	return 0;
}

/* POST /v1/joint-works/{id}/protection — who protects the secrets at the
 * executor (Art. 26.2, R743 p.8). */
static int
step_protection(struct req *r, struct store_tx *tx, struct store_rec *jw, struct qerr *e)
{
	struct store_rec exec = {0}, prov = {0};
	struct jw_protection_facts f = {0};
	enum jw_protection kind;
	enum jw_state s;
	const char *exec_org, *pid, *arr;
	int rc = -1;

	arr = jsonv_str(r->json, "arrangement");
	kind = jw_protection_parse(arr);
	pid = jsonv_str(r->json, "provider_org_id");
	exec_org = jsonv_str(jw->doc, "executor_org_id");
	if ((kind == JW_PROT_QUASI_PUBLIC || kind == JW_PROT_STATE_PROVIDER) && pid == NULL) {
		qerr_input(e, "missing_field", "provider_org_id");
		goto done;
	}
	if (exec_org != NULL && rec_load_field(tx, "org", exec_org, &exec, NULL, e) != 0)
		goto done;
	if (pid != NULL && rec_load_field(tx, "org", pid, &prov, "provider_org_id", e) != 0)
		goto done;
	s = jw_state_parse(jw->state);
	if (s == JW_REFUSED || s == JW_CLOSED || s == JW_CANCELLED || s == JW_UNKNOWN) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "26", NULL);
		goto done;
	}
	f.executor_is_org = exec_org != NULL;
	f.executor_foreign = exec_org != NULL && jsonv_bool(exec.doc, "foreign_participation", false);
	if (pid != NULL) {
		json_t *share = json_object_get(prov.doc, "state_share");

		f.provider = true;
		f.provider_foreign = jsonv_bool(prov.doc, "foreign_participation", false);
		f.provider_state_share = json_is_number(share) ? json_number_value(share) : 0;
		f.same_city = exec_org != NULL && same(jsonv_str(prov.doc, "city"),
		                                       jsonv_str(exec.doc, "city"));
		if (exec_org != NULL) {
			if (tops_subordinated(tx, exec_org, pid, &f.provider_affiliated, e) != 0 ||
			    permit_marked(r, tx, exec_org, pid, &f.executor_permit_marked, e) != 0 ||
			    permit_marked(r, tx, pid, exec_org, &f.provider_permit_marked, e) != 0)
				goto done;
		}
	}
	if (jw_protection_check(kind, &f, e) != 0)
		goto done;
	json_object_set_new(jw->doc, "protection",
	                    json_pack("{s:s, s:s?, s:s?, s:o, s:s}", "arrangement", arr,
	                              "provider_org_id",
	                              kind == JW_PROT_CUSTOMER ? jsonv_str(jw->doc, "customer_org_id")
	                              : kind == JW_PROT_EXECUTOR_OWN ? exec_org : pid,
	                              "agreement_ref", jsonv_str(r->json, "agreement_ref"),
	                              "date", json_date(r->effective_date), "by", r->user.id));
	rc = 0;
done:
	store_rec_clear(&exec);
	store_rec_clear(&prov);
	return rc;
}

/* ============================ The steps ================================== */

/* A step on the joint work of the path: who acts, the body it takes, the
 * audit action, and apply(), which checks the step and writes it into jw
 * (and the records it moves, through tx); 0 or -1 with e set. */
struct jw_step {
	const struct jfield *fields;
	bool disposing;          /* the disposing body acts (else the customer) */
	const char *action;
	int (*apply)(struct req *r, struct store_tx *tx, struct store_rec *jw,
	             struct qerr *e);
};

enum { JS_PERMISSION, JS_AGREEMENT, JS_NOTICE, JS_TRANSFER, JS_PROTECTION, JS_VIOLATION,
       JS_RESUME, JS_CLOSE, JS_CANCEL, JS_ADDENDUM };

static const struct jw_step jw_steps[] = {
	[JS_PERMISSION] = {permission_fields, true, "joint_work.permission", step_permission},
	[JS_AGREEMENT] = {agreement_fields, false, "joint_work.agreement", step_agreement},
	[JS_NOTICE] = {notice_fields, false, "joint_work.nsc_notice", step_notice},
	[JS_TRANSFER] = {transfer_fields, false, "joint_work.transfer", step_transfer},
	[JS_PROTECTION] = {protection_fields, false, "joint_work.protection", step_protection},
	[JS_VIOLATION] = {violation_fields, false, "joint_work.violation", step_violation},
	[JS_RESUME] = {empty_fields, false, "joint_work.resume", step_resume},
	[JS_CLOSE] = {empty_fields, false, "joint_work.close", step_close},
	[JS_CANCEL] = {empty_fields, false, "joint_work.cancel", step_cancel},
	[JS_ADDENDUM] = {addendum_fields, false, "joint_work.addendum", step_addendum},
};

/* The flow every step shares: jw_for_write (404, 403, 400), apply, then
 * jw_commit (200 with the view). A refusal rolls back. */
static int
jw_step_run(struct req *r, struct resp *out, int step, struct qerr *e)
{
	const struct jw_step *s = &jw_steps[step];
	struct store_tx *tx = NULL;
	struct store_rec jw = {0};
	int rc = -1;

	if (jw_for_write(r, &tx, &jw, s->fields, s->disposing, e) != 0)
		goto done;
	if (s->apply(r, tx, &jw, e) != 0) {
		store_rollback(tx);
		goto done;
	}
	rc = jw_commit(r, out, tx, &jw, 200, s->action, e);
done:
	store_rec_clear(&jw);
	return rc;
}

static int
h_jw_permission(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_PERMISSION, e);
}

static int
h_jw_agreement(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_AGREEMENT, e);
}

static int
h_jw_notice(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_NOTICE, e);
}

static int
h_jw_transfer(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_TRANSFER, e);
}

static int
h_jw_protection(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_PROTECTION, e);
}

static int
h_jw_violation(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_VIOLATION, e);
}

static int
h_jw_resume(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_RESUME, e);
}

static int
h_jw_close(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_CLOSE, e);
}

static int
h_jw_cancel(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_CANCEL, e);
}

static int
h_jw_addendum(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_step_run(r, out, JS_ADDENDUM, e);
}

/* POST /v1/permits/{id}/marks — the national security authority marks in a
 * permit the agreement to use another organization's protection subdivision
 * (Art. 26.2, R743 p.8.4). */
static int
h_permit_mark(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_permit_mark_args a = {.permit_id = r->params[0]};
	struct permit_rec p;
	json_t *j;

	req_ops_ctx(r, &c);
	if (req_json(r, mark_fields, e) != 0) {
		struct qerr ne = {0};

		/* An unknown permit comes before a bad body (SPEC §5). */
		if (ops_permit_exists(&c, a.permit_id, &ne) != 0)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, &c);
	a.org_id = jsonv_str(r->json, "org_id");
	a.agreement_ref = jsonv_str(r->json, "agreement_ref");
	if (ops_permit_mark(&c, &a, &p, e) != 0)
		return -1;
	j = permit_json(&p, r->today);
	permit_rec_free(&p);
	if (j == NULL)
		return qerr_internal(e, "permit: out of memory");
	resp_json(out, 200, j);
	return 0;
}

const struct route h_joint_works_routes[] = {
	{"POST", "/v1/joint-works", ROLE_SECURITY_OFFICER, 0, h_jw_create},
	{"GET", "/v1/joint-works", JW_READERS, 0, h_jw_list},
	{"GET", "/v1/joint-works/{}", JW_READERS, 0, h_jw_get},
	{"POST", "/v1/joint-works/{}/permission", ROLE_HEAD, 0, h_jw_permission},
	{"POST", "/v1/joint-works/{}/agreement", ROLE_SECURITY_OFFICER, 0, h_jw_agreement},
	{"POST", "/v1/joint-works/{}/nsc-notice", ROLE_SECURITY_OFFICER, 0, h_jw_notice},
	{"POST", "/v1/joint-works/{}/transfer", ROLE_SECURITY_OFFICER, 0, h_jw_transfer},
	{"POST", "/v1/joint-works/{}/protection", ROLE_SECURITY_OFFICER, 0, h_jw_protection},
	{"POST", "/v1/joint-works/{}/violations", ROLE_SECURITY_OFFICER, 0, h_jw_violation},
	{"POST", "/v1/joint-works/{}/resume", ROLE_SECURITY_OFFICER, 0, h_jw_resume},
	{"POST", "/v1/joint-works/{}/close", ROLE_SECURITY_OFFICER, 0, h_jw_close},
	{"POST", "/v1/joint-works/{}/cancel", ROLE_SECURITY_OFFICER, 0, h_jw_cancel},
	{"POST", "/v1/joint-works/{}/addendum", ROLE_SECURITY_OFFICER, 0, h_jw_addendum},
	{"POST", "/v1/permits/{}/marks", ROLE_NSC_OFFICER, 0, h_permit_mark},
	{NULL, NULL, 0, 0, NULL},
};
