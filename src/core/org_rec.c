/*
 * org_rec.c — names of the enums of org_rec.h and releasing a permit.
 */
#include "core/org_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const org_kind_names[] = {"state_body", "organization", "foreign_state",
                                      "international_org", NULL};
const char *const org_state_names[] = {"active", "reorganizing", "liquidated", NULL};
const char *const org_regime_names[] = {"", "special_regime", "regime", "protected", NULL};

int
org_enum_parse(const char *const *names, const char *s)
{
	for (int i = 0; s != NULL && s[0] != '\0' && names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

void
org_rec_free(struct org_rec *o)
{
	if (o == NULL)
		return;
	free(o->name);
	free(o->city);
	memset(o, 0, sizeof *o);
}

const char *const permit_state_names[] = {"active", "suspended", "cancelled", NULL};

int
permit_state_parse(const char *s)
{
	for (int i = 0; s != NULL && permit_state_names[i] != NULL; i++)
		if (strcmp(s, permit_state_names[i]) == 0)
			return i;
	return -1;
}

const char *
permit_state_name(int st)
{
	return st >= PERMIT_ACTIVE && st <= PERMIT_CANCELLED ? permit_state_names[st] : NULL;
}

void
permit_rec_free(struct permit_rec *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nmarks; i++)
		free(p->marks[i].agreement_ref);
	free(p->marks);
	free(p->history);
	memset(p, 0, sizeof *p);
}

const char *const org_act_state_names[] = {"active", NULL};

void
certificate_rec_free(struct certificate_rec *c)
{
	if (c == NULL)
		return;
	free(c->means);
	memset(c, 0, sizeof *c);
}

void
delegation_rec_free(struct delegation_rec *d)
{
	if (d == NULL)
		return;
	free(d->ref);
	memset(d, 0, sizeof *d);
}
