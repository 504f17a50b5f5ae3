/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yamlreader.c - YAML and JSON to record trees, from libyaml events.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <yaml.h>

#include "keyset-internal.h"
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
	const unsigned char *buf;
	size_t buf_len, buf_pos;
	unsigned long consumed;     /* bytes read since the record began */
	int too_big;
	int started;                /* STREAM_START seen */
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

static int read_handler(void *data, unsigned char *buffer, size_t size,
			size_t *size_read)
{
	sai_yaml_reader *r = data;
	size_t n;

	if (r->consumed > r->opts.max_record_bytes) {
		r->too_big = 1;
		return 0;
	}
	if (r->in) {
		n = fread(buffer, 1, size, r->in);
		if (n == 0 && ferror(r->in))
			return 0;
	} else {
		n = r->buf_len - r->buf_pos;
		if (n > size)
			n = size;
		memcpy(buffer, r->buf + r->buf_pos, n);
		r->buf_pos += n;
	}
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

	if (st == SA_OK)
		(*out)->in = f;
	return st;
}

sa_status sai_yaml_open_buffer(const char *buf, size_t len, const char *file,
			       const sai_yaml_options *opts,
			       sai_yaml_reader **out, sa_error *err)
{
	sa_status st = reader_new(file, opts, out, err);

	if (st == SA_OK) {
		(*out)->buf = (const unsigned char *)buf;
		(*out)->buf_len = len;
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
	if (r->dict)
		xmlDictFree(r->dict);
	free(r);
}

/* ---- events and errors --------------------------------------------- */

static unsigned long ev_line(const sai_yaml_reader *r)
{
	return (unsigned long)r->ev.start_mark.line + 1 + r->opts.line_base;
}

static unsigned long ev_col(const sai_yaml_reader *r)
{
	return (unsigned long)r->ev.start_mark.column + 1;
}

static sa_status parse_error(sai_yaml_reader *r, sa_error *err)
{
	const yaml_parser_t *p = &r->parser;
	const char *what = p->problem ? p->problem : _("malformed input");
	unsigned long base = r->opts.line_base;

	r->done = 1;
	if (r->too_big)
		return sai_error_set(err, SA_ERR_LIMIT, r->file,
				     (unsigned long)p->mark.line + 1 + base, 0,
				     _("record larger than %lu bytes: refused"),
				     r->opts.max_record_bytes);
	if (p->error == YAML_READER_ERROR) {
		/* libyaml knows only the byte offset of a bad byte. */
		unsigned long line, col;

		sai_locate_offset((const char *)r->buf, r->buf_len,
				  r->in == stdin ? NULL : r->file,
				  p->problem_offset, &line, &col);
		if (line)
			line += base;
		return sai_error_set(err, SA_ERR_PARSE, r->file, line, col,
				     _("cannot read %s: %s (byte %zu)"),
				     r->opts.format, what,
				     p->problem_offset + r->opts.byte_base);
	}
	if (p->context)
		return sai_error_set(err, SA_ERR_PARSE, r->file,
				     (unsigned long)p->problem_mark.line + 1 + base,
				     (unsigned long)p->problem_mark.column + 1,
				     _("malformed %s: %s %s (line %lu)"),
				     r->opts.format, what, p->context,
				     (unsigned long)p->context_mark.line + 1 +
				     base);
	return sai_error_set(err, SA_ERR_PARSE, r->file,
			     (unsigned long)p->problem_mark.line + 1 + base,
			     (unsigned long)p->problem_mark.column + 1,
			     _("malformed %s: %s"), r->opts.format, what);
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
		return parse_error(r, err);
	r->have_ev = 1;
	if (r->ev.type == YAML_STREAM_END_EVENT)
		r->done = 1;
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
	if (r->ev.type != YAML_MAPPING_START_EVENT) {
		r->done = 1;
		return ev_error(r, err, SA_ERR_SHAPE,
				_("expected a mapping of keys here (key: value)"),
				NULL);
	}
	st = parse_value(r, root, 0, err);
	if (st != SA_OK) {
		r->done = 1;
		return st;
	}
	*doc = sai_builder_finish(&r->b);
	r->records++;
	r->consumed = 0;
	return SA_OK;
}

/* Consumes the value that starts at the current event. */
static sa_status skip_value(sai_yaml_reader *r, sa_error *err)
{
	int depth = 0;
	sa_status st;

	do {
		if (r->ev.type == YAML_SEQUENCE_START_EVENT ||
		    r->ev.type == YAML_MAPPING_START_EVENT)
			depth++;
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
		if (r->ev.type != YAML_MAPPING_END_EVENT) {
			r->done = 1;
			return ev_error(r, err, SA_ERR_SHAPE,
					_("a dossier has one top-level key "
					"(station or stations); found another"),
					NULL);
		}
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

sa_status sai_yaml_next_record(sai_yaml_reader *r, xmlDocPtr *doc,
			       unsigned long *line, unsigned long *column,
			       sa_error *err)
{
	sa_status st = SA_OK;

	*doc = NULL;
	while (!*doc) {
		if (r->in_list) {
			st = next_in_list(r, doc, line, column, err);
		} else {
			if (r->done)
				break;
			if ((st = next_event(r, err)) != SA_OK)
				return st;
			if (r->ev.type == YAML_STREAM_START_EVENT ||
			    r->ev.type == YAML_STREAM_END_EVENT)
				continue;
			if (r->ev.type != YAML_DOCUMENT_START_EVENT)
				continue;
			if ((st = next_event(r, err)) != SA_OK)
				return st;
			if (r->opts.list_key) {
				st = report_top(r, err);
				if (st == SA_OK && !r->in_list)
					st = document_rest(r, 0, err);
				goto checked;
			}
			st = document_top(r, doc, line, column, err);
			if (st == SA_OK && *doc)
				st = document_rest(r, 1, err);
			else if (st == SA_OK && !r->in_list)
				st = document_rest(r, 0, err);
		}
checked:
		if (st != SA_OK) {
			r->done = 1;
			if (*doc) {
				sai_tree_free(*doc);
				*doc = NULL;
			}
			return st;
		}
	}
	if (!*doc && r->records == 0 && !r->opts.list_key && !r->opts.part)
		return sai_error_set(err, SA_ERR_SHAPE, r->file, 1, 1,
				     _("empty file: no dossier in it"));
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
