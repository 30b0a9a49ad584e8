/*
 * k_tensor_dm.h - helpers shared by the data-movement kernels (k_shape*.c,
 * k_tensor*.c, k_index*.c, k_pad*.c): dtype checks, reading constant integer
 * inputs, and one strided-copy engine ("views") that Transpose, Slice,
 * Expand, Tile, DepthToSpace and SpaceToDepth are expressed in.
 *
 * Copying kernels move whole elements of ir_dtype_size bytes and so work for
 * every fixed-size dtype (bool, integers, float16/bfloat16/float/double,
 * complex); string tensors are refused (their elements are owned pointers).
 */
#ifndef ONNXC_K_TENSOR_DM_H
#define ONNXC_K_TENSOR_DM_H

#include "rt.h"

/* Views may have twice the tensor rank (Tile splits each axis in two). */
#define RT_DM_MAXRANK (2 * RT_MAXRANK)

/* RT_DM_IN: input i of n, NULL when omitted or beyond n_in. */
#define RT_DM_IN(n, i) ((i) < (n)->n_in ? (n)->in[(i)] : NULL)
#define RT_DM_OUT(n, i) ((i) < (n)->n_out ? (n)->out[(i)] : NULL)

/* A strided view: out (contiguous, dims) = in[offset + sum idx_k*strides_k]
 * (element units; strides may be 0 or negative). */
typedef struct rt_dm_view {
	int rank;
	int64_t dims[RT_DM_MAXRANK];
	int64_t strides[RT_DM_MAXRANK];
	int64_t offset;
} rt_dm_view;

/* rt_dm_dtype: check that tensor t (input `what` of n) has a fixed-size dtype
 * this family can move; -1 (err naming the node) for strings and unknown
 * types. */
int rt_dm_dtype(const rt_node *n, const rt_tensor *t, const char *what, onnxc_err *err);

/* rt_dm_need: check inputs 0..count-1 and output 0 of n are present; -1
 * (err) otherwise. */
int rt_dm_need(const rt_node *n, int count, onnxc_err *err);

/* rt_dm_axis: normalise axis (negative counts from the end) against rank;
 * -1 (err naming `what`) unless -rank <= axis < rank. */
int rt_dm_axis(const rt_node *n, int64_t axis, int rank, const char *what, int *out,
	       onnxc_err *err);

/* rt_dm_ints: read input idx, which must be constant at prepare, of any
 * integer or floating dtype (floats truncated) into out[0..max); *count gets
 * the element count.  -1 (err) when missing, not constant, not numeric or
 * too long. */
int rt_dm_ints(const rt_node *n, int idx, int64_t *out, int max, int *count, onnxc_err *err);

/* rt_dm_strides: contiguous (C order) element strides of dims. */
void rt_dm_strides(int rank, const int64_t *dims, int64_t *strides);

/* rt_dm_copy: fill dst, contiguous with dims[0..rank), from src where the
 * element at index (i_0..i_rank-1) is src[sum i_k*strides[k]] (element
 * units).  es is the element size in bytes.  No allocation. */
void rt_dm_copy(void *dst, const void *src, size_t es, int rank, const int64_t *dims,
		const int64_t *strides);

/* rt_dm_view_params: a zeroed rt_dm_view as n->params (replacing none); NULL
 * with err set on OOM. */
rt_dm_view *rt_dm_view_params(rt_node *n, onnxc_err *err);

/* rt_dm_view_exec: exec of every view kernel: out[0] = the view (n->params)
 * of in[0].  Returns 0. */
int rt_dm_view_exec(rt_node *n, onnxc_err *err);

/* rt_dm_is_zero: 1 when element i of t (any fixed-size dtype) is zero (for
 * floating types: == 0, so -0 is zero and NaN is not). */
int rt_dm_is_zero(const rt_tensor *t, int64_t i);

/* rt_dm_real: 1 when dt holds real numbers (bool, integers, floating
 * types) that rt_put_f/rt_put_i can write; 0 for strings, complex, unknown. */
int rt_dm_real(int dt);

/* rt_dm_index_dtype: -1 (err naming `what`) unless t is int32 or int64. */
int rt_dm_index_dtype(const rt_node *n, const rt_tensor *t, const char *what, onnxc_err *err);

/* rt_dm_index: element i of an int32 or int64 index tensor. */
static inline int64_t rt_dm_index(const rt_tensor *t, int64_t i)
{
	return t->dtype == IR_INT64 ? ((const int64_t *)t->data)[i]
				    : (int64_t)((const int32_t *)t->data)[i];
}

#endif
