/*
 * bilinear_opt.c - test driver of the folding passes on exported models:
 *
 *   bilinear_opt MODEL OUT [--forbid OP]... [--expect PASS=N]...
 *                [--input X.bin --ref Y.bin [--tol T]]
 *
 * Loads MODEL, runs the pass pipeline (printing every note), checks that no
 * node of a forbidden op is left and that PASS reported N changes, writes
 * the optimised graph to OUT (the .onnx that other runtimes get), then loads
 * OUT without passes, runs it on X.bin (raw float32, the model's declared
 * input shape) and compares its outputs, one after the other, with Y.bin
 * (raw float32): max |difference| <= T * max(1, max |Y|) (T = 1e-5).  Exit 0 when every
 * check holds, 1 otherwise, 2 on bad arguments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "onnxc.h"
#include "pass.h"

#define MAXC 16

typedef struct counts {
	const char *pass[MAXC];
	int n[MAXC], k;
} counts;

static void on_note(void *ud, const char *pass, const char *msg)
{
	counts *c = ud;
	int i;

	printf("%s: %s\n", pass, msg);
	for (i = 0; i < c->k && strcmp(c->pass[i], pass); i++)
		;
	if (i == c->k && c->k < MAXC)
		c->pass[c->k++] = pass;
	if (i < MAXC)
		c->n[i]++;
}

/* read_file: the whole file at path into a malloc'd buffer; NULL on error. */
static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

/* run_check: OUT on X compared with REF.  0 when within tolerance. */
static int run_check(const char *model, const char *xin, const char *ref, double tol)
{
	onnxc_options o;
	onnxc_model *m = NULL;
	onnxc_session *s = NULL;
	onnxc_tensor info, in;
	const onnxc_tensor *out;
	char msg[1024];
	size_t xlen = 0, rlen = 0, i, n = 1;
	float *x = read_file(xin, &xlen), *r = read_file(ref, &rlen);
	double e = 0, big = 1;
	int n_out, rc = 1, k;

	onnxc_options_init(&o);
	o.opt_level = 0;         /* run the file as written */
	if (!x || !r) {
		fprintf(stderr, "cannot read %s or %s\n", xin, ref);
		goto out;
	}
	if (onnxc_model_load(model, &o, &m, msg, sizeof msg)) {
		fprintf(stderr, "%s\n", msg);
		goto out;
	}
	onnxc_model_input(m, 0, &info);
	for (k = 0; k < info.rank; k++)
		n *= (size_t)info.dims[k];
	if (n * sizeof(float) != xlen) {
		fprintf(stderr, "%s: %zu bytes, the input needs %zu\n", xin, xlen, n * sizeof(float));
		goto out;
	}
	in = info;
	in.data = x;
	in.nbytes = xlen;
	if (onnxc_session_new(m, &o, &s) || onnxc_session_run(s, 1, &in, &n_out, &out)) {
		fprintf(stderr, "run: %s\n", s ? onnxc_session_errmsg(s) : "no session");
		goto out;
	}
	for (k = 0, n = 0; k < n_out; k++) {
		size_t cnt = out[k].nbytes / sizeof(float);
		if (out[k].dtype != 1 || (n + cnt) * sizeof(float) > rlen) {
			fprintf(stderr, "output %d: not float or beyond the reference's %zu bytes\n", k,
				rlen);
			goto out;
		}
		for (i = 0; i < cnt; i++) {
			double d = fabs((double)((float *)out[k].data)[i] - r[n + i]);
			if (!(d <= e))
				e = d;
			if (fabs(r[n + i]) > big)
				big = fabs(r[n + i]);
		}
		n += cnt;
	}
	if (n * sizeof(float) != rlen) {
		fprintf(stderr, "outputs: %zu bytes, the reference has %zu\n", n * sizeof(float), rlen);
		goto out;
	}
	printf("onnxc on %s: max |output - reference| = %.3g (max |reference| %.3g)\n", model, e,
	       big);
	rc = e <= tol * big ? 0 : 1;
	if (rc)
		fprintf(stderr, "FAIL: difference above %.3g\n", tol * big);
out:
	onnxc_session_free(s);
	onnxc_model_free(m);
	free(x);
	free(r);
	return rc;
}

int main(int argc, char **argv)
{
	const char *forbid[MAXC], *expect[MAXC], *xin = NULL, *ref = NULL;
	int nf = 0, ne = 0, i, k, bad = 0;
	double tol = 1e-5;
	onnxc_err err = { 0 };
	ir_model *m;
	pass_opts po = { 0 };
	counts c = { { 0 }, { 0 }, 0 };

	if (argc < 3)
		goto usage;
	for (i = 3; i < argc; i++) {
		if (i + 1 >= argc)
			goto usage;
		if (!strcmp(argv[i], "--forbid") && nf < MAXC)
			forbid[nf++] = argv[++i];
		else if (!strcmp(argv[i], "--expect") && ne < MAXC && strchr(argv[i + 1], '='))
			expect[ne++] = argv[++i];
		else if (!strcmp(argv[i], "--input"))
			xin = argv[++i];
		else if (!strcmp(argv[i], "--ref"))
			ref = argv[++i];
		else if (!strcmp(argv[i], "--tol"))
			tol = atof(argv[++i]);
		else
			goto usage;
	}
	if (fe_load_file(argv[1], NULL, &m, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	po.verify = 1;
	po.note = on_note;
	po.ud = &c;
	if (pass_run(m, &po, &err)) {
		fprintf(stderr, "passes: %s\n", err.msg);
		ir_model_free(m);
		return 1;
	}
	for (k = 0; k < nf; k++)
		for (i = 0; i < m->graph->n_nodes; i++)
			if (!strcmp(m->graph->nodes[i]->op_type, forbid[k])) {
				fprintf(stderr, "FAIL: node '%s' (%s) is left\n", m->graph->nodes[i]->name,
					forbid[k]);
				bad = 1;
			}
	for (k = 0; k < ne; k++) {
		const char *eq = strchr(expect[k], '=');
		int want = atoi(eq + 1), got = 0;
		for (i = 0; i < c.k; i++)
			if (strlen(c.pass[i]) == (size_t)(eq - expect[k]) &&
			    !strncmp(c.pass[i], expect[k], (size_t)(eq - expect[k])))
				got = c.n[i];
		if (got != want) {
			fprintf(stderr, "FAIL: %.*s reported %d changes, expected %d\n",
				(int)(eq - expect[k]), expect[k], got, want);
			bad = 1;
		}
	}
	printf("optimised graph:");
	for (i = 0; i < m->graph->n_nodes; i++)
		printf(" %s", m->graph->nodes[i]->op_type);
	printf("\n");
	if (fe_write_file(m, argv[2], &err)) {
		fprintf(stderr, "write: %s\n", err.msg);
		bad = 1;
	}
	ir_model_free(m);
	if (!bad && xin && ref)
		bad = run_check(argv[2], xin, ref, tol);
	return bad;
usage:
	fprintf(stderr, "usage: bilinear_opt MODEL OUT [--forbid OP]... [--expect PASS=N]... "
			"[--input X.bin --ref Y.bin [--tol T]]\n");
	return 2;
}
