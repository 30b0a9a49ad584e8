/*
 * test_pass_fuse_act.c - the fuse_act pass on hand-built graphs (built in
 * test_pass_fuse.h): the graph after the pass (nodes, the producer's fused
 * activation, SSA), outputs equal to the unoptimised graph's, the written
 * model loaded back and run (equal outputs, the activation as standard
 * nodes at the model's opset), and the cases that must not fuse.
 */
#include "test_pass_fuse.h"

/* ---- the cases ---- */

START_TEST(conv_relu)
{
	spec s = { P_CONV, A_RELU, 13, IR_FLOAT, 0, 0, 0, NULL, NULL, NULL };
	ir_model *m = build(&s);
	notes nt;

	fuse(m, &nt);
	ck_assert_str_eq(nt.last, "fused Relu 'relu' into Conv 'conv'");
	ck_assert_str_eq(ops(m->graph), "Conv");
	ir_model_free(m);
	fused_case(&s, IR_OP_Relu, "relu", "Conv Relu", NULL);
}
END_TEST

/* Gemm -> Clip(0, 6) (Relu6), bounds as attributes (opset 9), initializers
 * and Constant nodes (13); values from numpy:
 * clip(A @ B + C, 0, 6) with the data below */
START_TEST(gemm_relu6)
{
	static const double x[6] = { 1, -2, 0.5, 3, 1, -1 };
	static const double w[12] = { 1, 2, -1, 0.5, 0.5, -1, 2, 1, 2, 1, 1, -3 };
	static const double b[4] = { 0.5, 1, -0.5, 2 };
	static const float want[8] = { 1.5f, 5.5f, 0, 0, 2, 5, 0, 6 };
	static const struct { int opset; enum act act; const char *written; } v[] = {
		{ 9, A_CLIP, "Gemm Clip" },
		{ 13, A_CLIP, "Gemm Clip" },
		{ 13, A_CLIP_CONST, "Gemm Clip Constant Constant" },
	};
	int i;

	for (i = 0; i < 3; i++) {
		spec s = { P_GEMM, v[i].act, v[i].opset, IR_FLOAT, 0, 0, 6, x, w, b };
		ir_model *m = build(&s);
		result r;
		ir_node *g;
		notes nt;

		fuse(m, &nt);
		g = find_node(m->graph, "gemm");
		ck_assert_int_eq(g->fused_act, IR_OP_Clip);
		ck_assert(g->fused_alpha == 0.0f && g->fused_beta == 6.0f);
		ir_model_free(m);
		fused_case(&s, IR_OP_Clip, "clip", v[i].written, &r);
		ck_assert_int_eq(r.numel, 8);
		ck_assert(!memcmp(r.data, want, sizeof want));
		free(r.data);
	}
}
END_TEST

/* Conv -> Mul(y, HardSigmoid(y)) -> a fused HardSwish; written back as
 * HardSigmoid + Mul before opset 14, as HardSwish from 14 */
START_TEST(conv_hardswish_pattern)
{
	static const struct { enum act act; int opset, dtype; const char *written; } v[] = {
		{ A_HS_PATTERN, 13, IR_FLOAT, "Conv HardSigmoid Mul" },
		{ A_HS_PATTERN_SWAP, 9, IR_FLOAT, "Conv HardSigmoid Mul" },
		{ A_HS_PATTERN, 14, IR_FLOAT, "Conv HardSwish" },
		{ A_HS_PATTERN_SWAP, 17, IR_DOUBLE, "Conv HardSwish" },
	};
	int i;

	for (i = 0; i < 4; i++) {
		spec s = { P_CONV, v[i].act, v[i].opset, v[i].dtype, 0, 0, 0, NULL, NULL, NULL };
		ir_model *m = build(&s);
		notes nt;

		fuse(m, &nt);
		ck_assert_str_eq(nt.last, "fused HardSigmoid 'hs' + Mul 'mul' as HardSwish into "
			       "Conv 'conv'");
		ir_model_free(m);
		fused_case(&s, IR_OP_HardSwish, "hs,mul", v[i].written, NULL);
	}
}
END_TEST

/* every producer x activation x element type x opset */
START_TEST(all_producers_and_activations)
{
	static const ir_op op[A_COUNT] = {
		IR_OP_Relu, IR_OP_LeakyRelu, IR_OP_Sigmoid, IR_OP_Tanh, IR_OP_HardSigmoid,
		IR_OP_HardSwish, IR_OP_HardSwish, IR_OP_HardSwish,
		IR_OP_Clip, IR_OP_Clip, IR_OP_Clip
	};
	static const char *const node_name[A_COUNT] = {
		"relu", "leaky", "sigmoid", "tanh", "hsig", "hswish", "hs,mul", "hs,mul", "clip",
		"clip", "clip"
	};
	static const char *const written[A_COUNT] = {
		"Relu", "LeakyRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", NULL, NULL,
		"Clip", "Clip Constant Constant", "Clip"
	};
	static const int opsets[3] = { 9, 13, 17 };
	const enum prod p = (enum prod)(_i / 2);
	const int dtype = _i % 2 ? IR_DOUBLE : IR_FLOAT;
	int a, o, cases = 0;

	for (a = 0; a < A_COUNT; a++)
		for (o = 0; o < 3; o++) {
			spec s = { p, (enum act)a, opsets[o], dtype, 0, 0, 0, NULL, NULL, NULL };
			char w[96];
			if ((a == A_HSWISH && opsets[o] < 14) ||
			    ((a == A_CLIP_CONST || a == A_CLIP_MAX_ONLY) && opsets[o] < 11))
				continue;
			if (a == A_HS_PATTERN || a == A_HS_PATTERN_SWAP)
				snprintf(w, sizeof w, "%s %s", prod_op[p],
					 opsets[o] < 14 ? "HardSigmoid Mul" : "HardSwish");
			else
				snprintf(w, sizeof w, "%s %s", prod_op[p], written[a]);
			fused_case(&s, op[a], node_name[a], w, NULL);
			cases++;
		}
	ck_assert_int_eq(cases, 29);
}
END_TEST

/* what must stay as it is */
START_TEST(not_fusable)
{
	static const spec v[] = {
		/* the conv output has two readers */
		{ P_CONV, A_RELU, 13, IR_FLOAT, F_TWO_USES, 0, 0, NULL, NULL, NULL },
		/* the conv output is a graph output */
		{ P_CONV, A_RELU, 13, IR_FLOAT, F_Y_OUTPUT, 0, 0, NULL, NULL, NULL },
		{ P_CONV, A_HS_PATTERN, 13, IR_FLOAT, F_Y_OUTPUT, 0, 0, NULL, NULL, NULL },
		/* HardSigmoid's output read by more than the Mul */
		{ P_CONV, A_HS_PATTERN, 13, IR_FLOAT, F_H_READ, 0, 0, NULL, NULL, NULL },
		/* Clip bounds that are not constants */
		{ P_CONV, A_CLIP, 13, IR_FLOAT, F_BOUND_IN, 0, 0, NULL, NULL, NULL },
		{ P_CONV, A_CLIP, 13, IR_FLOAT, F_BOUND_FEED, 0, 0, NULL, NULL, NULL },
		/* a double bound float cannot hold */
		{ P_GEMM, A_CLIP, 13, IR_DOUBLE, 0, -0.1, 1, NULL, NULL, NULL },
		/* MatMul inputs not known to be 2-D */
		{ P_MATMUL, A_RELU, 13, IR_FLOAT, F_NO_RANK, 0, 0, NULL, NULL, NULL },
		/* integer Gemm */
		{ P_GEMM, A_RELU, 14, IR_INT32, 0, 0, 0, NULL, NULL, NULL },
		/* a subgraph reads the conv output */
		{ P_CONV, A_RELU, 13, IR_FLOAT, F_SUBGRAPH, 0, 0, NULL, NULL, NULL },
	};
	int i;

	for (i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
		not_fused(&v[i]);
}
END_TEST

/* a double Clip bound that float holds exactly is fused */
START_TEST(double_clip_bound_exact)
{
	spec s = { P_GEMM, A_CLIP, 13, IR_DOUBLE, 0, -0.25, 1.5, NULL, NULL, NULL };

	fused_case(&s, IR_OP_Clip, "clip", "Gemm Clip", NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pass_fuse_act");
	TCase *tc = tcase_create("fuse_act");

	tcase_add_test(tc, conv_relu);
	tcase_add_test(tc, gemm_relu6);
	tcase_add_test(tc, conv_hardswish_pattern);
	tcase_add_loop_test(tc, all_producers_and_activations, 0, 2 * P_COUNT);
	tcase_add_test(tc, not_fusable);
	tcase_add_test(tc, double_clip_bound_exact);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
