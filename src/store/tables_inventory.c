/*
 * tables_inventory.c — descriptions of the typed tables of
 * tables_inventory.h.
 */
#include "store/tables_inventory.h"

#include <stddef.h>

#include "core/inventory.h"

#define COL(st, m, type, flags) \
	{#m, type, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, NULL}
#define PARENT(st) \
	{"inventory_id", STORE_COL_REF, offsetof(struct st, inventory_id), STORE_ID_MAX, \
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "inventory(id)"}

static const struct store_col inventory_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct inventory_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"org_id", STORE_COL_REF, offsetof(struct inventory_rec, org_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "organization(id)"},
	{"state", STORE_COL_ENUM, offsetof(struct inventory_rec, state), sizeof(int), 0,
	 inventory_state_names, NULL},
	COL(inventory_rec, opened_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(inventory_rec, opened_by, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(inventory_rec, closed_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(inventory_rec, marks, STORE_COL_INT, 0),
	COL(inventory_rec, checked, STORE_COL_INT, STORE_COL_NULLABLE),
	COL(inventory_rec, found, STORE_COL_INT, STORE_COL_NULLABLE),
};

const struct store_table store_inventory_table = {
	"inventory", "inventory", inventory_cols, sizeof inventory_cols / sizeof inventory_cols[0],
	sizeof(struct inventory_rec), NULL,
};

/* carrier_id: carriers are still records (no FOREIGN KEY). */
static const struct store_col mark_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct inventory_mark_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	PARENT(inventory_mark_rec),
	COL(inventory_mark_rec, carrier_id, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(inventory_mark_rec, copy_number, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(inventory_mark_rec, found, STORE_COL_BOOL, 0),
	COL(inventory_mark_rec, date, STORE_COL_DATE, 0),
	{"by_user", STORE_COL_REF, offsetof(struct inventory_mark_rec, by), STORE_ID_MAX, 0, NULL,
	 NULL},
};

const struct store_table store_inventory_mark_table = {
	"inventory_mark", "imark", mark_cols, sizeof mark_cols / sizeof mark_cols[0],
	sizeof(struct inventory_mark_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS inventory_mark_copy"
	" ON inventory_mark(inventory_id, carrier_id, copy_number);",
};

static const struct store_col discrepancy_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct inventory_discrepancy_rec, h.id), STORE_ID_MAX, 0,
	 NULL, NULL},
	PARENT(inventory_discrepancy_rec),
	{"kind", STORE_COL_ENUM, offsetof(struct inventory_discrepancy_rec, kind), sizeof(int),
	 STORE_COL_IMMUTABLE, inventory_discrepancy_names, NULL},
	COL(inventory_discrepancy_rec, carrier_id, STORE_COL_REF, STORE_COL_IMMUTABLE),
	{"account_number", STORE_COL_TEXT,
	 offsetof(struct inventory_discrepancy_rec, account_number), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	COL(inventory_discrepancy_rec, copy_number, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(inventory_discrepancy_rec, holder, STORE_COL_REF,
	    STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	{"label", STORE_COL_TEXT, offsetof(struct inventory_discrepancy_rec, label), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"state", STORE_COL_TEXT, offsetof(struct inventory_discrepancy_rec, state), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"org_id", STORE_COL_REF, offsetof(struct inventory_discrepancy_rec, org_id), STORE_ID_MAX,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, "organization(id)"},
};

const struct store_table store_inventory_discrepancy_table = {
	"inventory_discrepancy", "idisc", discrepancy_cols,
	sizeof discrepancy_cols / sizeof discrepancy_cols[0],
	sizeof(struct inventory_discrepancy_rec), NULL,
};

/* incident_id: incidents are still records (no FOREIGN KEY). */
static const struct store_col incident_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct inventory_incident_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	PARENT(inventory_incident_rec),
	COL(inventory_incident_rec, incident_id, STORE_COL_REF, STORE_COL_IMMUTABLE),
};

const struct store_table store_inventory_incident_table = {
	"inventory_incident", "iinc", incident_cols, sizeof incident_cols / sizeof incident_cols[0],
	sizeof(struct inventory_incident_rec), NULL,
};
