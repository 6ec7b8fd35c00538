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
 * TYPED ROWS. Clearances are rows of the typed table clearance
 * (core/clearance_rec.h, store/tables_clearances.h) with child rows for
 * the clearances a grant replaced and the relaxations its decision used.
 * The procedures answer the clearance (*out, the caller's:
 * clearance_rec_free); src/http/enc_clearances.c encodes it as the API
 * shows it. The JSON here is the audit entries' details only.
 *
 * Typed reads other slices call: ops_clearance_load(_scoped) (one, with
 * its children), ops_clearance_exists_scoped (the 404/403 a handler
 * answers before a 400), ops_clearances_list / ops_clearances_each (by
 * person, organization, state; each is a list_rows_each_fn),
 * ops_clearances_due_each (the deadlines
 * list's clearance_termination, by index), ops_clearances_of_person (the
 * access decision), ops_clearances_trip_status (Art. 32).
 */
#ifndef QUPIYA_OPS_CLEARANCES_H
#define QUPIYA_OPS_CLEARANCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/access.h"
#include "core/clearance.h"
#include "core/clearance_rec.h"
#include "core/degree.h"
#include "core/rec.h"
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
};

struct ops_clearance_decide_args {
	const char *clearance_id;
	bool grant;
	const char *contract_number;    /* NULL: none */
	qdate restriction_until;        /* QDATE_NONE: none */
};

int ops_clearance_register(const struct ops_ctx *c, const struct ops_clearance_register_args *a,
                           struct clearance_rec *out, struct qerr *e);
int ops_clearance_prereqs(const struct ops_ctx *c, const struct ops_clearance_prereqs_args *a,
                          struct clearance_rec *out, struct qerr *e);
/* The grant terminates the person's other active clearances (reason
 * "reregistered", Art. 29.3); under an Art. 5 mode whose relaxation was
 * used the decision records it and the verification follows. */
int ops_clearance_decide(const struct ops_ctx *c, const struct ops_clearance_decide_args *a,
                         struct clearance_rec *out, struct qerr *e);
int ops_clearance_terminate(const struct ops_ctx *c, const char *clearance_id,
                            enum clearance_end reason, struct clearance_rec *out,
                            struct qerr *e);

/* ---- typed reads (inside the caller's transaction) ----------------------- */

/* The clearance id with its children into out (clearance_rec_free); 404
 * naming field (may be NULL) when absent. */
int ops_clearance_load(struct store_tx *tx, const char *id, struct clearance_rec *out,
                       const char *field, struct qerr *e);
/* ops_clearance_load, then 403 "forbidden_org" unless the clearance's
 * organization is the actor's (ops_scope). */
int ops_clearance_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                              struct clearance_rec *out, struct qerr *e);
/* The 404 / 403 of ops_clearance_load_scoped in a read transaction of its
 * own (a handler's answer before a 400, SPEC.md §5). */
int ops_clearance_exists_scoped(const struct ops_ctx *c, const char *id, struct qerr *e);

/* Which clearances: NULL / 0 fields select any. */
struct ops_clearance_query {
	const char *person_id;
	const char *org_id;
	int state;                     /* enum clearance_state; 0: any */
	bool children;                 /* load the child rows too */
};
/* Every clearance of q in seq order into a new array *out of *n
 * (ops_clearances_free). */
int ops_clearances_list(struct store_tx *tx, const struct ops_clearance_query *q,
                        struct clearance_rec **out, size_t *n, struct qerr *e);
void ops_clearances_free(struct clearance_rec *v, size_t n);   /* accepts NULL */
/* fn(ctx, const struct clearance_rec *) for each clearance of q (a struct
 * ops_clearance_query) after after_seq, at most limit (0: all), in seq
 * order; fn returns 0 to go on, > 0 to stop, < 0 to fail. The number
 * visited, or -1. The shape of list_rows' each (http/util.h). */
int64_t ops_clearances_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                            int (*fn)(void *, const void *), void *ctx, struct qerr *e);
/* The deadlines list's clearance_termination (Art. 31.1; Art. 5, 29.1):
 * fn(ctx, c, due) for each active clearance of org_id (NULL: every
 * organization) flagged for termination or granted with its verification
 * pending, due the earlier of the flag's day and the end of the mode's
 * period as it stands now; read through the indexes of the due dates.
 * fn returns 0 to go on, else the walk fails (-1). */
typedef int (*ops_clearance_due_fn)(void *ctx, const struct clearance_rec *c, qdate due);
int ops_clearances_due_each(struct store_tx *tx, const char *org_id, ops_clearance_due_fn fn,
                            void *ctx, struct qerr *e);

/* Inside the caller's write transaction (nothing commits):
 * Terminates every active clearance of the person for reason (Art. 31.1,
 * 33.3) as of day `on`, by user `by`; source_id (may be NULL) names the
 * act (incident, employment event). The ids terminated are added to ids
 * (may be NULL; the caller's, rec_ids_free). Registering clearances are closed as refused when
 * close_registering (the person left the position they were registered
 * for). */
int ops_clearances_terminate_person(struct store_tx *tx, const char *person_id,
                                    enum clearance_end reason, qdate on, const char *by,
                                    const char *source_id, bool close_registering,
                                    struct rec_ids *ids, struct qerr *e);
/* Flags every active clearance of the person for termination (Art. 31.1):
 * termination_due = {due_on, reason, code, article, source_id,
 * noted_on} and termination_due_on (the deadlines list's
 * "clearance_termination"). An existing flag with an earlier due date is
 * kept. The ids flagged are added to ids (may be NULL). */
int ops_clearances_flag_person(struct store_tx *tx, const char *person_id, const char *reason,
                               const char *code, const char *article, const char *source_id,
                               qdate noted_on, struct rec_ids *ids, struct qerr *e);
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
