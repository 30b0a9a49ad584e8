/*
 * test_plan.c - the arena planner, checked by an independent overlap checker.
 */
#include <stdlib.h>

#include "plan.h"
#include "testutil.h"

/* check_plan: no two buffers alive at one step share a byte; every buffer
 * lies inside the arena; offsets are aligned. */
static void check_plan(const rt_buf *b, int n, size_t arena)
{
	int i, j;

	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(b[i].offset % RT_ALIGN, 0);
		ck_assert_uint_le(b[i].offset + b[i].size, arena);
		for (j = i + 1; j < n; j++) {
			int live = b[i].start <= b[j].end && b[j].start <= b[i].end;
			int mem = b[i].size && b[j].size && b[i].offset < b[j].offset + b[j].size &&
				  b[j].offset < b[i].offset + b[i].size;
			ck_assert_msg(!(live && mem), "buffers %d and %d overlap", i, j);
		}
	}
}

START_TEST(chain_reuses_memory)
{
	/* a -> b -> c -> d: each buffer lives two steps; two slots suffice */
	rt_buf b[4] = { { 1000, 0, 1, 0 }, { 1000, 1, 2, 0 }, { 1000, 2, 3, 0 }, { 1000, 3, 4, 0 } };
	size_t arena;

	ck_assert_int_eq(rt_plan_offsets(b, 4, &arena, NULL), 0);
	check_plan(b, 4, arena);
	ck_assert_uint_eq(rt_plan_lower_bound(b, 4), 2 * 1024);
	ck_assert_uint_eq(arena, 2 * 1024);
	ck_assert_uint_eq(rt_plan_naive(b, 4), 4 * 1024);
}
END_TEST

START_TEST(random_plans_are_valid)
{
	int trial;

	srand(12345);
	for (trial = 0; trial < 300; trial++) {
		int n = 1 + rand() % 60, i;
		rt_buf *b = calloc((size_t)n, sizeof *b);
		size_t arena, lb;
		for (i = 0; i < n; i++) {
			b[i].start = rand() % 40;
			b[i].end = b[i].start + rand() % 10;
			b[i].size = (size_t)(rand() % 5 ? rand() % 100000 : 0);
		}
		ck_assert_int_eq(rt_plan_offsets(b, n, &arena, NULL), 0);
		check_plan(b, n, arena);
		lb = rt_plan_lower_bound(b, n);
		ck_assert_uint_ge(arena, lb);
		ck_assert_uint_le(arena, rt_plan_naive(b, n));
		free(b);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("offsets");

	tcase_add_test(tc, chain_reuses_memory);
	tcase_add_test(tc, random_plans_are_valid);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
