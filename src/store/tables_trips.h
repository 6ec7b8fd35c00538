/*
 * tables_trips.h — the typed tables of trips abroad, the violations their
 * departures record, and incidents (issue 11; records in core/trip.h and
 * core/incident.h):
 *
 *   trip            one row per trip (Art. 32)
 *   violation       one row per violation recorded (travel_not_approved),
 *                   trip_id -> trip(id)
 *   incident        one row per incident (Art. 1, 26, 31, 37; R743 p.9)
 *   incident_ref    each element of an incident's arrays (carrier_ids,
 *                   person_ids, lost_carriers, terminated_clearances,
 *                   joint_work_violations, copies) by role and ord,
 *                   incident_id -> incident(id)
 *
 * Migration 0020_typed_trips (store_sqlite.c, pg_store.c) creates them and
 * moves the trip, violation and incident records there, each keeping its
 * seq.
 */
#ifndef QUPIYA_STORE_TABLES_TRIPS_H
#define QUPIYA_STORE_TABLES_TRIPS_H

#include "store/store_table.h"

extern const struct store_table store_trip_table;
extern const struct store_table store_violation_table;
extern const struct store_table store_incident_table;
extern const struct store_table store_incident_ref_table;

#endif
