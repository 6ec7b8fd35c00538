/*
 * bench_audit.c — audit log throughput: appends N entries (argv[1], default
 * 200000) of a typical size in transactions of 1000, then runs audit_verify
 * (with one thread hashing, then with one per online processor:
 * audit_verify_jobs) and prints entries/s and MB/s for each. Leaves the database in
 * $TMPDIR/qupiya-bench-audit-XXXXXX (path printed) for `qupiya audit verify`
 * when argv[2] is "keep"; removes it otherwise. QUPIYA_BENCH_DB: an empty
 * PostgreSQL database to use instead (bench/pg.sh).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "crypto/crypto.h"
#include "store/store.h"

#define TX_BATCH 1000

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

int
main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
	int keep = argc > 2 && strcmp(argv[2], "keep") == 0;
	char dir[256], db[320], keypath[400], err[256];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct audit_log *log;
	struct qerr e = {0};
	int64_t entries = 0, bytes = 0;
	double t0, t1;

	if (n <= 0 || crypto_init() != 0)
		return 1;
	snprintf(dir, sizeof dir, "%s/qupiya-bench-audit-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof db, "%s/bench.db", dir);
	snprintf(keypath, sizeof keypath, "%s.key", db);
	if (getenv("QUPIYA_BENCH_DB") != NULL)
		snprintf(db, sizeof db, "%s", getenv("QUPIYA_BENCH_DB"));
	keys = crypto_keys_create(keypath, err, sizeof err);
	if (keys == NULL || store_open(db, STORE_OPEN_CREATE, &s, &e) != 0) {
		fprintf(stderr, "bench_audit: setup: %s %s\n", err, e.detail);
		return 1;
	}
	log = audit_log_new(keys, QDATE_NONE);

	t0 = now();
	for (long i = 0; i < n; i++) {
		struct audit_event ev = {
			.actor = "usr_3f2a9c0d11e4b7a2", .action = "carrier.read",
			.object = "car_0a1b2c3d4e5f6789", .outcome = i % 9 ? "ok" : "denied",
			.code = i % 9 ? NULL : "need_to_know", .article = i % 9 ? NULL : "27.1",
			.address = "10.20.30.40", .effective_date = date_from_ymd(2024, 5, 17),
		};
		json_t *d = json_pack("{s:s, s:s, s:i}", "org_id", "org_77aa55cc33ee1100",
		                      "label", "top_secret", "copy", (int)(i % 50));

		ev.details = d;
		if ((i % TX_BATCH == 0 && store_begin(s, true, &tx, &e) != 0) ||
		    audit_append(log, tx, &ev, NULL, &e) != 0 ||
		    ((i % TX_BATCH == TX_BATCH - 1 || i == n - 1) && store_commit(tx, &e) != 0)) {
			fprintf(stderr, "bench_audit: append %ld: %s %s\n", i, e.code, e.detail);
			return 1;
		}
		json_decref(d);
	}
	t1 = now();
	printf("append: %ld entries in %.2f s, %.0f entries/s\n", n, t1 - t0,
	       (double)n / (t1 - t0));

	for (int jobs = 1; jobs <= 2; jobs++) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		int j = jobs == 1 ? 1 : cpus > 1 ? (int)cpus : 1;

		if (store_begin(s, false, &tx, &e) != 0)
			return 1;
		t0 = now();
		if (audit_verify_jobs(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, j, NULL,
		                      &entries, &bytes, &e) != 0) {
			fprintf(stderr, "bench_audit: verify: %s\n", e.detail);
			return 1;
		}
		t1 = now();
		store_rollback(tx);
		printf("verify jobs %d: %lld entries, %.1f MB in %.2f s: %.0f entries/s, %.1f MB/s\n",
		       j, (long long)entries, (double)bytes / 1e6, t1 - t0,
		       (double)entries / (t1 - t0), (double)bytes / 1e6 / (t1 - t0));
	}

	audit_log_free(log);
	store_close(s);
	crypto_keys_free(keys);
	if (keep)
		printf("database kept: %s\n", db);
	else
		rmtree(dir);
	return 0;
}
