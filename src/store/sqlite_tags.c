/*
 * sqlite_tags.c — listing records by tag (store_rec_list_tagged, store.h):
 * the carrier registry's label and holder filters at millions of carriers,
 * and the registry of an organization: every carrier it is a party to.
 *
 * How it works. Table record_tag(name, value, org_id, rec_seq) is rewritten
 * by store_tags_refresh() inside every store_rec_insert/store_rec_update of
 * a carrier (same transaction), from the doc being written, so no caller
 * writes it and it cannot disagree with the doc or the record's org_id.
 * (SQL triggers with json_extract() would be neater, but the connections
 * run with trusted_schema=OFF, which refuses JSON functions in triggers.)
 * Tag "party" (store.h) is written for the record's org_id, every
 * copy's holder_org_id and every key of doc.departed (custody per copy,
 * http/custody.h). A query walks the first tag's index in rec_seq order — (name, value,
 * org_id, rec_seq) when the query names an organization, else the primary
 * key (name, value, rec_seq) — joins the record by its rowid, applies the
 * other filters, and checks a second and third tag by primary-key probes. CROSS JOIN
 * keeps that loop order, so a page costs what it returns plus what the
 * other filters skip, never a sort.
 *
 * Owns: nothing past a call.
 *
 * Untrusted input: filter values and tag values come from requests; they
 * are only bound as parameters.
 */
#include "store/db.h"

#include <string.h>

#define TAG_COLS "r.seq, r.kind, r.id, r.org_id, r.parent_id, r.ref, r.state, r.doc"
#define TAG_REST                                                                   \
	" AND r.kind = ?1"                                                         \
	" AND (?4 IS NULL OR r.parent_id = ?4)"                                    \
	" AND (?5 IS NULL OR r.state = ?5)"                                        \
	" AND (?6 IS NULL OR r.ref = ?6)"                                          \
	" AND (?10 IS NULL OR EXISTS (SELECT 1 FROM record_tag u"                  \
	"  WHERE u.name = ?10 AND u.value = ?11 AND u.rec_seq = t.rec_seq))"      \
	" AND (?12 IS NULL OR EXISTS (SELECT 1 FROM record_tag w"                  \
	"  WHERE w.name = ?12 AND w.value = ?13 AND w.rec_seq = t.rec_seq))"      \
	" ORDER BY t.rec_seq LIMIT ?7"

static const char SQL_TAG_LIST_ORG[] =
	"SELECT " TAG_COLS " FROM record_tag AS t CROSS JOIN record AS r ON r.seq = t.rec_seq"
	" WHERE t.name = ?8 AND t.value = ?9 AND t.org_id = ?3 AND t.rec_seq > ?2"
	" AND r.org_id = ?3" TAG_REST;
static const char SQL_TAG_LIST_ANY[] =
	"SELECT " TAG_COLS " FROM record_tag AS t CROSS JOIN record AS r ON r.seq = t.rec_seq"
	" WHERE t.name = ?8 AND t.value = ?9 AND t.rec_seq > ?2" TAG_REST;

static const char SQL_TAG_CLEAR[] =
	"DELETE FROM record_tag WHERE rec_seq = (SELECT seq FROM record WHERE id = ?1)";
static const char SQL_TAG_ADD[] =
	"INSERT INTO record_tag(name, value, org_id, rec_seq)"
	" SELECT ?2, ?3, org_id, seq FROM record WHERE id = ?1 ON CONFLICT DO NOTHING";

static int
tag_add(struct store_tx *tx, const char *id, const char *name, const char *value,
        struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_stmt_get(tx, SQL_TAG_ADD, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, id);
	if (rc == DB_OK)
		rc = store_bind_str(st, 2, name);
	if (rc == DB_OK)
		rc = store_bind_str(st, 3, value);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "tag add");
}

int
store_tags_refresh(struct store_tx *tx, const struct store_rec *r, struct qerr *e)
{
	struct db_stmt *st;
	const char *label;
	json_t *copies, *c;
	const char *key;
	size_t i;
	int rc;

	if (strcmp(r->kind, "carrier") != 0)
		return 0;
	if (store_stmt_get(tx, SQL_TAG_CLEAR, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, r->id);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "tag clear");
	label = json_string_value(json_object_get(r->doc, "label"));
	if (label != NULL && tag_add(tx, r->id, STORE_TAG_LABEL, label, e) != 0)
		return -1;
	copies = json_object_get(r->doc, "copies");
	json_array_foreach(copies, i, c) {
		const char *holder = json_string_value(json_object_get(c, "holder"));
		const char *org = json_string_value(json_object_get(c, "holder_org_id"));

		if (holder != NULL && tag_add(tx, r->id, STORE_TAG_HOLDER, holder, e) != 0)
			return -1;
		/* Duplicates are ignored (ON CONFLICT DO NOTHING). */
		if (org != NULL && tag_add(tx, r->id, STORE_TAG_PARTY, org, e) != 0)
			return -1;
	}
	/* The registry it belongs to, and every organization copies left. */
	if (r->org_id[0] != '\0' && tag_add(tx, r->id, STORE_TAG_PARTY, r->org_id, e) != 0)
		return -1;
	json_object_foreach(json_object_get(r->doc, "departed"), key, c)
		if (tag_add(tx, r->id, STORE_TAG_PARTY, key, e) != 0)
			return -1;
	return 0;
}

/* Binds s, or NULL when s is NULL (a filter not given). */
static int
bind_opt(struct db_stmt *st, int idx, const char *s)
{
	return s != NULL ? store_bind_str(st, idx, s) : db_bind_null(st, idx);
}

int
store_rec_list_tagged(struct store_tx *tx, const struct store_query *q,
                      const struct store_tag *tags, size_t ntags,
                      store_rec_cb cb, void *ctx, struct qerr *e)
{
	struct db_stmt *st;
	int limit = q->limit, rc;

	if (store_tx_usable(tx, "tagged list", e) != 0)
		return -1;
	if (q->kind == NULL || !store_kind_valid(q->kind) || tags == NULL || ntags < 1 ||
	    ntags > STORE_TAGS_MAX || tags[0].name == NULL || tags[0].value == NULL ||
	    (ntags >= 2 && (tags[1].name == NULL || tags[1].value == NULL)) ||
	    (ntags >= 3 && (tags[2].name == NULL || tags[2].value == NULL))) {
		/* A programming error: the HTTP layer builds these. */
		qerr_internal(e, NULL);
		qerr_detail(e, "tagged list: bad query");
		return -1;
	}
	if (limit < 1)
		limit = 1;
	if (limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	if (store_stmt_get(tx, q->org_id ? SQL_TAG_LIST_ORG : SQL_TAG_LIST_ANY, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, q->kind);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, q->after_seq);
	if (rc == DB_OK && q->org_id)
		rc = store_bind_str(st, 3, q->org_id);
	if (rc == DB_OK)
		rc = bind_opt(st, 4, q->parent_id);
	if (rc == DB_OK)
		rc = bind_opt(st, 5, q->state);
	if (rc == DB_OK)
		rc = bind_opt(st, 6, q->ref);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 7, limit);
	if (rc == DB_OK)
		rc = store_bind_str(st, 8, tags[0].name);
	if (rc == DB_OK)
		rc = store_bind_str(st, 9, tags[0].value);
	if (rc == DB_OK)
		rc = bind_opt(st, 10, ntags >= 2 ? tags[1].name : NULL);
	if (rc == DB_OK)
		rc = bind_opt(st, 11, ntags >= 2 ? tags[1].value : NULL);
	if (rc == DB_OK)
		rc = bind_opt(st, 12, ntags >= 3 ? tags[2].name : NULL);
	if (rc == DB_OK)
		rc = bind_opt(st, 13, ntags >= 3 ? tags[2].value : NULL);
	if (rc != DB_OK) {
		store_stmt_put(tx, st);
		return store_db_err(e, rc, "tagged list");
	}
	return store_rec_rows(tx, st, cb, ctx, "tagged list", e);
}
