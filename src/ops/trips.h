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
 * TYPED ROWS (store/tables_trips.c): struct trip_rec and struct
 * violation_rec of core/trip.h; src/http encodes them (http/enc_trips.c).
 * The JSON here is trip.depart's audit details only.
 */
#ifndef QUPIYA_OPS_TRIPS_H
#define QUPIYA_OPS_TRIPS_H

#include <stdbool.h>

#include "core/rec.h"
#include "core/trip.h"
#include "ops/ops.h"

struct ops_trip_args {
	const char *person_id;
	const char *country;
	qdate depart_on;
	qdate return_on;
	const char *purpose;           /* NULL: none */
};

/* A trip with the violation its departure recorded (v.h.id "" when none).
 * Owned; release with ops_trip_free(). */
struct ops_trip {
	struct trip_rec t;
	struct violation_rec v;
};
void ops_trip_free(struct ops_trip *t);   /* accepts NULL; zeroes */

int ops_trip_request(const struct ops_ctx *c, const struct ops_trip_args *a,
                     struct ops_trip *out, struct qerr *e);
/* The head's decision (approve or refuse) on a requested trip. */
int ops_trip_decide(const struct ops_ctx *c, const char *trip_id, bool approve,
                    struct ops_trip *out, struct qerr *e);
/* The departure on c->effective_date. */
int ops_trip_depart(const struct ops_ctx *c, const char *trip_id, struct ops_trip *out,
                    struct qerr *e);

/* Reads. GET /v1/trips/{id}: 404, then 403 forbidden_org. */
int ops_trip_get(const struct ops_ctx *c, const char *trip_id, struct ops_trip *out,
                 struct qerr *e);
/* GET /v1/persons/{id}/trips: the person's 404, then 403, before the list. */
int ops_trips_person_scoped(const struct ops_ctx *c, const char *person_id, struct qerr *e);
/* The trips of the person q (a const char * person id) in seq order after
 * after_seq, at most limit (0: all): fn gets each const struct ops_trip *
 * (valid during the call); returns the number visited or -1 (the
 * list_rows_each_fn of src/http/util.h). */
int64_t ops_trips_of_person(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                            int (*fn)(void *, const void *), void *ctx, struct qerr *e);
/* The person's violations, oldest first, into a new array *out of *n
 * (ops_violations_free). */
int ops_violations_of_person(struct store_tx *tx, const char *person_id,
                             struct violation_rec **out, size_t *n, struct qerr *e);
void ops_violations_free(struct violation_rec *v, size_t n);   /* accepts NULL */

/* The ids of the rows of t matching w (store_row_list's arguments), in
 * seq order, into out (rec_ids_free). */
struct store_table;
struct store_where;
int ops_row_ids(struct store_tx *tx, const struct store_table *t, const struct store_where *w,
                size_t nw, int64_t after_seq, int limit, struct rec_ids *out,
                struct qerr *e);

/* For each row of t matching w (ops_row_ids' arguments): load(tx, id,
 * buf) (the row with what belongs to it), fn(ctx, buf), release(buf);
 * stops when fn returns > 0, fails when it (or a load) fails. The number
 * visited, or -1: a list_rows_each_fn's body. */
typedef int (*ops_row_load_fn)(struct store_tx *tx, const char *id, void *out,
                               struct qerr *e);
int64_t ops_rows_each(struct store_tx *tx, const struct store_table *t,
                      const struct store_where *w, size_t nw, int64_t after_seq, int limit,
                      ops_row_load_fn load, void (*release)(void *), void *buf,
                      int (*fn)(void *, const void *), void *ctx, struct qerr *e);

#endif
