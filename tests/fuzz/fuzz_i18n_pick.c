/*
 * fuzz_i18n_pick.c — i18n_pick() (src/http/i18n.h) on any Accept-Language
 * header: server.c passes the client's header to it on every request.
 *
 * Properties checked (abort on violation): it returns, in bounded time, one
 * of the three static strings "kk", "ru", "en"; "kk" or "ru" only when that
 * tag occurs in the header (any case); a header with neither gives "en";
 * and the answer does not depend on what follows a NUL (C string).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)
#define HEADER_MAX 8192   /* MHD's default header buffer is smaller */

/* Whether tag (2 letters) occurs in h, any case. */
static bool
has_tag(const char *h, const char *tag)
{
	for (; h[0] != '\0' && h[1] != '\0'; h++)
		if (strncasecmp(h, tag, 2) == 0)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h;
	const char *l;

	if (size > HEADER_MAX)
		return 0;
	h = malloc(size + 1);
	NEED(h != NULL);
	if (size > 0)
		memcpy(h, data, size);
	h[size] = '\0';
	l = i18n_pick(h);
	NEED(l != NULL);
	NEED(strcmp(l, "kk") == 0 || strcmp(l, "ru") == 0 || strcmp(l, "en") == 0);
	if (strcmp(l, "en") != 0)
		NEED(has_tag(h, l));
	if (!has_tag(h, "kk") && !has_tag(h, "ru"))
		NEED(strcmp(l, "en") == 0);
	/* the same answer for the string alone (nothing read past its NUL) */
	{
		char *copy = strdup(h);

		NEED(copy != NULL);
		NEED(strcmp(i18n_pick(copy), l) == 0);
		free(copy);
	}
	NEED(strcmp(i18n_pick(NULL), "en") == 0);
	free(h);
	return 0;
}
