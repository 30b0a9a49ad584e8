/*
 * test_k_elemwise.h - helpers shared by the elementwise kernel suites
 * (test_k_unary.c, test_k_binary.c, test_k_logic.c, test_k_cast.c): run a
 * node on typed inputs and compare its output with expected values.
 */
#ifndef ONNXC_TEST_K_ELEMWISE_H
#define ONNXC_TEST_K_ELEMWISE_H

#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* one tensor: element type, shape, data (numel elements of the type) */
typedef struct tk_io {
	int dtype;
	int rank;
	int64_t dims[RT_MAXRANK];
	const void *data;
} tk_io;

static inline int tk_is_float(int dt)
{
	return dt == IR_FLOAT || dt == IR_DOUBLE || dt == IR_FLOAT16 || dt == IR_BFLOAT16;
}

/* tk_view: an rt_tensor over an io (for rt_get_f / rt_get_i) */
static inline rt_tensor tk_view(const tk_io *io)
{
	rt_tensor t;

	memset(&t, 0, sizeof t);
	t.dtype = io->dtype;
	t.rank = io->rank;
	memcpy(t.dims, io->dims, sizeof t.dims);
	t.numel = rt_numel(io->rank, io->dims);
	t.data = (void *)io->data;
	return t;
}

/* tk_inputs: give the node inputs in[0..n) (not constant); an entry of
 * type IR_UNDEFINED is an omitted optional input */
static inline void tk_inputs(hk *h, int n, const tk_io *in)
{
	int k;

	for (k = 0; k < n; k++) {
		if (in[k].dtype == IR_UNDEFINED)
			hk_omit_input(h, k);
		else
			hk_input(h, k, in[k].dtype, in[k].rank, in[k].dims, in[k].data, 0);
	}
}

/* tk_expect_out: output k has exp's type, shape and values: integers and
 * bools exactly, floats within tol + 1e-5 relative (NaN matches NaN, an
 * infinity the same infinity). */
static inline void tk_expect_out(hk *h, int k, const tk_io *exp, double tol)
{
	const char *name = h->node->op_type;
	rt_tensor e = tk_view(exp);
	const rt_tensor *g = &h->out[k];
	int64_t i;

	ck_assert_msg(g->dtype == exp->dtype, "%s output %d: type %s, expected %s", name, k,
		      ir_dtype_name(g->dtype), ir_dtype_name(exp->dtype));
	hk_assert_dims(h, k, exp->rank, exp->dims);
	for (i = 0; i < e.numel; i++) {
		if (tk_is_float(exp->dtype)) {
			double a = rt_get_f(g, i), b = rt_get_f(&e, i);
			int ok = (isnan(a) && isnan(b)) || a == b || fabs(a - b) <= tol + 1e-5 * fabs(b);
			ck_assert_msg(ok, "%s output %d element %lld: got %.9g, expected %.9g", name, k,
				      (long long)i, a, b);
		} else {
			int64_t a = rt_get_i(g, i), b = rt_get_i(&e, i);
			ck_assert_msg(a == b, "%s output %d element %lld: got %lld, expected %lld", name, k,
				      (long long)i, (long long)a, (long long)b);
		}
	}
}

/* tk_node: a node of op at opset with n_in inputs and one output, with the
 * integer attribute `attr` = v when attr is not NULL */
static inline hk *tk_node(const char *op, int opset, int n_in, const char *attr, int64_t v)
{
	hk *h = hk_new(op, opset, n_in, 1);

	if (attr)
		hk_attr_int(h, attr, v);
	return h;
}

/* tk_check: run h on in[0..n) and compare output 0 with *exp; frees h */
static inline void tk_check(hk *h, int n, const tk_io *in, const tk_io *exp, double tol)
{
	tk_inputs(h, n, in);
	ck_assert_msg(hk_run(h) == 0, "run failed: %s", h->err.msg);
	tk_expect_out(h, 0, exp, tol);
	hk_free(h);
}

/* tk_refused: prep of h on in[0..n) fails with `code` and a message naming
 * the node and containing `what`; frees h */
static inline void tk_refused(hk *h, int n, const tk_io *in, int code, const char *what)
{
	tk_inputs(h, n, in);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, code);
	ck_assert_msg(strstr(h->err.msg, "node 'n0'") != NULL, "message names no node: %s", h->err.msg);
	ck_assert_msg(strstr(h->err.msg, what) != NULL, "message '%s' lacks '%s'", h->err.msg, what);
	hk_free(h);
}

/* tk_inplace: prep h on in[0..n), then exec with output 0 in the memory of
 * input `alias` (same shape and type), and compare with *exp; frees h. */
static inline void tk_inplace(hk *h, int n, const tk_io *in, int alias, const tk_io *exp, double tol)
{
	const rt_op *op;

	tk_inputs(h, n, in);
	ck_assert_int_eq(hk_prep(h), 0);
	ck_assert_int_eq(h->out[0].nbytes, h->in[alias].nbytes);
	op = rt_op_get(h->node->op);
	ck_assert(op->flags & RT_INPLACE);
	h->out[0].data = h->in[alias].data;
	ck_assert_int_eq(op->exec(&h->rn, &h->err), 0);
	tk_expect_out(h, 0, exp, tol);
	h->out[0].data = NULL;
	hk_free(h);
}

/* tk_main: run the tests as one suite of one case; the process status */
static inline int tk_main(const char *name, const TTest *const *tests, int n)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(name);
	int i;

	for (i = 0; i < n; i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
#define TK_MAIN(name, ...)                                                               \
	int main(void)                                                                   \
	{                                                                                \
		const TTest *const tests[] = { __VA_ARGS__ };                            \
		return tk_main(name, tests, (int)(sizeof tests / sizeof *tests));        \
	}

/* ---- table-driven cases (the ONNX backend test data) ---- */
typedef struct tk_attr {
	const char *name;      /* NULL ends the list */
	int kind;              /* IR_ATTR_INT, _FLOAT or _STRING */
	int64_t i;
	float f;
	const char *s;
} tk_attr;

typedef struct tk_case {
	const char *name, *op;
	int opset, n_in;
	tk_io in[4];
	tk_io out;
	tk_attr attr[3];       /* { NULL }-terminated unless full */
	double tol;
} tk_case;

/* tk_run_case: build the node, set the attributes, run and compare */
static inline void tk_run_case(const tk_case *c)
{
	hk *h = hk_new(c->op, c->opset, c->n_in, 1);
	const tk_attr *a;

	for (a = c->attr; a < c->attr + 3 && a->name; a++) {
		if (a->kind == IR_ATTR_INT)
			hk_attr_int(h, a->name, a->i);
		else if (a->kind == IR_ATTR_FLOAT)
			hk_attr_float(h, a->name, a->f);
		else
			hk_attr_string(h, a->name, a->s);
	}
	tk_inputs(h, c->n_in, c->in);
	ck_assert_msg(hk_run(h) == 0, "%s: run failed: %s", c->name, h->err.msg);
	tk_expect_out(h, 0, &c->out, c->tol);
	hk_free(h);
}

/* data shorthands: compound-literal arrays of each element type, e.g.
 * { IR_FLOAT, 2, { 2, 3 }, F32(1, 2, 3, 4, 5, 6) } */
#define F32(...) ((const float[]){ __VA_ARGS__ })
#define F64(...) ((const double[]){ __VA_ARGS__ })
#define F16(...) ((const uint16_t[]){ __VA_ARGS__ })
#define I8(...) ((const int8_t[]){ __VA_ARGS__ })
#define I16(...) ((const int16_t[]){ __VA_ARGS__ })
#define I32(...) ((const int32_t[]){ __VA_ARGS__ })
#define I64(...) ((const int64_t[]){ __VA_ARGS__ })
#define U8(...) ((const uint8_t[]){ __VA_ARGS__ })
#define U16(...) ((const uint16_t[]){ __VA_ARGS__ })
#define U32(...) ((const uint32_t[]){ __VA_ARGS__ })
#define U64(...) ((const uint64_t[]){ __VA_ARGS__ })
#define BOOL(...) ((const uint8_t[]){ __VA_ARGS__ })

#endif
