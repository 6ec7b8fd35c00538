/*
 * jrec.c — reading and building the JSON documents of the record table
 * (see jrec.h). Every jansson call's result is checked here.
 */
#include "ops/jrec.h"

#include <string.h>

#include "core/transfer.h"
#include "ops/ops.h"

bool
jrec_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool
jrec_has_str(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (jrec_same(json_string_value(v), s))
			return true;
	return false;
}

int
jrec_append(json_t *a, json_t *v)
{
	if (a == NULL || v == NULL) {
		json_decref(v);
		return -1;
	}
	return json_array_append_new(a, v) == 0 ? 0 : -1;
}

json_t *
jrec_array(json_t *doc, const char *name)
{
	json_t *a = json_object_get(doc, name);

	if (json_is_array(a))
		return a;
	a = json_array();
	if (ops_details_set(doc, name, a) != 0)
		return NULL;
	return a;
}

json_t *
jrec_ids_json(const struct ops_ids *ids)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < ids->n; i++) {
		if (jrec_append(a, json_string(ids->v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *
jrec_ints_json(const int *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++) {
		if (jrec_append(a, json_integer(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

int
jrec_step(const struct ops_ctx *c, const char *kind, const char *id, jrec_scope_fn scope,
          const struct qerr *input, jrec_apply_fn apply, const void *arg, const char *action,
          struct store_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (store_rec_get(tx, kind, id, out, e) != 0 || scope(c, tx, out, e) != 0)
		goto fail;
	if (input != NULL && qerr_is_set(input)) {
		*e = *input;
		goto fail;
	}
	if (apply(c, tx, out, arg, e) != 0 || store_rec_update(tx, out, e) != 0)
		goto fail;
	if (ops_commit(c, tx, action, out->id, NULL, e) != 0) {
		store_rec_clear(out);
		return -1;
	}
	return 0;
fail:
	store_rollback(tx);
	store_rec_clear(out);
	return ops_refuse(c, action, NULL, e);
}

int
jrec_get(const struct ops_ctx *c, const char *kind, const char *id, jrec_scope_fn scope,
         struct store_rec *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = store_rec_get(tx, kind, id, out, e);
	if (rc == 0)
		rc = scope(c, tx, out, e);
	store_rollback(tx);
	if (rc != 0)
		store_rec_clear(out);
	return rc;
}

int
jrec_scope_owner(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
                 struct qerr *e)
{
	(void)tx;
	return ops_scope(c, rec->org_id, e);
}

void
jrec_head(struct store_rec *rec, const char *kind, const char *prefix, const char *org_id,
          const char *parent_id, const char *state)
{
	q_strlcpy(rec->kind, kind, sizeof rec->kind);
	store_id_new(prefix, rec->id);
	q_strlcpy(rec->org_id, org_id, sizeof rec->org_id);
	q_strlcpy(rec->parent_id, parent_id != NULL ? parent_id : "", sizeof rec->parent_id);
	q_strlcpy(rec->state, state, sizeof rec->state);
}

int
jrec_create(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *rec,
            const char *action, struct qerr *e)
{
	if (rec->doc == NULL) {
		store_rollback(tx);
		return qerr_internal(e, "record: out of memory");
	}
	if (store_rec_insert(tx, rec, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	return ops_commit(c, tx, action, rec->id, NULL, e);
}
