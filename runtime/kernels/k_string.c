/*
 * k_string.c - string tensors: casts to and from strings (used by Cast and
 * CastLike, k_cast.c) and StringNormalizer.
 *
 * Strings exist only at prepare (rt.h): these kernels need their string
 * inputs constant, so the session binds the graph inputs they derive from
 * by value and folds them; output strings are allocated with
 * rt_strdup_const (owned by the plan).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "k_string.h"

/* round_trips: does text s read back as v in dtype's precision? */
static int round_trips(const char *s, double v, int dtype)
{
	double r = strtod(s, NULL);

	switch (dtype) {
	case IR_FLOAT: return (float)r == (float)v;
	case IR_FLOAT16: return rt_float_to_half((float)r) == rt_float_to_half((float)v);
	case IR_BFLOAT16: return rt_float_to_bf16((float)r) == rt_float_to_bf16((float)v);
	default: return r == v;
	}
}

/* format_float: v (exactly representable in dtype) with the fewest
 * significant digits that read back as v, laid out like numpy: positional
 * with at least one fractional digit when 1e-4 <= |v| < 1e16, else
 * d.ddde+XX. */
static void format_float(double v, int dtype, char *buf, size_t len)
{
	char e[40], digits[24];
	int p, exp, nd = 0, k;
	const char *c;
	size_t o = 0;

	if (isnan(v)) {
		snprintf(buf, len, "nan");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, len, v < 0 ? "-inf" : "inf");
		return;
	}
	if (v == 0) {
		snprintf(buf, len, signbit(v) ? "-0.0" : "0.0");
		return;
	}
	for (p = 1; p < 17; p++) {
		snprintf(e, sizeof e, "%.*e", p - 1, v);
		if (round_trips(e, v, dtype))
			break;
	}
	if (p == 17)
		snprintf(e, sizeof e, "%.16e", v);
	/* e is [-]d[.ddd]e(+|-)XX: collect the digits, drop trailing zeros */
	for (c = e; *c && *c != 'e'; c++)
		if (isdigit((unsigned char)*c))
			digits[nd++] = *c;
	exp = atoi(c + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = 0;
	if (v < 0)
		buf[o++] = '-';
	if (fabs(v) >= 1e16 || fabs(v) < 1e-4) {
		snprintf(buf + o, len - o, "%c%s%.*se%c%02d", digits[0], nd > 1 ? "." : "", nd - 1,
			 digits + 1, exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return;
	}
	if (exp >= 0) {
		for (k = 0; k <= exp; k++)
			buf[o++] = k < nd ? digits[k] : '0';
		buf[o++] = '.';
		if (nd > exp + 1)
			for (k = exp + 1; k < nd; k++)
				buf[o++] = digits[k];
		else
			buf[o++] = '0';
	} else {
		buf[o++] = '0';
		buf[o++] = '.';
		for (k = 0; k < -exp - 1; k++)
			buf[o++] = '0';
		for (k = 0; k < nd; k++)
			buf[o++] = digits[k];
	}
	buf[o] = 0;
}

void rt_str_format(const rt_tensor *t, int64_t i, char *buf, size_t len)
{
	switch (t->dtype) {
	case IR_FLOAT: case IR_DOUBLE: case IR_FLOAT16: case IR_BFLOAT16:
		format_float(rt_get_f(t, i), t->dtype, buf, len);
		break;
	case IR_BOOL:
		snprintf(buf, len, "%s", rt_get_i(t, i) ? "True" : "False");
		break;
	case IR_UINT64:
		snprintf(buf, len, "%llu", (unsigned long long)((const uint64_t *)t->data)[i]);
		break;
	default:
		snprintf(buf, len, "%lld", (long long)rt_get_i(t, i));
		break;
	}
}

/* parse_into: store string s as element i of numeric tensor t; -1 when s
 * is not a number of that kind. */
static int parse_into(rt_tensor *t, int64_t i, const char *s)
{
	char *end;

	errno = 0;
	if (t->dtype == IR_BOOL) {
		if (!strcasecmp(s, "true") || !strcasecmp(s, "false")) {
			((uint8_t *)t->data)[i] = (s[0] | 0x20) == 't';
			return 0;
		}
	} else if (t->dtype == IR_UINT64 && s[0] != '-') {
		unsigned long long u = strtoull(s, &end, 10);
		if (end != s && !*end && !errno) {
			((uint64_t *)t->data)[i] = u;
			return 0;
		}
	} else if (t->dtype != IR_FLOAT && t->dtype != IR_DOUBLE && t->dtype != IR_FLOAT16 &&
		   t->dtype != IR_BFLOAT16) {
		long long v = strtoll(s, &end, 10);
		if (end != s && !*end && !errno) {
			rt_put_i(t, i, v);
			return 0;
		}
	}
	errno = 0;
	{
		double d = strtod(s, &end);
		if (end == s || *end)
			return -1;
		rt_put_f(t, i, d);
	}
	return 0;
}

int rt_str_cast(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	rt_tensor *y = n->out[0];
	int64_t i;

	if (x->dtype == IR_STRING && y->dtype == IR_STRING) {
		memcpy(y->data, x->data, y->nbytes);   /* both plan-owned constants */
		return 0;
	}
	if (y->dtype == IR_STRING) {
		for (i = 0; i < x->numel; i++) {
			char buf[64];
			rt_str_format(x, i, buf, sizeof buf);
			if (!(((char **)y->data)[i] = rt_strdup_const(n, buf, strlen(buf), err)))
				return -1;
		}
		return 0;
	}
	for (i = 0; i < x->numel; i++) {
		const char *s = ((char *const *)x->data)[i];
		if (parse_into(y, i, s ? s : ""))
			return rt_fail(n, err, ONNXC_EINVAL, "element %lld (\"%.60s\") is not a %s",
				       (long long)i, s ? s : "", ir_dtype_name(y->dtype));
	}
	return 0;
}

/* ---- StringNormalizer ---- */

enum { CASE_NONE, CASE_LOWER, CASE_UPPER };

/* is_stopword: is s one of the node's stopwords (ASCII case folded unless
 * case sensitive)? */
static int is_stopword(const ir_attr *stop, int sensitive, const char *s)
{
	int k;

	for (k = 0; stop && k < stop->n; k++) {
		const char *w = stop->strings[k] ? stop->strings[k] : "";
		if (sensitive ? !strcmp(w, s) : !strcasecmp(w, s))
			return 1;
	}
	return 0;
}

/* sn_params: the attributes, checked; -1 (err) when invalid. */
static int sn_params(rt_node *n, int *action, int *sensitive, const ir_attr **stop,
		     onnxc_err *err)
{
	const char *act = ir_attr_string(n->ir, "case_change_action", "NONE");
	const char *locale = ir_attr_string(n->ir, "locale", "");

	if (!strcmp(act, "NONE"))
		*action = CASE_NONE;
	else if (!strcmp(act, "LOWER"))
		*action = CASE_LOWER;
	else if (!strcmp(act, "UPPER"))
		*action = CASE_UPPER;
	else
		return rt_fail(n, err, ONNXC_EINVAL, "case_change_action '%.40s' is not NONE, "
			       "LOWER or UPPER", act);
	if (locale[0] && strcmp(locale, "en_US") && strcmp(locale, "en_US.UTF-8") &&
	    strcmp(locale, "C"))
		return rt_fail(n, err, ONNXC_EUNSUPPORTED, "locale '%.40s': only en_US (ASCII case "
			       "mapping) is supported", locale);
	*sensitive = ir_attr_int(n->ir, "is_case_sensitive", 0) != 0;
	*stop = ir_attr_get(n->ir, "stopwords");
	if (*stop && (*stop)->kind != IR_ATTR_STRINGS)
		return rt_fail(n, err, ONNXC_EINVAL, "stopwords must be a list of strings");
	return 0;
}

/* prep_sn: X is [C] or [1, C] strings, constant; Y keeps the words that
 * are not stopwords ([1] or [1, 1] holding "" when none is left). */
static int prep_sn(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x;
	const ir_attr *stop;
	int action, sensitive;
	int64_t i, kept = 0, dims[2] = { 1, 1 };

	if (n->n_in < 1 || !n->in[0] || n->n_out < 1 || !n->out[0])
		return rt_fail(n, err, ONNXC_EINVAL, "needs an input and an output");
	x = n->in[0];
	if (x->dtype != IR_STRING)
		return rt_fail(n, err, ONNXC_EINVAL, "input must be string, not %s",
			       ir_dtype_name(x->dtype));
	if (!(x->rank == 1 || (x->rank == 2 && x->dims[0] == 1)))
		return rt_fail(n, err, ONNXC_EINVAL, "input must be [C] or [1, C]");
	if (sn_params(n, &action, &sensitive, &stop, err) || rt_need_const(n, 0, err))
		return -1;
	for (i = 0; i < x->numel; i++)
		kept += !is_stopword(stop, sensitive, ((char *const *)x->data)[i]);
	dims[x->rank - 1] = kept ? kept : 1;
	return rt_set_shape(n, n->out[0], IR_STRING, x->rank, dims, err);
}

static int exec_sn(rt_node *n, onnxc_err *err)
{
	const rt_tensor *x = n->in[0];
	char **y = n->out[0]->data;
	const ir_attr *stop;
	int action, sensitive;
	int64_t i, o = 0;

	if (sn_params(n, &action, &sensitive, &stop, err))
		return -1;
	for (i = 0; i < x->numel; i++) {
		const char *s = ((char *const *)x->data)[i];
		char *c;
		if (is_stopword(stop, sensitive, s))
			continue;
		if (!(y[o] = rt_strdup_const(n, s, strlen(s), err)))
			return -1;
		for (c = y[o]; *c; c++)   /* ASCII only: independent of the C locale */
			if (action == CASE_LOWER && *c >= 'A' && *c <= 'Z')
				*c = (char)(*c + ('a' - 'A'));
			else if (action == CASE_UPPER && *c >= 'a' && *c <= 'z')
				*c = (char)(*c - ('a' - 'A'));
		o++;
	}
	if (!o && !(y[0] = rt_strdup_const(n, "", 0, err)))
		return -1;
	return 0;
}

const rt_op rt_op_StringNormalizer = { prep_sn, exec_sn, RT_STRINGS };
