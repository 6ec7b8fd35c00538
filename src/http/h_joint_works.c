/*
 * h_joint_works.c — joint work under Decree 743 (Art. 26).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_joint_works_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
