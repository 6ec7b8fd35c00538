/*
 * grants.h — need-to-know grants (Art. 33.2; SPEC.md §3 "Access to
 * carriers", after the access table): the procedures that make and end
 * them, on the typed table access_grant (core/grant_rec.h).
 *
 *   ops_grants_create   the head or the security officer of the holder
 *                       grants a person of its organization access to a
 *                       carrier or an information item until a date
 *   ops_grants_revoke   the head or the security officer of the granting
 *                       organization ends a grant from the act's date
 *   ops_grants_list     a person's grants (or every grant the actor's
 *                       organization sees), paged by seq
 *   ops_grants_of_person  every grant of a person, for the access decision
 *
 * Order of answers (SPEC.md §5): 404 (unknown grant, person or target, or a
 * target the actor does not see), 403 forbidden_org, then the input error
 * the caller decoded (args.input: 400), then 409, 422 (org_liquidated,
 * audited by ops_refuse).
 *
 * Ownership: results are the caller's: grant_rec_free().
 */
#ifndef QUPIYA_OPS_GRANTS_H
#define QUPIYA_OPS_GRANTS_H

#include <stdbool.h>

#include "core/grant_rec.h"
#include "ops/ops.h"
#include "store/store_table.h"

struct ops_grant_create_args {
	const char *person_id;
	const char *carrier_id;        /* exactly one of carrier_id, information_id */
	const char *information_id;
	qdate until;
};

struct ops_grant_revoke_args {
	const char *grant_id;
	const char *reason;
	const struct qerr *input;      /* the body's decode error (400), or NULL */
};

int ops_grants_create(const struct ops_ctx *c, const struct ops_grant_create_args *a,
                      struct grant_rec *out, struct qerr *e);
int ops_grants_revoke(const struct ops_ctx *c, const struct ops_grant_revoke_args *a,
                      struct grant_rec *out, struct qerr *e);

/* Grants in seq order after after_seq, at most limit; person_id NULL: any;
 * org_id NULL: any organization. fn's row is borrowed for the call. */
int64_t ops_grants_list(struct store_tx *tx, const char *org_id, const char *person_id,
                        int64_t after_seq, int limit, store_row_fn fn, void *ctx,
                        struct qerr *e);

void grant_rec_free(struct grant_rec *g);

#endif
