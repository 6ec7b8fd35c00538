/*
 * person_rec.c — names of the enums of person_rec.h and the release of its
 * records.
 */
#include "core/person_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const emergency_kind_names[] = {"emergency", "martial_law", NULL};

int
emergency_kind_parse(const char *s)
{
	for (int i = 0; s != NULL && emergency_kind_names[i] != NULL; i++)
		if (strcmp(s, emergency_kind_names[i]) == 0)
			return i;
	return -1;
}

const char *
emergency_kind_name(int k)
{
	if (k < 0 || k > EMERGENCY_KIND_MARTIAL_LAW)
		return NULL;
	return emergency_kind_names[k];
}

void
emergency_mode_rec_free(struct emergency_mode_rec *m)
{
	if (m == NULL)
		return;
	free(m->decree_ref);
	free(m->area);
	free(m->org_ids);
	free(m->relaxations);
	memset(m, 0, sizeof *m);
}
