/*
 * pool.h - a session's thread pool: threads-1 persistent workers and the
 * calling thread run the chunks of one fork-join job at a time.
 *
 * Workers spin briefly after a job, then sleep on a condition variable
 * until the next one.  A run allocates nothing.  One pool serves one
 * session, used by one thread at a time; a job started from inside a job
 * (a chunk calling rt_pool_run) runs every chunk in the calling thread.
 * Chunks are handed out one at a time, so a thread that falls behind (its
 * core busy with other work) takes fewer of them.
 */
#ifndef ONNXC_POOL_H
#define ONNXC_POOL_H

#include "ir.h"

typedef struct rt_pool rt_pool;

/* rt_pool_fn: compute chunk `chunk` of a job of `nchunks` chunks in pool
 * thread `thread` (0: the caller, 1..threads-1: the workers; below
 * nchunks, but for a nested job run inline); chunks run at once have
 * different `thread`s (per-thread scratch). */
typedef void (*rt_pool_fn)(void *arg, int chunk, int nchunks, int thread);

/* rt_pool_new: a pool of `threads` (>= 1) threads, the caller counted: it
 * starts threads-1 workers (none for 1: everything runs in the caller).  NULL with err set (ONNXC_ENOMEM) when memory
 * or a thread cannot be had; nothing is left behind. */
rt_pool *rt_pool_new(int threads, onnxc_err *err);

/* rt_pool_free: stop and join the workers, free the pool (NULL: no-op).
 * No job may be running. */
void rt_pool_free(rt_pool *p);

/* rt_pool_threads: the pool's thread count, the caller included (1 for
 * NULL). */
int rt_pool_threads(const rt_pool *p);

/* rt_pool_pinned: how many of p's workers were pinned to a CPU (pool.c's
 * pool_pin); 0 for NULL. */
int rt_pool_pinned(const rt_pool *p);

/* rt_pool_run: call fn(arg, c, nchunks, thread) once for every c in
 * [0, nchunks) on the pool's threads and the caller, each thread claiming
 * the next chunk when done with one; returns when all are done.
 * nchunks <= 1, a NULL pool or a nested call: all in the calling thread
 * (with its own thread number). */
void rt_pool_run(rt_pool *p, int nchunks, rt_pool_fn fn, void *arg);

#endif
