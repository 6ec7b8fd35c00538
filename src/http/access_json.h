/*
 * access_json.h — the access decision (ops/access.h) as the API shows it:
 * {allowed, checks:[{code, article, passed, message}]} with messages in
 * the request's language (GET /v1/access/check, GET /v1/me/carriers).
 */
#ifndef QUPIYA_HTTP_ACCESS_JSON_H
#define QUPIYA_HTTP_ACCESS_JSON_H

#include <jansson.h>

#include "core/access.h"
#include "http/http.h"

/* New reference; NULL only when out of memory. */
json_t *access_decision_json(const struct req *r, const struct access_decision *d);

/* The same answer as the text json_dumps(access_decision_json(), JSON_COMPACT)
 * writes, in one malloc'ed buffer (*text, *len; free()), built from each
 * check's object encoded once per language, code, article and outcome and
 * kept for the life of the process (GET /v1/access/check: no JSON tree,
 * no message formatting per request). 0, or -1 when out of memory. */
int access_decision_text(const struct req *r, const struct access_decision *d, char **text,
                         size_t *len);

/* The act's date of the request: its effective_date, else today. */
qdate req_access_on(const struct req *r);

#endif
