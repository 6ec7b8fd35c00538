/*
 * custody.h (src/ops) — who holds which numbered copy of a carrier (SPEC.md §2
 * "Carrier"; Art. 25.1, 26.1, 33.2; R743 p.4.2, p.10, p.11). The one place
 * that reads and writes the custody fields of a carrier's record, so every
 * handler asks the same questions the same way.
 *
 * MODEL. A carrier's doc (record "carrier") has
 *   org_id       the organization that holds the carrier now (its registry);
 *   copies[]     {number, holder_org_id | holder_person_id, holder, state,
 *                issued_on, joint_work_id?}: holder_org_id the organization
 *                holding that copy, holder_person_id a citizen executor
 *                holding it (R743 p.11), holder the person the copy is
 *                issued to (unchanged meaning), joint_work_id the joint work
 *                under which the copy is away at an executor;
 *   departed     {org_id: date}: each organization copies left (the last
 *                date), so its registry still lists what left and when.
 * A copy "at home" is held by doc.org_id and not by a person. A copy
 * without holder_org_id and holder_person_id is the 0.1.0 shape (the
 * migration fills it): it counts as held by doc.org_id, its meaning then.
 *
 * Pure over the doc: no store, no clock, no allocation except in the
 * writers (custody_copies_new, custody_depart) that say so.
 *
 * OWNERSHIP. Returned strings are borrowed from the doc: valid while the
 * doc is unchanged.
 *
 * UNTRUSTED INPUT: none; docs are our own records. A malformed doc (copies
 * not an array, a copy not an object) holds nothing.
 */
#ifndef QUPIYA_OPS_CUSTODY_H
#define QUPIYA_OPS_CUSTODY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"

/* The organization holding the copy: holder_org_id; a 0.1.0 copy (no holder
 * fields) doc.org_id; NULL when a citizen holds it. */
const char *custody_copy_org(const json_t *doc, const json_t *copy);
/* The citizen executor holding the copy (holder_person_id), or NULL. */
const char *custody_copy_person(const json_t *copy);
/* The joint work under which the copy is away, or NULL. */
const char *custody_copy_joint_work(const json_t *copy);

/* The copy is held by organization org_id. */
bool custody_copy_held_by(const json_t *doc, const json_t *copy, const char *org_id);
/* The copy is at home: held by doc.org_id, not by a person. */
bool custody_copy_home(const json_t *doc, const json_t *copy);

/* Some copy is held by org_id. */
bool custody_org_holds(const json_t *doc, const char *org_id);
/* Some copy is held by the citizen person_id. */
bool custody_person_holds(const json_t *doc, const char *person_id);
/* Every copy is at home (a carrier without copies is at home). */
bool custody_all_home(const json_t *doc);
/* The numbers of the copies org_id holds, ascending, into numbers[0..max);
 * returns how many it holds (may exceed max; numbers may be NULL). */
size_t custody_copies_held_by(const json_t *doc, const char *org_id, int *numbers, size_t max);
/* Copy number n (1-based) of the doc, or NULL. */
json_t *custody_copy(const json_t *doc, long long n);
/* The same for a step naming the copy: NULL with e a 400 invalid_value on
 * copy_number saying how many copies the carrier has. */
json_t *custody_copy_named(const json_t *doc, long long n, struct qerr *e);

/* Copies left org_id (doc.departed): the date they last left, or NULL. */
const char *custody_left_on(const json_t *doc, const char *org_id);
/* org_id has to do with the carrier: its registry (doc.org_id), holds a
 * copy, or sent copies away. */
bool custody_org_party(const json_t *doc, const char *org_id);

/* 409 invalid_state while any copy is away from doc.org_id (acts on the
 * whole carrier wait: destroy, archive, declassify, relabel); 0 when all
 * are home. The detail names the first copy away and its holder. */
int custody_home_check(const json_t *doc, struct qerr *e);

/* ---- writers ------------------------------------------------------------- */

/* n new copies {number, holder_org_id = org_id, holder_person_id null,
 * holder null, state in_registry, issued_on null}; NULL out of memory. */
json_t *custody_copies_new(int n, const char *org_id);
/* The copy is now held by org_id (person NULL) or by the citizen person_id
 * (org NULL), under joint work jw (NULL: none). 0, or -1 out of memory. */
int custody_copy_set(json_t *copy, const char *org_id, const char *person_id, const char *jw);
/* Records that copies left org_id on date (doc.departed[org_id] = date).
 * 0, or -1 out of memory. */
int custody_depart(json_t *doc, const char *org_id, qdate date);

#endif
