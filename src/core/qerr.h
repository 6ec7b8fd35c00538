/*
 * qerr.h — the one error record every fallible function fills.
 *
 * A function that can fail returns int (0, or -1) and, when given a non-NULL
 * struct qerr *, says why: an HTTP-like status class, a stable code (a rule
 * code of SPEC.md §3 such as "term_exceeds_limit", or an input/system code
 * such as "invalid_field"), the article of the Law or R743 paragraph that
 * refuses it, and the request field concerned. Messages are not stored here:
 * the HTTP layer looks the code up in data/messages/ in the caller's language.
 *
 * Invariants: code is empty iff no error was set; strings are always
 * NUL-terminated and truncated (never overflowed) when too long.
 */
#ifndef QUPIYA_CORE_QERR_H
#define QUPIYA_CORE_QERR_H

#include <stdbool.h>
#include <stddef.h>

#define QERR_CODE_MAX    48
#define QERR_ARTICLE_MAX 32
#define QERR_FIELD_MAX   96
#define QERR_DETAIL_MAX  160
#define QERR_DKEY_MAX    48

/* Status classes, ordered as SPEC.md §5 "Precedence of errors" ranks them. */
enum qerr_status {
	QERR_NONE = 0,
	QERR_INPUT = 400,      /* malformed input, the field named */
	QERR_AUTH = 401,       /* no or bad token, bad credentials */
	QERR_FORBIDDEN = 403,  /* wrong role or organization */
	QERR_NOT_FOUND = 404,  /* unknown id */
	QERR_CONFLICT = 409,   /* workflow step out of order, duplicate key */
	QERR_TOO_LARGE = 413,  /* body over the limit (reported as 400 on the wire) */
	QERR_RULE = 422,       /* refused by a rule of the Law */
	QERR_THROTTLED = 429,  /* too many failed logins */
	QERR_INTERNAL = 500,   /* environment failure: logged once, nothing half-written */
	QERR_UNAVAILABLE = 503
};

struct qerr {
	int status;                       /* enum qerr_status */
	char code[QERR_CODE_MAX];
	char article[QERR_ARTICLE_MAX];   /* "20.3", "R743 p.5", or "" */
	char field[QERR_FIELD_MAX];       /* request field, or "" */
	char detail[QERR_DETAIL_MAX];     /* untranslated detail for logs/clients, or "" */
	char dkey[QERR_DKEY_MAX];         /* catalogue key of the detail ("detail.<dkey>"), or "" */
	char dargs[QERR_DETAIL_MAX];      /* its parameters: name US value RS ..., or "" */
	bool audited;                     /* a refusal already in the audit log (ops_refuse) */
};

/* Sets *e (when e is non-NULL) and returns -1, so callers can write
 * `return qerr_set(e, QERR_RULE, "basis_required", "20.1", "list_item_id");`.
 * article and field may be NULL. */
int qerr_set(struct qerr *e, int status, const char *code,
             const char *article, const char *field);

/* Shorthands for the common classes. */
int qerr_input(struct qerr *e, const char *code, const char *field);
int qerr_rule(struct qerr *e, const char *code, const char *article);
int qerr_internal(struct qerr *e, const char *what);
/* 503 storage_unavailable: the disk is full or failing (ENOSPC, EIO,
 * SQLITE_FULL, SQLITE_IOERR); nothing was written, reads go on. -1. */
int qerr_storage(struct qerr *e, const char *what);
/* True for an errno that means full or failing storage. */
int qerr_errno_storage(int err);

/* Adds an untranslated detail (printf-style) to an error already set. A
 * constant detail is translated by its catalogue entry "detail:<text>"; a
 * detail with values in it (numbers, dates, account numbers, names) goes
 * through qerr_detail_key instead. */
void qerr_detail(struct qerr *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Adds a detail the catalogues translate with its values: data/messages/
 * <lang>.json has "detail.<key>" with {name} placeholders; tmpl is the
 * English text with the same placeholders (en.json holds it verbatim, and
 * it fills detail for logs and English answers). The variadic arguments are
 * name, value string pairs ended by NULL. A value that is a word of the
 * program (a state, a degree, a field) is itself translated where the
 * catalogue has "detail.<name>.<value>". Values are cut to fit dargs. */
void qerr_detail_key(struct qerr *e, const char *key, const char *tmpl, ...)
	__attribute__((sentinel));

/* Calls each(name, value, ctx) for every parameter of a keyed detail. */
void qerr_detail_args(const struct qerr *e,
                      void (*each)(const char *name, size_t nname, const char *value,
                                   size_t nvalue, void *ctx),
                      void *ctx);

void qerr_clear(struct qerr *e);
bool qerr_is_set(const struct qerr *e);

/* Copies at most dstsz-1 bytes and always terminates; returns the length of
 * src, so truncation shows as a return >= dstsz. The project's strlcpy. */
unsigned long q_strlcpy(char *dst, const char *src, unsigned long dstsz);

/* The length of s[0..n) cut back so that no UTF-8 character is left
 * half: a text cut to fit a buffer stays valid UTF-8 (JSON needs it). */
size_t q_utf8_cut(const char *s, size_t n);

#endif
