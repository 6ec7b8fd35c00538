/*
 * h_content.c — electronic content of carriers: PUT/GET /v1/carriers/{id}/content,
 * stored encrypted (Art. 1 "information system in a protected version").
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_content_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
