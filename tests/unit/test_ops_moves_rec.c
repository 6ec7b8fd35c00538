/*
 * test_ops_moves_rec.c — the moves over the typed carrier (ops/moves.h:
 * struct carrier_rec, copy numbers as C arrays, the act in a struct
 * movement_rec) write what they always wrote (the answers of the former
 * JSON form, written out below): copies moved between organizations in
 * part and whole (the carrier moves), to a citizen and to an organization
 * under a joint work, a whole carrier moved back, a lone entry, a
 * recipient that already has the account number (409 duplicate); each
 * read back as the carrier's org_id, state, copies (holders, state, bits),
 * departures and every journal entry's fields (the person_id quirk: the
 * entry's own, null, whatever the act carries). And the checks
 * (ops_copies_check_rec's 400/409, ops_copies_held_rec) answer as before.
 * Set MOVES_REC_PRINT=1 to print what is read back.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Appends printf(fmt, ...) to the text t (of n bytes). */
static void add(char *t, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
add(char *t, size_t n, const char *fmt, ...)
{
	size_t l = strlen(t);
	va_list ap;

	va_start(ap, fmt);
	if (l < n)
		vsnprintf(t + l, n - l, fmt, ap);
	va_end(ap);
}

/* A string field: its value, "null" when set empty. */
static void
fld(char *t, size_t n, bool present, const char *name, const char *v)
{
	if (!present)
		return;
	add(t, n, " %s=", name);
	add(t, n, "%s", v[0] != '\0' ? v : "null");
}

static int
journal_cb(void *ctx, const struct movement_rec *m)
{
	char *t = ctx, num[32];
	const size_t n = 4096;

	add(t, n, "%s[", m->kind);
	add(t, n, "org=%s", m->org_id);
	add(t, n, " date=%s", m->date);
	add(t, n, " by=%s", m->by);
	if (m->keys & MOVE_K_COPY) {
		snprintf(num, sizeof num, "%lld", (long long)m->copy_number);
		add(t, n, " copy=%s", m->copy_number == STORE_INT_NULL ? "null" : num);
	}
	fld(t, n, m->keys & MOVE_K_PERSON, "person", m->person_id);
	fld(t, n, m->more & MOVE_M_FROM_ORG, "from_org", m->from_org_id);
	fld(t, n, m->more & MOVE_M_TO_ORG, "to_org", m->to_org_id);
	fld(t, n, m->more & MOVE_M_FROM_PERSON, "from_person", m->from_person_id);
	fld(t, n, m->more & MOVE_M_REASON, "reason", m->reason);
	fld(t, n, m->more & MOVE_M_BASIS, "basis", m->basis);
	fld(t, n, m->more & MOVE_M_TRANSFER, "transfer", m->transfer_id);
	fld(t, n, m->more & MOVE_M_JOINT_WORK, "jw", m->joint_work_id);
	fld(t, n, m->more & MOVE_M_FOREIGN, "foreign", m->foreign_transfer_id);
	if (m->more & MOVE_M_COPY_NUMBERS) {
		add(t, n, " nums=%s", "");
		for (size_t i = 0; i < m->n_copy_numbers; i++) {
			snprintf(num, sizeof num, "%s%lld", i > 0 ? "," : "",
			         (long long)m->copy_numbers[i]);
			add(t, n, "%s", num);
		}
	}
	if (m->extra != NULL)
		add(t, n, " extra=%s", m->extra);
	snprintf(num, sizeof num, " k=%x m=%x]", m->keys, m->more);
	add(t, n, "%s", num);
	return 0;
}

/* The carrier id as read back: org_id, state, each copy (bits, holders,
 * state, holder, issued_on), departures, and its journal in order. */
static void
read_back(struct store *s, const char *id, char *t, size_t n)
{
	struct store_tx *tx = NULL;
	struct carrier_rec c;
	struct qerr e = {0};
	char num[32];

	t[0] = '\0';
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_carrier_load(tx, id, &c, NULL, &e) == 0);
	add(t, n, "org=%s", c.org_id);
	add(t, n, " state=%s", c.state);
	for (size_t i = 0; i < c.n_copies; i++) {
		const struct carrier_copy_rec *cp = &c.copies[i];

		snprintf(num, sizeof num, " #%lld{f=%x", (long long)cp->number, cp->fields);
		add(t, n, "%s", num);
		fld(t, n, cp->fields & COPY_F_HOLDER_ORG, "o", cp->holder_org_id);
		fld(t, n, cp->fields & COPY_F_HOLDER_PERSON, "p", cp->holder_person_id);
		fld(t, n, cp->fields & COPY_F_JOINT_WORK, "jw", cp->joint_work_id);
		fld(t, n, cp->fields & COPY_F_STATE, "st", cp->state);
		fld(t, n, cp->fields & COPY_F_HOLDER, "h", cp->holder);
		fld(t, n, cp->fields & COPY_F_ISSUED_ON, "on", cp->issued_on);
		add(t, n, "%s", "}");
	}
	add(t, n, " departed=%s", "");
	for (size_t i = 0; i < c.n_departed; i++) {
		add(t, n, "%s@", c.departed[i].org_id);
		add(t, n, "%s;", c.departed[i].on);
	}
	add(t, n, " | %s", "");
	carrier_rec_clear(&c);
	CHECK(store_movement_list(tx, id, NULL, 0, 100, journal_cb, t, &e) >= 0);
	store_rollback(tx);
}

enum op { OP_COPIES, OP_CARRIER, OP_ADD };

struct move {
	enum op op;
	const char *from, *to_org, *to_person, *jw;
	int nums[4];
	size_t n;
	struct movement_rec act;      /* the act's fields */
	int want;                     /* 0, or the expected failure status */
	const char *code, *field;     /* the failure's code and field */
	const char *expect;           /* what reads back after success */
};

/* One carrier car_tN of org (account number A-N), moved by mv: the answer
 * mv wants, and after success exactly mv->expect read back. */
static void
run(struct ops_ctx *c, struct store *s, const char *org, struct move *mv)
{
	char tid[32], acc[32];
	static char got[4096];
	struct store_tx *tx = NULL;
	struct carrier_rec t = {0};
	struct qerr e = {0};
	int rc = -1;

	npairs++;
	snprintf(tid, sizeof tid, "car_t%d", npairs);
	snprintf(acc, sizeof acc, "A-%d", npairs);
	put(s, tid, org, acc);

	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(ops_carrier_load(tx, tid, &t, NULL, &e) == 0);
	if (mv->op == OP_COPIES)
		rc = ops_copies_move_rec(c, tx, &t, mv->from, mv->to_org, mv->to_person, mv->nums,
		                         mv->n, mv->jw, &mv->act, &e);
	else if (mv->op == OP_CARRIER)
		rc = ops_carrier_move_rec(c, tx, &t, mv->to_org, &mv->act, &e);
	else
		rc = ops_movement_add_rec(c, tx, &t, mv->from, "transferred_out", &mv->act, &e);
	if (rc == 0)
		CHECK(store_commit(tx, &e) == 0);
	else
		store_rollback(tx);
	carrier_rec_clear(&t);

	if (mv->want == 0) {
		CHECK(rc == 0);
		if (rc != 0)
			fprintf(stderr, "run %d: %d %s %s\n", npairs, e.status, e.code, e.detail);
		read_back(s, tid, got, sizeof got);
		if (getenv("MOVES_REC_PRINT") != NULL)
			printf("# run %d: %s\n", npairs, got);
		CHECK_STR(got, mv->expect);
		return;
	}
	CHECK(rc == -1 && (int)e.status == mv->want);
	CHECK_STR(e.code, mv->code);
	CHECK_STR(e.field, mv->field);
	/* the detail names the recipient's account number */
	CHECK(strstr(e.detail, acc) != NULL);
	/* nothing written */
	read_back(s, tid, got, sizeof got);
	CHECK(strstr(got, "org=org_2 ") == got && strstr(got, "| ") != NULL &&
	      strcmp(strstr(got, "| "), "| ") == 0);
}

static void
act_str(struct movement_rec *m, unsigned bit, char *dst, size_t n, const char *v)
{
	m->more |= bit;
	q_strlcpy(dst, v != NULL ? v : "", n);
}

#define ACT(m, bit, f, v) act_str(&(m), bit, (m).f, sizeof (m).f, v)

/* The checks on car_chk (copies 1 and 3 in org_1's registry, 2 issued
 * to person_1 in it): per sender and list, the answer written out as
 * "status code: detail", or how many of them are issued ("1" / "0"). */
static void
checks(struct store *s)
{
	static const int lists[][4] = {{1}, {2}, {3}, {1, 1}, {4}, {0}, {3, 1}, {-1}};
	static const size_t lens[] = {1, 1, 1, 2, 1, 1, 2, 1, 0};
	static const char *const orgs[] = {"org_1", "org_2", "org_9"};
	/* org_1 (the registry holding them), each list of lists[] then the
	 * empty list; org_2, org_9 and the citizen person_1 hold none */
	static const char *const want_org1[9] = {
		"0",
		"1",
		"0",
		"400 invalid_value: a copy number is repeated",
		"400 invalid_value: no such copy",
		"400 invalid_value: no such copy",
		"0",
		"400 invalid_value: no such copy",
		"400 invalid_value: no copy to move"};
	static const char *const want_other[9] = {
		"409 invalid_state: copy 1 is not held by the sender",
		"409 invalid_state: copy 2 is not held by the sender",
		"409 invalid_state: copy 3 is not held by the sender",
		"409 invalid_state: copy 1 is not held by the sender",
		"400 invalid_value: no such copy",
		"400 invalid_value: no such copy",
		"409 invalid_state: copy 3 is not held by the sender",
		"400 invalid_value: no such copy",
		"400 invalid_value: no copy to move"};
	static const char *const held[] = {"1,2,3", "", ""};
	struct store_tx *tx = NULL;
	struct carrier_rec t = {0};
	struct qerr e = {0};

	put(s, "car_chk", "org_1", "C-1");
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_carrier_load(tx, "car_chk", &t, NULL, &e) == 0);
	store_rollback(tx);
	for (size_t o = 0; o < sizeof orgs / sizeof orgs[0]; o++) {
		struct ops_nums h = {0};
		char got[64] = "";

		CHECK(ops_copies_held_rec(&t, orgs[o], &h) == 0);
		for (size_t i = 0; i < h.n; i++) {
			size_t l = strlen(got);

			snprintf(got + l, sizeof got - l, "%s%d", i > 0 ? "," : "", h.v[i]);
		}
		CHECK_STR(got, held[o]);
		ops_nums_free(&h);
		for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
			const int *v = lens[l] > 0 ? lists[l] : NULL;
			struct qerr e1 = {0}, e2 = {0};
			char a1[320], a2[320];
			int r1, r2;

			r1 = ops_copies_check_rec(&t, orgs[o], NULL, v, lens[l], "carriers", &e1);
			r2 = ops_copies_check_rec(&t, NULL, "person_1", v, lens[l], "carriers", &e2);
			if (r1 >= 0)
				snprintf(a1, sizeof a1, "%d", r1);
			else
				snprintf(a1, sizeof a1, "%d %s: %s", e1.status, e1.code, e1.detail);
			if (r2 >= 0)
				snprintf(a2, sizeof a2, "%d", r2);
			else
				snprintf(a2, sizeof a2, "%d %s: %s", e2.status, e2.code, e2.detail);
			if (getenv("MOVES_REC_PRINT") != NULL)
				printf("# check %s list %zu: [%s] [%s]\n", orgs[o], l, a1, a2);
			CHECK_STR(a1, o == 0 ? want_org1[l] : want_other[l]);
			CHECK_STR(a2, want_other[l]);
			CHECK(r1 >= 0 || strcmp(e1.field, "carriers") == 0);
		}
	}
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
	mv = (struct move){.op = OP_COPIES, .from = "org_1", .to_org = "org_2", .nums = {3}, .n = 1};
	ACT(mv.act, MOVE_M_TRANSFER, transfer_id, "transfer_1");
	ACT(mv.act, MOVE_M_BASIS, basis, "subordination");
	mv.act.found = mv.act.copy_number = STORE_INT_NULL;
	mv.expect =
	    "org=org_1 state=registered #1{f=13 o=org_1 p=null st=in_registry} "
	    "#2{f=3b o=org_1 p=null st=issued h=person_1 on=2026-01-02} #3{f=13 "
	    "o=org_2 p=null st=in_registry} "
	    "departed=org_1@2026-03-02;org_9@2025-01-02; | transferred[org=org_1 "
	    "date=2026-03-02 by=user_1 copy=null person=null from_org=org_1 "
	    "to_org=org_2 basis=subordination transfer=transfer_1 nums=3 k=ff "
	    "m=10033]received[org=org_2 date=2026-03-02 by=user_1 copy=null "
	    "person=null from_org=org_1 to_org=org_2 basis=subordination "
	    "transfer=transfer_1 nums=3 k=ff m=10033]";
	run(&c, s, "org_1", &mv);
	/* every copy: the carrier moves too */
	mv.nums[0] = 1, mv.nums[1] = 2, mv.nums[2] = 3, mv.n = 3;
	mv.expect =
	    "org=org_2 state=registered #1{f=13 o=org_2 p=null st=in_registry} "
	    "#2{f=3b o=org_2 p=null st=issued h=person_1 on=2026-01-02} #3{f=13 "
	    "o=org_2 p=null st=in_registry} "
	    "departed=org_1@2026-03-02;org_9@2025-01-02; | transferred[org=org_1 "
	    "date=2026-03-02 by=user_1 copy=null person=null from_org=org_1 "
	    "to_org=org_2 basis=subordination transfer=transfer_1 nums=1,2,3 k=ff "
	    "m=10033]received[org=org_2 date=2026-03-02 by=user_1 copy=null "
	    "person=null from_org=org_1 to_org=org_2 basis=subordination "
	    "transfer=transfer_1 nums=1,2,3 k=ff m=10033]";
	run(&c, s, "org_1", &mv);
	/* a copy named twice in the journal's copy_numbers order: 2, 1 */
	mv.nums[0] = 2, mv.nums[1] = 1, mv.n = 2;
	mv.expect =
	    "org=org_1 state=registered #1{f=13 o=org_2 p=null st=in_registry} "
	    "#2{f=3b o=org_2 p=null st=issued h=person_1 on=2026-01-02} #3{f=10 "
	    "st=in_registry} departed=org_1@2026-03-02;org_9@2025-01-02; | "
	    "transferred[org=org_1 date=2026-03-02 by=user_1 copy=null person=null "
	    "from_org=org_1 to_org=org_2 basis=subordination transfer=transfer_1 "
	    "nums=2,1 k=ff m=10033]received[org=org_2 date=2026-03-02 by=user_1 "
	    "copy=null person=null from_org=org_1 to_org=org_2 basis=subordination "
	    "transfer=transfer_1 nums=2,1 k=ff m=10033]";
	run(&c, s, "org_1", &mv);

	/* R743 p.11: to a citizen executor under a joint work (to_person_id in
	 * the entry's extra; person_id stays null). */
	memset(&mv, 0, sizeof mv);
	mv = (struct move){.op = OP_COPIES, .from = "org_1", .to_person = "person_5",
	                   .jw = "jw_1", .nums = {1}, .n = 1};
	ACT(mv.act, MOVE_M_BASIS, basis, "joint_work");
	mv.act.found = mv.act.copy_number = STORE_INT_NULL;
	mv.expect =
	    "org=org_1 state=registered #1{f=17 o=null p=person_5 jw=jw_1 "
	    "st=in_registry} #2{f=3b o=org_1 p=null st=issued h=person_1 "
	    "on=2026-01-02} #3{f=10 st=in_registry} "
	    "departed=org_1@2026-03-02;org_9@2025-01-02; | transferred[org=org_1 "
	    "date=2026-03-02 by=user_1 copy=null person=null from_org=org_1 "
	    "basis=joint_work jw=jw_1 nums=1 extra={\"to_person_id\":\"person_5\"} "
	    "k=ff m=10051]";
	run(&c, s, "org_1", &mv);
	/* to an executor organization under a joint work: the carrier stays */
	mv.to_person = NULL, mv.to_org = "org_2", mv.nums[1] = 2, mv.nums[2] = 3, mv.n = 3;
	mv.expect =
	    "org=org_1 state=registered #1{f=17 o=org_2 p=null jw=jw_1 "
	    "st=in_registry} #2{f=3f o=org_2 p=null jw=jw_1 st=issued h=person_1 "
	    "on=2026-01-02} #3{f=17 o=org_2 p=null jw=jw_1 st=in_registry} "
	    "departed=org_1@2026-03-02;org_9@2025-01-02; | transferred[org=org_1 "
	    "date=2026-03-02 by=user_1 copy=null person=null from_org=org_1 "
	    "to_org=org_2 basis=joint_work jw=jw_1 nums=1,2,3 k=ff "
	    "m=10053]received[org=org_2 date=2026-03-02 by=user_1 copy=null "
	    "person=null from_org=org_1 to_org=org_2 basis=joint_work jw=jw_1 "
	    "nums=1,2,3 k=ff m=10053]";
	run(&c, s, "org_1", &mv);

	/* R743 p.10: a 0.1.0 carrier moved whole comes back whole. */
	memset(&mv, 0, sizeof mv);
	mv = (struct move){.op = OP_CARRIER, .to_org = "org_1"};
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
		mv.expect =
		    "org=org_1 state=registered #1{f=13 o=org_1 p=null st=in_registry} "
		    "#2{f=3b o=org_1 p=null st=issued h=person_1 on=2026-01-02} #3{f=10 "
		    "st=in_registry} departed=org_9@2025-01-02; | transferred[org=org_2 "
		    "date=2026-03-02 by=user_1 copy=null person=null from_org=org_2 "
		    "to_org=org_1 from_person=null reason=closed basis=joint_work_return "
		    "jw=jw_1 nums=1,3 k=ff m=1005f]received[org=org_1 date=2026-03-02 "
		    "by=user_1 copy=null person=null from_org=org_2 to_org=org_1 "
		    "from_person=null reason=closed basis=joint_work_return jw=jw_1 "
		    "nums=1,3 k=ff m=1005f]";
		run(&c, s, "org_2", &mv);
		/* 409 duplicate: the recipient has the account number already */
		put(s, "car_dup", "org_1", "A-7");
		mv.want = QERR_CONFLICT, mv.code = "duplicate", mv.field = "carrier_ids";
		run(&c, s, "org_2", &mv);
		mv.act.copy_numbers = NULL;
	}

	/* Art. 27: a lone entry naming the foreign recipient; the act's
	 * person_id is not the entry's. */
	memset(&mv, 0, sizeof mv);
	mv = (struct move){.op = OP_ADD, .from = "org_1"};
	ACT(mv.act, MOVE_M_TO_ORG, to_org_id, "org_f");
	ACT(mv.act, MOVE_M_FOREIGN, foreign_transfer_id, "ft_1");
	ACT(mv.act, MOVE_M_BASIS, basis, "art27");
	q_strlcpy(mv.act.person_id, "person_9", sizeof mv.act.person_id);
	mv.act.keys |= MOVE_K_PERSON;
	mv.act.found = mv.act.copy_number = STORE_INT_NULL;
	mv.expect =
	    "org=org_1 state=registered #1{f=13 o=org_1 p=null st=in_registry} "
	    "#2{f=3b o=org_1 p=null st=issued h=person_1 on=2026-01-02} #3{f=10 "
	    "st=in_registry} departed=org_9@2025-01-02; | "
	    "transferred_out[org=org_1 date=2026-03-02 by=user_1 copy=null "
	    "person=null to_org=org_f basis=art27 foreign=ft_1 k=ff m=92]";
	run(&c, s, "org_1", &mv);

	checks(s);
	ops_world_close(&c, s, keys);
	return tap_done();
}
