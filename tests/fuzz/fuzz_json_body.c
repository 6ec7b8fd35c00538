/*
 * fuzz_json_body.c — every request body goes through jsonv_parse(); this
 * target feeds it arbitrary bytes against a field table with every type.
 * Invariants checked: it returns 0 with an object or -1 with a 400 naming a
 * field; never both, never a crash or leak.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/jsonv.h"

static const char *const kinds[] = {"a", "b", NULL};
static const struct jfield fields[] = {
	{"s", JF_STRING, 0, NULL, 0, 20},
	{"t", JF_TEXT, 0, NULL, 0, 0},
	{"d", JF_DATE, 0, NULL, 0, 0},
	{"i", JF_INT, 0, NULL, -5, 5},
	{"n", JF_NUMBER, 0, NULL, 0, 100},
	{"b", JF_BOOL, 0, NULL, 0, 0},
	{"e", JF_ENUM, 0, kinds, 0, 0},
	{"ss", JF_STRINGS, 0, NULL, 0, 3},
	{"es", JF_ENUMS, 0, kinds, 0, 0},
	{"a", JF_ARRAY, 0, NULL, 0, 0},
	{"o", JF_OBJECT, 0, NULL, 0, 0},
	{"r", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qerr e = {0};
	json_t *obj = NULL;
	qdate eff = 0;
	int rc = jsonv_parse((const char *)data, size, fields, date_from_ymd(2026, 1, 1), &obj,
	                     &eff, &e);

	if (rc == 0) {
		assert(json_is_object(obj));
		assert(eff <= date_from_ymd(2026, 1, 1));
		assert(!qerr_is_set(&e));
	} else {
		assert(obj == NULL);
		assert(e.status == QERR_INPUT);
		assert(e.field[0] != '\0');
	}
	json_decref(obj);
	return 0;
}
