/*
 * ops.c - the op table, expanded from ops.def, and opset resolution.
 */
#include <string.h>

#include "ir.h"

#define OP(name, dom, k, ...) static const int vers_##dom##_##name[] = { __VA_ARGS__, 0 };
#include "ops.def"
#undef OP

#define KERNEL_K 1
#define KERNEL__ 0
const ir_opinfo ir_ops[IR_OP_COUNT] = {
	[IR_OP_UNKNOWN] = { "?", IR_DOM_OTHER, 0, NULL },
#define OP(name, dom, k, ...) \
	[IR_OP_##name] = { #name, IR_DOM_##dom, KERNEL_##k, vers_##dom##_##name },
#include "ops.def"
#undef OP
};

static const char *const domain_names[] = { "", "ai.onnx.ml", "ai.onnx.preview.training", "?" };

const char *ir_domain_name(ir_domain d)
{
	return domain_names[d <= IR_DOM_OTHER ? d : IR_DOM_OTHER];
}

ir_domain ir_domain_lookup(const char *domain)
{
	if (!domain || !*domain || !strcmp(domain, "ai.onnx"))
		return IR_DOM_ONNX;
	if (!strcmp(domain, "ai.onnx.ml"))
		return IR_DOM_ML;
	if (!strcmp(domain, "ai.onnx.preview.training"))
		return IR_DOM_TRAIN;
	return IR_DOM_OTHER;
}

ir_op ir_op_lookup(const char *op_type, ir_domain d)
{
	int i;

	if (!op_type || d == IR_DOM_OTHER)
		return IR_OP_UNKNOWN;
	for (i = 1; i < IR_OP_COUNT; i++)
		if (ir_ops[i].domain == d && !strcmp(ir_ops[i].name, op_type))
			return (ir_op)i;
	return IR_OP_UNKNOWN;
}

int ir_op_since(ir_op op, int64_t opset)
{
	const int *v;
	int best = 0;

	if (op <= IR_OP_UNKNOWN || op >= IR_OP_COUNT)
		return 0;
	for (v = ir_ops[op].versions; *v; v++)
		if (*v <= opset)
			best = *v;
	return best;
}
