/*
 * emergency.h — the modified access procedure in emergency or martial law
 * (Art. 5; the reading is at the top of src/http/h_emergency.c), as
 * procedures on the typed tables of store/tables_persons.h (records in
 * core/person_rec.h).
 *
 * Procedures (each one whole step: load, decide, write, audit, commit):
 *   ops_emergency_declare  POST /v1/emergency           "emergency.declare"
 *   ops_emergency_end      POST /v1/emergency/{id}/end  "emergency.end"
 * Errors in SPEC.md §5 order: 404 (the mode; an organization named, field
 * org_ids), 400 (until before from, no relaxation), 409 (invalid_state
 * Art. 5: more than EMERGENCY_MODES_MAX modes; an end outside the period),
 * 500.
 *
 * Reads (inside the caller's transaction): ops_emergency_modes (every
 * mode, oldest first), ops_emergency_in_force (the relaxations in force
 * for an organization on a day), ops_emergency_period_end.
 *
 * The audit entry's details are the mode as src/http answers it
 * (http/enc_emergency.c).
 *
 * Ownership: results are the caller's, released with
 * emergency_mode_rec_free() / ops_emergency_modes_free().
 */
#ifndef QUPIYA_OPS_EMERGENCY_H
#define QUPIYA_OPS_EMERGENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/person_rec.h"
#include "ops/ops.h"

#define EMERGENCY_MODES_MAX 64
#define EMERGENCY_ORGS_MAX  100
#define EMERGENCY_RELAX_MAX 8

struct ops_emergency_declare_args {
	int kind;                     /* enum emergency_kind */
	const char *decree_ref;
	qdate from;
	qdate until;
	const int *relaxations;       /* indexes into clearance_relax_names */
	size_t nrelax;
	const char *area;             /* NULL: none named */
	const char *const *org_ids;   /* none: the whole territory */
	size_t norgs;
	qdate given_effective_date;   /* the body's effective_date, or QDATE_NONE */
};

int ops_emergency_declare(const struct ops_ctx *c, const struct ops_emergency_declare_args *a,
                          struct emergency_mode_rec *out, struct qerr *e);
/* The regime was lifted on c->effective_date: until = ended_on = that day. */
int ops_emergency_end(const struct ops_ctx *c, const char *mode_id,
                      struct emergency_mode_rec *out, struct qerr *e);
/* 0 when the mode exists, 404 when not (a handler's precedence check). */
int ops_emergency_exists(const struct ops_ctx *c, const char *mode_id, struct qerr *e);

/* The mode with its organizations and relaxations; 404 when absent. */
int ops_emergency_load(struct store_tx *tx, const char *mode_id,
                       struct emergency_mode_rec *out, struct qerr *e);
/* Every mode, oldest first. */
int ops_emergency_modes(struct store_tx *tx, struct emergency_mode_rec **out, size_t *n,
                        struct qerr *e);
void ops_emergency_modes_free(struct emergency_mode_rec *m, size_t n);

/* true when m covers org_id on day `on` (its period; its organizations,
 * or the whole territory when it names none). */
bool ops_emergency_covers(const struct emergency_mode_rec *m, const char *org_id, qdate on);
/* The relaxations (bits of core/clearance.h) in force for org_id on day
 * `on`, and the first mode in force (its id in mode_id, "" when none). */
int ops_emergency_in_force(struct store_tx *tx, const char *org_id, qdate on, unsigned *relax,
                           struct emergency_mode_rec *mode, struct qerr *e);
/* The last day of mode_id's period as it stands now; *until unchanged when
 * there is no such mode. */
int ops_emergency_period_end(struct store_tx *tx, const char *mode_id, qdate *until,
                             struct qerr *e);

#endif
