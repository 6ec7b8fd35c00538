/*
 * h_requests.c — requests of citizens, state bodies and organizations to
 * declassify information (Law "On State Secrets", Art. 24; SPEC.md §3
 * request_overdue; API.md "Requests").
 *
 * Record "request": org_id = the body that received it, state
 * open|answered|forwarded, doc {id, org_id, requester, subject,
 * received_on, due_on, state, answer, forward, late}. The workflow and its
 * checks are in core/declassify.h:
 *
 *   (none) --h_request_create--> open (due_on = received_on + 1 month,
 *                                      next working day; SPEC §5)
 *   open --h_request_answer (declassify_request_answer_check)--> answered
 *   open --h_request_forward (declassify_request_forward_check)--> forwarded
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

#include "core/declassify.h"
#include "core/roles.h"
#include "http/util.h"

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
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, rec = {0};
	const char *org_id;
	qdate received, due;

	if (req_json(r, request_fields, e) != 0)
		return -1;
	org_id = jsonv_str(r->json, "org_id");
	received = jsonv_date(r->json, "received_on");
	if (req_org_scope(r, org_id, e) != 0)
		return -1;
	if (received > r->today)
		return qerr_input(e, "date_in_future", "received_on");
	due = declassify_request_due(r->app->calendar, received);
	if (due == QDATE_NONE)
		return qerr_input(e, "invalid_value", "received_on");
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "org", org_id, &org, "org_id", e) != 0)
		goto fail;
	q_strlcpy(rec.kind, "request", sizeof rec.kind);
	store_id_new("request", rec.id);
	q_strlcpy(rec.org_id, org.id, sizeof rec.org_id);
	q_strlcpy(rec.state, REQUEST_OPEN, sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:s, s:n, s:n, s:b}", "id",
	                    rec.id, "org_id", org.id, "requester", jsonv_str(r->json, "requester"),
	                    "subject", jsonv_str(r->json, "subject"), "received_on",
	                    json_date(received), "due_on", json_date(due), "state", REQUEST_OPEN,
	                    "registered_on", json_date(r->effective_date), "registered_by",
	                    r->user.id, "answer", "forward", "late", false);
	if (rec.doc == NULL) {
		qerr_internal(e, "request doc");
		goto fail;
	}
	if (rec_create_commit(r, out, &tx, &rec, "request.create", NULL, e) != 0)
		goto fail;
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return -1;
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

/* Loads the request of the path for a write: 404, 403, then the body. */
static int
request_for_write(struct req *r, struct store_tx **tx, struct store_rec *rec,
                  const struct jfield *fields, struct qerr *e)
{
	if (tx_write(r, tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, *tx, "request", rec, e) != 0 || req_json(r, fields, e) != 0) {
		store_rollback(*tx);
		*tx = NULL;
		return -1;
	}
	return 0;
}

/* POST /v1/declassification-requests/{id}/answer {decision, reasons} */
static int
h_request_answer(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	qdate due;
	bool late;

	if (request_for_write(r, &tx, &rec, answer_fields, e) != 0)
		goto fail;
	/* request_overdue, Art. 24.2: a reasoned response */
	if (declassify_request_answer_check(rec.state, jsonv_date(rec.doc, "received_on"),
	                                    r->effective_date, jsonv_str(r->json, "reasons"),
	                                    e) != 0)
		goto fail;
	due = jsonv_date(rec.doc, "due_on");
	late = due != QDATE_NONE && r->effective_date > due;
	doc_set_state(&rec, REQUEST_ANSWERED);
	json_object_set_new(rec.doc, "answer",
	                    json_pack("{s:s, s:s, s:o, s:s, s:b}", "decision",
	                              jsonv_str(r->json, "decision"), "reasons",
	                              jsonv_str(r->json, "reasons"), "answered_on",
	                              json_date(r->effective_date), "by", r->user.id, "late",
	                              late));
	json_object_set_new(rec.doc, "late", json_boolean(late));
	if (rec_update_commit(r, out, &tx, &rec, "request.answer", NULL, e) != 0)
		goto fail;
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&rec);
	return -1;
}

/* The request as the receiving body registers it on forwarding (Art. 24.2):
 * a new open request of to, received on the forwarding's date, answered
 * there within one month of it (declassify_request_due: the same day number,
 * moved to a working day), so the receiver's deadlines list shows its own
 * request_answer. Reading: the month runs from the forwarding act
 * (effective_date), the day the receiving body gets the request; the notice
 * to the requester is another letter. Inserted into tx; *fwd is the
 * caller's to clear. */
static int
forwarded_request(struct req *r, struct store_tx *tx, const struct store_rec *rec,
                  const struct store_rec *to, struct store_rec *fwd, struct qerr *e)
{
	qdate due = declassify_request_due(r->app->calendar, r->effective_date);

	if (due == QDATE_NONE)
		return qerr_input(e, "invalid_value", "effective_date");
	q_strlcpy(fwd->kind, "request", sizeof fwd->kind);
	store_id_new("request", fwd->id);
	q_strlcpy(fwd->org_id, to->id, sizeof fwd->org_id);
	q_strlcpy(fwd->state, REQUEST_OPEN, sizeof fwd->state);
	fwd->doc = json_pack("{s:s, s:s, s:O?, s:O?, s:o, s:o, s:s, s:o, s:s, s:n, s:n, s:b, "
	                     "s:s, s:s}",
	                     "id", fwd->id, "org_id", to->id, "requester",
	                     json_object_get(rec->doc, "requester"), "subject",
	                     json_object_get(rec->doc, "subject"), "received_on",
	                     json_date(r->effective_date), "due_on", json_date(due), "state",
	                     REQUEST_OPEN, "registered_on", json_date(r->effective_date),
	                     "registered_by", r->user.id, "answer", "forward", "late", false,
	                     "forwarded_from", rec->id, "forwarded_by_org_id", rec->org_id);
	if (fwd->doc == NULL)
		return qerr_internal(e, "forwarded request doc");
	return store_rec_insert(tx, fwd, e);
}

/* POST /v1/declassification-requests/{id}/forward {to_org_id, notice_sent_on} */
static int
h_request_forward(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0}, to = {0}, fwd = {0};
	json_t *details = NULL;
	qdate notice, due;
	bool late;

	if (request_for_write(r, &tx, &rec, forward_fields, e) != 0)
		goto fail;
	notice = jsonv_date(r->json, "notice_sent_on");
	if (notice != QDATE_NONE && notice > r->today) {
		qerr_input(e, "date_in_future", "notice_sent_on");
		goto fail;
	}
	if (rec_load_field(tx, "org", jsonv_str(r->json, "to_org_id"), &to, "to_org_id", e) != 0)
		goto fail;
	if (strcmp(to.id, rec.org_id) == 0) {
		qerr_input(e, "invalid_value", "to_org_id");
		qerr_detail(e, "a request is forwarded to another body");
		goto fail;
	}
	/* request_overdue, Art. 24.2: forwarded with a notice to the requester */
	if (declassify_request_forward_check(rec.state, jsonv_date(rec.doc, "received_on"), notice,
	                                     e) != 0)
		goto fail;
	/* forward_not_competent, Art. 24.2: to a competent state body only */
	if (declassify_forward_competent(jsonv_str(to.doc, "kind"), to.state, e) != 0)
		goto fail;
	due = jsonv_date(rec.doc, "due_on");
	late = due != QDATE_NONE && notice > due;
	/* request_overdue, Art. 24.2: the receiver's own clock (below). */
	if (forwarded_request(r, tx, &rec, &to, &fwd, e) != 0)
		goto fail;
	doc_set_state(&rec, REQUEST_FORWARDED);
	json_object_set_new(rec.doc, "forward",
	                    json_pack("{s:s, s:o, s:o, s:s, s:b, s:s}", "to_org_id", to.id,
	                              "notice_sent_on", json_date(notice), "forwarded_on",
	                              json_date(r->effective_date), "by", r->user.id, "late",
	                              late, "request_id", fwd.id));
	json_object_set_new(rec.doc, "late", json_boolean(late));
	details = json_pack("{s:s}", "forwarded_request_id", fwd.id);
	if (rec_update_commit(r, out, &tx, &rec, "request.forward", details, e) != 0)
		goto fail;
	json_decref(details);
	store_rec_clear(&rec);
	store_rec_clear(&to);
	store_rec_clear(&fwd);
	return 0;
fail:
	json_decref(details);
	store_rollback(tx);
	store_rec_clear(&rec);
	store_rec_clear(&to);
	store_rec_clear(&fwd);
	return -1;
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
