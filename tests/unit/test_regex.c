/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_regex.c - the PCRE2 adapter: Unicode, flags, limits, errors, the
 * parent/child cache and replacement.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "regex-internal.h"
#include "testutil.h"

static sai_regex_cache *cache;

static void setup(void)
{
	cache = sai_regex_cache_new(NULL);
	ck_assert_ptr_nonnull(cache);
}

static void teardown(void)
{
	sai_regex_cache_free(cache);
	cache = NULL;
}

/* Matches s against (pattern, flags); the pattern must compile. */
static int match(const char *pattern, const char *flags, const char *s)
{
	sai_regex_error err;
	const sai_regex *re = sai_regex_cache_get(cache, pattern, flags, &err);

	ck_assert_msg(re != NULL, "%s: %s", pattern, err.message);
	return sai_regex_match(cache, re, s, strlen(s), NULL);
}

/* ---- matching ----------------------------------------------------------- */

START_TEST(plain_match)
{
	ck_assert_int_eq(match("abc", NULL, "xxabcxx"), 1);
	ck_assert_int_eq(match("^abc$", "", "xxabcxx"), 0);
	ck_assert_int_eq(match("", NULL, ""), 1);
	ck_assert_int_eq(match("^$", NULL, ""), 1);
	ck_assert_int_eq(match("^[0-9]{6}$", NULL, "420303"), 1);
	ck_assert_int_eq(match("^[0-9]{6}$", NULL, "42030"), 0);
}
END_TEST

START_TEST(chinese_text)
{
	ck_assert_int_eq(match("社工站$", NULL, "十堰市张湾区社工站"), 1);
	ck_assert_int_eq(match("社工站$", NULL, "社工站（筹）"), 0);
	ck_assert_int_eq(match("^\\p{Han}+$", NULL, "社会工作服务站"), 1);
	ck_assert_int_eq(match("^\\p{Han}+$", NULL, "社工站A"), 0);
	ck_assert_int_eq(match("^\\p{Han}+$", NULL, ""), 0);
	/* One Chinese character is one '.', not three bytes. */
	ck_assert_int_eq(match("^...$", NULL, "社工站"), 1);
	ck_assert_int_eq(match("^.{9}$", NULL, "社工站"), 0);
	ck_assert_int_eq(match("^[社工]+站$", NULL, "社工工站"), 1);
}
END_TEST

START_TEST(ucp_classes)
{
	/* Under PCRE2_UCP \d is any decimal digit, \w any letter. */
	ck_assert_int_eq(match("^\\d+$", NULL, "１２３"), 1);
	ck_assert_int_eq(match("^\\d+$", NULL, "123"), 1);
	ck_assert_int_eq(match("^\\d+$", NULL, "一二三"), 0);
	ck_assert_int_eq(match("^\\w+$", NULL, "社工站abc"), 1);
	ck_assert_int_eq(match("^[[:alpha:]]+$", NULL, "社工"), 1);
	ck_assert_int_eq(match("\\s", NULL, "社工\xe3\x80\x80站"), 1);
}
END_TEST

START_TEST(flag_letters)
{
	ck_assert_int_eq(match("^abc$", "i", "ABC"), 1);
	ck_assert_int_eq(match("^abc$", NULL, "ABC"), 0);
	ck_assert_int_eq(match("^a.c$", NULL, "a\nc"), 0);
	ck_assert_int_eq(match("^a.c$", "s", "a\nc"), 1);
	ck_assert_int_eq(match("^c$", NULL, "a\nc"), 0);
	ck_assert_int_eq(match("^c$", "m", "a\nc"), 1);
	ck_assert_int_eq(match("^a b c$", "x", "abc"), 1);
	ck_assert_int_eq(match("^a b c$", NULL, "abc"), 0);
	ck_assert_int_eq(match("^A.C$", "xsmi", "a\nc"), 1);
}
END_TEST

START_TEST(unknown_flag)
{
	sai_regex_error err;

	ck_assert_ptr_null(sai_regex_cache_get(cache, "a", "ig", &err));
	ck_assert_ptr_nonnull(strstr(err.message, "flag 'g'"));
	ck_assert_ptr_null(sai_regex_cache_get(cache, "a", "I", NULL));
}
END_TEST

START_TEST(length_is_honoured)
{
	const sai_regex *re = sai_regex_cache_get(cache, "^ab$", NULL, NULL);
	static const char nul[] = "a\0b";

	ck_assert_int_eq(sai_regex_match(cache, re, "abc", 2, NULL), 1);
	ck_assert_int_eq(sai_regex_match(cache, re, "abc", 3, NULL), 0);
	re = sai_regex_cache_get(cache, "^a\\x00b$", NULL, NULL);
	ck_assert_int_eq(sai_regex_match(cache, re, nul, 3, NULL), 1);
	re = sai_regex_cache_get(cache, "^$", NULL, NULL);
	ck_assert_int_eq(sai_regex_match(cache, re, NULL, 0, NULL), 1);
}
END_TEST

START_TEST(match_data_grows)
{
	const char *why = NULL;
	const sai_regex *one = sai_regex_cache_get(cache, "(a)", NULL, NULL);
	const sai_regex *many = sai_regex_cache_get(cache,
		"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(q)(r)(s)(t)",
		NULL, NULL);
	char *r;

	ck_assert_int_eq(sai_regex_match(cache, one, "a", 1, NULL), 1);
	ck_assert_int_eq(sai_regex_match(cache, many,
					 "abcdefghijklmnopqrst", 20, NULL), 1);
	r = sai_regex_replace(cache, many, "abcdefghijklmnopqrst", 20,
			      "$20$19$1", &why);
	ck_assert_str_eq(r, "tsa");
	free(r);
	ck_assert_int_eq(sai_regex_match(cache, one, "b", 1, NULL), 0);
}
END_TEST

/* ---- limits and bad subjects --------------------------------------------- */

START_TEST(catastrophic_backtracking_hits_limit)
{
	static const char subject[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";
	const sai_regex *re = sai_regex_cache_get(cache, "^(a+)+$", NULL,
						  NULL);
	const char *why = NULL;
	time_t start = time(NULL);
	char *r;

	ck_assert_ptr_nonnull(re);
	ck_assert_int_eq(sai_regex_match(cache, re, subject,
					 strlen(subject), &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "limit"));
	/* It fails fast, not after the 2^37 steps a full search needs. */
	ck_assert_int_le(time(NULL) - start, 5);
	why = NULL;
	r = sai_regex_replace(cache, re, subject, strlen(subject), "x", &why);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(why, "limit"));
	/* The cache still works afterwards. */
	ck_assert_int_eq(sai_regex_match(cache, re, "aaaa", 4, NULL), 1);
}
END_TEST

START_TEST(deep_recursion_hits_limit)
{
	const sai_regex *re = sai_regex_cache_get(cache, "^(\\((?1)*\\))$",
						  NULL, NULL);
	const char *why = NULL;
	size_t n = 200000;
	char *s = malloc(2 * n);
	size_t i;

	ck_assert_ptr_nonnull(re);
	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++) {
		s[i] = '(';
		s[n + i] = ')';
	}
	ck_assert_int_eq(sai_regex_match(cache, re, s, 2 * n, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "limit"));
	free(s);
	ck_assert_int_eq(sai_regex_match(cache, re, "(())", 4, NULL), 1);
}
END_TEST

START_TEST(invalid_utf8_subject)
{
	const sai_regex *re = sai_regex_cache_get(cache, "社", NULL, NULL);
	const char *why = NULL;

	ck_assert_int_eq(sai_regex_match(cache, re, "\xff\xfe", 2, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "UTF-8"));
	why = NULL;
	/* A character cut in half (the first two bytes of 社). */
	ck_assert_int_eq(sai_regex_match(cache, re, "\xe7\xa4", 2, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "UTF-8"));
	/* An overlong encoding of '/'. */
	ck_assert_int_eq(sai_regex_match(cache, re, "\xc0\xaf", 2, NULL), -1);
	why = NULL;
	ck_assert_ptr_null(sai_regex_replace(cache, re, "\xff", 1, "x",
					     &why));
	ck_assert_ptr_nonnull(strstr(why, "UTF-8"));
}
END_TEST

/* ---- bad patterns -------------------------------------------------------- */

START_TEST(bad_pattern_offsets)
{
	sai_regex_error err;

	ck_assert_ptr_null(sai_regex_cache_get(cache, "a(b", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "missing closing "
				     "parenthesis"));
	ck_assert_uint_eq(err.offset, 3);
	ck_assert_ptr_null(sai_regex_cache_get(cache, "ab[z-a]", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "range out of order"));
	ck_assert_uint_eq(err.offset, 5);
	ck_assert_ptr_null(sai_regex_cache_get(cache, "社工站\\", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "\\ at end of pattern"));
	ck_assert_uint_eq(err.offset, 10);
	ck_assert_ptr_null(sai_regex_cache_get(cache, "x{2,1}", NULL, &err));
	ck_assert_uint_eq(err.offset, 5);
	ck_assert_ptr_null(sai_regex_cache_get(cache, "*a", NULL, &err));
	ck_assert_uint_eq(err.offset, 0);
	/* An error without a place to report it is still an error. */
	ck_assert_ptr_null(sai_regex_cache_get(cache, "(", NULL, NULL));
	/* A failed pattern is not cached as good. */
	ck_assert_ptr_null(sai_regex_cache_get(cache, "a(b", NULL, &err));
}
END_TEST

START_TEST(bad_pattern_utf8)
{
	sai_regex_error err;

	ck_assert_ptr_null(sai_regex_cache_get(cache, "ab\xff", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "UTF-8"));
	ck_assert_uint_eq(err.offset, 2);
}
END_TEST

START_TEST(backslash_c_refused)
{
	sai_regex_error err;

	/* \C matches one byte and could split a UTF-8 character. */
	ck_assert_ptr_null(sai_regex_cache_get(cache, "a\\Cb", NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.message, "\\C"));
}
END_TEST

START_TEST(null_arguments)
{
	sai_regex_error err;
	const char *why = NULL;

	ck_assert_ptr_null(sai_regex_cache_get(cache, NULL, NULL, &err));
	ck_assert_ptr_null(sai_regex_cache_get(NULL, "a", NULL, &err));
	ck_assert_int_eq(sai_regex_match(cache, NULL, "a", 1, &why), -1);
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_null(sai_regex_replace(cache, NULL, "a", 1, "b", NULL));
	ck_assert_ptr_null(sai_regex_pattern(NULL));
	sai_regex_cache_free(NULL);
}
END_TEST

/* ---- the cache ----------------------------------------------------------- */

START_TEST(cache_reuses_patterns)
{
	const sai_regex *a = sai_regex_cache_get(cache, "社工站$", NULL, NULL);
	const sai_regex *b = sai_regex_cache_get(cache, "社工站$", "", NULL);
	const sai_regex *c = sai_regex_cache_get(cache, "社工站$", "i", NULL);
	const sai_regex *d = sai_regex_cache_get(cache, "x", "si", NULL);
	const sai_regex *e = sai_regex_cache_get(cache, "x", "is", NULL);
	const sai_regex *f = sai_regex_cache_get(cache, "x", "iss", NULL);

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_ne(a, c);
	ck_assert_ptr_eq(d, e);
	ck_assert_ptr_eq(d, f);
	ck_assert_str_eq(sai_regex_pattern(a), "社工站$");
	ck_assert_str_eq(sai_regex_pattern(c), "社工站$");
}
END_TEST

START_TEST(child_reads_parent)
{
	sai_regex_cache *child = sai_regex_cache_new(cache);
	sai_regex_cache *grandchild;
	const sai_regex *p, *c, *g;

	ck_assert_ptr_nonnull(child);
	p = sai_regex_cache_get(cache, "^\\p{Han}+$", NULL, NULL);
	/* The child finds the parent's compiled pattern... */
	c = sai_regex_cache_get(child, "^\\p{Han}+$", NULL, NULL);
	ck_assert_ptr_eq(p, c);
	/* ...and matches it with its own match data. */
	ck_assert_int_eq(sai_regex_match(child, c, "社工", 6, NULL), 1);
	ck_assert_int_eq(sai_regex_match(child, c, "ab", 2, NULL), 0);
	grandchild = sai_regex_cache_new(child);
	ck_assert_ptr_nonnull(grandchild);
	g = sai_regex_cache_get(grandchild, "^\\p{Han}+$", NULL, NULL);
	ck_assert_ptr_eq(p, g);
	sai_regex_cache_free(grandchild);
	sai_regex_cache_free(child);
	/* The parent's pattern outlives its children. */
	ck_assert_int_eq(sai_regex_match(cache, p, "站", 3, NULL), 1);
}
END_TEST

START_TEST(child_never_changes_parent)
{
	sai_regex_cache *child = sai_regex_cache_new(cache);
	const sai_regex *c, *c2, *p;

	ck_assert_ptr_nonnull(child);
	c = sai_regex_cache_get(child, "only-in-child", NULL, NULL);
	c2 = sai_regex_cache_get(child, "only-in-child", NULL, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_eq(c, c2);
	/* The parent compiles its own copy: the child's went into the
	 * child. */
	p = sai_regex_cache_get(cache, "only-in-child", NULL, NULL);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_ne(p, c);
	/* Now that both hold it, the child finds the parent's: the parent
	 * is looked up first. */
	ck_assert_ptr_eq(sai_regex_cache_get(child, "only-in-child", NULL,
					     NULL), p);
	sai_regex_cache_free(child);
	ck_assert_int_eq(sai_regex_match(cache, p, "only-in-child", 13, NULL),
			 1);
}
END_TEST

/* ---- replace ------------------------------------------------------------- */

static char *replace(const char *pattern, const char *flags, const char *s,
		     const char *repl)
{
	const sai_regex *re = sai_regex_cache_get(cache, pattern, flags, NULL);

	ck_assert_ptr_nonnull(re);
	return sai_regex_replace(cache, re, s, strlen(s), repl, NULL);
}

#define CHECK_REPLACE(pat, flags, s, repl, want)                      \
	do {                                                           \
		char *r_ = replace((pat), (flags), (s), (repl));       \
		ck_assert_ptr_nonnull(r_);                             \
		ck_assert_str_eq(r_, (want));                          \
		free(r_);                                              \
	} while (0)

START_TEST(replace_basic)
{
	CHECK_REPLACE("\\s+", NULL, "a  b   c", " ", "a b c");
	CHECK_REPLACE("x", NULL, "abc", "y", "abc");
	CHECK_REPLACE("(\\d{4})-(\\d{2})", NULL, "2021-06", "$2/$1",
		      "06/2021");
	CHECK_REPLACE("(?<y>\\d{4})", NULL, "2021", "${y}年", "2021年");
	CHECK_REPLACE("a", "i", "AaA", "b", "bbb");
	CHECK_REPLACE("", NULL, "", "", "");
	CHECK_REPLACE("x*", NULL, "ab", "-", "-a-b-");
	CHECK_REPLACE("a", NULL, "a", "$$", "$");
}
END_TEST

START_TEST(replace_chinese_and_growth)
{
	CHECK_REPLACE("社工站", NULL, "十堰社工站", "社会工作服务站",
		      "十堰社会工作服务站");
	CHECK_REPLACE("\\p{Han}", NULL, "a社b工c", "[$0]", "a[社]b[工]c");
	/* Far longer than the subject: the second call sizes the buffer. */
	CHECK_REPLACE(".", NULL, "abcd",
		      "0123456789012345678901234567890123456789",
		      "0123456789012345678901234567890123456789"
		      "0123456789012345678901234567890123456789"
		      "0123456789012345678901234567890123456789"
		      "0123456789012345678901234567890123456789");
	/* Shrinking to nothing. */
	CHECK_REPLACE("[\\s\\x{3000}]", NULL, "\xe3\x80\x80社 工\t", "",
		      "社工");
}
END_TEST

START_TEST(replace_bad_replacement)
{
	const sai_regex *re = sai_regex_cache_get(cache, "(a)", NULL, NULL);
	const char *why = NULL;

	ck_assert_ptr_null(sai_regex_replace(cache, re, "a", 1, "$2", &why));
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "group"));
	why = NULL;
	ck_assert_ptr_null(sai_regex_replace(cache, re, "a", 1, "${1", &why));
	ck_assert_ptr_nonnull(why);
	why = NULL;
	ck_assert_ptr_null(sai_regex_replace(cache, re, "a", 1, "${nope}",
					     &why));
	ck_assert_ptr_nonnull(why);
	/* No match, so the bad replacement is never used. */
	{
		char *r = sai_regex_replace(cache, re, "b", 1, "x", NULL);

		ck_assert_str_eq(r, "b");
		free(r);
	}
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("regex");
	TCase *tc = tcase_create("match");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, plain_match);
	tcase_add_test(tc, chinese_text);
	tcase_add_test(tc, ucp_classes);
	tcase_add_test(tc, flag_letters);
	tcase_add_test(tc, unknown_flag);
	tcase_add_test(tc, length_is_honoured);
	tcase_add_test(tc, match_data_grows);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, catastrophic_backtracking_hits_limit);
	tcase_add_test(tc, deep_recursion_hits_limit);
	tcase_add_test(tc, invalid_utf8_subject);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, bad_pattern_offsets);
	tcase_add_test(tc, bad_pattern_utf8);
	tcase_add_test(tc, backslash_c_refused);
	tcase_add_test(tc, null_arguments);
	suite_add_tcase(s, tc);
	tc = tcase_create("cache");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, cache_reuses_patterns);
	tcase_add_test(tc, child_reads_parent);
	tcase_add_test(tc, child_never_changes_parent);
	suite_add_tcase(s, tc);
	tc = tcase_create("replace");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, replace_basic);
	tcase_add_test(tc, replace_chinese_and_growth);
	tcase_add_test(tc, replace_bad_replacement);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
