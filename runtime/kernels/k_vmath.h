/*
 * k_vmath.h - vectorised float math for kernels (runtime/kernels/k_vmath.c).
 *
 * Each function has a plain C body written so gcc vectorises it, compiled
 * three times (baseline x86-64/other, AVX2+FMA, AVX-512F) and picked at run
 * time from the CPU's features.  Accuracy: a few ulp (see each function).
 */
#ifndef ONNXC_K_VMATH_H
#define ONNXC_K_VMATH_H

#include <stdint.h>

/* rt_vexp_sum_f: y[i] = exp(x[i] - m) for i < n and their sum (float
 * blocks added in double).  Relative error below 1e-7 where expf is a
 * normal float; 0 where x[i] - m < -87.3 (expf subnormal); 2.6e38 from
 * 88.37 up (expf overflows at 88.73); NaN stays NaN.  y may be x. */
double rt_vexp_sum_f(const float *x, float *y, int64_t n, float m);

struct rt_act;

/* rt_lanes16: the mask of the first n lanes of a 16-float vector (n <= 0:
 * none, n >= 16: all), for masked AVX-512 loads and stores of tails. */
static inline uint16_t rt_lanes16(int64_t n)
{
	return n >= 16 ? (uint16_t)0xffff : n <= 0 ? (uint16_t)0 : (uint16_t)((1u << n) - 1);
}

/* rt_vact_f: the fused activation a (k_act.h) over y[0..n) in place, bit
 * for bit what rt_act_f's plain loop computes (same operations, no fused
 * multiply-add): 1 when done (Relu, LeakyRelu, Clip, HardSigmoid,
 * HardSwish on an AVX2 or AVX-512 CPU), 0 when the caller must do it. */
int rt_vact_f(const struct rt_act *a, float *y, int64_t n);

/* rt_vsum_f: the sum of x[0..n) in double (8 partial sums, then added):
 * GlobalAveragePool's mean. */
double rt_vsum_f(const float *x, int64_t n);

/* rt_add_s2_f: y[2 j] += x[j] for j < n (reads and writes y[0 .. 2 n - 2]
 * only), each element one float add as the plain loop does: 1 when done
 * (AVX-512), 0 when the caller must loop.  ConvTranspose's col2im at
 * stride 2. */
int rt_add_s2_f(float *y, const float *x, int64_t n);

/* rt_max_s2_f: the interior outputs of one row of a float 2-D MaxPool with
 * horizontal stride 2: y[i] for i < n is the max over the taps kh < nrows,
 * kw < KW of rows[kh][base + 2 i + kw * dw], taken in that order (first
 * tap, then each later one that compares greater: the generic loop's
 * result, NaN included), 16 outputs at a time in a register; reads only
 * inside rows[kh][base .. base + 2 (n - 1) + (KW - 1) dw].  1 when done
 * (AVX-512), 0 when the caller must loop. */
int rt_max_s2_f(float *y, const float *const *rows, int nrows, int64_t KW, int64_t dw,
		int64_t base, int64_t n);

/* rt_copy_s2_f: y[j] = x[2 j] for j < n (reads x[0 .. 2 n - 2] only): 1
 * when done (AVX-512), 0 when the caller must loop.  im2col at stride 2. */
int rt_copy_s2_f(float *y, const float *x, int64_t n);

#endif
