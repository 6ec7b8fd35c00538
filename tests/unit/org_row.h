/*
 * org_row.h — an organization as the unit tests store it (issue 11:
 * organizations are typed rows, core/org_rec.h, table organization): from
 * a JSON description of the fields a test cares about (name, bin, kind,
 * parent_id, city, foreign_participation, state_share, successor_org_id),
 * the rest neutral (name = id, kind "organization", registered on
 * 2026-01-01). The helpers that stored records of kind "org"
 * (ops_world_put, torture_rec_add) store these instead. Also the
 * migration round trip of the typed-table tests (rec_seq,
 * migration_rerun).
 */
#ifndef QUPIYA_TESTS_ORG_ROW_H
#define QUPIYA_TESTS_ORG_ROW_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/org_rec.h"
#include "core/person_rec.h"
#include "store/store_table.h"
#include "store/tables_org.h"
#include "store/tables_persons.h"

/* Inserts the organization id (state "active", "reorganizing" or
 * "liquidated"; NULL or "" active) described by doc (borrowed, may be
 * NULL) in tx. 0 or -1. */
static inline int
org_row_insert(struct store_tx *tx, const char *id, const char *state, const json_t *doc,
               struct qerr *e)
{
	struct org_rec o = {0};
	const char *s;
	const json_t *v;
	int k, rc;

	q_strlcpy(o.h.id, id, sizeof o.h.id);
	s = json_string_value(json_object_get(doc, "name"));
	o.name = strdup(s ? s : id);
	s = json_string_value(json_object_get(doc, "city"));
	o.city = s ? strdup(s) : NULL;
	s = json_string_value(json_object_get(doc, "bin"));
	q_strlcpy(o.bin, s ? s : "", sizeof o.bin);
	k = org_enum_parse(org_kind_names, json_string_value(json_object_get(doc, "kind")));
	o.kind = k < 0 ? ORG_ORGANIZATION : k;
	s = json_string_value(json_object_get(doc, "parent_id"));
	q_strlcpy(o.parent_id, s ? s : "", sizeof o.parent_id);
	o.foreign_participation = json_is_true(json_object_get(doc, "foreign_participation"));
	v = json_object_get(doc, "state_share");
	o.state_share = json_is_number(v) ? json_number_value(v) : NAN;
	k = org_enum_parse(org_state_names, state);
	o.state = k < 0 ? ORG_ACTIVE : k;
	o.registered_on = date_from_ymd(2026, 1, 1);
	o.liquidated_on = o.state == ORG_LIQUIDATED ? date_from_ymd(2026, 1, 2) : QDATE_NONE;
	s = json_string_value(json_object_get(doc, "successor_org_id"));
	q_strlcpy(o.successor_org_id, s ? s : "", sizeof o.successor_org_id);
	rc = o.name == NULL ? -1 : store_row_insert(tx, &store_org_table, &o, e);
	org_rec_free(&o);
	return rc;
}

/* The seq of the record kind/id in s (-1 when absent): what a migration
 * run again must keep. */
static inline int64_t
rec_seq(struct store *s, const char *kind, const char *id)
{
	struct store_tx *tx = NULL;
	struct store_rec r = {0};
	int64_t seq = -1;

	if (store_begin(s, false, &tx, NULL) == 0) {
		if (store_rec_get(tx, kind, id, &r, NULL) == 0)
			seq = r.seq;
		store_rollback(tx);
	}
	store_rec_clear(&r);
	return seq;
}

/* Runs the migration step again on the SQLite database path: closes *s,
 * forgets the step in schema_migration, runs before (SQL, may be NULL:
 * records written as the old build wrote them, behind the store's back)
 * and reopens *s (NULL on failure), which applies the step. 0 or -1. */
static inline int
migration_rerun(struct store **s, const char *path, const char *step, const char *before)
{
	sqlite3 *db = NULL;
	char *sql = sqlite3_mprintf("DELETE FROM schema_migration WHERE name = %Q", step);
	int rc = -1;

	store_close(*s);
	*s = NULL;
	if (sql != NULL && sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK && sqlite3_changes(db) == 1 &&
	    (before == NULL || sqlite3_exec(db, before, NULL, NULL, NULL) == SQLITE_OK))
		rc = 0;
	sqlite3_close(db);
	sqlite3_free(sql);
	if (rc == 0 && store_open(path, 0, s, NULL) != 0)
		rc = -1;
	return rc;
}

/* The organization id as a row, inserted ("active", named by its id) when
 * it is not there yet: rows that name an organization need it since
 * 0027_org_fks. "" and NULL: none needed. */
static inline int
org_row_ensure(struct store_tx *tx, const char *id, struct qerr *e)
{
	struct org_rec o = {0};
	struct qerr ne = {0};

	if (id == NULL || id[0] == '\0')
		return 0;
	if (store_row_get(tx, &store_org_table, id, &o, &ne) == 0) {
		org_rec_free(&o);
		return 0;
	}
	return ne.status == QERR_NOT_FOUND ? org_row_insert(tx, id, "active", NULL, e) : -1;
}

/* The person id as a row of organization org (registered too when
 * needed), inserted (employed, named by its id) when it is not there yet:
 * copies, journal entries and grants naming a person need it since
 * 0028_carrier_fks. "" and NULL: none needed. */
static inline int
person_row_ensure(struct store_tx *tx, const char *id, const char *org, struct qerr *e)
{
	struct person_rec p = {0};
	struct qerr ne = {0};
	int rc;

	if (id == NULL || id[0] == '\0')
		return 0;
	if (store_row_get(tx, &store_person_table, id, &p, &ne) == 0) {
		person_rec_free(&p);
		return 0;
	}
	if (ne.status != QERR_NOT_FOUND)
		return -1;
	org = org != NULL && org[0] != '\0' ? org : "org_1";
	if (org_row_ensure(tx, org, e) != 0)
		return -1;
	q_strlcpy(p.h.id, id, sizeof p.h.id);
	q_strlcpy(p.org_id, org, sizeof p.org_id);
	p.citizenship = PERSON_KZ;
	p.employment = PERSON_EMPLOYED;
	p.registered_on = date_from_ymd(2025, 1, 1);
	p.event_date = QDATE_NONE;
	p.full_name = strdup(id);
	p.position = strdup("");
	rc = p.full_name != NULL && p.position != NULL
	   ? store_row_insert(tx, &store_person_table, &p, e) : -1;
	person_rec_free(&p);
	return rc;
}

/* The organizations and persons the carrier or journal entry r (record
 * form) names, registered when they are not there (0028_carrier_fks):
 * its org_id, disposing_org_id(s), archive's, departed's, from/to_org_id,
 * each copy's holder_org_id, holder_person_id and holder, person_id and
 * from_person_id (persons in r's organization). 0 or -1. */
static inline int
rec_refs_ensure(struct store_tx *tx, const struct store_rec *r, struct qerr *e)
{
	static const char *const orgs[] = {"disposing_org_id", "from_org_id", "to_org_id",
	                                   "archive_org_id"};
	static const char *const persons[] = {"person_id", "from_person_id"};
	const json_t *d = r->doc, *v;
	const char *k;
	size_t i;
	int rc = org_row_ensure(tx, r->org_id, e);

	for (i = 0; rc == 0 && i < sizeof orgs / sizeof orgs[0]; i++)
		rc = org_row_ensure(tx, json_string_value(json_object_get(d, orgs[i])), e);
	for (i = 0; rc == 0 && i < sizeof persons / sizeof persons[0]; i++)
		rc = person_row_ensure(tx, json_string_value(json_object_get(d, persons[i])),
		                       r->org_id, e);
	if (rc == 0)
		rc = org_row_ensure(tx, json_string_value(json_object_get(
		                            json_object_get(d, "archive"), "archive_org_id")), e);
	json_array_foreach(json_object_get(d, "disposing_org_ids"), i, v)
		if (rc == 0)
			rc = org_row_ensure(tx, json_string_value(v), e);
	json_object_foreach((json_t *)json_object_get(d, "departed"), k, v)
		if (rc == 0)
			rc = org_row_ensure(tx, k, e);
	json_array_foreach(json_object_get(d, "copies"), i, v) {
		if (rc == 0)
			rc = org_row_ensure(tx, json_string_value(json_object_get(v, "holder_org_id")),
			                    e);
		if (rc == 0)
			rc = person_row_ensure(tx, json_string_value(json_object_get(v,
			                       "holder_person_id")), r->org_id, e);
		if (rc == 0)
			rc = person_row_ensure(tx, json_string_value(json_object_get(v, "holder")),
			                       r->org_id, e);
	}
	return rc;
}

#endif
