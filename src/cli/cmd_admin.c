/*
 * cmd_admin.c — `qupiya admin reset-password --db FILE --login LOGIN
 * [--keys DIR]`: recovers an account (the administrator above all) from the
 * command line. A new random password (128 bits as 32 hex digits) replaces
 * the old one, the account is enabled again, and it is printed once; the
 * change is audited as `user.reset_password` by `system`, in the same
 * transaction. Sessions of the account end with the old password's use:
 * the user logs in afresh with the printed one and must change it
 * (POST /v1/me/password) before anything else: the account is marked
 * must_change_password (router.c answers 403 password_change_required).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/auditlog.h"
#include "cli/commands.h"
#include "core/date.h"
#include "crypto/crypto.h"
#include "store/store.h"

static void
usage(FILE *f)
{
	fputs("usage: qupiya admin reset-password --db FILE --login LOGIN [--keys DIR]\n"
	      "  Sets a new one-time password for LOGIN (printed once), enables the\n"
	      "  account and audits the change. Exit 0 done, 1 failed, 2 usage.\n", f);
}

static qdate
today_real(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int
reset_password(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"login", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *prog = "qupiya admin reset-password";
	const char *db = NULL, *keys_opt = NULL, *login = NULL;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct crypto_keys *k = NULL;
	struct audit_log *log = NULL;
	struct store_user u;
	struct qerr e = {0};
	char pw[CRYPTO_TOKEN_STR];
	int c, ret = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': keys_opt = optarg; break;
		case 'l': login = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "%s: --db is required\n", prog);
		return 2;
	}
	if (login == NULL) {
		fprintf(stderr, "%s: --login is required\n", prog);
		return 2;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (cli_db_keys_given(prog, db, keys_opt) != 0)
		return 2;
	if (crypto_init() != 0)
		return 1;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, cli_db_name(db), e.detail[0] ? e.detail : e.code);
		return 1;
	}
	k = cli_keys_load(prog, keys_opt, db, 0);
	if (k == NULL)
		goto out;
	log = audit_log_new(k, QDATE_NONE);
	if (log == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		goto out;
	}
	crypto_token_new(pw);
	pw[32] = '\0';
	if (store_begin(s, true, &tx, &e) != 0)
		goto fail;
	if (store_user_by_login(tx, login, &u, &e) != 0) {
		fprintf(stderr, "%s: no account with the login '%s'\n", prog, login);
		goto out;
	}
	if (crypto_pw_hash(u.pwhash, pw, strlen(pw)) != 0) {
		qerr_internal(&e, "password hashing failed");
		goto fail;
	}
	u.disabled = false;
	u.must_change_password = true;   /* a one-time password: changed at login */
	if (store_user_update(tx, &u, &e) != 0)
		goto fail;
	{
		struct audit_event ev = {.actor = "system", .action = "user.reset_password",
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
	printf("login: %s\none-time password (shown once; change it after logging in): %s\n",
	       u.login, pw);
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "%s: %s%s%s\n", prog, e.code, e.detail[0] ? ": " : "", e.detail);
out:
	store_rollback(tx);
	store_close(s);
	audit_log_free(log);
	crypto_keys_free(k);
	crypto_wipe(pw, sizeof pw);
	return ret;
}

int
cmd_admin(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (sub == NULL) {
		usage(stderr);
		return 2;
	}
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(sub, "reset-password") == 0)
		return reset_password(argc - 1, argv + 1);
	fprintf(stderr, "qupiya admin: unknown subcommand '%s'\n", sub);
	usage(stderr);
	return 2;
}
