/*
 * h_misc.c — endpoints that touch no records: health, the catalogue.
 */
#include "http/http.h"
#include "http/util.h"

#include "core/roles.h"

static int
h_health(struct req *r, struct resp *out, struct qerr *e)
{
	json_t *j = json_pack("{s:s}", "status", "ok");

	/* A read-only node says so (a load balancer sends writes elsewhere). */
	if (j != NULL && r->app->read_only && json_object_set_new(j, "read_only", json_true()) != 0) {
		json_decref(j);
		return qerr_internal(e, "health: out of memory");
	}
	if (j == NULL)
		return qerr_internal(e, "health: out of memory");
	resp_json(out, 200, j);
	return 0;
}

/* GET /v1/catalog: the statutory catalogue of Art. 11-14 and 17.1. */
static int
h_catalog(struct req *r, struct resp *out, struct qerr *e)
{
	json_t *c = r->app->catalog;
	json_t *body, *tr;

	if (c == NULL)
		return qerr_internal(e, "catalogue not loaded");
	body = json_pack("{s:O, s:O}", "items", json_object_get(c, "items"),
	                 "not_classifiable", json_object_get(c, "not_classifiable"));
	if (body == NULL)
		return qerr_internal(e, "out of memory");
	/* Which texts are our working translations (text.ru), not the Law's. */
	tr = json_object_get(c, "translations");
	if (tr != NULL && json_object_set(body, "translations", tr) != 0) {
		json_decref(body);
		return qerr_internal(e, "out of memory");
	}
	resp_json(out, 200, body);
	return 0;
}

const struct route h_misc_routes[] = {
	{"GET", "/v1/health", 0, ROUTE_PUBLIC, h_health},
	{"GET", "/v1/catalog", ROLE_ANY_USER, 0, h_catalog},
	{NULL, NULL, 0, 0, NULL},
};
