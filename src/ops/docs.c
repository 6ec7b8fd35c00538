/*
 * docs.c — the shared steps over JSON record documents (see docs.h).
 */
#include "ops/docs.h"

#include <stdlib.h>
#include <string.h>

#include "ops/items.h"
#include "ops/orgs.h"
#include "ops/persons.h"

struct recs {
	struct store_rec *v;
	size_t n, cap;
	struct qerr *e;
};

static int
recs_cb(void *ctx, const struct store_rec *rec)
{
	struct recs *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct store_rec *p;

		if (cap > OPS_DOCS_MAX)
			return qerr_internal(c->e, "records: too many");
		p = realloc(c->v, cap * sizeof *p);
		if (p == NULL)
			return qerr_internal(c->e, "records: out of memory");
		c->v = p;
		c->cap = cap;
	}
	c->v[c->n] = *rec;
	c->v[c->n].doc = json_incref(rec->doc);
	c->n++;
	return 0;
}

int
ops_docs_load_all(struct store_tx *tx, const struct store_query *q, struct store_rec **out,
              size_t *n, struct qerr *e)
{
	struct recs c = {.e = e};

	*out = NULL;
	*n = 0;
	if (store_rec_walk(tx, q, recs_cb, &c, e) != 0) {
		ops_docs_free_all(c.v, c.n);
		return -1;
	}
	*out = c.v;
	*n = c.n;
	return 0;
}

void
ops_docs_free_all(struct store_rec *recs, size_t n)
{
	if (recs == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		store_rec_clear(&recs[i]);
	free(recs);
}

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
ops_docs_set(json_t *doc, const char *key, json_t *value, struct qerr *e)
{
	if (ops_details_set(doc, key, value) != 0)
		return qerr_internal(e, "record: out of memory");
	return 0;
}

int
ops_docs_set_str(json_t *doc, const char *key, const char *s, struct qerr *e)
{
	return ops_docs_set(doc, key, s != NULL ? json_string(s) : json_null(), e);
}

int
ops_docs_set_date(json_t *doc, const char *key, qdate d, struct qerr *e)
{
	return ops_docs_set(doc, key, ops_docs_json_date(d), e);
}

int
ops_docs_append(json_t *doc, const char *name, json_t *v, struct qerr *e)
{
	json_t *a = json_object_get(doc, name);

	if (v == NULL)
		return qerr_internal(e, "record: out of memory");
	if (!json_is_array(a)) {
		if ((a = json_array()) == NULL || json_object_set_new(doc, name, a) != 0) {
			json_decref(v);
			return qerr_internal(e, "record: out of memory");
		}
	}
	if (json_array_append_new(a, v) != 0)
		return qerr_internal(e, "record: out of memory");
	return 0;
}

int
ops_docs_set_state(struct store_rec *rec, const char *state, struct qerr *e)
{
	q_strlcpy(rec->state, state, sizeof rec->state);
	return ops_docs_set_str(rec->doc, "state", state, e);
}

int
ops_docs_ids_append(json_t *a, const char *s, struct qerr *e)
{
	if (a == NULL)
		return 0;
	if (json_array_append_new(a, json_string(s)) != 0)
		return qerr_internal(e, "record: out of memory");
	return 0;
}

int
ops_docs_commit(const struct ops_ctx *c, struct store_tx **tx, struct store_rec *rec,
               bool insert, const char *action, json_t *details, json_t **out, struct qerr *e)
{
	int rc = insert ? store_rec_insert(*tx, rec, e) : store_rec_update(*tx, rec, e);

	if (rc != 0)
		return -1;
	rc = ops_commit(c, *tx, action, rec->id, details, e);
	*tx = NULL;
	if (rc != 0)
		return -1;
	*out = json_incref(rec->doc);
	return 0;
}

int
ops_docs_fail(const struct ops_ctx *c, struct store_tx *tx, const char *action,
             const char *object, struct qerr *e)
{
	store_rollback(tx);
	return ops_refuse(c, action, object, e);
}
