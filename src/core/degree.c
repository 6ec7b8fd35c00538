/*
 * degree.c — degree names and ordering. Pure.
 */
#include "core/degree.h"

#include <string.h>

const char *const degree_names[] = {"confidential", "top_secret", "special_importance", NULL};

enum degree
degree_parse(const char *s)
{
	for (int i = 0; s != NULL && degree_names[i] != NULL; i++)
		if (strcmp(s, degree_names[i]) == 0)
			return (enum degree)(i + 1);
	return DEGREE_NONE;
}

const char *
degree_name(enum degree d)
{
	return d >= DEGREE_CONFIDENTIAL && d <= DEGREE_SPECIAL_IMPORTANCE ? degree_names[d - 1]
	                                                                  : NULL;
}

bool
degree_covers(enum degree form, enum degree d)
{
	/* clearance_insufficient, Art. 29.2 */
	return d != DEGREE_NONE && form >= d;
}
