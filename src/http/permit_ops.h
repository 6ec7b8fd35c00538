/*
 * permit_ops.h — an organization, its permits (Art. 34), certificates and
 * archive delegations as the API shows them: encoding only. The reads and
 * the procedures are src/ops/orgs.h (ops_carrier_permits_on, ...).
 */
#ifndef QUPIYA_HTTP_PERMIT_OPS_H
#define QUPIYA_HTTP_PERMIT_OPS_H

#include <stddef.h>

#include "core/carrier.h"
#include "store/store.h"

/* The permit as the API shows it on day `today` (its state by date):
 * degree, history [{by, effective_date, from, to}], id, issued_on, issuer,
 * marks [{agreement_ref, by, date, org_id}] (only when there are some),
 * number, org_id, state, valid_until. NULL when out of memory. */
struct permit_rec;
json_t *permit_json(const struct permit_rec *p, qdate today);

/* A certificate (struct certificate_rec) as the API shows it: by, degree,
 * id, means, number, org_id, registered_on, state, valid_until; a
 * delegation (struct delegation_rec): archive_org_id, by, delegated_on,
 * id, org_id, ref, state. NULL when out of memory. The argument is the
 * row (list_rows_enc_fn). */
json_t *certificate_json(const void *row);
/* An organization (struct org_rec) as the API shows it: id, name, bin,
 * kind, parent_id, city, foreign_participation, state_share,
 * regime_category, state, registered_on (null where none), and once
 * liquidated liquidated_on and successor_org_id. NULL when out of memory.
 * The argument is the row (list_rows_enc_fn). */
json_t *org_json(const void *row);
json_t *delegation_json(const void *row);

#endif
