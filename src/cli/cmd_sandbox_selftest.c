/*
 * cmd_sandbox_selftest.c — `qupiya sandbox-selftest` (hidden; used by
 * tests/api/test_sandbox.py): enters exactly the box of `qupiya serve`
 * (sandbox_policy_serve + sandbox_enter, optionally --user) and then tries
 * the acts the box must refuse: reading a world-readable file outside its
 * directories, creating a file outside the database directory, executing
 * /bin/sh. Two controls prove the box is not simply broken: reading a file
 * of data/ and creating one in the database directory must work.
 *
 * Prints one line per act ("read FILE: refused (...)" or "...: ALLOWED").
 * Exit: 0 every forbidden act refused and both controls done, 1 otherwise,
 * 77 when the build does not enter the whole box (sanitizer build).
 *
 * SECURITY: a test tool; it attempts nothing the box would allow.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/sandbox.h"

/* Reports one forbidden act: rc < 0 is the refusal we want. */
static int
forbidden(const char *what, int rc)
{
	if (rc < 0) {
		printf("%s: refused (%s)\n", what, strerror(errno));
		return 0;
	}
	printf("%s: ALLOWED\n", what);
	return 1;
}

static int
control(const char *what, int rc)
{
	if (rc < 0) {
		printf("%s: FAILED (%s)\n", what, strerror(errno));
		return 1;
	}
	printf("%s: ok\n", what);
	return 0;
}

int
cmd_sandbox_selftest(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"data", required_argument, NULL, 'D'},
		{"web", required_argument, NULL, 'w'},
		{"read", required_argument, NULL, 'r'},
		{"write", required_argument, NULL, 'W'},
		{"user", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *data = cli_data_dir_default();
	const char *web = cli_web_dir_default();
	const char *rd = "/etc/passwd", *wr = "/tmp", *user = NULL;
	char dbdir[4096], path[4200], err[512];
	struct sandbox_policy policy;
	int c, fd, bad = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': data = optarg; break;
		case 'w': web = optarg; break;
		case 'r': rd = optarg; break;
		case 'W': wr = optarg; break;
		case 'u': user = optarg; break;
		default: return 2;
		}
	}
	if (db == NULL || optind != argc) {
		fputs("usage: qupiya sandbox-selftest --db FILE [--data DIR] [--web DIR]\n"
		      "                               [--read FILE] [--write DIR] [--user NAME]\n",
		      stderr);
		return 2;
	}
	if (sandbox_policy_serve(&policy, db, data, web, dbdir, sizeof dbdir) != 0)
		return 2;
	if (user != NULL && sandbox_user_drop(user, err, sizeof err) != 0) {
		fprintf(stderr, "qupiya sandbox-selftest: %s\n", err);
		return 1;
	}
	if (sandbox_enter(&policy, stdout, err, sizeof err) != 0) {
		fprintf(stderr, "qupiya sandbox-selftest: %s\n", err);
		return 1;
	}
	if (sandbox_sanitizer_build()) {
		printf("skipped: sanitizer build enters no_new_privs only\n");
		return 77;
	}

	snprintf(path, sizeof path, "%s/catalog.json", data);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	bad |= control("control: read data/catalog.json", fd);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof path, "%s/.qupiya-selftest", dbdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bad |= control("control: write in the database directory", fd);
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}

	fd = open(rd, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof path, "read %s", rd);
	bad |= forbidden(path, fd);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof path, "%s/qupiya-selftest-escape", wr);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	{
		char what[4300];

		snprintf(what, sizeof what, "write %s", path);
		bad |= forbidden(what, fd);
	}
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	/* Last: if it works the shell replaces us and exits 3. */
	fflush(stdout);
	{
		char *const sh_argv[] = {"sh", "-c", "echo 'exec /bin/sh: ALLOWED'; exit 3", NULL};
		char *const sh_env[] = {NULL};

		bad |= forbidden("exec /bin/sh", execve("/bin/sh", sh_argv, sh_env));
	}
	fflush(stdout);
	return bad ? 1 : 0;
}
