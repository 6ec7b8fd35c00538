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
 *   joint_work                one row per joint work of Art. 26 with its
 *                             steps' facts (response_due_on indexed: the
 *                             deadlines of R743 p.5)
 *   joint_work_carrier        the request's carriers[ord]
 *   joint_work_copy           copy numbers of the request and the transfers
 *   joint_work_ref            annex, held and returned carrier ids
 *   joint_work_transfer       transferred[ord]
 *   joint_work_violation      violations[ord]
 *   joint_work_addendum       addenda[ord]
 *   joint_work_step           history[ord]
 *                             (children: joint_work_id -> joint_work(id))
 *
 * Migration 0024_typed_transfers (store_sqlite.c, pg_store.c) creates them
 * and moves the "transfer" records of the record table there, each act
 * keeping its id and seq; 0024c_typed_foreign likewise the
 * "foreign_transfer" records, and 0024b_typed_joint_works the
 * "joint_work" records.
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
extern const struct store_table store_jw_table;
extern const struct store_table store_jw_carrier_table;
extern const struct store_table store_jw_copy_table;
extern const struct store_table store_jw_ref_table;
extern const struct store_table store_jw_transfer_table;
extern const struct store_table store_jw_violation_table;
extern const struct store_table store_jw_addendum_table;
extern const struct store_table store_jw_step_table;

#endif
