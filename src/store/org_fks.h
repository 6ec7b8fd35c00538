/*
 * org_fks.h — the foreign keys migration 0027_org_fks adds (issue 11): the
 * columns of the typed tables made before organizations were a typed
 * table (0008..0024c) that name an organization or a person, each given
 * REFERENCES organization(id) or person(id). One list for both backends
 * (store_sqlite.c rebuilds each table, pg_store.c adds the constraints).
 *
 * Not here: the carrier tables and access_grant (tables_carriers.c; their
 * keys are 0026_carrier_columns'), account (org_id and person_id are ""
 * for none), movement, and ids of several kinds (incident_ref.ref_id).
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

#endif
