/*
 * k_misc_tfidf.c - TfIdfVectorizer (9) for integer input.
 *
 * X is int32 or int64, [C] or [N, C] (one row per batch entry).  The pool
 * (pool_int64s) holds the n-grams of each length one after another:
 * ngram_counts[i] is where the (i+1)-grams start; ngram_indexes[k] is the
 * output column of the pool's k-th n-gram.  In each row, every n-gram of
 * length min_gram_length..max_gram_length whose items are skip + 1 apart
 * (skip = 0..max_skip_count) is counted when it is in the pool; 1-grams are
 * counted once (not per skip), as in ONNX Runtime.  The output (float,
 * [max(ngram_indexes) + 1] or [N, that]) holds per column, over the n-grams
 * k mapped to it: TF count_k, IDF (count_k > 0 ? w_k : 0), TFIDF count_k *
 * w_k, with w the optional `weights` (one per pool n-gram, default 1).
 *
 * String input and pool_strings are refused (EUNSUPPORTED).  prep sorts each
 * n-gram length's entries of the pool (in n->params) so exec finds n-grams
 * by binary search; the counts live in scratch.
 */
#include <stdlib.h>
#include <string.h>

#include "k_tensor_dm.h"

#define TF_MAXN 64     /* longest n-gram supported */

enum { TF_TF, TF_IDF, TF_TFIDF };

typedef struct tf_params {
	int mode;
	int64_t min_n, max_n, max_skip;
	int64_t n_grams;              /* n-grams in the pool */
	int64_t nsec;                 /* lengths the pool has sections for */
	int64_t out_size;
	const int64_t *pool;          /* the attribute's list (owned by the IR) */
	const int64_t *indexes;       /* ngram_indexes */
	const float *weights;         /* NULL: all 1 */
	/* per length n (1..max_n): start in pool, n-gram count, first id */
	int64_t start[TF_MAXN + 1], count[TF_MAXN + 1], first[TF_MAXN + 1];
	int64_t *order;               /* per length, ids sorted by their items */
} tf_params;

static void free_tf(void *params)
{
	tf_params *p = params;

	if (p)
		onnxc_free(p->order);
	onnxc_free(p);
}

/* cmp_gram: lexicographic order of two n-grams of length len. */
static int cmp_gram(const int64_t *a, const int64_t *b, int64_t len)
{
	int64_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* sort_ids: Shell sort of the ids of the count length-n n-grams by their
 * items (qsort would need the pool in a global for its comparator). */
static void sort_ids(const tf_params *p, int64_t *ids, int64_t count, int64_t n)
{
	int64_t gap, i, j;

	for (gap = count / 2; gap > 0; gap /= 2)
		for (i = gap; i < count; i++) {
			int64_t v = ids[i];
			const int64_t *gv = p->pool + p->start[n] + (v - p->first[n]) * n;
			for (j = i; j >= gap; j -= gap) {
				const int64_t *gj = p->pool + p->start[n] + (ids[j - gap] - p->first[n]) * n;
				if (cmp_gram(gj, gv, n) <= 0)
					break;
				ids[j] = ids[j - gap];
			}
			ids[j] = v;
		}
}

/* layout: the pool sections from ngram_counts; -1 (err) when they do not
 * tile the pool into whole n-grams or disagree with ngram_indexes. */
static int layout(rt_node *n, tf_params *p, int64_t pool_len, const int64_t *counts, int nc,
		  int n_idx, onnxc_err *err)
{
	int64_t len, total = 0;
	int i;

	if (nc < 1 || nc > TF_MAXN)
		return rt_fail(n, err, ONNXC_EINVAL, "ngram_counts has %d values (1..%d supported)",
			       nc, TF_MAXN);
	for (i = 0; i < nc; i++) {
		int64_t s = counts[i], e = i + 1 < nc ? counts[i + 1] : pool_len;
		if (s < 0 || e < s || e > pool_len)
			return rt_fail(n, err, ONNXC_EINVAL, "ngram_counts must rise within the pool "
				       "of %lld", (long long)pool_len);
		len = e - s;
		if (len % (i + 1))
			return rt_fail(n, err, ONNXC_EINVAL, "the %d-gram section has %lld items", i + 1,
				       (long long)len);
		p->start[i + 1] = s;
		p->count[i + 1] = len / (i + 1);
		p->first[i + 1] = total;
		total += p->count[i + 1];
	}
	if (total != n_idx)
		return rt_fail(n, err, ONNXC_EINVAL, "the pool holds %lld n-grams, ngram_indexes %d",
			       (long long)total, n_idx);
	p->n_grams = total;
	p->nsec = nc;
	return 0;
}

/* prep_tfidf: validate the attributes, lay out and sort the pool, output
 * [out_size] or [N, out_size].  0 or -1. */
static int prep_tfidf(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	const char *mode = ir_attr_string(n->ir, "mode", "");
	const int64_t *counts, *pool;
	int nc = 0, n_idx = 0, n_pool = 0, n_w = 0, i;
	int64_t dims[2], k, len;
	tf_params *p;

	if (rt_dm_need(n, 1, err))
		return -1;
	x = n->in[0];
	if (x->dtype == IR_STRING || ir_attr_get(n->ir, "pool_strings"))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "string input and pool_strings are not "
			       "supported");
	if (x->dtype != IR_INT32 && x->dtype != IR_INT64)
		return rt_fail(n, err, ONNXC_EINVAL, "input must be int32 or int64, not %s",
			       ir_dtype_name(x->dtype));
	if (x->rank != 1 && x->rank != 2)
		return rt_fail(n, err, ONNXC_EINVAL, "input must be [C] or [N, C], not rank %d",
			       x->rank);
	p = onnxc_calloc(1, sizeof *p);
	if (!p)
		return onnxc_oom(err);
	n->params = p;
	n->free_params = free_tf;
	if (!strcmp(mode, "TF"))
		p->mode = TF_TF;
	else if (!strcmp(mode, "IDF"))
		p->mode = TF_IDF;
	else if (!strcmp(mode, "TFIDF"))
		p->mode = TF_TFIDF;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "mode '%s' is not TF, IDF or TFIDF", mode);
	p->min_n = ir_attr_int(n->ir, "min_gram_length", 0);
	p->max_n = ir_attr_int(n->ir, "max_gram_length", 0);
	p->max_skip = ir_attr_int(n->ir, "max_skip_count", 0);
	if (p->min_n < 1 || p->max_n < p->min_n || p->max_n > TF_MAXN || p->max_skip < 0)
		return rt_fail(n, err, ONNXC_EINVAL, "needs 1 <= min_gram_length <= max_gram_length "
			       "<= %d and max_skip_count >= 0", TF_MAXN);
	counts = ir_attr_ints(n->ir, "ngram_counts", &nc);
	p->indexes = ir_attr_ints(n->ir, "ngram_indexes", &n_idx);
	pool = ir_attr_ints(n->ir, "pool_int64s", &n_pool);
	p->weights = ir_attr_floats(n->ir, "weights", &n_w);
	if (!counts || !pool || !p->indexes)
		return rt_fail(n, err, ONNXC_EINVAL, "needs ngram_counts, ngram_indexes and "
			       "pool_int64s");
	p->pool = pool;
	if (layout(n, p, n_pool, counts, nc, n_idx, err))
		return -1;
	if (p->weights && n_w != n_idx)
		return rt_fail(n, err, ONNXC_EINVAL, "weights has %d values, the pool %d n-grams", n_w,
			       n_idx);
	for (i = 0; i < n_idx; i++) {
		if (p->indexes[i] < 0 || p->indexes[i] >= ((int64_t)1 << 31))
			return rt_fail(n, err, ONNXC_EINVAL, "ngram_indexes[%d] is %lld", i,
				       (long long)p->indexes[i]);
		if (p->indexes[i] + 1 > p->out_size)
			p->out_size = p->indexes[i] + 1;
	}
	p->order = onnxc_malloc(sizeof(int64_t) * (size_t)(p->n_grams ? p->n_grams : 1));
	if (!p->order)
		return onnxc_oom(err);
	for (len = 1; len <= nc; len++) {
		int64_t *ids = p->order + p->first[len];
		for (k = 0; k < p->count[len]; k++)
			ids[k] = p->first[len] + k;
		sort_ids(p, ids, p->count[len], len);
	}
	n->scratch_bytes = sizeof(int64_t) * (size_t)(p->n_grams ? p->n_grams : 1);
	if (x->rank == 1)
		return rt_set_shape(n, n->out[0], IR_FLOAT, 1, &p->out_size, err);
	dims[0] = x->dims[0];
	dims[1] = p->out_size;
	return rt_set_shape(n, n->out[0], IR_FLOAT, 2, dims, err);
}

/* find: the id of the length-len n-gram g in the pool, or -1. */
static int64_t find(const tf_params *p, const int64_t *g, int64_t len)
{
	const int64_t *ids = p->order + p->first[len];
	int64_t lo = 0, hi = p->count[len] - 1;

	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;
		int c = cmp_gram(p->pool + p->start[len] + (ids[mid] - p->first[len]) * len, g, len);
		if (!c)
			return ids[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* exec_tfidf: per row, count the pool's n-grams over every skip, then
 * weight them into their columns.  Returns 0. */
static int exec_tfidf(rt_node *n, onnxc_err *err)
{
	const tf_params *p = n->params;
	const rt_tensor *x = n->in[0];
	float *y = n->out[0]->data;
	int64_t *cnt = n->scratch;
	int64_t rows = x->rank == 2 ? x->dims[0] : 1, C = x->dims[x->rank - 1];
	int64_t max_n = p->max_n < p->nsec ? p->max_n : p->nsec, r, d, i, len, k, t;
	int64_t g[TF_MAXN];

	(void)err;
	for (r = 0; r < rows; r++, y += p->out_size) {
		memset(cnt, 0, sizeof(int64_t) * (size_t)p->n_grams);
		for (d = 1; d <= p->max_skip + 1; d++) {
			int64_t from = d == 1 ? p->min_n : (p->min_n > 2 ? p->min_n : 2);
			for (i = 0; i < C; i++)
				for (len = from; len <= max_n; len++) {
					if (i + (len - 1) * d >= C)
						break;
					for (t = 0; t < len; t++)
						g[t] = rt_dm_index(x, r * C + i + t * d);
					k = p->count[len] ? find(p, g, len) : -1;
					if (k >= 0)
						cnt[k]++;
				}
		}
		for (k = 0; k < p->out_size; k++)
			y[k] = 0;
		for (k = 0; k < p->n_grams; k++) {
			double w = p->weights ? p->weights[k] : 1;
			float *o = y + p->indexes[k];
			if (p->mode == TF_TF)
				*o += (float)cnt[k];
			else if (p->mode == TF_IDF)
				*o += cnt[k] > 0 ? (float)w : 0;
			else
				*o += (float)((double)cnt[k] * w);
		}
	}
	return 0;
}

const rt_op rt_op_TfIdfVectorizer = { prep_tfidf, exec_tfidf, 0 };
