/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tree-internal.h - the record tree: how a dossier (YAML, JSON or XML)
 * becomes a libxml2 document, and where each node came from.
 *
 * Every loader builds its trees through sai_builder, which enforces the
 * limits (depth, nodes, text bytes) and records the source position of
 * every element.  The builder's trees live in an arena and are freed with
 * sai_tree_free, never with xmlFreeDoc; they are not changed once built.  The position lives in the node itself (line in
 * xmlNode.line, up to 65535, and the full line and column packed into
 * xmlNode._private), so it costs no allocation.
 *
 * YAML/JSON scalars keep their type: an element whose scalar is not a
 * plain string carries the attribute sa:type (namespace SAI_TREE_NS) with
 * one of "boolean", "integer", "float", "null", "date", "timestamp".
 * Plain strings carry none.  XML dossiers have no types.  The document's
 * _private holds its format name ("yaml", "json", "xml").
 */
#ifndef SA_TREE_INTERNAL_H
#define SA_TREE_INTERNAL_H

#include <libxml/tree.h>
#include "stationaudit.h"

#define SAI_TREE_NS "urn:stationaudit:tree"
#define SAI_TREE_NS_PREFIX "sa"

/* Limits for one record. */
typedef struct sai_tree_limits {
	unsigned max_depth;        /* nesting of elements */
	unsigned long max_nodes;   /* elements and text nodes */
	unsigned long max_text;    /* bytes of text in all */
} sai_tree_limits;

void sai_tree_limits_default(sai_tree_limits *lim);

/* Limits of an XML start tag, checked before libxml2 reads it (see
 * xmlguard-internal.h): attributes (namespace declarations among them)
 * on one tag, and namespace declarations in scope at once. */
#define SAI_TREE_MAX_ATTRS 256u
#define SAI_TREE_MAX_NS 256u

/* Position of an element as the loader recorded it (0 when unknown). */
unsigned long sai_node_line(const xmlNode *node);
unsigned long sai_node_column(const xmlNode *node);
void sai_node_set_position(xmlNode *node, unsigned long line,
			   unsigned long column);

/* Copies the recorded positions of a tree onto a copy of it, node by
 * node (libxml2's copies do not carry _private). */
void sai_tree_copy_positions(const xmlNode *from, xmlNode *to);

/* The YAML type of an element's scalar: "boolean", "integer", ... or
 * "string" for a plain string of a typed document, or "" when the
 * document is untyped (XML) or the node is not an element. */
const char *sai_node_type(const xmlNode *node);

/* What xmlGetNodePath gives for node ("/station/staff[3]/name"; free it
 * with xmlFree), without its walk over all the siblings at every step:
 * a finding for each of 60,000 list items cost time quadratic in the
 * list.  memo keeps, per depth, the last element whose place was
 * counted, so that nodes asked for in document order cost what lies
 * between them; clear it (memset 0) whenever the tree may have changed
 * (each record).  NULL without memory. */
#define SAI_PATH_DEPTH 32
typedef struct sai_path_memo {
	const xmlNode *node[SAI_PATH_DEPTH];
	unsigned long before[SAI_PATH_DEPTH];  /* same-name siblings before */
	unsigned long occur[SAI_PATH_DEPTH];   /* its [n], or 0: no [n] */
} sai_path_memo;
xmlChar *sai_node_path(const xmlNode *node, sai_path_memo *memo);
/* "yaml", "json", "xml" or NULL. */
const char *sai_doc_format(const xmlDoc *doc);

/* Frees a document: one the builder made (its nodes are in an arena, see
 * tree.c) or any other. */
void sai_tree_free(xmlDocPtr doc);
/* Unlinks a node of a document and frees it unless the arena does. */
void sai_tree_drop(xmlNodePtr node);
/* Marks a document (the builder's or another) as of a format: "yaml",
 * "json", "xml", "csv" or NULL for none. */
void sai_tree_set_format(xmlDocPtr doc, const char *format);

/* Builds one document element by element. */
typedef struct sai_builder {
	xmlDocPtr doc;
	struct sai_arena *arena;   /* the document's nodes */
	xmlNodePtr cur;            /* element being filled */
	xmlNsPtr ns;               /* sa: namespace, on the root */
	unsigned depth;
	unsigned long nodes;
	unsigned long text;
	sai_tree_limits limits;
} sai_builder;

/* Starts a document of the given format ("yaml", "json", "xml": a static
 * string). */
sa_status sai_builder_init(sai_builder *b, const char *format,
			   const sai_tree_limits *lim);
/* Opens a child element (the root when none is open).  name must be a
 * valid XML name; see sai_tree_element_name. */
sa_status sai_builder_start(sai_builder *b, const char *name,
			    unsigned long line, unsigned long column);
/* Puts the open element in namespace uri (with its prefix, or NULL for
 * a default namespace), declared on it: an element of another
 * vocabulary, which no rule's name matches and the contract refuses. */
sa_status sai_builder_ns(sai_builder *b, const char *prefix,
			 const char *uri);
/* Adds text to the open element. */
sa_status sai_builder_text(sai_builder *b, const char *text, size_t len);
/* Sets an attribute on the open element (ns: 1 for sa:, 0 for none). */
sa_status sai_builder_attr(sai_builder *b, int ns, const char *name,
			   const char *value);
/* The same for a name and value that live as long as the program (string
 * literals): the tree points at them instead of copying. */
sa_status sai_builder_attr_static(sai_builder *b, int ns, const char *name,
				  const char *value);
sa_status sai_builder_end(sai_builder *b);
/* Copies a finished subtree (an anchor's value) under the open element,
 * counting it against the limits. */
sa_status sai_builder_copy(sai_builder *b, const xmlNode *subtree);
/* Shares a dictionary with the document being built, so that element
 * names repeated over a stream of records are stored once. */
void sai_builder_use_dict(sai_builder *b, xmlDictPtr dict);
/* Hands the finished document to the caller. */
xmlDocPtr sai_builder_finish(sai_builder *b);
void sai_builder_release(sai_builder *b);

/* The element name a YAML key becomes: the key itself when it is a valid
 * XML NCName, else NULL (the caller then uses element "_" with attribute
 * sa:key holding the key). */
int sai_tree_name_ok(const char *key);

#endif
