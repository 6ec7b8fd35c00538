/*
 * sqlite_deadlines.c — the store's part of the deadlines list (store.h
 * "deadlines"): carriers by due date through the partial expression indexes
 * record_due_org (org_id, due, seq) and record_due_any (due, seq), and the
 * carriers that name an information item.
 *
 * How it works. The due date of a carrier is computed by SQLite from the
 * stored doc (STORE_DUE_EXPR, sqlite_deadlines.h), the same expression the
 * indexes hold, so the indexes are maintained by SQLite on every insert and
 * update and can never disagree with the docs: no caller writes them. A
 * query is a range scan "due <= ?" in index order, starting after the
 * cursor, stopping at the limit; it never sorts and never reads a carrier
 * that is not due.
 *
 * Owns: nothing past a call.
 *
 * Untrusted input: org ids, dates and information ids come from requests;
 * they are only bound as parameters.
 */
#include "store/sqlite_int.h"
#include "store/sqlite_deadlines.h"

#include <stdio.h>
#include <string.h>

/* The columns store_rec_from_row() (sqlite_int.h) reads, in its order. */
#define DUE_COLS "seq, kind, id, org_id, parent_id, ref, state, doc"

/* ?1 org_id, ?2 due_max, ?3 limit, ?4 after_due, ?5 after_seq */
static const char SQL_DUE_ORG[] =
	"SELECT " DUE_COLS " FROM record INDEXED BY record_due_org"
	" WHERE org_id = ?1 AND " STORE_DUE_EXPR " <= ?2"
	" ORDER BY " STORE_DUE_EXPR ", seq LIMIT ?3";
static const char SQL_DUE_ORG_AFTER[] =
	"SELECT " DUE_COLS " FROM record INDEXED BY record_due_org"
	" WHERE org_id = ?1 AND " STORE_DUE_EXPR " <= ?2"
	" AND (" STORE_DUE_EXPR ", seq) > (?4, ?5)"
	" ORDER BY " STORE_DUE_EXPR ", seq LIMIT ?3";
static const char SQL_DUE_ANY[] =
	"SELECT " DUE_COLS " FROM record INDEXED BY record_due_any"
	" WHERE " STORE_DUE_EXPR " <= ?2"
	" ORDER BY " STORE_DUE_EXPR ", seq LIMIT ?3";
static const char SQL_DUE_ANY_AFTER[] =
	"SELECT " DUE_COLS " FROM record INDEXED BY record_due_any"
	" WHERE " STORE_DUE_EXPR " <= ?2"
	" AND (" STORE_DUE_EXPR ", seq) > (?4, ?5)"
	" ORDER BY " STORE_DUE_EXPR ", seq LIMIT ?3";

/* ?1 the quoted id ("\"info_…\""): instr() rejects most rows without a parse. */
static const char SQL_NAMING[] =
	"SELECT " DUE_COLS " FROM record WHERE kind = 'carrier' AND instr(doc, ?1) > 0"
	" ORDER BY seq";

#define NAMING_NEEDLE_MAX (STORE_ID_MAX + 3)

int
store_carrier_due_list(struct store_tx *tx, const char *org_id, const char *due_max,
                       const char *after_due, int64_t after_seq, int limit,
                       store_rec_cb cb, void *ctx, struct qerr *e)
{
	const char *sql;
	sqlite3_stmt *st;
	int rc;

	if (store_tx_usable(tx, "due list", e) != 0)
		return -1;
	if (due_max == NULL)
		return qerr_internal(e, "due list: no due_max");
	if (limit < 1)
		limit = 1;
	if (limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	if (org_id != NULL)
		sql = after_due != NULL ? SQL_DUE_ORG_AFTER : SQL_DUE_ORG;
	else
		sql = after_due != NULL ? SQL_DUE_ANY_AFTER : SQL_DUE_ANY;
	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = org_id != NULL ? store_bind_str(st, 1, org_id) : SQLITE_OK;
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 2, due_max);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 3, limit);
	if (rc == SQLITE_OK && after_due != NULL)
		rc = store_bind_str(st, 4, after_due);
	if (rc == SQLITE_OK && after_due != NULL)
		rc = sqlite3_bind_int64(st, 5, after_seq);
	if (rc != SQLITE_OK) {
		store_stmt_put(tx, st);
		return store_sqlite_err(e, rc, "due list");
	}
	return store_rec_rows(tx, st, cb, ctx, "due list", e);
}

int
store_carrier_naming(struct store_tx *tx, const char *info_id, store_rec_cb cb, void *ctx,
                     struct qerr *e)
{
	char needle[NAMING_NEEDLE_MAX];
	sqlite3_stmt *st;
	int n, rc;

	if (store_tx_usable(tx, "carrier naming", e) != 0)
		return -1;
	if (info_id == NULL || info_id[0] == '\0' || strchr(info_id, '"') != NULL ||
	    strchr(info_id, '\\') != NULL)
		return 0;   /* such an id is never stored: nothing names it */
	n = snprintf(needle, sizeof needle, "\"%s\"", info_id);
	if (n < 0 || (size_t)n >= sizeof needle)
		return 0;
	if (store_stmt_get(tx, SQL_NAMING, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, needle);
	if (rc != SQLITE_OK) {
		store_stmt_put(tx, st);
		return store_sqlite_err(e, rc, "carrier naming");
	}
	return store_rec_rows(tx, st, cb, ctx, "carrier naming", e);
}
