/*
 * test_store_json_extra.c — store_json_extra_put (store/store_json.h): the
 * string fields of a typed row's extra set, put as an object or appended
 * to an array, without jansson in the caller; text that is not an object
 * is left as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_json.h"
#include "tap.h"

int
main(void)
{
	const char *const two[][2] = {{"b", "2"}, {"a", NULL}};
	const char *const one[][2] = {{"to", "2040-01-01"}};
	char *x = NULL;

	/* none yet: the fields set on a new object (keys sorted, null kept) */
	CHECK(store_json_extra_put(&x, NULL, false, two, 2) == 0);
	CHECK_STR(x, "{\"a\":null,\"b\":\"2\"}");
	/* appended: the array made, then grown */
	CHECK(store_json_extra_put(&x, "ext", true, one, 1) == 0);
	CHECK(store_json_extra_put(&x, "ext", true, one, 1) == 0);
	CHECK_STR(x, "{\"a\":null,\"b\":\"2\",\"ext\":[{\"to\":\"2040-01-01\"},"
	             "{\"to\":\"2040-01-01\"}]}");
	/* put as an object field: replaces what the key held */
	CHECK(store_json_extra_put(&x, "ext", false, one, 1) == 0);
	CHECK_STR(x, "{\"a\":null,\"b\":\"2\",\"ext\":{\"to\":\"2040-01-01\"}}");
	/* a key that is not an array is replaced by one */
	CHECK(store_json_extra_put(&x, "b", true, one, 1) == 0);
	CHECK_STR(x, "{\"a\":null,\"b\":[{\"to\":\"2040-01-01\"}],\"ext\":{\"to\":\"2040-01-01\"}}");
	free(x);
	/* text that is not an object: refused, unchanged */
	x = strdup("[1]");
	CHECK(x != NULL && store_json_extra_put(&x, NULL, false, two, 2) == -1);
	CHECK_STR(x, "[1]");
	free(x);
	return tap_done();
}
