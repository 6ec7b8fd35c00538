/*
 * test_roles_scope.c — SPEC.md §3 "Roles": each role carries its own scope,
 * and a user with several roles never lends one role's cross-organization
 * scope to another role's action (roles_scope_cross_org), and `admin` is
 * never combined with another role (roles_set_valid).
 *
 * Reference: a single role r acts across organizations on a route iff the
 * route permits r and r is cross-organization for the act (an auditor only
 * for reads). A set of roles acts across iff one of its roles does so alone.
 * Checked for every pair of the roles other than admin, against every route
 * role set (all 2^ROLE_COUNT of them), reads and writes; then named cases
 * from the API (the representative routes of the issue).
 */
#include "tap.h"

#include <stdbool.h>

#include "core/roles.h"

static bool
ref_single(unsigned role, unsigned route, bool write)
{
	if (!(route & role))
		return false;
	if (role == ROLE_AUDITOR)
		return !write;   /* an auditor reads; it never decides */
	return role == ROLE_ADMIN || role == ROLE_NSC_OFFICER || role == ROLE_AUTHORIZED_BODY;
}

static void
test_every_pair(void)
{
	int bad = 0, n = 0;

	for (unsigned i = 1; i < ROLE_COUNT; i++) {          /* 0 is admin */
		for (unsigned j = i; j < ROLE_COUNT; j++) {
			unsigned a = 1u << i, b = 1u << j, set = a | b;

			CHECK(roles_set_valid(set));
			for (unsigned route = 1; route <= ROLE_ANY_USER; route++) {
				for (int w = 0; w <= 1; w++) {
					bool want = ref_single(a, route, w) || ref_single(b, route, w);

					n++;
					if (roles_scope_cross_org(set, route, w) != want) {
						if (bad++ < 5)
							fprintf(stderr, "pair %s+%s route %#x write %d\n",
							        role_name(a), role_name(b), route, w);
					}
				}
			}
		}
	}
	CHECK(bad == 0);
	CHECK(n == 45 * ROLE_ANY_USER * 2);
}

static void
test_admin_alone(void)
{
	CHECK(roles_set_valid(ROLE_ADMIN));
	CHECK(!roles_set_valid(0));
	CHECK(!roles_set_valid(1u << ROLE_COUNT));
	for (unsigned i = 1; i < ROLE_COUNT; i++)
		CHECK(!roles_set_valid(ROLE_ADMIN | (1u << i)));
	CHECK(!roles_set_valid(ROLE_ANY_USER));
}

struct scope_case {
	const char *what;
	unsigned user, route;
	bool write, want_cross;
};

static void
test_named(void)
{
	const unsigned registry = ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR;
	const unsigned dcl = ROLE_HEAD | ROLE_ARCHIVIST | ROLE_AUTHORIZED_BODY;
	static const struct scope_case cases[] = {
		{"head of A + auditor decides a clearance (head)",
		 ROLE_HEAD | ROLE_AUDITOR, ROLE_HEAD, true, false},
		{"head of A + auditor grants (head, security_officer)",
		 ROLE_HEAD | ROLE_AUDITOR, ROLE_HEAD | ROLE_SECURITY_OFFICER, true, false},
		{"head of A + auditor reads the registry (auditor's read)",
		 ROLE_HEAD | ROLE_AUDITOR, 0, false, true},
		{"auditor + security_officer registers a carrier",
		 ROLE_AUDITOR | ROLE_SECURITY_OFFICER, ROLE_SECURITY_OFFICER, true, false},
		{"nsc_officer + head issues a permit",
		 ROLE_NSC_OFFICER | ROLE_HEAD, ROLE_NSC_OFFICER, true, true},
		{"nsc_officer + head decides a clearance",
		 ROLE_NSC_OFFICER | ROLE_HEAD, ROLE_HEAD, true, false},
		{"authorized_body + head declassifies (the authorized body's act)",
		 ROLE_AUTHORIZED_BODY | ROLE_HEAD, 0, true, true},
		{"archivist + auditor declassifies",
		 ROLE_ARCHIVIST | ROLE_AUDITOR, 0, true, false},
		{"auditor alone never writes across, even where permitted",
		 ROLE_AUDITOR, ROLE_AUDITOR, true, false},
		{"head alone reads within its organization",
		 ROLE_HEAD, 0, false, false},
	};

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		const struct scope_case *c = &cases[k];
		unsigned route = c->route;

		/* 0 stands for the named route sets below. */
		if (route == 0)
			route = (c->user & ROLE_ARCHIVIST) || (c->user & ROLE_AUTHORIZED_BODY) ? dcl
			                                                                       : registry;
		if (roles_scope_cross_org(c->user, route, c->write) != c->want_cross) {
			tap_fail++;
			fprintf(stderr, "case failed: %s\n", c->what);
		} else {
			tap_pass++;
		}
	}
	CHECK(roles_acting(ROLE_HEAD | ROLE_AUDITOR, ROLE_HEAD) == ROLE_HEAD);
}

int
main(void)
{
	test_every_pair();
	test_admin_alone();
	test_named();
	return tap_done();
}
