/*
 * ground.h — grounds for refusal of access noted for a person (Art. 30):
 * their states and the lifting of a ground. Pure.
 *   in_force --ground_lift_check()--> lifted (final)
 */
#ifndef QUPIYA_CORE_GROUND_H
#define QUPIYA_CORE_GROUND_H

#include "core/date.h"
#include "core/qerr.h"

enum ground_state { GROUND_UNKNOWN = 0, GROUND_IN_FORCE, GROUND_LIFTED };
extern const char *const ground_state_names[];      /* index = value, NULL-terminated */
enum ground_state ground_state_parse(const char *s); /* GROUND_UNKNOWN for NULL or unknown */
const char *ground_state_name(enum ground_state s);  /* "" for GROUND_UNKNOWN */

/* Lifting a ground noted on noted_on, as of day `on`: 0 and *next =
 * lifted, or 409 invalid_state (Art. 30.1) when it is not in force (the
 * detail names the stored state) or `on` is before noted_on (field
 * effective_date, SPEC.md §5: a step dated before the one it depends on). */
int ground_lift_check(const char *stored, qdate noted_on, qdate on, enum ground_state *next,
                      struct qerr *e);

#endif
