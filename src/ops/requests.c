/*
 * requests.c — declassification requests (see requests.h).
 *
 * Requests are jansson records until their typed table lands (issue 11;
 * ops/docs.h): every jansson call is checked and a failure rolls the step
 * back. SECURITY: the actor's organization scopes every request (403
 * forbidden_org); requester and subject are stored as given (bounded by
 * the caller), never interpreted.
 */
#include "ops/requests.h"

#include <string.h>

#include "core/declassify.h"
#include "ops/docs.h"

int
ops_request_register(const struct ops_ctx *c, const struct ops_request_args *a, json_t **out,
                     struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, rec = {0};
	qdate due;
	int rc = -1;

	*out = NULL;
	if (ops_scope(c, a->org_id, e) != 0)
		return -1;
	if (a->received_on == QDATE_NONE || a->requester == NULL || a->subject == NULL)
		return qerr_input(e, "missing_field", a->requester == NULL ? "requester"
		                                     : a->subject == NULL ? "subject"
		                                                          : "received_on");
	if (a->received_on > c->today)
		return qerr_input(e, "date_in_future", "received_on");
	due = declassify_request_due(c->cal, a->received_on);
	if (due == QDATE_NONE)
		return qerr_input(e, "invalid_value", "received_on");
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load(tx, "org", a->org_id, &org, "org_id", e) != 0)
		goto done;
	q_strlcpy(rec.kind, "request", sizeof rec.kind);
	store_id_new("request", rec.id);
	q_strlcpy(rec.org_id, org.id, sizeof rec.org_id);
	q_strlcpy(rec.state, REQUEST_OPEN, sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:s, s:n, s:n, s:b}", "id",
	                    rec.id, "org_id", org.id, "requester", a->requester, "subject",
	                    a->subject, "received_on", ops_docs_json_date(a->received_on),
	                    "due_on", ops_docs_json_date(due), "state", REQUEST_OPEN,
	                    "registered_on", ops_docs_json_date(c->effective_date),
	                    "registered_by", c->actor.user_id, "answer", "forward", "late", false);
	if (rec.doc == NULL) {
		qerr_internal(e, "request doc");
		goto done;
	}
	rc = ops_docs_commit(c, &tx, &rec, true, "request.create", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "request.create", NULL, e);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return rc;
}

int
ops_request_answer(const struct ops_ctx *c, const struct ops_request_answer_args *a,
                   json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	qdate due;
	bool late;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "request", a->request_id, &rec, e) != 0 ||
	    /* request_overdue, Art. 24.2: a reasoned response */
	    declassify_request_answer_check(rec.state, ops_docs_date(rec.doc, "received_on"),
	                                    c->effective_date, a->reasons, e) != 0)
		goto done;
	due = ops_docs_date(rec.doc, "due_on");
	late = due != QDATE_NONE && c->effective_date > due;
	if (ops_docs_set_state(&rec, REQUEST_ANSWERED, e) != 0 ||
	    ops_docs_set(rec.doc, "answer",
	                 json_pack("{s:s, s:s, s:o, s:s, s:b}", "decision",
	                           a->declassified ? "declassified" : "refused", "reasons",
	                           a->reasons ? a->reasons : "", "answered_on",
	                           ops_docs_json_date(c->effective_date), "by", c->actor.user_id,
	                           "late", late),
	                 e) != 0 ||
	    ops_docs_set(rec.doc, "late", json_boolean(late), e) != 0)
		goto done;
	rc = ops_docs_commit(c, &tx, &rec, false, "request.answer", NULL, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "request.answer", a->request_id, e);
	store_rec_clear(&rec);
	return rc;
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
forwarded_request(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
                  const struct store_rec *to, struct store_rec *fwd, struct qerr *e)
{
	qdate due = declassify_request_due(c->cal, c->effective_date);

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
	                     ops_docs_json_date(c->effective_date), "due_on",
	                     ops_docs_json_date(due), "state", REQUEST_OPEN, "registered_on",
	                     ops_docs_json_date(c->effective_date), "registered_by",
	                     c->actor.user_id, "answer", "forward", "late", false,
	                     "forwarded_from", rec->id, "forwarded_by_org_id", rec->org_id);
	if (fwd->doc == NULL)
		return qerr_internal(e, "forwarded request doc");
	return store_rec_insert(tx, fwd, e);
}

int
ops_request_forward(const struct ops_ctx *c, const struct ops_request_forward_args *a,
                    json_t **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0}, to = {0}, fwd = {0};
	json_t *details = NULL;
	qdate notice = a->notice_sent_on, due;
	bool late;
	int rc = -1;

	*out = NULL;
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_docs_load_scoped(c, tx, "request", a->request_id, &rec, e) != 0)
		goto done;
	if (notice != QDATE_NONE && notice > c->today) {
		qerr_input(e, "date_in_future", "notice_sent_on");
		goto done;
	}
	if (ops_docs_load(tx, "org", a->to_org_id, &to, "to_org_id", e) != 0)
		goto done;
	if (strcmp(to.id, rec.org_id) == 0) {
		qerr_input(e, "invalid_value", "to_org_id");
		qerr_detail(e, "a request is forwarded to another body");
		goto done;
	}
	/* request_overdue, Art. 24.2: forwarded with a notice to the requester;
	 * forward_not_competent, Art. 24.2: to a competent state body only */
	if (declassify_request_forward_check(rec.state, ops_docs_date(rec.doc, "received_on"),
	                                     notice, e) != 0 ||
	    declassify_forward_competent(ops_docs_str(to.doc, "kind"), to.state, e) != 0)
		goto done;
	due = ops_docs_date(rec.doc, "due_on");
	late = due != QDATE_NONE && notice > due;
	/* request_overdue, Art. 24.2: the receiver's own clock. */
	if (forwarded_request(c, tx, &rec, &to, &fwd, e) != 0 ||
	    ops_docs_set_state(&rec, REQUEST_FORWARDED, e) != 0 ||
	    ops_docs_set(rec.doc, "forward",
	                 json_pack("{s:s, s:o, s:o, s:s, s:b, s:s}", "to_org_id", to.id,
	                           "notice_sent_on", ops_docs_json_date(notice), "forwarded_on",
	                           ops_docs_json_date(c->effective_date), "by", c->actor.user_id,
	                           "late", late, "request_id", fwd.id),
	                 e) != 0 ||
	    ops_docs_set(rec.doc, "late", json_boolean(late), e) != 0)
		goto done;
	if ((details = json_pack("{s:s}", "forwarded_request_id", fwd.id)) == NULL) {
		qerr_internal(e, "forward: out of memory");
		goto done;
	}
	rc = ops_docs_commit(c, &tx, &rec, false, "request.forward", details, out, e);
done:
	if (rc != 0)
		ops_docs_fail(c, tx, "request.forward", a->request_id, e);
	json_decref(details);
	store_rec_clear(&rec);
	store_rec_clear(&to);
	store_rec_clear(&fwd);
	return rc;
}
