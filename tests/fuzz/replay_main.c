/*
 * replay_main.c — runs a fuzz target over a saved corpus, so every seed and
 * every crash ever found replays in ctest without libFuzzer:
 *
 *     fuzz_date tests/fuzz/corpus/fuzz_date [more dirs or files...]
 *
 * Each regular file (dot-files skipped) is read whole and passed to
 * LLVMFuzzerTestOneInput() in a buffer of exactly its size, so ASan sees any
 * read past the end. A target signals a bug by aborting (assert, sanitizer);
 * one that returns is a pass. Prints "N passed, 0 failed". Exit 1 when an
 * argument cannot be read or no input was found (an empty corpus would pass
 * silently otherwise).
 *
 * Not linked into libFuzzer builds (libFuzzer brings its own main()).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_FILE_MAX (16 * 1024 * 1024)   /* larger inputs are an error */

static int
replay_file(const char *path, unsigned *passed)
{
	FILE *f;
	struct stat st;
	uint8_t *buf;
	size_t n;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > REPLAY_FILE_MAX) {
		fprintf(stderr, "replay: %s: not a readable file under %d bytes\n",
		        path, REPLAY_FILE_MAX);
		return -1;
	}
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "replay: open %s failed\n", path);
		return -1;
	}
	n = (size_t)st.st_size;
	/* malloc(0) may return NULL; keep a valid pointer for empty files. */
	buf = malloc(n > 0 ? n : 1);
	if (buf == NULL || fread(buf, 1, n, f) != n) {
		fprintf(stderr, "replay: read %s failed\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (n == 0) {
		/* Pass a zero-size allocation's worth: nothing readable. */
		free(buf);
		buf = NULL;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	(*passed)++;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file of dir, in name order (reproducible). */
static int
replay_dir(const char *dir, unsigned *passed)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: opendir %s failed\n", dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **nn = realloc(names, ncap * sizeof *nn);

			if (nn == NULL) {
				rc = -1;
				break;
			}
			names = nn;
			cap = ncap;
		}
		names[n] = strdup(de->d_name);
		if (names[n] == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc == 0 && n > 0)
		qsort(names, n, sizeof names[0], cmp_names);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(len);
		struct stat st;

		if (path == NULL) {
			rc = -1;
			break;
		}
		snprintf(path, len, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			rc = replay_file(path, passed);
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc != 0)
		fprintf(stderr, "replay: %s failed\n", dir);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned passed = 0;
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s corpus-dir-or-file...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= replay_dir(argv[i], &passed);
		} else {
			rc |= replay_file(argv[i], &passed);
		}
	}
	/* A crash never gets here; reaching this line means all passed. */
	printf("%u passed, 0 failed\n", passed);
	return rc == 0 && passed > 0 ? 0 : 1;
}
