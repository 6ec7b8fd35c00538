/*
 * custody_rec.h — custody per copy over the typed carrier (core/carrier_rec.h;
 * SPEC.md §2 "Carrier"; Art. 25.1, 26.1, 33.2; R743 p.4.2, p.10, p.11): who
 * holds which numbered copy, which copies are at home, where copies left
 * from. The one reader of a copy's holder for the procedures of src/ops that
 * work on struct carrier_rec (issue 11: the carrier family off the JSON
 * form). Pure: no store, no clock, no JSON; the writers that allocate say so.
 *
 * MODEL. A carrier has
 *   org_id       the organization that holds the carrier now (its registry);
 *   copies[]     each with holder_org_id | holder_person_id (never both),
 *                holder (the person it is issued to), state, issued_on and
 *                joint_work_id (the joint work under which it is away);
 *   departed[]   for each organization copies left, the last date.
 * A holder field that is absent or null reads "" in the struct: here it is
 * NULL. A copy without holder_org_id and holder_person_id is the 0.1.0
 * shape: it counts as held by org_id, its meaning then. A copy "at home" is
 * held by org_id and not by a person.
 *
 * These replaced ops/custody.h, which answered the same questions over the
 * carrier's JSON form (issue 11); tests/unit/test_ops_custody_rec.c holds
 * the answers for every custody shape.
 *
 * OWNERSHIP. Returned strings and copies are borrowed from the carrier:
 * valid while it is unchanged.
 */
#ifndef QUPIYA_CORE_CUSTODY_REC_H
#define QUPIYA_CORE_CUSTODY_REC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/carrier_rec.h"
#include "core/date.h"
#include "core/qerr.h"

/* The organization holding the copy (a 0.1.0 copy: c->org_id), or NULL when
 * a citizen holds it. */
const char *custody_rec_copy_org(const struct carrier_rec *c, const struct carrier_copy_rec *cp);
/* The citizen executor holding the copy, or NULL. */
const char *custody_rec_copy_person(const struct carrier_copy_rec *cp);
/* The joint work under which the copy is away, or NULL. */
const char *custody_rec_copy_joint_work(const struct carrier_copy_rec *cp);

/* The copy is held by org_id (false for NULL). */
bool custody_rec_copy_held_by(const struct carrier_rec *c, const struct carrier_copy_rec *cp,
                              const char *org_id);
/* The copy is at home: held by c->org_id, not by a person. */
bool custody_rec_copy_home(const struct carrier_rec *c, const struct carrier_copy_rec *cp);

/* Copy n (1-based, in order), or NULL when there is none. */
struct carrier_copy_rec *custody_rec_copy(const struct carrier_rec *c, long long n);
/* The same; when there is none, 400 invalid_value (copy_number) with the
 * detail "the carrier has {n} copies". */
struct carrier_copy_rec *custody_rec_copy_named(const struct carrier_rec *c, long long n,
                                                struct qerr *e);

/* org_id holds at least one copy (a carrier without copies: false). */
bool custody_rec_org_holds(const struct carrier_rec *c, const char *org_id);
/* The citizen person_id holds at least one copy. */
bool custody_rec_person_holds(const struct carrier_rec *c, const char *person_id);
/* Every copy is at home. */
bool custody_rec_all_home(const struct carrier_rec *c);
/* How many copies org_id holds; their numbers (positions, 1-based) into
 * numbers[0..max) when numbers is not NULL. */
size_t custody_rec_copies_held_by(const struct carrier_rec *c, const char *org_id, int *numbers,
                                  size_t max);
/* The copies issued to persons now (state "issued"). */
int custody_rec_copies_out(const struct carrier_rec *c);
/* The last date copies left org_id ("YYYY-MM-DD"), or NULL: never (or null). */
const char *custody_rec_left_on(const struct carrier_rec *c, const char *org_id);
/* org_id is a party: the carrier's registry, a holder, or copies left it. */
bool custody_rec_org_party(const struct carrier_rec *c, const char *org_id);
/* 409 invalid_state with the detail "copy {n} is away, held by {holder}"
 * for the first copy not at home; 0 when every copy is. */
int custody_rec_home_check(const struct carrier_rec *c, struct qerr *e);

/* Whether org holds a copy for the scope of who sees and who grants
 * (ops/scope.h): as custody_rec_org_holds, except that a carrier without
 * copies is its org_id's. Fail closed: false for NULL or "". */
bool custody_rec_scope_holds(const struct carrier_rec *c, const char *org);

/* ---- writers -------------------------------------------------------------- */

/* Gives c n copies numbered 1..n, in the registry of org_id (NULL: holder
 * null), state "in_registry", no holder, not issued — the copies of a
 * registration. Replaces any copies c had. -1 out of memory (c unchanged). */
int custody_rec_copies_new(struct carrier_rec *c, int n, const char *org_id);
/* The copy is now held by org_id (person_id NULL) or by the citizen
 * person_id (org_id NULL), under joint work jw (NULL: none, the field
 * removed). */
void custody_rec_copy_set(struct carrier_copy_rec *cp, const char *org_id,
                          const char *person_id, const char *jw);
/* Records that copies left org_id on date (QDATE_NONE: null): updates its
 * departed entry or adds one. NULL org_id: nothing. -1 out of memory. */
int custody_rec_depart(struct carrier_rec *c, const char *org_id, qdate date);

#endif
