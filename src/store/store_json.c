/*
 * store_json.c — whole-or-nothing JSON encoding for stored documents (see
 * store_json.h).
 */
#include "store/store_json.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct sink {
	char *buf;
	size_t len, cap;
	bool failed;     /* sticky: an append failed, whatever jansson did next */
};

static int
sink_put(const char *s, size_t n, void *data)
{
	struct sink *k = data;

	if (k->failed)
		return -1;
	if (n + 1 > k->cap - k->len) {
		size_t cap = k->cap > 0 ? k->cap : 256;
		char *nb;

		while (n + 1 > cap - k->len) {
			if (cap > ((size_t)-1) / 2) {
				k->failed = true;
				return -1;
			}
			cap *= 2;
		}
		nb = realloc(k->buf, cap);
		if (nb == NULL) {
			k->failed = true;
			return -1;
		}
		k->buf = nb;
		k->cap = cap;
	}
	memcpy(k->buf + k->len, s, n);
	k->len += n;
	k->buf[k->len] = '\0';
	return 0;
}

char *
store_json_dumps(const json_t *j, size_t flags)
{
	struct sink k = {0};

	if (json_dump_callback(j, sink_put, &k, flags) != 0 || k.failed || k.buf == NULL) {
		free(k.buf);
		return NULL;
	}
	return k.buf;
}
