/*
 * db.h — the backend-neutral statement layer under store.h (issue 12).
 * Nothing outside src/store/ includes this file.
 *
 * The store's queries (sqlite_records.c, sqlite_accounts.c, sqlite_audit.c,
 * sqlite_table.c, ... — named after the first backend, written against this
 * layer) run on either backend: a struct store is SQLite (store_sqlite.c)
 * or PostgreSQL (pg_store.c), chosen by store_open() from the connection
 * string. Only dialect-specific SQL differs: a query whose text differs
 * picks it with DB_SQL(tx, sqlite_text, pg_text); the schema, the
 * migrations and the transaction statements are each backend's own.
 *
 * SQL texts are static strings (or strings interned for the life of the
 * store): their address keys the per-connection cache of prepared
 * statements. Parameters are written "?N" (or "?", numbered in order); the
 * PostgreSQL side rewrites them to "$N" once, when it prepares the text
 * (a parameter tested with "?N IS NULL" must be text: it becomes
 * "$N::text IS NULL", the server having no other way to know its type).
 *
 * A statement: store_stmt_get() -> db_bind_*() -> db_step() (DB_ROW per
 * row, then DB_DONE; anything else is an error code for store_db_err())
 * -> db_col_*() while on a row -> store_stmt_put(). Text and blobs bound
 * are borrowed until the statement is put back (or re-bound); column
 * values are valid until the next step or put.
 *
 * Result codes are SQLite's numbers (the SQLite side passes them through
 * unchanged); PostgreSQL's SQLSTATEs are mapped onto them: 23505 unique ->
 * DB_UNIQUE (409 "duplicate"), 23503 foreign key -> DB_FOREIGNKEY (404),
 * 40001/40P01 serialization or deadlock -> DB_SERIAL (409 "conflict", which
 * ops_run retries), 53100 disk full -> DB_FULL (503), anything else DB_ERROR
 * (500).
 */
#ifndef QUPIYA_STORE_DB_H
#define QUPIYA_STORE_DB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum {
	DB_OK = 0,
	DB_ERROR = 1,
	DB_BUSY = 5,
	DB_NOMEM = 7,
	DB_IOERR = 10,
	DB_CORRUPT = 11,
	DB_FULL = 13,
	DB_MISUSE = 21,
	DB_ROW = 100,
	DB_DONE = 101,
	DB_FOREIGNKEY = 787,     /* SQLITE_CONSTRAINT_FOREIGNKEY */
	DB_PRIMARYKEY = 1555,    /* SQLITE_CONSTRAINT_PRIMARYKEY */
	DB_UNIQUE = 2067,        /* SQLITE_CONSTRAINT_UNIQUE */
	DB_SERIAL = 0x40001,     /* PostgreSQL: serialization failure, deadlock */
};

enum store_backend { STORE_SQLITE, STORE_PG };

#define STORE_LIST_SQL_MAX  384    /* one generated list/count statement */
#define STORE_LIST_FILTERS  16     /* 2^4 combinations of optional filters */

/* Filter bits of a generated record query (store_query fields set). */
#define STORE_Q_ORG     1
#define STORE_Q_PARENT  2
#define STORE_Q_STATE   4
#define STORE_Q_REF     8

struct sqlite3_stmt;
struct pg_stmt;
struct pg_conn;
struct pg_store;
struct store_conn;
struct store_sqltext;

#define STORE_CONN_MAX      16     /* connections in a store's pool */

/* The pool link every backend's connection begins with (store_pool_*). */
struct store_pool_conn {
	struct store_pool_conn *next;    /* idle list link */
};

/* A prepared statement of either backend (exactly one pointer set); it
 * lives in its connection's cache slot, so handing one out allocates
 * nothing. Only db.c looks inside. */
struct db_stmt {
	struct sqlite3_stmt *sq;
	struct pg_stmt *pg;
};

struct store_tx {
	struct store *s;          /* borrowed */
	struct store_conn *conn;  /* SQLite: the connection it runs on (owner of this tx) */
	struct pg_conn *pg;       /* PostgreSQL: the same */
	bool write;
	bool open;               /* between begin and commit/rollback */
	int sp;                  /* 0 a transaction; n > 0 savepoint n of a batch */
	bool member;             /* an operation inside a group's tx (SAVEPOINT g) */
	bool solo;               /* a write tx never grouped (a batch's) */
	int64_t seq_next, seq_end;   /* seqs reserved by store_seq_reserve: [next, end) */
};

struct store_gwait;

/* The write lock of a store and its group commit (store_group.c). */
struct store_group {
	pthread_mutex_t mu;                     /* guards every field */
	pthread_cond_t turn;                    /* lock freed, or a tx handed on */
	pthread_cond_t solo_turn;               /* lock freed */
	pthread_cond_t done;                    /* a group ended (pending told) */
	bool held;                              /* a write tx of this process is open */
	int waiters;                            /* writers waiting that may join a group */
	int solo_waiters;                       /* writers waiting for a tx of their own */
	int last_members;                       /* operations the last group committed */
	pthread_cond_t arrive;                  /* a writer waits for the lock */
	struct store_tx *base;                  /* the group's transaction (borrowed) */
	struct store_tx member;                 /* the operation running inside it */
	struct store_tx *pass;                  /* &member, handed to the next waiter */
	int members;                            /* operations run in it so far */
	int64_t started_ns;                     /* its BEGIN (CLOCK_MONOTONIC) */
	struct store_gwait *pending;            /* kept operations awaiting the COMMIT */
	int max;                                /* operations per group; 1: no grouping */
	struct store_group_stats stats;
	int64_t held_since_ns;                  /* the lock taken (CLOCK_MONOTONIC) */
	int64_t held_cpu_ns;                    /* ... the taker's thread CPU then */
	pthread_t holder;                       /* ... the thread that took it */
	int64_t commit_ns;                      /* the last COMMIT's duration */
};

struct store {
	enum store_backend backend;
	char *path;                             /* SQLite: the file; owned */
	struct pg_store *pg;                    /* PostgreSQL: its pool; owned */
	bool read_only;                         /* STORE_OPEN_READ_ONLY: writes answer 503 */
	pthread_mutex_t mu;                     /* guards idle, nconn, sqltexts */
	pthread_cond_t cv;                      /* a connection came back */
	struct store_group group;               /* the write lock: one write tx at a time */
	struct store_pool_conn *idle;           /* owned connections not in use */
	struct store_pool_conn *writer;         /* SQLite: the last write tx's, kept for the
	                                         * next one (under the write lock) */
	int nconn;                              /* open connections, idle or in use */
	/* Generated record queries, indexed by STORE_Q_* mask. */
	char list_sql[STORE_LIST_FILTERS][STORE_LIST_SQL_MAX];
	char count_sql[STORE_LIST_FILTERS][STORE_LIST_SQL_MAX];
	/* Generated typed-table statements (sqlite_table.c), each text kept
	 * once for the life of the store; guarded by mu. Owned. */
	struct store_sqltext *sqltexts;
	/* SQLite: a checkpoint is owed (the WAL passed STORE_WAL_CKPT_PAGES at
	 * a COMMIT), one is running: store_sqlite.c wal_commit_hook,
	 * store_after_write; guarded by mu. */
	bool ckpt_due, ckpt_running;
};

/* The text for tx's backend. */
#define DB_SQL(tx, sqlite_text, pg_text) ((tx)->pg != NULL ? (pg_text) : (sqlite_text))

static inline bool
store_is_pg(const struct store_tx *tx)
{
	return tx->pg != NULL;
}

/* ---- the connection pool (db.c), one per store, of either backend ------ */

/* Opens one connection of s's backend. */
typedef int (*store_conn_open_fn)(struct store *s, struct store_pool_conn **out,
                                  struct qerr *e);
typedef void (*store_conn_close_fn)(struct store_pool_conn *c);
/* Takes an idle connection, opens one (open) while under STORE_CONN_MAX,
 * or waits for one to come back. */
int store_pool_take(struct store *s, store_conn_open_fn open, struct store_pool_conn **out,
                    struct qerr *e);
/* Gives c back to the idle list, or closes it (close) when broken. */
void store_pool_give(struct store *s, struct store_pool_conn *c, bool broken,
                     store_conn_close_fn close);
/* Closes every idle connection (store_close: every tx must be over). */
void store_pool_drain(struct store *s, store_conn_close_fn close);

/* sqlite_table.c: frees the interned statement texts (store_close). */
void store_sqltext_free(struct store *s);

/* A cached prepared statement for sql on tx's connection, reset and ready to
 * bind. Return it with store_stmt_put(). 0 or -1 (500, qerr set). */
int store_stmt_get(struct store_tx *tx, const char *sql, struct db_stmt **st,
                   struct qerr *e);
/* A statement for SQL text built for this one call (not cached: freed by
 * store_stmt_put). */
int store_stmt_temp(struct store_tx *tx, const char *sql, struct db_stmt **st,
                    struct qerr *e);
/* Resets (or, when uncached, finalizes) st. Accepts NULL. */
void store_stmt_put(struct store_tx *tx, struct db_stmt *st);
/* The cached statement sql with its parameter 1 bound to the JSON array of
 * the n strings v (the id lists of `json_each(?1)` queries). *text is that
 * array, borrowed by the statement: the caller frees it after the steps.
 * 0, or -1 with e set (500: "<what>: ..."; nothing left to free). */
int store_stmt_json_strs(struct store_tx *tx, const char *sql, const char *const *v,
                         size_t n, const char *what, struct db_stmt **st, char **text,
                         struct qerr *e);
/* Runs SQL text with no parameters and no result rows (uncached; one or
 * more statements). A DB_* code. */
int store_exec(struct store_tx *tx, const char *sql);
/* The backend's message for the last failure on tx's connection (for a
 * bug's log line only; never sent to a client). */
const char *store_errmsg(struct store_tx *tx);

/* Maps a DB_* code to qerr: constraint violations on unique keys to 409
 * "duplicate", foreign keys to 404 "not_found", a serialization failure to
 * 409 "conflict", a full or failing disk to 503, everything else to 500
 * "internal" with detail "<op>: <generic message>". Returns -1. */
int store_db_err(struct qerr *e, int rc, const char *op);

/* 0 when tx is an open write transaction, else -1 (500: programming error). */
int store_tx_writable(struct store_tx *tx, const char *op, struct qerr *e);
/* 0 when tx is open, else -1 (500). */
int store_tx_usable(struct store_tx *tx, const char *op, struct qerr *e);

/* ---- statements (db.c) ------------------------------------------------ */

int db_step(struct db_stmt *st);
/* Rows the last INSERT/UPDATE/DELETE on tx's connection changed. */
int64_t db_changes(struct store_tx *tx);

/* Bindings (1-based); each returns a DB_* code. n < 0: up to the NUL. */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_double(struct db_stmt *st, int idx, double v);
int db_bind_null(struct db_stmt *st, int idx);
int db_bind_text(struct db_stmt *st, int idx, const char *s, int n);        /* borrowed */
int db_bind_text_copy(struct db_stmt *st, int idx, const char *s, int n);   /* copied */
int db_bind_blob(struct db_stmt *st, int idx, const void *p, int n);        /* borrowed */
int db_bind_blob_copy(struct db_stmt *st, int idx, const void *p, int n);   /* copied */

/* Columns (0-based) of the current row. */
bool db_col_null(struct db_stmt *st, int col);
int64_t db_col_int64(struct db_stmt *st, int col);
int db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
/* NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col);
int db_col_bytes(struct db_stmt *st, int col);

/* Binds s (a fixed-size field, maybe not NUL-terminated at the end) as text
 * of at most max bytes (copied). Returns a DB_* code. */
int store_bind_field(struct db_stmt *st, int idx, const char *s, size_t max);
/* Binds a borrowed NUL-terminated string (NULL as ""). */
int store_bind_str(struct db_stmt *st, int idx, const char *s);
/* Copies column col as text into dst (always terminated; "" for NULL).
 * Returns -1 when it did not fit. */
int store_col_copy(struct db_stmt *st, int col, char *dst, size_t dstsz);
/* Fills one element (zeroed) from the current row of st: 0, or -1 (a
 * value too long or out of memory; what the element already holds is freed
 * with the array's owner). */
typedef int (*store_row_fill_fn)(struct db_stmt *st, void *elem);
/* The child rows of a record: runs the cached statement sql with ?1 = id
 * and appends one element of elem_size bytes per row to the growing array
 * *arr (its count *n, both the caller's to free; counted before fill, so a
 * failed element is freed with the rest), filled by fill. 0, or -1 with e
 * set (500 "<what>: ..."). */
int store_child_rows(struct store_tx *tx, const char *sql, const char *id, void **arr,
                     size_t *n, size_t elem_size, store_row_fill_fn fill, const char *what,
                     struct qerr *e);
/* Copies a blob column of exactly n bytes; -1 when the size differs. */
int store_col_blob(struct db_stmt *st, int col, void *dst, size_t n);

/* ---- shared helpers of the query files ---------------------------------- */

/* sqlite_records.c: fills r from the current row (columns seq, kind, id,
 * org_id, parent_id, ref, state, doc); the doc is new and owned by r on
 * success. A 500 naming op when a column is too long or the doc is missing
 * or does not parse. */
int store_rec_from_row(struct db_stmt *st, struct store_rec *r, const char *op,
                       struct qerr *e);
/* sqlite_records.c: steps st, calling cb for each row as store_rec_list
 * does (cb's non-zero value stops and is returned); puts st back. */
int store_rec_rows(struct store_tx *tx, struct db_stmt *st, store_rec_cb cb, void *ctx,
                   const char *op, struct qerr *e);

/* ---- the write lock and group commit (store_group.c) -------------------- */

enum store_wlock_mode {
	STORE_WLOCK_GROUP,   /* wait; may be handed a group's open transaction */
	STORE_WLOCK_SOLO,    /* wait for a transaction of its own (a batch) */
	STORE_WLOCK_TRY,     /* 409 "busy" when taken (by a group too) */
};

void store_group_init(struct store *s);
void store_group_destroy(struct store *s);
/* Takes the write lock (0; the caller begins its transaction, then calls
 * store_group_open unless solo, or store_wunlock when the BEGIN failed),
 * or, in GROUP mode, takes a group's open transaction: 0 with *member set,
 * an operation already inside its SAVEPOINT g. -1: busy (TRY), or the
 * savepoint failed. */
int store_wlock(struct store *s, enum store_wlock_mode mode, struct store_tx **member,
                struct qerr *e);
void store_wunlock(struct store *s);
/* After a write transaction's COMMIT, the write lock freed (store_group.c,
 * store_commit): SQLite runs the checkpoint the COMMIT found owed, outside
 * the lock (store_sqlite.c); PostgreSQL: nothing. */
void store_after_write(struct store *s);
/* tx (just begun under the lock, not solo) starts a group. */
void store_group_open(struct store *s, struct store_tx *tx);
/* store_commit / store_rollback of a grouped write tx (a group's first
 * operation or a member): hands the transaction on or ends the group. */
int store_group_commit(struct store_tx *tx, struct qerr *e);
void store_group_rollback(struct store_tx *tx);
/* Backend side (store_sqlite.c): commits (commit) or rolls back tx and
 * gives its connection back; the write lock is the caller's. */
int store_tx_finish(struct store_tx *tx, bool commit, struct qerr *e);
/* tx's connection is still inside its transaction (not rolled back under
 * it by an error). */
bool store_tx_alive(struct store_tx *tx);

/* ---- PostgreSQL (pg_store.c), called by store_sqlite.c's entry points -- */

/* Connects to url and brings its database to the current schema (flags as
 * store_open's); fills s->pg (freed by pg_store_close even on failure). */
int pg_store_open(struct store *s, const char *url, int flags, struct qerr *e);
void pg_store_close(struct store *s);   /* accepts s->pg NULL */
/* try: 409 "busy" instead of waiting for another writer. */
int pg_begin(struct store *s, bool write, bool try, struct store_tx **tx, struct qerr *e);
int pg_commit(struct store_tx *tx, struct qerr *e);     /* ends tx either way */
void pg_rollback(struct store_tx *tx);                   /* ends tx */
/* A batch's SAVEPOINT / RELEASE / ROLLBACK TO on tx's connection. DB_*. */
int pg_savepoint(const struct store_tx *tx, const char *sql);
/* verb + ' "table"("c1",...)' of a dumped row into sql (at least
 * STORE_LOAD_SQL_MAX bytes), the names checked (letters, digits, '_'):
 * the target of a load's INSERT (sqlite_dump.c) or COPY (pg_copy.c). */
#define STORE_LOAD_SQL_MAX (64 * (STORE_DUMP_COLS_MAX + 2) + 256)
int store_load_target(const struct store_dump_row *row, const char *verb, char *sql,
                      size_t sqlsz, struct qerr *e);
/* store_load_row on PostgreSQL (pg_copy.c): the row appended to a COPY of
 * its table, sent in blocks; a refused row fails the next statement or
 * the commit. */
int pg_copy_row(struct store_tx *tx, const struct store_dump_row *row, struct qerr *e);
/* tx's connection is inside a transaction that can go on (not aborted). */
bool pg_tx_alive(const struct store_tx *tx);
int pg_backup(struct store *s, const char *target, struct qerr *e);
/* store_client_files on PostgreSQL. */
int pg_client_files(struct store *s, char **out, int max);

#define STORE_BATCH_STATE_MAX 2560 /* audit frontier bytes a batch keeps */

/* The audit frontier row (audit_state) as a PostgreSQL batch sees it, kept
 * in memory from its first read to the batch's commit (store_batch_end
 * writes it once). Rewriting the row per entry inside the batch's one
 * transaction left a row version per entry that every later read walked:
 * an import's time grew with the square of its rows. */
struct store_batch_state {
	bool cached;                        /* buf/len are the row's value */
	bool dirty;                         /* newer than the row: write at commit */
	size_t len;
	uint8_t buf[STORE_BATCH_STATE_MAX];
};

/* The cache of tx when tx runs in the calling thread's PostgreSQL batch,
 * else NULL (SQLite, or outside a batch: the row is read and written). */
struct store_batch_state *store_batch_state(const struct store_tx *tx);

/* ---- the migration names (store_sqlite.c), shared by both backends ---- */

int store_migration_count(void);
/* Tells store_on_migrated()'s function that step name was applied. */
void store_migrated(const char *name);
const char *store_migration_name(int i);
/* store_on_progress()'s reports, for either backend's migrate(), in the
 * migrating thread: a step begins (index of count); a tick reports
 * (statements done of total, rows written so far, part: may be NULL) when
 * a second has passed since the last report; the step ended (committed:
 * reported; else only forgotten). */
void store_progress_begin(const char *step, int index, int count);
void store_progress_tick(const char *part, int64_t done, int64_t total, int64_t rows);
void store_progress_end(bool committed);
/* pg_store.c: the first migration that has no PostgreSQL text (neither in
 * pg_schema.c nor in pg_steps[]), or NULL: test_store_migrations fails on
 * one, with or without a PostgreSQL server. */
const char *store_pg_missing_step(void);

#endif
