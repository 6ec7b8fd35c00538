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

#include "core/date.h"
#include "core/qerr.h"

/* The state as of today: the stored state, or "expired" for an active
 * permit past valid_until. Returns a static string. */
const char *permit_state_on(const char *stored, qdate valid_until, qdate today);

/* Transition checks: 0 and *next set, or 409 "invalid_state". */
int permit_suspend(const char *stored, const char **next, struct qerr *e);
int permit_resume(const char *stored, const char **next, struct qerr *e);
int permit_cancel(const char *stored, const char **next, struct qerr *e);

/* A permit is usable for degree d on day `today` (Art. 34). */
bool permit_valid_on(const char *stored, qdate issued_on, qdate valid_until, qdate today);

#endif
