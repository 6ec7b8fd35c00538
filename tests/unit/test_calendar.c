/*
 * test_calendar.c — the working-day calendar (src/core/calendar.h) against
 * the real data/holidays/kz.txt, hand-built calendars and malformed data;
 * and the strictness of date_parse() it relies on (SPEC.md §5 "Counting").
 *
 * Days are written out as strings so a failing case reads like the
 * calendar. Weekdays in comments were checked against a printed calendar.
 */
#include <stdlib.h>

#include "core/calendar.h"
#include "core/date.h"
#include "tap.h"

static qdate
D(const char *s)
{
	qdate d;

	if (date_parse(s, &d) != 0) {
		fprintf(stderr, "test_calendar: bad test date %s\n", s);
		return QDATE_NONE;
	}
	return d;
}

/* "none" for QDATE_NONE; borrowed until the next call. */
static const char *
F(qdate d)
{
	static char buf[4][QDATE_STR_SIZE];
	static int k;

	if (d == QDATE_NONE)
		return "none";
	k = (k + 1) % 4;
	return date_format(d, buf[k]);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL) {
		fprintf(stderr, "test_calendar: open %s failed\n", path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

static struct calendar *
load_kz(void)
{
	const char *dir = getenv("QUPIYA_DATA");
	char path[4096];
	struct calendar *c = NULL;
	struct qerr e = {0};
	size_t len = 0;
	char *text;

#ifdef QUPIYA_DATA_DIR
	if (dir == NULL)
		dir = QUPIYA_DATA_DIR;
#endif
	if (dir == NULL)
		dir = "data";
	snprintf(path, sizeof path, "%s/holidays/kz.txt", dir);
	text = slurp(path, &len);
	CHECK(text != NULL);
	if (text == NULL)
		return NULL;
	CHECK(calendar_parse(text, len, &c, &e) == 0);
	if (c == NULL)
		fprintf(stderr, "kz.txt: %s %s %s\n", e.code, e.field, e.detail);
	free(text);
	return c;
}

/* ------------------------------------------------------- date_parse */

static void
test_date_parse(void)
{
	static const struct {
		const char *in;
		int want_rc;
	} cases[] = {
		{"2024-02-29", 0},
		{"2000-02-29", 0},
		{"1900-01-01", 0},
		{"9999-12-31", 0},
		{"2025-02-29", -1},   /* not a leap year */
		{"2100-02-29", -1},   /* century, not leap */
		{"2024-13-01", -1},
		{"2024-00-10", -1},
		{"2024-01-00", -1},
		{"2024-04-31", -1},
		{"2024-1-01", -1},
		{"2024-01-1", -1},
		{"2024-01-01x", -1},
		{"2024-01-01 ", -1},
		{" 2024-01-01", -1},
		{"+024-01-01", -1},
		{"2024/01/01", -1},
		{"1899-12-31", -1},
		{"", -1},
		{"20240101", -1},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		qdate d = 12345;
		char buf[QDATE_STR_SIZE];
		int rc = date_parse(cases[i].in, &d);

		CHECK(rc == cases[i].want_rc);
		if (rc != cases[i].want_rc)
			fprintf(stderr, "  date_parse(\"%s\")\n", cases[i].in);
		if (rc == 0)
			CHECK_STR(date_format(d, buf), cases[i].in);
		else
			CHECK(d == 12345);   /* *out untouched on failure */
	}
	CHECK(date_parse(NULL, &(qdate){0}) == -1);
	CHECK(date_weekday(D("2026-03-20")) == 4);   /* Friday */
	CHECK(date_weekday(D("1969-12-31")) == 2);   /* Wednesday */
	CHECK(date_add_months(QDATE_NONE, 1) == QDATE_NONE);
	CHECK(date_add_months(D("2024-01-31"), 2147483647) == QDATE_NONE);
	CHECK(date_add_years(D("2024-01-31"), -2147483647) == QDATE_NONE);
}

/* ----------------------------------------------- month arithmetic */

static void
test_period_end(const struct calendar *kz)
{
	static const struct {
		const char *from;
		int months;
		const char *want_plain;   /* date_add_months() */
		const char *want_end;     /* calendar_period_end() */
	} cases[] = {
		{"2025-01-31", 1, "2025-02-28", "2025-02-28"},   /* Fri */
		{"2024-01-31", 1, "2024-02-29", "2024-02-29"},   /* leap, Thu */
		{"2026-01-31", 1, "2026-02-28", "2026-03-02"},   /* Sat -> Mon */
		{"2025-09-12", 1, "2025-10-12", "2025-10-13"},   /* Sun -> Mon */
		{"2025-03-31", -1, "2025-02-28", "2025-02-28"},
		{"2024-08-31", 1, "2024-09-30", "2024-09-30"},   /* Mon */
		{"2025-02-21", 1, "2025-03-21", "2025-03-26"},   /* Nauryz + 2 shifts */
		{"2020-03-23", 60, "2025-03-23", "2025-03-26"},  /* 5 years */
		{"2024-02-29", 12, "2025-02-28", "2025-02-28"},
		{"2025-12-07", 1, "2026-01-07", "2026-01-08"},   /* Christmas */
		{"2025-12-31", 1, "2026-01-31", "2026-02-02"},   /* Sat -> Mon */
		{"2024-04-04", 1, "2024-05-04", "2024-05-04"},   /* Sat worked */
		{"2024-04-08", 1, "2024-05-08", "2024-05-10"},   /* moved off */
		{"9999-12-15", 1, "none", "none"},
		{"1900-01-15", -1, "none", "none"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		qdate from = D(cases[i].from);

		CHECK_STR(F(date_add_months(from, cases[i].months)),
		          cases[i].want_plain);
		CHECK_STR(F(calendar_period_end(kz, from, cases[i].months)),
		          cases[i].want_end);
	}
	CHECK(calendar_period_end(kz, QDATE_NONE, 1) == QDATE_NONE);
	CHECK(calendar_period_end(kz, D("2024-01-01"), 2000000000) == QDATE_NONE);
	/* No calendar: weekends only. */
	CHECK_STR(F(calendar_period_end(NULL, D("2025-02-21"), 1)), "2025-03-21");
}

/* ------------------------------------------------ working-day counts */

static void
test_add_working_days(const struct calendar *kz)
{
	static const struct {
		const char *from;
		int n;
		const char *want;
	} cases[] = {
		/* Fri before Nauryz 2026: 21-23 holidays (Sat..Mon), 24-25
		 * days off for the 21st and 22nd falling on the weekend. */
		{"2026-03-20", 1, "2026-03-26"},
		{"2026-03-20", 10, "2026-04-08"},
		/* Plain weeks. */
		{"2025-11-14", 0, "2025-11-14"},
		{"2025-11-14", 1, "2025-11-17"},   /* Fri -> Mon */
		{"2025-11-14", 5, "2025-11-21"},
		{"2025-11-15", 1, "2025-11-17"},   /* from a Saturday */
		{"2025-11-14", 10, "2025-11-28"},
		/* A holiday on a Sunday moves to Monday: 30 Aug 2026. */
		{"2026-08-28", 1, "2026-09-01"},
		/* Kurban ait on a Sunday is NOT moved: 16 Jun 2024. */
		{"2024-06-14", 1, "2024-06-17"},
		/* Decree: Sun 5 Jan 2025 worked, Fri 3 Jan off. */
		{"2024-12-31", 1, "2025-01-05"},
		{"2024-12-31", 2, "2025-01-06"},
		{"2024-12-31", 3, "2025-01-08"},   /* 7 Jan Christmas */
		/* Order of 17 Apr 2024: Sat 4 May worked, Wed 8 May off. */
		{"2024-05-03", 1, "2024-05-04"},
		{"2024-05-03", 2, "2024-05-06"},
		{"2024-05-03", 3, "2024-05-10"},
		/* Independence Day Sat 16 Dec 2023 -> Mon 18 Dec. */
		{"2023-12-15", 1, "2023-12-19"},
		/* Across the year end with New Year on Sat/Sun (2022). */
		{"2021-12-31", 1, "2022-01-05"},
		/* 10 working days over the May holidays of 2026. */
		{"2026-04-30", 10, "2026-05-19"},
		/* Refused. */
		{"2026-03-20", -1, "none"},
		{"9999-12-30", 5, "none"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		qdate got = calendar_add_working_days(kz, D(cases[i].from),
		                                      cases[i].n);

		CHECK_STR(F(got), cases[i].want);
		if (got != QDATE_NONE && cases[i].n > 0)
			CHECK(calendar_is_working_day(kz, got));
	}
	CHECK(calendar_add_working_days(kz, QDATE_NONE, 1) == QDATE_NONE);
	CHECK(calendar_add_working_days(kz, D("2024-01-01"),
	                                CALENDAR_COUNT_MAX + 1) == QDATE_NONE);
	/* Without a calendar Nauryz is invisible. */
	CHECK_STR(F(calendar_add_working_days(NULL, D("2026-03-20"), 1)),
	          "2026-03-23");
	CHECK_STR(F(calendar_next_working_day(kz, D("2026-03-20"))), "2026-03-26");
	CHECK_STR(F(calendar_working_day_on_or_after(kz, D("2026-03-20"))),
	          "2026-03-20");
	CHECK_STR(F(calendar_working_day_on_or_after(kz, D("2026-03-21"))),
	          "2026-03-26");
}

static void
test_is_working_day(const struct calendar *kz)
{
	static const struct {
		const char *day;
		int want_working;
		int want_holiday;
	} cases[] = {
		{"2025-01-05", 1, 0},   /* Sun worked by order */
		{"2025-01-03", 0, 0},   /* Fri off by order */
		{"2024-05-04", 1, 0},   /* Sat worked by order */
		{"2024-05-08", 0, 0},
		{"2026-03-08", 0, 1},   /* Sun holiday */
		{"2026-03-09", 0, 0},   /* its shift */
		{"2026-03-10", 1, 0},
		{"2026-05-27", 0, 1},   /* Kurban ait */
		{"2024-06-17", 1, 0},   /* no shift for Kurban ait */
		{"2021-10-25", 1, 0},   /* Republic Day not yet a holiday */
		{"2022-10-25", 0, 1},
		{"2021-12-01", 0, 1},   /* Day of the First President */
		{"2022-12-01", 1, 0},   /* abolished */
		{"2024-12-17", 1, 0},   /* single-day Independence Day */
		{"2025-11-15", 0, 0},   /* ordinary Saturday */
		{"2025-11-17", 1, 0},
		{"2040-01-02", 1, 0},   /* beyond the data: weekend rule only */
		{"2040-01-01", 0, 0},   /* Sun; New Year unknown there */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		qdate d = D(cases[i].day);

		CHECK(calendar_is_working_day(kz, d) == (cases[i].want_working != 0));
		CHECK(calendar_is_holiday(kz, d) == (cases[i].want_holiday != 0));
		if (calendar_is_working_day(kz, d) != (cases[i].want_working != 0))
			fprintf(stderr, "  is_working_day(%s)\n", cases[i].day);
	}
}

/* The published production calendar for 2026: 246 working days (five-day
 * week), 119 days off. */
static void
test_year_totals(const struct calendar *kz)
{
	static const struct {
		int year;
		int want_working;
	} cases[] = {
		{2026, 246},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int n = 0;
		qdate d = date_from_ymd(cases[i].year, 1, 1);
		qdate end = date_from_ymd(cases[i].year + 1, 1, 1);

		for (; d < end; d++)
			n += calendar_is_working_day(kz, d);
		CHECK(n == cases[i].want_working);
		if (n != cases[i].want_working)
			fprintf(stderr, "  %d: %d working days\n", cases[i].year, n);
	}
}

/* ------------------------------------------------ hand-built calendar */

static void
test_api(void)
{
	struct calendar *c = calendar_new();
	struct qerr e = {0};

	CHECK(c != NULL);
	if (c == NULL)
		return;
	/* A holiday on Sunday 2026-08-30 and its shift to Monday. */
	CHECK(calendar_add_holiday(c, D("2026-08-30"), &e) == 0);
	CHECK(calendar_is_working_day(c, D("2026-08-31")));
	CHECK(calendar_add_day_off(c, D("2026-08-31"), &e) == 0);
	CHECK(!calendar_is_working_day(c, D("2026-08-31")));
	CHECK_STR(F(calendar_add_working_days(c, D("2026-08-28"), 1)), "2026-09-01");

	/* Marking the same day twice is not an error; no duplicate kept. */
	CHECK(calendar_add_holiday(c, D("2026-08-30"), &e) == 0);
	CHECK(calendar_count(c) == 2);

	/* Inserted out of order: still found. */
	CHECK(calendar_add_holiday(c, D("2026-01-01"), &e) == 0);
	CHECK(calendar_add_holiday(c, D("2026-05-01"), &e) == 0);
	CHECK(calendar_add_working_day(c, D("2026-05-02"), &e) == 0);   /* Sat */
	CHECK(calendar_count(c) == 5);
	CHECK(!calendar_is_working_day(c, D("2026-01-01")));
	CHECK(!calendar_is_working_day(c, D("2026-05-01")));
	CHECK(calendar_is_working_day(c, D("2026-05-02")));
	CHECK(!calendar_is_working_day(c, D("2026-05-03")));

	qerr_clear(&e);
	CHECK(calendar_add_working_day(c, D("2026-05-06"), &e) == -1);  /* Wed */
	CHECK_STR(e.code, "calendar_working_day_not_weekend");
	qerr_clear(&e);
	CHECK(calendar_add_day_off(c, D("2026-05-09"), &e) == -1);      /* Sat */
	CHECK_STR(e.code, "calendar_day_off_on_weekend");
	qerr_clear(&e);
	CHECK(calendar_add_holiday(c, D("2026-05-02"), &e) == -1);
	CHECK_STR(e.code, "calendar_conflict");
	CHECK(e.status == QERR_INPUT);
	qerr_clear(&e);
	CHECK(calendar_add_working_day(c, D("2026-08-30"), &e) == -1);
	CHECK_STR(e.code, "calendar_conflict");
	qerr_clear(&e);
	CHECK(calendar_add_holiday(c, QDATE_NONE, &e) == -1);
	CHECK_STR(e.code, "calendar_bad_date");
	CHECK(calendar_add_holiday(NULL, D("2026-01-01"), NULL) == -1);
	CHECK(calendar_count(c) == 5);   /* failures changed nothing */
	CHECK(calendar_is_working_day(c, D("2026-05-02")));

	/* A NULL calendar knows weekends only. */
	CHECK(calendar_is_working_day(NULL, D("2026-01-01")));
	CHECK(!calendar_is_working_day(NULL, D("2026-01-03")));
	CHECK(!calendar_is_holiday(NULL, D("2026-01-01")));
	CHECK(calendar_count(NULL) == 0);
	calendar_free(c);
	calendar_free(NULL);
}

/* ------------------------------------------------------------ parser */

#define TXT(s) s, sizeof(s) - 1

static void
test_parse(void)
{
	static char longline[CALENDAR_LINE_MAX + 40];
	static const struct {
		const char *text;
		size_t len;
		const char *want_code;   /* NULL: parses */
		const char *want_field;
		size_t want_count;
	} cases[] = {
		{TXT(""), NULL, "", 0},
		{TXT("# only a comment"), NULL, "", 0},
		{TXT("   # indented comment\n\n\t\n \r\n"), NULL, "", 0},
		{TXT("2024-01-01 holiday New Year"), NULL, "", 1},   /* no final \n */
		{TXT("\xef\xbb\xbf# BOM\r\n2024-01-01 holiday \xd0\x96\xd0\xb0\xd2\xa3\xd0\xb0 "
		     "\xd0\xb6\xd1\x8b\xd0\xbb\r\n"), NULL, "", 1},
		{TXT("2024-01-02\tholiday\tNew Year\t\n2024-01-01  holiday  New Year\n"),
		 NULL, "", 2},
		{TXT("2024-06-16 holiday Kurban ait\n2024-06-16 holiday Other\n"),
		 NULL, "", 1},
		{TXT("2024-05-08 day_off order\n2024-05-04 working_day order\n"),
		 NULL, "", 2},
		{TXT("2024-01-01 holiday New Year\n2024-13-01 holiday X\n"),
		 "calendar_bad_date", "line 2", 0},
		{TXT("2025-02-29 holiday X\n"), "calendar_bad_date", "line 1", 0},
		{TXT("2024-1-01 holiday X\n"), "calendar_bad_date", "line 1", 0},
		{TXT("2024-01-01holiday X\n"), "calendar_bad_date", "line 1", 0},
		{TXT("2024-01-01\n"), "calendar_bad_kind", "line 1", 0},
		{TXT("2024-01-01 vacation X\n"), "calendar_bad_kind", "line 1", 0},
		{TXT("2024-01-01 Holiday X\n"), "calendar_bad_kind", "line 1", 0},
		{TXT("2024-01-01 holiday\n"), "calendar_bad_text", "line 1", 0},
		{TXT("2024-01-01 holiday \t \r\n"), "calendar_bad_text", "line 1", 0},
		{TXT("2024-01-01 holiday New\x01Year\n"), "calendar_bad_text", "line 1", 0},
		{TXT("2024-01-01 holiday \xff\n"), "calendar_bad_text", "line 1", 0},
		{TXT("2024-01-01 holiday \xc0\xaf\n"), "calendar_bad_text", "line 1", 0},
		{TXT("2024-01-01 holiday \xed\xa0\x80\n"), "calendar_bad_text", "line 1", 0},
		{TXT("2024-01-01 holiday a\0b\n"), "calendar_bad_text", "line 1", 0},
		{TXT("2024-01\0-01 holiday a\n"), "calendar_bad_date", "line 1", 0},
		{TXT("# x\n2024-01-03 working_day X\n"),
		 "calendar_working_day_not_weekend", "line 2", 0},
		{TXT("2024-01-06 day_off X\n"), "calendar_day_off_on_weekend", "line 1", 0},
		{TXT("2024-05-04 working_day A\n# c\n2024-05-04 holiday B\n"),
		 "calendar_conflict", "line 3", 0},
		{TXT("2024-05-04 holiday B\n2024-05-04 working_day A\n"),
		 "calendar_conflict", "line 2", 0},
		{longline, sizeof longline - 1, "calendar_line_too_long", "line 2", 0},
	};

	memset(longline, 'x', sizeof longline - 1);
	memcpy(longline, "# ok\n2024-01-01 holiday ", 24);

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct calendar *c = (struct calendar *)&c;   /* must be reset */
		struct qerr e = {0};
		int rc = calendar_parse(cases[i].text, cases[i].len, &c, &e);

		if (cases[i].want_code == NULL) {
			CHECK(rc == 0);
			CHECK(c != NULL);
			CHECK(calendar_count(c) == cases[i].want_count);
			if (rc != 0)
				fprintf(stderr, "  case %zu: %s %s\n", i, e.code, e.field);
		} else {
			CHECK(rc == -1);
			CHECK(c == NULL);
			CHECK_STR(e.code, cases[i].want_code);
			CHECK_STR(e.field, cases[i].want_field);
			CHECK(e.status == QERR_INPUT);
			if (rc == 0)
				fprintf(stderr, "  case %zu parsed\n", i);
		}
		calendar_free(rc == 0 ? c : NULL);
	}
}

static void
test_parse_limits(void)
{
	struct calendar *c = NULL;
	struct qerr e = {0};
	size_t n = (size_t)CALENDAR_ENTRIES_MAX + 1, len = 0;
	char *big = malloc(n * 32);
	qdate d = D("1990-01-01");

	CHECK(big != NULL);
	if (big == NULL)
		return;
	/* One entry too many, written in reverse order. */
	for (size_t i = 0; i < n; i++) {
		char buf[QDATE_STR_SIZE];

		len += (size_t)snprintf(big + len, 32, "%s holiday h\n",
		                        date_format(d - (qdate)i, buf));
	}
	CHECK(calendar_parse(big, len, &c, &e) == -1);
	CHECK_STR(e.code, "calendar_too_large");
	CHECK(c == NULL);
	/* Exactly the maximum, reversed: parses, and is sorted. Each line,
	 * "YYYY-MM-DD holiday h\n", is 21 bytes. */
	CHECK(len == n * 21);
	len -= 21;
	CHECK(calendar_parse(big, len, &c, &e) == 0);
	CHECK(calendar_count(c) == CALENDAR_ENTRIES_MAX);
	CHECK(!calendar_is_working_day(c, D("1990-01-01")));
	CHECK(!calendar_is_working_day(c, d - (qdate)(CALENDAR_ENTRIES_MAX - 1)));
	CHECK(calendar_is_working_day(c, d - (qdate)CALENDAR_ENTRIES_MAX) ==
	      (date_weekday(d - (qdate)CALENDAR_ENTRIES_MAX) < 5));
	calendar_free(c);
	c = NULL;

	free(big);

	/* Over the size cap, even if all blank. */
	big = malloc((size_t)CALENDAR_TEXT_MAX + 1);
	CHECK(big != NULL);
	if (big != NULL) {
		memset(big, '\n', (size_t)CALENDAR_TEXT_MAX + 1);
		qerr_clear(&e);
		CHECK(calendar_parse(big, (size_t)CALENDAR_TEXT_MAX + 1, &c, &e) == -1);
		CHECK_STR(e.code, "calendar_too_large");
		CHECK(calendar_parse(big, (size_t)CALENDAR_TEXT_MAX, &c, &e) == 0);
		CHECK(calendar_count(c) == 0);
		calendar_free(c);
		c = NULL;
		free(big);
	}

	qerr_clear(&e);
	CHECK(calendar_parse(NULL, 0, &c, &e) == 0);
	CHECK(calendar_count(c) == 0);
	calendar_free(c);
	CHECK(calendar_parse(NULL, 5, &c, &e) == -1);
	CHECK(calendar_parse("", 0, NULL, &e) == -1);
}

int
main(void)
{
	struct calendar *kz;

	test_date_parse();
	test_api();
	test_parse();
	test_parse_limits();
	kz = load_kz();
	if (kz != NULL) {
		test_period_end(kz);
		test_add_working_days(kz);
		test_is_working_day(kz);
		test_year_totals(kz);
	}
	calendar_free(kz);
	return tap_done();
}
