/*
 * records.c — loads on the JSON `record` rows (see records.h).
 *
 * Untrusted input: ids come from requests; they are only looked up.
 */
#include "ops/records.h"

#include <jansson.h>
#include <stdlib.h>

#include "core/carrier.h"
#include "core/transfer.h"
#include "ops/orgs.h"
#include "ops/scope.h"

int
ops_rec_load(struct store_tx *tx, const char *kind, const char *id, struct store_rec *out,
             const char *field, struct qerr *e)
{
	if (store_rec_get(tx, kind, id, out, e) == 0)
		return 0;
	if (e != NULL && e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_rec_visible(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
                const char *field, struct qerr *e)
{
	bool ok = false;

	if (ops_scope_sees(tx, rec, c->actor.org_id, c->actor.cross_org, &ok, e) != 0)
		return -1;
	if (ok)
		return 0;
	return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, field);
}

int
ops_ids_visible(const struct ops_ctx *c, struct store_tx *tx, const char *kind,
                const char *const *ids, size_t n, const char *field, struct qerr *e)
{
	for (size_t i = 0; i < n; i++) {
		struct store_rec rec = {0};
		int rc;

		if (ops_rec_load(tx, kind, ids[i], &rec, field, e) != 0)
			return -1;
		rc = ops_rec_visible(c, tx, &rec, field, e);
		store_rec_clear(&rec);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
ops_org_active(struct store_tx *tx, const char *org_id, const char *field, struct qerr *e)
{
	struct store_rec org = {0};
	int rc;

	if (ops_rec_load(tx, "org", org_id, &org, field, e) != 0)
		return -1;
	rc = transfer_org_active_check(org.state, e);   /* org_liquidated, Art. 28 */
	if (rc != 0 && e != NULL && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	store_rec_clear(&org);
	return rc;
}

json_t *
ops_json_date(qdate d)
{
	char buf[QDATE_STR_SIZE];

	return d == QDATE_NONE ? json_null() : json_string(date_format(d, buf));
}

qdate
ops_doc_date(const json_t *doc, const char *key)
{
	const char *s = ops_doc_str(doc, key);
	qdate d;

	if (s == NULL || date_parse(s, &d) != 0)
		return QDATE_NONE;
	return d;
}

const char *
ops_doc_str(const json_t *doc, const char *key)
{
	return json_string_value(json_object_get(doc, key));
}

int
ops_carrier_permits_on(struct store_tx *tx, const char *org_id, qdate on,
                       struct carrier_permit **out, size_t *n, struct qerr *e)
{
	struct permit_rec *p = NULL;
	struct carrier_permit *cp = NULL;
	size_t np = 0;

	*out = NULL;
	*n = 0;
	if (ops_org_permits(tx, org_id, &p, &np, e) != 0)
		return -1;
	if (np > 0 && (cp = calloc(np, sizeof *cp)) == NULL) {
		ops_permits_free(p, np);
		return qerr_internal(e, "permits: out of memory");
	}
	for (size_t i = 0; i < np; i++) {
		/* static state strings: the permits are freed below */
		cp[i].state = ops_permit_state_on(&p[i], on);
		cp[i].degree = (enum degree)p[i].degree;
		cp[i].issued_on = p[i].issued_on;
		cp[i].valid_until = p[i].valid_until;
	}
	ops_permits_free(p, np);
	*out = cp;
	*n = np;
	return 0;
}

int
ops_doc_set(json_t *doc, const char *key, json_t *v, struct qerr *e)
{
	if (v == NULL || json_object_set_new(doc, key, v) != 0)
		return qerr_internal(e, "record: out of memory");
	return 0;
}

int
ops_doc_append(json_t *doc, const char *key, json_t *v, struct qerr *e)
{
	json_t *a = json_object_get(doc, key);

	if (v == NULL)
		return qerr_internal(e, "record: out of memory");
	if (!json_is_array(a)) {
		a = json_array();
		if (ops_doc_set(doc, key, a, e) != 0) {
			json_decref(v);
			return -1;
		}
	}
	if (json_array_append_new(a, v) != 0)
		return qerr_internal(e, "record: out of memory");
	return 0;
}
