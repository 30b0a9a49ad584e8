/*
 * fuzz_npy.c - .npy bytes -> tensor (fe_npy_parse).  A tensor that parses
 * holds exactly the bytes after the header; a refusal is a one-line message.
 */
#include "fuzz.h"
#include "npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	onnxc_err err = { 0 };
	ir_tensor *t = NULL;

	if (fe_npy_parse(data, size, "fuzz", &t, &err)) {
		if (t)
			fz_fail("tensor returned with an error", err.msg);
		fz_check_err(&err, "fuzz: ");
		return 0;
	}
	if (t->nbytes > size || t->numel != ir_numel(t->rank, t->dims) ||
	    t->nbytes != (size_t)t->numel * ir_dtype_size(t->dtype) ||
	    memcmp(t->data, data + size - t->nbytes, t->nbytes))
		fz_fail("parsed tensor does not match the file", NULL);
	ir_tensor_free(t);
	return 0;
}
