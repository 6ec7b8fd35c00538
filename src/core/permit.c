/*
 * permit.c — permit states (see permit.h). Pure.
 */
#include "core/permit.h"

#include <string.h>

const char *
permit_state_on(const char *stored, qdate valid_until, qdate today)
{
	if (strcmp(stored, "active") == 0)
		return valid_until < today ? "expired" : "active";
	if (strcmp(stored, "suspended") == 0)
		return "suspended";
	return "cancelled";
}

static int
step(const char *stored, const char *from1, const char *from2, const char *to,
     const char **next, struct qerr *e)
{
	if (strcmp(stored, from1) == 0 || (from2 != NULL && strcmp(stored, from2) == 0)) {
		*next = to;
		return 0;
	}
	qerr_set(e, QERR_CONFLICT, "invalid_state", "34", NULL);
	qerr_detail(e, "permit is %s", stored);
	return -1;
}

int
permit_suspend(const char *stored, const char **next, struct qerr *e)
{
	return step(stored, "active", NULL, "suspended", next, e);
}

int
permit_resume(const char *stored, const char **next, struct qerr *e)
{
	return step(stored, "suspended", NULL, "active", next, e);
}

int
permit_cancel(const char *stored, const char **next, struct qerr *e)
{
	return step(stored, "active", "suspended", "cancelled", next, e);
}

bool
permit_valid_on(const char *stored, qdate issued_on, qdate valid_until, qdate today)
{
	return strcmp(stored, "active") == 0 && issued_on <= today && today <= valid_until;
}

const char *
permit_stored_state_on(const char *current, const struct permit_change *ch, size_t n,
                       qdate on)
{
	const char *state;

	if (ch == NULL || n == 0 || on == QDATE_NONE)
		return current;
	state = ch[0].from;
	for (size_t i = 0; i < n; i++) {
		/* an undated change fails closed: it counts as already made */
		if (ch[i].date != QDATE_NONE && ch[i].date > on)
			break;
		state = ch[i].to;
	}
	return state != NULL ? state : current;
}
