/*
 * lint_fp.c - footprints (N-D offset sets) and the rules of the dilation
 * lint on plain schedules: R1 (gcd), R2 (HDC's M_2), R3 (Minkowski sums of
 * taps), R5 (the nearest hole-free schedule).
 */
#include <stdlib.h>
#include <string.h>

#include "lint.h"

/* cells: product of len[0..nd), or -1 above PASS_LINT_MAX_CELLS. */
static int64_t cells(const int64_t *len, int nd)
{
	int64_t n = 1;
	int a;

	for (a = 0; a < nd; a++) {
		if (len[a] <= 0 || len[a] > PASS_LINT_MAX_CELLS)
			return -1;
		n *= len[a];
		if (n > PASS_LINT_MAX_CELLS)
			return -1;
	}
	return n;
}

static int too_large(onnxc_err *err)
{
	return onnxc_seterr(err, ONNXC_ELIMIT, "footprint larger than %ld offsets",
			    (long)PASS_LINT_MAX_CELLS);
}

int pass_lint_fp_point(pass_lint_fp *f, int nd, onnxc_err *err)
{
	int a;

	memset(f, 0, sizeof *f);
	if (nd < 1 || nd > PASS_LINT_MAXSP)
		return onnxc_seterr(err, ONNXC_EINVAL, "footprint of %d axes", nd);
	f->nd = nd;
	for (a = 0; a < nd; a++)
		f->len[a] = 1;
	f->cell = onnxc_calloc(1, 1);
	if (!f->cell)
		return onnxc_oom(err);
	f->cell[0] = 1;
	return 0;
}

void pass_lint_fp_free(pass_lint_fp *f)
{
	if (!f)
		return;
	onnxc_free(f->cell);
	f->cell = NULL;
}

int pass_lint_fp_copy(pass_lint_fp *dst, const pass_lint_fp *src, onnxc_err *err)
{
	int64_t n = cells(src->len, src->nd);

	*dst = *src;
	dst->cell = NULL;
	if (n < 0)
		return too_large(err);
	dst->cell = onnxc_malloc((size_t)n);
	if (!dst->cell)
		return onnxc_oom(err);
	memcpy(dst->cell, src->cell, (size_t)n);
	return 0;
}

/* sum_axis: f = f (+) (t on axis a, 0 elsewhere). */
static int sum_axis(pass_lint_fp *f, int a, const int64_t *t, int nt, onnxc_err *err)
{
	int64_t tmin = t[0], tmax = t[0], len[PASS_LINT_MAXSP], outer = 1, inner = 1, n, o, i, x;
	unsigned char *out;
	int b, k;

	for (k = 1; k < nt; k++) {
		tmin = t[k] < tmin ? t[k] : tmin;
		tmax = t[k] > tmax ? t[k] : tmax;
	}
	if (tmax - tmin > PASS_LINT_MAX_CELLS || tmin < -PASS_LINT_MAX_CELLS ||
	    tmax > PASS_LINT_MAX_CELLS)
		return too_large(err);
	memcpy(len, f->len, sizeof len);
	len[a] += tmax - tmin;
	n = cells(len, f->nd);
	if (n < 0)
		return too_large(err);
	out = onnxc_calloc((size_t)n, 1);
	if (!out)
		return onnxc_oom(err);
	for (b = 0; b < a; b++)
		outer *= f->len[b];
	for (b = a + 1; b < f->nd; b++)
		inner *= f->len[b];
	for (o = 0; o < outer; o++)
		for (i = 0; i < f->len[a]; i++) {
			const unsigned char *src = f->cell + (o * f->len[a] + i) * inner;
			for (k = 0; k < nt; k++) {
				unsigned char *dst = out + (o * len[a] + i + t[k] - tmin) * inner;
				for (x = 0; x < inner; x++)
					dst[x] |= src[x];
			}
		}
	onnxc_free(f->cell);
	f->cell = out;
	f->len[a] = len[a];
	f->lo[a] += tmin;
	return 0;
}

int pass_lint_fp_taps(pass_lint_fp *f, const int64_t *const *taps, const int *n_taps,
		      onnxc_err *err)
{
	int a;

	for (a = 0; a < f->nd; a++) {
		if (n_taps[a] < 1)
			return onnxc_seterr(err, ONNXC_EINVAL, "empty tap list");
		if (n_taps[a] == 1 && taps[a][0] == 0)
			continue;
		if (sum_axis(f, a, taps[a], n_taps[a], err))
			return -1;
	}
	return 0;
}

/* copy_into: OR src's cells into the box (lo, len) holding dst. */
static void copy_into(unsigned char *dst, const int64_t *lo, const int64_t *len,
		      const pass_lint_fp *src)
{
	int64_t idx[PASS_LINT_MAXSP] = { 0 }, n = cells(src->len, src->nd), c;
	int a;

	for (c = 0; c < n; c++) {
		int64_t d = 0;
		if (src->cell[c]) {
			for (a = 0; a < src->nd; a++)
				d = d * len[a] + (idx[a] + src->lo[a] - lo[a]);
			dst[d] = 1;
		}
		for (a = src->nd - 1; a >= 0; a--) {
			if (++idx[a] < src->len[a])
				break;
			idx[a] = 0;
		}
	}
}

int pass_lint_fp_union(pass_lint_fp *dst, const pass_lint_fp *src, onnxc_err *err)
{
	int64_t lo[PASS_LINT_MAXSP], len[PASS_LINT_MAXSP], n;
	unsigned char *out;
	int a;

	if (dst->nd != src->nd)
		return onnxc_seterr(err, ONNXC_EINTERNAL, "footprints of %d and %d axes", dst->nd,
				    src->nd);
	for (a = 0; a < dst->nd; a++) {
		int64_t hi1 = dst->lo[a] + dst->len[a], hi2 = src->lo[a] + src->len[a];
		lo[a] = dst->lo[a] < src->lo[a] ? dst->lo[a] : src->lo[a];
		len[a] = (hi1 > hi2 ? hi1 : hi2) - lo[a];
	}
	n = cells(len, dst->nd);
	if (n < 0)
		return too_large(err);
	out = onnxc_calloc((size_t)n, 1);
	if (!out)
		return onnxc_oom(err);
	copy_into(out, lo, len, dst);
	copy_into(out, lo, len, src);
	onnxc_free(dst->cell);
	dst->cell = out;
	memcpy(dst->lo, lo, sizeof lo);
	memcpy(dst->len, len, sizeof len);
	return 0;
}

int pass_lint_fp_has(const pass_lint_fp *f, const int64_t *off)
{
	int64_t d = 0;
	int a;

	for (a = 0; a < f->nd; a++) {
		int64_t i = off[a] - f->lo[a];
		if (i < 0 || i >= f->len[a])
			return 0;
		d = d * f->len[a] + i;
	}
	return f->cell[d];
}

/* project: proj[i] = 1 when some cell with index i on axis a is set. */
static void project(const pass_lint_fp *f, int a, unsigned char *proj)
{
	int64_t outer = 1, inner = 1, o, i, x;
	int b;

	memset(proj, 0, (size_t)f->len[a]);
	for (b = 0; b < a; b++)
		outer *= f->len[b];
	for (b = a + 1; b < f->nd; b++)
		inner *= f->len[b];
	for (o = 0; o < outer; o++)
		for (i = 0; i < f->len[a]; i++) {
			const unsigned char *c = f->cell + (o * f->len[a] + i) * inner;
			for (x = 0; x < inner && !proj[i]; x++)
				proj[i] = c[x];
		}
}

/* summarize: span, count, holes and period of a 1-D set p[0..n) whose
 * index 0 is offset lo. */
static void summarize(const unsigned char *p, int64_t n, int64_t lo, pass_lint_axis *out)
{
	int64_t first = -1, last = -1, i, per;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++)
		if (p[i]) {
			if (first < 0)
				first = i;
			last = i;
			out->covered++;
		}
	if (first < 0)
		return;
	out->lo = lo + first;
	out->hi = lo + last;
	for (i = first; i <= last; i++)
		if (!p[i]) {
			if (out->n_holes < 8)
				out->holes[out->n_holes] = lo + i;
			out->n_holes++;
		}
	if (!out->n_holes)
		return;
	out->period = -1;
	for (per = 1; per <= (last - first) / 2; per++) {
		for (i = first; i + per <= last; i++)
			if (p[i] != p[i + per])
				break;
		if (i + per > last) {
			out->period = per;
			break;
		}
	}
}

int pass_lint_fp_axis(const pass_lint_fp *f, int a, pass_lint_axis *out, onnxc_err *err)
{
	unsigned char *proj = onnxc_malloc((size_t)f->len[a]);

	memset(out, 0, sizeof *out);
	if (!proj)
		return onnxc_oom(err);
	project(f, a, proj);
	summarize(proj, f->len[a], f->lo[a], out);
	onnxc_free(proj);
	return 0;
}

int64_t pass_lint_fp_count(const pass_lint_fp *f, int64_t *box)
{
	int64_t n = cells(f->len, f->nd), c, got = 0, b = 1;
	int64_t mn[PASS_LINT_MAXSP], mx[PASS_LINT_MAXSP], idx[PASS_LINT_MAXSP] = { 0 };
	int a;

	for (a = 0; a < f->nd; a++) {
		mn[a] = f->len[a];
		mx[a] = -1;
	}
	for (c = 0; c < n; c++) {
		if (f->cell[c]) {
			got++;
			for (a = 0; a < f->nd; a++) {
				mn[a] = idx[a] < mn[a] ? idx[a] : mn[a];
				mx[a] = idx[a] > mx[a] ? idx[a] : mx[a];
			}
		}
		for (a = f->nd - 1; a >= 0; a--) {
			if (++idx[a] < f->len[a])
				break;
			idx[a] = 0;
		}
	}
	for (a = 0; a < f->nd && got; a++)
		b *= mx[a] - mn[a] + 1;
	if (box)
		*box = got ? b : 0;
	return got;
}

int pass_lint_offsets(const pass_lint_layer *l, int n, pass_lint_fp *f, onnxc_err *err)
{
	int64_t prod = 1, taps[64];
	int i, j;

	if (pass_lint_fp_point(f, 1, err))
		return -1;
	for (i = 0; i < n; i++) {
		const int64_t *tp = taps;
		int nt = (int)l[i].k;
		if (l[i].k < 1 || l[i].k > 64 || l[i].r < 1 || l[i].s < 1 ||
		    l[i].r > (1 << 20) || l[i].s > (1 << 20)) {
			pass_lint_fp_free(f);
			return onnxc_seterr(err, ONNXC_EINVAL,
					    "layer %d: k %lld, rate %lld, stride %lld out of range", i,
					    (long long)l[i].k, (long long)l[i].r, (long long)l[i].s);
		}
		for (j = 0; j < nt; j++)
			taps[j] = (j * l[i].r - l[i].pad) * prod;
		if (pass_lint_fp_taps(f, &tp, &nt, err)) {
			pass_lint_fp_free(f);
			return -1;
		}
		if (onnxc_mul_i64(prod, l[i].s, &prod) || prod > PASS_LINT_MAX_CELLS) {
			pass_lint_fp_free(f);
			return too_large(err);
		}
	}
	return 0;
}

static int64_t gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

int64_t pass_lint_gcd_rates(const pass_lint_layer *l, int n)
{
	int64_t g = 0;
	int i;

	for (i = 0; i < n; i++)
		if (l[i].k > 1)
			g = gcd(l[i].r, g);
	return g;
}

int64_t pass_lint_hdc_m2(const int64_t *r, int n)
{
	int64_t m;
	int i;

	if (n < 2)
		return -1;
	m = r[n - 1];
	for (i = n - 2; i >= 1; i--) {
		int64_t a = m - 2 * r[i], b = m - 2 * (m - r[i]), c = r[i];
		m = a > b ? a : b;
		m = m > c ? m : c;
	}
	return m;
}

int pass_lint_hdc_fail(const int64_t *r, const int64_t *k, int n, int *start, int *len,
		       int64_t *m2)
{
	int i = 0, j;

	while (i < n) {
		int64_t m;
		for (j = i + 1; j < n && r[j] >= r[j - 1]; j++)
			;
		if (j - i >= 2 && (m = pass_lint_hdc_m2(r + i, j - i)) > k[i]) {
			if (start)
				*start = i;
			if (len)
				*len = j - i;
			if (m2)
				*m2 = m;
			return 1;
		}
		i = j;
	}
	return 0;
}

/* ---- R5: branch-and-bound over schedules ---- */

#define ADV_WORDS 64                 /* extents up to 64*64-1 offsets */
#define ADV_MAXN 16
#define ADV_VISITS 4000000L

typedef struct adv {
	const pass_lint_layer *l;
	int n;
	int64_t rmax, target;            /* rate bound, least extent */
	int64_t cur[ADV_MAXN], best[ADV_MAXN];
	int64_t best_cost, best_ext;
	int found;
	long visits;
	int64_t rest_ext[ADV_MAXN + 1];  /* most extent layers i.. can add */
	double rest_taps[ADV_MAXN + 1];  /* product of k of layers i.. */
	uint64_t bits[ADV_MAXN + 1][ADV_WORDS];
} adv;

/* shl_or: dst |= src << sh (bitsets of ADV_WORDS words). */
static void shl_or(uint64_t *dst, const uint64_t *src, int64_t sh)
{
	int64_t w = sh / 64, b = sh % 64, i;

	for (i = ADV_WORDS - 1; i >= w; i--) {
		uint64_t v = src[i - w] << b;
		if (b && i - w - 1 >= 0)
			v |= src[i - w - 1] >> (64 - b);
		dst[i] |= v;
	}
}

static int64_t popcount_to(const uint64_t *s, int64_t ext)
{
	int64_t i, c = 0;

	for (i = 0; i <= ext; i++)
		c += (s[i / 64] >> (i % 64)) & 1;
	return c;
}

static int better(const adv *a, int64_t cost, int64_t ext)
{
	int i;

	if (!a->found || cost != a->best_cost)
		return !a->found || cost < a->best_cost;
	if (ext != a->best_ext)
		return ext < a->best_ext;
	for (i = 0; i < a->n; i++)
		if (a->cur[i] != a->best[i])
			return a->cur[i] < a->best[i];
	return 0;
}

/* leaf: judge the complete schedule a->cur of extent ext. */
static void leaf(adv *a, int64_t cost, int64_t ext)
{
	pass_lint_layer tmp[ADV_MAXN];
	int64_t k[ADV_MAXN];
	int i;

	if (ext < a->target || popcount_to(a->bits[a->n], ext) != ext + 1)
		return;
	for (i = 0; i < a->n; i++) {
		tmp[i] = a->l[i];
		tmp[i].r = a->cur[i];
		k[i] = a->l[i].k;
	}
	if (pass_lint_gcd_rates(tmp, a->n) > 1)
		return;
	if (pass_lint_hdc_fail(a->cur, k, a->n, NULL, NULL, NULL))
		return;
	if (better(a, cost, ext)) {
		memcpy(a->best, a->cur, sizeof a->best);
		a->best_cost = cost;
		a->best_ext = ext;
		a->found = 1;
	}
}

/* dfs: choose the rate of layer i, nearest to the original first. */
static void dfs(adv *a, int i, int64_t cost, int64_t ext)
{
	int64_t d, orig;

	if (++a->visits > ADV_VISITS)
		return;
	if (i == a->n) {
		leaf(a, cost, ext);
		return;
	}
	/* not enough taps left to cover the least extent without holes */
	if ((double)popcount_to(a->bits[i], ext) * a->rest_taps[i] < (double)(a->target + 1))
		return;
	if (ext + a->rest_ext[i] < a->target)
		return;
	orig = a->l[i].r;
	for (d = 0; d <= a->rmax; d++) {
		int side;
		if (a->found && cost + d > a->best_cost)
			break;
		for (side = 0; side < 2; side++) {
			int64_t r = side ? orig + d : orig - d, e, j;
			if ((side && d == 0) || r < 1 || r > a->rmax)
				continue;
			e = ext + r * (a->l[i].k - 1);
			if (e >= ADV_WORDS * 64)
				continue;
			memset(a->bits[i + 1], 0, sizeof a->bits[i + 1]);
			for (j = 0; j < a->l[i].k; j++)
				shl_or(a->bits[i + 1], a->bits[i], j * r);
			a->cur[i] = r;
			dfs(a, i + 1, cost + d, e);
		}
	}
}

int pass_lint_advise(const pass_lint_layer *l, int n, int64_t *out, onnxc_err *err)
{
	adv *a;
	int64_t maxr = 1;
	int i, found;

	if (n < 1 || n > ADV_MAXN)
		return 0;
	for (i = 0; i < n; i++)
		if (l[i].k < 1 || l[i].k > 64 || l[i].r < 1 || l[i].r > 4096)
			return 0;
	a = onnxc_calloc(1, sizeof *a);
	if (!a)
		return onnxc_oom(err);
	a->l = l;
	a->n = n;
	for (i = 0; i < n; i++) {
		a->target += l[i].r * (l[i].k - 1);
		maxr = l[i].r > maxr ? l[i].r : maxr;
	}
	a->rmax = 2 * maxr + 2 < 64 ? 2 * maxr + 2 : 64;
	a->rest_taps[n] = 1;
	for (i = n - 1; i >= 0; i--) {
		a->rest_ext[i] = a->rest_ext[i + 1] + a->rmax * (l[i].k - 1);
		a->rest_taps[i] = a->rest_taps[i + 1] * (double)l[i].k;
	}
	a->bits[0][0] = 1;
	dfs(a, 0, 0, 0);
	found = a->found;
	if (found)
		memcpy(out, a->best, (size_t)n * sizeof *out);
	onnxc_free(a);
	return found;
}
