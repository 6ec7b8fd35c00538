/*
 * docs.c — the shared steps over JSON record documents (see docs.h).
 */
#include "ops/docs.h"

#include <stdlib.h>
#include <string.h>

#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/persons.h"

int
ops_docs_load(struct store_tx *tx, const char *kind, const char *id, struct store_rec *out,
             const char *field, struct qerr *e)
{
	int rc = ops_persons_kind(kind)   /* typed rows in record form (ops/persons.h) */
	       ? ops_persons_as_record(tx, kind, id != NULL ? id : "", out, e)
	       : store_rec_get(tx, kind, id != NULL ? id : "", out, e);

	if (rc == 0)
		return 0;
	if (e != NULL && e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
ops_docs_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *kind,
                    const char *id, struct store_rec *out, struct qerr *e)
{
	if (ops_docs_load(tx, kind, id, out, NULL, e) != 0)
		return -1;
	if (ops_scope(c, out->org_id, e) != 0) {
		store_rec_clear(out);
		return -1;
	}
	return 0;
}

int
ops_docs_exists_scoped(const struct ops_ctx *c, const char *kind, const char *id,
                      struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	int rc;

	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	if (strcmp(kind, "information") == 0) {   /* typed rows (ops/items.h) */
		struct info_rec r;

		rc = ops_info_load_scoped(c, tx, id, &r, e);
		if (rc == 0)
			info_rec_free(&r);
	} else {
		rc = ops_docs_load_scoped(c, tx, kind, id, &rec, e);
	}
	store_rollback(tx);
	store_rec_clear(&rec);
	return rc;
}

int
ops_docs_org_active(struct store_tx *tx, const char *org_id, const char *field, struct qerr *e)
{
	return ops_org_active(tx, org_id, field, e);   /* org_liquidated, Art. 28 */
}

json_t *
ops_docs_json_date(qdate d)
{
	char buf[QDATE_STR_SIZE];

	if (d == QDATE_NONE)
		return json_null();
	return json_string(date_format(d, buf));
}

const char *
ops_docs_str(const json_t *doc, const char *key)
{
	return json_string_value(json_object_get(doc, key));
}

qdate
ops_docs_date(const json_t *doc, const char *key)
{
	const char *s = ops_docs_str(doc, key);
	qdate d;

	if (s == NULL || date_parse(s, &d) != 0)
		return QDATE_NONE;
	return d;
}

bool
ops_docs_bool(const json_t *doc, const char *key, bool dflt)
{
	const json_t *v = json_object_get(doc, key);

	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int
ops_docs_fail(const struct ops_ctx *c, struct store_tx *tx, const char *action,
             const char *object, struct qerr *e)
{
	store_rollback(tx);
	return ops_refuse(c, action, object, e);
}
