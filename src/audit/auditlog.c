/*
 * auditlog.c — the tamper-evident audit log (SPEC.md §1.3; the contract is
 * the header comment of auditlog.h).
 *
 * Owns: struct audit_log (the signing keys are borrowed; a mutex guards the
 * time of the last signed tree head). Everything else lives in the store:
 * entry rows, stored nodes, the frontier blob and signed tree heads.
 *
 * How an append works (all inside the caller's write transaction, so the
 * entry commits or vanishes with the change it records):
 *   1. load the frontier (store_audit_state_get; an empty blob is a new log);
 *      its size is the entry's seq;
 *   2. build the canonical entry (sorted keys, compact, UTF-8) and its leaf
 *      hash SHA-256(0x00 || entry); store the row;
 *   3. append the leaf to the frontier, storing every perfect subtree it
 *      completes at level >= AUDIT_NODE_MIN_LEVEL; save the frontier;
 *   4. when AUDIT_STH_INTERVAL_MS have passed since the last one, sign and
 *      store a tree head.
 *
 * Verification (audit_verify) trusts nothing in the database: it streams
 * every entry, recomputes its leaf hash, checks seq density and canonical
 * form, rebuilds the frontier (checking the stored nodes it completes), and
 * meets every stored signed head and the exported head at their sizes. It
 * stops at the first fault and names the entry. Entries are read in
 * batches; the leaf hashes, the tree nodes over them and the fast canonical
 * check (canon.h) of a batch run on `jobs` threads (up to
 * AUDIT_WORKERS_MAX; default the online processors), each over its own
 * contiguous share; then the batch is checked in order on the calling
 * thread (so the first fault is the one named, whatever the jobs). A
 * worker hashes the perfect subtrees that lie wholly within its share
 * (those a leaf completes with the subtrees just before it); the calling
 * thread hashes only the few that straddle shares or batches. What a
 * worker computes from entries after a gap in seq is never used: the
 * in-order check stops at the gap first.
 *
 * Never: writes outside the caller's tx, logs entry contents, verifies an
 * Ed25519 signature per entry (only per signed head).
 *
 * Untrusted input: event strings and details (length-capped, invalid UTF-8
 * replaced), exported heads (parsed strictly: exactly the five members),
 * and, during verification, every byte of the database.
 */
#include "audit/auditlog.h"
#include "audit/canon.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- limits ------------------------------------------------------------ */

#define AUDIT_FIELD_MAX      512     /* bytes of one event string kept */
#define AUDIT_ENTRY_KEYS     12      /* members of a canonical entry */
#define AUDIT_READ_BATCH     8192    /* entries per store_audit_read call */
#ifndef AUDIT_BATCH_BYTES   /* tests may shrink it to exercise batch ends */
#define AUDIT_BATCH_BYTES    (8u << 20) /* entry bytes held per batch */
#endif
#define AUDIT_WORKERS_MAX    64      /* threads hashing a batch */
#define AUDIT_PROGRESS_SEC   3       /* seconds between progress lines */
#define AUDIT_STATE_MAX      (8 + MERKLE_PATH_MAX * MERKLE_HASH_SIZE)
#define AUDIT_STH_MSG_MAX    (sizeof AUDIT_STH_PREFIX + 24 + 2 * MERKLE_HASH_SIZE + 24 + 4)
#define AUDIT_JSON_FLAGS     (JSON_COMPACT | JSON_SORT_KEYS)
#define AUDIT_TIME_STR       32      /* "YYYY-MM-DDTHH:MM:SS.mmmZ" + NUL */

struct audit_log {
	const struct crypto_keys *keys;   /* borrowed */
	qdate fixed_today;                /* QDATE_NONE: the real clock */
	pthread_mutex_t mu;               /* guards last_sth_ms */
	int64_t last_sth_ms;              /* real time of the last head signed */
};

/* ---- small helpers ------------------------------------------------------ */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
mono_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* RFC 3339 UTC with milliseconds. */
static void
time_rfc3339(int64_t ms, char out[AUDIT_TIME_STR])
{
	time_t sec = (time_t)(ms / 1000);
	struct tm tm;
	char base[24];

	if (gmtime_r(&sec, &tm) == NULL ||
	    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		q_strlcpy(out, "1970-01-01T00:00:00.000Z", AUDIT_TIME_STR);
		return;
	}
	snprintf(out, AUDIT_TIME_STR, "%s.%03dZ", base, (int)(ms % 1000));
}

/* Length of the longest prefix of s (at most max bytes) that does not cut
 * a UTF-8 sequence. */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* A JSON string for an untrusted C string: NULL is null; capped at
 * AUDIT_FIELD_MAX bytes; invalid UTF-8 bytes become '?'. New reference. */
static json_t *
str_value(const char *s)
{
	size_t len, cut;
	json_t *j;
	char *copy;

	if (s == NULL)
		return json_null();
	len = strlen(s);
	cut = utf8_cut(s, len, AUDIT_FIELD_MAX);
	j = json_stringn(s, cut);
	if (j != NULL)
		return j;
	copy = malloc(cut + 1);
	if (copy == NULL)
		return NULL;
	for (size_t i = 0; i < cut; i++)
		copy[i] = (unsigned char)s[i] >= 0x80 ? '?' : s[i];
	copy[cut] = '\0';
	j = json_stringn(copy, cut);
	free(copy);
	return j;
}

static json_t *
date_value(qdate d)
{
	char buf[QDATE_STR_SIZE];

	if (d == QDATE_NONE)
		return json_null();
	return json_string(date_format(d, buf));
}

/* Details as given when they dump to at most AUDIT_DETAIL_MAX bytes, else
 * {"truncated":true,"text":<prefix of the dump>}. New reference. */
static json_t *
details_value(json_t *details)
{
	char *text;
	size_t len, cut;
	json_t *j;

	if (details == NULL)
		return json_null();
	text = json_dumps(details, AUDIT_JSON_FLAGS | JSON_ENCODE_ANY);
	if (text == NULL)
		return NULL;
	len = strlen(text);
	if (len <= AUDIT_DETAIL_MAX) {
		free(text);
		return json_incref(details);
	}
	cut = utf8_cut(text, len, AUDIT_DETAIL_MAX - 64);
	j = json_pack("{s:b, s:s%}", "truncated", 1, "text", text, cut);
	free(text);
	return j;
}

static void
hex32(const uint8_t *h, char out[2 * MERKLE_HASH_SIZE + 1])
{
	crypto_hex(h, MERKLE_HASH_SIZE, out);
}

/* The signed message of a tree head. Returns its length. */
static size_t
sth_message(const struct store_sth *h, char *buf, size_t bufsz)
{
	char root[2 * MERKLE_HASH_SIZE + 1];
	int n;

	hex32(h->root, root);
	n = snprintf(buf, bufsz, "%s%" PRId64 "\n%s\n%" PRId64 "\n", AUDIT_STH_PREFIX,
	             h->size, root, h->timestamp_ms);
	return n < 0 || (size_t)n >= bufsz ? 0 : (size_t)n;
}

static int
sth_verify(const struct store_sth *h, const uint8_t pk[32])
{
	char msg[AUDIT_STH_MSG_MAX];
	size_t len = sth_message(h, msg, sizeof msg);

	if (len == 0)
		return -1;
	return crypto_pk_verify(pk, msg, len, h->signature);
}

/* Verifies h under the first key of the ring from *at on (oldest first)
 * and moves *at to it: heads come in order, so once a newer key signed, an
 * older one (perhaps retired because it leaked) may no longer sign a later
 * head. */
static int
sth_verify_ring(const struct store_sth *h, const uint8_t (*pks)[32], size_t npk,
                size_t *at)
{
	for (size_t i = *at; i < npk; i++)
		if (sth_verify(h, pks[i]) == 0) {
			*at = i;
			return 0;
		}
	return -1;
}

/* Reports a broken log: 409 "audit_broken" with the detail naming the
 * entry. Always -1. */
static int broken(struct qerr *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
broken(struct qerr *e, const char *fmt, ...)
{
	va_list ap;

	qerr_set(e, QERR_CONFLICT, "audit_broken", NULL, NULL);
	if (e != NULL) {
		va_start(ap, fmt);
		vsnprintf(e->detail, sizeof e->detail, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* ---- the log object ----------------------------------------------------- */

struct audit_log *
audit_log_new(const struct crypto_keys *keys, qdate fixed_today)
{
	struct audit_log *log = calloc(1, sizeof *log);

	if (log == NULL)
		return NULL;
	if (pthread_mutex_init(&log->mu, NULL) != 0) {
		free(log);
		return NULL;
	}
	log->keys = keys;
	log->fixed_today = fixed_today;
	log->last_sth_ms = INT64_MIN;
	return log;
}

void
audit_log_free(struct audit_log *log)
{
	if (log == NULL)
		return;
	pthread_mutex_destroy(&log->mu);
	free(log);
}

/* ---- frontier in the store ---------------------------------------------- */

static int
frontier_load(struct store_tx *tx, struct merkle_frontier *f, struct qerr *e)
{
	uint8_t buf[AUDIT_STATE_MAX];
	size_t len = 0;

	if (store_audit_state_get(tx, buf, sizeof buf, &len, e) != 0)
		return -1;
	if (len == 0) {
		merkle_frontier_init(f);
		return 0;
	}
	if (merkle_frontier_decode(f, buf, len) != 0 || f->size > INT64_MAX)
		return qerr_internal(e, "audit state damaged");
	return 0;
}

static int
frontier_save(struct store_tx *tx, const struct merkle_frontier *f, struct qerr *e)
{
	uint8_t buf[AUDIT_STATE_MAX];
	size_t len = merkle_frontier_encode(f, buf, sizeof buf);

	if (len == 0)
		return qerr_internal(e, "audit state encode");
	return store_audit_state_put(tx, buf, len, e);
}

struct node_put_ctx {
	struct store_tx *tx;
	struct qerr *e;
};

static int
node_put_cb(void *ctx, int level, uint64_t index, const merkle_hash h)
{
	struct node_put_ctx *c = ctx;

	if (level < AUDIT_NODE_MIN_LEVEL)
		return 0;
	return store_audit_node_put(c->tx, level, (int64_t)index, h, c->e) != 0 ? -1 : 0;
}

/* Signs the head of f at time ts and stores it. */
static int
sth_make(struct audit_log *log, struct store_tx *tx,
         const struct merkle_frontier *f, int64_t ts, struct store_sth *out,
         struct qerr *e)
{
	char msg[AUDIT_STH_MSG_MAX];
	size_t len;

	if (log->keys == NULL || log->keys->sign_sk == NULL)
		return qerr_internal(e, "audit: no signing key");
	memset(out, 0, sizeof *out);
	out->size = (int64_t)f->size;
	out->timestamp_ms = ts;
	merkle_frontier_root(f, out->root);
	len = sth_message(out, msg, sizeof msg);
	if (len == 0)
		return qerr_internal(e, "audit: head message");
	crypto_keys_sign(log->keys, msg, len, out->signature);
	return store_audit_sth_insert(tx, out, e);
}

/* ---- append ------------------------------------------------------------- */

static json_t *
entry_build(const struct audit_log *log, const struct audit_event *ev,
            int64_t seq, int64_t ms)
{
	char when[AUDIT_TIME_STR];
	json_t *o = json_object();
	int bad = o == NULL;

	time_rfc3339(ms, when);
	bad |= json_object_set_new(o, "seq", json_integer(seq));
	bad |= json_object_set_new(o, "time", json_string(when));
	bad |= json_object_set_new(o, "effective_date", date_value(ev->effective_date));
	bad |= json_object_set_new(o, "actor", str_value(ev->actor));
	bad |= json_object_set_new(o, "action", str_value(ev->action));
	bad |= json_object_set_new(o, "object", str_value(ev->object));
	bad |= json_object_set_new(o, "outcome", str_value(ev->outcome));
	bad |= json_object_set_new(o, "code", str_value(ev->code));
	bad |= json_object_set_new(o, "article", str_value(ev->article));
	bad |= json_object_set_new(o, "address", str_value(ev->address));
	bad |= json_object_set_new(o, "clock", date_value(log->fixed_today));
	bad |= json_object_set_new(o, "details", details_value(ev->details));
	if (bad || json_object_size(o) != AUDIT_ENTRY_KEYS) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* entry_build(), and inside a batch (store.h: an import) its details say
 * so: {"origin": tag, "line": the file's line} added to the entry's own
 * details (an object), or {"origin", "line", "details": them}. */
static json_t *
entry_marked(const struct audit_log *log, struct store_tx *tx,
             const struct audit_event *ev, int64_t seq, int64_t ms)
{
	struct audit_event m;
	const char *tag;
	long line;
	json_t *d, *entry;

	if (!store_tx_batch(tx, &tag, &line) || tag[0] == '\0')
		return entry_build(log, ev, seq, ms);
	if (json_is_object(ev->details))
		d = json_copy(ev->details);
	else if (ev->details != NULL)
		d = json_pack("{s:O}", "details", ev->details);
	else
		d = json_object();
	if (d == NULL || json_object_set_new(d, "origin", json_string(tag)) != 0 ||
	    json_object_set_new(d, "line", json_integer(line)) != 0) {
		json_decref(d);
		return NULL;
	}
	m = *ev;
	m.details = d;
	entry = entry_build(log, &m, seq, ms);
	json_decref(d);
	return entry;
}

/* The dumped entry is canonical, with every key and its own seq. */
static bool
entry_text_ok(const char *text, size_t len, int64_t seq)
{
	size_t members = 0;
	bool has_seq = false, ok;
	int64_t got = -1;
	json_t *j;
	char *again;

	if (audit_canon_fast(text, len, &members, &has_seq, &got))
		return members == AUDIT_ENTRY_KEYS && has_seq && got == seq;
	/* don't know: the definition (jansson re-dumps it byte for byte) */
	j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (j == NULL)
		return false;
	again = json_dumps(j, AUDIT_JSON_FLAGS);
	ok = again != NULL && strcmp(again, text) == 0 && json_object_size(j) == AUDIT_ENTRY_KEYS &&
	     json_integer_value(json_object_get(j, "seq")) == seq;
	free(again);
	json_decref(j);
	return ok;
}

int
audit_append(struct audit_log *log, struct store_tx *tx,
             const struct audit_event *ev, int64_t *seq, struct qerr *e)
{
	struct merkle_frontier f;
	struct node_put_ctx nc = { tx, e };
	merkle_hash leaf;
	json_t *entry;
	char *text;
	size_t len;
	int64_t ms, s;
	int rc, due;

	if (log == NULL || tx == NULL || ev == NULL)
		return qerr_internal(e, "audit append: bad arguments");
	if (frontier_load(tx, &f, e) != 0)
		return -1;
	s = (int64_t)f.size;
	ms = now_ms();
	entry = entry_marked(log, tx, ev, s, ms);
	if (entry == NULL)
		return qerr_internal(e, "audit append: out of memory");
	text = json_dumps(entry, AUDIT_JSON_FLAGS);
	json_decref(entry);
	if (text == NULL)
		return qerr_internal(e, "audit append: out of memory");
	len = strlen(text);
	/* jansson 2.14 can return a damaged text when an allocation fails
	 * while it dumps (a key dropped): never store an entry that is not
	 * canonical (found by tests/unit/test_ops_alloc_torture.c). */
	if (!entry_text_ok(text, len, s)) {
		free(text);
		return qerr_internal(e, "audit append: entry text");
	}
	merkle_leaf_hash(text, len, leaf);
	rc = store_audit_insert(tx, s, text, len, leaf, e);
	free(text);
	if (rc != 0)
		return -1;
	if (merkle_frontier_append(&f, leaf, node_put_cb, &nc) != 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "audit append: frontier");
		return -1;
	}
	if (frontier_save(tx, &f, e) != 0)
		return -1;

	pthread_mutex_lock(&log->mu);
	due = log->last_sth_ms == INT64_MIN || ms - log->last_sth_ms >= AUDIT_STH_INTERVAL_MS;
	if (due)
		log->last_sth_ms = ms;
	pthread_mutex_unlock(&log->mu);
	if (due) {
		struct store_sth h;

		if (sth_make(log, tx, &f, ms, &h, e) != 0)
			return -1;
	}
	if (seq != NULL)
		*seq = s;
	return 0;
}

int
audit_head(struct audit_log *log, struct store_tx *tx, struct store_sth *out,
           struct qerr *e)
{
	struct merkle_frontier f;
	int64_t ms = now_ms();

	if (log == NULL || tx == NULL || out == NULL)
		return qerr_internal(e, "audit head: bad arguments");
	if (frontier_load(tx, &f, e) != 0)
		return -1;
	if (sth_make(log, tx, &f, ms, out, e) != 0)
		return -1;
	pthread_mutex_lock(&log->mu);
	log->last_sth_ms = ms;
	pthread_mutex_unlock(&log->mu);
	return 0;
}

int
audit_head_sign(struct audit_log *log, struct store_tx *tx, struct store_sth *out,
                struct qerr *e)
{
	struct merkle_frontier f;
	char msg[AUDIT_STH_MSG_MAX];
	size_t len;

	if (log == NULL || tx == NULL || out == NULL)
		return qerr_internal(e, "audit head: bad arguments");
	if (log->keys == NULL || log->keys->sign_sk == NULL)
		return qerr_internal(e, "audit: no signing key");
	if (frontier_load(tx, &f, e) != 0)
		return -1;
	memset(out, 0, sizeof *out);
	out->size = (int64_t)f.size;
	out->timestamp_ms = now_ms();
	merkle_frontier_root(&f, out->root);
	len = sth_message(out, msg, sizeof msg);
	if (len == 0)
		return qerr_internal(e, "audit: head message");
	crypto_keys_sign(log->keys, msg, len, out->signature);
	return 0;
}

/* ---- heads as JSON ------------------------------------------------------ */

json_t *
audit_head_json(const struct store_sth *h, const uint8_t pk[32])
{
	char root[2 * MERKLE_HASH_SIZE + 1], sig[2 * CRYPTO_SIGN_SIZE + 1],
	     pkh[2 * CRYPTO_SIGN_PK_SIZE + 1];

	hex32(h->root, root);
	crypto_hex(h->signature, CRYPTO_SIGN_SIZE, sig);
	crypto_hex(pk, CRYPTO_SIGN_PK_SIZE, pkh);
	return json_pack("{s:I, s:s, s:I, s:s, s:s}", "size", (json_int_t)h->size,
	                 "root", root, "timestamp", (json_int_t)h->timestamp_ms,
	                 "signature", sig, "public_key", pkh);
}

static int
hex_member(const json_t *j, const char *key, uint8_t *out, size_t n,
           struct qerr *e)
{
	const json_t *v = json_object_get(j, key);
	const char *s;

	if (!json_is_string(v))
		return qerr_input(e, "invalid_field", key);
	s = json_string_value(v);
	if (json_string_length(v) != 2 * n || crypto_unhex(s, out, n) != 0)
		return qerr_input(e, "invalid_field", key);
	return 0;
}

static int
int_member(const json_t *j, const char *key, int64_t *out, struct qerr *e)
{
	const json_t *v = json_object_get(j, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return qerr_input(e, "invalid_field", key);
	*out = (int64_t)json_integer_value(v);
	return 0;
}

int
audit_head_from_json(const json_t *j, struct store_sth *out, uint8_t pk[32],
                     struct qerr *e)
{
	static const char *const keys[] = { "size", "root", "timestamp", "signature",
	                                    "public_key" };
	const char *key;
	json_t *v;

	memset(out, 0, sizeof *out);
	if (!json_is_object(j))
		return qerr_input(e, "invalid_field", "head");
	json_object_foreach((json_t *)j, key, v) {
		size_t i;

		(void)v;
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (strcmp(key, keys[i]) == 0)
				break;
		if (i == sizeof keys / sizeof keys[0])   /* "" names nothing: the head */
			return qerr_input(e, "unknown_field", key[0] != '\0' ? key : "head");
	}
	if (int_member(j, "size", &out->size, e) != 0 ||
	    int_member(j, "timestamp", &out->timestamp_ms, e) != 0 ||
	    hex_member(j, "root", out->root, MERKLE_HASH_SIZE, e) != 0 ||
	    hex_member(j, "signature", out->signature, CRYPTO_SIGN_SIZE, e) != 0 ||
	    hex_member(j, "public_key", pk, CRYPTO_SIGN_PK_SIZE, e) != 0)
		return -1;
	return 0;
}

/* ---- the tree in the store ---------------------------------------------- */

/* Hashes come from leaves (level 0), stored nodes (level >=
 * AUDIT_NODE_MIN_LEVEL, when present) or are computed from the children. */
struct src_ctx {
	struct store_tx *tx;
	struct qerr *e;   /* may be NULL */
};

static int
src_node_e(struct store_tx *tx, struct qerr *e, int level, uint64_t index,
           merkle_hash out)
{
	merkle_hash l, r;
	struct qerr local;

	if (level < 0 || level > 62 || index > ((uint64_t)INT64_MAX >> level))
		return qerr_internal(e, "audit: node out of range");
	if (level == 0)
		return store_audit_leaf(tx, (int64_t)index, out, e);
	if (level >= AUDIT_NODE_MIN_LEVEL) {
		qerr_clear(&local);
		if (store_audit_node_get(tx, level, (int64_t)index, out, &local) == 0)
			return 0;
		if (local.status != QERR_NOT_FOUND) {
			if (e != NULL)
				*e = local;
			return -1;
		}
	}
	if (src_node_e(tx, e, level - 1, index * 2, l) != 0 ||
	    src_node_e(tx, e, level - 1, index * 2 + 1, r) != 0)
		return -1;
	merkle_node_hash(l, r, out);
	return 0;
}

static int
src_node_ctx(void *ctx, int level, uint64_t index, merkle_hash out)
{
	struct src_ctx *c = ctx;

	return src_node_e(c->tx, c->e, level, index, out);
}

static int
src_node_tx(void *ctx, int level, uint64_t index, merkle_hash out)
{
	return src_node_e(ctx, NULL, level, index, out);
}

void
audit_src_init(struct merkle_src *src, struct store_tx *tx)
{
	src->ctx = tx;
	src->node = src_node_tx;
}

/* Checks 0 <= first <= size <= log size (first < size for inclusion). */
static int
range_check(struct store_tx *tx, int64_t first, const char *first_name,
            int64_t size, bool strict, struct qerr *e)
{
	int64_t have;

	if (store_audit_size(tx, &have, e) != 0)
		return -1;
	if (size < 0 || size > have)
		return qerr_input(e, "invalid_field", "size");
	if (first < 0 || first > size || (strict && first == size))
		return qerr_input(e, "invalid_field", first_name);
	return 0;
}

static json_t *
path_json(const merkle_hash *path, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++) {
		char hex[2 * MERKLE_HASH_SIZE + 1];

		hex32(path[i], hex);
		if (json_array_append_new(a, json_string(hex)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *
audit_proof_json(struct store_tx *tx, int64_t index, int64_t size, struct qerr *e)
{
	struct src_ctx c = { tx, e };
	struct merkle_src src = { &c, src_node_ctx };
	merkle_hash path[MERKLE_PATH_MAX], leaf, root;
	char leafh[2 * MERKLE_HASH_SIZE + 1], rooth[2 * MERKLE_HASH_SIZE + 1];
	size_t n;
	json_t *p, *j;

	if (range_check(tx, index, "index", size, true, e) != 0)
		return NULL;
	if (store_audit_leaf(tx, index, leaf, e) != 0 ||
	    merkle_root(&src, (uint64_t)size, root) != 0 ||
	    merkle_inclusion_proof(&src, (uint64_t)index, (uint64_t)size, path, &n) != 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "audit proof");
		return NULL;
	}
	hex32(leaf, leafh);
	hex32(root, rooth);
	p = path_json(path, n);
	if (p == NULL) {
		qerr_internal(e, "out of memory");
		return NULL;
	}
	j = json_pack("{s:I, s:I, s:s, s:s, s:o}", "index", (json_int_t)index,
	              "size", (json_int_t)size, "leaf_hash", leafh, "root", rooth,
	              "path", p);
	if (j == NULL)
		qerr_internal(e, "out of memory");
	return j;
}

json_t *
audit_consistency_json(struct store_tx *tx, int64_t old_size, int64_t size,
                       struct qerr *e)
{
	struct src_ctx c = { tx, e };
	struct merkle_src src = { &c, src_node_ctx };
	merkle_hash path[MERKLE_PATH_MAX], old_root, root;
	char oldh[2 * MERKLE_HASH_SIZE + 1], rooth[2 * MERKLE_HASH_SIZE + 1];
	size_t n;
	json_t *p, *j;

	if (range_check(tx, old_size, "old_size", size, false, e) != 0)
		return NULL;
	if (merkle_root(&src, (uint64_t)old_size, old_root) != 0 ||
	    merkle_root(&src, (uint64_t)size, root) != 0 ||
	    merkle_consistency_proof(&src, (uint64_t)old_size, (uint64_t)size, path,
	                             &n) != 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "audit consistency");
		return NULL;
	}
	hex32(old_root, oldh);
	hex32(root, rooth);
	p = path_json(path, n);
	if (p == NULL) {
		qerr_internal(e, "out of memory");
		return NULL;
	}
	j = json_pack("{s:I, s:I, s:s, s:s, s:o}", "old_size", (json_int_t)old_size,
	              "size", (json_int_t)size, "old_root", oldh, "root", rooth,
	              "path", p);
	if (j == NULL)
		qerr_internal(e, "out of memory");
	return j;
}

/* ---- verification ------------------------------------------------------- */

struct sth_list {
	struct store_sth *v;
	size_t n, cap;
};

static int
sth_collect(void *ctx, const struct store_sth *h)
{
	struct sth_list *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct store_sth *v = realloc(l->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *h;
	return 0;
}

static int
sth_cmp(const void *a, const void *b)
{
	const struct store_sth *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

/* One batch of entries read from the store, copied (the store lends them
 * for a callback only) so that workers can hash them in parallel. */
struct batch_item {
	int64_t seq;
	size_t off, len;                  /* text at arena + off */
	uint8_t stored[MERKLE_HASH_SIZE]; /* the leaf hash the store keeps */
	merkle_hash leaf;                 /* recomputed by a worker */
	bool canon;                       /* certainly canonical with seq (fast) */
	uint32_t node_at;                 /* its nodes: batch nodes[node_at..] */
	uint8_t nnodes;                   /* levels 1..nnodes this leaf completes */
};

struct batch {
	struct batch_item *items;
	merkle_hash *nodes;               /* cap of them: a share's merges <= its items */
	size_t n, cap;
	char *arena;
	size_t used, arena_cap;
};

struct verify {
	struct store_tx *tx;
	const uint8_t (*pks)[32];         /* the public key ring, oldest first */
	size_t npk;
	size_t key_at;                    /* the oldest key a later head may use */
	const struct store_sth *head;
	struct sth_list sths;             /* sorted by size */
	size_t next_sth;
	bool head_done;
	struct merkle_frontier f;
	int64_t next;                     /* the seq expected next */
	int64_t bytes;
	char *buf;                        /* canonical re-dump scratch */
	size_t bufsz;
	FILE *progress;
	double started, last_progress;
	struct qerr *e;
	struct batch batch;
};

/* Checks every signed head (and the exported head) of the current size. */
static int
verify_heads_at(struct verify *v)
{
	int64_t size = (int64_t)v->f.size;
	merkle_hash root;
	bool have_root = false;

	while (v->next_sth < v->sths.n && v->sths.v[v->next_sth].size <= size) {
		const struct store_sth *h = &v->sths.v[v->next_sth];

		if (h->size < size) {   /* only negative sizes can be skipped */
			return broken(v->e, "entry 0: signed head with size %" PRId64,
			              h->size);
		}
		if (!have_root) {
			merkle_frontier_root(&v->f, root);
			have_root = true;
		}
		if (crypto_memcmp(root, h->root, MERKLE_HASH_SIZE) != 0)
			return broken(v->e, "entry %" PRId64 ": the first %" PRId64
			              " entries differ from the head signed at %" PRId64,
			              size > 0 ? size - 1 : 0, size, h->timestamp_ms);
		if (sth_verify_ring(h, v->pks, v->npk, &v->key_at) != 0)
			return broken(v->e, "entry %" PRId64 ": head of %" PRId64
			              " entries signed at %" PRId64 " has a bad signature",
			              size > 0 ? size - 1 : 0, size, h->timestamp_ms);
		v->next_sth++;
	}
	if (v->head != NULL && !v->head_done && v->head->size == size) {
		if (!have_root)
			merkle_frontier_root(&v->f, root);
		if (crypto_memcmp(root, v->head->root, MERKLE_HASH_SIZE) != 0)
			return broken(v->e, "entry %" PRId64 ": the first %" PRId64
			              " entries differ from the exported head",
			              size > 0 ? size - 1 : 0, size);
		v->head_done = true;
	}
	return 0;
}

/* A perfect subtree the rebuilt frontier completes must equal the stored
 * node, which proofs are built from. */
static int
node_check_cb(void *ctx, int level, uint64_t index, const merkle_hash h)
{
	struct verify *v = ctx;
	merkle_hash stored;
	struct qerr local;
	int64_t first = (int64_t)(index << level);
	int64_t last = first + ((int64_t)1 << level) - 1;

	if (level < AUDIT_NODE_MIN_LEVEL)
		return 0;
	qerr_clear(&local);
	if (store_audit_node_get(v->tx, level, (int64_t)index, stored, &local) != 0) {
		if (local.status == QERR_NOT_FOUND)
			return broken(v->e, "entry %" PRId64 ": stored node for entries %"
			              PRId64 "..%" PRId64 " is missing", first, first, last);
		if (v->e != NULL)
			*v->e = local;
		return -1;
	}
	if (crypto_memcmp(stored, h, MERKLE_HASH_SIZE) != 0)
		return broken(v->e, "entry %" PRId64 ": stored node for entries %" PRId64
		              "..%" PRId64 " differs from the entries", first, first, last);
	return 0;
}

/* Canonical form: the bytes are exactly what jansson re-dumps with sorted
 * keys and no spaces, an object of the twelve members, seq == N. Called
 * only when the fast recogniser (canon.h, run by the workers) did not
 * settle it. */
static int
verify_canonical(struct verify *v, int64_t seq, const char *entry, size_t len)
{
	json_error_t jerr;
	json_t *j, *s;
	size_t got;
	int ok;

	j = json_loadb(entry, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return broken(v->e, "entry %" PRId64 ": not JSON", seq);
	s = json_object_get(j, "seq");
	ok = json_is_object(j) && json_object_size(j) == AUDIT_ENTRY_KEYS &&
	     json_is_integer(s) && json_integer_value(s) == seq;
	if (!ok) {
		json_decref(j);
		return broken(v->e, "entry %" PRId64 ": wrong seq or members", seq);
	}
	if (v->bufsz < len + 1) {
		size_t sz = len + 1 > 4096 ? len + 1 : 4096;
		char *b = realloc(v->buf, sz);

		if (b == NULL) {
			json_decref(j);
			return qerr_internal(v->e, "out of memory");
		}
		v->buf = b;
		v->bufsz = sz;
	}
	got = json_dumpb(j, v->buf, v->bufsz, AUDIT_JSON_FLAGS);
	json_decref(j);
	if (got != len || memcmp(v->buf, entry, len) != 0)
		return broken(v->e, "entry %" PRId64 ": not in canonical form", seq);
	return 0;
}

/* store_audit_read callback: copies the entry into the batch; stops the
 * walk (BATCH_FULL) when the arena is full. */
#define BATCH_FULL 1

static int
batch_collect(void *ctx, int64_t seq, const char *entry, size_t len,
              const uint8_t leaf[STORE_HASH_SIZE])
{
	struct verify *v = ctx;
	struct batch *b = &v->batch;
	struct batch_item *it;

	if (b->n > 0 && b->used + len > AUDIT_BATCH_BYTES)
		return BATCH_FULL;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		struct batch_item *items = realloc(b->items, cap * sizeof *items);
		merkle_hash *nodes;

		if (items == NULL)
			return qerr_internal(v->e, "out of memory");
		b->items = items;
		nodes = realloc(b->nodes, cap * sizeof *nodes);
		if (nodes == NULL)
			return qerr_internal(v->e, "out of memory");
		b->nodes = nodes;
		b->cap = cap;
	}
	if (b->used + len > b->arena_cap) {
		size_t cap = b->used + len > AUDIT_BATCH_BYTES ? b->used + len : AUDIT_BATCH_BYTES;
		char *arena = realloc(b->arena, cap);

		if (arena == NULL)
			return qerr_internal(v->e, "out of memory");
		b->arena = arena;
		b->arena_cap = cap;
	}
	it = &b->items[b->n++];
	it->seq = seq;
	it->off = b->used;
	it->len = len;
	memcpy(it->stored, leaf, MERKLE_HASH_SIZE);
	if (len > 0)
		memcpy(b->arena + b->used, entry, len);
	b->used += len;
	return 0;
}

/* Worker: leaf hashes, the nodes over them and the fast canonical check of
 * items [from, to). Pure functions over disjoint items (and the disjoint
 * node slots nodes[from..to)): no locking. */
struct hash_job {
	struct batch *b;
	size_t from, to;
};

/* The subtrees of the share so far, oldest first (as a frontier, but
 * starting at the share's first entry, which need not be aligned). */
struct share_stack {
	int depth;
	int level[MERKLE_PATH_MAX];
	merkle_hash h[MERKLE_PATH_MAX];
};

/* Item it (seq s) completes, with the share's subtrees before it, the
 * subtrees of levels 1..k: hashes them into nodes[*at..] (k <= the merges,
 * which are <= the share's items: the slots stay within the share). */
static void
share_append(struct share_stack *st, struct batch *b, struct batch_item *it, size_t *at)
{
	merkle_hash cur;
	uint64_t s = (uint64_t)it->seq;
	int level = 0;

	it->node_at = (uint32_t)*at;
	it->nnodes = 0;
	if (st->depth < 0)
		return;   /* gave up in this share: the calling thread hashes */
	memcpy(cur, it->leaf, MERKLE_HASH_SIZE);
	while (level < 63 && (s >> level & 1) != 0 && st->depth > 0 &&
	       st->level[st->depth - 1] == level) {
		merkle_node_hash(st->h[st->depth - 1], cur, cur);
		st->depth--;
		level++;
		memcpy(b->nodes[(*at)++], cur, MERKLE_HASH_SIZE);
		it->nnodes++;
	}
	if (st->depth == MERKLE_PATH_MAX) {   /* only after a gap in seq */
		st->depth = -1;
		return;
	}
	st->level[st->depth] = level;
	memcpy(st->h[st->depth], cur, MERKLE_HASH_SIZE);
	st->depth++;
}

static void *
hash_worker(void *arg)
{
	struct hash_job *j = arg;
	struct share_stack st;
	size_t at = j->from;

	st.depth = 0;
	for (size_t i = j->from; i < j->to; i++) {
		struct batch_item *it = &j->b->items[i];
		const char *text = j->b->arena + it->off;
		size_t members;
		bool has_seq;
		int64_t seq;

		merkle_leaf_hash(text, it->len, it->leaf);
		it->canon = audit_canon_fast(text, it->len, &members, &has_seq, &seq) &&
		            members == AUDIT_ENTRY_KEYS && has_seq && seq == it->seq;
		share_append(&st, j->b, it, &at);
	}
	return NULL;
}

static void
batch_hash(struct batch *b, int workers)
{
	pthread_t tid[AUDIT_WORKERS_MAX];
	struct hash_job jobs[AUDIT_WORKERS_MAX];
	int started = 0;

	if (workers > AUDIT_WORKERS_MAX)
		workers = AUDIT_WORKERS_MAX;
	if (workers < 1 || b->n < 256)
		workers = 1;
	if ((size_t)workers > b->n / 64 && b->n >= 256)
		workers = (int)(b->n / 64);   /* shares of at least 64 entries */
	for (int w = 0; w < workers; w++) {
		jobs[w].b = b;
		jobs[w].from = b->n * (size_t)w / (size_t)workers;
		jobs[w].to = b->n * (size_t)(w + 1) / (size_t)workers;
	}
	/* Workers 1.. on threads (if a thread cannot start, its share is done
	 * here), worker 0 on this thread. */
	for (int w = 1; w < workers; w++) {
		if (pthread_create(&tid[w], NULL, hash_worker, &jobs[w]) != 0)
			break;
		started = w;
	}
	hash_worker(&jobs[0]);
	for (int w = started + 1; w < workers; w++)
		hash_worker(&jobs[w]);
	for (int w = 1; w <= started; w++)
		pthread_join(tid[w], NULL);
}

/* In order: density, leaf, canonical form, the tree and its heads. */
static int
verify_item(struct verify *v, const struct batch_item *it)
{
	const char *text = v->batch.arena + it->off;

	if (it->seq != v->next)
		return broken(v->e, "entry %" PRId64 ": missing", v->next);
	/* Public hashes: no need for a constant-time comparison. */
	if (memcmp(it->leaf, it->stored, MERKLE_HASH_SIZE) != 0)
		return broken(v->e, "entry %" PRId64 ": hash does not match its text"
		              " (entry or leaf altered)", it->seq);
	if (!it->canon && verify_canonical(v, it->seq, text, it->len) != 0)
		return -1;
	if (merkle_frontier_append_nodes(&v->f, it->leaf,
	                                 (const merkle_hash *)&v->batch.nodes[it->node_at],
	                                 it->nnodes, node_check_cb, v) != 0) {
		if (!qerr_is_set(v->e))
			qerr_internal(v->e, "audit verify: frontier");
		return -1;
	}
	v->next++;
	v->bytes += (int64_t)it->len;
	if (verify_heads_at(v) != 0)
		return -1;
	if (v->progress != NULL && (v->next & 0xFFF) == 0) {
		double t = mono_sec();

		if (t - v->last_progress >= AUDIT_PROGRESS_SEC) {
			fprintf(v->progress, "audit verify: %" PRId64 " entries, %.0f entries/s\n",
			        v->next, (double)v->next / (t - v->started));
			fflush(v->progress);
			v->last_progress = t;
		}
	}
	return 0;
}

/* jobs < 1: the online processors; never more than AUDIT_WORKERS_MAX. */
static int
verify_workers(int jobs)
{
	long n = jobs >= 1 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > AUDIT_WORKERS_MAX ? AUDIT_WORKERS_MAX : (int)n;
}

/* The end of the log: every signed head, the stored frontier and the
 * exported head must be within it. */
static int
verify_end(struct verify *v)
{
	struct merkle_frontier stored;
	int64_t size = (int64_t)v->f.size, have;

	if (store_audit_size(v->tx, &have, v->e) != 0)
		return -1;
	if (have != size)
		return broken(v->e, "entry %" PRId64 ": missing (log has entries up to %"
		              PRId64 ")", size, have - 1);
	if (v->next_sth < v->sths.n)
		return broken(v->e, "entry %" PRId64 ": missing (log cut at %" PRId64
		              ", signed head has %" PRId64 ")", size, size,
		              v->sths.v[v->sths.n - 1].size);
	if (frontier_load(v->tx, &stored, v->e) != 0)
		return broken(v->e, "entry %" PRId64 ": stored log state is damaged", size);
	if (stored.size > (uint64_t)size)
		return broken(v->e, "entry %" PRId64 ": missing (log cut at %" PRId64
		              ", log state has %" PRIu64 ")", size, size, stored.size);
	if (stored.size != (uint64_t)size || stored.count != v->f.count ||
	    (v->f.count > 0 &&
	     crypto_memcmp(stored.h, v->f.h, (size_t)v->f.count * MERKLE_HASH_SIZE) != 0))
		return broken(v->e, "entry %" PRId64 ": stored log state (size %" PRIu64
		              ") does not match the entries", size > 0 ? size - 1 : 0,
		              stored.size);
	if (v->head != NULL) {
		if (size < v->head->size)
			return broken(v->e, "entry %" PRId64 ": missing (log cut at %" PRId64
			              ", head has %" PRId64 ")", size, size, v->head->size);
		if (!v->head_done)
			return broken(v->e, "head: size %" PRId64 " never reached", v->head->size);
	}
	return 0;
}

int
audit_verify(struct store_tx *tx, const uint8_t (*pks)[32], size_t npk,
             const struct store_sth *head, FILE *progress,
             int64_t *entries, int64_t *bytes, struct qerr *e)
{
	return audit_verify_jobs(tx, pks, npk, head, 0, progress, entries, bytes, e);
}

int
audit_verify_jobs(struct store_tx *tx, const uint8_t (*pks)[32], size_t npk,
                  const struct store_sth *head, int jobs, FILE *progress,
                  int64_t *entries, int64_t *bytes, struct qerr *e)
{
	struct verify v;
	int rc = -1, workers;

	if (entries != NULL)
		*entries = 0;
	if (bytes != NULL)
		*bytes = 0;
	memset(&v, 0, sizeof v);
	v.tx = tx;
	v.pks = pks;
	v.npk = npk;
	v.head = head;
	v.progress = progress;
	v.e = e;
	v.started = v.last_progress = mono_sec();
	merkle_frontier_init(&v.f);

	/* An exported head is checked first: it is signed by the key this
	 * database's key file holds, or it proves nothing about this log. */
	if (head != NULL) {
		size_t any = 0;

		if (head->size < 0 || sth_verify_ring(head, pks, npk, &any) != 0) {
			broken(e, "head: signature does not verify under this log's key");
			goto out;
		}
	}
	if (store_audit_sth_list(tx, sth_collect, &v.sths, e) != 0) {
		if (!qerr_is_set(e))
			qerr_internal(e, "out of memory");
		goto out;
	}
	if (v.sths.n > 1)
		qsort(v.sths.v, v.sths.n, sizeof v.sths.v[0], sth_cmp);
	if (verify_heads_at(&v) != 0)
		goto out;
	workers = verify_workers(jobs);
	for (;;) {
		int got;
		bool full;

		v.batch.n = 0;
		v.batch.used = 0;
		got = store_audit_read(tx, v.next, AUDIT_READ_BATCH, batch_collect, &v, e);
		if (got != 0 && got != BATCH_FULL) {
			struct qerr read_err;

			/* A row the store cannot return (wrong hash size...) is a
			 * fault of the entry after those read; report an earlier
			 * fault first. */
			if (e == NULL || e->status != QERR_INTERNAL ||
			    strstr(e->detail, "damaged") == NULL)
				goto out;
			read_err = *e;
			batch_hash(&v.batch, workers);
			for (size_t i = 0; i < v.batch.n; i++)
				if (verify_item(&v, &v.batch.items[i]) != 0)
					goto out;
			broken(e, "entry %" PRId64 ": damaged row (%s)", v.next, read_err.detail);
			goto out;
		}
		full = got == BATCH_FULL || v.batch.n == AUDIT_READ_BATCH;
		batch_hash(&v.batch, workers);
		for (size_t i = 0; i < v.batch.n; i++)
			if (verify_item(&v, &v.batch.items[i]) != 0)
				goto out;
		if (!full)
			break;
	}
	if (verify_end(&v) != 0)
		goto out;
	rc = 0;
out:
	if (entries != NULL)
		*entries = v.next;
	if (bytes != NULL)
		*bytes = v.bytes;
	free(v.sths.v);
	free(v.buf);
	free(v.batch.items);
	free(v.batch.nodes);
	free(v.batch.arena);
	return rc;
}
