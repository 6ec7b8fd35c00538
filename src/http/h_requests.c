/*
 * h_requests.c — requests of citizens, state bodies and organizations to
 * declassify information (Law "On State Secrets", Art. 24; SPEC.md §3
 * request_overdue; API.md "Requests").
 *
 * The procedures are ops/requests.c (the record described there); this
 * file decodes, calls and answers. The workflow and its checks are in
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

/* POST /v1/declassification-requests {org_id, requester, subject, received_on} */
static int
h_request_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_request_args a;
	json_t *doc;

	if (req_json(r, request_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.org_id = jsonv_str(r->json, "org_id");
	a.requester = jsonv_str(r->json, "requester");
	a.subject = jsonv_str(r->json, "subject");
	a.received_on = jsonv_date(r->json, "received_on");
	if (ops_request_register(&c, &a, &doc, e) != 0)
		return -1;
	resp_json(out, 201, doc);
	return 0;
}

static int
h_request_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "request", NULL, e);
}

static int
h_request_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "request", .org_id = http_query(r, "org_id"),
	                        .state = http_query(r, "state")};

	if (req_org_filter(r, &q.org_id, e) != 0)
		return -1;
	return list_records(r, out, &q, e);
}

/* POST /v1/declassification-requests/{id}/answer {decision, reasons} */
static int
h_request_answer(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_request_answer_args a = {.request_id = r->params[0]};
	json_t *doc;

	if (req_json_on(r, answer_fields, "request", &c, e) != 0)
		return -1;
	a.declassified = strcmp(jsonv_str(r->json, "decision"), "declassified") == 0;
	a.reasons = jsonv_str(r->json, "reasons");
	if (ops_request_answer(&c, &a, &doc, e) != 0)
		return -1;
	resp_json(out, 200, doc);
	return 0;
}

/* POST /v1/declassification-requests/{id}/forward {to_org_id, notice_sent_on} */
static int
h_request_forward(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_request_forward_args a = {.request_id = r->params[0]};
	json_t *doc;

	if (req_json_on(r, forward_fields, "request", &c, e) != 0)
		return -1;
	a.to_org_id = jsonv_str(r->json, "to_org_id");
	a.notice_sent_on = jsonv_date(r->json, "notice_sent_on");
	if (ops_request_forward(&c, &a, &doc, e) != 0)
		return -1;
	resp_json(out, 200, doc);
	return 0;
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
