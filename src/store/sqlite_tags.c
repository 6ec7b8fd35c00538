/*
 * sqlite_tags.c — listing records by tag (store_rec_list_tagged, store.h):
 * the carrier registry's label and holder filters at millions of carriers,
 * and the registry of an organization: every carrier it is a party to.
 *
 * Carriers are typed rows (issue 11, 0022_typed_carriers): the tags are
 * their columns and derived rows — "label" the carrier's label, "holder" a
 * copy's holder (carrier_copies, indexed), "party" a row of carrier_party
 * (its org_id, every copy's holder_org_id, every organization copies left;
 * written with the carrier). sqlite_carrier_rec.c answers them; no other
 * kind has tags.
 *
 * Untrusted input: tag values come from requests; bound as parameters only.
 */
#include "store/db.h"
#include "store/tables_carriers.h"

#include <string.h>

int
store_rec_list_tagged(struct store_tx *tx, const struct store_query *q,
                      const struct store_tag *tags, size_t ntags,
                      store_rec_cb cb, void *ctx, struct qerr *e)
{
	if (store_tx_usable(tx, "tagged list", e) != 0)
		return -1;
	if (q->kind == NULL || strcmp(q->kind, "carrier") != 0 || tags == NULL || ntags < 1 ||
	    ntags > STORE_TAGS_MAX || tags[0].name == NULL || tags[0].value == NULL ||
	    (ntags >= 2 && (tags[1].name == NULL || tags[1].value == NULL)) ||
	    (ntags >= 3 && (tags[2].name == NULL || tags[2].value == NULL))) {
		/* A programming error: the HTTP layer builds these. */
		qerr_internal(e, NULL);
		qerr_detail(e, "tagged list: bad query");
		return -1;
	}
	return store_carrier_rec_list_tagged(tx, q, tags, ntags, cb, ctx, e);
}
