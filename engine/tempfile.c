/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tempfile.c - anonymous temporary files and whole reads and writes at an
 * offset, for the structures that keep part of a run on disk (the JSON
 * report's rollup, the station ids of SA-DUPLICATE).
 */
/* O_TMPFILE (Linux): the temporary file never has a name.  Elsewhere, or
 * where the file system refuses it, mkstemp's file is unlinked at once. */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "util-internal.h"

const char *sai_temp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir ? dir : "/tmp";
}

int sai_temp_fd(const char *dir, const char *tag)
{
	sai_strbuf sb;
	char *path;
	int fd;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return -1;
#endif
	sai_strbuf_init(&sb);
	sai_strbuf_addf(&sb, "%s/stationaudit-%s-XXXXXX", dir, tag);
	if (!(path = sai_strbuf_detach(&sb, NULL))) {
		errno = ENOMEM;
		return -1;
	}
	if ((fd = mkostemp(path, O_CLOEXEC)) >= 0)
		unlink(path);
	free(path);
	return fd;
}

int sai_pwrite_full(int fd, const void *buf, size_t len, off_t at)
{
	const char *p = buf;

	while (len) {
		ssize_t k = pwrite(fd, p, len, at);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return -1;
		}
		p += k;
		at += k;
		len -= (size_t)k;
	}
	return 0;
}

int sai_pread_full(int fd, void *buf, size_t len, off_t at)
{
	char *p = buf;

	while (len) {
		ssize_t k = pread(fd, p, len, at);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;    /* the file is shorter */
			return -1;
		}
		p += k;
		at += k;
		len -= (size_t)k;
	}
	return 0;
}
