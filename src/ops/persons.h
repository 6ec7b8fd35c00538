/*
 * persons.h — persons (SPEC.md §2), their grounds for refusal (Art. 30.1,
 * 31.1) and their employment changes (Art. 33.3) as procedures of src/ops
 * (issue 11).
 *
 * Procedures (each one whole step: load, scope, decide, write, audit,
 * commit):
 *   ops_person_register    POST /v1/persons                  "person.create"
 *   ops_ground_note        POST /v1/persons/{id}/grounds     "ground.create"
 *   ops_ground_lift        POST /v1/grounds/{id}/lift        "ground.lift"
 *   ops_person_employment  POST /v1/persons/{id}/employment  "person.employment"
 * Errors in SPEC.md §5 order: 404, 403 forbidden_org, 400 (a citizen
 * without IIN, no document, a bad check digit, a date in the future, an
 * exception for another ground), 409 (a taken IIN; a ground not in force),
 * 422 (org_liquidated, Art. 28), 500.
 *
 * TYPED ROWS. Persons and grounds are struct person_rec / ground_rec
 * (core/person_rec.h) in the tables person and ground
 * (store/tables_persons.h); the IIN is unique nationwide by the table's
 * UNIQUE index. The procedures answer the rows (and the ids of the
 * clearances a step flagged or ended, struct rec_ids); src/http encodes
 * them (http/enc_persons.c). The JSON here is the audit details only.
 *
 * Reads other slices call (inside the caller's transaction):
 *   ops_person_load, ops_person_load_scoped   a person by id (404, 403)
 *   ops_persons_each                           persons by organization / IIN
 *   ops_ground_load, ops_grounds_each          grounds, of a person
 *   ops_person_grounds                         a person's grounds as the
 *                                              clearance decision reads them
 * Until every reader is typed, ops_docs_load (ops/docs.h) still answers
 * kinds "person" and "ground" in a record form without a doc
 * (ops_persons_as_record below).
 */
#ifndef QUPIYA_OPS_PERSONS_H
#define QUPIYA_OPS_PERSONS_H

#include <stdbool.h>

#include "core/clearance.h"
#include "core/person_rec.h"
#include "core/rec.h"
#include "ops/ops.h"
#include "store/store_table.h"

struct ops_person_args {
	const char *iin;               /* NULL: none (a foreigner, a stateless person) */
	const char *passport;          /* NULL: none */
	const char *full_name;
	const char *citizenship;       /* "KZ", "foreign", "stateless" */
	const char *org_id;
	const char *position;
};

/* *out the person registered (the caller frees it with person_rec_free). */
int ops_person_register(const struct ops_ctx *c, const struct ops_person_args *a,
                        struct person_rec *out, struct qerr *e);

struct ops_ground_args {
	const char *person_id;
	enum clearance_ground ground;
	qdate noted_on;
	const char *details;           /* NULL: none */
	bool exception;                /* the Art. 30.1 exception (corruption penalty) */
};

/* Records the ground (*out, freed with ground_rec_free); the person's
 * active clearances are flagged for termination (Art. 31.1) unless it is
 * the exception: *flagged (the caller's: rec_ids_free) names them,
 * answered and audited as the ground's flagged_clearances, not stored. */
int ops_ground_note(const struct ops_ctx *c, const struct ops_ground_args *a,
                    struct ground_rec *out, struct rec_ids *flagged, struct qerr *e);
/* The ground ceased as of c->effective_date (invalid_state, Art. 30.1). */
int ops_ground_lift(const struct ops_ctx *c, const char *ground_id, struct ground_rec *out,
                    struct qerr *e);

struct ops_employment_args {
	const char *person_id;
	enum clearance_end event;      /* DISMISSAL, CONTRACT_END or TRANSFER */
	const char *position;          /* NULL: unchanged */
};

/* Art. 33.3: the person's active clearances end with the event as their
 * reason, a registration in progress is closed as refused (Art. 31.3: the
 * obligations stay). *out is the person as stored, *ended (the caller's:
 * rec_ids_free) the ids of the clearances ended: answered as
 * terminated_clearances, not stored. */
int ops_person_employment(const struct ops_ctx *c, const struct ops_employment_args *a,
                          struct person_rec *out, struct rec_ids *ended, struct qerr *e);

/* ---- reads (inside the caller's transaction) ---------------------------- */

/* The person id: 404 naming field (may be NULL) when unknown. */
int ops_person_load(struct store_tx *tx, const char *id, struct person_rec *out,
                    const char *field, struct qerr *e);
/* ops_person_load, then 403 "forbidden_org" unless the person's
 * organization is the actor's (ops_scope); *out is freed on failure. */
int ops_person_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *id,
                           struct person_rec *out, struct qerr *e);
/* The ground id: 404 when unknown. */
int ops_ground_load(struct store_tx *tx, const char *id, struct ground_rec *out,
                    struct qerr *e);

/* Calls fn (row: const struct person_rec *) for each person of org_id
 * with that IIN (either NULL: any), seq > after_seq, in seq order, at most
 * limit (0: every one). The number visited, or -1. */
int64_t ops_persons_each(struct store_tx *tx, const char *org_id, const char *iin,
                         int64_t after_seq, int limit, store_row_fn fn, void *ctx,
                         struct qerr *e);
/* The same for the grounds (row: const struct ground_rec *) of person_id
 * (NULL: every person's), oldest first. */
int64_t ops_grounds_each(struct store_tx *tx, const char *person_id, int64_t after_seq,
                         int limit, store_row_fn fn, void *ctx, struct qerr *e);
/* The grounds of person_id as the clearance decision reads them
 * (core/clearance.h), oldest first: *out a new array of *n (free()). */
int ops_person_grounds(struct store_tx *tx, const char *person_id,
                       struct clearance_ground_rec **out, size_t *n, struct qerr *e);

/* The record form (store.h) of the typed person or ground kind/id, for the
 * readers that still take records (ops_docs_load): 0 or 404. Its doc is
 * NULL; its state the employment or the ground's state, its ref the IIN,
 * its parent_id the ground's person. */
bool ops_persons_kind(const char *kind);   /* "person" or "ground" */
int ops_persons_as_record(struct store_tx *tx, const char *kind, const char *id,
                          struct store_rec *out, struct qerr *e);

#endif
