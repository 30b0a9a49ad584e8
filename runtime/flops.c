/*
 * flops.c - floating-point operation counts of prepared plans
 * (onnxc_session_flops): 2 x the multiply-adds of Conv, ConvTranspose, Gemm
 * and MatMul, from the shapes the plan bound.
 */
#include "session.h"

/* dims_product: product of dims[from..rank), 0 when rank <= from. */
static int64_t dims_product(const rt_tensor *t, int from)
{
	int64_t p = 1;
	int d;

	if (t->rank <= from)
		return 0;
	for (d = from; d < t->rank; d++)
		p *= t->dims[d];
	return p;
}

int64_t rt_node_macs(const rt_node *n)
{
	const rt_tensor *a = n->n_in > 0 ? n->in[0] : NULL;
	const rt_tensor *b = n->n_in > 1 ? n->in[1] : NULL;
	const rt_tensor *y = n->n_out > 0 ? n->out[0] : NULL;

	if (!a || !b || !y)
		return 0;
	switch (n->ir->op) {
	case IR_OP_Conv:
		/* each output element: C/group x kernel taps (W is M x C/group x k...) */
		return rt_numel(y->rank, y->dims) * dims_product(b, 1);
	case IR_OP_ConvTranspose:
		/* each input element scatters into M/group x kernel taps
		 * (W is C x M/group x k...) */
		return rt_numel(a->rank, a->dims) * dims_product(b, 1);
	case IR_OP_Gemm:
		/* Y is M x N; A holds M x K elements (transposed or not) */
		if (y->rank != 2 || y->dims[0] <= 0)
			return 0;
		return rt_numel(y->rank, y->dims) * (rt_numel(a->rank, a->dims) / y->dims[0]);
	case IR_OP_MatMul:
		/* every output element is a dot product of length K, A's last dim */
		return a->rank < 1 ? 0 : rt_numel(y->rank, y->dims) * a->dims[a->rank - 1];
	default:
		return 0;
	}
}

int onnxc_session_flops(const onnxc_session *s, uint64_t *flops)
{
	const rt_plan *p = s->n_plans ? s->plans[0] : NULL;
	uint64_t sum = 0;
	int i;

	*flops = 0;
	if (!p)
		return ONNXC_EINVAL;
	for (i = 0; i < p->n_nodes; i++)
		sum += 2 * (uint64_t)rt_node_macs(&p->nodes[i]);
	*flops = sum;
	return ONNXC_OK;
}
