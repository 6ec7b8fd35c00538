/*
 * h_persons.c — persons (SPEC.md §2): citizens of Kazakhstan by IIN (check
 * digit validated, unique), foreigners and stateless persons by passport.
 * A security officer registers persons of its own organization only.
 */
#include "http/http.h"

#include <string.h>

#include "core/ident.h"
#include "core/roles.h"
#include "http/clearance_ops.h"
#include "http/util.h"

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
	struct store_tx *tx = NULL;
	struct store_rec org = {0}, rec = {0};
	const char *iin, *passport, *cit, *org_id;

	if (req_json(r, person_fields, e) != 0)
		return -1;
	iin = jsonv_str(r->json, "iin");
	passport = jsonv_str(r->json, "passport");
	cit = jsonv_str(r->json, "citizenship");
	org_id = jsonv_str(r->json, "org_id");
	/* 403 before 400 (SPEC.md §5): the organization is known once the body
	 * parses, so another organization's officer learns nothing more. */
	if (req_org_scope(r, org_id, e) != 0)
		return -1;
	if (strcmp(cit, "KZ") == 0 && iin == NULL)
		return qerr_input(e, "missing_field", "iin");
	if (iin == NULL && passport == NULL)
		return qerr_input(e, "missing_field", "passport");
	if (iin != NULL && !ident_valid(iin))
		return qerr_input(e, "invalid_check_digit", "iin");

	q_strlcpy(rec.kind, "person", sizeof rec.kind);
	store_id_new("person", rec.id);
	q_strlcpy(rec.org_id, org_id, sizeof rec.org_id);
	/* IIN unique nationwide: the natural key lives outside any org scope. */
	q_strlcpy(rec.ref, iin ? iin : "", sizeof rec.ref);
	q_strlcpy(rec.state, "employed", sizeof rec.state);
	rec.doc = json_pack("{s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:o}", "id", rec.id,
	                    "iin", iin, "passport", passport, "full_name",
	                    jsonv_str(r->json, "full_name"), "citizenship", cit, "org_id",
	                    org_id, "position", jsonv_str(r->json, "position"),
	                    "employment_state", "employed", "registered_on",
	                    json_date(r->effective_date));
	if (rec.doc == NULL)
		return qerr_internal(e, "person doc");
	if (tx_write(r, &tx, e) != 0)
		goto fail;
	if (rec_load_field(tx, "org", org_id, &org, "org_id", e) != 0 ||
	    org_must_be_active(tx, org.id, "org_id", e) != 0)    /* org_liquidated, Art. 28 */
		goto fail;
	/* Uniqueness of the IIN across organizations. */
	if (iin != NULL) {
		struct store_query q = {.kind = "person", .ref = iin, .limit = 1};
		int64_t n = 0;

		if (store_rec_count(tx, &q, &n, e) != 0)
			goto fail;
		if (n > 0) {
			qerr_set(e, QERR_CONFLICT, "duplicate", NULL, "iin");
			goto fail;
		}
	}
	if (rec_create_commit(r, out, &tx, &rec, "person.create", NULL, e) != 0)
		goto fail;
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(&org);
	store_rec_clear(&rec);
	return -1;
}

/* The person as answered: the doc with its clearances, grounds and
 * violations (clearance_ops.h). */
static json_t *
person_view(struct store_tx *tx, const struct store_rec *rec, struct qerr *e)
{
	json_t *doc = json_deep_copy(rec->doc);

	if (doc == NULL) {
		qerr_internal(e, "person view");
		return NULL;
	}
	if (clearance_person_extend(tx, rec->id, doc, e) != 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

static int
h_person_get(struct req *r, struct resp *out, struct qerr *e)
{
	return get_scoped(r, out, "person", person_view, e);
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
