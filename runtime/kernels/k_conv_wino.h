/*
 * k_conv_wino.h - 3x3 stride-1 float Conv by Winograd F(2x2, 3x3)
 * (runtime/kernels/k_conv_wino.c), used by k_conv.c.
 */
#ifndef ONNXC_K_CONV_WINO_H
#define ONNXC_K_CONV_WINO_H

#include "k_act.h"
#include "rt.h"

typedef struct rt_wino rt_wino;

/* rt_wino_new: the Winograd plan of a float 2-D Conv with group 1, a 3x3
 * kernel, stride 1 and dilation dil in both axes, input [N, C, H, W],
 * output [N, M, OH, OW], begin pads pt (top) and pl (left), constant
 * weights w [M, C, 3, 3] (transformed here, once): NULL when the layer is
 * not worth it (few channels), when dil > 1 and H, W, OH, OW, pt or pl is
 * not a multiple of it, or on OOM (err set only then).  *scratch gets the
 * bytes a run needs (per thread slot, for `slots` slots, and with dil > 1
 * the polyphase copies of x and y).
 * A dilated layer is the same undilated 3x3 conv on each of the dil^2
 * polyphase sub-maps x[a::dil, b::dil] (pads pt/dil, pl/dil): run as a
 * batch of N dil^2 images gathered from x, the outputs scattered back. */
rt_wino *rt_wino_new(const rt_node *n, int64_t N, int64_t C, int64_t H, int64_t W, int64_t M,
		     int64_t OH, int64_t OW, int64_t pt, int64_t pl, int64_t dil, const float *w,
		     int slots, size_t *scratch, onnxc_err *err);
/* rt_wino_run: y = conv(x) + b (b may be NULL), then the fused activation;
 * scratch as sized by rt_wino_new. */
void rt_wino_run(const rt_node *n, const rt_wino *wp, const float *x, const float *b, float *y,
		 void *scratch, const rt_act *act);
void rt_wino_free(rt_wino *wp);

#endif
