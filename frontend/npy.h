/*
 * npy.h - NumPy .npy files (format 1.0, 2.0, 3.0; C order; little-endian).
 */
#ifndef ONNXC_NPY_H
#define ONNXC_NPY_H

#include <stddef.h>

#include "ir.h"

/* fe_npy_parse: a .npy image in memory into a new tensor.  `what` names the
 * source in messages.  0 or -1 (err). */
int fe_npy_parse(const void *buf, size_t len, const char *what, ir_tensor **out, onnxc_err *err);
/* fe_npy_read: fe_npy_parse of a file. */
int fe_npy_read(const char *path, ir_tensor **out, onnxc_err *err);
/* fe_npy_write: write a tensor as .npy format 1.0 (2.0 if the header needs
 * it), atomically (temporary file + rename).  0 or -1 (err). */
int fe_npy_write(const char *path, int dtype, int rank, const int64_t *dims, const void *data,
		 onnxc_err *err);

#endif
