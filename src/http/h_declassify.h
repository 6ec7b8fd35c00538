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

#include "ops/declassify.h"

#endif
