/*
 * h_declassify.c — declassification and extension of information and carriers (Art. 20.3, 22-23).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_declassify_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
