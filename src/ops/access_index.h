/*
 * access_index.h — the in-memory access index (issue 15 item 1): the
 * inputs of the access decision (core/access.h) for every person and
 * carrier, in compact arrays keyed by 64-bit keys, so that GET
 * /v1/access/check decides without a record read or a JSON parse.
 *
 * One index per process, bound to one store (access_index_start). It
 * answers only when it reflects at least the audit size the caller read
 * in its own transaction (freshness); a request that finds it behind
 * applies the missing commits first (incrementally, from the audit
 * entries), else the caller takes the store path, which is always
 * correct. Design: access_index.c.
 *
 * Thread safety: every function may be called from any thread.
 */
#ifndef QUPIYA_OPS_ACCESS_INDEX_H
#define QUPIYA_OPS_ACCESS_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/access.h"
#include "ops/access.h"
#include "ops/ops.h"

/* Builds the index of store s (one snapshot, now) and starts its builder
 * thread. 0, or -1 with e set (the server then runs without an index).
 * The environment variable QUPIYA_ACCESS_INDEX=0 turns the index off
 * (returns 0, nothing built): the store path answers everything; =sync
 * lets a request rebuild a stale index whole itself; =check also compares
 * each incremental step with a whole rebuild and aborts on a difference. */
int access_index_start(struct store *s, struct qerr *e);
/* Stops the builder and frees every snapshot; accepts no index. */
void access_index_stop(void);

/* The index is on (the process's one store: `qupiya serve`'s). */
bool access_index_on(void);
/* The index is on and built from store s. */
bool access_index_serves(const struct store *s);

/* The audit size the current snapshot reflects; -1 when there is none. */
int64_t access_index_seq(void);

/* GET /v1/access/check from the index: 1 with *out decided, when the
 * index serves c->store, reflects db_seq (the audit size the caller read
 * in its transaction) or later, knows the person and the carrier and the
 * actor may see both (else 0: the caller takes the store path, which also
 * gives every 403/404). A stale index is brought up to date first, or in
 * the background when that needs a whole rebuild. */
int access_index_check(const struct ops_ctx *c, const struct ops_access_check_args *a,
                       int64_t db_seq, struct access_decision *out);

/* ops_access_decide from the index (no scope check: the caller's step made
 * it): 1 with *out decided when the index is on, reflects db_seq (the
 * audit size the caller's transaction sees, its own entries included) and
 * knows both; else 0 (the store path). A transaction that wrote before it
 * decides sees its own audit entries, so a larger audit size than the
 * index's, and takes the store path. verdict: access_verdict (the checks
 * up to the first failure) instead of access_decide (every check). */
int access_index_decide(const char *person_id, const char *carrier_id, qdate on,
                        int64_t db_seq, bool verdict, struct access_decision *out);

/* The audit size of the index's store as a read transaction begun after
 * this call sees it: one read serves every request waiting meanwhile (a
 * request waits for a read begun after it arrived, never for a write).
 * 0, or -1 when the read failed (the caller takes the store path). */
int access_index_db_seq(int64_t *seq);

/* A write committed (ops_commit): the index applies it in the background. */
void access_index_committed(void);

/* Since start: the refreshes made (whole builds, incremental steps), and
 * the access checks the index found fresh (answered or not) or behind
 * (the store path answered). */
void access_index_counts(long *full, long *incremental, long *fresh, long *stale);

/* Brings the index up to date now in the caller's thread (tests: after
 * writes made through another store handle). 0 or -1 with e set. */
int access_index_refresh(struct qerr *e);

#endif
