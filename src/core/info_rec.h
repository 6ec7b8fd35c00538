/*
 * info_rec.h — an information item (Law "On State Secrets", Art. 15, 20,
 * 22, 23) as a C struct (issue 11), kept in the typed table information
 * of store/tables_items.h with its topics as ordered child rows.
 *
 * Each field the API shows has its column; `fields` says which of them
 * the item's object holds (INFO_F_* bits), so a field absent and a field
 * null read back as they were written (an item written by 0.1.0 has no
 * disposing_org_id; one written now has it). The decision on a
 * preliminary item (Art. 20.2) and the declassification (Art. 22, 23) are
 * columns too; the extensions of its term (Art. 20.3) and its reviews
 * (Art. 23.1: flagged by a list change, then resolved) are ordered child
 * rows. Anything else the object holds (a field of an unexpected type or
 * shape, or one this build does not know) stays whole in `extra`, a JSON
 * object text, so nothing a user stored is lost.
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
	INFO_F_DECLASSIFICATION_GROUND, INFO_F_DECISION, INFO_F_DECLASSIFICATION,
	INFO_F_EXTENSIONS, INFO_F_REVIEWS,
	INFO_F_COUNT
};
#define INFO_FIELDS_ALL ((int64_t)((1u << INFO_F_COUNT) - 1))

/* The decision on a preliminary item (Art. 20.2). */
enum info_decision { INFO_DECISION_NONE = 0, INFO_DECISION_ADD, INFO_DECISION_REMOVE };
extern const char *const info_decision_names[];   /* "", "add_to_list", "remove_label" */

/* An extension of the term (Art. 20.3): extensions[] of the API. */
struct info_extension {
	qdate from;                         /* the term before; QDATE_NONE: null */
	qdate to;
	char *conclusion_ref;               /* the expert conclusion; NULL: null */
	qdate effective_date;
	char by[STORE_ID_MAX];
};

/* An entry of reviews[] (Art. 23.1): a list change that flagged the item
 * ({change_id, list_item_id, kind, effective_date}) or its resolution
 * ({kind: "resolved", how, effective_date, by}); keys says which of the
 * fields it holds (bit = 1 << INFO_RV_...). */
enum info_review_key {
	INFO_RV_KIND = 0, INFO_RV_CHANGE_ID, INFO_RV_LIST_ITEM_ID, INFO_RV_HOW,
	INFO_RV_EFFECTIVE_DATE, INFO_RV_BY, INFO_RV_COUNT
};
#define INFO_WORD_MAX 24                    /* a review's kind or how, + NUL */
struct info_review {
	int keys;
	char kind[INFO_WORD_MAX];
	char change_id[STORE_ID_MAX];
	char list_item_id[STORE_ID_MAX];
	char how[INFO_WORD_MAX];
	qdate effective_date;
	char by[STORE_ID_MAX];
};

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
	/* decision: {decision, effective_date, by, list_item_id}, or null
	 * (decision INFO_DECISION_NONE) */
	int decision;                       /* enum info_decision */
	qdate decision_on;
	char decision_by[STORE_ID_MAX];
	char decision_item_id[STORE_ID_MAX];   /* "": null */
	/* declassification: {ground, court_ref, effective_date, by} */
	char *decl_ground;                  /* NULL: null */
	char *decl_court_ref;               /* NULL: null */
	qdate decl_on;
	char decl_by[STORE_ID_MAX];
	char **topics;                      /* ntopics heap strings, in order */
	size_t ntopics;
	struct info_extension *extensions;  /* in order */
	size_t nextensions;
	struct info_review *reviews;        /* in order */
	size_t nreviews;
	char *extra;                        /* JSON object text of the other fields, or NULL */
};

/* Frees the heap strings and the topics, and zeroes r. Accepts NULL. */
void info_rec_free(struct info_rec *r);

#endif
