/*
 * pg_stmt.c — statements of the PostgreSQL backend (db.h's calls on a
 * PostgreSQL connection): prepare once per connection with "?N" rewritten
 * to "$N", bind values as text (blobs binary), run on the first step, hand
 * the rows out one by one.
 *
 * Owns: each connection's cached statements (struct pg_stmt, freed with the
 * connection) and an uncached one until it is put back.
 *
 * Never: puts SQL text or the server's message in a qerr (only the
 * operation and a generic description of the code); the server's message
 * of a statement that fails to prepare is printed (a bug).
 *
 * Untrusted input: bound values come from requests; they travel as
 * parameters of prepared statements, never as SQL text.
 */
#include "store/pg_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BYTEAOID 17
#define TEXTOID 25

/* ---- errors ------------------------------------------------------------- */

/* "Key (a, b)=(...)" -> "UNIQUE constraint failed: t.a, t.b" in c->err, as
 * SQLite words it (sqlite_table.c names the field from it). */
static void
unique_msg(struct pg_conn *c, const PGresult *r)
{
	const char *table = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
	const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *p, *end;
	size_t n;

	n = (size_t)snprintf(c->err, sizeof c->err, "UNIQUE constraint failed: ");
	if (detail == NULL || strncmp(detail, "Key (", 5) != 0 ||
	    (end = strchr(detail + 5, ')')) == NULL)
		return;
	p = detail + 5;
	while (p < end && n < sizeof c->err - 1) {
		size_t k = strcspn(p, ",)");

		if (p + k > end)
			k = (size_t)(end - p);
		n += (size_t)snprintf(c->err + n, sizeof c->err - n, "%s%s.%.*s",
		                      p == detail + 5 ? "" : ", ", table ? table : "",
		                      (int)k, p);
		if (n >= sizeof c->err)
			break;
		p += k;
		while (p < end && (*p == ',' || *p == ' '))
			p++;
	}
}

int
pg_result_code(struct pg_conn *c, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c->db);

	snprintf(c->err, sizeof c->err, "%s", msg ? msg : "");
	if (state == NULL)
		return PQstatus(c->db) == CONNECTION_OK ? DB_ERROR : DB_IOERR;
	if (strcmp(state, "23505") == 0) {
		unique_msg(c, r);
		return DB_UNIQUE;
	}
	if (strcmp(state, "23503") == 0)
		return DB_FOREIGNKEY;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
		return DB_SERIAL;
	if (strcmp(state, "53100") == 0)
		return DB_FULL;
	/* connection failures, the server shutting down, I/O errors */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "58", 2) == 0)
		return DB_IOERR;
	if (strncmp(state, "23", 2) != 0)
		fprintf(stderr, "qupiya: store: postgresql: %s", c->err);
	return DB_ERROR;
}

const char *
pg_errmsg(struct pg_conn *c)
{
	return c->err;
}

/* The statements of a pending BEGIN (enum pg_begin), one by one. */
static const char *const begin_steps[][3] = {
	[PG_BEGUN] = {NULL},
	[PG_BEGIN_READ] = {"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL},
	[PG_BEGIN_WRITE] = {"BEGIN ISOLATION LEVEL READ COMMITTED",
	                    "SELECT pg_advisory_xact_lock(" PG_LOCK_WRITE ")", NULL},
};

int
pg_begin_send(struct pg_conn *c)
{
	const char *const *steps = begin_steps[c->begin];
	int rc = DB_OK;

	c->begin = PG_BEGUN;
	for (int i = 0; steps[i] != NULL && rc == DB_OK; i++)
		rc = pg_exec(c, steps[i]);
	return rc;
}

int
pg_exec(struct pg_conn *c, const char *sql)
{
	PGresult *r;
	int rc = pg_copy_end(c, strncmp(sql, "ROLLBACK", 8) == 0);
	ExecStatusType t;

	if (rc != DB_OK)
		return rc;
	if (c->begin != PG_BEGUN && (rc = pg_begin_send(c)) != DB_OK)
		return rc;
	r = PQexec(c->db, sql);
	t = PQresultStatus(r);

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
		rc = pg_result_code(c, r);
	PQclear(r);
	return rc;
}

int64_t
pg_changes(struct pg_conn *c)
{
	return c->changes;
}

/* ---- preparing ---------------------------------------------------------- */

/* sql with "?N" (or "?", numbered in order) as "$N" ("$N::text" before
 * IS [NOT] NULL) and SQLite's join-order hint "CROSS JOIN ... ON" as a
 * plain JOIN; *nparams the highest number. NULL on out of memory or too many parameters. */
static char *
translate(const char *sql, int *nparams, bool used[PG_PARAMS_MAX])
{
	size_t n = strlen(sql);
	char *out = malloc(n * 2 + 16), *o = out;
	int next = 0, max = 0;
	bool quoted = false;

	if (out == NULL)
		return NULL;
	for (const char *p = sql; *p != '\0'; p++) {
		if (*p == '\'')
			quoted = !quoted;
		if (!quoted && *p == '?') {
			int k;

			if (p[1] >= '0' && p[1] <= '9') {
				k = (int)strtol(p + 1, (char **)&p, 10);
				p--;
			} else {
				k = next + 1;
			}
			next = k;
			if (k > max)
				max = k;
			if (k >= 1 && k <= PG_PARAMS_MAX)
				used[k - 1] = true;
			o += sprintf(o, "$%d", k);
			/* "?N IS NULL" gives the server no type to infer: the
			 * store tests only text parameters so */
			if (strncmp(p + 1, " IS NULL", 8) == 0 || strncmp(p + 1, " IS NOT NULL", 12) == 0)
				o += sprintf(o, "::text");
			continue;
		}
		if (!quoted && strncmp(p, " CROSS JOIN ", 12) == 0) {
			memcpy(o, " JOIN ", 6);
			o += 6;
			p += 11;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	if (max > PG_PARAMS_MAX) {
		free(out);
		return NULL;
	}
	*nparams = max;
	return out;
}

static void
stmt_clear(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
	for (int i = 0; i < st->nblobs; i++) {
		free(st->blobs[i]);
		st->blobs[i] = NULL;
	}
	for (int i = 0; i < st->nparams; i++)
		st->vals[i] = NULL;
}

void
pg_stmt_free(struct pg_stmt *st)
{
	if (st == NULL)
		return;
	stmt_clear(st);
	for (int i = 0; i < PG_PARAMS_MAX; i++)
		free(st->buf[i]);
	free(st->blobs);
	free(st->bloblens);
	free(st);
}

int
pg_stmt_get(struct store_tx *tx, const char *sql, bool cache, struct db_stmt **out,
            struct qerr *e)
{
	struct pg_conn *c = tx->pg;
	struct pg_slot *slot = NULL;
	struct pg_stmt *st;
	PGresult *r;
	char *text;
	bool used[PG_PARAMS_MAX] = {false};
	Oid types[PG_PARAMS_MAX] = {0};
	int n = 0, rc;

	*out = NULL;
	for (int i = 0; cache && i < c->nstmt; i++) {
		if (c->stmt[i].sql == sql) {
			slot = &c->stmt[i];
			break;
		}
	}
	if ((rc = pg_copy_end(c, false)) != DB_OK)
		return store_db_err(e, rc, "load");
	if (slot != NULL && !slot->busy) {
		slot->busy = true;
		*out = &slot->st->db;
		return 0;
	}
	if (cache && slot == NULL && c->nstmt < PG_STMT_CACHE)
		slot = &c->stmt[c->nstmt];
	else
		slot = NULL;
	/* An unnamed statement (not cached) lives only until the next
	 * simple query or Parse, which a pending BEGIN would be: that BEGIN
	 * goes first, alone. */
	if (slot == NULL && c->begin != PG_BEGUN && (rc = pg_begin_send(c)) != DB_OK)
		return store_db_err(e, rc, "begin");
	if ((st = calloc(1, sizeof *st)) == NULL)
		return qerr_internal(e, "prepare: out of memory");
	if ((text = translate(sql, &n, used)) == NULL) {
		free(st);
		return qerr_internal(e, "prepare: out of memory");
	}
	st->c = c;
	st->nparams = n;
	st->row = -1;
	st->db.pg = st;
	if (slot != NULL)
		snprintf(st->name, sizeof st->name, "q%d", c->nstmt);
	/* A number the text skips (a generated query without that filter)
	 * still gets a type: text, never bound. */
	for (int i = 0; i < n; i++)
		types[i] = used[i] ? 0 : TEXTOID;
	r = PQprepare(c->db, st->name, text, n, types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		rc = pg_result_code(c, r);
		/* Static SQL that does not prepare is a bug: say which. */
		fprintf(stderr, "qupiya: store: postgresql: in: %.400s\n", text);
		free(text);
		PQclear(r);
		free(st);
		return store_db_err(e, rc, "prepare");
	}
	free(text);
	PQclear(r);
	if (slot != NULL) {
		slot->sql = sql;
		slot->st = st;
		slot->busy = true;
		c->nstmt++;
	}
	*out = &st->db;
	return 0;
}

void
pg_stmt_put(struct store_tx *tx, struct db_stmt *d)
{
	struct pg_conn *c = tx->pg;
	struct pg_stmt *st = d->pg;

	stmt_clear(st);
	if (st->name[0] != '\0') {
		for (int i = 0; i < c->nstmt; i++)
			if (c->stmt[i].st == st) {
				c->stmt[i].busy = false;
				return;
			}
	}
	pg_stmt_free(st);
}

/* ---- binding ------------------------------------------------------------ */

int
pg_bind(struct pg_stmt *st, int idx, const void *p, int n, bool blob, bool copy)
{
	int i = idx - 1;

	(void)copy;   /* always copied: text must end in a NUL here */
	if (i < 0 || i >= st->nparams)
		return DB_MISUSE;
	if (p == NULL) {
		st->vals[i] = NULL;
		return DB_OK;
	}
	if (st->cap[i] < (size_t)n + 1) {
		size_t cap = (size_t)n + 1 < 64 ? 64 : (size_t)n + 1;
		char *b = realloc(st->buf[i], cap);

		if (b == NULL)
			return DB_NOMEM;
		st->buf[i] = b;
		st->cap[i] = cap;
	}
	memcpy(st->buf[i], p, (size_t)n);
	st->buf[i][n] = '\0';
	st->vals[i] = st->buf[i];
	st->lens[i] = n;
	st->fmts[i] = blob ? 1 : 0;
	return DB_OK;
}

int
pg_bind_int64(struct pg_stmt *st, int idx, int64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%" PRId64, v);

	return pg_bind(st, idx, num, n, false, true);
}

int
pg_bind_double(struct pg_stmt *st, int idx, double v)
{
	char num[40];
	int n = snprintf(num, sizeof num, "%.17g", v);

	return pg_bind(st, idx, num, n, false, true);
}

/* ---- stepping ----------------------------------------------------------- */

/* st after c's pending BEGIN, in one round trip (libpq's pipeline mode:
 * the BEGIN steps and st sent, one sync, the answers read in order).
 * st's result, or NULL when a step failed (then *rc is its code). */
static PGresult *
exec_with_begin(struct pg_stmt *st, int *rc)
{
	struct pg_conn *c = st->c;
	const char *const *steps = begin_steps[c->begin];
	PGresult *r, *res = NULL;
	int n = 0;

	*rc = DB_OK;
	c->begin = PG_BEGUN;
	if (PQenterPipelineMode(c->db) != 1) {
		*rc = pg_result_code(c, NULL);
		return NULL;
	}
	for (; steps[n] != NULL; n++)
		if (PQsendQueryParams(c->db, steps[n], 0, NULL, NULL, NULL, NULL, 0) != 1)
			break;
	if (steps[n] != NULL ||
	    PQsendQueryPrepared(c->db, st->name, st->nparams, st->vals, st->lens, st->fmts,
	                        0) != 1 ||
	    PQpipelineSync(c->db) != 1) {
		*rc = pg_result_code(c, NULL);
		return NULL;   /* the connection is broken: closed when given back */
	}
	/* n + 1 answers, each ended by a NULL, then the sync's */
	for (int i = 0; i <= n; i++) {
		ExecStatusType t;

		if ((r = PQgetResult(c->db)) == NULL) {
			if (*rc == DB_OK)
				*rc = pg_result_code(c, NULL);
			break;
		}
		t = PQresultStatus(r);
		if (*rc == DB_OK && t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
			*rc = pg_result_code(c, r);
		if (i == n && *rc == DB_OK)
			res = r;
		else
			PQclear(r);
		while ((r = PQgetResult(c->db)) != NULL)
			PQclear(r);
	}
	while ((r = PQgetResult(c->db)) != NULL) {   /* PGRES_PIPELINE_SYNC */
		ExecStatusType t = PQresultStatus(r);

		PQclear(r);
		if (t == PGRES_PIPELINE_SYNC)
			break;
	}
	(void)PQexitPipelineMode(c->db);
	return res;
}

static int
run(struct pg_stmt *st)
{
	struct pg_conn *c = st->c;
	const char *tuples;
	ExecStatusType t;
	int rc0 = pg_copy_end(c, false);

	if (rc0 != DB_OK)
		return rc0;
	if (c->begin != PG_BEGUN) {
		st->res = exec_with_begin(st, &rc0);
		if (st->res == NULL) {
			c->changes = 0;
			return rc0;
		}
	} else {
		st->res = PQexecPrepared(c->db, st->name, st->nparams, st->vals, st->lens,
		                         st->fmts, 0);
	}
	t = PQresultStatus(st->res);
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		int rc = pg_result_code(c, st->res);

		PQclear(st->res);
		st->res = NULL;
		c->changes = 0;
		return rc;
	}
	tuples = PQcmdTuples(st->res);
	c->changes = tuples[0] != '\0' ? strtoll(tuples, NULL, 10) : 0;
	st->nrows = t == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
	st->row = -1;
	if (PQnfields(st->res) > st->nblobs) {
		int k = PQnfields(st->res);
		unsigned char **b = realloc(st->blobs, (size_t)k * sizeof *b);
		size_t *l;

		if (b == NULL)
			return DB_NOMEM;
		st->blobs = b;
		for (int i = st->nblobs; i < k; i++)
			b[i] = NULL;
		l = realloc(st->bloblens, (size_t)k * sizeof *l);
		if (l == NULL) {
			st->nblobs = k;   /* b's new entries are NULL: freed safely */
			return DB_NOMEM;
		}
		st->bloblens = l;
		st->nblobs = k;
	}
	return DB_OK;
}

int
pg_step(struct pg_stmt *st)
{
	if (st->res == NULL) {
		int rc = run(st);

		if (rc != DB_OK)
			return rc;
	}
	for (int i = 0; i < st->nblobs; i++) {
		free(st->blobs[i]);
		st->blobs[i] = NULL;
	}
	if (st->row + 1 >= st->nrows) {
		st->row = st->nrows;
		return DB_DONE;
	}
	st->row++;
	return DB_ROW;
}

/* ---- columns ------------------------------------------------------------ */

static bool
on_row(const struct pg_stmt *st, int col)
{
	return st->res != NULL && st->row >= 0 && st->row < st->nrows && col >= 0 &&
	       col < PQnfields(st->res);
}

bool
pg_col_null(struct pg_stmt *st, int col)
{
	return !on_row(st, col) || PQgetisnull(st->res, st->row, col);
}

const char *
pg_col_text(struct pg_stmt *st, int col)
{
	if (pg_col_null(st, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

int64_t
pg_col_int64(struct pg_stmt *st, int col)
{
	const char *t = pg_col_text(st, col);

	if (t == NULL)
		return 0;
	if (t[0] == 't' && t[1] == '\0')
		return 1;
	return strtoll(t, NULL, 10);
}

double
pg_col_double(struct pg_stmt *st, int col)
{
	const char *t = pg_col_text(st, col);

	return t != NULL ? strtod(t, NULL) : 0.0;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decodes the bytea column col ("\x" hex, the server's default output)
 * into st->blobs[col]. 0, or -1 (not hex, out of memory). */
static int
blob_decode(struct pg_stmt *st, int col)
{
	const char *t = PQgetvalue(st->res, st->row, col);
	size_t n = (size_t)PQgetlength(st->res, st->row, col);
	unsigned char *b;

	if (n < 2 || t[0] != '\\' || t[1] != 'x' || (n - 2) % 2 != 0)
		return -1;
	if ((b = malloc((n - 2) / 2 + 1)) == NULL)
		return -1;
	for (size_t i = 0; i < (n - 2) / 2; i++) {
		int hi = hexval(t[2 + 2 * i]), lo = hexval(t[3 + 2 * i]);

		if (hi < 0 || lo < 0) {
			free(b);
			return -1;
		}
		b[i] = (unsigned char)(hi << 4 | lo);
	}
	st->blobs[col] = b;
	st->bloblens[col] = (n - 2) / 2;
	return 0;
}

const void *
pg_col_blob(struct pg_stmt *st, int col)
{
	if (pg_col_null(st, col))
		return NULL;
	if (PQftype(st->res, col) != BYTEAOID)
		return PQgetvalue(st->res, st->row, col);
	if (st->blobs[col] == NULL && blob_decode(st, col) != 0)
		return NULL;
	return st->blobs[col];
}

int
pg_col_bytes(struct pg_stmt *st, int col)
{
	if (pg_col_null(st, col))
		return 0;
	if (PQftype(st->res, col) != BYTEAOID)
		return PQgetlength(st->res, st->row, col);
	if (st->blobs[col] == NULL && blob_decode(st, col) != 0)
		return 0;
	return (int)st->bloblens[col];
}
