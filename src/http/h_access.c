/*
 * h_access.c — need-to-know grants, the access check and carrier content (Art. 25, 29, 33, 34).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_access_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
