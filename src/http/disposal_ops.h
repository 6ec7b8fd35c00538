/*
 * disposal_ops.h — the disposing body of information and carriers: now
 * src/ops/disposal.h (issue 11), included here for the handlers.
 */
#ifndef QUPIYA_HTTP_DISPOSAL_OPS_H
#define QUPIYA_HTTP_DISPOSAL_OPS_H

#include "ops/disposal.h"

#endif
