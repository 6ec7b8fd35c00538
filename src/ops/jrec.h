/*
 * jrec.h — jrec_same, the string comparison the moves share. The readers
 * of the JSON record form that remain (ops_docs_str, ops_docs_date,
 * ops_docs_bool, ops_docs_json_date, ops_docs_load, ops_docs_org_active)
 * are ops/docs.h, included here for the files that still use them.
 */
#ifndef QUPIYA_OPS_JREC_H
#define QUPIYA_OPS_JREC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/qerr.h"
#include "ops/docs.h"
#include "store/store.h"

bool jrec_same(const char *a, const char *b);        /* both set and equal */

#endif
