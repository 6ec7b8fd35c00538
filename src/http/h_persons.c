/*
 * h_persons.c — persons (SPEC.md §2): citizens of Kazakhstan by IIN (check
 * digit validated, unique), foreigners and stateless persons by passport.
 * A security officer registers persons of its own organization only. The
 * procedures are ops/persons.c; this file decodes and answers.
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/util.h"
#include "ops/persons.h"

static const char *const citizenships[] = {"KZ", "foreign", "stateless", NULL};

static const struct jfield person_fields[] = {
	{"iin", JF_STRING, 0, NULL, 0, 12},
	{"passport", JF_STRING, 0, NULL, 0, 64},
	{"full_name", JF_STRING, JF_REQUIRED, NULL, 0, 300},
	{"citizenship", JF_ENUM, JF_REQUIRED, citizenships, 0, 0},
	{"org_id", JF_STRING, JF_REQUIRED, NULL, 0, STORE_ID_MAX - 1},
	{"position", JF_STRING, JF_REQUIRED, NULL, 0, 300},
	{NULL, 0, 0, NULL, 0, 0},
};

static int
h_person_create(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_person_args a;
	json_t *doc;

	if (req_json(r, person_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);
	a.iin = jsonv_str(r->json, "iin");
	a.passport = jsonv_str(r->json, "passport");
	a.full_name = jsonv_str(r->json, "full_name");
	a.citizenship = jsonv_str(r->json, "citizenship");
	a.org_id = jsonv_str(r->json, "org_id");
	a.position = jsonv_str(r->json, "position");
	if (ops_person_register(&c, &a, &doc, e) != 0)
		return -1;
	resp_json(out, 201, doc);
	return 0;
}

static int
h_person_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "person", ops_person_view, e);
}

static int
h_person_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_query q = {.kind = "person", .org_id = http_query(r, "org_id"),
	                        .ref = http_query(r, "iin")};

	if (!r->cross_org)
		q.org_id = r->user.org_id;
	return list_records(r, out, &q, e);
}

const struct route h_persons_routes[] = {
	{"POST", "/v1/persons", ROLE_SECURITY_OFFICER, 0, h_person_create},
	{"GET", "/v1/persons", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR, 0, h_person_list},
	{"GET", "/v1/persons/{}", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR, 0, h_person_get},
	{NULL, NULL, 0, 0, NULL},
};
