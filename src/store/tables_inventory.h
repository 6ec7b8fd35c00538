/*
 * tables_inventory.h — the typed tables of inventories (issue 11; records
 * in core/inventory.h):
 *
 *   inventory              one row per inventory; org_id indexed
 *   inventory_mark         each copy marked, inventory_id -> inventory(id);
 *                          UNIQUE (inventory_id, carrier_id, copy_number)
 *   inventory_discrepancy  each discrepancy of the close, in seq order,
 *                          inventory_id -> inventory(id)
 *   inventory_incident     each incident the close opened, in seq order,
 *                          inventory_id -> inventory(id)
 *
 * Migration 0023b_typed_inventories (store_sqlite.c, pg_store.c) creates
 * them and moves the inventory records with their discrepancies and
 * incident ids, and the marks (records "movement" with doc.kind
 * "inventory_mark"); a row moved keeps its record seq. Carriers and
 * incidents are still records: their ids have no FOREIGN KEY.
 */
#ifndef QUPIYA_STORE_TABLES_INVENTORY_H
#define QUPIYA_STORE_TABLES_INVENTORY_H

#include "store/store_table.h"

extern const struct store_table store_inventory_table;
extern const struct store_table store_inventory_mark_table;
extern const struct store_table store_inventory_discrepancy_table;
extern const struct store_table store_inventory_incident_table;

#endif
