/*
 * h_emergency.c — the modified access procedure in emergency or martial law (Art. 5).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_emergency_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
