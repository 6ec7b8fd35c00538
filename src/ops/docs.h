/*
 * docs.h — what the procedures over kinds still kept as JSON records
 * (store.h "record": lists, list items, information items)
 * share until their typed tables land (issue 11, deliverable 2).
 *
 * RECORD FORM. These kinds are one jansson document per record, the object
 * as the API shows it (store.h); the procedures of src/ops change those
 * documents and hand them to src/http, which answers them as they are.
 * Every jansson call here is checked: a failed set is an internal error
 * (500) and the step rolls back, nothing half-written.
 *
 * Everything runs inside the caller's transaction unless said otherwise;
 * nothing here commits.
 */
#ifndef QUPIYA_OPS_DOCS_H
#define QUPIYA_OPS_DOCS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "ops/ops.h"

/* The most records a walk collects (more is a 500: no person has that
 * many clearances, grounds or trips). */
#define OPS_DOCS_MAX 100000

/* Loads the record kind/id: 404 naming field (may be NULL) when absent.
 * Persons and grounds are typed rows now: for them the record form of
 * ops/persons.h. */
int ops_docs_load(struct store_tx *tx, const char *kind, const char *id, struct store_rec *out,
                 const char *field, struct qerr *e);
/* ops_docs_load, then 403 "forbidden_org" unless the record's organization
 * is the actor's (ops_scope). *out is cleared on failure. */
int ops_docs_load_scoped(const struct ops_ctx *c, struct store_tx *tx, const char *kind,
                        const char *id, struct store_rec *out, struct qerr *e);
/* The 404 / 403 of ops_docs_load_scoped in a read transaction of its own:
 * the check a handler makes when the body is bad, so that an unknown or
 * foreign record comes before a 400 (SPEC.md §5). */
int ops_docs_exists_scoped(const struct ops_ctx *c, const char *kind, const char *id,
                          struct qerr *e);
/* org_liquidated (Art. 28): 0 when the organization org_id acts; 404
 * naming field (may be NULL) when it does not exist; else the rule's 422. */
int ops_docs_org_active(struct store_tx *tx, const char *org_id, const char *field,
                   struct qerr *e);

/* The end of a failed step: tx (may be NULL) rolled back, then a rule's
 * refusal recorded by ops_refuse (action, object). -1. */
int ops_docs_fail(const struct ops_ctx *c, struct store_tx *tx, const char *action,
                 const char *object, struct qerr *e);

/* A date as a record holds it: "YYYY-MM-DD", or null for QDATE_NONE; NULL
 * when out of memory. */
json_t *ops_docs_json_date(qdate d);
/* A field of a doc: the string (NULL when absent or no string), the date
 * (QDATE_NONE when absent or malformed), the boolean (dflt when absent). */
const char *ops_docs_str(const json_t *doc, const char *key);
qdate ops_docs_date(const json_t *doc, const char *key);
bool ops_docs_bool(const json_t *doc, const char *key, bool dflt);
#endif
