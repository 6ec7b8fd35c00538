/*
 * transfer_ops.h — the HTTP edge shared by the transfer workflows
 * (h_transfers.c: Art. 25 and 28; h_joint_works.c: Art. 26 and Decree 743;
 * h_foreign.c: Art. 27): decoding id lists and copy selections of a body
 * into the typed arguments of src/ops (ops/transfers.h, joint_works.h,
 * foreign.h) and encoding a refusal with extra members. The procedures
 * and the Law's decisions are in src/ops and src/core (issue 11).
 *
 * Ownership: decoded arguments borrow strings from the request's body and
 * own their arrays, released with hx_ids_free / hx_picks_free.
 */
#ifndef QUPIYA_HTTP_TRANSFER_OPS_H
#define QUPIYA_HTTP_TRANSFER_OPS_H

#include <jansson.h>
#include <stdbool.h>

#include "http/http.h"
#include "http/jsonv.h"
#include "ops/joint_works.h"

/* The strings of a validated JSON array (JF_STRINGS; NULL: none) as ids;
 * 500 out of memory. */
int hx_ids(const json_t *arr, struct ops_ids *ids, struct qerr *e);
void hx_ids_free(struct ops_ids *ids);

/* Copy selections [{carrier_id, copy_numbers?}] decoded from a JSON array,
 * each entry checked against fields with the field prefix "carriers[N]"
 * (dot: "carriers[N]."): 400 invalid_type for an entry not an object, the field table's
 * errors, invalid_value "carriers[N].copy_numbers" for a number not an
 * integer in 1..CARRIER_COPIES_MAX. */
struct hx_picks {
	struct ops_copy_pick *v;
	size_t n;
	int *numbers;
	const char **ids;          /* the carrier ids in order (v[i].carrier_id) */
};
int hx_picks(const json_t *arr, const struct jfield *fields, bool dot, struct hx_picks *p,
             struct qerr *e);
void hx_picks_free(struct hx_picks *p);

/* Answers e (a refusal the procedure recorded) as the router would, with
 * the members of extra (taken; NULL is out of memory) merged into "error"
 * (e.g. liquidation_blocked's "carriers"). 0 (the answer is set), or -1
 * with e turned into a 500 out of memory. */
int hx_refusal_with(struct req *r, struct resp *out, struct qerr *e, json_t *extra);

#endif
