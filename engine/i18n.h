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

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(SA_TEXT_DOMAIN, s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)

#endif
