/*
 * test_k_identity.c - Identity through the kernel harness.
 */
#include "h_kernel.h"
#include "testutil.h"

START_TEST(identity_copies)
{
	hk *h = hk_new("Identity", 13, 1, 1);
	int64_t d[2] = { 2, 2 };
	float x[4] = { 1, -2, 3.5f, 0 };

	hk_input(h, 0, IR_FLOAT, 2, d, x, 0);
	ck_assert_int_eq(hk_run(h), 0);
	hk_assert_dims(h, 0, 2, d);
	hk_assert_close(h, 0, x, 4, 0);
	hk_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("k_identity");
	TCase *tc = tcase_create("identity");

	tcase_add_test(tc, identity_copies);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
