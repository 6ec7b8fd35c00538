/*
 * test_http_jsonv.c — the body trust boundary (jsonv) and language choice
 * (i18n_pick), table-driven with want_* fields.
 */
#include "tap.h"

#include <stdlib.h>

#include "http/i18n.h"
#include "http/jsonv.h"

static const char *const kinds[] = {"state_body", "organization", NULL};
static const struct jfield fields[] = {
	{"name", JF_STRING, JF_REQUIRED, NULL, 0, 10},
	{"kind", JF_ENUM, 0, kinds, 0, 0},
	{"share", JF_NUMBER, 0, NULL, 0, 100},
	{"on", JF_DATE, 0, NULL, 0, 0},
	{"flag", JF_BOOL, 0, NULL, 0, 0},
	{"ids", JF_STRINGS, 0, NULL, 0, 2},
	{"ground", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

struct body_case {
	const char *body;
	int want_rc;
	const char *want_code;
	const char *want_field;
};

static const struct body_case body_cases[] = {
	{"{\"name\":\"x\"}", 0, "", ""},
	{"{\"name\":\"x\",\"ground\":null}", 0, "", ""},       /* rule-required: handler's 422 */
	{"", -1, "missing_field", "name"},
	{"{}", -1, "missing_field", "name"},
	{"{\"name\":null}", -1, "missing_field", "name"},
	{"{\"name\":\"x\",\"extra\":1}", -1, "unknown_field", "extra"},
	/* fuzz_http_request: an empty key gave a 400 naming no field */
	{"{\"\":\"x\",\"name\":\"x\"}", -1, "unknown_field", "body"},
	{"{\"name\":5}", -1, "invalid_type", "name"},
	{"{\"name\":\"\"}", -1, "invalid_value", "name"},
	{"{\"name\":\"12345678901\"}", -1, "invalid_value", "name"},
	{"{\"name\":\"x\",\"kind\":\"bank\"}", -1, "invalid_value", "kind"},
	{"{\"name\":\"x\",\"share\":101}", -1, "invalid_value", "share"},
	{"{\"name\":\"x\",\"share\":99.5}", 0, "", ""},
	{"{\"name\":\"x\",\"on\":\"2025-02-29\"}", -1, "invalid_date", "on"},
	{"{\"name\":\"x\",\"on\":\"2024-02-29\"}", 0, "", ""},
	{"{\"name\":\"x\",\"flag\":\"yes\"}", -1, "invalid_type", "flag"},
	{"{\"name\":\"x\",\"ids\":[\"a\",\"b\",\"c\"]}", -1, "invalid_value", "ids"},
	{"{\"name\":\"x\",\"ids\":[1]}", -1, "invalid_type", "ids"},
	{"{\"name\":\"x\",\"effective_date\":\"2026-01-02\"}", -1, "date_in_future", "effective_date"},
	{"{\"name\":\"x\",\"effective_date\":\"2026-01-01\"}", 0, "", ""},
	{"{\"name\":\"x\",\"effective_date\":\"yesterday\"}", -1, "invalid_date", "effective_date"},
	{"{\"name\":\"x\"", -1, "malformed_json", "body"},
	{"[1]", -1, "malformed_json", "body"},
	{"{\"name\":\"x\",\"name\":\"y\"}", -1, "malformed_json", "body"},
	{"{\"name\":\"a\\u0000b\"}", -1, "malformed_json", "body"},   /* NUL never reaches C strings */
};

struct lang_case {
	const char *header;
	const char *want;
};

static const struct lang_case lang_cases[] = {
	{NULL, "en"},
	{"", "en"},
	{"kk", "kk"},
	{"ru-RU,ru;q=0.9,en;q=0.8", "ru"},
	{"de, kk-KZ;q=0.5, en;q=0.4", "kk"},
	{"en;q=0.2, ru;q=0.7", "ru"},
	{"fr", "en"},
	{"kkk", "en"},
	{"ru;q=0", "en"},
};

int
main(void)
{
	qdate today = date_from_ymd(2026, 1, 1);
	char *deep;

	for (size_t i = 0; i < sizeof body_cases / sizeof body_cases[0]; i++) {
		const struct body_case *c = &body_cases[i];
		struct qerr e = {0};
		json_t *obj = NULL;
		qdate eff = 0;
		int rc = jsonv_parse(c->body, strlen(c->body), fields, today, &obj, &eff, &e);

		CHECK(rc == c->want_rc);
		CHECK_STR(e.code, c->want_code);
		CHECK_STR(e.field, c->want_field);
		if (rc == 0)
			CHECK(eff <= today);
		json_decref(obj);
	}

	/* 100,000 nested brackets: refused by the scan, no recursion. */
	deep = malloc(100001);
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	CHECK(!jsonv_depth_ok(deep, 100000, 32));
	{
		struct qerr e = {0};
		json_t *obj = NULL;
		CHECK(jsonv_parse(deep, 100000, fields, today, &obj, NULL, &e) == -1);
		CHECK_STR(e.code, "malformed_json");
	}
	free(deep);
	CHECK(jsonv_depth_ok("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}", 44, 2));
	{
		/* an empty key in a nested object names that object */
		struct qerr e = {0};
		json_t *o = json_pack("{s:i}", "", 1);

		CHECK(jsonv_check(o, fields, "coordination", &e) == -1);
		CHECK_STR(e.code, "unknown_field");
		CHECK_STR(e.field, "coordination");
		json_decref(o);
	}

	for (size_t i = 0; i < sizeof lang_cases / sizeof lang_cases[0]; i++)
		CHECK_STR(i18n_pick(lang_cases[i].header), lang_cases[i].want);
	return tap_done();
}
