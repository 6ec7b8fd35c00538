/*
 * rec.c — the list of ids of core/rec.h.
 */
#include "core/rec.h"

#include <stdlib.h>
#include <string.h>

#include "core/qerr.h"

int
rec_ids_add(struct rec_ids *l, const char *id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		void *v = realloc(l->v, cap * sizeof *l->v);

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	q_strlcpy(l->v[l->n++], id, STORE_ID_MAX);
	return 0;
}

void
rec_ids_free(struct rec_ids *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}
