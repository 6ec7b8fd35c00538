/*
 * info_rec.c — the names of an information item's states and its release
 * (core/info_rec.h).
 */
#include "core/info_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const info_state_names[] = {"preliminary", "classified", "declassified", NULL};

int
info_state_parse(const char *s)
{
	for (int i = 0; s != NULL && info_state_names[i] != NULL; i++)
		if (strcmp(s, info_state_names[i]) == 0)
			return i;
	return -1;
}

const char *
info_state_name(int st)
{
	return st >= 0 && st <= INFO_ST_DECLASSIFIED ? info_state_names[st] : NULL;
}

void
info_rec_free(struct info_rec *r)
{
	if (r == NULL)
		return;
	free(r->title);
	free(r->basis);
	free(r->review_reason);
	free(r->declassification_ground);
	free(r->extra);
	for (size_t i = 0; r->topics != NULL && i < r->ntopics; i++)
		free(r->topics[i]);
	free(r->topics);
	memset(r, 0, sizeof *r);
}
