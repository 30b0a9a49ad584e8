/*
 * cli_blas.c - the OpenBLAS core of the onnxc command: re-execute once with
 * OPENBLAS_CORETYPE set when OpenBLAS picked weaker kernels than the CPU
 * runs, and say which core is in use.
 *
 * OpenBLAS reads OPENBLAS_CORETYPE when it is loaded, before main, so the
 * only way to change the core is to set it and exec the program again.
 * ONNXC_REEXEC (set for the new process only, removed by it) carries the
 * core asked for and keeps a build that lacks that core from looping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* the core the previous process re-executed us with, "" if none */
static char reexec_core[32];

void cli_blas_reexec(char **argv)
{
	const char *guard = getenv("ONNXC_REEXEC"), *best, *set;

	if (guard) {
		set = getenv("OPENBLAS_CORETYPE");
		if (set && !strcmp(set, guard))
			snprintf(reexec_core, sizeof reexec_core, "%s", guard);
		unsetenv("ONNXC_REEXEC");
		return;
	}
	if (getenv("OPENBLAS_CORETYPE") || getenv("ONNXC_NO_REEXEC"))
		return;
	if (!onnxc_blas_core_check(NULL, 0))
		return;
	best = onnxc_blas_best_core();
	if (setenv("OPENBLAS_CORETYPE", best, 1))
		return;
	if (setenv("ONNXC_REEXEC", best, 1))
		goto unset_coretype;
	fflush(NULL);
	execv("/proc/self/exe", argv);
	/* exec failed: carry on with the core OpenBLAS picked */
	unsetenv("ONNXC_REEXEC");
unset_coretype:
	unsetenv("OPENBLAS_CORETYPE");
}

const char *cli_blas_reexec_core(void)
{
	return reexec_core[0] ? reexec_core : NULL;
}

int cli_blas_warn(void)
{
	char msg[256];

	if (!onnxc_blas_core_check(msg, sizeof msg))
		return 0;
	fflush(stdout);
	fprintf(stderr, "onnxc: warning: %s\n", msg);
	return 1;
}
