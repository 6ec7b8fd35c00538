/*
 * info_rec.h — an information item (Law "On State Secrets", Art. 15, 20,
 * 22, 23) as a C struct (issue 11), kept in the typed table information
 * of store/tables_items.h with its topics as ordered child rows.
 *
 * Each field the API shows has its column; `fields` says which of them
 * the item's object holds (INFO_F_* bits), so a field absent and a field
 * null read back as they were written (an item written by 0.1.0 has no
 * disposing_org_id; one written now has it). Everything else the object
 * holds — the decision on a preliminary item, the declassification, the
 * extensions of its term and its reviews (Art. 20.3, 23.1), or a value of
 * an unexpected type — stays whole in `extra`, a JSON object text, so
 * nothing a user stored is lost.
 *
 * The record form (kind "information" of store.h) is this struct's JSON:
 * store/tables_items.h converts both ways.
 *
 * Ownership: the heap strings (title, basis, review_reason,
 * declassification_ground, extra) and the topics array belong to the
 * struct; info_rec_free() releases them.
 */
#ifndef QUPIYA_CORE_INFO_REC_H
#define QUPIYA_CORE_INFO_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/rec.h"

/* The item's state (core/classify.h INFO_PRELIMINARY, ...). */
enum info_state { INFO_ST_PRELIMINARY = 0, INFO_ST_CLASSIFIED, INFO_ST_DECLASSIFIED };
extern const char *const info_state_names[];   /* index = value, NULL-terminated */
int info_state_parse(const char *s);            /* -1 when unknown */
const char *info_state_name(int st);            /* NULL when out of range */

/* Which fields the item's object holds (bit = 1 << INFO_F_...). */
enum info_field {
	INFO_F_ID = 0, INFO_F_TITLE, INFO_F_ORG_ID, INFO_F_DEGREE, INFO_F_TOPICS,
	INFO_F_CLASSIFIED_ON, INFO_F_DECLASSIFY_ON, INFO_F_STATE, INFO_F_PRELIMINARY,
	INFO_F_LIST_ITEM_ID, INFO_F_LIST_ID, INFO_F_BASIS, INFO_F_CLASSIFIED_BY,
	INFO_F_CLASSIFIER_PERSON_ID, INFO_F_REGISTERED_ON, INFO_F_PROPOSAL_ON, INFO_F_PROPOSAL_BY,
	INFO_F_REVIEW_REQUIRED, INFO_F_REVIEW_DUE_ON, INFO_F_REVIEW_REASON,
	INFO_F_DISPOSING_ORG_ID, INFO_F_DECLASSIFIED_ON, INFO_F_LABEL_REMOVED_ON,
	INFO_F_DECLASSIFICATION_GROUND,
	INFO_F_COUNT
};
#define INFO_FIELDS_ALL ((int64_t)((1u << INFO_F_COUNT) - 1))

struct info_rec {
	struct store_row_hdr h;
	int64_t fields;                     /* INFO_F_* bits of the fields present */
	char org_id[STORE_ID_MAX];          /* the organization that classified it */
	int state;                          /* enum info_state */
	char list_item_id[STORE_ID_MAX];    /* the list item it is classified on; "" none */
	char list_id[STORE_ID_MAX];         /* that item's list; "" none */
	char *title;                        /* NULL: null */
	int degree;                         /* enum degree; DEGREE_NONE: null */
	qdate classified_on;                /* QDATE_NONE: null */
	qdate declassify_on;                /* the term (Art. 20.3) */
	bool preliminary;                   /* classified preliminarily (Art. 20.2) */
	char *basis;                        /* the statutory basis of the item (Art. 11-14) */
	char classified_by[STORE_ID_MAX];   /* the user */
	char classifier_person_id[STORE_ID_MAX];
	qdate registered_on;
	qdate proposal_on;                  /* Art. 20.2: the proposal to the list */
	char proposal_by[STORE_ID_MAX];
	bool review_required;               /* flagged by a list change (Art. 23.1) */
	qdate review_due_on;
	char *review_reason;
	char disposing_org_id[STORE_ID_MAX];   /* Art. 15: the disposing body */
	qdate declassified_on;
	qdate label_removed_on;
	char *declassification_ground;
	char **topics;                      /* ntopics heap strings, in order */
	size_t ntopics;
	char *extra;                        /* JSON object text of the other fields, or NULL */
};

/* Frees the heap strings and the topics, and zeroes r. Accepts NULL. */
void info_rec_free(struct info_rec *r);

#endif
