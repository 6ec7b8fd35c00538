/*
 * test_store_batch.c — batches of the store (store.h, used by imports): a
 * store_begin() inside the thread's batch is a savepoint — kept on commit,
 * undone on rollback while the steps before it stay; the batch commits
 * whole or not at all; a savepoint left open is never committed; another
 * thread's writer waits for the batch's end; store_tx_batch() tells the
 * tag and line only inside the batch.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "store/store.h"
#include "tap.h"

static char dir[256];
static struct store *S;
static atomic_int batch_over, writer_done_early;

static int
put(const char *k, const char *v, bool keep)
{
	struct store_tx *tx;
	struct qerr e = {0};

	if (store_begin(S, true, &tx, &e) != 0 || store_meta_set(tx, k, v, &e) != 0)
		return -1;
	if (keep)
		return store_commit(tx, &e);
	store_rollback(tx);
	return 0;
}

static void
want(const char *k, const char *v)
{
	struct store_tx *tx;
	struct qerr e = {0};
	char buf[64] = "?";

	CHECK(store_begin(S, false, &tx, &e) == 0);
	CHECK(store_meta_get(tx, k, buf, sizeof buf, &e) == 0);
	store_rollback(tx);
	CHECK_STR(buf, v);
}

static void *
writer(void *arg)
{
	(void)arg;
	if (put("from_thread", "1", true) == 0 && !atomic_load(&batch_over))
		atomic_store(&writer_done_early, 1);
	return NULL;
}

int
main(void)
{
	struct qerr e = {0};
	struct store_tx *tx, *inner;
	const char *tag;
	long line;
	char db[300];
	pthread_t th;

	if (crypto_init() != 0)
		return 1;
	snprintf(dir, sizeof dir, "/tmp/qupiya-batch-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof db, "%s/q.db", dir);
	CHECK(store_open(db, STORE_OPEN_CREATE, &S, &e) == 0);

	/* savepoints: kept, undone, nested */
	CHECK(store_batch_begin(S, "import", &e) == 0);
	store_batch_line(S, 7);
	CHECK(put("a", "1", true) == 0);
	CHECK(put("b", "2", false) == 0);
	CHECK(store_begin(S, true, &tx, &e) == 0);
	CHECK(store_tx_batch(tx, &tag, &line) && strcmp(tag, "import") == 0 && line == 7);
	CHECK(store_meta_set(tx, "c", "3", &e) == 0);
	CHECK(store_begin(S, true, &inner, &e) == 0);
	CHECK(store_meta_set(inner, "d", "4", &e) == 0);
	store_rollback(inner);
	CHECK(store_commit(tx, &e) == 0);
	want("a", "1");
	want("b", "");
	want("c", "3");
	want("d", "");
	/* another thread's writer waits for the batch */
	CHECK(pthread_create(&th, NULL, writer, NULL) == 0);
	usleep(200 * 1000);
	atomic_store(&batch_over, 1);
	CHECK(store_batch_end(S, true, &e) == 0);
	pthread_join(th, NULL);
	CHECK(atomic_load(&writer_done_early) == 0);
	want("a", "1");
	want("c", "3");
	want("from_thread", "1");
	CHECK(store_begin(S, false, &tx, &e) == 0);
	CHECK(!store_tx_batch(tx, &tag, &line));
	store_rollback(tx);

	/* a batch rolled back leaves nothing */
	CHECK(store_batch_begin(S, "import", &e) == 0);
	CHECK(put("e", "5", true) == 0);
	CHECK(store_batch_end(S, false, &e) == 0);
	want("e", "");

	/* a savepoint left open: the batch is never committed */
	CHECK(store_batch_begin(S, "import", &e) == 0);
	CHECK(put("f", "6", true) == 0);
	CHECK(store_begin(S, true, &tx, &e) == 0);
	CHECK(store_batch_end(S, true, &e) == -1);
	want("f", "");
	/* and no second batch inside a batch */
	CHECK(store_batch_begin(S, "import", &e) == 0);
	CHECK(store_batch_begin(S, "import", &e) == -1);
	CHECK(store_batch_end(S, false, &e) == 0);

	store_close(S);
	{
		char p[600];

		snprintf(p, sizeof p, "rm -rf '%s'", dir);
		if (system(p) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return tap_done();
}
