/*
 * fe_write.c - IR -> ONNX ModelProto (protobuf-c pack).  The message tree
 * is built in an arena; names, dims, lists and tensor bytes point into the
 * IR (no copies), so the IR must not change while writing.
 *
 * A node with a fused activation (ir_node.fused_act, set by the fuse_act
 * pass) is written as standard ONNX: the node itself writing a fresh value,
 * then the activation node(s) writing the node's output (wr_fused).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fe_int.h"
#include "fileio.h"

typedef struct blk {
	struct blk *next;
	max_align_t data[];
} blk;

typedef struct wr {
	blk *head;
	ProtobufCMessage **unpacked;  /* TypeProtos decoded from attributes */
	int n_unpacked, cap_unpacked;
	const char **made;            /* value names made up by this write */
	int n_made, cap_made;
	onnxc_err *err;
} wr;

/* wr_alloc: zeroed arena memory; NULL on OOM (err set). */
static void *wr_alloc(wr *w, size_t count, size_t size)
{
	size_t n;
	blk *b;

	if (onnxc_mul_size(count ? count : 1, size, &n) || n > SIZE_MAX - sizeof(blk) ||
	    !(b = onnxc_calloc(1, sizeof(blk) + n))) {
		onnxc_oom(w->err);
		return NULL;
	}
	b->next = w->head;
	w->head = b;
	return b->data;
}

static void wr_release(wr *w)
{
	int i;

	while (w->head) {
		blk *b = w->head;
		w->head = b->next;
		onnxc_free(b);
	}
	for (i = 0; i < w->n_unpacked; i++)
		fe_pb_free(w->unpacked[i]);
	onnxc_free(w->unpacked);
	onnxc_free(w->made);
}

static char *nonempty(const char *s)
{
	return s && *s ? (char *)s : NULL;
}

static Onnx__TensorProto *wr_tensor(wr *w, const ir_tensor *t, const char *name)
{
	Onnx__TensorProto *tp = wr_alloc(w, 1, sizeof *tp);
	int64_t i;

	if (!tp)
		return NULL;
	onnx__tensor_proto__init(tp);
	tp->n_dims = (size_t)t->rank;
	tp->dims = t->dims;
	tp->has_data_type = 1;
	tp->data_type = t->dtype;
	tp->name = nonempty(name);
	tp->doc_string = nonempty(t->doc);
	if (t->dtype == IR_STRING) {
		tp->n_string_data = (size_t)t->numel;
		if (!(tp->string_data = wr_alloc(w, (size_t)t->numel, sizeof *tp->string_data)))
			return NULL;
		for (i = 0; i < t->numel; i++) {
			tp->string_data[i].data = (uint8_t *)((char **)t->data)[i];
			tp->string_data[i].len = tp->string_data[i].data ? t->str_lens[i] : 0;
		}
		return tp;
	}
	tp->has_raw_data = 1;
	tp->raw_data.len = t->nbytes;
	tp->raw_data.data = t->data;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	{
		size_t width = t->dtype == IR_COMPLEX64 ? 4 : t->dtype == IR_COMPLEX128 ? 8
			       : ir_dtype_size(t->dtype), j, k;
		unsigned char *p = wr_alloc(w, t->nbytes, 1), *s = t->data;
		if (!p)
			return NULL;
		for (j = 0; j + width <= t->nbytes; j += width)
			for (k = 0; k < width; k++)
				p[j + k] = s[j + width - 1 - k];
		tp->raw_data.data = p;
	}
#endif
	return tp;
}

/* wr_typeproto: decode the TypeProto bytes an attribute keeps. */
static Onnx__TypeProto *wr_typeproto(wr *w, const char *bytes, size_t len)
{
	ProtobufCMessage *m;

	if (onnxc_grow(&w->unpacked, w->n_unpacked, &w->cap_unpacked, sizeof *w->unpacked,
		       w->err))
		return NULL;
	m = fe_pb_unpack(bytes, len, &onnx__type_proto__descriptor, 64, w->err);
	if (m)
		w->unpacked[w->n_unpacked++] = m;
	return (Onnx__TypeProto *)m;
}

static Onnx__ValueInfoProto *wr_value(wr *w, const ir_value *v, int typed)
{
	Onnx__ValueInfoProto *vi = wr_alloc(w, 1, sizeof *vi);
	Onnx__TypeProto *tp;
	Onnx__TypeProto__Tensor *tt;
	Onnx__TensorShapeProto *sp;
	int i;

	if (!vi)
		return NULL;
	onnx__value_info_proto__init(vi);
	vi->name = v->name;
	vi->doc_string = nonempty(v->doc);
	if (v->type_proto) {
		vi->type = wr_typeproto(w, v->type_proto, v->type_proto_len);
		return vi->type ? vi : NULL;
	}
	if (!typed)
		return vi;
	tp = wr_alloc(w, 1, sizeof *tp);
	tt = wr_alloc(w, 1, sizeof *tt);
	if (!tp || !tt)
		return NULL;
	onnx__type_proto__init(tp);
	onnx__type_proto__tensor__init(tt);
	tp->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
	tp->tensor_type = tt;
	vi->type = tp;
	if (v->dtype != IR_UNDEFINED) {
		tt->has_elem_type = 1;
		tt->elem_type = v->dtype;
	}
	if (v->shape.rank < 0)
		return vi;
	if (!(sp = wr_alloc(w, 1, sizeof *sp)))
		return NULL;
	onnx__tensor_shape_proto__init(sp);
	tt->shape = sp;
	sp->n_dim = (size_t)v->shape.rank;
	if (!(sp->dim = wr_alloc(w, sp->n_dim, sizeof *sp->dim)))
		return NULL;
	for (i = 0; i < v->shape.rank; i++) {
		Onnx__TensorShapeProto__Dimension *d = wr_alloc(w, 1, sizeof *d);
		if (!d)
			return NULL;
		onnx__tensor_shape_proto__dimension__init(d);
		if (v->shape.syms && v->shape.syms[i]) {
			d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
			d->dim_param = v->shape.syms[i];
		} else if (v->shape.dims[i] >= 0) {
			d->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
			d->dim_value = v->shape.dims[i];
		}
		sp->dim[i] = d;
	}
	return vi;
}

static Onnx__GraphProto *wr_graph(wr *w, const ir_model *m, const ir_graph *g);

static Onnx__AttributeProto *wr_attr(wr *w, const ir_model *m, const ir_node *n,
				      const ir_attr *a)
{
	Onnx__AttributeProto *ap = wr_alloc(w, 1, sizeof *ap);
	int i;

	if (!ap)
		return NULL;
	onnx__attribute_proto__init(ap);
	ap->name = a->name;
	ap->doc_string = nonempty(a->doc);
	ap->has_type = 1;
	ap->type = (Onnx__AttributeProto__AttributeType)a->kind;
	switch (a->kind) {
	case IR_ATTR_FLOAT:
		ap->has_f = 1;
		ap->f = a->f;
		return ap;
	case IR_ATTR_INT:
		ap->has_i = 1;
		ap->i = a->i;
		return ap;
	case IR_ATTR_STRING:
		ap->has_s = 1;
		ap->s.data = (uint8_t *)a->s;
		ap->s.len = a->s ? a->slen : 0;
		return ap;
	case IR_ATTR_TENSOR:
		if (!a->t)
			break;
		return (ap->t = wr_tensor(w, a->t, a->t->name)) ? ap : NULL;
	case IR_ATTR_GRAPH:
		if (!a->g)
			break;
		return (ap->g = wr_graph(w, m, a->g)) ? ap : NULL;
	case IR_ATTR_TYPE_PROTO:   /* bytes absent: the file had no TypeProto either */
		return !a->s || (ap->tp = wr_typeproto(w, a->s, a->slen)) ? ap : NULL;
	case IR_ATTR_FLOATS:
		ap->n_floats = (size_t)a->n;
		ap->floats = a->floats;
		return ap;
	case IR_ATTR_INTS:
		ap->n_ints = (size_t)a->n;
		ap->ints = a->ints;
		return ap;
	case IR_ATTR_STRINGS:
		ap->n_strings = (size_t)a->n;
		if (!(ap->strings = wr_alloc(w, (size_t)a->n, sizeof *ap->strings)))
			return NULL;
		for (i = 0; i < a->n; i++) {
			ap->strings[i].data = (uint8_t *)a->strings[i];
			ap->strings[i].len = a->strings[i] ? a->string_lens[i] : 0;
		}
		return ap;
	case IR_ATTR_TENSORS:
		ap->n_tensors = (size_t)a->n;
		if (!(ap->tensors = wr_alloc(w, (size_t)a->n, sizeof *ap->tensors)))
			return NULL;
		for (i = 0; i < a->n; i++)
			if (!(ap->tensors[i] = wr_tensor(w, a->tensors[i], a->tensors[i]->name)))
				return NULL;
		return ap;
	case IR_ATTR_GRAPHS:
		ap->n_graphs = (size_t)a->n;
		if (!(ap->graphs = wr_alloc(w, (size_t)a->n, sizeof *ap->graphs)))
			return NULL;
		for (i = 0; i < a->n; i++)
			if (!(ap->graphs[i] = wr_graph(w, m, a->graphs[i])))
				return NULL;
		return ap;
	case IR_ATTR_TYPE_PROTOS:
		ap->n_type_protos = (size_t)a->n;
		if (!(ap->type_protos = wr_alloc(w, (size_t)a->n, sizeof *ap->type_protos)))
			return NULL;
		for (i = 0; i < a->n; i++)
			if (!(ap->type_protos[i] = wr_typeproto(w, a->strings[i],
								a->string_lens[i])))
				return NULL;
		return ap;
	default:
		break;
	}
	onnxc_seterr(w->err, ONNXC_EUNSUPPORTED, "node '%s' (%s): attribute '%s' of kind %d "
		     "cannot be written%s", n->name, n->op_type, a->name, (int)a->kind,
		     a->kind == IR_ATTR_TENSOR || a->kind == IR_ATTR_GRAPH ? " (no value)" : "");
	return NULL;
}

static Onnx__NodeProto *wr_node(wr *w, const ir_model *m, const ir_node *n)
{
	Onnx__NodeProto *np;
	ir_node probe = *n;
	int k;

	/* a node keeps the op version it was resolved at (an inlined function
	 * may import another opset than the model); a file cannot say that */
	ir_node_resolve(m, &probe);
	if (n->op != IR_OP_UNKNOWN && n->since_version && probe.since_version != n->since_version) {
		onnxc_seterr(w->err, ONNXC_EUNSUPPORTED, "node '%s' (%s) is version %d, but the "
			     "model's opset imports select %d: cannot be written", n->name,
			     n->op_type, n->since_version, probe.since_version);
		return NULL;
	}
	if (!(np = wr_alloc(w, 1, sizeof *np)))
		return NULL;
	onnx__node_proto__init(np);
	np->name = nonempty(n->name);
	np->op_type = n->op_type;
	np->domain = nonempty(n->domain);
	/* what the passes did to the node, when it has no doc of its own */
	np->doc_string = nonempty(n->doc) ? n->doc : nonempty(n->origin);
	np->n_input = (size_t)n->n_in;
	np->n_output = (size_t)n->n_out;
	np->n_attribute = (size_t)n->n_attr;
	np->input = wr_alloc(w, (size_t)n->n_in, sizeof(char *));
	np->output = wr_alloc(w, (size_t)n->n_out, sizeof(char *));
	np->attribute = wr_alloc(w, (size_t)n->n_attr, sizeof *np->attribute);
	if (!np->input || !np->output || !np->attribute)
		return NULL;
	for (k = 0; k < n->n_in; k++)
		np->input[k] = n->in[k] ? n->in[k]->name : "";
	for (k = 0; k < n->n_out; k++)
		np->output[k] = n->out[k] ? n->out[k]->name : "";
	for (k = 0; k < n->n_attr; k++)
		if (!(np->attribute[k] = wr_attr(w, m, n, &n->attrs[k])))
			return NULL;
	return np;
}

/* ---- fused activations ---- */

/* name_used: is `name` a value of g or of any graph nested in it? */
static int name_used(const ir_graph *g, const char *name)
{
	int i, k, j;

	if (ir_graph_find_local((ir_graph *)g, name))
		return 1;
	for (i = 0; i < g->n_nodes; i++)
		for (k = 0; k < g->nodes[i]->n_attr; k++) {
			const ir_attr *a = &g->nodes[i]->attrs[k];
			if (a->g && name_used(a->g, name))
				return 1;
			for (j = 0; a->graphs && j < a->n; j++)
				if (name_used(a->graphs[j], name))
					return 1;
		}
	return 0;
}

/* wr_fresh: a value name base+suffix (then base+suffix+"1", ...) that no
 * graph of the model has and this write has not made yet.  NULL on OOM. */
static char *wr_fresh(wr *w, const ir_model *m, const char *base, const char *suffix)
{
	size_t n = strlen(base) + strlen(suffix) + 24;
	char *s = wr_alloc(w, n, 1);
	int k, i, taken = 1;

	for (k = 0; s && taken; k++) {
		snprintf(s, n, k ? "%s%s%d" : "%s%s", base, suffix, k);
		taken = name_used(m->graph, s);
		for (i = 0; i < w->n_made && !taken; i++)
			taken = !strcmp(w->made[i], s);
	}
	if (!s || onnxc_grow(&w->made, w->n_made, &w->cap_made, sizeof *w->made, w->err))
		return NULL;
	w->made[w->n_made++] = s;
	return s;
}

/* wr_float_attr: an arena FLOAT attribute. */
static Onnx__AttributeProto *wr_float_attr(wr *w, const char *name, float f)
{
	Onnx__AttributeProto *ap = wr_alloc(w, 1, sizeof *ap);

	if (!ap)
		return NULL;
	onnx__attribute_proto__init(ap);
	ap->name = (char *)name;
	ap->has_type = 1;
	ap->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT;
	ap->has_f = 1;
	ap->f = f;
	return ap;
}

/* wr_act_node: append node op_type(in[0..n_in)) -> out to gp with room for
 * n_attr attributes (filled by the caller).  NULL on OOM. */
static Onnx__NodeProto *wr_act_node(wr *w, Onnx__GraphProto *gp, const char *name,
				    const char *op_type, int n_in, const char *const *in,
				    const char *out, int n_attr)
{
	Onnx__NodeProto *np = wr_alloc(w, 1, sizeof *np);
	int k;

	if (!np)
		return NULL;
	onnx__node_proto__init(np);
	np->name = nonempty(name);
	np->op_type = (char *)op_type;
	np->n_input = (size_t)n_in;
	np->n_output = 1;
	np->n_attribute = (size_t)n_attr;
	np->input = wr_alloc(w, (size_t)n_in, sizeof(char *));
	np->output = wr_alloc(w, 1, sizeof(char *));
	np->attribute = wr_alloc(w, (size_t)n_attr, sizeof *np->attribute);
	if (!np->input || !np->output || !np->attribute)
		return NULL;
	for (k = 0; k < n_in; k++)
		np->input[k] = (char *)in[k];
	np->output[0] = (char *)out;
	gp->node[gp->n_node++] = np;
	return np;
}

/* wr_scalar_init: append a scalar initializer `name` of dtype (float or
 * double) holding v to gp.  0 or -1. */
static int wr_scalar_init(wr *w, Onnx__GraphProto *gp, const char *name, int dtype, float v)
{
	Onnx__TensorProto *tp = wr_alloc(w, 1, sizeof *tp);
	ir_tensor t;
	double d = v;

	if (!tp)
		return -1;
	memset(&t, 0, sizeof t);
	t.dtype = dtype;
	t.numel = 1;
	t.nbytes = dtype == IR_DOUBLE ? sizeof d : sizeof v;
	if (!(t.data = wr_alloc(w, 1, t.nbytes)))
		return -1;
	memcpy(t.data, dtype == IR_DOUBLE ? (void *)&d : (void *)&v, t.nbytes);
	if (!(tp = wr_tensor(w, &t, name)))
		return -1;
	gp->initializer[gp->n_initializer++] = tp;
	return 0;
}

/* fused_dtype: the element type of n's output (else of its first typed
 * input), float when nothing says. */
static int fused_dtype(const ir_node *n)
{
	int k, dt = n->out[0]->dtype;

	for (k = 0; dt == IR_UNDEFINED && k < n->n_in; k++)
		if (n->in[k])
			dt = n->in[k]->init ? n->in[k]->init->dtype : n->in[k]->dtype;
	return dt == IR_DOUBLE ? IR_DOUBLE : IR_FLOAT;
}

/* wr_clip: the Clip of fused node n: x = in[0] -> out, bounds as min/max
 * attributes before opset 11, else as inputs (new scalar initializers of
 * n's element type); an infinite bound is left out.  0 or -1. */
static int wr_clip(wr *w, const ir_model *m, const ir_node *n, Onnx__GraphProto *gp,
		   int64_t opset, const char *name, const char **in, const char *out)
{
	const int has_min = n->fused_alpha != -INFINITY, has_max = n->fused_beta != INFINITY;
	const int dt = fused_dtype(n);
	Onnx__NodeProto *a;
	int k = 0;

	if (opset < 11) {
		if (!(a = wr_act_node(w, gp, name, "Clip", 1, in, out, has_min + has_max)))
			return -1;
		if (has_min && !(a->attribute[k++] = wr_float_attr(w, "min", n->fused_alpha)))
			return -1;
		if (has_max && !(a->attribute[k++] = wr_float_attr(w, "max", n->fused_beta)))
			return -1;
		return 0;
	}
	in[1] = in[2] = "";
	if (has_min && (!(in[1] = wr_fresh(w, m, out, "_min")) ||
			wr_scalar_init(w, gp, in[1], dt, n->fused_alpha)))
		return -1;
	if (has_max && (!(in[2] = wr_fresh(w, m, out, "_max")) ||
			wr_scalar_init(w, gp, in[2], dt, n->fused_beta)))
		return -1;
	return wr_act_node(w, gp, name, "Clip", has_max ? 3 : 1 + has_min, in, out, 0) ? 0 : -1;
}

/* wr_fused: np (just written for n) now writes a fresh value x; append the
 * activation reading x and writing n's output: `Op(x)` with its attributes;
 * Clip with min/max attributes before opset 11, constant inputs (new
 * initializers) from 11; HardSwish before opset 14 as HardSigmoid(alpha
 * 1/6, beta 0.5) and Mul.  The activation nodes take the names in
 * n->fused_from.  0 or -1. */
static int wr_fused(wr *w, const ir_model *m, const ir_node *n, Onnx__NodeProto *np,
		    Onnx__GraphProto *gp)
{
	const int64_t opset = ir_model_opset(m, "");
	const char *out = n->out[0]->name, *from = n->fused_from ? n->fused_from : "";
	/* only a HardSwish can come from two nodes ("first,second") */
	const char *comma = n->fused_act == IR_OP_HardSwish ? strchr(from, ',') : NULL, *in[3];
	char *x, *name1 = (char *)from, *name2 = NULL;
	Onnx__NodeProto *a;

	if (!(x = wr_fresh(w, m, out, "_prefuse")))
		return -1;
	np->output[0] = x;
	in[0] = x;
	if (comma) {
		size_t k = (size_t)(comma - from);
		if (!(name1 = wr_alloc(w, k + 1, 1)))
			return -1;
		memcpy(name1, from, k);
		name2 = (char *)comma + 1;
	}
	switch (n->fused_act) {
	case IR_OP_Relu:
	case IR_OP_Sigmoid:
	case IR_OP_Tanh:
		return wr_act_node(w, gp, name1, ir_ops[n->fused_act].name, 1, in, out, 0) ? 0 : -1;
	case IR_OP_LeakyRelu:
		if (!(a = wr_act_node(w, gp, name1, "LeakyRelu", 1, in, out, 1)))
			return -1;
		return (a->attribute[0] = wr_float_attr(w, "alpha", n->fused_alpha)) ? 0 : -1;
	case IR_OP_HardSigmoid:
		if (!(a = wr_act_node(w, gp, name1, "HardSigmoid", 1, in, out, 2)) ||
		    !(a->attribute[0] = wr_float_attr(w, "alpha", n->fused_alpha)) ||
		    !(a->attribute[1] = wr_float_attr(w, "beta", n->fused_beta)))
			return -1;
		return 0;
	case IR_OP_HardSwish: {
		const char *mul_in[2];
		if (opset >= 14)
			return wr_act_node(w, gp, name2 ? name2 : name1, "HardSwish", 1, in, out, 0)
				       ? 0 : -1;
		if (!(mul_in[1] = wr_fresh(w, m, out, "_hardsigmoid")) ||
		    !(a = wr_act_node(w, gp, name1, "HardSigmoid", 1, in, mul_in[1], 2)) ||
		    !(a->attribute[0] = wr_float_attr(w, "alpha", 1.0f / 6)) ||
		    !(a->attribute[1] = wr_float_attr(w, "beta", 0.5f)))
			return -1;
		mul_in[0] = x;
		return wr_act_node(w, gp, name2, "Mul", 2, mul_in, out, 0) ? 0 : -1;
	}
	case IR_OP_Clip:
		return wr_clip(w, m, n, gp, opset, name1, in, out);
	default:
		break;
	}
	return onnxc_seterr(w->err, ONNXC_EUNSUPPORTED, "node '%s' (%s): fused activation %s "
			    "cannot be written", n->name, n->op_type,
			    n->fused_act > 0 && n->fused_act < IR_OP_COUNT
			    ? ir_ops[n->fused_act].name : "?");
}

/* io_typed: graph inputs/outputs carry a type when one is known. */
static int io_typed(const ir_value *v)
{
	return v->has_type || v->dtype != IR_UNDEFINED || v->type_proto;
}

static Onnx__GraphProto *wr_graph(wr *w, const ir_model *m, const ir_graph *g)
{
	Onnx__GraphProto *gp = wr_alloc(w, 1, sizeof *gp);
	int i, nv = 0, nn = 0, n_fused = 0;

	if (!gp)
		return NULL;
	onnx__graph_proto__init(gp);
	gp->name = nonempty(g->name) ? g->name : "graph";
	gp->doc_string = nonempty(g->doc);
	gp->input = wr_alloc(w, (size_t)g->n_inputs, sizeof *gp->input);
	gp->output = wr_alloc(w, (size_t)g->n_outputs, sizeof *gp->output);
	for (i = 0; i < g->n_nodes; i++)
		n_fused += !g->nodes[i]->dead && g->nodes[i]->fused_act != IR_OP_UNKNOWN;
	/* each fused node: up to 2 more nodes and 2 more initializers */
	gp->initializer = wr_alloc(w, (size_t)(g->n_inits + 2 * n_fused), sizeof *gp->initializer);
	gp->node = wr_alloc(w, (size_t)(g->n_nodes + 2 * n_fused), sizeof *gp->node);
	gp->value_info = wr_alloc(w, (size_t)g->n_values, sizeof *gp->value_info);
	if (!gp->input || !gp->output || !gp->initializer || !gp->node || !gp->value_info)
		return NULL;
	for (i = 0; i < g->n_inputs; i++)
		if (!(gp->input[gp->n_input++] = wr_value(w, g->inputs[i], io_typed(g->inputs[i]))))
			return NULL;
	for (i = 0; i < g->n_outputs; i++)
		if (!(gp->output[gp->n_output++] = wr_value(w, g->outputs[i],
							    io_typed(g->outputs[i]))))
			return NULL;
	for (i = 0; i < g->n_inits; i++) {
		const ir_value *v = g->inits[i];
		if (!v->init)
			continue;
		if (!(gp->initializer[gp->n_initializer++] = wr_tensor(w, v->init, v->name)))
			return NULL;
	}
	for (i = 0; i < g->n_nodes; i++) {
		if (g->nodes[i]->dead)
			continue;
		if (!(gp->node[nn++] = wr_node(w, m, g->nodes[i])))
			return NULL;
		gp->n_node = (size_t)nn;
		if (g->nodes[i]->fused_act != IR_OP_UNKNOWN &&
		    wr_fused(w, m, g->nodes[i], gp->node[nn - 1], gp))
			return NULL;
		nn = (int)gp->n_node;
	}
	for (i = 0; i < g->n_values; i++) {
		const ir_value *v = g->values[i];
		if ((!v->has_type && !v->type_proto) || v->is_input || v->is_output)
			continue;
		/* only values something defines or reads (passes may orphan some) */
		if (!v->producer && !v->is_initializer && !v->n_uses)
			continue;
		if (!(gp->value_info[nv++] = wr_value(w, v, 1)))
			return NULL;
		gp->n_value_info = (size_t)nv;
	}
	return gp;
}

int fe_write_buffer(const ir_model *m, void **out, size_t *len, onnxc_err *err)
{
	wr w = { NULL, NULL, 0, 0, NULL, 0, 0, err };
	Onnx__ModelProto mp;
	size_t n;
	int i, rc = -1;

	*out = NULL;
	*len = 0;
	onnx__model_proto__init(&mp);
	mp.has_ir_version = 1;
	mp.ir_version = m->ir_version ? m->ir_version : 8;
	mp.producer_name = m->producer_name;
	mp.producer_version = m->producer_version;
	mp.domain = m->domain;
	mp.doc_string = m->doc;
	mp.has_model_version = m->model_version != 0;
	mp.model_version = m->model_version;
	mp.n_opset_import = (size_t)m->n_opsets;
	mp.opset_import = wr_alloc(&w, (size_t)m->n_opsets, sizeof *mp.opset_import);
	mp.n_metadata_props = (size_t)m->n_meta;
	mp.metadata_props = wr_alloc(&w, (size_t)m->n_meta, sizeof *mp.metadata_props);
	if (!mp.opset_import || !mp.metadata_props)
		goto release;
	for (i = 0; i < m->n_opsets; i++) {
		Onnx__OperatorSetIdProto *o = wr_alloc(&w, 1, sizeof *o);
		if (!o)
			goto release;
		onnx__operator_set_id_proto__init(o);
		o->domain = m->opsets[i].domain;
		o->has_version = 1;
		o->version = m->opsets[i].version;
		mp.opset_import[i] = o;
	}
	for (i = 0; i < m->n_meta; i++) {
		Onnx__StringStringEntryProto *kv = wr_alloc(&w, 1, sizeof *kv);
		if (!kv)
			goto release;
		onnx__string_string_entry_proto__init(kv);
		kv->key = m->meta[i].key;
		kv->value = m->meta[i].value;
		mp.metadata_props[i] = kv;
	}
	if (!(mp.graph = wr_graph(&w, m, m->graph)))
		goto release;
	n = protobuf_c_message_get_packed_size(&mp.base);
	if (n > 0x7fffffff) {
		onnxc_seterr(err, ONNXC_ELIMIT, "model of %zu bytes is too large for one protobuf "
			     "(2 GiB)", n);
		goto release;
	}
	if (!(*out = onnxc_malloc(n ? n : 1))) {
		onnxc_oom(err);
		goto release;
	}
	*len = protobuf_c_message_pack(&mp.base, *out);
	rc = 0;
release:
	wr_release(&w);
	return rc;
}

int fe_write_file(const ir_model *m, const char *path, onnxc_err *err)
{
	size_t len;
	void *buf;
	int rc;

	if (fe_write_buffer(m, &buf, &len, err))
		return -1;
	rc = fe_write_atomic(path, buf, len, err);
	onnxc_free(buf);
	return rc;
}
