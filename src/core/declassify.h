/*
 * declassify.h — the rules of declassification (Law "On State Secrets",
 * Art. 15.4, 20.3, 22-24; SPEC.md §3 "Declassification"): on which ground,
 * by whom, how a term is extended, what becomes of the carriers of
 * declassified information, and the declassification requests of Art. 24.
 *
 * Pure: no I/O, no clock, no JSON. The HTTP layer (src/http/h_declassify.c,
 * h_requests.c) gathers the facts from the store, hands them here and writes
 * what is decided. Each check returns 0 (allowed) or -1 with struct qerr
 * filled: 422 with the rule code and article, 409 "invalid_state" for a step
 * out of order, 400 for a malformed value.
 *
 * Readings of the Law (ours, documented next to each rule below):
 *   - A ground must be true of the item: "term_expired" (Art. 22.1, 4th
 *     ground) only once declassify_on has come; "court_decision" (Art. 15.4)
 *     names the decision (court_ref).
 *   - Competence (Art. 23.1, 23.2): the head of the disposing body (or,
 *     once it is liquidated, of its legal successor under Art. 28, and
 *     nobody else) on any ground; holding a carrier is no competence; the head of a superior organization
 *     (the disposing body's parent chain reaches it) only on the ground
 *     "unreasonable" ("unreasonably classified by their subordinate
 *     officials"); a state archive's head (role archivist) with a recorded
 *     delegation from the fund-forming organization or its successor; the
 *     authorized body when the fund-forming organization is liquidated and
 *     has no successor.
 *
 * A declassification request (Art. 24):
 *
 *   (none) --POST /v1/declassification-requests--> open   due_on := received_on
 *                                                           + 1 month (Civil Code)
 *   open --declassify_request_answer_check()--> answered   (declassified|refused,
 *                                                           with reasons)
 *   open --declassify_request_forward_check()--> forwarded (to the competent
 *                                                           body, requester notified)
 * Any other step is 409 invalid_state. A late answer or forward is accepted
 * and recorded as late (SPEC.md §5: *_overdue codes name deadline kinds).
 *
 * Untrusted inputs: strings come from requests or stored records; they are
 * compared, never copied.
 */
#ifndef QUPIYA_CORE_DECLASSIFY_H
#define QUPIYA_CORE_DECLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/degree.h"
#include "core/qerr.h"

#define DECLASSIFY_REQUEST_MONTHS   1     /* Art. 24.2: answer within one month */
#define DECLASSIFY_ANCESTORS_MAX    32    /* parent chain looked at (cycles cut) */
#define DECLASSIFY_SUCCESSORS_MAX   8     /* successor hops followed */

/* Articles as the rules cite them (SPEC.md §3). */
#define ART_DECLASSIFY_GROUND       "22.1"
#define ART_COURT_DECISION          "15.4"
#define ART_NOT_COMPETENT           "23.2"
#define ART_EXTENSION_INFORMATION   "20.3"
#define ART_EXTENSION_CARRIER       "23.1"
#define ART_DECLASSIFICATION_DUE    "23.1"
#define ART_REQUEST                 "24.2"

/* Request states. */
#define REQUEST_OPEN        "open"
#define REQUEST_ANSWERED    "answered"
#define REQUEST_FORWARDED   "forwarded"

/* ---- grounds (Art. 22.1, 15.4, 23.2) ------------------------------------ */

enum declassify_ground {
	GROUND_NONE = 0,
	GROUND_TREATY,                /* international obligations on open exchange */
	GROUND_CIRCUMSTANCES_CHANGED, /* further protection inappropriate */
	GROUND_LIST_CHANGED,          /* the list (Art. 11-14 / departmental) changed */
	GROUND_TERM_EXPIRED,          /* the term of classification expired */
	GROUND_CRIMINAL_PROCEEDINGS,  /* results used in criminal proceedings */
	GROUND_COURT_DECISION,        /* Art. 15.4: classification held unreasonable */
	GROUND_UNREASONABLE,          /* Art. 23.2: unreasonably classified by subordinates */
};

/* NULL-terminated names in enum order (index i is enum i + 1), for jsonv. */
extern const char *const declassify_ground_names[];
enum declassify_ground declassify_ground_parse(const char *s);   /* NONE when unknown */

/* declassify_ground_required, Art. 22.1 (Art. 15.4 for court_decision):
 *   ground          the ground named, or NULL when absent
 *   court_ref       the court decision's reference, or NULL
 *   declassify_on   the object's current term (QDATE_NONE when none)
 *   on              the date of the declassification
 * Refused: no ground; court_decision without court_ref; term_expired before
 * declassify_on has come (the ground is not true yet). An unknown ground
 * name is a 400 invalid_value on "ground" (jsonv catches it first). */
int declassify_ground_check(const char *ground, const char *court_ref, qdate declassify_on,
                            qdate on, struct qerr *e);

/* ---- competence (Art. 23.2) --------------------------------------------- */

/* Who acts: one of the acting roles and the organization the user acts for. */
enum declassify_actor {
	ACTOR_NONE = 0,
	ACTOR_HEAD,
	ACTOR_ARCHIVIST,
	ACTOR_AUTHORIZED_BODY,
};

/* The facts about the object's disposing (fund-forming) organization, as
 * the HTTP layer found them. */
struct declassify_competence {
	enum declassify_actor actor;
	enum declassify_ground ground;
	/* The actor's organization is the disposing body, or its legal
	 * successor (followed through liquidations). */
	bool actor_is_disposer;
	/* The actor's organization is on the disposing body's parent chain
	 * (a superior organization), the disposing body itself excluded. */
	bool actor_is_superior;
	/* A delegation to the actor's organization (a state archive) is
	 * recorded by the fund-forming organization or its successor. */
	bool delegated_to_actor;
	/* The disposing body is liquidated and no successor is recorded. */
	bool disposer_liquidated_without_successor;
	/* The act is an extension of the term (Art. 20.3, 23.1 para 2), not a
	 * declassification: only the disposing body's head (or, for a
	 * liquidated body without successor, the authorized body) extends. */
	bool extension;
};

/* not_competent_to_declassify, Art. 23.1, 23.2: 0 when the actor may
 * declassify (or, with c->extension, extend). The HTTP layer checks it
 * before anything about the object's state (SPEC.md §5). */
int declassify_competence_check(const struct declassify_competence *c, struct qerr *e);

/* ---- state ------------------------------------------------------------------ */

/* Only a classified information item is declassified (a preliminary one is
 * decided under Art. 20.2; a declassified one is done): 409 otherwise. */
int declassify_information_state(const char *state, struct qerr *e);

/* ---- extensions (Art. 20.3, 23.1) ------------------------------------------ */

/* extension_needs_conclusion, Art. 20.3: the information's term moves from
 * cur to next (next after cur, else 400 invalid_value on declassify_on);
 * past classified_on + 30 years only with the authorized body's conclusion
 * (conclusion_ref non-NULL, non-empty). */
int declassify_extend_information_check(qdate classified_on, qdate cur, qdate next,
                                        const char *conclusion_ref, struct qerr *e);

/* extension_needs_conclusion, Art. 23.1 para 2: a carrier's term moves from
 * cur to next (after cur, else 400) only by the head on the conclusion of
 * an expert committee (expert_conclusion_ref). cur may be QDATE_NONE. */
int declassify_extend_carrier_check(qdate cur, qdate next, const char *expert_conclusion_ref,
                                    struct qerr *e);

/* ---- carriers of declassified or re-degreed information (Art. 18, 23.1) ---- */

enum declassify_offer {
	OFFER_KEEP = 0,               /* the label still matches what it carries */
	OFFER_RELABEL,                /* still classified, at a lower label */
	OFFER_DECLASSIFY,             /* nothing classified remains */
	OFFER_RAISE,                  /* a degree was raised: the label is too low */
};

const char *declassify_offer_name(enum declassify_offer o);

/* What a carrier labelled `label` should become when the highest degree of
 * the information and sources it still carries is `required` (DEGREE_NONE
 * when nothing classified remains; see carrier_label_required()).
 * *proposed is the label to put (DEGREE_NONE for OFFER_DECLASSIFY). A
 * carrier still carrying other classified information keeps the highest
 * remaining label. */
enum declassify_offer declassify_carrier_offer(enum degree label, enum degree required,
                                               enum degree *proposed);

/* ---- declassification requests (Art. 24) ------------------------------------ */

/* due_on of a request received on received_on: one calendar month (same day
 * number, or the last day of a shorter month), moved to the next working
 * day when it falls on a day off (SPEC.md §5). QDATE_NONE out of range. */
qdate declassify_request_due(const struct calendar *cal, qdate received_on);

/* request_overdue, Art. 24.2 — the answer: the request is open (409), the
 * answer is not dated before receipt (409: SPEC.md §5 "Order of steps"),
 * and it gives reasons ("a reasoned response"): reasons NULL or empty is
 * the rule's 422. */
int declassify_request_answer_check(const char *state, qdate received_on, qdate answered_on,
                                    const char *reasons, struct qerr *e);

/* request_overdue, Art. 24.2 — forwarding to the competent body: the
 * request is open (409), the requester was notified (notice_sent_on not
 * QDATE_NONE: the rule's 422 otherwise), not before receipt (409). */
int declassify_request_forward_check(const char *state, qdate received_on,
                                     qdate notice_sent_on, struct qerr *e);

/* forward_not_competent, Art. 24.2 — the receiver of a forwarded request:
 * to_kind and to_state are the receiving organization's kind and stored
 * state. Reading: "forwarded to the competent state body" — the receiver is
 * a state body (the authorized body is one too), never a commercial
 * organization or a foreign party, and one that still exists (a liquidated
 * body is competent for nothing). The request names its subject in words
 * only, so competence for the information itself is the forwarding body's
 * judgement, recorded by the act. */
int declassify_forward_competent(const char *to_kind, const char *to_state, struct qerr *e);

#endif
