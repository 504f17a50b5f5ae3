/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suppose-internal.h - a field supposed into a record for a moment: the
 * elements of a path, and the value, linked into the record tree while an
 * expression is evaluated and unlinked after.  The nodes live in the
 * caller's sai_supposed (no allocation, nothing added to the document's
 * dictionary, which a stream of records may share), so the record is as
 * it was once sai_suppose_undo has run.
 */
#ifndef SA_SUPPOSE_INTERNAL_H
#define SA_SUPPOSE_INTERNAL_H

#include <libxml/tree.h>

#define SAI_SUPPOSE_DEPTH 8        /* elements of one path */
#define SAI_SUPPOSE_NAMES 256      /* bytes of their names */

typedef struct sai_supposed {
	xmlNode el[SAI_SUPPOSE_DEPTH];
	xmlNode text;
	char names[SAI_SUPPOSE_NAMES];
	xmlNodePtr top;            /* the first node linked, NULL: none */
} sai_supposed;

/* Links under root the elements of path (element names joined by '/',
 * from root) with value as the last one's text.  The steps the record
 * gives already are followed (their first element of that name), except
 * the last, which is always a new element after its siblings, so that an
 * empty field given is outnumbered, not changed.  Returns 0, or -1 when
 * path is not of that shape or too long (nothing is linked then).  The
 * suppositions of one tree are undone in the reverse order. */
int sai_suppose(sai_supposed *s, xmlNodePtr root, const char *path,
		const char *value);
/* Unlinks what sai_suppose linked (nothing when it failed). */
void sai_suppose_undo(sai_supposed *s);

#endif
