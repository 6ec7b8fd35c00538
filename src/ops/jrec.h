/*
 * jrec.h — the JSON record form of the kinds not yet in typed tables
 * (issue 11): transfers, joint works, foreign transfers, and the carriers,
 * movements, clearances and organizations they read, are still one JSON
 * document per row of the `record` table (store.h). Until their typed
 * tables land, the procedures of src/ops read and build those documents
 * through these small helpers, so that jansson stays behind them and every
 * jansson call is checked in one place.
 *
 * Readers never allocate; builders return -1 (or NULL) when out of memory,
 * having released what they were given (a stolen value is released even
 * on failure, as json_object_set_new does).
 *
 * Untrusted input: none; documents are our own records.
 */
#ifndef QUPIYA_OPS_JREC_H
#define QUPIYA_OPS_JREC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"
#include "ops/docs.h"
#include "store/store.h"

/* A list of ids (borrowed strings). */
struct ops_ids {
	const char *const *v;
	size_t n;
};

/* Readers and the checked setters common to every JSON record kind
 * (ops_docs_str, ops_docs_date, ops_docs_bool, ops_docs_json_date,
 * ops_docs_load, ops_docs_org_active) are ops/docs.h; ops_details_set
 * (ops/ops.h) is the unchecked o[key] = v. */
bool jrec_same(const char *a, const char *b);        /* both set and equal */
bool jrec_has_str(const json_t *arr, const char *s); /* s is a string of arr */

/* Builders. Appends v (stolen; NULL is a failure) to a; 0 or -1. */
int jrec_append(json_t *a, json_t *v);
/* doc[name] as an array, made empty when absent or not one; NULL out of
 * memory. Borrowed. */
json_t *jrec_array(json_t *doc, const char *name);
/* New arrays of the ids, of n integers. */
json_t *jrec_ids_json(const struct ops_ids *ids);
json_t *jrec_ints_json(const int *v, size_t n);

/* A new record's head: kind, a fresh id (prefix), org_id, parent_id and
 * state; the doc is the caller's to build. */
void jrec_head(struct store_rec *rec, const char *kind, const char *prefix, const char *org_id,
               const char *parent_id, const char *state);

struct ops_ctx;

/* The end of a create: inserts rec (a NULL doc is out of memory) and
 * commits it with the audit entry action; tx is consumed either way. */
int jrec_create(const struct ops_ctx *c, struct store_tx *tx, struct store_rec *rec,
                const char *action, struct qerr *e);

/* Who may act on or read a record (0, or -1 with e set: 403). */
typedef int (*jrec_scope_fn)(const struct ops_ctx *c, struct store_tx *tx,
                             const struct store_rec *rec, struct qerr *e);
/* A step's change to rec (and the records it moves, through tx). */
typedef int (*jrec_apply_fn)(const struct ops_ctx *c, struct store_tx *tx,
                             struct store_rec *rec, const void *arg, struct qerr *e);

/* One step on the record kind id, the frame every step shares (SPEC.md
 * §5): 404, scope (403), input (the body's decode error, or NULL), apply,
 * update, commit with the audit entry action; a failure rolls back, and a
 * refusal is recorded by ops_refuse. out: the record as stored. */
int jrec_step(const struct ops_ctx *c, const char *kind, const char *id, jrec_scope_fn scope,
              const struct qerr *input, jrec_apply_fn apply, const void *arg,
              const char *action, struct store_rec *out, struct qerr *e);
/* The record kind id in a read transaction: 404, then scope (403). */
int jrec_get(const struct ops_ctx *c, const char *kind, const char *id, jrec_scope_fn scope,
             struct store_rec *out, struct qerr *e);
/* scope: the record's organization (org_id), or across (ops_scope). */
int jrec_scope_owner(const struct ops_ctx *c, struct store_tx *tx, const struct store_rec *rec,
                     struct qerr *e);

#endif
