/*
 * test_store_tags.c — store_rec_list_tagged (store.h): the carrier label
 * and holder tags the database derives from docs by trigger, checked
 * against a trivial reference (a scan of every carrier's doc) after
 * inserts and updates, with and without an organization, one or two tags,
 * and paging.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "org_row.h"
#include "tap.h"

#define NCAR 60
#define NORG 3
#define NPERSON 4

static const char *const labels[] = {"confidential", "top_secret", "special_importance"};

struct ids {
	char id[NCAR][STORE_ID_MAX];
};

struct collect {
	char ids[NCAR][STORE_ID_MAX];
	int n;
	int64_t last;
};

static int
collect_cb(void *ctx, const struct store_rec *r)
{
	struct collect *c = ctx;

	if (c->n < NCAR)
		snprintf(c->ids[c->n++], STORE_ID_MAX, "%s", r->id);
	c->last = r->seq;
	return 0;
}

/* The doc of carrier i, version v: label and holders vary with both. */
static json_t *
doc_of(const char *id, int i, int v)
{
	json_t *copies = json_array();

	for (int k = 0; k < 3; k++) {
		int p = (i + k + v) % (NPERSON + 1);
		char who[16];

		snprintf(who, sizeof who, "person_%d", p);
		json_array_append_new(copies, json_pack("{s:i, s:s?}", "number", k + 1, "holder",
		                                        p == NPERSON ? NULL : who));
	}
	return json_pack("{s:s, s:s, s:o}", "id", id, "label", labels[(i + v) % 3], "copies",
	                 copies);
}

/* Reference: does doc carry tag (name, value)? */
static int
doc_has(const json_t *doc, const char *name, const char *value)
{
	size_t k;
	json_t *c;

	if (strcmp(name, STORE_TAG_LABEL) == 0)
		return strcmp(json_string_value(json_object_get(doc, "label")), value) == 0;
	json_array_foreach(json_object_get(doc, "copies"), k, c) {
		const char *h = json_string_value(json_object_get(c, "holder"));

		if (h != NULL && strcmp(h, value) == 0)
			return 1;
	}
	return 0;
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-tags-XXXXXX", db[300];
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct qerr e = {0};
	struct ids ids;
	json_t *docs[NCAR];
	char orgs[NCAR][8];

	if (mkdtemp(dir) == NULL)
		return 2;
	snprintf(db, sizeof db, "%s/t.db", dir);
	CHECK(store_open(db, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return tap_done();

	for (int v = 0; v < 2; v++) {
		CHECK(store_begin(s, true, &tx, &e) == 0);
		for (int i = 0; i < NCAR; i++) {
			struct store_rec r = {0};

			snprintf(r.kind, sizeof r.kind, "carrier");
			if (v == 0)
				store_id_new("carrier", ids.id[i]);
			snprintf(r.id, sizeof r.id, "%s", ids.id[i]);
			snprintf(orgs[i], sizeof orgs[i], "org_%d", (i + v) % NORG);
			snprintf(r.org_id, sizeof r.org_id, "%s", orgs[i]);
			snprintf(r.state, sizeof r.state, "registered");
			r.doc = doc_of(r.id, i, v);
			CHECK(rec_refs_ensure(tx, &r, &e) == 0);   /* 0028_carrier_fks */
			CHECK((v == 0 ? store_rec_insert(tx, &r, &e) : store_rec_update(tx, &r, &e)) == 0);
			if (v == 1)
				json_decref(docs[i]);
			docs[i] = json_incref(r.doc);
			store_rec_clear(&r);
		}
		/* A record of another kind never shows. */
		{
			struct store_rec r = {0};

			/* (an information item: a typed row since 0025_typed_items) */
			if (v == 0)
				CHECK(org_row_insert(tx, "org_info", NULL, NULL, &e) == 0);
			snprintf(r.kind, sizeof r.kind, "information");
			store_id_new("information", r.id);
			snprintf(r.org_id, sizeof r.org_id, "org_info");
			snprintf(r.state, sizeof r.state, "classified");
			r.doc = json_pack("{s:s}", "label", "top_secret");
			CHECK(store_rec_insert(tx, &r, &e) == 0);
			store_rec_clear(&r);
		}
		CHECK(store_commit(tx, &e) == 0);

		CHECK(store_begin(s, false, &tx, &e) == 0);
		for (int qi = 0; qi < 3 * (NPERSON + 1) * (NORG + 1); qi++) {
			char holder[16], org[8];
			int li = qi % 3, pi = (qi / 3) % (NPERSON + 1), oi = qi / (3 * (NPERSON + 1));
			struct store_tag tags[2];
			size_t nt = 0;
			struct store_query q = {.kind = "carrier", .limit = 7};
			struct collect got = {0};
			int want = 0, ok = 1;

			snprintf(holder, sizeof holder, "person_%d", pi);
			snprintf(org, sizeof org, "org_%d", oi);
			if (pi < NPERSON)
				tags[nt++] = (struct store_tag){STORE_TAG_HOLDER, holder};
			tags[nt++] = (struct store_tag){STORE_TAG_LABEL, labels[li]};
			if (oi < NORG)
				q.org_id = org;
			/* Page through in sevens. */
			for (;;) {
				int before = got.n;

				CHECK(store_rec_list_tagged(tx, &q, tags, nt, collect_cb, &got, &e) == 0);
				if (got.n - before < 7)
					break;
				q.after_seq = got.last;
			}
			for (int i = 0, j = 0; i < NCAR; i++) {
				int match = (q.org_id == NULL || strcmp(orgs[i], org) == 0);

				for (size_t t = 0; t < nt; t++)
					match = match && doc_has(docs[i], tags[t].name, tags[t].value);
				if (!match)
					continue;
				want++;
				if (j >= got.n || strcmp(got.ids[j], ids.id[i]) != 0)
					ok = 0;
				j++;
			}
			CHECK(want == got.n);
			CHECK(ok);
		}
		store_rollback(tx);
	}
	{
		/* Bad queries are refused, not run. */
		struct store_query q = {.kind = "carrier", .limit = 1};
		struct collect got = {0};

		CHECK(store_begin(s, false, &tx, &e) == 0);
		CHECK(store_rec_list_tagged(tx, &q, NULL, 0, collect_cb, &got, &e) == -1);
		store_rollback(tx);
	}
	for (int i = 0; i < NCAR; i++)
		json_decref(docs[i]);
	store_close(s);
	{
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cleanup failed\n");
	}
	return tap_done();
}
