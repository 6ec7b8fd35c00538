/*
 * declassify.c — the rules of declassification (see declassify.h).
 */
#include "core/declassify.h"

#include <string.h>

#include "core/classify.h"

const char *const declassify_ground_names[] = {
	"treaty", "circumstances_changed", "list_changed", "term_expired",
	"criminal_proceedings", "court_decision", "unreasonable", NULL,
};

enum declassify_ground
declassify_ground_parse(const char *s)
{
	if (s == NULL)
		return GROUND_NONE;
	for (size_t i = 0; declassify_ground_names[i] != NULL; i++)
		if (strcmp(s, declassify_ground_names[i]) == 0)
			return (enum declassify_ground)(i + 1);
	return GROUND_NONE;
}

static bool
empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* declassify_ground_required, Art. 22.1 (15.4) */
int
declassify_ground_check(const char *ground, const char *court_ref, qdate declassify_on,
                        qdate on, struct qerr *e)
{
	enum declassify_ground g;

	if (empty(ground))
		return qerr_set(e, QERR_RULE, "declassify_ground_required", ART_DECLASSIFY_GROUND,
		                "ground");
	g = declassify_ground_parse(ground);
	if (g == GROUND_NONE)
		return qerr_input(e, "invalid_value", "ground");
	/* Art. 15.4: the court's decision is the ground; it is named. */
	if (g == GROUND_COURT_DECISION && empty(court_ref)) {
		qerr_set(e, QERR_RULE, "declassify_ground_required", ART_COURT_DECISION,
		         "court_ref");
		qerr_detail(e, "a court decision is named by court_ref");
		return -1;
	}
	/* Art. 22.1, 4th ground: the period must actually have expired. */
	if (g == GROUND_TERM_EXPIRED && (declassify_on == QDATE_NONE || on < declassify_on)) {
		qerr_set(e, QERR_RULE, "declassify_ground_required", ART_DECLASSIFY_GROUND,
		         "ground");
		qerr_detail(e, "the term of classification has not expired");
		return -1;
	}
	return 0;
}

/* not_competent_to_declassify, Art. 23.2 */
int
declassify_competence_check(const struct declassify_competence *c, struct qerr *e)
{
	bool ok = false;

	switch (c->actor) {
	case ACTOR_HEAD:
		/* Art. 23.1 para 2: the term is extended by the heads "with the
		 * authority for qualifying the relevant information" (and
		 * Art. 20.3 for information): the disposing body's own head. */
		if (c->extension) {
			ok = c->actor_is_disposer;
			break;
		}
		/* Art. 23.2 para 1; Art. 22.3 (the manager who approved the list
		 * answers for declassification): the disposing body's own head on
		 * any ground; a superior head for what subordinates classified
		 * unreasonably. */
		ok = c->actor_is_disposer ||
		     (c->actor_is_superior && c->ground == GROUND_UNREASONABLE);
		break;
	case ACTOR_ARCHIVIST:
		/* Art. 23.2 para 2: only with the delegated authority, which is
		 * to declassify (never to extend). */
		ok = c->delegated_to_actor && !c->extension;
		break;
	case ACTOR_AUTHORIZED_BODY:
		/* Art. 23.2 para 2, last sentence. */
		ok = c->disposer_liquidated_without_successor;
		break;
	case ACTOR_NONE:
		ok = false;
		break;
	}
	return ok ? 0 : qerr_rule(e, "not_competent_to_declassify", ART_NOT_COMPETENT);
}

int
declassify_information_state(const char *state, struct qerr *e)
{
	if (state != NULL && strcmp(state, INFO_CLASSIFIED) == 0)
		return 0;
	qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
	qerr_detail(e, "the information is %s", state ? state : "unknown");
	return -1;
}

/* extension_needs_conclusion, Art. 20.3 */
int
declassify_extend_information_check(qdate classified_on, qdate cur, qdate next,
                                    const char *conclusion_ref, struct qerr *e)
{
	qdate limit = classify_term_limit(classified_on);

	if (next == QDATE_NONE || (cur != QDATE_NONE && next <= cur)) {
		qerr_input(e, "invalid_value", "declassify_on");
		qerr_detail(e, "an extension moves declassify_on later");
		return -1;
	}
	if ((limit == QDATE_NONE || next > limit) && empty(conclusion_ref)) {
		qerr_set(e, QERR_RULE, "extension_needs_conclusion", ART_EXTENSION_INFORMATION,
		         "conclusion_ref");
		return -1;
	}
	return 0;
}

/* extension_needs_conclusion, Art. 23.1 para 2 */
int
declassify_extend_carrier_check(qdate cur, qdate next, const char *expert_conclusion_ref,
                                struct qerr *e)
{
	if (next == QDATE_NONE || (cur != QDATE_NONE && next <= cur)) {
		qerr_input(e, "invalid_value", "declassify_on");
		qerr_detail(e, "an extension moves declassify_on later");
		return -1;
	}
	if (empty(expert_conclusion_ref))
		return qerr_set(e, QERR_RULE, "extension_needs_conclusion", ART_EXTENSION_CARRIER,
		                "expert_conclusion_ref");
	return 0;
}

const char *
declassify_offer_name(enum declassify_offer o)
{
	switch (o) {
	case OFFER_KEEP: return "keep";
	case OFFER_RELABEL: return "relabel";
	case OFFER_DECLASSIFY: return "declassify";
	case OFFER_RAISE: return "raise";
	}
	return "keep";
}

enum declassify_offer
declassify_carrier_offer(enum degree label, enum degree required, enum degree *proposed)
{
	*proposed = required;
	if (required == DEGREE_NONE)
		return OFFER_DECLASSIFY;
	if (required < label)
		return OFFER_RELABEL;
	if (required > label)
		return OFFER_RAISE;
	return OFFER_KEEP;
}

qdate
declassify_request_due(const struct calendar *cal, qdate received_on)
{
	return calendar_period_end(cal, received_on, DECLASSIFY_REQUEST_MONTHS);
}

static int
request_open(const char *state, struct qerr *e)
{
	if (state != NULL && strcmp(state, REQUEST_OPEN) == 0)
		return 0;
	qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
	qerr_detail(e, "the request is %s", state ? state : "unknown");
	return -1;
}

/* request_overdue, Art. 24.2: "a reasoned response" */
int
declassify_request_answer_check(const char *state, qdate received_on, qdate answered_on,
                                const char *reasons, struct qerr *e)
{
	if (request_open(state, e) != 0)
		return -1;
	if (answered_on < received_on) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, "effective_date");
		qerr_detail(e, "the answer is dated before the request was received");
		return -1;
	}
	if (empty(reasons))
		return qerr_set(e, QERR_RULE, "request_overdue", ART_REQUEST, "reasons");
	return 0;
}

/* request_overdue, Art. 24.2: forwarded "of which ... shall be notified" */
int
declassify_request_forward_check(const char *state, qdate received_on, qdate notice_sent_on,
                                 struct qerr *e)
{
	if (request_open(state, e) != 0)
		return -1;
	if (notice_sent_on == QDATE_NONE)
		return qerr_set(e, QERR_RULE, "request_overdue", ART_REQUEST, "notice_sent_on");
	if (notice_sent_on < received_on) {
		qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, "notice_sent_on");
		qerr_detail(e, "the notice is dated before the request was received");
		return -1;
	}
	return 0;
}

int
declassify_forward_competent(const char *to_kind, const char *to_state, struct qerr *e)
{
	if (to_kind != NULL && strcmp(to_kind, "state_body") == 0 &&
	    (to_state == NULL || strcmp(to_state, "liquidated") != 0))
		return 0;
	/* forward_not_competent, Art. 24.2 */
	qerr_set(e, QERR_RULE, "forward_not_competent", ART_REQUEST, "to_org_id");
	qerr_detail(e, "a request is forwarded only to a competent state body");
	return -1;
}
