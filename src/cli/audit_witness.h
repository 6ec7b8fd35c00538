/*
 * audit_witness.h — `qupiya audit witness` and the witness checks of
 * `qupiya audit verify` (audit_witness.c).
 */
#ifndef QUPIYA_CLI_AUDIT_WITNESS_H
#define QUPIYA_CLI_AUDIT_WITNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/note.h"
#include "store/store.h"

#define AUDIT_MAX_AGE_DEFAULT (24 * 3600)

/* `qupiya audit witness ...` (argv[0] is "witness"). */
int audit_witness_main(int argc, char **argv);

/* "90", "90s", "30m", "24h", "7d" -> seconds. 0 or -1. */
int audit_parse_duration(const char *s, int64_t *secs);

/* Reads a witness verifier key (vkey of type 0x04). 0, or -1 printed. */
int audit_witness_key_load(const char *path, char name[NOTE_NAME_MAX], uint8_t pk[32]);

/* After the log verified in tx: every head the witness of key_file
 * cosigned for origin (stored, and the latest at url when non-NULL) is a
 * prefix of the log, and one is at most max_age seconds old. 0, or 1 with
 * "audit log BROKEN: ..." printed. */
int audit_witness_check(struct store_tx *tx, const char *origin, const char *key_file,
                        const char *url, int64_t max_age, bool quiet);

#endif
