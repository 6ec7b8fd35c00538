/*
 * ground.c — the states of grounds for refusal and their lifting (see
 * ground.h).
 */
#include "core/ground.h"

#include <string.h>

const char *const ground_state_names[] = {"", "in_force", "lifted", NULL};

enum ground_state
ground_state_parse(const char *s)
{
	for (int i = 1; s != NULL && ground_state_names[i] != NULL; i++)
		if (strcmp(s, ground_state_names[i]) == 0)
			return (enum ground_state)i;
	return GROUND_UNKNOWN;
}

const char *
ground_state_name(enum ground_state s)
{
	if ((int)s < 0 || s > GROUND_LIFTED)
		return "";
	return ground_state_names[s];
}

int
ground_lift_check(const char *stored, qdate noted_on, qdate on, enum ground_state *next,
                  struct qerr *e)
{
	if (ground_state_parse(stored) != GROUND_IN_FORCE) {
		/* invalid_state, Art. 30.1: only a ground in force is lifted */
		qerr_set(e, QERR_CONFLICT, "invalid_state", "30.1", NULL);
		qerr_detail(e, "ground is %s", stored ? stored : "");
		return -1;
	}
	if (on < noted_on) {
		/* SPEC.md §5: a step dated before the one it depends on. */
		qerr_set(e, QERR_CONFLICT, "invalid_state", "30.1", "effective_date");
		qerr_detail(e, "a ground is lifted after it was noted");
		return -1;
	}
	*next = GROUND_LIFTED;
	return 0;
}
