/*
 * tables_persons.c — descriptions of the typed tables of tables_persons.h.
 *
 * A mode's org_id has no FOREIGN KEY yet: organizations are still records
 * (table record); the key is added when they move to a table.
 */
#include "store/tables_persons.h"

#include <stddef.h>

#include "core/clearance.h"
#include "core/person_rec.h"

#define COL(st, m, type, flags) \
	{#m, type, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, NULL}

static const struct store_col emergency_mode_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct emergency_mode_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	{"kind", STORE_COL_ENUM, offsetof(struct emergency_mode_rec, kind), sizeof(int),
	 STORE_COL_IMMUTABLE, emergency_kind_names, NULL},
	{"decree_ref", STORE_COL_TEXT, offsetof(struct emergency_mode_rec, decree_ref), 0,
	 STORE_COL_IMMUTABLE, NULL, NULL},
	/* "from" is an SQL keyword: the period's columns are named by day */
	{"from_date", STORE_COL_DATE, offsetof(struct emergency_mode_rec, from), sizeof(qdate),
	 STORE_COL_IMMUTABLE | STORE_COL_INDEXED, NULL, NULL},
	{"until_date", STORE_COL_DATE, offsetof(struct emergency_mode_rec, until), sizeof(qdate),
	 0, NULL, NULL},
	{"area", STORE_COL_TEXT, offsetof(struct emergency_mode_rec, area), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	COL(emergency_mode_rec, declared_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"declared_by", STORE_COL_REF, offsetof(struct emergency_mode_rec, declared_by),
	 STORE_ID_MAX, STORE_COL_IMMUTABLE, NULL, NULL},
	COL(emergency_mode_rec, ended_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(emergency_mode_rec, effective_date, STORE_COL_DATE,
	    STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
};

const struct store_table store_emergency_mode_table = {
	"emergency_mode", "emergency", emergency_mode_cols,
	sizeof emergency_mode_cols / sizeof emergency_mode_cols[0],
	sizeof(struct emergency_mode_rec), NULL,
};

static const struct store_col emergency_mode_org_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct emergency_mode_org_rec, h.id), STORE_ID_MAX, 0,
	 NULL, NULL},
	{"mode_id", STORE_COL_REF, offsetof(struct emergency_mode_org_rec, mode_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "emergency_mode(id)"},
	{"org_id", STORE_COL_REF, offsetof(struct emergency_mode_org_rec, org_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_emergency_mode_org_table = {
	"emergency_mode_org", "emorg", emergency_mode_org_cols,
	sizeof emergency_mode_org_cols / sizeof emergency_mode_org_cols[0],
	sizeof(struct emergency_mode_org_rec), NULL,
};

static const struct store_col emergency_relaxation_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct emergency_relaxation_rec, h.id), STORE_ID_MAX, 0,
	 NULL, NULL},
	{"mode_id", STORE_COL_REF, offsetof(struct emergency_relaxation_rec, mode_id),
	 STORE_ID_MAX, STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "emergency_mode(id)"},
	{"relaxation", STORE_COL_ENUM, offsetof(struct emergency_relaxation_rec, relaxation),
	 sizeof(int), STORE_COL_IMMUTABLE, clearance_relax_names, NULL},
};

const struct store_table store_emergency_relaxation_table = {
	"emergency_mode_relaxation", "emrlx", emergency_relaxation_cols,
	sizeof emergency_relaxation_cols / sizeof emergency_relaxation_cols[0],
	sizeof(struct emergency_relaxation_rec), NULL,
};
