/*
 * k_identity.c - Identity and Dropout (inference): output = input.
 */
#include <string.h>

#include "rt.h"

static int prep_identity(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];

	if (!x)
		return rt_fail(n, err, ONNXC_EINVAL, "input is missing");
	if (rt_set_shape(n, n->out[0], x->dtype, x->rank, x->dims, err))
		return -1;
	return 0;
}

static int exec_identity(rt_node *n, onnxc_err *err)
{
	(void)err;
	if (n->out[0]->data != n->in[0]->data && n->in[0]->nbytes)
		memcpy(n->out[0]->data, n->in[0]->data, n->in[0]->nbytes);
	return 0;
}

const rt_op rt_op_Identity = { prep_identity, exec_identity, RT_INPLACE | RT_ALIAS };
