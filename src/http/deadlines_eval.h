/*
 * deadlines_eval.h — gathers the facts of the deadlines list from the store
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
 *   clearance    state active with doc.termination_due_on set by the
 *                clearances workflow (clearance_termination)
 *   certificate  state active and not superseded by a later certificate
 *                of the same means (certificate_expiry)
 *
 * declassification_due is listed once due (due_on <= as_of + within days;
 * SPEC §3: "carriers and items past declassify_on appear on the deadlines
 * list until declassified or extended"); every other open obligation is
 * listed whatever its date, with overdue = due_on < as_of.
 *
 * Owns: nothing past a call; *items is the caller's.
 */
#ifndef QUPIYA_HTTP_DEADLINES_EVAL_H
#define QUPIYA_HTTP_DEADLINES_EVAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/date.h"
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

/* *items: a new array of {kind, object_id, object_kind, due_on, overdue,
 * code, article[, reason]} sorted by due_on; *truncated: more than limit
 * existed. 0, or -1 with e (500 on store failure). */
int deadlines_collect(struct store_tx *tx, const struct calendar *cal,
                      const struct deadlines_query *q, json_t **items, bool *truncated,
                      struct qerr *e);

#endif
