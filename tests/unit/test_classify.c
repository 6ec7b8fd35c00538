/*
 * test_classify.c — the classification rules of src/core/classify.c, table
 * driven: one block per rule code, each with allowed and refused cases
 * (want_code NULL = allowed).
 */
#include <stddef.h>
#include <string.h>

#include "core/classify.h"
#include "tap.h"

static qdate
D(const char *s)
{
	qdate d = QDATE_NONE;

	if (date_parse(s, &d) != 0)
		fprintf(stderr, "bad test date %s\n", s);
	return d;
}

/* Checks a rule result against want_code/want_article (NULL: allowed). */
static void
want(int rc, const struct qerr *e, const char *want_code, const char *want_article, int line)
{
	if (want_code == NULL) {
		if (rc != 0)
			fprintf(stderr, "line %d: refused with %s\n", line, e->code);
		CHECK(rc == 0);
		return;
	}
	if (rc == 0)
		fprintf(stderr, "line %d: allowed, want %s\n", line, want_code);
	CHECK(rc == -1);
	CHECK_STR(e->code, want_code);
	if (want_article != NULL)
		CHECK_STR(e->article, want_article);
}

static void
test_not_a_classifier(void)
{
	static const struct {
		const char *kind, *state, *person_org, *org, *want_code;
	} eligible[] = {
		{"state_body", "active", "org_a", "org_a", NULL},
		{"state_body", "reorganizing", "org_a", "org_a", NULL},
		{"organization", "active", "org_a", "org_a", "not_a_classifier"},
		{"foreign_state", "active", "org_a", "org_a", "not_a_classifier"},
		{"international_org", "active", "org_a", "org_a", "not_a_classifier"},
		{"state_body", "liquidated", "org_a", "org_a", "not_a_classifier"},
		{"state_body", "active", "org_b", "org_a", "not_a_classifier"},
		{"state_body", "active", NULL, "org_a", "not_a_classifier"},
	};
	static const struct {
		bool has_person, on_list;
		const char *want_code;
	} acting[] = {
		{true, true, NULL},
		{true, false, "not_a_classifier"},
		{false, false, "not_a_classifier"},
		{false, true, "not_a_classifier"},
	};

	for (size_t i = 0; i < sizeof eligible / sizeof eligible[0]; i++) {
		struct qerr e = {0};
		int rc = classify_classifier_eligible(eligible[i].kind, eligible[i].state,
		                                      eligible[i].person_org, eligible[i].org, &e);
		want(rc, &e, eligible[i].want_code, "5.4, 15.1", __LINE__);
		if (rc != 0)
			CHECK(e.status == QERR_RULE);
	}
	for (size_t i = 0; i < sizeof acting / sizeof acting[0]; i++) {
		struct qerr e = {0};
		int rc = classify_classifier_check(acting[i].has_person, acting[i].on_list, &e);
		want(rc, &e, acting[i].want_code, "5.4, 15.1", __LINE__);
	}
}

static void
test_not_classifiable_topic(void)
{
	static const struct {
		const char *code;
		bool want_excluded;
	} one[] = {
		{"17.1.1", true}, {"17.1.5", true}, {"17.1.10", true}, {"17.1.11", true},
		{"17.1.12", false}, {"17.1.0", false}, {"17.1.01", false}, {"17.1.", false},
		{"17.1", false}, {"17.2.1", false}, {"11.1", false}, {"17.1.1x", false},
		{"", false}, {NULL, false},
	};
	static const struct {
		const char *codes[3];
		size_t n;
		int want_status;           /* 0 allowed, 400, 422 */
		const char *want_code;
	} sets[] = {
		{{NULL}, 0, 0, NULL},
		{{"11.1", "defence"}, 2, 0, NULL},
		{{"11.1", "17.1.3"}, 2, 422, "not_classifiable_topic"},
		{{"17.1.11"}, 1, 422, "not_classifiable_topic"},
		{{"17.1.12"}, 1, 400, "invalid_value"},
		{{"17.1.2", "17.1.99"}, 2, 400, "invalid_value"},   /* 400 before 422 */
	};

	for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
		CHECK(classify_topic_not_classifiable(one[i].code) == one[i].want_excluded);
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		struct qerr e = {0};
		int rc = classify_topics_valid(sets[i].codes, sets[i].n, &e);

		if (rc == 0)
			rc = classify_topics_check(sets[i].codes, sets[i].n, "11.1", &e);
		CHECK(e.status == sets[i].want_status);
		want(rc, &e, sets[i].want_code, sets[i].want_status == 422 ? "17" : NULL, __LINE__);
		if (sets[i].want_status != 0)
			CHECK_STR(e.field, "topics");
	}
	/* The Law's own exceptions (Art. 17.1.8, 17.1.9, 17.1.11): they depend
	 * on the statutory basis of the cited list item (NULL: preliminary). */
	{
		static const struct {
			const char *topic, *basis, *want_code;
		} ex[] = {
			{"17.1.8", "11.5", NULL},            /* defence: discloses security */
			{"17.1.8", "14.7", NULL},
			{"17.1.9", "12.12", NULL},           /* budget for security */
			{"17.1.9", "12.16", NULL},
			{"17.1.8", "14.1-1", NULL},
			{"17.1.8", "12.11", "not_classifiable_topic"},   /* mineral reserves */
			{"17.1.9", "13.1", "not_classifiable_topic"},    /* foreign policy */
			{"17.1.8", NULL, "not_classifiable_topic"},      /* preliminary */
			{"17.1.9", "12.1x", "not_classifiable_topic"},
			{"17.1.11", "14.3", NULL},           /* Art. 14 */
			{"17.1.11", "14.18-1", NULL},
			{"17.1.11", "11.1", "not_classifiable_topic"},
			{"17.1.11", "12.12", "not_classifiable_topic"},
			{"17.1.11", NULL, "not_classifiable_topic"},
			{"17.1.10", "14.3", "not_classifiable_topic"},   /* no exception */
			{"17.1.1", "11.1", "not_classifiable_topic"},
			{"17.1.7", "12.12", "not_classifiable_topic"},
		};

		for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
			struct qerr e = {0};
			const char *codes[2] = {"11.1", ex[i].topic};
			int rc = classify_topics_check(codes, 2, ex[i].basis, &e);

			if ((rc == 0) != (ex[i].want_code == NULL))
				fprintf(stderr, "exception case %zu (%s on %s)\n", i, ex[i].topic,
				        ex[i].basis ? ex[i].basis : "none");
			want(rc, &e, ex[i].want_code, "17", __LINE__);
		}
		CHECK(classify_basis_discloses_security("11.22"));
		CHECK(classify_basis_discloses_security("14.19"));
		CHECK(!classify_basis_discloses_security("12.36"));
		CHECK(!classify_basis_discloses_security("15.1"));
		CHECK(!classify_basis_discloses_security(""));
		CHECK(!classify_basis_discloses_security(NULL));
	}
}

static void
test_basis_required(void)
{
	static const struct {
		struct classify_basis b;
		const char *want_code;
	} cases[] = {
		{{false, true, ITEM_ACTIVE, LIST_APPROVED, "org_a", "org_a", QDATE_NONE, 0, 0, 0}, NULL},
		{{true, false, NULL, NULL, NULL, "org_a", QDATE_NONE, 0, 0, 0}, NULL},
		{{true, true, ITEM_ACTIVE, LIST_DRAFT, "org_b", "org_a", QDATE_NONE, 0, 0, 0},
		 NULL},  /* facts ignored */
		{{false, false, NULL, NULL, NULL, "org_a", QDATE_NONE, 0, 0, 0}, "basis_required"},
		{{false, true, ITEM_ACTIVE, LIST_DRAFT, "org_a", "org_a", QDATE_NONE, 0, 0, 0},
		 "basis_required"},
		{{false, true, ITEM_REMOVED, LIST_APPROVED, "org_a", "org_a", QDATE_NONE, 0, 0, 0},
		 "basis_required"},
		{{false, true, ITEM_ACTIVE, LIST_APPROVED, "org_b", "org_a", QDATE_NONE, 0, 0, 0},
		 "basis_required"},
	};

	/* In force on classified_on (Art. 20.1): approved 2024-03-15; an item
	 * added to the approved list on 2024-06-03; removed on 2025-01-10. */
	static const struct {
		const char *on, *added_on, *removed_on;
		const char *item_state, *want_code;
	} dated[] = {
		{"2024-03-15", NULL, NULL, ITEM_ACTIVE, NULL},          /* the approval's day */
		{"2024-03-14", NULL, NULL, ITEM_ACTIVE, "basis_required"},
		{"2024-06-03", "2024-06-03", NULL, ITEM_ACTIVE, NULL},
		{"2024-06-02", "2024-06-03", NULL, ITEM_ACTIVE, "basis_required"},
		{"2025-01-09", NULL, "2025-01-10", ITEM_REMOVED, NULL}, /* before the removal */
		{"2025-01-10", NULL, "2025-01-10", ITEM_REMOVED, "basis_required"},
		{"2025-02-01", NULL, "2025-01-10", ITEM_REMOVED, "basis_required"},
		{"2025-01-09", NULL, NULL, ITEM_REMOVED, "basis_required"},   /* no date: closed */
	};

	for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
		struct qerr e = {0};
		struct classify_basis b = {
			.item_given = true, .item_state = dated[i].item_state,
			.list_state = LIST_APPROVED, .list_org_id = "org_a", .info_org_id = "org_a",
			.on = D(dated[i].on), .list_approved_on = D("2024-03-15"),
			.item_added_on = dated[i].added_on ? D(dated[i].added_on) : QDATE_NONE,
			.item_removed_on = dated[i].removed_on ? D(dated[i].removed_on) : QDATE_NONE,
		};
		int rc = classify_basis_check(&b, &e);

		want(rc, &e, dated[i].want_code, "20.1", __LINE__);
	}
	{
		/* A draft list (never approved) is no basis on any day. */
		struct qerr e = {0};
		struct classify_basis b = {
			.item_given = true, .item_state = ITEM_ACTIVE, .list_state = LIST_APPROVED,
			.list_org_id = "org_a", .info_org_id = "org_a", .on = D("2024-03-15"),
			.list_approved_on = QDATE_NONE, .item_added_on = QDATE_NONE,
			.item_removed_on = QDATE_NONE,
		};
		want(classify_basis_check(&b, &e), &e, "basis_required", "20.1", __LINE__);
	}

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = classify_basis_check(&cases[i].b, &e);

		want(rc, &e, cases[i].want_code, "20.1", __LINE__);
		if (rc != 0) {
			CHECK(e.status == QERR_RULE);
			CHECK_STR(e.field, "list_item_id");
		}
	}
}

static void
test_degree_exceeds_basis(void)
{
	static const struct {
		enum degree info, basis;
		int want_status;
	} cases[] = {
		{DEGREE_CONFIDENTIAL, DEGREE_CONFIDENTIAL, 0},
		{DEGREE_CONFIDENTIAL, DEGREE_SPECIAL_IMPORTANCE, 0},
		{DEGREE_TOP_SECRET, DEGREE_TOP_SECRET, 0},
		{DEGREE_SPECIAL_IMPORTANCE, DEGREE_SPECIAL_IMPORTANCE, 0},
		{DEGREE_TOP_SECRET, DEGREE_CONFIDENTIAL, 422},
		{DEGREE_SPECIAL_IMPORTANCE, DEGREE_TOP_SECRET, 422},
		{DEGREE_NONE, DEGREE_TOP_SECRET, 400},
		{DEGREE_TOP_SECRET, DEGREE_NONE, 400},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = classify_degree_check(cases[i].info, cases[i].basis, &e);

		CHECK(e.status == cases[i].want_status);
		if (cases[i].want_status == 422)
			want(rc, &e, "degree_exceeds_basis", "15.2, 18.1", __LINE__);
		else if (cases[i].want_status == 0)
			want(rc, &e, NULL, NULL, __LINE__);
	}
}

static void
test_term_exceeds_limit(void)
{
	static const struct {
		const char *classified_on, *declassify_on;
		int want_status;
		const char *want_limit;
	} cases[] = {
		{"2000-01-15", "2030-01-15", 0, "2030-01-15"},     /* 30 years to the day */
		{"2000-01-15", "2030-01-16", 422, NULL},           /* one day more */
		{"2000-01-15", "2000-01-16", 0, NULL},
		{"2000-01-15", "2029-12-31", 0, NULL},
		{"2024-02-29", "2054-02-28", 0, "2054-02-28"},     /* Feb 29 + 30 y = Feb 28 */
		{"2024-02-29", "2054-03-01", 422, NULL},
		{"2020-02-29", "2050-02-28", 0, "2050-02-28"},
		{"2020-02-29", "2050-03-01", 422, NULL},
		{"1996-02-29", "2026-02-28", 0, "2026-02-28"},
		{"2010-03-01", "2040-03-01", 0, "2040-03-01"},
		{"2010-03-01", "2040-03-02", 422, NULL},
		{"2010-12-31", "2040-12-31", 0, NULL},
		{"2010-12-31", "2041-01-01", 422, NULL},
		{"2000-01-15", "2000-01-15", 400, NULL},           /* not after classified_on */
		{"2000-01-15", "1999-01-15", 400, NULL},
		{"9980-01-01", "9999-12-31", 0, NULL},             /* limit out of range */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = classify_term_check(D(cases[i].classified_on), D(cases[i].declassify_on), &e);

		if (e.status != cases[i].want_status)
			fprintf(stderr, "term case %zu: status %d\n", i, e.status);
		CHECK(e.status == cases[i].want_status);
		if (cases[i].want_status == 422) {
			want(rc, &e, "term_exceeds_limit", "20, 20.3", __LINE__);
			CHECK_STR(e.field, "declassify_on");
		} else if (cases[i].want_status == 400) {
			CHECK(rc == -1);
			CHECK_STR(e.field, "declassify_on");
		} else {
			want(rc, &e, NULL, NULL, __LINE__);
		}
		if (cases[i].want_limit != NULL)
			CHECK(classify_term_limit(D(cases[i].classified_on)) == D(cases[i].want_limit));
	}
	{
		struct qerr e = {0};
		CHECK(classify_term_check(QDATE_NONE, D("2000-01-01"), &e) == -1);
		CHECK(e.status == QERR_INPUT);
	}
}

static void
test_list_review_due(void)
{
	static const struct {
		const char *on, *want_due;
	} due[] = {
		{"2024-03-15", "2029-03-15"},
		{"2024-02-29", "2029-02-28"},   /* the last day of February */
		{"2023-12-31", "2029-01-02"},   /* Sunday 2028-12-31 -> Monday, a holiday -> Tuesday */
		{"2025-06-08", "2030-06-10"},   /* a Saturday five years on moves to Monday */
		{"2024-03-08", "2029-03-08"},   /* a Thursday stays */
	};
	struct calendar *cal = calendar_new();
	struct qerr ce = {0};

	CHECK(cal != NULL);
	CHECK(calendar_add_holiday(cal, D("2029-01-01"), &ce) == 0);
	for (size_t i = 0; i < sizeof due / sizeof due[0]; i++) {
		qdate got = classify_list_review_due(cal, D(due[i].on));

		if (got != D(due[i].want_due)) {
			char b[QDATE_STR_SIZE];

			fprintf(stderr, "review due from %s: %s\n", due[i].on, date_format(got, b));
		}
		CHECK(got == D(due[i].want_due));
	}
	CHECK(classify_list_review_due(NULL, D("2023-12-31")) == D("2029-01-01"));
	CHECK(classify_list_review_due(cal, QDATE_NONE) == QDATE_NONE);
	calendar_free(cal);

	/* The state machine: draft -> approved once; reviews of approved lists. */
	{
		struct qerr e = {0};
		qdate next = QDATE_NONE;

		CHECK(classify_list_approve(NULL, LIST_DRAFT, D("2024-03-15"), &next, &e) == 0);
		CHECK(next == D("2029-03-15"));
		CHECK(classify_list_approve(NULL, LIST_APPROVED, D("2024-03-15"), &next, &e) == -1);
		CHECK(e.status == QERR_CONFLICT);
		CHECK_STR(e.code, "invalid_state");
	}
	{
		struct qerr e = {0};
		qdate next = QDATE_NONE;

		CHECK(classify_list_review(NULL, LIST_APPROVED, D("2024-03-15"), D("2026-01-10"), &next,
		                           &e) == 0);
		CHECK(next == D("2031-01-10"));
		CHECK(classify_list_review(NULL, LIST_APPROVED, D("2024-03-15"), D("2024-03-14"), &next,
		                           &e) == -1);
		CHECK_STR(e.code, "invalid_state");
		CHECK(classify_list_review(NULL, LIST_DRAFT, QDATE_NONE, D("2024-03-14"), &next, &e) == -1);
		CHECK(e.status == QERR_CONFLICT);
	}
}

static void
test_list_change_needs_coordination(void)
{
	static const struct {
		const char *state, *ab, *nsc, *want_code;
	} cases[] = {
		{LIST_APPROVED, "AB-1", "NSC-1", NULL},
		{LIST_DRAFT, NULL, NULL, NULL},
		{LIST_DRAFT, "AB-1", NULL, NULL},
		{LIST_APPROVED, NULL, NULL, "list_change_needs_coordination"},
		{LIST_APPROVED, "AB-1", NULL, "list_change_needs_coordination"},
		{LIST_APPROVED, NULL, "NSC-1", "list_change_needs_coordination"},
		{LIST_APPROVED, "", "NSC-1", "list_change_needs_coordination"},
		{LIST_APPROVED, "AB-1", "", "list_change_needs_coordination"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = classify_list_change_check(cases[i].state, cases[i].ab, cases[i].nsc, &e);

		want(rc, &e, cases[i].want_code, "22.3", __LINE__);
	}
	{
		struct qerr e = {0};
		CHECK(classify_item_change_state(ITEM_ACTIVE, &e) == 0);
		CHECK(classify_item_change_state(ITEM_REMOVED, &e) == -1);
		CHECK(e.status == QERR_CONFLICT);
	}
}

static void
test_preliminary(void)
{
	static const struct {
		const char *state, *prelim_on, *prior, *on;
		int want_status;
	} proposal[] = {
		{INFO_PRELIMINARY, "2025-01-10", NULL, "2025-01-20", 0},
		{INFO_PRELIMINARY, "2025-01-10", NULL, "2025-01-10", 0},
		{INFO_PRELIMINARY, "2025-01-10", NULL, "2025-03-10", 0},   /* late: accepted */
		{INFO_PRELIMINARY, "2025-01-10", NULL, "2025-01-09", 409},
		{INFO_PRELIMINARY, "2025-01-10", "2025-01-11", "2025-01-20", 409},
		{INFO_CLASSIFIED, "2025-01-10", NULL, "2025-01-20", 409},
		{INFO_DECLASSIFIED, "2025-01-10", NULL, "2025-01-20", 409},
	};
	static const struct {
		const char *state, *proposal_on, *on;
		int want_status;
	} decision[] = {
		{INFO_PRELIMINARY, "2025-01-20", "2025-01-20", 0},
		{INFO_PRELIMINARY, "2025-01-20", "2025-06-20", 0},          /* late: accepted */
		{INFO_PRELIMINARY, NULL, "2025-01-20", 409},                /* no proposal */
		{INFO_PRELIMINARY, "2025-01-20", "2025-01-19", 409},        /* before it */
		{INFO_CLASSIFIED, "2025-01-20", "2025-01-25", 409},
	};

	for (size_t i = 0; i < sizeof proposal / sizeof proposal[0]; i++) {
		struct qerr e = {0};
		int rc = classify_proposal_check(
			proposal[i].state, D(proposal[i].prelim_on),
			proposal[i].prior ? D(proposal[i].prior) : QDATE_NONE, D(proposal[i].on), &e);

		CHECK(e.status == proposal[i].want_status);
		CHECK(rc == (proposal[i].want_status ? -1 : 0));
		if (rc != 0)
			CHECK_STR(e.code, "invalid_state");
	}
	for (size_t i = 0; i < sizeof decision / sizeof decision[0]; i++) {
		struct qerr e = {0};
		int rc = classify_decision_check(
			decision[i].state,
			decision[i].proposal_on ? D(decision[i].proposal_on) : QDATE_NONE,
			D(decision[i].on), &e);

		CHECK(e.status == decision[i].want_status);
		CHECK(rc == (decision[i].want_status ? -1 : 0));
		if (rc != 0)
			CHECK_STR(e.article, "20.2");
	}
}

int
main(void)
{
	test_not_a_classifier();
	test_not_classifiable_topic();
	test_basis_required();
	test_degree_exceeds_basis();
	test_term_exceeds_limit();
	test_list_review_due();
	test_list_change_needs_coordination();
	test_preliminary();
	return tap_done();
}
