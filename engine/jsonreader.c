/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonreader.c - strict JSON to record trees, from yajl's events.
 *
 * yajl pushes: it calls back for each token of what it is given.  The
 * reader feeds it the input a piece at a time and queues the records its
 * callbacks finish; a caller pulls them one by one.  A piece is small
 * (PIECE_MAX bytes, less when records are small), so the queue never
 * holds more than one piece's records, whatever the file's size.
 *
 * yajl gives no positions, only how far into the current piece it has
 * read when it calls back.  Tokens are separated by white space, ',' and
 * ':' alone, so the first other byte after the last token is where the
 * next one starts: a scan (pscan) walks the bytes behind yajl and notes
 * it, with its line and column.  A second scan (vscan) runs ahead of
 * yajl over each piece and refuses what yajl would let through: invalid
 * UTF-8 and lone surrogate escapes (yajl turns a lone high half into "?"
 * and eats the character after it, and a lone low half into invalid
 * UTF-8).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "jsonreader-internal.h"
#include "keyset-internal.h"
#include "util-internal.h"
#include "i18n.h"

#define PIECE_MAX 4096u
#define PIECE_MIN 256u
/* A piece that finishes nothing doubles up to this: yajl lexes a token
 * that spans pieces again from its start at each piece, so a long token
 * (a number of millions of digits, a long string) read 4 KiB at a time
 * cost time quadratic in its length. */
#define PIECE_GROWN (16u << 20)
#define READ_SIZE 65536u
#define KEY_MAX 1000u

/* Where the reader is in the document. */
enum {
	S_TOP,        /* before the top-level value */
	S_TOP_KEY,    /* in the top-level object, before its key */
	S_TOP_VALUE,  /* after that key */
	S_TOP_END,    /* after its value: only '}' may come */
	S_LIST,       /* in the array of records */
	S_RECORD,     /* building a record (frames) */
	S_SKIP,       /* in a list item that is no record (skip levels) */
	S_DONE        /* after the top-level value */
};

/* An open object or array of the record being built. */
typedef struct frame {
	int is_map;
	int opened;             /* an array that opened an element */
	const char *item;       /* an array's items' element name */
	sai_keyset keys;        /* an object's keys */
} frame;

/* The scan behind yajl: positions of tokens. */
typedef struct pscan {
	size_t pos;             /* offset of the next byte */
	unsigned long line, col;
	int pending;            /* a token starts at t_line:t_col */
	unsigned long t_line, t_col;
	unsigned char t_byte;   /* its first byte */
	unsigned char t_prev;   /* the byte before it, blanks skipped */
	unsigned char last;     /* the last byte that is not blank */
	unsigned long c_line, c_col; /* the last ',' or ':' */
	unsigned char c_prev;   /* the byte before it, blanks skipped */
	int seen;               /* a token was seen */
} pscan;

/* The scan ahead of yajl: UTF-8 and surrogate escapes. */
typedef struct vscan {
	unsigned long line, col;     /* of the next byte */
	int in_str, esc;             /* esc: 1 after '\', 2-5 in \uXXXX */
	unsigned hex;
	int need;                    /* UTF-8 continuation bytes due */
	unsigned cp, min;
	int hi;                      /* a high surrogate wants its low half */
	unsigned long s_line, s_col; /* where the UTF-8 sequence began */
	unsigned long e_line, e_col; /* where the escape began */
	unsigned long h_line, h_col; /* where the high surrogate began */
} vscan;

/* A record, or (doc NULL) a list item that is none: found says what
 * it is instead. */
typedef struct queued {
	xmlDocPtr doc;
	unsigned long line, col;
	const char *found;
} queued;

struct sai_json_reader {
	yajl_handle h;
	sai_json_options opts;
	const char *file;
	FILE *in;
	const unsigned char *buf;     /* buffer input, or the read buffer */
	size_t buf_len, buf_pos;
	unsigned char *rbuf;          /* owned read buffer (file input) */
	size_t rcap;                  /* its size: READ_SIZE, or a grown
				       * piece's */
	int eof;
	size_t offset;                /* input offset of buf[0] */
	const unsigned char *cur;     /* the piece yajl is reading */
	size_t cur_len;
	size_t base;                  /* its input offset */
	size_t piece;
	unsigned long consumed;       /* bytes fed since the last record */
	vscan v;
	pscan p;
	int state, list_in_map;
	frame *frames;
	size_t n_frames, cap_frames;
	const char *key;              /* the pending key and its place */
	unsigned long key_line, key_col;
	xmlDictPtr dict;
	sai_builder b;
	int building;
	unsigned long rec_line, rec_col;
	queued *queue;
	size_t q_head, q_len, q_cap;
	size_t records;
	size_t wrong;                 /* list items that are no record */
	int after;                    /* the state after the record */
	int hold;                     /* the queue's last record waits for
				       * the end of the document */
	int failed, ended;
	int told;                     /* the caller has had that error */
	unsigned long skip;           /* S_SKIP: levels still open */
	sa_error error;               /* the error, once failed */
	int v_failed;                 /* the scan ahead found an error */
	sa_error v_error;
};

void sai_json_options_default(sai_json_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	sai_tree_limits_default(&opts->limits);
	opts->max_record_bytes = 64ul * 1024 * 1024;
}

/* ---- errors ----------------------------------------------------------- */

/* Records the reader's error (the first one wins); returns 0, which
 * makes yajl stop. */
static int fail(sai_json_reader *r, sa_status st, unsigned long line,
		unsigned long col, const char *fmt, const char *arg)
{
	char msg[SA_ERROR_MESSAGE_MAX];

	if (r->failed)
		return 0;
	snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
	sai_error_set(&r->error, st, r->file, line, col, "%s", msg);
	r->failed = 1;
	return 0;
}

/* An error the scan ahead found: it counts once yajl has read what comes
 * before it without an error of its own. */
static int vfail(sai_json_reader *r, unsigned long line, unsigned long col,
		 const char *msg)
{
	sai_error_set(&r->v_error, SA_ERR_PARSE, r->file, line, col, "%s",
		      msg);
	r->v_failed = 1;
	return 0;
}

/* ---- the scan behind yajl ----------------------------------------------- */

/* Walks the bytes up to input offset to (all in the current piece). */
static void scan_to(sai_json_reader *r, size_t to)
{
	pscan *s = &r->p;
	const unsigned char *q = r->cur + (s->pos - r->base);

	for (; s->pos < to; s->pos++, q++) {
		unsigned char c = *q;

		if (c == '\n') {
			s->line++;
			s->col = 1;
			continue;
		}
		if ((c & 0xc0) == 0x80)
			continue;  /* a continuation byte: same character */
		if (c != ' ' && c != '\t' && c != '\r') {
			if (!s->pending && c != ',' && c != ':') {
				s->pending = 1;
				s->seen = 1;
				s->t_line = s->line;
				s->t_col = s->col;
				s->t_byte = c;
				s->t_prev = s->last;
			} else if (c == ',' || c == ':') {
				s->c_line = s->line;
				s->c_col = s->col;
				s->c_prev = s->last;
			}
			s->last = c;
		}
		s->col++;
	}
}

/* The place of the token yajl has just read (and it is claimed). */
static void token_at(sai_json_reader *r, unsigned long *line,
		     unsigned long *col)
{
	size_t to = r->base + yajl_get_bytes_consumed(r->h);

	/* yajl ends with a blank of its own: nothing there to scan. */
	if (r->cur && to > r->p.pos)
		scan_to(r, to);
	*line = r->p.pending ? r->p.t_line : r->p.line;
	*col = r->p.pending ? r->p.t_col : r->p.col;
	r->p.pending = 0;
}

/* ---- the scan ahead of yajl ------------------------------------------- */

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int lone_high(sai_json_reader *r)
{
	return vfail(r, r->v.h_line, r->v.h_col,
		     _("malformed JSON: a \\u escape of a high surrogate "
		     "(D800-DBFF) must be followed by the escape of a low "
		     "one (DC00-DFFF); a lone half is no character"));
}

/* A \uXXXX escape is complete: pairs surrogates.  0 on a lone half. */
static int escape_done(sai_json_reader *r)
{
	vscan *v = &r->v;
	unsigned u = v->hex;

	if (v->hi) {
		if (u < 0xdc00 || u > 0xdfff)
			return lone_high(r);
		v->hi = 0;
	} else if (u >= 0xd800 && u <= 0xdbff) {
		v->hi = 1;
		v->h_line = v->e_line;
		v->h_col = v->e_col;
	} else if (u >= 0xdc00 && u <= 0xdfff) {
		return vfail(r, v->e_line, v->e_col,
			     _("malformed JSON: a \\u escape of a low surrogate "
			     "(DC00-DFFF) without the high one before it; a "
			     "lone half is no character"));
	}
	return 1;
}

/* An ASCII byte inside a string.  0 on a lone surrogate. */
static int string_byte(sai_json_reader *r, unsigned char c)
{
	vscan *v = &r->v;
	int d;

	if (v->esc == 1) {
		v->esc = c == 'u' ? 2 : 0;
		v->hex = 0;
		return c == 'u' || !v->hi ? 1 : lone_high(r);
	}
	if (v->esc >= 2) {
		if ((d = hex_digit(c)) < 0) {
			v->esc = v->hi = 0;  /* yajl says what is wrong */
			return 1;
		}
		v->hex = v->hex * 16 + (unsigned)d;
		if (++v->esc < 6)
			return 1;
		v->esc = 0;
		return escape_done(r);
	}
	if (c == '\\') {
		v->esc = 1;
		v->e_line = v->line;
		v->e_col = v->col;
		return 1;
	}
	if (v->hi)
		return lone_high(r);
	if (c == '"')
		v->in_str = 0;
	return 1;
}

static int bad_utf8(sai_json_reader *r, unsigned long line, unsigned long col)
{
	return vfail(r, line, col,
		     _("cannot read json: not UTF-8 (an invalid byte sequence)"));
}

/* The first byte of a UTF-8 sequence of more than one byte. */
static int utf8_lead(sai_json_reader *r, unsigned char c)
{
	vscan *v = &r->v;

	v->s_line = v->line;
	v->s_col = v->col;
	if (c >= 0xc2 && c <= 0xdf) {
		v->need = 1;
		v->cp = c & 0x1fu;
		v->min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		v->need = 2;
		v->cp = c & 0x0fu;
		v->min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		v->need = 3;
		v->cp = c & 0x07u;
		v->min = 0x10000;
	} else {
		return bad_utf8(r, v->line, v->col);
	}
	if (v->in_str && v->hi)
		return lone_high(r);
	return 1;
}

static int utf8_next(sai_json_reader *r, unsigned char c)
{
	vscan *v = &r->v;

	if ((c & 0xc0) != 0x80)
		return bad_utf8(r, v->s_line, v->s_col);
	v->cp = (v->cp << 6) | (c & 0x3fu);
	if (--v->need == 0 && (v->cp < v->min || v->cp > 0x10ffff ||
			       (v->cp >= 0xd800 && v->cp <= 0xdfff)))
		return bad_utf8(r, v->s_line, v->s_col);
	return 1;
}

/* A control character outside strings: yajl takes \f and \v for
 * blanks, RFC 8259 does not. */
static int control(sai_json_reader *r, unsigned char c)
{
	char msg[96];

	snprintf(msg, sizeof(msg), _("malformed JSON: a control character "
		 "(U+%04X) outside a string"), c);
	return vfail(r, r->v.line, r->v.col, msg);
}

/* Checks n bytes; the count that may go to yajl (n unless an error is
 * found, and then r->failed is set). */
static size_t vscan_piece(sai_json_reader *r, const unsigned char *q,
			  size_t n)
{
	vscan *v = &r->v;
	size_t i;
	int ok = 1;

	for (i = 0; i < n; i++) {
		unsigned char c = q[i];

		if (v->need) {
			ok = utf8_next(r, c);
		} else if (c >= 0x80) {
			ok = utf8_lead(r, c);
			v->col++;
		} else {
			if (v->in_str)
				ok = string_byte(r, c);
			else if (c == '"')
				v->in_str = 1;
			else if (c < 0x20 && c != '\t' && c != '\n' &&
				 c != '\r')
				ok = control(r, c);
			if (c == '\n') {
				v->line++;
				v->col = 1;
			} else {
				v->col++;
			}
		}
		if (!ok)
			return i;
	}
	return n;
}

/* ---- building the tree ------------------------------------------------- */

static int builder_failed(sai_json_reader *r, sa_status st,
			  unsigned long line, unsigned long col)
{
	const sai_tree_limits *l = &r->opts.limits;
	char msg[SA_ERROR_MESSAGE_MAX];

	if (st == SA_ERR_NOMEM)
		return fail(r, st, line, col, _("out of memory%s"), NULL);
	if (st == SA_ERR_LIMIT && r->b.depth >= l->max_depth) {
		snprintf(msg, sizeof(msg),
			 _("nesting deeper than %u levels: refused"),
			 l->max_depth);
		return fail(r, st, line, col, "%s", msg);
	}
	if (st == SA_ERR_LIMIT) {
		snprintf(msg, sizeof(msg), _("record too large (more than %lu "
			 "nodes or %lu bytes of text): refused"), l->max_nodes,
			 l->max_text);
		return fail(r, st, line, col, "%s", msg);
	}
	return fail(r, st, line, col, _("internal error building the tree%s"),
		    NULL);
}

/* Opens an element for name (element "_" with sa:key when name is no
 * XML name, as the YAML reader does). */
static int start_elem(sai_json_reader *r, const char *name,
		      unsigned long line, unsigned long col)
{
	sa_status st;

	if (sai_tree_name_ok(name)) {
		st = sai_builder_start(&r->b, name, line, col);
	} else {
		st = sai_builder_start(&r->b, "_", line, col);
		if (st == SA_OK)
			st = sai_builder_attr(&r->b, 1, "key", name);
	}
	return st == SA_OK ? 1 : builder_failed(r, st, line, col);
}

static int end_elem(sai_json_reader *r, unsigned long line,
		    unsigned long col)
{
	sa_status st = sai_builder_end(&r->b);

	return st == SA_OK ? 1 : builder_failed(r, st, line, col);
}

static int push_frame(sai_json_reader *r, int is_map, int opened,
		      const char *item, unsigned long line, unsigned long col)
{
	frame *f;

	if (r->n_frames == r->cap_frames) {
		size_t cap = r->cap_frames ? r->cap_frames * 2 : 16;

		if (!(f = realloc(r->frames, cap * sizeof(*f))))
			return fail(r, SA_ERR_NOMEM, line, col,
				    _("out of memory%s"), NULL);
		r->frames = f;
		r->cap_frames = cap;
	}
	f = &r->frames[r->n_frames++];
	memset(f, 0, sizeof(*f));
	f->is_map = is_map;
	f->opened = opened;
	f->item = item;
	return 1;
}

static void pop_frame(sai_json_reader *r)
{
	sai_keyset_release(&r->frames[--r->n_frames].keys);
}

static void drop_frames(sai_json_reader *r)
{
	while (r->n_frames)
		pop_frame(r);
}

/* Starts a record: its root element name at line:col. */
static int begin_record(sai_json_reader *r, const char *root,
			unsigned long line, unsigned long col)
{
	sa_status st;

	sai_builder_release(&r->b);
	r->building = 0;
	if ((st = sai_builder_init(&r->b, "json", &r->opts.limits)) != SA_OK)
		return builder_failed(r, st, line, col);
	r->building = 1;
	sai_builder_use_dict(&r->b, r->dict);
	r->rec_line = line;
	r->rec_col = col;
	r->state = S_RECORD;
	return start_elem(r, root, line, col);
}

/* A new entry at the queue's end, or NULL (out of memory). */
static queued *queue_slot(sai_json_reader *r)
{
	queued *q;

	if (r->q_head + r->q_len == r->q_cap) {
		if (r->q_head) {
			memmove(r->queue, r->queue + r->q_head,
				r->q_len * sizeof(*q));
			r->q_head = 0;
		} else {
			size_t cap = r->q_cap ? r->q_cap * 2 : 16;

			if (!(q = realloc(r->queue, cap * sizeof(*q))))
				return NULL;
			r->queue = q;
			r->q_cap = cap;
		}
	}
	q = &r->queue[r->q_head + r->q_len++];
	memset(q, 0, sizeof(*q));
	return q;
}

static int end_record(sai_json_reader *r)
{
	queued *q = queue_slot(r);

	if (!q)
		return fail(r, SA_ERR_NOMEM, r->rec_line, r->rec_col,
			    _("out of memory%s"), NULL);
	q->doc = sai_builder_finish(&r->b);
	q->line = r->rec_line;
	q->col = r->rec_col;
	r->building = 0;
	r->records++;
	r->consumed = 0;
	r->state = r->after;
	/* {"station": {...}} is a record only once the document ends
	 * with it (no second key), as the YAML reader says. */
	r->hold = r->after == S_TOP_END;
	return 1;
}

enum { V_SCALAR, V_MAP, V_ARRAY };

/* A value inside a record: a scalar's element (type and text), or the
 * start of an object or array. */
static int record_value(sai_json_reader *r, int kind, const char *type,
			const char *text, size_t len, unsigned long line,
			unsigned long col)
{
	frame *f = &r->frames[r->n_frames - 1];
	const char *name = f->is_map ? r->key : f->item;
	sa_status st = SA_OK;

	if (f->is_map) {
		line = r->key_line;
		col = r->key_col;
	}
	if (kind == V_ARRAY && f->is_map)
		return push_frame(r, 0, 0, name, line, col);
	if (!start_elem(r, name, line, col))
		return 0;
	if (kind == V_ARRAY)
		return push_frame(r, 0, 1, "item", line, col);
	if (kind == V_MAP)
		return push_frame(r, 1, 1, NULL, line, col);
	if (type)
		st = sai_builder_attr_static(&r->b, 1, "type", type);
	if (st == SA_OK && text)
		st = sai_builder_text(&r->b, text, len);
	if (st != SA_OK)
		return builder_failed(r, st, line, col);
	return end_elem(r, line, col);
}

/* What a list item that is no mapping is, in words. */
static const char *found_instead(int kind, const char *type)
{
	if (kind == V_ARRAY)
		return _("a list item must be a station (a mapping of keys); "
			 "found a list");
	if (!type)
		return _("a list item must be a station (a mapping of keys); "
			 "found a string");
	if (!strcmp(type, "null"))
		return _("a list item must be a station (a mapping of keys); "
			 "found null");
	if (!strcmp(type, "boolean"))
		return _("a list item must be a station (a mapping of keys); "
			 "found true or false");
	return _("a list item must be a station (a mapping of keys); "
		 "found a number");
}

/* An item of the list of records that is no mapping: one error in the
 * queue, in its place, and the item is skipped (an array level by
 * level, nothing kept), so the items after it are read. */
static int wrong_item(sai_json_reader *r, int kind, const char *type,
		      unsigned long line, unsigned long col)
{
	queued *q = queue_slot(r);

	if (!q)
		return fail(r, SA_ERR_NOMEM, line, col, _("out of memory%s"),
			    NULL);
	q->line = line;
	q->col = col;
	q->found = found_instead(kind, type);
	r->wrong++;
	r->consumed = 0;
	if (kind == V_ARRAY) {
		r->state = S_SKIP;
		r->skip = 1;
	}
	return 1;
}

/* A value where the document's shape is decided. */
static int top_value(sai_json_reader *r, int kind, unsigned long line,
		     unsigned long col)
{
	switch (r->state) {
	case S_TOP:
		if (kind == V_MAP) {
			r->state = S_TOP_KEY;
			return 1;
		}
		if (kind == V_ARRAY) {
			r->state = S_LIST;
			return 1;
		}
		return fail(r, SA_ERR_SHAPE, line, col, _("a dossier must be a "
			    "mapping with the key 'station' or 'stations'%s"),
			    NULL);
	case S_TOP_VALUE:
		if (kind == V_ARRAY && !strcmp(r->key, "stations")) {
			r->state = S_LIST;
			r->list_in_map = 1;
			return 1;
		}
		if (kind != V_MAP)
			break;
		r->after = S_TOP_END;
		return begin_record(r, r->key, r->key_line, r->key_col) &&
		       push_frame(r, 1, 1, NULL, line, col);
	case S_LIST:
		if (kind != V_MAP)
			break;
		r->after = S_LIST;
		return begin_record(r, "station", line, col) &&
		       push_frame(r, 1, 1, NULL, line, col);
	default:
		return fail(r, SA_ERR_INTERNAL, line, col,
			    _("internal error: a value out of place%s"), NULL);
	}
	return fail(r, SA_ERR_SHAPE, line, col,
		    _("expected a mapping of keys here (key: value)%s"), NULL);
}

static int on_value(sai_json_reader *r, int kind, const char *type,
		    const char *text, size_t len)
{
	unsigned long line, col;

	token_at(r, &line, &col);
	if (r->state == S_RECORD)
		return record_value(r, kind, type, text, len, line, col);
	if (r->state == S_SKIP) {
		r->skip += kind != V_SCALAR;
		return 1;
	}
	if (r->state == S_LIST && kind != V_MAP)
		return wrong_item(r, kind, type, line, col);
	return top_value(r, kind, line, col);
}

/* ---- yajl's callbacks ------------------------------------------------- */

static int cb_null(void *ctx)
{
	return on_value(ctx, V_SCALAR, "null", NULL, 0);
}

static int cb_boolean(void *ctx, int v)
{
	return on_value(ctx, V_SCALAR, "boolean", v ? "true" : "false",
			v ? 4 : 5);
}

static int cb_number(void *ctx, const char *s, size_t len)
{
	/* yajl has checked the grammar: a fraction or an exponent makes a
	 * float, as the YAML reader's types say. */
	const char *type = memchr(s, '.', len) || memchr(s, 'e', len) ||
			   memchr(s, 'E', len) ? "float" : "integer";
	char plain[80];
	size_t n;

	/* 8.5e1 is 85, 24.0 is 24: written plainly, which XPath and the
	 * contract read (the JSON Schema's numbers are values, not text). */
	if (*type == 'f' && (n = sai_number_plain(s, len, plain,
						   sizeof(plain))) > 0)
		return on_value(ctx, V_SCALAR, type, plain, n);
	return on_value(ctx, V_SCALAR, type, s, len);
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
	return on_value(ctx, V_SCALAR, NULL, (const char *)s, len);
}

static int cb_start_map(void *ctx)
{
	return on_value(ctx, V_MAP, NULL, NULL, 0);
}

static int cb_start_array(void *ctx)
{
	return on_value(ctx, V_ARRAY, NULL, NULL, 0);
}

/* A key of an object in a record: checked and interned. */
static int record_key(sai_json_reader *r, const char *s, size_t len,
		      unsigned long line, unsigned long col)
{
	int added;

	if (memchr(s, '\0', len))
		return fail(r, SA_ERR_SHAPE, line, col,
			    _("a mapping key contains a NUL character%s"), NULL);
	if (len > KEY_MAX)
		return fail(r, SA_ERR_LIMIT, line, col,
			    _("a mapping key longer than 1000 bytes%s"), NULL);
	r->key = (const char *)xmlDictLookup(r->dict, (const xmlChar *)s,
					     (int)len);
	if (!r->key)
		return fail(r, SA_ERR_NOMEM, line, col, _("out of memory%s"),
			    NULL);
	r->key_line = line;
	r->key_col = col;
	if (r->state != S_RECORD)
		return 1;
	added = sai_keyset_add(&r->frames[r->n_frames - 1].keys,
			       (const xmlChar *)r->key);
	if (added < 0)
		return fail(r, SA_ERR_NOMEM, line, col, _("out of memory%s"),
			    NULL);
	if (added == 0)
		return fail(r, SA_ERR_SHAPE, line, col,
			    _("duplicate key '%s' in this mapping"), r->key);
	return 1;
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t len)
{
	sai_json_reader *r = ctx;
	unsigned long line, col;

	token_at(r, &line, &col);
	if (r->state == S_SKIP)
		return 1;
	if (r->state == S_TOP_END)
		return fail(r, SA_ERR_SHAPE, line, col, _("a dossier has one "
			    "top-level key (station or stations); found "
			    "another%s"), NULL);
	if (r->state == S_TOP_KEY)
		r->state = S_TOP_VALUE;
	return record_key(r, (const char *)s, len, line, col);
}

/* The end of an object or array inside a skipped item. */
static int end_skipped(sai_json_reader *r)
{
	if (--r->skip == 0)
		r->state = S_LIST;
	return 1;
}

/* The end of an object or array of a record. */
static int end_container(sai_json_reader *r, unsigned long line,
			 unsigned long col)
{
	int opened = r->frames[r->n_frames - 1].opened;

	pop_frame(r);
	if (opened && !end_elem(r, line, col))
		return 0;
	return r->n_frames == 0 ? end_record(r) : 1;
}

static int cb_end_map(void *ctx)
{
	sai_json_reader *r = ctx;
	unsigned long line, col;

	token_at(r, &line, &col);
	if (r->state == S_RECORD)
		return end_container(r, line, col);
	if (r->state == S_SKIP)
		return end_skipped(r);
	if (r->state == S_TOP_KEY)
		return fail(r, SA_ERR_SHAPE, line, col, _("an empty dossier: "
			    "expected the key 'station' or 'stations'%s"), NULL);
	r->state = S_DONE;
	r->hold = 0;
	return 1;
}

static int cb_end_array(void *ctx)
{
	sai_json_reader *r = ctx;
	unsigned long line, col;

	token_at(r, &line, &col);
	if (r->state == S_RECORD)
		return end_container(r, line, col);
	if (r->state == S_SKIP)
		return end_skipped(r);
	r->state = r->list_in_map ? S_TOP_END : S_DONE;
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_boolean, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_map_key, cb_end_map, cb_start_array, cb_end_array
};

/* ---- input -------------------------------------------------------------- */

static sa_status reader_new(const char *file, const sai_json_options *opts,
			    sai_json_reader **out, sa_error *err)
{
	sai_json_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	if (opts)
		r->opts = *opts;
	else
		sai_json_options_default(&r->opts);
	r->file = file;
	r->piece = PIECE_MAX;
	r->v.line = r->v.col = r->p.line = r->p.col = 1;
	r->dict = xmlDictCreate();
	r->h = yajl_alloc(&callbacks, NULL, r);
	if (!r->dict || !r->h) {
		sai_json_free(r);
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	}
	*out = r;
	return SA_OK;
}

/* Value mode: the document is one record under <json>, its value that
 * of the key "value" (so an array gives a <value> per item). */
static sa_status value_mode(sai_json_reader *r, sa_error *err)
{
	r->key = "value";
	r->key_line = r->key_col = 1;
	if (!begin_record(r, "json", 1, 1) ||
	    !push_frame(r, 1, 1, NULL, 1, 1)) {
		*err = r->error;
		return err->status;
	}
	return SA_OK;
}

sa_status sai_json_open_file(FILE *f, const char *file,
			     const sai_json_options *opts,
			     sai_json_reader **out, sa_error *err)
{
	sa_status st = reader_new(file, opts, out, err);

	if (st != SA_OK)
		return st;
	(*out)->in = f;
	if (!((*out)->rbuf = malloc(READ_SIZE))) {
		sai_json_free(*out);
		*out = NULL;
		return sai_error_set(err, SA_ERR_NOMEM, file, 0, 0,
				     _("out of memory"));
	}
	(*out)->buf = (*out)->rbuf;
	(*out)->rcap = READ_SIZE;
	if ((*out)->opts.any_value && (st = value_mode(*out, err)) != SA_OK) {
		sai_json_free(*out);
		*out = NULL;
	}
	return st;
}

sa_status sai_json_open_buffer(const char *buf, size_t len, const char *file,
			       const sai_json_options *opts,
			       sai_json_reader **out, sa_error *err)
{
	sa_status st = reader_new(file, opts, out, err);

	if (st != SA_OK)
		return st;
	(*out)->buf = (const unsigned char *)buf;
	(*out)->buf_len = len;
	(*out)->eof = 1;
	if ((*out)->opts.any_value && (st = value_mode(*out, err)) != SA_OK) {
		sai_json_free(*out);
		*out = NULL;
	}
	return st;
}

void sai_json_free(sai_json_reader *r)
{
	if (!r)
		return;
	if (r->h)
		yajl_free(r->h);
	while (r->q_len) {
		sai_tree_free(r->queue[r->q_head++].doc);
		r->q_len--;
	}
	free(r->queue);
	drop_frames(r);
	free(r->frames);
	if (r->building)
		sai_builder_release(&r->b);
	if (r->dict)
		xmlDictFree(r->dict);
	free(r->rbuf);
	free(r);
}

/* Makes at least one byte of input available (unless at its end); a UTF-8
 * BOM at the very start is skipped.  0, or -1 on a read error. */
static int fill(sai_json_reader *r)
{
	size_t n, want = r->piece > READ_SIZE ? r->piece : READ_SIZE;

	if (r->buf_pos < r->buf_len || r->eof)
		goto bom;
	/* A piece grown over a long token is read whole (see PIECE_GROWN);
	 * the buffer is empty here, nothing points into it. */
	if (want > r->rcap) {
		unsigned char *b = realloc(r->rbuf, want);

		if (b) {
			r->rbuf = b;
			r->buf = b;
			r->rcap = want;
		}
	}
	r->offset += r->buf_len;
	r->buf_pos = r->buf_len = 0;
	n = fread(r->rbuf, 1, r->rcap, r->in);
	if (n == 0 && ferror(r->in))
		return -1;
	if (n < r->rcap)
		r->eof = 1;
	r->buf_len = n;
bom:
	if (r->offset == 0 && r->buf_pos == 0 && r->buf_len >= 3 &&
	    !memcmp(r->buf, "\xef\xbb\xbf", 3)) {
		r->buf_pos = 3;
		r->p.pos = 3;
	}
	return 0;
}

/* ---- parsing ------------------------------------------------------------ */

/* What a person should hear about yajl's error at the token (t_byte,
 * after t_prev) where it stopped. */
static const char *hint(const pscan *s, const char *why)
{
	unsigned char c = s->t_byte;

	if (strstr(why, "trailing garbage"))
		return _("more text after the end of the value (a JSON file "
		       "holds one value)");
	if (!s->pending)
		return NULL;
	if (c == ',')
		return _("a comma out of place (two in a row, or one before "
		       "the first item)");
	if (c >= '0' && c <= '9' && s->t_prev >= '0' && s->t_prev <= '9')
		return _("a number has no leading zeros in JSON");
	if (c == '/' || c == '#')
		return _("comments are not allowed in JSON");
	if ((c == ']' || c == '}') && s->t_prev == ',')
		return _("a trailing comma is not allowed in JSON");
	if (c == '\'')
		return _("strings take double quotes in JSON");
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c >= 0x80)
		return _("a bare word: text must be in double quotes (true, "
		       "false and null are the only words of JSON)");
	return NULL;
}

/* Scans to where yajl stopped.  A lexical error inside a string is
 * placed at the character yajl refused (it stops before it), not at the
 * string's start. */
static void error_place(sai_json_reader *r, int lexical)
{
	pscan *s = &r->p;

	scan_to(r, r->base + yajl_get_bytes_consumed(r->h));
	if (s->pending) {
		if (lexical && s->t_byte == '"')
			s->pending = 0;
		return;
	}
	s->pending = 1;
	s->t_prev = s->last;
	if (!lexical && (s->last == ',' || s->last == ':')) {
		/* A ',' or ':' was the token yajl refused. */
		s->t_line = s->c_line;
		s->t_col = s->c_col;
		s->t_byte = s->last;
		s->t_prev = s->c_prev;
	} else if (s->pos < r->base + r->cur_len) {
		/* yajl stopped before the byte it refused ('/' of a
		 * comment). */
		s->t_line = s->line;
		s->t_col = s->col;
		s->t_byte = r->cur[s->pos - r->base];
	} else {
		s->pending = 0;
	}
}

/* yajl refused the input: where and why. */
static void syntax_error(sai_json_reader *r, int finishing)
{
	unsigned char *text = yajl_get_error(r->h, 0, NULL, 0);
	const char *why = text ? (const char *)text : _("malformed input");
	const char *colon = strstr(why, ": ");
	unsigned long line, col;
	size_t n;

	if (!finishing)
		error_place(r, !strncmp(why, "lexical", 7));
	if (colon)
		why = colon + 2;
	n = strcspn(why, "\n");
	if (n && why[n - 1] == '.')
		n--;
	line = r->p.pending ? r->p.t_line : r->p.line;
	col = r->p.pending ? r->p.t_col : r->p.col;
	if (finishing && !r->p.seen) {
		/* What the YAML reader says; in value mode, no JSON. */
		fail(r, r->opts.any_value ? SA_ERR_PARSE : SA_ERR_SHAPE, 1, 1,
		     _("empty file: no dossier in it%s"), NULL);
	} else if (hint(&r->p, why)) {
		fail(r, SA_ERR_PARSE, line, col, _("malformed JSON: %s"),
		     hint(&r->p, why));
	} else {
		char msg[SA_ERROR_MESSAGE_MAX];

		snprintf(msg, sizeof(msg), "malformed JSON: %.*s", (int)n, why);
		if (finishing && strstr(why, "premature EOF"))
			snprintf(msg, sizeof(msg), _("malformed JSON: the text "
				 "ends inside a value (an unclosed string, "
				 "'[' or '{')"));
		fail(r, SA_ERR_PARSE, line, col, "%s", msg);
	}
	if (text)
		yajl_free_error(r->h, text);
}

/* Feeds yajl one piece of at most r->piece bytes. */
static void feed(sai_json_reader *r)
{
	const unsigned char *q = r->buf + r->buf_pos;
	size_t n = r->buf_len - r->buf_pos, ok;
	size_t before = r->q_len;
	yajl_status st;

	if (n > r->piece)
		n = r->piece;
	if (r->consumed + n > r->opts.max_record_bytes) {
		char msg[64];

		snprintf(msg, sizeof(msg), _("record larger than %lu bytes: "
			 "refused"), r->opts.max_record_bytes);
		fail(r, SA_ERR_LIMIT, r->p.line, r->p.col, "%s", msg);
		return;
	}
	r->consumed += n;
	ok = vscan_piece(r, q, n);
	r->cur = q;
	r->cur_len = ok;
	r->base = r->offset + r->buf_pos;
	st = yajl_parse(r->h, q, ok);
	if (st == yajl_status_error) {
		syntax_error(r, 0);
	} else if (st == yajl_status_ok) {
		scan_to(r, r->base + ok);
		if (r->v_failed) {
			r->error = r->v_error;
			r->failed = 1;
		}
	}
	r->buf_pos += n;
	r->cur = NULL;
	/* About one record a piece: small records, smaller pieces; a piece
	 * grown over a long token is back to PIECE_MAX once it finishes a
	 * record (it holds at most twice that token's records). */
	if (r->q_len > before && r->piece > PIECE_MAX)
		r->piece = PIECE_MAX;
	else if (r->q_len - before > 2 && r->piece > PIECE_MIN)
		r->piece /= 2;
	else if (r->q_len == before && r->piece < PIECE_GROWN)
		r->piece *= 2;
}

/* The end of the input: the value must be complete. */
static void finish(sai_json_reader *r)
{
	r->ended = 1;
	r->cur = NULL;
	if (r->v.need)
		fail(r, SA_ERR_PARSE, r->v.s_line, r->v.s_col, _("cannot read "
		     "json: not UTF-8 (the text ends inside a character)%s"),
		     NULL);
	else if (yajl_complete_parse(r->h) == yajl_status_error)
		syntax_error(r, 1);
	if (r->failed)
		return;
	if (r->opts.any_value) {
		if (end_elem(r, 1, 1))
			end_record(r);
	} else if (r->records == 0 && r->wrong == 0) {
		fail(r, SA_ERR_SHAPE, 1, 1, _("empty file: no dossier in it%s"),
		     NULL);
	}
}

/* Parses until a record is queued, the input ends or an error. */
static void pump(sai_json_reader *r)
{
	while ((!r->q_len || r->hold) && !r->failed && !r->ended) {
		if (fill(r) < 0) {
			fail(r, SA_ERR_IO, r->p.line, r->p.col,
			     _("cannot read: %s"), strerror(errno));
			break;
		}
		if (r->buf_pos < r->buf_len)
			feed(r);
		else
			finish(r);
	}
}

sa_status sai_json_next_record(sai_json_reader *r, xmlDocPtr *doc,
			       unsigned long *line, unsigned long *column,
			       sa_error *err)
{
	queued *q;

	*doc = NULL;
	pump(r);
	if (r->failed && r->hold) {
		sai_tree_free(r->queue[r->q_head + r->q_len - 1].doc);
		r->q_len--;
		r->hold = 0;
	}
	if (r->q_len) {
		q = &r->queue[r->q_head++];
		r->q_len--;
		*doc = q->doc;
		*line = q->line;
		*column = q->col;
		if (!q->found)
			return SA_OK;
		return sai_error_set(err, SA_ERR_SHAPE, r->file, q->line,
				     q->col, "%s", q->found);
	}
	if (r->failed && !r->told) {
		r->told = 1;
		if (err)
			*err = r->error;
		return r->error.status;
	}
	return SA_OK;
}
