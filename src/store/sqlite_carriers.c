/*
 * sqlite_carriers.c — the carriers' typed link tables (tables_carriers.h):
 * carrier_information, carrier_copy and carrier_due, derived from each
 * carrier as it is written, and the queries that follow them.
 *
 * How it works. store_carrier_links_refresh() runs inside every
 * store_rec_insert/store_rec_update of a carrier (sqlite_records.c, same
 * transaction): it deletes the carrier's link rows (by carrier_id, indexed)
 * and inserts them again from the carrier being written — a handful of
 * rows, so a write costs what the carrier holds, not the registry. The
 * cascades (store_carriers_carrying, store_carrier_naming) read the
 * (information_id, carrier_seq) key and join each carrier by its rowid:
 * the cost is the carriers that carry the items. The deadlines list
 * (store_carrier_due) reads (org_id, due, carrier_seq) or (due,
 * carrier_seq) in order from the cursor and stops at the limit.
 *
 * Owns: nothing past a call.
 *
 * Untrusted input: ids, dates and information ids come from requests; they
 * are only bound as parameters.
 */
#include "store/db.h"
#include "store/tables_carriers.h"

#include <stdlib.h>
#include <string.h>

/* The columns store_rec_from_row() (db.h) reads, in its order. */
#define CAR_COLS "r.seq, r.kind, r.id, r.org_id, r.parent_id, r.ref, r.state, r.doc"

static const char SQL_INFO_CLEAR[] = "DELETE FROM carrier_information WHERE carrier_id = ?1";
static const char SQL_COPY_CLEAR[] = "DELETE FROM carrier_copy WHERE carrier_id = ?1";
static const char SQL_DUE_CLEAR[] = "DELETE FROM carrier_due WHERE carrier_id = ?1";
static const char SQL_INFO_ADD[] =
	"INSERT INTO carrier_information(information_id, carrier_seq, carrier_id)"
	" VALUES (?2, ?3, ?1) ON CONFLICT DO NOTHING";
static const char SQL_COPY_ADD[] =
	"INSERT INTO carrier_copy(carrier_id, number, holder_org_id,"
	" holder_person_id, joint_work_id, carrier_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT(carrier_id, number) DO UPDATE SET holder_org_id = excluded.holder_org_id,"
	" holder_person_id = excluded.holder_person_id, joint_work_id = excluded.joint_work_id,"
	" carrier_seq = excluded.carrier_seq";
static const char SQL_DUE_ADD[] =
	"INSERT INTO carrier_due(carrier_id, org_id, due, carrier_seq) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_SEQ[] = "SELECT seq FROM record WHERE id = ?1";

/* ?1 a JSON array of information ids. */
static const char SQL_CARRYING[] =
	"SELECT " CAR_COLS " FROM record AS r WHERE r.seq IN"
	" (SELECT ci.carrier_seq FROM carrier_information AS ci"
	"  WHERE ci.information_id IN (SELECT value FROM json_each(?1)))"
	" AND r.kind = 'carrier' ORDER BY r.seq";
static const char SQL_CARRYING_PG[] =
	"SELECT " CAR_COLS " FROM record AS r WHERE r.seq IN"
	" (SELECT ci.carrier_seq FROM carrier_information AS ci"
	"  WHERE ci.information_id IN (SELECT jsonb_array_elements_text(?1::jsonb)))"
	" AND r.kind = 'carrier' ORDER BY r.seq";
static const char SQL_NAMING[] =
	"SELECT " CAR_COLS " FROM carrier_information AS ci"
	" CROSS JOIN record AS r ON r.seq = ci.carrier_seq"
	" WHERE ci.information_id = ?1 AND r.kind = 'carrier' ORDER BY ci.carrier_seq";

/* ?1 org_id, ?2 due_max, ?3 limit, ?4 after_due, ?5 after_seq */
#define DUE_FROM " , d.due FROM carrier_due AS d CROSS JOIN record AS r ON r.seq = d.carrier_seq"
static const char SQL_DUE_ORG[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.org_id = ?1 AND d.due <= ?2"
	" ORDER BY d.org_id, d.due, d.carrier_seq LIMIT ?3";
static const char SQL_DUE_ORG_AFTER[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.org_id = ?1 AND d.due <= ?2"
	" AND (d.due, d.carrier_seq) > (?4, ?5)"
	" ORDER BY d.org_id, d.due, d.carrier_seq LIMIT ?3";
static const char SQL_DUE_ANY[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.due <= ?2"
	" ORDER BY d.due, d.carrier_seq LIMIT ?3";
static const char SQL_DUE_ANY_AFTER[] =
	"SELECT " CAR_COLS DUE_FROM " WHERE d.due <= ?2"
	" AND (d.due, d.carrier_seq) > (?4, ?5)"
	" ORDER BY d.due, d.carrier_seq LIMIT ?3";

static const char SQL_HELD[] = "SELECT count(*) FROM carrier_copy WHERE holder_org_id = ?1";

/* Runs a statement with ?1 = id and nothing to read. */
static int
exec_id(struct store_tx *tx, const char *sql, const char *id, const char *op, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, op);
}

/* Binds s, or NULL when s is NULL or "". */
static int
bind_opt(struct db_stmt *st, int idx, const char *s)
{
	return s != NULL && s[0] != '\0' ? store_bind_str(st, idx, s)
	                                 : db_bind_null(st, idx);
}

static int
carrier_seq(struct store_tx *tx, const char *id, int64_t *seq, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, SQL_SEQ, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		*seq = db_col_int64(st, 0);
	store_stmt_put(tx, st);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	return store_db_err(e, rc, "carrier seq");
}

static int
info_add(struct store_tx *tx, const char *id, int64_t seq, const char *info, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, SQL_INFO_ADD, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 2, info);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, seq);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier information add");
}

static int
copy_add(struct store_tx *tx, const char *id, int64_t seq, const json_t *copy, struct qerr *e)
{
	const char *org = json_string_value(json_object_get(copy, "holder_org_id"));
	const char *person = json_string_value(json_object_get(copy, "holder_person_id"));
	json_t *num = json_object_get(copy, "number");
	struct db_stmt *st;
	int rc;

	/* A copy has one holder (custody per copy); a doc that names both or
	 * neither (never written by the server) is not indexed by holder. */
	if (org != NULL && person != NULL)
		person = NULL;
	if (!json_is_integer(num))
		return 0;
	if (store_stmt_get(tx, SQL_COPY_ADD, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, (int64_t)json_integer_value(num));
	if (rc == DB_OK)
		rc = bind_opt(st, 3, org);
	if (rc == DB_OK)
		rc = bind_opt(st, 4, person);
	if (rc == DB_OK)
		rc = bind_opt(st, 5, json_string_value(json_object_get(copy, "joint_work_id")));
	if (rc == DB_OK)
		rc = db_bind_int64(st, 6, seq);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier copy add");
}

/* The due date of a carrier still classified, or QDATE_NONE. */
static qdate
carrier_due_of(const struct store_rec *r)
{
	const char *s;
	qdate d;

	if (strcmp(r->state, "registered") != 0 && strcmp(r->state, "issued") != 0 &&
	    strcmp(r->state, "archived") != 0)
		return QDATE_NONE;
	s = json_string_value(json_object_get(r->doc, "review_due_on"));
	if (s == NULL)
		s = json_string_value(json_object_get(r->doc, "declassify_on"));
	if (s == NULL || date_parse(s, &d) != 0)
		return QDATE_NONE;
	return d;
}

static int
due_add(struct store_tx *tx, const struct store_rec *r, int64_t seq, qdate due,
        struct qerr *e)
{
	char buf[QDATE_STR_SIZE];
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, SQL_DUE_ADD, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, r->id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 2, r->org_id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 3, date_format(due, buf));
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, seq);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier due add");
}

int
store_carrier_links_refresh(struct store_tx *tx, const struct store_rec *r, struct qerr *e)
{
	int64_t seq = 0;
	json_t *v;
	size_t i;
	qdate due;

	if (strcmp(r->kind, "carrier") != 0)
		return 0;
	if (exec_id(tx, SQL_INFO_CLEAR, r->id, "carrier information clear", e) != 0 ||
	    exec_id(tx, SQL_COPY_CLEAR, r->id, "carrier copy clear", e) != 0 ||
	    exec_id(tx, SQL_DUE_CLEAR, r->id, "carrier due clear", e) != 0)
		return -1;
	/* From the row itself: an update's caller may hold a stale seq. */
	if (carrier_seq(tx, r->id, &seq, e) != 0)
		return -1;
	json_array_foreach(json_object_get(r->doc, "information_ids"), i, v)
		if (json_is_string(v) && info_add(tx, r->id, seq, json_string_value(v), e) != 0)
			return -1;
	json_array_foreach(json_object_get(r->doc, "copies"), i, v)
		if (json_is_object(v) && copy_add(tx, r->id, seq, v, e) != 0)
			return -1;
	due = carrier_due_of(r);
	if (due != QDATE_NONE && due_add(tx, r, seq, due, e) != 0)
		return -1;
	return 0;
}

int
store_carriers_carrying(struct store_tx *tx, const char *const *info_ids, size_t n,
                        store_rec_cb cb, void *ctx, struct qerr *e)
{
	json_t *arr;
	char *text;
	struct db_stmt *st;
	int rc;

	if (store_tx_usable(tx, "carriers carrying", e) != 0)
		return -1;
	if (n == 0)
		return 0;
	if ((arr = json_array()) == NULL)
		return qerr_internal(e, "carriers carrying: out of memory");
	for (size_t i = 0; i < n; i++) {
		if (info_ids[i] == NULL || json_array_append_new(arr, json_string(info_ids[i])) != 0) {
			json_decref(arr);
			return qerr_internal(e, "carriers carrying: out of memory");
		}
	}
	text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (text == NULL)
		return qerr_internal(e, "carriers carrying: out of memory");
	if (store_stmt_get(tx, DB_SQL(tx, SQL_CARRYING, SQL_CARRYING_PG), &st, e) != 0) {
		free(text);
		return -1;
	}
	rc = store_bind_str(st, 1, text);   /* borrowed: text outlives the rows */
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		free(text);
		return store_db_err(e, rc, "carriers carrying");
	}
	rc = store_rec_rows(tx, st, cb, ctx, "carriers carrying", e);
	free(text);
	return rc;
}

int
store_carrier_naming(struct store_tx *tx, const char *info_id, store_rec_cb cb, void *ctx,
                     struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_usable(tx, "carrier naming", e) != 0)
		return -1;
	if (info_id == NULL || info_id[0] == '\0')
		return 0;
	if (store_stmt_get(tx, SQL_NAMING, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, info_id);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "carrier naming");
	}
	return store_rec_rows(tx, st, cb, ctx, "carrier naming", e);
}

int
store_carrier_due(struct store_tx *tx, const char *org_id, qdate due_max, qdate after_due,
                  int64_t after_seq, int limit, store_carrier_due_cb cb, void *ctx,
                  struct qerr *e)
{
	char max[QDATE_STR_SIZE], after[QDATE_STR_SIZE];
	const char *sql;
	struct db_stmt *st;
	int rc, ret = 0;

	if (store_tx_usable(tx, "carrier due", e) != 0)
		return -1;
	if (due_max == QDATE_NONE)
		return qerr_internal(e, "carrier due: no due_max");
	if (limit < 1)
		limit = 1;
	if (limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	if (org_id != NULL)
		sql = after_due != QDATE_NONE ? SQL_DUE_ORG_AFTER : SQL_DUE_ORG;
	else
		sql = after_due != QDATE_NONE ? SQL_DUE_ANY_AFTER : SQL_DUE_ANY;
	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = org_id != NULL ? store_bind_str(st, 1, org_id) : DB_OK;
	if (rc == DB_OK)
		rc = store_bind_str(st, 2, date_format(due_max, max));
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, limit);
	if (rc == DB_OK && after_due != QDATE_NONE)
		rc = store_bind_str(st, 4, date_format(after_due, after));
	if (rc == DB_OK && after_due != QDATE_NONE)
		rc = db_bind_int64(st, 5, after_seq);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "carrier due");
	}
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_rec r;
		struct store_carrier_due d = {.rec = &r};
		const char *due = (const char *)db_col_text(st, 8);

		if (store_rec_from_row(st, &r, "carrier due", e) != 0 || due == NULL ||
		    date_parse(due, &d.due) != 0) {
			store_rec_clear(&r);
			if (!qerr_is_set(e))
				qerr_internal(e, "carrier due: bad due date");
			ret = -1;
			break;
		}
		d.seq = r.seq;
		ret = cb(ctx, &d);
		store_rec_clear(&r);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "carrier due");
	store_stmt_put(tx, st);
	return ret;
}

/* store.h's string form of the same list (the deadlines list). */
struct due_list {
	store_rec_cb cb;
	void *ctx;
};

static int
due_list_cb(void *ctx, const struct store_carrier_due *d)
{
	const struct due_list *l = ctx;

	return l->cb(l->ctx, d->rec);
}

int
store_carrier_due_list(struct store_tx *tx, const char *org_id, const char *due_max,
                       const char *after_due, int64_t after_seq, int limit,
                       store_rec_cb cb, void *ctx, struct qerr *e)
{
	struct due_list l = {.cb = cb, .ctx = ctx};
	qdate max, after = QDATE_NONE;

	if (due_max == NULL || date_parse(due_max, &max) != 0)
		return qerr_internal(e, "due list: bad due_max");
	if (after_due != NULL && date_parse(after_due, &after) != 0)
		return qerr_internal(e, "due list: bad cursor");
	return store_carrier_due(tx, org_id, max, after, after_seq, limit, due_list_cb, &l, e);
}

int
store_carrier_copies_held(struct store_tx *tx, const char *org_id, int64_t *n,
                          struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	*n = 0;
	if (store_tx_usable(tx, "copies held", e) != 0)
		return -1;
	if (store_stmt_get(tx, SQL_HELD, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, org_id != NULL ? org_id : "");
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int64(st, 0);
	store_stmt_put(tx, st);
	return rc == DB_ROW ? 0 : store_db_err(e, rc, "copies held");
}
