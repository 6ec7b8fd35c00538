/*
 * sqlite_int.h — private definitions of the SQLite backend of store.h
 * (store_sqlite.c, db.c). The query files (sqlite_records.c, ...) are
 * backend-neutral and include db.h only. Nothing outside src/store/
 * includes this file.
 *
 * How it works. A struct store owns a pool of up to STORE_CONN_MAX sqlite3
 * connections to one WAL-mode file, opened lazily and handed out under
 * store->mu (threads wait on store->cv when all are taken). A connection
 * embeds the struct store_tx that runs on it, so beginning a transaction
 * allocates nothing. A write transaction also holds the store's write lock
 * (store->group, store_group.c) for its whole life and starts with BEGIN
 * IMMEDIATE; several operations may run in it one after the other (group
 * commit). A read transaction starts with a deferred BEGIN and sees one
 * snapshot.
 *
 * Each connection caches its prepared statements, keyed by the address of
 * the SQL text (always a static string or a string owned by struct store,
 * so the address is stable for the life of the store).
 *
 * Invariants
 *   1. A connection is either on store->idle or owned by exactly one tx.
 *   2. store->nconn counts every open connection (idle or in use).
 *   3. tx->write implies the write lock is held for tx (by its thread,
 *      or by the group whose operation runs in it).
 *   4. A cached statement is reset (no pending step, bindings cleared)
 *      whenever its busy flag is false.
 *   5. A connection returned to the idle list is in autocommit mode;
 *      one that cannot be brought back to it is closed instead.
 *
 * Untrusted input: none here; see each .c file.
 */
#ifndef QUPIYA_STORE_SQLITE_INT_H
#define QUPIYA_STORE_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "store/db.h"

#define STORE_STMT_CACHE    256    /* cached statements per connection */
#define STORE_BUSY_MS       5000   /* wait for another process's lock */

struct store_stmt_slot {
	const char *sql;         /* cache key: address of the SQL text; borrowed */
	struct db_stmt st;       /* st.sq owned */
	bool busy;               /* handed out and not yet put back */
};

#define STORE_BATCH_DEPTH   8      /* savepoints open at once inside a batch */
#define STORE_BATCH_CACHE_KIB "1048576"   /* page cache of a batch: 1 GiB at most */
/* Page cache of a connection that wrote (s->writer, kept for the next write
 * tx): the interior pages of every table and index a write descends stay
 * in it (1,000,000 carriers: SQLite's default 2 MiB held less than one
 * cascade's pages, which read them again from the files each time,
 * bench/bench_cascade.c). The pages are allocated as used. */
#define STORE_WRITER_CACHE_KIB "32768"
#define STORE_BATCH_TAG_MAX 32

struct store_conn {
	struct store_pool_conn link;            /* first: the pool's idle list */
	struct store *s;                        /* borrowed back-pointer */
	sqlite3 *db;                            /* owned */
	struct store_tx tx;                     /* the tx running on it */
	int nstmt;
	struct store_stmt_slot stmt[STORE_STMT_CACHE];
	/* BEGIN, BEGIN IMMEDIATE, COMMIT, ROLLBACK, prepared once (STORE_TXS_*):
	 * every request runs one or two, so they are not parsed each time. */
	sqlite3_stmt *txs[4];
	bool writer_cache;                      /* cache_size STORE_WRITER_CACHE_KIB set */
};

/* store_stmt_get/put on a SQLite connection (db.c dispatches): cache
 * false prepares a private statement, finalized when put back. */
int sqlite_stmt_get(struct store_tx *tx, const char *sql, struct db_stmt **st,
                    bool cache, struct qerr *e);
void sqlite_stmt_put(struct store_tx *tx, struct db_stmt *st);

#endif
