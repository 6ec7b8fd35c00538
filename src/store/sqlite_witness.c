/*
 * sqlite_witness.c — rows of witnessed tree heads (semantics in
 * src/audit/note.h, src/http/h_witness.c and src/cli/cmd_audit.c).
 *
 * Tables:
 *   witness_log(origin, key_name, public_key, registered_at, size, root,
 *     cosigned_at, checkpoint) — as a witness: one row per registered log
 *     with the latest checkpoint cosigned for it (updated in place: the
 *     witness keeps only the latest, c2sp.org/tlog-witness);
 *   audit_cosignature(n, witness, size, root, timestamp, checkpoint) — as
 *     a log: every cosignature a witness returned, insert only.
 *
 * Invariants: public keys are 32 bytes and roots STORE_HASH_SIZE bytes; a
 * row read back with another size is a 500 (damaged database).
 *
 * Untrusted input: none directly (callers parse and verify the texts).
 */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_LOG_PUT[] =
	"INSERT INTO witness_log(origin, key_name, public_key, registered_at)"
	" VALUES (?1, ?2, ?3, ?4) ON CONFLICT(origin) DO UPDATE SET"
	" key_name = excluded.key_name, public_key = excluded.public_key,"
	" registered_at = excluded.registered_at";
static const char SQL_LOG_GET[] =
	"SELECT origin, key_name, public_key, registered_at, size, root, cosigned_at,"
	" checkpoint FROM witness_log WHERE origin = ?1";
static const char SQL_LOG_LIST[] =
	"SELECT origin, key_name, public_key, registered_at, size, root, cosigned_at,"
	" checkpoint FROM witness_log ORDER BY origin";
static const char SQL_LOG_COSIGNED[] =
	"UPDATE witness_log SET size = ?2, root = ?3, cosigned_at = ?4, checkpoint = ?5"
	" WHERE origin = ?1";
static const char SQL_COSIG_INSERT[] =
	"INSERT INTO audit_cosignature(witness, size, root, timestamp, checkpoint)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_COSIG_LIST[] =
	"SELECT witness, size, root, timestamp, checkpoint FROM audit_cosignature"
	" ORDER BY n";

void
store_witness_log_clear(struct store_witness_log *w)
{
	free(w->checkpoint);
	w->checkpoint = NULL;
}

static int
write_one(struct store_tx *tx, struct db_stmt *st, int bindrc, const char *op,
          struct qerr *e)
{
	int rc = bindrc == DB_OK ? db_step(st) : bindrc;

	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, op);
}

int
store_witness_log_put(struct store_tx *tx, const struct store_witness_log *w,
                      struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "witness log put", e) != 0 ||
	    store_stmt_get(tx, SQL_LOG_PUT, &st, e) != 0)
		return -1;
	rc = store_bind_field(st, 1, w->origin, sizeof w->origin);
	if (rc == DB_OK)
		rc = store_bind_field(st, 2, w->key_name, sizeof w->key_name);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, w->public_key, 32);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, w->registered_at);
	return write_one(tx, st, rc, "witness log put", e);
}

/* Fills w from the current row of SQL_LOG_GET/LIST. */
static int
log_row(struct db_stmt *st, struct store_witness_log *w, struct qerr *e)
{
	const char *cp;

	memset(w, 0, sizeof *w);
	if (store_col_copy(st, 0, w->origin, sizeof w->origin) != 0 ||
	    store_col_copy(st, 1, w->key_name, sizeof w->key_name) != 0 ||
	    store_col_blob(st, 2, w->public_key, sizeof w->public_key) != 0)
		return qerr_internal(e, "witness log: damaged row");
	w->registered_at = db_col_int64(st, 3);
	w->size = db_col_int64(st, 4);
	w->cosigned_at = db_col_int64(st, 6);
	if (!db_col_null(st, 5) &&
	    store_col_blob(st, 5, w->root, sizeof w->root) != 0)
		return qerr_internal(e, "witness log: damaged row");
	cp = db_col_text(st, 7);
	if (cp != NULL) {
		w->checkpoint = strdup((const char *)cp);
		if (w->checkpoint == NULL)
			return qerr_internal(e, "out of memory");
	}
	return 0;
}

int
store_witness_log_get(struct store_tx *tx, const char *origin,
                      struct store_witness_log *out, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "witness log get", e) != 0 ||
	    store_stmt_get(tx, SQL_LOG_GET, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, origin);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		ret = log_row(st, out, e);
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, "origin");
	else
		ret = store_db_err(e, rc, "witness log get");
	store_stmt_put(tx, st);
	if (ret != 0)
		store_witness_log_clear(out);
	return ret;
}

int
store_witness_log_cosigned(struct store_tx *tx, const struct store_witness_log *w,
                           struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "witness log cosigned", e) != 0 ||
	    store_stmt_get(tx, SQL_LOG_COSIGNED, &st, e) != 0)
		return -1;
	rc = store_bind_field(st, 1, w->origin, sizeof w->origin);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, w->size);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, w->root, STORE_HASH_SIZE);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, w->cosigned_at);
	if (rc == DB_OK)
		rc = store_bind_str(st, 5, w->checkpoint);
	return write_one(tx, st, rc, "witness log cosigned", e);
}

int
store_witness_log_list(struct store_tx *tx, store_witness_cb cb, void *ctx,
                       struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	if (store_tx_usable(tx, "witness log list", e) != 0 ||
	    store_stmt_get(tx, SQL_LOG_LIST, &st, e) != 0)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_witness_log w;

		ret = log_row(st, &w, e);
		if (ret == 0)
			ret = cb(ctx, &w);
		store_witness_log_clear(&w);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "witness log list");
	store_stmt_put(tx, st);
	return ret;
}

int
store_cosig_insert(struct store_tx *tx, const struct store_cosig *c, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "cosignature insert", e) != 0 ||
	    store_stmt_get(tx, SQL_COSIG_INSERT, &st, e) != 0)
		return -1;
	rc = store_bind_field(st, 1, c->witness, sizeof c->witness);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, c->size);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, c->root, STORE_HASH_SIZE);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, c->timestamp);
	if (rc == DB_OK)
		rc = store_bind_str(st, 5, c->checkpoint);
	return write_one(tx, st, rc, "cosignature insert", e);
}

int
store_cosig_list(struct store_tx *tx, store_cosig_cb cb, void *ctx, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	if (store_tx_usable(tx, "cosignature list", e) != 0 ||
	    store_stmt_get(tx, SQL_COSIG_LIST, &st, e) != 0)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_cosig c;
		const char *cp;

		memset(&c, 0, sizeof c);
		cp = db_col_text(st, 4);
		if (store_col_copy(st, 0, c.witness, sizeof c.witness) != 0 ||
		    store_col_blob(st, 2, c.root, sizeof c.root) != 0 || cp == NULL) {
			ret = qerr_internal(e, "cosignature list: damaged row");
			break;
		}
		c.size = db_col_int64(st, 1);
		c.timestamp = db_col_int64(st, 3);
		c.checkpoint = (const char *)cp;
		ret = cb(ctx, &c);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "cosignature list");
	store_stmt_put(tx, st);
	return ret;
}
