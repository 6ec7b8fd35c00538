/*
 * test_forward_not_competent.c — forward_not_competent (Art. 24.2,
 * core/declassify.h declassify_forward_competent): a declassification
 * request is forwarded only to a state body that still exists; never to a
 * commercial organization or a foreign party. And the receiver's clock:
 * one month from the forwarding, moved to a working day.
 */
#include <stdlib.h>

#include "core/declassify.h"
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
		const char *kind, *state;
		const char *want;
	} cases[] = {
		{"state_body", "active", "ok"},
		{"state_body", "reorganizing", "ok"},
		{"state_body", "liquidated", "forward_not_competent"},
		{"organization", "active", "forward_not_competent"},
		{"foreign_state", "active", "forward_not_competent"},
		{"international_org", "active", "forward_not_competent"},
		{NULL, "active", "forward_not_competent"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = declassify_forward_competent(cases[i].kind, cases[i].state, &e);

		CHECK_STR(rc == 0 ? "ok" : e.code, cases[i].want);
		if (rc != 0) {
			CHECK(e.status == QERR_RULE);
			CHECK_STR(e.article, "24.2");
			CHECK_STR(e.field, "to_org_id");
		}
	}
	/* The receiver's month (weekends only without a calendar): forwarded
	 * 2026-04-30, due 2026-05-30 (Saturday), so Monday 2026-06-01. */
	CHECK(declassify_request_due(NULL, D("2026-04-30")) == D("2026-06-01"));
	CHECK(declassify_request_due(NULL, D("2026-05-04")) == D("2026-06-04"));
	return tap_done();
}
