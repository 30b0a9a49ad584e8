/*
 * cmd_run.c - `onnxc run`: run a model on .npy / .pb inputs.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "fe.h"
#include "npy.h"
#include "onnxc.h"
#include "rt.h"
#include "session.h"

static const char run_usage[] =
	"usage: onnxc run MODEL [--input FILE | --input NAME=FILE]... [--output-dir DIR]\n"
	"                 [--threads N] [--plan-stats] [-O LEVEL] [pass flags]\n"
	"  Runs MODEL on inputs given as NumPy .npy or ONNX TensorProto .pb files.\n"
	"  Positional --input FILE values fill the graph's inputs in order.\n"
	"  --output-dir DIR  write graph output k to DIR/output_k.npy\n"
	"                    (without it: a summary of each output)\n"
	"  --threads N       threads, OpenBLAS included (default 0: all cores)\n"
	"  --plan-stats      print the memory plan: arena, lower bound, naive sum\n"
	CLI_PASS_USAGE
	"Limits (a model or input beyond them is refused):\n"
	"  --max-tensor-bytes N  bytes of one tensor, scratch or memory plan (16 GiB)\n"
	"  --max-nodes N         nodes in all graphs, after inlining (4000000)\n"
	"  --max-depth N         nesting of subgraphs and protobuf messages (64, at most 1000)\n";

/* parse_limit: a whole number in [1, hi] for flag `flag`; 0, or -1 after an
 * error. */
static int parse_limit(const char *flag, const char *v, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno || end == v || *end || *v == '-' || x < 1 || x > hi) {
		cli_error("run", "%s needs a number from 1 to %llu", flag, (unsigned long long)hi);
		return -1;
	}
	*out = x;
	return 0;
}

/* summarize: name, dtype, shape, min/max/mean and the first values. */
static void summarize(const onnxc_tensor *o)
{
	int64_t n = 1, i;
	int d;
	double mn = INFINITY, mx = -INFINITY, sum = 0;

	printf("%s: %s[", o->name, ir_dtype_name(o->dtype));
	for (d = 0; d < o->rank; d++) {
		printf("%s%lld", d ? "," : "", (long long)o->dims[d]);
		n *= o->dims[d];
	}
	printf("]");
	if (o->dtype == IR_STRING || !ir_dtype_size(o->dtype) || o->dtype == IR_COMPLEX64 ||
	    o->dtype == IR_COMPLEX128) {
		printf("\n");
		return;
	}
	{
		rt_tensor t = { .dtype = o->dtype, .data = o->data };
		for (i = 0; i < n; i++) {
			double v = rt_get_f(&t, i);
			mn = v < mn ? v : mn;
			mx = v > mx ? v : mx;
			sum += v;
		}
		if (n)
			printf(" min %.6g max %.6g mean %.6g", mn, mx, sum / (double)n);
		printf(" first:");
		for (i = 0; i < n && i < 8; i++)
			printf(" %.6g", rt_get_f(&t, i));
		printf("%s\n", n > 8 ? " ..." : "");
	}
}

/* print_plan_stats: the memory plan's figures. */
static void print_plan_stats(const onnxc_session *s)
{
	onnxc_plan_stats st;

	onnxc_session_plan_stats(s, &st);
	printf("plan: arena %llu bytes, lower bound %llu, naive %llu (arena/bound %.3f), "
	       "%d nodes run, %d folded, weights %llu bytes\n",
	       (unsigned long long)st.arena_bytes, (unsigned long long)st.lower_bound,
	       (unsigned long long)st.naive_bytes,
	       st.lower_bound ? (double)st.arena_bytes / (double)st.lower_bound : 1.0, st.n_nodes,
	       st.n_folded, (unsigned long long)st.weight_bytes);
}

/* write_outputs: outs as DIR/output_K.npy, made only after the run
 * succeeded (DIR created if missing).  All or nothing: when one fails, the
 * files already written (and DIR, if made here) are removed.  0 or
 * CLI_EBAD (message printed). */
static int write_outputs(const char *dir, int n, const onnxc_tensor *outs)
{
	onnxc_err err = { 0 };
	char path[4096];
	struct stat st;
	int i, k, made = 0;

	if (stat(dir, &st)) {
		if (mkdir(dir, 0755))
			return cli_error("run", "%s: %s", dir, strerror(errno));
		made = 1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/output_%d.npy", dir, i);
		if (fe_npy_write(path, outs[i].dtype, outs[i].rank, outs[i].dims, outs[i].data, &err))
			goto undo;
	}
	return 0;
undo:
	cli_error("run", "%s", err.msg);
	for (k = 0; k < i; k++) {
		snprintf(path, sizeof path, "%s/output_%d.npy", dir, k);
		unlink(path);
	}
	if (made)
		rmdir(dir);
	return CLI_EBAD;
}

int cmd_run(int argc, char **argv)
{
	const char *outdir = NULL, *threads = NULL, *pos[1];
	const char *max_tensor = NULL, *max_nodes = NULL, *max_depth = NULL;
	fe_limits lim;
	cli_inputs ri = { .cmd = "run" };
	cli_passes passes = { 0 };
	int plan_stats = 0, n_pos, n_out, i, rc = CLI_EBAD;
	const cli_opt opts[] = {
		{ "input", 'i', "[NAME=]FILE", NULL, NULL, cli_input_add, &ri },
		{ "output-dir", 'o', "DIR", &outdir, NULL, NULL, NULL },
		{ "threads", 0, "N", &threads, NULL, NULL, NULL },
		{ "plan-stats", 0, NULL, NULL, &plan_stats, NULL, NULL },
		{ "max-tensor-bytes", 0, "N", &max_tensor, NULL, NULL, NULL },
		{ "max-nodes", 0, "N", &max_nodes, NULL, NULL, NULL },
		{ "max-depth", 0, "N", &max_depth, NULL, NULL, NULL },
		CLI_PASS_OPTS(&passes),
		{ NULL, 0, NULL, NULL, NULL, NULL, NULL },
	};
	onnxc_tensor in[CLI_MAX_INPUTS];
	const onnxc_tensor *outs;
	onnxc_options opt;
	onnxc_model *m = NULL;
	onnxc_session *s = NULL;

	onnxc_options_init(&opt);
	cli_bare_O(argc, argv);
	rc = cli_parse("run", argc, argv, opts, run_usage, pos, 1, &n_pos);
	if (rc) {
		rc = rc == CLI_PARSE_HELP ? CLI_OK : CLI_EBAD;
		goto free_inputs;
	}
	rc = CLI_EBAD;
	if (n_pos != 1) {
		cli_error("run", "expected one MODEL argument (try 'onnxc run --help')");
		goto free_inputs;
	}
	if (threads) {
		long t;
		if (cli_count("run", "--threads", threads, 0, 1024, &t))
			goto free_inputs;
		opt.threads = (int)t;
	}
	fe_limits_default(&lim);
	{
		uint64_t x;
		if (max_tensor) {
			if (parse_limit("--max-tensor-bytes", max_tensor, UINT64_MAX, &x))
				goto free_inputs;
			opt.max_tensor_bytes = lim.max_tensor_bytes = x;
		}
		if (max_nodes) {
			if (parse_limit("--max-nodes", max_nodes, (uint64_t)INT64_MAX, &x))
				goto free_inputs;
			opt.max_nodes = lim.max_nodes = (int64_t)x;
		}
		if (max_depth) {
			if (parse_limit("--max-depth", max_depth, 1000, &x))
				goto free_inputs;
			opt.max_depth = lim.max_depth = (int)x;
		}
	}
	m = cli_open_model("run", pos[0], &lim, &passes);
	if (!m)
		goto free_inputs;
	cli_inputs_view(&ri, in);
	if (onnxc_session_new(m, &opt, &s)) {
		cli_error("run", "out of memory");
		goto free_model;
	}
	if (onnxc_session_run(s, ri.n, in, &n_out, &outs)) {
		cli_error("run", "%s: %s", pos[0], onnxc_session_errmsg(s));
		goto free_model;
	}
	if (outdir) {
		if (write_outputs(outdir, n_out, outs))
			goto free_model;
	} else {
		for (i = 0; i < n_out; i++)
			summarize(&outs[i]);
	}
	if (plan_stats)
		print_plan_stats(s);
	rc = CLI_OK;
free_model:
	onnxc_session_free(s);
	onnxc_model_free(m);
free_inputs:
	cli_inputs_free(&ri);
	return rc;
}
