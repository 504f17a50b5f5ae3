/*
 * sha256-internal.h - SHA-256 (FIPS 180-4) for the provenance of every
 * file a run reads.  None of the fixed dependencies offers a digest.
 */
#ifndef SA_SHA256_INTERNAL_H
#define SA_SHA256_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct sai_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t used;
} sai_sha256;

void sai_sha256_init(sai_sha256 *c);
void sai_sha256_update(sai_sha256 *c, const void *data, size_t len);
/* Writes 64 lower-case hex digits and a NUL into hex. */
void sai_sha256_final_hex(sai_sha256 *c, char hex[65]);
/* The digest of a whole buffer, or of a file (returns -1 if unreadable). */
void sai_sha256_hex(const void *data, size_t len, char hex[65]);
int sai_sha256_file(const char *path, char hex[65]);

#endif
