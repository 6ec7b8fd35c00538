/*
 * pg_store.c — the PostgreSQL store (issue 12): opening and migrating the
 * database named by a postgresql:// URL, the connection pool,
 * transactions and the online backup (pg_dump). Statements: pg_stmt.c;
 * the queries themselves are the shared ones (db.h).
 *
 * Owns: struct pg_store (its connections and their cached statements) and
 * each struct store_tx on a PostgreSQL connection between pg_begin() and
 * commit/rollback.
 *
 * Guarantees (store.h's contract)
 *   - A write transaction is READ COMMITTED and takes the transaction-level
 *     advisory lock PG_LOCK_WRITE first: its BEGIN and the lock are sent
 *     with its first statement, in one round trip (pg_stmt.c; a
 *     transaction that runs none sends nothing): write transactions are serialized across every process and
 *     node on the database, as SQLite's BEGIN IMMEDIATE serializes them on
 *     one file, and each statement sees everything committed before the
 *     lock was granted. So a read-modify-write never loses an update, the
 *     Law's one-winner rules hold across nodes, and audit appends (made in
 *     write transactions only) get dense seqs with no fork. The cost is one
 *     writer at a time across the nodes (measured: see store.h); within
 *     one node the writers waiting for it share the holder's transaction
 *     and its one COMMIT, each in its savepoint (group commit,
 *     store_group.c).
 *   - A read transaction is REPEATABLE READ READ ONLY: one snapshot, no
 *     lock, never waits for a writer. Its BEGIN goes with its first
 *     statement too, and its ROLLBACK is sent without waiting for the
 *     answer, which the connection's next user reads first (conn_take):
 *     a one-statement read (an access check's freshness) is one round
 *     trip.
 *   - store_commit() returns 0 only when COMMIT succeeded (the server's
 *     synchronous_commit decides what durable means: on by default, and
 *     the standby's with synchronous_standby_names).
 *   - Migrations: under the session advisory lock PG_LOCK_MIGRATE, so two
 *     nodes starting at once never migrate together; a fresh database gets
 *     the whole current schema (pg_schema.c) with every step of
 *     store_sqlite.c's list recorded by name; a database that recorded a
 *     step this program does not know is refused (its schema is newer).
 *   - A serialization failure or deadlock (SQLSTATE 40001, 40P01) is
 *     DB_SERIAL -> 409 "conflict", which ops_run retries whole.
 *
 * Never: puts the URL (it may carry a password) or the server's message in
 * a qerr meant for a client; prints the server's message of a failed
 * connection or migration to stderr for the operator.
 *
 * Untrusted input: the database's contents (a non-qupiya or newer schema
 * is refused); the URL comes from the command line.
 */
#include "store/pg_int.h"
#include "store/org_fks.h"
#include "store/pg_schema.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;


/* ---- connections -------------------------------------------------------- */

static void
conn_close(struct pg_conn *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->nstmt; i++)
		pg_stmt_free(c->stmt[i].st);
	pg_copy_free(c);
	PQfinish(c->db);
	free(c);
}

static int
conn_open(struct store *s, struct pg_conn **out, struct qerr *e)
{
	struct pg_conn *c = calloc(1, sizeof *c);

	*out = NULL;
	if (c == NULL)
		return qerr_internal(e, "open: out of memory");
	c->s = s;
	c->tx.s = s;
	c->tx.pg = c;
	c->db = PQconnectdb(s->pg->url);
	if (c->db == NULL || PQstatus(c->db) != CONNECTION_OK) {
		/* The operator's message (host, authentication); not the URL. */
		fprintf(stderr, "qupiya: store: postgresql: %s",
		        c->db ? PQerrorMessage(c->db) : "out of memory\n");
		conn_close(c);
		qerr_storage(e, NULL);
		qerr_detail(e, "open: cannot connect to the PostgreSQL server");
		return -1;
	}
	/* Text as UTF-8, dates and numbers as the statements write them. */
	if (pg_exec(c, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
	               " SET client_min_messages = warning") != DB_OK) {
		conn_close(c);
		return qerr_internal(e, "open: session settings");
	}
	*out = c;
	return 0;
}

static int
pool_open(struct store *s, struct store_pool_conn **out, struct qerr *e)
{
	struct pg_conn *c;

	if (conn_open(s, &c, e) != 0)
		return -1;
	*out = &c->link;
	return 0;
}

static void
pool_close(struct store_pool_conn *c)
{
	conn_close((struct pg_conn *)c);
}

/* Gives c back; closes it instead when it is broken or still inside a
 * transaction (invariant 2). */
static void
pool_give(struct store *s, struct pg_conn *c)
{
	bool broken = PQstatus(c->db) != CONNECTION_OK ||
	              (!c->rollback_sent && PQtransactionStatus(c->db) != PQTRANS_IDLE);

	for (int i = 0; i < c->nstmt; i++)
		if (c->stmt[i].busy) {
			pg_stmt_put(&c->tx, &c->stmt[i].st->db);
			c->stmt[i].busy = false;
		}
	store_pool_give(s, &c->link, broken, pool_close);
}

/* A connection from the pool, the answer of its last read transaction's
 * ROLLBACK read (pg_rollback sends it without waiting). */
static int
conn_take(struct store *s, struct pg_conn **out, struct qerr *e)
{
	struct store_pool_conn *link;
	struct pg_conn *c;
	PGresult *r;

	*out = NULL;
	if (store_pool_take(s, pool_open, &link, e) != 0)
		return -1;
	c = (struct pg_conn *)link;
	if (c->rollback_sent) {
		c->rollback_sent = false;
		while ((r = PQgetResult(c->db)) != NULL)
			PQclear(r);
		if (PQstatus(c->db) != CONNECTION_OK ||
		    PQtransactionStatus(c->db) != PQTRANS_IDLE) {
			fprintf(stderr, "qupiya: store: postgresql: %s", PQerrorMessage(c->db));
			pool_give(s, c);   /* closed: broken */
			qerr_storage(e, NULL);
			qerr_detail(e, "the connection to the PostgreSQL server was lost");
			return -1;
		}
	}
	*out = c;
	return 0;
}

/* ---- migrations --------------------------------------------------------- */

/* 0022b_typed_movements: a string field taken into its typed column (as
 * movement_rec_from() decides): null, or a non-empty string of < 40 bytes. */
#define PGMV_OK_STR(k)                                                             \
	"CASE WHEN jsonb_typeof(x.d -> '" k "') = 'null' OR (jsonb_typeof(x.d -> '" k  \
	"') = 'string' AND octet_length(x.d ->> '" k "') BETWEEN 1 AND 39) THEN 1 ELSE 0 END"

/* 0027_org_fks: the placeholders for orphan ids (store/org_fks.h), then
 * each key, added unless the table has it already (idempotent). */
#define PGFK_PERSON_ORPHANS(t, c, org)                                              \
	"INSERT INTO person(id, seq, version, org_id, full_name, citizenship, position," \
	" employment_state, registered_on) SELECT v, nextval('record_seq_seq'), 1,"     \
	" coalesce(o, 'org_unknown'), v, 'KZ', '', 'employed', '1970-01-01' FROM"       \
	" (SELECT " c " AS v, min(" org ") AS o FROM " t " WHERE " c " IS NOT NULL AND"  \
	" " c " NOT IN (SELECT id FROM person) GROUP BY " c " ORDER BY 1) AS x;\n"
#define PGFK_ORG_ORPHANS(t, c)                                                      \
	"INSERT INTO organization(id, seq, version, name, kind, foreign_participation,"  \
	" state, registered_on) SELECT v, nextval('record_seq_seq'), 1, v,"             \
	" 'organization', 0, 'active', '1970-01-01' FROM (SELECT DISTINCT " c " AS v"   \
	" FROM " t " WHERE " c " IS NOT NULL AND " c " NOT IN (SELECT id FROM"          \
	" organization) ORDER BY 1) AS x;\n"
#define PGFK_KEY(t, c, parent)                                                      \
	"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '" t   \
	"'::regclass AND conname = '" t "_" c "_fkey') THEN ALTER TABLE " t " ADD"      \
	" CONSTRAINT " t "_" c "_fkey FOREIGN KEY (" c ") REFERENCES " parent "(id);"   \
	" END IF; END $$;\n"
#define PGFK_P(t, c, org) PGFK_KEY(t, c, "person")
#define PGFK_O(t, c) PGFK_KEY(t, c, "organization")
#define PGFK_C(t, c) PGFK_KEY(t, c, "carrier")

/* Steps appended after the schema of pg_schema.c, by name, in PostgreSQL's
 * dialect. A database that lacks a step with no text here cannot be
 * brought up to date by this program. */
/* store_sqlite.c's 0026_carrier_columns in PostgreSQL's dialect. */
#define PG_CARRIER_0026_COLUMNS \
	"ALTER TABLE carrier\n" \
	"  ADD COLUMN IF NOT EXISTS more BIGINT NOT NULL DEFAULT 0 CHECK (more BETWEEN 0 AND 67108863),\n" \
	"  ADD COLUMN IF NOT EXISTS court_ref TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS lost_on TEXT COLLATE \"C\" CHECK (lost_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS incident_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS joint_work_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS review_required BIGINT CHECK (review_required IN (0, 1)),\n" \
	"  ADD COLUMN IF NOT EXISTS review_due_on TEXT COLLATE \"C\" CHECK (review_due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS review_reason TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS declassified_on TEXT COLLATE \"C\" CHECK (declassified_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS owner_kind TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS owner_name TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS owner_iin TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS owner_bin TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS alienation_contract_ref TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS alienation_compensation DOUBLE PRECISION,\n" \
	"  ADD COLUMN IF NOT EXISTS alienation_nd_signed_on TEXT COLLATE \"C\" CHECK (alienation_nd_signed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS archive_ref TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS archive_org_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS archived_on TEXT COLLATE \"C\" CHECK (archived_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS archived_by TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS destruction_act_number TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS destroyed_on TEXT COLLATE \"C\" CHECK (destroyed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS destroyed_by TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS declassification_ground TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS declassification_court_ref TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS declassification_on TEXT COLLATE \"C\" CHECK (declassification_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS declassification_by TEXT COLLATE \"C\";\n" \
	"ALTER TABLE movement\n" \
	"  ADD COLUMN IF NOT EXISTS more BIGINT NOT NULL DEFAULT 0 CHECK (more BETWEEN 0 AND 131071),\n" \
	"  ADD COLUMN IF NOT EXISTS from_org_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS to_org_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS from_person_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS reason TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS basis TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS transfer_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS joint_work_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS foreign_transfer_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS act_number TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS archive_ref TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS archive_org_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS inventory_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS incident_id TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS ground TEXT COLLATE \"C\",\n" \
	"  ADD COLUMN IF NOT EXISTS declassify_on TEXT COLLATE \"C\" CHECK (declassify_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  ADD COLUMN IF NOT EXISTS found BIGINT CHECK (found IN (0, 1));\n" \
	""
#define PG_CARRIER_0026_MOVES \
	"CREATE TABLE IF NOT EXISTS carrier_review(\n" \
	"  carrier_id TEXT COLLATE \"C\" NOT NULL REFERENCES carrier(id),\n" \
	"  ord BIGINT NOT NULL,\n" \
	"  kind TEXT COLLATE \"C\",\n" \
	"  how TEXT COLLATE \"C\",\n" \
	"  list_item_id TEXT COLLATE \"C\",\n" \
	"  information_id TEXT COLLATE \"C\",\n" \
	"  effective_date TEXT COLLATE \"C\" CHECK (effective_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n" \
	"  by_user TEXT COLLATE \"C\",\n" \
	"  extra TEXT COLLATE \"C\",\n" \
	"  PRIMARY KEY(carrier_id, ord)\n" \
	");\n" \
	"INSERT INTO carrier_review(carrier_id, ord, kind, how, list_item_id, information_id, effective_date, by_user, extra)\n" \
	" SELECT x.id, e.ord - 1, CASE WHEN jsonb_typeof(e.value #> '{kind}') = 'string' AND octet_length((e.value #>> '{kind}')) BETWEEN 1 AND 31 THEN (e.value #>> '{kind}') END, CASE WHEN jsonb_typeof(e.value #> '{how}') = 'string' AND octet_length((e.value #>> '{how}')) BETWEEN 1 AND 31 THEN (e.value #>> '{how}') END, CASE WHEN jsonb_typeof(e.value #> '{list_item_id}') = 'string' AND octet_length((e.value #>> '{list_item_id}')) BETWEEN 1 AND 39 THEN (e.value #>> '{list_item_id}') END, CASE WHEN jsonb_typeof(e.value #> '{information_id}') = 'string' AND octet_length((e.value #>> '{information_id}')) BETWEEN 1 AND 39 THEN (e.value #>> '{information_id}') END, CASE WHEN jsonb_typeof(e.value #> '{effective_date}') = 'string' AND octet_length((e.value #>> '{effective_date}')) BETWEEN 1 AND 10 AND (e.value #>> '{effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN (e.value #>> '{effective_date}') END, CASE WHEN jsonb_typeof(e.value #> '{by}') = 'string' AND octet_length((e.value #>> '{by}')) BETWEEN 1 AND 39 THEN (e.value #>> '{by}') END,\n" \
	"  NULLIF((e.value - array_remove(ARRAY[CASE WHEN jsonb_typeof(e.value #> '{kind}') = 'string' AND octet_length((e.value #>> '{kind}')) BETWEEN 1 AND 31 THEN 'kind' END, CASE WHEN jsonb_typeof(e.value #> '{how}') = 'string' AND octet_length((e.value #>> '{how}')) BETWEEN 1 AND 31 THEN 'how' END, CASE WHEN jsonb_typeof(e.value #> '{list_item_id}') = 'string' AND octet_length((e.value #>> '{list_item_id}')) BETWEEN 1 AND 39 THEN 'list_item_id' END, CASE WHEN jsonb_typeof(e.value #> '{information_id}') = 'string' AND octet_length((e.value #>> '{information_id}')) BETWEEN 1 AND 39 THEN 'information_id' END, CASE WHEN jsonb_typeof(e.value #> '{effective_date}') = 'string' AND octet_length((e.value #>> '{effective_date}')) BETWEEN 1 AND 10 AND (e.value #>> '{effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN 'effective_date' END, CASE WHEN jsonb_typeof(e.value #> '{by}') = 'string' AND octet_length((e.value #>> '{by}')) BETWEEN 1 AND 39 THEN 'by' END]::text[], NULL))::text, '{}')\n" \
	" FROM (SELECT id, extra::jsonb AS j FROM carrier WHERE extra IS NOT NULL) AS x CROSS JOIN LATERAL jsonb_array_elements(x.j -> 'reviews') WITH ORDINALITY AS e(value, ord)\n" \
	" WHERE (jsonb_typeof(x.j #> '{reviews}') = 'array' AND (SELECT count(*) FROM jsonb_array_elements(x.j -> 'reviews') AS e(value) WHERE jsonb_typeof(e.value) <> 'object') = 0) ON CONFLICT DO NOTHING;\n" \
	"UPDATE carrier SET more = carrier.more | (CASE WHEN m.ok_court_ref THEN 1 ELSE 0 END) | (CASE WHEN m.ok_lost_on THEN 2 ELSE 0 END) | (CASE WHEN m.ok_incident_id THEN 4 ELSE 0 END) | (CASE WHEN m.ok_joint_work_id THEN 8 ELSE 0 END) | (CASE WHEN m.ok_review_required THEN 16 ELSE 0 END) | (CASE WHEN m.ok_review_due_on THEN 32 ELSE 0 END) | (CASE WHEN m.ok_review_reason THEN 64 ELSE 0 END) | (CASE WHEN m.ok_declassified_on THEN 128 ELSE 0 END) | (CASE WHEN m.obj_owner OR m.null_owner THEN 256 ELSE 0 END) | (CASE WHEN m.obj_owner THEN 512 ELSE 0 END) | (CASE WHEN m.obj_owner AND jsonb_typeof(m.j #> '{owner,iin}') IS NOT NULL THEN 1024 ELSE 0 END) | (CASE WHEN m.obj_owner AND jsonb_typeof(m.j #> '{owner,bin}') IS NOT NULL THEN 2048 ELSE 0 END) | (CASE WHEN m.obj_alienation OR m.null_alienation THEN 4096 ELSE 0 END) | (CASE WHEN m.obj_alienation THEN 8192 ELSE 0 END) | (CASE WHEN m.obj_alienation AND jsonb_typeof(m.j #> '{alienation,contract_ref}') IS NOT NULL THEN 16384 ELSE 0 END) | (CASE WHEN m.obj_alienation AND jsonb_typeof(m.j #> '{alienation,compensation}') IS NOT NULL THEN 32768 ELSE 0 END) | (CASE WHEN m.obj_alienation AND jsonb_typeof(m.j #> '{alienation,compensation}') IS NOT NULL AND (m.j #>> '{alienation,compensation}') ~ '^-?[0-9]+$' THEN 65536 ELSE 0 END) | (CASE WHEN m.obj_alienation AND jsonb_typeof(m.j #> '{alienation,non_disclosure_signed_on}') IS NOT NULL THEN 131072 ELSE 0 END) | (CASE WHEN m.obj_archive OR m.null_archive THEN 262144 ELSE 0 END) | (CASE WHEN m.obj_archive THEN 524288 ELSE 0 END) | (CASE WHEN m.obj_archive AND jsonb_typeof(m.j #> '{archive,archive_org_id}') IS NOT NULL THEN 1048576 ELSE 0 END) | (CASE WHEN m.obj_destruction OR m.null_destruction THEN 2097152 ELSE 0 END) | (CASE WHEN m.obj_destruction THEN 4194304 ELSE 0 END) | (CASE WHEN m.obj_declassification OR m.null_declassification THEN 8388608 ELSE 0 END) | (CASE WHEN m.obj_declassification THEN 16777216 ELSE 0 END) | (CASE WHEN m.ok_reviews THEN 33554432 ELSE 0 END),\n" \
	"  court_ref = CASE WHEN m.ok_court_ref THEN (CASE WHEN jsonb_typeof(m.j #> '{court_ref}') = 'string' THEN (m.j #>> '{court_ref}') END) END,\n" \
	"  lost_on = CASE WHEN m.ok_lost_on THEN (CASE WHEN jsonb_typeof(m.j #> '{lost_on}') = 'string' THEN (m.j #>> '{lost_on}') END) END,\n" \
	"  incident_id = CASE WHEN m.ok_incident_id THEN (CASE WHEN jsonb_typeof(m.j #> '{incident_id}') = 'string' THEN (m.j #>> '{incident_id}') END) END,\n" \
	"  joint_work_id = CASE WHEN m.ok_joint_work_id THEN (CASE WHEN jsonb_typeof(m.j #> '{joint_work_id}') = 'string' THEN (m.j #>> '{joint_work_id}') END) END,\n" \
	"  review_required = CASE WHEN m.ok_review_required THEN (CASE WHEN jsonb_typeof(m.j #> '{review_required}') = 'boolean' THEN (CASE WHEN (m.j #>> '{review_required}') = 'true' THEN 1 ELSE 0 END) END) END,\n" \
	"  review_due_on = CASE WHEN m.ok_review_due_on THEN (CASE WHEN jsonb_typeof(m.j #> '{review_due_on}') = 'string' THEN (m.j #>> '{review_due_on}') END) END,\n" \
	"  review_reason = CASE WHEN m.ok_review_reason THEN (CASE WHEN jsonb_typeof(m.j #> '{review_reason}') = 'string' THEN (m.j #>> '{review_reason}') END) END,\n" \
	"  declassified_on = CASE WHEN m.ok_declassified_on THEN (CASE WHEN jsonb_typeof(m.j #> '{declassified_on}') = 'string' THEN (m.j #>> '{declassified_on}') END) END,\n" \
	"  owner_kind = CASE WHEN m.obj_owner AND jsonb_typeof(m.j #> '{owner,kind}') = 'string' THEN (m.j #>> '{owner,kind}') END,\n" \
	"  owner_name = CASE WHEN m.obj_owner AND jsonb_typeof(m.j #> '{owner,name}') = 'string' THEN (m.j #>> '{owner,name}') END,\n" \
	"  owner_iin = CASE WHEN m.obj_owner AND jsonb_typeof(m.j #> '{owner,iin}') = 'string' THEN (m.j #>> '{owner,iin}') END,\n" \
	"  owner_bin = CASE WHEN m.obj_owner AND jsonb_typeof(m.j #> '{owner,bin}') = 'string' THEN (m.j #>> '{owner,bin}') END,\n" \
	"  alienation_contract_ref = CASE WHEN m.obj_alienation AND jsonb_typeof(m.j #> '{alienation,contract_ref}') = 'string' THEN (m.j #>> '{alienation,contract_ref}') END,\n" \
	"  alienation_compensation = CASE WHEN m.obj_alienation AND jsonb_typeof(m.j #> '{alienation,compensation}') IS NOT NULL THEN ((m.j #>> '{alienation,compensation}'))::double precision END,\n" \
	"  alienation_nd_signed_on = CASE WHEN m.obj_alienation AND jsonb_typeof(m.j #> '{alienation,non_disclosure_signed_on}') = 'string' THEN (m.j #>> '{alienation,non_disclosure_signed_on}') END,\n" \
	"  archive_ref = CASE WHEN m.obj_archive AND jsonb_typeof(m.j #> '{archive,archive_ref}') = 'string' THEN (m.j #>> '{archive,archive_ref}') END,\n" \
	"  archive_org_id = CASE WHEN m.obj_archive AND jsonb_typeof(m.j #> '{archive,archive_org_id}') = 'string' THEN (m.j #>> '{archive,archive_org_id}') END,\n" \
	"  archived_on = CASE WHEN m.obj_archive AND jsonb_typeof(m.j #> '{archive,date}') = 'string' THEN (m.j #>> '{archive,date}') END,\n" \
	"  archived_by = CASE WHEN m.obj_archive AND jsonb_typeof(m.j #> '{archive,by}') = 'string' THEN (m.j #>> '{archive,by}') END,\n" \
	"  destruction_act_number = CASE WHEN m.obj_destruction AND jsonb_typeof(m.j #> '{destruction,act_number}') = 'string' THEN (m.j #>> '{destruction,act_number}') END,\n" \
	"  destroyed_on = CASE WHEN m.obj_destruction AND jsonb_typeof(m.j #> '{destruction,date}') = 'string' THEN (m.j #>> '{destruction,date}') END,\n" \
	"  destroyed_by = CASE WHEN m.obj_destruction AND jsonb_typeof(m.j #> '{destruction,by}') = 'string' THEN (m.j #>> '{destruction,by}') END,\n" \
	"  declassification_ground = CASE WHEN m.obj_declassification AND jsonb_typeof(m.j #> '{declassification,ground}') = 'string' THEN (m.j #>> '{declassification,ground}') END,\n" \
	"  declassification_court_ref = CASE WHEN m.obj_declassification AND jsonb_typeof(m.j #> '{declassification,court_ref}') = 'string' THEN (m.j #>> '{declassification,court_ref}') END,\n" \
	"  declassification_on = CASE WHEN m.obj_declassification AND jsonb_typeof(m.j #> '{declassification,effective_date}') = 'string' THEN (m.j #>> '{declassification,effective_date}') END,\n" \
	"  declassification_by = CASE WHEN m.obj_declassification AND jsonb_typeof(m.j #> '{declassification,by}') = 'string' THEN (m.j #>> '{declassification,by}') END,\n" \
	"  extra = NULLIF((m.j - array_remove(ARRAY[CASE WHEN m.ok_court_ref THEN 'court_ref' END, CASE WHEN m.ok_lost_on THEN 'lost_on' END, CASE WHEN m.ok_incident_id THEN 'incident_id' END, CASE WHEN m.ok_joint_work_id THEN 'joint_work_id' END, CASE WHEN m.ok_review_required THEN 'review_required' END, CASE WHEN m.ok_review_due_on THEN 'review_due_on' END, CASE WHEN m.ok_review_reason THEN 'review_reason' END, CASE WHEN m.ok_declassified_on THEN 'declassified_on' END, CASE WHEN (m.obj_owner OR m.null_owner) THEN 'owner' END, CASE WHEN (m.obj_alienation OR m.null_alienation) THEN 'alienation' END, CASE WHEN (m.obj_archive OR m.null_archive) THEN 'archive' END, CASE WHEN (m.obj_destruction OR m.null_destruction) THEN 'destruction' END, CASE WHEN (m.obj_declassification OR m.null_declassification) THEN 'declassification' END, CASE WHEN m.ok_reviews THEN 'reviews' END]::text[], NULL))::text, '{}')\n" \
	" FROM (SELECT x.id AS xid, x.j,\n" \
	"  ((jsonb_typeof(x.j #> '{court_ref}') = 'null' OR (jsonb_typeof(x.j #> '{court_ref}') = 'string' AND octet_length((x.j #>> '{court_ref}')) BETWEEN 1 AND 255))) AS ok_court_ref,\n" \
	"  ((jsonb_typeof(x.j #> '{lost_on}') = 'null' OR (jsonb_typeof(x.j #> '{lost_on}') = 'string' AND octet_length((x.j #>> '{lost_on}')) BETWEEN 1 AND 10 AND (x.j #>> '{lost_on}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'))) AS ok_lost_on,\n" \
	"  ((jsonb_typeof(x.j #> '{incident_id}') = 'null' OR (jsonb_typeof(x.j #> '{incident_id}') = 'string' AND octet_length((x.j #>> '{incident_id}')) BETWEEN 1 AND 39))) AS ok_incident_id,\n" \
	"  ((jsonb_typeof(x.j #> '{joint_work_id}') = 'null' OR (jsonb_typeof(x.j #> '{joint_work_id}') = 'string' AND octet_length((x.j #>> '{joint_work_id}')) BETWEEN 1 AND 39))) AS ok_joint_work_id,\n" \
	"  ((jsonb_typeof(x.j #> '{review_required}') = 'null' OR jsonb_typeof(x.j #> '{review_required}') = 'boolean')) AS ok_review_required,\n" \
	"  ((jsonb_typeof(x.j #> '{review_due_on}') = 'null' OR (jsonb_typeof(x.j #> '{review_due_on}') = 'string' AND octet_length((x.j #>> '{review_due_on}')) BETWEEN 1 AND 10 AND (x.j #>> '{review_due_on}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'))) AS ok_review_due_on,\n" \
	"  ((jsonb_typeof(x.j #> '{review_reason}') = 'null' OR (jsonb_typeof(x.j #> '{review_reason}') = 'string' AND octet_length((x.j #>> '{review_reason}')) BETWEEN 1 AND 31))) AS ok_review_reason,\n" \
	"  ((jsonb_typeof(x.j #> '{declassified_on}') = 'null' OR (jsonb_typeof(x.j #> '{declassified_on}') = 'string' AND octet_length((x.j #>> '{declassified_on}')) BETWEEN 1 AND 10 AND (x.j #>> '{declassified_on}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'))) AS ok_declassified_on,\n" \
	"  (jsonb_typeof(x.j #> '{owner}') = 'object' AND (SELECT count(*) FROM jsonb_object_keys(x.j -> 'owner') AS e(key) WHERE e.key NOT IN ('kind', 'name', 'iin', 'bin')) = 0 AND ((jsonb_typeof(x.j #> '{owner,kind}') = 'string' AND octet_length((x.j #>> '{owner,kind}')) BETWEEN 1 AND 23)) AND ((jsonb_typeof(x.j #> '{owner,name}') = 'string' AND octet_length((x.j #>> '{owner,name}')) BETWEEN 1 AND 1023)) AND (jsonb_typeof(x.j #> '{owner,iin}') IS NULL OR ((jsonb_typeof(x.j #> '{owner,iin}') = 'string' AND octet_length((x.j #>> '{owner,iin}')) BETWEEN 1 AND 15))) AND (jsonb_typeof(x.j #> '{owner,bin}') IS NULL OR ((jsonb_typeof(x.j #> '{owner,bin}') = 'string' AND octet_length((x.j #>> '{owner,bin}')) BETWEEN 1 AND 15)))) AS obj_owner,\n" \
	"  jsonb_typeof(x.j #> '{owner}') = 'null' AS null_owner,\n" \
	"  (jsonb_typeof(x.j #> '{alienation}') = 'object' AND (SELECT count(*) FROM jsonb_object_keys(x.j -> 'alienation') AS e(key) WHERE e.key NOT IN ('contract_ref', 'compensation', 'non_disclosure_signed_on')) = 0 AND (jsonb_typeof(x.j #> '{alienation,contract_ref}') IS NULL OR ((jsonb_typeof(x.j #> '{alienation,contract_ref}') = 'string' AND octet_length((x.j #>> '{alienation,contract_ref}')) BETWEEN 1 AND 255))) AND (jsonb_typeof(x.j #> '{alienation,compensation}') IS NULL OR ((jsonb_typeof(x.j #> '{alienation,compensation}') = 'number' AND ((x.j #>> '{alienation,compensation}') !~ '^-?[0-9]+$' OR abs(((x.j #>> '{alienation,compensation}'))::numeric) <= 9007199254740992)))) AND (jsonb_typeof(x.j #> '{alienation,non_disclosure_signed_on}') IS NULL OR ((jsonb_typeof(x.j #> '{alienation,non_disclosure_signed_on}') = 'string' AND octet_length((x.j #>> '{alienation,non_disclosure_signed_on}')) BETWEEN 1 AND 10 AND (x.j #>> '{alienation,non_disclosure_signed_on}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')))) AS obj_alienation,\n" \
	"  jsonb_typeof(x.j #> '{alienation}') = 'null' AS null_alienation,\n" \
	"  (jsonb_typeof(x.j #> '{archive}') = 'object' AND (SELECT count(*) FROM jsonb_object_keys(x.j -> 'archive') AS e(key) WHERE e.key NOT IN ('archive_ref', 'archive_org_id', 'date', 'by')) = 0 AND ((jsonb_typeof(x.j #> '{archive,archive_ref}') = 'string' AND octet_length((x.j #>> '{archive,archive_ref}')) BETWEEN 1 AND 255)) AND (jsonb_typeof(x.j #> '{archive,archive_org_id}') IS NULL OR ((jsonb_typeof(x.j #> '{archive,archive_org_id}') = 'null' OR (jsonb_typeof(x.j #> '{archive,archive_org_id}') = 'string' AND octet_length((x.j #>> '{archive,archive_org_id}')) BETWEEN 1 AND 39)))) AND ((jsonb_typeof(x.j #> '{archive,date}') = 'string' AND octet_length((x.j #>> '{archive,date}')) BETWEEN 1 AND 10 AND (x.j #>> '{archive,date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')) AND ((jsonb_typeof(x.j #> '{archive,by}') = 'string' AND octet_length((x.j #>> '{archive,by}')) BETWEEN 1 AND 39))) AS obj_archive,\n" \
	"  jsonb_typeof(x.j #> '{archive}') = 'null' AS null_archive,\n" \
	"  (jsonb_typeof(x.j #> '{destruction}') = 'object' AND (SELECT count(*) FROM jsonb_object_keys(x.j -> 'destruction') AS e(key) WHERE e.key NOT IN ('act_number', 'date', 'by')) = 0 AND ((jsonb_typeof(x.j #> '{destruction,act_number}') = 'string' AND octet_length((x.j #>> '{destruction,act_number}')) BETWEEN 1 AND 255)) AND ((jsonb_typeof(x.j #> '{destruction,date}') = 'string' AND octet_length((x.j #>> '{destruction,date}')) BETWEEN 1 AND 10 AND (x.j #>> '{destruction,date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')) AND ((jsonb_typeof(x.j #> '{destruction,by}') = 'string' AND octet_length((x.j #>> '{destruction,by}')) BETWEEN 1 AND 39))) AS obj_destruction,\n" \
	"  jsonb_typeof(x.j #> '{destruction}') = 'null' AS null_destruction,\n" \
	"  (jsonb_typeof(x.j #> '{declassification}') = 'object' AND (SELECT count(*) FROM jsonb_object_keys(x.j -> 'declassification') AS e(key) WHERE e.key NOT IN ('ground', 'court_ref', 'effective_date', 'by')) = 0 AND ((jsonb_typeof(x.j #> '{declassification,ground}') = 'null' OR (jsonb_typeof(x.j #> '{declassification,ground}') = 'string' AND octet_length((x.j #>> '{declassification,ground}')) BETWEEN 1 AND 31))) AND ((jsonb_typeof(x.j #> '{declassification,court_ref}') = 'null' OR (jsonb_typeof(x.j #> '{declassification,court_ref}') = 'string' AND octet_length((x.j #>> '{declassification,court_ref}')) BETWEEN 1 AND 255))) AND ((jsonb_typeof(x.j #> '{declassification,effective_date}') = 'string' AND octet_length((x.j #>> '{declassification,effective_date}')) BETWEEN 1 AND 10 AND (x.j #>> '{declassification,effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')) AND ((jsonb_typeof(x.j #> '{declassification,by}') = 'string' AND octet_length((x.j #>> '{declassification,by}')) BETWEEN 1 AND 39))) AS obj_declassification,\n" \
	"  jsonb_typeof(x.j #> '{declassification}') = 'null' AS null_declassification,\n" \
	"  (jsonb_typeof(x.j #> '{reviews}') = 'array' AND (SELECT count(*) FROM jsonb_array_elements(x.j -> 'reviews') AS e(value) WHERE jsonb_typeof(e.value) <> 'object') = 0) AS ok_reviews\n" \
	"  FROM (SELECT id, extra::jsonb AS j FROM carrier WHERE extra IS NOT NULL AND jsonb_typeof(extra::jsonb) = 'object') AS x) AS m\n" \
	" WHERE carrier.id = m.xid;\n" \
	"CREATE TABLE IF NOT EXISTS movement_copy(\n" \
	"  movement_id TEXT COLLATE \"C\" NOT NULL REFERENCES movement(id),\n" \
	"  ord BIGINT NOT NULL,\n" \
	"  number BIGINT NOT NULL,\n" \
	"  PRIMARY KEY(movement_id, ord)\n" \
	");\n" \
	"INSERT INTO movement_copy(movement_id, ord, number)\n" \
	" SELECT x.id, e.ord - 1, (e.value::text)::bigint\n" \
	" FROM (SELECT id, extra::jsonb AS j FROM movement WHERE extra IS NOT NULL) AS x CROSS JOIN LATERAL jsonb_array_elements(x.j -> 'copy_numbers') WITH ORDINALITY AS e(value, ord)\n" \
	" WHERE (jsonb_typeof(x.j #> '{copy_numbers}') = 'array' AND (SELECT count(*) FROM jsonb_array_elements(x.j -> 'copy_numbers') AS f(value) WHERE jsonb_typeof(f.value) <> 'number' OR f.value::text !~ '^-?[0-9]{1,18}$') = 0) ON CONFLICT DO NOTHING;\n" \
	"UPDATE movement SET more = movement.more | (CASE WHEN m.ok_from_org_id THEN 1 ELSE 0 END) | (CASE WHEN m.ok_to_org_id THEN 2 ELSE 0 END) | (CASE WHEN m.ok_from_person_id THEN 4 ELSE 0 END) | (CASE WHEN m.ok_reason THEN 8 ELSE 0 END) | (CASE WHEN m.ok_basis THEN 16 ELSE 0 END) | (CASE WHEN m.ok_transfer_id THEN 32 ELSE 0 END) | (CASE WHEN m.ok_joint_work_id THEN 64 ELSE 0 END) | (CASE WHEN m.ok_foreign_transfer_id THEN 128 ELSE 0 END) | (CASE WHEN m.ok_act_number THEN 256 ELSE 0 END) | (CASE WHEN m.ok_archive_ref THEN 512 ELSE 0 END) | (CASE WHEN m.ok_archive_org_id THEN 1024 ELSE 0 END) | (CASE WHEN m.ok_inventory_id THEN 2048 ELSE 0 END) | (CASE WHEN m.ok_incident_id THEN 4096 ELSE 0 END) | (CASE WHEN m.ok_ground THEN 8192 ELSE 0 END) | (CASE WHEN m.ok_declassify_on THEN 16384 ELSE 0 END) | (CASE WHEN m.ok_found THEN 32768 ELSE 0 END) | (CASE WHEN m.ok_copy_numbers THEN 65536 ELSE 0 END),\n" \
	"  from_org_id = CASE WHEN m.ok_from_org_id THEN (CASE WHEN jsonb_typeof(m.j #> '{from_org_id}') = 'string' THEN (m.j #>> '{from_org_id}') END) END,\n" \
	"  to_org_id = CASE WHEN m.ok_to_org_id THEN (CASE WHEN jsonb_typeof(m.j #> '{to_org_id}') = 'string' THEN (m.j #>> '{to_org_id}') END) END,\n" \
	"  from_person_id = CASE WHEN m.ok_from_person_id THEN (CASE WHEN jsonb_typeof(m.j #> '{from_person_id}') = 'string' THEN (m.j #>> '{from_person_id}') END) END,\n" \
	"  reason = CASE WHEN m.ok_reason THEN (CASE WHEN jsonb_typeof(m.j #> '{reason}') = 'string' THEN (m.j #>> '{reason}') END) END,\n" \
	"  basis = CASE WHEN m.ok_basis THEN (CASE WHEN jsonb_typeof(m.j #> '{basis}') = 'string' THEN (m.j #>> '{basis}') END) END,\n" \
	"  transfer_id = CASE WHEN m.ok_transfer_id THEN (CASE WHEN jsonb_typeof(m.j #> '{transfer_id}') = 'string' THEN (m.j #>> '{transfer_id}') END) END,\n" \
	"  joint_work_id = CASE WHEN m.ok_joint_work_id THEN (CASE WHEN jsonb_typeof(m.j #> '{joint_work_id}') = 'string' THEN (m.j #>> '{joint_work_id}') END) END,\n" \
	"  foreign_transfer_id = CASE WHEN m.ok_foreign_transfer_id THEN (CASE WHEN jsonb_typeof(m.j #> '{foreign_transfer_id}') = 'string' THEN (m.j #>> '{foreign_transfer_id}') END) END,\n" \
	"  act_number = CASE WHEN m.ok_act_number THEN (CASE WHEN jsonb_typeof(m.j #> '{act_number}') = 'string' THEN (m.j #>> '{act_number}') END) END,\n" \
	"  archive_ref = CASE WHEN m.ok_archive_ref THEN (CASE WHEN jsonb_typeof(m.j #> '{archive_ref}') = 'string' THEN (m.j #>> '{archive_ref}') END) END,\n" \
	"  archive_org_id = CASE WHEN m.ok_archive_org_id THEN (CASE WHEN jsonb_typeof(m.j #> '{archive_org_id}') = 'string' THEN (m.j #>> '{archive_org_id}') END) END,\n" \
	"  inventory_id = CASE WHEN m.ok_inventory_id THEN (CASE WHEN jsonb_typeof(m.j #> '{inventory_id}') = 'string' THEN (m.j #>> '{inventory_id}') END) END,\n" \
	"  incident_id = CASE WHEN m.ok_incident_id THEN (CASE WHEN jsonb_typeof(m.j #> '{incident_id}') = 'string' THEN (m.j #>> '{incident_id}') END) END,\n" \
	"  ground = CASE WHEN m.ok_ground THEN (CASE WHEN jsonb_typeof(m.j #> '{ground}') = 'string' THEN (m.j #>> '{ground}') END) END,\n" \
	"  declassify_on = CASE WHEN m.ok_declassify_on THEN (CASE WHEN jsonb_typeof(m.j #> '{declassify_on}') = 'string' THEN (m.j #>> '{declassify_on}') END) END,\n" \
	"  found = CASE WHEN m.ok_found THEN (CASE WHEN jsonb_typeof(m.j #> '{found}') = 'boolean' THEN (CASE WHEN (m.j #>> '{found}') = 'true' THEN 1 ELSE 0 END) END) END,\n" \
	"  extra = NULLIF((m.j - array_remove(ARRAY[CASE WHEN m.ok_from_org_id THEN 'from_org_id' END, CASE WHEN m.ok_to_org_id THEN 'to_org_id' END, CASE WHEN m.ok_from_person_id THEN 'from_person_id' END, CASE WHEN m.ok_reason THEN 'reason' END, CASE WHEN m.ok_basis THEN 'basis' END, CASE WHEN m.ok_transfer_id THEN 'transfer_id' END, CASE WHEN m.ok_joint_work_id THEN 'joint_work_id' END, CASE WHEN m.ok_foreign_transfer_id THEN 'foreign_transfer_id' END, CASE WHEN m.ok_act_number THEN 'act_number' END, CASE WHEN m.ok_archive_ref THEN 'archive_ref' END, CASE WHEN m.ok_archive_org_id THEN 'archive_org_id' END, CASE WHEN m.ok_inventory_id THEN 'inventory_id' END, CASE WHEN m.ok_incident_id THEN 'incident_id' END, CASE WHEN m.ok_ground THEN 'ground' END, CASE WHEN m.ok_declassify_on THEN 'declassify_on' END, CASE WHEN m.ok_found THEN 'found' END, CASE WHEN m.ok_copy_numbers THEN 'copy_numbers' END]::text[], NULL))::text, '{}')\n" \
	" FROM (SELECT x.id AS xid, x.j,\n" \
	"  ((jsonb_typeof(x.j #> '{from_org_id}') = 'null' OR (jsonb_typeof(x.j #> '{from_org_id}') = 'string' AND octet_length((x.j #>> '{from_org_id}')) BETWEEN 1 AND 39))) AS ok_from_org_id,\n" \
	"  ((jsonb_typeof(x.j #> '{to_org_id}') = 'null' OR (jsonb_typeof(x.j #> '{to_org_id}') = 'string' AND octet_length((x.j #>> '{to_org_id}')) BETWEEN 1 AND 39))) AS ok_to_org_id,\n" \
	"  ((jsonb_typeof(x.j #> '{from_person_id}') = 'null' OR (jsonb_typeof(x.j #> '{from_person_id}') = 'string' AND octet_length((x.j #>> '{from_person_id}')) BETWEEN 1 AND 39))) AS ok_from_person_id,\n" \
	"  ((jsonb_typeof(x.j #> '{reason}') = 'null' OR (jsonb_typeof(x.j #> '{reason}') = 'string' AND octet_length((x.j #>> '{reason}')) BETWEEN 1 AND 1023))) AS ok_reason,\n" \
	"  ((jsonb_typeof(x.j #> '{basis}') = 'null' OR (jsonb_typeof(x.j #> '{basis}') = 'string' AND octet_length((x.j #>> '{basis}')) BETWEEN 1 AND 39))) AS ok_basis,\n" \
	"  ((jsonb_typeof(x.j #> '{transfer_id}') = 'null' OR (jsonb_typeof(x.j #> '{transfer_id}') = 'string' AND octet_length((x.j #>> '{transfer_id}')) BETWEEN 1 AND 39))) AS ok_transfer_id,\n" \
	"  ((jsonb_typeof(x.j #> '{joint_work_id}') = 'null' OR (jsonb_typeof(x.j #> '{joint_work_id}') = 'string' AND octet_length((x.j #>> '{joint_work_id}')) BETWEEN 1 AND 39))) AS ok_joint_work_id,\n" \
	"  ((jsonb_typeof(x.j #> '{foreign_transfer_id}') = 'null' OR (jsonb_typeof(x.j #> '{foreign_transfer_id}') = 'string' AND octet_length((x.j #>> '{foreign_transfer_id}')) BETWEEN 1 AND 39))) AS ok_foreign_transfer_id,\n" \
	"  ((jsonb_typeof(x.j #> '{act_number}') = 'null' OR (jsonb_typeof(x.j #> '{act_number}') = 'string' AND octet_length((x.j #>> '{act_number}')) BETWEEN 1 AND 255))) AS ok_act_number,\n" \
	"  ((jsonb_typeof(x.j #> '{archive_ref}') = 'null' OR (jsonb_typeof(x.j #> '{archive_ref}') = 'string' AND octet_length((x.j #>> '{archive_ref}')) BETWEEN 1 AND 255))) AS ok_archive_ref,\n" \
	"  ((jsonb_typeof(x.j #> '{archive_org_id}') = 'null' OR (jsonb_typeof(x.j #> '{archive_org_id}') = 'string' AND octet_length((x.j #>> '{archive_org_id}')) BETWEEN 1 AND 39))) AS ok_archive_org_id,\n" \
	"  ((jsonb_typeof(x.j #> '{inventory_id}') = 'null' OR (jsonb_typeof(x.j #> '{inventory_id}') = 'string' AND octet_length((x.j #>> '{inventory_id}')) BETWEEN 1 AND 39))) AS ok_inventory_id,\n" \
	"  ((jsonb_typeof(x.j #> '{incident_id}') = 'null' OR (jsonb_typeof(x.j #> '{incident_id}') = 'string' AND octet_length((x.j #>> '{incident_id}')) BETWEEN 1 AND 39))) AS ok_incident_id,\n" \
	"  ((jsonb_typeof(x.j #> '{ground}') = 'null' OR (jsonb_typeof(x.j #> '{ground}') = 'string' AND octet_length((x.j #>> '{ground}')) BETWEEN 1 AND 39))) AS ok_ground,\n" \
	"  ((jsonb_typeof(x.j #> '{declassify_on}') = 'null' OR (jsonb_typeof(x.j #> '{declassify_on}') = 'string' AND octet_length((x.j #>> '{declassify_on}')) BETWEEN 1 AND 10 AND (x.j #>> '{declassify_on}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'))) AS ok_declassify_on,\n" \
	"  ((jsonb_typeof(x.j #> '{found}') = 'null' OR jsonb_typeof(x.j #> '{found}') = 'boolean')) AS ok_found,\n" \
	"  (jsonb_typeof(x.j #> '{copy_numbers}') = 'array' AND (SELECT count(*) FROM jsonb_array_elements(x.j -> 'copy_numbers') AS e(value) WHERE jsonb_typeof(e.value) <> 'number' OR e.value::text !~ '^-?[0-9]{1,18}$') = 0) AS ok_copy_numbers\n" \
	"  FROM (SELECT id, extra::jsonb AS j FROM movement WHERE extra IS NOT NULL AND jsonb_typeof(extra::jsonb) = 'object') AS x) AS m\n" \
	" WHERE movement.id = m.xid;\n" \
	""



static const struct {
	const char *name, *sql;
} pg_steps[] = {
	{"0017_record_kind_ref", "CREATE INDEX IF NOT EXISTS record_kind_ref ON record(kind, ref)"},
	{"0018_typed_persons",
	 "CREATE TABLE IF NOT EXISTS person(id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL, seq"
	 " BIGINT NOT NULL UNIQUE, version BIGINT NOT NULL DEFAULT 1, org_id TEXT COLLATE"
	 " \"C\" NOT NULL, iin TEXT COLLATE \"C\", passport TEXT COLLATE \"C\", full_name TEXT"
	 " COLLATE \"C\" NOT NULL, citizenship TEXT COLLATE \"C\" NOT NULL CHECK (citizenship"
	 " IN ('KZ', 'foreign', 'stateless')), position TEXT COLLATE \"C\" NOT NULL,"
	 " employment_state TEXT COLLATE \"C\" NOT NULL CHECK (employment_state IN"
	 " ('employed', 'dismissed', 'contract_ended')), registered_on TEXT COLLATE \"C\" NOT"
	 " NULL CHECK (registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'), event TEXT COLLATE"
	 " \"C\" CHECK (event IN ('dismissal', 'contract_end', 'transfer')), event_date TEXT"
	 " COLLATE \"C\" CHECK (event_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'), event_by TEXT"
	 " COLLATE \"C\");\n"
	 "CREATE INDEX IF NOT EXISTS person_org_id ON person(org_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS person_iin ON person(iin);\n"
	 "CREATE TABLE IF NOT EXISTS ground(id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL, seq"
	 " BIGINT NOT NULL UNIQUE, version BIGINT NOT NULL DEFAULT 1, org_id TEXT COLLATE"
	 " \"C\" NOT NULL, person_id TEXT COLLATE \"C\" NOT NULL REFERENCES person(id), ground"
	 " TEXT COLLATE \"C\" NOT NULL CHECK (ground IN ( 'incapacity',"
	 " 'intentional_crime_conviction', 'medical_contraindication', 'residence_abroad',"
	 " 'verification_threat', 'restrictions_breached', 'corruption_admin_penalty',"
	 " 'corruption_offense', 'grave_crime_record', 'criminal_group',"
	 " 'verification_evasion', 'false_information')), noted_on TEXT COLLATE \"C\" NOT NULL"
	 " CHECK (noted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'), details TEXT COLLATE \"C\","
	 " exception BIGINT NOT NULL CHECK (exception IN (0, 1)), state TEXT COLLATE \"C\" NOT"
	 " NULL CHECK (state IN ('in_force', 'lifted')), lifted_on TEXT COLLATE \"C\" CHECK"
	 " (lifted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'), article TEXT COLLATE \"C\" NOT NULL,"
	 " noted_by TEXT COLLATE \"C\" NOT NULL);\n"
	 "CREATE INDEX IF NOT EXISTS ground_person_id ON ground(person_id, seq);\n"
	 "INSERT INTO person(id, seq, version, org_id, iin, passport, full_name, citizenship,"
	 " position, employment_state, registered_on, event, event_date, event_by) SELECT id,"
	 " seq, 1, org_id, nullif(coalesce(doc::jsonb ->> 'iin', ref), ''), doc::jsonb ->>"
	 " 'passport', doc::jsonb ->> 'full_name', doc::jsonb ->> 'citizenship', doc::jsonb"
	 " ->> 'position', coalesce(doc::jsonb ->> 'employment_state', state), doc::jsonb ->>"
	 " 'registered_on', doc::jsonb -> 'employment_event' ->> 'event', doc::jsonb ->"
	 " 'employment_event' ->> 'date', doc::jsonb -> 'employment_event' ->> 'by' FROM"
	 " record WHERE kind = 'person' ORDER BY seq;\n"
	 "INSERT INTO ground(id, seq, version, org_id, person_id, ground, noted_on, details,"
	 " exception, state, lifted_on, article, noted_by) SELECT id, seq, 1, org_id,"
	 " coalesce(doc::jsonb ->> 'person_id', parent_id), doc::jsonb ->> 'ground',"
	 " doc::jsonb ->> 'noted_on', doc::jsonb ->> 'details', CASE WHEN doc::jsonb ->>"
	 " 'exception' = 'true' THEN 1 ELSE 0 END, coalesce(doc::jsonb ->> 'state', state),"
	 " doc::jsonb ->> 'lifted_on', coalesce(doc::jsonb ->> 'article', '30.1'),"
	 " coalesce(doc::jsonb ->> 'by', '') FROM record WHERE kind = 'ground' ORDER BY seq;\n"
	 "DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind IN"
	 " ('person', 'ground'));\n"
	 "DELETE FROM record WHERE kind IN ('person', 'ground')"},
	/* store_sqlite.c 0019_typed_clearances: the same tables, the records moved
	 * (doc parsed as jsonb), child rows drawn from the record sequence. */
	{"0019_typed_clearances",
	 "CREATE TABLE IF NOT EXISTS clearance(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  person_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  form TEXT COLLATE \"C\" NOT NULL CHECK (form IN ('confidential', 'top_secret', 'special_importance')),\n"
	 "  treaty_ref TEXT COLLATE \"C\",\n"
	 "  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('registering', 'active', 'refused', 'terminated')),\n"
	 "  registered_on TEXT COLLATE \"C\" NOT NULL CHECK (registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  commitment_on TEXT COLLATE \"C\" CHECK (commitment_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  consent_restrictions_on TEXT COLLATE \"C\" CHECK (consent_restrictions_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  consent_verification_on TEXT COLLATE \"C\" CHECK (consent_verification_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  familiarized_on TEXT COLLATE \"C\" CHECK (familiarized_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  verification TEXT COLLATE \"C\" CHECK (verification IN ('passed', 'failed', 'evaded')),\n"
	 "  verified_on TEXT COLLATE \"C\" CHECK (verified_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  decision TEXT COLLATE \"C\" CHECK (decision IN ('grant', 'refuse')),\n"
	 "  decided_on TEXT COLLATE \"C\" CHECK (decided_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  decided_by TEXT COLLATE \"C\",\n"
	 "  contract_number TEXT COLLATE \"C\",\n"
	 "  restriction_until TEXT COLLATE \"C\" CHECK (restriction_until ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  decision_reason TEXT COLLATE \"C\" CHECK (decision_reason IN ('violation', 'ground', 'dismissal', 'transfer', 'contract_end', 'reregistered')),\n"
	 "  decision_source_id TEXT COLLATE \"C\",\n"
	 "  emergency_id TEXT COLLATE \"C\",\n"
	 "  verification_due_on TEXT COLLATE \"C\" CHECK (verification_due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  verification_pending BIGINT NOT NULL CHECK (verification_pending IN (0, 1)),\n"
	 "  granted_on TEXT COLLATE \"C\" CHECK (granted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  end_reason TEXT COLLATE \"C\" CHECK (end_reason IN ('violation', 'ground', 'dismissal', 'transfer', 'contract_end', 'reregistered')),\n"
	 "  terminated_on TEXT COLLATE \"C\" CHECK (terminated_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  terminated_by TEXT COLLATE \"C\",\n"
	 "  termination_source_id TEXT COLLATE \"C\",\n"
	 "  termination_due_on TEXT COLLATE \"C\" CHECK (termination_due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  due_reason TEXT COLLATE \"C\",\n"
	 "  due_code TEXT COLLATE \"C\",\n"
	 "  due_article TEXT COLLATE \"C\",\n"
	 "  due_source_id TEXT COLLATE \"C\",\n"
	 "  due_noted_on TEXT COLLATE \"C\" CHECK (due_noted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS clearance_person_id ON clearance(person_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS clearance_org_id ON clearance(org_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS clearance_due ON clearance(seq) WHERE termination_due_on IS NOT NULL;\n"
	 "CREATE INDEX IF NOT EXISTS clearance_due_org ON clearance(org_id, seq) WHERE termination_due_on IS NOT NULL;\n"
	 "CREATE INDEX IF NOT EXISTS clearance_pending ON clearance(seq) WHERE verification_due_on IS NOT NULL;\n"
	 "CREATE INDEX IF NOT EXISTS clearance_pending_org ON clearance(org_id, seq) WHERE verification_due_on IS NOT NULL;\n"
	 "CREATE TABLE IF NOT EXISTS clearance_replaced(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  clearance_id TEXT COLLATE \"C\" NOT NULL REFERENCES clearance(id),\n"
	 "  replaced_id TEXT COLLATE \"C\" NOT NULL REFERENCES clearance(id)\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS clearance_replaced_clearance_id ON clearance_replaced(clearance_id, seq);\n"
	 "CREATE TABLE IF NOT EXISTS clearance_relaxed(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  clearance_id TEXT COLLATE \"C\" NOT NULL REFERENCES clearance(id),\n"
	 "  relaxation TEXT COLLATE \"C\" NOT NULL CHECK (relaxation IN ('verification_pending'))\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS clearance_relaxed_clearance_id ON clearance_relaxed(clearance_id, seq);\n"
	 "INSERT INTO clearance(id, seq, version, person_id, org_id, form, treaty_ref, state, registered_on, commitment_on, consent_restrictions_on, consent_verification_on, familiarized_on, verification, verified_on, decision, decided_on, decided_by, contract_number, restriction_until, decision_reason, decision_source_id, emergency_id, verification_due_on, verification_pending, granted_on, end_reason, terminated_on, terminated_by, termination_source_id, termination_due_on, due_reason, due_code, due_article, due_source_id, due_noted_on)\n"
	 " SELECT id, seq, 1, coalesce(NULLIF(d ->> 'person_id', ''), parent_id), coalesce(NULLIF(d ->> 'org_id', ''), org_id), d ->> 'form', d ->> 'treaty_ref', state, d ->> 'registered_on',\n"
	 "  d -> 'prerequisites' ->> 'commitment_on', d -> 'prerequisites' ->> 'consent_restrictions_on', d -> 'prerequisites' ->> 'consent_verification_on', d -> 'prerequisites' ->> 'familiarized_on', d -> 'prerequisites' ->> 'verification', d -> 'prerequisites' ->> 'verified_on',\n"
	 "  CASE WHEN jsonb_typeof(d -> 'decision') = 'object' THEN d -> 'decision' ->> 'decision' END, d -> 'decision' ->> 'date', NULLIF(d -> 'decision' ->> 'by', ''), d -> 'decision' ->> 'contract_number', coalesce(d -> 'decision' ->> 'restriction_until', d ->> 'restriction_until'), d -> 'decision' ->> 'reason', NULLIF(d -> 'decision' ->> 'source_id', ''),\n"
	 "  NULLIF(d -> 'decision' -> 'emergency' ->> 'id', ''), d -> 'decision' -> 'emergency' ->> 'verification_due_on', CASE WHEN d -> 'verification_pending' = 'true'::jsonb THEN 1 ELSE 0 END, d ->> 'granted_on',\n"
	 "  d -> 'termination' ->> 'reason', coalesce(d ->> 'terminated_on', d -> 'termination' ->> 'date'), NULLIF(d -> 'termination' ->> 'by', ''), NULLIF(d -> 'termination' ->> 'source_id', ''),\n"
	 "  coalesce(d -> 'termination_due' ->> 'due_on', d ->> 'termination_due_on'), NULLIF(d -> 'termination_due' ->> 'reason', ''), NULLIF(d -> 'termination_due' ->> 'code', ''), NULLIF(d -> 'termination_due' ->> 'article', ''), NULLIF(d -> 'termination_due' ->> 'source_id', ''), d -> 'termination_due' ->> 'noted_on'\n"
	 " FROM (SELECT *, doc::jsonb AS d FROM record WHERE kind = 'clearance') AS r ORDER BY seq;\n"
	 "INSERT INTO clearance_replaced(id, seq, version, clearance_id, replaced_id)\n"
	 " SELECT 'clrepl_' || md5(random()::text || clock_timestamp()::text || x.id || x.n::text)::varchar(16), nextval('record_seq_seq'), 1, x.id, x.v\n"
	 " FROM (SELECT r.id, r.seq, e.v, e.n FROM record AS r, jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'replaces') = 'array' THEN r.doc::jsonb -> 'replaces' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, n) WHERE r.kind = 'clearance' ORDER BY r.seq, e.n) AS x;\n"
	 "INSERT INTO clearance_relaxed(id, seq, version, clearance_id, relaxation)\n"
	 " SELECT 'clrlx_' || md5(random()::text || clock_timestamp()::text || x.id || x.n::text)::varchar(16), nextval('record_seq_seq'), 1, x.id, x.v\n"
	 " FROM (SELECT r.id, r.seq, e.v, e.n FROM record AS r, jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'decision' -> 'emergency' -> 'relaxed') = 'array' THEN r.doc::jsonb -> 'decision' -> 'emergency' -> 'relaxed' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, n) WHERE r.kind = 'clearance' ORDER BY r.seq, e.n) AS x;\n"
	 "DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'clearance');\n"
	 "DELETE FROM record WHERE kind = 'clearance';\n"},
	/* 0020_typed_trips: store_sqlite.c's step in PostgreSQL's dialect */
	{"0020_typed_trips",
	"CREATE TABLE IF NOT EXISTS trip(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  person_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  country TEXT COLLATE \"C\" NOT NULL,\n"
	"  depart_on TEXT COLLATE \"C\" NOT NULL CHECK (depart_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  return_on TEXT COLLATE \"C\" NOT NULL CHECK (return_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  purpose TEXT COLLATE \"C\",\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('requested', 'approved', 'refused', 'departed')),\n"
	"  requested_on TEXT COLLATE \"C\" NOT NULL CHECK (requested_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  approved_on TEXT COLLATE \"C\" CHECK (approved_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  approved_by TEXT COLLATE \"C\",\n"
	"  refused_on TEXT COLLATE \"C\" CHECK (refused_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  refused_by TEXT COLLATE \"C\",\n"
	"  departed_on TEXT COLLATE \"C\" CHECK (departed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  violation_id TEXT COLLATE \"C\"\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS trip_person_id ON trip(person_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS trip_org_id ON trip(org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS violation(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  person_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  code TEXT COLLATE \"C\" NOT NULL,\n"
	"  article TEXT COLLATE \"C\",\n"
	"  trip_id TEXT COLLATE \"C\" REFERENCES trip(id),\n"
	"  date TEXT COLLATE \"C\" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  admitted TEXT COLLATE \"C\" NOT NULL CHECK (admitted IN ('now', 'previously')),\n"
	"  country TEXT COLLATE \"C\",\n"
	"  liability TEXT COLLATE \"C\",\n"
	"  consequence TEXT COLLATE \"C\" NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS violation_person_id ON violation(person_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS violation_org_id ON violation(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS violation_trip_id ON violation(trip_id, seq);\n"
	"INSERT INTO trip(id, seq, version, person_id, org_id, country, depart_on, return_on,"
	"  purpose, state, requested_on, approved_on, approved_by, refused_on, refused_by,"
	"  departed_on, violation_id)"
	" SELECT id, seq, 1, coalesce(doc::jsonb ->> 'person_id', parent_id), org_id,"
	"  doc::jsonb ->> 'country', doc::jsonb ->> 'depart_on', doc::jsonb ->> 'return_on',"
	"  doc::jsonb ->> 'purpose', state, doc::jsonb ->> 'requested_on',"
	"  doc::jsonb -> 'approval' ->> 'date', doc::jsonb -> 'approval' ->> 'by',"
	"  doc::jsonb -> 'refusal' ->> 'date', doc::jsonb -> 'refusal' ->> 'by',"
	"  doc::jsonb ->> 'departed_on', doc::jsonb -> 'violation' ->> 'id'"
	" FROM record WHERE kind = 'trip' ORDER BY seq;\n"
	"INSERT INTO violation(id, seq, version, person_id, org_id, code, article, trip_id, date,"
	"  admitted, country, liability, consequence)"
	" SELECT id, seq, 1, coalesce(doc::jsonb ->> 'person_id', parent_id), org_id,"
	"  doc::jsonb ->> 'code', doc::jsonb ->> 'article', doc::jsonb ->> 'trip_id',"
	"  doc::jsonb ->> 'date', doc::jsonb ->> 'admitted', doc::jsonb ->> 'country',"
	"  doc::jsonb ->> 'liability', doc::jsonb ->> 'consequence'"
	" FROM record WHERE kind = 'violation' ORDER BY seq;\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record"
	" WHERE kind IN ('trip', 'violation'));\n"
	"DELETE FROM record WHERE kind IN ('trip', 'violation');\n"},
	{"0020b_typed_incidents",
	"CREATE TABLE IF NOT EXISTS incident(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  org_id TEXT COLLATE \"C\",\n"
	"  kind TEXT COLLATE \"C\" NOT NULL CHECK (kind IN ('loss', 'disclosure', 'loss_suspected')),\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('open', 'confirmed')),\n"
	"  description TEXT COLLATE \"C\" NOT NULL,\n"
	"  damage TEXT COLLATE \"C\",\n"
	"  occurred_on TEXT COLLATE \"C\" CHECK (occurred_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  opened_on TEXT COLLATE \"C\" CHECK (opened_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  confirmed_on TEXT COLLATE \"C\" CHECK (confirmed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  by_user TEXT COLLATE \"C\",\n"
	"  inventory_id TEXT COLLATE \"C\"\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS incident_org_id ON incident(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS incident_state ON incident(state, seq);\n"
	"CREATE INDEX IF NOT EXISTS incident_inventory_id ON incident(inventory_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS incident_ref(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  incident_id TEXT COLLATE \"C\" NOT NULL REFERENCES incident(id),\n"
	"  role TEXT COLLATE \"C\" NOT NULL CHECK (role IN ('carrier', 'person', 'lost', 'clearance', 'joint_work', 'copy')),\n"
	"  ord BIGINT NOT NULL,\n"
	"  ref_id TEXT COLLATE \"C\",\n"
	"  copy_number BIGINT,\n"
	"  holder TEXT COLLATE \"C\"\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS incident_ref_incident_id ON incident_ref(incident_id, seq);\n"
	"INSERT INTO incident(id, seq, version, org_id, kind, state, description, damage,"
	"  occurred_on, opened_on, confirmed_on, by_user, inventory_id)"
	" SELECT id, seq, 1, nullif(org_id, ''), doc::jsonb ->> 'kind', state,"
	"  doc::jsonb ->> 'description', doc::jsonb ->> 'damage', doc::jsonb ->> 'occurred_on',"
	"  doc::jsonb ->> 'opened_on', doc::jsonb ->> 'confirmed_on',"
	"  nullif(doc::jsonb ->> 'by', ''), nullif(doc::jsonb ->> 'inventory_id', '')"
	" FROM record WHERE kind = 'incident' ORDER BY seq;\n"
	"INSERT INTO incident_ref(id, seq, version, incident_id, role, ord, ref_id, copy_number,"
	"  holder)"
	" SELECT 'incref_' || substr(md5(random()::text || r.id || x.n || j.ord), 1, 16),"
	"  b.base + row_number() OVER (ORDER BY r.seq, x.n, j.ord), 1, r.id, x.role, j.ord - 1,"
	"  CASE WHEN x.role = 'copy' THEN NULL ELSE j.value #>> '{}' END,"
	"  CASE WHEN x.role = 'copy' THEN (j.value ->> 'copy_number')::bigint END,"
	"  CASE WHEN x.role = 'copy' THEN j.value ->> 'holder' END"
	" FROM (SELECT nextval('record_seq_seq') AS base) AS b, record AS r"
	" CROSS JOIN (VALUES (0, 'carrier', 'carrier_ids'), (1, 'person', 'person_ids'),"
	"  (2, 'lost', 'lost_carriers'), (3, 'clearance', 'terminated_clearances'),"
	"  (4, 'joint_work', 'joint_work_violations'), (5, 'copy', 'copies')) AS x(n, role, k)"
	" CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> x.k)"
	"  = 'array' THEN r.doc::jsonb -> x.k ELSE '[]'::jsonb END) WITH ORDINALITY AS j(value, ord)"
	" WHERE r.kind = 'incident';\n"
	"SELECT setval('record_seq_seq', greatest((SELECT coalesce(max(seq), 0) FROM incident_ref),"
	" (SELECT last_value FROM record_seq_seq)));\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'incident');\n"
	"DELETE FROM record WHERE kind = 'incident';\n"},
	/* 0021_typed_lists: store_sqlite.c's step in PostgreSQL's dialect (child
	 * rows' seqs from the record sequence, in the arrays' order). */
	{"0021_typed_lists",
	"CREATE TABLE IF NOT EXISTS list(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  title TEXT COLLATE \"C\" NOT NULL,\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('draft', 'approved')),\n"
	"  list_version BIGINT NOT NULL,\n"
	"  approved_on TEXT COLLATE \"C\" CHECK (approved_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  approved_by TEXT COLLATE \"C\",\n"
	"  next_review_on TEXT COLLATE \"C\" CHECK (next_review_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  reviewed_on TEXT COLLATE \"C\" CHECK (reviewed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  created_on TEXT COLLATE \"C\" CHECK (created_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  created_by TEXT COLLATE \"C\"\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_org_id ON list(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS list_state_org ON list(state, org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS list_history(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  list_id TEXT COLLATE \"C\" NOT NULL REFERENCES list(id),\n"
	"  action TEXT COLLATE \"C\" NOT NULL,\n"
	"  list_version BIGINT NOT NULL,\n"
	"  item_id TEXT COLLATE \"C\",\n"
	"  change_id TEXT COLLATE \"C\",\n"
	"  effective_date TEXT COLLATE \"C\" CHECK (effective_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  next_review_on TEXT COLLATE \"C\" CHECK (next_review_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  by_user TEXT COLLATE \"C\"\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_history_list_id ON list_history(list_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS list_item(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  list_id TEXT COLLATE \"C\" NOT NULL REFERENCES list(id),\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  code TEXT COLLATE \"C\" NOT NULL,\n"
	"  text TEXT COLLATE \"C\" NOT NULL,\n"
	"  degree TEXT COLLATE \"C\" NOT NULL CHECK (degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  basis TEXT COLLATE \"C\" NOT NULL,\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('active', 'removed')),\n"
	"  coord_authorized_body_ref TEXT COLLATE \"C\",\n"
	"  coord_nsc_ref TEXT COLLATE \"C\",\n"
	"  added_on TEXT COLLATE \"C\" CHECK (added_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  added_by TEXT COLLATE \"C\",\n"
	"  list_version BIGINT NOT NULL,\n"
	"  removed_on TEXT COLLATE \"C\" CHECK (removed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_item_list_id ON list_item(list_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS list_item_list_code ON list_item(list_id, code);\n"
	"CREATE TABLE IF NOT EXISTS list_item_change(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  item_id TEXT COLLATE \"C\" NOT NULL REFERENCES list_item(id),\n"
	"  kind TEXT COLLATE \"C\" NOT NULL CHECK (kind IN ('degree_changed', 'removed')),\n"
	"  from_degree TEXT COLLATE \"C\" CHECK (from_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  to_degree TEXT COLLATE \"C\" CHECK (to_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  effective_date TEXT COLLATE \"C\" CHECK (effective_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  by_user TEXT COLLATE \"C\",\n"
	"  coord_authorized_body_ref TEXT COLLATE \"C\",\n"
	"  coord_nsc_ref TEXT COLLATE \"C\",\n"
	"  list_version BIGINT NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_item_change_item_id ON list_item_change(item_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS list_item_affected(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  change_id TEXT COLLATE \"C\" NOT NULL REFERENCES list_item_change(id),\n"
	"  kind TEXT COLLATE \"C\" NOT NULL CHECK (kind IN ('information', 'carrier')),\n"
	"  object_id TEXT COLLATE \"C\" NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS list_item_affected_change_id ON list_item_affected(change_id, seq);\n"
	"INSERT INTO list(id, seq, version, org_id, title, state, list_version, approved_on, approved_by, next_review_on, reviewed_on, created_on, created_by)\n"
	" SELECT id, seq, 1, org_id, coalesce(doc::jsonb ->> 'title', ''), state, coalesce((doc::jsonb ->> 'version')::bigint, 1), doc::jsonb ->> 'approved_on', doc::jsonb ->> 'approved_by', doc::jsonb ->> 'next_review_on', doc::jsonb ->> 'reviewed_on', doc::jsonb ->> 'created_on', doc::jsonb ->> 'created_by'\n"
	" FROM record WHERE kind = 'list' ORDER BY seq;\n"
	"INSERT INTO list_history(id, seq, version, list_id, action, list_version, item_id, change_id, effective_date, next_review_on, by_user)\n"
	" SELECT 'lhist_' || substr(md5(random()::text || clock_timestamp()::text), 1, 16), nextval('record_seq_seq'), 1, lid, coalesce(h ->> 'action', ''), coalesce((h ->> 'version')::bigint, 1), h ->> 'item_id', h ->> 'change_id', h ->> 'effective_date', h ->> 'next_review_on', h ->> 'by'\n"
	" FROM (SELECT r.id AS lid, h.value AS h FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'history') = 'array' THEN r.doc::jsonb -> 'history' ELSE '[]'::jsonb END) WITH ORDINALITY AS h(value, n) WHERE r.kind = 'list' ORDER BY r.seq, h.n) AS s;\n"
	"INSERT INTO list_item(id, seq, version, list_id, org_id, code, text, degree, basis, state, coord_authorized_body_ref, coord_nsc_ref, added_on, added_by, list_version, removed_on)\n"
	" SELECT id, seq, 1, coalesce(doc::jsonb ->> 'list_id', parent_id), org_id, coalesce(doc::jsonb ->> 'code', substr(ref, strpos(ref, '/') + 1)), coalesce(doc::jsonb ->> 'text', ''), doc::jsonb ->> 'degree', coalesce(doc::jsonb ->> 'basis', ''), state, doc::jsonb -> 'coordination' ->> 'authorized_body_ref', doc::jsonb -> 'coordination' ->> 'nsc_ref', doc::jsonb ->> 'added_on', doc::jsonb ->> 'added_by', coalesce((doc::jsonb ->> 'list_version')::bigint, 1), doc::jsonb ->> 'removed_on'\n"
	" FROM record WHERE kind = 'list_item' ORDER BY seq;\n"
	"INSERT INTO list_item_change(id, seq, version, item_id, kind, from_degree, to_degree, effective_date, by_user, coord_authorized_body_ref, coord_nsc_ref, list_version)\n"
	" SELECT c ->> 'id', nextval('record_seq_seq'), 1, iid, c ->> 'kind', c ->> 'from_degree', c ->> 'to_degree', c ->> 'effective_date', c ->> 'by', c -> 'coordination' ->> 'authorized_body_ref', c -> 'coordination' ->> 'nsc_ref', coalesce((c ->> 'list_version')::bigint, 1)\n"
	" FROM (SELECT r.id AS iid, c.value AS c FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'changes') = 'array' THEN r.doc::jsonb -> 'changes' ELSE '[]'::jsonb END) WITH ORDINALITY AS c(value, n) WHERE r.kind = 'list_item' ORDER BY r.seq, c.n) AS s;\n"
	"INSERT INTO list_item_affected(id, seq, version, change_id, kind, object_id)\n"
	" SELECT 'laff_' || substr(md5(random()::text || clock_timestamp()::text), 1, 16), nextval('record_seq_seq'), 1, cid, kind, oid FROM (\n"
	"  SELECT r.seq AS s, c.n AS cn, k.k, a.n AS an, c.value ->> 'id' AS cid, k.kind, a.value AS oid\n"
	"   FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'changes') = 'array' THEN r.doc::jsonb -> 'changes' ELSE '[]'::jsonb END) WITH ORDINALITY AS c(value, n),\n"
	"    (VALUES (0, 'information', 'information'), (1, 'carrier', 'carriers')) AS k(k, kind, field),\n"
	"    jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.value -> 'affected' -> k.field) = 'array' THEN c.value -> 'affected' -> k.field ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, n)\n"
	"   WHERE r.kind = 'list_item' ORDER BY r.seq, c.n, k.k, a.n) AS s;\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind IN ('list', 'list_item'));\n"
	"DELETE FROM record WHERE kind IN ('list', 'list_item');\n"},
	/* 0024b_typed_joint_works: store_sqlite.c's step in PostgreSQL's
	 * dialect. */
	{"0024b_typed_joint_works",
	 "CREATE TABLE IF NOT EXISTS joint_work(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  customer_org_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  executor_org_id TEXT COLLATE \"C\",\n"
	 "  executor_person_id TEXT COLLATE \"C\",\n"
	 "  executor_person_org_id TEXT COLLATE \"C\",\n"
	 "  disposing_org_id TEXT COLLATE \"C\",\n"
	 "  justification TEXT COLLATE \"C\",\n"
	 "  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('requested', 'permitted', 'refused', 'agreed', 'notified', 'active', 'suspended', 'closed', 'cancelled')),\n"
	 "  term_from TEXT COLLATE \"C\" CHECK (term_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  term_to TEXT COLLATE \"C\" CHECK (term_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  executor_permit_ref TEXT COLLATE \"C\",\n"
	 "  executor_clearance_ref TEXT COLLATE \"C\",\n"
	 "  received_on TEXT COLLATE \"C\" NOT NULL CHECK (received_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  response_due_on TEXT COLLATE \"C\" CHECK (response_due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  requested_by TEXT COLLATE \"C\" NOT NULL,\n"
	 "  permission_overdue BIGINT NOT NULL CHECK (permission_overdue IN (0, 1)),\n"
	 "  cancellation_raised BIGINT NOT NULL CHECK (cancellation_raised IN (0, 1)),\n"
	 "  executor_city TEXT COLLATE \"C\",\n"
	 "  draft_agreement_ref TEXT COLLATE \"C\",\n"
	 "  executor_address TEXT COLLATE \"C\",\n"
	 "  executor_head TEXT COLLATE \"C\",\n"
	 "  executor_residence TEXT COLLATE \"C\",\n"
	 "  executor_id_issuer TEXT COLLATE \"C\",\n"
	 "  perm_decision TEXT COLLATE \"C\" CHECK (perm_decision IN ('granted', 'refused')),\n"
	 "  perm_reason TEXT COLLATE \"C\",\n"
	 "  perm_ref TEXT COLLATE \"C\",\n"
	 "  perm_answered_on TEXT COLLATE \"C\" CHECK (perm_answered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  perm_by TEXT COLLATE \"C\",\n"
	 "  perm_late BIGINT NOT NULL CHECK (perm_late IN (0, 1)),\n"
	 "  agr_number TEXT COLLATE \"C\",\n"
	 "  agr_signed_on TEXT COLLATE \"C\" CHECK (agr_signed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  agr_subject TEXT COLLATE \"C\",\n"
	 "  agr_certificate TEXT COLLATE \"C\",\n"
	 "  agr_control_procedure TEXT COLLATE \"C\",\n"
	 "  agr_financing TEXT COLLATE \"C\",\n"
	 "  agr_executor_permit_ref TEXT COLLATE \"C\",\n"
	 "  agr_executor_clearance_ref TEXT COLLATE \"C\",\n"
	 "  agr_by TEXT COLLATE \"C\",\n"
	 "  nsc_sent_on TEXT COLLATE \"C\" CHECK (nsc_sent_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  nsc_office TEXT COLLATE \"C\",\n"
	 "  nsc_ref TEXT COLLATE \"C\",\n"
	 "  nsc_by TEXT COLLATE \"C\",\n"
	 "  prot_arrangement TEXT COLLATE \"C\",\n"
	 "  prot_provider_org_id TEXT COLLATE \"C\",\n"
	 "  prot_agreement_ref TEXT COLLATE \"C\",\n"
	 "  prot_date TEXT COLLATE \"C\" CHECK (prot_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  prot_by TEXT COLLATE \"C\",\n"
	 "  canc_raised_on TEXT COLLATE \"C\" CHECK (canc_raised_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  canc_reason TEXT COLLATE \"C\",\n"
	 "  canc_permit_id TEXT COLLATE \"C\",\n"
	 "  canc_clearance_id TEXT COLLATE \"C\",\n"
	 "  canc_by TEXT COLLATE \"C\",\n"
	 "  end_state TEXT COLLATE \"C\",\n"
	 "  end_reason TEXT COLLATE \"C\",\n"
	 "  end_date TEXT COLLATE \"C\" CHECK (end_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_customer_org_id ON joint_work(customer_org_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_executor_org_id ON joint_work(executor_org_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_executor_person_id ON joint_work(executor_person_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_disposing_org_id ON joint_work(disposing_org_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_state ON joint_work(state, seq);\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_response_due_on ON joint_work(response_due_on, seq);\n"
	 "CREATE TABLE IF NOT EXISTS joint_work_carrier(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  joint_work_id TEXT COLLATE \"C\" NOT NULL REFERENCES joint_work(id),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  carrier_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  copies_given BIGINT NOT NULL CHECK (copies_given IN (0, 1)),\n"
	 "  title TEXT COLLATE \"C\",\n"
	 "  label TEXT COLLATE \"C\",\n"
	 "  account_number TEXT COLLATE \"C\" NOT NULL,\n"
	 "  sheets BIGINT\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_carrier_joint_work_id ON joint_work_carrier(joint_work_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_carrier_carrier_id ON joint_work_carrier(carrier_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS joint_work_carrier_ord ON joint_work_carrier(joint_work_id, ord);\n"
	 "CREATE TABLE IF NOT EXISTS joint_work_copy(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  joint_work_id TEXT COLLATE \"C\" NOT NULL REFERENCES joint_work(id),\n"
	 "  list TEXT COLLATE \"C\" NOT NULL CHECK (list IN ('request', 'transferred')),\n"
	 "  item_ord BIGINT NOT NULL,\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  number BIGINT NOT NULL\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_copy_joint_work_id ON joint_work_copy(joint_work_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS joint_work_copy_ord ON joint_work_copy(joint_work_id, list, item_ord, ord);\n"
	 "CREATE TABLE IF NOT EXISTS joint_work_ref(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  joint_work_id TEXT COLLATE \"C\" NOT NULL REFERENCES joint_work(id),\n"
	 "  list TEXT COLLATE \"C\" NOT NULL CHECK (list IN ('annex', 'held', 'returned')),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  carrier_id TEXT COLLATE \"C\" NOT NULL\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_ref_joint_work_id ON joint_work_ref(joint_work_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_ref_carrier_id ON joint_work_ref(carrier_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS joint_work_ref_ord ON joint_work_ref(joint_work_id, list, ord);\n"
	 "CREATE TABLE IF NOT EXISTS joint_work_transfer(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  joint_work_id TEXT COLLATE \"C\" NOT NULL REFERENCES joint_work(id),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  carrier_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  date TEXT COLLATE \"C\" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  copies_listed BIGINT NOT NULL CHECK (copies_listed IN (0, 1))\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_transfer_joint_work_id ON joint_work_transfer(joint_work_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS joint_work_transfer_ord ON joint_work_transfer(joint_work_id, ord);\n"
	 "CREATE TABLE IF NOT EXISTS joint_work_violation(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  joint_work_id TEXT COLLATE \"C\" NOT NULL REFERENCES joint_work(id),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  description TEXT COLLATE \"C\" NOT NULL,\n"
	 "  noted_on TEXT COLLATE \"C\" NOT NULL CHECK (noted_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  by_user TEXT COLLATE \"C\" NOT NULL,\n"
	 "  incident_id TEXT COLLATE \"C\"\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_violation_joint_work_id ON joint_work_violation(joint_work_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS joint_work_violation_ord ON joint_work_violation(joint_work_id, ord);\n"
	 "CREATE TABLE IF NOT EXISTS joint_work_addendum(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  joint_work_id TEXT COLLATE \"C\" NOT NULL REFERENCES joint_work(id),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  number TEXT COLLATE \"C\" NOT NULL,\n"
	 "  from_org_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  assignee_org_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  signed_on TEXT COLLATE \"C\" NOT NULL CHECK (signed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  reason TEXT COLLATE \"C\" NOT NULL,\n"
	 "  nsc_notice_sent_on TEXT COLLATE \"C\" CHECK (nsc_notice_sent_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  disposing_notice_sent_on TEXT COLLATE \"C\" CHECK (disposing_notice_sent_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  by_user TEXT COLLATE \"C\" NOT NULL\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS joint_work_addendum_joint_work_id ON joint_work_addendum(joint_work_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS joint_work_addendum_ord ON joint_work_addendum(joint_work_id, ord);\n"
	 "CREATE TABLE IF NOT EXISTS joint_work_step(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  joint_work_id TEXT COLLATE \"C\" NOT NULL REFERENCES joint_work(id),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  from_state TEXT COLLATE \"C\" NOT NULL,\n"
	 "  to_state TEXT COLLATE \"C\" NOT NULL,\n"
	 "  step TEXT COLLATE \"C\" NOT NULL,\n"
	 "  date TEXT COLLATE \"C\" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  by_user TEXT COLLATE \"C\" NOT NULL\n"
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
	 "  id, seq, 1, coalesce(doc::jsonb ->> 'customer_org_id', org_id), "
	 "  doc::jsonb ->> 'executor_org_id', doc::jsonb ->> 'executor_person_id', "
	 "  doc::jsonb ->> 'executor_person_org_id', doc::jsonb ->> 'disposing_org_id', "
	 "  doc::jsonb ->> 'justification', state, doc::jsonb ->> 'term_from', "
	 "  doc::jsonb ->> 'term_to', doc::jsonb ->> 'executor_permit_ref', "
	 "  doc::jsonb ->> 'executor_clearance_ref', doc::jsonb ->> 'received_on', "
	 "  doc::jsonb ->> 'response_due_on', coalesce(doc::jsonb ->> 'requested_by', ''), "
	 "  CASE WHEN doc::jsonb ->> 'permission_overdue' = 'true' THEN 1 ELSE 0 END, "
	 "  CASE WHEN doc::jsonb ->> 'cancellation_raised' = 'true' THEN 1 ELSE 0 END, "
	 "  doc::jsonb ->> 'executor_city', doc::jsonb ->> 'draft_agreement_ref', "
	 "  doc::jsonb ->> 'executor_address', doc::jsonb ->> 'executor_head', "
	 "  doc::jsonb ->> 'executor_residence', doc::jsonb ->> 'executor_id_issuer', "
	 "  doc::jsonb -> 'permission' ->> 'decision', doc::jsonb -> 'permission' ->> 'reason', "
	 "  doc::jsonb -> 'permission' ->> 'ref', doc::jsonb -> 'permission' ->> 'answered_on', "
	 "  doc::jsonb -> 'permission' ->> 'by', "
	 "  CASE WHEN doc::jsonb -> 'permission' ->> 'late' = 'true' THEN 1 ELSE 0 END, "
	 "  doc::jsonb -> 'agreement' ->> 'number', doc::jsonb -> 'agreement' ->> 'signed_on', "
	 "  doc::jsonb -> 'agreement' ->> 'subject', "
	 "  doc::jsonb -> 'agreement' ->> 'certificate', "
	 "  doc::jsonb -> 'agreement' ->> 'control_procedure', "
	 "  doc::jsonb -> 'agreement' ->> 'financing', "
	 "  doc::jsonb -> 'agreement' ->> 'executor_permit_ref', "
	 "  doc::jsonb -> 'agreement' ->> 'executor_clearance_ref', "
	 "  doc::jsonb -> 'agreement' ->> 'by', doc::jsonb -> 'nsc_notice' ->> 'sent_on', "
	 "  doc::jsonb -> 'nsc_notice' ->> 'nsc_office', doc::jsonb -> 'nsc_notice' ->> 'ref', "
	 "  doc::jsonb -> 'nsc_notice' ->> 'by', doc::jsonb -> 'protection' ->> 'arrangement', "
	 "  doc::jsonb -> 'protection' ->> 'provider_org_id', "
	 "  doc::jsonb -> 'protection' ->> 'agreement_ref', "
	 "  doc::jsonb -> 'protection' ->> 'date', doc::jsonb -> 'protection' ->> 'by', "
	 "  doc::jsonb -> 'cancellation' ->> 'raised_on', "
	 "  doc::jsonb -> 'cancellation' ->> 'reason', "
	 "  doc::jsonb -> 'cancellation' ->> 'permit_id', "
	 "  doc::jsonb -> 'cancellation' ->> 'clearance_id', "
	 "  doc::jsonb -> 'cancellation' ->> 'by', doc::jsonb -> 'end' ->> 'state', "
	 "  doc::jsonb -> 'end' ->> 'reason', doc::jsonb -> 'end' ->> 'date'"
	 " FROM record WHERE kind = 'joint_work' ORDER BY seq;\n"
	 "INSERT INTO joint_work_carrier(id, seq, version, joint_work_id, ord, carrier_id, copies_given, title, label, account_number, sheets)"
	 " SELECT 'jwcar_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, a.ord - 1, a.value ->> 'carrier_id', "
	 "  CASE WHEN jsonb_typeof(a.value -> 'copy_numbers') = 'array' THEN 1 ELSE 0 END, "
	 "  a.value ->> 'title', a.value ->> 'label', "
	 "  coalesce(a.value ->> 'account_number', ''), "
	 "  CASE WHEN jsonb_typeof(a.value -> 'sheets') = 'number' THEN (a.value ->> 'sheets')::bigint END"
	 " FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'carriers') = 'array' THEN r.doc::jsonb -> 'carriers' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "INSERT INTO joint_work_copy(id, seq, version, joint_work_id, list, item_ord, ord, number)"
	 " SELECT 'jwcopy_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, 'request', a.ord - 1, n.ord - 1, (n.value #>> '{}')::bigint"
	 " FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'carriers') = 'array' THEN r.doc::jsonb -> 'carriers' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord), jsonb_array_elements(CASE WHEN jsonb_typeof(a.value -> 'copy_numbers') = 'array' THEN a.value -> 'copy_numbers' ELSE '[]'::jsonb END) WITH ORDINALITY AS n(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord, n.ord;\n"
	 "INSERT INTO joint_work_copy(id, seq, version, joint_work_id, list, item_ord, ord, number)"
	 " SELECT 'jwcopy_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, 'transferred', a.ord - 1, n.ord - 1, (n.value #>> '{}')::bigint"
	 " FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'transferred') = 'array' THEN r.doc::jsonb -> 'transferred' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord), jsonb_array_elements(CASE WHEN jsonb_typeof(a.value -> 'copy_numbers') = 'array' THEN a.value -> 'copy_numbers' ELSE '[]'::jsonb END) WITH ORDINALITY AS n(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord, n.ord;\n"
	 "INSERT INTO joint_work_ref(id, seq, version, joint_work_id, list, ord, carrier_id)"
	 " SELECT 'jwref_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, 'annex', a.ord - 1, a.value"
	 " FROM record AS r, jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'agreement' -> 'annex') = 'array' THEN r.doc::jsonb -> 'agreement' -> 'annex' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "INSERT INTO joint_work_ref(id, seq, version, joint_work_id, list, ord, carrier_id)"
	 " SELECT 'jwref_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, 'held', a.ord - 1, a.value"
	 " FROM record AS r, jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'held') = 'array' THEN r.doc::jsonb -> 'held' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "INSERT INTO joint_work_ref(id, seq, version, joint_work_id, list, ord, carrier_id)"
	 " SELECT 'jwref_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, 'returned', a.ord - 1, a.value"
	 " FROM record AS r, jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'end' -> 'returned') = 'array' THEN r.doc::jsonb -> 'end' -> 'returned' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "INSERT INTO joint_work_transfer(id, seq, version, joint_work_id, ord, carrier_id, date, copies_listed)"
	 " SELECT 'jwtr_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, a.ord - 1, a.value ->> 'carrier_id', a.value ->> 'date', "
	 "  CASE WHEN jsonb_typeof(a.value -> 'copy_numbers') = 'array' THEN 1 ELSE 0 END"
	 " FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'transferred') = 'array' THEN r.doc::jsonb -> 'transferred' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "INSERT INTO joint_work_violation(id, seq, version, joint_work_id, ord, description, noted_on, by_user, incident_id)"
	 " SELECT 'jwviol_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, a.ord - 1, coalesce(a.value ->> 'description', ''), a.value ->> 'noted_on', "
	 "  coalesce(a.value ->> 'by', ''), a.value ->> 'incident_id'"
	 " FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'violations') = 'array' THEN r.doc::jsonb -> 'violations' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "INSERT INTO joint_work_addendum(id, seq, version, joint_work_id, ord, number, from_org_id, assignee_org_id, signed_on, reason, nsc_notice_sent_on, disposing_notice_sent_on, by_user)"
	 " SELECT 'jwadd_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, a.ord - 1, coalesce(a.value ->> 'number', ''), "
	 "  coalesce(a.value ->> 'from_org_id', ''), "
	 "  coalesce(a.value ->> 'assignee_org_id', ''), a.value ->> 'signed_on', "
	 "  coalesce(a.value ->> 'reason', ''), a.value ->> 'nsc_notice_sent_on', "
	 "  a.value ->> 'disposing_notice_sent_on', coalesce(a.value ->> 'by', '')"
	 " FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'addenda') = 'array' THEN r.doc::jsonb -> 'addenda' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "INSERT INTO joint_work_step(id, seq, version, joint_work_id, ord, from_state, to_state, step, date, by_user)"
	 " SELECT 'jwstep_' || substr(md5(random()::text || r.id || clock_timestamp()::text), 1, 16),"
	 " nextval('record_seq_seq'), 1,"
	 "  r.id, a.ord - 1, a.value ->> 'from', a.value ->> 'to', a.value ->> 'step', "
	 "  a.value ->> 'date', coalesce(a.value ->> 'by', '')"
	 " FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'history') = 'array' THEN r.doc::jsonb -> 'history' ELSE '[]'::jsonb END) WITH ORDINALITY AS a(value, ord)"
	 " WHERE r.kind = 'joint_work' ORDER BY r.seq, a.ord;\n"
	 "DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'joint_work');\n"
	 "DELETE FROM record WHERE kind = 'joint_work'"},
	/* 0024c_typed_foreign: store_sqlite.c's step in PostgreSQL's dialect. */
	{"0024c_typed_foreign",
	 "CREATE TABLE IF NOT EXISTS foreign_transfer(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  proposer_org_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  recipient_org_id TEXT COLLATE \"C\" NOT NULL,\n"
	 "  justification TEXT COLLATE \"C\",\n"
	 "  proposed_on TEXT COLLATE \"C\" NOT NULL CHECK (proposed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  proposed_by TEXT COLLATE \"C\" NOT NULL,\n"
	 "  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('proposed', 'opinion_negative', 'opined', 'decided', 'contracted', 'transferred')),\n"
	 "  opinion_positive BIGINT NOT NULL CHECK (opinion_positive IN (0, 1)),\n"
	 "  opinion_ref TEXT COLLATE \"C\",\n"
	 "  opinion_date TEXT COLLATE \"C\" CHECK (opinion_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  opinion_by TEXT COLLATE \"C\",\n"
	 "  decision_ref TEXT COLLATE \"C\",\n"
	 "  decision_treaty_ref TEXT COLLATE \"C\",\n"
	 "  decision_date TEXT COLLATE \"C\" CHECK (decision_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  decision_by TEXT COLLATE \"C\",\n"
	 "  contract_ref TEXT COLLATE \"C\",\n"
	 "  contract_date TEXT COLLATE \"C\" CHECK (contract_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  contract_by TEXT COLLATE \"C\",\n"
	 "  transferred_on TEXT COLLATE \"C\" CHECK (transferred_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS foreign_transfer_proposer_org_id ON foreign_transfer(proposer_org_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS foreign_transfer_recipient_org_id ON foreign_transfer(recipient_org_id, seq);\n"
	 "CREATE TABLE IF NOT EXISTS foreign_transfer_carrier(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  foreign_transfer_id TEXT COLLATE \"C\" NOT NULL REFERENCES foreign_transfer(id),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  carrier_id TEXT COLLATE \"C\" NOT NULL\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS foreign_transfer_carrier_foreign_transfer_id ON foreign_transfer_carrier(foreign_transfer_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS foreign_transfer_carrier_carrier_id ON foreign_transfer_carrier(carrier_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_carrier_ord ON foreign_transfer_carrier(foreign_transfer_id, ord);\n"
	 "CREATE TABLE IF NOT EXISTS foreign_transfer_org(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  foreign_transfer_id TEXT COLLATE \"C\" NOT NULL REFERENCES foreign_transfer(id),\n"
	 "  role TEXT COLLATE \"C\" NOT NULL CHECK (role IN ('agreed_with', 'disposing')),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  org_id TEXT COLLATE \"C\" NOT NULL\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS foreign_transfer_org_foreign_transfer_id ON foreign_transfer_org(foreign_transfer_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_org_ord ON foreign_transfer_org(foreign_transfer_id, role, ord);\n"
	 "CREATE TABLE IF NOT EXISTS foreign_transfer_step(\n"
	 "  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	 "  seq BIGINT NOT NULL UNIQUE,\n"
	 "  version BIGINT NOT NULL DEFAULT 1,\n"
	 "  foreign_transfer_id TEXT COLLATE \"C\" NOT NULL REFERENCES foreign_transfer(id),\n"
	 "  ord BIGINT NOT NULL,\n"
	 "  from_state TEXT COLLATE \"C\" NOT NULL,\n"
	 "  to_state TEXT COLLATE \"C\" NOT NULL,\n"
	 "  step TEXT COLLATE \"C\" NOT NULL,\n"
	 "  date TEXT COLLATE \"C\" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	 "  by_user TEXT COLLATE \"C\" NOT NULL\n"
	 ");\n"
	 "CREATE INDEX IF NOT EXISTS foreign_transfer_step_foreign_transfer_id ON foreign_transfer_step(foreign_transfer_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS foreign_transfer_step_ord ON foreign_transfer_step(foreign_transfer_id, ord);\n"
	 "INSERT INTO foreign_transfer(id, seq, version, proposer_org_id, recipient_org_id, justification, proposed_on, proposed_by, state, opinion_positive, opinion_ref, opinion_date, opinion_by, decision_ref, decision_treaty_ref, decision_date, decision_by, contract_ref, contract_date, contract_by, transferred_on)"
	 " SELECT id, seq, 1, coalesce(doc::jsonb ->> 'proposer_org_id', org_id),"
	 " coalesce(doc::jsonb ->> 'recipient_org_id', parent_id),"
	 " doc::jsonb ->> 'justification', doc::jsonb ->> 'proposed_on',"
	 " coalesce(doc::jsonb ->> 'proposed_by', ''), state,"
	 " CASE WHEN doc::jsonb -> 'expert_opinion' ->> 'positive' = 'true' THEN 1 ELSE 0 END,"
	 " doc::jsonb -> 'expert_opinion' ->> 'ref', doc::jsonb -> 'expert_opinion' ->> 'date',"
	 " doc::jsonb -> 'expert_opinion' ->> 'by', doc::jsonb -> 'government_decision' ->> 'ref',"
	 " doc::jsonb -> 'government_decision' ->> 'treaty_ref',"
	 " doc::jsonb -> 'government_decision' ->> 'date', doc::jsonb -> 'government_decision' ->> 'by',"
	 " doc::jsonb -> 'contract' ->> 'ref', doc::jsonb -> 'contract' ->> 'date',"
	 " doc::jsonb -> 'contract' ->> 'by', doc::jsonb ->> 'transferred_on'"
	 " FROM record WHERE kind = 'foreign_transfer' ORDER BY seq;\n"
	 "INSERT INTO foreign_transfer_carrier(id, seq, version, foreign_transfer_id, ord, carrier_id)"
	 " SELECT 'ftcar_' || substr(md5(random()::text || r.id || c.ord::text), 1, 16),"
	 " nextval('record_seq_seq'), 1, r.id, c.ord - 1, c.value"
	 " FROM record AS r, jsonb_array_elements_text(r.doc::jsonb -> 'carrier_ids')"
	 " WITH ORDINALITY AS c(value, ord) WHERE r.kind = 'foreign_transfer' ORDER BY r.seq, c.ord;\n"
	 "INSERT INTO foreign_transfer_org(id, seq, version, foreign_transfer_id, role, ord, org_id)"
	 " SELECT 'ftorg_' || substr(md5(random()::text || r.id || o.ord::text), 1, 16),"
	 " nextval('record_seq_seq'), 1, r.id, 'agreed_with', o.ord - 1, o.value"
	 " FROM record AS r, jsonb_array_elements_text(r.doc::jsonb -> 'agreed_with')"
	 " WITH ORDINALITY AS o(value, ord) WHERE r.kind = 'foreign_transfer' ORDER BY r.seq, o.ord;\n"
	 "INSERT INTO foreign_transfer_org(id, seq, version, foreign_transfer_id, role, ord, org_id)"
	 " SELECT 'ftorg_' || substr(md5(random()::text || r.id || o.ord::text), 1, 16),"
	 " nextval('record_seq_seq'), 1, r.id, 'disposing', o.ord - 1, o.value"
	 " FROM record AS r, jsonb_array_elements_text(r.doc::jsonb -> 'disposing_org_ids')"
	 " WITH ORDINALITY AS o(value, ord) WHERE r.kind = 'foreign_transfer' ORDER BY r.seq, o.ord;\n"
	 "INSERT INTO foreign_transfer_step(id, seq, version, foreign_transfer_id, ord, from_state,"
	 " to_state, step, date, by_user)"
	 " SELECT 'ftstep_' || substr(md5(random()::text || r.id || h.ord::text), 1, 16),"
	 " nextval('record_seq_seq'), 1, r.id, h.ord - 1, h.value ->> 'from', h.value ->> 'to',"
	 " h.value ->> 'step', h.value ->> 'date', coalesce(h.value ->> 'by', '')"
	 " FROM record AS r, jsonb_array_elements(r.doc::jsonb -> 'history')"
	 " WITH ORDINALITY AS h(value, ord) WHERE r.kind = 'foreign_transfer' ORDER BY r.seq, h.ord;\n"
	 "DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'foreign_transfer');\n"
	 "DELETE FROM record WHERE kind = 'foreign_transfer'"},
	/* 0024_typed_transfers: store_sqlite.c's step in PostgreSQL's dialect
	 * (child seqs from the record sequence, assigned in ORDER BY order). */
	{"0024_typed_transfers",
	 "CREATE TABLE IF NOT EXISTS transfer(id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
	 " seq BIGINT NOT NULL UNIQUE, version BIGINT NOT NULL DEFAULT 1,"
	 " from_org_id TEXT COLLATE \"C\" NOT NULL, to_org_id TEXT COLLATE \"C\" NOT NULL,"
	 " basis TEXT COLLATE \"C\" NOT NULL CHECK (basis IN ('sanction', 'joint_work', 'subordination',"
	 " 'disposing_body', 'successor', 'authorized_body_decision')),"
	 " sanction_ref TEXT COLLATE \"C\", successor_ref TEXT COLLATE \"C\", authorized_body_ref TEXT COLLATE \"C\","
	 " act_number TEXT COLLATE \"C\", joint_work_id TEXT COLLATE \"C\","
	 " date TEXT COLLATE \"C\" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),"
	 " by_user TEXT COLLATE \"C\" NOT NULL, state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('done')),"
	 " carriers_listed BIGINT NOT NULL CHECK (carriers_listed IN (0, 1)));\n"
	 "CREATE INDEX IF NOT EXISTS transfer_from_org_id ON transfer(from_org_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS transfer_to_org_id ON transfer(to_org_id, seq);\n"
	 "CREATE TABLE IF NOT EXISTS transfer_carrier(id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
	 " seq BIGINT NOT NULL UNIQUE, version BIGINT NOT NULL DEFAULT 1,"
	 " transfer_id TEXT COLLATE \"C\" NOT NULL REFERENCES transfer(id), ord BIGINT NOT NULL,"
	 " carrier_id TEXT COLLATE \"C\" NOT NULL);\n"
	 "CREATE INDEX IF NOT EXISTS transfer_carrier_transfer_id ON transfer_carrier(transfer_id, seq);\n"
	 "CREATE INDEX IF NOT EXISTS transfer_carrier_carrier_id ON transfer_carrier(carrier_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS transfer_carrier_ord ON transfer_carrier(transfer_id, ord);\n"
	 "CREATE TABLE IF NOT EXISTS transfer_copy(id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
	 " seq BIGINT NOT NULL UNIQUE, version BIGINT NOT NULL DEFAULT 1,"
	 " transfer_id TEXT COLLATE \"C\" NOT NULL REFERENCES transfer(id), carrier_ord BIGINT NOT NULL,"
	 " ord BIGINT NOT NULL, number BIGINT NOT NULL);\n"
	 "CREATE INDEX IF NOT EXISTS transfer_copy_transfer_id ON transfer_copy(transfer_id, seq);\n"
	 "CREATE UNIQUE INDEX IF NOT EXISTS transfer_copy_ord ON transfer_copy(transfer_id, carrier_ord, ord);\n"
	 "INSERT INTO transfer(id, seq, version, from_org_id, to_org_id, basis, sanction_ref,"
	 " successor_ref, authorized_body_ref, act_number, joint_work_id, date, by_user, state,"
	 " carriers_listed)"
	 " SELECT id, seq, 1, coalesce(doc::jsonb ->> 'from_org_id', org_id),"
	 " coalesce(doc::jsonb ->> 'to_org_id', parent_id),"
	 " coalesce(doc::jsonb ->> 'basis', 'sanction'), doc::jsonb ->> 'sanction_ref',"
	 " doc::jsonb ->> 'successor_ref', doc::jsonb ->> 'authorized_body_ref',"
	 " doc::jsonb ->> 'act_number', NULLIF(doc::jsonb ->> 'joint_work_id', ''),"
	 " doc::jsonb ->> 'date', coalesce(doc::jsonb ->> 'by', ''), state,"
	 " CASE WHEN jsonb_typeof(doc::jsonb -> 'carriers') = 'array' THEN 1 ELSE 0 END"
	 " FROM record WHERE kind = 'transfer' ORDER BY seq;\n"
	 "INSERT INTO transfer_carrier(id, seq, version, transfer_id, ord, carrier_id)"
	 " SELECT 'tcar_' || substr(md5(random()::text || r.id || c.ord::text), 1, 16),"
	 " nextval('record_seq_seq'), 1, r.id, c.ord - 1, c.value"
	 " FROM record AS r, jsonb_array_elements_text(r.doc::jsonb -> 'carrier_ids')"
	 " WITH ORDINALITY AS c(value, ord) WHERE r.kind = 'transfer' ORDER BY r.seq, c.ord;\n"
	 "INSERT INTO transfer_copy(id, seq, version, transfer_id, carrier_ord, ord, number)"
	 " SELECT 'tcopy_' || substr(md5(random()::text || r.id || c.ord::text || n.ord::text), 1, 16),"
	 " nextval('record_seq_seq'), 1, r.id, c.ord - 1, n.ord - 1, n.value::bigint"
	 " FROM record AS r,"
	 " jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'carriers') = 'array'"
	 " THEN r.doc::jsonb -> 'carriers' ELSE '[]'::jsonb END) WITH ORDINALITY AS c(value, ord),"
	 " jsonb_array_elements_text(c.value -> 'copy_numbers') WITH ORDINALITY AS n(value, ord)"
	 " WHERE r.kind = 'transfer' ORDER BY r.seq, c.ord, n.ord;\n"
	 "DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'transfer');\n"
	 "DELETE FROM record WHERE kind = 'transfer'"},
	/* 0023_typed_orgs: store_sqlite.c's step in PostgreSQL's dialect. */
	{"0023_typed_orgs",
	"CREATE TABLE IF NOT EXISTS organization(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  name TEXT COLLATE \"C\" NOT NULL,\n"
	"  bin TEXT COLLATE \"C\",\n"
	"  kind TEXT COLLATE \"C\" NOT NULL CHECK (kind IN ('state_body', 'organization', 'foreign_state', 'international_org')),\n"
	"  parent_id TEXT COLLATE \"C\" REFERENCES organization(id),\n"
	"  city TEXT COLLATE \"C\",\n"
	"  foreign_participation BIGINT NOT NULL CHECK (foreign_participation IN (0, 1)),\n"
	"  state_share DOUBLE PRECISION,\n"
	"  regime_category TEXT COLLATE \"C\" CHECK (regime_category IN ('special_regime', 'regime', 'protected')),\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('active', 'reorganizing', 'liquidated')),\n"
	"  registered_on TEXT COLLATE \"C\" NOT NULL CHECK (registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  liquidated_on TEXT COLLATE \"C\" CHECK (liquidated_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  successor_org_id TEXT COLLATE \"C\" REFERENCES organization(id)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS organization_parent_id ON organization(parent_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS organization_state ON organization(state, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS organization_bin ON organization(bin);\n"
	"INSERT INTO organization(id, seq, version, name, bin, kind, parent_id, city,"
	"  foreign_participation, state_share, regime_category, state, registered_on,"
	"  liquidated_on, successor_org_id)"
	" SELECT id, seq, 1, coalesce(doc::jsonb ->> 'name', ''),"
	"  nullif(coalesce(doc::jsonb ->> 'bin', ref), ''),"
	"  coalesce(doc::jsonb ->> 'kind', 'organization'),"
	"  nullif(coalesce(doc::jsonb ->> 'parent_id', parent_id), ''),"
	"  doc::jsonb ->> 'city',"
	"  CASE WHEN (doc::jsonb -> 'foreign_participation') = 'true'::jsonb THEN 1 ELSE 0 END,"
	"  (doc::jsonb ->> 'state_share')::double precision,"
	"  nullif(doc::jsonb ->> 'regime_category', ''),"
	"  coalesce(nullif(state, ''), doc::jsonb ->> 'state', 'active'),"
	"  coalesce(doc::jsonb ->> 'registered_on', '1970-01-01'),"
	"  doc::jsonb ->> 'liquidated_on', nullif(doc::jsonb ->> 'successor_org_id', '')"
	" FROM record WHERE kind = 'org' ORDER BY seq;\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'org');\n"
	"DELETE FROM record WHERE kind = 'org'"},
	/* 0023b_typed_inventories: store_sqlite.c's step in PostgreSQL's
	 * dialect (the doc parsed as jsonb; child seqs from record_seq_seq in
	 * document order). */
	{"0023b_typed_inventories",
	"CREATE TABLE IF NOT EXISTS inventory(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL REFERENCES organization(id),\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('open', 'closed')),\n"
	"  opened_on TEXT COLLATE \"C\" NOT NULL CHECK (opened_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  opened_by TEXT COLLATE \"C\" NOT NULL,\n"
	"  closed_on TEXT COLLATE \"C\" CHECK (closed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  marks BIGINT NOT NULL,\n"
	"  checked BIGINT,\n"
	"  found BIGINT\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_org_id ON inventory(org_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS inventory_mark(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  inventory_id TEXT COLLATE \"C\" NOT NULL REFERENCES inventory(id),\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  copy_number BIGINT NOT NULL,\n"
	"  found BIGINT NOT NULL CHECK (found IN (0, 1)),\n"
	"  date TEXT COLLATE \"C\" NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  by_user TEXT COLLATE \"C\" NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_mark_inventory_id ON inventory_mark(inventory_id, seq);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS inventory_mark_copy ON inventory_mark(inventory_id, carrier_id, copy_number);\n"
	"CREATE TABLE IF NOT EXISTS inventory_discrepancy(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  inventory_id TEXT COLLATE \"C\" NOT NULL REFERENCES inventory(id),\n"
	"  kind TEXT COLLATE \"C\" NOT NULL CHECK (kind IN ('missing', 'unexpected')),\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  account_number TEXT COLLATE \"C\",\n"
	"  copy_number BIGINT NOT NULL,\n"
	"  holder TEXT COLLATE \"C\",\n"
	"  label TEXT COLLATE \"C\",\n"
	"  state TEXT COLLATE \"C\",\n"
	"  org_id TEXT COLLATE \"C\" REFERENCES organization(id)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_discrepancy_inventory_id ON inventory_discrepancy(inventory_id, seq);\n"
	"CREATE TABLE IF NOT EXISTS inventory_incident(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  inventory_id TEXT COLLATE \"C\" NOT NULL REFERENCES inventory(id),\n"
	"  incident_id TEXT COLLATE \"C\" NOT NULL\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS inventory_incident_inventory_id ON inventory_incident(inventory_id, seq);\n"
	"INSERT INTO inventory(id, seq, version, org_id, state, opened_on, opened_by, closed_on,"
	"  marks, checked, found)"
	" SELECT id, seq, 1, org_id, state, doc::jsonb ->> 'opened_on',"
	"  coalesce(doc::jsonb ->> 'opened_by', ''), doc::jsonb ->> 'closed_on',"
	"  coalesce((doc::jsonb ->> 'marks')::bigint, 0), (doc::jsonb ->> 'checked')::bigint,"
	"  (doc::jsonb ->> 'found')::bigint"
	" FROM record WHERE kind = 'inventory' ORDER BY seq;\n"
	"INSERT INTO inventory_mark(id, seq, version, inventory_id, carrier_id, copy_number, found,"
	"  date, by_user)"
	" SELECT id, seq, 1, coalesce(doc::jsonb ->> 'inventory_id', parent_id),"
	"  coalesce(doc::jsonb ->> 'carrier_id', ''), coalesce((doc::jsonb ->> 'copy_number')::bigint, 0),"
	"  CASE WHEN (doc::jsonb -> 'found') = 'true'::jsonb THEN 1 ELSE 0 END, doc::jsonb ->> 'date',"
	"  coalesce(doc::jsonb ->> 'by', '')"
	" FROM record WHERE kind = 'movement' AND doc::jsonb ->> 'kind' = 'inventory_mark'"
	" ORDER BY seq;\n"
	"INSERT INTO inventory_discrepancy(id, seq, version, inventory_id, kind, carrier_id,"
	"  account_number, copy_number, holder, label, state, org_id)"
	" SELECT 'idisc_' || substr(md5(random()::text || x.rid || x.n), 1, 16), nextval('record_seq_seq'), 1,"
	"  x.rid, x.d ->> 'kind', coalesce(x.d ->> 'carrier_id', ''), x.d ->> 'account_number',"
	"  coalesce((x.d ->> 'copy_number')::bigint, 0), x.d ->> 'holder', x.d ->> 'label',"
	"  x.d ->> 'state', x.d ->> 'org_id'"
	" FROM (SELECT r.id AS rid, r.seq AS rseq, d.value AS d, d.n AS n"
	"  FROM record AS r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'discrepancies')"
	"   = 'array' THEN r.doc::jsonb -> 'discrepancies' ELSE '[]'::jsonb END) WITH ORDINALITY AS d(value, n)"
	"  WHERE r.kind = 'inventory' ORDER BY r.seq, d.n) AS x;\n"
	"INSERT INTO inventory_incident(id, seq, version, inventory_id, incident_id)"
	" SELECT 'iinc_' || substr(md5(random()::text || x.rid || x.n), 1, 16), nextval('record_seq_seq'), 1,"
	"  x.rid, x.i"
	" FROM (SELECT r.id AS rid, i.value AS i, i.n AS n"
	"  FROM record AS r, jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.doc::jsonb -> 'incident_ids')"
	"   = 'array' THEN r.doc::jsonb -> 'incident_ids' ELSE '[]'::jsonb END) WITH ORDINALITY AS i(value, n)"
	"  WHERE r.kind = 'inventory' ORDER BY r.seq, i.n) AS x;\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'inventory'"
	"  OR (kind = 'movement' AND doc::jsonb ->> 'kind' = 'inventory_mark'));\n"
	"DELETE FROM record WHERE kind = 'inventory'"
	"  OR (kind = 'movement' AND doc::jsonb ->> 'kind' = 'inventory_mark')"},
	/* 0023c_typed_requests: store_sqlite.c's step in PostgreSQL's dialect. */
	{"0023c_typed_requests",
	"CREATE TABLE IF NOT EXISTS declassification_request(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL REFERENCES organization(id),\n"
	"  requester TEXT COLLATE \"C\" NOT NULL,\n"
	"  subject TEXT COLLATE \"C\" NOT NULL,\n"
	"  received_on TEXT COLLATE \"C\" NOT NULL CHECK (received_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  due_on TEXT COLLATE \"C\" NOT NULL CHECK (due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('open', 'answered', 'forwarded')),\n"
	"  registered_on TEXT COLLATE \"C\" NOT NULL CHECK (registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  registered_by TEXT COLLATE \"C\" NOT NULL,\n"
	"  late BIGINT NOT NULL CHECK (late IN (0, 1)),\n"
	"  decision TEXT COLLATE \"C\" CHECK (decision IN ('declassified', 'refused')),\n"
	"  reasons TEXT COLLATE \"C\",\n"
	"  answered_on TEXT COLLATE \"C\" CHECK (answered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  answered_by TEXT COLLATE \"C\",\n"
	"  answer_late BIGINT NOT NULL CHECK (answer_late IN (0, 1)),\n"
	"  forward_to_org_id TEXT COLLATE \"C\" REFERENCES organization(id),\n"
	"  notice_sent_on TEXT COLLATE \"C\" CHECK (notice_sent_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  forwarded_on TEXT COLLATE \"C\" CHECK (forwarded_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  forwarded_by TEXT COLLATE \"C\",\n"
	"  forward_late BIGINT NOT NULL CHECK (forward_late IN (0, 1)),\n"
	"  forward_request_id TEXT COLLATE \"C\" REFERENCES declassification_request(id),\n"
	"  forwarded_from TEXT COLLATE \"C\" REFERENCES declassification_request(id),\n"
	"  forwarded_by_org_id TEXT COLLATE \"C\" REFERENCES organization(id)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS declassification_request_org_id ON declassification_request(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS declassification_request_state ON declassification_request(state, seq);\n"
	"INSERT INTO declassification_request(id, seq, version, org_id, requester, subject,"
	"  received_on, due_on, state, registered_on, registered_by, late, decision, reasons,"
	"  answered_on, answered_by, answer_late, forward_to_org_id, notice_sent_on, forwarded_on,"
	"  forwarded_by, forward_late, forward_request_id, forwarded_from, forwarded_by_org_id)"
	" SELECT id, seq, 1, org_id, coalesce(doc::jsonb ->> 'requester', ''),"
	"  coalesce(doc::jsonb ->> 'subject', ''), doc::jsonb ->> 'received_on',"
	"  doc::jsonb ->> 'due_on', state, doc::jsonb ->> 'registered_on',"
	"  coalesce(doc::jsonb ->> 'registered_by', ''),"
	"  CASE WHEN (doc::jsonb -> 'late') = 'true'::jsonb THEN 1 ELSE 0 END,"
	"  doc::jsonb -> 'answer' ->> 'decision', doc::jsonb -> 'answer' ->> 'reasons',"
	"  doc::jsonb -> 'answer' ->> 'answered_on', doc::jsonb -> 'answer' ->> 'by',"
	"  CASE WHEN (doc::jsonb -> 'answer' -> 'late') = 'true'::jsonb THEN 1 ELSE 0 END,"
	"  doc::jsonb -> 'forward' ->> 'to_org_id', doc::jsonb -> 'forward' ->> 'notice_sent_on',"
	"  doc::jsonb -> 'forward' ->> 'forwarded_on', doc::jsonb -> 'forward' ->> 'by',"
	"  CASE WHEN (doc::jsonb -> 'forward' -> 'late') = 'true'::jsonb THEN 1 ELSE 0 END,"
	"  doc::jsonb -> 'forward' ->> 'request_id', doc::jsonb ->> 'forwarded_from',"
	"  doc::jsonb ->> 'forwarded_by_org_id'"
	" FROM record WHERE kind = 'request' ORDER BY seq;\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'request');\n"
	"DELETE FROM record WHERE kind = 'request'"},
	/* store_sqlite.c's 0022_typed_carriers in PostgreSQL's dialect. */
	{"0022_typed_carriers",
	"CREATE TABLE IF NOT EXISTS carrier(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  parent_id TEXT COLLATE \"C\" NOT NULL DEFAULT '',\n"
	"  account_number TEXT COLLATE \"C\" NOT NULL,\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('registered', 'issued', 'transferred', 'archived', 'destroyed', 'lost', 'declassified')),\n"
	"  fields BIGINT NOT NULL CHECK (fields BETWEEN 0 AND 131071),\n"
	"  kind TEXT COLLATE \"C\" CHECK (kind IN ('paper', 'electronic', 'media', 'product', 'other')),\n"
	"  title TEXT COLLATE \"C\",\n"
	"  label TEXT COLLATE \"C\" CHECK (label IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  sheets BIGINT,\n"
	"  declassify_on TEXT COLLATE \"C\" CHECK (declassify_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  registered_on TEXT COLLATE \"C\" CHECK (registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  registered_by TEXT COLLATE \"C\",\n"
	"  disposing_org_id TEXT COLLATE \"C\",\n"
	"  extra TEXT COLLATE \"C\"\n"
	");\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS carrier_org_account ON carrier(org_id, account_number) WHERE account_number <> '';\n"
	"CREATE INDEX IF NOT EXISTS carrier_org ON carrier(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS carrier_state ON carrier(state, seq);\n"
	"CREATE INDEX IF NOT EXISTS carrier_label ON carrier(label, seq);\n"
	"CREATE TABLE IF NOT EXISTS carrier_copies(\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL REFERENCES carrier(id),\n"
	"  number BIGINT NOT NULL CHECK (number >= 1),\n"
	"  ord BIGINT NOT NULL,\n"
	"  fields BIGINT NOT NULL CHECK (fields BETWEEN 0 AND 63),\n"
	"  holder_org_id TEXT COLLATE \"C\",\n"
	"  holder_person_id TEXT COLLATE \"C\",\n"
	"  joint_work_id TEXT COLLATE \"C\",\n"
	"  holder TEXT COLLATE \"C\",\n"
	"  state TEXT COLLATE \"C\",\n"
	"  issued_on TEXT COLLATE \"C\" CHECK (issued_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  carrier_seq BIGINT NOT NULL,\n"
	"  extra TEXT COLLATE \"C\",\n"
	"  PRIMARY KEY(carrier_id, number),\n"
	"  CHECK (holder_org_id IS NULL OR holder_person_id IS NULL)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_holder_org ON carrier_copies(holder_org_id, carrier_seq) WHERE holder_org_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_holder_person ON carrier_copies(holder_person_id, carrier_seq) WHERE holder_person_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_holder ON carrier_copies(holder, carrier_seq) WHERE holder IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS carrier_copies_joint_work ON carrier_copies(joint_work_id) WHERE joint_work_id IS NOT NULL;\n"
	"CREATE TABLE IF NOT EXISTS carrier_info(\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL REFERENCES carrier(id),\n"
	"  ord BIGINT NOT NULL,\n"
	"  information_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  carrier_seq BIGINT NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, ord)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS carrier_info_information ON carrier_info(information_id, carrier_seq);\n"
	"CREATE TABLE IF NOT EXISTS carrier_source(\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL REFERENCES carrier(id),\n"
	"  ord BIGINT NOT NULL,\n"
	"  source_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, ord)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS carrier_source_source ON carrier_source(source_id);\n"
	"CREATE TABLE IF NOT EXISTS carrier_disposer(\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL REFERENCES carrier(id),\n"
	"  ord BIGINT NOT NULL,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, ord)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS carrier_disposer_org ON carrier_disposer(org_id);\n"
	"CREATE TABLE IF NOT EXISTS carrier_departed(\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL REFERENCES carrier(id),\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  left_on TEXT COLLATE \"C\" NOT NULL CHECK (left_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  carrier_seq BIGINT NOT NULL,\n"
	"  PRIMARY KEY(carrier_id, org_id)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS carrier_party(\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  carrier_seq BIGINT NOT NULL,\n"
	"  carrier_id TEXT COLLATE \"C\" NOT NULL REFERENCES carrier(id),\n"
	"  PRIMARY KEY(org_id, carrier_seq)\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS carrier_party_carrier ON carrier_party(carrier_id);\n"
	"INSERT INTO carrier(id, seq, version, org_id, parent_id, account_number, state, fields, kind, title, label, sheets, declassify_on, registered_on, registered_by, disposing_org_id, extra)\n"
	" SELECT m.id, m.seq, 1, m.org_id, m.parent_id, m.ref, m.state, m.ok_id * 1 + m.ok_org_id * 2 + m.ok_account_number * 4 + m.ok_state * 8 + m.ok_kind * 16 + m.ok_title * 32 + m.ok_label * 64 + m.ok_sheets * 128 + m.ok_declassify_on * 256 + m.ok_registered_on * 512 + m.ok_registered_by * 1024 + m.ok_disposing_org_id * 2048 + m.ok_information_ids * 4096 + m.ok_source_carrier_ids * 8192 + m.ok_disposing_org_ids * 16384 + m.ok_copies * 32768 + m.ok_departed * 65536,\n"
	"  CASE WHEN m.ok_kind = 1 THEN CASE WHEN jsonb_typeof(m.d -> 'kind') = 'string' AND (m.d ->> 'kind') IN ('paper', 'electronic', 'media', 'product', 'other') THEN (m.d ->> 'kind') END END, CASE WHEN m.ok_title = 1 THEN CASE WHEN jsonb_typeof(m.d -> 'title') = 'string' AND (m.d ->> 'title') <> '' THEN (m.d ->> 'title') END END, CASE WHEN m.ok_label = 1 THEN CASE WHEN jsonb_typeof(m.d -> 'label') = 'string' AND (m.d ->> 'label') IN ('confidential', 'top_secret', 'special_importance') THEN (m.d ->> 'label') END END, CASE WHEN m.ok_sheets = 1 THEN CASE WHEN (jsonb_typeof(m.d -> 'sheets') = 'number' AND (m.d ->> 'sheets') ~ '^-?[0-9]{1,18}$') THEN (m.d ->> 'sheets')::bigint END END, CASE WHEN m.ok_declassify_on = 1 THEN CASE WHEN jsonb_typeof(m.d -> 'declassify_on') = 'string' AND (m.d ->> 'declassify_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN (m.d ->> 'declassify_on') END END, CASE WHEN m.ok_registered_on = 1 THEN CASE WHEN jsonb_typeof(m.d -> 'registered_on') = 'string' AND (m.d ->> 'registered_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN (m.d ->> 'registered_on') END END, CASE WHEN m.ok_registered_by = 1 THEN CASE WHEN jsonb_typeof(m.d -> 'registered_by') = 'string' AND octet_length((m.d ->> 'registered_by')) BETWEEN 1 AND 39 THEN (m.d ->> 'registered_by') END END, CASE WHEN m.ok_disposing_org_id = 1 THEN CASE WHEN jsonb_typeof(m.d -> 'disposing_org_id') = 'string' AND octet_length((m.d ->> 'disposing_org_id')) BETWEEN 1 AND 39 THEN (m.d ->> 'disposing_org_id') END END,\n"
	"  NULLIF((m.d - ARRAY[CASE WHEN m.ok_id = 1 THEN 'id' ELSE '~' END, CASE WHEN m.ok_org_id = 1 THEN 'org_id' ELSE '~' END, CASE WHEN m.ok_account_number = 1 THEN 'account_number' ELSE '~' END, CASE WHEN m.ok_state = 1 THEN 'state' ELSE '~' END, CASE WHEN m.ok_kind = 1 THEN 'kind' ELSE '~' END, CASE WHEN m.ok_title = 1 THEN 'title' ELSE '~' END, CASE WHEN m.ok_label = 1 THEN 'label' ELSE '~' END, CASE WHEN m.ok_sheets = 1 THEN 'sheets' ELSE '~' END, CASE WHEN m.ok_declassify_on = 1 THEN 'declassify_on' ELSE '~' END, CASE WHEN m.ok_registered_on = 1 THEN 'registered_on' ELSE '~' END, CASE WHEN m.ok_registered_by = 1 THEN 'registered_by' ELSE '~' END, CASE WHEN m.ok_disposing_org_id = 1 THEN 'disposing_org_id' ELSE '~' END, CASE WHEN m.ok_information_ids = 1 THEN 'information_ids' ELSE '~' END, CASE WHEN m.ok_source_carrier_ids = 1 THEN 'source_carrier_ids' ELSE '~' END, CASE WHEN m.ok_disposing_org_ids = 1 THEN 'disposing_org_ids' ELSE '~' END, CASE WHEN m.ok_copies = 1 THEN 'copies' ELSE '~' END, CASE WHEN m.ok_departed = 1 THEN 'departed' ELSE '~' END])::text, '{}')\n"
	" FROM (SELECT r.*,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'id') = 'string' AND (r.d ->> 'id') <> '' AND (r.d ->> 'id') = r.id THEN 1 ELSE 0 END) AS ok_id,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'org_id') = 'string' AND (r.d ->> 'org_id') <> '' AND (r.d ->> 'org_id') = r.org_id THEN 1 ELSE 0 END) AS ok_org_id,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'account_number') = 'string' AND (r.d ->> 'account_number') <> '' AND (r.d ->> 'account_number') = r.ref THEN 1 ELSE 0 END) AS ok_account_number,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'state') = 'string' AND (r.d ->> 'state') <> '' AND (r.d ->> 'state') = r.state THEN 1 ELSE 0 END) AS ok_state,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'kind') = 'null' OR (jsonb_typeof(r.d -> 'kind') = 'string' AND (r.d ->> 'kind') IN ('paper', 'electronic', 'media', 'product', 'other')) THEN 1 ELSE 0 END) AS ok_kind,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'title') = 'null' OR (jsonb_typeof(r.d -> 'title') = 'string' AND (r.d ->> 'title') <> '') THEN 1 ELSE 0 END) AS ok_title,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'label') = 'null' OR (jsonb_typeof(r.d -> 'label') = 'string' AND (r.d ->> 'label') IN ('confidential', 'top_secret', 'special_importance')) THEN 1 ELSE 0 END) AS ok_label,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'sheets') = 'null' OR (jsonb_typeof(r.d -> 'sheets') = 'number' AND (r.d ->> 'sheets') ~ '^-?[0-9]{1,18}$') THEN 1 ELSE 0 END) AS ok_sheets,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'declassify_on') = 'null' OR (jsonb_typeof(r.d -> 'declassify_on') = 'string' AND (r.d ->> 'declassify_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN 1 ELSE 0 END) AS ok_declassify_on,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'registered_on') = 'null' OR (jsonb_typeof(r.d -> 'registered_on') = 'string' AND (r.d ->> 'registered_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN 1 ELSE 0 END) AS ok_registered_on,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'registered_by') = 'null' OR (jsonb_typeof(r.d -> 'registered_by') = 'string' AND octet_length((r.d ->> 'registered_by')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_registered_by,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'disposing_org_id') = 'null' OR (jsonb_typeof(r.d -> 'disposing_org_id') = 'string' AND octet_length((r.d ->> 'disposing_org_id')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_disposing_org_id,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'information_ids') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'information_ids') = 'array' THEN r.d -> 'information_ids' ELSE '[]'::jsonb END) AS e(v) WHERE jsonb_typeof(e.v) <> 'string' OR octet_length((e.v #>> '{}')) NOT BETWEEN 1 AND 39) AND (SELECT count(*) = count(DISTINCT (e.v #>> '{}')) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'information_ids') = 'array' THEN r.d -> 'information_ids' ELSE '[]'::jsonb END) AS e(v)) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_information_ids,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'source_carrier_ids') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'source_carrier_ids') = 'array' THEN r.d -> 'source_carrier_ids' ELSE '[]'::jsonb END) AS e(v) WHERE jsonb_typeof(e.v) <> 'string' OR octet_length((e.v #>> '{}')) NOT BETWEEN 1 AND 39) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_source_carrier_ids,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'disposing_org_ids') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'disposing_org_ids') = 'array' THEN r.d -> 'disposing_org_ids' ELSE '[]'::jsonb END) AS e(v) WHERE jsonb_typeof(e.v) <> 'string' OR octet_length((e.v #>> '{}')) NOT BETWEEN 1 AND 39) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_disposing_org_ids,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'copies') = 'array' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'copies') = 'array' THEN r.d -> 'copies' ELSE '[]'::jsonb END) AS e(v) WHERE jsonb_typeof(e.v) <> 'object' OR coalesce(jsonb_typeof(e.v -> 'number'), '') <> 'number' OR NOT ((e.v ->> 'number') ~ '^[0-9]{1,18}$') OR (e.v ->> 'number')::numeric < 1) AND (SELECT count(*) = count(DISTINCT (e.v ->> 'number')) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'copies') = 'array' THEN r.d -> 'copies' ELSE '[]'::jsonb END) AS e(v)) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_copies,\n"
	"  (CASE WHEN jsonb_typeof(r.d -> 'departed') = 'object' THEN (CASE WHEN NOT EXISTS (SELECT 1 FROM jsonb_each(CASE WHEN jsonb_typeof(r.d -> 'departed') = 'object' THEN r.d -> 'departed' ELSE '{}'::jsonb END) AS e(k, v) WHERE jsonb_typeof(e.v) <> 'string' OR NOT ((e.v #>> '{}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') OR octet_length(e.k) NOT BETWEEN 1 AND 39) THEN 1 ELSE 0 END) ELSE 0 END) AS ok_departed\n"
	"  FROM (SELECT r0.*, r0.doc::jsonb AS d FROM record AS r0 WHERE r0.kind = 'carrier') AS r WHERE jsonb_typeof(r.d) = 'object' AND r.id NOT IN (SELECT id FROM carrier)) AS m ORDER BY m.seq;\n"
	"INSERT INTO carrier_info(carrier_id, ord, information_id, carrier_seq)\n"
	" SELECT cid, row_number() OVER (PARTITION BY cid ORDER BY o) - 1, val, cseq FROM (SELECT c.id AS cid, c.seq AS cseq, (e.v #>> '{}') AS val, min((e.n - 1)) AS o FROM carrier AS c JOIN (SELECT id, doc::jsonb AS d FROM record WHERE kind = 'carrier') AS r ON r.id = c.id CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'information_ids') = 'array' THEN r.d -> 'information_ids' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, n) WHERE jsonb_typeof(e.v) = 'string' AND octet_length((e.v #>> '{}')) BETWEEN 1 AND 39 GROUP BY c.id, c.seq, (e.v #>> '{}')) AS y;\n"
	"INSERT INTO carrier_source(carrier_id, ord, source_id)\n"
	" SELECT c.id, (e.n - 1), (e.v #>> '{}') FROM carrier AS c JOIN (SELECT id, doc::jsonb AS d FROM record WHERE kind = 'carrier') AS r ON r.id = c.id CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'source_carrier_ids') = 'array' THEN r.d -> 'source_carrier_ids' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, n) WHERE (c.fields & 8192) <> 0;\n"
	"INSERT INTO carrier_disposer(carrier_id, ord, org_id)\n"
	" SELECT c.id, (e.n - 1), (e.v #>> '{}') FROM carrier AS c JOIN (SELECT id, doc::jsonb AS d FROM record WHERE kind = 'carrier') AS r ON r.id = c.id CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'disposing_org_ids') = 'array' THEN r.d -> 'disposing_org_ids' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, n) WHERE (c.fields & 16384) <> 0;\n"
	"INSERT INTO carrier_departed(carrier_id, org_id, left_on, carrier_seq)\n"
	" SELECT c.id, e.k, e.v #>> '{}', c.seq FROM carrier AS c JOIN (SELECT id, doc::jsonb AS d FROM record WHERE kind = 'carrier') AS r ON r.id = c.id CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(r.d -> 'departed') = 'object' THEN r.d -> 'departed' ELSE '{}'::jsonb END) AS e(k, v) WHERE (c.fields & 65536) <> 0;\n"
	"INSERT INTO carrier_copies(carrier_id, number, ord, fields, holder_org_id, holder_person_id, joint_work_id, holder, state, issued_on, carrier_seq, extra)\n"
	" SELECT x.cid, (x.v ->> 'number')::bigint, x.ord, x.ok_holder_org_id * 1 + (CASE WHEN x.ok_holder_person_id = 1 AND NOT (x.hov IS NOT NULL AND x.hpv IS NOT NULL) THEN 1 ELSE 0 END) * 2 + x.ok_joint_work_id * 4 + x.ok_holder * 8 + x.ok_state * 16 + x.ok_issued_on * 32,\n"
	"  CASE WHEN x.ok_holder_org_id = 1 THEN CASE WHEN jsonb_typeof(x.v -> 'holder_org_id') = 'string' AND octet_length((x.v ->> 'holder_org_id')) BETWEEN 1 AND 39 THEN (x.v ->> 'holder_org_id') END END, CASE WHEN (CASE WHEN x.ok_holder_person_id = 1 AND NOT (x.hov IS NOT NULL AND x.hpv IS NOT NULL) THEN 1 ELSE 0 END) = 1 THEN CASE WHEN jsonb_typeof(x.v -> 'holder_person_id') = 'string' AND octet_length((x.v ->> 'holder_person_id')) BETWEEN 1 AND 39 THEN (x.v ->> 'holder_person_id') END END, CASE WHEN x.ok_joint_work_id = 1 THEN CASE WHEN jsonb_typeof(x.v -> 'joint_work_id') = 'string' AND octet_length((x.v ->> 'joint_work_id')) BETWEEN 1 AND 39 THEN (x.v ->> 'joint_work_id') END END, CASE WHEN x.ok_holder = 1 THEN CASE WHEN jsonb_typeof(x.v -> 'holder') = 'string' AND octet_length((x.v ->> 'holder')) BETWEEN 1 AND 39 THEN (x.v ->> 'holder') END END, CASE WHEN x.ok_state = 1 THEN CASE WHEN jsonb_typeof(x.v -> 'state') = 'string' AND octet_length((x.v ->> 'state')) BETWEEN 1 AND 23 THEN (x.v ->> 'state') END END, CASE WHEN x.ok_issued_on = 1 THEN CASE WHEN jsonb_typeof(x.v -> 'issued_on') = 'string' AND (x.v ->> 'issued_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN (x.v ->> 'issued_on') END END, x.cseq,\n"
	"  NULLIF((x.v - ARRAY[CASE WHEN 1 = 1 THEN 'number' ELSE '~' END, CASE WHEN x.ok_holder_org_id = 1 THEN 'holder_org_id' ELSE '~' END, CASE WHEN (CASE WHEN x.ok_holder_person_id = 1 AND NOT (x.hov IS NOT NULL AND x.hpv IS NOT NULL) THEN 1 ELSE 0 END) = 1 THEN 'holder_person_id' ELSE '~' END, CASE WHEN x.ok_joint_work_id = 1 THEN 'joint_work_id' ELSE '~' END, CASE WHEN x.ok_holder = 1 THEN 'holder' ELSE '~' END, CASE WHEN x.ok_state = 1 THEN 'state' ELSE '~' END, CASE WHEN x.ok_issued_on = 1 THEN 'issued_on' ELSE '~' END])::text, '{}')\n"
	" FROM (SELECT c.id AS cid, c.seq AS cseq, (e.n - 1) AS ord, e.v AS v, CASE WHEN jsonb_typeof(e.v -> 'holder_org_id') = 'string' AND octet_length((e.v ->> 'holder_org_id')) BETWEEN 1 AND 39 THEN (e.v ->> 'holder_org_id') END AS hov, CASE WHEN jsonb_typeof(e.v -> 'holder_person_id') = 'string' AND octet_length((e.v ->> 'holder_person_id')) BETWEEN 1 AND 39 THEN (e.v ->> 'holder_person_id') END AS hpv,\n"
	"  (CASE WHEN jsonb_typeof(e.v -> 'holder_org_id') = 'null' OR (jsonb_typeof(e.v -> 'holder_org_id') = 'string' AND octet_length((e.v ->> 'holder_org_id')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_holder_org_id,\n"
	"  (CASE WHEN jsonb_typeof(e.v -> 'holder_person_id') = 'null' OR (jsonb_typeof(e.v -> 'holder_person_id') = 'string' AND octet_length((e.v ->> 'holder_person_id')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_holder_person_id,\n"
	"  (CASE WHEN jsonb_typeof(e.v -> 'joint_work_id') = 'null' OR (jsonb_typeof(e.v -> 'joint_work_id') = 'string' AND octet_length((e.v ->> 'joint_work_id')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_joint_work_id,\n"
	"  (CASE WHEN jsonb_typeof(e.v -> 'holder') = 'null' OR (jsonb_typeof(e.v -> 'holder') = 'string' AND octet_length((e.v ->> 'holder')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_holder,\n"
	"  (CASE WHEN jsonb_typeof(e.v -> 'state') = 'null' OR (jsonb_typeof(e.v -> 'state') = 'string' AND octet_length((e.v ->> 'state')) BETWEEN 1 AND 23) THEN 1 ELSE 0 END) AS ok_state,\n"
	"  (CASE WHEN jsonb_typeof(e.v -> 'issued_on') = 'null' OR (jsonb_typeof(e.v -> 'issued_on') = 'string' AND (e.v ->> 'issued_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN 1 ELSE 0 END) AS ok_issued_on\n"
	"  FROM carrier AS c JOIN (SELECT id, doc::jsonb AS d FROM record WHERE kind = 'carrier') AS r ON r.id = c.id CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.d -> 'copies') = 'array' THEN r.d -> 'copies' ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, n) WHERE (c.fields & 32768) <> 0) AS x;\n"
	"INSERT INTO carrier_party(org_id, carrier_seq, carrier_id) SELECT org_id, seq, id FROM carrier WHERE org_id <> '' ON CONFLICT DO NOTHING;\n"
	"INSERT INTO carrier_party(org_id, carrier_seq, carrier_id) SELECT holder_org_id, carrier_seq, carrier_id FROM carrier_copies WHERE holder_org_id IS NOT NULL ON CONFLICT DO NOTHING;\n"
	"INSERT INTO carrier_party(org_id, carrier_seq, carrier_id) SELECT org_id, carrier_seq, carrier_id FROM carrier_departed ON CONFLICT DO NOTHING;\n"
	"ALTER TABLE content DROP CONSTRAINT IF EXISTS content_carrier_id_fkey;\n"
	"ALTER TABLE content ADD CONSTRAINT content_carrier_id_fkey FOREIGN KEY (carrier_id) REFERENCES carrier(id);\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'carrier');\n"
	"DELETE FROM record WHERE kind = 'carrier' AND id IN (SELECT id FROM carrier);\n"
	"DROP TABLE IF EXISTS carrier_information;\n"
	"DROP TABLE IF EXISTS carrier_copy;\n"
},
	/* store_sqlite.c's 0022b_typed_movements in PostgreSQL's dialect. */
	{"0022b_typed_movements",
	"CREATE TABLE IF NOT EXISTS movement(id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,"
	" seq BIGINT NOT NULL UNIQUE, version BIGINT NOT NULL DEFAULT 1,"
	" parent_id TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
	" org_id TEXT COLLATE \"C\" NOT NULL DEFAULT '', ref TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
	" state TEXT COLLATE \"C\" NOT NULL DEFAULT '',"
	" fields BIGINT NOT NULL DEFAULT 0 CHECK (fields BETWEEN 0 AND 255),"
	" kind TEXT COLLATE \"C\","
	" date TEXT COLLATE \"C\" CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),"
	" by_user TEXT COLLATE \"C\", carrier_id TEXT COLLATE \"C\", copy_number BIGINT,"
	" person_id TEXT COLLATE \"C\", extra TEXT COLLATE \"C\");\n"
	"CREATE INDEX IF NOT EXISTS movement_parent ON movement(parent_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS movement_org ON movement(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS movement_carrier ON movement(carrier_id, seq)"
	" WHERE carrier_id IS NOT NULL;\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS movement_org_ref ON movement(org_id, ref)"
	" WHERE ref <> '';\n"
	"INSERT INTO movement(id, seq, version, parent_id, org_id, ref, state, fields, kind,"
	"  date, by_user, carrier_id, copy_number, person_id, extra)"
	" SELECT id, seq, 1, parent_id, org_id, ref, state,"
	"  ok_id * 1 + ok_org * 2 + ok_kind * 4 + ok_date * 8 + ok_by * 16 + ok_car * 32"
	"  + ok_copy * 64 + ok_person * 128,"
	"  CASE WHEN ok_kind = 1 THEN d ->> 'kind' END, CASE WHEN ok_date = 1 THEN d ->> 'date' END,"
	"  CASE WHEN ok_by = 1 THEN d ->> 'by' END, CASE WHEN ok_car = 1 THEN d ->> 'carrier_id' END,"
	"  CASE WHEN ok_copy = 1 THEN (d ->> 'copy_number')::bigint END,"
	"  CASE WHEN ok_person = 1 THEN d ->> 'person_id' END,"
	"  NULLIF((d - ARRAY[CASE WHEN ok_id = 1 THEN 'id' ELSE '~' END,"
	"   CASE WHEN ok_org = 1 THEN 'org_id' ELSE '~' END,"
	"   CASE WHEN ok_kind = 1 THEN 'kind' ELSE '~' END,"
	"   CASE WHEN ok_date = 1 THEN 'date' ELSE '~' END,"
	"   CASE WHEN ok_by = 1 THEN 'by' ELSE '~' END,"
	"   CASE WHEN ok_car = 1 THEN 'carrier_id' ELSE '~' END,"
	"   CASE WHEN ok_copy = 1 THEN 'copy_number' ELSE '~' END,"
	"   CASE WHEN ok_person = 1 THEN 'person_id' ELSE '~' END])::text, '{}')"
	" FROM (SELECT r.*, x.d,"
	"  CASE WHEN jsonb_typeof(x.d -> 'id') = 'string' AND x.d ->> 'id' = r.id"
	"   THEN 1 ELSE 0 END AS ok_id,"
	"  CASE WHEN jsonb_typeof(x.d -> 'org_id') = 'string' AND x.d ->> 'org_id' <> ''"
	"   AND x.d ->> 'org_id' = r.org_id THEN 1 ELSE 0 END AS ok_org,"
	"  " PGMV_OK_STR("kind") " AS ok_kind,"
	"  CASE WHEN jsonb_typeof(x.d -> 'date') = 'null' OR (jsonb_typeof(x.d -> 'date') ="
	"   'string' AND x.d ->> 'date' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN 1 ELSE 0 END"
	"   AS ok_date,"
	"  " PGMV_OK_STR("by") " AS ok_by, " PGMV_OK_STR("carrier_id") " AS ok_car,"
	"  CASE WHEN jsonb_typeof(x.d -> 'copy_number') = 'null' OR"
	"   (jsonb_typeof(x.d -> 'copy_number') = 'number' AND"
	"   x.d ->> 'copy_number' ~ '^-?[0-9]{1,18}$') THEN 1 ELSE 0 END AS ok_copy,"
	"  " PGMV_OK_STR("person_id") " AS ok_person"
	"  FROM record AS r CROSS JOIN LATERAL (SELECT r.doc::jsonb AS d) AS x"
	"  WHERE r.kind = 'movement' AND jsonb_typeof(x.d) = 'object'"
	"   AND r.id NOT IN (SELECT id FROM movement)) AS m ORDER BY seq;\n"
	"DELETE FROM record WHERE kind = 'movement' AND id IN (SELECT id FROM movement)"},
	/* store_sqlite.c's 0026_carrier_columns in PostgreSQL's dialect
	 * (ADD COLUMN IF NOT EXISTS; the moves find nothing left the second
	 * time). */
	{"0026_carrier_columns",
	 PG_CARRIER_0026_COLUMNS PG_CARRIER_0026_MOVES},
	/* 0027_org_fks: store_sqlite.c's step (store/org_fks.h); PostgreSQL
	 * adds a key to a table in place. */
	{"0027_org_fks", STORE_PERSON_FKS(PGFK_PERSON_ORPHANS) STORE_ORG_FKS(PGFK_ORG_ORPHANS)
	 STORE_PERSON_FKS(PGFK_P) STORE_ORG_FKS(PGFK_O)},
	/* 0025_typed_items: as store_sqlite.c's, the doc parsed as jsonb. */
	{"0025_typed_items",
	"CREATE TABLE IF NOT EXISTS information(\n"
	"  id TEXT COLLATE \"C\" PRIMARY KEY NOT NULL,\n"
	"  seq BIGINT NOT NULL UNIQUE,\n"
	"  version BIGINT NOT NULL DEFAULT 1,\n"
	"  org_id TEXT COLLATE \"C\" NOT NULL REFERENCES organization(id),\n"
	"  state TEXT COLLATE \"C\" NOT NULL CHECK (state IN ('preliminary', 'classified', 'declassified')),\n"
	"  fields BIGINT NOT NULL,\n"
	"  list_item_id TEXT COLLATE \"C\" REFERENCES list_item(id),\n"
	"  list_id TEXT COLLATE \"C\" REFERENCES list(id),\n"
	"  title TEXT COLLATE \"C\",\n"
	"  degree TEXT COLLATE \"C\" CHECK (degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  classified_on TEXT COLLATE \"C\" CHECK (classified_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  declassify_on TEXT COLLATE \"C\" CHECK (declassify_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  preliminary BIGINT NOT NULL CHECK (preliminary IN (0, 1)),\n"
	"  basis TEXT COLLATE \"C\",\n"
	"  classified_by TEXT COLLATE \"C\",\n"
	"  classifier_person_id TEXT COLLATE \"C\",\n"
	"  registered_on TEXT COLLATE \"C\" CHECK (registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  proposal_on TEXT COLLATE \"C\" CHECK (proposal_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  proposal_by TEXT COLLATE \"C\",\n"
	"  review_required BIGINT NOT NULL CHECK (review_required IN (0, 1)),\n"
	"  review_due_on TEXT COLLATE \"C\" CHECK (review_due_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  review_reason TEXT COLLATE \"C\",\n"
	"  disposing_org_id TEXT COLLATE \"C\" REFERENCES organization(id),\n"
	"  declassified_on TEXT COLLATE \"C\" CHECK (declassified_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  label_removed_on TEXT COLLATE \"C\" CHECK (label_removed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  declassification_ground TEXT COLLATE \"C\",\n"
	"  decision TEXT COLLATE \"C\" CHECK (decision IN ('add_to_list', 'remove_label')),\n"
	"  decision_on TEXT COLLATE \"C\" CHECK (decision_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  decision_by TEXT COLLATE \"C\",\n"
	"  decision_item_id TEXT COLLATE \"C\" REFERENCES list_item(id),\n"
	"  decl_ground TEXT COLLATE \"C\",\n"
	"  decl_court_ref TEXT COLLATE \"C\",\n"
	"  decl_on TEXT COLLATE \"C\" CHECK (decl_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  decl_by TEXT COLLATE \"C\",\n"
	"  extra TEXT COLLATE \"C\"\n"
	");\n"
	"CREATE INDEX IF NOT EXISTS information_org ON information(org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_state_org ON information(state, org_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_list_item ON information(list_item_id, seq);\n"
	"CREATE INDEX IF NOT EXISTS information_list ON information(list_id);\n"
	"CREATE INDEX IF NOT EXISTS information_due ON information(state, coalesce(review_due_on, declassify_on));\n"
	"CREATE TABLE IF NOT EXISTS information_topic(\n"
	"  info_id TEXT COLLATE \"C\" NOT NULL REFERENCES information(id),\n"
	"  ord BIGINT NOT NULL CHECK (ord >= 0),\n"
	"  topic TEXT COLLATE \"C\" NOT NULL,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_extension(\n"
	"  info_id TEXT COLLATE \"C\" NOT NULL REFERENCES information(id),\n"
	"  ord BIGINT NOT NULL CHECK (ord >= 0),\n"
	"  from_date TEXT COLLATE \"C\" CHECK (from_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  to_date TEXT COLLATE \"C\" NOT NULL CHECK (to_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  conclusion_ref TEXT COLLATE \"C\",\n"
	"  effective_date TEXT COLLATE \"C\" NOT NULL CHECK (effective_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  by_user TEXT COLLATE \"C\" NOT NULL,\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_review(\n"
	"  info_id TEXT COLLATE \"C\" NOT NULL REFERENCES information(id),\n"
	"  ord BIGINT NOT NULL CHECK (ord >= 0),\n"
	"  keys BIGINT NOT NULL CHECK (keys BETWEEN 0 AND 63),\n"
	"  kind TEXT COLLATE \"C\",\n"
	"  change_id TEXT COLLATE \"C\",\n"
	"  list_item_id TEXT COLLATE \"C\",\n"
	"  how TEXT COLLATE \"C\",\n"
	"  effective_date TEXT COLLATE \"C\" CHECK (effective_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  by_user TEXT COLLATE \"C\",\n"
	"  PRIMARY KEY(info_id, ord)\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS information_reclassification(\n"
	"  info_id TEXT COLLATE \"C\" NOT NULL REFERENCES information(id),\n"
	"  ord BIGINT NOT NULL CHECK (ord >= 0),\n"
	"  from_list_item_id TEXT COLLATE \"C\",\n"
	"  to_list_item_id TEXT COLLATE \"C\" NOT NULL,\n"
	"  from_degree TEXT COLLATE \"C\" NOT NULL CHECK (from_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  to_degree TEXT COLLATE \"C\" NOT NULL CHECK (to_degree IN ('confidential', 'top_secret', 'special_importance')),\n"
	"  effective_date TEXT COLLATE \"C\" NOT NULL CHECK (effective_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),\n"
	"  by_user TEXT COLLATE \"C\" NOT NULL,\n"
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
	"  CASE WHEN m.ok_list_id = 1 THEN (m.d ->> 'list_id') END,\n"
	"  CASE WHEN m.ok_title = 1 THEN (m.d ->> 'title') END,\n"
	"  CASE WHEN m.ok_degree = 1 THEN (m.d ->> 'degree') END,\n"
	"  CASE WHEN m.ok_classified_on = 1 THEN (m.d ->> 'classified_on') END,\n"
	"  CASE WHEN m.ok_declassify_on = 1 THEN (m.d ->> 'declassify_on') END,\n"
	"  CASE WHEN m.ok_preliminary = 1 AND (m.d ->> 'preliminary') = 'true' THEN 1 ELSE 0 END,\n"
	"  CASE WHEN m.ok_basis = 1 THEN (m.d ->> 'basis') END,\n"
	"  CASE WHEN m.ok_classified_by = 1 THEN (m.d ->> 'classified_by') END,\n"
	"  CASE WHEN m.ok_classifier_person_id = 1 THEN (m.d ->> 'classifier_person_id') END,\n"
	"  CASE WHEN m.ok_registered_on = 1 THEN (m.d ->> 'registered_on') END,\n"
	"  CASE WHEN m.ok_proposal_on = 1 THEN (m.d ->> 'proposal_on') END,\n"
	"  CASE WHEN m.ok_proposal_by = 1 THEN (m.d ->> 'proposal_by') END,\n"
	"  CASE WHEN m.ok_review_required = 1 AND (m.d ->> 'review_required') = 'true' THEN 1 ELSE 0 END,\n"
	"  CASE WHEN m.ok_review_due_on = 1 THEN (m.d ->> 'review_due_on') END,\n"
	"  CASE WHEN m.ok_review_reason = 1 THEN (m.d ->> 'review_reason') END,\n"
	"  CASE WHEN m.ok_disposing_org_id = 1 THEN (m.d ->> 'disposing_org_id') END,\n"
	"  CASE WHEN m.ok_declassified_on = 1 THEN (m.d ->> 'declassified_on') END,\n"
	"  CASE WHEN m.ok_label_removed_on = 1 THEN (m.d ->> 'label_removed_on') END,\n"
	"  CASE WHEN m.ok_declassification_ground = 1 THEN (m.d ->> 'declassification_ground') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND jsonb_typeof(m.d #> '{decision}') = 'object' THEN (m.d #>> '{decision,decision}') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND jsonb_typeof(m.d #> '{decision}') = 'object' THEN (m.d #>> '{decision,effective_date}') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND jsonb_typeof(m.d #> '{decision}') = 'object' THEN (m.d #>> '{decision,by}') END,\n"
	"  CASE WHEN m.ok_decision = 1 AND jsonb_typeof(m.d #> '{decision}') = 'object' THEN (m.d #>> '{decision,list_item_id}') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND jsonb_typeof(m.d #> '{declassification}') = 'object' THEN (m.d #>> '{declassification,ground}') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND jsonb_typeof(m.d #> '{declassification}') = 'object' THEN (m.d #>> '{declassification,court_ref}') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND jsonb_typeof(m.d #> '{declassification}') = 'object' THEN (m.d #>> '{declassification,effective_date}') END,\n"
	"  CASE WHEN m.ok_declassification = 1 AND jsonb_typeof(m.d #> '{declassification}') = 'object' THEN (m.d #>> '{declassification,by}') END,\n"
	"  NULLIF(m.d - array_remove(ARRAY[CASE WHEN m.ok_org_id = 1 THEN 'org_id' END, CASE WHEN m.ok_state = 1 THEN 'state' END, CASE WHEN m.ok_list_item_id = 1 THEN 'list_item_id' END, CASE WHEN m.ok_list_id = 1 THEN 'list_id' END, CASE WHEN m.ok_title = 1 THEN 'title' END, CASE WHEN m.ok_degree = 1 THEN 'degree' END, CASE WHEN m.ok_classified_on = 1 THEN 'classified_on' END, CASE WHEN m.ok_declassify_on = 1 THEN 'declassify_on' END, CASE WHEN m.ok_preliminary = 1 THEN 'preliminary' END, CASE WHEN m.ok_basis = 1 THEN 'basis' END, CASE WHEN m.ok_classified_by = 1 THEN 'classified_by' END, CASE WHEN m.ok_classifier_person_id = 1 THEN 'classifier_person_id' END, CASE WHEN m.ok_registered_on = 1 THEN 'registered_on' END, CASE WHEN m.ok_proposal_on = 1 THEN 'proposal_on' END, CASE WHEN m.ok_proposal_by = 1 THEN 'proposal_by' END, CASE WHEN m.ok_review_required = 1 THEN 'review_required' END, CASE WHEN m.ok_review_due_on = 1 THEN 'review_due_on' END, CASE WHEN m.ok_review_reason = 1 THEN 'review_reason' END, CASE WHEN m.ok_disposing_org_id = 1 THEN 'disposing_org_id' END, CASE WHEN m.ok_declassified_on = 1 THEN 'declassified_on' END, CASE WHEN m.ok_label_removed_on = 1 THEN 'label_removed_on' END, CASE WHEN m.ok_declassification_ground = 1 THEN 'declassification_ground' END, CASE WHEN m.ok_id = 1 THEN 'id' END, CASE WHEN m.ok_topics = 1 THEN 'topics' END, CASE WHEN m.ok_decision = 1 THEN 'decision' END, CASE WHEN m.ok_declassification = 1 THEN 'declassification' END, CASE WHEN m.ok_extensions = 1 THEN 'extensions' END, CASE WHEN m.ok_reviews = 1 THEN 'reviews' END, CASE WHEN m.ok_reclassifications = 1 THEN 'reclassifications' END], NULL), '{}'::jsonb)::text\n"
	" FROM (SELECT r.*, x.d,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'org_id') = 'string' AND (x.d ->> 'org_id') <> '' AND (x.d ->> 'org_id') = r.org_id THEN 1 ELSE 0 END) AS ok_org_id,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'state') = 'string' AND (x.d ->> 'state') = r.state THEN 1 ELSE 0 END) AS ok_state,\n"
	"  (CASE WHEN (jsonb_typeof(x.d -> 'list_item_id') = 'string' AND (x.d ->> 'list_item_id') <> '' AND (x.d ->> 'list_item_id') = r.parent_id) OR (jsonb_typeof(x.d -> 'list_item_id') = 'null' AND r.parent_id = '') THEN 1 ELSE 0 END) AS ok_list_item_id,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'list_id') = 'null' OR (jsonb_typeof(x.d -> 'list_id') = 'string' AND octet_length((x.d ->> 'list_id')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_list_id,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'title') IN ('null', 'string') THEN 1 ELSE 0 END) AS ok_title,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'degree') = 'null' OR (jsonb_typeof(x.d -> 'degree') = 'string' AND (x.d ->> 'degree') IN ('confidential', 'top_secret', 'special_importance')) THEN 1 ELSE 0 END) AS ok_degree,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'classified_on') = 'null' OR (jsonb_typeof(x.d -> 'classified_on') = 'string' AND (CASE WHEN (x.d ->> 'classified_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d ->> 'classified_on'), 1, 4)::int >= 1900 AND substr((x.d ->> 'classified_on'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d ->> 'classified_on'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d ->> 'classified_on'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d ->> 'classified_on'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d ->> 'classified_on'), 1, 4)::int % 4 = 0 AND substr((x.d ->> 'classified_on'), 1, 4)::int % 100 <> 0) OR substr((x.d ->> 'classified_on'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) THEN 1 ELSE 0 END) AS ok_classified_on,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'declassify_on') = 'null' OR (jsonb_typeof(x.d -> 'declassify_on') = 'string' AND (CASE WHEN (x.d ->> 'declassify_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d ->> 'declassify_on'), 1, 4)::int >= 1900 AND substr((x.d ->> 'declassify_on'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d ->> 'declassify_on'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d ->> 'declassify_on'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d ->> 'declassify_on'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d ->> 'declassify_on'), 1, 4)::int % 4 = 0 AND substr((x.d ->> 'declassify_on'), 1, 4)::int % 100 <> 0) OR substr((x.d ->> 'declassify_on'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) THEN 1 ELSE 0 END) AS ok_declassify_on,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'preliminary') = 'boolean' THEN 1 ELSE 0 END) AS ok_preliminary,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'basis') IN ('null', 'string') THEN 1 ELSE 0 END) AS ok_basis,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'classified_by') = 'null' OR (jsonb_typeof(x.d -> 'classified_by') = 'string' AND octet_length((x.d ->> 'classified_by')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_classified_by,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'classifier_person_id') = 'null' OR (jsonb_typeof(x.d -> 'classifier_person_id') = 'string' AND octet_length((x.d ->> 'classifier_person_id')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_classifier_person_id,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'registered_on') = 'null' OR (jsonb_typeof(x.d -> 'registered_on') = 'string' AND (CASE WHEN (x.d ->> 'registered_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d ->> 'registered_on'), 1, 4)::int >= 1900 AND substr((x.d ->> 'registered_on'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d ->> 'registered_on'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d ->> 'registered_on'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d ->> 'registered_on'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d ->> 'registered_on'), 1, 4)::int % 4 = 0 AND substr((x.d ->> 'registered_on'), 1, 4)::int % 100 <> 0) OR substr((x.d ->> 'registered_on'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) THEN 1 ELSE 0 END) AS ok_registered_on,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'proposal_on') = 'null' OR (jsonb_typeof(x.d -> 'proposal_on') = 'string' AND (CASE WHEN (x.d ->> 'proposal_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d ->> 'proposal_on'), 1, 4)::int >= 1900 AND substr((x.d ->> 'proposal_on'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d ->> 'proposal_on'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d ->> 'proposal_on'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d ->> 'proposal_on'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d ->> 'proposal_on'), 1, 4)::int % 4 = 0 AND substr((x.d ->> 'proposal_on'), 1, 4)::int % 100 <> 0) OR substr((x.d ->> 'proposal_on'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) THEN 1 ELSE 0 END) AS ok_proposal_on,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'proposal_by') = 'null' OR (jsonb_typeof(x.d -> 'proposal_by') = 'string' AND octet_length((x.d ->> 'proposal_by')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_proposal_by,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'review_required') = 'boolean' THEN 1 ELSE 0 END) AS ok_review_required,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'review_due_on') = 'null' OR (jsonb_typeof(x.d -> 'review_due_on') = 'string' AND (CASE WHEN (x.d ->> 'review_due_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d ->> 'review_due_on'), 1, 4)::int >= 1900 AND substr((x.d ->> 'review_due_on'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d ->> 'review_due_on'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d ->> 'review_due_on'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d ->> 'review_due_on'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d ->> 'review_due_on'), 1, 4)::int % 4 = 0 AND substr((x.d ->> 'review_due_on'), 1, 4)::int % 100 <> 0) OR substr((x.d ->> 'review_due_on'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) THEN 1 ELSE 0 END) AS ok_review_due_on,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'review_reason') IN ('null', 'string') THEN 1 ELSE 0 END) AS ok_review_reason,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'disposing_org_id') = 'null' OR (jsonb_typeof(x.d -> 'disposing_org_id') = 'string' AND octet_length((x.d ->> 'disposing_org_id')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_disposing_org_id,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'declassified_on') = 'null' OR (jsonb_typeof(x.d -> 'declassified_on') = 'string' AND (CASE WHEN (x.d ->> 'declassified_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d ->> 'declassified_on'), 1, 4)::int >= 1900 AND substr((x.d ->> 'declassified_on'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d ->> 'declassified_on'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d ->> 'declassified_on'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d ->> 'declassified_on'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d ->> 'declassified_on'), 1, 4)::int % 4 = 0 AND substr((x.d ->> 'declassified_on'), 1, 4)::int % 100 <> 0) OR substr((x.d ->> 'declassified_on'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) THEN 1 ELSE 0 END) AS ok_declassified_on,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'label_removed_on') = 'null' OR (jsonb_typeof(x.d -> 'label_removed_on') = 'string' AND (CASE WHEN (x.d ->> 'label_removed_on') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d ->> 'label_removed_on'), 1, 4)::int >= 1900 AND substr((x.d ->> 'label_removed_on'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d ->> 'label_removed_on'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d ->> 'label_removed_on'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d ->> 'label_removed_on'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d ->> 'label_removed_on'), 1, 4)::int % 4 = 0 AND substr((x.d ->> 'label_removed_on'), 1, 4)::int % 100 <> 0) OR substr((x.d ->> 'label_removed_on'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) THEN 1 ELSE 0 END) AS ok_label_removed_on,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'declassification_ground') IN ('null', 'string') THEN 1 ELSE 0 END) AS ok_declassification_ground,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'id') = 'string' AND (x.d ->> 'id') = r.id THEN 1 ELSE 0 END) AS ok_id,\n"
	"  (CASE WHEN jsonb_typeof(x.d -> 'topics') = 'array' AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(x.d -> 'topics') AS e WHERE jsonb_typeof(e) <> 'string') THEN 1 ELSE 0 END) AS ok_topics,\n"
	"  (CASE WHEN jsonb_typeof(x.d #> '{decision}') = 'null' OR (jsonb_typeof(x.d #> '{decision}') = 'object' AND (SELECT count(*) FROM jsonb_object_keys(x.d #> '{decision}')) = 4 AND jsonb_typeof(x.d #> '{decision,decision}') = 'string' AND (x.d #>> '{decision,decision}') IN ('add_to_list', 'remove_label') AND (jsonb_typeof(x.d #> '{decision,effective_date}') = 'string' AND (CASE WHEN (x.d #>> '{decision,effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d #>> '{decision,effective_date}'), 1, 4)::int >= 1900 AND substr((x.d #>> '{decision,effective_date}'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d #>> '{decision,effective_date}'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d #>> '{decision,effective_date}'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d #>> '{decision,effective_date}'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d #>> '{decision,effective_date}'), 1, 4)::int % 4 = 0 AND substr((x.d #>> '{decision,effective_date}'), 1, 4)::int % 100 <> 0) OR substr((x.d #>> '{decision,effective_date}'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) AND (jsonb_typeof(x.d #> '{decision,by}') = 'string' AND octet_length((x.d #>> '{decision,by}')) BETWEEN 1 AND 39) AND (jsonb_typeof(x.d #> '{decision,list_item_id}') = 'null' OR (jsonb_typeof(x.d #> '{decision,list_item_id}') = 'string' AND octet_length((x.d #>> '{decision,list_item_id}')) BETWEEN 1 AND 39))) THEN 1 ELSE 0 END) AS ok_decision,\n"
	"  (CASE WHEN jsonb_typeof(x.d #> '{declassification}') = 'object' AND (SELECT count(*) FROM jsonb_object_keys(x.d #> '{declassification}')) = 4 AND (jsonb_typeof(x.d #> '{declassification,ground}') IN ('null', 'string')) AND (jsonb_typeof(x.d #> '{declassification,court_ref}') IN ('null', 'string')) AND (jsonb_typeof(x.d #> '{declassification,effective_date}') = 'string' AND (CASE WHEN (x.d #>> '{declassification,effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((x.d #>> '{declassification,effective_date}'), 1, 4)::int >= 1900 AND substr((x.d #>> '{declassification,effective_date}'), 6, 2)::int BETWEEN 1 AND 12 AND substr((x.d #>> '{declassification,effective_date}'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((x.d #>> '{declassification,effective_date}'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((x.d #>> '{declassification,effective_date}'), 6, 2)::int = 2 THEN (CASE WHEN (substr((x.d #>> '{declassification,effective_date}'), 1, 4)::int % 4 = 0 AND substr((x.d #>> '{declassification,effective_date}'), 1, 4)::int % 100 <> 0) OR substr((x.d #>> '{declassification,effective_date}'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) AND (jsonb_typeof(x.d #> '{declassification,by}') = 'string' AND octet_length((x.d #>> '{declassification,by}')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) AS ok_declassification,\n"
	"  (CASE WHEN jsonb_typeof(x.d #> '{extensions}') = 'array' AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(x.d -> 'extensions') AS e(v) WHERE (CASE WHEN jsonb_typeof(e.v) = 'object' AND (SELECT count(*) FROM jsonb_object_keys(e.v)) = 5 AND (jsonb_typeof(e.v #> '{from}') = 'null' OR (jsonb_typeof(e.v #> '{from}') = 'string' AND (CASE WHEN (e.v #>> '{from}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((e.v #>> '{from}'), 1, 4)::int >= 1900 AND substr((e.v #>> '{from}'), 6, 2)::int BETWEEN 1 AND 12 AND substr((e.v #>> '{from}'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((e.v #>> '{from}'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((e.v #>> '{from}'), 6, 2)::int = 2 THEN (CASE WHEN (substr((e.v #>> '{from}'), 1, 4)::int % 4 = 0 AND substr((e.v #>> '{from}'), 1, 4)::int % 100 <> 0) OR substr((e.v #>> '{from}'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END))) AND (jsonb_typeof(e.v #> '{to}') = 'string' AND (CASE WHEN (e.v #>> '{to}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((e.v #>> '{to}'), 1, 4)::int >= 1900 AND substr((e.v #>> '{to}'), 6, 2)::int BETWEEN 1 AND 12 AND substr((e.v #>> '{to}'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((e.v #>> '{to}'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((e.v #>> '{to}'), 6, 2)::int = 2 THEN (CASE WHEN (substr((e.v #>> '{to}'), 1, 4)::int % 4 = 0 AND substr((e.v #>> '{to}'), 1, 4)::int % 100 <> 0) OR substr((e.v #>> '{to}'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) AND (jsonb_typeof(e.v #> '{conclusion_ref}') IN ('null', 'string')) AND (jsonb_typeof(e.v #> '{effective_date}') = 'string' AND (CASE WHEN (e.v #>> '{effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((e.v #>> '{effective_date}'), 1, 4)::int >= 1900 AND substr((e.v #>> '{effective_date}'), 6, 2)::int BETWEEN 1 AND 12 AND substr((e.v #>> '{effective_date}'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((e.v #>> '{effective_date}'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((e.v #>> '{effective_date}'), 6, 2)::int = 2 THEN (CASE WHEN (substr((e.v #>> '{effective_date}'), 1, 4)::int % 4 = 0 AND substr((e.v #>> '{effective_date}'), 1, 4)::int % 100 <> 0) OR substr((e.v #>> '{effective_date}'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) AND (jsonb_typeof(e.v #> '{by}') = 'string' AND octet_length((e.v #>> '{by}')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) = 0) THEN 1 ELSE 0 END) AS ok_extensions,\n"
	"  (CASE WHEN jsonb_typeof(x.d #> '{reviews}') = 'array' AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(x.d -> 'reviews') AS e(v) WHERE (CASE WHEN jsonb_typeof(e.v) = 'object' AND NOT EXISTS (SELECT 1 FROM jsonb_each(e.v) AS k(key, val) WHERE k.key NOT IN ('kind', 'change_id', 'list_item_id', 'how', 'effective_date', 'by') OR jsonb_typeof(k.val) <> 'string') AND (jsonb_typeof(e.v #> '{kind}') IS NULL OR (jsonb_typeof(e.v #> '{kind}') = 'string' AND octet_length((e.v #>> '{kind}')) BETWEEN 1 AND 23)) AND (jsonb_typeof(e.v #> '{change_id}') IS NULL OR (jsonb_typeof(e.v #> '{change_id}') = 'string' AND octet_length((e.v #>> '{change_id}')) BETWEEN 1 AND 39)) AND (jsonb_typeof(e.v #> '{list_item_id}') IS NULL OR (jsonb_typeof(e.v #> '{list_item_id}') = 'string' AND octet_length((e.v #>> '{list_item_id}')) BETWEEN 1 AND 39)) AND (jsonb_typeof(e.v #> '{how}') IS NULL OR (jsonb_typeof(e.v #> '{how}') = 'string' AND octet_length((e.v #>> '{how}')) BETWEEN 1 AND 23)) AND (jsonb_typeof(e.v #> '{effective_date}') IS NULL OR (jsonb_typeof(e.v #> '{effective_date}') = 'string' AND (CASE WHEN (e.v #>> '{effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((e.v #>> '{effective_date}'), 1, 4)::int >= 1900 AND substr((e.v #>> '{effective_date}'), 6, 2)::int BETWEEN 1 AND 12 AND substr((e.v #>> '{effective_date}'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((e.v #>> '{effective_date}'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((e.v #>> '{effective_date}'), 6, 2)::int = 2 THEN (CASE WHEN (substr((e.v #>> '{effective_date}'), 1, 4)::int % 4 = 0 AND substr((e.v #>> '{effective_date}'), 1, 4)::int % 100 <> 0) OR substr((e.v #>> '{effective_date}'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END))) AND (jsonb_typeof(e.v #> '{by}') IS NULL OR (jsonb_typeof(e.v #> '{by}') = 'string' AND octet_length((e.v #>> '{by}')) BETWEEN 1 AND 39)) THEN 1 ELSE 0 END) = 0) THEN 1 ELSE 0 END) AS ok_reviews,\n"
	"  (CASE WHEN jsonb_typeof(x.d #> '{reclassifications}') = 'array' AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(x.d -> 'reclassifications') AS e(v) WHERE (CASE WHEN jsonb_typeof(e.v) = 'object' AND (SELECT count(*) FROM jsonb_object_keys(e.v)) = 6 AND (jsonb_typeof(e.v #> '{from_list_item_id}') = 'null' OR (jsonb_typeof(e.v #> '{from_list_item_id}') = 'string' AND octet_length((e.v #>> '{from_list_item_id}')) BETWEEN 1 AND 39)) AND (jsonb_typeof(e.v #> '{to_list_item_id}') = 'string' AND octet_length((e.v #>> '{to_list_item_id}')) BETWEEN 1 AND 39) AND (jsonb_typeof(e.v #> '{from_degree}') = 'string' AND (e.v #>> '{from_degree}') IN ('confidential', 'top_secret', 'special_importance')) AND (jsonb_typeof(e.v #> '{to_degree}') = 'string' AND (e.v #>> '{to_degree}') IN ('confidential', 'top_secret', 'special_importance')) AND (jsonb_typeof(e.v #> '{effective_date}') = 'string' AND (CASE WHEN (e.v #>> '{effective_date}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN substr((e.v #>> '{effective_date}'), 1, 4)::int >= 1900 AND substr((e.v #>> '{effective_date}'), 6, 2)::int BETWEEN 1 AND 12 AND substr((e.v #>> '{effective_date}'), 9, 2)::int BETWEEN 1 AND (CASE WHEN substr((e.v #>> '{effective_date}'), 6, 2)::int IN (4, 6, 9, 11) THEN 30 WHEN substr((e.v #>> '{effective_date}'), 6, 2)::int = 2 THEN (CASE WHEN (substr((e.v #>> '{effective_date}'), 1, 4)::int % 4 = 0 AND substr((e.v #>> '{effective_date}'), 1, 4)::int % 100 <> 0) OR substr((e.v #>> '{effective_date}'), 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END) ELSE 31 END) ELSE false END)) AND (jsonb_typeof(e.v #> '{by}') = 'string' AND octet_length((e.v #>> '{by}')) BETWEEN 1 AND 39) THEN 1 ELSE 0 END) = 0) THEN 1 ELSE 0 END) AS ok_reclassifications\n"
	"  FROM record AS r CROSS JOIN LATERAL (SELECT r.doc::jsonb AS d) AS x\n"
	"  WHERE r.kind = 'information' AND jsonb_typeof(x.d) = 'object'\n"
	"   AND r.id NOT IN (SELECT id FROM information)) AS m ORDER BY m.seq;\n"
	"INSERT INTO information_topic(info_id, ord, topic)\n"
	" SELECT i.id, e.ord - 1, e.val FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', jsonb_array_elements_text(r.doc::jsonb -> 'topics') WITH ORDINALITY AS e(val, ord) WHERE (i.fields & 16) <> 0 AND NOT EXISTS (SELECT 1 FROM information_topic AS t WHERE t.info_id = i.id);\n"
	"INSERT INTO information_extension(info_id, ord, from_date, to_date, conclusion_ref, effective_date, by_user)\n"
	" SELECT i.id, e.ord - 1, e.v ->> 'from', e.v ->> 'to', e.v ->> 'conclusion_ref', e.v ->> 'effective_date', e.v ->> 'by' FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', jsonb_array_elements(r.doc::jsonb -> 'extensions') WITH ORDINALITY AS e(v, ord) WHERE (i.fields & 67108864) <> 0 AND NOT EXISTS (SELECT 1 FROM information_extension AS t WHERE t.info_id = i.id);\n"
	"INSERT INTO information_review(info_id, ord, keys, kind, change_id, list_item_id, how, effective_date, by_user)\n"
	" SELECT i.id, e.ord - 1, (e.v ? 'kind')::int + (e.v ? 'change_id')::int * 2 + (e.v ? 'list_item_id')::int * 4 + (e.v ? 'how')::int * 8 + (e.v ? 'effective_date')::int * 16 + (e.v ? 'by')::int * 32, e.v ->> 'kind', e.v ->> 'change_id', e.v ->> 'list_item_id', e.v ->> 'how', e.v ->> 'effective_date', e.v ->> 'by' FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', jsonb_array_elements(r.doc::jsonb -> 'reviews') WITH ORDINALITY AS e(v, ord) WHERE (i.fields & 134217728) <> 0 AND NOT EXISTS (SELECT 1 FROM information_review AS t WHERE t.info_id = i.id);\n"
	"INSERT INTO information_reclassification(info_id, ord, from_list_item_id, to_list_item_id, from_degree, to_degree, effective_date, by_user)\n"
	" SELECT i.id, e.ord - 1, e.v ->> 'from_list_item_id', e.v ->> 'to_list_item_id', e.v ->> 'from_degree', e.v ->> 'to_degree', e.v ->> 'effective_date', e.v ->> 'by' FROM information AS i JOIN record AS r ON r.id = i.id AND r.kind = 'information', jsonb_array_elements(r.doc::jsonb -> 'reclassifications') WITH ORDINALITY AS e(v, ord) WHERE (i.fields & 268435456) <> 0 AND NOT EXISTS (SELECT 1 FROM information_reclassification AS t WHERE t.info_id = i.id);\n"
	"DELETE FROM record_tag WHERE rec_seq IN (SELECT seq FROM record WHERE kind = 'information' AND id IN (SELECT id FROM information));\n"
	"DELETE FROM record WHERE kind = 'information' AND id IN (SELECT id FROM information);\n"},
	/* 0028_carrier_fks: store_sqlite.c's step (store/org_fks.h), keys
	 * added in place as 0027's. */
	{"0028_carrier_fks", STORE_CARRIER_ORG_FKS(PGFK_ORG_ORPHANS)
	 STORE_CARRIER_PERSON_FKS(PGFK_PERSON_ORPHANS) PGFK_ORG_ORPHANS("person", "org_id")
	 STORE_CARRIER_DERIVED_FKS(STORE_FK_DERIVED_ORPHANS) STORE_CARRIER_PERSON_FKS(PGFK_P)
	 STORE_CARRIER_ORG_FKS(PGFK_O) STORE_CARRIER_DERIVED_FKS(PGFK_C)},
};

static const char *
pg_step_sql(const char *name)
{
	for (size_t i = 0; i < sizeof pg_steps / sizeof pg_steps[0]; i++)
		if (pg_steps[i].name != NULL && strcmp(pg_steps[i].name, name) == 0)
			return pg_steps[i].sql;
	return NULL;
}

/* One statement with up to two text parameters; *out receives the first
 * column of the first row as an integer (when out is not NULL), *found
 * whether there was a row. */
static int
conn_query(struct pg_conn *c, const char *sql, const char *p1, const char *p2,
           int64_t *out, const char *op, struct qerr *e)
{
	const char *vals[2] = {p1, p2};
	int n = p2 != NULL ? 2 : p1 != NULL ? 1 : 0;
	PGresult *r = PQexecParams(c->db, sql, n, NULL, vals, NULL, NULL, 0);
	ExecStatusType t = PQresultStatus(r);
	int rc;

	if (out != NULL)
		*out = 0;
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		rc = pg_result_code(c, r);
		PQclear(r);
		fprintf(stderr, "qupiya: store: %s: %s", op, c->err);
		return store_db_err(e, rc, op);
	}
	if (out != NULL && t == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
		const char *v = PQgetvalue(r, 0, 0);

		*out = v[0] == 't' ? 1 : v[0] == 'f' ? 0 : strtoll(v, NULL, 10);
	}
	PQclear(r);
	return 0;
}

static int
conn_run(struct pg_conn *c, const char *sql, const char *op, struct qerr *e)
{
	return conn_query(c, sql, NULL, NULL, NULL, op, e);
}

static const char SQL_MIG_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migration("
	"  name TEXT COLLATE \"C\" PRIMARY KEY,"
	"  applied_at TEXT COLLATE \"C\" NOT NULL)";
static const char SQL_MIG_ADD[] =
	"INSERT INTO schema_migration(name, applied_at)"
	" VALUES ($1, to_char(clock_timestamp() AT TIME ZONE 'UTC',"
	" 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))";
static const char SQL_MIG_HAS[] = "SELECT count(*) FROM schema_migration WHERE name = $1";
static const char SQL_META_SET[] =
	"INSERT INTO meta(key, value) VALUES ($1, $2)"
	" ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char SQL_INITIALIZED[] =
	"SELECT EXISTS (SELECT 1 FROM account) OR EXISTS (SELECT 1 FROM audit_entry)";
/* Tables of the current schema other than schema_migration. */
static const char SQL_TABLES[] =
	"SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
	" AND tablename <> 'schema_migration'";

/* Refuses a database that recorded a step this program does not know. */
static int
migrations_known(struct pg_conn *c, int64_t *nrecorded, struct qerr *e)
{
	PGresult *r = PQexec(c->db, "SELECT name FROM schema_migration ORDER BY name");
	int ret = 0;

	*nrecorded = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		int rc = pg_result_code(c, r);

		PQclear(r);
		return store_db_err(e, rc, "open: read migrations");
	}
	for (int i = 0; i < PQntuples(r) && ret == 0; i++) {
		const char *name = PQgetvalue(r, i, 0);
		bool known = false;

		for (int k = 0; k < store_migration_count() && !known; k++)
			known = strcmp(store_migration_name(k), name) == 0;
		if (!known) {
			qerr_internal(e, NULL);
			qerr_detail(e, "open: the database has migration '%.64s', unknown to"
			            " this program: its schema is newer; use a newer qupiya", name);
			ret = -1;
		}
	}
	*nrecorded = PQntuples(r);
	PQclear(r);
	return ret;
}

static int
record_step(struct pg_conn *c, const char *name, struct qerr *e)
{
	return conn_query(c, SQL_MIG_ADD, name, NULL, NULL, "migrate: record", e);
}

const char *
store_pg_missing_step(void)
{
	for (int i = 0; i < store_migration_count(); i++) {
		const char *name = store_migration_name(i);
		bool covered = pg_step_sql(name) != NULL;

		for (int k = 0; !covered && pg_schema_steps[k] != NULL; k++)
			covered = strcmp(pg_schema_steps[k], name) == 0;
		if (!covered)
			return name;
	}
	return NULL;
}

/* Inside the migration transaction: the schema of pg_schema.c, its steps
 * recorded, a database id. */
static int
migrate_fresh(struct pg_conn *c, struct qerr *e)
{
	char id[STORE_ID_MAX];

	if (pg_exec(c, pg_schema_sql) != DB_OK) {
		fprintf(stderr, "qupiya: store: postgresql schema: %s", c->err);
		return qerr_internal(e, "migrate: schema");
	}
	for (int i = 0; pg_schema_steps[i] != NULL; i++)
		if (record_step(c, pg_schema_steps[i], e) != 0)
			return -1;
	store_id_new("db", id);
	return conn_query(c, SQL_META_SET, "database_id", id, NULL, "migrate: database id", e);
}

/* Brings c's database to the current schema (see the top). create: the
 * database must hold no qupiya schema yet (409 "duplicate" otherwise). */
static int
migrate(struct pg_conn *c, bool create, struct qerr *e)
{
	int64_t nrecorded, ntables, has;
	char num[24];
	int ret = -1, fresh = 0, npending = 0;
	bool pending[256] = {false};

	if (conn_run(c, "SELECT pg_advisory_lock(" PG_LOCK_MIGRATE ")", "migrate: lock", e) != 0)
		return -1;
	if (conn_run(c, "BEGIN ISOLATION LEVEL READ COMMITTED", "migrate: begin", e) != 0)
		goto unlock;
	if (conn_query(c, SQL_TABLES, NULL, NULL, &ntables, "open: read schema", e) != 0 ||
	    conn_run(c, SQL_MIG_TABLE, "migrate: table", e) != 0 ||
	    migrations_known(c, &nrecorded, e) != 0)
		goto rollback;
	if (nrecorded == 0 && ntables > 0) {
		qerr_internal(e, "open: not a qupiya database (it has tables but no migrations)");
		goto rollback;
	}
	/* A schema with no account and no audit entry is one whose init
	 * never committed (init writes both in one tx after the schema; it
	 * failed or was killed, or migrate-schema made the schema): init
	 * takes it as empty, so a retry works. */
	if (create && nrecorded > 0 &&
	    conn_query(c, SQL_INITIALIZED, NULL, NULL, &has, "create: read", e) != 0)
		goto rollback;
	if (create && nrecorded > 0 && has) {
		qerr_set(e, QERR_CONFLICT, "duplicate", NULL, NULL);
		qerr_detail(e, "create: the database holds a qupiya schema already");
		goto rollback;
	}
	if (nrecorded == 0 && migrate_fresh(c, e) != 0)
		goto rollback;
	fresh = nrecorded == 0;
	/* Which steps appended since this database (or pg_schema.c) was made
	 * are pending. */
	nrecorded = 0;
	for (int i = 0; i < store_migration_count() && i < 256; i++) {
		if (conn_query(c, SQL_MIG_HAS, store_migration_name(i), NULL, &has,
		               "migrate: read", e) != 0)
			goto rollback;
		pending[i] = !has;
		npending += !has;
		nrecorded += has;
	}
	if (store_migration_count() > 256) {
		qerr_internal(e, "migrate: too many steps");
		goto rollback;
	}
	snprintf(num, sizeof num, "%lld", (long long)nrecorded);
	if (npending == 0 && conn_query(c, SQL_META_SET, "schema_version", num, NULL,
	                                "migrate: schema version", e) != 0)
		goto rollback;
	if (conn_run(c, "COMMIT", "migrate: commit", e) != 0)
		goto unlock;
	for (int i = 0; fresh && pg_schema_steps[i] != NULL; i++)
		store_migrated(pg_schema_steps[i]);
	/* Then each pending step in order, one transaction each, under the
	 * session's advisory lock: a crash or a failed step leaves the steps
	 * before it committed and recorded, and the next start goes on from
	 * it. */
	for (int i = 0, nth = 0; i < store_migration_count(); i++) {
		const char *name = store_migration_name(i), *sql;

		if (!pending[i])
			continue;
		store_progress_begin(name, ++nth, npending);
		if ((sql = pg_step_sql(name)) == NULL) {
			qerr_internal(e, NULL);
			qerr_detail(e, "migrate: step '%.64s' has no PostgreSQL text", name);
			goto unlock;
		}
		if (conn_run(c, "BEGIN ISOLATION LEVEL READ COMMITTED", "migrate: begin", e) != 0)
			goto unlock;
		if (pg_exec(c, sql) != DB_OK) {
			fprintf(stderr, "qupiya: store: migration %s: %s", name, c->err);
			qerr_internal(e, "migrate: step failed");
			goto rollback;
		}
		snprintf(num, sizeof num, "%lld", (long long)++nrecorded);
		if (record_step(c, name, e) != 0 ||
		    conn_query(c, SQL_META_SET, "schema_version", num, NULL,
		               "migrate: schema version", e) != 0)
			goto rollback;
		if (conn_run(c, "COMMIT", "migrate: commit", e) != 0)
			goto unlock;
		store_progress_end(true);
		store_migrated(name);
	}
	ret = 0;
	goto unlock;
rollback:
	(void)pg_exec(c, "ROLLBACK");
unlock:
	store_progress_end(false);
	(void)pg_exec(c, "SELECT pg_advisory_unlock(" PG_LOCK_MIGRATE ")");
	return ret;
}

/* ---- opening ------------------------------------------------------------ */

/* STORE_OPEN_READ_ONLY (a hot standby takes no write): nothing migrated,
 * the schema checked as the primary left it. */
static int
schema_current(struct pg_conn *c, struct qerr *e)
{
	int64_t nrecorded;

	if (migrations_known(c, &nrecorded, e) != 0)
		return -1;
	if (nrecorded < store_migration_count()) {
		qerr_internal(e, NULL);
		qerr_detail(e, "open: read-only: the schema is older than this program's;"
		            " a read-write node must migrate it first (it does at its start)");
		return -1;
	}
	return 0;
}

int
pg_store_open(struct store *s, const char *url, int flags, struct qerr *e)
{
	struct pg_store *p = calloc(1, sizeof *p);
	struct pg_conn *c = NULL;

	if (p == NULL || (p->url = strdup(url)) == NULL) {
		free(p);
		return qerr_internal(e, "open: out of memory");
	}
	s->pg = p;
	if (PQisthreadsafe() == 0)
		return qerr_internal(e, "open: libpq built without threads");
	if (conn_open(s, &c, e) != 0)
		return -1;
	if ((flags & STORE_OPEN_READ_ONLY) ? schema_current(c, e) != 0
	                                   : migrate(c, (flags & STORE_OPEN_CREATE) != 0, e) != 0) {
		conn_close(c);
		return -1;
	}
	s->idle = &c->link;
	s->nconn = 1;
	return 0;
}

void
pg_store_close(struct store *s)
{
	if (s->pg == NULL)
		return;
	store_pool_drain(s, pool_close);
	free(s->pg->url);
	free(s->pg);
	s->pg = NULL;
}

/* ---- transactions ------------------------------------------------------- */

static const char SQL_BEGIN_TRY[] =
	"BEGIN ISOLATION LEVEL READ COMMITTED;"
	" SELECT pg_try_advisory_xact_lock(" PG_LOCK_WRITE ")";

int
pg_begin(struct store *s, bool write, bool try, struct store_tx **tx, struct qerr *e)
{
	struct pg_conn *c;
	PGresult *r;
	ExecStatusType t;
	int rc;

	*tx = NULL;
	if (conn_take(s, &c, e) != 0)
		return -1;
	if (!try) {
		/* BEGIN (and the write lock) go with the first statement */
		c->begin = write ? PG_BEGIN_WRITE : PG_BEGIN_READ;
		c->tx.write = write;
		c->tx.open = true;
		*tx = &c->tx;
		return 0;
	}
	r = PQexec(c->db, SQL_BEGIN_TRY);
	t = PQresultStatus(r);
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		rc = pg_result_code(c, r);
		PQclear(r);
		(void)pg_exec(c, "ROLLBACK");
		pool_give(s, c);
		return store_db_err(e, rc, write ? "begin write" : "begin read");
	}
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
		/* Another writer holds the lock: do not wait for it. */
		PQclear(r);
		(void)pg_exec(c, "ROLLBACK");
		pool_give(s, c);
		return qerr_set(e, QERR_CONFLICT, "busy", NULL, NULL);
	}
	PQclear(r);
	c->tx.write = write;
	c->tx.open = true;
	*tx = &c->tx;
	return 0;
}

static void
tx_end(struct store_tx *tx)
{
	struct pg_conn *c = tx->pg;

	tx->open = false;
	tx->write = false;
	pool_give(c->s, c);
}

int
pg_commit(struct store_tx *tx, struct qerr *e)
{
	struct pg_conn *c = tx->pg;
	int rc = pg_copy_end(c, false);
	PGresult *r;

	if (c->begin != PG_BEGUN) {   /* no statement ran: nothing to commit */
		c->begin = PG_BEGUN;
		tx_end(tx);
		return 0;
	}
	if (rc != DB_OK) {
		store_db_err(e, rc, "commit");
		qerr_detail(e, "load: %s", c->err);
		pg_rollback(tx);
		return -1;
	}
	r = PQexec(c->db, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = pg_result_code(c, r);
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
		rc = DB_ERROR;   /* the transaction had failed: COMMIT rolled it back */
	PQclear(r);
	if (rc != DB_OK) {
		store_db_err(e, rc, "commit");
		pg_rollback(tx);
		return -1;
	}
	tx_end(tx);
	return 0;
}

void
pg_rollback(struct store_tx *tx)
{
	struct pg_conn *c = tx->pg;

	if (c->begin != PG_BEGUN)
		c->begin = PG_BEGUN;   /* never sent */
	else if (!tx->write && !c->copying && PQtransactionStatus(c->db) == PQTRANS_INTRANS &&
	         PQsendQuery(c->db, "ROLLBACK") == 1)
		c->rollback_sent = true;   /* its answer is read by the next conn_take */
	else if (PQtransactionStatus(c->db) != PQTRANS_IDLE)
		(void)pg_exec(c, "ROLLBACK");
	tx_end(tx);
}

bool
pg_tx_alive(const struct store_tx *tx)
{
	return tx->pg->begin != PG_BEGUN || PQtransactionStatus(tx->pg->db) == PQTRANS_INTRANS;
}

int
pg_savepoint(const struct store_tx *tx, const char *sql)
{
	return pg_exec(tx->pg, sql);
}

/* ---- the client's files ------------------------------------------------- */

/* out[n] = a copy of path when it exists and out has room; the new n. */
static int
client_file(const char *path, char **out, int n, int max)
{
	struct stat st;

	if (n < max && path != NULL && path[0] != '\0' && stat(path, &st) == 0 &&
	    (out[n] = strdup(path)) != NULL)
		return n + 1;
	return n;
}

int
pg_client_files(struct store *s, char **out, int max)
{
	static const char *const keys[] = {"sslrootcert", "sslcert", "sslkey", "sslcrl",
	                                   "sslcrldir", "passfile"};
	struct pg_conn *c;
	PQconninfoOption *opts;
	const char *home = getenv("HOME");
	char dir[4096];
	struct qerr e;
	int n = 0;

	if (conn_take(s, &c, &e) != 0)
		return 0;
	opts = PQconninfo(c->db);
	for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (strcmp(o->keyword, keys[i]) == 0)
				n = client_file(o->val, out, n, max);
	PQconninfoFree(opts);
	pool_give(s, c);
	if (home != NULL && (size_t)snprintf(dir, sizeof dir, "%s/.postgresql", home) < sizeof dir)
		n = client_file(dir, out, n, max);
	return n;
}

/* ---- backup ------------------------------------------------------------- */

/* pg_dump's custom format of one consistent snapshot (it runs in one
 * REPEATABLE READ transaction while writers go on); restore with
 * pg_restore --dbname URL --no-owner into an empty database. */
int
pg_backup(struct store *s, const char *to, struct qerr *e)
{
	char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--file", (char *)to,
	                "--dbname", s->pg->url, NULL};
	pid_t pid;
	int fd, status, err;

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
	err = posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ);
	if (err != 0) {
		unlink(to);
		qerr_internal(e, NULL);
		qerr_detail(e, "backup: a PostgreSQL database is copied by pg_dump, which"
		            " could not run: %s (install postgresql-client)", strerror(err));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (status != 0) {
		unlink(to);
		qerr_internal(e, NULL);
		qerr_detail(e, "backup: pg_dump failed (exit status %d)",
		            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	fd = open(to, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		qerr_internal(e, NULL);
		qerr_detail(e, "backup: fsync: %s", strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}
