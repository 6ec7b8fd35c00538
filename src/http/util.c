/*
 * util.c — handler helpers (see util.h).
 */
#include "http/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "core/transfer.h"
#include "ops/jrec.h"
#include "ops/ops.h"
#include "ops/docs.h"
#include "store/store_table.h"

int
req_json(struct req *r, const struct jfield *fields, struct qerr *e)
{
	if (r->body_too_large)
		return qerr_set(e, QERR_TOO_LARGE, "body_too_large", NULL, "body");
	json_decref(r->json);
	r->json = NULL;
	return jsonv_parse(r->body, r->body_len, fields, r->today, &r->json,
	                   &r->effective_date, e);
}

void
resp_json(struct resp *out, int status, json_t *j)
{
	json_decref(out->json);
	out->status = status;
	out->json = j;
}

int
req_org_scope(const struct req *r, const char *org_id, struct qerr *e)
{
	if (r->cross_org)
		return 0;
	if (org_id != NULL && strcmp(org_id, r->user.org_id) == 0)
		return 0;
	return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
}

int
req_org_filter(const struct req *r, const char **org_id, struct qerr *e)
{
	if (r->cross_org)
		return 0;
	if (*org_id != NULL && req_org_scope(r, *org_id, e) != 0)
		return -1;
	*org_id = r->user.org_id;
	return 0;
}

void
req_ops_ctx(const struct req *r, struct ops_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->store = r->app->store;
	c->audit = r->app->audit;
	c->keys = r->app->keys;
	c->cal = r->app->calendar;
	if (r->authed) {
		q_strlcpy(c->actor.user_id, r->user.id, sizeof c->actor.user_id);
		q_strlcpy(c->actor.login, r->user.login, sizeof c->actor.login);
		q_strlcpy(c->actor.org_id, r->user.org_id, sizeof c->actor.org_id);
		q_strlcpy(c->actor.person_id, r->user.person_id, sizeof c->actor.person_id);
		c->actor.roles = r->user.roles;
	}
	c->actor.acting_roles = r->acting_roles;
	c->actor.cross_org = r->cross_org;
	q_strlcpy(c->address, r->addr, sizeof c->address);
	/* The same text (and truncation) as the router's refusal entry. */
	snprintf(c->origin, sizeof c->origin, "%s %s", r->method ? r->method : "",
	         r->path ? r->path : "");
	if (r->nparams > 0)
		q_strlcpy(c->subject, r->params[0], sizeof c->subject);
	c->today = r->today;
	c->effective_date = r->effective_date;
	c->audit_size_known = r->audit_size_known;
	c->audit_size = r->audit_size;
}

/* The one path of req_json_on and req_json_at: exists(), or for a kind
 * still in the record table ops_docs_exists_scoped(kind). */
static int
json_on(struct req *r, const struct jfield *fields, req_exists_fn exists, const char *kind,
        struct ops_ctx *c, struct qerr *e)
{
	struct qerr ne = {0};

	req_ops_ctx(r, c);
	if (req_json(r, fields, e) != 0) {
		if ((exists != NULL ? exists(c, r->params[0], &ne)
		                    : ops_docs_exists_scoped(c, kind, r->params[0], &ne)) != 0 &&
		    (ne.status == QERR_NOT_FOUND || ne.status == QERR_FORBIDDEN))
			*e = ne;
		return -1;
	}
	req_ops_ctx(r, c);   /* the body's effective_date */
	return 0;
}

int
req_json_on(struct req *r, const struct jfield *fields, const char *kind, struct ops_ctx *c,
            struct qerr *e)
{
	return json_on(r, fields, NULL, kind, c, e);
}

int
req_json_at(struct req *r, const struct jfield *fields, req_exists_fn exists,
            struct ops_ctx *c, struct qerr *e)
{
	return json_on(r, fields, exists, NULL, c, e);
}

static int
parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
req_page(const struct req *r, int64_t *after, int *limit, struct qerr *e)
{
	const char *a = http_query(r, "after"), *l = http_query(r, "limit");
	int64_t v;

	*after = 0;
	*limit = PAGE_LIMIT_DEFAULT;
	if (a != NULL && parse_int64(a, after) != 0)
		return qerr_input(e, "invalid_value", "after");
	if (l != NULL) {
		if (parse_int64(l, &v) != 0 || v < 1 || v > STORE_PAGE_MAX)
			return qerr_input(e, "invalid_value", "limit");
		*limit = (int)v;
	}
	return 0;
}

json_t *
page_json(json_t *items, int64_t last_seq, bool more)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)last_seq);
	return json_pack("{s:o, s:s?}", "items", items, "next", more ? buf : NULL);
}

int
tx_write(struct req *r, struct store_tx **tx, struct qerr *e)
{
	return store_begin(r->app->store, true, tx, e);
}

int
tx_read(struct req *r, struct store_tx **tx, struct qerr *e)
{
	return store_begin(r->app->store, false, tx, e);
}

int
tx_commit_audited(struct req *r, struct store_tx *tx, const char *action,
                  const char *object, json_t *details, struct qerr *e)
{
	struct audit_event ev = {
		.actor = r->authed ? r->user.id : "anonymous",
		.action = action,
		.object = object,
		.outcome = "ok",
		.address = r->addr,
		.effective_date = r->effective_date,
		.details = details,
	};

	if (audit_append(r->app->audit, tx, &ev, NULL, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	return store_commit(tx, e);
}

int
rec_load(struct store_tx *tx, const char *kind, const char *id, struct store_rec *out,
         struct qerr *e)
{
	return ops_docs_load(tx, kind, id, out, NULL, e);   /* typed persons too */
}

int
rec_load_field(struct store_tx *tx, const char *kind, const char *id,
               struct store_rec *out, const char *field, struct qerr *e)
{
	return ops_docs_load(tx, kind, id, out, field, e);
}

int
rec_load_scoped(struct req *r, struct store_tx *tx, const char *kind, struct store_rec *out,
                struct qerr *e)
{
	if (rec_load(tx, kind, r->params[0], out, e) != 0)
		return -1;
	return req_org_scope(r, out->org_id, e);
}

json_t *
json_date(qdate d)
{
	char buf[QDATE_STR_SIZE];

	if (d == QDATE_NONE)
		return json_null();
	return json_string(date_format(d, buf));
}

struct list_ctx {
	json_t *items;
	int64_t last;
	int n, limit;
	bool more;
};

static int
list_cb(void *ctx, const struct store_rec *rec)
{
	struct list_ctx *c = ctx;

	if (c->n == c->limit) {
		c->more = true;
		return 1;
	}
	json_array_append(c->items, rec->doc);
	c->last = rec->seq;
	c->n++;
	return 0;
}

static int
more_cb(void *ctx, const struct store_rec *rec)
{
	(void)rec;
	*(bool *)ctx = true;
	return 1;
}

int
list_records(struct req *r, struct resp *out, struct store_query *q, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct list_ctx c = {0};

	if (req_page(r, &q->after_seq, &c.limit, e) != 0)
		return -1;
	/* One more than asked tells whether a next page exists. */
	q->limit = c.limit < STORE_PAGE_MAX ? c.limit + 1 : STORE_PAGE_MAX;
	c.items = json_array();
	if (tx_read(r, &tx, e) != 0 || store_rec_list(tx, q, list_cb, &c, e) < 0)
		goto fail;
	/* The store returns at most STORE_PAGE_MAX rows: a full page of that
	 * size had no room for the extra row, so ask once more. */
	if (!c.more && c.n == STORE_PAGE_MAX) {
		q->after_seq = c.last;
		q->limit = 1;
		if (store_rec_list(tx, q, more_cb, &c.more, e) < 0)
			goto fail;
	}
	store_rollback(tx);
	resp_json(out, 200, page_json(c.items, c.last, c.more));
	return 0;
fail:
	store_rollback(tx);
	json_decref(c.items);
	return -1;
}

struct rows_ctx {
	json_t *items;
	list_rows_enc_fn enc;
	int64_t last;
	int n, limit;
	bool more, oom;
};

static int
rows_cb(void *ctx, const void *row)
{
	struct rows_ctx *c = ctx;

	if (c->n == c->limit) {
		c->more = true;
		return 1;
	}
	if (json_array_append_new(c->items, c->enc(row)) != 0) {
		c->oom = true;
		return 1;
	}
	c->last = ((const struct store_row_hdr *)row)->seq;
	c->n++;
	return 0;
}

static int
rows_more_cb(void *ctx, const void *row)
{
	(void)row;
	*(bool *)ctx = true;
	return 1;
}

int
list_rows(struct req *r, struct resp *out, list_rows_each_fn each, const void *q,
          list_rows_enc_fn enc, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct rows_ctx c = {.enc = enc};
	int64_t after;
	json_t *page;

	if (req_page(r, &after, &c.limit, e) != 0)
		return -1;
	if ((c.items = json_array()) == NULL)
		return qerr_internal(e, "list: out of memory");
	/* One more than asked tells whether a next page exists. */
	if (tx_read(r, &tx, e) != 0 ||
	    each(tx, q, after, c.limit < STORE_PAGE_MAX ? c.limit + 1 : STORE_PAGE_MAX, rows_cb,
	         &c, e) < 0)
		goto fail;
	if (c.oom) {
		qerr_internal(e, "list: out of memory");
		goto fail;
	}
	if (!c.more && c.n == STORE_PAGE_MAX &&
	    each(tx, q, c.last, 1, rows_more_cb, &c.more, e) < 0)
		goto fail;
	store_rollback(tx);
	if ((page = page_json(c.items, c.last, c.more)) == NULL)
		return qerr_internal(e, "list: out of memory");
	resp_json(out, 200, page);
	return 0;
fail:
	store_rollback(tx);
	json_decref(c.items);
	return -1;
}

int
get_scoped(struct req *r, struct resp *out, const char *kind, rec_view_fn view,
           struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	json_t *v = NULL;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (rec_load_scoped(r, tx, kind, &rec, e) == 0)
		v = view != NULL ? view(tx, &rec, e) : json_incref(rec.doc);
	store_rollback(tx);
	store_rec_clear(&rec);
	if (v == NULL)
		return -1;
	resp_json(out, 200, v);
	return 0;
}

int
list_children_scoped(struct req *r, struct resp *out, const char *kind,
                     const char *child_kind, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec rec = {0};
	struct store_query q = {.kind = child_kind, .parent_id = r->params[0]};
	int rc;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = rec_load_scoped(r, tx, kind, &rec, e);
	store_rollback(tx);
	store_rec_clear(&rec);
	if (rc != 0)
		return -1;
	return list_records(r, out, &q, e);
}
