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

/* The organization a list or query reads, *org_id (NULL: any): a user who
 * acts within one organization reads its own ("" for none, which matches
 * nothing), 403 "forbidden_org" when *org_id names another; a
 * cross-organization user keeps *org_id. */
int req_org_filter(const struct req *r, const char **org_id, struct qerr *e);

/* ?after=&limit= → paging values; 400 naming the parameter when malformed. */
int req_page(const struct req *r, int64_t *after, int *limit, struct qerr *e);

/* The context of an ops procedure (src/ops/ops.h) for this request: the
 * app's store, audit log, keys and calendar; the authenticated user with
 * the route's acting roles and scope; the client address; the origin
 * "METHOD path" and the path's first {id} (a refusal's audit entry, as the
 * router writes it); today and the body's effective_date (call after
 * req_json). */
struct ops_ctx;
void req_ops_ctx(const struct req *r, struct ops_ctx *c);

/* req_json() for a step on the record of kind the path names (its first
 * {id}): when the body is bad, an unknown record (404) or one outside the
 * caller's organization (403) is answered instead (SPEC.md §5). Then *c
 * is the procedure's context (req_ops_ctx, with the body's
 * effective_date). */
int req_json_on(struct req *r, const struct jfield *fields, const char *kind,
                struct ops_ctx *c, struct qerr *e);
/* The same for a kind in a typed table: exists(c, id, e) answers 0 when
 * the record the path names is there and in the caller's scope, else -1
 * with its 404 or 403 (ops_clearance_exists_scoped, ...). */
typedef int (*req_exists_fn)(const struct ops_ctx *c, const char *id, struct qerr *e);
int req_json_at(struct req *r, const struct jfield *fields, req_exists_fn exists,
                struct ops_ctx *c, struct qerr *e);

/* A page of typed rows (store_table.h) as list_records() answers it:
 * {items, next} with ?after= and ?limit=. each() visits the rows after a
 * seq, at most limit (an ops_*_each function bound to its query by q);
 * enc() encodes one row (NULL: out of memory). */
typedef int64_t (*list_rows_each_fn)(struct store_tx *tx, const void *q, int64_t after_seq,
                                     int limit, int (*fn)(void *, const void *), void *ctx,
                                     struct qerr *e);
typedef json_t *(*list_rows_enc_fn)(const void *row);
int list_rows(struct req *r, struct resp *out, list_rows_each_fn each, const void *q,
              list_rows_enc_fn enc, struct qerr *e);
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
/* Loads the record of kind the path names (r->params[0]): 404 when absent,
 * then 403 "forbidden_org" when outside the caller's organization. */
int rec_load_scoped(struct req *r, struct store_tx *tx, const char *kind,
                    struct store_rec *out, struct qerr *e);

/* Writes YYYY-MM-DD of d into a new JSON string, or JSON null for QDATE_NONE. */
json_t *json_date(qdate d);

/* A list endpoint over one record kind: pages through store_rec_list with
 * the query's filters, answering {items, next}. */
int list_records(struct req *r, struct resp *out, struct store_query *q,
                 struct qerr *e);

/* A record's view as GET answers it: a new JSON value, or NULL with e set.
 * tx is the read transaction, for the records the view includes. */
typedef json_t *(*rec_view_fn)(struct store_tx *tx, const struct store_rec *rec,
                               struct qerr *e);

/* GET of the record of kind the path names: rec_load_scoped() in a read
 * transaction (404, 403), then 200 with view(rec), or with its doc when
 * view is NULL. */
int get_scoped(struct req *r, struct resp *out, const char *kind, rec_view_fn view,
               struct qerr *e);

/* A list endpoint over the records of child_kind under the record of kind
 * the path names: rec_load_scoped() (404, 403), then list_records() with
 * parent_id = the path id. */
int list_children_scoped(struct req *r, struct resp *out, const char *kind,
                         const char *child_kind, struct qerr *e);

#endif
