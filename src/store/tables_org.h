/*
 * tables_org.h — the typed tables of organizations' permits (issue 11;
 * records in core/org_rec.h):
 *
 *   permit         one row per permit (Art. 34); UNIQUE (org_id, number)
 *   permit_change  each state transition, permit_id -> permit(id)
 *   permit_mark    each agreement mark, permit_id -> permit(id)
 *   certificate    certificates of protection means (Art. 35);
 *                  UNIQUE (org_id, number)
 *   archive_delegation  delegations to a state archive (Art. 23.2);
 *                  UNIQUE (org_id, archive_org_id)
 *
 *   organization   one row per organization (SPEC.md §2; Art. 28);
 *                  UNIQUE (bin); parent_id and successor_org_id ->
 *                  organization(id)
 *
 * Migration 0008_typed_permits (store_sqlite.c) creates them and moves the
 * permits of the record table (kind "permit") with their history and
 * marks; 0009_typed_certificates the certificates and archive delegations;
 * 0023_typed_orgs the organization records (kind "org").
 * A row moved keeps its record seq.
 */
#ifndef QUPIYA_STORE_TABLES_ORG_H
#define QUPIYA_STORE_TABLES_ORG_H

#include "store/store_table.h"

extern const struct store_table store_permit_table;
extern const struct store_table store_permit_change_table;
extern const struct store_table store_permit_mark_table;
extern const struct store_table store_certificate_table;
extern const struct store_table store_delegation_table;
extern const struct store_table store_org_table;

#endif
