/*
 * ops_world.h — the world of the unit tests of src/ops called without HTTP
 * (test_ops_*.c): a temporary directory with a database (world_db) and
 * signing keys, an ops context on 2 March 2026, the audit log's size and
 * the clean-up. Include it once, in the test program only.
 */
#ifndef QUPIYA_TESTS_OPS_WORLD_H
#define QUPIYA_TESTS_OPS_WORLD_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "crypto/crypto.h"
#include "ops/ops.h"
#include "store/store.h"
#include "tap.h"
#include "org_row.h"
#include "rmtree.h"
#include "person_put.h"

static char dir[256], world_db[300];

/* The number of audit entries stored, -1 on an error. */
static int64_t
audit_n(struct store *s)
{
	struct store_tx *tx;
	int64_t n = -1;

	if (store_begin(s, false, &tx, NULL) != 0)
		return -1;
	if (store_audit_size(tx, &n, NULL) != 0)
		n = -1;
	store_rollback(tx);
	return n;
}

/* Makes /tmp/qupiya-test-<name>-XXXXXX with keys and the database
 * world_db, both checked (*keys or *s NULL when they failed); -1 when the
 * test cannot start at all. */
static int
ops_world_open(const char *name, struct crypto_keys **keys, struct store **s)
{
	char keypath[300];
	struct qerr e = {0};

	if (crypto_init() != 0)
		return -1;
	snprintf(dir, sizeof dir, "/tmp/qupiya-test-%s-XXXXXX", name);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(world_db, sizeof world_db, "%s/t.db", dir);
	snprintf(keypath, sizeof keypath, "%s/keys", dir);
	*keys = crypto_keys_create(keypath, e.detail, sizeof e.detail);
	CHECK(*keys != NULL);
	CHECK(store_open(world_db, STORE_OPEN_CREATE, s, &e) == 0);
	return 0;
}

/* A context on the world dated 2 March 2026, no actor yet. */
static void
ops_world_ctx(struct ops_ctx *c, struct store *s, struct crypto_keys *keys)
{
	memset(c, 0, sizeof *c);
	c->store = s;
	c->audit = audit_log_new(keys, date_from_ymd(2026, 3, 2));
	c->keys = keys;
	c->today = c->effective_date = date_from_ymd(2026, 3, 2);
}

/* Stores a record (kind, id, org, parent, state) with doc (stolen; its
 * "id" set), checked. For the records not yet in typed tables; a
 * "person" is stored as its typed row (person_put.h), an "org" as a
 * typed organization (org_row.h) described by doc. */
static inline void
ops_world_put(struct store *s, const char *kind, const char *id, const char *org,
              const char *parent, const char *state, json_t *doc)
{
	struct store_tx *tx = NULL;
	struct store_rec r = {0};
	struct qerr e = {0};

	if (strcmp(kind, "person") == 0) {
		CHECK(person_put(s, id, org, state, doc) == 0);
		json_decref(doc);
		return;
	}

	if (strcmp(kind, "org") == 0) {   /* a typed row (org_row.h) */
		CHECK(store_begin(s, true, &tx, &e) == 0);
		CHECK(org_row_insert(tx, id, state, doc, &e) == 0);
		CHECK(store_commit(tx, &e) == 0);
		json_decref(doc);
		return;
	}
	q_strlcpy(r.kind, kind, sizeof r.kind);
	q_strlcpy(r.id, id, sizeof r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.parent_id, parent, sizeof r.parent_id);
	q_strlcpy(r.state, state, sizeof r.state);
	CHECK(doc != NULL && json_object_set_new(doc, "id", json_string(id)) == 0);
	r.doc = doc;
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	store_rec_clear(&r);
}

/* The audit log verifies and holds every entry stored. */
static inline void
ops_world_verify(struct store *s, const struct crypto_keys *keys)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int64_t entries = 0, bytes = 0;

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, &entries,
	                   &bytes, &e) == 0);
	store_rollback(tx);
	CHECK(entries == audit_n(s));
}

static void
ops_world_close(struct ops_ctx *c, struct store *s, struct crypto_keys *keys)
{
	audit_log_free(c->audit);
	store_close(s);
	crypto_keys_free(keys);
	rmtree(dir);
}

#endif
