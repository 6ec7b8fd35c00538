/*
 * import.h — paper registries in and out as CSV (issue 13 item 6,
 * docs/import.md): classification lists with their items, information
 * items, the carrier registration journal, persons, clearances, grants.
 *
 * HOW. Every row becomes the API requests a security officer would send
 * (POST /v1/persons, /v1/lists/{id}/items, ...), dispatched in process by
 * http_dispatch_as() as the importing officer — so each row passes exactly
 * the handlers, procedures (src/ops) and rules of the API, in the API's
 * order of precedence, and a refusal comes back as the API's error object
 * in the caller's language. Acts the paper registry records on behalf of
 * another official (the head's approval or decision, the classifier's
 * classification) are dispatched with that role added for that request
 * alone; where a rule looks at the person (not_a_classifier) the person
 * named in the row acts.
 *
 * The whole file runs in one batch (store.h): one write transaction, each
 * request a savepoint inside it. A dry run, or a run with any refused row,
 * rolls the batch back: nothing is committed. A clean run commits it whole,
 * each record with its own audit entry marked {"origin":"import","line":N},
 * plus one "import" entry for the file.
 *
 * Natural keys (re-running a file changes nothing): the registry's rows of
 * the kind are exported first (the same export as import_export()) and
 * each row is compared with the row of the same key: identical → counted
 * as unchanged; different → refused 409 "import_row_differs".
 *
 * SECURITY: the file is untrusted (csv.h caps and checks it); cells become
 * JSON strings validated by the API's own field tables.
 */
#ifndef QUPIYA_HTTP_IMPORT_H
#define QUPIYA_HTTP_IMPORT_H

#include "http/http.h"

#define IMPORT_BODY_MAX (64ull * 1024 * 1024)   /* bytes of one file */

struct import_opts {
	const char *lang;          /* messages of the report: "en", "ru", "kk" */
	bool dry_run;
	qdate today;
	/* Called every few rows with the rows done and the rows in the file. */
	void (*progress)(void *ctx, long done, long total);
	void *progress_ctx;
};

/* The kinds, in the order a registry is brought in (each may refer to
 * the ones before it). NULL-terminated. */
extern const char *const import_kinds[];

/* Imports the CSV text as user u (a security officer of its organization).
 * 0 with *report = {kind, dry_run, committed, rows, created, unchanged,
 * refused, errors:[{line, code, article, message, field}]} (a file with
 * refused rows is a report too, committed false); -1 with e for a file
 * that cannot be read as a registry (400 naming "LINE:COLUMN"), 403, 5xx. */
int import_run(struct app *app, const struct http_user *u, const char *csv, size_t len,
               const struct import_opts *o, json_t **report, struct qerr *e);

/* The registry of kind of u's organization in the import layout (';',
 * UTF-8 with a BOM, CRLF): *out malloc'd, *label the highest degree it
 * carries ("" for none). 0 or -1 (400 unknown kind). */
int import_export(struct app *app, const struct http_user *u, const char *kind, qdate today,
                  char **out, size_t *len, char label[24], struct qerr *e);

/* 0 when u's organization has this BIN, else 403 "forbidden_org" (the
 * command line's --org names the registry the officer brings in). */
int import_org_check(struct app *app, const struct http_user *u, const char *bin, qdate today,
                     struct qerr *e);

/* The empty layout of kind with one example row: *out malloc'd. */
int import_template(const char *kind, char **out, size_t *len, struct qerr *e);

#endif
