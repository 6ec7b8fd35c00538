/*
 * tables_classify.c — descriptions of the typed tables of
 * tables_classify.h.
 *
 * org_id refers to organization(id), a classifier's person_id to
 * person(id) (added by 0027_org_fks, store/org_fks.h).
 */
#include "store/tables_classify.h"

#include <stddef.h>

#include "core/classify_rec.h"

#define COL(st, m, type, flags) \
	{#m, type, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, NULL}

static const struct store_col classifier_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct classifier_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(classifier_rec, org_id, STORE_COL_IMMUTABLE),
	STORE_COL_PERSON(classifier_rec, person_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
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

/* index = enum degree; DEGREE_NONE (0) is never stored, or is NULL where
 * the column is nullable. */
static const char *const degree_col_names[] = {"", "confidential", "top_secret",
                                                "special_importance", NULL};

static const struct store_col list_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct list_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(list_rec, org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"title", STORE_COL_TEXT, offsetof(struct list_rec, title), 0, STORE_COL_IMMUTABLE, NULL,
	 NULL},
	{"state", STORE_COL_ENUM, offsetof(struct list_rec, state), sizeof(int), 0,
	 list_state_names, NULL},
	COL(list_rec, list_version, STORE_COL_INT, 0),
	COL(list_rec, approved_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(list_rec, approved_by, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(list_rec, next_review_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(list_rec, reviewed_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(list_rec, created_on, STORE_COL_DATE, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	COL(list_rec, created_by, STORE_COL_REF, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
};

const struct store_table store_list_table = {
	"list", "list", list_cols, sizeof list_cols / sizeof list_cols[0], sizeof(struct list_rec),
	"CREATE INDEX IF NOT EXISTS list_state_org ON list(state, org_id, seq);",
};

static const struct store_col list_history_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct list_history_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"list_id", STORE_COL_REF, offsetof(struct list_history_rec, list_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "list(id)"},
	COL(list_history_rec, action, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(list_history_rec, list_version, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(list_history_rec, item_id, STORE_COL_REF, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	COL(list_history_rec, change_id, STORE_COL_REF, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	COL(list_history_rec, effective_date, STORE_COL_DATE,
	    STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	COL(list_history_rec, next_review_on, STORE_COL_DATE,
	    STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct list_history_rec, by), STORE_ID_MAX,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_list_history_table = {
	"list_history", "lhist", list_history_cols,
	sizeof list_history_cols / sizeof list_history_cols[0], sizeof(struct list_history_rec),
	NULL,
};

static const struct store_col list_item_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct list_item_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"list_id", STORE_COL_REF, offsetof(struct list_item_rec, list_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "list(id)"},
	STORE_COL_ORG(list_item_rec, org_id, STORE_COL_IMMUTABLE),
	COL(list_item_rec, code, STORE_COL_REF, STORE_COL_IMMUTABLE),
	{"text", STORE_COL_TEXT, offsetof(struct list_item_rec, text), 0, STORE_COL_IMMUTABLE,
	 NULL, NULL},
	{"degree", STORE_COL_ENUM, offsetof(struct list_item_rec, degree), sizeof(int), 0,
	 degree_col_names, NULL},
	COL(list_item_rec, basis, STORE_COL_REF, STORE_COL_IMMUTABLE),
	{"state", STORE_COL_ENUM, offsetof(struct list_item_rec, state), sizeof(int), 0,
	 list_item_state_names, NULL},
	{"coord_authorized_body_ref", STORE_COL_TEXT,
	 offsetof(struct list_item_rec, coord_authorized_body_ref), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"coord_nsc_ref", STORE_COL_TEXT, offsetof(struct list_item_rec, coord_nsc_ref), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	COL(list_item_rec, added_on, STORE_COL_DATE, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	COL(list_item_rec, added_by, STORE_COL_REF, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	COL(list_item_rec, list_version, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(list_item_rec, removed_on, STORE_COL_DATE, STORE_COL_NULLABLE),
};

const struct store_table store_list_item_table = {
	"list_item", "item", list_item_cols, sizeof list_item_cols / sizeof list_item_cols[0],
	sizeof(struct list_item_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS list_item_list_code ON list_item(list_id, code);",
};

static const struct store_col list_change_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct list_change_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"item_id", STORE_COL_REF, offsetof(struct list_change_rec, item_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "list_item(id)"},
	{"kind", STORE_COL_ENUM, offsetof(struct list_change_rec, kind), sizeof(int),
	 STORE_COL_IMMUTABLE, list_change_kind_names, NULL},
	{"from_degree", STORE_COL_ENUM, offsetof(struct list_change_rec, from_degree), sizeof(int),
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, degree_col_names, NULL},
	{"to_degree", STORE_COL_ENUM, offsetof(struct list_change_rec, to_degree), sizeof(int),
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, degree_col_names, NULL},
	COL(list_change_rec, effective_date, STORE_COL_DATE,
	    STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct list_change_rec, by), STORE_ID_MAX,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"coord_authorized_body_ref", STORE_COL_TEXT,
	 offsetof(struct list_change_rec, coord_authorized_body_ref), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"coord_nsc_ref", STORE_COL_TEXT, offsetof(struct list_change_rec, coord_nsc_ref), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	COL(list_change_rec, list_version, STORE_COL_INT, STORE_COL_IMMUTABLE),
};

const struct store_table store_list_change_table = {
	"list_item_change", "chg", list_change_cols,
	sizeof list_change_cols / sizeof list_change_cols[0], sizeof(struct list_change_rec),
	NULL,
};

/* object_id has no FOREIGN KEY: information items and carriers are still
 * records (table record). */
static const struct store_col list_affected_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct list_affected_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	{"change_id", STORE_COL_REF, offsetof(struct list_affected_rec, change_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "list_item_change(id)"},
	{"kind", STORE_COL_ENUM, offsetof(struct list_affected_rec, kind), sizeof(int),
	 STORE_COL_IMMUTABLE, list_affected_kind_names, NULL},
	COL(list_affected_rec, object_id, STORE_COL_REF, STORE_COL_IMMUTABLE),
};

const struct store_table store_list_affected_table = {
	"list_item_affected", "laff", list_affected_cols,
	sizeof list_affected_cols / sizeof list_affected_cols[0],
	sizeof(struct list_affected_rec), NULL,
};
