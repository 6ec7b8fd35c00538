/*
 * permit_ops.h — an organization's permits (Art. 34) read from the store as
 * plain data for the core rules (through the typed reads of ops/orgs.h) (carrier_permit_check, org_permit_missing;
 * transfer_permit_check, recipient_permit_missing).
 */
#ifndef QUPIYA_HTTP_PERMIT_OPS_H
#define QUPIYA_HTTP_PERMIT_OPS_H

#include <stddef.h>

#include "core/carrier.h"
#include "store/store.h"

/* Every permit of org_id into *out (caller frees with free(); state strings
 * are static). 0, or -1 with e set (500 on allocation failure). */
int org_permits_load(struct store_tx *tx, const char *org_id,
                     struct carrier_permit **out, size_t *n, struct qerr *e);

/* org_permits_load with each permit's state as it stood on day `on` (its
 * history rolled back, core/permit.h permit_stored_state_on; SPEC.md §3:
 * permits are checked as they stood on the act's effective_date). on =
 * QDATE_NONE: the stored states. */
int org_permits_load_on(struct store_tx *tx, const char *org_id, qdate on,
                        struct carrier_permit **out, size_t *n, struct qerr *e);

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
