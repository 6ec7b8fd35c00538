/*
 * h_deadlines.c — the deadlines list (SPEC.md §5).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_deadlines_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
