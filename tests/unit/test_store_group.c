/*
 * test_store_group.c — group commit (store.h, "Group commit";
 * store/store_group.c): writers that wait for the write lock share the
 * holder's transaction, each in its savepoint, and one COMMIT.
 *
 *   1. handed on: while the main thread holds a write tx, 12 writers queue;
 *      its commit hands the transaction on and they all run in it: some
 *      keep their write, some are refused (rolled back after writing: their
 *      savepoint alone), some fail a statement (a duplicate audit seq, then
 *      roll back); exactly the kept ones are there, in fewer COMMITs than
 *      operations, and each kept writer sees its write once store_commit
 *      returned; store_begin_try is "busy" meanwhile; a batch waiting is
 *      not handed the group's tx and commits alone;
 *   2. many threads: 12 threads x 150 writes with a random third refused or
 *      failed; exactly the acknowledged ones are there, the audit log has
 *      one entry per acknowledged write and verifies;
 *   3. the COMMIT fails (a deferred foreign key, made by the test, is only
 *      checked there): every member of the group gets the error and none
 *      of their writes is there;
 *   4. QUPIYA_GROUP_COMMIT=1: the same without grouping (one COMMIT each).
 * With QUPIYA_TEST_PG (a PostgreSQL cluster's URL: ctest sets it when
 * the PostgreSQL tests run) all of it runs again on a scratch database
 * there (pg_scratch.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "crypto/crypto.h"
#include "store/db.h"   /* store_exec: a deferred constraint for case 3 */
#include "store/store.h"
#include "pg_scratch.h"
#include "rmtree.h"
#include "tap.h"

#define QUEUED   12
#define THREADS  12
#define PER      150

static struct store *S;
static struct audit_log *LOG;
static struct crypto_keys *KEYS;

enum { KEEP, REFUSE, FAIL, POISON };

/* One operation: a meta row "k<id>" and its audit entry; kept, refused
 * (rolled back after writing) or failed (a statement error, then rolled
 * back). 0 when acknowledged (store_commit returned 0). */
static int
op(int id, int how, struct qerr *e)
{
	struct store_tx *tx;
	struct audit_event ev = {.actor = "system", .action = "test.group", .outcome = "ok"};
	char key[32], val[32];
	uint8_t leaf[STORE_HASH_SIZE] = {0};

	snprintf(key, sizeof key, "k%d", id);
	snprintf(val, sizeof val, "v%d", id);
	ev.object = key;
	if (store_begin(S, true, &tx, e) != 0)
		return -1;
	if (store_meta_set(tx, key, val, e) != 0 || audit_append(LOG, tx, &ev, NULL, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (how == FAIL && store_audit_insert(tx, 0, "{}", 2, leaf, e) == 0)
		how = REFUSE;   /* never: seq 0 is taken */
	if (how == POISON && store_exec(tx, "INSERT INTO gt_child(p) VALUES (99)") != DB_OK)
		how = REFUSE;   /* never: the key is checked at COMMIT */
	if (how == POISON)
		how = KEEP;
	if (how != KEEP) {
		store_rollback(tx);
		return 1;
	}
	return store_commit(tx, e);
}

/* The value of meta key k<id>, "" when absent, in a new read tx. */
static void
value(int id, char *buf, size_t n)
{
	struct store_tx *tx;
	struct qerr e = {0};
	char key[32];

	snprintf(key, sizeof key, "k%d", id);
	buf[0] = '\0';
	if (store_begin(S, false, &tx, &e) == 0) {
		(void)store_meta_get(tx, key, buf, n, &e);
		store_rollback(tx);
	}
}

static int
audit_size(void)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int64_t n = -1;

	if (store_begin(S, false, &tx, &e) == 0) {
		(void)store_audit_size(tx, &n, &e);
		store_rollback(tx);
	}
	return (int)n;
}

static int
verify(void)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int64_t entries = 0, bytes = 0;
	int rc;

	if (store_begin(S, false, &tx, &e) != 0)
		return -1;
	rc = audit_verify(tx, (const uint8_t (*)[32])KEYS->pks, KEYS->npk, NULL, NULL,
	                  &entries, &bytes, &e);
	store_rollback(tx);
	if (rc != 0)
		fprintf(stderr, "audit verify: %s\n", e.detail);
	return rc;
}

/* ---- 1. handed on ------------------------------------------------------- */

/* Waits (up to 5 s) until n writers wait for the write lock. */
static bool
all_waiting(int n)
{
	struct store_group_stats st;

	for (int i = 0; i < 500; i++) {
		store_group_stats(S, &st);
		if (st.waiting == n)
			return true;
		usleep(10 * 1000);
	}
	return false;
}

struct queued {
	pthread_t th;
	int id, how, rc;
	char seen[32];      /* the value a read saw right after the commit */
};

static void *
queued_run(void *arg)
{
	struct queued *q = arg;
	struct qerr e = {0};

	q->rc = op(q->id, q->how, &e);
	if (q->rc == 0)
		value(q->id, q->seen, sizeof q->seen);
	return NULL;
}

static atomic_int batch_rc = -9;
static char batch_saw_tag[16];

static void *
batch_run(void *arg)
{
	struct qerr e = {0};
	struct store_tx *tx;
	const char *tag = "";
	long line;
	int rc;

	(void)arg;
	rc = store_batch_begin(S, "import", &e);
	if (rc == 0 && store_begin(S, true, &tx, &e) == 0) {
		if (store_tx_batch(tx, &tag, &line))
			snprintf(batch_saw_tag, sizeof batch_saw_tag, "%s", tag);
		rc = store_meta_set(tx, "batch", "1", &e);
		rc = rc == 0 ? store_commit(tx, &e) : -1;
		rc = store_batch_end(S, rc == 0, &e) == 0 ? rc : -1;
	}
	atomic_store(&batch_rc, rc);
	return NULL;
}

static void
test_handed_on(void)
{
	struct queued q[QUEUED];
	struct store_group_stats before, after;
	struct store_tx *tx, *t2;
	struct qerr e = {0};
	pthread_t bt;
	char buf[32];
	int size0 = audit_size(), kept = 0;

	store_group_stats(S, &before);
	CHECK(op(1000, KEEP, &e) == 0);   /* the holder's own write */
	CHECK(store_begin(S, true, &tx, &e) == 0);
	CHECK(store_meta_set(tx, "holder", "1", &e) == 0);
	for (int i = 0; i < QUEUED; i++) {
		q[i] = (struct queued){.id = 1 + i, .how = i % 4 == 1 ? REFUSE : i % 4 == 3 ? FAIL : KEEP};
		kept += q[i].how == KEEP;
		CHECK(pthread_create(&q[i].th, NULL, queued_run, &q[i]) == 0);
	}
	CHECK(all_waiting(QUEUED));
	/* a reader's housekeeping never waits */
	CHECK(store_begin_try(S, &t2, &e) == -1 && strcmp(e.code, "busy") == 0);
	CHECK(store_commit(tx, &e) == 0);
	for (int i = 0; i < QUEUED; i++)
		pthread_join(q[i].th, NULL);
	store_group_stats(S, &after);
	for (int i = 0; i < QUEUED; i++) {
		char want[32];

		snprintf(want, sizeof want, "v%d", q[i].id);
		value(q[i].id, buf, sizeof buf);
		if (q[i].how == KEEP) {
			CHECK(q[i].rc == 0);
			CHECK_STR(q[i].seen, want);   /* visible once acknowledged */
			CHECK_STR(buf, want);
		} else {
			CHECK(q[i].rc == 1);
			CHECK_STR(buf, "");
		}
	}
	value(1000, buf, sizeof buf);
	CHECK_STR(buf, "v1000");
	/* the holder and the kept writers: one entry each (the holder's tx
	 * wrote none), in fewer COMMITs than operations */
	CHECK(audit_size() == size0 + 1 + kept);
	CHECK(after.ops - before.ops == 1 + 1 + kept);
	CHECK(after.commits - before.commits < after.ops - before.ops);
	CHECK(after.max_ops >= 2);

	/* a batch waiting is never handed the group's transaction */
	CHECK(store_begin(S, true, &tx, &e) == 0);
	CHECK(pthread_create(&bt, NULL, batch_run, NULL) == 0);
	for (int i = 0; i < QUEUED; i++) {
		q[i] = (struct queued){.id = 100 + i, .how = KEEP};
		CHECK(pthread_create(&q[i].th, NULL, queued_run, &q[i]) == 0);
	}
	CHECK(all_waiting(QUEUED + 1));
	CHECK(store_commit(tx, &e) == 0);
	pthread_join(bt, NULL);
	for (int i = 0; i < QUEUED; i++) {
		pthread_join(q[i].th, NULL);
		CHECK(q[i].rc == 0);
	}
	CHECK(atomic_load(&batch_rc) == 0);
	CHECK_STR(batch_saw_tag, "import");
	{
		struct store_tx *r;

		CHECK(store_begin(S, false, &r, &e) == 0);
		CHECK(store_meta_get(r, "batch", buf, sizeof buf, &e) == 0);
		store_rollback(r);
		CHECK_STR(buf, "1");
	}
	CHECK(verify() == 0);
}

/* ---- 3. the COMMIT fails ------------------------------------------------- */

static void
test_commit_fails(void)
{
	struct queued q[QUEUED];
	struct store_tx *tx;
	struct qerr e = {0};
	char buf[32];
	int size0;

	CHECK(store_begin(S, true, &tx, &e) == 0);
	CHECK(store_exec(tx, "CREATE TABLE gt_parent(id INTEGER PRIMARY KEY);"
	                     " CREATE TABLE gt_child(p INTEGER REFERENCES gt_parent(id)"
	                     " DEFERRABLE INITIALLY DEFERRED)") == DB_OK);
	CHECK(store_commit(tx, &e) == 0);
	size0 = audit_size();
	CHECK(store_begin(S, true, &tx, &e) == 0);
	CHECK(store_meta_set(tx, "holder2", "1", &e) == 0);
	for (int i = 0; i < QUEUED; i++) {
		q[i] = (struct queued){.id = 500 + i, .how = i == 5 ? POISON : i % 4 == 1 ? REFUSE : KEEP};
		CHECK(pthread_create(&q[i].th, NULL, queued_run, &q[i]) == 0);
	}
	CHECK(all_waiting(QUEUED));
	/* the holder's group takes the queued writers (or, when it is too old
	 * to be extended, they form groups of their own); the group with the
	 * poison fails whole, the holder too when it is in it */
	{
		int hrc = store_commit(tx, &e);
		int failed = hrc != 0, kept = 0;

		for (int i = 0; i < QUEUED; i++)
			pthread_join(q[i].th, NULL);
		{
			struct store_tx *r;

			buf[0] = '\0';
			CHECK(store_begin(S, false, &r, &e) == 0);
			CHECK(store_meta_get(r, "holder2", buf, sizeof buf, &e) == 0);
			store_rollback(r);
			CHECK(strcmp(buf, hrc == 0 ? "1" : "") == 0);
		}

		for (int i = 0; i < QUEUED; i++) {
			value(q[i].id, buf, sizeof buf);
			if (q[i].how == REFUSE) {
				CHECK(q[i].rc == 1 && buf[0] == '\0');
			} else if (q[i].rc == 0) {
				kept++;
				CHECK(buf[0] == 'v');
			} else {
				failed++;
				CHECK(q[i].rc == -1 && buf[0] == '\0');
			}
		}
		/* the poisoned writer failed, and with it every member of its
		 * group: more than itself when it was not alone */
		CHECK(q[5].rc == -1);
		CHECK(failed >= 1);
		CHECK(audit_size() == size0 + kept);
		printf("commit fails: %d failed with the group, %d kept\n", failed, kept);
	}
	CHECK(verify() == 0);
}

/* ---- 2. many threads ------------------------------------------------------ */

struct worker {
	pthread_t th;
	int base;
	unsigned seed;
	int how[PER], rc[PER];
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < PER; i++) {
		struct qerr e = {0};
		int r = (int)(rand_r(&w->seed) % 6);

		w->how[i] = r == 0 ? REFUSE : r == 1 ? FAIL : KEEP;
		w->rc[i] = op(w->base + i, w->how[i], &e);
		if (w->rc[i] < 0)
			fprintf(stderr, "op %d: %s %s\n", w->base + i, e.code, e.detail);
	}
	return NULL;
}

static void
test_many(const char *what, int offset)
{
	static struct worker w[THREADS];
	struct store_group_stats before, after;
	int size0 = audit_size(), acked = 0, bad = 0;

	store_group_stats(S, &before);
	for (int t = 0; t < THREADS; t++) {
		w[t].base = offset + 1000 * (t + 1);
		w[t].seed = (unsigned)(t * 7919 + 17);
		CHECK(pthread_create(&w[t].th, NULL, worker_run, &w[t]) == 0);
	}
	for (int t = 0; t < THREADS; t++)
		pthread_join(w[t].th, NULL);
	store_group_stats(S, &after);
	for (int t = 0; t < THREADS; t++)
		for (int i = 0; i < PER; i++) {
			char buf[32], want[32];
			bool ok = w[t].how[i] == KEEP ? w[t].rc[i] == 0 : w[t].rc[i] == 1;

			snprintf(want, sizeof want, "v%d", w[t].base + i);
			value(w[t].base + i, buf, sizeof buf);
			ok = ok && strcmp(buf, w[t].rc[i] == 0 ? want : "") == 0;
			acked += w[t].rc[i] == 0;
			bad += !ok;
		}
	CHECK(bad == 0);
	CHECK(audit_size() == size0 + acked);
	CHECK(after.ops - before.ops == acked);
	printf("%s: %d acknowledged of %d, in %lld COMMITs (largest group %lld)\n", what, acked,
	       THREADS * PER, (long long)(after.commits - before.commits),
	       (long long)after.max_ops);
	CHECK(verify() == 0);
}

static int
run(const char *conn)
{
	struct qerr e = {0};

	if (store_open(conn, STORE_OPEN_CREATE, &S, &e) != 0) {
		fprintf(stderr, "open %s: %s %s\n", conn, e.code, e.detail);
		return -1;
	}
	test_handed_on();
	test_many("grouped", 10000);
	test_commit_fails();
	store_close(S);
	/* without grouping: the same answers */
	setenv("QUPIYA_GROUP_COMMIT", "1", 1);
	CHECK(store_open(conn, STORE_OPEN_EXISTING, &S, &e) == 0);
	unsetenv("QUPIYA_GROUP_COMMIT");
	if (S == NULL)
		return -1;
	{
		struct store_group_stats st;

		test_many("one by one", 100000);
		store_group_stats(S, &st);
		CHECK(st.max_ops == 1);
	}
	store_close(S);
	return 0;
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-group-XXXXXX";
	char db[300], keypath[300], err[256], pgdb[64], pgurl[1024];
	const char *pg = getenv("QUPIYA_TEST_PG");

	if (crypto_init() != 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof db, "%s/q.db", dir);
	snprintf(keypath, sizeof keypath, "%s/keys", dir);
	KEYS = crypto_keys_create(keypath, err, sizeof err);
	CHECK(KEYS != NULL);
	LOG = KEYS != NULL ? audit_log_new(KEYS, QDATE_NONE) : NULL;
	if (LOG != NULL) {
		CHECK(run(db) == 0);
		if (pg != NULL && pg[0] != '\0' &&
		    pg_scratch_create(pg, "qt_group", pgdb, sizeof pgdb, pgurl, sizeof pgurl) == 0) {
			CHECK(run(pgurl) == 0);
			CHECK(pg_scratch_drop(pg, pgdb) == 0);
		}
	}
	audit_log_free(LOG);
	crypto_keys_free(KEYS);
	rmtree(dir);
	return tap_done();
}
