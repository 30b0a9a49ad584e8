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

#endif
