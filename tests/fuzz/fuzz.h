/*
 * fuzz.h - shared by the libFuzzer targets in tests/fuzz/.
 *
 * Each target defines LLVMFuzzerTestOneInput; clang builds link it with
 * libFuzzer (-DONNXC_FUZZ=ON), every build links it with replay.c, which
 * runs it on files (the regression inputs in tests/fuzz/regress/).  A
 * target calls fz_fail on a broken invariant (abort: the fuzzer records a
 * crash, the replay test fails).
 */
#ifndef ONNXC_FUZZ_H
#define ONNXC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* fz_fail: report a broken invariant and abort. */
static inline void fz_fail(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz invariant broken: %s: %s\n", what, msg ? msg : "");
	abort();
}

/* fz_check_err: a refusal must carry a code and a one-line message that
 * starts with `prefix` (NULL: any). */
static inline void fz_check_err(const onnxc_err *e, const char *prefix)
{
	if (e->code == ONNXC_OK)
		fz_fail("error without a code", e->msg);
	if (!e->msg[0] || strpbrk(e->msg, "\r\n"))
		fz_fail("empty or multi-line message", e->msg);
	if (prefix && strncmp(e->msg, prefix, strlen(prefix)))
		fz_fail("message without its prefix", e->msg);
}

#endif
