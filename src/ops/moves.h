/*
 * moves.h — the store work every transfer procedure shares (Art. 25, 26,
 * 27, 28; R743 p.4.2, p.10, p.11), moved from src/http/transfer_ops.c
 * (issue 11): the recipient's permit or the citizen's clearance, the
 * subordination of two organizations, and moving copies of a carrier
 * between holders with its movement journal. The rules themselves are in
 * src/core/transfer.h, joint_work.h, foreign.h; custody per copy is
 * core/custody_rec.h.
 *
 * MOVEMENTS. A move writes two journal entries (record "movement",
 * parent_id = the carrier): kind "transferred" under the sender (org_id =
 * sender, doc.to_org_id) and kind "received" under the recipient (org_id =
 * recipient, doc.from_org_id), so the sender's journal keeps what left and
 * when (SPEC.md §2 "Carrier"). A transfer outside the system (Art. 27)
 * writes one entry, kind "transferred_out".
 *
 * The carrier is a struct carrier_rec (core/carrier_rec.h), copy numbers
 * are C arrays, the journal entry's act fields a struct movement_rec (its
 * `more` bits and fields, its copy_numbers and extra; NULL: none).
 * Every function works inside the caller's transaction and never commits.
 * Ownership: records passed in and `act` are borrowed.
 */
#ifndef QUPIYA_OPS_MOVES_H
#define QUPIYA_OPS_MOVES_H

#include <stdbool.h>

#include "core/carrier.h"
#include "core/degree.h"
#include "ops/jrec.h"
#include "ops/ops.h"

/* recipient_permit_missing (Art. 26.1, R743 p.11): org_id holds a permit
 * usable for label on day on, as the permits stood then (SPEC.md §3). */
int ops_org_permit_check(struct store_tx *tx, const char *org_id, enum degree label, qdate on,
                         struct qerr *e);
/* recipient_permit_missing: the person holds a clearance for label active
 * on day on (QDATE_NONE: as stored). */
int ops_person_clearance_check(struct store_tx *tx, const char *person_id, enum degree label,
                               qdate on, struct qerr *e);

/* *out: a and b are in one parent chain (either is an ancestor of the
 * other, at most TRANSFER_CHAIN_MAX links). */
int ops_subordinated(struct store_tx *tx, const char *a, const char *b, bool *out,
                     struct qerr *e);


/* ---- carriers ------------------------------------------------------------ */
struct carrier_rec;
struct movement_rec;

/* Copy numbers (1-based), in order: an owned C array. */
struct ops_nums {
	int *v;
	size_t n;
};
void ops_nums_free(struct ops_nums *a);
/* Appends k; -1 out of memory. */
int ops_nums_push(struct ops_nums *a, int k);
/* a = a copy of v[0..n); -1 out of memory (a emptied). */
int ops_nums_set(struct ops_nums *a, const int *v, size_t n);

/* One journal entry for car under org_id (the organization concerned),
 * dated the act's effective date, by the actor; copy_number and person_id
 * null, whatever act carries. */
int ops_movement_add_rec(const struct ops_ctx *c, struct store_tx *tx,
                         const struct carrier_rec *car, const char *org_id, const char *kind,
                         const struct movement_rec *act, struct qerr *e);
/* Moves car whole to to_org_id: the "transferred" and "received" entries
 * (act's fields in both), car->org_id changed, the carrier saved. 409
 * duplicate (field carrier_ids) when the recipient already has a carrier
 * with that account number. */
int ops_carrier_move_rec(const struct ops_ctx *c, struct store_tx *tx, struct carrier_rec *car,
                         const char *to_org_id, const struct movement_rec *act, struct qerr *e);
/* Checks the copy numbers nums[0..n) of a carrier to be sent by
 * organization `from` (or, person_from not NULL, by that citizen): 400
 * invalid_value (field) for an empty list, a number that is no copy or a
 * repeated one; 409 invalid_state (field) for a copy the sender does not
 * hold (an organization's copy away under a joint work is not its to
 * send). Returns how many of them are issued (>= 0), or -1. */
int ops_copies_check_rec(const struct carrier_rec *car, const char *from,
                         const char *person_from, const int *nums, size_t n, const char *field,
                         struct qerr *e);
/* The numbers of the copies org_id holds outright (not under a joint
 * work) into *out (emptied first); -1 out of memory. */
int ops_copies_held_rec(const struct carrier_rec *car, const char *org_id, struct ops_nums *out);
/* Moves the copies nums[0..n) (checked by ops_copies_check_rec) from
 * `from` to the organization to_org or the citizen to_person, under joint
 * work jw (NULL: outright): each copy's holder set, the journal gets
 * "transferred" under the sender and "received" under a recipient
 * organization (both with from_org_id, to_org_id | to_person_id,
 * copy_numbers, joint_work_id and act's fields), departed[from] = the
 * act's date. An outright move after which the recipient holds every copy
 * moves the carrier too (org_id; 409 duplicate when the recipient has that
 * account number). Saves the carrier. */
int ops_copies_move_rec(const struct ops_ctx *c, struct store_tx *tx, struct carrier_rec *car,
                        const char *from, const char *to_org, const char *to_person,
                        const int *nums, size_t n, const char *jw,
                        const struct movement_rec *act, struct qerr *e);

/* 400 invalid_value (field) when an id is repeated. */
int ops_ids_unique(const struct ops_ids *ids, const char *field, struct qerr *e);

/* Foreign recipients (Art. 27): an organization of kind foreign_state or
 * international_org. */
struct org_rec;
bool ops_org_foreign(const struct org_rec *org);

#endif
