/*
 * note.h — the transparency-log ecosystem's text formats (C2SP), so that
 * any witness of that ecosystem can witness a qupiya log and a qupiya can
 * witness another body's:
 *
 *   signed note     c2sp.org/signed-note: text ending in "\n", a blank
 *                   line, then lines "— <key name> base64(key ID || sig)\n";
 *                   Ed25519 key ID = SHA-256(name || 0x0A || 0x01 || pk)[:4]
 *   checkpoint      c2sp.org/tlog-checkpoint: note text "<origin>\n<size>\n
 *                   <base64 root>\n" (extension lines allowed, signed)
 *   cosignature     c2sp.org/tlog-cosignature, cosignature/v1 (Ed25519):
 *                   key ID = SHA-256(name || 0x0A || 0x04 || pk)[:4], sig =
 *                   u64 big-endian timestamp || Ed25519 over "cosignature/v1\n
 *                   time <ts>\n" || note text
 *   add-checkpoint  c2sp.org/tlog-witness request body: "old <size>\n",
 *                   up to 63 base64 proof lines, "\n", a checkpoint
 *   vkey            "<name>+<hex key ID>+base64(type || pk)"
 *
 * Pure apart from SHA-256 and Ed25519 (crypto.h). Untrusted input: every
 * parsed text (notes, request bodies, vkeys), parsed strictly and bounded.
 */
#ifndef QUPIYA_AUDIT_NOTE_H
#define QUPIYA_AUDIT_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit/merkle.h"
#include "crypto/crypto.h"

#define NOTE_NAME_MAX       256      /* key names and origins, NUL included */
#define NOTE_MAX            (64 * 1024)
#define NOTE_SIGS_MAX       32       /* the spec asks for at least 16 */
#define NOTE_SIG_ED25519    0x01
#define NOTE_SIG_COSIG_V1   0x04
#define NOTE_LINE_MAX       (NOTE_NAME_MAX + 128)   /* one Ed25519 or cosignature line */
#define NOTE_VKEY_MAX       (NOTE_NAME_MAX + 64)
#define WITNESS_PROOF_MAX   63

/* Key ID per signed-note: SHA-256(name || "\n" || type || pk)[:4]. */
void note_key_id(const char *name, uint8_t type, const uint8_t pk[32], uint8_t id[4]);

/* A key name (or origin): non-empty, < NOTE_NAME_MAX bytes, valid UTF-8,
 * no spaces, control characters or '+'. */
bool note_name_ok(const char *s, size_t len);

/* "<name>+<hex id>+base64(type || pk)"; 0, or -1 when name is bad or out
 * too small. */
int note_vkey(const char *name, uint8_t type, const uint8_t pk[32], char *out,
              size_t outsz);
/* Parses a vkey (surrounding whitespace ignored); the key ID must match. */
int note_vkey_parse(const char *s, char name[NOTE_NAME_MAX], uint8_t *type,
                    uint8_t pk[32]);

/* A parsed note: text and signature lines point into the caller's buffer. */
struct note_sig {
	const char *name;
	size_t name_len;
	const char *b64;
	size_t b64_len;
};
struct note {
	const char *text;          /* ends with "\n", excludes the blank line */
	size_t text_len;
	int nsigs;
	struct note_sig sigs[NOTE_SIGS_MAX];
};
/* 0, or -1 when buf is not a well-formed signed note. */
int note_parse(const char *buf, size_t len, struct note *n);

/* 0: a signature by (name, key ID of pk) verifies; 1: none by that key;
 * -1: one by that key does not verify. */
int note_verify_ed25519(const struct note *n, const char *name, const uint8_t pk[32]);
/* The same for a cosignature/v1 of pk; *ts gets its timestamp (the newest
 * when several verify). */
int note_verify_cosig(const struct note *n, const char *name, const uint8_t pk[32],
                      uint64_t *ts);

/* The signature line "— name base64(id || Ed25519(text))\n". 0 or -1. */
int note_sign_line(const struct crypto_keys *k, const char *name, const char *text,
                   size_t len, char *out, size_t outsz);
/* The cosignature/v1 line of text at time ts. 0 or -1. */
int note_cosig_line(const struct crypto_keys *k, const char *name, uint64_t ts,
                    const char *text, size_t len, char *out, size_t outsz);
/* The timestamp carried by a cosignature line's signature (no verification):
 * 0, or -1 when it is not a cosignature's shape. */
int note_cosig_time(const struct note_sig *s, uint64_t *ts);

/* Checkpoint note text; returns its length, or -1 (bad origin, too small). */
int checkpoint_text(const char *origin, int64_t size, const uint8_t root[32],
                    char *out, size_t outsz);
struct checkpoint {
	char origin[NOTE_NAME_MAX];
	int64_t size;
	uint8_t root[MERKLE_HASH_SIZE];
};
/* Parses a note text as a checkpoint (extension lines allowed). 0 or -1. */
int checkpoint_parse(const char *text, size_t len, struct checkpoint *c);

/* The default origin of a log signed by pk: "qupiya.<16 hex of
 * SHA-256(pk)>/audit"; `--log-origin` names another (e.g. with the BIN). */
void audit_origin_default(const uint8_t pk[32], const char *kind,
                          char out[NOTE_NAME_MAX]);

/* An add-checkpoint request body. */
struct witness_req {
	int64_t old_size;
	merkle_hash proof[WITNESS_PROOF_MAX];
	size_t nproof;
	const char *note;          /* the checkpoint (a signed note), into the body */
	size_t note_len;
};
/* 0, or -1 when malformed (400). */
int witness_req_parse(const char *body, size_t len, struct witness_req *w);

#endif
