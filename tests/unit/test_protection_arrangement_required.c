/*
 * test_protection_arrangement_required.c — protection_arrangement_required
 * (R743 p.8, core/joint_work.h jw_protection_arranged) and the permitted
 * term of R743 p.4.4 (jw_term_check, permission_required): an executor with
 * foreign participation receives carriers only with its protection arranged
 * through another organization's subdivision; nothing is agreed or
 * transferred after the permitted term.
 */
#include <stdlib.h>

#include "core/joint_work.h"
#include "tap.h"

static qdate
D(const char *s)
{
	qdate d = QDATE_NONE;

	if (date_parse(s, &d) != 0)
		abort();
	return d;
}

int
main(void)
{
	static const struct {
		bool foreign;
		enum jw_protection arranged;
		const char *want;
	} cases[] = {
		{false, JW_PROT_UNKNOWN, "ok"},            /* its own subdivision, p.8.1 */
		{false, JW_PROT_EXECUTOR_OWN, "ok"},
		{false, JW_PROT_CUSTOMER, "ok"},
		{true, JW_PROT_UNKNOWN, "protection_arrangement_required"},
		{true, JW_PROT_EXECUTOR_OWN, "protection_arrangement_required"},
		{true, JW_PROT_CUSTOMER, "ok"},
		{true, JW_PROT_QUASI_PUBLIC, "ok"},
		{true, JW_PROT_STATE_PROVIDER, "ok"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = jw_protection_arranged(cases[i].foreign, cases[i].arranged, &e);

		CHECK_STR(rc == 0 ? "ok" : e.code, cases[i].want);
		if (rc != 0)
			CHECK_STR(e.article, "R743 p.8");
	}
	CHECK(jw_protection_parse(NULL) == JW_PROT_UNKNOWN);

	/* permission_required, R743 p.4.4: the term's last day is within it. */
	{
		struct qerr e = {0};

		CHECK(jw_term_check(D("2026-03-31"), D("2026-03-31"), &e) == 0);
		CHECK(jw_term_check(D("2026-03-31"), D("2026-03-01"), &e) == 0);
		CHECK(jw_term_check(QDATE_NONE, D("2030-01-01"), &e) == 0);
		CHECK(jw_term_check(D("2026-03-31"), D("2026-04-01"), &e) == -1);
		CHECK_STR(e.code, "permission_required");
		CHECK_STR(e.article, "R743 p.4.4, p.7");
	}
	return tap_done();
}
