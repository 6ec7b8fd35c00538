/*
 * carrier_rec.h — a carrier of the registry (SPEC.md §2 "Carrier"; Art. 1,
 * 18, 19, 20) and its numbered copies, each with its holder (custody per
 * copy: Art. 25.1, 26.1; R743 p.4.2, p.10, p.11), as the typed tables
 * store them (issue 11; store/tables_carriers.h, migration
 * 0022_typed_carriers). The rules over carriers are core/carrier.h. Pure
 * data.
 *
 * The API shows a carrier as a JSON object: the typed fields below, the
 * fields of its acts (owner, alienation, court_ref, archive, destruction,
 * declassification, review_*, reviews, lost_on, incident_id; enum
 * carrier_more, migration 0026_carrier_columns), plus any field of no
 * column's shape kept whole in extra.
 * fields says which typed fields the carrier has (CARRIER_F_*): a field
 * whose bit is clear is absent; set with an empty value ("" / STORE_INT_NULL)
 * it is null. A copy likewise (COPY_F_*). So a carrier reads back exactly
 * as it was written.
 */
#ifndef QUPIYA_CORE_CARRIER_REC_H
#define QUPIYA_CORE_CARRIER_REC_H

#include <stddef.h>
#include <stdint.h>

#include "core/rec.h"

#define CARRIER_ACCOUNT_MAX 128   /* STORE_REF_MAX */
#define CARRIER_STATE_MAX 24      /* STORE_STATE_MAX */
#define CARRIER_WORD_MAX 24       /* kind, label, copy state */
#define CARRIER_DATE_MAX 11       /* "YYYY-MM-DD" */
#define CARRIER_REF_MAX 256       /* act, archive, contract, court references */
#define CARRIER_NAME_MAX 1024     /* the owner's name (1000 bytes at the API) */

enum carrier_field {
	CARRIER_F_ID = 1u << 0,             /* "id" = the row id */
	CARRIER_F_ORG = 1u << 1,            /* "org_id" = the row's org_id */
	CARRIER_F_ACCOUNT = 1u << 2,        /* "account_number" = the row's */
	CARRIER_F_STATE = 1u << 3,          /* "state" = the row's */
	CARRIER_F_KIND = 1u << 4,
	CARRIER_F_TITLE = 1u << 5,
	CARRIER_F_LABEL = 1u << 6,
	CARRIER_F_SHEETS = 1u << 7,
	CARRIER_F_DECLASSIFY_ON = 1u << 8,
	CARRIER_F_REGISTERED_ON = 1u << 9,
	CARRIER_F_REGISTERED_BY = 1u << 10,
	CARRIER_F_DISPOSING_ORG = 1u << 11, /* "disposing_org_id" */
	CARRIER_F_INFORMATION = 1u << 12,   /* "information_ids" */
	CARRIER_F_SOURCES = 1u << 13,       /* "source_carrier_ids" */
	CARRIER_F_DISPOSING = 1u << 14,     /* "disposing_org_ids" */
	CARRIER_F_COPIES = 1u << 15,        /* "copies" */
	CARRIER_F_DEPARTED = 1u << 16,      /* "departed" */
};

/* The carrier's fields of its acts (migration 0026_carrier_columns), each
 * in columns of its own: a bit says the key is there (a string set "" /
 * a number STORE_INT_NULL then reads null); an object field (owner,
 * alienation, archive, destruction, declassification) has a bit for the
 * key and one saying it is an object (clear: null), and each optional key
 * inside it a bit of its own. */
enum carrier_more {
	CARRIER_M_COURT_REF = 1u << 0,       /* "court_ref" (Art. 19) */
	CARRIER_M_LOST_ON = 1u << 1,         /* "lost_on" */
	CARRIER_M_INCIDENT = 1u << 2,        /* "incident_id" */
	CARRIER_M_JOINT_WORK = 1u << 3,      /* "joint_work_id" (0.1.0) */
	CARRIER_M_REVIEW_REQUIRED = 1u << 4, /* "review_required" */
	CARRIER_M_REVIEW_DUE = 1u << 5,      /* "review_due_on" */
	CARRIER_M_REVIEW_REASON = 1u << 6,   /* "review_reason" */
	CARRIER_M_DECLASSIFIED_ON = 1u << 7, /* "declassified_on" */
	CARRIER_M_OWNER = 1u << 8,           /* "owner" {kind, name, iin?, bin?} */
	CARRIER_M_OWNER_OBJ = 1u << 9,
	CARRIER_M_OWNER_IIN = 1u << 10,
	CARRIER_M_OWNER_BIN = 1u << 11,
	CARRIER_M_ALIEN = 1u << 12,          /* "alienation" {contract_ref?, compensation?,
	                                      *  non_disclosure_signed_on?} */
	CARRIER_M_ALIEN_OBJ = 1u << 13,
	CARRIER_M_ALIEN_CONTRACT = 1u << 14,
	CARRIER_M_ALIEN_COMP = 1u << 15,
	CARRIER_M_ALIEN_COMP_INT = 1u << 16, /* compensation was a JSON integer */
	CARRIER_M_ALIEN_ND = 1u << 17,
	CARRIER_M_ARCHIVE = 1u << 18,        /* "archive" {archive_ref, archive_org_id?,
	                                      *  date, by} */
	CARRIER_M_ARCHIVE_OBJ = 1u << 19,
	CARRIER_M_ARCHIVE_ORG = 1u << 20,
	CARRIER_M_DESTR = 1u << 21,          /* "destruction" {act_number, date, by} */
	CARRIER_M_DESTR_OBJ = 1u << 22,
	CARRIER_M_DECL = 1u << 23,           /* "declassification" {ground, court_ref,
	                                      *  effective_date, by} */
	CARRIER_M_DECL_OBJ = 1u << 24,
	CARRIER_M_REVIEWS = 1u << 25,        /* "reviews": the rows of reviews[] */
};
#define CARRIER_M_ALL ((1u << 26) - 1)

/* One entry of a carrier's review history ("reviews": flagged by a list
 * change or a declassified item, resolved by a decision): the fields
 * below when there (""), the rest of the entry whole in extra. */
struct carrier_review_rec {
	char kind[CARRIER_WORD_MAX + 8];
	char how[CARRIER_WORD_MAX + 8];
	char list_item_id[STORE_ID_MAX];
	char information_id[STORE_ID_MAX];
	char effective_date[CARRIER_DATE_MAX];
	char by[STORE_ID_MAX];
	char *extra;                        /* JSON object text, or NULL */
};

enum copy_field {
	COPY_F_HOLDER_ORG = 1u << 0,        /* "holder_org_id" */
	COPY_F_HOLDER_PERSON = 1u << 1,     /* "holder_person_id" */
	COPY_F_JOINT_WORK = 1u << 2,        /* "joint_work_id" */
	COPY_F_HOLDER = 1u << 3,            /* "holder": the person it is issued to */
	COPY_F_STATE = 1u << 4,             /* "state": in_registry, issued */
	COPY_F_ISSUED_ON = 1u << 5,         /* "issued_on" */
};

/* One numbered copy and its holder: an organization (holder_org_id) or a
 * citizen executor (holder_person_id), never both; joint_work_id the joint
 * work under which it is away; holder the person it is issued to. */
struct carrier_copy_rec {
	int64_t number;                     /* 1, 2, ... */
	unsigned fields;                    /* enum copy_field */
	char holder_org_id[STORE_ID_MAX];
	char holder_person_id[STORE_ID_MAX];
	char joint_work_id[STORE_ID_MAX];
	char holder[STORE_ID_MAX];
	char state[CARRIER_WORD_MAX];
	char issued_on[CARRIER_DATE_MAX];
	char *extra;                        /* JSON object text of its other fields, or NULL */
};

/* Copies left org_id on that date (the last time). */
struct carrier_departure {
	char org_id[STORE_ID_MAX];
	char on[CARRIER_DATE_MAX];
};

typedef char carrier_id_t[STORE_ID_MAX];

struct carrier_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];          /* the registry that holds it now */
	char parent_id[STORE_ID_MAX];       /* "" */
	char account_number[CARRIER_ACCOUNT_MAX];   /* unique per org_id */
	char state[CARRIER_STATE_MAX];      /* registered, issued, ... (core/carrier.h) */
	unsigned fields;                    /* enum carrier_field */
	char kind[CARRIER_WORD_MAX];        /* paper, electronic, media, product, other */
	char *title;                        /* owned; NULL: null */
	char label[CARRIER_WORD_MAX];       /* a degree */
	int64_t sheets;                     /* STORE_INT_NULL: null */
	char declassify_on[CARRIER_DATE_MAX];
	char registered_on[CARRIER_DATE_MAX];
	char registered_by[STORE_ID_MAX];
	char disposing_org_id[STORE_ID_MAX];
	carrier_id_t *information_ids;      /* in order; owned */
	size_t n_information;
	carrier_id_t *source_ids;
	size_t n_sources;
	carrier_id_t *disposing_ids;        /* the disposing bodies (Art. 15, 23), in order */
	size_t n_disposing;
	struct carrier_copy_rec *copies;    /* in order; owned */
	size_t n_copies;
	struct carrier_departure *departed; /* by org_id */
	size_t n_departed;
	/* The fields of its acts (enum carrier_more; "" / STORE_INT_NULL:
	 * null or absent as more says). */
	unsigned more;
	char court_ref[CARRIER_REF_MAX];
	char lost_on[CARRIER_DATE_MAX];
	char incident_id[STORE_ID_MAX];
	char joint_work_id[STORE_ID_MAX];
	int64_t review_required;            /* 1, 0, STORE_INT_NULL */
	char review_due_on[CARRIER_DATE_MAX];
	char review_reason[CARRIER_WORD_MAX + 8];
	char declassified_on[CARRIER_DATE_MAX];
	char owner_kind[CARRIER_WORD_MAX];
	char owner_name[CARRIER_NAME_MAX];
	char owner_iin[16];
	char owner_bin[16];
	char alien_contract_ref[CARRIER_REF_MAX];
	double alien_compensation;
	char alien_nd_signed_on[CARRIER_DATE_MAX];
	char archive_ref[CARRIER_REF_MAX];
	char archive_org_id[STORE_ID_MAX];
	char archived_on[CARRIER_DATE_MAX];
	char archived_by[STORE_ID_MAX];
	char destr_act_number[CARRIER_REF_MAX];
	char destroyed_on[CARRIER_DATE_MAX];
	char destroyed_by[STORE_ID_MAX];
	char decl_ground[CARRIER_WORD_MAX + 8];
	char decl_court_ref[CARRIER_REF_MAX];
	char decl_on[CARRIER_DATE_MAX];
	char decl_by[STORE_ID_MAX];
	struct carrier_review_rec *reviews; /* in order; owned */
	size_t n_reviews;
	char *extra;                        /* JSON object text of any other field, or NULL */
};

#endif
