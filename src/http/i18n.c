/*
 * i18n.c — message catalogues and Accept-Language negotiation.
 *
 * SECURITY: the Accept-Language header is untrusted; it is scanned, never
 * copied beyond a fixed 16-byte tag buffer.
 */
#include "http/i18n.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const langs[I18N_LANGS] = {"en", "ru", "kk"};

struct i18n {
	json_t *cat[I18N_LANGS];
};

static int
lang_index(const char *lang)
{
	for (int i = 0; i < I18N_LANGS; i++)
		if (lang != NULL && strcmp(lang, langs[i]) == 0)
			return i;
	return 0;
}

struct i18n *
i18n_load(const char *dir, char *err, size_t errsz)
{
	struct i18n *m = calloc(1, sizeof *m);
	char path[4096];
	json_error_t jerr;

	if (m == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	for (int i = 0; i < I18N_LANGS; i++) {
		snprintf(path, sizeof path, "%s/%s.json", dir, langs[i]);
		m->cat[i] = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		if (m->cat[i] == NULL || !json_is_object(m->cat[i])) {
			snprintf(err, errsz, "messages %s: %s (line %d)", path, jerr.text, jerr.line);
			i18n_free(m);
			return NULL;
		}
	}
	return m;
}

void
i18n_free(struct i18n *m)
{
	if (m == NULL)
		return;
	for (int i = 0; i < I18N_LANGS; i++)
		json_decref(m->cat[i]);
	free(m);
}

const char *
i18n_pick(const char *h)
{
	const char *best = "en";
	double best_q = -1;

	while (h != NULL && *h != '\0') {
		char tag[16];
		size_t n = 0;
		double q = 1.0;

		while (*h == ' ' || *h == ',')
			h++;
		while (*h != '\0' && *h != ',' && *h != ';' && *h != ' ') {
			if (n < sizeof tag - 1)
				tag[n++] = *h;
			h++;
		}
		tag[n] = '\0';
		while (*h == ' ')
			h++;
		if (*h == ';') {
			const char *qp = strstr(h, "q=");
			const char *comma = strchr(h, ',');
			if (qp != NULL && (comma == NULL || qp < comma))
				q = strtod(qp + 2, NULL);
			h = comma != NULL ? comma : h + strlen(h);
		}
		for (int i = 0; i < I18N_LANGS; i++) {
			size_t l = strlen(langs[i]);
			if (strncasecmp(tag, langs[i], l) == 0 && (tag[l] == '\0' || tag[l] == '-') &&
			    q > best_q && q > 0) {
				best = langs[i];
				best_q = q;
			}
		}
	}
	return best;
}

const char *
i18n_get(const struct i18n *m, const char *lang, const char *code)
{
	json_t *v;

	if (m == NULL || code == NULL)
		return NULL;
	v = json_object_get(m->cat[lang_index(lang)], code);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

void
i18n_format(const struct i18n *m, const char *lang, const struct qerr *e, char *buf,
            size_t bufsz)
{
	const char *t = NULL;
	size_t used = 0;
	char key[QERR_CODE_MAX + QERR_FIELD_MAX + 2];

	/* A message proper to the field ("duplicate.account_number") first. */
	if (e->field[0] != '\0') {
		snprintf(key, sizeof key, "%s.%s", e->code, e->field);
		t = i18n_get(m, lang, key);
	}
	if (t == NULL)
		t = i18n_get(m, lang, e->code);
	if (t == NULL)
		t = i18n_get(m, "en", e->code);
	if (t == NULL)
		t = e->code;
	if (bufsz == 0)
		return;
	while (*t != '\0' && used + 1 < bufsz) {
		const char *sub = NULL;
		size_t skip = 0;

		if (strncmp(t, "{field}", 7) == 0) {
			sub = e->field;
			skip = 7;
		} else if (strncmp(t, "{article}", 9) == 0) {
			sub = e->article;
			skip = 9;
		}
		if (sub != NULL) {
			size_t n = strlen(sub);
			if (used + n + 1 > bufsz)
				n = bufsz - used - 1;
			memcpy(buf + used, sub, n);
			used += n;
			t += skip;
		} else {
			buf[used++] = *t++;
		}
	}
	buf[used] = '\0';
}

const char *
i18n_detail(const struct i18n *m, const char *lang, const char *detail)
{
	char key[256];
	const char *t;

	if (detail == NULL || detail[0] == '\0')
		return NULL;
	snprintf(key, sizeof key, "detail:%s", detail);
	t = i18n_get(m, lang, key);
	if (t != NULL)
		return t;
	/* An English detail is no answer to a kk/ru reader: it stays in the log. */
	return lang_index(lang) == 0 ? detail : NULL;
}

struct render {
	const struct i18n *m;
	const char *lang;
	const char *name;
	size_t nname;
	char value[QERR_DETAIL_MAX];
	bool found;
};

static void
render_arg(const char *name, size_t nname, const char *value, size_t nvalue, void *ctx)
{
	struct render *r = ctx;
	char key[QERR_DETAIL_MAX + 64];
	const char *word;

	if (r->found || nname != r->nname || memcmp(name, r->name, nname) != 0)
		return;
	r->found = true;
	/* A word of the program ("detail.<name>.<value>") in the reader's language. */
	snprintf(key, sizeof key, "detail.%.*s.%.*s", (int)nname, name, (int)nvalue, value);
	word = i18n_get(r->m, r->lang, key);
	if (word != NULL)
		q_strlcpy(r->value, word, sizeof r->value);
	else if (nname == 4 && memcmp(name, "date", 4) == 0 && nvalue == 10 && value[4] == '-' &&
	         value[7] == '-')
		/* A date as the interface shows it: DD.MM.YYYY. */
		snprintf(r->value, sizeof r->value, "%.2s.%.2s.%.4s", value + 8, value + 5, value);
	else
		snprintf(r->value, sizeof r->value, "%.*s", (int)nvalue, value);
}

const char *
i18n_detail_of(const struct i18n *m, const char *lang, const struct qerr *e, char *buf,
               size_t bufsz)
{
	char key[QERR_DKEY_MAX + 8];
	const char *t;
	size_t used = 0;

	if (e->dkey[0] == '\0')
		return i18n_detail(m, lang, e->detail);
	snprintf(key, sizeof key, "detail.%s", e->dkey);
	t = i18n_get(m, lang, key);
	if (t == NULL)
		return lang_index(lang) == 0 && e->detail[0] != '\0' ? e->detail : NULL;
	if (bufsz == 0)
		return NULL;
	while (*t != '\0' && used + 1 < bufsz) {
		const char *close = t[0] == '{' ? strchr(t, '}') : NULL;
		struct render r = {m, lang, t + 1, 0, "", false};

		if (close != NULL) {
			r.nname = (size_t)(close - t - 1);
			qerr_detail_args(e, render_arg, &r);
		}
		if (r.found) {
			size_t n = strlen(r.value);

			if (used + n + 1 > bufsz)
				n = bufsz - used - 1;
			memcpy(buf + used, r.value, n);
			used += n;
			t = close + 1;
		} else {
			buf[used++] = *t++;
		}
	}
	buf[q_utf8_cut(buf, used)] = '\0';
	return buf;
}
