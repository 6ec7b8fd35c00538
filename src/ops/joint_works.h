/*
 * joint_works.h — joint and other work under Decree 743 (Art. 26 of the
 * Law; "R743 p.N"), one procedure per step (issue 11), moved from
 * src/http/h_joint_works.c:
 *
 *   ops_joint_work_request     POST /v1/joint-works                 "joint_work.request"
 *   ops_joint_work_permission  POST /v1/joint-works/{id}/permission "joint_work.permission"
 *   ops_joint_work_agreement   .../agreement                        "joint_work.agreement"
 *   ops_joint_work_notice      .../nsc-notice                       "joint_work.nsc_notice"
 *   ops_joint_work_transfer    .../transfer                         "joint_work.transfer"
 *   ops_joint_work_protection  .../protection                       "joint_work.protection"
 *   ops_joint_work_violation   .../violations                       "joint_work.violation"
 *   ops_joint_work_resume      .../resume                           "joint_work.resume"
 *   ops_joint_work_close       .../close                            "joint_work.close"
 *   ops_joint_work_cancel      .../cancel                           "joint_work.cancel"
 *   ops_joint_work_addendum    .../addendum                         "joint_work.addendum"
 *   ops_joint_work_get         GET /v1/joint-works/{id} (who may read)
 *
 * The state machine, the codes and our readings of the Rules are in
 * src/core/joint_work.h.
 *
 * RECORD. A typed row with its child rows (core/joint_work_rec.h;
 * store/tables_transfers.h): the customer (changes with an addendum naming
 * an assignee, R743 p.10), the executor organization or citizen, the
 * disposing body, the state (core/joint_work.h), the request's fields and
 * carriers (with the copy numbers named), and each step's facts:
 * permission, agreement with its annex, nsc_notice, transferred (with the
 * copy numbers moved), held, protection, violations, cancellation,
 * addenda, end with the carriers returned, history. The HTTP edge answers
 * it as the JSON object of API.md (h_joint_works.c).
 *
 * A transfer moves exactly the copy numbers the request named (R743 p.4.2;
 * custody per copy, core/custody_rec.h): each gets holder_org_id = the executor
 * organization (a citizen executor: holder_person_id) and joint_work_id;
 * the carrier's org_id stays the customer's. On close or cancel every copy
 * held under it comes back to the customer (R743 p.10).
 *
 * Disposal is not custody (Art. 26.1, R743 p.3; ops/disposal.h): only the
 * head of the body that disposes now of the information answers the
 * request; otherwise permission_required, a competence code answered
 * before the carriers' and the request's state.
 *
 * ORDER (SPEC.md §5) in every step: 404 the joint work, 403 (the
 * customer's organization; for the permission, any body that sees the
 * work or the named body's successor), then args.input (the body's decode
 * error: 400, or a JF_RULE 422), 404 body ids, competence, 409, 422. A
 * refusal (422) rolls the step back and is recorded by ops_refuse (503
 * audit_unavailable when it cannot be).
 *
 * Ownership: out is the caller's (jw_full_free); args are borrowed.
 */
#ifndef QUPIYA_OPS_JOINT_WORKS_H
#define QUPIYA_OPS_JOINT_WORKS_H

#include <stdbool.h>

#include "core/joint_work.h"
#include "core/joint_work_rec.h"
#include "ops/jrec.h"
#include "ops/moves.h"
#include "ops/ops.h"

/* Copy numbers named for one carrier (a request's entry, or a transfer's
 * selection); given: the numbers were named (an empty list counts). */
struct ops_copy_pick {
	const char *carrier_id;
	const int *numbers;
	size_t n;
	bool given;
};

struct ops_joint_work_request_args {
	const char *customer_org_id;
	const char *executor_org_id;          /* one of executor_org_id, executor_person_id */
	const char *executor_person_id;
	const char *disposing_org_id;
	const char *justification;            /* may be "" */
	qdate term_from, term_to;             /* QDATE_NONE: not given */
	const struct ops_copy_pick *carriers;
	size_t ncarriers;
	const char *executor_permit_ref;
	const char *executor_clearance_ref;
	qdate received_on;                    /* QDATE_NONE: the act's date */
	/* kept as given (R743 p.4) */
	const char *draft_agreement_ref, *executor_address, *executor_head,
	           *executor_residence, *executor_id_issuer;
	const struct qerr *input;             /* a carriers[] entry's decode error, or NULL */
};

struct ops_joint_work_permission_args {
	bool granted;
	const char *reason, *ref;
};

struct ops_joint_work_agreement_args {
	const char *number;
	qdate signed_on;
	struct ops_ids annex;
	const char *subject;                  /* NULL: "joint_work" */
	const char *certificate, *control_procedure, *financing;
};

struct ops_joint_work_notice_args {
	qdate sent_on;
	const char *nsc_office, *ref;
};

struct ops_joint_work_protection_args {
	const char *arrangement;              /* jw_protection_names */
	const char *provider_org_id, *agreement_ref;
};

struct ops_joint_work_addendum_args {
	const char *assignee_org_id, *number, *reason;
	qdate signed_on;
	qdate nsc_notice_sent_on;             /* QDATE_NONE: nsc_notice_missing */
	qdate disposing_notice_sent_on;
};

/* A step on the joint work id: the body's decode error (or NULL) and the
 * step's own arguments (NULL for resume, close, cancel). */
struct ops_joint_work_step_args {
	const char *id;
	const struct qerr *input;
	union {
		struct ops_joint_work_permission_args permission;
		struct ops_joint_work_agreement_args agreement;
		struct ops_joint_work_notice_args notice;
		struct ops_ids carrier_ids;           /* transfer */
		struct ops_joint_work_protection_args protection;
		const char *description;              /* violation */
		struct ops_joint_work_addendum_args addendum;
	} u;
};

int ops_joint_work_request(const struct ops_ctx *c, const struct ops_joint_work_request_args *a,
                           struct jw_full *out, struct qerr *e);
int ops_joint_work_permission(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                              struct jw_full *out, struct qerr *e);
int ops_joint_work_agreement(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                             struct jw_full *out, struct qerr *e);
int ops_joint_work_notice(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                          struct jw_full *out, struct qerr *e);
int ops_joint_work_transfer(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                            struct jw_full *out, struct qerr *e);
int ops_joint_work_protection(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                              struct jw_full *out, struct qerr *e);
int ops_joint_work_violation(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                             struct jw_full *out, struct qerr *e);
int ops_joint_work_resume(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                          struct jw_full *out, struct qerr *e);
int ops_joint_work_close(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                         struct jw_full *out, struct qerr *e);
int ops_joint_work_cancel(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                          struct jw_full *out, struct qerr *e);
int ops_joint_work_addendum(const struct ops_ctx *c, const struct ops_joint_work_step_args *a,
                            struct jw_full *out, struct qerr *e);

/* GET: 404, then 403 unless the actor's organization is the customer, the
 * executor (or the citizen executor's organization), the disposing body,
 * or the actor reads across organizations. */
int ops_joint_work_get(const struct ops_ctx *c, const char *id, struct jw_full *out,
                       struct qerr *e);

/* The joint works of a customer (NULL: any) in a state (NULL: any), for
 * list_rows: fn gets a const struct jw_full *. */
struct ops_joint_work_query {
	const char *customer_org_id, *state;
};
int64_t ops_joint_works_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                             int (*fn)(void *, const void *), void *ctx, struct qerr *e);

/* permission_overdue (R743 p.5): the answer is or was late on day today
 * (a deadline kind, never a refusal). */
bool ops_joint_work_overdue(const struct jw_rec *jw, qdate today);

/* The joint work id with its child rows (404), in tx. */
int ops_joint_work_load(struct store_tx *tx, const char *id, struct jw_full *out,
                        struct qerr *e);
/* Stores x in tx (a write transaction): inserts a new one (version 0),
 * else updates its row (409 conflict when changed since loaded); the
 * child rows appended since loaded are inserted, the carrier lists
 * rewritten when held was emptied. */
int ops_joint_work_store(struct store_tx *tx, struct jw_full *x, struct qerr *e);

/* ---- inside another procedure's transaction ------------------------------ */

/* A joint work of customer with the executor organization that can take
 * transfers (notified, active, suspended): *found and out set. */
int ops_joint_work_find(struct store_tx *tx, const char *customer, const char *executor_org,
                        struct jw_full *out, bool *found, struct qerr *e);
/* Transfers the carriers ids under the joint work jw (updated here, not
 * stored): for each, exactly the copy numbers the request named (R743
 * p.4.2), or those of sel[0..nsel) (only numbers the request named, else
 * not_in_annex); org_id stays. 404 carrier_ids, 409 (a copy not held by
 * the customer, issued), then jw_transfer's 422 codes, not_in_annex,
 * recipient_permit_missing. */
int ops_joint_work_transfer_in(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *jw,
                               const struct ops_ids *ids, const struct ops_copy_pick *sel,
                               size_t nsel, struct qerr *e);
/* Ends jw in state next (closed or cancelled) for reason, returning every
 * copy held under it to the customer (R743 p.10); 409 when a copy is still
 * issued at the executor. Updates jw (not stored). */
int ops_joint_work_end(const struct ops_ctx *c, struct store_tx *tx, struct jw_full *jw,
                       enum jw_state next, const char *reason, struct qerr *e);
/* Records a violation of jw (Art. 26.3, R743 p.9) dated the act's date:
 * the first suspends the work, a repeated one raises its cancellation
 * (409 outside active and suspended). incident_id names the confirmed
 * incident it comes from, or NULL. Updates jw; the caller stores it. */
int ops_joint_work_violation_apply(const struct ops_ctx *c, struct jw_full *jw,
                                   const char *description, const char *incident_id,
                                   struct qerr *e);

#endif
