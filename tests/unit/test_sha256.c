/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sha256.c - the provenance digests: FIPS 180-4 test vectors for
 * buffers and files, and unreadable files; and the run's set of station
 * ids, keyed by digest (idset.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idset-internal.h"
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

/* Every id is new once and then names where it was first seen, across
 * the table's growth; ids that differ in one byte are told apart. */
START_TEST(ids)
{
	sai_idset *s = sai_idset_new(SIZE_MAX);
	char id[32];
	uint32_t file;
	unsigned long line;
	int i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 50000; i++) {
		snprintf(id, sizeof(id), "420302%03d-S%02d", i / 100, i % 100);
		sai_check_int_eq(sai_idset_add(s, id, (uint32_t)(i % 7),
					       (unsigned long)i + 1, &file,
					       &line), 0);
	}
	for (i = 0; i < 50000; i += 997) {
		snprintf(id, sizeof(id), "420302%03d-S%02d", i / 100, i % 100);
		file = 99;
		sai_check_int_eq(sai_idset_add(s, id, 9, 9, &file, &line), 1);
		sai_check_uint_eq(file, (uint32_t)(i % 7));
		sai_check_uint_eq(line, (unsigned long)i + 1);
	}
	sai_check_int_eq(sai_idset_add(s, "420302000-S0", 1, 1, &file, &line),
			 0);
	sai_check_int_eq(sai_idset_add(s, "x", 2, 5000000000ul, &file,
				       &line), 0);
	sai_check_int_eq(sai_idset_add(s, "x", 3, 1, &file, &line), 1);
	sai_check_uint_eq(line, 4294967295ul);
	sai_idset_free(s);
}
END_TEST

/* With a table of 1,000 ids, 50,000 ids go to the file as sorted runs:
 * every id is still new once, every repeat (in the table or in any run,
 * the oldest included) names where it was first seen, and ids never
 * added are not found; the answers are those of an unbounded set. */
START_TEST(ids_on_disk)
{
	sai_idset *s = sai_idset_new(1000), *all = sai_idset_new(SIZE_MAX);
	char id[32];
	uint32_t file, f2;
	unsigned long line, l2;
	int i;

	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(all);
	for (i = 0; i < 50000; i++) {
		snprintf(id, sizeof(id), "%012d-S%d", 420302000 + i * 7, i);
		sai_check_int_eq(sai_idset_add(s, id, (uint32_t)(i % 5),
					       (unsigned long)i + 1, &file,
					       &line), 0);
		sai_check_int_eq(sai_idset_add(all, id, 0, 1, &file, &line),
				 0);
	}
	ck_assert_uint_ge(sai_idset_runs(s), 49);
	for (i = 0; i < 50000; i++) {   /* each run's every block edge */
		snprintf(id, sizeof(id), "%012d-S%d", 420302000 + i * 7, i);
		file = 99;
		line = 0;
		sai_check_int_eq(sai_idset_add(s, id, 9, 9, &file, &line), 1);
		sai_check_uint_eq(file, (uint32_t)(i % 5));
		sai_check_uint_eq(line, (unsigned long)i + 1);
	}
	/* ids never added: the answer agrees with the unbounded set's */
	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "new-%d", i);
		sai_check_int_eq(sai_idset_add(s, id, 3, 7, &file, &line),
				 sai_idset_add(all, id, 3, 7, &f2, &l2));
	}
	snprintf(id, sizeof(id), "new-%d", 12345);
	sai_check_int_eq(sai_idset_add(s, id, 8, 8, &file, &line), 1);
	sai_check_uint_eq(file, 3);
	sai_check_uint_eq(line, 7);
	sai_idset_free(s);
	sai_idset_free(all);
}
END_TEST

/* Where no temporary file can be made, the table grows instead and the
 * answers stay the same. */
START_TEST(ids_no_tmpdir)
{
	sai_idset *s;
	char id[32];
	uint32_t file;
	unsigned long line;
	int i;

	sai_check_int_eq(setenv("TMPDIR", "/nonexistent/stationaudit", 1),
			 0);
	ck_assert_ptr_nonnull(s = sai_idset_new(100));
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "id-%d", i);
		sai_check_int_eq(sai_idset_add(s, id, 1, (unsigned long)i,
					       &file, &line), 0);
	}
	sai_check_uint_eq(sai_idset_runs(s), 0);
	snprintf(id, sizeof(id), "id-%d", 4321);
	sai_check_int_eq(sai_idset_add(s, id, 2, 2, &file, &line), 1);
	sai_check_uint_eq(line, 4321);
	sai_idset_free(s);
	unsetenv("TMPDIR");
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, vectors);
	tcase_add_test(tc, files);
	tcase_add_test(tc, ids);
	tcase_add_test(tc, ids_on_disk);
	tcase_add_test(tc, ids_no_tmpdir);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
