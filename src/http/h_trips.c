/*
 * h_trips.c — trips abroad of admitted persons (Art. 32; 2024 accountability item).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_trips_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
