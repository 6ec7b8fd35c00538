/*
 * store_json.h — encoding a record's JSON document for the store without
 * jansson's one unchecked path: json_dumps() ignores a failure while it
 * writes an object's key (dump.c calls dump_string() for keys without
 * looking at its result), so out of memory it can return text that does
 * not parse, which would be stored and then unreadable. Found by the
 * allocation-failure loop (tests/unit/test_ops_joint_work_alloc_torture.c).
 *
 * store_json_dumps() collects the text through json_dump_callback() into
 * its own buffer and remembers any failed append, so the encoding either
 * is whole or fails (NULL).
 */
#ifndef QUPIYA_STORE_JSON_H
#define QUPIYA_STORE_JSON_H

#include <jansson.h>

/* The encoding of j with flags as json_dumps() gives it, NUL-terminated
 * (free()), or NULL when anything failed. */
char *store_json_dumps(const json_t *j, size_t flags);

#endif

/* ---- typed columns from a doc's fields (tables_movements.h, tables_carriers.h) */

#include <stdbool.h>
#include <stddef.h>

/* s has the shape "YYYY-MM-DD" (the CHECK of a date column). */
bool store_json_date_shaped(const char *s);
/* A field for a string column of dstsz bytes: true (taken; dst = the
 * string, or "" for null) when v is null or a non-empty string that fits
 * (and, with date, has a date's shape); false leaves dst untouched: the
 * field then stays in the row's extra, whole. */
bool store_json_take_str(const json_t *v, char *dst, size_t dstsz, bool date);
/* The string column's field: the string, or null for "". NULL out of memory. */
json_t *store_json_str_or_null(const char *s);
/* v[0..n) as the text of a JSON array of strings (free()): the one
 * parameter of an IN (json_each(?)) list. NULL out of memory or for a
 * NULL string. */
char *store_json_strs(const char *const *v, size_t n);

/* A typed row's extra (the JSON object text of its fields of no column,
 * or NULL: none), for the procedures that write such a field without
 * jansson: the string fields kv[0..n) ({key, value}; value NULL: null)
 * as one object, put into *extra (replaced; free()) as
 *   key NULL            its fields, each set on *extra,
 *   key, !append        the field key,
 *   key, append         a new element of the array field key (an array
 *                       made when key is absent or not an array).
 * 0, or -1 out of memory or when *extra is not an object (unchanged). */
int store_json_extra_put(char **extra, const char *key, bool append,
                         const char *const (*kv)[2], size_t n);

