/*
 * passutil.c - small queries passes share.
 */
#include "pass.h"

int pass_single_use(const ir_value *v)
{
	return v->n_uses == 1 && !v->is_output;
}

const ir_tensor *pass_const(const ir_value *v)
{
	return v ? v->init : NULL;
}
