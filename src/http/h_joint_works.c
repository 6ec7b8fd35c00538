/*
 * h_joint_works.c — the HTTP edge of joint and other work under Decree 743
 * (Art. 26 of the Law; "R743 p.N"): the customer's request, the disposing
 * body's written answer, the agreement with its annex (or the maintenance
 * certificate), the notice to the national security authority, the
 * transfer of annex carriers, the protection-service arrangement,
 * violations, resume, close, cancel and the customer's addendum; and the
 * marks of such arrangements in permits (Art. 26.2, R743 p.8.4). The
 * procedures are src/ops/joint_works.h (one per step, issue 11), the state
 * machine and our readings of the Rules src/core/joint_work.h; this file
 * decodes each body into the step's arguments, calls it and answers the
 * record's view (the doc with permission_overdue as of today).
 *
 * A body's decode error is handed to the procedure (args.input), which
 * answers 404 and 403 before it (SPEC.md §5).
 *
 * SECURITY: bodies validated by field tables (nested carrier entries too);
 * ids only looked up (in ops).
 */
#include "http/http.h"

#include <stddef.h>
#include <string.h>

#include "core/carrier.h"
#include "core/joint_work.h"
#include "core/roles.h"
#include "core/transfer.h"
#include "http/permit_ops.h"
#include "http/transfer_ops.h"
#include "http/util.h"
#include "ops/joint_works.h"
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

/* ---- the answer ---------------------------------------------------------- */

static const char *
opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* o[key] = v (stolen); *ok false when v is NULL or out of memory. */
static void
put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (v == NULL || json_object_set_new(o, key, v) != 0)
		*ok = false;
}

static json_t *
jdate(qdate d)
{
	return d != QDATE_NONE ? json_date(d) : json_null();
}

/* copy_numbers of list/item, a new array (NULL out of memory). */
static json_t *
copies_json(const struct jw_full *x, int list, int64_t item)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < x->copies.n; i++) {
		const struct jw_copy_rec *c = &x->copies.v[i];

		if (c->list == list && c->item_ord == item &&
		    json_array_append_new(a, json_integer(c->number)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* The carrier ids of list, a new array (NULL out of memory). */
static json_t *
refs_json(const struct jw_full *x, int list)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < x->refs.n; i++)
		if (x->refs.v[i].list == list &&
		    json_array_append_new(a, json_string(x->refs.v[i].carrier_id)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
carriers_json(const struct jw_full *x)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < x->carriers.n; i++) {
		const struct jw_carrier_rec *c = &x->carriers.v[i];
		json_t *o = json_pack("{s:s, s:o, s:s?, s:s?, s:s, s:o}", "carrier_id", c->carrier_id,
		                      "copy_numbers", c->copies_given
		                      ? copies_json(x, JW_COPIES_REQUEST, c->ord) : json_null(),
		                      "title", c->title, "label", opt(c->label), "account_number",
		                      c->account_number, "sheets", c->sheets != STORE_INT_NULL
		                      ? json_integer(c->sheets) : json_null());

		if (json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
history_json(const struct jw_full *x)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < x->history.n; i++) {
		const struct jw_step_rec *h = &x->history.v[i];

		if (json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:s}", "from", h->from,
		                                       "to", h->to, "step", h->step, "date",
		                                       json_date(h->date), "by", h->by)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* transferred, violations and addenda (each once it has an entry). */
static void
lists_json(const struct jw_full *x, json_t *o, bool *ok)
{
	json_t *a;

	if (x->transferred.n > 0) {
		a = json_array();
		for (size_t i = 0; a != NULL && i < x->transferred.n; i++) {
			const struct jw_transfer_rec *t = &x->transferred.v[i];
			json_t *it = json_pack("{s:s, s:o}", "carrier_id", t->carrier_id, "date",
			                       json_date(t->date));

			if (it != NULL && t->copies_listed &&
			    json_object_set_new(it, "copy_numbers",
			                        copies_json(x, JW_COPIES_TRANSFERRED, t->ord)) != 0) {
				json_decref(it);
				it = NULL;
			}
			if (json_array_append_new(a, it) != 0) {
				json_decref(a);
				a = NULL;
			}
		}
		put(o, "transferred", a, ok);
	}
	if (x->transferred.n > 0 || x->w.end_state[0] != '\0')
		put(o, "held", refs_json(x, JW_LIST_HELD), ok);
	if (x->violations.n > 0) {
		a = json_array();
		for (size_t i = 0; a != NULL && i < x->violations.n; i++) {
			const struct jw_violation_rec *v = &x->violations.v[i];

			if (json_array_append_new(a, json_pack("{s:s, s:o, s:s, s:s*}", "description",
			                                       v->description ? v->description : "",
			                                       "noted_on", json_date(v->noted_on), "by",
			                                       v->by, "incident_id",
			                                       opt(v->incident_id))) != 0) {
				json_decref(a);
				a = NULL;
			}
		}
		put(o, "violations", a, ok);
	}
	if (x->addenda.n > 0) {
		a = json_array();
		for (size_t i = 0; a != NULL && i < x->addenda.n; i++) {
			const struct jw_addendum_rec *d = &x->addenda.v[i];

			if (json_array_append_new(
			        a, json_pack("{s:s?, s:s, s:s, s:o, s:s, s:o, s:o, s:s}", "number",
			                     d->number, "from_org_id", d->from_org_id, "assignee_org_id",
			                     d->assignee_org_id, "signed_on", json_date(d->signed_on),
			                     "reason", d->reason, "nsc_notice_sent_on",
			                     jdate(d->nsc_notice_sent_on), "disposing_notice_sent_on",
			                     jdate(d->disposing_notice_sent_on), "by", d->by)) != 0) {
				json_decref(a);
				a = NULL;
			}
		}
		put(o, "addenda", a, ok);
	}
}

/* Each step's facts (each once taken). */
static void
steps_json(const struct jw_full *x, json_t *o, bool *ok)
{
	const struct jw_rec *w = &x->w;

	if (w->perm_decision != JW_DECISION_NONE)
		put(o, "permission",
		    json_pack("{s:s, s:s?, s:s?, s:o, s:s, s:b}", "decision",
		              jw_decision_names[w->perm_decision], "reason", w->perm_reason, "ref",
		              w->perm_ref, "answered_on", jdate(w->perm_answered_on), "by", w->perm_by,
		              "late", w->perm_late), ok);
	if (w->agr_number != NULL)
		put(o, "agreement",
		    json_pack("{s:s, s:o, s:o, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s}", "number",
		              w->agr_number, "signed_on", jdate(w->agr_signed_on), "annex",
		              refs_json(x, JW_LIST_ANNEX), "subject", w->agr_subject, "certificate",
		              w->agr_certificate, "control_procedure", w->agr_control_procedure,
		              "financing", w->agr_financing, "executor_permit_ref",
		              opt(w->agr_executor_permit_ref), "executor_clearance_ref",
		              opt(w->agr_executor_clearance_ref), "by", w->agr_by), ok);
	if (w->nsc_sent_on != QDATE_NONE)
		put(o, "nsc_notice",
		    json_pack("{s:o, s:s?, s:s?, s:s}", "sent_on", json_date(w->nsc_sent_on),
		              "nsc_office", w->nsc_office, "ref", w->nsc_ref, "by", w->nsc_by), ok);
	if (w->prot_arrangement[0] != '\0')
		put(o, "protection",
		    json_pack("{s:s, s:s?, s:s?, s:o, s:s}", "arrangement", w->prot_arrangement,
		              "provider_org_id", opt(w->prot_provider_org_id), "agreement_ref",
		              w->prot_agreement_ref, "date", jdate(w->prot_date), "by", w->prot_by), ok);
	if (w->canc_raised_on != QDATE_NONE)
		put(o, "cancellation",
		    json_pack("{s:o, s:s?, s:s?, s:s?, s:s}", "raised_on", json_date(w->canc_raised_on),
		              "reason", w->canc_reason, "permit_id", opt(w->canc_permit_id),
		              "clearance_id", opt(w->canc_clearance_id), "by", w->canc_by), ok);
	if (w->end_state[0] != '\0')
		put(o, "end",
		    json_pack("{s:s, s:s?, s:o, s:o}", "state", w->end_state, "reason", w->end_reason,
		              "date", jdate(w->end_date), "returned", refs_json(x, JW_LIST_RETURNED)),
		    ok);
}

/* The joint work as the API answers it (NULL: out of memory). */
static json_t *
jw_json(const struct jw_full *x, bool overdue)
{
	static const size_t extra_off[] = {
		offsetof(struct jw_rec, draft_agreement_ref), offsetof(struct jw_rec, executor_address),
		offsetof(struct jw_rec, executor_head), offsetof(struct jw_rec, executor_residence),
		offsetof(struct jw_rec, executor_id_issuer),
	};
	static const char *const extra_key[] = {
		"draft_agreement_ref", "executor_address", "executor_head", "executor_residence",
		"executor_id_issuer",
	};
	const struct jw_rec *w = &x->w;
	bool ok = true;
	json_t *o;

	o = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:o, s:o, s:o, s:s?, s:s?, s:o, s:o,"
	              " s:s, s:b, s:b, s:o}",
	              "id", w->h.id, "customer_org_id", w->customer_org_id, "executor_org_id",
	              opt(w->executor_org_id), "executor_person_id", opt(w->executor_person_id),
	              "disposing_org_id", opt(w->disposing_org_id), "justification",
	              w->justification, "state", jw_rec_state_names[w->state], "term_from",
	              jdate(w->term_from), "term_to", jdate(w->term_to), "carriers",
	              carriers_json(x), "executor_permit_ref", opt(w->executor_permit_ref),
	              "executor_clearance_ref", opt(w->executor_clearance_ref), "received_on",
	              jdate(w->received_on), "response_due_on", jdate(w->response_due_on),
	              "requested_by", w->requested_by, "permission_overdue", overdue,
	              "cancellation_raised", w->cancellation_raised, "history", history_json(x));
	if (o == NULL)
		return NULL;
	if (opt(w->executor_person_org_id) != NULL)
		put(o, "executor_person_org_id", json_string(w->executor_person_org_id), &ok);
	if (opt(w->executor_org_id) != NULL)
		put(o, "executor_city",
		    w->executor_city != NULL ? json_string(w->executor_city) : json_null(), &ok);
	for (size_t i = 0; i < sizeof extra_off / sizeof extra_off[0]; i++) {
		const char *v = *(char *const *)((const char *)w + extra_off[i]);

		if (v != NULL)
			put(o, extra_key[i], json_string(v), &ok);
	}
	steps_json(x, o, &ok);
	lists_json(x, o, &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A row of the list (its stored permission_overdue, as the records were
 * listed). */
static json_t *
jw_list_json(const void *row)
{
	const struct jw_full *x = row;

	return jw_json(x, x->w.permission_overdue);
}

/* Answers status with jw, permission_overdue as of today (R743 p.5:
 * ops_joint_work_overdue); frees jw. 500 out of memory. */
static int
jw_answer(const struct req *r, struct resp *out, int status, struct jw_full *jw,
          struct qerr *e)
{
	json_t *v = jw_json(jw, ops_joint_work_overdue(&jw->w, r->today));

	jw_full_free(jw);
	if (v == NULL)
		return qerr_internal(e, "joint work view: out of memory");
	resp_json(out, status, v);
	return 0;
}

/* POST /v1/joint-works — the customer's request (R743 p.4, p.5). */
static int
h_jw_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_joint_work_request_args a = {0};
	struct hx_picks p = {0};
	struct jw_full rec = {0};
	struct qerr in = {0};
	struct ops_ctx c;
	int rc;

	if (req_json(r, request_fields, e) != 0)
		return -1;
	a.customer_org_id = jsonv_str(r->json, "customer_org_id");
	a.executor_org_id = jsonv_str(r->json, "executor_org_id");
	a.executor_person_id = jsonv_str(r->json, "executor_person_id");
	a.disposing_org_id = jsonv_str(r->json, "disposing_org_id");
	a.justification = jsonv_str(r->json, "justification");
	a.term_from = jsonv_date(r->json, "term_from");
	a.term_to = jsonv_date(r->json, "term_to");
	a.executor_permit_ref = jsonv_str(r->json, "executor_permit_ref");
	a.executor_clearance_ref = jsonv_str(r->json, "executor_clearance_ref");
	a.received_on = jsonv_date(r->json, "received_on");
	a.draft_agreement_ref = jsonv_str(r->json, "draft_agreement_ref");
	a.executor_address = jsonv_str(r->json, "executor_address");
	a.executor_head = jsonv_str(r->json, "executor_head");
	a.executor_residence = jsonv_str(r->json, "executor_residence");
	a.executor_id_issuer = jsonv_str(r->json, "executor_id_issuer");
	/* a malformed carriers[] entry is answered after the scope */
	if (hx_picks(json_object_get(r->json, "carriers"), request_carrier_fields,
	             true, &p, &in) == 0) {
		a.carriers = p.v;
		a.ncarriers = p.n;
	}
	a.input = &in;
	req_ops_ctx(r, &c);
	rc = ops_joint_work_request(&c, &a, &rec, e);
	if (rc == 0)
		rc = jw_answer(r, out, 201, &rec, e);
	hx_picks_free(&p);
	return rc;
}

/* GET /v1/joint-works/{id} */
static int
h_jw_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct jw_full rec;
	struct ops_ctx c;

	req_ops_ctx(r, &c);
	if (ops_joint_work_get(&c, r->params[0], &rec, e) != 0)
		return -1;
	return jw_answer(r, out, 200, &rec, e);
}

/* GET /v1/joint-works?org_id=&state= — the customer's joint works. */
static int
h_jw_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_joint_work_query q = {.customer_org_id = http_query(r, "org_id"),
	                                 .state = http_query(r, "state")};

	if (req_org_filter(r, &q.customer_org_id, e) != 0)
		return -1;
	return list_rows(r, out, ops_joint_works_each, &q, jw_list_json, e);
}

/* ============================ The steps ================================== */

typedef int (*jw_op_fn)(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                        struct jw_full *out, struct qerr *e);
/* Decodes the validated body into a->u (an id list into *ids, the
 * caller's to free); 0 or -1 with e set (500). */
typedef int (*jw_decode_fn)(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
                         struct qerr *e);

static int
decode_permission(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
                  struct qerr *e)
{
	(void)ids;
	(void)e;
	a->u.permission.granted = strcmp(jsonv_str(r->json, "decision"), "granted") == 0;
	a->u.permission.reason = jsonv_str(r->json, "reason");
	a->u.permission.ref = jsonv_str(r->json, "ref");
	return 0;
}

static int
decode_agreement(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
                 struct qerr *e)
{
	struct ops_joint_work_agreement_args *g = &a->u.agreement;

	g->number = jsonv_str(r->json, "number");
	g->signed_on = jsonv_date(r->json, "signed_on");
	g->subject = jsonv_str(r->json, "subject");
	g->certificate = jsonv_str(r->json, "certificate");
	g->control_procedure = jsonv_str(r->json, "control_procedure");
	g->financing = jsonv_str(r->json, "financing");
	if (hx_ids(json_object_get(r->json, "annex"), ids, e) != 0)
		return -1;
	g->annex = *ids;
	return 0;
}

static int
decode_notice(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
              struct qerr *e)
{
	(void)ids;
	(void)e;
	a->u.notice.sent_on = jsonv_date(r->json, "sent_on");
	a->u.notice.nsc_office = jsonv_str(r->json, "nsc_office");
	a->u.notice.ref = jsonv_str(r->json, "ref");
	return 0;
}

static int
decode_transfer(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
                struct qerr *e)
{
	if (hx_ids(json_object_get(r->json, "carrier_ids"), ids, e) != 0)
		return -1;
	a->u.carrier_ids = *ids;
	return 0;
}

static int
decode_protection(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
                  struct qerr *e)
{
	(void)ids;
	(void)e;
	a->u.protection.arrangement = jsonv_str(r->json, "arrangement");
	a->u.protection.provider_org_id = jsonv_str(r->json, "provider_org_id");
	a->u.protection.agreement_ref = jsonv_str(r->json, "agreement_ref");
	return 0;
}

static int
decode_violation(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
                 struct qerr *e)
{
	(void)ids;
	(void)e;
	a->u.description = jsonv_str(r->json, "description");
	return 0;
}

static int
decode_addendum(struct req *r, struct ops_joint_work_step_args *a, struct ops_ids *ids,
                struct qerr *e)
{
	struct ops_joint_work_addendum_args *d = &a->u.addendum;

	(void)ids;
	(void)e;
	d->assignee_org_id = jsonv_str(r->json, "assignee_org_id");
	d->number = jsonv_str(r->json, "number");
	d->reason = jsonv_str(r->json, "reason");
	d->signed_on = jsonv_date(r->json, "signed_on");
	d->nsc_notice_sent_on = jsonv_date(r->json, "nsc_notice_sent_on");
	d->disposing_notice_sent_on = jsonv_date(r->json, "disposing_notice_sent_on");
	return 0;
}

/* The flow every step shares: the body (its errors go to the procedure,
 * which answers 404 and 403 first), the call, 200 with the view. */
static int
jw_run(struct req *r, struct resp *out, const struct jfield *fields, jw_decode_fn decode,
       jw_op_fn op, struct qerr *e)
{
	struct qerr in = {0};
	struct ops_joint_work_step_args a = {.id = r->params[0], .input = &in};
	struct jw_full jw;
	struct ops_ids ids = {0};
	struct ops_ctx c;
	int rc;

	if (req_json(r, fields, &in) == 0 && decode != NULL)
		(void)decode(r, &a, &ids, &in);
	req_ops_ctx(r, &c);
	rc = op(&c, &a, &jw, e);
	if (rc == 0)
		rc = jw_answer(r, out, 200, &jw, e);
	hx_ids_free(&ids);
	return rc;
}

static int
h_jw_permission(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, permission_fields, decode_permission, ops_joint_work_permission, e);
}

static int
h_jw_agreement(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, agreement_fields, decode_agreement, ops_joint_work_agreement, e);
}

static int
h_jw_notice(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, notice_fields, decode_notice, ops_joint_work_notice, e);
}

static int
h_jw_transfer(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, transfer_fields, decode_transfer, ops_joint_work_transfer, e);
}

static int
h_jw_protection(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, protection_fields, decode_protection, ops_joint_work_protection, e);
}

static int
h_jw_violation(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, violation_fields, decode_violation, ops_joint_work_violation, e);
}

static int
h_jw_resume(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, empty_fields, NULL, ops_joint_work_resume, e);
}

static int
h_jw_close(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, empty_fields, NULL, ops_joint_work_close, e);
}

static int
h_jw_cancel(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, empty_fields, NULL, ops_joint_work_cancel, e);
}

static int
h_jw_addendum(struct req *r, struct resp *out, struct qerr *e)
{
	return jw_run(r, out, addendum_fields, decode_addendum, ops_joint_work_addendum, e);
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
