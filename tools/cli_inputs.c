/*
 * cli_inputs.c - graph inputs of `run` and `bench`: --input [NAME=]FILE
 * read from .npy or TensorProto .pb files, or random tensors made from the
 * model's declared input shapes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rt.h"
#include "fe.h"
#include "npy.h"

/* read_input: a .npy or TensorProto .pb file (chosen by its first bytes). */
static int read_input(const char *path, ir_tensor **t, onnxc_err *err)
{
	char magic[6] = { 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		return onnxc_seterr(err, ONNXC_EIO, "%s: %s", path, strerror(errno));
	if (fread(magic, 1, 6, f) != 6)
		magic[0] = 0;
	fclose(f);
	if (!memcmp(magic, "\x93NUMPY", 6))
		return fe_npy_read(path, t, err);
	return fe_read_tensor_pb(path, t, err);
}

int cli_input_add(const char *val, void *ud)
{
	cli_inputs *ci = ud;
	onnxc_err err = { 0 };
	const char *eq = strchr(val, '=');

	if (ci->n == CLI_MAX_INPUTS)
		return cli_error(ci->cmd, "more than %d inputs", CLI_MAX_INPUTS), -1;
	ci->names[ci->n] = NULL;
	if (eq && eq != val) {
		char *name = onnxc_strndup(val, (size_t)(eq - val));
		if (!name)
			return cli_error(ci->cmd, "out of memory"), -1;
		ci->names[ci->n] = name;
		val = eq + 1;
	}
	if (read_input(val, &ci->tensors[ci->n], &err)) {
		onnxc_free(ci->names[ci->n]);
		return cli_error(ci->cmd, "%s", err.msg), -1;
	}
	ci->n++;
	return 0;
}

/* next_random: the next value of a 64-bit xorshift* generator. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* fill_random: uniform [-1, 1) for floating types, 0..9 for unsigned and
 * -5..4 for signed integers, false/true for bool. */
static void fill_random(ir_tensor *t, uint64_t *state)
{
	rt_tensor rt = { .dtype = t->dtype, .data = t->data };
	int64_t i;

	for (i = 0; i < t->numel; i++) {
		uint64_t r = next_random(state);
		double u = (double)(r >> 11) / 9007199254740992.0;   /* [0, 1) */

		switch (t->dtype) {
		case IR_FLOAT:
		case IR_DOUBLE:
		case IR_FLOAT16:
		case IR_BFLOAT16:
			rt_put_f(&rt, i, 2 * u - 1);
			break;
		case IR_BOOL:
			rt_put_i(&rt, i, (int64_t)(r >> 63));
			break;
		case IR_UINT8:
		case IR_UINT16:
		case IR_UINT32:
		case IR_UINT64:
			rt_put_i(&rt, i, (int64_t)(r >> 32) % 10);
			break;
		default:
			rt_put_i(&rt, i, (int64_t)(r >> 32) % 10 - 5);
			break;
		}
	}
}

int cli_inputs_random(cli_inputs *ci, const onnxc_model *m, uint64_t seed)
{
	uint64_t state = seed ? seed : 1;
	int k, d, noted = 0, n = onnxc_model_num_inputs(m);

	if (n > CLI_MAX_INPUTS)
		return cli_error(ci->cmd, "more than %d inputs", CLI_MAX_INPUTS), -1;
	for (k = 0; k < n; k++) {
		int64_t dims[RT_MAXRANK];
		onnxc_err err = { 0 };
		onnxc_tensor info;

		onnxc_model_input(m, k, &info);
		if (info.dtype == IR_STRING)
			return cli_error(ci->cmd, "input '%s' is a string tensor: random inputs are "
					 "numeric only (give it with --input)", info.name), -1;
		if (!ir_dtype_size(info.dtype) || info.dtype == IR_COMPLEX64 ||
		    info.dtype == IR_COMPLEX128)
			return cli_error(ci->cmd, "input '%s' has type %s: cannot make random "
					 "values for it (give it with --input)", info.name,
					 ir_dtype_name(info.dtype)), -1;
		if (info.rank < 0 || info.rank > RT_MAXRANK)
			return cli_error(ci->cmd, "input '%s' has no known rank: give it with "
					 "--input", info.name), -1;
		for (d = 0; d < info.rank; d++) {
			dims[d] = info.dims[d];
			if (dims[d] < 0) {
				dims[d] = 1;
				if (!noted++)
					fprintf(stderr, "onnxc %s: note: symbolic or unknown input "
						"dims are taken as 1\n", ci->cmd);
			}
		}
		ci->names[ci->n] = onnxc_strndup(info.name, strlen(info.name));
		if (!ci->names[ci->n])
			return cli_error(ci->cmd, "out of memory"), -1;
		ci->tensors[ci->n] = ir_tensor_new(info.dtype, info.rank, dims, &err);
		if (!ci->tensors[ci->n]) {
			onnxc_free(ci->names[ci->n]);
			return cli_error(ci->cmd, "input '%s': %s", info.name, err.msg), -1;
		}
		fill_random(ci->tensors[ci->n], &state);
		ci->n++;
	}
	return 0;
}

int cli_inputs_view(const cli_inputs *ci, onnxc_tensor *out)
{
	int i;

	for (i = 0; i < ci->n; i++) {
		const ir_tensor *t = ci->tensors[i];
		out[i] = (onnxc_tensor){ ci->names[i], t->dtype, t->rank, t->dims, t->data,
					 t->nbytes };
	}
	return ci->n;
}

void cli_inputs_free(cli_inputs *ci)
{
	int i;

	for (i = 0; i < ci->n; i++) {
		ir_tensor_free(ci->tensors[i]);
		onnxc_free(ci->names[i]);
	}
	ci->n = 0;
}
