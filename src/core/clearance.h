/*
 * clearance.h — the rules of a person's clearance (access to state secrets,
 * Art. 29-33; SPEC.md §2 "Clearance", §3 "Clearances"), and of the trips
 * abroad of admitted and previously admitted persons (Art. 32; the 2024
 * accountability item). Pure: no I/O, no allocation, no clock.
 *
 * STATES of one clearance (one record per registration of one form):
 *
 *                  clearance_decide(grant)            clearance_terminate()
 *   registering ---(every check below passes)--> active ---(reason)---> terminated
 *        |                                         ^  |
 *        `--clearance_decide(refuse)--> refused    |  `--clearance_terminate(reregistered):
 *                                                  |     another clearance of the person
 *   re-registration to another form: a new         |     was granted (re-registration)
 *   registering clearance of the same person ------'
 *   (the old one stays active until the new one is granted)
 *
 * Any other step is 409 "invalid_state". refused and terminated are final.
 *
 * THE GRANT (Art. 29.1, 29.4, 30.1, 31.1) — clearance_grant_check() checks,
 * in this order, and refuses with the first failing code:
 *   prerequisites_missing  29.1  the five prerequisites: the written
 *                                non-disclosure commitment, the consent to
 *                                restrictions (Art. 32), the written consent
 *                                to verification, the familiarization with
 *                                the legislation, and verification "passed";
 *                                then the head's decision. A failed or evaded
 *                                verification is not "passed": refused.
 *                                Order (SPEC.md §5): a step dated before the
 *                                step it depends on is refused as if missing:
 *                                verification before the consent to it; the
 *                                decision before any prerequisite.
 *   refusal_ground         30.1  a ground recorded for the person, in force
 *                                on the decision date (noted_on <= decision,
 *                                not lifted by then). The corruption
 *                                administrative penalty counts only when
 *                                imposed within three years before the
 *                                registration (noted_on >= registered_on - 3
 *                                years, calendar), or during it, and not
 *                                under the Art. 30.1 exception (first
 *                                penalty for hiring a person without an
 *                                asset declaration).
 *   foreigner_needs_treaty 29.4  a foreign or stateless person only within
 *                                a recorded international treaty.
 *   readmission_too_early  31.1  after a termination for a violation or for
 *                                an Art. 30 ground, a new admission only
 *                                five years later (calendar: terminated_on +
 *                                5 years, never moved to a working day,
 *                                SPEC.md §5). Not after dismissal, end of
 *                                contract, transfer or re-registration.
 *
 * READINGS OF THE LAW (ours, where SPEC.md is silent):
 *   - Art. 30.1 names grounds for "an official or a citizen of the Republic
 *     of Kazakhstan"; the procedure for foreigners is the Government's
 *     (Art. 29.4). We apply the grounds to everyone: stricter, never looser.
 *   - "within three years prior to the registration": the registration of
 *     admission is a process that ends with the head's decision, so a
 *     penalty imposed while it runs counts as well; one imposed more than
 *     three years before it began does not. The boundary day (exactly three
 *     years before) counts.
 *   - Art. 31.1: the right to re-admission arises "five years after such
 *     termination": on terminated_on + 5 years, not the day before.
 *   - Art. 31.1 names no period for the head's decision once a ground
 *     arises ("shall be terminated"): the flagged clearance is due for
 *     termination on the day the ground was noted (clearance_termination_due).
 *   - Art. 5 (emergency or martial law): the "procedure of access" may be
 *     modified; the only relaxation we implement is the completion of the
 *     verification after the decision (CLEARANCE_RELAX_VERIFICATION_PENDING):
 *     the consent to verification is still required, a failed or evaded
 *     verification still refuses, and the verification is due by the end of
 *     the period. Nothing else is relaxed: the non-disclosure commitment (the
 *     basis of liability, Art. 37), the grounds of Art. 30, the treaty of
 *     Art. 29.4, the five-year wait of Art. 31.1 and the form of Art. 29.2.
 *
 * TRIPS (Art. 32, news 2024). A person admitted now, or admitted in the past
 * and still within the restriction period of the access agreement
 * (restriction_until; a past clearance without one restricts nothing once
 * terminated), leaves the country only with the head's approval given no
 * later than the departure. An unapproved departure is a violation of Art.
 * 32 (travel_not_approved); its administrative liability under CAO Art. 504
 * part 2 applies to a person admitted now only: for a person admitted in the
 * past the CAO has no sanction (the gap the 2024 news item describes), so
 * the violation is recorded without liability.
 *
 * FAIL CLOSED. 0 is *_UNKNOWN in every enum: an unknown state has no
 * transition, an unknown ground always counts, an unknown citizenship needs
 * a treaty, an unknown termination reason waits five years, a missing date
 * never satisfies a date condition.
 *
 * UNTRUSTED INPUT: none directly; the HTTP layer validates and maps.
 * OWNERSHIP: arrays are borrowed for the call; names are static strings.
 */
#ifndef QUPIYA_CORE_CLEARANCE_H
#define QUPIYA_CORE_CLEARANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"

#define CLEARANCE_PENALTY_YEARS     3   /* Art. 30.1: corruption penalty window */
#define CLEARANCE_READMISSION_YEARS 5   /* Art. 31.1: wait after termination */

/* ---- states ------------------------------------------------------------- */

enum clearance_state {
	CLEARANCE_UNKNOWN = 0,        /* fails closed: no transition from it */
	CLEARANCE_REGISTERING,
	CLEARANCE_ACTIVE,
	CLEARANCE_REFUSED,
	CLEARANCE_TERMINATED,
};

/* NULL-terminated names (index i is enum i + 1). */
extern const char *const clearance_state_names[];
enum clearance_state clearance_state_parse(const char *s);
const char *clearance_state_name(enum clearance_state s);   /* NULL for UNKNOWN */

/* Why a clearance ended. The first five are the reasons a head gives
 * (POST /v1/clearances/{id}/terminate); REREGISTERED is the system's when
 * another form is granted. */
enum clearance_end {
	CLEARANCE_END_UNKNOWN = 0,    /* counts as a violation (waits five years) */
	CLEARANCE_END_VIOLATION,      /* Art. 31.1 para 1 */
	CLEARANCE_END_GROUND,         /* Art. 31.1 para 2 (an Art. 30 ground) */
	CLEARANCE_END_DISMISSAL,      /* Art. 33.3 */
	CLEARANCE_END_TRANSFER,       /* Art. 33.3: to an unrelated position */
	CLEARANCE_END_CONTRACT_END,   /* Art. 33.3 */
	CLEARANCE_END_REREGISTERED,   /* Art. 29.3: replaced by another form */
};

/* NULL-terminated: the five reasons a head may give (enum 1..5). */
extern const char *const clearance_end_names[];
enum clearance_end clearance_end_parse(const char *s);   /* "reregistered" too */
const char *clearance_end_name(enum clearance_end r);     /* NULL for UNKNOWN */

/* Transitions: 0 and *next set, or 409 "invalid_state". */
int clearance_decide(enum clearance_state cur, bool grant, enum clearance_state *next,
                     struct qerr *e);
int clearance_terminate(enum clearance_state cur, enum clearance_state *next,
                        struct qerr *e);

/* ---- prerequisites (Art. 29.1) ------------------------------------------ */

enum clearance_verification {
	CLEARANCE_VERIFICATION_NONE = 0,   /* not recorded (or unknown): not passed */
	CLEARANCE_VERIFICATION_PASSED,
	CLEARANCE_VERIFICATION_FAILED,
	CLEARANCE_VERIFICATION_EVADED,
};

/* NULL-terminated: "passed", "failed", "evaded" (enum 1..3). */
extern const char *const clearance_verification_names[];
enum clearance_verification clearance_verification_parse(const char *s);

struct clearance_prereqs {
	qdate commitment_on;              /* written non-disclosure commitment */
	qdate consent_restrictions_on;    /* consent to the Art. 32 restrictions */
	qdate consent_verification_on;    /* written consent to verification */
	qdate familiarized_on;            /* familiarization with the legislation */
	enum clearance_verification verification;
	qdate verified_on;                /* when the result was recorded */
};

/* Relaxations of Art. 5 in force for a decision (bit set). */
enum clearance_relax {
	CLEARANCE_RELAX_VERIFICATION_PENDING = 1u << 0,
};
#define CLEARANCE_RELAX_ALL 0x1u
/* NULL-terminated names, bit i is names[i]. */
extern const char *const clearance_relax_names[];

/* clearance_inactive, Art. 5, 29.1: a clearance granted under the Art. 5
 * relaxation with its verification still pending counts as active through
 * the last day of the modified procedure's period (period_end) and no
 * longer from the day after: true when it has lapsed on day `on`. An
 * unknown period end has lapsed (fail closed); an unknown day has not
 * been decided here (false: the caller's other checks apply). */
bool clearance_pending_lapsed(qdate period_end, qdate on);

/* Recording a verification result: the consent to verification must be
 * recorded and not later than the result (prerequisites_missing, field
 * consent_verification_on, Art. 29.1). */
int clearance_verification_check(const struct clearance_prereqs *p, struct qerr *e);

/* prerequisites_missing (Art. 29.1) for a decision dated decided_on; field
 * names the first missing step. relax may waive a verification that is not
 * recorded yet (never a failed or evaded one); *relaxed_used (may be NULL)
 * gets the relaxations actually used. */
int clearance_prerequisites_check(const struct clearance_prereqs *p, qdate decided_on,
                                  unsigned relax, unsigned *relaxed_used, struct qerr *e);

/* ---- grounds for refusal (Art. 30.1) ------------------------------------ */

enum clearance_ground {
	CLEARANCE_GROUND_UNKNOWN = 0,     /* always counts (fail closed) */
	CLEARANCE_GROUND_INCAPACITY,
	CLEARANCE_GROUND_INTENTIONAL_CRIME_CONVICTION,
	CLEARANCE_GROUND_MEDICAL_CONTRAINDICATION,
	CLEARANCE_GROUND_RESIDENCE_ABROAD,
	CLEARANCE_GROUND_VERIFICATION_THREAT,
	CLEARANCE_GROUND_RESTRICTIONS_BREACHED,
	CLEARANCE_GROUND_CORRUPTION_ADMIN_PENALTY,
	CLEARANCE_GROUND_CORRUPTION_OFFENSE,
	CLEARANCE_GROUND_GRAVE_CRIME_RECORD,
	CLEARANCE_GROUND_CRIMINAL_GROUP,
	CLEARANCE_GROUND_VERIFICATION_EVASION,
	CLEARANCE_GROUND_FALSE_INFORMATION,
};

/* NULL-terminated names of API.md (enum 1..12). */
extern const char *const clearance_ground_names[];
enum clearance_ground clearance_ground_parse(const char *s);

struct clearance_ground_rec {
	enum clearance_ground ground;
	qdate noted_on;               /* QDATE_NONE: counts (fail closed) */
	qdate lifted_on;              /* QDATE_NONE: in force */
	bool exception;               /* corruption penalty: the Art. 30.1 exception */
};

/* Does this ground refuse a decision dated decided_on on a registration
 * begun on registered_on? */
bool clearance_ground_counts(const struct clearance_ground_rec *g, qdate registered_on,
                             qdate decided_on);

/* refusal_ground (Art. 30.1): 0, or 422 naming the ground in the detail;
 * *which (may be NULL) gets the index of the first counting ground. */
int clearance_grounds_check(const struct clearance_ground_rec *g, size_t n,
                            qdate registered_on, qdate decided_on, size_t *which,
                            struct qerr *e);

/* The day an active clearance whose person acquired a ground (noted_on) is
 * due for termination (Art. 31.1): the same day. QDATE_NONE stays NONE. */
qdate clearance_termination_due(qdate noted_on);

/* ---- foreigners (Art. 29.4) --------------------------------------------- */

enum clearance_citizenship {
	CLEARANCE_CITIZENSHIP_UNKNOWN = 0,   /* needs a treaty (fail closed) */
	CLEARANCE_CITIZENSHIP_KZ,
	CLEARANCE_CITIZENSHIP_FOREIGN,
	CLEARANCE_CITIZENSHIP_STATELESS,
};

enum clearance_citizenship clearance_citizenship_parse(const char *s);

/* foreigner_needs_treaty (Art. 29.4): a non-KZ person needs a non-empty
 * treaty reference. treaty_ref may be NULL. */
int clearance_treaty_check(enum clearance_citizenship c, const char *treaty_ref,
                           struct qerr *e);

/* ---- re-admission (Art. 31.1) ------------------------------------------- */

/* One earlier clearance of the person. */
struct clearance_past {
	enum clearance_state state;
	enum clearance_end reason;       /* when terminated */
	qdate terminated_on;
};

/* The first day a person whose clearance ended (reason, on) may be admitted
 * again: on for reasons that do not wait, on + 5 years otherwise;
 * QDATE_NONE when on is unknown and the reason waits (never). */
qdate clearance_readmission_from(enum clearance_end reason, qdate on);

/* readmission_too_early (Art. 31.1): 0, or 422 with the date in the detail. */
int clearance_readmission_check(const struct clearance_past *past, size_t n,
                                qdate decided_on, struct qerr *e);

/* ---- the grant as a whole ----------------------------------------------- */

struct clearance_grant {
	struct clearance_prereqs prereqs;
	qdate registered_on;
	qdate decided_on;                 /* the head's decision */
	enum clearance_citizenship citizenship;
	const char *treaty_ref;           /* may be NULL */
	const struct clearance_ground_rec *grounds;
	size_t ngrounds;
	const struct clearance_past *past;   /* the person's other clearances */
	size_t npast;
	unsigned relax;                   /* Art. 5 relaxations in force */
};

/* The four checks of the header in order: 0, or 422 with the first code.
 * *relaxed_used (may be NULL) as for clearance_prerequisites_check. */
int clearance_grant_check(const struct clearance_grant *g, unsigned *relaxed_used,
                          struct qerr *e);

/* ---- trips abroad (Art. 32; news 2024) ----------------------------------- */

/* The person's clearances as they bear on a trip. */
struct clearance_trip_status {
	enum clearance_state state;
	qdate granted_on;                 /* decision date; QDATE_NONE if never active */
	qdate terminated_on;
	qdate restriction_until;          /* access agreement; QDATE_NONE: none */
};

enum clearance_admitted {
	CLEARANCE_NOT_RESTRICTED = 0,     /* neither admitted nor within a restriction */
	CLEARANCE_ADMITTED_NOW,           /* liability CAO Art. 504 part 2 */
	CLEARANCE_ADMITTED_BEFORE,        /* within restriction_until: no CAO sanction */
};

/* Which restriction of Art. 32 binds the person on day `on`. */
enum clearance_admitted clearance_trip_restriction(const struct clearance_trip_status *c,
                                                   size_t n, qdate on);

/* travel_not_approved (Art. 32): a departure on departed_on with approval
 * dated approved_on (QDATE_NONE: none). 0 when no violation; otherwise 422
 * and *admitted says which (the caller records the violation: it is a fact,
 * not a refusal of the departure). */
int clearance_trip_check(const struct clearance_trip_status *c, size_t n,
                         qdate departed_on, qdate approved_on,
                         enum clearance_admitted *admitted, struct qerr *e);

/* "CAO 504.2" for a person admitted now; NULL otherwise (the 2024 gap). */
const char *clearance_trip_liability(enum clearance_admitted a);

#endif
