/*
 * fileio.c - whole-file reads and atomic writes with one-line errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int fe_read_all(const char *path, uint64_t max_bytes, void **out, size_t *len, onnxc_err *err)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;
	int fd, rc = -1;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return onnxc_seterr(err, ONNXC_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		onnxc_seterr(err, ONNXC_EIO, "%s: not a regular file", path);
		goto close_fd;
	}
	if (max_bytes && (uint64_t)st.st_size > max_bytes) {
		onnxc_seterr(err, ONNXC_ELIMIT, "%s: %lld bytes exceeds the limit of %llu", path,
			     (long long)st.st_size, (unsigned long long)max_bytes);
		goto close_fd;
	}
	buf = onnxc_malloc((size_t)st.st_size + 1);
	if (!buf) {
		onnxc_oom(err);
		goto close_fd;
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			onnxc_seterr(err, ONNXC_EIO, "%s: read failed: %s", path,
				     r ? strerror(errno) : "file shrank");
			goto free_buf;
		}
		got += (size_t)r;
	}
	buf[got] = 0;
	*out = buf;
	*len = got;
	rc = 0;
	goto close_fd;
free_buf:
	onnxc_free(buf);
close_fd:
	close(fd);
	return rc;
}

int fe_write_atomic(const char *path, const void *buf, size_t len, onnxc_err *err)
{
	char tmp[4096];
	const unsigned char *p = buf;
	int fd;

	if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= (int)sizeof tmp)
		return onnxc_seterr(err, ONNXC_EIO, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return onnxc_seterr(err, ONNXC_EIO, "%s: cannot create: %s", path, strerror(errno));
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			onnxc_seterr(err, ONNXC_EIO, "%s: write failed: %s", path, strerror(errno));
			goto remove_tmp;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fchmod(fd, 0644) || fsync(fd) || close(fd)) {
		fd = -1;
		onnxc_seterr(err, ONNXC_EIO, "%s: %s", path, strerror(errno));
		goto remove_tmp;
	}
	fd = -1;
	if (rename(tmp, path)) {
		onnxc_seterr(err, ONNXC_EIO, "%s: %s", path, strerror(errno));
		goto remove_tmp;
	}
	return 0;
remove_tmp:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}
