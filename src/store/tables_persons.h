/*
 * tables_persons.h — the typed tables of the persons slice (issue 11;
 * records in core/person_rec.h):
 *
 *   emergency_mode              one row per mode of Art. 5
 *   emergency_mode_org          each organization a mode covers,
 *                               mode_id -> emergency_mode(id)
 *   emergency_mode_relaxation   each relaxation a mode allows,
 *                               mode_id -> emergency_mode(id)
 *
 * Migration 0011_typed_emergency (store_sqlite.c) creates them and moves
 * the modes kept until then as one JSON array under the meta key
 * "emergency_modes"; the meta key is deleted.
 */
#ifndef QUPIYA_STORE_TABLES_PERSONS_H
#define QUPIYA_STORE_TABLES_PERSONS_H

#include "store/store_table.h"

extern const struct store_table store_emergency_mode_table;
extern const struct store_table store_emergency_mode_org_table;
extern const struct store_table store_emergency_relaxation_table;

#endif
