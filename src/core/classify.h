/*
 * classify.h — the rules of classification (Law "On State Secrets", Art. 5,
 * 15-22; SPEC.md §3 "Classification"): who classifies, what may never be
 * classified, on which basis, at which degree, for how long; the state
 * machines of departmental lists and of preliminary classification.
 *
 * Pure: no I/O, no clock, no JSON. The HTTP layer (src/http/h_classify.c)
 * loads the records, hands their facts to these functions and writes what
 * they decide. Each function returns 0 (allowed) or -1 with struct qerr
 * filled: 422 with the rule code and article, 409 "invalid_state" for a
 * workflow step out of order, 400 for a malformed value.
 *
 * Departmental list (Art. 15.2, 22.2, 22.3):
 *
 *   (none) --POST /v1/lists--> draft
 *   draft --classify_list_approve()--> approved      approved_on := date,
 *                                                    next_review_on := date + 5 y
 *                                                    (on a working day, SPEC §5)
 *   approved --classify_list_review()--> approved    next_review_on := date + 5 y
 *   approved --classify_list_change_check()--> approved, version + 1
 *             (item added, degree changed or item removed; needs coordination
 *              with the authorized body and the national security authority)
 *
 * Preliminary classification (Art. 20.2):
 *
 *   (none) --POST /v1/information {preliminary:true}--> preliminary
 *   preliminary --classify_proposal_check()--> preliminary + proposal_on
 *   preliminary + proposal --classify_decision_check()-->
 *        classified   (add_to_list: basis and degree checked as at creation)
 *        declassified (remove_label: the preliminary label is removed)
 *
 * Invariants: a "classified" information item always has a basis (a list
 * item of an approved list of its disposing body, in force on its
 * classified_on) whose degree is not lower than its own; its declassify_on is at most 30 years after classified_on
 * unless extended by the authorized body's conclusion (Art. 20.3, elsewhere).
 *
 * Untrusted inputs: every string here comes from a request or a stored
 * record; they are compared, never copied past their qerr bounds.
 */
#ifndef QUPIYA_CORE_CLASSIFY_H
#define QUPIYA_CORE_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/degree.h"
#include "core/qerr.h"

#define CLASSIFY_TERM_YEARS_MAX      30   /* Art. 20.3: term of classification */
#define CLASSIFY_REVIEW_YEARS        5    /* Art. 22.2: lists reviewed at least this often */
#define CLASSIFY_PROPOSAL_MONTHS     1    /* Art. 20.2: preliminary -> proposal */
#define CLASSIFY_DECISION_MONTHS     3    /* Art. 20.2: proposal -> decision */
#define CLASSIFY_TOPICS_17_1         11   /* Art. 17.1 has eleven subparagraphs */

/* Articles as the rules cite them (SPEC.md §3). */
#define ART_NOT_A_CLASSIFIER         "5.4, 15.1"
#define ART_NOT_CLASSIFIABLE_TOPIC   "17"
#define ART_BASIS_REQUIRED           "20.1"
#define ART_DEGREE_EXCEEDS_BASIS     "15.2, 18.1"
#define ART_TERM_EXCEEDS_LIMIT       "20, 20.3"
#define ART_PRELIMINARY              "20.2"
#define ART_LIST_APPROVAL            "15.2"
#define ART_LIST_REVIEW_DUE          "22.2"
#define ART_LIST_CHANGE              "22.3"

/* Record states. */
#define LIST_DRAFT          "draft"
#define LIST_APPROVED       "approved"
#define ITEM_ACTIVE         "active"
#define ITEM_REMOVED        "removed"
#define INFO_PRELIMINARY    "preliminary"
#define INFO_CLASSIFIED     "classified"
#define INFO_DECLASSIFIED   "declassified"

/* ---- classifiers (Art. 5.4, 15.1) ------------------------------------- */

/* not_a_classifier, Art. 5.4, 15.1: may this person be put on the list of
 * officials empowered to classify for the organization?
 *   org_kind        the organization's kind ("state_body", "organization", ...)
 *   org_state       "active", "reorganizing", "liquidated"
 *   person_org_id   the organization the person works for
 *   org_id          the organization of the list
 * Reading: Art. 5.4 and 15.1 give the power to classify to "officials of the
 * state bodies" on the list the President approves; so only a state body has
 * classifiers, only its own officials are on its list, and a liquidated body
 * has none. (Organizations apply lists and classify preliminarily through
 * their state body's classifiers; Art. 15.2 para 3 lets their heads approve
 * programme lists, which is a list approval, not a classifier.) */
int classify_classifier_eligible(const char *org_kind, const char *org_state,
                                 const char *person_org_id, const char *org_id,
                                 struct qerr *e);

/* not_a_classifier, Art. 5.4, 15.1: the acting user's person is on the list
 * of classifiers of the information's disposing body. A user without a
 * person is never on it. */
int classify_classifier_check(bool has_person, bool on_list, struct qerr *e);

/* ---- topics (Art. 17) -------------------------------------------------- */

/* True iff code is one of "17.1.1" ... "17.1.11" exactly. */
bool classify_topic_not_classifiable(const char *code);

/* 400 invalid_value on "topics" for a code that looks like "17.1.<n>" with
 * no such subparagraph (a typo must not slip past Art. 17). Other codes
 * (catalogue items, departmental codes) are free-form tags. */
int classify_topics_valid(const char *const *codes, size_t n, struct qerr *e);

/* True iff the statutory basis (a catalogue code such as "11.4", "12.12",
 * "14.1-1") lies in the area of the security and defence of the Republic,
 * the exception of Art. 17.1.8 and 17.1.9 (see classify.c for the reading). */
bool classify_basis_discloses_security(const char *basis);

/* not_classifiable_topic, Art. 17: none of the n topic codes is a topic of
 * Art. 17.1, save the Law's own exceptions, which depend on the statutory
 * basis (the catalogue item, e.g. "14.3") of the list item the
 * classification cites; basis is NULL when none is cited (preliminary):
 *   17.1.8, 17.1.9  budget formation, expenditure and its control: pass
 *                   only when basis discloses the security of the Republic
 *                   (classify_basis_discloses_security());
 *   17.1.11         mass repression: passes only with a basis in Art. 14.
 * Every other topic of 17.1 is refused whatever the basis. */
int classify_topics_check(const char *const *codes, size_t n, const char *basis,
                          struct qerr *e);

/* ---- basis, degree, term (Art. 15.2, 18.1, 20.1, 20.3) ---------------- */

/* The facts about a classification's basis. */
struct classify_basis {
	bool preliminary;          /* preliminary:true was asked (Art. 20.2) */
	bool item_given;           /* a list item was named and found */
	const char *item_state;    /* ITEM_ACTIVE or ITEM_REMOVED */
	const char *list_state;    /* LIST_DRAFT or LIST_APPROVED */
	const char *list_org_id;   /* the organization whose list it is */
	const char *info_org_id;   /* the disposing body of the information */
	qdate on;                  /* classified_on: the day the basis must be in
	                            * force; QDATE_NONE: state checks only */
	qdate list_approved_on;    /* the list's approval (QDATE_NONE: draft) */
	qdate item_added_on;       /* an item added to the list after its approval
	                            * (Art. 22.3): in force from that day;
	                            * QDATE_NONE for an item of the list as approved */
	qdate item_removed_on;     /* the removal's date; QDATE_NONE while active */
};

/* basis_required, Art. 20.1: a classification cites an item of an approved
 * list of the disposing body itself, in force on b->on — not before the
 * list's approval (nor before the item's addition to an approved list), and
 * not on or after the item's removal — or is preliminary (Art. 20.2). With
 * preliminary set the item facts are not looked at. A removed item without
 * a known removal date is no basis (fail closed). */
int classify_basis_check(const struct classify_basis *b, struct qerr *e);

/* degree_exceeds_basis, Art. 15.2, 18.1: the information's degree is not
 * higher than its list item's degree. DEGREE_NONE on either side is a 400
 * invalid_value on "degree". */
int classify_degree_check(enum degree info, enum degree basis, struct qerr *e);

/* The last allowed declassify_on: classified_on + 30 years by the calendar
 * (29 February + 30 years = 28 February; a calendar limit, it does not move
 * to a working day — SPEC.md §5). QDATE_NONE when past the supported range
 * (then nothing in range exceeds it). */
qdate classify_term_limit(qdate classified_on);

/* term_exceeds_limit, Art. 20.3: classified_on < declassify_on <=
 * classify_term_limit(classified_on). declassify_on not after classified_on
 * is a 400 invalid_value on "declassify_on". */
int classify_term_check(qdate classified_on, qdate declassify_on, struct qerr *e);

/* ---- departmental lists (Art. 15.2, 22.2, 22.3) ----------------------- */

/* list_review_due, Art. 22.2: the day by which a list approved or reviewed
 * on `on` must be reviewed again: on + 5 years (29 February + 5 years = 28
 * February), moved to the next working day of cal when it is not one
 * (SPEC.md §5 "Counting"; issue 10 item 8). cal may be NULL (weekends
 * only). QDATE_NONE when out of range. */
qdate classify_list_review_due(const struct calendar *cal, qdate on);

/* draft -> approved by the head (Art. 15.2). 409 invalid_state unless the
 * list is a draft. Sets *next_review_on (classify_list_review_due()). */
int classify_list_approve(const struct calendar *cal, const char *state, qdate approved_on,
                          qdate *next_review_on, struct qerr *e);

/* A periodic review (Art. 22.2) of an approved list on reviewed_on, not
 * before its approval: 409 invalid_state otherwise. Sets *next_review_on. */
int classify_list_review(const struct calendar *cal, const char *state, qdate approved_on,
                         qdate reviewed_on, qdate *next_review_on, struct qerr *e);

/* list_change_needs_coordination, Art. 22.3: a change of an approved list
 * (an item added, its degree changed, or removed) records the coordination
 * with the authorized body and the national security authority: both
 * references non-empty. A draft is not yet a list in force: no
 * coordination needed. */
int classify_list_change_check(const char *list_state, const char *authorized_body_ref,
                               const char *nsc_ref, struct qerr *e);

/* A list item can be changed only while active: 409 invalid_state for a
 * removed item. */
int classify_item_change_state(const char *item_state, struct qerr *e);

/* ---- preliminary classification (Art. 20.2) --------------------------- */

/* The proposal to the list approver: the information is preliminary, has no
 * proposal yet, and the proposal is not dated before the preliminary
 * classification (SPEC.md §5 "Order of steps"). 409 invalid_state
 * otherwise. prior_proposal is QDATE_NONE when none was made. */
int classify_proposal_check(const char *info_state, qdate preliminary_on,
                            qdate prior_proposal, qdate proposal_on, struct qerr *e);

/* The approver's decision: the information is preliminary and a proposal
 * was made on or before decided_on; a decision dated before the proposal
 * is refused as if no proposal existed. 409 invalid_state otherwise. */
int classify_decision_check(const char *info_state, qdate proposal_on, qdate decided_on,
                            struct qerr *e);

#endif
