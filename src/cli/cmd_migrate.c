/*
 * cmd_migrate.c — `qupiya migrate --from FILE --to URL`: moves a body's
 * database from SQLite to PostgreSQL (issue 12, deliverable 4). Every row
 * of every table — records, typed rows, accounts, sessions, login
 * counters, content and its chunks, the audit log's entries, stored
 * Merkle nodes, frontier and signed heads, witness state — is copied as
 * stored (store_dump into store_load_row, one read snapshot of the source
 * and one write transaction on the target: all or nothing), the target's
 * sequences moved past the copy (store_load_finish). Before committing,
 * the tree head of both is computed from the stored log: the same size and
 * root, or nothing is committed (exit 1). Both are printed.
 *
 * The target must be empty: a database with no qupiya schema (it is
 * created), or one whose schema holds no account and no audit entry. The
 * keys are not copied: the target is served with the same keys directory
 * (SPEC §4; every node of one database uses the same keys). The source is
 * opened like by every command, so an older SQLite database is first
 * upgraded to this program's schema, which the target then has too.
 *
 * The copy works between any two backends (--to may be a SQLite file: the
 * tests use it, and it makes a compacted copy of a file).
 *
 * SECURITY: prints no row contents; progress (table, rows) on stderr.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/auditlog.h"
#include "audit/merkle.h"
#include "cli/commands.h"
#include "crypto/crypto.h"
#include "store/store.h"

#define MIGRATE_PROGRESS_SEC 2

static void
usage(FILE *f)
{
	fputs("usage: qupiya migrate --from FILE --to URL [--keys DIR] [--quiet]\n"
	      "\n"
	      "Copies the SQLite database FILE into the empty PostgreSQL database URL\n"
	      "(postgresql://...; a SQLite file path also works): every record,\n"
	      "account, session, content chunk and audit entry, in one transaction.\n"
	      "Then checks that the audit log's tree head of the copy has the same\n"
	      "size and root as the source's, prints both, and commits only then.\n"
	      "A target that holds accounts or audit entries is refused. The keys\n"
	      "are not copied: serve the copy with the same keys directory (--keys\n"
	      "is accepted like on every command taking a database, and unused).\n"
	      "Stop the servers on FILE first: writes made during the copy are not\n"
	      "in it. Progress on stderr unless --quiet.\n"
	      "Exit status: 0 copied, 1 refused or failed (nothing committed), 2 usage.\n",
	      f);
}

struct copy {
	struct store_tx *to;
	bool quiet;
	const char *table;       /* the table being copied */
	int64_t rows, table_rows;
	struct timespec last;
	struct qerr *e;
};

static double
secs_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
progress(struct copy *c, bool done)
{
	if (c->quiet || c->table == NULL)
		return;
	fprintf(stderr, "qupiya migrate: %s: %lld rows%s (%lld in all)\n", c->table,
	        (long long)c->table_rows, done ? "" : " so far", (long long)c->rows);
	clock_gettime(CLOCK_MONOTONIC, &c->last);
}

static int
copy_row(void *ctx, const struct store_dump_row *row)
{
	struct copy *c = ctx;

	if (c->table == NULL || strcmp(c->table, row->table) != 0) {
		progress(c, true);
		c->table = row->table;   /* borrowed: the dump's names live while it runs */
		c->table_rows = 0;
	}
	if (store_load_row(c->to, row, c->e) != 0)
		return -1;
	c->rows++;
	c->table_rows++;
	if ((c->rows & 0x3FF) == 0 && secs_since(&c->last) >= MIGRATE_PROGRESS_SEC)
		progress(c, false);
	return 0;
}

/* The tree head of the log in tx, computed from its stored leaves and
 * nodes. */
static int
tree_head(struct store_tx *tx, int64_t *size, merkle_hash root, struct qerr *e)
{
	struct merkle_src src;

	if (store_audit_size(tx, size, e) != 0)
		return -1;
	audit_src_init(&src, tx);
	if (merkle_root(&src, (uint64_t)*size, root) != 0)
		return qerr_internal(e, "tree head: the stored log cannot be read");
	return 0;
}

static int
user_seen(void *ctx, const struct store_user *u)
{
	(void)u;
	*(bool *)ctx = true;
	return 1;
}

/* 0 when tx's database holds no account and no audit entry; 1 when it
 * does; -1 on failure. */
static int
target_used(struct store_tx *tx, struct qerr *e)
{
	int64_t n;
	bool users = false;

	if (store_audit_size(tx, &n, e) != 0 ||
	    store_user_list(tx, 0, 1, user_seen, &users, e) < 0)
		return -1;
	return n > 0 || users ? 1 : 0;
}

/* Opens the target: created when it has no schema yet, else opened and
 * checked empty. */
static int
target_open(const char *to, struct store **out, struct qerr *e)
{
	if (store_open(to, STORE_OPEN_CREATE, out, e) == 0)
		return 0;
	if (strcmp(e->code, "duplicate") != 0)
		return -1;
	qerr_clear(e);
	return store_open(to, STORE_OPEN_EXISTING, out, e);
}

static void
print_head(const char *what, int64_t size, const merkle_hash root)
{
	char hex[2 * MERKLE_HASH_SIZE + 1];

	crypto_hex(root, MERKLE_HASH_SIZE, hex);
	printf("%s tree head: size %lld root %s\n", what, (long long)size, hex);
}

static int
fail(const char *what, const struct qerr *e)
{
	fprintf(stderr, "qupiya migrate: %s: %s%s%s\n", what, e->code,
	        e->detail[0] ? ": " : "", e->detail);
	return 1;
}

int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"keys", required_argument, NULL, 'k'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *from = NULL, *to = NULL;
	struct store *src = NULL, *dst = NULL;
	struct store_tx *rtx = NULL, *wtx = NULL;
	struct copy cp = {0};
	struct qerr e = {0};
	int64_t seq, size_from = -1, size_to = -1;
	merkle_hash root_from, root_to;
	int c, rc = 1, used;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'k': break;   /* accepted everywhere a database is named; unused */
		case 'q': cp.quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (from == NULL || to == NULL || optind != argc) {
		fprintf(stderr, "qupiya migrate: --from and --to are required\n");
		usage(stderr);
		return 2;
	}
	if (strcmp(from, to) == 0) {
		fprintf(stderr, "qupiya migrate: --from and --to name the same database\n");
		return 2;
	}
	if (crypto_init() != 0)
		return 1;
	if (store_open(from, STORE_OPEN_EXISTING, &src, &e) != 0) {
		rc = fail(from, &e);
		goto out;
	}
	if (target_open(to, &dst, &e) != 0) {
		rc = fail(to, &e);
		goto out;
	}
	if (store_begin(src, false, &rtx, &e) != 0 || store_begin(dst, true, &wtx, &e) != 0) {
		rc = fail("begin", &e);
		goto out;
	}
	used = target_used(wtx, &e);
	if (used != 0) {
		if (used > 0)
			fprintf(stderr, "qupiya migrate: %s is not empty (it holds accounts or audit"
			        " entries): migrate copies into an empty database only;"
			        " nothing was copied\n", to);
		else
			fail(to, &e);
		goto out;
	}
	cp.to = wtx;
	cp.e = &e;
	clock_gettime(CLOCK_MONOTONIC, &cp.last);
	if (store_dump(rtx, copy_row, &cp, &e) != 0) {
		rc = fail(cp.table ? cp.table : "dump", &e);
		goto out;
	}
	progress(&cp, true);
	if (store_seq_current(rtx, &seq, &e) != 0 || store_load_finish(wtx, seq, &e) != 0) {
		rc = fail("sequences", &e);
		goto out;
	}
	if (tree_head(rtx, &size_from, root_from, &e) != 0 ||
	    tree_head(wtx, &size_to, root_to, &e) != 0) {
		rc = fail("tree head", &e);
		goto out;
	}
	print_head("source", size_from, root_from);
	print_head("target", size_to, root_to);
	if (size_from != size_to || crypto_memcmp(root_from, root_to, MERKLE_HASH_SIZE) != 0) {
		fprintf(stderr, "qupiya migrate: the copy's tree head differs from the source's:"
		        " nothing was committed\n");
		goto out;
	}
	if (store_commit(wtx, &e) != 0) {
		wtx = NULL;
		rc = fail("commit", &e);
		goto out;
	}
	wtx = NULL;
	printf("qupiya: migrated %s to %s: %lld rows, %lld audit entries, same tree head"
	       " (keys not copied: serve it with the same keys directory)\n",
	       from, to, (long long)cp.rows, (long long)size_to);
	rc = 0;
out:
	store_rollback(wtx);
	store_rollback(rtx);
	store_close(dst);
	store_close(src);
	return rc;
}
