/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idset-internal.h - the station ids a run has seen, and where each was
 * first seen, in 16 bytes a slot (SA-DUPLICATE).
 *
 * An id is kept as the first 64 bits of its SHA-256 digest, not as text,
 * in a table at most three quarters full: a run of every village keeps
 * 660,000 ids in 16 MB.  Two different
 * ids share a key with a chance of about n^2 / 2^65 (10^-8 for 660,000),
 * and a dossier cannot be written to share the key of a given id (that is
 * a second preimage of SHA-256 cut to 64 bits).
 */
#ifndef SA_IDSET_INTERNAL_H
#define SA_IDSET_INTERNAL_H

#include <stdint.h>

typedef struct sai_idset sai_idset;

sai_idset *sai_idset_new(void);
void sai_idset_free(sai_idset *s);

/* Adds id, seen in file number file at line: 0 when it is new (kept),
 * 1 when it was seen before (*first_file and *first_line say where; the
 * set is unchanged), -1 out of memory.  Lines above 2^32 - 1 are kept as
 * that. */
int sai_idset_add(sai_idset *s, const char *id, uint32_t file,
		  unsigned long line, uint32_t *first_file,
		  unsigned long *first_line);

#endif
