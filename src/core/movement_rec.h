/*
 * movement_rec.h — one entry of a carrier's circulation journal (SPEC.md §2
 * "Carrier": every move adds to the carrier's movement journal), as the
 * typed table `movement` stores it (issue 11; store/tables_movements.h,
 * migration 0022b_typed_movements). Pure data.
 *
 * A movement belongs to a journal: parent_id is the carrier (or, for an
 * inventory's marks, the inventory); org_id the organization whose journal
 * it is; ref a natural key unique per org_id when not "" (an inventory's
 * mark of one copy). The API shows the entry as a JSON object: the typed
 * fields below, the fields of the act (from_org_id, to_org_id, basis,
 * copy_numbers, transfer_id, joint_work_id, act_number, archive_ref,
 * incident_id, found, inventory_id, ...; enum move_more, migration
 * 0026_carrier_columns), plus any field of no column's shape kept whole in
 * extra.
 *
 * keys says which typed fields the entry has (MOVE_K_*): a field whose bit
 * is clear is absent from the entry; set with an empty value ("" /
 * STORE_INT_NULL) it is null. So the entry reads back exactly as written.
 */
#ifndef QUPIYA_CORE_MOVEMENT_REC_H
#define QUPIYA_CORE_MOVEMENT_REC_H

#include <stddef.h>
#include <stdint.h>

#include "core/rec.h"

#define MOVE_KIND_MAX 40
#define MOVE_REF_MAX 128          /* STORE_REF_MAX */
#define MOVE_STATE_MAX 32         /* STORE_STATE_MAX */

enum move_key {
	MOVE_K_ID = 1u << 0,          /* "id": the row id */
	MOVE_K_ORG = 1u << 1,         /* "org_id": the row's org_id */
	MOVE_K_KIND = 1u << 2,        /* "kind": registered, issued, returned, ... */
	MOVE_K_DATE = 1u << 3,        /* "date": the act's date "YYYY-MM-DD" */
	MOVE_K_BY = 1u << 4,          /* "by": the acting user */
	MOVE_K_CARRIER = 1u << 5,     /* "carrier_id" */
	MOVE_K_COPY = 1u << 6,        /* "copy_number" */
	MOVE_K_PERSON = 1u << 7,      /* "person_id" */
};

/* The fields of the act in columns of their own (0026_carrier_columns):
 * a bit says the key is there; "" / STORE_INT_NULL then reads null. */
enum move_more {
	MOVE_M_FROM_ORG = 1u << 0,        /* "from_org_id" */
	MOVE_M_TO_ORG = 1u << 1,          /* "to_org_id" */
	MOVE_M_FROM_PERSON = 1u << 2,     /* "from_person_id" */
	MOVE_M_REASON = 1u << 3,          /* "reason" */
	MOVE_M_BASIS = 1u << 4,           /* "basis" */
	MOVE_M_TRANSFER = 1u << 5,        /* "transfer_id" */
	MOVE_M_JOINT_WORK = 1u << 6,      /* "joint_work_id" */
	MOVE_M_FOREIGN = 1u << 7,         /* "foreign_transfer_id" */
	MOVE_M_ACT_NUMBER = 1u << 8,      /* "act_number" */
	MOVE_M_ARCHIVE_REF = 1u << 9,     /* "archive_ref" */
	MOVE_M_ARCHIVE_ORG = 1u << 10,    /* "archive_org_id" */
	MOVE_M_INVENTORY = 1u << 11,      /* "inventory_id" */
	MOVE_M_INCIDENT = 1u << 12,       /* "incident_id" */
	MOVE_M_GROUND = 1u << 13,         /* "ground" */
	MOVE_M_DECLASSIFY_ON = 1u << 14,  /* "declassify_on" */
	MOVE_M_FOUND = 1u << 15,          /* "found" */
	MOVE_M_COPY_NUMBERS = 1u << 16,   /* "copy_numbers": rows of movement_copy */
};

struct movement_rec {
	struct store_row_hdr h;
	char parent_id[STORE_ID_MAX];     /* the journal: carrier (or inventory) */
	char org_id[STORE_ID_MAX];        /* whose journal, or "" */
	char ref[MOVE_REF_MAX];           /* natural key per org_id, or "" */
	char state[MOVE_STATE_MAX];       /* "" (movements have no lifecycle) */
	unsigned keys;                    /* enum move_key: fields present */
	char kind[MOVE_KIND_MAX];
	char date[11];                    /* "YYYY-MM-DD", or "" */
	char by[STORE_ID_MAX];
	char carrier_id[STORE_ID_MAX];
	int64_t copy_number;              /* STORE_INT_NULL (INT64_MIN): null */
	char person_id[STORE_ID_MAX];
	unsigned more;                    /* enum move_more: fields of the act present */
	char from_org_id[STORE_ID_MAX];
	char to_org_id[STORE_ID_MAX];
	char from_person_id[STORE_ID_MAX];
	char reason[1024];
	char basis[STORE_ID_MAX];
	char transfer_id[STORE_ID_MAX];
	char joint_work_id[STORE_ID_MAX];
	char foreign_transfer_id[STORE_ID_MAX];
	char act_number[256];
	char archive_ref[256];
	char archive_org_id[STORE_ID_MAX];
	char inventory_id[STORE_ID_MAX];
	char incident_id[STORE_ID_MAX];
	char ground[STORE_ID_MAX];
	char declassify_on[11];
	int64_t found;                    /* 1, 0, STORE_INT_NULL */
	int64_t *copy_numbers;            /* in order; owned */
	size_t n_copy_numbers;
	char *extra;                      /* JSON object text of any other field; owned, or NULL */
};

#endif
