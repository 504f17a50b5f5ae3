/* SPDX-License-Identifier: Apache-2.0 */
/*
 * collect.c - the collection store.  A record keeps for the collection
 * rules only what they read: its root, the elements whose names those
 * rules use, whole where a rule reads their value and otherwise only down
 * to the named children (compile.c decides which, into collect_names).
 * The run copies each projection, in run order, into one arena document
 * whose element names come from one dictionary, and frees it at once: no
 * libxml2 node of its own, no copy of a name per record.
 */
#include "config.h"

#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/hash.h>

#include "collect-internal.h"
#include "pack-internal.h"
#include "source-internal.h"
#include "util-internal.h"

static const char *attr_value(const xmlAttr *a)
{
	return a->children && a->children->content ?
		(const char *)a->children->content : "";
}

/* How names keeps element el: SAI_KEEP_VALUE (whole), SAI_KEEP_STEP or
 * NULL (not at all); names NULL keeps everything whole. */
static void *keeps(const sa_pack *p, const xmlNode *el, int whole)
{
	void *how;

	if (whole || !p)
		return SAI_KEEP_VALUE;
	how = xmlHashLookup(p->collect_names, el->name);
	return how && p->collect_whole ? SAI_KEEP_VALUE : how;
}

/* Copies el under b's open element (as the root when none is open) with
 * its position, its attributes when p keeps them; its text too unless it is a record's root
 * (root); and the children p keeps, or every child when whole. */
static sa_status copy_kept(sai_builder *b, const sa_pack *p,
			   const xmlNode *el, int whole, int root)
{
	const xmlAttr *a;
	const xmlNode *c;
	sa_status st;
	void *how;

	st = sai_builder_start(b, (const char *)el->name, sai_node_line(el),
			       sai_node_column(el));
	/* Attributes (sa:type, sa:key) only a rule naming an attribute
	 * reads, and such a rule keeps records whole (compile.c). */
	for (a = !p || p->collect_whole ? el->properties : NULL;
	     a && st == SA_OK; a = a->next)
		st = sai_builder_attr(b, a->ns != NULL, (const char *)a->name,
				      attr_value(a));
	for (c = el->children; c && st == SA_OK; c = c->next) {
		if ((c->type == XML_TEXT_NODE ||
		     c->type == XML_CDATA_SECTION_NODE) && !root)
			st = sai_builder_text(b, c->content ?
					      (const char *)c->content : "",
					      c->content ?
					      strlen((const char *)c->content) :
					      0);
		else if (c->type == XML_ELEMENT_NODE &&
			 (how = keeps(p, c, whole)))
			st = copy_kept(b, p, c, how == SAI_KEEP_VALUE, 0);
	}
	if (st == SA_OK && root)
		return SA_OK;  /* the caller adds sa:file, then ends it */
	return st == SA_OK ? sai_builder_end(b) : st;
}

/* No limits: the records were read within theirs. */
static sa_status unlimited(sai_builder *b)
{
	sai_tree_limits lim = { (unsigned)-1, (unsigned long)-1,
				(unsigned long)-1 };

	return sai_builder_init(b, NULL, &lim);
}

/* How far the text under n goes on matching v from v[at] (the string
 * value XPath compares, text and CDATA in document order): the new
 * position, or (size_t)-1 when it departs from v. */
static size_t prefix_walk(const xmlNode *n, const char *v, size_t at)
{
	const xmlNode *c;
	const char *s;

	for (c = n->children; c && at != (size_t)-1 && v[at]; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			at = prefix_walk(c, v, at);
			continue;
		}
		if (c->type != XML_TEXT_NODE &&
		    c->type != XML_CDATA_SECTION_NODE)
			continue;
		for (s = c->content ? (const char *)c->content : "";
		     *s && v[at]; s++, at++)
			if (*s != v[at])
				return (size_t)-1;
	}
	return at;
}

/* 1 when the string value of element code starts with one of the
 * pack's prefixes. */
static int code_in_scope(const sa_pack *p, const xmlNode *code)
{
	const char *v;
	size_t i, at;

	for (i = 0; i < p->collect_prefixes.count; i++) {
		v = p->collect_prefixes.items[i];
		if ((at = prefix_walk(code, v, 0)) != (size_t)-1 && !v[at])
			return 1;
	}
	return 0;
}

/* 1 when some judged collection rule may read the record at root: a
 * region/code of it (the projection keeps them all, by name) starts with
 * one of the pack's prefixes, or the rules may read any record. */
static int in_scope(const sa_pack *p, const xmlNode *root)
{
	const xmlNode *r, *c;

	if (p->collect_unfiltered)
		return 1;
	for (r = root->children; r; r = r->next) {
		if (r->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(r->name, BAD_CAST "region"))
			continue;
		for (c = r->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(c->name, BAD_CAST "code") &&
			    code_in_scope(p, c))
				return 1;
	}
	return 0;
}

/* A record no rule reads keeps its place among the records only (the
 * others' positions, and so the findings' paths, stay): its root's name
 * in a plain document, without an arena's first chunk. */
static sa_status placeholder(const xmlNode *root, xmlDocPtr *out)
{
	xmlDocPtr d = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr n = d ? xmlNewDocNode(d, NULL, root->name, NULL) : NULL;

	if (!n) {
		xmlFreeDoc(d);
		return SA_ERR_NOMEM;
	}
	xmlDocSetRootElement(d, n);
	*out = d;
	return SA_OK;
}

sa_status sai_collect_project(const sa_pack *p, const sa_record *rec,
			      xmlDocPtr *out)
{
	xmlNodePtr root = rec->doc ? xmlDocGetRootElement(rec->doc) : NULL;
	sai_builder b;
	sa_status st;

	*out = NULL;
	if (!p->collect_any || !root)
		return SA_OK;
	if (!in_scope(p, root))
		return placeholder(root, out);
	if ((st = unlimited(&b)) != SA_OK)
		return st;
	if ((st = copy_kept(&b, p, root, 0, 1)) == SA_OK &&
	    (st = sai_builder_attr(&b, 1, "file", rec->file)) == SA_OK &&
	    (st = sai_builder_end(&b)) == SA_OK)
		*out = sai_builder_finish(&b);
	sai_builder_release(&b);
	return st;
}

sa_status sai_collection_init(sai_collection *c)
{
	xmlDictPtr dict;
	sa_status st;

	memset(c, 0, sizeof(*c));
	if ((st = unlimited(&c->b)) != SA_OK)
		return st;
	/* Names repeat in every record: one copy each for the run. */
	if (!(dict = xmlDictCreate())) {
		sai_builder_release(&c->b);
		return SA_ERR_NOMEM;
	}
	sai_builder_use_dict(&c->b, dict);
	xmlDictFree(dict);
	if ((st = sai_builder_start(&c->b, "records", 0, 0)) != SA_OK) {
		sai_builder_release(&c->b);
		return st;
	}
	c->started = 1;
	return SA_OK;
}

sa_status sai_collection_add(sai_collection *c, xmlDocPtr proj)
{
	xmlNodePtr root = proj ? xmlDocGetRootElement(proj) : NULL;

	if (!c->started)
		return SA_ERR_INTERNAL;
	return root ? copy_kept(&c->b, NULL, root, 1, 0) : SA_OK;
}

xmlDocPtr sai_collection_doc(const sai_collection *c)
{
	return c->started ? c->b.doc : NULL;
}

void sai_collection_release(sai_collection *c)
{
	if (c->started)
		sai_builder_release(&c->b);
	memset(c, 0, sizeof(*c));
}
