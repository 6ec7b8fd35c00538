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
 * STORAGE. Modes are few and long-lived: they are kept as one JSON array
 * under the meta key EMERGENCY_META_KEY (at most EMERGENCY_MODES_MAX), read
 * and rewritten inside the write transaction.
 *
 *   POST /v1/emergency            authorized_body  declare a mode
 *   POST /v1/emergency/{id}/end   authorized_body  end it early (until = date)
 *   GET  /v1/emergency            users            the modes, oldest first
 *
 * SECURITY: bodies validated by field tables; strings capped; relaxation
 * names allow-listed (400 invalid_value otherwise).
 */
#include "http/clearance_ops.h"

#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "http/util.h"

#define EMERGENCY_META_KEY  "emergency_modes"
#define EMERGENCY_MODES_MAX 64
#define EMERGENCY_ORGS_MAX  100
#define EMERGENCY_META_MAX  (1024 * 1024)   /* bytes of the stored array */

static const char *const regime_kinds[] = {"emergency", "martial_law", NULL};

static const struct jfield mode_fields[] = {
	{"kind", JF_ENUM, JF_REQUIRED, regime_kinds, 0, 0},
	{"decree_ref", JF_STRING, JF_REQUIRED, NULL, 0, 200},
	{"from", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"until", JF_DATE, JF_REQUIRED, NULL, 0, 0},
	{"relaxations", JF_ENUMS, JF_REQUIRED, clearance_relax_names, 0, 8},
	{"area", JF_STRING, 0, NULL, 0, 300},
	{"org_ids", JF_STRINGS, 0, NULL, 0, EMERGENCY_ORGS_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

static const struct jfield end_fields[] = {{NULL, 0, 0, NULL, 0, 0}};

/* The stored modes: a new array (empty when none). */
static int
modes_load(struct store_tx *tx, json_t **out, struct qerr *e)
{
	char *buf = malloc(EMERGENCY_META_MAX);
	json_error_t jerr;

	*out = NULL;
	if (buf == NULL)
		return qerr_internal(e, "emergency: out of memory");
	if (store_meta_get(tx, EMERGENCY_META_KEY, buf, EMERGENCY_META_MAX, e) != 0) {
		free(buf);
		return -1;
	}
	*out = buf[0] ? json_loads(buf, 0, &jerr) : json_array();
	free(buf);
	if (!json_is_array(*out)) {
		json_decref(*out);
		*out = NULL;
		return qerr_internal(e, "emergency: stored modes unreadable");
	}
	return 0;
}

static int
modes_store(struct store_tx *tx, const json_t *modes, struct qerr *e)
{
	char *s = json_dumps(modes, JSON_COMPACT | JSON_SORT_KEYS);
	int ret;

	if (s == NULL)
		return qerr_internal(e, "emergency: encode");
	if (strlen(s) >= EMERGENCY_META_MAX)
		ret = qerr_internal(e, "emergency: modes too large");
	else
		ret = store_meta_set(tx, EMERGENCY_META_KEY, s, e);
	free(s);
	return ret;
}

static bool
mode_covers(const json_t *m, const char *org_id, qdate on)
{
	qdate from = jsonv_date(m, "from"), until = jsonv_date(m, "until");
	const json_t *orgs = json_object_get(m, "org_ids"), *o;
	size_t i;

	if (from == QDATE_NONE || until == QDATE_NONE || on == QDATE_NONE || on < from ||
	    on > until)
		return false;
	if (json_array_size(orgs) == 0)
		return true;              /* the whole territory */
	json_array_foreach(orgs, i, o)
		if (org_id != NULL && json_is_string(o) && strcmp(json_string_value(o), org_id) == 0)
			return true;
	return false;
}

int
emergency_in_force(struct store_tx *tx, const char *org_id, qdate on, unsigned *relax,
                   json_t **mode, struct qerr *e)
{
	json_t *modes, *m;
	size_t i;

	*relax = 0;
	*mode = NULL;
	if (modes_load(tx, &modes, e) != 0)
		return -1;
	json_array_foreach(modes, i, m) {
		const json_t *r;
		size_t k;

		if (!mode_covers(m, org_id, on))
			continue;
		json_array_foreach(json_object_get(m, "relaxations"), k, r)
			for (unsigned b = 0; clearance_relax_names[b] != NULL; b++)
				if (json_is_string(r) &&
				    strcmp(json_string_value(r), clearance_relax_names[b]) == 0)
					*relax |= 1u << b;
		if (*mode == NULL)
			*mode = json_incref(m);
	}
	json_decref(modes);
	*relax &= CLEARANCE_RELAX_ALL;
	return 0;
}

int
emergency_modes_load(struct store_tx *tx, json_t **out, struct qerr *e)
{
	return modes_load(tx, out, e);
}

qdate
emergency_mode_until(const json_t *modes, const char *mode_id, qdate dflt)
{
	const json_t *m;
	size_t i;

	json_array_foreach(modes, i, m)
		if (mode_id != NULL && jsonv_str(m, "id") != NULL &&
		    strcmp(jsonv_str(m, "id"), mode_id) == 0)
			return jsonv_date(m, "until");
	return dflt;
}

int
emergency_period_end(struct store_tx *tx, const char *mode_id, qdate *until, struct qerr *e)
{
	json_t *modes;

	if (modes_load(tx, &modes, e) != 0)
		return -1;
	*until = emergency_mode_until(modes, mode_id, *until);
	json_decref(modes);
	return 0;
}

/* POST /v1/emergency */
static int
h_emergency_declare(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	json_t *modes = NULL, *m = NULL;
	char id[STORE_ID_MAX];
	size_t i;
	json_t *o;

	if (req_json(r, mode_fields, e) != 0)
		return -1;
	if (jsonv_date(r->json, "until") < jsonv_date(r->json, "from"))
		return qerr_input(e, "invalid_value", "until");
	if (json_array_size(json_object_get(r->json, "relaxations")) == 0)
		return qerr_input(e, "invalid_value", "relaxations");
	if (tx_write(r, &tx, e) != 0)
		return -1;
	json_array_foreach(json_object_get(r->json, "org_ids"), i, o) {
		struct store_rec org = {0};

		if (rec_load_field(tx, "org", json_string_value(o), &org, "org_ids", e) != 0)
			goto fail;
		store_rec_clear(&org);
	}
	if (modes_load(tx, &modes, e) != 0)
		goto fail;
	if (json_array_size(modes) >= EMERGENCY_MODES_MAX) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "5", NULL);
		qerr_detail(e, "at most %d modes are kept", EMERGENCY_MODES_MAX);
		goto fail;
	}
	store_id_new("emergency", id);
	m = json_deep_copy(r->json);
	if (m == NULL) {
		qerr_internal(e, "emergency doc");
		goto fail;
	}
	json_object_set_new(m, "id", json_string(id));
	json_object_set_new(m, "declared_on", json_date(r->effective_date));
	json_object_set_new(m, "declared_by", json_string(r->user.id));
	json_object_set_new(m, "article", json_string("5"));
	if (json_object_get(m, "org_ids") == NULL)
		json_object_set_new(m, "org_ids", json_array());
	json_array_append(modes, m);
	if (modes_store(tx, modes, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "emergency.declare", id, m, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 201, m);
	json_decref(modes);
	return 0;
fail:
	store_rollback(tx);
	json_decref(modes);
	json_decref(m);
	return -1;
}

/* POST /v1/emergency/{id}/end — the regime was lifted on effective_date. */
static int
h_emergency_end(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	json_t *modes = NULL, *m, *found = NULL;
	size_t i;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (modes_load(tx, &modes, e) != 0)
		goto fail;
	json_array_foreach(modes, i, m)
		if (strcmp(jsonv_str(m, "id") ? jsonv_str(m, "id") : "", r->params[0]) == 0)
			found = m;
	if (found == NULL) {
		qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
		goto fail;
	}
	if (req_json(r, end_fields, e) != 0)
		goto fail;
	if (r->effective_date < jsonv_date(found, "from") ||
	    r->effective_date > jsonv_date(found, "until")) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", "5", NULL);
		qerr_detail(e, "the date is outside the mode's period");
		goto fail;
	}
	json_object_set_new(found, "until", json_date(r->effective_date));
	json_object_set_new(found, "ended_on", json_date(r->effective_date));
	if (modes_store(tx, modes, e) != 0)
		goto fail;
	if (tx_commit_audited(r, tx, "emergency.end", r->params[0], found, e) != 0) {
		tx = NULL;
		goto fail;
	}
	resp_json(out, 200, json_incref(found));
	json_decref(modes);
	return 0;
fail:
	store_rollback(tx);
	json_decref(modes);
	return -1;
}

/* GET /v1/emergency */
static int
h_emergency_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	json_t *modes = NULL;
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = modes_load(tx, &modes, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	resp_json(out, 200, json_pack("{s:o}", "items", modes));
	return 0;
}

const struct route h_emergency_routes[] = {
	{"POST", "/v1/emergency", ROLE_AUTHORIZED_BODY, 0, h_emergency_declare},
	{"GET", "/v1/emergency", ROLE_ANY_USER, 0, h_emergency_list},
	{"POST", "/v1/emergency/{}/end", ROLE_AUTHORIZED_BODY, 0, h_emergency_end},
	{NULL, NULL, 0, 0, NULL},
};
