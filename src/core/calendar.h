/*
 * calendar.h — the Kazakhstan working-day calendar (SPEC.md §5 "Counting").
 *
 * A struct calendar knows which days are not worked beyond Saturdays and
 * Sundays: public holidays (Law "On holidays in the Republic of Kazakhstan"
 * and Labour Code Art. 84 p.5 for the religious days), days off moved onto
 * a weekday (the weekend-shift rule, or a decree/order under Labour Code
 * Art. 85 p.3) and weekend days made working days by such a decree. It does
 * not derive anything itself: the weekend-shift rule is applied when the
 * data file is generated (scripts/gen-holidays.py), so the data says exactly
 * which days are off and stays editable without a rebuild.
 *
 * A day is a working day iff
 *     it is marked working_day, or
 *     it is Monday..Friday and is neither a holiday nor a day_off.
 * Outside the years the data covers only the weekend rule applies.
 *
 * Owns: its sorted array of marked days. Pure: no I/O, no clock; the caller
 * reads data/holidays/kz.txt and hands the bytes to calendar_parse().
 * Never: trusts the data (calendar_parse() takes any bytes, NULs included).
 * Invariants: days[] sorted by date, strictly increasing; a working_day mark
 * never coexists with a holiday or day_off mark on the same date; every
 * marked date lies in QDATE_YEAR_MIN..QDATE_YEAR_MAX.
 * Threads: read-only after it is built, so one calendar may be shared.
 */
#ifndef QUPIYA_CORE_CALENDAR_H
#define QUPIYA_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"

#define CALENDAR_TEXT_MAX    (1024 * 1024) /* bytes of one data file */
#define CALENDAR_LINE_MAX    512           /* bytes of one line, without "\n" */
#define CALENDAR_ENTRIES_MAX 20000         /* date lines in one data file */
#define CALENDAR_COUNT_MAX   100000        /* n in calendar_add_working_days() */

struct calendar;

/* An empty calendar (weekends only); caller frees with calendar_free().
 * NULL when out of memory. */
struct calendar *calendar_new(void);
void calendar_free(struct calendar *c);   /* accepts NULL */

/* Marking days. Each returns 0, or -1 and fills e: "calendar_bad_date" (d out
 * of range), "calendar_conflict" (working_day and a day off on one date),
 * "calendar_working_day_not_weekend", "calendar_day_off_on_weekend" (a
 * transfer that cannot be one), or "internal" (out of memory). Marking a day
 * twice the same way is not an error. */
int calendar_add_holiday(struct calendar *c, qdate d, struct qerr *e);
int calendar_add_day_off(struct calendar *c, qdate d, struct qerr *e);
int calendar_add_working_day(struct calendar *c, qdate d, struct qerr *e);

/* Queries, O(log n). c may be NULL (weekends only). */
bool calendar_is_working_day(const struct calendar *c, qdate d);
bool calendar_is_holiday(const struct calendar *c, qdate d);
size_t calendar_count(const struct calendar *c);   /* marked dates */

/* The first working day strictly after d. */
qdate calendar_next_working_day(const struct calendar *c, qdate d);

/* d itself when it is a working day, else the next working day. */
qdate calendar_working_day_on_or_after(const struct calendar *c, qdate d);

/* SPEC §5: counting starts the day after `from`; the result is the n-th
 * working day (n = 1: the next working day; n = 0: from itself). QDATE_NONE
 * when from is out of range, n < 0, n > CALENDAR_COUNT_MAX or the result
 * would pass QDATE_YEAR_MAX. */
qdate calendar_add_working_days(const struct calendar *c, qdate from, int n);

/* SPEC §5 and the Civil Code: from + months by date_add_months() (same day
 * number, or the last day of a shorter month), then, when that is not a
 * working day, the next working day. Years: pass months = 12 * years.
 * QDATE_NONE when from or the result is out of range. Calendar limits that do
 * not move (the 30-year cap) use date_add_months() directly. */
qdate calendar_period_end(const struct calendar *c, qdate from, int months);

/*
 * The data format (data/holidays/kz.txt), one entry per line:
 *
 *     YYYY-MM-DD holiday <name>
 *     YYYY-MM-DD day_off <decree or rule note>
 *     YYYY-MM-DD working_day <decree note>
 *
 * Fields are separated by spaces or tabs; the text after the kind is required
 * (a name or the source) and must be valid UTF-8 without control characters.
 * Blank lines and lines whose first non-blank byte is '#' are ignored; "\r\n"
 * line ends and a leading UTF-8 BOM are accepted. Lines may come in any
 * order. day_off must fall on Monday..Friday and working_day on Saturday or
 * Sunday; a date may not be both a working_day and a day off.
 *
 * Parses len bytes of text (any bytes; no NUL terminator needed). On success
 * returns 0 and sets *out (caller frees with calendar_free()). On failure
 * returns -1, leaves *out NULL and fills e with the code ("calendar_syntax",
 * "calendar_bad_date", "calendar_bad_kind", "calendar_bad_text",
 * "calendar_line_too_long", "calendar_too_large", "calendar_conflict",
 * "calendar_working_day_not_weekend", "calendar_day_off_on_weekend", or
 * "internal"), field "line N" (1-based) and a detail.
 */
int calendar_parse(const char *text, size_t len, struct calendar **out,
                   struct qerr *e);

#endif
