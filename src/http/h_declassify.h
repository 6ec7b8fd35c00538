/*
 * h_declassify.h — what h_declassify.c offers other handlers: the review
 * flag that puts an information item or a carrier on the deadlines list
 * until a decision is taken on it (Art. 23.1; SPEC §3 "cascade": nothing
 * changes silently). h_classify.c's list-change cascade sets it; the
 * declassification, reclassification and relabelling of h_declassify.c
 * clear it.
 *
 * The flag lives in the record's doc:
 *   review_required  true while a decision is owed
 *   review_due_on    the earliest day it was owed (never after the
 *                    current declassify_on), indexed for the carriers
 *                    (store_carrier_due_list)
 *   review_reason    why, of the latest flag: "list_changed",
 *                    "information_declassified", "degree_changed"
 *   reviews[]        every flag and its resolution, kept
 */
#ifndef QUPIYA_HTTP_H_DECLASSIFY_H
#define QUPIYA_HTTP_H_DECLASSIFY_H

#include <jansson.h>

#include "core/date.h"
#include "core/qerr.h"
#include "store/store.h"

/* Flags the record (kind "information" or "carrier") id: entry (borrowed,
 * copied into reviews[]) says why; due_on is the day the decision is owed;
 * reason is one of the review_reason values. 0 or -1 (404, 500). */
int declassify_review_flag(struct store_tx *tx, const char *kind, const char *id,
                           const json_t *entry, qdate due_on, const char *reason,
                           struct qerr *e);

#endif
