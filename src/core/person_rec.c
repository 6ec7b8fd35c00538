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

const char *const person_citizenship_names[] = {"KZ", "foreign", "stateless", NULL};
const char *const person_employment_names[] = {"employed", "dismissed", "contract_ended", NULL};
const char *const person_event_names[] = {"", "dismissal", "contract_end", "transfer", NULL};

int
person_enum_parse(const char *const *names, const char *s)
{
	for (int i = 0; s != NULL && *s != '\0' && names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void
person_rec_free(struct person_rec *p)
{
	if (p == NULL)
		return;
	free(p->passport);
	free(p->full_name);
	free(p->position);
	memset(p, 0, sizeof *p);
}

void
ground_rec_free(struct ground_rec *g)
{
	if (g == NULL)
		return;
	free(g->details);
	memset(g, 0, sizeof *g);
}
