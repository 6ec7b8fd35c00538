/*
 * torture.h — what the allocation-failure loops (the tests/unit programs
 * named *_alloc_torture.c) share: every allocator of the process routed
 * through core/alloc.h's counter. jansson is hooked by
 * json_set_alloc_funcs, SQLite by SQLITE_CONFIG_MALLOC and qupiya's own
 * malloc/calloc/realloc/strdup/strndup by the linker's --wrap (added for
 * every *_alloc_torture program in tests/CMakeLists.txt). Include it once,
 * in the test program only.
 *
 * A loop over records still parsed from JSON defines TORTURE_UNFAILED_PARSE
 * before including this header and links with --wrap=json_loadb: no
 * failure is then injected inside json_loadb. jansson 2.14's loader is not
 * safe when its allocator fails: lex_save() ignores a failed append to the
 * lexer's buffer, and the string's second pass then writes past it
 * (valgrind: an invalid write after a 16-byte block, then a corrupted heap;
 * or lex_scan_string's assertion). The stored documents it parses go away
 * with the typed tables (issue 11).
 */
#ifndef QUPIYA_TESTS_TORTURE_H
#define QUPIYA_TESTS_TORTURE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t c, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t c, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

void *__wrap_malloc(size_t n) { return q_alloc_should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t c, size_t n) { return q_alloc_should_fail() ? NULL : __real_calloc(c, n); }
void *__wrap_realloc(void *p, size_t n) { return q_alloc_should_fail() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return q_alloc_should_fail() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return q_alloc_should_fail() ? NULL : __real_strndup(s, n); }

#ifdef TORTURE_UNFAILED_PARSE
static int torture_in_load;   /* inside json_loadb: never fail */

json_t *__real_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *err);
json_t *__wrap_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *err);

json_t *
__wrap_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *err)
{
	json_t *j;

	torture_in_load++;
	j = __real_json_loadb(buf, len, flags, err);
	torture_in_load--;
	return j;
}
#else
enum { torture_in_load = 0 };
#endif

static void *
json_alloc(size_t n)
{
	if (torture_in_load)
		return __real_malloc(n);
	return q_alloc_should_fail() ? NULL : __real_malloc(n);
}

static void
json_release(void *p)
{
	free(p);
}

static sqlite3_mem_methods sqlite_default;

static void *
sqlite_alloc(int n)
{
	return q_alloc_should_fail() ? NULL : sqlite_default.xMalloc(n);
}

static void *
sqlite_realloc(void *p, int n)
{
	return q_alloc_should_fail() ? NULL : sqlite_default.xRealloc(p, n);
}

static void
hooks_install(void)
{
	sqlite3_mem_methods m;

	json_set_alloc_funcs(json_alloc, json_release);
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) != SQLITE_OK) {
		fprintf(stderr, "SQLITE_CONFIG_GETMALLOC failed\n");
		exit(1);
	}
	m = sqlite_default;
	m.xMalloc = sqlite_alloc;
	m.xRealloc = sqlite_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK) {
		fprintf(stderr, "SQLITE_CONFIG_MALLOC failed\n");
		exit(1);
	}
}

/* The largest N a loop tries: QUPIYA_TORTURE_MAX, default 100000. */
static inline long
torture_max(void)
{
	return getenv("QUPIYA_TORTURE_MAX") ? atol(getenv("QUPIYA_TORTURE_MAX")) : 100000;
}

#endif
