/*
 * k_gemm.c - Gemm (1, 6, 7, 9, 11, 13) and MatMul (1, 9, 13).
 *
 * float and double go through OpenBLAS; the integer types of Gemm-9+/
 * MatMul-9+ (int32, int64, uint32, uint64) use plain loops with wrap-around
 * arithmetic.
 *
 * Gemm: Y = alpha * op(A) * op(B) + beta * C, C optional from opset 11 and
 * unidirectionally broadcast to [M, N].  The legacy `broadcast` attribute of
 * Gemm-1/6 is not needed: a C that broadcasts is accepted either way.
 *
 * MatMul: numpy semantics: a 1-D A is a row vector and a 1-D B a column
 * vector (the added dim removed from the result), batch dims broadcast.
 * When B has no batch dims the whole batch of A is one GEMM.
 *
 * A fused activation (fuse_act; float and double outputs) is applied right
 * after each GEMM call, to the block it wrote (k_act.h).
 */
#include <cblas.h>
#include <math.h>
#include <string.h>

#include "k_act.h"

/* ---- shared ---- */

static int is_int_type(int dt)
{
	return dt == IR_INT32 || dt == IR_INT64 || dt == IR_UINT32 || dt == IR_UINT64;
}

/* check_type: float/double always, the integer types from opset 9. */
static int check_type(const rt_node *n, int dt, onnxc_err *err)
{
	if (dt == IR_FLOAT || dt == IR_DOUBLE || (is_int_type(dt) && n->ir->since_version >= 9))
		return 0;
	return rt_fail(n, err, ONNXC_EUNSUPPORTED, "input type %s is not supported",
		       ir_dtype_name(dt));
}

/* int_gemm: y[M,N] = alpha * a * b + beta * c for integer types, a/b read
 * with strides (ars, acs) and (brs, bcs); c (may be NULL) read as
 * c[i*crs + j*ccs].  Arithmetic wraps modulo 2^64, then is narrowed. */
static void int_gemm(const rt_tensor *ta, int64_t aoff, int64_t ars, int64_t acs,
		     const rt_tensor *tb, int64_t boff, int64_t brs, int64_t bcs,
		     const rt_tensor *tc, int64_t crs, int64_t ccs, rt_tensor *ty, int64_t yoff,
		     int64_t M, int64_t N, int64_t K, int64_t alpha, int64_t beta)
{
	int64_t i, j, k;

	for (i = 0; i < M; i++)
		for (j = 0; j < N; j++) {
			uint64_t acc = 0;
			for (k = 0; k < K; k++)
				acc += (uint64_t)rt_get_i(ta, aoff + i * ars + k * acs) *
				       (uint64_t)rt_get_i(tb, boff + k * brs + j * bcs);
			acc *= (uint64_t)alpha;
			if (tc)
				acc += (uint64_t)beta * (uint64_t)rt_get_i(tc, i * crs + j * ccs);
			rt_put_i(ty, yoff + i * N + j, (int64_t)acc);
		}
}

/* ---- Gemm ---- */

typedef struct gemm_params {
	int64_t M, N, K;
	int ta, tb;
	float alpha, beta;
	int64_t crs, ccs;      /* C's strides over Y's rows and columns (0: broadcast) */
} gemm_params;

/* prep_gemm: A [M,K] (or [K,M] with transA), B [K,N] (or [N,K]), C
 * broadcastable to [M,N]; Y [M,N]. */
static int prep_gemm(rt_node *n, onnxc_err *err)
{
	const rt_tensor *a = n->n_in > 0 ? n->in[0] : NULL, *b = n->n_in > 1 ? n->in[1] : NULL;
	const rt_tensor *c = n->n_in > 2 ? n->in[2] : NULL;
	gemm_params p;
	int64_t kb, dims[2];

	if (!a || !b)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs A and B are required");
	if (check_type(n, a->dtype, err))
		return -1;
	if (b->dtype != a->dtype || (c && c->dtype != a->dtype))
		return rt_fail(n, err, ONNXC_EINVAL, "B and C must have A's type %s",
			       ir_dtype_name(a->dtype));
	if (a->rank != 2 || b->rank != 2)
		return rt_fail(n, err, ONNXC_EINVAL, "A and B must be 2-D (ranks %d and %d)", a->rank,
			       b->rank);
	memset(&p, 0, sizeof p);
	p.ta = ir_attr_int(n->ir, "transA", 0) != 0;
	p.tb = ir_attr_int(n->ir, "transB", 0) != 0;
	p.alpha = ir_attr_float(n->ir, "alpha", 1.0f);
	p.beta = ir_attr_float(n->ir, "beta", 1.0f);
	p.M = a->dims[p.ta ? 1 : 0];
	p.K = a->dims[p.ta ? 0 : 1];
	kb = b->dims[p.tb ? 1 : 0];
	p.N = b->dims[p.tb ? 0 : 1];
	if (kb != p.K)
		return rt_fail(n, err, ONNXC_EINVAL, "inner dims differ: A gives %lld, B gives %lld",
			       (long long)p.K, (long long)kb);
	if (c) {
		int64_t cm = c->rank == 2 ? c->dims[0] : 1, cn = c->rank >= 1 ? c->dims[c->rank - 1] : 1;
		if (c->rank > 2 || (cm != 1 && cm != p.M) || (cn != 1 && cn != p.N))
			return rt_fail(n, err, ONNXC_EINVAL,
				       "C (rank %d) does not broadcast to [%lld, %lld]", c->rank,
				       (long long)p.M, (long long)p.N);
		p.crs = cm == 1 ? 0 : cn;
		p.ccs = cn == 1 ? 0 : 1;
	}
	if (is_int_type(a->dtype) && (p.alpha != floorf(p.alpha) || p.beta != floorf(p.beta) ||
				      fabsf(p.alpha) > 4e18f || fabsf(p.beta) > 4e18f))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED,
			       "integer Gemm with a fractional alpha or beta");
	if (p.M > INT32_MAX || p.N > INT32_MAX || p.K > INT32_MAX)
		return rt_fail(n, err, ONNXC_ELIMIT, "matrix too large for BLAS int sizes");
	dims[0] = p.M;
	dims[1] = p.N;
	if (rt_set_shape(n, n->out[0], a->dtype, 2, dims, err) || rt_act_check(n, a->dtype, err))
		return -1;
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	return 0;
}

static int exec_gemm(rt_node *n, onnxc_err *err)
{
	const gemm_params *p = n->params;
	const rt_tensor *a = n->in[0], *b = n->in[1];
	const rt_tensor *c = n->n_in > 2 && p->beta != 0 ? n->in[2] : NULL;
	rt_tensor *y = n->out[0];
	const int lda = (int)(p->ta ? p->M : p->K), ldb = (int)(p->tb ? p->K : p->N);
	const enum CBLAS_TRANSPOSE ta = p->ta ? CblasTrans : CblasNoTrans;
	const enum CBLAS_TRANSPOSE tb = p->tb ? CblasTrans : CblasNoTrans;
	const rt_act act = rt_act_of(n->ir);
	int64_t i, j;

	(void)err;
	if (!y->numel)
		return 0;
	if (is_int_type(a->dtype)) {
		int_gemm(a, 0, p->ta ? 1 : p->K, p->ta ? p->M : 1, b, 0, p->tb ? 1 : p->N,
			 p->tb ? p->K : 1, c, p->crs, p->ccs, y, 0, p->M, p->N, p->K,
			 (int64_t)p->alpha, (int64_t)p->beta);
		return 0;
	}
	if (a->dtype == IR_FLOAT) {
		const float *cd = c ? c->data : NULL;
		float *yd = y->data;
		for (i = 0; c && i < p->M; i++)
			for (j = 0; j < p->N; j++)
				yd[i * p->N + j] = p->beta * cd[i * p->crs + j * p->ccs];
		if (p->K)
			cblas_sgemm(CblasRowMajor, ta, tb, (int)p->M, (int)p->N, (int)p->K, p->alpha,
				    a->data, lda, b->data, ldb, c ? 1.0f : 0.0f, yd, (int)p->N);
		else if (!c)
			memset(yd, 0, y->nbytes);
		rt_act_f(&act, yd, y->numel);
	} else {
		const double *cd = c ? c->data : NULL;
		double *yd = y->data;
		for (i = 0; c && i < p->M; i++)
			for (j = 0; j < p->N; j++)
				yd[i * p->N + j] = (double)p->beta * cd[i * p->crs + j * p->ccs];
		if (p->K)
			cblas_dgemm(CblasRowMajor, ta, tb, (int)p->M, (int)p->N, (int)p->K, p->alpha,
				    a->data, lda, b->data, ldb, c ? 1.0 : 0.0, yd, (int)p->N);
		else if (!c)
			memset(yd, 0, y->nbytes);
		rt_act_d(&act, yd, y->numel);
	}
	return 0;
}

/* ---- MatMul ---- */

typedef struct matmul_params {
	int64_t M, N, K;
	int64_t batch;                 /* product of the output batch dims */
	int brank;                     /* output batch rank */
	int64_t bdims[RT_MAXRANK];     /* output batch dims */
	int64_t astr[RT_MAXRANK];      /* A's stride per batch dim, in matrices (0: broadcast) */
	int64_t bstr[RT_MAXRANK];
	int fold;                      /* B has no batch: one GEMM of batch*M rows */
} matmul_params;

/* prep_matmul: numpy matmul shapes; Y of A's type. */
static int prep_matmul(rt_node *n, onnxc_err *err)
{
	const rt_tensor *a = n->n_in > 0 ? n->in[0] : NULL, *b = n->n_in > 1 ? n->in[1] : NULL;
	matmul_params p;
	int64_t kb, ab[RT_MAXRANK], bb[RT_MAXRANK], odims[RT_MAXRANK];
	int ra, rb, r = 0, i;

	if (!a || !b)
		return rt_fail(n, err, ONNXC_EINVAL, "inputs A and B are required");
	if (check_type(n, a->dtype, err))
		return -1;
	if (b->dtype != a->dtype)
		return rt_fail(n, err, ONNXC_EINVAL, "B has type %s, A has %s", ir_dtype_name(b->dtype),
			       ir_dtype_name(a->dtype));
	if (a->rank < 1 || b->rank < 1)
		return rt_fail(n, err, ONNXC_EINVAL, "A and B must have rank >= 1 (ranks %d and %d)",
			       a->rank, b->rank);
	memset(&p, 0, sizeof p);
	p.M = a->rank >= 2 ? a->dims[a->rank - 2] : 1;
	p.K = a->dims[a->rank - 1];
	kb = b->rank >= 2 ? b->dims[b->rank - 2] : b->dims[0];
	p.N = b->rank >= 2 ? b->dims[b->rank - 1] : 1;
	if (kb != p.K)
		return rt_fail(n, err, ONNXC_EINVAL, "inner dims differ: A has %lld, B has %lld",
			       (long long)p.K, (long long)kb);
	ra = a->rank > 2 ? a->rank - 2 : 0;
	rb = b->rank > 2 ? b->rank - 2 : 0;
	for (i = 0; i < ra; i++)
		ab[i] = a->dims[i];
	for (i = 0; i < rb; i++)
		bb[i] = b->dims[i];
	if (rt_broadcast_shape(n, ra, ab, rb, bb, &p.brank, p.bdims, err))
		return -1;
	rt_broadcast_strides(ra, ab, p.brank, p.bdims, p.astr);
	rt_broadcast_strides(rb, bb, p.brank, p.bdims, p.bstr);
	p.batch = rt_numel(p.brank, p.bdims);
	p.fold = rb == 0;
	for (i = 0; i < p.brank; i++)
		odims[r++] = p.bdims[i];
	if (a->rank >= 2)
		odims[r++] = p.M;
	if (b->rank >= 2)
		odims[r++] = p.N;
	if (rt_set_shape(n, n->out[0], a->dtype, r, odims, err) || rt_act_check(n, a->dtype, err))
		return -1;
	if ((p.fold ? p.batch * p.M : p.M) > INT32_MAX || p.N > INT32_MAX || p.K > INT32_MAX)
		return rt_fail(n, err, ONNXC_ELIMIT, "matrix too large for BLAS int sizes");
	n->params = onnxc_malloc(sizeof p);
	if (!n->params)
		return onnxc_oom(err);
	memcpy(n->params, &p, sizeof p);
	return 0;
}

/* one_gemm: y = a * b for one (M x K) x (K x N) product at element offsets
 * of A, B and Y, then the fused activation on those M x N elements. */
static void one_gemm(const rt_node *n, int64_t M, int64_t aoff, int64_t boff, int64_t yoff)
{
	const matmul_params *p = n->params;
	const rt_tensor *a = n->in[0], *b = n->in[1];
	rt_tensor *y = n->out[0];
	const rt_act act = rt_act_of(n->ir);

	if (!M || !p->N)
		return;
	if (!p->K)
		memset((char *)y->data + yoff * ir_dtype_size(y->dtype), 0,
		       (size_t)(M * p->N) * ir_dtype_size(y->dtype));
	switch (a->dtype) {
	case IR_FLOAT:
		if (p->K)
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)M, (int)p->N,
				    (int)p->K, 1.0f, (const float *)a->data + aoff, (int)p->K,
				    (const float *)b->data + boff, (int)p->N, 0.0f,
				    (float *)y->data + yoff, (int)p->N);
		rt_act_f(&act, (float *)y->data + yoff, M * p->N);
		break;
	case IR_DOUBLE:
		if (p->K)
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)M, (int)p->N,
				    (int)p->K, 1.0, (const double *)a->data + aoff, (int)p->K,
				    (const double *)b->data + boff, (int)p->N, 0.0,
				    (double *)y->data + yoff, (int)p->N);
		rt_act_d(&act, (double *)y->data + yoff, M * p->N);
		break;
	default:
		int_gemm(a, aoff, p->K, 1, b, boff, p->N, 1, NULL, 0, 0, y, yoff, M, p->N, p->K, 1, 0);
		break;
	}
}

static int exec_matmul(rt_node *n, onnxc_err *err)
{
	const matmul_params *p = n->params;
	int64_t idx[RT_MAXRANK] = { 0 }, bi, am = 0, bm = 0;
	int d;

	(void)err;
	if (!n->out[0]->numel)
		return 0;
	if (p->fold) {
		one_gemm(n, p->batch * p->M, 0, 0, 0);
		return 0;
	}
	for (bi = 0; bi < p->batch; bi++) {
		one_gemm(n, p->M, am * p->M * p->K, bm * p->K * p->N, bi * p->M * p->N);
		for (d = p->brank - 1; d >= 0; d--) {
			am += p->astr[d];
			bm += p->bstr[d];
			if (++idx[d] < p->bdims[d])
				break;
			am -= p->astr[d] * p->bdims[d];
			bm -= p->bstr[d] * p->bdims[d];
			idx[d] = 0;
		}
	}
	return 0;
}

const rt_op rt_op_Gemm = { prep_gemm, exec_gemm, 0 };
const rt_op rt_op_MatMul = { prep_matmul, exec_matmul, 0 };
