/*
 * disposal_ops.h — the disposing body of information and carriers: moved
 * to src/ops/disposal.h (issue 11: the Law's reading of disposal belongs
 * to the operations layer); this header forwards to it for the handlers.
 */
#ifndef QUPIYA_HTTP_DISPOSAL_OPS_H
#define QUPIYA_HTTP_DISPOSAL_OPS_H

#include "ops/disposal.h"

#endif
