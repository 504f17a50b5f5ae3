/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idcheck-internal.h - identifier and date checks of Chinese national
 * standards, as pure functions (no allocation, no locale).
 */
#ifndef SA_IDCHECK_INTERNAL_H
#define SA_IDCHECK_INTERNAL_H

#include <stddef.h>

/* GB 32100-2015 unified social credit code: 18 characters from
 * 0123456789ABCDEFGHJKLMNPQRTUWXY with a valid check character (position
 * 18), and positions 9-17 a valid GB 11714 organisation code (its own
 * check character).  Returns 1 valid, 0 not. */
int sai_uscc_valid(const char *s, size_t len);
/* Why a code is invalid, in English, or NULL when valid. */
const char *sai_uscc_problem(const char *s, size_t len);

/* GB 11714 organisation code: 8 characters [0-9A-Z] and a check
 * character (0-9 or X), 9 in all. */
int sai_orgcode_valid(const char *s, size_t len);

/* GB 11643-1999 citizen ID number: 18 characters, 17 digits and a check
 * character (0-9 or X; lower-case x accepted), a real birth date in
 * positions 7-14 no earlier than 1900-01-01.  Returns 1 valid, 0 not. */
int sai_idnumber_valid(const char *s, size_t len);
const char *sai_idnumber_problem(const char *s, size_t len);

/* The shape of a statistical division code: the number of digits (2, 4, 6,
 * 9 or 12) when s is all ASCII digits of one of those lengths with a
 * non-zero province part, else 0. */
int sai_division_code_level(const char *s, size_t len);

/* Strict ISO 8601 calendar date YYYY-MM-DD (years 0001-9999) that exists
 * in the proleptic Gregorian calendar.  Returns 1 and fills y/m/d (any may
 * be NULL), or 0.  A date-time ("2021-06-15T10:00:00") is accepted when
 * allow_time is set, and only its date part is used. */
int sai_date_parse(const char *s, size_t len, int allow_time,
		   int *y, int *m, int *d);
/* Days from 1970-01-01 to y-m-d (negative before). */
long sai_date_days(int y, int m, int d);
/* Whole years from a to b (as an age: birthdays counted), negative when b
 * is before a. */
int sai_date_years_between(int ay, int am, int ad, int by, int bm, int bd);

#endif
