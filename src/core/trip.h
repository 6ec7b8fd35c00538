/*
 * trip.h — trips abroad of persons admitted, or previously admitted within
 * the restriction period (Art. 32; news 2024): their states and the
 * transitions the head and the security officer may make. Pure.
 *   requested --trip_decide_check()--> approved | refused   (the head, Art. 32)
 *   requested|approved|refused --trip_depart_check()--> departed (final; a
 *   departure without approval is recorded as a violation by the caller,
 *   core/clearance.h clearance_trip_check)
 */
#ifndef QUPIYA_CORE_TRIP_H
#define QUPIYA_CORE_TRIP_H

#include <stdbool.h>

#include "core/qerr.h"

enum trip_state {
	TRIP_UNKNOWN = 0,             /* not a stored state: refused by every transition */
	TRIP_REQUESTED,
	TRIP_APPROVED,
	TRIP_REFUSED,
	TRIP_DEPARTED,
};
extern const char *const trip_state_names[];    /* index = value, NULL-terminated */
enum trip_state trip_state_parse(const char *s); /* TRIP_UNKNOWN for NULL or unknown */
const char *trip_state_name(enum trip_state s);  /* "" for TRIP_UNKNOWN */

/* The head's decision on a request: 0 and *next (approved or refused), or
 * 409 invalid_state (Art. 32) unless the trip is requested; the detail
 * names the stored state (`stored`, as kept). */
int trip_decide_check(const char *stored, bool approve, enum trip_state *next, struct qerr *e);
/* The departure: 0 and *next = departed, or 409 invalid_state (Art. 32)
 * when the trip departed already. *approved is true when the trip was
 * approved (the approval's date then counts, Art. 32). */
int trip_depart_check(const char *stored, bool *approved, enum trip_state *next, struct qerr *e);

#endif
