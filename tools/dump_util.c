/*
 * dump_util.c - string building and the formatting shared by the text and
 * dot printers (names, escapes, floats, types) and JSON strings for info
 * and bench.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"

/* ---- growable string ---- */

/* reserve: room for n more bytes and a NUL; 0 or -1 (oom set). */
static int reserve(dump_str *b, size_t n)
{
	size_t cap;
	char *s;

	if (b->oom)
		return -1;
	if (b->len + n + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1) {
		if (cap > ((size_t)-1) / 2)
			goto oom;
		cap *= 2;
	}
	s = onnxc_realloc(b->s, cap);
	if (!s)
		goto oom;
	b->s = s;
	b->cap = cap;
	return 0;
oom:
	b->oom = 1;
	return -1;
}

void dump_str_put(dump_str *b, const char *s, size_t n)
{
	if (reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void dump_str_puts(dump_str *b, const char *s)
{
	dump_str_put(b, s, strlen(s));
}

void dump_str_printf(dump_str *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void dump_str_reset(dump_str *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}

void dump_str_free(dump_str *b)
{
	onnxc_free(b->s);
	memset(b, 0, sizeof *b);
}

/* ---- escapes ---- */

int dump_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	int len, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* put_escaped: s[0..n) with control characters, DEL, invalid UTF-8 and the
 * characters in `special` (each preceded by a backslash) escaped C-style. */
static void put_escaped(dump_str *b, const char *s, size_t n, const char *special)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		int len;

		if (c == '\n') {
			dump_str_puts(b, "\\n");
		} else if (c == '\t') {
			dump_str_puts(b, "\\t");
		} else if (c == '\r') {
			dump_str_puts(b, "\\r");
		} else if (c < 0x20 || c == 0x7f) {
			dump_str_printf(b, "\\x%02x", c);
		} else if (c < 0x80) {
			if (c && strchr(special, (int)c))
				dump_str_put(b, "\\", 1);
			dump_str_put(b, (const char *)p + i, 1);
		} else if ((len = dump_utf8_len(p + i, n - i)) > 0) {
			dump_str_put(b, (const char *)p + i, (size_t)len);
			i += (size_t)len;
			continue;
		} else {
			dump_str_printf(b, "\\x%02x", c);
		}
		i++;
	}
}

void dump_quoted(dump_str *b, const char *s, size_t n, char q)
{
	char special[3] = { q, '\\', 0 };

	dump_str_put(b, &q, 1);
	put_escaped(b, s ? s : "", s ? n : 0, special);
	dump_str_put(b, &q, 1);
}

static int is_plain(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_.:/-", *s)))
			return 0;
	return 1;
}

void dump_name(dump_str *b, const char *s)
{
	if (is_plain(s))
		dump_str_puts(b, s);
	else
		dump_quoted(b, s, s ? strlen(s) : 0, '"');
}

void dump_visible(dump_str *b, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (max && n > max) {
		/* cut at a character boundary */
		while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
			max--;
		put_escaped(b, s, max, "");
		dump_str_puts(b, "...");
	} else {
		put_escaped(b, s ? s : "", n, "");
	}
}

/* ---- numbers and types ---- */

void dump_float(dump_str *b, float f)
{
	char buf[64];
	int p;

	if (isnan(f)) {
		dump_str_puts(b, "nan");
		return;
	}
	if (isinf(f)) {
		dump_str_puts(b, f < 0 ? "-inf" : "inf");
		return;
	}
	for (p = 1; p <= 9; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, (double)f);
		if (strtof(buf, NULL) == f)
			break;
	}
	if (!strpbrk(buf, ".e"))
		strcat(buf, ".0");
	dump_str_puts(b, buf);
}

static void put_dtype(dump_str *b, int dtype)
{
	if (dtype == IR_UNDEFINED)
		dump_str_puts(b, "?");
	else if (ir_dtype_valid(dtype))
		dump_str_puts(b, ir_dtype_name(dtype));
	else
		dump_str_printf(b, "dtype%d", dtype);
}

int dump_type(dump_str *b, int dtype, const ir_shape *s)
{
	int i;

	if (dtype == IR_UNDEFINED && s->rank < 0)
		return 0;
	put_dtype(b, dtype);
	if (s->rank < 0) {
		dump_str_puts(b, "[*]");
		return 1;
	}
	dump_str_puts(b, "[");
	for (i = 0; i < s->rank; i++) {
		if (i)
			dump_str_puts(b, ",");
		if (s->dims && s->dims[i] >= 0)
			dump_str_printf(b, "%lld", (long long)s->dims[i]);
		else if (s->syms && s->syms[i])
			dump_name(b, s->syms[i]);
		else
			dump_str_puts(b, "?");
	}
	dump_str_puts(b, "]");
	return 1;
}

void dump_tensor_type(dump_str *b, const ir_tensor *t)
{
	int i;

	if (!t) {
		dump_str_puts(b, "?");
		return;
	}
	put_dtype(b, t->dtype);
	dump_str_puts(b, "[");
	for (i = 0; i < t->rank; i++)
		dump_str_printf(b, i ? ",%lld" : "%lld", (long long)t->dims[i]);
	dump_str_puts(b, "]");
}

const char *dump_domain(const char *domain)
{
	return !domain || !*domain ? "ai.onnx" : domain;
}

void dump_op(dump_str *b, const ir_node *n)
{
	if (n->domain && *n->domain && strcmp(n->domain, "ai.onnx")) {
		dump_name(b, n->domain);
		dump_str_puts(b, ":");
	}
	dump_name(b, n->op_type);
}

void dump_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0;

	fputc('"', f);
	while (i < n) {
		unsigned c = p[i];
		int len;

		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
		} else if (c < 0x80) {
			fputc((int)c, f);
		} else if ((len = dump_utf8_len(p + i, n - i)) > 0) {
			fwrite(p + i, 1, (size_t)len, f);
			i += (size_t)len;
			continue;
		} else {
			fputs("\\ufffd", f);
		}
		i++;
	}
	fputc('"', f);
}
