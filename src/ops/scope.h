/*
 * scope.h — who sees and who grants on a carrier or an information item
 * (SPEC.md §3, the paragraph after the access table; Art. 15, 23, 25.1,
 * 33.2), for the procedures of src/ops (the handlers call those procedures;
 * nothing in src/http decides it):
 *
 *   sees     an organization that holds a copy of the carrier, has it on its
 *            registry (org_id), or disposes of its information; for an
 *            information item, the body that disposes of it or holds a
 *            carrier of it; and whoever reads across organizations (an
 *            auditor's read: cross_org). Anyone else gets 404: the record
 *            is invisible to it.
 *   grants   (Art. 33.2) the holder: an organization that holds a copy of the
 *            carrier; for an information item, one that holds a carrier of
 *            it or disposes of it. One that sees but may not grant gets 403.
 *
 * Custody: a copy's holder is copies[].holder_org_id; a copy without it
 * belongs to the carrier's org_id, and a copy held by a citizen executor
 * (holder_person_id) to no organization (ops_scope_carrier_may_grant, the one
 * reader). Disposal: doc.disposing_org_id where recorded; otherwise an
 * information item's disposing body is its org_id, and a carrier's
 * disposing bodies are those of the information it carries.
 *
 * All reads happen in the caller's transaction; "holds a carrier of the
 * item" follows the carrier_information link table (store/tables_carriers.h),
 * never a walk of the organization's registry. Errors: -1 with e set (500
 * store).
 */
#ifndef QUPIYA_OPS_SCOPE_H
#define QUPIYA_OPS_SCOPE_H

#include <stdbool.h>

#include "core/qerr.h"
#include "store/store.h"

struct carrier_rec;
struct info_rec;

/* Whether org may grant on the carrier c (Art. 33.2: holds a copy; a
 * carrier without copies: its org_id), and whether an actor of org
 * (cross_org: reading across organizations) sees it, into *out. */
bool ops_scope_carrier_may_grant(const struct carrier_rec *c, const char *org);
int ops_scope_carrier_sees(struct store_tx *tx, const struct carrier_rec *c, const char *org,
                           bool cross_org, bool *out, struct qerr *e);

/* The same for an information item as a struct (core/info_rec.h). */
int ops_scope_info_may_grant(struct store_tx *tx, const struct info_rec *r, const char *org,
                             bool *out, struct qerr *e);
int ops_scope_info_sees(struct store_tx *tx, const struct info_rec *r, const char *org,
                        bool cross_org, bool *out, struct qerr *e);

/* Whether org_id is root or subordinate to it (root on its parent chain,
 * at most DECLASSIFY_ANCESTORS_MAX hops; cycles cut), into *out. */
int ops_scope_in_subordination(struct store_tx *tx, const char *org_id, const char *root,
                               bool *out, struct qerr *e);

#endif
