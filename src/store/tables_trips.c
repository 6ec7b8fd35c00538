/*
 * tables_trips.c — descriptions of the typed tables of tables_trips.h.
 *
 * person_id and org_id refer to person(id) and organization(id) (added by
 * 0027_org_fks, store/org_fks.h); the columns naming carriers,
 * clearances, joint works and inventories have no FOREIGN KEY. trip.violation_id has none either: a violation
 * names its trip (violation.trip_id -> trip), and a key each way would
 * make the two inserts of a departure circular.
 */
#include "store/tables_trips.h"

#include <stddef.h>

#include "core/incident.h"
#include "core/trip.h"

#define COL(st, name, m, type, flags)                                                    \
	{name, type, offsetof(struct st, m),                                             \
	 (type) == STORE_COL_ID || (type) == STORE_COL_REF ? sizeof(((struct st *)0)->m) : 0, \
	 flags, NULL, NULL}
#define ENUMCOL(st, name, m, names, flags) \
	{name, STORE_COL_ENUM, offsetof(struct st, m), 0, flags, names, NULL}
#define REFCOL(st, name, m, flags, table) \
	{name, STORE_COL_REF, offsetof(struct st, m), sizeof(((struct st *)0)->m), flags, NULL, table}

enum { N = STORE_COL_NULLABLE, X = STORE_COL_INDEXED, I = STORE_COL_IMMUTABLE };

static const struct store_col trip_cols[] = {
	COL(trip_rec, "id", h.id, STORE_COL_ID, 0),
	REFCOL(trip_rec, "person_id", person_id, X | I, "person(id)"),
	REFCOL(trip_rec, "org_id", org_id, X, "organization(id)"),
	COL(trip_rec, "country", country, STORE_COL_TEXT, I),
	COL(trip_rec, "depart_on", depart_on, STORE_COL_DATE, I),
	COL(trip_rec, "return_on", return_on, STORE_COL_DATE, I),
	COL(trip_rec, "purpose", purpose, STORE_COL_TEXT, N | I),
	ENUMCOL(trip_rec, "state", state, trip_state_names, 0),
	COL(trip_rec, "requested_on", requested_on, STORE_COL_DATE, I),
	COL(trip_rec, "approved_on", approved_on, STORE_COL_DATE, N),
	COL(trip_rec, "approved_by", approved_by, STORE_COL_REF, N),
	COL(trip_rec, "refused_on", refused_on, STORE_COL_DATE, N),
	COL(trip_rec, "refused_by", refused_by, STORE_COL_REF, N),
	COL(trip_rec, "departed_on", departed_on, STORE_COL_DATE, N),
	COL(trip_rec, "violation_id", violation_id, STORE_COL_REF, N),
};

const struct store_table store_trip_table = {
	"trip", "trip", trip_cols, sizeof trip_cols / sizeof trip_cols[0],
	sizeof(struct trip_rec), NULL,
};

static const struct store_col violation_cols[] = {
	COL(violation_rec, "id", h.id, STORE_COL_ID, 0),
	REFCOL(violation_rec, "person_id", person_id, X | I, "person(id)"),
	REFCOL(violation_rec, "org_id", org_id, X | I, "organization(id)"),
	COL(violation_rec, "code", code, STORE_COL_REF, I),
	COL(violation_rec, "article", article, STORE_COL_REF, N | I),
	REFCOL(violation_rec, "trip_id", trip_id, N | X | I, "trip(id)"),
	COL(violation_rec, "date", date, STORE_COL_DATE, I),
	ENUMCOL(violation_rec, "admitted", admitted, violation_admitted_names, I),
	COL(violation_rec, "country", country, STORE_COL_TEXT, N | I),
	COL(violation_rec, "liability", liability, STORE_COL_TEXT, N | I),
	COL(violation_rec, "consequence", consequence, STORE_COL_TEXT, I),
};

const struct store_table store_violation_table = {
	"violation", "violation", violation_cols, sizeof violation_cols / sizeof violation_cols[0],
	sizeof(struct violation_rec), NULL,
};

static const struct store_col incident_cols[] = {
	COL(incident_rec, "id", h.id, STORE_COL_ID, 0),
	REFCOL(incident_rec, "org_id", org_id, N | X | I, "organization(id)"),
	ENUMCOL(incident_rec, "kind", kind, incident_kind_names, I),
	ENUMCOL(incident_rec, "state", state, incident_state_names, X),
	COL(incident_rec, "description", description, STORE_COL_TEXT, I),
	COL(incident_rec, "damage", damage, STORE_COL_TEXT, N),
	COL(incident_rec, "occurred_on", occurred_on, STORE_COL_DATE, N | I),
	COL(incident_rec, "opened_on", opened_on, STORE_COL_DATE, N | I),
	COL(incident_rec, "confirmed_on", confirmed_on, STORE_COL_DATE, N),
	/* "by" is an SQL keyword */
	COL(incident_rec, "by_user", by, STORE_COL_REF, N | I),
	COL(incident_rec, "inventory_id", inventory_id, STORE_COL_REF, N | X | I),
};

const struct store_table store_incident_table = {
	"incident", "incident", incident_cols, sizeof incident_cols / sizeof incident_cols[0],
	sizeof(struct incident_rec), NULL,
};

static const struct store_col incident_ref_cols[] = {
	COL(incident_ref_rec, "id", h.id, STORE_COL_ID, 0),
	REFCOL(incident_ref_rec, "incident_id", incident_id, X | I, "incident(id)"),
	ENUMCOL(incident_ref_rec, "role", role, incident_ref_role_names, I),
	COL(incident_ref_rec, "ord", ord, STORE_COL_INT, I),
	COL(incident_ref_rec, "ref_id", ref_id, STORE_COL_REF, N | I),
	COL(incident_ref_rec, "copy_number", copy_number, STORE_COL_INT, N | I),
	COL(incident_ref_rec, "holder", holder, STORE_COL_REF, N | I),
};

const struct store_table store_incident_ref_table = {
	"incident_ref", "incref", incident_ref_cols,
	sizeof incident_ref_cols / sizeof incident_ref_cols[0], sizeof(struct incident_ref_rec),
	NULL,
};
