/*
 * transfer.h — transfers of carriers between state bodies and organizations
 * (Art. 25, 26.1 of the Law; R743 p.11) and what liquidation or a change of
 * functions requires of the carriers an organization holds (Art. 28). Pure:
 * no I/O, no allocation, no clock.
 *
 * A TRANSFER inside the system moves the carrier's one record: its holder
 * organization (org_id) changes with a transfer act, and the movement
 * journal keeps, under the sender, what left, when and to whom (SPEC.md §2
 * "Carrier"). Only a carrier whose copies are all in the registry moves
 * (transfer_movable; otherwise 409 invalid_state).
 *
 * SANCTION (Art. 25.1). Bodies that are "not in a relationship of
 * subordination and not performing joint work" transfer "with the sanction
 * of the state body" disposing of the information (sanction_required). The
 * sanction is not needed when (struct transfer_basis):
 *   subordinated        one is in the other's parent chain (either way)
 *   joint_work          the carriers move under a joint work of the two
 *                       (Art. 26; the joint work's own rules apply)
 *   recipient_disposes  the recipient disposes of every information item
 *                       the carriers carry (Art. 15; Art. 28.1 second
 *                       indent: the carriers go back to their disposer)
 *   successor           the recipient is the legal successor (Art. 28.1
 *                       first indent; the reorganization act is cited)
 *   authorized_body     the authorized body decided the recipient (Art. 28.1
 *                       third indent; its decision is cited)
 *   sanction            the disposing body's sanction is cited
 *
 * RECIPIENT (Art. 25.2, 26.1, 34; R743 p.11): an organization receives a
 * carrier only while it holds an active, unexpired permit covering the
 * label; a citizen only with an active clearance covering it
 * (recipient_permit_missing).
 *
 * LIQUIDATION (Art. 28.1). An organization is liquidated only when it holds
 * no carrier "registered" or "issued": each was destroyed, archived, or
 * transferred (to the successor with a permit, to the disposing body, or to
 * a body the authorized body named) — liquidation_blocked lists the rest.
 *
 * UNTRUSTED INPUT: none directly; the HTTP layer validates and maps.
 */
#ifndef QUPIYA_CORE_TRANSFER_H
#define QUPIYA_CORE_TRANSFER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/carrier.h"
#include "core/date.h"
#include "core/degree.h"
#include "core/qerr.h"

#define TRANSFER_CARRIERS_MAX 1000    /* carriers in one act */
#define TRANSFER_CHAIN_MAX    64      /* parent links followed (subordination) */

struct transfer_basis {
	bool subordinated;
	bool joint_work;
	bool recipient_disposes;
	bool successor;
	bool authorized_body;
	bool sanction;
};

/* org_liquidated (Art. 28): an organization in state org_state (its stored
 * state: "active", "reorganizing", "liquidated") acts at all. A liquidated
 * organization registers, receives, classifies, grants and issues nothing;
 * NULL or an unknown state counts as liquidated (fail safe). Reading: a
 * liquidated organization has no capacity to act, so like a competence code
 * (SPEC.md §5) this comes before any 409 or other 422 about the target. */
int transfer_org_active_check(const char *org_state, struct qerr *e);

/* sanction_required (Art. 25.1): 0 when any basis holds, else 422. */
int transfer_sanction_check(const struct transfer_basis *b, struct qerr *e);
/* The basis an act records (Art. 25.1), the first that holds in the order
 * joint_work, subordination, disposing_body, successor,
 * authorized_body_decision; else "sanction". Static string. */
const char *transfer_basis_name(const struct transfer_basis *b);

/* The carrier may leave its holder: registered with no copy issued;
 * otherwise 409 invalid_state. */
int transfer_movable(enum carrier_state cur, int copies_out, struct qerr *e);

/* recipient_permit_missing (Art. 26.1, R743 p.11): an organization's
 * permits (as carrier.h describes them) cover label today. */
int transfer_permit_check(enum degree label, const struct carrier_permit *permits,
                          size_t npermits, qdate today, struct qerr *e);

/* A citizen's clearance: its form and stored state ("active", ...). */
struct transfer_clearance {
	enum degree form;
	bool active;
};

/* recipient_permit_missing (Art. 26.1, R743 p.11): an active clearance
 * covers label. */
int transfer_clearance_check(enum degree label, const struct transfer_clearance *c,
                             size_t n, struct qerr *e);

/* A carrier in this state keeps its organization from being liquidated. */
bool transfer_blocks_liquidation(enum carrier_state s);

/* liquidation_blocked (Art. 28, R743 p.10): carriers still held, or joint
 * works still open as customer without an assignee. 0 when both are 0. */
int transfer_liquidation_check(size_t carriers_held, size_t joint_works_open,
                               struct qerr *e);

#endif
