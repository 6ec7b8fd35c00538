/*
 * tables_classify.h — the typed tables of classification (issue 11;
 * records in core/classify_rec.h):
 *
 *   classifier  one row per official on a state body's list of classifiers
 *               (Art. 5.4, 15.1); UNIQUE (org_id, person_id)
 *   list, list_history, list_item (UNIQUE (list_id, code)),
 *   list_item_change (id = the change id), list_item_affected
 *               departmental lists (Art. 15.2, 22) with their history, items,
 *               each item's changes and the information items and carriers
 *               each change flagged, in seq order (migration
 *               0021_typed_lists moves the list and list_item records)
 *
 * Migration 0010_typed_classifiers (store_sqlite.c) creates it and moves
 * the classifier records of the record table; a row moved keeps its seq
 * (and so every paging cursor a client holds).
 */
#ifndef QUPIYA_STORE_TABLES_CLASSIFY_H
#define QUPIYA_STORE_TABLES_CLASSIFY_H

#include "store/store_table.h"

extern const struct store_table store_classifier_table;
/* Lists and list items (migration 0021_typed_lists). */
extern const struct store_table store_list_table;
extern const struct store_table store_list_history_table;
extern const struct store_table store_list_item_table;
extern const struct store_table store_list_change_table;
extern const struct store_table store_list_affected_table;

#endif
