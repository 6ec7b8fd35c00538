/*
 * lists.h — departmental lists of information to be classified, their
 * items and the information items classified on them (Law "On State
 * Secrets", Art. 15-23; SPEC.md §3 "Classification") as procedures of
 * src/ops (issue 11). The classifiers are ops/classify.h; the rules
 * src/core/classify.h.
 *
 * Procedures (each one whole step: load, scope, decide, write, audit,
 * commit; a rule's refusal through ops_refuse, so that an attempt to
 * classify an Art. 17.1 topic stays on the record, Art. 17.2):
 *   ops_list_create            POST /v1/lists                  "list.create"
 *   ops_list_item_add          POST /v1/lists/{id}/items       "list_item.create"
 *   ops_list_approve           POST /v1/lists/{id}/approve     "list.approve"
 *   ops_list_review            POST /v1/lists/{id}/review      "list.review"
 *   ops_list_item_change       POST /v1/list-items/{id}/change "list_item.change"
 *   ops_info_classify          POST /v1/information            "information.create"
 *   ops_info_proposal          POST /v1/information/{id}/proposal
 *                                                     "information.proposal"
 *   ops_info_preliminary_decision
 *                      POST /v1/information/{id}/preliminary-decision
 *                                                     "information.preliminary_decision"
 * Errors in SPEC.md §5 order: 404 (the list, item, information or an id in
 * the body, e->field naming it), 403 forbidden_org, 400, 409, 422
 * (org_liquidated Art. 28, list_change_needs_coordination 22.3,
 * list_review_due 22.2, not_a_classifier 5.4/15.1, not_classifiable_topic
 * 17, basis_required 20.1, degree_exceeds_basis 15.2/18.1,
 * term_exceeds_limit 20.3, preliminary_overdue 20.2), 500.
 *
 * THE LIST-CHANGE CASCADE (Art. 22.3, 23.1). Changing or removing a list
 * item lists every classified information item on it and every carrier
 * carrying one (through the carrier_info link table's index,
 * store_carrier_flags_carrying: never a scan of every carrier); nothing is
 * relabelled or declassified silently: each is flagged for review
 * (ops_review_flag; the carriers all at once by one set-based write of
 * their carrier rows, store_carriers_review_flag, never a rewrite of each
 * whole carrier) and stays on the deadlines list until a decision.
 *
 * RECORD FORM. Lists and list items are typed rows (core/classify_rec.h,
 * store/tables_classify.h, migration 0021_typed_lists): struct list_rec
 * with its history (list_history), struct list_item_rec with its changes
 * (list_item_change) and the objects each flagged (list_item_affected).
 * The procedures on them answer views (struct list_view, struct
 * list_item_view; the caller frees them with list_view_free /
 * list_item_view_free); src/http encodes them. Information items are still
 * records (jansson documents, ops/docs.h): org_id = the disposing body,
 * parent_id = its list item ("" while preliminary), state
 * preliminary|classified|declassified; their procedures answer the
 * documents (*out, a new reference) as the API shows them.
 */
#ifndef QUPIYA_OPS_LISTS_H
#define QUPIYA_OPS_LISTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/classify_rec.h"
#include "core/degree.h"
#include "core/info_rec.h"
#include "ops/ops.h"
#include "store/store_table.h"

#define OPS_TOPICS_MAX 32              /* topics on one information item */

/* Art. 22.3: the coordination of a change of an approved list; NULL
 * references when not given. */
struct ops_coordination {
	const char *authorized_body_ref;
	const char *nsc_ref;
};

struct ops_list_args {
	const char *org_id;
	const char *title;
};

/* *out: the list (with_items, none yet). */
int ops_list_create(const struct ops_ctx *c, const struct ops_list_args *a,
                    struct list_view *out, struct qerr *e);

struct ops_list_item_args {
	const char *list_id;
	const char *code;
	const char *text;
	enum degree degree;
	const char *basis;            /* a code of the statutory catalogue */
	bool basis_known;             /* basis is an item of Art. 11-14 (the catalogue) */
	struct ops_coordination coordination;
};

int ops_list_item_add(const struct ops_ctx *c, const struct ops_list_item_args *a,
                      struct list_item_view *out, struct qerr *e);
/* draft -> approved (Art. 15.2) / a review of an approved list (Art.
 * 22.2); *out is the list with its items. */
int ops_list_approve(const struct ops_ctx *c, const char *list_id, struct list_view *out,
                     struct qerr *e);
int ops_list_review(const struct ops_ctx *c, const char *list_id, struct list_view *out,
                    struct qerr *e);

struct ops_list_item_change_args {
	const char *item_id;
	enum degree degree;           /* DEGREE_NONE: not given */
	bool removed;
	struct ops_coordination coordination;
};

/* *out: the item with its changes; the last change is this one (its
 * id, and the information items and carriers it flagged). */
int ops_list_item_change(const struct ops_ctx *c, const struct ops_list_item_change_args *a,
                         struct list_item_view *out, struct qerr *e);

struct ops_info_args {
	const char *title;
	const char *org_id;           /* the disposing body */
	const char *list_item_id;     /* NULL: none (preliminary) */
	bool preliminary;             /* Art. 20.2 */
	enum degree degree;
	const char *const *topics;    /* Art. 17 topic codes */
	size_t ntopics;               /* at most OPS_TOPICS_MAX */
	qdate classified_on;
	qdate declassify_on;
};

/* The actor classifies as the person it is (ctx actor.person_id). */
int ops_info_classify(const struct ops_ctx *c, const struct ops_info_args *a,
                      struct info_rec *out, struct qerr *e);
/* Art. 20.2: the preliminary classification is proposed to the official
 * who approved the list (a late proposal is accepted; the deadlines list
 * shows it). */
int ops_info_proposal(const struct ops_ctx *c, const char *info_id, struct info_rec *out,
                      struct qerr *e);

struct ops_info_decision_args {
	const char *info_id;
	bool add;                     /* add_to_list, else remove_label */
	const char *list_item_id;     /* the item it is added on; NULL: none */
};

int ops_info_preliminary_decision(const struct ops_ctx *c,
                                  const struct ops_info_decision_args *a,
                                  struct info_rec *out, struct qerr *e);

/* Reads (inside the caller's transaction; 0, or -1 with e: 404 naming
 * field when field is not NULL, 500):
 *   ops_list_load       the list row
 *   ops_list_item_load  the item row and its list's
 *   ops_list_get        the list with its history (and its items with
 *                       their changes when with_items), for GET
 *   ops_list_item_get   the item with its changes
 *   ops_list_page       a page of the lists (of org_id, in state; NULL:
 *                       any) with their histories, in seq order after
 *                       after_seq, at most limit (1..STORE_PAGE_MAX);
 *                       more: a next page exists, last: the cursor;
 *                       freed with ops_list_page_free
 * ops_list_exists_scoped: 0 when the list (item false) or list item (item
 * true) exists and the actor's scope covers it; else 404 or 403 (its own
 * read transaction: for the 404/403 that precede a body's 400). */
int ops_list_load(struct store_tx *tx, const char *id, struct list_rec *out, const char *field,
                  struct qerr *e);
int ops_list_item_load(struct store_tx *tx, const char *id, struct list_item_rec *item,
                       struct list_rec *list, const char *field, struct qerr *e);
int ops_list_get(struct store_tx *tx, const char *id, bool with_items, struct list_view *out,
                 struct qerr *e);
int ops_list_item_get(struct store_tx *tx, const char *id, struct list_item_view *out,
                      struct qerr *e);
struct ops_list_page {
	struct list_view *v;
	size_t n;
	bool more;
	int64_t last;
};
int ops_list_page(struct store_tx *tx, const char *org_id, const char *state,
                  int64_t after_seq, int limit, struct ops_list_page *out, struct qerr *e);
void ops_list_page_free(struct ops_list_page *p);
int ops_list_exists_scoped(const struct ops_ctx *c, bool item, const char *id, struct qerr *e);

/* Flags the carrier id (kind "carrier"; an information item is flagged as
 * a struct, ops_info_flag of ops/items.h) for review (Art. 23.1: nothing
 * changes silently): review_required, review_due_on (the earliest day
 * owed, never after its declassify_on), review_reason, and entry
 * (borrowed, copied) appended to reviews[]. 0 or -1 (404, 500). */
int ops_review_flag(struct store_tx *tx, const char *kind, const char *id,
                    const json_t *entry, qdate due_on, const char *reason, struct qerr *e);

#endif
