/*
 * test_org_liquidated.c — org_liquidated (Art. 28, core/transfer.h
 * transfer_org_active_check): an active or reorganizing organization acts;
 * a liquidated one, or one whose state cannot be read, does nothing.
 */
#include "core/transfer.h"
#include "tap.h"

int
main(void)
{
	static const struct {
		const char *state;
		const char *want;     /* "ok" or the code */
	} cases[] = {
		{"active", "ok"},
		{"reorganizing", "ok"},
		{"liquidated", "org_liquidated"},
		{"", "org_liquidated"},          /* fails closed */
		{"closed", "org_liquidated"},
		{NULL, "org_liquidated"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = transfer_org_active_check(cases[i].state, &e);

		CHECK_STR(rc == 0 ? "ok" : e.code, cases[i].want);
		if (rc != 0) {
			CHECK(e.status == QERR_RULE);
			CHECK_STR(e.article, "28");
		}
	}
	CHECK(transfer_org_active_check("liquidated", NULL) == -1);
	return tap_done();
}
