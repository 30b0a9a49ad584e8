/*
 * k_sgemm.h - float GEMM with a pre-packed constant left operand
 * (k_sgemm.c): pack A once, multiply it by any B.
 */
#ifndef K_SGEMM_H
#define K_SGEMM_H

#include <stdint.h>

#define SG_MR 12               /* rows of A per packed panel */
#define SG_NR 32               /* columns of B per sliver */
#define SG_KC 320              /* columns of A (rows of B) per block */
#define SG_WORK_FLOATS (SG_KC * SG_NR)   /* rt_sgemm's `work` */

/* rt_sgemm_ok: 1 when rt_sgemm may run on this CPU (AVX-512F and
 * rt_conv_simd >= 2), else 0: use BLAS. */
int rt_sgemm_ok(void);

/* rt_sgemm_pack_floats: floats of A (M x K) packed. */
int64_t rt_sgemm_pack_floats(int64_t M, int64_t K);

/* rt_sgemm_pack: A (M x K, row stride lda) into dst
 * (rt_sgemm_pack_floats(M, K) floats), the layout rt_sgemm reads. */
void rt_sgemm_pack(const float *A, int64_t lda, int64_t M, int64_t K, float *dst);

/* rt_sgemm_pack_t: rt_sgemm_pack of A = At^T, At being K x M with row
 * stride ldat (ConvTranspose's W^T). */
void rt_sgemm_pack_t(const float *At, int64_t ldat, int64_t M, int64_t K, float *dst);

/* rt_sgemm: rows [m0, m1) of A (packed from M x K; m0 a multiple of
 * SG_MR) times B (K x N, row stride ldb) into C (rows m0.. at C, row stride
 * ldc), each row plus bias[i - m0] (bias NULL: plus 0), then clamped to
 * [clamp[0], clamp[1]] as k_act.h's ACT_CLIP does (clamp NULL: not; a
 * fused Relu is [0, inf]); `work` is SG_WORK_FLOATS floats, 64-byte
 * aligned, the caller's.  Only when rt_sgemm_ok(). */
void rt_sgemm(const float *Ap, int64_t M, int64_t K, int64_t m0, int64_t m1, const float *B,
	      int64_t ldb, int64_t N, float *C, int64_t ldc, const float *bias, const float *clamp,
	      float *work);

/* rt_sgemm_fill: write rows [k0, k0 + kc) of B (kc <= SG_KC, all N
 * columns, row stride N) into b. */
typedef void (*rt_sgemm_fill)(void *arg, int64_t k0, int64_t kc, float *b);

/* rt_sgemm_cb: rt_sgemm with B made a K block at a time by fill(arg, ...)
 * into bbuf (SG_KC * N floats, the caller's): Conv's im2col per block, so
 * that wide column tiles need little scratch and each packed panel of W
 * serves N / 32 slivers while in L2.  Same sums as rt_sgemm on the whole
 * B. */
void rt_sgemm_cb(const float *Ap, int64_t M, int64_t K, int64_t m0, int64_t m1,
		 rt_sgemm_fill fill, void *arg, float *bbuf, int64_t N, float *C, int64_t ldc,
		 const float *bias, const float *clamp, float *work);

#endif
