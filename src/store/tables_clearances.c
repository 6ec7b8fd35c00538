/*
 * tables_clearances.c — descriptions of the typed tables of
 * tables_clearances.h.
 *
 * person_id and org_id refer to person(id) and organization(id) (added by
 * 0027_org_fks, store/org_fks.h). The ids of the acts a clearance names (decided_by, the sources
 * of a refusal, termination or flag) are of several kinds: no key.
 */
#include "store/tables_clearances.h"

#include <stddef.h>

#include "core/clearance.h"
#include "core/clearance_rec.h"

/* index = enum degree; DEGREE_NONE is never stored. */
static const char *const form_names[] = {"", "confidential", "top_secret",
                                         "special_importance", NULL};

#define CCOL(name, type, member, flags, names)                                        \
	{name, type, offsetof(struct clearance_rec, member),                          \
	 sizeof(((struct clearance_rec *)0)->member), flags, names, NULL}
#define N STORE_COL_NULLABLE
#define I STORE_COL_IMMUTABLE

static const struct store_col clearance_cols[] = {
	CCOL("id", STORE_COL_ID, h.id, 0, NULL),
	{"person_id", STORE_COL_REF, offsetof(struct clearance_rec, person_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | I, NULL, "person(id)"},
	{"org_id", STORE_COL_REF, offsetof(struct clearance_rec, org_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | I, NULL, "organization(id)"},
	CCOL("form", STORE_COL_ENUM, form, I, form_names),
	CCOL("treaty_ref", STORE_COL_TEXT, treaty_ref, N | I, NULL),
	CCOL("state", STORE_COL_ENUM, state, 0, clearance_rec_state_names),
	CCOL("registered_on", STORE_COL_DATE, registered_on, I, NULL),
	CCOL("commitment_on", STORE_COL_DATE, commitment_on, N, NULL),
	CCOL("consent_restrictions_on", STORE_COL_DATE, consent_restrictions_on, N, NULL),
	CCOL("consent_verification_on", STORE_COL_DATE, consent_verification_on, N, NULL),
	CCOL("familiarized_on", STORE_COL_DATE, familiarized_on, N, NULL),
	CCOL("verification", STORE_COL_ENUM, verification, N, clearance_rec_verification_names),
	CCOL("verified_on", STORE_COL_DATE, verified_on, N, NULL),
	CCOL("decision", STORE_COL_ENUM, decision, N, clearance_rec_decision_names),
	CCOL("decided_on", STORE_COL_DATE, decided_on, N, NULL),
	CCOL("decided_by", STORE_COL_REF, decided_by, N, NULL),
	CCOL("contract_number", STORE_COL_TEXT, contract_number, N, NULL),
	CCOL("restriction_until", STORE_COL_DATE, restriction_until, N, NULL),
	CCOL("decision_reason", STORE_COL_ENUM, decision_reason, N, clearance_rec_end_names),
	CCOL("decision_source_id", STORE_COL_REF, decision_source_id, N, NULL),
	CCOL("emergency_id", STORE_COL_REF, emergency_id, N, NULL),
	CCOL("verification_due_on", STORE_COL_DATE, verification_due_on, N, NULL),
	CCOL("verification_pending", STORE_COL_BOOL, verification_pending, 0, NULL),
	CCOL("granted_on", STORE_COL_DATE, granted_on, N, NULL),
	CCOL("end_reason", STORE_COL_ENUM, end_reason, N, clearance_rec_end_names),
	CCOL("terminated_on", STORE_COL_DATE, terminated_on, N, NULL),
	CCOL("terminated_by", STORE_COL_REF, terminated_by, N, NULL),
	CCOL("termination_source_id", STORE_COL_REF, termination_source_id, N, NULL),
	CCOL("termination_due_on", STORE_COL_DATE, termination_due_on, N, NULL),
	CCOL("due_reason", STORE_COL_REF, due_reason, N, NULL),
	CCOL("due_code", STORE_COL_REF, due_code, N, NULL),
	CCOL("due_article", STORE_COL_REF, due_article, N, NULL),
	CCOL("due_source_id", STORE_COL_REF, due_source_id, N, NULL),
	CCOL("due_noted_on", STORE_COL_DATE, due_noted_on, N, NULL),
};

/* The deadlines list (ops/clearances.c ops_clearances_due_each) reads the
 * clearances flagged for termination and those an Art. 5 mode let be
 * granted before their verification through these partial indexes (in seq
 * order, for every organization or one): only the rows that owe something
 * are in them, so the read never walks the registry's clearances. */
const struct store_table store_clearance_table = {
	"clearance", "clearance", clearance_cols, sizeof clearance_cols / sizeof clearance_cols[0],
	sizeof(struct clearance_rec),
	"CREATE INDEX IF NOT EXISTS clearance_due ON clearance(seq)"
	" WHERE termination_due_on IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS clearance_due_org ON clearance(org_id, seq)"
	" WHERE termination_due_on IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS clearance_pending ON clearance(seq)"
	" WHERE verification_due_on IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS clearance_pending_org ON clearance(org_id, seq)"
	" WHERE verification_due_on IS NOT NULL;",
};

static const struct store_col replaced_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct clearance_replaced_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	{"clearance_id", STORE_COL_REF, offsetof(struct clearance_replaced_rec, clearance_id),
	 STORE_ID_MAX, STORE_COL_INDEXED | I, NULL, "clearance(id)"},
	{"replaced_id", STORE_COL_REF, offsetof(struct clearance_replaced_rec, replaced_id),
	 STORE_ID_MAX, I, NULL, "clearance(id)"},
};

const struct store_table store_clearance_replaced_table = {
	"clearance_replaced", "clrepl", replaced_cols,
	sizeof replaced_cols / sizeof replaced_cols[0], sizeof(struct clearance_replaced_rec),
	NULL,
};

static const struct store_col relaxed_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct clearance_relaxed_rec, h.id), STORE_ID_MAX, 0, NULL,
	 NULL},
	{"clearance_id", STORE_COL_REF, offsetof(struct clearance_relaxed_rec, clearance_id),
	 STORE_ID_MAX, STORE_COL_INDEXED | I, NULL, "clearance(id)"},
	{"relaxation", STORE_COL_ENUM, offsetof(struct clearance_relaxed_rec, relaxation),
	 sizeof(int), I, clearance_relax_names, NULL},
};

const struct store_table store_clearance_relaxed_table = {
	"clearance_relaxed", "clrlx", relaxed_cols, sizeof relaxed_cols / sizeof relaxed_cols[0],
	sizeof(struct clearance_relaxed_rec), NULL,
};
