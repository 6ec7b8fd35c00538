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

/*
 * The Law's own exceptions to Art. 17.1 (our reading, written down):
 *
 *   17.1.8, 17.1.9 "... with the exception of information disclosing the
 *   security of the Republic of Kazakhstan". What discloses the security of
 *   the Republic is said by the catalogue itself: a classification "says so"
 *   when its list item's statutory basis (Art. 15.2: every list item rests on
 *   an item of Articles 11-14) is
 *     - any item of Art. 11 (the military field: the defence of the
 *       Republic, 11.5 naming its financial means),
 *     - any item of Art. 14 (intelligence, counter-intelligence, the
 *       protection of the state; 14.1-1, 14.7, 14.8 name its financing),
 *     - or one of the items of Art. 12 on what the budget spends on
 *       security and defence: 12.6 (the state defence order), 12.12
 *       (expenditures of the republican budget disclosing the maintenance of
 *       security), 12.13 and 12.14 (costs of weapons and military
 *       equipment, sensitive facilities), 12.16 (funds for troops).
 *   Art. 13 (foreign policy and foreign economy) and the rest of Art. 12 do
 *   not: budget information on them stays open. A preliminary
 *   classification cites no list item, so it has no basis that says so.
 *
 *   17.1.11 "... with the exception of the information provided for in
 *   Article 14": the basis must be an item of Art. 14.
 */
static const char *const security_items_12[] = {"12.6", "12.12", "12.13", "12.14", "12.16",
                                                NULL};

/* The article of a catalogue code "NN.<item>": 11..14, or 0. */
static int
basis_article(const char *basis)
{
	if (basis == NULL || basis[0] != '1' || basis[1] < '1' || basis[1] > '4' ||
	    basis[2] != '.' || basis[3] == '\0')
		return 0;
	return 10 + (basis[1] - '0');
}

bool
classify_basis_discloses_security(const char *basis)
{
	int art = basis_article(basis);

	if (art == 11 || art == 14)
		return true;
	for (size_t i = 0; art == 12 && security_items_12[i] != NULL; i++)
		if (strcmp(basis, security_items_12[i]) == 0)
			return true;
	return false;
}

int
classify_topics_check(const char *const *codes, size_t n, const char *basis, struct qerr *e)
{
	for (size_t i = 0; i < n; i++) {
		int t = topic_number(codes[i]);

		if (!classify_topic_not_classifiable(codes[i]))
			continue;
		/* Art. 17.1.8, 17.1.9: the budget, save what discloses security. */
		if ((t == 8 || t == 9) && classify_basis_discloses_security(basis))
			continue;
		/* Art. 17.1.11: mass repression, save what Art. 14 provides for. */
		if (t == 11 && basis_article(basis) == 14)
			continue;
		/* not_classifiable_topic, Art. 17 (17.1 lists the topics; 17.2
		 * makes the attempt an official's liability, so the refusal is
		 * audited by the HTTP layer). */
		qerr_set(e, QERR_RULE, "not_classifiable_topic", ART_NOT_CLASSIFIABLE_TOPIC, "topics");
		if (t == 8 || t == 9)
			qerr_detail_key(e, "topic_security",
			                "topic {topic}: only information disclosing the security of "
			                "the Republic, on a basis that says so", "topic", codes[i], NULL);
		else if (t == 11)
			qerr_detail_key(e, "topic_art14", "topic {topic}: only information of Art. 14",
			                "topic", codes[i], NULL);
		else
			qerr_detail_key(e, "topic", "topic {topic}", "topic", codes[i], NULL);
		return -1;
	}
	return 0;
}

/* ---- basis, degree, term ------------------------------------------------ */

static int
basis_refuse(struct qerr *e, const char *why)
{
	qerr_set(e, QERR_RULE, "basis_required", ART_BASIS_REQUIRED, "list_item_id");
	qerr_detail(e, "%s", why);
	return -1;
}

int
classify_basis_check(const struct classify_basis *b, struct qerr *e)
{
	if (b->preliminary)
		return 0;   /* Art. 20.2: no list item identifies it yet */
	/* basis_required, Art. 20.1: a list item must be cited ... */
	if (!b->item_given)
		return qerr_set(e, QERR_RULE, "basis_required", ART_BASIS_REQUIRED, "list_item_id");
	/* ... of a list in force (approved by the head, Art. 15.2) ... */
	if (!streq(b->list_state, LIST_APPROVED))
		return basis_refuse(e, "the list is not approved");
	if (b->on == QDATE_NONE) {
		/* ... still on it (not removed by a change, Art. 22.3) ... */
		if (!streq(b->item_state, ITEM_ACTIVE))
			return basis_refuse(e, "the list item was removed");
	} else {
		/* ... in force on classified_on: the list was approved and the item
		 * on it that day, and not yet removed (a removal takes effect on
		 * its own date, Art. 22.3) ... */
		if (b->list_approved_on == QDATE_NONE || b->on < b->list_approved_on)
			return basis_refuse(e, "classified before the list was approved");
		if (b->item_added_on != QDATE_NONE && b->on < b->item_added_on)
			return basis_refuse(e, "classified before the item was added to the list");
		if (!streq(b->item_state, ITEM_ACTIVE) && b->item_removed_on == QDATE_NONE)
			return basis_refuse(e, "the list item was removed");
		if (b->item_removed_on != QDATE_NONE && b->on >= b->item_removed_on)
			return basis_refuse(e, "the list item was removed");
	}
	/* ... of the disposing body itself (Art. 15.1-15.2: each body classifies
	 * by its own departmental list). */
	if (!streq(b->list_org_id, b->info_org_id))
		return basis_refuse(e, "the list belongs to another organization");
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
		qerr_detail_key(e, "latest_allowed", "latest allowed {date}", "date",
		                date_format(limit, buf), NULL);
		return -1;
	}
	return 0;
}

/* ---- lists -------------------------------------------------------------- */

qdate
classify_list_review_due(const struct calendar *cal, qdate on)
{
	/* list_review_due, Art. 22.2: "not less often than every five years";
	 * a period in years that ends on a non-working day ends on the next
	 * working day (SPEC.md §5; only the 30-year cap and the 5-year
	 * re-admission wait are calendar limits that do not move). */
	if (on == QDATE_NONE)
		return QDATE_NONE;
	return calendar_period_end(cal, on, 12 * CLASSIFY_REVIEW_YEARS);
}

int
classify_list_approve(const struct calendar *cal, const char *state, qdate approved_on,
                      qdate *next_review_on, struct qerr *e)
{
	/* Art. 15.2: a list is approved once by the head; later acts on it are
	 * changes (Art. 22.3) or reviews (Art. 22.2). */
	if (!streq(state, LIST_DRAFT))
		return invalid_state(e, ART_LIST_APPROVAL, "the list is already approved");
	*next_review_on = classify_list_review_due(cal, approved_on);
	if (*next_review_on == QDATE_NONE)
		return qerr_input(e, "invalid_value", "effective_date");
	return 0;
}

int
classify_list_review(const struct calendar *cal, const char *state, qdate approved_on,
                     qdate reviewed_on, qdate *next_review_on, struct qerr *e)
{
	if (!streq(state, LIST_APPROVED))
		return invalid_state(e, ART_LIST_REVIEW_DUE, "only an approved list is reviewed");
	/* SPEC.md §5 "Order of steps": a review dated before the approval is
	 * refused as if the list were not approved. */
	if (approved_on == QDATE_NONE || reviewed_on < approved_on)
		return invalid_state(e, ART_LIST_REVIEW_DUE, "review dated before the approval");
	*next_review_on = classify_list_review_due(cal, reviewed_on);
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
