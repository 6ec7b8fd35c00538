/*
 * incident.c — the kinds, states and transition of incidents (see
 * incident.h).
 */
#include "core/incident.h"

#include <stdlib.h>
#include <string.h>

const char *const incident_kind_names[] = {"", "loss", "disclosure", "loss_suspected", NULL};
const char *const incident_state_names[] = {"", "open", "confirmed", NULL};
const char *const incident_ref_role_names[] = {"carrier", "person", "lost", "clearance",
                                               "joint_work", "copy", NULL};

static int
names_parse(const char *const *names, const char *s)
{
	for (int i = 1; s != NULL && names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return 0;
}

enum incident_kind
incident_kind_parse(const char *s)
{
	return (enum incident_kind)names_parse(incident_kind_names, s);
}

const char *
incident_kind_name(enum incident_kind k)
{
	return (int)k < 0 || k > INCIDENT_LOSS_SUSPECTED ? "" : incident_kind_names[k];
}

enum incident_state
incident_state_parse(const char *s)
{
	return (enum incident_state)names_parse(incident_state_names, s);
}

const char *
incident_state_name(enum incident_state s)
{
	return (int)s < 0 || s > INCIDENT_CONFIRMED ? "" : incident_state_names[s];
}

int
incident_confirm_check(enum incident_state stored, struct qerr *e)
{
	if (stored != INCIDENT_OPEN) {
		/* invalid_state, Art. 31.1: an incident is confirmed once, and
		 * the consequence (clearances ended for violation) follows
		 * that one confirmation */
		qerr_set(e, QERR_CONFLICT, "invalid_state", "31.1", NULL);
		qerr_detail(e, "incident is %s", incident_state_name(stored));
		return -1;
	}
	return 0;
}

void
incident_rec_free(struct incident_rec *r)
{
	if (r == NULL)
		return;
	free(r->description);
	free(r->damage);
	for (int i = 0; i < INCIDENT_REF_COPY; i++)
		free(r->ids[i].v);
	free(r->copies);
	memset(r, 0, sizeof *r);
}
