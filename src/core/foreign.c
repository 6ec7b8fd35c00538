/*
 * foreign.c — Art. 27 steps (see foreign.h for the diagram and readings).
 *
 * Invariants: a transition sets *next only when it returns 0; FT_UNKNOWN
 * has no transition; QDATE_NONE never satisfies "dated after".
 */
#include "core/foreign.h"

#include <assert.h>
#include <string.h>

static const char *const state_names[] = {
	"proposed", "opinion_negative", "opined", "decided", "contracted", "transferred", NULL,
};

enum ft_state
ft_state_parse(const char *s)
{
	for (int i = 0; s != NULL && state_names[i] != NULL; i++)
		if (strcmp(s, state_names[i]) == 0)
			return (enum ft_state)(i + 1);
	return FT_UNKNOWN;
}

const char *
ft_state_name(enum ft_state s)
{
	if (s <= FT_UNKNOWN || s > FT_TRANSFERRED)
		return NULL;
	return state_names[s - 1];
}

static int
incomplete(struct qerr *e, const char *step, const char *detail)
{
	/* foreign_transfer_incomplete, Art. 27 */
	qerr_set(e, QERR_RULE, "foreign_transfer_incomplete", "27", step);
	qerr_detail_key(e, "missing_step", "missing step: {step} ({what})", "step", step, "what",
	                detail, NULL);
	return -1;
}

static int
bad_state(enum ft_state cur, struct qerr *e)
{
	qerr_set(e, QERR_CONFLICT, "invalid_state", "27", NULL);
	qerr_detail_key(e, "transfer_state", "the step is already taken: the transfer is {state}",
	                "state", ft_state_name(cur) ? ft_state_name(cur) : "unknown", NULL);
	return -1;
}

static bool
dated_after(qdate step, qdate dependency)
{
	return step != QDATE_NONE && dependency != QDATE_NONE && step >= dependency;
}

int
ft_proposal_check(bool justification, size_t nagreed, const char *missing_disposer,
                  struct qerr *e)
{
	if (!justification)
		return incomplete(e, "justification", "a reasoned proposal, Art. 27.1");
	if (nagreed == 0 || missing_disposer != NULL) {
		incomplete(e, "agreed_with", "agreed with the disposing bodies, Art. 27.1");
		if (missing_disposer != NULL)
			qerr_detail_key(e, "not_agreed_with",
			                "missing step: agreed_with (not agreed with {org}, Art. 27.1)",
			                "org", missing_disposer, NULL);
		return -1;
	}
	return 0;
}

/* The first missing step before `want` (the state the step needs), or 0. */
static int
missing_before(enum ft_state cur, const struct ft_dates *d, qdate date, enum ft_state want,
               struct qerr *e)
{
	/* Each step in order: reached, and dated no later than this step. */
	if (want >= FT_OPINED &&
	    (cur < FT_OPINED || !dated_after(date, d->opined_on)))
		return incomplete(e, "expert_opinion",
		                  "a positive expert opinion of the authorized body, Art. 27.2");
	if (want >= FT_DECIDED && (cur < FT_DECIDED || !dated_after(date, d->decided_on)))
		return incomplete(e, "government_decision",
		                  "the Government's decision or a treaty, Art. 27.3");
	if (want >= FT_CONTRACTED && (cur < FT_CONTRACTED || !dated_after(date, d->contracted_on)))
		return incomplete(e, "contract", "the contract with the receiving party, Art. 27.4");
	return 0;
}

int
ft_opinion(enum ft_state cur, const struct ft_dates *d, qdate date, bool positive,
           enum ft_state *next, struct qerr *e)
{
	assert(next != NULL && d != NULL);
	if (cur != FT_PROPOSED && cur != FT_OPINION_NEGATIVE)
		return bad_state(cur, e);
	if (!dated_after(date, d->proposed_on)) {
		bad_state(cur, e);
		qerr_detail(e, "the opinion is dated before the proposal");
		return -1;
	}
	*next = positive ? FT_OPINED : FT_OPINION_NEGATIVE;
	return 0;
}

int
ft_decision(enum ft_state cur, const struct ft_dates *d, qdate date, enum ft_state *next,
            struct qerr *e)
{
	assert(next != NULL && d != NULL);
	if (cur >= FT_DECIDED)
		return bad_state(cur, e);
	if (missing_before(cur, d, date, FT_OPINED, e) != 0)
		return -1;
	*next = FT_DECIDED;
	return 0;
}

int
ft_contract(enum ft_state cur, const struct ft_dates *d, qdate date, enum ft_state *next,
            struct qerr *e)
{
	assert(next != NULL && d != NULL);
	if (cur >= FT_CONTRACTED)
		return bad_state(cur, e);
	if (missing_before(cur, d, date, FT_DECIDED, e) != 0)
		return -1;
	*next = FT_CONTRACTED;
	return 0;
}

int
ft_transfer(enum ft_state cur, const struct ft_dates *d, qdate date, enum ft_state *next,
            struct qerr *e)
{
	assert(next != NULL && d != NULL);
	if (cur >= FT_TRANSFERRED)
		return bad_state(cur, e);
	if (missing_before(cur, d, date, FT_CONTRACTED, e) != 0)
		return -1;
	*next = FT_TRANSFERRED;
	return 0;
}
