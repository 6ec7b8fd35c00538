/*
 * h_witness.c — witnessed tree heads in the transparency-log ecosystem's
 * formats (SPEC.md §1.3; issue 14 #8; formats in audit/note.h).
 *
 *   GET  /v1/audit/checkpoint        auditor: the current head as a C2SP
 *                                    checkpoint (text/plain signed note)
 *   POST /v1/witness/add-checkpoint  anyone: c2sp.org/tlog-witness (text in,
 *                                    text out, the spec's status codes)
 *   GET  /v1/witness/latest?origin=  anyone: the latest checkpoint this
 *                                    witness cosigned for a log, with its
 *                                    cosignature (text/plain; 404 none)
 *   GET  /v1/witness/{sha256 hex}/checkpoint  the same under the spec's
 *                                    monitoring path
 *   POST /v1/witness/logs            nsc_officer: registers a log's origin
 *                                    and public key (audited)
 *   GET  /v1/witness/logs            nsc_officer, auditor: the registered
 *                                    logs and this witness's own vkey
 *
 * The witness routes are the one exception to "JSON in and out" (API.md):
 * their bodies and status codes are the C2SP protocol's. Checking the old
 * size and recording the new checkpoint happen in one write transaction
 * (the spec's race: no rollback of cosigned leaves). Cosignatures are
 * cosignature/v1 (Ed25519, timestamped) under the witness key, a separate
 * key file (cmd_serve.c).
 *
 * Untrusted input: request bodies (parsed by note.c, size-capped by
 * server.c), the origin query. No authentication beyond the log's
 * signature on add-checkpoint (as the spec says): only logs an nsc_officer
 * registered are ever cosigned, and only a cosigned checkpoint is audited,
 * so strangers cannot grow the log.
 */
#include "http/http.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/note.h"
#include "core/roles.h"
#include "http/util.h"

#define TEXT_PLAIN "text/plain; charset=utf-8"
#define TLOG_SIZE  "text/x.tlog.size"

/* A text answer; always 0 (the answer is set). */
static int text_answer(struct resp *out, int status, const char *ctype,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
text_answer(struct resp *out, int status, const char *ctype, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	json_decref(out->json);
	out->json = NULL;
	free(out->raw);
	out->raw = NULL;
	out->raw_len = 0;
	out->content_type = ctype;
	out->status = status;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0)
		out->raw = malloc((size_t)n + 1);
	if (out->raw == NULL) {
		va_end(ap2);
		out->status = 500;
		return 0;
	}
	vsnprintf((char *)out->raw, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	out->raw_len = (size_t)n;
	return 0;
}

static const char *
log_origin(const struct app *app, char buf[NOTE_NAME_MAX])
{
	if (app->log_origin != NULL)
		return app->log_origin;
	/* the first key of the ring: a rotated signing key keeps the origin */
	audit_origin_default(app->keys->npk > 0 ? app->keys->pks[0] : app->keys->sign_pk,
	                     "audit", buf);
	return buf;
}

static const char *
witness_name(const struct app *app, char buf[NOTE_NAME_MAX])
{
	if (app->witness_name != NULL)
		return app->witness_name;
	audit_origin_default(app->witness_keys->sign_pk, "witness", buf);
	return buf;
}

/* GET /v1/audit/checkpoint: the head, freshly signed (stored like GET
 * /v1/audit/head), as a checkpoint signed by the log key. */
static int
h_checkpoint(struct req *r, struct resp *out, struct qerr *e)
{
	char obuf[NOTE_NAME_MAX], text[NOTE_NAME_MAX + 80], line[NOTE_LINE_MAX];
	const char *origin = log_origin(r->app, obuf);
	struct store_tx *tx = NULL;
	struct store_sth h;
	int len;

	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (audit_head(r->app->audit, tx, &h, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	if (store_commit(tx, e) != 0)
		return -1;
	len = checkpoint_text(origin, h.size, h.root, text, sizeof text);
	if (len < 0 || note_sign_line(r->app->keys, origin, text, (size_t)len, line,
	                              sizeof line) != 0)
		return qerr_internal(e, "checkpoint: bad origin");
	return text_answer(out, 200, TEXT_PLAIN, "%s\n%s", text, line);
}

/* Audits a cosigned checkpoint or a refused one from a registered log
 * (signature valid: evidence of log misbehaviour, which the spec allows
 * to be kept). In tx, which it commits. */
static int
witness_commit(struct req *r, struct store_tx *tx, const char *origin,
               const char *outcome, const char *code, int64_t old_size, int64_t size,
               struct qerr *e)
{
	struct audit_event ev = {
		.actor = "anonymous",
		.action = "witness.add_checkpoint",
		.object = origin,
		.outcome = outcome,
		.code = code,
		.address = r->addr,
		.effective_date = r->today,
	};
	json_t *d = json_pack("{s:I, s:I}", "old", (json_int_t)old_size, "size",
	                      (json_int_t)size);

	if (d == NULL) {
		store_rollback(tx);
		return qerr_internal(e, "out of memory");
	}
	ev.details = d;
	if (audit_append(r->app->audit, tx, &ev, NULL, e) != 0) {
		json_decref(d);
		store_rollback(tx);
		return -1;
	}
	json_decref(d);
	return store_commit(tx, e);
}

/* POST /v1/witness/add-checkpoint (c2sp.org/tlog-witness). */
static int
h_add_checkpoint(struct req *r, struct resp *out, struct qerr *e)
{
	char wbuf[NOTE_NAME_MAX], line[NOTE_LINE_MAX];
	struct store_witness_log w = {0};
	struct store_tx *tx = NULL;
	struct witness_req q;
	struct checkpoint c;
	struct note n;
	merkle_hash empty;
	const char *refusal = NULL;
	char *saved;
	size_t nlen;
	int64_t now = (int64_t)time(NULL);
	int v;

	if (r->app->witness_keys == NULL)
		return text_answer(out, 404, TEXT_PLAIN, "this server is not a witness\n");
	if (r->body_too_large || r->body == NULL ||
	    witness_req_parse(r->body, r->body_len, &q) != 0 ||
	    note_parse(q.note, q.note_len, &n) != 0 ||
	    checkpoint_parse(n.text, n.text_len, &c) != 0)
		return text_answer(out, 400, TEXT_PLAIN, "malformed add-checkpoint request\n");
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (store_witness_log_get(tx, c.origin, &w, e) != 0) {
		store_rollback(tx);
		if (e->status != QERR_NOT_FOUND)
			return -1;
		qerr_clear(e);
		return text_answer(out, 404, TEXT_PLAIN, "unknown log origin\n");
	}
	v = note_verify_ed25519(&n, w.key_name, w.public_key);
	if (v != 0) {
		store_rollback(tx);
		store_witness_log_clear(&w);
		return text_answer(out, 403, TEXT_PLAIN, "%s\n",
		                   v > 0 ? "no signature by the log's registered key"
		                         : "the log's signature does not verify");
	}
	if (q.old_size > c.size) {
		store_rollback(tx);
		store_witness_log_clear(&w);
		return text_answer(out, 400, TEXT_PLAIN, "old size larger than the checkpoint\n");
	}
	if (q.old_size != w.size) {
		int64_t have = w.size;

		store_rollback(tx);
		store_witness_log_clear(&w);
		return text_answer(out, 409, TLOG_SIZE, "%" PRId64 "\n", have);
	}
	merkle_empty_root(empty);
	if (w.size == 0)
		memcpy(w.root, empty, sizeof w.root);   /* nothing cosigned yet: the empty tree */
	if (c.size == 0 && memcmp(c.root, empty, sizeof empty) != 0)
		refusal = "a checkpoint of size 0 has the empty tree's root";
	else if (q.old_size == 0 && q.nproof != 0)
		refusal = "no proof is expected from size 0";
	else if (q.old_size == c.size && memcmp(c.root, w.root, sizeof c.root) != 0)
		refusal = "same size, another root: not what this witness cosigned";
	else if (q.old_size > 0 && q.old_size < c.size &&
	         merkle_consistency_verify((uint64_t)q.old_size, (uint64_t)c.size, w.root,
	                                   c.root, (const merkle_hash *)q.proof,
	                                   q.nproof) != 0)
		refusal = "the consistency proof does not verify";
	else if (q.old_size == c.size && q.nproof != 0)
		refusal = "no proof is expected between equal sizes";
	if (refusal != NULL) {
		int64_t old = q.old_size;

		store_witness_log_clear(&w);
		if (witness_commit(r, tx, c.origin, "refused", "inconsistent_checkpoint", old,
		                   c.size, e) != 0)
			return -1;
		return text_answer(out, 422, TEXT_PLAIN, "%s\n", refusal);
	}
	if (note_cosig_line(r->app->witness_keys, witness_name(r->app, wbuf),
	                    (uint64_t)(now > 0 ? now : 1), n.text, n.text_len, line,
	                    sizeof line) != 0) {
		store_rollback(tx);
		store_witness_log_clear(&w);
		return qerr_internal(e, "cosign: bad witness name");
	}
	/* keep the note as received (the log's signatures) plus ours */
	nlen = strlen(line);
	saved = malloc(q.note_len + nlen + 1);
	if (saved == NULL) {
		store_rollback(tx);
		store_witness_log_clear(&w);
		return qerr_internal(e, "out of memory");
	}
	memcpy(saved, q.note, q.note_len);
	memcpy(saved + q.note_len, line, nlen + 1);
	store_witness_log_clear(&w);
	w.checkpoint = saved;
	w.size = c.size;
	memcpy(w.root, c.root, sizeof w.root);
	w.cosigned_at = now;
	if (store_witness_log_cosigned(tx, &w, e) != 0) {
		store_rollback(tx);
		store_witness_log_clear(&w);
		return -1;
	}
	store_witness_log_clear(&w);
	if (witness_commit(r, tx, c.origin, "ok", NULL, q.old_size, c.size, e) != 0)
		return -1;
	return text_answer(out, 200, TEXT_PLAIN, "%s", line);
}

static int
latest_answer(struct req *r, struct resp *out, const struct store_witness_log *w)
{
	(void)r;
	if (w->checkpoint == NULL)
		return text_answer(out, 404, TEXT_PLAIN, "nothing cosigned for this log yet\n");
	return text_answer(out, 200, TEXT_PLAIN, "%s", w->checkpoint);
}

/* GET /v1/witness/latest?origin= */
static int
h_latest(struct req *r, struct resp *out, struct qerr *e)
{
	const char *origin = http_query(r, "origin");
	struct store_witness_log w;
	struct store_tx *tx = NULL;
	int rc;

	if (origin == NULL || !note_name_ok(origin, strlen(origin)))
		return text_answer(out, 400, TEXT_PLAIN, "origin wanted\n");
	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = store_witness_log_get(tx, origin, &w, e);
	store_rollback(tx);
	if (rc != 0) {
		if (e->status != QERR_NOT_FOUND)
			return -1;
		qerr_clear(e);
		return text_answer(out, 404, TEXT_PLAIN, "unknown log origin\n");
	}
	rc = latest_answer(r, out, &w);
	store_witness_log_clear(&w);
	return rc;
}

struct by_hash {
	uint8_t want[CRYPTO_HASH_SIZE];
	char origin[NOTE_NAME_MAX];
};

static int
by_hash_cb(void *ctx, const struct store_witness_log *w)
{
	struct by_hash *b = ctx;
	uint8_t h[CRYPTO_HASH_SIZE];

	crypto_sha256(w->origin, strlen(w->origin), h);
	if (memcmp(h, b->want, sizeof h) != 0)
		return 0;
	snprintf(b->origin, sizeof b->origin, "%s", w->origin);
	return 1;
}

/* GET /v1/witness/{origin hash}/checkpoint: the spec's monitoring path. */
static int
h_monitor(struct req *r, struct resp *out, struct qerr *e)
{
	struct by_hash b = {0};
	struct store_witness_log w;
	struct store_tx *tx = NULL;
	int rc;

	if (crypto_unhex(r->params[0], b.want, sizeof b.want) != 0)
		return text_answer(out, 404, TEXT_PLAIN, "unknown log\n");
	if (tx_read(r, &tx, e) != 0)
		return -1;
	rc = store_witness_log_list(tx, by_hash_cb, &b, e);
	if (rc < 0) {
		store_rollback(tx);
		return -1;
	}
	if (rc == 0) {
		store_rollback(tx);
		return text_answer(out, 404, TEXT_PLAIN, "unknown log\n");
	}
	rc = store_witness_log_get(tx, b.origin, &w, e);
	store_rollback(tx);
	if (rc != 0)
		return -1;
	rc = latest_answer(r, out, &w);
	store_witness_log_clear(&w);
	return rc;
}

static json_t *
log_json(const struct store_witness_log *w)
{
	char hex[65], vkey[NOTE_VKEY_MAX], root[65];
	json_t *j;

	crypto_hex(w->public_key, 32, hex);
	crypto_hex(w->root, 32, root);
	j = json_pack("{s:s, s:s, s:s, s:I, s:s?, s:o}", "origin", w->origin, "key_name",
	              w->key_name, "public_key", hex, "size", (json_int_t)w->size, "root",
	              w->cosigned_at != 0 ? root : NULL, "cosigned_at",
	              w->cosigned_at != 0 ? json_integer(w->cosigned_at) : json_null());
	if (j != NULL && note_vkey(w->key_name, NOTE_SIG_ED25519, w->public_key, vkey,
	                           sizeof vkey) == 0)
		json_object_set_new(j, "vkey", json_string(vkey));
	return j;
}

static const struct jfield log_fields[] = {
	{"origin", JF_STRING, JF_REQUIRED, NULL, 0, NOTE_NAME_MAX - 1},
	{"public_key", JF_STRING, JF_REQUIRED, NULL, 0, NOTE_VKEY_MAX},
	{NULL, 0, 0, NULL, 0, 0},
};

/* POST /v1/witness/logs {origin, public_key}: public_key is the log's
 * Ed25519 key as 64 hex digits (key name = origin) or as a vkey
 * "name+id+base64(0x01 || pk)" (key name from the vkey). Registering an
 * origin again replaces its key and keeps what was cosigned. */
static int
h_log_register(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_witness_log w;
	struct store_tx *tx = NULL;
	const char *origin, *pk;
	uint8_t type = 0;
	json_t *j;

	if (r->app->witness_keys == NULL)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	if (req_json(r, log_fields, e) != 0)
		return -1;
	memset(&w, 0, sizeof w);
	origin = jsonv_str(r->json, "origin");
	pk = jsonv_str(r->json, "public_key");
	if (!note_name_ok(origin, strlen(origin)))
		return qerr_input(e, "invalid_value", "origin");
	snprintf(w.origin, sizeof w.origin, "%s", origin);
	if (strlen(pk) == 64) {
		if (crypto_unhex(pk, w.public_key, 32) != 0)
			return qerr_input(e, "invalid_value", "public_key");
		snprintf(w.key_name, sizeof w.key_name, "%s", origin);
	} else if (note_vkey_parse(pk, w.key_name, &type, w.public_key) != 0 ||
	           type != NOTE_SIG_ED25519) {
		return qerr_input(e, "invalid_value", "public_key");
	}
	w.registered_at = (int64_t)time(NULL);
	if (tx_write(r, &tx, e) != 0)
		return -1;
	if (store_witness_log_put(tx, &w, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	j = log_json(&w);
	if (j == NULL) {
		store_rollback(tx);
		return qerr_internal(e, "out of memory");
	}
	{
		json_t *d = json_pack("{s:O, s:O}", "key_name", json_object_get(j, "key_name"),
		                      "public_key", json_object_get(j, "public_key"));
		int rc = d == NULL ? qerr_internal(e, "out of memory")
		                   : tx_commit_audited(r, tx, "witness.log.register", w.origin, d,
		                                       e);

		json_decref(d);
		if (rc != 0) {
			if (d == NULL)
				store_rollback(tx);
			json_decref(j);
			return -1;
		}
	}
	resp_json(out, 201, j);
	return 0;
}

static int
list_cb(void *ctx, const struct store_witness_log *w)
{
	json_t *j = log_json(w);

	return j == NULL || json_array_append_new(ctx, j) != 0 ? -1 : 0;
}

/* GET /v1/witness/logs: {witness:{name, vkey}, items:[...]} */
static int
h_log_list(struct req *r, struct resp *out, struct qerr *e)
{
	char wbuf[NOTE_NAME_MAX], vkey[NOTE_VKEY_MAX];
	struct store_tx *tx = NULL;
	const char *name;
	json_t *items;

	if (r->app->witness_keys == NULL)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	name = witness_name(r->app, wbuf);
	if (note_vkey(name, NOTE_SIG_COSIG_V1, r->app->witness_keys->sign_pk, vkey,
	              sizeof vkey) != 0)
		return qerr_internal(e, "witness: bad name");
	items = json_array();
	if (items == NULL)
		return qerr_internal(e, "out of memory");
	if (tx_read(r, &tx, e) != 0) {
		json_decref(items);
		return -1;
	}
	if (store_witness_log_list(tx, list_cb, items, e) != 0) {
		store_rollback(tx);
		json_decref(items);
		if (!qerr_is_set(e))
			qerr_internal(e, "out of memory");
		return -1;
	}
	store_rollback(tx);
	resp_json(out, 200, json_pack("{s:{s:s, s:s}, s:o}", "witness", "name", name, "vkey",
	                              vkey, "items", items));
	return 0;
}

const struct route h_witness_routes[] = {
	{"GET", "/v1/audit/checkpoint", ROLE_AUDITOR, ROUTE_AUDITED_READ, h_checkpoint},
	{"POST", "/v1/witness/add-checkpoint", 0, ROUTE_PUBLIC | ROUTE_TEXT_BODY,
	 h_add_checkpoint},
	{"GET", "/v1/witness/latest", 0, ROUTE_PUBLIC, h_latest},
	{"GET", "/v1/witness/{}/checkpoint", 0, ROUTE_PUBLIC, h_monitor},
	{"POST", "/v1/witness/logs", ROLE_NSC_OFFICER, 0, h_log_register},
	{"GET", "/v1/witness/logs", ROLE_NSC_OFFICER | ROLE_AUDITOR, 0, h_log_list},
	{NULL, NULL, 0, 0, NULL},
};
