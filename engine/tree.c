/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tree.c - building record trees with limits and source positions.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "tree-internal.h"
#include "util-internal.h"

void sai_tree_limits_default(sai_tree_limits *lim)
{
	lim->max_depth = 100;
	lim->max_nodes = 200000;
	lim->max_text = 16ul * 1024 * 1024;
}

/*
 * The position is packed into _private: on 64-bit platforms the line in
 * the high 40 bits and the column in the low 24; on 32-bit ones the line
 * alone.  xmlNode.line keeps the line too (capped by libxml2 at 65535) so
 * that libxml2's own xmlGetLineNo agrees for small files.
 */
#if UINTPTR_MAX > 0xffffffffu
#define POS_COL_BITS 24
#else
#define POS_COL_BITS 0
#endif

void sai_node_set_position(xmlNode *node, unsigned long line,
			   unsigned long column)
{
	uintptr_t v;

	node->line = (unsigned short)(line > 65535 ? 65535 : line);
#if POS_COL_BITS
	if (column >= (1ul << POS_COL_BITS))
		column = 0;
	v = ((uintptr_t)line << POS_COL_BITS) | (uintptr_t)column;
#else
	(void)column;
	v = (uintptr_t)line;
#endif
	node->_private = (void *)v;
}

unsigned long sai_node_line(const xmlNode *node)
{
	uintptr_t v;

	if (!node)
		return 0;
	if (node->type != XML_ELEMENT_NODE)
		return node->parent ? sai_node_line(node->parent) : 0;
	v = (uintptr_t)node->_private;
	if (v)
		return (unsigned long)(v >> POS_COL_BITS);
	return node->line;
}

unsigned long sai_node_column(const xmlNode *node)
{
#if POS_COL_BITS
	if (!node)
		return 0;
	if (node->type != XML_ELEMENT_NODE)
		return node->parent ? sai_node_column(node->parent) : 0;
	return (unsigned long)((uintptr_t)node->_private &
			       ((1ul << POS_COL_BITS) - 1));
#else
	(void)node;
	return 0;
#endif
}

void sai_tree_copy_positions(const xmlNode *from, xmlNode *to)
{
	while (from && to) {
		if (from->type == XML_ELEMENT_NODE) {
			sai_node_set_position(to, sai_node_line(from),
					      sai_node_column(from));
			sai_tree_copy_positions(from->children, to->children);
		}
		from = from->next;
		to = to->next;
	}
}

/*
 * A tree the builder makes lives in an arena: every node, attribute,
 * namespace and text of it is carved from one sai_arena, found through
 * the document's _private, and nothing of it is freed alone.  Only
 * sai_tree_free frees such a document (xmlFreeDoc would hand arena blocks
 * to free()).  Record trees are read, never changed, after they are
 * built; copies of them (xmlDocCopyNode) are ordinary libxml2 trees.
 */
typedef struct doc_info {
	const char *format;
	sai_arena *arena;
} doc_info;

const char *sai_doc_format(const xmlDoc *doc)
{
	const doc_info *info = doc ? doc->_private : NULL;

	return info ? info->format : NULL;
}

void sai_tree_set_format(xmlDocPtr doc, const char *format)
{
	static const doc_info plain[] = {
		{ "yaml", NULL }, { "json", NULL }, { "xml", NULL },
		{ "csv", NULL },
	};
	doc_info *info = doc->_private;
	size_t i;

	if (info && info->arena) {
		info->format = format;
		return;
	}
	doc->_private = NULL;
	for (i = 0; format && i < sizeof(plain) / sizeof(plain[0]); i++)
		if (!strcmp(plain[i].format, format))
			doc->_private = (void *)(uintptr_t)&plain[i];
}

void sai_tree_drop(xmlNodePtr node)
{
	const doc_info *info = node->doc ? node->doc->_private : NULL;

	xmlUnlinkNode(node);
	if (!info || !info->arena)
		xmlFreeNode(node);
}

void sai_tree_free(xmlDocPtr doc)
{
	doc_info *info;
	sai_arena *a;

	if (!doc)
		return;
	info = doc->_private;
	if (!info || !info->arena) {
		xmlFreeDoc(doc);
		return;
	}
	a = info->arena;
	/* The document itself is libxml2's (its dictionary reference
	 * too); what hangs from it is the arena's. */
	doc->children = doc->last = NULL;
	doc->_private = NULL;
	xmlFreeDoc(doc);
	sai_arena_free(a);
}

/* ---- node paths --------------------------------------------------------- */

/* A sibling that counts for n's [n]: an element of n's name in no
 * namespace (n has none either: sai_node_path asks only then). */
static int same_name(const xmlNode *t, const xmlNode *n)
{
	return t->type == XML_ELEMENT_NODE && !t->ns &&
	       (t->name == n->name || xmlStrEqual(t->name, n->name));
}

/* n's [n] as xmlGetNodePath counts it: its place among the siblings of
 * its name, or 0 when it has none. */
static unsigned long occurrence(const xmlNode *n, size_t d,
				sai_path_memo *memo)
{
	const xmlNode *m = memo->node[d], *t;
	unsigned long before = 0, occur;

	if (m == n)
		return memo->occur[d];
	if (m && m->parent == n->parent && same_name(m, n)) {
		/* Resume from the last one counted, when n comes after it. */
		before = memo->before[d] + 1;
		for (t = m->next; t && t != n; t = t->next)
			before += same_name(t, n);
		if (!t)
			m = NULL;
	} else {
		m = NULL;
	}
	if (!m)
		for (before = 0, t = n->prev; t; t = t->prev)
			before += same_name(t, n);
	occur = before + 1;
	if (before == 0) {
		for (t = n->next; t && !same_name(t, n); t = t->next)
			;
		occur = t ? 1 : 0;
	}
	memo->node[d] = n;
	memo->before[d] = before;
	memo->occur[d] = occur;
	return occur;
}

xmlChar *sai_node_path(const xmlNode *node, sai_path_memo *memo)
{
	const xmlNode *chain[SAI_PATH_DEPTH], *n;
	size_t depth = 0, d;
	sai_strbuf sb;
	xmlChar *out;

	for (n = node; n && n->type == XML_ELEMENT_NODE && !n->ns &&
	     depth < SAI_PATH_DEPTH; n = n->parent)
		chain[depth++] = n;
	/* Anything else (an attribute, text, a namespace, a deep tree, the
	 * document) as libxml2 has it. */
	if (!node || !n || n->type != XML_DOCUMENT_NODE || !depth)
		return xmlGetNodePath(node);
	sai_strbuf_init(&sb);
	for (d = 0; d < depth; d++) {
		unsigned long occur;

		n = chain[depth - 1 - d];
		occur = occurrence(n, d, memo);
		sai_strbuf_addc(&sb, '/');
		sai_strbuf_adds(&sb, (const char *)n->name);
		if (occur)
			sai_strbuf_addf(&sb, "[%lu]", occur);
	}
	out = sb.failed ? NULL : xmlStrdup((const xmlChar *)sai_strbuf_str(&sb));
	sai_strbuf_release(&sb);
	return out;
}

const char *sai_node_type(const xmlNode *node)
{
	const char *fmt;
	const xmlAttr *a;

	if (!node || node->type != XML_ELEMENT_NODE)
		return "";
	fmt = sai_doc_format(node->doc);
	if (!fmt || !strcmp(fmt, "xml"))
		return "";
	for (a = node->properties; a; a = a->next) {
		if (a->ns && !strcmp((const char *)a->name, "type") &&
		    !strcmp((const char *)a->ns->href, SAI_TREE_NS) &&
		    a->children && a->children->content)
			return (const char *)a->children->content;
	}
	return "string";
}

int sai_tree_name_ok(const char *key)
{
	const unsigned char *p = (const unsigned char *)key;

	if (!key || !*key)
		return 0;
	/* The usual snake_case key settles fast; anything else (Chinese
	 * keys too) asks libxml2. */
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_') {
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		       *p == '.')
			p++;
		if (!*p)
			return p - (const unsigned char *)key <= 200;
	}
	if (strlen(key) > 200)
		return 0;
	return xmlValidateNCName((const xmlChar *)key, 0) == 0;
}

sa_status sai_builder_init(sai_builder *b, const char *format,
			   const sai_tree_limits *lim)
{
	sai_arena *a;
	doc_info *info;

	memset(b, 0, sizeof(*b));
	if (lim)
		b->limits = *lim;
	else
		sai_tree_limits_default(&b->limits);
	if (!(a = sai_arena_new()))
		return SA_ERR_NOMEM;
	if (!(info = sai_arena_alloc(a, sizeof(*info))) ||
	    !(b->doc = xmlNewDoc((const xmlChar *)"1.0"))) {
		sai_arena_free(a);
		return SA_ERR_NOMEM;
	}
	info->format = format;
	info->arena = a;
	b->doc->_private = info;
	b->arena = a;
	return SA_OK;
}

/* A name or value for the tree: from the document's dictionary when it
 * has one (names repeat over a stream), else a copy in the arena. */
static const xmlChar *tree_name(sai_builder *b, const char *name)
{
	if (b->doc->dict) {
		/* A loader's names mostly come from this dictionary
		 * already (YAML keys, the XML reader's names). */
		if (xmlDictOwns(b->doc->dict, (const xmlChar *)name) == 1)
			return (const xmlChar *)name;
		return xmlDictLookup(b->doc->dict, (const xmlChar *)name, -1);
	}
	return (const xmlChar *)sai_arena_strndup(b->arena, name,
						  strlen(name));
}

/* Appends child to parent's children (parent: an element or the
 * document). */
static void link_child(xmlNodePtr parent, xmlNodePtr child)
{
	child->parent = parent;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->children = child;
	parent->last = child;
}

void sai_builder_use_dict(sai_builder *b, xmlDictPtr dict)
{
	if (b->doc && dict && !b->doc->dict && xmlDictReference(dict) == 0)
		b->doc->dict = dict;
}

static sa_status count_node(sai_builder *b)
{
	if (++b->nodes > b->limits.max_nodes)
		return SA_ERR_LIMIT;
	return SA_OK;
}

sa_status sai_builder_start(sai_builder *b, const char *name,
			    unsigned long line, unsigned long column)
{
	xmlNodePtr n;

	if (b->depth >= b->limits.max_depth || count_node(b) != SA_OK)
		return SA_ERR_LIMIT;
	if (!b->cur && b->doc->children)
		return SA_ERR_INTERNAL;  /* a second root */
	n = sai_arena_alloc(b->arena, sizeof(*n));
	if (!n || !(n->name = tree_name(b, name)))
		return SA_ERR_NOMEM;
	n->type = XML_ELEMENT_NODE;
	n->doc = b->doc;
	sai_node_set_position(n, line, column);
	link_child(b->cur ? b->cur : (xmlNodePtr)b->doc, n);
	b->cur = n;
	b->depth++;
	return SA_OK;
}

sa_status sai_builder_ns(sai_builder *b, const char *prefix,
			 const char *uri)
{
	xmlNsPtr ns;

	if (!b->cur)
		return SA_ERR_INTERNAL;
	ns = sai_arena_alloc(b->arena, sizeof(*ns));
	if (!ns || !(ns->href = (xmlChar *)sai_arena_strndup(b->arena, uri,
							     strlen(uri))) ||
	    (prefix && !(ns->prefix = (xmlChar *)sai_arena_strndup(
				 b->arena, prefix, strlen(prefix)))))
		return SA_ERR_NOMEM;
	ns->type = XML_NAMESPACE_DECL;
	ns->next = b->cur->nsDef;
	b->cur->nsDef = ns;
	b->cur->ns = ns;
	return SA_OK;
}

sa_status sai_builder_text(sai_builder *b, const char *text, size_t len)
{
	xmlNodePtr t;

	if (!b->cur)
		return SA_ERR_INTERNAL;
	if (len == 0)
		return SA_OK;
	if (len > b->limits.max_text - b->text || b->text > b->limits.max_text)
		return SA_ERR_LIMIT;
	b->text += len;
	if (count_node(b) != SA_OK)
		return SA_ERR_LIMIT;
	t = b->cur->last;
	if (t && t->type == XML_TEXT_NODE) {
		/* Adjacent text merges, as xmlAddChild would merge it. */
		size_t old = strlen((const char *)t->content);
		char *c = sai_arena_alloc(b->arena, old + len + 1);

		if (!c)
			return SA_ERR_NOMEM;
		memcpy(c, t->content, old);
		memcpy(c + old, text, len);
		t->content = (xmlChar *)c;
		return SA_OK;
	}
	t = sai_arena_alloc(b->arena, sizeof(*t));
	if (!t || !(t->content = (xmlChar *)sai_arena_strndup(b->arena, text,
							       len)))
		return SA_ERR_NOMEM;
	t->type = XML_TEXT_NODE;
	t->name = xmlStringText;
	t->doc = b->doc;
	link_child(b->cur, t);
	return SA_OK;
}

/* Appends attribute name="value" (in namespace ns, or none) to el;
 * keep: name and value outlive the tree (static strings), no copy. */
static sa_status add_attr(sai_builder *b, xmlNodePtr el, xmlNsPtr ns,
			  const char *name, const char *value, int keep)
{
	xmlAttrPtr a = sai_arena_alloc(b->arena, sizeof(*a));
	xmlNodePtr t = sai_arena_alloc(b->arena, sizeof(*t));
	xmlAttrPtr *end;

	if (!a || !t)
		return SA_ERR_NOMEM;
	if (keep) {
		a->name = (const xmlChar *)name;
		t->content = (xmlChar *)(uintptr_t)value;
	} else if (!(a->name = tree_name(b, name)) ||
		   !(t->content = (xmlChar *)sai_arena_strndup(
			     b->arena, value, strlen(value)))) {
		return SA_ERR_NOMEM;
	}
	a->type = XML_ATTRIBUTE_NODE;
	a->doc = b->doc;
	a->ns = ns;
	a->parent = el;
	t->type = XML_TEXT_NODE;
	t->name = xmlStringText;
	t->doc = b->doc;
	t->parent = (xmlNodePtr)a;
	a->children = a->last = t;
	for (end = &el->properties; *end; end = &(*end)->next)
		a->prev = *end;
	*end = a;
	return SA_OK;
}

static xmlNsPtr builder_ns(sai_builder *b)
{
	xmlNodePtr root;

	if (b->ns)
		return b->ns;
	root = xmlDocGetRootElement(b->doc);
	if (!root || !(b->ns = sai_arena_alloc(b->arena, sizeof(*b->ns))))
		return NULL;
	b->ns->type = XML_NAMESPACE_DECL;
	b->ns->href = (const xmlChar *)SAI_TREE_NS;
	b->ns->prefix = (const xmlChar *)SAI_TREE_NS_PREFIX;
	b->ns->next = root->nsDef;
	root->nsDef = b->ns;
	return b->ns;
}

static sa_status builder_attr(sai_builder *b, int ns, const char *name,
			      const char *value, int keep)
{
	xmlNsPtr n = NULL;

	if (!b->cur)
		return SA_ERR_INTERNAL;
	if (ns && !(n = builder_ns(b)))
		return SA_ERR_NOMEM;
	if (count_node(b) != SA_OK)
		return SA_ERR_LIMIT;
	return add_attr(b, b->cur, n, name, value, keep);
}

sa_status sai_builder_attr(sai_builder *b, int ns, const char *name,
			   const char *value)
{
	return builder_attr(b, ns, name, value, 0);
}

sa_status sai_builder_attr_static(sai_builder *b, int ns, const char *name,
				  const char *value)
{
	return builder_attr(b, ns, name, value, 1);
}

sa_status sai_builder_end(sai_builder *b)
{
	if (!b->cur)
		return SA_ERR_INTERNAL;
	b->cur = b->cur->parent && b->cur->parent->type == XML_ELEMENT_NODE ?
		b->cur->parent : NULL;
	b->depth--;
	return SA_OK;
}

/* Counts the nodes of a subtree, stopping once the count passes limit. */
static unsigned long subtree_size(const xmlNode *n, unsigned long limit,
				  unsigned long *text)
{
	unsigned long count = 0;
	const xmlNode *c;
	const xmlAttr *a;

	if (n->type == XML_TEXT_NODE && n->content)
		*text += strlen((const char *)n->content);
	count = 1;
	for (a = n->properties; n->type == XML_ELEMENT_NODE && a; a = a->next)
		count++;
	for (c = n->children; c && count <= limit; c = c->next)
		count += subtree_size(c, limit - count, text);
	return count;
}

/* Copies n (an element or text) under the open element, in the arena;
 * an element keeps its line (not its column), as xmlDocCopyNode did. */
static sa_status copy_node(sai_builder *b, const xmlNode *n)
{
	const xmlAttr *a;
	const xmlNode *c;
	xmlNsPtr ns;
	sa_status st;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		const char *t = n->content ? (const char *)n->content : "";

		return sai_builder_text(b, t, strlen(t));
	}
	if (n->type != XML_ELEMENT_NODE)
		return SA_OK;
	if ((st = sai_builder_start(b, (const char *)n->name,
				    sai_node_line(n), 0)))
		return st;
	for (a = n->properties; a; a = a->next) {
		const char *v = a->children && a->children->content ?
			(const char *)a->children->content : "";

		ns = NULL;
		if (a->ns && !(ns = builder_ns(b)))
			return SA_ERR_NOMEM;
		if ((st = add_attr(b, b->cur, ns, (const char *)a->name, v,
				   0)))
			return st;
	}
	for (c = n->children; c; c = c->next)
		if ((st = copy_node(b, c)) != SA_OK)
			return st;
	return sai_builder_end(b);
}

sa_status sai_builder_copy(sai_builder *b, const xmlNode *subtree)
{
	unsigned long limit = b->limits.max_nodes - b->nodes, text = 0, n;
	unsigned long nodes0 = b->nodes, text0 = b->text;
	sai_tree_limits lim = b->limits;
	sa_status st;

	if (!b->cur)
		return SA_ERR_INTERNAL;
	n = subtree_size(subtree, limit, &text);
	if (n > limit || text > b->limits.max_text - b->text)
		return SA_ERR_LIMIT;
	/* The size is checked above (attributes count as nodes there): the
	 * copy runs with only the depth limit, then takes those counts. */
	b->limits.max_nodes = (unsigned long)-1;
	b->limits.max_text = (unsigned long)-1;
	st = copy_node(b, subtree);
	b->limits = lim;
	b->nodes = nodes0 + n;
	b->text = text0 + text;
	return st;
}

xmlDocPtr sai_builder_finish(sai_builder *b)
{
	xmlDocPtr d = b->doc;

	b->doc = NULL;
	b->cur = NULL;
	return d;
}

void sai_builder_release(sai_builder *b)
{
	sai_tree_free(b->doc);
	memset(b, 0, sizeof(*b));
}
