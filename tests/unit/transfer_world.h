/*
 * transfer_world.h — records for the unit tests of the transfer procedures
 * without HTTP (test_ops_transfers.c, test_ops_joint_works.c,
 * test_ops_foreign.c): organizations, a permit, an information item of a
 * disposing body and carriers with one copy, in the record form the API
 * stores them. Include after ops_world.h, once, in the test program only.
 */
#ifndef QUPIYA_TESTS_TRANSFER_WORLD_H
#define QUPIYA_TESTS_TRANSFER_WORLD_H

#include <jansson.h>

#include "ops/orgs.h"
#include "store/store.h"
#include "org_row.h"
#include "tap.h"

/* Inserts a record of kind with id (doc taken; doc.id set). */
static inline void
tw_put(struct store *s, const char *kind, const char *id, const char *org, const char *ref,
       const char *state, json_t *doc)
{
	struct store_tx *tx = NULL;
	struct store_rec r = {0};
	struct qerr e = {0};

	q_strlcpy(r.kind, kind, sizeof r.kind);
	q_strlcpy(r.id, id, sizeof r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.ref, ref != NULL ? ref : "", sizeof r.ref);
	q_strlcpy(r.state, state, sizeof r.state);
	json_object_set_new(doc, "id", json_string(id));
	r.doc = doc;
	CHECK(store_begin(s, true, &tx, &e) == 0);
	/* kind "org": a typed organization (org_row.h) */
	CHECK((strcmp(kind, "org") == 0 ? org_row_insert(tx, id, state, doc, &e)
	                                : store_rec_insert(tx, &r, &e)) == 0);
	CHECK(store_commit(tx, &e) == 0);
	store_rec_clear(&r);
}

/* An active organization of kind (e.g. "state_body", "foreign_state"). */
static inline void
tw_org(struct store *s, const char *id, const char *kind)
{
	char bin[16];

	/* a BIN of its own: the BIN is unique across organizations */
	snprintf(bin, sizeof bin, "9100000001%02u", (unsigned)(unsigned char)id[strlen(id) - 1] % 100);
	tw_put(s, "org", id, "", NULL, "active",
	       json_pack("{s:s, s:s, s:s, s:s}", "kind", kind, "bin", bin, "city",
	                 "Astana", "state", "active"));
}

/* An information item of the disposing body org. */
static inline void
tw_info(struct store *s, const char *id, const char *org)
{
	tw_put(s, "information", id, org, NULL, "classified",
	       json_pack("{s:s, s:s}", "org_id", org, "label", "top_secret"));
}

/* A registered carrier of org labelled top_secret with one copy at home,
 * carrying info (disposed of by disposer). */
static inline void
tw_carrier(struct store *s, const char *id, const char *org, const char *info,
           const char *disposer)
{
	tw_put(s, "carrier", id, org, id, "registered",
	       json_pack("{s:s, s:s, s:s, s:s, s:[s], s:[s], s:s, s:[{s:i, s:s, s:n, s:n, s:s,"
	                 " s:n}]}",
	                 "org_id", org, "label", "top_secret", "title", "report", "state", "registered",
	                 "information_ids", info, "disposing_org_ids", disposer,
	                 "disposing_org_id", disposer, "copies", "number", 1, "holder_org_id", org,
	                 "holder_person_id", "holder", "state", "in_registry", "issued_on"));
}

/* A top_secret permit of org valid from 2020 to 2030 (the actor acts across). */
static inline void
tw_permit(struct ops_ctx *c, const char *org, const char *number, char id[STORE_ID_MAX])
{
	struct ops_permit_issue_args a = {.org_id = org, .degree = DEGREE_TOP_SECRET,
	                                  .number = number,
	                                  .issued_on = date_from_ymd(2020, 1, 10),
	                                  .valid_until = date_from_ymd(2030, 1, 10)};
	struct permit_rec p;
	struct qerr e = {0};

	CHECK(ops_permit_issue(c, &a, &p, &e) == 0);
	q_strlcpy(id, p.h.id, STORE_ID_MAX);
	permit_rec_free(&p);
}

/* The record kind id as stored, into out (cleared by the caller). */
static inline int
tw_get(struct store *s, const char *kind, const char *id, struct store_rec *out)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int rc;

	if (store_begin(s, false, &tx, &e) != 0)
		return -1;
	rc = store_rec_get(tx, kind, id, out, &e);
	store_rollback(tx);
	return rc;
}

/* The number of records of kind (under parent, or any when NULL). */
static inline int
tw_count(struct store *s, const char *kind, const char *parent)
{
	struct store_query q = {.kind = kind, .parent_id = parent, .limit = 500};
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int64_t n = 0;

	if (store_begin(s, false, &tx, &e) != 0)
		return -1;
	if (store_rec_count(tx, &q, &n, &e) != 0)
		n = -1;
	store_rollback(tx);
	return (int)n;
}

/* Acting as user of org (cross: across organizations). */
static inline void
tw_act(struct ops_ctx *c, const char *user, const char *org, bool cross)
{
	q_strlcpy(c->actor.user_id, user, sizeof c->actor.user_id);
	q_strlcpy(c->actor.org_id, org, sizeof c->actor.org_id);
	c->actor.cross_org = cross;
}

/* The common world: organizations org_a (the sender, customer, proposer),
 * org_b (the recipient, executor), org_m (the disposing body of info_1)
 * and the carrier car_1 of org_a carrying info_1; c acts for nobody yet. */
#ifdef QUPIYA_TESTS_OPS_WORLD_H
static inline void
tw_world(struct store *s, struct ops_ctx *c, struct crypto_keys *ring)
{
	ops_world_ctx(c, s, ring);
	tw_org(s, "org_a", "state_body");
	tw_org(s, "org_b", "state_body");
	tw_org(s, "org_m", "state_body");
	tw_info(s, "info_1", "org_m");
	tw_carrier(s, "car_1", "org_a", "info_1", "org_m");
}
#endif

/* The audit log verifies against the key ring. */
static inline void
tw_verify(struct store *s, struct crypto_keys *ring)
{
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	int64_t entries = 0, bytes = 0;

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(audit_verify(tx, (const uint8_t (*)[32])ring->pks, ring->npk, NULL, NULL, &entries,
	                   &bytes, &e) == 0);
	store_rollback(tx);
}

#endif
