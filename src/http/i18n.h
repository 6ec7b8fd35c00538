/*
 * i18n.h — messages in Kazakh, Russian and English from the catalogues
 * data/messages/{kk,ru,en}.json ({"code": "text with {field} {article}"}).
 * Loaded once at start; read-only afterwards (thread-safe).
 */
#ifndef QUPIYA_HTTP_I18N_H
#define QUPIYA_HTTP_I18N_H

#include <stddef.h>

#include "core/qerr.h"

#define I18N_LANGS 3

struct i18n;

/* Caller frees with i18n_free(). NULL with err filled on failure. */
struct i18n *i18n_load(const char *messages_dir, char *err, size_t errsz);
void i18n_free(struct i18n *m);

/* The best of "kk", "ru", "en" for an Accept-Language header (q-values
 * honoured, region subtags ignored); "en" when none fits or header is NULL.
 * Returns a static string. */
const char *i18n_pick(const char *accept_language);

/* The text for code in lang (falls back to en, then to the code itself),
 * with {field} and {article} replaced from e. */
void i18n_format(const struct i18n *m, const char *lang, const struct qerr *e,
                 char *buf, size_t bufsz);

/* Raw lookup: NULL when lang has no such code. */
const char *i18n_get(const struct i18n *m, const char *lang, const char *code);

/* The detail of an error in lang: its catalogue text ("detail:<English>"),
 * the English detail itself for en, or NULL when kk/ru has no translation. */
const char *i18n_detail(const struct i18n *m, const char *lang, const char *detail);

/* The detail of e in lang: a keyed detail (qerr_detail_key) rendered from
 * "detail.<key>" with its values (words among them translated) into buf;
 * otherwise i18n_detail of the plain text. NULL when kk/ru has no text. */
const char *i18n_detail_of(const struct i18n *m, const char *lang, const struct qerr *e,
                           char *buf, size_t bufsz);

#endif
