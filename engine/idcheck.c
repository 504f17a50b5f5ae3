/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idcheck.c - GB 32100 credit codes, GB 11714 organisation codes,
 * GB 11643 ID numbers, division code shapes and calendar dates.
 *
 * Everything here works on bytes with explicit lengths and looks only at
 * ASCII, so that a locale or a stray multi-byte character cannot change an
 * answer.
 */
#include "config.h"

#include <string.h>

#include "idcheck-internal.h"

/* ---- GB 32100 / GB 11714 --------------------------------------------- */

#define USCC_LEN 18
#define ORGCODE_LEN 9

/* The 31 characters of GB 32100; I, O, S, V and Z are left out because
 * they are easily confused with 1, 0, 5, U and 2. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static const int uscc_weights[USCC_LEN - 1] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

static const int orgcode_weights[ORGCODE_LEN - 1] = {
	3, 7, 9, 10, 5, 8, 4, 2,
};

/* The value of c in the GB 32100 alphabet, or -1. */
static int uscc_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = memchr(uscc_alphabet, c, sizeof(uscc_alphabet) - 1);
	return p ? (int)(p - uscc_alphabet) : -1;
}

/* The value of c in GB 11714 (0-9, then A=10 ... Z=35), or -1. */
static int orgcode_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

/* The GB 11714 check character of the first eight characters of s, or
 * '\0' when one of them is not in [0-9A-Z]. */
static char orgcode_check(const char *s)
{
	int i, v, sum = 0, c;

	for (i = 0; i < ORGCODE_LEN - 1; i++) {
		v = orgcode_value(s[i]);
		if (v < 0)
			return '\0';
		sum += v * orgcode_weights[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

int sai_orgcode_valid(const char *s, size_t len)
{
	char c;

	if (!s || len != ORGCODE_LEN)
		return 0;
	c = orgcode_check(s);
	return c != '\0' && s[ORGCODE_LEN - 1] == c;
}

static int has_lower(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return 1;
	return 0;
}

const char *sai_uscc_problem(const char *s, size_t len)
{
	int i, v, sum = 0;

	if (!s || len != USCC_LEN)
		return "a credit code has 18 characters";
	if (has_lower(s, len))
		return "a credit code is written in upper case";
	for (i = 0; i < USCC_LEN; i++)
		if (uscc_value(s[i]) < 0)
			return "a credit code uses only 0-9 and A-Z without "
			       "I, O, S, V and Z";
	for (i = 0; i < USCC_LEN - 1; i++) {
		v = uscc_value(s[i]);
		sum += v * uscc_weights[i];
	}
	if (s[USCC_LEN - 1] != uscc_alphabet[(31 - sum % 31) % 31])
		return "the check character (position 18) is wrong";
	if (!sai_orgcode_valid(s + 8, ORGCODE_LEN))
		return "positions 9-17 are not a GB 11714 organisation code "
		       "(its check character, position 17, is wrong)";
	return NULL;
}

int sai_uscc_valid(const char *s, size_t len)
{
	return sai_uscc_problem(s, len) == NULL;
}

/* ---- GB 11643 --------------------------------------------------------- */

#define ID_LEN 18

static const int id_weights[ID_LEN - 1] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
};

static int all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The value of n ASCII digits (the caller checked they are digits). */
static int digits_value(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

static int ymd_exists(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

const char *sai_idnumber_problem(const char *s, size_t len)
{
	static const char checks[] = "10X98765432";
	int i, y, m, d, sum = 0;
	char c;

	if (!s || len != ID_LEN)
		return "an ID number has 18 characters";
	if (!all_digits(s, ID_LEN - 1))
		return "the first 17 characters of an ID number are digits";
	c = s[ID_LEN - 1] == 'x' ? 'X' : s[ID_LEN - 1];
	if (c != 'X' && (c < '0' || c > '9'))
		return "the check character (position 18) is a digit or X";
	y = digits_value(s + 6, 4);
	m = digits_value(s + 10, 2);
	d = digits_value(s + 12, 2);
	if (!ymd_exists(y, m, d))
		return "positions 7-14 are not a real birth date";
	if (y < 1900)
		return "the birth date is before 1900";
	for (i = 0; i < ID_LEN - 1; i++)
		sum += (s[i] - '0') * id_weights[i];
	if (c != checks[sum % 11])
		return "the check character (position 18) is wrong";
	return NULL;
}

int sai_idnumber_valid(const char *s, size_t len)
{
	return sai_idnumber_problem(s, len) == NULL;
}

/* ---- division codes ---------------------------------------------------- */

int sai_division_code_level(const char *s, size_t len)
{
	if (!s || !(len == 2 || len == 4 || len == 6 || len == 9 ||
		    len == 12))
		return 0;
	if (!all_digits(s, len))
		return 0;
	/* Province codes start at 11; "00" is no province. */
	if (s[0] == '0' && s[1] == '0')
		return 0;
	return (int)len;
}

/* ---- dates ------------------------------------------------------------- */

/* The length of the digits at s (at most max) and their value. */
static size_t read_digits(const char *s, size_t len, size_t max, int *v)
{
	size_t n = 0;

	*v = 0;
	while (n < len && n < max && s[n] >= '0' && s[n] <= '9')
		*v = *v * 10 + (s[n++] - '0');
	return n;
}

/* A time zone after a time: Z, or +H, +HH, +HH:MM, +HHMM (YAML allows
 * one-digit hours and white space before it). */
static int zone_ok(const char *s, size_t len)
{
	size_t i = 0, n;
	int v;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len)
		return i == 0;
	if (s[i] == 'Z' || s[i] == 'z')
		return i + 1 == len;
	if (s[i] != '+' && s[i] != '-')
		return 0;
	i++;
	n = read_digits(s + i, len - i, 2, &v);
	if (n == 0 || v > 23)
		return 0;
	i += n;
	if (i < len && s[i] == ':')
		i++;
	if (i == len)
		return s[i - 1] != ':';
	n = read_digits(s + i, len - i, 2, &v);
	return n == 2 && v <= 59 && i + n == len;
}

/* The part of a date-time after the date: T or a space, H:MM or
 * H:MM:SS with optional fraction, then an optional zone. */
static int time_ok(const char *s, size_t len)
{
	size_t i = 1, n;
	int v;

	if (len < 2 || (s[0] != 'T' && s[0] != 't' && s[0] != ' '))
		return 0;
	n = read_digits(s + i, len - i, 2, &v);
	if (n == 0 || v > 23 || i + n >= len || s[i + n] != ':')
		return 0;
	i += n + 1;
	if (read_digits(s + i, len - i, 2, &v) != 2 || v > 59)
		return 0;
	i += 2;
	if (i < len && s[i] == ':') {
		i++;
		/* 60 allows a leap second. */
		if (read_digits(s + i, len - i, 2, &v) != 2 || v > 60)
			return 0;
		i += 2;
		if (i < len && s[i] == '.') {
			i++;
			n = read_digits(s + i, len - i, 9, &v);
			if (n == 0)
				return 0;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
		}
	}
	return zone_ok(s + i, len - i);
}

int sai_date_parse(const char *s, size_t len, int allow_time,
		   int *y, int *m, int *d)
{
	int yy, mm, dd;

	if (!s || len < 10 || s[4] != '-' || s[7] != '-' ||
	    !all_digits(s, 4) || !all_digits(s + 5, 2) ||
	    !all_digits(s + 8, 2))
		return 0;
	if (len > 10 && !(allow_time && time_ok(s + 10, len - 10)))
		return 0;
	yy = digits_value(s, 4);
	mm = digits_value(s + 5, 2);
	dd = digits_value(s + 8, 2);
	if (!ymd_exists(yy, mm, dd))
		return 0;
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return 1;
}

/* Howard Hinnant's days_from_civil: exact for the whole proleptic
 * Gregorian calendar, no tables, no time_t (which may be 32 bits). */
long sai_date_days(int y, int m, int d)
{
	long yy = (long)y - (m <= 2);
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long mp = (m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int sai_date_years_between(int ay, int am, int ad, int by, int bm, int bd)
{
	int years;

	if (by < ay || (by == ay && (bm < am || (bm == am && bd < ad))))
		return -sai_date_years_between(by, bm, bd, ay, am, ad);
	years = by - ay;
	/* Not yet the anniversary in year b; a 29 February birthday comes
	 * on 1 March in common years. */
	if (bm < am || (bm == am && bd < ad))
		years--;
	return years;
}
