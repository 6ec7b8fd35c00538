/*
 * auditlog.h — the tamper-evident audit log (SPEC.md §1.3).
 *
 * Every write and every authentication event, and every access decision on
 * carrier content, is appended as an entry in the same store transaction as
 * the change it records. An entry is canonical JSON (sorted keys, compact,
 * UTF-8): {"seq","time","effective_date","actor","action","object",
 * "outcome","code","article","address","clock","details"}; its leaf hash is
 * RFC 9162's SHA-256(0x00 || entry). The entries form a Merkle tree
 * (merkle.h); perfect subtree roots at level >= AUDIT_NODE_MIN_LEVEL are
 * stored to make proofs O(log^2 n) lookups. Signed tree heads (Ed25519 over
 * AUDIT_STH_PREFIX "size\nroot_hex\ntimestamp_ms\n") are stored at most
 * every AUDIT_STH_INTERVAL_MS and on demand.
 *
 * Untrusted input: entry details (truncated to AUDIT_DETAIL_MAX bytes),
 * exported heads given to audit_verify (parsed strictly).
 */
#ifndef QUPIYA_AUDIT_AUDITLOG_H
#define QUPIYA_AUDIT_AUDITLOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "audit/merkle.h"
#include "core/date.h"
#include "core/qerr.h"
#include "crypto/crypto.h"
#include "store/store.h"

#define AUDIT_NODE_MIN_LEVEL  4
#define AUDIT_STH_INTERVAL_MS 1000
#define AUDIT_STH_PREFIX      "qupiya-sth-v1\n"
#define AUDIT_DETAIL_MAX      4096

struct audit_log;

/* keys: borrowed for the life of the log (signing). fixed_today: the
 * --clock date, or QDATE_NONE; recorded in every entry as "clock". */
struct audit_log *audit_log_new(const struct crypto_keys *keys, qdate fixed_today);
void audit_log_free(struct audit_log *log);

/* What happened. Strings are borrowed; NULL means absent (JSON null). */
struct audit_event {
	const char *actor;        /* user id, or "anonymous", "system" */
	const char *action;       /* "org.create", "session.create", "carrier.read" ... */
	const char *object;       /* the id acted on */
	const char *outcome;      /* "ok", "refused", "denied", "failed" */
	const char *code;         /* rule or error code on refusal */
	const char *article;
	const char *address;      /* client address */
	qdate effective_date;     /* QDATE_NONE: none */
	json_t *details;          /* borrowed; small object or NULL */
};

/* Appends ev inside tx (a write transaction) and, when due, a signed tree
 * head. Returns the entry's seq in *seq (may be NULL). */
int audit_append(struct audit_log *log, struct store_tx *tx,
                 const struct audit_event *ev, int64_t *seq, struct qerr *e);

/* The current head, freshly signed (also stored). Needs a write tx. */
int audit_head(struct audit_log *log, struct store_tx *tx, struct store_sth *out,
               struct qerr *e);
/* The current head, freshly signed, not stored: a read transaction is
 * enough, so a reader never waits for the writer (GET /v1/audit/head). The
 * log's own stored heads come with appends (audit_append) and audit_head. */
int audit_head_sign(struct audit_log *log, struct store_tx *tx, struct store_sth *out,
                    struct qerr *e);
/* {size, root, timestamp, signature, public_key} with hex strings. */
json_t *audit_head_json(const struct store_sth *h, const uint8_t pk[32]);
int audit_head_from_json(const json_t *j, struct store_sth *out, uint8_t pk[32],
                         struct qerr *e);

/* Inclusion proof of entry index in the tree of size (RFC 9162 §2.1.3):
 * {index, size, leaf_hash, root, path:[hex]}. */
json_t *audit_proof_json(struct store_tx *tx, int64_t index, int64_t size,
                         struct qerr *e);
json_t *audit_consistency_json(struct store_tx *tx, int64_t old_size,
                               int64_t size, struct qerr *e);

/* A merkle_src reading leaves and stored nodes from tx. */
void audit_src_init(struct merkle_src *src, struct store_tx *tx);

/* Full verification: recomputes every leaf hash from its entry, checks seq
 * density and canonical form, the tree against every stored signed head
 * (root and Ed25519 signature under a key of the ring pks[0..npk), oldest
 * first: a head never verifies under a key older than an earlier head's),
 * the stored frontier, and — when
 * head is non-NULL — consistency with that exported head (a cut tail shows
 * as a log smaller than the head). Returns 0 when intact; -1 with e->detail
 * naming the first bad entry ("entry 17: ..."). Progress (entries/s) is
 * printed to progress every few seconds when non-NULL. */
int audit_verify(struct store_tx *tx, const uint8_t (*pks)[32], size_t npk,
                 const struct store_sth *head, FILE *progress,
                 int64_t *entries, int64_t *bytes, struct qerr *e);
/* The same with `jobs` threads hashing leaves and tree nodes (jobs < 1: the
 * number of online processors; at most 64). The answer, and the first bad
 * entry named, do not depend on jobs. */
int audit_verify_jobs(struct store_tx *tx, const uint8_t (*pks)[32], size_t npk,
                      const struct store_sth *head, int jobs, FILE *progress,
                      int64_t *entries, int64_t *bytes, struct qerr *e);

#endif
