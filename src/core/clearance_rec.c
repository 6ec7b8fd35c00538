/*
 * clearance_rec.c — the stored names of clearance_rec.h and releasing a
 * clearance.
 */
#include "core/clearance_rec.h"

#include <stdlib.h>
#include <string.h>

const char *const clearance_rec_state_names[] = {
	"", "registering", "active", "refused", "terminated", NULL,
};
const char *const clearance_rec_verification_names[] = {
	"", "passed", "failed", "evaded", NULL,
};
const char *const clearance_rec_end_names[] = {
	"", "violation", "ground", "dismissal", "transfer", "contract_end", "reregistered", NULL,
};
const char *const clearance_rec_decision_names[] = {"", "grant", "refuse", NULL};

void
clearance_rec_init(struct clearance_rec *c)
{
	memset(c, 0, sizeof *c);
	c->registered_on = c->commitment_on = c->consent_restrictions_on = QDATE_NONE;
	c->consent_verification_on = c->familiarized_on = c->verified_on = QDATE_NONE;
	c->decided_on = c->restriction_until = c->verification_due_on = QDATE_NONE;
	c->granted_on = c->terminated_on = c->termination_due_on = c->due_noted_on = QDATE_NONE;
}

void
clearance_rec_free(struct clearance_rec *c)
{
	if (c == NULL)
		return;
	free(c->treaty_ref);
	free(c->contract_number);
	free(c->replaces);
	free(c->relaxed);
	memset(c, 0, sizeof *c);
}
