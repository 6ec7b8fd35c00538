/*
 * test_auditlog.c — the audit log (auditlog.h) over the real SQLite store:
 * entries are canonical and carry what happened, proofs from the store
 * verify against a signed head, audit_verify passes an intact log, and
 * every kind of tampering, done with sqlite3 directly on a backup copy of
 * the database, is caught and names the entry:
 *
 *   want_detail            tampering
 *   "entry 17: "           one byte of entry 17's text
 *   "entry 42: "           one byte of entry 42's stored leaf hash
 *   "entry 100: missing"   entry 100 deleted
 *   "entry 5: "            entry 5 rewritten non-canonically, leaf recomputed
 *   "entry 250: missing"   entries 250.. deleted (stored state and heads say more)
 *   "entry 250: missing"   ... and state and heads rewritten, checked with the
 *                          exported head (without it the cut cannot show)
 *
 * Every file lives under a fresh mkdtemp directory, removed at the end.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "audit/merkle.h"
#include "crypto/crypto.h"
#include "store/store.h"
#include "audit_sql.h"
#include "tap.h"

#define N_ENTRIES 300
#define CUT_AT    250

static char dir[256];
static char dbpath[512];
static struct crypto_keys *keys;

static void
path_in(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- building a log ---------------------------------------------------- */

static int
append_one(struct audit_log *log, struct store_tx *tx, int i, int64_t *seq)
{
	struct audit_event ev;
	struct qerr e = {0};
	char object[32];
	json_t *details;
	int rc;

	snprintf(object, sizeof object, "car_%016x", (unsigned)i);
	memset(&ev, 0, sizeof ev);
	ev.actor = i % 7 == 0 ? "anonymous" : "usr_00000000000000aa";
	ev.action = i % 2 ? "carrier.read" : "org.create";
	ev.object = object;
	ev.outcome = i % 5 == 0 ? "denied" : "ok";
	ev.code = i % 5 == 0 ? "no_clearance" : NULL;
	ev.article = i % 5 == 0 ? "27.1" : NULL;
	ev.address = "127.0.0.1";
	ev.effective_date = i % 3 == 0 ? QDATE_NONE : date_from_ymd(2024, 3, 1 + i % 28);
	details = json_pack("{s:i, s:s}", "n", i, "name", "Қазақстан «ұйым»/\"x\"");
	ev.details = details;
	rc = audit_append(log, tx, &ev, seq, &e);
	json_decref(details);
	if (rc != 0)
		fprintf(stderr, "append %d: %s %s\n", i, e.code, e.detail);
	return rc;
}

static int
build_log(struct store *s, struct audit_log *log)
{
	struct store_tx *tx;
	struct qerr e = {0};
	int64_t seq;
	int bad = 0;

	for (int i = 0; i < N_ENTRIES; i += 25) {
		if (store_begin(s, true, &tx, &e) != 0)
			return -1;
		for (int j = i; j < i + 25; j++) {
			if (append_one(log, tx, j, &seq) != 0 || seq != j)
				bad++;
		}
		if (store_commit(tx, &e) != 0)
			return -1;
	}
	return bad == 0 ? 0 : -1;
}

/* ---- checks on an intact log ------------------------------------------- */

struct leaves {
	merkle_hash h[N_ENTRIES];
	int n;
	char first[8192];
};

static int
leaves_cb(void *ctx, int64_t seq, const char *entry, size_t len, const uint8_t leaf[32])
{
	struct leaves *l = ctx;

	if (seq != l->n || l->n >= N_ENTRIES)
		return -1;
	memcpy(l->h[l->n++], leaf, MERKLE_HASH_SIZE);
	if (seq == 0 && len < sizeof l->first) {
		memcpy(l->first, entry, len);
		l->first[len] = '\0';
	}
	return 0;
}

static int
mem_node(void *ctx, int level, uint64_t index, merkle_hash out)
{
	struct leaves *l = ctx;
	struct merkle_frontier f;

	merkle_frontier_init(&f);
	for (uint64_t i = index << level; i < (index + 1) << level; i++) {
		if (i >= (uint64_t)l->n || merkle_frontier_append(&f, l->h[i], NULL, NULL) != 0)
			return -1;
	}
	merkle_frontier_root(&f, out);
	return 0;
}

static int
hex_path(const json_t *a, merkle_hash *path, size_t *n)
{
	size_t i;
	json_t *v;

	*n = 0;
	if (!json_is_array(a) || json_array_size(a) > MERKLE_PATH_MAX)
		return -1;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) ||
		    crypto_unhex(json_string_value(v), path[i], MERKLE_HASH_SIZE) != 0)
			return -1;
	}
	*n = json_array_size(a);
	return 0;
}

static int
hex_member(const json_t *j, const char *key, merkle_hash out)
{
	const json_t *v = json_object_get(j, key);

	return json_is_string(v) &&
	       crypto_unhex(json_string_value(v), out, MERKLE_HASH_SIZE) == 0 ? 0 : -1;
}

static void
test_entry_form(const struct leaves *l)
{
	json_error_t jerr;
	json_t *j = json_loads(l->first, 0, &jerr), *t;
	char *again;

	CHECK(json_is_object(j));
	CHECK(json_object_size(j) == 12);
	CHECK(json_integer_value(json_object_get(j, "seq")) == 0);
	CHECK_STR(json_string_value(json_object_get(j, "clock")), "2024-03-15");
	CHECK_STR(json_string_value(json_object_get(j, "actor")), "anonymous");
	CHECK_STR(json_string_value(json_object_get(j, "outcome")), "denied");
	CHECK_STR(json_string_value(json_object_get(j, "code")), "no_clearance");
	CHECK(json_is_null(json_object_get(j, "effective_date")));
	t = json_object_get(j, "time");
	CHECK(json_is_string(t) && json_string_length(t) == 24 &&
	      json_string_value(t)[10] == 'T' && json_string_value(t)[19] == '.' &&
	      json_string_value(t)[23] == 'Z');
	/* Canonical: re-dumping gives the same bytes, keys sorted. */
	again = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	CHECK(again != NULL && strcmp(again, l->first) == 0);
	CHECK(starts_with(l->first, "{\"action\":\"org.create\",\"actor\":"));
	free(again);
	json_decref(j);
}

static void
test_proofs(struct store *s, const struct store_sth *head)
{
	struct store_tx *tx;
	struct qerr e = {0};
	struct leaves *l = calloc(1, sizeof *l);
	struct merkle_src mem = { l, mem_node }, src;
	merkle_hash root, r2, path[MERKLE_PATH_MAX];
	int bad_incl = 0, bad_cons = 0;
	size_t n;

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_audit_read(tx, 0, N_ENTRIES + 10, leaves_cb, l, &e) == 0);
	CHECK(l->n == N_ENTRIES);
	test_entry_form(l);

	/* The tree from the store's nodes equals the one from the leaves. */
	audit_src_init(&src, tx);
	CHECK(merkle_root(&mem, N_ENTRIES, root) == 0);
	CHECK(memcmp(root, head->root, MERKLE_HASH_SIZE) == 0);
	CHECK(merkle_root(&src, N_ENTRIES, r2) == 0);
	CHECK(memcmp(root, r2, MERKLE_HASH_SIZE) == 0);

	/* Inclusion proofs of every entry in the signed head's tree. */
	for (int64_t i = 0; i < N_ENTRIES; i++) {
		json_t *p = audit_proof_json(tx, i, head->size, &e);
		merkle_hash leaf, proot;

		if (p == NULL || hex_path(json_object_get(p, "path"), path, &n) != 0 ||
		    hex_member(p, "leaf_hash", leaf) != 0 ||
		    hex_member(p, "root", proot) != 0 ||
		    memcmp(leaf, l->h[i], MERKLE_HASH_SIZE) != 0 ||
		    memcmp(proot, head->root, MERKLE_HASH_SIZE) != 0 ||
		    merkle_inclusion_verify(leaf, (uint64_t)i, (uint64_t)head->size,
		                            (const merkle_hash *)path, n, head->root) != 0)
			bad_incl++;
		json_decref(p);
	}
	CHECK(bad_incl == 0);

	/* Consistency of every earlier size with the head. */
	for (int64_t m = 0; m <= N_ENTRIES; m++) {
		json_t *p = audit_consistency_json(tx, m, head->size, &e);
		merkle_hash old;

		if (p == NULL || hex_path(json_object_get(p, "path"), path, &n) != 0 ||
		    hex_member(p, "old_root", old) != 0 ||
		    merkle_root(&mem, (uint64_t)m, r2) != 0 ||
		    memcmp(old, r2, MERKLE_HASH_SIZE) != 0 ||
		    merkle_consistency_verify((uint64_t)m, (uint64_t)head->size, old,
		                              head->root, (const merkle_hash *)path, n) != 0)
			bad_cons++;
		json_decref(p);
	}
	CHECK(bad_cons == 0);

	/* Out of range. */
	CHECK(audit_proof_json(tx, N_ENTRIES, N_ENTRIES, &e) == NULL &&
	      e.status == QERR_INPUT);
	CHECK(audit_proof_json(tx, 0, N_ENTRIES + 1, &e) == NULL &&
	      e.status == QERR_INPUT);
	CHECK(audit_consistency_json(tx, 5, 4, &e) == NULL && e.status == QERR_INPUT);
	store_rollback(tx);
	free(l);
}

static void
test_head_json(const struct store_sth *h)
{
	json_t *j = audit_head_json(h, keys->sign_pk);
	struct store_sth back;
	uint8_t pk[32];
	struct qerr e = {0};

	CHECK(j != NULL);
	CHECK(audit_head_from_json(j, &back, pk, &e) == 0);
	CHECK(memcmp(&back, h, sizeof back) == 0);
	CHECK(memcmp(pk, keys->sign_pk, 32) == 0);
	json_object_set_new(j, "extra", json_true());
	CHECK(audit_head_from_json(j, &back, pk, &e) == -1 && e.status == QERR_INPUT);
	json_object_del(j, "extra");
	/* fuzz_audit_head: an empty key was refused naming no field */
	json_object_set_new(j, "", json_true());
	CHECK(audit_head_from_json(j, &back, pk, &e) == -1);
	CHECK_STR(e.field, "head");
	json_object_del(j, "");
	json_object_set_new(j, "root", json_string("abcd"));
	CHECK(audit_head_from_json(j, &back, pk, &e) == -1);
	CHECK_STR(e.field, "root");
	json_decref(j);
	j = json_pack("{s:i}", "size", -1);
	CHECK(audit_head_from_json(j, &back, pk, &e) == -1);
	json_decref(j);
}

/* ---- verification ------------------------------------------------------- */

/* audit_verify on the database at path: 0 intact; else e->detail. */
static int
verify_db(const char *path, const struct store_sth *head, struct qerr *e,
          int64_t *entries)
{
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	int64_t bytes;
	int rc;

	qerr_clear(e);
	if (store_open(path, STORE_OPEN_EXISTING, &s, e) != 0 ||
	    store_begin(s, false, &tx, e) != 0) {
		store_close(s);
		return -2;
	}
	rc = audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, head, NULL, entries, &bytes, e);
	store_rollback(tx);
	store_close(s);
	return rc;
}

static int
copy_db(struct store *s, const char *name, char *out, size_t outsz)
{
	struct qerr e = {0};

	path_in(out, outsz, name);
	return store_backup(s, out, &e);
}

/* Flips one bit of byte `at` of column col (entry or leaf) of row seq. */
static int
flip(const char *path, int64_t seq, const char *col, int at)
{
	char stmt[256];

	/* Entry text: one character changed; leaf: the first byte changed. */
	if (strcmp(col, "entry") == 0)
		snprintf(stmt, sizeof stmt,
		         "UPDATE audit_entry SET entry = substr(entry, 1, %d) ||"
		         " CASE WHEN substr(entry, %d, 1) = 'a' THEN 'b' ELSE 'a' END ||"
		         " substr(entry, %d) WHERE seq = %lld", at, at + 1, at + 2,
		         (long long)seq);
	else
		snprintf(stmt, sizeof stmt,
		         "UPDATE audit_entry SET leaf = CASE WHEN substr(leaf, 1, 1) = x'00'"
		         " THEN x'01' ELSE x'00' END || substr(leaf, 2) WHERE seq = %lld",
		         (long long)seq);
	return sql(path, stmt);
}

/* Rewrites audit_state to the frontier of the first `size` stored leaves
 * (what an attacker who cut the tail would do). */
static int
rewrite_state(const char *path, int64_t size)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	struct merkle_frontier f;
	uint8_t buf[8 + MERKLE_PATH_MAX * MERKLE_HASH_SIZE];
	size_t len;
	int rc = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	merkle_frontier_init(&f);
	if (sqlite3_prepare_v2(db, "SELECT leaf FROM audit_entry WHERE seq < ?1 ORDER BY seq",
	                       -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, size);
	while (sqlite3_step(st) == SQLITE_ROW)
		merkle_frontier_append(&f, (const uint8_t *)sqlite3_column_blob(st, 0),
		                       NULL, NULL);
	sqlite3_finalize(st);
	len = merkle_frontier_encode(&f, buf, sizeof buf);
	if (sqlite3_prepare_v2(db, "UPDATE audit_state SET state = ?1 WHERE id = 1",
	                       -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_blob(st, 1, buf, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
out:
	sqlite3_close(db);
	return rc;
}

/* Rewrites entry seq with `from` replaced by `to` in its text and the leaf
 * recomputed (an attacker without the key). */
static int
rewrite_entry(const char *path, int64_t seq, const char *from, const char *to)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char text[8192], *p;
	merkle_hash leaf;
	size_t len;
	int rc = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT entry FROM audit_entry WHERE seq = ?1", -1,
	                       &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		goto out;
	}
	snprintf(text, sizeof text, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	p = strstr(text, from);
	if (p == NULL || strlen(text) - strlen(from) + strlen(to) >= sizeof text)
		goto out;
	memmove(p + strlen(to), p + strlen(from), strlen(p + strlen(from)) + 1);
	memcpy(p, to, strlen(to));
	len = strlen(text);
	merkle_leaf_hash(text, len, leaf);
	if (sqlite3_prepare_v2(db, "UPDATE audit_entry SET entry = ?1, leaf = ?2 WHERE seq = ?3",
	                       -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, leaf, MERKLE_HASH_SIZE, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, seq);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
out:
	sqlite3_close(db);
	return rc;
}

static void
test_tampering(struct store *s, const struct store_sth *head)
{
	struct qerr e;
	int64_t n;
	char p[512];

	/* Intact, with and without the exported head. */
	CHECK(verify_db(dbpath, NULL, &e, &n) == 0 && n == N_ENTRIES);
	CHECK(verify_db(dbpath, head, &e, &n) == 0);

	/* One byte of an entry's text. */
	CHECK(copy_db(s, "t1.db", p, sizeof p) == 0);
	CHECK(flip(p, 17, "entry", 3) == 0);
	CHECK(verify_db(p, NULL, &e, &n) == -1);
	CHECK_STR(e.code, "audit_broken");
	CHECK(starts_with(e.detail, "entry 17: "));
	CHECK(n == 17);

	/* One byte of a stored leaf hash. */
	CHECK(copy_db(s, "t2.db", p, sizeof p) == 0);
	CHECK(flip(p, 42, "leaf", 0) == 0);
	CHECK(verify_db(p, head, &e, &n) == -1);
	CHECK(starts_with(e.detail, "entry 42: "));

	/* A hole. */
	CHECK(copy_db(s, "t3.db", p, sizeof p) == 0);
	CHECK(sql(p, "DELETE FROM audit_entry WHERE seq = 100") == 0);
	CHECK(verify_db(p, NULL, &e, &n) == -1);
	CHECK_STR(e.detail, "entry 100: missing");

	/* Non-canonical text with a matching leaf. */
	CHECK(copy_db(s, "t4.db", p, sizeof p) == 0);
	CHECK(rewrite_entry(p, 5, "\"seq\":5", "\"seq\": 5") == 0);
	CHECK(verify_db(p, NULL, &e, &n) == -1);
	CHECK(starts_with(e.detail, "entry 5: "));

	/* Canonical rewrite with a matching leaf: the stored node over entries
	 * 0..15 (and the signed heads) no longer agree. */
	CHECK(copy_db(s, "t5.db", p, sizeof p) == 0);
	CHECK(rewrite_entry(p, 5, "\"outcome\":\"denied\"", "\"outcome\":\"ok\"") == 0);
	CHECK(verify_db(p, NULL, &e, &n) == -1);
	CHECK_STR(e.code, "audit_broken");
	CHECK(starts_with(e.detail, "entry 0: stored node for entries 0..15"));

	/* A cut tail: the stored state and signed heads still say 300. */
	CHECK(copy_db(s, "t6.db", p, sizeof p) == 0);
	CHECK(sql(p, "DELETE FROM audit_entry WHERE seq >= 250") == 0);
	CHECK(verify_db(p, NULL, &e, &n) == -1);
	CHECK(starts_with(e.detail, "entry 250: missing"));

	/* A careful cut: state rewritten, later heads and nodes deleted. Only
	 * the exported head shows it. */
	CHECK(sql(p, "DELETE FROM audit_sth WHERE size > 250;"
	             "DELETE FROM audit_node WHERE (idx + 1) << level > 250") == 0);
	CHECK(rewrite_state(p, CUT_AT) == 0);
	CHECK(verify_db(p, NULL, &e, &n) == 0 && n == CUT_AT);
	CHECK(verify_db(p, head, &e, &n) == -1);
	CHECK_STR(e.detail, "entry 250: missing (log cut at 250, head has 300)");

	/* A forged signature on a stored head. */
	CHECK(copy_db(s, "t7.db", p, sizeof p) == 0);
	CHECK(sql(p, "UPDATE audit_sth SET signature = zeroblob(64)"
	             " WHERE n = (SELECT max(n) FROM audit_sth)") == 0);
	CHECK(verify_db(p, NULL, &e, &n) == -1);
	CHECK(strstr(e.detail, "bad signature") != NULL);

	/* An exported head that is not of this log. */
	{
		struct store_sth h = *head;

		h.root[0] ^= 1;
		CHECK(verify_db(dbpath, &h, &e, &n) == -1);
		CHECK(starts_with(e.detail, "head: "));
	}
}

int
main(void)
{
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct audit_log *log;
	struct store_sth head;
	struct qerr e = {0};
	char keypath[600];

	if (crypto_init() != 0)
		return 1;
	snprintf(dir, sizeof dir, "%s/qupiya-audit-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	path_in(dbpath, sizeof dbpath, "a.db");
	snprintf(keypath, sizeof keypath, "%s.key", dbpath);
	keys = crypto_keys_create(keypath, e.detail, sizeof e.detail);
	CHECK(keys != NULL);
	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	log = audit_log_new(keys, date_from_ymd(2024, 3, 15));
	CHECK(log != NULL);
	if (keys == NULL || s == NULL || log == NULL)
		return tap_done();

	/* An empty log verifies, and its head is the empty root. */
	CHECK(verify_db(dbpath, NULL, &e, NULL) == 0);

	CHECK(build_log(s, log) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(audit_head(log, tx, &head, &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	CHECK(head.size == N_ENTRIES);

	test_proofs(s, &head);
	test_head_json(&head);
	test_tampering(s, &head);

	audit_log_free(log);
	store_close(s);
	crypto_keys_free(keys);
	rmtree(dir);
	return tap_done();
}
