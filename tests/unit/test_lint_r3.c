/*
 * test_lint_r3.c - the dilation lint's rules on plain schedules: R3's
 * analytic offset sets against brute-force convolution of one-hot inputs
 * with all-ones weights (random 1-D schedules with strides and pads, one
 * 2-D case), R1/R2 values, the known schedules of the issue, R5 advice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "testutil.h"

/* ---- brute force ---- */

/* One-hot inputs are run 64 at a time: bit x of a pixel's word set says
 * "this pixel is non-zero when the input is one-hot at x".  With all-ones
 * weights and non-negative values, a conv output is non-zero exactly when
 * one of the pixels its taps read (inside the map; padding is zero) is, so
 * the bitwise OR over taps is the convolution's non-zero pattern. */
typedef struct bmap {
	int64_t len, words;
	uint64_t *bits;          /* len * words */
} bmap;

static bmap onehots(int64_t L)
{
	bmap m = { L, (L + 63) / 64, NULL };
	int64_t x;

	m.bits = calloc((size_t)(L * m.words), sizeof *m.bits);
	ck_assert_ptr_nonnull(m.bits);
	for (x = 0; x < L; x++)
		m.bits[x * m.words + x / 64] |= 1ull << (x % 64);
	return m;
}

/* conv1d: ONNX Conv semantics on one axis (output length
 * floor((L + pb + pe - ((k-1)r+1)) / s) + 1, pe = pb here). */
static bmap conv1d(const bmap *in, const pass_lint_layer *l)
{
	int64_t span = (l->k - 1) * l->r + 1, L = in->len + 2 * l->pad, o, j, w;
	bmap out = { L >= span ? (L - span) / l->s + 1 : 0, in->words, NULL };

	ck_assert_int_gt(out.len, 0);
	out.bits = calloc((size_t)(out.len * out.words), sizeof *out.bits);
	ck_assert_ptr_nonnull(out.bits);
	for (o = 0; o < out.len; o++)
		for (j = 0; j < l->k; j++) {
			int64_t i = o * l->s - l->pad + j * l->r;
			if (i < 0 || i >= in->len)
				continue;
			for (w = 0; w < in->words; w++)
				out.bits[o * out.words + w] |= in->bits[i * in->words + w];
		}
	return out;
}

/* brute: the offsets x - o*P of the one-hot positions x that reach the
 * middle output position o of the schedule; count in *n. */
static int64_t *brute(const pass_lint_layer *l, int n, int *cnt)
{
	int64_t B = 64, P = 1, o, x;
	int64_t *offs;
	bmap m;
	int i, c = 0;

	for (i = 0; i < n; i++) {
		B += ((l[i].k - 1) * l[i].r + l[i].pad) * P;
		P *= l[i].s;
	}
	m = onehots(4 * B);
	for (i = 0; i < n; i++) {
		bmap next = conv1d(&m, &l[i]);
		free(m.bits);
		m = next;
	}
	o = m.len / 2;
	offs = calloc((size_t)m.words * 64, sizeof *offs);
	ck_assert_ptr_nonnull(offs);
	for (x = 0; x < m.words * 64; x++)
		if (m.bits[o * m.words + x / 64] >> (x % 64) & 1) {
			/* the cone must stay away from the input's ends */
			ck_assert(x > 0 && x < 4 * B - 1);
			offs[c++] = x - o * P;
		}
	free(m.bits);
	*cnt = c;
	return offs;
}

/* same_set: the analytic set f (1-D) equals offs[0..n). */
static void same_set(const pass_lint_fp *f, const int64_t *offs, int n, const char *what)
{
	int64_t i, count = 0;

	for (i = 0; i < f->len[0]; i++)
		count += f->cell[i];
	ck_assert_msg(count == n, "%s: analytic %lld offsets, brute force %d", what,
		      (long long)count, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(pass_lint_fp_has(f, &offs[i]), "%s: offset %lld missing", what,
			      (long long)offs[i]);
}

static uint32_t rng_state = 12345;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

START_TEST(r3_random_schedules_match_brute_force)
{
	int t;

	for (t = 0; t < 400; t++) {
		pass_lint_layer l[5];
		int n = 1 + (int)rnd(5), i, cnt, strided = 0;
		char what[200];
		size_t len = 0;
		pass_lint_fp f;
		onnxc_err err = { 0 };
		int64_t *offs;

		for (i = 0; i < n; i++) {
			l[i].k = rnd(2) ? 3 : 5;
			l[i].r = 1 + rnd(9);
			/* at most two stride-2 (or one stride-3) layers */
			l[i].s = 1;
			if (strided < 2 && rnd(3) == 0) {
				l[i].s = rnd(4) ? 2 : 3;
				strided += (int)l[i].s - 1;
			}
			/* "same" padding, none, or anything in between */
			switch (rnd(3)) {
			case 0: l[i].pad = l[i].r * (l[i].k - 1) / 2; break;
			case 1: l[i].pad = 0; break;
			default: l[i].pad = rnd((uint32_t)(l[i].r * (l[i].k - 1) + 1)); break;
			}
			len += (size_t)snprintf(what + len, sizeof what - len, "%s(k%lld r%lld s%lld p%lld)",
						i ? " " : "", (long long)l[i].k, (long long)l[i].r,
						(long long)l[i].s, (long long)l[i].pad);
		}
		ck_assert_int_eq(pass_lint_offsets(l, n, &f, &err), 0);
		offs = brute(l, n, &cnt);
		same_set(&f, offs, cnt, what);
		free(offs);
		pass_lint_fp_free(&f);
	}
}
END_TEST

/* A real float convolution (not the bitwise shortcut): 2-D, all-ones 3x3
 * weights, zero padding; returns out (oh x ow). */
static float *conv2d(const float *in, int H, int W, const int64_t *r, const int64_t *s,
		     const int64_t *p, int *oh, int *ow)
{
	int y, x, i, j;
	float *out;

	*oh = (int)((H + 2 * p[0] - 2 * r[0] - 1) / s[0] + 1);
	*ow = (int)((W + 2 * p[1] - 2 * r[1] - 1) / s[1] + 1);
	out = calloc((size_t)(*oh * *ow), sizeof *out);
	ck_assert_ptr_nonnull(out);
	for (y = 0; y < *oh; y++)
		for (x = 0; x < *ow; x++)
			for (i = 0; i < 3; i++)
				for (j = 0; j < 3; j++) {
					int64_t iy = y * s[0] - p[0] + i * r[0];
					int64_t ix = x * s[1] - p[1] + j * r[1];
					if (iy >= 0 && iy < H && ix >= 0 && ix < W)
						out[y * *ow + x] += in[iy * W + ix];
				}
	return out;
}

START_TEST(r3_2d_matches_brute_force)
{
	/* 3x3 convs: (rate 1x2, stride 2x1, pad 1x2), (rate 3x1, pad 3x1),
	 * (rate 2x3, pad 2x3) on a 41x41 one-hot image; output (oy, ox) */
	static const int64_t r[3][2] = { { 1, 2 }, { 3, 1 }, { 2, 3 } };
	static const int64_t s[3][2] = { { 2, 1 }, { 1, 1 }, { 1, 1 } };
	static const int64_t p[3][2] = { { 1, 2 }, { 3, 1 }, { 2, 3 } };
	enum { H = 41, W = 41 };
	pass_lint_fp f;
	onnxc_err err = { 0 };
	int64_t P[2] = { 1, 1 }, hits = 0, cells = 0, c;
	int y0, x0, l, a, j, oy = -1, ox = -1;

	ck_assert_int_eq(pass_lint_fp_point(&f, 2, &err), 0);
	for (l = 0; l < 3; l++) {
		int64_t taps[2][3];
		const int64_t *tp[2] = { taps[0], taps[1] };
		int nt[2] = { 3, 3 };
		for (a = 0; a < 2; a++) {
			for (j = 0; j < 3; j++)
				taps[a][j] = (j * r[l][a] - p[l][a]) * P[a];
			P[a] *= s[l][a];
		}
		ck_assert_int_eq(pass_lint_fp_taps(&f, tp, nt, &err), 0);
	}
	for (y0 = 0; y0 < H; y0++)
		for (x0 = 0; x0 < W; x0++) {
			float *img = calloc(H * W, sizeof *img), *cur = img;
			int h = H, w = W, oh, ow;
			img[y0 * W + x0] = 1;
			for (l = 0; l < 3; l++) {
				float *nx = conv2d(cur, h, w, r[l], s[l], p[l], &oh, &ow);
				free(cur);
				cur = nx;
				h = oh;
				w = ow;
			}
			if (oy < 0) {
				oy = h / 2;
				ox = w / 2;
			}
			if (cur[oy * w + ox] != 0) {
				int64_t off[2] = { y0 - oy * P[0], x0 - ox * P[1] };
				ck_assert_msg(pass_lint_fp_has(&f, off), "(%lld,%lld) reached but not predicted",
					      (long long)off[0], (long long)off[1]);
				hits++;
			}
			free(cur);
		}
	for (c = 0; c < f.len[0] * f.len[1]; c++)
		cells += f.cell[c];
	ck_assert_int_eq(hits, cells);
	/* and it is not a trivial set: holes on both axes */
	ck_assert_int_lt(cells, f.len[0] * f.len[1]);
	pass_lint_fp_free(&f);
}
END_TEST

/* the issue's schedules: 3x3 convs, pad = rate, stride 1 */
static void schedule(const int *rates, int n, pass_lint_axis *ax)
{
	pass_lint_layer l[8];
	pass_lint_fp f;
	onnxc_err err = { 0 };
	int i;

	for (i = 0; i < n; i++)
		l[i] = (pass_lint_layer){ 3, rates[i], 1, rates[i] };
	ck_assert_int_eq(pass_lint_offsets(l, n, &f, &err), 0);
	ck_assert_int_eq(pass_lint_fp_axis(&f, 0, ax, &err), 0);
	pass_lint_fp_free(&f);
}

START_TEST(r3_issue_schedules)
{
	static const int r246[] = { 2, 4, 6 }, r222[] = { 2, 2, 2 }, r125[] = { 1, 2, 5 },
			 r193[] = { 1, 9, 3 }, r129[] = { 1, 2, 9 },
			 r125x2[] = { 1, 2, 5, 1, 2, 5 };
	pass_lint_axis ax;

	schedule(r246, 3, &ax);      /* even offsets of [-12, 12] */
	ck_assert_int_eq(ax.lo, -12);
	ck_assert_int_eq(ax.hi, 12);
	ck_assert_int_eq(ax.covered, 13);
	ck_assert_int_eq(ax.n_holes, 12);
	ck_assert_int_eq(ax.period, 2);
	ck_assert_int_eq(ax.holes[0], -11);
	schedule(r222, 3, &ax);      /* even offsets of [-6, 6] */
	ck_assert_int_eq(ax.covered, 7);
	ck_assert_int_eq(ax.n_holes, 6);
	ck_assert_int_eq(ax.period, 2);
	schedule(r125, 3, &ax);
	ck_assert_int_eq(ax.lo, -8);
	ck_assert_int_eq(ax.covered, 17);
	ck_assert_int_eq(ax.n_holes, 0);
	ck_assert_int_eq(ax.period, 0);
	schedule(r125x2, 6, &ax);
	ck_assert_int_eq(ax.covered, 33);
	ck_assert_int_eq(ax.n_holes, 0);
	schedule(r193, 3, &ax);
	ck_assert_int_eq(ax.covered, 27);
	ck_assert_int_eq(ax.n_holes, 0);
	schedule(r129, 3, &ax);      /* [-12,-6] U [-3,3] U [6,12] */
	ck_assert_int_eq(ax.covered, 21);
	ck_assert_int_eq(ax.n_holes, 4);
	ck_assert_int_eq(ax.holes[0], -5);
	ck_assert_int_eq(ax.holes[1], -4);
	ck_assert_int_eq(ax.holes[2], 4);
	ck_assert_int_eq(ax.holes[3], 5);
	ck_assert_int_eq(ax.period, 9);
}
END_TEST

START_TEST(r1_r2_values)
{
	static const int64_t a[] = { 1, 9, 3 }, b[] = { 1, 2, 5 }, c[] = { 2, 4, 6 },
			     d[] = { 1, 2, 9 }, e[] = { 2, 2, 2 };
	pass_lint_layer l[3] = { { 3, 2, 1, 0 }, { 3, 4, 1, 0 }, { 3, 6, 1, 0 } };

	/* M_3 = 3; M_2 = max(3 - 18, 3 - 2 (3 - 9), 9) = 15 */
	ck_assert_int_eq(pass_lint_hdc_m2(a, 3), 15);
	/* M_3 = 5; M_2 = max(5 - 4, 5 - 2 (5 - 2), 2) = 2 */
	ck_assert_int_eq(pass_lint_hdc_m2(b, 3), 2);
	/* M_3 = 6; M_2 = max(6 - 8, 6 - 2 (6 - 4), 4) = 4 */
	ck_assert_int_eq(pass_lint_hdc_m2(c, 3), 4);
	ck_assert_int_eq(pass_lint_hdc_m2(d, 3), 5);
	ck_assert_int_eq(pass_lint_hdc_m2(e, 3), 2);   /* R2 passes; R1 catches [2,2,2] */
	ck_assert_int_eq(pass_lint_hdc_m2(d, 2), 2);   /* n = 2: M_2 = r_2 */
	ck_assert_int_eq(pass_lint_hdc_m2(d, 1), -1);
	{
		/* groups: [1,2,5][1,2,5] pass; [1,9][3] fails in the first */
		static const int64_t saw[] = { 1, 2, 5, 1, 2, 5 }, k3[] = { 3, 3, 3, 3, 3, 3 };
		int st = -1, ln = -1;
		int64_t m = -1;
		ck_assert_int_eq(pass_lint_hdc_m2(saw, 6), 5);  /* the whole: fails */
		ck_assert_int_eq(pass_lint_hdc_fail(saw, k3, 6, &st, &ln, &m), 0);
		ck_assert_int_eq(pass_lint_hdc_fail(a, k3, 3, &st, &ln, &m), 1);
		ck_assert_int_eq(st, 0);
		ck_assert_int_eq(ln, 2);
		ck_assert_int_eq(m, 9);
		ck_assert_int_eq(pass_lint_hdc_fail(c, k3, 3, &st, &ln, &m), 1);
		ck_assert_int_eq(m, 4);
		ck_assert_int_eq(pass_lint_hdc_fail(e, k3, 3, &st, &ln, &m), 0);
	}
	ck_assert_int_eq(pass_lint_gcd_rates(l, 3), 2);
	l[1].k = 1;                  /* a 1x1 layer's rate does not count */
	l[1].r = 3;
	ck_assert_int_eq(pass_lint_gcd_rates(l, 3), 2);
	l[1].k = 3;
	ck_assert_int_eq(pass_lint_gcd_rates(l, 3), 1);
}
END_TEST

/* check an R5 answer: no holes, gcd 1, M_2 <= 3, extent at least the old */
static void check_advice(const int *rates, int n, const int64_t *want)
{
	pass_lint_layer l[8], m[8];
	int64_t got[8], ext0 = 0, ext1 = 0;
	pass_lint_fp f;
	pass_lint_axis ax;
	onnxc_err err = { 0 };
	int i;

	for (i = 0; i < n; i++) {
		l[i] = (pass_lint_layer){ 3, rates[i], 1, rates[i] };
		ext0 += 2 * rates[i];
	}
	ck_assert_int_eq(pass_lint_advise(l, n, got, &err), 1);
	for (i = 0; i < n; i++) {
		m[i] = (pass_lint_layer){ 3, got[i], 1, got[i] };
		ext1 += 2 * got[i];
		ck_assert_int_eq(got[i], want[i]);
	}
	ck_assert_int_ge(ext1, ext0);
	ck_assert_int_eq(pass_lint_gcd_rates(m, n), 1);
	ck_assert_int_le(pass_lint_hdc_m2(got, n), 3);   /* one group here */
	ck_assert_int_eq(pass_lint_offsets(m, n, &f, &err), 0);
	ck_assert_int_eq(pass_lint_fp_axis(&f, 0, &ax, &err), 0);
	ck_assert_int_eq(ax.n_holes, 0);
	pass_lint_fp_free(&f);
}

START_TEST(r5_advice)
{
	static const int r246[] = { 2, 4, 6 }, r222[] = { 2, 2, 2 }, r129[] = { 1, 2, 9 },
			 big[] = { 12, 24, 36 };
	/* [1,3,8]: [-1,1] + {-3,0,3} = [-4,4]; + {-8,0,8} = [-12,12]; cost 4,
	 * nothing at L1 distance <= 3 qualifies; [1,2,9] -> [1,3,9] at cost 1 */
	static const int64_t w246[] = { 1, 3, 8 }, w222[] = { 1, 2, 3 }, w129[] = { 1, 3, 9 };
	pass_lint_layer l[3];
	int64_t got[3];
	onnxc_err err = { 0 };
	int i;

	check_advice(r246, 3, w246);
	check_advice(r222, 3, w222);
	check_advice(r129, 3, w129);
	/* three 3x3 layers cover at most 27 offsets without holes: no answer */
	for (i = 0; i < 3; i++)
		l[i] = (pass_lint_layer){ 3, big[i], 1, big[i] };
	ck_assert_int_eq(pass_lint_advise(l, 3, got, &err), 0);
}
END_TEST

START_TEST(fp_union_and_limits)
{
	pass_lint_fp a, b;
	onnxc_err err = { 0 };
	int64_t t0[] = { -2, 0, 2 }, t1[] = { 0 }, big[] = { 0, 1 << 22 }, off[2], box;
	const int64_t *tp[2] = { t0, t1 };
	int nt[2] = { 3, 1 };

	ck_assert_int_eq(pass_lint_fp_point(&a, 2, &err), 0);
	ck_assert_int_eq(pass_lint_fp_point(&b, 2, &err), 0);
	ck_assert_int_eq(pass_lint_fp_taps(&a, tp, nt, &err), 0);   /* {-2,0,2} x {0} */
	tp[0] = t1;
	tp[1] = t0;
	nt[0] = 1;
	nt[1] = 3;
	ck_assert_int_eq(pass_lint_fp_taps(&b, tp, nt, &err), 0);   /* {0} x {-2,0,2} */
	ck_assert_int_eq(pass_lint_fp_union(&a, &b, &err), 0);      /* a plus sign */
	ck_assert_int_eq(pass_lint_fp_count(&a, &box), 5);
	ck_assert_int_eq(box, 25);
	off[0] = 2;
	off[1] = 2;
	ck_assert_int_eq(pass_lint_fp_has(&a, off), 0);
	off[1] = 0;
	ck_assert_int_eq(pass_lint_fp_has(&a, off), 1);
	/* beyond the cell limit: ONNXC_ELIMIT, footprint unchanged */
	tp[0] = big;
	nt[0] = 2;
	tp[1] = big;
	nt[1] = 2;
	ck_assert_int_eq(pass_lint_fp_taps(&b, tp, nt, &err), -1);
	ck_assert_int_eq(err.code, ONNXC_ELIMIT);
	pass_lint_fp_free(&a);
	pass_lint_fp_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lint_r3");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, r3_random_schedules_match_brute_force);
	tcase_add_test(tc, r3_2d_matches_brute_force);
	tcase_add_test(tc, r3_issue_schedules);
	tcase_add_test(tc, r1_r2_values);
	tcase_add_test(tc, r5_advice);
	tcase_add_test(tc, fp_union_and_limits);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
