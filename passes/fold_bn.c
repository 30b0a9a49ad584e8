/*
 * fold_bn.c - fold an inference BatchNormalization into the Conv,
 * ConvTranspose or Gemm before it.
 *
 * Requires: an indexed graph; constants as initializers (`fold`).
 * Rewrites: BN(P(x, W, b)) with P a Conv, ConvTranspose or Gemm whose output
 * only the BN reads, W (and b, when present) float constants, the BN's
 * scale, B, mean and var float constants of C elements (C = P's output
 * channels), training_mode 0 (and the legacy spatial 1), its running-stat
 * outputs absent or unread: with s = scale / sqrt(var + eps),
 *   W'[o, ...] = W[o, ...] * s[o]          (ConvTranspose: W is
 *                                           [C_in, C_out/group, k...])
 *   b'[o] = (b[o] - mean[o]) * s[o] + B[o] (b = 0 when absent: created)
 * Gemm: column n of op(B) scaled by s[n]; C' = beta*C*s + B - mean*s of
 * shape [N] or [M, N], beta set to 1.  P then produces the BN's output
 * value (its name kept); the BN is removed.  New weights are new
 * initializers (the old ones, possibly shared, are left for dce).
 * Keeps: P's attributes; shapes.  s is computed in double, like the kernel.
 */
#include <math.h>
#include <string.h>

#include "rewrite.h"

/* bn_consts: the BN's four parameter tensors, float, numel c each. */
static int bn_consts(const ir_node *bn, int64_t c, const float *p[4])
{
	int k;

	if (bn->n_in < 5)
		return 0;
	for (k = 0; k < 4; k++) {
		const ir_tensor *t = pass_const_f(bn->in[k + 1]);
		if (!t || t->numel != c)
			return 0;
		p[k] = t->data;
	}
	return 1;
}

/* bn_inference: the BN is an inference BN whose extra outputs nothing reads. */
static int bn_inference(const ir_graph *g, const ir_node *bn)
{
	int k;

	if (bn->since_version >= 14 && ir_attr_int(bn, "training_mode", 0) != 0)
		return 0;
	if (bn->since_version < 9 && ir_attr_int(bn, "spatial", 1) != 1)
		return 0;
	for (k = 1; k < bn->n_out; k++)
		if (bn->out[k] && (bn->out[k]->is_output || pass_uses(g, bn->out[k], NULL)))
			return 0;
	return bn->n_out >= 1 && bn->out[0] && bn->fused_act == IR_OP_UNKNOWN;
}

/* out_channels: P's output channel count from its weights; 0 if unsupported. */
static int64_t out_channels(const ir_node *p, const ir_tensor *w)
{
	if (p->op == IR_OP_Conv)
		return w->rank >= 3 ? w->dims[0] : 0;
	if (p->op == IR_OP_ConvTranspose) {
		int64_t grp = ir_attr_int(p, "group", 1);
		return w->rank >= 3 && grp >= 1 && w->dims[0] % grp == 0 ? w->dims[1] * grp : 0;
	}
	if (w->rank != 2)
		return 0;
	return ir_attr_int(p, "transB", 0) ? w->dims[0] : w->dims[1];
}

/* scale_weights: w *= s per output channel of P (layout by op). */
static void scale_weights(const ir_node *p, ir_tensor *w, const double *s)
{
	float *d = w->data;
	int64_t i, j, inner, o;

	if (p->op == IR_OP_Conv) {
		inner = w->numel / w->dims[0];
		for (o = 0; o < w->dims[0]; o++)
			for (i = 0; i < inner; i++)
				d[o * inner + i] = (float)(d[o * inner + i] * s[o]);
	} else if (p->op == IR_OP_ConvTranspose) {
		int64_t grp = ir_attr_int(p, "group", 1), cin = w->dims[0], cog = w->dims[1];
		int64_t cig = cin / grp;
		inner = w->numel / (cin * cog);
		for (i = 0; i < cin; i++)
			for (j = 0; j < cog; j++) {
				double f = s[(i / cig) * cog + j];
				for (o = 0; o < inner; o++) {
					float *e = &d[(i * cog + j) * inner + o];
					*e = (float)(*e * f);
				}
			}
	} else if (ir_attr_int(p, "transB", 0)) {
		for (o = 0; o < w->dims[0]; o++)
			for (i = 0; i < w->dims[1]; i++)
				d[o * w->dims[1] + i] = (float)(d[o * w->dims[1] + i] * s[o]);
	} else {
		for (i = 0; i < w->dims[0]; i++)
			for (o = 0; o < w->dims[1]; o++)
				d[i * w->dims[1] + o] = (float)(d[i * w->dims[1] + o] * s[o]);
	}
}

/* new_bias: P's bias input after the fold (rank 1 [c], or Gemm's C). */
static ir_tensor *new_bias(const ir_node *p, int64_t c, const double *s, const double *shift,
			   onnxc_err *err)
{
	const ir_tensor *b = p->n_in > 2 ? pass_const_f(p->in[2]) : NULL;
	float beta = p->op == IR_OP_Gemm ? ir_attr_float(p, "beta", 1.0f) : 1.0f;
	int64_t rows = 1, dims[2], m, o;
	ir_tensor *t;

	if (p->op == IR_OP_Gemm && beta == 0)
		b = NULL;   /* C is not read */
	if (b && b->rank == 2)
		rows = b->dims[0];
	dims[0] = rows;
	dims[1] = c;
	t = rows > 1 ? ir_tensor_new(IR_FLOAT, 2, dims, err) : ir_tensor_new(IR_FLOAT, 1, &c, err);
	if (!t)
		return NULL;
	for (m = 0; m < rows; m++)
		for (o = 0; o < c; o++) {
			double bv = 0;
			if (b) {
				int64_t bc = b->rank ? b->dims[b->rank - 1] : 1;
				bv = ((const float *)b->data)[m * bc + (bc == 1 ? 0 : o)];
				bv *= beta;
			}
			((float *)t->data)[m * c + o] = (float)(bv * s[o] + shift[o]);
		}
	return t;
}

/* bias_ok: P's bias (if any) is a float constant fitting c channels. */
static int bias_ok(const ir_node *p, int64_t c)
{
	const ir_value *v = p->n_in > 2 ? p->in[2] : NULL;
	const ir_tensor *b;

	if (!v)
		return 1;
	if (!(b = pass_const_f(v)))
		return 0;
	if (p->op != IR_OP_Gemm)
		return b->rank == 1 && b->dims[0] == c;
	if (b->rank > 2)
		return 0;
	return !b->rank || b->dims[b->rank - 1] == 1 || b->dims[b->rank - 1] == c;
}

/* fold_one: fold bn into its producer; 1 done, 0 not applicable, -1 OOM. */
static int fold_one(pass_ctx *pc, ir_node *bn)
{
	ir_graph *g = pc->m->graph;
	ir_value *x = bn->in[0], *wv, *bv;
	ir_node *p = x ? x->producer : NULL;
	const ir_tensor *w;
	const float *bp[4];
	ir_tensor *nw = NULL, *nb = NULL;
	double *s = NULL, *shift;
	int64_t c, o;
	float eps = ir_attr_float(bn, "epsilon", 1e-5f);

	if (!p || p->dead || (p->op != IR_OP_Conv && p->op != IR_OP_ConvTranspose &&
			      p->op != IR_OP_Gemm) || p->since_version <= 0 ||
	    p->fused_act != IR_OP_UNKNOWN || p->n_in < 2 || p->out[0] != x ||
	    !pass_only_reader(g, x, bn) || !bn_inference(g, bn))
		return 0;
	if (!(w = pass_const_f(p->in[1])) || (c = out_channels(p, w)) <= 0 || !bias_ok(p, c) ||
	    !bn_consts(bn, c, bp))
		return 0;
	s = onnxc_calloc((size_t)c * 2, sizeof *s);
	if (!s)
		return onnxc_oom(pc->err);
	shift = s + c;
	for (o = 0; o < c; o++) {
		s[o] = bp[0][o] / sqrt((double)bp[3][o] + eps);
		shift[o] = bp[1][o] - bp[2][o] * s[o];
	}
	if (!(nw = ir_tensor_clone(w, pc->err)))
		goto free_nw;
	scale_weights(p, nw, s);
	if (!(nb = new_bias(p, c, s, shift, pc->err)))
		goto free_nw;
	if (!(wv = pass_new_const(g, p->in[1]->name, nw, pc->err)))
		goto free_nb;
	if (pass_set_inputs(p, 3, pc->err))
		goto free_nb;
	if (!(bv = pass_new_const(g, p->in[2] ? p->in[2]->name : p->name, nb, pc->err)))
		goto free_s;
	if (p->op == IR_OP_Gemm && pass_set_float(p, "beta", 1.0f, pc->err))
		goto free_s;
	p->in[1] = wv;
	p->in[2] = bv;
	ir_node_remove(bn);
	pass_take_output(g, p, 0, bn->out[0]);
	if (pass_mark(pc, p, "BatchNormalization '%s' folded into the weights", bn->name)) {
		onnxc_free(s);
		return -1;
	}
	pass_note(pc, "folded node '%s' (BatchNormalization) into '%s' (%s)", bn->name, p->name,
		  p->op_type);
	onnxc_free(s);
	return 1;

free_nw:
	ir_tensor_free(nw);
free_nb:
	ir_tensor_free(nb);
free_s:
	onnxc_free(s);
	return -1;
}

int pass_fold_bn(pass_ctx *pc)
{
	ir_graph *g = pc->m->graph;
	int i;

	for (i = 0; i < g->n_nodes; i++) {
		ir_node *n = g->nodes[i];
		if (n->dead || n->op != IR_OP_BatchNormalization || n->n_in < 1 || !n->in[0])
			continue;
		if (fold_one(pc, n) < 0)
			return -1;
	}
	return pass_finish(pc);
}
