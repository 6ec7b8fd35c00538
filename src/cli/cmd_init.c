/*
 * cmd_init.c — `qupiya init --db FILE [--keys DIR]`: a new database, its
 * keys (three files in the keys directory, SPEC §4: cli_keys_dir) and the
 * administrator `admin`.
 *
 * The administrator's password comes from QUPIYA_ADMIN_PASSWORD or is
 * generated and printed once. SECURITY: the password is wiped after hashing;
 * on any failure the half-made database and the key files are removed (an
 * existing key file is never overwritten: init then fails).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "cli/commands.h"
#include "core/roles.h"
#include "crypto/crypto.h"
#include "store/store.h"

static void
usage(FILE *f)
{
	fputs("usage: qupiya init --db FILE [--keys DIR]\n"
	      "\n"
	      "Creates the database FILE, its keys and the administrator account\n"
	      "'admin'. The keys directory (--keys DIR, else QUPIYA_KEYS, else the\n"
	      "directory of FILE) receives audit-signing.key and content-master.key\n"
	      "(mode 0600) and audit-public.key (enough to verify the audit log).\n"
	      " The password is QUPIYA_ADMIN_PASSWORD (12 to 1024\n"
	      "characters) or, when unset, generated and printed once.\n",
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

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *keys_opt = NULL, *env;
	char keypath[4096], err[512], pw[CRYPTO_TOKEN_STR];
	struct crypto_keys *keys = NULL;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct store_user u;
	struct audit_log *log = NULL;
	struct qerr e = {0};
	bool generated = false, keys_made = false;
	int c;

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
		fprintf(stderr, "qupiya init: --db is required\n");
		return 2;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (crypto_init() != 0) {
		fprintf(stderr, "qupiya init: libsodium failed to initialise\n");
		return 1;
	}
	env = getenv("QUPIYA_ADMIN_PASSWORD");
	if (env != NULL) {
		size_t n = strlen(env);
		if (n < PASSWORD_LEN_MIN || n > PASSWORD_LEN_MAX) {
			fprintf(stderr, "qupiya init: QUPIYA_ADMIN_PASSWORD must be 12 to 1024 characters\n");
			return 2;
		}
	} else {
		/* 128 random bits as 32 hex digits: typeable, and strong. */
		crypto_token_new(pw);
		pw[32] = '\0';
		generated = true;
	}
	if (cli_keys_dir(keys_opt, db, keypath, sizeof keypath) != 0) {
		fprintf(stderr, "qupiya init: keys directory: path too long or missing\n");
		return 2;
	}
	if (access(db, F_OK) == 0) {
		fprintf(stderr, "qupiya init: %s already exists\n", db);
		return 1;
	}
	keys = crypto_keys_create_dir(keypath, err, sizeof err);
	if (keys == NULL) {
		fprintf(stderr, "qupiya init: %s\n", err);
		return 1;
	}
	keys_made = true;
	if (store_open(db, STORE_OPEN_CREATE, &s, &e) != 0)
		goto fail;
	log = audit_log_new(keys, QDATE_NONE);
	memset(&u, 0, sizeof u);
	store_id_new("user", u.id);
	q_strlcpy(u.login, "admin", sizeof u.login);
	q_strlcpy(u.roles, "admin", sizeof u.roles);
	if (crypto_pw_hash(u.pwhash, env ? env : pw, strlen(env ? env : pw)) != 0) {
		qerr_internal(&e, "password hashing failed");
		goto fail;
	}
	if (store_begin(s, true, &tx, &e) != 0 || store_user_insert(tx, &u, &e) != 0)
		goto fail;
	{
		struct audit_event ev = {.actor = "system", .action = "system.init",
		                         .object = u.id, .outcome = "ok",
		                         .effective_date = today_real()};
		struct store_sth h;
		if (audit_append(log, tx, &ev, NULL, &e) != 0 || audit_head(log, tx, &h, &e) != 0)
			goto fail;
	}
	if (store_commit(tx, &e) != 0) {
		tx = NULL;
		goto fail;
	}
	tx = NULL;
	store_close(s);
	audit_log_free(log);
	crypto_keys_free(keys);
	printf("qupiya: created %s and its keys in %s/\n", cli_db_name(db), keypath);
	if (generated)
		printf("administrator login: admin\npassword (shown once): %s\n", pw);
	else
		printf("administrator login: admin (password from QUPIYA_ADMIN_PASSWORD)\n");
	crypto_wipe(pw, sizeof pw);
	return 0;
fail:
	fprintf(stderr, "qupiya init: %s%s%s\n", e.code, e.detail[0] ? ": " : "", e.detail);
	store_rollback(tx);
	store_close(s);
	audit_log_free(log);
	crypto_keys_free(keys);
	crypto_wipe(pw, sizeof pw);
	unlink(db);
	{
		static const char *const names[] = {CRYPTO_KEYS_SIGNING, CRYPTO_KEYS_MASTER,
		                                    CRYPTO_KEYS_PUBLIC};
		char kp[4200];

		for (size_t i = 0; keys_made && i < 3; i++) {
			snprintf(kp, sizeof kp, "%s/%s", keypath, names[i]);
			unlink(kp);
		}
	}
	{
		char side[4200];
		snprintf(side, sizeof side, "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", db);
		unlink(side);
	}
	return 1;
}
