/*
 * h_audit.c — the audit log for auditors: entries in order, the signed tree
 * head, inclusion and consistency proofs (RFC 9162).
 */
#include "http/http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "http/util.h"

static int
query_int64(const struct req *r, const char *name, int64_t *out, bool required,
            struct qerr *e)
{
	const char *s = http_query(r, name);
	char *end;
	long long v;

	if (s == NULL) {
		if (required)
			return qerr_input(e, "missing_field", name);
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || *s == '+' || *s == '-')
		return qerr_input(e, "invalid_value", name);
	*out = v;
	return 0;
}

struct entries_ctx {
	json_t *items;
	int64_t last;
	bool raw;        /* ?raw=1: each item also carries its stored text */
};

static int
entries_cb(void *ctx, int64_t seq, const char *entry, size_t len, const uint8_t leaf[32])
{
	struct entries_ctx *c = ctx;
	json_t *j = json_loadb(entry, len, 0, NULL);
	char hex[65];

	if (j == NULL)
		j = json_pack("{s:I, s:s}", "seq", (json_int_t)seq, "error", "unreadable entry");
	crypto_hex(leaf, 32, hex);
	json_object_set_new(j, "leaf_hash", json_string(hex));
	/* The exact bytes hashed into the leaf (canonical JSON, UTF-8), so a
	 * client can check SHA-256(0x00 || raw) = leaf_hash and the inclusion
	 * proof itself, without re-serializing the entry. */
	if (c->raw)
		json_object_set_new(j, "raw", json_stringn(entry, len));
	json_array_append_new(c->items, j);
	c->last = seq;
	return 0;
}

/* GET /v1/audit?after=&limit=&raw=: entries with seq > after (all from 0
 * when after is absent); with raw=1 each entry also carries "raw", the
 * stored canonical text its leaf hash covers (the web interface verifies
 * inclusion proofs in the browser from it). */
static int
h_audit_list(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct entries_ctx c = {0};
	int64_t after = -1, limit = PAGE_LIMIT_DEFAULT, size = 0, raw = 0;

	if (query_int64(r, "after", &after, false, e) != 0 ||
	    query_int64(r, "limit", &limit, false, e) != 0 ||
	    query_int64(r, "raw", &raw, false, e) != 0)
		return -1;
	if (raw > 1)
		return qerr_input(e, "invalid_value", "raw");
	c.raw = raw == 1;
	if (limit < 1 || limit > STORE_PAGE_MAX)
		return qerr_input(e, "invalid_value", "limit");
	c.items = json_array();
	c.last = after;
	if (tx_read(r, &tx, e) != 0 || store_audit_size(tx, &size, e) != 0 ||
	    store_audit_read(tx, after + 1, limit, entries_cb, &c, e) < 0) {
		store_rollback(tx);
		json_decref(c.items);
		return -1;
	}
	store_rollback(tx);
	{
		char next[32];
		snprintf(next, sizeof next, "%lld", (long long)c.last);
		resp_json(out, 200, json_pack("{s:o, s:s?, s:I}", "items", c.items, "next",
		                              c.last + 1 < size ? next : NULL, "size",
		                              (json_int_t)size));
	}
	return 0;
}

static int
h_audit_head(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	struct store_sth h;

	/* A read snapshot, signed and not stored: never waits for a writer. */
	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (audit_head_sign(r->app->audit, tx, &h, e) != 0) {
		store_rollback(tx);
		return -1;
	}
	store_rollback(tx);
	resp_json(out, 200, audit_head_json(&h, r->app->keys->sign_pk));
	return 0;
}

static int
h_audit_proof(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	int64_t index = 0, size = 0, have = 0;
	json_t *proof;

	if (query_int64(r, "index", &index, true, e) != 0)
		return -1;
	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (store_audit_size(tx, &have, e) != 0)
		goto fail;
	size = have;
	if (query_int64(r, "size", &size, false, e) != 0)
		goto fail;
	if (size > have || size < 1) {
		qerr_input(e, "invalid_value", "size");
		goto fail;
	}
	if (index >= size) {
		qerr_input(e, "invalid_value", "index");
		goto fail;
	}
	proof = audit_proof_json(tx, index, size, e);
	if (proof == NULL)
		goto fail;
	store_rollback(tx);
	resp_json(out, 200, proof);
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

/* GET /v1/audit/consistency?first=&size=: RFC 9162 §2.1.4 proof. */
static int
h_audit_consistency(struct req *r, struct resp *out, struct qerr *e)
{
	struct store_tx *tx = NULL;
	int64_t first = 0, size = 0, have = 0;
	json_t *proof;

	if (query_int64(r, "first", &first, true, e) != 0)
		return -1;
	if (tx_read(r, &tx, e) != 0)
		return -1;
	if (store_audit_size(tx, &have, e) != 0)
		goto fail;
	size = have;
	if (query_int64(r, "size", &size, false, e) != 0)
		goto fail;
	if (size > have) {
		qerr_input(e, "invalid_value", "size");
		goto fail;
	}
	if (first > size) {
		qerr_input(e, "invalid_value", "first");
		goto fail;
	}
	proof = audit_consistency_json(tx, first, size, e);
	if (proof == NULL)
		goto fail;
	store_rollback(tx);
	resp_json(out, 200, proof);
	return 0;
fail:
	store_rollback(tx);
	return -1;
}

const struct route h_audit_routes[] = {
	{"GET", "/v1/audit", ROLE_AUDITOR, 0, h_audit_list},
	{"GET", "/v1/audit/head", ROLE_AUDITOR, 0, h_audit_head},
	{"GET", "/v1/audit/proof", ROLE_AUDITOR, 0, h_audit_proof},
	{"GET", "/v1/audit/consistency", ROLE_AUDITOR, 0, h_audit_consistency},
	{NULL, NULL, 0, 0, NULL},
};
