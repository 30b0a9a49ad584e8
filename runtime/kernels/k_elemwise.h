/*
 * k_elemwise.h - the shared machinery of the elementwise kernels (unary,
 * binary, variadic, comparison, logic, Where, Cast).
 *
 * Every elementwise op is a function `ew_fn` over one of five compute types
 * (float, double, int64, uint64, bool).  Inputs of other element types are
 * converted chunk by chunk into the compute type (float16/bfloat16 compute in
 * float, int8..int32 in int64, uint8..uint32 in uint64), the function runs,
 * and the result is converted to the output type.  Inputs already in the
 * compute type (the float32 case) are read in place: no copy.
 *
 * Shapes: prep builds an `ew_plan` (n->params): the output dims with
 * size-1 dims dropped and adjacent dims merged wherever every input is
 * contiguous across them, plus each input's element strides (0 where it is
 * broadcast).  Same-shape inputs become one run of numel elements; a scalar
 * or a row becomes runs with stride 0 or 1.  One walker (ew_walk) visits the
 * output as runs of the innermost merged dim for every op.
 *
 * In place: exec is correct when out[0] shares memory with any input of the
 * same shape and element type (each chunk of every input is read before the
 * same chunk of the output is written).
 */
#ifndef ONNXC_K_ELEMWISE_H
#define ONNXC_K_ELEMWISE_H

#include <stdint.h>

#include "rt.h"

/* compute types (index into ew_desc.fn) */
enum { EW_F32, EW_F64, EW_I64, EW_U64, EW_B, EW_NCT };

/* scalar parameters of an op, read by the generated functions as p0..p2 */
typedef struct ew_k {
	double f[3];
	int64_t i[3];
	uint64_t u[3];
} ew_k;

/* o[i] = f(a[i*sa], b[i*sb]) for i < n; sa, sb are 0 or 1; b unused by
 * unary functions.  o may equal a or b. */
typedef void (*ew_fn)(const void *a, int64_t sa, const void *b, int64_t sb, void *o, int64_t n,
		      const ew_k *k);

/* d[i] = convert(s[i*ss]) for i < n (ss 0 or 1) */
typedef void (*ew_cvt_fn)(const void *s, int64_t ss, void *d, int64_t n);

/* ew_cvt: the converter between two element types (k_cast.c); NULL when
 * either is not numeric or bool (string, complex, undefined). */
ew_cvt_fn ew_cvt(int from_dtype, int to_dtype);

/* ew_ct_of: the natural compute type of an element type, -1 if none. */
int ew_ct_of(int dtype);
/* ew_ct_dtype: the element type a compute type is stored as. */
int ew_ct_dtype(int ct);

/* ---- op descriptions ---- */
enum ew_kind {
	EW_UNARY,        /* y = f(x) */
	EW_BINARY,       /* C = f(A, B), numpy broadcast; legacy broadcast/axis < 7 */
	EW_VARIADIC,     /* fold f over all inputs; same shape required < 8 */
	EW_PRELU         /* y = f(X, slope), slope unidirectionally broadcast */
};

/* ew_desc.flags */
#define EW_BOOL_OUT    1u  /* output is bool */
#define EW_INT_VIA_F64 2u  /* integer inputs computed in double */
#define EW_MIXED       4u  /* input 1 may have another type (Pow); an integer
			      input 0 with a floating input 1 computes in double */

typedef struct ew_desc {
	ir_op op;
	unsigned char kind;
	unsigned char flags;
	ew_fn fn[EW_NCT];        /* NULL: type class not supported */
	const char *attr[3];     /* attributes read into k.f/k.i/k.u[0..2] */
	float dflt[3];
	const ew_fn *fin;        /* a last step per compute type, given
				    k.f[0] = the input count (Mean) */
} ew_desc;

/* ---- plans ---- */
typedef struct ew_in {
	int64_t st[RT_MAXRANK];  /* element strides over the merged dims */
	ew_cvt_fn ld;            /* to the compute type; NULL: read in place */
	size_t es;               /* element size */
} ew_in;

typedef struct ew_plan {
	ew_fn fn, fin;           /* the op; an optional last step (Mean) */
	int unary;               /* fn takes one operand */
	int direct;              /* one fn call per run, straight from the
				    inputs' memory into the output's */
	int ct_in, ct_out;       /* compute element types (ir_dtype) */
	ew_cvt_fn st_out;        /* compute type -> output type */
	ew_k k;
	int rank;                /* merged rank, >= 1 */
	int64_t dims[RT_MAXRANK];
	int n_in;                /* inputs walked: in[0..n_in) */
	ew_in in[];
} ew_plan;

/* ew_plan_make flags */
#define EW_SAME_SHAPE 1u     /* every input must have input 0's shape */
#define EW_UNIDIR     2u     /* the output shape must be input 0's shape */

/* ew_plan_make: broadcast in[0..n_in) (input 1's shape replaced by *b_eff
 * when given), check the flags' conditions, set out[0]'s shape with element
 * type out_dtype, and make the plan (n->params).  Returns it, or NULL (err,
 * naming the node). */
ew_plan *ew_plan_make(rt_node *n, int n_in, const rt_tensor *b_eff, unsigned flags,
		      int out_dtype, onnxc_err *err);

/* ew_walk: call run(ctx, coord, j0, len, o) for the output elements
 * [i0, i1): a run is `len` elements of the innermost merged dim starting at
 * j0, at outer coordinates coord[0..rank-1), output element offset o. */
typedef void (*ew_run_fn)(void *ctx, const int64_t *coord, int64_t j0, int64_t len, int64_t o);
void ew_walk(const ew_plan *p, int64_t i0, int64_t i1, ew_run_fn run, void *ctx);

/* ew_off: element offset of input k at (coord, j). */
static inline int64_t ew_off(const ew_plan *p, int k, const int64_t *coord, int64_t j)
{
	int64_t o = j * p->in[k].st[p->rank - 1];
	int d;

	for (d = 0; d < p->rank - 1; d++)
		o += coord[d] * p->in[k].st[d];
	return o;
}

/* ew_prep: the prep of every op described by an ew_desc: input checks,
 * compute type, shapes (legacy forms by n->ir->since_version), attributes.
 * 0 or -1 (err). */
int ew_prep(rt_node *n, const ew_desc *d, onnxc_err *err);
/* ew_prep_in: ew_prep with the entry of table[0..count) for n's op. */
int ew_prep_in(rt_node *n, const ew_desc *table, int count, onnxc_err *err);
#define EW_COUNT(table) ((int)(sizeof(table) / sizeof *(table)))
/* ew_run: exec with the scalar parameters k (normally &plan->k). */
int ew_run(rt_node *n, const ew_k *k);
/* ew_exec: the exec of every ew_prep'd op. */
int ew_exec(rt_node *n, onnxc_err *err);

/* ---- generators: one function per (op, compute type) ---- */
#define EW_MAXV(a, b) ((a) < (b) ? (b) : (a))   /* NaN in a propagates */
#define EW_MINV(a, b) ((b) < (a) ? (b) : (a))

/* EW_FOR(k, n, stmt...): run stmt for k = 0..n-1, in blocks of EW_BLOCK
 * with a constant trip count and, for gcc, no assumed dependence between
 * iterations (ivdep), so that gcc -O2 (whose cost model refuses runtime alias
 * checks and epilogues) vectorises the block; clang -O2 vectorises with
 * runtime checks (its forcing pragma warns on loops it cannot vectorise).
 * ivdep is sound for the aliasing the kernels allow: an output that is
 * exactly an input (element k read before element k is written).  The
 * outer loop has it too: at -O3 gcc unrolls the block and vectorises the
 * outer loop, which without ivdep it versions for aliasing, so an in-place
 * node (output = input, the planner's reuse) ran the scalar copy. */
#define EW_BLOCK 16
#if defined(__GNUC__) && !defined(__clang__)
#define EW_IVDEP _Pragma("GCC ivdep")
#else
#define EW_IVDEP
#endif
#define EW_FOR(k, n, ...)                                                                \
	do {                                                                             \
		int64_t b_ = 0, j_;                                                      \
		EW_IVDEP                                                                 \
		for (; b_ + EW_BLOCK <= (n); b_ += EW_BLOCK) {                           \
			EW_IVDEP                                                         \
			for (j_ = 0; j_ < EW_BLOCK; j_++) {                              \
				const int64_t k = b_ + j_;                               \
				__VA_ARGS__                                              \
			}                                                                \
		}                                                                        \
		for (j_ = b_; j_ < (n); j_++) {                                          \
			const int64_t k = j_;                                            \
			__VA_ARGS__                                                      \
		}                                                                        \
	} while (0)

/* EW_UN(name, tag, T, TO, P, EXPR): o = EXPR(x) with x of type T, result TO,
 * parameters p0..p2 taken from k->P[] (f, i or u). */
#define EW_UN(name, tag, T, TO, P, EXPR)                                                 \
	static void name##_##tag(const void *a_, int64_t sa, const void *b_, int64_t sb,    \
				 void *o_, int64_t n, const ew_k *k)                        \
	{                                                                                   \
		const T *a = a_;                                                            \
		TO *o = o_;                                                                 \
		const T p0 = (T)k->P[0], p1 = (T)k->P[1], p2 = (T)k->P[2];                  \
		(void)b_; (void)sb; (void)p0; (void)p1; (void)p2;                           \
		if (!sa) {                                                                  \
			const T x = a[0];                                                   \
			const TO v = (TO)(EXPR);                                            \
			EW_FOR(i, n, o[i] = v;);                                            \
			return;                                                             \
		}                                                                           \
		EW_FOR(i, n, const T x = a[i]; o[i] = (TO)(EXPR););                         \
	}

/* EW_BIN(name, tag, T, TO, EXPR): o = EXPR(x, y); a loop for each of the
 * stride cases so that each one is a plain contiguous loop. */
#define EW_BIN(name, tag, T, TO, EXPR)                                                   \
	static void name##_##tag(const void *a_, int64_t sa, const void *b_, int64_t sb,    \
				 void *o_, int64_t n, const ew_k *k)                        \
	{                                                                                   \
		const T *a = a_, *b = b_;                                                   \
		TO *o = o_;                                                                 \
		(void)k;                                                                    \
		if (sa && sb) {                                                             \
			EW_FOR(i, n, const T x = a[i]; const T y = b[i]; o[i] = (TO)(EXPR);); \
		} else if (sa) {                                                            \
			const T y = b[0];                                                   \
			EW_FOR(i, n, const T x = a[i]; o[i] = (TO)(EXPR););                 \
		} else if (sb) {                                                            \
			const T x = a[0];                                                   \
			EW_FOR(i, n, const T y = b[i]; o[i] = (TO)(EXPR););                 \
		} else {                                                                    \
			const T x = a[0], y = b[0];                                         \
			const TO v = (TO)(EXPR);                                            \
			EW_FOR(i, n, o[i] = v;);                                            \
		}                                                                           \
	}

/* table rows: the function of each compute type, NULL where unsupported */
#define EW_FNS(f32, f64, i64, u64, b) { f32, f64, i64, u64, b }
#define EW_FL(name) EW_FNS(name##_f32, name##_f64, NULL, NULL, NULL)
/* table entries: EW_D(op, kind, flags, fns); EW_DA adds designated fields
 * (.attr = {...}, .dflt = {...}, .fin = ...) */
#define EW_D(name, kd, fl, fns) { .op = IR_OP_##name, .kind = (kd), .flags = (fl), .fn = fns }
#define EW_DA(name, kd, fl, fns, ...) \
	{ .op = IR_OP_##name, .kind = (kd), .flags = (fl), .fn = fns, __VA_ARGS__ }

#endif
