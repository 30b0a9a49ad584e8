/*
 * h_gcase.c - table-driven kernel cases (see h_gcase.h).
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "h_gcase.h"
#include "h_kernel.h"

void gc_run(const gcase *c, double tol)
{
	hk *h = hk_new(c->op, c->opset, c->n_in, 1);
	unsigned char buf[GC_MAXN * 8];
	rt_tensor t;
	int64_t i, numel = 1;
	int k;

	for (k = 0; k < c->nattr; k++) {
		if (c->attrs[k].n)
			hk_attr_ints(h, c->attrs[k].name, c->attrs[k].n, c->attrs[k].v);
		else
			hk_attr_int(h, c->attrs[k].name, c->attrs[k].v[0]);
	}
	for (k = 0; k < c->rank; k++)
		numel *= c->dims[k];
	ck_assert(numel <= GC_MAXN);
	memset(&t, 0, sizeof t);
	t.dtype = c->dtype;
	t.data = buf;
	for (i = 0; i < numel; i++)
		rt_put_f(&t, i, c->x[i]);
	hk_input(h, 0, c->dtype, c->rank, c->dims, buf, 0);
	if (c->n_in > 1) {
		t.dtype = c->in1_dtype;
		numel = c->in1_rank ? c->in1_dims[0] : 1;
		for (i = 0; i < numel; i++)
			rt_put_i(&t, i, c->in1[i]);
		hk_input(h, 1, c->in1_dtype, c->in1_rank, c->in1_dims, buf, 1);
	}
	ck_assert_msg(hk_run(h) == 0, "%s: %s", c->name, h->err.msg);
	ck_assert_int_eq(h->out[0].dtype, c->ydtype);
	hk_assert_dims(h, 0, c->yrank, c->ydims);
	for (i = 0; i < h->out[0].numel; i++) {
		double got = rt_get_f(&h->out[0], i), want = c->y[i];
		if (c->ydtype == IR_INT64)
			ck_assert_msg(hk_outi64(h, 0)[i] == (int64_t)want,
				      "%s: element %lld: got %lld, expected %lld", c->name,
				      (long long)i, (long long)hk_outi64(h, 0)[i], (long long)want);
		else
			ck_assert_msg(fabs(got - want) <= tol * (1 + fabs(want)) ||
				      (isnan(got) && isnan(want)) || got == want,
				      "%s: element %lld: got %.9g, expected %.9g", c->name,
				      (long long)i, got, want);
	}
	hk_free(h);
}
