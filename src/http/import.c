/*
 * import.c — paper registries in and out as CSV (import.h, docs/import.md).
 *
 * A kind is a table (struct kind): its columns with their types, the
 * columns of its natural key, the reference maps it needs, how a row is
 * made into API requests (make) and how the registry is read back into
 * rows (rows). Both directions speak to the API in process
 * (http_dispatch_as), so an import is checked exactly as the API checks
 * and an export shows exactly what the API shows. The one exception is
 * the long journal, carriers: a row the rules of POST /v1/carriers pass is
 * written by ops/carrier_import.c in bulk (the same checks, the same
 * records and audit entries, no request), and only a row that meets a
 * refusal goes to the API, for its exact answer. The driver stays here,
 * above src/ops: the other kinds still go through the API.
 *
 * Owns: everything in struct imp, freed by imp_free().
 * SECURITY: cells are untrusted; they reach the API only as JSON strings
 * and query values the handlers validate; they are never formatted into a
 * path (ids in paths come from the registry's own answers).
 */
#include "http/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/carrier_row.h"
#include "core/csv.h"
#include "core/degree.h"
#include "core/roles.h"
#include "http/i18n.h"
#include "http/util.h"
#include "ops/carrier_import.h"

#define IMP_PAGE        "1000"   /* rows asked per page of a registry list */
#define IMP_PROGRESS    100      /* rows between two progress calls */
#define IMP_ERRORS_MAX  1000     /* refusals listed in one report */
#define IMP_PATH_MAX    256
#define IMP_ROW_BUF     (CSV_RECORD_MAX * 4)   /* a row normalized: lists grow up to 3x */

enum col_type { C_TEXT, C_DATE, C_DEGREE, C_BOOL, C_INT, C_LIST };

struct col {
	const char *name;
	enum col_type type;
	const char *example;
};

/* The reference maps a kind needs (bits of struct kind.needs). */
enum {
	N_PERSONS = 1u << 0,
	N_LISTS = 1u << 1,
	N_INFO = 1u << 2,
	N_CARRIERS = 1u << 3,
};

struct imp;
struct kind {
	const char *name;
	const struct col *cols;   /* cols[0] is "kind"; ends with name NULL */
	const int *key;           /* column indexes of the natural key, -1 ended */
	unsigned needs;
	/* Makes row v (normalized cells) into API requests: 0 done, -1
	 * refused (the refusal already reported), -2 failed (e set). */
	int (*make)(struct imp *im, char **v, struct qerr *e);
	/* Calls emit for every row of the registry: 0 or -1. */
	int (*rows)(struct imp *im, struct qerr *e);
};

struct imp {
	struct app *app;
	struct http_user user;
	const char *lang;
	qdate today;
	const struct kind *k;
	long line;                /* line of the row being made */
	/* the report */
	json_t *errors;
	long refused, created, unchanged;
	/* natural key -> the registry's row (its cells joined by US) */
	json_t *existing;
	/* reference maps: key -> id and id -> key */
	json_t *person, *person_key, *list, *list_title, *item, *item_code;
	json_t *info, *info_title, *carrier, *carrier_acc;
	json_t *approvals;        /* list id -> [line, approved_on] */
	/* refusals by a rule of the Law (422): [line, "POST /v1/...", code,
	 * article]; a run that is rolled back records them after (imp_audit) */
	json_t *rule_refusals;
	/* export: the rows, as CSV */
	long nrows;
	char *out;
	size_t len, cap;
	enum degree top;
	int (*emit)(struct imp *im, char **v, struct qerr *e);
	/* carriers: the rows the rules pass, written in bulk (ops/carrier_import.h) */
	struct ops_carrier_bulk bulk;
};

/* ---- talking to the API ------------------------------------------------- */

/* One request as the importing officer (plus add_roles, and as_person as
 * the acting person when given); the answer's status, *ans its JSON. */
static int
imp_call(struct imp *im, const char *method, const char *path, const char *query,
         json_t *body, unsigned add_roles, const char *as_person, json_t **ans)
{
	struct req r;
	struct resp out;
	struct http_user u = im->user;
	char qbuf[512];
	size_t qlen = 0;
	char *text = NULL;

	memset(&r, 0, sizeof r);
	memset(&out, 0, sizeof out);
	out.fd = -1;
	*ans = NULL;
	if (query != NULL) {
		qlen = q_strlcpy(qbuf, query, sizeof qbuf);
		if (qlen >= sizeof qbuf - 1) {
			json_decref(body);
			return 500;
		}
		qbuf[qlen + 1] = '\0';
		for (size_t i = 0; i < qlen; i++)
			if (qbuf[i] == '&')
				qbuf[i] = '\0';
		qlen++;
		r.query = qbuf;
		r.query_len = qlen;
	}
	if (body != NULL) {
		text = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		if (text == NULL)
			return 500;
		r.body = text;
		r.body_len = strlen(text);
	}
	u.roles |= add_roles;
	if (as_person != NULL)
		q_strlcpy(u.person_id, as_person, sizeof u.person_id);
	r.app = im->app;
	r.method = method;
	r.path = path;
	r.lang = im->lang;
	q_strlcpy(r.addr, "import", sizeof r.addr);
	r.today = im->today;
	r.effective_date = im->today;
	http_dispatch_as(&r, &u, &out);
	json_decref(r.json);
	free(text);
	free(out.raw);
	*ans = out.json;
	return out.status;
}

/* Adds a refusal to the report: the answer's error object, or one made
 * here (code, field) in the caller's language. Always -1. */
static int
imp_refuse(struct imp *im, json_t *ans, int status, const char *code, const char *field)
{
	json_t *err = json_object_get(ans, "error"), *row;
	struct qerr q = {0};
	char msg[512];

	im->refused++;
	if (json_array_size(im->errors) >= IMP_ERRORS_MAX)
		return -1;
	if (err == NULL) {
		qerr_set(&q, status, code, NULL, field);
		i18n_format(im->app->i18n, im->lang, &q, msg, sizeof msg);
		row = json_pack("{s:I, s:i, s:s, s:n, s:s, s:s?}", "line", (json_int_t)im->line,
		                "status", status, "code", code, "article", "message", msg, "field",
		                field);
	} else {
		row = json_pack("{s:I, s:i, s:O, s:O?, s:O, s:O?, s:O?}", "line",
		                (json_int_t)im->line, "status", status, "code",
		                json_object_get(err, "code"), "article",
		                json_object_get(err, "article"), "message",
		                json_object_get(err, "message"), "field", json_object_get(err, "field"),
		                "detail", json_object_get(err, "detail"));
	}
	if (row != NULL)
		json_array_append_new(im->errors, row);
	return -1;
}

/* A write: 0 with *ans (2xx), or the refusal reported and -1. */
static int
imp_write(struct imp *im, const char *path, json_t *body, const char *on, unsigned add_roles,
          const char *as_person, json_t **ans)
{
	int status;

	if (body == NULL)
		return -2;
	if (on != NULL && on[0] != '\0' &&
	    json_object_set_new(body, "effective_date", json_string(on)) != 0) {
		json_decref(body);
		return -2;
	}
	status = imp_call(im, "POST", path, NULL, body, add_roles, as_person, ans);
	if (status >= 200 && status < 300)
		return 0;
	if (status >= 500) {
		json_decref(*ans);
		*ans = NULL;
		return -2;
	}
	imp_refuse(im, *ans, status, "", NULL);
	if (status == QERR_RULE) {
		json_t *err = json_object_get(*ans, "error");
		char action[IMP_PATH_MAX + 8];

		snprintf(action, sizeof action, "POST %s", path);
		json_array_append_new(im->rule_refusals,
		                      json_pack("[I, s, O, O?]", (json_int_t)im->line, action,
		                                json_object_get(err, "code"),
		                                json_object_get(err, "article")));
	}
	json_decref(*ans);
	*ans = NULL;
	return -1;
}

/* Every item of a paged list (GET path?query&limit&after): cb per item. */
static int
imp_walk(struct imp *im, const char *path, const char *query,
         int (*cb)(struct imp *im, json_t *it, struct qerr *e), struct qerr *e)
{
	char q[400], after[32] = "";

	for (;;) {
		json_t *ans, *it;
		size_t i;
		const char *next;
		int status;

		snprintf(q, sizeof q, "%s%slimit=" IMP_PAGE "%s%s", query ? query : "",
		         query ? "&" : "", after[0] ? "&after=" : "", after);
		status = imp_call(im, "GET", path, q, NULL, 0, NULL, &ans);
		if (status != 200) {
			json_decref(ans);
			if (status == 403)
				return qerr_set(e, QERR_FORBIDDEN, "forbidden_role", NULL, NULL);
			return qerr_internal(e, "import: registry list");
		}
		json_array_foreach(json_object_get(ans, "items"), i, it) {
			if (cb(im, it, e) != 0) {
				json_decref(ans);
				return -1;
			}
		}
		next = json_string_value(json_object_get(ans, "next"));
		if (next == NULL || strlen(next) >= sizeof after) {
			json_decref(ans);
			return 0;
		}
		q_strlcpy(after, next, sizeof after);
		json_decref(ans);
	}
}

/* imp_walk() over the officer's own organization's list at path. */
static int
imp_walk_org(struct imp *im, const char *path,
             int (*cb)(struct imp *im, json_t *it, struct qerr *e), struct qerr *e)
{
	char q[STORE_ID_MAX + 16];

	snprintf(q, sizeof q, "org_id=%s", im->user.org_id);
	return imp_walk(im, path, q, cb, e);
}

static const char *
js(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

/* Sets both directions of a reference map pair. */
static int
map_pair(json_t *by_key, json_t *by_id, const char *key, const char *id)
{
	if (key[0] == '\0' || id[0] == '\0')
		return 0;
	if (json_object_set_new(by_key, key, json_string(id)) != 0 ||
	    json_object_set_new(by_id, id, json_string(key)) != 0)
		return -1;
	return 0;
}

static const char *
map_get(json_t *m, const char *k)
{
	return json_string_value(json_object_get(m, k));
}

/* ---- the maps ---------------------------------------------------------------- */

/* The person a cell names: an IIN, or a passport (with or without "P:"). */
static const char *
person_find(struct imp *im, const char *cell)
{
	char key[STORE_REF_MAX];
	const char *id = map_get(im->person, cell);

	if (id != NULL || cell[0] == '\0')
		return id;
	snprintf(key, sizeof key, "P:%s", cell);
	return map_get(im->person, key);
}

/* How a row names person id: the IIN, else the passport; NULL unknown. */
static const char *
person_cell(struct imp *im, const char *id)
{
	const char *key = map_get(im->person_key, id);

	return key != NULL && strncmp(key, "P:", 2) == 0 ? key + 2 : key;
}

static int
persons_cb(struct imp *im, json_t *p, struct qerr *e)
{
	char key[STORE_REF_MAX];

	if (js(p, "iin")[0] != '\0')
		q_strlcpy(key, js(p, "iin"), sizeof key);
	else
		snprintf(key, sizeof key, "P:%s", js(p, "passport"));
	if (map_pair(im->person, im->person_key, key, js(p, "id")) != 0)
		return qerr_internal(e, "import: out of memory");
	return 0;
}

static int
lists_cb(struct imp *im, json_t *l, struct qerr *e)
{
	char path[IMP_PATH_MAX];
	json_t *ans, *it;
	size_t i;
	int status;

	if (map_pair(im->list, im->list_title, js(l, "title"), js(l, "id")) != 0)
		return qerr_internal(e, "import: out of memory");
	snprintf(path, sizeof path, "/v1/lists/%s", js(l, "id"));
	status = imp_call(im, "GET", path, NULL, NULL, 0, NULL, &ans);
	if (status != 200) {
		json_decref(ans);
		return qerr_internal(e, "import: list");
	}
	json_array_foreach(json_object_get(ans, "items"), i, it) {
		char key[STORE_REF_MAX * 2];

		snprintf(key, sizeof key, "%s\x1f%s", js(l, "title"), js(it, "code"));
		if (map_pair(im->item, im->item_code, key, js(it, "id")) != 0) {
			json_decref(ans);
			return qerr_internal(e, "import: out of memory");
		}
	}
	json_decref(ans);
	return 0;
}

static int
info_cb(struct imp *im, json_t *it, struct qerr *e)
{
	if (map_pair(im->info, im->info_title, js(it, "title"), js(it, "id")) != 0)
		return qerr_internal(e, "import: out of memory");
	return 0;
}

static int
carriers_cb(struct imp *im, json_t *c, struct qerr *e)
{
	if (strcmp(js(c, "org_id"), im->user.org_id) != 0)
		return 0;
	if (map_pair(im->carrier, im->carrier_acc, js(c, "account_number"), js(c, "id")) != 0)
		return qerr_internal(e, "import: out of memory");
	return 0;
}

static int
maps_load(struct imp *im, unsigned needs, struct qerr *e)
{
	if ((needs & N_PERSONS) && imp_walk_org(im, "/v1/persons", persons_cb, e) != 0)
		return -1;
	if ((needs & N_LISTS) && imp_walk_org(im, "/v1/lists", lists_cb, e) != 0)
		return -1;
	if ((needs & N_INFO) && imp_walk_org(im, "/v1/information", info_cb, e) != 0)
		return -1;
	if ((needs & N_CARRIERS) && imp_walk_org(im, "/v1/carriers", carriers_cb, e) != 0)
		return -1;
	return 0;
}

/* ---- rows ---------------------------------------------------------------- */

static int persons_make(struct imp *im, char **v, struct qerr *e);


static int
ncols(const struct kind *k)
{
	int n = 0;

	while (k->cols[n].name != NULL)
		n++;
	return n;
}

/* The natural key of row v: its key cells joined by US (a person without
 * an IIN by "P:" and the passport). */
static void
row_key(const struct kind *k, char **v, char *buf, size_t bufsz)
{
	size_t n = 0;

	buf[0] = '\0';
	if (k->make == persons_make && v[1][0] == '\0') {
		snprintf(buf, bufsz, "P:%s", v[2]);
		return;
	}
	for (int i = 0; k->key[i] >= 0 && n < bufsz; i++)
		n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", i ? "\x1f" : "", v[k->key[i]]);
}

/* A row's label for the export's banner. */
static void
row_label(struct imp *im, char **v)
{
	for (int i = 0; im->k->cols[i].name != NULL; i++) {
		if (im->k->cols[i].type == C_DEGREE) {
			enum degree d = degree_parse(v[i]);

			if (d != DEGREE_NONE && (im->top == DEGREE_NONE || d > im->top))
				im->top = d;
		}
	}
}

/* emit while loading: remembers the row under its natural key, its cells
 * one string, each cell ended by a NUL (a cell is a C string: it holds
 * none), one allocation a row. */
static int
emit_existing(struct imp *im, char **v, struct qerr *e)
{
	char key[1024], *buf;
	size_t len = 0, at = 0;
	json_t *row;

	row_key(im->k, v, key, sizeof key);
	for (int i = 0; i < ncols(im->k); i++)
		len += strlen(v[i]) + 1;
	if ((buf = malloc(len)) == NULL)
		return qerr_internal(e, "import: out of memory");
	for (int i = 0; i < ncols(im->k); i++) {
		size_t n = strlen(v[i]) + 1;

		memcpy(buf + at, v[i], n);
		at += n;
	}
	row = json_stringn_nocheck(buf, len);
	free(buf);
	if (row == NULL || json_object_set_new(im->existing, key, row) != 0)
		return qerr_internal(e, "import: out of memory");
	return 0;
}

/* emit while exporting: a CSV line. */
static int
emit_csv(struct imp *im, char **v, struct qerr *e)
{
	int n = ncols(im->k);

	row_label(im, v);
	im->nrows++;
	for (int i = 0; i < n; i++)
		if (csv_put(&im->out, &im->len, &im->cap, v[i], ';', i == n - 1) != 0)
			return qerr_internal(e, "export: out of memory");
	return 0;
}

/* ---- normalizing cells ------------------------------------------------------ */

/* The Law's words for the degrees, as users write them (i18n.js). */
static const struct {
	const char *word;
	const char *code;
} degree_words[] = {
	{"особой важности", "special_importance"}, {"аса маңызды", "special_importance"},
	{"special importance", "special_importance"}, {"совершенно секретно", "top_secret"},
	{"өте құпия", "top_secret"}, {"top secret", "top_secret"}, {"секретно", "confidential"},
	{"құпия", "confidential"},
};

/* Lower-cases ASCII and the Cyrillic capitals (2-byte UTF-8) of s in place. */
static void
lower_words(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			*p = (unsigned char)(*p + 32);
		} else if (*p == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F) {
			p[1] = (unsigned char)(p[1] + 0x20);   /* А..П -> а..п */
			p++;
		} else if (*p == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF) {
			*p = 0xD1;                             /* Р..Я -> р..я */
			p[1] = (unsigned char)(p[1] - 0x20);
			p++;
		} else if (*p >= 0xC0 && p[1] != '\0') {
			p++;
		}
	}
}

/* A list cell as exported: its items trimmed, " | " between them; v's
 * buffer holds cap bytes (row_cells gives a list cell three times its
 * length: at most two spaces are added for each '|'). */
static int
list_norm(char *v, size_t cap)
{
	size_t n = strlen(v), o = 0;
	char *tmp = malloc(n * 3 + 1);
	const char *p = v;

	if (tmp == NULL)
		return -1;
	while (*p) {
		const char *bar = strchr(p, '|'), *end = bar ? bar : p + strlen(p), *b = p;

		while (b < end && *b == ' ')
			b++;
		while (end > b && end[-1] == ' ')
			end--;
		if (end > b) {
			if (o > 0) {
				memcpy(tmp + o, " | ", 3);
				o += 3;
			}
			memcpy(tmp + o, b, (size_t)(end - b));
			o += (size_t)(end - b);
		}
		p = bar ? bar + 1 : p + strlen(p);
	}
	tmp[o] = '\0';
	if (o + 1 > cap) {
		free(tmp);
		return -1;
	}
	memcpy(v, tmp, o + 1);
	free(tmp);
	return 0;
}

/* Normalizes cell v of column c in place (its buffer holds at least 11
 * bytes or the cell itself): 0, or -1 when it cannot be read. */
static int
cell_norm(const struct col *c, char *v, size_t cap)
{
	char low[64], iso[11];

	/* spaces around a cell are the spreadsheet's, not the data's */
	size_t n = strlen(v);

	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		v[--n] = '\0';
	while (v[0] == ' ' || v[0] == '\t')
		memmove(v, v + 1, n--);
	if (v[0] == '\0')
		return 0;
	switch (c->type) {
	case C_DATE:
		if (csv_date_iso(v, iso) != 0 || cap < sizeof iso)
			return -1;
		q_strlcpy(v, iso, cap);
		return 0;
	case C_DEGREE:
		if (degree_parse(v) != DEGREE_NONE)
			return 0;
		q_strlcpy(low, v, sizeof low);
		lower_words(low);
		for (size_t i = 0; i < sizeof degree_words / sizeof degree_words[0]; i++)
			if (strcmp(low, degree_words[i].word) == 0 && cap > strlen(degree_words[i].code)) {
				q_strlcpy(v, degree_words[i].code, cap);
				return 0;
			}
		return -1;
	case C_BOOL:
		q_strlcpy(low, v, sizeof low);
		lower_words(low);
		if (strcmp(low, "yes") == 0 || strcmp(low, "true") == 0 || strcmp(low, "1") == 0 ||
		    strcmp(low, "да") == 0 || strcmp(low, "иә") == 0)
			q_strlcpy(v, "yes", cap);
		else if (strcmp(low, "no") == 0 || strcmp(low, "false") == 0 ||
		         strcmp(low, "0") == 0 || strcmp(low, "нет") == 0 || strcmp(low, "жоқ") == 0)
			v[0] = '\0';
		else
			return -1;
		return 0;
	case C_INT:
		for (const char *p = v; *p; p++)
			if (*p < '0' || *p > '9')
				return -1;
		while (v[0] == '0' && v[1] != '\0')   /* "02" is 2, as exported */
			memmove(v, v + 1, strlen(v));
		return strlen(v) > 9 ? -1 : 0;
	case C_LIST:
		return list_norm(v, cap);
	case C_TEXT:
		return 0;
	}
	return 0;
}

/* The cells of list cell s ('|' between items, spaces around trimmed),
 * as a JSON array of strings; NULL when out of memory. */
static json_t *
list_cells(const char *s)
{
	json_t *a = json_array();
	const char *p = s;

	while (a != NULL && *p) {
		const char *bar = strchr(p, '|'), *end = bar ? bar : p + strlen(p);
		const char *b = p;

		while (b < end && *b == ' ')
			b++;
		while (end > b && end[-1] == ' ')
			end--;
		if (end > b && json_array_append_new(a, json_stringn(b, (size_t)(end - b))) != 0) {
			json_decref(a);
			return NULL;
		}
		p = bar ? bar + 1 : p + strlen(p);
	}
	return a;
}

/* ---- persons ------------------------------------------------------------------ */

static const struct col persons_cols[] = {
	{"kind", C_TEXT, "persons"},
	{"iin", C_TEXT, "880101300000"},
	{"passport", C_TEXT, ""},
	{"full_name", C_TEXT, "Сәрсенова Айгүл Бекқызы"},
	{"citizenship", C_TEXT, "KZ"},
	{"position", C_TEXT, "инженер"},
	{"registered_on", C_DATE, "15.03.2019"},
	{NULL, 0, NULL},
};
static const int persons_key[] = {1, -1};

static int
persons_make(struct imp *im, char **v, struct qerr *e)
{
	json_t *b = json_pack("{s:s, s:s, s:s, s:s}", "full_name", v[3], "citizenship", v[4],
	                      "org_id", im->user.org_id, "position", v[5]), *ans;
	char key[STORE_REF_MAX];
	int rc;

	(void)e;
	if (b != NULL && ((v[1][0] && json_object_set_new(b, "iin", json_string(v[1])) != 0) ||
	                  (v[2][0] && json_object_set_new(b, "passport", json_string(v[2])) != 0))) {
		json_decref(b);
		return -2;
	}
	if ((rc = imp_write(im, "/v1/persons", b, v[6], 0, NULL, &ans)) != 0)
		return rc;
	if (v[1][0])
		q_strlcpy(key, v[1], sizeof key);
	else
		snprintf(key, sizeof key, "P:%s", v[2]);
	rc = map_pair(im->person, im->person_key, key, js(ans, "id"));
	json_decref(ans);
	return rc == 0 ? 0 : -2;
}

static int
persons_row(struct imp *im, json_t *p, struct qerr *e)
{
	char *v[] = {"persons", (char *)js(p, "iin"), (char *)js(p, "passport"),
	             (char *)js(p, "full_name"), (char *)js(p, "citizenship"),
	             (char *)js(p, "position"), (char *)js(p, "registered_on")};

	if (js(p, "iin")[0] != '\0')
		v[2] = "";
	return im->emit(im, v, e);
}

static int
persons_rows(struct imp *im, struct qerr *e)
{
	return imp_walk_org(im, "/v1/persons", persons_row, e);
}

/* ---- lists and their items ---------------------------------------------------- */

static const struct col lists_cols[] = {
	{"kind", C_TEXT, "lists"},
	{"list_title", C_TEXT, "Перечень сведений, подлежащих засекречиванию"},
	{"approved_on", C_DATE, "10.01.2018"},
	{"item_code", C_TEXT, "1.1"},
	{"item_text", C_TEXT, "Сведения о мобилизационных планах"},
	{"degree", C_DEGREE, "top_secret"},
	{"basis", C_TEXT, "11.1"},
	{NULL, 0, NULL},
};
static const int lists_key[] = {1, 3, -1};

static int
lists_make(struct imp *im, char **v, struct qerr *e)
{
	const char *list_id = map_get(im->list, v[1]);
	char path[IMP_PATH_MAX], key[STORE_REF_MAX * 2];
	json_t *ans;
	int rc;

	(void)e;
	if (v[1][0] == '\0')
		return imp_refuse(im, NULL, QERR_INPUT, "missing_field", "list_title");
	if (list_id == NULL) {
		rc = imp_write(im, "/v1/lists",
		               json_pack("{s:s, s:s}", "org_id", im->user.org_id, "title", v[1]), v[2],
		               0, NULL, &ans);
		if (rc != 0)
			return rc;
		rc = map_pair(im->list, im->list_title, v[1], js(ans, "id"));
		/* approved once its items are in (import_run) */
		if (rc == 0 && v[2][0] != '\0')
			rc = json_object_set_new(im->approvals, js(ans, "id"),
			                         json_pack("[I, s]", (json_int_t)im->line, v[2]));
		json_decref(ans);
		if (rc != 0)
			return -2;
		list_id = map_get(im->list, v[1]);
	}
	snprintf(path, sizeof path, "/v1/lists/%s/items", list_id);
	rc = imp_write(im, path,
	               json_pack("{s:s, s:s, s:s, s:s}", "code", v[3], "text", v[4], "degree", v[5],
	                         "basis", v[6]), v[2], 0, NULL, &ans);
	if (rc != 0)
		return rc;
	snprintf(key, sizeof key, "%s\x1f%s", v[1], v[3]);
	rc = map_pair(im->item, im->item_code, key, js(ans, "id"));
	json_decref(ans);
	return rc == 0 ? 0 : -2;
}

/* After the rows: each list the file made is approved by the head on its
 * approved_on (Art. 15.2), its first line answering for a refusal. */
static int
lists_approve(struct imp *im, struct qerr *e)
{
	const char *id;
	json_t *a;

	(void)e;
	json_object_foreach(im->approvals, id, a) {
		char path[IMP_PATH_MAX];
		json_t *ans;
		int rc;

		im->line = (long)json_integer_value(json_array_get(a, 0));
		store_batch_line(im->app->store, im->line);
		snprintf(path, sizeof path, "/v1/lists/%s/approve", id);
		rc = imp_write(im, path, json_object(), json_string_value(json_array_get(a, 1)),
		               ROLE_HEAD, NULL, &ans);
		if (rc == -2)
			return -1;
		json_decref(ans);
	}
	return 0;
}

static int
lists_row(struct imp *im, json_t *l, struct qerr *e)
{
	char path[IMP_PATH_MAX];
	json_t *ans, *it;
	size_t i;
	int status, rc = 0;

	snprintf(path, sizeof path, "/v1/lists/%s", js(l, "id"));
	status = imp_call(im, "GET", path, NULL, NULL, 0, NULL, &ans);
	if (status != 200) {
		json_decref(ans);
		return qerr_internal(e, "export: list");
	}
	json_array_foreach(json_object_get(ans, "items"), i, it) {
		char *v[] = {"lists", (char *)js(l, "title"), (char *)js(ans, "approved_on"),
		             (char *)js(it, "code"), (char *)js(it, "text"), (char *)js(it, "degree"),
		             (char *)js(it, "basis")};

		if (strcmp(js(it, "state"), "removed") == 0)
			continue;
		if ((rc = im->emit(im, v, e)) != 0)
			break;
	}
	json_decref(ans);
	return rc;
}

static int
lists_rows(struct imp *im, struct qerr *e)
{
	return imp_walk_org(im, "/v1/lists", lists_row, e);
}

/* ---- information items --------------------------------------------------------- */

static const struct col info_cols[] = {
	{"kind", C_TEXT, "information"},
	{"title", C_TEXT, "Мобилизационный план на 2019 год"},
	{"degree", C_DEGREE, "top_secret"},
	{"list_title", C_TEXT, "Перечень сведений, подлежащих засекречиванию"},
	{"item_code", C_TEXT, "1.1"},
	{"preliminary", C_BOOL, "no"},
	{"topics", C_LIST, ""},
	{"classified_on", C_DATE, "01.02.2019"},
	{"declassify_on", C_DATE, "01.02.2044"},
	{"classifier_iin", C_TEXT, "880101300000"},
	{NULL, 0, NULL},
};
static const int info_key[] = {1, -1};

static int
info_make(struct imp *im, char **v, struct qerr *e)
{
	char key[STORE_REF_MAX * 2];
	const char *item = NULL, *person;
	json_t *b, *ans;
	int rc;

	(void)e;
	person = person_find(im, v[9]);
	if (person == NULL)
		return imp_refuse(im, NULL, QERR_INPUT, "import_unknown_person", "classifier_iin");
	if (v[5][0] == '\0') {
		snprintf(key, sizeof key, "%s\x1f%s", v[3], v[4]);
		item = map_get(im->item, key);
		if (item == NULL)
			return imp_refuse(im, NULL, QERR_INPUT, "import_unknown_reference", "item_code");
	}
	b = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s}", "title", v[1], "org_id", im->user.org_id,
	              "degree", v[2], "topics", list_cells(v[6]), "classified_on", v[7],
	              "declassify_on", v[8]);
	if (b != NULL && json_object_set_new(b, item ? "list_item_id" : "preliminary",
	                                     item ? json_string(item) : json_true()) != 0) {
		json_decref(b);
		return -2;
	}
	rc = imp_write(im, "/v1/information", b, v[7], ROLE_CLASSIFIER, person, &ans);
	if (rc != 0)
		return rc;
	rc = map_pair(im->info, im->info_title, v[1], js(ans, "id"));
	json_decref(ans);
	return rc == 0 ? 0 : -2;
}

/* Joins the strings of array a with " | " into buf. */
static void
join_list(json_t *a, json_t *names, char *buf, size_t bufsz)
{
	size_t i, n = 0;
	json_t *x;

	buf[0] = '\0';
	json_array_foreach(a, i, x) {
		const char *s = json_string_value(x);

		if (names != NULL)
			s = map_get(names, s ? s : "");
		if (s != NULL && n < bufsz)
			n += (size_t)snprintf(buf + n, bufsz - n, "%s%s", n ? " | " : "", s);
	}
}

static int
info_row(struct imp *im, json_t *it, struct qerr *e)
{
	const char *list = map_get(im->list_title, js(it, "list_id"));
	const char *key = map_get(im->item_code, js(it, "list_item_id"));
	const char *code = key != NULL && strchr(key, '\x1f') ? strchr(key, '\x1f') + 1 : "";
	const char *iin = person_cell(im, js(it, "classifier_person_id"));
	char topics[1024];
	char *v[10];

	join_list(json_object_get(it, "topics"), NULL, topics, sizeof topics);
	v[0] = "information";
	v[1] = (char *)js(it, "title");
	v[2] = (char *)js(it, "degree");
	v[3] = (char *)(list ? list : "");
	v[4] = (char *)code;
	v[5] = json_is_true(json_object_get(it, "preliminary")) ? "yes" : "";
	v[6] = topics;
	v[7] = (char *)js(it, "classified_on");
	v[8] = (char *)js(it, "declassify_on");
	v[9] = (char *)(iin ? iin : "");
	return im->emit(im, v, e);
}

static int
info_rows(struct imp *im, struct qerr *e)
{
	return imp_walk_org(im, "/v1/information", info_row, e);
}

/* ---- the carrier registration journal ---------------------------------------- */

static const struct col carriers_cols[] = {
	{"kind", C_TEXT, "carriers"},
	{"account_number", C_TEXT, "12/345"},
	{"carrier_kind", C_TEXT, "paper"},
	{"title", C_TEXT, "Мобилизационный план, экз. 1-2"},
	{"label", C_DEGREE, "top_secret"},
	{"information", C_LIST, "Мобилизационный план на 2019 год"},
	{"copies", C_INT, "2"},
	{"sheets", C_INT, "14"},
	{"declassify_on", C_DATE, ""},
	{"registered_on", C_DATE, "05.02.2019"},
	{NULL, 0, NULL},
};
static const int carriers_key[] = {1, -1};

/* The row through the bulk path: 0 stored (and mapped), 1 for the API,
 * -2 failed. The ids are the row's information items. */
static int
carriers_bulk(struct imp *im, char **v, json_t *ids, struct qerr *e)
{
	struct carrier_row r;
	const char *idv[CARRIER_INFO_MAX];
	char id[STORE_ID_MAX];
	size_t n = json_array_size(ids);
	int rc;

	if (!(im->user.roles & ROLE_SECURITY_OFFICER) || im->app->read_only ||
	    n > CARRIER_INFO_MAX ||
	    !carrier_row_parse(v[1], v[2], v[3], v[4], v[6], v[7], v[8], v[9], im->today, &r))
		return 1;
	for (size_t i = 0; i < n; i++)
		idv[i] = json_string_value(json_array_get(ids, i));
	rc = ops_carrier_bulk_row(&im->bulk, &r, idv, n, id, e);
	if (rc < 0)
		return -2;
	/* no map_pair: a carriers file refers to no carrier (grants do, in
	 * a file of their own, from maps_load) */
	return rc;
}

static int
carriers_make(struct imp *im, char **v, struct qerr *e)
{
	json_t *titles = list_cells(v[5]), *ids = json_array(), *b, *x, *ans;
	size_t i;
	int rc;

	if (titles == NULL || ids == NULL) {
		json_decref(titles);
		json_decref(ids);
		return -2;
	}
	json_array_foreach(titles, i, x) {
		const char *id = map_get(im->info, json_string_value(x));

		if (id == NULL) {
			json_decref(titles);
			json_decref(ids);
			return imp_refuse(im, NULL, QERR_INPUT, "import_unknown_reference", "information");
		}
		if (json_array_append_new(ids, json_string(id)) != 0) {
			json_decref(titles);
			json_decref(ids);
			return -2;
		}
	}
	json_decref(titles);
	rc = carriers_bulk(im, v, ids, e);
	if (rc != 1) {
		json_decref(ids);
		return rc;
	}
	/* refused by some rule or check: the API's own answer */
	b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I}", "org_id", im->user.org_id,
	              "account_number", v[1], "kind", v[2], "title", v[3], "label", v[4],
	              "information_ids", ids, "copies", (json_int_t)strtol(v[6], NULL, 10),
	              "sheets", (json_int_t)strtol(v[7], NULL, 10));
	if (b != NULL && v[8][0] && json_object_set_new(b, "declassify_on", json_string(v[8])) != 0) {
		json_decref(b);
		return -2;
	}
	rc = imp_write(im, "/v1/carriers", b, v[9], 0, NULL, &ans);
	if (rc != 0)
		return rc;
	rc = map_pair(im->carrier, im->carrier_acc, v[1], js(ans, "id"));
	json_decref(ans);
	return rc == 0 ? 0 : -2;
}

static int
carriers_row(struct imp *im, json_t *c, struct qerr *e)
{
	char info[4096], copies[16], sheets[16];
	char *v[10];

	if (strcmp(js(c, "org_id"), im->user.org_id) != 0)
		return 0;
	join_list(json_object_get(c, "information_ids"), im->info_title, info, sizeof info);
	snprintf(copies, sizeof copies, "%zu", json_array_size(json_object_get(c, "copies")));
	snprintf(sheets, sizeof sheets, "%lld",
	         (long long)json_integer_value(json_object_get(c, "sheets")));
	v[0] = "carriers";
	v[1] = (char *)js(c, "account_number");
	v[2] = (char *)js(c, "kind");
	v[3] = (char *)js(c, "title");
	v[4] = (char *)js(c, "label");
	v[5] = info;
	v[6] = copies;
	v[7] = sheets;
	v[8] = (char *)js(c, "declassify_on");
	v[9] = (char *)js(c, "registered_on");
	return im->emit(im, v, e);
}

static int
carriers_rows(struct imp *im, struct qerr *e)
{
	return imp_walk_org(im, "/v1/carriers", carriers_row, e);
}

/* ---- clearances ------------------------------------------------------------------ */

static const struct col clearances_cols[] = {
	{"kind", C_TEXT, "clearances"},
	{"iin", C_TEXT, "880101300000"},
	{"form", C_DEGREE, "top_secret"},
	{"registered_on", C_DATE, "01.03.2019"},
	{"treaty_ref", C_TEXT, ""},
	{"commitment_on", C_DATE, "02.03.2019"},
	{"consent_restrictions_on", C_DATE, "02.03.2019"},
	{"consent_verification_on", C_DATE, "02.03.2019"},
	{"familiarized_on", C_DATE, "03.03.2019"},
	{"verification", C_TEXT, "passed"},
	{"verified_on", C_DATE, "10.04.2019"},
	{"decision", C_TEXT, "grant"},
	{"decided_on", C_DATE, "15.04.2019"},
	{"contract_number", C_TEXT, "Д-17"},
	{"restriction_until", C_DATE, "15.04.2029"},
	{NULL, 0, NULL},
};
static const int clearances_key[] = {1, 2, 3, -1};

static int
clearances_make(struct imp *im, char **v, struct qerr *e)
{
	const char *person = person_find(im, v[1]);
	char path[IMP_PATH_MAX], id[STORE_ID_MAX], last[11] = "";
	json_t *b, *ans;
	int rc;

	(void)e;
	if (person == NULL)
		return imp_refuse(im, NULL, QERR_INPUT, "import_unknown_person", "iin");
	b = json_pack("{s:s}", "form", v[2]);
	if (b != NULL && v[4][0] && json_object_set_new(b, "treaty_ref", json_string(v[4])) != 0) {
		json_decref(b);
		return -2;
	}
	snprintf(path, sizeof path, "/v1/persons/%s/clearances", person);
	if ((rc = imp_write(im, path, b, v[3], 0, NULL, &ans)) != 0)
		return rc;
	q_strlcpy(id, js(ans, "id"), sizeof id);
	json_decref(ans);
	b = json_object();
	for (int i = 5; i <= 10 && b != NULL; i++) {
		if (v[i][0] == '\0')
			continue;
		if (json_object_set_new(b, clearances_cols[i].name, json_string(v[i])) != 0) {
			json_decref(b);
			return -2;
		}
		if (clearances_cols[i].type == C_DATE && strcmp(v[i], last) > 0)
			q_strlcpy(last, v[i], sizeof last);
	}
	if (b == NULL)
		return -2;
	snprintf(path, sizeof path, "/v1/clearances/%s/prerequisites", id);
	if (json_object_size(b) == 0)
		json_decref(b);
	else if ((rc = imp_write(im, path, b, last, 0, NULL, &ans)) != 0)
		return rc;
	else
		json_decref(ans);
	if (v[11][0] == '\0')
		return 0;
	b = json_pack("{s:s}", "decision", v[11]);
	if (b != NULL && ((v[13][0] && json_object_set_new(b, "contract_number",
	                                                   json_string(v[13])) != 0) ||
	                  (v[14][0] && json_object_set_new(b, "restriction_until",
	                                                   json_string(v[14])) != 0))) {
		json_decref(b);
		return -2;
	}
	snprintf(path, sizeof path, "/v1/clearances/%s/decision", id);
	if ((rc = imp_write(im, path, b, v[12], ROLE_HEAD, NULL, &ans)) != 0)
		return rc;
	json_decref(ans);
	return 0;
}

static int
clearance_row(struct imp *im, const char *iin, json_t *c, struct qerr *e)
{
	json_t *p = json_object_get(c, "prerequisites"), *d = json_object_get(c, "decision");
	char *v[15];

	v[0] = "clearances";
	v[1] = (char *)iin;
	v[2] = (char *)js(c, "form");
	v[3] = (char *)js(c, "registered_on");
	v[4] = (char *)js(c, "treaty_ref");
	for (int i = 5; i <= 10; i++)
		v[i] = (char *)js(p, clearances_cols[i].name);
	v[11] = (char *)js(d, "decision");
	v[12] = (char *)js(d, "date");
	v[13] = (char *)js(d, "contract_number");
	v[14] = (char *)js(d, "restriction_until");
	return im->emit(im, v, e);
}

static int
clearances_rows(struct imp *im, struct qerr *e)
{
	const char *key;
	json_t *id;

	json_object_foreach(im->person, key, id) {
		char path[IMP_PATH_MAX];
		json_t *ans, *c, *items;
		size_t i;
		int status, rc = 0;

		snprintf(path, sizeof path, "/v1/persons/%s/clearances", json_string_value(id));
		status = imp_call(im, "GET", path, NULL, NULL, 0, NULL, &ans);
		if (status != 200) {
			json_decref(ans);
			return qerr_internal(e, "export: clearances");
		}
		items = json_is_array(ans) ? ans : json_object_get(ans, "items");
		json_array_foreach(items, i, c)
			if ((rc = clearance_row(im, strncmp(key, "P:", 2) == 0 ? key + 2 : key, c, e)) != 0)
				break;
		json_decref(ans);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* ---- need-to-know grants ---------------------------------------------------------- */

static const struct col grants_cols[] = {
	{"kind", C_TEXT, "grants"},
	{"iin", C_TEXT, "880101300000"},
	{"account_number", C_TEXT, "12/345"},
	{"information_title", C_TEXT, ""},
	{"granted_on", C_DATE, "20.04.2019"},
	{"until", C_DATE, "31.12.2019"},
	{NULL, 0, NULL},
};
static const int grants_key[] = {1, 2, 3, 4, -1};

static int
grants_make(struct imp *im, char **v, struct qerr *e)
{
	const char *person = person_find(im, v[1]), *obj;
	json_t *b, *ans;
	int rc;

	(void)e;
	if (person == NULL)
		return imp_refuse(im, NULL, QERR_INPUT, "import_unknown_person", "iin");
	obj = v[2][0] ? map_get(im->carrier, v[2]) : map_get(im->info, v[3]);
	if (obj == NULL)
		return imp_refuse(im, NULL, QERR_INPUT, "import_unknown_reference",
		                  v[2][0] ? "account_number" : "information_title");
	b = json_pack("{s:s, s:s, s:s}", "person_id", person,
	              v[2][0] ? "carrier_id" : "information_id", obj, "until", v[5]);
	if ((rc = imp_write(im, "/v1/grants", b, v[4], 0, NULL, &ans)) != 0)
		return rc;
	json_decref(ans);
	return 0;
}

static int
grants_row(struct imp *im, json_t *g, struct qerr *e)
{
	const char *iin = person_cell(im, js(g, "person_id"));
	const char *acc = map_get(im->carrier_acc, js(g, "carrier_id"));
	const char *info = map_get(im->info_title, js(g, "information_id"));
	char *v[6];

	if (strcmp(js(g, "state"), "active") != 0 || iin == NULL || (acc == NULL && info == NULL))
		return 0;
	v[0] = "grants";
	v[1] = (char *)iin;
	v[2] = (char *)(acc ? acc : "");
	v[3] = (char *)(info ? info : "");
	v[4] = (char *)js(g, "from");
	v[5] = (char *)js(g, "until");
	return im->emit(im, v, e);
}

static int
grants_rows(struct imp *im, struct qerr *e)
{
	return imp_walk(im, "/v1/grants", NULL, grants_row, e);
}

/* ---- the kinds ------------------------------------------------------------------ */

static const struct kind kinds[] = {
	{"persons", persons_cols, persons_key, 0, persons_make, persons_rows},
	{"lists", lists_cols, lists_key, N_LISTS, lists_make, lists_rows},
	{"information", info_cols, info_key, N_PERSONS | N_LISTS, info_make, info_rows},
	{"carriers", carriers_cols, carriers_key, N_INFO, carriers_make, carriers_rows},
	{"clearances", clearances_cols, clearances_key, N_PERSONS, clearances_make,
	 clearances_rows},
	{"grants", grants_cols, grants_key, N_PERSONS | N_INFO | N_CARRIERS, grants_make,
	 grants_rows},
};

const char *const import_kinds[] = {"persons",  "lists",      "information",
                                    "carriers", "clearances", "grants", NULL};

static const struct kind *
kind_find(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/* ---- the run ------------------------------------------------------------------ */

/* The bulk path's context: as the router's for POST /v1/carriers by the
 * importing officer (req_ops_ctx, route_run), the date set per row. */
static void
imp_bulk_ctx(struct imp *im)
{
	struct ops_ctx *c = &im->bulk.c;

	c->store = im->app->store;
	c->audit = im->app->audit;
	c->keys = im->app->keys;
	c->cal = im->app->calendar;
	q_strlcpy(c->actor.user_id, im->user.id, sizeof c->actor.user_id);
	q_strlcpy(c->actor.login, im->user.login, sizeof c->actor.login);
	q_strlcpy(c->actor.org_id, im->user.org_id, sizeof c->actor.org_id);
	q_strlcpy(c->actor.person_id, im->user.person_id, sizeof c->actor.person_id);
	c->actor.roles = im->user.roles;
	c->actor.acting_roles = roles_acting(im->user.roles, ROLE_SECURITY_OFFICER);
	c->actor.cross_org = roles_scope_cross_org(im->user.roles, ROLE_SECURITY_OFFICER, true);
	q_strlcpy(c->address, "import", sizeof c->address);
	q_strlcpy(c->origin, "POST /v1/carriers", sizeof c->origin);
	c->today = c->effective_date = im->today;
}

static int
imp_init(struct imp *im, struct app *app, const struct http_user *u, const char *lang,
         qdate today, struct qerr *e)
{
	memset(im, 0, sizeof *im);
	im->app = app;
	im->user = *u;
	im->lang = lang != NULL ? lang : "en";
	im->today = today;
	im->top = DEGREE_NONE;
	im->errors = json_array();
	im->existing = json_object();
	im->person = json_object();
	im->person_key = json_object();
	im->list = json_object();
	im->list_title = json_object();
	im->item = json_object();
	im->item_code = json_object();
	im->info = json_object();
	im->info_title = json_object();
	im->carrier = json_object();
	im->carrier_acc = json_object();
	im->approvals = json_object();
	im->rule_refusals = json_array();
	if (!im->rule_refusals ||!im->errors || !im->existing || !im->person || !im->person_key || !im->list ||
	    !im->list_title || !im->item || !im->item_code || !im->info || !im->info_title ||
	    !im->carrier || !im->carrier_acc || !im->approvals)
		return qerr_internal(e, "import: out of memory");
	if (!(u->roles & ROLE_SECURITY_OFFICER) || u->org_id[0] == '\0')
		return qerr_set(e, QERR_FORBIDDEN, "forbidden_role", NULL, NULL);
	imp_bulk_ctx(im);
	/* QUPIYA_IMPORT_BULK=0: every row through the API (bench/bench_import.py's
	 * "before") */
	im->bulk.off = getenv("QUPIYA_IMPORT_BULK") != NULL &&
	               strcmp(getenv("QUPIYA_IMPORT_BULK"), "0") == 0;
	return 0;
}

static void
imp_free(struct imp *im)
{
	json_t *all[] = {im->errors, im->existing, im->person, im->person_key, im->list,
	                 im->list_title, im->item, im->item_code, im->info, im->info_title,
	                 im->carrier, im->carrier_acc, im->approvals, im->rule_refusals};

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		json_decref(all[i]);
	free(im->out);
}

/* The header: which file column holds each column of the layout (-1 for
 * none). 400 for an unknown or repeated column. */
static int
header_map(const struct kind *k, const struct csv *c, int *at, struct qerr *e)
{
	char where[32];

	for (int i = 0; k->cols[i].name != NULL; i++)
		at[i] = -1;
	for (int j = 0; j < c->ncells; j++) {
		int found = -1;

		for (int i = 0; k->cols[i].name != NULL; i++)
			if (strcmp(k->cols[i].name, c->cells[j]) == 0)
				found = i;
		if (found < 0 || at[found] >= 0) {
			snprintf(where, sizeof where, "%ld:%d", c->rec_line, j + 1);
			return qerr_set(e, QERR_INPUT, found < 0 ? "csv_unknown_column" : "csv_malformed",
			                NULL, where);
		}
		at[found] = j;
	}
	return 0;
}

/* Checks every record of the file after the header: each names kind and
 * has the header's width; *n their number. 400 for a malformed file, a
 * row of another kind or another width. Nothing is kept: the rows are
 * read again as they are made (imp_rows), so a file takes no more memory
 * than its text. */
static int
records_check(struct csv *c, const char *kind, int width, long *n, struct qerr *e)
{
	int rc;

	*n = 0;
	while ((rc = csv_next(c, e)) == 1) {
		char where[32];

		if (c->ncells != width || strcmp(c->cells[0], kind) != 0) {
			snprintf(where, sizeof where, "%ld:%d", c->rec_line,
			         c->ncells != width ? (c->ncells < width ? c->ncells : width + 1) : 1);
			return qerr_set(e, QERR_INPUT,
			                c->ncells != width ? "csv_column_count" : "csv_kind_mixed", NULL,
			                where);
		}
		(*n)++;
	}
	return rc < 0 ? -1 : 0;
}

/* The cells of a row of the file, normalized, into v (owned by buf). 0,
 * or -1 with the row refused in the report. */
static int
row_cells(struct imp *im, char **cells, const int *at, char **v, char *buf, size_t bufsz)
{
	const struct kind *k = im->k;
	size_t used = 0;

	for (int i = 0; k->cols[i].name != NULL; i++) {
		const char *s = at[i] >= 0 ? cells[at[i]] : "";
		size_t need = strlen(s ? s : "") + 1, cap = need < 24 ? 24 : need;

		if (k->cols[i].type == C_LIST)
			cap = need * 3;

		if (used + cap > bufsz)
			return imp_refuse(im, NULL, QERR_INPUT, "csv_record_too_long", k->cols[i].name);
		v[i] = buf + used;
		q_strlcpy(v[i], s ? s : "", cap);
		used += cap;
		if (cell_norm(&k->cols[i], v[i], cap) != 0)
			return imp_refuse(im, NULL, QERR_INPUT, "invalid_value", k->cols[i].name);
	}
	return 0;
}

/* Same row as the registry's (emit_existing)? Cells left empty in the
 * file match any. */
static bool
row_same(const struct kind *k, char **v, json_t *had)
{
	const char *h = json_string_value(had), *end = h + json_string_length(had);

	for (int i = 0; i < ncols(k); i++) {
		if (h == NULL || h >= end)
			return false;
		if (v[i][0] != '\0' && strcmp(v[i], h) != 0)
			return false;
		h += strlen(h) + 1;
	}
	return true;
}

static int
imp_rows(struct imp *im, const char *csv, size_t len, long nrows, const int *at,
         const struct import_opts *o, struct qerr *e)
{
	struct csv c;
	char *v[CSV_CELLS_MAX];
	char *buf = malloc(IMP_ROW_BUF);
	long i;

	/* the file was checked whole (records_check): read it again */
	if (buf == NULL || csv_open(&c, csv, len, "kind", e) != 0 || csv_next(&c, e) != 1) {
		free(buf);
		return qerr_internal(e, "import: the file again");
	}
	for (i = 0; csv_next(&c, e) == 1; i++) {
		char key[1024];
		json_t *had;
		int rc;

		im->line = c.rec_line;
		store_batch_line(im->app->store, im->line);
		if (o->progress != NULL && i % IMP_PROGRESS == 0)
			o->progress(o->progress_ctx, i, nrows);
		if (row_cells(im, c.cells, at, v, buf, IMP_ROW_BUF) != 0)
			continue;
		row_key(im->k, v, key, sizeof key);
		had = json_object_get(im->existing, key);
		if (had != NULL) {
			if (row_same(im->k, v, had))
				im->unchanged++;
			else
				imp_refuse(im, NULL, QERR_CONFLICT, "import_row_differs",
				           im->k->cols[im->k->key[0]].name);
			continue;
		}
		rc = im->k->make(im, v, e);
		/* a second row with the same key is then a repeat */
		if (rc == -2 || (rc == 0 && emit_existing(im, v, e) != 0)) {
			csv_free(&c);
			free(buf);
			if (!qerr_is_set(e))
				qerr_internal(e, "import: row");
			return -1;
		}
		if (rc == 0)
			im->created++;
	}
	csv_free(&c);
	free(buf);
	if (o->progress != NULL)
		o->progress(o->progress_ctx, nrows, nrows);
	return 0;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The file's own audit entry (inside the batch when it commits), and,
 * for a file refused and rolled back, each refusal by a rule of the Law
 * its rows met, as the API records a 422 (so an attempt to classify an
 * Art. 17.1 topic stays on the record, Art. 17.2), marked with its line. */
static int
imp_audit(struct imp *im, long rows, bool ok, struct qerr *e)
{
	struct store_tx *tx;
	json_t *d = json_pack("{s:s, s:I, s:I, s:I, s:I}", "kind", im->k->name, "rows",
	                      (json_int_t)rows, "created", (json_int_t)im->created, "unchanged",
	                      (json_int_t)im->unchanged, "refused", (json_int_t)im->refused);
	struct audit_event ev = {
		.actor = im->user.id,
		.action = "import",
		.object = im->user.org_id,
		.outcome = ok ? "ok" : "refused",
		.code = ok ? NULL : "import_refused",
		.address = "import",
		.effective_date = im->today,
		.details = d,
	};
	size_t i;
	json_t *x;
	int rc;

	if (d == NULL)
		return qerr_internal(e, "import: out of memory");
	store_batch_line(im->app->store, 0);
	rc = store_begin(im->app->store, true, &tx, e);
	if (!ok) {
		json_array_foreach(im->rule_refusals, i, x) {
			json_t *m = json_pack("{s:s, s:O}", "origin", "import", "line",
			                      json_array_get(x, 0));
			struct audit_event rv = {
				.actor = im->user.id,
				.action = json_string_value(json_array_get(x, 1)),
				.outcome = "refused",
				.code = json_string_value(json_array_get(x, 2)),
				.article = json_string_value(json_array_get(x, 3)),
				.address = "import",
				.effective_date = im->today,
				.details = m,
			};

			if (rc == 0 && (m == NULL || audit_append(im->app->audit, tx, &rv, NULL, e) != 0)) {
				if (m == NULL)
					qerr_internal(e, "import: out of memory");
				store_rollback(tx);
				rc = -1;
			}
			json_decref(m);
		}
	}
	if (rc == 0 && audit_append(im->app->audit, tx, &ev, NULL, e) != 0) {
		store_rollback(tx);
		rc = -1;
	}
	if (rc == 0)
		rc = store_commit(tx, e);
	json_decref(d);
	return rc;
}

int
import_run(struct app *app, const struct http_user *u, const char *csv, size_t len,
           const struct import_opts *o, json_t **report, struct qerr *e)
{
	struct imp im;
	struct csv c;
	int at[CSV_CELLS_MAX];
	bool batch = false, commit;
	long rows = 0;
	int64_t t0;
	int rc;

	*report = NULL;
	if (imp_init(&im, app, u, o->lang, o->today, e) != 0)
		goto fail;
	if (csv_open(&c, csv, len, "kind", e) != 0)
		goto fail;
	if (csv_next(&c, e) != 1) {
		if (!qerr_is_set(e))
			qerr_set(e, QERR_INPUT, "csv_malformed", NULL, "1:1");
		csv_free(&c);
		goto fail;
	}
	{
		/* the kind: named in the first cell of every row */
		struct csv peek = c;
		int width = c.ncells;
		int hat[CSV_CELLS_MAX];
		char *hdr[CSV_CELLS_MAX];
		char *hbuf = NULL;
		size_t used = 0;

		/* keep the header's cells: the reader reuses its buffer */
		hbuf = malloc(CSV_RECORD_MAX + CSV_CELLS_MAX);
		if (hbuf == NULL) {
			csv_free(&c);
			qerr_internal(e, "import: out of memory");
			goto fail;
		}
		for (int i = 0; i < width; i++) {
			size_t n = strlen(c.cells[i]) + 1;

			hdr[i] = hbuf + used;
			memcpy(hdr[i], c.cells[i], n);
			used += n;
		}
		peek.buf = NULL;
		peek.cap = 0;
		if (csv_next(&peek, e) != 1) {
			if (!qerr_is_set(e))
				qerr_set(e, QERR_INPUT, "csv_no_rows", NULL, "2:1");
			csv_free(&peek);
			csv_free(&c);
			free(hbuf);
			goto fail;
		}
		im.k = kind_find(peek.cells[0]);
		if (im.k == NULL) {
			char where[32];

			snprintf(where, sizeof where, "%ld:1", peek.rec_line);
			qerr_set(e, QERR_INPUT, "import_unknown_kind", NULL, where);
		}
		csv_free(&peek);
		if (im.k != NULL) {
			struct csv h = c;

			h.ncells = width;
			for (int i = 0; i < width; i++)
				h.cells[i] = hdr[i];
			if (header_map(im.k, &h, hat, e) == 0)
				memcpy(at, hat, sizeof at);
			else
				im.k = NULL;
		}
		free(hbuf);
		if (im.k == NULL) {
			csv_free(&c);
			goto fail;
		}
		rc = records_check(&c, im.k->name, width, &rows, e);
		csv_free(&c);
		if (rc != 0)
			goto fail;
	}
	/* at[] maps layout columns to file cells (cell 0 is "kind") */
	if (store_batch_begin(app->store, "import", e) != 0)
		goto fail;
	t0 = mono_ms();
	batch = true;
	if (maps_load(&im, im.k->needs, e) != 0)
		goto fail;
	im.emit = emit_existing;
	if (im.k->rows(&im, e) != 0)
		goto fail;
	if (imp_rows(&im, csv, len, rows, at, o, e) != 0 ||
	    ops_carrier_bulk_end(&im.bulk, true, e) != 0)
		goto fail;
	if (im.k->make == lists_make && lists_approve(&im, e) != 0)
		goto fail;
	commit = !o->dry_run && im.refused == 0;
	if (commit && imp_audit(&im, rows, true, e) != 0)
		goto fail;
	batch = false;
	if (store_batch_end(app->store, commit, e) != 0)
		goto fail;
	/* A refused file is a fact to keep too: one entry, outside the batch. */
	if (!o->dry_run && im.refused > 0 && imp_audit(&im, rows, false, e) != 0)
		goto fail;
	/* how long other writers waited for this file */
	*report = json_pack("{s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:O}", "kind", im.k->name,
	                    "dry_run", o->dry_run, "committed", commit, "rows", (json_int_t)rows,
	                    "created", (json_int_t)im.created, "unchanged",
	                    (json_int_t)im.unchanged, "refused", (json_int_t)im.refused,
	                    "write_lock_ms", (json_int_t)(mono_ms() - t0), "errors", im.errors);
	imp_free(&im);
	if (*report == NULL)
		return qerr_internal(e, "import: out of memory");
	return 0;
fail:
	if (batch) {
		struct qerr be = {0};

		(void)ops_carrier_bulk_end(&im.bulk, false, &be);
		(void)store_batch_end(app->store, false, &be);
	}
	imp_free(&im);
	return -1;
}

/* ---- export and templates --------------------------------------------------- */

static int
header_put(const struct kind *k, char **out, size_t *len, size_t *cap)
{
	int n = ncols(k);

	if (*len == 0 && csv_put(out, len, cap, "\xEF\xBB\xBF" "kind", ';', false) != 0)
		return -1;
	for (int i = 1; i < n; i++)
		if (csv_put(out, len, cap, k->cols[i].name, ';', i == n - 1) != 0)
			return -1;
	return 0;
}

int
import_export(struct app *app, const struct http_user *u, const char *kind, qdate today,
              char **out, size_t *len, char label[24], struct qerr *e)
{
	struct imp im;
	struct store_tx *tx;
	json_t *d;
	int rc;

	*out = NULL;
	*len = 0;
	label[0] = '\0';
	if (imp_init(&im, app, u, "en", today, e) != 0)
		goto fail;
	im.k = kind_find(kind);
	if (im.k == NULL) {
		qerr_input(e, "import_unknown_kind", "kind");
		goto fail;
	}
	if (header_put(im.k, &im.out, &im.len, &im.cap) != 0) {
		qerr_internal(e, "export: out of memory");
		goto fail;
	}
	if (maps_load(&im, im.k->needs, e) != 0)
		goto fail;
	im.emit = emit_csv;
	if (im.k->rows(&im, e) != 0)
		goto fail;
	if (im.top != DEGREE_NONE)
		q_strlcpy(label, degree_name(im.top), 24);
	/* The export is itself a fact to keep: who took which registry. */
	d = json_pack("{s:s, s:I, s:s}", "kind", im.k->name, "rows", (json_int_t)im.nrows, "label",
	              label[0] ? label : "none");
	if (d == NULL) {
		qerr_internal(e, "export: out of memory");
		goto fail;
	}
	{
		struct audit_event ev = {
			.actor = u->id, .action = "registry.export", .object = u->org_id,
			.outcome = "ok", .address = "", .effective_date = today, .details = d,
		};

		rc = store_begin(app->store, true, &tx, e);
		if (rc == 0 && audit_append(app->audit, tx, &ev, NULL, e) != 0) {
			store_rollback(tx);
			rc = -1;
		}
		if (rc == 0)
			rc = store_commit(tx, e);
	}
	json_decref(d);
	if (rc != 0)
		goto fail;
	*out = im.out;
	*len = im.len;
	im.out = NULL;
	imp_free(&im);
	return 0;
fail:
	imp_free(&im);
	return -1;
}

int
import_template(const char *kind, char **out, size_t *len, struct qerr *e)
{
	const struct kind *k = kind_find(kind);
	size_t cap = 0;
	int n;

	*out = NULL;
	*len = 0;
	if (k == NULL)
		return qerr_input(e, "import_unknown_kind", "kind");
	n = ncols(k);
	if (header_put(k, out, len, &cap) != 0)
		goto oom;
	for (int i = 0; i < n; i++)
		if (csv_put(out, len, &cap, k->cols[i].example, ';', i == n - 1) != 0)
			goto oom;
	return 0;
oom:
	free(*out);
	*out = NULL;
	return qerr_internal(e, "template: out of memory");
}

int
import_org_check(struct app *app, const struct http_user *u, const char *bin, qdate today,
                 struct qerr *e)
{
	struct imp im;
	char path[IMP_PATH_MAX];
	json_t *ans;
	int status, rc = 0;

	if (imp_init(&im, app, u, "en", today, e) != 0) {
		imp_free(&im);
		return -1;
	}
	snprintf(path, sizeof path, "/v1/orgs/%s", u->org_id);
	status = imp_call(&im, "GET", path, NULL, NULL, 0, NULL, &ans);
	if (status == 404) {   /* an account naming no organization: never 500 */
		rc = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, "org");
		qerr_detail(e, "the officer's organization is not registered");
	} else if (status != 200)
		rc = qerr_internal(e, "import: the officer's organization");
	else if (strcmp(js(ans, "bin"), bin) != 0)
		rc = qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, "org");
	json_decref(ans);
	imp_free(&im);
	return rc;
}
