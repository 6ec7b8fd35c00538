/*
 * tables_transfers.h — the typed tables of transfers (issue 11; records in
 * core/transfer_rec.h):
 *
 *   transfer           one row per act of Art. 25 (from_org_id, to_org_id
 *                      indexed: GET /v1/transfers?org_id=&to_org_id=)
 *   transfer_carrier   carrier_ids[ord] of an act,
 *                      transfer_id -> transfer(id)
 *   transfer_copy      the copy numbers moved of carriers[carrier_ord],
 *                      transfer_id -> transfer(id)
 *
 *   foreign_transfer          one row per proposal of Art. 27 with its steps
 *   foreign_transfer_carrier  carrier_ids[ord]
 *   foreign_transfer_org      agreed_with[ord] and disposing_org_ids[ord]
 *                             (role)
 *   foreign_transfer_step     history[ord]
 *                             (children: foreign_transfer_id ->
 *                             foreign_transfer(id))
 *
 * Migration 0024_typed_transfers (store_sqlite.c, pg_store.c) creates them
 * and moves the "transfer" records of the record table there, each act
 * keeping its id and seq; 0024c_typed_foreign likewise the
 * "foreign_transfer" records.
 */
#ifndef QUPIYA_STORE_TABLES_TRANSFERS_H
#define QUPIYA_STORE_TABLES_TRANSFERS_H

#include "store/store_table.h"

extern const struct store_table store_transfer_table;
extern const struct store_table store_transfer_carrier_table;
extern const struct store_table store_transfer_copy_table;
extern const struct store_table store_foreign_table;
extern const struct store_table store_foreign_carrier_table;
extern const struct store_table store_foreign_org_table;
extern const struct store_table store_foreign_step_table;

#endif
