/* SPDX-License-Identifier: Apache-2.0 */
/*
 * i18n.h - message translation.
 *
 * Every message the library or the command prints goes through _() (or
 * N_() where a string is only marked and translated later).  The message
 * text in the source is English; po/zh_CN.po carries the Chinese.  The
 * library uses its own text domain so that a program embedding it keeps
 * its own.
 */
#ifndef SA_I18N_H
#define SA_I18N_H

#define SA_TEXT_DOMAIN "stationaudit"

#include "stationaudit.h"

/* sa_gettext (engine/i18n.c) binds the domain and picks the language the
 * first time it is called, then is dgettext; the command reaches it too,
 * as it is exported. */
#ifdef ENABLE_NLS
#define _(s) sa_gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
