/*
 * transfer.c — Art. 25, 26.1, 28 rules of transfers and liquidation (see
 * transfer.h). Pure.
 *
 * Invariants: unknown states and degrees never make a refusal pass; a
 * permit without dates is not usable.
 */
#include "core/transfer.h"

#include <stdio.h>
#include <string.h>

int
transfer_sanction_check(const struct transfer_basis *b, struct qerr *e)
{
	if (b != NULL && (b->subordinated || b->joint_work || b->recipient_disposes ||
	                  b->successor || b->authorized_body || b->sanction))
		return 0;
	/* sanction_required, Art. 25.1 */
	qerr_set(e, QERR_RULE, "sanction_required", "25.1", "sanction_ref");
	qerr_detail(e, "the bodies are not in subordination nor in joint work");
	return -1;
}

int
transfer_movable(enum carrier_state cur, int copies_out, struct qerr *e)
{
	if (cur == CARRIER_REGISTERED && copies_out == 0)
		return 0;
	qerr_set(e, QERR_CONFLICT, "invalid_state", "25", "carrier_ids");
	if (cur == CARRIER_REGISTERED || cur == CARRIER_ISSUED)
		qerr_detail(e, "a copy of the carrier is issued; return it first");
	else
		qerr_detail(e, "the carrier is %s", carrier_state_name(cur) ? carrier_state_name(cur)
		                                                           : "in an unknown state");
	return -1;
}

int
transfer_permit_check(enum degree label, const struct carrier_permit *permits,
                      size_t npermits, qdate today, struct qerr *e)
{
	struct qerr pe = {0};

	if (carrier_permit_check(label, permits, npermits, today, &pe) == 0)
		return 0;
	/* recipient_permit_missing, Art. 26.1, R743 p.11 */
	qerr_rule(e, "recipient_permit_missing", "26.1, R743 p.11");
	qerr_detail_key(e, "recipient_no_permit", "the recipient holds no valid permit for {label}",
	                "label", degree_name(label) ? degree_name(label) : "the label", NULL);
	return -1;
}

int
transfer_clearance_check(enum degree label, const struct transfer_clearance *c, size_t n,
                         struct qerr *e)
{
	for (size_t i = 0; c != NULL && i < n; i++)
		if (c[i].active && degree_covers(c[i].form, label) && c[i].form != DEGREE_NONE &&
		    label != DEGREE_NONE)
			return 0;
	/* recipient_permit_missing, Art. 26.1, R743 p.11 */
	qerr_rule(e, "recipient_permit_missing", "26.1, R743 p.11");
	qerr_detail_key(e, "citizen_no_clearance", "the citizen holds no active clearance for {label}",
	                "label", degree_name(label) ? degree_name(label) : "the label", NULL);
	return -1;
}

bool
transfer_blocks_liquidation(enum carrier_state s)
{
	/* Unknown counts as held: never liquidate over a record we cannot read. */
	return s == CARRIER_REGISTERED || s == CARRIER_ISSUED || s == CARRIER_UNKNOWN;
}

int
transfer_liquidation_check(size_t carriers_held, size_t joint_works_open, struct qerr *e)
{
	char held[24], open[24];

	if (carriers_held == 0 && joint_works_open == 0)
		return 0;
	/* liquidation_blocked, Art. 28 */
	qerr_rule(e, "liquidation_blocked", "28");
	snprintf(held, sizeof held, "%zu", carriers_held);
	snprintf(open, sizeof open, "%zu", joint_works_open);
	qerr_detail_key(e, "liquidation_left",
	                "{carriers} carriers still held, {joint_works} joint works without an assignee",
	                "carriers", held, "joint_works", open, NULL);
	return -1;
}

int
transfer_org_active_check(const char *org_state, struct qerr *e)
{
	if (org_state != NULL &&
	    (strcmp(org_state, "active") == 0 || strcmp(org_state, "reorganizing") == 0))
		return 0;
	/* org_liquidated, Art. 28 */
	qerr_rule(e, "org_liquidated", "28");
	qerr_detail(e, "the organization is liquidated and acts no more");
	return -1;
}

const char *
transfer_basis_name(const struct transfer_basis *b)
{
	return b->joint_work ? "joint_work" : b->subordinated ? "subordination"
	     : b->recipient_disposes ? "disposing_body" : b->successor ? "successor"
	     : b->authorized_body ? "authorized_body_decision" : "sanction";
}
