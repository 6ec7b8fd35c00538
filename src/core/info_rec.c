/*
 * info_rec.c — the names of an information item's states and its release
 * (core/info_rec.h).
 */
#include "core/info_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const info_state_names[] = {"preliminary", "classified", "declassified", NULL};

const char *const info_decision_names[] = {"", "add_to_list", "remove_label", NULL};

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
	free(r->decl_ground);
	free(r->decl_court_ref);
	for (size_t i = 0; r->extensions != NULL && i < r->nextensions; i++)
		free(r->extensions[i].conclusion_ref);
	free(r->extensions);
	free(r->reviews);
	for (size_t i = 0; r->topics != NULL && i < r->ntopics; i++)
		free(r->topics[i]);
	free(r->topics);
	memset(r, 0, sizeof *r);
}
