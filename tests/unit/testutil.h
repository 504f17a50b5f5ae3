/* SPDX-License-Identifier: Apache-2.0 */
/*
 * testutil.h - what every Check unit test shares: a main() that runs the
 * suite a test file defines, and paths to the source tree.
 *
 * A test file defines  static Suite *make_suite(void)  and then writes
 * SAI_TEST_MAIN(make_suite).
 */
#ifndef SA_TESTUTIL_H
#define SA_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

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

#endif
