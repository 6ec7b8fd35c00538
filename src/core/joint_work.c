/*
 * joint_work.c — the joint-work state machine and rules (see joint_work.h
 * for the diagram, the codes and the readings of Decree 743).
 *
 * Invariants:
 *   1. A transition sets *next only when it returns 0.
 *   2. JW_UNKNOWN has no transition (fails closed).
 *   3. A date that is QDATE_NONE never satisfies "after the step".
 */
#include "core/joint_work.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const state_names[] = {
	"requested", "permitted", "refused", "agreed", "notified", "active",
	"suspended", "closed", "cancelled", NULL,
};

const char *const jw_protection_names[] = {
	"executor_own", "customer", "quasi_public_affiliate", "state_provider", NULL,
};

static int
name_index(const char *s, const char *const *names)
{
	for (int i = 0; s != NULL && names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i + 1;
	return 0;
}

enum jw_state
jw_state_parse(const char *s)
{
	return (enum jw_state)name_index(s, state_names);
}

const char *
jw_state_name(enum jw_state s)
{
	if (s <= JW_UNKNOWN || s > JW_CANCELLED)
		return NULL;
	return state_names[s - 1];
}

bool
jw_holds_carriers(enum jw_state s)
{
	return s == JW_ACTIVE || s == JW_SUSPENDED;
}

enum jw_protection
jw_protection_parse(const char *s)
{
	return (enum jw_protection)name_index(s, jw_protection_names);
}

static int
bad_state(enum jw_state cur, const char *step, struct qerr *e)
{
	qerr_set(e, QERR_CONFLICT, "invalid_state", "26", NULL);
	qerr_detail(e, "%s is not possible while the joint work is %s", step,
	            jw_state_name(cur) ? jw_state_name(cur) : "unknown");
	return -1;
}

/* The step's date is not before the date of the step it depends on. */
static bool
dated_after(qdate step, qdate dependency)
{
	return step != QDATE_NONE && dependency != QDATE_NONE && step >= dependency;
}

/* ============================== Request ================================== */

static int
incomplete(struct qerr *e, const char *field, const char *what)
{
	/* permission_request_incomplete, R743 p.4 */
	qerr_set(e, QERR_RULE, "permission_request_incomplete", "R743 p.4", field);
	qerr_detail_key(e, "request_names", "the request does not name {what}", "what", what, NULL);
	return -1;
}

int
jw_request_check(const struct jw_request *rq, struct qerr *e)
{
	char field[QERR_FIELD_MAX];
	const char *who, *credential;

	if (rq == NULL)
		return incomplete(e, "executor_org_id", "the executor");
	who = rq->citizen ? "executor_person_id" : "executor_org_id";
	credential = rq->citizen ? "executor_clearance_ref" : "executor_permit_ref";
	if (!rq->executor)
		return incomplete(e, who, "the executor (p.4.1: organization or citizen)");
	if (!rq->executor_ident)
		return incomplete(e, who, rq->citizen ? "the citizen's IIN (p.4.1)"
		                                      : "the executor's BIN (p.4.1)");
	if (!rq->disposing)
		return incomplete(e, "disposing_org_id", "the state body it is sent to (p.4)");
	if (rq->ncarriers == 0)
		return incomplete(e, "carriers", "the carriers planned for transfer (p.4.2)");
	if (rq->first_without_copies > 0) {
		snprintf(field, sizeof field, "carriers[%zu].copy_numbers",
		         rq->first_without_copies - 1);
		return incomplete(e, field, "the copy numbers of a carrier (p.4.2)");
	}
	if (!rq->justification)
		return incomplete(e, "justification", "why the transfer is needed (p.4.3)");
	if (!rq->term_from)
		return incomplete(e, "term_from", "the term of the transfer (p.4.4)");
	if (!rq->term_to)
		return incomplete(e, "term_to", "the term of the transfer (p.4.4)");
	if (!rq->permit_or_clearance)
		return incomplete(e, credential, rq->citizen ? "the citizen's clearance (p.4.5)"
		                                             : "the executor's permit (p.4.5)");
	return 0;
}

qdate
jw_response_due(const struct calendar *cal, qdate received_on)
{
	if (received_on == QDATE_NONE)
		return QDATE_NONE;
	return calendar_add_working_days(cal, received_on, JW_RESPONSE_WORKING_DAYS);
}

bool
jw_permission_late(qdate due, qdate answered_on)
{
	/* permission_overdue, R743 p.5: a deadline kind, never a refusal. */
	return due != QDATE_NONE && answered_on != QDATE_NONE && answered_on > due;
}

int
jw_disposer_check(bool named_is_disposer, struct qerr *e)
{
	if (named_is_disposer)
		return 0;
	/* permission_required, Art. 26.1: "the permission of the state body at
	 * whose disposal ... the information is", not of a body the customer
	 * names (nor the customer itself for another body's information). */
	qerr_set(e, QERR_RULE, "permission_required", "26.1", "disposing_org_id");
	qerr_detail(e, "the permission belongs to the body that disposes of the information");
	return -1;
}

/* ============================ Transitions ================================= */

static int
permission_required(struct qerr *e, const char *detail)
{
	/* permission_required, R743 p.7 */
	qerr_rule(e, "permission_required", "R743 p.7");
	qerr_detail(e, "%s", detail);
	return -1;
}

int
jw_permission(enum jw_state cur, const struct jw_dates *d, qdate date, bool granted,
              enum jw_state *next, struct qerr *e)
{
	assert(next != NULL && d != NULL);
	if (cur != JW_REQUESTED)
		return bad_state(cur, "an answer to the request", e);
	if (!dated_after(date, d->requested_on)) {
		bad_state(cur, "an answer to the request", e);
		qerr_detail(e, "the answer is dated before the request");
		return -1;
	}
	*next = granted ? JW_PERMITTED : JW_REFUSED;
	return 0;
}

int
jw_agreement(enum jw_state cur, const struct jw_dates *d, qdate signed_on,
             enum jw_state *next, struct qerr *e)
{
	assert(next != NULL && d != NULL);
	if (cur == JW_REQUESTED || cur == JW_REFUSED)
		return permission_required(e, "no written permission of the disposing body");
	if (cur != JW_PERMITTED)
		return bad_state(cur, "an agreement", e);
	if (!dated_after(signed_on, d->permitted_on))
		return permission_required(e, "the agreement is signed before the permission");
	*next = JW_AGREED;
	return 0;
}

int
jw_nsc_notice(enum jw_state cur, const struct jw_dates *d, qdate sent_on,
              enum jw_state *next, struct qerr *e)
{
	assert(next != NULL && d != NULL);
	if (cur == JW_REQUESTED || cur == JW_REFUSED)
		return permission_required(e, "no written permission of the disposing body");
	if (cur != JW_AGREED)
		return bad_state(cur, "a notice on the concluded agreement", e);
	if (!dated_after(sent_on, d->agreed_on)) {
		bad_state(cur, "a notice on the concluded agreement", e);
		qerr_detail(e, "the notice is dated before the agreement was signed");
		return -1;
	}
	*next = JW_NOTIFIED;
	return 0;
}

int
jw_transfer(enum jw_state cur, const struct jw_dates *d, qdate date, enum jw_state *next,
            struct qerr *e)
{
	assert(next != NULL && d != NULL);
	switch (cur) {
	case JW_REQUESTED:
	case JW_REFUSED:
		return permission_required(e, "no written permission of the disposing body");
	case JW_PERMITTED:
		/* not_in_annex, Art. 26.1, R743 p.6: no agreement, so no annex. */
		qerr_rule(e, "not_in_annex", "26.1, R743 p.6");
		qerr_detail(e, "no agreement is signed, so no carrier is in an annex");
		return -1;
	case JW_AGREED:
		/* nsc_notice_missing, R743 p.3.3 */
		qerr_rule(e, "nsc_notice_missing", "R743 p.3.3");
		qerr_detail(e, "no notice to the national security authority was sent");
		return -1;
	case JW_SUSPENDED:
		/* joint_work_suspended, Art. 26.3, R743 p.9 */
		qerr_rule(e, "joint_work_suspended", "26.3, R743 p.9");
		return -1;
	case JW_NOTIFIED:
	case JW_ACTIVE:
		if (!dated_after(date, d->notified_on)) {
			qerr_rule(e, "nsc_notice_missing", "R743 p.3.3");
			qerr_detail(e, "the transfer is dated before the notice was sent");
			return -1;
		}
		*next = JW_ACTIVE;
		return 0;
	default:
		return bad_state(cur, "a transfer", e);
	}
}

int
jw_violation(enum jw_state cur, int violations_before, enum jw_state *next,
             bool *cancellation_raised, struct qerr *e)
{
	assert(next != NULL && cancellation_raised != NULL);
	if (cur != JW_ACTIVE && cur != JW_SUSPENDED)
		return bad_state(cur, "a violation", e);
	/* R743 p.9: the first suspends; a repeated one raises the cancellation
	 * of the order and of the permit. */
	*cancellation_raised = violations_before + 1 >= JW_REPEATED_VIOLATIONS;
	*next = JW_SUSPENDED;
	return 0;
}

int
jw_resume(enum jw_state cur, enum jw_state *next, struct qerr *e)
{
	if (cur != JW_SUSPENDED)
		return bad_state(cur, "resuming", e);
	*next = JW_ACTIVE;
	return 0;
}

int
jw_close(enum jw_state cur, enum jw_state *next, struct qerr *e)
{
	switch (cur) {
	case JW_REQUESTED: case JW_PERMITTED: case JW_AGREED: case JW_NOTIFIED:
	case JW_ACTIVE: case JW_SUSPENDED:
		*next = JW_CLOSED;
		return 0;
	default:
		return bad_state(cur, "closing", e);
	}
}

int
jw_cancel(enum jw_state cur, bool cancellation_raised, enum jw_state *next, struct qerr *e)
{
	if (cur != JW_SUSPENDED || !cancellation_raised) {
		bad_state(cur, "cancelling the order", e);
		if (cur == JW_SUSPENDED)
			qerr_detail(e, "the cancellation is raised by a repeated violation (R743 p.9)");
		return -1;
	}
	*next = JW_CANCELLED;
	return 0;
}

int
jw_addendum(enum jw_state cur, struct qerr *e)
{
	switch (cur) {
	case JW_PERMITTED: case JW_AGREED: case JW_NOTIFIED: case JW_ACTIVE:
	case JW_SUSPENDED:
		return 0;
	default:
		return bad_state(cur, "an addendum", e);
	}
}

/* ========================== Protection service ============================ */

static int
protection_invalid(struct qerr *e, const char *detail)
{
	/* protection_service_invalid, Art. 26.2, R743 p.8 */
	qerr_rule(e, "protection_service_invalid", "26.2, R743 p.8");
	qerr_detail(e, "%s", detail);
	return -1;
}

int
jw_protection_check(enum jw_protection kind, const struct jw_protection_facts *f,
                    struct qerr *e)
{
	if (f == NULL)
		return protection_invalid(e, "no facts");
	switch (kind) {
	case JW_PROT_EXECUTOR_OWN:
		if (!f->executor_is_org)
			return protection_invalid(e, "a citizen executor has no protection subdivision");
		if (f->executor_foreign)
			return protection_invalid(e, "the executor functions with foreign participation "
			                             "(p.8.1)");
		return 0;
	case JW_PROT_CUSTOMER:
		return 0;
	case JW_PROT_QUASI_PUBLIC:
		if (!f->provider)
			return protection_invalid(e, "no provider organization (p.8.3)");
		if (!(f->provider_state_share > 0))
			return protection_invalid(e, "the provider is not of the quasi-public sector");
		if (!f->provider_affiliated)
			return protection_invalid(e, "the provider is not affiliated with the executor");
		return 0;
	case JW_PROT_STATE_PROVIDER:
		if (!f->provider)
			return protection_invalid(e, "no provider organization (p.8.4)");
		if (!f->same_city)
			return protection_invalid(e, "the provider is not in the executor's city");
		if (f->provider_foreign)
			return protection_invalid(e, "the provider has foreign participation");
		if (!(f->provider_state_share >= 100))
			return protection_invalid(e, "the provider is not 100% state-owned");
		if (!f->executor_permit_marked || !f->provider_permit_marked)
			return protection_invalid(e, "the agreement is not marked in both permits "
			                             "(Art. 26.2)");
		return 0;
	default:
		return protection_invalid(e, "unknown arrangement");
	}
}

int
jw_term_check(qdate term_to, qdate date, struct qerr *e)
{
	if (term_to == QDATE_NONE || date == QDATE_NONE || date <= term_to)
		return 0;
	/* permission_required, R743 p.4.4, p.7 */
	qerr_rule(e, "permission_required", "R743 p.4.4, p.7");
	qerr_detail(e, "the act is dated after the permitted term");
	return -1;
}

int
jw_annex_check(bool maintenance, size_t nannex, bool has_certificate, struct qerr *e)
{
	if (maintenance && !has_certificate) {
		/* not_in_annex, Art. 26.1, R743 p.6 */
		qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "certificate");
		qerr_detail(e, "a maintenance agreement carries a certificate of the information");
		return -1;
	}
	if (nannex == 0 && !has_certificate) {
		/* not_in_annex, Art. 26.1, R743 p.6 */
		qerr_set(e, QERR_RULE, "not_in_annex", "26.1, R743 p.6", "annex");
		qerr_detail(e, "the agreement has no annex of carriers");
		return -1;
	}
	return 0;
}

int
jw_protection_arranged(bool executor_foreign, enum jw_protection arranged, struct qerr *e)
{
	if (!executor_foreign)
		return 0;
	if (arranged == JW_PROT_CUSTOMER || arranged == JW_PROT_QUASI_PUBLIC ||
	    arranged == JW_PROT_STATE_PROVIDER)
		return 0;
	/* protection_arrangement_required, R743 p.8 */
	qerr_rule(e, "protection_arrangement_required", "R743 p.8");
	qerr_detail(e, "the executor has foreign participation and its protection is not "
	               "arranged through another organization's subdivision");
	return -1;
}
