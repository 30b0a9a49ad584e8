/*
 * onnxc.h - the public C API of onnxc, an ONNX graph compiler and CPU runtime.
 *
 * Lifecycle:  load a model -> create sessions on it -> prepare (bind input
 * shapes: infer every shape, run the passes, plan memory, pick kernels) ->
 * run any number of times.  Prepare reports every problem before anything
 * runs; run makes no heap allocation.  Sessions on one model share its
 * weights; one session is used by one thread at a time; sessions on
 * different threads run concurrently.
 *
 * Every function returns ONNXC_OK (0) or an error code; the first error's
 * one-line message is kept in the object (onnxc_session_errmsg) or, for
 * loading, copied into the caller's buffer.
 */
#ifndef ONNXC_H
#define ONNXC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ONNXC_STATUS_OK 0
#define ONNXC_STATUS_INVALID 1       /* bad model, input or argument */
#define ONNXC_STATUS_NOMEM 2
#define ONNXC_STATUS_IO 3
#define ONNXC_STATUS_UNSUPPORTED 4
#define ONNXC_STATUS_LIMIT 5
#define ONNXC_STATUS_INTERNAL 6

/* Element types use ONNX TensorProto.DataType numbers (1 float, 7 int64...).
 * Strings (8): data is an array of NUL-terminated `char *`, nbytes =
 * numel * sizeof(char *); they are computed only when a session prepares
 * (the inputs they derive from are bound by value), and output strings
 * live as long as the session's plan. */
typedef struct onnxc_tensor {
	const char *name;      /* graph input/output name (NULL: positional) */
	int dtype;
	int rank;
	const int64_t *dims;
	void *data;            /* C order, dense */
	size_t nbytes;
} onnxc_tensor;

typedef struct onnxc_options {
	int threads;               /* threads of each session (0: all online
				      cores, the default).  A session with
				      threads > 1 starts threads-1 workers
				      when it is created (stopped by
				      onnxc_session_free) that split big
				      kernels with the calling thread: GEMMs
				      (creating a session sets OpenBLAS
				      single-threaded, process-wide),
				      convolutions, elementwise ops, pooling,
				      normalization, Resize.  Results do not
				      depend on the count. */
	int opt_level;             /* 0: no passes; 1 (default): all */
	const char *passes;        /* comma list replacing the pipeline, or NULL */
	const char *disable_passes;/* comma list removed from it, or NULL */
	uint64_t max_tensor_bytes; /* 0: default limit (16 GiB): one tensor at
				      load; at prepare also scratch and the arena */
	int64_t max_nodes;         /* 0: default limit */
	int max_depth;             /* 0: default limit */
} onnxc_options;

typedef struct onnxc_plan_stats {
	uint64_t arena_bytes;      /* the one arena: intermediates + scratch */
	uint64_t lower_bound;      /* most bytes alive at one time */
	uint64_t naive_bytes;      /* sum of every buffer's size */
	uint64_t weight_bytes;     /* constants (shared between sessions) */
	int n_nodes;               /* nodes executed per run */
	int n_folded;              /* nodes computed at prepare */
} onnxc_plan_stats;

typedef struct onnxc_model onnxc_model;
typedef struct onnxc_session onnxc_session;

/* onnxc_options_init: defaults (all passes, all cores, default limits). */
void onnxc_options_init(onnxc_options *o);

/* onnxc_model_load: read an .onnx file.  On failure *out is NULL and errbuf
 * (if not NULL) receives a one-line message naming file, node and value. */
int onnxc_model_load(const char *path, const onnxc_options *opt, onnxc_model **out,
		     char *errbuf, size_t errlen);
void onnxc_model_free(onnxc_model *m);

/* Graph inputs (initializers excluded) and outputs: name, dtype and dims as
 * declared (-1 for a dim that is symbolic or unknown).  The pointers live as
 * long as the model. */
int onnxc_model_num_inputs(const onnxc_model *m);
int onnxc_model_num_outputs(const onnxc_model *m);
int onnxc_model_input(const onnxc_model *m, int i, onnxc_tensor *info);
int onnxc_model_output(const onnxc_model *m, int i, onnxc_tensor *info);

/* onnxc_session_new: a session on model m (which must outlive it). */
int onnxc_session_new(onnxc_model *m, const onnxc_options *opt, onnxc_session **out);
void onnxc_session_free(onnxc_session *s);
const char *onnxc_session_errmsg(const onnxc_session *s);

/* onnxc_session_prepare: bind the input shapes (dims of `inputs`; data may
 * be NULL) and build the plan.  Inputs are matched by name, or by position
 * when name is NULL.  Plans are cached per input-shape signature. */
int onnxc_session_prepare(onnxc_session *s, int n_inputs, const onnxc_tensor *inputs);

/* onnxc_session_run: run on `inputs` (prepares first if their shapes have no
 * plan yet).  *outputs receives an array of n_outputs tensors owned by the
 * session, valid until the next prepare/run/free of it. */
int onnxc_session_run(onnxc_session *s, int n_inputs, const onnxc_tensor *inputs,
		      int *n_outputs, const onnxc_tensor **outputs);

/* onnxc_session_plan_stats: figures of the current plan. */
int onnxc_session_plan_stats(const onnxc_session *s, onnxc_plan_stats *st);

/* onnxc_session_flops: floating-point operations of one run of the current
 * plan, counted as 2 x the multiply-adds of its Conv, ConvTranspose, Gemm
 * and MatMul nodes (from their prepared shapes; nodes folded at prepare do
 * not count, elementwise ops are ignored). */
int onnxc_session_flops(const onnxc_session *s, uint64_t *flops);

/* Profiling: time spent in each node's kernel during onnxc_session_run. */
typedef struct onnxc_profile_entry {
	const char *node;          /* node name ("" when unnamed) */
	const char *op_type;
	uint64_t calls;            /* runs that executed the node */
	uint64_t ns;               /* total nanoseconds in its kernel */
	uint64_t flops;            /* per call, as onnxc_session_flops counts */
} onnxc_profile_entry;

/* onnxc_session_set_profile: on (nonzero) makes one zeroed counter per node
 * of the model's graph (or zeroes the existing ones) and times every node
 * of the following runs (two clock reads per node; runs still make no heap
 * allocation); off (0) stops timing and frees the counters.  Profiling off
 * costs one branch per node. */
int onnxc_session_set_profile(onnxc_session *s, int on);
/* onnxc_session_profile: the counters, one per graph node in graph order
 * (nodes folded at prepare keep calls 0).  The array is the session's,
 * valid until onnxc_session_set_profile or onnxc_session_free.
 * ONNXC_STATUS_INVALID when profiling is off. */
int onnxc_session_profile(const onnxc_session *s, const onnxc_profile_entry **entries, int *n);

/* Versions: onnxc's, protobuf-c's, and the OpenBLAS core in use. */
const char *onnxc_version(void);
const char *onnxc_protobuf_c_version(void);
const char *onnxc_blas_info(void);

/* The OpenBLAS core (kernel set) in use and the best one this CPU runs.
 * OpenBLAS picks its core when it is loaded, from OPENBLAS_CORETYPE or
 * its own CPU detection, which some builds get wrong (Debian's 0.3.21
 * takes Prescott's SSE kernels on some AVX-512 CPUs); a program can check
 * and re-execute itself with OPENBLAS_CORETYPE set, as the onnxc command
 * does.
 * onnxc_blas_core: openblas_get_corename() ("SkylakeX", "Haswell"...), or
 *   "unknown".
 * onnxc_blas_best_core: on x86-64, by CPUID and the register state the OS
 *   saves (XCR0): "SkylakeX" (AVX-512 F/DQ/BW/VL), "Haswell" (AVX2 + FMA),
 *   "Sandybridge" (AVX); NULL without AVX and on other architectures.
 * onnxc_blas_core_rank: rank of an x86-64 core name, case-insensitive:
 *   1 SSE cores (Prescott, Core2, Nehalem...), 2 AVX (Sandybridge...),
 *   3 AVX2 (Haswell, Zen), 4 AVX-512 (SkylakeX, Cooperlake,
 *   SapphireRapids); 0 for NULL and unknown names.
 * onnxc_blas_core_check: 1 when the core in use ranks below the best one
 *   (an unknown core never does), with a one-line warning in msg (if not
 *   NULL); else 0 and msg empty. */
const char *onnxc_blas_core(void);
const char *onnxc_blas_best_core(void);
int onnxc_blas_core_rank(const char *name);
int onnxc_blas_core_check(char *msg, size_t len);

#ifdef __cplusplus
}
#endif
#endif
