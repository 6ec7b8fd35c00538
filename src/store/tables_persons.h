/*
 * tables_persons.h — the typed tables of the persons slice (issue 11;
 * records in core/person_rec.h):
 *
 *   emergency_mode              one row per mode of Art. 5
 *   emergency_mode_org          each organization a mode covers,
 *                               mode_id -> emergency_mode(id)
 *   emergency_mode_relaxation   each relaxation a mode allows,
 *                               mode_id -> emergency_mode(id)
 *   person                      one row per person, iin UNIQUE (NULLs
 *                               apart: persons without IIN)
 *   ground                      one row per ground for refusal noted,
 *                               person_id -> person(id)
 *
 * Migration 0015_typed_emergency (store_sqlite.c) creates the first three
 * and moves the modes kept until then as one JSON array under the meta key
 * "emergency_modes"; the meta key is deleted. Migration 0018_typed_persons
 * creates person and ground and moves the records "person" and "ground"
 * of the record table there, each keeping its seq.
 */
#ifndef QUPIYA_STORE_TABLES_PERSONS_H
#define QUPIYA_STORE_TABLES_PERSONS_H

#include "store/store_table.h"

extern const struct store_table store_emergency_mode_table;
extern const struct store_table store_emergency_mode_org_table;
extern const struct store_table store_emergency_relaxation_table;
extern const struct store_table store_person_table;
extern const struct store_table store_ground_table;

#endif
