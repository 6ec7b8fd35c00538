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

#include <jansson.h>
#include <stdbool.h>

#include "core/incident.h"
#include "ops/jrec.h"
#include "ops/ops.h"

struct ops_incident_args {
	enum incident_kind kind;          /* loss or disclosure */
	struct ops_ids carrier_ids;
	struct ops_ids person_ids;
	const char *description;
	const char *damage;               /* NULL: none */
	bool confirmed;
};

int ops_incident_report(const struct ops_ctx *c, const struct ops_incident_args *a,
                        json_t **out, struct qerr *e);
/* damage: NULL keeps the stored one. */
int ops_incident_confirm(const struct ops_ctx *c, const char *incident_id, const char *damage,
                         json_t **out, struct qerr *e);

#endif
