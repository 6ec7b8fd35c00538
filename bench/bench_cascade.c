/*
 * bench_cascade.c — the list-item change cascade (Art. 22.3, 23.1; the
 * store side of POST /v1/list-items/{id}/change, http/h_classify.c) over a
 * registry of 1,000,000 carriers of which 100 carry the changed item, on a
 * real SQLite store. Prints figures; never passes or fails.
 *
 * Builds a temporary database through the store API (store_rec_insert, so
 * the derived tags and the carriers' link tables are maintained as in
 * production): BENCH_N carriers (default 1,000,000; env BENCH_CASCADE_N)
 * across 10 organizations, each carrying one information item; 10 items
 * are classified on the changed list item and each is carried by 10
 * carriers spread over the registry (100 in all); the others carry one of
 * 1,000 other items.
 *
 * The list, its item (typed rows since 0021_typed_lists) and its approval
 * are made by the real procedures (ops_list_create, ops_list_item_add,
 * ops_list_approve) on an organization record.
 *
 *   step     the whole procedure POST /v1/list-items/{id}/change runs,
 *            ops_list_item_change (ops/lists.h): load the item and its
 *            list, the cascade, the change and the objects it flagged
 *            written (list_item_change, list_item_affected), the item and
 *            the list's version and history written, the audit entry,
 *            the durable commit. Its wall time bounds the time the write
 *            lock is held (the procedure begins its write transaction
 *            first and ends with the commit). The degree alternates
 *            between runs.
 *   after    the cascade alone, as the handler ran it before the typed
 *            lists (the figure of earlier builds, kept comparable): the
 *            classified information items on the item (store_rec_walk by
 *            parent_id), the carriers that carry one of them
 *            (store_carriers_carrying, through carrier_information), each
 *            flagged with the real ops_review_flag(), then commit: from
 *            store_begin(write) to store_commit's return
 *   before   the same, the carriers found by walking every carrier and
 *            reading its information_ids (the code the handler ran
 *            before issue 11); skipped with BENCH_CASCADE_BEFORE=0
 *
 * bench/cascade_compare.sh runs this program of the build before the typed
 * lists and of this tree one after the other (the issue 11 measure).
 *
 * Each figure: the median and the worst of its runs. BENCH_CASCADE_SPLIT=1
 * also prints, per run, the work before the commit and the durable commit.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "core/classify.h"
#include "crypto/crypto.h"
#include "http/h_declassify.h"
#include "ops/lists.h"
#include "store/store.h"
#include "store/tables_carriers.h"
#include "org_put.h"
#include <math.h>

#define BENCH_N_DEFAULT 1000000
#define BATCH           20000     /* inserts per write transaction */
#define N_ITEM_INFO     10        /* information items on the changed list item */
#define PER_INFO        10        /* carriers carrying each of them */
#define N_OTHER_INFO    1000
#define REPEAT_AFTER    15
#define REPEAT_BEFORE   3

static char item_id[STORE_ID_MAX];     /* the changed list item */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Removes the files in dir (the keys the bench made). */
static void
dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[512];

	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		unlink(p);
	}
	if (d != NULL)
		closedir(d);
}

/* CPU time of this process, ms: what the step costs whatever else the
 * machine runs (the wall time includes waiting for the CPU and the disk). */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Bytes this process has written through write(2)/pwrite(2) (Linux
 * /proc/self/io wchar): the WAL pages a step writes; -1 where unknown. */
static double
written_bytes(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	double v = -1;

	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "wchar:", 6) == 0)
			v = strtod(line + 6, NULL);
	if (f != NULL)
		fclose(f);
	return v;
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
	fprintf(stderr, "bench_cascade: %s: %s %s\n", what, e->code, e->detail);
	exit(1);
}

static void
insert(struct store_tx *tx, const char *kind, const char *id, const char *org,
       const char *parent, const char *state, json_t *doc)
{
	struct store_rec r = {0};
	struct qerr e = {0};

	q_strlcpy(r.kind, kind, sizeof r.kind);
	q_strlcpy(r.id, id, sizeof r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.parent_id, parent, sizeof r.parent_id);
	q_strlcpy(r.state, state, sizeof r.state);
	if (doc == NULL || json_object_set_new(doc, "id", json_string(r.id)) != 0)
		die("doc", &e);
	r.doc = doc;
	if (store_rec_insert(tx, &r, &e) != 0)
		die("insert", &e);
	store_rec_clear(&r);
}

/* The actor of the procedures: the head of org_0, today 1 June 2026. */
static void
ctx_init(struct ops_ctx *c, struct store *s, const struct crypto_keys *keys)
{
	memset(c, 0, sizeof *c);
	c->store = s;
	c->keys = keys;
	c->today = c->effective_date = date_from_ymd(2026, 6, 1);
	c->audit = audit_log_new(keys, c->today);
	q_strlcpy(c->actor.user_id, "user_bench", sizeof c->actor.user_id);
	q_strlcpy(c->actor.login, "bench", sizeof c->actor.login);
	q_strlcpy(c->actor.org_id, "org_0", sizeof c->actor.org_id);
	if (c->audit == NULL) {
		fprintf(stderr, "bench_cascade: audit log\n");
		exit(1);
	}
}

/* An approved list of org_0 with the one item, by the procedures. */
static void
list_build(struct ops_ctx *c)
{
	struct ops_list_args la = {.org_id = "org_0", .title = "Bench list"};
	struct ops_list_item_args ia = {.code = "1", .text = "Bench item",
	                                .degree = DEGREE_TOP_SECRET, .basis = "11.1",
	                                .basis_known = true};
	char list_id[STORE_ID_MAX];
	struct list_view lv;
	struct list_item_view iv;
	struct qerr e = {0};

	if (ops_list_create(c, &la, &lv, &e) != 0)
		die("list", &e);
	q_strlcpy(list_id, lv.list.h.id, sizeof list_id);
	list_view_free(&lv);
	ia.list_id = list_id;
	if (ops_list_item_add(c, &ia, &iv, &e) != 0)
		die("list item", &e);
	q_strlcpy(item_id, iv.item.h.id, sizeof item_id);
	list_item_view_free(&iv);
	if (ops_list_approve(c, list_id, &lv, &e) != 0)
		die("list approve", &e);
	list_view_free(&lv);
}

/* org_0 (the organization of the list) .. org_9 (the carriers'). */
static void
org_put(struct store_tx *tx)
{
	struct qerr e = {0};

	for (int i = 0; i < 10; i++) {
		char id[16];

		snprintf(id, sizeof id, "org_%d", i);
		if (bench_org_put(tx, id, &e) != 0)
			die("org", &e);
	}
}

static void
build(struct store *s, struct ops_ctx *c, long n)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	long stride = n / (N_ITEM_INFO * PER_INFO);

	if (store_begin(s, true, &tx, &e) != 0)
		die("begin", &e);
	org_put(tx);
	if (store_commit(tx, &e) != 0)
		die("commit", &e);
	list_build(c);
	if (store_begin(s, true, &tx, &e) != 0)
		die("begin", &e);
	for (int i = 0; i < N_ITEM_INFO; i++) {
		char id[32];

		snprintf(id, sizeof id, "info_item_%d", i);
		insert(tx, "information", id, "org_0", item_id, INFO_CLASSIFIED,
		       json_pack("{s:s, s:s, s:s}", "degree", "top_secret", "state", INFO_CLASSIFIED,
		                 "declassify_on", "2040-01-01"));
	}
	if (store_commit(tx, &e) != 0)
		die("commit", &e);
	tx = NULL;
	for (long i = 0; i < n; i++) {
		char id[32], org[16], info[32], acct[32];

		if (tx == NULL && store_begin(s, true, &tx, &e) != 0)
			die("begin", &e);
		snprintf(id, sizeof id, "carrier_%ld", i);
		snprintf(org, sizeof org, "org_%ld", i % 10);
		snprintf(acct, sizeof acct, "A-%ld", i);
		if (i % stride == 0 && i / stride < N_ITEM_INFO * PER_INFO)
			snprintf(info, sizeof info, "info_item_%ld", (i / stride) % N_ITEM_INFO);
		else
			snprintf(info, sizeof info, "info_other_%ld", i % N_OTHER_INFO);
		insert(tx, "carrier", id, org, "", "registered",
		       json_pack("{s:s, s:s, s:s, s:s, s:[s], s:[{s:i, s:s, s:n, s:s}],"
		                 " s:s, s:s}", "org_id", org, "account_number", acct, "kind", "paper",
		                 "label", "top_secret", "information_ids", info, "copies", "number", 1,
		                 "holder_org_id", org, "holder_person_id", "state", "in_registry",
		                 "declassify_on", "2040-01-01", "state", "registered"));
		if ((i + 1) % BATCH == 0 || i + 1 == n) {
			if (store_commit(tx, &e) != 0)
				die("commit", &e);
			tx = NULL;
		}
	}
}

struct cascade {
	json_t *info_ids;
	json_t *carrier_ids;
};

static int
info_cb(void *ctx, const struct store_rec *rec)
{
	struct cascade *c = ctx;

	if (strcmp(rec->state, INFO_CLASSIFIED) == 0)
		json_array_append_new(c->info_ids, json_string(rec->id));
	return 0;
}

static int
carrier_cb(void *ctx, const struct store_rec *rec)
{
	struct cascade *c = ctx;

	if (strcmp(rec->state, "destroyed") != 0 && strcmp(rec->state, "declassified") != 0)
		json_array_append_new(c->carrier_ids, json_string(rec->id));
	return 0;
}

/* The walk the handler did before: every carrier, its information_ids. */
static int
walk_cb(void *ctx, const struct store_rec *rec)
{
	struct cascade *c = ctx;
	size_t i, k;
	json_t *v, *w;

	if (strcmp(rec->state, "destroyed") == 0 || strcmp(rec->state, "declassified") == 0)
		return 0;
	json_array_foreach(json_object_get(rec->doc, "information_ids"), i, v)
		json_array_foreach(c->info_ids, k, w)
			if (json_equal(v, w)) {
				json_array_append_new(c->carrier_ids, json_string(rec->id));
				return 0;
			}
	return 0;
}

/* One cascade step; returns the ms the write lock was held. */
static double
cascade(struct store *s, bool indexed, size_t *ncarriers)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct cascade c = {json_array(), json_array()};
	struct store_query qi = {.kind = "information", .org_id = "org_0",
	                         .parent_id = item_id};
	json_t *entry = json_pack("{s:s, s:s, s:s}", "change_id", "chg_bench", "list_item_id",
	                          item_id, "kind", "degree_changed");
	qdate on;
	double t0, t1, tc;
	size_t i;
	json_t *v;

	date_parse("2026-06-01", &on);
	if (c.info_ids == NULL || c.carrier_ids == NULL || entry == NULL)
		die("cascade: out of memory", &e);
	t0 = now_ms();
	if (store_begin(s, true, &tx, &e) != 0 || store_rec_walk(tx, &qi, info_cb, &c, &e) != 0)
		die("cascade: information", &e);
	if (indexed) {
		size_t n = json_array_size(c.info_ids);
		const char *ids[N_ITEM_INFO];

		json_array_foreach(c.info_ids, i, v)
			if (i < N_ITEM_INFO)
				ids[i] = json_string_value(v);
		if (store_carriers_carrying(tx, ids, n < N_ITEM_INFO ? n : N_ITEM_INFO, carrier_cb,
		                            &c, &e) != 0)
			die("cascade: carriers", &e);
	} else {
		struct store_query qc = {.kind = "carrier"};

		if (store_rec_walk(tx, &qc, walk_cb, &c, &e) != 0)
			die("cascade: walk", &e);
	}
	json_array_foreach(c.info_ids, i, v)
		if (ops_review_flag(tx, "information", json_string_value(v), entry, on,
		                    "list_changed", &e) != 0)
			die("cascade: flag information", &e);
	json_array_foreach(c.carrier_ids, i, v)
		if (ops_review_flag(tx, "carrier", json_string_value(v), entry, on,
		                    "list_changed", &e) != 0)
			die("cascade: flag carrier", &e);
	tc = now_ms();
	if (store_commit(tx, &e) != 0)
		die("cascade: commit", &e);
	t1 = now_ms();
	if (getenv("BENCH_CASCADE_SPLIT"))
		fprintf(stderr, "    work %.2f ms, commit %.2f ms\n", tc - t0, t1 - tc);
	*ncarriers = json_array_size(c.carrier_ids);
	json_decref(c.info_ids);
	json_decref(c.carrier_ids);
	json_decref(entry);
	return t1 - t0;
}

static void
figure(const char *name, struct store *s, bool indexed, int repeat)
{
	double t[REPEAT_AFTER];
	size_t n = 0;

	for (int i = 0; i < repeat; i++)
		t[i] = cascade(s, indexed, &n);
	qsort(t, (size_t)repeat, sizeof t[0], cmp_double);
	printf("  %-7s write lock held %.2f ms median, %.2f ms worst (%d runs);"
	       " %zu carriers flagged\n", name, t[repeat / 2], t[repeat - 1], repeat, n);
}

/* The whole procedure, REPEAT_AFTER times (the degree alternates). */
static void
figure_step(struct ops_ctx *c)
{
	struct ops_list_item_change_args a = {.item_id = item_id,
	                                      .coordination = {"AB-bench", "NSC-bench"}};
	double t[REPEAT_AFTER], u[REPEAT_AFTER], w[REPEAT_AFTER];
	size_t n = 0;

	for (int i = 0; i < REPEAT_AFTER; i++) {
		struct list_item_view v;
		struct qerr e = {0};
		double t0, c0, w0;

		a.degree = i % 2 == 0 ? DEGREE_CONFIDENTIAL : DEGREE_TOP_SECRET;
		w0 = written_bytes();
		t0 = now_ms();
		c0 = cpu_ms();
		if (ops_list_item_change(c, &a, &v, &e) != 0)
			die("step", &e);
		u[i] = cpu_ms() - c0;
		w[i] = written_bytes() - w0;
		t[i] = now_ms() - t0;
		n = v.nchanges > 0 ? v.changes[v.nchanges - 1].ncarriers : 0;
		list_item_view_free(&v);
	}
	qsort(t, REPEAT_AFTER, sizeof t[0], cmp_double);
	qsort(u, REPEAT_AFTER, sizeof u[0], cmp_double);
	qsort(w, REPEAT_AFTER, sizeof w[0], cmp_double);
	printf("  %-7s write lock held <= %.2f ms median, %.2f ms worst (%d runs, the whole"
	       " step with its audit entry; CPU %.2f ms, %.0f KiB written, medians);"
	       " %zu carriers flagged\n", "step", t[REPEAT_AFTER / 2], t[REPEAT_AFTER - 1],
	       REPEAT_AFTER, u[REPEAT_AFTER / 2], w[REPEAT_AFTER / 2] / 1024, n);
}

int
main(void)
{
	const char *env = getenv("BENCH_CASCADE_N"), *before = getenv("BENCH_CASCADE_BEFORE");
	long n = env ? strtol(env, NULL, 10) : BENCH_N_DEFAULT;
	char dir[] = "/tmp/qupiya-bench-cascade-XXXXXX", path[256];
	struct store *s = NULL;
	struct crypto_keys *keys;
	struct ops_ctx c;
	struct qerr e = {0};
	double t0;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};

	if (n < N_ITEM_INFO * PER_INFO)
		n = N_ITEM_INFO * PER_INFO;
	if (crypto_init() != 0 || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_cascade: setup failed\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/q.db", dir);
	if (store_open(path, STORE_OPEN_CREATE, &s, &e) != 0)
		die("open", &e);
	snprintf(path, sizeof path, "%s/keys", dir);
	if ((keys = crypto_keys_create(path, e.detail, sizeof e.detail)) == NULL)
		die("keys", &e);
	ctx_init(&c, s, keys);
	printf("bench_cascade: a list-item change cascading over the carriers, SQLite store\n");
	t0 = now_ms();
	build(s, &c, n);
	printf("  registry %ld carriers, %d carry the changed item; built in %.1f s\n", n,
	       N_ITEM_INFO * PER_INFO, (now_ms() - t0) / 1e3);
	figure_step(&c);
	figure("after", s, true, REPEAT_AFTER);
	if (before == NULL || strcmp(before, "0") != 0)
		figure("before", s, false, REPEAT_BEFORE);

	audit_log_free(c.audit);
	store_close(s);
	crypto_keys_free(keys);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s/q.db%s", dir, suffixes[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/keys", dir);
	dir_empty(path);
	rmdir(path);
	unlink(path);
	if (rmdir(dir) != 0)
		fprintf(stderr, "bench_cascade: could not remove %s\n", dir);
	return 0;
}
