/*
 * ops/deadlines.h — the deadlines list: gathers the facts of the deadlines list from the store
 * and lets src/core/deadlines.h decide (one function), for GET
 * /v1/deadlines (h_deadlines.c) and `qupiya deadlines` (cmd_deadlines.c),
 * so both print the same list.
 *
 * What is read, per organization (or all of them):
 *   information  state classified (declassification_due) and preliminary
 *                (preliminary_proposal, preliminary_decision)
 *   carrier      only those due by as_of + within, through the due-date
 *                index (store_carrier_due_list): never all carriers
 *   list         state approved (list_review)
 *   request      state open (request_answer)
 *   joint_work   state requested, doc.response_due_on (permission_answer),
 *                for the disposing body and the customer
 *   clearance    typed rows (ops_clearances_due_each): state active,
 *                flagged for termination (termination_due_on) or with
 *                its verification pending under an Art. 5 mode, through
 *                the indexes of those dates (clearance_termination)
 *   certificate  state active and not superseded by a later certificate
 *                of the same means (certificate_expiry)
 *
 * declassification_due is listed once due (due_on <= as_of + within days;
 * SPEC §3: "carriers and items past declassify_on appear on the deadlines
 * list until declassified or extended"); every other open obligation is
 * listed whatever its date, with overdue = due_on < as_of.
 *
 * A read: it runs inside the caller's (read) transaction and answers typed
 * items; the edges (h_deadlines.c, cmd_deadlines.c) encode them. It knows
 * no HTTP; record documents of the kinds not yet in typed tables are read
 * through the store's record rows until their slices move them.
 *
 * Owns: nothing past a call; *out is the caller's (deadline_list_free).
 */
#ifndef QUPIYA_OPS_DEADLINES_H
#define QUPIYA_OPS_DEADLINES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/deadlines.h"
#include "core/qerr.h"
#include "store/store.h"

#define DEADLINES_LIMIT_DEFAULT 1000
#define DEADLINES_LIMIT_MAX     100000
#define DEADLINES_WITHIN_MAX    36600   /* days of look-ahead (100 years) */

struct deadlines_query {
	const char *org_id;      /* NULL: every organization */
	qdate as_of;
	int within;              /* 0..DEADLINES_WITHIN_MAX */
	size_t limit;            /* 1..DEADLINES_LIMIT_MAX; 0: no limit (the CLI) */
	int kind;                /* enum deadline_kind, or -1 for every kind */
};

/* Who holds one copy of a listed carrier (custody per copy). */
struct deadline_copy {
	long long number;
	bool has_number;
	char holder_org_id[STORE_ID_MAX];      /* "" when absent */
	char holder_person_id[STORE_ID_MAX];   /* "" when absent */
};

#define DEADLINE_REASON_MAX 32

/* One open obligation. */
struct deadline_item {
	struct deadline d;
	const char *object_kind;              /* static: "information", "carrier", ... */
	char reason[DEADLINE_REASON_MAX];     /* declassification_due: why; or "" */
	struct deadline_copy *copies;         /* a carrier's copies; NULL otherwise */
	size_t n_copies;
	bool has_copies;                      /* a carrier: copies listed (maybe none) */
};

struct deadline_list {
	struct deadline_item *v;              /* sorted by due_on (deadline_cmp) */
	size_t n;
	bool truncated;                       /* more than limit existed */
};

/* The list as of q->as_of: *out filled (at most q->limit items when limit >
 * 0), sorted. 0, or -1 with e (500 on store failure or out of memory; *out
 * then empty). */
int ops_deadlines_list(struct store_tx *tx, const struct calendar *cal,
                       const struct deadlines_query *q, struct deadline_list *out,
                       struct qerr *e);

void deadline_list_free(struct deadline_list *l);

#endif
