/*
 * test_store.c — the SQLite store against its interface (store.h): opening
 * and migrating, records, accounts, audit rows, transactions (rollback,
 * durability across reopen), backup, and readers running beside a writer.
 *
 * Every file lives under a fresh mkdtemp directory, removed at the end.
 */
#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "store/store.h"
#include "org_row.h"
#include "tap.h"
#include "rmtree.h"

static char dir[256];

static void
path_in(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

/* A record of kind with the given fields and doc {"name": name}. */
static void
rec_make(struct store_rec *r, const char *kind, const char *org,
         const char *parent, const char *ref, const char *state, const char *name)
{
	memset(r, 0, sizeof *r);
	q_strlcpy(r->kind, kind, sizeof r->kind);
	store_id_new(kind, r->id);
	q_strlcpy(r->org_id, org, sizeof r->org_id);
	q_strlcpy(r->parent_id, parent, sizeof r->parent_id);
	q_strlcpy(r->ref, ref, sizeof r->ref);
	q_strlcpy(r->state, state, sizeof r->state);
	r->doc = json_pack("{s:s, s:i}", "name", name, "n", 1);
}

/* ---- open, migrate, meta ---------------------------------------------- */



static void
test_open(void)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	char db[300], v[64], ver[64], id1[64], id2[64];
	FILE *f;

	path_in(db, sizeof db, "open.db");
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK(s == NULL);

	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_meta_get(tx, "schema_version", v, sizeof v, &e) == 0);
	/* Every migration ran: the version is the count of migrations (>= 1);
	 * later issues append migrations, so only its shape is fixed here. */
	CHECK(v[0] >= '1' && v[0] <= '9');
	q_strlcpy(ver, v, sizeof ver);
	CHECK(store_meta_get(tx, "database_id", id1, sizeof id1, &e) == 0);
	CHECK(strncmp(id1, "db_", 3) == 0 && strlen(id1) == 19);
	CHECK(store_meta_get(tx, "absent", v, sizeof v, &e) == 0);
	CHECK_STR(v, "");
	/* Writing in a read transaction is refused. */
	CHECK(store_meta_set(tx, "k", "v", &e) == -1 && e.status == QERR_INTERNAL);
	store_rollback(tx);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_meta_set(tx, "k", "v1", &e) == 0);
	CHECK(store_meta_set(tx, "k", "v2", &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	store_close(s);

	/* Create refuses an existing file. */
	s = NULL;
	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);

	/* Reopen: no second migration, same id, data kept. Twice. */
	for (int i = 0; i < 2; i++) {
		CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_meta_get(tx, "schema_version", v, sizeof v, &e) == 0);
		CHECK_STR(v, ver);
		CHECK(store_meta_get(tx, "database_id", id2, sizeof id2, &e) == 0);
		CHECK_STR(id2, id1);
		CHECK(store_meta_get(tx, "k", v, sizeof v, &e) == 0);
		CHECK_STR(v, "v2");
		/* Too small a buffer is an error, not a truncation. */
		CHECK(store_meta_get(tx, "database_id", v, 4, &e) == -1);
		store_rollback(tx);
		store_close(s);
	}

	/* A database from a newer program is refused. */
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_meta_set(tx, "schema_version", "99", &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	store_close(s);
	s = NULL;
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == -1);
	CHECK(e.status == QERR_INTERNAL && strstr(e.detail, "newer") != NULL);
	CHECK(s == NULL);

	/* Not a database. */
	path_in(db, sizeof db, "junk.db");
	f = fopen(db, "w");
	CHECK(f != NULL);
	if (f != NULL) {
		fputs("this is not an SQLite database, just some text that is long "
		      "enough to have a header and more and more and more text\n", f);
		fclose(f);
	}
	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == -1);
	CHECK(e.status == QERR_INTERNAL);

	/* store_id_new: prefix, '_', 16 hex; different each time. */
	store_id_new("permit", id1);
	store_id_new("permit", id2);
	CHECK(strlen(id1) == 6 + 1 + 16 && strncmp(id1, "permit_", 7) == 0);
	CHECK(strcmp(id1, id2) != 0);
	store_id_new("a_prefix_far_too_long_for_any_id_at_all", id1);
	CHECK(strlen(id1) == STORE_ID_MAX - 1);
}

/* ---- records ---------------------------------------------------------- */

struct collect {
	int n;
	int64_t last_seq;
	char ids[32][STORE_ID_MAX];
	int stop_at;      /* stop after this many (0: never) */
};

static int
collect_cb(void *ctx, const struct store_rec *r)
{
	struct collect *c = ctx;

	if (c->n < 32)
		q_strlcpy(c->ids[c->n], r->id, sizeof c->ids[0]);
	c->n++;
	c->last_seq = r->seq;
	if (c->stop_at && c->n >= c->stop_at)
		return 7;
	return 0;
}

/* A callback that uses the same tx again, including the very query being
 * walked (the statement cache must hand out a second statement). */
struct nest {
	struct store_tx *tx;
	const struct store_query *q;
	int outer, inner, bad;
};

static int
nest_inner_cb(void *ctx, const struct store_rec *r)
{
	(void)r;
	((struct nest *)ctx)->inner++;
	return 0;
}

static int
nest_cb(void *ctx, const struct store_rec *r)
{
	struct nest *n = ctx;
	struct store_rec got;
	struct qerr e = {0};

	n->outer++;
	if (store_rec_get(n->tx, r->kind, r->id, &got, &e) != 0 ||
	    strcmp(got.id, r->id) != 0)
		n->bad++;
	store_rec_clear(&got);
	if (store_rec_list(n->tx, n->q, nest_inner_cb, n, &e) != 0)
		n->bad++;
	return 0;
}

static void
test_records(struct store *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	struct store_rec org, p[6], got, dup;
	struct store_query q;
	struct collect c;
	int64_t n;

	CHECK(store_kind_valid("org"));
	CHECK(store_kind_valid("foreign_transfer"));
	CHECK(!store_kind_valid("orgs"));
	CHECK(!store_kind_valid(""));
	CHECK(!store_kind_valid(NULL));

	CHECK(store_begin(s, true, &tx, &e) == 0);
	rec_make(&org, "org", "", "", "123456789012", "active", "Org One");
	CHECK(store_rec_insert(tx, &org, &e) == 0);
	CHECK(org.seq > 0);
	for (int i = 0; i < 6; i++) {
		char ref[16], name[16];

		snprintf(ref, sizeof ref, "P-%d", i);
		snprintf(name, sizeof name, "permit %d", i);
		rec_make(&p[i], "permit", org.id, i < 3 ? org.id : "", ref,
		         i % 2 ? "revoked" : "active", name);
		CHECK(store_rec_insert(tx, &p[i], &e) == 0);
		if (i > 0)
			CHECK(p[i].seq > p[i - 1].seq);
	}
	/* Duplicate natural key in the same org: 409. */
	rec_make(&dup, "permit", org.id, "", "P-1", "active", "dup");
	CHECK(store_rec_insert(tx, &dup, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	/* Same ref in another org, or another kind, or empty refs: fine. */
	q_strlcpy(dup.org_id, "org_other", sizeof dup.org_id);
	CHECK(store_rec_insert(tx, &dup, &e) == 0);
	store_rec_clear(&dup);
	rec_make(&dup, "person", org.id, "", "P-1", "", "person");
	CHECK(store_rec_insert(tx, &dup, &e) == 0);
	store_rec_clear(&dup);
	for (int i = 0; i < 2; i++) {
		rec_make(&dup, "person", org.id, "", "", "", "noref");
		CHECK(store_rec_insert(tx, &dup, &e) == 0);
		store_rec_clear(&dup);
	}
	/* Duplicate id: 409. Unknown kind: 500. */
	rec_make(&dup, "permit", org.id, "", "P-99", "", "dup id");
	q_strlcpy(dup.id, p[0].id, sizeof dup.id);
	CHECK(store_rec_insert(tx, &dup, &e) == -1 && e.status == QERR_CONFLICT);
	q_strlcpy(dup.kind, "bogus", sizeof dup.kind);
	store_id_new("bogus", dup.id);
	CHECK(store_rec_insert(tx, &dup, &e) == -1 && e.status == QERR_INTERNAL);
	store_rec_clear(&dup);
	CHECK(store_commit(tx, &e) == 0);

	CHECK(store_begin(s, false, &tx, &e) == 0);
	/* get */
	CHECK(store_rec_get(tx, "permit", p[2].id, &got, &e) == 0);
	CHECK_STR(got.id, p[2].id);
	CHECK_STR(got.kind, "permit");
	CHECK_STR(got.org_id, org.id);
	CHECK_STR(got.parent_id, org.id);
	CHECK_STR(got.ref, "P-2");
	CHECK_STR(got.state, "active");
	CHECK(got.seq == p[2].seq);
	CHECK(json_equal(got.doc, p[2].doc));
	store_rec_clear(&got);
	CHECK(got.doc == NULL);
	/* wrong kind, unknown id: 404 */
	CHECK(store_rec_get(tx, "org", p[2].id, &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.code, "not_found");
	CHECK(store_rec_get(tx, "permit", "permit_0000000000000000", &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK(got.doc == NULL);
	/* find */
	CHECK(store_rec_find(tx, "org", NULL, "123456789012", &got, &e) == 0);
	CHECK_STR(got.id, org.id);
	store_rec_clear(&got);
	CHECK(store_rec_find(tx, "permit", org.id, "P-4", &got, &e) == 0);
	CHECK_STR(got.id, p[4].id);
	store_rec_clear(&got);
	CHECK(store_rec_find(tx, "permit", org.id, "P-404", &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK(store_rec_find(tx, "permit", org.id, "", &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);

	/* list: all of a kind in one org, in seq order */
	memset(&q, 0, sizeof q);
	q.kind = "permit";
	q.org_id = org.id;
	q.limit = 100;
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 6);
	for (int i = 0; i < 6 && i < c.n; i++)
		CHECK_STR(c.ids[i], p[i].id);
	/* paging by 4 */
	q.limit = 4;
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 4);
	q.after_seq = c.last_seq;
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 2);
	CHECK_STR(c.ids[0], p[4].id);
	q.after_seq = c.last_seq;
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 0);
	/* limit clamped: 0 -> 1, huge -> STORE_PAGE_MAX */
	q.after_seq = 0;
	q.limit = 0;
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 1);
	q.limit = 1 << 30;
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 6);
	/* filters */
	q.limit = 100;
	q.state = "revoked";
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 3);
	CHECK_STR(c.ids[0], p[1].id);
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 3);
	q.parent_id = org.id;
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 1);
	q.state = NULL;
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 3);
	q.parent_id = NULL;
	q.ref = "P-5";
	memset(&c, 0, sizeof c);
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 0);
	CHECK(c.n == 1 && strcmp(c.ids[0], p[5].id) == 0);
	q.ref = NULL;
	q.org_id = NULL;   /* any org: includes the one in org_other */
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 7);
	q.kind = "person";
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 3);
	q.kind = "trip";
	CHECK(store_rec_count(tx, &q, &n, &e) == 0 && n == 0);
	q.kind = "nonsense";
	CHECK(store_rec_count(tx, &q, &n, &e) == -1 && e.status == QERR_INTERNAL);
	/* a callback's non-zero return stops the walk and is returned */
	q.kind = "permit";
	memset(&c, 0, sizeof c);
	c.stop_at = 2;
	CHECK(store_rec_list(tx, &q, collect_cb, &c, &e) == 7);
	CHECK(c.n == 2);
	/* re-entrant use of the tx from a callback */
	{
		struct nest nt = {.tx = tx, .q = &q};

		memset(&q, 0, sizeof q);
		q.kind = "permit";
		q.org_id = org.id;
		q.limit = 100;
		CHECK(store_rec_list(tx, &q, nest_cb, &nt, &e) == 0);
		CHECK(nt.outer == 6 && nt.inner == 36 && nt.bad == 0);
	}
	/* update in a read tx is refused */
	CHECK(store_rec_update(tx, &p[0], &e) == -1 && e.status == QERR_INTERNAL);
	store_rollback(tx);

	/* update */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	q_strlcpy(p[0].state, "suspended", sizeof p[0].state);
	json_object_set_new(p[0].doc, "state", json_string("suspended"));
	CHECK(store_rec_update(tx, &p[0], &e) == 0);
	CHECK(store_rec_get(tx, "permit", p[0].id, &got, &e) == 0);
	CHECK_STR(got.state, "suspended");
	CHECK_STR(json_string_value(json_object_get(got.doc, "state")), "suspended");
	CHECK(got.seq == p[0].seq);
	store_rec_clear(&got);
	/* update onto a taken ref: 409; unknown id: 404 */
	q_strlcpy(p[0].ref, "P-1", sizeof p[0].ref);
	CHECK(store_rec_update(tx, &p[0], &e) == -1 && e.status == QERR_CONFLICT);
	q_strlcpy(p[0].ref, "P-0", sizeof p[0].ref);
	rec_make(&dup, "permit", "", "", "", "", "ghost");
	CHECK(store_rec_update(tx, &dup, &e) == -1 && e.status == QERR_NOT_FOUND);
	store_rec_clear(&dup);
	CHECK(store_commit(tx, &e) == 0);

	store_rec_clear(&org);
	for (int i = 0; i < 6; i++)
		store_rec_clear(&p[i]);
}

/* ---- accounts --------------------------------------------------------- */

static int
user_count_cb(void *ctx, const struct store_user *u)
{
	(void)u;
	(*(int *)ctx)++;
	return 0;
}

static void
test_accounts(struct store *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	struct store_user u, u2, got;
	struct store_session ss, sg;
	uint8_t h2[STORE_HASH_SIZE];
	int64_t n;
	int cnt;

	memset(&u, 0, sizeof u);
	store_id_new("user", u.id);
	q_strlcpy(u.login, "admin", sizeof u.login);
	q_strlcpy(u.pwhash, "$argon2id$v=19$m=19456,t=2,p=1$x$y", sizeof u.pwhash);
	q_strlcpy(u.roles, "admin,auditor", sizeof u.roles);

	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_user_insert(tx, &u, &e) == 0);
	CHECK(u.seq > 0);
	u2 = u;
	store_id_new("user", u2.id);
	CHECK(store_user_insert(tx, &u2, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	q_strlcpy(u2.login, "officer", sizeof u2.login);
	q_strlcpy(u2.org_id, "org_1", sizeof u2.org_id);
	CHECK(store_user_insert(tx, &u2, &e) == 0);
	CHECK(u2.seq > u.seq);

	CHECK(store_user_get(tx, u.id, &got, &e) == 0);
	CHECK_STR(got.login, "admin");
	CHECK_STR(got.roles, "admin,auditor");
	CHECK_STR(got.pwhash, u.pwhash);
	CHECK_STR(got.org_id, "");
	CHECK(!got.disabled);
	CHECK(got.seq == u.seq);
	CHECK(store_user_by_login(tx, "officer", &got, &e) == 0);
	CHECK_STR(got.id, u2.id);
	CHECK_STR(got.org_id, "org_1");
	CHECK(store_user_by_login(tx, "nobody", &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK(store_user_get(tx, "user_x", &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);

	u2.disabled = true;
	q_strlcpy(u2.roles, "officer", sizeof u2.roles);
	CHECK(store_user_update(tx, &u2, &e) == 0);
	CHECK(store_user_get(tx, u2.id, &got, &e) == 0);
	CHECK(got.disabled);
	CHECK_STR(got.roles, "officer");
	q_strlcpy(u2.login, "admin", sizeof u2.login);
	CHECK(store_user_update(tx, &u2, &e) == -1 && e.status == QERR_CONFLICT);
	store_id_new("user", got.id);
	CHECK(store_user_update(tx, &got, &e) == -1 && e.status == QERR_NOT_FOUND);
	cnt = 0;
	CHECK(store_user_list(tx, 0, 10, user_count_cb, &cnt, &e) == 0 && cnt == 2);
	cnt = 0;
	CHECK(store_user_list(tx, u.seq, 10, user_count_cb, &cnt, &e) == 0 && cnt == 1);

	/* sessions */
	memset(&ss, 0, sizeof ss);
	crypto_token_hash("token-one", ss.token_hash);
	q_strlcpy(ss.user_id, u.id, sizeof ss.user_id);
	ss.created = 1000;
	ss.last_seen = 1000;
	CHECK(store_session_insert(tx, &ss, &e) == 0);
	CHECK(store_session_insert(tx, &ss, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK(store_session_get(tx, ss.token_hash, &sg, &e) == 0);
	CHECK_STR(sg.user_id, u.id);
	CHECK(sg.created == 1000 && sg.last_seen == 1000);
	CHECK(memcmp(sg.token_hash, ss.token_hash, STORE_HASH_SIZE) == 0);
	CHECK(store_session_touch(tx, ss.token_hash, 1500, &e) == 0);
	CHECK(store_session_get(tx, ss.token_hash, &sg, &e) == 0 && sg.last_seen == 1500);
	crypto_token_hash("token-two", h2);
	CHECK(store_session_get(tx, h2, &sg, &e) == -1 && e.status == QERR_NOT_FOUND);
	CHECK(store_session_touch(tx, h2, 1, &e) == -1 && e.status == QERR_NOT_FOUND);
	/* a session of an unknown user: refused */
	memcpy(ss.token_hash, h2, sizeof h2);
	q_strlcpy(ss.user_id, "user_ghost", sizeof ss.user_id);
	CHECK(store_session_insert(tx, &ss, &e) == -1);
	q_strlcpy(ss.user_id, u2.id, sizeof ss.user_id);
	ss.created = 2000;
	ss.last_seen = 2000;
	CHECK(store_session_insert(tx, &ss, &e) == 0);
	/* purge: created before 1200 goes (the first), the second stays */
	CHECK(store_session_purge(tx, 1200, 0, &e) == 0);
	crypto_token_hash("token-one", h2);
	CHECK(store_session_get(tx, h2, &sg, &e) == -1 && e.status == QERR_NOT_FOUND);
	CHECK(store_session_get(tx, ss.token_hash, &sg, &e) == 0);
	/* idle since before 2500 goes */
	CHECK(store_session_purge(tx, 0, 2500, &e) == 0);
	CHECK(store_session_get(tx, ss.token_hash, &sg, &e) == -1);
	CHECK(store_session_insert(tx, &ss, &e) == 0);
	CHECK(store_session_delete(tx, ss.token_hash, &e) == 0);
	CHECK(store_session_delete(tx, ss.token_hash, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);

	/* login throttle counters: one row per (login key, address) */
	{
		struct store_throttle t, tg[4];
		struct store_login_budget b;
		int k;

		memset(&t, 0, sizeof t);
		q_strlcpy(t.login_key, "usr_1", sizeof t.login_key);
		q_strlcpy(t.address, "10.0.0.1", sizeof t.address);
		t.first = 100;
		t.last = 104;
		t.failures = 5;
		CHECK(store_throttle_put(tx, &t, &e) == 0);
		q_strlcpy(t.address, "10.0.0.2", sizeof t.address);
		t.first = 200;
		t.failures = 2;
		t.refused = 1;
		CHECK(store_throttle_put(tx, &t, &e) == 0);
		t.reported = 3;   /* a second put replaces the row */
		CHECK(store_throttle_put(tx, &t, &e) == 0);
		CHECK(store_throttle_get(tx, "usr_1", "10.0.0.2", &tg[0], &e) == 0 &&
		      tg[0].failures == 2 && tg[0].refused == 1 && tg[0].reported == 3 &&
		      tg[0].first == 200 && tg[0].last == 104);
		CHECK(store_throttle_get(tx, "usr_1", "10.0.0.3", &tg[0], &e) == -1 &&
		      e.status == QERR_NOT_FOUND);
		CHECK(store_throttle_failures(tx, "usr_1", 0, &n, &e) == 0 && n == 7);
		CHECK(store_throttle_failures(tx, "usr_1", 100, &n, &e) == 0 && n == 2);
		CHECK(store_throttle_failures(tx, "usr_2", 0, &n, &e) == 0 && n == 0);
		CHECK(store_throttle_find(tx, NULL, NULL, 150, tg, 4, &k, &e) == 0 && k == 1 &&
		      strcmp(tg[0].address, "10.0.0.1") == 0);
		CHECK(store_throttle_find(tx, "usr_1", NULL, INT64_MAX, tg, 4, &k, &e) == 0 &&
		      k == 2 && tg[0].first == 100 && tg[1].first == 200);
		CHECK(store_throttle_find(tx, NULL, "10.0.0.2", INT64_MAX, tg, 4, &k, &e) == 0 &&
		      k == 1 && strcmp(tg[0].login_key, "usr_1") == 0);
		CHECK(store_throttle_delete(tx, "usr_1", "10.0.0.1", &e) == 0);
		CHECK(store_throttle_failures(tx, "usr_1", 0, &n, &e) == 0 && n == 2);
		CHECK(store_login_budget_get(tx, &b, &e) == 0 && b.minute == 0 && b.used == 0);
		b.minute = 7;
		b.used = 3;
		b.dropped = 2;
		CHECK(store_login_budget_put(tx, &b, &e) == 0);
		b.used = 4;
		CHECK(store_login_budget_put(tx, &b, &e) == 0);
		memset(&b, 0, sizeof b);
		CHECK(store_login_budget_get(tx, &b, &e) == 0 && b.minute == 7 && b.used == 4 &&
		      b.dropped == 2);
	}
	CHECK(store_commit(tx, &e) == 0);
}

/* ---- audit ------------------------------------------------------------ */

struct audit_walk {
	int n;
	int64_t first, last;
	int bad;
};

static int
audit_cb(void *ctx, int64_t seq, const char *entry, size_t len,
         const uint8_t leaf[STORE_HASH_SIZE])
{
	struct audit_walk *w = ctx;
	uint8_t h[CRYPTO_HASH_SIZE];

	if (w->n == 0)
		w->first = seq;
	w->last = seq;
	w->n++;
	crypto_sha256_prefixed(0, entry, len, NULL, 0, h);
	if (memcmp(h, leaf, sizeof h) != 0 || entry[len] != '\0')
		w->bad++;
	return 0;
}

static int
sth_cb(void *ctx, const struct store_sth *h)
{
	struct store_sth *out = ctx;

	out[h->size == 5 ? 0 : 1] = *h;
	return 0;
}

static void
test_audit(struct store *s)
{
	struct store_tx *tx;
	struct qerr e = {0};
	uint8_t leaf[STORE_HASH_SIZE], h[STORE_HASH_SIZE], st[64];
	struct store_sth sth, got[2];
	struct audit_walk w;
	int64_t size;
	size_t len;

	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_audit_size(tx, &size, &e) == 0 && size == 0);
	CHECK(store_audit_state_get(tx, st, sizeof st, &len, &e) == 0 && len == 0);
	for (int i = 0; i < 10; i++) {
		char entry[64];
		int n = snprintf(entry, sizeof entry, "{\"action\":\"x\",\"seq\":%d}", i);

		crypto_sha256_prefixed(0, entry, (size_t)n, NULL, 0, leaf);
		CHECK(store_audit_insert(tx, i, entry, (size_t)n, leaf, &e) == 0);
	}
	CHECK(store_audit_insert(tx, 3, "{}", 2, leaf, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK(store_audit_size(tx, &size, &e) == 0 && size == 10);

	memset(&w, 0, sizeof w);
	CHECK(store_audit_read(tx, 2, 5, audit_cb, &w, &e) == 0);
	CHECK(w.n == 5 && w.first == 2 && w.last == 6 && w.bad == 0);
	memset(&w, 0, sizeof w);
	CHECK(store_audit_read(tx, 8, INT64_MAX, audit_cb, &w, &e) == 0);
	CHECK(w.n == 2 && w.last == 9);
	CHECK(store_audit_leaf(tx, 9, h, &e) == 0);
	CHECK(memcmp(h, leaf, sizeof h) == 0);
	CHECK(store_audit_leaf(tx, 10, h, &e) == -1 && e.status == QERR_NOT_FOUND);

	memset(h, 0xab, sizeof h);
	CHECK(store_audit_node_put(tx, 4, 0, h, &e) == 0);
	CHECK(store_audit_node_put(tx, 4, 0, h, &e) == -1 && e.status == QERR_CONFLICT);
	memset(leaf, 0, sizeof leaf);
	CHECK(store_audit_node_get(tx, 4, 0, leaf, &e) == 0);
	CHECK(memcmp(h, leaf, sizeof h) == 0);
	CHECK(store_audit_node_get(tx, 4, 1, leaf, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);
	CHECK(store_audit_node_get(tx, 5, 0, leaf, &e) == -1);

	memset(st, 7, 40);
	CHECK(store_audit_state_put(tx, st, 40, &e) == 0);
	memset(st, 9, 20);
	CHECK(store_audit_state_put(tx, st, 20, &e) == 0);
	memset(st, 0, sizeof st);
	CHECK(store_audit_state_get(tx, st, sizeof st, &len, &e) == 0 && len == 20);
	CHECK(st[0] == 9 && st[19] == 9);
	CHECK(store_audit_state_get(tx, st, 10, &len, &e) == -1);

	memset(&sth, 0, sizeof sth);
	sth.size = 5;
	sth.timestamp_ms = 1700000000123;
	memset(sth.root, 1, sizeof sth.root);
	memset(sth.signature, 2, sizeof sth.signature);
	CHECK(store_audit_sth_insert(tx, &sth, &e) == 0);
	sth.size = 10;
	sth.signature[63] = 3;
	CHECK(store_audit_sth_insert(tx, &sth, &e) == 0);
	memset(got, 0, sizeof got);
	CHECK(store_audit_sth_list(tx, sth_cb, got, &e) == 0);
	CHECK(got[0].size == 5 && got[0].timestamp_ms == 1700000000123);
	CHECK(got[0].root[31] == 1 && got[0].signature[63] == 2);
	CHECK(got[1].size == 10 && got[1].signature[63] == 3);
	CHECK(store_commit(tx, &e) == 0);
}

/* ---- transactions: rollback, durability ------------------------------- */

static void
test_tx(struct store *s, const char *db, struct store **reopened)
{
	struct store_tx *tx;
	struct qerr e = {0};
	struct store_rec r, got;
	uint8_t leaf[STORE_HASH_SIZE] = {0};
	int64_t size;
	char v[16];

	rec_make(&r, "trip", "org_t", "", "T-1", "planned", "trip");
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	CHECK(store_meta_set(tx, "rolled", "yes", &e) == 0);
	CHECK(store_audit_insert(tx, 10, "{}", 2, leaf, &e) == 0);
	store_rollback(tx);
	store_rollback(NULL);

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_get(tx, "trip", r.id, &got, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK(store_meta_get(tx, "rolled", v, sizeof v, &e) == 0);
	CHECK_STR(v, "");
	CHECK(store_audit_size(tx, &size, &e) == 0 && size == 10);
	store_rollback(tx);

	/* committed, then close and reopen */
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(store_rec_insert(tx, &r, &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	store_close(s);

	*reopened = NULL;
	CHECK(store_open(db, STORE_OPEN_EXISTING, reopened, &e) == 0);
	if (*reopened == NULL) {
		store_rec_clear(&r);
		return;
	}
	CHECK(store_begin(*reopened, false, &tx, &e) == 0);
	CHECK(store_rec_get(tx, "trip", r.id, &got, &e) == 0);
	CHECK_STR(got.ref, "T-1");
	CHECK(json_equal(got.doc, r.doc));
	store_rec_clear(&got);
	CHECK(store_audit_size(tx, &size, &e) == 0 && size == 10);
	store_rollback(tx);
	store_rec_clear(&r);
}

/* ---- backup ----------------------------------------------------------- */

static void
test_backup(struct store *s)
{
	struct store *b = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct store_query q = {.kind = "permit", .limit = 1000};
	int64_t n1 = -1, n2 = -2, a1 = -1, a2 = -2;
	char to[300], id1[64], id2[64];

	path_in(to, sizeof to, "backup.db");
	CHECK(store_backup(s, to, &e) == 0);
	CHECK(store_backup(s, to, &e) == -1 && e.status == QERR_CONFLICT);
	CHECK(access(to, F_OK) == 0);   /* the refusal did not remove it */

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_count(tx, &q, &n1, &e) == 0);
	CHECK(store_audit_size(tx, &a1, &e) == 0);
	CHECK(store_meta_get(tx, "database_id", id1, sizeof id1, &e) == 0);
	store_rollback(tx);

	CHECK(store_open(to, STORE_OPEN_EXISTING, &b, &e) == 0);
	if (b == NULL)
		return;
	CHECK(store_begin(b, false, &tx, &e) == 0);
	CHECK(store_rec_count(tx, &q, &n2, &e) == 0);
	CHECK(store_audit_size(tx, &a2, &e) == 0);
	CHECK(store_meta_get(tx, "database_id", id2, sizeof id2, &e) == 0);
	store_rollback(tx);
	CHECK(n1 == n2 && n1 == 7);
	CHECK(a1 == a2 && a1 == 10);
	CHECK_STR(id2, id1);
	store_close(b);

	path_in(to, sizeof to, "no-such-dir/backup.db");
	CHECK(store_backup(s, to, &e) == -1 && e.status == QERR_INTERNAL);
}

/* ---- readers beside a writer ------------------------------------------ */

#define CONC_READERS 6
#define CONC_WRITES  200

struct conc {
	struct store *s;
	volatile int done;
	int errors;
	int reads;
	pthread_mutex_t mu;
};

static void *
reader(void *arg)
{
	struct conc *c = arg;
	struct store_query q = {.kind = "incident", .limit = STORE_PAGE_MAX};
	int errors = 0, reads = 0;

	while (!__atomic_load_n(&c->done, __ATOMIC_ACQUIRE) || reads < 10) {
		struct store_tx *tx;
		struct qerr e = {0};
		int64_t n1, n2, sz;

		if (store_begin(c->s, false, &tx, &e) != 0) {
			errors++;
			continue;
		}
		/* A snapshot: two counts in one tx agree even while the writer
		 * commits, and the audit log grows with the records. */
		if (store_rec_count(tx, &q, &n1, &e) != 0 ||
		    store_audit_size(tx, &sz, &e) != 0 ||
		    store_rec_count(tx, &q, &n2, &e) != 0 || n1 != n2 ||
		    sz != 10 + n1)
			errors++;
		store_rollback(tx);
		reads++;
	}
	pthread_mutex_lock(&c->mu);
	c->errors += errors;
	c->reads += reads;
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static void *
writer(void *arg)
{
	struct conc *c = arg;
	int errors = 0;

	for (int i = 0; i < CONC_WRITES; i++) {
		struct store_tx *tx;
		struct qerr e = {0};
		struct store_rec r;
		uint8_t leaf[STORE_HASH_SIZE] = {0};
		int64_t sz;

		if (store_begin(c->s, true, &tx, &e) != 0) {
			errors++;
			continue;
		}
		rec_make(&r, "incident", "org_c", "", "", "open", "incident");
		if (store_rec_insert(tx, &r, &e) != 0 ||
		    store_audit_size(tx, &sz, &e) != 0 ||
		    store_audit_insert(tx, sz, "{}", 2, leaf, &e) != 0) {
			errors++;
			store_rollback(tx);
		} else if (store_commit(tx, &e) != 0) {
			errors++;
		}
		store_rec_clear(&r);
	}
	pthread_mutex_lock(&c->mu);
	c->errors += errors;
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static void
test_concurrent(struct store *s)
{
	struct conc c = {.s = s};
	pthread_t rd[CONC_READERS], wr[2];
	struct store_tx *tx;
	struct qerr e = {0};
	struct store_query q = {.kind = "incident", .limit = 1};
	int64_t n = -1;

	pthread_mutex_init(&c.mu, NULL);
	for (int i = 0; i < CONC_READERS; i++)
		CHECK(pthread_create(&rd[i], NULL, reader, &c) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&wr[i], NULL, writer, &c) == 0);
	for (int i = 0; i < 2; i++)
		pthread_join(wr[i], NULL);
	__atomic_store_n(&c.done, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < CONC_READERS; i++)
		pthread_join(rd[i], NULL);
	CHECK(c.errors == 0);
	CHECK(c.reads >= CONC_READERS * 10);
	pthread_mutex_destroy(&c.mu);

	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_count(tx, &q, &n, &e) == 0);
	CHECK(n == 2 * CONC_WRITES);
	store_rollback(tx);
}

/* ---- migration: custody per copy (issue 10) ---------------------------- */

static int
count_cb(void *ctx, const struct store_rec *rec)
{
	(void)rec;
	(*(int *)ctx)++;
	return 0;
}

/* A 0.1.0 carrier (copies without holder fields) and its "transferred"
 * journal entry: after the custody step every copy has holder_org_id = the
 * carrier's org_id (and its joint_work_id), doc.departed names the sender,
 * and tag "party" lists it in the sender's and the holder's registry. */
static void
test_migrate_custody(void)
{
	struct store *s = NULL;
	struct store_tx *tx;
	struct store_rec car, mov, got = {0};
	struct qerr e = {0};
	char db[300];
	int n;

	path_in(db, sizeof db, "custody.db");
	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	rec_make(&car, "carrier", "org_b", "", "A-1", "registered", "old");
	json_decref(car.doc);
	car.doc = json_pack("{s:s, s:s, s:s, s:[{s:i, s:n, s:s}, {s:i, s:s, s:s}]}", "org_id",
	                    "org_b", "joint_work_id", "jw_1", "label", "top_secret", "copies",
	                    "number", 1, "holder", "state", "in_registry", "number", 2, "holder",
	                    "person_1", "state", "issued");
	/* what the rows name is there (0028_carrier_fks: the typed tables keep
	 * their keys while the steps run again) */
	CHECK(org_row_ensure(tx, "org_a", &e) == 0 && org_row_ensure(tx, "org_b", &e) == 0 &&
	      person_row_ensure(tx, "person_1", "org_b", &e) == 0);
	CHECK(store_commit(tx, &e) == 0);
	rec_make(&mov, "movement", "org_a", car.id, "", "", "m");
	store_close(s);
	s = NULL;
	/* Back to the schema before the custody step (0005): migrations by
	 * name, so its row and the later ones go; they run again on reopen
	 * (every step after 0004 is idempotent). */
	{
		sqlite3 *h = NULL;

		CHECK(sqlite3_open(db, &h) == SQLITE_OK);
		char *ins;

		CHECK(sqlite3_exec(h, "DELETE FROM schema_migration WHERE name >= '0005'", NULL,
		                   NULL, NULL) == SQLITE_OK);
		/* the carrier and its journal entry as 0.1.0 kept them: record
		 * rows (the typed tables' steps, 0022 and 0022b, run again
		 * after 0005) */
		{
			char *d = json_dumps(car.doc, JSON_COMPACT | JSON_SORT_KEYS);

			ins = sqlite3_mprintf("INSERT INTO record(kind, id, org_id, parent_id, ref, state,"
			                      " doc) VALUES ('carrier', %Q, 'org_b', '', 'A-1',"
			                      " 'registered', %Q)", car.id, d);
			CHECK(d != NULL && ins != NULL &&
			      sqlite3_exec(h, ins, NULL, NULL, NULL) == SQLITE_OK);
			sqlite3_free(ins);
			free(d);
		}
		ins = sqlite3_mprintf("INSERT INTO record(kind, id, org_id, parent_id, ref, state, doc)"
		                      " VALUES ('movement', %Q, 'org_a', %Q, '', '',"
		                      " '{\"date\":\"2025-05-02\",\"kind\":\"transferred\","
		                      "\"to_org_id\":\"org_b\"}')", mov.id, car.id);
		CHECK(ins != NULL && sqlite3_exec(h, ins, NULL, NULL, NULL) == SQLITE_OK);
		sqlite3_free(ins);
		sqlite3_close(h);
	}

	CHECK(store_open(db, STORE_OPEN_EXISTING, &s, &e) == 0);
	if (s == NULL)
		return;
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_rec_get(tx, "carrier", car.id, &got, &e) == 0);
	if (got.doc != NULL) {
		json_t *c1 = json_array_get(json_object_get(got.doc, "copies"), 0);
		json_t *c2 = json_array_get(json_object_get(got.doc, "copies"), 1);

		CHECK_STR(json_string_value(json_object_get(c1, "holder_org_id")), "org_b");
		CHECK(json_is_null(json_object_get(c1, "holder_person_id")));
		CHECK_STR(json_string_value(json_object_get(c1, "joint_work_id")), "jw_1");
		CHECK(json_integer_value(json_object_get(c1, "number")) == 1);
		CHECK_STR(json_string_value(json_object_get(c2, "holder_org_id")), "org_b");
		CHECK_STR(json_string_value(json_object_get(c2, "holder")), "person_1");
		CHECK(json_integer_value(json_object_get(c2, "number")) == 2);
		CHECK_STR(json_string_value(json_object_get(json_object_get(got.doc, "departed"),
		                                            "org_a")), "2025-05-02");
	}
	for (int i = 0; i < 2; i++) {
		struct store_query q = {.kind = "carrier", .limit = 10};
		struct store_tag t = {STORE_TAG_PARTY, i == 0 ? "org_a" : "org_b"};

		n = 0;
		CHECK(store_rec_list_tagged(tx, &q, &t, 1, count_cb, &n, &e) == 0);
		CHECK(n == 1);
	}
	store_rollback(tx);
	store_close(s);
	store_rec_clear(&car);
	store_rec_clear(&mov);
	store_rec_clear(&got);
}

int
main(void)
{
	struct store *s = NULL, *s2 = NULL;
	struct qerr e = {0};
	char db[300];

	if (crypto_init() != 0) {
		fprintf(stderr, "crypto_init failed\n");
		return 1;
	}
	snprintf(dir, sizeof dir, "%s/qupiya-store-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}

	test_open();
	test_migrate_custody();

	path_in(db, sizeof db, "main.db");
	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s != NULL) {
		test_records(s);
		test_accounts(s);
		test_audit(s);
		test_tx(s, db, &s2);   /* closes s, reopens as s2 */
		if (s2 != NULL) {
			test_backup(s2);
			test_concurrent(s2);
			store_close(s2);
		}
	}
	store_close(NULL);
	rmtree(dir);
	return tap_done();
}
