/*
 * blas_info.c - which OpenBLAS build and core onnxc runs on, and whether
 * the CPU supports a better core than the one OpenBLAS picked
 * (onnxc_blas_info, onnxc_blas_core, onnxc_blas_best_core,
 * onnxc_blas_core_rank, onnxc_blas_core_check).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cblas.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#endif

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

const char *onnxc_blas_core(void)
{
	const char *core = openblas_get_corename();

	return core && *core ? core : "unknown";
}

/* OpenBLAS's x86-64 cores (DYNAMIC_ARCH names) by the widest vector
 * kernels they use: 1 SSE, 2 AVX, 3 AVX2+FMA, 4 AVX-512. */
static const struct {
	const char *name;
	int rank;
} core_ranks[] = {
	{ "katmai", 1 }, { "coppermine", 1 }, { "northwood", 1 }, { "prescott", 1 },
	{ "banias", 1 }, { "atom", 1 }, { "core2", 1 }, { "penryn", 1 },
	{ "dunnington", 1 }, { "nehalem", 1 }, { "athlon", 1 }, { "opteron", 1 },
	{ "opteron_sse3", 1 }, { "barcelona", 1 }, { "nano", 1 }, { "bobcat", 1 },
	{ "sandybridge", 2 }, { "bulldozer", 2 }, { "piledriver", 2 },
	{ "steamroller", 2 }, { "excavator", 2 },
	{ "haswell", 3 }, { "zen", 3 },
	{ "skylakex", 4 }, { "cooperlake", 4 }, { "sapphirerapids", 4 },
};

int onnxc_blas_core_rank(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof core_ranks / sizeof *core_ranks; i++)
		if (!strcasecmp(name, core_ranks[i].name))
			return core_ranks[i].rank;
	return 0;
}

#if defined(__x86_64__) && defined(__GNUC__)
/* CPUID.(EAX=7,ECX=0):EBX bits of AVX-512 F, DQ, BW, VL */
#define AVX512_SKX ((1u << 16) | (1u << 17) | (1u << 30) | (1u << 31))
/* XCR0: SSE and AVX (YMM) state; opmask, ZMM_Hi256 and Hi16_ZMM state */
#define XCR0_YMM 0x06u
#define XCR0_ZMM 0xe6u

/* xgetbv0: XCR0, the register state the OS saves (needs OSXSAVE). */
static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

/* detect_best: the best core by CPUID feature bits and XCR0, or NULL
 * when the CPU (or the OS) has no AVX. */
static const char *detect_best(void)
{
	unsigned a, b, c1, d, b7 = 0, c7, d7;
	uint64_t xcr0;

	if (!__get_cpuid(1, &a, &b, &c1, &d))
		return NULL;
	if (!(c1 & bit_OSXSAVE) || !(c1 & bit_AVX))
		return NULL;
	xcr0 = xgetbv0();
	if ((xcr0 & XCR0_YMM) != XCR0_YMM)
		return NULL;
	if (!__get_cpuid_count(7, 0, &a, &b7, &c7, &d7))
		b7 = 0;
	if ((b7 & AVX512_SKX) == AVX512_SKX && (xcr0 & XCR0_ZMM) == XCR0_ZMM)
		return "SkylakeX";
	if ((b7 & bit_AVX2) && (c1 & bit_FMA))
		return "Haswell";
	return "Sandybridge";
}
#else
static const char *detect_best(void)
{
	return NULL;
}
#endif

static const char *best_core;
static pthread_once_t best_once = PTHREAD_ONCE_INIT;

static void find_best(void)
{
	best_core = detect_best();
}

const char *onnxc_blas_best_core(void)
{
	pthread_once(&best_once, find_best);
	return best_core;
}

int onnxc_blas_core_check(char *msg, size_t len)
{
	const char *core = onnxc_blas_core(), *best = onnxc_blas_best_core();
	int have = onnxc_blas_core_rank(core);

	if (msg && len)
		msg[0] = 0;
	if (!best || !have || have >= onnxc_blas_core_rank(best))
		return 0;
	if (msg && len)
		snprintf(msg, len, "OpenBLAS uses its %s kernels but this CPU supports %s "
			 "(set OPENBLAS_CORETYPE=%s)", core, best, best);
	return 1;
}
