/*
 * h_content.c — electronic content of carriers: PUT/GET /v1/carriers/{id}/content,
 * stored encrypted (SPEC.md §1.4). The procedures are src/ops/content.c's
 * (the checks, the access decision, the encryption, the audit entries);
 * this file only carries the streamed body in and the plaintext out.
 *
 * PUT (security_officer of the carrier's organization), a streamed body
 * (ROUTE_RAW_BODY, struct http_upload): BEGIN opens the upload
 * (ops_content_upload_begin: 404, 403, 409), each piece goes to
 * ops_content_upload_write, END commits it (ops_content_upload_commit),
 * then 204; a body over HTTP_RAW_BODY_MAX is 413.
 *
 * GET (any user; the Law decides): ops_content_open (404, the access
 * decision's 422, 404 without content) and, once its audit entry is
 * committed, the plaintext streamed out by ops_content_read with the
 * carrier's label (granted content only).
 *
 * SECURITY: the body is untrusted bytes (any content, at most
 * HTTP_RAW_BODY_MAX, enforced by server.c and again by the encryptor).
 */
#include "http/http.h"

#include "core/roles.h"
#include "crypto/content.h"
#include "http/util.h"
#include "ops/content.h"

_Static_assert(HTTP_RAW_BODY_MAX == CONTENT_SIZE_MAX, "one limit");

/* ---- PUT: upload ---------------------------------------------------------- */

/* Body piece -> the upload (http_upload sink). */
static int
put_sink(void *ctx, const void *data, size_t len)
{
	return ops_content_upload_write(ctx, data, len);
}

static void
put_release(void *ctx)
{
	ops_content_upload_free(ctx);
}

static int
h_content_put(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_content_upload *u = NULL;

	if (r->upload == NULL)   /* routed without streaming: a bug, fail closed */
		return qerr_internal(e, "content: body not streamed");
	req_ops_ctx(r, &c);
	if (r->upload->phase == HTTP_UPLOAD_BEGIN) {
		if (ops_content_upload_begin(&c, r->params[0], &u, e) != 0)
			return -1;
		r->upload->sink = put_sink;
		r->upload->release = put_release;
		r->upload->ctx = u;
		return 0;
	}
	if (r->upload->too_large)
		return qerr_set(e, QERR_TOO_LARGE, "body_too_large", NULL, "body");
	if (r->upload->ctx == NULL)
		return qerr_internal(e, "content: spooling the upload failed");
	if (ops_content_upload_commit(&c, r->upload->ctx, r->upload->failed, e) != 0)
		return -1;
	out->status = 204;
	return 0;
}

/* ---- GET: read ------------------------------------------------------------ */

/* struct resp stream_read: the plaintext at pos. */
static int64_t
get_read(void *ctx, uint64_t pos, uint8_t *buf, size_t max)
{
	return ops_content_read(ctx, pos, buf, max);
}

static void
get_free(void *ctx)
{
	ops_content_reader_free(ctx);
}

static int
h_content_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct ops_ctx c;
	struct ops_content_reader *g = NULL;
	char label[sizeof out->label] = "";

	req_ops_ctx(r, &c);
	if (ops_content_open(&c, r->params[0], label, sizeof label, &g, e) != 0)
		return -1;
	out->status = 200;
	out->content_type = "application/octet-stream";
	/* The label goes out only with granted content, never with a refusal. */
	q_strlcpy(out->label, label, sizeof out->label);
	out->stream_read = get_read;
	out->stream_free = get_free;
	out->stream_ctx = g;
	out->stream_size = ops_content_size(g);
	return 0;
}

const struct route h_content_routes[] = {
	{"PUT", "/v1/carriers/{}/content", ROLE_SECURITY_OFFICER, ROUTE_RAW_BODY, h_content_put},
	{"GET", "/v1/carriers/{}/content", ROLE_ANY_USER, 0, h_content_get},
	{NULL, NULL, 0, 0, NULL},
};
