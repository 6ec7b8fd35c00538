/*
 * joint_work.h — transfer of state secrets to an executor for joint and
 * other work (Art. 26 of the Law; the Rules approved by Government Decree
 * No. 743 of 31 May 2001 as amended 22 April 2021, "R743 p.N"). Pure: no
 * I/O, no allocation, no clock; the HTTP layer (src/http/h_joint_works.c)
 * loads the records, asks here, and writes what is decided.
 *
 * PARTIES (R743 p.2). The customer (a state body or organization) orders the
 * work; the executor is a non-state organization or a citizen of the
 * Republic of Kazakhstan; the disposing body (Art. 15) is the state body
 * whose information it is and who permits the transfer (R743 p.3.1, p.4).
 *
 * STATE MACHINE (one record "joint_work"; state names as stored):
 *
 *   (POST /v1/joint-works: jw_request_check, jw_response_due)
 *       |
 *       v
 *   requested --jw_permission(granted)--> permitted   (R743 p.5)
 *   requested --jw_permission(refused)--> refused     (final; reasons kept)
 *   permitted --jw_agreement()----------> agreed      (R743 p.6, p.7)
 *   agreed    --jw_nsc_notice()---------> notified    (R743 p.3.3)
 *   notified  --jw_transfer()-----------> active      (annex carriers only,
 *   active    --jw_transfer()-----------> active       R743 p.6, p.11)
 *   active    --jw_violation()----------> suspended   (R743 p.9, first)
 *   suspended --jw_violation()----------> suspended   (repeated: the
 *                                                      cancellation raised)
 *   suspended --jw_resume()-------------> active
 *   suspended --jw_cancel()-------------> cancelled   (only once raised;
 *                                                      carriers return)
 *   requested|permitted|agreed|notified|active|suspended
 *             --jw_close()--------------> closed      (carriers return to
 *                                                      the customer, p.10)
 *   permitted..suspended --jw_addendum()-> (same)     (customer's assignee,
 *                                                      R743 p.10 first part)
 *
 * Each transition function checks the current state and the dates of the
 * steps it depends on; it sets *next only when it returns 0. The access
 * decision (core/access.h) reads the stored state of the joint work under
 * which a carrier is held: "active" passes, "suspended", "cancelled" and
 * "closed" refuse (joint_work_suspended), anything else fails closed.
 *
 * ORDER AND CODES. A step out of order is 409 "invalid_state", except where
 * the Rules name the missing step, which is refused (422) with its code:
 *   permission_required  R743 p.7   agreement, notice or transfer before a
 *                                   written permission (or after a refusal)
 *   not_in_annex         26.1, R743 p.6   a transfer with no signed
 *                                   agreement (so no annex), or of a
 *                                   carrier outside the annex (http)
 *   nsc_notice_missing   R743 p.3.3  a transfer before the notice to the
 *                                   national security authority
 *   joint_work_suspended 26.3, R743 p.9  a transfer while suspended
 * A step dated before the step it depends on is refused as if that step
 * were missing (SPEC.md §5 "Order of steps"): an agreement signed before
 * the permission is permission_required; a transfer dated before the notice
 * is nsc_notice_missing; a notice sent before the agreement was signed is
 * 409 (the agreement has no code of its own).
 *
 * READINGS (ours, documented; where SPEC is unclear the Law decides):
 *   - R743 p.5 "within ten working days from the date of their receipt":
 *     response_due_on = the 10th working day after the request's date
 *     (received_on, else its effective_date), counted on the Kazakhstan
 *     calendar (core/calendar.h). A late answer is accepted and recorded
 *     late: permission_overdue names the deadline, it refuses nothing.
 *   - R743 p.9 "repeated violations": the second and every later violation
 *     of the same joint work raises the cancellation of the order and the
 *     withdrawal of the executor's permit (cancellation_raised); the state
 *     stays suspended, because cancelling the permit is the national
 *     security authority's act (Art. 34), and the customer's cancellation
 *     of the order is its own step (jw_cancel).
 *   - R743 p.8 protection service: see jw_protection_check.
 *
 * UNTRUSTED INPUT: none directly; the HTTP layer validates and maps.
 */
#ifndef QUPIYA_CORE_JOINT_WORK_H
#define QUPIYA_CORE_JOINT_WORK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/qerr.h"

#define JW_RESPONSE_WORKING_DAYS 10   /* R743 p.5 */
#define JW_REPEATED_VIOLATIONS   2    /* R743 p.9: from this count on */

enum jw_state {
	JW_UNKNOWN = 0,      /* fails closed: no transition from it */
	JW_REQUESTED,
	JW_PERMITTED,
	JW_REFUSED,
	JW_AGREED,
	JW_NOTIFIED,
	JW_ACTIVE,
	JW_SUSPENDED,
	JW_CLOSED,
	JW_CANCELLED,
};

enum jw_state jw_state_parse(const char *s);      /* UNKNOWN when unknown */
const char *jw_state_name(enum jw_state s);       /* NULL for UNKNOWN */
/* The carriers of the annex are at the executor (active, suspended). */
bool jw_holds_carriers(enum jw_state s);

/* The dates of the steps done so far; QDATE_NONE for a step not done. */
struct jw_dates {
	qdate requested_on;   /* received_on, else the request's effective_date */
	qdate permitted_on;   /* the written permission's date */
	qdate agreed_on;      /* the agreement's signed_on */
	qdate notified_on;    /* the notice's sent_on */
};

/* ---- the request (R743 p.4) ---------------------------------------------- */

/* What the request names. Each false/0 item is missing. */
struct jw_request {
	bool citizen;             /* the executor is a citizen (fields named executor_person_id,
	                           * executor_clearance_ref) */
	bool executor;            /* executor_org_id or executor_person_id */
	bool executor_ident;      /* its BIN, or the citizen's IIN, is recorded */
	bool disposing;           /* disposing_org_id: to whom it is sent */
	bool justification;       /* p.4.3 */
	bool term_from, term_to;  /* p.4.4 */
	size_t ncarriers;         /* p.4.2 */
	size_t first_without_copies;  /* 1-based index of a carrier without copy
	                               * numbers, 0 when every one has some */
	bool permit_or_clearance; /* p.4.5: executor_permit_ref | executor_clearance_ref */
};

/* permission_request_incomplete (R743 p.4): 0, or 422 with the first
 * missing field named in e->field ("executor_org_id" or "executor_person_id",
 * "disposing_org_id", "carriers", "carriers[N].copy_numbers", "justification",
 * "term_from", "term_to", "executor_permit_ref" or "executor_clearance_ref"). */
int jw_request_check(const struct jw_request *rq, struct qerr *e);

/* R743 p.5: the 10th working day after `received_on`; QDATE_NONE when it
 * cannot be computed. cal may be NULL (weekends only). */
qdate jw_response_due(const struct calendar *cal, qdate received_on);

/* permission_overdue (R743 p.5): the answer came after the due date. */
bool jw_permission_late(qdate due, qdate answered_on);

/* permission_required (Art. 26.1, R743 p.3), the competence half: the
 * body named as disposer (disposing_org_id of the request) is the body
 * that disposes now of the information on every carrier named
 * (named_is_disposer: the HTTP layer compares it with the disposing bodies
 * recorded on the carriers, followed to a successor under Art. 28), and
 * the head who answers acts for that body (at the permission step).
 * 0, or 422 with field "disposing_org_id". Checked before anything about
 * the carriers' or the request's state (SPEC.md §5). Our reading: a
 * carrier carrying information of several bodies needs each body's
 * permission, which one request (one disposing body) cannot carry, so it
 * is refused too. */
int jw_disposer_check(bool named_is_disposer, struct qerr *e);

/* ---- transitions ------------------------------------------------------ */

int jw_permission(enum jw_state cur, const struct jw_dates *d, qdate date, bool granted,
                  enum jw_state *next, struct qerr *e);
int jw_agreement(enum jw_state cur, const struct jw_dates *d, qdate signed_on,
                 enum jw_state *next, struct qerr *e);
int jw_nsc_notice(enum jw_state cur, const struct jw_dates *d, qdate sent_on,
                  enum jw_state *next, struct qerr *e);
int jw_transfer(enum jw_state cur, const struct jw_dates *d, qdate date,
                enum jw_state *next, struct qerr *e);
/* violations_before: the violations recorded before this one. */
int jw_violation(enum jw_state cur, int violations_before, enum jw_state *next,
                 bool *cancellation_raised, struct qerr *e);
int jw_resume(enum jw_state cur, enum jw_state *next, struct qerr *e);
int jw_close(enum jw_state cur, enum jw_state *next, struct qerr *e);
int jw_cancel(enum jw_state cur, bool cancellation_raised, enum jw_state *next,
              struct qerr *e);
int jw_addendum(enum jw_state cur, struct qerr *e);

/* permission_required (R743 p.4.4, p.7): an agreement or a transfer dated
 * `date` lies within the permitted term, i.e. not after term_to (the term
 * the request named and the permission granted). QDATE_NONE for term_to
 * bounds nothing (the request without one was refused as incomplete). */
int jw_term_check(qdate term_to, qdate date, struct qerr *e);

/* not_in_annex (Art. 26.1, R743 p.6): the agreement lists the carriers in
 * its annex (nannex of them), or, for the maintenance of an information
 * system, a certificate describes the information (has_certificate); an
 * agreement with neither lists nothing. */
int jw_annex_check(bool maintenance, size_t nannex, bool has_certificate, struct qerr *e);

/* ---- the protection service (Art. 26.2, R743 p.8) ------------------------ */

enum jw_protection {
	JW_PROT_UNKNOWN = 0,
	JW_PROT_EXECUTOR_OWN,     /* p.8.1 "executor_own" */
	JW_PROT_CUSTOMER,         /* p.8.2 "customer" */
	JW_PROT_QUASI_PUBLIC,     /* p.8.3 "quasi_public_affiliate" */
	JW_PROT_STATE_PROVIDER,   /* p.8.4 "state_provider" */
};

extern const char *const jw_protection_names[];   /* NULL-terminated, enum order */
enum jw_protection jw_protection_parse(const char *s);

/* The facts the arrangement is judged on, as the HTTP layer found them. */
struct jw_protection_facts {
	bool executor_is_org;         /* a citizen executor has no subdivision */
	bool executor_foreign;        /* the executor has foreign participation */
	bool provider;                /* provider_org_id names an organization */
	bool provider_affiliated;     /* in a parent chain with the executor */
	double provider_state_share;  /* % */
	bool provider_foreign;
	bool same_city;               /* provider and executor, both known */
	bool executor_permit_marked;  /* an active permit of the executor marks the provider */
	bool provider_permit_marked;  /* an active permit of the provider marks the executor */
};

/* protection_service_invalid (Art. 26.2, R743 p.8): 0 or 422 with a detail.
 *   executor_own            the executor is an organization without foreign
 *                           participation (p.8.1)
 *   customer                always (the customer's subdivision at the
 *                           place of the work, p.8.2)
 *   quasi_public_affiliate  a provider with a state share, in a parent chain
 *                           with the executor (our reading of "affiliated",
 *                           p.8.3)
 *   state_provider          a provider in the executor's city, without
 *                           foreign participation, 100 % state, and the
 *                           agreement marked in both permits (p.8.4,
 *                           Art. 26.2) */
int jw_protection_check(enum jw_protection kind, const struct jw_protection_facts *f,
                        struct qerr *e);

/* protection_arrangement_required (R743 p.8): an executor with foreign
 * participation receives carriers only when its protection is arranged
 * through another organization's protection subdivision: `arranged` is the
 * recorded arrangement (UNKNOWN when none); its own subdivision never
 * qualifies. Other executors pass (their own subdivision, p.8.1). */
int jw_protection_arranged(bool executor_foreign, enum jw_protection arranged,
                           struct qerr *e);

#endif
