/*
 * foreign_rec.h — the typed record of a transfer of state secrets abroad
 * (Art. 27; issue 11): the proposal with its steps (expert opinion,
 * Government decision or treaty, contract, transfer), the carriers it
 * names, the bodies it was agreed with and the disposing bodies, and the
 * history of its states, as src/store keeps them in the tables
 * foreign_transfer, foreign_transfer_carrier, foreign_transfer_org and
 * foreign_transfer_step (src/store/tables_transfers.c) and
 * src/ops/foreign.c works on them. Pure data and the names of its enums.
 *
 * A step not taken has no date (QDATE_NONE): its member is absent from the
 * answer.
 *
 * Ownership: a struct foreign_full owns its arrays and the heap strings of
 * its rows; release with foreign_full_free().
 */
#ifndef QUPIYA_CORE_FOREIGN_REC_H
#define QUPIYA_CORE_FOREIGN_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/rec.h"

#define FOREIGN_STATE_MAX 24

/* names[enum ft_state] (core/foreign.h); names[0] is FT_UNKNOWN's "" */
extern const char *const foreign_state_names[];
/* the roles of an organization in a proposal */
enum foreign_org_role { FOREIGN_AGREED_WITH = 0, FOREIGN_DISPOSING };
extern const char *const foreign_org_role_names[];

struct foreign_rec {
	struct store_row_hdr h;
	char proposer_org_id[STORE_ID_MAX];
	char recipient_org_id[STORE_ID_MAX];
	char *justification;              /* owned; may be "" */
	qdate proposed_on;
	char proposed_by[STORE_ID_MAX];
	int state;                        /* enum ft_state */
	/* expert_opinion (Art. 27.2): given when opinion_date is set */
	bool opinion_positive;
	char *opinion_ref;
	qdate opinion_date;
	char opinion_by[STORE_ID_MAX];
	/* government_decision (Art. 27.3): a ref or a treaty_ref */
	char *decision_ref;
	char *decision_treaty_ref;
	qdate decision_date;
	char decision_by[STORE_ID_MAX];
	/* contract (Art. 27.4) */
	char *contract_ref;
	qdate contract_date;
	char contract_by[STORE_ID_MAX];
	qdate transferred_on;
};

/* carrier_ids[ord] */
struct foreign_carrier_rec {
	struct store_row_hdr h;
	char foreign_transfer_id[STORE_ID_MAX];
	int64_t ord;
	char carrier_id[STORE_ID_MAX];
};

/* agreed_with[ord] or disposing_org_ids[ord] */
struct foreign_org_rec {
	struct store_row_hdr h;
	char foreign_transfer_id[STORE_ID_MAX];
	int role;                         /* enum foreign_org_role */
	int64_t ord;
	char org_id[STORE_ID_MAX];
};

/* history[ord]: a change of state */
struct foreign_step_rec {
	struct store_row_hdr h;
	char foreign_transfer_id[STORE_ID_MAX];
	int64_t ord;
	char from[FOREIGN_STATE_MAX];
	char to[FOREIGN_STATE_MAX];
	char step[FOREIGN_STATE_MAX];
	qdate date;
	char by[STORE_ID_MAX];
};

typedef char foreign_id[STORE_ID_MAX];

struct foreign_full {
	struct foreign_rec f;             /* first: its head is the row's */
	foreign_id *carrier_ids;
	size_t ncarriers;
	foreign_id *agreed_with;
	size_t nagreed;
	foreign_id *disposing;
	size_t ndisposing;
	struct foreign_step_rec *history;
	size_t nhistory;
	size_t nhistory_stored;           /* history[0..this) are rows already */
};

void foreign_full_free(struct foreign_full *x);

#endif
