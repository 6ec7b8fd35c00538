/*
 * i18n.c — message catalogues and Accept-Language negotiation.
 *
 * SECURITY: the Accept-Language header is untrusted; it is scanned, never
 * copied beyond a fixed 16-byte tag buffer.
 */
#include "http/i18n.h"

#include <jansson.h>
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
