/*
 * reclassify.h — POST /v1/information/{id}/reclassify, "information.
 * reclassify": the decision on an information item a list change flagged
 * (Art. 22.3, 23.1): it is classified on another (or the changed) list
 * item, at a degree that basis allows, by the head of the disposing body
 * or one of its classifiers (Art. 5.4, 15.1). Moved from
 * src/http/h_declassify.c (issue 11).
 *
 * Order (SPEC.md §5): 404 the item, 403 outside the actor's organization,
 * the body's 400 (input), 404 list_item_id, the item's state
 * (declassify_information_state), the classifier (ops_classifier_check,
 * unless the actor is a head), then the rules: topics (Art. 17), basis in
 * force (Art. 20.1), degree within the list item's (Art. 15.2, 18.1). A
 * refusal by a rule is recorded (ops_refuse).
 *
 * The item (core/info_rec.h) gains reclassifications[] {from_list_item_id,
 * to_list_item_id, from_degree, to_degree, effective_date, by}, its
 * list_item_id, list_id, basis and degree, and leaves the review
 * (ops_info_review_clear); a changed degree offers its carriers a
 * decision (ops_declassify_carriers_offer).
 */
#ifndef QUPIYA_OPS_RECLASSIFY_H
#define QUPIYA_OPS_RECLASSIFY_H

#include <stdbool.h>

#include "core/degree.h"
#include "core/info_rec.h"
#include "ops/declassify.h"
#include "ops/ops.h"

struct ops_info_reclassify_args {
	const char *info_id;
	const char *list_item_id;      /* NULL: the item it is classified on */
	bool has_degree;
	enum degree degree;            /* when has_degree; else its degree stays */
	const struct qerr *input;      /* the body's decode error, or NULL */
};

/* *out the item as stored afterwards (info_rec_free) and *offers the
 * carriers offered a decision (an array, empty when the degree stayed);
 * both the caller's. */
int ops_info_reclassify(const struct ops_ctx *c, const struct ops_info_reclassify_args *a,
                        struct info_rec *out, struct ops_carrier_offers *offers,
                        struct qerr *e);

#endif
