/*
 * fe_tensor.c - TensorProto -> ir_tensor: typed fields, raw_data (stolen
 * from the unpacked message instead of copied where allowed) and external
 * data files confined to the model's folder.  Also fe_read_tensor_pb.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fe_int.h"

/* dims_str: "[2,3]" into buf (truncated with "..." if long). */
static const char *dims_str(char *buf, size_t n, const int64_t *dims, size_t rank)
{
	size_t i, o = 0;

	o += (size_t)snprintf(buf, n, "[");
	for (i = 0; i < rank && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s%lld", i ? "," : "", (long long)dims[i]);
	if (o < n)
		snprintf(buf + o, n - o, "]");
	else if (n > 4)
		memcpy(buf + n - 5, "...]", 5);
	return buf;
}

/* host_swap: on big-endian hosts, turn little-endian elements of `width`
 * bytes into host order (a no-op on little-endian hosts). */
static void host_swap(void *data, size_t nbytes, size_t width)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	unsigned char *p = data, t;
	size_t i, k;

	for (i = 0; width > 1 && i + width <= nbytes; i += width)
		for (k = 0; k < width / 2; k++) {
			t = p[i + k];
			p[i + k] = p[i + width - 1 - k];
			p[i + width - 1 - k] = t;
		}
#else
	(void)data;
	(void)nbytes;
	(void)width;
#endif
}

/* elem_width: the byte width that endianness applies to. */
static size_t elem_width(int dt)
{
	if (dt == IR_COMPLEX64)
		return 4;
	if (dt == IR_COMPLEX128)
		return 8;
	return ir_dtype_size(dt);
}

/* fix_raw: bring raw little-endian bytes into the IR's form. */
static void fix_raw(ir_tensor *t)
{
	size_t i;

	host_swap(t->data, t->nbytes, elem_width(t->dtype));
	if (t->dtype == IR_BOOL)
		for (i = 0; i < t->nbytes; i++)
			((unsigned char *)t->data)[i] = ((unsigned char *)t->data)[i] != 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* safe_location: 0 when loc is relative and has no ".." component. */
static int safe_location(const char *loc)
{
	const char *p = loc;

	if (!*loc || *loc == '/' || *loc == '\\')
		return -1;
	while (*p) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

/* read_external: fill t->data (t->nbytes, allocated here) from the file the
 * external_data entries of tp name, inside the model folder. */
static int read_external(fe_ctx *c, Onnx__TensorProto *tp, ir_tensor *t, const fe_where *w,
			 const char *vname)
{
	const char *loc = NULL, *off_s = NULL, *len_s = NULL;
	char joined[PATH_MAX], real[PATH_MAX];
	uint64_t off = 0, len = 0;
	struct stat st;
	size_t i, L, got = 0;
	int fd, rc = -1;

	for (i = 0; i < tp->n_external_data; i++) {
		const Onnx__StringStringEntryProto *kv = tp->external_data[i];
		if (!kv->key || !kv->value)
			continue;
		if (!strcmp(kv->key, "location"))
			loc = kv->value;
		else if (!strcmp(kv->key, "offset"))
			off_s = kv->value;
		else if (!strcmp(kv->key, "length"))
			len_s = kv->value;
	}
	if (!loc)
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
			       "external data without a location");
	if (!c->base_dir)
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL, "external data '%s' but the "
			       "model was not loaded from a folder", loc);
	if (safe_location(loc))
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL, "external data location "
			       "'%s' is absolute or contains '..': refused", loc);
	if ((off_s && parse_u64(off_s, &off)) || (len_s && parse_u64(len_s, &len)))
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL, "external data offset "
			       "'%s' / length '%s' is not a number", off_s ? off_s : "",
			       len_s ? len_s : "");
	if (!c->base_real) {
		if (!realpath(c->base_dir, real))
			return fe_fail(c, w->node, w->op, vname, ONNXC_EIO, "model folder '%s': %s",
				       c->base_dir, strerror(errno));
		if (!(c->base_real = onnxc_strdup(real)))
			return onnxc_oom(c->err);
	}
	if ((size_t)snprintf(joined, sizeof joined, "%s/%s", c->base_dir, loc) >= sizeof joined)
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
			       "external data path too long");
	if (!realpath(joined, real))
		return fe_fail(c, w->node, w->op, vname, ONNXC_EIO, "external data file '%s': %s",
			       loc, strerror(errno));
	L = strlen(c->base_real);
	if (!(L == 1 && c->base_real[0] == '/') &&
	    (strncmp(real, c->base_real, L) || real[L] != '/'))
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL, "external data location "
			       "'%s' resolves outside the model folder: refused", loc);
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return fe_fail(c, w->node, w->op, vname, ONNXC_EIO, "external data file '%s': %s",
			       loc, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		fe_fail(c, w->node, w->op, vname, ONNXC_EIO, "external data file '%s' is not a "
			"regular file", loc);
		goto close_fd;
	}
	if (off > (uint64_t)st.st_size) {
		fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL, "external data offset %llu is past "
			"the end of '%s' (%lld bytes)", (unsigned long long)off, loc,
			(long long)st.st_size);
		goto close_fd;
	}
	if (!len_s)
		len = (uint64_t)st.st_size - off;
	if (len > (uint64_t)st.st_size - off) {
		fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL, "external data offset %llu + length "
			"%llu is past the end of '%s' (%lld bytes)", (unsigned long long)off,
			(unsigned long long)len, loc, (long long)st.st_size);
		goto close_fd;
	}
	if (len != t->nbytes) {
		char d[128];
		fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL, "external data has %llu bytes, "
			"shape %s of %s needs %zu", (unsigned long long)len,
			dims_str(d, sizeof d, t->dims, (size_t)t->rank), ir_dtype_name(t->dtype),
			t->nbytes);
		goto close_fd;
	}
	t->data = onnxc_malloc(t->nbytes ? t->nbytes : 1);
	if (!t->data) {
		onnxc_oom(c->err);
		goto close_fd;
	}
	while (got < t->nbytes) {
		ssize_t k = pread(fd, (char *)t->data + got, t->nbytes - got, (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			fe_fail(c, w->node, w->op, vname, ONNXC_EIO, "external data file '%s': %s",
				loc, k < 0 ? strerror(errno) : "file shrank while reading");
			goto close_fd;
		}
		got += (size_t)k;
	}
	fix_raw(t);
	rc = 0;
close_fd:
	close(fd);
	return rc;
}

/* typed_count: the typed field that holds dtype and its element count. */
static size_t typed_count(const Onnx__TensorProto *tp, int dt, const char **field)
{
	switch (dt) {
	case IR_FLOAT: case IR_COMPLEX64:
		*field = "float_data";
		return tp->n_float_data;
	case IR_DOUBLE: case IR_COMPLEX128:
		*field = "double_data";
		return tp->n_double_data;
	case IR_INT64:
		*field = "int64_data";
		return tp->n_int64_data;
	case IR_UINT32: case IR_UINT64:
		*field = "uint64_data";
		return tp->n_uint64_data;
	case IR_STRING:
		*field = "string_data";
		return tp->n_string_data;
	default:
		*field = "int32_data";
		return tp->n_int32_data;
	}
}

/* fill_typed: copy the typed field into t->data (allocated by the caller). */
static int fill_typed(fe_ctx *c, const Onnx__TensorProto *tp, ir_tensor *t)
{
	size_t i, n = (size_t)t->numel;

	if (!n)
		return 0;
	switch (t->dtype) {
	case IR_FLOAT: case IR_COMPLEX64:
		memcpy(t->data, tp->float_data, t->nbytes);
		break;
	case IR_DOUBLE: case IR_COMPLEX128:
		memcpy(t->data, tp->double_data, t->nbytes);
		break;
	case IR_INT64:
		memcpy(t->data, tp->int64_data, t->nbytes);
		break;
	case IR_UINT64:
		memcpy(t->data, tp->uint64_data, t->nbytes);
		break;
	case IR_UINT32:
		for (i = 0; i < n; i++)
			((uint32_t *)t->data)[i] = (uint32_t)tp->uint64_data[i];
		break;
	case IR_INT32:
		memcpy(t->data, tp->int32_data, t->nbytes);
		break;
	case IR_INT16: case IR_UINT16: case IR_FLOAT16: case IR_BFLOAT16:
		for (i = 0; i < n; i++)
			((uint16_t *)t->data)[i] = (uint16_t)tp->int32_data[i];
		break;
	case IR_INT8: case IR_UINT8:
		for (i = 0; i < n; i++)
			((uint8_t *)t->data)[i] = (uint8_t)tp->int32_data[i];
		break;
	case IR_BOOL:
		for (i = 0; i < n; i++)
			((uint8_t *)t->data)[i] = tp->int32_data[i] != 0;
		break;
	case IR_STRING:
		for (i = 0; i < n; i++) {
			const ProtobufCBinaryData *b = &tp->string_data[i];
			char *s = onnxc_strndup(b->data ? (const char *)b->data : "", b->len);
			if (!s)
				return onnxc_oom(c->err);
			((char **)t->data)[i] = s;
			t->str_lens[i] = b->len;
		}
		break;
	default:
		return onnxc_seterr(c->err, ONNXC_EINTERNAL, "element type %d", t->dtype);
	}
	return 0;
}

int fe_tensor_from_pb(fe_ctx *c, Onnx__TensorProto *tp, int steal, const fe_where *w,
		      ir_tensor **out)
{
	const char *vname = tp->name && *tp->name ? tp->name : NULL, *field;
	int external = tp->has_data_location &&
		       tp->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
	int dt = tp->has_data_type ? tp->data_type : IR_UNDEFINED;
	size_t i, es, want, have;
	int64_t numel = 1;
	ir_tensor *t = NULL;
	char d[128];

	*out = NULL;
	if (tp->segment)
		return fe_fail(c, w->node, w->op, vname, ONNXC_EUNSUPPORTED,
			       "segmented tensors are not supported");
	if (!ir_dtype_valid(dt))
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
			       "tensor has no or an unknown element type (%d)", dt);
	if (tp->n_dims > 64)
		return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
			       "tensor rank %zu is above 64", tp->n_dims);
	for (i = 0; i < tp->n_dims; i++) {
		if (tp->dims[i] < 0)
			return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
				       "tensor dim %zu is negative (%lld)", i,
				       (long long)tp->dims[i]);
		if (onnxc_mul_i64(numel, tp->dims[i], &numel))
			return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
				       "tensor dims %s overflow 64 bits",
				       dims_str(d, sizeof d, tp->dims, tp->n_dims));
	}
	es = ir_dtype_size(dt);
	if ((uint64_t)numel > c->lim.max_tensor_bytes / (dt == IR_STRING ? sizeof(char *) : es))
		return fe_fail(c, w->node, w->op, vname, ONNXC_ELIMIT,
			       "tensor %s of %s is larger than the limit of %llu bytes",
			       dims_str(d, sizeof d, tp->dims, tp->n_dims), ir_dtype_name(dt),
			       (unsigned long long)c->lim.max_tensor_bytes);
	want = (size_t)numel * es;

	if (external) {
		if (dt == IR_STRING)
			return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
				       "string tensors cannot be external data");
		if (!(t = ir_tensor_new_nodata(dt, (int)tp->n_dims, tp->dims, c->err)))
			return -1;
		if (read_external(c, tp, t, w, vname))
			goto free_t;
	} else if (tp->has_raw_data) {
		if (dt == IR_STRING)
			return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
				       "string tensor with raw_data (strings must use string_data)");
		if (tp->raw_data.len != want)
			return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
				       "raw_data has %zu bytes, shape %s of %s needs %zu",
				       tp->raw_data.len, dims_str(d, sizeof d, tp->dims, tp->n_dims),
				       ir_dtype_name(dt), want);
		if (steal && want) {
			if (!(t = ir_tensor_new_nodata(dt, (int)tp->n_dims, tp->dims, c->err)))
				return -1;
			t->data = tp->raw_data.data;
			tp->raw_data.data = NULL;
			tp->raw_data.len = 0;
			tp->has_raw_data = 0;
		} else {
			if (!(t = ir_tensor_new(dt, (int)tp->n_dims, tp->dims, c->err)))
				return -1;
			if (want)
				memcpy(t->data, tp->raw_data.data, want);
		}
		fix_raw(t);
	} else {
		have = typed_count(tp, dt, &field);
		want = (size_t)numel * (dt == IR_COMPLEX64 || dt == IR_COMPLEX128 ? 2 : 1);
		if (have != want)
			return fe_fail(c, w->node, w->op, vname, ONNXC_EINVAL,
				       "%s has %zu values, shape %s of %s needs %zu", field, have,
				       dims_str(d, sizeof d, tp->dims, tp->n_dims), ir_dtype_name(dt),
				       want);
		if (!(t = ir_tensor_new(dt, (int)tp->n_dims, tp->dims, c->err)))
			return -1;
		if (fill_typed(c, tp, t))
			goto free_t;
	}
	if ((vname && !(t->name = onnxc_strdup(vname))) ||
	    (tp->doc_string && *tp->doc_string && !(t->doc = onnxc_strdup(tp->doc_string)))) {
		onnxc_oom(c->err);
		goto free_t;
	}
	*out = t;
	return 0;

free_t:
	ir_tensor_free(t);
	return -1;
}

char *fe_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return onnxc_strdup(".");
	if (slash == path)
		return onnxc_strdup("/");
	return onnxc_strndup(path, (size_t)(slash - path));
}

void fe_report(onnxc_err *err, const onnxc_err *local, const char *what)
{
	size_t n = strlen(what);

	if (!strncmp(local->msg, what, n) && local->msg[n] == ':')
		onnxc_seterr(err, local->code, "%s", local->msg);
	else
		onnxc_seterr(err, local->code, "%s: %s", what, local->msg);
}

int fe_read_tensor_pb(const char *path, ir_tensor **out, onnxc_err *err)
{
	onnxc_err e = { 0 };
	fe_ctx c;
	fe_file f;
	Onnx__TensorProto *tp;
	fe_where w = { NULL, NULL };
	char *dir;
	int rc = -1;

	*out = NULL;
	memset(&c, 0, sizeof c);
	fe_limits_default(&c.lim);
	c.err = &e;
	if (!(dir = fe_dir_of(path))) {
		onnxc_oom(&e);
		goto report;
	}
	c.base_dir = dir;
	if (fe_file_read(path, c.lim.max_file_bytes, &f, &e))
		goto free_dir;
	tp = (Onnx__TensorProto *)fe_pb_unpack(f.data, f.len, &onnx__tensor_proto__descriptor,
					       c.lim.max_depth, &e);
	if (!tp)
		goto release;
	rc = fe_tensor_from_pb(&c, tp, 1, &w, out);
	fe_pb_free(&tp->base);
release:
	fe_file_release(&f);
free_dir:
	onnxc_free(c.base_real);
	onnxc_free(dir);
report:
	if (rc)
		fe_report(err, &e, path);
	return rc;
}
