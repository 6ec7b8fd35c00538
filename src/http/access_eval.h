/*
 * access_eval.h — the one place that gathers, from the store, what the
 * access decision (core/access.h) needs, and turns its answer into JSON or
 * into the 422 of the first failing check (SPEC.md §3 "Access to carriers",
 * §5 "Precedence of errors"; Art. 25, 28, 29, 31, 33, 34; R743 p.9).
 *
 * Every endpoint that reads a carrier's content or issues a copy calls
 * access_eval() and nothing else to decide: GET /v1/access/check,
 * POST /v1/carriers/{id}/issue, GET /v1/carriers/{id}/content.
 *
 * What it loads (all inside the caller's transaction, so one snapshot):
 *   person       record "person" person_id            (404 field person_id)
 *   carrier      record "carrier" carrier_id          (404 field carrier_id)
 *   clearances   records "clearance", parent_id = person, seq order
 *                (most recent last), form = doc.form, state = record state
 *   permits      typed permits (ops/orgs.h ops_org_permits) of the person's organization,
 *                degree/issued_on/valid_until, stored state as of the date
 *   grants       records "grant", parent_id = person: doc.carrier_id or
 *                doc.information_id, doc.from .. doc.until
 *   copies       the carrier's doc.copies: each copy's holder organization
 *                or citizen (http/custody.h) and, when the copy is away
 *                under a joint work (copy.joint_work_id), that record's
 *                state (not_the_holder)
 *   joint work   the state of the joint work of the copies the person's
 *                organization holds (of all copies when it holds none):
 *                none when one of them is at home (passes)
 *   today        the act's effective_date (a GET's is r->today, the server's
 *                clock or --clock): clearances (granted_on, terminated_on)
 *                and permits (their history) as they stood that day
 *                (SPEC.md §3); a clearance granted under the Art. 5
 *                relaxation with its verification pending counts as
 *                registering from the day after the period (clearance_inactive)
 *
 * It reveals nothing about the carrier's content: it never reads content,
 * and says nothing about whether content exists (SPEC.md §5). It does not
 * check the caller's organization scope: the endpoint does that first.
 *
 * Ownership: out is filled with pointers to static strings only; nothing
 * to free. Errors: -1 with e set: 404 unknown person or carrier, 500 store.
 */
#ifndef QUPIYA_HTTP_ACCESS_EVAL_H
#define QUPIYA_HTTP_ACCESS_EVAL_H

#include <jansson.h>

#include "core/access.h"
#include "http/http.h"

/* Gathers the inputs and decides. 0 with *out filled (allowed or not), or
 * -1 (404/500). tx may be a read or a write transaction. */
int access_eval(struct req *r, struct store_tx *tx, const char *person_id,
                const char *carrier_id, struct access_decision *out, struct qerr *e);

/* {allowed, checks:[{code, article, passed, message}]} with messages in
 * r->lang. New reference; NULL only when out of memory. */
json_t *access_decision_json(const struct req *r, const struct access_decision *d);

/* 0 when d allows; otherwise sets e to 422 with the first failing check's
 * code and article and returns -1. */
int access_decision_refuse(const struct access_decision *d, struct qerr *e);

#endif
