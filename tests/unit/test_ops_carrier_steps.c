/*
 * test_ops_carrier_steps.c — the carrier registry's procedures without HTTP
 * (src/ops/carriers.h, src/ops/access.h): register, issue, return,
 * destroy, archive and the access check, each allowed and refused in the
 * order of answers of SPEC.md §5 (404 unseen, 403 another organization,
 * 400 the body's after them, 409 state, 422 rules recorded by the one
 * refusal path), every refusal leaving nothing written; the reads (the
 * record, its journal, a registry: 404 unseen, 403 another registry before
 * the query's 400); two threads
 * issuing the same copy at once: exactly one wins; content (src/ops/
 * content.h) uploaded and read back only by a person the access decision
 * allows, a refusal recorded; the log verifies.
 */
#include <pthread.h>

#include "ops/access.h"
#include "ops/carriers.h"
#include "ops/disposal.h"
#include "ops/content.h"
#include "ops/grants.h"
#include "ops/orgs.h"
#include "ops_world.h"
#include "clearance_world.h"

/* ids of the store's shape "<prefix>_<16 hex>": the access decision keys
 * records by them (core/access.h) */
#define ORG_A    "org_000000000000000a"
#define ORG_B    "org_000000000000000b"
#define ORG_ARCH "org_00000000000000ac"
#define P_A1     "person_00000000000000a1"
#define P_A2     "person_00000000000000a2"
#define P_A3     "person_00000000000000a3"
#define P_NC     "person_00000000000000fc"   /* no clearance */

static int64_t
carriers_n(struct store *s)
{
	struct store_tx *tx;
	struct store_query q = {.kind = "carrier"};
	int64_t n = -1;

	if (store_begin(s, false, &tx, NULL) != 0)
		return -1;
	if (store_rec_count(tx, &q, &n, NULL) != 0)
		n = -1;
	store_rollback(tx);
	return n;
}

/* A person of org with an active clearance of form top_secret. */
static void
cleared(struct store *s, const char *id, const char *org)
{
	char cid[STORE_ID_MAX];

	ops_world_put(s, "person", id, org, "", "active", json_object());
	snprintf(cid, sizeof cid, "clearance_%s", id + 7);
	CHECK(clearance_world_put(s, cid, org, id, CLEARANCE_ACTIVE, DEGREE_TOP_SECRET,
	                          date_from_ymd(2025, 1, 1)) == 0);
}

static void
grant(struct ops_ctx *c, const char *person, const char *carrier)
{
	struct ops_grant_create_args a = {.person_id = person, .carrier_id = carrier,
	                                  .until = date_from_ymd(2026, 12, 31)};
	struct grant_rec g = {0};
	struct qerr e = {0};

	CHECK(ops_grants_create(c, &a, &g, &e) == 0);
	grant_rec_free(&g);
}

static const char *const info_a[] = {"information_a1b2c3d4e5f60718"};
static const char *const info_b[] = {"information_b1b2c3d4e5f60718"};

static struct ops_carrier_register_args
reg(const char *org, const char *acct, enum degree label, const char *const *info)
{
	return (struct ops_carrier_register_args){
		.org_id = org, .account_number = acct, .kind = "paper", .title = "Report",
		.label = label, .information_ids = info, .n_info = 1, .copies = 2, .sheets = 10,
		.declassify_on = QDATE_NONE};
}

static int
row_cb(void *ctx, const struct carrier_rec *rec, const char *registry, const int *held,
       size_t nheld, const char *left_on)
{
	(void)rec;
	(void)held;
	(void)left_on;
	CHECK(registry != NULL && nheld == 2);
	(*(int *)ctx)++;
	return 0;
}

static int
walk_cb(void *ctx, const struct carrier_rec *car)
{
	CHECK(car->h.id[0] != '\0');
	(*(int *)ctx)++;
	return 0;
}

/* A carrier of the access index's whole build: information and copies,
 * no other link. */
static int
custody_cb(void *ctx, const struct carrier_rec *car)
{
	CHECK(car->n_information == 1 && car->n_copies == 2);
	CHECK(!(car->fields & (CARRIER_F_SOURCES | CARRIER_F_DISPOSING | CARRIER_F_DEPARTED)));
	CHECK(car->n_disposing == 0 && car->n_sources == 0);
	(*(int *)ctx)++;
	return 0;
}

/* Art. 19 on the typed carrier: the owner, the alienation contract and the
 * court decision of the body (as h_carriers.c decodes them) are stored and
 * read back field by field, a field of no column's shape kept in extra;
 * the walk of a registry, the deciders of its disposal. */
static void
owner_and_walk(struct ops_ctx *c, struct store *s)
{
	struct ops_carrier_register_args ra = reg(ORG_A, "ACC-OWN", DEGREE_TOP_SECRET, info_a);
	struct carrier_rec owner = {0};
	struct ops_carrier_result res = {0};
	struct store_tx *tx;
	struct qerr e = {0};
	char ids[DISPOSAL_BODIES_MAX][STORE_ID_MAX], id[STORE_ID_MAX];
	size_t n = 0;
	bool any = true;
	int rows = 0;

	owner.more = CARRIER_M_OWNER | CARRIER_M_OWNER_OBJ | CARRIER_M_OWNER_IIN | CARRIER_M_ALIEN |
	             CARRIER_M_ALIEN_OBJ | CARRIER_M_ALIEN_CONTRACT | CARRIER_M_ALIEN_COMP |
	             CARRIER_M_ALIEN_COMP_INT | CARRIER_M_ALIEN_ND | CARRIER_M_COURT_REF;
	q_strlcpy(owner.owner_kind, "citizen", sizeof owner.owner_kind);
	q_strlcpy(owner.owner_name, "A. Citizen", sizeof owner.owner_name);
	q_strlcpy(owner.owner_iin, "900101300123", sizeof owner.owner_iin);
	q_strlcpy(owner.alien_contract_ref, "C-7", sizeof owner.alien_contract_ref);
	owner.alien_compensation = 1500;
	q_strlcpy(owner.alien_nd_signed_on, "2025-02-01", sizeof owner.alien_nd_signed_on);
	q_strlcpy(owner.court_ref, "COURT-1", sizeof owner.court_ref);
	owner.extra = (char *)"{\"note\":[1]}";
	ra.owner_record = &owner;
	CHECK(ops_carriers_register(c, &ra, &res, &e) == 0);
	q_strlcpy(id, res.car.h.id, sizeof id);
	ops_carrier_result_clear(&res);
	CHECK(ops_carriers_get(c, id, &res, &e) == 0);
	CHECK((res.car.more & owner.more) == owner.more);
	CHECK(!(res.car.more & (CARRIER_M_OWNER_BIN | CARRIER_M_ARCHIVE_OBJ | CARRIER_M_DESTR_OBJ)));
	CHECK_STR(res.car.owner_kind, "citizen");
	CHECK_STR(res.car.owner_name, "A. Citizen");
	CHECK_STR(res.car.owner_iin, "900101300123");
	CHECK_STR(res.car.alien_contract_ref, "C-7");
	CHECK(res.car.alien_compensation == 1500);
	CHECK_STR(res.car.alien_nd_signed_on, "2025-02-01");
	CHECK_STR(res.car.court_ref, "COURT-1");
	CHECK(res.car.extra != NULL && strcmp(res.car.extra, "{\"note\":[1]}") == 0);
	CHECK_STR(res.car.title, "Report");
	CHECK(res.car.sheets == 10 && res.car.n_information == 1 && res.car.n_sources == 0);
	CHECK((res.car.fields & CARRIER_F_DECLASSIFY_ON) && strcmp(res.car.declassify_on, "2040-01-01") == 0);
	/* the row the bulk import writes: the same, with the id given */
	{
		struct carrier_rec nr;

		CHECK(ops_carrier_rec_new(c, &ra, "carrier_00000000000000e1", ORG_A,
		                          date_from_ymd(2040, 1, 1), &nr, &e) == 0);
		CHECK_STR(nr.h.id, "carrier_00000000000000e1");
		CHECK_STR(nr.state, "registered");
		CHECK(nr.n_copies == 2 && nr.more == res.car.more);
		CHECK(nr.extra != NULL && strcmp(nr.extra, res.car.extra) == 0);
		CHECK(!(nr.fields & CARRIER_F_DISPOSING));
		carrier_rec_clear(&nr);
	}
	/* the deciders on its disposal (Art. 23): its information's body */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(disposal_carrier_rec_of(&res.car) == 1);
	CHECK(disposal_carrier_rec_deciders(tx, &res.car, ORG_B, false, ids, &n, &any, &e) == 0);
	CHECK(n == 1 && !any && strcmp(ids[0], ORG_A) == 0);
	/* the walk of a registry: every carrier ORG_A is a party to */
	CHECK(ops_carriers_walk(tx, STORE_TAG_PARTY, ORG_A, walk_cb, &rows, &e) == 0);
	CHECK(rows == 3);
	rows = 0;
	CHECK(ops_carriers_walk(tx, STORE_TAG_HOLDER, P_A1, walk_cb, &rows, &e) == 0);
	CHECK(rows == 0);
	CHECK(store_carrier_custody_list(tx, 0, 2, custody_cb, &rows, &e) == 0);   /* a page */
	CHECK(rows == 2);
	rows = 0;
	CHECK(store_carrier_custody_list(tx, 0, STORE_PAGE_MAX, custody_cb, &rows, &e) == 0);
	CHECK(rows == 3);
	store_rollback(tx);
	ops_carrier_result_clear(&res);
}

struct racer {
	const struct ops_ctx *c;
	struct ops_carrier_copy_args a;
	int rc;
	struct qerr e;
};

static void *
race_issue(void *p)
{
	struct racer *r = p;
	struct ops_carrier_result res = {0};

	r->rc = ops_carriers_issue(r->c, &r->a, &res, &r->e);
	ops_carrier_result_clear(&res);
	return NULL;
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct qerr e = {0}, in = {0};
	struct ops_ctx c, nsc;
	struct ops_carrier_register_args ra;
	struct ops_carrier_copy_args ia = {0};
	struct ops_carrier_close_args da = {0};
	struct ops_carrier_result res = {0};
	struct access_decision d;
	char car[STORE_ID_MAX], car2[STORE_ID_MAX];
	int64_t n0, c0;

	if (ops_world_open("ops-carrier-steps", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();
	ops_world_put(s, "org", ORG_A, "", "", "active", json_object());
	ops_world_put(s, "org", ORG_B, "", "", "active", json_object());
	ops_world_put(s, "org", ORG_ARCH, "", "", "active",
	              json_pack("{s:s}", "kind", "state_body"));
	ops_world_put(s, "information", info_a[0], ORG_A, "", "classified",
	    json_pack("{s:s, s:s}", "degree", "top_secret", "declassify_on", "2040-01-01"));
	ops_world_put(s, "information", info_b[0], ORG_B, "", "classified",
	    json_pack("{s:s, s:s}", "degree", "top_secret", "declassify_on", "2040-01-01"));
	cleared(s, P_A1, ORG_A);
	cleared(s, P_A2, ORG_A);
	cleared(s, P_A3, ORG_A);
	ops_world_put(s, "person", P_NC, ORG_A, "", "active", json_object());

	ops_world_ctx(&nsc, s, keys);
	q_strlcpy(nsc.actor.user_id, "user_nsc", sizeof nsc.actor.user_id);
	nsc.actor.cross_org = true;
	{
		struct ops_permit_issue_args pa = {.org_id = ORG_A, .degree = DEGREE_TOP_SECRET,
		                                   .number = "P-1",
		                                   .issued_on = date_from_ymd(2025, 1, 1),
		                                   .valid_until = date_from_ymd(2030, 1, 1)};
		struct permit_rec p;

		CHECK(ops_permit_issue(&nsc, &pa, &p, &e) == 0);
		permit_rec_free(&p);
	}
	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_a", sizeof c.actor.user_id);
	q_strlcpy(c.actor.org_id, ORG_A, sizeof c.actor.org_id);
	q_strlcpy(c.origin, "POST /v1/carriers", sizeof c.origin);

	/* ---- register --------------------------------------------------- */
	n0 = audit_n(s);
	c0 = carriers_n(s);
	ra = reg(ORG_B, "ACC-1", DEGREE_TOP_SECRET, info_a);     /* another org: 403 */
	CHECK(ops_carriers_register(&c, &ra, &res, &e) == -1 && e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	ra = reg(ORG_A, "ACC-1", DEGREE_TOP_SECRET, info_a);     /* the body's 400 after it */
	qerr_input(&in, "invalid_value", "owner.iin");
	ra.input = &in;
	CHECK(ops_carriers_register(&c, &ra, &res, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "owner.iin");
	qerr_clear(&e);
	ra = reg(ORG_A, "ACC-1", DEGREE_TOP_SECRET, info_b);     /* unseen information: 404 */
	CHECK(ops_carriers_register(&c, &ra, &res, &e) == -1 && e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "information_ids");
	qerr_clear(&e);
	ra = reg(ORG_A, "ACC-1", DEGREE_CONFIDENTIAL, info_a);   /* label_mismatch, Art. 18 */
	CHECK(ops_carriers_register(&c, &ra, &res, &e) == -1);
	CHECK(e.status == QERR_RULE && e.audited);
	CHECK_STR(e.code, "label_mismatch");
	qerr_clear(&e);
	CHECK(carriers_n(s) == c0);
	CHECK(audit_n(s) == n0 + 1);                               /* the refusal only */
	ra = reg(ORG_A, "ACC-1", DEGREE_TOP_SECRET, info_a);     /* allowed */
	CHECK(ops_carriers_register(&c, &ra, &res, &e) == 0);
	CHECK_STR(res.car.state, "registered");
	CHECK(res.car.n_copies == 2 && (res.car.fields & CARRIER_F_COPIES));
	CHECK_STR(res.car.copies[1].holder_org_id, ORG_A);
	CHECK_STR(res.car.copies[1].state, "in_registry");
	CHECK(res.n_movements == 1);
	CHECK_STR(res.movements[0].kind, "registered");
	CHECK(res.movements[0].copy_number == STORE_INT_NULL);
	CHECK((res.car.fields & CARRIER_F_DISPOSING_ORG) && (res.car.fields & CARRIER_F_DISPOSING));
	CHECK_STR(res.car.disposing_org_id, ORG_A);
	CHECK(res.car.n_disposing == 1);
	CHECK((res.car.more & (CARRIER_M_ARCHIVE | CARRIER_M_DESTR)) ==
	      (CARRIER_M_ARCHIVE | CARRIER_M_DESTR));
	CHECK(!(res.car.more & (CARRIER_M_ARCHIVE_OBJ | CARRIER_M_DESTR_OBJ)));
	q_strlcpy(car, res.car.h.id, sizeof car);
	ops_carrier_result_clear(&res);
	CHECK(audit_n(s) == n0 + 2);
	CHECK(ops_carriers_register(&c, &ra, &res, &e) == -1);     /* duplicate: 409 */
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.field, "account_number");
	qerr_clear(&e);
	ra = reg(ORG_A, "ACC-2", DEGREE_TOP_SECRET, info_a);
	CHECK(ops_carriers_register(&c, &ra, &res, &e) == 0);
	q_strlcpy(car2, res.car.h.id, sizeof car2);
	ops_carrier_result_clear(&res);
	grant(&c, P_A1, car);
	grant(&c, P_A2, car);
	grant(&c, P_A3, car);
	grant(&c, P_NC, car);

	/* ---- reads: the record, the journal, the registry ---------------- */
	{
		struct ops_ctx b = c;
		struct ops_carrier_filter f = {.limit = 10};
		bool more = true;
		int rows = 0;

		q_strlcpy(b.actor.org_id, ORG_B, sizeof b.actor.org_id);
		CHECK(ops_carriers_get(&b, car, &res, &e) == -1 && e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
		CHECK(ops_carriers_seen(&b, car, &e) == -1 && e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
		CHECK(ops_carriers_seen(&c, car, &e) == 0);
		CHECK(ops_carriers_get(&c, car, &res, &e) == 0);
		CHECK(res.n_movements == 1);
		ops_carrier_result_clear(&res);
		CHECK(ops_carriers_list(&c, &f, row_cb, &rows, &more, &e) == 0);
		CHECK(rows == 2 && !more);
		f.limit = 1;
		rows = 0;
		CHECK(ops_carriers_list(&c, &f, row_cb, &rows, &more, &e) == 0 && rows == 1 && more);
		f.org_id = ORG_B;                         /* another registry: 403 first */
		qerr_input(&in, "invalid_value", "label");
		f.input = &in;
		CHECK(ops_carriers_list(&c, &f, row_cb, &rows, &more, &e) == -1);
		CHECK(e.status == QERR_FORBIDDEN);
		qerr_clear(&e);
		f.org_id = NULL;                          /* then the query's 400 */
		CHECK(ops_carriers_list(&c, &f, row_cb, &rows, &more, &e) == -1);
		CHECK(e.status == QERR_INPUT);
		qerr_clear(&e);
	}

	/* ---- the access check ------------------------------------------- */
	{
		struct ops_access_check_args aa = {.person_id = P_A1, .carrier_id = car};

		CHECK(ops_access_check(&c, &aa, &d, &e) == 0 && d.allowed);
		if (!d.allowed)
			printf("# refused by %s (%s)\n", d.first_failed, e.detail);
		aa.person_id = P_NC;                              /* no clearance */
		CHECK(ops_access_check(&c, &aa, &d, &e) == 0 && !d.allowed);
		CHECK(ops_access_refusal(&d, &e) == -1 && e.status == QERR_RULE);
		qerr_clear(&e);
		aa.carrier_id = "carrier_nope";
		CHECK(ops_access_check(&c, &aa, &d, &e) == -1 && e.status == QERR_NOT_FOUND);
		CHECK_STR(e.field, "carrier_id");
		qerr_clear(&e);
	}

	/* ---- issue and return ------------------------------------------- */
	n0 = audit_n(s);
	q_strlcpy(c.origin, "POST /v1/carriers/x/issue", sizeof c.origin);
	ia = (struct ops_carrier_copy_args){.carrier_id = car, .person_id = P_NC,
	                                    .copy_number = 1};
	CHECK(ops_carriers_issue(&c, &ia, &res, &e) == -1);       /* the access decision: 422 */
	CHECK(e.status == QERR_RULE && e.audited);
	qerr_clear(&e);
	ia.person_id = P_A1;
	ia.copy_number = 3;                                        /* no such copy: 400 */
	CHECK(ops_carriers_issue(&c, &ia, &res, &e) == -1 && e.status == QERR_INPUT);
	CHECK_STR(e.field, "copy_number");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 1);
	{
		/* two threads, the same copy: exactly one wins */
		struct racer r1 = {.c = &c, .a = {car, P_A1, 1, NULL}};
		struct racer r2 = {.c = &c, .a = {car, P_A2, 1, NULL}};
		pthread_t t1, t2;

		CHECK(pthread_create(&t1, NULL, race_issue, &r1) == 0);
		CHECK(pthread_create(&t2, NULL, race_issue, &r2) == 0);
		pthread_join(t1, NULL);
		pthread_join(t2, NULL);
		CHECK((r1.rc == 0) + (r2.rc == 0) == 1);
		CHECK((r1.rc == 0 ? r2.e.status : r1.e.status) == QERR_CONFLICT);
		CHECK(audit_n(s) == n0 + 2);
		ia.person_id = r1.rc == 0 ? P_A1 : P_A2;
	}
	da = (struct ops_carrier_close_args){.carrier_id = car, .ref = "ACT-1"};
	CHECK(ops_carriers_destroy(&c, &da, &res, &e) == -1);     /* a copy issued: 409 */
	CHECK(e.status == QERR_CONFLICT);
	qerr_clear(&e);
	ia.copy_number = 1;
	{
		struct ops_carrier_copy_args wrong = ia;

		wrong.person_id = P_A3;                     /* not its holder: 409 */
		CHECK(ops_carriers_return(&c, &wrong, &res, &e) == -1 && e.status == QERR_CONFLICT);
		CHECK_STR(e.field, "person_id");
		qerr_clear(&e);
	}
	CHECK(ops_carriers_return(&c, &ia, &res, &e) == 0);
	CHECK_STR(res.car.state, "registered");
	CHECK(res.n_movements == 3);
	CHECK_STR(res.movements[2].kind, "returned");
	CHECK(res.movements[2].copy_number == 1);
	CHECK_STR(res.car.copies[0].state, "in_registry");
	CHECK((res.car.copies[0].fields & COPY_F_HOLDER) && res.car.copies[0].holder[0] == '\0');
	ops_carrier_result_clear(&res);

	/* ---- content ------------------------------------------------------ */
	{
		static const char text[] = "the plaintext of a secret report";
		struct ops_content_upload *u = NULL;
		struct ops_content_reader *g = NULL;
		struct ops_ctx rd = c;
		char label[32];
		uint8_t buf[128];
		int64_t got;

		n0 = audit_n(s);
		CHECK(ops_content_upload_begin(&c, "carrier_nope", &u, &e) == -1);
		CHECK(e.status == QERR_NOT_FOUND && u == NULL);
		qerr_clear(&e);
		CHECK(ops_content_upload_begin(&c, car, &u, &e) == 0 && u != NULL);
		CHECK(ops_content_upload_write(u, text, sizeof text - 1) == 0);
		CHECK(ops_content_upload_commit(&c, u, false, &e) == 0);
		ops_content_upload_free(u);
		CHECK(audit_n(s) == n0 + 1);
		/* the actor with no person: no clearance, refused and recorded */
		CHECK(ops_content_open(&rd, car, label, sizeof label, &g, &e) == -1);
		CHECK(e.status == QERR_RULE && e.audited && g == NULL);
		qerr_clear(&e);
		q_strlcpy(rd.actor.person_id, P_NC, sizeof rd.actor.person_id);
		CHECK(ops_content_open(&rd, car, label, sizeof label, &g, &e) == -1);
		CHECK(e.status == QERR_RULE && e.audited);
		qerr_clear(&e);
		CHECK(audit_n(s) == n0 + 3);
		q_strlcpy(rd.actor.person_id, P_A1, sizeof rd.actor.person_id);
		CHECK(ops_content_open(&rd, car, label, sizeof label, &g, &e) == 0 && g != NULL);
		CHECK_STR(label, "top_secret");
		CHECK(audit_n(s) == n0 + 4);      /* recorded before a byte is read */
		if (g != NULL) {
			CHECK(ops_content_size(g) == sizeof text - 1);
			got = ops_content_read(g, 0, buf, sizeof buf);
			CHECK(got == (int64_t)(sizeof text - 1));
			CHECK(got > 0 && memcmp(buf, text, (size_t)got) == 0);
			CHECK(ops_content_read(g, (uint64_t)got, buf, sizeof buf) == 0);
		}
		ops_content_reader_free(g);
	}

	/* ---- destroy and archive ---------------------------------------- */
	{
		struct ops_ctx b = c;

		q_strlcpy(b.actor.org_id, ORG_B, sizeof b.actor.org_id);   /* unseen: 404 */
		CHECK(ops_carriers_destroy(&b, &da, &res, &e) == -1 && e.status == QERR_NOT_FOUND);
		qerr_clear(&e);
	}
	qerr_input(&in, "missing_field", "act_number");
	da.input = &in;
	CHECK(ops_carriers_destroy(&c, &da, &res, &e) == -1 && e.status == QERR_INPUT);
	qerr_clear(&e);
	da.input = NULL;
	CHECK(ops_carriers_destroy(&c, &da, &res, &e) == 0);
	CHECK_STR(res.car.state, "destroyed");
	CHECK(res.car.more & CARRIER_M_DESTR_OBJ);
	CHECK_STR(res.car.destr_act_number, "ACT-1");
	CHECK(res.n_movements > 0 && (res.movements[res.n_movements - 1].more & MOVE_M_ACT_NUMBER));
	CHECK_STR(res.movements[res.n_movements - 1].act_number, "ACT-1");
	ops_carrier_result_clear(&res);
	CHECK(ops_carriers_archive(&c, &da, &res, &e) == -1);     /* destroyed: 409 */
	CHECK(e.status == QERR_CONFLICT);
	qerr_clear(&e);
	da = (struct ops_carrier_close_args){.carrier_id = car2, .ref = "R-1",
	                                     .archive_org_id = ORG_B};
	CHECK(ops_carriers_archive(&c, &da, &res, &e) == -1);     /* not a state archive: 400 */
	CHECK(e.status == QERR_INPUT);
	CHECK_STR(e.field, "archive_org_id");
	qerr_clear(&e);
	da.archive_org_id = ORG_ARCH;
	CHECK(ops_carriers_archive(&c, &da, &res, &e) == 0);
	CHECK_STR(res.car.state, "archived");
	CHECK((res.car.more & (CARRIER_M_ARCHIVE_OBJ | CARRIER_M_ARCHIVE_ORG)) ==
	      (CARRIER_M_ARCHIVE_OBJ | CARRIER_M_ARCHIVE_ORG));
	CHECK_STR(res.car.archive_ref, "R-1");
	CHECK_STR(res.car.archive_org_id, ORG_ARCH);
	CHECK_STR(res.movements[res.n_movements - 1].archive_org_id, ORG_ARCH);
	ops_carrier_result_clear(&res);

	owner_and_walk(&c, s);

	ops_world_verify(s, keys);             /* the log verifies */
	ops_world_close(&nsc, s, keys);
	audit_log_free(c.audit);
	return tap_done();
}
