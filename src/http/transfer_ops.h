/*
 * transfer_ops.h — the store operations shared by the transfer workflows
 * (h_transfers.c: Art. 25 and 28; h_joint_works.c: Art. 26 and Decree 743;
 * h_foreign.c: Art. 27): moving a carrier's record between holders with its
 * movement journal, the recipient's permit or clearance, subordination.
 * The rules themselves are in src/core/transfer.h, joint_work.h, foreign.h.
 *
 * MOVEMENTS. A move writes two journal entries (record "movement", parent_id
 * = the carrier, as h_carriers.c does): kind "transferred" under the sender
 * (org_id = sender, doc.to_org_id) and kind "received" under the recipient
 * (org_id = recipient, doc.from_org_id), so the sender's journal keeps what
 * left and when (SPEC.md §2 "Carrier"). A transfer outside the system
 * (Art. 27) writes one entry, kind "transferred_out".
 *
 * Every function works inside the caller's transaction and never commits.
 * Ownership: records passed in are borrowed; json `extra` is borrowed.
 */
#ifndef QUPIYA_HTTP_TRANSFER_OPS_H
#define QUPIYA_HTTP_TRANSFER_OPS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/degree.h"
#include "http/http.h"

/* recipient_permit_missing (Art. 26.1, R743 p.11): org_id holds a permit
 * usable for label on the act's effective_date, as it stood then. */
int tops_org_permit_check(struct req *r, struct store_tx *tx, const char *org_id,
                          enum degree label, struct qerr *e);
/* recipient_permit_missing: the person holds an active clearance for label. */
int tops_person_clearance_check(struct store_tx *tx, const char *person_id, enum degree label,
                                struct qerr *e);
/* tops_person_clearance_check with the clearances as they stood on day on
 * (SPEC.md §3: the act's effective_date); QDATE_NONE: as stored. */
int tops_person_clearance_check_on(struct store_tx *tx, const char *person_id,
                                   enum degree label, qdate on, struct qerr *e);

/* *out: a and b are in one parent chain (either is an ancestor of the
 * other, at most TRANSFER_CHAIN_MAX links). */
int tops_subordinated(struct store_tx *tx, const char *a, const char *b, bool *out,
                      struct qerr *e);

/* Copies of the carrier issued now. */
int tops_copies_out(const json_t *carrier_doc);

/* One journal entry for car under org_id (the organization concerned). */
int tops_movement_add(struct req *r, struct store_tx *tx, const struct store_rec *car,
                      const char *org_id, const char *kind, json_t *extra, struct qerr *e);

/* Moves car to to_org_id: the "transferred" and "received" entries (extra
 * merged into both), car->org_id and doc.org_id changed, the record
 * updated. 409 duplicate (field carrier_ids) when the recipient already has
 * a carrier with that account number. */
int tops_carrier_move(struct req *r, struct store_tx *tx, struct store_rec *car,
                      const char *to_org_id, json_t *extra, struct qerr *e);

/* Custody per copy (http/custody.h). Checks the copy numbers nums (a JSON
 * array) of a carrier to be sent by organization `from` (or, person_from
 * not NULL, by that citizen): 400 invalid_value (field) for an empty list,
 * a number that is no copy or a repeated one; 409 invalid_state (field)
 * for a copy the sender does not hold (an organization's copy away under
 * a joint work is not its to send). Returns how many of them are issued
 * (>= 0), or -1. */
int tops_copies_check(const json_t *carrier_doc, const char *from, const char *person_from,
                      const json_t *nums, const char *field, struct qerr *e);
/* The numbers of the copies org_id holds outright (not under a joint
 * work), as a new JSON array; NULL out of memory. */
json_t *tops_copies_held(const json_t *carrier_doc, const char *org_id);
/* Moves the copies nums (checked by tops_copies_check) from `from` to the
 * organization to_org or the citizen to_person, under joint work jw (NULL:
 * outright): each copy's holder set, the journal gets "transferred" under
 * the sender and "received" under a recipient organization (both with
 * from_org_id, to_org_id | to_person_id, copy_numbers, joint_work_id and
 * extra), doc.departed[from] = the act's date. An outright move after
 * which the recipient holds every copy moves the carrier too (org_id; 409
 * duplicate when the recipient has that account number). Updates the
 * record. */
int tops_copies_move(struct req *r, struct store_tx *tx, struct store_rec *car,
                     const char *from, const char *to_org, const char *to_person,
                     const json_t *nums, const char *jw, json_t *extra, struct qerr *e);

/* The carrier ids of a JSON array as a set check: 400 invalid_value (field)
 * on a repeated id. */
int tops_ids_unique(const json_t *ids, const char *field, struct qerr *e);

/* Answers a 422 refusal carrying extra members in the error object (e.g.
 * liquidation_blocked's "carriers"): the message in the caller's language,
 * the refusal audited in its own transaction like the router's. Returns 0
 * (the answer is set). extra is taken (members merged into "error"). */
int tops_refuse_with(struct req *r, struct resp *out, struct qerr *e, json_t *extra);

/* ---- joint works (h_joint_works.c), shared with h_transfers.c ----------- */

/* Transfers the carriers (a JSON array of ids) under the joint work jw
 * (record "joint_work", updated here): for each, exactly the copy numbers
 * the request named (R743 p.4.2), or those of sel (NULL, or a JSON array
 * of {carrier_id, copy_numbers}: only numbers the request named, else
 * not_in_annex), move to the executor organization or citizen; org_id
 * stays. 404 carrier_ids, 409 (a copy not held by the customer, issued),
 * then jw_transfer's 422 codes, not_in_annex, recipient_permit_missing. */
int hjw_transfer_carriers(struct req *r, struct store_tx *tx, struct store_rec *jw,
                          const json_t *carrier_ids, const json_t *sel, struct qerr *e);

/* A joint work of customer with the executor organization that can take
 * transfers (notified, active, suspended): *found and out set. */
int hjw_find(struct store_tx *tx, const char *customer, const char *executor_org,
             struct store_rec *out, bool *found, struct qerr *e);

/* Ends the joint work in state `next` (closed or cancelled) for `reason`,
 * returning every copy held under it to the customer (R743 p.10); 409
 * when a copy is still issued at the executor. Updates jw. */
int hjw_end(struct req *r, struct store_tx *tx, struct store_rec *jw, const char *next,
            const char *reason, struct qerr *e);

/* Records a violation of the joint work jw (Art. 26.3, R743 p.9), dated
 * the request's effective_date: the first suspends the work, a repeated one
 * raises its cancellation (core jw_violation: 409 outside active and
 * suspended). incident_id names the confirmed incident it comes from, or
 * NULL (POST /v1/joint-works/{id}/violations). Updates jw->doc and state;
 * the caller stores jw. */
int hjw_violation(struct req *r, struct store_rec *jw, const char *description,
                  const char *incident_id, struct qerr *e);

#endif
