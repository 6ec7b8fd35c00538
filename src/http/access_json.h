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

/* The act's date of the request: its effective_date, else today. */
qdate req_access_on(const struct req *r);

#endif
