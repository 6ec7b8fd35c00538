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

/* The key file that belongs to a database: DB + ".key". */
int cli_key_path(const char *db, char *buf, unsigned long bufsz);

/* The witness's own Ed25519 key of a database (witness_keys.c): loaded, or
 * created on first use. NULL with err set. */
#include <stddef.h>
struct crypto_keys;
struct crypto_keys *cli_witness_keys_open(const char *db, char *err, size_t errsz);

/* Loads DATA_DIR/holidays/kz.txt (cmd_deadlines.c); prints why on failure.
 * *out is the caller's (calendar_free()). 0 or -1. */
struct calendar;
int cli_calendar_load(const char *data_dir, struct calendar **out);

#endif
