/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlreader.c - XML dossiers to record trees, streamed with xmlTextReader.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "util-internal.h"
#include "xmlreader-internal.h"
#include "i18n.h"

#define MAX_RECORD_BYTES (64ul * 1024 * 1024)

struct sai_xml_reader {
	xmlTextReaderPtr reader;
	const char *file;
	FILE *in;
	int close_in;
	const char *buf;
	size_t len, pos;
	unsigned long consumed;   /* bytes read since the record began */
	unsigned long total;      /* bytes read in all */
	int too_big;
	int list;                 /* root is <stations> */
	int started;              /* root element seen */
	int done;
	int records;
	unsigned long line_base;  /* a part of a file: lines before it */
	int part;
	sai_tree_limits limits;
	xmlDictPtr dict;
	sa_error first;           /* first error libxml2 reported */
};

static int read_cb(void *ctx, char *buffer, int size)
{
	sai_xml_reader *r = ctx;
	size_t n;

	if (r->consumed > MAX_RECORD_BYTES) {
		r->too_big = 1;
		return -1;
	}
	if (r->in) {
		n = fread(buffer, 1, (size_t)size, r->in);
		if (n == 0 && ferror(r->in))
			return -1;
	} else {
		n = r->len - r->pos;
		if (n > (size_t)size)
			n = (size_t)size;
		memcpy(buffer, r->buf + r->pos, n);
		r->pos += n;
	}
	r->consumed += n;
	r->total += n;
	return (int)n;
}

static int close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

static void error_cb(void *arg, xmlErrorPtr e)
{
	sai_xml_reader *r = arg;
	char msg[SA_ERROR_MESSAGE_MAX];
	size_t n;

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
	sai_error_set(&r->first, SA_ERR_PARSE, r->file,
		      e->line > 0 ? (unsigned long)e->line + r->line_base : 0,
		      e->int2 > 0 ? (unsigned long)e->int2 : 0,
		      _("malformed XML: %s"), msg);
}

static sa_status open_common(sai_xml_reader *r, const sai_tree_limits *lim,
			     sai_xml_reader **out, sa_error *err)
{
	/* No NOENT (no entity substitution), no DTDLOAD, no network. */
	int opts = XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA |
		   XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		   XML_PARSE_BIG_LINES;

	if (lim)
		r->limits = *lim;
	else
		sai_tree_limits_default(&r->limits);
	sa_error_clear(&r->first);
	r->dict = xmlDictCreate();
	r->reader = r->dict ? xmlReaderForIO(read_cb, close_cb, r, NULL, NULL,
					     opts) : NULL;
	if (!r->reader) {
		sai_xml_free(r);
		return sai_error_set(err, SA_ERR_NOMEM, r->file, 0, 0,
				     _("out of memory"));
	}
	xmlTextReaderSetStructuredErrorHandler(r->reader, error_cb, r);
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

void sai_xml_free(sai_xml_reader *r)
{
	if (!r)
		return;
	if (r->reader)
		xmlFreeTextReader(r->reader);
	if (r->close_in && r->in)
		fclose(r->in);
	if (r->dict)
		xmlDictFree(r->dict);
	free(r);
}

/* The line of the reader's current node. */
static unsigned long cur_line(sai_xml_reader *r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r->reader);
	long l = n ? xmlGetLineNo(n) : -1;

	if (l <= 0 || l == 65535)
		l = xmlTextReaderGetParserLineNumber(r->reader);
	return l > 0 ? (unsigned long)l + r->line_base : 0;
}

static sa_status read_error(sai_xml_reader *r, sa_error *err)
{
	r->done = 1;
	if (r->total == 0)
		return sai_error_set(err, SA_ERR_SHAPE, r->file, 1, 0,
				     _("empty file: no dossier in it"));
	if (r->too_big)
		return sai_error_set(err, SA_ERR_LIMIT, r->file, cur_line(r), 0,
				     _("record larger than %lu bytes: refused"),
				     MAX_RECORD_BYTES);
	if (r->first.status != SA_OK) {
		*err = r->first;
		return err->status;
	}
	return sai_error_set(err, SA_ERR_PARSE, r->file, cur_line(r), 0,
			     _("malformed XML"));
}

/* Where "<!DOCTYPE" stands: the reader reports the DTD only after it has
 * read past it, so the place is found in the input itself. */
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

static sa_status doctype_error(sai_xml_reader *r, sa_error *err)
{
	unsigned long line, col;

	r->done = 1;
	locate_doctype(r, &line, &col);
	return sai_error_set(err, SA_ERR_SHAPE, r->file, line, col,
			     _("a DOCTYPE (DTD) is not allowed in dossiers: "
			     "external entities and DTDs are refused"));
}

static sa_status shape_error(sai_xml_reader *r, sa_error *err,
			     const char *what)
{
	r->done = 1;
	return sai_error_set(err, SA_ERR_SHAPE, r->file, cur_line(r), 0, "%s",
			     what);
}

static sa_status limit_error(sai_xml_reader *r, sa_error *err, sa_status st,
			     const sai_builder *b)
{
	r->done = 1;
	if (st == SA_ERR_NOMEM)
		return sai_error_set(err, st, r->file, cur_line(r), 0,
				     _("out of memory"));
	if (b->depth >= r->limits.max_depth)
		return sai_error_set(err, st, r->file, cur_line(r), 0,
				     _("nesting deeper than %u levels: refused"),
				     r->limits.max_depth);
	return sai_error_set(err, st, r->file, cur_line(r), 0,
			     _("record too large (more than %lu nodes or %lu "
			     "bytes of text): refused"), r->limits.max_nodes,
			     r->limits.max_text);
}

/* Copies the attributes of the current element (namespace declarations
 * and namespaced attributes left out). */
static sa_status copy_attributes(sai_xml_reader *r, sai_builder *b)
{
	sa_status st = SA_OK;

	while (st == SA_OK && xmlTextReaderMoveToNextAttribute(r->reader) == 1) {
		const xmlChar *name = xmlTextReaderConstLocalName(r->reader);
		const xmlChar *ns = xmlTextReaderConstNamespaceUri(r->reader);
		const xmlChar *val = xmlTextReaderConstValue(r->reader);

		if (xmlTextReaderIsNamespaceDecl(r->reader) || ns || !name)
			continue;
		st = sai_builder_attr(b, 0, (const char *)name,
				      val ? (const char *)val : "");
	}
	xmlTextReaderMoveToElement(r->reader);
	return st;
}

static sa_status start_element(sai_xml_reader *r, sai_builder *b, int *closed)
{
	const xmlChar *name = xmlTextReaderConstLocalName(r->reader);
	int empty = xmlTextReaderIsEmptyElement(r->reader);
	sa_status st;

	st = sai_builder_start(b, name ? (const char *)name : "_",
			       cur_line(r), 0);
	if (st == SA_OK && xmlTextReaderHasAttributes(r->reader) == 1)
		st = copy_attributes(r, b);
	if (st == SA_OK && empty == 1)
		st = sai_builder_end(b);
	*closed = empty == 1 && b->depth == 0;
	return st;
}

/* One reader step inside a record: 1 when the record is complete. */
static sa_status record_step(sai_xml_reader *r, sai_builder *b, int *complete,
			     sa_error *err)
{
	int type = xmlTextReaderNodeType(r->reader);
	const xmlChar *v;
	sa_status st = SA_OK;

	switch (type) {
	case XML_READER_TYPE_ELEMENT:
		st = start_element(r, b, complete);
		break;
	case XML_READER_TYPE_END_ELEMENT:
		st = sai_builder_end(b);
		*complete = b->depth == 0;
		break;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
		v = xmlTextReaderConstValue(r->reader);
		if (v)
			st = sai_builder_text(b, (const char *)v,
					      strlen((const char *)v));
		break;
	case XML_READER_TYPE_ENTITY_REFERENCE:
		return shape_error(r, err, _("entity references are not "
				   "allowed in dossiers"));
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return doctype_error(r, err);
	default:
		break;
	}
	if (st != SA_OK)
		return limit_error(r, err, st, b);
	return SA_OK;
}

static sa_status build_record(sai_xml_reader *r, xmlDocPtr *doc,
			      unsigned long *line, sa_error *err)
{
	sai_builder b;
	int complete = 0, ret;
	sa_status st = sai_builder_init(&b, "xml", &r->limits);

	if (st != SA_OK)
		return sai_error_set(err, st, r->file, 0, 0, _("out of memory"));
	sai_builder_use_dict(&b, r->dict);
	*line = cur_line(r);
	st = record_step(r, &b, &complete, err);
	while (st == SA_OK && !complete) {
		ret = xmlTextReaderRead(r->reader);
		if (ret != 1) {
			st = ret == 0 ? shape_error(r, err, _("unexpected end "
						    "of XML")) : read_error(r, err);
			break;
		}
		st = record_step(r, &b, &complete, err);
	}
	if (st == SA_OK) {
		*doc = sai_builder_finish(&b);
		r->records++;
		r->consumed = 0;
	}
	sai_builder_release(&b);
	return st;
}

/* Handles the root element: <stations> opens a list, anything else is a
 * record.  Returns 1 when the current node starts a record. */
static int at_root(sai_xml_reader *r)
{
	const xmlChar *name = xmlTextReaderConstLocalName(r->reader);

	r->started = 1;
	if (name && !strcmp((const char *)name, "stations") &&
	    !xmlTextReaderIsEmptyElement(r->reader)) {
		r->list = 1;
		return 0;
	}
	return 1;
}

sa_status sai_xml_next_record(sai_xml_reader *r, xmlDocPtr *doc,
			      unsigned long *line, unsigned long *column,
			      sa_error *err)
{
	int ret, type, depth;

	*doc = NULL;
	*column = 0;
	while (!r->done) {
		ret = xmlTextReaderRead(r->reader);
		if (ret < 0)
			return read_error(r, err);
		if (ret == 0) {
			r->done = 1;
			break;
		}
		type = xmlTextReaderNodeType(r->reader);
		depth = xmlTextReaderDepth(r->reader);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			return doctype_error(r, err);
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if ((depth == 0 && at_root(r)) || (depth == 1 && r->list))
			return build_record(r, doc, line, err);
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

sa_status sai_xml_schema_load(const char *path, void **schema, sa_error *err)
{
	xmlSchemaParserCtxtPtr pc;
	sa_error local;
	FILE *f = fopen(path, "rb");

	*schema = NULL;
	/* libxml2 would print its own I/O warning: say it ourselves. */
	if (!f)
		return sai_error_set(err, SA_ERR_USAGE, path, 0, 0,
				     _("cannot read the schema: %s"),
				     strerror(errno));
	fclose(f);
	pc = xmlSchemaNewParserCtxt(path);
	sa_error_clear(&local);
	if (!pc)
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	xmlSchemaSetParserStructuredErrors(pc, schema_error, &local);
	*schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
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
	*doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS |
			   XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!*doc)
		return sai_error_set(err, SA_ERR_USAGE, path, 0, 0,
				     _("cannot read %s as XML"), path);
	return SA_OK;
}
