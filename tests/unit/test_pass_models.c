/*
 * test_pass_models.c - the whole pipeline on exported models: the bundled
 * tests/models/fcn_small.onnx and, when $ONNXC_PASS_MODELS names a folder
 * made by tests/e2e/gen.py (tests/passes.cmake does that), every model
 * listed in its manifest.txt.  Each model runs loaded with -O0 and with the
 * passes; the outputs must agree to 1e-5 of the output's largest magnitude.
 * The optimised IR must also write and load back unchanged.  Prints node
 * counts before/after and the changes of every pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gb.h"
#include "npy.h"
#include "session.h"
#include "testutil.h"

#define RTOL 1e-5

struct stats {
	char line[1024];
	size_t len;
};

static void after_pass(void *ud, const ir_model *m, const char *pass, int changes)
{
	struct stats *st = ud;

	(void)m;
	if (st->len < sizeof st->line - 64)
		st->len += (size_t)snprintf(st->line + st->len, sizeof st->line - st->len, " %s %d",
					    pass, changes);
}

/* roundtrip: the optimised IR writes and loads back unchanged (but for fused
 * activations, which are written as separate nodes again) */
static void roundtrip(const ir_model *ir)
{
	onnxc_err err = { 0 };
	ir_model *back;
	void *buf;
	size_t len;
	char why[512];
	int i, fused = 0;

	ck_assert_msg(fe_write_buffer(ir, &buf, &len, &err) == 0, "write: %s", err.msg);
	ck_assert_msg(fe_load_buffer(buf, len, NULL, "optimised", NULL, &back, &err) == 0,
		      "reload: %s", err.msg);
	for (i = 0; i < ir->graph->n_nodes; i++)
		fused += ir->graph->nodes[i]->fused_act != IR_OP_UNKNOWN;
	if (!fused)
		ck_assert_msg(fe_model_equal(ir, back, why, sizeof why), "reloaded model differs: %s",
			      why);
	else   /* each fused activation is written back as its own node */
		ck_assert_int_ge(back->graph->n_nodes, ir->graph->n_nodes + fused);
	ir_model_free(back);
	onnxc_free(buf);
}

/* check_model: run `path` with and without the passes on each input file
 * (NULL-terminated list); returns the optimised node count. */
static int check_model(const char *name, const char *path, const char *const *inputs,
		       int *before)
{
	onnxc_options o0;
	onnxc_model *ref, *opt;
	ir_model *ir;
	onnxc_err err = { 0 };
	pass_opts po = { 0 };
	struct stats st = { "", 0 };
	char msg[512];
	int k, after;

	onnxc_options_init(&o0);
	o0.opt_level = 0;
	ck_assert_msg(onnxc_model_load(path, &o0, &ref, msg, sizeof msg) == 0, "%s: %s", path, msg);
	ck_assert_msg(fe_load_file(path, NULL, &ir, &err) == 0, "%s", err.msg);
	*before = ir->graph->n_nodes;
	po.verify = 1;
	po.after = after_pass;
	po.ud = &st;
	ck_assert_msg(pass_run(ir, &po, &err) == 0, "%s: %s", name, err.msg);
	after = ir->graph->n_nodes;
	roundtrip(ir);
	opt = rt_model_wrap(ir, &err);
	ck_assert_ptr_nonnull(opt);
	printf("%-40s %4d -> %4d nodes;%s\n", name, *before, after, st.line);
	for (k = 0; inputs[k]; k++) {
		ir_tensor *x;
		double r;
		ck_assert_msg(fe_npy_read(inputs[k], &x, &err) == 0, "%s", err.msg);
		r = gb_compare(ref, opt, x);
		printf("%-40s %s: relative difference %.3g\n", "", strrchr(inputs[k], '/') + 1, r);
		ck_assert_msg(r >= 0 && r <= RTOL, "%s on %s: relative difference %g", name,
			      inputs[k], r);
		ir_tensor_free(x);
	}
	onnxc_model_free(ref);
	onnxc_model_free(opt);
	return after;
}

START_TEST(fcn_small)
{
	char in[4096];
	const char *inputs[2] = { in, NULL };
	int before, after;

	snprintf(in, sizeof in, "%s", tu_src("tests/models/fcn_small_input.npy"));
	after = check_model("fcn_small", tu_src("tests/models/fcn_small.onnx"), inputs, &before);
	/* the BatchNormalization after a Concat-free Add stays; nothing else
	 * foldable: passes must not add nodes */
	ck_assert_int_le(after, before);
}
END_TEST

/* the public load path runs the passes unless opt_level is 0, and takes
 * --passes / --disable-pass lists */
START_TEST(load_options)
{
	char path[4096], in[4096], msg[512];
	onnxc_options o;
	onnxc_model *ref, *opt;
	ir_tensor *x;
	onnxc_err err = { 0 };

	snprintf(path, sizeof path, "%s", tu_src("tests/models/fcn_small.onnx"));
	snprintf(in, sizeof in, "%s", tu_src("tests/models/fcn_small_input.npy"));
	ck_assert_int_eq(fe_npy_read(in, &x, &err), 0);
	onnxc_options_init(&o);
	o.opt_level = 0;
	ck_assert_int_eq(onnxc_model_load(path, &o, &ref, msg, sizeof msg), 0);
	/* the file declares no intermediate types; infer writes them */
	ck_assert(!ref->ir->graph->nodes[0]->out[0]->has_type);
	onnxc_options_init(&o);
	ck_assert_int_eq(onnxc_model_load(path, &o, &opt, msg, sizeof msg), 0);
	ck_assert(opt->ir->graph->nodes[0]->out[0]->has_type);
	ck_assert_int_eq(opt->ir->graph->nodes[0]->out[0]->shape.rank, 4);
	ck_assert_double_le(gb_compare(ref, opt, x), RTOL);
	onnxc_model_free(opt);
	o.passes = "infer,dce";
	ck_assert_int_eq(onnxc_model_load(path, &o, &opt, msg, sizeof msg), 0);
	ck_assert_double_le(gb_compare(ref, opt, x), RTOL);
	onnxc_model_free(opt);
	o.passes = NULL;
	o.disable_passes = "fold,nosuchpass";
	ck_assert_int_eq(onnxc_model_load(path, &o, &opt, msg, sizeof msg), ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "nosuchpass"));
	onnxc_model_free(ref);
	ir_tensor_free(x);
}
END_TEST

/* check_dir: every case of one gen.py folder, whose manifest.txt has one
 * line per test set: "<case> <bdir> <n_outputs>".  Returns the case count. */
static int check_dir(const char *dir)
{
	char path[4096], line[512], prev[256] = "", in[2][4096];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "%s/manifest.txt", dir);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s: no manifest (gen.py failed?)", path);
	while (fgets(line, sizeof line, f)) {
		char c[256], bdir[64];
		const char *inputs[3] = { NULL, NULL, NULL };
		int before;
		if (sscanf(line, "%255s %63s", c, bdir) != 2 || !strcmp(c, prev))
			continue;
		strcpy(prev, c);
		snprintf(in[0], sizeof in[0], "%s/%s/b1/input_0.npy", dir, c);
		inputs[0] = in[0];
		snprintf(in[1], sizeof in[1], "%s/%s/b2/input_0.npy", dir, c);
		if (access(in[1], R_OK) == 0)
			inputs[1] = in[1];
		snprintf(path, sizeof path, "%s/%s/model.onnx", dir, c);
		check_model(c, path, inputs, &before);
		n++;
	}
	fclose(f);
	return n;
}

/* $ONNXC_PASS_MODELS: a ':'-separated list of gen.py output folders */
START_TEST(exported_models)
{
	const char *env = getenv("ONNXC_PASS_MODELS");
	char dirs[8192], *dir, *save = NULL;

	if (!env) {
		printf("ONNXC_PASS_MODELS not set: only the bundled model runs\n");
		return;
	}
	snprintf(dirs, sizeof dirs, "%s", env);
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		ck_assert_int_gt(check_dir(dir), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_models");
	TCase *tc = tcase_create("models");

	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, fcn_small);
	tcase_add_test(tc, load_options);
	tcase_add_test(tc, exported_models);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
