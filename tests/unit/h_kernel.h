/*
 * h_kernel.h - a harness that runs one kernel outside any model: build a node
 * with attributes, give it input tensors, call the op's prep then exec.
 */
#ifndef ONNXC_H_KERNEL_H
#define ONNXC_H_KERNEL_H

#include "rt.h"

#define HK_MAX 16

typedef struct hk {
	ir_model *m;
	ir_node *node;
	rt_node rn;
	rt_tensor in[HK_MAX], out[HK_MAX];
	rt_tensor *inp[HK_MAX], *outp[HK_MAX];
	onnxc_err err;
	/* blocks the kernel made with rt_alloc_const (hk_run sets the hook, as
	 * the session does when folding); freed by the next run or hk_free */
	void *consts[256];
	int n_consts;
} hk;

/* hk_new: a node of `op` (ONNX domain) at `opset` with n_in inputs and n_out
 * outputs (all present until hk_omit_*). */
hk *hk_new(const char *op, int opset, int n_in, int n_out);
void hk_free(hk *h);

void hk_attr_int(hk *h, const char *name, int64_t v);
void hk_attr_float(hk *h, const char *name, float v);
void hk_attr_string(hk *h, const char *name, const char *v);
void hk_attr_ints(hk *h, const char *name, int n, const int64_t *v);
void hk_attr_floats(hk *h, const char *name, int n, const float *v);
/* hk_attr_tensor: the attribute takes ownership of t */
void hk_attr_tensor(hk *h, const char *name, ir_tensor *t);

/* hk_input: input idx gets a copy of `data` (numel*elsize bytes, may be NULL
 * for zero-size); is_const marks it known at prepare (e.g. Reshape shapes).
 * For IR_STRING, data is an array of char * (the pointers are copied, the
 * strings must outlive the run); for RT_SEQUENCE, one rt_seq. */
void hk_input(hk *h, int idx, int dtype, int rank, const int64_t *dims, const void *data,
	      int is_const);
void hk_omit_input(hk *h, int idx);
void hk_omit_output(hk *h, int idx);

/* hk_run: prep, allocate outputs and scratch, exec.  0 or -1 (h->err).
 * Calling it again re-runs prep and exec (inputs may have changed). */
int hk_run(hk *h);
/* hk_prep_only: just prep (to test refusals).  0 or -1. */
int hk_prep(hk *h);

static inline char **hk_outs(hk *h, int k) { return (char **)h->out[k].data; }
static inline float *hk_outf(hk *h, int k) { return (float *)h->out[k].data; }
static inline int64_t *hk_outi64(hk *h, int k) { return (int64_t *)h->out[k].data; }

/* hk_assert_close: out[k] is float, has `numel` elements, each within
 * atol + rtol*|expected| (ck_assert inside). */
void hk_assert_close(hk *h, int k, const float *expected, int64_t numel, float atol);
/* hk_assert_dims: out[k] has this rank and dims. */
void hk_assert_dims(hk *h, int k, int rank, const int64_t *dims);

/* hk_threads: run h's node on a session thread pool of `threads` threads
 * (one pool per count, made on first use and kept: reachable until exit),
 * so that rt_parallel_* really split; 1: in the test's thread (default). */
void hk_threads(hk *h, int threads);

#endif
