/*
 * h_import.c — paper registries in and out over HTTP (import.h,
 * docs/import.md):
 *
 *   POST /v1/import[?dry_run=true]   text/csv body (streamed, at most
 *        IMPORT_BODY_MAX) → 200 the report; 422 import_refused with the
 *        report when a real run met refused rows (nothing committed);
 *        400 naming "LINE:COLUMN" for a file that is not CSV of a layout
 *   GET /v1/import/templates/{kind}  → text/csv, the layout with an example
 *   GET /v1/export/{kind}            → text/csv, the registry of the
 *        officer's organization; audited (registry.export) with the
 *        highest label it carries, sent as X-Qupiya-Label
 *
 * Security officers of their own organization only (the import acts as
 * them, import.h). SECURITY: the body is untrusted: capped here, parsed by
 * csv.h, every row checked by the API's own handlers.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "http/import.h"
#include "http/util.h"

struct up_buf {
	char *p;
	size_t len, cap;
	bool over;
};

static int
up_sink(void *ctx, const void *data, size_t len)
{
	struct up_buf *b = ctx;

	if (b->over || b->len + len > IMPORT_BODY_MAX) {
		b->over = true;
		return 0;
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *np;

		while (b->len + len + 1 > cap)
			cap *= 2;
		np = realloc(b->p, cap);
		if (np == NULL)
			return -1;
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

static void
up_release(void *ctx)
{
	struct up_buf *b = ctx;

	if (b != NULL)
		free(b->p);
	free(b);
}

static int
h_import(struct req *r, struct resp *out, struct qerr *e)
{
	struct up_buf *b;
	struct import_opts o = {0};
	const char *dry = http_query(r, "dry_run");
	json_t *report = NULL;
	int rc;

	if (r->upload == NULL)
		return qerr_internal(e, "import: body not streamed");
	if (dry != NULL && strcmp(dry, "true") != 0 && strcmp(dry, "false") != 0)
		return qerr_input(e, "invalid_value", "dry_run");
	if (r->upload->phase == HTTP_UPLOAD_BEGIN) {
		if (r->user.org_id[0] == '\0')
			return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
		b = calloc(1, sizeof *b);
		if (b == NULL)
			return qerr_internal(e, "import: out of memory");
		r->upload->sink = up_sink;
		r->upload->release = up_release;
		r->upload->ctx = b;
		return 0;
	}
	b = r->upload->ctx;
	if (r->upload->too_large || b == NULL || b->over)
		return qerr_input(e, "body_too_large", "body");
	if (r->upload->failed)
		return qerr_internal(e, "import: body");
	if (b->len == 0)
		return qerr_set(e, QERR_INPUT, "csv_malformed", NULL, "1:1");
	o.lang = r->lang;
	o.dry_run = dry != NULL && strcmp(dry, "true") == 0;
	o.today = r->today;
	if (import_run(r->app, &r->user, b->p, b->len, &o, &report, e) != 0)
		return -1;
	if (!o.dry_run && !json_is_true(json_object_get(report, "committed"))) {
		/* the refusal with the report beside it */
		struct qerr q = {0};

		qerr_set(&q, QERR_RULE, "import_refused", NULL, NULL);
		http_error_answer(r, out, &q);
		rc = json_object_set_new(out->json, "report", report);
		if (rc != 0)
			return qerr_internal(e, "import: out of memory");
		return 0;
	}
	resp_json(out, 200, report);
	return 0;
}

static int
csv_answer(struct resp *out, char *buf, size_t len)
{
	out->status = 200;
	out->raw = (uint8_t *)buf;
	out->raw_len = len;
	out->content_type = "text/csv; charset=utf-8";
	return 0;
}

static int
h_import_template(struct req *r, struct resp *out, struct qerr *e)
{
	char *buf;
	size_t len;

	if (import_template(r->params[0], &buf, &len, e) != 0) {
		qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
		return -1;
	}
	return csv_answer(out, buf, len);
}

static int
h_export(struct req *r, struct resp *out, struct qerr *e)
{
	char *buf, label[24];
	size_t len;

	if (r->user.org_id[0] == '\0')
		return qerr_set(e, QERR_FORBIDDEN, "forbidden_org", NULL, NULL);
	if (import_template(r->params[0], &buf, &len, e) != 0) {
		qerr_clear(e);
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	}
	free(buf);
	if (import_export(r->app, &r->user, r->params[0], r->today, &buf, &len, label, e) != 0)
		return -1;
	q_strlcpy(out->label, label, sizeof out->label);
	return csv_answer(out, buf, len);
}

const struct route h_import_routes[] = {
	{"POST", "/v1/import", ROLE_SECURITY_OFFICER, ROUTE_RAW_BODY, h_import},
	{"GET", "/v1/import/templates/{}", ROLE_SECURITY_OFFICER, 0, h_import_template},
	{"GET", "/v1/export/{}", ROLE_SECURITY_OFFICER, 0, h_export},
	{NULL, NULL, 0, 0, NULL},
};
