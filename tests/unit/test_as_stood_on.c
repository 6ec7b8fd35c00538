/*
 * test_as_stood_on.c — permits and clearances as they stood on the act's
 * effective_date (SPEC.md §3): permit_stored_state_on (core/permit.h, for
 * org_permit_missing and recipient_permit_missing), access_clearance_state_on
 * (core/access.h, clearance_inactive), and the end of the Art. 5 period for
 * a clearance whose verification is still pending (clearance_pending_lapsed,
 * core/clearance.h: clearance_inactive, Art. 5, 29.1).
 */
#include <stdlib.h>

#include "core/access.h"
#include "core/clearance.h"
#include "core/permit.h"
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
	/* active -> suspended on 05-15 -> active on 05-25 -> cancelled on 06-10 */
	struct permit_change ch[] = {
		{"active", "suspended", 0},
		{"suspended", "active", 0},
		{"active", "cancelled", 0},
	};
	static const struct {
		const char *on, *want;
	} pcases[] = {
		{"2026-05-01", "active"},   {"2026-05-14", "active"},
		{"2026-05-15", "suspended"}, {"2026-05-24", "suspended"},
		{"2026-05-25", "active"},   {"2026-06-09", "active"},
		{"2026-06-10", "cancelled"}, {"2027-01-01", "cancelled"},
	};

	ch[0].date = D("2026-05-15");
	ch[1].date = D("2026-05-25");
	ch[2].date = D("2026-06-10");
	for (size_t i = 0; i < sizeof pcases / sizeof pcases[0]; i++)
		CHECK_STR(permit_stored_state_on("cancelled", ch, 3, D(pcases[i].on)), pcases[i].want);
	CHECK_STR(permit_stored_state_on("active", NULL, 0, D("2026-05-20")), "active");
	CHECK_STR(permit_stored_state_on("cancelled", ch, 3, QDATE_NONE), "cancelled");
	ch[1].date = QDATE_NONE;    /* an undated change counts as made */
	CHECK_STR(permit_stored_state_on("cancelled", ch, 3, D("2026-05-20")), "active");

	/* A clearance granted 05-20, terminated 06-10. */
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_ACTIVE, D("2026-05-20"), QDATE_NONE,
	                                D("2026-05-19")) == ACCESS_CLEARANCE_REGISTERING);
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_ACTIVE, D("2026-05-20"), QDATE_NONE,
	                                D("2026-05-20")) == ACCESS_CLEARANCE_ACTIVE);
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_TERMINATED, D("2026-05-20"),
	                                D("2026-06-10"), D("2026-06-01")) == ACCESS_CLEARANCE_ACTIVE);
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_TERMINATED, D("2026-05-20"),
	                                D("2026-06-10"), D("2026-06-10")) ==
	      ACCESS_CLEARANCE_TERMINATED);
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_TERMINATED, D("2026-05-20"),
	                                D("2026-06-10"), D("2026-05-01")) ==
	      ACCESS_CLEARANCE_REGISTERING);
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_TERMINATED, D("2026-05-20"), QDATE_NONE,
	                                D("2026-06-01")) == ACCESS_CLEARANCE_TERMINATED);
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_REFUSED, D("2026-05-20"), QDATE_NONE,
	                                D("2026-06-01")) == ACCESS_CLEARANCE_REFUSED);
	CHECK(access_clearance_state_on(ACCESS_CLEARANCE_ACTIVE, QDATE_NONE, QDATE_NONE,
	                                D("2000-01-01")) == ACCESS_CLEARANCE_ACTIVE);

	/* clearance_inactive, Art. 5, 29.1: the period ends on 05-20. */
	CHECK(!clearance_pending_lapsed(D("2026-05-20"), D("2026-05-20")));
	CHECK(clearance_pending_lapsed(D("2026-05-20"), D("2026-05-21")));
	CHECK(clearance_pending_lapsed(QDATE_NONE, D("2026-05-01")));
	CHECK(!clearance_pending_lapsed(D("2026-05-20"), QDATE_NONE));
	return tap_done();
}
