/*
 * util.h — the helpers every handler uses, so that each endpoint is the same
 * few steps: load (404) → req_json (400) → decide → write + audit → answer.
 */
#ifndef QUPIYA_HTTP_UTIL_H
#define QUPIYA_HTTP_UTIL_H

#include "http/http.h"
#include "http/jsonv.h"

#define PAGE_LIMIT_DEFAULT 100

/* server.c: a query argument of the connection, or NULL. */
const char *http_conn_query(void *conn, const char *name);

/* Parses and validates the body into r->json and r->effective_date. */
int req_json(struct req *r, const struct jfield *fields, struct qerr *e);

/* Sets a JSON answer (takes ownership of j). */
void resp_json(struct resp *out, int status, json_t *j);

/* 403 "forbidden_org" unless the caller acts across organizations or
 * belongs to org_id. */
int req_org_scope(const struct req *r, const char *org_id, struct qerr *e);

/* ?after=&limit= → paging values; 400 naming the parameter when malformed. */
int req_page(const struct req *r, int64_t *after, int *limit, struct qerr *e);
/* {items:[...], next: "seq"|null} from an array of docs and the last seq. */
json_t *page_json(json_t *items, int64_t last_seq, bool more);

/* Begins a write transaction. */
int tx_write(struct req *r, struct store_tx **tx, struct qerr *e);
int tx_read(struct req *r, struct store_tx **tx, struct qerr *e);
/* Appends the audit entry for this request's write (outcome "ok") and
 * commits; rolls back on failure. details is borrowed (may be NULL). */
int tx_commit_audited(struct req *r, struct store_tx *tx, const char *action,
                      const char *object, json_t *details, struct qerr *e);

/* Loads a record by id, 404 when absent. */
int rec_load(struct store_tx *tx, const char *kind, const char *id,
             struct store_rec *out, struct qerr *e);
/* rec_load naming field (the body or path field that gave the id) on a 404,
 * so the client knows which id; field NULL names none. */
int rec_load_field(struct store_tx *tx, const char *kind, const char *id,
                   struct store_rec *out, const char *field, struct qerr *e);

/* Writes YYYY-MM-DD of d into a new JSON string, or JSON null for QDATE_NONE. */
json_t *json_date(qdate d);

/* A list endpoint over one record kind: pages through store_rec_list with
 * the query's filters, answering {items, next}. */
int list_records(struct req *r, struct resp *out, struct store_query *q,
                 struct qerr *e);

#endif
