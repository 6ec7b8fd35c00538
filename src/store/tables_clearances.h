/*
 * tables_clearances.h — the typed tables of clearances (issue 11; records
 * in core/clearance_rec.h):
 *
 *   clearance             one row per registration of one form (Art.
 *                         29-33): prerequisites, decision, termination and
 *                         the flag for termination as columns; the due
 *                         dates (termination_due_on, the verification a
 *                         mode let follow) typed and indexed for the
 *                         deadlines list
 *   clearance_replaced    each clearance a grant replaced (Art. 29.3),
 *                         clearance_id -> clearance(id)
 *   clearance_relaxed     each Art. 5 relaxation the decision used,
 *                         clearance_id -> clearance(id)
 *
 * Migration 0019_typed_clearances (store_sqlite.c, pg_store.c) creates them
 * and moves the records of kind "clearance", each keeping its seq.
 */
#ifndef QUPIYA_STORE_TABLES_CLEARANCES_H
#define QUPIYA_STORE_TABLES_CLEARANCES_H

#include "store/store_table.h"

extern const struct store_table store_clearance_table;
extern const struct store_table store_clearance_replaced_table;
extern const struct store_table store_clearance_relaxed_table;

#endif
