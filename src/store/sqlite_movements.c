/*
 * sqlite_movements.c — the typed movement table (tables_movements.h) and
 * the record form of kind "movement" over it.
 *
 * How it works. A journal entry is a row of typed columns plus extra, the
 * JSON object of the act's other fields; keys (core/movement_rec.h) records
 * which typed fields the entry has, so absent, null and a value read back
 * as written. movement_rec_from() splits an entry: a typed field of the
 * wrong type (never written by the server) stays in extra, whole. The
 * lists read (parent_id, seq) or (org_id, seq) from the cursor and stop at
 * the limit: a page costs what it returns.
 *
 * Owns: nothing past a call. Untrusted input: bound as parameters only.
 */
#include "store/db.h"
#include "store/tables_movements.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_json.h"
#include "store/store_table.h"

#define MV_COLS                                                                     \
	"id, seq, version, parent_id, org_id, ref, state, fields, kind, date, by_user,"  \
	" carrier_id, copy_number, person_id, extra, " MV_XCOLS
/* The fields of the act (0026_carrier_columns), in the order of xcols[]
 * after more. */
#define MV_XCOLS                                                                    \
	"more, from_org_id, to_org_id, from_person_id, reason, basis, transfer_id,"      \
	" joint_work_id, foreign_transfer_id, act_number, archive_ref, archive_org_id,"  \
	" inventory_id, incident_id, ground, declassify_on, found"
#define MV_XBASE 15      /* the column (and parameter - 1) of more */

static const char SQL_MV_INSERT[] =
	"INSERT INTO movement(" MV_COLS ") VALUES"
	" (?1, ?2, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
	" ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32)";
static const char SQL_MV_UPDATE[] =
	"UPDATE movement SET version = version + 1, parent_id = ?4, org_id = ?5, ref = ?6,"
	" state = ?7, fields = ?8, kind = ?9, date = ?10, by_user = ?11, carrier_id = ?12,"
	" copy_number = ?13, person_id = ?14, extra = ?15, more = ?16, from_org_id = ?17,"
	" to_org_id = ?18, from_person_id = ?19, reason = ?20, basis = ?21, transfer_id = ?22,"
	" joint_work_id = ?23, foreign_transfer_id = ?24, act_number = ?25, archive_ref = ?26,"
	" archive_org_id = ?27, inventory_id = ?28, incident_id = ?29, ground = ?30,"
	" declassify_on = ?31, found = ?32 WHERE id = ?1";
static const char SQL_MV_COPY_CLEAR[] = "DELETE FROM movement_copy WHERE movement_id = ?1";
static const char SQL_MV_COPY_ADD[] =
	"INSERT INTO movement_copy(movement_id, ord, number) VALUES (?1, ?2, ?3)";
static const char SQL_MV_COPY_GET[] =
	"SELECT number FROM movement_copy WHERE movement_id = ?1 ORDER BY ord";
static const char SQL_MV_GET[] = "SELECT " MV_COLS " FROM movement WHERE id = ?1";
static const char SQL_MV_FIND[] =
	"SELECT " MV_COLS " FROM movement WHERE org_id = ?1 AND ref = ?2 AND ref <> ''";

/* ?1 after_seq, ?2 org_id, ?3 parent_id, ?4 state, ?5 ref, ?6 limit */
#define MV_REST                                                                     \
	" AND (?2 IS NULL OR org_id = ?2) AND (?4 IS NULL OR state = ?4)"              \
	" AND (?5 IS NULL OR ref = ?5)"
static const char SQL_MV_LIST_PARENT[] =
	"SELECT " MV_COLS " FROM movement WHERE parent_id = ?3 AND seq > ?1" MV_REST
	" ORDER BY parent_id, seq LIMIT ?6";
static const char SQL_MV_LIST_ORG[] =
	"SELECT " MV_COLS " FROM movement WHERE org_id = ?2 AND seq > ?1"
	" AND (?3 IS NULL OR parent_id = ?3)" MV_REST " ORDER BY org_id, seq LIMIT ?6";
static const char SQL_MV_LIST_ANY[] =
	"SELECT " MV_COLS " FROM movement WHERE seq > ?1 AND (?3 IS NULL OR parent_id = ?3)"
	MV_REST " ORDER BY seq LIMIT ?6";
static const char SQL_MV_COUNT_PARENT[] =
	"SELECT count(*) FROM movement WHERE parent_id = ?3 AND seq > ?1" MV_REST;
static const char SQL_MV_COUNT_ORG[] =
	"SELECT count(*) FROM movement WHERE org_id = ?2 AND seq > ?1"
	" AND (?3 IS NULL OR parent_id = ?3)" MV_REST;
static const char SQL_MV_COUNT_ANY[] =
	"SELECT count(*) FROM movement WHERE seq > ?1 AND (?3 IS NULL OR parent_id = ?3)"
	MV_REST;

void
movement_rec_clear(struct movement_rec *m)
{
	if (m == NULL)
		return;
	free(m->extra);
	m->extra = NULL;
	free(m->copy_numbers);
	m->copy_numbers = NULL;
	m->n_copy_numbers = 0;
}

/* ---- entry <-> row -------------------------------------------------------- */

static int
oom(struct qerr *e, const char *what)
{
	qerr_internal(e, NULL);
	qerr_detail(e, "movement: %s", what);
	return -1;
}

/* ---- the fields of the act (0026_carrier_columns) ------------------------- */

/* A field of the act in a column of its own: a string (date: "YYYY-MM-DD")
 * or a boolean (found); each may be null. Columns follow more in this
 * order (MV_XCOLS). */
static const struct {
	const char *key;
	unsigned bit;
	size_t off, size;
	char type;            /* 's' string, 'd' date, 'b' boolean */
} xcols[] = {
#define MX(k, b, f, t) {#k, b, offsetof(struct movement_rec, f), sizeof(((struct movement_rec *)0)->f), t}
	MX(from_org_id, MOVE_M_FROM_ORG, from_org_id, 's'),
	MX(to_org_id, MOVE_M_TO_ORG, to_org_id, 's'),
	MX(from_person_id, MOVE_M_FROM_PERSON, from_person_id, 's'),
	MX(reason, MOVE_M_REASON, reason, 's'),
	MX(basis, MOVE_M_BASIS, basis, 's'),
	MX(transfer_id, MOVE_M_TRANSFER, transfer_id, 's'),
	MX(joint_work_id, MOVE_M_JOINT_WORK, joint_work_id, 's'),
	MX(foreign_transfer_id, MOVE_M_FOREIGN, foreign_transfer_id, 's'),
	MX(act_number, MOVE_M_ACT_NUMBER, act_number, 's'),
	MX(archive_ref, MOVE_M_ARCHIVE_REF, archive_ref, 's'),
	MX(archive_org_id, MOVE_M_ARCHIVE_ORG, archive_org_id, 's'),
	MX(inventory_id, MOVE_M_INVENTORY, inventory_id, 's'),
	MX(incident_id, MOVE_M_INCIDENT, incident_id, 's'),
	MX(ground, MOVE_M_GROUND, ground, 's'),
	MX(declassify_on, MOVE_M_DECLASSIFY_ON, declassify_on, 'd'),
	MX(found, MOVE_M_FOUND, found, 'b'),
#undef MX
};
#define XCOLS_N (sizeof xcols / sizeof xcols[0])

/* The fields of the act out of rest into m when they have their column's
 * shape; any other stays in rest (extra). 0, or -1 out of memory. */
static int
xfields_take(json_t *rest, struct movement_rec *m)
{
	json_t *v;
	size_t i;

	m->found = STORE_INT_NULL;
	for (i = 0; i < XCOLS_N; i++) {
		char *dst = (char *)m + xcols[i].off;
		bool ok;

		if ((v = json_object_get(rest, xcols[i].key)) == NULL)
			continue;
		if (xcols[i].type == 'b') {
			ok = json_is_null(v) || json_is_boolean(v);
			if (ok)
				m->found = json_is_null(v) ? STORE_INT_NULL : json_is_true(v);
		} else {
			ok = store_json_take_str(v, dst, xcols[i].size, xcols[i].type == 'd');
		}
		if (ok) {
			m->more |= xcols[i].bit;
			json_object_del(rest, xcols[i].key);
		}
	}
	v = json_object_get(rest, "copy_numbers");
	if (!json_is_array(v))
		return 0;
	for (i = 0; i < json_array_size(v); i++)
		if (!json_is_integer(json_array_get(v, i)))
			return 0;
	if (json_array_size(v) > 0 &&
	    (m->copy_numbers = calloc(json_array_size(v), sizeof *m->copy_numbers)) == NULL)
		return -1;
	for (i = 0; i < json_array_size(v); i++)
		m->copy_numbers[i] = (int64_t)json_integer_value(json_array_get(v, i));
	m->n_copy_numbers = json_array_size(v);
	m->more |= MOVE_M_COPY_NUMBERS;
	json_object_del(rest, "copy_numbers");
	return 0;
}

static int put(json_t *doc, const char *key, json_t *v);

/* The fields of the act into doc: 0, or -1 out of memory. */
static int
xfields_put(json_t *doc, const struct movement_rec *m)
{
	int rc = 0;

	for (size_t i = 0; i < XCOLS_N; i++) {
		const char *src = (const char *)m + xcols[i].off;

		if (!(m->more & xcols[i].bit))
			continue;
		if (xcols[i].type == 'b')
			rc |= put(doc, xcols[i].key,
			          m->found == STORE_INT_NULL ? json_null() : json_boolean(m->found != 0));
		else
			rc |= put(doc, xcols[i].key, store_json_str_or_null(src));
	}
	if (m->more & MOVE_M_COPY_NUMBERS) {
		json_t *a = json_array();

		for (size_t i = 0; a != NULL && i < m->n_copy_numbers; i++)
			if (json_array_append_new(a, json_integer((json_int_t)m->copy_numbers[i])) != 0) {
				json_decref(a);
				a = NULL;
			}
		rc |= put(doc, "copy_numbers", a);
	}
	return rc;
}

int
movement_rec_from(const struct store_rec *r, struct movement_rec *m, struct qerr *e)
{
	static const struct {
		const char *key;
		unsigned bit;
		size_t off, size;
		bool date;
	} strs[] = {
		{"kind", MOVE_K_KIND, offsetof(struct movement_rec, kind), MOVE_KIND_MAX, false},
		{"date", MOVE_K_DATE, offsetof(struct movement_rec, date), 11, true},
		{"by", MOVE_K_BY, offsetof(struct movement_rec, by), STORE_ID_MAX, false},
		{"carrier_id", MOVE_K_CARRIER, offsetof(struct movement_rec, carrier_id),
		 STORE_ID_MAX, false},
		{"person_id", MOVE_K_PERSON, offsetof(struct movement_rec, person_id),
		 STORE_ID_MAX, false},
	};
	json_t *rest, *v;
	const char *s;

	memset(m, 0, sizeof *m);
	m->copy_number = STORE_INT_NULL;
	m->found = STORE_INT_NULL;
	if (!json_is_object(r->doc))
		return oom(e, "entry is not an object");
	q_strlcpy(m->h.id, r->id, sizeof m->h.id);
	q_strlcpy(m->parent_id, r->parent_id, sizeof m->parent_id);
	q_strlcpy(m->org_id, r->org_id, sizeof m->org_id);
	q_strlcpy(m->ref, r->ref, sizeof m->ref);
	q_strlcpy(m->state, r->state, sizeof m->state);
	if ((rest = json_deep_copy(r->doc)) == NULL)
		return oom(e, "out of memory");
	/* id and org_id: the row's own, when the entry says the same. */
	s = json_string_value(json_object_get(rest, "id"));
	if (s != NULL && strcmp(s, r->id) == 0) {
		m->keys |= MOVE_K_ID;
		json_object_del(rest, "id");
	}
	s = json_string_value(json_object_get(rest, "org_id"));
	if (s != NULL && s[0] != '\0' && strcmp(s, r->org_id) == 0) {
		m->keys |= MOVE_K_ORG;
		json_object_del(rest, "org_id");
	}
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		v = json_object_get(rest, strs[i].key);
		if (v != NULL && store_json_take_str(v, (char *)m + strs[i].off, strs[i].size, strs[i].date)) {
			m->keys |= strs[i].bit;
			json_object_del(rest, strs[i].key);
		}
	}
	v = json_object_get(rest, "copy_number");
	if (json_is_null(v) || (json_is_integer(v) && json_integer_value(v) != STORE_INT_NULL)) {
		if (json_is_integer(v))
			m->copy_number = (int64_t)json_integer_value(v);
		m->keys |= MOVE_K_COPY;
		json_object_del(rest, "copy_number");
	}
	if (xfields_take(rest, m) != 0) {
		json_decref(rest);
		movement_rec_clear(m);
		return oom(e, "out of memory");
	}
	if (json_object_size(rest) > 0 &&
	    (m->extra = store_json_dumps(rest, JSON_COMPACT | JSON_SORT_KEYS)) == NULL) {
		json_decref(rest);
		movement_rec_clear(m);
		return oom(e, "extra does not encode");
	}
	json_decref(rest);
	return 0;
}

/* doc[key] = v (stolen); -1 when v is NULL or the set fails. */
static int
put(json_t *doc, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(doc, key, v);
}

json_t *
movement_rec_doc(const struct movement_rec *m, struct qerr *e)
{
	json_t *doc = NULL, *extra;
	json_error_t jerr;
	int rc = 0;

	if (m->extra != NULL) {
		doc = json_loads(m->extra, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(doc)) {
			json_decref(doc);
			oom(e, "extra does not parse");
			return NULL;
		}
	} else if ((doc = json_object()) == NULL) {
		oom(e, "out of memory");
		return NULL;
	}
	extra = doc;
	if (m->keys & MOVE_K_ID)
		rc |= put(extra, "id", json_string(m->h.id));
	if (m->keys & MOVE_K_ORG)
		rc |= put(extra, "org_id", json_string(m->org_id));
	if (m->keys & MOVE_K_KIND)
		rc |= put(extra, "kind", store_json_str_or_null(m->kind));
	if (m->keys & MOVE_K_DATE)
		rc |= put(extra, "date", store_json_str_or_null(m->date));
	if (m->keys & MOVE_K_BY)
		rc |= put(extra, "by", store_json_str_or_null(m->by));
	if (m->keys & MOVE_K_CARRIER)
		rc |= put(extra, "carrier_id", store_json_str_or_null(m->carrier_id));
	if (m->keys & MOVE_K_COPY)
		rc |= put(extra, "copy_number", m->copy_number == STORE_INT_NULL
		                                    ? json_null()
		                                    : json_integer((json_int_t)m->copy_number));
	if (m->keys & MOVE_K_PERSON)
		rc |= put(extra, "person_id", store_json_str_or_null(m->person_id));
	rc |= xfields_put(extra, m);
	if (rc != 0) {
		json_decref(doc);
		oom(e, "out of memory");
		return NULL;
	}
	return doc;
}

/* ---- rows ------------------------------------------------------------------ */

static int
bind_opt(struct db_stmt *st, int idx, const char *s)
{
	return s != NULL && s[0] != '\0' ? store_bind_str(st, idx, s) : db_bind_null(st, idx);
}

/* ?1 id, ?2 seq, ?4..?15 as in SQL_MV_INSERT. */
static int
mv_bind(struct db_stmt *st, const struct movement_rec *m)
{
	int rc = store_bind_str(st, 1, m->h.id);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, m->h.seq);
	if (rc == DB_OK)
		rc = store_bind_str(st, 4, m->parent_id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 5, m->org_id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 6, m->ref);
	if (rc == DB_OK)
		rc = store_bind_str(st, 7, m->state);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 8, (int64_t)m->keys);
	if (rc == DB_OK)
		rc = bind_opt(st, 9, m->kind);
	if (rc == DB_OK)
		rc = bind_opt(st, 10, m->date);
	if (rc == DB_OK)
		rc = bind_opt(st, 11, m->by);
	if (rc == DB_OK)
		rc = bind_opt(st, 12, m->carrier_id);
	if (rc == DB_OK)
		rc = m->copy_number == STORE_INT_NULL ? db_bind_null(st, 13)
		                                      : db_bind_int64(st, 13, m->copy_number);
	if (rc == DB_OK)
		rc = bind_opt(st, 14, m->person_id);
	if (rc == DB_OK)
		rc = m->extra != NULL ? db_bind_text(st, 15, m->extra, -1) : db_bind_null(st, 15);
	if (rc == DB_OK)
		rc = db_bind_int64(st, MV_XBASE + 1, (int64_t)m->more);
	for (size_t i = 0; rc == DB_OK && i < XCOLS_N; i++) {
		int idx = MV_XBASE + 2 + (int)i;

		if (xcols[i].type == 'b')
			rc = m->found == STORE_INT_NULL ? db_bind_null(st, idx)
			                                : db_bind_int64(st, idx, m->found);
		else
			rc = bind_opt(st, idx, (const char *)m + xcols[i].off);
	}
	return rc;
}

static int
mv_row(struct db_stmt *st, struct movement_rec *m, struct qerr *e)
{
	const char *extra;

	memset(m, 0, sizeof *m);
	m->h.seq = db_col_int64(st, 1);
	m->h.version = db_col_int64(st, 2);
	m->keys = (unsigned)db_col_int64(st, 7);
	m->copy_number = db_col_null(st, 12) ? STORE_INT_NULL : db_col_int64(st, 12);
	if (store_col_copy(st, 0, m->h.id, sizeof m->h.id) != 0 ||
	    store_col_copy(st, 3, m->parent_id, sizeof m->parent_id) != 0 ||
	    store_col_copy(st, 4, m->org_id, sizeof m->org_id) != 0 ||
	    store_col_copy(st, 5, m->ref, sizeof m->ref) != 0 ||
	    store_col_copy(st, 6, m->state, sizeof m->state) != 0 ||
	    store_col_copy(st, 8, m->kind, sizeof m->kind) != 0 ||
	    store_col_copy(st, 9, m->date, sizeof m->date) != 0 ||
	    store_col_copy(st, 10, m->by, sizeof m->by) != 0 ||
	    store_col_copy(st, 11, m->carrier_id, sizeof m->carrier_id) != 0 ||
	    store_col_copy(st, 13, m->person_id, sizeof m->person_id) != 0)
		return oom(e, "column too long");
	extra = db_col_text(st, 14);
	if (extra != NULL && (m->extra = strdup(extra)) == NULL)
		return oom(e, "out of memory");
	m->more = (unsigned)db_col_int64(st, MV_XBASE);
	for (size_t i = 0; i < XCOLS_N; i++) {
		int col = MV_XBASE + 1 + (int)i;

		if (xcols[i].type == 'b')
			m->found = db_col_null(st, col) ? STORE_INT_NULL : db_col_int64(st, col);
		else if (store_col_copy(st, col, (char *)m + xcols[i].off, xcols[i].size) != 0)
			return oom(e, "column too long");
	}
	return 0;
}

/* Replaces the copy_numbers rows of m (clear: the old ones first). */
static int
copies_write(struct store_tx *tx, const struct movement_rec *m, bool clear, struct qerr *e)
{
	struct db_stmt *st;
	int rc = DB_DONE;

	if (clear) {
		if (store_stmt_get(tx, SQL_MV_COPY_CLEAR, &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, m->h.id);
		if (rc == DB_OK)
			rc = db_step(st);
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "movement copies");
	}
	for (size_t i = 0; i < m->n_copy_numbers; i++) {
		if (store_stmt_get(tx, SQL_MV_COPY_ADD, &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, m->h.id);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 2, (int64_t)i);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 3, m->copy_numbers[i]);
		if (rc == DB_OK)
			rc = db_step(st);
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "movement copies");
	}
	return 0;
}

/* Reads the copy_numbers rows of m (when it has them). */
static int
copy_number_fill(struct db_stmt *st, void *elem)
{
	*(int64_t *)elem = db_col_int64(st, 0);
	return 0;
}

static int
copies_read(struct store_tx *tx, struct movement_rec *m, struct qerr *e)
{
	if (!(m->more & MOVE_M_COPY_NUMBERS))
		return 0;
	return store_child_rows(tx, SQL_MV_COPY_GET, m->h.id, (void **)&m->copy_numbers,
	                        &m->n_copy_numbers, sizeof *m->copy_numbers, copy_number_fill,
	                        "movement copies", e);
}

int
store_movement_insert(struct store_tx *tx, struct movement_rec *m, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "movement insert", e) != 0)
		return -1;
	if (m->h.id[0] == '\0')
		return qerr_internal(e, "movement insert: no id");
	if (store_seq_next(tx, &m->h.seq, e) != 0 ||
	    store_stmt_get(tx, SQL_MV_INSERT, &st, e) != 0)
		return -1;
	rc = mv_bind(st, m);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc != DB_DONE) {
		store_db_err(e, rc, "movement insert");
		if (e->status == QERR_CONFLICT)
			q_strlcpy(e->field, "ref", sizeof e->field);
		return -1;
	}
	m->h.version = 1;
	return copies_write(tx, m, false, e);
}

int
store_movement_update(struct store_tx *tx, const struct movement_rec *m, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "movement update", e) != 0 ||
	    store_stmt_get(tx, SQL_MV_UPDATE, &st, e) != 0)
		return -1;
	rc = mv_bind(st, m);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "movement update");
	if (db_changes(tx) == 0)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	return copies_write(tx, m, true, e);
}

/* Steps st for one row into out: 0, or 404. Puts st back. */
static int
mv_one(struct store_tx *tx, struct db_stmt *st, struct movement_rec *out, struct qerr *e)
{
	int rc = db_step(st), ret;

	memset(out, 0, sizeof *out);
	if (rc == DB_ROW)
		ret = mv_row(st, out, e);
	else if (rc == DB_DONE)
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	else
		ret = store_db_err(e, rc, "movement read");
	store_stmt_put(tx, st);
	if (ret == 0)
		ret = copies_read(tx, out, e);
	if (ret != 0)
		movement_rec_clear(out);
	return ret;
}

int
store_movement_get(struct store_tx *tx, const char *id, struct movement_rec *out,
                   struct qerr *e)
{
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "movement get", e) != 0)
		return -1;
	if (id == NULL || id[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_stmt_get(tx, SQL_MV_GET, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, id);
	return mv_one(tx, st, out, e);
}

/* The list or count statement for the filters, bound but for the limit. */
static int
mv_query(struct store_tx *tx, const struct store_query *q, bool count, struct db_stmt **st,
         struct qerr *e)
{
	const char *sql;
	int rc;

	if (store_tx_usable(tx, "movement list", e) != 0)
		return -1;
	if (q->parent_id != NULL)
		sql = count ? SQL_MV_COUNT_PARENT : SQL_MV_LIST_PARENT;
	else if (q->org_id != NULL)
		sql = count ? SQL_MV_COUNT_ORG : SQL_MV_LIST_ORG;
	else
		sql = count ? SQL_MV_COUNT_ANY : SQL_MV_LIST_ANY;
	if (store_stmt_get(tx, sql, st, e) != 0)
		return -1;
	rc = db_bind_int64(*st, 1, q->after_seq);
	if (rc == DB_OK)
		rc = q->org_id ? store_bind_str(*st, 2, q->org_id) : db_bind_null(*st, 2);
	if (rc == DB_OK)
		rc = q->parent_id ? store_bind_str(*st, 3, q->parent_id) : db_bind_null(*st, 3);
	if (rc == DB_OK)
		rc = q->state ? store_bind_str(*st, 4, q->state) : db_bind_null(*st, 4);
	if (rc == DB_OK)
		rc = q->ref ? store_bind_str(*st, 5, q->ref) : db_bind_null(*st, 5);
	if (rc != DB_OK) {
		store_stmt_put(tx, *st);
		*st = NULL;
		return store_db_err(e, rc, "movement list");
	}
	return 0;
}

/* Calls cb for each row of st (bound); puts st back. The rows are read to
 * the end first (a page at most), then their copy_numbers rows: cb may
 * read or write the store itself. */
static int
mv_rows(struct store_tx *tx, struct db_stmt *st, store_movement_cb cb, void *ctx,
        struct qerr *e)
{
	struct movement_rec *v = NULL;
	size_t n = 0, cap = 0, i;
	int rc, ret = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct movement_rec *m = realloc(v, (cap = cap ? cap * 2 : 8) * sizeof *m);

			if (m == NULL) {
				ret = oom(e, "out of memory");
				break;
			}
			v = m;
		}
		if (mv_row(st, &v[n], e) != 0) {
			movement_rec_clear(&v[n]);
			ret = -1;
			break;
		}
		n++;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_err(e, rc, "movement list");
	store_stmt_put(tx, st);
	for (i = 0; ret == 0 && i < n; i++) {
		ret = copies_read(tx, &v[i], e);
		if (ret == 0)
			ret = cb(ctx, &v[i]);
	}
	for (i = 0; i < n; i++)
		movement_rec_clear(&v[i]);
	free(v);
	return ret;
}

static int
clamp(int limit)
{
	return limit < 1 ? 1 : limit > STORE_PAGE_MAX ? STORE_PAGE_MAX : limit;
}

int
store_movement_list(struct store_tx *tx, const char *parent_id, const char *org_id,
                    int64_t after_seq, int limit, store_movement_cb cb, void *ctx,
                    struct qerr *e)
{
	struct store_query q = {.kind = "movement", .parent_id = parent_id, .org_id = org_id,
	                        .after_seq = after_seq};
	struct db_stmt *st;
	int rc;

	if (mv_query(tx, &q, false, &st, e) != 0)
		return -1;
	rc = db_bind_int64(st, 6, clamp(limit));
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "movement list");
	}
	return mv_rows(tx, st, cb, ctx, e);
}

/* ---- the record form -------------------------------------------------------- */

/* r from m: the record columns and the entry as a new doc. */
static int
rec_of(const struct movement_rec *m, struct store_rec *r, struct qerr *e)
{
	memset(r, 0, sizeof *r);
	q_strlcpy(r->kind, "movement", sizeof r->kind);
	q_strlcpy(r->id, m->h.id, sizeof r->id);
	q_strlcpy(r->org_id, m->org_id, sizeof r->org_id);
	q_strlcpy(r->parent_id, m->parent_id, sizeof r->parent_id);
	q_strlcpy(r->ref, m->ref, sizeof r->ref);
	q_strlcpy(r->state, m->state, sizeof r->state);
	r->seq = m->h.seq;
	r->doc = movement_rec_doc(m, e);
	return r->doc != NULL ? 0 : -1;
}

int
store_movement_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e)
{
	struct movement_rec m;
	int rc;

	if (store_tx_writable(tx, "record insert", e) != 0)
		return -1;
	if (r->id[0] == '\0')
		return qerr_internal(e, "record insert: no id");
	if (movement_rec_from(r, &m, e) != 0) {
		movement_rec_clear(&m);
		return -1;
	}
	rc = store_movement_insert(tx, &m, e);
	if (rc == 0)
		r->seq = m.h.seq;
	else if (e->status == QERR_CONFLICT)
		e->field[0] = '\0';
	movement_rec_clear(&m);
	return rc;
}

int
store_movement_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e)
{
	struct movement_rec m;
	int rc;

	if (movement_rec_from(r, &m, e) != 0) {
		movement_rec_clear(&m);
		return -1;
	}
	rc = store_movement_update(tx, &m, e);
	movement_rec_clear(&m);
	return rc;
}

static int
rec_from_row(struct movement_rec *m, struct store_rec *out, struct qerr *e)
{
	int rc = rec_of(m, out, e);

	movement_rec_clear(m);
	if (rc != 0)
		store_rec_clear(out);
	return rc;
}

int
store_movement_rec_get(struct store_tx *tx, const char *id, struct store_rec *out,
                       struct qerr *e)
{
	struct movement_rec m;

	memset(out, 0, sizeof *out);
	if (store_movement_get(tx, id, &m, e) != 0)
		return -1;
	return rec_from_row(&m, out, e);
}

int
store_movement_rec_find(struct store_tx *tx, const char *org_id, const char *ref,
                        struct store_rec *out, struct qerr *e)
{
	struct movement_rec m;
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "record find", e) != 0)
		return -1;
	if (ref == NULL || ref[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_stmt_get(tx, SQL_MV_FIND, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, org_id);
	store_bind_str(st, 2, ref);
	if (mv_one(tx, st, &m, e) != 0)
		return -1;
	return rec_from_row(&m, out, e);
}

struct rec_walk {
	store_rec_cb cb;
	void *ctx;
	struct qerr *e;
};

static int
rec_walk_cb(void *ctx, const struct movement_rec *m)
{
	struct rec_walk *w = ctx;
	struct store_rec r;
	int rc;

	if (rec_of(m, &r, w->e) != 0) {
		store_rec_clear(&r);
		return -1;
	}
	rc = w->cb(w->ctx, &r);
	store_rec_clear(&r);
	return rc;
}

int
store_movement_rec_list(struct store_tx *tx, const struct store_query *q, bool count,
                        int64_t *n, store_rec_cb cb, void *ctx, struct qerr *e)
{
	struct rec_walk w = {.cb = cb, .ctx = ctx, .e = e};
	struct db_stmt *st;
	int rc;

	if (mv_query(tx, q, count, &st, e) != 0)
		return -1;
	if (count) {
		rc = db_step(st);
		if (rc == DB_ROW)
			*n = db_col_int64(st, 0);
		store_stmt_put(tx, st);
		return rc == DB_ROW ? 0 : store_db_err(e, rc, "record count");
	}
	rc = db_bind_int64(st, 6, clamp(q->limit));
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "record list");
	}
	return mv_rows(tx, st, rec_walk_cb, &w, e);
}
