/*
 * rec.h — the head every typed domain record starts with (issue 11): the
 * row id, its place in the database-wide sequence and its row version, as
 * src/store/store_table.h reads and writes them; and a list of such ids,
 * the typed form of what a step names (the clearances a ground flagged,
 * those an employment event ended, a person's violations).
 */
#ifndef QUPIYA_CORE_REC_H
#define QUPIYA_CORE_REC_H

#include <stddef.h>
#include <stdint.h>

#ifndef STORE_ID_MAX
#define STORE_ID_MAX 40     /* ids: "<prefix>_<16 hex>" (also in store.h) */
#endif

struct store_row_hdr {
	char id[STORE_ID_MAX];
	int64_t seq;        /* insertion order, database-wide: a paging cursor */
	int64_t version;    /* 1 at insert, +1 at each update */
};

/* A growing list of ids, owned by its holder: {0} is empty; rec_ids_free
 * releases it (and leaves it empty). */
struct rec_ids {
	char (*v)[STORE_ID_MAX];
	size_t n, cap;
};
/* Appends a copy of id (cut to STORE_ID_MAX - 1); 0, or -1 out of memory
 * (l unchanged). */
int rec_ids_add(struct rec_ids *l, const char *id);
void rec_ids_free(struct rec_ids *l);

#endif
