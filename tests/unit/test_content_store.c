/*
 * test_content_store.c — stored content (store.h "carrier content"):
 * replace bumps the version and drops the old chunks in one transaction;
 * chunks are read back by (carrier, version, n) and a replaced version
 * answers 404; a rolled-back replacement leaves the old content intact;
 * content needs an existing record; spool files are anonymous.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "store/store.h"
#include "org_row.h"
#include "tap.h"

static struct store_content
desc(const char *id, int64_t nchunks, uint8_t fill)
{
	struct store_content c;

	memset(&c, 0, sizeof c);
	q_strlcpy(c.carrier_id, id, sizeof c.carrier_id);
	c.wrapped_len = 72;
	memset(c.wrapped, fill, c.wrapped_len);
	c.header_len = 24;
	memset(c.header, fill, c.header_len);
	c.size = nchunks * 10;
	c.nchunks = nchunks;
	memset(c.sha256, fill, sizeof c.sha256);
	return c;
}

static int
put(struct store *s, const char *id, int64_t nchunks, uint8_t fill, bool commit,
    int64_t *version)
{
	struct store_tx *tx = NULL;
	struct store_content c = desc(id, nchunks, fill);
	struct qerr e = {0};
	uint8_t chunk[100];

	if (store_begin(s, true, &tx, &e) != 0)
		return -1;
	if (store_content_replace(tx, &c, &e) != 0) {
		store_rollback(tx);
		return e.status;
	}
	for (int64_t n = 0; n < nchunks; n++) {
		memset(chunk, fill + (int)n, sizeof chunk);
		if (store_content_chunk_add(tx, id, c.version, n, chunk, sizeof chunk, &e) != 0) {
			store_rollback(tx);
			return -1;
		}
	}
	*version = c.version;
	if (!commit) {
		store_rollback(tx);
		return 0;
	}
	return store_commit(tx, &e);
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-cstore-XXXXXX", path[128];
	struct store *s = NULL;
	struct store_tx *tx = NULL;
	struct store_rec rec;
	struct store_content got;
	struct qerr e = {0};
	uint8_t buf[200];
	size_t len;
	int64_t v = 0;
	int fd = -1;
	struct stat st;

	if (crypto_init() != 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/q.db", dir);
	CHECK(store_open(path, STORE_OPEN_CREATE, &s, &e) == 0);
	if (s == NULL)
		return tap_done();

	memset(&rec, 0, sizeof rec);
	q_strlcpy(rec.kind, "carrier", sizeof rec.kind);
	store_id_new("carrier", rec.id);
	q_strlcpy(rec.state, "registered", sizeof rec.state);
	q_strlcpy(rec.org_id, "org_1", sizeof rec.org_id);   /* 0028_carrier_fks */
	rec.doc = json_pack("{s:s}", "id", rec.id);
	CHECK(store_begin(s, true, &tx, &e) == 0);
	CHECK(org_row_ensure(tx, rec.org_id, &e) == 0);
	CHECK(store_rec_insert(tx, &rec, &e) == 0);
	CHECK(store_commit(tx, &e) == 0);

	/* no content yet: 404 */
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_content_get(tx, rec.id, &got, &e) == -1 && e.status == QERR_NOT_FOUND);
	store_rollback(tx);

	/* no such record: refused (foreign key) */
	CHECK(put(s, "carrier_00000000deadbeef", 1, 1, true, &v) == QERR_NOT_FOUND);

	CHECK(put(s, rec.id, 3, 0x10, true, &v) == 0 && v == 1);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_content_get(tx, rec.id, &got, &e) == 0);
	CHECK(got.version == 1 && got.nchunks == 3 && got.size == 30);
	CHECK(got.wrapped_len == 72 && got.wrapped[5] == 0x10 && got.header_len == 24);
	CHECK(store_content_chunk_get(tx, rec.id, 1, 2, buf, sizeof buf, &len, &e) == 0);
	CHECK(len == 100 && buf[0] == 0x12);
	CHECK(store_content_chunk_get(tx, rec.id, 1, 3, buf, sizeof buf, &len, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);
	/* a buffer too small is an error, never an overflow */
	CHECK(store_content_chunk_get(tx, rec.id, 1, 0, buf, 50, &len, &e) == -1 &&
	      e.status == QERR_INTERNAL);
	store_rollback(tx);

	/* a rolled-back replacement changes nothing */
	CHECK(put(s, rec.id, 2, 0x20, false, &v) == 0 && v == 2);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_content_get(tx, rec.id, &got, &e) == 0 && got.version == 1);
	CHECK(store_content_chunk_get(tx, rec.id, 1, 0, buf, sizeof buf, &len, &e) == 0);
	store_rollback(tx);

	/* replacement: version 2, version 1's chunks gone */
	CHECK(put(s, rec.id, 2, 0x30, true, &v) == 0 && v == 2);
	CHECK(store_begin(s, false, &tx, &e) == 0);
	CHECK(store_content_get(tx, rec.id, &got, &e) == 0);
	CHECK(got.version == 2 && got.nchunks == 2 && got.wrapped[0] == 0x30);
	CHECK(store_content_chunk_get(tx, rec.id, 1, 0, buf, sizeof buf, &len, &e) == -1 &&
	      e.status == QERR_NOT_FOUND);
	CHECK(store_content_chunk_get(tx, rec.id, 2, 1, buf, sizeof buf, &len, &e) == 0 &&
	      buf[0] == 0x31);
	/* writes in a read transaction are refused */
	CHECK(store_content_chunk_add(tx, rec.id, 2, 5, buf, 10, &e) == -1);
	store_rollback(tx);

	/* spool file: anonymous, private, on the database's file system */
	CHECK(store_tmpfile(s, &fd, &e) == 0 && fd >= 0);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0 && (st.st_mode & 077) == 0);
	CHECK(write(fd, "abc", 3) == 3);
	close(fd);

	store_rec_clear(&rec);
	store_close(s);
	snprintf(path, sizeof path, "%s/q.db", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
