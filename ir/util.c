/*
 * util.c - allocation hook, fault injection and the first-error context.
 */
#include "util.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *libc_malloc(void *ud, size_t n)
{
	(void)ud;
	return malloc(n ? n : 1);
}

static void *libc_realloc(void *ud, void *p, size_t n)
{
	(void)ud;
	return realloc(p, n ? n : 1);
}

static void libc_free(void *ud, void *p)
{
	(void)ud;
	free(p);
}

static onnxc_allocator alloc = { libc_malloc, libc_realloc, libc_free, NULL };
/* atomics: sessions allocate from several threads at once (fault injection
 * itself is for single-threaded tests; the count is only statistics) */
static atomic_long fail_after = -1;
static atomic_long alloc_count;

void onnxc_set_allocator(const onnxc_allocator *a)
{
	if (a)
		alloc = *a;
	else
		alloc = (onnxc_allocator){ libc_malloc, libc_realloc, libc_free, NULL };
}

void onnxc_alloc_fail_after(long n)
{
	atomic_store(&fail_after, n);
}

long onnxc_alloc_count(void)
{
	return atomic_load_explicit(&alloc_count, memory_order_relaxed);
}

/* should_fail: consume one allocation from the fault-injection budget. */
static int should_fail(void)
{
	long n = atomic_load_explicit(&fail_after, memory_order_relaxed);

	if (n < 0)
		return 0;
	if (n == 0)
		return 1;
	atomic_fetch_sub_explicit(&fail_after, 1, memory_order_relaxed);
	return 0;
}

void *onnxc_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed);
	return alloc.malloc(alloc.ud, n);
}

void *onnxc_calloc(size_t count, size_t size)
{
	size_t n;
	void *p;

	if (onnxc_mul_size(count, size, &n))
		return NULL;
	p = onnxc_malloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *onnxc_realloc(void *p, size_t n)
{
	if (!p)
		return onnxc_malloc(n);
	if (should_fail())
		return NULL;
	atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed);
	return alloc.realloc(alloc.ud, p, n);
}

void onnxc_free(void *p)
{
	if (p)
		alloc.free(alloc.ud, p);
}

char *onnxc_strndup(const char *s, size_t n)
{
	char *d;

	if (!s)
		return NULL;
	d = onnxc_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *onnxc_strdup(const char *s)
{
	return s ? onnxc_strndup(s, strlen(s)) : NULL;
}

/* Aligned blocks keep the raw pointer just below the aligned address. */
void *onnxc_aligned_alloc(size_t n)
{
	size_t total;
	unsigned char *raw, *p;

	if (n > SIZE_MAX - 64 - sizeof(void *))
		return NULL;
	total = n + 64 + sizeof(void *);
	raw = onnxc_malloc(total);
	if (!raw)
		return NULL;
	p = raw + sizeof(void *);
	p += (64 - ((uintptr_t)p & 63)) & 63;
	memcpy(p - sizeof(void *), &raw, sizeof(void *));
	return p;
}

void onnxc_aligned_free(void *p)
{
	void *raw;

	if (!p)
		return;
	memcpy(&raw, (unsigned char *)p - sizeof(void *), sizeof(void *));
	onnxc_free(raw);
}

int onnxc_seterr(onnxc_err *err, int code, const char *fmt, ...)
{
	va_list ap;
	char *nl;

	if (!err || err->code != ONNXC_OK)
		return -1;
	err->code = code ? code : ONNXC_EINTERNAL;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	/* one line: newlines from embedded names become spaces */
	while ((nl = strpbrk(err->msg, "\r\n")) != NULL)
		*nl = ' ';
	return -1;
}

void onnxc_errclear(onnxc_err *err)
{
	if (err) {
		err->code = ONNXC_OK;
		err->msg[0] = 0;
	}
}

int onnxc_oom(onnxc_err *err)
{
	return onnxc_seterr(err, ONNXC_ENOMEM, "out of memory");
}

int onnxc_grow(void *arr, int n, int *cap, size_t elsize, onnxc_err *err)
{
	void **pa = arr;
	void *p;
	int nc;
	size_t bytes;

	if (n < *cap)
		return 0;
	if (*cap > (1 << 28))
		return onnxc_seterr(err, ONNXC_ELIMIT, "too many elements (%d)", n);
	nc = *cap ? *cap * 2 : 8;
	if (onnxc_mul_size((size_t)nc, elsize, &bytes))
		return onnxc_oom(err);
	p = onnxc_realloc(*pa, bytes);
	if (!p)
		return onnxc_oom(err);
	memset((char *)p + (size_t)*cap * elsize, 0, (size_t)(nc - *cap) * elsize);
	*pa = p;
	*cap = nc;
	return 0;
}

int onnxc_mul_size(size_t a, size_t b, size_t *out)
{
	if (a && b > SIZE_MAX / a)
		return -1;
	*out = a * b;
	return 0;
}

int onnxc_mul_i64(int64_t a, int64_t b, int64_t *out)
{
	if (a < 0 || b < 0)
		return -1;
	if (a && b > INT64_MAX / a)
		return -1;
	*out = a * b;
	return 0;
}
