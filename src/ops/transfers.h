/*
 * transfers.h — transfers of carriers between state bodies and
 * organizations (Art. 25, 26.1; R743 p.11) and the liquidation of an
 * organization (Art. 28; R743 p.10), moved from src/http/h_transfers.c
 * (issue 11). The rules are src/core/transfer.h.
 *
 *   ops_transfer_create  POST /v1/transfers               "transfer.create"
 *   ops_transfer_get     GET /v1/transfers/{id} (the sender, the recipient, or across)
 *   ops_org_liquidate    POST /v1/orgs/{id}/liquidate     "org.liquidate"
 *
 * RECORD. A typed row (core/transfer_rec.h; store/tables_transfers.h):
 * the act, its carriers in order (carrier_ids) and the copy numbers moved
 * of each (carriers: [{carrier_id, copy_numbers}]); the HTTP edge answers
 * {id, from_org_id, to_org_id, carrier_ids, carriers, basis, sanction_ref,
 * successor_ref, authorized_body_ref, act_number, joint_work_id, date, by,
 * state}.
 *
 * Custody per copy (core/custody_rec.h): carrier_ids moves every copy the
 * sender holds, carriers[] the copies named; only copies the sender holds
 * move; moving every copy moves the record (org_id). Under an open joint
 * work of the sender with the recipient the joint work's rules decide
 * (ops_joint_work_transfer_in); otherwise the basis of Art. 25.1 (subordination,
 * disposing body, successor, authorized body's decision) or a sanction
 * (sanction_required), and the recipient's permit (recipient_permit_missing).
 *
 * Liquidation: joint works in which the organization is the executor end
 * and their carriers return to their customers (R743 p.10, second part);
 * then liquidation_blocked (422) with the carriers still registered or
 * issued there and the joint works it still orders without an addendum
 * (R743 p.10, first part), listed in out->carriers / out->joint_works;
 * else the organization is "liquidated".
 *
 * ORDER (SPEC.md §5): 404 path id, 403 organization, 400 body, 404 body
 * ids, 409 states, 422 rules (recorded by ops_refuse; 503 when it cannot).
 * Ownership: results are the caller's; args are borrowed.
 */
#ifndef QUPIYA_OPS_TRANSFERS_H
#define QUPIYA_OPS_TRANSFERS_H

#include "core/carrier_rec.h"
#include "core/org_rec.h"
#include "core/transfer_rec.h"
#include "ops/joint_works.h"
#include "ops/ops.h"

struct ops_transfer_args {
	const char *to_org_id;
	/* carrier_ids: every copy the sender holds of each; or, selection,
	 * the copies named in carriers (carrier_ids then lists their ids). */
	struct ops_ids carrier_ids;
	bool selection;                       /* the body named carriers[] */
	const struct ops_copy_pick *carriers;
	size_t ncarriers;
	const char *sanction_ref, *successor_ref, *authorized_body_ref, *act_number;
};

/* out: the act as recorded (transfer_full_free). */
int ops_transfer_create(const struct ops_ctx *c, const struct ops_transfer_args *a,
                        struct transfer_full *out, struct qerr *e);
int ops_transfer_get(const struct ops_ctx *c, const char *id, struct transfer_full *out,
                     struct qerr *e);
/* The act id with its carriers (404), in tx. */
int ops_transfer_load(struct store_tx *tx, const char *id, struct transfer_full *out,
                      struct qerr *e);
/* Inserts the act f (f->t.h.id set) with its carriers and copies, in tx
 * (a write transaction); for the step and for tests. */
int ops_transfer_insert(struct store_tx *tx, struct transfer_full *f, struct qerr *e);

/* The acts a sender made (from_org_id) to a recipient (to_org_id), NULL
 * for any, for list_rows: fn gets a const struct transfer_full *. */
struct ops_transfer_query {
	const char *from_org_id, *to_org_id;
};
int64_t ops_transfers_each(struct store_tx *tx, const void *q, int64_t after_seq, int limit,
                           int (*fn)(void *, const void *), void *ctx, struct qerr *e);

struct ops_liquidate_args {
	const char *org_id;
	const char *successor_org_id;         /* or NULL */
	const struct qerr *input;             /* the body's decode error, or NULL */
};

/* What blocks a liquidation: a carrier the organization holds or
 * registers ("" label / joint_work_id: null) and a joint work it orders. */
struct ops_liq_carrier {
	char id[STORE_ID_MAX];
	char account_number[CARRIER_ACCOUNT_MAX];
	char label[CARRIER_WORD_MAX];
	char state[CARRIER_STATE_MAX];
	char joint_work_id[STORE_ID_MAX];
};
struct ops_liq_jw {
	char id[STORE_ID_MAX];
	char state[32];
};

/* blocked (liquidation_blocked): carriers[] and joint_works[] in the order
 * found (the answer's extra members); org: the organization liquidated. */
struct ops_liquidate_result {
	struct org_rec org;           /* core/org_rec.h */
	bool blocked;
	struct ops_liq_carrier *carriers;
	size_t ncarriers;
	struct ops_liq_jw *joint_works;
	size_t njoint_works;
};

int ops_org_liquidate(const struct ops_ctx *c, const struct ops_liquidate_args *a,
                      struct ops_liquidate_result *out, struct qerr *e);
void ops_liquidate_result_clear(struct ops_liquidate_result *r);

#endif
