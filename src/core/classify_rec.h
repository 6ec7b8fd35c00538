/*
 * classify_rec.h — the records of classification as C structs (issue 11;
 * stored in the typed tables of store/tables_classify.h).
 *
 *   classifier  an official on a state body's list of classifiers (Law "On
 *               State Secrets", Art. 5.4, 15.1): the body, the person, the
 *               person's name and position as registered, when and by whom
 *   list        a departmental list of information to be classified (Art.
 *               15.2, 22.2, 22.3): draft or approved, its version (+1 at
 *               each change of the approved list) and its history
 *               (list_history rows, in seq order)
 *   list_item   an item of a list: code (unique in the list), text, degree,
 *               the statutory basis (Art. 11-14), active or removed, the
 *               coordination of an addition to an approved list, and its
 *               changes (list_item_change rows, each with the information
 *               items and carriers it flagged: list_item_affected rows)
 *
 * Ownership: a struct classifier_rec owns its heap strings (full_name,
 * position); classifier_rec_free() releases them. The list records' heap
 * strings (STORE_COL_TEXT columns) and the views' arrays are released by
 * list_view_free() / list_item_view_free() / list_change_view_free().
 */
#ifndef QUPIYA_CORE_CLASSIFY_REC_H
#define QUPIYA_CORE_CLASSIFY_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/rec.h"

/* A classifier is registered active; nothing takes one off the list yet. */
enum classifier_state { CLASSIFIER_ACTIVE = 0 };
extern const char *const classifier_state_names[];   /* index = value, NULL-terminated */

int classifier_state_parse(const char *s);            /* -1 when unknown */
const char *classifier_state_name(int st);            /* NULL when out of range */

struct classifier_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];          /* the state body */
	char person_id[STORE_ID_MAX];       /* the official */
	char *full_name;                    /* as registered; NULL when the person had none */
	char *position;                     /* as registered; NULL when none */
	int state;                          /* enum classifier_state */
	qdate registered_on;
	char registered_by[STORE_ID_MAX];   /* the admin's user id */
};

/* Frees the heap strings and zeroes c. Accepts NULL. */
void classifier_rec_free(struct classifier_rec *c);

/* ---- lists, list items (Art. 15.2, 22) ----------------------------------- */

enum list_state { LIST_ST_DRAFT = 0, LIST_ST_APPROVED };
enum list_item_state { ITEM_ST_ACTIVE = 0, ITEM_ST_REMOVED };
/* the kind of a change of an item (Art. 22.3) */
enum list_change_kind { CHANGE_DEGREE = 0, CHANGE_REMOVED };
/* the kind of an object a change flagged */
enum list_affected_kind { AFFECTED_INFORMATION = 0, AFFECTED_CARRIER };
extern const char *const list_state_names[];          /* index = value, NULL-terminated */
extern const char *const list_item_state_names[];
extern const char *const list_change_kind_names[];    /* "degree_changed", "removed" */
extern const char *const list_affected_kind_names[];  /* "information", "carrier" */

#define LIST_CODE_MAX 72                    /* bytes of an item code (API: 64) + NUL */

struct list_rec {
	struct store_row_hdr h;
	char org_id[STORE_ID_MAX];
	char *title;
	int state;                          /* enum list_state */
	int64_t list_version;               /* the API's "version": 1, +1 per change when approved */
	qdate approved_on;                  /* QDATE_NONE while draft */
	char approved_by[STORE_ID_MAX];     /* "" while draft (absent in the API) */
	qdate next_review_on;
	qdate reviewed_on;
	qdate created_on;
	char created_by[STORE_ID_MAX];
};

/* One entry of a list's history: "approved" / "reviewed" (with
 * next_review_on) or a change of the approved list ("item_added",
 * "degree_changed", "removed": with item_id and change_id). */
struct list_history_rec {
	struct store_row_hdr h;
	char list_id[STORE_ID_MAX];
	char action[24];
	int64_t list_version;
	char item_id[STORE_ID_MAX];         /* "" for approved / reviewed */
	char change_id[STORE_ID_MAX];       /* "" when none */
	qdate effective_date;
	qdate next_review_on;               /* approved / reviewed only */
	char by[STORE_ID_MAX];
};

struct list_item_rec {
	struct store_row_hdr h;
	char list_id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];          /* the list's */
	char code[LIST_CODE_MAX];
	char *text;
	int degree;                         /* enum degree */
	char basis[24];                     /* a code of the statutory catalogue */
	int state;                          /* enum list_item_state */
	char *coord_authorized_body_ref;    /* the coordination (Art. 22.3): both, or NULL */
	char *coord_nsc_ref;
	qdate added_on;
	char added_by[STORE_ID_MAX];
	int64_t list_version;               /* the list's version the item came with */
	qdate removed_on;                   /* QDATE_NONE while active */
};

/* A change of an item (Art. 22.3); h.id is the change id ("chg_..."). */
struct list_change_rec {
	struct store_row_hdr h;
	char item_id[STORE_ID_MAX];
	int kind;                           /* enum list_change_kind */
	int from_degree;                    /* enum degree; DEGREE_NONE: absent */
	int to_degree;                      /* DEGREE_NONE: absent (a removal) */
	qdate effective_date;
	char by[STORE_ID_MAX];
	char *coord_authorized_body_ref;
	char *coord_nsc_ref;
	int64_t list_version;
};

/* An object a change flagged for review (Art. 23.1), in the order found. */
struct list_affected_rec {
	struct store_row_hdr h;
	char change_id[STORE_ID_MAX];
	int kind;                           /* enum list_affected_kind */
	char object_id[STORE_ID_MAX];
};

struct list_change_view {
	struct list_change_rec c;
	char (*info_ids)[STORE_ID_MAX];
	size_t ninfo;
	char (*carrier_ids)[STORE_ID_MAX];
	size_t ncarriers;
};

struct list_item_view {
	struct list_item_rec item;
	struct list_change_view *changes;
	size_t nchanges;
};

struct list_view {
	struct list_rec list;
	struct list_history_rec *history;
	size_t nhistory;
	bool with_items;                    /* the API shows items[] (GET of one list) */
	struct list_item_view *items;
	size_t nitems;
};

void list_rec_free(struct list_rec *l);
void list_item_rec_free(struct list_item_rec *it);
void list_change_view_free(struct list_change_view *c);
void list_item_view_free(struct list_item_view *v);
void list_view_free(struct list_view *v);

#endif
