/*
 * blas_info.c - onnxc_blas_info: which OpenBLAS build and core onnxc runs on.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cblas.h>

#include "onnxc.h"

/* Built once (pthread_once) and read-only afterwards. */
static char blas_info[256];
static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

/* build_info: "0.3.21 core Prescott (NO_LAPACKE DYNAMIC_ARCH ...)" from
 * openblas_get_config() ("OpenBLAS 0.3.21 NO_LAPACKE ...") and the core
 * the dynamic-arch build selected for this CPU. */
static void build_info(void)
{
	const char *cfg = openblas_get_config();
	const char *core = openblas_get_corename();
	const char *opts;
	size_t vlen;

	if (!cfg)
		cfg = "";
	if (!strncmp(cfg, "OpenBLAS ", 9))
		cfg += 9;
	vlen = strcspn(cfg, " ");
	opts = cfg + vlen;
	opts += strspn(opts, " ");
	snprintf(blas_info, sizeof blas_info, "%.*s core %s%s%s%s", (int)vlen,
		 vlen ? cfg : "unknown", core && *core ? core : "unknown",
		 *opts ? " (" : "", opts, *opts ? ")" : "");
}

const char *onnxc_blas_info(void)
{
	pthread_once(&blas_once, build_info);
	return blas_info;
}
