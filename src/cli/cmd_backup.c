/*
 * cmd_backup.c — `qupiya backup --db FILE --to FILE [--keys DIR]`: a
 * consistent copy of a live database (the server may keep running). The keys
 * are not copied (--keys is accepted like on every command taking --db, and
 * unused): keep them apart from the backups, or content at rest is no
 * longer protected.
 *
 * PostgreSQL (--db postgresql://...): pg_dump in its custom format (-Fc),
 * run as a child process. pg_dump reads the whole database in one
 * REPEATABLE READ transaction, so the copy is one committed state: every
 * qupiya write and its audit entry commit together, so the dump holds both
 * or neither, and the audit log in it verifies. Restore with pg_restore
 * into a new empty database (`createdb NEW && pg_restore --no-owner -d
 * NEW FILE`), then `qupiya audit verify` on it. Why not a base backup
 * (pg_basebackup): it copies the whole cluster, needs a replication
 * connection and restores only as a whole cluster of the same major
 * version; a body's database is one database of a cluster, and the
 * standby of issue 12 is the continuous copy, this the portable one.
 * Passwords belong in ~/.pgpass or PGPASSFILE, not in the URL (pg_dump's
 * arguments are visible to other local users).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/commands.h"
#include "crypto/crypto.h"
#include "store/store.h"

extern char **environ;

static void
usage(FILE *f)
{
	fputs("usage: qupiya backup --db FILE --to FILE [--keys DIR]\n"
	      "       qupiya backup --db postgresql://... --to FILE\n"
	      "\n"
	      "Copies the database FILE, consistently and while it is in use, to a new\n"
	      "file. The keys directory is not copied: back it up separately.\n"
	      "A PostgreSQL database is dumped with pg_dump in its custom format (one\n"
	      "consistent snapshot); restore it into a new empty database with\n"
	      "pg_restore --no-owner -d URL FILE.\n",
	      f);
}

static bool
is_pg_url(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0;
}

/* pg_dump -Fc of the database url into the new file to. 0, or 1 said why. */
static int
backup_pg(const char *url, const char *to)
{
	char *const argv[] = {"pg_dump", "--format=custom", "--file", (char *)to,
	                      "--dbname", (char *)url, NULL};
	pid_t pid;
	int fd, rc, status;

	/* like the SQLite copy: never over an existing file */
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "qupiya backup: %s: %s\n", to, strerror(errno));
		return 1;
	}
	close(fd);
	rc = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
	if (rc != 0) {
		fprintf(stderr, "qupiya backup: pg_dump: %s (install postgresql-client)\n",
		        strerror(rc));
		unlink(to);
		return 1;
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "qupiya backup: pg_dump: %s\n", strerror(errno));
			unlink(to);
			return 1;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "qupiya backup: pg_dump failed (status %d): nothing backed up\n",
		        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		unlink(to);
		return 1;
	}
	/* the URL is not echoed: it may carry a password */
	printf("qupiya: backed up the database to %s (pg_dump custom format;"
	       " keys not included)\n", to);
	return 0;
}

int
cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"to", required_argument, NULL, 't'},
		{"keys", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *to = NULL;
	struct store *s = NULL;
	struct qerr e = {0};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': to = optarg; break;
		case 'k': break;   /* accepted everywhere --db is; no key is needed */
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "qupiya backup: --db is required\n");
		return 2;
	}
	if (to == NULL) {
		fprintf(stderr, "qupiya backup: --to is required\n");
		return 2;
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (is_pg_url(db))
		return backup_pg(db, to);
	if (crypto_init() != 0)
		return 1;
	if (store_open(db, STORE_OPEN_EXISTING, &s, &e) != 0 || store_backup(s, to, &e) != 0) {
		fprintf(stderr, "qupiya backup: %s%s%s\n", e.code, e.detail[0] ? ": " : "", e.detail);
		store_close(s);
		return 1;
	}
	store_close(s);
	printf("qupiya: backed up %s to %s (keys not included)\n", cli_db_name(db), to);
	return 0;
}
