/*
 * test_ops_classify.c — the classification procedures of src/ops/classify.c
 * without HTTP: registering a classifier (404 organization / person naming
 * the field, 409 duplicate person, 422 not_a_classifier for a body that is
 * no state body and for another body's official, allowed for its own), the
 * person's name and position kept as registered, the not_a_classifier
 * check (refused before, allowed after), the typed list's filters, one
 * audit entry per step and none for a failed one, and the table migration
 * 0014_typed_classifiers created equal to its description.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/auditlog.h"
#include "ops/classify.h"
#include "store/tables_classify.h"
#include "ops_world.h"
#include "tap.h"

/* A record of kind ("org" or "person") with state and doc fields. */
static void
rec_add(struct store *s, const char *kind, const char *state, const char *org_id,
        json_t *doc, char id[STORE_ID_MAX])
{
	struct store_tx *tx;
	struct store_rec r = {0};

	q_strlcpy(r.kind, kind, sizeof r.kind);
	store_id_new(kind, r.id);
	q_strlcpy(r.state, state, sizeof r.state);
	q_strlcpy(r.org_id, org_id ? org_id : "", sizeof r.org_id);
	q_strlcpy(id, r.id, STORE_ID_MAX);
	if (strcmp(kind, "person") == 0) {   /* a typed row (person_put.h) */
		CHECK(person_put(s, r.id, org_id, NULL, doc) == 0);
		json_decref(doc);
		return;
	}
	json_object_set_new(doc, "id", json_string(r.id));
	r.doc = doc;
	if (store_begin(s, true, &tx, NULL) == 0) {
		if ((strcmp(kind, "org") == 0 ? org_row_insert(tx, r.id, state, doc, NULL)
		                              : store_rec_insert(tx, &r, NULL)) == 0)
			store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	q_strlcpy(id, r.id, STORE_ID_MAX);
	store_rec_clear(&r);
}

static int
count_cb(void *ctx, const void *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

int
main(void)
{
	char body[STORE_ID_MAX], firm[STORE_ID_MAX];
	char off[STORE_ID_MAX], stranger[STORE_ID_MAX], nameless[STORE_ID_MAX];
	struct crypto_keys *keys;
	struct store *s = NULL;
	struct store_tx *tx;
	struct qerr e = {0};
	struct ops_ctx c;
	struct classifier_rec k;
	struct ops_classifier_args a;
	int64_t n0;

	if (ops_world_open("opsclassify", &keys, &s) != 0)
		return 1;
	if (keys == NULL || s == NULL)
		return tap_done();

	/* The migration's table is its description. */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_table_check(tx, &store_classifier_table, &e) == 0);
	store_rollback(tx);

	ops_world_ctx(&c, s, keys);
	q_strlcpy(c.actor.user_id, "user_admin", sizeof c.actor.user_id);
	c.actor.cross_org = true;
	rec_add(s, "org", "active", NULL, json_pack("{s:s}", "kind", "state_body"), body);
	rec_add(s, "org", "active", NULL, json_pack("{s:s}", "kind", "organization"), firm);
	rec_add(s, "person", "active", body,
	        json_pack("{s:s, s:s}", "full_name", "Official One", "position", "Director"), off);
	rec_add(s, "person", "active", firm, json_pack("{s:s}", "full_name", "Someone"), stranger);
	rec_add(s, "person", "active", body, json_object(), nameless);
	n0 = audit_n(s);

	/* not yet on the list: not_a_classifier; a user who is no person too */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(ops_classifier_check(tx, body, off, &e) == -1);
	CHECK(e.status == QERR_RULE);
	CHECK_STR(e.code, "not_a_classifier");
	qerr_clear(&e);
	CHECK(ops_classifier_check(tx, body, "", &e) == -1);
	CHECK_STR(e.code, "not_a_classifier");
	qerr_clear(&e);
	store_rollback(tx);

	/* registered: the person's name and position as they stand, audited */
	a = (struct ops_classifier_args){.org_id = body, .person_id = off};
	CHECK(ops_classifier_register(&c, &a, &k, &e) == 0);
	CHECK(k.h.version == 1 && k.state == CLASSIFIER_ACTIVE);
	CHECK_STR(k.org_id, body);
	CHECK_STR(k.person_id, off);
	CHECK(k.full_name != NULL && strcmp(k.full_name, "Official One") == 0);
	CHECK(k.position != NULL && strcmp(k.position, "Director") == 0);
	CHECK(k.registered_on == date_from_ymd(2026, 3, 2));
	CHECK_STR(k.registered_by, "user_admin");
	CHECK(strncmp(k.h.id, "cls_", 4) == 0);
	CHECK(audit_n(s) == n0 + 1);
	classifier_rec_free(&k);
	/* a person stored without name or position (typed persons keep ""):
	 * "" as stored */
	a.person_id = nameless;
	CHECK(ops_classifier_register(&c, &a, &k, &e) == 0);
	CHECK(k.full_name != NULL && k.full_name[0] == '\0');
	CHECK(k.position != NULL && k.position[0] == '\0');
	classifier_rec_free(&k);
	CHECK(audit_n(s) == n0 + 2);

	/* the same person again: 409 duplicate on person_id, nothing audited */
	a.person_id = off;
	CHECK(ops_classifier_register(&c, &a, &k, &e) == -1);
	CHECK(e.status == QERR_CONFLICT);
	CHECK_STR(e.code, "duplicate");
	CHECK_STR(e.field, "person_id");
	qerr_clear(&e);
	/* 404 naming the field */
	a = (struct ops_classifier_args){.org_id = "org_missing", .person_id = off};
	CHECK(ops_classifier_register(&c, &a, &k, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "org_id");
	qerr_clear(&e);
	a = (struct ops_classifier_args){.org_id = body, .person_id = "person_missing"};
	CHECK(ops_classifier_register(&c, &a, &k, &e) == -1);
	CHECK(e.status == QERR_NOT_FOUND);
	CHECK_STR(e.field, "person_id");
	qerr_clear(&e);
	/* not_a_classifier (Art. 5.4, 15.1): not a state body; another body's person */
	a = (struct ops_classifier_args){.org_id = firm, .person_id = stranger};
	CHECK(ops_classifier_register(&c, &a, &k, &e) == -1);
	CHECK(e.status == QERR_RULE);
	CHECK_STR(e.code, "not_a_classifier");
	qerr_clear(&e);
	a = (struct ops_classifier_args){.org_id = body, .person_id = stranger};
	CHECK(ops_classifier_register(&c, &a, &k, &e) == -1);
	CHECK_STR(e.code, "not_a_classifier");
	qerr_clear(&e);
	CHECK(audit_n(s) == n0 + 2);

	CHECK(store_begin(s, false, &tx, &e) == 0);
	/* on the list now: allowed */
	CHECK(ops_classifier_check(tx, body, off, &e) == 0);
	/* not on another body's list */
	CHECK(ops_classifier_check(tx, firm, off, &e) == -1);
	qerr_clear(&e);
	{
		struct ops_classifier_filter f = {.org_id = body};
		int n = 0;

		CHECK(ops_classifier_list(tx, &f, 0, 10, count_cb, &n, &e) == 2 && n == 2);
		f.person_id = off;
		n = 0;
		CHECK(ops_classifier_list(tx, &f, 0, 10, count_cb, &n, &e) == 1 && n == 1);
		f = (struct ops_classifier_filter){.state = "revoked"};
		n = 0;
		CHECK(ops_classifier_list(tx, &f, 0, 10, count_cb, &n, &e) == 0 && n == 0);
	}
	{
		int64_t entries = 0, bytes = 0;

		CHECK(audit_verify(tx, (const uint8_t (*)[32])keys->pks, keys->npk, NULL, NULL, &entries, &bytes, &e) == 0);
	}
	store_rollback(tx);

	ops_world_close(&c, s, keys);
	return tap_done();
}
