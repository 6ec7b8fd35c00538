/*
 * tables_requests.c — the description of the table of tables_requests.h.
 */
#include "store/tables_requests.h"

#include <stddef.h>

#include "core/request_rec.h"

#define COL(m, type, flags) \
	{#m, type, offsetof(struct request_rec, m), sizeof(((struct request_rec *)0)->m), flags, \
	 NULL, NULL}
#define NULLABLE STORE_COL_NULLABLE

static const struct store_col request_cols[] = {
	{"id", STORE_COL_ID, offsetof(struct request_rec, h.id), STORE_ID_MAX, 0, NULL, NULL},
	{"org_id", STORE_COL_REF, offsetof(struct request_rec, org_id), STORE_ID_MAX,
	 STORE_COL_INDEXED | STORE_COL_IMMUTABLE, NULL, "organization(id)"},
	COL(requester, STORE_COL_TEXT, STORE_COL_IMMUTABLE),
	COL(subject, STORE_COL_TEXT, STORE_COL_IMMUTABLE),
	COL(received_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(due_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	{"state", STORE_COL_ENUM, offsetof(struct request_rec, state), sizeof(int),
	 STORE_COL_INDEXED, request_state_names, NULL},
	COL(registered_on, STORE_COL_DATE, STORE_COL_IMMUTABLE),
	COL(registered_by, STORE_COL_REF, STORE_COL_IMMUTABLE),
	COL(late, STORE_COL_BOOL, 0),
	{"decision", STORE_COL_ENUM, offsetof(struct request_rec, decision), sizeof(int),
	 NULLABLE, request_decision_names, NULL},
	COL(reasons, STORE_COL_TEXT, NULLABLE),
	COL(answered_on, STORE_COL_DATE, NULLABLE),
	COL(answered_by, STORE_COL_REF, NULLABLE),
	COL(answer_late, STORE_COL_BOOL, 0),
	{"forward_to_org_id", STORE_COL_REF, offsetof(struct request_rec, forward_to_org_id),
	 STORE_ID_MAX, NULLABLE, NULL, "organization(id)"},
	COL(notice_sent_on, STORE_COL_DATE, NULLABLE),
	COL(forwarded_on, STORE_COL_DATE, NULLABLE),
	COL(forwarded_by, STORE_COL_REF, NULLABLE),
	COL(forward_late, STORE_COL_BOOL, 0),
	{"forward_request_id", STORE_COL_REF, offsetof(struct request_rec, forward_request_id),
	 STORE_ID_MAX, NULLABLE, NULL, "declassification_request(id)"},
	{"forwarded_from", STORE_COL_REF, offsetof(struct request_rec, forwarded_from),
	 STORE_ID_MAX, NULLABLE | STORE_COL_IMMUTABLE, NULL, "declassification_request(id)"},
	{"forwarded_by_org_id", STORE_COL_REF, offsetof(struct request_rec, forwarded_by_org_id),
	 STORE_ID_MAX, NULLABLE | STORE_COL_IMMUTABLE, NULL, "organization(id)"},
};

const struct store_table store_request_table = {
	"declassification_request", "request", request_cols,
	sizeof request_cols / sizeof request_cols[0], sizeof(struct request_rec), NULL,
};
