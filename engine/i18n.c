/* SPDX-License-Identifier: Apache-2.0 */
/*
 * i18n.c - the language of messages: chosen once from the environment or
 * by sa_lang_set, then every _() is dgettext in the "stationaudit" domain.
 *
 * glibc's gettext translates nothing while LC_MESSAGES is the C locale
 * (it ignores LANGUAGE then), and the command never sets a locale; CI
 * containers have no zh_CN locale generated either.  So Chinese is chosen
 * with LANGUAGE=zh_CN over LC_MESSAGES=C.UTF-8 (built into every Debian
 * libc), and the catalogue is asked for UTF-8 whatever LC_CTYPE is.
 */
#include "config.h"

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#ifdef ENABLE_NLS
#include <libintl.h>
#endif

static pthread_once_t lang_once = PTHREAD_ONCE_INIT;
/* 1 once a language is chosen; 0: the catalogue is not used (English). */
static int translating;

const char *sa_lang_default(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (!v || !*v)
			continue;
		if (!strncmp(v, "zh", 2) || !strcmp(v, "C") ||
		    !strcmp(v, "POSIX") || !strncmp(v, "C.", 2))
			return "zh";
		return "en";
	}
	return "zh";
}

#ifdef ENABLE_NLS
/* LC_MESSAGES other than C, so that gettext reads LANGUAGE. */
static void leave_c_locale(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);

	if (cur && strcmp(cur, "C") && strcmp(cur, "POSIX"))
		return;
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		setlocale(LC_MESSAGES, "C.utf8");
}

/* 0 when the environment asks for no catalogue at all. */
static int bind_catalogue(void)
{
	const char *dir = getenv("STATIONAUDIT_LOCALEDIR");

	if (dir && !*dir)
		return 0;
	bindtextdomain(SA_TEXT_DOMAIN, dir ? dir : SA_LOCALEDIR);
	bind_textdomain_codeset(SA_TEXT_DOMAIN, "UTF-8");
	/* strerror's text comes from the C library's own catalogue ("libc"
	 * with glibc), in the character set of LC_CTYPE: in the C locale,
	 * which the command never leaves, LANGUAGE=zh_CN made every reason
	 * "?????????".  Our messages are UTF-8, so are the reasons in them. */
	bind_textdomain_codeset("libc", "UTF-8");
	return 1;
}

static const char *apply(const char *lang)
{
	static int bound = -1;

	if (bound < 0)
		bound = bind_catalogue();
	translating = 0;
	/* Without a catalogue the process's locale is left alone. */
	if (!bound)
		return !strcmp(lang, "zh") ? "zh" : "en";
	if (!strcmp(lang, "zh")) {
		leave_c_locale();
		setenv("LANGUAGE", "zh_CN", 1);
		translating = 1;
		return "zh";
	}
	/* No English catalogue: the message ids are the English text. */
	setenv("LANGUAGE", "en", 1);
	return "en";
}
#else
static const char *apply(const char *lang)
{
	translating = 0;
	return !strcmp(lang, "zh") ? "zh" : "en";
}
#endif

static void choose_from_environment(void)
{
	apply(sa_lang_default());
}

const char *sa_lang_set(const char *lang)
{
	if (lang && strcmp(lang, "zh") && strcmp(lang, "en"))
		return NULL;
	/* Whatever happens first, the environment's choice is not applied
	 * after this one. */
	pthread_once(&lang_once, choose_from_environment);
	return lang ? apply(lang) : apply(sa_lang_default());
}

const char *sa_gettext(const char *msgid)
{
	pthread_once(&lang_once, choose_from_environment);
#ifdef ENABLE_NLS
	if (translating)
		return dgettext(SA_TEXT_DOMAIN, msgid);
#endif
	return msgid;
}
