/*
 * lint.c - the dilation lint's walk over the graph: conv geometry, spatial
 * sizes, footprints per value, chain ends, R4 (see lint.h for the model).
 */
#include <string.h>

#include "lint_int.h"

#define MAXRANK 8

/* Per-value state of the walk. */
typedef struct vstate {
	int frame;                 /* 1: a feature map with a footprint */
	int origin;                /* value id of the chain's input map */
	int nsp;                   /* 0 while unknown (then fp is {0}, unallocated) */
	pass_lint_fp fp;
	int n_mem;                 /* spatial ops: ascending node positions */
	int *mem;
	int n_path;                /* the longest path, node positions */
	int *path;
	int branched, dilated, extended, too_large;
	int uses_left;
	int rank;                  /* dims known: rank >= 0 */
	int64_t dims[MAXRANK];
} vstate;

typedef struct walk {
	const ir_model *m;
	const ir_graph *g;
	const pass_lint_opts *o;
	pass_lint_report *rep;
	vstate *st;
	onnxc_err *err;
} walk;

void pass_lint_opts_init(pass_lint_opts *o)
{
	memset(o, 0, sizeof *o);
	o->advice = 1;
}

/* ---- spatial sizes ---- */

static void set_dims(vstate *s, int rank, const int64_t *d)
{
	if (rank < 0 || rank > MAXRANK)
		return;
	s->rank = rank;
	memcpy(s->dims, d, (size_t)rank * sizeof *d);
}

/* static_shape: v's declared shape when every dim is a number. */
static void static_shape(const ir_value *v, vstate *s)
{
	int i;

	if (v->shape.rank < 0 || v->shape.rank > MAXRANK)
		return;
	for (i = 0; i < v->shape.rank; i++)
		if (v->shape.dims[i] < 0)
			return;
	set_dims(s, v->shape.rank, v->shape.dims);
}

/* declared_dims: v's dims before the walk: from --input-shape, the
 * callback, or (graph inputs only) the declared shape.  Other values get
 * their declared shape only where the walk cannot infer one (and never
 * when input shapes were overridden: it would be stale). */
static void declared_dims(walk *w, const ir_value *v, vstate *s)
{
	int64_t d[MAXRANK];
	int i, r;

	s->rank = -1;
	for (i = 0; i < w->o->n_inputs; i++)
		if (!strcmp(w->o->input_names[i], v->name)) {
			set_dims(s, w->o->input_ranks[i], w->o->input_dims[i]);
			return;
		}
	if (w->o->dims && (r = w->o->dims(w->o->dims_ud, v, d)) >= 0) {
		set_dims(s, r, d);
		return;
	}
	if (v->is_input || v->init)
		static_shape(v, s);
}

/* const_input: the int64/float constant input idx of n as doubles (scales
 * truncated through double by the caller); count, or -1. */
static int const_input(const ir_node *n, int idx, double *out, int max)
{
	const ir_tensor *t = idx < n->n_in && n->in[idx] ? n->in[idx]->init : NULL;
	int64_t i;

	if (!t || t->numel > max || !t->data)
		return -1;
	for (i = 0; i < t->numel; i++) {
		if (t->dtype == IR_INT64)
			out[i] = (double)((const int64_t *)t->data)[i];
		else if (t->dtype == IR_FLOAT)
			out[i] = ((const float *)t->data)[i];
		else
			return -1;
	}
	return (int)t->numel;
}

/* infer_dims: the output dims of node n from its inputs' (own propagation,
 * used where nothing better is known). */
static void infer_dims(walk *w, const ir_node *n, const pass_lint_geom *gm)
{
	vstate *in0 = n->n_in && n->in[0] ? &w->st[n->in[0]->id] : NULL;
	vstate *out = n->n_out && n->out[0] ? &w->st[n->out[0]->id] : NULL;
	double c[MAXRANK];
	int a, i, cnt;

	if (!out || out->rank >= 0 || !in0 || in0->rank < 0)
		return;
	if (gm) {
		if (in0->rank != gm->nsp + 2)
			return;
		set_dims(out, in0->rank, in0->dims);
		for (a = 0; a < gm->nsp; a++) {
			int64_t N = in0->dims[a + 2] + gm->pb[a] + gm->pe[a];
			int64_t span = (gm->k[a] - 1) * gm->r[a] + 1;
			if (N < span) {
				out->rank = -1;
				return;
			}
			out->dims[a + 2] = (gm->ceil_mode ? (N - span + gm->s[a] - 1) : (N - span)) /
					   gm->s[a] + 1;
		}
		return;
	}
	switch (n->op) {
	case IR_OP_GlobalAveragePool: case IR_OP_GlobalMaxPool: case IR_OP_GlobalLpPool:
		set_dims(out, in0->rank, in0->dims);
		for (a = 2; a < out->rank; a++)
			out->dims[a] = 1;
		return;
	case IR_OP_Resize: case IR_OP_Upsample:
		if ((cnt = const_input(n, 3, c, MAXRANK)) == in0->rank) {
			set_dims(out, in0->rank, in0->dims);
			for (a = 0; a < cnt; a++)
				out->dims[a] = (int64_t)c[a];
		} else if ((cnt = const_input(n, n->op == IR_OP_Upsample ? 1 : 2, c, MAXRANK)) ==
			   in0->rank) {
			set_dims(out, in0->rank, in0->dims);
			for (a = 0; a < cnt; a++)
				out->dims[a] = (int64_t)((double)in0->dims[a] * c[a]);
		}
		return;
	default:
		break;
	}
	/* elementwise / concat / normalisation: the inputs' sizes broadcast
	 * (aligned right; a 1 yields to the other size) */
	{
		vstate acc = { .rank = in0->rank };
		int d;
		memcpy(acc.dims, in0->dims, sizeof acc.dims);
		for (i = 1; i < n->n_in; i++) {
			vstate *s = n->in[i] ? &w->st[n->in[i]->id] : NULL;
			if (!s || s->rank < 0)
				continue;
			if (s->rank > acc.rank) {
				memmove(acc.dims + (s->rank - acc.rank), acc.dims,
					(size_t)acc.rank * sizeof *acc.dims);
				for (d = 0; d < s->rank - acc.rank; d++)
					acc.dims[d] = 1;
				acc.rank = s->rank;
			}
			for (d = 0; d < s->rank; d++) {
				int64_t *t = &acc.dims[acc.rank - s->rank + d];
				if (*t == 1)
					*t = s->dims[d];
			}
		}
		for (i = 0; i < n->n_out; i++)
			if (n->out[i] && w->st[n->out[i]->id].rank < 0)
				set_dims(&w->st[n->out[i]->id], acc.rank, acc.dims);
	}
}

/* ---- states ---- */

static void state_clear(vstate *s)
{
	pass_lint_fp_free(&s->fp);
	onnxc_free(s->mem);
	onnxc_free(s->path);
	s->mem = s->path = NULL;
	s->n_mem = s->n_path = 0;
	s->frame = 0;
}

/* new_origin: v becomes the input map of a new chain. */
static void new_origin(walk *w, const ir_value *v)
{
	vstate *s = &w->st[v->id];

	state_clear(s);
	s->frame = 1;
	s->origin = v->id;
	s->nsp = 0;
	s->branched = s->dilated = s->too_large = 0;
}

/* ensure_fp: give a trivial state of unknown axes the footprint {0} in nd. */
static int ensure_fp(vstate *s, int nd, onnxc_err *err)
{
	if (s->nsp)
		return s->nsp == nd ? 0 : onnxc_seterr(err, ONNXC_EINVAL,
						       "maps of %d and %d spatial axes meet", s->nsp, nd);
	if (pass_lint_fp_point(&s->fp, nd, err))
		return -1;
	s->nsp = nd;
	return 0;
}

/* node_list: dst = a (+ b, merged ascending, no duplicates). */
static int node_list(int **dst, int *n, const int *a, int na, const int *b, int nb,
		     onnxc_err *err)
{
	int *o = onnxc_malloc((size_t)(na + nb + 1) * sizeof *o);
	int i = 0, j = 0, k = 0;

	if (!o)
		return onnxc_oom(err);
	while (i < na || j < nb) {
		if (j >= nb || (i < na && a[i] < b[j]))
			o[k++] = a[i++];
		else if (i >= na || b[j] < a[i])
			o[k++] = b[j++];
		else {
			o[k++] = a[i++];
			j++;
		}
	}
	*dst = o;
	*n = k;
	return 0;
}

/* copy_state: dst (cleared) = src (a frame). */
static int copy_state(vstate *dst, const vstate *src, onnxc_err *err)
{
	state_clear(dst);
	dst->frame = 1;
	dst->origin = src->origin;
	dst->nsp = src->nsp;
	dst->branched = src->branched;
	dst->dilated = src->dilated;
	dst->too_large = src->too_large;
	if (src->nsp && !src->too_large && pass_lint_fp_copy(&dst->fp, &src->fp, err))
		return -1;
	if (node_list(&dst->mem, &dst->n_mem, src->mem, src->n_mem, NULL, 0, err) ||
	    node_list(&dst->path, &dst->n_path, src->path, src->n_path, NULL, 0, err))
		return -1;
	return 0;
}

/* move_state: dst's frame fields (cleared first) = src's; src is left
 * empty.  dst keeps its dims and use count. */
static void move_state(vstate *dst, vstate *src)
{
	state_clear(dst);
	dst->frame = src->frame;
	dst->origin = src->origin;
	dst->nsp = src->nsp;
	dst->fp = src->fp;
	dst->n_mem = src->n_mem;
	dst->mem = src->mem;
	dst->n_path = src->n_path;
	dst->path = src->path;
	dst->branched = src->branched;
	dst->dilated = src->dilated;
	dst->too_large = src->too_large;
	memset(&src->fp, 0, sizeof src->fp);
	src->mem = src->path = NULL;
	src->n_mem = src->n_path = 0;
	src->frame = 0;
}

/* push_end: record the chain held by s as a finished chain of the report
 * when it has a dilated member; s's footprint and lists move into it. */
static int push_end(walk *w, vstate *s)
{
	pass_lint_report *r = w->rep;
	pass_lint_chain *c;
	int i;

	if (!s->frame || !s->n_mem || !s->dilated)
		return 0;
	if (s->too_large) {
		r->n_too_large++;
		return 0;
	}
	if (onnxc_grow(&r->chains, r->n_chains, &r->cap_chains, sizeof *r->chains, w->err))
		return -1;
	c = &r->chains[r->n_chains++];
	memset(c, 0, sizeof *c);
	c->origin = w->g->values[s->origin];
	c->nsp = s->nsp;
	c->fp = s->fp;
	s->fp.cell = NULL;
	c->member_pos = s->mem;
	c->n_members = s->n_mem;
	c->n_path = s->n_path;
	s->mem = NULL;
	c->branched = s->branched || s->n_mem != s->n_path;
	c->members = onnxc_malloc((size_t)(c->n_members + 1) * sizeof *c->members);
	c->path = onnxc_malloc((size_t)(c->n_path + 1) * sizeof *c->path);
	if (!c->members || !c->path)
		return onnxc_oom(w->err);
	for (i = 0; i < c->n_members; i++)
		c->members[i] = w->g->nodes[c->member_pos[i]];
	for (i = 0; i < c->n_path; i++)
		c->path[i] = w->g->nodes[s->path[i]];
	return 0;
}

/* finish: v is read by no later node: a chain ends at v unless a consumer
 * extended it. */
static int finish(walk *w, const ir_value *v)
{
	vstate *s = &w->st[v->id];
	int rc = 0;

	if (s->frame && !s->extended)
		rc = push_end(w, s);
	state_clear(s);
	return rc;
}

/* apply_taps: s = s (+) the node's taps (s has nsp = g->nsp); the node
 * joins its members and path when it is spatial. */
static int apply_taps(walk *w, vstate *s, int pos, const pass_lint_geom *g)
{
	int64_t taps[PASS_LINT_MAXSP][64];
	const int64_t *tp[PASS_LINT_MAXSP];
	int nt[PASS_LINT_MAXSP], a, j;
	int one[1] = { pos }, *l;
	onnxc_err e = { 0 };

	if (!g->spatial)
		return 0;
	for (a = 0; a < g->nsp; a++)
		if (g->k[a] > 64 && !s->too_large) {
			/* windows this wide are not analysed (big pooling) */
			s->too_large = 1;
			pass_lint_fp_free(&s->fp);
		}
	for (a = 0; a < g->nsp && !s->too_large; a++) {
		for (j = 0; j < g->k[a]; j++)
			taps[a][j] = j * g->r[a] - g->pb[a];
		tp[a] = taps[a];
		nt[a] = (int)g->k[a];
	}
	if (!s->too_large && pass_lint_fp_taps(&s->fp, tp, nt, &e)) {
		if (e.code != ONNXC_ELIMIT)
			return onnxc_seterr(w->err, e.code, "%s", e.msg);
		s->too_large = 1;
		pass_lint_fp_free(&s->fp);
	}
	if (node_list(&l, &s->n_mem, s->mem, s->n_mem, one, 1, w->err))
		return -1;
	onnxc_free(s->mem);
	s->mem = l;
	l = onnxc_realloc(s->path, (size_t)(s->n_path + 1) * sizeof *l);
	if (!l)
		return onnxc_oom(w->err);
	l[s->n_path++] = pos;
	s->path = l;
	s->dilated |= g->dilated;
	return 0;
}

/* degenerate_axis: R4 on one axis: how many taps read a real pixel for at
 * least one output position (input size N, padded with pb/pe). */
static int taps_hit(int64_t N, int64_t k, int64_t r, int64_t s, int64_t pb, int64_t pe)
{
	int64_t span = (k - 1) * r + 1, O, o, j;
	int hit = 0;

	if (N + pb + pe < span)
		return -1;
	O = (N + pb + pe - span) / s + 1;
	for (j = 0; j < k; j++)
		for (o = 0; o < O; o++) {
			int64_t i = o * s - pb + j * r;
			if (i >= 0 && i < N) {
				hit++;
				break;
			}
		}
	return hit;
}

/* check_r4: R4 for a dilated conv-like node whose input dims are known. */
static int check_r4(walk *w, const ir_node *n, const pass_lint_geom *g, const vstate *x)
{
	pass_lint_finding *f;
	int a, deg = 0, known = x->rank == g->nsp + 2;

	for (a = 0; a < g->nsp && known; a++)
		if (x->dims[a + 2] < 1)
			known = 0;
	if (!known) {
		w->rep->n_unsized++;
		return 0;
	}
	for (a = 0; a < g->nsp; a++)
		if (g->k[a] > 1 && g->r[a] > 1 &&
		    taps_hit(x->dims[a + 2], g->k[a], g->r[a], g->s[a], g->pb[a], g->pe[a]) == 1)
			deg |= 1 << a;
	if (!deg)
		return 0;
	if (!(f = pass_lint_add_finding(w->rep, w->err)))
		return -1;
	f->rule = 4;
	f->severity = PASS_LINT_WARNING;
	f->chain = -1;
	f->node = n;
	f->axes = deg;
	for (a = 0; a < g->nsp; a++) {
		f->in_size[a] = x->dims[a + 2];
		f->padded[a] = x->dims[a + 2] + g->pb[a] + g->pe[a];
	}
	return 0;
}

/* do_conv: a Conv/Pool node: extend the chain of its input, or end it there
 * when the node is strided (its output starts a new chain). */
static int do_conv(walk *w, const ir_node *n, int pos)
{
	const ir_value *x = n->in[0], *y = n->out[0];
	vstate *sx = &w->st[x->id], *sy = y ? &w->st[y->id] : NULL, tmp;
	pass_lint_geom g;
	int64_t in_sp[PASS_LINT_MAXSP], *ip = NULL;
	int a, rc = -1;

	if (sx->rank >= 3) {
		for (a = 0; a < sx->rank - 2 && a < PASS_LINT_MAXSP; a++)
			in_sp[a] = sx->dims[a + 2];
		ip = in_sp;
	}
	if (pass_lint_node_geom(n, ip, &g, w->err))
		return -1;
	infer_dims(w, n, &g);
	if (g.dilated && check_r4(w, n, &g, sx))
		return -1;
	/* not a map yet (a graph input, after Reshape ...), or a map of another
	 * rank: a chain starts here */
	if (!sx->frame || (sx->nsp && sx->nsp != g.nsp))
		new_origin(w, x);
	if (ensure_fp(sx, g.nsp, w->err))
		return -1;
	memset(&tmp, 0, sizeof tmp);
	if (copy_state(&tmp, sx, w->err) || apply_taps(w, &tmp, pos, &g))
		goto clear_tmp;
	sx->extended = 1;
	if (g.strided) {
		if (push_end(w, &tmp))
			goto clear_tmp;
		if (sy) {
			new_origin(w, y);
			if (ensure_fp(sy, g.nsp, w->err))
				goto clear_tmp;
		}
	} else if (sy) {
		move_state(sy, &tmp);
	}
	rc = 0;
clear_tmp:
	state_clear(&tmp);
	return rc;
}

/* do_pass: a one-input op that keeps the map's grid (activation, BN, ...):
 * its map outputs carry the input's chain. */
static int do_pass(walk *w, const ir_node *n, int all_outputs)
{
	vstate *sx = n->in[0] ? &w->st[n->in[0]->id] : NULL;
	int k;

	if (!sx || !sx->frame)
		return 0;
	for (k = 0; k < (all_outputs ? n->n_out : 1); k++)
		if (n->out[k] && copy_state(&w->st[n->out[k]->id], sx, w->err))
			return -1;
	sx->extended = 1;
	return 0;
}

/* do_merge: an op combining maps position by position (Add, Mul, Concat on
 * channels, ...).  Maps of one origin with spatial members: the union of
 * those; only trivial maps: their origin if they share one, else a new
 * chain; spatial members from several origins: those chains end here and a
 * new one starts. */
static int do_merge(walk *w, const ir_node *n)
{
	const ir_value *y = n->out[0];
	vstate *sy = y ? &w->st[y->id] : NULL, acc;
	int i, j, origin = -1, multi = 0, triv_origin = -1, triv_multi = 0, first = 1, rc = -1;

	if (!sy)
		return 0;
	for (i = 0; i < n->n_in; i++) {
		vstate *s = n->in[i] ? &w->st[n->in[i]->id] : NULL;
		if (!s || !s->frame)
			continue;
		if (s->n_mem) {
			multi |= origin >= 0 && origin != s->origin;
			origin = s->origin;
		} else {
			triv_multi |= triv_origin >= 0 && triv_origin != s->origin;
			triv_origin = s->origin;
		}
	}
	if (origin < 0 && triv_origin < 0)
		return 0;                      /* no map among the inputs */
	if (multi || (origin < 0 && triv_multi)) {
		new_origin(w, y);
		return 0;
	}
	if (origin < 0)
		origin = triv_origin;
	memset(&acc, 0, sizeof acc);
	for (i = 0; i < n->n_in; i++) {
		vstate *s = n->in[i] ? &w->st[n->in[i]->id] : NULL;
		int *l, dup = 0;
		if (!s || !s->frame || s->origin != origin)
			continue;
		for (j = 0; j < i; j++)
			dup |= n->in[j] == n->in[i];
		s->extended = 1;
		if (dup)
			continue;
		if (first) {
			if (copy_state(&acc, s, w->err))
				goto clear_acc;
			first = 0;
			continue;
		}
		acc.branched = 1;
		acc.dilated |= s->dilated;
		acc.too_large |= s->too_large;
		if (acc.nsp || s->nsp) {
			if (ensure_fp(&acc, acc.nsp ? acc.nsp : s->nsp, w->err) ||
			    ensure_fp(s, acc.nsp, w->err))
				goto clear_acc;
			if (!acc.too_large && pass_lint_fp_union(&acc.fp, &s->fp, w->err))
				goto clear_acc;
		}
		if (node_list(&l, &acc.n_mem, acc.mem, acc.n_mem, s->mem, s->n_mem, w->err))
			goto clear_acc;
		onnxc_free(acc.mem);
		acc.mem = l;
		if (s->n_path > acc.n_path) {
			if (node_list(&l, &acc.n_path, s->path, s->n_path, NULL, 0, w->err))
				goto clear_acc;
			onnxc_free(acc.path);
			acc.path = l;
		}
	}
	if (acc.too_large)
		pass_lint_fp_free(&acc.fp);
	move_state(sy, &acc);
	rc = 0;
clear_acc:
	state_clear(&acc);
	return rc;
}

/* concat_on_channels: Concat whose axis is 1 (channels of an N,C,... map). */
static int concat_on_channels(walk *w, const ir_node *n)
{
	int64_t axis = ir_attr_int(n, "axis", 1);
	int i, rank = -1;

	for (i = 0; i < n->n_in && rank < 0; i++)
		if (n->in[i]) {
			rank = w->st[n->in[i]->id].rank;
			if (rank < 0)
				rank = n->in[i]->shape.rank;
		}
	if (axis < 0 && rank > 0)
		axis += rank;
	return axis == 1;
}

/* node_kind: how the walk treats an op: 'c' conv-like, 'p' pass (first
 * output), 's' pass to every output, 'm' merge, 'o' new chain at the output
 * (change of resolution), 0 ends chains (unknown to the lint). */
static int node_kind(walk *w, const ir_node *n)
{
	if (pass_lint_is_convlike(n))
		return n->n_in && n->in[0] ? 'c' : 0;
	switch (n->op) {
	case IR_OP_Relu: case IR_OP_LeakyRelu: case IR_OP_Sigmoid: case IR_OP_HardSigmoid:
	case IR_OP_HardSwish: case IR_OP_Tanh: case IR_OP_Clip: case IR_OP_Elu: case IR_OP_Selu:
	case IR_OP_Celu: case IR_OP_Softplus: case IR_OP_Softsign: case IR_OP_ThresholdedRelu:
	case IR_OP_Shrink: case IR_OP_BatchNormalization: case IR_OP_InstanceNormalization:
	case IR_OP_LRN: case IR_OP_Dropout: case IR_OP_Identity: case IR_OP_Cast:
	case IR_OP_CastLike: case IR_OP_Neg: case IR_OP_Abs: case IR_OP_Exp: case IR_OP_Log:
	case IR_OP_Sqrt: case IR_OP_Reciprocal: case IR_OP_Erf: case IR_OP_Floor: case IR_OP_Ceil:
	case IR_OP_Round: case IR_OP_Sign: case IR_OP_Not: case IR_OP_QuantizeLinear:
	case IR_OP_DequantizeLinear: case IR_OP_Pad: case IR_OP_MeanVarianceNormalization:
	case IR_OP_Sin: case IR_OP_Cos:
		return 'p';
	case IR_OP_Softmax: case IR_OP_LogSoftmax: case IR_OP_Hardmax: case IR_OP_LpNormalization:
		return ir_attr_int(n, "axis", n->since_version >= 13 ? -1 : 1) == 1 ? 'p' : 0;
	case IR_OP_Split:
		return ir_attr_int(n, "axis", 0) == 1 ? 's' : 0;
	case IR_OP_Add: case IR_OP_Sub: case IR_OP_Mul: case IR_OP_Div: case IR_OP_Pow:
	case IR_OP_Max: case IR_OP_Min: case IR_OP_Sum: case IR_OP_Mean: case IR_OP_Where:
	case IR_OP_And: case IR_OP_Or: case IR_OP_Xor: case IR_OP_Equal: case IR_OP_Greater:
	case IR_OP_Less: case IR_OP_GreaterOrEqual: case IR_OP_LessOrEqual: case IR_OP_PRelu:
	case IR_OP_Mod: case IR_OP_BitShift:
		return 'm';
	case IR_OP_Concat:
		return concat_on_channels(w, n) ? 'm' : 0;
	case IR_OP_Resize: case IR_OP_Upsample: case IR_OP_ConvTranspose:
	case IR_OP_GlobalAveragePool: case IR_OP_GlobalMaxPool: case IR_OP_GlobalLpPool:
	case IR_OP_DepthToSpace: case IR_OP_SpaceToDepth: case IR_OP_MaxUnpool:
		return 'o';
	default:
		return 0;
	}
}

/* walk_node: one node of the walk (dims of its outputs, then its kind). */
static int walk_node(walk *w, const ir_node *n, int pos)
{
	int kind = node_kind(w, n);

	if (kind != 'c')
		infer_dims(w, n, NULL);
	switch (kind) {
	case 'c':
		return do_conv(w, n, pos);
	case 'p': case 's':
		return do_pass(w, n, kind == 's');
	case 'm':
		return do_merge(w, n);
	case 'o':
		if (n->n_out && n->out[0])
			new_origin(w, n->out[0]);
		return 0;
	default:
		return 0;
	}
}

/* subset: every node of a (ascending ids) is in b. */
static int subset(const pass_lint_chain *a, const pass_lint_chain *b)
{
	int i = 0, j = 0;

	while (i < a->n_members && j < b->n_members) {
		if (a->member_pos[i] == b->member_pos[j])
			i++, j++;
		else if (a->member_pos[i] > b->member_pos[j])
			j++;
		else
			return 0;
	}
	return i == a->n_members;
}

static void chain_free(pass_lint_chain *c)
{
	pass_lint_fp_free(&c->fp);
	onnxc_free(c->members);
	onnxc_free(c->member_pos);
	onnxc_free(c->path);
}

/* dedupe: of the chains of one origin, drop those whose members are a
 * subset of another's (prefixes of a longer chain); of equal ones keep
 * the last. */
static void dedupe(pass_lint_report *r)
{
	int i, j, k = 0;

	for (i = 0; i < r->n_chains; i++) {
		int drop = 0;
		for (j = 0; j < r->n_chains && !drop; j++)
			if (j != i && r->chains[j].members && r->chains[i].origin == r->chains[j].origin &&
			    subset(&r->chains[i], &r->chains[j]) &&
			    (r->chains[i].n_members < r->chains[j].n_members || j > i))
				drop = 1;
		if (drop) {
			chain_free(&r->chains[i]);
			memset(&r->chains[i], 0, sizeof r->chains[i]);
		}
	}
	for (i = 0; i < r->n_chains; i++)
		if (r->chains[i].members)
			r->chains[k++] = r->chains[i];
	r->n_chains = k;
}

pass_lint_finding *pass_lint_add_finding(pass_lint_report *r, onnxc_err *err)
{
	pass_lint_finding *f;

	if (onnxc_grow(&r->findings, r->n_findings, &r->cap_findings, sizeof *r->findings, err))
		return NULL;
	f = &r->findings[r->n_findings++];
	memset(f, 0, sizeof *f);
	f->chain = -1;
	return f;
}

/* link_r4: attach each R4 finding to the chain holding its node. */
static void link_r4(pass_lint_report *r)
{
	int i, c, k;

	for (i = 0; i < r->n_findings; i++)
		for (c = 0; c < r->n_chains && r->findings[i].rule == 4 && r->findings[i].chain < 0; c++)
			for (k = 0; k < r->chains[c].n_members; k++)
				if (r->chains[c].members[k] == r->findings[i].node)
					r->findings[i].chain = c;
}

int pass_lint(const ir_model *m, const pass_lint_opts *o, pass_lint_report *out, onnxc_err *err)
{
	pass_lint_opts dflt;
	walk w = { .m = m, .g = m ? m->graph : NULL, .o = o, .rep = out, .err = err };
	const ir_graph *g = w.g;
	int i, k, rc = -1;

	memset(out, 0, sizeof *out);
	if (!o) {
		pass_lint_opts_init(&dflt);
		w.o = o = &dflt;
	}
	if (!g)
		return onnxc_seterr(err, ONNXC_EINVAL, "no graph");
	for (i = 0; i < g->n_values; i++)
		if (g->values[i]->id != i)
			return onnxc_seterr(err, ONNXC_EINTERNAL, "value '%s' not indexed",
					    g->values[i]->name);
	w.st = onnxc_calloc((size_t)(g->n_values ? g->n_values : 1), sizeof *w.st);
	if (!w.st)
		return onnxc_oom(err);
	for (i = 0; i < g->n_values; i++)
		declared_dims(&w, g->values[i], &w.st[i]);
	for (i = 0; i < g->n_nodes; i++)
		for (k = 0; k < g->nodes[i]->n_in && !g->nodes[i]->dead; k++) {
			const ir_value *v = g->nodes[i]->in[k];
			if (v && (v->id >= g->n_values || g->values[v->id] != v)) {
				onnxc_seterr(err, ONNXC_EINTERNAL, "node '%s' reads a value of another graph",
					     g->nodes[i]->name);
				goto free_states;
			}
			if (v)
				w.st[v->id].uses_left++;
		}
	for (i = 0; i < g->n_inputs; i++)
		if (!g->inputs[i]->init && w.st[g->inputs[i]->id].rank != 2)
			new_origin(&w, g->inputs[i]);
	for (i = 0; i < g->n_nodes; i++) {
		const ir_node *n = g->nodes[i];
		if (n->dead)
			continue;
		if (walk_node(&w, n, i))
			goto free_states;
		for (k = 0; k < n->n_out && !o->n_inputs; k++)
			if (n->out[k] && w.st[n->out[k]->id].rank < 0)
				static_shape(n->out[k], &w.st[n->out[k]->id]);
		for (k = 0; k < n->n_in; k++)
			if (n->in[k] && --w.st[n->in[k]->id].uses_left == 0 && finish(&w, n->in[k]))
				goto free_states;
		for (k = 0; k < n->n_out; k++)
			if (n->out[k] && w.st[n->out[k]->id].uses_left == 0 && finish(&w, n->out[k]))
				goto free_states;
	}
	dedupe(out);
	link_r4(out);
	rc = pass_lint_rules(out, o, err);
free_states:
	for (i = 0; i < g->n_values; i++)
		state_clear(&w.st[i]);
	onnxc_free(w.st);
	return rc;
}

void pass_lint_report_free(pass_lint_report *r)
{
	int i, a;

	if (!r)
		return;
	for (i = 0; i < r->n_chains; i++)
		chain_free(&r->chains[i]);
	for (i = 0; i < r->n_findings; i++)
		for (a = 0; a < PASS_LINT_MAXSP; a++)
			onnxc_free(r->findings[i].suggest[a]);
	onnxc_free(r->chains);
	onnxc_free(r->findings);
	memset(r, 0, sizeof *r);
}

int pass_lint_count(const pass_lint_report *r, int severity)
{
	int i, c = 0;

	for (i = 0; i < r->n_findings; i++)
		c += r->findings[i].severity == severity;
	return c;
}
