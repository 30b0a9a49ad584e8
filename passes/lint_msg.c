/*
 * lint_msg.c - the dilation lint's findings as one-line messages (the data
 * stays in the report; the tool adds the file, node and severity).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lint_int.h"

/* A bounded string builder: len counts what would have been written. */
typedef struct sb {
	char *buf;
	size_t cap, len;
} sb;

static void put(sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(sb *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->len < s->cap ? s->buf + s->len : NULL, s->len < s->cap ? s->cap - s->len : 0,
		      fmt, ap);
	va_end(ap);
	if (n > 0)
		s->len += (size_t)n;
}

const char *pass_lint_rule_id(int rule)
{
	static const char *const ids[] = { "R0", "R1-common-factor", "R2-hdc-bound", "R3-gridding",
					   "R4-degenerate-rate", "R5-suggestion" };

	return rule >= 1 && rule <= 5 ? ids[rule] : "R?";
}

const char *pass_lint_axis_name(int nsp, int a)
{
	static const char *const names[3][3] = { { "W" }, { "H", "W" }, { "D", "H", "W" } };

	return nsp >= 1 && nsp <= 3 && a >= 0 && a < nsp ? names[nsp - 1][a] : "?";
}

/* put_list: "a x b x c" of v[0..n) with separator sep, or "a" when all
 * entries are equal and `collapse`. */
static void put_list(sb *s, const int64_t *v, int n, const char *sep, int collapse)
{
	int i, same = 1;

	for (i = 1; i < n; i++)
		same &= v[i] == v[0];
	if (collapse && same && n > 0) {
		put(s, "%lld", (long long)v[0]);
		return;
	}
	for (i = 0; i < n; i++)
		put(s, "%s%lld", i ? sep : "", (long long)v[i]);
}

int pass_lint_node_desc(const ir_node *n, char *buf, size_t len)
{
	sb s = { buf, len, 0 };
	pass_lint_geom g;

	if (len)
		buf[0] = 0;
	put(&s, "%s", n->op_type);
	if (!pass_lint_node_geom(n, NULL, &g, NULL)) {
		put(&s, ", dilation ");
		put_list(&s, g.r, g.nsp, "x", 1);
	}
	return (int)s.len;
}

/* put_member: "'name' (3x3, dilation 2)". */
static void put_member(sb *s, const ir_node *n)
{
	pass_lint_geom g;

	put(s, "'%s'", n->name);
	if (pass_lint_node_geom(n, NULL, &g, NULL))
		return;
	put(s, " (");
	put_list(s, g.k, g.nsp, "x", 0);
	if (g.strided) {
		put(s, " stride ");
		put_list(s, g.s, g.nsp, "x", 1);
	}
	put(s, ", dilation ");
	put_list(s, g.r, g.nsp, "x", 1);
	put(s, ")");
}

static void put_chain(sb *s, const pass_lint_chain *c)
{
	int i;

	put(s, "chain of %d spatial op%s from '%s'%s: ", c->n_members, c->n_members > 1 ? "s" : "",
	    c->origin->name, c->branched ? " (parallel paths or skips)" : "");
	for (i = 0; i < c->n_members; i++) {
		put(s, "%s", i ? ", " : "");
		put_member(s, c->members[i]);
	}
}

int pass_lint_chain_desc(const pass_lint_chain *c, char *buf, size_t len)
{
	sb s = { buf, len, 0 };

	if (len)
		buf[0] = 0;
	put_chain(&s, c);
	return (int)s.len;
}

/* put_rates: "[1,2,5]" (or "H [..] W [..]" when the axes differ) of the
 * rates v[a][0..n) for the axes in mask. */
static void put_rates(sb *s, int64_t *const *v, int n, int nsp, int mask)
{
	int a, b, differ = 0;

	for (a = 0; a < nsp; a++)
		for (b = 0; b < a; b++)
			if ((mask & (1 << a)) && (mask & (1 << b)) &&
			    memcmp(v[a], v[b], (size_t)n * sizeof **v))
				differ = 1;
	for (a = 0, b = 0; a < nsp; a++) {
		if (!(mask & (1 << a)))
			continue;
		if (differ)
			put(s, "%s%s ", b++ ? ", " : "", pass_lint_axis_name(nsp, a));
		put(s, "[");
		put_list(s, v[a], n, ",", 0);
		put(s, "]");
		if (!differ)
			break;
	}
}

int pass_lint_path_rates(const pass_lint_chain *c, int a, int64_t *out)
{
	int i;

	for (i = 0; i < c->n_path; i++) {
		pass_lint_geom g;
		out[i] = pass_lint_node_geom(c->path[i], NULL, &g, NULL) || a >= g.nsp ? 1 : g.r[a];
	}
	return c->n_path;
}

/* axis_rates: the rates on axis a of c's longest path, layers with k > 1
 * there only (as R2 sees them); their count. */
static int axis_rates(const pass_lint_chain *c, int a, int64_t *out, int max)
{
	int i, n = 0;

	for (i = 0; i < c->n_path && n < max; i++) {
		pass_lint_geom g;
		if (!pass_lint_node_geom(c->path[i], NULL, &g, NULL) && a < g.nsp && g.k[a] > 1)
			out[n++] = g.r[a];
	}
	return n;
}

static void put_axes(sb *s, int nsp, int mask)
{
	int a, k = 0;

	put(s, "axis ");
	for (a = 0; a < nsp; a++)
		if (mask & (1 << a))
			put(s, "%s%s", k++ ? "," : "", pass_lint_axis_name(nsp, a));
}

static double pct(int64_t a, int64_t b)
{
	return b > 0 ? 100.0 * (double)a / (double)b : 0.0;
}

static void msg_r3(sb *s, const pass_lint_chain *c)
{
	int a, i;

	put(s, "holes in what one output position sees: ");
	put(s, "%lld of %lld offsets (%.1f%%) of the ", (long long)c->covered_nd, (long long)c->box_nd,
	    pct(c->covered_nd, c->box_nd));
	for (a = 0; a < c->nsp; a++)
		put(s, "%s%lld", a ? "x" : "", (long long)(c->axis[a].hi - c->axis[a].lo + 1));
	put(s, " span are reached");
	for (a = 0; a < c->nsp; a++) {
		const pass_lint_axis *x = &c->axis[a];
		int64_t w = x->hi - x->lo + 1;
		int b, same = -1;
		/* an axis like an earlier one was said with it */
		for (b = 0; b < a && same < 0; b++)
			if (!memcmp(&c->axis[b], x, sizeof *x))
				same = b;
		if (same >= 0)
			continue;
		put(s, "; %s", pass_lint_axis_name(c->nsp, a));
		for (b = a + 1; b < c->nsp; b++)
			if (!memcmp(&c->axis[b], x, sizeof *x))
				put(s, ",%s", pass_lint_axis_name(c->nsp, b));
		put(s, ": %lld/%lld (%.1f%%) in [%lld,%lld]", (long long)x->covered, (long long)w,
		    pct(x->covered, w), (long long)x->lo, (long long)x->hi);
		if (!x->n_holes)
			continue;
		if (x->period > 0)
			put(s, ", holes repeat every %lld", (long long)x->period);
		put(s, ", holes at ");
		for (i = 0; i < x->n_holes && i < 8; i++)
			put(s, "%s%lld", i ? "," : "", (long long)x->holes[i]);
		if (x->n_holes > 8)
			put(s, ",... (%d)", x->n_holes);
	}
}

int pass_lint_message(const pass_lint_report *r, const pass_lint_finding *f, char *buf,
		      size_t len)
{
	sb s = { buf, len, 0 };
	const pass_lint_chain *c = f->chain >= 0 ? &r->chains[f->chain] : NULL;
	int64_t *rates[PASS_LINT_MAXSP] = { 0 };
	int a, nsp = c ? c->nsp : 0;

	if (len)
		buf[0] = 0;
	switch (f->rule) {
	case 1:
		put(&s, "the rates share the factor ");
		put_list(&s, f->factor, nsp, "x", 1);
		put(&s, " (");
		put_axes(&s, nsp, f->axes);
		put(&s, "): every offset one output position sees is a multiple of it");
		break;
	case 2:
		for (a = 0; a < nsp; a++)
			if (f->axes & (1 << a))
				break;
		if (a < nsp) {
			int64_t g[64];
			int n = axis_rates(c, a, g, 64), i;
			put(&s, "HDC bound fails for the sawtooth group [");
			for (i = f->g_start[a]; i < f->g_start[a] + f->g_len[a] && i < n; i++)
				put(&s, "%s%lld", i > f->g_start[a] ? "," : "", (long long)g[i]);
			put(&s, "] of [");
			for (i = 0; i < n; i++)
				put(&s, "%s%lld", i ? "," : "", (long long)g[i]);
			put(&s, "] (");
			put_axes(&s, nsp, f->axes);
			put(&s, "): M2 = %lld > K = %lld", (long long)f->m2[a], (long long)f->K[a]);
		}
		put(&s, "; sound but conservative: %s",
		    c->holes ? "R3 finds holes" : "R3 finds no holes, so this is no gridding");
		break;
	case 3:
		msg_r3(&s, c);
		break;
	case 4:
		put(&s, "on the ");
		put_list(&s, f->in_size, nsp ? nsp : 2, "x", 0);
		put(&s, " input (");
		put_list(&s, f->padded, nsp ? nsp : 2, "x", 0);
		put(&s, " padded) every off-centre tap reads only padding for every output position");
		{
			pass_lint_geom g;
			int all = 1;
			if (!pass_lint_node_geom(f->node, NULL, &g, NULL))
				for (a = 0; a < g.nsp; a++)
					if (g.k[a] > 1 && !(f->axes & (1 << a)))
						all = 0;
			if (all)
				put(&s, ": the conv acts as a 1x1 conv");
			else {
				put(&s, " along ");
				put_axes(&s, g.nsp, f->axes);
			}
		}
		break;
	case 5:
		for (a = 0; a < nsp; a++)
			if ((rates[a] = onnxc_calloc((size_t)c->n_path + 1, sizeof *rates[a])))
				pass_lint_path_rates(c, a, rates[a]);
		if (!f->n_suggest) {
			put(&s, "no schedule of %d layer%s with rates up to 64 covers the receptive "
				"field of ", c->n_path, c->n_path > 1 ? "s" : "");
			if (rates[0])
				put_rates(&s, rates, c->n_path, nsp, f->axes);
			put(&s, " without holes: use more layers or smaller rates");
			break;
		}
		put(&s, "nearest hole-free schedule%s: ", c->branched ? " for the longest path" : "");
		if (rates[0])
			put_rates(&s, rates, c->n_path, nsp, f->axes);
		put(&s, " -> ");
		put_rates(&s, f->suggest, f->n_suggest, nsp, f->axes);
		for (a = 0; a < nsp; a++)
			if (f->axes & (1 << a)) {
				put(&s, " (receptive field %lld -> %lld, no common factor, M2 <= K)",
				    (long long)f->rf_old[a] + 1, (long long)f->rf_new[a] + 1);
				break;
			}
		break;
	default:
		put(&s, "?");
	}
	for (a = 0; a < PASS_LINT_MAXSP; a++)
		onnxc_free(rates[a]);
	return (int)s.len;
}
