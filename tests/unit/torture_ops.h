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
#include "torture.h"

static char dir[256];
static struct crypto_keys *keys;
static struct ops_ctx ctx;

static void
rmtree(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	char p[512];

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", d, de->d_name);
		unlink(p);
	}
	closedir(dp);
	rmdir(d);
}

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

#endif
