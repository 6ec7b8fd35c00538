/*
 * bench_cascade.c — the list-item change cascade (Art. 22.3, 23.1; the
 * store side of POST /v1/list-items/{id}/change, http/h_classify.c) over a
 * registry of 1,000,000 carriers, each change flagging the 100 carriers
 * that carry its item, on a real SQLite store. Prints figures; never
 * passes or fails.
 *
 * Builds a temporary database through the store API (store_rec_insert, so
 * the derived tags and the carriers' link tables are maintained as in
 * production): BENCH_N carriers (default 1,000,000; env BENCH_CASCADE_N)
 * across 10 organizations, each carrying one information item. One
 * approved list has RUNS items (default 30, env BENCH_CASCADE_RUNS, at
 * least 20); each list item has 10 classified information items, each
 * carried by 10 carriers spread over the registry (100 a list item); the
 * other carriers carry one of 1,000 other items. The list, its items
 * (typed rows since 0021_typed_lists) and its approval are made by the
 * real procedures (ops_list_create, ops_list_item_add, ops_list_approve).
 *
 *   step     the whole procedure POST /v1/list-items/{id}/change runs,
 *            ops_list_item_change (ops/lists.h), once for each list item
 *            (so every change flags 100 carriers no earlier change
 *            touched: their pages are not in SQLite's cache): load the
 *            item and its list, the cascade, the change and the objects
 *            it flagged written, the item and the list's version and
 *            history written, the audit entry, the durable commit.
 *            Figures, each the median and the 95th percentile of the
 *            changes:
 *              write lock  the time the store's write lock was held, from
 *                          its taking (store_group.c lock_take, before
 *                          BEGIN IMMEDIATE) to its release after the
 *                          durable COMMIT (store_group_stats held_ns,
 *                          CLOCK_MONOTONIC inside the process);
 *              COMMIT      the part of it the COMMIT took (WAL fsync, and
 *                          a checkpoint when the WAL passed its limit);
 *              fsync       the time in the VFS's xSync (every fdatasync of
 *                          the WAL and the database, counted by a VFS shim
 *                          around SQLite's default one: timed_vfs below);
 *              CPU         the CPU the holding thread used while it held
 *                          the lock (CLOCK_THREAD_CPUTIME_ID): what the
 *                          step costs whatever else the machine runs;
 *              reads       the pages read from the files (SQLite's page
 *                          cache misses: from the OS cache or the disk),
 *                          and the KiB written.
 *   after    the cascade alone, as the handler ran it before the typed
 *            lists (the figure of earlier builds, kept comparable): the
 *            classified information items on the first list item
 *            (store_rec_walk by parent_id), the carriers that carry one
 *            of them (store_carriers_carrying, through carrier_info), each
 *            flagged with the real ops_review_flag(), then commit: from
 *            store_begin(write) to store_commit's return
 *   before   the same, the carriers found by walking every carrier and
 *            reading its information_ids (the code the handler ran
 *            before issue 11); skipped with BENCH_CASCADE_BEFORE=0
 *
 * bench/cascade_compare.sh runs this program of an earlier build and of
 * this tree one after the other.
 *
 * BENCH_CASCADE_SPLIT=1 also prints, per run, the work before the commit
 * and the durable commit (after), and each change's figures (step).
 */
#include <dirent.h>
#include <math.h>
#include <sqlite3.h>
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

#define BENCH_N_DEFAULT 1000000
#define BATCH           20000     /* inserts per write transaction */
#define N_ITEM_INFO     10        /* information items on each list item */
#define PER_INFO        10        /* carriers carrying each of them */
#define N_OTHER_INFO    1000
#define RUNS_DEFAULT    30        /* list items, each changed once */
#define RUNS_MIN        20
#define RUNS_MAX        200
#define REPEAT_AFTER    15
#define REPEAT_BEFORE   3

static char item_ids[RUNS_MAX][STORE_ID_MAX];   /* the list items */
static int runs = RUNS_DEFAULT;

/* ---- the VFS shim: time in xSync, pages read and bytes written --------- */

/* Every read, write and xSync of a file SQLite opens through the default
 * VFS is logged with its times (CLOCK_MONOTONIC): the shim takes the
 * default VFS's place; each file is the real VFS's own object, its methods
 * a copy of the real ones but for xRead, xWrite, xSync and xClose, which
 * log and call the real ones (one copy for each set of real methods: the
 * database's, and the WAL's and temporary files' without locks). A
 * change's figures are the events inside the write lock's window
 * (store_group_stats: released_ns - held_ns .. released_ns); what runs
 * after it in the same call (a checkpoint, store_sqlite.c) is counted
 * apart. The bench's one thread runs every transaction. */
enum { IO_DB, IO_WAL, IO_TEMP, IO_KINDS };   /* database file, its WAL, temporary files */
enum { IO_READ, IO_WRITE, IO_SYNC };
struct io_ev {
	int64_t t0, t1;
	int kind, op, n;
};
#define IO_LOG_MAX 65536
static struct io_ev io_log[IO_LOG_MAX];
static int io_nlog, io_lost;
static struct {
	const sqlite3_file *f;
	int kind;
} io_files[128];
static sqlite3_vfs timed_vfs, *real_vfs;

struct timed_io {
	sqlite3_io_methods m;   /* first: a file's pMethods points here */
	const sqlite3_io_methods *real;
};
static struct timed_io timed_io[4];
static int ntimed_io;

static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const sqlite3_io_methods *
real_io(sqlite3_file *f)
{
	return ((const struct timed_io *)(const void *)f->pMethods)->real;
}

static int
file_kind(const sqlite3_file *f)
{
	for (size_t i = 0; i < sizeof io_files / sizeof io_files[0]; i++)
		if (io_files[i].f == f)
			return io_files[i].kind;
	return IO_TEMP;
}

static void
io_note(sqlite3_file *f, int op, int n, int64_t t0)
{
	if (io_nlog == IO_LOG_MAX) {
		io_lost++;
		return;
	}
	io_log[io_nlog++] = (struct io_ev){t0, clock_ns(CLOCK_MONOTONIC), file_kind(f), op, n};
}

static int
timed_sync(sqlite3_file *f, int flags)
{
	int64_t t0 = clock_ns(CLOCK_MONOTONIC);
	int rc = real_io(f)->xSync(f, flags);

	io_note(f, IO_SYNC, 0, t0);
	return rc;
}

static int
timed_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	int64_t t0 = clock_ns(CLOCK_MONOTONIC);
	int rc = real_io(f)->xRead(f, buf, n, off);

	io_note(f, IO_READ, n, t0);
	return rc;
}

/* The pages of the WAL frames written (each frame's 24-byte header names
 * its page first), for BENCH_CASCADE_PAGES. */
static uint32_t wal_pages[IO_LOG_MAX];
static int nwal_pages;

static int
timed_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	int64_t t0 = clock_ns(CLOCK_MONOTONIC);
	int rc = real_io(f)->xWrite(f, buf, n, off);

	io_note(f, IO_WRITE, n, t0);
	if (n == 24 && off >= 32 && file_kind(f) == IO_WAL && nwal_pages < IO_LOG_MAX) {
		const unsigned char *b = buf;

		wal_pages[nwal_pages++] = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		                          (uint32_t)b[2] << 8 | b[3];
	}
	return rc;
}

/* BENCH_CASCADE_PAGES=1: the pages the last change wrote to the WAL, by
 * table or index (SQLite's dbstat, read after it). */
static void
pages_by_btree(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct {
		char name[64];
		int n;
	} by[64];
	int nby = 0, other = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT name, pageno FROM dbstat", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_cascade: dbstat: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		uint32_t pg = (uint32_t)sqlite3_column_int64(st, 1);
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int hits = 0, k;

		for (int i = 0; i < nwal_pages; i++)
			hits += wal_pages[i] == pg;
		if (hits == 0 || name == NULL)
			continue;
		for (k = 0; k < nby && strcmp(by[k].name, name) != 0; k++)
			;
		if (k == nby && nby < 64) {
			snprintf(by[k].name, sizeof by[k].name, "%s", name);
			by[k].n = 0;
			nby++;
		}
		if (k < nby)
			by[k].n += hits;
		else
			other += hits;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	fprintf(stderr, "  the last change's %d WAL frames by table or index:", nwal_pages);
	for (int k = 0; k < nby; k++)
		fprintf(stderr, " %s %d,", by[k].name, by[k].n);
	fprintf(stderr, " other %d\n", other);
}

static int
timed_close(sqlite3_file *f)
{
	const sqlite3_io_methods *real = real_io(f);

	for (size_t i = 0; i < sizeof io_files / sizeof io_files[0]; i++)
		if (io_files[i].f == f)
			io_files[i].f = NULL;
	f->pMethods = real;
	return real->xClose(f);
}

static int
timed_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	int rc = real_vfs->xOpen(real_vfs, name, f, flags, out);
	int i;

	(void)vfs;
	if (rc != SQLITE_OK || f->pMethods == NULL)
		return rc;
	for (i = 0; i < ntimed_io && timed_io[i].real != f->pMethods; i++)
		;
	if (i == ntimed_io) {
		if (i == (int)(sizeof timed_io / sizeof timed_io[0]))
			return rc;   /* not logged */
		timed_io[i].real = f->pMethods;
		timed_io[i].m = *f->pMethods;
		timed_io[i].m.xSync = timed_sync;
		timed_io[i].m.xRead = timed_read;
		timed_io[i].m.xWrite = timed_write;
		timed_io[i].m.xClose = timed_close;
		ntimed_io++;
	}
	for (size_t k = 0; k < sizeof io_files / sizeof io_files[0]; k++)
		if (io_files[k].f == NULL) {
			io_files[k].f = f;
			io_files[k].kind = (flags & SQLITE_OPEN_MAIN_DB) ? IO_DB
			                   : (flags & SQLITE_OPEN_WAL) ? IO_WAL : IO_TEMP;
			break;
		}
	f->pMethods = &timed_io[i].m;
	return rc;
}

static void
timed_vfs_install(void)
{
	if ((real_vfs = sqlite3_vfs_find(NULL)) == NULL) {
		fprintf(stderr, "bench_cascade: no default VFS\n");
		exit(1);
	}
	timed_vfs = *real_vfs;
	timed_vfs.zName = "bench-timed";
	timed_vfs.pNext = NULL;
	timed_vfs.xOpen = timed_open;
	if (sqlite3_vfs_register(&timed_vfs, 1) != SQLITE_OK) {
		fprintf(stderr, "bench_cascade: VFS shim\n");
		exit(1);
	}
}

/* ---- helpers ----------------------------------------------------------- */

static double
now_ms(void)
{
	return (double)clock_ns(CLOCK_MONOTONIC) / 1e6;
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

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of v[0..n) (sorted here), nearest rank. */
static double
quantile(double *v, int n, double q)
{
	int k = (int)ceil(q * n) - 1;

	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return v[k < 0 ? 0 : k >= n ? n - 1 : k];
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

/* An approved list of org_0 with its runs items, by the procedures. */
static void
list_build(struct ops_ctx *c)
{
	struct ops_list_args la = {.org_id = "org_0", .title = "Bench list"};
	struct ops_list_item_args ia = {.text = "Bench item", .degree = DEGREE_TOP_SECRET,
	                                .basis = "11.1", .basis_known = true};
	char list_id[STORE_ID_MAX];
	struct list_view lv;
	struct list_item_view iv;
	struct qerr e = {0};

	if (ops_list_create(c, &la, &lv, &e) != 0)
		die("list", &e);
	q_strlcpy(list_id, lv.list.h.id, sizeof list_id);
	list_view_free(&lv);
	ia.list_id = list_id;
	for (int k = 0; k < runs; k++) {
		char code[16];

		snprintf(code, sizeof code, "%d", k + 1);
		ia.code = code;
		if (ops_list_item_add(c, &ia, &iv, &e) != 0)
			die("list item", &e);
		q_strlcpy(item_ids[k], iv.item.h.id, sizeof item_ids[k]);
		list_item_view_free(&iv);
	}
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
	long ninfo = (long)runs * N_ITEM_INFO, flagged = ninfo * PER_INFO;
	long stride = n / flagged;

	if (store_begin(s, true, &tx, &e) != 0)
		die("begin", &e);
	org_put(tx);
	if (store_commit(tx, &e) != 0)
		die("commit", &e);
	list_build(c);
	if (store_begin(s, true, &tx, &e) != 0)
		die("begin", &e);
	for (long m = 0; m < ninfo; m++) {   /* information item m: list item m / 10 */
		char id[32];

		snprintf(id, sizeof id, "info_item_%ld", m);
		insert(tx, "information", id, "org_0", item_ids[m / N_ITEM_INFO], INFO_CLASSIFIED,
		       json_pack("{s:s, s:s, s:s}", "degree", "top_secret", "state", INFO_CLASSIFIED,
		                 "declassify_on", "2040-01-01"));
	}
	if (store_commit(tx, &e) != 0)
		die("commit", &e);
	tx = NULL;
	/* carrier i = j * stride (j < flagged) carries information item
	 * j % ninfo: each item's 10 carriers lie ninfo strides apart */
	for (long i = 0; i < n; i++) {
		char id[32], org[16], info[32], acct[32];

		if (tx == NULL && store_begin(s, true, &tx, &e) != 0)
			die("begin", &e);
		snprintf(id, sizeof id, "carrier_%ld", i);
		snprintf(org, sizeof org, "org_%ld", i % 10);
		snprintf(acct, sizeof acct, "A-%ld", i);
		if (i % stride == 0 && i / stride < flagged)
			snprintf(info, sizeof info, "info_item_%ld", (i / stride) % ninfo);
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

/* ---- the cascade alone (after, before) --------------------------------- */

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

/* One cascade step of the first list item; returns the ms the write lock
 * was held. */
static double
cascade(struct store *s, bool indexed, size_t *ncarriers)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct cascade c = {json_array(), json_array()};
	struct store_query qi = {.kind = "information", .org_id = "org_0",
	                         .parent_id = item_ids[0]};
	json_t *entry = json_pack("{s:s, s:s, s:s}", "change_id", "chg_bench", "list_item_id",
	                          item_ids[0], "kind", "degree_changed");
	struct store_group_stats gs;
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
	store_group_stats(s, &gs);
	if (getenv("BENCH_CASCADE_SPLIT"))
		fprintf(stderr, "    work %.2f ms, commit %.2f ms (lock held %.2f ms)\n", tc - t0,
		        t1 - tc, (double)gs.held_ns / 1e6);
	*ncarriers = json_array_size(c.carrier_ids);
	json_decref(c.info_ids);
	json_decref(c.carrier_ids);
	json_decref(entry);
	return (double)gs.held_ns / 1e6;
}

static void
figure(const char *name, struct store *s, bool indexed, int repeat)
{
	double t[REPEAT_AFTER], worst;
	size_t n = 0;

	for (int i = 0; i < repeat; i++)
		t[i] = cascade(s, indexed, &n);
	worst = quantile(t, repeat, 1);
	printf("  %-7s write lock held %.2f ms median, %.2f ms worst (%d runs);"
	       " %zu carriers flagged\n", name, quantile(t, repeat, 0.5), worst, repeat, n);
}

/* ---- the whole procedure, once for each list item ------------------------ */

enum {
	F_HELD, F_COMMIT, F_SYNC, F_SYNCS, F_CPU, F_READ_DB, F_READ_WAL, F_KIB_WAL, F_KIB_TEMP,
	F_AFTER, F_AFTER_SYNC, F_CALL, F_N
};

/* The change's I/O events, inside the window [from, to] or after it. */
static void
io_tally(int64_t from, int64_t to, double *f, int i)
{
	for (int k = 0; k < io_nlog; k++) {
		const struct io_ev *v = &io_log[k];

		if (v->t0 > to) {   /* after the lock: the checkpoint */
			if (v->op == IO_SYNC)
				f[F_AFTER_SYNC * RUNS_MAX + i] += (double)(v->t1 - v->t0) / 1e6;
			continue;
		}
		if (v->t0 < from)
			continue;
		if (v->op == IO_SYNC) {
			f[F_SYNC * RUNS_MAX + i] += (double)(v->t1 - v->t0) / 1e6;
			f[F_SYNCS * RUNS_MAX + i]++;
		} else if (v->op == IO_READ && v->kind != IO_TEMP) {
			f[(v->kind == IO_DB ? F_READ_DB : F_READ_WAL) * RUNS_MAX + i]++;
		} else if (v->op == IO_WRITE && v->kind != IO_DB) {
			f[(v->kind == IO_WAL ? F_KIB_WAL : F_KIB_TEMP) * RUNS_MAX + i] += v->n / 1024.0;
		}
	}
}

static void
figure_step(struct ops_ctx *c)
{
	static double f[F_N][RUNS_MAX];
	struct ops_list_item_change_args a = {.degree = DEGREE_CONFIDENTIAL,
	                                      .coordination = {"AB-bench", "NSC-bench"}};
	size_t n = 0;
	int nckpt = 0;

	for (int i = 0; i < runs; i++) {
		struct list_item_view v;
		struct store_group_stats gs;
		struct qerr e = {0};
		int64_t t0, t1;

		a.item_id = item_ids[i];
		io_nlog = io_lost = nwal_pages = 0;
		t0 = clock_ns(CLOCK_MONOTONIC);
		if (ops_list_item_change(c, &a, &v, &e) != 0)
			die("step", &e);
		t1 = clock_ns(CLOCK_MONOTONIC);
		store_group_stats(c->store, &gs);
		f[F_CALL][i] = (double)(t1 - t0) / 1e6;
		f[F_HELD][i] = (double)gs.held_ns / 1e6;
		f[F_COMMIT][i] = (double)gs.commit_ns / 1e6;
		f[F_CPU][i] = (double)gs.held_cpu_ns / 1e6;
		f[F_AFTER][i] = (double)(t1 - gs.released_ns) / 1e6;
		io_tally(gs.released_ns - gs.held_ns, gs.released_ns, &f[0][0], i);
		nckpt += f[F_AFTER_SYNC][i] > 0;
		n = v.nchanges > 0 ? v.changes[v.nchanges - 1].ncarriers : 0;
		list_item_view_free(&v);
		if (io_lost > 0)
			fprintf(stderr, "bench_cascade: %d I/O events of change %d not logged\n",
			        io_lost, i + 1);
		if (getenv("BENCH_CASCADE_SPLIT"))
			fprintf(stderr, "    change %d: lock %.2f ms (COMMIT %.2f, fsync %.2f in %.0f,"
			        " CPU %.2f), %.0f + %.0f page reads, %.0f KiB to the WAL, %.0f KiB to"
			        " temporary files; after the lock %.2f ms (fsync %.2f)\n", i + 1,
			        f[F_HELD][i], f[F_COMMIT][i], f[F_SYNC][i], f[F_SYNCS][i], f[F_CPU][i],
			        f[F_READ_DB][i], f[F_READ_WAL][i], f[F_KIB_WAL][i], f[F_KIB_TEMP][i],
			        f[F_AFTER][i], f[F_AFTER_SYNC][i]);
	}
#define MED(k) quantile(f[k], runs, 0.5)
#define P95(k) quantile(f[k], runs, 0.95)
	printf("  step    write lock held %.2f ms median, %.2f ms p95, %.2f ms worst (%d changes,"
	       " each flagging %zu carriers no other change flagged)\n", MED(F_HELD), P95(F_HELD),
	       quantile(f[F_HELD], runs, 1), runs, n);
	printf("          in it (median / p95): COMMIT %.2f / %.2f ms, fsync %.2f / %.2f ms"
	       " (%.0f / %.0f calls), CPU %.2f / %.2f ms\n", MED(F_COMMIT), P95(F_COMMIT),
	       MED(F_SYNC), P95(F_SYNC), MED(F_SYNCS), P95(F_SYNCS), MED(F_CPU), P95(F_CPU));
	printf("          in it (medians): %.0f database + %.0f WAL pages read (SQLite cache"
	       " misses), %.0f KiB written to the WAL, %.0f KiB to temporary files\n",
	       MED(F_READ_DB), MED(F_READ_WAL), MED(F_KIB_WAL), MED(F_KIB_TEMP));
	printf("          after it, in the same call: a checkpoint in %d of %d changes (fsync"
	       " %.2f ms p95); the call %.2f / %.2f ms (median / p95)\n", nckpt, runs,
	       P95(F_AFTER_SYNC), MED(F_CALL), P95(F_CALL));
#undef MED
#undef P95
}

static double
loadavg(void)
{
	double l[1] = {-1};

	return getloadavg(l, 1) == 1 ? l[0] : -1;
}

int
main(void)
{
	const char *env = getenv("BENCH_CASCADE_N"), *before = getenv("BENCH_CASCADE_BEFORE");
	const char *renv = getenv("BENCH_CASCADE_RUNS");
	long n = env ? strtol(env, NULL, 10) : BENCH_N_DEFAULT;
	char dir[] = "/tmp/qupiya-bench-cascade-XXXXXX", path[256];
	struct store *s = NULL;
	struct crypto_keys *keys;
	struct ops_ctx c;
	struct qerr e = {0};
	double t0;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};

	if (renv != NULL)
		runs = (int)strtol(renv, NULL, 10);
	if (runs < RUNS_MIN)
		runs = RUNS_MIN;
	if (runs > RUNS_MAX)
		runs = RUNS_MAX;
	if (n < (long)runs * N_ITEM_INFO * PER_INFO)
		n = (long)runs * N_ITEM_INFO * PER_INFO;
	if (crypto_init() != 0 || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_cascade: setup failed\n");
		return 1;
	}
	/* The first store_open configures SQLite for the process as the server
	 * runs it (store_sqlite.c sqlite_configure: settings that only hold
	 * before SQLite initialises, e.g. its statement journals' spill to
	 * temporary files), which registering a VFS would do first; the shim
	 * comes after, and the store reopened uses it for every connection. */
	snprintf(path, sizeof path, "%s/q.db", dir);
	if (store_open(path, STORE_OPEN_CREATE, &s, &e) != 0)
		die("open", &e);
	store_close(s);
	timed_vfs_install();
	if (store_open(path, STORE_OPEN_EXISTING, &s, &e) != 0)
		die("open", &e);
	snprintf(path, sizeof path, "%s/keys", dir);
	if ((keys = crypto_keys_create(path, e.detail, sizeof e.detail)) == NULL)
		die("keys", &e);
	ctx_init(&c, s, keys);
	printf("bench_cascade: a list-item change cascading over the carriers, SQLite store\n");
	t0 = now_ms();
	build(s, &c, n);
	printf("  registry %ld carriers, %d list items each carried by %d; built in %.1f s;"
	       " load average %.2f\n", n, runs, N_ITEM_INFO * PER_INFO, (now_ms() - t0) / 1e3,
	       loadavg());
	figure_step(&c);
	if (getenv("BENCH_CASCADE_PAGES")) {
		snprintf(path, sizeof path, "%s/q.db", dir);
		pages_by_btree(path);
	}
	figure("after", s, true, REPEAT_AFTER);
	if (before == NULL || strcmp(before, "0") != 0)
		figure("before", s, false, REPEAT_BEFORE);
	printf("  load average %.2f at the end\n", loadavg());

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
