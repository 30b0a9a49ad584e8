/*
 * rtutil.c - small helpers every kernel uses: errors naming the node, shapes,
 * broadcasting, typed element access, float16 conversion, and parallel
 * loops on the session's thread pool.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cblas.h>

#include "session.h"

int rt_fail(const rt_node *n, onnxc_err *err, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!n || !n->ir)
		return onnxc_seterr(err, code, "%s", msg);
	return onnxc_seterr(err, code, "node '%s' (%s-%d): %s", n->ir->name, n->ir->op_type,
			    n->ir->since_version, msg);
}

int64_t rt_numel(int rank, const int64_t *dims)
{
	int64_t p = 1;
	int i;

	for (i = 0; i < rank; i++)
		p *= dims[i];
	return p;
}

int rt_set_shape(const rt_node *n, rt_tensor *t, int dtype, int rank, const int64_t *dims,
		 onnxc_err *err)
{
	int64_t numel = 1;
	size_t es = ir_dtype_size(dtype);
	int i;

	if (!t)
		return 0;
	if (rank < 0 || rank > RT_MAXRANK)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "output rank %d exceeds %d", rank,
			       RT_MAXRANK);
	if (dtype == IR_STRING)
		es = sizeof(char *);
	if (dtype == RT_SEQUENCE) {
		if (rank != 0)
			return rt_fail(n, err, ONNXC_EINTERNAL, "a sequence has no dims");
		es = sizeof(rt_seq);
	}
	for (i = 0; i < rank; i++) {
		if (dims[i] < 0)
			return rt_fail(n, err, ONNXC_EINVAL, "output dim %d is negative (%lld)", i,
				       (long long)dims[i]);
		if (onnxc_mul_i64(numel, dims[i], &numel))
			return rt_fail(n, err, ONNXC_EINVAL, "output size overflows");
	}
	/* compared by division: numel * es could wrap around 2^64 */
	if ((uint64_t)numel > ((uint64_t)1 << 46) / (es ? es : 1))
		return rt_fail(n, err, ONNXC_ELIMIT, "output of %lld elements is too large",
			       (long long)numel);
	if (n && n->max_bytes && (uint64_t)numel * es > n->max_bytes)
		return rt_fail(n, err, ONNXC_ELIMIT, "output '%s' would have %llu bytes, more than "
			       "the tensor limit of %llu", t->ir ? t->ir->name : "?",
			       (unsigned long long)numel * es, (unsigned long long)n->max_bytes);
	t->dtype = dtype;
	t->rank = rank;
	for (i = 0; i < rank; i++)
		t->dims[i] = dims[i];
	t->numel = numel;
	t->nbytes = (size_t)numel * es;
	return 0;
}

int rt_axis(const rt_node *n, int64_t axis, int rank, int *out, onnxc_err *err)
{
	if (axis < -rank || axis >= rank)
		return rt_fail(n, err, ONNXC_EINVAL, "axis %lld out of range for rank %d",
			       (long long)axis, rank);
	*out = (int)(axis < 0 ? axis + rank : axis);
	return 0;
}

int rt_broadcast_shape(const rt_node *n, int ra, const int64_t *a, int rb, const int64_t *b,
		       int *rout, int64_t *out, onnxc_err *err)
{
	int r = ra > rb ? ra : rb, i;

	for (i = 0; i < r; i++) {
		int64_t da = i < r - ra ? 1 : a[i - (r - ra)];
		int64_t db = i < r - rb ? 1 : b[i - (r - rb)];
		if (da == db || db == 1)
			out[i] = da;
		else if (da == 1)
			out[i] = db;
		else
			return rt_fail(n, err, ONNXC_EINVAL, "cannot broadcast dim %d: %lld vs %lld",
				       i, (long long)da, (long long)db);
	}
	*rout = r;
	return 0;
}

void rt_broadcast_strides(int r, const int64_t *dims, int ro, const int64_t *dims_out,
			  int64_t *strides)
{
	int64_t s = 1;
	int i;

	for (i = ro - 1; i >= 0; i--) {
		int j = i - (ro - r);
		if (j < 0) {
			strides[i] = 0;
			continue;
		}
		strides[i] = (dims[j] == 1 && dims_out[i] != 1) ? 0 : s;
		s *= dims[j];
	}
}

void rt_need_value(const rt_node *n, const rt_tensor *t)
{
	((rt_node *)n)->need_value = t;
}

int rt_need_const(const rt_node *n, int idx, onnxc_err *err)
{
	const rt_tensor *t = idx < n->n_in ? n->in[idx] : NULL;

	if (!t)
		return rt_fail(n, err, ONNXC_EINVAL, "input %d is missing", idx);
	if (t->is_const)
		return 0;
	rt_need_value(n, t);
	return rt_fail(n, err, ONNXC_EUNSUPPORTED,
		       "input %d ('%s') must be known when the model is prepared", idx,
		       t->ir ? t->ir->name : "?");
}

int rt_alloc_const(rt_node *n, size_t bytes, void **out, onnxc_err *err)
{
	*out = NULL;
	if (!n->alloc_const)
		return rt_fail(n, err, ONNXC_EUNSUPPORTED,
			       "strings and sequences are only computed when the model is prepared");
	*out = n->alloc_const(n, bytes ? bytes : 1);
	if (!*out)
		return onnxc_oom(err);
	return 0;
}

char *rt_strdup_const(rt_node *n, const char *s, size_t len, onnxc_err *err)
{
	void *p;

	if (rt_alloc_const(n, len + 1, &p, err))
		return NULL;
	if (len)
		memcpy(p, s, len);
	((char *)p)[len] = 0;
	return p;
}

int rt_in_ints(rt_node *n, int idx, int64_t *out, int max, int *count, onnxc_err *err)
{
	const rt_tensor *t;
	int64_t i;

	if (rt_need_const(n, idx, err))
		return -1;
	t = n->in[idx];
	if (t->dtype != IR_INT64 && t->dtype != IR_INT32)
		return rt_fail(n, err, ONNXC_EINVAL, "input %d must be int32 or int64, not %s", idx,
			       ir_dtype_name(t->dtype));
	if (t->numel > max)
		return rt_fail(n, err, ONNXC_EINVAL, "input %d has %lld elements, at most %d allowed",
			       idx, (long long)t->numel, max);
	for (i = 0; i < t->numel; i++)
		out[i] = rt_get_i(t, i);
	*count = (int)t->numel;
	return 0;
}

double rt_get_f(const rt_tensor *t, int64_t i)
{
	const void *d = t->data;

	switch (t->dtype) {
	case IR_FLOAT: return ((const float *)d)[i];
	case IR_DOUBLE: return ((const double *)d)[i];
	case IR_FLOAT16: return rt_half_to_float(((const uint16_t *)d)[i]);
	case IR_BFLOAT16: return rt_bf16_to_float(((const uint16_t *)d)[i]);
	case IR_INT8: return ((const int8_t *)d)[i];
	case IR_UINT8: return ((const uint8_t *)d)[i];
	case IR_INT16: return ((const int16_t *)d)[i];
	case IR_UINT16: return ((const uint16_t *)d)[i];
	case IR_INT32: return ((const int32_t *)d)[i];
	case IR_UINT32: return ((const uint32_t *)d)[i];
	case IR_INT64: return (double)((const int64_t *)d)[i];
	case IR_UINT64: return (double)((const uint64_t *)d)[i];
	case IR_BOOL: return ((const uint8_t *)d)[i] != 0;
	default: return 0;
	}
}

/* sat_i64: v truncated to int64, saturating; NaN gives INT64_MIN (a plain
 * cast of NaN, an infinity or an out-of-range value is undefined). */
static int64_t sat_i64(double v)
{
	if (!(v == v))
		return INT64_MIN;
	if (v >= 9.2233720368547758e18)
		return INT64_MAX;
	if (v <= -9.2233720368547758e18)
		return INT64_MIN;
	return (int64_t)v;
}

int64_t rt_get_i(const rt_tensor *t, int64_t i)
{
	const void *d = t->data;

	switch (t->dtype) {
	case IR_INT64: return ((const int64_t *)d)[i];
	case IR_INT32: return ((const int32_t *)d)[i];
	case IR_INT8: return ((const int8_t *)d)[i];
	case IR_UINT8: return ((const uint8_t *)d)[i];
	case IR_INT16: return ((const int16_t *)d)[i];
	case IR_UINT16: return ((const uint16_t *)d)[i];
	case IR_UINT32: return ((const uint32_t *)d)[i];
	case IR_UINT64: return (int64_t)((const uint64_t *)d)[i];
	case IR_BOOL: return ((const uint8_t *)d)[i] != 0;
	default:
		return sat_i64(rt_get_f(t, i));
	}
}

void rt_put_f(rt_tensor *t, int64_t i, double v)
{
	void *d = t->data;

	switch (t->dtype) {
	case IR_FLOAT: ((float *)d)[i] = (float)v; break;
	case IR_DOUBLE: ((double *)d)[i] = v; break;
	case IR_FLOAT16: ((uint16_t *)d)[i] = rt_float_to_half((float)v); break;
	case IR_BFLOAT16: ((uint16_t *)d)[i] = rt_float_to_bf16((float)v); break;
	case IR_BOOL: ((uint8_t *)d)[i] = v != 0; break;
	case IR_INT8: case IR_UINT8: case IR_INT16: case IR_UINT16: case IR_INT32:
	case IR_UINT32: case IR_INT64: case IR_UINT64:
		rt_put_i(t, i, sat_i64(v));
		break;
	default: break;   /* strings and complex numbers have no scalar form */
	}
}

void rt_put_i(rt_tensor *t, int64_t i, int64_t v)
{
	void *d = t->data;

	switch (t->dtype) {
	case IR_INT64: ((int64_t *)d)[i] = v; break;
	case IR_INT32: ((int32_t *)d)[i] = (int32_t)v; break;
	case IR_INT8: ((int8_t *)d)[i] = (int8_t)v; break;
	case IR_UINT8: ((uint8_t *)d)[i] = (uint8_t)v; break;
	case IR_INT16: ((int16_t *)d)[i] = (int16_t)v; break;
	case IR_UINT16: ((uint16_t *)d)[i] = (uint16_t)v; break;
	case IR_UINT32: ((uint32_t *)d)[i] = (uint32_t)v; break;
	case IR_UINT64: ((uint64_t *)d)[i] = (uint64_t)v; break;
	case IR_BOOL: ((uint8_t *)d)[i] = v != 0; break;
	case IR_FLOAT: case IR_DOUBLE: case IR_FLOAT16: case IR_BFLOAT16:
		rt_put_f(t, i, (double)v);
		break;
	default: break;   /* strings and complex numbers have no scalar form */
	}
}

float rt_half_to_float(uint16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
	uint32_t bits;
	float f;

	if (exp == 0x1f)
		bits = sign | 0x7f800000u | (man << 13);
	else if (exp)
		bits = sign | ((exp + 112) << 23) | (man << 13);
	else if (man) {
		/* subnormal half: value = man * 2^-24 */
		f = (float)man * 5.9604644775390625e-8f;
		return sign ? -f : f;
	} else
		bits = sign;
	memcpy(&f, &bits, 4);
	return f;
}

uint16_t rt_float_to_half(float f)
{
	uint32_t x, sign, man;
	int exp;

	memcpy(&x, &f, 4);
	sign = (x >> 16) & 0x8000;
	exp = (int)((x >> 23) & 0xff);
	man = x & 0x7fffff;
	if (exp == 0xff)
		return (uint16_t)(sign | 0x7c00 | (man ? 0x200 | (man >> 13) : 0));
	exp = exp - 127 + 15;
	if (exp >= 0x1f)
		return (uint16_t)(sign | 0x7c00);
	if (exp <= 0) {
		/* subnormal or zero, round to nearest even */
		uint32_t m, r, half;
		int shift;
		if (exp < -10)
			return (uint16_t)sign;
		m = man | 0x800000;
		shift = 14 - exp;
		r = m >> shift;
		half = 1u << (shift - 1);
		if ((m & ((half << 1) - 1)) > half || ((m & ((half << 1) - 1)) == half && (r & 1)))
			r++;
		return (uint16_t)(sign | r);
	}
	{
		uint32_t r = ((uint32_t)exp << 10) | (man >> 13), rem = man & 0x1fff;
		if (rem > 0x1000 || (rem == 0x1000 && (r & 1)))
			r++;   /* may carry into the exponent, giving inf: correct */
		return (uint16_t)(sign | r);
	}
}

float rt_bf16_to_float(uint16_t h)
{
	uint32_t bits = (uint32_t)h << 16;
	float f;

	memcpy(&f, &bits, 4);
	return f;
}

uint16_t rt_float_to_bf16(float f)
{
	uint32_t x;

	memcpy(&x, &f, 4);
	if ((x & 0x7fffffff) > 0x7f800000)
		return (uint16_t)((x >> 16) | 0x40);
	x += 0x7fff + ((x >> 16) & 1);
	return (uint16_t)(x >> 16);
}

/* ---- parallel loops ---- */

#define RT_PAR_SPLIT 4             /* chunks per thread, at most */

static void blas_single_once(void)
{
	openblas_set_num_threads(1);
}

void rt_blas_single(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, blas_single_once);
}

/* par_job: one rt_parallel_grain loop, split into nch chunks. */
typedef struct par_job {
	rt_slot_fn fn;
	void *arg;
	int64_t count;
	int align;                 /* chunk starts rounded down to a multiple */
} par_job;

/* par_bound: the start of chunk c of nch over [0, count) (count is at
 * most 2^46 elements and nch at most 4 * 1024: no overflow). */
static int64_t par_bound(const par_job *j, int c, int nch)
{
	int64_t b;

	if (c >= nch)
		return j->count;
	b = j->count * c / nch;
	return b - b % j->align;
}

/* par_chunk: rt_pool_fn of a parallel loop: the thread is the slot. */
static void par_chunk(void *arg, int c, int nch, int thread)
{
	const par_job *j = arg;
	int64_t i0 = par_bound(j, c, nch), i1 = par_bound(j, c + 1, nch);

	if (i1 > i0)
		j->fn(j->arg, thread, i0, i1);
}

int rt_parallel_slots(const rt_node *n)
{
	if (!n || !n->sess || !n->sess->pool || n->threads <= 1)
		return 1;
	return rt_pool_threads(n->sess->pool);
}

void rt_parallel_grain(const rt_node *n, int64_t count, int64_t grain, rt_slot_fn fn, void *arg)
{
	par_job j = { fn, arg, count, 1 };
	int64_t nch;

	if (count <= 0)
		return;
	if (grain < 1)
		grain = 1;
	/* up to RT_PAR_SPLIT chunks per thread, handed out one at a time, so
	 * that a thread whose core is busy elsewhere takes fewer */
	nch = count / grain;
	if (nch > (int64_t)RT_PAR_SPLIT * rt_parallel_slots(n))
		nch = (int64_t)RT_PAR_SPLIT * rt_parallel_slots(n);
	if (rt_parallel_slots(n) == 1 || nch <= 1) {
		fn(arg, 0, 0, count);
		return;
	}
	if (grain >= 1024)
		j.align = 16;      /* whole cache lines of float per chunk */
	rt_pool_run(n->sess->pool, (int)nch, par_chunk, &j);
}

/* for_adapter: rt_parallel_for's callback under rt_parallel_grain. */
typedef struct for_adapter {
	void (*fn)(void *arg, int64_t i0, int64_t i1);
	void *arg;
} for_adapter;

static void for_chunk(void *arg, int slot, int64_t i0, int64_t i1)
{
	const for_adapter *a = arg;

	(void)slot;
	a->fn(a->arg, i0, i1);
}

void rt_parallel_for_grain(const rt_node *n, int64_t count, int64_t grain,
			   void (*fn)(void *arg, int64_t i0, int64_t i1), void *arg)
{
	for_adapter a = { fn, arg };

	rt_parallel_grain(n, count, grain, for_chunk, &a);
}

void rt_parallel_for(const rt_node *n, int64_t count, void (*fn)(void *arg, int64_t i0, int64_t i1),
		     void *arg)
{
	rt_parallel_for_grain(n, count, 1, fn, arg);
}
