/*
 * clearance_ops.h — the end of an Art. 5 mode's period as the access
 * decision of src/http reads it (h_emergency.c, over ops/emergency.h; it
 * goes when the access decision moves to src/ops). The clearance
 * procedures and the steps on a person's clearances are in src/ops
 * (ops/clearances.h, ops/persons.h, ops/trips.h); records are described
 * there.
 */
#ifndef QUPIYA_HTTP_CLEARANCE_OPS_H
#define QUPIYA_HTTP_CLEARANCE_OPS_H

#include <jansson.h>

#include "core/clearance.h"
#include "http/http.h"

/* h_emergency.c: the last day of the mode mode_id's period as it stands now
 * (`until`, moved by an early end) into *until; *until is left unchanged
 * when no such mode is stored. */
int emergency_period_end(struct store_tx *tx, const char *mode_id, qdate *until,
                         struct qerr *e);

#endif
