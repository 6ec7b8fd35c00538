/*
 * sqlite_content.c — carriers' electronic content in SQLite: one row per
 * carrier in `content` (current version, wrapped key, stream header, sizes,
 * ciphertext hash) and its chunks in `content_chunk`; plus spool files
 * beside the database.
 *
 * Why in the database: backup (store_backup) and durability (WAL, fsync on
 * commit) then cover content like every other fact; a content replacement
 * commits with its audit entry or not at all.
 *
 * Never: sees a key or plaintext — everything here is ciphertext produced by
 * crypto/content.c; SQL text stays static.
 *
 * Invariants
 *   1. Chunks exist only for the version in `content` (replace deletes the
 *      others in the same transaction).
 *   2. A reader that names (carrier, version, n) gets exactly that chunk or
 *      404: a replaced version is never mixed with a newer one.
 *
 * Untrusted input: carrier ids from requests (bound as parameters only);
 * rows read back are length-checked against the caller's buffers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* O_TMPFILE */
#endif
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char SQL_CONTENT_VERSION[] =
	"SELECT version FROM content WHERE carrier_id = ?1";
static const char SQL_CONTENT_CHUNKS_DELETE[] =
	"DELETE FROM content_chunk WHERE carrier_id = ?1";
static const char SQL_CONTENT_UPSERT[] =
	"INSERT INTO content(carrier_id, version, wrapped_key, header, size, nchunks, sha256)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" ON CONFLICT(carrier_id) DO UPDATE SET version = excluded.version,"
	" wrapped_key = excluded.wrapped_key, header = excluded.header,"
	" size = excluded.size, nchunks = excluded.nchunks, sha256 = excluded.sha256";
static const char SQL_CONTENT_GET[] =
	"SELECT version, wrapped_key, header, size, nchunks, sha256 FROM content"
	" WHERE carrier_id = ?1";
static const char SQL_CHUNK_INSERT[] =
	"INSERT INTO content_chunk(carrier_id, version, n, data) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_CONTENT_PAGE[] =
	"SELECT carrier_id, version, wrapped_key, header, size, nchunks, sha256 FROM content"
	" WHERE carrier_id > ?1 ORDER BY carrier_id LIMIT 256";
static const char SQL_CONTENT_SET_WRAPPED[] =
	"UPDATE content SET wrapped_key = ?3 WHERE carrier_id = ?1 AND version = ?2";
static const char SQL_CHUNK_GET[] =
	"SELECT data FROM content_chunk WHERE carrier_id = ?1 AND version = ?2 AND n = ?3";

int
store_content_replace(struct store_tx *tx, struct store_content *c, struct qerr *e)
{
	struct db_stmt *st;
	int64_t version = 0;
	int rc;

	if (store_tx_writable(tx, "content replace", e) != 0)
		return -1;
	if (c->wrapped_len == 0 || c->wrapped_len > sizeof c->wrapped || c->header_len == 0 ||
	    c->header_len > sizeof c->header || c->size < 0 || c->nchunks < 1)
		return qerr_internal(e, "content replace: bad description");

	if (store_stmt_get(tx, SQL_CONTENT_VERSION, &st, e) != 0)
		return -1;
	store_bind_field(st, 1, c->carrier_id, sizeof c->carrier_id);
	rc = db_step(st);
	if (rc == DB_ROW)
		version = db_col_int64(st, 0);
	store_stmt_put(tx, st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_db_err(e, rc, "content replace: version");

	if (store_stmt_get(tx, SQL_CONTENT_CHUNKS_DELETE, &st, e) != 0)
		return -1;
	store_bind_field(st, 1, c->carrier_id, sizeof c->carrier_id);
	rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "content replace: delete");

	if (store_stmt_get(tx, SQL_CONTENT_UPSERT, &st, e) != 0)
		return -1;
	rc = store_bind_field(st, 1, c->carrier_id, sizeof c->carrier_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, version + 1);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 3, c->wrapped, (int)c->wrapped_len);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 4, c->header, (int)c->header_len);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 5, c->size);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 6, c->nchunks);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 7, c->sha256, STORE_HASH_SIZE);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "content replace");
	c->version = version + 1;
	return 0;
}

int
store_content_chunk_add(struct store_tx *tx, const char *carrier_id, int64_t version,
                        int64_t n, const void *data, size_t len, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (store_tx_writable(tx, "content chunk add", e) != 0)
		return -1;
	if (len > STORE_CONTENT_CHUNK_MAX || n < 0 || version < 1)
		return qerr_internal(e, "content chunk add: bad chunk");
	if (store_stmt_get(tx, SQL_CHUNK_INSERT, &st, e) != 0)
		return -1;
	rc = store_bind_str(st, 1, carrier_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, version);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, n);
	if (rc == DB_OK)
		rc = db_bind_blob(st, 4, len ? data : "", (int)len);
	if (rc == DB_OK)
		rc = db_step(st);
	store_stmt_put(tx, st);
	return rc == DB_DONE ? 0 : store_db_err(e, rc, "content chunk add");
}

/* Copies a blob column of at most cap bytes; *len its size. -1 if larger. */
static int
col_blob_max(struct db_stmt *st, int col, void *dst, size_t cap, size_t *len)
{
	const void *b = db_col_blob(st, col);
	int n = db_col_bytes(st, col);

	if (n < 0 || (size_t)n > cap || (n > 0 && b == NULL))
		return -1;
	if (n > 0)
		memcpy(dst, b, (size_t)n);
	*len = (size_t)n;
	return 0;
}

int
store_content_get(struct store_tx *tx, const char *carrier_id, struct store_content *out,
                  struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	memset(out, 0, sizeof *out);
	if (store_tx_usable(tx, "content get", e) != 0 ||
	    store_stmt_get(tx, SQL_CONTENT_GET, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, carrier_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		q_strlcpy(out->carrier_id, carrier_id, sizeof out->carrier_id);
		out->version = db_col_int64(st, 0);
		out->size = db_col_int64(st, 3);
		out->nchunks = db_col_int64(st, 4);
		if (col_blob_max(st, 1, out->wrapped, sizeof out->wrapped, &out->wrapped_len) != 0 ||
		    col_blob_max(st, 2, out->header, sizeof out->header, &out->header_len) != 0 ||
		    store_col_blob(st, 5, out->sha256, STORE_HASH_SIZE) != 0 ||
		    out->version < 1 || out->size < 0 || out->nchunks < 1)
			ret = qerr_internal(e, "content get: malformed row");
	} else if (rc == DB_DONE) {
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	} else {
		ret = store_db_err(e, rc, "content get");
	}
	store_stmt_put(tx, st);
	return ret;
}

int
store_content_chunk_get(struct store_tx *tx, const char *carrier_id, int64_t version,
                        int64_t n, void *buf, size_t cap, size_t *len, struct qerr *e)
{
	struct db_stmt *st;
	int rc, ret = 0;

	*len = 0;
	if (store_tx_usable(tx, "content chunk get", e) != 0 ||
	    store_stmt_get(tx, SQL_CHUNK_GET, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, carrier_id);
	db_bind_int64(st, 2, version);
	db_bind_int64(st, 3, n);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (col_blob_max(st, 0, buf, cap, len) != 0)
			ret = qerr_internal(e, "content chunk get: chunk too large");
	} else if (rc == DB_DONE) {
		ret = qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	} else {
		ret = store_db_err(e, rc, "content chunk get");
	}
	store_stmt_put(tx, st);
	return ret;
}

int
store_tmpfile(struct store *s, int *fd, struct qerr *e)
{
	char dir[4096], tmpl[4096 + 32];
	const char *slash = s->path != NULL ? strrchr(s->path, '/') : NULL;
	size_t dl;
	int f;

	*fd = -1;
	if (s->backend == STORE_PG) {
		/* A server backend: the spool stays on this machine. */
		const char *t = getenv("TMPDIR");

		q_strlcpy(dir, t != NULL && t[0] == '/' ? t : "/tmp", sizeof dir);
	} else if (slash == NULL) {
		q_strlcpy(dir, ".", sizeof dir);
	} else {
		dl = slash == s->path ? 1 : (size_t)(slash - s->path);
		if (dl >= sizeof dir)
			return qerr_internal(e, "tmpfile: path too long");
		memcpy(dir, s->path, dl);
		dir[dl] = '\0';
	}
#ifdef O_TMPFILE
	f = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (f >= 0) {
		*fd = f;
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
		if (qerr_errno_storage(errno))
			qerr_storage(e, NULL);
		else
			qerr_internal(e, NULL);
		qerr_detail(e, "tmpfile: %s", strerror(errno));
		return -1;
	}
#endif
	/* No O_TMPFILE on this file system: a named file, unlinked at once. */
	snprintf(tmpl, sizeof tmpl, "%s/.qupiya-spool-XXXXXX", dir);
	f = mkostemp(tmpl, O_CLOEXEC);
	if (f < 0) {
		if (qerr_errno_storage(errno))
			qerr_storage(e, NULL);
		else
			qerr_internal(e, NULL);
		qerr_detail(e, "tmpfile: %s", strerror(errno));
		return -1;
	}
	if (unlink(tmpl) != 0) {
		close(f);
		qerr_internal(e, NULL);
		qerr_detail(e, "tmpfile: unlink: %s", strerror(errno));
		return -1;
	}
	*fd = f;
	return 0;
}

int
store_content_walk(struct store_tx *tx, store_content_cb cb, void *ctx, struct qerr *e)
{
	enum { PAGE = 256 };
	struct store_content *page;
	char after[STORE_ID_MAX] = "";
	int ret = 0;

	if (store_tx_usable(tx, "content walk", e) != 0)
		return -1;
	page = calloc(PAGE, sizeof *page);
	if (page == NULL)
		return qerr_internal(e, "content walk: out of memory");
	for (;;) {
		struct db_stmt *st;
		int n = 0, rc;

		/* A page is read whole before cb runs: cb may write the rows. */
		if (store_stmt_get(tx, SQL_CONTENT_PAGE, &st, e) != 0) {
			ret = -1;
			break;
		}
		store_bind_str(st, 1, after);
		while ((rc = db_step(st)) == DB_ROW && n < PAGE) {
			struct store_content *c = &page[n];

			memset(c, 0, sizeof *c);
			c->version = db_col_int64(st, 1);
			c->size = db_col_int64(st, 4);
			c->nchunks = db_col_int64(st, 5);
			if (store_col_copy(st, 0, c->carrier_id, sizeof c->carrier_id) != 0 ||
			    col_blob_max(st, 2, c->wrapped, sizeof c->wrapped, &c->wrapped_len) != 0 ||
			    col_blob_max(st, 3, c->header, sizeof c->header, &c->header_len) != 0 ||
			    store_col_blob(st, 6, c->sha256, STORE_HASH_SIZE) != 0) {
				rc = DB_CORRUPT;
				break;
			}
			n++;
		}
		store_stmt_put(tx, st);
		if (rc == DB_CORRUPT) {
			ret = qerr_internal(e, "content walk: malformed row");
			break;
		}
		if (rc != DB_DONE && rc != DB_ROW) {
			ret = store_db_err(e, rc, "content walk");
			break;
		}
		for (int i = 0; i < n && ret == 0; i++)
			ret = cb(ctx, &page[i]);
		if (ret != 0 || n < PAGE)
			break;
		q_strlcpy(after, page[n - 1].carrier_id, sizeof after);
	}
	free(page);
	return ret;
}

int
store_content_set_wrapped(struct store_tx *tx, const char *carrier_id, int64_t version,
                          const uint8_t *wrapped, size_t len, struct qerr *e)
{
	struct db_stmt *st;
	int rc;

	if (len > STORE_CONTENT_WRAPPED_MAX)
		return qerr_internal(e, "content wrap: too long");
	if (store_tx_writable(tx, "content wrap", e) != 0 ||
	    store_stmt_get(tx, SQL_CONTENT_SET_WRAPPED, &st, e) != 0)
		return -1;
	store_bind_str(st, 1, carrier_id);
	db_bind_int64(st, 2, version);
	db_bind_blob_copy(st, 3, wrapped, (int)len);
	rc = db_step(st);
	store_stmt_put(tx, st);
	if (rc != DB_DONE)
		return store_db_err(e, rc, "content wrap");
	if (db_changes(tx) != 1)
		return qerr_set(e, QERR_NOT_FOUND, "not_found", NULL, NULL);
	return 0;
}
