/*
 * session.c - the public model and session API: load, prepare (with a plan
 * cache per input-shape signature), run without allocating.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pass.h"
#include "session.h"

void onnxc_options_init(onnxc_options *o)
{
	memset(o, 0, sizeof *o);
	o->opt_level = 1;
}

/* ---- models ---- */

/* model_infos: the input/output descriptors the API hands out. */
static int model_infos(onnxc_model *m, onnxc_err *err)
{
	const ir_graph *g = m->ir->graph;
	int i, k, n_dims = 0, n_in = 0;

	for (i = 0; i < g->n_inputs; i++)
		if (!g->inputs[i]->init)
			n_in++;
	m->inputs = onnxc_calloc((size_t)(n_in ? n_in : 1), sizeof *m->inputs);
	m->in_info = onnxc_calloc((size_t)(n_in ? n_in : 1), sizeof *m->in_info);
	m->out_info = onnxc_calloc((size_t)(g->n_outputs ? g->n_outputs : 1), sizeof *m->out_info);
	for (i = 0; i < g->n_inputs; i++)
		n_dims += g->inputs[i]->shape.rank > 0 ? g->inputs[i]->shape.rank : 0;
	for (i = 0; i < g->n_outputs; i++)
		n_dims += g->outputs[i]->shape.rank > 0 ? g->outputs[i]->shape.rank : 0;
	m->info_dims = onnxc_calloc((size_t)(n_dims ? n_dims : 1), sizeof *m->info_dims);
	if (!m->inputs || !m->in_info || !m->out_info || !m->info_dims)
		return onnxc_oom(err);
	n_dims = 0;
	for (i = 0; i < g->n_inputs + g->n_outputs; i++) {
		const ir_value *v = i < g->n_inputs ? g->inputs[i] : g->outputs[i - g->n_inputs];
		onnxc_tensor *t;
		if (i < g->n_inputs) {
			if (v->init)
				continue;
			m->inputs[m->n_inputs] = (ir_value *)v;
			t = &m->in_info[m->n_inputs++];
		} else {
			t = &m->out_info[i - g->n_inputs];
		}
		t->name = v->name;
		t->dtype = v->dtype;
		t->rank = v->shape.rank;
		t->dims = m->info_dims + n_dims;
		for (k = 0; k < v->shape.rank; k++)
			m->info_dims[n_dims++] = v->shape.dims[k];
	}
	return 0;
}

onnxc_model *rt_model_wrap(ir_model *ir, onnxc_err *err)
{
	onnxc_model *m = onnxc_calloc(1, sizeof *m);

	if (!m) {
		onnxc_oom(err);
		ir_model_free(ir);
		return NULL;
	}
	m->ir = ir;
	if (model_infos(m, err)) {
		onnxc_model_free(m);
		return NULL;
	}
	return m;
}

int onnxc_model_load(const char *path, const onnxc_options *opt, onnxc_model **out,
		     char *errbuf, size_t errlen)
{
	onnxc_err err = { 0 };
	onnxc_model *m = NULL;
	fe_limits lim;

	*out = NULL;
	fe_limits_default(&lim);
	if (opt && opt->max_tensor_bytes)
		lim.max_tensor_bytes = opt->max_tensor_bytes;
	if (opt && opt->max_nodes)
		lim.max_nodes = opt->max_nodes;
	if (opt && opt->max_depth)
		lim.max_depth = opt->max_depth;
	m = onnxc_calloc(1, sizeof *m);
	if (!m) {
		onnxc_oom(&err);
		goto fail;
	}
	if (fe_load_file(path, &lim, &m->ir, &err))
		goto fail;
	if (!opt || opt->opt_level > 0) {
		pass_opts po = { 0 };
		po.only = opt ? opt->passes : NULL;
		po.disable = opt ? opt->disable_passes : NULL;
		if (pass_run(m->ir, &po, &err))
			goto fail;
	}
	if (model_infos(m, &err))
		goto fail;
	*out = m;
	return ONNXC_OK;
fail:
	onnxc_model_free(m);
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s", err.msg);
	return err.code ? err.code : ONNXC_EINTERNAL;
}

void onnxc_model_free(onnxc_model *m)
{
	if (!m)
		return;
	ir_model_free(m->ir);
	onnxc_free(m->inputs);
	onnxc_free(m->in_info);
	onnxc_free(m->out_info);
	onnxc_free(m->info_dims);
	onnxc_free(m);
}

int onnxc_model_num_inputs(const onnxc_model *m)
{
	return m->n_inputs;
}

int onnxc_model_num_outputs(const onnxc_model *m)
{
	return m->ir->graph->n_outputs;
}

int onnxc_model_input(const onnxc_model *m, int i, onnxc_tensor *info)
{
	if (i < 0 || i >= m->n_inputs)
		return ONNXC_EINVAL;
	*info = m->in_info[i];
	return ONNXC_OK;
}

int onnxc_model_output(const onnxc_model *m, int i, onnxc_tensor *info)
{
	if (i < 0 || i >= m->ir->graph->n_outputs)
		return ONNXC_EINVAL;
	*info = m->out_info[i];
	return ONNXC_OK;
}

/* ---- sessions ---- */

#define RT_MAX_THREADS 1024

/* resolve_threads: the thread count of options value t (0: online CPUs). */
static int resolve_threads(int t)
{
	long cpus;

	if (t > 0)
		return t < RT_MAX_THREADS ? t : RT_MAX_THREADS;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		return 1;
	return cpus < RT_MAX_THREADS ? (int)cpus : RT_MAX_THREADS;
}

int onnxc_session_new(onnxc_model *m, const onnxc_options *opt, onnxc_session **out)
{
	onnxc_session *s = onnxc_calloc(1, sizeof *s);
	onnxc_err err = { 0 };

	*out = NULL;
	if (!s)
		return ONNXC_ENOMEM;
	s->model = m;
	if (opt)
		s->opt = *opt;
	else
		onnxc_options_init(&s->opt);
	/* OpenBLAS single-threaded: big GEMMs are split over the session's
	 * pool (one --threads budget, no oversubscription) */
	rt_blas_single();
	s->threads = resolve_threads(s->opt.threads);
	if (s->threads > 1) {
		s->pool = rt_pool_new(s->threads, &err);
		if (!s->pool) {
			onnxc_free(s);
			return err.code ? err.code : ONNXC_ENOMEM;
		}
	}
	*out = s;
	return ONNXC_OK;
}

void onnxc_session_free(onnxc_session *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < s->n_plans; i++)
		rt_plan_free(s->plans[i]);
	rt_pool_free(s->pool);
	onnxc_free(s->bind_by_value);
	rt_profile_free(s);
	onnxc_free(s);
}

const char *onnxc_session_errmsg(const onnxc_session *s)
{
	return s->err.msg;
}

/* same_values: does the caller's tensor t hold the values bound in b
 * (same dtype and dims already checked)? */
static int same_values(const rt_tensor *b, const onnxc_tensor *t)
{
	int64_t i;

	if (!t->data)
		return b->nbytes == 0;
	if (b->dtype != IR_STRING)
		return !memcmp(t->data, b->data, b->nbytes);
	for (i = 0; i < b->numel; i++) {
		const char *s = ((char *const *)t->data)[i];
		if (strcmp(s ? s : "", ((char *const *)b->data)[i]))
			return 0;
	}
	return 1;
}

/* sig_matches: do the caller's inputs have the plan's dtypes and dims? */
static int sig_matches(const onnxc_session *s, const rt_plan *p, int n, const onnxc_tensor *in)
{
	const onnxc_model *m = s->model;
	int k, d, pos = 0;

	for (k = 0; k < m->n_inputs; k++) {
		const onnxc_tensor *t = rt_find_input(m, k, n, in);
		if (!t || pos + 2 > p->n_sig || p->sig[pos] != t->dtype || p->sig[pos + 1] != t->rank ||
		    pos + 2 + t->rank > p->n_sig)
			return 0;
		pos += 2;
		for (d = 0; d < t->rank; d++)
			if (p->sig[pos + d] != t->dims[d])
				return 0;
		pos += t->rank;
		if (p->bound[k] && !same_values(&p->tensors[m->inputs[k]->id], t))
			return 0;
	}
	return pos == p->n_sig;
}

/* get_plan: the cached plan for these inputs, or a new one (moved to the
 * front of the cache). */
static rt_plan *get_plan(onnxc_session *s, int n, const onnxc_tensor *in)
{
	rt_plan *p;
	int i;

	for (i = 0; i < s->n_plans; i++)
		if (sig_matches(s, s->plans[i], n, in)) {
			p = s->plans[i];
			memmove(&s->plans[1], &s->plans[0], sizeof *s->plans * (size_t)i);
			s->plans[0] = p;
			return p;
		}
	for (;;) {
		int newly = 0;
		p = rt_plan_build(s, n, in, &s->err, &newly);
		if (p || !newly)
			break;
		/* a node needs values of graph inputs: bind them and retry */
		onnxc_errclear(&s->err);
	}
	if (!p)
		return NULL;
	if (s->n_plans == RT_PLAN_CACHE)
		rt_plan_free(s->plans[--s->n_plans]);
	memmove(&s->plans[1], &s->plans[0], sizeof *s->plans * (size_t)s->n_plans);
	s->plans[0] = p;
	s->n_plans++;
	return p;
}

int onnxc_session_prepare(onnxc_session *s, int n_inputs, const onnxc_tensor *inputs)
{
	onnxc_errclear(&s->err);
	return get_plan(s, n_inputs, inputs) ? ONNXC_OK : s->err.code;
}

int onnxc_session_run(onnxc_session *s, int n_inputs, const onnxc_tensor *inputs,
		      int *n_outputs, const onnxc_tensor **outputs)
{
	const ir_graph *g = s->model->ir->graph;
	rt_plan *p;
	int i, k;

	onnxc_errclear(&s->err);
	p = get_plan(s, n_inputs, inputs);
	if (!p)
		return s->err.code;
	for (k = 0; k < s->model->n_inputs; k++) {
		const ir_value *v = s->model->inputs[k];
		rt_tensor *t = &p->tensors[v->id];
		const onnxc_tensor *u = rt_find_input(s->model, k, n_inputs, inputs);
		if (p->bound[k])
			continue;   /* the plan holds a copy of these values */
		if (!u->data && t->nbytes)
			return onnxc_seterr(&s->err, ONNXC_EINVAL, "input '%s': no data", v->name);
		if (u->nbytes && u->nbytes != t->nbytes)
			return onnxc_seterr(&s->err, ONNXC_EINVAL, "input '%s': %zu bytes given, %zu "
					    "expected", v->name, u->nbytes, t->nbytes);
		t->data = u->data;
	}
	for (i = 0; i < p->n_nodes; i++) {
		const rt_op *op = rt_op_get(p->nodes[i].ir->op);
		if (s->prof ? rt_profile_exec(s, op, &p->nodes[i]) : op->exec(&p->nodes[i], &s->err))
			return s->err.code ? s->err.code : ONNXC_EINTERNAL;
	}
	for (i = 0; i < g->n_outputs; i++)
		p->outputs[i].data = p->tensors[g->outputs[i]->id].data;
	*n_outputs = g->n_outputs;
	*outputs = p->outputs;
	return ONNXC_OK;
}

int onnxc_session_plan_stats(const onnxc_session *s, onnxc_plan_stats *st)
{
	const rt_plan *p = s->n_plans ? s->plans[0] : NULL;
	int64_t elems = 0, bytes = 0;

	memset(st, 0, sizeof *st);
	if (!p)
		return ONNXC_EINVAL;
	st->arena_bytes = p->arena_bytes;
	st->lower_bound = p->lower_bound;
	st->naive_bytes = p->naive_bytes;
	ir_graph_param_count(s->model->ir->graph, &elems, &bytes);
	st->weight_bytes = (uint64_t)bytes;
	st->n_nodes = p->n_nodes;
	st->n_folded = p->n_folded_nodes;
	return ONNXC_OK;
}
