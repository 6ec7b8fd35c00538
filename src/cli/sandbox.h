/*
 * sandbox.h — the box around `qupiya serve` (sandbox.c): the listening
 * socket opened before anything else, the privilege drop, and
 * sandbox_enter() (no_new_privs, Landlock, seccomp). The policy is
 * described in sandbox.c's header.
 */
#ifndef QUPIYA_CLI_SANDBOX_H
#define QUPIYA_CLI_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SANDBOX_PATHS_MAX 24

/* What the boxed process may still touch. Borrowed strings. */
struct sandbox_policy {
	const char *ro[SANDBOX_PATHS_MAX];   /* read only: directories or files */
	int nro;
	const char *rw[SANDBOX_PATHS_MAX];   /* read-write: directories */
	int nrw;
	bool db_client;   /* the database is a server (postgresql://): socket, connect */
};

/* The policy of `qupiya serve`: data_dir and web_dir read only, the
 * directory of db (database, WAL, key file, upload spool, SQLite's temp
 * files) read-write. dbdir receives that directory (dbdir_sz bytes). A
 * database URL (PostgreSQL): the spool directory (TMPDIR, else /tmp) is
 * the one written, libpq may open sockets and connect (db_client), and
 * the name service's files (those that exist) are read only: a host name
 * in the URL is resolved again at each new connection.
 * 0, or -1 when the path does not fit. */
int sandbox_policy_serve(struct sandbox_policy *p, const char *db, const char *data_dir,
                         const char *web_dir, char *dbdir, size_t dbdir_sz);

/* Opens, binds and listens on ADDR:PORT ("127.0.0.1:8470", "[::1]:8470")
 * as libmicrohttpd would; *fd is the socket. 0, or -1 with err filled. */
int sandbox_listen_open(const char *addr, int *fd, char *err, size_t errsz);

/* Drops root for good: supplementary groups, gid and uid of user, then
 * checks that root cannot be regained. 0, or -1 with err filled. */
int sandbox_user_drop(const char *user, char *err, size_t errsz);

/* Enters the box: no_new_privs, the Landlock ruleset of p (skipped with a
 * log line where the kernel has no Landlock), the seccomp allow-list.
 * Call it before any thread starts: Landlock binds only the calling
 * thread and its later children. Log lines go to log (may be NULL).
 * 0, or -1 with err filled (the caller must not go on unboxed). */
int sandbox_enter(const struct sandbox_policy *p, FILE *log, char *err, size_t errsz);

/* True in sanitizer builds, where sandbox_enter() sets only no_new_privs:
 * LeakSanitizer stops the world with ptrace and reads /proc/self/maps. */
bool sandbox_sanitizer_build(void);

#endif
