/*
 * fake_corename.c - an LD_PRELOAD shim for tests/cli/blas_core.sh: makes
 * openblas_get_corename() report $FAKE_OPENBLAS_CORE (default "Prescott")
 * whatever core OpenBLAS really runs, so the onnxc command's re-exec path
 * can be tested on any CPU.  When $FAKE_OPENBLAS_LOG is set, every onnxc
 * program image it is loaded into (each exec of a program named onnxc; the
 * shim is also preloaded into env and timeout) appends a line
 * "exec OPENBLAS_CORETYPE=VALUE" (or "=unset") to that file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *openblas_get_corename(void);

__attribute__((constructor)) static void log_exec(void)
{
	const char *log = getenv("FAKE_OPENBLAS_LOG"), *core = getenv("OPENBLAS_CORETYPE");
	FILE *f;

	if (!log || strcmp(program_invocation_short_name, "onnxc"))
		return;
	f = fopen(log, "a");
	if (!f)
		return;
	fprintf(f, "exec OPENBLAS_CORETYPE=%s\n", core ? core : "unset");
	fclose(f);
}

char *openblas_get_corename(void)
{
	static char dflt[] = "Prescott";
	char *fake = getenv("FAKE_OPENBLAS_CORE");

	return fake ? fake : dflt;
}
