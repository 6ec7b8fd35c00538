/*
 * h_classify.c — classifiers, departmental lists and their items, information items (Art. 15-22).
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

const struct route h_classify_routes[] = {
	{NULL, NULL, 0, 0, NULL},
};
