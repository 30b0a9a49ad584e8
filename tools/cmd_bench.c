/*
 * cmd_bench.c - `onnxc bench`: time onnxc_session_run on a model: latency
 * (median, min, mean), throughput, GFLOP/s, the memory plan's arena, the
 * OpenBLAS core, and with --profile the time per op type and per node.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "dump.h"
#include "fe.h"
#include "onnxc.h"
#include "session.h"

#define BENCH_MAX_RUNS 1000000
#define BENCH_SEED 1
#define PROFILE_TOP 20

static const char bench_usage[] =
	"usage: onnxc bench MODEL [--input FILE | --input NAME=FILE]... [--runs N]\n"
	"                   [--warmup N] [--threads N] [--json] [--profile] [-O LEVEL]\n"
	"                   [pass flags]\n"
	"  Times onnxc_session_run on MODEL: median, min and mean latency, throughput\n"
	"  (batch = dim 0 of the first input, per median run), GFLOP/s, the memory\n"
	"  plan's arena and the OpenBLAS core in use.\n"
	"  --input [NAME=]FILE  inputs as for 'onnxc run'; without any, random inputs\n"
	"               (fixed seed) of the declared shapes, a symbolic dim taken as 1\n"
	"  --runs N     timed runs (default 20; 1 to 1000000)\n"
	"  --warmup N   untimed runs before them (default 3; 0 to 1000000)\n"
	"  --threads N  threads to use (default: all cores)\n"
	"  --json       print one JSON object on stdout, nothing else\n"
	"  --profile    time per op type and per node (top 20) during the timed runs\n"
	CLI_PASS_USAGE
	"GFLOP/s counts Conv/ConvTranspose/Gemm/MatMul multiply-adds (2 FLOPs each).\n";

/* now_ns: CLOCK_MONOTONIC in nanoseconds. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* progress: on a terminal, "\r  run K/N" on stderr once the benchmark has
 * taken 200 ms, refreshed at most every 100 ms; done (k < 0) clears the
 * line if one was shown.  *shown_at: when it was last drawn, 0 if never. */
static void progress(int tty, const char *what, int k, int n, uint64_t start, uint64_t *shown_at)
{
	uint64_t t;

	if (!tty)
		return;
	if (k < 0) {
		if (*shown_at)
			fputs("\r\033[K", stderr);
		*shown_at = 0;
		return;
	}
	t = now_ns();
	if (t - start < 200000000u || (*shown_at && t - *shown_at < 100000000u))
		return;
	fprintf(stderr, "\r  %s %d/%d\033[K", what, k, n);
	*shown_at = t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

typedef struct bench_result {
	double median, min, mean;  /* ms */
	double gflops;             /* at the median */
	double throughput;         /* inferences per second at the median */
	int64_t batch;
	uint64_t flops;            /* per run */
	onnxc_plan_stats plan;
} bench_result;

/* summarise: median (mean of the middle two for an even count), min and
 * mean of ms[0..n), n >= 1; sorted is scratch of n doubles. */
static void summarise(const double *ms, double *sorted, int n, bench_result *r)
{
	double sum = 0;
	int i;

	memcpy(sorted, ms, (size_t)n * sizeof *sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, cmp_double);
	for (i = 0; i < n; i++)
		sum += ms[i];
	r->min = sorted[0];
	r->median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	r->mean = sum / n;
	r->gflops = r->median > 0 ? (double)r->flops / (r->median * 1e6) : 0;
	r->throughput = r->median > 0 ? (double)r->batch * 1000.0 / r->median : 0;
}

/* ---- profile ---- */

typedef struct op_total {
	const char *op;
	int nodes;
	uint64_t ns, flops;        /* flops: per run, over the op's nodes */
} op_total;

typedef struct bench_profile {
	const onnxc_profile_entry *e;
	int n;
	const onnxc_profile_entry **top;  /* nodes by time, at most PROFILE_TOP */
	int n_top;
	op_total *ops;             /* by time */
	int n_ops;
	uint64_t total_ns;
} bench_profile;

static int cmp_op_ns(const void *a, const void *b)
{
	const op_total *x = a, *y = b;

	return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : strcmp(x->op, y->op);
}

static int cmp_entry_ns(const void *a, const void *b)
{
	const onnxc_profile_entry *x = *(const onnxc_profile_entry *const *)a;
	const onnxc_profile_entry *y = *(const onnxc_profile_entry *const *)b;

	return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : (x > y) - (x < y);
}

/* profile_build: totals per op type and the slowest nodes from the
 * session's counters (nodes that never ran are left out).  0, or -1 after
 * an error. */
static int profile_build(const onnxc_session *s, bench_profile *bp)
{
	int i, k;

	memset(bp, 0, sizeof *bp);
	if (onnxc_session_profile(s, &bp->e, &bp->n))
		return cli_error("bench", "no profile was recorded"), -1;
	bp->top = onnxc_calloc((size_t)(bp->n ? bp->n : 1), sizeof *bp->top);
	bp->ops = onnxc_calloc((size_t)(bp->n ? bp->n : 1), sizeof *bp->ops);
	if (!bp->top || !bp->ops) {
		onnxc_free(bp->top);
		onnxc_free(bp->ops);
		return cli_error("bench", "out of memory"), -1;
	}
	for (i = 0; i < bp->n; i++) {
		const onnxc_profile_entry *e = &bp->e[i];
		if (!e->calls)
			continue;
		bp->total_ns += e->ns;
		bp->top[bp->n_top++] = e;
		for (k = 0; k < bp->n_ops && strcmp(bp->ops[k].op, e->op_type); k++)
			;
		if (k == bp->n_ops)
			bp->ops[bp->n_ops++] = (op_total){ e->op_type, 0, 0, 0 };
		bp->ops[k].nodes++;
		bp->ops[k].ns += e->ns;
		bp->ops[k].flops += e->flops;
	}
	qsort(bp->ops, (size_t)bp->n_ops, sizeof *bp->ops, cmp_op_ns);
	qsort(bp->top, (size_t)bp->n_top, sizeof *bp->top, cmp_entry_ns);
	if (bp->n_top > PROFILE_TOP)
		bp->n_top = PROFILE_TOP;
	return 0;
}

static void profile_free(bench_profile *bp)
{
	onnxc_free(bp->top);
	onnxc_free(bp->ops);
}

/* share: part of the total node time, 0 when there is none. */
static double share(uint64_t ns, uint64_t total)
{
	return total ? (double)ns / (double)total : 0;
}

static void profile_text(const bench_profile *bp, int runs)
{
	int i;

	printf("\nprofile (kernel time per run, over %d runs; GFLOP/s counts "
	       "Conv/ConvTranspose/Gemm/MatMul):\n", runs);
	printf("  %-24s %5s %10s %7s %9s\n", "op type", "nodes", "ms/run", "%", "GFLOP/s");
	for (i = 0; i < bp->n_ops; i++) {
		const op_total *o = &bp->ops[i];
		double ms = (double)o->ns / 1e6 / runs;
		printf("  %-24s %5d %10.4f %6.1f%%", o->op, o->nodes, ms,
		       100 * share(o->ns, bp->total_ns));
		if (o->flops && ms > 0)
			printf(" %9.2f", (double)o->flops / (ms * 1e6));
		printf("\n");
	}
	printf("\nslowest nodes (top %d of those run):\n", PROFILE_TOP);
	printf("  %-40s %-20s %10s %7s\n", "node", "op type", "ms/run", "%");
	for (i = 0; i < bp->n_top; i++) {
		const onnxc_profile_entry *e = bp->top[i];
		printf("  %-40s %-20s %10.4f %6.1f%%\n", *e->node ? e->node : "(unnamed)",
		       e->op_type, (double)e->ns / 1e6 / runs, 100 * share(e->ns, bp->total_ns));
	}
}

static void profile_json(const bench_profile *bp, int runs)
{
	int i;

	printf(",\n  \"profile\": {\n    \"ops\": [");
	for (i = 0; i < bp->n_ops; i++) {
		const op_total *o = &bp->ops[i];
		double ms = (double)o->ns / 1e6 / runs;
		printf("%s\n      {\"op\": ", i ? "," : "");
		dump_json_str(stdout, o->op);
		printf(", \"nodes\": %d, \"ms_per_run\": %.6f, \"share\": %.6f, \"flops\": %llu, "
		       "\"gflops\": %.6f}", o->nodes, ms, share(o->ns, bp->total_ns),
		       (unsigned long long)o->flops, ms > 0 ? (double)o->flops / (ms * 1e6) : 0.0);
	}
	printf("\n    ],\n    \"nodes\": [");
	for (i = 0; i < bp->n_top; i++) {
		const onnxc_profile_entry *e = bp->top[i];
		printf("%s\n      {\"node\": ", i ? "," : "");
		dump_json_str(stdout, e->node);
		printf(", \"op\": ");
		dump_json_str(stdout, e->op_type);
		printf(", \"ms_per_run\": %.6f, \"share\": %.6f}", (double)e->ns / 1e6 / runs,
		       share(e->ns, bp->total_ns));
	}
	printf("\n    ]\n  }");
}

/* ---- report ---- */

/* print_inputs: "input float[1,3,64,64], ..." */
static void print_inputs(const onnxc_tensor *in, int n)
{
	int i, d;

	for (i = 0; i < n; i++) {
		printf("%s%s %s[", i ? ", " : "", in[i].name ? in[i].name : "(positional)",
		       ir_dtype_name(in[i].dtype));
		for (d = 0; d < in[i].rank; d++)
			printf("%s%lld", d ? "," : "", (long long)in[i].dims[d]);
		printf("]");
	}
}

static void report_text(const char *model, const onnxc_tensor *in, int n_in, int random,
			int threads, int runs, int warmup, const bench_result *r)
{
	printf("model:       %s\n", model);
	printf("inputs:      ");
	print_inputs(in, n_in);
	printf("%s\n", random ? " (random)" : "");
	if (threads)
		printf("threads:     %d\n", threads);
	else
		printf("threads:     all cores\n");
	printf("runs:        %d timed, after %d warm-up\n", runs, warmup);
	printf("median:      %.4f ms\n", r->median);
	printf("min:         %.4f ms\n", r->min);
	printf("mean:        %.4f ms\n", r->mean);
	printf("throughput:  %.2f inferences/s (batch %lld)\n", r->throughput, (long long)r->batch);
	printf("compute:     %.4f GFLOP per run, %.2f GFLOP/s at the median\n"
	       "             (GFLOP/s counts Conv/ConvTranspose/Gemm/MatMul multiply-adds)\n",
	       (double)r->flops / 1e9, r->gflops);
	printf("arena:       %llu bytes\n", (unsigned long long)r->plan.arena_bytes);
	printf("blas:        OpenBLAS %s", onnxc_blas_info());
	if (cli_blas_reexec_core())
		printf(" (re-executed with OPENBLAS_CORETYPE=%s)", cli_blas_reexec_core());
	printf("\n");
}

static void report_json(const char *model, int threads, int runs, int warmup,
			const bench_result *r, const double *ms)
{
	int i;

	printf("{\n  \"model\": ");
	dump_json_str(stdout, model);
	printf(",\n  \"median_ms\": %.6f,\n  \"min_ms\": %.6f,\n  \"mean_ms\": %.6f,\n",
	       r->median, r->min, r->mean);
	printf("  \"runs\": %d,\n  \"warmup\": %d,\n  \"threads\": %d,\n", runs, warmup, threads);
	printf("  \"batch\": %lld,\n  \"throughput\": %.6f,\n", (long long)r->batch, r->throughput);
	printf("  \"gflops\": %.6f,\n  \"flops\": %llu,\n  \"arena_bytes\": %llu,\n", r->gflops,
	       (unsigned long long)r->flops, (unsigned long long)r->plan.arena_bytes);
	printf("  \"blas_core\": ");
	dump_json_str(stdout, onnxc_blas_core());
	printf(",\n  \"blas\": ");
	dump_json_str(stdout, onnxc_blas_info());
	printf(",\n  \"blas_reexec\": ");
	if (cli_blas_reexec_core())
		dump_json_str(stdout, cli_blas_reexec_core());
	else
		printf("null");
	printf(",\n  \"times_ms\": [");
	for (i = 0; i < runs; i++)
		printf("%s%.6f", i ? ", " : "", ms[i]);
	printf("]");
}

/* ---- the command ---- */

/* time_runs: `warmup` untimed runs, then `runs` timed ones into ms[];
 * with `profile`, the counters are zeroed after the warm-up.  CLI_OK, or
 * CLI_EBAD after a one-line error. */
static int time_runs(onnxc_session *s, const char *model, const onnxc_tensor *in, int n_in,
		     int warmup, int runs, int profile, double *ms)
{
	const onnxc_tensor *outs;
	uint64_t start = now_ns(), shown = 0;
	int tty = isatty(STDERR_FILENO), n_out, i;

	for (i = 0; i < warmup + runs; i++) {
		uint64_t t0, t1;
		int rc;

		if (i == warmup && profile && onnxc_session_set_profile(s, 1)) {
			progress(tty, NULL, -1, 0, 0, &shown);
			return cli_error("bench", "out of memory");
		}
		progress(tty, i < warmup ? "warm-up" : "run", i < warmup ? i + 1 : i - warmup + 1,
			 i < warmup ? warmup : runs, start, &shown);
		t0 = now_ns();
		rc = onnxc_session_run(s, n_in, in, &n_out, &outs);
		t1 = now_ns();
		if (rc) {
			progress(tty, NULL, -1, 0, 0, &shown);
			return cli_error("bench", "%s: %s", model, onnxc_session_errmsg(s));
		}
		if (i >= warmup)
			ms[i - warmup] = (double)(t1 - t0) / 1e6;
	}
	progress(tty, NULL, -1, 0, 0, &shown);
	return CLI_OK;
}

int cmd_bench(int argc, char **argv)
{
	const char *runs_s = NULL, *warmup_s = NULL, *threads_s = NULL, *pos[1];
	cli_inputs ci = { .cmd = "bench" };
	cli_passes passes = { 0 };
	int json = 0, profile = 0, n_pos, n_in, random = 0, rc;
	const cli_opt opts[] = {
		{ "input", 'i', "[NAME=]FILE", NULL, NULL, cli_input_add, &ci },
		{ "runs", 0, "N", &runs_s, NULL, NULL, NULL },
		{ "warmup", 0, "N", &warmup_s, NULL, NULL, NULL },
		{ "threads", 0, "N", &threads_s, NULL, NULL, NULL },
		{ "json", 0, NULL, NULL, &json, NULL, NULL },
		{ "profile", 0, NULL, NULL, &profile, NULL, NULL },
		CLI_PASS_OPTS(&passes),
		{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
	};
	long runs = 20, warmup = 3, threads = 0;
	onnxc_tensor in[CLI_MAX_INPUTS];
	bench_result r = { 0 };
	bench_profile bp;
	onnxc_options opt;
	onnxc_model *m = NULL;
	onnxc_session *s = NULL;
	double *ms = NULL, *sorted = NULL;

	onnxc_options_init(&opt);
	cli_bare_O(argc, argv);
	rc = cli_parse("bench", argc, argv, opts, bench_usage, pos, 1, &n_pos);
	if (rc) {
		rc = rc == CLI_PARSE_HELP ? CLI_OK : CLI_EBAD;
		goto free_inputs;
	}
	rc = CLI_EBAD;
	if (n_pos != 1) {
		cli_error("bench", "expected one MODEL argument (try 'onnxc bench --help')");
		goto free_inputs;
	}
	if ((runs_s && cli_count("bench", "--runs", runs_s, 1, BENCH_MAX_RUNS, &runs)) ||
	    (warmup_s && cli_count("bench", "--warmup", warmup_s, 0, BENCH_MAX_RUNS, &warmup)) ||
	    (threads_s && cli_count("bench", "--threads", threads_s, 0, 1024, &threads)))
		goto free_inputs;
	opt.threads = (int)threads;
	m = cli_open_model("bench", pos[0], NULL, &passes);
	if (!m)
		goto free_inputs;
	if (!ci.n) {
		if (cli_inputs_random(&ci, m, BENCH_SEED))
			goto free_model;
		random = 1;
	}
	n_in = cli_inputs_view(&ci, in);
	if (onnxc_session_new(m, &opt, &s)) {
		cli_error("bench", "out of memory");
		goto free_model;
	}
	if (onnxc_session_prepare(s, n_in, in)) {
		cli_error("bench", "%s: %s", pos[0], onnxc_session_errmsg(s));
		goto free_model;
	}
	ms = onnxc_calloc((size_t)runs, sizeof *ms);
	sorted = onnxc_calloc((size_t)runs, sizeof *sorted);
	if (!ms || !sorted) {
		cli_error("bench", "out of memory");
		goto free_times;
	}
	if (time_runs(s, pos[0], in, n_in, (int)warmup, (int)runs, profile, ms))
		goto free_times;
	onnxc_session_plan_stats(s, &r.plan);
	onnxc_session_flops(s, &r.flops);
	r.batch = n_in && in[0].rank > 0 ? in[0].dims[0] : 1;
	summarise(ms, sorted, (int)runs, &r);
	if (profile && profile_build(s, &bp))
		goto free_times;
	if (json) {
		report_json(pos[0], (int)threads, (int)runs, (int)warmup, &r, ms);
		if (profile)
			profile_json(&bp, (int)runs);
		printf("\n}\n");
	} else {
		report_text(pos[0], in, n_in, random, (int)threads, (int)runs, (int)warmup, &r);
		if (profile)
			profile_text(&bp, (int)runs);
	}
	if (profile)
		profile_free(&bp);
	if (fflush(stdout) || ferror(stdout)) {
		cli_error("bench", "cannot write to standard output: %s", strerror(errno));
		goto free_times;
	}
	cli_blas_warn();
	rc = CLI_OK;
free_times:
	onnxc_free(ms);
	onnxc_free(sorted);
free_model:
	onnxc_session_free(s);
	onnxc_model_free(m);
free_inputs:
	cli_inputs_free(&ci);
	return rc;
}
