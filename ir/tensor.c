/*
 * tensor.c - element types, constant tensors and shapes of the IR.
 */
#include <string.h>
#include <sys/mman.h>

#include "ir.h"

static const struct {
	const char *name;
	size_t size;
} dtypes[IR_DTYPE_COUNT] = {
	[IR_UNDEFINED] = { "undefined", 0 }, [IR_FLOAT] = { "float", 4 },
	[IR_UINT8] = { "uint8", 1 },         [IR_INT8] = { "int8", 1 },
	[IR_UINT16] = { "uint16", 2 },       [IR_INT16] = { "int16", 2 },
	[IR_INT32] = { "int32", 4 },         [IR_INT64] = { "int64", 8 },
	[IR_STRING] = { "string", 0 },       [IR_BOOL] = { "bool", 1 },
	[IR_FLOAT16] = { "float16", 2 },     [IR_DOUBLE] = { "double", 8 },
	[IR_UINT32] = { "uint32", 4 },       [IR_UINT64] = { "uint64", 8 },
	[IR_COMPLEX64] = { "complex64", 8 }, [IR_COMPLEX128] = { "complex128", 16 },
	[IR_BFLOAT16] = { "bfloat16", 2 },
};

size_t ir_dtype_size(int dt)
{
	return dt > 0 && dt < IR_DTYPE_COUNT ? dtypes[dt].size : 0;
}

const char *ir_dtype_name(int dt)
{
	return dt >= 0 && dt < IR_DTYPE_COUNT ? dtypes[dt].name : "?";
}

int ir_dtype_valid(int dt)
{
	return dt > 0 && dt < IR_DTYPE_COUNT;
}

int64_t ir_numel(int rank, const int64_t *dims)
{
	int64_t n = 1;
	int i;

	for (i = 0; i < rank; i++)
		if (onnxc_mul_i64(n, dims[i], &n))
			return -1;
	return n;
}

void ir_blob_unref(ir_blob *b)
{
	if (!b || --b->refs > 0)
		return;
	if (b->is_mmap)
		munmap(b->base, b->size);
	else
		onnxc_free(b->base);
	onnxc_free(b);
}

ir_tensor *ir_tensor_new_nodata(int dtype, int rank, const int64_t *dims, onnxc_err *err)
{
	ir_tensor *t;
	int64_t numel;
	size_t es = dtype == IR_STRING ? sizeof(char *) : ir_dtype_size(dtype);

	if (!ir_dtype_valid(dtype)) {
		onnxc_seterr(err, ONNXC_EINVAL, "unknown element type %d", dtype);
		return NULL;
	}
	if (rank < 0 || rank > 64) {
		onnxc_seterr(err, ONNXC_EINVAL, "tensor rank %d out of range", rank);
		return NULL;
	}
	numel = ir_numel(rank, dims);
	if (numel < 0 || (uint64_t)numel > SIZE_MAX / (es ? es : 1) ||
	    (uint64_t)numel * es > ((uint64_t)1 << 46)) {
		onnxc_seterr(err, ONNXC_EINVAL, "tensor dims are negative or too large");
		return NULL;
	}
	t = onnxc_calloc(1, sizeof *t);
	if (!t)
		goto oom;
	t->dtype = dtype;
	t->rank = rank;
	t->numel = numel;
	t->nbytes = (size_t)numel * es;
	t->dims = onnxc_malloc(sizeof(int64_t) * (size_t)(rank ? rank : 1));
	if (!t->dims)
		goto oom_free_t;
	if (rank)
		memcpy(t->dims, dims, sizeof(int64_t) * (size_t)rank);
	return t;

oom_free_t:
	onnxc_free(t);
oom:
	onnxc_oom(err);
	return NULL;
}

ir_tensor *ir_tensor_new(int dtype, int rank, const int64_t *dims, onnxc_err *err)
{
	ir_tensor *t = ir_tensor_new_nodata(dtype, rank, dims, err);

	if (!t)
		return NULL;
	t->data = onnxc_calloc(1, t->nbytes ? t->nbytes : 1);
	if (!t->data)
		goto oom_free_t;
	if (dtype == IR_STRING) {
		t->str_lens = onnxc_calloc((size_t)(t->numel ? t->numel : 1), sizeof(size_t));
		if (!t->str_lens)
			goto oom_free_t;
	}
	return t;

oom_free_t:
	ir_tensor_free(t);
	onnxc_oom(err);
	return NULL;
}

ir_tensor *ir_tensor_clone(const ir_tensor *s, onnxc_err *err)
{
	ir_tensor *t = ir_tensor_new(s->dtype, s->rank, s->dims, err);
	int64_t i;

	if (!t)
		return NULL;
	if (s->name && !(t->name = onnxc_strdup(s->name)))
		goto oom_free_t;
	if (s->dtype != IR_STRING) {
		if (s->nbytes)
			memcpy(t->data, s->data, s->nbytes);
		return t;
	}
	for (i = 0; i < s->numel; i++) {
		const char *src = ((char **)s->data)[i];
		if (!src)
			continue;
		((char **)t->data)[i] = onnxc_strndup(src, s->str_lens[i]);
		if (!((char **)t->data)[i])
			goto oom_free_t;
		t->str_lens[i] = s->str_lens[i];
	}
	return t;

oom_free_t:
	ir_tensor_free(t);
	onnxc_oom(err);
	return NULL;
}

void ir_tensor_free(ir_tensor *t)
{
	int64_t i;

	if (!t)
		return;
	if (t->dtype == IR_STRING && t->data && !t->blob)
		for (i = 0; i < t->numel; i++)
			onnxc_free(((char **)t->data)[i]);
	if (t->blob)
		ir_blob_unref(t->blob);
	else
		onnxc_free(t->data);
	onnxc_free(t->str_lens);
	onnxc_free(t->dims);
	onnxc_free(t->name);
	onnxc_free(t->doc);
	onnxc_free(t);
}

int ir_tensor_equal(const ir_tensor *a, const ir_tensor *b)
{
	int64_t i;

	if (a->dtype != b->dtype || a->rank != b->rank || a->numel != b->numel)
		return 0;
	if (a->rank && memcmp(a->dims, b->dims, sizeof(int64_t) * (size_t)a->rank))
		return 0;
	if (a->dtype != IR_STRING)
		return a->nbytes == b->nbytes && (!a->nbytes || !memcmp(a->data, b->data, a->nbytes));
	for (i = 0; i < a->numel; i++) {
		const char *x = ((char **)a->data)[i], *y = ((char **)b->data)[i];
		if (a->str_lens[i] != b->str_lens[i])
			return 0;
		if (a->str_lens[i] && memcmp(x, y, a->str_lens[i]))
			return 0;
	}
	return 1;
}

void ir_shape_clear(ir_shape *s)
{
	int i;

	if (s->syms)
		for (i = 0; i < s->rank; i++)
			onnxc_free(s->syms[i]);
	onnxc_free(s->syms);
	onnxc_free(s->dims);
	s->syms = NULL;
	s->dims = NULL;
	s->rank = -1;
}

int ir_shape_set(ir_shape *s, int rank, const int64_t *dims, onnxc_err *err)
{
	ir_shape_clear(s);
	if (rank < 0)
		return 0;
	s->dims = onnxc_malloc(sizeof(int64_t) * (size_t)(rank ? rank : 1));
	if (!s->dims)
		return onnxc_oom(err);
	if (rank && dims)
		memcpy(s->dims, dims, sizeof(int64_t) * (size_t)rank);
	else if (rank)
		for (int i = 0; i < rank; i++)
			s->dims[i] = IR_DIM_UNKNOWN;
	s->rank = rank;
	return 0;
}

int ir_shape_set_sym(ir_shape *s, int i, const char *sym, onnxc_err *err)
{
	if (i < 0 || i >= s->rank)
		return onnxc_seterr(err, ONNXC_EINTERNAL, "dim %d out of range", i);
	if (!s->syms && !(s->syms = onnxc_calloc((size_t)s->rank, sizeof(char *))))
		return onnxc_oom(err);
	onnxc_free(s->syms[i]);
	s->syms[i] = NULL;
	if (sym && !(s->syms[i] = onnxc_strdup(sym)))
		return onnxc_oom(err);
	s->dims[i] = IR_DIM_UNKNOWN;
	return 0;
}

int ir_shape_copy(ir_shape *dst, const ir_shape *src, onnxc_err *err)
{
	int i;

	if (dst == src)
		return 0;
	if (ir_shape_set(dst, src->rank, src->dims, err))
		return -1;
	if (src->syms)
		for (i = 0; i < src->rank; i++)
			if (src->syms[i] && ir_shape_set_sym(dst, i, src->syms[i], err))
				return -1;
	return 0;
}
