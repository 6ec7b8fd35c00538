/*
 * test_csv.c — the CSV reader and writer of imports (src/core/csv.h):
 * separators picked from the header, BOM, CRLF/LF, quoted cells with
 * doubled quotes and line breaks, blank lines; each malformed input refused
 * with its code and LINE:COLUMN (csv_malformed, csv_bad_utf8,
 * csv_unterminated_quote, csv_record_too_long); csv_put round trips; dates
 * as users write them (csv_date_iso).
 */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "tap.h"

/* Reads every record of in; returns the number read or -1 (e set); the
 * cells of the last are left in c. */
static int
read_all(struct csv *c, const char *in, size_t len, struct qerr *e)
{
	int n = 0, rc;

	qerr_clear(e);
	if (csv_open(c, in, len, "kind", e) != 0)
		return -1;
	while ((rc = csv_next(c, e)) == 1)
		n++;
	return rc < 0 ? -1 : n;
}

static void
test_good(void)
{
	struct csv c;
	struct qerr e = {0};
	static const char in1[] = "\xEF\xBB\xBFkind;a;b\r\npersons;\"x;y\";\"say \"\"hi\"\"\"\r\n\r\n"
	                          "persons;\"two\nlines\";\r\n";
	static const char in2[] = "kind,a\npersons,1\npersons,\"\"\n";

	CHECK(read_all(&c, in1, sizeof in1 - 1, &e) == 3);
	csv_free(&c);
	CHECK(csv_open(&c, in1, sizeof in1 - 1, "kind", &e) == 0);
	CHECK(c.sep == ';');
	CHECK(csv_next(&c, &e) == 1 && csv_next(&c, &e) == 1);
	CHECK_STR(c.cells[1], "x;y");
	CHECK_STR(c.cells[2], "say \"hi\"");
	CHECK(csv_next(&c, &e) == 1);
	CHECK(c.ncells == 3);
	CHECK_STR(c.cells[1], "two\nlines");
	CHECK_STR(c.cells[2], "");
	CHECK(c.rec_line == 4);   /* the blank line 3 is skipped */
	CHECK(csv_next(&c, &e) == 0);
	csv_free(&c);
	CHECK(read_all(&c, in2, sizeof in2 - 1, &e) == 3);
	CHECK(c.sep == ',');
	csv_free(&c);
	CHECK(csv_open(&c, in2, sizeof in2 - 1, "kind", &e) == 0);
	CHECK(csv_next(&c, &e) == 1 && csv_next(&c, &e) == 1 && csv_next(&c, &e) == 1);
	CHECK(c.ncells == 2 && c.cells[1][0] == '\0');
	csv_free(&c);
}

static void
test_bad(void)
{
	static const struct {
		const char *in;
		const char *want_code, *want_field;
	} cases[] = {
		{"name;x\r\n", "csv_malformed", "1:1"},
		{"kind;a\r\npersons;\"open\r\nmore\r\n", "csv_unterminated_quote", "2:2"},
		{"kind;a\r\npersons;ab\"c\r\n", "csv_malformed", "2:2"},
		{"kind;a\r\npersons;\"ab\"c\r\n", "csv_malformed", "2:2"},
		{"kind;a\r\npersons;\xC3\x28\r\n", "csv_bad_utf8", "2:2"},
		{"kind;a\r\npersons;\xED\xA0\x80\r\n", "csv_bad_utf8", "2:2"},   /* a surrogate */
		{"kind;a\r\npersons;\xC0\xAF\r\n", "csv_bad_utf8", "2:2"},       /* overlong */
		{"kind;a\r\npersons;x\ry\r\n", "csv_malformed", "2:2"},
	};
	struct csv c;
	struct qerr e = {0};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK(read_all(&c, cases[i].in, strlen(cases[i].in), &e) == -1);
		CHECK_STR(e.code, cases[i].want_code);
		CHECK_STR(e.field, cases[i].want_field);
		CHECK(e.status == QERR_INPUT);
		csv_free(&c);
	}
	/* a record over the caps: bytes, then cells */
	{
		size_t n = CSV_RECORD_MAX + 100;
		char *big = malloc(n + 16);

		CHECK(big != NULL);
		if (big != NULL) {
			memcpy(big, "kind;a\npersons;", 15);
			memset(big + 15, 'x', n);
			big[15 + n] = '\0';
			CHECK(read_all(&c, big, 15 + n, &e) == -1);
			CHECK_STR(e.code, "csv_record_too_long");
			CHECK_STR(e.field, "2:2");
			csv_free(&c);
			memcpy(big, "kind;a\npersons", 14);
			for (int k = 0; k < CSV_CELLS_MAX + 1; k++)
				big[14 + k] = ';';
			big[14 + CSV_CELLS_MAX + 1] = '\0';
			CHECK(read_all(&c, big, strlen(big), &e) == -1);
			CHECK_STR(e.code, "csv_record_too_long");
			csv_free(&c);
			free(big);
		}
	}
}

static void
test_put_round_trip(void)
{
	static const char *const cells[] = {"kind", "a;b", "q\"uote", " lead", "=SUM(A1)", "two\r\nlines", ""};
	const int n = (int)(sizeof cells / sizeof cells[0]);
	char *out = NULL;
	size_t len = 0, cap = 0;
	struct csv c;
	struct qerr e = {0};

	for (int row = 0; row < 2; row++)
		for (int i = 0; i < n; i++)
			CHECK(csv_put(&out, &len, &cap, cells[i], ';', i == n - 1) == 0);
	CHECK(out != NULL && strncmp(out, "kind;\"a;b\";\"q\"\"uote\";\" lead\";=SUM(A1);", 37) == 0);
	CHECK(csv_open(&c, out, len, "kind", &e) == 0);
	CHECK(csv_next(&c, &e) == 1 && csv_next(&c, &e) == 1);
	CHECK(c.ncells == n);
	for (int i = 0; i < n && i < c.ncells; i++)
		CHECK_STR(c.cells[i], cells[i]);
	CHECK(csv_next(&c, &e) == 0);
	csv_free(&c);
	free(out);
}

static void
test_dates(void)
{
	static const struct {
		const char *in, *want;   /* want NULL: refused */
	} cases[] = {
		{"15.03.2019", "2019-03-15"}, {"2019-03-15", "2019-03-15"}, {"", ""},
		{"29.02.2024", "2024-02-29"}, {"29.02.2023", NULL}, {"31.04.2020", NULL},
		{"1.3.2019", NULL}, {"15.03.19", NULL}, {"15/03/2019", NULL}, {"+5.03.2019", NULL},
		{"15.03.1899", NULL}, {"15.03.2019x", NULL},
	};
	char out[11];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = csv_date_iso(cases[i].in, out);

		if (cases[i].want == NULL) {
			CHECK(rc == -1);
		} else {
			CHECK(rc == 0);
			CHECK_STR(out, cases[i].want);
		}
	}
}

int
main(void)
{
	test_good();
	test_bad();
	test_put_round_trip();
	test_dates();
	return tap_done();
}
