/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keyset.c - the keys of one mapping (keyset-internal.h).
 */
#include "config.h"

#include "keyset-internal.h"

void sai_keyset_release(sai_keyset *ks)
{
	if (ks->big)
		xmlHashFree(ks->big, NULL);
	ks->big = NULL;
	ks->n = 0;
}

int sai_keyset_add(sai_keyset *ks, const xmlChar *key)
{
	size_t i;

	for (i = 0; i < ks->n && i < 32; i++)
		if (ks->small[i] == key)
			return 0;
	if (ks->n < 32) {
		ks->small[ks->n++] = key;
		return 1;
	}
	if (!ks->big && !(ks->big = xmlHashCreate(64)))
		return -1;
	if (xmlHashLookup(ks->big, key))
		return 0;
	if (xmlHashAddEntry(ks->big, key, (void *)ks) < 0)
		return -1;
	ks->n++;
	return 1;
}
