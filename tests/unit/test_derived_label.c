/*
 * test_derived_label.c — derived_label (Art. 18) as issue 10 rewords it: a
 * carrier made from other carriers carries at least the highest label of
 * its sources that are still classified; a declassified source imposes
 * nothing (carrier_source_label(), then carrier_label_check()). Also
 * label_mismatch with declassified information: never a label without
 * classified information.
 */
#include "core/carrier.h"
#include "tap.h"

#define C DEGREE_CONFIDENTIAL
#define T DEGREE_TOP_SECRET
#define S DEGREE_SPECIAL_IMPORTANCE
#define N DEGREE_NONE

static void
test_source_label(void)
{
	static const struct {
		enum degree label;
		enum carrier_state state;
		enum degree want;
	} cases[] = {
		{T, CARRIER_REGISTERED, T},
		{T, CARRIER_ISSUED, T},
		{S, CARRIER_ARCHIVED, S},      /* archived: still classified */
		{S, CARRIER_DESTROYED, S},     /* its information is still classified */
		{T, CARRIER_LOST, T},
		{T, CARRIER_TRANSFERRED, T},
		{T, CARRIER_UNKNOWN, T},       /* fail closed */
		{T, CARRIER_DECLASSIFIED, N},  /* imposes nothing */
		{S, CARRIER_DECLASSIFIED, N},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK(carrier_source_label(cases[i].label, cases[i].state) == cases[i].want);
}

static void
test_derived_label(void)
{
	struct carrier_info conf[1] = {{C, CARRIER_INFO_CLASSIFIED, QDATE_NONE}};
	enum degree src[2];
	struct qerr e = {0};

	/* Refused: below a source that is still classified. */
	src[0] = carrier_source_label(T, CARRIER_REGISTERED);
	CHECK(carrier_label_check(C, conf, 1, src, 1, &e) == -1);
	CHECK_STR(e.code, "derived_label");
	CHECK_STR(e.article, "18");
	/* Allowed: the same source declassified imposes nothing. */
	e = (struct qerr){0};
	src[0] = carrier_source_label(T, CARRIER_DECLASSIFIED);
	CHECK(carrier_label_check(C, conf, 1, src, 1, &e) == 0);
	/* ... and raising the label to it is now above what it carries. */
	CHECK(carrier_label_check(T, conf, 1, src, 1, &e) == -1);
	CHECK_STR(e.code, "label_mismatch");
	/* One declassified and one classified source: the classified counts. */
	e = (struct qerr){0};
	src[0] = carrier_source_label(S, CARRIER_DECLASSIFIED);
	src[1] = carrier_source_label(T, CARRIER_ARCHIVED);
	CHECK(carrier_label_check(T, conf, 1, src, 2, &e) == 0);
	CHECK(carrier_label_check(C, conf, 1, src, 2, &e) == -1);
	CHECK_STR(e.code, "derived_label");
}

static void
test_label_mismatch_declassified(void)
{
	/* Never a label without classified information: only declassified
	 * information, even with a classified source, is label_mismatch. */
	struct carrier_info gone[2] = {{C, CARRIER_INFO_DECLASSIFIED, QDATE_NONE},
	                               {T, CARRIER_INFO_DECLASSIFIED, QDATE_NONE}};
	struct carrier_info mixed[2] = {{C, CARRIER_INFO_CLASSIFIED, QDATE_NONE},
	                                {T, CARRIER_INFO_DECLASSIFIED, QDATE_NONE}};
	enum degree src[1] = {T};
	struct qerr e = {0};

	CHECK(carrier_label_check(C, gone, 2, NULL, 0, &e) == -1);
	CHECK_STR(e.code, "label_mismatch");
	e = (struct qerr){0};
	CHECK(carrier_label_check(T, gone, 2, src, 1, &e) == -1);
	CHECK_STR(e.code, "label_mismatch");
	e = (struct qerr){0};
	CHECK(carrier_label_check(C, mixed, 2, NULL, 0, &e) == 0);   /* allowed */
	CHECK(carrier_label_check(T, mixed, 2, NULL, 0, &e) == -1);  /* declassified raises nothing */
	CHECK_STR(e.code, "label_mismatch");
}

int
main(void)
{
	test_source_label();
	test_derived_label();
	test_label_mismatch_declassified();
	return tap_done();
}
