/*
 * tables_carriers.c — the descriptions of the carriers slice's typed
 * tables (store_table.h; declared in tables_carriers.h).
 *
 * access_grant: need-to-know grants (core/grant_rec.h). "from" is an SQL
 * keyword: the column is valid_from (the API shows it as "from"). org_id,
 * person_id and granting_org_id REFERENCES organization(id) / person(id)
 * (added by 0028_carrier_fks, store/org_fks.h, which says why carrier_id
 * and information_id have none).
 */
#include "store/tables_carriers.h"

#include <stddef.h>

#include "core/grant_rec.h"

#define GCOL(name, type, member, size, flags)                                       \
	{name, type, offsetof(struct grant_rec, member), size, flags, NULL, NULL}

static const struct store_col grant_cols[] = {
	GCOL("id", STORE_COL_ID, h.id, STORE_ID_MAX, 0),
	STORE_COL_ORG(grant_rec, org_id, STORE_COL_INDEXED),
	STORE_COL_PERSON(grant_rec, person_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	GCOL("carrier_id", STORE_COL_REF, carrier_id, STORE_ID_MAX,
	     STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	GCOL("information_id", STORE_COL_REF, information_id, STORE_ID_MAX,
	     STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	GCOL("valid_from", STORE_COL_DATE, from, 0, STORE_COL_IMMUTABLE),
	GCOL("until", STORE_COL_DATE, until, 0, 0),
	GCOL("granted_by", STORE_COL_REF, granted_by, STORE_ID_MAX, STORE_COL_IMMUTABLE),
	STORE_COL_ORG(grant_rec, granting_org_id, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	{"state", STORE_COL_ENUM, offsetof(struct grant_rec, state), 0, 0, grant_state_names,
	 NULL},
	GCOL("ended_on", STORE_COL_DATE, ended_on, 0, STORE_COL_NULLABLE),
	GCOL("revoked_by", STORE_COL_REF, revoked_by, STORE_ID_MAX, STORE_COL_NULLABLE),
	GCOL("revocation_reason", STORE_COL_TEXT, revocation_reason, 0, STORE_COL_NULLABLE),
};

const struct store_table grant_table = {
	"access_grant", "grant", grant_cols, sizeof grant_cols / sizeof grant_cols[0],
	sizeof(struct grant_rec),
	"CREATE INDEX IF NOT EXISTS access_grant_carrier ON access_grant(carrier_id)"
	" WHERE carrier_id IS NOT NULL;",
};
