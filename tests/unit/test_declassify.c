/*
 * test_declassify.c — the declassification rules of src/core/declassify.c,
 * table driven: one block per rule code with allowed and refused cases
 * (want_code NULL = allowed), the carrier offers, request due dates.
 */
#include <stddef.h>
#include <string.h>

#include "core/declassify.h"
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
test_declassify_ground_required(void)
{
	static const struct {
		const char *ground, *court_ref, *term, *on, *want_code, *want_article;
		int line;
	} t[] = {
		{NULL, NULL, "2030-01-01", "2025-06-02", "declassify_ground_required", "22.1", __LINE__},
		{"", NULL, "2030-01-01", "2025-06-02", "declassify_ground_required", "22.1", __LINE__},
		{"treaty", NULL, "2030-01-01", "2025-06-02", NULL, NULL, __LINE__},
		{"circumstances_changed", NULL, "2030-01-01", "2025-06-02", NULL, NULL, __LINE__},
		{"list_changed", NULL, "2030-01-01", "2025-06-02", NULL, NULL, __LINE__},
		{"criminal_proceedings", NULL, "2030-01-01", "2025-06-02", NULL, NULL, __LINE__},
		{"unreasonable", NULL, "2030-01-01", "2025-06-02", NULL, NULL, __LINE__},
		{"court_decision", NULL, "2030-01-01", "2025-06-02", "declassify_ground_required",
		 "15.4", __LINE__},
		{"court_decision", "", "2030-01-01", "2025-06-02", "declassify_ground_required", "15.4",
		 __LINE__},
		{"court_decision", "2-17/2025", "2030-01-01", "2025-06-02", NULL, NULL, __LINE__},
		/* term_expired: the day of the term counts, the day before not */
		{"term_expired", NULL, "2025-06-02", "2025-06-02", NULL, NULL, __LINE__},
		{"term_expired", NULL, "2025-06-03", "2025-06-02", "declassify_ground_required", "22.1",
		 __LINE__},
		{"term_expired", NULL, NULL, "2025-06-02", "declassify_ground_required", "22.1",
		 __LINE__},
		{"whim", NULL, "2030-01-01", "2025-06-02", "invalid_value", NULL, __LINE__},
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct qerr e = {0};
		int rc = declassify_ground_check(t[i].ground, t[i].court_ref,
		                                 t[i].term ? D(t[i].term) : QDATE_NONE, D(t[i].on), &e);

		want(rc, &e, t[i].want_code, t[i].want_article, t[i].line);
	}
	CHECK(declassify_ground_parse("unreasonable") == GROUND_UNREASONABLE);
	CHECK(declassify_ground_parse("treaty") == GROUND_TREATY);
	CHECK(declassify_ground_parse("x") == GROUND_NONE);
	CHECK(declassify_ground_parse(NULL) == GROUND_NONE);
}

static void
test_not_competent_to_declassify(void)
{
	static const struct {
		struct declassify_competence c;
		const char *want_code;
		int line;
	} t[] = {
		{{ACTOR_HEAD, GROUND_TREATY, true, false, false, false, false}, NULL, __LINE__},
		{{ACTOR_HEAD, GROUND_UNREASONABLE, true, false, false, false, false}, NULL, __LINE__},
		{{ACTOR_HEAD, GROUND_UNREASONABLE, false, true, false, false, false}, NULL, __LINE__},
		{{ACTOR_HEAD, GROUND_TREATY, false, true, false, false, false}, "not_competent_to_declassify",
		 __LINE__},
		{{ACTOR_HEAD, GROUND_TREATY, false, false, true, true, false}, "not_competent_to_declassify",
		 __LINE__},
		{{ACTOR_ARCHIVIST, GROUND_TREATY, false, false, true, false, false}, NULL, __LINE__},
		{{ACTOR_ARCHIVIST, GROUND_TREATY, true, true, false, true, false},
		 "not_competent_to_declassify", __LINE__},
		{{ACTOR_AUTHORIZED_BODY, GROUND_TREATY, false, false, false, true, false}, NULL, __LINE__},
		{{ACTOR_AUTHORIZED_BODY, GROUND_TREATY, true, true, true, false, false},
		 "not_competent_to_declassify", __LINE__},
		{{ACTOR_NONE, GROUND_TREATY, true, true, true, true, false}, "not_competent_to_declassify",
		 __LINE__},
		/* extensions (Art. 20.3, 23.1 para 2): the disposing body's head;
		 * neither a superior head nor an archive; the authorized body for
		 * a body liquidated without successor */
		{{ACTOR_HEAD, GROUND_NONE, true, false, false, false, true}, NULL, __LINE__},
		{{ACTOR_HEAD, GROUND_UNREASONABLE, false, true, false, false, true},
		 "not_competent_to_declassify", __LINE__},
		{{ACTOR_ARCHIVIST, GROUND_NONE, false, false, true, false, true},
		 "not_competent_to_declassify", __LINE__},
		{{ACTOR_AUTHORIZED_BODY, GROUND_NONE, false, false, false, true, true}, NULL,
		 __LINE__},
		{{ACTOR_AUTHORIZED_BODY, GROUND_NONE, true, false, false, false, true},
		 "not_competent_to_declassify", __LINE__},
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct qerr e = {0};

		want(declassify_competence_check(&t[i].c, &e), &e, t[i].want_code, "23.2", t[i].line);
	}
}

static void
test_extension_needs_conclusion(void)
{
	static const struct {
		const char *classified, *cur, *next, *ref, *want_code, *want_article;
		int line;
	} info[] = {
		{"2024-05-10", "2034-05-10", "2054-05-10", NULL, NULL, NULL, __LINE__},   /* the cap */
		{"2024-05-10", "2034-05-10", "2054-05-11", NULL, "extension_needs_conclusion", "20.3",
		 __LINE__},
		{"2024-05-10", "2034-05-10", "2054-05-11", "", "extension_needs_conclusion", "20.3",
		 __LINE__},
		{"2024-05-10", "2034-05-10", "2070-01-01", "AB-1", NULL, NULL, __LINE__},
		{"2024-02-29", "2030-01-01", "2054-02-28", NULL, NULL, NULL, __LINE__},
		{"2024-02-29", "2030-01-01", "2054-03-01", NULL, "extension_needs_conclusion", "20.3",
		 __LINE__},
		{"2024-05-10", "2034-05-10", "2034-05-10", "AB-1", "invalid_value", NULL, __LINE__},
		{"2024-05-10", "2034-05-10", "2030-01-01", "AB-1", "invalid_value", NULL, __LINE__},
	};
	static const struct {
		const char *cur, *next, *ref, *want_code;
		int line;
	} car[] = {
		{"2030-01-01", "2035-01-01", "EC-1", NULL, __LINE__},
		{NULL, "2035-01-01", "EC-1", NULL, __LINE__},
		{"2030-01-01", "2035-01-01", NULL, "extension_needs_conclusion", __LINE__},
		{"2030-01-01", "2035-01-01", "", "extension_needs_conclusion", __LINE__},
		{"2030-01-01", "2029-01-01", "EC-1", "invalid_value", __LINE__},
	};

	for (size_t i = 0; i < sizeof info / sizeof info[0]; i++) {
		struct qerr e = {0};
		int rc = declassify_extend_information_check(D(info[i].classified), D(info[i].cur),
		                                             D(info[i].next), info[i].ref, &e);

		want(rc, &e, info[i].want_code, info[i].want_article, info[i].line);
	}
	for (size_t i = 0; i < sizeof car / sizeof car[0]; i++) {
		struct qerr e = {0};
		int rc = declassify_extend_carrier_check(car[i].cur ? D(car[i].cur) : QDATE_NONE,
		                                         D(car[i].next), car[i].ref, &e);

		want(rc, &e, car[i].want_code, car[i].want_code && car[i].want_code[0] == 'e'
		                                       ? "23.1" : NULL, car[i].line);
	}
}

static void
test_request_overdue(void)
{
	struct qerr e = {0};
	struct calendar *cal = calendar_new();

	/* answer: open, not before receipt, with reasons */
	want(declassify_request_answer_check("open", D("2025-05-02"), D("2025-05-20"), "because",
	                                     &e), &e, NULL, NULL, __LINE__);
	memset(&e, 0, sizeof e);
	want(declassify_request_answer_check("open", D("2025-05-02"), D("2025-05-20"), NULL, &e), &e,
	     "request_overdue", "24.2", __LINE__);
	memset(&e, 0, sizeof e);
	want(declassify_request_answer_check("open", D("2025-05-02"), D("2025-05-20"), "", &e), &e,
	     "request_overdue", "24.2", __LINE__);
	memset(&e, 0, sizeof e);
	want(declassify_request_answer_check("open", D("2025-05-02"), D("2025-05-01"), "x", &e), &e,
	     "invalid_state", NULL, __LINE__);
	memset(&e, 0, sizeof e);
	want(declassify_request_answer_check("answered", D("2025-05-02"), D("2025-05-20"), "x", &e),
	     &e, "invalid_state", NULL, __LINE__);
	/* a late answer is accepted (the deadline kind, not a refusal) */
	memset(&e, 0, sizeof e);
	want(declassify_request_answer_check("open", D("2025-01-02"), D("2025-05-20"), "x", &e), &e,
	     NULL, NULL, __LINE__);
	/* forward: with the notice to the requester */
	memset(&e, 0, sizeof e);
	want(declassify_request_forward_check("open", D("2025-05-02"), D("2025-05-03"), &e), &e,
	     NULL, NULL, __LINE__);
	memset(&e, 0, sizeof e);
	want(declassify_request_forward_check("open", D("2025-05-02"), QDATE_NONE, &e), &e,
	     "request_overdue", "24.2", __LINE__);
	memset(&e, 0, sizeof e);
	want(declassify_request_forward_check("open", D("2025-05-02"), D("2025-05-01"), &e), &e,
	     "invalid_state", NULL, __LINE__);
	memset(&e, 0, sizeof e);
	want(declassify_request_forward_check("forwarded", D("2025-05-02"), D("2025-05-03"), &e),
	     &e, "invalid_state", NULL, __LINE__);
	/* one calendar month, month ends (weekends only here) */
	CHECK(declassify_request_due(cal, D("2025-01-31")) == D("2025-02-28"));
	CHECK(declassify_request_due(cal, D("2024-01-31")) == D("2024-02-29"));
	CHECK(declassify_request_due(cal, D("2025-05-07")) == D("2025-06-09"));   /* Sat -> Mon */
	CHECK(declassify_request_due(cal, D("2025-05-02")) == D("2025-06-02"));
	CHECK(calendar_add_holiday(cal, D("2025-06-02"), &e) == 0);
	CHECK(declassify_request_due(cal, D("2025-05-02")) == D("2025-06-03"));
	CHECK(declassify_request_due(cal, QDATE_NONE) == QDATE_NONE);
	calendar_free(cal);
}

static void
test_carrier_offer(void)
{
	static const struct {
		enum degree label, required, want_proposed;
		enum declassify_offer want;
		const char *want_name;
	} t[] = {
		{DEGREE_TOP_SECRET, DEGREE_NONE, DEGREE_NONE, OFFER_DECLASSIFY, "declassify"},
		{DEGREE_TOP_SECRET, DEGREE_CONFIDENTIAL, DEGREE_CONFIDENTIAL, OFFER_RELABEL, "relabel"},
		{DEGREE_TOP_SECRET, DEGREE_TOP_SECRET, DEGREE_TOP_SECRET, OFFER_KEEP, "keep"},
		{DEGREE_CONFIDENTIAL, DEGREE_SPECIAL_IMPORTANCE, DEGREE_SPECIAL_IMPORTANCE, OFFER_RAISE,
		 "raise"},
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum degree p = DEGREE_NONE;
		enum declassify_offer o = declassify_carrier_offer(t[i].label, t[i].required, &p);

		CHECK(o == t[i].want);
		CHECK(p == t[i].want_proposed);
		CHECK_STR(declassify_offer_name(o), t[i].want_name);
	}
}

static void
test_information_state(void)
{
	struct qerr e = {0};

	CHECK(declassify_information_state("classified", &e) == 0);
	CHECK(declassify_information_state("preliminary", &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	CHECK(declassify_information_state("declassified", &e) == -1);
	CHECK(declassify_information_state(NULL, &e) == -1);
}

int
main(void)
{
	test_declassify_ground_required();
	test_not_competent_to_declassify();
	test_extension_needs_conclusion();
	test_request_overdue();
	test_carrier_offer();
	test_information_state();
	return tap_done();
}
