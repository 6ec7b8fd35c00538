/*
 * qerr.c — filling struct qerr. Pure: no I/O.
 */
#include "core/qerr.h"
#include <errno.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

unsigned long
q_strlcpy(char *dst, const char *src, unsigned long dstsz)
{
	unsigned long n = strlen(src);

	if (dstsz > 0) {
		unsigned long c = n < dstsz - 1 ? n : dstsz - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

int
qerr_set(struct qerr *e, int status, const char *code, const char *article,
         const char *field)
{
	if (e == NULL)
		return -1;
	e->status = status;
	q_strlcpy(e->code, code ? code : "internal", sizeof e->code);
	q_strlcpy(e->article, article ? article : "", sizeof e->article);
	q_strlcpy(e->field, field ? field : "", sizeof e->field);
	e->detail[0] = '\0';
	e->dkey[0] = '\0';
	e->dargs[0] = '\0';
	return -1;
}

int
qerr_input(struct qerr *e, const char *code, const char *field)
{
	return qerr_set(e, QERR_INPUT, code, NULL, field);
}

int
qerr_rule(struct qerr *e, const char *code, const char *article)
{
	return qerr_set(e, QERR_RULE, code, article, NULL);
}

int
qerr_internal(struct qerr *e, const char *what)
{
	qerr_set(e, QERR_INTERNAL, "internal", NULL, NULL);
	if (e != NULL && what != NULL)
		q_strlcpy(e->detail, what, sizeof e->detail);
	return -1;
}

int
qerr_storage(struct qerr *e, const char *what)
{
	qerr_set(e, QERR_UNAVAILABLE, "storage_unavailable", NULL, NULL);
	if (e != NULL && what != NULL)
		q_strlcpy(e->detail, what, sizeof e->detail);
	return -1;
}

int
qerr_errno_storage(int err)
{
	return err == ENOSPC || err == EDQUOT || err == EIO || err == EFBIG || err == EROFS;
}

void
qerr_detail(struct qerr *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof e->detail, fmt, ap);
	va_end(ap);
	e->dkey[0] = '\0';
	e->dargs[0] = '\0';
}

#define ARG_US '\x1f' /* between a name and its value */
#define ARG_RS '\x1e' /* after a value */

/* The length of s[0..n) cut back to whole UTF-8 characters. */
size_t
q_utf8_cut(const char *s, size_t n)
{
	size_t start = n;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start > 0) {
		unsigned char lead = (unsigned char)s[start - 1];
		size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;

		if (n - (start - 1) < want)
			return start - 1;
	}
	return n;
}

/* Appends s (n bytes) to dst at *used, keeping the terminator, dropping
 * the separator characters from values and never half a character. */
static void
append(char *dst, size_t dstsz, size_t *used, const char *s, size_t n)
{
	size_t from = *used;

	for (size_t i = 0; i < n && *used + 1 < dstsz; i++)
		if (s[i] != ARG_US && s[i] != ARG_RS)
			dst[(*used)++] = s[i];
	*used = from + q_utf8_cut(dst + from, *used - from);
	dst[*used] = '\0';
}

void
qerr_detail_args(const struct qerr *e,
                 void (*each)(const char *, size_t, const char *, size_t, void *), void *ctx)
{
	const char *p = e != NULL ? e->dargs : "";

	while (*p != '\0') {
		const char *us = strchr(p, ARG_US);
		const char *rs = us != NULL ? strchr(us + 1, ARG_RS) : NULL;

		if (us == NULL || rs == NULL)
			return;
		each(p, (size_t)(us - p), us + 1, (size_t)(rs - us - 1), ctx);
		p = rs + 1;
	}
}

struct fill {
	const char *name;
	size_t nname;
	const char *value;
	size_t nvalue;
};

static void
find_arg(const char *name, size_t nname, const char *value, size_t nvalue, void *ctx)
{
	struct fill *f = ctx;

	if (f->value == NULL && nname == f->nname && memcmp(name, f->name, nname) == 0) {
		f->value = value;
		f->nvalue = nvalue;
	}
}

void
qerr_detail_key(struct qerr *e, const char *key, const char *tmpl, ...)
{
	va_list ap;
	const char *name;
	size_t used = 0;

	if (e == NULL)
		return;
	q_strlcpy(e->dkey, key, sizeof e->dkey);
	e->dargs[0] = '\0';
	va_start(ap, tmpl);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *value = va_arg(ap, const char *);
		size_t mark = used;

		if (value == NULL)
			value = "";
		append(e->dargs, sizeof e->dargs, &used, name, strlen(name));
		if (used + 1 < sizeof e->dargs)
			e->dargs[used++] = ARG_US;
		append(e->dargs, sizeof e->dargs, &used, value, strlen(value));
		if (used + 2 > sizeof e->dargs) {
			/* No room for this one: the parameters before it stay whole. */
			used = mark;
			e->dargs[used] = '\0';
			break;
		}
		e->dargs[used++] = ARG_RS;
		e->dargs[used] = '\0';
	}
	va_end(ap);
	/* The English text, for logs and English answers. */
	used = 0;
	e->detail[0] = '\0';
	while (*tmpl != '\0') {
		const char *close = tmpl[0] == '{' ? strchr(tmpl, '}') : NULL;

		if (close != NULL) {
			struct fill f = {tmpl + 1, (size_t)(close - tmpl - 1), NULL, 0};

			qerr_detail_args(e, find_arg, &f);
			if (f.value != NULL) {
				append(e->detail, sizeof e->detail, &used, f.value, f.nvalue);
				tmpl = close + 1;
				continue;
			}
		}
		append(e->detail, sizeof e->detail, &used, tmpl, 1);
		tmpl++;
	}
}

void
qerr_clear(struct qerr *e)
{
	if (e != NULL)
		memset(e, 0, sizeof *e);
}

bool
qerr_is_set(const struct qerr *e)
{
	return e != NULL && e->code[0] != '\0';
}
