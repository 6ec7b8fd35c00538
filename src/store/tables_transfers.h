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
 * Migration 0024_typed_transfers (store_sqlite.c, pg_store.c) creates them
 * and moves the "transfer" records of the record table there, each act
 * keeping its id and seq.
 */
#ifndef QUPIYA_STORE_TABLES_TRANSFERS_H
#define QUPIYA_STORE_TABLES_TRANSFERS_H

#include "store/store_table.h"

extern const struct store_table store_transfer_table;
extern const struct store_table store_transfer_carrier_table;
extern const struct store_table store_transfer_copy_table;

#endif
