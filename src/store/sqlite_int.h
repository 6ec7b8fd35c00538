/*
 * sqlite_int.h — private definitions shared by the SQLite implementation of
 * store.h (store_sqlite.c, sqlite_records.c, sqlite_accounts.c,
 * sqlite_audit.c). Nothing outside src/store/ includes this file.
 *
 * How it works. A struct store owns a pool of up to STORE_CONN_MAX sqlite3
 * connections to one WAL-mode file, opened lazily and handed out under
 * store->mu (threads wait on store->cv when all are taken). A connection
 * embeds the struct store_tx that runs on it, so beginning a transaction
 * allocates nothing. A write transaction also holds store->write_mu for its
 * whole life and starts with BEGIN IMMEDIATE; a read transaction starts with
 * a deferred BEGIN and sees one snapshot.
 *
 * Each connection caches its prepared statements, keyed by the address of
 * the SQL text (always a static string or a string owned by struct store,
 * so the address is stable for the life of the store).
 *
 * Invariants
 *   1. A connection is either on store->idle or owned by exactly one tx.
 *   2. store->nconn counts every open connection (idle or in use).
 *   3. tx->write implies the owning thread holds store->write_mu.
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

#include "store/store.h"

#define STORE_CONN_MAX      16     /* connections in the pool */
#define STORE_STMT_CACHE    256    /* cached statements per connection */
#define STORE_BUSY_MS       5000   /* wait for another process's lock */
#define STORE_LIST_SQL_MAX  384    /* one generated list/count statement */
#define STORE_LIST_FILTERS  16     /* 2^4 combinations of optional filters */

/* Filter bits of a generated record query (store_query fields set). */
#define STORE_Q_ORG     1
#define STORE_Q_PARENT  2
#define STORE_Q_STATE   4
#define STORE_Q_REF     8

struct store_stmt_slot {
	const char *sql;         /* cache key: address of the SQL text; borrowed */
	sqlite3_stmt *st;        /* owned */
	bool busy;               /* handed out and not yet put back */
};

struct store_conn;
struct store_sqltext;

struct store_tx {
	struct store_conn *conn; /* the connection it runs on (owner of this tx) */
	bool write;
	bool open;               /* between begin and commit/rollback */
	int sp;                  /* 0: a transaction; n > 0: savepoint n of a batch */
};

#define STORE_BATCH_DEPTH   8      /* savepoints open at once inside a batch */
#define STORE_BATCH_TAG_MAX 32

struct store_conn {
	struct store *s;                        /* borrowed back-pointer */
	sqlite3 *db;                            /* owned */
	struct store_conn *next;                /* idle list link */
	struct store_tx tx;                     /* the tx running on it */
	int nstmt;
	struct store_stmt_slot stmt[STORE_STMT_CACHE];
	/* BEGIN, BEGIN IMMEDIATE, COMMIT, ROLLBACK, prepared once (STORE_TXS_*):
	 * every request runs one or two, so they are not parsed each time. */
	sqlite3_stmt *txs[4];
	/* A batch (store_batch_begin): tx is its transaction, nested[d-1] the
	 * savepoint at depth d of a store_begin() inside it. */
	bool batch;
	int depth;
	struct store_tx nested[STORE_BATCH_DEPTH];
	char batch_tag[STORE_BATCH_TAG_MAX];
	long batch_line;
};

struct store {
	char *path;                             /* owned */
	pthread_mutex_t mu;                     /* guards idle, nconn */
	pthread_cond_t cv;                      /* a connection came back */
	pthread_mutex_t write_mu;               /* one write tx at a time */
	struct store_conn *idle;                /* owned connections not in use */
	int nconn;
	/* Generated record queries, indexed by STORE_Q_* mask. */
	char list_sql[STORE_LIST_FILTERS][STORE_LIST_SQL_MAX];
	char count_sql[STORE_LIST_FILTERS][STORE_LIST_SQL_MAX];
	/* Generated typed-table statements (sqlite_table.c), each text kept
	 * once for the life of the store; guarded by mu. Owned. */
	struct store_sqltext *sqltexts;
};

/* sqlite_table.c: frees the interned statement texts (store_close). */
void store_sqltext_free(struct store *s);

/* A cached prepared statement for sql on tx's connection, reset and ready to
 * bind. Return it with store_stmt_put(). 0 or -1 (500, qerr set). */
int store_stmt_get(struct store_tx *tx, const char *sql, sqlite3_stmt **st,
                   struct qerr *e);
/* Resets (or, when uncached, finalizes) st. Accepts NULL. */
void store_stmt_put(struct store_tx *tx, sqlite3_stmt *st);

/* Maps a SQLite result code to qerr: constraint violations on unique keys to
 * 409 "duplicate", foreign keys to 404 "not_found", everything else to 500
 * "internal" with detail "<op>: <generic SQLite message>". Returns -1. */
int store_sqlite_err(struct qerr *e, int rc, const char *op);

/* 0 when tx is an open write transaction, else -1 (500: programming error). */
int store_tx_writable(struct store_tx *tx, const char *op, struct qerr *e);
/* 0 when tx is open, else -1 (500). */
int store_tx_usable(struct store_tx *tx, const char *op, struct qerr *e);

/* sqlite_tags.c: rewrites the derived tags of record r (carriers only; a
 * no-op for other kinds) after r was inserted or updated in tx. */
int store_tags_refresh(struct store_tx *tx, const struct store_rec *r, struct qerr *e);
/* sqlite_carriers.c: rewrites the carrier's typed link rows
 * (carrier_information, carrier_copy, carrier_due; tables_carriers.h) after
 * r was inserted or updated in tx; a no-op for other kinds. */
int store_carrier_links_refresh(struct store_tx *tx, const struct store_rec *r,
                                struct qerr *e);

/* sqlite_records.c: fills r from the current row (columns seq, kind, id,
 * org_id, parent_id, ref, state, doc); the doc is new and owned by r on
 * success. A 500 naming op when a column is too long or the doc is missing
 * or does not parse. */
int store_rec_from_row(sqlite3_stmt *st, struct store_rec *r, const char *op,
                       struct qerr *e);
/* sqlite_records.c: steps st, calling cb for each row as store_rec_list
 * does (cb's non-zero value stops and is returned); puts st back. */
int store_rec_rows(struct store_tx *tx, sqlite3_stmt *st, store_rec_cb cb, void *ctx,
                   const char *op, struct qerr *e);

/* Binds s (a fixed-size field, maybe not NUL-terminated at the end) as text
 * of at most max bytes. Returns the SQLite result code. */
int store_bind_field(sqlite3_stmt *st, int idx, const char *s, size_t max);
/* Binds a borrowed NUL-terminated string (NULL as ""). */
int store_bind_str(sqlite3_stmt *st, int idx, const char *s);
/* Copies column col as text into dst (always terminated; "" for NULL).
 * Returns -1 when it did not fit. */
int store_col_copy(sqlite3_stmt *st, int col, char *dst, size_t dstsz);
/* Copies a blob column of exactly n bytes; -1 when the size differs. */
int store_col_blob(sqlite3_stmt *st, int col, void *dst, size_t n);

#endif
