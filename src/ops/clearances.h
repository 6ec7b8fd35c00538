/*
 * clearances.h — the typed reads of clearances (Art. 27-33) other steps
 * make (issue 11; persons slice). The access decision (src/http/access_eval.c,
 * moving to src/ops/access.c) takes its clearance inputs from here.
 *
 * Clearances are still records of kind "clearance" (parent_id = the
 * person; doc as src/http/clearance_ops.h describes it); the loader reads
 * them into core types, so its callers do not change when clearances move
 * to a typed table.
 */
#ifndef QUPIYA_OPS_CLEARANCES_H
#define QUPIYA_OPS_CLEARANCES_H

#include <stddef.h>

#include "core/access.h"
#include "ops/ops.h"

/* The clearances of person_id as the access decision reads them, oldest
 * first, into a new array *out of *n (free()): person = the given key, the
 * form, and the state as it stood on day `on` (SPEC.md §3;
 * access_clearance_state_on). An active clearance granted under the Art. 5
 * relaxation whose verification is still pending counts as registering
 * from the day after its mode's period as the mode stands now (an early
 * end counts; clearance_inactive, Art. 5, 29.1). *out is NULL when n = 0. */
int ops_clearances_of_person(struct store_tx *tx, const char *person_id, access_key person,
                             qdate on, struct access_clearance **out, size_t *n,
                             struct qerr *e);

#endif
