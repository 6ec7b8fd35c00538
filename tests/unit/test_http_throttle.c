/*
 * test_http_throttle.c — the login throttle's decision (auth_throttle_wait)
 * and the address a client is throttled under (auth_throttle_address),
 * table-driven with want_* fields (issue 14).
 */
#include "tap.h"

#include "http/auth.h"

struct wait_case {
	int64_t failures, first, last, total, now;
	int64_t want;
};

static const struct wait_case waits[] = {
	/* a pair without failures never waits, whatever the login's total */
	{0, 0, 0, 1000, 100, 0},
	/* few failures of the login: no delay */
	{1, 100, 100, 1, 100, 0},
	{4, 100, 100, LOGIN_DELAY_FREE - 1, 100, 0},
	/* then a delay growing with the login's failures, capped */
	{1, 100, 100, LOGIN_DELAY_FREE, 100, 1},
	{1, 100, 100, LOGIN_DELAY_FREE, 101, 0},
	{2, 100, 100, LOGIN_DELAY_FREE + LOGIN_DELAY_STEP, 100, 2},
	{2, 100, 100, LOGIN_DELAY_FREE + LOGIN_DELAY_STEP, 101, 1},
	{3, 100, 100, 100000, 100, LOGIN_DELAY_MAX},
	{3, 100, 100, 100000, 100 + LOGIN_DELAY_MAX, 0},
	/* the pair's limit: refused until its window ends */
	{LOGIN_PAIR_MAX - 1, 100, 100, 0, 200, 0},
	{LOGIN_PAIR_MAX, 100, 100, 0, 200, LOGIN_FAIL_WINDOW - 100},
	{LOGIN_PAIR_MAX, 100, 100, 0, 100 + LOGIN_FAIL_WINDOW, 1},
};

struct addr_case {
	const char *in, *want;
};

static const struct addr_case addrs[] = {
	{"127.0.0.1", "127.0.0.1"},
	{"203.0.113.7", "203.0.113.7"},
	{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
	{"2001:db8::1", "2001:db8::/64"},
	{"::1", "::/64"},
	{"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
	{"unknown", "unknown"},
};

int
main(void)
{
	for (size_t i = 0; i < sizeof waits / sizeof waits[0]; i++) {
		const struct wait_case *c = &waits[i];
		struct store_throttle t;

		memset(&t, 0, sizeof t);
		t.failures = c->failures;
		t.first = c->first;
		t.last = c->last;
		if (auth_throttle_wait(&t, c->total, c->now) != c->want) {
			fprintf(stderr, "case %zu: got %lld\n", i,
			        (long long)auth_throttle_wait(&t, c->total, c->now));
			CHECK(0);
		} else {
			CHECK(1);
		}
	}
	for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
		char out[HTTP_ADDR_MAX];

		auth_throttle_address(addrs[i].in, out);
		CHECK_STR(out, addrs[i].want);
	}
	return tap_done();
}
