/*
 * k_pool_tmpl.h - the element-type dependent loops of the pooling kernels,
 * included once per type by k_pool.c with
 *   T       the element type
 *   FN(x)   the name of x for this type
 *   LOWEST  the smallest value of T (-INFINITY for floating types)
 *   TFLOAT  defined for floating types (average and Lp pooling)
 * defined.  A "plane" is one (n, c) slice of g->in_size elements.
 */

/* FN(maxpool): planes [p0, p1) of a MaxPool; ind (may be NULL) receives the
 * flat index of each maximum over N x C x D... in row-major (colmajor == 0)
 * or column-major spatial order.  A window without any input element gives
 * LOWEST and index -1. */
static void FN(maxpool)(const rt_pooltask *t, int64_t p0, int64_t p1)
{
	const rt_pool *pp = t->pp;
	const rt_convgeom *g = &pp->g;
	const T *x = t->x;
	T *y = t->y;
	int64_t *ind = t->ind;
	const int L = g->nsp - 1;
	int64_t rstr[RT_MAXSP], cstr[RT_MAXSP], o[RT_MAXSP], st[RT_MAXSP], lo[RT_MAXSP];
	int64_t hi[RT_MAXSP], j[RT_MAXSP], pl, op;
	int d;

	rstr[L] = 1;
	for (d = L - 1; d >= 0; d--)
		rstr[d] = rstr[d + 1] * g->in[d + 1];
	cstr[0] = 1;
	for (d = 1; d <= L; d++)
		cstr[d] = cstr[d - 1] * g->in[d - 1];
	for (pl = p0; pl < p1; pl++) {
		const T *xp = x + pl * g->in_size;
		T *yp = y + pl * g->out_size;

		memset(o, 0, sizeof o);
		for (op = 0; op < g->out_size; op++) {
			T best = LOWEST;
			int64_t bi = -1;

			if (pool_window(t, o, st, lo, hi, NULL)) {
				memcpy(j, lo, sizeof j);
				for (;;) {
					int64_t roff = 0, coff = 0, jl;
					const T *row;

					for (d = 0; d < L; d++) {
						int64_t pos = st[d] + j[d] * g->dil[d];
						roff += pos * rstr[d];
						coff += pos * cstr[d];
					}
					row = xp + roff;
					for (jl = lo[L]; jl < hi[L]; jl++) {
						int64_t pos = st[L] + jl * g->dil[L];
						if (bi < 0 || row[pos] > best) {
							best = row[pos];
							bi = pp->colmajor ? coff + pos * cstr[L] : roff + pos;
						}
					}
					for (d = L - 1; d >= 0; d--) {
						if (++j[d] < hi[d])
							break;
						j[d] = lo[d];
					}
					if (d < 0)
						break;
				}
			}
			yp[op] = best;
			if (ind)
				ind[pl * g->out_size + op] = bi < 0 ? -1 : pl * g->in_size + bi;
			for (d = L; d >= 0; d--) {
				if (++o[d] < g->out[d])
					break;
				o[d] = 0;
			}
		}
	}
}

#ifdef TFLOAT
/* FN(avgpool): planes [p0, p1) of an AveragePool (pp->kind RT_POOL_AVG:
 * the mean over the window, dividing by the taps inside the input, or with
 * count_include_pad by the taps inside input and pads) or an LpPool
 * (RT_POOL_LP: (sum |x|^p)^(1/p) over the taps inside the input). */
static void FN(avgpool)(const rt_pooltask *t, int64_t p0, int64_t p1)
{
	const rt_pool *pp = t->pp;
	const rt_convgeom *g = &pp->g;
	const T *x = t->x;
	T *y = t->y;
	const int L = g->nsp - 1;
	int64_t rstr[RT_MAXSP], o[RT_MAXSP], st[RT_MAXSP], lo[RT_MAXSP], hi[RT_MAXSP];
	int64_t j[RT_MAXSP], pl, op;
	const double p = pp->p;
	int d;

	rstr[L] = 1;
	for (d = L - 1; d >= 0; d--)
		rstr[d] = rstr[d + 1] * g->in[d + 1];
	for (pl = p0; pl < p1; pl++) {
		const T *xp = x + pl * g->in_size;
		T *yp = y + pl * g->out_size;

		memset(o, 0, sizeof o);
		for (op = 0; op < g->out_size; op++) {
			double acc = 0, count = 0;

			if (pool_window(t, o, st, lo, hi, &count)) {
				memcpy(j, lo, sizeof j);
				for (;;) {
					const int64_t cnt = hi[L] - lo[L], dl = g->dil[L];
					int64_t roff = 0, jl;
					const T *row;

					for (d = 0; d < L; d++)
						roff += (st[d] + j[d] * g->dil[d]) * rstr[d];
					/* the first tap inside the input */
					row = xp + roff + st[L] + lo[L] * dl;
					if (pp->kind == RT_POOL_AVG)
						for (jl = 0; jl < cnt; jl++)
							acc += row[jl * dl];
					else if (p == 2)
						for (jl = 0; jl < cnt; jl++)
							acc += (double)row[jl * dl] * row[jl * dl];
					else if (p == 1)
						for (jl = 0; jl < cnt; jl++)
							acc += fabs((double)row[jl * dl]);
					else
						for (jl = 0; jl < cnt; jl++)
							acc += pow(fabs((double)row[jl * dl]), p);
					for (d = L - 1; d >= 0; d--) {
						if (++j[d] < hi[d])
							break;
						j[d] = lo[d];
					}
					if (d < 0)
						break;
				}
			}
			if (pp->kind == RT_POOL_AVG)
				yp[op] = count > 0 ? (T)(acc / count) : 0;
			else
				yp[op] = (T)(p == 2 ? sqrt(acc) : p == 1 ? acc : pow(acc, 1.0 / p));
			for (d = L; d >= 0; d--) {
				if (++o[d] < g->out[d])
					break;
				o[d] = 0;
			}
		}
	}
}
#endif

/* FN(pool2d): the windowed pools of 1-D and 2-D inputs (1-D as H = 1):
 * the same results as FN(maxpool) / FN(avgpool) without their N-d
 * bookkeeping. */
static void FN(pool2d)(const rt_pooltask *t, int64_t p0, int64_t p1)
{
	const rt_pool *pp = t->pp;
	const rt_convgeom *g = &pp->g;
	const int two = g->nsp == 2;
	const int64_t H = two ? g->in[0] : 1, W = g->in[two];
	const int64_t OH = two ? g->out[0] : 1, OW = g->out[two];
	const int64_t dh = two ? g->dil[0] : 1, dw = g->dil[two], bw = t->base[two];
	const T *x = t->x;
	T *y = t->y;
	int64_t pl, oh, ow, kh, kw;

	for (pl = p0; pl < p1; pl++) {
		const T *xp = x + pl * g->in_size;
		T *yp = y + pl * g->out_size;
		int64_t *ip = t->ind ? t->ind + pl * g->out_size : NULL;

		for (oh = 0; oh < OH; oh++) {
			const int64_t sh = two ? t->st[oh] : 0, lh = two ? t->lo[oh] : 0;
			const int64_t hh = two ? t->hi[oh] : 1;

			for (ow = 0; ow < OW; ow++) {
				const int64_t sw = t->st[bw + ow], lw = t->lo[bw + ow];
				const int64_t hw = t->hi[bw + ow];
				const int64_t o = oh * OW + ow;

				if (pp->kind == RT_POOL_MAX) {
					T best = LOWEST;
					int64_t bi = -1;
					for (kh = lh; kh < hh; kh++) {
						const int64_t ih = sh + kh * dh;
						const T *row = xp + ih * W;
						for (kw = lw; kw < hw; kw++) {
							const int64_t iw = sw + kw * dw;
							if (bi < 0 || row[iw] > best) {
								best = row[iw];
								bi = pp->colmajor ? ih + iw * H : ih * W + iw;
							}
						}
					}
					yp[o] = best;
					if (ip)
						ip[o] = bi < 0 ? -1 : pl * g->in_size + bi;
				}
#ifdef TFLOAT
				else {
					double acc = 0;
					for (kh = lh; kh < hh; kh++) {
						const T *row = xp + (sh + kh * dh) * W;
						if (pp->kind == RT_POOL_AVG)
							for (kw = lw; kw < hw; kw++)
								acc += row[sw + kw * dw];
						else if (pp->p == 2)
							for (kw = lw; kw < hw; kw++)
								acc += (double)row[sw + kw * dw] * row[sw + kw * dw];
						else
							for (kw = lw; kw < hw; kw++)
								acc += pow(fabs((double)row[sw + kw * dw]), pp->p);
					}
					const double cnt = (double)(two ? t->cnt[oh] : 1) * (double)t->cnt[bw + ow];
					if (pp->kind == RT_POOL_AVG)
						yp[o] = lh < hh && lw < hw ? (T)(acc / cnt) : 0;
					else
						yp[o] = (T)(pp->p == 2 ? sqrt(acc) : pow(acc, 1.0 / pp->p));
				}
#endif
			}
		}
	}
}

/* FN(global): planes [p0, p1) of GlobalMaxPool / GlobalAveragePool /
 * GlobalLpPool: one value per plane of `size` elements. */
static void FN(global)(const rt_pooltask *t, int64_t p0, int64_t p1)
{
	const rt_pool *pp = t->pp;
	const int64_t size = pp->g.in_size;
	const T *x = t->x;
	T *y = t->y;
	int64_t pl, i;

	for (pl = p0; pl < p1; pl++) {
		const T *xp = x + pl * size;

		if (pp->kind == RT_POOL_MAX) {
			T best = size ? xp[0] : LOWEST;
			for (i = 1; i < size; i++)
				if (xp[i] > best)
					best = xp[i];
			y[pl] = best;
		}
#ifdef TFLOAT
		else {
			double acc = 0;
			if (pp->kind == RT_POOL_AVG) {
				if (sizeof(T) == sizeof(float))
					acc = rt_vsum_f((const float *)xp, size);
				else
					for (i = 0; i < size; i++)
						acc += xp[i];
				y[pl] = size ? (T)(acc / (double)size) : 0;
			} else {
				for (i = 0; i < size; i++)
					acc += pp->p == 2 ? (double)xp[i] * xp[i]
							  : pow(fabs((double)xp[i]), pp->p);
				y[pl] = (T)(pp->p == 2 ? sqrt(acc) : pow(acc, 1.0 / pp->p));
			}
		}
#endif
	}
}

/* FN(max2x2): planes [p0, p1) of a 2-D MaxPool with a 2x2 window, stride
 * 2, no padding or dilation, every window inside the input and no indices
 * (U-Net, VGG): the generic loop's result (first tap, then each later tap
 * that compares greater, so NaN in the first tap stays) with the window
 * walk unrolled, so gcc vectorises it. */
static void FN(max2x2)(const rt_pooltask *t, int64_t p0, int64_t p1)
{
	const rt_convgeom *g = &t->pp->g;
	const int64_t W = g->in[1], OH = g->out[0], OW = g->out[1];
	const T *x = t->x;
	T *y = t->y;
	int64_t pl, oh, ow;

	for (pl = p0; pl < p1; pl++) {
		const T *xp = x + pl * g->in_size;
		T *yp = y + pl * g->out_size;

		for (oh = 0; oh < OH; oh++) {
			const T *restrict r0 = xp + 2 * oh * W, *restrict r1 = r0 + W;
			T *restrict yr = yp + oh * OW;

			for (ow = 0; ow < OW; ow++) {
				T m = r0[2 * ow], v = r0[2 * ow + 1];
				m = v > m ? v : m;
				v = r1[2 * ow];
				m = v > m ? v : m;
				v = r1[2 * ow + 1];
				yr[ow] = v > m ? v : m;
			}
		}
	}
}

/* FN(is_max2x2): t is a pool FN(max2x2) computes. */
static int FN(is_max2x2)(const rt_pooltask *t)
{
	const rt_convgeom *g = &t->pp->g;
	int d;

	if (t->pp->kind != RT_POOL_MAX || t->ind || g->nsp != 2)
		return 0;
	for (d = 0; d < 2; d++)
		if (g->k[d] != 2 || g->stride[d] != 2 || g->dil[d] != 1 || g->pad0[d] ||
		    2 * g->out[d] > g->in[d])
			return 0;
	return 1;
}

/* FN(max2d): planes [p0, p1) of a 2-D MaxPool without indices, any
 * window, strides, dilations and pads (ResNet's 3x3/2 pad 1).  Each output
 * row: the columns whose whole window row lies inside the input are done
 * tap by tap over the row (y = first tap, then y = v > y ? v : y for each
 * later tap, kh outer and kw inner: the generic loop's order, so the same
 * result, NaN included), the others one by one like FN(pool2d). */
static void FN(max2d)(const rt_pooltask *t, int64_t p0, int64_t p1)
{
	const rt_convgeom *g = &t->pp->g;
	const int64_t W = g->in[1], OH = g->out[0], OW = g->out[1], bw = t->base[1];
	const int64_t KW = g->k[1], sw = g->stride[1], dh = g->dil[0], dw = g->dil[1];
	const T *x = t->x;
	T *y = t->y;
	int64_t pl, oh, ow, ow0 = 0, ow1, kh, kw;

	/* interior columns: start >= 0 and start + (KW-1)*dw <= W-1 */
	while (ow0 < OW && t->st[bw + ow0] < 0)
		ow0++;
	ow1 = ow0;
	while (ow1 < OW && t->st[bw + ow1] + (KW - 1) * dw <= W - 1)
		ow1++;
	for (pl = p0; pl < p1; pl++) {
		const T *xp = x + pl * g->in_size;
		T *yp = y + pl * g->out_size;

		for (oh = 0; oh < OH; oh++) {
			const int64_t sh = t->st[oh], lh = t->lo[oh], hh = t->hi[oh];
			T *restrict yr = yp + oh * OW;
			int first = 1;

			for (ow = 0; ow < OW; ow++) {
				const int64_t sw0 = t->st[bw + ow], lw = t->lo[bw + ow];
				const int64_t hw = t->hi[bw + ow];
				T best = LOWEST;
				int any = 0;

				if (ow == ow0 && ow1 > ow0) {
					ow = ow1 - 1;  /* the interior, below */
					continue;
				}
				for (kh = lh; kh < hh; kh++) {
					const T *row = xp + (sh + kh * dh) * W;
					for (kw = lw; kw < hw; kw++) {
						const T v = row[sw0 + kw * dw];
						if (!any || v > best)
							best = v;
						any = 1;
					}
				}
				yr[ow] = best;
			}
			if (ow1 <= ow0)
				continue;
			if (lh >= hh) {
				for (ow = ow0; ow < ow1; ow++)
					yr[ow] = LOWEST;
				continue;
			}
#ifdef TFLOAT
			if (sizeof(T) == sizeof(float) && sw == 2 && hh - lh <= 16) {
				const float *rows[16];

				for (kh = lh; kh < hh; kh++)
					rows[kh - lh] = (const float *)xp + (sh + kh * dh) * W;
				if (rt_max_s2_f((float *)yr + ow0, rows, (int)(hh - lh), KW, dw,
					     t->st[bw] + ow0 * sw, ow1 - ow0))
					continue;
			}
#endif
			for (kh = lh; kh < hh; kh++) {
				const T *row = xp + (sh + kh * dh) * W;
				for (kw = 0; kw < KW; kw++) {
					/* column of output ow: base + ow*sw (>= 0 inside) */
					const int64_t base = t->st[bw] + kw * dw;
					if (first) {
						for (ow = ow0; ow < ow1; ow++)
							yr[ow] = row[base + ow * sw];
						first = 0;
					} else {
						for (ow = ow0; ow < ow1; ow++) {
							const T v = row[base + ow * sw];
							yr[ow] = v > yr[ow] ? v : yr[ow];
						}
					}
				}
			}
		}
	}
}

/* FN(task): rt_parallel_for body over planes. */
static void FN(task)(void *arg, int64_t p0, int64_t p1)
{
	const rt_pooltask *t = arg;

	if (t->pp->global)
		FN(global)(t, p0, p1);
	else if (FN(is_max2x2)(t))
		FN(max2x2)(t, p0, p1);
	else if (t->pp->kind == RT_POOL_MAX && !t->ind && t->pp->g.nsp == 2)
		FN(max2d)(t, p0, p1);
	else if (t->pp->g.nsp <= 2)
		FN(pool2d)(t, p0, p1);
	else if (t->pp->kind == RT_POOL_MAX)
		FN(maxpool)(t, p0, p1);
#ifdef TFLOAT
	else
		FN(avgpool)(t, p0, p1);
#endif
}
