/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idset-internal.h - the station ids a run has seen, and where each was
 * first seen (SA-DUPLICATE), in memory that does not grow with the run.
 *
 * An id is kept as the first 64 bits of its SHA-256 digest, not as text.
 * Two different ids share a key with a chance of about n^2 / 2^65 (10^-8
 * for 660,000), and a dossier cannot be written to share the key of a
 * given id (that is a second preimage of SHA-256 cut to 64 bits).
 *
 * The newest ids are in a table in memory; when it holds its bound, its
 * keys go, sorted, to an anonymous temporary file as one more sorted run,
 * and the run leaves in memory only a Bloom filter (10 bits a key) and the
 * first key of each block of 256.  An id is looked up in the table, then
 * in each run whose filter may hold it, with one read of a block.  Where
 * no temporary file can be made, the table grows instead: the answers
 * are the same either way.
 */
#ifndef SA_IDSET_INTERNAL_H
#define SA_IDSET_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct sai_idset sai_idset;

/* Ids the table holds before it is written out: a 64K-slot table, 1 MB. */
#define SAI_IDSET_HELD 49152

/* A set whose table holds at most held ids (at least 16; SIZE_MAX: never
 * written out), or NULL out of memory. */
sai_idset *sai_idset_new(size_t held);
void sai_idset_free(sai_idset *s);

/* Adds id, seen in file number file at line: 0 when it is new (kept),
 * 1 when it was seen before (*first_file and *first_line say where; the
 * set is unchanged), -1 out of memory.  Lines above 2^32 - 1 are kept as
 * that. */
int sai_idset_add(sai_idset *s, const char *id, uint32_t file,
		  unsigned long line, uint32_t *first_file,
		  unsigned long *first_line);

/* Sorted runs written to the temporary file so far (for tests). */
size_t sai_idset_runs(const sai_idset *s);

#endif
