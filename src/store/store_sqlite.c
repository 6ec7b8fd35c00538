/*
 * store_sqlite.c — the SQLite store: opening and migrating the database, the
 * connection pool, transactions, meta, ids and online backup.
 *
 * Owns: struct store (its connections and their cached statements) and each
 * struct store_tx between store_begin() and commit/rollback.
 *
 * Guarantees
 *   - Every connection runs with journal_mode=WAL, synchronous=FULL,
 *     foreign_keys=ON and a busy timeout, so store_commit() returning 0 means
 *     the WAL has been fsync'd: the transaction survives a crash.
 *   - Migrations (the `migrations` array) are named; they run in order,
 *     each in its own IMMEDIATE transaction together with its row in
 *     schema_migration(name, applied_at). A 0.1.0 database (positions in
 *     meta.schema_version) has its steps recorded by name on first open; a
 *     database with a migration this program does not know (newer) is
 *     refused, never downgraded.
 *   - At most one write transaction is open in the process (the write
 *     lock, store_group.c), so BEGIN IMMEDIATE waits only for other
 *     processes (busy timeout); writers that wait for it may share the
 *     open one, each in its savepoint, and its one COMMIT (group commit).
 *   - The WAL is checkpointed after the write lock is freed, by the thread
 *     whose COMMIT passed 4096 WAL pages (wal_commit_hook,
 *     store_after_write), not inside that COMMIT: writers never wait for
 *     it (the COMMIT does it itself only past 64 MiB of WAL).
 *   - store_backup() copies one consistent snapshot while writers go on,
 *     into a file it creates itself (0600, never an existing one), and
 *     fsyncs the copy and its directory before returning 0.
 *
 * Never: puts SQL text or SQLite's own message in a qerr (only the operation
 * and SQLite's generic description of the result code); prints anything
 * except the SQLite message of a statement that fails to prepare (a bug).
 *
 * Untrusted input: the database file itself (a non-qupiya or newer file is
 * refused); paths come from the command line.
 *
 * Transaction states of a connection (tx->open, tx->write):
 *
 *     idle --store_begin(write=false)--> read  --store_commit/rollback--> idle
 *     idle --store_begin(write=true)---> write --store_commit/rollback--> idle
 */
#include "store/sqlite_int.h"
#include "store/sqlite_deadlines.h"
#include "store/org_fks.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"

/* ---- schema ----------------------------------------------------------- */

/* Named migrations, applied in this order, each in its own transaction and
 * recorded by name in schema_migration. Append only: a step once released
 * is never edited, renamed or reordered. The first four are the steps of
 * 0.1.0, whose databases recorded them by position (meta.schema_version =
 * how many ran; 0005..0007 were appended the same way before names):
 * migrate() records those by name on first open. */
struct migration {
	const char *name;
	const char *sql;
};

/* 0022b_typed_movements: whether a field of a journal entry's doc is taken
 * into its typed column (1) or stays in extra (0), as movement_rec_from()
 * decides (sqlite_movements.c), and the column's value. */
#define MV_J(k) "json_extract(doc, '$." k "')"
#define MV_T(k) "json_type(doc, '$." k "')"
#define MV_OK_STR(k, max)                                                          \
	"(CASE WHEN " MV_T(k) " = 'null' OR (" MV_T(k) " = 'text' AND"                 \
	" length(CAST(" MV_J(k) " AS BLOB)) BETWEEN 1 AND " max ") THEN 1 ELSE 0 END)"
#define MV_VAL_STR(k, max)                                                         \
	"CASE WHEN " MV_T(k) " = 'text' AND length(CAST(" MV_J(k) " AS BLOB))"         \
	" BETWEEN 1 AND " max " THEN " MV_J(k) " END"
#define MV_OK_ID "(CASE WHEN " MV_T("id") " = 'text' AND " MV_J("id") " = id THEN 1 ELSE 0 END)"
#define MV_OK_ORG                                                                  \
	"(CASE WHEN " MV_T("org_id") " = 'text' AND " MV_J("org_id") " <> ''"          \
	" AND " MV_J("org_id") " = org_id THEN 1 ELSE 0 END)"
#define MV_OK_DATE                                                                 \
	"(CASE WHEN " MV_T("date") " = 'null' OR (" MV_T("date") " = 'text' AND "      \
	MV_J("date") " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') THEN 1 ELSE 0 END)"
#define MV_OK_COPY                                                                 \
	"(CASE WHEN " MV_T("copy_number") " IN ('null', 'integer') THEN 1 ELSE 0 END)"

/* ALTER TABLE ... ADD COLUMN on a table with a CHECK constraint makes
 * SQLite run PRAGMA quick_check over the whole table, every CHECK of every
 * row, once per column added: 27 columns of carrier took a fifth of the
 * upgrade of a large registry. A new column is NULL or its constant
 * DEFAULT in every row, which satisfies its CHECK (each one added with
 * this is written so), and the other columns' values were checked when
 * written; so the CHECKs are not evaluated while the columns are added
 * (the scan is left, a fifth of the cost). migrate() sets the pragma off
 * again after every step, failed or not. */
#define MIG_ADD_COLUMNS(sql) "PRAGMA ignore_check_constraints=ON;" sql \
	"PRAGMA ignore_check_constraints=OFF;"

/* 0026_carrier_columns (written out by a generator from the column list
 * of sqlite_carrier_rec.c's xcols[]): the columns, then the moves, which
 * also run alone when the columns exist (migration_columns). */
#define CARRIER_0026_COLUMNS \
	"ALTER TABLE carrier ADD COLUMN more INTEGER NOT NULL DEFAULT 0 CHECK (more BETWEEN 0 AND 67108863);\n" \
	"ALTER TABLE carrier ADD COLUMN court_ref TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN lost_on TEXT CHECK (lost_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE carrier ADD COLUMN incident_id TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN joint_work_id TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN review_required INTEGER CHECK (review_required IN (0, 1));\n" \
	"ALTER TABLE carrier ADD COLUMN review_due_on TEXT CHECK (review_due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE carrier ADD COLUMN review_reason TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN declassified_on TEXT CHECK (declassified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE carrier ADD COLUMN owner_kind TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN owner_name TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN owner_iin TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN owner_bin TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN alienation_contract_ref TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN alienation_compensation REAL;\n" \
	"ALTER TABLE carrier ADD COLUMN alienation_nd_signed_on TEXT CHECK (alienation_nd_signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE carrier ADD COLUMN archive_ref TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN archive_org_id TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN archived_on TEXT CHECK (archived_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE carrier ADD COLUMN archived_by TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN destruction_act_number TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN destroyed_on TEXT CHECK (destroyed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE carrier ADD COLUMN destroyed_by TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN declassification_ground TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN declassification_court_ref TEXT;\n" \
	"ALTER TABLE carrier ADD COLUMN declassification_on TEXT CHECK (declassification_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE carrier ADD COLUMN declassification_by TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN more INTEGER NOT NULL DEFAULT 0 CHECK (more BETWEEN 0 AND 131071);\n" \
	"ALTER TABLE movement ADD COLUMN from_org_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN to_org_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN from_person_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN reason TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN basis TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN transfer_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN joint_work_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN foreign_transfer_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN act_number TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN archive_ref TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN archive_org_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN inventory_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN incident_id TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN ground TEXT;\n" \
	"ALTER TABLE movement ADD COLUMN declassify_on TEXT CHECK (declassify_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n" \
	"ALTER TABLE movement ADD COLUMN found INTEGER CHECK (found IN (0, 1));\n" \
	""
#define CARRIER_0026_MOVES \
	"CREATE TABLE IF NOT EXISTS carrier_review(\n" \
	"  carrier_id TEXT NOT NULL REFERENCES carrier(id),\n" \
	"  ord INTEGER NOT NULL,\n" \
	"  kind TEXT,\n" \
	"  how TEXT,\n" \
	"  list_item_id TEXT,\n" \
	"  information_id TEXT,\n" \
	"  effective_date TEXT CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n" \
	"  by_user TEXT,\n" \
	"  extra TEXT,\n" \
	"  PRIMARY KEY(carrier_id, ord)\n" \
	") WITHOUT ROWID;\n" \
	"INSERT INTO carrier_review(carrier_id, ord, kind, how, list_item_id, information_id, effective_date, by_user, extra)\n" \
	" SELECT x.id, e.key, CASE WHEN json_type(e.value, '$.kind') = 'text' AND length(CAST(json_extract(e.value, '$.kind') AS BLOB)) BETWEEN 1 AND 31 THEN json_extract(e.value, '$.kind') END, CASE WHEN json_type(e.value, '$.how') = 'text' AND length(CAST(json_extract(e.value, '$.how') AS BLOB)) BETWEEN 1 AND 31 THEN json_extract(e.value, '$.how') END, CASE WHEN json_type(e.value, '$.list_item_id') = 'text' AND length(CAST(json_extract(e.value, '$.list_item_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(e.value, '$.list_item_id') END, CASE WHEN json_type(e.value, '$.information_id') = 'text' AND length(CAST(json_extract(e.value, '$.information_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(e.value, '$.information_id') END, CASE WHEN json_type(e.value, '$.effective_date') = 'text' AND length(CAST(json_extract(e.value, '$.effective_date') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(e.value, '$.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN json_extract(e.value, '$.effective_date') END, CASE WHEN json_type(e.value, '$.by') = 'text' AND length(CAST(json_extract(e.value, '$.by') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(e.value, '$.by') END,\n" \
	"  NULLIF(json_remove(e.value, CASE WHEN json_type(e.value, '$.kind') = 'text' AND length(CAST(json_extract(e.value, '$.kind') AS BLOB)) BETWEEN 1 AND 31 THEN '$.kind' ELSE '$[0]' END, CASE WHEN json_type(e.value, '$.how') = 'text' AND length(CAST(json_extract(e.value, '$.how') AS BLOB)) BETWEEN 1 AND 31 THEN '$.how' ELSE '$[0]' END, CASE WHEN json_type(e.value, '$.list_item_id') = 'text' AND length(CAST(json_extract(e.value, '$.list_item_id') AS BLOB)) BETWEEN 1 AND 39 THEN '$.list_item_id' ELSE '$[0]' END, CASE WHEN json_type(e.value, '$.information_id') = 'text' AND length(CAST(json_extract(e.value, '$.information_id') AS BLOB)) BETWEEN 1 AND 39 THEN '$.information_id' ELSE '$[0]' END, CASE WHEN json_type(e.value, '$.effective_date') = 'text' AND length(CAST(json_extract(e.value, '$.effective_date') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(e.value, '$.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN '$.effective_date' ELSE '$[0]' END, CASE WHEN json_type(e.value, '$.by') = 'text' AND length(CAST(json_extract(e.value, '$.by') AS BLOB)) BETWEEN 1 AND 39 THEN '$.by' ELSE '$[0]' END), '{}')\n" \
	" FROM (SELECT id, extra AS j FROM carrier WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x, json_each(x.j, '$.reviews') AS e\n" \
	" WHERE (json_type(x.j, '$.reviews') = 'array' AND (SELECT count(*) FROM json_each(x.j, '$.reviews') AS e WHERE e.type <> 'object') = 0) ON CONFLICT DO NOTHING;\n" \
	"UPDATE carrier SET more = carrier.more | (CASE WHEN m.ok_court_ref THEN 1 ELSE 0 END) | (CASE WHEN m.ok_lost_on THEN 2 ELSE 0 END) | (CASE WHEN m.ok_incident_id THEN 4 ELSE 0 END) | (CASE WHEN m.ok_joint_work_id THEN 8 ELSE 0 END) | (CASE WHEN m.ok_review_required THEN 16 ELSE 0 END) | (CASE WHEN m.ok_review_due_on THEN 32 ELSE 0 END) | (CASE WHEN m.ok_review_reason THEN 64 ELSE 0 END) | (CASE WHEN m.ok_declassified_on THEN 128 ELSE 0 END) | (CASE WHEN m.obj_owner OR m.null_owner THEN 256 ELSE 0 END) | (CASE WHEN m.obj_owner THEN 512 ELSE 0 END) | (CASE WHEN m.obj_owner AND json_type(m.j, '$.owner.iin') IS NOT NULL THEN 1024 ELSE 0 END) | (CASE WHEN m.obj_owner AND json_type(m.j, '$.owner.bin') IS NOT NULL THEN 2048 ELSE 0 END) | (CASE WHEN m.obj_alienation OR m.null_alienation THEN 4096 ELSE 0 END) | (CASE WHEN m.obj_alienation THEN 8192 ELSE 0 END) | (CASE WHEN m.obj_alienation AND json_type(m.j, '$.alienation.contract_ref') IS NOT NULL THEN 16384 ELSE 0 END) | (CASE WHEN m.obj_alienation AND json_type(m.j, '$.alienation.compensation') IS NOT NULL THEN 32768 ELSE 0 END) | (CASE WHEN m.obj_alienation AND json_type(m.j, '$.alienation.compensation') IS NOT NULL AND json_type(m.j, '$.alienation.compensation') = 'integer' THEN 65536 ELSE 0 END) | (CASE WHEN m.obj_alienation AND json_type(m.j, '$.alienation.non_disclosure_signed_on') IS NOT NULL THEN 131072 ELSE 0 END) | (CASE WHEN m.obj_archive OR m.null_archive THEN 262144 ELSE 0 END) | (CASE WHEN m.obj_archive THEN 524288 ELSE 0 END) | (CASE WHEN m.obj_archive AND json_type(m.j, '$.archive.archive_org_id') IS NOT NULL THEN 1048576 ELSE 0 END) | (CASE WHEN m.obj_destruction OR m.null_destruction THEN 2097152 ELSE 0 END) | (CASE WHEN m.obj_destruction THEN 4194304 ELSE 0 END) | (CASE WHEN m.obj_declassification OR m.null_declassification THEN 8388608 ELSE 0 END) | (CASE WHEN m.obj_declassification THEN 16777216 ELSE 0 END) | (CASE WHEN m.ok_reviews THEN 33554432 ELSE 0 END),\n" \
	"  court_ref = CASE WHEN m.ok_court_ref THEN (CASE WHEN json_type(m.j, '$.court_ref') = 'text' THEN json_extract(m.j, '$.court_ref') END) END,\n" \
	"  lost_on = CASE WHEN m.ok_lost_on THEN (CASE WHEN json_type(m.j, '$.lost_on') = 'text' THEN json_extract(m.j, '$.lost_on') END) END,\n" \
	"  incident_id = CASE WHEN m.ok_incident_id THEN (CASE WHEN json_type(m.j, '$.incident_id') = 'text' THEN json_extract(m.j, '$.incident_id') END) END,\n" \
	"  joint_work_id = CASE WHEN m.ok_joint_work_id THEN (CASE WHEN json_type(m.j, '$.joint_work_id') = 'text' THEN json_extract(m.j, '$.joint_work_id') END) END,\n" \
	"  review_required = CASE WHEN m.ok_review_required THEN (CASE WHEN json_type(m.j, '$.review_required') = 'true' THEN 1 WHEN json_type(m.j, '$.review_required') = 'false' THEN 0 END) END,\n" \
	"  review_due_on = CASE WHEN m.ok_review_due_on THEN (CASE WHEN json_type(m.j, '$.review_due_on') = 'text' THEN json_extract(m.j, '$.review_due_on') END) END,\n" \
	"  review_reason = CASE WHEN m.ok_review_reason THEN (CASE WHEN json_type(m.j, '$.review_reason') = 'text' THEN json_extract(m.j, '$.review_reason') END) END,\n" \
	"  declassified_on = CASE WHEN m.ok_declassified_on THEN (CASE WHEN json_type(m.j, '$.declassified_on') = 'text' THEN json_extract(m.j, '$.declassified_on') END) END,\n" \
	"  owner_kind = CASE WHEN m.obj_owner AND json_type(m.j, '$.owner.kind') = 'text' THEN json_extract(m.j, '$.owner.kind') END,\n" \
	"  owner_name = CASE WHEN m.obj_owner AND json_type(m.j, '$.owner.name') = 'text' THEN json_extract(m.j, '$.owner.name') END,\n" \
	"  owner_iin = CASE WHEN m.obj_owner AND json_type(m.j, '$.owner.iin') = 'text' THEN json_extract(m.j, '$.owner.iin') END,\n" \
	"  owner_bin = CASE WHEN m.obj_owner AND json_type(m.j, '$.owner.bin') = 'text' THEN json_extract(m.j, '$.owner.bin') END,\n" \
	"  alienation_contract_ref = CASE WHEN m.obj_alienation AND json_type(m.j, '$.alienation.contract_ref') = 'text' THEN json_extract(m.j, '$.alienation.contract_ref') END,\n" \
	"  alienation_compensation = CASE WHEN m.obj_alienation AND json_type(m.j, '$.alienation.compensation') IS NOT NULL THEN json_extract(m.j, '$.alienation.compensation') END,\n" \
	"  alienation_nd_signed_on = CASE WHEN m.obj_alienation AND json_type(m.j, '$.alienation.non_disclosure_signed_on') = 'text' THEN json_extract(m.j, '$.alienation.non_disclosure_signed_on') END,\n" \
	"  archive_ref = CASE WHEN m.obj_archive AND json_type(m.j, '$.archive.archive_ref') = 'text' THEN json_extract(m.j, '$.archive.archive_ref') END,\n" \
	"  archive_org_id = CASE WHEN m.obj_archive AND json_type(m.j, '$.archive.archive_org_id') = 'text' THEN json_extract(m.j, '$.archive.archive_org_id') END,\n" \
	"  archived_on = CASE WHEN m.obj_archive AND json_type(m.j, '$.archive.date') = 'text' THEN json_extract(m.j, '$.archive.date') END,\n" \
	"  archived_by = CASE WHEN m.obj_archive AND json_type(m.j, '$.archive.by') = 'text' THEN json_extract(m.j, '$.archive.by') END,\n" \
	"  destruction_act_number = CASE WHEN m.obj_destruction AND json_type(m.j, '$.destruction.act_number') = 'text' THEN json_extract(m.j, '$.destruction.act_number') END,\n" \
	"  destroyed_on = CASE WHEN m.obj_destruction AND json_type(m.j, '$.destruction.date') = 'text' THEN json_extract(m.j, '$.destruction.date') END,\n" \
	"  destroyed_by = CASE WHEN m.obj_destruction AND json_type(m.j, '$.destruction.by') = 'text' THEN json_extract(m.j, '$.destruction.by') END,\n" \
	"  declassification_ground = CASE WHEN m.obj_declassification AND json_type(m.j, '$.declassification.ground') = 'text' THEN json_extract(m.j, '$.declassification.ground') END,\n" \
	"  declassification_court_ref = CASE WHEN m.obj_declassification AND json_type(m.j, '$.declassification.court_ref') = 'text' THEN json_extract(m.j, '$.declassification.court_ref') END,\n" \
	"  declassification_on = CASE WHEN m.obj_declassification AND json_type(m.j, '$.declassification.effective_date') = 'text' THEN json_extract(m.j, '$.declassification.effective_date') END,\n" \
	"  declassification_by = CASE WHEN m.obj_declassification AND json_type(m.j, '$.declassification.by') = 'text' THEN json_extract(m.j, '$.declassification.by') END,\n" \
	"  extra = NULLIF(json_remove(m.j, CASE WHEN m.ok_court_ref THEN '$.court_ref' ELSE '$[0]' END, CASE WHEN m.ok_lost_on THEN '$.lost_on' ELSE '$[0]' END, CASE WHEN m.ok_incident_id THEN '$.incident_id' ELSE '$[0]' END, CASE WHEN m.ok_joint_work_id THEN '$.joint_work_id' ELSE '$[0]' END, CASE WHEN m.ok_review_required THEN '$.review_required' ELSE '$[0]' END, CASE WHEN m.ok_review_due_on THEN '$.review_due_on' ELSE '$[0]' END, CASE WHEN m.ok_review_reason THEN '$.review_reason' ELSE '$[0]' END, CASE WHEN m.ok_declassified_on THEN '$.declassified_on' ELSE '$[0]' END, CASE WHEN (m.obj_owner OR m.null_owner) THEN '$.owner' ELSE '$[0]' END, CASE WHEN (m.obj_alienation OR m.null_alienation) THEN '$.alienation' ELSE '$[0]' END, CASE WHEN (m.obj_archive OR m.null_archive) THEN '$.archive' ELSE '$[0]' END, CASE WHEN (m.obj_destruction OR m.null_destruction) THEN '$.destruction' ELSE '$[0]' END, CASE WHEN (m.obj_declassification OR m.null_declassification) THEN '$.declassification' ELSE '$[0]' END, CASE WHEN m.ok_reviews THEN '$.reviews' ELSE '$[0]' END), '{}')\n" \
	" FROM (SELECT x.id AS xid, x.j,\n" \
	"  ((json_type(x.j, '$.court_ref') = 'null' OR (json_type(x.j, '$.court_ref') = 'text' AND length(CAST(json_extract(x.j, '$.court_ref') AS BLOB)) BETWEEN 1 AND 255))) AS ok_court_ref,\n" \
	"  ((json_type(x.j, '$.lost_on') = 'null' OR (json_type(x.j, '$.lost_on') = 'text' AND length(CAST(json_extract(x.j, '$.lost_on') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.lost_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))) AS ok_lost_on,\n" \
	"  ((json_type(x.j, '$.incident_id') = 'null' OR (json_type(x.j, '$.incident_id') = 'text' AND length(CAST(json_extract(x.j, '$.incident_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_incident_id,\n" \
	"  ((json_type(x.j, '$.joint_work_id') = 'null' OR (json_type(x.j, '$.joint_work_id') = 'text' AND length(CAST(json_extract(x.j, '$.joint_work_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_joint_work_id,\n" \
	"  ((json_type(x.j, '$.review_required') = 'null' OR json_type(x.j, '$.review_required') IN ('true', 'false'))) AS ok_review_required,\n" \
	"  ((json_type(x.j, '$.review_due_on') = 'null' OR (json_type(x.j, '$.review_due_on') = 'text' AND length(CAST(json_extract(x.j, '$.review_due_on') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.review_due_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))) AS ok_review_due_on,\n" \
	"  ((json_type(x.j, '$.review_reason') = 'null' OR (json_type(x.j, '$.review_reason') = 'text' AND length(CAST(json_extract(x.j, '$.review_reason') AS BLOB)) BETWEEN 1 AND 31))) AS ok_review_reason,\n" \
	"  ((json_type(x.j, '$.declassified_on') = 'null' OR (json_type(x.j, '$.declassified_on') = 'text' AND length(CAST(json_extract(x.j, '$.declassified_on') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.declassified_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))) AS ok_declassified_on,\n" \
	"  (json_type(x.j, '$.owner') = 'object' AND (SELECT count(*) FROM json_each(x.j, '$.owner') AS e WHERE e.key NOT IN ('kind', 'name', 'iin', 'bin')) = 0 AND ((json_type(x.j, '$.owner.kind') = 'text' AND length(CAST(json_extract(x.j, '$.owner.kind') AS BLOB)) BETWEEN 1 AND 23)) AND ((json_type(x.j, '$.owner.name') = 'text' AND length(CAST(json_extract(x.j, '$.owner.name') AS BLOB)) BETWEEN 1 AND 1023)) AND (json_type(x.j, '$.owner.iin') IS NULL OR ((json_type(x.j, '$.owner.iin') = 'text' AND length(CAST(json_extract(x.j, '$.owner.iin') AS BLOB)) BETWEEN 1 AND 15))) AND (json_type(x.j, '$.owner.bin') IS NULL OR ((json_type(x.j, '$.owner.bin') = 'text' AND length(CAST(json_extract(x.j, '$.owner.bin') AS BLOB)) BETWEEN 1 AND 15)))) AS obj_owner,\n" \
	"  json_type(x.j, '$.owner') = 'null' AS null_owner,\n" \
	"  (json_type(x.j, '$.alienation') = 'object' AND (SELECT count(*) FROM json_each(x.j, '$.alienation') AS e WHERE e.key NOT IN ('contract_ref', 'compensation', 'non_disclosure_signed_on')) = 0 AND (json_type(x.j, '$.alienation.contract_ref') IS NULL OR ((json_type(x.j, '$.alienation.contract_ref') = 'text' AND length(CAST(json_extract(x.j, '$.alienation.contract_ref') AS BLOB)) BETWEEN 1 AND 255))) AND (json_type(x.j, '$.alienation.compensation') IS NULL OR (((json_type(x.j, '$.alienation.compensation') = 'integer' AND json_extract(x.j, '$.alienation.compensation') BETWEEN -9007199254740992 AND 9007199254740992) OR json_type(x.j, '$.alienation.compensation') = 'real'))) AND (json_type(x.j, '$.alienation.non_disclosure_signed_on') IS NULL OR ((json_type(x.j, '$.alienation.non_disclosure_signed_on') = 'text' AND length(CAST(json_extract(x.j, '$.alienation.non_disclosure_signed_on') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.alienation.non_disclosure_signed_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')))) AS obj_alienation,\n" \
	"  json_type(x.j, '$.alienation') = 'null' AS null_alienation,\n" \
	"  (json_type(x.j, '$.archive') = 'object' AND (SELECT count(*) FROM json_each(x.j, '$.archive') AS e WHERE e.key NOT IN ('archive_ref', 'archive_org_id', 'date', 'by')) = 0 AND ((json_type(x.j, '$.archive.archive_ref') = 'text' AND length(CAST(json_extract(x.j, '$.archive.archive_ref') AS BLOB)) BETWEEN 1 AND 255)) AND (json_type(x.j, '$.archive.archive_org_id') IS NULL OR ((json_type(x.j, '$.archive.archive_org_id') = 'null' OR (json_type(x.j, '$.archive.archive_org_id') = 'text' AND length(CAST(json_extract(x.j, '$.archive.archive_org_id') AS BLOB)) BETWEEN 1 AND 39)))) AND ((json_type(x.j, '$.archive.date') = 'text' AND length(CAST(json_extract(x.j, '$.archive.date') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.archive.date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')) AND ((json_type(x.j, '$.archive.by') = 'text' AND length(CAST(json_extract(x.j, '$.archive.by') AS BLOB)) BETWEEN 1 AND 39))) AS obj_archive,\n" \
	"  json_type(x.j, '$.archive') = 'null' AS null_archive,\n" \
	"  (json_type(x.j, '$.destruction') = 'object' AND (SELECT count(*) FROM json_each(x.j, '$.destruction') AS e WHERE e.key NOT IN ('act_number', 'date', 'by')) = 0 AND ((json_type(x.j, '$.destruction.act_number') = 'text' AND length(CAST(json_extract(x.j, '$.destruction.act_number') AS BLOB)) BETWEEN 1 AND 255)) AND ((json_type(x.j, '$.destruction.date') = 'text' AND length(CAST(json_extract(x.j, '$.destruction.date') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.destruction.date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')) AND ((json_type(x.j, '$.destruction.by') = 'text' AND length(CAST(json_extract(x.j, '$.destruction.by') AS BLOB)) BETWEEN 1 AND 39))) AS obj_destruction,\n" \
	"  json_type(x.j, '$.destruction') = 'null' AS null_destruction,\n" \
	"  (json_type(x.j, '$.declassification') = 'object' AND (SELECT count(*) FROM json_each(x.j, '$.declassification') AS e WHERE e.key NOT IN ('ground', 'court_ref', 'effective_date', 'by')) = 0 AND ((json_type(x.j, '$.declassification.ground') = 'null' OR (json_type(x.j, '$.declassification.ground') = 'text' AND length(CAST(json_extract(x.j, '$.declassification.ground') AS BLOB)) BETWEEN 1 AND 31))) AND ((json_type(x.j, '$.declassification.court_ref') = 'null' OR (json_type(x.j, '$.declassification.court_ref') = 'text' AND length(CAST(json_extract(x.j, '$.declassification.court_ref') AS BLOB)) BETWEEN 1 AND 255))) AND ((json_type(x.j, '$.declassification.effective_date') = 'text' AND length(CAST(json_extract(x.j, '$.declassification.effective_date') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.declassification.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')) AND ((json_type(x.j, '$.declassification.by') = 'text' AND length(CAST(json_extract(x.j, '$.declassification.by') AS BLOB)) BETWEEN 1 AND 39))) AS obj_declassification,\n" \
	"  json_type(x.j, '$.declassification') = 'null' AS null_declassification,\n" \
	"  (json_type(x.j, '$.reviews') = 'array' AND (SELECT count(*) FROM json_each(x.j, '$.reviews') AS e WHERE e.type <> 'object') = 0) AS ok_reviews\n" \
	"  FROM (SELECT id, extra AS j FROM carrier WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x) AS m\n" \
	" WHERE carrier.id = m.xid;\n" \
	"CREATE TABLE IF NOT EXISTS movement_copy(\n" \
	"  movement_id TEXT NOT NULL REFERENCES movement(id),\n" \
	"  ord INTEGER NOT NULL,\n" \
	"  number INTEGER NOT NULL,\n" \
	"  PRIMARY KEY(movement_id, ord)\n" \
	") WITHOUT ROWID;\n" \
	"INSERT INTO movement_copy(movement_id, ord, number)\n" \
	" SELECT x.id, e.key, e.value\n" \
	" FROM (SELECT id, extra AS j FROM movement WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x, json_each(x.j, '$.copy_numbers') AS e\n" \
	" WHERE (json_type(x.j, '$.copy_numbers') = 'array' AND (SELECT count(*) FROM json_each(x.j, '$.copy_numbers') AS f WHERE f.type <> 'integer') = 0) ON CONFLICT DO NOTHING;\n" \
	"UPDATE movement SET more = movement.more | (CASE WHEN m.ok_from_org_id THEN 1 ELSE 0 END) | (CASE WHEN m.ok_to_org_id THEN 2 ELSE 0 END) | (CASE WHEN m.ok_from_person_id THEN 4 ELSE 0 END) | (CASE WHEN m.ok_reason THEN 8 ELSE 0 END) | (CASE WHEN m.ok_basis THEN 16 ELSE 0 END) | (CASE WHEN m.ok_transfer_id THEN 32 ELSE 0 END) | (CASE WHEN m.ok_joint_work_id THEN 64 ELSE 0 END) | (CASE WHEN m.ok_foreign_transfer_id THEN 128 ELSE 0 END) | (CASE WHEN m.ok_act_number THEN 256 ELSE 0 END) | (CASE WHEN m.ok_archive_ref THEN 512 ELSE 0 END) | (CASE WHEN m.ok_archive_org_id THEN 1024 ELSE 0 END) | (CASE WHEN m.ok_inventory_id THEN 2048 ELSE 0 END) | (CASE WHEN m.ok_incident_id THEN 4096 ELSE 0 END) | (CASE WHEN m.ok_ground THEN 8192 ELSE 0 END) | (CASE WHEN m.ok_declassify_on THEN 16384 ELSE 0 END) | (CASE WHEN m.ok_found THEN 32768 ELSE 0 END) | (CASE WHEN m.ok_copy_numbers THEN 65536 ELSE 0 END),\n" \
	"  from_org_id = CASE WHEN m.ok_from_org_id THEN (CASE WHEN json_type(m.j, '$.from_org_id') = 'text' THEN json_extract(m.j, '$.from_org_id') END) END,\n" \
	"  to_org_id = CASE WHEN m.ok_to_org_id THEN (CASE WHEN json_type(m.j, '$.to_org_id') = 'text' THEN json_extract(m.j, '$.to_org_id') END) END,\n" \
	"  from_person_id = CASE WHEN m.ok_from_person_id THEN (CASE WHEN json_type(m.j, '$.from_person_id') = 'text' THEN json_extract(m.j, '$.from_person_id') END) END,\n" \
	"  reason = CASE WHEN m.ok_reason THEN (CASE WHEN json_type(m.j, '$.reason') = 'text' THEN json_extract(m.j, '$.reason') END) END,\n" \
	"  basis = CASE WHEN m.ok_basis THEN (CASE WHEN json_type(m.j, '$.basis') = 'text' THEN json_extract(m.j, '$.basis') END) END,\n" \
	"  transfer_id = CASE WHEN m.ok_transfer_id THEN (CASE WHEN json_type(m.j, '$.transfer_id') = 'text' THEN json_extract(m.j, '$.transfer_id') END) END,\n" \
	"  joint_work_id = CASE WHEN m.ok_joint_work_id THEN (CASE WHEN json_type(m.j, '$.joint_work_id') = 'text' THEN json_extract(m.j, '$.joint_work_id') END) END,\n" \
	"  foreign_transfer_id = CASE WHEN m.ok_foreign_transfer_id THEN (CASE WHEN json_type(m.j, '$.foreign_transfer_id') = 'text' THEN json_extract(m.j, '$.foreign_transfer_id') END) END,\n" \
	"  act_number = CASE WHEN m.ok_act_number THEN (CASE WHEN json_type(m.j, '$.act_number') = 'text' THEN json_extract(m.j, '$.act_number') END) END,\n" \
	"  archive_ref = CASE WHEN m.ok_archive_ref THEN (CASE WHEN json_type(m.j, '$.archive_ref') = 'text' THEN json_extract(m.j, '$.archive_ref') END) END,\n" \
	"  archive_org_id = CASE WHEN m.ok_archive_org_id THEN (CASE WHEN json_type(m.j, '$.archive_org_id') = 'text' THEN json_extract(m.j, '$.archive_org_id') END) END,\n" \
	"  inventory_id = CASE WHEN m.ok_inventory_id THEN (CASE WHEN json_type(m.j, '$.inventory_id') = 'text' THEN json_extract(m.j, '$.inventory_id') END) END,\n" \
	"  incident_id = CASE WHEN m.ok_incident_id THEN (CASE WHEN json_type(m.j, '$.incident_id') = 'text' THEN json_extract(m.j, '$.incident_id') END) END,\n" \
	"  ground = CASE WHEN m.ok_ground THEN (CASE WHEN json_type(m.j, '$.ground') = 'text' THEN json_extract(m.j, '$.ground') END) END,\n" \
	"  declassify_on = CASE WHEN m.ok_declassify_on THEN (CASE WHEN json_type(m.j, '$.declassify_on') = 'text' THEN json_extract(m.j, '$.declassify_on') END) END,\n" \
	"  found = CASE WHEN m.ok_found THEN (CASE WHEN json_type(m.j, '$.found') = 'true' THEN 1 WHEN json_type(m.j, '$.found') = 'false' THEN 0 END) END,\n" \
	"  extra = NULLIF(json_remove(m.j, CASE WHEN m.ok_from_org_id THEN '$.from_org_id' ELSE '$[0]' END, CASE WHEN m.ok_to_org_id THEN '$.to_org_id' ELSE '$[0]' END, CASE WHEN m.ok_from_person_id THEN '$.from_person_id' ELSE '$[0]' END, CASE WHEN m.ok_reason THEN '$.reason' ELSE '$[0]' END, CASE WHEN m.ok_basis THEN '$.basis' ELSE '$[0]' END, CASE WHEN m.ok_transfer_id THEN '$.transfer_id' ELSE '$[0]' END, CASE WHEN m.ok_joint_work_id THEN '$.joint_work_id' ELSE '$[0]' END, CASE WHEN m.ok_foreign_transfer_id THEN '$.foreign_transfer_id' ELSE '$[0]' END, CASE WHEN m.ok_act_number THEN '$.act_number' ELSE '$[0]' END, CASE WHEN m.ok_archive_ref THEN '$.archive_ref' ELSE '$[0]' END, CASE WHEN m.ok_archive_org_id THEN '$.archive_org_id' ELSE '$[0]' END, CASE WHEN m.ok_inventory_id THEN '$.inventory_id' ELSE '$[0]' END, CASE WHEN m.ok_incident_id THEN '$.incident_id' ELSE '$[0]' END, CASE WHEN m.ok_ground THEN '$.ground' ELSE '$[0]' END, CASE WHEN m.ok_declassify_on THEN '$.declassify_on' ELSE '$[0]' END, CASE WHEN m.ok_found THEN '$.found' ELSE '$[0]' END, CASE WHEN m.ok_copy_numbers THEN '$.copy_numbers' ELSE '$[0]' END), '{}')\n" \
	" FROM (SELECT x.id AS xid, x.j,\n" \
	"  ((json_type(x.j, '$.from_org_id') = 'null' OR (json_type(x.j, '$.from_org_id') = 'text' AND length(CAST(json_extract(x.j, '$.from_org_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_from_org_id,\n" \
	"  ((json_type(x.j, '$.to_org_id') = 'null' OR (json_type(x.j, '$.to_org_id') = 'text' AND length(CAST(json_extract(x.j, '$.to_org_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_to_org_id,\n" \
	"  ((json_type(x.j, '$.from_person_id') = 'null' OR (json_type(x.j, '$.from_person_id') = 'text' AND length(CAST(json_extract(x.j, '$.from_person_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_from_person_id,\n" \
	"  ((json_type(x.j, '$.reason') = 'null' OR (json_type(x.j, '$.reason') = 'text' AND length(CAST(json_extract(x.j, '$.reason') AS BLOB)) BETWEEN 1 AND 1023))) AS ok_reason,\n" \
	"  ((json_type(x.j, '$.basis') = 'null' OR (json_type(x.j, '$.basis') = 'text' AND length(CAST(json_extract(x.j, '$.basis') AS BLOB)) BETWEEN 1 AND 39))) AS ok_basis,\n" \
	"  ((json_type(x.j, '$.transfer_id') = 'null' OR (json_type(x.j, '$.transfer_id') = 'text' AND length(CAST(json_extract(x.j, '$.transfer_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_transfer_id,\n" \
	"  ((json_type(x.j, '$.joint_work_id') = 'null' OR (json_type(x.j, '$.joint_work_id') = 'text' AND length(CAST(json_extract(x.j, '$.joint_work_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_joint_work_id,\n" \
	"  ((json_type(x.j, '$.foreign_transfer_id') = 'null' OR (json_type(x.j, '$.foreign_transfer_id') = 'text' AND length(CAST(json_extract(x.j, '$.foreign_transfer_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_foreign_transfer_id,\n" \
	"  ((json_type(x.j, '$.act_number') = 'null' OR (json_type(x.j, '$.act_number') = 'text' AND length(CAST(json_extract(x.j, '$.act_number') AS BLOB)) BETWEEN 1 AND 255))) AS ok_act_number,\n" \
	"  ((json_type(x.j, '$.archive_ref') = 'null' OR (json_type(x.j, '$.archive_ref') = 'text' AND length(CAST(json_extract(x.j, '$.archive_ref') AS BLOB)) BETWEEN 1 AND 255))) AS ok_archive_ref,\n" \
	"  ((json_type(x.j, '$.archive_org_id') = 'null' OR (json_type(x.j, '$.archive_org_id') = 'text' AND length(CAST(json_extract(x.j, '$.archive_org_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_archive_org_id,\n" \
	"  ((json_type(x.j, '$.inventory_id') = 'null' OR (json_type(x.j, '$.inventory_id') = 'text' AND length(CAST(json_extract(x.j, '$.inventory_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_inventory_id,\n" \
	"  ((json_type(x.j, '$.incident_id') = 'null' OR (json_type(x.j, '$.incident_id') = 'text' AND length(CAST(json_extract(x.j, '$.incident_id') AS BLOB)) BETWEEN 1 AND 39))) AS ok_incident_id,\n" \
	"  ((json_type(x.j, '$.ground') = 'null' OR (json_type(x.j, '$.ground') = 'text' AND length(CAST(json_extract(x.j, '$.ground') AS BLOB)) BETWEEN 1 AND 39))) AS ok_ground,\n" \
	"  ((json_type(x.j, '$.declassify_on') = 'null' OR (json_type(x.j, '$.declassify_on') = 'text' AND length(CAST(json_extract(x.j, '$.declassify_on') AS BLOB)) BETWEEN 1 AND 10 AND json_extract(x.j, '$.declassify_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))) AS ok_declassify_on,\n" \
	"  ((json_type(x.j, '$.found') = 'null' OR json_type(x.j, '$.found') IN ('true', 'false'))) AS ok_found,\n" \
	"  (json_type(x.j, '$.copy_numbers') = 'array' AND (SELECT count(*) FROM json_each(x.j, '$.copy_numbers') AS e WHERE e.type <> 'integer') = 0) AS ok_copy_numbers\n" \
	"  FROM (SELECT id, extra AS j FROM movement WHERE extra IS NOT NULL AND json_valid(extra) AND json_type(extra) = 'object') AS x) AS m\n" \
	" WHERE movement.id = m.xid;\n" \
	""


/* 0027_org_fks: the placeholder person, then organization, for each id
 * of a listed column that names none (store/org_fks.h), with seqs drawn
 * past the record sequence, which is then moved on. */
#define FK_SEQ_BASE "(SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
#define FK_PERSON_ORPHANS(t, c, org)                                                \
	"INSERT INTO person(id, seq, version, org_id, full_name, citizenship, position," \
	" employment_state, registered_on) SELECT v, " FK_SEQ_BASE                      \
	" + row_number() OVER (ORDER BY v), 1, coalesce(o, 'org_unknown'), v, 'KZ', ''," \
	" 'employed', '1970-01-01' FROM (SELECT " c " AS v, min(" org ") AS o FROM " t  \
	" WHERE " c " IS NOT NULL AND " c " NOT IN (SELECT id FROM person) GROUP BY " c \
	");UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"     \
	" FROM person)) WHERE name = 'record';"
#define FK_ORG_ORPHANS(t, c)                                                        \
	"INSERT INTO organization(id, seq, version, name, kind, foreign_participation,"  \
	" state, registered_on) SELECT v, " FK_SEQ_BASE                                 \
	" + row_number() OVER (ORDER BY v), 1, v, 'organization', 0, 'active',"         \
	" '1970-01-01' FROM (SELECT DISTINCT " c " AS v FROM " t " WHERE " c            \
	" IS NOT NULL AND " c " NOT IN (SELECT id FROM organization));"                 \
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"       \
	" FROM organization)) WHERE name = 'record';"

static const struct migration migrations[] = {
	/* meta, records, accounts, sessions, throttling, audit log. */
	{"0001_records",
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE record("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  kind TEXT NOT NULL,"
	"  id TEXT NOT NULL UNIQUE,"
	"  org_id TEXT NOT NULL DEFAULT '',"
	"  parent_id TEXT NOT NULL DEFAULT '',"
	"  ref TEXT NOT NULL DEFAULT '',"
	"  state TEXT NOT NULL DEFAULT '',"
	"  doc TEXT NOT NULL"
	");"
	"CREATE INDEX record_kind_seq ON record(kind, seq);"
	"CREATE INDEX record_kind_org ON record(kind, org_id, seq);"
	"CREATE INDEX record_kind_parent ON record(kind, parent_id, seq);"
	"CREATE INDEX record_kind_state ON record(kind, state, seq);"
	"CREATE UNIQUE INDEX record_kind_org_ref ON record(kind, org_id, ref)"
	"  WHERE ref <> '';"

	"CREATE TABLE account("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT NOT NULL UNIQUE,"
	"  login TEXT NOT NULL UNIQUE,"
	"  pwhash TEXT NOT NULL,"
	"  roles TEXT NOT NULL DEFAULT '',"
	"  org_id TEXT NOT NULL DEFAULT '',"
	"  person_id TEXT NOT NULL DEFAULT '',"
	"  disabled INTEGER NOT NULL DEFAULT 0"
	");"

	"CREATE TABLE session("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id TEXT NOT NULL REFERENCES account(id),"
	"  created INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX session_created ON session(created);"
	"CREATE INDEX session_last_seen ON session(last_seen);"
	"CREATE INDEX session_user ON session(user_id);"

	"CREATE TABLE login_failure("
	"  scope TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  at INTEGER NOT NULL"
	");"
	"CREATE INDEX login_failure_key ON login_failure(scope, key, at);"
	"CREATE INDEX login_failure_at ON login_failure(at);"

	"CREATE TABLE audit_entry("
	"  seq INTEGER PRIMARY KEY,"
	"  entry TEXT NOT NULL,"
	"  leaf BLOB NOT NULL"
	");"
	"CREATE TABLE audit_node("
	"  level INTEGER NOT NULL,"
	"  idx INTEGER NOT NULL,"
	"  hash BLOB NOT NULL,"
	"  PRIMARY KEY(level, idx)"
	") WITHOUT ROWID;"
	"CREATE TABLE audit_state("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  state BLOB NOT NULL"
	");"
	"CREATE TABLE audit_sth("
	"  n INTEGER PRIMARY KEY,"
	"  size INTEGER NOT NULL,"
	"  timestamp_ms INTEGER NOT NULL,"
	"  root BLOB NOT NULL,"
	"  signature BLOB NOT NULL"
	");"},

	/* Carrier registry filters (label, holder) at scale: record_tag holds
	 * multi-valued index entries the store derives itself from carrier
	 * docs on every record insert and update (sqlite_tags.c) — tag "label"
	 * = doc.label, tag "holder" = every non-null doc.copies[].holder — so
	 * no caller writes them. Carriers are new with this step: nothing to
	 * backfill. Idempotent (IF NOT EXISTS), so its place among steps
	 * appended concurrently does not matter. */
	{"0002_record_tags",
	"CREATE TABLE IF NOT EXISTS record_tag("
	"  name TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  org_id TEXT NOT NULL,"
	"  rec_seq INTEGER NOT NULL,"
	"  PRIMARY KEY(name, value, rec_seq)"
	") WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS record_tag_org ON record_tag(name, value, org_id, rec_seq);"
	"CREATE INDEX IF NOT EXISTS record_tag_rec ON record_tag(rec_seq);"},

	/* Electronic content of carriers, encrypted (crypto/content.h):
	 * one current version per carrier, its ciphertext in chunks
	 * (sqlite_content.c). Idempotent (IF NOT EXISTS), so its place among
	 * steps appended concurrently does not matter. */
	{"0003_content",
	"CREATE TABLE IF NOT EXISTS content("
	"  carrier_id TEXT PRIMARY KEY REFERENCES record(id),"
	"  version INTEGER NOT NULL,"
	"  wrapped_key BLOB NOT NULL,"
	"  header BLOB NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  nchunks INTEGER NOT NULL,"
	"  sha256 BLOB NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS content_chunk("
	"  carrier_id TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  data BLOB NOT NULL,"
	"  PRIMARY KEY(carrier_id, version, n)"
	");"},

	/* The deadlines list at scale (sqlite_deadlines.c): carriers still
	 * classified by due date, per organization and across them, so GET
	 * /v1/deadlines reads only the carriers due, never all of them.
	 * Expression and condition in sqlite_deadlines.h. Idempotent (IF NOT
	 * EXISTS), so its place among steps appended concurrently does not
	 * matter. */
	{"0004_due_indexes",
	"CREATE INDEX IF NOT EXISTS record_due_org ON record(org_id, " STORE_DUE_EXPR ", seq);"
	"CREATE INDEX IF NOT EXISTS record_due_any ON record(" STORE_DUE_EXPR ", seq);"},

	/* Custody per copy (issue 10; core/custody_rec.h): every copy of a 0.1.0
	 * carrier gets holder_org_id = the carrier's org_id (and the
	 * carrier's joint_work_id, when it is held under one); doc.departed
	 * records each organization copies left (from the "transferred"
	 * journal entries), and tag "party" (store.h) lists the carrier in
	 * the registry of its holder and of every sender. Idempotent: a copy
	 * that has a holder field is kept, departed is set only where
	 * missing, tags are INSERT OR IGNORE. */
	{"0005_custody_per_copy",
	"UPDATE record SET doc = json_set(doc, '$.copies', (SELECT json_group_array("
	"  CASE WHEN json_type(c.value, '$.holder_org_id') IS NULL"
	"        AND json_type(c.value, '$.holder_person_id') IS NULL"
	"   THEN CASE WHEN json_type(record.doc, '$.joint_work_id') = 'text'"
	"    THEN json_set(c.value, '$.holder_org_id', record.org_id,"
	"         '$.holder_person_id', json('null'),"
	"         '$.joint_work_id', json_extract(record.doc, '$.joint_work_id'))"
	"    ELSE json_set(c.value, '$.holder_org_id', record.org_id,"
	"         '$.holder_person_id', json('null')) END"
	"   ELSE json(c.value) END)"
	"  FROM (SELECT value FROM json_each(record.doc, '$.copies') ORDER BY key) AS c))"
	" WHERE kind = 'carrier' AND json_type(doc, '$.copies') = 'array'"
	"  AND json_array_length(doc, '$.copies') > 0;"
	"UPDATE record SET doc = json_set(doc, '$.departed', (SELECT json_group_object(o, d)"
	"  FROM (SELECT m.org_id AS o, max(json_extract(m.doc, '$.date')) AS d"
	"   FROM record AS m WHERE m.kind = 'movement' AND m.parent_id = record.id"
	"   AND json_extract(m.doc, '$.kind') IN ('transferred', 'transferred_out')"
	"   AND m.org_id <> record.org_id GROUP BY m.org_id)))"
	" WHERE kind = 'carrier' AND json_type(doc, '$.departed') IS NULL"
	"  AND EXISTS (SELECT 1 FROM record AS m WHERE m.kind = 'movement'"
	"   AND m.parent_id = record.id"
	"   AND json_extract(m.doc, '$.kind') IN ('transferred', 'transferred_out')"
	"   AND m.org_id <> record.org_id);"
	"INSERT OR IGNORE INTO record_tag(name, value, org_id, rec_seq)"
	" SELECT 'party', org_id, org_id, seq FROM record"
	" WHERE kind = 'carrier' AND org_id <> '';"
	"INSERT OR IGNORE INTO record_tag(name, value, org_id, rec_seq)"
	" SELECT 'party', d.key, r.org_id, r.seq"
	" FROM record AS r, json_each(r.doc, '$.departed') AS d WHERE r.kind = 'carrier';"},

	/* The disposing body (Art. 15, 23; SPEC.md §2), which never changes
	 * with custody: an information item's is its org_id; a carrier's are
	 * the disposing bodies of the information it carries, in the order of
	 * information_ids (without information: the registering body, the
	 * organization of its "registered" journal entry, else its holder).
	 * doc.disposing_org_id is the one body when there is exactly one, null
	 * otherwise. Idempotent (only records without the field), so its place
	 * among steps appended concurrently does not matter. CROSS JOIN: the
	 * carrier's ids first, each item found by its id; SQLite's own order
	 * read every information record, and parsed the carrier's doc again,
	 * for each carrier (carriers times items: hours on a large registry). */
	{"0006_disposing_body",
	"UPDATE record SET doc = json_set(doc, '$.disposing_org_id', org_id)"
	"  WHERE kind = 'information' AND json_type(doc, '$.disposing_org_id') IS NULL;"
	"UPDATE record SET doc = json_set(doc, '$.disposing_org_ids', json(COALESCE("
	"    (SELECT NULLIF(json_group_array(o), '[]') FROM ("
	"       SELECT i.org_id AS o FROM json_each(record.doc, '$.information_ids') j"
	"       CROSS JOIN record i ON i.kind = 'information' AND i.id = j.value"
	"       GROUP BY i.org_id ORDER BY min(j.key))),"
	"    (SELECT json_array(m.org_id) FROM record m WHERE m.kind = 'movement'"
	"       AND m.parent_id = record.id AND json_extract(m.doc, '$.kind') = 'registered'"
	"       ORDER BY m.seq LIMIT 1),"
	"    json_array(record.org_id))))"
	"  WHERE kind = 'carrier' AND json_type(doc, '$.disposing_org_ids') IS NULL;"
	"UPDATE record SET doc = json_set(doc, '$.disposing_org_id',"
	"    CASE WHEN json_array_length(doc, '$.disposing_org_ids') = 1"
	"         THEN json_extract(doc, '$.disposing_org_ids[0]') END)"
	"  WHERE kind = 'carrier' AND json_type(doc, '$.disposing_org_id') IS NULL;"},

	/* Login throttling by (login, address) with counts instead of one row
	 * per failure (sqlite_accounts.c, src/http/auth.c), and the per-minute
	 * audit budget of failed logins. Idempotent (IF NOT EXISTS), so its
	 * place among steps appended concurrently does not matter. */
	{"0007_login_throttle",
	"CREATE TABLE IF NOT EXISTS login_throttle("
	"  login_key TEXT NOT NULL,"
	"  address TEXT NOT NULL,"
	"  first INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  failures INTEGER NOT NULL,"
	"  refused INTEGER NOT NULL,"
	"  reported INTEGER NOT NULL,"
	"  PRIMARY KEY(login_key, address)"
	") WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS login_throttle_first ON login_throttle(first);"
	"CREATE INDEX IF NOT EXISTS login_throttle_address ON login_throttle(address);"
	"CREATE TABLE IF NOT EXISTS login_budget("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  minute INTEGER NOT NULL,"
	"  used INTEGER NOT NULL,"
	"  dropped INTEGER NOT NULL,"
	"  dropped_first INTEGER NOT NULL,"
	"  dropped_last INTEGER NOT NULL"
	");"
	"DROP TABLE IF EXISTS login_failure;"},


	/* The auditor's filters (GET /v1/audit?actor=&action=&object=...): the
	 * filtered fields of each entry, kept beside it at insert
	 * (store_audit_insert), indexed; filled for the entries already there.
	 * Idempotent. */
	{"0010_audit_filters",
	"CREATE TABLE IF NOT EXISTS audit_entry_ix("
	"  seq INTEGER PRIMARY KEY,"
	"  actor TEXT, action TEXT, object TEXT, outcome TEXT, time TEXT"
	");"
	"CREATE INDEX IF NOT EXISTS audit_entry_ix_actor ON audit_entry_ix(actor);"
	"CREATE INDEX IF NOT EXISTS audit_entry_ix_action ON audit_entry_ix(action);"
	"CREATE INDEX IF NOT EXISTS audit_entry_ix_object ON audit_entry_ix(object);"
	"CREATE INDEX IF NOT EXISTS audit_entry_ix_outcome ON audit_entry_ix(outcome);"
	"CREATE INDEX IF NOT EXISTS audit_entry_ix_time ON audit_entry_ix(time);"
	"INSERT OR IGNORE INTO audit_entry_ix(seq, actor, action, object, outcome, time)"
	" SELECT seq, json_extract(entry, '$.actor'), json_extract(entry, '$.action'),"
	"  json_extract(entry, '$.object'), json_extract(entry, '$.outcome'),"
	"  json_extract(entry, '$.time') FROM audit_entry;"},

	/* 0008_typed_permits (issue 11): permits, their state transitions and
	 * their agreement marks in typed tables (store/tables_org.c; the
	 * CREATE statements are store_table_create_sql's output for those
	 * descriptions, checked by test_ops_orgs), the permit records moved
	 * there in the same transaction. Idempotent: IF NOT EXISTS, and the
	 * moved records are gone. */
	{"0008_typed_permits",
	"CREATE TABLE IF NOT EXISTS permit(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  degree TEXT NOT NULL CHECK (degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  number TEXT NOT NULL,\n"
	"  issued_on TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  valid_until TEXT NOT NULL CHECK (valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  issuer TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('active', 'suspended', 'cancelled'))\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS permit_org_id ON permit(org_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS permit_org_number ON permit(org_id, number);\n"
	"CREATE TABLE IF NOT EXISTS permit_change(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  permit_id TEXT NOT NULL REFERENCES permit(id),\n"
	"  from_state TEXT NOT NULL CHECK (from_state IN ('active', 'suspended', 'cancelled')),\n"
	"  to_state TEXT NOT NULL CHECK (to_state IN ('active', 'suspended', 'cancelled')),\n"
	"  effective_date TEXT NOT NULL CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS permit_change_permit_id ON permit_change(permit_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS permit_mark(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  permit_id TEXT NOT NULL REFERENCES permit(id),\n"
	"  org_id TEXT NOT NULL,\n"
	"  agreement_ref TEXT NOT NULL,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS permit_mark_permit_id ON permit_mark(permit_id, seq);\n"
	/* moved: the permits of the record table, each keeping its seq */
	"INSERT INTO permit(id, seq, version, org_id, degree, number, issued_on, valid_until,"
	"  issuer, state)"
	" SELECT id, seq, 1, parent_id, json_extract(doc, '$.degree'),"
	"  coalesce(json_extract(doc, '$.number'), ref), json_extract(doc, '$.issued_on'),"
	"  json_extract(doc, '$.valid_until'), json_extract(doc, '$.issuer'), state"
	" FROM record WHERE kind = 'permit' ORDER BY seq;"
	/* their history and marks: new rows, seqs drawn past the record
	 * sequence (store_seq_next's source), which is then moved on */
	"INSERT INTO permit_change(id, seq, version, permit_id, from_state, to_state,"
	"  effective_date, by_user)"
	" SELECT 'pchg_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, h.key), 1, r.id,"
	"  json_extract(h.value, '$.from'), json_extract(h.value, '$.to'),"
	"  json_extract(h.value, '$.effective_date'), json_extract(h.value, '$.by')"
	" FROM record AS r, json_each(r.doc, '$.history') AS h WHERE r.kind = 'permit';"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM permit_change)"
	" WHERE name = 'record';"
	"INSERT INTO permit_mark(id, seq, version, permit_id, org_id, agreement_ref, date, by_user)"
	" SELECT 'pmark_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, m.key), 1, r.id,"
	"  json_extract(m.value, '$.org_id'), json_extract(m.value, '$.agreement_ref'),"
	"  json_extract(m.value, '$.date'), json_extract(m.value, '$.by')"
	" FROM record AS r, json_each(r.doc, '$.marks') AS m WHERE r.kind = 'permit';"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM permit_mark)"
	" WHERE name = 'record';"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'permit');"
	"DELETE FROM record WHERE kind = 'permit';"},

	/* 0009_typed_certificates (issue 11): certificates of protection
	 * means and archive delegations in typed tables (store/tables_org.c;
	 * store_table_create_sql's output, checked by test_ops_orgs), their
	 * records moved there, each keeping its seq. Idempotent. */
	{"0009_typed_certificates",
	"CREATE TABLE IF NOT EXISTS certificate(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  means TEXT NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  degree TEXT NOT NULL CHECK (degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  valid_until TEXT NOT NULL CHECK (valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  state TEXT NOT NULL CHECK (state IN ('active')),\n"
	"  registered_on TEXT NOT NULL CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS certificate_org_id ON certificate(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS certificate_valid_until ON certificate(valid_until, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS certificate_org_number ON certificate(org_id, number);\n"
	"CREATE TABLE IF NOT EXISTS archive_delegation(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  archive_org_id TEXT NOT NULL,\n"
	"  ref TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('active')),\n"
	"  delegated_on TEXT NOT NULL CHECK (delegated_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS archive_delegation_org_id ON archive_delegation(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS archive_delegation_archive_org_id ON archive_delegation(archive_org_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS archive_delegation_org_archive ON archive_delegation(org_id, archive_org_id);\n"

	"INSERT INTO certificate(id, seq, version, org_id, means, number, degree, valid_until,"
	"  state, registered_on, by_user)"
	" SELECT id, seq, 1, org_id, coalesce(json_extract(doc, '$.means'), ''),"
	"  coalesce(json_extract(doc, '$.number'), ref), json_extract(doc, '$.degree'),"
	"  json_extract(doc, '$.valid_until'), state, json_extract(doc, '$.registered_on'),"
	"  coalesce(json_extract(doc, '$.by'), '')"
	" FROM record WHERE kind = 'certificate' ORDER BY seq;"
	"INSERT INTO archive_delegation(id, seq, version, org_id, archive_org_id, ref, state,"
	"  delegated_on, by_user)"
	" SELECT id, seq, 1, org_id, coalesce(json_extract(doc, '$.archive_org_id'), ref),"
	"  coalesce(json_extract(doc, '$.ref'), ''), state, json_extract(doc, '$.delegated_on'),"
	"  coalesce(json_extract(doc, '$.by'), '')"
	" FROM record WHERE kind = 'archive_delegation' ORDER BY seq;"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record"
	" WHERE kind IN ('certificate', 'archive_delegation'));"
	"DELETE FROM record WHERE kind IN ('certificate', 'archive_delegation');"},

	/* 0009_carrier_links (issue 11; store/tables_carriers.h): the
	 * carriers' typed link tables, derived by the store from each carrier
	 * as it is written (sqlite_carriers.c) and filled here from the
	 * carriers stored so far: carrier_information (which carriers carry
	 * an item: the list-change and declassified-item cascades follow it
	 * instead of scanning every carrier), carrier_copy (the holder of
	 * each copy) and carrier_due (the typed due date of a carrier still
	 * classified: the deadlines list), which replaces the expression
	 * indexes over the serialized doc. Idempotent (IF NOT EXISTS, INSERT
	 * OR IGNORE), so its place among steps appended concurrently does not
	 * matter. */
	{"0011_carrier_links",
	"CREATE TABLE IF NOT EXISTS carrier_information("
	"  information_id TEXT NOT NULL,"
	"  carrier_seq INTEGER NOT NULL,"
	"  carrier_id TEXT NOT NULL,"
	"  PRIMARY KEY(information_id, carrier_seq)"
	") WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS carrier_information_carrier"
	"  ON carrier_information(carrier_id);"
	"CREATE TABLE IF NOT EXISTS carrier_copy("
	"  carrier_id TEXT NOT NULL,"
	"  number INTEGER NOT NULL CHECK (number >= 1),"
	"  holder_org_id TEXT,"
	"  holder_person_id TEXT,"
	"  joint_work_id TEXT,"
	"  carrier_seq INTEGER NOT NULL,"
	"  PRIMARY KEY(carrier_id, number),"
	"  CHECK (holder_org_id IS NULL OR holder_person_id IS NULL)"
	") WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS carrier_copy_holder_org"
	"  ON carrier_copy(holder_org_id, carrier_seq) WHERE holder_org_id IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS carrier_copy_holder_person"
	"  ON carrier_copy(holder_person_id, carrier_seq) WHERE holder_person_id IS NOT NULL;"
	"CREATE TABLE IF NOT EXISTS carrier_due("
	"  carrier_id TEXT PRIMARY KEY,"
	"  org_id TEXT NOT NULL,"
	"  due TEXT NOT NULL CHECK (length(due) = 10),"
	"  carrier_seq INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS carrier_due_org ON carrier_due(org_id, due, carrier_seq);"
	"CREATE INDEX IF NOT EXISTS carrier_due_any ON carrier_due(due, carrier_seq);"
	"INSERT OR IGNORE INTO carrier_information(information_id, carrier_seq, carrier_id)"
	"  SELECT j.value, r.seq, r.id FROM record AS r, json_each(r.doc, '$.information_ids') AS j"
	"  WHERE r.kind = 'carrier' AND j.type = 'text';"
	"INSERT OR IGNORE INTO carrier_copy(carrier_id, number, holder_org_id, holder_person_id,"
	"  joint_work_id, carrier_seq)"
	"  SELECT r.id, json_extract(c.value, '$.number'),"
	"   CASE WHEN json_type(c.value, '$.holder_org_id') = 'text'"
	"    THEN json_extract(c.value, '$.holder_org_id') END,"
	"   CASE WHEN json_type(c.value, '$.holder_org_id') = 'text' THEN NULL"
	"    WHEN json_type(c.value, '$.holder_person_id') = 'text'"
	"    THEN json_extract(c.value, '$.holder_person_id') END,"
	"   CASE WHEN json_type(c.value, '$.joint_work_id') = 'text'"
	"    THEN json_extract(c.value, '$.joint_work_id') END, r.seq"
	"  FROM record AS r, json_each(r.doc, '$.copies') AS c"
	"  WHERE r.kind = 'carrier' AND c.type = 'object'"
	"   AND json_type(c.value, '$.number') = 'integer'"
	"   AND json_extract(c.value, '$.number') >= 1;"
	"INSERT OR IGNORE INTO carrier_due(carrier_id, org_id, due, carrier_seq)"
	"  SELECT id, org_id, due, seq FROM (SELECT id, org_id, seq, COALESCE("
	"    CASE WHEN json_type(doc, '$.review_due_on') = 'text'"
	"     THEN json_extract(doc, '$.review_due_on') END,"
	"    CASE WHEN json_type(doc, '$.declassify_on') = 'text'"
	"     THEN json_extract(doc, '$.declassify_on') END) AS due"
	"   FROM record WHERE kind = 'carrier'"
	"    AND state IN ('registered', 'issued', 'archived'))"
	"  WHERE due IS NOT NULL AND length(due) = 10;"
	"DROP INDEX IF EXISTS record_due_org;"
	"DROP INDEX IF EXISTS record_due_any;"},

	/* 0010_typed_grants (issue 11; store/tables_carriers.c grant_table,
	 * core/grant_rec.h): need-to-know grants move from the record table
	 * to the typed table access_grant, keeping their ids and seqs (every
	 * cursor stays valid). The CREATE TABLE is store_table_create_sql()'s
	 * for grant_table (test_ops_carriers compares them). "from" is
	 * valid_from (an SQL keyword). Idempotent: IF NOT EXISTS, and the
	 * move takes only the rows still in record. */
	{"0012_typed_grants",
	"CREATE TABLE IF NOT EXISTS access_grant(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  person_id TEXT NOT NULL,\n"
	"  carrier_id TEXT,\n"
	"  information_id TEXT,\n"
	"  valid_from TEXT NOT NULL"
	" CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  until TEXT NOT NULL"
	" CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  granted_by TEXT NOT NULL,\n"
	"  granting_org_id TEXT,\n"
	"  state TEXT NOT NULL CHECK (state IN ('active', 'revoked')),\n"
	"  ended_on TEXT"
	" CHECK (ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  revoked_by TEXT,\n"
	"  revocation_reason TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS access_grant_org_id ON access_grant(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS access_grant_person_id ON access_grant(person_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS access_grant_carrier ON access_grant(carrier_id)"
	" WHERE carrier_id IS NOT NULL;\n"
	"INSERT INTO access_grant(id, seq, version, org_id, person_id, carrier_id,"
	"  information_id, valid_from, until, granted_by, granting_org_id, state, ended_on,"
	"  revoked_by, revocation_reason)"
	" SELECT id, seq, 1, org_id,"
	"  COALESCE(json_extract(doc, '$.person_id'), parent_id),"
	"  NULLIF(json_extract(doc, '$.carrier_id'), ''),"
	"  NULLIF(json_extract(doc, '$.information_id'), ''),"
	"  json_extract(doc, '$.from'), json_extract(doc, '$.until'),"
	"  COALESCE(json_extract(doc, '$.granted_by'), ''),"
	"  NULLIF(json_extract(doc, '$.granting_org_id'), ''), state,"
	"  json_extract(doc, '$.ended_on'), json_extract(doc, '$.revoked_by'),"
	"  json_extract(doc, '$.revocation_reason')"
	" FROM record WHERE kind = 'grant'"
	"  AND id NOT IN (SELECT id FROM access_grant);"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'grant');"
	"DELETE FROM record WHERE kind = 'grant';"},

	/* Witnessed tree heads (sqlite_witness.c, audit/note.h): as a witness,
	 * the logs an nsc_officer registered and the latest checkpoint
	 * cosigned for each; as a log, the cosignatures witnesses returned
	 * for its heads. Idempotent (IF NOT EXISTS), so its place among steps
	 * appended concurrently does not matter. */
	{"0013_witnessed_heads",
	"CREATE TABLE IF NOT EXISTS witness_log("
	"  origin TEXT PRIMARY KEY,"
	"  key_name TEXT NOT NULL,"
	"  public_key BLOB NOT NULL,"
	"  registered_at INTEGER NOT NULL,"
	"  size INTEGER NOT NULL DEFAULT 0,"
	"  root BLOB,"
	"  cosigned_at INTEGER NOT NULL DEFAULT 0,"
	"  checkpoint TEXT"
	") WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS audit_cosignature("
	"  n INTEGER PRIMARY KEY,"
	"  witness TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  root BLOB NOT NULL,"
	"  timestamp INTEGER NOT NULL,"
	"  checkpoint TEXT NOT NULL"
	");"},

	/* 0014_typed_classifiers (issue 11): the lists of classifiers (Art.
	 * 5.4, 15.1) in a typed table (store/tables_classify.c; the CREATE
	 * statements are store_table_create_sql's output, checked by
	 * test_ops_classify), the classifier records moved there in the same
	 * transaction, each keeping its seq. Idempotent: IF NOT EXISTS, and the
	 * moved records are gone. */
	{"0014_typed_classifiers",
	"CREATE TABLE IF NOT EXISTS classifier(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  person_id TEXT NOT NULL,\n"
	"  full_name TEXT,\n"
	"  position TEXT,\n"
	"  state TEXT NOT NULL CHECK (state IN ('active')),\n"
	"  registered_on TEXT NOT NULL CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  registered_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS classifier_person_id ON classifier(person_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS classifier_org_person ON classifier(org_id, person_id);\n"
	"INSERT INTO classifier(id, seq, version, org_id, person_id, full_name, position, state,"
	"  registered_on, registered_by)"
	" SELECT id, seq, 1, org_id, coalesce(json_extract(doc, '$.person_id'), ref),"
	"  json_extract(doc, '$.full_name'), json_extract(doc, '$.position'), state,"
	"  json_extract(doc, '$.registered_on'), json_extract(doc, '$.registered_by')"
	" FROM record WHERE kind = 'classifier' ORDER BY seq;"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'classifier');"
	"DELETE FROM record WHERE kind = 'classifier';"},

	/* 0015_typed_emergency (issue 11): the Art. 5 modes, kept until now as
	 * one JSON array under the meta key "emergency_modes", in typed tables
	 * (store/tables_persons.c; the CREATE statements are
	 * store_table_create_sql's output for those descriptions, checked by
	 * test_ops_persons), the modes moved there in the same transaction,
	 * each with a seq drawn past the record sequence, which is then moved
	 * on. Idempotent: IF NOT EXISTS, and the meta key is gone. */
	{"0015_typed_emergency",
	"CREATE TABLE IF NOT EXISTS emergency_mode(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('emergency', 'martial_law')),\n"
	"  decree_ref TEXT NOT NULL,\n"
	"  from_date TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  until_date TEXT NOT NULL CHECK (until_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  area TEXT,\n"
	"  declared_on TEXT NOT NULL CHECK (declared_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  declared_by TEXT NOT NULL,\n"
	"  ended_on TEXT CHECK (ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  effective_date TEXT CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS emergency_mode_from_date ON emergency_mode(from_date, seq);\n"
	"CREATE TABLE IF NOT EXISTS emergency_mode_org(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  mode_id TEXT NOT NULL REFERENCES emergency_mode(id),\n"
	"  org_id TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS emergency_mode_org_mode_id ON emergency_mode_org(mode_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS emergency_mode_org_org_id ON emergency_mode_org(org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS emergency_mode_relaxation(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  mode_id TEXT NOT NULL REFERENCES emergency_mode(id),\n"
	"  relaxation TEXT NOT NULL CHECK (relaxation IN ('verification_pending'))\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS emergency_mode_relaxation_mode_id ON emergency_mode_relaxation(mode_id, seq);\n"
	"INSERT INTO emergency_mode(id, seq, version, kind, decree_ref, from_date, until_date,"
	"  area, declared_on, declared_by, ended_on, effective_date)"
	" SELECT json_extract(m.value, '$.id'),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY m.key), 1,"
	"  json_extract(m.value, '$.kind'), json_extract(m.value, '$.decree_ref'),"
	"  json_extract(m.value, '$.from'), json_extract(m.value, '$.until'),"
	"  json_extract(m.value, '$.area'), json_extract(m.value, '$.declared_on'),"
	"  json_extract(m.value, '$.declared_by'), json_extract(m.value, '$.ended_on'),"
	"  json_extract(m.value, '$.effective_date')"
	" FROM meta AS x, json_each(x.value) AS m"
	" WHERE x.key = 'emergency_modes' AND json_valid(x.value);"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM emergency_mode)"
	" WHERE name = 'record';"
	"INSERT INTO emergency_mode_org(id, seq, version, mode_id, org_id)"
	" SELECT 'emorg_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY m.key, o.key), 1,"
	"  json_extract(m.value, '$.id'), o.value"
	" FROM meta AS x, json_each(x.value) AS m, json_each(m.value, '$.org_ids') AS o"
	" WHERE x.key = 'emergency_modes' AND json_valid(x.value);"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM emergency_mode_org)"
	" WHERE name = 'record';"
	"INSERT INTO emergency_mode_relaxation(id, seq, version, mode_id, relaxation)"
	" SELECT 'emrlx_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY m.key, r.key), 1,"
	"  json_extract(m.value, '$.id'), r.value"
	" FROM meta AS x, json_each(x.value) AS m, json_each(m.value, '$.relaxations') AS r"
	" WHERE x.key = 'emergency_modes' AND json_valid(x.value);"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM emergency_mode_relaxation)"
	" WHERE name = 'record';"
	"DELETE FROM meta WHERE key = 'emergency_modes';"},
	/* Issue 13, deliverable 9: a password reset to a one-time password
	 * forces a change at the next login (h_accounts.c, router.c). */
	{"0016_password_change",
	"ALTER TABLE account ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;"},
	/* Issue 13, deliverable 6: a natural key looked up across
	 * organizations (a person's IIN is unique nationwide, h_persons.c)
	 * had only the (kind, org_id, ref) index, so each check scanned every
	 * record of its kind; an import of 10,000 persons grew quadratic. */
	{"0017_record_kind_ref",
	"CREATE INDEX IF NOT EXISTS record_kind_ref ON record(kind, ref);"},
	/* 0018_typed_persons (issue 11): persons and the grounds for refusal
	 * noted for them (Art. 30.1) in typed tables (store/tables_persons.c;
	 * the CREATE statements are store_table_create_sql's output, checked by
	 * test_ops_persons), the IIN unique nationwide as a UNIQUE index (NULLs
	 * apart: persons without IIN), the records "person" and "ground" moved
	 * there in the same transaction, each keeping its seq, every field of
	 * their documents in a column. Idempotent: IF NOT EXISTS, and the moved
	 * records are gone. */
	{"0018_typed_persons",
	"CREATE TABLE IF NOT EXISTS person(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  iin TEXT,\n"
	"  passport TEXT,\n"
	"  full_name TEXT NOT NULL,\n"
	"  citizenship TEXT NOT NULL CHECK (citizenship IN ('KZ', 'foreign', 'stateless')),\n"
	"  position TEXT NOT NULL,\n"
	"  employment_state TEXT NOT NULL CHECK (employment_state IN ('employed', 'dismissed', 'contract_ended')),\n"
	"  registered_on TEXT NOT NULL CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  event TEXT CHECK (event IN ('dismissal', 'contract_end', 'transfer')),\n"
	"  event_date TEXT CHECK (event_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  event_by TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS person_org_id ON person(org_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS person_iin ON person(iin);\n"
	"CREATE TABLE IF NOT EXISTS ground(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  person_id TEXT NOT NULL REFERENCES person(id),\n"
	"  ground TEXT NOT NULL CHECK (ground IN ('incapacity', 'intentional_crime_conviction', 'medical_contraindication', 'residence_abroad', 'verification_threat', 'restrictions_breached', 'corruption_admin_penalty', 'corruption_offense', 'grave_crime_record', 'criminal_group', 'verification_evasion', 'false_information')),\n"
	"  noted_on TEXT NOT NULL CHECK (noted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  details TEXT,\n"
	"  exception INTEGER NOT NULL CHECK (exception IN (0, 1)),\n"
	"  state TEXT NOT NULL CHECK (state IN ('in_force', 'lifted')),\n"
	"  lifted_on TEXT CHECK (lifted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  article TEXT NOT NULL,\n"
	"  noted_by TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS ground_person_id ON ground(person_id, seq);\n"
	"INSERT INTO person(id, seq, version, org_id, iin, passport, full_name, citizenship,"
	"  position, employment_state, registered_on, event, event_date, event_by)"
	" SELECT id, seq, 1, org_id, nullif(coalesce(json_extract(doc, '$.iin'), ref), ''),"
	"  json_extract(doc, '$.passport'), json_extract(doc, '$.full_name'),"
	"  json_extract(doc, '$.citizenship'), json_extract(doc, '$.position'),"
	"  coalesce(json_extract(doc, '$.employment_state'), state),"
	"  json_extract(doc, '$.registered_on'), json_extract(doc, '$.employment_event.event'),"
	"  json_extract(doc, '$.employment_event.date'), json_extract(doc, '$.employment_event.by')"
	" FROM record WHERE kind = 'person' ORDER BY seq;"
	"INSERT INTO ground(id, seq, version, org_id, person_id, ground, noted_on, details,"
	"  exception, state, lifted_on, article, noted_by)"
	" SELECT id, seq, 1, org_id, coalesce(json_extract(doc, '$.person_id'), parent_id),"
	"  json_extract(doc, '$.ground'), json_extract(doc, '$.noted_on'),"
	"  json_extract(doc, '$.details'), coalesce(json_extract(doc, '$.exception'), 0),"
	"  coalesce(json_extract(doc, '$.state'), state), json_extract(doc, '$.lifted_on'),"
	"  coalesce(json_extract(doc, '$.article'), '30.1'), coalesce(json_extract(doc, '$.by'), '')"
	" FROM record WHERE kind = 'ground' ORDER BY seq;"
	"DELETE FROM record_tag WHERE rec_seq IN"
	"  (SELECT seq FROM record WHERE kind IN ('person', 'ground'));"
	"DELETE FROM record WHERE kind IN ('person', 'ground');"},
	/* 0019_typed_clearances (issue 11): clearances (Art. 29-33) in typed
	 * tables (store/tables_clearances.c; the CREATE statements are
	 * store_table_create_sql's output for those descriptions, checked by
	 * test_ops_clearances), the clearance records moved there in the same
	 * transaction, each keeping its seq; the clearances a grant replaced
	 * and the relaxations its decision used become child rows with seqs
	 * drawn past the record sequence, which is then moved on. Idempotent:
	 * IF NOT EXISTS, and the moved records are gone. */
	{"0019_typed_clearances",
	"CREATE TABLE IF NOT EXISTS clearance(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  person_id TEXT NOT NULL,\n"
	"  org_id TEXT NOT NULL,\n"
	"  form TEXT NOT NULL CHECK (form IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  treaty_ref TEXT,\n"
	"  state TEXT NOT NULL CHECK (state IN ('registering', 'active', 'refused', 'terminated')),\n"
	"  registered_on TEXT NOT NULL CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  commitment_on TEXT CHECK (commitment_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  consent_restrictions_on TEXT CHECK (consent_restrictions_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  consent_verification_on TEXT CHECK (consent_verification_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  familiarized_on TEXT CHECK (familiarized_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  verification TEXT CHECK (verification IN ('passed', 'failed', 'evaded')),\n"
	"  verified_on TEXT CHECK (verified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  decision TEXT CHECK (decision IN ('grant', 'refuse')),\n"
	"  decided_on TEXT CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  decided_by TEXT,\n"
	"  contract_number TEXT,\n"
	"  restriction_until TEXT CHECK (restriction_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  decision_reason TEXT CHECK (decision_reason IN ('violation', 'ground', 'dismissal', 'transfer', 'contract_end', 'reregistered')),\n"
	"  decision_source_id TEXT,\n"
	"  emergency_id TEXT,\n"
	"  verification_due_on TEXT CHECK (verification_due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  verification_pending INTEGER NOT NULL CHECK (verification_pending IN (0, 1)),\n"
	"  granted_on TEXT CHECK (granted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  end_reason TEXT CHECK (end_reason IN ('violation', 'ground', 'dismissal', 'transfer', 'contract_end', 'reregistered')),\n"
	"  terminated_on TEXT CHECK (terminated_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  terminated_by TEXT,\n"
	"  termination_source_id TEXT,\n"
	"  termination_due_on TEXT CHECK (termination_due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  due_reason TEXT,\n"
	"  due_code TEXT,\n"
	"  due_article TEXT,\n"
	"  due_source_id TEXT,\n"
	"  due_noted_on TEXT CHECK (due_noted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS clearance_person_id ON clearance(person_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS clearance_org_id ON clearance(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS clearance_due ON clearance(seq) WHERE termination_due_on IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS clearance_due_org ON clearance(org_id, seq) WHERE termination_due_on IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS clearance_pending ON clearance(seq) WHERE verification_due_on IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS clearance_pending_org ON clearance(org_id, seq) WHERE verification_due_on IS NOT NULL;\n"
	"CREATE TABLE IF NOT EXISTS clearance_replaced(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  clearance_id TEXT NOT NULL REFERENCES clearance(id),\n"
	"  replaced_id TEXT NOT NULL REFERENCES clearance(id)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS clearance_replaced_clearance_id ON clearance_replaced(clearance_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS clearance_relaxed(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  clearance_id TEXT NOT NULL REFERENCES clearance(id),\n"
	"  relaxation TEXT NOT NULL CHECK (relaxation IN ('verification_pending'))\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS clearance_relaxed_clearance_id ON clearance_relaxed(clearance_id, seq);\n"
	"INSERT INTO clearance(id, seq, version, person_id, org_id, form, treaty_ref, state, registered_on, commitment_on, consent_restrictions_on, consent_verification_on, familiarized_on, verification, verified_on, decision, decided_on, decided_by, contract_number, restriction_until, decision_reason, decision_source_id, emergency_id, verification_due_on, verification_pending, granted_on, end_reason, terminated_on, terminated_by, termination_source_id, termination_due_on, due_reason, due_code, due_article, due_source_id, due_noted_on)\n"
	" SELECT id, seq, 1, coalesce(NULLIF(json_extract(doc, '$.person_id'), ''), parent_id), coalesce(NULLIF(json_extract(doc, '$.org_id'), ''), org_id), json_extract(doc, '$.form'), json_extract(doc, '$.treaty_ref'), state, json_extract(doc, '$.registered_on'),\n"
	"  json_extract(doc, '$.prerequisites.commitment_on'), json_extract(doc, '$.prerequisites.consent_restrictions_on'), json_extract(doc, '$.prerequisites.consent_verification_on'), json_extract(doc, '$.prerequisites.familiarized_on'), json_extract(doc, '$.prerequisites.verification'), json_extract(doc, '$.prerequisites.verified_on'),\n"
	"  CASE WHEN json_type(doc, '$.decision') = 'object' THEN json_extract(doc, '$.decision.decision') END, json_extract(doc, '$.decision.date'), NULLIF(json_extract(doc, '$.decision.by'), ''), json_extract(doc, '$.decision.contract_number'), coalesce(json_extract(doc, '$.decision.restriction_until'), json_extract(doc, '$.restriction_until')), json_extract(doc, '$.decision.reason'), NULLIF(json_extract(doc, '$.decision.source_id'), ''),\n"
	"  NULLIF(json_extract(doc, '$.decision.emergency.id'), ''), json_extract(doc, '$.decision.emergency.verification_due_on'), CASE WHEN json_extract(doc, '$.verification_pending') THEN 1 ELSE 0 END, json_extract(doc, '$.granted_on'),\n"
	"  json_extract(doc, '$.termination.reason'), coalesce(json_extract(doc, '$.terminated_on'), json_extract(doc, '$.termination.date')), NULLIF(json_extract(doc, '$.termination.by'), ''), NULLIF(json_extract(doc, '$.termination.source_id'), ''),\n"
	"  coalesce(json_extract(doc, '$.termination_due.due_on'), json_extract(doc, '$.termination_due_on')), NULLIF(json_extract(doc, '$.termination_due.reason'), ''), NULLIF(json_extract(doc, '$.termination_due.code'), ''), NULLIF(json_extract(doc, '$.termination_due.article'), ''), NULLIF(json_extract(doc, '$.termination_due.source_id'), ''), json_extract(doc, '$.termination_due.noted_on')\n"
	" FROM record WHERE kind = 'clearance' ORDER BY seq;\n"
	"INSERT INTO clearance_replaced(id, seq, version, clearance_id, replaced_id)\n"
	" SELECT 'clrepl_' || lower(hex(randomblob(8))), (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY r.seq, x.key), 1, r.id, x.value\n"
	" FROM record AS r, json_each(r.doc, '$.replaces') AS x WHERE r.kind = 'clearance';\n"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM record AS r, json_each(r.doc, '$.replaces') WHERE r.kind = 'clearance') WHERE name = 'record';\n"
	"INSERT INTO clearance_relaxed(id, seq, version, clearance_id, relaxation)\n"
	" SELECT 'clrlx_' || lower(hex(randomblob(8))), (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY r.seq, x.key), 1, r.id, x.value\n"
	" FROM record AS r, json_each(r.doc, '$.decision.emergency.relaxed') AS x WHERE r.kind = 'clearance';\n"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM record AS r, json_each(r.doc, '$.decision.emergency.relaxed') WHERE r.kind = 'clearance') WHERE name = 'record';\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'clearance');\n"
	"DELETE FROM record WHERE kind = 'clearance';"},
	/* 0020_typed_trips (issue 11): trips abroad and the violations their
	 * departures recorded in typed tables (store/tables_trips.c; the CREATE statements are
	 * store_table_create_sql's output for those descriptions, checked by
	 * test_ops_trips), the records moved there in the same transaction,
	 * each keeping its seq. Idempotent: IF NOT EXISTS, and the moved
	 * records are gone. */
	{"0020_typed_trips",
	"CREATE TABLE IF NOT EXISTS trip(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  person_id TEXT NOT NULL,\n"
	"  org_id TEXT NOT NULL,\n"
	"  country TEXT NOT NULL,\n"
	"  depart_on TEXT NOT NULL CHECK (depart_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  return_on TEXT NOT NULL CHECK (return_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  purpose TEXT,\n"
	"  state TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'refused', 'departed')),\n"
	"  requested_on TEXT NOT NULL CHECK (requested_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  approved_on TEXT CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  approved_by TEXT,\n"
	"  refused_on TEXT CHECK (refused_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  refused_by TEXT,\n"
	"  departed_on TEXT CHECK (departed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  violation_id TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS trip_person_id ON trip(person_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS trip_org_id ON trip(org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS violation(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  person_id TEXT NOT NULL,\n"
	"  org_id TEXT NOT NULL,\n"
	"  code TEXT NOT NULL,\n"
	"  article TEXT,\n"
	"  trip_id TEXT REFERENCES trip(id),\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  admitted TEXT NOT NULL CHECK (admitted IN ('now', 'previously')),\n"
	"  country TEXT,\n"
	"  liability TEXT,\n"
	"  consequence TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS violation_person_id ON violation(person_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS violation_org_id ON violation(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS violation_trip_id ON violation(trip_id, seq);\n"
	/* moved: the records of the three kinds, each keeping its seq */
	"INSERT INTO trip(id, seq, version, person_id, org_id, country, depart_on, return_on,"
	"  purpose, state, requested_on, approved_on, approved_by, refused_on, refused_by,"
	"  departed_on, violation_id)"
	" SELECT id, seq, 1, coalesce(json_extract(doc, '$.person_id'), parent_id), org_id,"
	"  json_extract(doc, '$.country'), json_extract(doc, '$.depart_on'),"
	"  json_extract(doc, '$.return_on'), json_extract(doc, '$.purpose'), state,"
	"  json_extract(doc, '$.requested_on'), json_extract(doc, '$.approval.date'),"
	"  json_extract(doc, '$.approval.by'), json_extract(doc, '$.refusal.date'),"
	"  json_extract(doc, '$.refusal.by'), json_extract(doc, '$.departed_on'),"
	"  json_extract(doc, '$.violation.id')"
	" FROM record WHERE kind = 'trip' ORDER BY seq;"
	"INSERT INTO violation(id, seq, version, person_id, org_id, code, article, trip_id, date,"
	"  admitted, country, liability, consequence)"
	" SELECT id, seq, 1, coalesce(json_extract(doc, '$.person_id'), parent_id), org_id,"
	"  json_extract(doc, '$.code'), json_extract(doc, '$.article'),"
	"  json_extract(doc, '$.trip_id'), json_extract(doc, '$.date'),"
	"  json_extract(doc, '$.admitted'), json_extract(doc, '$.country'),"
	"  json_extract(doc, '$.liability'), json_extract(doc, '$.consequence')"
	" FROM record WHERE kind = 'violation' ORDER BY seq;"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record"
	" WHERE kind IN ('trip', 'violation'));"
	"DELETE FROM record WHERE kind IN ('trip', 'violation');"},
	/* 0020b_typed_incidents (issue 11): incidents in a typed table, the
	 * elements of their arrays as child rows (store/tables_trips.c; the
	 * CREATE statements are store_table_create_sql's output, checked by
	 * test_ops_incidents), the incident records moved there in the same
	 * transaction, each keeping its seq. Idempotent as 0020. */
	{"0020b_typed_incidents",
	"CREATE TABLE IF NOT EXISTS incident(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('loss', 'disclosure', 'loss_suspected')),\n"
	"  state TEXT NOT NULL CHECK (state IN ('open', 'confirmed')),\n"
	"  description TEXT NOT NULL,\n"
	"  damage TEXT,\n"
	"  occurred_on TEXT CHECK (occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  opened_on TEXT CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  confirmed_on TEXT CHECK (confirmed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT,\n"
	"  inventory_id TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS incident_org_id ON incident(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS incident_state ON incident(state, seq);\n"
	"CREATE INDEX IF NOT EXISTS incident_inventory_id ON incident(inventory_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS incident_ref(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  incident_id TEXT NOT NULL REFERENCES incident(id),\n"
	"  role TEXT NOT NULL CHECK (role IN ('carrier', 'person', 'lost', 'clearance', 'joint_work', 'copy')),\n"
	"  ord INTEGER NOT NULL,\n"
	"  ref_id TEXT,\n"
	"  copy_number INTEGER,\n"
	"  holder TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS incident_ref_incident_id ON incident_ref(incident_id, seq);\n"
	"INSERT INTO incident(id, seq, version, org_id, kind, state, description, damage,"
	"  occurred_on, opened_on, confirmed_on, by_user, inventory_id)"
	" SELECT id, seq, 1, nullif(org_id, ''), json_extract(doc, '$.kind'), state,"
	"  json_extract(doc, '$.description'), json_extract(doc, '$.damage'),"
	"  json_extract(doc, '$.occurred_on'), json_extract(doc, '$.opened_on'),"
	"  json_extract(doc, '$.confirmed_on'), nullif(json_extract(doc, '$.by'), ''),"
	"  nullif(json_extract(doc, '$.inventory_id'), '')"
	" FROM record WHERE kind = 'incident' ORDER BY seq;"
	/* the elements of their arrays: new rows, seqs drawn past the record
	 * sequence (store_seq_next's source), which is then moved on */
	"INSERT INTO incident_ref(id, seq, version, incident_id, role, ord, ref_id, copy_number,"
	"  holder)"
	" WITH x(n, role, path) AS (VALUES (0, 'carrier', '$.carrier_ids'),"
	"  (1, 'person', '$.person_ids'), (2, 'lost', '$.lost_carriers'),"
	"  (3, 'clearance', '$.terminated_clearances'),"
	"  (4, 'joint_work', '$.joint_work_violations'), (5, 'copy', '$.copies'))"
	" SELECT 'incref_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, x.n, j.key), 1, r.id, x.role, j.key,"
	"  CASE WHEN x.role = 'copy' THEN NULL ELSE j.value END,"
	"  CASE WHEN x.role = 'copy' THEN json_extract(j.value, '$.copy_number') END,"
	"  CASE WHEN x.role = 'copy' THEN json_extract(j.value, '$.holder') END"
	" FROM record AS r, x, json_each(r.doc, x.path) AS j"
	" WHERE r.kind = 'incident' AND json_type(r.doc, x.path) = 'array';"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM incident_ref)"
	" WHERE name = 'record';"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'incident');"
	"DELETE FROM record WHERE kind = 'incident';"},
	/* 0021_typed_lists (issue 11): departmental lists and their items
	 * (Art. 15.2, 22) in typed tables (store/tables_classify.c; the CREATE
	 * statements are store_table_create_sql's output, checked by
	 * test_ops_lists), with child tables for the arrays of their documents:
	 * a list's history, an item's changes and the objects each change
	 * flagged (in the order of the arrays: seqs drawn past the record
	 * sequence, which is then moved on). The list and item records move
	 * there keeping their seqs (cursors stay valid). Idempotent: IF NOT
	 * EXISTS, and the moved records are gone. */
	{"0021_typed_lists",
	"CREATE TABLE IF NOT EXISTS list(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  title TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('draft', 'approved')),\n"
	"  list_version INTEGER NOT NULL,\n"
	"  approved_on TEXT CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  approved_by TEXT,\n"
	"  next_review_on TEXT CHECK (next_review_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  reviewed_on TEXT CHECK (reviewed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  created_on TEXT CHECK (created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  created_by TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_org_id ON list(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS list_state_org ON list(state, org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS list_history(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  list_id TEXT NOT NULL REFERENCES list(id),\n"
	"  action TEXT NOT NULL,\n"
	"  list_version INTEGER NOT NULL,\n"
	"  item_id TEXT,\n"
	"  change_id TEXT,\n"
	"  effective_date TEXT CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  next_review_on TEXT CHECK (next_review_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_history_list_id ON list_history(list_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS list_item(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  list_id TEXT NOT NULL REFERENCES list(id),\n"
	"  org_id TEXT NOT NULL,\n"
	"  code TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  degree TEXT NOT NULL CHECK (degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  basis TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('active', 'removed')),\n"
	"  coord_authorized_body_ref TEXT,\n"
	"  coord_nsc_ref TEXT,\n"
	"  added_on TEXT CHECK (added_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  added_by TEXT,\n"
	"  list_version INTEGER NOT NULL,\n"
	"  removed_on TEXT CHECK (removed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_item_list_id ON list_item(list_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS list_item_list_code ON list_item(list_id, code);\n"
	"CREATE TABLE IF NOT EXISTS list_item_change(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  item_id TEXT NOT NULL REFERENCES list_item(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('degree_changed', 'removed')),\n"
	"  from_degree TEXT CHECK (from_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  to_degree TEXT CHECK (to_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  effective_date TEXT CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT,\n"
	"  coord_authorized_body_ref TEXT,\n"
	"  coord_nsc_ref TEXT,\n"
	"  list_version INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_item_change_item_id ON list_item_change(item_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS list_item_affected(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  change_id TEXT NOT NULL REFERENCES list_item_change(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('information', 'carrier')),\n"
	"  object_id TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_item_affected_change_id ON list_item_affected(change_id, seq);\n"
	"INSERT INTO list(id, seq, version, org_id, title, state, list_version, approved_on, approved_by, next_review_on, reviewed_on, created_on, created_by)\n"
	" SELECT id, seq, 1, org_id, coalesce(json_extract(doc, '$.title'), ''), state, coalesce(json_extract(doc, '$.version'), 1), json_extract(doc, '$.approved_on'), json_extract(doc, '$.approved_by'), json_extract(doc, '$.next_review_on'), json_extract(doc, '$.reviewed_on'), json_extract(doc, '$.created_on'), json_extract(doc, '$.created_by')\n"
	" FROM record WHERE kind = 'list' ORDER BY seq;\n"
	"INSERT INTO list_history(id, seq, version, list_id, action, list_version, item_id, change_id, effective_date, next_review_on, by_user)\n"
	" SELECT 'lhist_' || lower(hex(randomblob(8))), (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY r.seq, h.key), 1, r.id, coalesce(json_extract(h.value, '$.action'), ''), coalesce(json_extract(h.value, '$.version'), 1), json_extract(h.value, '$.item_id'), json_extract(h.value, '$.change_id'), json_extract(h.value, '$.effective_date'), json_extract(h.value, '$.next_review_on'), json_extract(h.value, '$.by')\n"
	" FROM record AS r, json_each(r.doc, '$.history') AS h WHERE r.kind = 'list';\n"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM list_history) WHERE name = 'record';\n"
	"INSERT INTO list_item(id, seq, version, list_id, org_id, code, text, degree, basis, state, coord_authorized_body_ref, coord_nsc_ref, added_on, added_by, list_version, removed_on)\n"
	" SELECT id, seq, 1, coalesce(json_extract(doc, '$.list_id'), parent_id), org_id, coalesce(json_extract(doc, '$.code'), substr(ref, instr(ref, '/') + 1)), coalesce(json_extract(doc, '$.text'), ''), json_extract(doc, '$.degree'), coalesce(json_extract(doc, '$.basis'), ''), state, json_extract(doc, '$.coordination.authorized_body_ref'), json_extract(doc, '$.coordination.nsc_ref'), json_extract(doc, '$.added_on'), json_extract(doc, '$.added_by'), coalesce(json_extract(doc, '$.list_version'), 1), json_extract(doc, '$.removed_on')\n"
	" FROM record WHERE kind = 'list_item' ORDER BY seq;\n"
	"INSERT INTO list_item_change(id, seq, version, item_id, kind, from_degree, to_degree, effective_date, by_user, coord_authorized_body_ref, coord_nsc_ref, list_version)\n"
	" SELECT json_extract(c.value, '$.id'), (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY r.seq, c.key), 1, r.id, json_extract(c.value, '$.kind'), json_extract(c.value, '$.from_degree'), json_extract(c.value, '$.to_degree'), json_extract(c.value, '$.effective_date'), json_extract(c.value, '$.by'), json_extract(c.value, '$.coordination.authorized_body_ref'), json_extract(c.value, '$.coordination.nsc_ref'), coalesce(json_extract(c.value, '$.list_version'), 1)\n"
	" FROM record AS r, json_each(r.doc, '$.changes') AS c WHERE r.kind = 'list_item';\n"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM list_item_change) WHERE name = 'record';\n"
	"INSERT INTO list_item_affected(id, seq, version, change_id, kind, object_id)\n"
	" SELECT 'laff_' || lower(hex(randomblob(8))), (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY s, ck, k, ak), 1, cid, kind, oid FROM (\n"
	"  SELECT r.seq AS s, c.key AS ck, 0 AS k, a.key AS ak, json_extract(c.value, '$.id') AS cid, 'information' AS kind, a.value AS oid\n"
	"   FROM record AS r, json_each(r.doc, '$.changes') AS c, json_each(c.value, '$.affected.information') AS a WHERE r.kind = 'list_item'\n"
	"  UNION ALL\n"
	"  SELECT r.seq, c.key, 1, a.key, json_extract(c.value, '$.id'), 'carrier', a.value\n"
	"   FROM record AS r, json_each(r.doc, '$.changes') AS c, json_each(c.value, '$.affected.carriers') AS a WHERE r.kind = 'list_item');\n"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM list_item_affected) WHERE name = 'record';\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind IN ('list', 'list_item'));\n"
	"DELETE FROM record WHERE kind IN ('list', 'list_item');\n"},
	/* 0024b_typed_joint_works (issue 11): joint works of Art. 26 and
	 * Decree 743 in typed tables (store/tables_transfers.c;
	 * store_table_create_sql's output, checked by test_ops_joint_works),
	 * the joint_work records moved there keeping id and seq; each step's
	 * object becomes columns (a step not taken: NULL), the lists child
	 * rows with seqs drawn past the record sequence, which is then moved
	 * on. response_due_on is the typed, indexed due date of R743 p.5.
	 * Idempotent: IF NOT EXISTS, and the moved records are gone. */
	{"0024b_typed_joint_works",
	"CREATE TABLE IF NOT EXISTS joint_work(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  customer_org_id TEXT NOT NULL,\n"
	"  executor_org_id TEXT,\n"
	"  executor_person_id TEXT,\n"
	"  executor_person_org_id TEXT,\n"
	"  disposing_org_id TEXT,\n"
	"  justification TEXT,\n"
	"  state TEXT NOT NULL CHECK (state IN ('requested', 'permitted', 'refused', 'agreed', 'notified', 'active', 'suspended', 'closed', 'cancelled')),\n"
	"  term_from TEXT CHECK (term_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  term_to TEXT CHECK (term_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  executor_permit_ref TEXT,\n"
	"  executor_clearance_ref TEXT,\n"
	"  received_on TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  response_due_on TEXT CHECK (response_due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  requested_by TEXT NOT NULL,\n"
	"  permission_overdue INTEGER NOT NULL CHECK (permission_overdue IN (0, 1)),\n"
	"  cancellation_raised INTEGER NOT NULL CHECK (cancellation_raised IN (0, 1)),\n"
	"  executor_city TEXT,\n"
	"  draft_agreement_ref TEXT,\n"
	"  executor_address TEXT,\n"
	"  executor_head TEXT,\n"
	"  executor_residence TEXT,\n"
	"  executor_id_issuer TEXT,\n"
	"  perm_decision TEXT CHECK (perm_decision IN ('granted', 'refused')),\n"
	"  perm_reason TEXT,\n"
	"  perm_ref TEXT,\n"
	"  perm_answered_on TEXT CHECK (perm_answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  perm_by TEXT,\n"
	"  perm_late INTEGER NOT NULL CHECK (perm_late IN (0, 1)),\n"
	"  agr_number TEXT,\n"
	"  agr_signed_on TEXT CHECK (agr_signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  agr_subject TEXT,\n"
	"  agr_certificate TEXT,\n"
	"  agr_control_procedure TEXT,\n"
	"  agr_financing TEXT,\n"
	"  agr_executor_permit_ref TEXT,\n"
	"  agr_executor_clearance_ref TEXT,\n"
	"  agr_by TEXT,\n"
	"  nsc_sent_on TEXT CHECK (nsc_sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  nsc_office TEXT,\n"
	"  nsc_ref TEXT,\n"
	"  nsc_by TEXT,\n"
	"  prot_arrangement TEXT,\n"
	"  prot_provider_org_id TEXT,\n"
	"  prot_agreement_ref TEXT,\n"
	"  prot_date TEXT CHECK (prot_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  prot_by TEXT,\n"
	"  canc_raised_on TEXT CHECK (canc_raised_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  canc_reason TEXT,\n"
	"  canc_permit_id TEXT,\n"
	"  canc_clearance_id TEXT,\n"
	"  canc_by TEXT,\n"
	"  end_state TEXT,\n"
	"  end_reason TEXT,\n"
	"  end_date TEXT CHECK (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_customer_org_id ON joint_work(customer_org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS joint_work_executor_org_id ON joint_work(executor_org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS joint_work_executor_person_id ON joint_work(executor_person_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS joint_work_disposing_org_id ON joint_work(disposing_org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS joint_work_state ON joint_work(state, seq);\n"
	"CREATE INDEX IF NOT EXISTS joint_work_response_due_on ON joint_work(response_due_on, seq);\n"
	"CREATE TABLE IF NOT EXISTS joint_work_carrier(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  joint_work_id TEXT NOT NULL REFERENCES joint_work(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  carrier_id TEXT NOT NULL,\n"
	"  copies_given INTEGER NOT NULL CHECK (copies_given IN (0, 1)),\n"
	"  title TEXT,\n"
	"  label TEXT,\n"
	"  account_number TEXT NOT NULL,\n"
	"  sheets INTEGER\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_carrier_joint_work_id ON joint_work_carrier(joint_work_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS joint_work_carrier_carrier_id ON joint_work_carrier(carrier_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_carrier_ord ON joint_work_carrier(joint_work_id, ord);\n"
	"CREATE TABLE IF NOT EXISTS joint_work_copy(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  joint_work_id TEXT NOT NULL REFERENCES joint_work(id),\n"
	"  list TEXT NOT NULL CHECK (list IN ('request', 'transferred')),\n"
	"  item_ord INTEGER NOT NULL,\n"
	"  ord INTEGER NOT NULL,\n"
	"  number INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_copy_joint_work_id ON joint_work_copy(joint_work_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_copy_ord ON joint_work_copy(joint_work_id, list, item_ord, ord);\n"
	"CREATE TABLE IF NOT EXISTS joint_work_ref(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  joint_work_id TEXT NOT NULL REFERENCES joint_work(id),\n"
	"  list TEXT NOT NULL CHECK (list IN ('annex', 'held', 'returned')),\n"
	"  ord INTEGER NOT NULL,\n"
	"  carrier_id TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_ref_joint_work_id ON joint_work_ref(joint_work_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS joint_work_ref_carrier_id ON joint_work_ref(carrier_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_ref_ord ON joint_work_ref(joint_work_id, list, ord);\n"
	"CREATE TABLE IF NOT EXISTS joint_work_transfer(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  joint_work_id TEXT NOT NULL REFERENCES joint_work(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  carrier_id TEXT NOT NULL,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  copies_listed INTEGER NOT NULL CHECK (copies_listed IN (0, 1))\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_transfer_joint_work_id ON joint_work_transfer(joint_work_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_transfer_ord ON joint_work_transfer(joint_work_id, ord);\n"
	"CREATE TABLE IF NOT EXISTS joint_work_violation(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  joint_work_id TEXT NOT NULL REFERENCES joint_work(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  description TEXT NOT NULL,\n"
	"  noted_on TEXT NOT NULL CHECK (noted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL,\n"
	"  incident_id TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_violation_joint_work_id ON joint_work_violation(joint_work_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_violation_ord ON joint_work_violation(joint_work_id, ord);\n"
	"CREATE TABLE IF NOT EXISTS joint_work_addendum(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  joint_work_id TEXT NOT NULL REFERENCES joint_work(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  number TEXT NOT NULL,\n"
	"  from_org_id TEXT NOT NULL,\n"
	"  assignee_org_id TEXT NOT NULL,\n"
	"  signed_on TEXT NOT NULL CHECK (signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  reason TEXT NOT NULL,\n"
	"  nsc_notice_sent_on TEXT CHECK (nsc_notice_sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  disposing_notice_sent_on TEXT CHECK (disposing_notice_sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_addendum_joint_work_id ON joint_work_addendum(joint_work_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_addendum_ord ON joint_work_addendum(joint_work_id, ord);\n"
	"CREATE TABLE IF NOT EXISTS joint_work_step(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  joint_work_id TEXT NOT NULL REFERENCES joint_work(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  from_state TEXT NOT NULL,\n"
	"  to_state TEXT NOT NULL,\n"
	"  step TEXT NOT NULL,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS joint_work_step_joint_work_id ON joint_work_step(joint_work_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS joint_work_step_ord ON joint_work_step(joint_work_id, ord);\n"
	"INSERT INTO joint_work(id, seq, version, customer_org_id, executor_org_id, executor_person_id, executor_person_org_id, disposing_org_id,"
	"  justification, state, term_from, term_to, executor_permit_ref, "
	"  executor_clearance_ref, received_on, response_due_on, requested_by, "
	"  permission_overdue, cancellation_raised, executor_city, draft_agreement_ref, "
	"  executor_address, executor_head, executor_residence, executor_id_issuer, "
	"  perm_decision, perm_reason, perm_ref, perm_answered_on, perm_by, perm_late, "
	"  agr_number, agr_signed_on, agr_subject, agr_certificate, agr_control_procedure, "
	"  agr_financing, agr_executor_permit_ref, agr_executor_clearance_ref, agr_by, "
	"  nsc_sent_on, nsc_office, nsc_ref, nsc_by, prot_arrangement, prot_provider_org_id, "
	"  prot_agreement_ref, prot_date, prot_by, canc_raised_on, canc_reason, "
	"  canc_permit_id, canc_clearance_id, canc_by, end_state, end_reason, end_date"
	")"
	" SELECT"
	"  id, seq, 1, coalesce(json_extract(doc, '$.customer_org_id'), org_id), "
	"  json_extract(doc, '$.executor_org_id'), json_extract(doc, '$.executor_person_id'), "
	"  json_extract(doc, '$.executor_person_org_id'), "
	"  json_extract(doc, '$.disposing_org_id'), json_extract(doc, '$.justification'), "
	"  state, json_extract(doc, '$.term_from'), json_extract(doc, '$.term_to'), "
	"  json_extract(doc, '$.executor_permit_ref'), "
	"  json_extract(doc, '$.executor_clearance_ref'), json_extract(doc, '$.received_on'), "
	"  json_extract(doc, '$.response_due_on'), "
	"  coalesce(json_extract(doc, '$.requested_by'), ''), "
	"  coalesce(json_extract(doc, '$.permission_overdue'), 0), "
	"  coalesce(json_extract(doc, '$.cancellation_raised'), 0), "
	"  json_extract(doc, '$.executor_city'), json_extract(doc, '$.draft_agreement_ref'), "
	"  json_extract(doc, '$.executor_address'), json_extract(doc, '$.executor_head'), "
	"  json_extract(doc, '$.executor_residence'), "
	"  json_extract(doc, '$.executor_id_issuer'), "
	"  json_extract(doc, '$.permission.decision'), "
	"  json_extract(doc, '$.permission.reason'), json_extract(doc, '$.permission.ref'), "
	"  json_extract(doc, '$.permission.answered_on'), "
	"  json_extract(doc, '$.permission.by'), "
	"  coalesce(json_extract(doc, '$.permission.late'), 0), "
	"  json_extract(doc, '$.agreement.number'), "
	"  json_extract(doc, '$.agreement.signed_on'), "
	"  json_extract(doc, '$.agreement.subject'), "
	"  json_extract(doc, '$.agreement.certificate'), "
	"  json_extract(doc, '$.agreement.control_procedure'), "
	"  json_extract(doc, '$.agreement.financing'), "
	"  json_extract(doc, '$.agreement.executor_permit_ref'), "
	"  json_extract(doc, '$.agreement.executor_clearance_ref'), "
	"  json_extract(doc, '$.agreement.by'), json_extract(doc, '$.nsc_notice.sent_on'), "
	"  json_extract(doc, '$.nsc_notice.nsc_office'), "
	"  json_extract(doc, '$.nsc_notice.ref'), json_extract(doc, '$.nsc_notice.by'), "
	"  json_extract(doc, '$.protection.arrangement'), "
	"  json_extract(doc, '$.protection.provider_org_id'), "
	"  json_extract(doc, '$.protection.agreement_ref'), "
	"  json_extract(doc, '$.protection.date'), json_extract(doc, '$.protection.by'), "
	"  json_extract(doc, '$.cancellation.raised_on'), "
	"  json_extract(doc, '$.cancellation.reason'), "
	"  json_extract(doc, '$.cancellation.permit_id'), "
	"  json_extract(doc, '$.cancellation.clearance_id'), "
	"  json_extract(doc, '$.cancellation.by'), json_extract(doc, '$.end.state'), "
	"  json_extract(doc, '$.end.reason'), json_extract(doc, '$.end.date')"
	" FROM record WHERE kind = 'joint_work' ORDER BY seq;"
	"INSERT INTO joint_work_carrier(id, seq, version, joint_work_id, ord, carrier_id, copies_given, title, label, account_number, sheets)"
	" SELECT 'jwcar_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, a.key, json_extract(a.value, '$.carrier_id'), "
	"  coalesce(json_type(a.value, '$.copy_numbers') = 'array', 0), "
	"  json_extract(a.value, '$.title'), json_extract(a.value, '$.label'), "
	"  coalesce(json_extract(a.value, '$.account_number'), ''), "
	"  CASE WHEN json_type(a.value, '$.sheets') = 'integer' THEN json_extract(a.value, '$.sheets') END"
	" FROM record AS r, json_each(r.doc, '$.carriers') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'object';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_carrier)) WHERE name = 'record';"
	"INSERT INTO joint_work_copy(id, seq, version, joint_work_id, list, item_ord, ord, number)"
	" SELECT 'jwcopy_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key, n.key), 1,"
	"  r.id, 'request', a.key, n.key, n.value"
	" FROM record AS r, json_each(r.doc, '$.carriers') AS a, json_each(a.value, '$.copy_numbers') AS n"
	" WHERE r.kind = 'joint_work' AND a.type = 'object' AND n.type = 'integer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_copy)) WHERE name = 'record';"
	"INSERT INTO joint_work_copy(id, seq, version, joint_work_id, list, item_ord, ord, number)"
	" SELECT 'jwcopy_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key, n.key), 1,"
	"  r.id, 'transferred', a.key, n.key, n.value"
	" FROM record AS r, json_each(r.doc, '$.transferred') AS a, json_each(a.value, '$.copy_numbers') AS n"
	" WHERE r.kind = 'joint_work' AND a.type = 'object' AND n.type = 'integer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_copy)) WHERE name = 'record';"
	"INSERT INTO joint_work_ref(id, seq, version, joint_work_id, list, ord, carrier_id)"
	" SELECT 'jwref_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, 'annex', a.key, a.value"
	" FROM record AS r, json_each(r.doc, '$.agreement.annex') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'text';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_ref)) WHERE name = 'record';"
	"INSERT INTO joint_work_ref(id, seq, version, joint_work_id, list, ord, carrier_id)"
	" SELECT 'jwref_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, 'held', a.key, a.value"
	" FROM record AS r, json_each(r.doc, '$.held') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'text';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_ref)) WHERE name = 'record';"
	"INSERT INTO joint_work_ref(id, seq, version, joint_work_id, list, ord, carrier_id)"
	" SELECT 'jwref_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, 'returned', a.key, a.value"
	" FROM record AS r, json_each(r.doc, '$.end.returned') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'text';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_ref)) WHERE name = 'record';"
	"INSERT INTO joint_work_transfer(id, seq, version, joint_work_id, ord, carrier_id, date, copies_listed)"
	" SELECT 'jwtr_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, a.key, json_extract(a.value, '$.carrier_id'), "
	"  json_extract(a.value, '$.date'), "
	"  coalesce(json_type(a.value, '$.copy_numbers') = 'array', 0)"
	" FROM record AS r, json_each(r.doc, '$.transferred') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'object';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_transfer)) WHERE name = 'record';"
	"INSERT INTO joint_work_violation(id, seq, version, joint_work_id, ord, description, noted_on, by_user, incident_id)"
	" SELECT 'jwviol_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, a.key, coalesce(json_extract(a.value, '$.description'), ''), "
	"  json_extract(a.value, '$.noted_on'), coalesce(json_extract(a.value, '$.by'), ''), "
	"  json_extract(a.value, '$.incident_id')"
	" FROM record AS r, json_each(r.doc, '$.violations') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'object';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_violation)) WHERE name = 'record';"
	"INSERT INTO joint_work_addendum(id, seq, version, joint_work_id, ord, number, from_org_id, assignee_org_id, signed_on, reason, nsc_notice_sent_on, disposing_notice_sent_on, by_user)"
	" SELECT 'jwadd_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, a.key, coalesce(json_extract(a.value, '$.number'), ''), "
	"  coalesce(json_extract(a.value, '$.from_org_id'), ''), "
	"  coalesce(json_extract(a.value, '$.assignee_org_id'), ''), "
	"  json_extract(a.value, '$.signed_on'), "
	"  coalesce(json_extract(a.value, '$.reason'), ''), "
	"  json_extract(a.value, '$.nsc_notice_sent_on'), "
	"  json_extract(a.value, '$.disposing_notice_sent_on'), "
	"  coalesce(json_extract(a.value, '$.by'), '')"
	" FROM record AS r, json_each(r.doc, '$.addenda') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'object';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_addendum)) WHERE name = 'record';"
	"INSERT INTO joint_work_step(id, seq, version, joint_work_id, ord, from_state, to_state, step, date, by_user)"
	" SELECT 'jwstep_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, a.key), 1,"
	"  r.id, a.key, json_extract(a.value, '$.from'), json_extract(a.value, '$.to'), "
	"  json_extract(a.value, '$.step'), json_extract(a.value, '$.date'), "
	"  coalesce(json_extract(a.value, '$.by'), '')"
	" FROM record AS r, json_each(r.doc, '$.history') AS a"
	" WHERE r.kind = 'joint_work' AND a.type = 'object';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM joint_work_step)) WHERE name = 'record';"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'joint_work');"
	"DELETE FROM record WHERE kind = 'joint_work';"},
	/* 0024c_typed_foreign (issue 11): the proposals of Art. 27 in typed
	 * tables (store/tables_transfers.c; store_table_create_sql's output,
	 * checked by test_ops_foreign), the foreign_transfer records moved
	 * there keeping id and seq; carrier_ids, agreed_with,
	 * disposing_org_ids and history become child rows with seqs drawn past
	 * the record sequence, which is then moved on. A step not taken has
	 * no date. Idempotent: IF NOT EXISTS, and the moved records are gone. */
	{"0024c_typed_foreign",
	"CREATE TABLE IF NOT EXISTS foreign_transfer(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  proposer_org_id TEXT NOT NULL,\n"
	"  recipient_org_id TEXT NOT NULL,\n"
	"  justification TEXT,\n"
	"  proposed_on TEXT NOT NULL CHECK (proposed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  proposed_by TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('proposed', 'opinion_negative', 'opined', 'decided', 'contracted', 'transferred')),\n"
	"  opinion_positive INTEGER NOT NULL CHECK (opinion_positive IN (0, 1)),\n"
	"  opinion_ref TEXT,\n"
	"  opinion_date TEXT CHECK (opinion_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  opinion_by TEXT,\n"
	"  decision_ref TEXT,\n"
	"  decision_treaty_ref TEXT,\n"
	"  decision_date TEXT CHECK (decision_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  decision_by TEXT,\n"
	"  contract_ref TEXT,\n"
	"  contract_date TEXT CHECK (contract_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  contract_by TEXT,\n"
	"  transferred_on TEXT CHECK (transferred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS foreign_transfer_proposer_org_id ON foreign_transfer(proposer_org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS foreign_transfer_recipient_org_id ON foreign_transfer(recipient_org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS foreign_transfer_carrier(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  foreign_transfer_id TEXT NOT NULL REFERENCES foreign_transfer(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  carrier_id TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS foreign_transfer_carrier_foreign_transfer_id ON foreign_transfer_carrier(foreign_transfer_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS foreign_transfer_carrier_carrier_id ON foreign_transfer_carrier(carrier_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_carrier_ord ON foreign_transfer_carrier(foreign_transfer_id, ord);\n"
	"CREATE TABLE IF NOT EXISTS foreign_transfer_org(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  foreign_transfer_id TEXT NOT NULL REFERENCES foreign_transfer(id),\n"
	"  role TEXT NOT NULL CHECK (role IN ('agreed_with', 'disposing')),\n"
	"  ord INTEGER NOT NULL,\n"
	"  org_id TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS foreign_transfer_org_foreign_transfer_id ON foreign_transfer_org(foreign_transfer_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_org_ord ON foreign_transfer_org(foreign_transfer_id, role, ord);\n"
	"CREATE TABLE IF NOT EXISTS foreign_transfer_step(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  foreign_transfer_id TEXT NOT NULL REFERENCES foreign_transfer(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  from_state TEXT NOT NULL,\n"
	"  to_state TEXT NOT NULL,\n"
	"  step TEXT NOT NULL,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS foreign_transfer_step_foreign_transfer_id ON foreign_transfer_step(foreign_transfer_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_step_ord ON foreign_transfer_step(foreign_transfer_id, ord);\n"
	"INSERT INTO foreign_transfer(id, seq, version, proposer_org_id, recipient_org_id, justification, proposed_on, proposed_by, state, opinion_positive, opinion_ref, opinion_date, opinion_by, decision_ref, decision_treaty_ref, decision_date, decision_by, contract_ref, contract_date, contract_by, transferred_on)"
	" SELECT id, seq, 1, coalesce(json_extract(doc, '$.proposer_org_id'), org_id),"
	"  coalesce(json_extract(doc, '$.recipient_org_id'), parent_id),"
	"  json_extract(doc, '$.justification'), json_extract(doc, '$.proposed_on'),"
	"  coalesce(json_extract(doc, '$.proposed_by'), ''), state,"
	"  coalesce(json_extract(doc, '$.expert_opinion.positive'), 0),"
	"  json_extract(doc, '$.expert_opinion.ref'), json_extract(doc, '$.expert_opinion.date'),"
	"  json_extract(doc, '$.expert_opinion.by'), json_extract(doc, '$.government_decision.ref'),"
	"  json_extract(doc, '$.government_decision.treaty_ref'),"
	"  json_extract(doc, '$.government_decision.date'), json_extract(doc, '$.government_decision.by'),"
	"  json_extract(doc, '$.contract.ref'), json_extract(doc, '$.contract.date'),"
	"  json_extract(doc, '$.contract.by'), json_extract(doc, '$.transferred_on')"
	" FROM record WHERE kind = 'foreign_transfer' ORDER BY seq;"
	"INSERT INTO foreign_transfer_carrier(id, seq, version, foreign_transfer_id, ord, carrier_id)"
	" SELECT 'ftcar_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, c.key), 1, r.id, c.key, c.value"
	" FROM record AS r, json_each(r.doc, '$.carrier_ids') AS c WHERE r.kind = 'foreign_transfer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM foreign_transfer_carrier)) WHERE name = 'record';"
	"INSERT INTO foreign_transfer_org(id, seq, version, foreign_transfer_id, role, ord, org_id)"
	" SELECT 'ftorg_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, o.key), 1, r.id, 'agreed_with', o.key, o.value"
	" FROM record AS r, json_each(r.doc, '$.agreed_with') AS o WHERE r.kind = 'foreign_transfer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM foreign_transfer_org)) WHERE name = 'record';"
	"INSERT INTO foreign_transfer_org(id, seq, version, foreign_transfer_id, role, ord, org_id)"
	" SELECT 'ftorg_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, o.key), 1, r.id, 'disposing', o.key, o.value"
	" FROM record AS r, json_each(r.doc, '$.disposing_org_ids') AS o WHERE r.kind = 'foreign_transfer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM foreign_transfer_org)) WHERE name = 'record';"
	"INSERT INTO foreign_transfer_step(id, seq, version, foreign_transfer_id, ord, from_state,"
	"  to_state, step, date, by_user)"
	" SELECT 'ftstep_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, h.key), 1, r.id, h.key,"
	"  json_extract(h.value, '$.from'), json_extract(h.value, '$.to'),"
	"  json_extract(h.value, '$.step'), json_extract(h.value, '$.date'),"
	"  coalesce(json_extract(h.value, '$.by'), '')"
	" FROM record AS r, json_each(r.doc, '$.history') AS h WHERE r.kind = 'foreign_transfer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM foreign_transfer_step)) WHERE name = 'record';"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'foreign_transfer');"
	"DELETE FROM record WHERE kind = 'foreign_transfer';"},
	/* 0024_typed_transfers (issue 11): the acts of Art. 25 in typed
	 * tables (store/tables_transfers.c; the CREATE statements are
	 * store_table_create_sql's output, checked by test_ops_transfers),
	 * the transfer records moved there, each keeping its id and seq; their
	 * carrier_ids and the copy numbers of carriers[] become child rows
	 * with seqs drawn past the record sequence, which is then moved on.
	 * An act of 0.1.0 listed no copies (carriers_listed 0). Idempotent:
	 * IF NOT EXISTS, and the moved records are gone. */
	{"0024_typed_transfers",
	"CREATE TABLE IF NOT EXISTS transfer(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  from_org_id TEXT NOT NULL,\n"
	"  to_org_id TEXT NOT NULL,\n"
	"  basis TEXT NOT NULL CHECK (basis IN ('sanction', 'joint_work', 'subordination', 'disposing_body', 'successor', 'authorized_body_decision')),\n"
	"  sanction_ref TEXT,\n"
	"  successor_ref TEXT,\n"
	"  authorized_body_ref TEXT,\n"
	"  act_number TEXT,\n"
	"  joint_work_id TEXT,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('done')),\n"
	"  carriers_listed INTEGER NOT NULL CHECK (carriers_listed IN (0, 1))\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS transfer_from_org_id ON transfer(from_org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS transfer_to_org_id ON transfer(to_org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS transfer_carrier(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  transfer_id TEXT NOT NULL REFERENCES transfer(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  carrier_id TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS transfer_carrier_transfer_id ON transfer_carrier(transfer_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS transfer_carrier_carrier_id ON transfer_carrier(carrier_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS transfer_carrier_ord ON transfer_carrier(transfer_id, ord);\n"
	"CREATE TABLE IF NOT EXISTS transfer_copy(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  transfer_id TEXT NOT NULL REFERENCES transfer(id),\n"
	"  carrier_ord INTEGER NOT NULL,\n"
	"  ord INTEGER NOT NULL,\n"
	"  number INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS transfer_copy_transfer_id ON transfer_copy(transfer_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS transfer_copy_ord ON transfer_copy(transfer_id, carrier_ord, ord);\n"
	"INSERT INTO transfer(id, seq, version, from_org_id, to_org_id, basis, sanction_ref,"
	"  successor_ref, authorized_body_ref, act_number, joint_work_id, date, by_user, state,"
	"  carriers_listed)"
	" SELECT id, seq, 1, coalesce(json_extract(doc, '$.from_org_id'), org_id),"
	"  coalesce(json_extract(doc, '$.to_org_id'), parent_id),"
	"  coalesce(json_extract(doc, '$.basis'), 'sanction'), json_extract(doc, '$.sanction_ref'),"
	"  json_extract(doc, '$.successor_ref'), json_extract(doc, '$.authorized_body_ref'),"
	"  json_extract(doc, '$.act_number'), NULLIF(json_extract(doc, '$.joint_work_id'), ''),"
	"  json_extract(doc, '$.date'), coalesce(json_extract(doc, '$.by'), ''), state,"
	"  coalesce(json_type(doc, '$.carriers') = 'array', 0)"
	" FROM record WHERE kind = 'transfer' ORDER BY seq;"
	"INSERT INTO transfer_carrier(id, seq, version, transfer_id, ord, carrier_id)"
	" SELECT 'tcar_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, c.key), 1, r.id, c.key, c.value"
	" FROM record AS r, json_each(r.doc, '$.carrier_ids') AS c WHERE r.kind = 'transfer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM transfer_carrier)) WHERE name = 'record';"
	"INSERT INTO transfer_copy(id, seq, version, transfer_id, carrier_ord, ord, number)"
	" SELECT 'tcopy_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record')"
	"   + row_number() OVER (ORDER BY r.seq, c.key, n.key), 1, r.id, c.key, n.key, n.value"
	" FROM record AS r, json_each(r.doc, '$.carriers') AS c,"
	"  json_each(c.value, '$.copy_numbers') AS n WHERE r.kind = 'transfer';"
	"UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(seq), 0)"
	" FROM transfer_copy)) WHERE name = 'record';"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'transfer');"
	"DELETE FROM record WHERE kind = 'transfer';"},
	/* 0023_typed_orgs (issue 11): organizations in a typed table
	 * (store/tables_org.c; store_table_create_sql's output, checked by
	 * test_ops_orgs), the organization records moved there, each keeping
	 * its seq. A record without a field the table requires gets the
	 * neutral value (name '', kind 'organization', registered_on
	 * 1970-01-01) rather than stopping the upgrade; every record the API
	 * made has them all. Idempotent: IF NOT EXISTS, and the moved records
	 * are gone. */
	{"0023_typed_orgs",
	"CREATE TABLE IF NOT EXISTS organization(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  name TEXT NOT NULL,\n"
	"  bin TEXT,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('state_body', 'organization', 'foreign_state', 'international_org')),\n"
	"  parent_id TEXT REFERENCES organization(id),\n"
	"  city TEXT,\n"
	"  foreign_participation INTEGER NOT NULL CHECK (foreign_participation IN (0, 1)),\n"
	"  state_share REAL,\n"
	"  regime_category TEXT CHECK (regime_category IN ('special_regime', 'regime', 'protected')),\n"
	"  state TEXT NOT NULL CHECK (state IN ('active', 'reorganizing', 'liquidated')),\n"
	"  registered_on TEXT NOT NULL CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  liquidated_on TEXT CHECK (liquidated_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  successor_org_id TEXT REFERENCES organization(id)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS organization_parent_id ON organization(parent_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS organization_state ON organization(state, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS organization_bin ON organization(bin);\n"
	"INSERT INTO organization(id, seq, version, name, bin, kind, parent_id, city,"
	"  foreign_participation, state_share, regime_category, state, registered_on,"
	"  liquidated_on, successor_org_id)"
	" SELECT id, seq, 1, coalesce(json_extract(doc, '$.name'), ''),"
	"  nullif(coalesce(json_extract(doc, '$.bin'), ref), ''),"
	"  coalesce(json_extract(doc, '$.kind'), 'organization'),"
	"  nullif(coalesce(json_extract(doc, '$.parent_id'), parent_id), ''),"
	"  json_extract(doc, '$.city'), coalesce(json_extract(doc, '$.foreign_participation'), 0),"
	"  json_extract(doc, '$.state_share'), nullif(json_extract(doc, '$.regime_category'), ''),"
	"  coalesce(nullif(state, ''), json_extract(doc, '$.state'), 'active'),"
	"  coalesce(json_extract(doc, '$.registered_on'), '1970-01-01'),"
	"  json_extract(doc, '$.liquidated_on'), nullif(json_extract(doc, '$.successor_org_id'), '')"
	" FROM record WHERE kind = 'org' ORDER BY seq;"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'org');"
	"DELETE FROM record WHERE kind = 'org';"},
	/* 0023b_typed_inventories (issue 11): inventories in typed tables
	 * (store/tables_inventory.c; store_table_create_sql's output, checked
	 * by test_ops_inventories): the inventory records moved with their
	 * seq, their marks (records "movement" with doc.kind "inventory_mark")
	 * with theirs, their discrepancies and incident ids as child rows with
	 * seqs drawn past the record sequence in document order. Idempotent:
	 * IF NOT EXISTS, and the moved records are gone. */
	{"0023b_typed_inventories",
	"CREATE TABLE IF NOT EXISTS inventory(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL REFERENCES organization(id),\n"
	"  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),\n"
	"  opened_on TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  opened_by TEXT NOT NULL,\n"
	"  closed_on TEXT CHECK (closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  marks INTEGER NOT NULL,\n"
	"  checked INTEGER,\n"
	"  found INTEGER\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_org_id ON inventory(org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS inventory_mark(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  inventory_id TEXT NOT NULL REFERENCES inventory(id),\n"
	"  carrier_id TEXT NOT NULL,\n"
	"  copy_number INTEGER NOT NULL,\n"
	"  found INTEGER NOT NULL CHECK (found IN (0, 1)),\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_mark_inventory_id ON inventory_mark(inventory_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS inventory_mark_copy ON inventory_mark(inventory_id, carrier_id, copy_number);\n"
	"CREATE TABLE IF NOT EXISTS inventory_discrepancy(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  inventory_id TEXT NOT NULL REFERENCES inventory(id),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('missing', 'unexpected')),\n"
	"  carrier_id TEXT NOT NULL,\n"
	"  account_number TEXT,\n"
	"  copy_number INTEGER NOT NULL,\n"
	"  holder TEXT,\n"
	"  label TEXT,\n"
	"  state TEXT,\n"
	"  org_id TEXT REFERENCES organization(id)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_discrepancy_inventory_id ON inventory_discrepancy(inventory_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS inventory_incident(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  inventory_id TEXT NOT NULL REFERENCES inventory(id),\n"
	"  incident_id TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_incident_inventory_id ON inventory_incident(inventory_id, seq);\n"
"INSERT INTO inventory(id, seq, version, org_id, state, opened_on, opened_by, closed_on,"
	"  marks, checked, found)"
	" SELECT id, seq, 1, org_id, state, json_extract(doc, '$.opened_on'),"
	"  coalesce(json_extract(doc, '$.opened_by'), ''), json_extract(doc, '$.closed_on'),"
	"  coalesce(json_extract(doc, '$.marks'), 0), json_extract(doc, '$.checked'),"
	"  json_extract(doc, '$.found')"
	" FROM record WHERE kind = 'inventory' ORDER BY seq;"
	"INSERT INTO inventory_mark(id, seq, version, inventory_id, carrier_id, copy_number, found,"
	"  date, by_user)"
	" SELECT id, seq, 1, coalesce(json_extract(doc, '$.inventory_id'), parent_id),"
	"  coalesce(json_extract(doc, '$.carrier_id'), ''), coalesce(json_extract(doc, '$.copy_number'), 0),"
	"  coalesce(json_extract(doc, '$.found'), 0), json_extract(doc, '$.date'),"
	"  coalesce(json_extract(doc, '$.by'), '')"
	" FROM record WHERE kind = 'movement' AND json_extract(doc, '$.kind') = 'inventory_mark'"
	" ORDER BY seq;"
	"INSERT INTO inventory_discrepancy(id, seq, version, inventory_id, kind, carrier_id,"
	"  account_number, copy_number, holder, label, state, org_id)"
	" SELECT 'idisc_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY r.seq, d.key), 1,"
	"  r.id, json_extract(d.value, '$.kind'), coalesce(json_extract(d.value, '$.carrier_id'), ''),"
	"  json_extract(d.value, '$.account_number'), coalesce(json_extract(d.value, '$.copy_number'), 0),"
	"  json_extract(d.value, '$.holder'), json_extract(d.value, '$.label'),"
	"  json_extract(d.value, '$.state'), json_extract(d.value, '$.org_id')"
	" FROM record AS r, json_each(r.doc, '$.discrepancies') AS d WHERE r.kind = 'inventory';"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM inventory_discrepancy)"
	" WHERE name = 'record';"
	"INSERT INTO inventory_incident(id, seq, version, inventory_id, incident_id)"
	" SELECT 'iinc_' || lower(hex(randomblob(8))),"
	"  (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'record') + row_number() OVER (ORDER BY r.seq, i.key), 1,"
	"  r.id, i.value"
	" FROM record AS r, json_each(r.doc, '$.incident_ids') AS i WHERE r.kind = 'inventory';"
	"UPDATE sqlite_sequence SET seq = seq + (SELECT count(*) FROM inventory_incident)"
	" WHERE name = 'record';"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'inventory'"
	"  OR (kind = 'movement' AND json_extract(doc, '$.kind') = 'inventory_mark'));"
	"DELETE FROM record WHERE kind = 'inventory'"
	"  OR (kind = 'movement' AND json_extract(doc, '$.kind') = 'inventory_mark');"},
	/* 0023c_typed_requests (issue 11): declassification requests in a
	 * typed table (store/tables_requests.c; store_table_create_sql's
	 * output, checked by test_ops_requests), the request records moved
	 * there with their answer and forwarding as columns, each keeping its
	 * seq. Idempotent: IF NOT EXISTS, and the moved records are gone. */
	{"0023c_typed_requests",
	"CREATE TABLE IF NOT EXISTS declassification_request(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL REFERENCES organization(id),\n"
	"  requester TEXT NOT NULL,\n"
	"  subject TEXT NOT NULL,\n"
	"  received_on TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  due_on TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'forwarded')),\n"
	"  registered_on TEXT NOT NULL CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  registered_by TEXT NOT NULL,\n"
	"  late INTEGER NOT NULL CHECK (late IN (0, 1)),\n"
	"  decision TEXT CHECK (decision IN ('declassified', 'refused')),\n"
	"  reasons TEXT,\n"
	"  answered_on TEXT CHECK (answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  answered_by TEXT,\n"
	"  answer_late INTEGER NOT NULL CHECK (answer_late IN (0, 1)),\n"
	"  forward_to_org_id TEXT REFERENCES organization(id),\n"
	"  notice_sent_on TEXT CHECK (notice_sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  forwarded_on TEXT CHECK (forwarded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  forwarded_by TEXT,\n"
	"  forward_late INTEGER NOT NULL CHECK (forward_late IN (0, 1)),\n"
	"  forward_request_id TEXT REFERENCES declassification_request(id),\n"
	"  forwarded_from TEXT REFERENCES declassification_request(id),\n"
	"  forwarded_by_org_id TEXT REFERENCES organization(id)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS declassification_request_org_id ON declassification_request(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS declassification_request_state ON declassification_request(state, seq);\n"
	"INSERT INTO declassification_request(id, seq, version, org_id, requester, subject,"
	"  received_on, due_on, state, registered_on, registered_by, late, decision, reasons,"
	"  answered_on, answered_by, answer_late, forward_to_org_id, notice_sent_on, forwarded_on,"
	"  forwarded_by, forward_late, forward_request_id, forwarded_from, forwarded_by_org_id)"
	" SELECT id, seq, 1, org_id, coalesce(json_extract(doc, '$.requester'), ''),"
	"  coalesce(json_extract(doc, '$.subject'), ''), json_extract(doc, '$.received_on'),"
	"  json_extract(doc, '$.due_on'), state, json_extract(doc, '$.registered_on'),"
	"  coalesce(json_extract(doc, '$.registered_by'), ''),"
	"  coalesce(json_extract(doc, '$.late'), 0), json_extract(doc, '$.answer.decision'),"
	"  json_extract(doc, '$.answer.reasons'), json_extract(doc, '$.answer.answered_on'),"
	"  json_extract(doc, '$.answer.by'), coalesce(json_extract(doc, '$.answer.late'), 0),"
	"  json_extract(doc, '$.forward.to_org_id'), json_extract(doc, '$.forward.notice_sent_on'),"
	"  json_extract(doc, '$.forward.forwarded_on'), json_extract(doc, '$.forward.by'),"
	"  coalesce(json_extract(doc, '$.forward.late'), 0),"
	"  json_extract(doc, '$.forward.request_id'), json_extract(doc, '$.forwarded_from'),"
	"  json_extract(doc, '$.forwarded_by_org_id')"
	" FROM record WHERE kind = 'request' ORDER BY seq;"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'request');"
	"DELETE FROM record WHERE kind = 'request';"},

	/* 0022_typed_carriers (issue 11; store/tables_carriers.h,
	 * core/carrier_rec.h): carriers move from the record table to the
	 * typed table carrier, each keeping its id and seq (every cursor stays
	 * valid), their copies to carrier_copies (one row per copy with its
	 * holder), information_ids, source_carrier_ids and disposing_org_ids
	 * to ordered link tables, departed to carrier_departed; carrier_party
	 * (the registries that list a carrier) replaces the carriers'
	 * record_tag rows, carrier_info the unordered carrier_information, and
	 * content refers to the typed carrier. A typed field is taken when it
	 * has its type (the same test as carrier_rec_from() in
	 * sqlite_carrier_rec.c); fields says which were there, so absent and
	 * null read back as written; every other field stays whole in extra.
	 * Generated for both dialects from one description. Idempotent: IF
	 * NOT EXISTS, and the moved records are gone. */
	{"0022_typed_carriers",
	"CREATE TABLE IF NOT EXISTS carrier(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL,\n"
	"  parent_id TEXT NOT NULL DEFAULT '',\n"
	"  account_number TEXT NOT NULL,\n"
	"  state TEXT NOT NULL CHECK (state IN ('registered', 'issued', 'transferred', 'archived', 'destroyed', 'lost', 'declassified')),\n"
	"  fields INTEGER NOT NULL CHECK (fields BETWEEN 0 AND 131071),\n"
	"  kind TEXT CHECK (kind IN ('paper', 'electronic', 'media', 'product', 'other')),\n"
	"  title TEXT,\n"
	"  label TEXT CHECK (label IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  sheets INTEGER,\n"
	"  declassify_on TEXT CHECK (declassify_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  registered_on TEXT CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  registered_by TEXT,\n"
	"  disposing_org_id TEXT,\n"
	"  extra TEXT\n"
	");\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS carrier_org_account ON carrier(org_id, account_number) WHERE account_number <> '';\n"
	"CREATE INDEX IF NOT EXISTS carrier_org ON carrier(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS carrier_state ON carrier(state, seq);\n"
	"CREATE INDEX IF NOT EXISTS carrier_label ON carrier(label, seq);\n"
	"CREATE TABLE IF NOT EXISTS carrier_copies(\n"
	"  carrier_id TEXT NOT NULL REFERENCES carrier(id),\n"
	"  number INTEGER NOT NULL CHECK (number >= 1),\n"
	"  ord INTEGER NOT NULL,\n"
	"  fields INTEGER NOT NULL CHECK (fields BETWEEN 0 AND 63),\n"
	"  holder_org_id TEXT,\n"
	"  holder_person_id TEXT,\n"
	"  joint_work_id TEXT,\n"
	"  holder TEXT,\n"
	"  state TEXT,\n"
	"  issued_on TEXT CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  carrier_seq INTEGER NOT NULL,\n"
	"  extra TEXT,\n"
	"  PRIMARY KEY(carrier_id, number),\n"
	"  CHECK (holder_org_id IS NULL OR holder_person_id IS NULL)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_holder_org ON carrier_copies(holder_org_id, carrier_seq) WHERE holder_org_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_holder_person ON carrier_copies(holder_person_id, carrier_seq) WHERE holder_person_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_holder ON carrier_copies(holder, carrier_seq) WHERE holder IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_joint_work ON carrier_copies(joint_work_id) WHERE joint_work_id IS NOT NULL;\n"
	"CREATE TABLE IF NOT EXISTS carrier_info(\n"
	"  carrier_id TEXT NOT NULL REFERENCES carrier(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  information_id TEXT NOT NULL,\n"
	"  carrier_seq INTEGER NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, ord)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS carrier_info_information ON carrier_info(information_id, carrier_seq);\n"
	"CREATE TABLE IF NOT EXISTS carrier_source(\n"
	"  carrier_id TEXT NOT NULL REFERENCES carrier(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  source_id TEXT NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, ord)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS carrier_source_source ON carrier_source(source_id);\n"
	"CREATE TABLE IF NOT EXISTS carrier_disposer(\n"
	"  carrier_id TEXT NOT NULL REFERENCES carrier(id),\n"
	"  ord INTEGER NOT NULL,\n"
	"  org_id TEXT NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, ord)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS carrier_disposer_org ON carrier_disposer(org_id);\n"
	"CREATE TABLE IF NOT EXISTS carrier_departed(\n"
	"  carrier_id TEXT NOT NULL REFERENCES carrier(id),\n"
	"  org_id TEXT NOT NULL,\n"
	"  left_on TEXT NOT NULL CHECK (left_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  carrier_seq INTEGER NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, org_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS carrier_party(\n"
	"  org_id TEXT NOT NULL,\n"
	"  carrier_seq INTEGER NOT NULL,\n"
	"  carrier_id TEXT NOT NULL REFERENCES carrier(id),\n"
	"  PRIMARY KEY(org_id, carrier_seq)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS carrier_party_carrier ON carrier_party(carrier_id);\n"
	"INSERT INTO carrier(id, seq, version, org_id, parent_id, account_number, state, fields, kind, title, label, sheets, declassify_on, registered_on, registered_by, disposing_org_id, extra)\n"
	" SELECT m.id, m.seq, 1, m.org_id, m.parent_id, m.ref, m.state, m.ok_id * 1 + m.ok_org_id * 2 + m.ok_account_number * 4 + m.ok_state * 8 + m.ok_kind * 16 + m.ok_title * 32 + m.ok_label * 64 + m.ok_sheets * 128 + m.ok_declassify_on * 256 + m.ok_registered_on * 512 + m.ok_registered_by * 1024 + m.ok_disposing_org_id * 2048 + m.ok_information_ids * 4096 + m.ok_source_carrier_ids * 8192 + m.ok_disposing_org_ids * 16384 + m.ok_copies * 32768 + m.ok_departed * 65536,\n"
	"  CASE WHEN m.ok_kind = 1 THEN CASE WHEN json_type(m.doc, '$.kind') = 'text' AND json_extract(m.doc, '$.kind') IN ('paper', 'electronic', 'media', 'product', 'other') THEN json_extract(m.doc, '$.kind') END END, CASE WHEN m.ok_title = 1 THEN CASE WHEN json_type(m.doc, '$.title') = 'text' AND json_extract(m.doc, '$.title') <> '' THEN json_extract(m.doc, '$.title') END END, CASE WHEN m.ok_label = 1 THEN CASE WHEN json_type(m.doc, '$.label') = 'text' AND json_extract(m.doc, '$.label') IN ('confidential', 'top_secret', 'special_importance') THEN json_extract(m.doc, '$.label') END END, CASE WHEN m.ok_sheets = 1 THEN CASE WHEN json_type(m.doc, '$.sheets') = 'integer' THEN json_extract(m.doc, '$.sheets') END END, CASE WHEN m.ok_declassify_on = 1 THEN CASE WHEN json_type(m.doc, '$.declassify_on') = 'text' AND json_extract(m.doc, '$.declassify_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN json_extract(m.doc, '$.declassify_on') END END, CASE WHEN m.ok_registered_on = 1 THEN CASE WHEN json_type(m.doc, '$.registered_on') = 'text' AND json_extract(m.doc, '$.registered_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN json_extract(m.doc, '$.registered_on') END END, CASE WHEN m.ok_registered_by = 1 THEN CASE WHEN json_type(m.doc, '$.registered_by') = 'text' AND length(CAST(json_extract(m.doc, '$.registered_by') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(m.doc, '$.registered_by') END END, CASE WHEN m.ok_disposing_org_id = 1 THEN CASE WHEN json_type(m.doc, '$.disposing_org_id') = 'text' AND length(CAST(json_extract(m.doc, '$.disposing_org_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(m.doc, '$.disposing_org_id') END END,\n"
	"  NULLIF(json_remove(m.doc, CASE WHEN m.ok_id = 1 THEN '$.id' ELSE '$.~' END, CASE WHEN m.ok_org_id = 1 THEN '$.org_id' ELSE '$.~' END, CASE WHEN m.ok_account_number = 1 THEN '$.account_number' ELSE '$.~' END, CASE WHEN m.ok_state = 1 THEN '$.state' ELSE '$.~' END, CASE WHEN m.ok_kind = 1 THEN '$.kind' ELSE '$.~' END, CASE WHEN m.ok_title = 1 THEN '$.title' ELSE '$.~' END, CASE WHEN m.ok_label = 1 THEN '$.label' ELSE '$.~' END, CASE WHEN m.ok_sheets = 1 THEN '$.sheets' ELSE '$.~' END, CASE WHEN m.ok_declassify_on = 1 THEN '$.declassify_on' ELSE '$.~' END, CASE WHEN m.ok_registered_on = 1 THEN '$.registered_on' ELSE '$.~' END, CASE WHEN m.ok_registered_by = 1 THEN '$.registered_by' ELSE '$.~' END, CASE WHEN m.ok_disposing_org_id = 1 THEN '$.disposing_org_id' ELSE '$.~' END, CASE WHEN m.ok_information_ids = 1 THEN '$.information_ids' ELSE '$.~' END, CASE WHEN m.ok_source_carrier_ids = 1 THEN '$.source_carrier_ids' ELSE '$.~' END, CASE WHEN m.ok_disposing_org_ids = 1 THEN '$.disposing_org_ids' ELSE '$.~' END, CASE WHEN m.ok_copies = 1 THEN '$.copies' ELSE '$.~' END, CASE WHEN m.ok_departed = 1 THEN '$.departed' ELSE '$.~' END), '{}')\n"
	" FROM (SELECT r.*,\n"
	"  (CASE WHEN json_type(r.doc, '$.id') = 'text' AND json_extract(r.doc, '$.id') <> '' AND json_extract(r.doc, '$.id') = r.id THEN 1 ELSE 0 END) AS ok_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.org_id') = 'text' AND json_extract(r.doc, '$.org_id') <> '' AND json_extract(r.doc, '$.org_id') = r.org_id THEN 1 ELSE 0 END) AS ok_org_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.account_number') = 'text' AND json_extract(r.doc, '$.account_number') <> '' AND json_extract(r.doc, '$.account_number') = r.ref THEN 1 ELSE 0 END) AS ok_account_number,\n"
	"  (CASE WHEN json_type(r.doc, '$.state') = 'text' AND json_extract(r.doc, '$.state') <> '' AND json_extract(r.doc, '$.state') = r.state THEN 1 ELSE 0 END) AS ok_state,\n"
	"  (CASE WHEN json_type(r.doc, '$.kind') = 'null' OR (json_type(r.doc, '$.kind') = 'text' AND json_extract(r.doc, '$.kind') IN ('paper', 'electronic', 'media', 'product', 'other')) THEN 1 ELSE 0 END) AS ok_kind,\n"
	"  (CASE WHEN json_type(r.doc, '$.title') = 'null' OR (json_type(r.doc, '$.title') = 'text' AND json_extract(r.doc, '$.title') <> '') THEN 1 ELSE 0 END) AS ok_title,\n"
	"  (CASE WHEN json_type(r.doc, '$.label') = 'null' OR (json_type(r.doc, '$.label') = 'text' AND json_extract(r.doc, '$.label') IN ('confidential', 'top_secret', 'special_importance')) THEN 1 ELSE 0 END) AS ok_label,\n"
	"  (CASE WHEN json_type(r.doc, '$.sheets') = 'null' OR json_type(r.doc, '$.sheets') = 'integer' THEN 1 ELSE 0 END) AS ok_sheets,\n"
	"  (CASE WHEN json_type(r.doc, '$.declassify_on') = 'null' OR (json_type(r.doc, '$.declassify_on') = 'text' AND json_extract(r.doc, '$.declassify_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') THEN 1 ELSE 0 END) AS ok_declassify_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.registered_on') = 'null' OR (json_type(r.doc, '$.registered_on') = 'text' AND json_extract(r.doc, '$.registered_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') THEN 1 ELSE 0 END) AS ok_registered_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.registered_by') = 'null' OR (json_type(r.doc, '$.registered_by') = 'text' AND length(CAST(json_extract(r.doc, '$.registered_by') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_registered_by,\n"
	"  (CASE WHEN json_type(r.doc, '$.disposing_org_id') = 'null' OR (json_type(r.doc, '$.disposing_org_id') = 'text' AND length(CAST(json_extract(r.doc, '$.disposing_org_id') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_disposing_org_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.information_ids') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.information_ids') AS e WHERE e.type <> 'text' OR length(CAST(e.value AS BLOB)) NOT BETWEEN 1 AND 39) AND (SELECT count(*) = count(DISTINCT e.value) FROM json_each(r.doc, '$.information_ids') AS e) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_information_ids,\n"
	"  (CASE WHEN json_type(r.doc, '$.source_carrier_ids') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.source_carrier_ids') AS e WHERE e.type <> 'text' OR length(CAST(e.value AS BLOB)) NOT BETWEEN 1 AND 39) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_source_carrier_ids,\n"
	"  (CASE WHEN json_type(r.doc, '$.disposing_org_ids') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.disposing_org_ids') AS e WHERE e.type <> 'text' OR length(CAST(e.value AS BLOB)) NOT BETWEEN 1 AND 39) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_disposing_org_ids,\n"
	"  (CASE WHEN json_type(r.doc, '$.copies') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.copies') AS e WHERE e.type <> 'object' OR coalesce(json_type(e.value, '$.number'), '') <> 'integer' OR json_extract(e.value, '$.number') < 1) AND (SELECT count(*) = count(DISTINCT json_extract(e.value, '$.number')) FROM json_each(r.doc, '$.copies') AS e) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_copies,\n"
	"  (CASE WHEN json_type(r.doc, '$.departed') = 'object' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.departed') AS e WHERE e.type <> 'text' OR NOT (e.value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') OR length(CAST(e.key AS BLOB)) NOT BETWEEN 1 AND 39) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_departed\n"
	"  FROM record AS r WHERE r.kind = 'carrier' AND json_type(r.doc) = 'object' AND r.id NOT IN (SELECT id FROM carrier)) AS m ORDER BY m.seq;\n"
	"INSERT INTO carrier_info(carrier_id, ord, information_id, carrier_seq)\n"
	" SELECT cid, row_number() OVER (PARTITION BY cid ORDER BY o) - 1, val, cseq FROM (SELECT c.id AS cid, c.seq AS cseq, e.value AS val, min(e.key) AS o FROM carrier AS c JOIN record AS r ON r.id = c.id AND r.kind = 'carrier', json_each(r.doc, '$.information_ids') AS e WHERE e.type = 'text' AND length(CAST(e.value AS BLOB)) BETWEEN 1 AND 39 AND json_type(r.doc, '$.information_ids') = 'array' GROUP BY c.id, c.seq, e.value) AS y;\n"
	"INSERT INTO carrier_source(carrier_id, ord, source_id)\n"
	" SELECT c.id, e.key, e.value FROM carrier AS c JOIN record AS r ON r.id = c.id AND r.kind = 'carrier', json_each(r.doc, '$.source_carrier_ids') AS e WHERE (c.fields & 8192) <> 0;\n"
	"INSERT INTO carrier_disposer(carrier_id, ord, org_id)\n"
	" SELECT c.id, e.key, e.value FROM carrier AS c JOIN record AS r ON r.id = c.id AND r.kind = 'carrier', json_each(r.doc, '$.disposing_org_ids') AS e WHERE (c.fields & 16384) <> 0;\n"
	"INSERT INTO carrier_departed(carrier_id, org_id, left_on, carrier_seq)\n"
	" SELECT c.id, e.key, e.value, c.seq FROM carrier AS c JOIN record AS r ON r.id = c.id AND r.kind = 'carrier', json_each(r.doc, '$.departed') AS e WHERE (c.fields & 65536) <> 0;\n"
	"INSERT INTO carrier_copies(carrier_id, number, ord, fields, holder_org_id, holder_person_id, joint_work_id, holder, state, issued_on, carrier_seq, extra)\n"
	" SELECT x.cid, json_extract(x.v, '$.number'), x.ord, x.ok_holder_org_id * 1 + (CASE WHEN x.ok_holder_person_id = 1 AND NOT (x.hov IS NOT NULL AND x.hpv IS NOT NULL) THEN 1 ELSE 0 END) * 2 + x.ok_joint_work_id * 4 + x.ok_holder * 8 + x.ok_state * 16 + x.ok_issued_on * 32,\n"
	"  CASE WHEN x.ok_holder_org_id = 1 THEN CASE WHEN json_type(x.v, '$.holder_org_id') = 'text' AND length(CAST(json_extract(x.v, '$.holder_org_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(x.v, '$.holder_org_id') END END, CASE WHEN (CASE WHEN x.ok_holder_person_id = 1 AND NOT (x.hov IS NOT NULL AND x.hpv IS NOT NULL) THEN 1 ELSE 0 END) = 1 THEN CASE WHEN json_type(x.v, '$.holder_person_id') = 'text' AND length(CAST(json_extract(x.v, '$.holder_person_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(x.v, '$.holder_person_id') END END, CASE WHEN x.ok_joint_work_id = 1 THEN CASE WHEN json_type(x.v, '$.joint_work_id') = 'text' AND length(CAST(json_extract(x.v, '$.joint_work_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(x.v, '$.joint_work_id') END END, CASE WHEN x.ok_holder = 1 THEN CASE WHEN json_type(x.v, '$.holder') = 'text' AND length(CAST(json_extract(x.v, '$.holder') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(x.v, '$.holder') END END, CASE WHEN x.ok_state = 1 THEN CASE WHEN json_type(x.v, '$.state') = 'text' AND length(CAST(json_extract(x.v, '$.state') AS BLOB)) BETWEEN 1 AND 23 THEN json_extract(x.v, '$.state') END END, CASE WHEN x.ok_issued_on = 1 THEN CASE WHEN json_type(x.v, '$.issued_on') = 'text' AND json_extract(x.v, '$.issued_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN json_extract(x.v, '$.issued_on') END END, x.cseq,\n"
	"  NULLIF(json_remove(x.v, CASE WHEN 1 = 1 THEN '$.number' ELSE '$.~' END, CASE WHEN x.ok_holder_org_id = 1 THEN '$.holder_org_id' ELSE '$.~' END, CASE WHEN (CASE WHEN x.ok_holder_person_id = 1 AND NOT (x.hov IS NOT NULL AND x.hpv IS NOT NULL) THEN 1 ELSE 0 END) = 1 THEN '$.holder_person_id' ELSE '$.~' END, CASE WHEN x.ok_joint_work_id = 1 THEN '$.joint_work_id' ELSE '$.~' END, CASE WHEN x.ok_holder = 1 THEN '$.holder' ELSE '$.~' END, CASE WHEN x.ok_state = 1 THEN '$.state' ELSE '$.~' END, CASE WHEN x.ok_issued_on = 1 THEN '$.issued_on' ELSE '$.~' END), '{}')\n"
	" FROM (SELECT c.id AS cid, c.seq AS cseq, e.key AS ord, e.value AS v, CASE WHEN json_type(e.value, '$.holder_org_id') = 'text' AND length(CAST(json_extract(e.value, '$.holder_org_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(e.value, '$.holder_org_id') END AS hov, CASE WHEN json_type(e.value, '$.holder_person_id') = 'text' AND length(CAST(json_extract(e.value, '$.holder_person_id') AS BLOB)) BETWEEN 1 AND 39 THEN json_extract(e.value, '$.holder_person_id') END AS hpv,\n"
	"  (CASE WHEN json_type(e.value, '$.holder_org_id') = 'null' OR (json_type(e.value, '$.holder_org_id') = 'text' AND length(CAST(json_extract(e.value, '$.holder_org_id') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_holder_org_id,\n"
	"  (CASE WHEN json_type(e.value, '$.holder_person_id') = 'null' OR (json_type(e.value, '$.holder_person_id') = 'text' AND length(CAST(json_extract(e.value, '$.holder_person_id') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_holder_person_id,\n"
	"  (CASE WHEN json_type(e.value, '$.joint_work_id') = 'null' OR (json_type(e.value, '$.joint_work_id') = 'text' AND length(CAST(json_extract(e.value, '$.joint_work_id') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_joint_work_id,\n"
	"  (CASE WHEN json_type(e.value, '$.holder') = 'null' OR (json_type(e.value, '$.holder') = 'text' AND length(CAST(json_extract(e.value, '$.holder') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_holder,\n"
	"  (CASE WHEN json_type(e.value, '$.state') = 'null' OR (json_type(e.value, '$.state') = 'text' AND length(CAST(json_extract(e.value, '$.state') AS BLOB)) BETWEEN 1 AND 23) THEN 1 ELSE 0 END) AS ok_state,\n"
	"  (CASE WHEN json_type(e.value, '$.issued_on') = 'null' OR (json_type(e.value, '$.issued_on') = 'text' AND json_extract(e.value, '$.issued_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') THEN 1 ELSE 0 END) AS ok_issued_on\n"
	"  FROM carrier AS c JOIN record AS r ON r.id = c.id AND r.kind = 'carrier', json_each(r.doc, '$.copies') AS e WHERE (c.fields & 32768) <> 0) AS x;\n"
	"INSERT OR IGNORE INTO carrier_party(org_id, carrier_seq, carrier_id) SELECT org_id, seq, id FROM carrier WHERE org_id <> '';\n"
	"INSERT OR IGNORE INTO carrier_party(org_id, carrier_seq, carrier_id) SELECT holder_org_id, carrier_seq, carrier_id FROM carrier_copies WHERE holder_org_id IS NOT NULL;\n"
	"INSERT OR IGNORE INTO carrier_party(org_id, carrier_seq, carrier_id) SELECT org_id, carrier_seq, carrier_id FROM carrier_departed;\n"
	"CREATE TABLE IF NOT EXISTS content_typed(\n"
	"  carrier_id TEXT PRIMARY KEY REFERENCES carrier(id),\n"
	"  version INTEGER NOT NULL,\n"
	"  wrapped_key BLOB NOT NULL,\n"
	"  header BLOB NOT NULL,\n"
	"  size INTEGER NOT NULL,\n"
	"  nchunks INTEGER NOT NULL,\n"
	"  sha256 BLOB NOT NULL\n"
	") WITHOUT ROWID;\n"
	"INSERT INTO content_typed(carrier_id, version, wrapped_key, header, size, nchunks, sha256) SELECT carrier_id, version, wrapped_key, header, size, nchunks, sha256 FROM content;\n"
	"DROP TABLE content;\n"
	"ALTER TABLE content_typed RENAME TO content;\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'carrier');\n"
	"DELETE FROM record WHERE kind = 'carrier' AND id IN (SELECT id FROM carrier);\n"
	"DROP TABLE IF EXISTS carrier_information;\n"
	"DROP TABLE IF EXISTS carrier_copy;\n"
},

	/* 0022b_typed_movements (issue 11; store/tables_movements.h,
	 * core/movement_rec.h): the carriers' circulation journal moves from
	 * the record table to the typed table movement, each entry keeping its
	 * id and seq (every cursor of GET /v1/carriers/{id}/movements stays
	 * valid). A typed field is taken when it has its type (the same test as
	 * movement_rec_from()); fields says which were there, so absent and
	 * null read back as written; every other field of the act stays whole
	 * in extra. parent_id: the carrier (or inventory) — no foreign key, as
	 * carriers and inventories are still record rows. Idempotent: IF NOT
	 * EXISTS, and the moved records are gone. */
	{"0022b_typed_movements",
	"CREATE TABLE IF NOT EXISTS movement(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  parent_id TEXT NOT NULL DEFAULT '',\n"
	"  org_id TEXT NOT NULL DEFAULT '',\n"
	"  ref TEXT NOT NULL DEFAULT '',\n"
	"  state TEXT NOT NULL DEFAULT '',\n"
	"  fields INTEGER NOT NULL DEFAULT 0 CHECK (fields BETWEEN 0 AND 255),\n"
	"  kind TEXT,\n"
	"  date TEXT CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT,\n"
	"  carrier_id TEXT,\n"
	"  copy_number INTEGER,\n"
	"  person_id TEXT,\n"
	"  extra TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS movement_parent ON movement(parent_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS movement_org ON movement(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS movement_carrier ON movement(carrier_id, seq)"
	" WHERE carrier_id IS NOT NULL;\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS movement_org_ref ON movement(org_id, ref)"
	" WHERE ref <> '';\n"
	"INSERT INTO movement(id, seq, version, parent_id, org_id, ref, state, fields, kind,"
	"  date, by_user, carrier_id, copy_number, person_id, extra)"
	" SELECT id, seq, 1, parent_id, org_id, ref, state,"
	"  " MV_OK_ID " * 1 + " MV_OK_ORG " * 2 + " MV_OK_STR("kind", "39") " * 4"
	"  + " MV_OK_DATE " * 8 + " MV_OK_STR("by", "39") " * 16"
	"  + " MV_OK_STR("carrier_id", "39") " * 32 + " MV_OK_COPY " * 64"
	"  + " MV_OK_STR("person_id", "39") " * 128,"
	"  " MV_VAL_STR("kind", "39") ", CASE WHEN " MV_OK_DATE " = 1 THEN " MV_J("date") " END,"
	"  " MV_VAL_STR("by", "39") ", " MV_VAL_STR("carrier_id", "39") ","
	"  CASE WHEN " MV_T("copy_number") " = 'integer' THEN " MV_J("copy_number") " END,"
	"  " MV_VAL_STR("person_id", "39") ","
	"  NULLIF(json_remove(doc,"
	"   CASE WHEN " MV_OK_ID " = 1 THEN '$.id' ELSE '$.~' END,"
	"   CASE WHEN " MV_OK_ORG " = 1 THEN '$.org_id' ELSE '$.~' END,"
	"   CASE WHEN " MV_OK_STR("kind", "39") " = 1 THEN '$.kind' ELSE '$.~' END,"
	"   CASE WHEN " MV_OK_DATE " = 1 THEN '$.date' ELSE '$.~' END,"
	"   CASE WHEN " MV_OK_STR("by", "39") " = 1 THEN '$.by' ELSE '$.~' END,"
	"   CASE WHEN " MV_OK_STR("carrier_id", "39") " = 1 THEN '$.carrier_id' ELSE '$.~' END,"
	"   CASE WHEN " MV_OK_COPY " = 1 THEN '$.copy_number' ELSE '$.~' END,"
	"   CASE WHEN " MV_OK_STR("person_id", "39") " = 1 THEN '$.person_id' ELSE '$.~' END),"
	"   '{}')"
	" FROM record WHERE kind = 'movement' AND json_type(doc) = 'object'"
	"  AND id NOT IN (SELECT id FROM movement) ORDER BY seq;"
	"DELETE FROM record WHERE kind = 'movement' AND id IN (SELECT id FROM movement);"},

	/* 0026_carrier_columns (issue 11; store/tables_carriers.h): the fields
	 * of a carrier's acts that 0022 kept whole in extra get columns of
	 * their own (owner, alienation, court_ref, archive, destruction,
	 * declassification, review_*, lost_on, incident_id, joint_work_id) and
	 * its review history the child table carrier_review; likewise a journal
	 * entry's (from/to_org_id, from_person_id, reason, basis, transfer_id,
	 * joint_work_id, foreign_transfer_id, act_number, archive_ref,
	 * archive_org_id, inventory_id, incident_id, ground, declassify_on,
	 * found) and its copy_numbers the child table movement_copy. A field moves when
	 * it has its column's shape (the test carrier_rec_from() makes, written
	 * out by a generator for both dialects); more says which were there,
	 * so absent, null and an object read back as written; a field of any
	 * other shape, and any field no column names, stays in extra (kept: an
	 * import or an older build may have written one). Idempotent: the
	 * runner skips it when carrier.more exists (migration_columns). */
	{"0026_carrier_columns",
	 MIG_ADD_COLUMNS(CARRIER_0026_COLUMNS) CARRIER_0026_MOVES},
	/* 0027_org_fks (issue 11): FOREIGN KEYs to organization(id) and
	 * person(id) for the typed tables made before organizations were typed
	 * (store/org_fks.h lists them and says what becomes of an orphan id:
	 * this text registers the placeholders). SQLite cannot add a key to a
	 * table: migration_fk_rebuild() then rebuilds each table after this
	 * text, as the ALTER TABLE page's "other kinds of table schema
	 * changes" (foreign_keys off, new table, copy, drop, indexes again,
	 * foreign_key_check, commit). Chosen over editing sqlite_schema with
	 * writable_schema: the store runs SQLITE_DBCONFIG_DEFENSIVE, which
	 * forbids that, and a rebuild lets SQLite itself parse and check the
	 * new schema and every copied row. Idempotent: no orphan is left to
	 * register, and a column that has its REFERENCES is kept. */
	{"0027_org_fks",
	"INSERT INTO sqlite_sequence(name, seq) SELECT 'record', 0"
	" WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'record');"
	STORE_PERSON_FKS(FK_PERSON_ORPHANS) STORE_ORG_FKS(FK_ORG_ORPHANS)},
	/* 0025_typed_items (issue 11; store/tables_items.h, core/info_rec.h):
	 * the information items, the last kind of the record table, move to
	 * the typed table information keeping id and seq. A field is taken
	 * into its column when it has the column's type (the same test as
	 * info_rec_from() in sqlite_items.c); fields says which were there, so
	 * absent and null read back as written. The decision and the
	 * declassification become columns, topics, extensions, reviews and
	 * reclassifications ordered child rows, each when it has its shape;
	 * any other field stays whole in extra. Idempotent: IF NOT EXISTS,
	 * and the moved records and their tags are gone. */
	{"0025_typed_items",
	"CREATE TABLE IF NOT EXISTS information(\n"
	"  id TEXT PRIMARY KEY NOT NULL,\n"
	"  seq INTEGER NOT NULL UNIQUE,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  org_id TEXT NOT NULL REFERENCES organization(id),\n"
	"  state TEXT NOT NULL CHECK (state IN ('preliminary', 'classified', 'declassified')),\n"
	"  fields INTEGER NOT NULL,\n"
	"  list_item_id TEXT REFERENCES list_item(id),\n"
	"  list_id TEXT REFERENCES list(id),\n"
	"  title TEXT,\n"
	"  degree TEXT CHECK (degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  classified_on TEXT CHECK (classified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  declassify_on TEXT CHECK (declassify_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  preliminary INTEGER NOT NULL CHECK (preliminary IN (0, 1)),\n"
	"  basis TEXT,\n"
	"  classified_by TEXT,\n"
	"  classifier_person_id TEXT,\n"
	"  registered_on TEXT CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  proposal_on TEXT CHECK (proposal_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  proposal_by TEXT,\n"
	"  review_required INTEGER NOT NULL CHECK (review_required IN (0, 1)),\n"
	"  review_due_on TEXT CHECK (review_due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  review_reason TEXT,\n"
	"  disposing_org_id TEXT REFERENCES organization(id),\n"
	"  declassified_on TEXT CHECK (declassified_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  label_removed_on TEXT CHECK (label_removed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  declassification_ground TEXT,\n"
	"  decision TEXT CHECK (decision IN ('add_to_list', 'remove_label')),\n"
	"  decision_on TEXT CHECK (decision_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  decision_by TEXT,\n"
	"  decision_item_id TEXT REFERENCES list_item(id),\n"
	"  decl_ground TEXT,\n"
	"  decl_court_ref TEXT,\n"
	"  decl_on TEXT CHECK (decl_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  decl_by TEXT,\n"
	"  extra TEXT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS information_org ON information(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_state_org ON information(state, org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_list_item ON information(list_item_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_list ON information(list_id);\n"
	"CREATE INDEX IF NOT EXISTS information_due ON information(state, coalesce(review_due_on, declassify_on));\n"
	"CREATE TABLE IF NOT EXISTS information_topic(\n"
	"  info_id TEXT NOT NULL REFERENCES information(id),\n"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),\n"
	"  topic TEXT NOT NULL,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_extension(\n"
	"  info_id TEXT NOT NULL REFERENCES information(id),\n"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),\n"
	"  from_date TEXT CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  to_date TEXT NOT NULL CHECK (to_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  conclusion_ref TEXT,\n"
	"  effective_date TEXT NOT NULL CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_review(\n"
	"  info_id TEXT NOT NULL REFERENCES information(id),\n"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),\n"
	"  keys INTEGER NOT NULL CHECK (keys BETWEEN 0 AND 63),\n"
	"  kind TEXT,\n"
	"  change_id TEXT,\n"
	"  list_item_id TEXT,\n"
	"  how TEXT,\n"
	"  effective_date TEXT CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_reclassification(\n"
	"  info_id TEXT NOT NULL REFERENCES information(id),\n"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),\n"
	"  from_list_item_id TEXT,\n"
	"  to_list_item_id TEXT NOT NULL,\n"
	"  from_degree TEXT NOT NULL CHECK (from_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  to_degree TEXT NOT NULL CHECK (to_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  effective_date TEXT NOT NULL CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
	"  by_user TEXT NOT NULL,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"INSERT INTO information(id, seq, version, org_id, state, fields, list_item_id, list_id, title, degree, classified_on, declassify_on, preliminary, basis, classified_by, classifier_person_id, registered_on, proposal_on, proposal_by, review_required, review_due_on, review_reason, disposing_org_id, declassified_on, label_removed_on, declassification_ground, decision, decision_on, decision_by, decision_item_id, decl_ground, decl_court_ref, decl_on, decl_by, extra)\n"
	" SELECT m.id,\n"
	"  m.seq,\n"
	"  1,\n"
	"  m.org_id,\n"
	"  m.state,\n"
	"  m.ok_id * 1 + m.ok_title * 2 + m.ok_org_id * 4 + m.ok_degree * 8 + m.ok_topics * 16 + m.ok_classified_on * 32 + m.ok_declassify_on * 64 + m.ok_state * 128 + m.ok_preliminary * 256 + m.ok_list_item_id * 512 + m.ok_list_id * 1024 + m.ok_basis * 2048 + m.ok_classified_by * 4096 + m.ok_classifier_person_id * 8192 + m.ok_registered_on * 16384 + m.ok_proposal_on * 32768 + m.ok_proposal_by * 65536 + m.ok_review_required * 131072 + m.ok_review_due_on * 262144 + m.ok_review_reason * 524288 + m.ok_disposing_org_id * 1048576 + m.ok_declassified_on * 2097152 + m.ok_label_removed_on * 4194304 + m.ok_declassification_ground * 8388608 + m.ok_decision * 16777216 + m.ok_declassification * 33554432 + m.ok_extensions * 67108864 + m.ok_reviews * 134217728 + m.ok_reclassifications * 268435456,\n"
	"  NULLIF(m.parent_id, ''),\n"
	"  CASE WHEN m.ok_list_id = 1 THEN json_extract(m.doc, '$.list_id') END,\n"
	"  CASE WHEN m.ok_title = 1 THEN json_extract(m.doc, '$.title') END,\n"
	"  CASE WHEN m.ok_degree = 1 THEN json_extract(m.doc, '$.degree') END,\n"
	"  CASE WHEN m.ok_classified_on = 1 THEN json_extract(m.doc, '$.classified_on') END,\n"
	"  CASE WHEN m.ok_declassify_on = 1 THEN json_extract(m.doc, '$.declassify_on') END,\n"
	"  CASE WHEN m.ok_preliminary = 1 AND json_type(m.doc, '$.preliminary') = 'true' THEN 1 ELSE 0 END,\n"
	"  CASE WHEN m.ok_basis = 1 THEN json_extract(m.doc, '$.basis') END,\n"
	"  CASE WHEN m.ok_classified_by = 1 THEN json_extract(m.doc, '$.classified_by') END,\n"
	"  CASE WHEN m.ok_classifier_person_id = 1 THEN json_extract(m.doc, '$.classifier_person_id') END,\n"
	"  CASE WHEN m.ok_registered_on = 1 THEN json_extract(m.doc, '$.registered_on') END,\n"
	"  CASE WHEN m.ok_proposal_on = 1 THEN json_extract(m.doc, '$.proposal_on') END,\n"
	"  CASE WHEN m.ok_proposal_by = 1 THEN json_extract(m.doc, '$.proposal_by') END,\n"
	"  CASE WHEN m.ok_review_required = 1 AND json_type(m.doc, '$.review_required') = 'true' THEN 1 ELSE 0 END,\n"
	"  CASE WHEN m.ok_review_due_on = 1 THEN json_extract(m.doc, '$.review_due_on') END,\n"
	"  CASE WHEN m.ok_review_reason = 1 THEN json_extract(m.doc, '$.review_reason') END,\n"
	"  CASE WHEN m.ok_disposing_org_id = 1 THEN json_extract(m.doc, '$.disposing_org_id') END,\n"
	"  CASE WHEN m.ok_declassified_on = 1 THEN json_extract(m.doc, '$.declassified_on') END,\n"
	"  CASE WHEN m.ok_label_removed_on = 1 THEN json_extract(m.doc, '$.label_removed_on') END,\n"
	"  CASE WHEN m.ok_declassification_ground = 1 THEN json_extract(m.doc, '$.declassification_ground') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND json_type(m.doc, '$.decision') = 'object' THEN json_extract(m.doc, '$.decision.decision') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND json_type(m.doc, '$.decision') = 'object' THEN json_extract(m.doc, '$.decision.effective_date') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND json_type(m.doc, '$.decision') = 'object' THEN json_extract(m.doc, '$.decision.by') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND json_type(m.doc, '$.decision') = 'object' THEN json_extract(m.doc, '$.decision.list_item_id') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND json_type(m.doc, '$.declassification') = 'object' THEN json_extract(m.doc, '$.declassification.ground') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND json_type(m.doc, '$.declassification') = 'object' THEN json_extract(m.doc, '$.declassification.court_ref') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND json_type(m.doc, '$.declassification') = 'object' THEN json_extract(m.doc, '$.declassification.effective_date') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND json_type(m.doc, '$.declassification') = 'object' THEN json_extract(m.doc, '$.declassification.by') END,\n"
	"  NULLIF(json_remove(m.doc, CASE WHEN m.ok_org_id = 1 THEN '$.org_id' ELSE '$.~' END, CASE WHEN m.ok_state = 1 THEN '$.state' ELSE '$.~' END, CASE WHEN m.ok_list_item_id = 1 THEN '$.list_item_id' ELSE '$.~' END, CASE WHEN m.ok_list_id = 1 THEN '$.list_id' ELSE '$.~' END, CASE WHEN m.ok_title = 1 THEN '$.title' ELSE '$.~' END, CASE WHEN m.ok_degree = 1 THEN '$.degree' ELSE '$.~' END, CASE WHEN m.ok_classified_on = 1 THEN '$.classified_on' ELSE '$.~' END, CASE WHEN m.ok_declassify_on = 1 THEN '$.declassify_on' ELSE '$.~' END, CASE WHEN m.ok_preliminary = 1 THEN '$.preliminary' ELSE '$.~' END, CASE WHEN m.ok_basis = 1 THEN '$.basis' ELSE '$.~' END, CASE WHEN m.ok_classified_by = 1 THEN '$.classified_by' ELSE '$.~' END, CASE WHEN m.ok_classifier_person_id = 1 THEN '$.classifier_person_id' ELSE '$.~' END, CASE WHEN m.ok_registered_on = 1 THEN '$.registered_on' ELSE '$.~' END, CASE WHEN m.ok_proposal_on = 1 THEN '$.proposal_on' ELSE '$.~' END, CASE WHEN m.ok_proposal_by = 1 THEN '$.proposal_by' ELSE '$.~' END, CASE WHEN m.ok_review_required = 1 THEN '$.review_required' ELSE '$.~' END, CASE WHEN m.ok_review_due_on = 1 THEN '$.review_due_on' ELSE '$.~' END, CASE WHEN m.ok_review_reason = 1 THEN '$.review_reason' ELSE '$.~' END, CASE WHEN m.ok_disposing_org_id = 1 THEN '$.disposing_org_id' ELSE '$.~' END, CASE WHEN m.ok_declassified_on = 1 THEN '$.declassified_on' ELSE '$.~' END, CASE WHEN m.ok_label_removed_on = 1 THEN '$.label_removed_on' ELSE '$.~' END, CASE WHEN m.ok_declassification_ground = 1 THEN '$.declassification_ground' ELSE '$.~' END, CASE WHEN m.ok_id = 1 THEN '$.id' ELSE '$.~' END, CASE WHEN m.ok_topics = 1 THEN '$.topics' ELSE '$.~' END, CASE WHEN m.ok_decision = 1 THEN '$.decision' ELSE '$.~' END, CASE WHEN m.ok_declassification = 1 THEN '$.declassification' ELSE '$.~' END, CASE WHEN m.ok_extensions = 1 THEN '$.extensions' ELSE '$.~' END, CASE WHEN m.ok_reviews = 1 THEN '$.reviews' ELSE '$.~' END, CASE WHEN m.ok_reclassifications = 1 THEN '$.reclassifications' ELSE '$.~' END), '{}')\n"
	" FROM (SELECT r.*,\n"
	"  (CASE WHEN json_type(r.doc, '$.org_id') = 'text' AND json_extract(r.doc, '$.org_id') <> '' AND json_extract(r.doc, '$.org_id') = r.org_id THEN 1 ELSE 0 END) AS ok_org_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.state') = 'text' AND json_extract(r.doc, '$.state') = r.state THEN 1 ELSE 0 END) AS ok_state,\n"
	"  (CASE WHEN (json_type(r.doc, '$.list_item_id') = 'text' AND json_extract(r.doc, '$.list_item_id') <> '' AND json_extract(r.doc, '$.list_item_id') = r.parent_id) OR (json_type(r.doc, '$.list_item_id') = 'null' AND r.parent_id = '') THEN 1 ELSE 0 END) AS ok_list_item_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.list_id') = 'null' OR (json_type(r.doc, '$.list_id') = 'text' AND length(CAST(json_extract(r.doc, '$.list_id') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_list_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.title') IN ('null', 'text') THEN 1 ELSE 0 END) AS ok_title,\n"
	"  (CASE WHEN json_type(r.doc, '$.degree') = 'null' OR (json_type(r.doc, '$.degree') = 'text' AND json_extract(r.doc, '$.degree') IN ('confidential', 'top_secret', 'special_importance')) THEN 1 ELSE 0 END) AS ok_degree,\n"
	"  (CASE WHEN json_type(r.doc, '$.classified_on') = 'null' OR (json_type(r.doc, '$.classified_on') = 'text' AND json_extract(r.doc, '$.classified_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.classified_on') >= '1900' AND date(json_extract(r.doc, '$.classified_on'), '+0 days') = json_extract(r.doc, '$.classified_on')) THEN 1 ELSE 0 END) AS ok_classified_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.declassify_on') = 'null' OR (json_type(r.doc, '$.declassify_on') = 'text' AND json_extract(r.doc, '$.declassify_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.declassify_on') >= '1900' AND date(json_extract(r.doc, '$.declassify_on'), '+0 days') = json_extract(r.doc, '$.declassify_on')) THEN 1 ELSE 0 END) AS ok_declassify_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.preliminary') IN ('true', 'false') THEN 1 ELSE 0 END) AS ok_preliminary,\n"
	"  (CASE WHEN json_type(r.doc, '$.basis') IN ('null', 'text') THEN 1 ELSE 0 END) AS ok_basis,\n"
	"  (CASE WHEN json_type(r.doc, '$.classified_by') = 'null' OR (json_type(r.doc, '$.classified_by') = 'text' AND length(CAST(json_extract(r.doc, '$.classified_by') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_classified_by,\n"
	"  (CASE WHEN json_type(r.doc, '$.classifier_person_id') = 'null' OR (json_type(r.doc, '$.classifier_person_id') = 'text' AND length(CAST(json_extract(r.doc, '$.classifier_person_id') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_classifier_person_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.registered_on') = 'null' OR (json_type(r.doc, '$.registered_on') = 'text' AND json_extract(r.doc, '$.registered_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.registered_on') >= '1900' AND date(json_extract(r.doc, '$.registered_on'), '+0 days') = json_extract(r.doc, '$.registered_on')) THEN 1 ELSE 0 END) AS ok_registered_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.proposal_on') = 'null' OR (json_type(r.doc, '$.proposal_on') = 'text' AND json_extract(r.doc, '$.proposal_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.proposal_on') >= '1900' AND date(json_extract(r.doc, '$.proposal_on'), '+0 days') = json_extract(r.doc, '$.proposal_on')) THEN 1 ELSE 0 END) AS ok_proposal_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.proposal_by') = 'null' OR (json_type(r.doc, '$.proposal_by') = 'text' AND length(CAST(json_extract(r.doc, '$.proposal_by') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_proposal_by,\n"
	"  (CASE WHEN json_type(r.doc, '$.review_required') IN ('true', 'false') THEN 1 ELSE 0 END) AS ok_review_required,\n"
	"  (CASE WHEN json_type(r.doc, '$.review_due_on') = 'null' OR (json_type(r.doc, '$.review_due_on') = 'text' AND json_extract(r.doc, '$.review_due_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.review_due_on') >= '1900' AND date(json_extract(r.doc, '$.review_due_on'), '+0 days') = json_extract(r.doc, '$.review_due_on')) THEN 1 ELSE 0 END) AS ok_review_due_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.review_reason') IN ('null', 'text') THEN 1 ELSE 0 END) AS ok_review_reason,\n"
	"  (CASE WHEN json_type(r.doc, '$.disposing_org_id') = 'null' OR (json_type(r.doc, '$.disposing_org_id') = 'text' AND length(CAST(json_extract(r.doc, '$.disposing_org_id') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_disposing_org_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.declassified_on') = 'null' OR (json_type(r.doc, '$.declassified_on') = 'text' AND json_extract(r.doc, '$.declassified_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.declassified_on') >= '1900' AND date(json_extract(r.doc, '$.declassified_on'), '+0 days') = json_extract(r.doc, '$.declassified_on')) THEN 1 ELSE 0 END) AS ok_declassified_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.label_removed_on') = 'null' OR (json_type(r.doc, '$.label_removed_on') = 'text' AND json_extract(r.doc, '$.label_removed_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.label_removed_on') >= '1900' AND date(json_extract(r.doc, '$.label_removed_on'), '+0 days') = json_extract(r.doc, '$.label_removed_on')) THEN 1 ELSE 0 END) AS ok_label_removed_on,\n"
	"  (CASE WHEN json_type(r.doc, '$.declassification_ground') IN ('null', 'text') THEN 1 ELSE 0 END) AS ok_declassification_ground,\n"
	"  (CASE WHEN json_type(r.doc, '$.id') = 'text' AND json_extract(r.doc, '$.id') = r.id THEN 1 ELSE 0 END) AS ok_id,\n"
	"  (CASE WHEN json_type(r.doc, '$.topics') = 'array' AND NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.topics') AS e WHERE e.type <> 'text') THEN 1 ELSE 0 END) AS ok_topics,\n"
	"  (CASE WHEN json_type(r.doc, '$.decision') = 'null' OR (json_type(r.doc, '$.decision') = 'object' AND (SELECT count(*) FROM json_each(r.doc, '$.decision')) = 4 AND json_type(r.doc, '$.decision.decision') = 'text' AND json_extract(r.doc, '$.decision.decision') IN ('add_to_list', 'remove_label') AND (json_type(r.doc, '$.decision.effective_date') = 'text' AND json_extract(r.doc, '$.decision.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.decision.effective_date') >= '1900' AND date(json_extract(r.doc, '$.decision.effective_date'), '+0 days') = json_extract(r.doc, '$.decision.effective_date')) AND (json_type(r.doc, '$.decision.by') = 'text' AND length(CAST(json_extract(r.doc, '$.decision.by') AS BLOB)) BETWEEN 1 AND 39) AND (json_type(r.doc, '$.decision.list_item_id') = 'null' OR (json_type(r.doc, '$.decision.list_item_id') = 'text' AND length(CAST(json_extract(r.doc, '$.decision.list_item_id') AS BLOB)) BETWEEN 1 AND 39))) THEN 1 ELSE 0 END) AS ok_decision,\n"
	"  (CASE WHEN json_type(r.doc, '$.declassification') = 'object' AND (SELECT count(*) FROM json_each(r.doc, '$.declassification')) = 4 AND (json_type(r.doc, '$.declassification.ground') IN ('null', 'text')) AND (json_type(r.doc, '$.declassification.court_ref') IN ('null', 'text')) AND (json_type(r.doc, '$.declassification.effective_date') = 'text' AND json_extract(r.doc, '$.declassification.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(r.doc, '$.declassification.effective_date') >= '1900' AND date(json_extract(r.doc, '$.declassification.effective_date'), '+0 days') = json_extract(r.doc, '$.declassification.effective_date')) AND (json_type(r.doc, '$.declassification.by') = 'text' AND length(CAST(json_extract(r.doc, '$.declassification.by') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_declassification,\n"
	"  (CASE WHEN json_type(r.doc, '$.extensions') = 'array' AND NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.extensions') AS e WHERE (CASE WHEN e.type = 'object' AND (SELECT count(*) FROM json_each(e.value)) = 5 AND (json_type(e.value, '$.from') = 'null' OR (json_type(e.value, '$.from') = 'text' AND json_extract(e.value, '$.from') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(e.value, '$.from') >= '1900' AND date(json_extract(e.value, '$.from'), '+0 days') = json_extract(e.value, '$.from'))) AND (json_type(e.value, '$.to') = 'text' AND json_extract(e.value, '$.to') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(e.value, '$.to') >= '1900' AND date(json_extract(e.value, '$.to'), '+0 days') = json_extract(e.value, '$.to')) AND (json_type(e.value, '$.conclusion_ref') IN ('null', 'text')) AND (json_type(e.value, '$.effective_date') = 'text' AND json_extract(e.value, '$.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(e.value, '$.effective_date') >= '1900' AND date(json_extract(e.value, '$.effective_date'), '+0 days') = json_extract(e.value, '$.effective_date')) AND (json_type(e.value, '$.by') = 'text' AND length(CAST(json_extract(e.value, '$.by') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) = 0) THEN 1 ELSE 0 END) AS ok_extensions,\n"
	"  (CASE WHEN json_type(r.doc, '$.reviews') = 'array' AND NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.reviews') AS e WHERE (CASE WHEN e.type = 'object' AND NOT EXISTS (SELECT 1 FROM json_each(e.value) AS k WHERE k.key NOT IN ('kind', 'change_id', 'list_item_id', 'how', 'effective_date', 'by') OR k.type <> 'text') AND (json_type(e.value, '$.kind') IS NULL OR (json_type(e.value, '$.kind') = 'text' AND length(CAST(json_extract(e.value, '$.kind') AS BLOB)) BETWEEN 1 AND 23)) AND (json_type(e.value, '$.change_id') IS NULL OR (json_type(e.value, '$.change_id') = 'text' AND length(CAST(json_extract(e.value, '$.change_id') AS BLOB)) BETWEEN 1 AND 39)) AND (json_type(e.value, '$.list_item_id') IS NULL OR (json_type(e.value, '$.list_item_id') = 'text' AND length(CAST(json_extract(e.value, '$.list_item_id') AS BLOB)) BETWEEN 1 AND 39)) AND (json_type(e.value, '$.how') IS NULL OR (json_type(e.value, '$.how') = 'text' AND length(CAST(json_extract(e.value, '$.how') AS BLOB)) BETWEEN 1 AND 23)) AND (json_type(e.value, '$.effective_date') IS NULL OR (json_type(e.value, '$.effective_date') = 'text' AND json_extract(e.value, '$.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(e.value, '$.effective_date') >= '1900' AND date(json_extract(e.value, '$.effective_date'), '+0 days') = json_extract(e.value, '$.effective_date'))) AND (json_type(e.value, '$.by') IS NULL OR (json_type(e.value, '$.by') = 'text' AND length(CAST(json_extract(e.value, '$.by') AS BLOB)) BETWEEN 1 AND 39)) THEN 1 ELSE 0 END) = 0) THEN 1 ELSE 0 END) AS ok_reviews,\n"
	"  (CASE WHEN json_type(r.doc, '$.reclassifications') = 'array' AND NOT EXISTS (SELECT 1 FROM json_each(r.doc, '$.reclassifications') AS e WHERE (CASE WHEN e.type = 'object' AND (SELECT count(*) FROM json_each(e.value)) = 6 AND (json_type(e.value, '$.from_list_item_id') = 'null' OR (json_type(e.value, '$.from_list_item_id') = 'text' AND length(CAST(json_extract(e.value, '$.from_list_item_id') AS BLOB)) BETWEEN 1 AND 39)) AND (json_type(e.value, '$.to_list_item_id') = 'text' AND length(CAST(json_extract(e.value, '$.to_list_item_id') AS BLOB)) BETWEEN 1 AND 39) AND (json_type(e.value, '$.from_degree') = 'text' AND json_extract(e.value, '$.from_degree') IN ('confidential', 'top_secret', 'special_importance')) AND (json_type(e.value, '$.to_degree') = 'text' AND json_extract(e.value, '$.to_degree') IN ('confidential', 'top_secret', 'special_importance')) AND (json_type(e.value, '$.effective_date') = 'text' AND json_extract(e.value, '$.effective_date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND json_extract(e.value, '$.effective_date') >= '1900' AND date(json_extract(e.value, '$.effective_date'), '+0 days') = json_extract(e.value, '$.effective_date')) AND (json_type(e.value, '$.by') = 'text' AND length(CAST(json_extract(e.value, '$.by') AS BLOB)) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) = 0) THEN 1 ELSE 0 END) AS ok_reclassifications\n"
	"  FROM record AS r WHERE r.kind = 'information' AND json_type(r.doc) = 'object'\n"
	"   AND r.id NOT IN (SELECT id FROM information)) AS m ORDER BY m.seq;\n"
	"INSERT INTO information_topic(info_id, ord, topic)\n"
	" SELECT i.id, e.key, e.value FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', json_each(r.doc, '$.topics') AS e WHERE (i.fields & 16) <> 0 AND NOT EXISTS (SELECT 1 FROM information_topic AS t WHERE t.info_id = i.id);\n"
	"INSERT INTO information_extension(info_id, ord, from_date, to_date, conclusion_ref, effective_date, by_user)\n"
	" SELECT i.id, e.key, json_extract(e.value, '$.from'), json_extract(e.value, '$.to'), json_extract(e.value, '$.conclusion_ref'), json_extract(e.value, '$.effective_date'), json_extract(e.value, '$.by') FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', json_each(r.doc, '$.extensions') AS e WHERE (i.fields & 67108864) <> 0 AND NOT EXISTS (SELECT 1 FROM information_extension AS t WHERE t.info_id = i.id);\n"
	"INSERT INTO information_review(info_id, ord, keys, kind, change_id, list_item_id, how, effective_date, by_user)\n"
	" SELECT i.id, e.key, (json_type(e.value, '$.kind') IS NOT NULL) + (json_type(e.value, '$.change_id') IS NOT NULL) * 2 + (json_type(e.value, '$.list_item_id') IS NOT NULL) * 4 + (json_type(e.value, '$.how') IS NOT NULL) * 8 + (json_type(e.value, '$.effective_date') IS NOT NULL) * 16 + (json_type(e.value, '$.by') IS NOT NULL) * 32, json_extract(e.value, '$.kind'), json_extract(e.value, '$.change_id'), json_extract(e.value, '$.list_item_id'), json_extract(e.value, '$.how'), json_extract(e.value, '$.effective_date'), json_extract(e.value, '$.by') FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', json_each(r.doc, '$.reviews') AS e WHERE (i.fields & 134217728) <> 0 AND NOT EXISTS (SELECT 1 FROM information_review AS t WHERE t.info_id = i.id);\n"
	"INSERT INTO information_reclassification(info_id, ord, from_list_item_id, to_list_item_id, from_degree, to_degree, effective_date, by_user)\n"
	" SELECT i.id, e.key, json_extract(e.value, '$.from_list_item_id'), json_extract(e.value, '$.to_list_item_id'), json_extract(e.value, '$.from_degree'), json_extract(e.value, '$.to_degree'), json_extract(e.value, '$.effective_date'), json_extract(e.value, '$.by') FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', json_each(r.doc, '$.reclassifications') AS e WHERE (i.fields & 268435456) <> 0 AND NOT EXISTS (SELECT 1 FROM information_reclassification AS t WHERE t.info_id = i.id);\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'information' AND id IN (SELECT id FROM information));\n"
	"DELETE FROM record WHERE kind = 'information' AND id IN (SELECT id FROM information);\n"},
	/* 0028_carrier_fks (issue 11): 0027_org_fks for the carrier family
	 * (carrier, carrier_copies, carrier_disposer, carrier_departed,
	 * carrier_party, carrier_due), the circulation journal (movement) and
	 * access_grant, made by the same rebuild; store/org_fks.h lists the
	 * keys, which columns stay without one and why. Placeholders first:
	 * organizations, then persons (person.org_id has its key already, on
	 * PostgreSQL enforced at once: a placeholder person's organization,
	 * that of a row naming it, is one of the organizations before), then
	 * any organization still missing for one; a derived due row of a
	 * carrier that is not there is deleted. Idempotent as 0027. */
	{"0028_carrier_fks",
	"INSERT INTO sqlite_sequence(name, seq) SELECT 'record', 0"
	" WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'record');"
	STORE_CARRIER_ORG_FKS(FK_ORG_ORPHANS) STORE_CARRIER_PERSON_FKS(FK_PERSON_ORPHANS)
	FK_ORG_ORPHANS("person", "org_id") STORE_CARRIER_DERIVED_FKS(STORE_FK_DERIVED_ORPHANS)},
};

#define MIGRATIONS_N ((int)(sizeof migrations / sizeof migrations[0]))

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";
static const char SQL_META_SET[] =
	"INSERT INTO meta(key, value) VALUES (?1, ?2)"
	" ON CONFLICT(key) DO UPDATE SET value = excluded.value";

/* ---- errors and statement cache (shared, see sqlite_int.h) ------------ */

int
store_db_err(struct qerr *e, int rc, const char *op)
{
	switch (rc) {
	case DB_UNIQUE:
	case DB_PRIMARYKEY:
		qerr_set(e, QERR_CONFLICT, "duplicate", NULL, NULL);
		qerr_detail(e, "%s", op);
		return -1;
	case DB_FOREIGNKEY:
		qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
		qerr_detail(e, "%s", op);
		return -1;
	case DB_SERIAL:
		/* PostgreSQL aborted the transaction for serialization:
		 * retried whole by ops_run (ops.h), never shown. */
		qerr_set(e, QERR_CONFLICT, "conflict", NULL, NULL);
		qerr_detail(e, "%s: serialization", op);
		return -1;
	default:
		/* A full or failing disk: 503, the transaction rolled back. */
		if ((rc & 0xff) == DB_FULL || (rc & 0xff) == DB_IOERR)
			qerr_storage(e, NULL);
		else
			qerr_internal(e, NULL);
		qerr_detail(e, "%s: %s", op, sqlite3_errstr(rc));
		return -1;
	}
}

int
store_tx_usable(struct store_tx *tx, const char *op, struct qerr *e)
{
	if (tx == NULL || !tx->open) {
		qerr_internal(e, NULL);
		qerr_detail(e, "%s: no open transaction", op);
		return -1;
	}
	return 0;
}

int
store_tx_writable(struct store_tx *tx, const char *op, struct qerr *e)
{
	if (store_tx_usable(tx, op, e) != 0)
		return -1;
	if (!tx->write) {
		qerr_internal(e, NULL);
		qerr_detail(e, "%s: write in a read transaction", op);
		return -1;
	}
	return 0;
}

int
sqlite_stmt_get(struct store_tx *tx, const char *sql, struct db_stmt **st,
                bool cache, struct qerr *e)
{
	struct store_conn *c = tx->conn;
	struct store_stmt_slot *slot = NULL;
	struct db_stmt *own;
	sqlite3_stmt *sq = NULL;
	unsigned flags = SQLITE_PREPARE_PERSISTENT;
	int rc;

	*st = NULL;
	for (int i = 0; cache && i < c->nstmt; i++) {
		if (c->stmt[i].sql == sql) {
			slot = &c->stmt[i];
			break;
		}
	}
	if (slot != NULL && !slot->busy) {
		slot->busy = true;
		*st = &slot->st;
		return 0;
	}
	/* Not cached, or in use further up the stack (a callback re-entering
	 * the same query): prepare a private copy. */
	if (cache && slot == NULL && c->nstmt < STORE_STMT_CACHE) {
		slot = &c->stmt[c->nstmt];
	} else {
		slot = NULL;
		flags = 0;
	}
	rc = sqlite3_prepare_v3(c->db, sql, -1, flags, &sq, NULL);
	if (rc != SQLITE_OK) {
		/* Static SQL that does not prepare is a bug: say why, once
		 * (running out of memory is not). */
		if (rc != SQLITE_NOMEM)
			fprintf(stderr, "qupiya: store: prepare: %s\n", sqlite3_errmsg(c->db));
		return store_db_err(e, rc, "prepare");
	}
	if (slot != NULL) {
		slot->sql = sql;
		slot->st.sq = sq;
		slot->st.pg = NULL;
		slot->busy = true;
		c->nstmt++;
		*st = &slot->st;
		return 0;
	}
	own = calloc(1, sizeof *own);
	if (own == NULL) {
		sqlite3_finalize(sq);
		return qerr_internal(e, "prepare: out of memory");
	}
	own->sq = sq;
	*st = own;
	return 0;
}

void
sqlite_stmt_put(struct store_tx *tx, struct db_stmt *st)
{
	struct store_conn *c = tx->conn;

	for (int i = 0; i < c->nstmt; i++) {
		if (&c->stmt[i].st == st) {
			sqlite3_reset(st->sq);
			sqlite3_clear_bindings(st->sq);
			c->stmt[i].busy = false;
			return;
		}
	}
	sqlite3_finalize(st->sq);
	free(st);
}

/* ---- connections ------------------------------------------------------ */

static void
conn_close(struct store_conn *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->nstmt; i++)
		sqlite3_finalize(c->stmt[i].st.sq);
	for (size_t i = 0; i < sizeof c->txs / sizeof c->txs[0]; i++)
		sqlite3_finalize(c->txs[i]);   /* accepts NULL */
	sqlite3_close(c->db);   /* the last one checkpoints and removes the WAL */
	free(c);
}

enum { STORE_TXS_BEGIN, STORE_TXS_BEGIN_WRITE, STORE_TXS_COMMIT, STORE_TXS_ROLLBACK };

/* Runs one of the transaction statements, prepared on first use and kept
 * for the life of the connection. Returns the SQLite result code. */
static int
conn_txs(struct store_conn *c, int which)
{
	static const char *const sql[] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
	int rc;

	if (c->txs[which] == NULL) {
		rc = sqlite3_prepare_v3(c->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT,
		                        &c->txs[which], NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	rc = sqlite3_step(c->txs[which]);
	sqlite3_reset(c->txs[which]);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Runs SQL with no result rows (pragmas, migrations). */
static int
conn_exec(struct store_conn *c, const char *sql, const char *op, struct qerr *e)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : store_db_err(e, rc, op);
}

/* Checkpoints (the WAL copied into the database file). SQLite's own
 * auto-checkpoint runs inside the COMMIT that leaves 1000 pages or more in
 * the WAL, under the write lock: every writer waited while it copied the
 * pages and fsync'd the database file (in every second list-item change
 * of bench/bench_cascade.c at 1,000,000 carriers). This hook replaces it
 * on every connection: the COMMIT only notes that one is owed, and the
 * committing thread runs it after freeing the write lock
 * (store_after_write), PASSIVE (it waits for nobody; writers and readers
 * go on meanwhile). At STORE_WAL_CKPT_HARD pages (writers that never left
 * a checkpoint the moment to finish) the COMMIT checkpoints itself, as
 * SQLite did, so the WAL stays bounded. A checkpoint that fails leaves the
 * WAL as it is (SQLite's own hook ignores it too): the next COMMIT past
 * the mark owes one again. The mark is 4096 pages (16 MiB), not 1000: the
 * first COMMIT after a whole checkpoint starts the WAL over and pays a
 * second fsync (its header's, synchronous=FULL), inside the lock, and that
 * is now 4 times rarer. */
#define STORE_WAL_CKPT_PAGES 4096
#define STORE_WAL_CKPT_HARD  16384   /* 64 MiB of 4 KiB pages: journal_size_limit */

static int
wal_commit_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store *s = arg;

	if (pages >= STORE_WAL_CKPT_HARD) {
		(void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	} else if (pages >= STORE_WAL_CKPT_PAGES) {
		pthread_mutex_lock(&s->mu);
		s->ckpt_due = true;
		pthread_mutex_unlock(&s->mu);
	}
	return SQLITE_OK;
}

static int
conn_open(struct store *s, int oflags, struct store_conn **out, struct qerr *e)
{
	static const char pragmas[] =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA trusted_schema=OFF;"
		/* A 256 MiB content upload grows the WAL by as much; after the
		 * next checkpoint the file is cut back to this size. */
		"PRAGMA journal_size_limit=67108864;";
	struct store_conn *c;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return qerr_internal(e, "open: out of memory");
	c->s = s;
	c->tx.s = s;
	c->tx.conn = c;
	rc = sqlite3_open_v2(s->path, &c->db,
	                     oflags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE,
	                     NULL);
	if (rc != SQLITE_OK) {
		store_db_err(e, rc, "open");
		conn_close(c);
		return -1;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, STORE_BUSY_MS);
	sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(c->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	if (conn_exec(c, pragmas, "open: pragmas", e) != 0) {
		conn_close(c);
		return -1;
	}
	(void)sqlite3_wal_hook(c->db, wal_commit_hook, s);   /* returns the old hook's arg */
	*out = c;
	return 0;
}

static int
pool_open(struct store *s, struct store_pool_conn **out, struct qerr *e)
{
	struct store_conn *c;

	if (conn_open(s, SQLITE_OPEN_READWRITE, &c, e) != 0)
		return -1;
	*out = &c->link;
	return 0;
}

static void
pool_close(struct store_pool_conn *c)
{
	conn_close((struct store_conn *)c);
}

/* Takes an idle connection, opens one while under STORE_CONN_MAX, or waits. */
static int
pool_take(struct store *s, struct store_conn **out, struct qerr *e)
{
	struct store_pool_conn *c;

	if (store_pool_take(s, pool_open, &c, e) != 0)
		return -1;
	*out = (struct store_conn *)c;
	return 0;
}

/* Gives c back; closes it instead when it is stuck inside a transaction
 * (invariant 5). */
static void
stmts_reset(struct store_conn *c)
{
	for (int i = 0; i < c->nstmt; i++)
		if (c->stmt[i].busy) {
			sqlite3_reset(c->stmt[i].st.sq);
			sqlite3_clear_bindings(c->stmt[i].st.sq);
			c->stmt[i].busy = false;
		}
}

static void
pool_give(struct store *s, struct store_conn *c)
{
	bool broken = !sqlite3_get_autocommit(c->db);

	stmts_reset(c);
	store_pool_give(s, &c->link, broken, pool_close);
}

/* A write transaction's connection is kept for the next one (s->writer,
 * under the write lock): its page cache stays valid while only it writes,
 * where a pooled connection that readers used since had to read again the
 * pages of every write (a profile item of the write path). */
static void
writer_keep(struct store *s, struct store_conn *c)
{
	if (s->writer != NULL || !sqlite3_get_autocommit(c->db)) {
		pool_give(s, c);
		return;
	}
	stmts_reset(c);
	s->writer = &c->link;
}

void
store_after_write(struct store *s)
{
	struct store_conn *c;
	struct qerr e = {0};
	bool run;

	if (s->backend != STORE_SQLITE)
		return;
	pthread_mutex_lock(&s->mu);
	run = s->ckpt_due && !s->ckpt_running;
	if (run) {
		s->ckpt_due = false;
		s->ckpt_running = true;
	}
	pthread_mutex_unlock(&s->mu);
	if (!run)
		return;
	/* a connection of the pool, not the writer's (the next writer may
	 * hold it already); a failure leaves the checkpoint to the next mark */
	if (pool_take(s, &c, &e) == 0) {
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pool_give(s, c);
	}
	pthread_mutex_lock(&s->mu);
	s->ckpt_running = false;
	pthread_mutex_unlock(&s->mu);
}

/* ---- migrations ------------------------------------------------------- */

/* Applied migrations are rows of schema_migration (created by the runner
 * itself, before any named step). meta.schema_version mirrors how many ran:
 * a 0.1.0 binary, which counts positions, thereby refuses a database that
 * has steps it does not know instead of running on a schema it cannot read. */
static const char SQL_MIG_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migration("
	"  name TEXT PRIMARY KEY,"
	"  applied_at TEXT NOT NULL"
	") WITHOUT ROWID";
static const char SQL_MIG_ADD[] =
	"INSERT INTO schema_migration(name, applied_at)"
	" VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
static const char SQL_MIG_HAS[] = "SELECT 1 FROM schema_migration WHERE name = ?1";
static const char SQL_MIG_ALL[] = "SELECT name FROM schema_migration ORDER BY name";
static const char SQL_MIG_COUNT[] = "SELECT count(*) FROM schema_migration";

/* The steps numbered by position before migrations had names: 0.1.0 had
 * four; builds of the development branch between 0.1.0 and named
 * migrations appended three more (0005..0007) at fixed positions. */
#define MIGRATIONS_LEGACY 7

/* Runs one statement with up to two text parameters; *out receives the
 * first column of the first row when out is non-NULL (0 when no row). */
static int
conn_query(struct store_conn *c, const char *sql, const char *p1, const char *p2,
           int64_t *out, const char *op, struct qerr *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (out != NULL)
		*out = 0;
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && p1 != NULL)
		rc = sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && p2 != NULL)
		rc = sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (out != NULL)
			*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_db_err(e, rc, op);
}

static int
migration_index(const char *name)
{
	for (int i = 0; i < MIGRATIONS_N; i++)
		if (strcmp(migrations[i].name, name) == 0)
			return i;
	return -1;
}

/* What c's database holds: *fresh when it has no table at all; *legacy the
 * positional version of a database made before named migrations (0 when
 * none or when it has schema_migration); -1 when it holds tables but is not
 * a qupiya database or cannot be read. */
static int
schema_kind(struct store_conn *c, bool *fresh, int *legacy, struct qerr *e)
{
	static const char q_tables[] =
		"SELECT count(*), sum(name = 'meta'), sum(name = 'schema_migration')"
		" FROM sqlite_schema WHERE type = 'table'";
	static const char q_ver[] =
		"SELECT value FROM meta WHERE key = 'schema_version'";
	sqlite3_stmt *st = NULL;
	int rc, ntables, hasmeta, hasnamed;
	long v;
	char *end;
	const unsigned char *t;

	*fresh = false;
	*legacy = 0;
	rc = sqlite3_prepare_v2(c->db, q_tables, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_db_err(e, rc, "open: read schema");
	}
	ntables = sqlite3_column_int(st, 0);
	hasmeta = sqlite3_column_int(st, 1);
	hasnamed = sqlite3_column_int(st, 2);
	sqlite3_finalize(st);
	if (ntables == 0) {
		*fresh = true;
		return 0;
	}
	if (!hasmeta && !hasnamed)
		return qerr_internal(e, "open: not a qupiya database");
	if (!hasmeta)
		return 0;   /* made by this runner, 0001 not yet committed */

	rc = sqlite3_prepare_v2(c->db, q_ver, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return qerr_internal(e, "open: no schema version");
		return store_db_err(e, rc, "open: read schema version");
	}
	t = sqlite3_column_text(st, 0);
	errno = 0;
	v = t ? strtol((const char *)t, &end, 10) : -1;
	if (t == NULL || errno != 0 || *end != '\0' || end == (const char *)t ||
	    v < 1 || v > 1000000) {
		sqlite3_finalize(st);
		return qerr_internal(e, "open: bad schema version");
	}
	sqlite3_finalize(st);
	if (v > MIGRATIONS_N) {
		qerr_internal(e, NULL);
		qerr_detail(e, "open: schema version %ld is newer than this program (%d)",
		            v, MIGRATIONS_N);
		return -1;
	}
	if (!hasnamed) {
		if (v > MIGRATIONS_LEGACY) {
			qerr_internal(e, NULL);
			qerr_detail(e, "open: schema version %ld without named migrations", v);
			return -1;
		}
		*legacy = (int)v;
	}
	return 0;
}

/* Refuses a database that ran a migration this program does not know: it
 * was made or upgraded by a newer qupiya, whose schema this one cannot
 * read correctly. */
static int
migrations_known(struct store_conn *c, struct qerr *e)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(c->db, SQL_MIG_ALL, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_db_err(e, rc, "open: read migrations");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(st, 0);

		if (name == NULL || migration_index((const char *)name) < 0) {
			qerr_internal(e, NULL);
			qerr_detail(e, "open: the database has migration '%.64s', unknown to"
			            " this program: its schema is newer; use a newer qupiya",
			            name ? (const char *)name : "");
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_db_err(e, rc, "open: read migrations");
	sqlite3_finalize(st);
	return ret;
}

/* Steps that add a column (ALTER TABLE ... ADD COLUMN has no IF NOT
 * EXISTS): a step whose column is there already is recorded without being
 * run again, like the IF NOT EXISTS of the others, so a database that lost
 * its record of steps (a 0.1.0 one, or a test) is adopted as it is. */
static const struct {
	const char *name, *table, *column;
	const char *rest;   /* run even so (idempotent), or NULL */
} migration_columns[] = {
	{"0016_password_change", "account", "must_change_password", NULL},
	{"0026_carrier_columns", "carrier", "more", CARRIER_0026_MOVES},
};

static const char SQL_COLUMN_HAS[] =
	"SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2";

/* 0027_org_fks and 0028_carrier_fks: the keys each adds (store/org_fks.h)
 * and the table rebuild that adds them on SQLite. */
#define FK_P(t, c, org) {"0027_org_fks", t, c, "person"},
#define FK_O(t, c) {"0027_org_fks", t, c, "organization"},
#define FK_CP(t, c, org) {"0028_carrier_fks", t, c, "person"},
#define FK_CO(t, c) {"0028_carrier_fks", t, c, "organization"},
#define FK_CD(t, c) {"0028_carrier_fks", t, c, "carrier"},
static const struct {
	const char *migration, *table, *column, *parent;
} fk_cols[] = {STORE_PERSON_FKS(FK_P) STORE_ORG_FKS(FK_O) STORE_CARRIER_PERSON_FKS(FK_CP)
               STORE_CARRIER_ORG_FKS(FK_CO) STORE_CARRIER_DERIVED_FKS(FK_CD)};
#define FK_N (sizeof fk_cols / sizeof fk_cols[0])
#define FK_SQL_MAX 16384
#define FK_PRAGMAS_OFF "PRAGMA foreign_keys=OFF; PRAGMA legacy_alter_table=ON"
#define FK_PRAGMAS_ON "PRAGMA legacy_alter_table=OFF; PRAGMA foreign_keys=ON"

/* The definition of column col in the CREATE TABLE text sql: its start
 * (the name), and in *end the end of its text (the ',' or ')' closing it,
 * white space before that left out); NULL when no column is so named. A
 * definition starts after the table's '(' or a ',' outside parentheses
 * and quotes, whatever the white space: one per line as the migrations
 * write them, "\n, col ..." as ALTER TABLE ADD COLUMN leaves them, or all
 * on one line. */
static char *
fk_def(char *sql, const char *col, char **end)
{
	size_t n = strlen(col);
	char *p = strchr(sql, '('), *s;
	int depth = 1;
	bool quoted = false;

	if (p == NULL)
		return NULL;
	for (s = ++p; *p != '\0'; p++) {
		if (quoted) {
			quoted = *p != '\'';
			continue;
		}
		if (*p == '\'')
			quoted = true;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 1)
			depth--;
		else if (depth == 1 && (*p == ',' || *p == ')')) {
			while (isspace((unsigned char)*s))
				s++;
			if (strncmp(s, col, n) == 0 && isspace((unsigned char)s[n])) {
				*end = p;
				while (*end > s && isspace((unsigned char)(*end)[-1]))
					(*end)--;
				return s;
			}
			if (*p == ')')
				break;
			s = p + 1;
		}
	}
	return NULL;
}

/* Adds " REFERENCES parent(id)" to the definition of column col in the
 * CREATE TABLE text sql unless it has a REFERENCES already. 0, or -1 when
 * the column is not there or the text would not fit. */
static int
fk_patch(char *sql, size_t cap, const char *col, const char *parent)
{
	char add[80];
	char *p, *end;
	size_t n, len = strlen(sql);

	if ((p = fk_def(sql, col, &end)) == NULL)
		return -1;
	for (const char *q = p; q + 10 <= end; q++)
		if (strncmp(q, "REFERENCES", 10) == 0)
			return 0;
	n = (size_t)snprintf(add, sizeof add, " REFERENCES %s(id)", parent);
	if (len + n + 1 > cap)
		return -1;
	memmove(end + n, end, strlen(end) + 1);
	memcpy(end, add, n);
	return 0;
}

/* The sql of each index of table with one (not the automatic ones of
 * PRIMARY KEY and UNIQUE), concatenated with ';' into buf. */
static int
fk_indexes(struct store_conn *c, const char *table, char *buf, size_t cap, struct qerr *e)
{
	sqlite3_stmt *st = NULL;
	size_t at = 0;
	int rc;

	buf[0] = '\0';
	rc = sqlite3_prepare_v2(c->db, "SELECT sql FROM sqlite_schema WHERE type = 'index'"
	                        " AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY rowid",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ix = (const char *)sqlite3_column_text(st, 0);
		int n = snprintf(buf + at, cap - at, "%s;", ix != NULL ? ix : "");

		if (ix == NULL || n < 0 || (size_t)n >= cap - at) {
			sqlite3_finalize(st);
			return qerr_internal(e, "migrate: index text");
		}
		at += (size_t)n;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_db_err(e, rc, "migrate: read indexes");
}

/* Rebuilds table with the keys fk_cols lists for it under migration:
 * renamed away (with legacy_alter_table on, the references of other
 * tables to it are left as they are), made again from its own CREATE text with the keys added,
 * every row copied, the old one dropped, its indexes made again; then
 * PRAGMA foreign_key_check over it. Runs with foreign_keys off (migrate()
 * sets it for this step, outside its transaction). */
static int
fk_rebuild(struct store_conn *c, const char *migration, const char *table, struct qerr *e)
{
	char sql[FK_SQL_MAX], ix[FK_SQL_MAX];
	char stmt[256], head[96];
	sqlite3_stmt *st = NULL;
	const char *got = NULL;
	int64_t bad;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "SELECT sql FROM sqlite_schema WHERE type = 'table'"
	                        " AND name = ?1", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		got = (const char *)sqlite3_column_text(st, 0);
	if (got == NULL || strlen(got) >= sizeof sql) {
		sqlite3_finalize(st);
		qerr_internal(e, NULL);
		qerr_detail(e, "migrate: table %s unreadable", table);
		return -1;
	}
	q_strlcpy(sql, got, sizeof sql);
	sqlite3_finalize(st);
	snprintf(head, sizeof head, "CREATE TABLE %s(", table);
	if (strncmp(sql, head, strlen(head)) != 0)
		goto bad_text;
	for (size_t k = 0; k < FK_N; k++)
		if (strcmp(fk_cols[k].migration, migration) == 0 &&
		    strcmp(fk_cols[k].table, table) == 0 &&
		    fk_patch(sql, sizeof sql, fk_cols[k].column, fk_cols[k].parent) != 0)
			goto bad_text;
	if (fk_indexes(c, table, ix, sizeof ix, e) != 0)
		return -1;
	snprintf(stmt, sizeof stmt, "ALTER TABLE %s RENAME TO %s__fk_old", table, table);
	if (conn_exec(c, stmt, "migrate: rename", e) != 0 ||
	    conn_exec(c, sql, "migrate: create", e) != 0)
		return -1;
	snprintf(stmt, sizeof stmt, "INSERT INTO %s SELECT * FROM %s__fk_old;"
	         "DROP TABLE %s__fk_old", table, table, table);
	if (conn_exec(c, stmt, "migrate: copy", e) != 0 ||
	    conn_exec(c, ix, "migrate: indexes", e) != 0 ||
	    conn_query(c, "SELECT count(*) FROM pragma_foreign_key_check(?1)", table, NULL,
	               &bad, "migrate: foreign_key_check", e) != 0)
		return -1;
	if (bad != 0) {
		qerr_internal(e, NULL);
		qerr_detail(e, "migrate: %lld rows of %s name no row", (long long)bad, table);
		return -1;
	}
	return 0;
bad_text:
	qerr_internal(e, NULL);
	qerr_detail(e, "migrate: the CREATE text of %s is not as expected", table);
	return -1;
}

/* Whether the step migration adds keys (a rebuild after its text). */
static bool
fk_migration(const char *migration)
{
	for (size_t k = 0; k < FK_N; k++)
		if (strcmp(fk_cols[k].migration, migration) == 0)
			return true;
	return false;
}

/* *there: a key that a step still to run adds (pending[], by the index
 * of migrations[]) is in the schema already: a database that lost the
 * record of its steps, as the unit and API tests' migration round trips
 * make. The steps then run as they were written, before those keys
 * (migrate()). */
static int
fk_keys_there(struct store_conn *c, const bool *pending, bool *there, struct qerr *e)
{
	*there = false;
	for (size_t k = 0; k < FK_N && !*there; k++) {
		int64_t n;
		int i = 0;

		while (i < MIGRATIONS_N && strcmp(migrations[i].name, fk_cols[k].migration) != 0)
			i++;
		if (i == MIGRATIONS_N || !pending[i])
			continue;
		if (conn_query(c, "SELECT count(*) FROM pragma_foreign_key_list(?1)"
		               " WHERE \"from\" = ?2", fk_cols[k].table, fk_cols[k].column, &n,
		               "migrate: read keys", e) != 0)
			return -1;
		*there = n > 0;
	}
	return 0;
}

/* Every table fk_cols names for migration, once, in the order of the
 * list. */
static int
migration_fk_rebuild(struct store_conn *c, const char *migration, struct qerr *e)
{
	int64_t ntables = 0, done = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < FK_N; k++) {
			bool seen = strcmp(fk_cols[k].migration, migration) != 0;

			for (size_t j = 0; j < k && !seen; j++)
				seen = strcmp(fk_cols[j].migration, migration) == 0 &&
				       strcmp(fk_cols[j].table, fk_cols[k].table) == 0;
			if (seen)
				continue;
			if (pass == 0) {
				ntables++;
				continue;
			}
			store_progress_tick(fk_cols[k].table, done++, ntables, 0);
			if (fk_rebuild(c, migration, fk_cols[k].table, e) != 0)
				return -1;
		}
	}
	return 0;
}

static store_migrated_fn migrated_fn;

void
store_on_migrated(store_migrated_fn fn)
{
	migrated_fn = fn;
}

void
store_migrated(const char *name)
{
	if (migrated_fn != NULL)
		migrated_fn(name);
}

static store_progress_fn progress_fn;
static _Thread_local struct {
	struct store_progress p;
	struct timespec t0, last, cpu0;
	int64_t rows0;   /* total changes when the step's statements began; -1 */
} prog;

void
store_on_progress(store_progress_fn fn)
{
	progress_fn = fn;
}

static double
progress_since(const struct timespec *t, const struct timespec *now)
{
	return (double)(now->tv_sec - t->tv_sec) + (double)(now->tv_nsec - t->tv_nsec) / 1e9;
}

void
store_progress_begin(const char *step, int index, int count)
{
	memset(&prog, 0, sizeof prog);
	prog.rows0 = -1;
	prog.p.step = step;
	prog.p.index = index;
	prog.p.count = count;
	clock_gettime(CLOCK_MONOTONIC, &prog.t0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &prog.cpu0);
	prog.last = prog.t0;
	if (progress_fn != NULL)
		progress_fn(&prog.p);
}

void
store_progress_tick(const char *part, int64_t done, int64_t total, int64_t rows)
{
	struct timespec now;

	if (progress_fn == NULL || prog.p.step == NULL)
		return;
	prog.p.part = part;
	prog.p.done = done;
	prog.p.total = total;
	prog.p.rows = rows;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (progress_since(&prog.last, &now) < 1.0)
		return;
	prog.last = now;
	prog.p.seconds = progress_since(&prog.t0, &now);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	prog.p.cpu_seconds = progress_since(&prog.cpu0, &now);
	progress_fn(&prog.p);
}

void
store_progress_end(bool committed)
{
	struct timespec now;

	if (prog.p.step == NULL)
		return;
	if (!committed) {
		prog.p.step = NULL;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	prog.p.seconds = progress_since(&prog.t0, &now);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	prog.p.cpu_seconds = progress_since(&prog.cpu0, &now);
	prog.p.finished = true;
	prog.p.part = NULL;
	prog.p.done = prog.p.total = 0;
	if (progress_fn != NULL)
		progress_fn(&prog.p);
	prog.p.step = NULL;
}

/* sqlite3_progress_handler's function while a migration runs: a report a
 * second from inside one long statement, with the rows its statement has
 * written so far (arg: the connection). */
static int
progress_vm(void *arg)
{
	store_progress_tick(prog.p.part, prog.p.done, prog.p.total,
	                    prog.rows0 >= 0 ? sqlite3_total_changes64(arg) - prog.rows0 : 0);
	return 0;
}

/* The number of statements of sql (sqlite3_complete() at each ';'). */
static int64_t
sql_statements(const char *sql)
{
	int64_t n = 0;
	size_t len = strlen(sql), from = 0;
	char *buf = malloc(len + 1);

	if (buf == NULL)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (sql[i] != ';')
			continue;
		memcpy(buf, sql + from, i + 1 - from);
		buf[i + 1 - from] = '\0';
		if (sqlite3_complete(buf)) {
			n++;
			from = i + 1;
		}
	}
	free(buf);
	return n;
}

/* sqlite3_exec(sql) of a migration, a statement at a time, each counted
 * for the progress reports. SQLite's result code. */
static int
migration_exec(struct store_conn *c, const char *sql)
{
	int64_t n = sql_statements(sql), k = 0;
	const char *tail = sql;
	int rc = SQLITE_OK;

	prog.rows0 = sqlite3_total_changes64(c->db);
	while (rc == SQLITE_OK && *tail != '\0') {
		sqlite3_stmt *st = NULL;

		rc = sqlite3_prepare_v2(c->db, tail, -1, &st, &tail);
		if (rc != SQLITE_OK || st == NULL)
			break;   /* an error, or only blanks and comments were left */
		store_progress_tick(NULL, k, n, sqlite3_total_changes64(c->db) - prog.rows0);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_finalize(st);
		k++;
	}
	prog.p.done = k;
	prog.rows0 = -1;
	return rc;
}

/* Runs migrations[i] unless it is recorded already (*applied: it ran
 * here; a step of migration_columns whose column exists runs its rest);
 * inside an IMMEDIATE transaction that the caller opened and
 * commits. */
static int
migration_apply(struct store_conn *c, int i, bool *applied, struct qerr *e)
{
	const char *sql = migrations[i].sql;
	char num[24];
	int64_t has, n;
	int rc;

	if (conn_query(c, SQL_MIG_HAS, migrations[i].name, NULL, &has,
	               "migrate: read", e) != 0)
		return -1;
	*applied = !has;
	if (has)
		return 0;   /* another process ran it meanwhile */
	for (size_t k = 0; k < sizeof migration_columns / sizeof migration_columns[0]; k++) {
		if (strcmp(migration_columns[k].name, migrations[i].name) != 0)
			continue;
		if (conn_query(c, SQL_COLUMN_HAS, migration_columns[k].table,
		               migration_columns[k].column, &has, "migrate: read columns", e) != 0)
			return -1;
		if (has)
			sql = migration_columns[k].rest;
	}
	rc = sql == NULL ? SQLITE_OK : migration_exec(c, sql);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "qupiya: store: migration %s: %s\n", migrations[i].name,
		        sqlite3_errmsg(c->db));
		return store_db_err(e, rc, "migrate");
	}
	if (fk_migration(migrations[i].name) &&
	    migration_fk_rebuild(c, migrations[i].name, e) != 0)
		return -1;
	if (conn_query(c, SQL_MIG_ADD, migrations[i].name, NULL, NULL,
	               "migrate: record", e) != 0 ||
	    conn_query(c, SQL_MIG_COUNT, NULL, NULL, &n, "migrate: count", e) != 0)
		return -1;
	snprintf(num, sizeof num, "%lld", (long long)n);
	if (conn_query(c, SQL_META_SET, "schema_version", num, NULL,
	               "migrate: schema version", e) != 0)
		return -1;
	if (i == 0) {
		/* A new database gets its own id. */
		char id[STORE_ID_MAX];

		store_id_new("db", id);
		if (conn_query(c, SQL_META_SET, "database_id", id, NULL,
		               "migrate: database id", e) != 0)
			return -1;
	}
	return 0;
}

static int
migrate(struct store_conn *c, struct qerr *e)
{
	bool fresh, pending[MIGRATIONS_N], rebuild = false, keys = false;
	int legacy, npending = 0;

	/* Step 0: recognise the database, record a 0.1.0 one's steps by name,
	 * refuse a newer one. */
	if (conn_exec(c, "BEGIN IMMEDIATE", "migrate: begin", e) != 0)
		return -1;
	if (schema_kind(c, &fresh, &legacy, e) != 0 ||
	    conn_exec(c, SQL_MIG_TABLE, "migrate: table", e) != 0)
		goto fail;
	for (int i = 0; i < legacy; i++)
		if (conn_query(c, SQL_MIG_ADD, migrations[i].name, NULL, NULL,
		               "migrate: adopt", e) != 0)
			goto fail;
	if (migrations_known(c, e) != 0)
		goto fail;
	for (int i = 0; i < MIGRATIONS_N; i++) {
		int64_t has;

		if (conn_query(c, SQL_MIG_HAS, migrations[i].name, NULL, &has,
		               "migrate: read", e) != 0)
			goto fail;
		pending[i] = !has;
		npending += !has;
	}
	if (npending > 0 && fk_keys_there(c, pending, &keys, e) != 0)
		goto fail;
	if (conn_exec(c, "COMMIT", "migrate: commit", e) != 0)
		goto fail;
	if (npending == 0)
		return 0;
	/* Then each missing step in order, one transaction each. A step
	 * moves whole tables: with SQLite's 2 MB page cache every index page
	 * it touched was read again from the WAL and spilled to it again (the
	 * upgrade's profile); pages stay in memory up to an import batch's
	 * cache, allocated only as used, and back to the default after. */
	(void)sqlite3_exec(c->db, "PRAGMA cache_size=-" STORE_BATCH_CACHE_KIB, NULL, NULL, NULL);
	sqlite3_progress_handler(c->db, 100000, progress_vm, c->db);
	for (int i = 0, nth = 0; i < MIGRATIONS_N; i++) {
		bool applied = false;

		if (!pending[i])
			continue;
		store_progress_begin(migrations[i].name, ++nth, npending);
		/* A rebuild (0027_org_fks, 0028_carrier_fks) runs with
		 * foreign_keys off, which only takes effect outside a
		 * transaction. So does a step run
		 * after later ones (a database that lost the record of a step,
		 * as the unit tests' migration round trips make), or any step
		 * when keys a pending one adds are there already (keys): they
		 * were not there when it was written. */
		rebuild = keys || fk_migration(migrations[i].name);
		for (int k = i + 1; k < MIGRATIONS_N && !rebuild; k++)
			rebuild = !pending[k];
		if (rebuild && conn_exec(c, FK_PRAGMAS_OFF, "migrate: pragmas", e) != 0)
			return -1;
		if (conn_exec(c, "BEGIN IMMEDIATE", "migrate: begin", e) != 0)
			goto fail;
		if (migration_apply(c, i, &applied, e) != 0 ||
		    conn_exec(c, "COMMIT", "migrate: commit", e) != 0)
			goto fail;
		if (rebuild && conn_exec(c, FK_PRAGMAS_ON, "migrate: pragmas", e) != 0)
			return -1;
		(void)sqlite3_exec(c->db, "PRAGMA ignore_check_constraints=OFF", NULL, NULL, NULL);
		store_progress_end(true);
		if (applied)
			store_migrated(migrations[i].name);
		/* Each step's pages go into the file before the next step, so
		 * the WAL reuses its start instead of holding every step of a
		 * new database at once (a small disk, test_storage_unavailable).
		 * Passive: never waits; what it cannot copy now stays in the
		 * WAL, which is no failure. */
		(void)sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	}
	sqlite3_progress_handler(c->db, 0, NULL, NULL);
	(void)sqlite3_exec(c->db, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
	return 0;
fail:
	sqlite3_progress_handler(c->db, 0, NULL, NULL);
	(void)sqlite3_exec(c->db, "PRAGMA ignore_check_constraints=OFF", NULL, NULL, NULL);
	(void)sqlite3_exec(c->db, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
	store_progress_end(false);
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	if (rebuild)
		sqlite3_exec(c->db, FK_PRAGMAS_ON, NULL, NULL, NULL);
	return -1;
}

/* ---- generated record queries ------------------------------------------ */

/* Fills s->list_sql and s->count_sql: one statement per combination of the
 * optional filters, so each can use its index (a "(?3 IS NULL OR ...)" form
 * would defeat them). Parameters: ?1 kind, ?2 after_seq, ?3 org_id,
 * ?4 parent_id, ?5 state, ?6 ref, ?7 limit. */
static void
gen_queries(struct store *s)
{
	for (int m = 0; m < STORE_LIST_FILTERS; m++) {
		char where[192];

		snprintf(where, sizeof where, "kind = ?1 AND seq > ?2%s%s%s%s",
		         m & STORE_Q_ORG ? " AND org_id = ?3" : "",
		         m & STORE_Q_PARENT ? " AND parent_id = ?4" : "",
		         m & STORE_Q_STATE ? " AND state = ?5" : "",
		         m & STORE_Q_REF ? " AND ref = ?6" : "");
		snprintf(s->list_sql[m], sizeof s->list_sql[m],
		         "SELECT seq, kind, id, org_id, parent_id, ref, state, doc"
		         " FROM record WHERE %s ORDER BY seq LIMIT ?7", where);
		snprintf(s->count_sql[m], sizeof s->count_sql[m],
		         "SELECT count(*) FROM record WHERE %s", where);
	}
}

/* ---- opening ---------------------------------------------------------- */

/* Process-wide SQLite settings, made once before SQLite initialises.
 * Memory statistics take a global mutex on every allocation of every
 * connection; nothing here reads them, and with many readers that mutex is
 * the hottest lock of the server.
 * The statement journal (the pages a SAVEPOINT may have to restore: every
 * member of a group commit runs in one, store_group.c) stays in memory up
 * to STORE_STMTJRNL_SPILL bytes instead of SQLite's 64 KiB: past that it
 * becomes a temporary file, created (a new inode) and unlinked in each
 * such group, and that was the largest item of the write path's profile
 * (a fifth of its CPU; docs/performance.md). A member's savepoint is
 * released before the next one opens, which empties the in-memory journal
 * (one audited write journals about 15 pages, 60 KiB).
 * At most 120 KiB: SQLite keeps the journal in chunks of the threshold's
 * size and, when it spills, writes each chunk with one write, but its unix
 * VFS writes at most 128 KiB per call (seekAndWriteFd masks the length to
 * 17 bits), so past that any spill failed as "database or disk is full"
 * (8 MiB did: every migration step that rewrites more than 8 MiB of rows
 * on a large database, 0028_carrier_fks' rebuild of 200,000 carriers, and
 * any statement journal past 8 MiB gave 503; test_store_migrations
 * reproduces it). */
#define STORE_STMTJRNL_SPILL (120 * 1024)

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void
sqlite_configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STORE_STMTJRNL_SPILL);
}

int
store_open(const char *conn, int flags, struct store **out, struct qerr *e)
{
	struct store *s;
	struct store_conn *c = NULL;
	int oflags = SQLITE_OPEN_READWRITE;
	const char *path = conn;

	*out = NULL;
	if (strncmp(conn, "postgresql://", 13) == 0 || strncmp(conn, "postgres://", 11) == 0) {
		s = calloc(1, sizeof *s);
		if (s == NULL)
			return qerr_internal(e, "open: out of memory");
		s->backend = STORE_PG;
		pthread_mutex_init(&s->mu, NULL);
		pthread_cond_init(&s->cv, NULL);
		store_group_init(s);
		gen_queries(s);
		s->read_only = (flags & STORE_OPEN_READ_ONLY) != 0;
		if (pg_store_open(s, conn, flags, e) != 0) {
			store_close(s);
			return -1;
		}
		*out = s;
		return 0;
	}
	if (strncmp(conn, "sqlite:", 7) == 0)
		path = conn + 7;
	if (strstr(path, "://") != NULL) {
		qerr_set(e, QERR_INTERNAL, "unsupported", NULL, NULL);
		qerr_detail(e, "open: unknown kind of database URL");
		return -1;
	}
	pthread_once(&sqlite_once, sqlite_configure);
	if (sqlite3_threadsafe() == 0)
		return qerr_internal(e, "open: SQLite built without threads");
	if (flags & STORE_OPEN_CREATE) {
		/* Create it ourselves: refuses an existing file, mode 0600
		 * (SQLite gives the WAL and shm files the same mode). */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

		if (fd < 0) {
			if (errno == EEXIST) {
				qerr_set(e, QERR_CONFLICT, "duplicate", NULL, NULL);
				qerr_detail(e, "create: file exists");
				return -1;
			}
			qerr_internal(e, NULL);
			qerr_detail(e, "create: %s", strerror(errno));
			return -1;
		}
		close(fd);
	} else if (access(path, F_OK) != 0) {
		qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
		qerr_detail(e, "open: no database file");
		return -1;
	}

	s = calloc(1, sizeof *s);
	if (s == NULL || (s->path = strdup(path)) == NULL) {
		free(s);
		return qerr_internal(e, "open: out of memory");
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	store_group_init(s);
	gen_queries(s);

	if (conn_open(s, oflags, &c, e) != 0 || migrate(c, e) != 0) {
		conn_close(c);
		store_close(s);
		return -1;
	}
	s->nconn = 1;
	s->idle = &c->link;
	s->read_only = (flags & STORE_OPEN_READ_ONLY) != 0;
	*out = s;
	return 0;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	/* Every transaction must be over (caller's duty). */
	if (s->backend == STORE_PG) {
		pg_store_close(s);
	} else {
		if (s->writer != NULL) {   /* closed with the pool */
			s->writer->next = s->idle;
			s->idle = s->writer;
			s->writer = NULL;
		}
		store_pool_drain(s, pool_close);
	}
	store_sqltext_free(s);
	store_group_destroy(s);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s->path);
	free(s);
}

/* ---- transactions ----------------------------------------------------- */

/* The batch the calling thread holds (store_batch_begin), on either
 * backend: its transaction (NULL: none), nested[d-1] the savepoint at
 * depth d of a store_begin() inside it, and what the audit log is told
 * about each entry written in it. */
static int write_begin(struct store *s, enum store_wlock_mode mode, struct store_tx **tx,
                       struct qerr *e);

static _Thread_local struct {
	struct store_tx *tx;
	int depth;
	struct store_tx nested[STORE_BATCH_DEPTH];
	char tag[STORE_BATCH_TAG_MAX];
	long line;
	/* the audit frontier (PostgreSQL), and as it was when the savepoint
	 * at depth d opened: saved[d-1], restored when it is rolled back */
	struct store_batch_state state;
	struct store_batch_state saved[STORE_BATCH_DEPTH];
} tl_batch;

static bool
batch_held(const struct store *s)
{
	return tl_batch.tx != NULL && tl_batch.tx->s == s;
}

struct store_batch_state *
store_batch_state(const struct store_tx *tx)
{
	const struct store_tx *b = tl_batch.tx;

	if (tx == NULL || b == NULL || b->pg == NULL || tx->pg != b->pg ||
	    (tx != b && tx->sp == 0))
		return NULL;
	return &tl_batch.state;
}

/* Copies the cache (only its used bytes). */
static void
batch_state_copy(struct store_batch_state *to, const struct store_batch_state *from)
{
	to->cached = from->cached;
	to->dirty = from->dirty;
	to->len = from->len;
	if (from->cached && from->len > 0)
		memcpy(to->buf, from->buf, from->len);
}

/* A savepoint statement on the batch's connection. A DB_* code. */
static int
batch_exec(const char *sql)
{
	if (tl_batch.tx->pg != NULL)
		return pg_savepoint(tl_batch.tx, sql);
	return sqlite3_exec(tl_batch.tx->conn->db, sql, NULL, NULL, NULL);
}

/* A store_begin() inside the thread's batch: savepoint depth+1. */
static int
batch_nest(bool write, struct store_tx **tx, struct qerr *e)
{
	struct store_tx *b = tl_batch.tx;
	char sql[32];
	int rc;

	if (tl_batch.depth >= STORE_BATCH_DEPTH)
		return qerr_internal(e, "batch: savepoints nested too deep");
	snprintf(sql, sizeof sql, "SAVEPOINT q%d", tl_batch.depth + 1);
	rc = batch_exec(sql);
	if (rc != DB_OK)
		return store_db_err(e, rc, "batch: savepoint");
	tl_batch.depth++;
	batch_state_copy(&tl_batch.saved[tl_batch.depth - 1], &tl_batch.state);
	*tx = &tl_batch.nested[tl_batch.depth - 1];
	(*tx)->s = b->s;
	(*tx)->conn = b->conn;
	(*tx)->pg = b->pg;
	(*tx)->write = write;
	(*tx)->open = true;
	(*tx)->sp = tl_batch.depth;
	(*tx)->seq_next = (*tx)->seq_end = 0;
	return 0;
}

/* Ends savepoint tx (and any opened after it): kept (RELEASE) or undone
 * (on PostgreSQL also after a failed statement: ROLLBACK TO ends the
 * abort). */
static int
batch_unnest(struct store_tx *tx, bool keep)
{
	char sql[64];
	int rc;

	if (keep)
		snprintf(sql, sizeof sql, "RELEASE q%d", tx->sp);
	else
		snprintf(sql, sizeof sql, "ROLLBACK TO q%d; RELEASE q%d", tx->sp, tx->sp);
	rc = batch_exec(sql);
	if (!keep && tx->sp <= tl_batch.depth)   /* the row is back as it was */
		batch_state_copy(&tl_batch.state, &tl_batch.saved[tx->sp - 1]);
	for (int d = tx->sp; d <= tl_batch.depth; d++)
		tl_batch.nested[d - 1].open = false;
	if (tl_batch.depth >= tx->sp)
		tl_batch.depth = tx->sp - 1;
	return rc;
}

int
store_batch_begin(struct store *s, const char *tag, struct qerr *e)
{
	struct store_tx *tx;

	if (tl_batch.tx != NULL)
		return qerr_internal(e, "batch: already in a batch");
	if (s->read_only)
		return qerr_set(e, QERR_UNAVAILABLE, "read_only", NULL, NULL);
	/* a batch is a transaction of its own, never grouped */
	if (write_begin(s, STORE_WLOCK_SOLO, &tx, e) != 0)
		return -1;
	/* a batch's pages stay in memory until its commit: a smaller cache
	 * spills them to the WAL again and again (store_batch_end resets it) */
	if (tx->pg == NULL)
		(void)sqlite3_exec(tx->conn->db, "PRAGMA cache_size=-" STORE_BATCH_CACHE_KIB, NULL,
		                   NULL, NULL);
	tl_batch.tx = tx;
	tl_batch.depth = 0;
	tl_batch.line = 0;
	tl_batch.state.cached = tl_batch.state.dirty = false;
	q_strlcpy(tl_batch.tag, tag != NULL ? tag : "", sizeof tl_batch.tag);
	return 0;
}

void
store_batch_line(struct store *s, long line)
{
	if (batch_held(s))
		tl_batch.line = line;
}

int
store_batch_end(struct store *s, bool commit, struct qerr *e)
{
	struct store_tx *tx = tl_batch.tx;
	int rc = 0;

	if (!batch_held(s))
		return qerr_internal(e, "batch: none open");
	tl_batch.tx = NULL;
	if (tl_batch.depth > 0) {   /* a step left a savepoint open: never commit that */
		tl_batch.depth = 0;
		commit = false;
		rc = qerr_internal(e, "batch: a savepoint was left open");
	}
	/* the batch's audit frontier, written once (tl_batch.tx is NULL: the
	 * put goes to the row) */
	if (commit && tl_batch.state.dirty &&
	    store_audit_state_put(tx, tl_batch.state.buf, tl_batch.state.len, e) != 0) {
		commit = false;
		rc = -1;
	}
	tl_batch.state.cached = tl_batch.state.dirty = false;
	/* back to a writer's (dirty pages stay until the commit) */
	if (tx->pg == NULL)
		(void)sqlite3_exec(tx->conn->db, "PRAGMA cache_size=-" STORE_WRITER_CACHE_KIB, NULL,
		                   NULL, NULL);
	if (commit)
		return store_commit(tx, e);
	store_rollback(tx);
	return rc;
}

bool
store_tx_batch(const struct store_tx *tx, const char **tag, long *line)
{
	const struct store_tx *b = tl_batch.tx;

	if (tx == NULL || b == NULL ||
	    (tx != b && (tx->sp == 0 || tx->conn != b->conn || tx->pg != b->pg)))
		return false;
	*tag = tl_batch.tag;
	*line = tl_batch.line;
	return true;
}

/* A write transaction under the write lock (store_group.c): a new one, or
 * (mode GROUP) an operation inside a group's open transaction. */
static int
write_begin(struct store *s, enum store_wlock_mode mode, struct store_tx **tx,
            struct qerr *e)
{
	struct store_conn *c;
	struct store_tx *m;
	int rc;

	if (store_wlock(s, mode, &m, e) != 0)
		return -1;
	if (m != NULL) {
		*tx = m;
		return 0;
	}
	if (s->backend == STORE_PG) {
		/* the lock: one writer of this process waits on the advisory
		 * lock at a time, the others in store_wlock (no connection
		 * held) */
		if (pg_begin(s, true, mode == STORE_WLOCK_TRY, tx, e) != 0)
			goto fail;
	} else {
		if (s->writer != NULL) {
			c = (struct store_conn *)s->writer;
			s->writer = NULL;
		} else if (pool_take(s, &c, e) != 0) {
			goto fail;
		}
		/* fails only out of memory, when SQLite's default stays */
		if (!c->writer_cache)
			c->writer_cache = sqlite3_exec(c->db, "PRAGMA cache_size=-"
			                               STORE_WRITER_CACHE_KIB, NULL, NULL,
			                               NULL) == SQLITE_OK;
		/* try: another process's writer is not waited for either */
		if (mode == STORE_WLOCK_TRY)
			sqlite3_busy_timeout(c->db, 0);
		rc = conn_txs(c, STORE_TXS_BEGIN_WRITE);
		if (mode == STORE_WLOCK_TRY)
			sqlite3_busy_timeout(c->db, STORE_BUSY_MS);
		if (rc != SQLITE_OK) {
			pool_give(s, c);
			if (mode == STORE_WLOCK_TRY && (rc & 0xff) == SQLITE_BUSY)
				qerr_set(e, QERR_CONFLICT, "busy", NULL, NULL);
			else
				store_db_err(e, rc, "begin write");
			goto fail;
		}
		c->tx.write = true;
		c->tx.open = true;
		*tx = &c->tx;
	}
	(*tx)->member = false;
	(*tx)->seq_next = (*tx)->seq_end = 0;
	(*tx)->solo = mode == STORE_WLOCK_SOLO;
	if (!(*tx)->solo)
		store_group_open(s, *tx);
	return 0;
fail:
	store_wunlock(s);
	return -1;
}

int
store_begin(struct store *s, bool write, struct store_tx **tx, struct qerr *e)
{
	struct store_conn *c;
	int rc;

	*tx = NULL;
	if (write && s->read_only)
		return qerr_set(e, QERR_UNAVAILABLE, "read_only", NULL, NULL);
	if (batch_held(s))
		return batch_nest(write, tx, e);
	if (write)
		return write_begin(s, STORE_WLOCK_GROUP, tx, e);
	if (s->backend == STORE_PG)
		return pg_begin(s, false, false, tx, e);
	if (pool_take(s, &c, e) != 0)
		return -1;
	rc = conn_txs(c, STORE_TXS_BEGIN);
	if (rc != SQLITE_OK) {
		pool_give(s, c);
		return store_db_err(e, rc, "begin read");
	}
	c->tx.write = false;
	c->tx.member = c->tx.solo = false;
	c->tx.open = true;
	*tx = &c->tx;
	return 0;
}

int
store_begin_try(struct store *s, struct store_tx **tx, struct qerr *e)
{
	*tx = NULL;
	if (s->read_only)
		return qerr_set(e, QERR_UNAVAILABLE, "read_only", NULL, NULL);
	if (batch_held(s))
		return batch_nest(true, tx, e);
	return write_begin(s, STORE_WLOCK_TRY, tx, e);
}

int
store_tx_finish(struct store_tx *tx, bool commit, struct qerr *e)
{
	bool write = tx->write;
	int rc, ret = 0;

	if (tx->pg != NULL) {
		if (commit)
			return pg_commit(tx, e);   /* ends tx either way */
		pg_rollback(tx);
		return 0;
	}
	if (commit) {
		rc = conn_txs(tx->conn, STORE_TXS_COMMIT);
		if (rc != SQLITE_OK)
			ret = store_db_err(e, rc, "commit");
	}
	/* A failed COMMIT may already have rolled back: pool_give() checks
	 * autocommit either way. */
	if ((!commit || ret != 0) && !sqlite3_get_autocommit(tx->conn->db))
		(void)conn_txs(tx->conn, STORE_TXS_ROLLBACK);
	tx->open = false;
	tx->write = false;
	if (write)
		writer_keep(tx->s, tx->conn);
	else
		pool_give(tx->s, tx->conn);
	return ret;
}

bool
store_tx_alive(struct store_tx *tx)
{
	if (tx->pg != NULL)
		return pg_tx_alive(tx);
	return !sqlite3_get_autocommit(tx->conn->db);
}

int
store_commit(struct store_tx *tx, struct qerr *e)
{
	struct store *s;
	bool write;
	int rc;

	if (store_tx_usable(tx, "commit", e) != 0)
		return -1;
	if (tx->sp > 0) {
		rc = batch_unnest(tx, true);
		return rc == SQLITE_OK ? 0 : store_db_err(e, rc, "batch: release");
	}
	if (tx->write && !tx->solo)
		return store_group_commit(tx, e);
	s = tx->s;
	write = tx->write;
	rc = store_tx_finish(tx, true, e);
	if (write) {
		store_wunlock(s);
		if (rc == 0)
			store_after_write(s);
	}
	return rc;
}

void
store_rollback(struct store_tx *tx)
{
	struct store *s;
	bool write;

	if (tx == NULL || !tx->open)
		return;
	if (tx->sp > 0) {
		(void)batch_unnest(tx, false);
		return;
	}
	if (tx->write && !tx->solo) {
		store_group_rollback(tx);
		return;
	}
	s = tx->s;
	write = tx->write;
	(void)store_tx_finish(tx, false, NULL);
	if (write)
		store_wunlock(s);
}

/* ---- ids, meta -------------------------------------------------------- */

void
store_id_new(const char *prefix, char out[STORE_ID_MAX])
{
	uint8_t rnd[8];
	char hex[sizeof rnd * 2 + 1];
	/* Room for '_' and the digits, so the random part is never cut. */
	int pmax = STORE_ID_MAX - 1 - 1 - (int)(sizeof rnd * 2);

	crypto_random(rnd, sizeof rnd);
	crypto_hex(rnd, sizeof rnd, hex);
	snprintf(out, STORE_ID_MAX, "%.*s_%s", pmax, prefix ? prefix : "", hex);
}

int
store_meta_get(struct store_tx *tx, const char *key, char *buf, size_t bufsz,
               struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	if (bufsz > 0)
		buf[0] = '\0';
	if (store_tx_usable(tx, "meta get", e) != 0 ||
	    store_stmt_get(tx, SQL_META_GET, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, key);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (store_col_copy(st, 0, buf, bufsz) != 0)
			ret = qerr_internal(e, "meta get: value too long");
	} else if (rc != DB_DONE) {
		ret = store_db_err(e, rc, "meta get");
	}
	store_stmt_put(tx, st);
	return ret;
}

int
store_meta_set(struct store_tx *tx, const char *key, const char *value,
               struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "meta set", e) != 0 ||
	    store_stmt_get(tx, SQL_META_SET, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, key);
	store_bind_str(st, 2, value);
	rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "meta set");
}

/* ---- backup ----------------------------------------------------------- */

static int
fsync_path(const char *path, int oflags)
{
	int fd = open(path, oflags | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Removes a half-made backup and what SQLite may have left beside it. */
static void
backup_discard(const char *to)
{
	char side[4096];

	unlink(to);
	if ((size_t)snprintf(side, sizeof side, "%s-wal", to) < sizeof side)
		unlink(side);
	if ((size_t)snprintf(side, sizeof side, "%s-shm", to) < sizeof side)
		unlink(side);
	if ((size_t)snprintf(side, sizeof side, "%s-journal", to) < sizeof side)
		unlink(side);
}

int
store_client_files(struct store *s, char **out, int max)
{
	return s->backend == STORE_PG ? pg_client_files(s, out, max) : 0;
}

int
store_backup(struct store *s, const char *to, struct qerr *e)
{
	struct store_conn *src = NULL;
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char *dir = NULL;
	int fd, rc;

	if (s->backend == STORE_PG)
		return pg_backup(s, to, e);
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST) {
			qerr_set(e, QERR_CONFLICT, "duplicate", NULL, NULL);
			qerr_detail(e, "backup: target exists");
			return -1;
		}
		qerr_internal(e, NULL);
		qerr_detail(e, "backup: create target: %s", strerror(errno));
		return -1;
	}
	close(fd);

	if (pool_take(s, &src, e) != 0)
		goto fail;
	rc = sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		store_db_err(e, rc, "backup: open target");
		goto fail;
	}
	/* One step of all pages: the copy is one read snapshot of the source
	 * (WAL lets writers continue meanwhile). */
	b = sqlite3_backup_init(dst, "main", src->db, "main");
	if (b == NULL) {
		store_db_err(e, sqlite3_errcode(dst), "backup: init");
		goto fail;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		store_db_err(e, rc, "backup: copy");
		goto fail;
	}
	/* A self-contained file: no WAL beside it. */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_db_err(e, rc, "backup: journal mode");
		goto fail;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		store_db_err(e, rc, "backup: close target");
		goto fail;
	}
	pool_give(s, src);
	src = NULL;

	if (fsync_path(to, O_RDONLY) != 0) {
		qerr_internal(e, NULL);
		qerr_detail(e, "backup: fsync: %s", strerror(errno));
		goto fail;
	}
	dir = strdup(to);
	if (dir == NULL) {
		qerr_internal(e, "backup: out of memory");
		goto fail;
	}
	if (fsync_path(dirname(dir), O_RDONLY | O_DIRECTORY) != 0) {
		qerr_internal(e, NULL);
		qerr_detail(e, "backup: fsync directory: %s", strerror(errno));
		goto fail;
	}
	free(dir);
	return 0;
fail:
	free(dir);
	if (dst != NULL)
		sqlite3_close(dst);
	if (src != NULL)
		pool_give(s, src);
	backup_discard(to);
	return -1;
}

/* ---- migration names (db.h) -------------------------------------------- */

int
store_migration_count(void)
{
	return MIGRATIONS_N;
}

const char *
store_migration_name(int i)
{
	return i >= 0 && i < MIGRATIONS_N ? migrations[i].name : NULL;
}
