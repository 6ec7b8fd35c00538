/*
 * tables_classify.c — descriptions of the typed tables of
 * tables_classify.h.
 *
 * org_id and person_id have no FOREIGN KEY yet: organizations and persons
 * are still records (table record); the keys come when they move to tables.
 */
#include "store/tables_classify.h"

#include <stddef.h>

#include "core/classify_rec.h"

#define COL(st, m, type, flags) \
	{#m, type, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, NULL}

static const struct store_col classifier_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct classifier_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	COL(classifier_rec, org_id, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(classifier_rec, person_id, STORE_COL_REF, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"full_name", STORE_COL_TEXT, offsetof(struct classifier_rec, full_name), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"position", STORE_COL_TEXT, offsetof(struct classifier_rec, position), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"state", STORE_COL_ENUM, offsetof(struct classifier_rec, state), sizeof(int), 0,
	 classifier_state_names, NULL},
	COL(classifier_rec, registered_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(classifier_rec, registered_by, STORE_COL_REF, STORE_COL_IMMUTABLE),
};

const struct store_table store_classifier_table = {
	"classifier", "cls", classifier_cols, sizeof classifier_cols / sizeof classifier_cols[0],
	sizeof(struct classifier_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS classifier_org_person ON classifier(org_id, person_id);",
};
