/*
 * cmd_deadlines.c — `qupiya deadlines --db FILE [--as-of DATE] [--org ORG]
 * [--kind KIND] [--within DAYS] [--format text|json|csv] [--data DIR]`: the
 * deadlines list for the security officer's morning, the same list GET
 * /v1/deadlines answers (both come from ops_deadlines_list, src/ops/deadlines.c), read from
 * the database directly (the server may keep running: one read
 * transaction, a consistent snapshot).
 *
 * Output: text (one aligned line per obligation, overdue marked, then a
 * summary), json ({as_of, org_id, items}) or csv (RFC 4180, a header row).
 * Exit status 0 when the list was printed (whether or not anything is
 * overdue), 1 when the database or the calendar cannot be read, 2 usage.
 *
 * Also cli_calendar_load() (commands.h), shared with `qupiya serve`.
 *
 * SECURITY: reads the database only; never writes it, never touches the
 * key file or carrier content. Arguments are parsed strictly.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/calendar.h"
#include "core/deadlines.h"
#include "crypto/crypto.h"
#include "ops/deadlines.h"
#include "store/store.h"

static void
usage(FILE *f)
{
	fputs("usage: qupiya deadlines --db FILE [--as-of YYYY-MM-DD] [--org ORG_ID]\n"
	      "                        [--kind KIND] [--within DAYS]\n"
	      "                        [--format text|json|csv] [--data DIR] [--keys DIR]\n"
	      "\n"
	      "Prints every open obligation with its due date (SPEC §5 \"Deadlines list\"):\n"
	      "declassification_due, preliminary_proposal, preliminary_decision,\n"
	      "list_review, request_answer, permission_answer, clearance_termination,\n"
	      "certificate_expiry; sorted by due date, overdue = due before --as-of.\n"
	      "  --as-of DATE    the day of the report (default: today)\n"
	      "  --org ORG_ID    one organization (default: all)\n"
	      "  --kind KIND     one kind only\n"
	      "  --within DAYS   also list declassifications due in the next DAYS days\n"
	      "  --format FMT    text (default), json or csv\n"
	      "  --data DIR      where holidays/kz.txt is (default: built-in path,\n"
	      "                  or QUPIYA_DATA_DIR)\n"
	      "  --keys DIR      accepted as on every command with --db; unused\n",
	      f);
}

int
cli_calendar_load(const char *data_dir, struct calendar **out)
{
	char path[4200];
	FILE *f;
	char *buf;
	size_t len;
	struct qerr e = {0};

	*out = NULL;
	snprintf(path, sizeof path, "%s/holidays/kz.txt", data_dir);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "qupiya: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(CALENDAR_TEXT_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		fprintf(stderr, "qupiya: %s: out of memory\n", path);
		return -1;
	}
	len = fread(buf, 1, CALENDAR_TEXT_MAX + 1, f);
	if (ferror(f)) {
		fprintf(stderr, "qupiya: %s: read error\n", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	/* Over the limit: calendar_parse() refuses it with its own code. */
	if (calendar_parse(buf, len, out, &e) != 0) {
		fprintf(stderr, "qupiya: %s: %s %s%s%s\n", path, e.code, e.field,
		        e.detail[0] ? ": " : "", e.detail);
		free(buf);
		return -1;
	}
	free(buf);
	return 0;
}

static qdate
today_real(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* One CSV field (RFC 4180): quoted when it holds a comma, quote or newline. */
static void
csv_field(FILE *f, const char *s, bool last)
{
	if (s == NULL)
		s = "";
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
	} else {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	}
	fputc(last ? '\n' : ',', f);
}

/* One item as GET /v1/deadlines shows it (h_deadlines.c item_json). */
static json_t *
item_json(const struct deadline_item *it)
{
	char d[QDATE_STR_SIZE];
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "kind",
	                      deadline_kind_name(it->d.kind), "object_id", it->d.object_id,
	                      "object_kind", it->object_kind, "due_on",
	                      date_format(it->d.due_on, d), "overdue", it->d.overdue, "code",
	                      deadline_code(it->d.kind), "article", deadline_article(it->d.kind));
	json_t *a = NULL;

	if (j == NULL)
		return NULL;
	if (it->reason[0] != '\0' && json_object_set_new(j, "reason", json_string(it->reason)) != 0)
		goto fail;
	if (!it->has_copies)
		return j;
	if ((a = json_array()) == NULL)
		goto fail;
	for (size_t i = 0; i < it->n_copies; i++) {
		const struct deadline_copy *c = &it->copies[i];
		json_t *o = json_pack("{s:o?, s:s?, s:s?}", "number",
		                      c->has_number ? json_integer(c->number) : json_null(),
		                      "holder_org_id", c->holder_org_id[0] ? c->holder_org_id : NULL,
		                      "holder_person_id",
		                      c->holder_person_id[0] ? c->holder_person_id : NULL);

		if (o == NULL || json_array_append_new(a, o) != 0)
			goto fail;
	}
	if (json_object_set_new(j, "copies", a) != 0) {
		a = NULL;
		goto fail;
	}
	return j;
fail:
	json_decref(a);
	json_decref(j);
	return NULL;
}

static void
print_text(FILE *f, const struct deadline_list *l, qdate as_of, const char *org)
{
	char d[QDATE_STR_SIZE];
	size_t overdue = 0;

	printf("Deadlines as of %s%s%s\n", date_format(as_of, d), org ? " for " : "",
	       org ? org : "");
	if (l->n > 0)
		fprintf(f, "%-10s  %-7s  %-22s  %-36s  %-22s  %s\n", "DUE ON", "OVERDUE", "KIND",
		        "OBJECT", "CODE", "ARTICLE");
	for (size_t i = 0; i < l->n; i++) {
		const struct deadline_item *it = &l->v[i];
		bool od = it->d.overdue;

		overdue += od;
		fprintf(f, "%-10s  %-7s  %-22s  %-36s  %-22s  %s\n", date_format(it->d.due_on, d),
		        od ? "OVERDUE" : "-", deadline_kind_name(it->d.kind), it->d.object_id,
		        deadline_code(it->d.kind), deadline_article(it->d.kind));
	}
	fprintf(f, "%zu open obligation(s), %zu overdue\n", l->n, overdue);
}

static void
print_csv(FILE *f, const struct deadline_list *l)
{
	char d[QDATE_STR_SIZE];

	fputs("due_on,overdue,kind,object_id,object_kind,code,article,reason\n", f);
	for (size_t i = 0; i < l->n; i++) {
		const struct deadline_item *it = &l->v[i];

		csv_field(f, date_format(it->d.due_on, d), false);
		csv_field(f, it->d.overdue ? "true" : "false", false);
		csv_field(f, deadline_kind_name(it->d.kind), false);
		csv_field(f, it->d.object_id, false);
		csv_field(f, it->object_kind, false);
		csv_field(f, deadline_code(it->d.kind), false);
		csv_field(f, deadline_article(it->d.kind), false);
		csv_field(f, it->reason, true);
	}
}

static int
parse_days(const char *s, int *out)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > DEADLINES_WITHIN_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

int
cmd_deadlines(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'K'},
		{"as-of", required_argument, NULL, 'a'},
		{"org", required_argument, NULL, 'o'},
		{"kind", required_argument, NULL, 'k'},
		{"within", required_argument, NULL, 'w'},
		{"format", required_argument, NULL, 'f'},
		{"data", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *as_of = NULL, *format = "text", *kind = NULL;
	const char *data = getenv("QUPIYA_DATA_DIR");
	struct deadlines_query q = {.kind = -1, .limit = 0};
	struct calendar *cal = NULL;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct deadline_list l = {0};
	json_t *items = NULL;
	int c, rc = 1;

	if (data == NULL)
		data = cli_data_dir_default();
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'K': break;   /* accepted everywhere --db is; no key is needed */
		case 'a': as_of = optarg; break;
		case 'o': q.org_id = optarg; break;
		case 'k': kind = optarg; break;
		case 'w':
			if (parse_days(optarg, &q.within) != 0) {
				fprintf(stderr, "qupiya deadlines: --within wants 0..%d days\n",
				        DEADLINES_WITHIN_MAX);
				return 2;
			}
			break;
		case 'f': format = optarg; break;
		case 'D': data = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "qupiya deadlines: --db is required\n");
		return 2;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0) {
		fprintf(stderr, "qupiya deadlines: --format is text, json or csv\n");
		return 2;
	}
	q.as_of = today_real();
	if (as_of != NULL && date_parse(as_of, &q.as_of) != 0) {
		fprintf(stderr, "qupiya deadlines: --as-of wants a date YYYY-MM-DD, got '%s'\n",
		        as_of);
		return 2;
	}
	if (kind != NULL && (q.kind = deadline_kind_parse(kind)) < 0) {
		fprintf(stderr, "qupiya deadlines: unknown --kind '%s'\n", kind);
		return 2;
	}
	if (crypto_init() != 0)
		return 1;
	if (cli_calendar_load(data, &cal) != 0)
		return 1;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0 ||
	    store_begin(s, false, &tx, &e) != 0 ||
	    ops_deadlines_list(tx, cal, &q, &l, &e) != 0) {
		fprintf(stderr, "qupiya deadlines: %s: %s%s%s\n", cli_db_name(db), e.code, e.detail[0] ? ": " : "",
		        e.detail);
		goto out;
	}
	if (strcmp(format, "json") == 0) {
		char d[QDATE_STR_SIZE];
		json_t *j;

		items = json_array();
		for (size_t i = 0; items != NULL && i < l.n; i++)
			if (json_array_append_new(items, item_json(&l.v[i])) != 0) {
				json_decref(items);
				items = NULL;
			}
		j = items == NULL ? NULL
		                  : json_pack("{s:s, s:s?, s:O}", "as_of", date_format(q.as_of, d),
		                              "org_id", q.org_id, "items", items);

		if (j == NULL || json_dumpf(j, stdout, JSON_INDENT(1) | JSON_SORT_KEYS) != 0) {
			json_decref(j);
			fprintf(stderr, "qupiya deadlines: cannot write the report\n");
			goto out;
		}
		json_decref(j);
		putchar('\n');
	} else if (strcmp(format, "csv") == 0) {
		print_csv(stdout, &l);
	} else {
		print_text(stdout, &l, q.as_of, q.org_id);
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "qupiya deadlines: cannot write the report: %s\n", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	json_decref(items);
	deadline_list_free(&l);
	store_rollback(tx);
	store_close(s);
	calendar_free(cal);
	return rc;
}
