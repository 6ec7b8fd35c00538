/*
 * sqlite_dump.c — the bulk copy of store.h (store_dump, store_load_row,
 * store_seq_current, store_load_finish). The dump reads a SQLite database
 * (every row of every table, found in the schema itself: sqlite_schema,
 * PRAGMA foreign_key_list, so a table added by a later migration is copied
 * without a change here); the load and the sequences run on either backend
 * through the statement layer (db.h), PostgreSQL's dialect by DB_SQL.
 * `qupiya migrate` (src/cli/cmd_migrate.c) pairs a dump of one database
 * with a load into another. A dump of a PostgreSQL database is pg_dump's
 * job (qupiya backup): store_dump answers 500 "unsupported" there.
 *
 * Ownership: the names and values handed to the dump callback are borrowed
 * from SQLite for the call. Load statements are built per row and not
 * cached (store_stmt_temp): a copy is a one-off.
 *
 * Untrusted input: none; table and column names come from the database's
 * own schema, are checked to be plain identifiers and quoted.
 */
#include "store/sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

#define DUMP_TABLES_MAX 128
#define DUMP_NAME_MAX   64
#define DUMP_SQL_MAX    STORE_LOAD_SQL_MAX

static const char SQL_TABLES[] =
	"SELECT name FROM sqlite_schema WHERE type = 'table'"
	" AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migration'"
	" ORDER BY rowid";
static const char SQL_SEQ_CURRENT[] =
	"SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record'";
static const char SQL_SEQ_CURRENT_PG[] =
	"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM record_seq_seq";
static const char SQL_SEQ_RAISE[] =
	"UPDATE sqlite_sequence SET seq = max(seq, ?1) WHERE name = 'record'";
static const char SQL_SEQ_INSERT[] =
	"INSERT INTO sqlite_sequence(name, seq) SELECT 'record', ?1"
	" WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'record')";
/* PostgreSQL: every serial column's sequence past its column's largest
 * value (explicit values do not move them), then the database-wide one
 * (record's, drawn by typed rows too) past the source's. %lld: the
 * source's sequence. */
static const char SQL_SEQ_FINISH_PG[] =
	"DO $$ DECLARE r record; m bigint; BEGIN"
	" FOR r IN SELECT c.table_name AS t, c.column_name AS c,"
	"   pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS s"
	"   FROM information_schema.columns c WHERE c.table_schema = current_schema()"
	"   AND c.column_default LIKE 'nextval(%%' LOOP"
	"  EXECUTE format('SELECT coalesce(max(%%I), 0) FROM %%I', r.c, r.t) INTO m;"
	"  IF r.t = 'record' AND r.c = 'seq' THEN m := greatest(m, %lld); END IF;"
	"  IF r.s IS NOT NULL AND m > 0 THEN PERFORM setval(r.s, m); END IF;"
	" END LOOP; END $$";

struct dump_tables {
	char name[DUMP_TABLES_MAX][DUMP_NAME_MAX];
	bool done[DUMP_TABLES_MAX];
	int n;
};

static int
prep(struct store_tx *tx, const char *sql, sqlite3_stmt **st, const char *op, struct qerr *e)
{
	int rc = sqlite3_prepare_v2(tx->conn->db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? 0 : store_db_err(e, rc, op);
}

/* A name usable as a quoted identifier: letters, digits, '_' only. */
static bool
name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= DUMP_NAME_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

static int
tables_read(struct store_tx *tx, struct dump_tables *t, struct qerr *e)
{
	sqlite3_stmt *st;
	int rc;

	t->n = 0;
	if (prep(tx, SQL_TABLES, &st, "dump tables", e) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (name == NULL || !name_ok(name) || t->n == DUMP_TABLES_MAX) {
			sqlite3_finalize(st);
			qerr_internal(e, NULL);
			qerr_detail(e, "dump: table name '%s' unusable or too many tables",
			            name ? name : "");
			return -1;
		}
		q_strlcpy(t->name[t->n], name, DUMP_NAME_MAX);
		t->done[t->n++] = false;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_db_err(e, rc, "dump tables");
}

/* True when every table name's foreign keys point to is done (or is
 * name itself: rows of a self-reference come in key order). */
static int
parents_done(struct store_tx *tx, const struct dump_tables *t, int i, bool *ok, struct qerr *e)
{
	char sql[DUMP_NAME_MAX + 64];
	sqlite3_stmt *st;
	int rc;

	*ok = true;
	snprintf(sql, sizeof sql, "PRAGMA foreign_key_list(\"%s\")", t->name[i]);
	if (prep(tx, sql, &st, "dump foreign keys", e) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *parent = (const char *)sqlite3_column_text(st, 2);
		if (parent == NULL || strcmp(parent, t->name[i]) == 0)
			continue;
		for (int j = 0; j < t->n; j++)
			if (strcmp(t->name[j], parent) == 0 && !t->done[j])
				*ok = false;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_db_err(e, rc, "dump foreign keys");
}

static int
dump_table(struct store_tx *tx, const char *table, store_dump_cb cb, void *ctx,
           struct qerr *e)
{
	char sql[DUMP_NAME_MAX + 32];
	const char *cols[STORE_DUMP_COLS_MAX];
	struct store_val vals[STORE_DUMP_COLS_MAX];
	struct store_dump_row row = {.table = table, .cols = cols, .vals = vals};
	sqlite3_stmt *st;
	int rc, ret = 0, n;

	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
	if (prep(tx, sql, &st, "dump rows", e) != 0)
		return -1;
	n = sqlite3_column_count(st);
	if (n <= 0 || n > STORE_DUMP_COLS_MAX) {
		sqlite3_finalize(st);
		qerr_internal(e, NULL);
		qerr_detail(e, "dump %s: %d columns", table, n);
		return -1;
	}
	row.ncols = (size_t)n;
	for (int c = 0; c < n; c++)
		cols[c] = sqlite3_column_name(st, c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < n; c++) {
			struct store_val *v = &vals[c];
			memset(v, 0, sizeof *v);
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_INTEGER:
				v->type = STORE_VAL_INT;
				v->i = sqlite3_column_int64(st, c);
				break;
			case SQLITE_FLOAT:
				v->type = STORE_VAL_REAL;
				v->r = sqlite3_column_double(st, c);
				break;
			case SQLITE_TEXT:
				v->type = STORE_VAL_TEXT;
				v->p = sqlite3_column_text(st, c);
				v->len = (size_t)sqlite3_column_bytes(st, c);
				break;
			case SQLITE_BLOB:
				v->type = STORE_VAL_BLOB;
				v->p = sqlite3_column_blob(st, c);
				v->len = (size_t)sqlite3_column_bytes(st, c);
				break;
			default:
				v->type = STORE_VAL_NULL;
				break;
			}
			if ((v->type == STORE_VAL_TEXT || v->type == STORE_VAL_BLOB) &&
			    v->p == NULL && v->len > 0) {
				sqlite3_finalize(st);
				return qerr_internal(e, "dump: out of memory");
			}
		}
		ret = cb(ctx, &row);
		if (ret != 0)
			break;
	}
	sqlite3_finalize(st);
	if (ret != 0)
		return ret;
	return rc == SQLITE_DONE ? 0 : store_db_err(e, rc, "dump rows");
}

/* Dumps the tables of t parents first: each pass emits the tables whose
 * parents are done. */
static int
dump_tables(struct store_tx *tx, struct dump_tables *t, store_dump_cb cb, void *ctx,
            struct qerr *e)
{
	int left = t->n, ret = 0;

	while (left > 0) {
		int emitted = 0;
		for (int i = 0; i < t->n; i++) {
			bool ok;
			if (t->done[i])
				continue;
			if (parents_done(tx, t, i, &ok, e) != 0)
				return -1;
			if (!ok)
				continue;
			ret = dump_table(tx, t->name[i], cb, ctx, e);
			if (ret != 0)
				return ret;
			t->done[i] = true;
			emitted++;
			left--;
		}
		if (emitted == 0)
			return qerr_internal(e, "dump: a cycle of foreign keys between tables");
	}
	return 0;
}

int
store_dump(struct store_tx *tx, store_dump_cb cb, void *ctx, struct qerr *e)
{
	struct dump_tables *t;
	int ret;

	if (store_tx_usable(tx, "dump", e) != 0)
		return -1;
	if (store_is_pg(tx)) {
		qerr_set(e, QERR_INTERNAL, "unsupported", NULL, NULL);
		qerr_detail(e, "dump: a PostgreSQL database is copied with pg_dump (qupiya backup)");
		return -1;
	}
	t = q_malloc(sizeof *t);
	if (t == NULL)
		return qerr_internal(e, "dump: out of memory");
	ret = tables_read(tx, t, e);
	if (ret == 0)
		ret = dump_tables(tx, t, cb, ctx, e);
	free(t);
	return ret;
}

int
store_seq_current(struct store_tx *tx, int64_t *seq, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	*seq = 0;
	if (store_tx_usable(tx, "seq current", e) != 0 ||
	    store_stmt_get(tx, DB_SQL(tx, SQL_SEQ_CURRENT, SQL_SEQ_CURRENT_PG), &st, e) != 0)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		*seq = db_col_int64(st, 0);
	store_stmt_put(tx, st);
	return rc == DB_ROW ? 0 : store_db_err(e, rc, "seq current");
}

static int
bind_val(struct db_stmt *st, int idx, const struct store_val *v)
{
	if ((v->type == STORE_VAL_TEXT || v->type == STORE_VAL_BLOB) && v->len > INT32_MAX)
		return DB_ERROR;
	switch (v->type) {
	case STORE_VAL_INT:
		return db_bind_int64(st, idx, v->i);
	case STORE_VAL_REAL:
		return db_bind_double(st, idx, v->r);
	case STORE_VAL_TEXT:
		return db_bind_text(st, idx, v->p ? v->p : "", (int)v->len);
	case STORE_VAL_BLOB:
		return db_bind_blob(st, idx, v->p ? v->p : "", (int)v->len);
	default:
		return db_bind_null(st, idx);
	}
}

int
store_load_target(const struct store_dump_row *row, const char *verb, char *sql, size_t sqlsz,
                  struct qerr *e)
{
	size_t off;
	int n;

	if (row->ncols == 0 || row->ncols > STORE_DUMP_COLS_MAX || !name_ok(row->table) ||
	    sqlsz < DUMP_SQL_MAX) {
		qerr_internal(e, NULL);
		qerr_detail(e, "load: bad row of table '%s'", row->table);
		return -1;
	}
	n = snprintf(sql, sqlsz, "%s \"%s\"(", verb, row->table);
	off = (size_t)n;
	for (size_t c = 0; c < row->ncols; c++) {
		if (!name_ok(row->cols[c]))
			return qerr_internal(e, "load: bad column name");
		n = snprintf(sql + off, sqlsz - off, "%s\"%s\"", c ? "," : "", row->cols[c]);
		off += (size_t)n;
	}
	snprintf(sql + off, sqlsz - off, ")");
	return 0;
}

/* INSERT INTO "table"("c1",...) VALUES (?1,...) into sql; meta rows
 * replace the key's value (the target wrote its own at creation). */
static int
load_sql(const struct store_dump_row *row, char *sql, size_t sqlsz, struct qerr *e)
{
	size_t off;
	int n;

	if (store_load_target(row, "INSERT INTO", sql, sqlsz, e) != 0)
		return -1;
	off = strlen(sql);
	n = snprintf(sql + off, sqlsz - off, " VALUES (");
	off += (size_t)n;
	for (size_t c = 0; c < row->ncols; c++) {
		n = snprintf(sql + off, sqlsz - off, "%s?%zu", c ? "," : "", c + 1);
		off += (size_t)n;
	}
	snprintf(sql + off, sqlsz - off, ")%s", strcmp(row->table, "meta") == 0 ?
	         " ON CONFLICT(key) DO UPDATE SET value = excluded.value" : "");
	return 0;
}

int
store_load_row(struct store_tx *tx, const struct store_dump_row *row, struct qerr *e)
{
	char sql[DUMP_SQL_MAX];
	struct db_stmt *st;
	int rc = DB_OK;

	if (store_tx_writable(tx, "load", e) != 0)
		return -1;
	/* PostgreSQL: one COPY per table (pg_copy.c); meta rows replace the
	 * target's own values, which COPY cannot. */
	if (store_is_pg(tx) && strcmp(row->table, "meta") != 0)
		return pg_copy_row(tx, row, e);
	if (load_sql(row, sql, sizeof sql, e) != 0 ||
	    store_stmt_temp(tx, sql, &st, e) != 0)
		return -1;
	for (size_t c = 0; c < row->ncols && rc == DB_OK; c++)
		rc = bind_val(st, (int)c + 1, &row->vals[c]);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc == DB_DONE)
		return 0;
	store_db_err(e, rc, "load");
	qerr_detail(e, "load %s: %s", row->table, store_errmsg(tx));
	return -1;
}

int
store_load_finish(struct store_tx *tx, int64_t seq, struct qerr *e)
{
	static const char *const sqls[] = {SQL_SEQ_RAISE, SQL_SEQ_INSERT};
	char pg[sizeof SQL_SEQ_FINISH_PG + 24];
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "load finish", e) != 0)
		return -1;
	if (store_is_pg(tx)) {
		snprintf(pg, sizeof pg, SQL_SEQ_FINISH_PG, (long long)seq);
		rc = store_exec(tx, pg);
		return rc == DB_OK ? 0 : store_db_err(e, rc, "load finish");
	}
	/* SQLite: AUTOINCREMENT tables raised their own counters on each
	 * explicit insert; the database-wide sequence is record's, drawn past
	 * record's rows by typed rows too: raise it to the source's. */
	for (size_t i = 0; i < 2; i++) {
		if (store_stmt_get(tx, sqls[i], &st, e) != 0)
			return -1;
		rc = db_bind_int64(st, 1, seq);
		if (rc == DB_OK)
			rc = db_step(st);
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "load finish");
	}
	return 0;
}
