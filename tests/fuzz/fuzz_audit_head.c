/*
 * fuzz_audit_head.c — audit_head_from_json() (src/audit/auditlog.h) on any
 * JSON: `qupiya audit verify --head FILE` reads a signed tree head from an
 * untrusted file with it.
 *
 * The input is parsed with jansson as the CLI does (duplicates refused,
 * bare values allowed so non-objects reach the parser too). Properties
 * checked (abort on violation):
 *   - a refusal is an input error naming a field (the caller ignores *out);
 *   - an acceptance means the object had exactly the five known keys, the
 *     integers non-negative and the hex strings of the exact sizes; and
 *     audit_head_json() of what was read parses back to the same head and
 *     key (the exporter and the importer agree).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/auditlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NEED(c) do { if (!(c)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *j = json_loadb((const char *)data, size,
	                       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	struct store_sth h, back;
	uint8_t pk[32], pk2[32];
	struct qerr e = {0};
	json_t *again;

	if (j == NULL)
		return 0;
	if (audit_head_from_json(j, &h, pk, &e) != 0) {
		NEED(e.status == QERR_INPUT && e.field[0] != '\0');
		json_decref(j);
		return 0;
	}
	NEED(!qerr_is_set(&e));
	NEED(json_is_object(j) && json_object_size(j) == 5);
	NEED(h.size >= 0 && h.timestamp_ms >= 0);
	NEED(json_integer_value(json_object_get(j, "size")) == h.size);

	again = audit_head_json(&h, pk);
	NEED(again != NULL);
	NEED(audit_head_from_json(again, &back, pk2, &e) == 0);
	NEED(back.size == h.size && back.timestamp_ms == h.timestamp_ms);
	NEED(memcmp(back.root, h.root, sizeof h.root) == 0);
	NEED(memcmp(back.signature, h.signature, sizeof h.signature) == 0);
	NEED(memcmp(pk2, pk, sizeof pk) == 0);
	json_decref(again);
	json_decref(j);
	return 0;
}
