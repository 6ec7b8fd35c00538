/*
 * scope_ops.h — who sees and who grants on a carrier or an information item
 * (SPEC.md §3, the paragraph after the access table; Art. 15, 23, 25.1,
 * 33.2):
 *
 *   sees     an organization that holds a copy of the carrier, has it on its
 *            registry (org_id), or disposes of its information; for an
 *            information item, the body that disposes of it or holds a
 *            carrier of it; and whoever reads across organizations (an
 *            auditor's read: r->cross_org). Anyone else gets 404: the record
 *            is invisible to it.
 *   grants   (Art. 33.2) the holder: an organization that holds a copy of the
 *            carrier; for an information item, one that holds a carrier of
 *            it or disposes of it. One that sees but may not grant gets 403.
 *
 * Custody: a copy's holder is copies[].holder_org_id; a copy without it
 * belongs to the carrier's org_id, and a copy held by a citizen executor
 * (holder_person_id) to no organization. The one reader of that is
 * ops_scope_holds_copy() (ops/scope.h, where these decisions live).
 *
 * Disposal: doc.disposing_org_id where recorded; otherwise an information
 * item's disposing body is its org_id, and a carrier's disposing bodies are
 * those of the information it carries.
 *
 * All reads happen in the caller's transaction. Errors: -1 with e set: 404
 * naming the field (invisible), 403 forbidden_org naming the field (seen,
 * not the granting organization's), 500 store.
 */
#ifndef QUPIYA_HTTP_SCOPE_OPS_H
#define QUPIYA_HTTP_SCOPE_OPS_H

#include <stdbool.h>

#include "http/http.h"
#include "http/util.h"

/* 0 when the caller sees rec (kind "carrier" or "information"); else 404
 * "not_found" naming field (NULL: none). */
int scope_visible(const struct req *r, struct store_tx *tx, const struct store_rec *rec,
                  const char *field, struct qerr *e);

/* Loads every id of the array ids (strings) of kind, each 404 naming field
 * when unknown or invisible to the caller. */
int scope_ids_visible(const struct req *r, struct store_tx *tx, const char *kind,
                      const json_t *ids, const char *field, struct qerr *e);

/* GET of the carrier or information item the path names: 404 when unknown
 * or invisible to the caller, else 200 with view(rec) (its doc when view is
 * NULL). The visible counterpart of get_scoped(). */
int scope_get(struct req *r, struct resp *out, const char *kind, rec_view_fn view,
              struct qerr *e);

#endif
