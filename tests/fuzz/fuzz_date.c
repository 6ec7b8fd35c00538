/*
 * fuzz_date.c — date_parse() on any bytes, and the arithmetic on whatever it
 * accepts (src/core/date.h).
 *
 * Properties checked (abort on violation):
 *   - date_parse() accepts only exactly "YYYY-MM-DD" on a real calendar day
 *     in range, and date_format() gives the same ten bytes back;
 *   - date_from_ymd(date_to_ymd(d)) == d, and weekdays advance by one a day;
 *   - date_add_months() stays in range or says QDATE_NONE, never lands past
 *     the target month, and keeps the day number when the month has it.
 * The first 10 bytes are the date; later bytes, when present, choose a month
 * offset so the arithmetic sees varied inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[32], buf[QDATE_STR_SIZE];
	size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
	int y, m, d, y2, m2, d2, months = 0;
	qdate q, r;

	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	if (size > 10) {
		/* Two bytes after the date: a month offset in -32768..32767. */
		months = (int)(int16_t)((data[10] << 8) | (size > 11 ? data[11] : 0));
		s[10] = '\0';
	}

	if (date_parse(s, &q) != 0)
		return 0;

	/* Accepted: exactly the canonical form of a valid day. */
	NEED(strlen(s) == 10);
	NEED(strcmp(date_format(q, buf), s) == 0);
	date_to_ymd(q, &y, &m, &d);
	NEED(date_valid_ymd(y, m, d));
	NEED(date_from_ymd(y, m, d) == q);
	NEED((date_weekday(q) + 1) % 7 == date_weekday(q + 1));

	r = date_add_months(q, months);
	if (r == QDATE_NONE) {
		long total = (long)y * 12 + (m - 1) + months;

		NEED(total / 12 < QDATE_YEAR_MIN || total / 12 > QDATE_YEAR_MAX ||
		     total < 0);
		return 0;
	}
	date_to_ymd(r, &y2, &m2, &d2);
	NEED(date_valid_ymd(y2, m2, d2));
	NEED((y2 * 12 + m2 - 1) - (y * 12 + m - 1) == months);
	NEED(d2 == (d <= date_days_in_month(y2, m2) ? d : date_days_in_month(y2, m2)));
	NEED(date_parse(date_format(r, buf), &q) == 0 && q == r);
	return 0;
}
