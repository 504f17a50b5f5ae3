/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testutil.h - what every Check unit test shares: a main() that runs the
 * suite a test file defines, and paths to the source tree.
 *
 * A test file defines  static Suite *make_suite(void)  and then writes
 * SAI_TEST_MAIN(make_suite).  sai_test_tmpdir and sai_test_rmtree make
 * and remove a scratch folder (/tmp/sa-TAG-XXXXXX); sai_test_entries
 * counts what a folder holds.
 *
 * sai_check, sai_check_int_eq, sai_check_uint_eq and sai_check_str_eq
 * are for assertions in loops of thousands.  Check records the place of
 * every assertion that holds with a write(2) to its log, and a test that
 * asserts millions of times spends minutes under valgrind on those
 * writes alone; these record nothing until one fails, and then fail as
 * Check's own would, at the same line, with both values.
 */
#ifndef SA_TESTUTIL_H
#define SA_TESTUTIL_H

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SA_SRCDIR
#define SA_SRCDIR "."
#endif

#define SAI_TEST_MAIN(make)                                            \
	int main(void)                                                 \
	{                                                              \
		SRunner *sr = srunner_create(make());                  \
		int failed;                                            \
		srunner_run_all(sr, CK_NORMAL);                        \
		failed = srunner_ntests_failed(sr);                    \
		srunner_free(sr);                                      \
		return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;      \
	}

#define sai_check(expr)                                                \
	do {                                                           \
		if (!(expr))                                           \
			ck_abort_msg("Assertion '%s' failed", #expr);  \
	} while (0)
#define sai_check_int_eq(a, b)                                         \
	do {                                                           \
		intmax_t sai_x_ = (a), sai_y_ = (b);                   \
		if (sai_x_ != sai_y_)                                  \
			ck_abort_msg("Assertion '%s == %s' failed: "   \
				     "%jd != %jd", #a, #b, sai_x_,      \
				     sai_y_);                          \
	} while (0)
#define sai_check_uint_eq(a, b)                                        \
	do {                                                           \
		uintmax_t sai_x_ = (a), sai_y_ = (b);                  \
		if (sai_x_ != sai_y_)                                  \
			ck_abort_msg("Assertion '%s == %s' failed: "   \
				     "%ju != %ju", #a, #b, sai_x_,      \
				     sai_y_);                          \
	} while (0)
#define sai_check_str_eq(a, b)                                         \
	do {                                                           \
		const char *sai_x_ = (a), *sai_y_ = (b);               \
		if (!sai_x_ || !sai_y_ || strcmp(sai_x_, sai_y_))      \
			ck_abort_msg("Assertion '%s == %s' failed: "   \
				     "\"%s\" != \"%s\"", #a, #b,       \
				     sai_x_ ? sai_x_ : "(null)",       \
				     sai_y_ ? sai_y_ : "(null)");      \
	} while (0)

static inline void sai_test_tmpdir(char *dir, size_t size, const char *tag)
{
	snprintf(dir, size, "/tmp/sa-%s-XXXXXX", tag);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static inline void sai_test_rmtree(const char *dir)
{
	char cmd[4200];

	ck_assert_uint_lt(strlen(dir), sizeof(cmd) - 16);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The entries of dir but "." and ".."; hidden ones only when hidden. */
static inline size_t sai_test_entries(const char *dir, int hidden)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		     (hidden || e->d_name[0] != '.');
	closedir(d);
	return n;
}

#endif
