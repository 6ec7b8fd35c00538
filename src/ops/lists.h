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
 * carrying one (through the carrier_information link table,
 * store_carriers_carrying: never a scan of every carrier); nothing is
 * relabelled or declassified silently: each is flagged for review
 * (ops_review_flag) and stays on the deadlines list until a decision.
 *
 * RECORD FORM. Lists, list items and information items are still records
 * (jansson documents, ops/docs.h):
 *   list        org_id, state draft|approved, doc: version, approved_on,
 *               next_review_on, reviewed_on, history[]
 *   list_item   org_id = the list's, parent_id = list id, ref =
 *               "<list>/<code>" (codes unique in a list), state
 *               active|removed, doc: changes[]
 *   information org_id = the disposing body, parent_id = its list item (""
 *               while preliminary), state preliminary|classified|declassified
 * The procedures answer the documents (*out, a new reference) as the API
 * shows them.
 */
#ifndef QUPIYA_OPS_LISTS_H
#define QUPIYA_OPS_LISTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/degree.h"
#include "ops/ops.h"

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

int ops_list_create(const struct ops_ctx *c, const struct ops_list_args *a, json_t **out,
                    struct qerr *e);

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
                      json_t **out, struct qerr *e);
/* draft -> approved (Art. 15.2) / a review of an approved list (Art.
 * 22.2); *out is the list with its items. */
int ops_list_approve(const struct ops_ctx *c, const char *list_id, json_t **out,
                     struct qerr *e);
int ops_list_review(const struct ops_ctx *c, const char *list_id, json_t **out,
                    struct qerr *e);

struct ops_list_item_change_args {
	const char *item_id;
	enum degree degree;           /* DEGREE_NONE: not given */
	bool removed;
	struct ops_coordination coordination;
};

/* *out: {affected: {information, carriers}, change_id, change, item}. */
int ops_list_item_change(const struct ops_ctx *c, const struct ops_list_item_change_args *a,
                         json_t **out, struct qerr *e);

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
int ops_info_classify(const struct ops_ctx *c, const struct ops_info_args *a, json_t **out,
                      struct qerr *e);
/* Art. 20.2: the preliminary classification is proposed to the official
 * who approved the list (a late proposal is accepted; the deadlines list
 * shows it). */
int ops_info_proposal(const struct ops_ctx *c, const char *info_id, json_t **out,
                      struct qerr *e);

struct ops_info_decision_args {
	const char *info_id;
	bool add;                     /* add_to_list, else remove_label */
	const char *list_item_id;     /* the item it is added on; NULL: none */
};

int ops_info_preliminary_decision(const struct ops_ctx *c,
                                  const struct ops_info_decision_args *a, json_t **out,
                                  struct qerr *e);

/* Reads (inside the caller's transaction): the list as GET answers it (a
 * new copy with its state and items), or NULL with e set. */
json_t *ops_list_view(struct store_tx *tx, const struct store_rec *list, struct qerr *e);

/* Flags the record (kind "information" or "carrier") id for review
 * (Art. 23.1: nothing changes silently): review_required, review_due_on
 * (the earliest day owed, never after its declassify_on), review_reason,
 * and entry (borrowed, copied) appended to reviews[]. 0 or -1 (404, 500). */
int ops_review_flag(struct store_tx *tx, const char *kind, const char *id,
                    const json_t *entry, qdate due_on, const char *reason, struct qerr *e);

#endif
