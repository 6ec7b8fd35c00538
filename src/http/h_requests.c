/*
 * h_requests.c — requests of citizens, state bodies and organizations to
 * declassify information (Law "On State Secrets", Art. 24; SPEC.md §3
 * request_overdue; API.md "Requests").
 *
 * The procedures are ops/requests.c (the typed record core/request_rec.h);
 * this file decodes, calls and encodes (request_json). The workflow and its checks are in
 * core/declassify.h:
 *
 *   (none) --ops_request_register--> open (due_on = received_on + 1 month,
 *                                          next working day; SPEC §5)
 *   open --ops_request_answer (declassify_request_answer_check)--> answered
 *   open --ops_request_forward (declassify_request_forward_check)--> forwarded
 *
 * Reading of Art. 24.2: "consider it within one month and give a reasoned
 * response": reasons are what the rule needs, so their absence is the
 * rule's code, request_overdue (422; SPEC §5 "Missing fields"); likewise
 * the notice to the requester when forwarding ("of which [they] shall be
 * notified"). A late answer or forward is accepted and recorded (late:
 * true); while open the request is on the deadlines list (request_answer).
 *
 * SECURITY: bodies validated by field tables; the caller's organization
 * scopes every request (403 forbidden_org). requester and subject are
 * stored as given (bounded), never interpreted.
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/util.h"
#include "ops/requests.h"

#define REQ_READERS (ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR)

static const char *const decisions[] = {"declassified", "refused", NULL};

static const struct jfield request_fields[] = {
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"requester", JF_STRING, JF_REQUIRED, NULL, 0, 500},
	{"subject", JF_STRING, JF_REQUIRED, NULL, 0, 4000},
	{"received_on", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* request_overdue (Art. 24.2): reasons are what the rule needs. */
static const struct jfield answer_fields[] = {
	{"decision", JF_ENUM, JF_REQUIRED, decisions, 0, 0},
	{"reasons", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, 8000},
	{NULL, 0, 0, NULL, 0, 0},
};

/* request_overdue (Art. 24.2): the notice to the requester is what it needs. */
static const struct jfield forward_fields[] = {
	{"to_org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"notice_sent_on", JF_DATE, JF_REQUIRED | JF_RULE, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* The request as the API shows it: id, org_id, requester, subject,
 * received_on, due_on, state, registered_on, registered_by, answer
 * ({decision, reasons, answered_on, by, late} or null), forward
 * ({to_org_id, notice_sent_on, forwarded_on, by, late, request_id} or
 * null), late, and forwarded_from, forwarded_by_org_id on a request
 * registered by forwarding. NULL when out of memory. */
static json_t *
request_json(const void *row)
{
	const struct request_rec *q = row;
	json_t *v, *answer = json_null(), *forward = json_null();

	if (q->answered_on != QDATE_NONE)
		answer = json_pack("{s:s, s:s, s:o, s:s, s:b}", "decision",
		                   request_decision_names[q->decision == REQUEST_DECLASSIFIED
		                                          ? REQUEST_DECLASSIFIED : REQUEST_REFUSED],
		                   "reasons", q->reasons ? q->reasons : "", "answered_on",
		                   json_date(q->answered_on), "by", q->answered_by, "late",
		                   q->answer_late);
	if (q->forwarded_on != QDATE_NONE)
		forward = json_pack("{s:s, s:o, s:o, s:s, s:b, s:s}", "to_org_id",
		                    q->forward_to_org_id, "notice_sent_on",
		                    json_date(q->notice_sent_on), "forwarded_on",
		                    json_date(q->forwarded_on), "by", q->forwarded_by, "late",
		                    q->forward_late, "request_id", q->forward_request_id);
	if (answer == NULL || forward == NULL) {
		json_decref(answer);
		json_decref(forward);
		return NULL;
	}
	v = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:s, s:o, s:o, s:b}", "id",
	              q->h.id, "org_id", q->org_id, "requester", q->requester ? q->requester : "",
	              "subject", q->subject ? q->subject : "", "received_on",
	              json_date(q->received_on), "due_on", json_date(q->due_on), "state",
	              request_state_names[q->state], "registered_on", json_date(q->registered_on),
	              "registered_by", q->registered_by, "answer", answer, "forward", forward,
	              "late", q->late);
	if (v != NULL && q->forwarded_from[0] != '\0' &&
	    (json_object_set_new(v, "forwarded_from", json_string(q->forwarded_from)) != 0 ||
	     json_object_set_new(v, "forwarded_by_org_id",
	                         json_string(q->forwarded_by_org_id)) != 0)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* Answers the request a procedure returned and releases it. */
static int
request_answer(struct resp *out, int status, struct request_rec *q, struct qerr *e)
{
	json_t *v = request_json(q);

	request_rec_free(q);
	if (v == NULL)
		return qerr_internal(e, "request: out of memory");
	resp_json(out, status, v);
	return 0;
}

/* The body of a step on the request of the path: when it is bad, an
 * unknown request (404) or another organization's (403) is answered
 * instead (SPEC.md §5). */
static int
request_body(struct req *r, const struct jfield *fields, struct ops_ctx *c, struct qerr *e)
{
	req_ops_ctx(r, c);
	if (req_json(r, fields, e) != 0) {
		struct qerr ne = {0};

		if (ops_request_check(c, r->params[0], &ne) != 0)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, c);   /* the body's effective_date */
	return 0;
}

/* POST /v1/declassification-requests {org_id, requester, subject, received_on} */
static int
h_request_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_request_args a;
	struct request_rec q;

	if (req_json(r, request_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.org_id = jsonv_str(r->json, "org_id");
	a.requester = jsonv_str(r->json, "requester");
	a.subject = jsonv_str(r->json, "subject");
	a.received_on = jsonv_date(r->json, "received_on");
	if (ops_request_register(&c, &a, &q, e) != 0)
		return -1;
	return request_answer(out, 201, &q, e);
}

static int
h_request_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct request_rec q;

	req_ops_ctx(r, &c);
	if (ops_request_get(&c, r->params[0], &q, e) != 0)
		return -1;
	return request_answer(out, 200, &q, e);
}

struct list_q {
	const char *org_id;
	int state;
};

static int64_t
requests_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
              int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct list_q *l = q;

	return ops_requests_each(tx, l->org_id, l->state, after_seq, limit, fn, ctx, e);
}

static int
h_request_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct list_q q = {.org_id = http_query(r, "org_id"), .state = -1};
	const char *state = http_query(r, "state");

	if (req_org_filter(r, &q.org_id, e) != 0)
		return -1;
	if (state != NULL) {
		for (q.state = 0; request_state_names[q.state] != NULL; q.state++)
			if (strcmp(request_state_names[q.state], state) == 0)
				break;
		if (request_state_names[q.state] == NULL)
			q.org_id = "";   /* a name of no state matches nothing */
	}
	return list_rows(r, out, requests_each, &q, request_json, e);
}

/* POST /v1/declassification-requests/{id}/answer {decision, reasons} */
static int
h_request_answer(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_request_answer_args a = {.request_id = r->params[0]};
	struct request_rec q;

	if (request_body(r, answer_fields, &c, e) != 0)
		return -1;
	a.declassified = strcmp(jsonv_str(r->json, "decision"), "declassified") == 0;
	a.reasons = jsonv_str(r->json, "reasons");
	if (ops_request_answer(&c, &a, &q, e) != 0)
		return -1;
	return request_answer(out, 200, &q, e);
}

/* POST /v1/declassification-requests/{id}/forward {to_org_id, notice_sent_on} */
static int
h_request_forward(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_request_forward_args a = {.request_id = r->params[0]};
	struct request_rec q;

	if (request_body(r, forward_fields, &c, e) != 0)
		return -1;
	a.to_org_id = jsonv_str(r->json, "to_org_id");
	a.notice_sent_on = jsonv_date(r->json, "notice_sent_on");
	if (ops_request_forward(&c, &a, &q, e) != 0)
		return -1;
	return request_answer(out, 200, &q, e);
}

const struct route h_requests_routes[] = {
	{"POST", "/v1/declassification-requests", ROLE_SECURITY_OFFICER, 0, h_request_create},
	{"GET", "/v1/declassification-requests", REQ_READERS, 0, h_request_list},
	{"GET", "/v1/declassification-requests/{}", REQ_READERS, 0, h_request_get},
	{"POST", "/v1/declassification-requests/{}/answer", ROLE_HEAD, 0, h_request_answer},
	{"POST", "/v1/declassification-requests/{}/forward", ROLE_SECURITY_OFFICER, 0,
	 h_request_forward},
	{NULL, NULL, 0, 0, NULL},
};
