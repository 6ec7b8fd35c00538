/*
 * carrier_owner_ops.c — see carrier_owner_ops.h (Art. 19).
 *
 * SECURITY: reads the validated body only; writes nothing to the store.
 */
#include "http/carrier_owner_ops.h"

#include <string.h>

#include "core/ident.h"
#include "http/jsonv.h"

static const struct jfield owner_fields[] = {
	{"kind", JF_ENUM, JF_REQUIRED, carrier_owner_kinds, 0, 0},
	{"name", JF_STRING, JF_REQUIRED, NULL, 0, 1000},
	{"iin", JF_STRING, 0, NULL, 0, 12},
	{"bin", JF_STRING, 0, NULL, 0, 12},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Every part is needed by owner_contract_required: absence is its 422. */
static const struct jfield alienation_fields[] = {
	{"contract_ref", JF_STRING, JF_REQUIRED | JF_RULE, NULL, 0, 200},
	{"compensation", JF_NUMBER, JF_REQUIRED | JF_RULE, NULL, 0, 1000000000000000LL},
	{"non_disclosure_signed_on", JF_DATE, JF_REQUIRED | JF_RULE, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const json_t *
object_of(const json_t *body, const char *name)
{
	const json_t *v = json_object_get(body, name);

	return v == NULL || json_is_null(v) ? NULL : v;
}

static int
ident_field(const json_t *owner, const char *name, bool allowed, struct qerr *e)
{
	const char *v = jsonv_str(owner, name);
	char field[32];

	if (v == NULL)
		return 0;
	q_strlcpy(field, "owner.", sizeof field);
	q_strlcpy(field + 6, name, sizeof field - 6);
	if (!allowed) {
		qerr_input(e, "invalid_value", field);
		qerr_detail(e, "%s", strcmp(name, "iin") == 0 ? "an IIN is for a citizen owner"
		                                              : "a BIN is for an organization owner");
		return -1;
	}
	if (!ident_valid(v))
		return qerr_input(e, "invalid_check_digit", field);
	return 0;
}

int
carrier_owner_parse(const json_t *body, qdate today, struct qerr *e)
{
	const json_t *owner = object_of(body, "owner"), *al = object_of(body, "alienation");
	const char *kind;
	qdate nd;

	if (owner != NULL) {
		if (jsonv_check(owner, owner_fields, "owner", e) != 0)
			return -1;
		kind = jsonv_str(owner, "kind");
		if (ident_field(owner, "iin", strcmp(kind, "citizen") == 0, e) != 0 ||
		    ident_field(owner, "bin", strcmp(kind, "organization") == 0, e) != 0)
			return -1;
	}
	if (al != NULL) {
		if (jsonv_check(al, alienation_fields, "alienation", e) != 0)
			return -1;
		nd = jsonv_date(al, "non_disclosure_signed_on");
		if (nd != QDATE_NONE && nd > today)
			return qerr_input(e, "date_in_future", "alienation.non_disclosure_signed_on");
	}
	/* A contract or a court decision concerns an owner: none without one. */
	if (owner == NULL && (al != NULL || jsonv_str(body, "court_ref") != NULL)) {
		qerr_input(e, "invalid_value", al != NULL ? "alienation" : "court_ref");
		qerr_detail(e, "only for a carrier owned by a citizen or another organization");
		return -1;
	}
	if (al != NULL && jsonv_str(body, "court_ref") != NULL) {
		qerr_input(e, "invalid_value", "court_ref");
		qerr_detail(e, "give alienation or court_ref, not both");
		return -1;
	}
	return 0;
}

void
carrier_owner_facts(const json_t *body, struct carrier_owner *o, const char **bin)
{
	const json_t *owner = object_of(body, "owner"), *al = object_of(body, "alienation");
	const char *kind;

	memset(o, 0, sizeof *o);
	*bin = NULL;
	if (owner == NULL)
		return;   /* the registering body's own */
	kind = jsonv_str(owner, "kind");
	*bin = jsonv_str(owner, "bin");
	o->kind = kind == NULL                          ? CARRIER_OWNER_FOREIGN   /* fail closed */
	          : strcmp(kind, "citizen") == 0        ? CARRIER_OWNER_CITIZEN
	          : strcmp(kind, "organization") == 0   ? CARRIER_OWNER_ORGANIZATION
	                                                : CARRIER_OWNER_FOREIGN;
	o->has_contract_ref = al != NULL && jsonv_str(al, "contract_ref") != NULL;
	o->has_compensation = al != NULL && json_is_number(json_object_get(al, "compensation"));
	o->has_non_disclosure = al != NULL && jsonv_date(al, "non_disclosure_signed_on") != QDATE_NONE;
	o->has_court_ref = jsonv_str(body, "court_ref") != NULL;
}

int
carrier_owner_record(json_t *doc, const json_t *body, struct qerr *e)
{
	static const char *const keys[] = {"owner", "alienation", "court_ref", NULL};

	for (size_t i = 0; keys[i] != NULL; i++) {
		json_t *v = json_object_get(body, keys[i]);

		if (v == NULL || json_is_null(v))
			continue;
		if (json_object_set_new(doc, keys[i], json_deep_copy(v)) != 0)
			return qerr_internal(e, "carrier owner record");
	}
	return 0;
}
