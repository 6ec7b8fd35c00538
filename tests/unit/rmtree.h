/*
 * rmtree.h — removes a test's scratch directory (one level of files, then
 * the directory), for the unit tests that make one under $TMPDIR.
 */
#ifndef QUPIYA_TEST_RMTREE_H
#define QUPIYA_TEST_RMTREE_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
rmtree(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	char p[512];

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", d, de->d_name);
		unlink(p);
	}
	closedir(dp);
	rmdir(d);
}

#endif
