/*
 * trip.c — the states and transitions of trips abroad (see trip.h).
 */
#include "core/trip.h"

#include <stdlib.h>
#include <string.h>

const char *const violation_admitted_names[] = {"now", "previously", NULL};

const char *const trip_state_names[] = {"", "requested", "approved", "refused", "departed",
                                        NULL};

enum trip_state
trip_state_parse(const char *s)
{
	for (int i = 1; s != NULL && trip_state_names[i] != NULL; i++)
		if (strcmp(s, trip_state_names[i]) == 0)
			return (enum trip_state)i;
	return TRIP_UNKNOWN;
}

const char *
trip_state_name(enum trip_state s)
{
	if ((int)s < 0 || s > TRIP_DEPARTED)
		return "";
	return trip_state_names[s];
}

int
trip_decide_check(const char *stored, bool approve, enum trip_state *next, struct qerr *e)
{
	if (trip_state_parse(stored) != TRIP_REQUESTED) {
		/* invalid_state, Art. 32: only a request is decided, once */
		qerr_set(e, QERR_CONFLICT, "invalid_state", "32", NULL);
		qerr_detail(e, "trip is %s", stored ? stored : "");
		return -1;
	}
	*next = approve ? TRIP_APPROVED : TRIP_REFUSED;
	return 0;
}

int
trip_depart_check(const char *stored, bool *approved, enum trip_state *next, struct qerr *e)
{
	enum trip_state s = trip_state_parse(stored);

	*approved = false;
	if (s == TRIP_DEPARTED) {
		/* invalid_state, Art. 32: a trip departs once */
		qerr_set(e, QERR_CONFLICT, "invalid_state", "32", NULL);
		qerr_detail(e, "trip is departed");
		return -1;
	}
	*approved = s == TRIP_APPROVED;
	*next = TRIP_DEPARTED;
	return 0;
}

void
trip_rec_free(struct trip_rec *t)
{
	if (t == NULL)
		return;
	free(t->country);
	free(t->purpose);
	memset(t, 0, sizeof *t);
}

void
violation_rec_free(struct violation_rec *v)
{
	if (v == NULL)
		return;
	free(v->country);
	free(v->liability);
	free(v->consequence);
	memset(v, 0, sizeof *v);
}
