/*
 * bench_deadlines.c — the deadlines list (ops/deadlines.c, the code
 * behind GET /v1/deadlines and `qupiya deadlines`) for one organization
 * holding 1,000,000 carriers, on a real SQLite store. Prints figures;
 * never passes or fails.
 *
 * Builds a temporary database through the store API (store_rec_insert, so
 * the derived tags and the due-date indexes are maintained as in
 * production): one organization with BENCH_N carriers (default 1,000,000;
 * env BENCH_DEADLINES_N), another with 10% as many, 200 information items,
 * 50 preliminary items, 20 open requests and 5 certificates. Carriers'
 * declassify_on are spread over 2026..2055; 100 are past due at the
 * report's date and 100 more are flagged for review (review_due_on) by a
 * list change.
 *
 * Figures (each the median and the worst of REPEAT runs, a fresh read
 * transaction each):
 *   - today      as_of 2026-06-01: the ~200 due carriers + the small kinds
 *   - horizon    as_of 2026-06-01, within 365 days
 *   - future     as_of 2060-01-01 (everything due), limit 1000: the first
 *                page of a list of a million
 *   - reference  the same "today" answer by walking every carrier of the
 *                organization (store_rec_list), as a plain implementation
 *                would: what the index saves. Its answer is compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/calendar.h"
#include "crypto/crypto.h"
#include "ops/deadlines.h"
#include "store/store.h"
#include "org_put.h"

#define BENCH_N_DEFAULT 1000000
#define BATCH           20000     /* inserts per write transaction */
#define REPEAT          15
#define N_DUE           100       /* carriers past due at TODAY */
#define N_FLAGGED       100       /* carriers flagged by a list change */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
die(const char *what, const struct qerr *e)
{
	fprintf(stderr, "bench_deadlines: %s: %s %s\n", what, e->code, e->detail);
	exit(1);
}

static void
insert(struct store_tx *tx, const char *kind, const char *prefix, const char *org,
       const char *state, json_t *doc)
{
	struct store_rec r = {0};
	struct qerr e = {0};

	q_strlcpy(r.kind, kind, sizeof r.kind);
	store_id_new(prefix, r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.state, state, sizeof r.state);
	json_object_set_new(doc, "id", json_string(r.id));
	r.doc = doc;
	if (store_rec_insert(tx, &r, &e) != 0)
		die("insert", &e);
	store_rec_clear(&r);
}

static void
carriers(struct store *s, const char *org, long n, long due, long flagged)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	unsigned seed = 42;

	/* the organization first: its rows name it by a key */
	if (store_begin(s, true, &tx, &e) != 0 || bench_org_put(tx, org, &e) != 0 ||
	    store_commit(tx, &e) != 0)
		die("organization", &e);
	tx = NULL;
	for (long i = 0; i < n; i++) {
		char day[QDATE_STR_SIZE], acct[32];
		json_t *doc;

		if (tx == NULL && store_begin(s, true, &tx, &e) != 0)
			die("begin", &e);
		seed = seed * 1103515245u + 12345u;
		if (i < due)   /* past due at TODAY */
			snprintf(day, sizeof day, "2026-0%ld-%02ld", 1 + i % 5, 1 + i % 28);
		else
			snprintf(day, sizeof day, "%d-%02u-%02u", 2027 + (int)(seed % 29),
			         1 + (seed >> 8) % 12, 1 + (seed >> 16) % 28);
		snprintf(acct, sizeof acct, "A-%ld", i);
		doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:[{s:i, s:n, s:s}], s:i, s:s,"
		                " s:s}", "org_id", org, "account_number", acct, "kind", "paper",
		                "title", "Report", "label", "top_secret", "information_ids",
		                "info_bench", "copies", "number", 1, "holder", "state",
		                "in_registry", "sheets", 3, "declassify_on", day, "state",
		                "registered");
		if (i >= due && i < due + flagged) {
			json_object_set_new(doc, "review_required", json_true());
			json_object_set_new(doc, "review_due_on", json_string("2026-05-20"));
			json_object_set_new(doc, "review_reason", json_string("list_changed"));
		}
		insert(tx, "carrier", "carrier", org, "registered", doc);
		if ((i + 1) % BATCH == 0 || i + 1 == n) {
			if (store_commit(tx, &e) != 0)
				die("commit", &e);
			tx = NULL;
		}
	}
}

static void
small_kinds(struct store *s, const char *org)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};

	if (store_begin(s, true, &tx, &e) != 0)
		die("begin", &e);
	for (int i = 0; i < 200; i++)
		insert(tx, "information", "info", org, "classified",
		       json_pack("{s:s, s:s, s:s, s:s}", "degree", "top_secret", "classified_on",
		                 "2020-01-01", "declassify_on", i < 10 ? "2026-01-01" : "2040-01-01",
		                 "state", "classified"));
	for (int i = 0; i < 50; i++)
		insert(tx, "information", "info", org, "preliminary",
		       json_pack("{s:s, s:s, s:n}", "classified_on", "2026-04-30", "state",
		                 "preliminary", "proposal_on"));
	for (int i = 0; i < 20; i++)
		insert(tx, "request", "request", org, "open",
		       json_pack("{s:s, s:s}", "received_on", "2026-05-05", "due_on", "2026-06-05"));
	for (int i = 0; i < 5; i++) {
		char means[16];

		snprintf(means, sizeof means, "means %d", i);
		insert(tx, "certificate", "certificate", org, "active",
		       json_pack("{s:s, s:s}", "means", means, "valid_until", "2027-01-01"));
	}
	insert(tx, "list", "list", org, "approved",
	       json_pack("{s:s, s:s}", "approved_on", "2022-01-10", "next_review_on", "2027-01-10"));
	if (store_commit(tx, &e) != 0)
		die("commit", &e);
}

struct run {
	size_t items;
	bool truncated;
};

static double
once(struct store *s, const struct calendar *cal, const struct deadlines_query *q,
     struct run *out)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct deadline_list l;
	double t0 = now_ms(), t;

	if (store_begin(s, false, &tx, &e) != 0 || ops_deadlines_list(tx, cal, q, &l, &e) != 0)
		die("collect", &e);
	store_rollback(tx);
	t = now_ms() - t0;
	out->items = l.n;
	out->truncated = l.truncated;
	deadline_list_free(&l);
	return t;
}

static void
figure(const char *name, struct store *s, const struct calendar *cal,
       const struct deadlines_query *q)
{
	double t[REPEAT];
	struct run r = {0};

	for (int i = 0; i < REPEAT; i++)
		t[i] = once(s, cal, q, &r);
	qsort(t, REPEAT, sizeof t[0], cmp_double);
	printf("  %-9s %6zu items%s: median %8.2f ms, worst %8.2f ms (%d runs)\n", name, r.items,
	       r.truncated ? " (truncated)" : "", t[REPEAT / 2], t[REPEAT - 1], REPEAT);
}

/* The plain way: read every carrier of the organization. */
struct ref_ctx {
	char max[QDATE_STR_SIZE];
	size_t due;
	int64_t last;
	int n;
};

static int
ref_cb(void *ctx, const struct store_rec *rec)
{
	struct ref_ctx *c = ctx;
	const char *d = json_string_value(json_object_get(rec->doc, "review_due_on"));

	if (d == NULL)
		d = json_string_value(json_object_get(rec->doc, "declassify_on"));
	if (d != NULL && strcmp(d, c->max) <= 0)
		c->due++;
	c->last = rec->seq;
	c->n++;
	return 0;
}

static double
reference(struct store *s, const char *org, qdate as_of, size_t *due)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct store_query q = {.kind = "carrier", .org_id = org, .limit = STORE_PAGE_MAX};
	struct ref_ctx c = {0};
	double t0 = now_ms();

	date_format(as_of, c.max);
	if (store_begin(s, false, &tx, &e) != 0)
		die("begin", &e);
	do {
		c.n = 0;
		if (store_rec_list(tx, &q, ref_cb, &c, &e) < 0)
			die("reference", &e);
		q.after_seq = c.last;
	} while (c.n == STORE_PAGE_MAX);
	store_rollback(tx);
	*due = c.due;
	return now_ms() - t0;
}

int
main(void)
{
	const char *env = getenv("BENCH_DEADLINES_N");
	long n = env ? strtol(env, NULL, 10) : BENCH_N_DEFAULT;
	char dir[] = "/tmp/qupiya-bench-deadlines-XXXXXX", path[128];
	struct store *s = NULL;
	struct qerr e = {0};
	struct calendar *cal = calendar_new();
	struct deadlines_query q = {.kind = -1, .limit = DEADLINES_LIMIT_DEFAULT};
	struct run r = {0};
	size_t ref_due;
	double t0, t_build, t_ref;
	qdate today;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};

	if (n < N_DUE + N_FLAGGED)
		n = N_DUE + N_FLAGGED;
	if (crypto_init() != 0 || cal == NULL || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_deadlines: setup failed\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/q.db", dir);
	if (store_open(path, STORE_OPEN_CREATE, &s, &e) != 0)
		die("open", &e);
	printf("bench_deadlines: GET /v1/deadlines for one organization, SQLite store\n");
	t0 = now_ms();
	carriers(s, "org_big", n, N_DUE, N_FLAGGED);
	carriers(s, "org_other", n / 10, N_DUE, 0);
	small_kinds(s, "org_big");
	t_build = now_ms() - t0;
	printf("  registry  %ld carriers in org_big (%d past due, %d flagged), %ld in org_other;"
	       " built in %.1f s\n", n, N_DUE, N_FLAGGED, n / 10, t_build / 1e3);

	date_parse("2026-06-01", &today);
	q.org_id = "org_big";
	q.as_of = today;
	figure("today", s, cal, &q);
	q.within = 365;
	figure("horizon", s, cal, &q);
	q.within = 0;
	date_parse("2060-01-01", &q.as_of);
	figure("future", s, cal, &q);

	q.as_of = today;
	q.kind = 0;   /* declassification_due only, to compare with the reference */
	once(s, cal, &q, &r);
	t_ref = reference(s, "org_big", today, &ref_due);
	printf("  reference walk of every carrier: %.1f ms; due carriers: %zu (index) vs %zu"
	       " (walk, + 10 information items in the index answer)\n", t_ref, r.items - 10,
	       ref_due);

	store_close(s);
	calendar_free(cal);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s/q.db%s", dir, suffixes[i]);
		unlink(path);
	}
	if (rmdir(dir) != 0)
		fprintf(stderr, "bench_deadlines: could not remove %s\n", dir);
	return 0;
}
