/*
 * h_emergency.c — the modified access procedure in emergency or martial law
 * (Art. 5).
 *
 * THE LAW. Art. 5, last paragraph: "In cases of the introduction of
 * emergency or martial law by the President of the Republic of Kazakhstan
 * on the whole territory of the Republic, or in particular areas, the
 * procedure of access of officials and citizens to state secrets can be
 * modified in this period."
 *
 * OUR READING, kept small and safe:
 *   - Only the "procedure of access of officials and citizens" (the
 *     registration of Art. 29.1) may change, only for the period and only
 *     where the President introduced the regime: a mode names the decree,
 *     its kind (emergency | martial_law), its period [from, until] and, for
 *     particular areas, the organizations concerned (org_ids; none: the
 *     whole territory).
 *   - The head of the authorized body records the mode (role
 *     authorized_body); the system does not decide that a regime exists.
 *   - Relaxations come from an allow-list (core/clearance.h
 *     clearance_relax_names). Today one: "verification_pending" — the head
 *     may decide before the authorized body's verification result is in;
 *     the written consent to verification stays required, a failed or
 *     evaded result still refuses, the result is due by the end of the
 *     period, and a bad result flags the clearance for termination.
 *   - Never relaxed, because the Law does not make them "procedure": the
 *     written non-disclosure commitment (the basis of liability, Art. 37),
 *     the grounds of Art. 30, the treaty for foreigners (Art. 29.4), the
 *     five-year wait (Art. 31.1), the form covering the label (Art. 29.2),
 *     the checks of access to a carrier (need to know, permit, carrier
 *     state: Art. 28, 33, 34), and the audit log.
 *   - Whatever a mode relaxed is recorded in each decision it affected
 *     (clearance doc decision.emergency) and in that decision's audit entry;
 *     the mode itself is an audited write.
 *
 * STORAGE. The modes are rows of typed tables (store/tables_persons.h:
 * emergency_mode and its organizations and relaxations); the procedures
 * are ops_emergency_* of src/ops/emergency.c. This file decodes, calls and
 * encodes; its emergency_* functions give the clearance steps the modes
 * in the JSON form they have read so far.
 *
 *   POST /v1/emergency            authorized_body  declare a mode
 *   POST /v1/emergency/{id}/end   authorized_body  end it early (until = date)
 *   GET  /v1/emergency            users            the modes, oldest first
 *
 * SECURITY: bodies validated by field tables; strings capped; relaxation
 * names allow-listed (400 invalid_value otherwise).
 */

#include <stdlib.h>
#include <string.h>

#include "core/clearance.h"
#include "core/roles.h"
#include "http/enc.h"
#include "http/util.h"
#include "ops/emergency.h"

static const char *const regime_kinds[] = {"emergency", "martial_law", NULL};

static const struct jfield mode_fields[] = {
	{"kind", JF_ENUM, JF_REQUIRED, regime_kinds, 0, 0},
	{"decree_ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{"from", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"until", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"relaxations", JF_ENUMS, JF_REQUIRED, clearance_relax_names, 0, EMERGENCY_RELAX_MAX},
	{"area", JF_STRING, 0, NULL, 0, 300},
	{"org_ids", JF_STRINGS, 0, NULL, 0, EMERGENCY_ORGS_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield end_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

/* Every mode as the API shows it: a new array (empty when none). */
static int
modes_json(struct store_tx *tx, json_t **out, struct qerr *e)
{
	struct emergency_mode_rec *m;
	size_t n;
	json_t *a;

	*out = NULL;
	if (ops_emergency_modes(tx, &m, &n, e) != 0)
		return -1;
	if ((a = json_array()) == NULL)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(a, enc_emergency_mode(&m[i])) != 0)
			goto oom;
	ops_emergency_modes_free(m, n);
	*out = a;
	return 0;
oom:
	json_decref(a);
	ops_emergency_modes_free(m, n);
	return qerr_internal(e, "emergency: out of memory");
}

/* Answers a mode the procedure returned. */
static int
mode_answer(struct resp *out, int status, struct emergency_mode_rec *m, struct qerr *e)
{
	json_t *j = enc_emergency_mode(m);

	emergency_mode_rec_free(m);
	if (j == NULL)
		return qerr_internal(e, "emergency: out of memory");
	resp_json(out, status, j);
	return 0;
}

/* POST /v1/emergency */
static int
h_emergency_declare(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_emergency_declare_args a = {0};
	struct emergency_mode_rec m;
	const json_t *rel, *orgs, *v;
	int relax[EMERGENCY_RELAX_MAX];
	const char *org_ids[EMERGENCY_ORGS_MAX];
	size_t i;

	if (req_json(r, mode_fields, e) != 0)
		return -1;
	req_ops_ctx(r, &c);   /* the body's effective_date */
	a.kind = emergency_kind_parse(jsonv_str(r->json, "kind"));
	a.decree_ref = jsonv_str(r->json, "decree_ref");
	a.from = jsonv_date(r->json, "from");
	a.until = jsonv_date(r->json, "until");
	a.area = jsonv_str(r->json, "area");
	a.given_effective_date = jsonv_date(r->json, "effective_date");
	if (a.until < a.from)
		return qerr_input(e, "invalid_value", "until");
	rel = json_object_get(r->json, "relaxations");
	if (json_array_size(rel) == 0 || json_array_size(rel) > EMERGENCY_RELAX_MAX)
		return qerr_input(e, "invalid_value", "relaxations");
	json_array_foreach(rel, i, v) {
		relax[i] = -1;
		for (int b = 0; clearance_relax_names[b] != NULL; b++)
			if (json_is_string(v) && strcmp(json_string_value(v), clearance_relax_names[b]) == 0)
				relax[i] = b;
	}
	a.relaxations = relax;
	a.nrelax = json_array_size(rel);
	orgs = json_object_get(r->json, "org_ids");
	if (json_array_size(orgs) > EMERGENCY_ORGS_MAX)
		return qerr_input(e, "invalid_value", "org_ids");
	json_array_foreach(orgs, i, v)
		org_ids[i] = json_string_value(v);
	a.org_ids = org_ids;
	a.norgs = json_array_size(orgs);
	if (ops_emergency_declare(&c, &a, &m, e) != 0)
		return -1;
	return mode_answer(out, 201, &m, e);
}

/* POST /v1/emergency/{id}/end — the regime was lifted on effective_date:
 * the mode (404), an empty body (400), then the procedure. */
static int
h_emergency_end(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct emergency_mode_rec m;

	req_ops_ctx(r, &c);
	if (req_json(r, end_fields, e) != 0) {
		struct qerr ne = {0};

		if (ops_emergency_exists(&c, r->params[0], &ne) != 0 && ne.status != QERR_INPUT)
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, &c);
	if (ops_emergency_end(&c, r->params[0], &m, e) != 0)
		return -1;
	return mode_answer(out, 200, &m, e);
}

/* GET /v1/emergency */
static int
h_emergency_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	json_t *modes = NULL, *j;
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = modes_json(tx, &modes, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	if ((j = json_pack("{s:o}", "items", modes)) == NULL)
		return qerr_internal(e, "emergency: out of memory");
	resp_json(out, 200, j);
	return 0;
}

const struct route h_emergency_routes[] = {
	{"POST", "/v1/emergency", ROLE_AUTHORIZED_BODY, 0, h_emergency_declare},
	{"GET", "/v1/emergency", ROLE_ANY_USER, 0, h_emergency_list},
	{"POST", "/v1/emergency/{}/end", ROLE_AUTHORIZED_BODY, 0, h_emergency_end},
	{NULL, NULL, 0, 0, NULL},
};
