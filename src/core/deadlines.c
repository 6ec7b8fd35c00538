/*
 * deadlines.c — open obligations from plain facts (see deadlines.h).
 */
#include "core/deadlines.h"

#include <stdlib.h>
#include <string.h>

#include "core/classify.h"
#include "core/qerr.h"

static const struct {
	const char *name, *code, *article;
} kinds[DL_KIND_COUNT] = {
	[DL_DECLASSIFICATION_DUE] = {"declassification_due", "declassification_due", "23.1"},
	[DL_PRELIMINARY_PROPOSAL] = {"preliminary_proposal", "preliminary_overdue", "20.2"},
	[DL_PRELIMINARY_DECISION] = {"preliminary_decision", "preliminary_overdue", "20.2"},
	[DL_LIST_REVIEW] = {"list_review", "list_review_due", "22.2"},
	[DL_REQUEST_ANSWER] = {"request_answer", "request_overdue", "24.2"},
	[DL_PERMISSION_ANSWER] = {"permission_answer", "permission_overdue", "R743 p.5"},
	[DL_CLEARANCE_TERMINATION] = {"clearance_termination", "clearance_termination", "31.3"},
	[DL_CERTIFICATE_EXPIRY] = {"certificate_expiry", "certificate_expiry", "35"},
};

const char *
deadline_kind_name(enum deadline_kind k)
{
	return (unsigned)k < DL_KIND_COUNT ? kinds[k].name : NULL;
}

const char *
deadline_code(enum deadline_kind k)
{
	return (unsigned)k < DL_KIND_COUNT ? kinds[k].code : NULL;
}

const char *
deadline_article(enum deadline_kind k)
{
	return (unsigned)k < DL_KIND_COUNT ? kinds[k].article : NULL;
}

int
deadline_kind_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int k = 0; k < DL_KIND_COUNT; k++)
		if (strcmp(s, kinds[k].name) == 0)
			return k;
	return -1;
}

int
deadline_make(struct deadline *d, enum deadline_kind k, const char *object_id, qdate due_on,
              qdate as_of)
{
	if (due_on == QDATE_NONE || (unsigned)k >= DL_KIND_COUNT)
		return -1;
	memset(d, 0, sizeof *d);
	d->kind = k;
	q_strlcpy(d->object_id, object_id ? object_id : "", sizeof d->object_id);
	d->due_on = due_on;
	d->overdue = due_on < as_of;
	return 0;
}

static qdate
earliest(qdate a, qdate b)
{
	if (a == QDATE_NONE)
		return b;
	if (b == QDATE_NONE)
		return a;
	return a < b ? a : b;
}

/* Art. 23.1: declassified no later than the term set; before it when the
 * list it was classified on changes (review_due_on). */
size_t
deadline_secret(const struct dl_secret *s, qdate as_of, struct deadline out[1])
{
	if (!s->open)
		return 0;
	return deadline_make(out, DL_DECLASSIFICATION_DUE, s->id,
	                     earliest(s->review_due_on, s->declassify_on), as_of) == 0;
}

qdate
deadline_proposal_due(const struct calendar *cal, qdate classified_on)
{
	return calendar_period_end(cal, classified_on, CLASSIFY_PROPOSAL_MONTHS);
}

qdate
deadline_decision_due(const struct calendar *cal, qdate proposal_on)
{
	return calendar_period_end(cal, proposal_on, CLASSIFY_DECISION_MONTHS);
}

/* Art. 20.2: proposal within one month, decision within three months of it. */
size_t
deadline_preliminary(const struct dl_preliminary *p, const struct calendar *cal, qdate as_of,
                     struct deadline out[1])
{
	if (!p->preliminary)
		return 0;
	if (p->proposal_on == QDATE_NONE)
		return deadline_make(out, DL_PRELIMINARY_PROPOSAL, p->id,
		                     deadline_proposal_due(cal, p->classified_on), as_of) == 0;
	return deadline_make(out, DL_PRELIMINARY_DECISION, p->id,
	                     deadline_decision_due(cal, p->proposal_on), as_of) == 0;
}

/* Art. 22.2: the list holds its next review date (approval or last review
 * + 5 years, classify_list_review_due()); a period that ends on a
 * non-working day ends on the next working day (SPEC.md §5). */
size_t
deadline_list(const struct dl_list *l, const struct calendar *cal, qdate as_of,
              struct deadline out[1])
{
	qdate due;

	if (!l->approved)
		return 0;
	due = l->next_review_on == QDATE_NONE
	              ? QDATE_NONE
	              : calendar_working_day_on_or_after(cal, l->next_review_on);
	return deadline_make(out, DL_LIST_REVIEW, l->id, due, as_of) == 0;
}

size_t
deadline_simple(enum deadline_kind k, const char *id, bool open, qdate due_on, qdate as_of,
                struct deadline out[1])
{
	if (!open)
		return 0;
	return deadline_make(out, k, id, due_on, as_of) == 0;
}

int
deadline_cmp(const struct deadline *a, const struct deadline *b)
{
	if (a->due_on != b->due_on)
		return a->due_on < b->due_on ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->object_id, b->object_id);
}

static int
cmp_qsort(const void *a, const void *b)
{
	return deadline_cmp(a, b);
}

void
deadline_sort(struct deadline *d, size_t n)
{
	if (n > 1)
		qsort(d, n, sizeof *d, cmp_qsort);
}
