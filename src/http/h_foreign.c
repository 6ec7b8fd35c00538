/*
 * h_foreign.c — transfers to foreign states and international organizations (Art. 27).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_foreign_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
