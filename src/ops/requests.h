/*
 * requests.h — requests of citizens, state bodies and organizations to
 * declassify information (Law "On State Secrets", Art. 24; SPEC.md §3
 * request_overdue) as procedures of src/ops (issue 11). The reading of
 * Art. 24.2 is at the top of src/http/h_requests.c; the workflow and its
 * checks are core/declassify.h.
 *
 * Procedures (each one whole step: load, scope, decide, write, audit,
 * commit; a rule's refusal through ops_refuse):
 *   ops_request_register  POST /v1/declassification-requests  "request.create"
 *                         (none) -> open, due_on = received_on + 1 month
 *                         (next working day; SPEC §5)
 *   ops_request_answer    POST .../{id}/answer   "request.answer"   open -> answered
 *   ops_request_forward   POST .../{id}/forward  "request.forward"  open -> forwarded,
 *                         and a new open request of the receiving body
 * A late answer or forward is accepted and recorded (late: true). Errors:
 * 404 (the request; org_id, to_org_id naming it), 403 forbidden_org, 400
 * (a date in the future, a forward to the same body), 409 invalid_state,
 * 422 (request_overdue 24.2: no reasons, no notice; forward_not_competent
 * 24.2), 500.
 *
 * Reads: ops_request_get (its own read transaction, 404 then 403),
 * ops_request_check (the same, for a handler's precedence check),
 * ops_requests_each (inside the caller's: lists, the deadlines list).
 *
 * TYPED RECORD. A request is a struct request_rec (core/request_rec.h) in
 * the table declassification_request; the procedures answer the request
 * written (*out, the caller's: request_rec_free()).
 */
#ifndef QUPIYA_OPS_REQUESTS_H
#define QUPIYA_OPS_REQUESTS_H

#include <stdbool.h>

#include "core/request_rec.h"
#include "ops/ops.h"
#include "store/store_table.h"

struct ops_request_args {
	const char *org_id;           /* the body that received it */
	const char *requester;
	const char *subject;
	qdate received_on;
};

int ops_request_register(const struct ops_ctx *c, const struct ops_request_args *a,
                         struct request_rec *out, struct qerr *e);

struct ops_request_answer_args {
	const char *request_id;
	bool declassified;            /* the decision: declassified, else refused */
	const char *reasons;          /* NULL: none given (request_overdue) */
};

int ops_request_answer(const struct ops_ctx *c, const struct ops_request_answer_args *a,
                       struct request_rec *out, struct qerr *e);

struct ops_request_forward_args {
	const char *request_id;
	const char *to_org_id;
	qdate notice_sent_on;         /* QDATE_NONE: none given (request_overdue) */
};

int ops_request_forward(const struct ops_ctx *c, const struct ops_request_forward_args *a,
                        struct request_rec *out, struct qerr *e);

/* The request (404), then 403 outside the actor's organization. */
int ops_request_get(const struct ops_ctx *c, const char *request_id, struct request_rec *out,
                    struct qerr *e);
int ops_request_check(const struct ops_ctx *c, const char *request_id, struct qerr *e);

/* Calls fn for each request (struct request_rec, borrowed for the call)
 * of org_id (NULL: every organization) in state (-1: any), in seq order,
 * after_seq and limit as store_row_list. Returns the number visited or -1. */
int64_t ops_requests_each(struct store_tx *tx, const char *org_id, int state, int64_t after_seq,
                          int limit, store_row_fn fn, void *ctx, struct qerr *e);

#endif
