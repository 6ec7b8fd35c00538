/*
 * pg_copy.c — the bulk load of store_load_row on PostgreSQL (qupiya
 * migrate): the rows of one table travel in one COPY ... FROM STDIN
 * instead of one INSERT round trip each.
 *
 * WHY. An INSERT per row costs a round trip and a statement's parse and
 * plan; a body with 10 million audit entries (and as many Merkle nodes)
 * moved at about 5,000 rows/s, over an hour. COPY streams the rows in
 * PostgreSQL's text format, buffered here 256 KiB at a time.
 *
 * HOW. pg_copy_row() opens a COPY for the row's table (ending the one of
 * another table first) and appends the row. Anything else run on the
 * connection (a statement, COMMIT, ROLLBACK) ends the COPY first
 * (pg_copy_end from pg_exec, pg_stmt and pg_commit): a row the server
 * refuses (a duplicate, a foreign key) fails that next step, and the
 * transaction rolls back whole, as a refused INSERT would have made it.
 * The dump's rows of one table are contiguous (store_dump), so each table
 * is one COPY.
 *
 * Text format: columns split by a tab, rows ended by a newline, NULL as
 * \N; backslash, tab, newline and carriage return escaped; bytea as
 * \\x and hex digits; integers in decimal, reals with 17 digits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"

#define COPY_FLUSH (256u * 1024u)   /* bytes buffered before PQputCopyData */

static int
buf_reserve(struct pg_conn *c, size_t more)
{
	size_t need = c->copy_len + more;
	char *p;
	size_t cap;

	if (need <= c->copy_cap)
		return 0;
	cap = c->copy_cap ? c->copy_cap : COPY_FLUSH + 4096;
	while (cap < need)
		cap *= 2;
	if ((p = realloc(c->copy_buf, cap)) == NULL)
		return -1;
	c->copy_buf = p;
	c->copy_cap = cap;
	return 0;
}

static int
put_text(struct pg_conn *c, const unsigned char *p, size_t n)
{
	if (buf_reserve(c, 2 * n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char *o = c->copy_buf + c->copy_len;

		switch (p[i]) {
		case '\\': o[0] = '\\'; o[1] = '\\'; c->copy_len += 2; break;
		case '\t': o[0] = '\\'; o[1] = 't'; c->copy_len += 2; break;
		case '\n': o[0] = '\\'; o[1] = 'n'; c->copy_len += 2; break;
		case '\r': o[0] = '\\'; o[1] = 'r'; c->copy_len += 2; break;
		default: o[0] = (char)p[i]; c->copy_len += 1; break;
		}
	}
	return 0;
}

static int
put_blob(struct pg_conn *c, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char *o;

	if (buf_reserve(c, 3 + 2 * n) != 0)
		return -1;
	o = c->copy_buf + c->copy_len;
	*o++ = '\\';
	*o++ = '\\';
	*o++ = 'x';
	for (size_t i = 0; i < n; i++) {
		*o++ = hex[p[i] >> 4];
		*o++ = hex[p[i] & 15];
	}
	c->copy_len += 3 + 2 * n;
	return 0;
}

static int
put_raw(struct pg_conn *c, const char *s, size_t n)
{
	if (buf_reserve(c, n) != 0)
		return -1;
	memcpy(c->copy_buf + c->copy_len, s, n);
	c->copy_len += n;
	return 0;
}

static int
put_val(struct pg_conn *c, const struct store_val *v)
{
	char num[40];
	int n;

	switch (v->type) {
	case STORE_VAL_INT:
		n = snprintf(num, sizeof num, "%lld", (long long)v->i);
		return put_raw(c, num, (size_t)n);
	case STORE_VAL_REAL:
		n = snprintf(num, sizeof num, "%.17g", v->r);
		return put_raw(c, num, (size_t)n);
	case STORE_VAL_TEXT:
		return put_text(c, v->p ? v->p : (const void *)"", v->len);
	case STORE_VAL_BLOB:
		return put_blob(c, v->p ? v->p : (const void *)"", v->len);
	default:
		return put_raw(c, "\\N", 2);
	}
}

/* Sends what is buffered. A DB_* code. */
static int
flush(struct pg_conn *c)
{
	if (c->copy_len == 0)
		return DB_OK;
	if (PQputCopyData(c->db, c->copy_buf, (int)c->copy_len) != 1) {
		snprintf(c->err, sizeof c->err, "copy: %s", PQerrorMessage(c->db));
		return DB_ERROR;
	}
	c->copy_len = 0;
	return DB_OK;
}

int
pg_copy_end(struct pg_conn *c, bool abort)
{
	PGresult *r;
	int rc = DB_OK;

	if (!c->copying)
		return DB_OK;
	c->copying = false;
	c->copy_table[0] = '\0';
	if (!abort)
		rc = flush(c);
	c->copy_len = 0;
	if (PQputCopyEnd(c->db, abort || rc != DB_OK ? "load aborted" : NULL) != 1 && rc == DB_OK) {
		snprintf(c->err, sizeof c->err, "copy end: %s", PQerrorMessage(c->db));
		rc = DB_ERROR;
	}
	while ((r = PQgetResult(c->db)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == DB_OK && !abort)
			rc = pg_result_code(c, r);
		PQclear(r);
	}
	return abort ? DB_OK : rc;
}

void
pg_copy_free(struct pg_conn *c)
{
	free(c->copy_buf);
	c->copy_buf = NULL;
	c->copy_len = c->copy_cap = 0;
}

int
pg_copy_row(struct store_tx *tx, const struct store_dump_row *row, struct qerr *e)
{
	struct pg_conn *c = tx->pg;
	int rc;

	if (c->copying && strcmp(c->copy_table, row->table) != 0 &&
	    (rc = pg_copy_end(c, false)) != DB_OK) {
		store_db_err(e, rc, "load");
		qerr_detail(e, "load %s: %s", c->err[0] ? "copy" : "", c->err);
		return -1;
	}
	if (!c->copying) {
		char sql[STORE_LOAD_SQL_MAX + 16];
		PGresult *r;

		if (strlen(row->table) >= sizeof c->copy_table)
			return qerr_internal(e, "load: bad row");
		if (store_load_target(row, "COPY", sql, sizeof sql, e) != 0)
			return -1;
		snprintf(sql + strlen(sql), sizeof sql - strlen(sql), " FROM STDIN");
		if (c->begin != PG_BEGUN && (rc = pg_begin_send(c)) != DB_OK) {
			store_db_err(e, rc, "load");
			return -1;
		}
		r = PQexec(c->db, sql);
		if (PQresultStatus(r) != PGRES_COPY_IN) {
			rc = pg_result_code(c, r);
			PQclear(r);
			store_db_err(e, rc, "load");
			qerr_detail(e, "load %s: %s", row->table, c->err);
			return -1;
		}
		PQclear(r);
		c->copying = true;
		snprintf(c->copy_table, sizeof c->copy_table, "%s", row->table);
	}
	for (size_t i = 0; i < row->ncols; i++)
		if ((i > 0 && put_raw(c, "\t", 1) != 0) || put_val(c, &row->vals[i]) != 0)
			return qerr_internal(e, "load: out of memory");
	if (put_raw(c, "\n", 1) != 0)
		return qerr_internal(e, "load: out of memory");
	if (c->copy_len >= COPY_FLUSH && (rc = flush(c)) != DB_OK) {
		store_db_err(e, rc, "load");
		qerr_detail(e, "load %s: %s", row->table, c->err);
		return -1;
	}
	return 0;
}
