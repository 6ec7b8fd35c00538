/*
 * tables_org.c — descriptions of the typed tables of tables_org.h.
 *
 * The holder's org_id of the permit, certificate and archive_delegation
 * tables refers to organization(id): they were created (0008, 0009) while
 * organizations were records, and 0027_org_fks (store/org_fks.h) rebuilt
 * them with the keys.
 */
#include "store/tables_org.h"

#include <stddef.h>

#include "core/org_rec.h"

/* index = enum degree; DEGREE_NONE is never stored. */
static const char *const degree_col_names[] = {"", "confidential", "top_secret",
                                                "special_importance", NULL};

#define COL(st, m, type, flags) \
	{#m, type, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, NULL}

static const struct store_col permit_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct permit_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(permit_rec, org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"degree", STORE_COL_ENUM, offsetof(struct permit_rec, degree), sizeof(int),
	 STORE_COL_IMMUTABLE, degree_col_names, NULL},
	COL(permit_rec, number, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(permit_rec, issued_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(permit_rec, valid_until, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(permit_rec, issuer, STORE_COL_REF, STORE_COL_IMMUTABLE),
	{"state", STORE_COL_ENUM, offsetof(struct permit_rec, state), sizeof(int), 0,
	 permit_state_names, NULL},
};

const struct store_table store_permit_table = {
	"permit", "permit", permit_cols, sizeof permit_cols / sizeof permit_cols[0],
	sizeof(struct permit_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS permit_org_number ON permit(org_id, number);",
};

static const struct store_col permit_change_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct permit_change_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"permit_id", STORE_COL_REF, offsetof(struct permit_change_rec, permit_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "permit(id)"},
	{"from_state", STORE_COL_ENUM, offsetof(struct permit_change_rec, from), sizeof(int),
	 STORE_COL_IMMUTABLE, permit_state_names, NULL},
	{"to_state", STORE_COL_ENUM, offsetof(struct permit_change_rec, to), sizeof(int),
	 STORE_COL_IMMUTABLE, permit_state_names, NULL},
	COL(permit_change_rec, effective_date, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct permit_change_rec, by), STORE_ID_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_permit_change_table = {
	"permit_change", "pchg", permit_change_cols,
	sizeof permit_change_cols / sizeof permit_change_cols[0],
	sizeof(struct permit_change_rec), NULL,
};

static const struct store_col permit_mark_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct permit_mark_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"permit_id", STORE_COL_REF, offsetof(struct permit_mark_rec, permit_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "permit(id)"},
	STORE_COL_ORG(permit_mark_rec, org_id, STORE_COL_IMMUTABLE),
	{"agreement_ref", STORE_COL_TEXT, offsetof(struct permit_mark_rec, agreement_ref), 0,
	 STORE_COL_IMMUTABLE, NULL, NULL},
	COL(permit_mark_rec, date, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct permit_mark_rec, by), STORE_ID_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_permit_mark_table = {
	"permit_mark", "pmark", permit_mark_cols,
	sizeof permit_mark_cols / sizeof permit_mark_cols[0],
	sizeof(struct permit_mark_rec), NULL,
};

static const struct store_col certificate_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct certificate_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(certificate_rec, org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"means", STORE_COL_TEXT, offsetof(struct certificate_rec, means), 0, STORE_COL_IMMUTABLE,
	 NULL, NULL},
	COL(certificate_rec, number, STORE_COL_REF, STORE_COL_IMMUTABLE),
	{"degree", STORE_COL_ENUM, offsetof(struct certificate_rec, degree), sizeof(int),
	 STORE_COL_IMMUTABLE, degree_col_names, NULL},
	COL(certificate_rec, valid_until, STORE_COL_DATE, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"state", STORE_COL_ENUM, offsetof(struct certificate_rec, state), sizeof(int), 0,
	 org_act_state_names, NULL},
	COL(certificate_rec, registered_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct certificate_rec, by), STORE_ID_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_certificate_table = {
	"certificate", "certificate", certificate_cols,
	sizeof certificate_cols / sizeof certificate_cols[0], sizeof(struct certificate_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS certificate_org_number ON certificate(org_id, number);",
};

static const struct store_col delegation_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct delegation_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	STORE_COL_ORG(delegation_rec, org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	STORE_COL_ORG(delegation_rec, archive_org_id, STORE_COL_INDEXED | STORE_COL_IMMUTABLE),
	{"ref", STORE_COL_TEXT, offsetof(struct delegation_rec, ref), 0, STORE_COL_IMMUTABLE,
	 NULL, NULL},
	{"state", STORE_COL_ENUM, offsetof(struct delegation_rec, state), sizeof(int), 0,
	 org_act_state_names, NULL},
	COL(delegation_rec, delegated_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"by_user", STORE_COL_REF, offsetof(struct delegation_rec, by), STORE_ID_MAX,
	 STORE_COL_IMMUTABLE, NULL, NULL},
};

const struct store_table store_delegation_table = {
	"archive_delegation", "delegation", delegation_cols,
	sizeof delegation_cols / sizeof delegation_cols[0], sizeof(struct delegation_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS archive_delegation_org_archive"
	" ON archive_delegation(org_id, archive_org_id);",
};

static const struct store_col org_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct org_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"name", STORE_COL_TEXT, offsetof(struct org_rec, name), 0, 0, NULL, NULL},
	COL(org_rec, bin, STORE_COL_REF, STORE_COL_NULLABLE | STORE_COL_IMMUTABLE),
	{"kind", STORE_COL_ENUM, offsetof(struct org_rec, kind), sizeof(int), STORE_COL_IMMUTABLE,
	 org_kind_names, NULL},
	{"parent_id", STORE_COL_REF, offsetof(struct org_rec, parent_id), STORE_ID_MAX,
	 STORE_COL_NULLABLE | STORE_COL_INDEXED, NULL, "organization(id)"},
	{"city", STORE_COL_TEXT, offsetof(struct org_rec, city), 0, STORE_COL_NULLABLE, NULL,
	 NULL},
	COL(org_rec, foreign_participation, STORE_COL_BOOL, 0),
	COL(org_rec, state_share, STORE_COL_REAL, STORE_COL_NULLABLE),
	{"regime_category", STORE_COL_ENUM, offsetof(struct org_rec, regime_category), sizeof(int),
	 STORE_COL_NULLABLE, org_regime_names, NULL},
	{"state", STORE_COL_ENUM, offsetof(struct org_rec, state), sizeof(int), STORE_COL_INDEXED,
	 org_state_names, NULL},
	COL(org_rec, registered_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(org_rec, liquidated_on, STORE_COL_DATE, STORE_COL_NULLABLE),
	{"successor_org_id", STORE_COL_REF, offsetof(struct org_rec, successor_org_id),
	 STORE_ID_MAX, STORE_COL_NULLABLE, NULL, "organization(id)"},
};

/* The BIN is unique across every organization (NULLs, the foreign states'
 * and international organizations', never collide). */
const struct store_table store_org_table = {
	"organization", "org", org_cols, sizeof org_cols / sizeof org_cols[0],
	sizeof(struct org_rec),
	"CREATE UNIQUE INDEX IF NOT EXISTS organization_bin ON organization(bin);",
};
