/*
 * test_pass_fuse_write.c - fused models through the public API
 * (passes="fuse_act" vs opt_level 0), the writer's fresh names and
 * refusals, allocation failures in the pass and the writer, and
 * onnx.checker on written fused models (graphs from test_pass_fuse.h).
 */
#include <sys/stat.h>

#include "test_pass_fuse.h"

/* the public API: a file loaded with opt_level 0 and with passes="fuse_act" */
START_TEST(api_passes_option)
{
	spec s = { P_CONV, A_HS_PATTERN, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s);
	onnxc_err err = { 0 };
	onnxc_options o0, o1;
	onnxc_model *a, *b;
	char path[4096], eb[512];
	result r0, r1;

	mkdir(tu_bin("tests/fuse_act"), 0777);
	snprintf(path, sizeof path, "%s", tu_bin("tests/fuse_act/api_conv_hspat.onnx"));
	ck_assert_msg(fe_write_file(m, path, &err) == 0, "%s", err.msg);
	ir_model_free(m);
	onnxc_options_init(&o0);
	o0.opt_level = 0;
	onnxc_options_init(&o1);
	o1.passes = "fuse_act";
	ck_assert_msg(onnxc_model_load(path, &o0, &a, eb, sizeof eb) == 0, "%s", eb);
	ck_assert_msg(onnxc_model_load(path, &o1, &b, eb, sizeof eb) == 0, "%s", eb);
	ck_assert_str_eq(ops(a->ir->graph), "Conv HardSigmoid Mul");
	ck_assert_str_eq(ops(b->ir->graph), "Conv");
	r0 = run_om(a, &s);
	r1 = run_om(b, &s);
	same(&r0, &r1, IR_FLOAT, 0, "api");
	free(r0.data);
	free(r1.data);
	onnxc_model_free(a);
	onnxc_model_free(b);
}
END_TEST

/* the writer's fresh names avoid every name of the model */
START_TEST(writer_fresh_names)
{
	spec s = { P_CONV, A_CLIP, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s), *r;
	onnxc_err err = { 0 };
	int64_t one = 1;
	notes nt;
	const char *taken[3] = { "z_prefuse", "z_min", "z_max1" };
	int k;

	for (k = 0; k < 3; k++) {   /* unused initializers holding the names */
		ir_value *v = ir_graph_value(m->graph, taken[k], &err);
		ir_tensor *t = ir_tensor_new(IR_FLOAT, 1, &one, &err);
		ck_assert_int_eq(ir_graph_add_init(m->graph, v, t, &err), 0);
	}
	ck_assert_int_eq(ir_graph_index(m->graph, &err), 0);
	fuse(m, &nt);
	r = write_reload(m);
	ck_assert_str_eq(ops(r->graph), "Conv Clip");
	ck_assert_str_eq(r->graph->nodes[0]->out[0]->name, "z_prefuse1");
	ck_assert_str_eq(r->graph->nodes[1]->in[0]->name, "z_prefuse1");
	ck_assert_str_eq(r->graph->nodes[1]->in[1]->name, "z_min1");
	ck_assert_str_eq(r->graph->nodes[1]->in[2]->name, "z_max");
	ck_assert_str_eq(r->graph->nodes[1]->out[0]->name, "z");
	ck_assert_str_eq(r->graph->nodes[1]->name, "clip");
	ir_model_free(r);
	ir_model_free(m);
}
END_TEST

/* an activation the writer does not know is refused with a message */
START_TEST(writer_refuses_unknown_activation)
{
	spec s = { P_CONV, A_RELU, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s);
	onnxc_err err = { 0 };
	void *buf;
	size_t len;

	find_node(m->graph, "conv")->fused_act = IR_OP_Selu;
	ck_assert_int_eq(fe_write_buffer(m, &buf, &len, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EUNSUPPORTED);
	ck_assert_str_eq(err.msg, "node 'conv' (Conv): fused activation Selu cannot be written");
	ir_model_free(m);
}
END_TEST

/* every allocation of the pass and of writing a fused model may fail */
START_TEST(allocation_failures)
{
	spec s = { P_CONV, A_HS_PATTERN, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	spec c = { P_GEMM, A_CLIP, 13, IR_DOUBLE, 0, 0, 0, NULL, NULL, NULL };
	int n, rc, failed = 0;

	for (n = 0;; n++) {
		ir_model *m = build(&s);
		onnxc_err err = { 0 };
		pass_opts po = { 0 };
		po.only = "fuse_act";
		onnxc_alloc_fail_after(n);
		rc = pass_run(m, &po, &err);
		onnxc_alloc_fail_after(-1);
		ir_model_free(m);
		if (!rc)
			break;
		ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		failed++;
	}
	ck_assert_int_gt(failed, 0);
	for (n = 0, failed = 0;; n++) {
		ir_model *m = build(&c);
		onnxc_err err = { 0 };
		notes nt;
		void *buf = NULL;
		size_t len;
		fuse(m, &nt);
		onnxc_alloc_fail_after(n);
		rc = fe_write_buffer(m, &buf, &len, &err);
		onnxc_alloc_fail_after(-1);
		ir_model_free(m);
		onnxc_free(buf);
		if (!rc)
			break;
		ck_assert_int_eq(err.code, ONNXC_ENOMEM);
		failed++;
	}
	ck_assert_int_gt(failed, 4);
}
END_TEST

/* onnx.checker (full_check: strict shape inference) on fused models
 * written at opsets 9, 13, 14 and 17 */
START_TEST(written_models_pass_the_checker)
{
	static const int opsets[4] = { 9, 13, 14, 17 };
	char cmd[8192], path[4096];
	int i, files = 0;

	mkdir(tu_bin("tests/fuse_act"), 0777);
	for (i = 0; i < 2 * A_COUNT * 4; i++) {   /* Conv and Gemm, float and double */
		const int p = i / (A_COUNT * 4) * 2, a = i / 4 % A_COUNT, o = i % 4;
		spec s = { (enum prod)p, (enum act)a, opsets[o], o % 2 ? IR_DOUBLE : IR_FLOAT,
			   0, 0, 0, NULL, NULL, NULL };
		onnxc_err err = { 0 };
		ir_model *m;
		notes nt;

		if ((a == A_HSWISH && opsets[o] < 14) ||
		    ((a == A_CLIP_CONST || a == A_CLIP_MAX_ONLY) && opsets[o] < 11))
			continue;
		m = build(&s);
		ck_assert_int_eq(fuse(m, &nt), 1);
		snprintf(path, sizeof path, "%s/%s_%s_op%d.onnx", tu_bin("tests/fuse_act"),
			 prod_op[p], act_name[a], opsets[o]);
		ck_assert_msg(fe_write_file(m, path, &err) == 0, "%s", err.msg);
		ir_model_free(m);
		files++;
	}
	ck_assert_int_eq(files, 2 * 40);
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c 'import glob, sys, onnx\n"
		 "fs = sorted(glob.glob(sys.argv[1] + \"/*_op*.onnx\"))\n"
		 "for f in fs:\n"
		 "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
		 "assert len(fs) == %d, len(fs)\n' %s",
		 files, tu_bin("tests/fuse_act"));
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fuse_write");
	TCase *tc = tcase_create("fuse_write");

	tcase_add_test(tc, api_passes_option);
	tcase_add_test(tc, writer_fresh_names);
	tcase_add_test(tc, writer_refuses_unknown_activation);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, written_models_pass_the_checker);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
