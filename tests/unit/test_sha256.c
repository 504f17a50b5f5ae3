/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sha256.c - the provenance digests: FIPS 180-4 test vectors for
 * buffers and files, and unreadable files.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256-internal.h"
#include "testutil.h"

START_TEST(vectors)
{
	char hex[65];

	sai_sha256_hex("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
			 "27ae41e4649b934ca495991b7852b855");
	sai_sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
			 "b00361a396177a9cb410ff61f20015ad");
	sai_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		       56, hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039"
			 "a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(files)
{
	char path[64], hex[65];
	char *million = malloc(1000000);
	FILE *f;

	ck_assert_ptr_nonnull(million);
	memset(million, 'a', 1000000);
	snprintf(path, sizeof(path), "/tmp/sa-sha-%ld", (long)getpid());
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(million, 1, 1000000, f), 1000000);
	fclose(f);
	/* More than one read buffer. */
	ck_assert_int_eq(sai_sha256_file(path, hex), 0);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
			 "f1809a48a497200e046d39ccc7112cd0");
	unlink(path);
	free(million);
	ck_assert_int_eq(sai_sha256_file("/nonexistent/x", hex), -1);
	ck_assert_str_eq(hex, "");
	ck_assert_int_eq(sai_sha256_file("/", hex), -1);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, vectors);
	tcase_add_test(tc, files);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
