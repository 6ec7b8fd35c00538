/*
 * store_table.h — typed tables (issue 11): each record kind is a C struct of
 * src/core, described once by a struct store_table (its table name and one
 * struct store_col per column: name, type, offset in the struct), and stored
 * in a table of its own with typed columns, NOT NULL, CHECK, foreign keys
 * and indexes. The generic functions below read and write any described
 * struct; no caller writes SQL (the SQL lives in src/store/ only, generated
 * from the description for each backend).
 *
 * WHY A DESCRIPTION. One description per kind gives the SQLite backend and
 * the later PostgreSQL backend the same typed schema and the same generic
 * insert/update/get/list, so a new kind costs a struct, a description and a
 * named migration — never a second copy of the SQL per backend.
 *
 * ROWS. Every typed table has the columns
 *   id       TEXT PRIMARY KEY      the server-chosen id (store_id_new)
 *   seq      INTEGER UNIQUE        insertion order: a cursor for paging,
 *                                  drawn from one database-wide sequence
 *                                  (store_seq_next), so it is unique across
 *                                  tables and needs no single process
 *   version  INTEGER NOT NULL      row version: 1 at insert, +1 at update
 * described by the first column of the description (STORE_COL_ID), plus its
 * own columns. struct store_row_hdr is the common head of every row struct.
 *
 * READ-MODIFY-WRITE CONTRACT. A step loads rows in a write transaction
 * (store_begin(write=true)), decides, and writes them back in the same
 * transaction. store_row_update() checks the row's version: it updates
 * WHERE id = ? AND version = ? and answers 409 "conflict" when no row
 * matched (another writer changed it since it was read). On SQLite the
 * single writer makes that impossible within one transaction; on
 * PostgreSQL it is what makes two nodes' steps on the same row exclusive
 * (with SELECT ... FOR UPDATE in store_row_get_for_update). A step that
 * meets 409 "conflict" or a serialization failure is retried whole by
 * ops (src/ops/ops.h ops_run), never answered as an error.
 *
 * STRINGS. STORE_COL_ID and STORE_COL_REF columns are fixed char arrays in
 * the struct (size given in the column); "" is stored as NULL when the
 * column is STORE_COL_NULLABLE. STORE_COL_TEXT columns are heap strings
 * (char *, owned by the row; NULL is SQL NULL), released by
 * store_row_free(). Dates are qdate (QDATE_NONE is NULL); bools are
 * stored 0/1 with a CHECK; enums are ints stored as their names
 * (STORE_COL_ENUM with a names[] table, index = value, CHECK name IN (...);
 * a nullable enum's value 0 is NULL and its names[0] is a placeholder, "";
 * any "" name is a placeholder, never stored nor in the CHECK).
 * A nullable INT is NULL when it holds STORE_INT_NULL; a nullable REAL
 * when it holds NaN (NAN of <math.h>).
 *
 * SEQ. store_seq_next() draws from the sequence of the `record` table
 * (SQLite: its sqlite_sequence row), so a typed row's seq never equals a
 * record's, and a row moved from `record` by a migration keeps its seq:
 * every cursor a client holds stays valid.
 *
 * SQL. SQLite: the statements are generated from the description on use,
 * interned per store (one copy of each text for the life of the store)
 * and prepared once per connection (the statement cache of each backend, db.h).
 *
 * Errors: -1 with qerr: 404 "not_found", 409 "duplicate" (a UNIQUE key:
 * e->field names the first column of the violated key), 409 "conflict"
 * (row version), 500 "internal".
 */
#ifndef QUPIYA_STORE_TABLE_H
#define QUPIYA_STORE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/qerr.h"
#include "core/rec.h"
#include "store/store.h"

enum store_col_type {
	STORE_COL_ID = 1,     /* char[STORE_ID_MAX]; the first column is the row id */
	STORE_COL_REF,        /* char[size]: ids of other rows, codes, short names */
	STORE_COL_TEXT,       /* char *: heap string of any length, owned */
	STORE_COL_INT,        /* int64_t */
	STORE_COL_BOOL,       /* bool */
	STORE_COL_DATE,       /* qdate (QDATE_NONE = NULL) */
	STORE_COL_ENUM,       /* int, stored as names[value]; 0 = NULL when nullable */
	STORE_COL_REAL,       /* double */
};

enum store_col_flags {
	STORE_COL_NULLABLE = 1u << 0,   /* may be NULL ("" / QDATE_NONE / NULL / 0) */
	STORE_COL_INDEXED = 1u << 1,    /* an index on this column */
	STORE_COL_IMMUTABLE = 1u << 2,  /* never changed by store_row_update */
};

struct store_col {
	const char *name;             /* SQL column name = API field name where one exists */
	enum store_col_type type;
	size_t offset;                /* offsetof(struct, member) */
	size_t size;                  /* sizeof member for ID and REF */
	unsigned flags;               /* enum store_col_flags */
	const char *const *names;     /* ENUM: names[value], NULL-terminated */
	const char *references;       /* REF/ID: "table(id)" for a foreign key, or NULL */
};

struct store_table {
	const char *name;             /* SQL table name, e.g. "carrier" */
	const char *id_prefix;        /* store_id_new prefix, e.g. "carrier" */
	const struct store_col *cols; /* cols[0]: the row id (STORE_COL_ID) */
	size_t ncols;
	size_t row_size;              /* sizeof the row struct */
	/* extra schema after CREATE TABLE: UNIQUE keys, CHECKs, indexes
	 * (portable SQL, run by the migration that creates the table) */
	const char *extra_sql;
};

/* A STORE_COL_REF column of struct st's member m (a char array) naming an
 * organization or a person: REFERENCES organization(id) / person(id). */
#define STORE_COL_ORG(st, m, flags)                                                  \
	{#m, STORE_COL_REF, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, \
	 NULL, "organization(id)"}
#define STORE_COL_PERSON(st, m, flags)                                               \
	{#m, STORE_COL_REF, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, \
	 NULL, "person(id)"}

/* A nullable STORE_COL_INT column holding this is NULL. */
#define STORE_INT_NULL INT64_MIN

/* The head every row struct starts with: struct store_row_hdr of
 * core/rec.h (id, seq, version), so src/core's records can embed it. */

/* CREATE TABLE for t (typed columns, NOT NULL unless nullable, CHECKs for
 * enums and bools, FOREIGN KEYs) plus t->extra_sql, into buf. For
 * migrations: the generated statement is what the named migration runs. */
int store_table_create_sql(const struct store_table *t, char *buf, size_t bufsz);
/* Runs that SQL in tx (a write transaction): for migrations and tests. */
int store_table_create(struct store_tx *tx, const struct store_table *t, struct qerr *e);
/* 0 when the table in the database has exactly the described columns
 * (names, types, NOT NULL, in order), else 500 naming the first that
 * differs: a migration's CREATE statement checked against its
 * description. */
int store_table_check(struct store_tx *tx, const struct store_table *t, struct qerr *e);

/* The next value of the database-wide sequence (write tx). */
int store_seq_next(struct store_tx *tx, int64_t *seq, struct qerr *e);
/* Reserves the next n values for tx's own store_seq_next calls (a bulk
 * write: one statement instead of one per row); values left unused at the
 * end of tx are skipped (gaps, never reuse). SQLite only: on PostgreSQL
 * each call still takes the sequence's next value. No-op while some of an
 * earlier reservation are left. */
int store_seq_reserve(struct store_tx *tx, int64_t n, struct qerr *e);

/* Inserts row (hdr.id set by the caller with store_id_new; seq and
 * version set here). */
int store_row_insert(struct store_tx *tx, const struct store_table *t, void *row,
                     struct qerr *e);
/* Updates every mutable column of row->id when its version still is
 * row's version; increments row's version. */
int store_row_update(struct store_tx *tx, const struct store_table *t, void *row,
                     struct qerr *e);
/* Loads the row with that id into out (zeroed first). 404 when absent. */
int store_row_get(struct store_tx *tx, const struct store_table *t, const char *id,
                  void *out, struct qerr *e);
/* The same, locking the row for this write transaction where the backend
 * has row locks (PostgreSQL: FOR UPDATE); SQLite: as store_row_get. */
int store_row_get_for_update(struct store_tx *tx, const struct store_table *t,
                             const char *id, void *out, struct qerr *e);
/* Deletes the row with that id (child rows of a parent that replaces them
 * whole; never a domain record — carriers etc. are never deleted). */
int store_row_delete(struct store_tx *tx, const struct store_table *t, const char *id,
                     struct qerr *e);

/* A condition on a column: col <op> value. With neither str nor is_num
 * the value is NULL: STORE_EQ is IS NULL, STORE_NE IS NOT NULL. DATE
 * columns take str "YYYY-MM-DD" or num (a qdate); ENUM columns str (the
 * name) or num (the value); "id", "seq" and "version" may be named too. */
enum store_op { STORE_EQ = 1, STORE_NE, STORE_LT, STORE_LE, STORE_GT, STORE_GE };
struct store_where {
	const char *col;
	enum store_op op;
	const char *str;              /* REF/ID/TEXT/ENUM (name) value, or NULL */
	int64_t num;                  /* INT/BOOL/DATE value when str is NULL and is_num */
	bool is_num;
};

/* Calls fn for each row matching every condition (AND), in seq order, seq
 * > after_seq, at most limit rows (1..STORE_PAGE_MAX; 0 = every row, paged
 * internally). fn's row is valid during the call only (freed after);
 * fn returns 0 to go on, > 0 to stop, < 0 to fail (having set the qerr it
 * was given through ctx): the list then returns -1. Returns the number of
 * rows visited, or -1. */
typedef int (*store_row_fn)(void *ctx, const void *row);
int64_t store_row_list(struct store_tx *tx, const struct store_table *t,
                       const struct store_where *w, size_t nw, int64_t after_seq,
                       int limit, store_row_fn fn, void *ctx, struct qerr *e);
/* The first row matching (by seq), 404 when none. */
int store_row_find(struct store_tx *tx, const struct store_table *t,
                   const struct store_where *w, size_t nw, void *out, struct qerr *e);
/* Number of rows matching. */
int64_t store_row_count(struct store_tx *tx, const struct store_table *t,
                        const struct store_where *w, size_t nw, struct qerr *e);

/* Frees the heap strings (STORE_COL_TEXT) of row and zeroes it. */
void store_row_free(const struct store_table *t, void *row);

/* Convenience for struct store_where. */
#define STORE_W_STR(c, v) ((struct store_where){.col = (c), .op = STORE_EQ, .str = (v)})
#define STORE_W_NUM(c, o, v) ((struct store_where){.col = (c), .op = (o), .num = (v), .is_num = true})

#endif
