/*
 * pool.c - a session's thread pool (pool.h): persistent workers running the
 * chunks of fork-join jobs with the calling thread.
 *
 * A job is published in one 64-bit ticket: generation (32 bits), chunk
 * count (16) and the next unclaimed chunk (16).  Every thread claims chunks
 * with a compare-and-swap on the ticket, so a worker that wakes late can
 * never take a chunk of a finished job; fn and arg are read only after a
 * successful claim, while the job cannot finish.  `done` counts finished
 * chunks; the thread finishing the last wakes the caller if it sleeps.
 * Idle threads poll for POOL_SPIN_NS (the next job usually follows within
 * microseconds, while waking a sleeping thread costs tens of them), then
 * sleep on a condition variable.
 *
 * Workers are pinned to CPUs other than the one the creating thread runs
 * on, when the process may use at least as many CPUs as the pool has
 * threads (unless ONNXC_POOL_PIN=0): left to the scheduler, a worker woken
 * from its sleep was placed on the caller's CPU and the two shared it for
 * the first tens of milliseconds of a session (measured: the first 5 to 7
 * runs of SqueezeNet at 2 threads took 8-9 ms instead of 4.7).  The
 * calling thread is never pinned.
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "pool.h"
#include "util.h"

#define POOL_SPIN_NS 200000        /* an idle thread polls this long, then sleeps */
#define POOL_CLOCK_EVERY 64        /* polls between two reads of the clock */
#define POOL_MAXCHUNKS 0xffff

/* a worker thread and its number (1..threads-1) */
typedef struct pool_worker {
	struct rt_pool *p;
	int tid;
	pthread_t th;
} pool_worker;

struct rt_pool {
	int threads;               /* the caller included */
	int n_workers;             /* started */
	int n_pinned;              /* of them pinned to a CPU (pool_pin) */
	pool_worker *workers;
	pthread_mutex_t mu;
	pthread_cond_t work_cv;    /* a new ticket, or stop */
	pthread_cond_t done_cv;    /* done reached the chunk count */
	_Atomic uint64_t ticket;
	atomic_int done;
	atomic_int stop;
	atomic_int busy;           /* a job is running (nested runs go serial) */
	rt_pool_fn fn;             /* the current job, set before its ticket */
	void *arg;
};

/* the pool thread number of the running thread (0 outside workers) */
static _Thread_local int pool_tid;

#define T_GEN(t) ((uint32_t)((t) >> 32))
#define T_NCH(t) ((int)(((t) >> 16) & 0xffff))
#define T_NEXT(t) ((int)((t) & 0xffff))

/* pool_now: monotonic nanoseconds. */
static int64_t pool_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* pool_poll: the i-th wait of a polling loop started at t0 (0: not read
 * yet): a pause; 0 once POOL_SPIN_NS have passed (time to sleep).  No
 * sched_yield: a yielded thread can wait a whole time slice of whatever
 * else runs on its core before it sees the next job. */
static int pool_poll(int i, int64_t *t0)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
	if (i % POOL_CLOCK_EVERY)
		return 1;
	if (!*t0) {
		*t0 = pool_now();
		return 1;
	}
	return pool_now() - *t0 <= POOL_SPIN_NS;
}

/* pool_work: claim and compute chunks of job `gen` as thread tid until
 * none is left (or another job is current); returns the chunks computed. */
static int pool_work(rt_pool *p, uint32_t gen, int tid)
{
	int did = 0;

	for (;;) {
		uint64_t t = atomic_load_explicit(&p->ticket, memory_order_acquire);
		int c, nch;

		/* threads numbered nchunks and above sit the job out: the
		 * thread numbers of a job stay below its chunk count */
		if (T_GEN(t) != gen || T_NEXT(t) >= T_NCH(t) || tid >= T_NCH(t))
			return did;
		if (!atomic_compare_exchange_weak_explicit(&p->ticket, &t, t + 1,
							   memory_order_acq_rel,
							   memory_order_acquire))
			continue;
		c = T_NEXT(t);
		nch = T_NCH(t);
		p->fn(p->arg, c, nch, tid);
		did++;
		if (atomic_fetch_add_explicit(&p->done, 1, memory_order_acq_rel) + 1 == nch) {
			pthread_mutex_lock(&p->mu);
			pthread_cond_broadcast(&p->done_cv);
			pthread_mutex_unlock(&p->mu);
		}
	}
}

/* pool_main: a worker: wait for a ticket of a new generation, work, again. */
static void *pool_main(void *arg)
{
	const pool_worker *w = arg;
	rt_pool *p = w->p;
	uint32_t seen = T_GEN(atomic_load_explicit(&p->ticket, memory_order_acquire));

	pool_tid = w->tid;
	for (;;) {
		uint64_t t = 0;
		int64_t t0 = 0;
		int i, sleep = 0;

		for (i = 0;; i++) {
			t = atomic_load_explicit(&p->ticket, memory_order_acquire);
			if (T_GEN(t) != seen || atomic_load_explicit(&p->stop, memory_order_acquire))
				break;
			if (!pool_poll(i, &t0)) {
				sleep = 1;
				break;
			}
		}
		if (sleep) {
			pthread_mutex_lock(&p->mu);
			for (;;) {
				t = atomic_load_explicit(&p->ticket, memory_order_acquire);
				if (T_GEN(t) != seen || atomic_load_explicit(&p->stop,
									     memory_order_acquire))
					break;
				pthread_cond_wait(&p->work_cv, &p->mu);
			}
			pthread_mutex_unlock(&p->mu);
		}
		if (atomic_load_explicit(&p->stop, memory_order_acquire))
			return NULL;
		seen = T_GEN(t);
		pool_work(p, seen, w->tid);
	}
}

/* pool_stop: stop and join the started workers; free everything. */
static void pool_stop(rt_pool *p)
{
	int i;

	pthread_mutex_lock(&p->mu);
	atomic_store_explicit(&p->stop, 1, memory_order_release);
	pthread_cond_broadcast(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->n_workers; i++)
		pthread_join(p->workers[i].th, NULL);
	pthread_cond_destroy(&p->done_cv);
	pthread_cond_destroy(&p->work_cv);
	pthread_mutex_destroy(&p->mu);
	onnxc_free(p->workers);
	onnxc_free(p);
}

/* pool_pin: pin the started workers, one CPU each, to the CPUs the
 * process may use other than the caller's current one (in order after
 * it), when there are at least threads of them and ONNXC_POOL_PIN is not
 * "0".  Failures leave a worker unpinned: pinning is only a placement
 * hint. */
static void pool_pin(rt_pool *p)
{
#ifdef __linux__
	const char *env = getenv("ONNXC_POOL_PIN");
	cpu_set_t allowed, one;
	int ncpu, cur, i, c, k;

	if ((env && !strcmp(env, "0")) || p->n_workers < 1)
		return;
	if (sched_getaffinity(0, sizeof allowed, &allowed))
		return;
	ncpu = CPU_COUNT(&allowed);
	cur = sched_getcpu();
	if (ncpu < p->threads || cur < 0 || cur >= CPU_SETSIZE)
		return;
	c = cur;
	for (i = 0; i < p->n_workers; i++) {
		for (k = 0; k < CPU_SETSIZE; k++) {
			c = (c + 1) % CPU_SETSIZE;
			if (c != cur && CPU_ISSET(c, &allowed))
				break;
		}
		CPU_ZERO(&one);
		CPU_SET(c, &one);
		if (!pthread_setaffinity_np(p->workers[i].th, sizeof one, &one))
			p->n_pinned++;
	}
#else
	(void)p;
#endif
}

int rt_pool_pinned(const rt_pool *p)
{
	return p ? p->n_pinned : 0;
}

rt_pool *rt_pool_new(int threads, onnxc_err *err)
{
	rt_pool *p;
	sigset_t all, old;
	int i, rc = 0;

	if (threads < 1)
		threads = 1;
	p = onnxc_calloc(1, sizeof *p);
	if (!p) {
		onnxc_oom(err);
		return NULL;
	}
	p->threads = threads;
	p->workers = onnxc_calloc((size_t)(threads > 1 ? threads - 1 : 1), sizeof *p->workers);
	if (!p->workers) {
		onnxc_free(p);
		onnxc_oom(err);
		return NULL;
	}
	atomic_init(&p->ticket, 0);
	atomic_init(&p->done, 0);
	atomic_init(&p->stop, 0);
	atomic_init(&p->busy, 0);
	if (pthread_mutex_init(&p->mu, NULL))
		goto free_workers;
	if (pthread_cond_init(&p->work_cv, NULL))
		goto free_mutex;
	if (pthread_cond_init(&p->done_cv, NULL))
		goto free_work_cv;
	/* workers take no signals: the application's handlers run in its threads */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < threads - 1 && !rc; i++) {
		p->workers[i].p = p;
		p->workers[i].tid = i + 1;
		rc = pthread_create(&p->workers[i].th, NULL, pool_main, &p->workers[i]);
		if (!rc)
			p->n_workers++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		pool_stop(p);
		onnxc_seterr(err, ONNXC_ENOMEM, "cannot start %d pool threads", threads - 1);
		return NULL;
	}
	pool_pin(p);
	return p;

free_work_cv:
	pthread_cond_destroy(&p->work_cv);
free_mutex:
	pthread_mutex_destroy(&p->mu);
free_workers:
	onnxc_free(p->workers);
	onnxc_free(p);
	onnxc_seterr(err, ONNXC_ENOMEM, "cannot make the thread pool's locks");
	return NULL;
}

void rt_pool_free(rt_pool *p)
{
	if (p)
		pool_stop(p);
}

int rt_pool_threads(const rt_pool *p)
{
	return p ? p->threads : 1;
}

void rt_pool_run(rt_pool *p, int nchunks, rt_pool_fn fn, void *arg)
{
	uint64_t t;
	uint32_t gen;
	int64_t t0 = 0;
	int c, i, sleep = 0;

	if (nchunks <= 0)
		return;
	if (!p || nchunks == 1 || nchunks > POOL_MAXCHUNKS ||
	    atomic_exchange_explicit(&p->busy, 1, memory_order_acquire)) {
		for (c = 0; c < nchunks; c++)
			fn(arg, c, nchunks, pool_tid);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	atomic_store_explicit(&p->done, 0, memory_order_relaxed);
	gen = T_GEN(atomic_load_explicit(&p->ticket, memory_order_relaxed)) + 1;
	t = (uint64_t)gen << 32 | (uint64_t)nchunks << 16;
	pthread_mutex_lock(&p->mu);
	atomic_store_explicit(&p->ticket, t, memory_order_release);
	pthread_cond_broadcast(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	pool_work(p, gen, 0);
	for (i = 0;; i++) {
		if (atomic_load_explicit(&p->done, memory_order_acquire) == nchunks)
			break;
		if (!pool_poll(i, &t0)) {
			sleep = 1;
			break;
		}
	}
	if (sleep) {
		pthread_mutex_lock(&p->mu);
		while (atomic_load_explicit(&p->done, memory_order_acquire) != nchunks)
			pthread_cond_wait(&p->done_cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
	}
	atomic_store_explicit(&p->busy, 0, memory_order_release);
}
