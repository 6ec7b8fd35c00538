/*
 * classify.c — the rules of classification (see classify.h). Pure: no I/O,
 * no clock, no JSON; every rule cites its article beside the refusal.
 */
#include "core/classify.h"

#include <string.h>

static bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static bool
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static int
invalid_state(struct qerr *e, const char *article, const char *what)
{
	qerr_set(e, QERR_CONFLICT, "invalid_state", article, NULL);
	qerr_detail(e, "%s", what);
	return -1;
}

/* ---- classifiers -------------------------------------------------------- */

int
classify_classifier_eligible(const char *org_kind, const char *org_state,
                             const char *person_org_id, const char *org_id, struct qerr *e)
{
	/* not_a_classifier, Art. 5.4, 15.1: officials of state bodies only. */
	if (!streq(org_kind, "state_body")) {
		qerr_rule(e, "not_a_classifier", ART_NOT_A_CLASSIFIER);
		qerr_detail(e, "classifiers are officials of a state body");
		return -1;
	}
	/* not_a_classifier, Art. 5.4, 15.1: a liquidated body classifies no more. */
	if (streq(org_state, "liquidated")) {
		qerr_rule(e, "not_a_classifier", ART_NOT_A_CLASSIFIER);
		qerr_detail(e, "the state body is liquidated");
		return -1;
	}
	/* not_a_classifier, Art. 5.4, 15.1: an official of that very body. */
	if (!streq(person_org_id, org_id)) {
		qerr_rule(e, "not_a_classifier", ART_NOT_A_CLASSIFIER);
		qerr_detail(e, "the person is not an official of this state body");
		return -1;
	}
	return 0;
}

int
classify_classifier_check(bool has_person, bool on_list, struct qerr *e)
{
	if (!has_person || !on_list)   /* not_a_classifier, Art. 5.4, 15.1 */
		return qerr_rule(e, "not_a_classifier", ART_NOT_A_CLASSIFIER);
	return 0;
}

/* ---- topics -------------------------------------------------------------- */

/* The subparagraph number of "17.1.<n>" (1..99, no leading zero), 0 when the
 * code has the prefix but no such number, -1 without the prefix. */
static int
topic_number(const char *code)
{
	const char *p;
	int n = 0;

	if (code == NULL || strncmp(code, "17.1.", 5) != 0)
		return -1;
	p = code + 5;
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9' && n < 100; p++)
		n = n * 10 + (*p - '0');
	if (*p != '\0' || n >= 100)
		return 0;
	return n;
}

bool
classify_topic_not_classifiable(const char *code)
{
	int n = topic_number(code);

	return n >= 1 && n <= CLASSIFY_TOPICS_17_1;
}

int
classify_topics_valid(const char *const *codes, size_t n, struct qerr *e)
{
	for (size_t i = 0; i < n; i++) {
		int t = topic_number(codes[i]);

		if (codes[i] == NULL || t == 0 || t > CLASSIFY_TOPICS_17_1) {
			qerr_input(e, "invalid_value", "topics");
			qerr_detail(e, "no such topic of Art. 17.1");
			return -1;
		}
	}
	return 0;
}

int
classify_topics_check(const char *const *codes, size_t n, struct qerr *e)
{
	for (size_t i = 0; i < n; i++) {
		if (classify_topic_not_classifiable(codes[i])) {
			/* not_classifiable_topic, Art. 17 (17.1 lists the topics;
			 * 17.2 makes the attempt an official's liability, so the
			 * refusal is audited by the HTTP layer). */
			qerr_set(e, QERR_RULE, "not_classifiable_topic", ART_NOT_CLASSIFIABLE_TOPIC,
			         "topics");
			qerr_detail(e, "topic %s", codes[i]);
			return -1;
		}
	}
	return 0;
}

/* ---- basis, degree, term ------------------------------------------------ */

int
classify_basis_check(const struct classify_basis *b, struct qerr *e)
{
	if (b->preliminary)
		return 0;   /* Art. 20.2: no list item identifies it yet */
	/* basis_required, Art. 20.1: a list item must be cited ... */
	if (!b->item_given)
		return qerr_set(e, QERR_RULE, "basis_required", ART_BASIS_REQUIRED, "list_item_id");
	/* ... of a list in force (approved by the head, Art. 15.2) ... */
	if (!streq(b->list_state, LIST_APPROVED)) {
		qerr_set(e, QERR_RULE, "basis_required", ART_BASIS_REQUIRED, "list_item_id");
		qerr_detail(e, "the list is not approved");
		return -1;
	}
	/* ... still on it (not removed by a change, Art. 22.3) ... */
	if (!streq(b->item_state, ITEM_ACTIVE)) {
		qerr_set(e, QERR_RULE, "basis_required", ART_BASIS_REQUIRED, "list_item_id");
		qerr_detail(e, "the list item was removed");
		return -1;
	}
	/* ... of the disposing body itself (Art. 15.1-15.2: each body classifies
	 * by its own departmental list). */
	if (!streq(b->list_org_id, b->info_org_id)) {
		qerr_set(e, QERR_RULE, "basis_required", ART_BASIS_REQUIRED, "list_item_id");
		qerr_detail(e, "the list belongs to another organization");
		return -1;
	}
	return 0;
}

int
classify_degree_check(enum degree info, enum degree basis, struct qerr *e)
{
	if (info == DEGREE_NONE || basis == DEGREE_NONE)
		return qerr_input(e, "invalid_value", "degree");
	if (info > basis)   /* degree_exceeds_basis, Art. 15.2, 18.1 */
		return qerr_set(e, QERR_RULE, "degree_exceeds_basis", ART_DEGREE_EXCEEDS_BASIS,
		                "degree");
	return 0;
}

qdate
classify_term_limit(qdate classified_on)
{
	/* Art. 20.3; a calendar limit (SPEC.md §5): no working-day shift. */
	return date_add_years(classified_on, CLASSIFY_TERM_YEARS_MAX);
}

int
classify_term_check(qdate classified_on, qdate declassify_on, struct qerr *e)
{
	qdate limit;

	if (classified_on == QDATE_NONE)
		return qerr_input(e, "invalid_date", "classified_on");
	if (declassify_on == QDATE_NONE)
		return qerr_input(e, "invalid_date", "declassify_on");
	if (declassify_on <= classified_on) {
		qerr_input(e, "invalid_value", "declassify_on");
		qerr_detail(e, "declassify_on must be after classified_on");
		return -1;
	}
	limit = classify_term_limit(classified_on);
	/* term_exceeds_limit, Art. 20.3: at most thirty years, to the day. */
	if (limit != QDATE_NONE && declassify_on > limit) {
		char buf[QDATE_STR_SIZE];

		qerr_set(e, QERR_RULE, "term_exceeds_limit", ART_TERM_EXCEEDS_LIMIT, "declassify_on");
		qerr_detail(e, "latest allowed %s", date_format(limit, buf));
		return -1;
	}
	return 0;
}

/* ---- lists -------------------------------------------------------------- */

qdate
classify_list_review_due(qdate on)
{
	/* list_review_due, Art. 22.2: "not less often than every five years" —
	 * read as a calendar limit like Art. 20.3 (no working-day shift). */
	return date_add_years(on, CLASSIFY_REVIEW_YEARS);
}

int
classify_list_approve(const char *state, qdate approved_on, qdate *next_review_on,
                      struct qerr *e)
{
	/* Art. 15.2: a list is approved once by the head; later acts on it are
	 * changes (Art. 22.3) or reviews (Art. 22.2). */
	if (!streq(state, LIST_DRAFT))
		return invalid_state(e, ART_LIST_APPROVAL, "the list is already approved");
	*next_review_on = classify_list_review_due(approved_on);
	if (*next_review_on == QDATE_NONE)
		return qerr_input(e, "invalid_value", "effective_date");
	return 0;
}

int
classify_list_review(const char *state, qdate approved_on, qdate reviewed_on,
                     qdate *next_review_on, struct qerr *e)
{
	if (!streq(state, LIST_APPROVED))
		return invalid_state(e, ART_LIST_REVIEW_DUE, "only an approved list is reviewed");
	/* SPEC.md §5 "Order of steps": a review dated before the approval is
	 * refused as if the list were not approved. */
	if (approved_on == QDATE_NONE || reviewed_on < approved_on)
		return invalid_state(e, ART_LIST_REVIEW_DUE, "review dated before the approval");
	*next_review_on = classify_list_review_due(reviewed_on);
	if (*next_review_on == QDATE_NONE)
		return qerr_input(e, "invalid_value", "effective_date");
	return 0;
}

int
classify_list_change_check(const char *list_state, const char *authorized_body_ref,
                           const char *nsc_ref, struct qerr *e)
{
	if (!streq(list_state, LIST_APPROVED))
		return 0;   /* a draft is not yet in force */
	/* list_change_needs_coordination, Art. 22.3: both the authorized body
	 * for the protection of state secrets and the National Security
	 * Committee. */
	if (!nonempty(authorized_body_ref) || !nonempty(nsc_ref))
		return qerr_set(e, QERR_RULE, "list_change_needs_coordination", ART_LIST_CHANGE,
		                "coordination");
	return 0;
}

int
classify_item_change_state(const char *item_state, struct qerr *e)
{
	if (!streq(item_state, ITEM_ACTIVE))
		return invalid_state(e, ART_LIST_CHANGE, "the list item was removed");
	return 0;
}

/* ---- preliminary classification ----------------------------------------- */

int
classify_proposal_check(const char *info_state, qdate preliminary_on, qdate prior_proposal,
                        qdate proposal_on, struct qerr *e)
{
	if (!streq(info_state, INFO_PRELIMINARY))
		return invalid_state(e, ART_PRELIMINARY, "the information is not preliminary");
	if (prior_proposal != QDATE_NONE)
		return invalid_state(e, ART_PRELIMINARY, "the proposal was already sent");
	/* SPEC.md §5 "Order of steps": no proposal before the preliminary
	 * classification it proposes. */
	if (preliminary_on != QDATE_NONE && proposal_on < preliminary_on)
		return invalid_state(e, ART_PRELIMINARY, "proposal dated before the classification");
	return 0;
}

int
classify_decision_check(const char *info_state, qdate proposal_on, qdate decided_on,
                        struct qerr *e)
{
	if (!streq(info_state, INFO_PRELIMINARY))
		return invalid_state(e, ART_PRELIMINARY, "the information is not preliminary");
	/* Art. 20.2: the approver decides on a proposal; SPEC.md §5: a decision
	 * dated before the proposal is refused as if there were none. */
	if (proposal_on == QDATE_NONE)
		return invalid_state(e, ART_PRELIMINARY, "no proposal was sent");
	if (decided_on < proposal_on)
		return invalid_state(e, ART_PRELIMINARY, "decision dated before the proposal");
	return 0;
}
