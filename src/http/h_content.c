/*
 * h_content.c — electronic content of carriers: PUT/GET /v1/carriers/{id}/content,
 * stored encrypted (SPEC.md §1.4; Art. 1 "information system in a protected
 * version"). The format and the cryptography are crypto/content.h's.
 *
 * PUT (security_officer of the carrier's organization), a streamed body
 * (ROUTE_RAW_BODY, struct http_upload):
 *
 *   BEGIN  read tx: carrier exists (404), caller's organization (403), not
 *          destroyed or lost (409 invalid_state, Art. 28); open an anonymous
 *          spool file beside the database, start the encryption
 *   body   each piece is encrypted; complete ciphertext chunks go to the
 *          spool file (the write lock is NOT held while the client sends)
 *   END    last chunk; one write tx: the same checks again, the carrier's
 *          content replaced by the spooled chunks, the audit entry
 *          "carrier.content.put" {size, sha256 of the ciphertext, version};
 *          commit, then 204
 *
 * GET (any user; the Law decides): one write tx holds the decision and its
 * record: carrier exists (404), the access decision for the caller's person
 * (access_eval; a user with no person has no clearance:
 * clearance_insufficient) BEFORE anything about the content is looked at.
 * Refused: 422 with the first failing check (the router audits the refusal
 * in its own tx). Granted: the content's description (none: 404, audited as
 * a failed read), its key unwrapped and its first chunk verified, then the
 * audit entry "carrier.content.read" is COMMITTED, and only then the
 * plaintext streams out, chunk by chunk, each read in its own short read tx
 * and verified before a byte of it leaves.
 *
 * SECURITY: the body is untrusted bytes (any content, at most
 * HTTP_RAW_BODY_MAX, enforced by server.c and again by the encryptor).
 * Plaintext exists only in the encryptor's and decryptor's guarded buffers
 * (wiped) and in libmicrohttpd's socket buffers; it never reaches the disk,
 * the log or the audit entry (which records the ciphertext's hash).
 * The system administrator has no person, hence no clearance: refused.
 */
#include "http/http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/roles.h"
#include "crypto/content.h"
#include "ops/access.h"
#include "http/util.h"

_Static_assert(CONTENT_CT_CHUNK_MAX <= STORE_CONTENT_CHUNK_MAX, "chunk fits the store");
_Static_assert(CONTENT_WRAPPED_SIZE <= STORE_CONTENT_WRAPPED_MAX, "wrapped key fits");
_Static_assert(CONTENT_HEADER_SIZE <= STORE_CONTENT_HEADER_MAX, "header fits");
_Static_assert(HTTP_RAW_BODY_MAX == CONTENT_SIZE_MAX, "one limit");

/* ---- shared --------------------------------------------------------------- */

/* The carrier, and whether content may be stored on it now: 404, 403 (another
 * organization's carrier), 409 (destroyed or lost: it no longer exists as a
 * carrier, Art. 28). */
static int
put_check(struct req *r, struct store_tx *tx, struct qerr *e)
{
	struct store_rec c = {0};
	int ret = 0;

	if (rec_load(tx, "carrier", r->params[0], &c, e) != 0)
		return -1;
	if (req_org_scope(r, c.org_id, e) != 0)
		ret = -1;
	else if (strcmp(c.state, "destroyed") == 0 || strcmp(c.state, "lost") == 0)
		ret = qerr_set(e, QERR_CONFLICT, "invalid_state", "28", NULL);
	store_rec_clear(&c);
	return ret;
}

static json_t *
content_details(const struct store_content *c)
{
	char hex[STORE_HASH_SIZE * 2 + 1];

	crypto_hex(c->sha256, STORE_HASH_SIZE, hex);
	return json_pack("{s:I, s:I, s:I, s:s}", "version", (json_int_t)c->version, "size",
	                 (json_int_t)c->size, "chunks", (json_int_t)c->nchunks,
	                 "ciphertext_sha256", hex);
}

/* ---- PUT: upload ---------------------------------------------------------- */

struct put_ctx {
	int fd;                                  /* spool file, anonymous */
	struct content_enc *enc;
	uint8_t wrapped[CONTENT_WRAPPED_SIZE];
	uint8_t header[CONTENT_HEADER_SIZE];
	int err;                                 /* errno of a failed spool write */
};

static int
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads up to n bytes; fewer only at the end of the file. -1 on error. */
static ssize_t
read_full(int fd, uint8_t *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t rd = read(fd, p + got, n - got);

		if (rd < 0 && errno == EINTR)
			continue;
		if (rd < 0)
			return -1;
		if (rd == 0)
			break;
		got += (size_t)rd;
	}
	return (ssize_t)got;
}

/* Ciphertext chunk -> spool file (content_sink). */
static int
put_spool(void *ctx, const uint8_t *chunk, size_t len)
{
	struct put_ctx *p = ctx;

	if (write_all(p->fd, chunk, len) != 0) {
		p->err = errno;
		return -1;
	}
	return 0;
}

/* Body piece -> encryptor (http_upload sink). */
static int
put_sink(void *ctx, const void *data, size_t len)
{
	struct put_ctx *p = ctx;

	return content_enc_update(p->enc, data, len);
}

static void
put_release(void *ctx)
{
	struct put_ctx *p = ctx;

	if (p == NULL)
		return;
	content_enc_free(p->enc);   /* wipes the key and buffered plaintext */
	if (p->fd >= 0)
		close(p->fd);           /* the spool file vanishes */
	free(p);
}

static int
put_begin(struct req *r, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct put_ctx *p;

	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (put_check(r, tx, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	store_rollback(tx);

	p = calloc(1, sizeof *p);
	if (p == NULL)
		return qerr_internal(e, "content: out of memory");
	p->fd = -1;
	if (store_tmpfile(r->app->store, &p->fd, e) != 0) {
		put_release(p);
		return -1;
	}
	if (content_enc_begin(r->app->keys, r->params[0], put_spool, p, p->wrapped, p->header,
	                      &p->enc) != 0) {
		put_release(p);
		return qerr_internal(e, "content: encryption setup failed");
	}
	r->upload->sink = put_sink;
	r->upload->release = put_release;
	r->upload->ctx = p;
	return 0;
}

/* Copies the spooled chunks into tx as version c->version. */
static int
put_copy(struct req *r, struct store_tx *tx, struct put_ctx *p, const struct store_content *c,
         struct qerr *e)
{
	uint8_t *buf = malloc(CONTENT_CT_CHUNK_MAX);
	int64_t n = 0;
	ssize_t got;
	int ret = -1;

	if (buf == NULL)
		return qerr_internal(e, "content: out of memory");
	if (lseek(p->fd, 0, SEEK_SET) != 0) {
		qerr_internal(e, "content: spool seek failed");
		goto out;
	}
	/* Every chunk but the last is exactly CONTENT_CT_CHUNK_MAX bytes. */
	while ((got = read_full(p->fd, buf, CONTENT_CT_CHUNK_MAX)) > 0) {
		if (n >= c->nchunks) {
			qerr_internal(e, "content: spool longer than the stream");
			goto out;
		}
		if (store_content_chunk_add(tx, r->params[0], c->version, n, buf, (size_t)got,
		                            e) != 0)
			goto out;
		n++;
	}
	if (got < 0 || n != c->nchunks) {
		qerr_internal(e, "content: spool read failed or short");
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

static int
put_end(struct req *r, struct resp *out, struct qerr *e)
{
	struct put_ctx *p = r->upload->ctx;
	struct store_tx *tx = NULL;
	struct store_content c;
	uint64_t size, nchunks;
	json_t *details = NULL;

	if (r->upload->too_large)
		return qerr_set(e, QERR_TOO_LARGE, "body_too_large", NULL, "body");
	if (p == NULL)
		return qerr_internal(e, "content: spooling the upload failed");
	memset(&c, 0, sizeof c);
	if (r->upload->failed || content_enc_final(p->enc, &size, &nchunks, c.sha256) != 0) {
		/* A full or failing disk under the spool: 503, nothing stored. */
		if (qerr_errno_storage(p->err))
			return qerr_storage(e, "content: spooling the upload failed");
		return qerr_internal(e, "content: spooling the upload failed");
	}
	q_strlcpy(c.carrier_id, r->params[0], sizeof c.carrier_id);
	memcpy(c.wrapped, p->wrapped, sizeof p->wrapped);
	c.wrapped_len = sizeof p->wrapped;
	memcpy(c.header, p->header, sizeof p->header);
	c.header_len = sizeof p->header;
	c.size = (int64_t)size;
	c.nchunks = (int64_t)nchunks;

	/* The write lock only now, with every byte already spooled. */
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (put_check(r, tx, e) != 0 || store_content_replace(tx, &c, e) != 0 ||
	    put_copy(r, tx, p, &c, e) != 0)
		goto fail;
	details = content_details(&c);
	if (tx_commit_audited(r, tx, "carrier.content.put", r->params[0], details, e) != 0) {
		json_decref(details);
		return -1;   /* rolled back */
	}
	json_decref(details);
	out->status = 204;
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

static int
h_content_put(struct req *r, struct resp *out, struct qerr *e)
{
	if (r->upload == NULL)   /* routed without streaming: a bug, fail closed */
		return qerr_internal(e, "content: body not streamed");
	if (r->upload->phase == HTTP_UPLOAD_BEGIN)
		return put_begin(r, e);
	return put_end(r, out, e);
}

/* ---- GET: read ------------------------------------------------------------ */

struct get_ctx {
	struct store *store;                 /* borrowed: lives as long as the server */
	char carrier_id[STORE_ID_MAX];
	int64_t version, nchunks;
	int64_t next;                        /* next chunk to fetch */
	uint64_t size;                       /* plaintext bytes promised */
	uint64_t decrypted;                  /* plaintext bytes verified so far */
	uint64_t sent;
	struct content_dec *dec;
	const uint8_t *pt;                   /* borrowed from dec */
	size_t pt_len, pt_off;
	uint8_t *ct;                         /* one ciphertext chunk */
};

static void
get_free(void *ctx)
{
	struct get_ctx *g = ctx;

	if (g == NULL)
		return;
	content_dec_free(g->dec);   /* wipes the plaintext buffer */
	free(g->ct);
	free(g);
}

/* Fetches chunk g->next in its own short read tx, verifies and decrypts it.
 * tx: an open tx to use instead (the handler's), or NULL. */
static int
get_fetch(struct get_ctx *g, struct store_tx *tx, struct qerr *e)
{
	struct store_tx *own = NULL;
	size_t len = 0;
	int rc;

	if (g->next >= g->nchunks)
		return qerr_internal(e, "content: read past the last chunk");
	if (tx == NULL) {
		if (store_begin(g->store, false, &own, e) != 0)
			return -1;
		tx = own;
	}
	rc = store_content_chunk_get(tx, g->carrier_id, g->version, g->next, g->ct,
	                             CONTENT_CT_CHUNK_MAX, &len, e);
	store_rollback(own);
	if (rc != 0)
		return -1;   /* 404: replaced meanwhile */
	if (content_dec_update(g->dec, g->ct, len, &g->pt, &g->pt_len) != 0)
		return qerr_internal(e, "content: chunk does not verify");
	g->pt_off = 0;
	g->next++;
	if (g->pt_len > g->size - g->decrypted)
		return qerr_internal(e, "content: longer than recorded");
	g->decrypted += g->pt_len;
	/* The last chunk must carry the FINAL tag and complete the size. */
	if (g->next == g->nchunks &&
	    (content_dec_final_seen(g->dec) != 1 || g->decrypted != g->size))
		return qerr_internal(e, "content: stream truncated");
	return 0;
}

/* struct resp stream_read: the plaintext at pos. */
static int64_t
get_read(void *ctx, uint64_t pos, uint8_t *buf, size_t max)
{
	struct get_ctx *g = ctx;
	struct qerr e = {0};
	size_t n;

	if (pos != g->sent)
		return -1;
	while (g->pt_off == g->pt_len) {
		if (g->next == g->nchunks)
			return 0;
		if (get_fetch(g, NULL, &e) != 0) {
			fprintf(stderr, "qupiya: content %s: %s%s%s\n", g->carrier_id, e.code,
			        e.detail[0] ? ": " : "", e.detail);
			return -1;
		}
	}
	n = g->pt_len - g->pt_off;
	if (n > max)
		n = max;
	memcpy(buf, g->pt + g->pt_off, n);
	g->pt_off += n;
	g->sent += n;
	return (int64_t)n;
}

/* Records a granted read that found no content (SPEC.md §1.3: every access
 * decision on content is recorded), then answers 404. */
static int
get_none(struct req *r, struct store_tx *tx, struct qerr *e)
{
	struct audit_event ev = {
		.actor = r->user.id,
		.action = "carrier.content.read",
		.object = r->params[0],
		.outcome = "failed",
		.code = "not_found",
		.address = r->addr,
		.effective_date = r->today,
	};

	if (audit_append(r->app->audit, tx, &ev, NULL, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (store_commit(tx, e) != 0)
		return -1;
	return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
}

static int
h_content_get(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_rec carrier = {0};
	struct store_content c;
	struct access_decision d;
	struct get_ctx *g = NULL;
	json_t *details = NULL;
	char label[sizeof out->label] = "";

	/* One write tx: the decision, and its record, on one snapshot. */
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (rec_load_field(tx, "carrier", r->params[0], &carrier, "carrier_id", e) != 0)
		goto fail;
	if (jsonv_str(carrier.doc, "label") != NULL)
		q_strlcpy(label, jsonv_str(carrier.doc, "label"), sizeof label);
	store_rec_clear(&carrier);
	if (r->user.person_id[0] == '\0') {
		/* No person, no clearance (Art. 29.2): every check fails. */
		access_decide(NULL, &d);
	} else if (ops_access_decide(tx, r->user.person_id, r->params[0],
	                             r->effective_date != QDATE_NONE ? r->effective_date : r->today,
	                             &d, e) != 0) {
		goto fail;
	}
	if (!d.allowed) {
		store_rollback(tx);
		return ops_access_refusal(&d, e);   /* 422, audited by the router */
	}

	/* Granted: now, and only now, the content. */
	if (store_content_get(tx, r->params[0], &c, e) != 0) {
		if (e->status == QERR_NOT_FOUND) {
			qerr_clear(e);
			return get_none(r, tx, e);
		}
		goto fail;
	}
	g = calloc(1, sizeof *g);
	if (g == NULL || (g->ct = malloc(CONTENT_CT_CHUNK_MAX)) == NULL) {
		qerr_internal(e, "content: out of memory");
		goto fail;
	}
	g->store = r->app->store;
	q_strlcpy(g->carrier_id, r->params[0], sizeof g->carrier_id);
	g->version = c.version;
	g->nchunks = c.nchunks;
	g->size = (uint64_t)c.size;
	if (content_dec_begin(r->app->keys, r->params[0], c.wrapped, c.wrapped_len, c.header,
	                      c.header_len, &g->dec) != 0) {
		qerr_internal(e, "content: key does not unwrap");
		goto fail;
	}
	/* The first chunk verified before we promise a 200. */
	if (get_fetch(g, tx, e) != 0) {
		if (e->status == QERR_NOT_FOUND)
			qerr_internal(e, "content: chunk missing");
		goto fail;
	}
	/* The record is durable before the first byte leaves. */
	details = content_details(&c);
	if (tx_commit_audited(r, tx, "carrier.content.read", r->params[0], details, e) != 0) {
		json_decref(details);
		get_free(g);
		return -1;
	}
	json_decref(details);
	out->status = 200;
	out->content_type = "application/octet-stream";
	/* The label goes out only with granted content, never with a refusal. */
	q_strlcpy(out->label, label, sizeof out->label);
	out->stream_read = get_read;
	out->stream_free = get_free;
	out->stream_ctx = g;
	out->stream_size = g->size;
	return 0;
fail:
	store_rollback(tx);
	get_free(g);
	return -1;
}

const struct route h_content_routes[] = {
	{"PUT", "/v1/carriers/{}/content", ROLE_SECURITY_OFFICER, ROUTE_RAW_BODY, h_content_put},
	{"GET", "/v1/carriers/{}/content", ROLE_ANY_USER, 0, h_content_get},
	{NULL, NULL, 0, 0, NULL},
};
