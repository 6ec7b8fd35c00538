/*
 * test_ops_core.c — the frame of every procedure (src/ops/ops.h): scope
 * (403 forbidden_org), an audited commit, the one refusal path (the
 * refusal's entry written and e->audited set; anything but a 422 left
 * unrecorded), and ops_run retrying a step that met a stale row version.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "ops/ops.h"
#include "ops_world.h"
#include "tap.h"

static int calls;

static int
flaky_step(const struct ops_ctx *c, const void *args, void *result, struct qerr *e)
{
	(void)c;
	(void)args;
	(void)result;
	if (++calls < 3)
		return qerr_set(e, QERR_CONFLICT, "conflict", NULL, NULL);
	return 0;
}

static int
refused_step(const struct ops_ctx *c, const void *args, void *result, struct qerr *e)
{
	(void)c;
	(void)args;
	(void)result;
	calls++;
	return qerr_set(e, QERR_CONFLICT, "invalid_state", NULL, NULL);
}

int
main(void)
{
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct ops_ctx c;
	int64_t n0;

	if (ops_world_open("ops", &keys, &s) != 0)
		return 1;

	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_1", sizeof c.actor.user_id);
	q_strlcpy(c.actor.org_id, "org_a", sizeof c.actor.org_id);

	/* Scope. */
	CHECK(ops_scope(&c, "org_a", &e) == 0);
	CHECK(ops_scope(&c, "org_b", &e) == -1);
	CHECK_STR(e.code, "forbidden_org");
	CHECK(e.status == QERR_FORBIDDEN);
	qerr_clear(&e);
	CHECK(ops_scope(&c, "", &e) == -1);
	qerr_clear(&e);
	c.actor.cross_org = true;
	CHECK(ops_scope(&c, "org_b", &e) == 0);
	c.actor.cross_org = false;
	CHECK(strcmp(ops_actor_name(&c), "user_1") == 0);

	/* An audited commit. */
	n0 = audit_n(s);
	CHECK(ops_begin(&c, true, &tx, &e) == 0);
	CHECK(ops_commit(&c, tx, "thing.do", "thing_1", NULL, &e) == 0);
	CHECK(audit_n(s) == n0 + 1);

	/* A refusal is recorded once and marked audited. */
	qerr_rule(&e, "some_rule", "1.2");
	CHECK(ops_refuse(&c, "thing.do", "thing_1", &e) == -1);
	CHECK(e.audited);
	CHECK(e.status == QERR_RULE);
	CHECK_STR(e.code, "some_rule");
	CHECK(audit_n(s) == n0 + 2);
	CHECK(ops_refuse(&c, "thing.do", "thing_1", &e) == -1);   /* already recorded */
	CHECK(audit_n(s) == n0 + 2);
	qerr_clear(&e);
	/* Not a refusal by a rule: left as it is, unrecorded. */
	qerr_set(&e, QERR_CONFLICT, "invalid_state", NULL, NULL);
	CHECK(ops_refuse(&c, "thing.do", "thing_1", &e) == -1);
	CHECK(!e.audited && e.status == QERR_CONFLICT);
	CHECK(audit_n(s) == n0 + 2);
	qerr_clear(&e);

	/* Retries: a stale row version runs the step again; other 409s do not. */
	calls = 0;
	CHECK(ops_run(&c, flaky_step, NULL, NULL, &e) == 0);
	CHECK(calls == 3);
	calls = 0;
	CHECK(ops_run(&c, refused_step, NULL, NULL, &e) == -1);
	CHECK(calls == 1);
	CHECK_STR(e.code, "invalid_state");

	/* The log verifies. */
	CHECK(ops_begin(&c, false, &tx, &e) == 0);
	{
		int64_t entries = 0, bytes = 0;

		CHECK(audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, &entries, &bytes, &e) == 0);
		CHECK(entries == n0 + 2);
	}
	store_rollback(tx);

	ops_world_close(&c, s, keys);
	return tap_done();
}
