/*
 * test_grant.c — the life of a need-to-know grant (core/grant.h, Art. 33.2):
 * which grants may be revoked (409 otherwise) and how far a revoked grant
 * still reaches (only the days before its revocation).
 */
#include "tap.h"

#include "core/grant.h"

struct revoke_case {
	const char *state;
	qdate from, on;
	int want_status;   /* 0: allowed */
};

int
main(void)
{
	const qdate d = date_from_ymd(2026, 6, 1);
	struct revoke_case cases[] = {
		{"active", d, d, 0},          /* same day as the grant */
		{"active", d, d + 30, 0},
		{"active", d, d - 1, QERR_CONFLICT},   /* dated before the grant */
		{"active", QDATE_NONE, d, QERR_CONFLICT},
		{"revoked", d, d + 1, QERR_CONFLICT},  /* already revoked */
		{"", d, d + 1, QERR_CONFLICT},
		{NULL, d, d + 1, QERR_CONFLICT},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = grant_revoke_check(cases[i].state, cases[i].from, cases[i].on, &e);

		CHECK(rc == (cases[i].want_status ? -1 : 0));
		CHECK(e.status == cases[i].want_status);
		if (cases[i].want_status)
			CHECK_STR(e.code, "invalid_state");
	}

	/* A grant until d+10 revoked on d+3 covers up to d+2; one that ended
	 * earlier keeps its until; no date covers nothing. */
	CHECK(grant_revoked_until(d + 10, d + 3) == d + 2);
	CHECK(grant_revoked_until(d + 1, d + 3) == d + 1);
	CHECK(grant_revoked_until(QDATE_NONE, d + 3) == d + 2);
	CHECK(grant_revoked_until(d + 10, QDATE_NONE) == QDATE_NONE);
	return tap_done();
}
