/*
 * date.h — legal dates (SPEC.md §5): calendar days, no time of day, no zone.
 *
 * A date is a day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar (so 1970-01-01 is 0 and 1969-12-31 is -1). Supported range is
 * years 1900..9999; outside it parsing fails. Pure: no clock, no I/O; "today"
 * comes from the caller (the server's clock or --clock).
 */
#ifndef QUPIYA_CORE_DATE_H
#define QUPIYA_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t qdate;

#define QDATE_YEAR_MIN 1900
#define QDATE_YEAR_MAX 9999
#define QDATE_STR_SIZE 11         /* "YYYY-MM-DD" + NUL */
#define QDATE_NONE     INT32_MIN  /* "no date" sentinel */

/* Parses exactly "YYYY-MM-DD" (no spaces, no sign, real calendar day).
 * Returns 0 and sets *out, or -1. */
int date_parse(const char *s, qdate *out);

/* A date as users write it: "DD.MM.YYYY" (two digits, two, four) or
 * "YYYY-MM-DD". 0 and *out, or -1. */
int date_parse_user(const char *s, qdate *out);

/* Writes "YYYY-MM-DD" into buf (at least QDATE_STR_SIZE bytes); returns buf. */
char *date_format(qdate d, char *buf);
/* The same, "" for QDATE_NONE (a typed field's null). */
char *date_format_opt(qdate d, char *buf);

bool date_valid_ymd(int y, int m, int d);
qdate date_from_ymd(int y, int m, int d);        /* caller checks validity */
void date_to_ymd(qdate d, int *y, int *m, int *dd);
int date_days_in_month(int y, int m);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(qdate d);

/* Calendar period arithmetic (Civil Code): the same day number n months on,
 * or the last day of a shorter month (31 Jan + 1 month = 28/29 Feb). No
 * shift to working days here; see calendar.h for that. Months may be
 * negative. QDATE_NONE when d is QDATE_NONE or the result falls outside
 * QDATE_YEAR_MIN..QDATE_YEAR_MAX. */
qdate date_add_months(qdate d, int months);
qdate date_add_years(qdate d, int years);

#endif
