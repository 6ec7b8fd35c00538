/*
 * db.c — the statement layer of db.h: each call goes to the backend of the
 * statement or transaction (SQLite here, PostgreSQL in pg_stmt.c).
 *
 * The SQLite path adds one branch per call and no allocation: a cached
 * statement is the db_stmt embedded in its connection's cache slot, and the
 * DB_* codes are SQLite's own numbers.
 *
 * Untrusted input: values bound here come from requests; they are only ever
 * parameters, never SQL text.
 */
#include "store/sqlite_int.h"
#include "store/pg_int.h"
#include "store/store_json.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(DB_OK == SQLITE_OK && DB_ROW == SQLITE_ROW && DB_DONE == SQLITE_DONE &&
               DB_UNIQUE == SQLITE_CONSTRAINT_UNIQUE &&
               DB_PRIMARYKEY == SQLITE_CONSTRAINT_PRIMARYKEY &&
               DB_FOREIGNKEY == SQLITE_CONSTRAINT_FOREIGNKEY &&
               DB_FULL == SQLITE_FULL && DB_IOERR == SQLITE_IOERR &&
               DB_CORRUPT == SQLITE_CORRUPT && DB_MISUSE == SQLITE_MISUSE &&
               DB_NOMEM == SQLITE_NOMEM && DB_BUSY == SQLITE_BUSY &&
               DB_ERROR == SQLITE_ERROR,
               "DB_* codes are SQLite's numbers");

/* ---- the pool ----------------------------------------------------------- */

int
store_pool_take(struct store *s, store_conn_open_fn open, struct store_pool_conn **out,
                struct qerr *e)
{
	struct store_pool_conn *c;

	pthread_mutex_lock(&s->mu);
	while (s->idle == NULL && s->nconn >= STORE_CONN_MAX)
		pthread_cond_wait(&s->cv, &s->mu);
	if (s->idle != NULL) {
		c = s->idle;
		s->idle = c->next;
		c->next = NULL;
		pthread_mutex_unlock(&s->mu);
		*out = c;
		return 0;
	}
	s->nconn++;   /* reserve the slot, open outside the lock */
	pthread_mutex_unlock(&s->mu);
	if (open(s, out, e) != 0) {
		pthread_mutex_lock(&s->mu);
		s->nconn--;
		pthread_cond_signal(&s->cv);
		pthread_mutex_unlock(&s->mu);
		return -1;
	}
	return 0;
}

void
store_pool_give(struct store *s, struct store_pool_conn *c, bool broken,
                store_conn_close_fn close)
{
	if (broken)
		close(c);
	pthread_mutex_lock(&s->mu);
	if (broken) {
		s->nconn--;
	} else {
		c->next = s->idle;
		s->idle = c;
	}
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void
store_pool_drain(struct store *s, store_conn_close_fn close)
{
	struct store_pool_conn *c, *next;

	for (c = s->idle; c != NULL; c = next) {
		next = c->next;
		close(c);
	}
	s->idle = NULL;
	s->nconn = 0;
}

/* ---- statements --------------------------------------------------------- */

int
store_stmt_get(struct store_tx *tx, const char *sql, struct db_stmt **st,
               struct qerr *e)
{
	if (tx->pg != NULL)
		return pg_stmt_get(tx, sql, true, st, e);
	return sqlite_stmt_get(tx, sql, st, true, e);
}

int
store_stmt_temp(struct store_tx *tx, const char *sql, struct db_stmt **st,
                struct qerr *e)
{
	if (tx->pg != NULL)
		return pg_stmt_get(tx, sql, false, st, e);
	return sqlite_stmt_get(tx, sql, st, false, e);
}

void
store_stmt_put(struct store_tx *tx, struct db_stmt *st)
{
	if (st == NULL)
		return;
	if (st->pg != NULL)
		pg_stmt_put(tx, st);
	else
		sqlite_stmt_put(tx, st);
}

int
store_stmt_json_strs(struct store_tx *tx, const char *sql, const char *const *v, size_t n,
                     const char *what, struct db_stmt **st, char **text, struct qerr *e)
{
	int rc;

	*st = NULL;
	if ((*text = store_json_strs(v, n)) == NULL) {
		qerr_internal(e, NULL);
		qerr_detail(e, "%s: out of memory", what);
		return -1;
	}
	if (store_stmt_get(tx, sql, st, e) != 0)
		goto fail;
	if ((rc = store_bind_str(*st, 1, *text)) != DB_OK) {
		store_stmt_put(tx, *st);
		*st = NULL;
		store_db_err(e, rc, what);
		goto fail;
	}
	return 0;
fail:
	free(*text);
	*text = NULL;
	return -1;
}

int
store_exec(struct store_tx *tx, const char *sql)
{
	if (tx->pg != NULL)
		return pg_exec(tx->pg, sql);
	return sqlite3_exec(tx->conn->db, sql, NULL, NULL, NULL);
}

const char *
store_errmsg(struct store_tx *tx)
{
	if (tx->pg != NULL)
		return pg_errmsg(tx->pg);
	return sqlite3_errmsg(tx->conn->db);
}

int
db_step(struct db_stmt *st)
{
	if (st->pg != NULL)
		return pg_step(st->pg);
	return sqlite3_step(st->sq);
}

int64_t
db_changes(struct store_tx *tx)
{
	if (tx->pg != NULL)
		return pg_changes(tx->pg);
	return sqlite3_changes(tx->conn->db);
}

/* ---- bindings ----------------------------------------------------------- */

int
db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	if (st->pg != NULL)
		return pg_bind_int64(st->pg, idx, v);
	return sqlite3_bind_int64(st->sq, idx, v);
}

int
db_bind_double(struct db_stmt *st, int idx, double v)
{
	if (st->pg != NULL)
		return pg_bind_double(st->pg, idx, v);
	return sqlite3_bind_double(st->sq, idx, v);
}

int
db_bind_null(struct db_stmt *st, int idx)
{
	if (st->pg != NULL)
		return pg_bind(st->pg, idx, NULL, 0, false, false);
	return sqlite3_bind_null(st->sq, idx);
}

int
db_bind_text(struct db_stmt *st, int idx, const char *s, int n)
{
	if (n < 0)
		n = (int)strlen(s);
	if (st->pg != NULL)
		return pg_bind(st->pg, idx, s, n, false, false);
	return sqlite3_bind_text(st->sq, idx, s, n, SQLITE_STATIC);
}

int
db_bind_text_copy(struct db_stmt *st, int idx, const char *s, int n)
{
	if (n < 0)
		n = (int)strlen(s);
	if (st->pg != NULL)
		return pg_bind(st->pg, idx, s, n, false, true);
	return sqlite3_bind_text(st->sq, idx, s, n, SQLITE_TRANSIENT);
}

/* A zero-length blob is bound as one (never as NULL). */
int
db_bind_blob(struct db_stmt *st, int idx, const void *p, int n)
{
	if (st->pg != NULL)
		return pg_bind(st->pg, idx, p != NULL ? p : "", n, true, false);
	return sqlite3_bind_blob(st->sq, idx, p != NULL ? p : "", n, SQLITE_STATIC);
}

int
db_bind_blob_copy(struct db_stmt *st, int idx, const void *p, int n)
{
	if (st->pg != NULL)
		return pg_bind(st->pg, idx, p != NULL ? p : "", n, true, true);
	return sqlite3_bind_blob(st->sq, idx, p != NULL ? p : "", n, SQLITE_TRANSIENT);
}

int
store_bind_field(struct db_stmt *st, int idx, const char *s, size_t max)
{
	return db_bind_text_copy(st, idx, s, (int)strnlen(s, max));
}

int
store_bind_str(struct db_stmt *st, int idx, const char *s)
{
	return db_bind_text(st, idx, s ? s : "", -1);
}

/* ---- columns ------------------------------------------------------------ */

bool
db_col_null(struct db_stmt *st, int col)
{
	if (st->pg != NULL)
		return pg_col_null(st->pg, col);
	return sqlite3_column_type(st->sq, col) == SQLITE_NULL;
}

int64_t
db_col_int64(struct db_stmt *st, int col)
{
	if (st->pg != NULL)
		return pg_col_int64(st->pg, col);
	return sqlite3_column_int64(st->sq, col);
}

int
db_col_int(struct db_stmt *st, int col)
{
	if (st->pg != NULL)
		return (int)pg_col_int64(st->pg, col);
	return sqlite3_column_int(st->sq, col);
}

double
db_col_double(struct db_stmt *st, int col)
{
	if (st->pg != NULL)
		return pg_col_double(st->pg, col);
	return sqlite3_column_double(st->sq, col);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	if (st->pg != NULL)
		return pg_col_text(st->pg, col);
	return (const char *)sqlite3_column_text(st->sq, col);
}

const void *
db_col_blob(struct db_stmt *st, int col)
{
	if (st->pg != NULL)
		return pg_col_blob(st->pg, col);
	return sqlite3_column_blob(st->sq, col);
}

int
db_col_bytes(struct db_stmt *st, int col)
{
	if (st->pg != NULL)
		return pg_col_bytes(st->pg, col);
	return sqlite3_column_bytes(st->sq, col);
}

int
store_child_rows(struct store_tx *tx, const char *sql, const char *id, void **arr, size_t *n,
                 size_t elem_size, store_row_fill_fn fill, const char *what, struct qerr *e)
{
	struct db_stmt *st;
	size_t cap = *n;
	int rc;

	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		char *elem;

		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			void *m = realloc(*arr, ncap * elem_size);

			if (m == NULL)
				goto fail;
			*arr = m;
			cap = ncap;
		}
		elem = (char *)*arr + (*n)++ * elem_size;
		memset(elem, 0, elem_size);
		if (fill(st, elem) != 0)
			goto fail;
		rc = DB_OK;
	}
	store_stmt_put(tx, st);
	if (rc == DB_DONE)
		return 0;
	return store_db_err(e, rc, what);
fail:
	store_stmt_put(tx, st);
	qerr_internal(e, NULL);
	qerr_detail(e, "%s: a value too long or out of memory", what);
	return -1;
}

int
store_col_copy(struct db_stmt *st, int col, char *dst, size_t dstsz)
{
	const char *t = db_col_text(st, col);

	if (t == NULL) {
		if (dstsz > 0)
			dst[0] = '\0';
		return 0;
	}
	return q_strlcpy(dst, t, dstsz) < dstsz ? 0 : -1;
}

int
store_col_blob(struct db_stmt *st, int col, void *dst, size_t n)
{
	const void *b = db_col_blob(st, col);

	if (b == NULL || (size_t)db_col_bytes(st, col) != n)
		return -1;
	memcpy(dst, b, n);
	return 0;
}
