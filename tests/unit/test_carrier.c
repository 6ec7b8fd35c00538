/*
 * test_carrier.c — the carrier rules of core/carrier.h, table-driven:
 * label_mismatch and derived_label (Art. 18), org_permit_missing (Art. 34),
 * the state machine and the copy steps, the default term. Each rule code
 * has its allowed and its refused cases.
 */
#include <stdio.h>
#include <string.h>

#include "core/carrier.h"
#include "tap.h"

#define C DEGREE_CONFIDENTIAL
#define T DEGREE_TOP_SECRET
#define S DEGREE_SPECIAL_IMPORTANCE
#define N DEGREE_NONE

#define CL CARRIER_INFO_CLASSIFIED
#define PR CARRIER_INFO_PRELIMINARY
#define DE CARRIER_INFO_DECLASSIFIED
#define UN CARRIER_INFO_UNKNOWN

struct label_case {
	const char *name;
	enum degree label;
	struct carrier_info info[4];
	size_t ninfo;
	enum degree sources[3];
	size_t nsources;
	const char *want_code;   /* NULL: allowed */
};

static const struct label_case label_cases[] = {
	{"equal to the only item", T, {{T, CL, 0}}, 1, {0}, 0, NULL},
	{"equal to the highest item", S, {{C, CL, 0}, {S, CL, 0}, {T, CL, 0}}, 3, {0}, 0, NULL},
	{"below the highest item (write-down)", T, {{C, CL, 0}, {S, CL, 0}}, 2, {0}, 0,
	 "label_mismatch"},
	{"above the highest item", S, {{T, CL, 0}}, 1, {0}, 0, "label_mismatch"},
	{"no information at all", C, {{0}}, 0, {0}, 0, "label_mismatch"},
	{"only declassified information", C, {{C, DE, 0}}, 1, {0}, 0, "label_mismatch"},
	{"declassified item does not raise", C, {{C, CL, 0}, {S, DE, 0}}, 2, {0}, 0, NULL},
	{"preliminary counts with its degree", T, {{T, PR, 0}}, 1, {0}, 0, NULL},
	{"preliminary may not be written down", C, {{T, PR, 0}}, 1, {0}, 0, "label_mismatch"},
	{"unknown-state item: no evidence", C, {{C, UN, 0}}, 1, {0}, 0, "label_mismatch"},
	{"unknown-state item: still no write-down", C, {{C, CL, 0}, {T, UN, 0}}, 2, {0}, 0,
	 "label_mismatch"},
	{"unknown label", N, {{C, CL, 0}}, 1, {0}, 0, "label_mismatch"},
	{"derived: equal to the source", T, {{C, CL, 0}}, 1, {T}, 1, NULL},
	{"derived: equal to the item above the source", S, {{S, CL, 0}}, 1, {T}, 1, NULL},
	{"derived: below the source", C, {{C, CL, 0}}, 1, {T}, 1, "derived_label"},
	{"derived: below the highest of sources", T, {{C, CL, 0}}, 1, {C, S, T}, 3,
	 "derived_label"},
	{"derived: above the sources and items", S, {{C, CL, 0}}, 1, {T}, 1, "label_mismatch"},
	{"derived: below the items first", C, {{T, CL, 0}}, 1, {S}, 1, "label_mismatch"},
	{"derived: unknown source degree ignored", C, {{C, CL, 0}}, 1, {N}, 1, NULL},
};

static void
test_label_mismatch_and_derived_label(void)
{
	for (size_t i = 0; i < sizeof label_cases / sizeof label_cases[0]; i++) {
		const struct label_case *c = &label_cases[i];
		struct qerr e = {0};
		int rc = carrier_label_check(c->label, c->info, c->ninfo, c->sources, c->nsources,
		                             &e);

		if (c->want_code == NULL) {
			CHECK(rc == 0);
			CHECK(!qerr_is_set(&e));
		} else {
			CHECK(rc == -1);
			CHECK(e.status == QERR_RULE);
			CHECK_STR(e.code, c->want_code);
			CHECK_STR(e.article, "18");
		}
		if ((rc == 0) != (c->want_code == NULL))
			fprintf(stderr, "  case: %s\n", c->name);
	}
	CHECK(carrier_label_required(NULL, 0, NULL, 0) == DEGREE_NONE);
	{
		struct carrier_info info[] = {{C, CL, 0}, {T, PR, 0}};
		enum degree src[] = {S};

		CHECK(carrier_label_required(info, 2, NULL, 0) == T);
		CHECK(carrier_label_required(info, 2, src, 1) == S);
	}
}

struct permit_case {
	const char *name;
	enum degree label;
	struct carrier_permit permits[2];
	size_t n;
	bool want_ok;
};

#define D(y, m, d) date_from_ymd(y, m, d)

static void
test_org_permit_missing(void)
{
	qdate today = D(2025, 6, 1);
	const struct permit_case cases[] = {
		{"active, covers", T, {{T, "active", D(2024, 1, 1), D(2026, 1, 1)}}, 1, true},
		{"active, higher degree covers", C, {{S, "active", D(2024, 1, 1), D(2026, 1, 1)}}, 1,
		 true},
		{"last valid day", T, {{T, "active", D(2024, 1, 1), D(2025, 6, 1)}}, 1, true},
		{"first valid day", T, {{T, "active", D(2025, 6, 1), D(2026, 6, 1)}}, 1, true},
		{"no permit", C, {{0}}, 0, false},
		{"lower degree", S, {{T, "active", D(2024, 1, 1), D(2026, 1, 1)}}, 1, false},
		{"expired", C, {{T, "active", D(2024, 1, 1), D(2025, 5, 31)}}, 1, false},
		{"not yet issued", C, {{T, "active", D(2025, 6, 2), D(2026, 1, 1)}}, 1, false},
		{"suspended", C, {{T, "suspended", D(2024, 1, 1), D(2026, 1, 1)}}, 1, false},
		{"cancelled", C, {{T, "cancelled", D(2024, 1, 1), D(2026, 1, 1)}}, 1, false},
		{"no dates", C, {{T, "active", QDATE_NONE, QDATE_NONE}}, 1, false},
		{"one of two", T,
		 {{C, "active", D(2024, 1, 1), D(2026, 1, 1)}, {T, "active", D(2024, 1, 1), D(2026, 1, 1)}},
		 2, true},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct qerr e = {0};
		int rc = carrier_permit_check(cases[i].label, cases[i].permits, cases[i].n, today, &e);

		CHECK((rc == 0) == cases[i].want_ok);
		if (!cases[i].want_ok) {
			CHECK_STR(e.code, "org_permit_missing");
			CHECK_STR(e.article, "34");
			CHECK(e.status == QERR_RULE);
		}
		if ((rc == 0) != cases[i].want_ok)
			fprintf(stderr, "  case: %s\n", cases[i].name);
	}
	CHECK(carrier_permit_check(C, NULL, 3, today, NULL) == -1);
}

typedef int (*whole_fn)(enum carrier_state, int, enum carrier_state *, struct qerr *);

static void
test_states(void)
{
	static const struct {
		whole_fn fn;
		enum carrier_state cur;
		int out;
		enum carrier_state want;   /* CARRIER_UNKNOWN: 409 */
	} cases[] = {
		{carrier_destroy, CARRIER_REGISTERED, 0, CARRIER_DESTROYED},
		{carrier_destroy, CARRIER_ISSUED, 1, CARRIER_UNKNOWN},
		{carrier_destroy, CARRIER_REGISTERED, 1, CARRIER_UNKNOWN},
		{carrier_destroy, CARRIER_DESTROYED, 0, CARRIER_UNKNOWN},
		{carrier_destroy, CARRIER_ARCHIVED, 0, CARRIER_UNKNOWN},
		{carrier_destroy, CARRIER_UNKNOWN, 0, CARRIER_UNKNOWN},
		{carrier_archive, CARRIER_REGISTERED, 0, CARRIER_ARCHIVED},
		{carrier_archive, CARRIER_ISSUED, 2, CARRIER_UNKNOWN},
		{carrier_archive, CARRIER_LOST, 0, CARRIER_UNKNOWN},
		{carrier_transfer_out, CARRIER_REGISTERED, 0, CARRIER_TRANSFERRED},
		{carrier_transfer_out, CARRIER_DESTROYED, 0, CARRIER_UNKNOWN},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum carrier_state next = CARRIER_UNKNOWN;
		struct qerr e = {0};
		int rc = cases[i].fn(cases[i].cur, cases[i].out, &next, &e);

		if (cases[i].want == CARRIER_UNKNOWN) {
			CHECK(rc == -1);
			CHECK(e.status == QERR_CONFLICT);
			CHECK_STR(e.code, "invalid_state");
			CHECK(next == CARRIER_UNKNOWN);
		} else {
			CHECK(rc == 0);
			CHECK(next == cases[i].want);
		}
	}
	{
		enum carrier_state next = CARRIER_UNKNOWN;

		CHECK(carrier_lose(CARRIER_ISSUED, &next, NULL) == 0 && next == CARRIER_LOST);
		CHECK(carrier_lose(CARRIER_DESTROYED, &next, NULL) == -1);
		CHECK(carrier_declassify(CARRIER_REGISTERED, &next, NULL) == 0 &&
		      next == CARRIER_DECLASSIFIED);
		CHECK(carrier_declassify(CARRIER_ARCHIVED, &next, NULL) == -1);
	}
	/* Names round-trip; unknown names fail closed. */
	for (int s = CARRIER_REGISTERED; s <= CARRIER_DECLASSIFIED; s++)
		CHECK((int)carrier_state_parse(carrier_state_name((enum carrier_state)s)) == s);
	CHECK(carrier_state_parse("deleted") == CARRIER_UNKNOWN);
	CHECK(carrier_state_parse(NULL) == CARRIER_UNKNOWN);
	CHECK(carrier_state_name(CARRIER_UNKNOWN) == NULL);
	CHECK(carrier_copy_state_parse("issued") == CARRIER_COPY_ISSUED);
	CHECK_STR(carrier_copy_state_name(CARRIER_COPY_IN_REGISTRY), "in_registry");
	CHECK(carrier_info_state_parse("preliminary") == CARRIER_INFO_PRELIMINARY);
	CHECK(carrier_info_state_parse("x") == CARRIER_INFO_UNKNOWN);
}

static void
test_copies(void)
{
	enum carrier_state next;
	struct qerr e = {0};

	/* Issue only a copy in the registry. */
	CHECK(carrier_copy_issue(CARRIER_REGISTERED, CARRIER_COPY_IN_REGISTRY, &next, &e) == 0);
	CHECK(next == CARRIER_ISSUED);
	CHECK(carrier_copy_issue(CARRIER_ISSUED, CARRIER_COPY_IN_REGISTRY, &next, &e) == 0);
	CHECK(next == CARRIER_ISSUED);
	CHECK(carrier_copy_issue(CARRIER_ISSUED, CARRIER_COPY_ISSUED, &next, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "invalid_state");
	CHECK_STR(e.field, "copy_number");
	CHECK(carrier_copy_issue(CARRIER_REGISTERED, CARRIER_COPY_UNKNOWN, &next, NULL) == -1);
	/* The access decision refuses unavailable carriers; the state stays. */
	CHECK(carrier_copy_issue(CARRIER_DESTROYED, CARRIER_COPY_IN_REGISTRY, &next, NULL) == 0);
	CHECK(next == CARRIER_DESTROYED);

	/* Return only an issued copy; the last one back makes it registered. */
	CHECK(carrier_copy_return(CARRIER_ISSUED, CARRIER_COPY_ISSUED, 2, &next, NULL) == 0);
	CHECK(next == CARRIER_ISSUED);
	CHECK(carrier_copy_return(CARRIER_ISSUED, CARRIER_COPY_ISSUED, 1, &next, NULL) == 0);
	CHECK(next == CARRIER_REGISTERED);
	qerr_clear(&e);
	CHECK(carrier_copy_return(CARRIER_REGISTERED, CARRIER_COPY_IN_REGISTRY, 0, &next, &e) == -1);
	CHECK_STR(e.code, "invalid_state");
	CHECK(carrier_copy_return(CARRIER_ISSUED, CARRIER_COPY_ISSUED, 0, &next, NULL) == -1);
	CHECK(carrier_copy_return(CARRIER_LOST, CARRIER_COPY_ISSUED, 1, &next, NULL) == 0);
	CHECK(next == CARRIER_LOST);
}

static void
test_declassify_default(void)
{
	struct carrier_info info[] = {
		{C, CL, D(2030, 1, 1)}, {T, PR, D(2040, 5, 5)}, {S, DE, D(2050, 1, 1)},
		{C, CL, QDATE_NONE},
	};

	CHECK(carrier_declassify_default(info, 4) == D(2040, 5, 5));
	CHECK(carrier_declassify_default(info, 1) == D(2030, 1, 1));
	CHECK(carrier_declassify_default(info + 2, 2) == QDATE_NONE);
	CHECK(carrier_declassify_default(NULL, 0) == QDATE_NONE);
}

int
main(void)
{
	test_label_mismatch_and_derived_label();
	test_org_permit_missing();
	test_states();
	test_copies();
	test_declassify_default();
	return tap_done();
}
