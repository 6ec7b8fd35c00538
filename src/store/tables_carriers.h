/*
 * tables_carriers.h — carriers, their copies and their link tables in typed
 * tables (issue 11; sqlite_carrier_rec.c is the only SQL; migrations
 * 0011_carrier_links, 0022_typed_carriers, 0026_carrier_columns):
 *   carrier(id, seq, version, org_id, parent_id, account_number, state,
 *           fields, kind, title, label, sheets, declassify_on,
 *           registered_on, registered_by, disposing_org_id, extra, more,
 *           court_ref, lost_on, incident_id, joint_work_id, review_*,
 *           declassified_on, owner_*, alienation_*, archive_ref,
 *           archive_org_id, archived_on/_by, destruction_act_number,
 *           destroyed_on/_by, declassification_*)
 *       one row per carrier (core/carrier_rec.h); the fields of its acts in
 *       columns of their own since 0026_carrier_columns (more: which are
 *       there; extra keeps only a field of no column's shape); unique
 *       (org_id, account_number); indexed (org_id, seq), (state, seq),
 *       (label, seq).
 *   carrier_review(carrier_id, ord, kind, how, list_item_id,
 *                  information_id, effective_date, by_user, extra)
 *       its review history ("reviews") in order (0026).
 *   carrier_copies(carrier_id, number, ord, fields, holder_org_id,
 *                  holder_person_id, joint_work_id, holder, state,
 *                  issued_on, carrier_seq, extra)
 *       one row per numbered copy with its holder (custody per copy):
 *       holder_org_id or holder_person_id, never both (CHECK); indexed by
 *       holder_org_id, holder_person_id and holder (the registry's holder
 *       filter).
 *   carrier_info(carrier_id, ord, information_id, carrier_seq)
 *       the information it carries, in order; indexed (information_id,
 *       carrier_seq): "which carriers carry this item" is an index range in
 *       carrier order (the list-change and declassified-item cascades, Art.
 *       22.3, 23.1).
 *   carrier_source(carrier_id, ord, source_id), carrier_disposer(carrier_id,
 *       ord, org_id): source_carrier_ids and disposing_org_ids in order.
 *   carrier_departed(carrier_id, org_id, left_on, carrier_seq): the last
 *       date copies left each organization.
 *   carrier_party(org_id, carrier_seq, carrier_id), derived: every
 *       organization whose registry lists the carrier (GET /v1/carriers).
 *   carrier_due(carrier_id, org_id, due, carrier_seq), derived: the due date
 *       of a carrier still classified ("registered", "issued", "archived"):
 *       review_due_on when set, else declassify_on; indexed (org_id, due,
 *       carrier_seq) and (due, carrier_seq) (the deadlines list).
 * A write replaces the carrier's child and derived rows in the same
 * transaction, so they never disagree with it. Every column above naming an
 * organization or a person (org_id, disposing_org_id, archive_org_id, a
 * copy's holder_org_id, holder_person_id and holder, a disposer's, a
 * departure's, a party's and a due row's org_id) REFERENCES
 * organization(id) / person(id), and carrier_due.carrier_id carrier(id)
 * (0028_carrier_fks, store/org_fks.h): a write naming one that is not
 * there is 404.
 *
 * The record form (kind "carrier" of store.h) is a view of these rows:
 * store_rec_insert/update/get/find/list/count/list_tagged of kind "carrier"
 * land here (sqlite_records.c), so every reader that still takes the JSON
 * form reads typed rows; new code uses the typed calls below.
 *
 * Untrusted input: ids and dates come from requests; they are only bound
 * as parameters.
 */
#ifndef QUPIYA_STORE_TABLES_CARRIERS_H
#define QUPIYA_STORE_TABLES_CARRIERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/qerr.h"
#include "core/carrier_rec.h"
#include "store/store.h"
#include "store/store_table.h"

/* ---- carriers (core/carrier_rec.h) ------------------------------------------ */

void carrier_rec_clear(struct carrier_rec *c);   /* frees its arrays; accepts NULL */

/* Inserts c with its copies and link rows: c->h.id set by the caller
 * (store_id_new "carrier"), seq and version set here. 409 duplicate when
 * (org_id, account_number) exists. */
int store_carrier_insert(struct store_tx *tx, struct carrier_rec *c, struct qerr *e);
/* Rewrites the carrier c->h.id and replaces its copies and link rows;
 * c's seq and version follow the row. 404 when absent. */
int store_carrier_update(struct store_tx *tx, struct carrier_rec *c, struct qerr *e);
/* The carrier with its copies and links (404). */
int store_carrier_get(struct store_tx *tx, const char *id, struct carrier_rec *out,
                      struct qerr *e);
/* By its account number in its organization (404). */
int store_carrier_find(struct store_tx *tx, const char *org_id, const char *account_number,
                       struct carrier_rec *out, struct qerr *e);

/* The carrier as the API shows it (a new object; NULL with e set) / the
 * carrier from such an object and the record columns of r. */
json_t *carrier_rec_doc(const struct carrier_rec *c, struct qerr *e);
int carrier_rec_from(const struct store_rec *r, struct carrier_rec *c, struct qerr *e);

/* The record form over the typed tables (sqlite_records.c, sqlite_tags.c). */
int store_carrier_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e);
int store_carrier_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e);
int store_carrier_rec_get(struct store_tx *tx, const char *id, struct store_rec *out,
                          struct qerr *e);
int store_carrier_rec_find(struct store_tx *tx, const char *org_id, const char *ref,
                           struct store_rec *out, struct qerr *e);
int store_carrier_rec_list(struct store_tx *tx, const struct store_query *q, bool count,
                           int64_t *n, store_rec_cb cb, void *ctx, struct qerr *e);
int store_carrier_rec_list_tagged(struct store_tx *tx, const struct store_query *q,
                                  const struct store_tag *tags, size_t ntags,
                                  store_rec_cb cb, void *ctx, struct qerr *e);

/* The typed rows of a carrier list: as store_carrier_rec_list (ntags 0)
 * or store_carrier_rec_list_tagged (tags[0..ntags)), each carrier with its
 * copies and links, borrowed for the call; cb's non-zero return stops the
 * list and is returned. One page: at most q->limit rows (clamped to
 * STORE_PAGE_MAX) after q->after_seq. */
typedef int (*store_carrier_cb)(void *ctx, const struct carrier_rec *c);
int store_carrier_list(struct store_tx *tx, const struct store_query *q,
                       const struct store_tag *tags, size_t ntags, store_carrier_cb cb, void *ctx,
                       struct qerr *e);
/* Every carrier of q (kind "carrier"; its state, org_id, after_seq) with
 * the tags (as store_rec_walk_tagged: label, holder, party), in seq order,
 * page by page: a callback may read or write carriers itself; its non-zero
 * return stops the walk and is returned (-1: failed, e set). */
int store_carrier_walk_tagged(struct store_tx *tx, const struct store_query *q,
                              const struct store_tag *tags, size_t ntags, store_carrier_cb cb,
                              void *ctx, struct qerr *e);

/* store_carrier_naming (store.h) in the typed form. */
int store_carrier_naming_each(struct store_tx *tx, const char *info_id, store_carrier_cb cb,
                              void *ctx, struct qerr *e);

/* Every carrier after after_seq in seq order, at most limit (clamped to
 * STORE_PAGE_MAX), typed as store_carrier_list reads them but with only
 * the links who may read it needs: information_ids and copies (sources,
 * disposing bodies, departures and reviews left out, their bits cleared).
 * The access index's whole build (ops/access_index.c). */
int store_carrier_custody_list(struct store_tx *tx, int64_t after_seq, int limit,
                               store_carrier_cb cb, void *ctx, struct qerr *e);

/* Need-to-know grants (core/grant_rec.h): table access_grant, moved from
 * the record table by migration 0010_typed_grants. */
extern const struct store_table grant_table;

/* Every carrier that carries at least one of info_ids[0..n) (by its
 * information_ids), each once, in seq order, through the
 * carrier_information index: the cost is the carriers returned, never the
 * number of carriers. cb as for store_rec_list. n = 0 visits nothing. */
int store_carriers_carrying(struct store_tx *tx, const char *const *info_ids, size_t n,
                            store_rec_cb cb, void *ctx, struct qerr *e);

/* The review flag of carriers (sqlite_carrier_flag.c): the list-change and
 * declassified-item cascades read only the carrier row of each carrier they
 * flag and write its review columns and next carrier_review row, and one
 * upsert of the carrier_due rows; its copies and link rows stay untouched. */
struct store_carrier_flag {
	char id[STORE_ID_MAX];
	int64_t seq;
	char state[CARRIER_STATE_MAX];
	qdate declassify_on;            /* QDATE_NONE: none */
	qdate review_due_on;            /* QDATE_NONE: none */
	unsigned more;                  /* private: the row's more (enum carrier_more) */
	char *extra;                    /* private: the row's extra */
	char org_id[STORE_ID_MAX];      /* private: its due row's */
};
struct store_carrier_flags {
	struct store_carrier_flag *v;   /* in seq order */
	size_t n;
};
void store_carrier_flags_free(struct store_carrier_flags *f);   /* accepts NULL */
/* Every carrier that carries one of info_ids[0..n) (each once, in seq
 * order; through the carrier_info index: the cost is the carriers found). */
int store_carrier_flags_carrying(struct store_tx *tx, const char *const *info_ids, size_t n,
                                 struct store_carrier_flags *out, struct qerr *e);
/* The carrier id alone (404). */
int store_carrier_flags_get(struct store_tx *tx, const char *id,
                            struct store_carrier_flags *out, struct qerr *e);
/* Appends entry (an object of reviews[]) to the review history of the
 * carrier carrier_id as its next carrier_review row. */
int store_carrier_review_append(struct store_tx *tx, const char *carrier_id,
                                const json_t *entry, struct qerr *e);
/* Flags f->v[i] for review for every i with due[i] != QDATE_NONE:
 * review_required true, review_due_on due[i], review_reason reason (NULL:
 * null), entry appended to reviews; version + 1; its due row (while still
 * classified) due[i]. The decision (which carriers, which day) is the
 * caller's (ops_review_flag, ops/lists.h). */
int store_carriers_review_flag(struct store_tx *tx, const struct store_carrier_flags *f,
                               const qdate *due, const char *reason, const json_t *entry,
                               struct qerr *e);

/* One carrier on the deadlines list (store_carrier_due). */
struct store_carrier_due {
	qdate due;                       /* review_due_on, else declassify_on */
	int64_t seq;                     /* the carrier's seq (cursor) */
	const struct carrier_rec *car;   /* the carrier, borrowed for the call: its row and
	                                  * copies (information_ids, source_carrier_ids,
	                                  * disposing_org_ids and departed are left out,
	                                  * not read: the list needs none of them) */
};
typedef int (*store_carrier_due_cb)(void *ctx, const struct store_carrier_due *d);

/* Carriers still classified whose due date is on or before due_max, in
 * (due, seq) order, after the cursor (after_due QDATE_NONE: from the
 * start, else rows after (after_due, after_seq)), at most limit
 * (1..STORE_PAGE_MAX; clamped). org_id NULL: every organization. Served
 * by the carrier_due indexes. cb's non-zero value stops and is returned. */
int store_carrier_due(struct store_tx *tx, const char *org_id, qdate due_max,
                      qdate after_due, int64_t after_seq, int limit,
                      store_carrier_due_cb cb, void *ctx, struct qerr *e);

/* How many copies of carriers organization org_id holds (carrier_copies'
 * holder index); for the registry and its tests. */
int store_carrier_copies_held(struct store_tx *tx, const char *org_id, int64_t *n,
                              struct qerr *e);

#endif
