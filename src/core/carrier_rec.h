/*
 * carrier_rec.h — a carrier of the registry (SPEC.md §2 "Carrier"; Art. 1,
 * 18, 19, 20) and its numbered copies, each with its holder (custody per
 * copy: Art. 25.1, 26.1; R743 p.4.2, p.10, p.11), as the typed tables
 * store them (issue 11; store/tables_carriers.h, migration
 * 0022_typed_carriers). The rules over carriers are core/carrier.h. Pure
 * data.
 *
 * The API shows a carrier as a JSON object: the typed fields below, plus
 * any further field of its acts (owner, alienation, court_ref, archive,
 * destruction, declassification, review_*, ...) kept whole in extra.
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
	char *extra;                        /* JSON object text of its other fields, or NULL */
};

#endif
