/*
 * manager.c - runs the pipeline: filtering by name, notes, verification.
 */
#include <stdarg.h>
#include <string.h>

#include "pass.h"

const pass_def *pass_find(const char *name)
{
	int i;

	for (i = 0; i < pass_pipeline_len; i++)
		if (!strcmp(pass_pipeline[i].name, name))
			return &pass_pipeline[i];
	return NULL;
}

/* in_list: is `name` an item of the comma list? */
static int in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, name, n))
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

int pass_check_names(const char *list, onnxc_err *err)
{
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char name[64];
		if (len && len < sizeof name) {
			memcpy(name, p, len);
			name[len] = 0;
			if (!pass_find(name))
				return onnxc_seterr(err, ONNXC_EINVAL, "unknown pass '%s'", name);
		} else if (len) {
			return onnxc_seterr(err, ONNXC_EINVAL, "unknown pass '%.*s'", (int)len, p);
		}
		p = e ? e + 1 : NULL;
	}
	return 0;
}

void pass_note(pass_ctx *pc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	pc->changes++;
	if (!pc->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pc->note(pc->ud, pc->pass, msg);
}

int pass_mark(pass_ctx *pc, ir_node *n, const char *fmt, ...)
{
	char msg[512];
	size_t old = n->origin ? strlen(n->origin) : 0, len;
	char *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	len = old + (old ? 2 : 0) + strlen(pc->pass ? pc->pass : "") + 2 + strlen(msg) + 1;
	s = onnxc_malloc(len);
	if (!s)
		return onnxc_oom(pc->err);
	snprintf(s, len, "%s%s%s: %s", old ? n->origin : "", old ? "; " : "",
		 pc->pass ? pc->pass : "", msg);
	onnxc_free(n->origin);
	n->origin = s;
	return 0;
}

int pass_run(ir_model *m, const pass_opts *o, onnxc_err *err)
{
	pass_ctx pc = { m, err, NULL, 0, o ? o->note : NULL, o ? o->ud : NULL };
	int i, verify = 0;

#ifdef ONNXC_DEBUG_VERIFY
	verify = 1;
#endif
	if (o && o->verify)
		verify = 1;
	if (o && (pass_check_names(o->only, err) || pass_check_names(o->disable, err)))
		return -1;
	for (i = 0; i < pass_pipeline_len; i++) {
		const pass_def *p = &pass_pipeline[i];
		if (o && o->only && !in_list(o->only, p->name))
			continue;
		if (o && o->disable && in_list(o->disable, p->name))
			continue;
		pc.pass = p->name;
		pc.changes = 0;
		if (p->run(&pc))
			return -1;
		if (ir_graph_toposort(m->graph, err))
			return -1;
		if (verify) {
			char what[96];
			snprintf(what, sizeof what, "after pass %s", p->name);
			if (ir_verify(m->graph, what, err))
				return -1;
		}
		if (o && o->after)
			o->after(o->ud, m, p->name, pc.changes);
	}
	return 0;
}
