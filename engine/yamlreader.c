/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yamlreader.c - YAML and JSON to record trees, from libyaml events.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "keyset-internal.h"
#include "libmsg-internal.h"
#include "util-internal.h"
#include "yamlreader-internal.h"
#include "i18n.h"

/* An anchor: the element(s) its value became.  For a mapping or scalar
 * that is one element (its content is what an alias copies); for a
 * sequence it is the run of sibling item elements first..last. */
typedef struct anchor {
	char *name;
	int is_seq;
	xmlNodePtr first;
	xmlNodePtr last;
} anchor;

struct sai_yaml_reader {
	yaml_parser_t parser;
	yaml_event_t ev;            /* the current event */
	int have_ev;
	sai_yaml_options opts;
	const char *file;
	FILE *in;
	/* The input: win holds its bytes [win_off, win_off + win_len),
	 * all of the buffer, or the latest ones read from in (owned),
	 * kept to find where to resume after a syntax error; pos is the
	 * next byte for libyaml. */
	const unsigned char *win;
	unsigned char *own;
	size_t win_off, win_len, pos;
	unsigned long win_line;     /* line breaks before win_off */
	int eof;                    /* in gave its last byte */
	/* The parser reads from in_off, the start of line in_line (0, or
	 * where it resumed); the document it is in began on doc_line
	 * (lines count from 0 at the input's start). */
	size_t in_off;
	unsigned long in_line, doc_line;
	/* After a syntax error (broken): go on at the first document
	 * marker on or after this line; 0: the stream ends there. */
	unsigned long resume_line;
	/* What libyaml is given is checked first as its reader would check
	 * it: [in_off, checked) passed, cont of its bytes continue a
	 * character (in_off: a parser starts there; bom: with a UTF-8 BOM,
	 * which libyaml drops).  At
	 * a bad character (bad), libyaml gets the input up to good_end and
	 * then its end; the error (at bad_off, bad_line:bad_col) is told
	 * once its scanner got there, at character eof_chars. */
	int started, raw, bom, bad;  /* raw: UTF-16, libyaml checks it */
	size_t checked, cont, good_end, bad_off, eof_chars;
	/* libyaml counts U+2028, U+2029 and NEL as line breaks, the file's
	 * readers do not: the runs of them in what was checked, by the
	 * index of libyaml's character (start), with how many there are up
	 * to the run's end (upto), so that lines are the bytes' (mark_line). */
	struct extra_breaks {
		size_t start, n, upto;
	} *xb;
	size_t n_xb, cap_xb;
	int xb_failed;
	const char *bad_what;
	unsigned long bad_line, bad_col;
	int broken;                 /* the parser failed: it cannot go on */
	int skipping;               /* the rest of a bad item or document */
	int depth;                  /* collections open at the event */
	int list_depth;             /* depth of the records' sequence */
	unsigned long errors;       /* errors given by next_record */
	unsigned long consumed;     /* bytes read since the record began */
	int too_big;
	int done;                   /* STREAM_END seen or fatal error */
	int in_list;                /* inside a stations: sequence */
	int list_in_map;            /* that sequence is under a key */
	int records;                /* records produced so far */
	unsigned long key_line;     /* where the pending key was written: */
	unsigned long key_col;      /* its element is placed there */
	xmlDictPtr dict;
	anchor *anchors;
	size_t n_anchors, cap_anchors;
	sai_builder b;
};

void sai_yaml_options_default(sai_yaml_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->format = "yaml";
	sai_tree_limits_default(&opts->limits);
	opts->max_record_bytes = 64ul * 1024 * 1024;
}

/* ---- input ---------------------------------------------------------- */

/* Bytes of the FILE kept for a resume: libyaml reads at most 16 KiB
 * ahead and holds up to 48 KiB of decoded text, so the line of an error
 * is within the latest 64 KiB but for a longer line; a half window is
 * always kept. */
#define WINDOW_SIZE (512u * 1024)

/* The length of the line break at p (n bytes there), as libyaml counts
 * lines: CR LF, CR, LF, NEL, LS and PS; 0 when there is none. */
static size_t break_len(const unsigned char *p, size_t n)
{
	if (n >= 1 && (p[0] == '\n' || p[0] == '\r'))
		return n >= 2 && p[0] == '\r' && p[1] == '\n' ? 2 : 1;
	if (n >= 2 && p[0] == 0xc2 && p[1] == 0x85)
		return 2;
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	return 0;
}

static unsigned long count_breaks(const unsigned char *p, size_t n)
{
	unsigned long lines = 0;
	size_t i = 0, k;

	while (i < n) {
		/* (most bytes start no break: a window is counted whole) */
		if (p[i] != '\n' && p[i] != '\r' && p[i] != 0xc2 &&
		    p[i] != 0xe2) {
			i++;
			continue;
		}
		k = break_len(p + i, n - i);
		lines += k > 0;
		i += k ? k : 1;
	}
	return lines;
}

/* A document marker line starts at p (n bytes there, 7 unless the input
 * ends): "---" then a blank, a line break or the end; after a UTF-8 BOM
 * too (files joined with cat), as a parser started there reads it. */
static int is_marker(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		p += 3;
		n -= 3;
	}
	return n >= 3 && p[0] == '-' && p[1] == '-' && p[2] == '-' &&
	       (n == 3 || p[3] == ' ' || p[3] == '\t' ||
		break_len(p + 3, n - 3) > 0);
}

/* Drops the window's bytes before offset upto, but never the last four
 * nor part of a character or line break (lines are counted whole). */
static void window_drop(sai_yaml_reader *r, size_t upto)
{
	size_t k = upto > r->win_off ? upto - r->win_off : 0;

	if (k + 4 > r->win_len)
		k = r->win_len > 4 ? r->win_len - 4 : 0;
	while (k < r->win_len && (r->own[k] & 0xc0) == 0x80)
		k++;
	if (k > 0 && k < r->win_len && r->own[k - 1] == '\r' &&
	    r->own[k] == '\n')
		k++;
	if (!k)
		return;
	r->win_line += count_breaks(r->own, k);
	memmove(r->own, r->own + k, r->win_len - k);
	r->win_off += k;
	r->win_len -= k;
}

/* Reads up to size more bytes of the FILE into the window, keeping those
 * from keep on and the latest half window; the number read (0 at the
 * end), or -1 on a read error. */
static long window_fill(sai_yaml_reader *r, size_t size, size_t keep)
{
	size_t end = r->win_off + r->win_len, n;

	if (r->win_len + size > WINDOW_SIZE) {
		size_t half = end - r->win_off > WINDOW_SIZE / 2 ?
			      end - WINDOW_SIZE / 2 : r->win_off;

		window_drop(r, keep < half ? keep : half);
	}
	if (size > WINDOW_SIZE - r->win_len)
		size = WINDOW_SIZE - r->win_len;
	if (r->eof || !size)
		return 0;
	n = fread(r->own + r->win_len, 1, size, r->in);
	r->win_len += n;
	if (n == 0 && ferror(r->in))
		return -1;
	r->eof = n == 0;
	return (long)n;
}

/* The window's bytes from offset p on: up to n of them there, fewer only
 * at the end of the input. */
static size_t window_have(sai_yaml_reader *r, size_t p, size_t n)
{
	while (r->in && r->win_off + r->win_len - p < n &&
	       window_fill(r, WINDOW_SIZE / 4, p) > 0)
		;
	if (r->win_off + r->win_len - p < n)
		n = r->win_off + r->win_len - p;
	return n;
}

/* In FILE mode, where line (0-based, of the input) starts in the window:
 * 1 and *at, or 0 when its start is not there. */
static int window_line(const sai_yaml_reader *r, unsigned long line,
		       size_t *at)
{
	size_t p = r->in_off, end = r->win_off + r->win_len, k;
	unsigned long l = r->in_line;
	int start = 1;

	if (r->in_off < r->win_off) {
		p = r->win_off;
		l = r->win_line;
		start = 0;
	}
	while (!start || l < line) {
		if (l > line || (l == line && !start) || p >= end)
			return 0;
		k = break_len(r->win + (p - r->win_off), end - p);
		start = k > 0;
		l += start;
		p += k ? k : 1;
	}
	*at = p;
	return l == line;
}

/* The place of the byte at off (of the input) from the window, as
 * sai_locate_offset finds it in a buffer: 0 when it is not there.  The
 * lines are counted from the parser's start or, when the window lost
 * that, from the window's (the column is then 0 if the byte's line
 * began before it). */
static int window_locate(const sai_yaml_reader *r, size_t off,
			 unsigned long *line, unsigned long *col)
{
	size_t p = r->in_off, end = r->win_off + r->win_len, k;

	*line = r->in_line + 1;
	*col = 1;
	if (r->in_off < r->win_off) {
		p = r->win_off;
		*line = r->win_line + 1;
		*col = 0;
	}
	if (off < p || off >= end)
		return 0;
	while (p < off) {
		k = break_len(r->win + (p - r->win_off), end - p);
		*line += k > 0;
		*col = k ? 1 : *col ? *col +
		       ((r->win[p - r->win_off] & 0xc0) != 0x80) : 0;
		p += k ? k : 1;
	}
	return 1;
}

/* In FILE mode, the line of an error from the window (standard input
 * cannot be read again for it). */
static void window_source(const sai_yaml_reader *r, sa_error *err)
{
	size_t at;

	if (r->in && err && err->line > r->opts.line_base &&
	    window_line(r, err->line - 1 - r->opts.line_base, &at))
		sai_error_set_source(err, (const char *)r->win +
				     (at - r->win_off),
				     r->win_off + r->win_len - at, 1);
}

/* ---- checking the bytes ---------------------------------------------- */

/* Checks the character at p (n bytes there, then the input's end) as
 * libyaml's reader does, with its words: its length, or 0 with *what
 * and *at, the bad byte's offset from p. */
static size_t check_char(const unsigned char *p, size_t n, const char **what,
			 size_t *at)
{
	unsigned int c = p[0], v, w, k;

	w = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 :
	    (c & 0xf8) == 0xf0 ? 4 : 0;
	*at = 0;
	if (!w || w > n) {
		*what = !w ? "invalid leading UTF-8 octet" :
			"incomplete UTF-8 octet sequence";
		return 0;
	}
	v = w == 1 ? c : c & (0x7fu >> w);
	for (k = 1; k < w; k++) {
		if ((p[k] & 0xc0) != 0x80) {
			*what = "invalid trailing UTF-8 octet";
			*at = k;
			return 0;
		}
		v = (v << 6) | (p[k] & 0x3fu);
	}
	if ((w == 2 && v < 0x80) || (w == 3 && v < 0x800) ||
	    (w == 4 && v < 0x10000))
		*what = "invalid length of a UTF-8 sequence";
	else if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		*what = "invalid Unicode character";
	/* What YAML 1.1 lets a stream hold (c-printable). */
	else if (!(v == 0x09 || v == 0x0a || v == 0x0d ||
		   (v >= 0x20 && v <= 0x7e) || v == 0x85 ||
		   (v >= 0xa0 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd) ||
		   v >= 0x10000))
		*what = "control characters are not allowed";
	else
		return w;
	return 0;
}

/* At a bad character: where libyaml's scanner will stop, and the bad
 * byte's place. */
static void note_bad(sai_yaml_reader *r, size_t good_end, size_t bad_off)
{
	unsigned long line = 0, col = 0;

	r->bad = 1;
	r->good_end = good_end;
	r->bad_off = bad_off;
	r->eof_chars = good_end - r->in_off - r->cont - (size_t)r->bom;
	window_locate(r, bad_off, &line, &col);
	r->bad_line = line;
	r->bad_col = col;
}

/* At a parser's first byte: a UTF-16 stream is libyaml's to check (it
 * decodes it), UTF-32 (which it cannot) is refused at byte 0. */
static void check_start(sai_yaml_reader *r)
{
	size_t n = r->win_off + r->win_len - r->in_off;
	const unsigned char *q = n ? r->win + (r->in_off - r->win_off) : NULL;

	r->started = 1;
	if (!n)
		return;
	r->bom = n >= 3 && q[0] == 0xef && q[1] == 0xbb && q[2] == 0xbf;
	if (n >= 4 && ((!q[0] && !q[1] && q[2] == 0xfe && q[3] == 0xff) ||
		       (q[0] == 0xff && q[1] == 0xfe && !q[2] && !q[3]))) {
		r->bad_what = _("UTF-32 is not supported: convert the file to "
				"UTF-8");
		note_bad(r, r->in_off, r->in_off);
	} else if (n >= 2 && ((q[0] == 0xff && q[1] == 0xfe) ||
			      (q[0] == 0xfe && q[1] == 0xff))) {
		r->raw = 1;
	}
}

#define ONES ((uint64_t)0x0101010101010101u)

/* 1 when the 8 bytes at q are all printable ASCII (0x20 to 0x7e): none
 * has its high bit, none is below 0x20, none is 0x7f (a word at a time,
 * as strlen does). */
static int printable8(const unsigned char *q)
{
	uint64_t x, y;

	memcpy(&x, q, 8);
	y = x ^ (ONES * 0x7f);
	return !((x | ((x - ONES * 0x20) & ~x) | ((y - ONES) & ~y)) &
		 (ONES * 0x80));
}

/* Notes a line break of libyaml's alone at its character index. */
static void note_extra_break(sai_yaml_reader *r, size_t index)
{
	struct extra_breaks *x = r->n_xb ? &r->xb[r->n_xb - 1] : NULL, *g;

	if (r->bom && index)
		index--;               /* libyaml drops the BOM */
	if (x && x->start + x->n == index) {
		x->n++;
		x->upto++;
		return;
	}
	if (r->n_xb == r->cap_xb) {
		size_t cap = r->cap_xb ? r->cap_xb * 2 : 16;

		if (!(g = realloc(r->xb, cap * sizeof(*g)))) {
			r->xb_failed = 1;
			return;
		}
		r->xb = g;
		r->cap_xb = cap;
	}
	g = &r->xb[r->n_xb++];
	g->start = index;
	g->n = 1;
	g->upto = (x ? x->upto : 0) + 1;
}

/* Checks the input's characters that start before offset upto (the
 * window holds them whole, but at the input's end); stops at a bad one
 * and notes where it is. */
static void check_input(sai_yaml_reader *r, size_t upto)
{
	size_t p = r->checked, end = r->win_off + r->win_len, cont = r->cont;
	const unsigned char *q = p < upto ? r->win + (p - r->win_off) : NULL;
	size_t w, at = 0;

	while (p < upto) {
		/* (most bytes are printable ASCII, line ends, or Chinese:
		 * three bytes led by 0xe1-0xec or 0xee are U+1000-U+CFFF or
		 * U+E000-U+EFFF, all allowed, when the two others continue) */
		if (*q >= 0x80 && end - p >= 3 &&
		    ((*q >= 0xe1 && *q <= 0xec) || *q == 0xee) &&
		    (q[1] & 0xc0) == 0x80 && (q[2] & 0xc0) == 0x80)
			w = 3;
		else if (*q < 0x80 && end - p >= 8 && printable8(q))
			w = 8;
		else if ((*q >= 0x20 && *q < 0x7f) || *q == '\n' ||
			 *q == '\r' || *q == '\t')
			w = 1;
		else if (!(w = check_char(q, end - p, &r->bad_what, &at)))
			break;
		if ((w == 3 && q[0] == 0xe2 && q[1] == 0x80 &&
		     (q[2] == 0xa8 || q[2] == 0xa9)) ||
		    (w == 2 && q[0] == 0xc2 && q[1] == 0x85))
			note_extra_break(r, p - r->in_off - cont);
		cont += w < 8 ? w - 1 : 0;
		p += w;
		q += w;
	}
	r->checked = p;
	r->cont = cont;
	if (p < upto)
		note_bad(r, p, p + at);
}

/* In FILE mode, reads until the window holds size bytes from pos and a
 * character's worth more, or the input ends: -1 on a read error. */
static int window_ahead(sai_yaml_reader *r, size_t size)
{
	long got;

	while (r->win_off + r->win_len - r->pos < size + 4) {
		got = window_fill(r, size + 4 -
				  (r->win_off + r->win_len - r->pos), r->pos);
		if (got <= 0)
			return (int)got;
	}
	return 0;
}

/* How many of the n bytes from pos libyaml may have: those checked
 * good (a character may go in parts), none at a bad one. */
static size_t hand_checked(sai_yaml_reader *r, size_t n)
{
	if (!r->started)
		check_start(r);
	if (r->raw)
		return n;
	if (!r->bad && r->checked < r->pos + n)
		check_input(r, r->pos + n);
	if (r->bad)
		return r->good_end - r->pos < n ? r->good_end - r->pos : n;
	return r->checked - r->pos < n ? r->checked - r->pos : n;
}

/* libyaml's scanner has read all it was given of a stream with a bad
 * character: what it gives now does not count. */
static int at_bad_char(const sai_yaml_reader *r)
{
	return r->bad && r->parser.mark.index >= r->eof_chars;
}

static int read_handler(void *data, unsigned char *buffer, size_t size,
			size_t *size_read)
{
	sai_yaml_reader *r = data;
	size_t n;

	if (r->consumed > r->opts.max_record_bytes) {
		r->too_big = 1;
		return 0;
	}
	if (r->in && window_ahead(r, size) < 0)
		return 0;
	n = r->win_off + r->win_len - r->pos;
	if (n > size)
		n = size;
	n = hand_checked(r, n);
	memcpy(buffer, r->win + (r->pos - r->win_off), n);
	r->pos += n;
	r->consumed += n;
	*size_read = n;
	return 1;
}

static sa_status reader_new(const char *file, const sai_yaml_options *opts,
			    sai_yaml_reader **out, sa_error *err)
{
	sai_yaml_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !yaml_parser_initialize(&r->parser)) {
		free(r);
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	}
	if (opts)
		r->opts = *opts;
	else
		sai_yaml_options_default(&r->opts);
	r->file = file;
	r->dict = xmlDictCreate();
	if (!r->dict) {
		sai_yaml_free(r);
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	}
	yaml_parser_set_input(&r->parser, read_handler, r);
	*out = r;
	return SA_OK;
}

sa_status sai_yaml_open_file(FILE *f, const char *file,
			     const sai_yaml_options *opts,
			     sai_yaml_reader **out, sa_error *err)
{
	sa_status st = reader_new(file, opts, out, err);

	if (st != SA_OK)
		return st;
	(*out)->in = f;
	(*out)->own = malloc(WINDOW_SIZE);
	(*out)->win = (*out)->own;
	if (!(*out)->own) {
		sai_yaml_free(*out);
		*out = NULL;
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	}
	return SA_OK;
}

sa_status sai_yaml_open_buffer(const char *buf, size_t len, const char *file,
			       const sai_yaml_options *opts,
			       sai_yaml_reader **out, sa_error *err)
{
	sa_status st = reader_new(file, opts, out, err);

	if (st == SA_OK) {
		(*out)->win = (const unsigned char *)buf;
		(*out)->win_len = len;
	}
	return st;
}

static void clear_anchors(sai_yaml_reader *r)
{
	size_t i;

	for (i = 0; i < r->n_anchors; i++)
		free(r->anchors[i].name);
	r->n_anchors = 0;
}

void sai_yaml_free(sai_yaml_reader *r)
{
	if (!r)
		return;
	if (r->have_ev)
		yaml_event_delete(&r->ev);
	yaml_parser_delete(&r->parser);
	sai_builder_release(&r->b);
	clear_anchors(r);
	free(r->anchors);
	free(r->own);
	free(r->xb);
	if (r->dict)
		xmlDictFree(r->dict);
	free(r);
}

/* ---- events and errors --------------------------------------------- */

/* Lines before the parser's first: a part's, and those of a resume. */
static unsigned long line_base(const sai_yaml_reader *r)
{
	return r->opts.line_base + r->in_line;
}

/* A mark's line (from 0, the parser's first) counting only the line
 * breaks of the bytes (\n, \r\n, \r), as editors and the file's other
 * readers do. */
static unsigned long mark_line(const sai_yaml_reader *r, const yaml_mark_t *m)
{
	size_t lo = 0, hi = r->n_xb, mid, before = 0;

	/* the last run that starts before the mark */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->xb[mid].start < m->index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo) {
		const struct extra_breaks *x = &r->xb[lo - 1];
		size_t in = m->index - x->start;

		before = x->upto - x->n + (in < x->n ? in : x->n);
	}
	return (unsigned long)(m->line - before);
}

static unsigned long ev_line(const sai_yaml_reader *r)
{
	return mark_line(r, &r->ev.start_mark) + 1 + line_base(r);
}

static unsigned long ev_col(const sai_yaml_reader *r)
{
	return (unsigned long)r->ev.start_mark.column + 1;
}

/* Where to go on after the parser failed at line (of its own): at a
 * document marker on or after it, but after the line its document began
 * on, so that an error on a marker line never comes back. */
static void plan_resume(sai_yaml_reader *r, unsigned long line)
{
	line += r->in_line;
	r->resume_line = line > r->doc_line ? line : r->doc_line + 1;
}

static sa_status parse_error(sai_yaml_reader *r, sa_error *err)
{
	const yaml_parser_t *p = &r->parser;
	char what[SA_ERROR_MESSAGE_MAX / 2], context[SA_ERROR_MESSAGE_MAX / 4];
	unsigned long base = line_base(r);

	if (p->problem)
		sai_libmsg(p->problem, what, sizeof(what));
	else
		snprintf(what, sizeof(what), "%s", _("malformed input"));
	if (p->context)
		sai_libmsg(p->context, context, sizeof(context));
	r->done = 1;
	r->broken = 1;
	r->resume_line = 0;
	if (p->error == YAML_SCANNER_ERROR || p->error == YAML_PARSER_ERROR)
		plan_resume(r, mark_line(r, &p->problem_mark));
	else if (r->too_big)
		plan_resume(r, mark_line(r, &p->mark));
	if (r->too_big)
		return sai_error_set(err, SA_ERR_LIMIT, r->file,
				     mark_line(r, &p->mark) + 1 + base, 0,
				     _("record larger than %lu bytes: refused"),
				     r->opts.max_record_bytes);
	if (p->error == YAML_READER_ERROR) {
		/* libyaml knows only the byte offset of a bad byte. */
		unsigned long line, col;

		size_t off = r->in_off + p->problem_offset;

		if (!r->in || !window_locate(r, off, &line, &col))
			sai_locate_offset(r->in ? NULL : (const char *)r->win,
					  r->win_len,
					  r->in == stdin ? NULL : r->file,
					  off, &line, &col);
		if (line)
			line += r->opts.line_base;
		return sai_error_set(err, SA_ERR_PARSE, r->file, line, col,
				     _("cannot read %s: %s (byte %zu)"),
				     r->opts.format, what,
				     off + r->opts.byte_base);
	}
	if (p->context)
		return sai_error_set(err, SA_ERR_PARSE, r->file,
				     mark_line(r, &p->problem_mark) + 1 + base,
				     (unsigned long)p->problem_mark.column + 1,
				     _("malformed %s: %s %s (line %lu)"),
				     r->opts.format, what, context,
				     mark_line(r, &p->context_mark) + 1 +
				     base);
	return sai_error_set(err, SA_ERR_PARSE, r->file,
			     mark_line(r, &p->problem_mark) + 1 + base,
			     (unsigned long)p->problem_mark.column + 1,
			     _("malformed %s: %s"), r->opts.format, what);
}

/* The error at a bad character: its document ends there (the parser
 * cannot go on), the stream goes on at the next marker line. */
static sa_status bad_char_error(sai_yaml_reader *r, sa_error *err)
{
	r->done = 1;
	r->broken = 1;
	r->resume_line = r->bad_line;   /* (the line after it, from 0) */
	return sai_error_set(err, SA_ERR_PARSE, r->file,
			     r->bad_line ? r->bad_line + r->opts.line_base : 0,
			     r->bad_col, _("cannot read %s: %s (byte %zu)"),
			     r->opts.format, r->bad_what,
			     r->bad_off + r->opts.byte_base);
}

/* Advances to the next event; it becomes r->ev. */
static sa_status next_event(sai_yaml_reader *r, sa_error *err)
{
	if (r->have_ev) {
		yaml_event_delete(&r->ev);
		r->have_ev = 0;
	}
	if (r->done)
		return sai_error_set(err, SA_ERR_INTERNAL, r->file, 0, 0,
				     _("read past the end of the stream"));
	if (!yaml_parser_parse(&r->parser, &r->ev))
		return at_bad_char(r) ? bad_char_error(r, err) :
		       parse_error(r, err);
	r->have_ev = 1;
	if (at_bad_char(r)) {
		yaml_event_delete(&r->ev);
		r->have_ev = 0;
		return bad_char_error(r, err);
	}
	switch (r->ev.type) {
	case YAML_STREAM_END_EVENT:
		r->done = 1;
		break;
	case YAML_DOCUMENT_START_EVENT:
		r->doc_line = r->in_line + mark_line(r, &r->ev.start_mark);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		r->depth++;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		r->depth--;
		break;
	default:
		break;
	}
	return SA_OK;
}

/* An error at the current event. */
static sa_status ev_error(sai_yaml_reader *r, sa_error *err, sa_status st,
			  const char *fmt, const char *arg)
{
	char msg[SA_ERROR_MESSAGE_MAX];

	snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
	return sai_error_set(err, st, r->file, ev_line(r), ev_col(r), "%s",
			     msg);
}

static sa_status builder_error(sai_yaml_reader *r, sa_error *err,
			       sa_status st)
{
	const sai_tree_limits *l = &r->opts.limits;

	if (st == SA_ERR_NOMEM)
		return ev_error(r, err, st, _("out of memory"), NULL);
	if (st == SA_ERR_LIMIT && r->b.depth >= l->max_depth)
		return sai_error_set(err, st, r->file, ev_line(r), ev_col(r),
				     _("nesting deeper than %u levels: refused"),
				     l->max_depth);
	if (st == SA_ERR_LIMIT)
		return sai_error_set(err, st, r->file, ev_line(r), ev_col(r),
				     _("record too large (more than %lu nodes or "
				     "%lu bytes of text, or an alias bomb): "
				     "refused"), l->max_nodes, l->max_text);
	return ev_error(r, err, st, _("internal error building the tree"), NULL);
}

/* ---- scalars ---------------------------------------------------------- */

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static int is_int(const char *s, size_t n)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
		return n > 2 && strspn(s + 2, "0123456789abcdefABCDEF") == n - 2;
	if (n && (s[0] == '-' || s[0] == '+'))
		s++, n--;
	return all_digits(s, n);
}

static int is_float(const char *s, size_t n)
{
	static const char *const special[] = {
		".inf", "-.inf", "+.inf", ".Inf", "-.Inf", ".INF", "-.INF",
		".nan", ".NaN", ".NAN", NULL };
	size_t i = 0, digits = 0;
	int k;

	for (k = 0; special[k]; k++)
		if (strlen(special[k]) == n && !memcmp(s, special[k], n))
			return 1;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (!digits)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i >= n || !all_digits(s + i, n - i))
			return 0;
		i = n;
	}
	return i == n;
}

/* YYYY-MM-DD, or a timestamp starting with it (T or space, then time). */
static const char *date_type(const char *s, size_t n)
{
	if (n < 10 || !all_digits(s, 4) || s[4] != '-' ||
	    !all_digits(s + 5, 2) || s[7] != '-' || !all_digits(s + 8, 2))
		return NULL;
	if (n == 10)
		return "date";
	if ((s[10] == 'T' || s[10] == 't' || s[10] == ' ') && n >= 16 &&
	    all_digits(s + 11, 2) && s[13] == ':')
		return "timestamp";
	return NULL;
}

static int word_in(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && !memcmp(s, *words, n))
			return 1;
	return 0;
}

/* The type of a scalar event (NULL: a string) and, for booleans, the
 * canonical text. */
static const char *scalar_type(const yaml_event_t *ev, const char **canon)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
					     NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE",
					      NULL };
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t n = ev->data.scalar.length;

	*canon = NULL;
	/* Most scalars are words or Chinese text: a plain scalar can only
	 * be typed when it is empty or starts with one of these. */
	if (!tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && n &&
	    !strchr("~nNtTfF0123456789+-.", s[0]))
		return NULL;
	if (tag && strcmp(tag, "!") != 0) {
		if (!strcmp(tag, YAML_STR_TAG))
			return NULL;
		if (!strcmp(tag, YAML_INT_TAG))
			return "integer";
		if (!strcmp(tag, YAML_FLOAT_TAG))
			return "float";
		if (!strcmp(tag, YAML_BOOL_TAG))
			return "boolean";
		if (!strcmp(tag, YAML_NULL_TAG))
			return "null";
		if (!strcmp(tag, YAML_TIMESTAMP_TAG))
			return date_type(s, n) ? date_type(s, n) : "timestamp";
		return NULL;
	}
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || tag)
		return NULL;
	if (word_in(s, n, nulls))
		return "null";
	if (word_in(s, n, trues)) {
		*canon = "true";
		return "boolean";
	}
	if (word_in(s, n, falses)) {
		*canon = "false";
		return "boolean";
	}
	if (is_int(s, n))
		return "integer";
	if (is_float(s, n))
		return "float";
	return date_type(s, n);
}

/* ---- tree building ----------------------------------------------------- */

static sa_status parse_value(sai_yaml_reader *r, const char *name,
			     int in_seq, sa_error *err);

/* An element sits where its key was written (the value's own place for
 * sequence items), so that findings point at the line a person reads. */
static sa_status start_elem(sai_yaml_reader *r, const char *name,
			    sa_error *err)
{
	unsigned long line = r->key_line ? r->key_line : ev_line(r);
	unsigned long col = r->key_line ? r->key_col : ev_col(r);
	sa_status st;

	r->key_line = r->key_col = 0;
	if (sai_tree_name_ok(name)) {
		st = sai_builder_start(&r->b, name, line, col);
		return st == SA_OK ? SA_OK : builder_error(r, err, st);
	}
	st = sai_builder_start(&r->b, "_", line, col);
	if (st == SA_OK)
		st = sai_builder_attr(&r->b, 1, "key", name);
	return st == SA_OK ? SA_OK : builder_error(r, err, st);
}

static sa_status mark_item(sai_yaml_reader *r, int in_seq, sa_error *err)
{
	sa_status st;

	if (!in_seq || !r->opts.mark_items)
		return SA_OK;
	st = sai_builder_attr_static(&r->b, 1, "item", "1");
	return st == SA_OK ? SA_OK : builder_error(r, err, st);
}

static sa_status add_anchor(sai_yaml_reader *r, const yaml_char_t *name,
			    int is_seq, xmlNodePtr first, xmlNodePtr last,
			    sa_error *err)
{
	anchor *a;

	if (!name || !first)
		return SA_OK;
	if (r->n_anchors == r->cap_anchors) {
		size_t cap = r->cap_anchors ? r->cap_anchors * 2 : 8;

		a = realloc(r->anchors, cap * sizeof(*a));
		if (!a)
			return ev_error(r, err, SA_ERR_NOMEM, _("out of memory"),
					NULL);
		r->anchors = a;
		r->cap_anchors = cap;
	}
	a = &r->anchors[r->n_anchors];
	a->name = sai_strdup((const char *)name);
	if (!a->name)
		return ev_error(r, err, SA_ERR_NOMEM, _("out of memory"), NULL);
	a->is_seq = is_seq;
	a->first = first;
	a->last = last;
	r->n_anchors++;
	return SA_OK;
}

static const anchor *find_anchor(const sai_yaml_reader *r, const char *name)
{
	size_t i = r->n_anchors;

	/* The latest definition of a name wins, as YAML says. */
	while (i-- > 0)
		if (!strcmp(r->anchors[i].name, name))
			return &r->anchors[i];
	return NULL;
}

static sa_status parse_scalar(sai_yaml_reader *r, const char *name,
			      int in_seq, sa_error *err)
{
	const char *canon, *type = scalar_type(&r->ev, &canon);
	sa_status st = start_elem(r, name, err);
	xmlNodePtr el;
	char plain[80];

	/* 8.5e1 and 24.0 are the numbers 85 and 24, as JSON says: written
	 * plainly, which XPath and the contract read. */
	if (type && !canon && (!strcmp(type, "integer") ||
			       !strcmp(type, "float")) &&
	    sai_number_plain((const char *)r->ev.data.scalar.value,
			     r->ev.data.scalar.length, plain, sizeof(plain)))
		canon = plain;

	if (st != SA_OK)
		return st;
	el = r->b.cur;
	if ((st = mark_item(r, in_seq, err)) != SA_OK)
		return st;
	if (type &&
	    (st = sai_builder_attr_static(&r->b, 1, "type", type)) != SA_OK)
		return builder_error(r, err, st);
	if (canon)
		st = sai_builder_text(&r->b, canon, strlen(canon));
	else if (!type || strcmp(type, "null") != 0)
		st = sai_builder_text(&r->b,
				      (const char *)r->ev.data.scalar.value,
				      r->ev.data.scalar.length);
	if (st != SA_OK)
		return builder_error(r, err, st);
	if ((st = add_anchor(r, r->ev.data.scalar.anchor, 0, el, el, err)))
		return st;
	st = sai_builder_end(&r->b);
	return st == SA_OK ? SA_OK : builder_error(r, err, st);
}

/* Copies the content (attributes but sa:item, and children) of src into
 * the open element. */
static sa_status copy_content(sai_yaml_reader *r, const xmlNode *src,
			      sa_error *err)
{
	const xmlAttr *a;
	const xmlNode *c;
	sa_status st = SA_OK;

	for (a = src->properties; a && st == SA_OK; a = a->next) {
		xmlChar *v;

		if (!strcmp((const char *)a->name, "item"))
			continue;
		v = xmlNodeGetContent((const xmlNode *)a);
		st = v ? sai_builder_attr(&r->b, a->ns != NULL,
					  (const char *)a->name,
					  (const char *)v) : SA_ERR_NOMEM;
		xmlFree(v);
	}
	for (c = src->children; c && st == SA_OK; c = c->next)
		st = sai_builder_copy(&r->b, c);
	return st == SA_OK ? SA_OK : builder_error(r, err, st);
}

static sa_status alias_one(sai_yaml_reader *r, const char *name, int in_seq,
			   const xmlNode *src, sa_error *err)
{
	sa_status st = start_elem(r, name, err);

	if (st == SA_OK)
		st = mark_item(r, in_seq, err);
	if (st == SA_OK)
		st = copy_content(r, src, err);
	if (st == SA_OK && (st = sai_builder_end(&r->b)) != SA_OK)
		return builder_error(r, err, st);
	return st;
}

static sa_status parse_alias(sai_yaml_reader *r, const char *name,
			     int in_seq, sa_error *err)
{
	const char *an = (const char *)r->ev.data.alias.anchor;
	const anchor *a = find_anchor(r, an);
	const xmlNode *n;
	sa_status st = SA_OK;

	if (!a)
		return ev_error(r, err, SA_ERR_SHAPE,
				_("alias *%s names no anchor of this record"), an);
	if (!a->is_seq)
		return alias_one(r, name, in_seq, a->first, err);
	/* A sequence: its items become items of this key, as if the
	 * sequence were written here. */
	if (in_seq) {
		if ((st = start_elem(r, name, err)) != SA_OK)
			return st;
		name = "item";
	}
	for (n = a->first; n && st == SA_OK; n = n->next) {
		if (n->type == XML_ELEMENT_NODE)
			st = alias_one(r, name, 0, n, err);
		if (n == a->last)
			break;
	}
	if (st == SA_OK && in_seq && (st = sai_builder_end(&r->b)) != SA_OK)
		return builder_error(r, err, st);
	return st;
}

static sa_status empty_list(sai_yaml_reader *r, const char *name,
			     sa_error *err)
{
	sa_status st = start_elem(r, name, err);

	if (st == SA_OK && (st = sai_builder_attr_static(&r->b, 1, "empty", "1")))
		return builder_error(r, err, st);
	if (st == SA_OK && (st = sai_builder_end(&r->b)) != SA_OK)
		return builder_error(r, err, st);
	return st;
}

static sa_status parse_sequence(sai_yaml_reader *r, const char *name,
				int in_seq, sa_error *err)
{
	yaml_char_t *anchor_name = NULL;
	xmlNodePtr before, first = NULL;
	const char *item = name;
	sa_status st = SA_OK;

	if (r->ev.data.sequence_start.anchor &&
	    !(anchor_name = (yaml_char_t *)sai_strdup(
		      (const char *)r->ev.data.sequence_start.anchor)))
		return ev_error(r, err, SA_ERR_NOMEM, _("out of memory"), NULL);
	/* A sequence inside a sequence is one element holding <item>s. */
	if (in_seq) {
		if ((st = start_elem(r, name, err)) != SA_OK)
			goto out;
		if ((st = mark_item(r, 1, err)) != SA_OK)
			goto out;
		item = "item";
	}
	before = r->b.cur ? r->b.cur->last : NULL;
	r->key_line = r->key_col = 0;
	while ((st = next_event(r, err)) == SA_OK &&
	       r->ev.type != YAML_SEQUENCE_END_EVENT) {
		if ((st = parse_value(r, item, 1, err)) != SA_OK)
			goto out;
	}
	if (st != SA_OK)
		goto out;
	if (r->b.cur)
		first = before ? before->next : r->b.cur->children;
	/* Packs must see a key even when its list is empty ("rulez: []" is
	 * a typo to report, not nothing). */
	if (!first && !in_seq && r->opts.mark_items && r->b.cur)
		st = empty_list(r, name, err);
	if (first)
		st = add_anchor(r, anchor_name, 1, first, r->b.cur->last, err);
	if (st == SA_OK && in_seq && (st = sai_builder_end(&r->b)) != SA_OK)
		st = builder_error(r, err, st);
out:
	free(anchor_name);
	return st;
}

static sa_status parse_key(sai_yaml_reader *r, sai_keyset *ks,
			   const char **key, sa_error *err)
{
	const char *v = (const char *)r->ev.data.scalar.value;
	size_t n = r->ev.data.scalar.length;
	int added;

	*key = NULL;
	if (r->ev.type != YAML_SCALAR_EVENT)
		return ev_error(r, err, SA_ERR_SHAPE,
				_("a mapping key must be a plain scalar%s"),
				r->ev.type == YAML_ALIAS_EVENT ?
				_(" (an alias cannot be a key)") : "");
	if (strlen(v) != n)
		return ev_error(r, err, SA_ERR_SHAPE,
				_("a mapping key contains a NUL character"), NULL);
	if (n > 1000)
		return ev_error(r, err, SA_ERR_LIMIT,
				_("a mapping key longer than 1000 bytes"), NULL);
	*key = (const char *)xmlDictLookup(r->dict, (const xmlChar *)v,
					   (int)n);
	if (!*key)
		return ev_error(r, err, SA_ERR_NOMEM, _("out of memory"), NULL);
	added = sai_keyset_add(ks, (const xmlChar *)*key);
	if (added < 0)
		return ev_error(r, err, SA_ERR_NOMEM, _("out of memory"), NULL);
	if (added == 0)
		return ev_error(r, err, SA_ERR_SHAPE,
				_("duplicate key '%s' in this mapping"), *key);
	return SA_OK;
}

static sa_status parse_mapping(sai_yaml_reader *r, const char *name,
			       int in_seq, sa_error *err)
{
	yaml_char_t *an = r->ev.data.mapping_start.anchor;
	char *anchor_name = an ? sai_strdup((const char *)an) : NULL;
	sai_keyset ks = SAI_KEYSET_INIT;
	xmlNodePtr el;
	const char *key = NULL;
	sa_status st;

	if (an && !anchor_name)
		return ev_error(r, err, SA_ERR_NOMEM, _("out of memory"), NULL);
	if ((st = start_elem(r, name, err)) != SA_OK ||
	    (st = mark_item(r, in_seq, err)) != SA_OK)
		goto out;
	el = r->b.cur;
	while ((st = next_event(r, err)) == SA_OK &&
	       r->ev.type != YAML_MAPPING_END_EVENT) {
		unsigned long kl = ev_line(r), kc = ev_col(r);

		if ((st = parse_key(r, &ks, &key, err)) != SA_OK ||
		    (st = next_event(r, err)) != SA_OK)
			goto out;
		r->key_line = kl;
		r->key_col = kc;
		if ((st = parse_value(r, key, 0, err)) != SA_OK)
			goto out;
	}
	if (st == SA_OK)
		st = add_anchor(r, (yaml_char_t *)anchor_name, 0, el, el, err);
	if (st == SA_OK && (st = sai_builder_end(&r->b)) != SA_OK)
		st = builder_error(r, err, st);
out:
	free(anchor_name);
	sai_keyset_release(&ks);
	return st;
}

/* Builds the value that starts with the current event as element(s)
 * called name under the open element. */
static sa_status parse_value(sai_yaml_reader *r, const char *name,
			     int in_seq, sa_error *err)
{
	switch (r->ev.type) {
	case YAML_SCALAR_EVENT:
		return parse_scalar(r, name, in_seq, err);
	case YAML_ALIAS_EVENT:
		return parse_alias(r, name, in_seq, err);
	case YAML_SEQUENCE_START_EVENT:
		return parse_sequence(r, name, in_seq, err);
	case YAML_MAPPING_START_EVENT:
		return parse_mapping(r, name, in_seq, err);
	default:
		return ev_error(r, err, SA_ERR_PARSE, _("unexpected YAML event"),
				NULL);
	}
}

/* ---- records ------------------------------------------------------------ */

static sa_status begin_tree(sai_yaml_reader *r, sa_error *err)
{
	sa_status st;

	sai_builder_release(&r->b);
	clear_anchors(r);
	r->key_line = r->key_col = 0;  /* (a bad record may leave one) */
	st = sai_builder_init(&r->b, r->opts.format, &r->opts.limits);
	if (st != SA_OK)
		return sai_error_set(err, st, r->file, 0, 0, _("out of memory"));
	sai_builder_use_dict(&r->b, r->dict);
	return SA_OK;
}

/* Builds one record from the current event (the start of its value). */
static sa_status build_record(sai_yaml_reader *r, const char *root,
			      xmlDocPtr *doc, unsigned long *line,
			      unsigned long *col, sa_error *err)
{
	sa_status st = begin_tree(r, err);

	if (st != SA_OK)
		return st;
	*line = ev_line(r);
	*col = ev_col(r);
	if (r->ev.type != YAML_MAPPING_START_EVENT)
		return ev_error(r, err, SA_ERR_SHAPE,
				_("expected a mapping of keys here (key: value)"),
				NULL);
	st = parse_value(r, root, 0, err);
	if (st != SA_OK)
		return st;
	*doc = sai_builder_finish(&r->b);
	r->records++;
	r->consumed = 0;
	return SA_OK;
}

/* Consumes the value that starts at the current event, no deeper than
 * the depth limit (libyaml's time grows faster than the depth). */
static sa_status skip_value(sai_yaml_reader *r, sa_error *err)
{
	unsigned depth = 0;
	sa_status st;

	do {
		if ((r->ev.type == YAML_SEQUENCE_START_EVENT ||
		     r->ev.type == YAML_MAPPING_START_EVENT) &&
		    ++depth > r->opts.limits.max_depth) {
			r->done = r->broken = 1;
			return sai_error_set(err, SA_ERR_LIMIT, r->file,
					     ev_line(r), ev_col(r),
					     _("nesting deeper than %u "
					       "levels: refused"),
					     r->opts.limits.max_depth);
		}
		else if (r->ev.type == YAML_SEQUENCE_END_EVENT ||
			 r->ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		if (depth > 0 && (st = next_event(r, err)) != SA_OK)
			return st;
		r->consumed = 0;
	} while (depth > 0);
	return SA_OK;
}

/* Report mode, inside the top-level mapping: skips keys and their values
 * until the list key's sequence (then in_list is set) or the end of the
 * mapping (consumed). */
static sa_status skip_to_list(sai_yaml_reader *r, sa_error *err)
{
	sa_status st;
	int is_list;

	for (;;) {
		if ((st = next_event(r, err)) != SA_OK)
			return st;
		if (r->ev.type == YAML_MAPPING_END_EVENT)
			return SA_OK;
		if (r->ev.type != YAML_SCALAR_EVENT)
			return ev_error(r, err, SA_ERR_SHAPE, _("a mapping key "
					"must be a plain scalar"), NULL);
		is_list = !strcmp((const char *)r->ev.data.scalar.value,
				  r->opts.list_key);
		if ((st = next_event(r, err)) != SA_OK)
			return st;
		if (is_list && r->ev.type == YAML_SEQUENCE_START_EVENT) {
			r->in_list = 1;
			r->list_in_map = 1;
			r->list_depth = r->depth;
			return SA_OK;
		}
		if ((st = skip_value(r, err)) != SA_OK)
			return st;
	}
}

static sa_status report_top(sai_yaml_reader *r, sa_error *err)
{
	if (r->ev.type != YAML_MAPPING_START_EVENT)
		return ev_error(r, err, SA_ERR_SHAPE, _("expected a mapping with "
				"the key '%s'"), r->opts.list_key);
	return skip_to_list(r, err);
}

/* At a document's first node: decides how the document holds records. */
static sa_status document_top(sai_yaml_reader *r, xmlDocPtr *doc,
			      unsigned long *line, unsigned long *col,
			      sa_error *err)
{
	unsigned long kl, kc;
	sa_status st;
	char *key;

	if (r->ev.type == YAML_SEQUENCE_START_EVENT) {
		r->in_list = 1;
		r->list_in_map = 0;
		r->list_depth = r->depth;
		return SA_OK;
	}
	if (r->ev.type == YAML_SCALAR_EVENT && r->ev.data.scalar.length == 0)
		return SA_OK; /* an empty document: nothing to audit */
	if (r->ev.type != YAML_MAPPING_START_EVENT)
		return ev_error(r, err, SA_ERR_SHAPE,
				_("a dossier must be a mapping with the key "
				"'station' or 'stations'"), NULL);
	if ((st = next_event(r, err)) != SA_OK)
		return st;
	if (r->ev.type == YAML_MAPPING_END_EVENT)
		return ev_error(r, err, SA_ERR_SHAPE, _("an empty dossier: "
				"expected the key 'station' or 'stations'"),
				NULL);
	if (r->ev.type != YAML_SCALAR_EVENT)
		return ev_error(r, err, SA_ERR_SHAPE,
				_("a mapping key must be a plain scalar"), NULL);
	key = sai_strndup((const char *)r->ev.data.scalar.value,
			  r->ev.data.scalar.length);
	if (!key)
		return ev_error(r, err, SA_ERR_NOMEM, _("out of memory"), NULL);
	kl = ev_line(r);
	kc = ev_col(r);
	if ((st = next_event(r, err)) == SA_OK) {
		if (!strcmp(key, "stations") &&
		    r->ev.type == YAML_SEQUENCE_START_EVENT) {
			r->in_list = 1;
			r->list_in_map = 1;
			r->list_depth = r->depth;
		} else {
			st = build_record(r, key, doc, line, col, err);
			*line = kl;
			*col = kc;
			if (*doc)
				sai_node_set_position(
					xmlDocGetRootElement(*doc), kl, kc);
		}
	}
	free(key);
	return st;
}

/* After a record or list: the rest of the document must be its end. */
static sa_status document_rest(sai_yaml_reader *r, int in_map, sa_error *err)
{
	sa_status st;

	if (in_map && r->opts.list_key) {
		if ((st = skip_to_list(r, err)) != SA_OK || r->in_list)
			return st;
	} else if (in_map) {
		if ((st = next_event(r, err)) != SA_OK)
			return st;
		if (r->ev.type != YAML_MAPPING_END_EVENT)
			return ev_error(r, err, SA_ERR_SHAPE,
					_("a dossier has one top-level key "
					"(station or stations); found another"),
					NULL);
	}
	if ((st = next_event(r, err)) != SA_OK)
		return st;
	if (r->ev.type != YAML_DOCUMENT_END_EVENT)
		return ev_error(r, err, SA_ERR_PARSE, _("expected the end of "
				"the document"), NULL);
	return SA_OK;
}

static sa_status next_in_list(sai_yaml_reader *r, xmlDocPtr *doc,
			      unsigned long *line, unsigned long *col,
			      sa_error *err)
{
	sa_status st = next_event(r, err);

	if (st != SA_OK)
		return st;
	if (r->ev.type == YAML_SEQUENCE_END_EVENT) {
		r->in_list = 0;
		return document_rest(r, r->list_in_map, err);
	}
	return build_record(r, r->opts.list_key ? "record" : "station", doc,
			    line, col, err);
}

/* Where to resume: the first document marker line on or after
 * r->resume_line, or the directive lines (%YAML, %TAG, with comments
 * and blank lines among them) right before it that are on or after that
 * line too, for they belong to its document.  0 when there is none (or
 * its line left the FILE's window). */
static int resume_point(sai_yaml_reader *r, size_t *at, unsigned long *at_line)
{
	size_t p = r->in_off, n, k, dir = 0;
	unsigned long line = r->in_line, dir_line = 0;
	const unsigned char *q;
	int start = 1, in_dir = 0;

	if (r->in_off < r->win_off) {
		p = r->win_off;
		line = r->win_line;
		start = 0;
	}
	if (!start && line >= r->resume_line)
		return 0;
	for (;;) {
		n = window_have(r, p, 7);
		q = r->win + (p - r->win_off);
		if (start && line >= r->resume_line && is_marker(q, n))
			break;
		if (start && n && q[0] == '%' && !in_dir) {
			in_dir = line >= r->resume_line;
			dir = p;
			dir_line = line;
		} else if (start && n && q[0] != '%' && q[0] != '#' &&
			   !break_len(q, n)) {
			in_dir = 0;
		}
		if (!n)
			return 0;
		k = break_len(q, n);
		start = k > 0;
		line += start;
		p += k ? k : 1;
	}
	*at = in_dir ? dir : p;
	*at_line = in_dir ? dir_line : line;
	return 1;
}

/* Goes on with the input where resume_point says, with a new parser; 0
 * when there is nowhere (the rest of the stream is lost, as it was
 * before resuming existed), -1 without memory. */
static int resume(sai_yaml_reader *r)
{
	size_t p;
	unsigned long line;

	if (!resume_point(r, &p, &line))
		return 0;
	if (r->have_ev)
		yaml_event_delete(&r->ev);
	yaml_parser_delete(&r->parser);
	r->have_ev = r->done = r->broken = r->too_big = 0;
	r->in_list = r->skipping = r->depth = 0;
	r->resume_line = r->consumed = 0;
	r->pos = r->in_off = r->checked = p;
	r->in_line = r->doc_line = line;
	r->started = r->raw = r->bom = r->bad = 0;
	r->cont = 0;
	r->n_xb = 0;
	if (!yaml_parser_initialize(&r->parser)) {
		r->done = r->broken = 1;
		return -1;
	}
	yaml_parser_set_input(&r->parser, read_handler, r);
	return 1;
}

/* Skips the rest of a record that was not right but is well-formed YAML:
 * its item in a list of records, else its document.  Its input counts
 * towards the record's byte limit, and no deeper than the depth limit:
 * past it, the rest goes as after a syntax error (its events are not
 * read). */
static sa_status skip_bad(sai_yaml_reader *r, sa_error *err)
{
	sa_status st;

	while (r->in_list ? r->depth > r->list_depth :
	       !r->have_ev || r->ev.type != YAML_DOCUMENT_END_EVENT) {
		if (r->have_ev &&
		    (unsigned)r->depth > r->opts.limits.max_depth) {
			plan_resume(r, mark_line(r, &r->ev.start_mark));
			r->done = r->broken = 1;
			return SA_ERR_LIMIT;
		}
		if ((st = next_event(r, err)) != SA_OK)
			return st;
	}
	r->skipping = 0;
	return SA_OK;
}

/* One step: the next record of a list, or into the next document. */
static sa_status record_step(sai_yaml_reader *r, xmlDocPtr *doc,
			     unsigned long *line, unsigned long *column,
			     sa_error *err)
{
	sa_status st;

	if (r->skipping)
		return skip_bad(r, err);
	if (r->in_list)
		return next_in_list(r, doc, line, column, err);
	if ((st = next_event(r, err)) != SA_OK ||
	    r->ev.type != YAML_DOCUMENT_START_EVENT)
		return st;
	if ((st = next_event(r, err)) != SA_OK)
		return st;
	if (r->opts.list_key) {
		st = report_top(r, err);
		if (st == SA_OK && !r->in_list)
			st = document_rest(r, 0, err);
		return st;
	}
	st = document_top(r, doc, line, column, err);
	if (st == SA_OK && *doc)
		st = document_rest(r, 1, err);
	else if (st == SA_OK && !r->in_list)
		st = document_rest(r, 0, err);
	return st;
}

/* After an error: how the stream goes on.  A syntax error ends what one
 * parser can read; a new one starts at the next document marker.  A
 * record that is wrong but well-formed costs its list item or its
 * document.  Without memory, or at bytes libyaml cannot read, the
 * stream ends. */
static sa_status recover(sai_yaml_reader *r, sa_status st, sa_error *err)
{
	r->errors++;
	if (r->broken) {
		r->in_list = r->skipping = 0;
		if (r->resume_line && resume(r) < 0)
			return sai_error_set(err, SA_ERR_NOMEM, r->file, 0, 0,
					     _("out of memory"));
		return st;
	}
	if (st == SA_ERR_NOMEM || st == SA_ERR_INTERNAL) {
		r->done = 1;
		r->in_list = 0;
		return st;
	}
	r->skipping = 1;
	return st;
}

sa_status sai_yaml_next_record(sai_yaml_reader *r, xmlDocPtr *doc,
			       unsigned long *line, unsigned long *column,
			       sa_error *err)
{
	sa_status st;

	*doc = NULL;
	while (!*doc && (r->in_list || r->skipping || !r->done)) {
		if ((st = record_step(r, doc, line, column, err)) == SA_OK)
			continue;
		if (*doc) {
			sai_tree_free(*doc);
			*doc = NULL;
		}
		window_source(r, err);
		/* A syntax error in a document already said to be bad. */
		if (r->skipping && r->broken && r->resume_line) {
			r->in_list = r->skipping = 0;
			if (resume(r) >= 0)
				continue;
			return sai_error_set(err, SA_ERR_NOMEM, r->file, 0, 0,
					     _("out of memory"));
		}
		return recover(r, st, err);
	}
	if (!*doc && r->records == 0 && !r->errors && !r->opts.list_key &&
	    !r->opts.part) {
		r->errors++;  /* said once: the next call gives the end */
		return sai_error_set(err, SA_ERR_SHAPE, r->file, 1, 1,
				     _("empty file: no dossier in it"));
	}
	return SA_OK;
}

sa_status sai_yaml_next_document(sai_yaml_reader *r, const char *root,
				 xmlDocPtr *doc, sa_error *err)
{
	unsigned long line, col;
	sa_status st;

	*doc = NULL;
	do {
		if (r->done)
			return SA_OK;
		if ((st = next_event(r, err)) != SA_OK)
			return st;
	} while (r->ev.type != YAML_DOCUMENT_START_EVENT);
	if ((st = next_event(r, err)) != SA_OK)
		return st;
	if (r->ev.type == YAML_SCALAR_EVENT && r->ev.data.scalar.length == 0)
		return ev_error(r, err, SA_ERR_SHAPE, _("empty document"), NULL);
	if ((st = build_record(r, root, doc, &line, &col, err)) != SA_OK)
		return st;
	if ((st = next_event(r, err)) != SA_OK) {
		sai_tree_free(*doc);
		*doc = NULL;
	}
	return st;
}
