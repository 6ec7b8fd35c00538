/*
 * csv.c — reading and writing the CSV files of imports (csv.h).
 *
 * Owns: c->buf, one growing buffer holding the cells of the last record.
 * SECURITY: the input is untrusted; every byte is checked as UTF-8 before it
 * is copied, each record is capped in bytes and cells, and errors name the
 * line and column where they were found.
 */
#include "core/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static int
csv_err(struct qerr *e, const char *code, long line, int col)
{
	char where[32];

	snprintf(where, sizeof where, "%ld:%d", line, col);
	return qerr_set(e, QERR_INPUT, code, NULL, where);
}

int
csv_open(struct csv *c, const char *buf, size_t len, const char *first_cell,
         struct qerr *e)
{
	size_t n = strlen(first_cell);

	memset(c, 0, sizeof *c);
	c->p = buf;
	c->end = buf + len;
	c->line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	if ((size_t)(c->end - c->p) <= n || strncmp(c->p, first_cell, n) != 0 ||
	    (c->p[n] != ';' && c->p[n] != ','))
		return csv_err(e, "csv_malformed", 1, 1);
	c->sep = c->p[n];
	return 0;
}

/* Length of the UTF-8 sequence at p (1..4), 0 when invalid (overlong,
 * surrogate, past U+10FFFF, cut short). */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n;
	unsigned cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		cp = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

static int
put_byte(struct csv *c, size_t *len, char b)
{
	if (*len + 1 >= c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		char *nb;

		if (cap > CSV_RECORD_MAX + 2)
			cap = CSV_RECORD_MAX + 2;
		if (*len + 1 >= cap)
			return -1;
		nb = realloc(c->buf, cap);
		if (nb == NULL)
			return -2;
		c->buf = nb;
		c->cap = cap;
	}
	c->buf[(*len)++] = b;
	return 0;
}

/* Skips blank lines; true when a record starts at c->p. */
static bool
skip_blank(struct csv *c)
{
	while (c->p < c->end) {
		if (*c->p == '\n') {
			c->p++;
			c->line++;
		} else if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n') {
			c->p += 2;
			c->line++;
		} else {
			return true;
		}
	}
	return false;
}

int
csv_next(struct csv *c, struct qerr *e)
{
	size_t len = 0, starts[CSV_CELLS_MAX];
	int col = 1, rc;
	long qline = 0;   /* where the open quote opened */
	bool quoted = false, was_quoted = false;

	c->ncells = 0;
	if (!skip_blank(c))
		return 0;
	c->rec_line = c->line;
	starts[0] = 0;
	for (;;) {
		const unsigned char *u = (const unsigned char *)c->p;
		size_t n;

		if (c->p >= c->end) {
			if (quoted)
				return csv_err(e, "csv_unterminated_quote", qline, col);
			break;
		}
		if (quoted) {
			if (*c->p == '"') {
				if (c->p + 1 < c->end && c->p[1] == '"') {
					rc = put_byte(c, &len, '"');
					c->p += 2;
					if (rc != 0)
						goto put_fail;
					continue;
				}
				quoted = false;
				c->p++;
				continue;
			}
		} else if (*c->p == c->sep || *c->p == '\n' || *c->p == '\r') {
			bool eol = *c->p != c->sep;

			if (*c->p == '\r') {
				if (c->p + 1 >= c->end || c->p[1] != '\n')
					return csv_err(e, "csv_malformed", c->line, col);
				c->p++;
			}
			c->p++;
			if (eol) {
				c->line++;
				break;
			}
			if ((rc = put_byte(c, &len, '\0')) != 0)
				goto put_fail;
			if (col == CSV_CELLS_MAX)
				return csv_err(e, "csv_record_too_long", c->line, col + 1);
			starts[col++] = len;
			was_quoted = false;
			continue;
		} else if (*c->p == '"') {
			/* a quote opens a cell only at its start */
			if (len != starts[col - 1] || was_quoted)
				return csv_err(e, "csv_malformed", c->line, col);
			quoted = was_quoted = true;
			qline = c->line;
			c->p++;
			continue;
		} else if (was_quoted) {
			return csv_err(e, "csv_malformed", c->line, col);   /* text after the closing quote */
		}
		n = utf8_len(u, (const unsigned char *)c->end);
		if (n == 0 || *c->p == '\0')
			return csv_err(e, "csv_bad_utf8", c->line, col);
		if (*c->p == '\n')
			c->line++;
		for (size_t i = 0; i < n; i++)
			if ((rc = put_byte(c, &len, c->p[i])) != 0)
				goto put_fail;
		c->p += n;
	}
	if ((rc = put_byte(c, &len, '\0')) != 0)
		goto put_fail;
	for (int i = 0; i < col; i++)
		c->cells[i] = c->buf + starts[i];
	c->ncells = col;
	return 1;
put_fail:
	if (rc == -2)
		return qerr_internal(e, "csv: out of memory");
	return csv_err(e, "csv_record_too_long", c->rec_line, col);
}

void
csv_free(struct csv *c)
{
	free(c->buf);
	c->buf = NULL;
	c->cap = 0;
}

static int
out_put(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t nc = *cap ? *cap : 4096;
		char *nb;

		while (*len + n + 1 > nc)
			nc *= 2;
		nb = realloc(*out, nc);
		if (nb == NULL)
			return -1;
		*out = nb;
		*cap = nc;
	}
	memcpy(*out + *len, s, n);
	*len += n;
	(*out)[*len] = '\0';
	return 0;
}

int
csv_put(char **out, size_t *len, size_t *cap, const char *cell, char sep, bool last)
{
	bool quote = cell[0] == ' ' || strchr(cell, sep) != NULL || strchr(cell, '"') != NULL ||
	             strchr(cell, '\n') != NULL || strchr(cell, '\r') != NULL;

	if (quote) {
		if (out_put(out, len, cap, "\"", 1) != 0)
			return -1;
		for (const char *p = cell; *p; p++)
			if (out_put(out, len, cap, p, 1) != 0 ||
			    (*p == '"' && out_put(out, len, cap, "\"", 1) != 0))
				return -1;
		if (out_put(out, len, cap, "\"", 1) != 0)
			return -1;
	} else if (out_put(out, len, cap, cell, strlen(cell)) != 0) {
		return -1;
	}
	return last ? out_put(out, len, cap, "\r\n", 2) : out_put(out, len, cap, &sep, 1);
}

/* The decimal digits s[0..n) as a number, -1 when one is not a digit. */
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
csv_date_iso(const char *in, char out[11])
{
	qdate d;
	int dd, mm, yy;

	out[0] = '\0';
	if (in[0] == '\0')
		return 0;
	if (date_parse(in, &d) == 0) {
		date_format(d, out);
		return 0;
	}
	if (strlen(in) != 10 || in[2] != '.' || in[5] != '.')
		return -1;
	dd = digits(in, 2);
	mm = digits(in + 3, 2);
	yy = digits(in + 6, 4);
	if (dd < 0 || mm < 0 || yy < QDATE_YEAR_MIN || yy > QDATE_YEAR_MAX ||
	    !date_valid_ymd(yy, mm, dd))
		return -1;
	date_format(date_from_ymd(yy, mm, dd), out);
	return 0;
}
