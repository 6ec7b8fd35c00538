/*
 * jsonv.c — body parsing and field-table validation (see jsonv.h).
 *
 * SECURITY: input is the raw request body (<= HTTP_BODY_MAX bytes). Depth is
 * checked by a linear scan before jansson sees the text, so a body of
 * 100,000 '[' costs one pass and never recursion; jansson then parses with
 * JSON_REJECT_DUPLICATES. No input is echoed except field names from our own
 * tables.
 */
#include "http/jsonv.h"

#include <string.h>

#include "ops/jrec.h"

#define JF_STRING_MAX_DEFAULT 1000
#define JF_ARRAY_MAX_DEFAULT  10000
#define JSONV_DEPTH_MAX       32

bool
jsonv_depth_ok(const char *text, size_t len, int max_depth)
{
	int depth = 0;
	bool in_str = false, esc = false;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max_depth)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}

static const struct jfield *
find_field(const struct jfield *fields, const char *name)
{
	for (const struct jfield *f = fields; f != NULL && f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static bool
in_values(const char *const *values, const char *s)
{
	for (const char *const *v = values; v != NULL && *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

static int
field_err(struct qerr *e, const char *code, const char *prefix, const char *name)
{
	char full[QERR_FIELD_MAX];

	if (prefix != NULL && prefix[0] != '\0') {
		size_t n = q_strlcpy(full, prefix, sizeof full);
		if (n < sizeof full - 1) {
			full[n] = '.';
			q_strlcpy(full + n + 1, name, sizeof full - n - 1);
		}
	} else {
		q_strlcpy(full, name, sizeof full);
	}
	return qerr_input(e, code, full);
}

static int
check_string(const json_t *v, const struct jfield *f, bool allow_empty)
{
	size_t n, max = f->max > 0 ? (size_t)f->max : JF_STRING_MAX_DEFAULT;

	if (!json_is_string(v))
		return -2;
	n = json_string_length(v);
	if ((!allow_empty && n == 0) || n > max)
		return -1;
	/* Embedded NULs would let a value differ from what C code sees. */
	if (strlen(json_string_value(v)) != n)
		return -1;
	return 0;
}

static int
check_one(const json_t *v, const struct jfield *f, const char *prefix, struct qerr *e)
{
	qdate d;
	int rc;
	size_t i, max;
	json_t *item;

	switch (f->type) {
	case JF_STRING:
	case JF_TEXT:
		rc = check_string(v, f, f->type == JF_TEXT);
		if (rc == -2)
			return field_err(e, "invalid_type", prefix, f->name);
		if (rc < 0)
			return field_err(e, "invalid_value", prefix, f->name);
		return 0;
	case JF_DATE:
		if (!json_is_string(v))
			return field_err(e, "invalid_type", prefix, f->name);
		if (date_parse(json_string_value(v), &d) != 0)
			return field_err(e, "invalid_date", prefix, f->name);
		return 0;
	case JF_INT:
		if (!json_is_integer(v))
			return field_err(e, "invalid_type", prefix, f->name);
		if ((f->min != 0 || f->max != 0) &&
		    (json_integer_value(v) < f->min || json_integer_value(v) > f->max))
			return field_err(e, "invalid_value", prefix, f->name);
		return 0;
	case JF_NUMBER:
		if (!json_is_number(v))
			return field_err(e, "invalid_type", prefix, f->name);
		if ((f->min != 0 || f->max != 0) &&
		    (json_number_value(v) < (double)f->min || json_number_value(v) > (double)f->max))
			return field_err(e, "invalid_value", prefix, f->name);
		return 0;
	case JF_BOOL:
		if (!json_is_boolean(v))
			return field_err(e, "invalid_type", prefix, f->name);
		return 0;
	case JF_ENUM:
		if (!json_is_string(v))
			return field_err(e, "invalid_type", prefix, f->name);
		if (!in_values(f->values, json_string_value(v)))
			return field_err(e, "invalid_value", prefix, f->name);
		return 0;
	case JF_STRINGS:
	case JF_ENUMS:
		if (!json_is_array(v))
			return field_err(e, "invalid_type", prefix, f->name);
		max = f->max > 0 ? (size_t)f->max : JF_ARRAY_MAX_DEFAULT;
		if (json_array_size(v) > max)
			return field_err(e, "invalid_value", prefix, f->name);
		json_array_foreach(v, i, item) {
			if (!json_is_string(item))
				return field_err(e, "invalid_type", prefix, f->name);
			if (json_string_length(item) == 0 || json_string_length(item) > JF_STRING_MAX_DEFAULT ||
			    strlen(json_string_value(item)) != json_string_length(item))
				return field_err(e, "invalid_value", prefix, f->name);
			if (f->type == JF_ENUMS && !in_values(f->values, json_string_value(item)))
				return field_err(e, "invalid_value", prefix, f->name);
		}
		return 0;
	case JF_ARRAY:
		if (!json_is_array(v))
			return field_err(e, "invalid_type", prefix, f->name);
		max = f->max > 0 ? (size_t)f->max : JF_ARRAY_MAX_DEFAULT;
		if (json_array_size(v) > max)
			return field_err(e, "invalid_value", prefix, f->name);
		return 0;
	case JF_OBJECT:
		if (!json_is_object(v))
			return field_err(e, "invalid_type", prefix, f->name);
		return 0;
	}
	return field_err(e, "invalid_value", prefix, f->name);
}

int
jsonv_check(const json_t *obj, const struct jfield *fields, const char *prefix,
            struct qerr *e)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return field_err(e, "invalid_type", NULL, prefix && *prefix ? prefix : "body");
	json_object_foreach((json_t *)obj, key, v) {
		const struct jfield *f = find_field(fields, key);

		if (f == NULL) {
			if (prefix == NULL && strcmp(key, "effective_date") == 0)
				continue;
			/* An empty key names nothing: the object holding it is
			 * named instead, so a 400 always names a field. */
			if (key[0] == '\0')
				return field_err(e, "unknown_field", NULL,
				                 prefix && *prefix ? prefix : "body");
			return field_err(e, "unknown_field", prefix, key);
		}
		if (json_is_null(v))
			continue;   /* null = absent; required-ness checked below */
		if (check_one(v, f, prefix, e) != 0)
			return -1;
	}
	for (const struct jfield *f = fields; f != NULL && f->name != NULL; f++) {
		json_t *got = json_object_get(obj, f->name);

		if ((f->flags & JF_REQUIRED) && !(f->flags & JF_RULE) &&
		    (got == NULL || json_is_null(got)))
			return field_err(e, "missing_field", prefix, f->name);
	}
	return 0;
}

int
jsonv_parse(const char *text, size_t len, const struct jfield *fields, qdate today,
            json_t **out, qdate *effective, struct qerr *e)
{
	json_t *obj;
	json_error_t jerr;
	json_t *ed;
	qdate d = today;

	*out = NULL;
	if (text == NULL || len == 0) {
		obj = json_object();
	} else {
		if (!jsonv_depth_ok(text, len, JSONV_DEPTH_MAX))
			return qerr_input(e, "malformed_json", "body");
		obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
		if (obj == NULL)
			return qerr_input(e, "malformed_json", "body");
		if (!json_is_object(obj)) {
			json_decref(obj);
			return qerr_input(e, "malformed_json", "body");
		}
	}
	if (jsonv_check(obj, fields, NULL, e) != 0)
		goto fail;
	ed = json_object_get(obj, "effective_date");
	if (ed != NULL && !json_is_null(ed)) {
		if (!json_is_string(ed)) {
			qerr_input(e, "invalid_type", "effective_date");
			goto fail;
		}
		if (date_parse(json_string_value(ed), &d) != 0) {
			qerr_input(e, "invalid_date", "effective_date");
			goto fail;
		}
		if (d > today) {
			qerr_input(e, "date_in_future", "effective_date");
			goto fail;
		}
	}
	if (effective != NULL)
		*effective = d;
	*out = obj;
	return 0;
fail:
	json_decref(obj);
	return -1;
}

const char *
jsonv_str(const json_t *obj, const char *name)
{
	return ops_docs_str(obj, name);
}

bool
jsonv_bool(const json_t *obj, const char *name, bool dflt)
{
	return ops_docs_bool(obj, name, dflt);
}

long long
jsonv_int(const json_t *obj, const char *name, long long dflt)
{
	json_t *v = json_object_get(obj, name);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

qdate
jsonv_date(const json_t *obj, const char *name)
{
	return ops_docs_date(obj, name);
}

bool
jsonv_has(const json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	return v != NULL && !json_is_null(v);
}
