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
 * RECORD FORM. Requests are still records (jansson documents, ops/docs.h):
 * org_id = the body that received it, state open|answered|forwarded, doc
 * {id, org_id, requester, subject, received_on, due_on, state,
 * registered_on, registered_by, answer, forward, late, forwarded_from?,
 * forwarded_by_org_id?}. The procedures answer the document (*out).
 */
#ifndef QUPIYA_OPS_REQUESTS_H
#define QUPIYA_OPS_REQUESTS_H

#include <jansson.h>
#include <stdbool.h>

#include "ops/ops.h"

struct ops_request_args {
	const char *org_id;           /* the body that received it */
	const char *requester;
	const char *subject;
	qdate received_on;
};

int ops_request_register(const struct ops_ctx *c, const struct ops_request_args *a,
                         json_t **out, struct qerr *e);

struct ops_request_answer_args {
	const char *request_id;
	bool declassified;            /* the decision: declassified, else refused */
	const char *reasons;          /* NULL: none given (request_overdue) */
};

int ops_request_answer(const struct ops_ctx *c, const struct ops_request_answer_args *a,
                       json_t **out, struct qerr *e);

struct ops_request_forward_args {
	const char *request_id;
	const char *to_org_id;
	qdate notice_sent_on;         /* QDATE_NONE: none given (request_overdue) */
};

int ops_request_forward(const struct ops_ctx *c, const struct ops_request_forward_args *a,
                        json_t **out, struct qerr *e);

#endif
