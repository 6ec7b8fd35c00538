/*
 * classify_ops.h — the basis facts of a list item and the topics check
 * moved to src/ops/classify_basis.h (issue 11); this header stays so that
 * the handlers including it build unchanged.
 */
#ifndef QUPIYA_HTTP_CLASSIFY_OPS_H
#define QUPIYA_HTTP_CLASSIFY_OPS_H

#include "ops/classify_basis.h"

#endif
