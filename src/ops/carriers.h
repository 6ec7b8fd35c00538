/*
 * carriers.h — the carrier registry's procedures (Art. 1, 18, 19, 20, 25,
 * 28, 33, 34; R743 p.4.2, p.10, p.11; SPEC.md §2 "Carrier"):
 *
 *   ops_carriers_register  POST /v1/carriers                "carrier.create"
 *   ops_carriers_issue     POST /v1/carriers/{id}/issue     "carrier.issue"
 *   ops_carriers_return    POST /v1/carriers/{id}/return    "carrier.return"
 *   ops_carriers_destroy   POST /v1/carriers/{id}/destroy   "carrier.destroy"
 *   ops_carriers_archive   POST /v1/carriers/{id}/archive   "carrier.archive"
 *   ops_carriers_get       GET /v1/carriers/{id}: the record and its journal
 *   ops_carriers_seen      GET /v1/carriers/{id}/movements: may the actor
 *                          read its journal (404 unseen, 403)
 *   ops_carriers_list      GET /v1/carriers: a registry, paged
 *
 * Each step is one write transaction: load the carrier (404, or 404 when
 * the actor does not see it), 403 unless the actor's organization holds a
 * copy or is the carrier's registry (the registry alone for the acts on
 * the whole carrier: destroy, archive), the body's 400 (args.input: the
 * caller decoded it; SPEC.md §5 answers it after 404 and 403), the ids in
 * the body (404), 409 (copy and carrier state, a copy away), 422 rules
 * (recorded by ops_refuse). A movement is added to the circulation journal
 * (record "movement", parent_id = the carrier) in the same transaction as
 * the change and its audit entry.
 *
 * Records: carriers and their journal are typed rows (core/carrier_rec.h,
 * core/movement_rec.h; ops/carrier_store.h), custody per copy over the
 * struct (core/custody_rec.h); no JSON here but the audit entry's.
 *
 * Ownership: results are the caller's: ops_carrier_result_clear().
 */
#ifndef QUPIYA_OPS_CARRIERS_H
#define QUPIYA_OPS_CARRIERS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/carrier.h"
#include "core/carrier_rec.h"
#include "core/degree.h"
#include "core/movement_rec.h"
#include "ops/carrier_store.h"
#include "ops/ops.h"

/* The carrier as written and its journal (oldest first); src/http encodes
 * them (carrier_rec_doc, movement_rec_doc). */
struct ops_carrier_result {
	struct carrier_rec car;
	struct movement_rec *movements;
	size_t n_movements;
};
void ops_carrier_result_clear(struct ops_carrier_result *r);

struct ops_carrier_register_args {
	const char *org_id;
	const char *account_number;
	const char *kind;                     /* paper, electronic, media, product, other */
	const char *title;
	enum degree label;
	const char *const *information_ids;   /* n_info ids */
	size_t n_info;
	const char *const *source_carrier_ids;
	size_t n_src;
	int copies;
	long long sheets;
	qdate declassify_on;                  /* QDATE_NONE: the items' latest */
	/* Art. 19: the owner's facts (kind SELF when no owner was given), the
	 * owner organization's BIN (NULL), and the record's owner, alienation
	 * and court_ref members as a carrier holding only them (borrowed: its
	 * `more` bits, their fields and extra are copied into the carrier;
	 * NULL: none). */
	struct carrier_owner owner;
	const char *owner_bin;
	const struct carrier_rec *owner_record;
	const struct qerr *input;             /* the owner fields' 400 (after 403), or NULL */
};

struct ops_carrier_copy_args {
	const char *carrier_id;
	const char *person_id;
	long long copy_number;
	const struct qerr *input;             /* the body's decode error (400), or NULL */
};

struct ops_carrier_close_args {
	const char *carrier_id;
	const char *ref;                      /* destroy: act_number; archive: archive_ref */
	const char *archive_org_id;           /* archive: the state archive, or NULL */
	const struct qerr *input;
};

/* The registry record of a new carrier (without its disposing bodies:
 * disposal_carrier_rec_bodies) into *car, as ops_carriers_register writes
 * it: id (NULL: a new one), org_id, the args' fields, copies held by
 * org_id, state registered, registered on the act's date by the actor,
 * declassify_on (QDATE_NONE: null). For the bulk import, which writes the
 * same row (ops/carrier_import.c). -1 out of memory (e set). */
int ops_carrier_rec_new(const struct ops_ctx *c, const struct ops_carrier_register_args *a,
                        const char *id, const char *org_id, qdate declassify_on,
                        struct carrier_rec *car, struct qerr *e);

int ops_carriers_register(const struct ops_ctx *c, const struct ops_carrier_register_args *a,
                          struct ops_carrier_result *out, struct qerr *e);
int ops_carriers_issue(const struct ops_ctx *c, const struct ops_carrier_copy_args *a,
                       struct ops_carrier_result *out, struct qerr *e);
int ops_carriers_return(const struct ops_ctx *c, const struct ops_carrier_copy_args *a,
                        struct ops_carrier_result *out, struct qerr *e);
int ops_carriers_destroy(const struct ops_ctx *c, const struct ops_carrier_close_args *a,
                         struct ops_carrier_result *out, struct qerr *e);
int ops_carriers_archive(const struct ops_ctx *c, const struct ops_carrier_close_args *a,
                         struct ops_carrier_result *out, struct qerr *e);

/* The carrier with its journal, read in one transaction: 404 unknown or
 * not seen by the actor (SPEC.md §3). */
int ops_carriers_get(const struct ops_ctx *c, const char *carrier_id,
                     struct ops_carrier_result *out, struct qerr *e);

/* 0 when the actor may read the carrier's journal: it sees the carrier
 * (404 otherwise) and its organization holds a copy, is its registry, sent
 * copies away or disposes of its information, or reads across
 * organizations (403 otherwise). */
int ops_carriers_seen(const struct ops_ctx *c, const char *carrier_id, struct qerr *e);

/* GET /v1/carriers: the filters (NULL: any), already checked by the caller
 * (400); org_id NULL lists every registry to a cross-organization reader
 * and the actor's own to anyone else (403 when it names another). */
struct ops_carrier_filter {
	const char *org_id;
	const char *state;
	const char *account_number;
	const char *label;
	const char *holder;
	int64_t after_seq;
	int limit;                        /* rows wanted (one more is read) */
	const struct qerr *input;         /* the query's 400 (after the 403), or NULL */
};

/* One row of a registry: the carrier (borrowed for the call) and, when an
 * organization's registry is listed (registry != NULL), the numbers of the
 * copies it holds (held[0..nheld)) and the date copies last left it (NULL:
 * never). A non-zero return stops the listing. */
typedef int (*ops_carrier_row_fn)(void *ctx, const struct carrier_rec *car,
                                  const char *registry, const int *held, size_t nheld,
                                  const char *left_on);

/* Calls fn for up to f->limit rows in seq order; *more when further rows
 * exist. 0, or -1 with e set. */
int ops_carriers_list(const struct ops_ctx *c, const struct ops_carrier_filter *f,
                      ops_carrier_row_fn fn, void *ctx, bool *more, struct qerr *e);

/* Every carrier with the tag (STORE_TAG_HOLDER, STORE_TAG_PARTY,
 * STORE_TAG_LABEL) of that value, in seq order, typed: fn borrows each for
 * the call; its non-zero return stops the walk and is returned. Read in
 * the caller's transaction. */
int ops_carriers_walk(struct store_tx *tx, const char *tag, const char *value,
                      store_carrier_cb fn, void *ctx, struct qerr *e);

/* The journal of the carrier carrier_id, oldest first: a new array *out
 * of *n entries (ops_carriers_journal_free), or -1 with e set. */
int ops_carriers_journal(struct store_tx *tx, const char *carrier_id, struct movement_rec **out,
                         size_t *n, struct qerr *e);
void ops_carriers_journal_free(struct movement_rec *v, size_t n);

/* A page of the journal of the carrier carrier_id (a const char *): the
 * entries after after_seq in seq order, at most limit, each a const struct
 * movement_rec * borrowed for fn's call; fn's non-zero return stops the
 * page. >= 0, or -1 with e set. The each() of http's list_rows. */
int64_t ops_carriers_journal_each(struct store_tx *tx, const void *carrier_id,
                                  int64_t after_seq, int limit,
                                  int (*fn)(void *, const void *), void *ctx, struct qerr *e);

#endif
