/*
 * sqlite_table.c — typed tables on SQLite (store_table.h): the SQL of each
 * described table generated from its struct store_table, rows bound and
 * read column by column.
 *
 * How it works. Every statement is generated into a stack buffer from the
 * description (and, for lists, the shape of the conditions: which columns,
 * which operators, which values are NULL), then interned: struct store
 * keeps one heap copy of each distinct text for its whole life (sqltext
 * list, under store->mu), so the text's address is stable and the
 * per-connection statement cache (store_stmt_get, keyed by that address)
 * prepares each statement once per connection.
 *
 * Column numbering: every SELECT reads id, seq, version, then cols[1..]
 * (result column i + 2 for cols[i]); INSERT and UPDATE bind cols[i] as
 * parameter ?(i + 2), ?1 being the id and ?2 the seq (INSERT) or the
 * version read (UPDATE).
 *
 * Owns: the interned texts (freed by store_close via store_sqltext_free);
 * the heap strings of rows it reads belong to the caller (store_row_free).
 *
 * Untrusted input: values in rows and conditions reach here from requests;
 * they are only ever bound as parameters. Table, column and enum names come
 * from the static descriptions and are checked to be plain identifiers /
 * quote-free names before they enter SQL text.
 */
#include "store/db.h"
#include "store/store_table.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TSQL_MAX 8192   /* one generated statement */

/* ---- interned SQL texts ------------------------------------------------ */

struct store_sqltext {
	struct store_sqltext *next;
	uint64_t hash;
	char sql[];
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

/* The interned copy of sql (stable for the life of the store). */
static const char *
sql_intern(struct store *s, const char *sql, struct qerr *e)
{
	uint64_t h = fnv1a(sql);
	struct store_sqltext *t;
	size_t n;

	pthread_mutex_lock(&s->mu);
	for (t = s->sqltexts; t != NULL; t = t->next)
		if (t->hash == h && strcmp(t->sql, sql) == 0)
			break;
	if (t == NULL) {
		n = strlen(sql) + 1;
		t = malloc(sizeof *t + n);
		if (t != NULL) {
			t->hash = h;
			memcpy(t->sql, sql, n);
			t->next = s->sqltexts;
			s->sqltexts = t;
		}
	}
	pthread_mutex_unlock(&s->mu);
	if (t == NULL) {
		qerr_internal(e, "table: out of memory");
		return NULL;
	}
	return t->sql;
}

void
store_sqltext_free(struct store *s)
{
	struct store_sqltext *t, *next;

	for (t = s->sqltexts; t != NULL; t = next) {
		next = t->next;
		free(t);
	}
	s->sqltexts = NULL;
}

/* ---- SQL text building ------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, len;
	bool over;
};

static void
sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (b->over)
		return;
	va_start(ap, fmt);
	k = vsnprintf(b->p + b->len, b->n - b->len, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= b->n - b->len) {
		b->over = true;
		return;
	}
	b->len += (size_t)k;
}

static bool
ident_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static bool
name_ok(const char *s)
{
	return s != NULL && strchr(s, '\'') == NULL;
}

/* A description unfit for SQL is a programming error. */
static int
table_check(const struct store_table *t, struct qerr *e)
{
	if (t == NULL || !ident_ok(t->name) || t->ncols < 1 || t->cols[0].type != STORE_COL_ID)
		goto bad;
	for (size_t i = 0; i < t->ncols; i++) {
		const struct store_col *c = &t->cols[i];

		if (!ident_ok(c->name))
			goto bad;
		if ((c->type == STORE_COL_ID || c->type == STORE_COL_REF) && c->size < 2)
			goto bad;
		if (c->type == STORE_COL_ENUM) {
			if (c->names == NULL || c->names[0] == NULL)
				goto bad;
			for (size_t k = 0; c->names[k] != NULL; k++)
				if (!name_ok(c->names[k]))
					goto bad;
		}
	}
	return 0;
bad:
	qerr_internal(e, NULL);
	qerr_detail(e, "table %s: bad description", t && t->name ? t->name : "?");
	return -1;
}

static const char *
col_sql_type(enum store_col_type type)
{
	switch (type) {
	case STORE_COL_INT:
	case STORE_COL_BOOL:
		return "INTEGER";
	case STORE_COL_REAL:
		return "REAL";
	default:
		return "TEXT";
	}
}

int
store_table_create_sql(const struct store_table *t, char *buf, size_t bufsz)
{
	struct sbuf b = {buf, bufsz, 0, false};

	if (bufsz == 0 || table_check(t, NULL) != 0)
		return -1;
	buf[0] = '\0';
	sb_add(&b, "CREATE TABLE IF NOT EXISTS %s(\n  %s TEXT PRIMARY KEY NOT NULL,\n"
	       "  seq INTEGER NOT NULL UNIQUE,\n  version INTEGER NOT NULL DEFAULT 1",
	       t->name, t->cols[0].name);
	for (size_t i = 1; i < t->ncols; i++) {
		const struct store_col *c = &t->cols[i];

		sb_add(&b, ",\n  %s %s", c->name, col_sql_type(c->type));
		if (!(c->flags & STORE_COL_NULLABLE))
			sb_add(&b, " NOT NULL");
		switch (c->type) {
		case STORE_COL_BOOL:
			sb_add(&b, " CHECK (%s IN (0, 1))", c->name);
			break;
		case STORE_COL_DATE:
			sb_add(&b, " CHECK (%s GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')",
			       c->name);
			break;
		case STORE_COL_ENUM:
		{
			bool first = true;

			/* "" names are placeholders (a nullable enum's 0, a value
			 * no row holds), never stored. */
			sb_add(&b, " CHECK (%s IN (", c->name);
			for (size_t k = 0; c->names[k] != NULL; k++) {
				if (c->names[k][0] == '\0')
					continue;
				sb_add(&b, "%s'%s'", first ? "" : ", ", c->names[k]);
				first = false;
			}
			sb_add(&b, "))");
		}
			break;
		default:
			break;
		}
		if (c->references != NULL)
			sb_add(&b, " REFERENCES %s", c->references);
	}
	sb_add(&b, "\n);\n");
	for (size_t i = 1; i < t->ncols; i++)
		if (t->cols[i].flags & STORE_COL_INDEXED)
			sb_add(&b, "CREATE INDEX IF NOT EXISTS %s_%s ON %s(%s, seq);\n",
			       t->name, t->cols[i].name, t->name, t->cols[i].name);
	if (t->extra_sql != NULL)
		sb_add(&b, "%s\n", t->extra_sql);
	return b.over ? -1 : 0;
}

int
store_table_create(struct store_tx *tx, const struct store_table *t, struct qerr *e)
{
	char buf[TSQL_MAX];
	int rc;

	if (store_tx_writable(tx, "table create", e) != 0)
		return -1;
	if (store_table_create_sql(t, buf, sizeof buf) != 0) {
		qerr_internal(e, NULL);
		qerr_detail(e, "table create %s: bad description", t && t->name ? t->name : "?");
		return -1;
	}
	rc = store_exec(tx, buf);
	return rc == DB_OK ? 0 : store_db_err(e, rc, "table create");
}

static const char SQL_TABLE_INFO[] =
	"SELECT name, type, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid";

int
store_table_check(struct store_tx *tx, const struct store_table *t, struct qerr *e)
{
	struct db_stmt *st;
	size_t k = 0;
	int rc, ret = 0;

	if (store_tx_usable(tx, "table check", e) != 0 || table_check(t, e) != 0 ||
	    store_stmt_get(tx, SQL_TABLE_INFO, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, t->name);
	while (ret == 0 && (rc = db_step(st)) == DB_ROW) {
		const char *name = (const char *)db_col_text(st, 0);
		const char *type = (const char *)db_col_text(st, 1);
		bool notnull = db_col_int(st, 2) != 0;
		const char *wname, *wtype;
		bool wnotnull;

		/* id, seq, version, then cols[1..] */
		if (k == 0) {
			wname = t->cols[0].name, wtype = "TEXT", wnotnull = true;
		} else if (k == 1 || k == 2) {
			wname = k == 1 ? "seq" : "version", wtype = "INTEGER", wnotnull = true;
		} else if (k - 2 < t->ncols) {
			const struct store_col *c = &t->cols[k - 2];

			wname = c->name;
			wtype = col_sql_type(c->type);
			wnotnull = !(c->flags & STORE_COL_NULLABLE);
		} else {
			wname = NULL, wtype = NULL, wnotnull = false;
		}
		if (wname == NULL || name == NULL || type == NULL || strcmp(name, wname) != 0 ||
		    strcmp(type, wtype) != 0 || notnull != wnotnull) {
			qerr_internal(e, NULL);
			qerr_detail(e, "table %s: column %zu (%s) differs", t->name, k,
			            name ? name : "?");
			ret = -1;
		}
		k++;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "table check");
	if (ret == 0 && k != t->ncols + 2) {
		qerr_internal(e, NULL);
		qerr_detail(e, "table %s: %zu columns, described %zu", t->name, k, t->ncols + 2);
		ret = -1;
	}
	store_stmt_put(tx, st);
	return ret;
}

/* "SELECT id, seq, version, c1, ... FROM t" */
static void
sb_select(struct sbuf *b, const struct store_table *t)
{
	sb_add(b, "SELECT %s, seq, version", t->cols[0].name);
	for (size_t i = 1; i < t->ncols; i++)
		sb_add(b, ", %s", t->cols[i].name);
	sb_add(b, " FROM %s", t->name);
}

/* Generates, interns, and gets the statement ready. */
static int
stmt_for(struct store_tx *tx, struct sbuf *b, struct db_stmt **st, const char *op,
         struct qerr *e)
{
	const char *sql;

	*st = NULL;
	if (b->over) {
		qerr_internal(e, NULL);
		qerr_detail(e, "%s: statement too long", op);
		return -1;
	}
	if ((sql = sql_intern(tx->s, b->p, e)) == NULL)
		return -1;
	return store_stmt_get(tx, sql, st, e);
}

/* ---- binding and reading rows ----------------------------------------- */

static const char *
enum_name(const struct store_col *c, int64_t v)
{
	for (int64_t k = 0; c->names[k] != NULL; k++)
		if (k == v)
			return c->names[k];
	return NULL;
}

/* Binds cols[i] of row as parameter idx. */
static int
bind_col(struct db_stmt *st, int idx, const struct store_col *c, const void *row,
         const char *op, struct qerr *e)
{
	const char *p = (const char *)row + c->offset;
	bool nullable = (c->flags & STORE_COL_NULLABLE) != 0;
	char date[QDATE_STR_SIZE];
	int rc;

	switch (c->type) {
	case STORE_COL_ID:
	case STORE_COL_REF:
		if (nullable && p[0] == '\0')
			rc = db_bind_null(st, idx);
		else
			rc = store_bind_field(st, idx, p, c->size);
		break;
	case STORE_COL_TEXT: {
		const char *s = *(char *const *)(const void *)p;

		rc = s == NULL ? db_bind_null(st, idx)
		               : db_bind_text(st, idx, s, -1);
		break;
	}
	case STORE_COL_INT: {
		int64_t v;

		memcpy(&v, p, sizeof v);
		rc = (nullable && v == STORE_INT_NULL) ? db_bind_null(st, idx)
		                                       : db_bind_int64(st, idx, v);
		break;
	}
	case STORE_COL_BOOL: {
		bool v;

		memcpy(&v, p, sizeof v);
		rc = db_bind_int64(st, idx, v ? 1 : 0);
		break;
	}
	case STORE_COL_DATE: {
		qdate d;

		memcpy(&d, p, sizeof d);
		if (d == QDATE_NONE)
			rc = db_bind_null(st, idx);
		else
			rc = db_bind_text_copy(st, idx, date_format(d, date), -1);
		break;
	}
	case STORE_COL_ENUM: {
		int v;
		const char *name;

		memcpy(&v, p, sizeof v);
		if (nullable && v == 0) {
			rc = db_bind_null(st, idx);
			break;
		}
		if ((name = enum_name(c, v)) == NULL || name[0] == '\0') {
			qerr_internal(e, NULL);
			qerr_detail(e, "%s: %s: value %d has no name", op, c->name, v);
			return -1;
		}
		rc = db_bind_text(st, idx, name, -1);
		break;
	}
	case STORE_COL_REAL: {
		double v;

		memcpy(&v, p, sizeof v);
		rc = (nullable && isnan(v)) ? db_bind_null(st, idx) : db_bind_double(st, idx, v);
		break;
	}
	default:
		rc = DB_MISUSE;
	}
	return rc == DB_OK ? 0 : store_db_err(e, rc, op);
}

/* Reads result column k into cols[i] of row. */
static int
read_col(struct db_stmt *st, int k, const struct store_col *c, void *row,
         const char **why)
{
	char *p = (char *)row + c->offset;
	bool null = db_col_null(st, k);

	switch (c->type) {
	case STORE_COL_ID:
	case STORE_COL_REF:
		if (store_col_copy(st, k, p, c->size) != 0) {
			*why = "column too long";
			return -1;
		}
		return 0;
	case STORE_COL_TEXT: {
		char *s = NULL;

		if (!null) {
			const char *t = db_col_text(st, k);
			int n = db_col_bytes(st, k);

			if (t == NULL || (s = malloc((size_t)n + 1)) == NULL) {
				*why = "out of memory";
				return -1;
			}
			memcpy(s, t, (size_t)n);
			s[n] = '\0';
		}
		memcpy(p, &s, sizeof s);
		return 0;
	}
	case STORE_COL_INT: {
		int64_t v = null ? STORE_INT_NULL : db_col_int64(st, k);

		memcpy(p, &v, sizeof v);
		return 0;
	}
	case STORE_COL_BOOL: {
		bool v = db_col_int(st, k) != 0;

		memcpy(p, &v, sizeof v);
		return 0;
	}
	case STORE_COL_DATE: {
		qdate d = QDATE_NONE;
		const char *t;

		if (!null) {
			t = (const char *)db_col_text(st, k);
			if (t == NULL || date_parse(t, &d) != 0) {
				*why = "bad date";
				return -1;
			}
		}
		memcpy(p, &d, sizeof d);
		return 0;
	}
	case STORE_COL_ENUM: {
		int v = 0;
		const char *t;

		if (!null) {
			t = (const char *)db_col_text(st, k);
			v = -1;
			for (int j = 0; t != NULL && c->names[j] != NULL; j++)
				if (strcmp(c->names[j], t) == 0) {
					v = j;
					break;
				}
			if (v < 0) {
				*why = "unknown enum name";
				return -1;
			}
		}
		memcpy(p, &v, sizeof v);
		return 0;
	}
	case STORE_COL_REAL: {
		double v = null ? NAN : db_col_double(st, k);

		memcpy(p, &v, sizeof v);
		return 0;
	}
	}
	*why = "bad column type";
	return -1;
}

/* Fills row (zeroed first) from the current result row. */
static int
row_read(struct db_stmt *st, const struct store_table *t, void *row, const char *op,
         struct qerr *e)
{
	struct store_row_hdr *h = row;
	const char *why = NULL;

	memset(row, 0, t->row_size);
	if (read_col(st, 0, &t->cols[0], row, &why) != 0)
		goto fail;
	h->seq = db_col_int64(st, 1);
	h->version = db_col_int64(st, 2);
	for (size_t i = 1; i < t->ncols; i++)
		if (read_col(st, (int)i + 2, &t->cols[i], row, &why) != 0)
			goto fail;
	return 0;
fail:
	store_row_free(t, row);
	qerr_internal(e, NULL);
	qerr_detail(e, "%s %s: %s", op, t->name, why);
	return -1;
}

void
store_row_free(const struct store_table *t, void *row)
{
	if (t == NULL || row == NULL)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->cols[i].type == STORE_COL_TEXT) {
			char *s;

			memcpy(&s, (char *)row + t->cols[i].offset, sizeof s);
			free(s);
		}
	}
	memset(row, 0, t->row_size);
}

/* A failed write: a UNIQUE violation names the first column of its key
 * (SQLite: "UNIQUE constraint failed: table.col, table.col2"). */
static int
write_err(struct store_tx *tx, const struct store_table *t, int rc, const char *op,
          struct qerr *e)
{
	const char *msg, *p, *dot;
	char field[QERR_FIELD_MAX];
	size_t n;

	store_db_err(e, rc, op);
	if (e == NULL || (rc != DB_UNIQUE && rc != DB_PRIMARYKEY))
		return -1;
	msg = store_errmsg(tx);
	p = msg != NULL ? strstr(msg, "failed: ") : NULL;
	if (p == NULL)
		return -1;
	p += strlen("failed: ");
	dot = strchr(p, '.');
	if (dot != NULL && (size_t)(dot - p) == strlen(t->name) &&
	    strncmp(p, t->name, strlen(t->name)) == 0)
		p = dot + 1;
	n = strcspn(p, ", ");
	if (n == 0 || n >= sizeof field)
		return -1;
	memcpy(field, p, n);
	field[n] = '\0';
	q_strlcpy(e->field, field, sizeof e->field);
	return -1;
}

/* ---- sequence ---------------------------------------------------------- */

/* The record table's AUTOINCREMENT counter is the one sequence: records
 * and typed rows draw from it alike (store_table.h "SEQ"). */
static const char SQL_SEQ_NEXT[] =
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM record)) + 1"
	" WHERE name = 'record' RETURNING seq";
static const char SQL_SEQ_FIRST[] =
	"INSERT INTO sqlite_sequence(name, seq)"
	" SELECT 'record', coalesce(max(seq), 0) + 1 FROM record RETURNING seq";
/* n more after store_seq_next's: ?1 = n - 1 */
static const char SQL_SEQ_RESERVE[] =
	"UPDATE sqlite_sequence SET seq = seq + ?1 WHERE name = 'record' RETURNING seq";
/* PostgreSQL: record.seq's own sequence (pg_schema.c). */
static const char SQL_SEQ_PG[] = "SELECT nextval('record_seq_seq')";

int
store_seq_next(struct store_tx *tx, int64_t *seq, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	*seq = 0;
	if (store_tx_writable(tx, "seq next", e) != 0)
		return -1;
	if (tx->seq_next > 0 && tx->seq_next < tx->seq_end) {
		*seq = tx->seq_next++;
		return 0;
	}
	for (int pass = 0; pass < 2; pass++) {
		if (store_stmt_get(tx, DB_SQL(tx, pass == 0 ? SQL_SEQ_NEXT : SQL_SEQ_FIRST,
		                                   SQL_SEQ_PG), &st, e) != 0)
			return -1;
		rc = db_step(st);
		if (rc == DB_ROW) {
			*seq = db_col_int64(st, 0);
			/* finish the statement so its write is complete */
			rc = db_step(st);
		}
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "seq next");
		if (*seq > 0)
			return 0;
	}
	return qerr_internal(e, "seq next: no sequence");
}

int
store_seq_reserve(struct store_tx *tx, int64_t n, struct qerr *e)
{
	struct db_stmt *st;
	int64_t last = 0;
	int rc;

	if (store_tx_writable(tx, "seq reserve", e) != 0)
		return -1;
	if (tx->pg != NULL || n < 1 || (tx->seq_next > 0 && tx->seq_next < tx->seq_end))
		return 0;   /* PostgreSQL: nextval per row; or some left */
	if (store_seq_next(tx, &last, e) != 0 || store_stmt_get(tx, SQL_SEQ_RESERVE, &st, e) != 0)
		return -1;
	db_bind_int64(st, 1, n - 1);
	rc = db_step(st);
	if (rc == DB_ROW) {
		last = db_col_int64(st, 0);
		rc = db_step(st);
	}
	store_stmt_put(tx, st);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "seq reserve");
	tx->seq_next = last - (n - 1);
	tx->seq_end = last + 1;
	return 0;
}

/* ---- rows -------------------------------------------------------------- */

static int
row_id_check(const struct store_table *t, const void *row, const char *op, struct qerr *e)
{
	const char *id = (const char *)row + t->cols[0].offset;

	if (id[0] == '\0' || memchr(id, '\0', t->cols[0].size) == NULL) {
		qerr_internal(e, NULL);
		qerr_detail(e, "%s %s: no id", op, t->name);
		return -1;
	}
	return 0;
}

int
store_row_insert(struct store_tx *tx, const struct store_table *t, void *row,
                 struct qerr *e)
{
	struct store_row_hdr *h = row;
	char buf[TSQL_MAX];
	struct sbuf b = {buf, sizeof buf, 0, false};
	struct db_stmt *st;
	int64_t seq;
	int rc, ret = 0;

	if (store_tx_writable(tx, "row insert", e) != 0 || table_check(t, e) != 0 ||
	    row_id_check(t, row, "row insert", e) != 0)
		return -1;
	sb_add(&b, "INSERT INTO %s(%s, seq, version", t->name, t->cols[0].name);
	for (size_t i = 1; i < t->ncols; i++)
		sb_add(&b, ", %s", t->cols[i].name);
	sb_add(&b, ") VALUES (?1, ?2, 1");
	for (size_t i = 1; i < t->ncols; i++)
		sb_add(&b, ", ?%zu", i + 2);
	sb_add(&b, ")");
	if (store_seq_next(tx, &seq, e) != 0 || stmt_for(tx, &b, &st, "row insert", e) != 0)
		return -1;
	ret = bind_col(st, 1, &t->cols[0], row, "row insert", e);
	if (ret == 0 && (rc = db_bind_int64(st, 2, seq)) != DB_OK)
		ret = store_db_err(e, rc, "row insert");
	for (size_t i = 1; ret == 0 && i < t->ncols; i++)
		ret = bind_col(st, (int)i + 2, &t->cols[i], row, "row insert", e);
	if (ret == 0) {
		rc = db_step(st);
		if (rc == DB_DONE) {
			h->seq = seq;
			h->version = 1;
		} else {
			ret = write_err(tx, t, rc, "row insert", e);
		}
	}
	store_stmt_put(tx, st);
	return ret;
}

/* 0 when a row with that id exists, 404 when not. */
static int
row_exists(struct store_tx *tx, const struct store_table *t, const char *id,
           const char *op, struct qerr *e)
{
	char buf[512];
	struct sbuf b = {buf, sizeof buf, 0, false};
	struct db_stmt *st;
	int rc, ret;

	sb_add(&b, "SELECT 1 FROM %s WHERE %s = ?1", t->name, t->cols[0].name);
	if (stmt_for(tx, &b, &st, op, e) != 0)
		return -1;
	store_bind_str(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		ret = 0;
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	else
		ret = store_db_err(e, rc, op);
	store_stmt_put(tx, st);
	return ret;
}

int
store_row_update(struct store_tx *tx, const struct store_table *t, void *row,
                 struct qerr *e)
{
	struct store_row_hdr *h = row;
	char buf[TSQL_MAX];
	struct sbuf b = {buf, sizeof buf, 0, false};
	struct db_stmt *st;
	int rc, ret = 0;
	bool changed;

	if (store_tx_writable(tx, "row update", e) != 0 || table_check(t, e) != 0 ||
	    row_id_check(t, row, "row update", e) != 0)
		return -1;
	sb_add(&b, "UPDATE %s SET version = version + 1", t->name);
	for (size_t i = 1; i < t->ncols; i++)
		if (!(t->cols[i].flags & STORE_COL_IMMUTABLE))
			sb_add(&b, ", %s = ?%zu", t->cols[i].name, i + 2);
	sb_add(&b, " WHERE %s = ?1 AND version = ?2", t->cols[0].name);
	if (stmt_for(tx, &b, &st, "row update", e) != 0)
		return -1;
	ret = bind_col(st, 1, &t->cols[0], row, "row update", e);
	if (ret == 0 && (rc = db_bind_int64(st, 2, h->version)) != DB_OK)
		ret = store_db_err(e, rc, "row update");
	for (size_t i = 1; ret == 0 && i < t->ncols; i++)
		if (!(t->cols[i].flags & STORE_COL_IMMUTABLE))
			ret = bind_col(st, (int)i + 2, &t->cols[i], row, "row update", e);
	if (ret == 0) {
		rc = db_step(st);
		if (rc != DB_DONE)
			ret = write_err(tx, t, rc, "row update", e);
	}
	changed = ret == 0 && db_changes(tx) > 0;
	store_stmt_put(tx, st);
	if (ret != 0)
		return -1;
	if (changed) {
		h->version++;
		return 0;
	}
	/* Nothing matched: gone (404), or changed by another writer (409). */
	if (row_exists(tx, t, (const char *)row + t->cols[0].offset, "row update", e) != 0)
		return -1;
	qerr_set(e, QERR_CONFLICT, "conflict", NULL, NULL);
	qerr_detail(e, "row update %s: stale version", t->name);
	return -1;
}

static int
get_one(struct store_tx *tx, struct db_stmt *st, const struct store_table *t, void *out,
        const char *op, struct qerr *e)
{
	int rc = db_step(st), ret;

	if (rc == DB_ROW)
		ret = row_read(st, t, out, op, e);
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	else
		ret = store_db_err(e, rc, op);
	store_stmt_put(tx, st);
	return ret;
}

int
store_row_get(struct store_tx *tx, const struct store_table *t, const char *id,
              void *out, struct qerr *e)
{
	char buf[TSQL_MAX];
	struct sbuf b = {buf, sizeof buf, 0, false};
	struct db_stmt *st;

	if (t != NULL && out != NULL)
		memset(out, 0, t->row_size);
	if (store_tx_usable(tx, "row get", e) != 0 || table_check(t, e) != 0)
		return -1;
	if (id == NULL || id[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	sb_select(&b, t);
	sb_add(&b, " WHERE %s = ?1", t->cols[0].name);
	if (stmt_for(tx, &b, &st, "row get", e) != 0)
		return -1;
	store_bind_str(st, 1, id);
	return get_one(tx, st, t, out, "row get", e);
}

int
store_row_get_for_update(struct store_tx *tx, const struct store_table *t,
                         const char *id, void *out, struct qerr *e)
{
	/* SQLite: the write transaction already excludes every other writer. */
	if (store_tx_writable(tx, "row get for update", e) != 0)
		return -1;
	return store_row_get(tx, t, id, out, e);
}

int
store_row_delete(struct store_tx *tx, const struct store_table *t, const char *id,
                 struct qerr *e)
{
	char buf[512];
	struct sbuf b = {buf, sizeof buf, 0, false};
	struct db_stmt *st;
	int rc, ret = 0;

	if (store_tx_writable(tx, "row delete", e) != 0 || table_check(t, e) != 0)
		return -1;
	if (id == NULL || id[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	sb_add(&b, "DELETE FROM %s WHERE %s = ?1", t->name, t->cols[0].name);
	if (stmt_for(tx, &b, &st, "row delete", e) != 0)
		return -1;
	store_bind_str(st, 1, id);
	rc = db_step(st);
	if (rc != DB_DONE)
		ret = write_err(tx, t, rc, "row delete", e);
	else if (db_changes(tx) == 0)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	store_stmt_put(tx, st);
	return ret;
}

/* ---- conditions -------------------------------------------------------- */

static const struct store_col *
col_find(const struct store_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return &t->cols[i];
	return NULL;
}

static const char *
op_sql(enum store_op op)
{
	switch (op) {
	case STORE_EQ: return "=";
	case STORE_NE: return "<>";
	case STORE_LT: return "<";
	case STORE_LE: return "<=";
	case STORE_GT: return ">";
	case STORE_GE: return ">=";
	}
	return NULL;
}

static bool
where_null(const struct store_where *w)
{
	return w->str == NULL && !w->is_num;
}

/* Appends " AND col op ?k" for each condition, parameters from first. */
static int
sb_where(struct sbuf *b, const struct store_table *t, const struct store_where *w,
         size_t nw, int first, const char *op, struct qerr *e)
{
	int k = first;

	for (size_t i = 0; i < nw; i++) {
		const char *o = op_sql(w[i].op);
		bool hdr = strcmp(w[i].col, "seq") == 0 || strcmp(w[i].col, "version") == 0;

		if (o == NULL || (!hdr && col_find(t, w[i].col) == NULL) ||
		    (where_null(&w[i]) && w[i].op != STORE_EQ && w[i].op != STORE_NE)) {
			qerr_internal(e, NULL);
			qerr_detail(e, "%s %s: bad condition", op, t->name);
			return -1;
		}
		if (where_null(&w[i]))
			sb_add(b, " AND %s IS %sNULL", w[i].col, w[i].op == STORE_NE ? "NOT " : "");
		else
			sb_add(b, " AND %s %s ?%d", w[i].col, o, k++);
	}
	return 0;
}

static int
bind_where(struct db_stmt *st, const struct store_table *t, const struct store_where *w,
           size_t nw, int first, const char *op, struct qerr *e)
{
	int k = first, rc = DB_OK;
	char date[QDATE_STR_SIZE];

	for (size_t i = 0; i < nw && rc == DB_OK; i++) {
		const struct store_col *c = col_find(t, w[i].col);

		if (where_null(&w[i]))
			continue;
		if (w[i].str != NULL) {
			rc = db_bind_text(st, k++, w[i].str, -1);
		} else if (c != NULL && c->type == STORE_COL_DATE) {
			if (w[i].num == QDATE_NONE || w[i].num < INT32_MIN || w[i].num > INT32_MAX)
				rc = db_bind_null(st, k++);
			else
				rc = db_bind_text_copy(st, k++, date_format((qdate)w[i].num, date), -1);
		} else if (c != NULL && c->type == STORE_COL_ENUM) {
			const char *name = enum_name(c, w[i].num);

			if (name == NULL) {
				qerr_internal(e, NULL);
				qerr_detail(e, "%s %s: bad enum value", op, t->name);
				return -1;
			}
			rc = db_bind_text(st, k++, name, -1);
		} else {
			rc = db_bind_int64(st, k++, w[i].num);
		}
	}
	return rc == DB_OK ? 0 : store_db_err(e, rc, op);
}

/* SELECT ... WHERE seq > ?1 AND <conditions> ORDER BY seq LIMIT ?last,
 * prepared and bound. */
static int
list_prepare(struct store_tx *tx, const struct store_table *t, const struct store_where *w,
             size_t nw, int64_t after_seq, int limit, struct db_stmt **st, const char *op,
             struct qerr *e)
{
	char buf[TSQL_MAX];
	struct sbuf b = {buf, sizeof buf, 0, false};
	int nparam = 1, rc;

	*st = NULL;
	sb_select(&b, t);
	sb_add(&b, " WHERE seq > ?1");
	if (sb_where(&b, t, w, nw, 2, op, e) != 0)
		return -1;
	for (size_t i = 0; i < nw; i++)
		nparam += where_null(&w[i]) ? 0 : 1;
	sb_add(&b, " ORDER BY seq LIMIT ?%d", nparam + 1);
	if (stmt_for(tx, &b, st, op, e) != 0)
		return -1;
	rc = db_bind_int64(*st, 1, after_seq);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, nparam + 1, limit);
	if (rc != DB_OK || bind_where(*st, t, w, nw, 2, op, e) != 0) {
		if (rc != DB_OK)
			store_db_err(e, rc, op);
		store_stmt_put(tx, *st);
		*st = NULL;
		return -1;
	}
	return 0;
}

int64_t
store_row_list(struct store_tx *tx, const struct store_table *t,
               const struct store_where *w, size_t nw, int64_t after_seq,
               int limit, store_row_fn fn, void *ctx, struct qerr *e)
{
	int64_t visited = 0;
	bool all = limit == 0;
	void *row;

	if (store_tx_usable(tx, "row list", e) != 0 || table_check(t, e) != 0)
		return -1;
	if (limit < 0 || limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	if (all)
		limit = STORE_PAGE_MAX;
	if ((row = malloc(t->row_size)) == NULL)
		return qerr_internal(e, "row list: out of memory");
	for (;;) {
		struct db_stmt *st;
		int rc, n = 0, stop = 0;

		if (list_prepare(tx, t, w, nw, after_seq, limit, &st, "row list", e) != 0)
			goto fail;
		while ((rc = db_step(st)) == DB_ROW) {
			if (row_read(st, t, row, "row list", e) != 0) {
				store_stmt_put(tx, st);
				goto fail;
			}
			after_seq = ((struct store_row_hdr *)row)->seq;
			n++;
			visited++;
			stop = fn != NULL ? fn(ctx, row) : 0;
			store_row_free(t, row);
			if (stop != 0)
				break;
		}
		store_stmt_put(tx, st);
		if (stop == 0 && rc != DB_DONE) {
			store_db_err(e, rc, "row list");
			goto fail;
		}
		if (stop < 0) {
			/* fn failed; make sure an error is reported */
			if (e != NULL && !qerr_is_set(e))
				qerr_internal(e, "row list: callback failed");
			goto fail;
		}
		if (stop != 0 || !all || n < limit)
			break;
	}
	free(row);
	return visited;
fail:
	free(row);
	return -1;
}

int
store_row_find(struct store_tx *tx, const struct store_table *t,
               const struct store_where *w, size_t nw, void *out, struct qerr *e)
{
	struct db_stmt *st;

	if (t != NULL && out != NULL)
		memset(out, 0, t->row_size);
	if (store_tx_usable(tx, "row find", e) != 0 || table_check(t, e) != 0 ||
	    list_prepare(tx, t, w, nw, 0, 1, &st, "row find", e) != 0)
		return -1;
	return get_one(tx, st, t, out, "row find", e);
}

int64_t
store_row_count(struct store_tx *tx, const struct store_table *t,
                const struct store_where *w, size_t nw, struct qerr *e)
{
	char buf[TSQL_MAX];
	struct sbuf b = {buf, sizeof buf, 0, false};
	struct db_stmt *st;
	int64_t n = -1;
	int rc;

	if (store_tx_usable(tx, "row count", e) != 0 || table_check(t, e) != 0)
		return -1;
	sb_add(&b, "SELECT count(*) FROM %s WHERE 1 = 1", t->name);
	if (sb_where(&b, t, w, nw, 1, "row count", e) != 0 ||
	    stmt_for(tx, &b, &st, "row count", e) != 0)
		return -1;
	if (bind_where(st, t, w, nw, 1, "row count", e) != 0) {
		store_stmt_put(tx, st);
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW)
		n = db_col_int64(st, 0);
	else
		store_db_err(e, rc, "row count");
	store_stmt_put(tx, st);
	return n;
}
