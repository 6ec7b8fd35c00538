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
 * RECORD FORM. Persons and grounds are still records (jansson documents,
 * ops/docs.h): person {id, iin?, passport?, full_name, citizenship,
 * org_id, position, employment_state, registered_on, employment_event?},
 * state employed|dismissed|contract_ended; ground (parent_id = the person)
 * {id, person_id, ground, noted_on, details?, exception, state, lifted_on,
 * article, by}, state in_force|lifted. The procedures answer the document
 * (*out, a new reference) as the API shows it.
 */
#ifndef QUPIYA_OPS_PERSONS_H
#define QUPIYA_OPS_PERSONS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/clearance.h"
#include "ops/ops.h"

struct ops_person_args {
	const char *iin;               /* NULL: none (a foreigner, a stateless person) */
	const char *passport;          /* NULL: none */
	const char *full_name;
	const char *citizenship;       /* "KZ", "foreign", "stateless" */
	const char *org_id;
	const char *position;
};

int ops_person_register(const struct ops_ctx *c, const struct ops_person_args *a,
                        json_t **out, struct qerr *e);

struct ops_ground_args {
	const char *person_id;
	enum clearance_ground ground;
	qdate noted_on;
	const char *details;           /* NULL: none */
	bool exception;                /* the Art. 30.1 exception (corruption penalty) */
};

/* Records the ground; the person's active clearances are flagged for
 * termination (Art. 31.1) unless it is the exception: the answer's
 * flagged_clearances names them (answered and audited, not stored). */
int ops_ground_note(const struct ops_ctx *c, const struct ops_ground_args *a, json_t **out,
                    struct qerr *e);
/* The ground ceased as of c->effective_date (invalid_state, Art. 30.1). */
int ops_ground_lift(const struct ops_ctx *c, const char *ground_id, json_t **out,
                    struct qerr *e);

struct ops_employment_args {
	const char *person_id;
	enum clearance_end event;      /* DISMISSAL, CONTRACT_END or TRANSFER */
	const char *position;          /* NULL: unchanged */
};

/* Art. 33.3: the person's active clearances end with the event as their
 * reason, a registration in progress is closed as refused (Art. 31.3: the
 * obligations stay). *out is the person as answered: its doc with
 * terminated_clearances, the ids ended (answered, not stored). */
int ops_person_employment(const struct ops_ctx *c, const struct ops_employment_args *a,
                          json_t **out, struct qerr *e);

/* The person's view (GET /v1/persons/{id}): a new copy of its doc with
 * "clearances", "grounds" and "violations" (arrays of docs, oldest first),
 * or NULL with e set. Inside the caller's transaction. */
json_t *ops_person_view(struct store_tx *tx, const struct store_rec *person, struct qerr *e);

#endif
