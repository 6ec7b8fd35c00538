/*
 * rec.h — the head every typed domain record starts with (issue 11): the
 * row id, its place in the database-wide sequence and its row version, as
 * src/store/store_table.h reads and writes them. Pure data.
 */
#ifndef QUPIYA_CORE_REC_H
#define QUPIYA_CORE_REC_H

#include <stdint.h>

#ifndef STORE_ID_MAX
#define STORE_ID_MAX 40     /* ids: "<prefix>_<16 hex>" (also in store.h) */
#endif

struct store_row_hdr {
	char id[STORE_ID_MAX];
	int64_t seq;        /* insertion order, database-wide: a paging cursor */
	int64_t version;    /* 1 at insert, +1 at each update */
};

#endif
