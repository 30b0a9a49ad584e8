/*
 * test_concurrency.c - many sessions on one shared model, run at once.
 *
 * 8 threads x 50 iterations; each thread has its own session on the one
 * loaded model (recreated every 10 iterations, so prepares overlap too)
 * and checks every output against a single-threaded run, bit for bit.
 * Half of the threads use threads = 1, half the default (all cores).
 * Models: the bundled fcn_small.onnx, and fold.onnx from
 * tests/hostile/make_hostile.py (folding and an input bound by value at
 * prepare).  Built with -DONNXC_TSAN=ON, ThreadSanitizer checks for races.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "npy.h"
#include "onnxc.h"
#include "testutil.h"

#define N_THREADS 8
#define N_ITERS 50
#define RENEW_EVERY 10
#define MAX_IN 2
#define MAX_OUT 4

typedef struct shared {
	onnxc_model *model;
	int n_in;
	onnxc_tensor in[MAX_IN];
	int n_out;
	size_t ref_bytes[MAX_OUT];
	void *ref[MAX_OUT];
} shared;

typedef struct worker {
	const shared *sh;
	int threads;               /* onnxc_options.threads */
	int runs, mismatches, errors;
	char msg[256];
} worker;

/* check: the outputs equal the single-threaded run's; 0 or -1. */
static int check(const shared *sh, int n_out, const onnxc_tensor *out)
{
	int i;

	if (n_out != sh->n_out)
		return -1;
	for (i = 0; i < n_out; i++)
		if (out[i].nbytes != sh->ref_bytes[i] || memcmp(out[i].data, sh->ref[i], out[i].nbytes))
			return -1;
	return 0;
}

static void *work(void *arg)
{
	worker *w = arg;
	onnxc_options opt;
	onnxc_session *s = NULL;
	int it;

	onnxc_options_init(&opt);
	opt.threads = w->threads;
	for (it = 0; it < N_ITERS; it++) {
		const onnxc_tensor *out;
		int n_out;
		if (it % RENEW_EVERY == 0) {
			onnxc_session_free(s);
			s = NULL;
			if (onnxc_session_new(w->sh->model, &opt, &s)) {
				w->errors++;
				break;
			}
		}
		if (onnxc_session_run(s, w->sh->n_in, w->sh->in, &n_out, &out)) {
			if (!w->errors++)
				snprintf(w->msg, sizeof w->msg, "%s", onnxc_session_errmsg(s));
			continue;
		}
		w->runs++;
		if (check(w->sh, n_out, out))
			w->mismatches++;
	}
	onnxc_session_free(s);
	return NULL;
}

static void run_model(const char *model, int n_in, const char *const *inputs)
{
	onnxc_err err = { 0 };
	ir_tensor *t[MAX_IN] = { 0 };
	shared sh;
	worker w[N_THREADS];
	pthread_t th[N_THREADS];
	onnxc_session *s;
	const onnxc_tensor *out;
	char errbuf[1024];
	int i;

	memset(&sh, 0, sizeof sh);
	for (i = 0; i < n_in; i++) {
		ck_assert_msg(!fe_npy_read(inputs[i], &t[i], &err), "%s", err.msg);
		sh.in[i] = (onnxc_tensor){ NULL, t[i]->dtype, t[i]->rank, t[i]->dims, t[i]->data,
					   t[i]->nbytes };
	}
	sh.n_in = n_in;
	ck_assert_msg(!onnxc_model_load(model, NULL, &sh.model, errbuf, sizeof errbuf), "%s",
		      errbuf);

	/* the single-threaded reference */
	ck_assert_int_eq(onnxc_session_new(sh.model, NULL, &s), 0);
	ck_assert_msg(!onnxc_session_run(s, n_in, sh.in, &sh.n_out, &out), "%s",
		      onnxc_session_errmsg(s));
	ck_assert_int_le(sh.n_out, MAX_OUT);
	for (i = 0; i < sh.n_out; i++) {
		sh.ref_bytes[i] = out[i].nbytes;
		sh.ref[i] = malloc(out[i].nbytes);
		memcpy(sh.ref[i], out[i].data, out[i].nbytes);
	}
	onnxc_session_free(s);

	for (i = 0; i < N_THREADS; i++) {
		w[i] = (worker){ &sh, i % 2 ? 1 : 0, 0, 0, 0, "" };
		ck_assert_int_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < N_THREADS; i++)
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
	for (i = 0; i < N_THREADS; i++) {
		ck_assert_msg(w[i].errors == 0, "%s: thread %d: %d errors: %s", model, i, w[i].errors,
			      w[i].msg);
		ck_assert_int_eq(w[i].runs, N_ITERS);
		ck_assert_msg(w[i].mismatches == 0, "%s: thread %d: %d of %d runs differ from the "
			      "single-threaded run", model, i, w[i].mismatches, w[i].runs);
	}
	onnxc_model_free(sh.model);
	for (i = 0; i < sh.n_out; i++)
		free(sh.ref[i]);
	for (i = 0; i < n_in; i++)
		ir_tensor_free(t[i]);
}

START_TEST(fcn_small_shared)
{
	char model[4096], x[4096];
	const char *in[1] = { x };

	snprintf(model, sizeof model, "%s", tu_src("tests/models/fcn_small.onnx"));
	snprintf(x, sizeof x, "%s", tu_src("tests/models/fcn_small_input.npy"));
	run_model(model, 1, in);
}
END_TEST

START_TEST(fold_shared)
{
	char model[4096], x[4096], s[4096];
	const char *in[2] = { x, s };

	snprintf(model, sizeof model, "%s", tu_bin("tests/hostile/valid/fold.onnx"));
	snprintf(x, sizeof x, "%s", tu_bin("tests/hostile/valid/fold_x.npy"));
	snprintf(s, sizeof s, "%s", tu_bin("tests/hostile/valid/fold_s.npy"));
	run_model(model, 2, in);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("concurrency");
	TCase *tc = tcase_create("concurrency");

	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, fcn_small_shared);
	tcase_add_test(tc, fold_shared);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
