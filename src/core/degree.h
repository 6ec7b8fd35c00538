/*
 * degree.h — degrees of secrecy and labels (Art. 18): special_importance >
 * top_secret > confidential. The first two mark state secrets; confidential
 * marks an official secret. No other restrictive label exists (Art. 18.2).
 * Pure.
 */
#ifndef QUPIYA_CORE_DEGREE_H
#define QUPIYA_CORE_DEGREE_H

#include <stdbool.h>

enum degree {
	DEGREE_NONE = 0,
	DEGREE_CONFIDENTIAL = 1,
	DEGREE_TOP_SECRET = 2,
	DEGREE_SPECIAL_IMPORTANCE = 3,
};

/* NULL-terminated names in ascending order, for enum validation. */
extern const char *const degree_names[];

/* "top_secret" -> DEGREE_TOP_SECRET; DEGREE_NONE when unknown. */
enum degree degree_parse(const char *s);
const char *degree_name(enum degree d);   /* NULL for DEGREE_NONE */

/* A clearance or permit of degree `form` covers information of degree d
 * iff form >= d (Art. 29.2). */
bool degree_covers(enum degree form, enum degree d);

#endif
