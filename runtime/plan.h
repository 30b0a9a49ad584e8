/*
 * plan.h - static memory planning of buffers with sizes and lifetimes.
 */
#ifndef ONNXC_PLAN_H
#define ONNXC_PLAN_H

#include <stddef.h>

#include "util.h"

#define RT_ALIGN 64

typedef struct rt_buf {
	size_t size;     /* bytes (rounded up to RT_ALIGN by the planner) */
	int start, end;  /* inclusive lifetime in execution steps */
	size_t offset;   /* result: byte offset in the arena */
} rt_buf;

/* rt_plan_offsets: give every buffer an offset so that buffers whose
 * lifetimes intersect never overlap in memory; the best of several greedy
 * orderings.  *arena_bytes gets the arena size.  0 or -1 (OOM). */
int rt_plan_offsets(rt_buf *bufs, int n, size_t *arena_bytes, onnxc_err *err);
/* rt_plan_lower_bound: the most bytes alive at one step (no plan is smaller). */
size_t rt_plan_lower_bound(const rt_buf *bufs, int n);
/* rt_plan_naive: the sum of all buffer sizes (one buffer each). */
size_t rt_plan_naive(const rt_buf *bufs, int n);

#endif
