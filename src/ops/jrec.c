/*
 * jrec.c — reading and building the JSON documents of the record table
 * (see jrec.h). Every jansson call's result is checked here.
 */
#include "ops/jrec.h"

#include <string.h>

#include "core/transfer.h"
#include "ops/ops.h"

bool
jrec_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool
jrec_has_str(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (jrec_same(json_string_value(v), s))
			return true;
	return false;
}

int
jrec_append(json_t *a, json_t *v)
{
	if (a == NULL || v == NULL) {
		json_decref(v);
		return -1;
	}
	return json_array_append_new(a, v) == 0 ? 0 : -1;
}

json_t *
jrec_ints_json(const int *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++) {
		if (jrec_append(a, json_integer(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}
