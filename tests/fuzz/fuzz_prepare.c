/*
 * fuzz_prepare.c - the whole pipeline on one model: load (fe_load_buffer),
 * passes, a session prepared with the declared input shapes (unknown and
 * symbolic dims bound to 1), then two runs on zero inputs whose outputs
 * must agree bit for bit.  Every refusal is a one-line message.  Limits
 * (64 KiB per tensor and arena, 256 nodes, depth 16) keep each input
 * cheap: nothing can exhaust memory or run long.
 */
#include "fuzz.h"
#include "pass.h"
#include "session.h"

#define FZ_TENSOR_BYTES (64u << 10)
#define FZ_MAX_INPUTS 16

/* bind_zero_inputs: declared dtype and dims of every input, zero data; 0, or
 * -1 when an input cannot be fed (string, too large, too many). */
static int bind_zero_inputs(onnxc_model *m, onnxc_tensor *in, int64_t dims[][RT_MAXRANK],
			    void **data)
{
	int n = onnxc_model_num_inputs(m), i, d;

	if (n > FZ_MAX_INPUTS)
		return -1;
	for (i = 0; i < n; i++) {
		onnxc_tensor info;
		int64_t numel = 1;
		size_t es;
		onnxc_model_input(m, i, &info);
		if (info.dtype == IR_STRING || info.rank > RT_MAXRANK)
			return -1;
		in[i] = info;
		in[i].dtype = info.dtype ? info.dtype : IR_FLOAT;
		in[i].rank = info.rank < 0 ? 1 : info.rank;
		for (d = 0; d < in[i].rank; d++) {
			dims[i][d] = info.rank < 0 || info.dims[d] < 0 ? 1 : info.dims[d];
			if (dims[i][d] > FZ_TENSOR_BYTES || onnxc_mul_i64(numel, dims[i][d], &numel))
				return -1;
		}
		es = ir_dtype_size(in[i].dtype);
		if (!es || (uint64_t)numel * es > FZ_TENSOR_BYTES)
			return -1;
		in[i].dims = dims[i];
		in[i].nbytes = (size_t)numel * es;
		data[i] = calloc(1, in[i].nbytes ? in[i].nbytes : 1);
		if (!data[i])
			return -1;
		in[i].data = data[i];
	}
	return 0;
}

/* run_twice: run s twice; outputs must be identical. */
static void run_twice(onnxc_session *s, int n_in, const onnxc_tensor *in)
{
	const onnxc_tensor *out;
	unsigned char *copy[64] = { 0 };
	int n_out, i, rc;

	rc = onnxc_session_run(s, n_in, in, &n_out, &out);
	if (rc) {
		onnxc_err e = s->err;
		fz_check_err(&e, NULL);
		return;
	}
	for (i = 0; i < n_out && i < 64; i++) {
		copy[i] = malloc(out[i].nbytes ? out[i].nbytes : 1);
		if (out[i].nbytes)
			memcpy(copy[i], out[i].data, out[i].nbytes);
	}
	if (onnxc_session_run(s, n_in, in, &n_out, &out))
		fz_fail("second run failed", onnxc_session_errmsg(s));
	for (i = 0; i < n_out && i < 64; i++) {
		if (out[i].nbytes && memcmp(copy[i], out[i].data, out[i].nbytes))
			fz_fail("two runs on the same inputs differ", out[i].name);
		free(copy[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	onnxc_err err = { 0 };
	ir_model *ir = NULL;
	onnxc_model *m;
	onnxc_session *s = NULL;
	onnxc_options opt;
	onnxc_tensor in[FZ_MAX_INPUTS];
	int64_t dims[FZ_MAX_INPUTS][RT_MAXRANK];
	void *bufs[FZ_MAX_INPUTS] = { 0 };
	pass_opts po = { 0 };
	fe_limits lim;
	int i;

	fe_limits_default(&lim);
	lim.max_tensor_bytes = FZ_TENSOR_BYTES;
	lim.max_nodes = 256;
	lim.max_depth = 16;
	if (fe_load_buffer(data, size, NULL, "fuzz", &lim, &ir, &err)) {
		fz_check_err(&err, "fuzz: ");
		return 0;
	}
	if (pass_run(ir, &po, &err)) {
		fz_check_err(&err, NULL);
		ir_model_free(ir);
		return 0;
	}
	if (!(m = rt_model_wrap(ir, &err)))
		fz_fail("rt_model_wrap failed without a fault", err.msg);
	onnxc_options_init(&opt);
	opt.threads = 1;
	opt.max_tensor_bytes = FZ_TENSOR_BYTES;
	if (onnxc_session_new(m, &opt, &s))
		fz_fail("session_new failed without a fault", NULL);
	if (!bind_zero_inputs(m, in, dims, bufs)) {
		if (onnxc_session_prepare(s, onnxc_model_num_inputs(m), in)) {
			onnxc_err e = s->err;
			fz_check_err(&e, NULL);
		} else {
			run_twice(s, onnxc_model_num_inputs(m), in);
		}
	}
	for (i = 0; i < FZ_MAX_INPUTS; i++)
		free(bufs[i]);
	onnxc_session_free(s);
	onnxc_model_free(m);
	return 0;
}
