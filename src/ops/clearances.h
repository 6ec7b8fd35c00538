/*
 * clearances.h — the clearance of a person (access to state secrets,
 * Art. 29-33; SPEC.md §3 "Clearances") as procedures of src/ops, the steps
 * other procedures take on a person's clearances (termination, the flag
 * for termination) and the typed reads other steps make (issue 11). The
 * rules are core/clearance.c.
 *
 * Procedures (each one whole step: load, scope, decide, write, audit,
 * commit; a rule's refusal through ops_refuse):
 *   ops_clearance_register  POST /v1/persons/{id}/clearances  "clearance.create"
 *   ops_clearance_prereqs   POST /v1/clearances/{id}/prerequisites
 *                                                     "clearance.prerequisites"
 *   ops_clearance_decide    POST /v1/clearances/{id}/decision "clearance.decision"
 *   ops_clearance_terminate POST /v1/clearances/{id}/terminate "clearance.terminate"
 * Errors in SPEC.md §5 order: 404 (the person or clearance), 403
 * forbidden_org (the person's organization), 400 (dates in the future, a
 * result date without its result), 409 invalid_state, 422 (org_liquidated
 * Art. 28, foreigner_needs_treaty Art. 29.4, prerequisites_missing 29.1,
 * refusal_ground 30.1, readmission_too_early 31.1), 500.
 *
 * RECORD FORM. Clearances are still records of kind "clearance" (jansson
 * documents, ops/docs.h): parent_id = person, org_id = the person's
 * organization, state registering|active|refused|terminated, doc {id,
 * person_id, org_id, form, treaty_ref, state, registered_on,
 * prerequisites{commitment_on, consent_restrictions_on,
 * consent_verification_on, familiarized_on, verification, verified_on},
 * decision{decision, contract_number, restriction_until, date, by,
 * emergency?} | null, granted_on, restriction_until, terminated_on,
 * termination{reason, date, by, source_id} | null, non_disclosure
 * ("continues" once terminated, Art. 31.3), termination_due{due_on,
 * reason, code, article, source_id, noted_on} | null, termination_due_on,
 * verification_pending?, replaces?}. The procedures answer the document
 * (*out, a new reference) as the API shows it. The typed reads turn
 * records into core types, so their callers do not change when
 * clearances move to a typed table.
 */
#ifndef QUPIYA_OPS_CLEARANCES_H
#define QUPIYA_OPS_CLEARANCES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/access.h"
#include "core/clearance.h"
#include "core/degree.h"
#include "ops/ops.h"

struct ops_clearance_register_args {
	const char *person_id;
	enum degree form;
	const char *treaty_ref;        /* NULL: none given */
};

/* The prerequisite dates, in the order of Art. 29.1. */
enum { OPS_PREREQ_DATES = 4 };
extern const char *const ops_clearance_prereq_dates[OPS_PREREQ_DATES];

struct ops_clearance_prereqs_args {
	const char *clearance_id;
	qdate dates[OPS_PREREQ_DATES];  /* QDATE_NONE: not given */
	enum clearance_verification verification;   /* NONE: not given */
	qdate verified_on;              /* QDATE_NONE: not given (effective_date) */
	const json_t *submitted;        /* the act as submitted: the audit details */
};

struct ops_clearance_decide_args {
	const char *clearance_id;
	bool grant;
	const char *contract_number;    /* NULL: none */
	qdate restriction_until;        /* QDATE_NONE: none */
};

int ops_clearance_register(const struct ops_ctx *c, const struct ops_clearance_register_args *a,
                           json_t **out, struct qerr *e);
int ops_clearance_prereqs(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a,
                          json_t **out, struct qerr *e);
/* The grant terminates the person's other active clearances (reason
 * "reregistered", Art. 29.3); under an Art. 5 mode whose relaxation was
 * used the decision records it and the verification follows. */
int ops_clearance_decide(const struct ops_ctx *c, const struct ops_clearance_decide_args *a,
                         json_t **out, struct qerr *e);
int ops_clearance_terminate(const struct ops_ctx *c, const char *clearance_id,
                            enum clearance_end reason, json_t **out, struct qerr *e);

/* Inside the caller's write transaction (nothing commits):
 * Terminates every active clearance of the person for reason (Art. 31.1,
 * 33.3) as of day `on`, by user `by`; source_id (may be NULL) names the
 * act (incident, employment event). The ids terminated are appended to ids
 * (may be NULL). Registering clearances are closed as refused when
 * close_registering (the person left the position they were registered
 * for). */
int ops_clearances_terminate_person(struct store_tx *tx, const char *person_id,
                                    enum clearance_end reason, qdate on, const char *by,
                                    const char *source_id, bool close_registering,
                                    json_t *ids, struct qerr *e);
/* Flags every active clearance of the person for termination (Art. 31.1):
 * doc.termination_due = {due_on, reason, code, article, source_id,
 * noted_on} and termination_due_on (the deadlines list's
 * "clearance_termination"). An existing flag with an earlier due date is
 * kept. The ids flagged are appended to ids (may be NULL). */
int ops_clearances_flag_person(struct store_tx *tx, const char *person_id, const char *reason,
                               const char *code, const char *article, const char *source_id,
                               qdate noted_on, json_t *ids, struct qerr *e);
/* The person's clearances as they bear on a trip (Art. 32): a new array
 * *out of *n (free()), registering and refused ones left out. */
int ops_clearances_trip_status(struct store_tx *tx, const char *person_id,
                               struct clearance_trip_status **out, size_t *n,
                               struct qerr *e);

/* The clearances of person_id as the access decision reads them, oldest
 * first, into a new array *out of *n (free()): person = the given key, the
 * form, and the state as it stood on day `on` (SPEC.md §3;
 * access_clearance_state_on). An active clearance granted under the Art. 5
 * relaxation whose verification is still pending counts as registering
 * from the day after its mode's period as the mode stands now (an early
 * end counts; clearance_inactive, Art. 5, 29.1). *out is NULL when n = 0. */
int ops_clearances_of_person(struct store_tx *tx, const char *person_id, access_key person,
                             qdate on, struct access_clearance **out, size_t *n,
                             struct qerr *e);

#endif
