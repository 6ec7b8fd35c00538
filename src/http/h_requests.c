/*
 * h_requests.c — declassification requests of citizens and organizations (Art. 24).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_requests_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
