/*
 * jrec.h — the JSON record form of the kinds not yet in typed tables
 * (issue 11): the carriers, movements, clearances and organizations that
 * transfers, joint works and foreign transfers (typed rows since
 * 0024_typed_transfers) read are still one JSON document per row of the
 * `record` table (store.h). Until their typed tables land, the procedures
 * of src/ops read and build those documents through these small helpers,
 * so that jansson stays behind them and every jansson call is checked in
 * one place.
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

/* Readers and the checked setters common to every JSON record kind
 * (ops_docs_str, ops_docs_date, ops_docs_bool, ops_docs_json_date,
 * ops_docs_load, ops_docs_org_active) are ops/docs.h; ops_details_set
 * (ops/ops.h) is the unchecked o[key] = v. */
bool jrec_same(const char *a, const char *b);        /* both set and equal */
bool jrec_has_str(const json_t *arr, const char *s); /* s is a string of arr */

/* Builders. Appends v (stolen; NULL is a failure) to a; 0 or -1. */
int jrec_append(json_t *a, json_t *v);
/* A new array of n integers; NULL out of memory. */
json_t *jrec_ints_json(const int *v, size_t n);

#endif
