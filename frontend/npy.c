/*
 * npy.c - NumPy .npy reader and writer.
 *
 * Format: magic "\x93NUMPY", major, minor, header length (2 bytes in 1.0,
 * 4 bytes in 2.0/3.0), then a Python dict literal with 'descr',
 * 'fortran_order' and 'shape', padded so the data is 64-byte aligned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "npy.h"

static const struct {
	const char *descr;
	int dtype;
} descrs[] = {
	{ "f4", IR_FLOAT }, { "f8", IR_DOUBLE },  { "f2", IR_FLOAT16 }, { "i1", IR_INT8 },
	{ "u1", IR_UINT8 }, { "i2", IR_INT16 },   { "u2", IR_UINT16 },  { "i4", IR_INT32 },
	{ "u4", IR_UINT32 }, { "i8", IR_INT64 },  { "u8", IR_UINT64 },  { "b1", IR_BOOL },
	{ "c8", IR_COMPLEX64 }, { "c16", IR_COMPLEX128 },
};

/* dict_value: the text after 'key': in the header, or NULL. */
static const char *dict_value(const char *h, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof pat, "'%s'", key);
	p = strstr(h, pat);
	if (!p) {
		snprintf(pat, sizeof pat, "\"%s\"", key);
		p = strstr(h, pat);
	}
	if (!p)
		return NULL;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	if (*p != ':')
		return NULL;
	p++;
	while (*p == ' ')
		p++;
	return p;
}

static int parse_descr(const char *v, const char *what, int *dtype, onnxc_err *err)
{
	char d[8];
	size_t i, n;
	char q;

	if (!v || (*v != '\'' && *v != '"'))
		return onnxc_seterr(err, ONNXC_EINVAL, "%s: .npy header has no 'descr'", what);
	q = *v++;
	for (n = 0; v[n] && v[n] != q && n < sizeof d - 1; n++)
		d[n] = v[n];
	d[n] = 0;
	if (v[n] != q)
		return onnxc_seterr(err, ONNXC_EINVAL, "%s: bad .npy descr", what);
	if (d[0] == '>' && strcmp(d + 1, "i1") && strcmp(d + 1, "u1") && strcmp(d + 1, "b1"))
		return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "%s: big-endian dtype '%s' is not supported",
				    what, d);
	for (i = 0; i < sizeof descrs / sizeof descrs[0]; i++)
		if ((d[0] == '<' || d[0] == '|' || d[0] == '>' || d[0] == '=') &&
		    !strcmp(d + 1, descrs[i].descr)) {
			*dtype = descrs[i].dtype;
			return 0;
		}
	return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "%s: .npy dtype '%s' is not supported", what, d);
}

static int parse_shape(const char *v, const char *what, int *rank, int64_t *dims, onnxc_err *err)
{
	int r = 0;

	if (!v || *v != '(')
		return onnxc_seterr(err, ONNXC_EINVAL, "%s: .npy header has no 'shape'", what);
	v++;
	for (;;) {
		char *end;
		long long x;
		while (*v == ' ' || *v == ',')
			v++;
		if (*v == ')')
			break;
		if (*v < '0' || *v > '9')
			return onnxc_seterr(err, ONNXC_EINVAL, "%s: bad .npy shape", what);
		x = strtoll(v, &end, 10);
		if (end == v || x < 0 || r >= 32)
			return onnxc_seterr(err, ONNXC_EINVAL, "%s: bad .npy shape", what);
		dims[r++] = x;
		v = end;
		while (*v == 'L')
			v++;
	}
	*rank = r;
	return 0;
}

int fe_npy_parse(const void *buf, size_t len, const char *what, ir_tensor **out, onnxc_err *err)
{
	const unsigned char *b = buf;
	size_t hlen, off;
	char *hdr = NULL;
	const char *fo;
	int64_t dims[32];
	int rank = 0, dtype = 0, rc = -1;
	int64_t numel;
	size_t need = 0;
	ir_tensor *t;

	*out = NULL;
	if (len < 10 || memcmp(b, "\x93NUMPY", 6))
		return onnxc_seterr(err, ONNXC_EINVAL, "%s: not a .npy file", what);
	if (b[6] == 1) {
		hlen = (size_t)b[8] | (size_t)b[9] << 8;
		off = 10;
	} else if ((b[6] == 2 || b[6] == 3) && len >= 12) {
		hlen = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 | (size_t)b[11] << 24;
		off = 12;
	} else {
		return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "%s: .npy format %d.%d is not supported",
				    what, b[6], b[7]);
	}
	if (hlen > len - off)
		return onnxc_seterr(err, ONNXC_EINVAL, "%s: .npy header is truncated", what);
	hdr = onnxc_strndup((const char *)b + off, hlen);
	if (!hdr)
		return onnxc_oom(err);
	if (memchr(b + off, 0, hlen)) {
		onnxc_seterr(err, ONNXC_EINVAL, "%s: bad .npy header", what);
		goto free_hdr;
	}
	if (parse_descr(dict_value(hdr, "descr"), what, &dtype, err) ||
	    parse_shape(dict_value(hdr, "shape"), what, &rank, dims, err))
		goto free_hdr;
	fo = dict_value(hdr, "fortran_order");
	if (!fo || strncmp(fo, "False", 5)) {
		onnxc_seterr(err, ONNXC_EUNSUPPORTED, "%s: only C-order .npy arrays are supported",
			     what);
		goto free_hdr;
	}
	off += hlen;
	/* size checked against the bytes present before any data is allocated */
	numel = ir_numel(rank, dims);
	if (numel < 0 || onnxc_mul_size((size_t)numel, ir_dtype_size(dtype), &need)) {
		onnxc_seterr(err, ONNXC_EINVAL, "%s: .npy shape's size overflows 64 bits", what);
		goto free_hdr;
	}
	if (need != len - off) {
		onnxc_seterr(err, ONNXC_EINVAL, "%s: .npy data is %zu bytes, shape needs %zu", what,
			     len - off, need);
		goto free_hdr;
	}
	t = ir_tensor_new_nodata(dtype, rank, dims, err);
	if (!t)
		goto free_hdr;
	t->data = onnxc_malloc(t->nbytes ? t->nbytes : 1);
	if (!t->data) {
		onnxc_oom(err);
		ir_tensor_free(t);
		goto free_hdr;
	}
	if (t->nbytes)
		memcpy(t->data, b + off, t->nbytes);
	*out = t;
	rc = 0;
free_hdr:
	onnxc_free(hdr);
	return rc;
}

int fe_npy_read(const char *path, ir_tensor **out, onnxc_err *err)
{
	void *buf;
	size_t len;
	int rc;

	if (fe_read_all(path, 0, &buf, &len, err))
		return -1;
	rc = fe_npy_parse(buf, len, path, out, err);
	onnxc_free(buf);
	return rc;
}

int fe_npy_write(const char *path, int dtype, int rank, const int64_t *dims, const void *data,
		 onnxc_err *err)
{
	char hdr[1024], shape[900] = "";
	const char *descr = NULL;
	size_t i, n = 0, hl, pre, total, nbytes;
	unsigned char *buf;
	int64_t numel = ir_numel(rank, dims);
	int k, rc;

	for (i = 0; i < sizeof descrs / sizeof descrs[0]; i++)
		if (descrs[i].dtype == dtype)
			descr = descrs[i].descr;
	if (!descr || numel < 0)
		return onnxc_seterr(err, ONNXC_EUNSUPPORTED, "%s: cannot write %s as .npy", path,
				    ir_dtype_name(dtype));
	for (k = 0; k < rank && n < sizeof shape - 32; k++)
		n += (size_t)snprintf(shape + n, sizeof shape - n, "%lld,%s", (long long)dims[k],
				      k + 1 < rank ? " " : "");
	if (rank > 1)
		shape[n - 1] = 0;   /* (2, 3) but (4,) for rank 1 */
	hl = (size_t)snprintf(hdr, sizeof hdr, "{'descr': '%c%s', 'fortran_order': False, 'shape': (%s), }",
			      ir_dtype_size(dtype) == 1 ? '|' : '<', descr, shape);
	pre = hl + 1 + 10 <= 65535 ? 10 : 12;
	while ((pre + hl + 1) % 64)
		hdr[hl++] = ' ';
	hdr[hl++] = '\n';
	nbytes = (size_t)numel * ir_dtype_size(dtype);
	total = pre + hl + nbytes;
	buf = onnxc_malloc(total);
	if (!buf)
		return onnxc_oom(err);
	memcpy(buf, "\x93NUMPY", 6);
	buf[6] = pre == 10 ? 1 : 2;
	buf[7] = 0;
	buf[8] = (unsigned char)(hl & 0xff);
	buf[9] = (unsigned char)(hl >> 8);
	if (pre == 12) {
		buf[10] = (unsigned char)(hl >> 16);
		buf[11] = (unsigned char)(hl >> 24);
	}
	memcpy(buf + pre, hdr, hl);
	if (nbytes)
		memcpy(buf + pre + hl, data, nbytes);
	rc = fe_write_atomic(path, buf, total, err);
	onnxc_free(buf);
	return rc;
}
