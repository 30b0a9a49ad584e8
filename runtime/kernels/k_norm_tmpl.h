/*
 * k_norm_tmpl.h - the element-type dependent loops of the normalization
 * kernels, included once per type by k_norm.c with
 *   T      the element type (float, double)
 *   FN(x)  the name of x for this type
 * defined.  Statistics are accumulated in double.
 */

/* FN(affine): y = x * a[c] + b[c] on the planes [p0, p1) of `inner`
 * elements, plane pl of channel pl % ch (BatchNormalization at inference). */
static void FN(affine)(const T *x, T *y, const double *a, const double *b,
		       int64_t ch, int64_t inner, int64_t p0, int64_t p1)
{
	int64_t pl, i;

	for (pl = p0; pl < p1; pl++) {
		const T *xp = x + pl * inner;
		T *yp = y + pl * inner;
		const T av = (T)a[pl % ch], bv = (T)b[pl % ch];
		for (i = 0; i < inner; i++)
			yp[i] = xp[i] * av + bv;
	}
}

/* FN(normrow): normalize one row of `size` elements: y = (x - mean) *
 * invstd * scale[i] + bias[i] (scale / bias per element of the row, or per
 * row when sstride == 0); mean and 1/sqrt(var + eps) are returned. */
static void FN(normrow)(const T *x, T *y, int64_t size, double eps, const T *scale,
			const T *bias, int64_t sstride, double *mean_out, double *inv_out)
{
	double mean = 0, var = 0, inv;
	int64_t i;

	for (i = 0; i < size; i++)
		mean += x[i];
	mean = size ? mean / (double)size : 0;
	for (i = 0; i < size; i++)
		var += ((double)x[i] - mean) * ((double)x[i] - mean);
	var = size ? var / (double)size : 0;
	inv = 1.0 / sqrt(var + eps);
	for (i = 0; i < size; i++) {
		double v = ((double)x[i] - mean) * inv * (double)scale[i * sstride];
		y[i] = (T)(bias ? v + (double)bias[i * sstride] : v);
	}
	if (mean_out)
		*mean_out = mean;
	if (inv_out)
		*inv_out = inv;
}

/* FN(lrn): LRN over the channels of x [N, C, S]: y = x / (bias + alpha/size
 * * sum of x^2 over channels [c - floor((size-1)/2), c + ceil((size-1)/2)])
 * ^ beta. */
static void FN(lrn)(const T *x, T *y, int64_t N, int64_t C, int64_t S, int64_t size,
		    double alpha, double beta, double bias)
{
	const int64_t before = (size - 1) / 2, after = size - 1 - before;
	int64_t n, c, cc, s;

	for (n = 0; n < N; n++)
		for (c = 0; c < C; c++) {
			const int64_t c0 = c - before < 0 ? 0 : c - before;
			const int64_t c1 = c + after >= C ? C - 1 : c + after;
			const T *xp = x + (n * C + c) * S;
			T *yp = y + (n * C + c) * S;
			for (s = 0; s < S; s++) {
				double sq = 0;
				for (cc = c0; cc <= c1; cc++) {
					double v = x[(n * C + cc) * S + s];
					sq += v * v;
				}
				yp[s] = (T)((double)xp[s] / pow(bias + alpha / (double)size * sq, beta));
			}
		}
}
