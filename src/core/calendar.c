/*
 * calendar.c — the working-day calendar: a sorted array of marked days and
 * the parser of its data file. Pure: no I/O.
 *
 * SECURITY: calendar_parse() reads an operator-edited file that the fuzzer
 * also feeds with arbitrary bytes. It never reads past len, never needs a
 * NUL terminator, caps the file, the line and the entry count, and accepts
 * only the three known kinds on real calendar days. It never stores the text
 * of a line (names and decree notes are for the people who edit the file).
 *
 * How it works. Lookups binary-search days[]. Marking a day inserts into the
 * sorted array (O(n) moves, O(1) when appended in order). The parser first
 * collects every entry, sorts them by (date, line) and then marks them in
 * that order, so every insertion is an append or a merge with the last day
 * and a file in any order costs O(n log n); a conflict names the later line.
 */
#include "core/calendar.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- types */

#define CAL_HOLIDAY 0x1u  /* a public holiday: not worked */
#define CAL_DAY_OFF 0x2u  /* a weekday not worked (weekend shift or decree) */
#define CAL_WORKING 0x4u  /* a Saturday/Sunday worked by decree */
#define CAL_OFF     (CAL_HOLIDAY | CAL_DAY_OFF)

struct cal_day {
	qdate date;
	unsigned flags;   /* CAL_* */
};

struct calendar {
	struct cal_day *days;   /* owned; sorted, strictly increasing dates */
	size_t n, cap;
};

/* ------------------------------------------------------------- private */

static qdate
cal_min(void)
{
	return date_from_ymd(QDATE_YEAR_MIN, 1, 1);
}

static qdate
cal_max(void)
{
	return date_from_ymd(QDATE_YEAR_MAX, 12, 31);
}

static bool
cal_in_range(qdate d)
{
	return d >= cal_min() && d <= cal_max();
}

/* Index of the first day with date >= d (n when none). */
static size_t
cal_lower_bound(const struct calendar *c, qdate d)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid].date < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct cal_day *
cal_find(const struct calendar *c, qdate d)
{
	size_t i;

	if (c == NULL || c->n == 0)
		return NULL;
	i = cal_lower_bound(c, d);
	return i < c->n && c->days[i].date == d ? &c->days[i] : NULL;
}

/* Marks d with flag. Returns NULL, or the error code. */
static const char *
cal_mark(struct calendar *c, qdate d, unsigned flag)
{
	size_t i;
	int wd;

	if (c == NULL || !cal_in_range(d))
		return "calendar_bad_date";
	wd = date_weekday(d);
	if (flag == CAL_WORKING && wd < 5)
		return "calendar_working_day_not_weekend";
	if (flag == CAL_DAY_OFF && wd >= 5)
		return "calendar_day_off_on_weekend";

	i = cal_lower_bound(c, d);
	if (i < c->n && c->days[i].date == d) {
		unsigned f = c->days[i].flags | flag;

		if ((f & CAL_WORKING) && (f & CAL_OFF))
			return "calendar_conflict";
		c->days[i].flags = f;
		return NULL;
	}
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 64;
		struct cal_day *nd;

		if (ncap > SIZE_MAX / sizeof *nd)
			return "internal";
		nd = realloc(c->days, ncap * sizeof *nd);
		if (nd == NULL)
			return "internal";
		c->days = nd;
		c->cap = ncap;
	}
	memmove(&c->days[i + 1], &c->days[i], (c->n - i) * sizeof c->days[0]);
	c->days[i].date = d;
	c->days[i].flags = flag;
	c->n++;
	return NULL;
}

static int
cal_add(struct calendar *c, qdate d, unsigned flag, struct qerr *e)
{
	const char *code = cal_mark(c, d, flag);

	if (code == NULL)
		return 0;
	if (strcmp(code, "internal") == 0)
		return qerr_internal(e, "calendar: out of memory");
	return qerr_input(e, code, NULL);
}

/* ----------------------------------------------------------------- API */

struct calendar *
calendar_new(void)
{
	return calloc(1, sizeof(struct calendar));
}

void
calendar_free(struct calendar *c)
{
	if (c == NULL)
		return;
	free(c->days);
	free(c);
}

int
calendar_add_holiday(struct calendar *c, qdate d, struct qerr *e)
{
	return cal_add(c, d, CAL_HOLIDAY, e);
}

int
calendar_add_day_off(struct calendar *c, qdate d, struct qerr *e)
{
	return cal_add(c, d, CAL_DAY_OFF, e);
}

int
calendar_add_working_day(struct calendar *c, qdate d, struct qerr *e)
{
	return cal_add(c, d, CAL_WORKING, e);
}

bool
calendar_is_working_day(const struct calendar *c, qdate d)
{
	const struct cal_day *m = cal_find(c, d);

	if (m != NULL && (m->flags & CAL_WORKING))
		return true;
	if (m != NULL && (m->flags & CAL_OFF))
		return false;
	return date_weekday(d) < 5;
}

bool
calendar_is_holiday(const struct calendar *c, qdate d)
{
	const struct cal_day *m = cal_find(c, d);

	return m != NULL && (m->flags & CAL_HOLIDAY);
}

size_t
calendar_count(const struct calendar *c)
{
	return c == NULL ? 0 : c->n;
}

qdate
calendar_working_day_on_or_after(const struct calendar *c, qdate d)
{
	qdate max = cal_max();

	if (!cal_in_range(d))
		return QDATE_NONE;
	/* Terminates: d grows to max; at most a few days in real data. */
	while (!calendar_is_working_day(c, d)) {
		if (d >= max)
			return QDATE_NONE;
		d++;
	}
	return d;
}

qdate
calendar_next_working_day(const struct calendar *c, qdate d)
{
	if (!cal_in_range(d) || d >= cal_max())
		return QDATE_NONE;
	return calendar_working_day_on_or_after(c, d + 1);
}

/* SPEC §5 "Counting": from the day after the act; the n-th working day. */
qdate
calendar_add_working_days(const struct calendar *c, qdate from, int n)
{
	qdate d = from;

	if (!cal_in_range(from) || n < 0 || n > CALENDAR_COUNT_MAX)
		return QDATE_NONE;
	for (int k = 0; k < n; k++) {
		d = calendar_next_working_day(c, d);
		if (d == QDATE_NONE)
			return QDATE_NONE;
	}
	return d;
}

/* SPEC §5; Civil Code of the RK: a period ending on a non-working day ends
 * on the next working day. */
qdate
calendar_period_end(const struct calendar *c, qdate from, int months)
{
	const int span = (QDATE_YEAR_MAX - QDATE_YEAR_MIN + 1) * 12;
	qdate end;

	if (!cal_in_range(from) || months > span || months < -span)
		return QDATE_NONE;
	end = date_add_months(from, months);
	if (end == QDATE_NONE || !cal_in_range(end))
		return QDATE_NONE;
	return calendar_working_day_on_or_after(c, end);
}

/* -------------------------------------------------------------- parser */

struct cal_entry {
	qdate date;
	unsigned flag;
	size_t line;
};

static int
cal_entry_cmp(const void *a, const void *b)
{
	const struct cal_entry *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static bool
is_blank(unsigned char ch)
{
	return ch == ' ' || ch == '\t';
}

/* True iff s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, at
 * most U+10FFFF) without control characters other than tab. */
static bool
text_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char b = s[i];
		size_t k;
		uint32_t cp, min;

		if (b < 0x80) {
			if ((b < 0x20 && b != '\t') || b == 0x7f)
				return false;
			i++;
			continue;
		}
		if (b >= 0xc2 && b <= 0xdf) {
			k = 1; cp = b & 0x1fu; min = 0x80;
		} else if (b >= 0xe0 && b <= 0xef) {
			k = 2; cp = b & 0x0fu; min = 0x800;
		} else if (b >= 0xf0 && b <= 0xf4) {
			k = 3; cp = b & 0x07u; min = 0x10000;
		} else {
			return false;
		}
		if (n - i - 1 < k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0u) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + j] & 0x3fu);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		if (cp >= 0x80 && cp < 0xa0)   /* C1 controls */
			return false;
		i += k + 1;
	}
	return true;
}

static int
parse_fail(struct qerr *e, const char *code, size_t line, const char *what)
{
	char field[32];

	qerr_input(e, code, NULL);
	if (e != NULL) {
		snprintf(field, sizeof field, "line %zu", line);
		q_strlcpy(e->field, field, sizeof e->field);
		qerr_detail(e, "calendar data, line %zu: %s", line, what);
	}
	return -1;
}

/* Parses one line s[0..n) (no "\n", no trailing "\r"). Returns 1 and fills
 * *ent for an entry, 0 for a blank or comment line, -1 on error. */
static int
parse_line(const unsigned char *s, size_t n, size_t line,
           struct cal_entry *ent, struct qerr *e)
{
	static const struct {
		const char *name;
		unsigned flag;
	} kinds[] = {
		{"holiday", CAL_HOLIDAY},
		{"day_off", CAL_DAY_OFF},
		{"working_day", CAL_WORKING},
	};
	char buf[QDATE_STR_SIZE];
	size_t i = 0, tok;
	qdate d;

	if (n > CALENDAR_LINE_MAX)
		return parse_fail(e, "calendar_line_too_long", line, "line too long");
	while (i < n && is_blank(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return 0;

	/* The date: exactly YYYY-MM-DD, then a blank. */
	tok = i;
	while (i < n && !is_blank(s[i]))
		i++;
	if (i - tok != QDATE_STR_SIZE - 1)
		return parse_fail(e, "calendar_bad_date", line, "want YYYY-MM-DD");
	memcpy(buf, s + tok, QDATE_STR_SIZE - 1);
	buf[QDATE_STR_SIZE - 1] = '\0';
	if (date_parse(buf, &d) != 0)
		return parse_fail(e, "calendar_bad_date", line, "not a calendar day");

	/* The kind. */
	while (i < n && is_blank(s[i]))
		i++;
	tok = i;
	while (i < n && !is_blank(s[i]))
		i++;
	ent->flag = 0;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		size_t kl = strlen(kinds[k].name);

		if (i - tok == kl && memcmp(s + tok, kinds[k].name, kl) == 0)
			ent->flag = kinds[k].flag;
	}
	if (ent->flag == 0)
		return parse_fail(e, "calendar_bad_kind", line,
		                  "want holiday, day_off or working_day");

	/* The name or note: required, printable UTF-8. */
	while (i < n && is_blank(s[i]))
		i++;
	while (n > i && is_blank(s[n - 1]))
		n--;
	if (i == n)
		return parse_fail(e, "calendar_bad_text", line,
		                  "a name or decree note is required");
	if (!text_ok(s + i, n - i))
		return parse_fail(e, "calendar_bad_text", line,
		                  "control character or invalid UTF-8");
	ent->date = d;
	ent->line = line;
	return 1;
}

int
calendar_parse(const char *text, size_t len, struct calendar **out,
               struct qerr *e)
{
	const unsigned char *p = (const unsigned char *)text;
	struct cal_entry *ents = NULL;
	struct calendar *c = NULL;
	size_t nents = 0, cap = 0, line = 0, pos = 0;
	int rc = -1;

	if (out == NULL)
		return qerr_internal(e, "calendar_parse: out is NULL");
	*out = NULL;
	if (text == NULL && len > 0)
		return qerr_internal(e, "calendar_parse: text is NULL");
	if (len > CALENDAR_TEXT_MAX)
		return qerr_input(e, "calendar_too_large", NULL);
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		pos = 3;

	while (pos < len) {
		const unsigned char *nl = memchr(p + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - p) : len;
		size_t n = end - pos;
		struct cal_entry ent;
		int r;

		line++;
		if (n > 0 && p[pos + n - 1] == '\r')
			n--;
		r = parse_line(p + pos, n, line, &ent, e);
		if (r < 0)
			goto out;
		if (r > 0) {
			if (nents == CALENDAR_ENTRIES_MAX) {
				parse_fail(e, "calendar_too_large", line,
				           "too many entries");
				goto out;
			}
			if (nents == cap) {
				size_t ncap = cap ? cap * 2 : 256;
				struct cal_entry *ne = realloc(ents, ncap * sizeof *ne);

				if (ne == NULL) {
					qerr_internal(e, "calendar_parse: out of memory");
					goto out;
				}
				ents = ne;
				cap = ncap;
			}
			ents[nents++] = ent;
		}
		pos = end + 1;   /* past the "\n" (or past len at the end) */
	}

	if (nents > 0)
		qsort(ents, nents, sizeof ents[0], cal_entry_cmp);
	c = calendar_new();
	if (c == NULL) {
		qerr_internal(e, "calendar_parse: out of memory");
		goto out;
	}
	for (size_t i = 0; i < nents; i++) {
		const char *code = cal_mark(c, ents[i].date, ents[i].flag);

		if (code == NULL)
			continue;
		if (strcmp(code, "internal") == 0)
			qerr_internal(e, "calendar_parse: out of memory");
		else
			parse_fail(e, code, ents[i].line,
			           strcmp(code, "calendar_conflict") == 0
			               ? "working_day on a day off"
			               : "transfer on the wrong kind of day");
		goto out;
	}
	*out = c;
	c = NULL;
	rc = 0;
out:
	calendar_free(c);
	free(ents);
	return rc;
}
