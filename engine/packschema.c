/* SPDX-License-Identifier: Apache-2.0 */
/*
 * packschema.c - validating a pack file against the pack schema
 * (schemas/pack.xsd) and reporting every violation at the pack's own line
 * and column.  The loader (pack-*.c) stops at the first problem; this check
 * sees them all, so `lint` runs it first.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlschemas.h>

#include "libmsg-internal.h"
#include "tree-internal.h"
#include "util-internal.h"
#include "xmlreader-internal.h"
#include "yamlreader-internal.h"
#include "banned.h"
#include "i18n.h"

#define MAX_PACK_BYTES (16ul * 1024 * 1024)

typedef struct check_state {
	const char *file;          /* the pack file, for messages */
	const char *buf;           /* its bytes, for the source lines */
	size_t len;
	sa_error *found;           /* the problems, in the order found */
	size_t n_found;
	xmlNodePtr *cut;           /* unexpected elements, taken out */
	size_t n_cut;
	int nomem;
} check_state;

/* The YAML key an element stands for: its name, or sa:key for a key that
 * is not an XML name (element "_"). */
static const char *yaml_key(const xmlNode *n)
{
	const xmlAttr *a;

	if (strcmp((const char *)n->name, "_") != 0)
		return (const char *)n->name;
	for (a = n->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->name, "key") &&
		    a->children && a->children->content)
			return (const char *)a->children->content;
	return (const char *)n->name;
}

/* libxml2 lists at most ten expected elements, and says nothing when it
 * cut the list: a list of ten gets ", ..." so that it does not read as
 * complete. */
static void mark_cut_list(char *msg, size_t size)
{
	char *list = strstr(msg, "Expected is one of ( "), *end, *p;
	int commas = 0;
	size_t n = strlen(msg);

	if (!list || !(end = strstr(list, " )")) || n + 5 >= size)
		return;
	for (p = list; p < end; p++)
		commas += *p == ',';
	if (commas != 9)
		return;
	memmove(end + 5, end, n - (size_t)(end - msg) + 1);
	memcpy(end, ", ...", 5);
}

/* libxml2 says "Element '_': ..." for a key that is not an XML name:
 * name the key as it was written instead, and drop the trailing
 * newline. */
static void problem_message(const xmlNode *node, const char *msg,
			    char *out, size_t size)
{
	static const char elem[] = "Element '_': ";
	size_t n;

	if (node && !strncmp(msg, elem, sizeof(elem) - 1))
		snprintf(out, size, "Key '%s': %s", yaml_key(node),
			 msg + sizeof(elem) - 1);
	else
		snprintf(out, size, "%s", msg);
	for (n = strlen(out); n && (out[n - 1] == '\n' || out[n - 1] == ' ');)
		out[--n] = '\0';
	mark_cut_list(out, size);
}

static int already_found(const check_state *s, const sa_error *p)
{
	size_t i;

	for (i = 0; i < s->n_found; i++)
		if (s->found[i].line == p->line &&
		    s->found[i].column == p->column &&
		    !strcmp(s->found[i].message, p->message))
			return 1;
	return 0;
}

/* libxml2 stops checking an element's children at the first unexpected
 * one; validate() takes such elements out and validates again, so that
 * every unknown key is found. */
static void cut_later(check_state *s, xmlNodePtr node)
{
	xmlNodePtr *c = realloc(s->cut, (s->n_cut + 1) * sizeof(*c));

	if (!c) {
		s->nomem = 1;
		return;
	}
	s->cut = c;
	s->cut[s->n_cut++] = node;
}

static void violation(void *arg, xmlErrorPtr e)
{
	check_state *s = arg;
	xmlNodePtr node;
	char msg[SA_ERROR_MESSAGE_MAX], said[SA_ERROR_MESSAGE_MAX];
	unsigned long line = 0, column = 0;
	sa_error problem, *f;

	if (!e || e->level < XML_ERR_ERROR || s->nomem)
		return;
	node = e->node;
	/* An attribute's problem is its element's. */
	if (node && node->type == XML_ATTRIBUTE_NODE)
		node = node->parent;
	if (node && node->type != XML_ELEMENT_NODE)
		node = NULL;
	if (node) {
		line = sai_node_line(node);
		column = sai_node_column(node);
	}
	problem_message(node, e->message ? e->message : "invalid", msg,
			sizeof(msg));
	sai_libmsg(msg, said, sizeof(said));
	sai_error_set(&problem, SA_ERR_PACK, s->file, line, column, "%s",
		      said);
	if (node && node->parent && strstr(msg, "This element is not expected"))
		cut_later(s, node);
	if (already_found(s, &problem))
		return;
	sai_error_set_source(&problem, s->buf, s->len, line);
	if (!(f = realloc(s->found, (s->n_found + 1) * sizeof(*f)))) {
		s->nomem = 1;
		return;
	}
	s->found = f;
	s->found[s->n_found++] = problem;
}

static int by_position(const void *a, const void *b)
{
	const sa_error *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return 0;
}

/* Reads a pack file whole (packs are small; the loader has the same
 * limit). */
static sa_status read_pack(const char *path, char **buf, size_t *len,
			   sa_error *err)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	int bad;

	*buf = NULL;
	if (!f)
		return sai_error_set(err, SA_ERR_IO, path, 0, 0,
				     _("cannot open pack: %s"), strerror(errno));
	if (!(*buf = malloc(MAX_PACK_BYTES + 1))) {
		fclose(f);
		return sai_error_set(err, SA_ERR_NOMEM, path, 0, 0,
				     _("out of memory"));
	}
	n = fread(*buf, 1, MAX_PACK_BYTES + 1, f);
	bad = ferror(f);
	fclose(f);
	if (bad || n > MAX_PACK_BYTES) {
		free(*buf);
		*buf = NULL;
		return sai_error_set(err, bad ? SA_ERR_IO : SA_ERR_LIMIT,
				     path, 0, 0, "%s", bad ? _("cannot read pack")
				     : _("pack larger than 16 MiB: refused"));
	}
	(*buf)[n] = '\0';
	*len = n;
	return SA_OK;
}

/* The pack's tree, as the loader reads it (document mode, list items
 * marked). */
static sa_status parse_tree(const char *file, const char *buf, size_t len,
			    xmlDocPtr *doc, sa_error *err)
{
	sai_yaml_options yo;
	sai_yaml_reader *r;
	sa_status st;

	*doc = NULL;
	sai_yaml_options_default(&yo);
	yo.mark_items = 1;
	if ((st = sai_yaml_open_buffer(buf, len, file, &yo, &r, err)) != SA_OK)
		return st;
	st = sai_yaml_next_document(r, "pack", doc, err);
	if (st == SA_OK && !*doc)
		st = sai_error_set(err, SA_ERR_PACK, file, 1, 1,
				   _("empty pack"));
	sai_yaml_free(r);
	if (st != SA_OK && err)
		sai_error_set_source(err, buf, len, err->line);
	return st;
}

/* One pass; then the unexpected elements it found are taken out (and
 * freed), so that the next pass sees past them. */
static int validate_pass(check_state *s, xmlSchemaValidCtxtPtr ctx,
			 xmlDocPtr doc)
{
	size_t i;
	int rc;

	s->n_cut = 0;
	rc = xmlSchemaValidateDoc(ctx, doc);
	for (i = 0; i < s->n_cut; i++)
		sai_tree_drop(s->cut[i]);
	return rc;
}

#define MAX_PASSES 64

static sa_status validate(check_state *s, xmlDocPtr doc, void *schema,
			  sa_error *err)
{
	xmlSchemaValidCtxtPtr ctx = xmlSchemaNewValidCtxt(schema);
	int rc, pass = 0;

	if (!ctx)
		return sai_error_set(err, SA_ERR_NOMEM, s->file, 0, 0,
				     _("out of memory"));
	xmlSchemaSetValidStructuredErrors(ctx, violation, s);
	do
		rc = validate_pass(s, ctx, doc);
	while (rc > 0 && s->n_cut && !s->nomem && ++pass < MAX_PASSES);
	xmlSchemaFreeValidCtxt(ctx);
	if (s->nomem)
		return sai_error_set(err, SA_ERR_NOMEM, s->file, 0, 0,
				     _("out of memory"));
	/* A negative result is libxml2's own failure, not the pack's. */
	if (rc < 0)
		return sai_error_set(err, SA_ERR_INTERNAL, s->file, 0, 0,
				     _("the schema validation could not run"));
	if (rc > 0 && s->n_found == 0)
		return sai_error_set(err, SA_ERR_INTERNAL, s->file, 0, 0,
				     _("the pack is not valid, and libxml2 did "
				     "not say why"));
	if (s->n_found > 1)
		qsort(s->found, s->n_found, sizeof(*s->found), by_position);
	return SA_OK;
}

sa_status sa_pack_check_schema(const char *pack_file, const char *xsd_file,
			       sa_problem_fn fn, void *data, size_t *problems,
			       sa_error *err)
{
	check_state s;
	xmlDocPtr doc = NULL;
	void *schema = NULL;
	char *buf = NULL;
	size_t len = 0, i;
	sa_status st;

	memset(&s, 0, sizeof(s));
	if (problems)
		*problems = 0;
	if (!pack_file || !xsd_file)
		return sai_error_set(err, SA_ERR_USAGE, NULL, 0, 0,
				     _("a pack file and a schema are needed"));
	if ((st = sai_xml_schema_load(xsd_file, &schema, err)) != SA_OK ||
	    (st = read_pack(pack_file, &buf, &len, err)) != SA_OK ||
	    (st = parse_tree(pack_file, buf, len, &doc, err)) != SA_OK)
		goto out;
	s.file = pack_file;
	s.buf = buf;
	s.len = len;
	if ((st = validate(&s, doc, schema, err)) != SA_OK)
		goto out;
	for (i = 0; fn && i < s.n_found; i++)
		fn(data, &s.found[i]);
	if (problems)
		*problems = s.n_found;
out:
	free(s.found);
	free(s.cut);
	if (doc)
		sai_tree_free(doc);
	sai_xml_schema_free(schema);
	free(buf);
	return st;
}
