/*
 * fuzz_pb.c - TensorProto bytes -> tensor (fe_parse_tensor_pb, as `onnxc
 * run --input x.pb` reads them).  External data is refused (no folder).  A
 * tensor that parses has a consistent size; a refusal is a one-line message.
 */
#include "fe.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	onnxc_err err = { 0 };
	ir_tensor *t = NULL;
	size_t es;

	if (fe_parse_tensor_pb(data, size, NULL, "fuzz", &t, &err)) {
		if (t)
			fz_fail("tensor returned with an error", err.msg);
		fz_check_err(&err, "fuzz: ");
		return 0;
	}
	es = t->dtype == IR_STRING ? sizeof(char *) : ir_dtype_size(t->dtype);
	if (t->numel != ir_numel(t->rank, t->dims) || t->nbytes != (size_t)t->numel * es)
		fz_fail("parsed tensor has an inconsistent size", NULL);
	/* every byte readable (ASan checks the bounds) */
	if (t->dtype != IR_STRING) {
		volatile unsigned char sum = 0;
		size_t i;
		for (i = 0; i < t->nbytes; i++)
			sum += ((const unsigned char *)t->data)[i];
		(void)sum;
	}
	ir_tensor_free(t);
	return 0;
}
