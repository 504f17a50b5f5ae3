/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keyset-internal.h - the keys of one mapping, to refuse duplicates.
 *
 * Keys are interned in the reader's dictionary (which the trees share for
 * element names), so a key is compared by pointer and costs no
 * allocation: a list for the usual handful, a hash table once a mapping
 * grows large.  Used by the YAML and JSON readers.
 */
#ifndef SA_KEYSET_INTERNAL_H
#define SA_KEYSET_INTERNAL_H

#include <stddef.h>
#include <libxml/hash.h>

typedef struct sai_keyset {
	const xmlChar *small[32];
	size_t n;
	xmlHashTablePtr big;
} sai_keyset;

#define SAI_KEYSET_INIT { { NULL }, 0, NULL }

void sai_keyset_release(sai_keyset *ks);
/* Adds an interned key: 1 new, 0 duplicate, -1 out of memory. */
int sai_keyset_add(sai_keyset *ks, const xmlChar *key);

#endif
