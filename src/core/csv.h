/*
 * csv.h — the CSV files of imports (docs/import.md): RFC 4180 records with
 * a ';' or ',' separator (the one that follows the header's first cell),
 * UTF-8 with or without a byte order mark, CRLF or LF line ends, quoted
 * cells ("" inside for a quote) that may span lines.
 *
 * Pure: no I/O. The reader works on a buffer the caller owns and copies
 * each record's cells into its own storage (csv_free()).
 *
 * SECURITY: the input is untrusted. Each record is capped (CSV_RECORD_MAX
 * bytes, CSV_CELLS_MAX cells); invalid UTF-8, an unterminated quote, text
 * after a closing quote and a record over the caps are errors naming the
 * line and column (1-based, columns counted in cells) — never a crash.
 */
#ifndef QUPIYA_CORE_CSV_H
#define QUPIYA_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/qerr.h"

#define CSV_RECORD_MAX (64 * 1024)   /* bytes of one record */
#define CSV_CELLS_MAX  64            /* cells of one record */

struct csv {
	const char *p, *end;   /* the input left (borrowed) */
	char sep;              /* ';' or ',' (csv_open) */
	long line;             /* physical line where the next record starts */
	/* the last record read */
	long rec_line;         /* its first line */
	int ncells;
	char *cells[CSV_CELLS_MAX];   /* NUL-terminated, into buf */
	char *buf;             /* owned */
	size_t cap;
};

/* Starts reading buf[0..len): skips a UTF-8 byte order mark and picks the
 * separator from the header (first_cell then ';' or ','). 400
 * "csv_malformed" when the first line does not begin so (field "1:1"). */
int csv_open(struct csv *c, const char *buf, size_t len, const char *first_cell,
             struct qerr *e);
/* Reads the next record into c->cells: 1 read, 0 at the end, -1 malformed
 * (400 csv_malformed / csv_bad_utf8 / csv_unterminated_quote /
 * csv_record_too_long, field "LINE:COLUMN"). Blank lines are skipped. */
int csv_next(struct csv *c, struct qerr *e);
void csv_free(struct csv *c);

/* Appends cell to *out (growing it; *len its length, *cap its size),
 * quoted when it holds sep, a quote, CR or LF, or starts with a space; a
 * cell starting with '=', '+', '-' or '@' is kept as it is (data, not a
 * formula: the import reads it back unchanged). 0 or -1 (out of memory). */
int csv_put(char **out, size_t *len, size_t *cap, const char *cell, char sep, bool last);

/* Dates as users write them: "DD.MM.YYYY" or ISO "YYYY-MM-DD" into
 * "YYYY-MM-DD" (out: 11 bytes). "" stays "". 0 or -1 (not a date). */
int csv_date_iso(const char *in, char out[11]);

#endif
