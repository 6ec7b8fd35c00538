/*
 * clearance_ops.h — what the clearance handlers share with the handlers of
 * grounds, employment, trips, incidents, persons and the emergency mode
 * (Art. 5, 29-33, 37). Everything runs inside the caller's write (or read)
 * transaction; nothing commits.
 *
 * Records (SPEC.md §2 "Clearance"; kinds of the store's allow-list):
 *   clearance  parent_id = person, org_id = the person's organization,
 *              state registering|active|refused|terminated (core/clearance.h),
 *              doc {id, person_id, org_id, form, treaty_ref, state,
 *              registered_on, prerequisites{commitment_on,
 *              consent_restrictions_on, consent_verification_on,
 *              familiarized_on, verification, verified_on},
 *              decision{decision, contract_number, restriction_until, date,
 *              by, emergency?} | null, granted_on, restriction_until,
 *              terminated_on, termination{reason, date, by, source_id} | null,
 *              non_disclosure ("continues" once terminated, Art. 31.3),
 *              termination_due{due_on, reason, code, article, source_id,
 *              noted_on} | null, termination_due_on (its due_on, or null)}.
 *              The access decision reads form (doc) and state (record).
 *              termination_due_on is the deadlines list's
 *              "clearance_termination" item (Art. 31.1): an ACTIVE clearance
 *              carrying it is open; termination clears it.
 *   ground     parent_id = person: {id, person_id, ground, noted_on, details,
 *              exception, lifted_on}; state "in_force" | "lifted".
 *   violation  parent_id = person: {id, person_id, code, article, date,
 *              trip_id | incident_id, admitted, liability}.
 *   trip       parent_id = person: state requested|approved|refused|departed.
 *   incident   org_id = the caller's organization: state open|confirmed.
 *
 * Ownership: json_t arguments are borrowed unless said otherwise.
 */
#ifndef QUPIYA_HTTP_CLEARANCE_OPS_H
#define QUPIYA_HTTP_CLEARANCE_OPS_H

#include <jansson.h>

#include "core/clearance.h"
#include "http/http.h"

/* Every record of q, in seq order, into a new array *out of *n records
 * (each owns a reference to its doc): for walks that then update what they
 * found. Free with ops_recs_free(). At most OPS_RECS_MAX records (more is
 * a 500: no person has that many clearances, grounds or trips). */
#define OPS_RECS_MAX 100000
int ops_recs_load(struct store_tx *tx, const struct store_query *q, struct store_rec **out,
                  size_t *n, struct qerr *e);
void ops_recs_free(struct store_rec *recs, size_t n);   /* accepts NULL */

/* Adds "clearances", "grounds" and "violations" (arrays of docs, oldest
 * first) to doc, the person's view (GET /v1/persons/{id}). */
int clearance_person_extend(struct store_tx *tx, const char *person_id, json_t *doc,
                            struct qerr *e);

/* Terminates every active clearance of the person for reason (Art. 31.1,
 * 33.3) as of day `on`, by user `by`; source_id (may be NULL) names the
 * act (incident, employment event). The ids terminated are appended to ids
 * (may be NULL). Registering clearances are closed as refused when
 * close_registering (the person left the position they were registered
 * for). No request needed: the procedures of src/ops can call it. */
int clearance_terminate_person(struct store_tx *tx, const char *person_id,
                               enum clearance_end reason, qdate on, const char *by,
                               const char *source_id, bool close_registering, json_t *ids,
                               struct qerr *e);

/* Flags every active clearance of the person for termination (Art. 31.1):
 * doc.termination_due = {due_on, reason, code, article, source_id,
 * noted_on}. An existing flag with an earlier due date is kept. The ids
 * flagged are appended to ids (may be NULL). */
int clearance_flag_person(struct store_tx *tx, const char *person_id, const char *reason,
                          const char *code, const char *article, const char *source_id,
                          qdate noted_on, json_t *ids, struct qerr *e);

/* h_emergency.c: the Art. 5 relaxations in force for an organization on a
 * date: *relax (CLEARANCE_RELAX_* bits) and *mode (a new reference to the
 * mode's doc, or NULL when none is in force). */
int emergency_in_force(struct store_tx *tx, const char *org_id, qdate on, unsigned *relax,
                       json_t **mode, struct qerr *e);

/* h_emergency.c: the last day of the mode mode_id's period as it stands now
 * (`until`, moved by an early end) into *until; *until is left unchanged
 * when no such mode is stored. */
int emergency_period_end(struct store_tx *tx, const char *mode_id, qdate *until,
                         struct qerr *e);

/* h_emergency.c: every stored mode, a new array (empty when none); and the
 * period end of the mode mode_id in it, or dflt when absent. */
int emergency_modes_load(struct store_tx *tx, json_t **out, struct qerr *e);
qdate emergency_mode_until(const json_t *modes, const char *mode_id, qdate dflt);

#endif
