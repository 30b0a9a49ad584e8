/*
 * test_npy.c - .npy reading and writing, including malformed headers.
 */
#include <stdio.h>
#include <string.h>

#include "npy.h"
#include "testutil.h"

START_TEST(roundtrip)
{
	const char *path = tu_bin("tests/npy_roundtrip.npy");
	int64_t dims[3] = { 2, 1, 3 };
	float x[6] = { 1, 2, 3, -4, 5.5f, 6 };
	onnxc_err err = { 0 };
	ir_tensor *t;

	ck_assert_int_eq(fe_npy_write(path, IR_FLOAT, 3, dims, x, &err), 0);
	ck_assert_int_eq(fe_npy_read(path, &t, &err), 0);
	ck_assert_int_eq(t->dtype, IR_FLOAT);
	ck_assert_int_eq(t->rank, 3);
	ck_assert_int_eq(t->dims[2], 3);
	ck_assert(!memcmp(t->data, x, sizeof x));
	ir_tensor_free(t);
}
END_TEST

START_TEST(scalar_and_int64)
{
	const char *path = tu_bin("tests/npy_scalar.npy");
	int64_t v = -7;
	onnxc_err err = { 0 };
	ir_tensor *t;

	ck_assert_int_eq(fe_npy_write(path, IR_INT64, 0, NULL, &v, &err), 0);
	ck_assert_int_eq(fe_npy_read(path, &t, &err), 0);
	ck_assert_int_eq(t->rank, 0);
	ck_assert_int_eq(*(int64_t *)t->data, -7);
	ir_tensor_free(t);
}
END_TEST

static int parse(const char *hdr, size_t data_len, onnxc_err *err)
{
	unsigned char buf[512] = "\x93NUMPY\x01\x00";
	size_t hl = strlen(hdr);
	ir_tensor *t = NULL;
	int rc;

	buf[8] = (unsigned char)hl;
	buf[9] = 0;
	memcpy(buf + 10, hdr, hl);
	rc = fe_npy_parse(buf, 10 + hl + data_len, "x.npy", &t, err);
	ir_tensor_free(t);
	return rc;
}

START_TEST(malformed)
{
	onnxc_err err = { 0 };

	ck_assert_int_eq(parse("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 8, &err), 0);
	ck_assert_int_eq(parse("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 4, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "x.npy"));
	onnxc_errclear(&err);
	ck_assert_int_eq(parse("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }\n", 8, &err), -1);
	onnxc_errclear(&err);
	ck_assert_int_eq(parse("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", 8, &err), -1);
	onnxc_errclear(&err);
	ck_assert_int_eq(parse("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }\n", 8, &err), -1);
	onnxc_errclear(&err);
	ck_assert_int_eq(parse("{'descr': '<U8', 'fortran_order': False, 'shape': (2,), }\n", 8, &err), -1);
	onnxc_errclear(&err);
	ck_assert_int_eq(parse("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }\n", 8, &err), -1);
	onnxc_errclear(&err);
	ck_assert_int_eq(parse("garbage", 0, &err), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("npy");
	TCase *tc = tcase_create("npy");

	tcase_add_test(tc, roundtrip);
	tcase_add_test(tc, scalar_and_int64);
	tcase_add_test(tc, malformed);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
