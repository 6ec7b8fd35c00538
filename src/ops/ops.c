/*
 * ops.c — the common frame of every procedure (ops.h): scope, the step's
 * transaction, its audited commit, the one refusal path and the retry of a
 * step that met a transient conflict.
 *
 * Owns: nothing past a call. A step's transaction is consumed by
 * ops_commit() (committed or rolled back), never left open.
 *
 * Invariants: a refusal (QERR_RULE) leaves here either recorded in the
 * audit log (e->audited) or turned into 503 "audit_unavailable"; an
 * "ok" entry is only ever written in the transaction of the change it
 * records.
 */
#include "ops/ops.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "audit/auditlog.h"
#include "ops/access_index.h"

int
ops_scope(const struct ops_ctx *c, const char *org_id, struct qerr *e)
{
	if (c->actor.cross_org)
		return 0;
	if (org_id != NULL && org_id[0] != '\0' && strcmp(org_id, c->actor.org_id) == 0)
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

int
ops_begin(const struct ops_ctx *c, bool write, struct store_tx **tx, struct qerr *e)
{
	return store_begin(c->store, write, tx, e);
}

const char *
ops_actor_name(const struct ops_ctx *c)
{
	return c->actor.user_id[0] != '\0' ? c->actor.user_id : "anonymous";
}

int
ops_commit(const struct ops_ctx *c, struct store_tx *tx, const char *action,
           const char *object, json_t *details, struct qerr *e)
{
	struct audit_event ev = {
		.actor = ops_actor_name(c),
		.action = action,
		.object = object,
		.outcome = "ok",
		.address = c->address,
		.effective_date = c->effective_date,
		.details = details,
	};

	if (audit_append(c->audit, tx, &ev, NULL, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (store_commit(tx, e) != 0)   /* frees tx either way */
		return -1;
	access_index_committed();       /* the index applies it (access_index.c) */
	return 0;
}

int
ops_refuse(const struct ops_ctx *c, const char *action, const char *object,
           struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct qerr ae = {0};
	struct audit_event ev = {0};

	if (e == NULL || e->status != QERR_RULE || e->audited)
		return -1;
	ev.actor = ops_actor_name(c);
	ev.action = c->origin[0] != '\0' ? c->origin : action;
	ev.object = c->origin[0] != '\0' ? (c->subject[0] != '\0' ? c->subject : NULL) : object;
	ev.outcome = "refused";
	ev.code = e->code;
	ev.article = e->article[0] ? e->article : NULL;
	ev.address = c->address;
	ev.effective_date = c->today;
	/* The untranslated detail stays in the log, as the router keeps it. */
	if (e->detail[0] != '\0' &&
	    (ev.details = json_pack("{s:s}", "detail", e->detail)) == NULL) {
		q_strlcpy(ae.detail, "out of memory", sizeof ae.detail);
		goto fail;
	}
	if (store_begin(c->store, true, &tx, &ae) != 0)
		goto fail;
	if (audit_append(c->audit, tx, &ev, NULL, &ae) != 0) {
		store_rollback(tx);
		goto fail;
	}
	if (store_commit(tx, &ae) != 0)
		goto fail;
	json_decref(ev.details);
	e->audited = true;
	return -1;
fail:
	json_decref(ev.details);
	fprintf(stderr, "qupiya: audit of refusal failed: %s\n", ae.detail);
	qerr_clear(e);
	qerr_set(e, QERR_UNAVAILABLE, "audit_unavailable", NULL, NULL);
	return -1;
}

static bool
transient(const struct qerr *e)
{
	return e->status == QERR_CONFLICT &&
	       (strcmp(e->code, "retry") == 0 || strcmp(e->code, "conflict") == 0);
}

int
ops_run(const struct ops_ctx *c, ops_step_fn step, const void *args, void *result,
        struct qerr *e)
{
	struct qerr le = {0};
	int rc = -1;

	for (int i = 0; i < OPS_RETRY_MAX; i++) {
		qerr_clear(&le);
		rc = step(c, args, result, &le);
		if (rc == 0 || !transient(&le))
			break;
	}
	if (rc != 0 && e != NULL)
		*e = le;
	return rc;
}

int
ops_details_set(json_t *o, const char *key, json_t *value)
{
	if (o == NULL || value == NULL) {
		json_decref(value);
		return -1;
	}
	return json_object_set_new(o, key, value) == 0 ? 0 : -1;
}

int
ops_details_str(json_t *o, const char *key, const char *s)
{
	return ops_details_set(o, key, s != NULL && s[0] != '\0' ? json_string(s) : json_null());
}

int
ops_details_date(json_t *o, const char *key, qdate d)
{
	char buf[QDATE_STR_SIZE];

	return ops_details_set(o, key, d != QDATE_NONE ? json_string(date_format(d, buf))
	                                               : json_null());
}

int
ops_details_ids(json_t *o, const char *key, const char (*ids)[STORE_ID_MAX], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(ids[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	return ops_details_set(o, key, a);
}

json_t *
ops_details_new(void)
{
	return json_object();
}
