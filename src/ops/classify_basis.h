/*
 * classify_basis.h — what the classification procedures (ops/lists.c)
 * share with the reclassification of src/http/h_declassify.c (Law "On
 * State Secrets", Art. 17, 20.1): the basis facts of a list item and the
 * topics check (the classifier check is ops_classifier_check,
 * ops/classify.h). The rules themselves are in src/core/classify.h.
 *
 * Every function works inside the caller's transaction and never commits.
 * Ownership: records passed in are borrowed; struct classify_basis borrows
 * their strings, valid while they are. List items and lists are typed
 * rows (core/classify_rec.h).
 */
#ifndef QUPIYA_OPS_CLASSIFY_BASIS_H
#define QUPIYA_OPS_CLASSIFY_BASIS_H


#include "core/classify.h"
#include "core/classify_rec.h"
#include "store/store.h"

/* Fills the basis facts of list item item of list list for
 * classify_basis_check() (Art. 20.1): states, organizations and the dates
 * in force (approval, addition, removal); info_org_id is the disposing
 * body. The caller sets b->on, the day the classification is dated. */
void classify_ops_basis_of(struct classify_basis *b, const struct list_item_rec *item,
                           const struct list_rec *list, const char *info_org_id);

#endif
