/*
 * test_ops_classify_alloc_torture.c — the allocation-failure loop (issue
 * 11, deliverable 4; the manner of test_ops_alloc_torture.c) over the
 * classification procedures of src/ops/classify.c called without HTTP:
 * ops_classifier_register (a typed row with heap strings: the person's
 * name and position as registered).
 *
 * For N = 1, 2, ... the Nth allocation of the step fails; every allocator
 * of the process is hooked (jansson, SQLite, qupiya's own through the
 * linker's --wrap). Each run must end either in success with exactly one
 * classifier row and one audit entry stored, or in a clean error (500,
 * 503) with nothing stored; after every run audit_verify must pass. The
 * loop ends at the first N the step no longer reaches.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "core/alloc.h"
#include "crypto/crypto.h"
#include "ops/classify.h"
#include "store/tables_classify.h"
#include "tap.h"

/* ---- every allocator through the counter ------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t c, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t c, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n) { return q_alloc_should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t c, size_t n) { return q_alloc_should_fail() ? NULL : __real_calloc(c, n); }
void *__wrap_realloc(void *p, size_t n) { return q_alloc_should_fail() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return q_alloc_should_fail() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return q_alloc_should_fail() ? NULL : __real_strndup(s, n); }

static void *
json_alloc(size_t n)
{
	return q_alloc_should_fail() ? NULL : __real_malloc(n);
}

static void
json_release(void *p)
{
	free(p);
}

static sqlite3_mem_methods sqlite_default;

static void *
sqlite_alloc(int n)
{
	return q_alloc_should_fail() ? NULL : sqlite_default.xMalloc(n);
}

static void *
sqlite_realloc(void *p, int n)
{
	return q_alloc_should_fail() ? NULL : sqlite_default.xRealloc(p, n);
}

static void
hooks_install(void)
{
	sqlite3_mem_methods m;

	json_set_alloc_funcs(json_alloc, json_release);
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) != SQLITE_OK) {
		fprintf(stderr, "SQLITE_CONFIG_GETMALLOC failed\n");
		exit(1);
	}
	m = sqlite_default;
	m.xMalloc = sqlite_alloc;
	m.xRealloc = sqlite_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
		fprintf(stderr, "SQLITE_CONFIG_MALLOC failed\n");
		exit(1);
	}
}

/* ---- the world ---------------------------------------------------------- */

static char dir[256];
static struct crypto_keys *keys;
static struct ops_ctx ctx;
static char body[STORE_ID_MAX];

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

/* A record (unarmed): a state body, or one of its officials. */
static int
rec_add(const char *kind, const char *org_id, json_t *doc, char id[STORE_ID_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};
	int rc = -1;

	q_strlcpy(r.kind, kind, sizeof r.kind);
	store_id_new(kind, r.id);
	q_strlcpy(r.state, "active", sizeof r.state);
	q_strlcpy(r.org_id, org_id ? org_id : "", sizeof r.org_id);
	r.doc = doc;
	if (r.doc != NULL && store_begin(ctx.store, true, &tx, NULL) == 0) {
		if (store_rec_insert(tx, &r, NULL) == 0)
			rc = store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(id, r.id, STORE_ID_MAX);
	store_rec_clear(&r);
	return rc;
}

struct snap {
	int64_t classifiers, audit;
};

static int
snap_take(struct snap *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int rc = 0;

	if (store_begin(ctx.store, false, &tx, &e) != 0)
		return -1;
	s->classifiers = store_row_count(tx, &store_classifier_table, NULL, 0, &e);
	if (s->classifiers < 0 || store_audit_size(tx, &s->audit, &e) != 0)
		rc = -1;
	store_rollback(tx);
	return rc;
}

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
	if (rc != 0)
		fprintf(stderr, "audit verify: %s\n", e.detail);
	return rc == 0;
}

static void
torture(long max)
{
	long n, runs = 0, failed = 0;
	bool done = false;

	for (n = 1; n <= max && !done; n++) {
		char person[STORE_ID_MAX];
		struct snap before, after;
		struct ops_classifier_args a = {.org_id = body, .person_id = person};
		struct classifier_rec k;
		struct qerr e = {0};
		bool fired;
		int rc;

		if (rec_add("person", body,
		            json_pack("{s:s, s:s}", "full_name", "Official", "position", "Director"),
		            person) != 0 ||
		    snap_take(&before) != 0) {
			CHECK(!"setup failed");
			return;
		}
		q_alloc_fail_at(n);
		rc = ops_classifier_register(&ctx, &a, &k, &e);
		fired = q_alloc_fired();
		q_alloc_fail_at(0);
		runs++;
		if (snap_take(&after) != 0) {
			CHECK(!"snapshot failed");
			return;
		}
		if (rc == 0) {
			if (after.classifiers != before.classifiers + 1 ||
			    after.audit != before.audit + 1 || k.full_name == NULL ||
			    k.position == NULL) {
				fprintf(stderr, "N=%ld: success stored a partial step\n", n);
				CHECK(false);
			}
			classifier_rec_free(&k);
			done = !fired;
		} else {
			failed++;
			if (!(e.status == QERR_INTERNAL || e.status == QERR_UNAVAILABLE) ||
			    after.classifiers != before.classifiers || after.audit != before.audit) {
				fprintf(stderr, "N=%ld: status %d %s, rows %lld/%lld -> %lld/%lld\n", n,
				        e.status, e.code, (long long)before.classifiers,
				        (long long)before.audit, (long long)after.classifiers,
				        (long long)after.audit);
				CHECK(false);
			}
			if (!fired) {
				fprintf(stderr, "N=%ld: failed without an injected failure: %s %s\n", n,
				        e.code, e.detail);
				CHECK(false);
				done = true;
			}
		}
		if (!audit_ok()) {
			fprintf(stderr, "N=%ld: the audit log does not verify\n", n);
			CHECK(false);
			done = true;
		}
	}
	printf("ops_classifier_register: %ld runs, %ld clean failures, then success untouched\n",
	       runs, failed);
	CHECK(done);
	CHECK(failed > 0);
}

int
main(void)
{
	char dbpath[300], keypath[300];
	struct qerr e = {0};
	long max = getenv("QUPIYA_TORTURE_MAX") ? atol(getenv("QUPIYA_TORTURE_MAX")) : 100000;

	hooks_install();
	if (crypto_init() != 0)
		return 1;
	snprintf(dir, sizeof dir, "%s/qupiya-ops-cls-torture-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	snprintf(keypath, sizeof keypath, "%s/keys", dir);
	keys = crypto_keys_create(keypath, e.detail, sizeof e.detail);
	memset(&ctx, 0, sizeof ctx);
	if (keys == NULL || store_open(dbpath, STORE_OPEN_CREATE, &ctx.store, &e) != 0) {
		fprintf(stderr, "setup: %s\n", e.detail);
		return 1;
	}
	ctx.audit = audit_log_new(keys, date_from_ymd(2026, 3, 2));
	ctx.keys = keys;
	ctx.today = ctx.effective_date = date_from_ymd(2026, 3, 2);
	q_strlcpy(ctx.actor.user_id, "user_admin", sizeof ctx.actor.user_id);
	ctx.actor.cross_org = true;
	if (ctx.audit == NULL ||
	    rec_add("org", NULL, json_pack("{s:s}", "kind", "state_body"), body) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}

	torture(max);

	audit_log_free(ctx.audit);
	store_close(ctx.store);
	crypto_keys_free(keys);
	rmtree(dir);
	return tap_done();
}
