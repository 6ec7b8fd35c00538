/*
 * tables_transfers.c — descriptions of the typed tables of
 * tables_transfers.h.
 *
 * The organizations and persons an act names refer to organization(id)
 * and person(id) (added by 0027_org_fks, store/org_fks.h); the carriers
 * and joint works have no FOREIGN KEY.
 */
#include "store/tables_transfers.h"

#include <stddef.h>

#include "core/foreign_rec.h"
#include "core/joint_work_rec.h"
#include "core/transfer_rec.h"

#define COL(st, m, type, flags) \
	{#m, type, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, NULL}

static const struct store_col transfer_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct transfer_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(transfer_rec, from_org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	STORE_COL_ORG(transfer_rec, to_org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
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
	STORE_COL_ORG(foreign_rec, proposer_org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	STORE_COL_ORG(foreign_rec, recipient_org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
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
	STORE_COL_ORG(foreign_org_rec, org_id, STORE_COL_IMMUTABLE),
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

/* ---- joint works (Art. 26, Decree 743) ---------------------------------- */

/* flags: nullable, indexed, immutable */
#define NI (STORE_COL_NULLABLE | STORE_COL_IMMUTABLE)
#define XI (STORE_COL_INDEXED | STORE_COL_IMMUTABLE)
#define NXI (STORE_COL_NULLABLE | STORE_COL_INDEXED | STORE_COL_IMMUTABLE)
#define TXT(st, m, flags) {#m, STORE_COL_TEXT, offsetof(struct st, m), 0, flags, NULL, NULL}
#define ENUM(st, m, flags, names) \
	{#m, STORE_COL_ENUM, offsetof(struct st, m), sizeof(int), flags, names, NULL}
#define JW_PARENT(st) \
	{"joint_work_id", STORE_COL_REF, offsetof(struct st, joint_work_id), STORE_ID_MAX, \
	 XI, NULL, "joint_work(id)"}

static const struct store_col jw_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(jw_rec, customer_org_id, STORE_COL_INDEXED),
	STORE_COL_ORG(jw_rec, executor_org_id, NXI),
	STORE_COL_PERSON(jw_rec, executor_person_id, NXI),
	STORE_COL_ORG(jw_rec, executor_person_org_id, NI),
	STORE_COL_ORG(jw_rec, disposing_org_id, NXI),
	TXT(jw_rec, justification, NI),
	ENUM(jw_rec, state, STORE_COL_INDEXED, jw_rec_state_names),
	COL(jw_rec, term_from, STORE_COL_DATE, NI),
	COL(jw_rec, term_to, STORE_COL_DATE, NI),
	COL(jw_rec, executor_permit_ref, STORE_COL_REF, NI),
	COL(jw_rec, executor_clearance_ref, STORE_COL_REF, NI),
	COL(jw_rec, received_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(jw_rec, response_due_on, STORE_COL_DATE, NXI),
	COL(jw_rec, requested_by, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(jw_rec, permission_overdue, STORE_COL_BOOL, 0),
	COL(jw_rec, cancellation_raised, STORE_COL_BOOL, 0),
	TXT(jw_rec, executor_city, NI),
	TXT(jw_rec, draft_agreement_ref, NI),
	TXT(jw_rec, executor_address, NI),
	TXT(jw_rec, executor_head, NI),
	TXT(jw_rec, executor_residence, NI),
	TXT(jw_rec, executor_id_issuer, NI),
	ENUM(jw_rec, perm_decision, STORE_COL_NULLABLE, jw_decision_names),
	TXT(jw_rec, perm_reason, STORE_COL_NULLABLE),
	TXT(jw_rec, perm_ref, STORE_COL_NULLABLE),
	COL(jw_rec, perm_answered_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(jw_rec, perm_by, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, perm_late, STORE_COL_BOOL, 0),
	TXT(jw_rec, agr_number, STORE_COL_NULLABLE),
	COL(jw_rec, agr_signed_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(jw_rec, agr_subject, STORE_COL_REF, STORE_COL_NULLABLE),
	TXT(jw_rec, agr_certificate, STORE_COL_NULLABLE),
	TXT(jw_rec, agr_control_procedure, STORE_COL_NULLABLE),
	TXT(jw_rec, agr_financing, STORE_COL_NULLABLE),
	COL(jw_rec, agr_executor_permit_ref, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, agr_executor_clearance_ref, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, agr_by, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, nsc_sent_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	TXT(jw_rec, nsc_office, STORE_COL_NULLABLE),
	TXT(jw_rec, nsc_ref, STORE_COL_NULLABLE),
	COL(jw_rec, nsc_by, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, prot_arrangement, STORE_COL_REF, STORE_COL_NULLABLE),
	STORE_COL_ORG(jw_rec, prot_provider_org_id, STORE_COL_NULLABLE),
	TXT(jw_rec, prot_agreement_ref, STORE_COL_NULLABLE),
	COL(jw_rec, prot_date, STORE_COL_DATE, STORE_COL_NULLABLE),
	COL(jw_rec, prot_by, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, canc_raised_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	TXT(jw_rec, canc_reason, STORE_COL_NULLABLE),
	COL(jw_rec, canc_permit_id, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, canc_clearance_id, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, canc_by, STORE_COL_REF, STORE_COL_NULLABLE),
	COL(jw_rec, end_state, STORE_COL_REF, STORE_COL_NULLABLE),
	TXT(jw_rec, end_reason, STORE_COL_NULLABLE),
	COL(jw_rec, end_date, STORE_COL_DATE, STORE_COL_NULLABLE),
};

const struct store_table store_jw_table = {
	"joint_work", "jw", jw_cols,
	sizeof jw_cols / sizeof jw_cols[0], sizeof(struct jw_rec),
	NULL,
};

static const struct store_col jw_carrier_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_carrier_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	JW_PARENT(jw_carrier_rec),
	COL(jw_carrier_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(jw_carrier_rec, carrier_id, STORE_COL_REF, XI),
	COL(jw_carrier_rec, copies_given, STORE_COL_BOOL, STORE_COL_IMMUTABLE),
	TXT(jw_carrier_rec, title, NI),
	COL(jw_carrier_rec, label, STORE_COL_REF, NI),
	COL(jw_carrier_rec, account_number, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(jw_carrier_rec, sheets, STORE_COL_INT, NI),
};

const struct store_table store_jw_carrier_table = {
	"joint_work_carrier", "jwcar", jw_carrier_cols,
	sizeof jw_carrier_cols / sizeof jw_carrier_cols[0], sizeof(struct jw_carrier_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_carrier_ord"
	" ON joint_work_carrier(joint_work_id, ord);",
};

static const struct store_col jw_copy_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_copy_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	JW_PARENT(jw_copy_rec),
	ENUM(jw_copy_rec, list, STORE_COL_IMMUTABLE, jw_copy_list_names),
	COL(jw_copy_rec, item_ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(jw_copy_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(jw_copy_rec, number, STORE_COL_INT, STORE_COL_IMMUTABLE),
};

const struct store_table store_jw_copy_table = {
	"joint_work_copy", "jwcopy", jw_copy_cols,
	sizeof jw_copy_cols / sizeof jw_copy_cols[0], sizeof(struct jw_copy_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_copy_ord"
	" ON joint_work_copy(joint_work_id, list, item_ord, ord);",
};

static const struct store_col jw_ref_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_ref_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	JW_PARENT(jw_ref_rec),
	ENUM(jw_ref_rec, list, STORE_COL_IMMUTABLE, jw_ref_list_names),
	COL(jw_ref_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(jw_ref_rec, carrier_id, STORE_COL_REF, XI),
};

const struct store_table store_jw_ref_table = {
	"joint_work_ref", "jwref", jw_ref_cols,
	sizeof jw_ref_cols / sizeof jw_ref_cols[0], sizeof(struct jw_ref_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_ref_ord"
	" ON joint_work_ref(joint_work_id, list, ord);",
};

static const struct store_col jw_transfer_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_transfer_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	JW_PARENT(jw_transfer_rec),
	COL(jw_transfer_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	COL(jw_transfer_rec, carrier_id, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(jw_transfer_rec, date, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(jw_transfer_rec, copies_listed, STORE_COL_BOOL, STORE_COL_IMMUTABLE),
};

const struct store_table store_jw_transfer_table = {
	"joint_work_transfer", "jwtr", jw_transfer_cols,
	sizeof jw_transfer_cols / sizeof jw_transfer_cols[0], sizeof(struct jw_transfer_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_transfer_ord"
	" ON joint_work_transfer(joint_work_id, ord);",
};

static const struct store_col jw_violation_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_violation_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	JW_PARENT(jw_violation_rec),
	COL(jw_violation_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	TXT(jw_violation_rec, description, STORE_COL_IMMUTABLE),
	COL(jw_violation_rec, noted_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct jw_violation_rec, by),
	 sizeof(((struct jw_violation_rec *)0)->by), STORE_COL_IMMUTABLE, NULL, NULL},
	COL(jw_violation_rec, incident_id, STORE_COL_REF, NI),
};

const struct store_table store_jw_violation_table = {
	"joint_work_violation", "jwviol", jw_violation_cols,
	sizeof jw_violation_cols / sizeof jw_violation_cols[0], sizeof(struct jw_violation_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_violation_ord"
	" ON joint_work_violation(joint_work_id, ord);",
};

static const struct store_col jw_addendum_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_addendum_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	JW_PARENT(jw_addendum_rec),
	COL(jw_addendum_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	TXT(jw_addendum_rec, number, STORE_COL_IMMUTABLE),
	STORE_COL_ORG(jw_addendum_rec, from_org_id, STORE_COL_IMMUTABLE),
	STORE_COL_ORG(jw_addendum_rec, assignee_org_id, STORE_COL_IMMUTABLE),
	COL(jw_addendum_rec, signed_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(jw_addendum_rec, reason, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(jw_addendum_rec, nsc_notice_sent_on, STORE_COL_DATE, NI),
	COL(jw_addendum_rec, disposing_notice_sent_on, STORE_COL_DATE, NI),
	{"by_user", STORE_COL_REF, offsetof(struct jw_addendum_rec, by),
	 sizeof(((struct jw_addendum_rec *)0)->by), STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_jw_addendum_table = {
	"joint_work_addendum", "jwadd", jw_addendum_cols,
	sizeof jw_addendum_cols / sizeof jw_addendum_cols[0], sizeof(struct jw_addendum_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_addendum_ord"
	" ON joint_work_addendum(joint_work_id, ord);",
};

static const struct store_col jw_step_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct jw_step_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	JW_PARENT(jw_step_rec),
	COL(jw_step_rec, ord, STORE_COL_INT, STORE_COL_IMMUTABLE),
	{"from_state", STORE_COL_REF, offsetof(struct jw_step_rec, from),
	 sizeof(((struct jw_step_rec *)0)->from), STORE_COL_IMMUTABLE, NULL, NULL},
	{"to_state", STORE_COL_REF, offsetof(struct jw_step_rec, to),
	 sizeof(((struct jw_step_rec *)0)->to), STORE_COL_IMMUTABLE, NULL, NULL},
	COL(jw_step_rec, step, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(jw_step_rec, date, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct jw_step_rec, by),
	 sizeof(((struct jw_step_rec *)0)->by), STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_jw_step_table = {
	"joint_work_step", "jwstep", jw_step_cols,
	sizeof jw_step_cols / sizeof jw_step_cols[0], sizeof(struct jw_step_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_step_ord"
	" ON joint_work_step(joint_work_id, ord);",
};
