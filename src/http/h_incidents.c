/*
 * h_incidents.c — incidents: disclosure and loss of carriers (Art. 1, 26, 31, 37).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_incidents_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
