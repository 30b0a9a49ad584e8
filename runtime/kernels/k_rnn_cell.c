/*
 * k_rnn_cell.c - the time loop of RNN, GRU and LSTM and their cells (see
 * k_rnn.h).  Everything lives in n->scratch; nothing is allocated here.
 */
#include <cblas.h>
#include <string.h>

#include "k_rnn.h"

/* gemm_nt: C[M x N] (ldc) = A[M x K] (lda) * B[N x K]^T (ldb), zero-size
 * safe. */
static void gemm_nt(int64_t M, int64_t N, int64_t K, const float *A, int64_t lda, const float *B,
		    int64_t ldb, float *C, int64_t ldc)
{
	int64_t i;

	if (M <= 0 || N <= 0)
		return;
	if (K <= 0) {
		for (i = 0; i < M; i++)
			memset(C + i * ldc, 0, (size_t)N * sizeof *C);
		return;
	}
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)M, (int)N, (int)K, 1.0f, A,
		    (int)lda, B, (int)ldb, 0.0f, C, (int)ldc);
}

/* One direction's view of the inputs and the scratch. */
typedef struct dir_ctx {
	const rnn_params *p;
	const rnn_act *act;        /* f, g, h of this direction */
	const float *r;            /* R of this direction [G*H x H] */
	const float *peep;         /* P of this direction [3H] or NULL */
	float *xw, *hr, *h, *c, *tmp;
	float *bias;               /* [G*H]: Wb + Rb (GRU with lbr: Wbh only) */
	float *rbias;              /* [G*H]: Rb alone */
} dir_ctx;

/* ---- cells: update the state of batch entry b from its projection x ---- */

static void cell_simple(const dir_ctx *c, int64_t b, const float *x)
{
	const int64_t H = c->p->hid;
	float *g = c->hr + b * H, *h = c->h + b * H;
	int64_t j;

	for (j = 0; j < H; j++)
		g[j] += x[j] + c->bias[j];
	rt_rnn_act_row(&c->act[0], g, H, c->p->clip);
	memcpy(h, g, (size_t)H * sizeof *h);
}

/* gru_gates: z and r of entry b into hr's first 2H columns; for
 * linear_before_reset == 0 also tmp = r (.) Ht-1 */
static void gru_gates(const dir_ctx *c, int64_t b, const float *x)
{
	const int64_t H = c->p->hid;
	float *g = c->hr + b * 3 * H;
	int64_t j;

	for (j = 0; j < 2 * H; j++)
		g[j] += x[j] + c->bias[j];
	rt_rnn_act_row(&c->act[0], g, 2 * H, c->p->clip);
	if (!c->p->lbr) {
		const float *h = c->h + b * H;
		float *t = c->tmp + b * H;
		for (j = 0; j < H; j++)
			t[j] = g[H + j] * h[j];
	}
}

/* gru_update: the hidden gate and Ht of entry b (after gru_gates and the
 * recurrent product of the hidden gate in hr's last H columns) */
static void gru_update(const dir_ctx *c, int64_t b, const float *x)
{
	const int64_t H = c->p->hid;
	float *g = c->hr + b * 3 * H, *h = c->h + b * H;
	float *z = g, *r = g + H, *hh = g + 2 * H;
	const float *bh = c->bias + 2 * H, *rbh = c->rbias + 2 * H;
	int64_t j;

	if (c->p->lbr)
		for (j = 0; j < H; j++)
			hh[j] = x[2 * H + j] + bh[j] + r[j] * (hh[j] + rbh[j]);
	else
		for (j = 0; j < H; j++)
			hh[j] += x[2 * H + j] + bh[j];
	rt_rnn_act_row(&c->act[1], hh, H, c->p->clip);
	for (j = 0; j < H; j++)
		h[j] = (1.0f - z[j]) * hh[j] + z[j] * h[j];
}

static void cell_lstm(const dir_ctx *c, int64_t b, const float *x)
{
	const int64_t H = c->p->hid;
	const float clip = c->p->clip;
	float *g = c->hr + b * 4 * H, *h = c->h + b * H, *ct = c->c + b * H;
	float *gi = g, *go = g + H, *gf = g + 2 * H, *gc = g + 3 * H;
	int64_t j;

	for (j = 0; j < 4 * H; j++)
		g[j] += x[j] + c->bias[j];
	if (c->peep)
		for (j = 0; j < H; j++) {
			gi[j] += c->peep[j] * ct[j];
			gf[j] += c->peep[2 * H + j] * ct[j];
		}
	rt_rnn_act_row(&c->act[0], gi, H, clip);
	if (c->p->input_forget)
		for (j = 0; j < H; j++)
			gf[j] = 1.0f - gi[j];
	else
		rt_rnn_act_row(&c->act[0], gf, H, clip);
	rt_rnn_act_row(&c->act[1], gc, H, clip);
	for (j = 0; j < H; j++)
		ct[j] = gf[j] * ct[j] + gi[j] * gc[j];
	if (c->peep)
		for (j = 0; j < H; j++)
			go[j] += c->peep[H + j] * ct[j];
	rt_rnn_act_row(&c->act[0], go, H, clip);
	memcpy(gc, ct, (size_t)H * sizeof *gc);
	rt_rnn_act_row(&c->act[2], gc, H, 0);
	for (j = 0; j < H; j++)
		h[j] = go[j] * gc[j];
}

/* ---- the loop ---- */

/* seq_len: valid steps of batch entry b */
static int64_t seq_len(const rt_node *n, const rnn_params *p, int64_t b)
{
	const rt_tensor *sl = n->n_in > 4 ? n->in[4] : NULL;

	return sl ? ((const int32_t *)sl->data)[b] : p->seq;
}

/* state_off: element offset of entry (d, b) in initial_h/c and Y_h/c */
static int64_t state_off(const rnn_params *p, int64_t d, int64_t b)
{
	return (p->layout ? b * p->ndir + d : d * p->batch + b) * p->hid;
}

/* y_off: element offset of step t, entry (d, b) in Y */
static int64_t y_off(const rnn_params *p, int64_t t, int64_t d, int64_t b)
{
	return (p->layout ? (b * p->seq + t) * p->ndir + d : (t * p->ndir + d) * p->batch + b) *
	       p->hid;
}

/* xw_row: row of the input projection of step t, entry b */
static int64_t xw_row(const rnn_params *p, int64_t t, int64_t b)
{
	return p->layout ? b * p->seq + t : t * p->batch + b;
}

/* init_dir: biases and initial state of direction d into the scratch */
static void init_dir(const rt_node *n, dir_ctx *c, int64_t d)
{
	const rnn_params *p = c->p;
	const int64_t H = p->hid, gh = p->ngates * H;
	const rt_tensor *bt = n->n_in > 3 ? n->in[3] : NULL;
	int64_t j, b;
	int k;

	for (j = 0; j < gh; j++) {
		float wb = bt ? ((const float *)bt->data)[d * 2 * gh + j] : 0.0f;
		float rb = bt ? ((const float *)bt->data)[d * 2 * gh + gh + j] : 0.0f;
		c->rbias[j] = rb;
		c->bias[j] = p->kind == RNN_GRU && p->lbr && j >= 2 * H ? wb : wb + rb;
	}
	for (k = 0; k < (p->kind == RNN_LSTM ? 2 : 1); k++) {
		const rt_tensor *init = n->n_in > 5 + k ? n->in[5 + k] : NULL;
		float *dst = k ? c->c : c->h;
		for (b = 0; b < p->batch; b++) {
			if (init)
				memcpy(dst + b * H, (const float *)init->data + state_off(p, d, b),
				       (size_t)H * sizeof *dst);
			else
				memset(dst + b * H, 0, (size_t)H * sizeof *dst);
		}
	}
}

/* run_dir: direction d over every step; writes Y's rows of d */
static void run_dir(const rt_node *n, dir_ctx *c, int64_t d, int rev, int64_t steps)
{
	const rnn_params *p = c->p;
	const int64_t H = p->hid, gh = p->ngates * H, B = p->batch;
	float *y = n->n_out > 0 && n->out[0] ? (float *)n->out[0]->data : NULL;
	int64_t s, b, t;

	for (s = 0; s < steps; s++) {
		if (p->kind == RNN_GRU && !p->lbr) {
			gemm_nt(B, 2 * H, H, c->h, H, c->r, H, c->hr, gh);
			for (b = 0; b < B; b++) {
				int64_t len = seq_len(n, p, b);
				if (s >= len) {
					memset(c->tmp + b * H, 0, (size_t)H * sizeof *c->tmp);
					continue;
				}
				t = rev ? len - 1 - s : s;
				gru_gates(c, b, c->xw + xw_row(p, t, b) * gh);
			}
			gemm_nt(B, H, H, c->tmp, H, c->r + 2 * H * H, H, c->hr + 2 * H, gh);
		} else {
			gemm_nt(B, gh, H, c->h, H, c->r, H, c->hr, gh);
		}
		for (b = 0; b < B; b++) {
			int64_t len = seq_len(n, p, b);
			const float *x;
			if (s >= len)
				continue;
			t = rev ? len - 1 - s : s;
			x = c->xw + xw_row(p, t, b) * gh;
			if (p->kind == RNN_SIMPLE) {
				cell_simple(c, b, x);
			} else if (p->kind == RNN_LSTM) {
				cell_lstm(c, b, x);
			} else {
				if (p->lbr)
					gru_gates(c, b, x);
				gru_update(c, b, x);
			}
			if (y)
				memcpy(y + y_off(p, t, d, b), c->h + b * H, (size_t)H * sizeof *y);
		}
	}
	if (y)
		for (b = 0; b < B; b++)
			for (t = seq_len(n, p, b); t < p->seq; t++)
				memset(y + y_off(p, t, d, b), 0, (size_t)H * sizeof *y);
}

int rt_rnn_exec(rt_node *n, onnxc_err *err)
{
	const rnn_params *p = n->params;
	const int64_t H = p->hid, gh = p->ngates * H;
	const rt_tensor *x = n->in[0], *w = n->in[1], *r = n->in[2];
	const rt_tensor *pt = p->kind == RNN_LSTM && n->n_in > 7 ? n->in[7] : NULL;
	float *scr = n->scratch;
	int64_t steps = 0, b, d;
	int k;

	for (b = 0; b < p->batch; b++) {
		int64_t len = seq_len(n, p, b);
		if (len < 0 || len > p->seq)
			return rt_fail(n, err, ONNXC_EINVAL, "sequence_lens[%lld] = %lld is outside "
				       "[0, %lld]", (long long)b, (long long)len, (long long)p->seq);
		if (len > steps)
			steps = len;
	}
	for (d = 0; d < p->ndir; d++) {
		dir_ctx c = {
			.p = p, .act = p->act[d],
			.r = (const float *)r->data + d * gh * H,
			.peep = pt ? (const float *)pt->data + d * 3 * H : NULL,
			.xw = scr + p->off_xw, .hr = scr + p->off_hr, .h = scr + p->off_h,
			.c = scr + p->off_c, .tmp = scr + p->off_tmp,
			.bias = scr + p->off_bias, .rbias = scr + p->off_bias + gh,
		};
		int rev = p->ndir == 2 ? d == 1 : p->reverse;

		init_dir(n, &c, d);
		gemm_nt(p->seq * p->batch, gh, p->isz, x->data, p->isz,
			(const float *)w->data + d * gh * p->isz, p->isz, c.xw, gh);
		run_dir(n, &c, d, rev, steps);
		for (k = 1; k < (p->kind == RNN_LSTM ? 3 : 2); k++) {
			float *dst = k < n->n_out && n->out[k] ? n->out[k]->data : NULL;
			const float *src = k == 1 ? c.h : c.c;
			if (!dst)
				continue;
			for (b = 0; b < p->batch; b++)
				memcpy(dst + state_off(p, d, b), src + b * H, (size_t)H * sizeof *dst);
		}
	}
	return 0;
}
