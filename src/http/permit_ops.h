/*
 * permit_ops.h — an organization's permits (Art. 34) read from the store as
 * plain data for the core rules (carrier_permit_check, org_permit_missing;
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

#endif
