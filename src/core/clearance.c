/*
 * clearance.c — clearance and trip rules (see clearance.h for the state
 * diagram and the readings of Art. 5, 29-32). Pure: no I/O, no allocation,
 * no clock.
 *
 * Invariants:
 *   1. A transition function sets *next only when it returns 0.
 *   2. QDATE_NONE never satisfies a date condition; *_UNKNOWN never passes.
 *   3. Every refusal carries the rule's code and article; the detail names
 *      the step, the ground or the date, never request data.
 */
#include "core/clearance.h"

#include <string.h>

/* ============================== Names ==================================== */

const char *const clearance_state_names[] = {
	"registering", "active", "refused", "terminated", NULL,
};

const char *const clearance_end_names[] = {
	"violation", "ground", "dismissal", "transfer", "contract_end", NULL,
};

const char *const clearance_verification_names[] = {"passed", "failed", "evaded", NULL};

const char *const clearance_relax_names[] = {"verification_pending", NULL};

const char *const clearance_ground_names[] = {
	"incapacity", "intentional_crime_conviction", "medical_contraindication",
	"residence_abroad", "verification_threat", "restrictions_breached",
	"corruption_admin_penalty", "corruption_offense", "grave_crime_record",
	"criminal_group", "verification_evasion", "false_information", NULL,
};

static int
name_index(const char *s, const char *const *names)
{
	for (int i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i + 1;
	return 0;
}

enum clearance_state
clearance_state_parse(const char *s)
{
	return (enum clearance_state)name_index(s, clearance_state_names);
}

const char *
clearance_state_name(enum clearance_state s)
{
	if (s <= CLEARANCE_UNKNOWN || s > CLEARANCE_TERMINATED)
		return NULL;
	return clearance_state_names[s - 1];
}

enum clearance_end
clearance_end_parse(const char *s)
{
	if (s != NULL && strcmp(s, "reregistered") == 0)
		return CLEARANCE_END_REREGISTERED;
	return (enum clearance_end)name_index(s, clearance_end_names);
}

const char *
clearance_end_name(enum clearance_end r)
{
	if (r == CLEARANCE_END_REREGISTERED)
		return "reregistered";
	if (r <= CLEARANCE_END_UNKNOWN || r > CLEARANCE_END_CONTRACT_END)
		return NULL;
	return clearance_end_names[r - 1];
}

enum clearance_verification
clearance_verification_parse(const char *s)
{
	return (enum clearance_verification)name_index(s, clearance_verification_names);
}

enum clearance_ground
clearance_ground_parse(const char *s)
{
	return (enum clearance_ground)name_index(s, clearance_ground_names);
}

enum clearance_citizenship
clearance_citizenship_parse(const char *s)
{
	static const char *const names[] = {"KZ", "foreign", "stateless", NULL};

	return (enum clearance_citizenship)name_index(s, names);
}

/* =========================== Transitions ================================= */

static int
refuse_state(struct qerr *e, const char *article, enum clearance_state cur)
{
	const char *name = clearance_state_name(cur);

	qerr_set(e, QERR_CONFLICT, "invalid_state", article, NULL);
	qerr_detail(e, "clearance is %s", name ? name : "in an unknown state");
	return -1;
}

int
clearance_decide(enum clearance_state cur, bool grant, enum clearance_state *next,
                 struct qerr *e)
{
	if (cur != CLEARANCE_REGISTERING)
		return refuse_state(e, "29.1", cur);
	*next = grant ? CLEARANCE_ACTIVE : CLEARANCE_REFUSED;
	return 0;
}

int
clearance_terminate(enum clearance_state cur, enum clearance_state *next, struct qerr *e)
{
	if (cur != CLEARANCE_ACTIVE)
		return refuse_state(e, "31.1", cur);
	*next = CLEARANCE_TERMINATED;
	return 0;
}

/* ========================== Prerequisites ================================ */

static int
missing(struct qerr *e, const char *field, const char *why)
{
	qerr_set(e, QERR_RULE, "prerequisites_missing", "29.1", field);
	qerr_detail_key(e, "prerequisite", "{field} {why}", "field", field, "why", why, NULL);
	return -1;
}

int
clearance_verification_check(const struct clearance_prereqs *p, struct qerr *e)
{
	/* prerequisites_missing, Art. 29.1: verification needs the written
	 * consent to it, given first (SPEC.md §5 "Order of steps"). */
	if (p->verification == CLEARANCE_VERIFICATION_NONE)
		return 0;
	if (p->consent_verification_on == QDATE_NONE)
		return missing(e, "consent_verification_on", "is not recorded");
	if (p->verified_on == QDATE_NONE || p->verified_on < p->consent_verification_on)
		return missing(e, "consent_verification_on", "is dated after the verification");
	return 0;
}

int
clearance_prerequisites_check(const struct clearance_prereqs *p, qdate decided_on,
                              unsigned relax, unsigned *relaxed_used, struct qerr *e)
{
	const struct {
		const char *field;
		qdate on;
	} steps[] = {
		{"commitment_on", p->commitment_on},
		{"consent_restrictions_on", p->consent_restrictions_on},
		{"consent_verification_on", p->consent_verification_on},
		{"familiarized_on", p->familiarized_on},
	};

	if (relaxed_used != NULL)
		*relaxed_used = 0;
	/* prerequisites_missing, Art. 29.1: each step recorded, none dated
	 * after the head's decision that depends on it. */
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i].on == QDATE_NONE)
			return missing(e, steps[i].field, "is not recorded");
		if (decided_on == QDATE_NONE || steps[i].on > decided_on)
			return missing(e, steps[i].field, "is dated after the decision");
	}
	switch (p->verification) {
	case CLEARANCE_VERIFICATION_PASSED:
		if (clearance_verification_check(p, e) != 0)
			return -1;
		if (p->verified_on > decided_on)
			return missing(e, "verification", "is dated after the decision");
		return 0;
	case CLEARANCE_VERIFICATION_FAILED:
		return missing(e, "verification", "failed");
	case CLEARANCE_VERIFICATION_EVADED:
		return missing(e, "verification", "was evaded");
	case CLEARANCE_VERIFICATION_NONE:
	default:
		break;
	}
	/* Art. 5: in an emergency or martial law period the verification may
	 * follow the decision; the consent to it (checked above) may not. */
	if (relax & CLEARANCE_RELAX_VERIFICATION_PENDING) {
		if (relaxed_used != NULL)
			*relaxed_used |= CLEARANCE_RELAX_VERIFICATION_PENDING;
		return 0;
	}
	return missing(e, "verification", "is not recorded as passed");
}

/* ============================ Grounds ==================================== */

bool
clearance_ground_counts(const struct clearance_ground_rec *g, qdate registered_on,
                        qdate decided_on)
{
	/* Fail closed: an undated ground, or an unknown decision date, counts. */
	if (g->noted_on == QDATE_NONE || decided_on == QDATE_NONE)
		return true;
	if (g->noted_on > decided_on)
		return false;                 /* not yet known at the decision */
	if (g->lifted_on != QDATE_NONE && g->lifted_on <= decided_on)
		return false;                 /* no longer in force */
	if (g->ground == CLEARANCE_GROUND_CORRUPTION_ADMIN_PENALTY) {
		/* Art. 30.1: "within three years prior to the registration of
		 * admission", except the first penalty for hiring a person who did
		 * not submit an asset declaration. */
		qdate from;

		if (g->exception)
			return false;
		if (registered_on == QDATE_NONE)
			return true;
		from = date_add_years(registered_on, -CLEARANCE_PENALTY_YEARS);
		return from == QDATE_NONE || g->noted_on >= from;
	}
	return true;
}

int
clearance_grounds_check(const struct clearance_ground_rec *g, size_t n,
                        qdate registered_on, qdate decided_on, size_t *which,
                        struct qerr *e)
{
	for (size_t i = 0; g != NULL && i < n; i++) {
		const char *name;

		if (!clearance_ground_counts(&g[i], registered_on, decided_on))
			continue;
		if (which != NULL)
			*which = i;
		/* refusal_ground, Art. 30.1 */
		qerr_rule(e, "refusal_ground", "30.1");
		name = g[i].ground > CLEARANCE_GROUND_UNKNOWN &&
		       g[i].ground <= CLEARANCE_GROUND_FALSE_INFORMATION
		       ? clearance_ground_names[g[i].ground - 1] : "unknown";
		qerr_detail_key(e, "refusal_ground", "ground {ground}", "ground", name, NULL);
		return -1;
	}
	return 0;
}

qdate
clearance_termination_due(qdate noted_on)
{
	return noted_on;
}

/* =========================== Foreigners ================================== */

int
clearance_treaty_check(enum clearance_citizenship c, const char *treaty_ref,
                       struct qerr *e)
{
	if (c == CLEARANCE_CITIZENSHIP_KZ)
		return 0;
	if (treaty_ref != NULL && treaty_ref[0] != '\0')
		return 0;
	/* foreigner_needs_treaty, Art. 29.4 */
	return qerr_set(e, QERR_RULE, "foreigner_needs_treaty", "29.4", "treaty_ref");
}

/* ========================== Re-admission ================================= */

/* Does a termination for this reason make the person wait (Art. 31.1)? */
static bool
end_waits(enum clearance_end reason)
{
	switch (reason) {
	case CLEARANCE_END_DISMISSAL:
	case CLEARANCE_END_TRANSFER:
	case CLEARANCE_END_CONTRACT_END:
	case CLEARANCE_END_REREGISTERED:
		return false;
	case CLEARANCE_END_VIOLATION:
	case CLEARANCE_END_GROUND:
	case CLEARANCE_END_UNKNOWN:
	default:
		return true;
	}
}

qdate
clearance_readmission_from(enum clearance_end reason, qdate on)
{
	if (!end_waits(reason))
		return on;
	/* Art. 31.1: a calendar limit (SPEC.md §5), never moved. */
	return date_add_years(on, CLEARANCE_READMISSION_YEARS);
}

int
clearance_readmission_check(const struct clearance_past *past, size_t n, qdate decided_on,
                            struct qerr *e)
{
	for (size_t i = 0; past != NULL && i < n; i++) {
		qdate from;
		char buf[QDATE_STR_SIZE];

		if (past[i].state != CLEARANCE_TERMINATED || !end_waits(past[i].reason))
			continue;
		from = clearance_readmission_from(past[i].reason, past[i].terminated_on);
		if (from != QDATE_NONE && decided_on != QDATE_NONE && decided_on >= from)
			continue;
		/* readmission_too_early, Art. 31.1 */
		qerr_rule(e, "readmission_too_early", "31.1");
		if (from != QDATE_NONE)
			qerr_detail_key(e, "readmission_from", "re-admission possible from {date}", "date",
			                date_format(from, buf), NULL);
		return -1;
	}
	return 0;
}

/* ============================ The grant ================================== */

int
clearance_grant_check(const struct clearance_grant *g, unsigned *relaxed_used,
                      struct qerr *e)
{
	if (clearance_prerequisites_check(&g->prereqs, g->decided_on,
	                                  g->relax & CLEARANCE_RELAX_ALL, relaxed_used, e) != 0)
		return -1;
	if (clearance_grounds_check(g->grounds, g->ngrounds, g->registered_on, g->decided_on,
	                            NULL, e) != 0)
		return -1;
	if (clearance_treaty_check(g->citizenship, g->treaty_ref, e) != 0)
		return -1;
	return clearance_readmission_check(g->past, g->npast, g->decided_on, e);
}

/* ============================== Trips ==================================== */

enum clearance_admitted
clearance_trip_restriction(const struct clearance_trip_status *c, size_t n, qdate on)
{
	enum clearance_admitted a = CLEARANCE_NOT_RESTRICTED;

	for (size_t i = 0; c != NULL && i < n; i++) {
		if (c[i].state == CLEARANCE_ACTIVE &&
		    (c[i].granted_on == QDATE_NONE || on == QDATE_NONE || c[i].granted_on <= on))
			return CLEARANCE_ADMITTED_NOW;
		if (c[i].state == CLEARANCE_UNKNOWN)
			return CLEARANCE_ADMITTED_NOW;   /* fail closed: the stricter */
		if (c[i].state == CLEARANCE_TERMINATED && c[i].restriction_until != QDATE_NONE &&
		    (on == QDATE_NONE || on <= c[i].restriction_until))
			a = CLEARANCE_ADMITTED_BEFORE;
	}
	return a;
}

int
clearance_trip_check(const struct clearance_trip_status *c, size_t n, qdate departed_on,
                     qdate approved_on, enum clearance_admitted *admitted, struct qerr *e)
{
	enum clearance_admitted a = clearance_trip_restriction(c, n, departed_on);

	if (admitted != NULL)
		*admitted = a;
	if (a == CLEARANCE_NOT_RESTRICTED)
		return 0;
	if (approved_on != QDATE_NONE && departed_on != QDATE_NONE && approved_on <= departed_on)
		return 0;
	/* travel_not_approved, Art. 32 (news 2024 for the liability) */
	qerr_rule(e, "travel_not_approved", "32");
	qerr_detail(e, "%s", a == CLEARANCE_ADMITTED_NOW ? "admitted now"
	                                                  : "previously admitted, within the restriction period");
	return -1;
}

const char *
clearance_trip_liability(enum clearance_admitted a)
{
	return a == CLEARANCE_ADMITTED_NOW ? "CAO 504.2" : NULL;
}

bool
clearance_pending_lapsed(qdate period_end, qdate on)
{
	if (on == QDATE_NONE)
		return false;
	/* clearance_inactive, Art. 5, 29.1 */
	return period_end == QDATE_NONE || on > period_end;
}
