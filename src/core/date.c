/*
 * date.c — day-number arithmetic for legal dates. Algorithms after Howard
 * Hinnant's "chrono-compatible low-level date algorithms" (public domain
 * description); written here from the description.
 */
#include "core/date.h"

#include <stdio.h>
#include <string.h>

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

bool
date_valid_ymd(int y, int m, int d)
{
	return y >= QDATE_YEAR_MIN && y <= QDATE_YEAR_MAX && m >= 1 && m <= 12 &&
	       d >= 1 && d <= date_days_in_month(y, m);
}

qdate
date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (qdate)(era * 146097 + doe - 719468);
}

void
date_to_ymd(qdate d0, int *y, int *m, int *d)
{
	/* 64-bit: z + 719468 overflows int32 near INT32_MAX. */
	int64_t z = (int64_t)d0, era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_parse(const char *s, qdate *out)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

int
date_parse_user(const char *s, qdate *out)
{
	int d, m, y;

	if (date_parse(s, out) == 0)
		return 0;
	if (strlen(s) != 10 || s[2] != '.' || s[5] != '.')
		return -1;
	d = digits(s, 2);
	m = digits(s + 3, 2);
	y = digits(s + 6, 4);
	if (d < 0 || m < 0 || y < QDATE_YEAR_MIN || y > QDATE_YEAR_MAX || !date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

char *
date_format(qdate d, char *buf)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	y = y < 0 ? 0 : y % 10000;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10 % 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10 % 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
	return buf;
}

int
date_weekday(qdate d)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	int w = (int)((d % 7 + 7 + 3) % 7);

	return w;
}

qdate
date_add_months(qdate d, int months)
{
	int y, m, dd, last;
	int64_t total, yy;

	if (d == QDATE_NONE)
		return QDATE_NONE;
	date_to_ymd(d, &y, &m, &dd);
	/* 64-bit and range-checked: a huge months overflowed int before, and
	 * date_from_ymd() overflows for years far outside the range. */
	total = (int64_t)y * 12 + (m - 1) + months;
	yy = total >= 0 ? total / 12 : -((-total + 11) / 12);
	if (yy < QDATE_YEAR_MIN || yy > QDATE_YEAR_MAX)
		return QDATE_NONE;
	y = (int)yy;
	m = (int)(total - yy * 12 + 1);
	last = date_days_in_month(y, m);
	return date_from_ymd(y, m, dd > last ? last : dd);
}

qdate
date_add_years(qdate d, int years)
{
	/* years * 12 must not overflow; beyond the span the result is out of
	 * range anyway. */
	if (years > QDATE_YEAR_MAX - QDATE_YEAR_MIN ||
	    years < QDATE_YEAR_MIN - QDATE_YEAR_MAX)
		return QDATE_NONE;
	return date_add_months(d, years * 12);
}

char *
date_format_opt(qdate d, char *buf)
{
	if (d == QDATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	return date_format(d, buf);
}
