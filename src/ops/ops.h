/*
 * ops.h — the operations layer (issue 11): one function per procedure of the
 * Law (register a carrier, issue a copy, grant, decide a clearance, transfer
 * copies, each joint-work step, declassify, ...), in src/ops/<domain>.c,
 * named ops_<domain>_<procedure>() and findable by that name.
 *
 * A procedure takes the context (who acts, when, against which store) and
 * typed arguments (a struct of its own, from src/core types), and owns the
 * whole step: begin the transaction, load, check scope and competence
 * (403/404 first, SPEC.md §5), decide with the pure src/core rules, write
 * through src/store, append the audit entry, commit — or roll back on any
 * failure, leaving nothing half-written. It fills a typed result for the
 * caller to encode. It knows no HTTP and no JSON: src/http decodes the
 * body into the arguments and encodes the result; src/cli calls the same
 * functions. (The one JSON it builds is the audit entry's details object,
 * in the audit log's canonical entry form: ops_audit_details_*.)
 *
 * REFUSALS. A refusal by a rule of the Law (QERR_RULE, 422) is appended to
 * the audit log by ops_refuse() in a transaction of its own; when that
 * entry cannot be written the procedure answers 503 "audit_unavailable",
 * never an unrecorded 422 (one refusal path).
 *
 * RETRIES. ops_run() runs a step and runs it again, from the start, when
 * the store reports a transient conflict (row version, serialization
 * failure, deadlock: QERR_CONFLICT with code "retry"), up to
 * OPS_RETRY_MAX times; no retry is ever visible to the user. The HTTP
 * router does the same around every handler (router.c route_run).
 *
 * OWNERSHIP. The context is borrowed by every call; results are owned by
 * the caller and released with the domain's *_free().
 */
#ifndef QUPIYA_OPS_H
#define QUPIYA_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"
#include "store/store.h"

struct audit_log;
struct crypto_keys;
struct calendar;

#define OPS_RETRY_MAX 8
#define OPS_ADDR_MAX  64
#define OPS_ORIGIN_MAX 160

/* Who acts (SPEC.md §3 "Roles"). */
struct ops_actor {
	char user_id[STORE_ID_MAX];       /* "" for anonymous / system */
	char login[STORE_REF_MAX];
	unsigned roles;                   /* every role of the user (enum role bits) */
	unsigned acting_roles;            /* the roles this procedure lets act */
	bool cross_org;                   /* an acting role acts across organizations here */
	char org_id[STORE_ID_MAX];        /* the organization the user acts for */
	char person_id[STORE_ID_MAX];     /* "" when the user is no person (admin) */
};

/* The environment of one call. */
struct ops_ctx {
	struct store *store;
	struct audit_log *audit;
	const struct crypto_keys *keys;
	const struct calendar *cal;       /* working days (SPEC §5); NULL: weekends only */
	struct ops_actor actor;
	char address[OPS_ADDR_MAX];       /* client address for the audit log, or "" */
	/* "POST /v1/orgs/org_1/permits" (the request line, as the router
	 * audits refusals) or "cli import"; "" for none. A refusal's audit
	 * entry has the origin as its action (else the procedure's action)
	 * and subject as its object (else the procedure's object). */
	char origin[OPS_ORIGIN_MAX];
	char subject[STORE_REF_MAX];      /* HTTP: the path's first {id}, or "" */
	qdate today;                      /* the server's today (real or --clock) */
	qdate effective_date;             /* the act's date (SPEC §1.5); today by default */
	/* The audit size a read transaction begun after the request arrived
	 * saw (HTTP: authentication's), when known: the access index's
	 * freshness needs no read of its own then (ops/access_index.h). */
	bool audit_size_known;
	int64_t audit_size;
};

/* 0 when org_id is the actor's organization or the actor acts across
 * organizations here; else 403 "forbidden_org". */
int ops_scope(const struct ops_ctx *c, const char *org_id, struct qerr *e);

/* Transactions of a step. */
int ops_begin(const struct ops_ctx *c, bool write, struct store_tx **tx, struct qerr *e);
/* A list of ids (borrowed strings): the ids an argument names. */
struct ops_ids {
	const char *const *v;
	size_t n;
};

/* The audit entry's actor: actor.user_id, or "anonymous" when empty. */
const char *ops_actor_name(const struct ops_ctx *c);

/* Appends the step's audit entry (outcome "ok", action e.g. "carrier.create",
 * object the id acted on, details borrowed, may be NULL) and commits; on any
 * failure rolls back and returns -1. tx is consumed either way. */
struct json_t;
int ops_commit(const struct ops_ctx *c, struct store_tx *tx, const char *action,
               const char *object, struct json_t *details, struct qerr *e);
/* Records the refusal e (a QERR_RULE) in the audit log, in its own
 * transaction (outcome "refused", e's code and article, effective date
 * today, as the router did), and sets e->audited so the router does not
 * record it again; when that fails, turns e into 503 "audit_unavailable".
 * Anything but a QERR_RULE is left as it is, unrecorded. The step's own
 * write transaction must be over (rolled back) first. Always returns -1,
 * so a step ends with `return ops_refuse(c, "permit.issue", id, e);`. */
int ops_refuse(const struct ops_ctx *c, const char *action, const char *object,
               struct qerr *e);

/* Runs step(c, args, result, e) again from the start while it fails with a
 * transient conflict (QERR_CONFLICT, code "retry" or "conflict": a stale
 * row version, store_table.h), at most OPS_RETRY_MAX times. */
typedef int (*ops_step_fn)(const struct ops_ctx *c, const void *args, void *result,
                           struct qerr *e);
int ops_run(const struct ops_ctx *c, ops_step_fn step, const void *args, void *result,
            struct qerr *e);

/* Borrowed string helpers for the audit details (checked jansson):
 * ops_details_set(o, key, value) sets value (stolen; NULL is an error) and
 * returns 0 or -1; ops_details_str(o, key, s) sets a string, or null when s
 * is NULL or "". On -1 o is unchanged but may hold earlier keys. */
int ops_details_set(struct json_t *o, const char *key, struct json_t *value);
int ops_details_str(struct json_t *o, const char *key, const char *s);
/* o[key] = d as YYYY-MM-DD, or null for QDATE_NONE; 0 or -1. */
int ops_details_date(struct json_t *o, const char *key, qdate d);
/* o[key] = [ids[0], ...] (n ids of STORE_ID_MAX); 0 or -1. */
int ops_details_ids(struct json_t *o, const char *key, const char (*ids)[STORE_ID_MAX],
                    size_t n);
/* A new empty object for the details; NULL out of memory. */
struct json_t *ops_details_new(void);

#endif
