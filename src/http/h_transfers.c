/*
 * h_transfers.c — transfers between bodies (Art. 25) and liquidation (Art. 28).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_transfers_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
