/*
 * commands.h — the subcommands of the `qupiya` program. Each takes the
 * arguments after its name (argv[0] is the subcommand) and returns the
 * process exit status: 0 success, 1 failure (the operation said no), 2 usage.
 * Only main() exits.
 */
#ifndef QUPIYA_CLI_COMMANDS_H
#define QUPIYA_CLI_COMMANDS_H

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_deadlines(int argc, char **argv);
int cmd_sandbox_selftest(int argc, char **argv);   /* hidden: tests */

/* The key file that belongs to a database: DB + ".key". */
int cli_key_path(const char *db, char *buf, unsigned long bufsz);

/* Loads DATA_DIR/holidays/kz.txt (cmd_deadlines.c); prints why on failure.
 * *out is the caller's (calendar_free()). 0 or -1. */
struct calendar;
int cli_calendar_load(const char *data_dir, struct calendar **out);

/* Default data/ and web/ directories (paths.c): the source tree's when
 * run from the build directory, else the installed ones. */
const char *cli_data_dir_default(void);
const char *cli_web_dir_default(void);

#endif
