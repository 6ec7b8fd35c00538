/*
 * deadlines.h — every open obligation with a date (SPEC.md §5 "Deadlines
 * list"; API.md GET /v1/deadlines), computed from plain facts about the
 * records as they stand now. Pure: no I/O, no clock, no JSON, no
 * allocation; the HTTP layer (src/ops/deadlines.c) reads the store,
 * fills the fact structs below and collects what these functions return.
 *
 * Kinds, the date each runs from (SPEC.md §5 "Which date counts") and the
 * rule they belong to:
 *
 *   kind                     due_on                                code                     article
 *   declassification_due     declassify_on; or the day a list      declassification_due     23.1
 *                            change / a declassification asked
 *                            for a decision (review_due_on)
 *   preliminary_proposal     classified_on + 1 month (*)           preliminary_overdue      20.2
 *   preliminary_decision     proposal_on + 3 months (*)            preliminary_overdue      20.2
 *   list_review              next_review_on (approval or last      list_review_due          22.2
 *                            review + 5 years, as the list holds it)
 *   request_answer           received_on + 1 month (*)             request_overdue          24.2
 *   permission_answer        the joint work's response_due_on      permission_overdue       R743 p.5
 *                            (10 working days from the request)
 *   clearance_termination    the day the termination is due        clearance_termination    31.3
 *   certificate_expiry       valid_until                           certificate_expiry       35
 *
 *   (*) calendar_period_end(): the same day number or the last day of a
 *   shorter month, moved to the next working day (Civil Code).
 *
 * An obligation is open while its object is in the state that owes it (an
 * item still classified, a proposal not yet made, a request not yet
 * answered or forwarded, ...); it leaves the list when done. overdue is
 * due_on < as_of. Sorted by due_on, then kind (in the order above), then
 * object id, so the order is total and stable across pages.
 *
 * Untrusted inputs: ids are borrowed strings from the store, only copied
 * into fixed buffers by the caller.
 */
#ifndef QUPIYA_CORE_DEADLINES_H
#define QUPIYA_CORE_DEADLINES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/date.h"

#define DEADLINE_ID_MAX 40   /* object ids (STORE_ID_MAX) */

enum deadline_kind {
	DL_DECLASSIFICATION_DUE = 0,
	DL_PRELIMINARY_PROPOSAL,
	DL_PRELIMINARY_DECISION,
	DL_LIST_REVIEW,
	DL_REQUEST_ANSWER,
	DL_PERMISSION_ANSWER,
	DL_CLEARANCE_TERMINATION,
	DL_CERTIFICATE_EXPIRY,
	DL_KIND_COUNT,
};

struct deadline {
	enum deadline_kind kind;
	char object_id[DEADLINE_ID_MAX];
	qdate due_on;
	bool overdue;                 /* due_on < as_of */
};

/* API names of the kind, its code and its article; NULL out of range. */
const char *deadline_kind_name(enum deadline_kind k);
const char *deadline_code(enum deadline_kind k);
const char *deadline_article(enum deadline_kind k);
/* "declassification_due" -> DL_DECLASSIFICATION_DUE; -1 when unknown. */
int deadline_kind_parse(const char *s);

/* Fills d (object_id truncated to fit, never overflowed) with overdue set
 * from as_of. Returns 0, or -1 when due_on is QDATE_NONE (nothing to list). */
int deadline_make(struct deadline *d, enum deadline_kind k, const char *object_id,
                  qdate due_on, qdate as_of);

/* ---- facts per object (each returns the number of deadlines written to
 * out, 0 when the object owes nothing now) ----------------------------- */

/* An information item or a carrier: open while still classified (state
 * "classified" for information; "registered", "issued" or "archived" for
 * a carrier). review_due_on (QDATE_NONE if none) is set while a list change
 * or the declassification of what it carries waits for a decision; it comes
 * first when earlier. */
struct dl_secret {
	const char *id;
	bool open;
	qdate declassify_on;
	qdate review_due_on;
};
size_t deadline_secret(const struct dl_secret *s, qdate as_of, struct deadline out[1]);

/* A preliminary classification (Art. 20.2): state "preliminary". */
struct dl_preliminary {
	const char *id;
	bool preliminary;
	qdate classified_on;
	qdate proposal_on;            /* QDATE_NONE until proposed */
};
size_t deadline_preliminary(const struct dl_preliminary *p, const struct calendar *cal,
                            qdate as_of, struct deadline out[1]);

/* An approved list (Art. 22.2). */
struct dl_list {
	const char *id;
	bool approved;
	qdate next_review_on;
};
/* list_review_due, Art. 22.2: due on next_review_on, moved to the next
 * working day of cal when it is not one (SPEC.md §5; a date stored before
 * the move was made is moved here too). */
size_t deadline_list(const struct dl_list *l, const struct calendar *cal, qdate as_of,
                     struct deadline out[1]);

/* Anything else with a stored due date that is open or not (requests,
 * joint-work permissions, clearances flagged for termination,
 * certificates). */
size_t deadline_simple(enum deadline_kind k, const char *id, bool open, qdate due_on,
                       qdate as_of, struct deadline out[1]);

/* The due dates themselves (SPEC.md §5). */
qdate deadline_proposal_due(const struct calendar *cal, qdate classified_on);
qdate deadline_decision_due(const struct calendar *cal, qdate proposal_on);

/* ---- order --------------------------------------------------------------- */

/* <0, 0, >0: by due_on, kind, object_id. */
int deadline_cmp(const struct deadline *a, const struct deadline *b);
void deadline_sort(struct deadline *d, size_t n);

#endif
