/*
 * classify_ops.h — what the classification handlers (h_classify.c) share
 * with the reclassification of h_declassify.c (Law "On State Secrets",
 * Art. 5.4, 15.1, 20.1): the classifier check and the basis facts of a
 * list item. The rules themselves are in src/core/classify.h.
 *
 * Every function works inside the caller's transaction and never commits.
 * Ownership: records passed in are borrowed; struct classify_basis borrows
 * their strings, valid while they are.
 */
#ifndef QUPIYA_HTTP_CLASSIFY_OPS_H
#define QUPIYA_HTTP_CLASSIFY_OPS_H

#include "core/classify.h"
#include "http/http.h"

/* not_a_classifier (Art. 5.4, 15.1): the caller's person is an active
 * classifier (record "classifier", org_id, ref = person_id) of org_id.
 * 0, or -1 with the rule's 422, or the store's error (500). */
int classify_ops_classifier_check(struct req *r, struct store_tx *tx, const char *org_id,
                                  struct qerr *e);

/* Fills the basis facts of list item item of list list for
 * classify_basis_check() (Art. 20.1): states, organizations and the dates
 * in force (approval, addition, removal); info_org_id is the disposing
 * body. The caller sets b->on, the day the classification is dated. */
void classify_ops_basis_of(struct classify_basis *b, const struct store_rec *item,
                           const struct store_rec *list, const char *info_org_id);

/* not_classifiable_topic (Art. 17) for a stored information item's
 * "topics" array against the statutory basis of the list item it is
 * (re)classified on (core: classify_topics_check(), with the exceptions of
 * 17.1.8, 17.1.9 and 17.1.11). Non-string entries are skipped. */
int classify_ops_topics_check(const json_t *topics, const char *basis, struct qerr *e);

#endif
