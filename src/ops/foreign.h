/*
 * foreign.h — transfer of state secrets to a foreign state or an
 * international organization (Art. 27), one procedure per step (issue
 * 11), moved from src/http/h_foreign.c:
 *
 *   ops_foreign_propose   POST /v1/foreign-transfers        foreign_transfer.propose
 *   ops_foreign_opinion   .../{id}/expert-opinion (27.2)    ....expert_opinion
 *   ops_foreign_decision  .../{id}/government-decision (27.3)  ....government_decision
 *   ops_foreign_contract  .../{id}/contract (27.4)          ....contract
 *   ops_foreign_transfer  .../{id}/transfer                 ....transfer
 *   ops_foreign_get       GET /v1/foreign-transfers/{id}
 *
 * The steps, their order and our readings are src/core/foreign.h.
 *
 * RECORD. A typed row with its children (core/foreign_rec.h;
 * store/tables_transfers.h): the proposer, the recipient (an organization
 * of kind foreign_state or international_org), the state (core/foreign.h),
 * carrier_ids, agreed_with, disposing_org_ids, each step's ref, date and
 * user, and the history of states. The HTTP edge answers {id,
 * proposer_org_id, recipient_org_id, carrier_ids, justification,
 * agreed_with, disposing_org_ids, proposed_on, state, proposed_by,
 * history, expert_opinion {positive, ref, date, by}, government_decision
 * {ref, treaty_ref, date, by}, contract {ref, date, by}, transferred_on},
 * a step's member only once taken.
 *
 * The transfer moves each carrier to "transferred" (handed outside the
 * system: core/carrier.h carrier_transfer_out) with a "transferred_out"
 * journal entry under the proposer naming the recipient; the carrier keeps
 * its holder organization (the proposer's registry shows what left).
 *
 * ORDER (SPEC.md §5): 404 path id, 403 organization (the proposer's, or a
 * role acting across: the authorized body), the body's decode error, 400
 * body, 404 body ids, 409 states, 422 foreign_transfer_incomplete
 * (recorded by ops_refuse; 503 when it cannot be).
 * Ownership: out is the caller's (foreign_full_free); args are borrowed.
 */
#ifndef QUPIYA_OPS_FOREIGN_H
#define QUPIYA_OPS_FOREIGN_H

#include <stdbool.h>

#include "core/foreign_rec.h"
#include "ops/jrec.h"
#include "ops/ops.h"

struct ops_foreign_propose_args {
	const char *proposer_org_id;
	const char *recipient_org_id;
	struct ops_ids carrier_ids;
	const char *justification;            /* NULL: absent (422); may be "" */
	struct ops_ids agreed_with;           /* n 0: absent or empty (422) */
};

/* A step on the foreign transfer id. */
struct ops_foreign_step_args {
	const char *id;
	const struct qerr *input;             /* the body's decode error, or NULL */
	bool positive;                        /* expert opinion */
	const char *ref;                      /* opinion, decision, contract */
	const char *treaty_ref;               /* decision: a treaty that replaces it */
};

int ops_foreign_propose(const struct ops_ctx *c, const struct ops_foreign_propose_args *a,
                        struct foreign_full *out, struct qerr *e);
int ops_foreign_opinion(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                        struct foreign_full *out, struct qerr *e);
int ops_foreign_decision(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                         struct foreign_full *out, struct qerr *e);
int ops_foreign_contract(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                         struct foreign_full *out, struct qerr *e);
int ops_foreign_transfer(const struct ops_ctx *c, const struct ops_foreign_step_args *a,
                         struct foreign_full *out, struct qerr *e);
/* 404, then 403 unless the proposer's organization or across. */
int ops_foreign_get(const struct ops_ctx *c, const char *id, struct foreign_full *out,
                    struct qerr *e);
/* The proposal id with its children (404), in tx. */
int ops_foreign_load(struct store_tx *tx, const char *id, struct foreign_full *out,
                     struct qerr *e);
/* Inserts the proposal x (x->f.h.id set) with its children, in tx (a
 * write transaction); for the step and for tests. */
int ops_foreign_insert(struct store_tx *tx, struct foreign_full *x, struct qerr *e);

#endif
