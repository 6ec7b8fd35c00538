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
