/*
 * pg_int.h — private definitions of the PostgreSQL backend of store.h
 * (pg_store.c: pool, transactions, schema; pg_stmt.c: statements). Only
 * these files and db.c include it; only they include <libpq-fe.h>.
 *
 * How it works. A struct store of backend STORE_PG owns a pool of up to
 * STORE_CONN_MAX libpq connections to the URL, opened lazily, handed out
 * by the store's pool (db.h) as SQLite's are. A connection embeds the struct
 * store_tx that runs on it and caches its prepared statements (PQprepare
 * under a name of its own, "q<slot>"), keyed by the address of the SQL text
 * as on SQLite; the "?N" parameters are rewritten to "$N" once, at prepare.
 * Values travel as text (blobs in binary); result rows come back as text
 * and bytea columns are decoded on demand.
 *
 * Invariants
 *   1. A connection is either on the store's idle list or owned by exactly
 *      one tx.
 *   2. A connection on the idle list is idle (PQTRANS_IDLE) and healthy;
 *      one that is not is closed instead (a new one opens on demand).
 *   3. A cached statement holds no result whenever its busy flag is false.
 */
#ifndef QUPIYA_STORE_PG_INT_H
#define QUPIYA_STORE_PG_INT_H

#include <libpq-fe.h>

#include "store/db.h"

#define PG_STMT_CACHE   256     /* cached statements per connection */
#define PG_PARAMS_MAX   64      /* parameters of one statement */
#define PG_ERRMSG_MAX   256

struct pg_stmt {
	struct pg_conn *c;          /* borrowed: the connection it is prepared on */
	char name[16];              /* prepared statement name; "" when uncached */
	int nparams;
	const char *vals[PG_PARAMS_MAX];
	int lens[PG_PARAMS_MAX];
	int fmts[PG_PARAMS_MAX];    /* 0 text, 1 binary (blobs) */
	char *buf[PG_PARAMS_MAX];   /* owned copies of the values, grown as needed */
	size_t cap[PG_PARAMS_MAX];
	PGresult *res;              /* the current result, or NULL before the first step */
	int row, nrows;
	unsigned char **blobs;      /* decoded bytea columns of the current row */
	size_t *bloblens;
	int nblobs;
	struct db_stmt db;          /* handed out: db.pg == this */
};

struct pg_slot {
	const char *sql;            /* cache key: address of the SQL text; borrowed */
	struct pg_stmt *st;         /* owned */
	bool busy;
};

/* Advisory lock keys ("qupiya" in ASCII, then 1 and 2). */
#define PG_LOCK_WRITE   "7310302590093409"
#define PG_LOCK_MIGRATE "7310302590093410"

/* A transaction's BEGIN not sent yet (pg_conn.begin): it goes with the
 * first statement, in one round trip (pg_stmt.c). */
enum pg_begin { PG_BEGUN, PG_BEGIN_READ, PG_BEGIN_WRITE };

struct pg_conn {
	struct store_pool_conn link;   /* first: the pool's idle list */
	struct store *s;            /* borrowed */
	PGconn *db;                 /* owned */
	struct store_tx tx;         /* the tx running on it */
	int nstmt;
	struct pg_slot stmt[PG_STMT_CACHE];
	int64_t changes;            /* rows the last statement changed */
	enum pg_begin begin;        /* the open transaction's BEGIN, until sent */
	bool rollback_sent;         /* a read transaction's ROLLBACK, its answer unread */
	char err[PG_ERRMSG_MAX];    /* the last failure, SQLite-style for constraints */
	/* a COPY FROM STDIN in progress (pg_copy.c): its table, the rows
	 * buffered and not yet sent */
	bool copying;
	char copy_table[64];
	char *copy_buf;             /* owned */
	size_t copy_len, copy_cap;
};

struct pg_store {
	char *url;                  /* owned */
};

/* pg_stmt.c */
int pg_step(struct pg_stmt *st);
int64_t pg_changes(struct pg_conn *c);
int pg_bind_int64(struct pg_stmt *st, int idx, int64_t v);
int pg_bind_double(struct pg_stmt *st, int idx, double v);
/* p NULL: SQL NULL. Always copied. */
int pg_bind(struct pg_stmt *st, int idx, const void *p, int n, bool blob, bool copy);
bool pg_col_null(struct pg_stmt *st, int col);
int64_t pg_col_int64(struct pg_stmt *st, int col);
double pg_col_double(struct pg_stmt *st, int col);
const char *pg_col_text(struct pg_stmt *st, int col);
const void *pg_col_blob(struct pg_stmt *st, int col);
int pg_col_bytes(struct pg_stmt *st, int col);
int pg_stmt_get(struct store_tx *tx, const char *sql, bool cache, struct db_stmt **st,
                struct qerr *e);
void pg_stmt_put(struct store_tx *tx, struct db_stmt *st);
void pg_stmt_free(struct pg_stmt *st);
/* Runs SQL text (no parameters, results dropped). A DB_* code. */
int pg_exec(struct pg_conn *c, const char *sql);
/* Sends c's pending BEGIN on its own (before a statement that cannot
 * carry it: COPY, SAVEPOINT). DB_*. */
int pg_begin_send(struct pg_conn *c);
const char *pg_errmsg(struct pg_conn *c);
/* pg_copy.c: ends the COPY in progress on c, if any (abort: the rows
 * are dropped, as the ROLLBACK that follows would drop them); a DB_* code
 * (a row the server refused fails here). Every other use of c calls it
 * first. pg_copy_free releases the buffer (connection close). */
int pg_copy_end(struct pg_conn *c, bool abort);
void pg_copy_free(struct pg_conn *c);
/* The DB_* code of a failed result (and c->err set from it). */
int pg_result_code(struct pg_conn *c, const PGresult *r);

#endif
