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

bool
store_json_date_shaped(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

bool
store_json_take_str(const json_t *v, char *dst, size_t dstsz, bool date)
{
	const char *s;

	if (json_is_null(v)) {
		dst[0] = '\0';
		return true;
	}
	if (!json_is_string(v) || (s = json_string_value(v))[0] == '\0' ||
	    strlen(s) >= dstsz || (date && !store_json_date_shaped(s)))
		return false;
	memcpy(dst, s, strlen(s) + 1);
	return true;
}

json_t *
store_json_str_or_null(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

char *
store_json_strs(const char *const *v, size_t n)
{
	json_t *arr = json_array();
	char *text;

	for (size_t i = 0; arr != NULL && i < n; i++)
		if (v[i] == NULL || json_array_append_new(arr, json_string(v[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	if (arr == NULL)
		return NULL;
	text = store_json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return text;
}

int
store_json_extra_put(char **extra, const char *key, bool append, const char *const (*kv)[2],
                     size_t n)
{
	json_error_t jerr;
	json_t *o = *extra != NULL ? json_loads(*extra, JSON_REJECT_DUPLICATES, &jerr)
	                           : json_object();
	json_t *fields = key != NULL ? json_object() : json_incref(o), *a;
	char *text = NULL;
	int rc = json_is_object(o) && fields != NULL ? 0 : -1;

	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = json_object_set_new(fields, kv[i][0],
		                         kv[i][1] != NULL ? json_string(kv[i][1]) : json_null());
	if (rc == 0 && key != NULL && !append) {
		rc = json_object_set(o, key, fields);
	} else if (rc == 0 && key != NULL) {
		a = json_object_get(o, key);
		if (!json_is_array(a) &&
		    ((a = json_array()) == NULL || json_object_set_new(o, key, a) != 0))
			rc = -1;
		if (rc == 0)
			rc = json_array_append(a, fields);
	}
	if (rc == 0 && (text = store_json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		rc = -1;
	json_decref(fields);
	json_decref(o);
	if (rc != 0)
		return -1;
	free(*extra);
	*extra = text;
	return 0;
}

