/*
 * sqlite_items.c — information items in their typed tables
 * (tables_items.h): the struct <-> JSON conversions, the topics' child
 * rows, and the record form of kind "information" over them.
 *
 * Conversion. A field of the item's object is taken into its column when
 * its value is exactly what the column gives back (a date in the form
 * "YYYY-MM-DD" that the calendar knows, an id of < 40 bytes, a string
 * without NUL, true or false, a degree's name, or null where the column
 * is nullable); id, org_id, state and list_item_id only when they equal
 * the record's own. The field's bit in `fields` records that it was there.
 * Every other field stays whole in extra. info_rec_doc() gives back the
 * same object: each field whose bit is set from its column (NULL as
 * null), then extra's, keys sorted as the record table stored them.
 */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "core/degree.h"
#include "store/store_json.h"
#include "store/tables_items.h"

enum fkind { K_ID, K_ORG, K_STATE, K_ITEM, K_REF, K_TEXT, K_DATE, K_BOOL, K_DEGREE, K_TOPICS };

static const struct fld {
	const char *key;
	int bit;
	enum fkind kind;
	size_t off;
} flds[] = {
	{"basis", INFO_F_BASIS, K_TEXT, offsetof(struct info_rec, basis)},
	{"classified_by", INFO_F_CLASSIFIED_BY, K_REF, offsetof(struct info_rec, classified_by)},
	{"classified_on", INFO_F_CLASSIFIED_ON, K_DATE, offsetof(struct info_rec, classified_on)},
	{"classifier_person_id", INFO_F_CLASSIFIER_PERSON_ID, K_REF,
	 offsetof(struct info_rec, classifier_person_id)},
	{"declassification_ground", INFO_F_DECLASSIFICATION_GROUND, K_TEXT,
	 offsetof(struct info_rec, declassification_ground)},
	{"declassified_on", INFO_F_DECLASSIFIED_ON, K_DATE,
	 offsetof(struct info_rec, declassified_on)},
	{"declassify_on", INFO_F_DECLASSIFY_ON, K_DATE, offsetof(struct info_rec, declassify_on)},
	{"degree", INFO_F_DEGREE, K_DEGREE, offsetof(struct info_rec, degree)},
	{"disposing_org_id", INFO_F_DISPOSING_ORG_ID, K_REF,
	 offsetof(struct info_rec, disposing_org_id)},
	{"id", INFO_F_ID, K_ID, 0},
	{"label_removed_on", INFO_F_LABEL_REMOVED_ON, K_DATE,
	 offsetof(struct info_rec, label_removed_on)},
	{"list_id", INFO_F_LIST_ID, K_REF, offsetof(struct info_rec, list_id)},
	{"list_item_id", INFO_F_LIST_ITEM_ID, K_ITEM, 0},
	{"org_id", INFO_F_ORG_ID, K_ORG, 0},
	{"preliminary", INFO_F_PRELIMINARY, K_BOOL, offsetof(struct info_rec, preliminary)},
	{"proposal_by", INFO_F_PROPOSAL_BY, K_REF, offsetof(struct info_rec, proposal_by)},
	{"proposal_on", INFO_F_PROPOSAL_ON, K_DATE, offsetof(struct info_rec, proposal_on)},
	{"registered_on", INFO_F_REGISTERED_ON, K_DATE, offsetof(struct info_rec, registered_on)},
	{"review_due_on", INFO_F_REVIEW_DUE_ON, K_DATE, offsetof(struct info_rec, review_due_on)},
	{"review_reason", INFO_F_REVIEW_REASON, K_TEXT, offsetof(struct info_rec, review_reason)},
	{"review_required", INFO_F_REVIEW_REQUIRED, K_BOOL,
	 offsetof(struct info_rec, review_required)},
	{"state", INFO_F_STATE, K_STATE, 0},
	{"title", INFO_F_TITLE, K_TEXT, offsetof(struct info_rec, title)},
	{"topics", INFO_F_TOPICS, K_TOPICS, 0},
};
#define NFLDS (sizeof flds / sizeof flds[0])

#define AT(r, f, type) ((type *)(void *)((char *)(r) + (f)->off))

/* A JSON string without NUL bytes (a C string holds it whole). */
static const char *
plain_str(const json_t *v)
{
	const char *s = json_string_value(v);

	return s != NULL && strlen(s) == json_string_length(v) ? s : NULL;
}

static bool
take_date(const json_t *v, qdate *d)
{
	char buf[QDATE_STR_SIZE];
	const char *s = plain_str(v);

	if (json_is_null(v)) {
		*d = QDATE_NONE;
		return true;
	}
	return s != NULL && store_json_date_shaped(s) && date_parse(s, d) == 0 &&
	       strcmp(date_format(*d, buf), s) == 0;
}

static bool
take_topics(const json_t *v, struct info_rec *r, bool *oom)
{
	size_t i, n = json_array_size(v);
	json_t *t;

	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, t)
		if (plain_str(t) == NULL)
			return false;
	if (n > 0 && (r->topics = calloc(n, sizeof *r->topics)) == NULL) {
		*oom = true;
		return false;
	}
	json_array_foreach(v, i, t) {
		if ((r->topics[i] = strdup(json_string_value(t))) == NULL) {
			*oom = true;
			return false;
		}
		r->ntopics = i + 1;
	}
	return true;
}

/* Takes v into f's column of r: true, or false (it stays in extra). */
static bool
take(const struct fld *f, const json_t *v, const struct store_rec *rec, struct info_rec *r,
     bool *oom)
{
	const char *s = plain_str(v);

	switch (f->kind) {
	case K_ID:
		return s != NULL && strcmp(s, rec->id) == 0;
	case K_ORG:
		return s != NULL && s[0] != '\0' && strcmp(s, rec->org_id) == 0;
	case K_STATE:
		return s != NULL && strcmp(s, rec->state) == 0;
	case K_ITEM:
		return s != NULL ? s[0] != '\0' && strcmp(s, rec->parent_id) == 0
		                 : json_is_null(v) && rec->parent_id[0] == '\0';
	case K_REF:
		return (json_is_null(v) || (s != NULL && s[0] != '\0')) &&
		       store_json_take_str(v, AT(r, f, char), STORE_ID_MAX, false);
	case K_TEXT:
		if (json_is_null(v))
			return true;
		if (s == NULL)
			return false;
		if ((*AT(r, f, char *) = strdup(s)) == NULL)
			*oom = true;
		return !*oom;
	case K_DATE:
		return take_date(v, AT(r, f, qdate));
	case K_BOOL:
		if (!json_is_boolean(v))
			return false;
		*AT(r, f, bool) = json_is_true(v);
		return true;
	case K_DEGREE:
		if (json_is_null(v)) {
			*AT(r, f, int) = DEGREE_NONE;
			return true;
		}
		if (s == NULL || degree_parse(s) == DEGREE_NONE)
			return false;
		*AT(r, f, int) = degree_parse(s);
		return true;
	case K_TOPICS:
		return take_topics(v, r, oom);
	}
	return false;
}

int
info_rec_from(const struct store_rec *rec, struct info_rec *out, struct qerr *e)
{
	json_t *rest;
	bool oom = false;

	memset(out, 0, sizeof *out);
	if (!json_is_object(rec->doc) || (out->state = info_state_parse(rec->state)) < 0)
		return qerr_internal(e, "information: not an item's record");
	q_strlcpy(out->h.id, rec->id, sizeof out->h.id);
	out->h.seq = rec->seq;
	q_strlcpy(out->org_id, rec->org_id, sizeof out->org_id);
	q_strlcpy(out->list_item_id, rec->parent_id, sizeof out->list_item_id);
	if ((rest = json_deep_copy(rec->doc)) == NULL)
		return qerr_internal(e, "information: out of memory");
	for (size_t i = 0; i < NFLDS && !oom; i++) {
		json_t *v = json_object_get(rest, flds[i].key);

		if (v != NULL && take(&flds[i], v, rec, out, &oom)) {
			out->fields |= (int64_t)1 << flds[i].bit;
			json_object_del(rest, flds[i].key);
		}
	}
	if (!oom && json_object_size(rest) > 0 &&
	    (out->extra = store_json_dumps(rest, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		oom = true;
	json_decref(rest);
	if (!oom)
		return 0;
	info_rec_free(out);
	return qerr_internal(e, "information: out of memory");
}

static json_t *
date_json(qdate d)
{
	char buf[QDATE_STR_SIZE];

	return d == QDATE_NONE ? json_null() : json_string(date_format(d, buf));
}

static json_t *
field_json(const struct fld *f, const struct info_rec *r)
{
	const char *s;
	json_t *a;

	switch (f->kind) {
	case K_ID:
		return json_string(r->h.id);
	case K_ORG:
		return json_string(r->org_id);
	case K_STATE:
		return json_string(info_state_name(r->state));
	case K_ITEM:
		return store_json_str_or_null(r->list_item_id);
	case K_REF:
		return store_json_str_or_null(AT(r, f, const char));
	case K_TEXT:
		s = *AT(r, f, char *const);
		return s != NULL ? json_string(s) : json_null();
	case K_DATE:
		return date_json(*AT(r, f, const qdate));
	case K_BOOL:
		return json_boolean(*AT(r, f, const bool));
	case K_DEGREE:
		s = degree_name((enum degree) * AT(r, f, const int));
		return s != NULL ? json_string(s) : json_null();
	case K_TOPICS:
		if ((a = json_array()) == NULL)
			return NULL;
		for (size_t i = 0; i < r->ntopics; i++)
			if (json_array_append_new(a, json_string(r->topics[i])) != 0) {
				json_decref(a);
				return NULL;
			}
		return a;
	}
	return NULL;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* o's keys in sorted order (as the record table's text had them). */
static json_t *
sorted(json_t *o)
{
	size_t n = json_object_size(o), i = 0;
	const char **keys = calloc(n > 0 ? n : 1, sizeof *keys);
	json_t *out = keys != NULL ? json_object() : NULL, *v;
	const char *k;

	if (out != NULL) {
		json_object_foreach(o, k, v)
			keys[i++] = k;
		qsort(keys, n, sizeof *keys, key_cmp);
		for (i = 0; i < n; i++)
			if (json_object_set(out, keys[i], json_object_get(o, keys[i])) != 0) {
				json_decref(out);
				out = NULL;
				break;
			}
	}
	free(keys);
	json_decref(o);
	return out;
}

json_t *
info_rec_doc(const struct info_rec *r, struct qerr *e)
{
	json_t *o, *x = NULL;
	int rc = 0;

	if (r->extra != NULL) {
		json_error_t je;

		if ((x = json_loads(r->extra, JSON_REJECT_DUPLICATES, &je)) == NULL ||
		    !json_is_object(x)) {
			json_decref(x);
			qerr_internal(e, "information: extra does not parse");
			return NULL;
		}
	}
	if ((o = x != NULL ? x : json_object()) == NULL) {
		qerr_internal(e, "information: out of memory");
		return NULL;
	}
	for (size_t i = 0; i < NFLDS && rc == 0; i++)
		if (r->fields & ((int64_t)1 << flds[i].bit)) {
			json_t *v = field_json(&flds[i], r);

			rc = v != NULL ? json_object_set_new(o, flds[i].key, v) : -1;
		}
	if (rc != 0 || (o = sorted(o)) == NULL) {
		if (rc != 0)
			json_decref(o);
		qerr_internal(e, "information: out of memory");
		return NULL;
	}
	return o;
}

/* ---- the topics ---------------------------------------------------------------- */

static const char SQL_TOPIC_CLEAR[] = "DELETE FROM information_topic WHERE info_id = ?1";
static const char SQL_TOPIC_ADD[] =
	"INSERT INTO information_topic(info_id, ord, topic) VALUES (?1, ?2, ?3)";
static const char SQL_TOPIC_GET[] =
	"SELECT topic FROM information_topic WHERE info_id = ?1 ORDER BY ord";

static int
topics_put(struct store_tx *tx, const struct info_rec *r, bool clear, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (clear) {
		if (store_stmt_get(tx, SQL_TOPIC_CLEAR, &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, r->h.id);
		if (rc == DB_OK)
			rc = db_step(st) == DB_DONE ? DB_OK : DB_ERROR;
		store_stmt_put(tx, st);
		if (rc != DB_OK)
			return store_db_err(e, rc, "information topics");
	}
	for (size_t i = 0; i < r->ntopics; i++) {
		if (store_stmt_get(tx, SQL_TOPIC_ADD, &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, r->h.id);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 2, (int64_t)i);
		if (rc == DB_OK)
			rc = store_bind_str(st, 3, r->topics[i]);
		if (rc == DB_OK && (rc = db_step(st)) == DB_DONE)
			rc = DB_OK;
		store_stmt_put(tx, st);
		if (rc != DB_OK)
			return store_db_err(e, rc, "information topics");
	}
	return 0;
}

static int
topics_get(struct store_tx *tx, struct info_rec *r, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (!(r->fields & ((int64_t)1 << INFO_F_TOPICS)))
		return 0;
	if (store_stmt_get(tx, SQL_TOPIC_GET, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, r->h.id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		const char *t = db_col_text(st, 0);
		char **v = realloc(r->topics, (r->ntopics + 1) * sizeof *v);

		if (v != NULL)
			r->topics = v;
		if (v == NULL || (v[r->ntopics] = strdup(t != NULL ? t : "")) == NULL) {
			rc = DB_NOMEM;
			break;
		}
		r->ntopics++;
		rc = DB_OK;
	}
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "information topics");
}

/* ---- the struct ----------------------------------------------------------------- */

int
store_info_insert(struct store_tx *tx, struct info_rec *r, struct qerr *e)
{
	if (store_row_insert(tx, &store_info_table, r, e) != 0)
		return -1;
	return topics_put(tx, r, false, e);
}

int
store_info_update(struct store_tx *tx, struct info_rec *r, struct qerr *e)
{
	if (store_row_update(tx, &store_info_table, r, e) != 0)
		return -1;
	return topics_put(tx, r, true, e);
}

int
store_info_get(struct store_tx *tx, const char *id, struct info_rec *out, struct qerr *e)
{
	if (store_row_get(tx, &store_info_table, id, out, e) != 0)
		return -1;
	if (topics_get(tx, out, e) == 0)
		return 0;
	info_rec_free(out);
	return -1;
}

struct list_ctx {
	struct store_tx *tx;
	store_row_fn fn;
	void *ctx;
	struct qerr *e;
	bool failed;   /* the qerr is set here, not by fn */
};

static int
list_row(void *ctx, const void *row)
{
	struct list_ctx *l = ctx;
	struct info_rec r = *(const struct info_rec *)row;
	int rc;

	/* the heap strings stay the list's; the topics are this call's */
	r.topics = NULL;
	r.ntopics = 0;
	if (topics_get(l->tx, &r, l->e) != 0) {
		l->failed = true;
		return -1;
	}
	rc = l->fn(l->ctx, &r);
	for (size_t i = 0; i < r.ntopics; i++)
		free(r.topics[i]);
	free(r.topics);
	return rc;
}

static size_t
wheres(struct store_where *w, const char *org_id, const char *state, const char *item)
{
	size_t n = 0;

	if (org_id != NULL)
		w[n++] = STORE_W_STR("org_id", org_id);
	if (state != NULL)
		w[n++] = STORE_W_STR("state", state);
	if (item != NULL)
		w[n++] = item[0] != '\0' ? STORE_W_STR("list_item_id", item)
		                         : (struct store_where){.col = "list_item_id", .op = STORE_EQ};
	return n;
}

int64_t
store_info_list(struct store_tx *tx, const char *org_id, const char *state,
                const char *list_item_id, int64_t after_seq, int limit, store_row_fn fn,
                void *ctx, struct qerr *e)
{
	struct store_where w[3];
	struct list_ctx l = {tx, fn, ctx, e, false};

	if (state != NULL && info_state_parse(state) < 0)
		return 0;   /* no item is in a state that is not one */
	return store_row_list(tx, &store_info_table, w, wheres(w, org_id, state, list_item_id),
	                      after_seq, limit, list_row, &l, e);
}

int64_t
store_info_count(struct store_tx *tx, const char *org_id, const char *state,
                 const char *list_item_id, struct qerr *e)
{
	struct store_where w[3];

	if (state != NULL && info_state_parse(state) < 0)
		return 0;
	return store_row_count(tx, &store_info_table, w, wheres(w, org_id, state, list_item_id),
	                       e);
}

/* ---- the record form ----------------------------------------------------------- */

static int
rec_of(const struct info_rec *r, struct store_rec *out, struct qerr *e)
{
	memset(out, 0, sizeof *out);
	q_strlcpy(out->kind, "information", sizeof out->kind);
	q_strlcpy(out->id, r->h.id, sizeof out->id);
	out->seq = r->h.seq;
	q_strlcpy(out->org_id, r->org_id, sizeof out->org_id);
	q_strlcpy(out->parent_id, r->list_item_id, sizeof out->parent_id);
	q_strlcpy(out->state, info_state_name(r->state), sizeof out->state);
	out->doc = info_rec_doc(r, e);
	return out->doc != NULL ? 0 : -1;
}

int
store_info_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e)
{
	struct info_rec i;
	int rc;

	if (store_tx_writable(tx, "record insert", e) != 0)
		return -1;
	if (r->id[0] == '\0')
		return qerr_internal(e, "record insert: no id");
	if (info_rec_from(r, &i, e) != 0)
		return -1;
	rc = store_info_insert(tx, &i, e);
	if (rc == 0)
		r->seq = i.h.seq;
	info_rec_free(&i);
	return rc;
}

int
store_info_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e)
{
	struct info_rec cur, i;
	int rc;

	if (store_tx_writable(tx, "record update", e) != 0)
		return -1;
	/* the row version of the row as it stands: the record form has none */
	if (store_row_get(tx, &store_info_table, r->id, &cur, e) != 0)
		return -1;
	rc = info_rec_from(r, &i, e);
	if (rc == 0) {
		i.h.version = cur.h.version;
		i.h.seq = cur.h.seq;
		rc = store_info_update(tx, &i, e);
		info_rec_free(&i);
	}
	store_row_free(&store_info_table, &cur);
	return rc;
}

int
store_info_rec_get(struct store_tx *tx, const char *id, struct store_rec *out,
                   struct qerr *e)
{
	struct info_rec i;
	int rc;

	memset(out, 0, sizeof *out);
	if (id == NULL || id[0] == '\0')
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (store_info_get(tx, id, &i, e) != 0)
		return -1;
	rc = rec_of(&i, out, e);
	info_rec_free(&i);
	return rc;
}

struct rec_list_ctx {
	store_rec_cb cb;
	void *ctx;
	struct qerr *e;
	int ret;       /* cb's non-zero value */
};

static int
rec_list_row(void *ctx, const void *row)
{
	struct rec_list_ctx *l = ctx;
	struct store_rec r;

	if (rec_of(row, &r, l->e) != 0) {
		store_rec_clear(&r);
		l->ret = -1;
		return -1;
	}
	l->ret = l->cb(l->ctx, &r);
	store_rec_clear(&r);
	return l->ret;
}

int
store_info_rec_list(struct store_tx *tx, const struct store_query *q, bool count,
                    int64_t *n, store_rec_cb cb, void *ctx, struct qerr *e)
{
	struct rec_list_ctx l = {cb, ctx, e, 0};
	int64_t rc;

	if (store_tx_usable(tx, "information list", e) != 0)
		return -1;
	if (q->ref != NULL)
		return 0;   /* an item has no ref */
	if (count) {
		rc = store_info_count(tx, q->org_id, q->state, q->parent_id, e);
		if (rc < 0)
			return -1;
		*n = rc;
		return 0;
	}
	rc = store_info_list(tx, q->org_id, q->state, q->parent_id, q->after_seq, q->limit,
	                     rec_list_row, &l, e);
	if (rc < 0)
		return -1;
	return l.ret;
}
