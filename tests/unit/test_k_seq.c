/*
 * test_k_seq.c - the sequence ops through the kernel harness, chained by
 * handing one node's rt_seq output to the next as a constant input.
 * Expected values by hand (the ONNX semantics of opset 11).
 */
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

/* item: a constant float tensor over data (not copied) */
static rt_tensor item(int rank, const int64_t *dims, const float *data)
{
	rt_tensor t = { 0 };
	onnxc_err err = { 0 };

	ck_assert_int_eq(rt_set_shape(&(rt_node){ 0 }, &t, IR_FLOAT, rank, dims, &err), 0);
	t.data = (void *)data;
	t.is_const = 1;
	return t;
}

/* seq_input: input idx of h is the sequence s (constant) */
static void seq_input(hk *h, int idx, const rt_seq *s)
{
	hk_input(h, idx, RT_SEQUENCE, 0, NULL, s, 1);
}

static const rt_seq *seq_out(hk *h)
{
	ck_assert_int_eq(h->out[0].dtype, RT_SEQUENCE);
	ck_assert_int_eq(h->out[0].rank, 0);
	return h->out[0].data;
}

/* scalar_input: input idx is the int64 scalar v (constant) */
static void scalar_input(hk *h, int idx, int64_t v)
{
	hk_input(h, idx, IR_INT64, 0, NULL, &v, 1);
}

static const float xa[4] = { 1, 2, 3, 4 }, xb[2] = { 5, 6 }, xc[6] = { 7, 8, 9, 10, 11, 12 };
static const int64_t da[2] = { 2, 2 }, db[2] = { 1, 2 }, dc[2] = { 3, 2 };

START_TEST(construct_at_length)
{
	hk *c = hk_new("SequenceConstruct", 11, 3, 1), *at = hk_new("SequenceAt", 11, 2, 1);
	hk *len = hk_new("SequenceLength", 11, 1, 1);
	const rt_seq *s;

	hk_input(c, 0, IR_FLOAT, 2, da, xa, 1);
	hk_input(c, 1, IR_FLOAT, 2, db, xb, 1);
	hk_input(c, 2, IR_FLOAT, 2, dc, xc, 1);
	ck_assert_int_eq(hk_run(c), 0);
	s = seq_out(c);
	ck_assert_int_eq(s->n, 3);
	ck_assert_int_eq(s->items[1].rank, 2);
	ck_assert_int_eq(s->items[1].dims[0], 1);

	seq_input(at, 0, s);
	scalar_input(at, 1, -1);           /* the last: xc */
	ck_assert_int_eq(hk_run(at), 0);
	hk_assert_dims(at, 0, 2, dc);
	hk_assert_close(at, 0, xc, 6, 0);
	scalar_input(at, 1, 1);
	ck_assert_int_eq(hk_run(at), 0);
	hk_assert_dims(at, 0, 2, db);
	hk_assert_close(at, 0, xb, 2, 0);
	scalar_input(at, 1, 3);            /* out of range */
	ck_assert_int_eq(hk_prep(at), -1);
	ck_assert_ptr_nonnull(strstr(at->err.msg, "position 3 is out of range"));

	seq_input(len, 0, s);
	ck_assert_int_eq(hk_run(len), 0);
	ck_assert_int_eq(len->out[0].dtype, IR_INT64);
	ck_assert_int_eq(len->out[0].rank, 0);
	ck_assert_int_eq(hk_outi64(len, 0)[0], 3);

	/* mixed element types are refused */
	hk_input(c, 1, IR_INT64, 1, db, NULL, 1);
	ck_assert_int_eq(hk_prep(c), -1);
	ck_assert_ptr_nonnull(strstr(c->err.msg, "one type"));
	hk_free(len);
	hk_free(at);
	hk_free(c);
}
END_TEST

START_TEST(empty_insert_erase)
{
	hk *e = hk_new("SequenceEmpty", 11, 0, 1), *i1 = hk_new("SequenceInsert", 11, 2, 1);
	hk *i2 = hk_new("SequenceInsert", 11, 3, 1), *er = hk_new("SequenceErase", 11, 2, 1);
	const rt_seq *s;

	ck_assert_int_eq(hk_run(e), 0);    /* float by default */
	s = seq_out(e);
	ck_assert_int_eq(s->n, 0);
	ck_assert_int_eq(s->dtype, IR_FLOAT);

	seq_input(i1, 0, s);               /* at the end: [a] */
	hk_input(i1, 1, IR_FLOAT, 2, da, xa, 1);
	ck_assert_int_eq(hk_run(i1), 0);
	s = seq_out(i1);
	ck_assert_int_eq(s->n, 1);

	seq_input(i2, 0, s);               /* at 0: [b, a] */
	hk_input(i2, 1, IR_FLOAT, 2, db, xb, 1);
	scalar_input(i2, 2, 0);
	ck_assert_int_eq(hk_run(i2), 0);
	s = seq_out(i2);
	ck_assert_int_eq(s->n, 2);
	ck_assert_int_eq(s->items[0].dims[0], 1);
	ck_assert_ptr_eq(s->items[1].data, i1->in[1].data);

	seq_input(er, 0, s);               /* erase -2: [a] */
	scalar_input(er, 1, -2);
	ck_assert_int_eq(hk_run(er), 0);
	ck_assert_int_eq(seq_out(er)->n, 1);
	ck_assert_int_eq(seq_out(er)->items[0].dims[0], 2);
	hk_omit_input(er, 1);              /* erase the last: [b] */
	ck_assert_int_eq(hk_run(er), 0);
	ck_assert_int_eq(seq_out(er)->n, 1);
	ck_assert_int_eq(seq_out(er)->items[0].dims[0], 1);

	/* an insert position past the end, a type that does not match */
	scalar_input(i2, 2, 1);            /* [a, b]: the end of [a] */
	ck_assert_int_eq(hk_run(i2), 0);
	ck_assert_int_eq(seq_out(i2)->items[1].dims[0], 1);
	scalar_input(i2, 2, 2);
	ck_assert_int_eq(hk_prep(i2), -1);
	ck_assert_ptr_nonnull(strstr(i2->err.msg, "out of range"));
	scalar_input(i2, 2, 0);
	hk_input(i2, 1, IR_INT64, 1, db, NULL, 1);
	ck_assert_int_eq(hk_prep(i2), -1);
	ck_assert_ptr_nonnull(strstr(i2->err.msg, "cannot join a sequence of float"));
	/* a tensor where a sequence belongs; a sequence not known at prepare */
	hk_input(er, 0, IR_FLOAT, 2, da, xa, 1);
	ck_assert_int_eq(hk_prep(er), -1);
	ck_assert_ptr_nonnull(strstr(er->err.msg, "must be a sequence"));
	er->in[0].is_const = 0;
	ck_assert_int_eq(hk_prep(er), -1);
	ck_assert_int_eq(er->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_ptr_eq(er->rn.need_value, &er->in[0]);
	hk_free(er);
	hk_free(i2);
	hk_free(i1);
	hk_free(e);
}
END_TEST

START_TEST(concat_from_sequence)
{
	const float p[2] = { 1, 2 }, q[4] = { 3, 4, 5, 6 }, r[2] = { 7, 8 };
	const int64_t d21[2] = { 2, 1 }, d22[2] = { 2, 2 }, d24[2] = { 2, 4 }, d2 = 2;
	const int64_t d23[2] = { 2, 3 };
	rt_tensor items[3] = { item(2, d21, p), item(2, d22, q), item(2, d21, r) };
	rt_seq s = { 3, IR_FLOAT, items };
	/* axis 1: rows [1 3 4 7] [2 5 6 8] */
	const float y[8] = { 1, 3, 4, 7, 2, 5, 6, 8 };
	/* new_axis on the last axis of three [2] items: [[1 3 7] [2 4 8]] */
	rt_tensor items2[3] = { item(1, &d2, p), item(1, &d2, q), item(1, &d2, r) };
	rt_seq s2 = { 3, IR_FLOAT, items2 };
	const float y2[6] = { 1, 3, 7, 2, 4, 8 };
	hk *h = hk_new("ConcatFromSequence", 11, 1, 1);

	hk_attr_int(h, "axis", 1);
	seq_input(h, 0, &s);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d24);
	hk_assert_close(h, 0, y, 8, 0);
	hk_free(h);
	/* axis 0 needs equal dims elsewhere: [2,1] and [2,2] do not stack */
	h = hk_new("ConcatFromSequence", 11, 1, 1);
	hk_attr_int(h, "axis", 0);
	seq_input(h, 0, &s);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "item 1: dim 1 is 2, expected 1"));
	hk_free(h);

	h = hk_new("ConcatFromSequence", 11, 1, 1);
	hk_attr_int(h, "axis", -1);
	hk_attr_int(h, "new_axis", 1);
	seq_input(h, 0, &s2);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d23);
	hk_assert_close(h, 0, y2, 6, 0);
	hk_free(h);
}
END_TEST

START_TEST(split_to_sequence)
{
	const float x[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	const int64_t d25[2] = { 2, 5 }, d22[2] = { 2, 2 }, d21[2] = { 2, 1 }, d5 = 5;
	const int64_t d24[2] = { 2, 4 }, sp[2] = { 1, 4 }, bad[2] = { 1, 3 }, d2 = 2;
	const float y0[4] = { 0, 1, 5, 6 }, y2[2] = { 4, 9 }, z1[5] = { 5, 6, 7, 8, 9 };
	const float w1[8] = { 1, 2, 3, 4, 6, 7, 8, 9 };
	hk *h = hk_new("SplitToSequence", 11, 2, 1);
	const rt_seq *s;

	/* a scalar split along axis 1: [2,2] [2,2] [2,1] */
	hk_attr_int(h, "axis", 1);
	hk_input(h, 0, IR_FLOAT, 2, d25, x, 1);
	scalar_input(h, 1, 2);
	ck_assert_int_eq(hk_run(h), 0);
	s = seq_out(h);
	ck_assert_int_eq(s->n, 3);
	ck_assert_int_eq(s->items[0].rank, 2);
	ck_assert_mem_eq(s->items[0].dims, d22, sizeof d22);
	ck_assert_mem_eq(s->items[2].dims, d21, sizeof d21);
	ck_assert_mem_eq(s->items[0].data, y0, sizeof y0);
	ck_assert_mem_eq(s->items[2].data, y2, sizeof y2);
	/* lengths [1, 4] */
	hk_input(h, 1, IR_INT64, 1, &d2, sp, 1);
	ck_assert_int_eq(hk_run(h), 0);
	s = seq_out(h);
	ck_assert_int_eq(s->n, 2);
	ck_assert_mem_eq(s->items[1].dims, d24, sizeof d24);
	ck_assert_mem_eq(s->items[1].data, w1, sizeof w1);
	hk_input(h, 1, IR_INT64, 1, &d2, bad, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "splits sum to 4, the axis has 5"));
	hk_free(h);

	/* no split, keepdims 0 along axis 0: two [5] rows */
	h = hk_new("SplitToSequence", 11, 1, 1);
	hk_attr_int(h, "keepdims", 0);
	hk_input(h, 0, IR_FLOAT, 2, d25, x, 1);
	ck_assert_int_eq(hk_run(h), 0);
	s = seq_out(h);
	ck_assert_int_eq(s->n, 2);
	ck_assert_int_eq(s->items[1].rank, 1);
	ck_assert_int_eq(s->items[1].dims[0], d5);
	ck_assert_mem_eq(s->items[1].data, z1, sizeof z1);
	/* not known at prepare */
	h->in[0].is_const = 0;
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[0]);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_seq");
	TCase *tc = tcase_create("seq");

	tcase_add_test(tc, construct_at_length);
	tcase_add_test(tc, empty_insert_erase);
	tcase_add_test(tc, concat_from_sequence);
	tcase_add_test(tc, split_to_sequence);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
