/*
 * k_quant_mm.c - MatMulInteger (10) and QLinearMatMul (10).
 *
 * Both multiply int8/uint8 matrices (either type for A and B) with numpy
 * matmul semantics (1-D operands promoted and the added axis dropped, batch
 * dimensions broadcast), accumulating (a - a_zero_point) * (b -
 * b_zero_point) in integers:
 *
 *   MatMulInteger: y (int32) = the accumulator
 *   QLinearMatMul: y = saturate(rint(acc * (a_scale * b_scale / y_scale))
 *                  + y_zero_point), rounding halves to even; y has the type
 *                  of y_zero_point.
 *
 * A's zero point and scale are per-tensor or per row (1-D of M elements),
 * B's per-tensor or per column (1-D of N); y_scale and y_zero_point are
 * per-tensor.  Plain loops: correctness first.
 */
#include <string.h>

#include "k_quant.h"

typedef struct qmm_params {
	int qlinear;
	int64_t m, k, nn;                 /* per matrix */
	int brank;                        /* broadcast batch rank */
	int64_t bdims[RT_MAXRANK];
	int64_t astr[RT_MAXRANK], bstr[RT_MAXRANK];   /* in matrices */
	int64_t batch;
} qmm_params;

/* prep_qmm: shapes and parameters of either op.  Input slots: a 0, b (1 or
 * 3), zero points (2, 3) or (2, 5), scales 1, 4, 6 and y_zero_point 7 for
 * QLinearMatMul.  0 or -1. */
static int prep_qmm(rt_node *n, int qlinear, onnxc_err *err)
{
	const rt_tensor *a, *b;
	int bi = qlinear ? 3 : 1, ra, rb, rank = 0, ydt = IR_INT32;
	int64_t adims[RT_MAXRANK], bdims[RT_MAXRANK], ydims[RT_MAXRANK], m, k, nn, kb;
	qmm_params *p;

	if (rt_dm_need(n, qlinear ? 8 : 2, err))
		return -1;
	a = n->in[0];
	b = n->in[bi];
	if (!rt_q_is8(a->dtype) || !rt_q_is8(b->dtype))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "inputs of types %s and %s are not supported",
			       ir_dtype_name(a->dtype), ir_dtype_name(b->dtype));
	if (a->rank < 1 || b->rank < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs must have rank >= 1");
	ra = a->rank - 2 > 0 ? a->rank - 2 : 0;
	rb = b->rank - 2 > 0 ? b->rank - 2 : 0;
	m = a->rank == 1 ? 1 : a->dims[a->rank - 2];
	k = a->dims[a->rank - 1];
	kb = b->rank == 1 ? b->dims[0] : b->dims[b->rank - 2];
	nn = b->rank == 1 ? 1 : b->dims[b->rank - 1];
	if (k != kb)
		return rt_fail(n, err, ONNXC_EINVAL, "inner dimensions differ: %lld and %lld",
			       (long long)k, (long long)kb);
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	memcpy(adims, a->dims, sizeof(int64_t) * (size_t)ra);
	memcpy(bdims, b->dims, sizeof(int64_t) * (size_t)rb);
	if (rt_broadcast_shape(n, ra, adims, rb, bdims, &p->brank, p->bdims, err))
		return -1;
	rt_broadcast_strides(ra, adims, p->brank, p->bdims, p->astr);
	rt_broadcast_strides(rb, bdims, p->brank, p->bdims, p->bstr);
	p->batch = rt_numel(p->brank, p->bdims);
	p->m = m;
	p->k = k;
	p->nn = nn;
	p->qlinear = qlinear;
	if (qlinear) {
		if (rt_q_param(n, 1, "a_scale", IR_FLOAT, m, 1, err) ||
		    rt_q_param(n, 2, "a_zero_point", a->dtype, m, 1, err) ||
		    rt_q_param(n, 4, "b_scale", IR_FLOAT, nn, 1, err) ||
		    rt_q_param(n, 5, "b_zero_point", b->dtype, nn, 1, err) ||
		    rt_q_param(n, 6, "y_scale", IR_FLOAT, 0, 1, err) ||
		    rt_q_param(n, 7, "y_zero_point", IR_UNDEFINED, 0, 1, err))
			return -1;
		ydt = n->in[7]->dtype;
	} else if (rt_q_param(n, 2, "a_zero_point", a->dtype, m, 0, err) ||
		   rt_q_param(n, 3, "b_zero_point", b->dtype, nn, 0, err)) {
		return -1;
	}
	memcpy(ydims, p->bdims, sizeof(int64_t) * (size_t)p->brank);
	rank = p->brank;
	if (a->rank > 1)
		ydims[rank++] = m;
	if (b->rank > 1)
		ydims[rank++] = nn;
	return rt_set_shape(n, n->out[0], ydt, rank, ydims, err);
}

static int prep_mmi(rt_node *n, onnxc_err *err)
{
	return prep_qmm(n, 0, err);
}

static int prep_qlmm(rt_node *n, onnxc_err *err)
{
	return prep_qmm(n, 1, err);
}

/* exec_qmm: the batched product, one accumulator per output element. */
static int exec_qmm(rt_node *n, onnxc_err *err)
{
	const qmm_params *p = n->params;
	int q = p->qlinear;
	const rt_tensor *a = n->in[0], *b = n->in[q ? 3 : 1];
	const rt_tensor *az = RT_DM_IN(n, 2), *bz = RT_DM_IN(n, q ? 5 : 3);
	rt_tensor *y = n->out[0];
	int64_t idx[RT_MAXRANK] = { 0 }, bt, i, j, l, M = p->m, K = p->k, N = p->nn;
	float ys = 1;
	int32_t yzp = 0;
	int d;

	(void)err;
	if (q) {
		yzp = rt_q_zp(n->in[7], 0);
		ys = (float)rt_q_at(n->in[6], 0, 1);
	}
	for (bt = 0; bt < p->batch; bt++) {
		int64_t ao = 0, bo = 0, yo = bt * M * N;
		for (d = 0; d < p->brank; d++) {
			ao += idx[d] * p->astr[d];
			bo += idx[d] * p->bstr[d];
		}
		ao *= M * K;
		bo *= K * N;
		for (i = 0; i < M; i++) {
			int32_t za = rt_q_zp(az, i);
			for (j = 0; j < N; j++) {
				int32_t zb = rt_q_zp(bz, j);
				int64_t acc = 0;
				for (l = 0; l < K; l++)
					acc += (int64_t)(rt_q_get8(a, ao + i * K + l) - za) *
					       (rt_q_get8(b, bo + l * N + j) - zb);
				if (!q) {
					((int32_t *)y->data)[yo + i * N + j] = (int32_t)acc;
					continue;
				}
				{
					float sc = (float)rt_q_at(n->in[1], i, 1) *
						   (float)rt_q_at(n->in[4], j, 1) / ys;
					rt_q_store(y, yo + i * N + j, (double)acc * sc, yzp);
				}
			}
		}
		for (d = p->brank - 1; d >= 0; d--) {
			if (++idx[d] < p->bdims[d])
				break;
			idx[d] = 0;
		}
	}
	return 0;
}

const rt_op rt_op_MatMulInteger = { prep_mmi, exec_qmm, 0 };
const rt_op rt_op_QLinearMatMul = { prep_qlmm, exec_qmm, 0 };
