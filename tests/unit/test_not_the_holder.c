/*
 * test_not_the_holder.c — the access check not_the_holder (SPEC.md §3
 * "Access to carriers"; Art. 25.1, 26.1, 33.2, R743 p.10), in
 * core/access.c: only a person of the organization that holds a copy (or
 * the citizen executor holding it) reads or is issued the carrier; an
 * executor only for the copies transferred to it while the joint work is
 * active (suspended is joint_work_suspended's refusal); never a third body.
 */
#include <string.h>

#include "core/access.h"
#include "tap.h"

#define T0 20527

enum { K_PERSON = 1, K_CITIZEN = 2, K_CUSTOMER = 10, K_EXECUTOR = 11, K_THIRD = 12,
       K_CARRIER = 100 };

/* A person of org, cleared, permitted and granted: only custody decides. */
static bool
decide(access_key person, access_key org, const struct access_copy *copies, size_t n,
       enum access_joint_state joint, struct access_decision *d)
{
	struct access_clearance clr = {person, DEGREE_TOP_SECRET, ACCESS_CLEARANCE_ACTIVE};
	struct access_permit per = {org, DEGREE_TOP_SECRET, ACCESS_PERMIT_ACTIVE, T0 - 10,
	                            T0 + 10};
	struct access_grant gr = {person, ACCESS_TARGET_CARRIER, K_CARRIER, T0 - 1, T0 + 1};
	struct access_request rq;

	memset(&rq, 0, sizeof rq);
	rq.person = (struct access_person){person, org};
	rq.clearances = &clr;
	rq.nclearances = 1;
	rq.permits = &per;
	rq.npermits = 1;
	rq.grants = &gr;
	rq.ngrants = 1;
	rq.carrier = (struct access_carrier){K_CARRIER, DEGREE_TOP_SECRET,
	                                     ACCESS_CARRIER_REGISTERED, NULL, 0};
	rq.copies = copies;
	rq.ncopies = n;
	rq.joint = joint;
	rq.today = T0;
	return access_decide(&rq, d);
}

int
main(void)
{
	struct access_decision d;
	/* Three copies: 1 at the customer, 2 at the executor (joint work). */
	struct access_copy cp[2] = {
		{K_CUSTOMER, ACCESS_KEY_NONE, ACCESS_JOINT_NONE},
		{K_EXECUTOR, ACCESS_KEY_NONE, ACCESS_JOINT_ACTIVE},
	};

	/* not_the_holder allowed: the customer holds copy 1. */
	CHECK(decide(K_PERSON, K_CUSTOMER, cp, 2, ACCESS_JOINT_NONE, &d));
	CHECK(d.checks[ACCESS_NOT_THE_HOLDER].passed);
	/* not_the_holder allowed: the executor holds copy 2, the joint work active. */
	CHECK(decide(K_PERSON, K_EXECUTOR, cp, 2, ACCESS_JOINT_ACTIVE, &d));
	/* not_the_holder refused: a third body holds nothing. */
	CHECK(!decide(K_PERSON, K_THIRD, cp, 2, ACCESS_JOINT_NONE, &d));
	CHECK_STR(d.first_failed, "not_the_holder");
	CHECK_STR(d.first_failed_article, "25.1, 26.1, 33.2, R743 p.10");
	/* Suspended: the executor still holds; joint_work_suspended refuses. */
	cp[1].joint = ACCESS_JOINT_SUSPENDED;
	CHECK(!decide(K_PERSON, K_EXECUTOR, cp, 2, ACCESS_JOINT_SUSPENDED, &d));
	CHECK(d.checks[ACCESS_NOT_THE_HOLDER].passed);
	CHECK_STR(d.first_failed, "joint_work_suspended");
	/* not_the_holder refused: after close or cancellation the executor
	 * holds nothing, even if a copy still names it. */
	cp[1].joint = ACCESS_JOINT_CLOSED;
	CHECK(!decide(K_PERSON, K_EXECUTOR, cp, 2, ACCESS_JOINT_NONE, &d));
	CHECK_STR(d.first_failed, "not_the_holder");
	cp[1].joint = ACCESS_JOINT_CANCELLED;
	CHECK(!decide(K_PERSON, K_EXECUTOR, cp, 2, ACCESS_JOINT_NONE, &d));
	CHECK_STR(d.first_failed, "not_the_holder");
	/* Returned: copy 2 back at the customer; the executor holds nothing. */
	cp[1] = (struct access_copy){K_CUSTOMER, ACCESS_KEY_NONE, ACCESS_JOINT_NONE};
	CHECK(!decide(K_PERSON, K_EXECUTOR, cp, 2, ACCESS_JOINT_NONE, &d));
	CHECK_STR(d.first_failed, "not_the_holder");
	CHECK(decide(K_PERSON, K_CUSTOMER, cp, 2, ACCESS_JOINT_NONE, &d));
	/* not_the_holder allowed: a citizen executor holds copy 2 (R743 p.11). */
	cp[1] = (struct access_copy){ACCESS_KEY_NONE, K_CITIZEN, ACCESS_JOINT_ACTIVE};
	CHECK(decide(K_CITIZEN, K_THIRD, cp, 2, ACCESS_JOINT_ACTIVE, &d));
	/* not_the_holder refused: another person of the citizen's organization. */
	CHECK(!decide(K_PERSON, K_THIRD, cp, 2, ACCESS_JOINT_ACTIVE, &d));
	CHECK_STR(d.first_failed, "not_the_holder");
	/* not_the_holder refused: no copies at all (fail closed). */
	CHECK(!decide(K_PERSON, K_CUSTOMER, NULL, 3, ACCESS_JOINT_NONE, &d));
	CHECK_STR(d.first_failed, "not_the_holder");
	return tap_done();
}
