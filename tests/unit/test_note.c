/*
 * test_note.c — note.c against the C2SP texts (vectors copied from the
 * specifications' own examples) and the formulas they state:
 *
 *   signed-note: the example vkey "example.com/foo+530d903a+Aeky..." verifies
 *     the example note (key ID = SHA-256(name || 0x0A || 0x01 || pk)[:4]);
 *     one flipped byte of text or signature is refused; a signature by an
 *     unknown key is ignored (1), by a known name with another ID ignored.
 *   tlog-checkpoint: the example checkpoint parses (origin, size, root);
 *     checkpoints qupiya writes are "<origin>\n<size>\n<b64 root>\n" and
 *     their signature line carries the key ID computed here by hand.
 *   tlog-cosignature: the signed message is "cosignature/v1\ntime <ts>\n"
 *     || note text (checked with the raw Ed25519 verifier), key ID with
 *     type 0x04, the signature 4 + 8 + 64 bytes with a big-endian time.
 *   tlog-witness: the example add-checkpoint body parses; malformed bodies
 *     (leading zero, no blank line, 64 proof lines, bad base64) do not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/note.h"
#include "crypto/crypto.h"
#include "tap.h"

static const char EX_VKEY[] = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
static const char EX_NOTE[] =
	"This is an example message.\n"
	"\n"
	"\xe2\x80\x94 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

static const char EX_BODY[] =
	"old 20852014\n"
	"PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
	"jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
	"5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
	"/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
	"\n"
	"example.com/behind-the-sofa\n"
	"20852163\n"
	"CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
	"\n"
	"\xe2\x80\x94 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

static void
test_spec_note(void)
{
	char name[NOTE_NAME_MAX];
	uint8_t type = 0, pk[32], id[4], hand[CRYPTO_HASH_SIZE], buf[NOTE_NAME_MAX + 40];
	struct note n;
	char *copy;
	size_t nl;

	CHECK(note_vkey_parse(EX_VKEY, name, &type, pk) == 0);
	CHECK_STR(name, "example.com/foo");
	CHECK(type == NOTE_SIG_ED25519);
	/* the key ID by the spec's formula, by hand */
	nl = strlen(name);
	memcpy(buf, name, nl);
	buf[nl] = 0x0a;
	buf[nl + 1] = 0x01;
	memcpy(buf + nl + 2, pk, 32);
	crypto_sha256(buf, nl + 34, hand);
	note_key_id(name, NOTE_SIG_ED25519, pk, id);
	CHECK(memcmp(id, hand, 4) == 0);
	CHECK(id[0] == 0x53 && id[1] == 0x0d && id[2] == 0x90 && id[3] == 0x3a);

	CHECK(note_parse(EX_NOTE, strlen(EX_NOTE), &n) == 0);
	CHECK(n.nsigs == 1);
	CHECK(n.text_len == strlen("This is an example message.\n"));
	CHECK(note_verify_ed25519(&n, "example.com/foo", pk) == 0);
	CHECK(note_verify_ed25519(&n, "example.com/bar", pk) == 1);   /* unknown: ignored */

	copy = strdup(EX_NOTE);
	CHECK(copy != NULL);
	if (copy == NULL)
		return;
	copy[0] = 't';   /* the text changed */
	CHECK(note_parse(copy, strlen(copy), &n) == 0);
	CHECK(note_verify_ed25519(&n, "example.com/foo", pk) == -1);
	free(copy);

	/* a vkey with a wrong key ID is refused */
	CHECK(note_vkey_parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
	                      name, &type, pk) != 0);
	/* malformed notes */
	CHECK(note_parse("no signatures\n", sizeof "no signatures\n" - 1, &n) != 0);
	CHECK(note_parse("text\n\nnot a signature line\n", sizeof "text\n\nnot a signature line\n" - 1, &n) != 0);
	CHECK(note_parse("text\n\n\xe2\x80\x94 a b\n", sizeof "text\n\n\xe2\x80\x94 a b\n" - 1, &n) != 0);          /* bad base64 */
	CHECK(note_parse("te\x01xt\n\n\xe2\x80\x94 a AAAAAAAA\n", sizeof "te\x01xt\n\n\xe2\x80\x94 a AAAAAAAA\n" - 1, &n) != 0);  /* control */
	CHECK(note_parse("text\n\n\xe2\x80\x94 a AAAAAAAA\n", sizeof "text\n\n\xe2\x80\x94 a AAAAAAAA\n" - 1, &n) == 0);
	CHECK(note_parse("text\n\n\xe2\x80\x94 a+b AAAAAAAA\n", sizeof "text\n\n\xe2\x80\x94 a+b AAAAAAAA\n" - 1, &n) != 0);   /* '+' in name */
}

static void
test_spec_checkpoint_and_body(void)
{
	struct witness_req w;
	struct checkpoint c;
	struct note n;
	char bad[sizeof EX_BODY + 64 * 46 + 16];
	uint8_t root[32];
	size_t got = 0;
	int i;

	CHECK(witness_req_parse(EX_BODY, strlen(EX_BODY), &w) == 0);
	CHECK(w.old_size == 20852014);
	CHECK(w.nproof == 4);
	CHECK(note_parse(w.note, w.note_len, &n) == 0);
	CHECK(n.nsigs == 1);
	CHECK(checkpoint_parse(n.text, n.text_len, &c) == 0);
	CHECK_STR(c.origin, "example.com/behind-the-sofa");
	CHECK(c.size == 20852163);
	CHECK(crypto_unb64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", 44, root, 32, &got) == 0);
	CHECK(got == 32 && memcmp(root, c.root, 32) == 0);
	/* one value, one spelling: unused bits set, or stray bytes, are refused */
	CHECK(crypto_unb64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=", 44, root, 32, &got) != 0);
	CHECK(crypto_unb64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA\xc8\x95\xcd\x95xq2I=", 46, root, 32,
	                   &got) != 0);
	CHECK(crypto_unb64("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=", 44, root, 32, &got) == 0);
	CHECK(memcmp(root, w.proof[0], 32) == 0);

	CHECK(witness_req_parse("old 01\n\nx\n", sizeof "old 01\n\nx\n" - 1, &w) != 0);
	CHECK(witness_req_parse("old 0\nx\n", sizeof "old 0\nx\n" - 1, &w) != 0);
	CHECK(witness_req_parse("old 0\n", sizeof "old 0\n" - 1, &w) != 0);
	CHECK(witness_req_parse("old -1\n\nx\n", sizeof "old -1\n\nx\n" - 1, &w) != 0);
	CHECK(witness_req_parse("old 0\n\nx\n", sizeof "old 0\n\nx\n" - 1, &w) == 0);
	CHECK(witness_req_parse("old 0\nnot base64\n\nx\n", sizeof "old 0\nnot base64\n\nx\n" - 1, &w) != 0);
	strcpy(bad, "old 1\n");
	for (i = 0; i < 64; i++)
		strcat(bad, "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n");
	strcat(bad, "\nx\n");
	CHECK(witness_req_parse(bad, strlen(bad), &w) != 0);   /* more than 63 lines */

	CHECK(checkpoint_parse("o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", sizeof "o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n" - 1, &c) != 0);
	CHECK(checkpoint_parse("o\n1\n", sizeof "o\n1\n" - 1, &c) != 0);
	CHECK(checkpoint_parse("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next\n", sizeof "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next\n" - 1, &c) == 0);
	CHECK(checkpoint_parse("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n", sizeof "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n" - 1, &c) != 0);
}

static void
test_sign_and_cosign(const char *dir)
{
	char path[512], text[512], line[NOTE_LINE_MAX], note_buf[2048], vkey[NOTE_VKEY_MAX];
	char name[NOTE_NAME_MAX], origin[NOTE_NAME_MAX], msg[1024];
	uint8_t root[32], id[4], raw[80], pk[32], type = 0, hand[CRYPTO_HASH_SIZE];
	uint8_t idbuf[NOTE_NAME_MAX + 40];
	struct crypto_keys *log, *wit;
	struct checkpoint c;
	struct note n;
	uint64_t ts = 0;
	size_t got = 0, nl;
	int len, mlen;

	snprintf(path, sizeof path, "%s/log.key", dir);
	log = crypto_signkey_open(path, msg, sizeof msg);
	CHECK(log != NULL);
	snprintf(path, sizeof path, "%s/w.key", dir);
	wit = crypto_signkey_open(path, msg, sizeof msg);
	CHECK(wit != NULL);
	if (log == NULL || wit == NULL)
		return;
	/* opened again: the same key */
	{
		struct crypto_keys *again = crypto_signkey_open(path, msg, sizeof msg);

		CHECK(again != NULL && memcmp(again->sign_pk, wit->sign_pk, 32) == 0);
		crypto_keys_free(again);
	}

	memset(root, 0xab, sizeof root);
	audit_origin_default(log->sign_pk, "audit", origin);
	CHECK(strncmp(origin, "qupiya.", 7) == 0 && strlen(origin) == 7 + 16 + 6);
	len = checkpoint_text(origin, 42, root, text, sizeof text);
	CHECK(len > 0);
	{
		char want[512], b64[crypto_b64_len(32)];

		crypto_b64(root, 32, b64);
		snprintf(want, sizeof want, "%s\n42\n%s\n", origin, b64);
		CHECK_STR(text, want);
	}
	CHECK(note_sign_line(log, origin, text, (size_t)len, line, sizeof line) == 0);
	/* "— <name> base64(id || sig)\n" with the hand-computed ID */
	CHECK(strncmp(line, "\xe2\x80\x94 ", 4) == 0);
	CHECK(strncmp(line + 4, origin, strlen(origin)) == 0);
	nl = strlen(origin);
	memcpy(idbuf, origin, nl);
	idbuf[nl] = 0x0a;
	idbuf[nl + 1] = 0x01;
	memcpy(idbuf + nl + 2, log->sign_pk, 32);
	crypto_sha256(idbuf, nl + 34, hand);
	CHECK(crypto_unb64(line + 5 + nl, strlen(line + 5 + nl) - 1, raw, sizeof raw, &got) == 0);
	CHECK(got == 68 && memcmp(raw, hand, 4) == 0);
	CHECK(crypto_pk_verify(log->sign_pk, text, (size_t)len, raw + 4) == 0);

	snprintf(note_buf, sizeof note_buf, "%s\n%s", text, line);
	CHECK(note_parse(note_buf, strlen(note_buf), &n) == 0);
	CHECK(note_verify_ed25519(&n, origin, log->sign_pk) == 0);
	CHECK(note_verify_ed25519(&n, origin, wit->sign_pk) == 1);
	CHECK(checkpoint_parse(n.text, n.text_len, &c) == 0);
	CHECK(c.size == 42 && memcmp(c.root, root, 32) == 0);
	CHECK_STR(c.origin, origin);

	/* cosignature/v1 */
	CHECK(note_cosig_line(wit, "nsc.example/witness", 1679315147, text, (size_t)len,
	                      line, sizeof line) == 0);
	CHECK(note_cosig_line(wit, "nsc.example/witness", 0, text, (size_t)len, line,
	                      sizeof line) != 0);   /* the timestamp is never zero */
	CHECK(note_cosig_line(wit, "nsc.example/witness", 1679315147, text, (size_t)len,
	                      line, sizeof line) == 0);
	nl = strlen("nsc.example/witness");
	CHECK(crypto_unb64(line + 5 + nl, strlen(line + 5 + nl) - 1, raw, sizeof raw, &got) == 0);
	CHECK(got == 76);
	note_key_id("nsc.example/witness", 0x04, wit->sign_pk, id);
	CHECK(memcmp(raw, id, 4) == 0);
	CHECK(raw[4] == 0 && raw[5] == 0 && raw[6] == 0 && raw[7] == 0 && raw[8] == 0x64 &&
	      raw[9] == 0x18 && raw[10] == 0x50 && raw[11] == 0xcb);   /* 1679315147 BE */
	mlen = snprintf(msg, sizeof msg, "cosignature/v1\ntime 1679315147\n%s", text);
	CHECK(crypto_pk_verify(wit->sign_pk, msg, (size_t)mlen, raw + 12) == 0);

	strcat(note_buf, line);
	CHECK(note_parse(note_buf, strlen(note_buf), &n) == 0);
	CHECK(n.nsigs == 2);
	CHECK(note_verify_cosig(&n, "nsc.example/witness", wit->sign_pk, &ts) == 0);
	CHECK(ts == 1679315147);
	CHECK(note_cosig_time(&n.sigs[1], &ts) == 0 && ts == 1679315147);
	CHECK(note_verify_cosig(&n, "nsc.example/witness", log->sign_pk, &ts) == 1);
	CHECK(note_verify_ed25519(&n, origin, log->sign_pk) == 0);   /* unknown cosig ignored */
	/* a cosignature over another size does not verify */
	note_buf[strlen(origin) + 2] = '3';
	CHECK(note_parse(note_buf, strlen(note_buf), &n) == 0);
	CHECK(note_verify_cosig(&n, "nsc.example/witness", wit->sign_pk, &ts) == -1);

	/* the witness's vkey round-trips */
	CHECK(note_vkey("nsc.example/witness", 0x04, wit->sign_pk, vkey, sizeof vkey) == 0);
	CHECK(note_vkey_parse(vkey, name, &type, pk) == 0);
	CHECK(type == 0x04 && memcmp(pk, wit->sign_pk, 32) == 0);
	CHECK_STR(name, "nsc.example/witness");

	crypto_keys_free(log);
	crypto_keys_free(wit);
}

int
main(void)
{
	char dir[] = "/tmp/qupiya-note-XXXXXX", path[600];

	if (crypto_init() != 0 || mkdtemp(dir) == NULL)
		return 1;
	test_spec_note();
	test_spec_checkpoint_and_body();
	test_sign_and_cosign(dir);
	snprintf(path, sizeof path, "%s/log.key", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/w.key", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
