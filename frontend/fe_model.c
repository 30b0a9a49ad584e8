/*
 * fe_model.c - the loader's entry points: bytes -> ModelProto -> IR model
 * (metadata, opsets, functions, the graph), then verification.
 */
#include <string.h>

#include "fe_int.h"

/* collect_graph: every name gp and its subgraphs use, into c->names. */
static int collect_graph(fe_ctx *c, const Onnx__GraphProto *gp);

static int collect_node(fe_ctx *c, const Onnx__NodeProto *np)
{
	size_t k, j;

	for (k = 0; k < np->n_input; k++)
		if (fe_map_put(&c->names, np->input[k], NULL, c->err))
			return -1;
	for (k = 0; k < np->n_output; k++)
		if (fe_map_put(&c->names, np->output[k], NULL, c->err))
			return -1;
	for (k = 0; k < np->n_attribute; k++) {
		const Onnx__AttributeProto *a = np->attribute[k];
		if (a->g && collect_graph(c, a->g))
			return -1;
		for (j = 0; j < a->n_graphs; j++)
			if (collect_graph(c, a->graphs[j]))
				return -1;
	}
	return 0;
}

static int collect_graph(fe_ctx *c, const Onnx__GraphProto *gp)
{
	size_t i;

#define PUT(s) do { if ((s) && fe_map_put(&c->names, (s), NULL, c->err)) return -1; } while (0)
	for (i = 0; i < gp->n_input; i++)
		PUT(gp->input[i]->name);
	for (i = 0; i < gp->n_output; i++)
		PUT(gp->output[i]->name);
	for (i = 0; i < gp->n_value_info; i++)
		PUT(gp->value_info[i]->name);
	for (i = 0; i < gp->n_initializer; i++)
		PUT(gp->initializer[i]->name);
#undef PUT
	for (i = 0; i < gp->n_node; i++)
		if (collect_node(c, gp->node[i]))
			return -1;
	return 0;
}

/* model_header: metadata, opset imports (the functions' merged in). */
static int model_header(fe_ctx *c, const Onnx__ModelProto *mp, ir_model *m)
{
	size_t i, k;

	m->ir_version = mp->has_ir_version ? mp->ir_version : 0;
	m->model_version = mp->has_model_version ? mp->model_version : 0;
	if ((mp->producer_name && !(m->producer_name = onnxc_strdup(mp->producer_name))) ||
	    (mp->producer_version &&
	     !(m->producer_version = onnxc_strdup(mp->producer_version))) ||
	    (mp->domain && !(m->domain = onnxc_strdup(mp->domain))) ||
	    (mp->doc_string && !(m->doc = onnxc_strdup(mp->doc_string))))
		return onnxc_oom(c->err);
	for (i = 0; i < mp->n_opset_import; i++) {
		const Onnx__OperatorSetIdProto *o = mp->opset_import[i];
		if (!o->has_version)
			return fe_fail(c, NULL, NULL, NULL, ONNXC_EINVAL, "opset import of domain "
				       "'%s' has no version", o->domain ? o->domain : "");
		if (ir_model_add_opset(m, o->domain ? o->domain : "", o->version, c->err))
			return -1;
	}
	for (i = 0; i < mp->n_functions; i++) {
		const Onnx__FunctionProto *f = mp->functions[i];
		if (!f->name || !*f->name)
			return fe_fail(c, NULL, NULL, NULL, ONNXC_EINVAL, "function %zu has no name",
				       i);
		for (k = 0; k < i; k++)
			if (!strcmp(mp->functions[k]->name, f->name) &&
			    !strcmp(mp->functions[k]->domain ? mp->functions[k]->domain : "",
				    f->domain ? f->domain : ""))
				return fe_fail(c, NULL, NULL, NULL, ONNXC_EINVAL, "function '%s' is "
					       "defined twice", f->name);
		for (k = 0; k < f->n_opset_import; k++) {
			const Onnx__OperatorSetIdProto *o = f->opset_import[k];
			const char *d = o->domain ? o->domain : "";
			if (o->has_version && ir_model_opset(m, d) < 0 &&
			    ir_model_add_opset(m, d, o->version, c->err))
				return -1;
		}
		for (k = 0; k < f->n_node; k++)
			if (collect_node(c, f->node[k]))
				return -1;
	}
	if (mp->n_metadata_props) {
		m->meta = onnxc_calloc(mp->n_metadata_props, sizeof *m->meta);
		if (!m->meta)
			return onnxc_oom(c->err);
		m->n_meta = (int)mp->n_metadata_props;
		for (i = 0; i < mp->n_metadata_props; i++) {
			const Onnx__StringStringEntryProto *kv = mp->metadata_props[i];
			m->meta[i].key = onnxc_strdup(kv->key ? kv->key : "");
			m->meta[i].value = onnxc_strdup(kv->value ? kv->value : "");
			if (!m->meta[i].key || !m->meta[i].value)
				return onnxc_oom(c->err);
		}
	}
	return 0;
}

int fe_load_buffer(const void *buf, size_t len, const char *base_dir, const char *what,
		   const fe_limits *lim, ir_model **out, onnxc_err *err)
{
	onnxc_err e = { 0 };
	Onnx__ModelProto *mp = NULL;
	ir_model *m = NULL;
	fe_ctx c;
	int rc = -1;

	*out = NULL;
	if (!what)
		what = "<buffer>";
	memset(&c, 0, sizeof c);
	if (lim)
		c.lim = *lim;
	else
		fe_limits_default(&c.lim);
	c.err = &e;
	c.base_dir = base_dir;
	if (len > c.lim.max_file_bytes) {
		onnxc_seterr(&e, ONNXC_ELIMIT, "model has %zu bytes, more than the limit %llu", len,
			     (unsigned long long)c.lim.max_file_bytes);
		goto report;
	}
	mp = (Onnx__ModelProto *)fe_pb_unpack(buf, len, &onnx__model_proto__descriptor,
					      c.lim.max_depth, &e);
	if (!mp)
		goto report;
	c.mp = mp;
	if (!mp->graph) {
		onnxc_seterr(&e, ONNXC_EINVAL, "not an ONNX model (no graph)");
		goto free_mp;
	}
	if (mp->n_metadata_props > INT32_MAX) {
		onnxc_seterr(&e, ONNXC_ELIMIT, "too many metadata entries");
		goto free_mp;
	}
	if (!(m = ir_model_new(&e)))
		goto free_mp;
	c.m = m;
	/* fresh names (function inlining) must avoid every name of the model */
	if (model_header(&c, mp, m) || (mp->n_functions && collect_graph(&c, mp->graph)) ||
	    fe_build_graph(&c, mp->graph, m->graph, NULL, 1, 0) ||
	    ir_verify(m->graph, what, &e))
		goto free_m;
	m->max_tensor_bytes = c.lim.max_tensor_bytes;
	*out = m;
	m = NULL;
	rc = 0;
free_m:
	fe_map_free(&c.names);
	onnxc_free(c.base_real);
	ir_model_free(m);
free_mp:
	fe_pb_free(&mp->base);
report:
	if (rc)
		fe_report(err, &e, what);
	return rc;
}

int fe_load_file(const char *path, const fe_limits *lim, ir_model **out, onnxc_err *err)
{
	onnxc_err e = { 0 };
	fe_limits l;
	fe_file f;
	char *dir;
	int rc = -1;

	*out = NULL;
	if (lim)
		l = *lim;
	else
		fe_limits_default(&l);
	if (!(dir = fe_dir_of(path))) {
		onnxc_oom(&e);
		goto report;
	}
	if (fe_file_read(path, l.max_file_bytes, &f, &e))
		goto free_dir;
	rc = fe_load_buffer(f.data, f.len, dir, path, &l, out, err);
	if (!rc && !((*out)->path = onnxc_strdup(path))) {
		ir_model_free(*out);
		*out = NULL;
		onnxc_oom(&e);
		rc = -1;
	}
	fe_file_release(&f);
free_dir:
	onnxc_free(dir);
report:
	if (rc && e.code)
		fe_report(err, &e, path);
	return rc;
}
