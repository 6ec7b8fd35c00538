/*
 * foreign.h — transfer of state secrets to a foreign state or an
 * international organization (Art. 27 of the Law). Pure: no I/O, no
 * allocation, no clock.
 *
 * STEPS, in this order (record "foreign_transfer"; state names as stored):
 *
 *   (POST /v1/foreign-transfers: ft_proposal_check — a reasoned proposal
 *    agreed with the disposing bodies, Art. 27.1)
 *       |
 *       v
 *   proposed --ft_opinion(positive)----------> opined             (27.2)
 *   proposed --ft_opinion(negative)----------> opinion_negative
 *   opinion_negative --ft_opinion()----------> opined | opinion_negative
 *   opined   --ft_decision(ref | treaty_ref)-> decided            (27.3)
 *   decided  --ft_contract()-----------------> contracted         (27.4)
 *   contracted --ft_transfer()---------------> transferred        (final)
 *
 * A later step taken before an earlier one is refused with
 * foreign_transfer_incomplete (Art. 27), e->field naming the first missing
 * step: "justification", "agreed_with" (proposal), "expert_opinion",
 * "government_decision", "contract". A step dated before the step it
 * depends on is refused as if that step were missing (SPEC.md §5). A step
 * already taken is 409 invalid_state.
 *
 * READINGS (ours): Art. 27.3 "unless otherwise provided by international
 * treaties" — a recorded treaty reference takes the place of the
 * Government's decision; the expert opinion is still required (Art. 27.2
 * has no exception). A negative opinion leaves the transfer without the
 * opinion Art. 27.3 requires: the decision is refused (expert_opinion)
 * until a positive one is recorded. The proposer counts among the bodies
 * the proposal is agreed with only when it names itself in agreed_with.
 *
 * UNTRUSTED INPUT: none directly.
 */
#ifndef QUPIYA_CORE_FOREIGN_H
#define QUPIYA_CORE_FOREIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"

enum ft_state {
	FT_UNKNOWN = 0,       /* fails closed */
	FT_PROPOSED,
	FT_OPINION_NEGATIVE,
	FT_OPINED,
	FT_DECIDED,
	FT_CONTRACTED,
	FT_TRANSFERRED,
};

enum ft_state ft_state_parse(const char *s);
const char *ft_state_name(enum ft_state s);   /* NULL for UNKNOWN */

struct ft_dates {
	qdate proposed_on, opined_on, decided_on, contracted_on;   /* QDATE_NONE: not done */
};

/* foreign_transfer_incomplete (Art. 27.1): a justification, and agreed_with
 * naming every disposing body. missing_disposer: the id of a disposing body
 * not in agreed_with, or NULL. */
int ft_proposal_check(bool justification, size_t nagreed, const char *missing_disposer,
                      struct qerr *e);

int ft_opinion(enum ft_state cur, const struct ft_dates *d, qdate date, bool positive,
               enum ft_state *next, struct qerr *e);
int ft_decision(enum ft_state cur, const struct ft_dates *d, qdate date,
                enum ft_state *next, struct qerr *e);
int ft_contract(enum ft_state cur, const struct ft_dates *d, qdate date,
                enum ft_state *next, struct qerr *e);
int ft_transfer(enum ft_state cur, const struct ft_dates *d, qdate date,
                enum ft_state *next, struct qerr *e);

#endif
