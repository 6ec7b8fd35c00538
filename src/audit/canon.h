/*
 * canon.h — a fast, allocation-free recogniser of canonical audit entries,
 * so `audit verify` need not parse and re-dump every entry with jansson.
 *
 * Canonical means: exactly the bytes jansson's json_dumps(v, JSON_COMPACT |
 * JSON_SORT_KEYS) gives for the value the text parses to. The recogniser
 * knows a strict subset of that form (objects, arrays, strings with only
 * the short escapes \" \\ \b \f \n \r \t, well-formed UTF-8, integers of at
 * most 18 digits, true/false/null, depth <= CANON_DEPTH_MAX) and answers
 * "yes" or "don't know"; never "no". On "don't know" the caller decides
 * with jansson (the definition). So the recogniser may only ever accept
 * text that jansson re-dumps byte for byte (checked differentially in
 * tests/unit/test_audit_canon.c).
 *
 * Untrusted input: the whole text (any bytes, any length).
 */
#ifndef QUPIYA_AUDIT_CANON_H
#define QUPIYA_AUDIT_CANON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CANON_DEPTH_MAX 32

/* True when text is certainly a canonical JSON object; then *members is its
 * number of members and *seq the value of its top-level "seq" member
 * (*has_seq false when absent or not an integer). False: don't know. */
bool audit_canon_fast(const char *text, size_t len, size_t *members,
                      bool *has_seq, int64_t *seq);

#endif
