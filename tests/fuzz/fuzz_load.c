/*
 * fuzz_load.c - bytes -> IR model (fe_load_buffer).  A refusal must be a
 * one-line message prefixed with the source name; a model that loads must
 * serialise (or be refused as unsupported) and load again.  External data
 * is refused (no folder).  Limits are small so that nothing can exhaust
 * memory.
 */
#include "fe.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	onnxc_err err = { 0 };
	ir_model *m = NULL, *m2 = NULL;
	fe_limits lim;
	void *out;
	size_t len;

	fe_limits_default(&lim);
	lim.max_tensor_bytes = 1 << 20;
	lim.max_nodes = 4096;
	lim.max_depth = 32;
	if (fe_load_buffer(data, size, NULL, "fuzz", &lim, &m, &err)) {
		if (m)
			fz_fail("model returned with an error", err.msg);
		fz_check_err(&err, "fuzz: ");
		return 0;
	}
	if (fe_write_buffer(m, &out, &len, &err)) {
		if (err.code != ONNXC_EUNSUPPORTED)
			fz_fail("a loaded model does not write", err.msg);
	} else {
		if (fe_load_buffer(out, len, NULL, "again", &lim, &m2, &err))
			fz_fail("a written model does not load", err.msg);
		ir_model_free(m2);
		onnxc_free(out);
	}
	ir_model_free(m);
	return 0;
}
