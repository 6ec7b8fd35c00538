/*
 * cmd_serve.c — `qupiya serve --db FILE [--keys DIR] --listen ADDR:PORT
 * [--clock DATE] [--tls-cert FILE --tls-key FILE] [--max-connections N]
 * [--per-ip-connections N]`.
 *
 * Loads the keys (converting a 0.1.0 key file on first use: cli_keys_load), the message catalogues and the statutory catalogue,
 * opens the store, starts the HTTP server and runs until SIGINT/SIGTERM,
 * then stops accepting, finishes what is in flight and closes the store.
 * --clock fixes "today" (drills, tests); every audit entry records it.
 * The listening socket, keys, data and database are opened first; then
 * --user drops root and the process enters its box (sandbox.c) before
 * libmicrohttpd starts its threads; --no-sandbox skips the box.
 * With --tls-cert/--tls-key the server speaks HTTPS itself (TLS 1.2+, AEAD
 * ciphers only, HSTS); without them plain HTTP, meant for loopback or a
 * TLS proxy in front.
 * --trusted-proxy (repeatable) names the reverse proxies whose forwarding
 * headers are believed (http/auth.c, auth_client_addr).
 * --read-only serves a hot standby (router.c, route_writes): the store is
 * opened STORE_OPEN_READ_ONLY, and --primary-url names the read-write node
 * its 503 "read_only" answers point to.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "audit/note.h"
#include "cli/commands.h"
#include "cli/sandbox.h"
#include "core/calendar.h"
#include "http/http.h"
#include "http/i18n.h"
#include "ops/access_index.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: qupiya serve --db FILE [--keys DIR] [--listen ADDR:PORT]\n"
	      "                    [--clock YYYY-MM-DD] [--data DIR] [--web DIR]\n"
	      "                    [--tls-cert FILE --tls-key FILE]\n"
	      "                    [--max-connections N] [--per-ip-connections N]\n"
	      "                    [--trusted-proxy ADDR]...\n"
	      "                    [--user NAME] [--no-sandbox]\n"
	      "                    [--read-only [--primary-url URL]] [--progress]\n"
	      "\n"
	      "Serves the HTTP API (/v1) and the web interface.\n"
	      "  --keys DIR          the keys directory (default: QUPIYA_KEYS, else the\n"
	      "                      directory of FILE)\n"
	      "  --listen ADDR:PORT  default 127.0.0.1:8470\n"
	      "  --clock DATE        fix \"today\" to DATE (recorded in the audit log)\n"
	      "  --data DIR          messages, catalogue and calendar (default: QUPIYA_DATA_DIR,\n"
	      "                      else %s)\n"
	      "  --web DIR           the web interface's files (default: %s)\n"
	      "  --tls-cert FILE     PEM certificate chain: serve HTTPS (TLS 1.2/1.3, HSTS)\n"
	      "  --tls-key FILE      PEM private key of --tls-cert\n"
	      "  --max-connections N open connections in all (default 1000; a fifth is\n"
	      "                      kept for requests with a valid session token)\n"
	      "  --per-ip-connections N  open connections per client address (default 64)\n"
	      "  --trusted-proxy ADDR  a reverse proxy (IP address) whose X-Forwarded-For or\n"
	      "                      Forwarded header names the client (repeatable; from\n"
	      "                      any other peer these headers are ignored)\n"
	      "  --user NAME         started as root: drop to this user once the socket,\n"
	      "                      keys and database are open\n"
	      "  --no-sandbox        do not enter the box (no_new_privs, Landlock, seccomp);\n"
	      "                      for debugging only\n"
	      "  --log-origin NAME   origin line of this log's checkpoints (C2SP), e.g.\n"
	      "                      qupiya.BIN/audit (default: derived from the key)\n"
	      "  --read-only         serve what writes nothing (a hot standby): writes,\n"
	      "                      audited reads and logins answer 503 \"read_only\"\n"
	      "  --primary-url URL   with --read-only: the read-write node named in that 503\n"
	      "  --witness-name NAME key name of this server's cosignatures as a witness\n"
	      "                      (default: derived from DIR/witness.key)\n"
	      "  --progress          print the upgrade's progress (each pending migration\n"
	      "                      step, rows, seconds) on stderr even when it is not a\n"
	      "                      terminal\n",
	      cli_data_dir_default(), cli_web_dir_default());
}

/* A count option in [min, max]; 0, or -1 with the message printed. */
static int
count_parse(const char *s, unsigned long min, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "qupiya serve: want a number %lu..%lu, got '%s'\n", min, max, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"listen", required_argument, NULL, 'l'},
		{"clock", required_argument, NULL, 'c'},
		{"data", required_argument, NULL, 'D'},
		{"web", required_argument, NULL, 'w'},
		{"tls-cert", required_argument, NULL, 'C'},
		{"tls-key", required_argument, NULL, 'K'},
		{"max-connections", required_argument, NULL, 'M'},
		{"per-ip-connections", required_argument, NULL, 'P'},
		{"trusted-proxy", required_argument, NULL, 'T'},
		{"user", required_argument, NULL, 'u'},
		{"no-sandbox", no_argument, NULL, 'S'},
		{"log-origin", required_argument, NULL, 'O'},
		{"witness-name", required_argument, NULL, 'W'},
		{"read-only", no_argument, NULL, 'R'},
		{"primary-url", required_argument, NULL, 'p'},
		{"progress", no_argument, NULL, 'G'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *keys_opt = NULL, *listen = "127.0.0.1:8470", *clock = NULL;
	const char *data = getenv("QUPIYA_DATA_DIR"), *web = cli_web_dir_default();
	const char *user = NULL;
	char err[512], path[4200], dbdir[4096];
	char *client_files[SANDBOX_PATHS_MAX] = {0};
	struct sandbox_policy policy;
	bool sandbox = true;
	int progress = 0;
	struct app app;
	struct calendar *cal = NULL;
	struct http_server *srv = NULL;
	struct http_server_opts sopts;
	struct qerr e = {0};
	json_error_t jerr;
	sigset_t set;
	int c, sig, rc = 1;

	if (data == NULL)
		data = cli_data_dir_default();
	memset(&app, 0, sizeof app);
	memset(&sopts, 0, sizeof sopts);
	app.fixed_today = QDATE_NONE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': keys_opt = optarg; break;
		case 'l': listen = optarg; break;
		case 'c': clock = optarg; break;
		case 'D': data = optarg; break;
		case 'w': web = optarg; break;
		case 'C': sopts.tls_cert = optarg; break;
		case 'K': sopts.tls_key = optarg; break;
		case 'M':
			if (count_parse(optarg, 8, 100000, &sopts.max_connections) != 0)
				return 2;
			break;
		case 'P':
			if (count_parse(optarg, 1, 100000, &sopts.per_ip_connections) != 0)
				return 2;
			break;
		case 'T': {
			unsigned char bin[16];

			if (inet_pton(AF_INET, optarg, bin) != 1 &&
			    inet_pton(AF_INET6, optarg, bin) != 1) {
				fprintf(stderr, "qupiya serve: --trusted-proxy wants an IP address, "
				        "got '%s'\n", optarg);
				return 2;
			}
			if (app.ntrusted_proxies == TRUSTED_PROXIES_MAX) {
				fprintf(stderr, "qupiya serve: at most %d --trusted-proxy\n",
				        TRUSTED_PROXIES_MAX);
				return 2;
			}
			app.trusted_proxies[app.ntrusted_proxies++] = optarg;
			break;
		}
		case 'u': user = optarg; break;
		case 'S': sandbox = false; break;
		case 'O': app.log_origin = optarg; break;
		case 'W': app.witness_name = optarg; break;
		case 'R': app.read_only = true; break;
		case 'p': app.primary_url = optarg; break;
		case 'G': progress = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "qupiya serve: --db is required\n");
		return 2;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (cli_db_keys_given("qupiya serve", db, keys_opt) != 0)
		return 2;
	if (clock != NULL && date_parse(clock, &app.fixed_today) != 0) {
		fprintf(stderr, "qupiya serve: --clock wants a date YYYY-MM-DD, got '%s'\n", clock);
		return 2;
	}
	if ((app.log_origin != NULL && !note_name_ok(app.log_origin, strlen(app.log_origin))) ||
	    (app.witness_name != NULL &&
	     !note_name_ok(app.witness_name, strlen(app.witness_name)))) {
		fprintf(stderr, "qupiya serve: --log-origin and --witness-name want a name without"
		                " spaces or '+'\n");
		return 2;
	}
	if (crypto_init() != 0) {
		fprintf(stderr, "qupiya serve: libsodium failed to initialise\n");
		return 1;
	}
	/* Signals are taken by sigwait() below; block them before threads start. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* The box's policy; SQLite's temporary files go beside the database,
	 * the one directory the box lets it write. */
	if (sandbox_policy_serve(&policy, db, data, web, dbdir, sizeof dbdir) != 0) {
		fprintf(stderr, "qupiya serve: --db path too long\n");
		return 2;
	}
	/* server.c reads the certificate and key as it starts, inside the box. */
	if (sopts.tls_cert != NULL)
		policy.ro[policy.nro++] = sopts.tls_cert;
	if (sopts.tls_key != NULL)
		policy.ro[policy.nro++] = sopts.tls_key;
	if (sandbox && setenv("SQLITE_TMPDIR", dbdir, 1) != 0) {
		fprintf(stderr, "qupiya serve: setenv failed\n");
		return 1;
	}
	if (sandbox_listen_open(listen, &app.listen_fd, err, sizeof err) != 0) {
		fprintf(stderr, "qupiya serve: %s\n", err);
		return 1;
	}

	app.keys = cli_keys_load("qupiya serve", keys_opt, db, 0);
	if (app.keys == NULL)
		return 1;
	app.witness_keys = cli_witness_keys_open(keys_opt, db, err, sizeof err);
	if (app.witness_keys == NULL) {
		fprintf(stderr, "qupiya serve: %s\n", err);
		goto out;
	}
	snprintf(path, sizeof path, "%s/messages", data);
	app.i18n = i18n_load(path, err, sizeof err);
	if (app.i18n == NULL) {
		fprintf(stderr, "qupiya serve: %s\n", err);
		goto out;
	}
	snprintf(path, sizeof path, "%s/catalog.json", data);
	app.catalog = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (app.catalog == NULL) {
		fprintf(stderr, "qupiya serve: %s: %s\n", path, jerr.text);
		goto out;
	}
	/* SPEC §5: working days and the Civil Code's periods need the holidays. */
	if (cli_calendar_load(data, &cal) != 0)
		goto out;
	app.calendar = cal;
	app.data_dir = data;
	app.web_dir = web;
	if (app.primary_url != NULL && !app.read_only) {
		fprintf(stderr, "qupiya serve: --primary-url goes with --read-only\n");
		goto out;
	}
	cli_progress(progress);
	if (store_open(db, app.read_only ? STORE_OPEN_READ_ONLY : STORE_OPEN_EXISTING,
	               &app.store, &e) != 0) {
		store_on_progress(NULL);
		fprintf(stderr, "qupiya serve: %s: %s\n", cli_db_name(db), e.detail[0] ? e.detail : e.code);
		goto out;
	}
	store_on_progress(NULL);
	/* libpq opens the URL's certificates and password file again at
	 * each new connection, inside the box */
	for (int i = store_client_files(app.store, client_files, SANDBOX_PATHS_MAX - policy.nro) - 1;
	     i >= 0; i--)
		policy.ro[policy.nro++] = client_files[i];
	app.audit = audit_log_new(app.keys, app.fixed_today);
	if (app.audit == NULL)
		goto out;
	if ((sopts.tls_cert == NULL) != (sopts.tls_key == NULL)) {
		fprintf(stderr, "qupiya serve: --tls-cert and --tls-key go together\n");
		rc = 2;
		goto out;
	}
	if (user != NULL && sandbox_user_drop(user, err, sizeof err) != 0) {
		fprintf(stderr, "qupiya serve: %s\n", err);
		goto out;
	}
	if (user == NULL && (geteuid() == 0 || getuid() == 0))
		fprintf(stderr, "qupiya: warning: running as root; start with --user NAME "
		        "to drop root once the socket, keys and database are open\n");
	if (!sandbox) {
		fprintf(stderr, "qupiya: warning: --no-sandbox: running without the box\n");
	} else if (sandbox_enter(&policy, stderr, err, sizeof err) != 0) {
		fprintf(stderr, "qupiya serve: %s\n", err);
		goto out;
	}
	/* the in-memory access index (ops/access_index.c); without it the
	 * store answers every access check, as before. Its builder thread
	 * starts inside the box, as every thread does (sandbox.c). */
	if (access_index_start(app.store, &e) != 0)
		fprintf(stderr, "qupiya serve: access index: %s\n", e.detail[0] ? e.detail : e.code);
	if (http_server_start(&app, listen, &sopts, &srv, err, sizeof err) != 0) {
		fprintf(stderr, "qupiya serve: %s\n", err);
		goto out;
	}
	printf("qupiya: serving %s on %s://%s/%s%s\n", cli_db_name(db),
	       http_server_tls(srv) ? "https" : "http", listen,
	       clock ? " with the clock fixed at " : "", clock ? clock : "");
	fflush(stdout);
	if (sigwait(&set, &sig) == 0)
		printf("qupiya: stopping (signal %d)\n", sig);
	http_server_stop(srv);
	app.listen_fd = -1;   /* closed by the server */
	{
		struct store_group_stats gs;

		store_group_stats(app.store, &gs);
		if (gs.ops > gs.commits)
			printf("qupiya: group commit: %lld writes in %lld commits, at most %lld in one\n",
			       (long long)gs.ops, (long long)gs.commits, (long long)gs.max_ops);
	}
	if (access_index_on()) {
		long full, incr, fresh, stale;

		access_index_counts(&full, &incr, &fresh, &stale);
		printf("qupiya: access index: %ld whole builds, %ld incremental steps; "
		       "%ld checks found it fresh, %ld behind\n", full, incr, fresh, stale);
	}
	rc = 0;
out:
	if (app.listen_fd > 0)
		close(app.listen_fd);
	access_index_stop();
	audit_log_free(app.audit);
	store_close(app.store);
	json_decref(app.catalog);
	calendar_free(cal);
	i18n_free(app.i18n);
	crypto_keys_free((struct crypto_keys *)app.witness_keys);
	crypto_keys_free((struct crypto_keys *)app.keys);
	for (int i = 0; i < SANDBOX_PATHS_MAX; i++)
		free(client_files[i]);
	return rc;
}
