/*
 * org_fks.h — the foreign keys migration 0027_org_fks adds (issue 11): the
 * columns of the typed tables made before organizations were a typed
 * table (0008..0024c) that name an organization or a person, each given
 * REFERENCES organization(id) or person(id). One list for both backends
 * (store_sqlite.c rebuilds each table, pg_store.c adds the constraints).
 *
 * The carrier tables, the circulation journal (movement) and access_grant
 * got theirs later, from 0028_carrier_fks (the STORE_CARRIER_* lists below,
 * the same machinery). Not in either: account (org_id and person_id are
 * "" for none), and ids of several kinds (incident_ref.ref_id).
 *
 * STORE_ORG_FKS(X): X(table, column) for a column naming an organization.
 * STORE_PERSON_FKS(X): X(table, column, org) for a column naming a person;
 * org is the SQL expression over that table giving the organization a
 * placeholder person for an orphan id is registered in.
 *
 * ORPHANS. An id that names no row (none exists in a database this
 * program wrote: every id was loaded before it was stored; only a hand
 * edited database can hold one) must not block the upgrade, and nothing
 * a user stored may be lost: the step registers a placeholder for it
 * first, an organization (kind organization, active, named by its id,
 * registered_on 1970-01-01, as 0023_typed_orgs fills a missing date) or a
 * person (citizen of KZ, employed, named by its id, in the organization
 * org of the first row naming it), with a seq drawn from the sequence.
 * The references then hold, and the reader sees the placeholder by its id.
 */
#ifndef QUPIYA_STORE_ORG_FKS_H
#define QUPIYA_STORE_ORG_FKS_H

#define STORE_PERSON_FKS(X)                                                           \
	X("clearance", "person_id", "org_id")                                             \
	X("trip", "person_id", "org_id")                                                  \
	X("violation", "person_id", "org_id")                                             \
	X("classifier", "person_id", "org_id")                                            \
	X("joint_work", "executor_person_id", "coalesce(executor_person_org_id, customer_org_id)")

#define STORE_ORG_FKS(X)                                                              \
	X("person", "org_id")                                                             \
	X("ground", "org_id")                                                             \
	X("clearance", "org_id")                                                          \
	X("trip", "org_id")                                                               \
	X("violation", "org_id")                                                          \
	X("incident", "org_id")                                                           \
	X("list", "org_id")                                                               \
	X("list_item", "org_id")                                                          \
	X("permit", "org_id")                                                             \
	X("permit_mark", "org_id")                                                        \
	X("certificate", "org_id")                                                        \
	X("archive_delegation", "org_id")                                                 \
	X("archive_delegation", "archive_org_id")                                         \
	X("classifier", "org_id")                                                         \
	X("emergency_mode_org", "org_id")                                                 \
	X("foreign_transfer", "proposer_org_id")                                          \
	X("foreign_transfer", "recipient_org_id")                                         \
	X("foreign_transfer_org", "org_id")                                               \
	X("joint_work", "customer_org_id")                                                \
	X("joint_work", "executor_org_id")                                                \
	X("joint_work", "executor_person_org_id")                                         \
	X("joint_work", "disposing_org_id")                                               \
	X("joint_work", "prot_provider_org_id")                                           \
	X("joint_work_addendum", "from_org_id")                                           \
	X("joint_work_addendum", "assignee_org_id")                                       \
	X("transfer", "from_org_id")                                                      \
	X("transfer", "to_org_id")

/* 0028_carrier_fks: the carrier family's columns naming an organization or
 * a person (as above; orphans get the same placeholders, a person's in the
 * organization of the row naming it), and the derived rows keyed by a
 * carrier that had no key to it.
 *
 * STORE_CARRIER_DERIVED_FKS(X): X(table, column) naming a carrier, in a
 * table of rows derived from the carrier (tables_carriers.h: carrier_due
 * is rewritten from the carrier on every write of it); an orphan row there
 * says nothing a user stored, so it is deleted rather than given a
 * placeholder carrier (which would be a false entry in a registry).
 *
 * Left without a key, each for its reason:
 *   carrier.parent_id, movement.parent_id: "" for none; the journal's
 *     parent is a carrier or an inventory (two kinds);
 *   movement.carrier_id, access_grant.carrier_id/information_id,
 *     carrier_info.information_id, carrier_source.source_id: an orphan
 *     could only be kept by inventing a carrier or an information item (a
 *     false registry entry) or by clearing the id (a grant without its
 *     object would read as a different grant);
 *   the *_by columns (user ids: accounts, outside these lists), and the
 *     ids of acts of other kinds (incident_id, joint_work_id, transfer_id,
 *     foreign_transfer_id, inventory_id), each written by its own step
 *     after loading the act. */
#define STORE_CARRIER_PERSON_FKS(X)                                                   \
	X("carrier_copies", "holder_person_id",                                           \
	  "(SELECT k.org_id FROM carrier AS k WHERE k.id = carrier_copies.carrier_id)")   \
	X("carrier_copies", "holder",                                                     \
	  "(SELECT k.org_id FROM carrier AS k WHERE k.id = carrier_copies.carrier_id)")   \
	X("movement", "person_id", "org_id")                                              \
	X("movement", "from_person_id", "coalesce(from_org_id, org_id)")                  \
	X("access_grant", "person_id", "org_id")

#define STORE_CARRIER_ORG_FKS(X)                                                      \
	X("carrier", "org_id")                                                            \
	X("carrier", "disposing_org_id")                                                  \
	X("carrier", "archive_org_id")                                                    \
	X("carrier_copies", "holder_org_id")                                              \
	X("carrier_disposer", "org_id")                                                   \
	X("carrier_departed", "org_id")                                                   \
	X("carrier_party", "org_id")                                                      \
	X("carrier_due", "org_id")                                                        \
	X("movement", "org_id")                                                           \
	X("movement", "from_org_id")                                                      \
	X("movement", "to_org_id")                                                        \
	X("movement", "archive_org_id")                                                   \
	X("access_grant", "org_id")                                                       \
	X("access_grant", "granting_org_id")

#define STORE_CARRIER_DERIVED_FKS(X)                                                  \
	X("carrier_due", "carrier_id")

/* Both dialects' text for an orphan of STORE_CARRIER_DERIVED_FKS. */
#define STORE_FK_DERIVED_ORPHANS(t, c)                                                \
	"DELETE FROM " t " WHERE " c " IS NOT NULL AND " c " NOT IN (SELECT id FROM"     \
	" carrier);\n"

#endif
