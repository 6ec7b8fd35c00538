/*
 * sqlite_records.c — domain records in one table for all kinds.
 *
 * Table `record`: seq (insertion order, AUTOINCREMENT so never reused), kind,
 * id (unique across kinds), org_id, parent_id, ref, state, and doc, the
 * object as compact JSON text with sorted keys. Indexes (kind, seq),
 * (kind, org_id, seq), (kind, parent_id, seq), (kind, state, seq) serve the
 * paged lists; the partial unique index (kind, org_id, ref) WHERE ref <> ''
 * enforces natural keys (409 "duplicate").
 *
 * Owns: nothing past a call; the docs it returns belong to the caller
 * (struct store_rec, released with store_rec_clear()).
 *
 * Invariants: only kinds of the allow-list (store_kind_valid) are written or
 * read; a record's kind never changes (update matches on kind and id).
 *
 * Untrusted input: ids, refs and filter values reach here from requests;
 * they are only ever bound as parameters, never put into SQL text. Docs read
 * back are parsed strictly; a doc that does not parse is a 500.
 */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_json.h"
#include "store/tables_carriers.h"
#include "store/tables_items.h"
#include "store/tables_movements.h"

/* Kinds kept in typed tables behind the record form (issue 11). */
static bool
is_movement(const char *kind)
{
	return kind != NULL && strcmp(kind, "movement") == 0;
}

static bool
is_carrier(const char *kind)
{
	return kind != NULL && strcmp(kind, "carrier") == 0;
}

static bool
is_info(const char *kind)
{
	return kind != NULL && strcmp(kind, "information") == 0;
}

static const char SQL_REC_INSERT[] =
	"INSERT INTO record(kind, id, org_id, parent_id, ref, state, doc)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING seq";
static const char SQL_REC_UPDATE[] =
	"UPDATE record SET org_id = ?3, parent_id = ?4, ref = ?5, state = ?6,"
	" doc = ?7 WHERE kind = ?1 AND id = ?2";
static const char SQL_REC_GET[] =
	"SELECT seq, kind, id, org_id, parent_id, ref, state, doc"
	" FROM record WHERE id = ?2 AND kind = ?1";
/* "ref <> ''" repeats the partial index's condition so it can be used. */
static const char SQL_REC_FIND[] =
	"SELECT seq, kind, id, org_id, parent_id, ref, state, doc"
	" FROM record WHERE kind = ?1 AND org_id = ?2 AND ref = ?3 AND ref <> ''";

/* The allow-list, sorted for reading (looked up linearly: it is short). */
static const char *const kinds[] = {
	"archive_delegation", "carrier", "certificate",
	"clearance", "foreign_transfer", "grant", "ground", "incident",
	"information", "inventory", "joint_work", "list", "list_item",
	"movement", "org", "permit", "person", "request", "transfer", "trip",
	"violation",
};

bool
store_kind_valid(const char *kind)
{
	if (kind == NULL)
		return false;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

static int
kind_check(const char *kind, const char *op, struct qerr *e)
{
	if (store_kind_valid(kind))
		return 0;
	/* A programming error: kinds never come from requests verbatim. */
	qerr_internal(e, NULL);
	qerr_detail(e, "%s: unknown kind", op);
	return -1;
}

void
store_rec_clear(struct store_rec *r)
{
	if (r == NULL)
		return;
	json_decref(r->doc);
	r->doc = NULL;
}

/* Fills r from the current row (columns as in SQL_REC_GET; db.h). */
int
store_rec_from_row(struct db_stmt *st, struct store_rec *r, const char *op, struct qerr *e)
{
	const char *text, *why = NULL;
	json_error_t jerr;

	memset(r, 0, sizeof *r);
	r->seq = db_col_int64(st, 0);
	if (store_col_copy(st, 1, r->kind, sizeof r->kind) != 0 ||
	    store_col_copy(st, 2, r->id, sizeof r->id) != 0 ||
	    store_col_copy(st, 3, r->org_id, sizeof r->org_id) != 0 ||
	    store_col_copy(st, 4, r->parent_id, sizeof r->parent_id) != 0 ||
	    store_col_copy(st, 5, r->ref, sizeof r->ref) != 0 ||
	    store_col_copy(st, 6, r->state, sizeof r->state) != 0)
		why = "column too long";
	else if ((text = (const char *)db_col_text(st, 7)) == NULL)
		why = "no doc";
	else if ((r->doc = json_loadb(text, (size_t)db_col_bytes(st, 7),
	                              JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		why = "doc does not parse";
	if (why == NULL)
		return 0;
	qerr_internal(e, NULL);
	qerr_detail(e, "%s: %s", op, why);
	return -1;
}

int
store_rec_rows(struct store_tx *tx, struct db_stmt *st, store_rec_cb cb, void *ctx,
               const char *op, struct qerr *e)
{
	int rc, ret = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		struct store_rec r;

		if (store_rec_from_row(st, &r, op, e) != 0) {
			store_rec_clear(&r);
			ret = -1;
			break;
		}
		ret = cb(ctx, &r);
		store_rec_clear(&r);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, op);
	store_stmt_put(tx, st);
	return ret;
}

/* Binds ?1..?7 as INSERT and UPDATE share them. *doc receives the encoded
 * JSON (caller frees). */
static int
rec_bind(struct db_stmt *st, const struct store_rec *r, char **doc,
         const char *op, struct qerr *e)
{
	int rc;

	*doc = store_json_dumps(r->doc, JSON_COMPACT | JSON_SORT_KEYS);
	if (*doc == NULL) {
		qerr_internal(e, NULL);
		qerr_detail(e, "%s: doc does not encode", op);
		return -1;
	}
	rc = store_bind_field(st, 1, r->kind, sizeof r->kind);
	if (rc == DB_OK)
		rc = store_bind_field(st, 2, r->id, sizeof r->id);
	if (rc == DB_OK)
		rc = store_bind_field(st, 3, r->org_id, sizeof r->org_id);
	if (rc == DB_OK)
		rc = store_bind_field(st, 4, r->parent_id, sizeof r->parent_id);
	if (rc == DB_OK)
		rc = store_bind_field(st, 5, r->ref, sizeof r->ref);
	if (rc == DB_OK)
		rc = store_bind_field(st, 6, r->state, sizeof r->state);
	if (rc == DB_OK)
		rc = db_bind_text(st, 7, *doc, -1);
	return rc == DB_OK ? 0 : store_db_err(e, rc, op);
}

int
store_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e)
{
	struct db_stmt *st;
	char *doc = NULL;
	int rc, ret = 0;

	if (store_tx_writable(tx, "record insert", e) != 0 ||
	    kind_check(r->kind, "record insert", e) != 0)
		return -1;
	if (is_movement(r->kind))
		return store_movement_rec_insert(tx, r, e);
	if (is_carrier(r->kind))
		return store_carrier_rec_insert(tx, r, e);
	if (is_info(r->kind))
		return store_info_rec_insert(tx, r, e);
	if (r->id[0] == '\0')
		return qerr_internal(e, "record insert: no id");
	if (store_stmt_get(tx, SQL_REC_INSERT, &st, e) != 0)
		return -1;
	if (rec_bind(st, r, &doc, "record insert", e) != 0) {
		ret = -1;
	} else {
		rc = db_step(st);
		if (rc == DB_ROW)
			r->seq = db_col_int64(st, 0);
		else
			ret = store_db_err(e, rc, "record insert");
	}
	store_stmt_put(tx, st);
	free(doc);
	return ret;
}

int
store_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e)
{
	struct db_stmt *st;
	char *doc = NULL;
	int rc, ret = 0;

	if (store_tx_writable(tx, "record update", e) != 0 ||
	    kind_check(r->kind, "record update", e) != 0)
		return -1;
	if (is_movement(r->kind))
		return store_movement_rec_update(tx, r, e);
	if (is_carrier(r->kind))
		return store_carrier_rec_update(tx, r, e);
	if (is_info(r->kind))
		return store_info_rec_update(tx, r, e);
	if (store_stmt_get(tx, SQL_REC_UPDATE, &st, e) != 0)
		return -1;
	if (rec_bind(st, r, &doc, "record update", e) != 0) {
		ret = -1;
	} else {
		rc = db_step(st);
		if (rc != DB_DONE)
			ret = store_db_err(e, rc, "record update");
		else if (db_changes(tx) == 0)
			ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	}
	store_stmt_put(tx, st);
	free(doc);
	return ret;
}

/* Steps st for at most one row into out: 0, or 404 when there is none. */
static int
rec_one(struct store_tx *tx, struct db_stmt *st, struct store_rec *out,
        const char *op, struct qerr *e)
{
	int rc = db_step(st), ret;

	if (rc == DB_ROW)
		ret = store_rec_from_row(st, out, "record read", e);
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	else
		ret = store_db_err(e, rc, op);
	if (ret != 0)
		store_rec_clear(out);
	store_stmt_put(tx, st);
	return ret;
}

int
store_rec_get(struct store_tx *tx, const char *kind, const char *id,
              struct store_rec *out, struct qerr *e)
{
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "record get", e) != 0 ||
	    kind_check(kind, "record get", e) != 0)
		return -1;
	if (is_movement(kind))
		return store_movement_rec_get(tx, id, out, e);
	if (is_carrier(kind))
		return store_carrier_rec_get(tx, id, out, e);
	if (is_info(kind))
		return store_info_rec_get(tx, id, out, e);
	if (id == NULL || id[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_stmt_get(tx, SQL_REC_GET, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, kind);
	store_bind_str(st, 2, id);
	return rec_one(tx, st, out, "record get", e);
}

int
store_rec_find(struct store_tx *tx, const char *kind, const char *org_id,
               const char *ref, struct store_rec *out, struct qerr *e)
{
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "record find", e) != 0 ||
	    kind_check(kind, "record find", e) != 0)
		return -1;
	if (is_movement(kind))
		return store_movement_rec_find(tx, org_id, ref, out, e);
	if (is_carrier(kind))
		return store_carrier_rec_find(tx, org_id, ref, out, e);
	if (is_info(kind))   /* an item has no ref */
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (ref == NULL || ref[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_stmt_get(tx, SQL_REC_FIND, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, kind);
	store_bind_str(st, 2, org_id);
	store_bind_str(st, 3, ref);
	return rec_one(tx, st, out, "record find", e);
}

/* Prepares the generated statement for q's filters (see gen_queries() in
 * store_sqlite.c) and binds everything but the limit. */
static int
query_prepare(struct store_tx *tx, const struct store_query *q, bool count,
              struct db_stmt **st, const char *op, struct qerr *e)
{
	struct store *s = tx->s;
	int m = 0, rc;

	if (store_tx_usable(tx, op, e) != 0 || kind_check(q->kind, op, e) != 0)
		return -1;
	m |= q->org_id ? STORE_Q_ORG : 0;
	m |= q->parent_id ? STORE_Q_PARENT : 0;
	m |= q->state ? STORE_Q_STATE : 0;
	m |= q->ref ? STORE_Q_REF : 0;
	if (store_stmt_get(tx, count ? s->count_sql[m] : s->list_sql[m], st, e) != 0)
		return -1;
	rc = store_bind_str(*st, 1, q->kind);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, 2, q->after_seq);
	if (rc == DB_OK && q->org_id)
		rc = store_bind_str(*st, 3, q->org_id);
	if (rc == DB_OK && q->parent_id)
		rc = store_bind_str(*st, 4, q->parent_id);
	if (rc == DB_OK && q->state)
		rc = store_bind_str(*st, 5, q->state);
	if (rc == DB_OK && q->ref)
		rc = store_bind_str(*st, 6, q->ref);
	if (rc != DB_OK) {
		store_stmt_put(tx, *st);
		*st = NULL;
		return store_db_err(e, rc, op);
	}
	return 0;
}

int
store_rec_list(struct store_tx *tx, const struct store_query *q,
               store_rec_cb cb, void *ctx, struct qerr *e)
{
	struct db_stmt *st;
	int limit = q->limit, rc;

	/* Clamped, not refused: the HTTP layer validates what clients send. */
	if (limit < 1)
		limit = 1;
	if (limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	if (store_tx_usable(tx, "record list", e) != 0 || kind_check(q->kind, "record list", e) != 0)
		return -1;
	if (is_movement(q->kind))
		return store_movement_rec_list(tx, q, false, NULL, cb, ctx, e);
	if (is_carrier(q->kind)) {
		struct store_query p = *q;

		p.limit = limit;
		return store_carrier_rec_list(tx, &p, false, NULL, cb, ctx, e);
	}
	if (is_info(q->kind)) {
		struct store_query p = *q;

		p.limit = limit;
		return store_info_rec_list(tx, &p, false, NULL, cb, ctx, e);
	}
	if (query_prepare(tx, q, false, &st, "record list", e) != 0)
		return -1;
	rc = db_bind_int64(st, 7, limit);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "record list");
	}
	return store_rec_rows(tx, st, cb, ctx, "record list", e);
}

int
store_rec_count(struct store_tx *tx, const struct store_query *q, int64_t *n,
                struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	*n = 0;
	if (store_tx_usable(tx, "record count", e) != 0 ||
	    kind_check(q->kind, "record count", e) != 0)
		return -1;
	if (is_movement(q->kind))
		return store_movement_rec_list(tx, q, true, n, NULL, NULL, e);
	if (is_carrier(q->kind))
		return store_carrier_rec_list(tx, q, true, n, NULL, NULL, e);
	if (is_info(q->kind))
		return store_info_rec_list(tx, q, true, n, NULL, NULL, e);
	if (query_prepare(tx, q, true, &st, "record count", e) != 0)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int64(st, 0);
	else
		ret = store_db_err(e, rc, "record count");
	store_stmt_put(tx, st);
	return ret;
}
