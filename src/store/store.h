/*
 * store.h — the storage interface. Everything qupiya keeps goes through here;
 * no SQL exists outside src/store/. Two backends implement it with the same
 * schema, migrations (by name) and contract: SQLite (store_sqlite.c, the
 * embedded default) and PostgreSQL (pg_store.c, issue 12); the queries are
 * shared (db.h). Nothing here names a file: a database is named by a
 * connection string (store_open).
 *
 * Model. A database holds
 *   - records: the domain objects (organizations, permits, persons, ...),
 *     each a row with the few columns queries need (kind, id, org_id,
 *     parent_id, ref, state, seq) and the full object as a JSON document;
 *   - accounts, sessions and login-failure counters (authentication);
 *   - the audit log: entries, stored Merkle nodes, signed tree heads;
 *   - meta: key/value settings (database id); schema_migration: the named
 *     migrations applied (store_sqlite.c, DEVELOPERS.md "Storage").
 *
 * Transactions. Every read and write runs in a struct store_tx. A read
 * transaction sees one consistent snapshot and never waits for a writer
 * (nor makes one wait; PostgreSQL: REPEATABLE READ READ ONLY).
 * store_commit() returns 0 only when the transaction is durable (SQLite:
 * WAL fsync'd, synchronous=FULL; PostgreSQL: COMMIT acknowledged under the
 * server's synchronous_commit): an HTTP 2xx is sent only after it. A write
 * and its audit entry share one tx. On PostgreSQL a statement that fails
 * aborts its whole transaction: after an error the caller rolls back (the
 * store never continues a tx past a failed statement).
 *
 * Lock and row-version contract (read-modify-write). A write transaction
 * is serializable with every other write transaction, in every process on
 * the database:
 *   1. whatever it reads — records, the audit frontier, counters — stays as
 *      read until it commits or rolls back: a decision taken on a record
 *      loaded in the write tx (store_rec_get, store_rec_list) and then
 *      written back (store_rec_update) can never overwrite a change made
 *      meanwhile (no lost update), and two racing writers on the same
 *      carrier never both succeed where the Law allows one;
 *   2. so a read-modify-write is: store_begin(write) -> load -> decide ->
 *      write -> audit_append -> store_commit, all in that one tx; a
 *      decision must never rest on a record read in an earlier tx;
 *   3. SQLite gives it by one writer at a time (BEGIN IMMEDIATE, and the
 *      process's write lock). PostgreSQL gives it the same way across every
 *      node on the database: a write transaction is READ COMMITTED and
 *      takes one transaction-level advisory lock (pg_advisory_xact_lock)
 *      at its BEGIN, in the same round trip, so writers run one at a
 *      time and each statement sees every earlier commit (chosen over
 *      SERIALIZABLE with per-row locks: no write can be aborted for
 *      serialization, the audit frontier needs no lock of its own, HTTP
 *      handlers outside ops need no retry loop, and the lock rides in the
 *      BEGIN's round trip: measured here with pgbench, 0.86 ms per
 *      BEGIN/SELECT/COMMIT without it, 0.89 ms with it, against ~5 ms for
 *      an audited write's durable commit; reads never take it; taking it
 *      only at a tx's first audit append instead would let two writers
 *      decide on the same rows before either appends, so it would need
 *      SERIALIZABLE and retries for nothing measurable). A
 *      serialization failure or deadlock the server reports anyway
 *      (SQLSTATE 40001, 40P01: none can arise from one lock taken first)
 *      is 409 "conflict", which the router (every HTTP handler,
 *      router.c) and ops_run retry whole; it is never answered to the
 *      user (tests/api/test_pg_retry.py injects both). Typed tables
 *      (store_table.h) carry a row version: an update of a row whose
 *      version changed since it was read answers 409 "conflict", retried
 *      whole by ops (ops.h);
 *   4. audit entries are appended under the same serialization (on
 *      PostgreSQL: the advisory lock taken at the BEGIN of every write
 *      tx, so the first append of a tx needs no lock of its own): their
 *      seq is dense (0, 1, 2, ...) with no gap, no duplicate, no fork,
 *      whichever node appends.
 *
 * Group commit (store_group.c). A caller writes one operation per write
 * tx, as above; the store may run several of them in one database
 * transaction and pay one fsync for all. When an operation's
 * store_commit() finds other writers of this process waiting for the
 * write lock, it does not COMMIT: its work stays in the still-open
 * transaction, which is handed to the next waiter; that one's
 * store_begin() returns a tx inside it, at SAVEPOINT g. A member's
 * store_commit() releases its savepoint, a store_rollback() (a refusal, a
 * failed statement, a 409 "conflict" that ops_run retries) rolls back to
 * it alone: the earlier members' work stays. The operation that finds
 * nobody waiting (or the group at STORE_GROUP_MAX operations or
 * STORE_GROUP_MS old, or a batch waiting) COMMITs once (when its group is
 * smaller than the last one it first waits up to STORE_GROUP_WAIT_US for
 * the next writer, which then joins it), then every
 * member's store_commit() returns: 0 only after that COMMIT (so a 2xx
 * still means on disk), or the COMMIT's error to every member (none was
 * answered). So, for callers:
 *   - operations of a group run one after the other, each seeing the
 *     earlier members' writes: the schedule is serial, rules 1-4 hold;
 *     the audit frontier is read and written in the tx like any row;
 *   - nothing a member wrote is visible to readers, other processes or
 *     the access index (built from read transactions) before the COMMIT;
 *   - a write tx must not wait for another write tx of the same thread
 *     (never could: the lock is not recursive), and a thread blocked in
 *     store_commit() holds no connection;
 *   - batches are never grouped (a batch is one transaction of its own);
 *     store_begin_try() answers 409 "busy" while any write tx is open;
 *   - QUPIYA_GROUP_COMMIT=1 (or 0) turns grouping off: one COMMIT per
 *     operation, as before; N caps a group at N operations.
 *
 * seq cursors. A record's seq is assigned by the database at insert and
 * never changes; lists page by "seq > after_seq". A cursor is a position in
 * a consistent view, not a subscription: with several processes writing
 * (PostgreSQL sequences), a record committed later may carry a seq smaller
 * than one a reader has already passed. Consumers that need "everything
 * since" follow the audit log's seq (dense, assigned under the append
 * serialization, rule 4), never record seq across transactions.
 *
 * Threads. A struct store may be used from many threads; a struct store_tx
 * belongs to the thread that began it until commit/rollback.
 *
 * Ownership. Records returned through struct store_rec own their doc (a
 * jansson reference); release with store_rec_clear(). Strings passed in are
 * borrowed for the call.
 *
 * Errors: -1 with qerr: 404 "not_found" (unknown id), 409 "duplicate" (a
 * unique natural key taken), 500 "internal" (the environment: logged once,
 * transaction rolled back by the caller).
 */
#ifndef QUPIYA_STORE_H
#define QUPIYA_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/qerr.h"

#define STORE_ID_MAX     40     /* ids: "<prefix>_<16 hex>" */
#define STORE_REF_MAX    128    /* natural keys: BIN, IIN, account number, login */
#define STORE_STATE_MAX  24
#define STORE_KIND_MAX   24
#define STORE_ROLES_MAX  256
#define STORE_HASH_SIZE  32
#define STORE_PWHASH_MAX 128
#define STORE_PAGE_MAX   1000   /* the most records one list call returns */

struct store;
struct store_tx;

/* ---- opening, transactions ------------------------------------------- */

enum store_open_flags {
	STORE_OPEN_EXISTING = 0,
	STORE_OPEN_CREATE = 1,   /* create the file; fail if it exists */
	/* A read-only node (serve --read-only; PostgreSQL: a hot standby):
	 * no migration is run; on PostgreSQL the schema must be current
	 * (every migration this program knows recorded, none unknown), else
	 * the open is refused. Every write transaction (store_begin write,
	 * store_begin_try) answers 503 "read_only". */
	STORE_OPEN_READ_ONLY = 2,
};

/* Opens (and migrates to the current schema: named migrations, a database
 * with one this program does not know is refused) the database named by
 * the connection string conn: a SQLite file path (or "sqlite:" + path), or
 * a "postgresql://" (or "postgres://") URL in libpq's syntax. On
 * PostgreSQL the database itself must exist (made by its administrator);
 * the first node to open an empty one creates the schema, under an
 * advisory lock so two nodes never migrate at once. STORE_OPEN_CREATE
 * makes a new database and refuses an existing one (409 "duplicate"; on
 * PostgreSQL: one whose schema holds an account or an audit entry; a
 * schema without either, left by an init that never committed, is taken
 * as empty, so the init can be retried). */
int store_open(const char *conn, int flags, struct store **out, struct qerr *e);
/* Called (process-wide; NULL: nobody) with the name of each named
 * migration a store_open() of this process applied, after its commit; one
 * another process applied is never reported (qupiya migrate-schema). */
typedef void (*store_migrated_fn)(const char *name);
void store_on_migrated(store_migrated_fn fn);
/* The progress of the migrations a store_open() runs (an upgrade of a
 * large database takes minutes): called (process-wide; NULL: nobody) when
 * a step begins, at most once a second while it runs, and when it has
 * committed. step is its name, index its 1-based place among the steps this
 * open runs and count their number; done and total count the statements of
 * the step that have run and its statements (SQLite; total 0: not known),
 * rows the rows they inserted, updated or deleted so far; part names what
 * a step does after its statements, else NULL (a table 0027_org_fks
 * rebuilds: done and total then count those tables);
 * seconds since the step began, cpu_seconds of them this process's
 * migrating thread ran (SQLite does the step's work there; PostgreSQL in
 * its server). */
struct store_progress {
	const char *step, *part;
	int index, count;
	int64_t done, total, rows;
	double seconds, cpu_seconds;
	bool finished;
};
typedef void (*store_progress_fn)(const struct store_progress *p);
void store_on_progress(store_progress_fn fn);
void store_close(struct store *s);   /* accepts NULL */

/* A consistent online copy while writers go on. target is the backend's
 * own: for SQLite a new file (must not exist); for PostgreSQL a new file in
 * pg_dump's custom format, made by running pg_dump (it must be on PATH;
 * restore with pg_restore into an empty database). */
int store_backup(struct store *s, const char *target, struct qerr *e);

/* The files a client of a database server opens again at each new
 * connection (libpq: the sslrootcert, sslcert, sslkey, sslcrl, sslcrldir
 * and passfile an open connection resolved from the URL and the
 * environment, and ~/.postgresql, the default place of the first four),
 * those that exist: `serve` lets its box read them. At most max paths,
 * each malloc'd into out (the caller frees them); returns their count.
 * 0 for SQLite. */
int store_client_files(struct store *s, char **out, int max);

int store_begin(struct store *s, bool write, struct store_tx **tx, struct qerr *e);
/* A write transaction only when the write lock is free now: 409 "busy"
 * instead of waiting (housekeeping a reader may skip: a session's
 * last-seen time). */
int store_begin_try(struct store *s, struct store_tx **tx, struct qerr *e);
int store_commit(struct store_tx *tx, struct qerr *e);   /* frees tx either way */
void store_rollback(struct store_tx *tx);                /* accepts NULL; frees */

/* Group commit since store_open (tests, bench): transactions committed
 * with operations of the write path in them, those operations (each
 * answered after its group's COMMIT), the most in one, and the writers
 * waiting for the write lock now. The last time the write lock was held
 * (bench/bench_cascade.c): from its taking to its release, COMMIT
 * included (CLOCK_MONOTONIC ns; 0 before the first), when it was released
 * (CLOCK_MONOTONIC), the part of it the group's COMMIT took (0: a batch),
 * and the CPU the holding thread used meanwhile (CLOCK_THREAD_CPUTIME_ID;
 * -1 when another thread released it: a group). */
struct store_group_stats {
	int64_t commits, ops, max_ops;
	int waiting;
	int64_t held_ns, released_ns, commit_ns, held_cpu_ns;
};
void store_group_stats(struct store *s, struct store_group_stats *out);

/*
 * Batches (imports: a file committed whole or not at all). A batch is one
 * write transaction held by the calling thread from store_batch_begin() to
 * store_batch_end(); every store_begin()/store_begin_try() of that thread on
 * the same store in between joins it as a savepoint (commit = RELEASE,
 * rollback = ROLLBACK TO), so procedures run unchanged and a refused step
 * leaves nothing behind while the steps before it stay in the batch. Other
 * writers wait for the batch's end (in this process on the write lock,
 * elsewhere on the busy timeout); readers never do (WAL). tag ("import")
 * and the line set by store_batch_line() are what store_tx_batch() tells
 * the audit log about each entry written inside the batch.
 */
int store_batch_begin(struct store *s, const char *tag, struct qerr *e);
void store_batch_line(struct store *s, long line);
/* Commits (commit) or rolls back the whole batch. 0 or -1. */
int store_batch_end(struct store *s, bool commit, struct qerr *e);
/* true when tx runs inside a batch: *tag and *line of its current row. */
bool store_tx_batch(const struct store_tx *tx, const char **tag, long *line);

/* A fresh server-chosen id: prefix + '_' + 16 random hex digits. */
void store_id_new(const char *prefix, char out[STORE_ID_MAX]);

/* ---- meta ------------------------------------------------------------- */

/* Copies the value (or "" when absent) into buf. */
int store_meta_get(struct store_tx *tx, const char *key, char *buf, size_t bufsz,
                   struct qerr *e);
int store_meta_set(struct store_tx *tx, const char *key, const char *value,
                   struct qerr *e);

/* ---- records ---------------------------------------------------------- */

struct store_rec {
	char kind[STORE_KIND_MAX];       /* "org", "permit", "person", ... */
	char id[STORE_ID_MAX];
	char org_id[STORE_ID_MAX];       /* organization it belongs to, or "" */
	char parent_id[STORE_ID_MAX];    /* record it hangs under, or "" */
	char ref[STORE_REF_MAX];         /* natural key, unique per (kind, org_id); or "" */
	char state[STORE_STATE_MAX];     /* lifecycle state, or "" */
	int64_t seq;                     /* insertion order (set by insert) */
	json_t *doc;                     /* the object as the API shows it; owned */
};

/* Kinds are a fixed allow-list (store_kind_valid); anything else is refused
 * as an internal error. */
bool store_kind_valid(const char *kind);

/* Inserts r (r->id must be set: store_id_new). Sets r->seq. 409 "duplicate"
 * when (kind, org_id, ref) is taken with ref non-empty. */
int store_rec_insert(struct store_tx *tx, struct store_rec *r, struct qerr *e);
/* Replaces org_id, parent_id, ref, state and doc of the record r->id. */
int store_rec_update(struct store_tx *tx, const struct store_rec *r, struct qerr *e);
/* 404 "not_found" when no record of that kind has the id. */
int store_rec_get(struct store_tx *tx, const char *kind, const char *id,
                  struct store_rec *out, struct qerr *e);
/* By natural key; org_id NULL means "". 404 when absent. */
int store_rec_find(struct store_tx *tx, const char *kind, const char *org_id,
                   const char *ref, struct store_rec *out, struct qerr *e);

struct store_query {
	const char *kind;        /* required */
	const char *org_id;      /* NULL: any */
	const char *parent_id;   /* NULL: any */
	const char *state;       /* NULL: any */
	const char *ref;         /* NULL: any; exact match */
	int64_t after_seq;       /* paging: records with seq > after_seq */
	int limit;               /* 1..STORE_PAGE_MAX */
};

/* Calls cb for each matching record in seq order; cb borrows the record for
 * the call (take json_incref(r->doc) to keep the doc). A non-zero return
 * from cb stops the walk and is returned. */
typedef int (*store_rec_cb)(void *ctx, const struct store_rec *r);
int store_rec_list(struct store_tx *tx, const struct store_query *q,
                   store_rec_cb cb, void *ctx, struct qerr *e);
int store_rec_count(struct store_tx *tx, const struct store_query *q,
                    int64_t *n, struct qerr *e);
/* Like store_rec_list, but through every page: all matching records after
 * q->after_seq, whatever q->limit says (store_walk.c; backend-independent).
 * Returns 0, cb's non-zero value, or -1. */
int store_rec_walk(struct store_tx *tx, const struct store_query *q,
                   store_rec_cb cb, void *ctx, struct qerr *e);

void store_rec_clear(struct store_rec *r);   /* drops doc; accepts NULL */

/* ---- accounts --------------------------------------------------------- */

struct store_user {
	char id[STORE_ID_MAX];
	char login[STORE_REF_MAX];
	char pwhash[STORE_PWHASH_MAX];   /* encoded Argon2id */
	char roles[STORE_ROLES_MAX];     /* comma-separated role names */
	char org_id[STORE_ID_MAX];       /* "" for none */
	char person_id[STORE_ID_MAX];    /* "" for none */
	int64_t seq;
	bool disabled;
	bool must_change_password;      /* set by a reset to a one-time password */
};

int store_user_insert(struct store_tx *tx, struct store_user *u, struct qerr *e);
int store_user_update(struct store_tx *tx, const struct store_user *u, struct qerr *e);
int store_user_get(struct store_tx *tx, const char *id, struct store_user *out,
                   struct qerr *e);
int store_user_by_login(struct store_tx *tx, const char *login,
                        struct store_user *out, struct qerr *e);
typedef int (*store_user_cb)(void *ctx, const struct store_user *u);
int store_user_list(struct store_tx *tx, int64_t after_seq, int limit,
                    store_user_cb cb, void *ctx, struct qerr *e);

/* ---- sessions (times are real Unix seconds) ---------------------------- */

struct store_session {
	uint8_t token_hash[STORE_HASH_SIZE];
	char user_id[STORE_ID_MAX];
	int64_t created;
	int64_t last_seen;
};

int store_session_insert(struct store_tx *tx, const struct store_session *s,
                         struct qerr *e);
int store_session_get(struct store_tx *tx, const uint8_t hash[STORE_HASH_SIZE],
                      struct store_session *out, struct qerr *e);
int store_session_touch(struct store_tx *tx, const uint8_t hash[STORE_HASH_SIZE],
                        int64_t last_seen, struct qerr *e);
int store_session_delete(struct store_tx *tx, const uint8_t hash[STORE_HASH_SIZE],
                         struct qerr *e);
/* Deletes sessions created before `created_before` or idle since `seen_before`. */
int store_session_purge(struct store_tx *tx, int64_t created_before,
                        int64_t seen_before, struct qerr *e);

/* ---- login throttling (times are real Unix seconds) ------------------ */

/* Failed and refused logins of one login key and client address within
 * one window (src/http/auth.c decides; this only keeps the counts, so
 * every node on one database shares them). */
struct store_throttle {
	char login_key[STORE_REF_MAX];   /* a user id, or crypto_login_hash() */
	char address[STORE_REF_MAX];
	int64_t first, last;             /* first and last event of the window */
	int64_t failures;                /* wrong passwords (and attempts in flight) */
	int64_t refused;                 /* attempts refused by the throttle */
	int64_t reported;                /* events an audit entry already counts */
};

/* 404 when the pair has no row. */
int store_throttle_get(struct store_tx *tx, const char *login_key, const char *address,
                       struct store_throttle *out, struct qerr *e);
/* Inserts or replaces the pair's row. */
int store_throttle_put(struct store_tx *tx, const struct store_throttle *t,
                       struct qerr *e);
int store_throttle_delete(struct store_tx *tx, const char *login_key,
                          const char *address, struct qerr *e);
/* Sum of failures over every address of login_key in windows that began
 * after `since`. */
int store_throttle_failures(struct store_tx *tx, const char *login_key, int64_t since,
                            int64_t *n, struct qerr *e);
/* At most `max` rows (oldest window first) matching login_key and address
 * (NULL: any) whose window began at or before first_max, into out; *n set. */
int store_throttle_find(struct store_tx *tx, const char *login_key, const char *address,
                        int64_t first_max, struct store_throttle *out, int max, int *n,
                        struct qerr *e);

/* The audit budget of failed logins, shared by every node: entries written
 * in the current minute, and those dropped since the last summary. */
struct store_login_budget {
	int64_t minute;                  /* Unix time / 60 */
	int64_t used;
	int64_t dropped, dropped_first, dropped_last;
};
/* All zero when never written. */
int store_login_budget_get(struct store_tx *tx, struct store_login_budget *out,
                           struct qerr *e);
int store_login_budget_put(struct store_tx *tx, const struct store_login_budget *b,
                           struct qerr *e);

/* ---- audit log rows (semantics in src/audit/auditlog.h) ---------------- */

/* Entry number seq (0-based, dense) with its canonical bytes and leaf hash. */
int store_audit_insert(struct store_tx *tx, int64_t seq, const char *entry,
                       size_t len, const uint8_t leaf[STORE_HASH_SIZE],
                       struct qerr *e);
int store_audit_size(struct store_tx *tx, int64_t *size, struct qerr *e);
/* Entries with seq in [from, from+limit) in order; cb borrows entry. */
typedef int (*store_audit_cb)(void *ctx, int64_t seq, const char *entry,
                              size_t len, const uint8_t leaf[STORE_HASH_SIZE]);
int store_audit_read(struct store_tx *tx, int64_t from, int64_t limit,
                     store_audit_cb cb, void *ctx, struct qerr *e);
int store_audit_leaf(struct store_tx *tx, int64_t seq, uint8_t out[STORE_HASH_SIZE],
                     struct qerr *e);

/* A filtered view of the log, newest first (sqlite_audit.c). Every
 * condition that is not NULL must hold: actor, action, object (any of
 * objects[0..nobjects)), outcome exact; org_id the actor's organization
 * (account.org_id); time_from <= entry time < time_to compared as RFC 3339
 * text (a date "YYYY-MM-DD" is that day's start, UTC); before >= 0: seq <
 * before. At most limit entries (1..STORE_PAGE_MAX). */
#define STORE_AUDIT_OBJECTS_MAX 8
struct store_audit_filter {
	const char *actor, *action, *outcome, *org_id, *time_from, *time_to;
	const char *objects[STORE_AUDIT_OBJECTS_MAX];
	int nobjects;
	int64_t before;
	int64_t limit;
};
int store_audit_query(struct store_tx *tx, const struct store_audit_filter *f,
                      store_audit_cb cb, void *ctx, struct qerr *e);

/* Stored roots of perfect subtrees (level >= 1): node (level, index) covers
 * leaves [index << level, (index + 1) << level). 404 when not stored. */
int store_audit_node_put(struct store_tx *tx, int level, int64_t index,
                         const uint8_t hash[STORE_HASH_SIZE], struct qerr *e);
int store_audit_node_get(struct store_tx *tx, int level, int64_t index,
                         uint8_t out[STORE_HASH_SIZE], struct qerr *e);

/* Small blob of log state (the append frontier), updated with each append. */
int store_audit_state_get(struct store_tx *tx, uint8_t *buf, size_t bufsz,
                          size_t *len, struct qerr *e);
int store_audit_state_put(struct store_tx *tx, const uint8_t *buf, size_t len,
                          struct qerr *e);

/* Signed tree heads. */
struct store_sth {
	int64_t size;
	int64_t timestamp_ms;
	uint8_t root[STORE_HASH_SIZE];
	uint8_t signature[64];
};
int store_audit_sth_insert(struct store_tx *tx, const struct store_sth *h,
                           struct qerr *e);
typedef int (*store_sth_cb)(void *ctx, const struct store_sth *h);
int store_audit_sth_list(struct store_tx *tx, store_sth_cb cb, void *ctx,
                         struct qerr *e);

/* ---- witnessed tree heads (sqlite_witness.c; formats in audit/note.h) ---- */

#define STORE_ORIGIN_MAX 256     /* origins and key names, NUL included */

/* As a witness: a log registered by an nsc_officer (its origin, the key
 * name of its checkpoint signatures and its Ed25519 public key), and the
 * latest checkpoint cosigned for it (size 0 and no checkpoint before the
 * first). */
struct store_witness_log {
	char origin[STORE_ORIGIN_MAX];
	char key_name[STORE_ORIGIN_MAX];
	uint8_t public_key[32];
	int64_t registered_at;        /* unix seconds */
	int64_t size;                 /* latest cosigned size, 0 before any */
	uint8_t root[STORE_HASH_SIZE];
	int64_t cosigned_at;          /* 0 before any */
	char *checkpoint;             /* malloc'd signed note with cosignature, or NULL */
};
void store_witness_log_clear(struct store_witness_log *w);   /* frees checkpoint */
/* Inserts or replaces the registration (keeps the cosigned state). */
int store_witness_log_put(struct store_tx *tx, const struct store_witness_log *w,
                          struct qerr *e);
/* 404 not_found when the origin is not registered. */
int store_witness_log_get(struct store_tx *tx, const char *origin,
                          struct store_witness_log *out, struct qerr *e);
/* Records the cosigned state of w->origin (size, root, cosigned_at, checkpoint). */
int store_witness_log_cosigned(struct store_tx *tx, const struct store_witness_log *w,
                               struct qerr *e);
typedef int (*store_witness_cb)(void *ctx, const struct store_witness_log *w);
int store_witness_log_list(struct store_tx *tx, store_witness_cb cb, void *ctx,
                           struct qerr *e);

/* As a log: cosignatures a witness returned for a head of this log, kept
 * with the heads. checkpoint is the signed note with the cosignature lines. */
struct store_cosig {
	char witness[STORE_ORIGIN_MAX];   /* the cosigner's key name */
	int64_t size;
	uint8_t root[STORE_HASH_SIZE];
	int64_t timestamp;                /* the cosignature's time, unix seconds */
	const char *checkpoint;           /* borrowed */
};
int store_cosig_insert(struct store_tx *tx, const struct store_cosig *c, struct qerr *e);
typedef int (*store_cosig_cb)(void *ctx, const struct store_cosig *c);
int store_cosig_list(struct store_tx *tx, store_cosig_cb cb, void *ctx, struct qerr *e);

/* ---- record tags: carrier registry filters ------------------------------ */

/* Multi-valued index entries that the store derives itself from the docs
 * (never written by callers, so never stale): for kind "carrier", tag
 * "label" is doc.label, tag "holder" each non-null doc.copies[].holder,
 * tag "party" as below.
 * STORE_TAG_* name them. */
#define STORE_TAG_LABEL  "label"
#define STORE_TAG_HOLDER "holder"
/* "party": the organizations a carrier's registry entry concerns: its
 * org_id, every copies[].holder_org_id, every key of doc.departed (custody
 * per copy, core/custody_rec.h). GET /v1/carriers?org_id= walks it. */
#define STORE_TAG_PARTY  "party"
#define STORE_TAGS_MAX   3       /* tag filters in one query */

struct store_tag {
	const char *name;        /* STORE_TAG_* */
	const char *value;
};

/* Like store_rec_list, restricted to records carrying every tag of
 * tags[0..ntags) (1..STORE_TAGS_MAX); the first tag drives the walk, so put
 * the most selective first (a holder before a label). Same paging by seq. */
int store_rec_list_tagged(struct store_tx *tx, const struct store_query *q,
                          const struct store_tag *tags, size_t ntags,
                          store_rec_cb cb, void *ctx, struct qerr *e);
/* Every record of a tagged query, page by page, in seq order (stops early
 * when cb returns non-zero), as store_rec_walk (store_walk.c). */
int store_rec_walk_tagged(struct store_tx *tx, const struct store_query *q,
                          const struct store_tag *tags, size_t ntags,
                          store_rec_cb cb, void *ctx, struct qerr *e);

/* ---- carrier content (encrypted; format in crypto/content.h) ----------- */

/* The store keeps ciphertext only: a wrapped key, a stream header and the
 * stream's chunks, numbered 0..nchunks-1. A carrier has at most one current
 * version; replacing it drops the old chunks in the same transaction. */
#define STORE_CONTENT_WRAPPED_MAX 128     /* bytes of a wrapped key */
#define STORE_CONTENT_HEADER_MAX  64      /* bytes of a stream header */
#define STORE_CONTENT_CHUNK_MAX   (1024 * 1024)   /* bytes of one stored chunk */

struct store_content {
	char carrier_id[STORE_ID_MAX];
	int64_t version;                 /* 1, 2, ...: set by store_content_replace */
	uint8_t wrapped[STORE_CONTENT_WRAPPED_MAX];
	size_t wrapped_len;
	uint8_t header[STORE_CONTENT_HEADER_MAX];
	size_t header_len;
	int64_t size;                    /* plaintext bytes */
	int64_t nchunks;
	uint8_t sha256[STORE_HASH_SIZE]; /* of the ciphertext (header and chunks) */
};

/* Makes c the carrier's content: deletes the previous version's chunks and
 * sets c->version to the previous version + 1 (1 for the first). The caller
 * then adds chunks 0..nchunks-1 of that version in the same transaction.
 * 404 when no record has id c->carrier_id. */
int store_content_replace(struct store_tx *tx, struct store_content *c, struct qerr *e);
int store_content_chunk_add(struct store_tx *tx, const char *carrier_id, int64_t version,
                            int64_t n, const void *data, size_t len, struct qerr *e);
/* The current version's description; 404 when the carrier has no content. */
int store_content_get(struct store_tx *tx, const char *carrier_id,
                      struct store_content *out, struct qerr *e);
/* Copies chunk n of that version into buf (cap bytes); 404 when absent (the
 * version was replaced meanwhile), 500 when it does not fit. */
int store_content_chunk_get(struct store_tx *tx, const char *carrier_id, int64_t version,
                            int64_t n, void *buf, size_t cap, size_t *len,
                            struct qerr *e);

/* Every carrier's current content description, in carrier id order; cb
 * may write content rows (pages are read whole before cb runs). A non-zero
 * return from cb stops the walk and is returned. */
typedef int (*store_content_cb)(void *ctx, const struct store_content *c);
int store_content_walk(struct store_tx *tx, store_content_cb cb, void *ctx, struct qerr *e);
/* Replaces the wrapped key of that version (a master key rotation: the
 * content is not touched). 404 when the carrier has no such version. */
int store_content_set_wrapped(struct store_tx *tx, const char *carrier_id, int64_t version,
                              const uint8_t *wrapped, size_t len, struct qerr *e);

/* A new anonymous temporary file (mode 0600, already unlinked: it vanishes
 * when closed) for spooling data before a short write transaction: on the
 * database's file system for SQLite, in TMPDIR for a server backend. *fd is
 * the caller's to close. */
int store_tmpfile(struct store *s, int *fd, struct qerr *e);

/* ---- deadlines (sqlite_deadlines.c) ------------------------------------ */

/* Carriers still classified (registered, issued, archived) whose due date —
 * doc.review_due_on when set, else doc.declassify_on — is on or before
 * due_max ("YYYY-MM-DD"), in (due date, seq) order, at most limit
 * (1..STORE_PAGE_MAX; clamped) after the cursor: after_due NULL starts at
 * the beginning, else rows after (after_due, after_seq). org_id NULL: all
 * organizations. Served by the typed carrier_due table's index on (org_id,
 * due date) (store/tables_carriers.h, store_carrier_due): the cost is what
 * it returns, not the number of carriers. cb as for store_rec_list. */
int store_carrier_due_list(struct store_tx *tx, const char *org_id, const char *due_max,
                           const char *after_due, int64_t after_seq, int limit,
                           store_rec_cb cb, void *ctx, struct qerr *e);

/* Carriers whose information_ids name info_id, in seq order, through the
 * carrier_information link table (store/tables_carriers.h): the cost is
 * the carriers that carry it, never the number of carriers. */
int store_carrier_naming(struct store_tx *tx, const char *info_id, store_rec_cb cb,
                         void *ctx, struct qerr *e);

/* ---- bulk copy of a whole database (qupiya migrate; sqlite_dump.c) ----- */

/* A value of a dumped row: NULL, an integer, a real, text or bytes. Each
 * backend maps its column types onto these (SQLite: the storage class;
 * booleans are integers 0/1, dates text "YYYY-MM-DD") and back. */
enum store_val_type {
	STORE_VAL_NULL = 0,
	STORE_VAL_INT,
	STORE_VAL_REAL,
	STORE_VAL_TEXT,
	STORE_VAL_BLOB,
};
struct store_val {
	enum store_val_type type;
	int64_t i;               /* INT */
	double r;                /* REAL */
	const void *p;           /* TEXT (UTF-8, not NUL-terminated) or BLOB; borrowed */
	size_t len;              /* bytes at p */
};

#define STORE_DUMP_COLS_MAX 64   /* columns of the widest table */

/* One row of one table, as stored: every column, named. Borrowed by the
 * callback for the call. */
struct store_dump_row {
	const char *table;
	const char *const *cols;         /* ncols column names */
	const struct store_val *vals;    /* ncols values, in the order of cols */
	size_t ncols;
};

/* Calls cb for every row of every table of the schema (read tx: one
 * consistent snapshot), tables ordered parents first (foreign keys), and
 * within a table in primary key order. Left out: the backend's own
 * bookkeeping (SQLite's sqlite_* tables) and schema_migration (the target
 * records its own migrations). Derived rows (record tags, typed link rows,
 * index tables) are rows like any other: a load copies them as they are.
 * A non-zero return from cb stops the dump and is returned. */
typedef int (*store_dump_cb)(void *ctx, const struct store_dump_row *row);
int store_dump(struct store_tx *tx, store_dump_cb cb, void *ctx, struct qerr *e);
/* The current value of the database-wide sequence (store_seq_next; 0 when
 * never drawn), for store_load_finish. */
int store_seq_current(struct store_tx *tx, int64_t *seq, struct qerr *e);
/* Inserts one dumped row as it is (write tx), into a database of the same
 * schema version: no derived rows are computed, no sequence is drawn, no
 * audit entry is written. A `meta` row replaces the key's value (the target
 * made its own at creation); any other duplicate is 409 "duplicate". */
int store_load_row(struct store_tx *tx, const struct store_dump_row *row, struct qerr *e);
/* After the last store_load_row: moves every sequence of the target past
 * what was loaded — the database-wide one to at least seq (the source's
 * store_seq_current) — so the next insert draws a fresh value. */
int store_load_finish(struct store_tx *tx, int64_t seq, struct qerr *e);

#endif
