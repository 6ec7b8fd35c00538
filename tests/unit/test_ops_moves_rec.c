/*
 * test_ops_moves_rec.c — the typed moves (ops/moves.h, *_rec over struct
 * carrier_rec) write exactly what the JSON ones do: two stored carriers
 * alike but for their id, one moved by the JSON function, one by its typed
 * variant, must read back the same carrier and the same journal entries
 * (every field, the person_id quirk of ops_movement_add included): copies
 * moved between organizations in part and whole (the carrier moves), to a
 * citizen and to an organization under a joint work, a whole carrier moved
 * back, a lone entry, a recipient that already has the account number;
 * and the checks (ops_copies_check, ops_copies_held) answer alike.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "ops/carrier_store.h"
#include "ops/moves.h"
#include "store/tables_carriers.h"
#include "store/tables_movements.h"
#include "ops_world.h"
#include "org_row.h"
#include "tap.h"

static const char base_doc[] =
	"{\"org_id\":\"org_1\",\"account_number\":\"%s\",\"kind\":\"paper\",\"title\":\"T\","
	"\"label\":\"secret\",\"sheets\":3,\"state\":\"registered\","
	"\"information_ids\":[],\"copies\":["
	"{\"number\":1,\"holder_org_id\":\"org_1\",\"holder_person_id\":null,\"state\":"
	"\"in_registry\"},"
	"{\"number\":2,\"holder_org_id\":\"org_1\",\"holder_person_id\":null,\"state\":\"issued\","
	"\"holder\":\"person_1\",\"issued_on\":\"2026-01-02\"},"
	"{\"number\":3,\"state\":\"in_registry\"}],"
	"\"departed\":{\"org_9\":\"2025-01-02\"},\"odd\":{\"kept\":true}}";

static int npairs;

/* Stores a carrier of org (account number acc) as the record form would. */
static void
put(struct store *s, const char *id, const char *org, const char *acc)
{
	struct store_tx *tx = NULL;
	struct store_rec r = {0};
	struct qerr e = {0};
	char text[2048];

	snprintf(text, sizeof text, base_doc, acc);
	q_strlcpy(r.kind, "carrier", sizeof r.kind);
	q_strlcpy(r.id, id, sizeof r.id);
	q_strlcpy(r.org_id, org, sizeof r.org_id);
	q_strlcpy(r.ref, acc, sizeof r.ref);
	q_strlcpy(r.state, "registered", sizeof r.state);
	r.doc = json_loads(text, 0, NULL);
	CHECK(r.doc != NULL && json_object_set_new(r.doc, "id", json_string(id)) == 0 &&
	      json_object_set_new(r.doc, "org_id", json_string(org)) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	/* what the carrier and the moves below name (0028_carrier_fks) */
	CHECK(rec_refs_ensure(tx, &r, &e) == 0 && org_row_ensure(tx, "org_2", &e) == 0 &&
	      org_row_ensure(tx, "org_f", &e) == 0 &&
	      person_row_ensure(tx, "person_5", "org_2", &e) == 0 &&
	      person_row_ensure(tx, "person_9", "org_1", &e) == 0);
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	if (qerr_is_set(&e))
		fprintf(stderr, "put %s: %d %s %s\n", id, e.status, e.code, e.detail);
	store_rec_clear(&r);
}

static int
journal_cb(void *ctx, const struct movement_rec *m)
{
	json_t *a = ctx, *d;
	struct qerr e = {0};

	d = movement_rec_doc(m, &e);
	if (d == NULL)
		return -1;
	/* the ids differ by construction */
	json_object_del(d, "id");
	json_object_del(d, "carrier_id");
	return json_array_append_new(a, d);
}

/* The carrier id as the API shows it (without its id) and its journal. */
static json_t *
read_back(struct store *s, const char *id)
{
	struct store_tx *tx = NULL;
	struct carrier_rec c;
	struct qerr e = {0};
	json_t *doc = NULL, *j = json_array();

	CHECK(store_begin(s, false, &tx, &e) == 0);
	if (store_carrier_get(tx, id, &c, &e) == 0) {
		doc = carrier_rec_doc(&c, &e);
		carrier_rec_clear(&c);
	}
	CHECK(store_movement_list(tx, id, NULL, 0, 100, journal_cb, j, &e) >= 0);
	store_rollback(tx);
	if (doc == NULL) {
		json_decref(j);
		return NULL;
	}
	json_object_del(doc, "id");
	json_object_del(doc, "account_number");   /* unique per organization */
	json_object_set_new(doc, "journal", j);
	return doc;
}

static bool
same(struct store *s, const char *a, const char *b)
{
	json_t *x = read_back(s, a), *y = read_back(s, b);
	bool ok = x != NULL && y != NULL && json_equal(x, y) &&
	          json_array_size(json_object_get(x, "journal")) > 0;

	if (!ok) {
		char *sx = x ? json_dumps(x, JSON_SORT_KEYS) : NULL;
		char *sy = y ? json_dumps(y, JSON_SORT_KEYS) : NULL;

		fprintf(stderr, "json:  %s\ntyped: %s\n", sx ? sx : "?", sy ? sy : "?");
		free(sx);
		free(sy);
	}
	json_decref(x);
	json_decref(y);
	return ok;
}

enum op { OP_COPIES, OP_CARRIER, OP_ADD };

struct move {
	enum op op;
	const char *from, *to_org, *to_person, *jw;
	int nums[4];
	size_t n;
	const char *extra;            /* the JSON act */
	struct movement_rec act;      /* the same, typed */
	int want;                     /* 0, or the expected failure status */
};

/* One pair: carriers car_jN and car_tN of org (acc), each moved its way;
 * the typed one answers as the JSON one and both read back the same. */
static void
pair(struct ops_ctx *c, struct store *s, const char *org, struct move *mv)
{
	char jid[32], tid[32], acc[2][32];
	struct store_tx *tx = NULL;
	struct store_rec r = {0};
	struct carrier_rec t = {0};
	struct qerr e1 = {0}, e2 = {0};
	json_t *extra = json_loads(mv->extra, 0, NULL), *nums = json_array();
	int rc1 = -1, rc2 = -1;

	npairs++;
	snprintf(jid, sizeof jid, "car_j%d", npairs);
	snprintf(tid, sizeof tid, "car_t%d", npairs);
	snprintf(acc[0], sizeof acc[0], "A-%d-j", npairs);
	snprintf(acc[1], sizeof acc[1], "A-%d-t", npairs);
	put(s, jid, org, acc[0]);
	put(s, tid, org, acc[1]);
	for (size_t i = 0; i < mv->n; i++)
		json_array_append_new(nums, json_integer(mv->nums[i]));
	CHECK(extra != NULL);

	CHECK(store_begin(s, true, &tx, &e1) == 0);
	CHECK(store_rec_get(tx, "carrier", jid, &r, &e1) == 0);
	if (mv->op == OP_COPIES)
		rc1 = ops_copies_move(c, tx, &r, mv->from, mv->to_org, mv->to_person, nums, mv->jw,
		                      extra, &e1);
	else if (mv->op == OP_CARRIER)
		rc1 = ops_carrier_move(c, tx, &r, mv->to_org, extra, &e1);
	else
		rc1 = ops_movement_add(c, tx, &r, mv->from, "transferred_out", extra, &e1);
	if (rc1 == 0)
		CHECK(store_commit(tx, &e1) == 0);
	else
		store_rollback(tx);
	store_rec_clear(&r);

	CHECK(store_begin(s, true, &tx, &e2) == 0);
	CHECK(ops_carrier_load(tx, tid, &t, NULL, &e2) == 0);
	if (mv->op == OP_COPIES)
		rc2 = ops_copies_move_rec(c, tx, &t, mv->from, mv->to_org, mv->to_person, mv->nums,
		                          mv->n, mv->jw, &mv->act, &e2);
	else if (mv->op == OP_CARRIER)
		rc2 = ops_carrier_move_rec(c, tx, &t, mv->to_org, &mv->act, &e2);
	else
		rc2 = ops_movement_add_rec(c, tx, &t, mv->from, "transferred_out", &mv->act, &e2);
	if (rc2 == 0)
		CHECK(store_commit(tx, &e2) == 0);
	else
		store_rollback(tx);
	carrier_rec_clear(&t);

	CHECK(rc1 == rc2);
	/* (a duplicate's detail names each its own account number) */
	CHECK(e1.status == e2.status && strcmp(e1.code, e2.code) == 0 &&
	      strcmp(e1.field, e2.field) == 0 && strcmp(e1.dkey, e2.dkey) == 0);
	CHECK(mv->want == 0 ? rc1 == 0 : (int)e1.status == mv->want);
	if (mv->want == 0 ? rc1 != 0 : (int)e1.status != mv->want)
		fprintf(stderr, "pair %d: %d %s %s / %d %s %s\n", npairs, e1.status, e1.code,
		        e1.detail, e2.status, e2.code, e2.detail);
	if (rc1 == 0)
		CHECK(same(s, jid, tid));
	json_decref(extra);
	json_decref(nums);
}

static void
act_str(struct movement_rec *m, unsigned bit, char *dst, size_t n, const char *v)
{
	m->more |= bit;
	q_strlcpy(dst, v != NULL ? v : "", n);
}

#define ACT(m, bit, f, v) act_str(&(m), bit, (m).f, sizeof (m).f, v)

static void
checks_alike(struct store *s)
{
	static const int lists[][4] = {{1}, {2}, {3}, {1, 1}, {4}, {0}, {3, 1}, {-1}};
	static const size_t lens[] = {1, 1, 1, 2, 1, 1, 2, 1};
	static const char *const orgs[] = {"org_1", "org_2", "org_9"};
	struct store_tx *tx = NULL;
	struct store_rec r = {0};
	struct carrier_rec t = {0};
	struct qerr e = {0};

	put(s, "car_chk", "org_1", "C-1");
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_get(tx, "carrier", "car_chk", &r, &e) == 0);
	CHECK(ops_carrier_load(tx, "car_chk", &t, NULL, &e) == 0);
	store_rollback(tx);
	for (size_t o = 0; o < sizeof orgs / sizeof orgs[0]; o++) {
		json_t *h1 = ops_copies_held(r.doc, orgs[o]);
		struct ops_nums h2 = {0};

		CHECK(h1 != NULL && ops_copies_held_rec(&t, orgs[o], &h2) == 0);
		CHECK(json_array_size(h1) == h2.n);
		for (size_t i = 0; i < h2.n; i++)
			CHECK(json_integer_value(json_array_get(h1, i)) == h2.v[i]);
		json_decref(h1);
		ops_nums_free(&h2);
		for (size_t l = 0; l <= sizeof lens / sizeof lens[0]; l++) {
			size_t n = l < sizeof lens / sizeof lens[0] ? lens[l] : 0;
			const int *v = l < sizeof lens / sizeof lens[0] ? lists[l] : NULL;
			json_t *a = json_array();
			struct qerr e1 = {0}, e2 = {0};
			int r1, r2;

			for (size_t i = 0; i < n; i++)
				json_array_append_new(a, json_integer(v[i]));
			r1 = ops_copies_check(r.doc, orgs[o], NULL, a, "carriers", &e1);
			r2 = ops_copies_check_rec(&t, orgs[o], NULL, v, n, "carriers", &e2);
			CHECK(r1 == r2 && e1.status == e2.status && strcmp(e1.code, e2.code) == 0 &&
			      strcmp(e1.detail, e2.detail) == 0);
			r1 = ops_copies_check(r.doc, NULL, "person_1", a, "carriers", &e1);
			r2 = ops_copies_check_rec(&t, NULL, "person_1", v, n, "carriers", &e2);
			CHECK(r1 == r2 && strcmp(e1.detail, e2.detail) == 0);
			json_decref(a);
		}
	}
	store_rec_clear(&r);
	carrier_rec_clear(&t);
}

int
main(void)
{
	struct crypto_keys *keys = NULL;
	struct store *s = NULL;
	struct ops_ctx c;
	struct move mv;

	if (ops_world_open("moves-rec", &keys, &s) != 0 || keys == NULL || s == NULL)
		return tap_done();
	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_1", sizeof c.actor.user_id);

	/* Art. 25: copy 3 to org_2 with the act's transfer_id and basis. */
	memset(&mv, 0, sizeof mv);
	mv = (struct move){.op = OP_COPIES, .from = "org_1", .to_org = "org_2", .nums = {3}, .n = 1,
	                   .extra = "{\"transfer_id\":\"transfer_1\",\"basis\":\"subordination\"}"};
	ACT(mv.act, MOVE_M_TRANSFER, transfer_id, "transfer_1");
	ACT(mv.act, MOVE_M_BASIS, basis, "subordination");
	mv.act.found = mv.act.copy_number = STORE_INT_NULL;
	pair(&c, s, "org_1", &mv);
	/* every copy: the carrier moves too */
	mv.nums[0] = 1, mv.nums[1] = 2, mv.nums[2] = 3, mv.n = 3;
	pair(&c, s, "org_1", &mv);
	/* a copy named twice in the journal's copy_numbers order: 2, 1 */
	mv.nums[0] = 2, mv.nums[1] = 1, mv.n = 2;
	pair(&c, s, "org_1", &mv);

	/* R743 p.11: to a citizen executor under a joint work (to_person_id in
	 * extra; person_id stays null, as ops_movement_add writes it). */
	memset(&mv, 0, sizeof mv);
	mv = (struct move){.op = OP_COPIES, .from = "org_1", .to_person = "person_5",
	                   .jw = "jw_1", .nums = {1}, .n = 1, .extra = "{\"basis\":\"joint_work\"}"};
	ACT(mv.act, MOVE_M_BASIS, basis, "joint_work");
	mv.act.found = mv.act.copy_number = STORE_INT_NULL;
	pair(&c, s, "org_1", &mv);
	/* to an executor organization under a joint work: the carrier stays */
	mv.to_person = NULL, mv.to_org = "org_2", mv.nums[1] = 2, mv.nums[2] = 3, mv.n = 3;
	pair(&c, s, "org_1", &mv);

	/* R743 p.10: a 0.1.0 carrier moved whole comes back whole. */
	memset(&mv, 0, sizeof mv);
	mv = (struct move){.op = OP_CARRIER, .to_org = "org_1",
	                   .extra = "{\"joint_work_id\":\"jw_1\",\"basis\":\"joint_work_return\","
	                            "\"reason\":\"closed\",\"from_org_id\":null,"
	                            "\"from_person_id\":null,\"copy_numbers\":[1,3]}"};
	ACT(mv.act, MOVE_M_JOINT_WORK, joint_work_id, "jw_1");
	ACT(mv.act, MOVE_M_BASIS, basis, "joint_work_return");
	ACT(mv.act, MOVE_M_REASON, reason, "closed");
	ACT(mv.act, MOVE_M_FROM_ORG, from_org_id, NULL);
	ACT(mv.act, MOVE_M_FROM_PERSON, from_person_id, NULL);
	{
		int64_t cn[] = {1, 3};

		mv.act.copy_numbers = cn;
		mv.act.n_copy_numbers = 2;
		mv.act.more |= MOVE_M_COPY_NUMBERS;
		mv.act.found = mv.act.copy_number = STORE_INT_NULL;
		pair(&c, s, "org_2", &mv);
		/* 409 duplicate: the recipient has the account number already */
		put(s, "car_dup_j", "org_1", "A-7-j");
		put(s, "car_dup_t", "org_1", "A-7-t");
		mv.want = QERR_CONFLICT;
		pair(&c, s, "org_2", &mv);
		mv.act.copy_numbers = NULL;
	}

	/* Art. 27: a lone entry naming the foreign recipient. */
	memset(&mv, 0, sizeof mv);
	mv = (struct move){.op = OP_ADD, .from = "org_1",
	                   .extra = "{\"to_org_id\":\"org_f\",\"foreign_transfer_id\":\"ft_1\","
	                            "\"basis\":\"art27\",\"person_id\":\"person_9\"}"};
	ACT(mv.act, MOVE_M_TO_ORG, to_org_id, "org_f");
	ACT(mv.act, MOVE_M_FOREIGN, foreign_transfer_id, "ft_1");
	ACT(mv.act, MOVE_M_BASIS, basis, "art27");
	mv.act.found = mv.act.copy_number = STORE_INT_NULL;
	pair(&c, s, "org_1", &mv);

	checks_alike(s);
	ops_world_close(&c, s, keys);
	return tap_done();
}
