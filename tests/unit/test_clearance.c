/*
 * test_clearance.c — the clearance rules of core/clearance.h, table-driven:
 * prerequisites_missing (Art. 29.1, with the order of steps), refusal_ground
 * (Art. 30.1, the three-year window on both sides), foreigner_needs_treaty
 * (Art. 29.4), readmission_too_early (Art. 31.1, the five-year window on
 * both sides and after dismissal), travel_not_approved (Art. 32, news 2024),
 * the state machine and the Art. 5 relaxation. Each code has its allowed
 * and its refused cases.
 */
#include <stdio.h>
#include <string.h>

#include "core/clearance.h"
#include "tap.h"

static qdate
D(const char *s)
{
	qdate d = QDATE_NONE;

	if (date_parse(s, &d) != 0)
		fprintf(stderr, "bad test date %s\n", s);
	return d;
}

#define NONE QDATE_NONE

static void
check_code(int rc, const struct qerr *e, const char *want_code, const char *want_article,
           const char *name)
{
	if (want_code == NULL) {
		CHECK(rc == 0);
		CHECK(!qerr_is_set(e));
	} else {
		CHECK(rc == -1);
		CHECK(e->status == QERR_RULE);
		CHECK_STR(e->code, want_code);
		CHECK_STR(e->article, want_article);
	}
	if ((rc == 0) != (want_code == NULL))
		fprintf(stderr, "  case: %s (%s)\n", name, e->code);
}

/* ---- prerequisites_missing ------------------------------------------------ */

struct prereq_case {
	const char *name;
	const char *commit, *restr, *consent, *famil, *verified_on;
	enum clearance_verification verif;
	const char *decided;
	unsigned relax;
	const char *want_code;      /* NULL: allowed */
	const char *want_field;
	unsigned want_relaxed;
};

#define ALL4 "2025-01-10", "2025-01-10", "2025-01-10", "2025-01-10"

static const struct prereq_case prereq_cases[] = {
	{"all five, then the decision", ALL4, "2025-02-01", CLEARANCE_VERIFICATION_PASSED,
	 "2025-03-01", 0, NULL, NULL, 0},
	{"decision the same day as the last step", ALL4, "2025-03-01",
	 CLEARANCE_VERIFICATION_PASSED, "2025-03-01", 0, NULL, NULL, 0},
	{"no commitment", NULL, "2025-01-10", "2025-01-10", "2025-01-10", "2025-02-01",
	 CLEARANCE_VERIFICATION_PASSED, "2025-03-01", 0, "prerequisites_missing",
	 "commitment_on", 0},
	{"no consent to restrictions", "2025-01-10", NULL, "2025-01-10", "2025-01-10",
	 "2025-02-01", CLEARANCE_VERIFICATION_PASSED, "2025-03-01", 0, "prerequisites_missing",
	 "consent_restrictions_on", 0},
	{"no consent to verification", "2025-01-10", "2025-01-10", NULL, "2025-01-10",
	 "2025-02-01", CLEARANCE_VERIFICATION_PASSED, "2025-03-01", 0, "prerequisites_missing",
	 "consent_verification_on", 0},
	{"no familiarization", "2025-01-10", "2025-01-10", "2025-01-10", NULL, "2025-02-01",
	 CLEARANCE_VERIFICATION_PASSED, "2025-03-01", 0, "prerequisites_missing",
	 "familiarized_on", 0},
	{"no verification", ALL4, NULL, CLEARANCE_VERIFICATION_NONE, "2025-03-01", 0,
	 "prerequisites_missing", "verification", 0},
	{"verification failed", ALL4, "2025-02-01", CLEARANCE_VERIFICATION_FAILED,
	 "2025-03-01", 0, "prerequisites_missing", "verification", 0},
	{"verification evaded", ALL4, "2025-02-01", CLEARANCE_VERIFICATION_EVADED,
	 "2025-03-01", 0, "prerequisites_missing", "verification", 0},
	{"decision before the commitment", "2025-03-02", "2025-01-10", "2025-01-10",
	 "2025-01-10", "2025-02-01", CLEARANCE_VERIFICATION_PASSED, "2025-03-01", 0,
	 "prerequisites_missing", "commitment_on", 0},
	{"decision before the verification", ALL4, "2025-03-02", CLEARANCE_VERIFICATION_PASSED,
	 "2025-03-01", 0, "prerequisites_missing", "verification", 0},
	{"verification before the consent to it", "2025-01-10", "2025-01-10", "2025-02-05",
	 "2025-01-10", "2025-02-01", CLEARANCE_VERIFICATION_PASSED, "2025-03-01", 0,
	 "prerequisites_missing", "consent_verification_on", 0},
	{"Art. 5: verification pending", ALL4, NULL, CLEARANCE_VERIFICATION_NONE, "2025-03-01",
	 CLEARANCE_RELAX_VERIFICATION_PENDING, NULL, NULL, CLEARANCE_RELAX_VERIFICATION_PENDING},
	{"Art. 5: a failed verification still refuses", ALL4, "2025-02-01",
	 CLEARANCE_VERIFICATION_FAILED, "2025-03-01", CLEARANCE_RELAX_VERIFICATION_PENDING,
	 "prerequisites_missing", "verification", 0},
	{"Art. 5: the commitment is never relaxed", NULL, "2025-01-10", "2025-01-10",
	 "2025-01-10", NULL, CLEARANCE_VERIFICATION_NONE, "2025-03-01",
	 CLEARANCE_RELAX_VERIFICATION_PENDING, "prerequisites_missing", "commitment_on", 0},
	{"Art. 5: relaxation unused when verified", ALL4, "2025-02-01",
	 CLEARANCE_VERIFICATION_PASSED, "2025-03-01", CLEARANCE_RELAX_VERIFICATION_PENDING, NULL,
	 NULL, 0},
};

static qdate
opt(const char *s)
{
	return s ? D(s) : NONE;
}

static void
test_prerequisites_missing(void)
{
	for (size_t i = 0; i < sizeof prereq_cases / sizeof prereq_cases[0]; i++) {
		const struct prereq_case *c = &prereq_cases[i];
		struct clearance_prereqs p = {
			opt(c->commit), opt(c->restr), opt(c->consent), opt(c->famil), c->verif,
			opt(c->verified_on),
		};
		struct qerr e = {0};
		unsigned used = 99;
		int rc = clearance_prerequisites_check(&p, D(c->decided), c->relax, &used, &e);

		check_code(rc, &e, c->want_code, "29.1", c->name);
		if (c->want_field != NULL)
			CHECK_STR(e.field, c->want_field);
		if (rc == 0)
			CHECK(used == c->want_relaxed);
	}
	{
		/* Recording a verification: the consent first. */
		struct clearance_prereqs p = {NONE, NONE, NONE, NONE, CLEARANCE_VERIFICATION_PASSED,
		                              D("2025-02-01")};
		struct qerr e = {0};

		check_code(clearance_verification_check(&p, &e), &e, "prerequisites_missing", "29.1",
		           "verification without consent");
		p.consent_verification_on = D("2025-02-02");
		qerr_clear(&e);
		check_code(clearance_verification_check(&p, &e), &e, "prerequisites_missing", "29.1",
		           "verification before consent");
		p.consent_verification_on = D("2025-02-01");
		qerr_clear(&e);
		check_code(clearance_verification_check(&p, &e), &e, NULL, NULL,
		           "verification on the consent's day");
	}
}

/* ---- refusal_ground ------------------------------------------------------ */

struct ground_case {
	const char *name;
	enum clearance_ground ground;
	const char *noted, *lifted;
	bool exception;
	const char *registered, *decided;
	const char *want_code;
};

#define PEN CLEARANCE_GROUND_CORRUPTION_ADMIN_PENALTY

static const struct ground_case ground_cases[] = {
	{"a conviction refuses", CLEARANCE_GROUND_INTENTIONAL_CRIME_CONVICTION, "2010-01-01",
	 NULL, false, "2025-03-01", "2025-04-01", "refusal_ground"},
	{"a lifted ground does not", CLEARANCE_GROUND_MEDICAL_CONTRAINDICATION, "2020-01-01",
	 "2024-01-01", false, "2025-03-01", "2025-04-01", NULL},
	{"a ground lifted after the decision still did", CLEARANCE_GROUND_MEDICAL_CONTRAINDICATION,
	 "2020-01-01", "2025-05-01", false, "2025-03-01", "2025-04-01", "refusal_ground"},
	{"a ground noted after the decision does not", CLEARANCE_GROUND_RESIDENCE_ABROAD,
	 "2025-04-02", NULL, false, "2025-03-01", "2025-04-01", NULL},
	{"penalty 3 years before registration, the boundary day", PEN, "2022-03-01", NULL, false,
	 "2025-03-01", "2025-04-01", "refusal_ground"},
	{"penalty a day more than 3 years before", PEN, "2022-02-28", NULL, false, "2025-03-01",
	 "2025-04-01", NULL},
	{"penalty a year before", PEN, "2024-03-01", NULL, false, "2025-03-01", "2025-04-01",
	 "refusal_ground"},
	{"penalty during the registration", PEN, "2025-03-15", NULL, false, "2025-03-01",
	 "2025-04-01", "refusal_ground"},
	{"penalty 4 years before", PEN, "2021-03-01", NULL, false, "2025-03-01", "2025-04-01",
	 NULL},
	{"penalty under the declaration exception", PEN, "2024-03-01", NULL, true, "2025-03-01",
	 "2025-04-01", NULL},
	{"window from 29 February", PEN, "2021-02-28", NULL, false, "2024-02-29", "2024-03-01",
	 "refusal_ground"},
	{"window from 29 February, a day before", PEN, "2021-02-27", NULL, false, "2024-02-29",
	 "2024-03-01", NULL},
	{"an unknown ground counts", CLEARANCE_GROUND_UNKNOWN, "2010-01-01", NULL, false,
	 "2025-03-01", "2025-04-01", "refusal_ground"},
	{"an undated ground counts", CLEARANCE_GROUND_CRIMINAL_GROUP, NULL, NULL, false,
	 "2025-03-01", "2025-04-01", "refusal_ground"},
};

static void
test_refusal_ground(void)
{
	for (size_t i = 0; i < sizeof ground_cases / sizeof ground_cases[0]; i++) {
		const struct ground_case *c = &ground_cases[i];
		struct clearance_ground_rec g = {c->ground, opt(c->noted), opt(c->lifted),
		                                 c->exception};
		struct qerr e = {0};
		size_t which = 99;
		int rc = clearance_grounds_check(&g, 1, D(c->registered), D(c->decided), &which, &e);

		check_code(rc, &e, c->want_code, "30.1", c->name);
		if (rc != 0)
			CHECK(which == 0);
	}
	CHECK(clearance_grounds_check(NULL, 3, D("2025-01-01"), D("2025-01-01"), NULL, NULL) == 0);
	CHECK(clearance_ground_parse("corruption_admin_penalty") == PEN);
	CHECK(clearance_ground_parse("false_information") == CLEARANCE_GROUND_FALSE_INFORMATION);
	CHECK(clearance_ground_parse("nonsense") == CLEARANCE_GROUND_UNKNOWN);
	CHECK(clearance_termination_due(D("2025-05-05")) == D("2025-05-05"));
}

/* ---- foreigner_needs_treaty ----------------------------------------------- */

static void
test_foreigner_needs_treaty(void)
{
	static const struct {
		const char *citizenship, *treaty, *want_code;
	} cases[] = {
		{"KZ", NULL, NULL},
		{"foreign", "Treaty 2019/7", NULL},
		{"stateless", "Treaty 2019/7", NULL},
		{"foreign", NULL, "foreigner_needs_treaty"},
		{"stateless", NULL, "foreigner_needs_treaty"},
		{"foreign", "", "foreigner_needs_treaty"},
		{"martian", "Treaty", NULL},      /* unknown with a treaty: the treaty covers it */
		{"martian", NULL, "foreigner_needs_treaty"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = clearance_treaty_check(clearance_citizenship_parse(cases[i].citizenship),
		                                cases[i].treaty, &e);

		check_code(rc, &e, cases[i].want_code, "29.4", cases[i].citizenship);
		if (rc != 0)
			CHECK_STR(e.field, "treaty_ref");
	}
}

/* ---- readmission_too_early ------------------------------------------------- */

static void
test_readmission_too_early(void)
{
	static const struct {
		const char *name;
		enum clearance_state state;
		enum clearance_end reason;
		const char *terminated, *decided, *want_code;
	} cases[] = {
		{"violation, a day before 5 years", CLEARANCE_TERMINATED, CLEARANCE_END_VIOLATION,
		 "2020-06-01", "2025-05-31", "readmission_too_early"},
		{"violation, exactly 5 years", CLEARANCE_TERMINATED, CLEARANCE_END_VIOLATION,
		 "2020-06-01", "2025-06-01", NULL},
		{"ground, a year later", CLEARANCE_TERMINATED, CLEARANCE_END_GROUND, "2024-06-01",
		 "2025-06-01", "readmission_too_early"},
		{"ground, 6 years later", CLEARANCE_TERMINATED, CLEARANCE_END_GROUND, "2019-06-01",
		 "2025-06-01", NULL},
		/* 5 years is calendar: 2025-06-01 + 5y = 2030-06-01, a Saturday — not moved. */
		{"calendar limit on a Saturday", CLEARANCE_TERMINATED, CLEARANCE_END_VIOLATION,
		 "2025-06-01", "2030-06-01", NULL},
		{"from 29 February", CLEARANCE_TERMINATED, CLEARANCE_END_VIOLATION, "2024-02-29",
		 "2029-02-28", NULL},
		{"from 29 February, a day before", CLEARANCE_TERMINATED, CLEARANCE_END_VIOLATION,
		 "2024-02-29", "2029-02-27", "readmission_too_early"},
		{"after dismissal, at once", CLEARANCE_TERMINATED, CLEARANCE_END_DISMISSAL,
		 "2025-05-01", "2025-05-02", NULL},
		{"after transfer, at once", CLEARANCE_TERMINATED, CLEARANCE_END_TRANSFER,
		 "2025-05-01", "2025-05-01", NULL},
		{"after contract end, at once", CLEARANCE_TERMINATED, CLEARANCE_END_CONTRACT_END,
		 "2025-05-01", "2025-05-01", NULL},
		{"after re-registration, at once", CLEARANCE_TERMINATED, CLEARANCE_END_REREGISTERED,
		 "2025-05-01", "2025-05-01", NULL},
		{"unknown reason waits", CLEARANCE_TERMINATED, CLEARANCE_END_UNKNOWN, "2024-05-01",
		 "2025-05-01", "readmission_too_early"},
		{"undated violation waits forever", CLEARANCE_TERMINATED, CLEARANCE_END_VIOLATION, NULL,
		 "2060-05-01", "readmission_too_early"},
		{"a refusal is no termination", CLEARANCE_REFUSED, CLEARANCE_END_UNKNOWN, NULL,
		 "2025-05-01", NULL},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct clearance_past p = {cases[i].state, cases[i].reason, opt(cases[i].terminated)};
		struct qerr e = {0};
		int rc = clearance_readmission_check(&p, 1, D(cases[i].decided), &e);

		check_code(rc, &e, cases[i].want_code, "31.1", cases[i].name);
	}
	CHECK(clearance_readmission_from(CLEARANCE_END_VIOLATION, D("2020-06-01")) ==
	      D("2025-06-01"));
	CHECK(clearance_readmission_from(CLEARANCE_END_DISMISSAL, D("2020-06-01")) ==
	      D("2020-06-01"));
}

/* ---- the grant in order ----------------------------------------------------- */

static void
test_grant_order(void)
{
	struct clearance_ground_rec g = {CLEARANCE_GROUND_CORRUPTION_OFFENSE, D("2024-01-01"),
	                                 NONE, false};
	struct clearance_past p = {CLEARANCE_TERMINATED, CLEARANCE_END_VIOLATION, D("2024-01-01")};
	struct clearance_grant gr = {
		.prereqs = {D("2025-01-10"), D("2025-01-10"), D("2025-01-10"), D("2025-01-10"),
		            CLEARANCE_VERIFICATION_NONE, NONE},
		.registered_on = D("2025-01-01"),
		.decided_on = D("2025-03-01"),
		.citizenship = CLEARANCE_CITIZENSHIP_FOREIGN,
		.grounds = &g, .ngrounds = 1, .past = &p, .npast = 1,
	};
	struct qerr e = {0};

	check_code(clearance_grant_check(&gr, NULL, &e), &e, "prerequisites_missing", "29.1",
	           "first: prerequisites");
	gr.prereqs.verification = CLEARANCE_VERIFICATION_PASSED;
	gr.prereqs.verified_on = D("2025-02-01");
	qerr_clear(&e);
	check_code(clearance_grant_check(&gr, NULL, &e), &e, "refusal_ground", "30.1",
	           "then: grounds");
	gr.ngrounds = 0;
	qerr_clear(&e);
	check_code(clearance_grant_check(&gr, NULL, &e), &e, "foreigner_needs_treaty", "29.4",
	           "then: treaty");
	gr.treaty_ref = "T-1";
	qerr_clear(&e);
	check_code(clearance_grant_check(&gr, NULL, &e), &e, "readmission_too_early", "31.1",
	           "then: re-admission");
	gr.npast = 0;
	qerr_clear(&e);
	check_code(clearance_grant_check(&gr, NULL, &e), &e, NULL, NULL, "all pass");
}

/* ---- state machine --------------------------------------------------------- */

static void
test_states(void)
{
	enum clearance_state next = CLEARANCE_UNKNOWN;
	struct qerr e = {0};

	CHECK(clearance_decide(CLEARANCE_REGISTERING, true, &next, &e) == 0);
	CHECK(next == CLEARANCE_ACTIVE);
	CHECK(clearance_decide(CLEARANCE_REGISTERING, false, &next, &e) == 0);
	CHECK(next == CLEARANCE_REFUSED);
	for (enum clearance_state s = CLEARANCE_UNKNOWN; s <= CLEARANCE_TERMINATED; s++) {
		next = CLEARANCE_UNKNOWN;
		qerr_clear(&e);
		if (s != CLEARANCE_REGISTERING) {
			CHECK(clearance_decide(s, true, &next, &e) == -1);
			CHECK(e.status == QERR_CONFLICT);
			CHECK_STR(e.code, "invalid_state");
			CHECK(next == CLEARANCE_UNKNOWN);
		}
		qerr_clear(&e);
		if (s == CLEARANCE_ACTIVE) {
			CHECK(clearance_terminate(s, &next, &e) == 0);
			CHECK(next == CLEARANCE_TERMINATED);
		} else {
			CHECK(clearance_terminate(s, &next, &e) == -1);
			CHECK_STR(e.code, "invalid_state");
			CHECK_STR(e.article, "31.1");
		}
	}
	for (enum clearance_state s = CLEARANCE_REGISTERING; s <= CLEARANCE_TERMINATED; s++)
		CHECK(clearance_state_parse(clearance_state_name(s)) == s);
	CHECK(clearance_state_parse("bogus") == CLEARANCE_UNKNOWN);
	CHECK(clearance_state_name(CLEARANCE_UNKNOWN) == NULL);
	for (enum clearance_end r = CLEARANCE_END_VIOLATION; r <= CLEARANCE_END_REREGISTERED; r++)
		CHECK(clearance_end_parse(clearance_end_name(r)) == r);
	CHECK(clearance_end_parse(NULL) == CLEARANCE_END_UNKNOWN);
	CHECK(clearance_verification_parse("evaded") == CLEARANCE_VERIFICATION_EVADED);
	CHECK(clearance_verification_parse(NULL) == CLEARANCE_VERIFICATION_NONE);
}

/* ---- travel_not_approved ----------------------------------------------------- */

static void
test_travel_not_approved(void)
{
	static const struct {
		const char *name;
		struct {
			enum clearance_state state;
			const char *granted, *terminated, *restriction;
		} cl[2];
		size_t n;
		const char *departed, *approved;
		const char *want_code;
		enum clearance_admitted want_admitted;
		const char *want_liability;
	} cases[] = {
		{"admitted now, approved", {{CLEARANCE_ACTIVE, "2024-01-01", NULL, NULL}}, 1,
		 "2025-06-10", "2025-06-01", NULL, CLEARANCE_ADMITTED_NOW, "CAO 504.2"},
		{"admitted now, approved on the day", {{CLEARANCE_ACTIVE, "2024-01-01", NULL, NULL}}, 1,
		 "2025-06-10", "2025-06-10", NULL, CLEARANCE_ADMITTED_NOW, "CAO 504.2"},
		{"admitted now, not approved", {{CLEARANCE_ACTIVE, "2024-01-01", NULL, NULL}}, 1,
		 "2025-06-10", NULL, "travel_not_approved", CLEARANCE_ADMITTED_NOW, "CAO 504.2"},
		{"admitted now, approved after leaving", {{CLEARANCE_ACTIVE, "2024-01-01", NULL, NULL}},
		 1, "2025-06-10", "2025-06-11", "travel_not_approved", CLEARANCE_ADMITTED_NOW,
		 "CAO 504.2"},
		{"previously admitted, within restriction, not approved",
		 {{CLEARANCE_TERMINATED, "2020-01-01", "2024-01-01", "2027-01-01"}}, 1, "2025-06-10",
		 NULL, "travel_not_approved", CLEARANCE_ADMITTED_BEFORE, NULL},
		{"previously admitted, within restriction, approved",
		 {{CLEARANCE_TERMINATED, "2020-01-01", "2024-01-01", "2027-01-01"}}, 1, "2025-06-10",
		 "2025-06-01", NULL, CLEARANCE_ADMITTED_BEFORE, NULL},
		{"previously admitted, restriction ended the day before",
		 {{CLEARANCE_TERMINATED, "2020-01-01", "2024-01-01", "2025-06-09"}}, 1, "2025-06-10",
		 NULL, NULL, CLEARANCE_NOT_RESTRICTED, NULL},
		{"previously admitted, restriction ends on the day",
		 {{CLEARANCE_TERMINATED, "2020-01-01", "2024-01-01", "2025-06-10"}}, 1, "2025-06-10",
		 NULL, "travel_not_approved", CLEARANCE_ADMITTED_BEFORE, NULL},
		{"previously admitted, no restriction period",
		 {{CLEARANCE_TERMINATED, "2020-01-01", "2024-01-01", NULL}}, 1, "2025-06-10", NULL,
		 NULL, CLEARANCE_NOT_RESTRICTED, NULL},
		{"never admitted", {{CLEARANCE_REGISTERING, NULL, NULL, NULL}}, 1, "2025-06-10", NULL,
		 NULL, CLEARANCE_NOT_RESTRICTED, NULL},
		{"nobody", {{0}}, 0, "2025-06-10", NULL, NULL, CLEARANCE_NOT_RESTRICTED, NULL},
		{"admitted now beats admitted before",
		 {{CLEARANCE_TERMINATED, "2020-01-01", "2024-01-01", "2027-01-01"},
		  {CLEARANCE_ACTIVE, "2024-02-01", NULL, NULL}}, 2, "2025-06-10", NULL,
		 "travel_not_approved", CLEARANCE_ADMITTED_NOW, "CAO 504.2"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct clearance_trip_status st[2];
		enum clearance_admitted a = (enum clearance_admitted)99;
		struct qerr e = {0};
		int rc;

		for (size_t k = 0; k < cases[i].n; k++) {
			st[k].state = cases[i].cl[k].state;
			st[k].granted_on = opt(cases[i].cl[k].granted);
			st[k].terminated_on = opt(cases[i].cl[k].terminated);
			st[k].restriction_until = opt(cases[i].cl[k].restriction);
		}
		rc = clearance_trip_check(st, cases[i].n, D(cases[i].departed), opt(cases[i].approved),
		                          &a, &e);
		check_code(rc, &e, cases[i].want_code, "32", cases[i].name);
		CHECK(a == cases[i].want_admitted);
		if (cases[i].want_liability == NULL)
			CHECK(clearance_trip_liability(a) == NULL);
		else
			CHECK_STR(clearance_trip_liability(a), cases[i].want_liability);
	}
}

int
main(void)
{
	test_prerequisites_missing();
	test_refusal_ground();
	test_foreigner_needs_treaty();
	test_readmission_too_early();
	test_grant_order();
	test_states();
	test_travel_not_approved();
	return tap_done();
}
