/*
 * fuzz_csv.c — the CSV reader of imports (src/core/csv.h) on any bytes:
 * the input follows a header "kind;" (so the reader always starts), every
 * record is read until the end or an error. Properties (abort on
 * violation): an error is a 400 with a code and a "LINE:COLUMN" field;
 * every record read, written back with csv_put() and read again, gives
 * the same cells; csv_date_iso() of every cell answers "" , an ISO date
 * or -1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)
#define INPUT_MAX (256 * 1024)

static void
round_trip(const struct csv *c)
{
	char *out = NULL, *in;
	size_t len = 0, cap = 0;
	struct csv r;
	struct qerr e = {0};

	NEED(csv_put(&out, &len, &cap, "kind", c->sep, false) == 0);
	NEED(csv_put(&out, &len, &cap, "", c->sep, true) == 0);
	for (int i = 0; i < c->ncells; i++)
		NEED(csv_put(&out, &len, &cap, c->cells[i], c->sep, i == c->ncells - 1) == 0);
	in = out;
	NEED(csv_open(&r, in, len, "kind", &e) == 0);
	NEED(csv_next(&r, &e) == 1);
	if (csv_next(&r, &e) == 1) {
		NEED(r.ncells == c->ncells);
		for (int i = 0; i < c->ncells; i++)
			NEED(strcmp(r.cells[i], c->cells[i]) == 0);
	} else {
		/* only a record too long once quoted may fail */
		NEED(strcmp(e.code, "csv_record_too_long") == 0);
	}
	csv_free(&r);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	struct qerr e = {0};
	char *buf;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	buf = malloc(size + 6);
	if (buf == NULL)
		return 0;
	memcpy(buf, "kind;", 5);
	memcpy(buf + 5, data, size);
	NEED(csv_open(&c, buf, size + 5, "kind", &e) == 0);
	while ((rc = csv_next(&c, &e)) == 1) {
		char iso[11];
		qdate d;

		NEED(c.ncells >= 1 && c.ncells <= CSV_CELLS_MAX);
		for (int i = 0; i < c.ncells; i++)
			if (csv_date_iso(c.cells[i], iso) == 0)
				NEED(iso[0] == '\0' ? c.cells[i][0] == '\0' : date_parse(iso, &d) == 0);
		round_trip(&c);
	}
	if (rc < 0) {
		NEED(e.status == QERR_INPUT || e.status == QERR_INTERNAL);
		if (e.status == QERR_INPUT)
			NEED(e.code[0] != '\0' && strchr(e.field, ':') != NULL);
	}
	csv_free(&c);
	free(buf);
	return 0;
}
