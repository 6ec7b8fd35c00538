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
 * fields below, plus any further fields of the act (from_org_id,
 * to_org_id, basis, copy_numbers, transfer_id, joint_work_id, act_number,
 * archive_ref, incident_id, found, inventory_id, ...) kept whole in extra.
 *
 * keys says which typed fields the entry has (MOVE_K_*): a field whose bit
 * is clear is absent from the entry; set with an empty value ("" /
 * STORE_INT_NULL) it is null. So the entry reads back exactly as written.
 */
#ifndef QUPIYA_CORE_MOVEMENT_REC_H
#define QUPIYA_CORE_MOVEMENT_REC_H

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
	char *extra;                      /* JSON object text of the other fields; owned, or NULL */
};

#endif
