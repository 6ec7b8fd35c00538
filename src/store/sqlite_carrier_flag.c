/*
 * sqlite_carrier_flag.c — the review flag of carriers (tables_carriers.h,
 * store_carrier_flags_*, store_carriers_review_flag): the list-change and
 * declassified-item cascades (Art. 22.3, 23.1; ops/lists.c,
 * ops/declassify.c) on both backends.
 *
 * How it works. The carriers of the cascade are found through carrier_info's
 * (information_id, carrier_seq) index, and only their carrier row is read:
 * the columns the flag's decision needs (state, declassify_on) and extra,
 * where review_* live. The flag is one set-based UPDATE of the carrier rows
 * (version and extra) and one upsert of their carrier_due rows, whatever the
 * number of carriers: the copies, links and party rows a carrier holds are
 * not touched (a whole-carrier rewrite replaced them all, about 25 pages a
 * carrier). extra stays the sorted JSON text carrier_rec_from() writes, so a
 * carrier reads back exactly as the whole-carrier path left it.
 *
 * Owns: a struct store_carrier_flags until store_carrier_flags_free.
 * Untrusted input: ids and the reason come from requests; they travel as
 * parameters only (inside the one JSON text parameter of the UPDATE).
 */
#include "store/db.h"
#include "store/tables_carriers.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_json.h"

#define FLAG_COLS "c.id, c.seq, c.state, c.declassify_on, c.extra"

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

/* ?1 a JSON array of {"id", "extra", "due"} (due absent: no due row). */
static const char SQL_FLAG_SET[] =
	"UPDATE carrier SET version = version + 1, extra = json_extract(j.value, '$.extra')"
	" FROM json_each(?1) AS j WHERE carrier.id = json_extract(j.value, '$.id')";
static const char SQL_FLAG_SET_PG[] =
	"UPDATE carrier AS c SET version = c.version + 1, extra = j->>'extra'"
	" FROM jsonb_array_elements(?1::jsonb) AS j WHERE c.id = j->>'id'";
static const char SQL_FLAG_DUE[] =
	"INSERT INTO carrier_due(carrier_id, org_id, due, carrier_seq)"
	" SELECT c.id, c.org_id, json_extract(j.value, '$.due'), c.seq"
	" FROM json_each(?1) AS j JOIN carrier AS c ON c.id = json_extract(j.value, '$.id')"
	" WHERE json_type(j.value, '$.due') = 'text'"
	" ON CONFLICT(carrier_id) DO UPDATE SET due = excluded.due WHERE due <> excluded.due";
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
	if ((text = store_json_strs(info_ids, n)) == NULL)
		return fail(e, "out of memory");
	if (store_stmt_get(tx, DB_SQL(tx, SQL_FLAG_CARRYING, SQL_FLAG_CARRYING_PG), &st, e) != 0) {
		free(text);
		return -1;
	}
	rc = store_bind_str(st, 1, text);   /* borrowed: text outlives the statement */
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		free(text);
		return store_db_err(e, rc, "carrier flags");
	}
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

/* f's extra with the flag set (as ops_review_flag's doc edit left it: the
 * three fields replaced, entry appended to reviews), sorted as
 * carrier_rec_from writes it. A new string, or NULL. */
static char *
extra_flagged(const struct store_carrier_flag *f, qdate due, const char *reason,
              const json_t *entry)
{
	json_t *o, *a;
	char *text = NULL;
	json_error_t jerr;

	o = f->extra != NULL ? json_loads(f->extra, 0, &jerr) : json_object();
	if (!json_is_object(o))
		goto done;
	a = json_object_get(o, "reviews");
	if (!json_is_array(a)) {
		if ((a = json_array()) == NULL || json_object_set_new(o, "reviews", a) != 0)
			goto done;
	}
	if (json_array_append_new(a, json_deep_copy(entry)) != 0 ||
	    json_object_set_new(o, "review_required", json_true()) != 0 ||
	    json_object_set_new(o, "review_due_on", json_date(due)) != 0 ||
	    json_object_set_new(o, "review_reason",
	                        reason != NULL ? json_string(reason) : json_null()) != 0)
		goto done;
	text = store_json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
done:
	json_decref(o);
	return text;
}

/* Runs sql with the one JSON text parameter; *changed its row count. */
static int
run_set(struct store_tx *tx, const char *sql, const char *text, int64_t *changed,
        struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, sql, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, text);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_DONE && changed != NULL)
		*changed = db_changes(tx);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "carrier flag");
}

int
store_carriers_review_flag(struct store_tx *tx, const struct store_carrier_flags *f,
                           const qdate *due, const char *reason, const json_t *entry,
                           struct qerr *e)
{
	json_t *arr;
	char *text;
	size_t want = 0;
	int64_t changed = 0;
	int rc;

	if (store_tx_writable(tx, "carrier flag", e) != 0)
		return -1;
	if ((arr = json_array()) == NULL)
		return fail(e, "out of memory");
	for (size_t i = 0; i < f->n; i++) {
		char *extra;
		json_t *row;

		if (due[i] == QDATE_NONE)
			continue;
		if ((extra = extra_flagged(&f->v[i], due[i], reason, entry)) == NULL) {
			json_decref(arr);
			return fail(e, "out of memory");
		}
		row = json_pack("{s:s, s:s}", "id", f->v[i].id, "extra", extra);
		free(extra);
		if (row != NULL && classified(f->v[i].state) &&
		    json_object_set_new(row, "due", json_date(due[i])) != 0) {
			json_decref(row);
			row = NULL;
		}
		if (row == NULL || json_array_append_new(arr, row) != 0) {
			json_decref(arr);
			return fail(e, "out of memory");
		}
		want++;
	}
	if (want == 0) {
		json_decref(arr);
		return 0;
	}
	text = store_json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (text == NULL)
		return fail(e, "out of memory");
	rc = run_set(tx, DB_SQL(tx, SQL_FLAG_SET, SQL_FLAG_SET_PG), text, &changed, e);
	if (rc == 0 && changed != (int64_t)want)
		rc = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (rc == 0)
		rc = run_set(tx, DB_SQL(tx, SQL_FLAG_DUE, SQL_FLAG_DUE_PG), text, NULL, e);
	free(text);
	return rc;
}
