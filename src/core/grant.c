/*
 * grant.c — need-to-know grants' life (see grant.h). Pure.
 */
#include "core/grant.h"
#include "core/grant_rec.h"

#include <string.h>

int
grant_revoke_check(const char *state, qdate from, qdate on, struct qerr *e)
{
	if (state == NULL || strcmp(state, "active") != 0) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "33.2", NULL);
		qerr_detail(e, "the grant is not active");
		return -1;
	}
	/* A revocation dated before the grant began has nothing to end. */
	if (from == QDATE_NONE || on < from) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "33.2", "effective_date");
		qerr_detail(e, "the revocation is dated before the grant");
		return -1;
	}
	return 0;
}

qdate
grant_revoked_until(qdate until, qdate on)
{
	qdate last;

	if (on == QDATE_NONE)
		return QDATE_NONE;   /* no date: the grant covers nothing (fail closed) */
	last = on - 1;
	return until != QDATE_NONE && until < last ? until : last;
}

const char *const grant_state_names[] = {"active", "revoked", NULL};

const char *
grant_state_name(int state)
{
	return state == GRANT_REVOKED ? "revoked" : "active";
}

int
grant_state_parse(const char *s, int *out)
{
	for (int i = 0; grant_state_names[i] != NULL; i++)
		if (s != NULL && strcmp(s, grant_state_names[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}
