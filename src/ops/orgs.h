/*
 * orgs.h — the procedures on organizations' permits (Art. 34, SPEC.md §2)
 * and the typed reads every other step makes of them (issue 11; records in
 * core/org_rec.h, tables in store/tables_org.h).
 *
 * Procedures (each one whole step: load, decide, write, audit, commit):
 *   ops_org_register    POST /v1/orgs                  "org.create"
 *   ops_permit_issue    POST /v1/orgs/{id}/permits     "permit.create"
 *   ops_permit_suspend  POST /v1/permits/{id}/suspend  "permit.suspend"
 *   ops_permit_resume   POST /v1/permits/{id}/resume   "permit.resume"
 *   ops_permit_cancel   POST /v1/permits/{id}/cancel   "permit.cancel"
 *   ops_permit_mark     POST /v1/permits/{id}/marks    "permit.mark"
 *   ops_certificate_add POST /v1/orgs/{id}/certificates "certificate.create"
 *   ops_delegation_add  POST /v1/orgs/{id}/archive-delegations
 *                                                      "archive_delegation.create"
 * Errors in SPEC.md §5 order: 404 (the permit or organization), 400 (dates,
 * the other party), 409 (invalid_state; duplicate number), 500.
 *
 * Reads (inside the caller's transaction): ops_org_load, ops_org_active,
 * ops_orgs_each, ops_permit_load,
 * ops_org_permits, ops_permit_state_on, ops_certificates_each,
 * ops_delegation_find, ops_delegations_page.
 *
 * Ownership: results are the caller's, released with org_rec_free(),
 * permit_rec_free() / ops_permits_free().
 *
 * ORGANIZATIONS are typed rows (core/org_rec.h, table organization): every
 * procedure that names an organization loads it with ops_org_load (404
 * naming the field) and asks ops_org_active for org_liquidated (Art. 28);
 * liquidation itself is ops_org_liquidate (ops/transfers.h).
 */
#ifndef QUPIYA_OPS_ORGS_H
#define QUPIYA_OPS_ORGS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/org_rec.h"
#include "ops/ops.h"
#include "store/store_table.h"

struct ops_org_args {
	const char *name;
	const char *bin;              /* NULL: none (foreign states, international orgs) */
	int kind;                     /* enum org_kind */
	const char *parent_id;        /* NULL: none */
	const char *city;             /* NULL: none */
	bool foreign_participation;
	double state_share;           /* NaN: none */
	int regime_category;          /* enum org_regime; 0 none */
};

/* 400 missing_field bin (a body of this country has one) /
 * invalid_check_digit bin (core/ident.h), 404 parent_id, 403
 * forbidden_org (a security officer places a new organization only within
 * its own subordination), 409 duplicate bin. */
int ops_org_register(const struct ops_ctx *c, const struct ops_org_args *a,
                     struct org_rec *out, struct qerr *e);

/* The organization org_id into *out (the caller's: org_rec_free()); 404
 * naming field (may be NULL) when absent. */
int ops_org_load(struct store_tx *tx, const char *org_id, struct org_rec *out,
                 const char *field, struct qerr *e);
/* org_liquidated (Art. 28): 0 when the organization org_id acts; 404
 * naming field (may be NULL) when it does not exist; else the rule's 422
 * naming field. */
int ops_org_active(struct store_tx *tx, const char *org_id, const char *field,
                   struct qerr *e);
/* The filters of GET /v1/orgs; NULL: any. */
struct ops_org_filter {
	const char *parent_id;
	const char *state;            /* a state name; another matches nothing */
	const char *bin;
};
/* Calls fn for each organization (struct org_rec, borrowed for the call)
 * matching f, in seq order, after_seq and limit as store_row_list. */
int64_t ops_orgs_each(struct store_tx *tx, const struct ops_org_filter *f, int64_t after_seq,
                      int limit, store_row_fn fn, void *ctx, struct qerr *e);

struct ops_permit_issue_args {
	const char *org_id;           /* the holder (path) */
	enum degree degree;
	const char *number;
	qdate issued_on;
	qdate valid_until;
};

struct ops_permit_mark_args {
	const char *permit_id;
	const char *org_id;           /* the other contracting party */
	const char *agreement_ref;
};

int ops_permit_issue(const struct ops_ctx *c, const struct ops_permit_issue_args *a,
                     struct permit_rec *out, struct qerr *e);
int ops_permit_suspend(const struct ops_ctx *c, const char *permit_id,
                       struct permit_rec *out, struct qerr *e);
int ops_permit_resume(const struct ops_ctx *c, const char *permit_id,
                      struct permit_rec *out, struct qerr *e);
int ops_permit_cancel(const struct ops_ctx *c, const char *permit_id,
                      struct permit_rec *out, struct qerr *e);
int ops_permit_mark(const struct ops_ctx *c, const struct ops_permit_mark_args *a,
                    struct permit_rec *out, struct qerr *e);

struct ops_certificate_args {
	const char *org_id;           /* the holder (path) */
	const char *means;
	const char *number;
	enum degree degree;
	qdate valid_until;
};

struct ops_delegation_args {
	const char *org_id;           /* the fund-forming organization (path) */
	const char *archive_org_id;
	const char *ref;
};

/* 404 organization, 403 another organization (ops_scope), 409 duplicate
 * (field number / archive_org_id), 400 a delegation to itself. */
int ops_certificate_add(const struct ops_ctx *c, const struct ops_certificate_args *a,
                        struct certificate_rec *out, struct qerr *e);
int ops_delegation_add(const struct ops_ctx *c, const struct ops_delegation_args *a,
                       struct delegation_rec *out, struct qerr *e);

/* Calls fn for each certificate (struct certificate_rec, borrowed for the
 * call) of org_id (NULL: every organization) in the state "active", in
 * seq order, after_seq and limit as store_row_list. Returns the number
 * visited or -1. */
int64_t ops_certificates_each(struct store_tx *tx, const char *org_id, int64_t after_seq,
                              int limit, store_row_fn fn, void *ctx, struct qerr *e);
/* The same for the delegations of org_id; archive_org_id non-NULL: only
 * those given to that archive. */
int64_t ops_delegations_each(struct store_tx *tx, const char *org_id,
                             const char *archive_org_id, int64_t after_seq, int limit,
                             store_row_fn fn, void *ctx, struct qerr *e);
/* The delegation of org_id's fund to archive_org_id; 404 when none. */
int ops_delegation_find(struct store_tx *tx, const char *org_id, const char *archive_org_id,
                        struct delegation_rec *out, struct qerr *e);

/* 0 when the permit / organization exists, 404 when not (a handler's
 * precedence check before it reports a malformed body). */
int ops_permit_exists(const struct ops_ctx *c, const char *permit_id, struct qerr *e);
int ops_org_exists(const struct ops_ctx *c, const char *org_id, struct qerr *e);
/* The same inside tx: 404 naming field (may be NULL) when absent. */
int ops_org_exists_in(struct store_tx *tx, const char *org_id, const char *field,
                      struct qerr *e);

/* The permit with its history and marks; 404 when absent. */
int ops_permit_load(struct store_tx *tx, const char *permit_id, struct permit_rec *out,
                    struct qerr *e);
/* Every permit of org_id (with history and marks) in issue order. */
int ops_org_permits(struct store_tx *tx, const char *org_id, struct permit_rec **out,
                    size_t *n, struct qerr *e);
void ops_permits_free(struct permit_rec *p, size_t n);

#define PERMIT_HISTORY_MAX 64   /* transitions rolled back; later ones count as made */

/* The stored state name the permit had on day `on` (its history rolled
 * back; QDATE_NONE: the current one). Static string. */
const char *ops_permit_state_on(const struct permit_rec *p, qdate on);

#endif
