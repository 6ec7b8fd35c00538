/*
 * declassify.h — declassification and extension of information and
 * carriers, relabelling of a carrier (Law "On State Secrets", Art. 15.4, 18,
 * 20.3, 22, 23, 28; SPEC.md §3 "Declassification"):
 *
 *   ops_declassify_information         POST /v1/information/{id}/declassify
 *   ops_declassify_information_extend  POST /v1/information/{id}/extend
 *   ops_declassify_carrier             POST /v1/carriers/{id}/declassify
 *   ops_declassify_carrier_extend      POST /v1/carriers/{id}/extend
 *   ops_declassify_carrier_relabel     POST /v1/carriers/{id}/relabel
 *   ops_declassify_carriers_offer      the carriers of an item whose state
 *                                      or degree changed, offered a decision
 *   (the flag itself: ops_review_flag, ops/lists.h)
 *
 * Each step: load (404), the body's 400 (args.input, decoded by the
 * caller), competence (not_competent_to_declassify, Art. 23.1, 23.2, 28;
 * 404 instead for an actor that does not see the target: SPEC.md §3, §5),
 * the state (409), the rules of core/declassify.h (422, recorded by
 * ops_refuse), the write with its audit entry in one transaction.
 *
 * Competence, from the records (ops/disposal.h): the disposing body as
 * recorded, its successor once liquidated (Art. 28), a superior on its
 * parent chain, an archive with the fund's delegation for what it keeps
 * (Art. 23.2), the authorized body for a body liquidated without a
 * successor. Custody confers nothing. A carrier is declassified or
 * relabelled by every body whose information on it is still classified
 * (any of its disposing bodies when none is); extended by any one of them.
 *
 * Records: information (core/info_rec.h: state, declassification,
 * extensions[], review flag), carrier (core/carrier_rec.h: state,
 * declassification, review flag; extensions[] and relabellings[] in its
 * extra) and a journal entry (core/movement_rec.h) per act on a carrier.
 *
 * Ownership: results are the caller's: ops_declassify_result_clear().
 */
#ifndef QUPIYA_OPS_DECLASSIFY_H
#define QUPIYA_OPS_DECLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/carrier.h"
#include "core/carrier_rec.h"
#include "core/declassify.h"
#include "core/degree.h"
#include "core/info_rec.h"
#include "ops/ops.h"

/* The record as written; offers: the carriers offered a decision
 * (information declassified), NULL otherwise. */
/* A carrier of an item whose state or degree changed, offered a decision
 * (Art. 18, 23.1). */
struct ops_carrier_offer {
	char carrier_id[STORE_ID_MAX];
	char account_number[CARRIER_ACCOUNT_MAX];
	char org_id[STORE_ID_MAX];
	enum degree label;              /* DEGREE_NONE: none */
	enum declassify_offer offer;
	enum degree proposed;           /* DEGREE_NONE: none */
};
struct ops_carrier_offers {
	struct ops_carrier_offer *v;    /* in the carriers' order */
	size_t n;
};
void ops_carrier_offers_free(struct ops_carrier_offers *o);   /* accepts NULL */

struct ops_declassify_result {
	struct carrier_rec car;         /* a carrier (not is_info) */
	struct info_rec info;           /* an information item (is_info) */
	bool is_info;
	bool has_offers;                /* an item's declassification: its carriers */
	struct ops_carrier_offers offers;
};
void ops_declassify_result_clear(struct ops_declassify_result *r);

struct ops_declassify_args {
	const char *id;                 /* the information item or carrier */
	const char *ground;             /* declassify_ground_names; NULL: missing (422) */
	const char *court_ref;
	const struct qerr *input;       /* the body's 400, or NULL */
};

struct ops_extend_args {
	const char *id;
	qdate declassify_on;
	const char *conclusion_ref;     /* information: conclusion_ref; carrier:
	                                 * expert_conclusion_ref (NULL: missing) */
	const struct qerr *input;
};

struct ops_relabel_args {
	const char *carrier_id;
	enum degree label;
	const struct qerr *input;
};

int ops_declassify_information(const struct ops_ctx *c, const struct ops_declassify_args *a,
                               struct ops_declassify_result *out, struct qerr *e);
int ops_declassify_information_extend(const struct ops_ctx *c, const struct ops_extend_args *a,
                                      struct ops_declassify_result *out, struct qerr *e);
int ops_declassify_carrier(const struct ops_ctx *c, const struct ops_declassify_args *a,
                           struct ops_declassify_result *out, struct qerr *e);
int ops_declassify_carrier_extend(const struct ops_ctx *c, const struct ops_extend_args *a,
                                  struct ops_declassify_result *out, struct qerr *e);
int ops_declassify_carrier_relabel(const struct ops_ctx *c, const struct ops_relabel_args *a,
                                   struct ops_declassify_result *out, struct qerr *e);

/* Offers every still-classified carrier naming info_id a decision (Art. 18,
 * 23.1: "declassify", "relabel", "raise" or "keep", with the item counted
 * as new_state / new_degree) and flags those that need one (reason): the
 * offers into *out (the caller's: ops_carrier_offers_free). 0, or -1 with
 * e set (out empty). In the caller's write transaction. */
int ops_declassify_carriers_offer(const struct ops_ctx *c, struct store_tx *tx,
                                  const char *info_id, enum carrier_info_state new_state,
                                  enum degree new_degree, const char *reason,
                                  struct ops_carrier_offers *out, struct qerr *e);

/* The decision taken (how: "declassified", "relabelled"): the carrier
 * leaves the deadlines list's review (review_required false, its due date
 * and reason removed, a "resolved" entry appended to its reviews). 0, or
 * -1 (500). */
int ops_declassify_review_clear(const struct ops_ctx *c, struct carrier_rec *car,
                                const char *how, struct qerr *e);

#endif
