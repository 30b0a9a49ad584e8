/*
 * fileio.h - whole-file reads and atomic writes with one-line errors.
 */
#ifndef ONNXC_FILEIO_H
#define ONNXC_FILEIO_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* fe_read_all: the whole file into a new buffer (onnxc_malloc'd, one
 * extra NUL byte).  Refuses files larger than max_bytes (0: no limit).
 * 0 or -1 (err names the file). */
int fe_read_all(const char *path, uint64_t max_bytes, void **out, size_t *len, onnxc_err *err);
/* fe_write_atomic: write buf to a temporary file beside `path`, then
 * rename it over `path`; on any error the temporary file is removed and
 * `path` is untouched.  0 or -1 (err names the file). */
int fe_write_atomic(const char *path, const void *buf, size_t len, onnxc_err *err);

#endif
