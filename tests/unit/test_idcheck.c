/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_idcheck.c - credit codes, organisation codes, ID numbers, division
 * codes and dates, valid and invalid.
 */
#include "config.h"

#include <string.h>

#include "idcheck-internal.h"
#include "testutil.h"

#define USCC(s) sai_uscc_valid((s), strlen(s))
#define USCC_WHY(s) sai_uscc_problem((s), strlen(s))
#define ORG(s) sai_orgcode_valid((s), strlen(s))
#define ID(s) sai_idnumber_valid((s), strlen(s))
#define ID_WHY(s) sai_idnumber_problem((s), strlen(s))
#define LEVEL(s) sai_division_code_level((s), strlen(s))
#define DATE(s) sai_date_parse((s), strlen(s), 0, NULL, NULL, NULL)
#define DATETIME(s) sai_date_parse((s), strlen(s), 1, NULL, NULL, NULL)

/* ---- GB 32100 --------------------------------------------------------- */

START_TEST(uscc_valid_examples)
{
	ck_assert_int_eq(USCC("91350100M000100Y43"), 1);
	ck_assert_int_eq(USCC("91110000600037341L"), 1);
	/* A civil-affairs code (52...), built with both checks. */
	ck_assert_int_eq(USCC("52420300MJ12345610"), 1);
	ck_assert_ptr_null(USCC_WHY("91350100M000100Y43"));
}
END_TEST

START_TEST(uscc_wrong_check_character)
{
	ck_assert_int_eq(USCC("91350100M000100Y44"), 0);
	ck_assert_int_eq(USCC("91110000600037341M"), 0);
	ck_assert_ptr_nonnull(strstr(USCC_WHY("91350100M000100Y44"),
				     "position 18"));
}
END_TEST

START_TEST(uscc_wrong_length)
{
	ck_assert_int_eq(USCC(""), 0);
	ck_assert_int_eq(USCC("91350100M000100Y4"), 0);
	ck_assert_int_eq(USCC("91350100M000100Y433"), 0);
	ck_assert_int_eq(sai_uscc_valid(NULL, 0), 0);
	/* The length is checked, not the NUL: a longer buffer is cut. */
	ck_assert_int_eq(sai_uscc_valid("91350100M000100Y43xyz", 18), 1);
	ck_assert_ptr_nonnull(strstr(USCC_WHY("9135"), "18 characters"));
}
END_TEST

START_TEST(uscc_letters_not_in_alphabet)
{
	/* I, O, S, V and Z are not in the GB 32100 alphabet, wherever they
	 * stand. */
	ck_assert_int_eq(USCC("9I350100M000100Y43"), 0);
	ck_assert_int_eq(USCC("91350100O000100Y43"), 0);
	ck_assert_int_eq(USCC("91350100S000100Y43"), 0);
	ck_assert_int_eq(USCC("91350100V000100Y43"), 0);
	ck_assert_int_eq(USCC("91350100Z000100Y43"), 0);
	ck_assert_int_eq(USCC("91350100M000100YI3"), 0);
	ck_assert_int_eq(USCC("91350100M000100Y4-"), 0);
	ck_assert_ptr_nonnull(strstr(USCC_WHY("91350100Z000100Y43"),
				     "I, O, S, V and Z"));
	/* A Chinese character is bytes outside the alphabet too. */
	ck_assert_int_eq(USCC("社工站91350100M0001"), 0);
}
END_TEST

START_TEST(uscc_lower_case)
{
	ck_assert_int_eq(USCC("91110000600037341l"), 0);
	ck_assert_int_eq(USCC("91350100m000100Y43"), 0);
	ck_assert_ptr_nonnull(strstr(USCC_WHY("91110000600037341l"),
				     "upper case"));
}
END_TEST

START_TEST(uscc_embedded_organisation_code)
{
	/* Position 18 is right for the first 17, but position 17 breaks the
	 * GB 11714 check of positions 9-17. */
	ck_assert_int_eq(USCC("91350100M000100Y56"), 0);
	ck_assert_ptr_nonnull(strstr(USCC_WHY("91350100M000100Y56"),
				     "GB 11714"));
}
END_TEST

/* ---- GB 11714 --------------------------------------------------------- */

START_TEST(orgcode_checks)
{
	ck_assert_int_eq(ORG("M000100Y4"), 1);
	ck_assert_int_eq(ORG("600037341"), 1);
	ck_assert_int_eq(ORG("123456788"), 1);
	/* Check value 10 is X, 11 is 0. */
	ck_assert_int_eq(ORG("12345618X"), 1);
	ck_assert_int_eq(ORG("123456040"), 1);
	ck_assert_int_eq(ORG("123456180"), 0);
	ck_assert_int_eq(ORG("12345618x"), 0);
	ck_assert_int_eq(ORG("M000100Y5"), 0);
	ck_assert_int_eq(ORG("M000100Y"), 0);
	ck_assert_int_eq(ORG("M000100Y44"), 0);
	ck_assert_int_eq(ORG("m000100Y4"), 0);
	ck_assert_int_eq(ORG("M000-00Y4"), 0);
	ck_assert_int_eq(sai_orgcode_valid(NULL, 9), 0);
}
END_TEST

/* ---- GB 11643 --------------------------------------------------------- */

START_TEST(id_valid_examples)
{
	ck_assert_int_eq(ID("11010519491231002X"), 1);
	ck_assert_int_eq(ID("420303198506151237"), 1);
	/* A leap day. */
	ck_assert_int_eq(ID("420303200002290014"), 1);
	ck_assert_ptr_null(ID_WHY("11010519491231002X"));
}
END_TEST

START_TEST(id_lower_case_x)
{
	ck_assert_int_eq(ID("11010519491231002x"), 1);
}
END_TEST

START_TEST(id_wrong_check_character)
{
	ck_assert_int_eq(ID("110105194912310021"), 0);
	ck_assert_int_eq(ID("420303198506151230"), 0);
	ck_assert_ptr_nonnull(strstr(ID_WHY("110105194912310021"),
				     "wrong"));
	ck_assert_int_eq(ID("11010519491231002Y"), 0);
	ck_assert_ptr_nonnull(strstr(ID_WHY("11010519491231002Y"),
				     "digit or X"));
}
END_TEST

START_TEST(id_wrong_length_or_characters)
{
	ck_assert_int_eq(ID(""), 0);
	ck_assert_int_eq(ID("11010519491231002"), 0);
	ck_assert_int_eq(ID("11010519491231002X1"), 0);
	ck_assert_int_eq(ID("110105194912310"), 0);
	ck_assert_int_eq(sai_idnumber_valid(NULL, 18), 0);
	ck_assert_ptr_nonnull(strstr(ID_WHY("1101"), "18 characters"));
	ck_assert_int_eq(ID("1101051949123100XX"), 0);
	ck_assert_int_eq(ID("A1010519491231002X"), 0);
	ck_assert_ptr_nonnull(strstr(ID_WHY("A1010519491231002X"),
				     "first 17"));
}
END_TEST

START_TEST(id_bad_birth_date)
{
	/* 1949-02-30 does not exist; the check character is right for the
	 * digits, so only the date rejects it. */
	ck_assert_int_eq(ID("110105194902300020"), 0);
	ck_assert_ptr_nonnull(strstr(ID_WHY("110105194902300020"),
				     "birth date"));
	/* 2001 is not a leap year. */
	ck_assert_int_eq(ID("420303200102290010"), 0);
	ck_assert_int_eq(ID("110105194913010020"), 0);
	ck_assert_int_eq(ID("110105194900010020"), 0);
	/* Before 1900. */
	ck_assert_int_eq(ID("110105189912310023"), 0);
	ck_assert_ptr_nonnull(strstr(ID_WHY("110105189912310023"), "1900"));
}
END_TEST

/* ---- division codes ---------------------------------------------------- */

START_TEST(division_levels)
{
	ck_assert_int_eq(LEVEL("42"), 2);
	ck_assert_int_eq(LEVEL("4203"), 4);
	ck_assert_int_eq(LEVEL("420303"), 6);
	ck_assert_int_eq(LEVEL("420303001"), 9);
	ck_assert_int_eq(LEVEL("420303001001"), 12);
	ck_assert_int_eq(LEVEL("110105"), 6);
}
END_TEST

START_TEST(division_invalid)
{
	ck_assert_int_eq(LEVEL(""), 0);
	ck_assert_int_eq(LEVEL("4"), 0);
	ck_assert_int_eq(LEVEL("420"), 0);
	ck_assert_int_eq(LEVEL("42030"), 0);
	ck_assert_int_eq(LEVEL("4203030"), 0);
	ck_assert_int_eq(LEVEL("4203030010"), 0);
	ck_assert_int_eq(LEVEL("4203030010010"), 0);
	ck_assert_int_eq(LEVEL("00"), 0);
	ck_assert_int_eq(LEVEL("000000"), 0);
	ck_assert_int_eq(LEVEL("42030A"), 0);
	ck_assert_int_eq(LEVEL("42 303"), 0);
	ck_assert_int_eq(LEVEL("４２"), 0);
	ck_assert_int_eq(sai_division_code_level(NULL, 2), 0);
}
END_TEST

/* ---- dates ------------------------------------------------------------- */

START_TEST(date_parse_valid)
{
	int y = 0, m = 0, d = 0;

	ck_assert_int_eq(sai_date_parse("2021-06-15", 10, 0, &y, &m, &d), 1);
	ck_assert_int_eq(y, 2021);
	ck_assert_int_eq(m, 6);
	ck_assert_int_eq(d, 15);
	ck_assert_int_eq(DATE("2000-02-29"), 1);
	ck_assert_int_eq(DATE("2024-02-29"), 1);
	ck_assert_int_eq(DATE("0001-01-01"), 1);
	ck_assert_int_eq(DATE("9999-12-31"), 1);
	ck_assert_int_eq(DATE("1970-01-31"), 1);
}
END_TEST

START_TEST(date_parse_invalid)
{
	ck_assert_int_eq(DATE(""), 0);
	ck_assert_int_eq(DATE("2021-6-15"), 0);
	ck_assert_int_eq(DATE("2021/06/15"), 0);
	ck_assert_int_eq(DATE("20210615"), 0);
	ck_assert_int_eq(DATE("2021-06-15 "), 0);
	ck_assert_int_eq(DATE(" 2021-06-15"), 0);
	ck_assert_int_eq(DATE("2021-13-01"), 0);
	ck_assert_int_eq(DATE("2021-00-01"), 0);
	ck_assert_int_eq(DATE("2021-04-31"), 0);
	ck_assert_int_eq(DATE("2021-02-29"), 0);
	ck_assert_int_eq(DATE("1900-02-29"), 0);
	ck_assert_int_eq(DATE("2021-06-00"), 0);
	ck_assert_int_eq(DATE("0000-01-01"), 0);
	ck_assert_int_eq(DATE("2021-06-1x"), 0);
	ck_assert_int_eq(DATE("2021年06月15日"), 0);
	ck_assert_int_eq(sai_date_parse(NULL, 10, 0, NULL, NULL, NULL), 0);
	/* A date-time is not a date unless asked for. */
	ck_assert_int_eq(DATE("2021-06-15T10:00:00"), 0);
}
END_TEST

START_TEST(date_parse_with_time)
{
	int y = 0, m = 0, d = 0;

	ck_assert_int_eq(sai_date_parse("2021-06-15T10:00:00", 19, 1, &y, &m,
					&d), 1);
	ck_assert_int_eq(y * 10000 + m * 100 + d, 20210615);
	ck_assert_int_eq(DATETIME("2021-06-15"), 1);
	ck_assert_int_eq(DATETIME("2021-06-15T10:00"), 1);
	ck_assert_int_eq(DATETIME("2021-06-15T10:00:00Z"), 1);
	ck_assert_int_eq(DATETIME("2021-06-15T10:00:00.123+08:00"), 1);
	ck_assert_int_eq(DATETIME("2021-06-15T10:00:00+0800"), 1);
	ck_assert_int_eq(DATETIME("2001-12-14 21:59:43.10 -5"), 1);
	ck_assert_int_eq(DATETIME("2021-06-15T"), 0);
	ck_assert_int_eq(DATETIME("2021-06-15T25:00:00"), 0);
	ck_assert_int_eq(DATETIME("2021-06-15T10:60:00"), 0);
	ck_assert_int_eq(DATETIME("2021-06-15T10:00:00+"), 0);
	ck_assert_int_eq(DATETIME("2021-06-15T10:00:00+08:"), 0);
	ck_assert_int_eq(DATETIME("2021-06-15T10:00:00 "), 0);
	ck_assert_int_eq(DATETIME("2021-06-15x"), 0);
	ck_assert_int_eq(DATETIME("2021-02-30T10:00:00"), 0);
}
END_TEST

START_TEST(date_days)
{
	ck_assert_int_eq(sai_date_days(1970, 1, 1), 0);
	ck_assert_int_eq(sai_date_days(1970, 1, 2), 1);
	ck_assert_int_eq(sai_date_days(1969, 12, 31), -1);
	ck_assert_int_eq(sai_date_days(2000, 3, 1) -
			 sai_date_days(2000, 2, 28), 2);
	ck_assert_int_eq(sai_date_days(2001, 3, 1) -
			 sai_date_days(2001, 2, 28), 1);
	ck_assert_int_eq(sai_date_days(2021, 6, 15), 18793);
	ck_assert_int_eq(sai_date_days(1, 1, 1), -719162);
	ck_assert_int_eq(sai_date_days(9999, 12, 31), 2932896);
}
END_TEST

START_TEST(date_years_between)
{
	ck_assert_int_eq(sai_date_years_between(1949, 12, 31, 2021, 12, 30),
			 71);
	ck_assert_int_eq(sai_date_years_between(1949, 12, 31, 2021, 12, 31),
			 72);
	ck_assert_int_eq(sai_date_years_between(2021, 6, 15, 2021, 6, 15),
			 0);
	ck_assert_int_eq(sai_date_years_between(2020, 6, 15, 2021, 6, 14),
			 0);
	/* A 29 February birthday comes round on 1 March in common years. */
	ck_assert_int_eq(sai_date_years_between(2000, 2, 29, 2001, 2, 28),
			 0);
	ck_assert_int_eq(sai_date_years_between(2000, 2, 29, 2001, 3, 1), 1);
	ck_assert_int_eq(sai_date_years_between(2000, 2, 29, 2004, 2, 29),
			 4);
	/* Negative when b is before a. */
	ck_assert_int_eq(sai_date_years_between(2021, 6, 15, 2011, 6, 15),
			 -10);
	ck_assert_int_eq(sai_date_years_between(2021, 6, 15, 2011, 6, 16),
			 -9);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("idcheck");
	TCase *tc = tcase_create("uscc");

	tcase_add_test(tc, uscc_valid_examples);
	tcase_add_test(tc, uscc_wrong_check_character);
	tcase_add_test(tc, uscc_wrong_length);
	tcase_add_test(tc, uscc_letters_not_in_alphabet);
	tcase_add_test(tc, uscc_lower_case);
	tcase_add_test(tc, uscc_embedded_organisation_code);
	tcase_add_test(tc, orgcode_checks);
	suite_add_tcase(s, tc);
	tc = tcase_create("id");
	tcase_add_test(tc, id_valid_examples);
	tcase_add_test(tc, id_lower_case_x);
	tcase_add_test(tc, id_wrong_check_character);
	tcase_add_test(tc, id_wrong_length_or_characters);
	tcase_add_test(tc, id_bad_birth_date);
	suite_add_tcase(s, tc);
	tc = tcase_create("division");
	tcase_add_test(tc, division_levels);
	tcase_add_test(tc, division_invalid);
	suite_add_tcase(s, tc);
	tc = tcase_create("date");
	tcase_add_test(tc, date_parse_valid);
	tcase_add_test(tc, date_parse_invalid);
	tcase_add_test(tc, date_parse_with_time);
	tcase_add_test(tc, date_days);
	tcase_add_test(tc, date_years_between);
	suite_add_tcase(s, tc);
	return s;
}

SAI_TEST_MAIN(make_suite)
