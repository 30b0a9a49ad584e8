/*
 * registry.c - the kernel table, expanded from the K column of ir/ops.def.
 */
#include "rt.h"

#define RT_DECL_K(name) extern const rt_op rt_op_##name;
#define RT_DECL__(name)
#define OP(name, dom, k, ...) RT_DECL_##k(name)
#include "ops.def"
#undef OP

#define RT_ENTRY_K(name) &rt_op_##name
#define RT_ENTRY__(name) NULL
static const rt_op *const table[IR_OP_COUNT] = {
#define OP(name, dom, k, ...) [IR_OP_##name] = RT_ENTRY_##k(name),
#include "ops.def"
#undef OP
};

const rt_op *rt_op_get(ir_op op)
{
	return op > IR_OP_UNKNOWN && op < IR_OP_COUNT ? table[op] : NULL;
}
