/*
 * cmd_lint.c - `onnxc lint`: the dilation-schedule lint (passes/lint.h) as a
 * command: compiler-style text or JSON findings, an SVG of the worst
 * chain's footprint, and an exit status for CI.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fe.h"
#include "fileio.h"
#include "lint.h"
#include "session.h"

#define LINT_MAX_INPUTS 16
#define LINT_EXIT_OK 0
#define LINT_EXIT_WARN 1
#define LINT_EXIT_BAD 2

static const char lint_usage[] =
	"usage: onnxc lint MODEL [--format text|json] [--input-shape NAME=1x3x512x512]...\n"
	"                  [--svg FILE] [--werror] [--no-advice]\n"
	"  Checks chains of dilated convolutions for gridding (holes in what one\n"
	"  output position sees), on the grid of the feature map after the last\n"
	"  change of resolution.  Rules: R1 common factor of the rates, R2 HDC's\n"
	"  M2 <= K (a note), R3 exact coverage (the verdict), R4 rates so large\n"
	"  that off-centre taps read only padding (needs input sizes), R5 the\n"
	"  nearest hole-free schedule.\n"
	"  --format text|json   output format (default text)\n"
	"  --input-shape S      NAME=DxDx... (or DxDx... for a single input):\n"
	"                       sizes for R4 where the model's are symbolic\n"
	"  --svg FILE           picture of the worst chain's footprint\n"
	"  --werror             notes count as warnings\n"
	"  --no-advice          skip R5's search\n"
	"Exit status: 0 clean (notes allowed), 1 warnings, 2 bad model or flags.\n";

typedef struct lint_args {
	const char *model, *format, *svg;
	int werror, advice, json;
	int n_shapes;
	char *names[LINT_MAX_INPUTS];
	int ranks[LINT_MAX_INPUTS];
	int64_t dims[LINT_MAX_INPUTS][8];
} lint_args;

static int bad(const char *fmt, const char *a)
{
	fprintf(stderr, "onnxc lint: ");
	fprintf(stderr, fmt, a);
	fputc('\n', stderr);
	return -1;
}

/* parse_shape: "NAME=1x3x64x64" or "1x3x64x64" into slot k. */
static int parse_shape(lint_args *a, const char *s)
{
	const char *eq = strrchr(s, '=');
	const char *p = eq ? eq + 1 : s;
	int k = a->n_shapes, r = 0;

	if (k >= LINT_MAX_INPUTS)
		return bad("too many --input-shape flags (at most 16)%s", "");
	a->names[k] = eq ? strndup(s, (size_t)(eq - s)) : NULL;
	a->n_shapes++;             /* from here on the caller frees the name */
	if (eq && !a->names[k])
		return bad("out of memory%s", "");
	if (eq && !a->names[k][0])
		return bad("--input-shape '%s': empty input name", s);
	for (;;) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno || end == p || v < 1 || v > (1LL << 31) || r == 8)
			return bad("--input-shape '%s': expected NAME=DxDx... with 1 to 8 positive sizes",
				   s);
		a->dims[k][r++] = v;
		if (!*end)
			break;
		if (*end != 'x' && *end != 'X')
			return bad("--input-shape '%s': expected NAME=DxDx... with 1 to 8 positive sizes",
				   s);
		p = end + 1;
	}
	a->ranks[k] = r;
	return 0;
}

/* parse_args: 0, 1 after --help, -1 on a bad flag (message printed). */
static int parse_args(int argc, char **argv, lint_args *a)
{
	int i, only_pos = 0;

	a->format = "text";
	a->advice = 1;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = NULL;
		size_t n;
		if (only_pos || arg[0] != '-' || !strcmp(arg, "-")) {
			if (a->model)
				return bad("unexpected argument '%s' (one MODEL)", arg);
			a->model = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(lint_usage, stdout);
			return 1;
		}
		if (!strcmp(arg, "--werror")) {
			a->werror = 1;
			continue;
		}
		if (!strcmp(arg, "--no-advice")) {
			a->advice = 0;
			continue;
		}
		n = strcspn(arg, "=");
		if (!strncmp(arg, "--format", n) && n == 8)
			val = "format";
		else if (!strncmp(arg, "--input-shape", n) && n == 13)
			val = "input-shape";
		else if (!strncmp(arg, "--svg", n) && n == 5)
			val = "svg";
		else
			return bad("unknown option '%s' (see onnxc lint --help)", arg);
		if (arg[n] == '=') {
			arg += n + 1;
		} else if (i + 1 < argc) {
			arg = argv[++i];
		} else {
			return bad("--%s needs a value", val);
		}
		if (!strcmp(val, "format")) {
			if (strcmp(arg, "text") && strcmp(arg, "json"))
				return bad("bad value '%s' for --format (expected text or json)", arg);
			a->format = arg;
		} else if (!strcmp(val, "svg")) {
			a->svg = arg;
		} else if (parse_shape(a, arg)) {
			return -1;
		}
	}
	if (!a->model)
		return bad("no MODEL given (see onnxc lint --help)%s", "");
	a->json = !strcmp(a->format, "json");
	return 0;
}

/* ---- sizes from a prepared session ---- */

typedef struct sess_dims {
	onnxc_model *model;
	onnxc_session *sess;
	int ok;
} sess_dims;

/* plan_dims: pass_lint_dims_fn reading the prepared plan's tensors.  The
 * session has its own copy of the model (prepare may rewrite it): values
 * are matched by name. */
static int plan_dims(void *ud, const ir_value *v, int64_t *dims)
{
	const sess_dims *sd = ud;
	const rt_plan *p;
	const rt_tensor *t;
	ir_value *sv;

	if (!sd->ok || !sd->sess->n_plans)
		return -1;
	p = sd->sess->plans[0];
	sv = ir_graph_find_local(sd->model->ir->graph, v->name);
	if (!sv || sv->id < 0 || sv->id >= p->n_values)
		return -1;
	t = &p->tensors[sv->id];
	if (!t->dtype || t->rank < 0 || t->rank > 8)
		return -1;
	memcpy(dims, t->dims, (size_t)t->rank * sizeof *dims);
	return t->rank;
}

/* try_prepare: prepare a session with every input's sizes (given, or
 * declared when all are numbers).  Failing is fine: the lint then infers
 * spatial sizes itself (kernels may be missing). */
static void try_prepare(sess_dims *sd, const lint_args *a)
{
	onnxc_tensor in[LINT_MAX_INPUTS];
	int64_t d[LINT_MAX_INPUTS][8];
	int i, k, n = onnxc_model_num_inputs(sd->model);

	if (!sd->model || n > LINT_MAX_INPUTS || onnxc_session_new(sd->model, NULL, &sd->sess))
		return;
	for (i = 0; i < n; i++) {
		onnxc_tensor info;
		const int64_t *src = NULL;
		onnxc_model_input(sd->model, i, &info);
		in[i] = info;
		for (k = 0; k < a->n_shapes; k++)
			if ((a->names[k] && !strcmp(a->names[k], info.name)) || (!a->names[k] && n == 1)) {
				in[i].rank = a->ranks[k];
				src = a->dims[k];
			}
		if (!src)
			src = info.dims;
		if (in[i].rank > 8)
			return;
		for (k = 0; k < in[i].rank; k++) {
			if (src[k] < 0)
				return;
			d[i][k] = src[k];
		}
		in[i].dims = d[i];
		in[i].data = NULL;
		in[i].nbytes = 0;
	}
	sd->ok = onnxc_session_prepare(sd->sess, n, in) == ONNXC_STATUS_OK;
}

/* ---- output ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* message: the finding's text in a malloc'd buffer (NULL on OOM). */
static char *message(const pass_lint_report *r, const pass_lint_finding *f, int with_chain)
{
	const pass_lint_chain *c = f->chain >= 0 ? &r->chains[f->chain] : NULL;
	int n = pass_lint_message(r, f, NULL, 0);
	int m = with_chain && c ? pass_lint_chain_desc(c, NULL, 0) : 0;
	char *buf = malloc((size_t)n + (size_t)m + 8);

	if (!buf)
		return NULL;
	pass_lint_message(r, f, buf, (size_t)n + 1);
	if (m) {
		strcpy(buf + n, " -- ");
		pass_lint_chain_desc(c, buf + n + 4, (size_t)m + 1);
	}
	return buf;
}

static const char *sev_name(int s)
{
	return s == PASS_LINT_WARNING ? "warning" : "note";
}

static int print_text(FILE *out, const char *model, const pass_lint_report *r)
{
	int i, w = pass_lint_count(r, PASS_LINT_WARNING), n = pass_lint_count(r, PASS_LINT_NOTE);

	for (i = 0; i < r->n_findings; i++) {
		const pass_lint_finding *f = &r->findings[i];
		int first = f->chain < 0 || i == 0 || r->findings[i - 1].chain != f->chain;
		char desc[256], *msg = message(r, f, first);
		if (!msg)
			return -1;
		pass_lint_node_desc(f->node, desc, sizeof desc);
		fprintf(out, "%s: node '%s' (%s): %s[%s]: %s\n", model, f->node->name, desc,
			sev_name(f->severity), pass_lint_rule_id(f->rule), msg);
		free(msg);
	}
	fprintf(out, "%s: %d chain%s with dilation analysed: %d warning%s, %d note%s", model,
		r->n_chains, r->n_chains == 1 ? "" : "s", w, w == 1 ? "" : "s", n, n == 1 ? "" : "s");
	if (r->n_unsized)
		fprintf(out, "; R4 undecided for %d dilated op%s (input size unknown: give "
			"--input-shape)", r->n_unsized, r->n_unsized == 1 ? "" : "s");
	if (r->n_too_large)
		fprintf(out, "; %d chain%s too large to analyse", r->n_too_large,
			r->n_too_large == 1 ? "" : "s");
	fputc('\n', out);
	return 0;
}

/* json_rates: the path's rates: a flat list when the axes agree, else a
 * list per axis. */
static void json_rates(FILE *out, const pass_lint_chain *c, int64_t *const *v, int n)
{
	int a, i, same = 1;

	for (a = 1; a < c->nsp; a++)
		same &= !memcmp(v[a], v[0], (size_t)n * sizeof **v);
	if (!same)
		fputc('[', out);
	for (a = 0; a < (same ? 1 : c->nsp); a++) {
		fprintf(out, "%s[", a ? "," : "");
		for (i = 0; i < n; i++)
			fprintf(out, "%s%lld", i ? "," : "", (long long)v[a][i]);
		fputc(']', out);
	}
	if (!same)
		fputc(']', out);
}

static int print_json_finding(FILE *out, const pass_lint_report *r, const pass_lint_finding *f)
{
	const pass_lint_chain *c = f->chain >= 0 ? &r->chains[f->chain] : NULL;
	int64_t *rates[PASS_LINT_MAXSP] = { 0 };
	char *msg = message(r, f, 0);
	int a, i, rc = -1;

	if (!msg)
		return -1;
	fprintf(out, "{\"rule\":\"R%d\",\"id\":\"%s\",\"severity\":\"%s\",\"node\":", f->rule,
		pass_lint_rule_id(f->rule), sev_name(f->severity));
	json_str(out, f->node->name);
	fputs(",\"nodes\":[", out);
	if (c) {
		for (i = 0; i < c->n_members; i++) {
			fputs(i ? "," : "", out);
			json_str(out, c->members[i]->name);
		}
	} else {
		json_str(out, f->node->name);
	}
	fputc(']', out);
	if (c) {
		fputs(",\"origin\":", out);
		json_str(out, c->origin->name);
		for (a = 0; a < c->nsp; a++) {
			if (!(rates[a] = calloc((size_t)c->n_path + 1, sizeof *rates[a])))
				goto free_rates;
			pass_lint_path_rates(c, a, rates[a]);
		}
		fputs(",\"rates\":", out);
		json_rates(out, c, rates, c->n_path);
		fprintf(out, ",\"coverage\":%.4f,\"coverage_per_axis\":[",
			c->box_nd ? (double)c->covered_nd / (double)c->box_nd : 1.0);
		for (a = 0; a < c->nsp; a++) {
			int64_t w = c->axis[a].hi - c->axis[a].lo + 1;
			fprintf(out, "%s%.4f", a ? "," : "", (double)c->axis[a].covered / (double)w);
		}
		fputs("],\"span\":[", out);
		for (a = 0; a < c->nsp; a++)
			fprintf(out, "%s[%lld,%lld]", a ? "," : "", (long long)c->axis[a].lo,
				(long long)c->axis[a].hi);
		fputs("],\"period\":[", out);
		for (a = 0; a < c->nsp; a++)
			fprintf(out, "%s%lld", a ? "," : "", (long long)c->axis[a].period);
		fputc(']', out);
	}
	if (f->rule == 1)
		for (a = 0; a < c->nsp; a++)
			if (f->axes & (1 << a)) {
				fprintf(out, ",\"factor\":%lld", (long long)f->factor[a]);
				break;
			}
	if (f->rule == 2)
		for (a = 0; a < c->nsp; a++)
			if (f->axes & (1 << a)) {
				fprintf(out, ",\"m2\":%lld,\"K\":%lld", (long long)f->m2[a],
					(long long)f->K[a]);
				break;
			}
	if (f->rule == 4) {
		fputs(",\"input_size\":[", out);
		for (a = 0; a < (c ? c->nsp : 2); a++)
			fprintf(out, "%s%lld", a ? "," : "", (long long)f->in_size[a]);
		fputc(']', out);
	}
	if (f->rule == 5) {
		fputs(",\"suggested\":", out);
		if (f->n_suggest)
			json_rates(out, c, f->suggest, f->n_suggest);
		else
			fputs("null", out);
	}
	fputs(",\"message\":", out);
	json_str(out, msg);
	fputc('}', out);
	rc = 0;
free_rates:
	for (a = 0; a < PASS_LINT_MAXSP; a++)
		free(rates[a]);
	free(msg);
	return rc;
}

static int print_json(FILE *out, const char *model, const pass_lint_report *r)
{
	int i;

	fputs("{\"model\":", out);
	json_str(out, model);
	fputs(",\"findings\":[", out);
	for (i = 0; i < r->n_findings; i++) {
		fputs(i ? ",\n  " : "\n  ", out);
		if (print_json_finding(out, r, &r->findings[i]))
			return -1;
	}
	fprintf(out, "%s],\"chains\":%d,\"warnings\":%d,\"notes\":%d,\"r4_undecided\":%d}\n",
		r->n_findings ? "\n" : "", r->n_chains, pass_lint_count(r, PASS_LINT_WARNING),
		pass_lint_count(r, PASS_LINT_NOTE), r->n_unsized);
	return 0;
}

/* ---- SVG ---- */

/* worst: the chain with holes and the least coverage (else the least
 * covered chain); -1 without chains. */
static int worst(const pass_lint_report *r)
{
	int i, best = -1;
	double bc = 2;

	for (i = 0; i < r->n_chains; i++) {
		const pass_lint_chain *c = &r->chains[i];
		double cov = c->box_nd ? (double)c->covered_nd / (double)c->box_nd : 1;
		if (best < 0 || (c->holes && !r->chains[best].holes) ||
		    (c->holes == r->chains[best].holes && cov < bc)) {
			best = i;
			bc = cov;
		}
	}
	return best;
}

static void xml_str(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
	}
}

/* reached: is (y, x) of the drawn plane reached?  The last two axes are
 * drawn; a 3-D footprint is projected along its first axis. */
static int reached(const pass_lint_chain *c, int64_t y, int64_t x)
{
	int64_t off[PASS_LINT_MAXSP], d;

	if (c->nsp == 1) {
		off[0] = x;
		return pass_lint_fp_has(&c->fp, off);
	}
	off[c->nsp - 2] = y;
	off[c->nsp - 1] = x;
	if (c->nsp == 2)
		return pass_lint_fp_has(&c->fp, off);
	for (d = c->axis[0].lo; d <= c->axis[0].hi; d++) {
		off[0] = d;
		if (pass_lint_fp_has(&c->fp, off))
			return 1;
	}
	return 0;
}

/* write_svg: the worst chain's footprint on its input grid: reached offsets
 * filled, holes inside the span marked, the output position's own pixel
 * (offset 0) outlined. */
static int write_svg(const char *path, const char *model, const pass_lint_report *r)
{
	int ci = worst(r), rc = -1;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	onnxc_err err = { 0 };

	if (!f)
		return bad("--svg: %s", strerror(errno));
	if (ci < 0) {
		fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"60\">\n"
			   "<text x=\"10\" y=\"35\" font-family=\"sans-serif\" font-size=\"14\">");
		xml_str(f, model);
		fputs(": no chain with dilation</text>\n</svg>\n", f);
	} else {
		const pass_lint_chain *c = &r->chains[ci];
		int64_t y0 = c->nsp > 1 ? c->axis[c->nsp - 2].lo : 0;
		int64_t y1 = c->nsp > 1 ? c->axis[c->nsp - 2].hi : 0;
		int64_t x0 = c->axis[c->nsp - 1].lo, x1 = c->axis[c->nsp - 1].hi, y, x;
		int64_t rows = y1 - y0 + 1, cols = x1 - x0 + 1, big = rows > cols ? rows : cols;
		int cell = (int)(720 / big), top, W, H;
		char *desc;
		int n = pass_lint_chain_desc(c, NULL, 0);

		cell = cell > 24 ? 24 : cell < 2 ? 2 : cell;
		top = 70 + 13 * (n / 100 + 1);   /* room for the wrapped node list */
		W = (int)(cols * cell) + 20 > 760 ? (int)(cols * cell) + 20 : 760;
		H = (int)(rows * cell) + top + 10;
		fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
			   "font-family=\"sans-serif\">\n<rect width=\"100%%\" height=\"100%%\" "
			   "fill=\"white\"/>\n<text x=\"10\" y=\"20\" font-size=\"14\">", W, H);
		xml_str(f, model);
		fprintf(f, ": %s footprint of one output position on the grid of '",
			c->holes ? "worst" : "least covered");
		xml_str(f, c->origin->name);
		fprintf(f, "'</text>\n<text x=\"10\" y=\"40\" font-size=\"12\">%lld of %lld offsets "
			   "reached (%.1f%%), span %lldx%lld%s; filled: reached, red: holes, outlined: "
			   "offset 0</text>\n", (long long)c->covered_nd, (long long)c->box_nd,
			c->box_nd ? 100.0 * (double)c->covered_nd / (double)c->box_nd : 100.0,
			(long long)rows, (long long)cols, c->nsp == 3 ? " (projected along D)" : "");
		if ((desc = malloc((size_t)n + 1))) {
			/* the chain's nodes, wrapped at a space before 110 characters */
			char *p = desc;
			int line = 0;
			pass_lint_chain_desc(c, desc, (size_t)n + 1);
			while (*p) {
				char *cut = p + strlen(p), *q;
				if (cut - p > 110) {
					cut = p + 110;
					for (q = p + 110; q > p + 20; q--)
						if (q[0] == ' ') {
							cut = q + 1;
							break;
						}
				}
				fprintf(f, "<text x=\"10\" y=\"%d\" font-size=\"10\">", 58 + 13 * line++);
				{
					char keep = *cut;
					*cut = 0;
					xml_str(f, p);
					*cut = keep;
				}
				fputs("</text>\n", f);
				p = cut;
			}
			free(desc);
		}
		for (y = y0; y <= y1; y++)
			for (x = x0; x <= x1; x++)
				fprintf(f, "<rect x=\"%lld\" y=\"%lld\" width=\"%d\" height=\"%d\" "
					   "fill=\"%s\" stroke=\"white\" stroke-width=\"%s\"/>\n",
					(long long)(10 + (x - x0) * cell), (long long)(top + (y - y0) * cell),
					cell, cell, reached(c, y, x) ? "#1f5fa8" : "#f4b6b6",
					cell >= 6 ? "1" : "0");
		if (y0 <= 0 && 0 <= y1 && x0 <= 0 && 0 <= x1)
			fprintf(f, "<rect x=\"%lld\" y=\"%lld\" width=\"%d\" height=\"%d\" fill=\"none\" "
				   "stroke=\"black\" stroke-width=\"2\"/>\n", (long long)(10 - x0 * cell),
				(long long)(top - y0 * cell), cell, cell);
		fputs("</svg>\n", f);
	}
	if (fclose(f)) {
		free(buf);
		return bad("--svg: %s", strerror(errno));
	}
	if (fe_write_atomic(path, buf, len, &err))
		fprintf(stderr, "onnxc lint: %s\n", err.msg);
	else
		rc = 0;
	free(buf);
	return rc;
}

/* ---- the command ---- */

int cmd_lint(int argc, char **argv)
{
	lint_args a;
	ir_model *ir = NULL;
	sess_dims sd = { 0 };
	pass_lint_opts o;
	pass_lint_report rep = { 0 };
	onnxc_err err = { 0 };
	const char *names[LINT_MAX_INPUTS];
	const int64_t *dims[LINT_MAX_INPUTS];
	int i, k, rc = LINT_EXIT_BAD;

	memset(&a, 0, sizeof a);
	switch (parse_args(argc, argv, &a)) {
	case 1:
		rc = LINT_EXIT_OK;
		goto free_args;
	case -1:
		goto free_args;
	}
	if (fe_load_file(a.model, NULL, &ir, &err)) {
		fprintf(stderr, "onnxc lint: %s\n", err.msg);
		goto free_args;
	}
	pass_lint_opts_init(&o);
	o.werror = a.werror;
	o.advice = a.advice;
	/* --input-shape names must be graph inputs; a bare shape needs one input */
	for (k = 0, i = 0; i < ir->graph->n_inputs; i++)
		k += !ir->graph->inputs[i]->init;
	for (i = 0; i < a.n_shapes; i++) {
		const ir_value *v = NULL;
		int j;
		for (j = 0; j < ir->graph->n_inputs; j++) {
			const ir_value *in = ir->graph->inputs[j];
			if (in->init)
				continue;
			if (a.names[i] ? !strcmp(in->name, a.names[i]) : k == 1)
				v = in;
		}
		if (!v) {
			if (a.names[i])
				fprintf(stderr, "onnxc lint: --input-shape: the model has no input '%s'\n",
					a.names[i]);
			else
				fprintf(stderr, "onnxc lint: --input-shape without NAME= needs a model with "
						"one input (it has %d)\n", k);
			goto free_model;
		}
		names[i] = v->name;
		dims[i] = a.dims[i];
	}
	o.n_inputs = a.n_shapes;
	o.input_names = names;
	o.input_ranks = a.ranks;
	o.input_dims = dims;
	/* a prepared session knows every value's sizes (on its own copy) */
	if (onnxc_model_load(a.model, NULL, &sd.model, NULL, 0) == ONNXC_STATUS_OK)
		try_prepare(&sd, &a);
	o.dims = plan_dims;
	o.dims_ud = &sd;
	if (pass_lint(ir, &o, &rep, &err)) {
		fprintf(stderr, "onnxc lint: %s: %s\n", a.model, err.msg);
		goto free_report;
	}
	if ((a.json ? print_json(stdout, a.model, &rep) : print_text(stdout, a.model, &rep)) ||
	    fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "onnxc lint: cannot write the findings\n");
		goto free_report;
	}
	if (a.svg && write_svg(a.svg, a.model, &rep))
		goto free_report;
	rc = pass_lint_count(&rep, PASS_LINT_WARNING) ? LINT_EXIT_WARN : LINT_EXIT_OK;
free_report:
	pass_lint_report_free(&rep);
	onnxc_session_free(sd.sess);
	onnxc_model_free(sd.model);
free_model:
	ir_model_free(ir);
free_args:
	for (i = 0; i < a.n_shapes; i++)
		free(a.names[i]);
	return rc;
}
