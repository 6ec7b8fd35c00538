/*
 * sqlite_carrier_flag.c — the review flag of carriers (tables_carriers.h,
 * store_carrier_flags_*, store_carriers_review_flag): the list-change and
 * declassified-item cascades (Art. 22.3, 23.1; ops/lists.c,
 * ops/declassify.c) on both backends.
 *
 * How it works. The carriers of the cascade are found through carrier_info's
 * (information_id, carrier_seq) index, and only their carrier row is read:
 * the columns the flag's decision needs (state, declassify_on,
 * review_due_on, more). The flag writes, per carrier, its review columns
 * (review_required, review_due_on, review_reason: 0026_carrier_columns)
 * and the entry as its next carrier_review row, and its carrier_due row
 * (on PostgreSQL one upsert of them all, in one round trip; on SQLite one
 * single-row statement each: a statement that may write many rows gets a
 * statement journal, and the cascade's spilled over 1 MiB a change to a
 * temporary file, bench/bench_cascade.c): the copies, links and party rows a carrier holds are
 * not touched (a whole-carrier rewrite replaced them all, about 25 pages a
 * carrier). A carrier whose review fields or reviews an older build left in
 * extra (of no column's shape) has them replaced there as
 * carrier_rec_from() would split them, so it reads back exactly as the
 * whole-carrier path left it.
 *
 * Owns: a struct store_carrier_flags until store_carrier_flags_free.
 * Untrusted input: ids and the reason come from requests; they travel as
 * parameters only (PostgreSQL's due rows: inside one JSON text parameter).
 */
#include "store/db.h"
#include "store/tables_carriers.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_json.h"

#define FLAG_COLS \
	"c.id, c.seq, c.state, c.declassify_on, c.extra, c.more, c.review_due_on, c.org_id"

/* ?1 a JSON array of information ids. */
static const char SQL_FLAG_CARRYING[] =
	"SELECT " FLAG_COLS " FROM carrier AS c WHERE c.seq IN"
	" (SELECT ci.carrier_seq FROM carrier_info AS ci"
	"  WHERE ci.information_id IN (SELECT value FROM json_each(?1))) ORDER BY c.seq";
static const char SQL_FLAG_CARRYING_PG[] =
	"SELECT " FLAG_COLS " FROM carrier AS c WHERE c.seq IN"
	" (SELECT ci.carrier_seq FROM carrier_info AS ci"
	"  WHERE ci.information_id IN (SELECT jsonb_array_elements_text(?1::jsonb)))"
	" ORDER BY c.seq";
static const char SQL_FLAG_GET[] = "SELECT " FLAG_COLS " FROM carrier AS c WHERE c.id = ?1";

/* The flag in the carrier's columns (0026_carrier_columns): ?1 id, ?2
 * more, ?3 review_due_on, ?4 review_reason, ?5 extra. */
static const char SQL_FLAG_SET[] =
	"UPDATE carrier SET version = version + 1, more = ?2, review_required = 1,"
	" review_due_on = ?3, review_reason = ?4, extra = ?5 WHERE id = ?1";
/* A carrier's due row (SQLite): ?1 id, ?2 org_id, ?3 due, ?4 seq. */
static const char SQL_FLAG_DUE[] =
	"INSERT INTO carrier_due(carrier_id, org_id, due, carrier_seq) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT(carrier_id) DO UPDATE SET due = excluded.due WHERE due <> excluded.due";
/* Every flagged carrier's due row at once (PostgreSQL: one round trip):
 * ?1 a JSON array of {"id", "due"}. */
static const char SQL_FLAG_DUE_PG[] =
	"INSERT INTO carrier_due(carrier_id, org_id, due, carrier_seq)"
	" SELECT c.id, c.org_id, j->>'due', c.seq"
	" FROM jsonb_array_elements(?1::jsonb) AS j JOIN carrier AS c ON c.id = j->>'id'"
	" WHERE j->>'due' IS NOT NULL"
	" ON CONFLICT(carrier_id) DO UPDATE SET due = excluded.due"
	" WHERE carrier_due.due <> excluded.due";

void
store_carrier_flags_free(struct store_carrier_flags *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].extra);
	free(f->v);
	memset(f, 0, sizeof *f);
}

static int
fail(struct qerr *e, const char *what)
{
	qerr_internal(e, NULL);
	qerr_detail(e, "carrier flag: %s", what);
	return -1;
}

/* The date at key of extra (QDATE_NONE when absent or not a date). */
static qdate
extra_date(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	qdate d;

	if (s == NULL || date_parse(s, &d) != 0)
		return QDATE_NONE;
	return d;
}

/* d as a JSON string "YYYY-MM-DD" (NULL out of memory). */
static json_t *
json_date(qdate d)
{
	char buf[QDATE_STR_SIZE];

	return json_string(date_format(d, buf));
}

/* Reads st's rows (FLAG_COLS) into out; puts st. */
static int
flags_read(struct store_tx *tx, struct db_stmt *st, struct store_carrier_flags *out,
           struct qerr *e)
{
	size_t cap = 0;
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		struct store_carrier_flag *f;
		char date[CARRIER_DATE_MAX];
		const char *extra = db_col_text(st, 4);
		json_t *o = NULL;

		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct store_carrier_flag *v = realloc(out->v, ncap * sizeof *v);

			if (v == NULL)
				goto oom;
			out->v = v;
			cap = ncap;
		}
		f = &out->v[out->n];
		memset(f, 0, sizeof *f);
		f->seq = db_col_int64(st, 1);
		f->declassify_on = QDATE_NONE;
		f->review_due_on = QDATE_NONE;
		if (store_col_copy(st, 0, f->id, sizeof f->id) != 0 ||
		    store_col_copy(st, 2, f->state, sizeof f->state) != 0 ||
		    store_col_copy(st, 3, date, sizeof date) != 0) {
			store_stmt_put(tx, st);
			return fail(e, "a column is too long");
		}
		if (date[0] != '\0' && date_parse(date, &f->declassify_on) != 0)
			f->declassify_on = QDATE_NONE;
		f->more = (unsigned)db_col_int64(st, 5);
		if (store_col_copy(st, 6, date, sizeof date) != 0) {
			store_stmt_put(tx, st);
			return fail(e, "a column is too long");
		}
		if ((f->more & CARRIER_M_REVIEW_DUE) && date[0] != '\0' &&
		    date_parse(date, &f->review_due_on) != 0)
			f->review_due_on = QDATE_NONE;
		if (store_col_copy(st, 7, f->org_id, sizeof f->org_id) != 0) {
			store_stmt_put(tx, st);
			return fail(e, "a column is too long");
		}
		if (extra != NULL) {
			json_error_t jerr;

			if ((f->extra = strdup(extra)) == NULL)
				goto oom;
			if ((o = json_loads(extra, 0, &jerr)) == NULL || !json_is_object(o)) {
				json_decref(o);
				free(f->extra);
				store_stmt_put(tx, st);
				return fail(e, "extra does not parse");
			}
			if (!(f->more & CARRIER_M_REVIEW_DUE))   /* a value of no column's shape */
				f->review_due_on = extra_date(o, "review_due_on");
			json_decref(o);
		}
		out->n++;
	}
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier flag read");
oom:
	store_stmt_put(tx, st);
	return fail(e, "out of memory");
}

int
store_carrier_flags_carrying(struct store_tx *tx, const char *const *info_ids, size_t n,
                             struct store_carrier_flags *out, struct qerr *e)
{
	char *text;
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "carrier flags", e) != 0)
		return -1;
	if (n == 0)
		return 0;
	if (store_stmt_json_strs(tx, DB_SQL(tx, SQL_FLAG_CARRYING, SQL_FLAG_CARRYING_PG), info_ids,
	                         n, "carrier flags", &st, &text, e) != 0)
		return -1;
	rc = flags_read(tx, st, out, e);
	free(text);
	if (rc != 0)
		store_carrier_flags_free(out);
	return rc;
}

int
store_carrier_flags_get(struct store_tx *tx, const char *id, struct store_carrier_flags *out,
                        struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "carrier flag", e) != 0 ||
	    store_stmt_get(tx, SQL_FLAG_GET, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "carrier flag");
	}
	if (flags_read(tx, st, out, e) != 0) {
		store_carrier_flags_free(out);
		return -1;
	}
	if (out->n == 0)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	return 0;
}

/* A carrier still classified keeps a due row (sqlite_carrier_rec.c due_of). */
static bool
classified(const char *state)
{
	return strcmp(state, "registered") == 0 || strcmp(state, "issued") == 0 ||
	       strcmp(state, "archived") == 0;
}

/* f's extra as the flag leaves it: without the review fields of no
 * column's shape (the columns now say them), and, when reviews stayed in
 * extra (not of the child rows' shape), entry appended there (*in_extra).
 * A new string (NULL: extra is empty, or *oom). */
static char *
extra_flagged(const struct store_carrier_flag *f, const json_t *entry, bool *in_extra,
              bool *oom)
{
	static const char *const keys[] = {"review_required", "review_due_on", "review_reason"};
	json_t *o, *a;
	char *text = NULL;
	json_error_t jerr;

	*in_extra = false;
	*oom = false;
	if (f->extra == NULL)
		return NULL;
	o = json_loads(f->extra, 0, &jerr);
	if (!json_is_object(o))
		goto fail;
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
		json_object_del(o, keys[k]);
	a = json_object_get(o, "reviews");
	if (a != NULL && !(f->more & CARRIER_M_REVIEWS)) {
		if (!json_is_array(a) || json_array_append_new(a, json_deep_copy(entry)) != 0)
			goto fail;
		*in_extra = true;
	}
	if (json_object_size(o) > 0 &&
	    (text = store_json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		goto fail;
	json_decref(o);
	return text;
fail:
	json_decref(o);
	*oom = true;
	return NULL;
}

/* One carrier's flag: its columns, extra and, unless reviews stayed in
 * extra, the entry as its next carrier_review row. */
static int
flag_one(struct store_tx *tx, const struct store_carrier_flag *f, qdate due,
         const char *reason, const json_t *entry, struct qerr *e)
{
	char date[QDATE_STR_SIZE];
	unsigned more = f->more | CARRIER_M_REVIEW_REQUIRED | CARRIER_M_REVIEW_DUE |
	                CARRIER_M_REVIEW_REASON;
	bool in_extra, oom;
	char *extra = extra_flagged(f, entry, &in_extra, &oom);
	struct db_stmt *st;
	int rc;

	if (oom)
		return fail(e, "out of memory");
	if (!in_extra)
		more |= CARRIER_M_REVIEWS;
	if (store_stmt_get(tx, SQL_FLAG_SET, &st, e) != 0) {
		free(extra);
		return -1;
	}
	rc = store_bind_str(st, 1, f->id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, (int64_t)more);
	if (rc == DB_OK)
		rc = store_bind_str(st, 3, date_format(due, date));
	if (rc == DB_OK)
		rc = reason != NULL ? store_bind_str(st, 4, reason) : db_bind_null(st, 4);
	if (rc == DB_OK)
		rc = extra != NULL ? db_bind_text(st, 5, extra, -1) : db_bind_null(st, 5);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_DONE && db_changes(tx) != 1)
		rc = -2;
	store_stmt_put(tx, st);
	free(extra);
	if (rc == -2)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "carrier flag");
	return in_extra ? 0 : store_carrier_review_append(tx, f->id, entry, e);
}

/* Carrier f's due row (SQLite): due. */
static int
due_one(struct store_tx *tx, const struct store_carrier_flag *f, qdate due, struct qerr *e)
{
	char date[QDATE_STR_SIZE];
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, SQL_FLAG_DUE, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, f->id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 2, f->org_id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 3, date_format(due, date));
	if (rc == DB_OK)
		rc = db_bind_int64(st, 4, f->seq);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier flag: due");
}

/* Every flagged carrier's due row in one statement (PostgreSQL). */
static int
due_all_pg(struct store_tx *tx, const struct store_carrier_flags *f, const qdate *due,
           struct qerr *e)
{
	json_t *arr = json_array();
	char *text;
	struct db_stmt *st;
	int rc;

	if (arr == NULL)
		return fail(e, "out of memory");
	for (size_t i = 0; i < f->n; i++) {
		json_t *row;

		if (due[i] == QDATE_NONE || !classified(f->v[i].state))
			continue;
		row = json_pack("{s:s, s:o}", "id", f->v[i].id, "due", json_date(due[i]));
		if (row == NULL || json_array_append_new(arr, row) != 0) {
			json_decref(arr);
			return fail(e, "out of memory");
		}
	}
	if (json_array_size(arr) == 0) {
		json_decref(arr);
		return 0;
	}
	text = store_json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (text == NULL)
		return fail(e, "out of memory");
	if (store_stmt_get(tx, SQL_FLAG_DUE_PG, &st, e) != 0) {
		free(text);
		return -1;
	}
	rc = store_bind_str(st, 1, text);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	free(text);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier flag: due");
}

int
store_carriers_review_flag(struct store_tx *tx, const struct store_carrier_flags *f,
                           const qdate *due, const char *reason, const json_t *entry,
                           struct qerr *e)
{
	if (store_tx_writable(tx, "carrier flag", e) != 0)
		return -1;
	for (size_t i = 0; i < f->n; i++) {
		if (due[i] == QDATE_NONE)
			continue;
		if (flag_one(tx, &f->v[i], due[i], reason, entry, e) != 0)
			return -1;
		if (!store_is_pg(tx) && classified(f->v[i].state) &&
		    due_one(tx, &f->v[i], due[i], e) != 0)
			return -1;
	}
	return store_is_pg(tx) ? due_all_pg(tx, f, due, e) : 0;
}
