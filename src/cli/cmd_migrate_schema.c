/*
 * cmd_migrate_schema.c — `qupiya migrate-schema --db DB [--keys DIR]`
 * (issue 12 item 5): brings the database to this program's schema by
 * running its pending named migrations, once, and prints which ran. It is
 * store_open() itself: on PostgreSQL under the session advisory lock that
 * every node's start takes too, on SQLite each step in its own BEGIN
 * IMMEDIATE that checks again whether another process recorded it, so two
 * runs at once (or a run and a starting node) apply each step exactly
 * once; a database that recorded a step this program does not know is
 * refused (its schema is newer), as `serve` refuses it. Upgrading several
 * nodes: stop them (or leave them on the old schema if the steps allow),
 * run this once with the new binary, then start the new nodes.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "crypto/crypto.h"
#include "store/store.h"

static int napplied;

static void
usage(FILE *f)
{
	fputs("usage: qupiya migrate-schema --db FILE|postgresql://... [--keys DIR] [--progress]\n"
	      "\n"
	      "Runs the database's pending schema migrations, each exactly once even\n"
	      "when several nodes or runs start at once (PostgreSQL: an advisory lock;\n"
	      "SQLite: the write lock), and prints the name of each one it ran. A\n"
	      "database whose schema is newer than this program's is refused.\n"
	      "--keys is accepted and unused (no key is needed). --progress prints each\n"
	      "step's progress (its rows where it counts them, seconds) on stderr, at most\n"
	      "once a second, also when stderr is not a terminal (on a terminal it is\n"
	      "always printed).\n",
	      f);
}

static void
on_migrated(const char *name)
{
	printf("applied %s\n", name);
	napplied++;
}

int
cmd_migrate_schema(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"keys", required_argument, NULL, 'k'},
		{"progress", no_argument, NULL, 'G'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	struct store *s = NULL;
	struct qerr e = {0};
	int c, progress = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': break;
		case 'G': progress = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (db == NULL || optind != argc) {
		if (db == NULL)
			fprintf(stderr, "qupiya migrate-schema: --db is required\n");
		usage(stderr);
		return 2;
	}
	if (crypto_init() != 0)
		return 1;
	store_on_migrated(on_migrated);
	cli_progress(progress);
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0) {
		fprintf(stderr, "qupiya migrate-schema: %s%s%s\n", e.code, e.detail[0] ? ": " : "",
		        e.detail);
		store_on_migrated(NULL);
		store_on_progress(NULL);
		return 1;
	}
	store_on_migrated(NULL);
	store_on_progress(NULL);
	store_close(s);
	printf("qupiya: schema of %s is current (%d migration%s applied by this run)\n",
	       cli_db_name(db), napplied, napplied == 1 ? "" : "s");
	return 0;
}
