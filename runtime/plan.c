/*
 * plan.c - static memory planning: offsets for buffers with known sizes and
 * lifetimes inside one arena.
 *
 * Greedy by size with best-fit gaps (Pisarchyk & Lee 2020; TFLite's arena
 * planner), run over several orderings of the buffers, keeping the smallest
 * arena (as Glow does).  Lifetimes are inclusive node-index intervals: two
 * buffers conflict when their intervals intersect.  Sizes are rounded up to
 * RT_ALIGN; offsets are multiples of it.
 */
#include <stdlib.h>
#include <string.h>

#include "plan.h"

static size_t align_up(size_t n)
{
	return (n + RT_ALIGN - 1) & ~(size_t)(RT_ALIGN - 1);
}

static int overlaps(const rt_buf *a, const rt_buf *b)
{
	return a->start <= b->end && b->start <= a->end;
}

/* Orderings tried; each is a comparator over buffer indices.  qsort has no
 * context argument in C11, so the arrays it compares are thread-local. */
static _Thread_local const rt_buf *sort_bufs;
static _Thread_local const size_t *sort_off;

static int by_size(const void *x, const void *y)
{
	const rt_buf *a = &sort_bufs[*(const int *)x], *b = &sort_bufs[*(const int *)y];

	if (a->size != b->size)
		return a->size < b->size ? 1 : -1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return *(const int *)x - *(const int *)y;
}

static int by_area(const void *x, const void *y)
{
	const rt_buf *a = &sort_bufs[*(const int *)x], *b = &sort_bufs[*(const int *)y];
	double ea = (double)a->size * (a->end - a->start + 1);
	double eb = (double)b->size * (b->end - b->start + 1);

	if (ea != eb)
		return ea < eb ? 1 : -1;
	return by_size(x, y);
}

static int by_length(const void *x, const void *y)
{
	const rt_buf *a = &sort_bufs[*(const int *)x], *b = &sort_bufs[*(const int *)y];
	int la = a->end - a->start, lb = b->end - b->start;

	if (la != lb)
		return la < lb ? 1 : -1;
	return by_size(x, y);
}

static int by_start(const void *x, const void *y)
{
	const rt_buf *a = &sort_bufs[*(const int *)x], *b = &sort_bufs[*(const int *)y];

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return by_size(x, y);
}

static int by_offset(const void *x, const void *y)
{
	size_t a = sort_off[*(const int *)x], b = sort_off[*(const int *)y];

	return a < b ? -1 : a > b;
}

/* place: greedy best-fit in the given order; offsets go to off[], returns
 * the arena size.  placed/tmp are scratch arrays of n ints. */
static size_t place(const rt_buf *bufs, int n, const int *order, size_t *off, int *placed,
		    int *tmp)
{
	size_t total = 0;
	int np = 0, i, j;

	for (i = 0; i < n; i++) {
		const rt_buf *b = &bufs[order[i]];
		size_t sz = align_up(b->size), best = SIZE_MAX, best_gap = SIZE_MAX, cur = 0;
		int nt = 0;

		/* buffers already placed whose lifetimes meet b's, by offset */
		for (j = 0; j < np; j++)
			if (overlaps(&bufs[placed[j]], b))
				tmp[nt++] = placed[j];
		sort_off = off;
		qsort(tmp, (size_t)nt, sizeof *tmp, by_offset);
		for (j = 0; j < nt; j++) {
			size_t o = off[tmp[j]], e = o + align_up(bufs[tmp[j]].size);
			if (o >= cur && o - cur >= sz && o - cur < best_gap) {
				best = cur;
				best_gap = o - cur;
			}
			if (e > cur)
				cur = e;
		}
		if (best == SIZE_MAX)
			best = cur;
		off[order[i]] = best;
		if (best + sz > total)
			total = best + sz;
		placed[np++] = order[i];
	}
	return total;
}

int rt_plan_offsets(rt_buf *bufs, int n, size_t *arena_bytes, onnxc_err *err)
{
	static int (*const orders[])(const void *, const void *) = { by_size, by_area, by_length,
								    by_start };
	int *order = NULL, *placed = NULL, *tmp = NULL, k, i, rc = -1;
	size_t *off = NULL, *best_off = NULL, best = SIZE_MAX;

	*arena_bytes = 0;
	if (n == 0)
		return 0;
	order = onnxc_calloc((size_t)n, sizeof *order);
	placed = onnxc_calloc((size_t)n, sizeof *placed);
	tmp = onnxc_calloc((size_t)n, sizeof *tmp);
	off = onnxc_calloc((size_t)n, sizeof *off);
	best_off = onnxc_calloc((size_t)n, sizeof *best_off);
	if (!order || !placed || !tmp || !off || !best_off) {
		onnxc_oom(err);
		goto free_all;
	}
	for (k = 0; k < (int)(sizeof orders / sizeof orders[0]); k++) {
		size_t total;
		for (i = 0; i < n; i++)
			order[i] = i;
		sort_bufs = bufs;
		qsort(order, (size_t)n, sizeof *order, orders[k]);
		total = place(bufs, n, order, off, placed, tmp);
		if (total < best) {
			best = total;
			memcpy(best_off, off, sizeof *off * (size_t)n);
		}
	}
	for (i = 0; i < n; i++)
		bufs[i].offset = best_off[i];
	*arena_bytes = best;
	rc = 0;
free_all:
	onnxc_free(order);
	onnxc_free(placed);
	onnxc_free(tmp);
	onnxc_free(off);
	onnxc_free(best_off);
	return rc;
}

size_t rt_plan_lower_bound(const rt_buf *bufs, int n)
{
	size_t best = 0;
	int i, j;

	/* the peak is reached at the start of some buffer's lifetime */
	for (i = 0; i < n; i++) {
		size_t live = 0;
		for (j = 0; j < n; j++)
			if (bufs[j].start <= bufs[i].start && bufs[i].start <= bufs[j].end)
				live += align_up(bufs[j].size);
		if (live > best)
			best = live;
	}
	return best;
}

size_t rt_plan_naive(const rt_buf *bufs, int n)
{
	size_t sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += align_up(bufs[i].size);
	return sum;
}
