/*
 * fe_pb.c - protobuf-c plumbing: the allocator hook, a wire-format
 * pre-check that bounds message nesting, and reading a file's bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fe_int.h"

/* pb_alloc: onnxc_malloc; counts refusals in *ud (an int) when set. */
static void *pb_alloc(void *ud, size_t n)
{
	void *p = onnxc_malloc(n);

	if (!p && ud)
		(*(int *)ud)++;
	return p;
}

static void pb_free(void *ud, void *p)
{
	(void)ud;
	onnxc_free(p);
}

/* for freeing only; never modified (protobuf-c wants a non-const pointer) */
static ProtobufCAllocator pb_allocator = { pb_alloc, pb_free, NULL };

/* read_varint: decode one varint at *p (< end), at most 10 bytes whose value
 * fits 64 bits; advances *p.  0 or -1. */
static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 10 && *p < end; i++) {
		uint8_t b = *(*p)++;
		if (i == 9 && b > 1)
			return -1;
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

static const ProtobufCFieldDescriptor *field_by_id(const ProtobufCMessageDescriptor *d,
						   uint32_t id)
{
	unsigned i;

	for (i = 0; i < d->n_fields; i++)
		if (d->fields[i].id == id)
			return &d->fields[i];
	return NULL;
}

struct walk {
	const uint8_t *start;
	int max_depth;
	onnxc_err *err;
};

/* walk_msg: check the fields of one message (bytes [p, p+len)) at nesting
 * `depth`, recursing into fields the descriptor declares as messages. */
static int walk_msg(struct walk *w, const uint8_t *p, size_t len,
		    const ProtobufCMessageDescriptor *d, int depth)
{
	const uint8_t *end = p + len, *at = p;

	if (depth > w->max_depth)
		return onnxc_seterr(w->err, ONNXC_ELIMIT, "protobuf messages nested deeper than %d "
				    "(at byte %zu)", w->max_depth, (size_t)(p - w->start));
	while (p < end) {
		const ProtobufCFieldDescriptor *f;
		uint64_t tag, v;

		at = p;
		if (read_varint(&p, end, &tag) || tag >> 3 == 0 || tag >> 3 > 0x1fffffff)
			goto bad;
		switch (tag & 7) {
		case 0:
			if (read_varint(&p, end, &v))
				goto bad;
			break;
		case 1:
			if ((size_t)(end - p) < 8)
				goto bad;
			p += 8;
			break;
		case 5:
			if ((size_t)(end - p) < 4)
				goto bad;
			p += 4;
			break;
		case 2:
			if (read_varint(&p, end, &v) || v > (uint64_t)(end - p))
				goto bad;
			f = d ? field_by_id(d, (uint32_t)(tag >> 3)) : NULL;
			if (f && f->type == PROTOBUF_C_TYPE_MESSAGE &&
			    walk_msg(w, p, (size_t)v, f->descriptor, depth + 1))
				return -1;
			p += v;
			break;
		default:   /* groups (3, 4) and undefined wire types */
			goto bad;
		}
	}
	return 0;
bad:
	return onnxc_seterr(w->err, ONNXC_EINVAL, "not a valid ONNX protobuf (malformed field at "
			    "byte %zu)", (size_t)(at - w->start));
}

int fe_pb_check(const void *buf, size_t len, const ProtobufCMessageDescriptor *d,
		int max_depth, onnxc_err *err)
{
	struct walk w = { buf ? buf : "", max_depth, err };

	return walk_msg(&w, w.start, buf ? len : 0, d, 1);
}

ProtobufCMessage *fe_pb_unpack(const void *buf, size_t len, const ProtobufCMessageDescriptor *d,
			       int max_depth, onnxc_err *err)
{
	ProtobufCMessage *msg;
	int refused = 0;
	/* per call, so that an allocation failure can be told from bad input */
	ProtobufCAllocator a = { pb_alloc, pb_free, &refused };

	if (!buf)                 /* an empty file is not mapped */
		buf = "", len = 0;
	if (fe_pb_check(buf, len, d, max_depth, err))
		return NULL;
	msg = protobuf_c_message_unpack(d, &a, len, buf);
	if (!msg && refused)
		onnxc_oom(err);
	else if (!msg)
		onnxc_seterr(err, ONNXC_EINVAL, "not a valid ONNX protobuf (%s does not parse)",
			     d->short_name);
	return msg;
}

void fe_pb_free(ProtobufCMessage *msg)
{
	if (msg)
		protobuf_c_message_free_unpacked(msg, &pb_allocator);
}

int fe_file_read(const char *path, uint64_t max_bytes, fe_file *f, onnxc_err *err)
{
	struct stat st;
	size_t got = 0;
	int fd, rc = -1;

	memset(f, 0, sizeof *f);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return onnxc_seterr(err, ONNXC_EIO, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st)) {
		onnxc_seterr(err, ONNXC_EIO, "cannot stat: %s", strerror(errno));
		goto close_fd;
	}
	if (!S_ISREG(st.st_mode)) {
		onnxc_seterr(err, ONNXC_EIO, "not a regular file");
		goto close_fd;
	}
	if ((uint64_t)st.st_size > max_bytes) {
		onnxc_seterr(err, ONNXC_ELIMIT, "file has %lld bytes, more than the limit %llu",
			     (long long)st.st_size, (unsigned long long)max_bytes);
		goto close_fd;
	}
	f->len = (size_t)st.st_size;
	if (!f->len) {
		rc = 0;
		goto close_fd;
	}
	f->data = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f->data != MAP_FAILED) {
		f->is_mmap = 1;
		rc = 0;
		goto close_fd;
	}
	/* not mappable (e.g. some special file systems): read it */
	f->data = onnxc_malloc(f->len);
	if (!f->data) {
		onnxc_oom(err);
		goto close_fd;
	}
	while (got < f->len) {
		ssize_t k = read(fd, (char *)f->data + got, f->len - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			onnxc_seterr(err, ONNXC_EIO, "cannot read: %s",
				     k < 0 ? strerror(errno) : "file shrank while reading");
			onnxc_free(f->data);
			f->data = NULL;
			goto close_fd;
		}
		got += (size_t)k;
	}
	rc = 0;
close_fd:
	close(fd);
	return rc;
}

void fe_file_release(fe_file *f)
{
	if (f->is_mmap)
		munmap(f->data, f->len);
	else
		onnxc_free(f->data);
	memset(f, 0, sizeof *f);
}
