/*
 * alloc.h — the allocator indirection and its failure-injection hook, for
 * the allocation-failure ("torture") tests of issue 11, deliverable 4: fail
 * the Nth allocation of a step for N = 1, 2, ... until the step succeeds,
 * and check each time that it ended in a clean error with nothing partly
 * stored.
 *
 * q_malloc/q_calloc/q_realloc/q_strdup behave as the libc functions, except
 * that when a test armed the hook (q_alloc_fail_at), the Nth allocation
 * counted from then on returns NULL (once). Unarmed, the cost is one
 * relaxed atomic load. The same counter serves the other allocators of the
 * process, hooked by the torture test itself: jansson (json_set_alloc_funcs),
 * SQLite (SQLITE_CONFIG_MALLOC) and, through the linker's --wrap, every
 * plain malloc/calloc/realloc/strdup of qupiya's own code
 * (tests/unit/test_http_alloc_torture.c, tests/CMakeLists.txt).
 *
 * Never armed outside tests. Thread-safe (atomics), but a torture test runs
 * its step in one thread so that N means the same allocation every run.
 */
#ifndef QUPIYA_CORE_ALLOC_H
#define QUPIYA_CORE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

void *q_malloc(size_t n);
void *q_calloc(size_t count, size_t size);
void *q_realloc(void *p, size_t n);
char *q_strdup(const char *s);
/* q_strdup of s, or NULL for NULL; *oom set (never cleared) when out of
 * memory, so that several fields are copied and checked once. */
char *q_strdup_opt(const char *s, bool *oom);

/* Arms the hook: the nth allocation from now (n >= 1) fails; 0 disarms.
 * Resets the count and the fired flag. */
void q_alloc_fail_at(long n);
/* Called by every hooked allocator before it allocates: counts the
 * allocation and answers true when this one is to fail. */
bool q_alloc_should_fail(void);
/* Allocations counted since the last q_alloc_fail_at. */
long q_alloc_count(void);
/* Whether the armed failure happened. */
bool q_alloc_fired(void);

#endif
