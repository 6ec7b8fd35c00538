/*
 * disposal.h — the disposing body of information and carriers (Law
 * "On State Secrets", Art. 15, 23, 26.1, 28; SPEC.md §2 "Carrier", §3
 * not_competent_to_declassify, permission_required), read from the store.
 *
 * Disposal is not custody: the body that disposes of information is
 * recorded when it is classified (information: org_id, exposed as
 * doc.disposing_org_id) and, for a carrier, when it is registered
 * (doc.disposing_org_ids, doc.disposing_org_id) and never changes with a
 * transfer. Only a legal successor under Art. 28 (an organization
 * liquidated with doc.successor_org_id) takes disposal over: the body that
 * disposes *now* is the end of the successor chain (the "fund" of
 * Art. 23.2: the fund-forming organization and its successors).
 *
 * Records read: org (state, successor_org_id), information (org_id), the
 * carrier (typed: core/carrier_rec.h). Nothing
 * is written here but the carrier's disposal fields.
 *
 * SECURITY: ids come from stored records or from requests already
 * validated; they are only looked up. A broken chain (a cycle, an unknown
 * organization, more than DISPOSAL_SUCCESSORS_MAX hops) leaves nobody
 * disposing (fail safe).
 */
#ifndef QUPIYA_OPS_DISPOSAL_H
#define QUPIYA_OPS_DISPOSAL_H

#include <stdbool.h>
#include <stddef.h>


#include "core/carrier_rec.h"
#include "core/declassify.h"
#include "store/store.h"

#define DISPOSAL_SUCCESSORS_MAX (DECLASSIFY_SUCCESSORS_MAX + 1)
#define DISPOSAL_BODIES_MAX     16   /* disposing bodies of one carrier looked at */

/* A disposing body followed through liquidations to its legal successor. */
struct disposal_fund {
	char ids[DISPOSAL_SUCCESSORS_MAX][STORE_ID_MAX];   /* ids[0]: the body recorded */
	size_t n;
	/* ids[n-1] disposes now (an existing organization, not liquidated). */
	bool has_current;
	/* the last of the chain is liquidated and names no successor */
	bool liquidated_without_successor;
};

/* Follows org_id through liquidations (org state "liquidated",
 * doc.successor_org_id). 0, or -1 with e set (store failure). */
int disposal_fund_of(struct store_tx *tx, const char *org_id, struct disposal_fund *f,
                     struct qerr *e);

/* org_id is in the fund (the body itself or one of its successors). */
bool disposal_fund_has(const struct disposal_fund *f, const char *org_id);

/* The body that disposes now, or NULL (liquidated without successor, or
 * the chain is broken). */
const char *disposal_fund_current(const struct disposal_fund *f);

/* *out: org_id is the body that disposes now of what `recorded` disposed
 * of (the same body, or its successor under Art. 28). */
int disposal_is_current(struct store_tx *tx, const char *recorded, const char *org_id,
                        bool *out, struct qerr *e);

/* Records on c the disposing bodies of the carrier being registered: the
 * org_id of each information item of info_ids[0..n) (deduplicated, in
 * their order), or registering_org when it carries none, as
 * disposing_org_ids, and disposing_org_id (the one body, or null when
 * several); their CARRIER_F_* bits set. 0, or -1 with e set (404 on
 * "information_ids", 500 out of memory). */
int disposal_carrier_rec_bodies(struct store_tx *tx, const char *const *info_ids, size_t n,
                                const char *registering_org, struct carrier_rec *c,
                                struct qerr *e);

/* How many disposing bodies are recorded on c (c->disposing_ids), 0 for a
 * carrier written before they were recorded (see the migration). */
size_t disposal_carrier_rec_of(const struct carrier_rec *c);

/* The disposing bodies that decide on a carrier (Art. 23), into ids:
 * every disposing body recorded (all), or only those whose information on
 * it is still classified — when nothing classified remains, every one, and
 * *any is set (any one of them decides; otherwise each must). A record
 * without disposing bodies (none recorded, no information) falls back to
 * `holder`. 0, or -1 with e set. */
int disposal_carrier_rec_deciders(struct store_tx *tx, const struct carrier_rec *c,
                                  const char *holder, bool all,
                                  char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX], size_t *n,
                                  bool *any, struct qerr *e);

#endif
