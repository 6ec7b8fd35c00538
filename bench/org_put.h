/*
 * org_put.h — an organization registered for a bench program that writes
 * rows straight through the store (bench_cascade, bench_deadlines,
 * bench_store): carriers, journal entries and information items name their
 * organization by a key since 0025_typed_items, 0027_org_fks and
 * 0028_carrier_fks, so it must be there first. Active, named by its id,
 * registered on 1 January 2026. 0, or -1 with e set.
 */
#ifndef QUPIYA_BENCH_ORG_PUT_H
#define QUPIYA_BENCH_ORG_PUT_H

#include <math.h>
#include <stdlib.h>

#include "core/org_rec.h"
#include "store/store.h"
#include "store/store_table.h"
#include "store/tables_org.h"

static inline int
bench_org_put(struct store_tx *tx, const char *id, struct qerr *e)
{
	struct org_rec o = {0};
	int rc;

	q_strlcpy(o.h.id, id, sizeof o.h.id);
	o.name = strdup(id);
	o.kind = ORG_STATE_BODY;
	o.state = ORG_ACTIVE;
	o.state_share = NAN;
	o.registered_on = date_from_ymd(2026, 1, 1);
	o.liquidated_on = QDATE_NONE;
	rc = o.name != NULL ? store_row_insert(tx, &store_org_table, &o, e)
	                    : qerr_internal(e, "bench: out of memory");
	org_rec_free(&o);
	return rc;
}

#endif
