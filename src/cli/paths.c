/*
 * paths.c — where the program finds data/ and web/ by default.
 *
 * One binary serves two layouts: run from its build directory (tests,
 * `make run`) it uses the source tree's data/ and web/; installed
 * (`make install`, PREFIX/bin/qupiya) it uses PREFIX/share/qupiya/data and
 * .../web, compiled in from CMake's install prefix (DESTDIR is only a
 * staging root, never part of these paths). The build directory is
 * recognised by /proc/self/exe. QUPIYA_DATA_DIR in the environment and
 * --data/--web still override both.
 */
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"

static int
run_from_build_dir(void)
{
	static const char build[] = QUPIYA_BUILD_DIR;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return 1;   /* no /proc: keep the historical default */
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return 1;
	*slash = '\0';
	return strncmp(exe, build, sizeof build - 1) == 0 &&
	       (exe[sizeof build - 1] == '\0' || exe[sizeof build - 1] == '/');
}

const char *
cli_data_dir_default(void)
{
	return run_from_build_dir() ? QUPIYA_DATA_DIR : QUPIYA_INSTALL_DATA_DIR;
}

const char *
cli_web_dir_default(void)
{
	return run_from_build_dir() ? QUPIYA_WEB_DIR : QUPIYA_INSTALL_WEB_DIR;
}

qdate
cli_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
