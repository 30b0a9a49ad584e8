/*
 * util.h - the allocation hook and the error context shared by all of onnxc.
 *
 * Allocation: every heap allocation of the library goes through
 * onnxc_malloc/calloc/realloc/free.  Tests install a counting hook or make
 * the Nth allocation fail (onnxc_alloc_fail_after).
 *
 * Errors: functions return a status (0 / -1, or NULL) and record the FIRST
 * error's message in an onnxc_err, like sqlite3ErrorMsg.  Later errors do
 * not overwrite it.  Messages are one line.
 */
#ifndef ONNXC_UTIL_H
#define ONNXC_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Error codes (also the public API's status codes). */
enum {
	ONNXC_OK = 0,
	ONNXC_EINVAL = 1,      /* bad model, input or argument */
	ONNXC_ENOMEM = 2,      /* allocation failed */
	ONNXC_EIO = 3,         /* file could not be read or written */
	ONNXC_EUNSUPPORTED = 4,/* valid ONNX that onnxc cannot handle */
	ONNXC_ELIMIT = 5,      /* a configured limit was exceeded */
	ONNXC_EINTERNAL = 6
};

typedef struct onnxc_err {
	int code;              /* ONNXC_OK until the first error */
	char msg[1024];
} onnxc_err;

/* onnxc_seterr: record an error if none is recorded yet; returns -1 so that
 * callers can `return onnxc_seterr(...)`.  err may be NULL. */
int onnxc_seterr(onnxc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* onnxc_errclear: forget the recorded error. */
void onnxc_errclear(onnxc_err *err);
/* onnxc_oom: shorthand for an out-of-memory error; returns -1. */
int onnxc_oom(onnxc_err *err);

/* Allocation hook.  malloc(0) returns a unique non-NULL pointer. */
typedef struct onnxc_allocator {
	void *(*malloc)(void *ud, size_t n);
	void *(*realloc)(void *ud, void *p, size_t n);
	void (*free)(void *ud, void *p);
	void *ud;
} onnxc_allocator;

void onnxc_set_allocator(const onnxc_allocator *a);  /* NULL: libc */
void *onnxc_malloc(size_t n);
void *onnxc_calloc(size_t count, size_t size);        /* overflow-checked */
void *onnxc_realloc(void *p, size_t n);
void onnxc_free(void *p);
char *onnxc_strdup(const char *s);                    /* NULL s -> NULL */
char *onnxc_strndup(const char *s, size_t n);
/* onnxc_aligned_alloc: 64-byte aligned block (through the hook); free with
 * onnxc_aligned_free. */
void *onnxc_aligned_alloc(size_t n);
void onnxc_aligned_free(void *p);

/* Fault injection (tests): after `n` more successful allocations, every
 * following one fails, until reset with n < 0.  Counts are global and not
 * thread-safe: only for single-threaded tests. */
void onnxc_alloc_fail_after(long n);
/* onnxc_alloc_count: allocations made through the hook since start. */
long onnxc_alloc_count(void);

/* onnxc_grow: make room for one more element in a dynamic array
 * (*arr, *n used, *cap capacity, elsize).  Returns 0 or -1 (err set). */
int onnxc_grow(void *arr, int n, int *cap, size_t elsize, onnxc_err *err);

/* Checked size arithmetic: 0 on success, -1 on overflow. */
int onnxc_mul_size(size_t a, size_t b, size_t *out);
int onnxc_mul_i64(int64_t a, int64_t b, int64_t *out);

#endif
