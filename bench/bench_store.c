/*
 * bench_store.c — registering 1,000,000 carriers through the store interface
 * (store_rec_insert with the registry's tags, 10,000 per durable
 * transaction), against its peer in the same run: the same rows inserted by
 * bare SQLite statements into a table of the same shape. Prints figures;
 * never passes or fails. argv[1]: how many carriers (default 1,000,000);
 * argv[2] "--peer": the peer alone (bench/bench_import.py, next to
 * `qupiya import`).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "org_put.h"

#define CARRIERS 1000000

static int n_carriers = CARRIERS;
#define BATCH    10000

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const labels[] = {"confidential", "top_secret", "special_importance"};

static double
peer(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	double t0;
	char doc[256], id[40], acc[40];

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 0;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                 "CREATE TABLE r(seq INTEGER PRIMARY KEY, id TEXT UNIQUE, org TEXT, ref TEXT,"
	                 " state TEXT, doc TEXT, UNIQUE(org, ref));", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO r(id, org, ref, state, doc) VALUES(?,?,?,?,?)", -1, &st, NULL);
	t0 = now_s();
	for (int i = 0; i < n_carriers; i++) {
		if (i % BATCH == 0)
			sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		snprintf(id, sizeof id, "carrier_%016x", i);
		snprintf(acc, sizeof acc, "A-%d", i);
		snprintf(doc, sizeof doc, "{\"account_number\":\"%s\",\"label\":\"%s\",\"copies\":[{\"number\":1}]}",
		         acc, labels[i % 3]);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, "org_bench", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, acc, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, "registered", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, doc, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
		if (i % BATCH == BATCH - 1)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	t0 = now_s() - t0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return t0;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/qupiya-bench-store-XXXXXX", path[256], cmd[300];
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	double t0, el, pe;
	int done = 0;

	if (argc > 1 && (n_carriers = atoi(argv[1])) <= 0)
		return 2;
	if (mkdtemp(dir) == NULL)
		return 1;
	if (argc > 2 && strcmp(argv[2], "--peer") == 0) {
		snprintf(path, sizeof path, "%s/peer.db", dir);
		pe = peer(path);
		printf("peer: bare SQLite inserts of the same rows: %.2f s\n", pe);
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		return system(cmd) == 0 ? 0 : 1;
	}
	snprintf(path, sizeof path, "%s/q.db", dir);
	if (store_open(path, STORE_OPEN_CREATE, &s, &e) != 0) {
		fprintf(stderr, "bench_store: %s %s\n", e.code, e.detail);
		return 1;
	}
	/* the registry's organization first: carriers name it by a key */
	if (store_begin(s, true, &tx, &e) != 0 || bench_org_put(tx, "org_bench", &e) != 0 ||
	    store_commit(tx, &e) != 0) {
		fprintf(stderr, "bench_store: %s %s\n", e.code, e.detail);
		return 1;
	}
	tx = NULL;
	t0 = now_s();
	for (int i = 0; i < n_carriers; i++) {
		struct store_rec r = {0};

		if (i % BATCH == 0 && store_begin(s, true, &tx, &e) != 0)
			break;
		q_strlcpy(r.kind, "carrier", sizeof r.kind);
		store_id_new("carrier", r.id);
		q_strlcpy(r.org_id, "org_bench", sizeof r.org_id);
		snprintf(r.ref, sizeof r.ref, "A-%d", i);
		q_strlcpy(r.state, "registered", sizeof r.state);
		r.doc = json_pack("{s:s, s:s, s:s, s:[{s:i, s:n}]}", "id", r.id, "account_number", r.ref,
		                  "label", labels[i % 3], "copies", "number", 1, "holder");
		if (store_rec_insert(tx, &r, &e) != 0) {
			store_rec_clear(&r);
			store_rollback(tx);
			tx = NULL;
			break;
		}
		store_rec_clear(&r);
		done++;
		if (i % BATCH == BATCH - 1) {
			if (store_commit(tx, &e) != 0)
				break;
			tx = NULL;
		}
	}
	store_rollback(tx);
	el = now_s() - t0;
	store_close(s);
	snprintf(path, sizeof path, "%s/peer.db", dir);
	pe = peer(path);
	printf("register %d carriers through the store: %.1f s (%.0f/s)%s\n", done, el, done / el,
	       done == n_carriers ? "" : "  (stopped early)");
	printf("peer: bare SQLite inserts of the same rows: %.1f s; ratio store/peer time = %.2f\n",
	       pe, pe > 0 ? el / pe : 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_store: could not remove %s\n", dir);
	return 0;
}
