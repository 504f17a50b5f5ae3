/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlguard.c - counts the attributes of XML start tags before libxml2
 * reads them (see xmlguard-internal.h).
 *
 * A state machine over bytes, one step function per state: text is
 * skipped with memchr up to the next '<', and so are quoted values and
 * end tags; only start tags, comments, CDATA sections and processing
 * instructions are read byte by byte.  Lines are counted a piece at a
 * time, and a tag's place is worked out only when a piece ends inside it
 * or it is refused.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "xmlguard-internal.h"

enum {
	G_TEXT,      /* content: up to '<' */
	G_LT,        /* after '<' */
	G_BANG,      /* after "<!" */
	G_BANG_DASH, /* after "<!-" */
	G_BANG_CDATA,/* after "<![", sub: how much of "CDATA[" came */
	G_COMMENT,   /* up to "-->", sub: '-' seen just before */
	G_CDATA,     /* up to "]]>", sub: ']' seen just before */
	G_PI,        /* up to "?>", sub: '?' seen just before */
	G_DECL,      /* <!DOCTYPE ...: up to '>' outside quotes */
	G_DECL_Q,    /* a quoted literal in it */
	G_ETAG,      /* an end tag: up to '>' */
	G_STAG,      /* a start tag: names, '=', '/', '>' */
	G_VALUE      /* a quoted attribute value */
};

/* What g->name says of the attribute name being read: 0 to 5 bytes of
 * "xmlns" matched; "xmlns:" matched; another name; none yet.  A
 * namespace declaration ("xmlns" or "xmlns:p") followed by blanks before
 * its '=' is N_NS_DONE or N_NS_DONE + 1. */
enum { N_XMLNS = 5, N_PREFIXED = 6, N_OTHER = 7, N_FRESH = 8,
       N_NS_DONE = 15 };

typedef size_t (*step_fn)(sai_xml_guard *g, const char *p, size_t i,
			  size_t n);

static size_t find(const char *p, size_t i, size_t n, char c)
{
	const char *q = memchr(p + i, c, n - i);

	return q ? (size_t)(q - p) : n;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void open_element(sai_xml_guard *g);
static void close_element(sai_xml_guard *g);

/* Bytes that end a run of name bytes in a start tag. */
static const unsigned char special[256] = {
	['>'] = 1, ['='] = 1, ['"'] = 1, ['\''] = 1, ['/'] = 1,
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1
};

/* Text, and the tags of a dossier without attributes ("<name>",
 * "</name>") when the piece holds them whole: those are read here,
 * without a step each; anything else goes the long way (G_LT). */
static size_t step_text(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	size_t j, k;

	for (;;) {
		if ((j = find(p, i, n, '<')) == n)
			return n;
		g->tag = p + j;
		k = j + 1;
		if (k < n && p[k] == '/') {
			if ((k = find(p, k, n, '>')) == n)
				break;
			close_element(g);
			i = k + 1;
			continue;
		}
		if (k < n && p[k] != '!' && p[k] != '?') {
			while (k < n && !special[(unsigned char)p[k]])
				k++;
			if (k < n && p[k] == '>') {
				g->slash = 0;
				g->ns = 0;
				open_element(g);
				i = k + 1;
				continue;
			}
		}
		break;
	}
	g->state = G_LT;
	return j + 1;
}

static size_t step_lt(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	(void)n;
	switch (p[i]) {
	case '!':
		g->state = G_BANG;
		return i + 1;
	case '?':
		g->state = G_PI;
		g->sub = 0;
		return i + 1;
	case '/':
		g->state = G_ETAG;
		return i + 1;
	default:
		g->state = G_STAG;
		g->attrs = g->ns = 0;
		g->name = N_OTHER;     /* the element's name */
		g->slash = 0;
		return i;
	}
}

static size_t step_bang(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	(void)n;
	g->sub = 0;
	if (p[i] == '-' || p[i] == '[') {
		g->state = p[i] == '-' ? G_BANG_DASH : G_BANG_CDATA;
		return i + 1;
	}
	g->state = G_DECL;
	return i;
}

static size_t step_bang_dash(sai_xml_guard *g, const char *p, size_t i,
			     size_t n)
{
	(void)n;
	g->sub = 0;
	if (p[i] == '-') {
		g->state = G_COMMENT;
		return i + 1;
	}
	g->state = G_DECL;             /* not well-formed: the parser says */
	return i;
}

static size_t step_bang_cdata(sai_xml_guard *g, const char *p, size_t i,
			      size_t n)
{
	static const char rest[] = "CDATA[";

	(void)n;
	if (p[i] != rest[g->sub]) {
		g->state = G_DECL;
		return i;
	}
	if (++g->sub == (int)sizeof(rest) - 1) {
		g->state = G_CDATA;
		g->sub = 0;
	}
	return i + 1;
}

/* Up to `want` bytes c followed by '>'. */
static size_t until_close(sai_xml_guard *g, const char *p, size_t i,
			  size_t n, char c, int want)
{
	for (; i < n; i++) {
		if (p[i] == c) {
			g->sub += g->sub < want;
		} else if (p[i] == '>' && g->sub == want) {
			g->state = G_TEXT;
			return i + 1;
		} else {
			g->sub = 0;
		}
	}
	return n;
}

static size_t step_comment(sai_xml_guard *g, const char *p, size_t i,
			   size_t n)
{
	return until_close(g, p, i, n, '-', 2);
}

static size_t step_cdata(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	return until_close(g, p, i, n, ']', 2);
}

static size_t step_pi(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	return until_close(g, p, i, n, '?', 1);
}

static size_t step_decl(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	for (; i < n; i++) {
		if (p[i] == '"' || p[i] == '\'') {
			g->quote = p[i];
			g->state = G_DECL_Q;
			return i + 1;
		}
		if (p[i] == '>') {
			g->state = G_TEXT;
			return i + 1;
		}
	}
	return n;
}

/* Up to the next c, then in state next. */
static size_t skip_to(sai_xml_guard *g, const char *p, size_t i, size_t n,
		      char c, int next)
{
	size_t j = find(p, i, n, c);

	if (j == n)
		return n;
	g->state = next;
	return j + 1;
}

static size_t step_decl_q(sai_xml_guard *g, const char *p, size_t i,
			  size_t n)
{
	return skip_to(g, p, i, n, g->quote, G_DECL);
}

static size_t step_etag(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	i = skip_to(g, p, i, n, '>', G_TEXT);
	if (g->state == G_TEXT)
		close_element(g);
	return i;
}

static void close_element(sai_xml_guard *g)
{
	if (g->depth)
		g->depth--;
	/* the declarations of the element closed go out of scope */
	while (g->n_scope && g->scope[g->n_scope - 1].depth > g->depth)
		g->in_scope -= g->scope[--g->n_scope].n;
}

static size_t step_value(sai_xml_guard *g, const char *p, size_t i,
			 size_t n)
{
	i = skip_to(g, p, i, n, g->quote, G_STAG);
	if (g->state == G_STAG) {
		g->name = N_FRESH;
		g->slash = 0;
	}
	return i;
}

/* An attribute's '=': counted against the limits. */
static void count_attr(sai_xml_guard *g)
{
	int ns = g->name == N_XMLNS || g->name == N_PREFIXED ||
		 g->name == N_NS_DONE || g->name == N_NS_DONE + 1;

	g->name = N_FRESH;
	if (++g->attrs > g->max_attrs)
		g->verdict = SAI_GUARD_ATTRS;
	else if (ns && g->in_scope + ++g->ns > g->max_ns)
		g->verdict = SAI_GUARD_NS;
}

/* The start tag's '>': an element opens, unless it was "<.../>". */
static void open_element(sai_xml_guard *g)
{
	g->state = G_TEXT;
	if (g->slash)
		return;
	g->depth++;
	if (g->ns) {
		/* in_scope + ns <= max_ns <= SAI_TREE_MAX_NS, each entry at
		 * least 1: the table has room */
		g->scope[g->n_scope++] = (sai_guard_scope){ g->depth, g->ns };
		g->in_scope += g->ns;
	}
}

/* A byte of a name: is it "xmlns" or "xmlns:..." so far? */
static void name_byte(sai_xml_guard *g, char c)
{
	static const char xmlns[] = "xmlns";

	if (g->name >= N_FRESH)
		g->name = 0;
	if (g->name < N_XMLNS)
		g->name = c == xmlns[g->name] ? g->name + 1 : N_OTHER;
	else if (g->name == N_XMLNS)
		g->name = c == ':' ? N_PREFIXED : N_OTHER;
}

static size_t step_stag(sai_xml_guard *g, const char *p, size_t i, size_t n)
{
	for (; i < n && !g->verdict; i++) {
		char c;

		/* the rest of a name that is not "xmlns...": skipped */
		if (g->name == N_OTHER)
			while (i < n - 1 && !special[(unsigned char)p[i]])
				i++;
		c = p[i];

		if (c == '>') {
			open_element(g);
			return i + 1;
		}
		if (c == '"' || c == '\'') {
			g->quote = c;
			g->state = G_VALUE;
			return i + 1;
		}
		g->slash = c == '/';
		if (c == '=')
			count_attr(g);
		else if (blank(c))
			g->name = g->name == N_XMLNS || g->name == N_PREFIXED ?
				  g->name - N_XMLNS + N_NS_DONE :
				  g->name >= N_NS_DONE ? g->name : N_FRESH;
		else
			name_byte(g, c);
	}
	return i;
}

static const step_fn steps[] = {
	[G_TEXT] = step_text, [G_LT] = step_lt, [G_BANG] = step_bang,
	[G_BANG_DASH] = step_bang_dash, [G_BANG_CDATA] = step_bang_cdata,
	[G_COMMENT] = step_comment, [G_CDATA] = step_cdata, [G_PI] = step_pi,
	[G_DECL] = step_decl, [G_DECL_Q] = step_decl_q, [G_ETAG] = step_etag,
	[G_STAG] = step_stag, [G_VALUE] = step_value
};

/* Moves (line, col) over n bytes: col counts the characters (UTF-8
 * lead bytes) since the last line end. */
static void advance(const char *p, size_t n, unsigned long *line,
		    unsigned long *col)
{
	const char *end = p + n, *from = p, *nl;

	while (from < end && (nl = memchr(from, '\n', (size_t)(end - from)))) {
		(*line)++;
		from = nl + 1;
	}
	if (from != p)
		*col = 0;
	for (; from < end; from++)
		*col += ((unsigned char)*from & 0xc0) != 0x80;
}

/* The place of the tag that starts in this piece at g->tag. */
static void place_tag(sai_xml_guard *g, const char *p)
{
	g->tag_line = g->line;
	g->tag_col = g->col;
	advance(p, (size_t)(g->tag - p), &g->tag_line, &g->tag_col);
	g->tag_col++;
	g->tag = NULL;
}

void sai_xml_guard_init(sai_xml_guard *g, unsigned max_attrs,
			unsigned max_ns)
{
	/* the scope table is written before it is read */
	memset(g, 0, offsetof(sai_xml_guard, scope));
	g->max_attrs = max_attrs;
	g->max_ns = max_ns < SAI_TREE_MAX_NS ? max_ns : SAI_TREE_MAX_NS;
	g->state = G_TEXT;
	g->line = 1;
}

int sai_xml_guard_needed(const sai_xml_guard *g, const char *doc,
			 size_t len)
{
	unsigned long eq = 0;
	const char *q = doc, *end = doc + len;

	while (q < end && (q = memchr(q, '=', (size_t)(end - q)))) {
		if (++eq > g->max_attrs || eq > g->max_ns)
			return 1;
		q++;
	}
	return 0;
}

sai_guard_verdict sai_xml_guard_scan(sai_xml_guard *g, const char *p,
				     size_t n, size_t *safe)
{
	size_t i = 0;

	*safe = 0;
	if (g->verdict)
		return g->verdict;
	g->tag = NULL;
	while (i < n && !g->verdict)
		i = steps[g->state](g, p, i, n);
	if (g->verdict) {
		if (g->tag) {
			*safe = (size_t)(g->tag - p);
			place_tag(g, p);
		}
		return g->verdict;
	}
	/* a start tag that goes on into the next piece: its place now */
	if (g->tag && (g->state == G_LT || g->state == G_STAG ||
		       g->state == G_VALUE))
		place_tag(g, p);
	advance(p, n, &g->line, &g->col);
	return SAI_GUARD_OK;
}
