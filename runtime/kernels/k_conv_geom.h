/*
 * k_conv_geom.h - the sliding-window geometry shared by Conv, ConvTranspose
 * and the pooling kernels: kernel, strides, dilations, pads and auto_pad read
 * from a node's attributes, and the output sizes derived from them.
 */
#ifndef ONNXC_K_CONV_GEOM_H
#define ONNXC_K_CONV_GEOM_H

#include "rt.h"

#define RT_MAXSP (RT_MAXRANK - 2)      /* spatial dims of an N x C x ... tensor */
#define RT_CONV_SCRATCH_MAX ((size_t)8 << 20)  /* bound of im2col/col2im buffers */

enum { RT_PAD_NOTSET, RT_PAD_SAME_UPPER, RT_PAD_SAME_LOWER, RT_PAD_VALID };

typedef struct rt_convgeom {
	int nsp;                       /* number of spatial dims */
	int autopad;                   /* RT_PAD_* */
	int64_t in[RT_MAXSP];          /* input spatial dims */
	int64_t out[RT_MAXSP];         /* output spatial dims */
	int64_t k[RT_MAXSP];           /* kernel dims */
	int64_t stride[RT_MAXSP];
	int64_t dil[RT_MAXSP];
	int64_t pad0[RT_MAXSP];        /* pads at the start (negative only for ConvTranspose) */
	int64_t pad1[RT_MAXSP];        /* pads at the end */
	int64_t in_size, out_size, k_size;   /* products of in, out, k */
} rt_convgeom;

/* How a Conv / ConvTranspose node computes (chosen at prep). */
enum {
	RT_CONV_GEMM,       /* im2col (col2im) tiles + GEMM */
	RT_CONV_DIRECT,     /* 1x1, stride 1, no pads: one GEMM on the input itself */
	RT_CONV_DEPTHWISE   /* group == C == M, 1-D/2-D: direct loops */
};

/* Prepared state of Conv and ConvTranspose (n->params, one flat block). */
typedef struct rt_convparams {
	rt_convgeom g;
	int64_t N, C, M;               /* batch, input channels, output channels */
	int64_t group, Cg, Mg;         /* groups, channels per group in and out */
	int64_t rows;                  /* rows of the column matrix */
	int64_t tile;                  /* positions per column tile */
	int mode;                      /* RT_CONV_* */
	/* Conv's work items (rt_conv_split), each one GEMM: per image and
	 * group, ntile tiles of `tile` output positions times nmb blocks of
	 * mblk output channels; chosen from the sizes alone, so the result is
	 * the same whatever the thread count.  Depthwise: items are channels. */
	int64_t ntile, nmb, mblk;
	int64_t slots;                 /* im2col scratch slices (one per thread) */
	int shared_col;                /* RT_CONV_GEMM, one tile, several channel
					  blocks: the column matrix is built once
					  per image and group (in parallel) and
					  read by every block's GEMM */
	int simd;                      /* depthwise: rt_dw_simd_ok (0: plain loops) */
	int64_t dw_pad;                /* its padded plane per slot (floats) */
	struct rt_wino *wino;          /* Conv 3x3/1 by Winograd (k_conv_wino.c),
					  or NULL */
	struct rt_bands *bands;        /* Conv whose rows read mostly padding
					  (k_conv.c), or NULL */
	float *packed;                 /* float Conv with constant weights on an
					  AVX-512 CPU: each group's W packed for
					  rt_sgemm (k_sgemm.h), else NULL */
	int64_t packed_group;          /* floats of one group's packed W */
	int kblock;                    /* packed im2col Conv: the column tile is
					  made SG_KC rows at a time (rt_sgemm_cb)
					  and sized on those rows */
	int64_t work_off;              /* floats from the scratch to the first
					  of rt_sgemm's work buffers (one per
					  thread, SG_WORK_FLOATS + 16 each) */
} rt_convparams;

/* rt_convgeom_attrs: fill g->nsp, g->in (from in_sp), g->k (from kernel),
 * strides and dilations (default 1, must be >= 1; dilations only when
 * use_dil, else all 1), pads (default 0, >= 0 unless neg_pads) and autopad
 * from n's attributes.  Explicit pads are ignored when auto_pad is not
 * NOTSET.  Returns 0, or -1 with an error naming the node. */
int rt_convgeom_attrs(const rt_node *n, int nsp, const int64_t *in_sp, const int64_t *kernel,
		      int use_dil, rt_convgeom *g, onnxc_err *err);

/* rt_convgeom_kernel_attr: read the kernel_shape attribute into k[nsp];
 * returns 1 when present (validated: nsp entries, each >= 1), 0 when absent,
 * -1 with an error when malformed. */
int rt_convgeom_kernel_attr(const rt_node *n, int nsp, int64_t *k, onnxc_err *err);

/* rt_convgeom_forward: output sizes (and pads for SAME_* / VALID) of a
 * convolution or pooling window over g, with ceil_mode rounding (windows that
 * would start in the end padding are dropped, as the ONNX spec says).  Sets
 * g->out, g->in_size, g->out_size, g->k_size.  -1 (err) when an output dim
 * would be < 1. */
int rt_convgeom_forward(const rt_node *n, rt_convgeom *g, int ceil_mode, onnxc_err *err);

/* rt_convgeom_sizes: recompute g->in_size, g->out_size and g->k_size. */
void rt_convgeom_sizes(rt_convgeom *g);

/* rt_conv_check_inputs: X and W present, float or double, same dtype,
 * X of rank 3..RT_MAXRANK, W of X's rank, the optional bias of X's dtype and
 * rank 1.  0, or -1 with an error naming the node. */
int rt_conv_check_inputs(const rt_node *n, onnxc_err *err);

/* rt_conv_tile: positions per column tile so that rows x tile elements of
 * es bytes stay within RT_CONV_SCRATCH_MAX (at least 1, at most total). */
int64_t rt_conv_tile(int64_t rows, int64_t total, size_t es);

/* rt_conv_split: Conv's work items for p (mode, rows, Mg, N, group, g and
 * kblock -- allowed -- set): p->tile, ntile, nmb, mblk, shared_col and
 * kblock (kept when the column matrix is over the tile budget), from the
 * sizes only
 * (about one item per 4M multiply-adds, at most 4 per image and group). */
void rt_conv_split(rt_convparams *p, size_t es);

/* rt_conv_pack: p->packed = each group's weights packed for rt_sgemm
 * (k_sgemm.h): group g's A is M x K at w + g * M * K, read transposed
 * (K x M, ConvTranspose's W^T) when trans; one rt_sgemm work buffer per
 * thread slot of n is added to n's scratch (p->work_off).  0, or -1 (OOM,
 * err set). */
int rt_conv_pack(rt_node *n, rt_convparams *p, const float *w, int64_t M, int64_t K, int trans,
		 onnxc_err *err);

/* rt_conv_simd: the widest vector code kernels may use when the CPU has it:
 * 2 (default) AVX-512, 1 AVX2+FMA, 0 the plain C code (tests). */
extern int rt_conv_simd;

/* rt_dw_simd_ok (k_conv_dw.c): the vector depthwise kernel for g (1-D/2-D,
 * dilations up to 32, equal strides 1 or 2, kernel <= 7) on this CPU within
 * rt_conv_simd: 2 AVX-512, 1 AVX2+FMA, 0 none. */
int rt_dw_simd_ok(const rt_convgeom *g);
/* rt_dw_simd_scratch: floats of the padded plane rt_dw_simd_f needs. */
int64_t rt_dw_simd_scratch(const rt_convgeom *g);
/* rt_dw_simd_f: float depthwise Conv of `channels` planes (x, w, bias and
 * y advanced per channel), each output clamped to [lo, hi] as ACT_CLIP
 * does (-inf, inf: no activation; 0, inf: Relu), with `pad` (64-byte
 * aligned, rt_dw_simd_scratch floats) as working space, at `level` (a
 * non-zero rt_dw_simd_ok(g)). */
void rt_dw_simd_f(int level, const rt_convgeom *g, const float *x, const float *w,
		  const float *bias, float *y, int64_t channels, float *pad, float lo, float hi);

/* rt_fits_int: 1 when every value fits a BLAS int dimension. */
int rt_fits_int(int64_t a, int64_t b, int64_t c);

#endif
