/*
 * tables_transfers.c — descriptions of the typed tables of
 * tables_transfers.h.
 *
 * The organizations, carriers and joint works an act names have no
 * FOREIGN KEY yet: they are still records (table record).
 */
#include "store/tables_transfers.h"

#include <stddef.h>

#include "core/foreign_rec.h"
#include "core/transfer_rec.h"

#define COL(st, m, type, flags) \
	{#m, type, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, NULL}

static const struct store_col transfer_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct transfer_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	COL(transfer_rec, from_org_id, STORE_COL_REF, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	COL(transfer_rec, to_org_id, STORE_COL_REF, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"basis", STORE_COL_ENUM, offsetof(struct transfer_rec, basis), sizeof(int),
	 STORE_COL_IMMUTABLE, transfer_basis_names, NULL},
	{"sanction_ref", STORE_COL_TEXT, offsetof(struct transfer_rec, sanction_ref), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"successor_ref", STORE_COL_TEXT, offsetof(struct transfer_rec, successor_ref), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"authorized_body_ref", STORE_COL_TEXT,
	 offsetof(struct transfer_rec, authorized_body_ref), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	{"act_number", STORE_COL_TEXT, offsetof(struct transfer_rec, act_number), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	COL(transfer_rec, joint_work_id, STORE_COL_REF,
	    STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	COL(transfer_rec, date, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct transfer_rec, by), STORE_ID_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
	{"state", STORE_COL_ENUM, offsetof(struct transfer_rec, state), sizeof(int), 0,
	 transfer_state_names, NULL},
	COL(transfer_rec, carriers_listed, STORE_COL_BOOL, STORE_COL_IMMUTABLE),
};

const struct store_table store_transfer_table = {
	"transfer", "transfer", transfer_cols, sizeof transfer_cols / sizeof transfer_cols[0],
	sizeof(struct transfer_rec), NULL,
};

static const struct store_col transfer_carrier_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct transfer_carrier_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	{"transfer_id", STORE_COL_REF, offsetof(struct transfer_carrier_rec, transfer_id),
	 STORE_ID_MAX, STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "transfer(id)"},
	COL(transfer_carrier_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(transfer_carrier_rec, carrier_id, STORE_COL_REF,
	    STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
};

const struct store_table store_transfer_carrier_table = {
	"transfer_carrier", "tcar", transfer_carrier_cols,
	sizeof transfer_carrier_cols / sizeof transfer_carrier_cols[0],
	sizeof(struct transfer_carrier_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS transfer_carrier_ord ON transfer_carrier(transfer_id, ord);",
};

static const struct store_col transfer_copy_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct transfer_copy_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	{"transfer_id", STORE_COL_REF, offsetof(struct transfer_copy_rec, transfer_id),
	 STORE_ID_MAX, STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "transfer(id)"},
	COL(transfer_copy_rec, carrier_ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(transfer_copy_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(transfer_copy_rec, number, STORE_COL_INT, STORE_COL_IMMUTABLE),
};

const struct store_table store_transfer_copy_table = {
	"transfer_copy", "tcopy", transfer_copy_cols,
	sizeof transfer_copy_cols / sizeof transfer_copy_cols[0],
	sizeof(struct transfer_copy_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS transfer_copy_ord"
	" ON transfer_copy(transfer_id, carrier_ord, ord);",
};

/* ---- foreign transfers (Art. 27) ---------------------------------------- */

static const struct store_col foreign_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct foreign_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	COL(foreign_rec, proposer_org_id, STORE_COL_REF, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	COL(foreign_rec, recipient_org_id, STORE_COL_REF, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"justification", STORE_COL_TEXT, offsetof(struct foreign_rec, justification), 0,
	 STORE_COL_NULLABLE | STORE_COL_IMMUTABLE, NULL, NULL},
	COL(foreign_rec, proposed_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(foreign_rec, proposed_by, STORE_COL_REF, STORE_COL_IMMUTABLE),
	{"state", STORE_COL_ENUM, offsetof(struct foreign_rec, state), sizeof(int), 0,
	 foreign_state_names, NULL},
	COL(foreign_rec, opinion_positive, STORE_COL_BOOL, 0),
	{"opinion_ref", STORE_COL_TEXT, offsetof(struct foreign_rec, opinion_ref), 0,
	 STORE_COL_NULLABLE, NULL, NULL},
	COL(foreign_rec, opinion_date, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(foreign_rec, opinion_by, STORE_COL_REF, STORE_COL_NULLABLE),
	{"decision_ref", STORE_COL_TEXT, offsetof(struct foreign_rec, decision_ref), 0,
	 STORE_COL_NULLABLE, NULL, NULL},
	{"decision_treaty_ref", STORE_COL_TEXT, offsetof(struct foreign_rec, decision_treaty_ref),
	 0, STORE_COL_NULLABLE, NULL, NULL},
	COL(foreign_rec, decision_date, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(foreign_rec, decision_by, STORE_COL_REF, STORE_COL_NULLABLE),
	{"contract_ref", STORE_COL_TEXT, offsetof(struct foreign_rec, contract_ref), 0,
	 STORE_COL_NULLABLE, NULL, NULL},
	COL(foreign_rec, contract_date, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(foreign_rec, contract_by, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(foreign_rec, transferred_on, STORE_COL_DATE, STORE_COL_NULLABLE),
};

const struct store_table store_foreign_table = {
	"foreign_transfer", "ftransfer", foreign_cols, sizeof foreign_cols / sizeof foreign_cols[0],
	sizeof(struct foreign_rec), NULL,
};

static const struct store_col foreign_carrier_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct foreign_carrier_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	{"foreign_transfer_id", STORE_COL_REF,
	 offsetof(struct foreign_carrier_rec, foreign_transfer_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "foreign_transfer(id)"},
	COL(foreign_carrier_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(foreign_carrier_rec, carrier_id, STORE_COL_REF, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
};

const struct store_table store_foreign_carrier_table = {
	"foreign_transfer_carrier", "ftcar", foreign_carrier_cols,
	sizeof foreign_carrier_cols / sizeof foreign_carrier_cols[0],
	sizeof(struct foreign_carrier_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_carrier_ord"
	" ON foreign_transfer_carrier(foreign_transfer_id, ord);",
};

static const struct store_col foreign_org_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct foreign_org_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"foreign_transfer_id", STORE_COL_REF, offsetof(struct foreign_org_rec, foreign_transfer_id),
	 STORE_ID_MAX, STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "foreign_transfer(id)"},
	{"role", STORE_COL_ENUM, offsetof(struct foreign_org_rec, role), sizeof(int),
	 STORE_COL_IMMUTABLE, foreign_org_role_names, NULL},
	COL(foreign_org_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(foreign_org_rec, org_id, STORE_COL_REF, STORE_COL_IMMUTABLE),
};

const struct store_table store_foreign_org_table = {
	"foreign_transfer_org", "ftorg", foreign_org_cols,
	sizeof foreign_org_cols / sizeof foreign_org_cols[0], sizeof(struct foreign_org_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_org_ord"
	" ON foreign_transfer_org(foreign_transfer_id, role, ord);",
};

static const struct store_col foreign_step_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct foreign_step_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"foreign_transfer_id", STORE_COL_REF,
	 offsetof(struct foreign_step_rec, foreign_transfer_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "foreign_transfer(id)"},
	COL(foreign_step_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	{"from_state", STORE_COL_REF, offsetof(struct foreign_step_rec, from), FOREIGN_STATE_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
	{"to_state", STORE_COL_REF, offsetof(struct foreign_step_rec, to), FOREIGN_STATE_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
	COL(foreign_step_rec, step, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(foreign_step_rec, date, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct foreign_step_rec, by), STORE_ID_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_foreign_step_table = {
	"foreign_transfer_step", "ftstep", foreign_step_cols,
	sizeof foreign_step_cols / sizeof foreign_step_cols[0], sizeof(struct foreign_step_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_step_ord"
	" ON foreign_transfer_step(foreign_transfer_id, ord);",
};
