/*
 * alloc.c — the allocator indirection and the failure-injection counter
 * (alloc.h). No state but three atomics.
 */
#include "core/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_at;     /* 0: disarmed */
static atomic_long seen;
static atomic_bool fired;

void
q_alloc_fail_at(long n)
{
	atomic_store(&seen, 0);
	atomic_store(&fired, false);
	atomic_store(&fail_at, n > 0 ? n : 0);
}

bool
q_alloc_should_fail(void)
{
	long at = atomic_load_explicit(&fail_at, memory_order_relaxed);

	if (at == 0)
		return false;
	if (atomic_fetch_add(&seen, 1) + 1 != at)
		return false;
	atomic_store(&fired, true);
	return true;
}

long
q_alloc_count(void)
{
	return atomic_load(&seen);
}

bool
q_alloc_fired(void)
{
	return atomic_load(&fired);
}

void *
q_malloc(size_t n)
{
	return q_alloc_should_fail() ? NULL : malloc(n);
}

void *
q_calloc(size_t count, size_t size)
{
	return q_alloc_should_fail() ? NULL : calloc(count, size);
}

void *
q_realloc(void *p, size_t n)
{
	return q_alloc_should_fail() ? NULL : realloc(p, n);
}

char *
q_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = q_malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

char *
q_strdup_opt(const char *s, bool *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = q_strdup(s)) == NULL)
		*oom = true;
	return d;
}
