/*
 * test_term_mismatch.c — a carrier's term (src/core/carrier.h):
 * term_mismatch (Art. 18, 20), a carrier not declassified before the
 * information it carries that is still classified, and term_exceeds_limit
 * (Art. 20, 20.3) for carriers, thirty years from the registration unless
 * its information was lawfully extended beyond.
 */
#include "core/carrier.h"
#include "tap.h"

static qdate
D(const char *s)
{
	qdate d = QDATE_NONE;

	if (date_parse(s, &d) != 0)
		fprintf(stderr, "bad test date %s\n", s);
	return d;
}

#define CL CARRIER_INFO_CLASSIFIED
#define PR CARRIER_INFO_PRELIMINARY
#define DE CARRIER_INFO_DECLASSIFIED
#define UN CARRIER_INFO_UNKNOWN
#define TS DEGREE_TOP_SECRET

static void
check(const char *reg, const char *decl, const struct carrier_info *info, size_t n,
      const char *want_code, const char *want_article, int line)
{
	struct qerr e = {0};
	int rc = carrier_term_check(D(reg), decl ? D(decl) : QDATE_NONE, info, n, &e);

	if ((rc == 0) != (want_code == NULL))
		fprintf(stderr, "line %d: rc %d code %s\n", line, rc, e.code);
	if (want_code == NULL) {
		CHECK(rc == 0);
		return;
	}
	CHECK(rc == -1);
	CHECK(e.status == QERR_RULE);
	CHECK_STR(e.code, want_code);
	CHECK_STR(e.article, want_article);
	CHECK_STR(e.field, "declassify_on");
}

static void
test_term_mismatch(void)
{
	struct carrier_info two[2] = {{TS, CL, 0}, {TS, CL, 0}};
	struct carrier_info with_declassified[2] = {{TS, CL, 0}, {TS, DE, 0}};
	struct carrier_info prelim[1] = {{TS, PR, 0}};
	struct carrier_info unknown[1] = {{TS, UN, 0}};

	two[0].declassify_on = D("2034-05-10");
	two[1].declassify_on = D("2040-01-01");
	/* Allowed: the latest of its information, or later. */
	check("2025-06-01", "2040-01-01", two, 2, NULL, NULL, __LINE__);
	check("2025-06-01", "2050-01-01", two, 2, NULL, NULL, __LINE__);
	/* Refused: before the latest still classified. */
	check("2025-06-01", "2039-12-31", two, 2, "term_mismatch", "18, 20", __LINE__);
	check("2025-06-01", "2034-05-10", two, 2, "term_mismatch", "18, 20", __LINE__);
	/* A declassified item imposes nothing. */
	with_declassified[0].declassify_on = D("2034-05-10");
	with_declassified[1].declassify_on = D("2044-01-01");
	check("2025-06-01", "2034-05-10", with_declassified, 2, NULL, NULL, __LINE__);
	check("2025-06-01", "2034-05-09", with_declassified, 2, "term_mismatch", "18, 20",
	      __LINE__);
	/* Preliminary and unknown-state items count (fail closed). */
	prelim[0].declassify_on = D("2045-05-20");
	unknown[0].declassify_on = D("2045-05-20");
	check("2025-06-01", "2045-05-19", prelim, 1, "term_mismatch", "18, 20", __LINE__);
	check("2025-06-01", "2045-05-19", unknown, 1, "term_mismatch", "18, 20", __LINE__);
	check("2025-06-01", "2045-05-20", prelim, 1, NULL, NULL, __LINE__);
	/* No term at all: nothing to compare. */
	check("2025-06-01", NULL, two, 2, NULL, NULL, __LINE__);
}

static void
test_term_exceeds_limit_carrier(void)
{
	struct carrier_info one[1] = {{TS, CL, 0}};
	struct carrier_info extended[1] = {{TS, CL, 0}};

	one[0].declassify_on = D("2034-05-10");
	/* Thirty years from the registration, to the day; it does not move. */
	check("2025-06-01", "2055-06-01", one, 1, NULL, NULL, __LINE__);
	check("2025-06-01", "2055-06-02", one, 1, "term_exceeds_limit", "20, 20.3", __LINE__);
	check("2024-02-29", "2054-02-28", one, 1, NULL, NULL, __LINE__);
	check("2024-02-29", "2054-03-01", one, 1, "term_exceeds_limit", "20, 20.3", __LINE__);
	/* Information extended by the authorized body beyond that: the carrier
	 * may stay classified as long (and no longer). */
	extended[0].declassify_on = D("2070-01-01");
	CHECK(carrier_term_limit(D("2025-06-01"), extended, 1) == D("2070-01-01"));
	check("2025-06-01", "2070-01-01", extended, 1, NULL, NULL, __LINE__);
	check("2025-06-01", "2070-01-02", extended, 1, "term_exceeds_limit", "20, 20.3", __LINE__);
	/* A declassified item's extension counts for nothing. */
	extended[0].state = DE;
	CHECK(carrier_term_limit(D("2025-06-01"), extended, 1) == D("2055-06-01"));
	CHECK(carrier_term_limit(QDATE_NONE, one, 1) == QDATE_NONE);
}

int
main(void)
{
	test_term_mismatch();
	test_term_exceeds_limit_carrier();
	return tap_done();
}
