/*
 * access.h — the access decision (SPEC.md §3 "Access to carriers"; Art. 25,
 * 28, 29, 31, 33, 34; R743 p.9): may this person read this carrier's
 * content, or be issued it, today?
 *
 * MODEL. The caller loads plain data and hands it over in one struct
 * access_request: the person (key, organization key), the person's
 * clearances (oldest first, most recent last), the permits of the person's
 * organization, the person's need-to-know grants, the carrier (key, label,
 * state, the keys of the information items it carries), the carrier's
 * copies with their holders (custody per copy: holding organization or
 * citizen, and the state of the joint work a copy is away under), the
 * joint-work context of the person's copies, and "today". access_decide() evaluates EVERY check
 * of the table, in the table's order (SPEC.md §5 "Precedence of errors"),
 * and reports each as {code, article, passed}; allowed is the conjunction,
 * first_failed the code of the first check that failed.
 *
 *   #  code                   article            passes when
 *   0  clearance_insufficient 29.2               current clearance's form >= label
 *   1  clearance_inactive     29.1, 31           current clearance is active
 *   2  no_need_to_know        33.2               a current grant covers the carrier
 *                                                or one of its information items
 *   3  org_permit_missing     34                 the organization holds an active
 *                                                permit, issued_on <= today <=
 *                                                valid_until, degree >= label
 *   4  carrier_unavailable    28                 carrier not destroyed, lost,
 *                                                transferred, archived
 *   5  joint_work_suspended   26.3, R743 p.9     no joint work, or it is active
 *   6  not_the_holder         25.1, 26.1, 33.2,  the person's organization (or the
 *                             R743 p.10          person, a citizen executor) holds
 *                                                a copy: at home, or transferred to
 *                                                it under a joint work that is
 *                                                active or suspended (suspended is
 *                                                check 5's refusal); a copy under a
 *                                                closed, cancelled or unknown joint
 *                                                work is held by nobody
 *
 * "Current clearance": the last active one of the person's clearances if
 * any, else the last one (the most recent); with none, checks 0 and 1 fail.
 *
 * KEYS. Ids are compared as 64-bit keys, never as strings. A key names one
 * record within its kind (person, organization, carrier, information item);
 * access_key_from_id() derives it from a store id "<prefix>_<16 hex>", whose
 * 16 hex digits are unique within a kind because the id is. Key 0
 * (ACCESS_KEY_NONE) is "no record" and never matches anything.
 *
 * FAIL CLOSED. Every enum has 0 = *_UNKNOWN, which passes nothing, so a
 * zeroed or half-filled request is refused. A record that does not belong to
 * the request's person (clearance, grant) or organization (permit) is
 * ignored, as if absent. A date equal to QDATE_NONE never satisfies a date
 * condition (today == QDATE_NONE refuses checks 2 and 3). A degree outside
 * confidential..special_importance covers nothing and is covered by nothing.
 * NULL arrays are empty whatever their count says; a request without
 * copies fails not_the_holder (nobody holds anything).
 *
 * WHAT IT NEVER DOES. No I/O, no allocation, no clock (today comes from the
 * caller), no locks, no global state: it is safe to call from any number of
 * threads. It does not look anything up: the caller selects the records;
 * it does not say anything about the carrier's content.
 *
 * UNTRUSTED INPUT: none directly — the request is built by the server from
 * stored records. Counts are trusted to match the arrays.
 *
 * COST. O(clearances + permits + copies + grants * information items) with unsorted
 * grants; with grants_sorted (ordered by access_grant_cmp) the need-to-know
 * check is O((1 + information items) * log grants). No allocation ever.
 *
 * OWNERSHIP. Every pointer in the request is borrowed for the duration of
 * the call. The decision holds pointers to static strings only.
 */
#ifndef QUPIYA_CORE_ACCESS_H
#define QUPIYA_CORE_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/degree.h"

typedef uint64_t access_key;
#define ACCESS_KEY_NONE ((access_key)0)   /* no record; matches nothing */

/* The checks, in the order of the table (SPEC.md §3, §5). */
enum access_check_id {
	ACCESS_CLEARANCE_INSUFFICIENT = 0, /* Art. 29.2 */
	ACCESS_CLEARANCE_INACTIVE,         /* Art. 29.1, 31 */
	ACCESS_NO_NEED_TO_KNOW,            /* Art. 33.2 */
	ACCESS_ORG_PERMIT_MISSING,         /* Art. 34 */
	ACCESS_CARRIER_UNAVAILABLE,        /* Art. 28 */
	ACCESS_JOINT_WORK_SUSPENDED,       /* Art. 26.3, R743 p.9 */
	ACCESS_NOT_THE_HOLDER,             /* Art. 25.1, 26.1, 33.2, R743 p.10 */
	ACCESS_CHECK_COUNT                 /* number of checks: 7 */
};

enum access_clearance_state {
	ACCESS_CLEARANCE_UNKNOWN = 0,      /* fails closed */
	ACCESS_CLEARANCE_REGISTERING,
	ACCESS_CLEARANCE_ACTIVE,
	ACCESS_CLEARANCE_REFUSED,
	ACCESS_CLEARANCE_TERMINATED,
};

/* Stored permit states; "expired" is not stored, it is valid_until < today. */
enum access_permit_state {
	ACCESS_PERMIT_UNKNOWN = 0,         /* fails closed */
	ACCESS_PERMIT_ACTIVE,
	ACCESS_PERMIT_SUSPENDED,
	ACCESS_PERMIT_CANCELLED,
};

enum access_carrier_state {
	ACCESS_CARRIER_UNKNOWN = 0,        /* fails closed */
	ACCESS_CARRIER_REGISTERED,
	ACCESS_CARRIER_ISSUED,
	ACCESS_CARRIER_TRANSFERRED,        /* handed outside the system */
	ACCESS_CARRIER_ARCHIVED,
	ACCESS_CARRIER_DESTROYED,
	ACCESS_CARRIER_LOST,
	ACCESS_CARRIER_DECLASSIFIED,
};

/* The joint work under which the carrier is held. NONE: the carrier is not
 * an executor's carrier. Any joint-work state not listed (e.g. a workflow
 * that has not reached transfer) parses as UNKNOWN and fails closed. */
enum access_joint_state {
	ACCESS_JOINT_UNKNOWN = 0,          /* fails closed */
	ACCESS_JOINT_NONE,                 /* no joint work: passes */
	ACCESS_JOINT_ACTIVE,               /* passes */
	ACCESS_JOINT_SUSPENDED,
	ACCESS_JOINT_CANCELLED,
	ACCESS_JOINT_CLOSED,
};

enum access_target_kind {
	ACCESS_TARGET_UNKNOWN = 0,         /* matches nothing */
	ACCESS_TARGET_CARRIER,
	ACCESS_TARGET_INFORMATION,
};

struct access_person {
	access_key key;
	access_key org;                    /* the person's organization */
};

struct access_clearance {
	access_key person;                 /* must equal the request's person.key */
	enum degree form;
	enum access_clearance_state state;
};

struct access_permit {
	access_key org;                    /* must equal the request's person.org */
	enum degree degree;
	enum access_permit_state state;
	qdate issued_on;
	qdate valid_until;                 /* inclusive */
};

/* Need-to-know grant (Art. 33.2): current iff from <= today <= until. */
struct access_grant {
	access_key person;                 /* must equal the request's person.key */
	enum access_target_kind kind;
	access_key target;                 /* carrier or information item key */
	qdate from;                        /* inclusive */
	qdate until;                       /* inclusive */
};

struct access_carrier {
	access_key key;
	enum degree label;
	enum access_carrier_state state;
	const access_key *info;            /* borrowed; its information items */
	size_t ninfo;
};

/* One numbered copy and who holds it (SPEC.md §2 "Carrier"): an
 * organization (holder_org) or a citizen executor (holder_person, R743
 * p.11); joint: ACCESS_JOINT_NONE when the copy is not away under a joint
 * work, else the state of the joint work it was transferred under. */
struct access_copy {
	access_key holder_org;             /* NONE when a citizen holds it */
	access_key holder_person;          /* NONE when an organization holds it */
	enum access_joint_state joint;
};

struct access_request {
	struct access_person person;
	const struct access_clearance *clearances;   /* borrowed; most recent last */
	size_t nclearances;
	const struct access_permit *permits;         /* borrowed */
	size_t npermits;
	const struct access_grant *grants;           /* borrowed */
	size_t ngrants;
	bool grants_sorted;            /* grants ordered by access_grant_cmp */
	struct access_carrier carrier;
	const struct access_copy *copies;            /* borrowed; the carrier's copies */
	size_t ncopies;
	enum access_joint_state joint;     /* of the copies the person's organization holds */
	qdate today;
};

struct access_check {
	const char *code;                  /* static: "no_need_to_know" */
	const char *article;               /* static: "33.2" */
	bool passed;
};

struct access_decision {
	struct access_check checks[ACCESS_CHECK_COUNT];   /* table order */
	bool allowed;                      /* every check passed */
	const char *first_failed;          /* static code, or NULL when allowed */
	const char *first_failed_article;  /* static article, or NULL when allowed */
};

/* Decides; fills every field of *out and returns out->allowed. rq == NULL
 * refuses every check. out must not be NULL. */
bool access_decide(const struct access_request *rq, struct access_decision *out);
/* The verdict alone: the checks in the table's order, stopping at the
 * first that fails (its id in *failed, may be NULL; ACCESS_CHECK_COUNT
 * when allowed). The same verdict and first failure as access_decide()
 * (the same check functions; test_access compares them on every random
 * request), without evaluating what comes after a failure: for callers
 * that answer only allowed or the first refusal. */
bool access_allowed(const struct access_request *rq, enum access_check_id *failed);
/* access_allowed() into *out: allowed, first_failed and its article as
 * access_decide() gives them; checks[] names every check, passed for
 * those before the first failure, false from it on (not evaluated). */
void access_verdict(const struct access_request *rq, struct access_decision *out);

/* The order grants_sorted requires: by kind, then target; ties in any order.
 * Usable with qsort (arguments are const struct access_grant *). */
int access_grant_cmp(const void *a, const void *b);

/* The static code and article of check `id`; NULL when out of range. */
const char *access_check_code(enum access_check_id id);
const char *access_check_article(enum access_check_id id);

/* Key of a store id "<prefix>_<16 lowercase or uppercase hex digits>":
 * 0 and *out set, or -1 (not that shape, or all digits zero). */
int access_key_from_id(const char *id, access_key *out);

/* Stored state names -> enums; *_UNKNOWN for NULL or an unknown name. */
enum access_clearance_state access_clearance_state_parse(const char *s);
/* The state a clearance had on day `on` (SPEC.md §3: clearances are checked
 * as they stood on the act's effective_date), from its stored state and
 * dates: an active or terminated clearance granted after `on` was still
 * registering; a terminated one whose termination is dated after `on` was
 * active. Unknown dates keep the stored state (an unknown termination date
 * keeps it terminated: fail closed). */
enum access_clearance_state access_clearance_state_on(enum access_clearance_state stored,
                                                      qdate granted_on, qdate terminated_on,
                                                      qdate on);
enum access_permit_state access_permit_state_parse(const char *s);
enum access_carrier_state access_carrier_state_parse(const char *s);
/* A stored joint-work state; never NONE (the caller sets ACCESS_JOINT_NONE
 * itself when the carrier is not held under joint work). */
enum access_joint_state access_joint_state_parse(const char *s);

#endif
