/*
 * fuzz_calendar.c — calendar_parse() on any bytes (src/core/calendar.h),
 * then the counting functions on the calendar it builds.
 *
 * Properties checked (abort on violation):
 *   - success and failure are exclusive: *out set iff 0 returned, and a
 *     failure always carries a code;
 *   - calendar_add_working_days(from, n) returns a working day after from
 *     with exactly n working days in (from, result];
 *   - calendar_period_end() returns a working day on or after the plain
 *     date_add_months() result, with no working day in between.
 * ASan/UBSan catch reads past the input (the harness passes an exact-size
 * buffer with no NUL).
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/calendar.h"
#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)

static void
check_counting(const struct calendar *c, qdate from, int n, int months)
{
	qdate r = calendar_add_working_days(c, from, n);
	qdate plain, end;
	int k = 0;

	if (r != QDATE_NONE) {
		NEED(r >= from);
		for (qdate d = from + 1; d <= r; d++)
			k += calendar_is_working_day(c, d);
		NEED(k == n);
		NEED(n == 0 || calendar_is_working_day(c, r));
	}
	plain = date_add_months(from, months);
	end = calendar_period_end(c, from, months);
	if (end != QDATE_NONE) {
		NEED(plain != QDATE_NONE && end >= plain);
		NEED(calendar_is_working_day(c, end));
		for (qdate d = plain; d < end; d++)
			NEED(!calendar_is_working_day(c, d));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar *c = NULL;
	struct qerr e = {0};
	int rc = calendar_parse((const char *)data, size, &c, &e);

	if (rc != 0) {
		NEED(rc == -1 && c == NULL && qerr_is_set(&e));
		return 0;
	}
	NEED(c != NULL && !qerr_is_set(&e));

	/* A few fixed probes around the years real data covers, plus one
	 * derived from the input. */
	check_counting(c, date_from_ymd(2024, 12, 31), 1, 1);
	check_counting(c, date_from_ymd(2026, 3, 20), 10, 12);
	check_counting(c, date_from_ymd(2025, 1, 31), 30, -1);
	if (size >= 2)
		check_counting(c, date_from_ymd(2000 + data[0] % 40, 1 + data[1] % 12, 28),
		               data[0] % 64, (int)data[1] - 128);
	calendar_free(c);
	return 0;
}
