/*
 * runner.c - the ONNX backend test suite through the onnxc library.
 *
 * usage: onnxc_conformance [--data DIR] [--suites a,b] [--passing FILE]
 *                          [--write-passing FILE] [--filter SUBSTR] [-v]
 *
 * Every case is model.onnx plus test_data_set_N/{input,output}_K.pb.  Each
 * case runs in a child process (a crash or a hang fails that case only).
 * Outputs are compared with the expected tensors: floats with
 * |got - exp| <= 1e-5 + 1e-3 |exp| (NaN equals NaN), everything else
 * exactly; dtypes and shapes exactly.  Cases whose graph inputs or outputs
 * are not tensors (sequences, optionals, maps) and random ops are out of
 * scope.  Prints a table per suite and per op; with --passing, exits 1 when
 * a case listed there does not pass (the list only grows).
 */
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fe.h"
#include "onnxc.h"
#include "rt.h"
#include "session.h"

enum { R_PASS, R_FAIL, R_REFUSED, R_SCOPE, R_CRASH };
static const char *const rname[] = { "pass", "FAIL", "refused", "out-of-scope", "CRASH" };

#define MSG 512
struct result {
	int status;
	char op[64];
	char msg[MSG];
};

/* ---- comparing ---- */
static int compare(const onnxc_tensor *got, const ir_tensor *exp, int k, char *msg)
{
	rt_tensor g = { .dtype = got->dtype, .data = got->data };
	rt_tensor e = { .dtype = exp->dtype, .data = exp->data };
	int64_t i;
	int d;

	if (got->dtype != exp->dtype) {
		snprintf(msg, MSG, "output %d: dtype %s, expected %s", k, ir_dtype_name(got->dtype),
			 ir_dtype_name(exp->dtype));
		return -1;
	}
	if (got->rank != exp->rank) {
		snprintf(msg, MSG, "output %d: rank %d, expected %d", k, got->rank, exp->rank);
		return -1;
	}
	for (d = 0; d < got->rank; d++)
		if (got->dims[d] != exp->dims[d]) {
			snprintf(msg, MSG, "output %d: dim %d is %lld, expected %lld", k, d,
				 (long long)got->dims[d], (long long)exp->dims[d]);
			return -1;
		}
	if (exp->dtype == IR_STRING) {
		/* exactly, bytes and lengths */
		for (i = 0; i < exp->numel; i++) {
			const char *a = ((char *const *)got->data)[i];
			const char *b = ((char *const *)exp->data)[i];
			size_t blen = exp->str_lens ? exp->str_lens[i] : strlen(b);
			if (a && strlen(a) == blen && !memcmp(a, b, blen))
				continue;
			snprintf(msg, MSG, "output %d: element %lld is \"%.100s\", expected \"%.100s\"",
				 k, (long long)i, a ? a : "(null)", b);
			return -1;
		}
		return 0;
	}
	for (i = 0; i < exp->numel; i++) {
		int fl = exp->dtype == IR_FLOAT || exp->dtype == IR_DOUBLE ||
			 exp->dtype == IR_FLOAT16 || exp->dtype == IR_BFLOAT16;
		if (fl) {
			double a = rt_get_f(&g, i), b = rt_get_f(&e, i);
			if ((isnan(a) && isnan(b)) || a == b || fabs(a - b) <= 1e-5 + 1e-3 * fabs(b))
				continue;
			snprintf(msg, MSG, "output %d: element %lld is %.8g, expected %.8g", k,
				 (long long)i, a, b);
			return -1;
		}
		if (exp->dtype == IR_COMPLEX64 || exp->dtype == IR_COMPLEX128) {
			size_t es = ir_dtype_size(exp->dtype);
			if (memcmp((char *)got->data + i * es, (char *)exp->data + i * es, es))
				goto mismatch;
			continue;
		}
		if (rt_get_i(&g, i) != rt_get_i(&e, i))
			goto mismatch;
	}
	return 0;
mismatch:
	snprintf(msg, MSG, "output %d: element %lld is %lld, expected %lld", k, (long long)i,
		 (long long)rt_get_i(&g, i), (long long)rt_get_i(&e, i));
	return -1;
}

/* ---- one case ---- */
static int out_of_scope(const ir_model *m, const char *name, char *msg)
{
	static const char *const random_ops[] = { "Bernoulli", "RandomNormal", "RandomNormalLike",
						  "RandomUniform", "RandomUniformLike", "Multinomial" };
	const ir_graph *g = m->graph;
	int i, j;

	for (i = 0; i < g->n_inputs + g->n_outputs; i++) {
		const ir_value *v = i < g->n_inputs ? g->inputs[i] : g->outputs[i - g->n_inputs];
		if (v->type_proto || (v->has_type && v->dtype == IR_UNDEFINED)) {
			snprintf(msg, MSG, "graph %s '%s' is not a tensor",
				 i < g->n_inputs ? "input" : "output", v->name);
			return 1;
		}
	}
	for (i = 0; i < g->n_nodes; i++)
		for (j = 0; j < (int)(sizeof random_ops / sizeof *random_ops); j++)
			if (!strcmp(g->nodes[i]->op_type, random_ops[j])) {
				snprintf(msg, MSG, "random op %s", random_ops[j]);
				return 1;
			}
	if (strstr(name, "training_dropout")) {
		snprintf(msg, MSG, "Dropout in training mode");
		return 1;
	}
	return 0;
}

/* main_op: the op a case is filed under (the most frequent non-trivial op). */
static void main_op(const ir_model *m, char *op, size_t n)
{
	const ir_graph *g = m->graph;

	snprintf(op, n, "%s", g->n_nodes ? g->nodes[g->n_nodes - 1]->op_type : "-");
	if (g->n_nodes == 1)
		return;
	/* node cases that use helper nodes: prefer the first node that is not
	 * a Constant */
	for (int i = 0; i < g->n_nodes; i++)
		if (strcmp(g->nodes[i]->op_type, "Constant")) {
			snprintf(op, n, "%s", g->nodes[i]->op_type);
			return;
		}
}

static void run_case(const char *dir, const char *name, struct result *r)
{
	char path[8192], errbuf[1024];
	onnxc_model *m = NULL;
	onnxc_session *s = NULL;
	ir_tensor *ins[64] = { 0 }, *outs[64] = { 0 };
	onnxc_tensor in[64];
	const onnxc_tensor *got;
	onnxc_err err = { 0 };
	int set, k, n_in, n_out, n_got, rc;

	r->status = R_FAIL;
	snprintf(path, sizeof path, "%s/model.onnx", dir);
	if (onnxc_model_load(path, NULL, &m, errbuf, sizeof errbuf)) {
		snprintf(r->msg, MSG, "load: %.450s", errbuf);
		return;
	}
	main_op(m->ir, r->op, sizeof r->op);
	if (out_of_scope(m->ir, name, r->msg)) {
		r->status = R_SCOPE;
		goto free_model;
	}
	onnxc_session_new(m, NULL, &s);
	for (set = 0;; set++) {
		snprintf(path, sizeof path, "%s/test_data_set_%d", dir, set);
		if (access(path, F_OK))
			break;
		for (n_in = 0; n_in < 64; n_in++) {
			snprintf(path, sizeof path, "%s/test_data_set_%d/input_%d.pb", dir, set, n_in);
			if (access(path, F_OK))
				break;
			if (fe_read_tensor_pb(path, &ins[n_in], &err)) {
				snprintf(r->msg, MSG, "input: %.450s", err.msg);
				goto free_tensors;
			}
			in[n_in] = (onnxc_tensor){ NULL, ins[n_in]->dtype, ins[n_in]->rank,
						   ins[n_in]->dims, ins[n_in]->data, ins[n_in]->nbytes };
		}
		for (n_out = 0; n_out < 64; n_out++) {
			snprintf(path, sizeof path, "%s/test_data_set_%d/output_%d.pb", dir, set, n_out);
			if (access(path, F_OK))
				break;
			if (fe_read_tensor_pb(path, &outs[n_out], &err)) {
				snprintf(r->msg, MSG, "expected output: %.450s", err.msg);
				goto free_tensors;
			}
		}
		/* inputs are matched to the graph's inputs by position; the
		 * test data names them as the graph does */
		for (k = 0; k < n_in; k++)
			if (ins[k]->name && ins[k]->name[0])
				in[k].name = ins[k]->name;
		/* ONNX 1.12's test data stores bfloat16 tensors as uint16 bits */
		for (k = 0; k < n_in && k < onnxc_model_num_inputs(m); k++) {
			onnxc_tensor info;
			onnxc_model_input(m, k, &info);
			if (info.dtype == IR_BFLOAT16 && in[k].dtype == IR_UINT16)
				in[k].dtype = ins[k]->dtype = IR_BFLOAT16;
		}
		for (k = 0; k < n_out && k < onnxc_model_num_outputs(m); k++) {
			onnxc_tensor info;
			onnxc_model_output(m, k, &info);
			if (info.dtype == IR_BFLOAT16 && outs[k]->dtype == IR_UINT16)
				outs[k]->dtype = IR_BFLOAT16;
		}
		rc = onnxc_session_prepare(s, n_in, in);
		if (rc) {
			r->status = rc == ONNXC_EUNSUPPORTED ? R_REFUSED : R_FAIL;
			snprintf(r->msg, MSG, "prepare: %.450s", onnxc_session_errmsg(s));
			goto free_tensors;
		}
		if (onnxc_session_run(s, n_in, in, &n_got, &got)) {
			snprintf(r->msg, MSG, "run: %.450s", onnxc_session_errmsg(s));
			goto free_tensors;
		}
		if (n_got != n_out) {
			snprintf(r->msg, MSG, "%d outputs, expected %d", n_got, n_out);
			goto free_tensors;
		}
		for (k = 0; k < n_out; k++)
			if (compare(&got[k], outs[k], k, r->msg))
				goto free_tensors;
		for (k = 0; k < 64; k++) {
			ir_tensor_free(ins[k]);
			ir_tensor_free(outs[k]);
			ins[k] = outs[k] = NULL;
		}
	}
	r->status = R_PASS;
free_tensors:
	for (k = 0; k < 64; k++) {
		ir_tensor_free(ins[k]);
		ir_tensor_free(outs[k]);
	}
	onnxc_session_free(s);
free_model:
	onnxc_model_free(m);
}

/* run_isolated: run_case in a child with a time limit. */
static void run_isolated(const char *dir, const char *name, struct result *shared)
{
	pid_t pid;
	int st;

	memset(shared, 0, sizeof *shared);
	pid = fork();
	if (pid == 0) {
		alarm(60);
		run_case(dir, name, shared);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0) {
		shared->status = R_CRASH;
		snprintf(shared->msg, MSG, "fork failed");
		return;
	}
	if (WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st))) {
		shared->status = R_CRASH;
		snprintf(shared->msg, MSG, "%s %d",
			 WIFSIGNALED(st) ? "killed by signal" : "exit status",
			 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	}
}

/* ---- tables ---- */
struct opstat {
	char op[64];
	int n[5];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int in_list(char **list, int n, const char *key)
{
	return n && bsearch(&key, list, (size_t)n, sizeof *list, by_name) != NULL;
}

static char **read_list(const char *path, int *n)
{
	FILE *f = fopen(path, "r");
	char line[512], **list = NULL;
	int cap = 0;

	*n = 0;
	if (!f)
		return NULL;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			list = realloc(list, sizeof *list * (size_t)cap);
		}
		list[(*n)++] = strdup(line);
	}
	fclose(f);
	if (*n)
		qsort(list, (size_t)*n, sizeof *list, by_name);
	return list;
}

int main(int argc, char **argv)
{
	const char *data = "/usr/share/libonnx-testdata/data", *passing = NULL, *write_passing = NULL;
	const char *filter = NULL;
	char suites_buf[256] = "node,pytorch-converted,pytorch-operator,simple", *suite, *save;
	char **plist = NULL, **newpass = NULL;
	int np = 0, n_new = 0, verbose = 0, i, regressions = 0, total[5] = { 0 };
	struct result *shared;
	FILE *wp = NULL;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--suites") && i + 1 < argc)
			snprintf(suites_buf, sizeof suites_buf, "%s", argv[++i]);
		else if (!strcmp(argv[i], "--passing") && i + 1 < argc)
			passing = argv[++i];
		else if (!strcmp(argv[i], "--write-passing") && i + 1 < argc)
			write_passing = argv[++i];
		else if (!strcmp(argv[i], "--filter") && i + 1 < argc)
			filter = argv[++i];
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else {
			fprintf(stderr, "usage: %s [--data DIR] [--suites a,b] [--passing FILE] "
				"[--write-passing FILE] [--filter S] [-v]\n", argv[0]);
			return 2;
		}
	}
	if (passing) {
		plist = read_list(passing, &np);
		if (!plist && np == 0)
			fprintf(stderr, "note: %s not found or empty\n", passing);
	}
	shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return 2;
	newpass = calloc(4096, sizeof *newpass);
	for (suite = strtok_r(suites_buf, ",", &save); suite; suite = strtok_r(NULL, ",", &save)) {
		char sdir[2048];
		struct dirent **ents;
		struct opstat *ops = calloc(2048, sizeof *ops);
		int n_ent, n_ops = 0, st[5] = { 0 }, e, o;

		snprintf(sdir, sizeof sdir, "%s/%s", data, suite);
		n_ent = scandir(sdir, &ents, NULL, alphasort);
		if (n_ent < 0) {
			fprintf(stderr, "%s: cannot read\n", sdir);
			return 2;
		}
		for (e = 0; e < n_ent; e++) {
			char cdir[4096], key[512];
			if (ents[e]->d_name[0] == '.' || (filter && !strstr(ents[e]->d_name, filter))) {
				free(ents[e]);
				continue;
			}
			snprintf(cdir, sizeof cdir, "%s/%s", sdir, ents[e]->d_name);
			snprintf(key, sizeof key, "%s/%s", suite, ents[e]->d_name);
			run_isolated(cdir, ents[e]->d_name, shared);
			st[shared->status]++;
			total[shared->status]++;
			for (o = 0; o < n_ops && strcmp(ops[o].op, shared->op); o++)
				;
			if (o == n_ops && n_ops < 2048)
				snprintf(ops[n_ops++].op, sizeof ops[0].op, "%s",
					 shared->op[0] ? shared->op : "?");
			if (o < 2048)
				ops[o].n[shared->status]++;
			if (shared->status == R_PASS && n_new < 4096)
				newpass[n_new++] = strdup(key);
			if (shared->status != R_PASS && plist && in_list(plist, np, key)) {
				regressions++;
				printf("REGRESSION %s: %s\n", key, shared->msg);
			}
			if (verbose || (shared->status != R_PASS && shared->status != R_SCOPE))
				printf("%-8s %s [%s] %s\n", rname[shared->status], key, shared->op,
				       shared->msg);
			free(ents[e]);
		}
		free(ents);
		printf("\n%-20s %6s %6s %8s %6s %6s\n", "op", "pass", "fail", "refused", "crash", "scope");
		for (o = 0; o < n_ops; o++)
			printf("%-20s %6d %6d %8d %6d %6d\n", ops[o].op, ops[o].n[R_PASS], ops[o].n[R_FAIL],
			       ops[o].n[R_REFUSED], ops[o].n[R_CRASH], ops[o].n[R_SCOPE]);
		printf("suite %s: %d passed / %d in scope (%.1f%%), %d failed, %d refused, %d crashed, "
		       "%d out of scope\n\n", suite, st[R_PASS],
		       st[R_PASS] + st[R_FAIL] + st[R_REFUSED] + st[R_CRASH],
		       100.0 * st[R_PASS] / (st[R_PASS] + st[R_FAIL] + st[R_REFUSED] + st[R_CRASH] + 1e-9),
		       st[R_FAIL], st[R_REFUSED], st[R_CRASH], st[R_SCOPE]);
		free(ops);
	}
	if (write_passing && (wp = fopen(write_passing, "w"))) {
		qsort(newpass, (size_t)n_new, sizeof *newpass, by_name);
		fprintf(wp, "# cases that pass; CI fails when one of them stops passing\n");
		for (i = 0; i < n_new; i++)
			fprintf(wp, "%s\n", newpass[i]);
		fclose(wp);
	}
	for (i = 0; i < n_new; i++)
		free(newpass[i]);
	free(newpass);
	for (i = 0; i < np; i++)
		free(plist[i]);
	free(plist);
	printf("conformance: %d passed, %d failed, %d refused, %d crashed, %d out of scope; "
	       "%d regressions against the passing list\n", total[R_PASS], total[R_FAIL],
	       total[R_REFUSED], total[R_CRASH], total[R_SCOPE], regressions);
	return regressions ? 1 : 0;
}
