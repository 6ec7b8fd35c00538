/*
 * fuzz_note.c — the C2SP text parsers of src/audit/note.h on any bytes:
 * the add-checkpoint body a stranger POSTs to a witness
 * (witness_req_parse), the signed note inside it (note_parse), its
 * checkpoint text (checkpoint_parse), signature checks under a fixed key,
 * and a vkey (note_vkey_parse, `audit verify --witness-key FILE`).
 *
 * Properties (abort on violation):
 *   - a parsed note's text ends with "\n", lies inside the input and is
 *     followed by the blank line; 1..NOTE_SIGS_MAX signatures, each inside
 *     the input, with valid key names;
 *   - a parsed checkpoint prints back (checkpoint_text) as the note text's
 *     first three lines;
 *   - a parsed body has at most 63 proof hashes and its note inside it;
 *   - signatures under a key nobody holds never verify (0 is impossible).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/note.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)

static void
check_note(const char *buf, size_t len)
{
	static const uint8_t pk[32] = {1, 2, 3};
	char text[NOTE_NAME_MAX + 80], name[NOTE_NAME_MAX];
	struct checkpoint c;
	struct note n;
	uint64_t ts;
	int i, t;

	if (note_parse(buf, len, &n) != 0)
		return;
	NEED(n.text == buf && n.text_len >= 1 && n.text_len + 1 < len);
	NEED(buf[n.text_len - 1] == '\n' && buf[n.text_len] == '\n');
	NEED(n.nsigs >= 1 && n.nsigs <= NOTE_SIGS_MAX);
	for (i = 0; i < n.nsigs; i++) {
		NEED(n.sigs[i].name >= buf && n.sigs[i].b64 + n.sigs[i].b64_len <= buf + len);
		NEED(note_name_ok(n.sigs[i].name, n.sigs[i].name_len));
	}
	memcpy(name, n.sigs[0].name, n.sigs[0].name_len);
	name[n.sigs[0].name_len] = '\0';
	NEED(note_verify_ed25519(&n, name, pk) != 0);
	NEED(note_verify_cosig(&n, name, pk, &ts) != 0);
	(void)note_cosig_time(&n.sigs[0], &ts);
	if (checkpoint_parse(n.text, n.text_len, &c) != 0)
		return;
	t = checkpoint_text(c.origin, c.size, c.root, text, sizeof text);
	NEED(t > 0 && (size_t)t <= n.text_len && memcmp(text, n.text, (size_t)t) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), name[NOTE_NAME_MAX];
	struct witness_req w;
	uint8_t pk[32], type;

	if (buf == NULL)
		return 0;
	if (size > 0)
		memcpy(buf, data, size);
	buf[size] = '\0';
	if (witness_req_parse(buf, size, &w) == 0) {
		NEED(w.old_size >= 0 && w.nproof <= WITNESS_PROOF_MAX);
		NEED(w.note > buf && w.note + w.note_len == buf + size);
		check_note(w.note, w.note_len);
	}
	check_note(buf, size);
	if (note_vkey_parse(buf, name, &type, pk) == 0)
		NEED(note_name_ok(name, strlen(name)));
	free(buf);
	return 0;
}
