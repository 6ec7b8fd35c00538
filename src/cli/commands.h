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
int cmd_migrate(int argc, char **argv);
int cmd_migrate_schema(int argc, char **argv);
int cmd_deadlines(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_sandbox_selftest(int argc, char **argv);   /* hidden: tests */
int cmd_admin(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* The keys directory (keys.c, SPEC §4): opt (--keys), else QUPIYA_KEYS,
 * else the directory of the SQLite file db; a database URL needs one of the
 * first two. 0 or -1 (said why on stderr for a URL). */
int cli_keys_dir(const char *opt, const char *db, char *buf, unsigned long bufsz);
/* 0 when db is a file or a keys directory is given for a database URL
 * (--keys or QUPIYA_KEYS); else says so on stderr and returns 2 (the exit
 * status of a command that cannot find its keys). */
int cli_db_keys_given(const char *prog, const char *db, const char *keys_opt);
/* db as commands print it: a URL's password ("user:PASSWORD@",
 * "password=PASSWORD") shown as "***". A static buffer of the main thread:
 * valid until the next call. */
const char *cli_db_name(const char *db);
/* Loads the keys for db (converting a 0.1.0 key file DB.key on first use);
 * public_only: only audit-public.key is read. Says why on stderr when NULL. */
struct crypto_keys;
struct crypto_keys *cli_keys_load(const char *prog, const char *keys_opt, const char *db,
                                  int public_only);

/* The witness's own Ed25519 key (witness_keys.c): DIR/witness.key of the
 * keys directory, loaded or created on first use. NULL with err set. */
#include <stddef.h>
struct crypto_keys;
struct crypto_keys *cli_witness_keys_open(const char *keys_opt, const char *db, char *err,
                                         size_t errsz);

/* Loads DATA_DIR/holidays/kz.txt (cmd_deadlines.c); prints why on failure.
 * *out is the caller's (calendar_free()). 0 or -1. */
struct calendar;
int cli_calendar_load(const char *data_dir, struct calendar **out);

/* Today on this machine's calendar (paths.c): the date of acts done from
 * the command line. */
#include "core/date.h"
qdate cli_today(void);

/* Shows the progress of the migrations a store_open() of this process runs
 * on stderr (progress.c) when forced (--progress) or stderr is a terminal;
 * else shows none. */
void cli_progress(int forced);

/* Default data/ and web/ directories (paths.c): the source tree's when
 * run from the build directory, else the installed ones. */
const char *cli_data_dir_default(void);
const char *cli_web_dir_default(void);

#endif
