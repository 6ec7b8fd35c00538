/*
 * enc.h — the answers of the typed records as the API shows them (API.md):
 * each encoder takes a record of src/core (or a view src/ops read) and
 * returns a new JSON value, NULL when out of memory (those taking a qerr
 * set it). src/ops answers structs; only src/http speaks JSON (issue 11).
 * Field names, order, and null versus absent are the contract: the
 * encoders reproduce byte for byte what the answers were before they moved
 * here (tests/api/test_upgrade_v010.py compares them with 0.1.0's).
 *
 *   enc_persons.c     persons, grounds, the person's view, id lists
 *   enc_clearances.c  clearances
 *   enc_trips.c       trips and violations
 *   enc_emergency.c   emergency modes (Art. 5)
 *   enc_incidents.c   incidents
 *   enc_items.c       information items
 */
#ifndef QUPIYA_HTTP_ENC_H
#define QUPIYA_HTTP_ENC_H

#include <jansson.h>

#include "core/clearance_rec.h"
#include "core/incident.h"
#include "core/info_rec.h"
#include "core/person_rec.h"
#include "core/rec.h"
#include "core/trip.h"
#include "ops/trips.h"
#include "store/store.h"

json_t *enc_person(const struct person_rec *p);
json_t *enc_ground(const struct ground_rec *g);
/* The n ids v (NULL when n is 0) as an array of strings. */
json_t *enc_ids(const char (*v)[STORE_ID_MAX], size_t n);
/* GET /v1/persons/{id}: enc_person with "clearances", "grounds" and
 * "violations" (oldest first) read in tx; NULL with e set. */
json_t *enc_person_view(struct store_tx *tx, const struct person_rec *p, struct qerr *e);

json_t *enc_clearance(const struct clearance_rec *c);

json_t *enc_trip(const struct ops_trip *t);
json_t *enc_violation(const struct violation_rec *v);

json_t *enc_emergency_mode(const struct emergency_mode_rec *m);

json_t *enc_incident(const struct incident_rec *r);

/* The item with every field it was stored with (extra kept whole). */
json_t *enc_info(const struct info_rec *r, struct qerr *e);

#endif
