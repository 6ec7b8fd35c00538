/*
 * torture_ops.h — the world of the allocation-failure loops over src/ops
 * called without HTTP (test_ops_*_alloc_torture.c): a temporary directory
 * with a database and signing keys, an ops context acting as a cross-org
 * user on 2 March 2026, an audit check after every run and the clean-up.
 * Includes torture.h (the allocator hooks); include it once.
 */
#ifndef QUPIYA_TESTS_TORTURE_OPS_H
#define QUPIYA_TESTS_TORTURE_OPS_H

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
#include "torture.h"
#include "org_row.h"
#include "rmtree.h"
#include "person_put.h"

static char dir[256];
static struct crypto_keys *keys;
static struct ops_ctx ctx;

/* Hooks the allocators and opens the world in a new directory named by
 * prefix under $TMPDIR, acting as user_id; 0 or -1 (said on stderr). */
static int
torture_ops_open(const char *prefix, const char *user_id)
{
	char dbpath[300], keypath[300];
	struct qerr e = {0};

	hooks_install();
	if (crypto_init() != 0)
		return -1;
	snprintf(dir, sizeof dir, "%s/%s-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
	         prefix);
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	snprintf(keypath, sizeof keypath, "%s/keys", dir);
	keys = crypto_keys_create(keypath, e.detail, sizeof e.detail);
	memset(&ctx, 0, sizeof ctx);
	if (keys == NULL || store_open(dbpath, STORE_OPEN_CREATE, &ctx.store, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.detail);
		return -1;
	}
	ctx.audit = audit_log_new(keys, date_from_ymd(2026, 3, 2));
	ctx.keys = keys;
	ctx.today = ctx.effective_date = date_from_ymd(2026, 3, 2);
	q_strlcpy(ctx.actor.user_id, user_id, sizeof ctx.actor.user_id);
	ctx.actor.cross_org = true;
	if (ctx.audit == NULL) {
		fprintf(stderr, "setup failed\n");
		return -1;
	}
	return 0;
}

static void
torture_ops_close(void)
{
	audit_log_free(ctx.audit);
	store_close(ctx.store);
	crypto_keys_free(keys);
	rmtree(dir);
}

/* Whether the audit log verifies; QUPIYA_TORTURE_KEEP keeps the directory
 * of the first failure for a look. */
static bool
audit_ok(void)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int64_t entries = 0, bytes = 0;
	int rc;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return false;
	rc = audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, &entries, &bytes, &e);
	store_rollback(tx);
	if (rc != 0) {
		fprintf(stderr, "audit verify: %s\n", e.detail);
		if (getenv("QUPIYA_TORTURE_KEEP"))
			fprintf(stderr, "kept: %s\n", dir), exit(2);
	}
	return rc == 0;
}

/* One allocation-failure loop over a step: for N = 1, 2, ... up to max,
 * prepare() the run unarmed (its world and the snapshot before; 0 or -1),
 * run() the step with the Nth allocation failing, then whole(arg, ok): the
 * step's effect is there whole when it succeeded (ok) and not at all when
 * it failed. A failure must be a clean 500 or 503 and the audit log must
 * verify after every run. The loop ends at the first N the step no longer
 * reaches (success without the failure having fired). */
struct torture_step {
	const char *name;
	int (*prepare)(void *arg);
	int (*run)(void *arg, struct qerr *e);
	bool (*whole)(void *arg, bool ok);
};

static inline void
torture_loop(const struct torture_step *t, void *arg, long max)
{
	long n, runs = 0, failed = 0;
	bool done = false;

	for (n = 1; n <= max && !done; n++) {
		struct qerr e = {0};
		bool fired;
		int rc;

		if (t->prepare(arg) != 0) {
			fprintf(stderr, "%s N=%ld: setup failed\n", t->name, n);
			CHECK(false);
			return;
		}
		q_alloc_fail_at(n);
		rc = t->run(arg, &e);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		runs++;
		if (rc == 0) {
			if (!t->whole(arg, true)) {
				fprintf(stderr, "%s N=%ld: success stored a partial step\n", t->name, n);
				CHECK(false);
			}
			done = !fired;
		} else {
			failed++;
			if (!(e.status == QERR_INTERNAL || e.status == QERR_UNAVAILABLE) ||
			    !t->whole(arg, false)) {
				fprintf(stderr, "%s N=%ld: status %d %s %s, or something stored\n", t->name,
				        n, e.status, e.code, e.detail);
				CHECK(false);
			}
			if (!fired) {
				fprintf(stderr, "%s N=%ld: failed without an injected failure: %s %s\n",
				        t->name, n, e.code, e.detail);
				CHECK(false);
				done = true;
			}
		}
		if (!audit_ok()) {
			fprintf(stderr, "%s N=%ld: the audit log does not verify\n", t->name, n);
			CHECK(false);
			done = true;
		}
	}
	printf("%s: %ld runs, %ld clean failures, then success untouched\n", t->name, runs,
	       failed);
	CHECK(done);
	CHECK(failed > 0);
}

/* A record of kind (unarmed), state "active", with doc (stolen); its id
 * into id. 0 or -1. */
static inline int
torture_rec_add(const char *kind, const char *org_id, json_t *doc, char id[STORE_ID_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};
	int rc = -1;

	q_strlcpy(r.kind, kind, sizeof r.kind);
	store_id_new(kind, r.id);
	q_strlcpy(r.state, "active", sizeof r.state);
	q_strlcpy(r.org_id, org_id ? org_id : "", sizeof r.org_id);
	if (strcmp(kind, "person") == 0) {   /* a typed row (person_put.h) */
		q_strlcpy(id, r.id, STORE_ID_MAX);
		rc = doc != NULL ? person_put(ctx.store, r.id, org_id, NULL, doc) : -1;
		json_decref(doc);
		return rc;
	}
	r.doc = doc;
	if (r.doc != NULL && store_begin(ctx.store, true, &tx, NULL) == 0) {
		/* kind "org": a typed organization (org_row.h) */
		if ((strcmp(kind, "org") == 0 ? org_row_insert(tx, r.id, "active", doc, NULL)
		                              : store_rec_insert(tx, &r, NULL)) == 0)
			rc = store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(id, r.id, STORE_ID_MAX);
	store_rec_clear(&r);
	return rc;
}

#endif
