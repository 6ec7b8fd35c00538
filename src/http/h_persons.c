/*
 * h_persons.c — persons (SPEC.md §2): citizens of Kazakhstan by IIN (check
 * digit validated, unique), foreigners and stateless persons by passport.
 * A security officer registers persons of its own organization only. The
 * procedures are ops/persons.c; this file decodes and answers.
 */
#include "http/http.h"

#include <string.h>

#include "core/roles.h"
#include "http/enc.h"
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
	struct person_rec p;
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
	if (ops_person_register(&c, &a, &p, e) != 0)
		return -1;
	doc = enc_person(&p);
	person_rec_free(&p);
	if (doc == NULL)
		return qerr_internal(e, "person: out of memory");
	resp_json(out, 201, doc);
	return 0;
}

/* GET /v1/persons/{id}: 404, 403 another organization's, the view. */
static int
h_person_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct person_rec p = {0};
	json_t *v = NULL;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (ops_person_load(tx, r->params[0], &p, NULL, e) == 0 &&
	    req_org_scope(r, p.org_id, e) == 0)
		v = enc_person_view(tx, &p, e);
	store_rollback(tx);
	person_rec_free(&p);
	if (v == NULL)
		return -1;
	resp_json(out, 200, v);
	return 0;
}

struct person_filter {
	const char *org_id, *iin;
};

static int64_t
persons_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
             int (*fn)(void *, const void *), void *ctx, struct qerr *e)
{
	const struct person_filter *f = q;

	return ops_persons_each(tx, f->org_id, f->iin, after_seq, limit, fn, ctx, e);
}

static json_t *
person_enc(const void *row)
{
	return enc_person(row);
}

static int
h_person_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct person_filter f = {http_query(r, "org_id"), http_query(r, "iin")};

	if (!r->cross_org)
		f.org_id = r->user.org_id;
	return list_rows(r, out, persons_each, &f, person_enc, e);
}

const struct route h_persons_routes[] = {
	{"POST", "/v1/persons", ROLE_SECURITY_OFFICER, 0, h_person_create},
	{"GET", "/v1/persons", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR, 0, h_person_list},
	{"GET", "/v1/persons/{}", ROLE_SECURITY_OFFICER | ROLE_HEAD | ROLE_AUDITOR, 0, h_person_get},
	{NULL, NULL, 0, 0, NULL},
};
