/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testfiles.h - files in the report unit tests: writing a dossier,
 * reading a report back whole, and reading a ZIP archive (an XLSX
 * workbook): its central directory, a member's raw deflate through zlib.
 * The functions are static, marked unused for the tests that need only
 * some of them.
 */
#ifndef SA_TESTFILES_H
#define SA_TESTFILES_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

static unsigned long le(const unsigned char *p, int n)
{
	unsigned long v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static char *inflate_raw(const unsigned char *src, size_t len, size_t out_len)
{
	char *out = malloc(out_len + 1);
	z_stream z;

	ck_assert_ptr_nonnull(out);
	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(inflateInit2(&z, -MAX_WBITS), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)src;
	z.avail_in = (uInt)len;
	z.next_out = (unsigned char *)out;
	z.avail_out = (uInt)out_len;
	ck_assert_int_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	inflateEnd(&z);
	out[out_len] = '\0';
	return out;
}

__attribute__((unused))
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

__attribute__((unused))
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The member called name of the archive zip (caller frees), found through
 * the central directory; NULL when there is none. */
__attribute__((unused))
static char *zip_member(const unsigned char *zip, size_t size,
			const char *name)
{
	const unsigned char *eocd = zip + size - 22, *cd;
	size_t i, n;

	ck_assert_msg(size >= 22 && !memcmp(eocd, "PK\5\6", 4),
		      "no end of central directory");
	n = le(eocd + 10, 2);
	cd = zip + le(eocd + 16, 4);
	for (i = 0; i < n; i++) {
		size_t nlen = le(cd + 28, 2), off = le(cd + 42, 4);
		const unsigned char *lh = zip + off;

		ck_assert(!memcmp(cd, "PK\1\2", 4) && !memcmp(lh, "PK\3\4", 4));
		if (nlen == strlen(name) && !memcmp(cd + 46, name, nlen)) {
			const unsigned char *data = lh + 30 + le(lh + 26, 2) +
						    le(lh + 28, 2);

			ck_assert_int_eq(le(cd + 10, 2), 8); /* deflate */
			return inflate_raw(data, le(cd + 20, 4),
					   le(cd + 24, 4));
		}
		cd += 46 + nlen + le(cd + 30, 2) + le(cd + 32, 2);
	}
	return NULL;
}

#endif
