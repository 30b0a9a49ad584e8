/*
 * test_k_string.c - string tensors through the kernel harness: Cast and
 * CastLike to and from string (numpy's str() formatting, values from the
 * ONNX backend test data and numpy 1.x), StringNormalizer (the backend
 * test cases), refusals.
 */
#include <math.h>
#include <string.h>

#include "h_kernel.h"
#include "testutil.h"

static void assert_strings(hk *h, int k, int n, const char *const *exp)
{
	int i;

	ck_assert_int_eq(h->out[k].dtype, IR_STRING);
	ck_assert_int_eq(h->out[k].numel, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(!strcmp(hk_outs(h, k)[i], exp[i]), "element %d: \"%s\", expected \"%s\"",
			      i, hk_outs(h, k)[i], exp[i]);
}

static hk *cast_to(int to)
{
	hk *h = hk_new("Cast", 13, 1, 1);

	hk_attr_int(h, "to", to);
	return h;
}

START_TEST(float_to_string)
{
	/* numpy: np.array(x, np.float32).astype(str); the first four from
	 * test_cast_FLOAT_to_STRING */
	const float x[] = { 0.9767611f, 0.039187793f, 0.064147495f, NAN, INFINITY, -INFINITY, 0.0f,
			    -0.0f, 3.0f, 1e-05f, 100000.0f, 1e16f, 1.5e-07f, 123.456f, 0.0001f, -2.5f };
	const char *const y[] = { "0.9767611", "0.039187793", "0.064147495", "nan", "inf", "-inf",
				  "0.0", "-0.0", "3.0", "1e-05", "100000.0", "1e+16", "1.5e-07",
				  "123.456", "1e-04", "-2.5" };
	int64_t d = 16, d2[2] = { 2, 8 };
	hk *h = cast_to(IR_STRING);

	hk_input(h, 0, IR_FLOAT, 1, &d, x, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 16, y);
	/* the shape is kept */
	hk_input(h, 0, IR_FLOAT, 2, d2, x, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d2);
	assert_strings(h, 0, 16, y);
	hk_free(h);
}
END_TEST

START_TEST(other_types_to_string)
{
	const double xd[] = { 0.1, 1.0 / 3, 1e100, 5e-324 };
	const char *const yd[] = { "0.1", "0.3333333333333333", "1e+100", "5e-324" };
	/* float16 0.1, 65504, 6e-08 (bits) */
	const uint16_t xh[] = { 0x2e66, 0x7bff, 0x0001 };
	const char *const yh[] = { "0.1", "65500.0", "6e-08" };
	const int64_t xi[] = { -5, INT64_MAX };
	const char *const yi[] = { "-5", "9223372036854775807" };
	const uint64_t xu[] = { UINT64_MAX };
	const char *const yu[] = { "18446744073709551615" };
	const uint8_t xb[] = { 1, 0 };
	const char *const yb[] = { "True", "False" };
	int64_t d4 = 4, d3 = 3, d2 = 2, d1 = 1;
	hk *h = cast_to(IR_STRING);

	hk_input(h, 0, IR_DOUBLE, 1, &d4, xd, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 4, yd);
	hk_input(h, 0, IR_FLOAT16, 1, &d3, xh, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 3, yh);
	hk_input(h, 0, IR_INT64, 1, &d2, xi, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 2, yi);
	hk_input(h, 0, IR_UINT64, 1, &d1, xu, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 1, yu);
	hk_input(h, 0, IR_BOOL, 1, &d2, xb, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 2, yb);
	hk_free(h);
}
END_TEST

START_TEST(string_to_numbers)
{
	/* test_cast_STRING_to_FLOAT's specials */
	const char *x[] = { "0.47892547", "0.816468", "NaN", "INF", "+INF", "-INF" };
	const char *xi[] = { "42", "-7", "300" };
	const char *xb[] = { "True", "false", "0", "2.5" };
	int64_t d6 = 6, d3 = 3, d4 = 4;
	hk *h = cast_to(IR_FLOAT);
	const float *y;

	hk_input(h, 0, IR_STRING, 1, &d6, x, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_FLOAT);
	y = hk_outf(h, 0);
	ck_assert(y[0] == 0.47892547f && y[1] == 0.816468f);
	ck_assert(isnan(y[2]) && y[3] == INFINITY && y[4] == INFINITY && y[5] == -INFINITY);
	hk_free(h);

	h = cast_to(IR_INT32);
	hk_input(h, 0, IR_STRING, 1, &d3, xi, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(((int32_t *)h->out[0].data)[0], 42);
	ck_assert_int_eq(((int32_t *)h->out[0].data)[1], -7);
	ck_assert_int_eq(((int32_t *)h->out[0].data)[2], 300);
	hk_free(h);

	h = cast_to(IR_BOOL);
	hk_input(h, 0, IR_STRING, 1, &d4, xb, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_mem_eq(h->out[0].data, "\1\0\0\1", 4);
	hk_free(h);

	/* CastLike takes the type of its second input (constant too) */
	h = hk_new("CastLike", 15, 2, 1);
	hk_input(h, 0, IR_STRING, 1, &d3, xi, 1);
	hk_input(h, 1, IR_INT64, 1, &d3, (int64_t[]){ 0, 0, 0 }, 1);
	ck_assert_int_eq(hk_run(h), 0);
	ck_assert_int_eq(h->out[0].dtype, IR_INT64);
	ck_assert_int_eq(hk_outi64(h, 0)[2], 300);
	hk_free(h);
}
END_TEST

START_TEST(string_refusals)
{
	const char *bad[] = { "1.5", "abc" };
	const float x[] = { 1 };
	int64_t d2 = 2, d1 = 1;
	hk *h = cast_to(IR_FLOAT);

	/* an unparsable string: a data error when folding */
	hk_input(h, 0, IR_STRING, 1, &d2, bad, 1);
	ck_assert_int_eq(hk_run(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "(\"abc\") is not a float"));
	/* not constant: reported as needing the input's values */
	hk_input(h, 0, IR_STRING, 1, &d2, bad, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[0]);
	hk_free(h);

	/* outside prepare (no plan to own the strings) */
	h = cast_to(IR_STRING);
	hk_input(h, 0, IR_FLOAT, 1, &d1, x, 1);
	h->rn.alloc_const = NULL;
	ck_assert_int_eq(hk_run(h), -1);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "only computed when the model is prepared"));
	hk_free(h);
}
END_TEST

/* a StringNormalizer-10 node */
static hk *sn(const char *action, int sensitive, int n_stop, const char *const *stop)
{
	hk *h = hk_new("StringNormalizer", 10, 1, 1);
	ir_attr *a;
	int i;

	if (action)
		hk_attr_string(h, "case_change_action", action);
	if (sensitive >= 0)
		hk_attr_int(h, "is_case_sensitive", sensitive);
	if (n_stop) {
		a = ir_node_add_attr(h->node, "stopwords", IR_ATTR_STRINGS, &h->err);
		ck_assert_ptr_nonnull(a);
		a->n = n_stop;
		a->strings = onnxc_calloc((size_t)n_stop, sizeof *a->strings);
		a->string_lens = onnxc_calloc((size_t)n_stop, sizeof *a->string_lens);
		for (i = 0; i < n_stop; i++) {
			a->strings[i] = onnxc_strdup(stop[i]);
			a->string_lens[i] = strlen(stop[i]);
		}
	}
	return h;
}

START_TEST(string_normalizer)
{
	/* the backend test cases (test_strnormalizer_*) */
	const char *const monday[] = { "monday" };
	const char *x4[] = { "monday", "tuesday", "wednesday", "thursday" };
	const char *const lower[] = { "tuesday", "wednesday", "thursday" };
	const char *const upper[] = { "TUESDAY", "WEDNESDAY", "THURSDAY" };
	const char *x6[] = { "Monday", "tuesday", "wednesday", "Monday", "tuesday", "wednesday" };
	const char *const upper6[] = { "TUESDAY", "WEDNESDAY", "TUESDAY", "WEDNESDAY" };
	const char *x2[] = { "monday", "monday" };
	const char *xmix[] = { "MonDay", "Ab1-z" };
	const char *const empty[] = { "" };
	const char *const mix_lower[] = { "monday", "ab1-z" };
	int64_t d4 = 4, d3 = 3, d2 = 2, d16[2] = { 1, 6 }, d14[2] = { 1, 4 }, d12[2] = { 1, 2 };
	int64_t d11[2] = { 1, 1 }, d1 = 1;
	hk *h;

	h = sn("LOWER", 1, 1, monday);
	hk_input(h, 0, IR_STRING, 1, &d4, x4, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, &d3);
	assert_strings(h, 0, 3, lower);
	hk_free(h);

	h = sn("UPPER", 1, 1, monday);
	hk_input(h, 0, IR_STRING, 1, &d4, x4, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 3, upper);
	hk_free(h);

	/* case-insensitive by default: "Monday" is a stopword; [1, C] kept */
	h = sn("UPPER", -1, 1, monday);
	hk_input(h, 0, IR_STRING, 2, d16, x6, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d14);
	assert_strings(h, 0, 4, upper6);
	/* case-sensitive: "Monday" stays */
	hk_free(h);
	h = sn(NULL, 1, 1, monday);
	hk_input(h, 0, IR_STRING, 2, d16, x6, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d16);
	ck_assert_str_eq(hk_outs(h, 0)[0], "Monday");
	hk_free(h);

	/* everything dropped: [""] of shape [1], or [1, 1] */
	h = sn("UPPER", 1, 1, monday);
	hk_input(h, 0, IR_STRING, 1, &d2, x2, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 1, &d1);
	assert_strings(h, 0, 1, empty);
	hk_input(h, 0, IR_STRING, 2, d12, x2, 1);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d11);
	assert_strings(h, 0, 1, empty);
	hk_free(h);

	/* no stopwords, ASCII lowering only */
	h = sn("LOWER", -1, 0, NULL);
	hk_input(h, 0, IR_STRING, 1, &d2, xmix, 1);
	ck_assert_int_eq(hk_run(h), 0);
	assert_strings(h, 0, 2, mix_lower);
	hk_free(h);
}
END_TEST

START_TEST(string_normalizer_refusals)
{
	const char *x[] = { "a", "b", "c", "d" };
	int64_t d4 = 4, d22[2] = { 2, 2 };
	const float f[4] = { 0 };
	hk *h;

	h = sn("TITLE", -1, 0, NULL);
	hk_input(h, 0, IR_STRING, 1, &d4, x, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "case_change_action 'TITLE'"));
	hk_free(h);

	h = sn(NULL, -1, 0, NULL);
	hk_attr_string(h, "locale", "tr_TR");
	hk_input(h, 0, IR_STRING, 1, &d4, x, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_int_eq(h->err.code, ONNXC_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "locale 'tr_TR'"));
	hk_free(h);

	h = sn(NULL, -1, 0, NULL);
	hk_input(h, 0, IR_STRING, 2, d22, x, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "[C] or [1, C]"));
	hk_input(h, 0, IR_FLOAT, 1, &d4, f, 1);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_nonnull(strstr(h->err.msg, "must be string"));
	hk_input(h, 0, IR_STRING, 1, &d4, x, 0);
	ck_assert_int_eq(hk_prep(h), -1);
	ck_assert_ptr_eq(h->rn.need_value, &h->in[0]);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_string");
	TCase *tc = tcase_create("string");

	tcase_add_test(tc, float_to_string);
	tcase_add_test(tc, other_types_to_string);
	tcase_add_test(tc, string_to_numbers);
	tcase_add_test(tc, string_refusals);
	tcase_add_test(tc, string_normalizer);
	tcase_add_test(tc, string_normalizer_refusals);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
