/*
 * sqlite_audit.c — rows of the audit log (the semantics live in
 * src/audit/auditlog.c; this file only keeps and returns bytes).
 *
 * Tables (names contain "audit", SPEC.md §5 "Storage"):
 *   audit_entry(seq INTEGER PRIMARY KEY, entry TEXT, leaf BLOB) — one row per
 *     entry, seq dense from 0, so the log size is max(seq) + 1;
 *   audit_node(level, idx, hash) — stored perfect-subtree roots;
 *   audit_state(id = 1, state BLOB) — the single append-frontier row;
 *   audit_sth(n, size, timestamp_ms, root, signature) — signed tree heads in
 *     the order they were made;
 *   audit_entry_ix(seq, actor, action, object, outcome, time) — the fields
 *     the auditor filters by, written with each entry (derived, indexed; the
 *     entry and its leaf stay the only evidence).
 *
 * Owns: nothing past a call; entries handed to callbacks are borrowed for the
 * call only.
 *
 * Never: updates or deletes an entry, a node or a tree head (only inserts;
 * a second insert of the same seq or node is 409 "duplicate"). The state row
 * is the one thing overwritten.
 *
 * Invariants: hashes are exactly STORE_HASH_SIZE bytes and signatures 64
 * bytes; a row read back with another size is reported as 500 (a damaged or
 * tampered database), never returned.
 *
 * Untrusted input: none directly (entries are built by the audit module);
 * the database file itself is checked as above.
 */
#include "store/db.h"

#include <limits.h>
#include <string.h>

static const char SQL_ENTRY_INSERT[] =
	"INSERT INTO audit_entry(seq, entry, leaf) VALUES (?1, ?2, ?3)";
static const char SQL_ENTRY_IX[] =
	"INSERT INTO audit_entry_ix(seq, actor, action, object, outcome, time)"
	" VALUES (?1, json_extract(?2, '$.actor'), json_extract(?2, '$.action'),"
	"  json_extract(?2, '$.object'), json_extract(?2, '$.outcome'),"
	"  json_extract(?2, '$.time'))";
static const char SQL_ENTRY_IX_PG[] =
	"INSERT INTO audit_entry_ix(seq, actor, action, object, outcome, time)"
	" SELECT ?1, j->>'actor', j->>'action', j->>'object', j->>'outcome', j->>'time'"
	" FROM (SELECT ?2::jsonb AS j) AS x";
static const char SQL_ENTRY_SIZE[] =
	"SELECT coalesce(max(seq) + 1, 0) FROM audit_entry";
static const char SQL_ENTRY_READ[] =
	"SELECT seq, entry, leaf FROM audit_entry"
	" WHERE seq >= ?1 AND seq < ?2 ORDER BY seq";
static const char SQL_ENTRY_LEAF[] =
	"SELECT leaf FROM audit_entry WHERE seq = ?1";
static const char SQL_NODE_PUT[] =
	"INSERT INTO audit_node(level, idx, hash) VALUES (?1, ?2, ?3)";
static const char SQL_NODE_GET[] =
	"SELECT hash FROM audit_node WHERE level = ?1 AND idx = ?2";
static const char SQL_STATE_GET[] =
	"SELECT state FROM audit_state WHERE id = 1";
static const char SQL_STATE_PUT[] =
	"INSERT INTO audit_state(id, state) VALUES (1, ?1)"
	" ON CONFLICT(id) DO UPDATE SET state = excluded.state";
static const char SQL_STH_INSERT[] =
	"INSERT INTO audit_sth(size, timestamp_ms, root, signature)"
	" VALUES (?1, ?2, ?3, ?4)";
static const char SQL_STH_LIST[] =
	"SELECT size, timestamp_ms, root, signature FROM audit_sth ORDER BY n";

#define STH_SIG_SIZE ((int)sizeof(((struct store_sth *)0)->signature))

/* Steps a write statement once and puts it back. */
static int
write_done(struct store_tx *tx, struct db_stmt *st, int bindrc, const char *op,
           struct qerr *e)
{
	int rc = bindrc == DB_OK ? db_step(st) : bindrc;

	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, op);
}

int
store_audit_insert(struct store_tx *tx, int64_t seq, const char *entry,
                   size_t len, const uint8_t leaf[STORE_HASH_SIZE],
                   struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "audit insert", e) != 0)
		return -1;
	if (seq < 0 || len > (size_t)INT_MAX)
		return qerr_internal(e, "audit insert: bad seq or length");
	if (store_stmt_get(tx, SQL_ENTRY_INSERT, &st, e) != 0)
		return -1;
	rc = db_bind_int64(st, 1, seq);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, entry, (int)len);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, leaf, STORE_HASH_SIZE);
	if (write_done(tx, st, rc, "audit insert", e) != 0)
		return -1;
	/* the filtered fields beside it (store_audit_query) */
	if (store_stmt_get(tx, DB_SQL(tx, SQL_ENTRY_IX, SQL_ENTRY_IX_PG), &st, e) != 0)
		return -1;
	rc = db_bind_int64(st, 1, seq);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, entry, (int)len);
	return write_done(tx, st, rc, "audit index insert", e);
}

int
store_audit_size(struct store_tx *tx, int64_t *size, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	*size = 0;
	if (store_tx_usable(tx, "audit size", e) != 0 ||
	    store_stmt_get(tx, SQL_ENTRY_SIZE, &st, e) != 0)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		*size = db_col_int64(st, 0);
	else
		ret = store_db_err(e, rc, "audit size");
	store_stmt_put(tx, st);
	return ret;
}

int
store_audit_read(struct store_tx *tx, int64_t from, int64_t limit,
                 store_audit_cb cb, void *ctx, struct qerr *e)
{
	struct db_stmt *st;
	int64_t to;
	int rc, ret = 0;

	if (store_tx_usable(tx, "audit read", e) != 0)
		return -1;
	if (from < 0)
		from = 0;
	if (limit <= 0)
		return 0;
	to = limit > INT64_MAX - from ? INT64_MAX : from + limit;
	if (store_stmt_get(tx, SQL_ENTRY_READ, &st, e) != 0)
		return -1;
	db_bind_int64(st, 1, from);
	db_bind_int64(st, 2, to);
	while ((rc = db_step(st)) == DB_ROW) {
		uint8_t leaf[STORE_HASH_SIZE];
		const char *entry = (const char *)db_col_text(st, 1);
		int len = db_col_bytes(st, 1);

		if (entry == NULL || store_col_blob(st, 2, leaf, sizeof leaf) != 0) {
			ret = qerr_internal(e, "audit read: damaged row");
			break;
		}
		ret = cb(ctx, db_col_int64(st, 0), entry, (size_t)len, leaf);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "audit read");
	store_stmt_put(tx, st);
	return ret;
}

#define SQL_QUERY_MAX 1024   /* longest filter SQL: every clause, 8 objects */

/* Appends s to sql (SQL_QUERY_MAX, always long enough for the clauses of
 * store_audit_query, which are fixed text). */
static void
sql_add(char *sql, size_t *n, const char *s)
{
	size_t l = strlen(s);

	if (*n + l < SQL_QUERY_MAX) {
		memcpy(sql + *n, s, l + 1);
		*n += l;
	}
}

/* The filtered view: the SQL is built from the conditions present only, so
 * that the indexes of audit_entry_ix serve it; every value is bound, never
 * spliced. Not cached (the statement varies
 * with the filter): prepared and finalized here. */
int
store_audit_query(struct store_tx *tx, const struct store_audit_filter *f,
                  store_audit_cb cb, void *ctx, struct qerr *e)
{
	char sql[SQL_QUERY_MAX];
	size_t n = 0;
	int bind = 0, rc, ret = 0;
	struct db_stmt *st = NULL;
	const char *vals[16];

	if (store_tx_usable(tx, "audit query", e) != 0)
		return -1;
	if (f->limit <= 0)
		return 0;
	if (f->nobjects < 0 || f->nobjects > STORE_AUDIT_OBJECTS_MAX)
		return qerr_internal(e, "audit query: too many objects");
	sql_add(sql, &n, "SELECT e.seq, e.entry, e.leaf FROM audit_entry_ix AS x"
	        " JOIN audit_entry AS e ON e.seq = x.seq WHERE 1 = 1");
	if (f->actor) {
		sql_add(sql, &n, " AND x.actor = ?");
		vals[bind++] = f->actor;
	}
	if (f->action) {
		sql_add(sql, &n, " AND x.action = ?");
		vals[bind++] = f->action;
	}
	if (f->outcome) {
		sql_add(sql, &n, " AND x.outcome = ?");
		vals[bind++] = f->outcome;
	}
	if (f->org_id) {
		sql_add(sql, &n, " AND x.actor IN (SELECT id FROM account WHERE org_id = ?)");
		vals[bind++] = f->org_id;
	}
	if (f->time_from) {
		sql_add(sql, &n, " AND x.time >= ?");
		vals[bind++] = f->time_from;
	}
	if (f->time_to) {
		sql_add(sql, &n, " AND x.time < ?");
		vals[bind++] = f->time_to;
	}
	if (f->nobjects > 0) {
		sql_add(sql, &n, " AND x.object IN (?");
		vals[bind++] = f->objects[0];
		for (int i = 1; i < f->nobjects; i++) {
			sql_add(sql, &n, ", ?");
			vals[bind++] = f->objects[i];
		}
		sql_add(sql, &n, ")");
	}
	if (f->before >= 0)
		sql_add(sql, &n, " AND x.seq < ?");
	sql_add(sql, &n, " ORDER BY x.seq DESC LIMIT ?");
	if (store_stmt_temp(tx, sql, &st, e) != 0)
		return -1;
	rc = DB_OK;
	for (int i = 0; i < bind && rc == DB_OK; i++)
		rc = db_bind_text(st, i + 1, vals[i], -1);
	if (rc == DB_OK && f->before >= 0)
		rc = db_bind_int64(st, ++bind, f->before);
	if (rc == DB_OK)
		rc = db_bind_int64(st, ++bind, f->limit);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "audit query");
	}
	while ((rc = db_step(st)) == DB_ROW) {
		uint8_t leaf[STORE_HASH_SIZE];
		const char *entry = (const char *)db_col_text(st, 1);
		int len = db_col_bytes(st, 1);

		if (entry == NULL || store_col_blob(st, 2, leaf, sizeof leaf) != 0) {
			ret = qerr_internal(e, "audit query: damaged row");
			break;
		}
		ret = cb(ctx, db_col_int64(st, 0), entry, (size_t)len, leaf);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "audit query");
	store_stmt_put(tx, st);
	return ret;
}

/* One hash-valued row: 0, 404 when absent, 500 when damaged. */
static int
hash_one(struct store_tx *tx, struct db_stmt *st, uint8_t out[STORE_HASH_SIZE],
         const char *op, struct qerr *e)
{
	int rc = db_step(st), ret = 0;

	if (rc == DB_ROW) {
		if (store_col_blob(st, 0, out, STORE_HASH_SIZE) != 0) {
			qerr_internal(e, NULL);
			qerr_detail(e, "%s: damaged row", op);
			ret = -1;
		}
	} else if (rc == DB_DONE) {
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	} else {
		ret = store_db_err(e, rc, op);
	}
	store_stmt_put(tx, st);
	return ret;
}

int
store_audit_leaf(struct store_tx *tx, int64_t seq, uint8_t out[STORE_HASH_SIZE],
                 struct qerr *e)
{
	struct db_stmt *st;

	if (store_tx_usable(tx, "audit leaf", e) != 0 ||
	    store_stmt_get(tx, SQL_ENTRY_LEAF, &st, e) != 0)
		return -1;
	db_bind_int64(st, 1, seq);
	return hash_one(tx, st, out, "audit leaf", e);
}

int
store_audit_node_put(struct store_tx *tx, int level, int64_t index,
                     const uint8_t hash[STORE_HASH_SIZE], struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "audit node put", e) != 0)
		return -1;
	if (level < 1 || level > 62 || index < 0)
		return qerr_internal(e, "audit node put: bad level or index");
	if (store_stmt_get(tx, SQL_NODE_PUT, &st, e) != 0)
		return -1;
	rc = db_bind_int64(st, 1, level);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, index);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, hash, STORE_HASH_SIZE);
	return write_done(tx, st, rc, "audit node put", e);
}

int
store_audit_node_get(struct store_tx *tx, int level, int64_t index,
                     uint8_t out[STORE_HASH_SIZE], struct qerr *e)
{
	struct db_stmt *st;

	if (store_tx_usable(tx, "audit node get", e) != 0 ||
	    store_stmt_get(tx, SQL_NODE_GET, &st, e) != 0)
		return -1;
	db_bind_int64(st, 1, level);
	db_bind_int64(st, 2, index);
	return hash_one(tx, st, out, "audit node get", e);
}

int
store_audit_state_get(struct store_tx *tx, uint8_t *buf, size_t bufsz,
                      size_t *len, struct qerr *e)
{
	struct store_batch_state *c = store_batch_state(tx);
	struct db_stmt *st;
	int rc, ret = 0;

	*len = 0;
	if (store_tx_usable(tx, "audit state get", e) != 0)
		return -1;
	if (c != NULL && c->cached) {
		if (c->len > bufsz)
			return qerr_internal(e, "audit state get: buffer too small");
		if (c->len > 0)
			memcpy(buf, c->buf, c->len);
		*len = c->len;
		return 0;
	}
	if (store_stmt_get(tx, SQL_STATE_GET, &st, e) != 0)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		const void *b = db_col_blob(st, 0);
		size_t n = (size_t)db_col_bytes(st, 0);

		if (n > bufsz) {
			ret = qerr_internal(e, "audit state get: buffer too small");
		} else {
			if (n > 0)
				memcpy(buf, b, n);
			*len = n;
		}
	} else if (rc != DB_DONE) {
		ret = store_db_err(e, rc, "audit state get");
	}
	store_stmt_put(tx, st);
	if (ret == 0 && c != NULL && *len <= sizeof c->buf) {
		if (*len > 0)
			memcpy(c->buf, buf, *len);
		c->len = *len;
		c->cached = true;
		c->dirty = false;
	}
	return ret;
}

int
store_audit_state_put(struct store_tx *tx, const uint8_t *buf, size_t len,
                      struct qerr *e)
{
	struct store_batch_state *c = store_batch_state(tx);
	struct db_stmt *st;

	if (store_tx_writable(tx, "audit state put", e) != 0)
		return -1;
	if (len > (size_t)INT_MAX)
		return qerr_internal(e, "audit state put: too large");
	if (c != NULL && len <= sizeof c->buf) {   /* written at the batch's commit */
		if (len > 0)
			memcpy(c->buf, buf, len);
		c->len = len;
		c->cached = c->dirty = true;
		return 0;
	}
	if (c != NULL)   /* too large to keep: the row has it */
		c->cached = c->dirty = false;
	if (store_stmt_get(tx, SQL_STATE_PUT, &st, e) != 0)
		return -1;
	/* A zero-length blob, not NULL (the column is NOT NULL). */
	return write_done(tx, st,
	                  db_bind_blob(st, 1, buf, (int)len),
	                  "audit state put", e);
}

int
store_audit_sth_insert(struct store_tx *tx, const struct store_sth *h,
                       struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "audit sth insert", e) != 0 ||
	    store_stmt_get(tx, SQL_STH_INSERT, &st, e) != 0)
		return -1;
	rc = db_bind_int64(st, 1, h->size);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, h->timestamp_ms);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, h->root, STORE_HASH_SIZE);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 4, h->signature, STH_SIG_SIZE);
	return write_done(tx, st, rc, "audit sth insert", e);
}

int
store_audit_sth_list(struct store_tx *tx, store_sth_cb cb, void *ctx,
                     struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	if (store_tx_usable(tx, "audit sth list", e) != 0 ||
	    store_stmt_get(tx, SQL_STH_LIST, &st, e) != 0)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_sth h;

		memset(&h, 0, sizeof h);
		h.size = db_col_int64(st, 0);
		h.timestamp_ms = db_col_int64(st, 1);
		if (store_col_blob(st, 2, h.root, sizeof h.root) != 0 ||
		    store_col_blob(st, 3, h.signature, sizeof h.signature) != 0) {
			ret = qerr_internal(e, "audit sth list: damaged row");
			break;
		}
		ret = cb(ctx, &h);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "audit sth list");
	store_stmt_put(tx, st);
	return ret;
}
