/*
 * h_grounds.c — grounds for refusal and employment changes of persons (Art. 30, 31, 33.3).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_grounds_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
