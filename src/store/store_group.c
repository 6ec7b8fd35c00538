/*
 * store_group.c — the write lock of a store and group commit (store.h,
 * "Group commit"), for both backends.
 *
 * Owns: struct store_group inside struct store (db.h): who holds the write
 * lock, who waits for it, the group's open transaction and the members
 * waiting for its commit.
 *
 * How it works. One write transaction of the process is open at a time
 * (held). A writer that finds the lock taken waits (waiters). When the
 * holder's operation ends (store_commit or store_rollback) and another
 * writer waits, the holder does not commit: it hands the still-open
 * transaction to that waiter (pass), which runs its operation inside
 * SAVEPOINT g; a kept operation waits (pending) for the durable COMMIT,
 * a refused or failed one is rolled back to its savepoint alone and
 * leaves at once (it wrote nothing). The operation that finds nobody
 * waiting (after a wait of at most STORE_GROUP_WAIT_US for the next
 * member while the group is smaller than the last: wait_next), or the
 * group full (STORE_GROUP_MAX operations, STORE_GROUP_MS
 * since its BEGIN), or a solo writer waiting, ends the transaction: one
 * COMMIT (one fsync) for every kept operation, then it tells each pending
 * member the outcome (0 only after that COMMIT returned; the COMMIT's
 * error to every one of them when it failed) and frees the lock.
 *
 * Solo transactions (batches: an import is one transaction of its own)
 * never join a group and are never handed on; while one waits no group is
 * extended, so it gets the lock at the next group's end. store_begin_try
 * never waits: the lock taken (by a group too) is 409 "busy".
 *
 * Guarantees
 *   1. Operations of a group run one at a time, in the order they got the
 *      transaction: each sees every earlier member's kept writes (the same
 *      connection and transaction), so a group is a serial schedule and
 *      the store.h contract (serializable writers, dense audit seq) holds;
 *      the audit frontier is a row like any other, read and written inside
 *      the savepoints (on PostgreSQL too; a batch's in-memory frontier is
 *      for batches only, which never group).
 *   2. Readers see a member's writes only after the group's COMMIT: no
 *      answer, no index snapshot (ops/access_index.c builds from read
 *      transactions) and no other process sees an operation that is not
 *      durable yet.
 *   3. A transaction lost under a member (SQLite rolls a whole transaction
 *      back on some errors, e.g. SQLITE_FULL; a broken PostgreSQL
 *      connection) is noticed at that member's rollback: the group is
 *      rolled back and every pending member gets an error (none was
 *      answered).
 *
 * Untrusted input: none (QUPIYA_GROUP_COMMIT from the environment: a
 * number, 0 or 1 turns grouping off).
 */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STORE_GROUP_MAX 64     /* operations in one transaction */
#define STORE_GROUP_MS  200    /* a group is not extended past this age */
#define STORE_GROUP_WAIT_US 500 /* the longest wait for the next member */

/* A member whose kept operation waits for the group's COMMIT. */
struct store_gwait {
	struct store_gwait *next;
	bool done;
	int rc;
	struct qerr err;
};

static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t
now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* The lock taken (g->mu held): when, and by which thread. */
static void
lock_take(struct store_group *g)
{
	g->held = true;
	g->holder = pthread_self();
	g->held_cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	g->held_since_ns = now_ns();
	g->commit_ns = 0;
}

void
store_group_init(struct store *s)
{
	struct store_group *g = &s->group;
	const char *env = getenv("QUPIYA_GROUP_COMMIT");
	long max = STORE_GROUP_MAX;

	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->turn, NULL);
	pthread_cond_init(&g->solo_turn, NULL);
	pthread_cond_init(&g->done, NULL);
	{
		pthread_condattr_t a;

		pthread_condattr_init(&a);
		pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
		pthread_cond_init(&g->arrive, &a);
		pthread_condattr_destroy(&a);
	}
	if (env != NULL && env[0] != '\0') {
		char *end;

		max = strtol(env, &end, 10);
		if (*end != '\0' || max < 1)
			max = 1;
		if (max > 1000)
			max = 1000;
	}
	g->max = (int)max;
}

void
store_group_destroy(struct store *s)
{
	struct store_group *g = &s->group;

	pthread_cond_destroy(&g->arrive);
	pthread_cond_destroy(&g->done);
	pthread_cond_destroy(&g->solo_turn);
	pthread_cond_destroy(&g->turn);
	pthread_mutex_destroy(&g->mu);
}

/* Frees the lock (g->mu held): every waiter may take it. */
static void
lock_free(struct store_group *g)
{
	if (g->held) {
		g->stats.released_ns = now_ns();
		g->stats.held_ns = g->stats.released_ns - g->held_since_ns;
		g->stats.commit_ns = g->commit_ns;
		g->stats.held_cpu_ns = pthread_equal(g->holder, pthread_self())
		                       ? clock_ns(CLOCK_THREAD_CPUTIME_ID) - g->held_cpu_ns : -1;
	}
	g->held = false;
	g->base = NULL;
	g->members = 0;
	pthread_cond_broadcast(&g->turn);
	pthread_cond_broadcast(&g->solo_turn);
}

/* Nobody waits for the write lock, and the group is smaller than the last
 * one (g->mu held): its next member is likely on its way (the last group's
 * writers, answered, send their next requests), so wait for it, up to
 * STORE_GROUP_WAIT_US and within the group's limits, rather than pay an
 * fsync for fewer operations. With one writer the last group had one
 * member and nothing waits; a wait that times out makes the next group's
 * mark this one's size. Nothing is answered before its group's COMMIT. */
static void
wait_next(struct store_group *g)
{
	struct timespec until;
	int64_t end = now_ns() + (int64_t)STORE_GROUP_WAIT_US * 1000;

	if (g->waiters > 0 || g->solo_waiters > 0 || g->members >= g->last_members ||
	    g->members >= g->max || end - g->started_ns >= (int64_t)STORE_GROUP_MS * 1000000)
		return;
	until.tv_sec = (time_t)(end / 1000000000);
	until.tv_nsec = (long)(end % 1000000000);
	while (g->waiters == 0 && g->solo_waiters == 0)
		if (pthread_cond_timedwait(&g->arrive, &g->mu, &until) != 0)
			break;   /* the time is up (or the wait failed): commit */
}

/* The operation holding the group's transaction is over: kept (its writes
 * stay; the caller waits for the COMMIT and gets its outcome) or not (it
 * left nothing behind in the transaction). undo: the transaction cannot go
 * on (lost under a member, or the group's first operation failed, which
 * has no savepoint): it is rolled back, and every pending member fails.
 * Else hands the transaction on, or ends it. Returns the caller's outcome
 * (0 when not kept). */
static int
turn_end(struct store *s, bool kept, bool undo, struct qerr *e)
{
	struct store_group *g = &s->group;
	struct store_tx *base = g->base;
	struct store_gwait me = {0};
	struct store_gwait *w, *pending;
	struct qerr ce = {0};
	int rc = 0;

	pthread_mutex_lock(&g->mu);
	if (kept) {
		me.next = g->pending;
		g->pending = &me;
	}
	if (!undo && kept)
		wait_next(g);
	if (!undo && g->waiters > 0 && g->solo_waiters == 0 && g->members < g->max &&
	    now_ns() - g->started_ns < (int64_t)STORE_GROUP_MS * 1000000) {
		g->member = (struct store_tx){
			.s = s, .conn = base->conn, .pg = base->pg,
			.write = true, .open = true, .member = true,
		};
		g->pass = &g->member;
		g->members++;
		pthread_cond_signal(&g->turn);
		if (!kept) {
			pthread_mutex_unlock(&g->mu);
			return 0;
		}
		while (!me.done)
			pthread_cond_wait(&g->done, &g->mu);
		pthread_mutex_unlock(&g->mu);
		if (me.rc != 0 && e != NULL)
			*e = me.err;
		return me.rc;
	}
	pending = g->pending;
	g->pending = NULL;
	g->last_members = g->members;
	pthread_mutex_unlock(&g->mu);

	/* the last operation of the group: one COMMIT for every kept one */
	if (pending != NULL && !undo) {
		int64_t t0 = now_ns();

		rc = store_tx_finish(base, true, &ce);
		g->commit_ns = now_ns() - t0;   /* still held: only this thread writes it */
	} else {
		(void)store_tx_finish(base, false, NULL);
		if (pending != NULL) {
			qerr_internal(&ce, "group commit: the transaction was lost");
			rc = -1;
		}
	}
	pthread_mutex_lock(&g->mu);
	if (pending != NULL && rc == 0) {
		int64_t n = 0;

		for (w = pending; w != NULL; w = w->next)
			n++;
		g->stats.commits++;
		g->stats.ops += n;
		if (n > g->stats.max_ops)
			g->stats.max_ops = n;
	}
	for (w = pending; w != NULL; w = w->next) {
		w->rc = rc;
		if (rc != 0 && w != &me)
			w->err = ce;
		w->done = true;
	}
	pthread_cond_broadcast(&g->done);
	lock_free(g);
	pthread_mutex_unlock(&g->mu);
	if (pending != NULL && rc == 0)
		store_after_write(s);   /* the lock is free: writers go on meanwhile */
	if (kept && rc != 0 && e != NULL)
		*e = ce;
	return kept ? rc : 0;
}

int
store_wlock(struct store *s, enum store_wlock_mode mode, struct store_tx **member,
            struct qerr *e)
{
	struct store_group *g = &s->group;
	struct store_tx *m;
	int rc;

	*member = NULL;
	pthread_mutex_lock(&g->mu);
	switch (mode) {
	case STORE_WLOCK_TRY:
		if (g->held) {
			pthread_mutex_unlock(&g->mu);
			return qerr_set(e, QERR_CONFLICT, "busy", NULL, NULL);
		}
		break;
	case STORE_WLOCK_SOLO:
		g->solo_waiters++;
		pthread_cond_signal(&g->arrive);   /* a batch: the group ends now */
		while (g->held)
			pthread_cond_wait(&g->solo_turn, &g->mu);
		g->solo_waiters--;
		break;
	case STORE_WLOCK_GROUP:
		g->waiters++;
		if (g->held)
			pthread_cond_signal(&g->arrive);   /* a holder in wait_next */
		while (g->held && g->pass == NULL)
			pthread_cond_wait(&g->turn, &g->mu);
		g->waiters--;
		if (g->pass != NULL) {
			m = g->pass;
			g->pass = NULL;
			pthread_mutex_unlock(&g->mu);
			rc = store_exec(m, "SAVEPOINT g");
			if (rc != DB_OK) {
				store_db_err(e, rc, "group commit: savepoint");
				m->open = false;
				(void)turn_end(s, false, !store_tx_alive(m), NULL);
				return -1;
			}
			*member = m;
			return 0;
		}
		break;
	}
	lock_take(g);
	pthread_mutex_unlock(&g->mu);
	return 0;
}

void
store_wunlock(struct store *s)
{
	struct store_group *g = &s->group;

	pthread_mutex_lock(&g->mu);
	lock_free(g);
	pthread_mutex_unlock(&g->mu);
}

void
store_group_open(struct store *s, struct store_tx *tx)
{
	struct store_group *g = &s->group;

	pthread_mutex_lock(&g->mu);
	g->base = tx;
	g->members = 1;
	g->started_ns = now_ns();
	pthread_mutex_unlock(&g->mu);
}

int
store_group_commit(struct store_tx *tx, struct qerr *e)
{
	struct store *s = tx->s;
	int rc;

	if (tx->member) {
		rc = store_exec(tx, "RELEASE g");
		if (rc != DB_OK) {
			store_db_err(e, rc, "group commit: release");
			store_group_rollback(tx);
			return -1;
		}
	}
	tx->open = false;
	return turn_end(s, true, false, e);
}

void
store_group_rollback(struct store_tx *tx)
{
	struct store *s = tx->s;
	bool undo = true;   /* the group's first operation: nothing else is in it */

	if (tx->member) {
		/* back to the savepoint; on PostgreSQL this also ends the abort
		 * a failed statement left */
		int rc = store_exec(tx, "ROLLBACK TO g; RELEASE g");

		undo = rc != DB_OK || !store_tx_alive(tx);
	}
	tx->open = false;
	(void)turn_end(s, false, undo, NULL);
}

void
store_group_stats(struct store *s, struct store_group_stats *out)
{
	struct store_group *g = &s->group;

	pthread_mutex_lock(&g->mu);
	*out = g->stats;
	out->waiting = g->waiters + g->solo_waiters;
	pthread_mutex_unlock(&g->mu);
}
