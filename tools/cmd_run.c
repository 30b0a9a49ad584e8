/*
 * cmd_run.c - `onnxc run`: run a model on .npy / .pb inputs.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fe.h"
#include "npy.h"
#include "onnxc.h"
#include "rt.h"

#define MAX_INPUTS 64

static const char run_usage[] =
	"usage: onnxc run MODEL [--input FILE | --input NAME=FILE]... [--output-dir DIR]\n"
	"                 [--threads N] [--plan-stats]\n"
	"  Runs MODEL on inputs given as NumPy .npy or ONNX TensorProto .pb files.\n"
	"  Positional --input FILE values fill the graph's inputs in order.\n"
	"  --output-dir DIR  write graph output k to DIR/output_k.npy\n"
	"                    (without it: a summary of each output)\n"
	"  --threads N       threads to use (default: all cores)\n"
	"  --plan-stats      print the memory plan: arena, lower bound, naive sum\n"
	"Limits (a model or input beyond them is refused):\n"
	"  --max-tensor-bytes N  bytes of one tensor, scratch or memory plan (16 GiB)\n"
	"  --max-nodes N         nodes in all graphs, after inlining (4000000)\n"
	"  --max-depth N         nesting of subgraphs and protobuf messages (64, at most 1000)\n";

/* flag_value: the value of the flag at argv[*i] (advancing *i), or NULL. */
static const char *flag_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "onnxc run: %s needs a value\n", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

/* parse_int: a whole decimal number in [lo, hi]; 0 or -1. */
static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* parse_u64: a whole decimal number in [lo, hi]; 0 or -1. */
static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* read_input: a .npy or TensorProto .pb file (chosen by its first bytes). */
static int read_input(const char *path, ir_tensor **t, onnxc_err *err)
{
	char magic[6] = { 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		return onnxc_seterr(err, ONNXC_EIO, "%s: %s", path, strerror(errno));
	if (fread(magic, 1, 6, f) != 6)
		magic[0] = 0;
	fclose(f);
	if (!memcmp(magic, "\x93NUMPY", 6))
		return fe_npy_read(path, t, err);
	return fe_read_tensor_pb(path, t, err);
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

int cmd_run(int argc, char **argv)
{
	const char *model_path = NULL, *outdir = NULL, *names[MAX_INPUTS];
	ir_tensor *tensors[MAX_INPUTS] = { 0 };
	onnxc_tensor in[MAX_INPUTS];
	onnxc_options opt;
	onnxc_model *m = NULL;
	onnxc_session *s = NULL;
	const onnxc_tensor *outs;
	onnxc_err err = { 0 };
	char errbuf[1024];
	int n_in = 0, n_out, i, rc = 2, plan_stats = 0;

	onnxc_options_init(&opt);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(run_usage, stdout);
			return 0;
		} else if (!strcmp(a, "--input") || !strcmp(a, "-i")) {
			const char *v = flag_value(argc, argv, &i);
			char *eq;
			if (!v)
				goto usage;
			if (n_in == MAX_INPUTS) {
				fprintf(stderr, "onnxc run: more than %d inputs\n", MAX_INPUTS);
				goto free_all;
			}
			eq = strchr(v, '=');
			names[n_in] = NULL;
			if (eq && eq != v) {
				names[n_in] = v;
				*eq = 0;
				v = eq + 1;
			}
			if (read_input(v, &tensors[n_in], &err)) {
				fprintf(stderr, "onnxc run: %s\n", err.msg);
				goto free_all;
			}
			n_in++;
		} else if (!strcmp(a, "--output-dir") || !strcmp(a, "-o")) {
			if (!(outdir = flag_value(argc, argv, &i)))
				goto usage;
		} else if (!strcmp(a, "--threads")) {
			const char *v = flag_value(argc, argv, &i);
			if (!v || parse_int(v, 0, 1024, &opt.threads)) {
				fprintf(stderr, "onnxc run: --threads needs a number from 0 to 1024\n");
				goto free_all;
			}
		} else if (!strcmp(a, "--max-tensor-bytes") || !strcmp(a, "--max-nodes") ||
			   !strcmp(a, "--max-depth")) {
			int tensor = !strcmp(a, "--max-tensor-bytes"), nodes = !strcmp(a, "--max-nodes");
			uint64_t x, hi = tensor ? UINT64_MAX : nodes ? (uint64_t)INT64_MAX : 1000;
			const char *v = flag_value(argc, argv, &i);
			if (!v)
				goto free_all;
			if (parse_u64(v, 1, hi, &x)) {
				fprintf(stderr, "onnxc run: %s needs a number from 1 to %llu\n", a,
					(unsigned long long)hi);
				goto free_all;
			}
			if (tensor)
				opt.max_tensor_bytes = x;
			else if (nodes)
				opt.max_nodes = (int64_t)x;
			else
				opt.max_depth = (int)x;
		} else if (!strcmp(a, "--plan-stats")) {
			plan_stats = 1;
		} else if (a[0] == '-') {
			fprintf(stderr, "onnxc run: unknown flag '%s'\n", a);
			goto free_all;
		} else if (!model_path) {
			model_path = a;
		} else {
			fprintf(stderr, "onnxc run: unexpected argument '%s'\n", a);
			goto free_all;
		}
	}
	if (!model_path)
		goto usage;
	if (outdir) {
		struct stat st;
		if (stat(outdir, &st) && mkdir(outdir, 0755)) {
			fprintf(stderr, "onnxc run: %s: %s\n", outdir, strerror(errno));
			goto free_all;
		}
	}
	if (onnxc_model_load(model_path, &opt, &m, errbuf, sizeof errbuf)) {
		fprintf(stderr, "onnxc run: %s\n", errbuf);
		goto free_all;
	}
	for (i = 0; i < n_in; i++) {
		in[i] = (onnxc_tensor){ names[i], tensors[i]->dtype, tensors[i]->rank, tensors[i]->dims,
					tensors[i]->data, tensors[i]->nbytes };
	}
	if (onnxc_session_new(m, &opt, &s) || onnxc_session_run(s, n_in, in, &n_out, &outs)) {
		fprintf(stderr, "onnxc run: %s: %s\n", model_path,
			s ? onnxc_session_errmsg(s) : "out of memory");
		goto free_all;
	}
	for (i = 0; i < n_out; i++) {
		if (outdir) {
			char path[4096];
			snprintf(path, sizeof path, "%s/output_%d.npy", outdir, i);
			if (fe_npy_write(path, outs[i].dtype, outs[i].rank, outs[i].dims, outs[i].data,
					 &err)) {
				fprintf(stderr, "onnxc run: %s\n", err.msg);
				goto free_all;
			}
		} else {
			summarize(&outs[i]);
		}
	}
	if (plan_stats) {
		onnxc_plan_stats st;
		onnxc_session_plan_stats(s, &st);
		printf("plan: arena %llu bytes, lower bound %llu, naive %llu (arena/bound %.3f), "
		       "%d nodes run, %d folded, weights %llu bytes\n",
		       (unsigned long long)st.arena_bytes, (unsigned long long)st.lower_bound,
		       (unsigned long long)st.naive_bytes,
		       st.lower_bound ? (double)st.arena_bytes / (double)st.lower_bound : 1.0, st.n_nodes,
		       st.n_folded, (unsigned long long)st.weight_bytes);
	}
	rc = 0;
	goto free_all;
usage:
	fputs(run_usage, stderr);
free_all:
	onnxc_session_free(s);
	onnxc_model_free(m);
	for (i = 0; i < MAX_INPUTS; i++)
		ir_tensor_free(tensors[i]);
	return rc;
}
