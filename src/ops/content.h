/*
 * content.h — the electronic content of a carrier, stored encrypted
 * (SPEC.md §1.3, §1.4; Art. 1 "information system in a protected
 * version"); the format and the cryptography are crypto/content.h's.
 *
 * UPLOAD (PUT /v1/carriers/{id}/content, "carrier.content.put"):
 *   ops_content_upload_begin   a read step: the carrier exists (404), the
 *                              actor's organization (403), not destroyed
 *                              or lost (409, Art. 28); an anonymous spool
 *                              file beside the database, the encryption
 *                              started
 *   ops_content_upload_write   plaintext pieces in: encrypted, complete
 *                              ciphertext chunks spooled (no write lock
 *                              held while the client sends)
 *   ops_content_upload_commit  the last chunk; one write transaction: the
 *                              same checks again, the content replaced by
 *                              the spooled chunks, the audit entry {version,
 *                              size, chunks, ciphertext_sha256}
 *
 * READ (GET /v1/carriers/{id}/content, "carrier.content.read"):
 *   ops_content_open   one write transaction holds the decision and its
 *                      record: the carrier (404), the access decision for
 *                      the actor's person (ops/access.h; no person, no
 *                      clearance) BEFORE anything about the content;
 *                      refused: 422 through ops_refuse; granted: the
 *                      content (none: 404, audited as a failed read), its
 *                      key unwrapped, its first chunk verified, the audit
 *                      entry COMMITTED — only then a reader is returned
 *   ops_content_read   the plaintext, chunk by chunk, each fetched in its
 *                      own short read transaction and verified before a
 *                      byte of it is handed out
 *
 * SECURITY: plaintext exists only in the encryptor's and decryptor's
 * guarded buffers (wiped on free) and in the caller's buffer; it never
 * reaches the disk, the log or the audit entry.
 */
#ifndef QUPIYA_OPS_CONTENT_H
#define QUPIYA_OPS_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ops/ops.h"

struct ops_content_upload;
struct ops_content_reader;

int ops_content_upload_begin(const struct ops_ctx *c, const char *carrier_id,
                             struct ops_content_upload **out, struct qerr *e);
/* 0, or -1 when the piece cannot be encrypted or spooled. */
int ops_content_upload_write(struct ops_content_upload *u, const void *data, size_t len);
/* failed: the transport lost part of the body (or a write failed): then
 * nothing is stored (503 for a full or failing disk, else 500). */
int ops_content_upload_commit(const struct ops_ctx *c, struct ops_content_upload *u,
                              bool failed, struct qerr *e);
void ops_content_upload_free(struct ops_content_upload *u);   /* accepts NULL */

/* label: the carrier's label, for the answer (granted content only), at
 * most label_size bytes with its NUL. */
int ops_content_open(const struct ops_ctx *c, const char *carrier_id, char *label,
                     size_t label_size, struct ops_content_reader **out, struct qerr *e);
uint64_t ops_content_size(const struct ops_content_reader *g);
/* Up to max bytes of plaintext at pos (pos must be where the last read
 * ended): the number of bytes, 0 at the end, -1 on a failure. */
int64_t ops_content_read(struct ops_content_reader *g, uint64_t pos, uint8_t *buf, size_t max);
void ops_content_reader_free(struct ops_content_reader *g);   /* accepts NULL */

#endif
