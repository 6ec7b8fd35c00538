/*
 * request_rec.c — the names of request_rec.h and releasing a request.
 */
#include "core/request_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const request_state_names[] = {"open", "answered", "forwarded", NULL};
const char *const request_decision_names[] = {"", "declassified", "refused", NULL};

void
request_rec_free(struct request_rec *r)
{
	if (r == NULL)
		return;
	free(r->requester);
	free(r->subject);
	free(r->reasons);
	memset(r, 0, sizeof *r);
}
