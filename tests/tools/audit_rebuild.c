/*
 * audit_rebuild.c — the attack of issue 14 #8, as a test tool (never
 * installed): a thief holding the database and its key file rewrites one
 * entry of the audit log, deletes the signed heads and cosignatures that
 * covered it, rebuilds the whole tree (leaves, stored nodes, frontier)
 * and signs a fresh head with the stolen key. `qupiya audit verify` alone
 * then finds a consistent, correctly signed log; only a head kept
 * elsewhere — or a witness's cosignature — reveals the rewrite.
 *
 *   audit_rebuild DB SEQ    rewrites the first entry at or after SEQ whose
 *                           outcome is "ok" to outcome "no" (same length,
 *                           still canonical JSON). Exit 0 done, 1 failed.
 *
 * Uses the project's own store, Merkle and signing code (tests/api/
 * test_witness.py runs it).
 */
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/auditlog.h"
#include "audit/merkle.h"
#include "crypto/crypto.h"
#include "store/store.h"

struct ent {
	char *text;
	size_t len;
};

struct node_ctx {
	struct store_tx *tx;
	struct qerr *e;
};

static int
node_cb(void *ctx, int level, uint64_t index, const merkle_hash h)
{
	struct node_ctx *c = ctx;

	if (level < AUDIT_NODE_MIN_LEVEL)
		return 0;
	return store_audit_node_put(c->tx, level, (int64_t)index, h, c->e) != 0 ? -1 : 0;
}

static int
fail(const char *what)
{
	fprintf(stderr, "audit_rebuild: %s\n", what);
	return 1;
}

int
main(int argc, char **argv)
{
	static const char *const wipe[] = {
		"DELETE FROM audit_entry", "DELETE FROM audit_node", "DELETE FROM audit_state",
		"DELETE FROM audit_sth", "DELETE FROM audit_cosignature", "DELETE FROM audit_entry_ix",
	};
	char keypath[4096], err[256];
	struct ent *ents = NULL;
	size_t n = 0, cap = 0, i;
	long target;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct crypto_keys *keys;
	struct audit_log *log;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct merkle_frontier f;
	struct store_sth h;
	struct qerr e = {0};
	struct node_ctx nc;
	uint8_t state[8 + MERKLE_PATH_MAX * MERKLE_HASH_SIZE];
	size_t slen;
	bool changed = false;

	if (argc != 3)
		return fail("usage: audit_rebuild DB SEQ");
	target = strtol(argv[2], NULL, 10);
	if (crypto_init() != 0)
		return fail("crypto");
	/* the keys directory beside the database (SPEC §4's default) */
	snprintf(keypath, sizeof keypath, "%s", argv[1]);
	keys = crypto_keys_load_dir(dirname(keypath), err, sizeof err);
	if (keys == NULL)
		return fail(err);

	/* 1. read every entry, then delete the log and everything covering it */
	if (sqlite3_open(argv[1], &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT entry FROM audit_entry ORDER BY seq", -1, &st,
	                       NULL) != SQLITE_OK)
		return fail(sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t l = (size_t)sqlite3_column_bytes(st, 0);

		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			ents = realloc(ents, cap * sizeof *ents);
			if (ents == NULL)
				return fail("out of memory");
		}
		ents[n].text = malloc(l + 1);
		if (ents[n].text == NULL)
			return fail("out of memory");
		memcpy(ents[n].text, t, l + 1);
		ents[n].len = l;
		n++;
	}
	sqlite3_finalize(st);
	for (i = (size_t)target; i < n && !changed; i++) {
		char *p = strstr(ents[i].text, "\"outcome\":\"ok\"");

		if (p != NULL) {
			memcpy(p + 11, "no", 2);
			changed = true;
			printf("rewrote entry %zu of %zu\n", i, n);
		}
	}
	if (!changed)
		return fail("no entry to rewrite");
	for (i = 0; i < sizeof wipe / sizeof wipe[0]; i++)
		if (sqlite3_exec(db, wipe[i], NULL, NULL, NULL) != SQLITE_OK)
			return fail(sqlite3_errmsg(db));
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(sqlite3_errmsg(db));
	sqlite3_close(db);

	/* 2. rebuild the tree and sign a fresh head with the stolen key */
	log = audit_log_new(keys, QDATE_NONE);
	if (log == NULL || store_open(argv[1], STORE_OPEN_EXISTING, &s, &e) != 0 ||
	    store_begin(s, true, &tx, &e) != 0)
		return fail("open store");
	merkle_frontier_init(&f);
	nc.tx = tx;
	nc.e = &e;
	for (i = 0; i < n; i++) {
		merkle_hash leaf;

		merkle_leaf_hash(ents[i].text, ents[i].len, leaf);
		if (store_audit_insert(tx, (int64_t)i, ents[i].text, ents[i].len, leaf, &e) != 0 ||
		    merkle_frontier_append(&f, leaf, node_cb, &nc) != 0)
			return fail(e.detail);
		free(ents[i].text);
	}
	free(ents);
	slen = merkle_frontier_encode(&f, state, sizeof state);
	if (slen == 0 || store_audit_state_put(tx, state, slen, &e) != 0 ||
	    audit_head(log, tx, &h, &e) != 0 || store_commit(tx, &e) != 0)
		return fail(e.detail);
	printf("rebuilt %lld entries, signed a fresh head\n", (long long)h.size);
	store_close(s);
	audit_log_free(log);
	crypto_keys_free(keys);
	return 0;
}
