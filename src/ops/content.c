/*
 * content.c — the encrypted content of a carrier (see content.h).
 *
 * The carrier is a struct (core/carrier_rec.h; its org_id, state and label
 * are read here); the content is the store's ciphertext tables.
 *
 * Invariants:
 *   1. The access decision precedes any look at the content; a refusal
 *      says nothing about whether content exists (SPEC.md §5).
 *   2. A read's audit entry is committed before a byte of plaintext is
 *      handed out; an upload is stored whole in one transaction or not at
 *      all.
 */
#include "ops/content.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "core/access.h"
#include "crypto/content.h"
#include "crypto/crypto.h"
#include "ops/access.h"
#include "ops/carrier_store.h"
#include "ops/records.h"

_Static_assert(CONTENT_CT_CHUNK_MAX <= STORE_CONTENT_CHUNK_MAX, "chunk fits the store");
_Static_assert(CONTENT_WRAPPED_SIZE <= STORE_CONTENT_WRAPPED_MAX, "wrapped key fits");
_Static_assert(CONTENT_HEADER_SIZE <= STORE_CONTENT_HEADER_MAX, "header fits");

/* ---- shared --------------------------------------------------------------- */

/* The carrier, and whether content may be stored on it now: 404, 403
 * (another organization's carrier), 409 (destroyed or lost: it no longer
 * exists as a carrier, Art. 28). */
static int
put_check(const struct ops_ctx *c, struct store_tx *tx, const char *carrier_id,
          struct qerr *e)
{
	struct carrier_rec car;
	int ret = 0;

	if (store_carrier_get(tx, carrier_id, &car, e) != 0)
		return -1;
	if (ops_scope(c, car.org_id, e) != 0)
		ret = -1;
	else if (strcmp(car.state, "destroyed") == 0 || strcmp(car.state, "lost") == 0)
		ret = qerr_set(e, QERR_CONFLICT, "invalid_state", "28", NULL);
	carrier_rec_clear(&car);
	return ret;
}

/* The audit entry's details; NULL when out of memory. */
static json_t *
content_details(const struct store_content *c)
{
	char hex[STORE_HASH_SIZE * 2 + 1];

	crypto_hex(c->sha256, STORE_HASH_SIZE, hex);
	return json_pack("{s:I, s:I, s:I, s:s}", "version", (json_int_t)c->version, "size",
	                 (json_int_t)c->size, "chunks", (json_int_t)c->nchunks,
	                 "ciphertext_sha256", hex);
}

/* ---- upload --------------------------------------------------------------- */

struct ops_content_upload {
	char carrier_id[STORE_ID_MAX];
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
spool(void *ctx, const uint8_t *chunk, size_t len)
{
	struct ops_content_upload *u = ctx;

	if (write_all(u->fd, chunk, len) != 0) {
		u->err = errno;
		return -1;
	}
	return 0;
}

void
ops_content_upload_free(struct ops_content_upload *u)
{
	if (u == NULL)
		return;
	content_enc_free(u->enc);   /* wipes the key and buffered plaintext */
	if (u->fd >= 0)
		close(u->fd);           /* the spool file vanishes */
	free(u);
}

int
ops_content_upload_begin(const struct ops_ctx *c, const char *carrier_id,
                         struct ops_content_upload **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct ops_content_upload *u;
	int rc;

	*out = NULL;
	if (ops_begin(c, false, &tx, e) != 0)
		return -1;
	rc = put_check(c, tx, carrier_id, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	u = calloc(1, sizeof *u);
	if (u == NULL)
		return qerr_internal(e, "content: out of memory");
	u->fd = -1;
	q_strlcpy(u->carrier_id, carrier_id, sizeof u->carrier_id);
	if (store_tmpfile(c->store, &u->fd, e) != 0) {
		ops_content_upload_free(u);
		return -1;
	}
	if (content_enc_begin(c->keys, carrier_id, spool, u, u->wrapped, u->header,
	                      &u->enc) != 0) {
		ops_content_upload_free(u);
		return qerr_internal(e, "content: encryption setup failed");
	}
	*out = u;
	return 0;
}

int
ops_content_upload_write(struct ops_content_upload *u, const void *data, size_t len)
{
	return content_enc_update(u->enc, data, len);
}

/* Copies the spooled chunks into tx as version c->version. */
static int
spool_copy(struct store_tx *tx, struct ops_content_upload *u, const struct store_content *c,
           struct qerr *e)
{
	uint8_t *buf = malloc(CONTENT_CT_CHUNK_MAX);
	int64_t n = 0;
	ssize_t got;
	int ret = -1;

	if (buf == NULL)
		return qerr_internal(e, "content: out of memory");
	if (lseek(u->fd, 0, SEEK_SET) != 0) {
		qerr_internal(e, "content: spool seek failed");
		goto out;
	}
	/* Every chunk but the last is exactly CONTENT_CT_CHUNK_MAX bytes. */
	while ((got = read_full(u->fd, buf, CONTENT_CT_CHUNK_MAX)) > 0) {
		if (n >= c->nchunks) {
			qerr_internal(e, "content: spool longer than the stream");
			goto out;
		}
		if (store_content_chunk_add(tx, u->carrier_id, c->version, n, buf, (size_t)got,
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

int
ops_content_upload_commit(const struct ops_ctx *c, struct ops_content_upload *u, bool failed,
                          struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_content sc;
	uint64_t size, nchunks;
	json_t *details;
	int rc;

	memset(&sc, 0, sizeof sc);
	if (failed || content_enc_final(u->enc, &size, &nchunks, sc.sha256) != 0) {
		/* A full or failing disk under the spool: 503, nothing stored. */
		if (qerr_errno_storage(u->err))
			return qerr_storage(e, "content: spooling the upload failed");
		return qerr_internal(e, "content: spooling the upload failed");
	}
	q_strlcpy(sc.carrier_id, u->carrier_id, sizeof sc.carrier_id);
	memcpy(sc.wrapped, u->wrapped, sizeof u->wrapped);
	sc.wrapped_len = sizeof u->wrapped;
	memcpy(sc.header, u->header, sizeof u->header);
	sc.header_len = sizeof u->header;
	sc.size = (int64_t)size;
	sc.nchunks = (int64_t)nchunks;

	/* The write lock only now, with every byte already spooled. */
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (put_check(c, tx, u->carrier_id, e) != 0 || store_content_replace(tx, &sc, e) != 0 ||
	    spool_copy(tx, u, &sc, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	details = content_details(&sc);
	if (details == NULL) {
		store_rollback(tx);
		return qerr_internal(e, "content: out of memory");
	}
	rc = ops_commit(c, tx, "carrier.content.put", u->carrier_id, details, e);
	json_decref(details);
	return rc;
}

/* ---- read ----------------------------------------------------------------- */

struct ops_content_reader {
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

void
ops_content_reader_free(struct ops_content_reader *g)
{
	if (g == NULL)
		return;
	content_dec_free(g->dec);   /* wipes the plaintext buffer */
	free(g->ct);
	free(g);
}

uint64_t
ops_content_size(const struct ops_content_reader *g)
{
	return g->size;
}

/* Fetches chunk g->next in its own short read tx, verifies and decrypts it.
 * tx: an open tx to use instead (the opening step's), or NULL. */
static int
fetch(struct ops_content_reader *g, struct store_tx *tx, struct qerr *e)
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

int64_t
ops_content_read(struct ops_content_reader *g, uint64_t pos, uint8_t *buf, size_t max)
{
	struct qerr e = {0};
	size_t n;

	if (pos != g->sent)
		return -1;
	while (g->pt_off == g->pt_len) {
		if (g->next == g->nchunks)
			return 0;
		if (fetch(g, NULL, &e) != 0) {
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
 * decision on content is recorded), then answers 404. tx is consumed. */
static int
read_none(const struct ops_ctx *c, struct store_tx *tx, const char *carrier_id,
          struct qerr *e)
{
	struct audit_event ev = {
		.actor = ops_actor_name(c),
		.action = "carrier.content.read",
		.object = carrier_id,
		.outcome = "failed",
		.code = "not_found",
		.address = c->address,
		.effective_date = c->today,
	};

	if (audit_append(c->audit, tx, &ev, NULL, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (store_commit(tx, e) != 0)
		return -1;
	return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
}

/* The reader of content sc, its first chunk verified in tx. */
static int
reader_new(const struct ops_ctx *c, struct store_tx *tx, const struct store_content *sc,
           struct ops_content_reader **out, struct qerr *e)
{
	struct ops_content_reader *g = calloc(1, sizeof *g);

	if (g == NULL || (g->ct = malloc(CONTENT_CT_CHUNK_MAX)) == NULL) {
		ops_content_reader_free(g);
		return qerr_internal(e, "content: out of memory");
	}
	g->store = c->store;
	q_strlcpy(g->carrier_id, sc->carrier_id, sizeof g->carrier_id);
	g->version = sc->version;
	g->nchunks = sc->nchunks;
	g->size = (uint64_t)sc->size;
	if (content_dec_begin(c->keys, sc->carrier_id, sc->wrapped, sc->wrapped_len, sc->header,
	                      sc->header_len, &g->dec) != 0) {
		ops_content_reader_free(g);
		return qerr_internal(e, "content: key does not unwrap");
	}
	/* The first chunk verified before a 200 is promised. */
	if (fetch(g, tx, e) != 0) {
		if (e->status == QERR_NOT_FOUND)
			qerr_internal(e, "content: chunk missing");
		ops_content_reader_free(g);
		return -1;
	}
	*out = g;
	return 0;
}

int
ops_content_open(const struct ops_ctx *c, const char *carrier_id, char *label,
                 size_t label_size, struct ops_content_reader **out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct carrier_rec car;
	struct store_content sc;
	struct access_decision d;
	json_t *details;

	*out = NULL;
	/* One write tx: the decision, and its record, on one snapshot. */
	if (ops_begin(c, true, &tx, e) != 0)
		return -1;
	if (ops_carrier_load(tx, carrier_id, &car, "carrier_id", e) != 0)
		goto fail;
	q_strlcpy(label, (car.fields & CARRIER_F_LABEL) ? car.label : "", label_size);
	carrier_rec_clear(&car);
	if (c->actor.person_id[0] == '\0') {
		/* No person, no clearance (Art. 29.2): every check fails. */
		access_decide(NULL, &d);
	} else if (ops_access_verdict(tx, c->actor.person_id, carrier_id, ops_access_on(c), &d,
	                              e) != 0) {
		goto fail;
	}
	if (!d.allowed) {
		store_rollback(tx);
		ops_access_refusal(&d, e);
		return ops_refuse(c, "carrier.content.read", carrier_id, e);
	}
	/* Granted: now, and only now, the content. */
	memset(&sc, 0, sizeof sc);
	if (store_content_get(tx, carrier_id, &sc, e) != 0) {
		if (e->status == QERR_NOT_FOUND) {
			qerr_clear(e);
			return read_none(c, tx, carrier_id, e);
		}
		goto fail;
	}
	q_strlcpy(sc.carrier_id, carrier_id, sizeof sc.carrier_id);
	if (reader_new(c, tx, &sc, out, e) != 0)
		goto fail;
	/* The record is durable before the first byte leaves. */
	details = content_details(&sc);
	if (details == NULL) {
		qerr_internal(e, "content: out of memory");
		goto fail;
	}
	if (ops_commit(c, tx, "carrier.content.read", carrier_id, details, e) != 0) {
		json_decref(details);
		ops_content_reader_free(*out);
		*out = NULL;
		return -1;
	}
	json_decref(details);
	return 0;
fail:
	store_rollback(tx);
	ops_content_reader_free(*out);
	*out = NULL;
	return -1;
}
