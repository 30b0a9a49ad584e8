/*
 * test_k_rnn.h - helpers shared by test_k_rnn.c and test_k_rnn_ref.c.
 */
#ifndef ONNXC_TEST_K_RNN_H
#define ONNXC_TEST_K_RNN_H

#include <stdint.h>

#include <check.h>

#include "h_kernel.h"

static inline void attr_strings(hk *h, const char *name, int n, const char *const *v)
{
	ir_attr *a = ir_node_add_attr(h->node, name, IR_ATTR_STRINGS, &h->err);
	int i;

	ck_assert_ptr_nonnull(a);
	a->n = n;
	a->strings = onnxc_calloc((size_t)(n ? n : 1), sizeof *a->strings);
	ck_assert_ptr_nonnull(a->strings);
	for (i = 0; i < n; i++)
		a->strings[i] = onnxc_strdup(v[i]);
}

static inline void fill(float *x, int n, float v)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = v;
}

static inline void iota1(float *x, int n)
{
	int i;

	for (i = 0; i < n; i++)
		x[i] = (float)(i + 1);
}

static inline void in3(hk *h, int idx, int64_t a, int64_t b, int64_t c, const float *v)
{
	int64_t d[3] = { a, b, c };

	hk_input(h, idx, IR_FLOAT, 3, d, v, 0);
}

static inline void in2(hk *h, int idx, int64_t a, int64_t b, const float *v)
{
	int64_t d[2] = { a, b };

	hk_input(h, idx, IR_FLOAT, 2, d, v, 0);
}

#endif
