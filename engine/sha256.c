/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sha256.c - SHA-256 digests for the provenance of every file a run reads,
 * through OpenSSL's libcrypto: it uses the CPU's SHA instructions where
 * there are some (a national audit hashes every dossier it reads).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "sha256-internal.h"
#include "banned.h"

static void to_hex(const unsigned char *md, unsigned int n, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < n && i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * i] = '\0';
}

/* The digest's implementation, fetched from the provider once.  Naming
 * EVP_sha256() at each digest makes OpenSSL 3 look it up again every
 * time (a store query under a lock that every worker shares); where the
 * fetch fails, that implicit look-up is still there to fall back on.  The
 * fetched method lives as long as the process. */
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
static EVP_MD *fetched;
static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;

static void fetch_sha256(void)
{
	fetched = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *sha256_md(void)
{
	if (pthread_once(&fetch_once, fetch_sha256) != 0 || !fetched)
		return EVP_sha256();
	return fetched;
}
#else
/* OpenSSL 1.1 has no provider store: EVP_sha256() is the method. */
static const EVP_MD *sha256_md(void)
{
	return EVP_sha256();
}
#endif

void sai_sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_Digest(data, len, md, &n, sha256_md(), NULL))
		n = 0;
	to_hex(md, n, hex);
}

struct sai_sha256 {
	EVP_MD_CTX *c;
	int ok;
};

sai_sha256 *sai_sha256_begin(void)
{
	sai_sha256 *h = malloc(sizeof(*h));

	if (!h)
		return NULL;
	h->c = EVP_MD_CTX_new();
	h->ok = h->c && EVP_DigestInit_ex(h->c, sha256_md(), NULL);
	return h;
}

void sai_sha256_add(sai_sha256 *h, const void *data, size_t len)
{
	if (h->ok && len)
		h->ok = EVP_DigestUpdate(h->c, data, len);
}

int sai_sha256_end(sai_sha256 *h, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int ok;

	if (!h)
		return -1;
	ok = h->ok && EVP_DigestFinal_ex(h->c, md, &n);
	EVP_MD_CTX_free(h->c);
	free(h);
	if (hex) {
		hex[0] = '\0';
		if (ok)
			to_hex(md, n, hex);
	}
	return ok ? 0 : -1;
}

int sai_sha256_file(const char *path, char hex[65])
{
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	FILE *f = c ? fopen(path, "rb") : NULL;
	unsigned int n = 0;
	size_t got;
	int ok;

	hex[0] = '\0';
	ok = f && EVP_DigestInit_ex(c, sha256_md(), NULL);
	while (ok && (got = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(c, buf, got);
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(c, md, &n);
	if (f)
		fclose(f);
	EVP_MD_CTX_free(c);
	if (!ok)
		return -1;
	to_hex(md, n, hex);
	return 0;
}
