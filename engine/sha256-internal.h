/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sha256-internal.h - SHA-256 (FIPS 180-4) digests, as 64 lower-case hex
 * digits, for the provenance of every file a run reads.
 */
#ifndef SA_SHA256_INTERNAL_H
#define SA_SHA256_INTERNAL_H

#include <stddef.h>

/* The digest of a whole buffer (hex receives 64 digits and a NUL; empty
 * on the impossible failure of the digest itself). */
void sai_sha256_hex(const void *data, size_t len, char hex[65]);
/* The digest of a file's bytes; -1 (and hex empty) when unreadable. */
int sai_sha256_file(const char *path, char hex[65]);

/* A digest taken piece by piece: begin (NULL without memory), add,
 * end (frees h; puts the hex digest in hex unless NULL; -1 on an
 * error, hex then ""). */
typedef struct sai_sha256 sai_sha256;
sai_sha256 *sai_sha256_begin(void);
void sai_sha256_add(sai_sha256 *h, const void *data, size_t len);
int sai_sha256_end(sai_sha256 *h, char hex[65]);

#endif
