/*
 * permit.h — permits to work with state secrets (Art. 34): their states and
 * the transitions the national security authority may make. Pure.
 *
 *   active --permit_suspend()--> suspended --permit_resume()--> active
 *   active|suspended --permit_cancel()--> cancelled (final)
 *   active and valid_until < today  ==> reported as "expired" (by date;
 *   nothing is written)
 */
#ifndef QUPIYA_CORE_PERMIT_H
#define QUPIYA_CORE_PERMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"

/* The state as of today: the stored state, or "expired" for an active
 * permit past valid_until. Returns a static string. */
const char *permit_state_on(const char *stored, qdate valid_until, qdate today);

/* Transition checks: 0 and *next set, or 409 "invalid_state". */
int permit_suspend(const char *stored, const char **next, struct qerr *e);
int permit_resume(const char *stored, const char **next, struct qerr *e);
int permit_cancel(const char *stored, const char **next, struct qerr *e);

/* One transition of a permit as its history records it: from, to (stored
 * state names) and the act's effective date. */
struct permit_change {
	const char *from, *to;
	qdate date;
};

/* The stored state a permit had on day `on` (SPEC.md §3: permits are
 * checked as they stood on the act's effective_date): the state before the
 * first change dated after `on`, i.e. `current` rolled back through its
 * changes (oldest first). A change takes effect on its own date. Without
 * changes, or with `on` unknown, `current`. Returns one of the strings
 * given (borrowed). */
const char *permit_stored_state_on(const char *current, const struct permit_change *ch,
                                   size_t n, qdate on);

/* A permit is usable for degree d on day `today` (Art. 34). */
bool permit_valid_on(const char *stored, qdate issued_on, qdate valid_until, qdate today);

#endif
