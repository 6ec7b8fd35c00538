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
 * The decision and the declassification are taken when they have
 * exactly their fields; extensions[] and reviews[] when every entry has
 * its shape (an extension exactly its five fields, a review some of its
 * six). Every other field stays whole in extra. info_rec_doc() gives
 * back the same object: each field whose bit is set from its columns
 * (NULL as null), then extra's, keys sorted at every depth as the record
 * table stored them.
 */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include "core/degree.h"
#include "store/store_json.h"
#include "store/tables_items.h"

enum fkind {
	K_ID, K_ORG, K_STATE, K_ITEM, K_REF, K_TEXT, K_DATE, K_BOOL, K_DEGREE, K_TOPICS,
	K_DECISION, K_DECL, K_EXTENSIONS, K_REVIEWS
};

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
	{"decision", INFO_F_DECISION, K_DECISION, 0},
	{"declassification", INFO_F_DECLASSIFICATION, K_DECL, 0},
	{"declassified_on", INFO_F_DECLASSIFIED_ON, K_DATE,
	 offsetof(struct info_rec, declassified_on)},
	{"declassify_on", INFO_F_DECLASSIFY_ON, K_DATE, offsetof(struct info_rec, declassify_on)},
	{"degree", INFO_F_DEGREE, K_DEGREE, offsetof(struct info_rec, degree)},
	{"disposing_org_id", INFO_F_DISPOSING_ORG_ID, K_REF,
	 offsetof(struct info_rec, disposing_org_id)},
	{"extensions", INFO_F_EXTENSIONS, K_EXTENSIONS, 0},
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
	{"reviews", INFO_F_REVIEWS, K_REVIEWS, 0},
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

/* A non-empty string of < 40 bytes (an id), or null when nullable. */
static bool
take_id(const json_t *v, char *dst, bool nullable)
{
	const char *s = plain_str(v);

	if (json_is_null(v) && nullable) {
		dst[0] = '\0';
		return true;
	}
	if (s == NULL || s[0] == '\0' || strlen(s) >= STORE_ID_MAX)
		return false;
	q_strlcpy(dst, s, STORE_ID_MAX);
	return true;
}

static bool
take_word(const json_t *v, char *dst)
{
	const char *s = plain_str(v);

	if (s == NULL || s[0] == '\0' || strlen(s) >= INFO_WORD_MAX)
		return false;
	q_strlcpy(dst, s, INFO_WORD_MAX);
	return true;
}

/* A date that is not null. */
static bool
take_day(const json_t *v, qdate *d)
{
	return !json_is_null(v) && take_date(v, d);
}

/* A string (heap copy into *dst) or null (NULL). */
static bool
take_text(const json_t *v, char **dst, bool *oom)
{
	const char *s = plain_str(v);

	*dst = NULL;
	if (json_is_null(v))
		return true;
	if (s == NULL)
		return false;
	if ((*dst = strdup(s)) == NULL)
		*oom = true;
	return *dst != NULL;
}

/* o is an object with exactly these n keys. */
static bool
keys_exactly(const json_t *o, const char *const *keys, size_t n)
{
	if (!json_is_object(o) || json_object_size(o) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (json_object_get(o, keys[i]) == NULL)
			return false;
	return true;
}

static bool
take_decision(const json_t *v, struct info_rec *r)
{
	static const char *const keys[] = {"decision", "effective_date", "by", "list_item_id"};
	struct info_rec t = {0};
	const char *d = plain_str(json_object_get(v, "decision"));

	if (json_is_null(v)) {
		r->decision = INFO_DECISION_NONE;
		return true;
	}
	if (!keys_exactly(v, keys, 4) || d == NULL)
		return false;
	for (int i = INFO_DECISION_ADD; info_decision_names[i] != NULL; i++)
		if (strcmp(d, info_decision_names[i]) == 0)
			t.decision = i;
	if (t.decision == INFO_DECISION_NONE ||
	    !take_day(json_object_get(v, "effective_date"), &t.decision_on) ||
	    !take_id(json_object_get(v, "by"), t.decision_by, false) ||
	    !take_id(json_object_get(v, "list_item_id"), t.decision_item_id, true))
		return false;
	r->decision = t.decision;
	r->decision_on = t.decision_on;
	memcpy(r->decision_by, t.decision_by, sizeof r->decision_by);
	memcpy(r->decision_item_id, t.decision_item_id, sizeof r->decision_item_id);
	return true;
}

static bool
take_decl(const json_t *v, struct info_rec *r, bool *oom)
{
	static const char *const keys[] = {"ground", "court_ref", "effective_date", "by"};
	qdate on;
	char by[STORE_ID_MAX];

	if (!keys_exactly(v, keys, 4) || !take_day(json_object_get(v, "effective_date"), &on) ||
	    !take_id(json_object_get(v, "by"), by, false) ||
	    (!json_is_null(json_object_get(v, "ground")) &&
	     plain_str(json_object_get(v, "ground")) == NULL) ||
	    (!json_is_null(json_object_get(v, "court_ref")) &&
	     plain_str(json_object_get(v, "court_ref")) == NULL))
		return false;
	if (!take_text(json_object_get(v, "ground"), &r->decl_ground, oom) ||
	    !take_text(json_object_get(v, "court_ref"), &r->decl_court_ref, oom)) {
		free(r->decl_ground);
		r->decl_ground = NULL;
		return false;
	}
	r->decl_on = on;
	memcpy(r->decl_by, by, sizeof r->decl_by);
	return true;
}

static bool
extension_ok(const json_t *x)
{
	static const char *const keys[] = {"from", "to", "conclusion_ref", "effective_date", "by"};
	const json_t *c = json_object_get(x, "conclusion_ref");
	struct info_extension t;

	return keys_exactly(x, keys, 5) && take_date(json_object_get(x, "from"), &t.from) &&
	       take_day(json_object_get(x, "to"), &t.to) &&
	       take_day(json_object_get(x, "effective_date"), &t.effective_date) &&
	       take_id(json_object_get(x, "by"), t.by, false) &&
	       (json_is_null(c) || plain_str(c) != NULL);
}

static bool
take_extensions(const json_t *v, struct info_rec *r, bool *oom)
{
	size_t i, n = json_array_size(v);
	json_t *x;

	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, x)
		if (!extension_ok(x))
			return false;
	if (n > 0 && (r->extensions = calloc(n, sizeof *r->extensions)) == NULL) {
		*oom = true;
		return false;
	}
	json_array_foreach(v, i, x) {
		struct info_extension *t = &r->extensions[i];

		(void)take_date(json_object_get(x, "from"), &t->from);
		(void)take_day(json_object_get(x, "to"), &t->to);
		(void)take_day(json_object_get(x, "effective_date"), &t->effective_date);
		(void)take_id(json_object_get(x, "by"), t->by, false);
		r->nextensions = i + 1;
		if (!take_text(json_object_get(x, "conclusion_ref"), &t->conclusion_ref, oom))
			return false;
	}
	return true;
}

static const char *const review_keys[INFO_RV_COUNT] = {
	"kind", "change_id", "list_item_id", "how", "effective_date", "by",
};

/* One entry of reviews[] into t: its fields of review_keys, each a
 * string of its column's shape. */
static bool
review_take(const json_t *x, struct info_review *t)
{
	const char *k;
	json_t *v;

	memset(t, 0, sizeof *t);
	if (!json_is_object(x))
		return false;
	json_object_foreach((json_t *)x, k, v) {
		bool ok;
		int b = -1;

		for (int i = 0; i < INFO_RV_COUNT; i++)
			if (strcmp(k, review_keys[i]) == 0)
				b = i;
		switch (b) {
		case INFO_RV_KIND: ok = take_word(v, t->kind); break;
		case INFO_RV_CHANGE_ID: ok = take_id(v, t->change_id, false); break;
		case INFO_RV_LIST_ITEM_ID: ok = take_id(v, t->list_item_id, false); break;
		case INFO_RV_HOW: ok = take_word(v, t->how); break;
		case INFO_RV_EFFECTIVE_DATE: ok = take_day(v, &t->effective_date); break;
		case INFO_RV_BY: ok = take_id(v, t->by, false); break;
		default: ok = false; break;
		}
		if (!ok)
			return false;
		t->keys |= 1 << b;
	}
	return true;
}

static bool
take_reviews(const json_t *v, struct info_rec *r, bool *oom)
{
	size_t i, n = json_array_size(v);
	struct info_review t;
	json_t *x;

	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, x)
		if (!review_take(x, &t))
			return false;
	if (n > 0 && (r->reviews = calloc(n, sizeof *r->reviews)) == NULL) {
		*oom = true;
		return false;
	}
	json_array_foreach(v, i, x)
		(void)review_take(x, &r->reviews[i]);
	r->nreviews = n;
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
	case K_DECISION:
		return take_decision(v, r);
	case K_DECL:
		return take_decl(v, r, oom);
	case K_EXTENSIONS:
		return take_extensions(v, r, oom);
	case K_REVIEWS:
		return take_reviews(v, r, oom);
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

/* Sets each (key, value) in order into a new object: keys sorted, as the
 * record table's text had them at every depth. NULL out of memory. */
static json_t *
obj(size_t n, const char *const *keys, json_t **vals)
{
	json_t *o = json_object();
	int rc = o != NULL ? 0 : -1;

	for (size_t i = 0; i < n; i++)
		if (rc == 0 && vals[i] != NULL)
			rc = json_object_set_new(o, keys[i], vals[i]);
		else {
			rc = -1;
			json_decref(vals[i]);
		}
	if (rc == 0)
		return o;
	json_decref(o);
	return NULL;
}

static json_t *
text_json(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
decision_json(const struct info_rec *r)
{
	static const char *const k[] = {"by", "decision", "effective_date", "list_item_id"};
	json_t *v[4];

	if (r->decision == INFO_DECISION_NONE)
		return json_null();
	v[0] = json_string(r->decision_by);
	v[1] = json_string(info_decision_names[r->decision]);
	v[2] = date_json(r->decision_on);
	v[3] = store_json_str_or_null(r->decision_item_id);
	return obj(4, k, v);
}

static json_t *
decl_json(const struct info_rec *r)
{
	static const char *const k[] = {"by", "court_ref", "effective_date", "ground"};
	json_t *v[4];

	v[0] = json_string(r->decl_by);
	v[1] = text_json(r->decl_court_ref);
	v[2] = date_json(r->decl_on);
	v[3] = text_json(r->decl_ground);
	return obj(4, k, v);
}

static json_t *
extension_json(const struct info_extension *x)
{
	static const char *const k[] = {"by", "conclusion_ref", "effective_date", "from", "to"};
	json_t *v[5];

	v[0] = json_string(x->by);
	v[1] = text_json(x->conclusion_ref);
	v[2] = date_json(x->effective_date);
	v[3] = date_json(x->from);
	v[4] = date_json(x->to);
	return obj(5, k, v);
}

static json_t *
review_json(const struct info_review *x)
{
	/* review_keys in sorted order */
	static const int order[INFO_RV_COUNT] = {
		INFO_RV_BY, INFO_RV_CHANGE_ID, INFO_RV_EFFECTIVE_DATE, INFO_RV_HOW, INFO_RV_KIND,
		INFO_RV_LIST_ITEM_ID,
	};
	const char *k[INFO_RV_COUNT];
	json_t *v[INFO_RV_COUNT];
	size_t n = 0;

	for (int i = 0; i < INFO_RV_COUNT; i++) {
		int b = order[i];

		if (!(x->keys & (1 << b)))
			continue;
		k[n] = review_keys[b];
		switch (b) {
		case INFO_RV_KIND: v[n] = json_string(x->kind); break;
		case INFO_RV_CHANGE_ID: v[n] = json_string(x->change_id); break;
		case INFO_RV_LIST_ITEM_ID: v[n] = json_string(x->list_item_id); break;
		case INFO_RV_HOW: v[n] = json_string(x->how); break;
		case INFO_RV_EFFECTIVE_DATE: v[n] = date_json(x->effective_date); break;
		default: v[n] = json_string(x->by); break;
		}
		n++;
	}
	return obj(n, k, v);
}

/* An array of n elements made by each(i); NULL out of memory. */
static json_t *
array_of(size_t n, const struct info_rec *r, json_t *(*each)(const struct info_rec *, size_t))
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, each(r, i)) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

static json_t *
topic_at(const struct info_rec *r, size_t i)
{
	return json_string(r->topics[i]);
}

static json_t *
extension_at(const struct info_rec *r, size_t i)
{
	return extension_json(&r->extensions[i]);
}

static json_t *
review_at(const struct info_rec *r, size_t i)
{
	return review_json(&r->reviews[i]);
}

static json_t *
field_json(const struct fld *f, const struct info_rec *r)
{
	const char *s;

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
		return text_json(*AT(r, f, char *const));
	case K_DATE:
		return date_json(*AT(r, f, const qdate));
	case K_BOOL:
		return json_boolean(*AT(r, f, const bool));
	case K_DEGREE:
		s = degree_name((enum degree) * AT(r, f, const int));
		return s != NULL ? json_string(s) : json_null();
	case K_TOPICS:
		return array_of(r->ntopics, r, topic_at);
	case K_DECISION:
		return decision_json(r);
	case K_DECL:
		return decl_json(r);
	case K_EXTENSIONS:
		return array_of(r->nextensions, r, extension_at);
	case K_REVIEWS:
		return array_of(r->nreviews, r, review_at);
	}
	return NULL;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A copy of v with the keys of every object sorted, at every depth (as
 * the record table's text had them; PostgreSQL's jsonb, which extra may
 * have been written by, orders them otherwise). NULL out of memory. */
static json_t *
sorted(const json_t *v)
{
	size_t n, i = 0;
	const char **keys;
	json_t *out, *x;
	const char *k;

	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
			if (out != NULL && json_array_append_new(out, sorted(x)) != 0) {
				json_decref(out);
				out = NULL;
			}
		return out;
	}
	if (!json_is_object(v))
		return json_incref((json_t *)v);
	n = json_object_size(v);
	if ((keys = calloc(n > 0 ? n : 1, sizeof *keys)) == NULL)
		return NULL;
	json_object_foreach((json_t *)v, k, x)
		keys[i++] = k;
	qsort(keys, n, sizeof *keys, key_cmp);
	out = json_object();
	for (i = 0; out != NULL && i < n; i++)
		if (json_object_set_new(out, keys[i], sorted(json_object_get(v, keys[i]))) != 0) {
			json_decref(out);
			out = NULL;
		}
	free(keys);
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
	x = rc == 0 ? sorted(o) : NULL;
	json_decref(o);
	if (x == NULL)
		qerr_internal(e, "information: out of memory");
	return x;
}

/* ---- the child rows: topics, extensions, reviews ------------------------------ */

static const char *const SQL_CHILD_CLEAR[] = {
	"DELETE FROM information_topic WHERE info_id = ?1",
	"DELETE FROM information_extension WHERE info_id = ?1",
	"DELETE FROM information_review WHERE info_id = ?1",
};
static const char SQL_TOPIC_ADD[] =
	"INSERT INTO information_topic(info_id, ord, topic) VALUES (?1, ?2, ?3)";
static const char SQL_EXT_ADD[] =
	"INSERT INTO information_extension(info_id, ord, from_date, to_date, conclusion_ref,"
	" effective_date, by_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_REVIEW_ADD[] =
	"INSERT INTO information_review(info_id, ord, keys, kind, change_id, list_item_id, how,"
	" effective_date, by_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_TOPIC_GET[] =
	"SELECT topic FROM information_topic WHERE info_id = ?1 ORDER BY ord";
static const char SQL_EXT_GET[] =
	"SELECT from_date, to_date, conclusion_ref, effective_date, by_user"
	" FROM information_extension WHERE info_id = ?1 ORDER BY ord";
static const char SQL_REVIEW_GET[] =
	"SELECT keys, kind, change_id, list_item_id, how, effective_date, by_user"
	" FROM information_review WHERE info_id = ?1 ORDER BY ord";

/* Binds a nullable string: NULL or "" as SQL NULL. */
static int
bind_opt(struct db_stmt *st, int idx, const char *s)
{
	return s != NULL && s[0] != '\0' ? store_bind_str(st, idx, s) : db_bind_null(st, idx);
}

static int
bind_date(struct db_stmt *st, int idx, qdate d)
{
	char buf[QDATE_STR_SIZE];

	return d == QDATE_NONE ? db_bind_null(st, idx) : db_bind_text_copy(st, idx,
	                                                                   date_format(d, buf), -1);
}

/* Binds the row i of kind k (0 topics, 1 extensions, 2 reviews) of r from ?3. */
static int
bind_child(struct db_stmt *st, const struct info_rec *r, int k, size_t i)
{
	int rc;

	if (k == 0)
		return store_bind_str(st, 3, r->topics[i]);
	if (k == 1) {
		const struct info_extension *x = &r->extensions[i];

		rc = bind_date(st, 3, x->from);
		if (rc == DB_OK)
			rc = bind_date(st, 4, x->to);
		if (rc == DB_OK)
			rc = x->conclusion_ref != NULL ? store_bind_str(st, 5, x->conclusion_ref)
			                               : db_bind_null(st, 5);
		if (rc == DB_OK)
			rc = bind_date(st, 6, x->effective_date);
		return rc == DB_OK ? store_bind_str(st, 7, x->by) : rc;
	}
	{
		const struct info_review *x = &r->reviews[i];

		rc = db_bind_int64(st, 3, x->keys);
		if (rc == DB_OK)
			rc = bind_opt(st, 4, x->kind);
		if (rc == DB_OK)
			rc = bind_opt(st, 5, x->change_id);
		if (rc == DB_OK)
			rc = bind_opt(st, 6, x->list_item_id);
		if (rc == DB_OK)
			rc = bind_opt(st, 7, x->how);
		if (rc == DB_OK)
			rc = bind_date(st, 8, x->effective_date);
		return rc == DB_OK ? bind_opt(st, 9, x->by) : rc;
	}
}

static int
children_put(struct store_tx *tx, const struct info_rec *r, bool clear, struct qerr *e)
{
	static const char *const add[3] = {SQL_TOPIC_ADD, SQL_EXT_ADD, SQL_REVIEW_ADD};
	const size_t n[3] = {r->ntopics, r->nextensions, r->nreviews};
	struct db_stmt *st;
	int rc;

	for (int k = 0; k < 3; k++) {
		if (clear) {
			if (store_stmt_get(tx, SQL_CHILD_CLEAR[k], &st, e) != 0)
				return -1;
			rc = store_bind_str(st, 1, r->h.id);
			if (rc == DB_OK && (rc = db_step(st)) == DB_DONE)
				rc = DB_OK;
			store_stmt_put(tx, st);
			if (rc != DB_OK)
				return store_db_err(e, rc, "information children");
		}
		for (size_t i = 0; i < n[k]; i++) {
			if (store_stmt_get(tx, add[k], &st, e) != 0)
				return -1;
			rc = store_bind_str(st, 1, r->h.id);
			if (rc == DB_OK)
				rc = db_bind_int64(st, 2, (int64_t)i);
			if (rc == DB_OK)
				rc = bind_child(st, r, k, i);
			if (rc == DB_OK && (rc = db_step(st)) == DB_DONE)
				rc = DB_OK;
			store_stmt_put(tx, st);
			if (rc != DB_OK)
				return store_db_err(e, rc, "information children");
		}
	}
	return 0;
}

static qdate
col_date(struct db_stmt *st, int col)
{
	qdate d;
	const char *t = db_col_text(st, col);

	return t != NULL && date_parse(t, &d) == 0 ? d : QDATE_NONE;
}

/* Reads the current row of kind k into the next element of r's array;
 * -1 out of memory. */
static int
child_row(struct db_stmt *st, struct info_rec *r, int k)
{
	const char *t;

	if (k == 0) {
		char **v = realloc(r->topics, (r->ntopics + 1) * sizeof *v);

		if (v == NULL)
			return -1;
		r->topics = v;
		t = db_col_text(st, 0);
		if ((v[r->ntopics] = strdup(t != NULL ? t : "")) == NULL)
			return -1;
		r->ntopics++;
	} else if (k == 1) {
		struct info_extension *v = realloc(r->extensions, (r->nextensions + 1) * sizeof *v);
		struct info_extension *x;

		if (v == NULL)
			return -1;
		r->extensions = v;
		x = memset(&v[r->nextensions++], 0, sizeof *x);
		x->from = col_date(st, 0);
		x->to = col_date(st, 1);
		x->effective_date = col_date(st, 3);
		(void)store_col_copy(st, 4, x->by, sizeof x->by);
		if ((t = db_col_text(st, 2)) != NULL && (x->conclusion_ref = strdup(t)) == NULL)
			return -1;
	} else {
		struct info_review *v = realloc(r->reviews, (r->nreviews + 1) * sizeof *v);
		struct info_review *x;

		if (v == NULL)
			return -1;
		r->reviews = v;
		x = memset(&v[r->nreviews++], 0, sizeof *x);
		x->keys = db_col_int(st, 0);
		(void)store_col_copy(st, 1, x->kind, sizeof x->kind);
		(void)store_col_copy(st, 2, x->change_id, sizeof x->change_id);
		(void)store_col_copy(st, 3, x->list_item_id, sizeof x->list_item_id);
		(void)store_col_copy(st, 4, x->how, sizeof x->how);
		x->effective_date = col_date(st, 5);
		(void)store_col_copy(st, 6, x->by, sizeof x->by);
	}
	return 0;
}

/* Loads r's child rows (those its fields say it has). */
static int
children_get(struct store_tx *tx, struct info_rec *r, struct qerr *e)
{
	static const char *const get[3] = {SQL_TOPIC_GET, SQL_EXT_GET, SQL_REVIEW_GET};
	static const int bit[3] = {INFO_F_TOPICS, INFO_F_EXTENSIONS, INFO_F_REVIEWS};
	struct db_stmt *st;
	int rc;

	for (int k = 0; k < 3; k++) {
		if (!(r->fields & ((int64_t)1 << bit[k])))
			continue;
		if (store_stmt_get(tx, get[k], &st, e) != 0)
			return -1;
		rc = store_bind_str(st, 1, r->h.id);
		while (rc == DB_OK && (rc = db_step(st)) == DB_ROW)
			rc = child_row(st, r, k) == 0 ? DB_OK : DB_NOMEM;
		store_stmt_put(tx, st);
		if (rc != DB_DONE)
			return store_db_err(e, rc, "information children");
	}
	return 0;
}

/* Frees what children_get loaded into a row the list owns. */
static void
children_free(struct info_rec *r)
{
	for (size_t i = 0; i < r->ntopics; i++)
		free(r->topics[i]);
	free(r->topics);
	for (size_t i = 0; i < r->nextensions; i++)
		free(r->extensions[i].conclusion_ref);
	free(r->extensions);
	free(r->reviews);
}

/* ---- the struct ----------------------------------------------------------------- */

int
store_info_insert(struct store_tx *tx, struct info_rec *r, struct qerr *e)
{
	if (store_row_insert(tx, &store_info_table, r, e) != 0)
		return -1;
	return children_put(tx, r, false, e);
}

int
store_info_update(struct store_tx *tx, struct info_rec *r, struct qerr *e)
{
	if (store_row_update(tx, &store_info_table, r, e) != 0)
		return -1;
	return children_put(tx, r, true, e);
}

int
store_info_get(struct store_tx *tx, const char *id, struct info_rec *out, struct qerr *e)
{
	if (store_row_get(tx, &store_info_table, id, out, e) != 0)
		return -1;
	if (children_get(tx, out, e) == 0)
		return 0;
	info_rec_free(out);
	return -1;
}

struct list_ctx {
	struct store_tx *tx;
	store_row_fn fn;
	void *ctx;
	struct qerr *e;
};

static int
list_row(void *ctx, const void *row)
{
	struct list_ctx *l = ctx;
	struct info_rec r = *(const struct info_rec *)row;
	int rc;

	/* the heap strings stay the list's; the child rows are this call's */
	r.topics = NULL;
	r.ntopics = 0;
	r.extensions = NULL;
	r.nextensions = 0;
	r.reviews = NULL;
	r.nreviews = 0;
	if (children_get(l->tx, &r, l->e) != 0) {
		children_free(&r);
		return -1;
	}
	rc = l->fn(l->ctx, &r);
	children_free(&r);
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
	struct list_ctx l = {tx, fn, ctx, e};

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
