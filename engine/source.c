/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source.c - dossier files as a sequence of records, whatever the format.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlsave.h>

#include "sha256-internal.h"
#include "jsonreader-internal.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "xmlreader-internal.h"
#include "yamlreader-internal.h"
#include "source-internal.h"
#include "i18n.h"

struct sa_source {
	char *file;
	const char *format;       /* "yaml", "json", "xml" */
	FILE *in;
	int close_in;
	sai_yaml_reader *yaml;
	sai_json_reader *json;
	sai_xml_reader *xml;
	char *bytes;              /* a file read whole (owned) */
	size_t bytes_len;         /* 0 for a part: not the file's start */
	const char *lang;         /* of messages about encodings */
	const char *encoding;     /* converted from it, or NULL */
	size_t index;
	int failed;
};

static const char *format_from_name(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return NULL;
	if (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml"))
		return "yaml";
	if (!strcmp(dot, ".json"))
		return "json";
	if (!strcmp(dot, ".xml"))
		return "xml";
	return NULL;
}

const char *sai_source_format_of(const char *path)
{
	return format_from_name(path);
}

/* The format from the first bytes that are not white space or a BOM. */
static const char *format_from_bytes(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
			 p[i] == '\n'))
		i++;
	if (i < n && p[i] == '<')
		return "xml";
	if (i < n && (p[i] == '{' || p[i] == '['))
		return "json";
	return "yaml";
}

static sa_status open_readers(sa_source *s, const char *buf, size_t len,
			      sa_error *err)
{
	sai_yaml_options yo;

	if (!strcmp(s->format, "xml"))
		return buf ? sai_xml_open_buffer(buf, len, s->file, NULL,
						 &s->xml, err)
			   : sai_xml_open_file(s->in == stdin ? "-" : s->file,
					       s->file, NULL, &s->xml, err);
	if (!strcmp(s->format, "json"))
		return buf ? sai_json_open_buffer(buf, len, s->file, NULL,
						  &s->json, err)
			   : sai_json_open_file(s->in, s->file, NULL, &s->json,
						err);
	sai_yaml_options_default(&yo);
	yo.format = s->format;
	return buf ? sai_yaml_open_buffer(buf, len, s->file, &yo, &s->yaml, err)
		   : sai_yaml_open_file(s->in, s->file, &yo, &s->yaml, err);
}

static const char *peek_stream(FILE *f);

/* Sniffs the format of a file: a regular file is read ahead and rewound;
 * a pipe is peeked at one character (see peek_stream). */
static const char *sniff(FILE *f)
{
	unsigned char head[64];
	size_t n;

	if (fseek(f, 0, SEEK_CUR) != 0)
		return peek_stream(f);
	n = fread(head, 1, sizeof(head), f);
	if (fseek(f, 0, SEEK_SET) != 0)
		return format_from_bytes(head, n);
	clearerr(f);
	return format_from_bytes(head, n);
}

/* ---- encodings ---------------------------------------------------------- */

/* Converts len bytes of in, in encoding from, to UTF-8: *out (caller
 * frees; NUL-terminated) and *out_len.  0; -1 on a sequence that is not
 * of that encoding (*bad: its offset; with partial, one cut off at the
 * end is dropped instead); -2 when iconv knows no such encoding; -3 out
 * of memory. */
static int transcode(const char *from, const char *in, size_t len,
		     int partial, char **out, size_t *out_len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	size_t cap = len * 2 + 16, il = len, ol, used;
	char *buf, *grown, *ip = (char *)(uintptr_t)in, *op;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return -2;
	if (!(buf = malloc(cap))) {
		iconv_close(cd);
		return -3;
	}
	op = buf;
	ol = cap - 1;
	while (il > 0 && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		if (errno == EINVAL && partial)
			break;
		if (errno != E2BIG) {
			*bad = (size_t)(ip - in);
			rc = -1;
			break;
		}
		used = (size_t)(op - buf);
		if (!(grown = realloc(buf, cap * 2))) {
			rc = -3;
			break;
		}
		buf = grown;
		cap *= 2;
		op = buf + used;
		ol = cap - used - 1;
	}
	iconv_close(cd);
	if (rc) {
		free(buf);
		return rc;
	}
	*op = '\0';
	*out = buf;
	*out_len = (size_t)(op - buf);
	return 0;
}

/* What a text that is not UTF-8 probably is: its name for people and
 * for iconv (NULL when there is no good guess). */
typedef struct enc_guess {
	const char *shown, *iconv;
} enc_guess;

static enc_guess guess_encoding(const unsigned char *p, size_t n)
{
	enc_guess g = { NULL, NULL };
	size_t i, olen, bad;
	char *out;

	if (n >= 4 && (!memcmp(p, "\xff\xfe\0\0", 4) ||
		       !memcmp(p, "\0\0\xfe\xff", 4)))
		g.shown = "UTF-32 (BOM)", g.iconv = "UTF-32";
	else if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
			    (p[0] == 0xfe && p[1] == 0xff)))
		g.shown = "UTF-16 (BOM)", g.iconv = "UTF-16";
	else if (n >= 2 && p[0] && !p[1])
		g.shown = g.iconv = "UTF-16LE";
	else if (n >= 2 && !p[0] && p[1])
		g.shown = g.iconv = "UTF-16BE";
	if (g.iconv)
		return g;
	for (i = 0; i < n && p[i] < 0x80; i++)
		;
	/* Text that reads as GB18030 (GBK's superset, what Chinese Windows
	 * and Excel write) and not as UTF-8. */
	if (i < n && transcode("GB18030", (const char *)p, n, 1, &out, &olen,
			       &bad) == 0) {
		free(out);
		g.shown = "GB18030/GBK";
		g.iconv = "GB18030";
	}
	return g;
}

/* Shows the error's line converted from enc, when it is in p. */
static void convert_line(sa_error *err, const unsigned char *p, size_t n,
			 const char *enc)
{
	const unsigned char *q = p, *end = p + n, *nl;
	unsigned long line = 1;
	char *out;
	size_t olen, bad;

	while (line < err->line && (nl = memchr(q, '\n', (size_t)(end - q)))) {
		q = nl + 1;
		line++;
	}
	if (line != err->line)
		return;
	nl = memchr(q, '\n', (size_t)(end - q));
	n = (size_t)((nl ? nl : end) - q);
	if (n && q[n - 1] == '\r')
		n--;
	if (transcode(enc, (const char *)q, n, 0, &out, &olen, &bad) != 0)
		return;
	if (olen < sizeof(err->source_line))
		memcpy(err->source_line, out, olen + 1);
	free(out);
}

/* An error about bytes that are not UTF-8 (libyaml's "invalid trailing
 * UTF-8 octet", libxml2's "not proper UTF-8", ours) becomes one in the
 * run's language that names the likely encoding and the fix. */
static void explain_encoding(const sa_source *s, sa_error *err)
{
	static const size_t sample = 1u << 20;
	const unsigned char *p = s->bytes_len ?
				 (const unsigned char *)s->bytes : NULL;
	unsigned char *head = NULL;
	size_t n = s->bytes_len;
	int en = s->lang && !strcmp(s->lang, "en");
	enc_guess g;
	char lower[16];
	size_t i;

	if (!err || err->status != SA_ERR_PARSE || s->encoding ||
	    !strstr(err->message, "UTF-8"))
		return;
	if (!p && strcmp(s->file, "-") && (head = malloc(sample))) {
		int fd = open(s->file, O_RDONLY | O_CLOEXEC);
		ssize_t got = fd < 0 ? -1 : read(fd, head, sample);

		n = got > 0 ? (size_t)got : 0;
		p = head;
		if (fd >= 0)
			close(fd);
	}
	g = guess_encoding(p ? p : (const unsigned char *)"", p ? n : 0);
	for (i = 0; g.iconv && g.iconv[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(g.iconv[i] >= 'A' && g.iconv[i] <= 'Z' ?
				  g.iconv[i] + 'a' - 'A' : g.iconv[i]);
	lower[i] = '\0';
	if (g.iconv && en)
		snprintf(err->message, sizeof(err->message), "the file is not "
			 "UTF-8 (it looks like %s): convert it with iconv -f "
			 "%s -t UTF-8, or check it with --encoding %s",
			 g.shown, g.iconv, lower);
	else if (g.iconv)
		snprintf(err->message, sizeof(err->message), "文件不是 UTF-8 "
			 "编码（看来是 %s）：用 iconv -f %s -t UTF-8 转成 "
			 "UTF-8，或检查时加 --encoding %s", g.shown, g.iconv,
			 lower);
	else if (en)
		snprintf(err->message, sizeof(err->message), "the file is not "
			 "UTF-8: convert it with iconv -f ITS-ENCODING -t "
			 "UTF-8, or check it with --encoding ITS-ENCODING");
	else
		snprintf(err->message, sizeof(err->message), "文件不是 UTF-8 "
			 "编码：用 iconv -f 原编码 -t UTF-8 转成 UTF-8，或检查"
			 "时加 --encoding 原编码");
	if (g.iconv && !strcmp(g.iconv, "GB18030") && p)
		convert_line(err, p, n, g.iconv);
	else if (g.iconv)
		err->source_line[0] = '\0';  /* UTF-16 bytes show as noise */
	free(head);
}

static sa_source *source_alloc(const char *file, sa_error *err)
{
	sa_source *s = calloc(1, sizeof(*s));

	if (s && !(s->file = sai_strdup(file))) {
		free(s);
		s = NULL;
	}
	if (!s)
		sai_error_set(err, SA_ERR_NOMEM, file, 0, 0, _("out of memory"));
	return s;
}

/* A stream that cannot be rewound (standard input, a pipe): its format
 * comes from its first non-blank character, pushed back (C promises one
 * ungetc); its leading blank lines are not counted in line numbers. */
static const char *peek_stream(FILE *f)
{
	int c;

	while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n')
		;
	if (c == EOF)
		return "yaml";
	ungetc(c, f);
	return c == '<' ? "xml" : (c == '{' || c == '[') ? "json" : "yaml";
}

/* ---- stationaudit's own reports ----------------------------------------- */

/* p past white space (and, at the start, a UTF-8 BOM). */
static const char *report_skip(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
			   *p == '\n'))
		p++;
	return p;
}

/* p past white space and then lit, or NULL when lit is not there. */
static const char *report_expect(const char *p, const char *end,
				 const char *lit)
{
	size_t n = strlen(lit);

	if (!p)
		return NULL;
	p = report_skip(p, end);
	return (size_t)(end - p) >= n && !memcmp(p, lit, n) ? p + n : NULL;
}

/* Whether the n bytes at p hold the string lit. */
static int report_holds(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (p[i] == lit[0] && !memcmp(p + i, lit, k))
			return 1;
	return 0;
}

/* The root element's start tag of an XML head: past the declaration,
 * comments and processing instructions; NULL when not reached. */
static const char *report_xml_root(const char *p, const char *end)
{
	const char *q;

	for (;;) {
		p = report_skip(p, end);
		if (end - p < 2 || *p != '<')
			return NULL;
		if (p[1] != '?' && p[1] != '!')
			return p + 1;
		q = p[1] == '?' ? "?>" :
		    end - p > 2 && p[2] == '-' ? "-->" : ">";
		for (p += 2; p < end && !report_expect(p, end, q); p++)
			;
		if (p >= end)
			return NULL;
		p += strlen(q);
	}
}

/* Whether the root tag at p is named name (with any prefix), a whole
 * name. */
static int report_root_is(const char *p, const char *end, const char *name)
{
	const char *q = p;
	size_t n = strlen(name);

	while (q < end && *q != ' ' && *q != '\t' && *q != '\r' &&
	       *q != '\n' && *q != '>' && *q != '/')
		q++;
	return (size_t)(q - p) >= n && !memcmp(q - n, name, n) &&
	       (q - p == (ptrdiff_t)n || q[-(ptrdiff_t)n - 1] == ':');
}

const char *sai_report_kind(const char *head, size_t n)
{
	const char *end = head + n, *p = head, *root;

	if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	/* check -f json and diff -f json: {"schema": "stationaudit-..." */
	if ((root = report_expect(report_expect(report_expect(p, end, "{"),
						end, "\"schema\""), end, ":")))
		return report_expect(root, end, "\"stationaudit-report\"") ?
		       "JSON" : report_expect(root, end,
					      "\"stationaudit-diff\"") ?
		       "diff JSON" : NULL;
	/* SARIF: {"$schema": "...sarif..." */
	if ((root = report_expect(report_expect(report_expect(report_expect(
		p, end, "{"), end, "\"$schema\""), end, ":"), end, "\"")))
		return report_holds(root, (size_t)(end - root) < 128 ?
				    (size_t)(end - root) : 128, "sarif") ?
		       "SARIF" : NULL;
	/* GitLab Code Quality: [{"description": ..., "check_name": ... */
	if (report_expect(report_expect(report_expect(p, end, "["), end,
					"{"), end, "\"description\""))
		return report_holds(p, n - (size_t)(p - head),
				    "\"check_name\"") &&
		       report_holds(p, n - (size_t)(p - head),
				    "\"fingerprint\"") ? "Code Quality" : NULL;
	if (!(root = report_xml_root(p, end)))
		return NULL;
	if (report_root_is(root, end, "testsuites"))
		return "JUnit";
	if (report_root_is(root, end, "schematron-output") &&
	    report_holds(root, (size_t)(end - root),
			 "http://purl.oclc.org/dsdl/svrl"))
		return "SVRL";
	return NULL;
}

/* The report a file open at fd is (which this closes), or NULL. */
static const char *report_kind_fd(int fd)
{
	char head[SAI_REPORT_HEAD];
	ssize_t got;
	struct stat st;
	const char *kind = NULL;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		do
			got = read(fd, head, sizeof(head));
		while (got < 0 && errno == EINTR);
		if (got > 0)
			kind = sai_report_kind(head, (size_t)got);
	}
	close(fd);
	return kind;
}

const char *sai_report_kind_at(int dirfd, const char *name)
{
	return report_kind_fd(openat(dirfd, name, O_RDONLY | O_CLOEXEC |
				     O_NONBLOCK | O_NOFOLLOW));
}

/* A dossier named to the run that is one of those reports: a load error
 * that says so (instead of a wall of contract findings). */
static sa_status refuse_report(const char *path, const char *kind,
			       sa_error *err)
{
	return sai_error_set(err, SA_ERR_SHAPE, path, 1, 1,
			     _("a stationaudit %s report, not a dossier: not "
			     "audited (a folder walk leaves such files out; "
			     "name dossiers only, or write reports outside "
			     "the dossiers' folder)"), kind);
}

sa_status sa_source_open(const char *path, sa_source **out, sa_error *err)
{
	sa_source *s;
	sa_status st;
	const char *kind;

	*out = NULL;
	if (strcmp(path, "-") && (kind = report_kind_fd(open(path, O_RDONLY |
							 O_CLOEXEC |
							 O_NONBLOCK))))
		return refuse_report(path, kind, err);
	if (!(s = source_alloc(path, err)))
		return SA_ERR_NOMEM;
	s->format = format_from_name(path);
	if (!strcmp(path, "-")) {
		s->in = stdin;
		s->format = peek_stream(stdin);
	} else if (!s->format || strcmp(s->format, "xml") != 0) {
		if (!(s->in = fopen(path, "rb"))) {
			st = sai_error_set(err, SA_ERR_IO, path, 0, 0,
					   _("cannot open: %s"), strerror(errno));
			sa_source_free(s);
			return st;
		}
		s->close_in = 1;
		if (!s->format)
			s->format = sniff(s->in);
		if (!strcmp(s->format, "xml")) {
			fclose(s->in);
			s->in = NULL;
			s->close_in = 0;
		}
	}
	st = open_readers(s, NULL, 0, err);
	if (st != SA_OK) {
		if (err && err->file[0])
			sai_error_read_source(err);
		sa_source_free(s);
		return st;
	}
	*out = s;
	return SA_OK;
}

sa_status sa_source_open_buffer(const char *buf, size_t len, const char *file,
				sa_source **out, sa_error *err)
{
	sa_source *s;
	sa_status st;
	const char *kind;

	*out = NULL;
	if ((kind = sai_report_kind(buf, len < SAI_REPORT_HEAD ? len :
				    SAI_REPORT_HEAD)))
		return refuse_report(file, kind, err);
	if (!(s = source_alloc(file, err)))
		return SA_ERR_NOMEM;
	s->format = format_from_name(file);
	if (!s->format)
		s->format = format_from_bytes((const unsigned char *)buf, len);
	st = open_readers(s, buf, len, err);
	if (st != SA_OK) {
		sa_source_free(s);
		return st;
	}
	*out = s;
	return SA_OK;
}

/* Reads a regular file of at most max bytes whole; NULL (errno set; 0
 * when the file is not such a file) otherwise. */
static char *read_small(const char *path, size_t max, size_t *len)
{
	struct stat st;
	char *buf = NULL;
	size_t got = 0;
	ssize_t n;
	/* Non-blocking: a FIFO put in a dossier's place is refused, not
	 * waited on (a regular file reads the same). */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (unsigned long long)st.st_size > max ||
	    !(buf = malloc((size_t)st.st_size + 1))) {
		errno = 0;
		close(fd);
		return NULL;
	}
	/* Read one byte more than stat said, to see a file that grew.  A
	 * regular file's read is short only at its end: no second read to
	 * hear the end again. */
	while (got <= (size_t)st.st_size &&
	       (n = read(fd, buf + got, (size_t)st.st_size + 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n > 0 && (size_t)n < (size_t)st.st_size + 1 - got) {
			got += (size_t)n;
			break;
		}
		if (n < 0) {
			int saved = errno;

			free(buf);
			close(fd);
			errno = saved;
			return NULL;
		}
		got += (size_t)n;
	}
	close(fd);
	if (got > (size_t)st.st_size) {
		free(buf);
		errno = 0;
		return NULL;
	}
	*len = got;
	return buf;
}

/* Reads standard input whole, up to max bytes; NULL (errno set; 0 when
 * there is more) otherwise. */
static char *read_stdin(size_t max, size_t *len)
{
	size_t cap = 65536, got = 0, n;
	char *buf = malloc(cap), *grown;

	while (buf) {
		if (got == cap) {
			if (!(grown = realloc(buf, cap * 2))) {
				free(buf);
				return NULL;
			}
			buf = grown;
			cap *= 2;
		}
		if ((n = fread(buf + got, 1, cap - got, stdin)) == 0)
			break;
		if ((got += n) > max) {
			free(buf);
			errno = 0;
			return NULL;
		}
	}
	if (buf && ferror(stdin)) {
		free(buf);
		return NULL;
	}
	*len = got;
	return buf;
}

/* An XML file that declares its encoding: libxml2 reads it as declared. */
static int xml_declares_encoding(const char *p, size_t n)
{
	const char *end;
	size_t i;

	if (n < 5 || memcmp(p, "<?xml", 5) || !(end = memchr(p, '>', n)))
		return 0;
	for (i = 0; p + i + 8 <= end; i++)
		if (!memcmp(p + i, "encoding", 8))
			return 1;
	return 0;
}

/* --encoding: the file read whole and converted to UTF-8. */
static sa_status open_converted(const char *path, char hex[65],
				const sa_run_options *ro, sa_source **out,
				sa_error *err)
{
	int en = ro->lang && !strcmp(ro->lang, "en"), rc = 0;
	size_t len = 0, clen = 0, bad = 0, i;
	unsigned long line = 1;
	char *raw, *conv = NULL;
	sa_status st;

	raw = strcmp(path, "-") ? read_small(path, SAI_SOURCE_CONVERT_MAX, &len)
				: read_stdin(SAI_SOURCE_CONVERT_MAX, &len);
	if (!raw)
		return sai_error_set(err, SA_ERR_IO, path, 0, 0, errno ?
				     _("cannot open: %s") : en ? "%s" : "%s",
				     errno ? strerror(errno) : en ?
				     "not a regular file of at most 64 MiB: "
				     "convert it with iconv first" :
				     "不是 64 MiB 以内的普通文件：请先用 iconv "
				     "转成 UTF-8");
	if (hex && strcmp(path, "-"))
		sai_sha256_hex(raw, len, hex);
	if (xml_declares_encoding(raw, len)) {
		conv = raw;  /* libxml2 converts what is declared */
		clen = len;
		raw = NULL;
	} else {
		rc = transcode(ro->encoding, raw, len, 0, &conv, &clen, &bad);
	}
	for (i = 0; rc == -1 && i < bad; i++)
		line += raw[i] == '\n';
	free(raw);
	if (rc == -3)
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	if (rc == -2)
		return sai_error_set(err, SA_ERR_USAGE, path, 0, 0, en ?
				     "--encoding %s: no such encoding "
				     "(iconv -l lists them)" : "--encoding %s："
				     "没有这种编码（iconv -l 列出全部）",
				     ro->encoding);
	if (rc == -1)
		return sai_error_set(err, SA_ERR_PARSE, path, line, 0, en ?
				     "byte %zu is not %s text" :
				     "第 %zu 字节起不是 %s 编码的文本", bad + 1,
				     ro->encoding);
	st = sa_source_open_buffer(conv, clen, path, out, err);
	if (st != SA_OK) {
		free(conv);
		return st;
	}
	(*out)->bytes = conv;
	(*out)->bytes_len = clen;
	(*out)->encoding = ro->encoding;
	(*out)->lang = ro->lang;
	return SA_OK;
}

sa_status sai_source_open_hashed(const char *path, char hex[65],
				 const sa_run_options *ro, sa_source **out,
				 sa_error *err)
{
	size_t len = 0;
	char *bytes;
	sa_status st;

	if (hex)
		hex[0] = '\0';
	if (ro && ro->encoding)
		return open_converted(path, hex, ro, out, err);
	bytes = strcmp(path, "-") ? read_small(path, SAI_SOURCE_WHOLE_MAX, &len)
				  : NULL;
	if (!bytes) {
		if (hex && strcmp(path, "-") && sai_sha256_file(path, hex) < 0)
			hex[0] = '\0';
		st = sa_source_open(path, out, err);
		if (st == SA_OK)
			(*out)->lang = ro ? ro->lang : NULL;
		return st;
	}
	if (hex)
		sai_sha256_hex(bytes, len, hex);
	st = sa_source_open_buffer(bytes, len, path, out, err);
	if (st != SA_OK) {
		free(bytes);
		if (err && err->file[0])
			sai_error_read_source(err);
		return st;
	}
	(*out)->bytes = bytes;
	(*out)->bytes_len = len;
	(*out)->lang = ro ? ro->lang : NULL;
	return SA_OK;
}

/* Reads len bytes at offset of fd into buf; 0, or -1 (errno set; 0 when
 * the file is shorter). */
static int read_at(int fd, char *buf, size_t len, size_t offset)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = pread(fd, buf + got, len - got, (off_t)(offset + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

/* The name of the root element whose start tag ends head (len bytes). */
static size_t root_name(const char *head, size_t len, const char **name)
{
	const char *lt = head + len, *e;

	while (lt > head && *--lt != '<')
		;
	*name = lt + 1;
	for (e = lt + 1; e < head + len && *e != ' ' && *e != '\t' &&
	     *e != '\r' && *e != '\n' && *e != '>' && *e != '/'; e++)
		;
	return (size_t)(e - *name);
}

sa_status sai_source_open_part(const char *path, const sai_part *part,
			       const sa_run_options *ro, sa_source **out,
			       sa_error *err)
{
	const char *fmt = format_from_name(path), *name;
	int xml = fmt && !strcmp(fmt, "xml");
	size_t head = xml ? part->head_len : 0, total, nlen = 0, i;
	size_t ylen = part->len;
	unsigned long head_lines = 0;
	sai_yaml_options yo;
	sa_source *s;
	sa_status st;
	int fd;

	*out = NULL;
	if (!(s = source_alloc(path, err)))
		return SA_ERR_NOMEM;
	s->format = xml ? "xml" : "yaml";
	s->lang = ro ? ro->lang : NULL;
	/* XML: head, a line end, the part, the root's end tag.  YAML: the
	 * part and, when one follows, a bare marker (see below). */
	total = head + (xml ? 1 : 0) + part->len + (xml ? head + 3 : 4);
	if (!(s->bytes = malloc(total ? total : 1))) {
		sa_source_free(s);
		return sai_error_set(err, SA_ERR_NOMEM, path,
				     part->line_base + 1, 0, _("out of memory"));
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		st = sai_error_set(err, SA_ERR_IO, path, 0, 0,
				   _("cannot open: %s"), strerror(errno));
		sa_source_free(s);
		return st;
	}
	if ((head && read_at(fd, s->bytes, head, 0) < 0) ||
	    read_at(fd, s->bytes + head + (xml ? 1 : 0), part->len,
		    part->offset) < 0) {
		st = sai_error_set(err, SA_ERR_IO, path, part->line_base + 1, 0,
				   _("cannot read: %s"), errno ?
				   strerror(errno) : _("the file shrank"));
		close(fd);
		sa_source_free(s);
		return st;
	}
	/* The next part's marker, bare: libyaml then sees this part end as
	 * it does in the whole file, and an error there reads the same. */
	if (!xml && read_at(fd, s->bytes + ylen, 3, part->offset + ylen) == 0 &&
	    !memcmp(s->bytes + ylen, "---", 3)) {
		memcpy(s->bytes + ylen, "---\n", 4);
		ylen += 4;
	}
	close(fd);
	if (xml) {
		char *p = s->bytes + head;

		for (i = 0; i < head; i++)
			head_lines += s->bytes[i] == '\n';
		*p++ = '\n';
		p += part->len;
		nlen = root_name(s->bytes, head, &name);
		*p++ = '<';
		*p++ = '/';
		memcpy(p, name, nlen);
		p += nlen;
		*p++ = '>';
		total = (size_t)(p - s->bytes);
		if ((st = sai_xml_open_buffer(s->bytes, total, s->file, NULL,
					      &s->xml, err)) == SA_OK)
			sai_xml_set_part(s->xml, part->line_base > head_lines ?
					 part->line_base - head_lines - 1 : 0);
	} else {
		sai_yaml_options_default(&yo);
		yo.format = s->format;
		yo.line_base = part->line_base;
		yo.byte_base = part->offset;
		yo.part = 1;
		st = sai_yaml_open_buffer(s->bytes, ylen, s->file, &yo,
					  &s->yaml, err);
	}
	if (st != SA_OK) {
		sa_source_free(s);
		return st;
	}
	*out = s;
	return SA_OK;
}

/* 1 when the line at p (end: the map's end) is a document start marker:
 * "---" followed by a blank, a line end or the end. */
static int doc_marker(const char *p, const char *end)
{
	return end - p >= 3 && p[0] == '-' && p[1] == '-' && p[2] == '-' &&
	       (end - p == 3 || p[3] == ' ' || p[3] == '\t' || p[3] == '\n' ||
		p[3] == '\r');
}

static int add_part(sai_part **parts, size_t *n, size_t *cap, size_t offset,
		    unsigned long line_base)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		sai_part *p = realloc(*parts, c * sizeof(*p));

		if (!p)
			return -1;
		*parts = p;
		*cap = c;
	}
	(*parts)[*n].offset = offset;
	(*parts)[*n].len = 0;
	(*parts)[*n].line_base = line_base;
	(*parts)[*n].head_len = 0;
	(*n)++;
	return 0;
}

/* Opens path for cutting when it is a regular file of at least min
 * bytes: the descriptor (its size in *size), or -1. */
static int cut_open(const char *path, size_t min, size_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
	    (unsigned long long)st.st_size < min ||
	    (unsigned long long)st.st_size > (size_t)-1 / 2) {
		close(fd);
		return -1;
	}
	*size = (size_t)st.st_size;
	return fd;
}

/* Ends a cut: with cut set and no error, each part runs to the next
 * (the last to end); otherwise, or when there are fewer than two parts,
 * nothing is cut.  Returns rc. */
static int cut_done(sai_part **parts, size_t *n, size_t end, int cut, int rc)
{
	size_t i;

	cut = cut && rc == 0 && *n > 1;
	for (i = 0; cut && i < *n; i++)
		(*parts)[i].len = (i + 1 < *n ? (*parts)[i + 1].offset : end) -
				  (*parts)[i].offset;
	if (!cut) {
		free(*parts);
		*parts = NULL;
		*n = 0;
	}
	return rc;
}

#define CUT_BLOCK (1u << 20)

int sai_source_cut_yaml(const char *path, size_t min, size_t target,
			sai_part **parts, size_t *n)
{
	char *buf = NULL, *p, *end, *nl;
	size_t cap = 0, have = 0, base = 0, size = 0;
	unsigned long line = 0;
	int fd, rc = 0, eof = 0, at_start = 1, cut = 1;
	ssize_t got;

	*parts = NULL;
	*n = 0;
	if ((fd = cut_open(path, min, &size)) < 0)
		return 0;
	if (!(buf = malloc(CUT_BLOCK)) || add_part(parts, n, &cap, 0, 0) < 0) {
		rc = -1;
		goto out;
	}
	/* Read in blocks (the file is not held: a stream may be larger
	 * than memory); each line start is looked at with at least four
	 * bytes (or the end) in view. */
	while (cut && !eof) {
		got = read(fd, buf + have, CUT_BLOCK - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			cut = 0;
			break;
		}
		eof = got == 0;
		have += (size_t)got;
		p = buf;
		end = buf + have;
		while (p < end) {
			if (at_start) {
				size_t off = base + (size_t)(p - buf);

				if (end - p < 4 && !eof)
					break;
				/* Directives (%YAML, %TAG) belong to the
				 * document after them: such a file is not
				 * cut. */
				if (*p == '%') {
					cut = 0;
					break;
				}
				if (off > 0 && doc_marker(p, end) &&
				    off - (*parts)[*n - 1].offset >= target &&
				    add_part(parts, n, &cap, off, line) < 0) {
					rc = -1;
					goto out;
				}
				at_start = 0;
			}
			if (!(nl = memchr(p, '\n', (size_t)(end - p)))) {
				p = end;
				break;
			}
			p = nl + 1;
			line++;
			at_start = 1;
		}
		/* What is not looked at yet moves to the front. */
		memmove(buf, p, (size_t)(end - p));
		have = (size_t)(end - p);
		base += (size_t)(p - buf);
	}
	if (base + have != size)
		cut = 0;  /* the file changed while it was read */
out:
	close(fd);
	free(buf);
	return cut_done(parts, n, size, cut, rc);
}

/* Reading a file for cutting: a window of it, read with pread, that only
 * moves forward.  A file truncated while it is cut gives a short read
 * (the cut is then given up and the file read whole, which says what is
 * wrong with it), where a mapping would die of SIGBUS; and the window
 * keeps the file out of RSS. */
typedef struct xml_scan {
	int fd;
	char *buf;
	size_t base, len;          /* the window: bytes [base, base + len) */
	size_t size;               /* the file's size when it was opened */
	size_t pos;
	size_t counted;            /* lines are counted up to here */
	unsigned long line;        /* line ends before counted */
} xml_scan;

#define SCAN_WINDOW (1u << 20)

/* Counts the line ends up to to (in the window). */
static void count_lines(xml_scan *sc, size_t to)
{
	const char *p = sc->buf + (sc->counted - sc->base);
	const char *end = sc->buf + (to - sc->base), *nl;

	if (to <= sc->counted)
		return;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		sc->line++;
		p = nl + 1;
	}
	sc->counted = to;
}

/* Makes bytes [from, to) of the file readable in the window, dropping
 * what is before from (from may not go back, nor skip bytes).  -1 when
 * they cannot be: past the file's end, more than the window holds, a
 * read error or a file that shrank. */
static int scan_have(xml_scan *sc, size_t from, size_t to)
{
	ssize_t got;

	if (from >= sc->base && to <= sc->base + sc->len)
		return 0;
	if (from < sc->base || from > sc->base + sc->len || to > sc->size ||
	    to - from > SCAN_WINDOW)
		return -1;
	count_lines(sc, from);
	memmove(sc->buf, sc->buf + (from - sc->base),
		sc->base + sc->len - from);
	sc->len -= from - sc->base;
	sc->base = from;
	while (sc->base + sc->len < to) {
		size_t want = SCAN_WINDOW - sc->len;

		if (want > sc->size - sc->base - sc->len)
			want = sc->size - sc->base - sc->len;
		got = pread(sc->fd, sc->buf + sc->len, want,
			    (off_t)(sc->base + sc->len));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;  /* an error, or the file shrank */
		sc->len += (size_t)got;
	}
	return 0;
}

/* The byte at off (which must be readable). */
#define SCAN_AT(sc, off) ((sc)->buf[(off) - (sc)->base])

/* The offset of the next '<' from sc->pos, or size (also when the file
 * cannot be read on: *bad set). */
static size_t scan_lt(xml_scan *sc, int *bad)
{
	const char *lt;

	while (sc->pos < sc->size) {
		if (scan_have(sc, sc->pos, sc->pos + 1) < 0) {
			*bad = 1;
			break;
		}
		lt = memchr(&SCAN_AT(sc, sc->pos), '<',
			    sc->base + sc->len - sc->pos);
		if (lt)
			return sc->base + (size_t)(lt - sc->buf);
		sc->pos = sc->base + sc->len;
	}
	return sc->size;
}

/* The offset of needle from pos, or size (also when the file cannot be
 * read on). */
static size_t scan_find(xml_scan *sc, size_t pos, const char *needle)
{
	size_t n = strlen(needle), end;
	const char *p;

	while (pos + n <= sc->size) {
		if (scan_have(sc, pos, pos + n) < 0)
			break;
		end = sc->base + sc->len;
		while (pos + n <= end &&
		       (p = memchr(&SCAN_AT(sc, pos), needle[0],
				   end - pos - n + 1))) {
			if (!memcmp(p, needle, n))
				return sc->base + (size_t)(p - sc->buf);
			pos = sc->base + (size_t)(p - sc->buf) + 1;
		}
		pos = end - n + 1 > pos ? end - n + 1 : pos;
	}
	return sc->size;
}

/* The offset of the '>' that ends the tag at o (past quoted attribute
 * values), or size: the tag is cut off, or longer than the window. */
static size_t scan_tag_end(xml_scan *sc, size_t o)
{
	char quote = 0, c;
	size_t q;

	for (q = o + 1; q < sc->size; q++) {
		if (q >= sc->base + sc->len && scan_have(sc, o, q + 1) < 0)
			return sc->size;
		c = SCAN_AT(sc, q);
		if (quote)
			quote = c == quote ? 0 : quote;
		else if (c == '"' || c == '\'')
			quote = c;
		else if (c == '>')
			return q;
	}
	return sc->size;
}

/* Whether only blanks stand between the line's start and o (in the
 * window): then *ls is where the line starts.  A line that starts before
 * the window is not known to (and a cut is only missed). */
static int scan_line_start(const xml_scan *sc, size_t o, size_t *ls)
{
	size_t k = o;

	for (; k > sc->base; k--) {
		char c = SCAN_AT(sc, k - 1);

		if (c == '\n')
			break;
		if (c != ' ' && c != '\t' && c != '\r')
			return 0;
	}
	*ls = k;
	return k > sc->base || k == 0;
}

/* What the '<' at o starts, when it is not a tag: the end of its
 * markup ("-->", ...), "" for a DOCTYPE (not ours to cut), NULL for a
 * tag. */
static const char *markup_end(xml_scan *sc, size_t o)
{
	size_t avail = sc->size - o;
	const char *lt;

	if (scan_have(sc, o, o + (avail < 9 ? avail : 9)) < 0)
		return "";
	lt = &SCAN_AT(sc, o);
	if (avail < 2 || (lt[1] != '!' && lt[1] != '?'))
		return NULL;
	if (avail >= 4 && !memcmp(lt, "<!--", 4))
		return "-->";
	if (avail >= 9 && !memcmp(lt, "<![CDATA[", 9))
		return "]]>";
	if (lt[1] == '?')
		return "?>";
	return "";
}

/* The cut's state between tags. */
typedef struct xml_cut {
	sai_part **parts;
	size_t *n, cap, head, root_end, target;
	int depth, cut, rc;
} xml_cut;

/* The root's start tag [o, q]: it must be <stations> (or x:stations). */
static void cut_root(xml_scan *sc, xml_cut *c, size_t o, size_t q,
		     int closed)
{
	const char *name;
	size_t len = root_name(&SCAN_AT(sc, o), q + 1 - o, &name);

	if (c->head || closed ||
	    !((len == 8 && !memcmp(name, "stations", 8)) ||
	      (len > 9 && !memcmp(name + len - 9, ":stations", 9))))
		c->cut = 0;
	else
		c->head = q + 1;
}

/* A record's start tag at o: a cut point if it starts its line. */
static void cut_record(xml_scan *sc, xml_cut *c, size_t o)
{
	size_t ls = 0;
	int starts = scan_line_start(sc, o, &ls) && ls >= c->head;

	count_lines(sc, o);
	if (*c->n == 0 && !starts) {
		c->cut = 0;
		return;
	}
	if (starts && (*c->n == 0 ||
		       ls - (*c->parts)[*c->n - 1].offset >= c->target)) {
		if (add_part(c->parts, c->n, &c->cap, ls, sc->line) < 0) {
			c->rc = -1;
			return;
		}
		(*c->parts)[*c->n - 1].head_len = c->head;
	}
}

/* The tag at o, whose '>' is at q. */
static void cut_tag(xml_scan *sc, xml_cut *c, size_t o, size_t q)
{
	int closed;

	if (SCAN_AT(sc, o + 1) == '/') {
		if (--c->depth == 0)
			c->root_end = o;
		return;
	}
	closed = SCAN_AT(sc, q - 1) == '/';
	if (c->depth == 0)
		cut_root(sc, c, o, q, closed);
	else if (c->depth == 1)
		cut_record(sc, c, o);
	if (!closed)
		c->depth++;
}

int sai_source_cut_xml(const char *path, size_t min, size_t target,
		       sai_part **parts, size_t *n)
{
	xml_scan sc;
	xml_cut c;
	size_t o, q, i;
	const char *end;
	int bad = 0;

	*parts = NULL;
	*n = 0;
	memset(&sc, 0, sizeof(sc));
	memset(&c, 0, sizeof(c));
	c.parts = parts;
	c.n = n;
	c.target = target;
	c.cut = 1;
	if ((sc.fd = cut_open(path, min, &sc.size)) < 0)
		return 0;
	if (sc.size == 0 || !(sc.buf = malloc(SCAN_WINDOW))) {
		close(sc.fd);
		return sc.size == 0 ? 0 : -1;
	}
	/* Markup is found byte by byte only in encodings that keep ASCII:
	 * UTF-16 and UTF-32 (a BOM or a NUL early) are not cut. */
	if (scan_have(&sc, 0, sc.size < 4 ? sc.size : 4) < 0)
		c.cut = 0;
	for (i = 0; c.cut && i < 4 && i < sc.size; i++)
		if (sc.buf[i] == 0 || (unsigned char)sc.buf[i] >= 0xfe)
			c.cut = 0;
	while (c.cut && c.rc == 0 && !c.root_end &&
	       (o = scan_lt(&sc, &bad)) < sc.size) {
		if ((end = markup_end(&sc, o)) != NULL) {
			q = *end ? scan_find(&sc, o + 2, end) : sc.size;
			c.cut = q < sc.size;
			sc.pos = q + strlen(end);
			continue;
		}
		if ((q = scan_tag_end(&sc, o)) == sc.size) {
			c.cut = 0;
			break;
		}
		cut_tag(&sc, &c, o, q);
		sc.pos = q + 1;
	}
	if (bad || !(c.cut && c.rc == 0 && c.root_end && *n > 0))
		c.cut = 0;
	close(sc.fd);
	free(sc.buf);
	return cut_done(parts, n, c.root_end, c.cut, c.rc);
}

void sa_source_free(sa_source *s)
{
	if (!s)
		return;
	sai_yaml_free(s->yaml);
	sai_json_free(s->json);
	sai_xml_free(s->xml);
	if (s->close_in && s->in)
		fclose(s->in);
	free(s->bytes);
	free(s->file);
	free(s);
}

const char *sai_source_file(const sa_source *s)
{
	return s->file;
}

sa_status sa_source_next(sa_source *s, sa_record **out, sa_error *err)
{
	unsigned long line = 0, col = 0;
	xmlDocPtr doc = NULL;
	sa_status st;
	sa_record *rec;

	*out = NULL;
	if (s->failed)
		return SA_OK;
	if (s->xml)
		st = sai_xml_next_record(s->xml, &doc, &line, &col, err);
	else if (s->json)
		st = sai_json_next_record(s->json, &doc, &line, &col, err);
	else
		st = sai_yaml_next_record(s->yaml, &doc, &line, &col, err);
	if (st != SA_OK) {
		/* YAML goes on after a bad document, JSON after a list item
		 * that is no station (their readers know where they can, and
		 * give the end after an error they cannot pass); XML ends. */
		s->failed = s->xml != NULL;
		if (err && err->file[0])
			sai_error_read_source(err);
		explain_encoding(s, err);
		return st;
	}
	if (!doc)
		return SA_OK;
	rec = calloc(1, sizeof(*rec));
	if (!rec || !(rec->file = sai_strdup(s->file))) {
		free(rec);
		sai_tree_free(doc);
		s->failed = 1;
		return sai_error_set(err, SA_ERR_NOMEM, s->file, line, col,
				     _("out of memory"));
	}
	rec->doc = doc;
	rec->line = line;
	rec->column = col;
	rec->index = ++s->index;
	rec->format = s->format;
	rec->encoding = s->encoding;
	*out = rec;
	return SA_OK;
}

const char *sa_record_file(const sa_record *rec) { return rec->file; }
unsigned long sa_record_line(const sa_record *rec) { return rec->line; }
unsigned long sa_record_column(const sa_record *rec) { return rec->column; }
size_t sa_record_index(const sa_record *rec) { return rec->index; }
const char *sa_record_format(const sa_record *rec) { return rec->format; }

void sa_record_free(sa_record *rec)
{
	if (!rec)
		return;
	sai_tree_free(rec->doc);
	free(rec->file);
	free(rec);
}

/* Adds sa:line / sa:col to every element of a copy, for display. */
static int annotate(xmlNodePtr n, xmlNsPtr ns)
{
	char buf[32];

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		snprintf(buf, sizeof(buf), "%lu", sai_node_line(n));
		if (!xmlSetNsProp(n, ns, (const xmlChar *)"line",
				  (const xmlChar *)buf))
			return -1;
		if (sai_node_column(n)) {
			snprintf(buf, sizeof(buf), "%lu", sai_node_column(n));
			if (!xmlSetNsProp(n, ns, (const xmlChar *)"col",
					  (const xmlChar *)buf))
				return -1;
		}
		if (annotate(n->children, ns) < 0)
			return -1;
	}
	return 0;
}

static sa_status dump(xmlDocPtr doc, char **out, size_t *len)
{
	xmlChar *mem = NULL;
	int size = 0;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (!mem)
		return SA_ERR_NOMEM;
	*out = sai_strndup((const char *)mem, (size_t)size);
	xmlFree(mem);
	if (!*out)
		return SA_ERR_NOMEM;
	if (len)
		*len = (size_t)size;
	return SA_OK;
}

sa_status sa_record_serialize(const sa_record *rec, int with_positions,
			      char **out, size_t *len, sa_error *err)
{
	xmlDocPtr copy;
	xmlNodePtr root;
	xmlNsPtr ns;
	sa_status st;

	*out = NULL;
	if (!with_positions)
		st = dump(rec->doc, out, len);
	else {
		copy = xmlCopyDoc(rec->doc, 1);
		root = copy ? xmlDocGetRootElement(copy) : NULL;
		if (!root)
			st = SA_ERR_NOMEM;
		else {
			sai_tree_copy_positions(xmlDocGetRootElement(rec->doc), root);
			ns = xmlSearchNsByHref(copy, root,
					       (const xmlChar *)SAI_TREE_NS);
			if (!ns)
				ns = xmlNewNs(root, (const xmlChar *)SAI_TREE_NS,
					      (const xmlChar *)SAI_TREE_NS_PREFIX);
			st = ns && annotate(root, ns) == 0 ?
				dump(copy, out, len) : SA_ERR_NOMEM;
		}
		if (copy)
			sai_tree_free(copy);
	}
	if (st != SA_OK)
		return sai_error_set(err, st, rec->file, 0, 0, _("out of memory"));
	return SA_OK;
}
