/* SPDX-License-Identifier: Apache-2.0 */
/*
 * banned.h - functions that are easy to misuse are refused at compile time.
 * Included before every source file of the project (see Makefile.am).
 * Use snprintf, sai_strbuf_*, strtol/strtod with end checks instead.
 */
#ifndef SA_BANNED_H
#define SA_BANNED_H

/* The C library's own headers may define these functions inline (glibc
 * does for atoi and friends when optimising); take them in first, so the
 * macros below never rewrite a system header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SA_BANNED(func) sorry_##func##_is_banned_in_stationaudit

#undef strcpy
#define strcpy(x, y) SA_BANNED(strcpy)
#undef strcat
#define strcat(x, y) SA_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) SA_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) SA_BANNED(strncat)
#undef sprintf
#define sprintf(...) SA_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) SA_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) SA_BANNED(strtok)
#undef atoi
#define atoi(x) SA_BANNED(atoi)
#undef atol
#define atol(x) SA_BANNED(atol)
#undef gets
#define gets(x) SA_BANNED(gets)

#endif
