/*
 * classify_rec.c — see classify_rec.h.
 */
#include "core/classify_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const classifier_state_names[] = {"active", NULL};

int
classifier_state_parse(const char *s)
{
	for (int i = 0; s != NULL && classifier_state_names[i] != NULL; i++)
		if (strcmp(s, classifier_state_names[i]) == 0)
			return i;
	return -1;
}

const char *
classifier_state_name(int st)
{
	return st == CLASSIFIER_ACTIVE ? classifier_state_names[st] : NULL;
}

void
classifier_rec_free(struct classifier_rec *c)
{
	if (c == NULL)
		return;
	free(c->full_name);
	free(c->position);
	memset(c, 0, sizeof *c);
}
