/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlreader.c - XML dossiers to record trees, built straight from
 * libxml2's SAX2 events (a push parser fed a chunk at a time; a dossier
 * of up to 256 KB in memory goes through the pull parser first).
 *
 * libxml2 builds no tree of its own here: each record is built once,
 * through sai_builder, with the parser's dictionary for its names.  What
 * the records hold is what a libxml2 tree parsed with XML_PARSE_NOBLANKS
 * and XML_PARSE_NOCDATA would hold (the earlier xmlTextReader path): the
 * blank-text rule of libxml2's areBlanks is followed below, since with
 * no tree libxml2 cannot apply it itself.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include "libmsg-internal.h"
#include "util-internal.h"
#include "xmlguard-internal.h"
#include "xmlreader-internal.h"
#include "i18n.h"

#define MAX_RECORD_BYTES (64ul * 1024 * 1024)
#define CHUNK (64u * 1024)

/* What the blank-text rule needs of an open element. */
typedef struct open_el {
	unsigned char kids;        /* it has a child node */
	unsigned char first_text;  /* its first child is text */
	unsigned char last_text;   /* its last child is text */
	unsigned char kept_blank;  /* libxml2's xml:space -2: text was kept */
} open_el;

typedef struct done_rec {
	xmlDocPtr doc;
	unsigned long line, column;
	size_t end;                /* input offset after its end tag */
} done_rec;

struct sai_xml_reader {
	xmlParserCtxtPtr ctxt;
	const char *file;
	FILE *in;
	int close_in;
	const char *buf;
	size_t len, pos;
	char *chunk;              /* what is read from in */
	unsigned long consumed;   /* bytes read since the record began */
	unsigned long total;      /* bytes read in all */
	int list;                 /* root is <stations> */
	int started;              /* root element seen */
	int doctype;              /* a DOCTYPE was seen */
	int refusing;             /* and the root began: events are ignored */
	size_t root_at;           /* input offset of the root's start tag */
	int fed_all;              /* the parser has been told the end */
	int pull;                 /* ctxt parses buf whole (see try_pull) */
	int done;
	int records;
	unsigned long line_base;  /* a part of a file: lines before it */
	int part;
	sai_tree_limits limits;
	open_el *els;             /* open elements, els[depth - 1] innermost */
	size_t depth, els_cap;
	int building;             /* a record is being built in b */
	sai_builder b;
	unsigned long rec_line, rec_col;
	unsigned long tag_line, tag_col;  /* the last start tag's '<' */
	size_t mark;              /* an input offset, and its column (0: */
	unsigned long mark_col;   /* unknown), see col_at */
	size_t tag_end;           /* input offset of the last start tag's end */
	sai_strbuf text;          /* text not yet given to b */
	done_rec *q;              /* records built, not yet handed out */
	size_t qfirst, qlen, qcap;
	sa_error stop;            /* our error that stopped the parser */
	sa_error first;           /* first error libxml2 reported */
	size_t fatal_at;          /* input offset of its first fatal one */
	int fatal;                /* that one's code, 0 when none */
	sai_xml_guard guard;      /* what the parser is fed, looked at first */
	int guarded;              /* unless the input cannot need it */
};

/* How far the parser is in the input (UTF-8 bytes). */
static size_t input_offset(const sai_xml_reader *r)
{
	const xmlParserInput *in = r->ctxt ? r->ctxt->input : NULL;

	return in && in->cur ? (size_t)in->consumed +
		(size_t)(in->cur - in->base) : 0;
}

/* The line the parser is at. */
static unsigned long cur_line(sai_xml_reader *r)
{
	long l = r->ctxt && r->ctxt->input ? r->ctxt->input->line : 0;

	return l > 0 ? (unsigned long)l + r->line_base : 0;
}

/* Where the parser stands: its line, and libxml2's column there (it
 * counts some multi-byte characters as their bytes: near enough for an
 * error). */
static void here(sai_xml_reader *r, unsigned long *line, unsigned long *col)
{
	const xmlParserInput *in = r->ctxt ? r->ctxt->input : NULL;

	*line = cur_line(r);
	*col = in && in->col > 0 ? (unsigned long)in->col : 0;
}

/*
 * Columns are counted here, in characters from 1 as the YAML and JSON
 * readers count them, not taken from libxml2: its input->col counts the
 * bytes of end tag names and CDATA sections in multi-byte text.  The
 * count runs from a mark (an input offset, and its column when known) to
 * each start tag's '<': back from the '<' to the last line end after the
 * mark, counting characters on the way, so each byte is read once (a
 * dossier laid out a tag a line reads only the indentation).
 *
 * The bytes are the reader's own buffer when it has one that the parser
 * reads unconverted (the pull parser's dossiers, buffers, parts of
 * files), else the parser's input buffer: the push parser drops what
 * lies more than 80 bytes behind it from that only as a chunk goes in
 * (xmlParseTryOrFinish's first step; the pull parser, near the end of
 * its input), so feed moves the mark up first (catch_up).
 */

/* The bytes col_at reads, and the input offset of the first. */
static const xmlChar *view(const sai_xml_reader *r, size_t *first)
{
	const xmlParserInput *in = r->ctxt->input;

	if (r->buf && (!in->buf || !in->buf->encoder)) {
		*first = 0;
		return (const xmlChar *)r->buf;
	}
	*first = (size_t)in->consumed;
	return in->base;
}

/* The column of the input offset at (at or after the mark); 0 when the
 * start of its line is no longer known. */
static unsigned long col_at(const sai_xml_reader *r, size_t at)
{
	size_t first;
	const xmlChar *v = view(r, &first), *from, *p, *q;
	unsigned long n = 0;
	int have = r->mark >= first;

	if (at < first || (have && r->mark > at))
		return 0;
	p = v + (at - first);
	from = have ? v + (r->mark - first) : v;
	if (have && r->mark == 0 && at >= 3 && !memcmp(v, "\xef\xbb\xbf", 3))
		from += 3;     /* a byte order mark is no character */
	for (q = p; q > from && q[-1] == ' '; q--)
		;              /* indentation, quickly */
	n = (unsigned long)(p - q);
	for (; q > from && q[-1] != '\n'; q--)
		n += (q[-1] & 0xc0) != 0x80;
	if (q > from)
		return 1 + n;
	return have && r->mark_col ? r->mark_col + n : 0;
}

/* Before a chunk goes in: the mark moves up to where the parser stands
 * when it is further behind than the parser keeps. */
static void catch_up(sai_xml_reader *r)
{
	size_t at = input_offset(r);

	if (r->ctxt && r->ctxt->input && at > r->mark + 64) {
		r->mark_col = col_at(r, at);
		r->mark = at;
	}
}

/* The '<' of a start tag without attributes, "<qname>" or "<qname/>",
 * found from the name's size without reading the tag; NULL when it is
 * not one such. */
static const xmlChar *quick_lt(const sai_xml_reader *r, const xmlChar *name,
			       const xmlChar *prefix)
{
	const xmlParserInput *in = r->ctxt->input;
	size_t bytes = strlen((const char *)name);

	if (prefix)
		bytes += 1 + strlen((const char *)prefix);
	if ((size_t)(in->cur - in->base) <= bytes ||
	    in->cur[-1 - (ptrdiff_t)bytes] != '<')
		return NULL;
	return in->cur - 1 - bytes;
}

/* Whether the bytes from s to e are all ASCII, looked at 8 at a time
 * (the last 8 before e at least: a byte before s can only say no). */
static int ascii(const xmlChar *s, const xmlChar *e, const xmlChar *base)
{
	uint64_t w, all = 0;

	if (e - base < 8) {
		for (; s < e; s++)
			all |= *s;
		return !(all & 0x80);
	}
	for (; e - s > 8; s += 8) {
		memcpy(&w, s, 8);
		all |= w;
	}
	memcpy(&w, e - 8, 8);
	return !((all | w) & 0x8080808080808080ull);
}

/* The column of a start tag's '<' at lt (the tag on one line, its bytes
 * one character each) as libxml2 counted it, when that is right: when
 * it puts the line's start just after a line end, and only ASCII
 * between (libxml2 counts each such byte as one column, and never a
 * character as more columns than its bytes, so a miscount puts the
 * line's start after the line end, where no other stands).  0 when
 * that cannot be seen so quickly. */
static unsigned long libxml2_col(const sai_xml_reader *r, const xmlChar *lt)
{
	const xmlParserInput *in = r->ctxt->input;
	long c = (long)in->col - (long)(in->cur - lt);

	if (c < 1 || lt - in->base < c || lt[-c] != '\n' ||
	    !ascii(lt - c + 1, lt, in->base))
		return 0;
	return (unsigned long)c;
}

/* Where the start tag just read begins: the line and column of its '<'
 * (in r->tag_line, r->tag_col), and the mark moves there.  The parser
 * stands at the tag's end ('>' or "/>"), and the tag is still in its
 * buffer (libxml2 shrinks that only between tokens, and keeps what
 * SAX2 attribute values point into).  A tag with attributes is read
 * back to its '<' (a well-formed one holds no other): once, so linear
 * on any input; one without (most of a dossier's) is not read at all. */
static void tag_place(sai_xml_reader *r, const xmlChar *name,
		      const xmlChar *prefix, int nb_attrs, int nb_ns)
{
	const xmlParserInput *in = r->ctxt->input;
	const xmlChar *lt = NULL;
	unsigned long up = 0;
	size_t at;

	if (!nb_attrs && !nb_ns)
		lt = quick_lt(r, name, prefix);
	if (!lt) {
		for (lt = in->cur; lt > in->base && *--lt != '<';)
			up += *lt == '\n';
	}
	r->tag_line = cur_line(r);
	r->tag_col = 0;
	if (*lt != '<')
		return;
	if (r->tag_line > up)
		r->tag_line -= up;
	r->tag_end = input_offset(r);
	at = r->tag_end - (size_t)(in->cur - lt);
	if (up || !(r->tag_col = libxml2_col(r, lt)))
		r->tag_col = col_at(r, at);
	r->mark = at;
	r->mark_col = r->tag_col;
}

static void error_cb(void *arg, xmlErrorPtr e)
{
	sai_xml_reader *r = arg;
	char msg[SA_ERROR_MESSAGE_MAX], said[SA_ERROR_MESSAGE_MAX];
	size_t n;

	if (e && e->level == XML_ERR_FATAL && !r->fatal) {
		r->fatal = e->code ? e->code : -1;
		r->fatal_at = input_offset(r);
	}
	if (!e || e->level < XML_ERR_ERROR || r->first.status != SA_OK)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	/* libxml2 breaks some messages in two lines: keep one. */
	for (n = 0; msg[n]; n++)
		if (msg[n] == '\n')
			msg[n] = ' ';
	sai_libmsg(msg, said, sizeof(said));
	sai_error_set(&r->first, SA_ERR_PARSE, r->file,
		      e->line > 0 ? (unsigned long)e->line + r->line_base : 0,
		      e->int2 > 0 ? (unsigned long)e->int2 : 0,
		      _("malformed XML: %s"), said);
}

/* What libxml2 raises without its parser at hand (an encoding it cannot
 * convert, "encoding error : input conversion failed ..."; an I/O
 * error) went to its generic handler: stderr, in English, naming no
 * file.  While r parses, it is r's error, at the parser's place. */
static void stray_cb(void *arg, xmlErrorPtr e)
{
	sai_xml_reader *r = arg;
	int had = r->first.status != SA_OK;

	error_cb(arg, e);
	if (!had && r->first.status != SA_OK && !r->first.line)
		here(r, &r->first.line, &r->first.column);
}

/* Nothing of a schema's parse goes to stderr: its errors are told from
 * the parser's last one. */
static void quiet_cb(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

typedef struct stray {
	xmlStructuredErrorFunc fn;
	void *ctx;
} stray;

/* Routes the thread's unattributed libxml2 errors to fn (data) until
 * stray_end; libxml2 keeps the handler per thread. */
static stray stray_begin(xmlStructuredErrorFunc fn, void *data)
{
	stray old = { xmlStructuredError, xmlStructuredErrorContext };

	xmlSetStructuredErrorFunc(data, fn);
	return old;
}

static void stray_end(stray old)
{
	xmlSetStructuredErrorFunc(old.ctx, old.fn);
}

/* ---- errors our callbacks raise: kept in r->stop, the parser halted -- */

static void halt(sai_xml_reader *r)
{
	r->done = 1;
	xmlStopParser(r->ctxt);
}

/* Events that change nothing: the read has stopped, or a DOCTYPE is
 * being refused. */
static int idle(const sai_xml_reader *r)
{
	return r->stop.status != SA_OK || r->refusing;
}

/* Where "<!DOCTYPE" stands, found in the input itself. */
static void locate_doctype(sai_xml_reader *r, unsigned long *line,
			   unsigned long *col)
{
	static const char mark[] = "<!DOCTYPE";
	char head[1 << 16];
	const char *p = NULL, *hay = r->buf;
	size_t n = r->len;
	FILE *f;

	*line = *col = 0;
	if (!hay) {
		if (r->in == stdin || !(f = fopen(r->file, "rb")))
			return;
		n = fread(head, 1, sizeof(head) - 1, f);
		fclose(f);
		head[n] = '\0';
		hay = head;
	}
	for (size_t i = 0; i + sizeof(mark) - 1 <= n && !p; i++)
		if (!memcmp(hay + i, mark, sizeof(mark) - 1))
			p = hay + i;
	if (p)
		sai_locate_offset(hay, n, NULL, (size_t)(p - hay), line, col);
}

static void doctype_error(sai_xml_reader *r)
{
	unsigned long line, col;

	locate_doctype(r, &line, &col);
	sai_error_set(&r->stop, SA_ERR_SHAPE, r->file, line, col,
		      _("a DOCTYPE (DTD) is not allowed in dossiers: "
		      "external entities and DTDs are refused"));
	halt(r);
}

static void shape_error(sai_xml_reader *r, const char *what)
{
	unsigned long line, col;

	here(r, &line, &col);
	sai_error_set(&r->stop, SA_ERR_SHAPE, r->file, line, col, "%s", what);
	halt(r);
}

/* A limit met: at the start tag being read (the parser stands at its
 * end), else where the parser stands. */
static void limit_error(sai_xml_reader *r, sa_status st)
{
	unsigned long line = r->tag_line, col = r->tag_col;

	if (!r->tag_line || input_offset(r) != r->tag_end)
		here(r, &line, &col);
	if (st == SA_ERR_NOMEM)
		sai_error_set(&r->stop, st, r->file, line, col,
			      _("out of memory"));
	else if (r->b.depth >= r->limits.max_depth)
		sai_error_set(&r->stop, st, r->file, line, col,
			      _("nesting deeper than %u levels: refused"),
			      r->limits.max_depth);
	else
		sai_error_set(&r->stop, st, r->file, line, col,
			      _("record too large (more than %lu nodes or %lu "
			      "bytes of text): refused"), r->limits.max_nodes,
			      r->limits.max_text);
	halt(r);
}

/* A start tag the guard refused (before the parser read it). */
static void guard_error(sai_xml_reader *r, sai_guard_verdict v)
{
	const sai_xml_guard *g = &r->guard;

	if (v == SAI_GUARD_ATTRS)
		sai_error_set(&r->stop, SA_ERR_LIMIT, r->file,
			      g->tag_line + r->line_base, g->tag_col,
			      _("a start tag with more than %u attributes: "
				"refused"), g->max_attrs);
	else
		sai_error_set(&r->stop, SA_ERR_LIMIT, r->file,
			      g->tag_line + r->line_base, g->tag_col,
			      _("more than %u namespace declarations in scope "
				"at this start tag: refused"), g->max_ns);
	halt(r);
}

/* A buffer with few '=' in it needs no scan (the guard's check costs
 * more than the rest of the parse of a dossier of 6 KB otherwise). */
static void start_guard(sai_xml_reader *r)
{
	sai_xml_guard_init(&r->guard, SAI_TREE_MAX_ATTRS, SAI_TREE_MAX_NS);
	r->guarded = !r->buf || sai_xml_guard_needed(&r->guard, r->buf, r->len);
}

/* A builder step's status: anything but SA_OK stops the parse. */
static int built(sai_xml_reader *r, sa_status st)
{
	if (st != SA_OK && r->stop.status == SA_OK)
		limit_error(r, st);
	return st == SA_OK;
}

/* ---- the record being built ------------------------------------------ */

static int all_blank(const xmlChar *ch, int len);

/* Text is handed to the builder a text node at a time, as a tree's text
 * node would have been (the builder counts each call as a node). */
static int flush_text(sai_xml_reader *r)
{
	sa_status st = SA_OK;

	/* All-blank text is whitespace, not text, to the records (as
	 * xmlTextReader reported it: XML_READER_TYPE_WHITESPACE). */
	if (r->building && r->text.len &&
	    !all_blank((const xmlChar *)r->text.buf, (int)r->text.len))
		st = sai_builder_text(&r->b, r->text.buf, r->text.len);
	else if (r->text.failed)
		st = SA_ERR_NOMEM;
	sai_strbuf_reset(&r->text);
	return built(r, st);
}

static int queue_record(sai_xml_reader *r, xmlDocPtr doc)
{
	done_rec *grown;
	size_t cap;

	if (r->qfirst + r->qlen == r->qcap && r->qfirst) {
		memmove(r->q, r->q + r->qfirst, r->qlen * sizeof(*r->q));
		r->qfirst = 0;
	}
	if (r->qfirst + r->qlen == r->qcap) {
		cap = r->qcap ? r->qcap * 2 : 8;
		if (!(grown = realloc(r->q, cap * sizeof(*grown))))
			return 0;
		r->q = grown;
		r->qcap = cap;
	}
	r->q[r->qfirst + r->qlen++] = (done_rec){ doc, r->rec_line,
						  r->rec_col, input_offset(r) };
	return 1;
}

static void begin_record(sai_xml_reader *r)
{
	sa_status st = sai_builder_init(&r->b, "xml", &r->limits);

	if (!built(r, st))
		return;
	/* Names come from the parser's dictionary: shared, not copied. */
	sai_builder_use_dict(&r->b, r->ctxt->dict);
	r->building = 1;
	r->rec_line = r->tag_line;
	r->rec_col = r->tag_col;
}

static void end_record(sai_xml_reader *r)
{
	xmlDocPtr doc = sai_builder_finish(&r->b);

	sai_builder_release(&r->b);
	r->building = 0;
	if (!queue_record(r, doc)) {
		sai_tree_free(doc);
		built(r, SA_ERR_NOMEM);
		return;
	}
	r->records++;
	r->consumed = 0;
}

/* ---- the blank-text rule --------------------------------------------- */

static int all_blank(const xmlChar *ch, int len)
{
	int i;

	for (i = 0; i < len; i++)
		if (!IS_BLANK_CH(ch[i]))
			return 0;
	return 1;
}

/* libxml2's areBlanks for the element e, text followed by next[0..1]:
 * 1 when a tree parsed with XML_PARSE_NOBLANKS would drop the text. */
static int is_blank(const sai_xml_reader *r, const open_el *e,
		    const xmlChar *next)
{
	int space = r->ctxt->space ? *r->ctxt->space : 1;

	if (space == -1 && e->kept_blank)
		space = -2;
	if (space == 1 || space == -2)
		return 0;
	if (next[0] != '<' && next[0] != 0xD)
		return 0;
	if (!e->kids && next[0] == '<' && next[1] == '/')
		return 0;
	if (e->last_text || (e->kids && e->first_text))
		return 0;
	return 1;
}

/* A predefined entity's text or a character reference: libxml2 hands
 * these over as they are, never as blanks. */
static int is_reference(const sai_xml_reader *r, const xmlChar *ch,
			int len)
{
	static const char *const names[] = { "lt", "gt", "amp", "apos",
					     "quot" };
	const xmlChar *cur = r->ctxt->input->cur, *base = r->ctxt->input->base;
	xmlEntityPtr ent;
	size_t i;

	/* A predefined entity's text is its own (one character). */
	for (i = 0; len == 1 && i < sizeof(names) / sizeof(names[0]); i++)
		if ((ent = xmlGetPredefinedEntity((const xmlChar *)names[i])) &&
		    ch == ent->content)
			return 1;
	/* "&#NN;" or "&#xHH;" just read */
	if (cur - base < 4 || cur[-1] != ';')
		return 0;
	for (i = 2; i <= 12 && cur - (ptrdiff_t)i > base; i++) {
		xmlChar c = cur[-(ptrdiff_t)i];

		if (c == '#')
			return cur[-(ptrdiff_t)i - 1] == '&';
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F') || c == 'x'))
			return 0;
	}
	return 0;
}

/* Text of the open element: dropped when blank, else kept for it. */
static void on_text(void *arg, const xmlChar *ch, int len)
{
	sai_xml_reader *r = arg;
	xmlParserInputPtr in = r->ctxt->input;
	open_el *e = r->depth ? &r->els[r->depth - 1] : NULL;
	int inside = ch >= in->base && ch < in->end, check = 1, mark = 1;

	if (!e || len <= 0 || idle(r))
		return;
	if (inside) {              /* xmlParseCharData's fast path */
		check = IS_BLANK_CH(ch[0]);
		mark = check;
	} else if (is_reference(r, ch, len)) {
		check = mark = 0;
	}
	if (check && all_blank(ch, len) &&
	    is_blank(r, e, inside ? ch + len : in->cur))
		return;
	if (mark)
		e->kept_blank = 1;
	if (!e->last_text && !e->kids)
		e->first_text = 1;
	e->kids = e->last_text = 1;
	if (r->building)
		sai_strbuf_add(&r->text, (const char *)ch, (size_t)len);
}

/* CDATA is text, and never blank (XML_PARSE_NOCDATA). */
static void on_cdata(void *arg, const xmlChar *ch, int len)
{
	sai_xml_reader *r = arg;
	open_el *e = r->depth ? &r->els[r->depth - 1] : NULL;

	if (!e || len <= 0 || idle(r))
		return;
	if (!e->last_text && !e->kids)
		e->first_text = 1;
	e->kids = e->last_text = 1;
	if (r->building)
		sai_strbuf_add(&r->text, (const char *)ch, (size_t)len);
}

/* A comment or processing instruction: not in the record, but a child
 * node for the blank-text rule, and it ends a text node. */
static void other_child(sai_xml_reader *r)
{
	if (!r->depth || idle(r))
		return;
	r->els[r->depth - 1].kids = 1;
	r->els[r->depth - 1].last_text = 0;
	flush_text(r);
}

static void on_comment(void *arg, const xmlChar *value)
{
	(void)value;
	other_child(arg);
}

static void on_pi(void *arg, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	other_child(arg);
}

/* ---- elements ---------------------------------------------------------- */

static int push_element(sai_xml_reader *r)
{
	open_el *grown;
	size_t cap;

	if (r->depth) {
		r->els[r->depth - 1].kids = 1;
		r->els[r->depth - 1].last_text = 0;
	}
	if (r->depth == r->els_cap) {
		cap = r->els_cap ? r->els_cap * 2 : 16;
		if (!(grown = realloc(r->els, cap * sizeof(*grown))))
			return built(r, SA_ERR_NOMEM);
		r->els = grown;
		r->els_cap = cap;
	}
	memset(&r->els[r->depth++], 0, sizeof(*r->els));
	return 1;
}

/* An attribute's value as the tree would hold it: libxml2 hands a value
 * it had to decode over with '&' as "&#38;". */
static sa_status add_attribute(sai_xml_reader *r, const xmlChar **a)
{
	const char *v = (const char *)a[3], *end = (const char *)a[4];
	const xmlChar *name = a[0];
	sai_strbuf val;
	sa_status st;

	/* An undeclared prefix stays in the name, as in libxml2's tree. */
	if (a[1] && !(name = xmlDictQLookup(r->ctxt->dict, a[1], a[0])))
		return SA_ERR_NOMEM;
	sai_strbuf_init(&val);
	while (v < end) {
		size_t n = (size_t)(end - v);
		const char *amp = memchr(v, '&', n);

		sai_strbuf_add(&val, v, amp ? (size_t)(amp - v) : n);
		if (!amp)
			break;
		sai_strbuf_add(&val, "&", 1);
		v = amp + (end - amp >= 5 && !memcmp(amp, "&#38;", 5) ? 5 : 1);
	}
	st = val.failed ? SA_ERR_NOMEM :
		sai_builder_attr(&r->b, 0, (const char *)name,
				 val.buf ? val.buf : "");
	sai_strbuf_release(&val);
	return st;
}

/* Is the element just started written "<name/>"?  The parser stands at
 * "/>" then (what xmlTextReaderIsEmptyElement looks at too). */
static int empty_tag(const sai_xml_reader *r)
{
	const xmlChar *cur = r->ctxt->input->cur;

	return cur && cur[0] == '/' && cur[1] == '>';
}

static void on_start(void *arg, const xmlChar *name, const xmlChar *prefix,
		     const xmlChar *uri, int nb_ns, const xmlChar **ns,
		     int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	sai_xml_reader *r = arg;
	size_t depth = r->depth;
	int i;

	(void)ns; (void)nb_defaulted;
	if (idle(r))
		return;
	tag_place(r, name, prefix, nb_attrs, nb_ns);
	if (!flush_text(r) || !push_element(r))
		return;
	if (depth == 0) {
		r->started = 1;
		if (r->doctype) {
			/* refused once the parser is through this chunk
			 * (see doctype_or_error) */
			r->refusing = 1;
			r->root_at = input_offset(r);
			return;
		}
		r->list = !strcmp((const char *)name, "stations") &&
			  !empty_tag(r);
	}
	if (!r->building && ((depth == 0 && !r->list) ||
			     (depth == 1 && r->list)))
		begin_record(r);
	/* An undeclared prefix stays in the name, as libxml2's tree has
	 * it (after its namespace error). */
	if (prefix && !uri && r->building &&
	    !(name = xmlDictQLookup(r->ctxt->dict, prefix, name))) {
		built(r, SA_ERR_NOMEM);
		return;
	}
	if (!r->building ||
	    !built(r, sai_builder_start(&r->b, (const char *)name,
					r->tag_line, r->tag_col)))
		return;
	/* An element of a declared namespace keeps it: the dossier format
	 * has none, so no rule reads <q:plaque> as plaque and the contract
	 * names it. */
	if (uri && !built(r, sai_builder_ns(&r->b, (const char *)prefix,
					    (const char *)uri)))
		return;
	/* Namespaced attributes are left out (namespace declarations never
	 * come as attributes). */
	for (i = 0; i < nb_attrs; i++)
		if (!attrs[5 * i + 2] &&
		    !built(r, add_attribute(r, attrs + 5 * i)))
			return;
}

static void on_end(void *arg, const xmlChar *name, const xmlChar *prefix,
		   const xmlChar *uri)
{
	sai_xml_reader *r = arg;

	(void)name; (void)prefix; (void)uri;
	if (idle(r) || !flush_text(r))
		return;
	if (r->depth)
		r->depth--;
	if (!r->building || !built(r, sai_builder_end(&r->b)))
		return;
	if (r->b.depth == 0)
		end_record(r);
}

static void on_doctype(void *arg, const xmlChar *name, const xmlChar *id,
		       const xmlChar *sys)
{
	sai_xml_reader *r = arg;

	(void)name; (void)id; (void)sys;
	/* Refused when the root element starts: an error in the DTD itself
	 * is reported as the malformed XML it is. */
	r->doctype = 1;
}

static void on_reference(void *arg, const xmlChar *name)
{
	sai_xml_reader *r = arg;

	(void)name;
	if (!idle(r))
		shape_error(r, _("entity references are not allowed in "
			    "dossiers"));
}

/* ---- opening ------------------------------------------------------------ */

static void sax_handler(xmlSAXHandler *h)
{
	memset(h, 0, sizeof(*h));
	h->initialized = XML_SAX2_MAGIC;
	h->startElementNs = on_start;
	h->endElementNs = on_end;
	h->characters = on_text;
	/* The same function: libxml2 then leaves blanks to on_text. */
	h->ignorableWhitespace = on_text;
	h->cdataBlock = on_cdata;
	h->comment = on_comment;
	h->processingInstruction = on_pi;
	h->internalSubset = on_doctype;
	h->reference = on_reference;
	h->serror = error_cb;
}

/* A parser for r: a push parser fed a chunk at a time, or (pull) one
 * that parses the whole small buffer in one call.  No NOENT (no entity
 * substitution), no DTDLOAD, no network. */
static xmlParserCtxtPtr make_ctxt(sai_xml_reader *r, int pull)
{
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		   XML_PARSE_BIG_LINES;
	xmlParserCtxtPtr c;
	xmlSAXHandler h;

	sax_handler(&h);
	if (pull) {
		c = xmlCreateMemoryParserCtxt(r->buf, (int)r->len);
		if (c) {
			*c->sax = h;
			c->userData = r;
		}
	} else {
		c = xmlCreatePushParserCtxt(&h, r, NULL, 0, NULL);
	}
	if (c) {
		xmlCtxtUseOptions(c, opts);
		c->linenumbers = 1;
	}
	r->mark = 0;               /* the input's start: column 1 */
	r->mark_col = 1;
	return c;
}

/* A buffer small enough to go to the parser in one piece is parsed by
 * the pull parser first: the push parser's checks of what input it has
 * cost a fifth more than parsing itself (50,000 instructions a dossier of
 * 6 KB).  Anything but a clean parse is read again by the push parser
 * (try_pull), so errors and refusals are the push parser's, as before. */
static int pull_first(const sai_xml_reader *r)
{
	return !r->in && r->len > 0 && r->len <= 4 * CHUNK;
}

static sa_status open_common(sai_xml_reader *r, const sai_tree_limits *lim,
			     sai_xml_reader **out, sa_error *err)
{
	if (lim)
		r->limits = *lim;
	else
		sai_tree_limits_default(&r->limits);
	sa_error_clear(&r->first);
	sa_error_clear(&r->stop);
	sai_strbuf_init(&r->text);
	start_guard(r);
	r->pull = pull_first(r);
	r->ctxt = make_ctxt(r, r->pull);
	if (r->in && r->ctxt)
		r->chunk = malloc(CHUNK);
	if (!r->ctxt || (r->in && !r->chunk)) {
		sai_xml_free(r);
		return sai_error_set(err, SA_ERR_NOMEM, r->file, 0, 0,
				     _("out of memory"));
	}
	*out = r;
	return SA_OK;
}

sa_status sai_xml_open_file(const char *path, const char *file,
			    const sai_tree_limits *lim,
			    sai_xml_reader **out, sa_error *err)
{
	sai_xml_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	r->file = file;
	if (!strcmp(path, "-")) {
		r->in = stdin;
	} else {
		r->in = fopen(path, "rb");
		r->close_in = 1;
	}
	if (!r->in) {
		free(r);
		return sai_error_set(err, SA_ERR_IO, file, 0, 0,
				     _("cannot open: %s"), strerror(errno));
	}
	return open_common(r, lim, out, err);
}

sa_status sai_xml_open_buffer(const char *buf, size_t len, const char *file,
			      const sai_tree_limits *lim,
			      sai_xml_reader **out, sa_error *err)
{
	sai_xml_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	r->file = file;
	r->buf = buf;
	r->len = len;
	return open_common(r, lim, out, err);
}

void sai_xml_set_part(sai_xml_reader *r, unsigned long line_base)
{
	r->line_base = line_base;
	r->part = 1;
}

/* What a read holds: queued records, the record being built, the
 * parser. */
static void release_read(sai_xml_reader *r)
{
	while (r->qlen) {
		sai_tree_free(r->q[r->qfirst++].doc);
		r->qlen--;
	}
	free(r->q);
	if (r->building)
		sai_builder_release(&r->b);
	if (r->ctxt) {
		/* libxml2 keeps a DOCTYPE's entities in a document of its
		 * own making when no SAX handler takes them */
		if (r->ctxt->myDoc)
			xmlFreeDoc(r->ctxt->myDoc);
		xmlFreeParserCtxt(r->ctxt);
	}
	sai_strbuf_release(&r->text);
	free(r->els);
}

void sai_xml_free(sai_xml_reader *r)
{
	if (!r)
		return;
	release_read(r);
	if (r->close_in && r->in)
		fclose(r->in);
	free(r->chunk);
	free(r);
}

/* ---- reading -------------------------------------------------------------- */

/* xmlTextReader fed its parser 512 bytes at a time (after the first 4)
 * and lost what the chunk with an error had completed: records whose end
 * tag is in that chunk are dropped as they were. */
static size_t chunk_of(size_t offset)
{
	return offset < 4 ? 0 : 1 + (offset - 4) / 512;
}

static void drop_failed_chunk(sai_xml_reader *r)
{
	size_t bad = chunk_of(r->fatal ? r->fatal_at : input_offset(r));

	while (r->qlen &&
	       chunk_of(r->q[r->qfirst + r->qlen - 1].end) >= bad) {
		sai_tree_free(r->q[r->qfirst + r->qlen - 1].doc);
		r->qlen--;
		r->records--;
	}
}

/* The input could not be read or parsed: the error, in r->stop, comes
 * after the records read before it. */
static void read_error(sai_xml_reader *r, int too_big)
{
	sa_error *err = &r->stop;
	unsigned long line, col;

	r->done = 1;
	if (r->total == 0) {
		sai_error_set(err, SA_ERR_SHAPE, r->file, 1, 0,
			      _("empty file: no dossier in it"));
		return;
	}
	here(r, &line, &col);
	if (too_big) {
		sai_error_set(err, SA_ERR_LIMIT, r->file, line, col,
			      _("record larger than %lu bytes: refused"),
			      MAX_RECORD_BYTES);
		return;
	}
	drop_failed_chunk(r);
	if (r->first.status != SA_OK)
		*err = r->first;
	else
		sai_error_set(err, SA_ERR_PARSE, r->file, line, col,
			      _("malformed XML"));
}

/* The next piece of input: a chunk of the buffer or of the file; 0 at
 * the end, -1 when the file cannot be read. */
static int next_chunk(sai_xml_reader *r, const char **p, size_t *n)
{
	if (r->in) {
		*p = r->chunk;
		*n = fread(r->chunk, 1, CHUNK, r->in);
		return *n == 0 && ferror(r->in) ? -1 : 0;
	}
	*p = r->buf + r->pos;
	*n = r->len - r->pos;
	/* A small buffer goes in whole: the parser then needs no look-ahead
	 * for the end of each token. */
	if (*n > 4 * CHUNK)
		*n = CHUNK;
	r->pos += *n;
	return 0;
}

/* A DOCTYPE before the root: xmlTextReader reported it once its parser
 * had the root's start tag, unless the 512-byte chunk that held it also
 * held a parse error, which it reported instead. */
static void doctype_or_error(sai_xml_reader *r)
{
	/* Entities the DTD declares are unknown here (no DTD is kept): a
	 * reference to one is no error of the file's. */
	if (r->fatal && r->fatal != XML_ERR_UNDECLARED_ENTITY &&
	    chunk_of(r->fatal_at) <= chunk_of(r->root_at))
		read_error(r, 0);
	else
		doctype_error(r);
}

/* The whole buffer through the pull parser.  1 when it read cleanly:
 * the records are queued and the read is over.  Otherwise (a parse
 * error, a refusal, a warning of libxml2's, no memory) everything it did
 * is dropped and the reader starts again with a push parser, which then
 * says what it always said; 0, or -1 without memory for that parser. */
static int try_pull(sai_xml_reader *r)
{
	sai_xml_reader fresh;
	size_t safe;
	int rc = -1;

	r->pull = 0;
	r->consumed = r->total = r->len;
	/* a refused tag: the push parser reads up to it */
	if (!r->guarded ||
	    sai_xml_guard_scan(&r->guard, r->buf, r->len, &safe) ==
	    SAI_GUARD_OK)
	{
		stray old = stray_begin(stray_cb, r);

		rc = xmlParseDocument(r->ctxt);
		stray_end(old);
	}
	if (rc == 0 && r->ctxt->wellFormed && r->stop.status == SA_OK &&
	    r->first.status == SA_OK && !r->fatal && !r->doctype &&
	    !r->refusing && !r->building && r->started) {
		r->fed_all = 1;
		return 1;
	}
	memset(&fresh, 0, sizeof(fresh));
	fresh.file = r->file;
	fresh.buf = r->buf;
	fresh.len = r->len;
	fresh.line_base = r->line_base;
	fresh.part = r->part;
	fresh.limits = r->limits;
	release_read(r);
	*r = fresh;
	sa_error_clear(&r->first);
	sa_error_clear(&r->stop);
	sai_strbuf_init(&r->text);
	start_guard(r);
	r->ctxt = make_ctxt(r, 0);
	return r->ctxt ? 0 : -1;
}

/* Feeds the parser once; what stops the read lands in r->stop. */
static void feed(sai_xml_reader *r)
{
	const char *p;
	size_t n, safe;
	sai_guard_verdict v;
	stray old;
	int last, rc;

	if (r->pull && (rc = try_pull(r)) != 0) {
		if (rc < 0) {
			r->done = 1;
			sai_error_set(&r->stop, SA_ERR_NOMEM, r->file, 0, 0,
				      _("out of memory"));
		}
		return;
	}

	if (r->consumed > MAX_RECORD_BYTES || next_chunk(r, &p, &n) < 0) {
		read_error(r, r->consumed > MAX_RECORD_BYTES);
		return;
	}
	r->consumed += n;
	r->total += n;
	last = n == 0 || (!r->in && r->pos == r->len);
	if (r->guarded &&
	    (v = sai_xml_guard_scan(&r->guard, p, n, &safe)) != SAI_GUARD_OK) {
		/* what comes before the tag is read, and errors in it come
		 * first */
		catch_up(r);
		old = stray_begin(stray_cb, r);
		rc = safe ? xmlParseChunk(r->ctxt, p, (int)safe, 0) : 0;
		stray_end(old);
		if (r->refusing && r->stop.status == SA_OK)
			doctype_or_error(r);
		if (r->stop.status == SA_OK && rc == XML_ERR_OK &&
		    r->ctxt->wellFormed)
			guard_error(r, v);
		else if (r->stop.status == SA_OK)
			read_error(r, 0);
		return;
	}
	catch_up(r);
	old = stray_begin(stray_cb, r);
	rc = xmlParseChunk(r->ctxt, p, (int)n, last);
	stray_end(old);
	r->fed_all = last;
	if (r->refusing && r->stop.status == SA_OK)
		doctype_or_error(r);
	if (r->stop.status != SA_OK)
		return;
	if (rc != XML_ERR_OK || !r->ctxt->wellFormed)
		read_error(r, 0);
	else if (last && r->building)
		shape_error(r, _("unexpected end of XML"));
}

sa_status sai_xml_next_record(sai_xml_reader *r, xmlDocPtr *doc,
			      unsigned long *line, unsigned long *column,
			      sa_error *err)
{
	*doc = NULL;
	*column = 0;
	while (!r->qlen && r->stop.status == SA_OK && !r->done && !r->fed_all)
		feed(r);
	if (r->qlen) {
		*doc = r->q[r->qfirst].doc;
		*line = r->q[r->qfirst].line;
		*column = r->q[r->qfirst].column;
		r->qfirst++;
		r->qlen--;
		return SA_OK;
	}
	if (r->stop.status != SA_OK) {
		*err = r->stop;
		return err->status;
	}
	if (r->records == 0 && !r->part)
		return sai_error_set(err, SA_ERR_SHAPE, r->file, 1, 0,
				     r->started ? _("no record in <stations>") :
				     _("empty file: no dossier in it"));
	return SA_OK;
}

/* ---- schemas -------------------------------------------------------------- */

static void schema_error(void *arg, xmlErrorPtr e)
{
	sa_error *err = arg;
	char msg[SA_ERROR_MESSAGE_MAX];
	size_t n;

	if (!e || e->level < XML_ERR_ERROR || err->status != SA_OK)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
	for (n = strlen(msg); n && (msg[n - 1] == '\n' || msg[n - 1] == ' ');)
		msg[--n] = '\0';
	sai_error_set(err, SA_ERR_USAGE, e->file ? e->file : "", e->line > 0 ?
		      (unsigned long)e->line : 0, 0, _("invalid schema: %s"), msg);
}

/* A schema file: a regular file of at most this size, like every other
 * named input (a FIFO or device is refused, never read). */
#define MAX_SCHEMA_BYTES (16ul << 20)
#define XSD_NS "http://www.w3.org/2001/XMLSchema"

/* A DOCTYPE would let the schema name other files (external entities):
 * the parse stops at it, before its internal subset is read. */
static void refuse_doctype(void *ctx, const xmlChar *name,
			   const xmlChar *external_id, const xmlChar *system_id)
{
	(void)name;
	(void)external_id;
	(void)system_id;
	xmlStopParser(ctx);
}

/* Says why the schema's tree is refused, or NULL: its root must be
 * xs:schema, and it must not pull in another file or address. */
static const char *refused_part(xmlNodePtr root, xmlNodePtr *at)
{
	static const char *const pulls[] = { "include", "import", "redefine",
		"override", NULL };
	xmlNodePtr n;
	int i;

	*at = root;
	if (!root || !root->ns || strcmp((const char *)root->ns->href, XSD_NS) ||
	    strcmp((const char *)root->name, "schema"))
		return _("not an XSD (its root element is not xs:schema)");
	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !n->ns ||
		    strcmp((const char *)n->ns->href, XSD_NS))
			continue;
		for (i = 0; pulls[i]; i++)
			if (!strcmp((const char *)n->name, pulls[i])) {
				*at = n;
				return _("xs:include, xs:import and xs:redefine "
					 "are not supported: a schema must be "
					 "one self-contained file");
			}
	}
	return NULL;
}

/* Reads an XSD whole through the bounded input rules and parses it with
 * no network, no DOCTYPE and no other file; errors name the file and
 * place and never quote what it holds. */
static sa_status read_xsd(const char *path, int opts, xmlDocPtr *doc,
			  sa_error *err)
{
	sai_input_rule rule = { _("schema"), MAX_SCHEMA_BYTES, 0, NULL,
				SA_ERR_USAGE };
	xmlParserCtxtPtr ctxt = NULL;
	const char *why;
	xmlErrorPtr e;
	xmlNodePtr at;
	stray quiet;
	char *buf = NULL;
	size_t len;
	sa_status st;

	*doc = NULL;
	if ((st = sai_input_read(path, &rule, &buf, &len, err)) != SA_OK) {
		/* A schema that cannot be opened is named wrong: a usage
		 * error, as it always was. */
		if (st == SA_ERR_IO && err)
			err->status = SA_ERR_USAGE;
		return st == SA_ERR_IO ? SA_ERR_USAGE : st;
	}
	if (!(ctxt = xmlNewParserCtxt())) {
		st = sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				   _("out of memory"));
		goto out;
	}
	ctxt->sax->internalSubset = refuse_doctype;
	quiet = stray_begin(quiet_cb, NULL);
	*doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, opts |
				 XML_PARSE_NONET | XML_PARSE_NOERROR |
				 XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	stray_end(quiet);
	e = xmlCtxtGetLastError(ctxt);
	if (ctxt->errNo == XML_ERR_USER_STOP) {
		xmlFreeDoc(*doc);      /* the DOCTYPE alone, when one came */
		*doc = NULL;
		e = NULL;
	}
	if (!*doc) {
		st = sai_error_set(err, SA_ERR_USAGE, path, e ? (unsigned long)
				   e->line : 0, e ? (unsigned long)e->int2 : 0,
				   ctxt->errNo == XML_ERR_USER_STOP ?
				   _("the schema has a DOCTYPE: refused (a schema "
				     "must not name other files)") :
				   _("the schema is not well-formed XML"));
		goto out;
	}
	if ((why = refused_part(xmlDocGetRootElement(*doc), &at))) {
		st = sai_error_set(err, SA_ERR_USAGE, path, at ? (unsigned long)
				   xmlGetLineNo(at) : 0, 0, "%s", why);
		xmlFreeDoc(*doc);
		*doc = NULL;
	}
out:
	xmlFreeParserCtxt(ctxt);
	free(buf);
	return st;
}

sa_status sai_xml_schema_load(const char *path, void **schema, sa_error *err)
{
	xmlSchemaParserCtxtPtr pc;
	xmlDocPtr doc;
	sa_error local;
	sa_status st;

	*schema = NULL;
	if ((st = read_xsd(path, 0, &doc, err)) != SA_OK)
		return st;
	pc = xmlSchemaNewDocParserCtxt(doc);
	sa_error_clear(&local);
	if (!pc) {
		xmlFreeDoc(doc);
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	}
	xmlSchemaSetParserStructuredErrors(pc, schema_error, &local);
	*schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	xmlFreeDoc(doc);
	if (*schema)
		return SA_OK;
	if (local.status == SA_OK)
		sai_error_set(&local, SA_ERR_USAGE, path, 0, 0,
			      _("cannot read the schema"));
	if (!local.file[0])
		snprintf(local.file, sizeof(local.file), "%s", path);
	if (err)
		*err = local;
	return local.status;
}

void sai_xml_schema_free(void *schema)
{
	if (schema)
		xmlSchemaFree(schema);
}

sa_status sai_xml_read_tree(const char *path, xmlDocPtr *doc, sa_error *err)
{
	return read_xsd(path, XML_PARSE_NOBLANKS, doc, err);
}
