/*
 * jrec.c — the small helpers of jrec.h.
 */
#include "ops/jrec.h"

#include <string.h>

bool
jrec_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}
