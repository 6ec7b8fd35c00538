/*
 * main.c — the `qupiya` command: dispatches to the subcommands.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static void
usage(FILE *f)
{
	fputs("usage: qupiya COMMAND [OPTIONS]\n"
	      "\n"
	      "The information system for the regime of protection of state secrets\n"
	      "(Law of the Republic of Kazakhstan \"On State Secrets\").\n"
	      "\n"
	      "commands:\n"
	      "  init     create a database, its keys and the administrator\n"
	      "  serve    serve the HTTP API and the web interface\n"
	      "  audit    verify the audit log, export its signed head\n"
	      "  backup   make a consistent online copy of a database\n"
	      "  migrate  copy a SQLite database into an empty PostgreSQL one\n"
	      "  migrate-schema  run the pending schema migrations once (upgrades)\n"
	      "  deadlines  print the deadlines list (the security officer's daily report)\n"
	      "  keys     rotate the audit signing key or the content master key\n"
	      "  import   bring a paper registry in as CSV (docs/import.md)\n"
	      "  export   write a registry out as CSV in the import's layout\n"
	      "  admin    reset-password: recover an account (admin) with a one-time password\n"
	      "  version  print the version\n"
	      "\n"
	      "Run 'qupiya COMMAND --help' for the options of a command; 'man qupiya'.\n",
	      f);
}

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd == NULL) {
		usage(stderr);
		return 2;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("qupiya %s\n", QUPIYA_VERSION);
		return 0;
	}
	if (strcmp(cmd, "init") == 0)
		return cmd_init(argc - 1, argv + 1);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(argc - 1, argv + 1);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(argc - 1, argv + 1);
	if (strcmp(cmd, "migrate") == 0)
		return cmd_migrate(argc - 1, argv + 1);
	if (strcmp(cmd, "migrate-schema") == 0)
		return cmd_migrate_schema(argc - 1, argv + 1);
	if (strcmp(cmd, "keys") == 0)
		return cmd_keys(argc - 1, argv + 1);
	if (strcmp(cmd, "admin") == 0)
		return cmd_admin(argc - 1, argv + 1);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(argc - 1, argv + 1);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(argc - 1, argv + 1);
	if (strcmp(cmd, "deadlines") == 0)
		return cmd_deadlines(argc - 1, argv + 1);
	if (strcmp(cmd, "sandbox-selftest") == 0)   /* hidden: tests/api/test_sandbox.py */
		return cmd_sandbox_selftest(argc - 1, argv + 1);
	fprintf(stderr, "qupiya: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
