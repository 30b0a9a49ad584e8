/*
 * test_faults.c - allocation failure at every point of load, session
 * creation, prepare and run of real models.
 *
 * For N = 0, 1, 2, ... the N+1-th allocation through the hook and every one
 * after it fail (onnxc_alloc_fail_after(N)), until the whole pipeline
 * succeeds.  Each failing N must give a clean ONNXC_STATUS_NOMEM with a
 * one-line message, and free everything it allocated: a counting allocator
 * checks that the number of live blocks returns to where it was (LSan in
 * the sanitizer build sees the rest).  When the failure hit prepare or run,
 * the same session must then prepare and run correctly without faults.
 * A success must give the outputs of the fault-free run, bit for bit.
 *
 * Models: the bundled fcn_small.onnx; four from Debian's libonnx-testdata
 * (PixelShuffle: Constant/Reshape/Transpose; GLU: Split; expand_shape_model1:
 * Expand whose shape is a graph input, bound by value at prepare;
 * operator_basic: two inputs); fold.onnx from tests/hostile/make_hostile.py
 * (every kind of node prepare folds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "npy.h"
#include "onnxc.h"
#include "testutil.h"

#define TESTDATA "/usr/share/libonnx-testdata/data/"
#define MAX_IN 4
#define MAX_OUT 8

/* ---- a counting allocator: live blocks ---- */
static long live_blocks;

static void *count_malloc(void *ud, size_t n)
{
	void *p = malloc(n ? n : 1);

	(void)ud;
	if (p)
		live_blocks++;
	return p;
}

static void *count_realloc(void *ud, void *p, size_t n)
{
	(void)ud;
	return realloc(p, n ? n : 1);
}

static void count_free(void *ud, void *p)
{
	(void)ud;
	live_blocks--;
	free(p);
}

static const onnxc_allocator counting = { count_malloc, count_realloc, count_free, NULL };

/* ---- one model and its inputs ---- */
typedef struct fmodel {
	char path[4096];
	int n_in;
	ir_tensor *t[MAX_IN];
	onnxc_tensor in[MAX_IN];
	/* outputs of the fault-free run */
	int n_out;
	size_t ref_bytes[MAX_OUT];
	void *ref[MAX_OUT];
} fmodel;

/* read_tensor: a .npy or TensorProto .pb input. */
static ir_tensor *read_tensor(const char *path)
{
	onnxc_err err = { 0 };
	ir_tensor *t = NULL;
	size_t n = strlen(path);
	int rc = n > 4 && !strcmp(path + n - 4, ".npy") ? fe_npy_read(path, &t, &err)
						       : fe_read_tensor_pb(path, &t, &err);

	ck_assert_msg(rc == 0, "%s", err.msg);
	return t;
}

static void fm_open(fmodel *fm, const char *model, int n_in, const char *const *inputs)
{
	int i;

	memset(fm, 0, sizeof *fm);
	snprintf(fm->path, sizeof fm->path, "%s", model);
	fm->n_in = n_in;
	for (i = 0; i < n_in; i++) {
		ir_tensor *t = fm->t[i] = read_tensor(inputs[i]);
		fm->in[i] = (onnxc_tensor){ NULL, t->dtype, t->rank, t->dims, t->data, t->nbytes };
	}
}

static void fm_close(fmodel *fm)
{
	int i;

	for (i = 0; i < fm->n_in; i++)
		ir_tensor_free(fm->t[i]);
	for (i = 0; i < fm->n_out; i++)
		free(fm->ref[i]);
}

/* same_outputs: the outputs equal the fault-free run's, bit for bit. */
static void same_outputs(const fmodel *fm, int n_out, const onnxc_tensor *out, long n)
{
	int i;

	ck_assert_int_eq(n_out, fm->n_out);
	for (i = 0; i < n_out; i++) {
		ck_assert_uint_eq(out[i].nbytes, fm->ref_bytes[i]);
		ck_assert_msg(!memcmp(out[i].data, fm->ref[i], out[i].nbytes),
			      "%s: output %d differs after a fault at allocation %ld", fm->path, i, n);
	}
}

/* one_line: a non-empty message without newlines. */
static void one_line(const char *what, long n, const char *msg)
{
	ck_assert_msg(msg[0] && !strpbrk(msg, "\r\n"), "%s n=%ld: bad message '%s'", what, n, msg);
}

/* reference: the fault-free run; keeps its outputs. */
static void reference(fmodel *fm)
{
	char errbuf[1024];
	onnxc_model *m;
	onnxc_session *s;
	const onnxc_tensor *out;
	int n_out, i;

	ck_assert_msg(onnxc_model_load(fm->path, NULL, &m, errbuf, sizeof errbuf) == 0, "%s",
		      errbuf);
	ck_assert_int_eq(onnxc_session_new(m, NULL, &s), 0);
	ck_assert_msg(onnxc_session_run(s, fm->n_in, fm->in, &n_out, &out) == 0, "%s",
		      onnxc_session_errmsg(s));
	ck_assert_int_le(n_out, MAX_OUT);
	fm->n_out = n_out;
	for (i = 0; i < n_out; i++) {
		fm->ref_bytes[i] = out[i].nbytes;
		fm->ref[i] = malloc(out[i].nbytes ? out[i].nbytes : 1);
		memcpy(fm->ref[i], out[i].data, out[i].nbytes);
	}
	onnxc_session_free(s);
	onnxc_model_free(m);
}

/* sweep: fail allocation N for N = 0, 1, ... until the pipeline succeeds;
 * returns the number of failing points. */
static long sweep(fmodel *fm)
{
	long n;

	reference(fm);
	onnxc_set_allocator(&counting);
	for (n = 0;; n++) {
		char errbuf[1024] = "";
		onnxc_model *m = NULL;
		onnxc_session *s = NULL;
		const onnxc_tensor *out;
		long before = live_blocks;
		int rc, n_out;

		onnxc_alloc_fail_after(n);
		rc = onnxc_model_load(fm->path, NULL, &m, errbuf, sizeof errbuf);
		if (rc) {
			onnxc_alloc_fail_after(-1);
			ck_assert_ptr_null(m);
			ck_assert_msg(rc == ONNXC_STATUS_NOMEM, "%s n=%ld: load: status %d: %s",
				      fm->path, n, rc, errbuf);
			one_line("load", n, errbuf);
			ck_assert_msg(live_blocks == before, "%s n=%ld: load leaked %ld blocks",
				      fm->path, n, live_blocks - before);
			continue;
		}
		rc = onnxc_session_new(m, NULL, &s);
		if (rc) {
			onnxc_alloc_fail_after(-1);
			ck_assert_int_eq(rc, ONNXC_STATUS_NOMEM);
			ck_assert_ptr_null(s);
			onnxc_model_free(m);
			ck_assert_int_eq(live_blocks, before);
			continue;
		}
		rc = onnxc_session_prepare(s, fm->n_in, fm->in);
		if (!rc)
			rc = onnxc_session_run(s, fm->n_in, fm->in, &n_out, &out);
		onnxc_alloc_fail_after(-1);
		if (!rc) {
			same_outputs(fm, n_out, out, n);
			onnxc_session_free(s);
			onnxc_model_free(m);
			ck_assert_int_eq(live_blocks, before);
			break;
		}
		ck_assert_msg(rc == ONNXC_STATUS_NOMEM, "%s n=%ld: prepare/run: status %d: %s",
			      fm->path, n, rc, onnxc_session_errmsg(s));
		one_line("prepare/run", n, onnxc_session_errmsg(s));
		/* the session recovers: prepare and run again without faults */
		ck_assert_msg(onnxc_session_run(s, fm->n_in, fm->in, &n_out, &out) == 0,
			      "%s n=%ld: no recovery: %s", fm->path, n, onnxc_session_errmsg(s));
		same_outputs(fm, n_out, out, n);
		onnxc_session_free(s);
		onnxc_model_free(m);
		ck_assert_msg(live_blocks == before, "%s n=%ld: leaked %ld blocks", fm->path, n,
			      live_blocks - before);
	}
	onnxc_set_allocator(NULL);
	fprintf(stderr, "%s: %ld allocation points swept\n", fm->path, n);
	return n;
}

static void sweep_model(const char *model, int n_in, const char *const *inputs, long min_points)
{
	fmodel fm;

	fm_open(&fm, model, n_in, inputs);
	ck_assert_int_ge(sweep(&fm), min_points);
	fm_close(&fm);
}

START_TEST(fcn_small)
{
	char model[4096], input[4096];
	const char *in[1] = { input };

	snprintf(model, sizeof model, "%s", tu_src("tests/models/fcn_small.onnx"));
	snprintf(input, sizeof input, "%s", tu_src("tests/models/fcn_small_input.npy"));
	sweep_model(model, 1, in, 100);
}
END_TEST

START_TEST(testdata_models)
{
	static const char *const pixel[] = {
		TESTDATA "pytorch-converted/test_PixelShuffle/test_data_set_0/input_0.pb" };
	static const char *const glu[] = {
		TESTDATA "pytorch-converted/test_GLU/test_data_set_0/input_0.pb" };
	static const char *const expand[] = {
		TESTDATA "simple/test_expand_shape_model1/test_data_set_0/input_0.pb",
		TESTDATA "simple/test_expand_shape_model1/test_data_set_0/input_1.pb" };
	static const char *const basic[] = {
		TESTDATA "pytorch-operator/test_operator_basic/test_data_set_0/input_0.pb",
		TESTDATA "pytorch-operator/test_operator_basic/test_data_set_0/input_1.pb" };

	sweep_model(TESTDATA "pytorch-converted/test_PixelShuffle/model.onnx", 1, pixel, 30);
	sweep_model(TESTDATA "pytorch-converted/test_GLU/model.onnx", 1, glu, 30);
	sweep_model(TESTDATA "simple/test_expand_shape_model1/model.onnx", 2, expand, 30);
	sweep_model(TESTDATA "pytorch-operator/test_operator_basic/model.onnx", 2, basic, 30);
}
END_TEST

/* fold.onnx: y = reshape(x, [N, -1]) * (5 * size(x)) + range(0, 48) + 1,
 * z = reshape(x, s); with x = 0.5 * arange(96) as [2,3,4,4] and s = [6,16]:
 * y[i][j] = 0.5 * (48 i + j) * 480 + j + 1, z = x as [6,16]. */
START_TEST(fold_model)
{
	char model[4096], x[4096], s[4096];
	const char *in[2] = { x, s };
	fmodel fm;
	const float *y, *z;
	int i, j;

	snprintf(model, sizeof model, "%s", tu_bin("tests/hostile/valid/fold.onnx"));
	snprintf(x, sizeof x, "%s", tu_bin("tests/hostile/valid/fold_x.npy"));
	snprintf(s, sizeof s, "%s", tu_bin("tests/hostile/valid/fold_s.npy"));
	fm_open(&fm, model, 2, in);
	ck_assert_int_ge(sweep(&fm), 100);
	ck_assert_int_eq(fm.n_out, 2);
	ck_assert_uint_eq(fm.ref_bytes[0], 96 * sizeof(float));
	ck_assert_uint_eq(fm.ref_bytes[1], 96 * sizeof(float));
	y = fm.ref[0];
	z = fm.ref[1];
	for (i = 0; i < 2; i++)
		for (j = 0; j < 48; j++)
			ck_assert_float_eq(y[i * 48 + j], 0.5f * (float)(48 * i + j) * 480.0f +
							  (float)j + 1.0f);
	for (i = 0; i < 96; i++)
		ck_assert_float_eq(z[i], 0.5f * (float)i);
	fm_close(&fm);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("faults");
	TCase *tc = tcase_create("faults");

	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, fcn_small);
	tcase_add_test(tc, testdata_models);
	tcase_add_test(tc, fold_model);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
