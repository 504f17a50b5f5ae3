/*
 * error.c - sa_error: filling, formatting with a caret, status names.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "util-internal.h"

void sa_error_clear(sa_error *err)
{
	if (!err)
		return;
	err->status = SA_OK;
	err->file[0] = '\0';
	err->line = 0;
	err->column = 0;
	err->message[0] = '\0';
	err->source_line[0] = '\0';
}

sa_status sai_error_set(sa_error *err, sa_status status, const char *file,
			unsigned long line, unsigned long column,
			const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
	err->source_line[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return status;
}

/* Copies one line into err->source_line, invalid UTF-8 shown as U+FFFD
 * and the line cut at a character boundary when it is too long. */
static void copy_source_line(sa_error *err, const char *p, size_t n)
{
	size_t max = sizeof(err->source_line) - 4, i = 0, o = 0;

	while (i < n && o < max) {
		unsigned char c = (unsigned char)p[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (len <= n - i && sai_utf8_valid(p + i, len)) {
			memcpy(err->source_line + o, p + i, len);
			o += len;
			i += len;
		} else {
			memcpy(err->source_line + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	err->source_line[o] = '\0';
}

void sai_error_set_source(sa_error *err, const char *buf, size_t len,
			  unsigned long line)
{
	const char *p = buf, *end = buf + len, *nl;
	unsigned long l = 1;

	if (!err || !buf || line == 0)
		return;
	while (l < line && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
		l++;
	}
	if (l != line || p >= end)
		return;
	nl = memchr(p, '\n', (size_t)(end - p));
	copy_source_line(err, p, (size_t)((nl ? nl : end) - p));
	if (nl != p && err->source_line[0]) {
		size_t n = strlen(err->source_line);

		if (n && err->source_line[n - 1] == '\r')
			err->source_line[n - 1] = '\0';
	}
}

void sai_error_read_source(sa_error *err)
{
	FILE *f;
	char buf[4096];
	unsigned long l = 1;
	int at_start = 1;

	if (!err || !err->file[0] || err->line == 0 || !strcmp(err->file, "-"))
		return;
	f = fopen(err->file, "rb");
	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f)) {
		size_t n = strlen(buf);
		int whole = n > 0 && buf[n - 1] == '\n';

		if (l == err->line && at_start) {
			while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
				n--;
			copy_source_line(err, buf, n);
			break;
		}
		at_start = whole;
		if (whole)
			l++;
		if (l > err->line)
			break;
	}
	fclose(f);
}

/* Writes, into out, what lines a caret up under the col'th character
 * (1-based, counted in characters as the loaders count them) of line:
 * a tab for a tab, two spaces for a wide (CJK) character, else one. */
static size_t caret_pad(const char *line, unsigned long col, char *out,
			size_t size)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0, n = 0;
	unsigned long k;

	for (k = 1; k < col && s[i] && n + 3 < size; k++) {
		if (s[i] == '\t') {
			out[n++] = '\t';
			i++;
		} else if (s[i] < 0x80) {
			out[n++] = ' ';
			i++;
		} else {
			size_t len = s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : 2;

			out[n++] = ' ';
			if (len >= 3)
				out[n++] = ' ';
			while (len-- && s[i])
				i++;
		}
	}
	out[n] = '\0';
	return n;
}

char *sa_error_format(const sa_error *err, char *buf, size_t size)
{
	size_t n = 0;

	if (!buf || size == 0)
		return buf;
	buf[0] = '\0';
	if (!err)
		return buf;
	if (err->file[0] && err->line && err->column)
		n = (size_t)snprintf(buf, size, "%s:%lu:%lu: %s", err->file,
				     err->line, err->column, err->message);
	else if (err->file[0] && err->line)
		n = (size_t)snprintf(buf, size, "%s:%lu: %s", err->file,
				     err->line, err->message);
	else if (err->file[0])
		n = (size_t)snprintf(buf, size, "%s: %s", err->file,
				     err->message);
	else
		n = (size_t)snprintf(buf, size, "%s", err->message);
	if (n < size && err->source_line[0]) {
		char pad[SA_ERROR_SOURCE_MAX * 2];
		int m;

		caret_pad(err->source_line, err->column, pad, sizeof(pad));
		m = err->column ?
			snprintf(buf + n, size - n, "\n    %s\n    %s^",
				 err->source_line, pad) :
			snprintf(buf + n, size - n, "\n    %s",
				 err->source_line);
		if (m < 0 || (size_t)m >= size - n)
			return buf;
		n += (size_t)m;
		buf[n] = '\0';
	}
	return buf;
}

const char *sa_status_name(sa_status status)
{
	static const char *const names[] = {
		"ok", "out of memory", "I/O error", "parse error",
		"limit exceeded", "wrong shape", "invalid pack", "usage error",
		"evaluation error", "internal error", "broken pipe",
	};

	if ((unsigned)status < sizeof(names) / sizeof(names[0]))
		return names[status];
	return "unknown error";
}

static const char *const severity_names[SA_SEVERITY_COUNT] = {
	"info", "minor", "major", "critical",
};

const char *sa_severity_name(sa_severity severity)
{
	if ((unsigned)severity < SA_SEVERITY_COUNT)
		return severity_names[severity];
	return NULL;
}

int sa_severity_parse(const char *name, sa_severity *out)
{
	unsigned i;

	for (i = 0; name && i < SA_SEVERITY_COUNT; i++) {
		if (!strcmp(name, severity_names[i])) {
			*out = (sa_severity)i;
			return 0;
		}
	}
	return -1;
}

const char *sa_finding_status_name(sa_finding_status status)
{
	static const char *const names[SA_FINDING_STATUS_COUNT] = {
		"pass", "fail", "not_applicable", "error", "waived",
	};

	if ((unsigned)status < SA_FINDING_STATUS_COUNT)
		return names[status];
	return NULL;
}

/* Counts lines and characters up to offset in the bytes p[0..len). */
static void count_to(const char *p, size_t len, size_t offset,
		     unsigned long *line, unsigned long *col)
{
	size_t i;

	for (i = 0; i < len && i < offset; i++) {
		if (p[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)p[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

void sai_locate_offset(const char *buf, size_t len, const char *path,
		       size_t offset, unsigned long *line,
		       unsigned long *col)
{
	char chunk[65536];
	size_t n, done = 0;
	FILE *f;

	*line = 1;
	*col = 1;
	if (buf) {
		count_to(buf, len, offset, line, col);
		return;
	}
	if (!path || !strcmp(path, "-") || !(f = fopen(path, "rb"))) {
		*line = *col = 0;
		return;
	}
	while (done < offset && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		count_to(chunk, n, offset - done, line, col);
		done += n;
	}
	fclose(f);
}
