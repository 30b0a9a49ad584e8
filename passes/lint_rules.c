/*
 * lint_rules.c - the dilation lint's rules R1, R2, R3 and R5 on the chains
 * the walk found, and the order of the findings.
 */
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"

/* path_layers: the layers of chain c's longest path on axis a whose kernel
 * is larger than 1 there; their count.  idx[i] gets the path position. */
static int path_layers(const pass_lint_chain *c, int a, pass_lint_layer *l, int *idx)
{
	int i, n = 0;

	for (i = 0; i < c->n_path; i++) {
		pass_lint_geom g;
		if (pass_lint_node_geom(c->path[i], NULL, &g, NULL) || a >= g.nsp || g.k[a] < 2)
			continue;
		l[n] = (pass_lint_layer){ g.k[a], g.r[a], 1, g.pb[a] };
		idx[n++] = i;
	}
	return n;
}

static int64_t gcd_of(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* r1: gcd per axis of the rates of every member (k > 1 on that axis). */
static int r1(pass_lint_report *r, int ci, onnxc_err *err)
{
	const pass_lint_chain *c = &r->chains[ci];
	int64_t gcd[PASS_LINT_MAXSP] = { 0 };
	pass_lint_finding *f;
	int a, i, axes = 0;

	for (i = 0; i < c->n_members; i++) {
		pass_lint_geom g;
		if (pass_lint_node_geom(c->members[i], NULL, &g, NULL))
			continue;
		for (a = 0; a < g.nsp && a < c->nsp; a++)
			if (g.k[a] > 1)
				gcd[a] = gcd_of(gcd[a], g.r[a]);
	}
	for (a = 0; a < c->nsp; a++)
		if (gcd[a] > 1)
			axes |= 1 << a;
	if (!axes)
		return 0;
	if (!(f = pass_lint_add_finding(r, err)))
		return -1;
	f->rule = 1;
	f->severity = PASS_LINT_WARNING;
	f->chain = ci;
	f->axes = axes;
	memcpy(f->factor, gcd, sizeof gcd);
	return 0;
}

/* r2: HDC's M_2 <= K along the longest path, per axis. */
static int r2(pass_lint_report *r, int ci, onnxc_err *err)
{
	const pass_lint_chain *c = &r->chains[ci];
	pass_lint_layer *l = onnxc_calloc((size_t)c->n_path + 1, sizeof *l);
	int64_t *rates = onnxc_calloc((size_t)c->n_path + 1, sizeof *rates);
	int64_t *ks = onnxc_calloc((size_t)c->n_path + 1, sizeof *ks);
	int gs[PASS_LINT_MAXSP] = { 0 }, gl[PASS_LINT_MAXSP] = { 0 };
	int *idx = onnxc_calloc((size_t)c->n_path + 1, sizeof *idx);
	int64_t m2[PASS_LINT_MAXSP] = { 0 }, K[PASS_LINT_MAXSP] = { 0 };
	pass_lint_finding *f;
	int a, i, n, axes = 0, rc = -1;

	if (!l || !rates || !ks || !idx) {
		onnxc_oom(err);
		goto free_bufs;
	}
	for (a = 0; a < c->nsp; a++) {
		n = path_layers(c, a, l, idx);
		for (i = 0; i < n; i++) {
			rates[i] = l[i].r;
			ks[i] = l[i].k;
		}
		if (pass_lint_hdc_fail(rates, ks, n, &gs[a], &gl[a], &m2[a])) {
			K[a] = ks[gs[a]];
			axes |= 1 << a;
		}
	}
	if (axes) {
		if (!(f = pass_lint_add_finding(r, err)))
			goto free_bufs;
		f->rule = 2;
		f->severity = PASS_LINT_NOTE;
		f->chain = ci;
		f->axes = axes;
		memcpy(f->m2, m2, sizeof m2);
		memcpy(f->K, K, sizeof K);
		memcpy(f->g_start, gs, sizeof gs);
		memcpy(f->g_len, gl, sizeof gl);
	}
	rc = 0;
free_bufs:
	onnxc_free(l);
	onnxc_free(rates);
	onnxc_free(ks);
	onnxc_free(idx);
	return rc;
}

/* r5: the nearest hole-free schedule of the longest path, per axis with
 * holes (an axis whose layers equal an earlier one's reuses its answer). */
static int r5(pass_lint_report *r, int ci, int axes, onnxc_err *err)
{
	const pass_lint_chain *c = &r->chains[ci];
	size_t np = (size_t)c->n_path + 1;
	pass_lint_layer *l[PASS_LINT_MAXSP] = { 0 };
	int *idx[PASS_LINT_MAXSP] = { 0 }, n[PASS_LINT_MAXSP] = { 0 };
	int64_t *best = onnxc_calloc(np, sizeof *best);
	pass_lint_finding *f = NULL;
	int a, b, i, rc = -1, found = 1;

	if (!best)
		return onnxc_oom(err);
	for (a = 0; a < c->nsp; a++) {
		l[a] = onnxc_calloc(np, sizeof *l[a]);
		idx[a] = onnxc_calloc(np, sizeof *idx[a]);
		if (!l[a] || !idx[a]) {
			onnxc_oom(err);
			goto free_bufs;
		}
		n[a] = path_layers(c, a, l[a], idx[a]);
	}
	if (!(f = pass_lint_add_finding(r, err)))
		goto free_bufs;
	f->rule = 5;
	f->severity = PASS_LINT_NOTE;
	f->chain = ci;
	f->axes = axes;
	f->n_suggest = c->n_path;
	for (a = 0; a < c->nsp; a++) {
		pass_lint_geom g;
		int same = -1;
		if (!(f->suggest[a] = onnxc_calloc(np, sizeof *f->suggest[a]))) {
			onnxc_oom(err);
			goto free_bufs;
		}
		for (i = 0; i < c->n_path; i++)
			f->suggest[a][i] = pass_lint_node_geom(c->path[i], NULL, &g, NULL) ||
					   a >= g.nsp ? 1 : g.r[a];
		for (i = 0; i < n[a]; i++)
			f->rf_old[a] += l[a][i].r * (l[a][i].k - 1);
		f->rf_new[a] = f->rf_old[a];
		if (!(axes & (1 << a)))
			continue;
		for (b = 0; b < a && same < 0; b++)
			if ((axes & (1 << b)) && n[b] == n[a] &&
			    !memcmp(l[b], l[a], (size_t)n[a] * sizeof *l[a]) &&
			    !memcmp(idx[b], idx[a], (size_t)n[a] * sizeof *idx[a]))
				same = b;
		if (same >= 0) {
			memcpy(f->suggest[a], f->suggest[same], np * sizeof *best);
			f->rf_new[a] = f->rf_new[same];
			continue;
		}
		switch (pass_lint_advise(l[a], n[a], best, err)) {
		case -1:
			goto free_bufs;
		case 0:
			found = 0;
			continue;
		}
		f->rf_new[a] = 0;
		for (i = 0; i < n[a]; i++) {
			f->suggest[a][idx[a][i]] = best[i];
			f->rf_new[a] += best[i] * (l[a][i].k - 1);
		}
	}
	if (!found)
		f->n_suggest = 0;
	rc = 0;
free_bufs:
	for (a = 0; a < c->nsp; a++) {
		onnxc_free(l[a]);
		onnxc_free(idx[a]);
	}
	onnxc_free(best);
	return rc;
}

/* r3: coverage of the chain's footprint; a warning when it has holes. */
static int r3(pass_lint_report *r, int ci, const pass_lint_opts *o, onnxc_err *err)
{
	pass_lint_chain *c = &r->chains[ci];
	pass_lint_finding *f;
	int a, axes = 0;

	for (a = 0; a < c->nsp; a++) {
		if (pass_lint_fp_axis(&c->fp, a, &c->axis[a], err))
			return -1;
		if (c->axis[a].n_holes)
			axes |= 1 << a;
	}
	c->covered_nd = pass_lint_fp_count(&c->fp, &c->box_nd);
	c->holes = axes || c->covered_nd < c->box_nd;
	if (!c->holes)
		return 0;
	if (!(f = pass_lint_add_finding(r, err)))
		return -1;
	f->rule = 3;
	f->severity = PASS_LINT_WARNING;
	f->chain = ci;
	f->axes = axes;
	/* R5 proposes a sequence: not for chains with parallel spatial
	 * branches (ASPP), only for linear chains and residual skips */
	return axes && o->advice && c->n_members == c->n_path ? r5(r, ci, axes, err) : 0;
}

/* anchor: the member with the largest rate (the last of equals). */
static const ir_node *anchor(const pass_lint_chain *c)
{
	const ir_node *best = c->members[c->n_members - 1];
	int64_t top = 0;
	int i, a;

	for (i = 0; i < c->n_members; i++) {
		pass_lint_geom g;
		if (pass_lint_node_geom(c->members[i], NULL, &g, NULL))
			continue;
		for (a = 0; a < g.nsp; a++)
			if (g.k[a] > 1 && g.r[a] >= top) {
				top = g.r[a];
				best = c->members[i];
			}
	}
	return best;
}

/* before: sort order of findings: by chain (R4 findings outside chains
 * last), then R3, R1, R2, R5, R4. */
static int before(const pass_lint_finding *a, const pass_lint_finding *b)
{
	static const int rank[6] = { 9, 1, 2, 0, 4, 3 };
	unsigned ca = (unsigned)a->chain, cb = (unsigned)b->chain;

	if (ca != cb)
		return ca < cb;
	return rank[a->rule] < rank[b->rule];
}

int pass_lint_rules(pass_lint_report *r, const pass_lint_opts *o, onnxc_err *err)
{
	int i;

	for (i = 0; i < r->n_chains; i++)
		if (r3(r, i, o, err) || r1(r, i, err) || r2(r, i, err))
			return -1;
	for (i = 0; i < r->n_findings; i++) {
		pass_lint_finding *f = &r->findings[i];
		if (f->rule != 4)
			f->node = anchor(&r->chains[f->chain]);
		if (o->werror)
			f->severity = PASS_LINT_WARNING;
	}
	/* insertion sort: stable, findings are few */
	for (i = 1; i < r->n_findings; i++) {
		pass_lint_finding f = r->findings[i];
		int j = i;
		for (; j > 0 && before(&f, &r->findings[j - 1]); j--)
			r->findings[j] = r->findings[j - 1];
		r->findings[j] = f;
	}
	return 0;
}
