/*
 * requests.c — declassification requests (see requests.h).
 *
 * SECURITY: the actor's organization scopes every request (403
 * forbidden_org); requester and subject are stored as given (bounded by
 * the caller), never interpreted.
 */
#include "ops/requests.h"

#include <stdlib.h>
#include <string.h>

#include "core/declassify.h"
#include "ops/orgs.h"
#include "store/tables_requests.h"

/* ---- reads ------------------------------------------------------------- */

/* The request (404), then 403 for another organization's. */
static int
load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
            struct request_rec *r, struct qerr *e)
{
	if (store_row_get(tx, &store_request_table, id ? id : "", r, e) != 0)
		return -1;
	if (ops_scope(c, r->org_id, e) != 0) {
		request_rec_free(r);
		return -1;
	}
	return 0;
}

int
ops_request_get(const struct ops_ctx *c, const char *request_id, struct request_rec *out,
                struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = load_scoped(c, tx, request_id, out, e);
	store_rollback(tx);
	return rc;
}

int
ops_request_check(const struct ops_ctx *c, const char *request_id, struct qerr *e)
{
	struct request_rec r;
	int rc = ops_request_get(c, request_id, &r, e);

	request_rec_free(&r);
	return rc;
}

int64_t
ops_requests_each(struct store_tx *tx, const char *org_id, int state, int64_t after_seq,
                  int limit, store_row_fn fn, void *ctx, struct qerr *e)
{
	struct store_where w[2];
	size_t n = 0;

	if (org_id != NULL)
		w[n++] = STORE_W_STR("org_id", org_id);
	if (state >= 0)
		w[n++] = STORE_W_NUM("state", STORE_EQ, state);
	return store_row_list(tx, &store_request_table, w, n, after_seq, limit, fn, ctx, e);
}

/* ---- procedures -------------------------------------------------------- */

/* A new open request of org_id into r (strings copied); 0 or 500. */
static int
request_new(const struct ops_ctx *c, struct request_rec *r, const char *org_id,
            const char *requester, const char *subject, qdate received_on, qdate due,
            struct qerr *e)
{
	memset(r, 0, sizeof *r);
	store_id_new(store_request_table.id_prefix, r->h.id);
	q_strlcpy(r->org_id, org_id, sizeof r->org_id);
	r->requester = strdup(requester ? requester : "");
	r->subject = strdup(subject ? subject : "");
	if (r->requester == NULL || r->subject == NULL)
		return qerr_internal(e, "request: out of memory");
	r->received_on = received_on;
	r->due_on = due;
	r->state = REQUEST_ST_OPEN;
	r->registered_on = c->effective_date;
	q_strlcpy(r->registered_by, c->actor.user_id, sizeof r->registered_by);
	r->answered_on = r->notice_sent_on = r->forwarded_on = QDATE_NONE;
	return 0;
}

/* Ends a step: commits with its audit entry and hands the request over;
 * on failure the step's refusal path. */
static int
finish(const struct ops_ctx *c, struct store_tx *tx, const char *action, const char *object,
       struct request_rec *r, struct json_t *details, struct request_rec *out, struct qerr *e)
{
	if (ops_commit(c, tx, action, r->h.id, details, e) != 0) {
		request_rec_free(r);
		return ops_refuse(c, action, object, e);
	}
	*out = *r;
	return 0;
}

int
ops_request_register(const struct ops_ctx *c, const struct ops_request_args *a,
                     struct request_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct request_rec r = {0};
	qdate due;

	memset(out, 0, sizeof *out);
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
	if (ops_org_exists_in(tx, a->org_id, "org_id", e) != 0 ||
	    request_new(c, &r, a->org_id, a->requester, a->subject, a->received_on, due, e) != 0 ||
	    store_row_insert(tx, &store_request_table, &r, e) != 0)
		goto fail;
	return finish(c, tx, "request.create", NULL, &r, NULL, out, e);
fail:
	store_rollback(tx);
	request_rec_free(&r);
	return ops_refuse(c, "request.create", NULL, e);
}

int
ops_request_answer(const struct ops_ctx *c, const struct ops_request_answer_args *a,
                   struct request_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct request_rec r = {0};

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (load_scoped(c, tx, a->request_id, &r, e) != 0 ||
	    /* request_overdue, Art. 24.2: a reasoned response */
	    declassify_request_answer_check(request_state_names[r.state], r.received_on,
	                                    c->effective_date, a->reasons, e) != 0)
		goto fail;
	r.late = r.due_on != QDATE_NONE && c->effective_date > r.due_on;
	r.state = REQUEST_ST_ANSWERED;
	r.decision = a->declassified ? REQUEST_DECLASSIFIED : REQUEST_REFUSED;
	free(r.reasons);
	if ((r.reasons = strdup(a->reasons ? a->reasons : "")) == NULL) {
		qerr_internal(e, "request: out of memory");
		goto fail;
	}
	r.answered_on = c->effective_date;
	q_strlcpy(r.answered_by, c->actor.user_id, sizeof r.answered_by);
	r.answer_late = r.late;
	if (store_row_update(tx, &store_request_table, &r, e) != 0)
		goto fail;
	return finish(c, tx, "request.answer", a->request_id, &r, NULL, out, e);
fail:
	store_rollback(tx);
	request_rec_free(&r);
	return ops_refuse(c, "request.answer", a->request_id, e);
}

int
ops_request_forward(const struct ops_ctx *c, const struct ops_request_forward_args *a,
                    struct request_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct request_rec r = {0}, fwd = {0};
	struct org_rec to = {0};
	json_t *details = NULL;
	qdate notice = a->notice_sent_on, due;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (load_scoped(c, tx, a->request_id, &r, e) != 0)
		goto fail;
	if (notice != QDATE_NONE && notice > c->today) {
		qerr_input(e, "date_in_future", "notice_sent_on");
		goto fail;
	}
	if (ops_org_load(tx, a->to_org_id, &to, "to_org_id", e) != 0)
		goto fail;
	if (strcmp(to.h.id, r.org_id) == 0) {
		qerr_input(e, "invalid_value", "to_org_id");
		qerr_detail(e, "a request is forwarded to another body");
		goto fail;
	}
	/* request_overdue, Art. 24.2: forwarded with a notice to the requester;
	 * forward_not_competent, Art. 24.2: to a competent state body only */
	if (declassify_request_forward_check(request_state_names[r.state], r.received_on, notice,
	                                     e) != 0 ||
	    declassify_forward_competent(org_kind_names[to.kind], org_state_names[to.state], e) != 0)
		goto fail;
	/* The request as the receiving body registers it (Art. 24.2): a new
	 * open request of to, received on the forwarding's date, answered
	 * there within one month of it (declassify_request_due: the same day
	 * number, moved to a working day), so the receiver's deadlines list
	 * shows its own request_answer. Reading: the month runs from the
	 * forwarding act (effective_date), the day the receiving body gets
	 * the request; the notice to the requester is another letter. */
	due = declassify_request_due(c->cal, c->effective_date);
	if (due == QDATE_NONE) {
		qerr_input(e, "invalid_value", "effective_date");
		goto fail;
	}
	if (request_new(c, &fwd, to.h.id, r.requester, r.subject, c->effective_date, due, e) != 0)
		goto fail;
	q_strlcpy(fwd.forwarded_from, r.h.id, sizeof fwd.forwarded_from);
	q_strlcpy(fwd.forwarded_by_org_id, r.org_id, sizeof fwd.forwarded_by_org_id);
	if (store_row_insert(tx, &store_request_table, &fwd, e) != 0)
		goto fail;
	/* request_overdue, Art. 24.2: the receiver's own clock. */
	r.late = r.due_on != QDATE_NONE && notice > r.due_on;
	r.state = REQUEST_ST_FORWARDED;
	q_strlcpy(r.forward_to_org_id, to.h.id, sizeof r.forward_to_org_id);
	r.notice_sent_on = notice;
	r.forwarded_on = c->effective_date;
	q_strlcpy(r.forwarded_by, c->actor.user_id, sizeof r.forwarded_by);
	r.forward_late = r.late;
	q_strlcpy(r.forward_request_id, fwd.h.id, sizeof r.forward_request_id);
	if (store_row_update(tx, &store_request_table, &r, e) != 0)
		goto fail;
	if ((details = json_pack("{s:s}", "forwarded_request_id", fwd.h.id)) == NULL) {
		qerr_internal(e, "forward: out of memory");
		goto fail;
	}
	request_rec_free(&fwd);
	org_rec_free(&to);
	rc = finish(c, tx, "request.forward", a->request_id, &r, details, out, e);
	json_decref(details);
	return rc;
fail:
	store_rollback(tx);
	request_rec_free(&r);
	request_rec_free(&fwd);
	org_rec_free(&to);
	return ops_refuse(c, "request.forward", a->request_id, e);
}
