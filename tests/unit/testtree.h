/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testtree.h - reading a record tree back in the reader unit tests: the
 * string value of an XPath on a document (the sa: namespace bound), and
 * ck_xp, which asserts it.
 */
#ifndef SA_TESTTREE_H
#define SA_TESTTREE_H

#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <libxml/xpathInternals.h>

#include "tree-internal.h"

/* The string value of expr on doc, or "(error)"; the caller frees it. */
static char *tree_xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	xmlChar *s;
	char *out;

	xmlXPathRegisterNs(ctx, (const xmlChar *)"sa",
			   (const xmlChar *)SAI_TREE_NS);
	o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	s = o ? xmlXPathCastToString(o) : NULL;
	out = strdup(s ? (const char *)s : "(error)");
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return out;
}

#define ck_xp(doc, expr, want)                                          \
	do {                                                            \
		char *got_ = tree_xp(doc, expr);                        \
		ck_assert_msg(!strcmp(got_, want), "%s: got '%s', want '%s'", \
			      expr, got_, want);                        \
		free(got_);                                             \
	} while (0)

#endif
