/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlguard-internal.h - a cheap look at XML bytes before libxml2 parses
 * them: start tags with too many attributes, and too many namespace
 * declarations in scope, are refused there.
 *
 * libxml2 (2.9) checks a start tag's attributes for duplicates pair by
 * pair and looks each prefix up along every namespace declaration in
 * scope, so its time grows with the square of what one tag holds
 * (100,000 attributes: 17 s) before any SAX event comes.  The guard
 * counts the '=' of each start tag outside quoted values, comments,
 * CDATA sections, processing instructions and declarations, fed the
 * input a piece at a time (state carries over piece boundaries), and
 * says where the first tag over a limit starts.  It does not check that
 * the input is well-formed: that is the parser's job, after it.
 */
#ifndef SA_XMLGUARD_INTERNAL_H
#define SA_XMLGUARD_INTERNAL_H

#include <stddef.h>

#include "tree-internal.h"

typedef enum sai_guard_verdict {
	SAI_GUARD_OK = 0,
	SAI_GUARD_ATTRS,          /* a start tag with more than max_attrs */
	SAI_GUARD_NS              /* more than max_ns declarations in scope */
} sai_guard_verdict;

typedef struct sai_guard_scope {
	unsigned long depth;       /* the element that declares them */
	unsigned n;                /* how many */
} sai_guard_scope;

typedef struct sai_xml_guard {
	unsigned max_attrs, max_ns;
	int state, sub;            /* where the scan is (see xmlguard.c) */
	char quote;                /* of the value being read */
	unsigned char name;        /* the attribute name read so far */
	unsigned char slash;       /* the tag's last byte was '/' */
	unsigned attrs, ns;        /* the current start tag's */
	unsigned long depth;       /* open elements */
	unsigned long in_scope;    /* namespace declarations of open ones */
	size_t n_scope;
	unsigned long line, col;   /* at the piece's start: col counts the
				    * characters of its line before it */
	const char *tag;           /* the start tag's '<' in this piece */
	unsigned long tag_line, tag_col;  /* its place (col from 1) */
	sai_guard_verdict verdict;
	sai_guard_scope scope[SAI_TREE_MAX_NS];  /* last: not cleared */
} sai_xml_guard;

/* Starts a scan of a document; max_ns is at most SAI_TREE_MAX_NS. */
void sai_xml_guard_init(sai_xml_guard *g, unsigned max_attrs,
			unsigned max_ns);

/* 0 when the whole document doc cannot hold a tag over the limits: it
 * has no more '=' than they allow (every attribute and namespace
 * declaration has one), so that it need not be scanned. */
int sai_xml_guard_needed(const sai_xml_guard *g, const char *doc,
			 size_t len);

/* Scans the next n bytes of the document.  SAI_GUARD_OK, or the verdict
 * on the first tag over a limit: then g->tag_line and g->tag_col say
 * where its '<' stands (line from 1, column in characters from 1), and
 * *safe how many of these n bytes come before it (0 when the tag began
 * in an earlier piece).  A verdict stays: later calls return it. */
sai_guard_verdict sai_xml_guard_scan(sai_xml_guard *g, const char *p,
				     size_t n, size_t *safe);

#endif
