/*
 * keys.c — where a command finds its keys (SPEC §4), the one-time
 * conversion of a 0.1.0 key file, and `qupiya keys rotate-signing|
 * rotate-master`.
 *
 * The keys directory is --keys DIR, else QUPIYA_KEYS, else the directory of
 * the SQLite file. It holds audit-signing.key, content-master.key (0600) and
 * audit-public.key (crypto.h). A database made by 0.1.0 kept both secrets
 * in FILE.key beside it: the first command that needs keys converts that
 * file into the directory (crypto_keys_convert: the old file goes only once
 * the new ones are synced and read back equal).
 *
 * Rotations (issue 14, deliverable 10), each audited:
 *   rotate-signing  a new Ed25519 key signs every later head; the old
 *                   public keys stay listed in audit-public.key, so older
 *                   heads still verify (and no later head may use them).
 *   rotate-master   a new content master key; every carrier's wrapped key
 *                   is re-wrapped in one write transaction, the content
 *                   itself is not touched.
 *
 * SECURITY: key files are private (0600) but the public ring; nothing here
 * prints key material except public keys. Run rotations with the server
 * stopped (the server holds its keys in memory and would sign with the old
 * key until restarted: it then refuses, the ring lists a newer key).
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "cli/commands.h"
#include "crypto/content.h"
#include "crypto/crypto.h"
#include "store/store.h"

int
cli_keys_dir(const char *opt, const char *db, char *buf, unsigned long bufsz)
{
	const char *env = getenv("QUPIYA_KEYS");
	char *copy;
	int n;

	if (opt == NULL && env != NULL && env[0] != '\0')
		opt = env;
	if (opt != NULL) {
		n = snprintf(buf, bufsz, "%s", opt);
		return n < 0 || (unsigned long)n >= bufsz ? -1 : 0;
	}
	if (strstr(db, "://") != NULL) {
		fprintf(stderr, "qupiya: a database URL needs the keys directory:"
		        " --keys DIR or QUPIYA_KEYS\n");
		return -1;
	}
	copy = strdup(db);
	if (copy == NULL)
		return -1;
	n = snprintf(buf, bufsz, "%s", dirname(copy));
	free(copy);
	return n < 0 || (unsigned long)n >= bufsz ? -1 : 0;
}

const char *
cli_db_name(const char *db)
{
	static char buf[1024];
	const char *p = strstr(db, "://"), *at, *colon, *pw;
	size_t n;

	if (p == NULL || strlen(db) >= sizeof buf - 8)
		return db;
	q_strlcpy(buf, db, sizeof buf);
	/* scheme://user:PASSWORD@host */
	at = strchr(p + 3, '@');
	colon = at != NULL ? memchr(p + 3, ':', (size_t)(at - (p + 3))) : NULL;
	if (colon != NULL && strcspn(p + 3, "/?") > (size_t)(colon - (p + 3))) {
		n = (size_t)(colon + 1 - db);
		snprintf(buf + n, sizeof buf - n, "***%s", at);
	}
	/* ...?password=PASSWORD&... */
	if ((pw = strstr(buf, "password=")) != NULL) {
		char rest[1024];
		const char *amp = strchr(pw, '&');

		q_strlcpy(rest, amp != NULL ? amp : "", sizeof rest);
		n = (size_t)(pw - buf) + strlen("password=");
		snprintf(buf + n, sizeof buf - n, "***%s", rest);
	}
	return buf;
}

int
cli_db_keys_given(const char *prog, const char *db, const char *keys_opt)
{
	const char *env = getenv("QUPIYA_KEYS");

	if (strstr(db, "://") == NULL || (keys_opt != NULL && keys_opt[0] != '\0') ||
	    (env != NULL && env[0] != '\0'))
		return 0;
	fprintf(stderr, "%s: a database URL needs the keys directory (every node of one"
	        " database uses the same keys): --keys DIR or QUPIYA_KEYS\n", prog);
	return 2;
}

/* Converts DB.key (0.1.0) into dir when dir has no keys yet. 0 when there
 * was nothing to convert or the conversion is complete. */
static int
keys_convert_legacy(const char *prog, const char *dir, const char *db)
{
	char legacy[4200], err[512];

	if (crypto_keys_dir_exists(dir))
		return 0;
	if (snprintf(legacy, sizeof legacy, "%s.key", db) >= (int)sizeof legacy ||
	    access(legacy, F_OK) != 0)
		return 0;   /* the load that follows names what is missing */
	if (crypto_keys_convert(legacy, dir, err, sizeof err) != 0) {
		fprintf(stderr, "%s: converting the key file %s: %s\n", prog, legacy, err);
		return -1;
	}
	fprintf(stderr, "%s: converted the key file %s into %s/ (%s, %s, %s)\n", prog,
	        legacy, dir, CRYPTO_KEYS_SIGNING, CRYPTO_KEYS_MASTER, CRYPTO_KEYS_PUBLIC);
	return 0;
}

struct crypto_keys *
cli_keys_load(const char *prog, const char *keys_opt, const char *db, int public_only)
{
	char dir[4096], err[512];
	struct crypto_keys *k;

	if (cli_keys_dir(keys_opt, db, dir, sizeof dir) != 0) {
		fprintf(stderr, "%s: keys directory: path too long or missing\n", prog);
		return NULL;
	}
	if (keys_convert_legacy(prog, dir, db) != 0)
		return NULL;
	k = public_only ? crypto_keys_load_public(dir, err, sizeof err)
	                : crypto_keys_load_dir(dir, err, sizeof err);
	if (k == NULL)
		fprintf(stderr, "%s: %s\n", prog, err);
	return k;
}

/* ---- qupiya keys ------------------------------------------------------- */

static void
usage(FILE *f)
{
	fputs("usage: qupiya keys rotate-signing --db FILE [--keys DIR]\n"
	      "       qupiya keys rotate-master --db FILE [--keys DIR]\n"
	      "\n"
	      "rotate-signing  a new audit signing key signs every later tree head;\n"
	      "                the old public keys stay in audit-public.key, so the\n"
	      "                heads they signed still verify.\n"
	      "rotate-master   a new content master key: every carrier's content key\n"
	      "                is re-wrapped (the content is not re-encrypted).\n"
	      "Both are audited (keys.rotate_signing, keys.rotate_master). Stop the\n"
	      "server first and start it again afterwards.\n",
	      f);
}

static qdate
today_real(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Appends the rotation's audit entry and signs a head, in tx. */
static int
rotation_audit(struct crypto_keys *k, struct store_tx *tx, const char *action,
               json_t *details /* taken */, struct qerr *e)
{
	struct audit_log *log = audit_log_new(k, QDATE_NONE);
	struct audit_event ev = {.actor = "system", .action = action, .object = "keys",
	                         .outcome = "ok", .effective_date = today_real(),
	                         .details = details};
	struct store_sth h;
	int rc;

	if (log == NULL || details == NULL) {
		audit_log_free(log);
		json_decref(details);
		return qerr_internal(e, "out of memory");
	}
	rc = audit_append(log, tx, &ev, NULL, e);
	if (rc == 0)
		rc = audit_head(log, tx, &h, e);
	audit_log_free(log);
	json_decref(details);
	return rc;
}

struct rewrap_ctx {
	const struct crypto_keys *k;
	struct store_tx *tx;
	struct qerr *e;
	int64_t n;
};

static int
rewrap_one(void *vctx, const struct store_content *c)
{
	struct rewrap_ctx *x = vctx;
	uint8_t out[CONTENT_WRAPPED_SIZE];

	if (content_rewrap(x->k, c->carrier_id, c->wrapped, c->wrapped_len, out) != 0) {
		qerr_internal(x->e, NULL);
		qerr_detail(x->e, "carrier %s: its content key opens under neither master key",
		            c->carrier_id);
		return -1;
	}
	if (store_content_set_wrapped(x->tx, c->carrier_id, c->version, out, sizeof out,
	                              x->e) != 0)
		return -1;
	x->n++;
	return 0;
}

static int
keys_rotate(int argc, char **argv, bool master)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *prog = master ? "qupiya keys rotate-master" : "qupiya keys rotate-signing";
	const char *db = NULL, *keys_opt = NULL;
	char dir[4096], err[512], hex[CRYPTO_SIGN_PK_SIZE * 2 + 1];
	struct crypto_keys *k = NULL;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': keys_opt = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "%s: --db is required\n", prog);
		return 2;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (cli_db_keys_given(prog, db, keys_opt) != 0)
		return 2;
	if (crypto_init() != 0 || cli_keys_dir(keys_opt, db, dir, sizeof dir) != 0)
		return 1;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, cli_db_name(db), e.detail[0] ? e.detail : e.code);
		return 1;
	}
	k = cli_keys_load(prog, keys_opt, db, 0);
	if (k == NULL)
		goto out;
	if (!master) {
		/* The new key is in the files before the entry that announces
		 * it; the entry and the first head it signs commit together. */
		if (crypto_keys_rotate_signing(k, dir, err, sizeof err) != 0) {
			fprintf(stderr, "%s: %s\n", prog, err);
			goto out;
		}
		crypto_hex(k->sign_pk, sizeof k->sign_pk, hex);
		if (store_begin(s, true, &tx, &e) != 0 ||
		    rotation_audit(k, tx, "keys.rotate_signing",
		                   json_pack("{s:s, s:i}", "public_key", hex, "keys",
		                             (json_int_t)k->npk), &e) != 0 ||
		    store_commit(tx, &e) != 0) {
			tx = NULL;
			fprintf(stderr, "%s: the new key is in place but its audit entry"
			        " failed (%s%s%s): run the command again\n", prog, e.code,
			        e.detail[0] ? ": " : "", e.detail);
			goto out;
		}
		tx = NULL;
		printf("qupiya: new audit signing key %s (%zu public keys listed)\n", hex, k->npk);
		ret = 0;
		goto out;
	}
	{
		struct rewrap_ctx x = {.k = k, .e = &e};

		/* 1. the file holds new and old; 2. every wrap under the new
		 * key, with the audit entry, in one transaction; 3. the file
		 * holds the new key only. A crash before 3 is finished by
		 * running the command again (both keys still open). */
		if (crypto_keys_master_rotate_begin(k, dir, err, sizeof err) != 0) {
			fprintf(stderr, "%s: %s\n", prog, err);
			goto out;
		}
		if (store_begin(s, true, &tx, &e) != 0)
			goto fail_db;
		x.tx = tx;
		if (store_content_walk(tx, rewrap_one, &x, &e) != 0 ||
		    rotation_audit(k, tx, "keys.rotate_master",
		                   json_pack("{s:I}", "rewrapped", (json_int_t)x.n), &e) != 0)
			goto fail_db;
		if (store_commit(tx, &e) != 0) {
			tx = NULL;
			goto fail_db;
		}
		tx = NULL;
		if (crypto_keys_master_rotate_end(k, dir, err, sizeof err) != 0) {
			fprintf(stderr, "%s: content re-wrapped, but %s: run the command again\n",
			        prog, err);
			goto out;
		}
		printf("qupiya: new content master key; %lld content keys re-wrapped\n",
		       (long long)x.n);
		ret = 0;
		goto out;
	}
fail_db:
	fprintf(stderr, "%s: %s%s%s (nothing re-wrapped; the old key still opens"
	        " everything: run the command again)\n", prog, e.code,
	        e.detail[0] ? ": " : "", e.detail);
out:
	store_rollback(tx);
	store_close(s);
	crypto_keys_free(k);
	return ret;
}

int
cmd_keys(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (sub == NULL) {
		usage(stderr);
		return 2;
	}
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(sub, "rotate-signing") == 0)
		return keys_rotate(argc - 1, argv + 1, false);
	if (strcmp(sub, "rotate-master") == 0)
		return keys_rotate(argc - 1, argv + 1, true);
	fprintf(stderr, "qupiya keys: unknown subcommand '%s'\n", sub);
	usage(stderr);
	return 2;
}
