/*
 * tables_items.c — the description of the typed table information
 * (tables_items.h). org_id and disposing_org_id refer to organization(id),
 * list_item_id to list_item(id) and list_id to list(id). classified_by,
 * proposal_by (users) and classifier_person_id have no FOREIGN KEY: a
 * user is an account, not a typed row, and the classifier's person id is
 * recorded as the actor's, which a user without a person lacks. The
 * child tables (topics, extensions, reviews: ordinal ord) are created by
 * extra_sql; sqlite_items.c writes and reads them.
 */
#include "store/tables_items.h"

#include <stddef.h>

#define COL(m, type, flags) \
	{#m, type, offsetof(struct info_rec, m), sizeof(((struct info_rec *)0)->m), flags, NULL, NULL}
#define REFC(m, flags, refs) \
	{#m, STORE_COL_REF, offsetof(struct info_rec, m), STORE_ID_MAX, flags, NULL, refs}
#define TEXTC(m) \
	{#m, STORE_COL_TEXT, offsetof(struct info_rec, m), 0, STORE_COL_NULLABLE, NULL, NULL}
#define N STORE_COL_NULLABLE

/* index = enum degree; DEGREE_NONE (0) is NULL. */
static const char *const degree_col_names[] = {"", "confidential", "top_secret",
                                                "special_importance", NULL};

static const struct store_col info_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct info_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	REFC(org_id, STORE_COL_IMMUTABLE, "organization(id)"),
	{"state", STORE_COL_ENUM, offsetof(struct info_rec, state), sizeof(int), 0,
	 info_state_names, NULL},
	COL(fields, STORE_COL_INT, 0),
	REFC(list_item_id, N, "list_item(id)"),
	REFC(list_id, N, "list(id)"),
	TEXTC(title),
	{"degree", STORE_COL_ENUM, offsetof(struct info_rec, degree), sizeof(int), N,
	 degree_col_names, NULL},
	COL(classified_on, STORE_COL_DATE, N),
	COL(declassify_on, STORE_COL_DATE, N),
	COL(preliminary, STORE_COL_BOOL, 0),
	TEXTC(basis),
	REFC(classified_by, N, NULL),
	REFC(classifier_person_id, N, NULL),
	COL(registered_on, STORE_COL_DATE, N),
	COL(proposal_on, STORE_COL_DATE, N),
	REFC(proposal_by, N, NULL),
	COL(review_required, STORE_COL_BOOL, 0),
	COL(review_due_on, STORE_COL_DATE, N),
	TEXTC(review_reason),
	REFC(disposing_org_id, N, "organization(id)"),
	COL(declassified_on, STORE_COL_DATE, N),
	COL(label_removed_on, STORE_COL_DATE, N),
	TEXTC(declassification_ground),
	{"decision", STORE_COL_ENUM, offsetof(struct info_rec, decision), sizeof(int), N,
	 info_decision_names, NULL},
	COL(decision_on, STORE_COL_DATE, N),
	REFC(decision_by, N, NULL),
	REFC(decision_item_id, N, "list_item(id)"),
	TEXTC(decl_ground),
	TEXTC(decl_court_ref),
	COL(decl_on, STORE_COL_DATE, N),
	REFC(decl_by, N, NULL),
	TEXTC(extra),
};

const struct store_table store_info_table = {
	"information", "info", info_cols, sizeof info_cols / sizeof info_cols[0],
	sizeof(struct info_rec),
	"CREATE INDEX IF NOT EXISTS information_org ON information(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_state_org ON information(state, org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_list_item ON information(list_item_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_list ON information(list_id);\n"
	"CREATE INDEX IF NOT EXISTS information_due ON information(state,"
	" coalesce(review_due_on, declassify_on));\n"
	"CREATE TABLE IF NOT EXISTS information_topic(\n"
	"  info_id TEXT NOT NULL REFERENCES information(id),\n"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),\n"
	"  topic TEXT NOT NULL,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_extension(\n"
	"  info_id TEXT NOT NULL REFERENCES information(id),\n"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),\n"
	"  from_date TEXT CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  to_date TEXT NOT NULL CHECK (to_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  conclusion_ref TEXT,\n"
	"  effective_date TEXT NOT NULL"
	" CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_review(\n"
	"  info_id TEXT NOT NULL REFERENCES information(id),\n"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),\n"
	"  keys INTEGER NOT NULL CHECK (keys BETWEEN 0 AND 63),\n"
	"  kind TEXT,\n"
	"  change_id TEXT,\n"
	"  list_item_id TEXT,\n"
	"  how TEXT,\n"
	"  effective_date TEXT"
	" CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n",
};
