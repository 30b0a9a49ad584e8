/*
 * fe_load.c - ONNX ModelProto -> IR: metadata, graphs (two phases: every
 * value a graph defines is created before any node, so that subgraphs can
 * point at outer values), value types, attributes, verification.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "fe_int.h"

void fe_limits_default(fe_limits *l)
{
	l->max_file_bytes = (uint64_t)2 << 30;      /* protobuf's own ceiling */
	l->max_tensor_bytes = (uint64_t)16 << 30;
	l->max_nodes = 4 * 1000 * 1000;            /* also bounds function inlining */
	l->max_depth = 64;
}

int fe_fail(fe_ctx *c, const char *node, const char *op, const char *value, int code,
	    const char *fmt, ...)
{
	char msg[768], pre[768] = "";
	size_t o = 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (node)
		o += (size_t)snprintf(pre, sizeof pre, "node '%.200s' (%.100s): ", node,
				      op ? op : "?");
	if (value && o < sizeof pre)
		snprintf(pre + o, sizeof pre - o, "value '%.200s': ", value);
	return onnxc_seterr(c->err, code, "%s%s", pre, msg);
}

/* apply_type: record a ValueInfo's tensor type (element type, shape with
 * symbolic dims) on v.  Non-tensor types (sequence, map, optional, sparse)
 * are not representable in the IR: v stays untyped. */
static int apply_type(fe_ctx *c, ir_value *v, const Onnx__TypeProto *tp)
{
	const Onnx__TypeProto__Tensor *tt;
	const Onnx__TensorShapeProto *sp;
	size_t i;

	if (!tp || tp->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE || !tp->tensor_type)
		return 0;
	tt = tp->tensor_type;
	if (tt->has_elem_type && tt->elem_type != IR_UNDEFINED && !ir_dtype_valid(tt->elem_type))
		return fe_fail(c, NULL, NULL, v->name, ONNXC_EINVAL, "unknown element type %d",
			       tt->elem_type);
	v->dtype = tt->has_elem_type ? tt->elem_type : IR_UNDEFINED;
	v->has_type = 1;
	sp = tt->shape;
	if (!sp)
		return ir_shape_set(&v->shape, -1, NULL, c->err);
	if (sp->n_dim > 64)
		return fe_fail(c, NULL, NULL, v->name, ONNXC_EINVAL, "rank %zu is above 64",
			       sp->n_dim);
	if (ir_shape_set(&v->shape, (int)sp->n_dim, NULL, c->err))
		return -1;
	for (i = 0; i < sp->n_dim; i++) {
		const Onnx__TensorShapeProto__Dimension *d = sp->dim[i];
		if (d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE)
			v->shape.dims[i] = d->dim_value >= 0 ? d->dim_value : IR_DIM_UNKNOWN;
		else if (d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM &&
			 d->dim_param && *d->dim_param &&
			 ir_shape_set_sym(&v->shape, (int)i, d->dim_param, c->err))
			return -1;
	}
	return 0;
}

/* value_info: type and doc of v from vi. */
static int value_info(fe_ctx *c, ir_value *v, const Onnx__ValueInfoProto *vi)
{
	if (vi->doc_string && *vi->doc_string && !v->doc &&
	    !(v->doc = onnxc_strdup(vi->doc_string)))
		return onnxc_oom(c->err);
	return apply_type(c, v, vi->type);
}

/* infer_kind: the attribute kind of pre-IR-0.0.2 files (no type field). */
static int infer_kind(const Onnx__AttributeProto *a)
{
	if (a->has_type && a->type != ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__UNDEFINED)
		return a->type;
	if (a->has_f) return IR_ATTR_FLOAT;
	if (a->has_i) return IR_ATTR_INT;
	if (a->has_s) return IR_ATTR_STRING;
	if (a->t) return IR_ATTR_TENSOR;
	if (a->g) return IR_ATTR_GRAPH;
	if (a->sparse_tensor) return IR_ATTR_SPARSE_TENSOR;
	if (a->tp) return IR_ATTR_TYPE_PROTO;
	if (a->n_floats) return IR_ATTR_FLOATS;
	if (a->n_ints) return IR_ATTR_INTS;
	if (a->n_strings) return IR_ATTR_STRINGS;
	if (a->n_tensors) return IR_ATTR_TENSORS;
	if (a->n_graphs) return IR_ATTR_GRAPHS;
	if (a->n_sparse_tensors) return IR_ATTR_SPARSE_TENSORS;
	if (a->n_type_protos) return IR_ATTR_TYPE_PROTOS;
	return IR_ATTR_UNDEFINED;
}

/* pack_type: a TypeProto serialised into a new NUL-terminated buffer (the
 * IR keeps TYPE_PROTO attributes as these bytes). */
static char *pack_type(const Onnx__TypeProto *tp, size_t *len)
{
	size_t n = protobuf_c_message_get_packed_size(&tp->base);
	char *b = onnxc_malloc(n + 1);

	if (!b)
		return NULL;
	protobuf_c_message_pack(&tp->base, (uint8_t *)b);
	b[n] = 0;
	*len = n;
	return b;
}

/* sub_graph: build one GRAPH attribute value as a subgraph of g. */
static int sub_graph(fe_ctx *c, ir_graph *g, Onnx__GraphProto *gp, struct fe_frame *fr,
		     int steal, int depth, ir_graph **out)
{
	*out = ir_graph_new(g, c->err);
	if (!*out)
		return -1;
	return fe_build_graph(c, gp, *out, fr, steal, depth + 1);
}

struct attr_src {
	Onnx__AttributeProto *ap;  /* the value (maybe a caller's attribute) */
	struct fe_frame *fr;       /* scope of its subgraphs */
	int steal;
};

/* convert_attr: append attribute `name` of node n with the value of s->ap. */
static int convert_attr(fe_ctx *c, ir_graph *g, ir_node *n, const char *name,
			const struct attr_src *s, int depth)
{
	Onnx__AttributeProto *ap = s->ap;
	fe_where w = { n->name, n->op_type };
	int kind = infer_kind(ap), i, cnt = 0;
	ir_attr *a;

	if (kind == IR_ATTR_SPARSE_TENSOR || kind == IR_ATTR_SPARSE_TENSORS)
		return fe_fail(c, n->name, n->op_type, NULL, ONNXC_EUNSUPPORTED, "attribute '%s': "
			       "sparse tensors are not supported", name);
	if (kind < IR_ATTR_FLOAT || kind > IR_ATTR_TYPE_PROTOS)
		return fe_fail(c, n->name, n->op_type, NULL, ONNXC_EINVAL, "attribute '%s' has "
			       "no or an unknown type (%d)", name, kind);
	if ((kind == IR_ATTR_TENSOR && !ap->t) || (kind == IR_ATTR_GRAPH && !ap->g))
		return fe_fail(c, n->name, n->op_type, NULL, ONNXC_EINVAL, "attribute '%s' has "
			       "no value", name);
	switch (kind) {
	case IR_ATTR_FLOATS: cnt = ap->n_floats > INT_MAX ? -1 : (int)ap->n_floats; break;
	case IR_ATTR_INTS: cnt = ap->n_ints > INT_MAX ? -1 : (int)ap->n_ints; break;
	case IR_ATTR_STRINGS: cnt = ap->n_strings > INT_MAX ? -1 : (int)ap->n_strings; break;
	case IR_ATTR_TENSORS: cnt = ap->n_tensors > INT_MAX ? -1 : (int)ap->n_tensors; break;
	case IR_ATTR_GRAPHS: cnt = ap->n_graphs > INT_MAX ? -1 : (int)ap->n_graphs; break;
	case IR_ATTR_TYPE_PROTOS:
		cnt = ap->n_type_protos > INT_MAX ? -1 : (int)ap->n_type_protos;
		break;
	}
	if (cnt < 0)
		return fe_fail(c, n->name, n->op_type, NULL, ONNXC_ELIMIT, "attribute '%s' has "
			       "too many elements", name);
	if (!(a = ir_node_add_attr(n, name, (ir_attr_kind)kind, c->err)))
		return -1;
	if (ap->doc_string && *ap->doc_string && !(a->doc = onnxc_strdup(ap->doc_string)))
		return onnxc_oom(c->err);
	switch (kind) {
	case IR_ATTR_FLOAT:
		a->f = ap->f;
		return 0;
	case IR_ATTR_INT:
		a->i = ap->i;
		return 0;
	case IR_ATTR_STRING:
		a->s = onnxc_strndup(ap->s.data ? (const char *)ap->s.data : "", ap->s.len);
		a->slen = ap->s.len;
		return a->s ? 0 : onnxc_oom(c->err);
	case IR_ATTR_TENSOR:
		return fe_tensor_from_pb(c, ap->t, s->steal, &w, &a->t);
	case IR_ATTR_GRAPH:
		return sub_graph(c, g, ap->g, s->fr, s->steal, depth, &a->g);
	case IR_ATTR_TYPE_PROTO:
		if (ap->tp && !(a->s = pack_type(ap->tp, &a->slen)))
			return onnxc_oom(c->err);
		return 0;
	}
	a->n = cnt;
	switch (kind) {
	case IR_ATTR_FLOATS:
		if (!(a->floats = onnxc_malloc(sizeof(float) * (size_t)(cnt ? cnt : 1))))
			return onnxc_oom(c->err);
		if (cnt)
			memcpy(a->floats, ap->floats, sizeof(float) * (size_t)cnt);
		return 0;
	case IR_ATTR_INTS:
		if (!(a->ints = onnxc_malloc(sizeof(int64_t) * (size_t)(cnt ? cnt : 1))))
			return onnxc_oom(c->err);
		if (cnt)
			memcpy(a->ints, ap->ints, sizeof(int64_t) * (size_t)cnt);
		return 0;
	case IR_ATTR_STRINGS:
	case IR_ATTR_TYPE_PROTOS:
		a->strings = onnxc_calloc((size_t)(cnt ? cnt : 1), sizeof(char *));
		a->string_lens = onnxc_calloc((size_t)(cnt ? cnt : 1), sizeof(size_t));
		if (!a->strings || !a->string_lens)
			return onnxc_oom(c->err);
		for (i = 0; i < cnt; i++) {
			if (kind == IR_ATTR_STRINGS) {
				const ProtobufCBinaryData *b = &ap->strings[i];
				a->strings[i] = onnxc_strndup(b->data ? (const char *)b->data : "",
							      b->len);
				a->string_lens[i] = b->len;
			} else {
				a->strings[i] = pack_type(ap->type_protos[i], &a->string_lens[i]);
			}
			if (!a->strings[i])
				return onnxc_oom(c->err);
		}
		return 0;
	case IR_ATTR_TENSORS:
		if (!(a->tensors = onnxc_calloc((size_t)(cnt ? cnt : 1), sizeof(ir_tensor *))))
			return onnxc_oom(c->err);
		for (i = 0; i < cnt; i++)
			if (fe_tensor_from_pb(c, ap->tensors[i], s->steal, &w, &a->tensors[i]))
				return -1;
		return 0;
	case IR_ATTR_GRAPHS:
		if (!(a->graphs = onnxc_calloc((size_t)(cnt ? cnt : 1), sizeof(ir_graph *))))
			return onnxc_oom(c->err);
		for (i = 0; i < cnt; i++)
			if (sub_graph(c, g, ap->graphs[i], s->fr, s->steal, depth, &a->graphs[i]))
				return -1;
		return 0;
	}
	return 0;
}

int fe_lookup_value(ir_graph *g, struct fe_frame *fr, const char *name, ir_value **v)
{
	ir_graph *host, *x;

	*v = NULL;
	if (!fr) {
		*v = ir_graph_find(g, name);
		return *v != NULL;
	}
	host = fe_frame_host(fr);
	for (x = g; x && x != host; x = x->parent)
		if ((*v = ir_graph_find_local(x, name)) != NULL)
			return 1;
	return fe_frame_value(fr, name, v);
}

/* node_name: "prefix/name" (or "prefix/op") for nodes of inlined bodies. */
static char *node_name(struct fe_frame *fr, const Onnx__NodeProto *np)
{
	const char *nm = np->name ? np->name : "", *pre;
	size_t n;
	char *s;

	if (!fr)
		return onnxc_strdup(nm);
	pre = fe_frame_prefix(fr);
	if (!*nm)
		nm = np->op_type;
	n = strlen(pre) + strlen(nm) + 2;
	if ((s = onnxc_malloc(n)) != NULL)
		snprintf(s, n, "%s/%s", pre, nm);
	return s;
}

/* emit_node: one IR node for np (not a function call) in g. */
static int emit_node(fe_ctx *c, ir_graph *g, struct fe_frame *fr, Onnx__NodeProto *np,
		     int steal, int depth)
{
	const char *op = np->op_type;
	ir_graph *host = fr ? fe_frame_host(fr) : NULL;
	char *name;
	ir_node *n;
	size_t k;
	int64_t ver;

	if (np->n_input > INT_MAX || np->n_output > INT_MAX)
		return fe_fail(c, np->name, op, NULL, ONNXC_ELIMIT, "too many inputs or outputs");
	if (++c->n_nodes > c->lim.max_nodes)
		return fe_fail(c, np->name, op, NULL, ONNXC_ELIMIT, "more than %lld nodes",
			       (long long)c->lim.max_nodes);
	if (!(name = node_name(fr, np)))
		return onnxc_oom(c->err);
	n = ir_node_new(g, name, op, np->domain, (int)np->n_input, (int)np->n_output, c->err);
	onnxc_free(name);
	if (!n)
		return -1;
	if (np->doc_string && *np->doc_string && !(n->doc = onnxc_strdup(np->doc_string)))
		return onnxc_oom(c->err);
	for (k = 0; k < np->n_input; k++) {
		const char *s = np->input[k];
		if (!*s)
			continue;
		if (fe_lookup_value(g, fr, s, &n->in[k]))
			continue;
		/* every name a graph defines exists before its nodes are built */
		if (fr)
			return fe_fail(c, n->name, op, s, ONNXC_EINVAL, "not defined in the body "
				       "of function '%s'", fe_frame_fn_name(fr));
		return fe_fail(c, n->name, op, s, ONNXC_EINVAL, "undefined (no node, graph "
			       "input or initializer defines it)");
	}
	for (k = 0; k < np->n_output; k++) {
		const char *s = np->output[k];
		ir_value *v = NULL;
		if (!*s)
			continue;
		if (g == host)
			fe_frame_value(fr, s, &v);
		else
			v = ir_graph_find_local(g, s);
		if (!v)
			return fe_fail(c, n->name, op, s, ONNXC_EINTERNAL, "output not pre-created");
		if (v->producer)
			return fe_fail(c, n->name, op, s, ONNXC_EINVAL, "assigned more than once "
				       "(also by node '%s')", v->producer->name);
		if (v->is_input || v->is_initializer)
			return fe_fail(c, n->name, op, s, ONNXC_EINVAL, "assigned by a node but "
				       "also a graph %s", v->is_input ? "input" : "initializer");
		ir_node_set_output(n, (int)k, v);
	}
	for (k = 0; k < np->n_attribute; k++) {
		Onnx__AttributeProto *ap = np->attribute[k];
		struct attr_src src = { ap, fr, steal };
		if (!ap->name || !*ap->name)
			return fe_fail(c, n->name, op, NULL, ONNXC_EINVAL, "attribute without a name");
		if (ap->ref_attr_name && *ap->ref_attr_name) {
			if (!fr)
				return fe_fail(c, n->name, op, NULL, ONNXC_EINVAL, "attribute '%s' "
					       "refers to '%s' outside a function", ap->name,
					       ap->ref_attr_name);
			src.ap = (Onnx__AttributeProto *)fe_frame_resolve_ref(fr, ap->ref_attr_name,
									      &src.fr);
			src.steal = 0;
			if (!src.ap)
				continue;   /* the call does not set it: attribute absent */
		}
		if (convert_attr(c, g, n, ap->name, &src, depth))
			return -1;
	}
	ir_node_resolve(c->m, n);
	if (fr && (ver = fe_frame_opset(fr, n->domain)) >= 0)
		n->since_version = ir_op_since(n->op, ver);
	return 0;
}

int fe_emit_nodes(fe_ctx *c, ir_graph *g, struct fe_frame *fr, Onnx__NodeProto **nodes,
		  size_t n, int steal, int depth)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const Onnx__FunctionProto *fn;
		if (!nodes[i]->op_type || !*nodes[i]->op_type)
			return fe_fail(c, nodes[i]->name, "", NULL, ONNXC_EINVAL, "node has no "
				       "op_type");
		fn = fe_find_function(c, nodes[i]);
		if (fn ? fe_inline_call(c, g, fr, nodes[i], fn, depth)
		       : emit_node(c, g, fr, nodes[i], steal, depth))
			return -1;
	}
	return 0;
}

ir_value *fe_fresh_value(fe_ctx *c, ir_graph *g, const char *prefix, const char *hint)
{
	size_t n = strlen(prefix) + strlen(hint) + 24;
	char *buf = onnxc_malloc(n);
	ir_value *v = NULL;

	if (!buf) {
		onnxc_oom(c->err);
		return NULL;
	}
	snprintf(buf, n, "%s/%s", prefix, hint);
	while (fe_map_get(&c->names, buf, NULL) || ir_graph_find(g, buf))
		snprintf(buf, n, "%s/%s_%u", prefix, hint, ++c->fresh_counter);
	v = ir_graph_value(g, buf, c->err);
	if (v && fe_map_put(&c->names, v->name, NULL, c->err))
		v = NULL;
	onnxc_free(buf);
	return v;
}

/* graph_values: inputs, initializers, node outputs (phase 1), outputs and
 * value_info of gp in g. */
static int graph_values(fe_ctx *c, Onnx__GraphProto *gp, ir_graph *g, struct fe_frame *fr,
			int steal)
{
	fe_where w = { NULL, NULL };
	size_t i, k;

	for (i = 0; i < gp->n_input; i++) {
		const Onnx__ValueInfoProto *vi = gp->input[i];
		ir_value *v;
		if (!vi->name || !*vi->name)
			return fe_fail(c, NULL, NULL, NULL, ONNXC_EINVAL, "graph input %zu has no "
				       "name", i);
		if (!(v = ir_graph_value(g, vi->name, c->err)))
			return -1;
		if (v->is_input)
			return fe_fail(c, NULL, NULL, v->name, ONNXC_EINVAL, "graph input listed "
				       "twice");
		if (value_info(c, v, vi) || ir_graph_add_input(g, v, c->err))
			return -1;
	}
	for (i = 0; i < gp->n_initializer; i++) {
		Onnx__TensorProto *tp = gp->initializer[i];
		ir_tensor *t;
		ir_value *v;
		if (!tp->name || !*tp->name)
			return fe_fail(c, NULL, NULL, NULL, ONNXC_EINVAL, "initializer %zu has no "
				       "name", i);
		if (!(v = ir_graph_value(g, tp->name, c->err)))
			return -1;
		if (v->is_initializer)
			return fe_fail(c, NULL, NULL, v->name, ONNXC_EINVAL, "initializer listed "
				       "twice");
		if (fe_tensor_from_pb(c, tp, steal, &w, &t) || ir_graph_add_init(g, v, t, c->err))
			return -1;
	}
	for (i = 0; i < gp->n_node; i++)
		for (k = 0; k < gp->node[i]->n_output; k++)
			if (*gp->node[i]->output[k] &&
			    !ir_graph_value(g, gp->node[i]->output[k], c->err))
				return -1;
	for (i = 0; i < gp->n_output; i++) {
		const Onnx__ValueInfoProto *vi = gp->output[i];
		ir_value *v;
		unsigned was;
		if (!vi->name || !*vi->name)
			return fe_fail(c, NULL, NULL, NULL, ONNXC_EINVAL, "graph output %zu has no "
				       "name", i);
		if (!fe_lookup_value(g, fr, vi->name, &v) || !v)
			return fe_fail(c, NULL, NULL, vi->name, ONNXC_EINVAL, "graph output is "
				       "never defined");
		if (ir_graph_find_local(g, vi->name) != v) {
			/* an outer value passed straight through: not flagged */
			was = v->is_output;
			if (ir_graph_add_output(g, v, c->err))
				return -1;
			v->is_output = was;
			continue;
		}
		if ((!v->has_type && value_info(c, v, vi)) || ir_graph_add_output(g, v, c->err))
			return -1;
	}
	for (i = 0; i < gp->n_value_info; i++) {
		ir_value *v;
		if (!gp->value_info[i]->name)
			continue;
		v = ir_graph_find_local(g, gp->value_info[i]->name);
		if (v && !v->has_type && value_info(c, v, gp->value_info[i]))
			return -1;
	}
	return 0;
}

int fe_build_graph(fe_ctx *c, Onnx__GraphProto *gp, ir_graph *g, struct fe_frame *fr,
		   int steal, int depth)
{
	if (depth > c->lim.max_depth)
		return onnxc_seterr(c->err, ONNXC_ELIMIT, "subgraphs nested deeper than %d",
				    c->lim.max_depth);
	if (gp->n_sparse_initializer)
		return fe_fail(c, NULL, NULL, gp->sparse_initializer[0]->values &&
			       gp->sparse_initializer[0]->values->name ?
			       gp->sparse_initializer[0]->values->name : NULL,
			       ONNXC_EUNSUPPORTED, "sparse initializers are not supported");
	if ((gp->name && !(g->name = onnxc_strdup(gp->name))) ||
	    (gp->doc_string && *gp->doc_string && !(g->doc = onnxc_strdup(gp->doc_string))))
		return onnxc_oom(c->err);
	if (graph_values(c, gp, g, fr, steal) ||
	    fe_emit_nodes(c, g, fr, gp->node, gp->n_node, steal, depth))
		return -1;
	return ir_graph_toposort(g, c->err);
}
