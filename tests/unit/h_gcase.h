/*
 * h_gcase.h - table-driven kernel cases: one node with int/ints attributes,
 * a data input given as doubles (stored as float, double or an integer
 * type), an optional constant integer second input, and the expected
 * output.  Used for the cases decoded from the ONNX backend test data.
 */
#ifndef ONNXC_H_GCASE_H
#define ONNXC_H_GCASE_H

#include <stdint.h>

#define GC_MAXN 64

typedef struct gc_attr {
	const char *name;
	int n;            /* 0: an int attribute v[0]; > 0: an ints list of n */
	int64_t v[4];
} gc_attr;

typedef struct gcase {
	const char *name, *op;
	int opset, nattr;
	gc_attr attrs[4];
	int dtype, rank;
	int64_t dims[4];
	double x[GC_MAXN];
	int n_in;         /* 1, or 2 with the constant integer input below */
	int in1_dtype, in1_rank;
	int64_t in1_dims[1];
	int64_t in1[4];
	int ydtype, yrank;
	int64_t ydims[4];
	double y[GC_MAXN];
} gcase;

/* gc_run: run the case through the kernel harness; outputs must match the
 * expectation within tol*(1 + |expected|) (integers exactly). */
void gc_run(const gcase *c, double tol);

#endif
