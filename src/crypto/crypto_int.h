/*
 * crypto_int.h — helpers shared by the files of src/crypto only (not part
 * of the module's interface).
 */
#ifndef QUPIYA_CRYPTO_INT_H
#define QUPIYA_CRYPTO_INT_H

#include <stddef.h>
#include <sys/types.h>

/* Creates path (it must not exist) with mode, writes len bytes of data,
 * fsyncs and closes it. On any failure the file is removed and err says
 * "<verb> <what><path>: <reason>" (what e.g. "key file "). 0 or -1. */
int crypto_file_create(const char *path, const void *data, size_t len, mode_t mode,
                       const char *what, char *err, size_t errsz);

#endif
