/*
 * access.h — the access decision (SPEC.md §3 "Access to carriers", §5
 * "Precedence of errors"; Art. 25, 28, 29, 31, 33, 34; R743 p.9): the one
 * place that gathers, from the store, what core/access.h decides on.
 *
 *   ops_access_check    GET /v1/access/check: a read step (404 person, 403
 *                       another organization's person, 404 carrier or one
 *                       the actor does not see, then the decision)
 *   ops_access_decide   the decision inside the caller's transaction, for
 *                       the steps that issue a copy (ops/carriers.h) or
 *                       read content (ops/content.h)
 *   ops_access_verdict  the same, the checks up to the first failure only
 *   ops_access_refusal  the 422 of the first failing check
 *
 * What is loaded (all inside one transaction, one snapshot):
 *   person       typed person (ops/persons.h)         (404 field person_id)
 *   carrier      record "carrier" carrier_id          (404 field carrier_id)
 *   clearances   ops_clearances_of_person (ops/clearances.h): form, state
 *                as it stood on the act's date, Art. 5 lapse
 *   permits      typed permits of the person's organization (ops/orgs.h),
 *                their state as of the date
 *   grants       typed grants of the person (ops/grants.h); a revoked one
 *                covers only the days before its revocation
 *   copies       the carrier's copies: each one's holder organization or
 *                citizen (core/custody_rec.h) and the state of the joint work it
 *                is away under (not_the_holder)
 *   joint work   the state of the joint work of the copies the person's
 *                organization holds (of all copies when it holds none)
 *   on           the act's effective_date, else today
 *
 * It never reads content and says nothing about whether content exists
 * (SPEC.md §5). ops_access_decide does not check the actor's scope: the
 * step that calls it does that first.
 *
 * Ownership: the decision holds pointers to static strings only.
 */
#ifndef QUPIYA_OPS_ACCESS_H
#define QUPIYA_OPS_ACCESS_H

#include "core/access.h"
#include "ops/ops.h"

/* Gathers the inputs as they stood on `on` and decides: 0 with *out filled
 * (allowed or not), or -1 (404 unknown person or carrier, 500). */
int ops_access_decide(struct store_tx *tx, const char *person_id, const char *carrier_id,
                      qdate on, struct access_decision *out, struct qerr *e);
/* The same decision as the verdict alone (core access_verdict: the checks
 * in order up to the first failure; *out's allowed, first_failed and
 * article as ops_access_decide gives them): for the steps that answer only
 * "allowed" or the first refusal (issue of a copy, content read). */
int ops_access_verdict(struct store_tx *tx, const char *person_id, const char *carrier_id,
                       qdate on, struct access_decision *out, struct qerr *e);

/* A growable array of fixed-size items (size set by the caller; free
 * items when done): ops_vec_push appends a zeroed item and returns it, or
 * NULL with e = 500 when out of memory. */
struct ops_vec {
	void *items;
	size_t n, cap, size;
};
void *ops_vec_push(struct ops_vec *v, struct qerr *e);

/* The decision key of a store id (access_key_from_id); ACCESS_KEY_NONE for
 * NULL or an id not of that shape. */
access_key ops_access_key(const char *id);

struct grant_rec;
/* The decision's view of a stored grant of person (its key). */
void ops_access_grant(const struct grant_rec *rec, access_key person, struct access_grant *g);

/* The joint-work context of a carrier's copies for person p: of the copies
 * p (or p's organization) holds, or of all when it holds none; NONE when one
 * of them is not under a joint work, else ACTIVE when one is under an active
 * one, else the first one's state. NONE for no copies. */
enum access_joint_state ops_access_joint(const struct access_copy *a, size_t n,
                                         const struct access_person *p);

/* 0 when d allows; else e = 422 with the first failing check's code and
 * article, -1. */
int ops_access_refusal(const struct access_decision *d, struct qerr *e);

/* The act's date of c: effective_date, else today. */
qdate ops_access_on(const struct ops_ctx *c);

struct ops_access_check_args {
	const char *person_id;
	const char *carrier_id;
};

/* GET /v1/access/check: the decision, explained check by check (the caller
 * encodes it); nothing is written and nothing audited. */
int ops_access_check(const struct ops_ctx *c, const struct ops_access_check_args *a,
                     struct access_decision *out, struct qerr *e);

#endif
