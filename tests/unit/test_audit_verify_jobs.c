/*
 * test_audit_verify_jobs.c — audit_verify_jobs() (auditlog.h) names the same
 * first bad entry, with the same answer and the same count of entries
 * checked, whatever the number of threads hashing leaves and tree nodes.
 *
 * A log of N_ENTRIES entries (more than one read batch of 8192, so the
 * shares of the workers and the batches start at unaligned entries) is
 * built once; then, on a copy of the database each, one kind of damage is
 * done at one position (positions around powers of two, share and batch
 * boundaries, the first and the last entry), and the copy is verified with
 * jobs 1, 3 and 4 (each position one kind, each kind several positions).
 * Every answer must equal jobs 1's; for the damage that
 * names its own entry, that entry must be the one named.
 *
 *   kind      damage                                     named
 *   text      one character of the entry's text          "entry K: "
 *   leaf      one bit of the stored leaf hash             "entry K: "
 *   hole      the row deleted                             "entry K: missing"
 *   rewrite   canonical rewrite, leaf recomputed          the stored node
 *                                                         over K's 16 entries
 *                                                         (or a head in them)
 *   two       text at K and leaf at K + 37                "entry K: "
 *
 * Every file lives under a fresh mkdtemp directory, removed at the end.
 */
#include <dirent.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "audit/merkle.h"
#include "crypto/crypto.h"
#include "store/store.h"
#include "tap.h"

#define N_ENTRIES 20000
#define TX_ENTRIES 1000

static char dir[256];
static char dbpath[512];
static struct crypto_keys *keys;

static void
rmtree(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	char p[512];

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", d, de->d_name);
		unlink(p);
	}
	closedir(dp);
	rmdir(d);
}

static int
build_log(struct store *s, struct audit_log *log)
{
	struct store_tx *tx;
	struct qerr e = {0};
	char object[32];

	for (int i = 0; i < N_ENTRIES; i += TX_ENTRIES) {
		if (store_begin(s, true, &tx, &e) != 0)
			return -1;
		for (int j = i; j < i + TX_ENTRIES; j++) {
			struct audit_event ev;
			json_t *details = json_pack("{s:i}", "n", j);
			int rc;

			snprintf(object, sizeof object, "car_%016x", (unsigned)j);
			memset(&ev, 0, sizeof ev);
			ev.actor = "usr_00000000000000aa";
			ev.action = j % 2 ? "carrier.read" : "org.create";
			ev.object = object;
			ev.outcome = j % 5 == 0 ? "denied" : "ok";
			ev.address = "127.0.0.1";
			ev.effective_date = QDATE_NONE;
			ev.details = details;
			rc = audit_append(log, tx, &ev, NULL, &e);
			json_decref(details);
			if (rc != 0) {
				store_rollback(tx);
				return -1;
			}
		}
		if (store_commit(tx, &e) != 0)
			return -1;
	}
	return 0;
}

static int
sql(const char *path, const char *stmt)
{
	sqlite3 *db;
	char *err = NULL;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, stmt, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sql %s: %s\n", stmt, err ? err : "?");
	sqlite3_free(err);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Replaces "ok" by "no" in entry seq's outcome ("denied" by "denier") and
 * stores the matching leaf: canonical text, a leaf that agrees with it. */
static int
rewrite_entry(const char *path, int64_t seq)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char text[4096], *p;
	merkle_hash leaf;
	size_t len;
	int rc = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT entry FROM audit_entry WHERE seq = ?1", -1, &st,
	                       NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		goto out;
	}
	snprintf(text, sizeof text, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	p = strstr(text, "\"outcome\":\"");
	if (p == NULL)
		goto out;
	p += strlen("\"outcome\":\"");
	p[0] = p[0] == 'o' ? 'n' : 'o';   /* "ok" <-> "nk", "denied" -> "oenied" */
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

enum kind { K_TEXT, K_LEAF, K_HOLE, K_REWRITE, K_TWO, K_COUNT };
static const char *const kind_name[K_COUNT] = {"text", "leaf", "hole", "rewrite", "two"};

static int
damage(const char *path, enum kind k, int64_t seq)
{
	char stmt[512];

	switch (k) {
	case K_TEXT:
	case K_TWO:
		snprintf(stmt, sizeof stmt,
		         "UPDATE audit_entry SET entry = replace(entry, '\"actor\":\"usr_',"
		         " '\"actor\":\"usx_') WHERE seq = %" PRId64 ";", seq);
		if (sql(path, stmt) != 0)
			return -1;
		if (k == K_TEXT)
			return 0;
		seq += 37;
		/* and the leaf of seq + 37: */
		__attribute__((fallthrough));
	case K_LEAF:
		snprintf(stmt, sizeof stmt,
		         "UPDATE audit_entry SET leaf = CASE WHEN substr(leaf, 1, 1) = x'00'"
		         " THEN x'01' ELSE x'00' END || substr(leaf, 2) WHERE seq = %" PRId64,
		         seq);
		return sql(path, stmt);
	case K_HOLE:
		snprintf(stmt, sizeof stmt, "DELETE FROM audit_entry WHERE seq = %" PRId64, seq);
		return sql(path, stmt);
	case K_REWRITE:
		return rewrite_entry(path, seq);
	default:
		return -1;
	}
}

struct answer {
	int rc;
	int64_t entries;
	char detail[sizeof ((struct qerr *)0)->detail];
};

static void
verify_db(const char *path, int jobs, struct answer *a)
{
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int64_t bytes;

	memset(a, 0, sizeof *a);
	a->rc = -2;
	if (store_open(path, STORE_OPEN_EXISTING, &s, &e) != 0 ||
	    store_begin(s, false, &tx, &e) != 0) {
		store_close(s);
		return;
	}
	a->rc = audit_verify_jobs(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, jobs,
	                          NULL, &a->entries, &bytes, &e);
	snprintf(a->detail, sizeof a->detail, "%s", a->rc == 0 ? "" : e.detail);
	store_rollback(tx);
	store_close(s);
}

/* The entry a detail names: "entry K: ..." -> K, else -1. */
static int64_t
named(const char *detail)
{
	long long k;

	return sscanf(detail, "entry %lld:", &k) == 1 ? (int64_t)k : -1;
}

static void
test_case(struct store *s, int idx, enum kind k, int64_t seq)
{
	static const int jobs[] = {3, 4};
	struct answer one, many;
	struct qerr e = {0};
	char p[512], want[64];

	snprintf(p, sizeof p, "%s/c%d.db", dir, idx);
	CHECK(store_backup(s, p, &e) == 0);
	CHECK(damage(p, k, seq) == 0);
	verify_db(p, 1, &one);
	CHECK(one.rc == -1);
	snprintf(want, sizeof want, "entry %" PRId64 ": ", seq);
	if (k == K_REWRITE) {
		/* the stored node over its 16 entries, or a head within them */
		CHECK(named(one.detail) >= (seq & ~(int64_t)15) &&
		      named(one.detail) <= (seq | 15));
	} else if (strncmp(one.detail, want, strlen(want)) != 0) {
		CHECK_STR(one.detail, want);
	}
	for (size_t j = 0; j < sizeof jobs / sizeof jobs[0]; j++) {
		verify_db(p, jobs[j], &many);
		if (many.rc != one.rc || many.entries != one.entries ||
		    strcmp(many.detail, one.detail) != 0) {
			fprintf(stderr, "%s at %" PRId64 ": jobs 1: %d %" PRId64 " \"%s\";"
			        " jobs %d: %d %" PRId64 " \"%s\"\n", kind_name[k], seq, one.rc,
			        one.entries, one.detail, jobs[j], many.rc, many.entries,
			        many.detail);
			CHECK(0);
		} else {
			CHECK(1);
		}
	}
	unlink(p);
}

int
main(void)
{
	static const int64_t at[] = {0, 1, 15, 16, 63, 64, 255, 256, 1023, 4095, 4096,
	                             5001, 8191, 8192, 8193, 12345, 16383, 16384,
	                             N_ENTRIES - 40, N_ENTRIES - 1};
	struct store *s = NULL;
	struct audit_log *log;
	struct answer a;
	struct qerr e = {0};
	char keypath[600];
	int idx = 0;

	if (crypto_init() != 0)
		return 1;
	snprintf(dir, sizeof dir, "%s/qupiya-verify-jobs-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(dbpath, sizeof dbpath, "%s/a.db", dir);
	snprintf(keypath, sizeof keypath, "%s.key", dbpath);
	keys = crypto_keys_create(keypath, e.detail, sizeof e.detail);
	CHECK(keys != NULL);
	CHECK(store_open(dbpath, STORE_OPEN_CREATE, &s, &e) == 0);
	log = audit_log_new(keys, date_from_ymd(2024, 3, 15));
	CHECK(log != NULL);
	if (keys == NULL || s == NULL || log == NULL)
		return tap_done();
	CHECK(build_log(s, log) == 0);

	/* Intact: the same answer for every jobs. */
	for (int jobs = 1; jobs <= 4; jobs++) {
		verify_db(dbpath, jobs, &a);
		CHECK(a.rc == 0 && a.entries == N_ENTRIES);
	}
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
		for (int k = 0; k < K_COUNT; k++)
			if ((i + (size_t)k) % K_COUNT == 0 && !(k == K_TWO && at[i] + 37 >= N_ENTRIES))
				test_case(s, idx++, (enum kind)k, at[i]);

	audit_log_free(log);
	store_close(s);
	crypto_keys_free(keys);
	rmtree(dir);
	return tap_done();
}
