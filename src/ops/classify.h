/*
 * classify.h — the procedures of classification (Law "On State Secrets",
 * Art. 5.4, 15-22; SPEC.md §3 "Classification") and the typed reads other
 * steps make of them (issue 11; records in core/classify_rec.h, tables in
 * store/tables_classify.h).
 *
 * Procedures (each one whole step: load, decide, write, audit, commit):
 *   ops_classifier_register  POST /v1/classifiers  "classifier.create"
 * Errors in SPEC.md §5 order: 404 (the organization or person, e->field
 * naming it), 409 (duplicate: the person is on the list already), 422
 * (classify_classifier_eligible), 500.
 *
 * Reads (inside the caller's transaction): ops_classifier_check,
 * ops_classifier_list.
 *
 * Ownership: results are the caller's, released with classifier_rec_free().
 */
#ifndef QUPIYA_OPS_CLASSIFY_H
#define QUPIYA_OPS_CLASSIFY_H

#include <stdint.h>

#include "core/classify_rec.h"
#include "ops/ops.h"
#include "store/store_table.h"

struct ops_classifier_args {
	const char *org_id;           /* the state body */
	const char *person_id;        /* its official */
};

int ops_classifier_register(const struct ops_ctx *c, const struct ops_classifier_args *a,
                            struct classifier_rec *out, struct qerr *e);

/* not_a_classifier (Art. 5.4, 15.1): person_id ("" for a user who is no
 * person) is an active classifier of org_id. 0, or -1 with the rule's 422,
 * or the store's error (500). */
int ops_classifier_check(struct store_tx *tx, const char *org_id, const char *person_id,
                         struct qerr *e);

/* Filters of the list of classifiers; NULL matches any. */
struct ops_classifier_filter {
	const char *org_id;
	const char *person_id;
	const char *state;
};

/* Calls fn (row: const struct classifier_rec *) for each classifier
 * matching f with seq > after_seq, in seq order, at most limit
 * (1..STORE_PAGE_MAX). The number visited, or -1. */
int64_t ops_classifier_list(struct store_tx *tx, const struct ops_classifier_filter *f,
                            int64_t after_seq, int limit, store_row_fn fn, void *ctx,
                            struct qerr *e);

#endif
