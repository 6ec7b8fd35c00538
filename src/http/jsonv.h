/*
 * jsonv.h — parsing and validating JSON request bodies against a field
 * table. This is the trust boundary for bodies: after jsonv_parse() the
 * handler may read every listed field with the declared type; nothing
 * unlisted is present.
 *
 * Refusals are 400 with the field named (API.md "Conventions"):
 *   malformed_json  body    not JSON, not an object, too deep, duplicate key
 *   body_too_large  body    over HTTP_BODY_MAX
 *   unknown_field   <name>  a field the endpoint does not take
 *   missing_field   <name>  a required field absent or null
 *   invalid_type    <name>  wrong JSON type
 *   invalid_value   <name>  right type, bad value (enum, length, range)
 *   invalid_date    <name>  not a real YYYY-MM-DD date
 *   date_in_future  effective_date
 * Every write body also takes "effective_date" (default today; never later).
 */
#ifndef QUPIYA_HTTP_JSONV_H
#define QUPIYA_HTTP_JSONV_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"

enum jf_type {
	JF_STRING,      /* non-empty string, at most max bytes (default 1000) */
	JF_TEXT,        /* like JF_STRING, may be empty */
	JF_DATE,        /* "YYYY-MM-DD" */
	JF_INT,         /* integer in [min, max] */
	JF_NUMBER,      /* integer or real in [min, max] */
	JF_BOOL,
	JF_ENUM,        /* string among values[] */
	JF_STRINGS,     /* array of non-empty strings (at most max items) */
	JF_ENUMS,       /* array of strings among values[] */
	JF_ARRAY,       /* array of anything (validated by the handler) */
	JF_OBJECT,      /* object (validated by the handler) */
};

enum jf_flags {
	JF_REQUIRED = 1u << 0,
	JF_RULE = 1u << 1,   /* required by a rule: absence is the handler's 422, not 400 */
};

struct jfield {
	const char *name;
	enum jf_type type;
	unsigned flags;
	const char *const *values;   /* JF_ENUM / JF_ENUMS: NULL-terminated */
	long long min, max;          /* JF_INT/JF_NUMBER range; string/array max length when max > 0 */
};

/* Checks nesting depth without parsing (strings honoured). */
bool jsonv_depth_ok(const char *text, size_t len, int max_depth);

/* Parses text as a JSON object and validates it against fields (terminated
 * by name == NULL). "effective_date" is always accepted: *effective is set
 * to it, or to today when absent; later than today is refused. On success
 * *out owns the object. text may be NULL/empty: treated as {}. */
int jsonv_parse(const char *text, size_t len, const struct jfield *fields,
                qdate today, json_t **out, qdate *effective, struct qerr *e);

/* Validates an object already parsed (used for nested objects). */
int jsonv_check(const json_t *obj, const struct jfield *fields, const char *prefix,
                struct qerr *e);

/* Typed getters for validated bodies: absent fields give the default. */
const char *jsonv_str(const json_t *obj, const char *name);      /* NULL if absent */
bool jsonv_bool(const json_t *obj, const char *name, bool dflt);
long long jsonv_int(const json_t *obj, const char *name, long long dflt);
qdate jsonv_date(const json_t *obj, const char *name);            /* QDATE_NONE if absent */
bool jsonv_has(const json_t *obj, const char *name);

#endif
