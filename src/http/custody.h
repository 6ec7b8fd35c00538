/*
 * custody.h — who holds which numbered copy of a carrier: moved to
 * src/ops/custody.h (issue 11: the Law's reading of custody belongs to the
 * operations layer); this header forwards to it for the handlers.
 */
#ifndef QUPIYA_HTTP_CUSTODY_H
#define QUPIYA_HTTP_CUSTODY_H

#include "ops/custody.h"

#endif
