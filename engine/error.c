/* SPDX-License-Identifier: Apache-2.0 */
/*
 * error.c - sa_error: filling, formatting with a caret, status names.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util-internal.h"
#include "report-internal.h"

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

/* Whether a line (its first 4 KiB) reads as GB18030, which GBK is part
 * of: then it is no UTF-8 line with a stray byte. */
static int reads_as_gb18030(const char *p, size_t n)
{
	char out[16384], *in = (char *)p, *to = out;
	size_t left = n < 4096 ? n : 4096, room = sizeof(out);
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	int ok;

	if (cd == (iconv_t)-1)
		return 0;
	ok = iconv(cd, &in, &left, &to, &room) != (size_t)-1 ||
	     (errno == EINVAL && n > 4096);
	iconv_close(cd);
	return ok;
}

/* Copies one line into err->source_line, invalid UTF-8 shown as U+FFFD
 * and the line cut at a character boundary when it is too long.  A line
 * in GB18030 or GBK shows every byte past ASCII so: pairs of its bytes
 * that happen to be UTF-8 are not its text; a UTF-8 line with a stray
 * byte keeps its characters. */
static void copy_source_line(sa_error *err, const char *p, size_t n)
{
	size_t max = sizeof(err->source_line) - 4, i = 0, o = 0;
	int utf8 = sai_utf8_valid(p, n) || !reads_as_gb18030(p, n);

	while (i < n && o < max) {
		unsigned char c = (unsigned char)p[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (len <= n - i && (len == 1 || utf8) &&
		    sai_utf8_valid(p + i, len)) {
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

/* ---- personal data in quoted lines --------------------------------------- */

void sai_mask_all(const char *s, sai_strbuf *out)
{
	size_t n = 0, i = 0, k = 0, head, tail;

	for (i = 0; s[i]; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	head = n >= 11 ? 3 : n >= 6 ? 1 : 0;
	tail = n >= 11 ? 4 : n >= 6 ? 1 : 0;
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			k++;
		if (k <= head || k > n - tail)
			sai_strbuf_addc(out, s[i]);
		else if (((unsigned char)s[i] & 0xc0) != 0x80)
			sai_strbuf_addc(out, '*');
	}
}

/* The width of the digit at s (an ASCII digit, 1, or a full-width one,
 * U+FF10-FF19, 3), else 0; *v gets its value. */
static size_t digit_at(const char *s, int *v)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u >= '0' && *u <= '9') {
		*v = *u - '0';
		return 1;
	}
	if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
		*v = u[2] - 0x90;
		return 3;
	}
	return 0;
}

/* The width of a separator of digit groups at s, else 0: a blank or a
 * dash; with all, also a dot or a full-width blank (U+3000). */
static size_t group_sep_at(const char *s, int all)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ' ' || *u == '-')
		return 1;
	if (!all)
		return 0;
	if (*u == '.')
		return 1;
	return u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
}

/* The digits from s on (a final X included), with single blanks or
 * dashes between them when sep: their bytes, count, first digit and
 * whether a separator was used.  At most max digits (0: any). */
static size_t digit_run(const char *s, int sep, size_t max, size_t *count,
			int *first, int *separated)
{
	size_t i = 0, w;
	int v;

	*count = 0;
	*separated = 0;
	for (;;) {
		if ((w = digit_at(s + i, &v))) {
			if (max && *count == max)
				break;
			if (!(*count)++)
				*first = v;
			i += w;
		} else if (sep && *count && (w = group_sep_at(s + i, 0)) &&
			   digit_at(s + i + w, &v) && (!max || *count < max)) {
			*separated = 1;
			i += w;
		} else {
			break;
		}
	}
	if (*count && (s[i] == 'X' || s[i] == 'x')) {
		(*count)++;
		i++;
	}
	return i;
}

/* Whether count digits from first are a mobile number or an ID number. */
static int personal_count(size_t count, int first)
{
	return (count == 11 && first == 1) || count == 15 || count == 18;
}

/* The bytes of the fewest whole groups from s on (two or more, of 3
 * digits or more but the last, of 2 or more; separated by
 * group_sep_at) that make a mobile or ID number, or 0: in "139-0719-1024
 * 152-7193-7706" each phone, in "第 2 4203 0219 9203 1402 48" the ID
 * number after the 2, "139.0719.1024". */
static size_t grouped_prefix(const char *s)
{
	size_t i = 0, count = 0, groups = 0, n, c, last = 3;
	int first = 0, f, sep;

	for (;;) {
		n = digit_run(s + i, 0, 18, &c, &f, &sep);
		if (c < (count ? 2u : 3u) || last < 3 || count + c > 18)
			return 0;
		if (!count)
			first = f;
		count += c;
		last = c;
		i += n;
		if (++groups > 1 && personal_count(count, first))
			return i;
		if (s[i - 1] == 'X' || s[i - 1] == 'x' ||
		    !(n = group_sep_at(s + i, 1)) || !digit_at(s + i + n, &f))
			return 0;
		i += n;
	}
}

/* Whether the n bytes at s are a 12-digit village division code (a
 * province's two digits first): public statistics, never masked. */
static int division_code(const char *s, size_t n)
{
	static const char provinces[] = " 11 12 13 14 15 21 22 23 31 32 33 "
		"34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
		"71 81 82 ";
	char two[5] = { ' ', s[0], s[1], ' ', 0 };
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n == 12 && strstr(provinces, two) != NULL;
}

/* Whether the n bytes at s lie inside one of the values keep[0..nk). */
static int kept(const char *s, size_t n, const char *const *keep, size_t nk)
{
	size_t k, len, at;

	for (k = 0; k < nk; k++)
		for (len = keep[k] ? strlen(keep[k]) : 0, at = 0; n &&
		     at + n <= len; at++)
			if (!memcmp(keep[k] + at, s, n))
				return 1;
	return 0;
}

void sai_mask_digits(const char *s, sai_strbuf *out)
{
	sai_mask_digits_keep(s, NULL, 0, out);
}

void sai_mask_digits_keep(const char *s, const char *const *keep, size_t nk,
			  sai_strbuf *out)
{
	size_t i = 0, grouped_end = 0;

	while (s[i]) {
		size_t n = 0, count = 0;
		int first = 0, separated = 0;
		sai_strbuf run;

		/* A mobile number (11 digits from 1) or an ID number (15 or
		 * 18) written in groups, as a whole; else the fewest groups
		 * from here that make one (at most 18 digits are looked at
		 * from each group: the scan stays linear); then any run of 11
		 * digits or more. */
		if (i >= grouped_end) {
			n = digit_run(s + i, 1, 0, &count, &first, &separated);
			if (separated && personal_count(count, first))
				goto mask;
			grouped_end = i + n;
		}
		if ((n = grouped_prefix(s + i)) != 0)
			goto mask;
		n = digit_run(s + i, 0, 0, &count, &first, &separated);
		if (!n || count < 11 || division_code(s + i, n)) {
			n = n ? n : 1;
			sai_strbuf_add(out, s + i, n);
			i += n;
			continue;
		}
mask:
		if (kept(s + i, n, keep, nk)) {
			sai_strbuf_add(out, s + i, n);
			i += n;
			continue;
		}
		sai_strbuf_init(&run);
		sai_strbuf_add(&run, s + i, n);
		sai_mask_all(sai_strbuf_str(&run), out);
		sai_strbuf_release(&run);
		i += n;
	}
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	       ((unsigned char)c & 0x80);
}

/* The last step's name of a personal path ("staff/id_number",
 * "contacts/@phone", "//phone[1]"): where it starts and its length
 * (0 when the step is not a plain name: "*", "text()"). */
static size_t last_name(const char *path, const char **name)
{
	const char *end = path + strlen(path), *p;

	while (end > path && end[-1] == ']') {
		const char *open = end - 1;
		int depth = 0;

		for (; open > path; open--) {
			depth += *open == ']' ? 1 : *open == '[' ? -1 : 0;
			if (!depth)
				break;
		}
		end = open;
	}
	for (p = end; p > path && name_char(p[-1]); p--)
		;
	*name = p;
	return (size_t)(end - p);
}

/* Where the value of the key at line[at..at+len) ends up, when the key
 * is followed by what gives it a value (YAML/JSON ':' after an optional
 * closing quote, XML '=' or '>'): *from and *to; 0 when it is not a
 * key. */
static int keyed_value(const char *line, size_t at, size_t len,
		       size_t *from, size_t *to)
{
	const char *p = line + at + len;
	char open = 0, sep;

	if ((at && name_char(line[at - 1])) || name_char(*p))
		return 0;
	if (*p == '"' || *p == '\'')
		p++;
	p += strspn(p, " \t");
	sep = *p;
	if (sep != ':' && sep != '=' && sep != '>')
		return 0;
	p++;
	if (sep != '>')
		p += strspn(p, " \t");
	if (*p == '"' || *p == '\'')
		open = *p++;
	*from = (size_t)(p - line);
	if (open)
		p += strcspn(p, open == '"' ? "\"" : "'");
	else
		p += strcspn(p, sep == '>' ? "<" : ",}]#<\r\n");
	while (!open && p > line + *from && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	*to = (size_t)(p - line);
	return *to > *from;
}

void sai_mask_keyed(const char *line, const char *const *paths, size_t n,
		    sai_strbuf *out)
{
	sai_strbuf keyed;
	size_t i = 0, k, from, to;

	sai_strbuf_init(&keyed);
	while (line[i]) {
		for (k = 0; k < n; k++) {
			const char *name;
			size_t len = last_name(paths[k], &name);

			if (len && !strncmp(line + i, name, len) &&
			    keyed_value(line, i, len, &from, &to))
				break;
		}
		if (k == n) {
			sai_strbuf_addc(&keyed, line[i++]);
			continue;
		}
		sai_strbuf_add(&keyed, line + i, from - i);
		{
			char *v = sai_strndup(line + from, to - from);

			if (v)
				sai_mask_all(v, &keyed);
			else
				keyed.failed = 1;
			free(v);
		}
		i = to;
	}
	sai_mask_digits(sai_strbuf_str(&keyed), out);
	sai_strbuf_release(&keyed);
}

void sai_error_mask(sa_error *err, const char *const *paths, size_t n)
{
	char *const fields[] = { err->source_line, err->message };
	const size_t sizes[] = { sizeof(err->source_line),
				 sizeof(err->message) };
	sai_strbuf sb;
	size_t i;

	sai_strbuf_init(&sb);
	for (i = 0; i < 2; i++) {
		sai_strbuf_reset(&sb);
		sai_mask_keyed(fields[i], paths, n, &sb);
		if (sb.failed)
			fields[i][0] = '\0';
		else
			snprintf(fields[i], sizes[i], "%s", sai_strbuf_str(&sb));
	}
	sai_strbuf_release(&sb);
}

void sai_error_add_caret(sai_strbuf *out, const char *line,
			 unsigned long col)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0;
	unsigned long k;

	for (k = 1; k < col && s[i]; k++) {
		if (s[i] == '\t') {
			sai_strbuf_addc(out, '\t');
			i++;
		} else if (s[i] < 0x80) {
			sai_strbuf_addc(out, ' ');
			i++;
		} else {
			size_t len = s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : 2;

			sai_strbuf_adds(out, len >= 3 ? "  " : " ");
			while (len-- && s[i])
				i++;
		}
	}
	sai_strbuf_addc(out, '^');
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
		sai_strbuf line, caret;
		int m;

		/* The quoted line is the user's data: ID numbers and phones
		 * on it are masked (one '*' a digit: the caret still fits). */
		sai_strbuf_init(&line);
		sai_strbuf_init(&caret);
		sai_mask_digits(err->source_line, &line);
		sai_error_add_caret(&caret, err->source_line, err->column);
		m = err->column ?
			snprintf(buf + n, size - n, "\n    %s\n    %s",
				 sai_strbuf_str(&line), sai_strbuf_str(&caret)) :
			snprintf(buf + n, size - n, "\n    %s",
				 sai_strbuf_str(&line));
		sai_strbuf_release(&line);
		sai_strbuf_release(&caret);
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

const char *sa_severity_label(sa_severity severity, const char *lang)
{
	const char *name = sa_severity_name(severity);

	return name ? sai_report_word(name, lang ? lang : sa_lang_default())
		    : NULL;
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
