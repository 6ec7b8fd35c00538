/*
 * grant.h — the life of a need-to-know grant (Art. 33.2; SPEC.md §2
 * "Need-to-know grant", API.md POST /v1/grants/{id}/revoke). Pure.
 *
 *   POST /v1/grants            ──> active ──(until passes)──> (not current)
 *                                    │
 *   POST /v1/grants/{id}/revoke      └──> revoked (ended from the act's date)
 *
 * A revoked grant opens nothing from the day of the revocation on: the
 * record shows `until` and `ended_on` = the revocation's effective_date
 * (API.md: "ended from the act's effective_date"), and the access decision
 * counts it current only up to the day before (grant_revoked_until).
 */
#ifndef QUPIYA_CORE_GRANT_H
#define QUPIYA_CORE_GRANT_H

#include "core/date.h"
#include "core/qerr.h"

/* 0 when a grant in `state` ("active", "revoked") that runs from `from` can
 * be revoked by an act dated `on`; otherwise 409 invalid_state (already
 * revoked; an act dated before the grant it ends, SPEC.md §5). */
int grant_revoke_check(const char *state, qdate from, qdate on, struct qerr *e);

/* The last day a grant of `until`, revoked on `on`, covers: the earlier of
 * until and the day before on; QDATE_NONE (covers nothing) when on is. */
qdate grant_revoked_until(qdate until, qdate on);

#endif
