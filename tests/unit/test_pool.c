/*
 * test_pool.c - the session thread pool (runtime/pool.c) and the parallel
 * loops on it (rt_parallel_grain / rt_parallel_for):
 *   - many jobs with varying chunk counts: every chunk runs exactly once
 *     and the sums come out right; pools of 1, 2 and 5 threads, no pool;
 *   - a job started from inside a chunk runs in that thread;
 *   - out of memory at each allocation of pool creation: a clean error;
 *   - loops cover [0, count) once, in at most 4 chunks a thread, chunks
 *     running at once with distinct slots (the caller's is 0), and small
 *     loops stay in the caller;
 *   - sessions with threads 1, 2 and 3 give the same outputs on
 *     fcn_small (Conv, ConvTranspose, BatchNormalization);
 *   - a run with threads = 2 makes no heap allocation.
 */
#include <sched.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "npy.h"
#include "pool.h"
#include "session.h"
#include "testutil.h"

#define MAXCH 300

/* failures seen in worker threads (ck_assert only in the test's thread) */
static atomic_int bad;

typedef struct job {
	atomic_int calls[MAXCH];
	long val[MAXCH];
	int nch;
	long base;
} job;

static int pool_threads;   /* threads of the pool being tested */

static void chunk_fn(void *arg, int c, int nch, int thread)
{
	job *j = arg;

	if (nch != j->nch || c < 0 || c >= nch || thread < 0 || thread >= pool_threads ||
	    (thread >= nch && nch > 1))
		atomic_fetch_add(&bad, 1);
	atomic_fetch_add(&j->calls[c], 1);
	j->val[c] = j->base + (long)c * c;
}

/* run_jobs: `jobs` jobs of 1..MAXCH chunks on p; check each. */
static void run_jobs(rt_pool *p, int jobs)
{
	static job j;
	int k, c;

	for (k = 0; k < jobs; k++) {
		long sum = 0, want = 0;
		j.nch = 1 + (k * 7919) % (k % 3 ? 9 : MAXCH);
		j.base = k;
		for (c = 0; c < j.nch; c++)
			atomic_store(&j.calls[c], 0);
		rt_pool_run(p, j.nch, chunk_fn, &j);
		for (c = 0; c < j.nch; c++) {
			ck_assert_int_eq(atomic_load(&j.calls[c]), 1);
			sum += j.val[c];
			want += k + (long)c * c;
		}
		ck_assert_int_eq(sum, want);
	}
	ck_assert_int_eq(atomic_load(&bad), 0);
}

START_TEST(many_jobs)
{
	static const int sizes[] = { 1, 2, 5 };
	onnxc_err err = { 0 };
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		rt_pool *p = rt_pool_new(sizes[i], &err);
		ck_assert_msg(p != NULL, "%s", err.msg);
		pool_threads = sizes[i];
		ck_assert_int_eq(rt_pool_threads(p), sizes[i]);
		run_jobs(p, 3000);
		rt_pool_free(p);
	}
	ck_assert_int_eq(rt_pool_threads(NULL), 1);
	pool_threads = 1;
	run_jobs(NULL, 200);
	rt_pool_free(NULL);
}
END_TEST

typedef struct nest {
	rt_pool *p;
	job inner[4];
} nest;

static void outer_fn(void *arg, int c, int nch, int thread)
{
	nest *n = arg;
	int k;

	(void)nch;
	(void)thread;
	n->inner[c].nch = 6;
	n->inner[c].base = c;
	for (k = 0; k < 6; k++)
		atomic_store(&n->inner[c].calls[k], 0);
	rt_pool_run(n->p, 6, chunk_fn, &n->inner[c]);
}

START_TEST(nested_job_runs_inline)
{
	static nest n;
	onnxc_err err = { 0 };
	int c, k;

	n.p = rt_pool_new(3, &err);
	ck_assert_ptr_nonnull(n.p);
	pool_threads = 3;
	rt_pool_run(n.p, 4, outer_fn, &n);
	for (c = 0; c < 4; c++)
		for (k = 0; k < 6; k++) {
			ck_assert_int_eq(atomic_load(&n.inner[c].calls[k]), 1);
			ck_assert_int_eq(n.inner[c].val[k], c + k * k);
		}
	run_jobs(n.p, 50);   /* still usable */
	rt_pool_free(n.p);
}
END_TEST

/* workers are pinned when the process may use enough CPUs, never with
 * ONNXC_POOL_PIN=0; a pinned pool computes the same */
START_TEST(pinning)
{
	onnxc_err err = { 0 };
	cpu_set_t allowed;
	rt_pool *p;
	int ncpu;

	ck_assert_int_eq(sched_getaffinity(0, sizeof allowed, &allowed), 0);
	ncpu = CPU_COUNT(&allowed);
	p = rt_pool_new(2, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(rt_pool_pinned(p), ncpu >= 2 ? 1 : 0);
	pool_threads = 2;
	run_jobs(p, 20);
	rt_pool_free(p);
	/* more threads than CPUs: nobody pinned */
	p = rt_pool_new(ncpu + 1, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(rt_pool_pinned(p), 0);
	rt_pool_free(p);
	setenv("ONNXC_POOL_PIN", "0", 1);
	p = rt_pool_new(2, &err);
	unsetenv("ONNXC_POOL_PIN");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(rt_pool_pinned(p), 0);
	rt_pool_free(p);
	ck_assert_int_eq(rt_pool_pinned(NULL), 0);
}
END_TEST

START_TEST(creation_out_of_memory)
{
	long k;
	int made = 0;

	for (k = 0; k < 10 && !made; k++) {
		onnxc_err err = { 0 };
		rt_pool *p;

		onnxc_alloc_fail_after(k);
		p = rt_pool_new(3, &err);
		onnxc_alloc_fail_after(-1);
		if (p) {
			made = 1;
			pool_threads = 3;
			run_jobs(p, 10);
			rt_pool_free(p);
		} else {
			ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		}
	}
	ck_assert_msg(made && k > 1, "pool made after %ld allocations", k);
}
END_TEST

/* ---- parallel loops ---- */

typedef struct cover {
	atomic_int hits[5000];
	atomic_int slot_busy[16];  /* a chunk of that slot is running */
	atomic_int max_slot;
	atomic_int chunks;
	pthread_t caller;
	atomic_int off_caller;
} cover;

static void cover_fn(void *arg, int slot, int64_t i0, int64_t i1)
{
	cover *c = arg;
	int64_t i;

	if (slot < 0 || slot >= 3 || atomic_exchange(&c->slot_busy[slot], 1))
		atomic_fetch_add(&bad, 1);
	atomic_fetch_add(&c->chunks, 1);
	if (slot > atomic_load(&c->max_slot))
		atomic_store(&c->max_slot, slot);
	if (!pthread_equal(pthread_self(), c->caller))
		atomic_store(&c->off_caller, 1);
	else if (slot != 0)
		atomic_fetch_add(&bad, 1);   /* the caller is thread 0 */
	for (i = i0; i < i1; i++)
		atomic_fetch_add(&c->hits[i], 1);
	atomic_store(&c->slot_busy[slot < 0 || slot >= 3 ? 0 : slot], 0);
}

START_TEST(parallel_loops)
{
	static cover c;
	static const int64_t counts[] = { 1, 2, 3, 17, 100, 1000, 4999 };
	static const int64_t grains[] = { 1, 7, 64, 2000 };
	onnxc_err err = { 0 };
	onnxc_session s;
	rt_node n;
	size_t a, b;
	int64_t i;

	memset(&s, 0, sizeof s);
	memset(&n, 0, sizeof n);
	s.threads = 3;
	s.pool = rt_pool_new(3, &err);
	ck_assert_ptr_nonnull(s.pool);
	n.sess = &s;
	n.threads = 3;
	ck_assert_int_eq(rt_parallel_slots(&n), 3);
	for (a = 0; a < sizeof counts / sizeof counts[0]; a++)
		for (b = 0; b < sizeof grains / sizeof grains[0]; b++) {
			memset(&c, 0, sizeof c);
			c.caller = pthread_self();
			rt_parallel_grain(&n, counts[a], grains[b], cover_fn, &c);
			for (i = 0; i < counts[a]; i++)
				ck_assert_int_eq(atomic_load(&c.hits[i]), 1);
			ck_assert_int_eq(atomic_load(&bad), 0);
			ck_assert_int_le(atomic_load(&c.chunks), 4 * 3);   /* RT_PAR_SPLIT */
			ck_assert_int_le(atomic_load(&c.max_slot), atomic_load(&c.chunks) - 1);
			if (counts[a] < 2 * grains[b]) {
				ck_assert_int_eq(atomic_load(&c.chunks), 1);
				ck_assert_int_eq(atomic_load(&c.off_caller), 0);
			}
		}
	/* a node of one thread, no session: one slot */
	n.threads = 1;
	ck_assert_int_eq(rt_parallel_slots(&n), 1);
	n.threads = 3;
	n.sess = NULL;
	ck_assert_int_eq(rt_parallel_slots(&n), 1);
	rt_pool_free(s.pool);
}
END_TEST

/* ---- sessions ---- */

static ir_tensor *fcn_input(void)
{
	onnxc_err err = { 0 };
	ir_tensor *t = NULL;

	ck_assert_msg(!fe_npy_read(tu_src("tests/models/fcn_small_input.npy"), &t, &err), "%s",
		      err.msg);
	return t;
}

START_TEST(threads_same_outputs)
{
	static const int threads[] = { 1, 2, 3 };
	ir_tensor *t = fcn_input();
	onnxc_tensor in = { NULL, t->dtype, t->rank, t->dims, t->data, t->nbytes };
	onnxc_model *m;
	float *ref = NULL;
	size_t ref_n = 0, i, k;
	char errbuf[512];

	ck_assert_msg(!onnxc_model_load(tu_src("tests/models/fcn_small.onnx"), NULL, &m, errbuf,
					sizeof errbuf), "%s", errbuf);
	for (k = 0; k < sizeof threads / sizeof threads[0]; k++) {
		onnxc_options opt;
		onnxc_session *s;
		const onnxc_tensor *out;
		int n_out, r;

		onnxc_options_init(&opt);
		opt.threads = threads[k];
		ck_assert_int_eq(onnxc_session_new(m, &opt, &s), 0);
		ck_assert_int_eq(s->threads, threads[k]);
		ck_assert(threads[k] == 1 ? s->pool == NULL : s->pool != NULL);
		for (r = 0; r < 3; r++) {
			ck_assert_msg(!onnxc_session_run(s, 1, &in, &n_out, &out), "%s",
				      onnxc_session_errmsg(s));
			if (!ref) {
				ref_n = out[0].nbytes / sizeof(float);
				ref = malloc(out[0].nbytes);
				memcpy(ref, out[0].data, out[0].nbytes);
				continue;
			}
			ck_assert_uint_eq(out[0].nbytes, ref_n * sizeof(float));
			for (i = 0; i < ref_n; i++) {
				float g = ((const float *)out[0].data)[i];
				ck_assert_msg(fabsf(g - ref[i]) <= 1e-6f * fmaxf(fabsf(ref[i]), 1e-3f),
					      "threads %d run %d element %zu: %.9g vs %.9g", threads[k],
					      r, i, g, ref[i]);
			}
		}
		onnxc_session_free(s);
	}
	free(ref);
	onnxc_model_free(m);
	ir_tensor_free(t);
}
END_TEST

START_TEST(threaded_run_does_not_allocate)
{
	ir_tensor *t = fcn_input();
	onnxc_tensor in = { NULL, t->dtype, t->rank, t->dims, t->data, t->nbytes };
	onnxc_options opt;
	onnxc_model *m;
	onnxc_session *s;
	const onnxc_tensor *out;
	char errbuf[512];
	long before, after;
	int n_out, i, failed = 0;
#ifndef __SANITIZE_ADDRESS__
	struct mallinfo2 mi0, mi1;
#endif

	ck_assert_msg(!onnxc_model_load(tu_src("tests/models/fcn_small.onnx"), NULL, &m, errbuf,
					sizeof errbuf), "%s", errbuf);
	onnxc_options_init(&opt);
	opt.threads = 2;
	ck_assert_int_eq(onnxc_session_new(m, &opt, &s), 0);
	ck_assert_ptr_nonnull(s->pool);
	ck_assert_int_eq(onnxc_session_prepare(s, 1, &in), 0);
	ck_assert_int_eq(onnxc_session_run(s, 1, &in, &n_out, &out), 0);
	before = onnxc_alloc_count();
#ifndef __SANITIZE_ADDRESS__
	mi0 = mallinfo2();
#endif
	/* no ck_assert between the two mallinfo2 calls: Check keeps a copy of
	 * the location of the last assertion (a 34-byte strdup) on the heap */
	for (i = 0; i < 100; i++)
		failed += onnxc_session_run(s, 1, &in, &n_out, &out) != 0;
	after = onnxc_alloc_count();
#ifndef __SANITIZE_ADDRESS__
	mi1 = mallinfo2();
#endif
	ck_assert_int_eq(failed, 0);
	ck_assert_int_eq(after, before);
#ifndef __SANITIZE_ADDRESS__
	ck_assert_uint_eq(mi0.uordblks, mi1.uordblks);
	ck_assert_uint_eq(mi0.hblks, mi1.hblks);
#endif
	onnxc_session_free(s);
	onnxc_model_free(m);
	ir_tensor_free(t);
}
END_TEST

/* session creation with a pool: every failing allocation gives ENOMEM and
 * leaves nothing behind (LSan in the sanitizer build) */
START_TEST(session_out_of_memory)
{
	onnxc_model *m;
	char errbuf[512];
	long k;
	int made = 0;

	ck_assert_msg(!onnxc_model_load(tu_src("tests/models/fcn_small.onnx"), NULL, &m, errbuf,
					sizeof errbuf), "%s", errbuf);
	for (k = 0; k < 10 && !made; k++) {
		onnxc_options opt;
		onnxc_session *s = NULL;
		int rc;

		onnxc_options_init(&opt);
		opt.threads = 3;
		onnxc_alloc_fail_after(k);
		rc = onnxc_session_new(m, &opt, &s);
		onnxc_alloc_fail_after(-1);
		if (!rc) {
			made = 1;
			ck_assert_ptr_nonnull(s->pool);
			onnxc_session_free(s);
		} else {
			ck_assert_int_eq(rc, ONNXC_ENOMEM);
			ck_assert_ptr_null(s);
		}
	}
	ck_assert(made && k > 2);
	onnxc_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pool");
	TCase *tc = tcase_create("pool");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, many_jobs);
	tcase_add_test(tc, nested_job_runs_inline);
	tcase_add_test(tc, creation_out_of_memory);
	tcase_add_test(tc, parallel_loops);
	tcase_add_test(tc, threads_same_outputs);
	tcase_add_test(tc, threaded_run_does_not_allocate);
	tcase_add_test(tc, session_out_of_memory);
	tcase_add_test(tc, pinning);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
