/*
 * tree.c - building record trees with limits and source positions.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tree-internal.h"
#include "banned.h"

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

const char *sai_doc_format(const xmlDoc *doc)
{
	return doc ? (const char *)doc->_private : NULL;
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
	memset(b, 0, sizeof(*b));
	if (lim)
		b->limits = *lim;
	else
		sai_tree_limits_default(&b->limits);
	b->doc = xmlNewDoc((const xmlChar *)"1.0");
	if (!b->doc)
		return SA_ERR_NOMEM;
	b->doc->_private = (void *)(uintptr_t)format;
	return SA_OK;
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
	n = xmlNewDocNode(b->doc, NULL, (const xmlChar *)name, NULL);
	if (!n)
		return SA_ERR_NOMEM;
	sai_node_set_position(n, line, column);
	if (b->cur)
		xmlAddChild(b->cur, n);
	else if (!xmlDocGetRootElement(b->doc))
		xmlDocSetRootElement(b->doc, n);
	else {
		xmlFreeNode(n);
		return SA_ERR_INTERNAL;
	}
	b->cur = n;
	b->depth++;
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
	t = xmlNewDocTextLen(b->doc, (const xmlChar *)text, (int)len);
	if (!t)
		return SA_ERR_NOMEM;
	if (!xmlAddChild(b->cur, t)) {
		xmlFreeNode(t);
		return SA_ERR_NOMEM;
	}
	return SA_OK;
}

static xmlNsPtr builder_ns(sai_builder *b)
{
	xmlNodePtr root;

	if (b->ns)
		return b->ns;
	root = xmlDocGetRootElement(b->doc);
	if (!root)
		return NULL;
	b->ns = xmlNewNs(root, (const xmlChar *)SAI_TREE_NS,
			 (const xmlChar *)SAI_TREE_NS_PREFIX);
	return b->ns;
}

sa_status sai_builder_attr(sai_builder *b, int ns, const char *name,
			   const char *value)
{
	xmlNsPtr n = NULL;

	if (!b->cur)
		return SA_ERR_INTERNAL;
	if (ns && !(n = builder_ns(b)))
		return SA_ERR_NOMEM;
	if (count_node(b) != SA_OK)
		return SA_ERR_LIMIT;
	if (!xmlNewNsProp(b->cur, n, (const xmlChar *)name,
			  (const xmlChar *)value))
		return SA_ERR_NOMEM;
	return SA_OK;
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

sa_status sai_builder_copy(sai_builder *b, const xmlNode *subtree)
{
	unsigned long limit = b->limits.max_nodes - b->nodes, text = 0, n;
	xmlNodePtr copy;

	if (!b->cur)
		return SA_ERR_INTERNAL;
	n = subtree_size(subtree, limit, &text);
	if (n > limit || text > b->limits.max_text - b->text)
		return SA_ERR_LIMIT;
	copy = xmlDocCopyNode((xmlNodePtr)subtree, b->doc, 1);
	if (!copy)
		return SA_ERR_NOMEM;
	if (!xmlAddChild(b->cur, copy)) {
		xmlFreeNode(copy);
		return SA_ERR_NOMEM;
	}
	b->nodes += n;
	b->text += text;
	return SA_OK;
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
	if (b->doc)
		xmlFreeDoc(b->doc);
	memset(b, 0, sizeof(*b));
}
