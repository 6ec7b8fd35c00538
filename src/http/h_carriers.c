/*
 * h_carriers.c — the carrier registry: registration, copies, issue/return, destroy, archive, inventory (Art. 1, 18, 28).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_carriers_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
