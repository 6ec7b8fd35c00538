/*
 * clearance_ops.h — the Art. 5 mode's reads as the handlers of the access
 * decision and the emergency mode take them (h_emergency.c, over
 * ops/emergency.h). The clearance procedures and the steps on a person's
 * clearances are in src/ops (ops/clearances.h, ops/persons.h,
 * ops/trips.h); records are described there.
 *
 * Ownership: json_t arguments are borrowed unless said otherwise.
 */
#ifndef QUPIYA_HTTP_CLEARANCE_OPS_H
#define QUPIYA_HTTP_CLEARANCE_OPS_H

#include <jansson.h>

#include "core/clearance.h"
#include "http/http.h"

/* h_emergency.c: the Art. 5 relaxations in force for an organization on a
 * date: *relax (CLEARANCE_RELAX_* bits) and *mode (a new reference to the
 * mode's doc, or NULL when none is in force). */
int emergency_in_force(struct store_tx *tx, const char *org_id, qdate on, unsigned *relax,
                       json_t **mode, struct qerr *e);

/* h_emergency.c: the last day of the mode mode_id's period as it stands now
 * (`until`, moved by an early end) into *until; *until is left unchanged
 * when no such mode is stored. */
int emergency_period_end(struct store_tx *tx, const char *mode_id, qdate *until,
                         struct qerr *e);

/* h_emergency.c: every stored mode, a new array (empty when none); and the
 * period end of the mode mode_id in it, or dflt when absent. */
int emergency_modes_load(struct store_tx *tx, json_t **out, struct qerr *e);
qdate emergency_mode_until(const json_t *modes, const char *mode_id, qdate dflt);

#endif
