/*
 * profile.c - per-node timing of onnxc_session_run (onnxc_session_set_profile,
 * onnxc_session_profile).  The counters are made when profiling is switched
 * on, one per node of the model's graph, so timed runs allocate nothing.
 */
#include <string.h>
#include <time.h>

#include "session.h"

void rt_profile_free(onnxc_session *s)
{
	onnxc_free(s->prof);
	s->prof = NULL;
	s->n_prof = 0;
}

int onnxc_session_set_profile(onnxc_session *s, int on)
{
	const ir_graph *g = s->model->ir->graph;
	int i;

	if (!on) {
		rt_profile_free(s);
		return ONNXC_OK;
	}
	if (!s->prof) {
		s->prof = onnxc_calloc((size_t)(g->n_nodes ? g->n_nodes : 1), sizeof *s->prof);
		if (!s->prof) {
			onnxc_oom(&s->err);
			return ONNXC_ENOMEM;
		}
		s->n_prof = g->n_nodes;
	}
	for (i = 0; i < s->n_prof; i++) {
		const ir_node *n = g->nodes[i];
		s->prof[i] = (onnxc_profile_entry){ n->name ? n->name : "", n->op_type, 0, 0, 0 };
	}
	return ONNXC_OK;
}

int onnxc_session_profile(const onnxc_session *s, const onnxc_profile_entry **entries, int *n)
{
	*entries = s->prof;
	*n = s->n_prof;
	return s->prof ? ONNXC_OK : ONNXC_EINVAL;
}

int rt_profile_exec(onnxc_session *s, const rt_op *op, rt_node *n)
{
	const ir_graph *g = s->model->ir->graph;
	struct timespec t0, t1;
	int k = n->ir->id, rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = op->exec(n, &s->err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* the node's graph position (ir_graph_index keeps ids in order) */
	if (k >= 0 && k < s->n_prof && g->nodes[k] == n->ir) {
		onnxc_profile_entry *e = &s->prof[k];
		e->calls++;
		e->ns += (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000000LL +
				    (t1.tv_nsec - t0.tv_nsec));
		e->flops = 2 * (uint64_t)rt_node_macs(n);
	}
	return rc;
}
