/*
 * trips.h — trips abroad of admitted persons (Art. 32; the 2024 news item
 * on CAO Art. 504 part 2) as procedures of src/ops (issue 11). The reading
 * of Art. 32 is at the top of src/http/h_trips.c and core/clearance.h
 * "TRIPS".
 *
 * Procedures (each one whole step: load, scope, decide, write, audit,
 * commit):
 *   ops_trip_request  POST /v1/persons/{id}/trips  "trip.create"   -> requested
 *   ops_trip_decide   POST /v1/trips/{id}/approve  "trip.approve"  -> approved
 *                     POST /v1/trips/{id}/refuse   "trip.refuse"   -> refused
 *   ops_trip_depart   POST /v1/trips/{id}/depart   "trip.depart"   -> departed
 * A departure is a fact: recorded, never refused; without a timely
 * approval it records the violation travel_not_approved (Art. 32) and, for
 * a person admitted now, flags the active clearance for termination
 * (Art. 31.1). Errors: 404, 403 forbidden_org, 400 (return before
 * departure), 409 invalid_state (Art. 32), 500.
 *
 * RECORD FORM. Trips and violations are still records (jansson documents,
 * ops/docs.h): trip (parent_id = the person) {id, person_id, org_id,
 * country, depart_on, return_on, purpose?, state, requested_on, approval,
 * departed_on, violation, refusal}; violation {id, person_id, code,
 * article, trip_id, date, admitted, country, liability, consequence}.
 */
#ifndef QUPIYA_OPS_TRIPS_H
#define QUPIYA_OPS_TRIPS_H

#include <jansson.h>
#include <stdbool.h>

#include "ops/ops.h"

struct ops_trip_args {
	const char *person_id;
	const char *country;
	qdate depart_on;
	qdate return_on;
	const char *purpose;           /* NULL: none */
};

int ops_trip_request(const struct ops_ctx *c, const struct ops_trip_args *a, json_t **out,
                     struct qerr *e);
/* The head's decision (approve or refuse) on a requested trip. */
int ops_trip_decide(const struct ops_ctx *c, const char *trip_id, bool approve, json_t **out,
                    struct qerr *e);
/* The departure on c->effective_date. */
int ops_trip_depart(const struct ops_ctx *c, const char *trip_id, json_t **out,
                    struct qerr *e);

#endif
