/*
 * test_blas_core.c - the OpenBLAS core ranking and check: names ordered by
 * the vector kernels they use, case-insensitive, unknown names rank 0; the
 * CPU's best core and the check agree with each other on any machine (with
 * or without AVX-512).
 */
#include <string.h>

#include "onnxc.h"
#include "testutil.h"

START_TEST(ranks_are_ordered)
{
	ck_assert_int_lt(onnxc_blas_core_rank("prescott"), onnxc_blas_core_rank("sandybridge"));
	ck_assert_int_lt(onnxc_blas_core_rank("sandybridge"), onnxc_blas_core_rank("haswell"));
	ck_assert_int_lt(onnxc_blas_core_rank("haswell"), onnxc_blas_core_rank("skylakex"));
	ck_assert_int_lt(onnxc_blas_core_rank("Nehalem"), onnxc_blas_core_rank("Haswell"));
	ck_assert_int_eq(onnxc_blas_core_rank("zen"), onnxc_blas_core_rank("haswell"));
	ck_assert_int_eq(onnxc_blas_core_rank("Cooperlake"), onnxc_blas_core_rank("SkylakeX"));
	ck_assert_int_eq(onnxc_blas_core_rank("SapphireRapids"), onnxc_blas_core_rank("SkylakeX"));
	/* case-insensitive: OpenBLAS builds spell them either way */
	ck_assert_int_eq(onnxc_blas_core_rank("SKYLAKEX"), onnxc_blas_core_rank("skylakex"));
	ck_assert_int_eq(onnxc_blas_core_rank("Prescott"), 1);
	ck_assert_int_eq(onnxc_blas_core_rank("SkylakeX"), 4);
}
END_TEST

START_TEST(unknown_names_rank_zero)
{
	ck_assert_int_eq(onnxc_blas_core_rank(NULL), 0);
	ck_assert_int_eq(onnxc_blas_core_rank(""), 0);
	ck_assert_int_eq(onnxc_blas_core_rank("unknown"), 0);
	ck_assert_int_eq(onnxc_blas_core_rank("neoversen1"), 0);
	ck_assert_int_eq(onnxc_blas_core_rank("skylake"), 0);     /* not a prefix match */
	ck_assert_int_eq(onnxc_blas_core_rank("skylakex2"), 0);
}
END_TEST

START_TEST(check_agrees_with_best_core)
{
	const char *best = onnxc_blas_best_core(), *core = onnxc_blas_core();
	char msg[256] = "x";
	int weak;

	ck_assert_ptr_nonnull(core);
	ck_assert(*core);
	if (best)
		ck_assert_int_gt(onnxc_blas_core_rank(best), 1);
	weak = onnxc_blas_core_check(msg, sizeof msg);
	ck_assert_int_eq(weak, best && onnxc_blas_core_rank(core) &&
			       onnxc_blas_core_rank(core) < onnxc_blas_core_rank(best));
	if (weak) {
		ck_assert_ptr_nonnull(strstr(msg, best));
		ck_assert_ptr_null(strchr(msg, '\n'));
	} else {
		ck_assert_str_eq(msg, "");
	}
	/* a too-small buffer is cut, not overrun; NULL is allowed */
	ck_assert_int_eq(onnxc_blas_core_check(msg, 4), weak);
	ck_assert_int_le(strlen(msg), 3);
	ck_assert_int_eq(onnxc_blas_core_check(NULL, 0), weak);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("blas_core");
	TCase *tc = tcase_create("blas_core");

	tcase_add_test(tc, ranks_are_ordered);
	tcase_add_test(tc, unknown_names_rank_zero);
	tcase_add_test(tc, check_agrees_with_best_core);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
