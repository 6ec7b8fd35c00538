/*
 * tables_persons.c — descriptions of the typed tables of tables_persons.h.
 *
 * A mode's org_id, a person's org_id and a ground's org_id refer to
 * organization(id) (added by 0027_org_fks, store/org_fks.h); a ground's
 * person_id to person(id).
 */
#include "store/tables_persons.h"

#include <stddef.h>

#include "core/clearance.h"
#include "core/ground.h"
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
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "organization(id)"},
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

static const struct store_col person_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct person_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(person_rec, org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	/* unique nationwide: the UNIQUE index of extra_sql (NULLs apart) */
	COL(person_rec, iin, STORE_COL_REF, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	{"passport", STORE_COL_TEXT, offsetof(struct person_rec, passport), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"full_name", STORE_COL_TEXT, offsetof(struct person_rec, full_name), 0,
	 STORE_COL_IMMUTABLE, NULL, NULL},
	{"citizenship", STORE_COL_ENUM, offsetof(struct person_rec, citizenship), sizeof(int),
	 STORE_COL_IMMUTABLE, person_citizenship_names, NULL},
	{"position", STORE_COL_TEXT, offsetof(struct person_rec, position), 0, 0, NULL, NULL},
	{"employment_state", STORE_COL_ENUM, offsetof(struct person_rec, employment),
	 sizeof(int), 0, person_employment_names, NULL},
	COL(person_rec, registered_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"event", STORE_COL_ENUM, offsetof(struct person_rec, event), sizeof(int),
	 STORE_COL_NULLABLE, person_event_names, NULL},
	COL(person_rec, event_date, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(person_rec, event_by, STORE_COL_REF, STORE_COL_NULLABLE),
};

const struct store_table store_person_table = {
	"person", "person", person_cols, sizeof person_cols / sizeof person_cols[0],
	sizeof(struct person_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS person_iin ON person(iin);",
};

static const struct store_col ground_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct ground_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(ground_rec, org_id, STORE_COL_IMMUTABLE),
	{"person_id", STORE_COL_REF, offsetof(struct ground_rec, person_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "person(id)"},
	{"ground", STORE_COL_ENUM, offsetof(struct ground_rec, ground), sizeof(int),
	 STORE_COL_IMMUTABLE, clearance_ground_names, NULL},
	COL(ground_rec, noted_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"details", STORE_COL_TEXT, offsetof(struct ground_rec, details), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	COL(ground_rec, exception, STORE_COL_BOOL, STORE_COL_IMMUTABLE),
	{"state", STORE_COL_ENUM, offsetof(struct ground_rec, state), sizeof(int), 0,
	 ground_state_names, NULL},
	COL(ground_rec, lifted_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(ground_rec, article, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(ground_rec, noted_by, STORE_COL_REF, STORE_COL_IMMUTABLE),
};

const struct store_table store_ground_table = {
	"ground", "ground", ground_cols, sizeof ground_cols / sizeof ground_cols[0],
	sizeof(struct ground_rec), NULL,
};
