/*
 * test_deadlines.c — src/core/deadlines.c: each kind's due date and when it
 * is open, overdue at the boundary (due_on < as_of), month ends, and the
 * order checked against a trivial reference (insertion sort on the same
 * key) on random inputs.
 */
#include <stdlib.h>
#include <string.h>

#include "core/deadlines.h"
#include "tap.h"

static qdate
D(const char *s)
{
	qdate d = QDATE_NONE;

	if (date_parse(s, &d) != 0)
		fprintf(stderr, "bad test date %s\n", s);
	return d;
}

static void
test_names(void)
{
	static const char *const want[][3] = {
		{"declassification_due", "declassification_due", "23.1"},
		{"preliminary_proposal", "preliminary_overdue", "20.2"},
		{"preliminary_decision", "preliminary_overdue", "20.2"},
		{"list_review", "list_review_due", "22.2"},
		{"request_answer", "request_overdue", "24.2"},
		{"permission_answer", "permission_overdue", "R743 p.5"},
		{"clearance_termination", "clearance_termination", "31.3"},
		{"certificate_expiry", "certificate_expiry", "35"},
	};

	CHECK(sizeof want / sizeof want[0] == DL_KIND_COUNT);
	for (int k = 0; k < DL_KIND_COUNT; k++) {
		CHECK_STR(deadline_kind_name(k), want[k][0]);
		CHECK_STR(deadline_code(k), want[k][1]);
		CHECK_STR(deadline_article(k), want[k][2]);
		CHECK(deadline_kind_parse(want[k][0]) == k);
	}
	CHECK(deadline_kind_name(DL_KIND_COUNT) == NULL);
	CHECK(deadline_kind_parse("nope") == -1);
	CHECK(deadline_kind_parse(NULL) == -1);
}

static void
test_secret(void)
{
	struct deadline d[1];
	struct dl_secret s = {"info_1", true, D("2025-05-01"), QDATE_NONE};

	CHECK(deadline_secret(&s, D("2025-05-01"), d) == 1);
	CHECK(d->kind == DL_DECLASSIFICATION_DUE);
	CHECK(d->due_on == D("2025-05-01"));
	CHECK(!d->overdue);                         /* due today: not yet overdue */
	CHECK(deadline_secret(&s, D("2025-05-02"), d) == 1 && d->overdue);
	s.review_due_on = D("2024-01-10");          /* a list change came first */
	CHECK(deadline_secret(&s, D("2024-01-10"), d) == 1 && d->due_on == D("2024-01-10"));
	s.review_due_on = D("2026-01-10");          /* the term first */
	CHECK(deadline_secret(&s, D("2024-01-10"), d) == 1 && d->due_on == D("2025-05-01"));
	s.open = false;
	CHECK(deadline_secret(&s, D("2024-01-10"), d) == 0);
	s.open = true;
	s.declassify_on = s.review_due_on = QDATE_NONE;
	CHECK(deadline_secret(&s, D("2024-01-10"), d) == 0);
}

static void
test_preliminary(void)
{
	struct deadline d[1];
	struct calendar *cal = calendar_new();
	struct qerr e = {0};
	static const struct {
		const char *classified, *proposal, *want_due;
		enum deadline_kind want_kind;
	} t[] = {
		{"2025-01-31", NULL, "2025-02-28", DL_PRELIMINARY_PROPOSAL},   /* month end */
		{"2024-01-31", NULL, "2024-02-29", DL_PRELIMINARY_PROPOSAL},   /* leap year */
		{"2025-05-07", NULL, "2025-06-09", DL_PRELIMINARY_PROPOSAL},   /* Sat -> Mon */
		{"2025-05-20", "2025-05-31", "2025-09-01", DL_PRELIMINARY_DECISION},   /* Sun -> Mon */
		{"2025-05-20", "2025-11-30", "2026-03-02", DL_PRELIMINARY_DECISION},   /* 28 Feb is Sat */
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct dl_preliminary p = {"info_p", true, D(t[i].classified),
		                           t[i].proposal ? D(t[i].proposal) : QDATE_NONE};

		CHECK(deadline_preliminary(&p, cal, D("2025-06-02"), d) == 1);
		CHECK(d->kind == t[i].want_kind);
		if (d->due_on != D(t[i].want_due)) {
			char b[QDATE_STR_SIZE];

			fprintf(stderr, "case %zu: due %s, want %s\n", i, date_format(d->due_on, b),
			        t[i].want_due);
		}
		CHECK(d->due_on == D(t[i].want_due));
	}
	/* a holiday on the day moves it too */
	CHECK(calendar_add_holiday(cal, D("2025-02-28"), &e) == 0);
	{
		struct dl_preliminary p = {"info_p", true, D("2025-01-31"), QDATE_NONE};

		CHECK(deadline_preliminary(&p, cal, D("2025-06-02"), d) == 1);
		CHECK(d->due_on == D("2025-03-03"));
		p.preliminary = false;
		CHECK(deadline_preliminary(&p, cal, D("2025-06-02"), d) == 0);
	}
	calendar_free(cal);
}

static void
test_list_and_simple(void)
{
	struct deadline d[1];
	struct dl_list l = {"list_1", true, D("2029-03-15")};

	CHECK(deadline_list(&l, NULL, D("2029-03-15"), d) == 1 && !d->overdue);
	CHECK(deadline_list(&l, NULL, D("2029-03-16"), d) == 1 && d->overdue);
	CHECK(d->kind == DL_LIST_REVIEW);
	/* list_review_due, Art. 22.2: a due day on a Saturday moves to Monday
	 * (SPEC §5), also for a date stored unmoved. */
	l.next_review_on = D("2030-06-08");
	CHECK(deadline_list(&l, NULL, D("2030-06-09"), d) == 1 && !d->overdue);
	CHECK(d->due_on == D("2030-06-10"));
	CHECK(deadline_list(&l, NULL, D("2030-06-11"), d) == 1 && d->overdue);
	l.approved = false;
	CHECK(deadline_list(&l, NULL, D("2029-03-16"), d) == 0);
	CHECK(deadline_simple(DL_REQUEST_ANSWER, "req_1", true, D("2025-06-02"), D("2025-06-03"),
	                      d) == 1);
	CHECK(d->overdue && strcmp(d->object_id, "req_1") == 0);
	CHECK(deadline_simple(DL_REQUEST_ANSWER, "req_1", false, D("2025-06-02"), D("2025-06-03"),
	                      d) == 0);
	CHECK(deadline_simple(DL_CERTIFICATE_EXPIRY, "c", true, QDATE_NONE, D("2025-06-03"), d) == 0);
	/* an over-long id is truncated, never overflowed */
	{
		char longid[200];

		memset(longid, 'x', sizeof longid - 1);
		longid[sizeof longid - 1] = '\0';
		CHECK(deadline_simple(DL_REQUEST_ANSWER, longid, true, 1, 2, d) == 1);
		CHECK(strlen(d->object_id) == DEADLINE_ID_MAX - 1);
	}
}

/* The order against a reference: insertion sort on (due, kind, id). */
static int
ref_less(const struct deadline *a, const struct deadline *b)
{
	if (a->due_on != b->due_on)
		return a->due_on < b->due_on;
	if (a->kind != b->kind)
		return a->kind < b->kind;
	return strcmp(a->object_id, b->object_id) < 0;
}

static void
test_order(void)
{
	enum { N = 300 };
	static struct deadline a[N], b[N];
	unsigned seed = 12345;

	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < N; i++) {
			char id[16];

			seed = seed * 1103515245u + 12345u;
			snprintf(id, sizeof id, "o%u", (seed >> 8) % 50);
			deadline_make(&a[i], (enum deadline_kind)((seed >> 4) % DL_KIND_COUNT), id,
			              D("2025-01-01") + (qdate)((seed >> 16) % 40), D("2025-01-20"));
		}
		memcpy(b, a, sizeof a);
		deadline_sort(a, N);
		for (int i = 1; i < N; i++) {
			struct deadline x = b[i];
			int j = i - 1;

			while (j >= 0 && ref_less(&x, &b[j])) {
				b[j + 1] = b[j];
				j--;
			}
			b[j + 1] = x;
		}
		for (int i = 0; i < N; i++)
			CHECK(deadline_cmp(&a[i], &b[i]) == 0);
	}
}

int
main(void)
{
	test_names();
	test_secret();
	test_preliminary();
	test_list_and_simple();
	test_order();
	return tap_done();
}
