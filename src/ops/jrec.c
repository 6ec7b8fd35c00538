/*
 * jrec.c — reading and building the JSON documents of the record table
 * (see jrec.h). Every jansson call's result is checked here.
 */
#include "ops/jrec.h"

#include <string.h>

#include "core/transfer.h"

const char *
jrec_str(const json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

qdate
jrec_date(const json_t *obj, const char *name)
{
	qdate d;
	const char *s = jrec_str(obj, name);

	return s != NULL && date_parse(s, &d) == 0 ? d : QDATE_NONE;
}

bool
jrec_bool(const json_t *obj, const char *name, bool dflt)
{
	json_t *v = json_object_get(obj, name);

	return json_is_boolean(v) ? json_is_true(v) : dflt;
}

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

json_t *
jrec_date_json(qdate d)
{
	char buf[QDATE_STR_SIZE];

	return d == QDATE_NONE ? json_null() : json_string(date_format(d, buf));
}

int
jrec_set(json_t *o, const char *key, json_t *v)
{
	if (o == NULL || v == NULL) {
		json_decref(v);
		return -1;
	}
	return json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

int
jrec_set_str(json_t *o, const char *key, const char *s)
{
	return jrec_set(o, key, s != NULL ? json_string(s) : json_null());
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
	if (jrec_set(doc, name, a) != 0)
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
jrec_load(struct store_tx *tx, const char *kind, const char *id, struct store_rec *out,
          const char *field, struct qerr *e)
{
	if (store_rec_get(tx, kind, id, out, e) == 0)
		return 0;
	if (e->status == QERR_NOT_FOUND && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

int
jrec_org_active(struct store_tx *tx, const char *org_id, const char *field, struct qerr *e)
{
	struct store_rec org = {0};
	int rc;

	if (jrec_load(tx, "org", org_id, &org, field, e) != 0)
		return -1;
	rc = transfer_org_active_check(org.state, e);   /* org_liquidated, Art. 28 */
	if (rc != 0 && field != NULL)
		q_strlcpy(e->field, field, sizeof e->field);
	store_rec_clear(&org);
	return rc;
}

int
jrec_set_state(struct store_rec *rec, const char *state)
{
	q_strlcpy(rec->state, state, sizeof rec->state);
	return jrec_set(rec->doc, "state", json_string(rec->state));
}
