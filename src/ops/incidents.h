/*
 * incidents.h — incidents: the disclosure and loss of carriers (Art. 1,
 * 26, 31, 37; R743 p.9) as procedures of src/ops (issue 11). The reading
 * of the Law is at the top of src/http/h_incidents.c.
 *
 * Procedures (each one whole step: load, scope, decide, write, audit,
 * commit):
 *   ops_incident_report   POST /v1/incidents               "incident.create"
 *   ops_incident_confirm  POST /v1/incidents/{id}/confirm  "incident.confirm"
 *
 * Consequences: a loss moves every carrier named to "lost" with a "lost"
 * movement (Art. 1, 28); a confirmation ends the active clearances of the
 * persons named for "violation" (Art. 31.1) and records a violation of
 * the joint work under which a carrier named is at an executor (R743
 * p.9). Errors: 400 (a loss naming no carrier), 404 (an id of the body,
 * field named), 403 forbidden_org, 409 invalid_state (a carrier's state,
 * Art. 28; an incident confirmed already, Art. 31.1), 500.
 */
#ifndef QUPIYA_OPS_INCIDENTS_H
#define QUPIYA_OPS_INCIDENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/incident.h"
#include "ops/ops.h"

struct ops_incident_args {
	enum incident_kind kind;          /* loss or disclosure */
	struct ops_ids carrier_ids;
	struct ops_ids person_ids;
	const char *description;
	const char *damage;               /* NULL: none */
	bool confirmed;
};

/* *out: the incident as stored (release with incident_rec_free). */
int ops_incident_report(const struct ops_ctx *c, const struct ops_incident_args *a,
                        struct incident_rec *out, struct qerr *e);
/* damage: NULL keeps the stored one. */
int ops_incident_confirm(const struct ops_ctx *c, const char *incident_id, const char *damage,
                         struct incident_rec *out, struct qerr *e);

/* Inside an inventory's close (the caller's write transaction, nothing
 * commits): the loss_suspected incident of one carrier whose copies were
 * not found (R743), open, dated opened_on; its id into id_out. */
int ops_incident_open_suspected(struct store_tx *tx, const char *org_id,
                                const char *inventory_id, const char *carrier_id,
                                const struct incident_copy *copies, size_t ncopies,
                                const struct ops_ids *person_ids, qdate opened_on,
                                char id_out[STORE_ID_MAX], struct qerr *e);

/* Reads. GET /v1/incidents/{id}: 404, then 403 forbidden_org. */
int ops_incident_get(const struct ops_ctx *c, const char *incident_id,
                     struct incident_rec *out, struct qerr *e);
/* GET /v1/incidents: the incidents matching q (a const struct
 * ops_incident_query *) after after_seq, at most limit (0: all), in seq
 * order; fn gets each const struct incident_rec * (valid during the call);
 * the number visited or -1 (list_rows_each_fn of src/http/util.h). */
struct ops_incident_query {
	const char *org_id;           /* NULL: every organization */
	const char *state;            /* NULL: any; an unknown state matches none */
};
int64_t ops_incidents_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                           int (*fn)(void *, const void *), void *ctx, struct qerr *e);

#endif
