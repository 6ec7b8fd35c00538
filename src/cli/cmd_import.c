/*
 * cmd_import.c — `qupiya import` and `qupiya export`: paper registries in
 * and out as CSV (docs/import.md), acting as a security officer of the
 * organization the registry belongs to, through the same requests and
 * rules as the API (http/import.h). The import is audited as that officer,
 * each record's entry marked {"origin":"import","line":N}.
 *
 *   qupiya import --db DB --org BIN --as LOGIN [--dry-run] [--lang L] FILE.csv
 *   qupiya import --template KIND
 *   qupiya export --db DB --org BIN --as LOGIN --kind KIND [FILE]
 *
 * SECURITY: the file is untrusted (csv.h); --as names an existing account
 * holding the security_officer role of the organization with --org's BIN.
 * Run it as the server's user: it opens the database and its keys.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/auditlog.h"
#include "cli/commands.h"
#include "core/calendar.h"
#include "core/roles.h"
#include "crypto/crypto.h"
#include "http/i18n.h"
#include "http/import.h"
#include "store/store.h"

#define IMPORT_FILE_MAX IMPORT_BODY_MAX

struct io_opts {
	const char *db, *keys, *org, *as, *lang, *data, *clock, *kind, *tmpl, *file;
	bool dry_run;
};

static void
import_usage(FILE *f)
{
	fputs("usage: qupiya import --db DB --org BIN --as LOGIN [--dry-run] [--lang kk|ru|en]\n"
	      "                     [--keys DIR] [--data DIR] [--clock YYYY-MM-DD] FILE.csv\n"
	      "       qupiya import --template KIND\n"
	      "  Brings a paper registry in as CSV (docs/import.md), every row checked by\n"
	      "  the rules of the API and audited as the security officer LOGIN of the\n"
	      "  organization with BIN. The file is committed whole or not at all;\n"
	      "  --dry-run commits nothing and reports each refused row (line, code,\n"
	      "  article, message in --lang). Progress goes to stderr, the report (JSON)\n"
	      "  to stdout. KIND: persons, lists, information, carriers, clearances,\n"
	      "  grants. Exit 0 committed (or a clean dry run), 1 refused rows or\n"
	      "  failure, 2 usage.\n", f);
}

static void
export_usage(FILE *f)
{
	fputs("usage: qupiya export --db DB --org BIN --as LOGIN --kind KIND [--keys DIR]\n"
	      "                     [--data DIR] [--clock YYYY-MM-DD] [FILE]\n"
	      "  Writes the registry of KIND of the organization with BIN in the layout\n"
	      "  the import reads (docs/import.md) to FILE or stdout; audited as an\n"
	      "  export (registry.export) carrying the highest label it contains.\n"
	      "  Exit 0 written, 1 failure, 2 usage.\n", f);
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
opts_parse(int argc, char **argv, bool import, struct io_opts *o)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"org", required_argument, NULL, 'o'},
		{"as", required_argument, NULL, 'a'},
		{"lang", required_argument, NULL, 'l'},
		{"data", required_argument, NULL, 'D'},
		{"clock", required_argument, NULL, 'c'},
		{"kind", required_argument, NULL, 'K'},
		{"template", required_argument, NULL, 'T'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	void (*usage)(FILE *) = import ? import_usage : export_usage;
	const char *prog = import ? "qupiya import" : "qupiya export";
	int c;

	memset(o, 0, sizeof *o);
	o->lang = "en";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'k': o->keys = optarg; break;
		case 'o': o->org = optarg; break;
		case 'a': o->as = optarg; break;
		case 'l': o->lang = optarg; break;
		case 'D': o->data = optarg; break;
		case 'c': o->clock = optarg; break;
		case 'K': o->kind = optarg; break;
		case 'T': o->tmpl = optarg; break;
		case 'n': o->dry_run = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (import && o->tmpl != NULL)
		return optind == argc ? -1 : (usage(stderr), 2);
	if (o->db == NULL || o->org == NULL || o->as == NULL || (!import && o->kind == NULL)) {
		fprintf(stderr, "%s: %s is required\n", prog,
		        o->db == NULL ? "--db" : o->org == NULL ? "--org" : o->as == NULL ? "--as"
		                                                                  : "--kind");
		return 2;
	}
	if (strcmp(o->lang, "en") != 0 && strcmp(o->lang, "ru") != 0 && strcmp(o->lang, "kk") != 0) {
		fprintf(stderr, "%s: --lang must be kk, ru or en\n", prog);
		return 2;
	}
	if (import && optind + 1 != argc) {
		fprintf(stderr, "%s: %s\n", prog, optind == argc ? "FILE.csv is required"
		                                                 : "one FILE.csv at a time");
		return 2;
	}
	if (!import && optind + 1 < argc) {
		export_usage(stderr);
		return 2;
	}
	o->file = optind < argc ? argv[optind] : NULL;
	return -1;
}

/* Reads the whole file (at most IMPORT_FILE_MAX bytes) into *buf. */
static int
file_read(const char *prog, const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 65536, n = 0;
	char *b;

	*buf = NULL;
	if (f == NULL) {
		perror(path);
		return -1;
	}
	b = malloc(cap);
	while (b != NULL) {
		size_t got = fread(b + n, 1, cap - n, f);

		n += got;
		if (n < cap)
			break;
		if (cap >= IMPORT_FILE_MAX) {
			fprintf(stderr, "%s: %s: larger than %llu bytes\n", prog, path,
			        (unsigned long long)IMPORT_FILE_MAX);
			free(b);
			fclose(f);
			return -1;
		}
		{
			char *nb = realloc(b, cap * 2);

			if (nb == NULL) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (b == NULL || ferror(f)) {
		fprintf(stderr, "%s: %s: cannot read\n", prog, path);
		free(b);
		fclose(f);
		return -1;
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

struct world {
	struct app app;
	struct crypto_keys *keys;
	struct calendar *cal;
	struct http_user user;
	char data[1024];
};

static void
world_close(struct world *w)
{
	audit_log_free(w->app.audit);
	store_close(w->app.store);
	json_decref(w->app.catalog);
	calendar_free(w->cal);
	i18n_free(w->app.i18n);
	crypto_keys_free(w->keys);
}

/* Opens the database, keys, catalogues; finds the officer --as of --org. */
static int
world_open(const char *prog, const struct io_opts *o, struct world *w)
{
	struct qerr e = {0};
	struct store_tx *tx = NULL;
	struct store_user su;
	char err[256], path[1200];
	json_error_t jerr;

	memset(w, 0, sizeof *w);
	w->app.fixed_today = QDATE_NONE;
	if (o->clock != NULL && date_parse(o->clock, &w->app.fixed_today) != 0) {
		fprintf(stderr, "%s: --clock: not a date YYYY-MM-DD\n", prog);
		return -1;
	}
	q_strlcpy(w->data, o->data ? o->data : getenv("QUPIYA_DATA_DIR") ? getenv("QUPIYA_DATA_DIR")
	                                                                 : cli_data_dir_default(),
	          sizeof w->data);
	if (crypto_init() != 0)
		return -1;
	if (store_open(o->db, STORE_OPEN_EXISTING, &w->app.store, &e) != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, o->db, e.detail[0] ? e.detail : e.code);
		return -1;
	}
	w->keys = cli_keys_load(prog, o->keys, o->db, 0);
	if (w->keys == NULL)
		return -1;
	w->app.keys = w->keys;
	snprintf(path, sizeof path, "%s/messages", w->data);
	w->app.i18n = i18n_load(path, err, sizeof err);
	if (w->app.i18n == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return -1;
	}
	snprintf(path, sizeof path, "%s/catalog.json", w->data);
	w->app.catalog = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (w->app.catalog == NULL) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, jerr.text);
		return -1;
	}
	if (cli_calendar_load(w->data, &w->cal) != 0)
		return -1;
	w->app.calendar = w->cal;
	w->app.data_dir = w->data;
	w->app.audit = audit_log_new(w->keys, w->app.fixed_today);
	if (w->app.audit == NULL)
		return -1;
	if (store_begin(w->app.store, false, &tx, &e) != 0 ||
	    store_user_by_login(tx, o->as, &su, &e) != 0) {
		store_rollback(tx);
		fprintf(stderr, "%s: --as %s: %s\n", prog, o->as,
		        e.status == QERR_NOT_FOUND ? "no such account" : e.code);
		return -1;
	}
	store_rollback(tx);
	if (su.disabled || roles_parse_csv(su.roles, &w->user.roles) != 0 ||
	    !(w->user.roles & ROLE_SECURITY_OFFICER)) {
		fprintf(stderr, "%s: --as %s: not an enabled security officer\n", prog, o->as);
		return -1;
	}
	q_strlcpy(w->user.id, su.id, sizeof w->user.id);
	q_strlcpy(w->user.login, su.login, sizeof w->user.login);
	q_strlcpy(w->user.org_id, su.org_id, sizeof w->user.org_id);
	q_strlcpy(w->user.person_id, su.person_id, sizeof w->user.person_id);
	if (import_org_check(&w->app, &w->user, o->org,
	                     w->app.fixed_today != QDATE_NONE ? w->app.fixed_today : today_real(),
	                     &e) != 0) {
		fprintf(stderr, "%s: --org %s: %s\n", prog, o->org,
		        e.status == QERR_FORBIDDEN ? "not the organization of the officer --as"
		                                   : e.detail);
		return -1;
	}
	return 0;
}

static void
progress(void *ctx, long done, long total)
{
	(void)ctx;
	fprintf(stderr, "\rqupiya import: %ld/%ld rows", done, total);
	if (done == total)
		fputc('\n', stderr);
}

int
cmd_import(int argc, char **argv)
{
	const char *prog = "qupiya import";
	struct io_opts o;
	struct world w;
	struct import_opts io = {0};
	struct qerr e = {0};
	json_t *report = NULL;
	char *buf = NULL, *text;
	size_t len;
	int rc = opts_parse(argc, argv, true, &o), ret = 1;

	if (rc >= 0)
		return rc;
	if (o.tmpl != NULL) {
		if (import_template(o.tmpl, &buf, &len, &e) != 0) {
			fprintf(stderr, "%s: --template %s: unknown kind (persons, lists, information, "
			        "carriers, clearances, grants)\n", prog, o.tmpl);
			return 2;
		}
		fwrite(buf, 1, len, stdout);
		free(buf);
		return 0;
	}
	if (file_read(prog, o.file, &buf, &len) != 0)
		return 1;
	if (world_open(prog, &o, &w) != 0)
		goto done;
	io.lang = o.lang;
	io.dry_run = o.dry_run;
	io.today = w.app.fixed_today != QDATE_NONE ? w.app.fixed_today : today_real();
	io.progress = progress;
	if (import_run(&w.app, &w.user, buf, len, &io, &report, &e) != 0) {
		char msg[512];

		i18n_format(w.app.i18n, o.lang, &e, msg, sizeof msg);
		fprintf(stderr, "%s: %s: %s (%s%s%s)\n", prog, o.file, msg, e.code,
		        e.field[0] ? " at " : "", e.field);
		goto done;
	}
	text = json_dumps(report, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text != NULL) {
		puts(text);
		free(text);
	}
	if (json_integer_value(json_object_get(report, "refused")) == 0)
		ret = 0;
	fprintf(stderr, "%s: %s\n", prog,
	        json_is_true(json_object_get(report, "committed")) ? "committed"
	        : o.dry_run ? "dry run: nothing committed" : "refused rows: nothing committed");
done:
	json_decref(report);
	free(buf);
	world_close(&w);
	return ret;
}

int
cmd_export(int argc, char **argv)
{
	const char *prog = "qupiya export";
	struct io_opts o;
	struct world w;
	struct qerr e = {0};
	char *buf = NULL, label[24];
	size_t len;
	int rc = opts_parse(argc, argv, false, &o), ret = 1;
	FILE *f;

	if (rc >= 0)
		return rc;
	if (world_open(prog, &o, &w) != 0)
		goto done;
	if (import_export(&w.app, &w.user, o.kind,
	                  w.app.fixed_today != QDATE_NONE ? w.app.fixed_today : today_real(), &buf,
	                  &len, label, &e) != 0) {
		fprintf(stderr, "%s: --kind %s: %s\n", prog, o.kind,
		        e.status == QERR_INPUT ? "unknown kind" : e.code);
		ret = e.status == QERR_INPUT ? 2 : 1;
		goto done;
	}
	f = o.file != NULL ? fopen(o.file, "wb") : stdout;
	if (f == NULL) {
		perror(o.file);
		goto done;
	}
	if (fwrite(buf, 1, len, f) == len && fflush(f) == 0)
		ret = 0;
	if (f != stdout && fclose(f) != 0)
		ret = 1;
	if (label[0] != '\0')
		fprintf(stderr, "%s: the file carries the label %s\n", prog, label);
done:
	free(buf);
	world_close(&w);
	return ret;
}
