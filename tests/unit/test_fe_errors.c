/*
 * test_fe_errors.c - the loader on bad input: broken graphs, bad tensors,
 * unsupported constructs, truncated / non-ONNX bytes, hostile nesting,
 * limits, and allocation failure at every point (no leak, clean -1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "testutil.h"

static char path_buf[4096];

static const char *fx(const char *rel)
{
	snprintf(path_buf, sizeof path_buf, "%s/tests/fe/%s", ONNXC_BINARY_DIR, rel);
	return path_buf;
}

static void load_fail(const char *rel, int code, const char *part)
{
	onnxc_err err = { 0 };
	ir_model *m = (ir_model *)1;
	const char *p = fx(rel);

	ck_assert_int_eq(fe_load_file(p, NULL, &m, &err), -1);
	ck_assert_ptr_null(m);
	ck_assert_msg(err.code == code, "%s: code %d, want %d (%s)", rel, err.code, code, err.msg);
	ck_assert_msg(!strncmp(err.msg, p, strlen(p)) && err.msg[strlen(p)] == ':',
		      "%s: message lacks the file prefix: %s", rel, err.msg);
	ck_assert_msg(strstr(err.msg, part), "%s: '%s' not in: %s", rel, part, err.msg);
}

/* slurp: a whole fixture file into a new buffer. */
static unsigned char *slurp(const char *rel, size_t *len)
{
	FILE *f = fopen(fx(rel), "rb");
	unsigned char *b;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

START_TEST(broken_graphs)
{
	load_fail("cycle.onnx", ONNXC_EINVAL, "node 'n1' (Neg) is on a cycle");
	load_fail("undefined.onnx", ONNXC_EINVAL, ": node 'reader' (Add): value 'ghost': undefined");
	load_fail("dup.onnx", ONNXC_EINVAL, ": node 'second' (Relu): value 'y': assigned more "
		  "than once (also by node 'first')");
	load_fail("func_rec.onnx", ONNXC_EINVAL, "function 'Rec' calls itself");
	load_fail("ref_outside.onnx", ONNXC_EINVAL, "node 'r' (Relu): attribute 'alpha' refers "
		  "to 'alpha' outside a function");
}
END_TEST

START_TEST(bad_tensors)
{
	load_fail("raw_short.onnx", ONNXC_EINVAL, ": value 'w': raw_data has 20 bytes, shape "
		  "[2,3] of float needs 24");
	load_fail("raw_long.onnx", ONNXC_EINVAL, ": value 'w': raw_data has 28 bytes");
	load_fail("neg_dims.onnx", ONNXC_EINVAL, ": value 'w': tensor dim 0 is negative (-1)");
	load_fail("overflow_dims.onnx", ONNXC_EINVAL, ": value 'w': tensor dims "
		  "[4611686018427387904,4,4] overflow 64 bits");
	load_fail("huge_dims.onnx", ONNXC_ELIMIT, "larger than the limit");
}
END_TEST

START_TEST(sparse_refused)
{
	load_fail("sparse.onnx", ONNXC_EUNSUPPORTED, "value 's': sparse initializers are not "
		  "supported");
	load_fail("sparse_attr.onnx", ONNXC_EUNSUPPORTED, "node 'const' (Constant): attribute "
		  "'sparse_value': sparse tensors are not supported");
}
END_TEST

START_TEST(truncated_and_not_onnx)
{
	size_t len, cut;
	unsigned char *b = slurp("kitchen.onnx", &len);
	const char *text = "this is not an ONNX model, just some text\n";
	onnxc_err err = { 0 };
	ir_model *m = NULL;
	int ok = 0;
	FILE *f;

	/* cutting off the last byte always breaks the last field */
	ck_assert_int_eq(fe_load_buffer(b, len - 1, NULL, "cut", NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "cut: not a valid ONNX protobuf"));
	ck_assert_ptr_null(m);
	/* and the file on disk */
	f = fopen(fx("truncated.onnx"), "wb");
	fwrite(b, 1, len / 2, f);
	fclose(f);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_file(fx("truncated.onnx"), NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	/* every other cut: a clean error (or, at a field boundary, a valid prefix) */
	for (cut = 0; cut < len; cut++) {
		onnxc_errclear(&err);
		if (!fe_load_buffer(b, cut, NULL, "cut", NULL, &m, &err)) {
			ir_model_free(m);
			ok++;
			continue;
		}
		ck_assert_ptr_null(m);
		ck_assert_msg(err.code == ONNXC_EINVAL || err.code == ONNXC_EUNSUPPORTED,
			      "cut %zu: %s", cut, err.msg);
	}
	ck_assert_int_lt(ok, 8);
	free(b);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_buffer(text, strlen(text), NULL, "text", NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "text: "));
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_buffer("", 0, NULL, "empty", NULL, &m, &err), -1);
	ck_assert_str_eq(err.msg, "empty: not an ONNX model (no graph)");
	f = fopen(fx("empty.onnx"), "wb");
	fclose(f);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_file(fx("empty.onnx"), NULL, &m, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "empty.onnx: not an ONNX model (no graph)"));
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_file(fx("no-such-file.onnx"), NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EIO);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_file(fx("ext"), NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
}
END_TEST

/* ---- protobuf bytes by hand, for nesting no library would write ---- */
typedef struct pb {
	unsigned char *b;
	size_t n, cap;
} pb;

static void pb_raw(pb *p, const void *d, size_t n)
{
	if (p->n + n > p->cap) {
		p->cap = (p->n + n) * 2 + 64;
		p->b = realloc(p->b, p->cap);
	}
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static void pb_varint(pb *p, uint64_t v)
{
	unsigned char c;

	do {
		c = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			c |= 0x80;
		pb_raw(p, &c, 1);
	} while (v);
}

static void pb_bytes(pb *p, int field, const void *d, size_t n)
{
	pb_varint(p, (uint64_t)field << 3 | 2);
	pb_varint(p, n);
	pb_raw(p, d, n);
}

static void pb_str(pb *p, int field, const char *s)
{
	pb_bytes(p, field, s, strlen(s));
}

static void pb_int(pb *p, int field, uint64_t v)
{
	pb_varint(p, (uint64_t)field << 3);
	pb_varint(p, v);
}

/* nested_ifs: a ModelProto whose graph holds `depth` If nodes, each the
 * then_branch of the one above; all read the top-level input "c". */
static pb nested_ifs(int depth)
{
	pb g = { 0 }, vi = { 0 }, m = { 0 }, op = { 0 };
	char name[32];
	int k;

	/* innermost graph: out0 = Identity(c) */
	{
		pb n = { 0 };
		pb_str(&n, 1, "c");
		pb_str(&n, 2, "out0");
		pb_str(&n, 4, "Identity");
		pb_bytes(&g, 1, n.b, n.n);
		pb_str(&g, 2, "g0");
		pb_str(&vi, 1, "out0");
		pb_bytes(&g, 12, vi.b, vi.n);
		free(n.b);
		free(vi.b);
	}
	for (k = 1; k <= depth; k++) {
		pb n = { 0 }, a = { 0 }, ng = { 0 }, o = { 0 };
		pb_str(&a, 1, "then_branch");
		pb_bytes(&a, 6, g.b, g.n);
		pb_int(&a, 20, 5);                    /* GRAPH */
		snprintf(name, sizeof name, "out%d", k);
		pb_str(&n, 1, "c");
		pb_str(&n, 2, name);
		pb_str(&n, 4, "If");
		pb_bytes(&n, 5, a.b, a.n);
		pb_bytes(&ng, 1, n.b, n.n);
		snprintf(name, sizeof name, "g%d", k);
		pb_str(&ng, 2, name);
		snprintf(name, sizeof name, "out%d", k);
		pb_str(&o, 1, name);
		pb_bytes(&ng, 12, o.b, o.n);
		free(n.b);
		free(a.b);
		free(o.b);
		free(g.b);
		g = ng;
	}
	vi = (pb){ 0 };
	pb_str(&vi, 1, "c");
	pb_bytes(&g, 11, vi.b, vi.n);
	pb_int(&m, 1, 8);
	pb_bytes(&m, 7, g.b, g.n);
	pb_int(&op, 2, 13);
	pb_bytes(&m, 8, op.b, op.n);
	free(vi.b);
	free(g.b);
	free(op.b);
	return m;
}

START_TEST(deep_nesting)
{
	onnxc_err err = { 0 };
	ir_model *m = NULL;
	ir_graph *g;
	pb b = nested_ifs(20), s = { 0 }, t = { 0 }, vi = { 0 }, gr = { 0 }, mm = { 0 };
	int k;

	/* 20 levels: innermost graph at protobuf depth 62 <= 64 */
	ck_assert_int_eq(fe_load_buffer(b.b, b.n, NULL, "deep20", NULL, &m, &err), 0);
	for (g = m->graph, k = 0; g->n_nodes && !strcmp(g->nodes[0]->op_type, "If"); k++)
		g = ir_attr_get(g->nodes[0], "then_branch")->g;
	ck_assert_int_eq(k, 20);
	ck_assert_ptr_eq(g->nodes[0]->in[0], ir_graph_find_local(m->graph, "c"));
	ir_model_free(m);
	free(b.b);

	b = nested_ifs(21);
	ck_assert_int_eq(fe_load_buffer(b.b, b.n, NULL, "deep21", NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);
	free(b.b);

	b = nested_ifs(1000);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_buffer(b.b, b.n, NULL, "deep", NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "deep: protobuf messages nested deeper than 64"));
	ck_assert_ptr_null(m);
	free(b.b);

	/* a graph input of type sequence(sequence(...)) 5000 deep */
	pb_int(&t, 1, 1);                             /* Tensor.elem_type = FLOAT */
	pb_bytes(&s, 1, t.b, t.n);                    /* TypeProto.tensor_type */
	for (k = 0; k < 5000; k++) {
		pb seq = { 0 }, tp = { 0 };
		pb_bytes(&seq, 1, s.b, s.n);          /* Sequence.elem_type */
		pb_bytes(&tp, 4, seq.b, seq.n);       /* TypeProto.sequence_type */
		free(seq.b);
		free(s.b);
		s = tp;
	}
	pb_str(&vi, 1, "x");
	pb_bytes(&vi, 2, s.b, s.n);
	pb_bytes(&gr, 11, vi.b, vi.n);
	pb_bytes(&mm, 7, gr.b, gr.n);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_buffer(mm.b, mm.n, NULL, "types", NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);
	free(t.b);
	free(s.b);
	free(vi.b);
	free(gr.b);
	free(mm.b);
}
END_TEST

START_TEST(malformed_wire)
{
	static const unsigned char overlong[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						  0xff, 0xff, 0xff, 0x01 };
	static const unsigned char badlen[] = { 0x3a, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00 };
	static const unsigned char group[] = { 0x0b, 0x0c };
	static const unsigned char zero_field[] = { 0x00, 0x01 };
	onnxc_err err = { 0 };
	ir_model *m = NULL;

	ck_assert_int_eq(fe_load_buffer(overlong, sizeof overlong, NULL, "v", NULL, &m, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "malformed field at byte 0"));
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_buffer(badlen, sizeof badlen, NULL, "l", NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_buffer(group, sizeof group, NULL, "g", NULL, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_buffer(zero_field, sizeof zero_field, NULL, "z", NULL, &m, &err),
			 -1);
	ck_assert_int_eq(err.code, ONNXC_EINVAL);
}
END_TEST

START_TEST(limits)
{
	onnxc_err err = { 0 };
	ir_model *m = NULL;
	fe_limits l;

	fe_limits_default(&l);
	l.max_nodes = 6;                              /* func.onnx inlines to 7 nodes */
	ck_assert_int_eq(fe_load_file(fx("func.onnx"), &l, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "more than 6 nodes"));
	l.max_nodes = 7;
	ck_assert_int_eq(fe_load_file(fx("func.onnx"), &l, &m, &err), 0);
	ir_model_free(m);

	fe_limits_default(&l);
	l.max_tensor_bytes = 15;                      /* dtypes.onnx: float 12 B, double 16 B */
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_file(fx("dtypes.onnx"), &l, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "value 'double_typed': tensor [2] of double is larger than the limit of 15 bytes"));

	fe_limits_default(&l);
	l.max_file_bytes = 100;
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_file(fx("kitchen.onnx"), &l, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);

	fe_limits_default(&l);
	l.max_depth = 4;                              /* kitchen: If -> subgraph (depth 5+) */
	onnxc_errclear(&err);
	ck_assert_int_eq(fe_load_file(fx("kitchen.onnx"), &l, &m, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);
}
END_TEST

/* mutated: 4000 random corruptions (bytes, bits, truncation) of a valid
 * model must each load or fail with a message; what loads must write (or be
 * refused with a message) and load again.  ASan/UBSan watch. */
START_TEST(mutated_models)
{
	size_t len;
	unsigned char *orig = slurp("kitchen.onnx", &len), *b = malloc(len);
	uint64_t r = 0x9E3779B97F4A7C15ull;
	int it, loaded = 0;

	for (it = 0; it < 4000; it++) {
		onnxc_err err = { 0 };
		ir_model *m = NULL, *m2 = NULL;
		size_t n = len;
		void *out;
		size_t olen;
		int k;

		memcpy(b, orig, len);
		for (k = 0; k < 1 + it % 3; k++) {
			size_t p;
			r = r * 6364136223846793005ull + 1442695040888963407ull;
			p = (size_t)(r >> 33) % n;
			switch ((r >> 20) & 3) {
			case 0: b[p] = (unsigned char)(r >> 8); break;
			case 1: b[p] ^= (unsigned char)(1u << ((r >> 12) & 7)); break;
			case 2: n = p + 1; break;
			default: b[p] = (r >> 40) & 1 ? 0xff : 0; break;
			}
		}
		if (fe_load_buffer(b, n, fx(""), "mut", NULL, &m, &err)) {
			ck_assert_msg(err.code != ONNXC_OK && !strncmp(err.msg, "mut: ", 5),
				      "iteration %d: %s", it, err.msg);
			continue;
		}
		loaded++;
		if (fe_write_buffer(m, &out, &olen, &err)) {
			ck_assert_msg(err.code == ONNXC_EUNSUPPORTED, "iteration %d: %s", it, err.msg);
		} else {
			ck_assert_msg(!fe_load_buffer(out, olen, fx(""), "again", NULL, &m2, &err),
				      "iteration %d: %s", it, err.msg);
			ir_model_free(m2);
			onnxc_free(out);
		}
		ir_model_free(m);
	}
	ck_assert_int_gt(loaded, 100);
	free(b);
	free(orig);
}
END_TEST

/* sweep: fail the n-th allocation for n = 0, 1, ... until loading succeeds;
 * every failure must be a clean -1 with ENOMEM (LSan checks for leaks). */
static void sweep(const char *rel)
{
	long n;

	for (n = 0;; n++) {
		onnxc_err err = { 0 };
		ir_model *m = (ir_model *)1;
		int rc;

		onnxc_alloc_fail_after(n);
		rc = fe_load_file(fx(rel), NULL, &m, &err);
		onnxc_alloc_fail_after(-1);
		if (!rc) {
			ir_model_free(m);
			break;
		}
		ck_assert_ptr_null(m);
		ck_assert_msg(err.code == ONNXC_ENOMEM, "%s n=%ld: %s", rel, n, err.msg);
		ck_assert_int_lt(n, 1000000);
	}
	ck_assert_int_gt(n, 50);
	fprintf(stderr, "%s: %ld allocation points swept\n", rel, n);
}

START_TEST(alloc_failure_sweep)
{
	sweep("kitchen.onnx");
	sweep("func.onnx");
	sweep("ext/model.onnx");
	sweep("dtypes.onnx");
	sweep("func_if.onnx");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fe_errors");
	TCase *tc = tcase_create("errors");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, broken_graphs);
	tcase_add_test(tc, bad_tensors);
	tcase_add_test(tc, sparse_refused);
	tcase_add_test(tc, truncated_and_not_onnx);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, malformed_wire);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, mutated_models);
	tcase_add_test(tc, alloc_failure_sweep);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
